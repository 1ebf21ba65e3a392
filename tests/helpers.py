"""Helpers shared by several test modules (pytest puts this folder on the path).

They read what the package produces; none of them computes an expected
result, so no test can pass by agreeing with a copy of the code it tests.
"""

from __future__ import annotations

import hashlib
import html
import re

import numpy as np

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG = b"\x89PNG\r\n\x1a\n"


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the first markdown table in a text, as stripped cells."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def chart_digest(fig) -> bytes:
    """PNG signature plus a digest of what a figure draws (lines, patches and
    their colours, texts, titles) without rendering it: a fast stand-in for
    ``figure_png`` in widget tests."""
    digest = hashlib.sha256()
    for ax in fig.axes:
        for line in ax.get_lines():
            digest.update(np.asarray(line.get_xydata(), dtype=float).tobytes())
            digest.update(str(line.get_color()).encode())
        for patch in ax.patches:
            digest.update(np.asarray(patch.get_bbox().bounds, dtype=float).tobytes())
            digest.update(np.asarray(patch.get_facecolor(), dtype=float).tobytes())
        for text in ax.texts:
            digest.update(f"{text.get_text()}|{text.get_position()}|"
                          f"{text.get_fontweight()}".encode())
        digest.update(ax.get_title(loc="left").encode())
    return PNG + digest.digest()


def assert_tool_fallback(tool, title: str) -> None:
    """A projected tool: a ``Tool`` (a VBox) headed by its escaped title, whose
    text/plain is the fixed sentence naming it (never a widget repr) and whose
    widget view points at its own model."""
    import ipywidgets as w

    from implcourse.widgets.common import Tool

    assert isinstance(tool, Tool) and isinstance(tool, w.VBox)
    assert tool.title == title
    assert html.escape(title) in tool.children[0].value
    bundle = tool._repr_mimebundle_()
    text = bundle["text/plain"]
    assert text.startswith(f"[{title}:") and "00_start_here" in text
    assert "VBox(" not in text and "children" not in text
    assert bundle[WIDGET_VIEW]["model_id"] == tool.model_id
    other = Tool("Another", [w.HTML("x")])._repr_mimebundle_()["text/plain"]
    assert other == text.replace(title, "Another", 1)


def order_by_clicks(view, wanted) -> int:
    """Put an answer form's Ordering input into the order ``wanted`` (its values) by
    pressing the rows' up buttons, as a learner would; returns how many clicks it took.

    The buttons are drawn again after every move, so they are looked up each time.
    """
    wanted = list(wanted)
    clicks = 0
    for target, value in enumerate(wanted):
        position = view.order.index(value)
        while position > target:
            up, _ = view.buttons[position]
            assert not up.disabled
            up.click()
            clicks += 1
            position -= 1
            assert view.order[position] == value
    assert view.order == wanted
    return clicks


def every_exercise_class() -> list[type]:
    """Every exercise class the package ships, in every lesson's module."""
    import importlib
    import pkgutil

    import implcourse.exercises as package
    from implcourse.exercises import Exercise

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found, todo = [], list(Exercise.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def build(cls, seed: int = 4):
    """An exercise of ``cls``, with ``seed`` where its constructor takes one."""
    import inspect

    parameters = inspect.signature(cls).parameters
    return cls(seed=seed) if "seed" in parameters else cls()


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def spellings(value: float, percent: bool) -> set[str]:
    """The usual ways to write a number (and, for a per cent field, its per cent
    figure), unsigned; only specific ones: a decimal point or two digits or more."""
    from implcourse.answers import format_number

    out = set()
    for v in {abs(value), abs(100 * value)} if percent else {abs(value)}:
        for d in range(5):
            out |= {f"{v:.{d}f}", f"{v:,.{d}f}", format_number(v, d)}
        out |= {f"{v:g}", format_number(v)}
    specific = set()
    for text in out:
        digits = text.replace(",", "").replace(".", "").lstrip("0")
        if digits and ("." in text or len(digits) >= 2):
            specific.add(text)
    return specific


def leaks(hint: str, ex) -> list[str]:
    """The numbers of ``ex.expected()`` that ``hint`` gives away."""
    from implcourse.answers import Number

    tokens = set(_NUMBER.findall(hint))
    percent = {f.name: isinstance(f, Number) and f.percent for f in ex.fields()}
    found = []
    for name, value in ex.expected().items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            found += [s for s in spellings(value, percent[name]) if s in tokens]
    return found


def lesson_sections(nb) -> dict[int, list]:
    """The cells of each numbered section ``## N. Title`` of a lesson notebook, from its
    heading up to the next ``## `` heading (shared by the lesson-claim tests)."""
    import re

    sections: dict[int, list] = {}
    current = None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            match = re.match(r"## (\d+)\. ", cell.source)
            current = int(match.group(1)) if match else None
            if current is not None:
                sections[current] = []
        if current is not None:
            sections[current].append(cell)
    return sections


_TIMING = re.compile(r"^\*\*Trainer notes\.\*\* \*Teach (\d+) min · exercises (\d+) min\.\*")


def trainer_minutes(nb) -> tuple[int, int]:
    """The teaching and exercise minutes of a lesson's trainer notes, added up
    (each note starts with its timing line; a note without one fails)."""
    teach = exercises = 0
    for cell in nb.cells:
        if "trainer" in cell.metadata.get("tags", []):
            match = _TIMING.match(cell.source)
            assert match, cell.source[:60]
            teach += int(match.group(1))
            exercises += int(match.group(2))
    return teach, exercises
