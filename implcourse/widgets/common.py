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
import logging
import math
import numbers
from pathlib import Path

import ipywidgets as w
import mistune
import traitlets

from .. import content
from ..validation import shown

__all__ = ["Tool", "error_html", "note_html", "figure_png", "widget_selftest", "columns",
           "chart_image", "caption_html", "markdown_html", "full_width", "STYLE",
           "trainer_path", "dataset", "fmt", "LARGEST", "too_large"]

_LOG = logging.getLogger("implcourse.widgets")

#: What a learner reads when a control's value could not be used for a reason
#: the tool did not foresee (the tool keeps its last good result).
UNEXPECTED = ("This value could not be used here, so the tool kept its last good result. "
              "Try another value; if this keeps happening, tell your trainer.")
#: The largest amount (in any unit: euros, days, a KPI's unit) a tool takes in a
#: box and draws. Far above any figure of the course (a trillion), and far below
#: where a chart's axis breaks down (matplotlib's ticks overflow near 1e308).
LARGEST = 1e15
#: The longest message shown inline; a longer one is cut (a learner may paste a
#: whole document into a box, and the message may quote it).
_MESSAGE_CHARS = 400

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
.implcourse-tool .implcourse-alert { margin: 2px 0; overflow-wrap: anywhere; }
</style>"""


class _Guarded:
    """A tool's callback, run so that no exception reaches the learner.

    ipywidgets calls observers and click handlers from the kernel's message
    loop: an exception there is a traceback in the log (or under the cell)
    and leaves the tool half updated. The outermost guarded call catches it:
    a ``TypeError`` or ``ValueError`` (the course's documented errors, whose
    messages name the input) is shown in the tool's alert line; any other
    exception is shown as a short sentence and kept in ``Tool.unexpected``,
    which the tests check is empty. Calls made *inside* a callback (it sets
    another control, whose observer runs) let exceptions through, so the
    outer callback's own ``try`` still sees them as before.

    It compares equal to the function it wraps, so ``unobserve(f)`` and
    ``on_click(f, remove=True)`` still find it.
    """

    __slots__ = ("callback", "tool")

    def __init__(self, callback, tool: "Tool") -> None:
        self.callback = callback
        self.tool = tool

    def __call__(self, *args, **kwargs):
        tool = self.tool
        tool._depth += 1
        try:
            result = self.callback(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - see the class docstring
            if tool._depth > 1:
                raise
            tool._caught(err)
            return None
        finally:
            tool._depth -= 1
        if tool._depth == 0:
            tool._recovered()
        return result

    def __eq__(self, other) -> bool:
        if isinstance(other, _Guarded):
            other = other.callback
        return self.callback == other

    def __hash__(self) -> int:
        return hash(self.callback)

    def __repr__(self) -> str:
        return f"guarded({self.callback!r})"


def _ours(callback) -> bool:
    """Whether ``callback`` was added by a tool (or a notebook), not by ipywidgets
    itself: its own observers are traitlets handlers, or live in its packages."""
    if isinstance(callback, traitlets.EventHandler):
        return False
    func = getattr(callback, "__func__", callback)
    module = str(getattr(func, "__module__", "") or "")
    return not module.startswith(("ipywidgets", "traitlets", "comm", "ipykernel"))


class Tool(w.VBox):
    """A titled container for one interactive tool.

    Its plain-text representation (what a notebook shows when widgets
    cannot render, and what nbval compares) is a fixed sentence naming the
    tool, never the widget tree.

    Every observer and click handler of the course inside the tool is
    guarded (see :class:`_Guarded`): no exception escapes a callback. A
    value that cannot be used is explained in an alert line under the
    tool's title; the next change that works clears it.

    Parameters
    ----------
    title : str
        The tool's name, shown as its heading.
    children : list of widgets
        The tool's body; :func:`columns` lays out controls beside a result.

    Attributes
    ----------
    refused : list of Exception
        The ``TypeError`` and ``ValueError`` a callback raised and the alert
        line showed (the latest 20).
    unexpected : list of Exception
        Any other exception a callback raised (the latest 20): a bug in the
        tool, which the tests assert never happens.
    """

    def __init__(self, title: str, children, **kwargs) -> None:
        # The style sheet travels in the heading, so every tool brings its own.
        self._heading_html = f"{STYLE}<b>{html.escape(title)}</b>"
        heading = w.HTML(self._heading_html)
        super().__init__([heading, *children], **kwargs)
        self.add_class("implcourse-tool")
        self.title = title
        self.refused: list[Exception] = []
        self.unexpected: list[Exception] = []
        self._depth = 0
        self.guard()

    @property
    def body(self) -> tuple:
        """The tool's own widgets (without the heading)."""
        return self.children[1:]

    @property
    def alert(self) -> str:
        """The alert line's HTML ("" when there is none)."""
        return self.children[0].value[len(self._heading_html):]

    def show_alert(self, message: str) -> None:
        """Show ``message`` (plain text, escaped here) in the alert line."""
        text = str(message)
        if len(text) > _MESSAGE_CHARS:
            text = text[:_MESSAGE_CHARS - 20] + " [... message cut]"
        self.children[0].value = (f'{self._heading_html}<div class="implcourse-alert">'
                                  f"{error_html(text)}</div>")

    def clear_alert(self) -> None:
        """Remove the alert line."""
        if self.children[0].value != self._heading_html:
            self.children[0].value = self._heading_html

    def _caught(self, err: Exception) -> None:
        if isinstance(err, (TypeError, ValueError)):
            self.refused = [*self.refused[-19:], err]
            self.show_alert(f"Not applied: {err}")
        else:
            _LOG.debug("unexpected error in the tool %r", self.title, exc_info=err)
            self.unexpected = [*self.unexpected[-19:], err]
            self.show_alert(UNEXPECTED)
        self.guard()

    def _recovered(self) -> None:
        self.clear_alert()
        self.guard()  # a callback may have added controls (a longer horizon, say)

    def guard(self) -> None:
        """Guard every callback of the course on the widgets inside the tool.

        Called when the tool is built and after every callback (which may
        have added widgets); a tool that adds a callback later calls it too.
        """
        stack: list[w.Widget] = list(self.children)
        while stack:
            widget = stack.pop()
            stack.extend(c for c in (getattr(widget, "children", None) or ())
                         if isinstance(c, w.Widget))
            for per_type in widget._trait_notifiers.values():
                for handlers in per_type.values():
                    for i, handler in enumerate(handlers):
                        if not isinstance(handler, _Guarded) and _ours(handler):
                            handlers[i] = _Guarded(handler, self)
            if isinstance(widget, w.Button):
                handlers = widget._click_handlers.callbacks
                for i, handler in enumerate(handlers):
                    if not isinstance(handler, _Guarded) and _ours(handler):
                        handlers[i] = _Guarded(handler, self)

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


def trainer_path(source: object) -> Path | None:
    """The path of a trainer's own file, or None for anything else.

    The rule is :func:`implcourse.content.resolve`'s: a
    :class:`~pathlib.Path` is always a file's path; a string is one only if
    it is absolute or starts with ``./``, ``../`` or ``~`` (your home
    folder). Any other string is the name or id of one of the course's own
    datasets, so a file of the same name in the notebook's folder never
    replaces the course's data.

    Examples
    --------
    >>> trainer_path("./my_register.csv").name
    'my_register.csv'
    >>> trainer_path("erp_replacement") is None
    True
    """
    if isinstance(source, Path):
        return source.expanduser()
    if isinstance(source, str) and content.is_own_path(source.strip()):
        return Path(source.strip()).expanduser()
    return None


def dataset(source: object, load, *, name: str, what: str, loaded: tuple[type, ...] = ()):
    """A tool's data, from whatever form a lesson or a trainer gave it in.

    Parameters
    ----------
    source : None, str, Path or a loaded object
        None for the course's own data (``load()``); a course dataset's name
        or a trainer's own file (a ``Path``, or a path string, see
        :func:`trainer_path`), read with ``load``; or data already loaded,
        of one of the types ``loaded``, used as it is (the core checks it as
        it would a file's).
    load : callable
        The core's loader: ``load()`` for the default, ``load(name_or_path)``.
    name, what : str
        The tool's parameter, and what it holds in words (for a message).
    loaded : tuple of types
        The loaded forms accepted as they are.

    Raises
    ------
    TypeError
        If ``source`` is none of these.
    ContentError
        If the file cannot be read (it names the file, the row and the field).

    Examples
    --------
    >>> from implcourse import risk
    >>> len(dataset(None, risk.load_register, name="register", what="risk register")) > 5
    True
    >>> dataset(3, risk.load_register, name="register", what="risk register")
    Traceback (most recent call last):
    ...
    TypeError: register must be a course dataset's name, a path to your own risk register file, or a loaded risk register; got int 3
    """
    if source is None:
        return load()
    if loaded and isinstance(source, loaded):
        return source
    if isinstance(source, (str, Path)):
        return load(trainer_path(source) or source)
    raise TypeError(f"{name} must be a course dataset's name, a path to your own {what} file, "
                    f"or a loaded {what}; got {type(source).__name__} {shown(source)}")


def fmt(value: object, spec: str = ",.1f", *, undefined: str = "undefined") -> str:
    """``value`` formatted with ``spec``, or ``undefined`` if it is not a finite number.

    A view passes every number it shows through a format code; a value that
    is missing, text, or not finite is shown as a word, never an error such
    as "Unknown format code 'f'".

    Examples
    --------
    >>> fmt(1234.5), fmt(float("nan")), fmt(None), fmt(0.25, ".0%")
    ('1,234.5', 'undefined', 'undefined', '25%')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return undefined
    try:
        if not math.isfinite(value):
            return undefined
        return format(value, spec)
    except (OverflowError, ValueError, TypeError):
        return undefined


def too_large(label: str, value: float) -> str | None:
    """A message if ``value`` is beyond :data:`LARGEST` in size, else None.

    Examples
    --------
    >>> too_large("Green threshold", 1e308)
    'Green threshold is too large to use here: at most 1e+15 in size, got 1e+308'
    >>> too_large("Green threshold", 95.0) is None
    True
    """
    if abs(value) > LARGEST:
        return f"{label} is too large to use here: at most {LARGEST:g} in size, got {value:g}"
    return None


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
