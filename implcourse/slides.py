"""Slide decks of the lessons: reveal.js through nbconvert, readable on a projector.

``implcourse slides LESSON OUTDIR`` (or ``all``) writes
``OUTDIR/NN_name.slides.html`` for a lesson, an ``index.html`` of the decks in
the folder, and the reveal.js and MathJax files the decks load
(``OUTDIR/reveal.js/``, ``OUTDIR/mathjax/``): a deck needs no network.

The deck is made from the executed lesson by :class:`SlidePreprocessor`,
then nbconvert's :class:`~nbconvert.SlidesExporter` with the course's
template and style (1280 x 720). The rules:

- **One idea per slide.** Each section (``## N. Title``) starts a slide; a
  ``###`` heading, a worked example and an exam trap each start a subslide,
  and so does text that would not fit (the continuation carries the section's
  name in small print). Long tables are cut into parts of a few rows.
- **The first slide** is the lesson's title, timing and learning objectives;
  the key points are a slide.
- **Code input is hidden** unless the cell is tagged ``show-code``
  (:data:`SHOW_CODE_TAG`); code cells with no output are left out.
- **Each interactive tool has its own slide**, titled with the tool's name:
  a static snapshot from the notebook's stored widget state (the settings it
  was run with, its result text and its chart), and a line saying where to
  run it live. An exercise's form and the knowledge check stay in the
  notebook: their slide says so (their numbers are each learner's own).
- **Trainer notes are speaker notes** (press ``S`` in a deck): the notes of
  a section go on its first slide; a chart's text alternative goes in the
  notes of its slide and in the image's ``alt``. The trainer notes hold the
  Try-it answer keys: ``implcourse slides --no-notes`` (``notes=False``)
  leaves them out, for decks to share with participants.

Examples
--------
>>> deck_name("04")
'04_risk_assessment.slides.html'
>>> deck_name("42")
Traceback (most recent call last):
...
ValueError: lesson must be one of '00', '01', ... or 'all'; got '42'
"""

from __future__ import annotations

import argparse
import copy
import html
import math
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .validation import check_str, shown

# build_all is public but not in __all__: a valid call builds every deck (about
# ten seconds), longer than the fuzz suite's time limit; its checks are
# build_slides's, and tests/test_slides.py tests them.
__all__ = ["build_slides", "deck_name", "SHOW_CODE_TAG", "TRAINER_TAG", "WIDTH", "HEIGHT",
           "MIN_FIT"]

#: Tag a code cell with this to show its input on the slide.
SHOW_CODE_TAG = "show-code"
#: Markdown cells tagged so are the trainer's notes (slide type ``notes``).
TRAINER_TAG = "trainer"
#: The slide's size in CSS pixels: a 720p projector's, so nothing is scaled.
WIDTH, HEIGHT = 1280, 720
#: How much a slide holds, in lines of body text (28 px type on 720 px).
_BUDGET = 19.0
#: Characters on one line of body text.
_LINE = 82
#: Lines an image (a chart) takes on a slide: its maximum height.
_IMAGE = 13.5
#: Lines of a tool's snapshot left for its result text (beside its chart).
_SNAPSHOT_LINES = 13.0
#: The smallest type a slide may be set in to fit, as a share of the normal size.
MIN_FIT = 0.8
#: Where the vendored reveal.js and MathJax files are, in the package.
_VENDOR = Path(__file__).parent / "_vendor"
_ASSETS = ("reveal.js", "mathjax")

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_TOOL_TEXT = re.compile(r"^\[(?P<title>.+): an interactive tool\.")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.ipynb(#[^)]*)?\)")

# --------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------


def _lesson(lesson: object):
    from .course import load_course

    lesson = check_str("lesson", lesson)
    lessons = load_course()
    for item in lessons:
        if item.id == lesson:
            return item
    known = ", ".join(repr(item.id) for item in lessons)
    raise ValueError(f"lesson must be one of {known} or 'all'; got {shown(lesson)}")


def deck_name(lesson: str) -> str:
    """The file name of a lesson's deck, ``NN_name.slides.html``.

    Parameters
    ----------
    lesson : str
        A lesson id of ``datasets/course.yml``, such as ``"04"``.

    Raises
    ------
    TypeError, ValueError
        If ``lesson`` is not a lesson id.

    Examples
    --------
    >>> deck_name("01")
    '01_implementation_lifecycle.slides.html'
    """
    return Path(_lesson(lesson).notebook).stem + ".slides.html"


def _outdir(outdir: object) -> Path:
    import os

    if isinstance(outdir, bool) or not isinstance(outdir, (str, os.PathLike)):
        raise TypeError(f"outdir must be a folder name (str or Path), got "
                        f"{type(outdir).__name__} {shown(outdir)}")
    if not str(outdir).strip():
        raise ValueError(f"outdir must name a folder, got {shown(str(outdir))}")
    path = Path(outdir).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"outdir must be a folder, but {shown(str(outdir))} is a file")
    return path


def build_slides(lesson: str, outdir: str | Path, *, notes: bool = True) -> Path:
    """Write one lesson's deck into ``outdir`` and return its path.

    The folder is created if needed; the deck, ``index.html`` (listing every
    deck in the folder) and the vendored ``reveal.js/`` and ``mathjax/``
    folders are written there, replacing files of the same names.

    Parameters
    ----------
    lesson : str
        A lesson id, such as ``"04"``.
    outdir : str or Path
        The folder for the decks.
    notes : bool, default True
        Keep the trainer's notes (cells tagged ``trainer``, with the Try-it
        answer keys) as speaker notes. ``False`` leaves them out: the deck
        to share with participants.

    Returns
    -------
    Path
        ``outdir/NN_name.slides.html``.

    Raises
    ------
    TypeError, ValueError
        If ``lesson`` is not a lesson id or ``outdir`` is not a folder name.

    Examples
    --------
    >>> build_slides("42", "decks")
    Traceback (most recent call last):
    ...
    ValueError: lesson must be one of '00', '01', ... or 'all'; got '42'
    """
    item = _lesson(lesson)
    folder = _outdir(outdir)
    notes = _check_notes(notes)
    folder.mkdir(parents=True, exist_ok=True)
    _copy_assets(folder)
    path = folder / deck_name(item.id)
    path.write_text(_deck_html(item, notes=notes), encoding="utf-8")
    _write_index(folder)
    return path


def build_all(outdir: str | Path, *, notes: bool = True) -> list[Path]:
    """Write the deck of every lesson of the course map into ``outdir``.

    Returns the decks' paths, in course order; ``index.html`` lists them.
    See :func:`build_slides` (``notes=False`` leaves the trainer notes out).

    Examples
    --------
    >>> build_all(3)
    Traceback (most recent call last):
    ...
    TypeError: outdir must be a folder name (str or Path), got int 3
    """
    from .course import load_course

    folder = _outdir(outdir)
    notes = _check_notes(notes)
    folder.mkdir(parents=True, exist_ok=True)
    _copy_assets(folder)
    paths = []
    for item in load_course():
        path = folder / deck_name(item.id)
        path.write_text(_deck_html(item, notes=notes), encoding="utf-8")
        paths.append(path)
    _write_index(folder)
    return paths


def _check_notes(notes: object) -> bool:
    if not isinstance(notes, bool):
        raise TypeError(f"notes must be True or False, got {type(notes).__name__} "
                        f"{shown(notes)}")
    return notes


def _copy_assets(folder: Path) -> None:
    for name in _ASSETS:
        source = _VENDOR / name
        if not source.is_dir():
            raise FileNotFoundError(f"the vendored files are missing from the package: "
                                    f"implcourse/_vendor/{name} (run tools/vendor_reveal.py)")
        shutil.copytree(source, folder / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("core"))
    # reveal's dist/ is stored as core/ (the repository ignores dist/ folders)
    shutil.copytree(_VENDOR / "reveal.js" / "core", folder / "reveal.js" / "dist",
                    dirs_exist_ok=True)


def _write_index(folder: Path) -> None:
    from .course import load_course
    from .printing import escape, page

    rows = []
    for item in load_course():
        name = Path(item.notebook).stem + ".slides.html"
        if (folder / name).exists():
            rows.append(f'<li><a href="{escape(name)}">{escape(item.label)}</a> '
                        f'<span class="meta">({item.minutes} min)</span></li>')
    body = ("<h1>Slide decks</h1>\n<p>Open a deck, press <b>F</b> for full screen and "
            "<b>S</b> for the speaker view with the trainer's notes; <b>Esc</b> shows every "
            "slide.</p>\n<ul>\n" + "\n".join(rows) + "\n</ul>\n")
    (folder / "index.html").write_text(page("Slide decks", body), encoding="utf-8")


# --------------------------------------------------------------------------
# The exporter
# --------------------------------------------------------------------------

#: The course's slide style, for a 1280 x 720 slide. ``html:root`` outranks the
#: theme's ``:root``, and ``.reveal .slides`` selectors outrank the theme's.
CSS = """
html:root { --r-main-font: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  --r-heading-font: var(--r-main-font); --r-main-font-size: 28px; --r-main-color: #1b1b1b;
  --r-heading-color: #123a63; --r-heading-text-transform: none; --r-heading-font-weight: 700;
  --r-heading1-size: 1.75em; --r-heading2-size: 1.35em; --r-heading3-size: 1.12em;
  --r-heading-margin: 0 0 0.45em 0; --r-block-margin: 0.45em; --r-link-color: #1a5fb4;
  --r-heading-line-height: 1.15; --r-code-font: "DejaVu Sans Mono", monospace; }
body.jp-Notebook { background: #fff; }
.reveal .slides { text-align: left; }
.reveal .slides section { padding: 0; line-height: 1.3; }
.reveal .slides .jp-Cell, .reveal .slides .jp-Cell-inputWrapper, .reveal .slides .jp-InputArea,
.reveal .slides .jp-Cell-outputWrapper, .reveal .slides .jp-OutputArea-child,
.reveal .slides .jp-OutputArea-output { padding: 0; margin: 0; border: 0; display: block;
  overflow: visible; }
.reveal .slides .jp-Collapser, .reveal .slides .jp-InputPrompt,
.reveal .slides .jp-OutputPrompt { display: none; }
.reveal .slides .jp-RenderedHTMLCommon { font-size: 1em; line-height: 1.3; padding: 0;
  color: inherit; font-family: var(--r-main-font); overflow: visible; }
.reveal .slides .jp-RenderedHTMLCommon p, .reveal .slides p { margin: 0 0 0.45em 0;
  line-height: 1.3; }
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { text-align: left;
  overflow-wrap: break-word; }
.reveal .slides .jp-RenderedHTMLCommon h1 { font-size: var(--r-heading1-size); }
.reveal .slides .jp-RenderedHTMLCommon h2 { font-size: var(--r-heading2-size);
  border-bottom: 3px solid #c64600; padding-bottom: 0.15em; }
.reveal .slides .jp-RenderedHTMLCommon h3 { font-size: var(--r-heading3-size); }
.reveal .slides .jp-RenderedHTMLCommon h1, .reveal .slides .jp-RenderedHTMLCommon h2,
.reveal .slides .jp-RenderedHTMLCommon h3 { margin: 0 0 0.4em 0; line-height: 1.15;
  color: var(--r-heading-color); font-weight: 700; }
.reveal .slides ul, .reveal .slides ol { display: block; margin: 0 0 0.45em 1.2em;
  padding: 0; }
.reveal .slides li { margin: 0 0 0.25em 0; line-height: 1.3; }
.reveal .slides .jp-RenderedHTMLCommon li > p { margin: 0; }
.reveal .slides table, .reveal .slides .jp-RenderedHTMLCommon table { font-size: 0.72em;
  border-collapse: collapse; margin: 0.2em 0 0.4em 0; table-layout: auto; width: auto;
  max-width: 100%; }
.reveal .slides th, .reveal .slides td, .reveal .slides .jp-RenderedHTMLCommon th,
.reveal .slides .jp-RenderedHTMLCommon td { padding: 0.18em 0.5em; border: 0;
  border-bottom: 1px solid #c8c8c8; line-height: 1.25; vertical-align: top;
  font-size: 1em; }
.reveal .slides th, .reveal .slides .jp-RenderedHTMLCommon th { background: #eef2f6;
  font-weight: 700; }
.reveal .slides .jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #fafafa; }
.reveal .slides pre, .reveal .slides .jp-RenderedText pre { font-size: 0.7em;
  line-height: 1.3; margin: 0.2em 0 0.4em 0; padding: 0.35em 0.6em; width: auto;
  box-shadow: none; background: #f5f5f5; white-space: pre-wrap; overflow-wrap: anywhere;
  font-family: var(--r-code-font); color: #1b1b1b; border-radius: 4px; }
.reveal .slides code { font-family: var(--r-code-font); font-size: 0.88em; }
.reveal .slides .jp-CodeCell .jp-InputArea-editor { font-size: 0.62em; background: #f5f5f5;
  border: 0; margin: 0 0 0.3em 0; }
.reveal .slides img { max-width: 100%; max-height: 480px; margin: 0.2em 0; border: 0;
  box-shadow: none; background: none; }
.reveal .slides blockquote { display: block; width: auto; margin: 0.3em 0 0.5em 0;
  padding: 0.4em 0.8em; font-style: normal; background: #fbf3ec; border-left: 6px solid #c64600;
  box-shadow: none; font-size: 0.95em; }
.reveal .slides blockquote p { margin: 0 0 0.35em 0; }
.reveal .slides .implcourse-context { font-size: 0.6em; color: #5a5a5a; margin: 0 0 0.3em 0;
  letter-spacing: 0.02em; }
.reveal .slides .implcourse-part { font-size: 0.55em; color: #5a5a5a; margin: 0; }
.reveal .slides .implcourse-kicker { font-size: 0.6em; color: #c64600; font-weight: 700;
  margin: 0 0 0.2em 0; text-transform: uppercase; letter-spacing: 0.06em; }
.reveal .slides .implcourse-snapshot { display: flex; gap: 1.2em; align-items: flex-start; }
.reveal .slides .implcourse-snapshot .snap-main { flex: 1 1 40%; font-size: 0.72em;
  min-width: 0; }
.reveal .slides .implcourse-snapshot .snap-chart { flex: 1 1 60%; min-width: 0; }
.reveal .slides .implcourse-snapshot .snap-chart img { max-height: 470px; }
.reveal .slides .implcourse-snapshot table { font-size: 0.85em; }
.reveal .slides .snap-settings { color: #333; background: #eef2f6; padding: 0.3em 0.6em;
  border-radius: 4px; }
.reveal .slides .snap-live, .reveal .slides .implcourse-in-notebook { font-size: 0.7em;
  color: #1b1b1b; border-top: 1px solid #c8c8c8; padding-top: 0.3em; margin-top: 0.4em; }
.reveal .slides .implcourse-in-notebook { font-size: 0.85em; border: 0; background: #eef6ee;
  padding: 0.4em 0.7em; border-left: 6px solid #2e7d32; }
.reveal .slides .implcourse-title h1 { margin-bottom: 0.3em; }
.reveal .slides mjx-container[jax="SVG"][display="true"] { margin: 0.3em 0; }
.reveal .slide-number { font-size: 16px; }
.reveal aside.notes { display: none; }
.reveal .anchor-link, .anchor-link { display: none; }
"""

#: The template: nbconvert's reveal template with every network reference
#: replaced by the files copied next to the deck.
TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{% block html_head_js %}{% endblock html_head_js %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block html_head_js_mathjax %}
<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\(', '\\)']], displayMath: [['$$', '$$'], ['\\[', '\\]']],
        processEscapes: true},
  options: {enableMenu: false},
  svg: {fontCache: 'global'},
  startup: {typeset: true}
};
</script>
<script src="mathjax/tex-svg.js" defer></script>
{% endblock html_head_js_mathjax %}
{% block html_head_css %}
<link rel="stylesheet" href="{{ reveal_url_prefix }}/dist/reset.css">
<style type="text/css">{{ resources.implcourse_css }}</style>
{% endblock html_head_css %}
{% block footer_js %}
<script src="{{ reveal_url_prefix }}/dist/reveal.js"></script>
<script src="{{ reveal_url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, hash: true, center: false,
  transition: "{{ reveal_transition }}", slideNumber: "{{ reveal_number }}",
  width: {{ reveal_width }}, height: {{ reveal_height }}, margin: 0.04,
  plugins: [RevealNotes]
});
// The safety net under the slide budget: a slide still taller than the slide
// area is set in smaller type, never below {{ resources.implcourse_min_fit }} of the size.
// A slide whose table, picture or code block is wider than the slide (or than a
// box that would clip it) counts as too big as well.
function implcourseTooWide(slide) {
  var right = slide.getBoundingClientRect().right + 1;
  return Array.prototype.some.call(slide.querySelectorAll("table, img, pre, svg"), function (e) {
    if (e.getBoundingClientRect().right > right) { return true; }
    for (var box = e; box && box !== slide; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible") {
        return true;
      }
    }
    return false;
  });
}
function implcourseFit(slide) {
  if (!slide || slide.dataset.fitScale) { return; }
  var height = Reveal.getConfig().height, scale = 1;
  while ((slide.scrollHeight > height || implcourseTooWide(slide))
         && scale > {{ resources.implcourse_min_fit }} + 0.001) {
    scale = Math.round((scale - 0.05) * 100) / 100;
    slide.style.fontSize = (scale * 100) + "%";
  }
  slide.dataset.fitScale = String(scale);
}
function implcourseFitCurrent() {
  var fit = function () { implcourseFit(Reveal.getCurrentSlide()); };
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(fit);
  } else { fit(); }
}
Reveal.on("ready", implcourseFitCurrent);
Reveal.on("slidechanged", implcourseFitCurrent);
</script>
{% endblock footer_js %}
"""


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_loaders=[DictLoader({"implcourse_slides.html.j2": TEMPLATE})],
        template_file="implcourse_slides.html.j2",
        reveal_url_prefix="reveal.js", reveal_theme="white", reveal_transition="none",
        reveal_number="c/t", reveal_width=str(WIDTH), reveal_height=str(HEIGHT),
        exclude_input_prompt=True, exclude_output_prompt=True)
    return exporter


def _deck_html(lesson, *, notes: bool = True) -> str:
    import nbformat

    from .content import notebooks_dir

    nb = nbformat.read(notebooks_dir() / lesson.notebook, as_version=4)
    return _render(nb, lesson.id, lesson.label, notes=notes)


def _render(nb, lesson_id: str, title: str, *, notes: bool = True) -> str:
    """The deck's HTML for a notebook (a NotebookNode, not changed)."""
    nb, _ = SlidePreprocessor(lesson_id=lesson_id, notes=notes).preprocess(nb, {})
    body, _ = _exporter().from_notebook_node(
        nb, resources={"implcourse_css": CSS, "implcourse_min_fit": MIN_FIT,
                       "metadata": {"name": title}})
    return body


# --------------------------------------------------------------------------
# The preprocessor
# --------------------------------------------------------------------------

def _weight_text(text: str, line: int = _LINE) -> float:
    visible = re.sub(r"\]\([^)]*\)", "]", text)
    visible = re.sub(r"[*_`]|\\[a-z]+|<[^>]+>", "", visible)
    return sum(max(1, math.ceil(len(part) / line)) for part in visible.split("\n")
               if part.strip())


@dataclass
class _Unit:
    """One piece of a slide: a cell to emit and the room it takes."""

    cell: object
    weight: float
    kind: str = "text"          # heading, text, lead, output, tool, notes
    level: int = 0              # heading level
    new_slide: bool = False     # starts a section's slide
    new_subslide: bool = False  # starts a subslide
    alone: bool = False         # nothing else on its slide
    title: str = ""             # a heading's text
    notes_for: str = "here"     # notes: "here" or "section"
    keep: bool = False          # stays on the slide before it (the title slide)


@dataclass
class _Slide:
    units: list = field(default_factory=list)
    kind: str = "subslide"
    notes: list = field(default_factory=list)
    context: str = ""

    @property
    def weight(self) -> float:
        return sum(u.weight for u in self.units)


def _blocks(source: str) -> list[str]:
    """A markdown text cut into blocks: paragraphs, lists, headings, quotes,
    tables, display maths and fenced code, each whole."""
    blocks: list[list[str]] = [[]]
    fence = maths = False
    for line in source.split("\n"):
        stripped = line.strip()
        if not fence and not maths and _HEADING.match(line) and blocks[-1]:
            blocks.append([])
        if not fence and not maths and not stripped:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
        if stripped.startswith("```"):
            fence = not fence
        elif not fence and stripped.count("$$") % 2 == 1:
            maths = not maths
        if not fence and not maths and _HEADING.match(line):
            blocks.append([])
    merged: list[str] = []
    for block in ("\n".join(b) for b in blocks if b):
        # a loose list (items apart) stays one block when short enough
        if (merged and _LIST_ITEM.match(block) and _LIST_ITEM.match(merged[-1])
                and _weight_text(merged[-1] + "\n" + block) <= 6):
            merged[-1] += "\n\n" + block
        else:
            merged.append(block)
    return merged


def _markdown_cell(source: str, **metadata):
    from nbformat.v4 import new_markdown_cell

    cell = new_markdown_cell(source)
    cell.metadata.update(metadata)
    return cell


def _output_cell(outputs: list, source: str = "", show: bool = False):
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(source)
    cell.outputs = outputs
    cell.execution_count = None
    if not show:
        cell.metadata["transient"] = {"remove_source": True}
    return cell


def _html_weight(markup: str) -> float:
    rows = re.findall(r"<tr.*?</tr>", markup, re.S)
    if rows:
        return sum(_row_weight(r) for r in rows) + 1.2
    return _weight_text(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _table_parts(markup: str, budget: float | None = None) -> list[tuple[str, int, int, int]]:
    """A pandas table's HTML cut into parts that fit a slide: (html, first row,
    last row, rows)."""
    match = re.search(r"(<tbody>)(.*?)(</tbody>)", markup, re.S)
    if not match:
        return [(markup, 0, 0, 0)]
    rows = re.findall(r"<tr>.*?</tr>", match.group(2), re.S)
    header = re.findall(r"<tr.*?</tr>", markup[:match.start()], re.S)
    budget = (_BUDGET - 3.5 if budget is None else budget) \
        - sum(_row_weight(h) for h in header)
    parts, current, used = [], [], 0.0
    for row in rows:
        cost = _row_weight(row)
        if current and used + cost > budget:
            parts.append(current)
            current, used = [], 0.0
        current.append(row)
        used += cost
    if current:
        parts.append(current)
    if len(parts) == 1:
        return [(markup, 1, len(rows), len(rows))]
    out, first = [], 1
    for part in parts:
        html_part = (markup[:match.start()] + "<tbody>" + "".join(part) + "</tbody>"
                     + markup[match.end():])
        out.append((html_part, first, first + len(part) - 1, len(rows)))
        first += len(part)
    return out


def _row_weight(row: str, columns: int = 0) -> float:
    """The room a table row takes, in lines of body text: its tallest cell wraps in
    a column of about its share of the slide's width (table type is 0.72 of body)."""
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
    columns = max(columns, len(texts), 1)
    width = max(8.0, (_LINE / 0.72) / columns * 1.5)
    lines = max((math.ceil(len(t) / width) for t in texts if t), default=1)
    return 0.78 * lines + 0.3


class SlidePreprocessor:
    """Turn an executed lesson into the cells of its deck (see the module's rules).

    It follows nbconvert's preprocessor protocol (``preprocess(nb,
    resources)`` returns both), so it can also go in an exporter's
    ``preprocessors``.

    Parameters
    ----------
    lesson_id : str
        The lesson's id, named on the slides that send the room to the
        notebook.
    """

    def __init__(self, lesson_id: str = "", notes: bool = True) -> None:
        self.lesson_id = check_str("lesson_id", lesson_id, allow_empty=True)
        self.notes = _check_notes(notes)

    def __call__(self, nb, resources):
        return self.preprocess(nb, resources)

    # ---------------------------------------------------------------- units
    def preprocess(self, nb, resources):
        nb = copy.deepcopy(nb)
        state = (nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}) or {}).get("state", {})
        cells = list(nb.cells)
        objectives = next((c for c in cells if c.cell_type == "markdown" and re.match(
            r"#{2}\s+Learning objectives", c.source.strip())), None)
        if objectives is not None:
            objectives.metadata["implcourse_objectives"] = True
        units: list[_Unit] = []
        last_heading = ""
        for index, cell in enumerate(cells):
            tags = cell.metadata.get("tags", [])
            slide_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            if cell.cell_type == "markdown" and (TRAINER_TAG in tags or slide_type == "notes"):
                if not self.notes:
                    continue
                units.append(_Unit(_markdown_cell(cell.source), 0, kind="notes",
                                   notes_for="section"))
                continue
            if slide_type == "skip" or cell.cell_type == "raw":
                continue
            if cell.cell_type == "markdown":
                if index == len(cells) - 1 and _is_navigation(cell.source):
                    continue
                if cell.metadata.get("implcourse_objectives"):
                    continue
                cell_units = self._markdown_units(cell, slide_type)
                if objectives is not None and cell.source.lstrip().startswith("# "):
                    # the title slide: title, timing line, then the objectives
                    head = 2 if len(cell_units) > 1 and "**Teaching" in \
                        cell_units[1].cell.source else 1
                    kept = self._markdown_units(objectives, "-")
                    for unit in kept:
                        unit.keep, unit.new_subslide = True, False
                    cell_units[head:head] = kept
                    objectives = None
                for unit in cell_units:
                    if unit.kind == "heading":
                        last_heading = unit.title
                    units.append(unit)
            elif cell.cell_type == "code":
                units.extend(self._code_units(cell, state, last_heading))
        nb.cells = self._assemble(units)
        nb.metadata.pop("widgets", None)
        return nb, resources

    def _markdown_units(self, cell, slide_type: str) -> list[_Unit]:
        source = _NOTEBOOK_LINK.sub(lambda m: f"]({m.group(1)}.slides.html)", cell.source)
        blocks = [piece for block in _blocks(source) for piece in self._pieces(block)]
        objectives = cell.metadata.get("implcourse_objectives", False)
        units = []
        title_cell = bool(blocks) and blocks[0].startswith("# ")
        for i, block in enumerate(blocks):
            first_line = block.split("\n", 1)[0]
            heading = _HEADING.match(first_line) if "\n" not in block else None
            if title_cell and i == 2 and not heading:
                # the lesson's introduction: its own slide, with a title
                about = _Unit(_markdown_cell("## About this lesson"), 1.8, kind="heading",
                              level=2, title="About this lesson", new_slide=True)
                units.append(about)
            unit = _Unit(_markdown_cell(block), 0)
            if heading:
                level = len(heading.group(1))
                unit.kind, unit.level, unit.title = "heading", level, heading.group(2)
                unit.weight = {1: 2.0, 2: 1.8}.get(level, 1.4)
                if objectives and level == 2:
                    unit.cell = _markdown_cell(block.replace("## ", "### ", 1))
                    unit.weight = 1.5
                elif level <= 2:
                    unit.new_slide = True
                else:
                    unit.new_subslide = True
            else:
                unit.weight = self._block_weight(block)
                if re.match(r"\*\*Worked example[.:]?\*\*", block) or \
                        re.match(r">\s*\*\*Exam trap", block):
                    unit.new_subslide = True
                if title_cell and i >= 2:
                    unit.new_subslide = False   # under "About this lesson"
                if block.rstrip().endswith(":") and unit.weight <= 6:
                    unit.kind = "lead"   # a lead-in stays with what follows
            if i == 0 and slide_type in ("slide", "subslide") and not heading:
                unit.new_slide = slide_type == "slide"
                unit.new_subslide = slide_type == "subslide"
            units.append(unit)
        return units

    @classmethod
    def _pieces(cls, block: str) -> list[str]:
        """A block too long for a good part of a slide, cut where the text allows:
        a list between items, a quote between paragraphs, a paragraph between
        sentences; the pieces are grouped again up to about half a slide."""
        limit = _BUDGET * 0.65
        if cls._block_weight(block) <= limit or block.lstrip().startswith(("```", "$$", "|")):
            return [block]
        if _LIST_ITEM.match(block):
            parts = re.split(r"\n+(?=(?:[-*+]|\d+[.)])\s)", block)
            joiner = "\n"
        elif block.lstrip().startswith(">"):
            parts = [p for p in re.split(r"\n>\s*\n", block) if p.strip()]
            parts = [p if p.lstrip().startswith(">") else "> " + p for p in parts]
            if len(parts) == 1:
                text = re.sub(r"^>\s?", "", block, flags=re.M).replace("\n", " ")
                parts = ["> " + p for p in _sentences(text)]
            joiner = "\n>\n"
        else:
            parts = _sentences(block.replace("\n", " "))
            joiner = " "
        groups: list[str] = []
        for part in parts:
            if groups and cls._block_weight(groups[-1] + joiner + part) <= limit:
                groups[-1] += joiner + part
            else:
                groups.append(part)
        return groups

    @staticmethod
    def _block_weight(block: str) -> float:
        stripped = block.strip()
        if stripped.startswith("$$"):
            return 2.4
        if stripped.startswith("|"):
            return 0.9 * (stripped.count("\n") + 1)
        if stripped.startswith("```"):
            return 0.7 * (stripped.count("\n") + 1)
        if stripped.startswith(">"):
            return _weight_text(block, _LINE - 8) * 0.95 + 0.8
        if _LIST_ITEM.match(block):
            items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", block)
            return sum(_weight_text(item, _LINE - 4) + 0.2 for item in items) + 0.3
        return _weight_text(block) + 0.45

    def _code_units(self, cell, state: dict, heading: str) -> list[_Unit]:
        show = SHOW_CODE_TAG in cell.metadata.get("tags", [])
        source = cell.source if show else ""
        units: list[_Unit] = []
        outputs = [o for o in cell.get("outputs", [])
                   if not (o.output_type == "stream" and not o.get("text", "").strip())]
        if show:
            units.append(_Unit(_output_cell([], cell.source, show=True),
                               0.7 * (cell.source.count("\n") + 1) + 0.6, kind="output"))
            source = ""
        for i, output in enumerate(outputs):
            data = output.get("data", {})
            if _WIDGET_VIEW in data:
                units.extend(self._widget_units(cell, output, state, heading))
            elif "image/png" in data:
                alt = ""
                following = outputs[i + 1] if i + 1 < len(outputs) else None
                if following is not None and "text/markdown" in following.get("data", {}) \
                        and "image/png" not in following.get("data", {}):
                    alt = _plain(following["data"]["text/markdown"])
                picture = (f'<img src="data:image/png;base64,{_b64(data["image/png"])}" '
                           f'alt="{html.escape(alt, quote=True)}">')
                units.append(_Unit(_output_cell([_html_output(picture)], source), _IMAGE,
                                   kind="output"))
                if alt:
                    units.append(_Unit(_markdown_cell(f"**Chart (text).** {alt}"), 0,
                                       kind="notes"))
            elif "text/markdown" in data and i > 0 and \
                    "image/png" in outputs[i - 1].get("data", {}):
                continue   # a chart's text alternative: in the image's alt and the notes
            elif "text/html" in data:
                markup = data["text/html"]
                parts = _table_parts(markup) if "<table" in markup else [(markup, 0, 0, 0)]
                for markup_part, first, last, rows in parts:
                    extra = ""
                    if len(parts) > 1:
                        shown_rows = (f"Row {first}" if first == last
                                      else f"Rows {first} to {last}")
                        extra = f'<p class="implcourse-part">{shown_rows} of {rows}</p>'
                    weight = _html_weight(markup_part)
                    units.append(_Unit(_output_cell([_html_output(markup_part + extra)],
                                                    source), weight, kind="output",
                                       new_subslide=len(parts) > 1 and first > 1))
            elif "text/markdown" in data:
                # Markdown a cell printed: cut and weighed like a markdown cell's, its
                # headings kept below the section's.
                text = data["text/markdown"]
                text = text if isinstance(text, str) else "".join(text)
                text = re.sub(r"^#{1,2}(?=\s)", "###", text, flags=re.M)
                units.extend(self._markdown_units(_markdown_cell(text), "-"))
            else:
                text = output.get("text", "") or data.get("text/plain", "")
                lines = text.rstrip("\n").count("\n") + 1
                units.append(_Unit(_output_cell([output], source),
                                   0.8 * lines + 0.6, kind="output"))
            source = ""
        return units

    def _widget_units(self, cell, output, state: dict, heading: str) -> list[_Unit]:
        text = output["data"].get("text/plain", "")
        match = _TOOL_TEXT.match(text if isinstance(text, str) else "".join(text))
        lesson = f"lesson {self.lesson_id}" if self.lesson_id else "the lesson"
        if "knowledge_check(" in cell.source:
            note = (f"<p class=\"implcourse-in-notebook\"><b>In the notebook.</b> Open "
                    f"{lesson} in JupyterLab and answer the questions there: each learner "
                    f"gets their own draw, and each question has its own Check.</p>")
            return [_Unit(_output_cell([_html_output(note)]), 2.2, kind="output")]
        if re.search(r"\.form\(\)", cell.source):
            note = (f"<p class=\"implcourse-in-notebook\"><b>In your notebook.</b> Open "
                    f"{lesson}, answer the form under this heading and press <b>Check</b>. "
                    f"Your numbers are drawn from your own name, so they differ from your "
                    f"neighbour's; <b>Hint</b> helps without giving the answer away.</p>")
            return [_Unit(_output_cell([_html_output(note)]), 3.0, kind="output")]
        title = match.group("title") if match else (heading or "Interactive tool")
        model_id = output["data"][_WIDGET_VIEW].get("model_id", "")
        snapshot, captions = _snapshot(state, model_id)
        live = (f'<p class="snap-live"><b>Live:</b> open {lesson} in JupyterLab '
                f'(<code>python3 course.py lab</code>) and run this tool there.</p>')
        markup = (f'<p class="implcourse-kicker">Interactive tool</p>'
                  f"<h2>{html.escape(title)}</h2>{snapshot}{live}")
        units = [_Unit(_output_cell([_html_output(markup)]), _BUDGET, kind="tool",
                       new_subslide=True, alone=True, title=title)]
        for caption in captions:
            units.append(_Unit(_markdown_cell(f"**Chart (text).** {caption}"), 0,
                               kind="notes"))
        return units

    # ------------------------------------------------------------- assembly
    def _assemble(self, units: list[_Unit]) -> list:
        slides: list[_Slide] = []
        section_first: _Slide | None = None
        section_title = ""
        for unit in units:
            current = slides[-1] if slides else None
            if unit.kind == "notes":
                target = section_first if unit.notes_for == "section" else current
                target = target or current
                if target is None:
                    slides.append(_Slide(kind="slide"))
                    target = section_first = slides[-1]
                target.notes.append(unit)
                continue
            content = current is not None and any(u.kind != "context" for u in current.units)
            if current is None or unit.new_slide:
                slides.append(_Slide(kind="slide"))
                section_first = slides[-1]
                if unit.kind == "heading":
                    section_title = unit.title
            elif not content or unit.keep:
                pass
            elif (unit.new_subslide or unit.alone or _is_alone(current)
                  or current.weight + unit.weight > _BUDGET):
                carried = []
                forced = unit.new_subslide or unit.alone or _is_alone(current)
                if not forced:
                    # a heading or a lead-in never ends a slide: it moves on
                    while current.units and current.units[-1].kind in ("heading", "lead") \
                            and len(current.units) > 1:
                        carried.insert(0, current.units.pop())
                if carried and not any(u.kind != "context" for u in current.units):
                    slides.pop()     # only its context line was left: the slide moves on
                    slides.append(_Slide(kind=current.kind, notes=current.notes))
                    if section_first is current:
                        section_first = slides[-1]
                else:
                    slides.append(_Slide(kind="subslide"))
                first = (carried or [unit])[0]
                if first.kind != "heading" and first.kind != "tool" and section_title:
                    slides[-1].units.append(_Unit(_markdown_cell(
                        f'<p class="implcourse-context">{html.escape(section_title)}</p>'),
                        0.8, kind="context"))
                slides[-1].units.extend(carried)
            if unit.kind == "heading" and unit.level <= 2:
                section_title = unit.title
            slides[-1].units.append(unit)
        cells = []
        for number, slide in enumerate(slides):
            if not slide.units:
                continue
            for i, unit in enumerate(slide.units):
                cell = unit.cell
                kind = ("slide" if slide.kind == "slide" or number == 0 else "subslide") \
                    if i == 0 else "-"
                cell.metadata["slideshow"] = {"slide_type": kind}
                cells.append(cell)
            for note in slide.notes:
                note.cell.metadata["slideshow"] = {"slide_type": "notes"}
                cells.append(note.cell)
        return cells


def _sentences(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?;])\s+(?=[A-Z*(\[\"])", text.strip()) if p]


def _is_alone(slide: _Slide) -> bool:
    return any(u.alone for u in slide.units)


def _is_navigation(source: str) -> bool:
    return bool(re.search(r"\]\(\d\d_[a-z0-9_]+\.ipynb\)", source)) and "|" in source \
        and len(source) < 400 and "\n" not in source.strip()


def _plain(text) -> str:
    text = text if isinstance(text, str) else "".join(text)
    return re.sub(r"[*_`]", "", text).strip()


def _b64(data) -> str:
    return (data if isinstance(data, str) else "".join(data)).replace("\n", "")


def _html_output(markup: str):
    from nbformat.v4 import new_output

    return new_output("display_data", data={"text/html": markup})


# --------------------------------------------------------------------------
# A tool's snapshot from the stored widget state
# --------------------------------------------------------------------------

_CONTROLS = ("DropdownModel", "FloatSliderModel", "IntSliderModel", "FloatTextModel",
             "IntTextModel", "BoundedFloatTextModel", "BoundedIntTextModel", "CheckboxModel",
             "ToggleButtonsModel", "RadioButtonsModel", "TextModel", "SelectModel",
             "FloatRangeSliderModel", "IntRangeSliderModel", "SelectionSliderModel")


def _control_value(model: dict) -> str | None:
    name, values = model["model_name"], model["state"]
    labels = values.get("_options_labels")
    if labels is not None:
        index = values.get("index")
        if isinstance(index, int) and 0 <= index < len(labels):
            return labels[index]
        return None
    value = values.get("value")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if math.isfinite(value) and abs(value) >= 1000:
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:.4g}"
    if isinstance(value, (int, str)) and str(value).strip():
        return f"{value:,}" if isinstance(value, int) else value
    if isinstance(value, list) and len(value) == 2 and name.endswith("RangeSliderModel"):
        return f"{value[0]:g} to {value[1]:g}"
    return None


def _snapshot(state: dict, model_id: str) -> tuple[str, list[str]]:
    """The HTML of a tool's stored state (settings, result text, charts) and its
    charts' captions."""
    settings: list[str] = []
    texts: list[str] = []
    images: list[str] = []
    captions: list[str] = []

    def walk(mid: str, depth: int, in_form: bool = False) -> None:
        model = state.get(mid)
        if model is None or depth > 40:
            return
        name, values = model.get("model_name", ""), model.get("state", {})
        if name in _CONTROLS:
            value = _control_value(model)
            label = values.get("description", "")
            if value is not None and label and len(settings) < 6:
                settings.append(f"{html.escape(label)}: <b>{html.escape(str(value))}</b>")
            return
        if name == "HTMLModel":
            value = values.get("value", "") or ""
            value = re.sub(r"<(style|script)\b.*?</\1>", "", value, flags=re.S | re.I)
            plain = html.unescape(re.sub(r"<[^>]+>", " ", value)).strip()
            if "implcourse-caption" in value:
                captions.append(re.sub(r"\s+", " ", plain))
            elif len(plain) >= 25 and not in_form:
                texts.append(value)   # not a form's labels ("Year 1", "EUR")
            return
        if name == "ImageModel":
            for buffer in model.get("buffers", []):
                if buffer.get("path") == ["value"] and buffer.get("data"):
                    images.append(buffer["data"])
            return
        children = [c.replace("IPY_MODEL_", "") for c in values.get("children", [])]
        if name in ("TabModel", "AccordionModel", "StackModel") and children:
            selected = values.get("selected_index")
            children = [children[selected if isinstance(selected, int)
                                 and 0 <= selected < len(children) else 0]]
        for child in children:
            walk(child, depth + 1, in_form or name == "GridBoxModel")

    root = state.get(model_id, {})
    children = [c.replace("IPY_MODEL_", "")
                for c in root.get("state", {}).get("children", [])][1:]   # not the heading
    for child in children:
        walk(child, 0)
    parts = []
    if settings:
        parts.append('<p class="snap-settings">' + " · ".join(settings) + "</p>")
    room = _SNAPSHOT_LINES - (1.5 if settings else 0)
    for text in texts:
        if "<table" in text:
            part, first, last, rows = _table_parts(text, budget=room)[0]
            if rows > last:
                part += (f'<p class="implcourse-part">Rows {first} to {last} of {rows}: '
                         f'the rest in the live tool</p>')
            text, weight = part, _html_weight(part)
        else:
            weight = _weight_text(html.unescape(re.sub(r"<[^>]+>", " ", text)), 60) * 0.75
        if weight > room and parts:
            parts.append('<p class="implcourse-part">More in the live tool.</p>')
            break
        parts.append(text)
        room -= weight
    main = '<div class="snap-main">' + "".join(parts) + "</div>"
    chart = ""
    if images:
        alt = html.escape(captions[0] if captions else "Chart of the tool", quote=True)
        chart = (f'<div class="snap-chart"><img src="data:image/png;base64,{images[0]}" '
                 f'alt="{alt}"></div>')
    elif not texts and not settings:
        main = ('<div class="snap-main"><p>This tool draws its result when it runs: open it '
                'in the notebook.</p></div>')
    return f'<div class="implcourse-snapshot">{main}{chart}</div>', captions


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def add_command(commands) -> None:
    """Add ``slides`` to the ``implcourse`` command's subparsers."""
    parser = commands.add_parser(
        "slides", help="make reveal.js slide decks of a lesson or of all lessons",
        description="Write a lesson's slide deck (reveal.js, works offline) to OUTDIR: "
                    "NN_name.slides.html, an index.html and the reveal.js files. Code input "
                    "is hidden unless a cell is tagged show-code; each interactive tool has "
                    "its own slide; trainer notes are speaker notes (press S), or left out "
                    "with --no-notes for decks to share with participants.")
    parser.add_argument("lesson", metavar="LESSON", help="a lesson id such as 04, or all")
    parser.add_argument("outdir", metavar="OUTDIR", help="the folder for the decks")
    parser.add_argument("--force", action="store_true",
                        help="write into OUTDIR even if it already holds files")
    parser.add_argument("--no-notes", action="store_true", dest="no_notes",
                        help="leave the trainer notes (and their answer keys) out: the decks "
                             "to share with participants")
    parser.set_defaults(run=_run)


def _run(options: argparse.Namespace, _: list[str]) -> int:
    from .cli import _folder_problem, _say_problem

    lesson = options.lesson.strip()
    try:
        if lesson != "all":
            _lesson(lesson)
        folder = _outdir(options.outdir)
    except (TypeError, ValueError) as err:
        _say_problem(f"slides: {err}")
        return 1
    if folder.is_dir() and any(folder.iterdir()) and not options.force:
        _say_problem(f"slides: the folder '{options.outdir}' already holds files; choose an "
                     f"empty folder, or add --force to write the decks into it")
        return 1
    try:
        notes = not getattr(options, "no_notes", False)
        paths = build_all(folder, notes=notes) if lesson == "all" \
            else [build_slides(lesson, folder, notes=notes)]
    except OSError as err:
        _say_problem("slides: " + _folder_problem(err, options.outdir))
        return 1
    for path in paths:
        print(f"Wrote {Path(options.outdir) / path.name}")
    if notes:
        print(f"Open {Path(options.outdir) / 'index.html'} in a browser (no network needed); "
              f"press S on a deck for the speaker notes.")
        print("These decks hold your trainer notes as speaker notes: share the --no-notes "
              "build with participants.")
    else:
        print(f"Open {Path(options.outdir) / 'index.html'} in a browser (no network needed). "
              "These decks have no trainer notes: they can be shared.")
    return 0
