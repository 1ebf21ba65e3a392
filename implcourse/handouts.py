"""The trainer's handouts: print-ready HTML for the whole course, in one folder.

``implcourse handouts OUTDIR`` (or ``python3 course.py handouts OUTDIR``)
writes:

- ``index.html``, linking everything below;
- ``formula_sheet.html``: every formula the course teaches, each with a
  worked line computed by the package (:mod:`implcourse.formulas`);
- ``lessons/NN_name.html``: each lesson as a static page for reading and
  printing, made with nbconvert from the committed (executed) notebook: no
  code, no trainer notes, no solution cells, and each interactive tool
  replaced by a short note (a static page cannot run it) beside the task it
  sets, so an exercise still reads as a task;
- ``quizzes/NN_quiz.html`` and ``quizzes/NN_answer_key.html``: a printable
  quiz per lesson with questions in the bank, and its separate answer key
  (:func:`implcourse.printable.lesson_quiz`);
- ``agendas/NAME.html``: the workshop agendas (:mod:`implcourse.agenda`);
- ``forms/form_A.html``, ``forms/form_B.html`` and their answer keys: the
  pre- and post-test (:func:`implcourse.prepost.form_html`);
- ``trainer/NAME.html``: each page of the facilitator's folder
  (``notebooks/trainer/*.md``: the guide, the group exercises with their role
  cards and answer keys, the evaluation form), each section handed out to
  participants starting a new printed page; and ``trainer/NN_trainer_notes.html``:
  a lesson's trainer notes (its cells tagged ``trainer``) under their section
  headings (:func:`trainer_pages`). These hold answer keys: not for participants.

Every page uses the handouts' print style (:func:`implcourse.printing.page`):
A4, tables and figures never split, headings kept with what follows. No page
loads anything from the network: no scripts at all, images embedded, and
mathematics written as MathML, which browsers draw themselves.

Examples
--------
>>> import tempfile
>>> report = write_handouts(tempfile.mkdtemp(), lessons=["07"])  # doctest: +SKIP
>>> print(report)  # doctest: +SKIP
Handouts: formula sheet, 1 lesson, 1 quiz with its answer key, 3 agendas, ...
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .printing import escape, page
from .validation import shown

__all__ = ["write_handouts", "HandoutsReport", "HandoutsError", "lesson_html", "LESSON_CSS",
           "REMOVED_TAGS", "TRAINER_CSS", "trainer_doc_html", "trainer_notes_html"]

#: Cells with any of these tags are left out of a lesson's page.
REMOVED_TAGS = frozenset({"trainer", "solution"})

_WIDGET = "application/vnd.jupyter.widget-view+json"
_TOOL_NAME = re.compile(r"^\[(?P<name>.+?): an interactive tool\b")

#: What a lesson page adds to the shared print style (nbconvert's "basic"
#: template gives bare cells with these classes).
LESSON_CSS = """
.anchor-link { display: none; }
.prompt, .input_prompt, .output_prompt { display: none; }
.output_area pre, .output_text pre { background: #f6f6f6; padding: 0.4em; }
.output_png img, .output_area img { display: block; max-width: 100%; margin: 0.3em auto; }
th { overflow-wrap: break-word; }
.rendered_html table, .output_html table { width: auto; max-width: 100%; font-size: 0.85em; }
.output_html th, .output_html td { padding: 0.2em 0.3em; }
@media print { .output_html table { font-size: 0.72em; } }
.tool-note { border: 1px dashed #777; padding: 0.35em 0.6em; margin: 0.4em 0; color: #333;
             font-size: 0.92em; break-inside: avoid; page-break-inside: avoid; }
blockquote { border-left: 3px solid #999; margin: 0.6em 0; padding: 0 0 0 0.8em; }
math[display="block"] { display: block; margin: 0.5em 0; }
"""


#: The agendas' tables: short columns (times, minutes, lesson) never break
#: inside a word; only the "What" column wraps, between words.
AGENDA_CSS = """
th, td { overflow-wrap: break-word; }
td:nth-child(-n+3), th:nth-child(-n+3), td:last-child, th:last-child { white-space: nowrap; }
"""


#: The trainer's pages: a section handed out to participants starts a new
#: printed page, and so does the section after it.
TRAINER_CSS = """
h2.handout, h2.after-handout { break-before: page; page-break-before: always; }
h3 { break-after: avoid; page-break-after: avoid; }
.trainer-only { border: 1px solid #999; padding: 0.3em 0.6em; font-size: 0.9em; }
"""

#: Headings (``## ``) of a group exercise's sections that are handed out.
HANDOUT_SECTIONS = re.compile(r"^(Instructions for participants|Role cards|Slips to hand out)\b")


class HandoutsError(ValueError):
    """Handouts that cannot be written (the message is one plain line)."""


@dataclass(frozen=True)
class HandoutsReport:
    """What :func:`write_handouts` wrote.

    Attributes
    ----------
    outdir : Path
        The folder.
    files : tuple of str
        Every file written, relative to ``outdir`` (``/``-separated).
    lessons, quizzes, agendas, forms : int
        How many lessons, quizzes (each with its key), agendas and test
        forms (each with its key).
    trainer : int
        How many trainer pages (facilitator's folder and lesson notes).
    """

    outdir: Path
    files: tuple[str, ...]
    lessons: int
    quizzes: int
    agendas: int
    forms: int
    trainer: int = 0

    def __str__(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        keys = "its answer key" if self.quizzes == 1 else "their answer keys"
        return (f"Handouts: formula sheet, {n(self.lessons, 'lesson', 'lessons')}, "
                f"{n(self.quizzes, 'quiz', 'quizzes')} with {keys}, "
                f"{n(self.agendas, 'agenda', 'agendas')}, "
                f"{n(self.forms, 'test form', 'test forms')} with their answer keys, "
                f"{n(self.trainer, 'trainer page', 'trainer pages')} "
                f"({n(len(self.files), 'file', 'files')}).")


# --------------------------------------------------------------------------
# Lessons as static pages
# --------------------------------------------------------------------------

def _math_to_mathml(text: str) -> str:
    """``$...$`` and ``$$...$$`` in a markdown cell written as MathML (no script
    needed to show it). Left as TeX if the converter is missing or fails."""
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - an optional dependency
        return text

    def mathml(tex: str, display: str) -> str:
        try:
            out = convert(tex.strip(), display=display)
        except Exception:  # noqa: BLE001 - keep the TeX readable rather than fail
            return escape(tex)
        return out.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")

    text = re.sub(r"\$\$(.+?)\$\$", lambda m: "\n\n" + mathml(m.group(1), "block") + "\n\n",
                  text, flags=re.S)
    return re.sub(r"(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])",
                  lambda m: mathml(m.group(1), "inline"), text)


def _tool_note(output) -> None:
    """Replace a widget view by a note, keeping the task text it carries."""
    data = output.get("data", {})
    plain = data.get("text/plain", "")
    match = _TOOL_NAME.match(plain if isinstance(plain, str) else "".join(plain))
    name = match.group("name") if match else "a tool of the lesson"
    note = (f"<div class=\"tool-note\"><strong>Interactive tool:</strong> {escape(name)}; "
            "open the lesson in JupyterLab to use it.</div>")
    task = data.get("text/markdown")
    if task:
        from nbconvert.filters.markdown import markdown2html

        task_md = task if isinstance(task, str) else "".join(task)
        task_md = task_md.replace("*The answer form appears here when the cell runs.*", "")
        note = markdown2html(task_md) + note
    output["data"] = {"text/html": note}
    output.pop("metadata", None)
    output["metadata"] = {}


def _static_notebook(path: Path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells
                if not REMOVED_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _math_to_mathml(cell.source)
        elif cell.cell_type == "code":
            if "learner_seed(" in cell.source:  # a participant's own number: not for print
                cell.outputs = []
            for output in cell.get("outputs", []):
                if _WIDGET in output.get("data", {}):
                    _tool_note(output)
    nb.metadata.pop("widgets", None)  # no widget manager script on the page
    return nb


def _linked(body: str, names: dict[str, str]) -> str:
    """Links between lessons point at their pages instead of the notebooks."""
    def swap(match: re.Match) -> str:
        target = match.group(2)
        stem = target.rsplit("/", 1)[-1][:-len(".ipynb")]
        return f"{match.group(1)}{names[stem]}" if stem in names else match.group(0)

    return re.sub(r'(href=")([^"#]*?\.ipynb)(?=["#])', swap, body)


def lesson_html(lesson: str) -> str:
    """One lesson as a static, printable HTML page.

    The committed notebook, executed, through nbconvert's ``basic`` HTML
    template: no code input, no cell tagged ``trainer`` or ``solution``, each
    interactive tool replaced by a note (with the task it sets, for an
    exercise), mathematics as MathML, and no script.

    Parameters
    ----------
    lesson : str
        A lesson id of the course map, such as ``"05"``.

    Examples
    --------
    >>> html = lesson_html("07")
    >>> html.startswith("<!DOCTYPE html>") and "<script" not in html
    True
    >>> "Trainer notes" in html, "Interactive tool:" in html
    (False, True)
    """
    from nbconvert import HTMLExporter

    from . import content, course
    from .validation import check_str

    lesson = check_str("lesson", lesson)
    ids = [item.id for item in course.load_course()]
    if lesson not in ids:
        raise ValueError(f"lesson must be a lesson id of the course, one of {', '.join(ids)}; "
                         f"got {shown(lesson)}")
    info = course.get_lesson(lesson)
    path = content.notebooks_dir() / info.notebook
    if not path.is_file():
        raise HandoutsError(f"the course's notebook {info.notebook} is missing; reinstall the "
                            "course")
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(_static_notebook(path))
    names = {Path(item.notebook).stem: f"{Path(item.notebook).stem}.html"
             for item in course.load_course()}
    body = _linked(body, names)
    return page(info.label, body, css=LESSON_CSS)


# --------------------------------------------------------------------------
# The trainer's pages
# --------------------------------------------------------------------------

_TRAINER_NOTE = ('<p class="trainer-only meta">For the trainer: this page holds answer keys '
                 'and notes. Hand out only the sections that start their own page.</p>')


def _trainer_links(body: str) -> str:
    """Links of a trainer page point at the handouts' pages: a lesson notebook at
    its page in ``lessons/``, another trainer file at its page here."""
    def swap(match: re.Match) -> str:
        target, anchor = match.group(2), match.group(3) or ""
        stem = target.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if target.endswith(".ipynb"):
            return f'{match.group(1)}../lessons/{stem}.html{anchor}"'
        if target.endswith(".md") and "/" not in target:
            return f'{match.group(1)}{stem}.html{anchor}"'
        return match.group(0)

    return re.sub(r'(href=")([^"#:]*?\.(?:ipynb|md))(#[^"]*)?"', swap, body)


def _trainer_files() -> list[Path]:
    from . import content

    folder = content.notebooks_dir() / "trainer"
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not files:
        raise HandoutsError("the course's trainer folder (notebooks/trainer) is missing; "
                            "reinstall the course")
    return files


def trainer_doc_html(name: str) -> str:
    """A page of the facilitator's folder (``notebooks/trainer/NAME.md``) as a
    printable HTML page.

    In a group exercise, each section handed out to participants (instructions,
    role cards, slips) starts a new printed page, and so does the section after
    it, so that a handout never shares a sheet with the answer key.

    Parameters
    ----------
    name : str
        The file's name without ``.md``, such as ``"group_go_no_go"``.

    Examples
    --------
    >>> html = trainer_doc_html("group_go_no_go")
    >>> '<h2 class="handout">Role cards' in html and "<script" not in html
    True
    """
    import mistune

    from .validation import check_choice

    files = {path.stem: path for path in _trainer_files()}
    name = check_choice("name", name, sorted(files))
    text = files[name].read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)  # the generated blocks' markers
    body = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])(text)

    previous = [False]

    def mark(match: re.Match) -> str:
        handout = bool(HANDOUT_SECTIONS.match(match.group(1)))
        after = previous[0] and not handout
        previous[0] = handout
        cls = ' class="handout"' if handout else ' class="after-handout"' if after else ""
        return f"<h2{cls}>{match.group(1)}</h2>"

    body = re.sub(r"<h2>(.*?)</h2>", mark, body, flags=re.S)
    title_match = re.search(r"<h1>(.*?)</h1>", body, re.S)
    title = re.sub(r"<[^>]+>", "", title_match.group(1)) if title_match else name
    note = _TRAINER_NOTE if name.startswith("group_") else ""
    if note and title_match:
        body = body.replace(title_match.group(0), title_match.group(0) + note, 1)
    return page(_html_unescape(title), _trainer_links(body), css=TRAINER_CSS)


def trainer_notes_html(lesson: str) -> str:
    """A lesson's trainer notes, in order, under their section headings, as a
    printable page (they hold the Try-it answer keys: not for participants).

    Parameters
    ----------
    lesson : str
        A lesson id of the course map, such as ``"04"``.

    Examples
    --------
    >>> html = trainer_notes_html("04")
    >>> "<h1>Trainer notes: 04 " in html and html.count("Trainer notes.") > 3
    True
    """
    import nbformat
    from nbconvert.filters.markdown import markdown2html

    from . import content, course
    from .validation import check_str

    lesson = check_str("lesson", lesson)
    ids = [item.id for item in course.load_course()]
    if lesson not in ids:
        raise ValueError(f"lesson must be a lesson id of the course, one of {', '.join(ids)}; "
                         f"got {shown(lesson)}")
    info = course.get_lesson(lesson)
    path = content.notebooks_dir() / info.notebook
    if not path.is_file():
        raise HandoutsError(f"the course's notebook {info.notebook} is missing; reinstall the "
                            "course")
    nb = nbformat.read(path, as_version=4)
    parts = [f"<h1>Trainer notes: {escape(info.label)}</h1>",
             f'<p class="trainer-only meta">The notes of the lesson\'s trainer cells, in order '
             f'under their section headings. They hold answer keys: for the trainer only. The '
             f'lesson page is <a href="../lessons/{escape(Path(info.notebook).stem)}.html">'
             f'{escape(info.label)}</a>.</p>']
    section, shown_section = "Opening", None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "trainer" in tags:
            if section != shown_section:
                parts.append(f"<h2>{escape(section)}</h2>")
                shown_section = section
            parts.append(markdown2html(_math_to_mathml(cell.source)))
            continue
        if REMOVED_TAGS & tags:
            continue
        for line in cell.source.splitlines():
            heading = re.match(r"##\s+(.+?)\s*$", line)
            if heading:
                section = re.sub(r"[*_`]", "", heading.group(1))
    return page(f"Trainer notes: {info.label}", _linked("\n".join(parts), {}),
                css=LESSON_CSS + TRAINER_CSS)


# --------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------

def _as_path(value: object) -> Path:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"outdir must be a folder (a string or a Path), got "
                        f"{type(value).__name__} {shown(value)}")
    if not value.strip() or "\x00" in value:
        raise ValueError(f"outdir must name a folder, got {shown(value)}")
    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~someone" with no such user
        raise ValueError(f"outdir: no such home folder in {shown(value)}") from None


def _lesson_ids(lessons: object) -> list[str]:
    from .course import load_course

    ids = [item.id for item in load_course()]
    if lessons is None:
        return ids
    if isinstance(lessons, (str, bytes, dict)) or not isinstance(lessons, (list, tuple)):
        raise TypeError(f"lessons must be a list of lesson ids such as ['05'], got "
                        f"{type(lessons).__name__} {shown(lessons)}")
    chosen = []
    for item in lessons:
        if not isinstance(item, str):
            raise TypeError(f"lessons must hold lesson ids (text such as '05'); got "
                            f"{type(item).__name__} {shown(item)}")
        if item not in ids:
            raise ValueError(f"lessons: {shown(item)} is not a lesson of the course; choose "
                             f"from {', '.join(ids)}")
        if item not in chosen:
            chosen.append(item)
    if not chosen:
        raise ValueError("lessons must name at least one lesson, got an empty list")
    return [i for i in ids if i in chosen]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _check_outdir(out: Path, shown_as: str, overwrite: bool) -> None:
    from . import content

    for folder in (content.notebooks_dir(), content.datasets_dir()):
        if _inside(out, folder):
            raise HandoutsError(f"{shown_as} is inside the course's own notebooks or datasets; "
                                "choose a folder outside them")
    if out.exists() and not out.is_dir():
        raise HandoutsError(f"{shown_as} is a file, not a folder")
    if out.is_dir() and not overwrite and any(out.iterdir()):
        raise HandoutsError(f"{shown_as} already holds files; choose an empty or new folder, "
                            "or use --force to write the handouts over the ones there")


def _html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _has_questions(lesson: str) -> bool:
    from .quiz import load_bank

    try:
        return bool(load_bank(lesson=lesson))
    except (ValueError, FileNotFoundError):
        return False


def _index(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    parts = ["<h1>Course handouts</h1>",
             "<p class=\"meta\">Print each page from the browser (A4; choose <em>Save as PDF"
             "</em> for a file). Answer keys are for the trainer.</p>"]
    for title, links in sections:
        if not links:
            continue
        items = "".join(f"<li><a href=\"{escape(href)}\">{escape(text)}</a></li>"
                        for href, text in links)
        parts.append(f"<h2>{escape(title)}</h2><ul>{items}</ul>")
    return page("Course handouts", "\n".join(parts))


def write_handouts(outdir, *, lessons=None, overwrite: bool = False) -> HandoutsReport:
    """Write the course's print-ready handouts into ``outdir``.

    Parameters
    ----------
    outdir : str or Path
        The folder to write (created if needed). It must be new or empty
        unless ``overwrite`` is true, and outside the course's notebooks
        and datasets.
    lessons : list of str, optional
        Only these lessons (ids such as ``"05"``) for the lesson pages,
        quizzes and formula sheet; all by default. The agendas and the test
        forms cover the whole course and are always written.
    overwrite : bool, default False
        Write into a folder that already holds files, replacing the
        handouts there (other files are left alone).

    Returns
    -------
    HandoutsReport

    Raises
    ------
    HandoutsError
        A folder that cannot be used, with a plain message.
    TypeError, ValueError
        A bad ``outdir``, ``lessons`` or ``overwrite``, named.
    """
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite must be True or False, got {type(overwrite).__name__} "
                        f"{shown(overwrite)}")
    chosen = _lesson_ids(lessons)
    shown_as = f"outdir {shown(os.fspath(outdir))}" if isinstance(outdir, (str, os.PathLike)) \
        else "outdir"
    out = _as_path(outdir)
    _check_outdir(out, shown_as, overwrite)

    from . import agenda, course, formulas, prepost
    from .printable import lesson_quiz

    # Everything is built before the first file is written.
    pages: dict[str, str] = {}
    sheet_lessons = [i for i in chosen if i in {f.lesson for f in formulas.load_formulas()}]
    pages["formula_sheet.html"] = formulas.formula_sheet(sheet_lessons or None)
    lesson_links, quiz_links, agenda_links, form_links, trainer_links = [], [], [], [], []
    quizzes = 0
    for lesson_id in chosen:
        info = course.get_lesson(lesson_id)
        name = f"lessons/{Path(info.notebook).stem}.html"
        pages[name] = lesson_html(lesson_id)
        lesson_links.append((name, info.label))
        if _has_questions(lesson_id):
            quiz, key = lesson_quiz(lesson_id)
            pages[f"quizzes/{lesson_id}_quiz.html"] = quiz
            pages[f"quizzes/{lesson_id}_answer_key.html"] = key
            quiz_links += [(f"quizzes/{lesson_id}_quiz.html", f"{info.label}: quiz"),
                           (f"quizzes/{lesson_id}_answer_key.html",
                            f"{info.label}: answer key")]
            quizzes += 1
        notes = f"trainer/{lesson_id}_trainer_notes.html"
        pages[notes] = trainer_notes_html(lesson_id)
        trainer_links.append((notes, f"{info.label}: trainer notes"))
    for name in agenda.AGENDAS:
        plan = agenda.build(name)
        pages[f"agendas/{name}.html"] = page(plan.title, agenda.to_html(plan), css=AGENDA_CSS)
        agenda_links.append((f"agendas/{name}.html", plan.title))
    for form in prepost.FORM_NAMES:
        title = "Pre-test (form A)" if form == "A" else "Post-test (form B)"
        pages[f"forms/form_{form}.html"] = prepost.form_html(form)
        pages[f"forms/form_{form}_answer_key.html"] = prepost.form_html(form, answer_key=True)
        form_links += [(f"forms/form_{form}.html", title),
                       (f"forms/form_{form}_answer_key.html", f"{title}: answer key")]
    docs = []
    for path in _trainer_files():
        html = trainer_doc_html(path.stem)
        pages[f"trainer/{path.stem}.html"] = html
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        docs.append((f"trainer/{path.stem}.html", _html_unescape(title)))
    trainer_links = docs + trainer_links
    pages["index.html"] = _index([
        ("Formula sheet", [("formula_sheet.html", "Formula sheet")]),
        ("Lessons", lesson_links), ("Quizzes and answer keys", quiz_links),
        ("Agendas", agenda_links), ("Pre- and post-test", form_links),
        ("For the trainer (answer keys: do not hand out)", trainer_links)])

    for name, html in pages.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return HandoutsReport(out, tuple(sorted(pages)), len(lesson_links), quizzes,
                          len(agenda_links), len(prepost.FORM_NAMES), len(trainer_links))


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def add_command(commands) -> None:
    """Add ``handouts`` to the CLI's subcommands (``commands`` from
    ``ArgumentParser.add_subparsers``)."""
    parser = commands.add_parser(
        "handouts", help="write print-ready handouts (formula sheet, lessons, quizzes, "
                         "agendas, tests, trainer pages)",
        description="Write the trainer's handouts into OUTDIR as HTML pages that print "
                    "cleanly to PDF from a browser: index.html, the formula sheet, each lesson "
                    "as a static page, a quiz per lesson with its answer key, the workshop "
                    "agendas, the pre- and post-test with their keys, and the trainer's pages "
                    "(group exercises, role cards, evaluation form, each lesson's trainer "
                    "notes: answer keys, not for participants). Exit status: 0 "
                    "written, 1 a problem (such as an OUTDIR that already holds files).")
    parser.add_argument("outdir", metavar="OUTDIR",
                        help="the folder to write (new or empty, outside the course)")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that already holds files (replaces the "
                             "handouts there; other files are left alone)")
    parser.add_argument("--lesson", action="append", metavar="NN", dest="lessons",
                        help="only this lesson (repeat for more); all by default")
    parser.set_defaults(run=_run)


def _run(options, _rest) -> int:
    import sys

    from .cli import _folder_problem

    try:
        report = write_handouts(options.outdir, lessons=options.lessons,
                                overwrite=options.force)
    except (HandoutsError, ValueError, TypeError) as err:
        print(f"implcourse: handouts: {err}", file=sys.stderr, flush=True)
        return 1
    except OSError as err:
        print(f"implcourse: handouts: {_folder_problem(err, options.outdir)}",
              file=sys.stderr, flush=True)
        return 1
    print(report)
    print(f"Open {Path(options.outdir) / 'index.html'} in a browser; print any page to PDF "
          "from there.")
    return 0
