"""Shared pieces of the views: the Tool container, layout, messages, figures.

Every tool follows one layout, so that it fits a projector: the controls and
the main result (a sentence with the key numbers) sit in a column beside the
chart, and wrap under each other only on a narrow screen; charts are never
taller than about half the screen and never wider than the cell.
The rules are CSS classes shipped with each tool (:data:`STYLE`), so they
work in JupyterLab, Voilà and classic notebooks alike.
"""

from __future__ import annotations

import html
import io

import ipywidgets as w
import mistune

__all__ = ["Tool", "error_html", "note_html", "figure_png", "widget_selftest", "columns",
           "chart_image", "caption_html", "markdown_html", "full_width", "STYLE"]

_FALLBACK = ("[{title}: an interactive tool. If you can read this text instead of the tool, "
             "widgets are not rendering here: run the cell, and see 'Widget self-test' in "
             "00_start_here.]")

#: The course's widget CSS: labels and options wrap instead of being cut with
#: "…"; two-column tools; charts that keep inside the screen.
STYLE = """<style>
.implcourse-tool .widget-label, .implcourse-tool .widget-label-basic,
.implcourse-tool .widget-label-basic span, .implcourse-tool .widget-radio-box label,
.implcourse-tool .widget-toggle-button, .implcourse-tool .widget-button,
.implcourse-tool .widget-html-content, .implcourse-tool .widget-checkbox label {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.3; }
.implcourse-tool .widget-checkbox, .implcourse-tool .widget-radio-box label,
.implcourse-tool .widget-toggle-button, .implcourse-tool .widget-button {
  min-height: var(--jp-widgets-inline-height, 28px); height: auto !important; }
.implcourse-tool .widget-radio-box label { display: flex; flex-wrap: nowrap;
  align-items: flex-start; padding: 2px 0; line-height: 1.4; }
.implcourse-tool .widget-radio-box input { height: 1.4em; margin: 0 6px 0 0; flex: none;
  order: -1; }
.implcourse-tool .widget-checkbox input { flex: none; }
.implcourse-tool .widget-toggle-buttons { flex-wrap: wrap; height: auto !important; }
.implcourse-row { display: flex; flex-flow: row wrap; gap: 0.4em 1.2em; align-items: flex-start;
  width: 100%; }
.implcourse-inline { gap: 0 0.6em; }
.implcourse-controls { flex: 0 1 20em; min-width: 14em; max-width: 100%; }
.implcourse-result { flex: 1 1 24em; min-width: 18em; max-width: 100%; }
.implcourse-tool img.implcourse-chart { max-width: 100%; max-height: 55vh; width: auto;
  height: auto; object-fit: contain; }
.implcourse-tool .implcourse-scroll { max-height: 48vh; overflow-y: auto; overflow-x: hidden;
  display: flex; flex-direction: column-reverse; }
.implcourse-tool .implcourse-scroll img.implcourse-chart { display: block; width: 100%;
  max-width: 100%; height: auto; max-height: none; object-fit: fill; margin: 0; }
.implcourse-tool img.implcourse-chart { margin-left: 0; margin-right: 0; }
.implcourse-tool .widget-readout { overflow: visible !important; min-width: 3.2em; }
.implcourse-tool details summary { cursor: pointer; color: #1a5b9a; }
.implcourse-tool .lm-TabBar-content { flex-wrap: wrap; }
.implcourse-tool .lm-TabBar-tab { flex: 0 0 auto !important; min-width: 0;
  max-width: none !important; }
.implcourse-tool .lm-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
.implcourse-tool .jupyter-button { width: auto; min-width: 2.6em; padding: 0 0.8em; }
.implcourse-tool .implcourse-stale { opacity: 0.35; filter: grayscale(1); }
.implcourse-tool .implcourse-caption { font-size: 0.85em; line-height: 1.3; color: #444; }
.implcourse-tool table { border-collapse: collapse; }
.implcourse-tool td, .implcourse-tool th { padding: 2px 8px; text-align: left;
  vertical-align: top; }
.implcourse-tool td.num, .implcourse-tool th.num { text-align: right; white-space: nowrap; }
.implcourse-tool tr:nth-child(even) td { background: #f5f5f5; }
</style>"""


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
        The tool's body; :func:`columns` lays out controls beside a result.
    """

    def __init__(self, title: str, children, **kwargs) -> None:
        # The style sheet travels in the heading, so every tool brings its own.
        heading = w.HTML(f"{STYLE}<b>{html.escape(title)}</b>")
        super().__init__([heading, *children], **kwargs)
        self.add_class("implcourse-tool")
        self.title = title

    @property
    def body(self) -> tuple:
        """The tool's own widgets (without the heading)."""
        return self.children[1:]

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _FALLBACK.format(title=self.title)
        return bundle


def columns(controls, result) -> w.Box:
    """Controls (a list of widgets) in a column beside the result (a list of widgets).

    On a wide screen they stand side by side; on a narrow one the result
    wraps under the controls.
    """
    left = w.VBox(list(controls))
    left.add_class("implcourse-controls")
    right = w.VBox(list(result))
    right.add_class("implcourse-result")
    row = w.Box([left, right])
    row.add_class("implcourse-row")
    return row


def full_width() -> w.Layout:
    """A control as wide as its column (a slider's track, a menu), and no wider: the
    widget's side margins are dropped so that 100 % fits."""
    return w.Layout(width="100%", margin="2px 0")


def chart_image() -> w.Image:
    """An empty image for a chart, sized by the course's CSS (never wider than the
    cell, never taller than about half the screen)."""
    image = w.Image(format="png")
    image.add_class("implcourse-chart")
    return image


def error_html(err: BaseException | str) -> str:
    """A short inline error message (no traceback), HTML-escaped."""
    return (f'<span style="color:#a35200">&#9888; {html.escape(str(err))}</span>')


def note_html(text: str, *, good: bool | None = None) -> str:
    """A coloured note: green for good, orange for not yet, grey otherwise."""
    colour = {True: "#1b7f3b", False: "#a35200", None: "#555555"}[good]
    return (f'<div style="border-left:4px solid {colour};padding:4px 8px">'
            f"{text}</div>")


def caption_html(text: str) -> str:
    """A chart's text alternative, shown under it: the key numbers in words."""
    return f'<div class="implcourse-caption">{html.escape(text)}</div>'


_MARKDOWN = mistune.create_markdown(escape=True, plugins=["table"])


def markdown_html(text: str) -> str:
    """Markdown (with tables) as HTML, for tasks and solutions inside a widget.

    Raw HTML in the text is escaped.

    Examples
    --------
    >>> markdown_html("**Task.** Add `a` and b.")
    '<p><strong>Task.</strong> Add <code>a</code> and b.</p>\\n'
    """
    return _MARKDOWN(text)


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
    >>> button, status = tool.body
    >>> button.click()
    >>> "working" in status.value
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
