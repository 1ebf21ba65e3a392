"""The charts' house style: colours (colour-blind safe), sizes, and the Chart figure.

Every chart function returns a :class:`Chart`: a matplotlib ``Figure`` that
carries a text alternative (``alt``), the key numbers in words. In a
notebook a Chart shows as its picture with the text alternative under it,
so a learner who cannot see the chart can still follow; a widget shows the
same text under its image.

Artists whose ``gid`` starts with ``"live"`` are the ones a tool moves (a
target line, the bars of a what-if plan): a widget redraws only those over a
cached background (see :mod:`implcourse.widgets.charts`).

Text is shown as written. A task, risk or stakeholder name comes from a
trainer's file or a learner's input and may hold a ``$`` ("Budget $5k
review"), a ``_`` or a ``^``: matplotlib would read text between two ``$`` as
a formula (mathtext) and fail to draw it, or draw something else. So every
text of a :class:`Chart` is drawn with mathtext off; a chart that means a
formula marks that text with :func:`math_text`.
"""

from __future__ import annotations

import contextlib
import io

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

# The Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
CRITICAL = "#c8402a"      # vermilion: critical tasks, threats, the thing to watch
NORMAL = "#3a6ea5"        # blue: tasks with float, the main series
FLOAT = "#b9c6d6"         # pale blue: the float after a task, secondary series
MILESTONE = "#222222"
GRID = "#dddddd"
#: Resolution of charts shown by the tools and in the notebooks.
DPI = 90
LIVE = "live"
#: The base font size of charts in a notebook, and in a tool (which a room reads
#: from a projected screen, where the chart is shown smaller than its pixels).
NOTEBOOK_FONT = 10
TOOL_FONT = 13
#: Tools draw their figures smaller (in inches) than the notebooks, in larger type,
#: so that a chart squeezed into a projected column keeps text a room can read.
TOOL_SCALE = 0.8
_scale = [1.0]
#: rcParams every course chart is built and drawn with: text as written (see above).
_LITERAL = {"text.parse_math": False}


def size(delta: float = 0) -> float:
    """A font size relative to the charts' base size (matplotlib's ``font.size``):
    ``size()`` for labels and legends, ``size(2)`` for titles, ``size(-2)`` for notes."""
    return matplotlib.rcParams["font.size"] - 1 + delta


@contextlib.contextmanager
def for_tools():
    """Build (or redraw) a chart in the tools' larger type, on a smaller figure."""
    _scale.append(TOOL_SCALE)
    try:
        with matplotlib.rc_context({"font.size": TOOL_FONT, **_LITERAL}):
            yield
    finally:
        _scale.pop()


@contextlib.contextmanager
def for_notebooks():
    """Build a chart in the notebooks' type (the default)."""
    with matplotlib.rc_context({"font.size": NOTEBOOK_FONT, **_LITERAL}):
        yield


def math_text(text: Text) -> Text:
    """Mark ``text`` (a matplotlib Text) as a deliberate formula, drawn with
    mathtext; every other text of a :class:`Chart` is drawn as written."""
    text._implcourse_math = True
    text.set_parse_math(True)
    return text


def literal_texts(fig) -> None:
    """Turn mathtext off on every text of ``fig`` not marked with :func:`math_text`.

    Matplotlib reads the setting when a text is created, and creates tick
    labels lazily, so this runs again before every drawing.
    """
    for text in fig.findobj(Text):
        if text.get_parse_math() and not getattr(text, "_implcourse_math", False):
            text.set_parse_math(False)


class Chart(Figure):
    """A Figure with a text alternative, shown with it in a notebook.

    Attributes
    ----------
    alt : str
        The chart's key numbers in words.
    """

    alt: str = ""

    def draw(self, renderer) -> None:
        """Draw with every text as written (see the module's notes on mathtext)."""
        literal_texts(self)
        with matplotlib.rc_context(_LITERAL):  # for the tick labels made while drawing
            super().draw(renderer)

    def png(self, dpi: int = DPI) -> bytes:
        """The chart as PNG bytes."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def _ipython_display_(self) -> None:
        from IPython.display import Image, Markdown, display

        display(Image(self.png()))
        if self.alt:
            display(Markdown(f"*Chart: {self.alt}*"))


def new_chart(width: float, height: float, *, shrink: bool = True) -> Chart:
    """A new :class:`Chart` of ``width`` x ``height`` inches, laid out automatically.

    In a tool (see :func:`for_tools`) the figure is smaller, unless ``shrink`` is
    false: for a chart whose size its content sets (a row per task, a cell per
    rating).
    """
    scale = _scale[-1] if shrink else 1.0
    return Chart(figsize=(width * scale, height * scale), layout="constrained")


def live(artist, name: str):
    """Mark ``artist`` as one a tool may move (``gid`` "live:<name>"), and return it."""
    artist.set_gid(f"{LIVE}:{name}")
    return artist


def finish(ax, title: str, *, grid: str | None = "both", legend: str | None = None) -> None:
    """The house style's last touches on an axes: a light grid on ``grid``
    ("x", "y", "both" or None), no top and right spines, a frameless legend at
    ``legend`` (a matplotlib location, or None for no legend) and the title
    on the left."""
    if grid:
        ax.grid(axis=grid, color=GRID)
        ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(fontsize=size(), frameon=False, loc=legend)
    ax.set_title(title, loc="left", fontsize=size(2))


def money(value: float, currency: str = "") -> str:
    """An amount with thousands separators, a real minus sign, no "-0" and its currency.

    Examples
    --------
    >>> money(-1234.4, "EUR"), money(-0.2)
    ('−1,234 EUR', '0')
    """
    text = f"{round(value) + 0:,.0f}"
    text = text.replace("-", "\u2212")
    return f"{text} {currency}".strip()


def money_axis(ax, axis: str = "y", currency: str = "", *, percent: bool = False,
               label: str | None = None) -> None:
    """Thousands separators on a money axis, and its label naming the currency
    (or per cent for a ratio)."""
    fmt = FuncFormatter(lambda v, _: f"{v:.0%}" if percent else f"{v:,.0f}".replace("-", "\u2212"))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    if label is not None:
        unit = "per cent" if percent else currency
        target.set_label_text(f"{label} ({unit})" if unit else label)


def whole_years(ax, axis: str = "x") -> None:
    """Year ticks at whole years only."""
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
