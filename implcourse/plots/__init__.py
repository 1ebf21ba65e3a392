"""Charts: one function per chart, data in, :class:`matplotlib.figure.Figure` out.

The functions build figures with :class:`matplotlib.figure.Figure` directly,
not through ``pyplot``, so they keep no global state and leak no figures. In
a notebook with ``%matplotlib inline`` a returned figure shows when it is the
last expression of a cell.
"""

from .schedule import gantt

__all__ = ["gantt"]
