"""Interactive tools for the notebooks: thin ipywidgets views over the core.

A view reads its inputs, calls the core and shows the result. It does no
maths of its own. Bad input never produces a traceback: the core's
``ValueError``/``TypeError`` is shown as a short message beside the input,
and the last good result stays on screen.

Every view is a :class:`~implcourse.widgets.common.Tool`. Where widgets do not
render, the notebook shows the tool's plain-text fallback, which says so and
points to the troubleshooting notes.
"""

from .common import Tool, error_html, widget_selftest

__all__ = ["Tool", "error_html", "widget_selftest"]
