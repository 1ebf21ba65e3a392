"""Charts inside the tools, drawn fast enough to follow a slider.

Drawing a whole chart costs 60 to 300 ms on a small machine, most of it
laying out and rendering text. A tool therefore draws as little as it can:

- :meth:`LiveChart.draw` draws a new figure once: the axes, labels and
  legend go into a cached background image, without the *live* artists (those
  whose ``gid`` starts with "live", see :func:`implcourse.plots._style.live`);
- :meth:`LiveChart.refresh` puts the background back and draws only the live
  artists, after a plot's update function has moved them (a target line, the
  bars of a what-if plan): a few milliseconds;
- :meth:`LiveChart.show` remembers whole drawings by a key (the state of the
  tool's discrete controls), so going back to a case, a seed or a metric
  costs nothing.

The PNG is encoded with light compression: the image travels to the browser
on the same machine or a local network, where a few more kilobytes cost less
than the milliseconds of stronger compression.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from ..plots import _style
from .common import caption_html, chart_image

__all__ = ["LiveChart"]


class _Drawing:
    """A drawn figure: its canvas, the cached background and the live artists."""

    def __init__(self, fig) -> None:
        with _style.for_tools():
            self._draw(fig)

    def _draw(self, fig) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        fig.set_dpi(_style.DPI)
        self.live = _live_artists(fig)
        for artist in self.live:
            artist.set_animated(True)
        self.canvas.draw()  # lays out the figure; animated artists are left out
        fig.set_layout_engine("none")  # keep that layout from now on
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        self.png = b""
        self.alt = getattr(fig, "alt", "")
        self.render()

    def render(self) -> None:
        with _style.for_tools():
            self._render()

    def _render(self) -> None:
        self.canvas.restore_region(self.background)
        self.live = _live_artists(self.fig)
        for artist in self.live:
            artist.set_animated(True)
            _style.literal_texts(artist)  # a moved label may hold any text
            self.fig.draw_artist(artist)
        rgba = self.canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), rgba, "raw", "RGBA",
                                 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        self.png = buffer.getvalue()
        self.alt = getattr(self.fig, "alt", "")


def _live_artists(fig) -> list:
    return [a for a in fig.findobj(include_self=False)
            if isinstance(a.get_gid(), str) and a.get_gid().startswith(_style.LIVE)]


class LiveChart:
    """An image of a chart with its text alternative under it.

    Parameters
    ----------
    cache : int, default 24
        How many drawings :meth:`show` remembers.
    scroll : bool, default False
        Show a tall chart at the full width of its column, in a box that
        scrolls up and down (and opens at the chart's bottom), instead of
        shrinking it to the screen's height.

    Attributes
    ----------
    image : ipywidgets.Image
    caption : ipywidgets.HTML
        The chart's text alternative.
    widget : ipywidgets.VBox
        Both, to put in a tool.
    """

    def __init__(self, cache: int = 24, *, scroll: bool = False) -> None:
        self.image = chart_image()
        self.caption = w.HTML()
        if scroll:  # a tall chart (a Gantt of a whole plan) scrolls at full width,
            # opening at its bottom (the end of a plan: go-live, and the time axis)
            frame = w.VBox([self.image])
            frame.add_class("implcourse-scroll")
            self.widget = w.VBox([frame, self.caption])
        else:
            self.widget = w.VBox([self.image, self.caption])
        self._cache: OrderedDict[Hashable, _Drawing] = OrderedDict()
        self._size = cache
        self.current: _Drawing | None = None

    @property
    def stale(self) -> bool:
        """Whether the chart shows an earlier state than the controls (greyed out)."""
        return "implcourse-stale" in self.image._dom_classes

    @stale.setter
    def stale(self, value: bool) -> None:
        if value:
            self.image.add_class("implcourse-stale")
            self.caption.add_class("implcourse-stale")
        else:
            self.image.remove_class("implcourse-stale")
            self.caption.remove_class("implcourse-stale")

    @property
    def figure(self):
        """The figure on show (None before the first drawing)."""
        return self.current.fig if self.current else None

    def _put(self, drawing: _Drawing) -> None:
        self.current = drawing
        self.image.value = drawing.png
        self.caption.value = caption_html(drawing.alt) if drawing.alt else ""

    def draw(self, figure) -> None:
        """Show a new figure (a full drawing, not remembered).

        ``figure`` is a function that builds it (called in the tools' larger
        type, see :func:`implcourse.plots._style.for_tools`) or a built figure.
        """
        if callable(figure):
            with _style.for_tools():
                figure = figure()
        self._put(_Drawing(figure))

    def show(self, key: Hashable, build: Callable[[], object]) -> None:
        """Show the drawing remembered under ``key``, or ``build()`` it (in the
        tools' larger type) and remember it."""
        drawing = self._cache.get(key)
        if drawing is None:
            with _style.for_tools():
                fig = build()
            drawing = _Drawing(fig)
            self._cache[key] = drawing
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        self._put(drawing)

    def refresh(self, update: Callable[[object], bool | None]) -> bool:
        """Move the live artists with ``update(figure)`` and redraw only them.

        ``update`` returns False when the change does not fit the drawing
        (a bar beyond the axis, say); then nothing is redrawn and the caller
        draws a new figure. Returns whether the refresh happened.
        """
        if self.current is None:
            return False
        with _style.for_tools():
            if update(self.current.fig) is False:
                return False
        self.current.render()
        self._put(self.current)
        return True
