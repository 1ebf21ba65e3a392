"""The progress report: where a learner stands, weakest topics first."""

from __future__ import annotations

import html

import ipywidgets as w

from .. import progress
from .common import Tool, error_html, note_html

__all__ = ["progress_view", "progress_html"]


def progress_html(store: progress.ProgressStore) -> str:
    """The progress report of a store as HTML, with a next step.

    A progress file that cannot be read (damaged, or not the course's) is
    explained in place of the table; the file is left as it is.
    """
    try:
        table = progress.report(store)
    except (TypeError, ValueError) as err:
        return error_html(f"Your progress cannot be shown: {err}")
    if table is None:
        return note_html("Nothing recorded yet. Check an exercise or answer a knowledge "
                         "check, then press <i>Refresh</i>.")
    return table.to_html() + note_html(html.escape(progress.next_step(store)))


def progress_view(store: progress.ProgressStore | None = None) -> Tool:
    """A table of the learner's progress with a *Refresh* button.

    Examples
    --------
    >>> import tempfile
    >>> store = progress.ProgressStore(tempfile.mkdtemp())
    >>> tool = progress_view(store)
    >>> "Nothing recorded" in tool.table.value
    True
    """
    store = store or progress.ProgressStore()
    refresh = w.Button(description="Refresh", icon="refresh")
    table = w.HTML()

    def update(_=None):
        table.value = progress_html(store)

    refresh.on_click(update)
    update()
    tool = Tool("My progress", [refresh, table])
    tool.refresh, tool.table = refresh, table
    return tool
