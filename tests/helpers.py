"""Helpers shared by several test modules (pytest puts this folder on the path).

They read what the package produces; none of them computes an expected
result, so no test can pass by agreeing with a copy of the code it tests.
"""

from __future__ import annotations

import hashlib
import html

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
