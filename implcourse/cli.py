"""The ``implcourse`` command.

``implcourse lab``
    Open JupyterLab on the course at ``notebooks/00_start_here.ipynb``, from
    any working directory. Options it does not know (``--no-browser``,
    ``--port 8899``, ``--allow-root`` ...) go to JupyterLab unchanged.

    In a source checkout the course opens where it is. From an installed
    wheel, the notebooks are first copied into a workspace folder
    (``~/implcourse`` or ``--workspace``); files already there are never
    overwritten, so a learner's edits are safe.

``implcourse progress``
    Print the learner's progress, weakest topics first, and the next step.
    ``--export csv FILE`` writes every recorded event to a CSV file (for a
    trainer); ``--reset`` deletes every record after the learner types
    ``yes`` (with no input, nothing is deleted).

``implcourse check-content PATH [PATH ...]``
    Check a trainer's own content files (a file, or every ``.csv``, ``.yml``
    and ``.yaml`` file of a folder): every problem, with its file, row or
    line, field and what was expected. Exit status 0 when all are valid, 1
    when any problem is found, 2 for a path that does not exist. See
    :mod:`implcourse.content_check`.

``implcourse student-edition OUTDIR [--force] [--source FOLDER]``
    Write the participant edition: trainer notes and solution cells removed,
    outputs and widget state cleared, and the package closed-book there
    (*Show solution* says the trainer has the worked solutions). See
    :mod:`implcourse.editions`.

``implcourse handouts OUTDIR [--lesson NN ...] [--force]``
    Write print-ready handouts: the formula sheet, every lesson as static
    HTML, a quiz per lesson with its answer key, the agendas and the pre- and
    post-test forms. See :mod:`implcourse.handouts`.

``implcourse slides LESSON|all OUTDIR [--force]``
    Make reveal.js slide decks that work offline: code hidden unless tagged
    ``show-code``, one slide per tool, trainer notes as speaker notes. See
    :mod:`implcourse.slides`.

``implcourse dashboard NAME [--port N] [--no-browser]`` and ``implcourse dashboard --list``
    Serve one tool family as a dashboard to project, with Voila on
    127.0.0.1. See :mod:`implcourse.dashboards`.

``implcourse learning-gain FILE [FILE ...] [--by topic|lesson] [--csv OUT]``
    The learning gain per topic from participants' exported progress files
    (pre-test form A, post-test form B). See :mod:`implcourse.prepost`.

``implcourse --version``
    Print the version.

Whatever goes wrong, the user sees one plain line, never a traceback: a
problem with the input or a content file (exit 1), a folder that cannot be
written (a full disk, no permission; exit 1, naming the folder), Ctrl+C
(exit 130). Output never fails on a terminal that can only show ASCII:
other characters are written as escapes. Set ``IMPLCOURSE_DEBUG=1`` to see
the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import __version__

__all__ = ["main", "prepare_workspace"]

START = Path("notebooks") / "00_start_here.ipynb"

#: Exit statuses.
OK, PROBLEMS, USAGE, INTERRUPTED = 0, 1, 2, 130

#: The trainer's commands, each in the module of its subject. Each module has
#: ``add_command(commands)``, which adds its subparser (with ``run`` set to a
#: function taking the parsed options and returning an exit status). They are
#: imported when the parser is built, so each keeps its heavy imports
#: (nbconvert, voila) inside the function that runs the command.
TRAINER_COMMANDS = ("implcourse.editions", "implcourse.handouts", "implcourse.slides",
                    "implcourse.dashboards", "implcourse.prepost")


def _safe_streams() -> None:
    """Never fail on a character the terminal cannot show (an ASCII-only
    terminal, LANG=C, a pipe with a narrow encoding): write it as an escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or detached stream
                pass


def _say_problem(message: str) -> None:
    try:
        print(f"implcourse: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr itself is gone: nothing more can be said
        pass


def _folder_problem(err: OSError, folder: str | Path | None = None) -> str:
    """One plain line for an OSError: the folder (or file) and what went wrong."""
    reason = err.strerror or str(err) or type(err).__name__
    if err.errno == errno.ENOSPC:
        reason = "the disk is full (no space left on the device)"
    elif err.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    elif err.errno == errno.EROFS:
        reason = "the disk is read-only"
    if folder is not None:
        return f"cannot write in the folder '{folder}': {reason}"
    if err.filename:
        name = Path(str(err.filename))
        parent = name if name.is_dir() else name.parent
        return f"cannot read or write '{name}' in the folder '{parent}': {reason}"
    return f"a file could not be read or written: {reason}"


class WorkspaceError(OSError):
    """The workspace folder cannot be used (it is a file, or cannot be written)."""


def prepare_workspace(workspace: str | Path | None = None) -> Path:
    """The folder JupyterLab opens: the checkout itself, or a filled workspace.

    Parameters
    ----------
    workspace : str or Path, optional
        Where to copy the notebooks when the course runs from an installed
        wheel (default ``~/implcourse``). Ignored in a source checkout, but
        still checked.

    Returns
    -------
    Path
        A folder with ``notebooks/00_start_here.ipynb`` inside.

    Raises
    ------
    TypeError
        If ``workspace`` is not a string or a path.
    ValueError
        If ``workspace`` is an empty string or names a file, not a folder.
    OSError
        If the notebooks cannot be copied into it (a full disk, no
        permission); the error names the folder.

    Examples
    --------
    >>> prepare_workspace("")
    Traceback (most recent call last):
    ...
    ValueError: workspace must name a folder, got ''
    """
    from .content import course_root
    from .validation import shown

    if workspace is not None:
        if isinstance(workspace, bool) or not isinstance(workspace, (str, os.PathLike)):
            raise TypeError(f"workspace must be a folder name (str or Path), got "
                            f"{type(workspace).__name__} {shown(workspace)}")
        if not str(workspace).strip():
            raise ValueError(f"workspace must name a folder, got {shown(str(workspace))}")
        if Path(workspace).expanduser().exists() and not Path(workspace).expanduser().is_dir():
            raise ValueError(f"workspace must be a folder, but {shown(str(workspace))} is a "
                             f"file")
    root = course_root()
    if root.name != "_course":  # a source checkout: open it in place
        return root
    target = Path(workspace).expanduser() if workspace else Path.home() / "implcourse"
    source = root / "notebooks"
    try:
        for path in sorted(source.rglob("*")):
            if path.is_dir() or "checkpoint" in path.as_posix():
                continue
            destination = target / "notebooks" / path.relative_to(source)
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
    except OSError as err:
        raise WorkspaceError(err.errno or errno.EIO, err.strerror or str(err),
                             str(workspace if workspace else target)) from None
    return target


def _lab(options: argparse.Namespace, passthrough: list[str]) -> int:
    root = prepare_workspace(options.workspace)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               *passthrough, START.as_posix()]
    print(f"Opening the course at {START.as_posix()} (stop the server with Ctrl+C).",
          flush=True)
    os.chdir(root)
    if os.name == "posix":
        # Replace this process, so the server's PID is the one the user started
        # and signals (Ctrl+C, kill) reach it directly.
        os.execv(sys.executable, command)
    return subprocess.call(command)  # pragma: no cover - Windows


def _progress(options: argparse.Namespace, __: list[str]) -> int:
    from . import progress

    if options.reset and options.export:
        _say_problem("progress: use --export or --reset, not both")
        return USAGE
    store = progress.ProgressStore()
    if options.export:
        kind, file = options.export
        if kind.lower() != "csv":
            _say_problem(f"progress: --export can write csv only, got {kind!r}")
            return USAGE
        events = store.events()
        events.to_csv(Path(file).expanduser(), index=False, date_format="%Y-%m-%dT%H:%M:%S.%fZ")
        print(f"Wrote {len(events)} event{'s' if len(events) != 1 else ''} to {file}.")
        if progress.skipped_note(store):
            print(progress.skipped_note(store))
        return OK
    if options.reset:
        return _reset_progress(store)
    table = progress.report(store)
    if table is not None:
        print(table)
        print()
    note = progress.skipped_note(store)
    if note:
        print(note)
        print()
    print(progress.next_step(store))
    return OK


def _reset_progress(store) -> int:
    import warnings

    from . import progress

    print(f"This deletes every result recorded in {store.location}.")
    print("Type yes to confirm: ", end="", flush=True)
    try:
        answer = sys.stdin.readline() if sys.stdin is not None else ""
    except (OSError, ValueError):
        answer = ""
    if not answer:
        print()
        print("No answer was given: nothing was deleted.")
        return PROBLEMS
    if answer.strip().lower() != "yes":
        print("Nothing was deleted.")
        return OK
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        store.reset()
    problems = [str(w.message) for w in caught if issubclass(w.category,
                                                             progress.ProgressWarning)]
    if problems:
        _say_problem(problems[0].replace("Your progress is not being saved",
                                         "nothing was deleted"))
        return PROBLEMS
    print("Your progress was reset: nothing is recorded now.")
    return OK


def _check_content(options: argparse.Namespace, _: list[str]) -> int:
    from . import content_check

    missing = [p for p in options.paths if not p.strip() or not Path(p).expanduser().exists()]
    if missing:
        for path in missing:
            _say_problem(f"check-content: no such file or folder: {path!r}")
        return USAGE
    results = content_check.check_paths(options.paths, options.kind)
    errors = 0
    for shown_as, kind, problems in results:
        label = content_check.KINDS[kind].label if kind in content_check.KINDS else ""
        if problems:
            errors += len(problems)
            for problem in problems:
                print(problem)
        elif not options.quiet:
            print(f"OK  {shown_as} ({label})")
    files_ok = sum(1 for _, _, problems in results if not problems)
    if not results:
        print("No content files (.csv, .yml, .yaml) found in " + ", ".join(options.paths))
        return PROBLEMS
    if not options.quiet or errors:
        print(f"Checked {len(results)} file{'s' if len(results) != 1 else ''}: {files_ok} OK, "
              f"{errors} problem{'s' if errors != 1 else ''}.")
    return PROBLEMS if errors else OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="implcourse", description="The implcourse course kit.")
    parser.add_argument("--version", action="version", version=f"implcourse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    lab = commands.add_parser(
        "lab", help="open the course in JupyterLab",
        description="Open JupyterLab at notebooks/00_start_here.ipynb. Other options "
                    "(--no-browser, --port N, --allow-root, ...) are passed to JupyterLab.")
    lab.add_argument("--workspace", help="where to copy the notebooks when running from an "
                     "installed wheel (default ~/implcourse)")
    lab.set_defaults(run=_lab)
    prog = commands.add_parser(
        "progress", help="show my progress, weakest topics first",
        description="Show your progress per topic, weakest first, and what to study next.")
    prog.add_argument("--export", nargs=2, metavar=("FORMAT", "FILE"),
                      help="write every recorded event to FILE; FORMAT is csv")
    prog.add_argument("--reset", action="store_true",
                      help="delete every recorded result (asks you to type yes first)")
    prog.set_defaults(run=_progress)
    from .content_check import KINDS  # names only; the models load when a file is checked

    check = commands.add_parser(
        "check-content", help="check your own content files (a file or a folder)",
        description="Check content files for the course: risk registers, plans, "
                    "estimates, business cases, decision trees, phases, checklists, "
                    "question banks and the other files of datasets/. Every problem is "
                    "listed with its file, row or line, field and what was expected. "
                    "Exit status: 0 all valid, 1 problems found, 2 a path does not exist.")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="a .csv, .yml or .yaml file, or a folder (searched with its "
                            "subfolders)")
    check.add_argument("--kind", choices=sorted(KINDS), metavar="KIND",
                       help="check every file as this kind instead of recognising it; one of "
                            + ", ".join(sorted(KINDS)))
    check.add_argument("--quiet", "-q", action="store_true",
                       help="print only the problems (and the summary when there are any)")
    check.set_defaults(run=_check_content)
    import importlib

    for name in TRAINER_COMMANDS:
        importlib.import_module(name).add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``implcourse`` console script.

    Returns the exit status: 0 done, 1 a problem (reported in one plain
    line), 2 a usage error, 130 interrupted.
    """
    _safe_streams()
    try:
        parser = _parser()
        options, rest = parser.parse_known_args(argv)
        if options.command is None:
            parser.print_help()
            return OK
        if rest and options.command != "lab":
            parser.error(f"unrecognised arguments: {' '.join(rest)}")
        return options.run(options, rest)
    except KeyboardInterrupt:
        return INTERRUPTED
    except SystemExit as stop:  # argparse: --help, --version, usage errors
        return stop.code if isinstance(stop.code, int) else (OK if stop.code is None
                                                              else USAGE)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing to say
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the final flush
        except OSError:
            pass
        return OK
    except WorkspaceError as err:
        _say_problem(_folder_problem(err, err.filename)
                     + "; choose another folder with --workspace")
        return PROBLEMS
    except OSError as err:
        _say_problem(_folder_problem(err))
        return PROBLEMS
    except (ValueError, TypeError) as err:  # ContentError is a ValueError
        _say_problem(str(err))
        return PROBLEMS
    except Exception as err:  # noqa: BLE001 - a bug of ours: one line, never a traceback
        if os.environ.get("IMPLCOURSE_DEBUG"):
            raise
        _say_problem(f"unexpected error ({type(err).__name__}: {err}); please report it, "
                     "and set IMPLCOURSE_DEBUG=1 to see the details")
        return PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
