"""The participant edition: the lessons without trainer notes, answers or solutions.

``implcourse student-edition OUTDIR`` (or ``python3 course.py student-edition
OUTDIR``) writes a copy of the course's lessons for participants:

- the lessons listed in ``datasets/course.yml`` (not the trainer's or the
  dashboards' notebooks);
- every cell tagged ``trainer`` (trainer notes) or ``solution`` removed;
- every output, execution count and saved widget state cleared, so nothing a
  form or a knowledge check ever showed (a verdict, an explanation, a worked
  solution) travels with the files; the participant types their name in the
  seed cell and runs the notebook, which gives their own numbers anyway;
- a one-line note under each notebook's first cell, saying that this is the
  participant edition;
- the marker file :data:`~implcourse.exercises.CLOSED_BOOK_MARKER` in
  OUTDIR, which puts the package in closed-book mode for every notebook
  opened from there: *Show solution* and ``ex.solution()`` say that the
  trainer has the worked solutions. Hints and the knowledge checks' feedback
  (right or wrong, and why, after answering) still work.

Closed-book mode keeps worked solutions off the participant's screen; it is
not a lock (the package itself computes the solutions), so an exam is still
an exam only under supervision.

The notebooks need nothing else beside them: they import the installed
package, which reads the course's data itself.

Examples
--------
>>> import tempfile, nbformat
>>> from pathlib import Path
>>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
>>> scratch = Path(tempfile.mkdtemp())
>>> (scratch / "mine").mkdir()
>>> nb = new_notebook(cells=[new_markdown_cell("# 01 My lesson"),
...                          new_markdown_cell("Ask the room first.", metadata={"tags": ["trainer"]}),
...                          new_code_cell("6 * 7", outputs=[], execution_count=1)])
>>> nbformat.write(nb, scratch / "mine" / "01_my_lesson.ipynb")
>>> report = student_edition(scratch / "edition", source=scratch / "mine")
>>> print(report)
Participant edition: 1 notebook, 1 trainer or solution cell removed, outputs cleared.
>>> copy = nbformat.read(scratch / "edition" / "01_my_lesson.ipynb", as_version=4)
>>> [cell.source for cell in copy.cells if cell.cell_type == "code"]
['6 * 7']
>>> [cell.source[:22] for cell in copy.cells if cell.cell_type == "markdown"]
['# 01 My lesson', '*Participant edition: ']
>>> copy.cells[-1].execution_count is None and copy.cells[-1].outputs == []
True
>>> (scratch / "edition" / ".implcourse-closed-book").is_file()
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .exercises import CLOSED_BOOK_MARKER
from .validation import shown

__all__ = ["student_edition", "EditionReport", "EditionError", "REMOVED_TAGS"]

#: Cells with any of these tags are left out of the participant edition.
REMOVED_TAGS = frozenset({"trainer", "solution"})

#: The note put under each notebook's first cell (tagged ``participant-edition``).
EDITION_NOTE = ("*Participant edition: where a lesson mentions worked solutions, your trainer "
                "has them. **Check** and **Hint** work as usual; **Show solution** says so.*")

#: What the marker file says to whoever opens it.
MARKER_TEXT = """\
This folder is the participant edition of the implcourse course, made by
`implcourse student-edition`. While this file is here, notebooks opened from
this folder (or its subfolders) run the course package in closed-book mode:
the worked solutions stay with the trainer; hints still work.
"""


class EditionError(ValueError):
    """A participant edition that cannot be written (the message is one plain line)."""


@dataclass(frozen=True)
class EditionReport:
    """What :func:`student_edition` wrote.

    Attributes
    ----------
    outdir : Path
        The edition's folder.
    notebooks : tuple of str
        The notebooks written, by file name, in course order.
    removed_cells : int
        How many cells tagged ``trainer`` or ``solution`` were left out.
    cleared_outputs : int
        How many code cells had outputs that were cleared.
    """

    outdir: Path
    notebooks: tuple[str, ...]
    removed_cells: int
    cleared_outputs: int

    def __str__(self) -> str:
        n, cells = len(self.notebooks), self.removed_cells
        return (f"Participant edition: {n} notebook{'s' if n != 1 else ''}, {cells} trainer or "
                f"solution cell{'s' if cells != 1 else ''} removed, outputs cleared.")


def _as_path(name: str, value: object) -> Path:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a folder (a string or a Path), got "
                        f"{type(value).__name__} {shown(value)}")
    if not value.strip() or "\x00" in value:
        raise ValueError(f"{name} must name a folder, got {shown(value)}")
    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~someone" with no such user
        raise ValueError(f"{name}: no such home folder in {shown(value)}") from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _lesson_notebooks(source: Path | None) -> tuple[Path, list[Path]]:
    """The folder read and its notebooks: the course's lessons, or every notebook
    directly in a trainer's own folder."""
    from . import content, course

    if source is None:
        folder = content.notebooks_dir()
        paths = [folder / lesson.notebook for lesson in course.load_course()]
        missing = [p.name for p in paths if not p.is_file()]
        if missing:
            raise EditionError(f"the course's notebook {missing[0]} is missing; reinstall "
                               "the course")
        return folder, paths
    if not source.is_dir():
        raise EditionError(f"source: no such folder: {shown(str(source))}")
    paths = sorted(p for p in source.glob("*.ipynb") if p.is_file())
    if not paths:
        raise EditionError(f"source: no notebooks (.ipynb) in the folder {shown(str(source))}")
    return source, paths


def _check_outdir(outdir: Path, shown_as: str, folders: list[Path], overwrite: bool) -> None:
    # Never inside the course (or the source), and never around it either: the
    # marker file would put the course itself in closed-book mode.
    for folder in folders:
        if _inside(outdir, folder) or _inside(folder, outdir):
            raise EditionError(f"{shown_as} is inside (or holds) the course's own notebooks "
                               "or the notebooks to convert; choose a folder outside them")
    if outdir.exists() and not outdir.is_dir():
        raise EditionError(f"{shown_as} is a file, not a folder")
    if outdir.is_dir() and not overwrite and any(outdir.iterdir()):
        raise EditionError(f"{shown_as} already holds files; choose an empty or new folder, "
                           "or use --force to write over the edition's notebooks there")


def _participant_copy(path: Path) -> tuple[object, int, int]:
    """One notebook as participants get it, with the counts of what was removed."""
    import nbformat
    from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

    nb = nbformat.read(path, as_version=4)
    before = len(nb.cells)
    with_outputs = sum(1 for c in nb.cells if c.cell_type == "code" and c.get("outputs"))
    resources: dict = {}
    nb, resources = TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS)).preprocess(
        nb, resources)
    nb, resources = ClearOutputPreprocessor().preprocess(nb, resources)
    # The saved widget state is what the forms and checks last showed: it goes too.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timings, if a notebook recorded any
    removed = before - len(nb.cells)
    note = nbformat.v4.new_markdown_cell(EDITION_NOTE,
                                         metadata={"tags": ["participant-edition"]})
    nb.cells.insert(min(1, len(nb.cells)), note)
    return nb, removed, with_outputs


def student_edition(outdir, *, source=None, overwrite: bool = False) -> EditionReport:
    """Write the participant edition of the lessons into ``outdir``.

    Parameters
    ----------
    outdir : str or Path
        The folder to write (created if needed). It may not be inside the
        course's notebooks folder (or the source folder), and must be empty
        or new unless ``overwrite`` is true.
    source : str or Path, optional
        A trainer's own folder of notebooks: every ``.ipynb`` directly in it
        (not in its subfolders). By default, the course's lessons listed in
        ``datasets/course.yml``.
    overwrite : bool, default False
        Write into a folder that already holds files, replacing the
        edition's notebooks there (other files are left alone).

    Returns
    -------
    EditionReport

    Raises
    ------
    EditionError
        A folder that cannot be used, with a plain message.
    TypeError
        ``outdir`` or ``source`` is not a path, or ``overwrite`` not a bool.
    """
    import nbformat

    shown_as = str(outdir) if isinstance(outdir, (str, os.PathLike)) else ""
    out = _as_path("outdir", outdir)
    src = None if source is None else _as_path("source", source)
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite must be True or False, got {type(overwrite).__name__} "
                        f"{shown(overwrite)}")
    from . import content

    folder, paths = _lesson_notebooks(src)
    _check_outdir(out, f"outdir {shown(shown_as)}",
                  [content.notebooks_dir(), content.datasets_dir(), folder], overwrite)
    copies = [(path.name, *_participant_copy(path)) for path in paths]
    out.mkdir(parents=True, exist_ok=True)
    removed = cleared = 0
    for name, nb, gone, outputs in copies:
        nbformat.write(nb, out / name)
        removed += gone
        cleared += outputs
    (out / CLOSED_BOOK_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return EditionReport(out, tuple(name for name, *_ in copies), removed, cleared)


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def _run(options, _rest) -> int:
    import sys

    from .cli import _folder_problem

    try:
        report = student_edition(options.outdir, source=options.source,
                                 overwrite=options.force)
    except (EditionError, ValueError) as err:
        print(f"implcourse: student-edition: {err}", file=sys.stderr, flush=True)
        return 1
    except OSError as err:
        print(f"implcourse: student-edition: {_folder_problem(err, options.outdir)}",
              file=sys.stderr, flush=True)
        return 1
    print(report)
    print(f"Written to {options.outdir}: give participants this folder; in it the package "
          "is closed-book (your trainer has the solutions).")
    return 0


def add_command(commands) -> None:
    """Add ``student-edition`` to the CLI's subcommands (``commands`` from
    ``ArgumentParser.add_subparsers``)."""
    parser = commands.add_parser(
        "student-edition", help="write the participant edition of the lessons",
        description="Write the participant edition of the lessons into OUTDIR: trainer notes "
                    "and solution cells removed, every output and widget state cleared, and "
                    "the package in closed-book mode there (Show solution says the trainer "
                    "has the worked solutions; hints still work). Exit status: 0 written, "
                    "1 a problem (such as an OUTDIR that already holds files).")
    parser.add_argument("outdir", metavar="OUTDIR",
                        help="the folder to write (new or empty, outside the course)")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that already holds files (replaces the "
                             "edition's notebooks there; other files are left alone)")
    parser.add_argument("--source", metavar="FOLDER", default=None,
                        help="a folder of your own notebooks to convert instead of the "
                             "course's lessons (every .ipynb directly in it)")
    parser.set_defaults(run=_run)
