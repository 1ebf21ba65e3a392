"""Shared pieces of the views: the Tool container, messages, figures."""

from __future__ import annotations

import html
import io

import ipywidgets as w

__all__ = ["Tool", "error_html", "note_html", "figure_png", "widget_selftest"]

_FALLBACK = ("[{title}: an interactive tool. If you can read this text instead of the tool, "
             "widgets are not rendering here: run the cell, and see 'Widget self-test' in "
             "00_start_here.]")


class Tool(w.VBox):
    """A titled container for one interactive tool.

    Its plain-text representation (what a notebook shows when widgets
    cannot render, and what nbval compares) is a fixed sentence naming the
    tool, never the widget tree.

    Parameters
    ----------
    title : str
        The tool's name, shown as its heading.
    children : list of widgets
        The tool's body.
    """

    def __init__(self, title: str, children, **kwargs) -> None:
        heading = w.HTML(f"<b>{html.escape(title)}</b>")
        super().__init__([heading, *children], **kwargs)
        self.title = title

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _FALLBACK.format(title=self.title)
        return bundle


def error_html(err: BaseException | str) -> str:
    """A short inline error message (no traceback), HTML-escaped."""
    return (f'<span style="color:#a35200">&#9888; {html.escape(str(err))}</span>')


def note_html(text: str, *, good: bool | None = None) -> str:
    """A coloured note: green for good, orange for not yet, grey otherwise."""
    colour = {True: "#1b7f3b", False: "#a35200", None: "#555555"}[good]
    return (f'<div style="border-left:4px solid {colour};padding:4px 8px">'
            f"{text}</div>")


def figure_png(fig) -> bytes:
    """A matplotlib figure as PNG bytes, for an ``ipywidgets.Image``.

    Showing a chart through an Image widget (rather than an Output widget)
    keeps a tool's first render out of the cell's stored outputs, which
    strict nbval needs.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


def widget_selftest() -> Tool:
    """A button that proves widgets render *and* talk to the kernel.

    If the button shows, widgets render. If clicking it changes the message,
    the kernel answers too.

    Examples
    --------
    >>> tool = widget_selftest()
    >>> tool.children[1].click()
    >>> "working" in tool.children[2].value
    True
    """
    button = w.Button(description="Click me", button_style="primary", icon="check")
    status = w.HTML(note_html("Widgets render. Now click the button to check that the "
                              "kernel answers."))
    clicks = {"n": 0}

    def on_click(_):
        clicks["n"] += 1
        status.value = note_html(f"Widgets are working: the kernel answered "
                                 f"({clicks['n']} click{'s' if clicks['n'] > 1 else ''}).",
                                 good=True)

    button.on_click(on_click)
    return Tool("Widget self-test", [button, status])
