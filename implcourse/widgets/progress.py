"""The progress report: where a learner stands, weakest topics first."""

from __future__ import annotations

import html

import ipywidgets as w

from .. import progress
from .common import Tool, note_html

__all__ = ["progress_view"]


def progress_html(store: progress.ProgressStore) -> str:
    """The summary of a progress store as an HTML table, with a next step."""
    table = store.summary()
    if table.empty:
        return note_html("Nothing recorded yet. Check an exercise or answer a knowledge "
                         "check, then press <i>Refresh</i>.")
    rows = "".join(
        f"<tr><td>{html.escape(lesson)}</td><td>{html.escape(topic)}</td>"
        f"<td>{r.tried:d}</td><td>{r.right_now:d}</td><td>{r.right_first_time:d}</td>"
        f"<td>{r.first_time_rate:.0%}</td></tr>"
        for (lesson, topic), r in zip(table.index, table.itertuples(index=False)))
    weakest = table.sort_values("first_time_rate", kind="stable").index[0]
    return ("<table><tr><th>lesson</th><th>topic</th><th>tried</th><th>right now</th>"
            "<th>right first time</th><th>first-time rate</th></tr>" + rows + "</table>"
            + note_html(f"Weakest topic so far: <b>{html.escape(weakest[1])}</b> "
                        f"(lesson {html.escape(weakest[0])}). Revisit it next."))


def progress_view(store: progress.ProgressStore | None = None) -> Tool:
    """A table of the learner's progress with a *Refresh* button.

    Examples
    --------
    >>> import tempfile
    >>> store = progress.ProgressStore(tempfile.mkdtemp())
    >>> tool = progress_view(store)
    >>> "Nothing recorded" in tool.children[2].value
    True
    """
    store = store or progress.ProgressStore()
    refresh = w.Button(description="Refresh", icon="refresh")
    table = w.HTML()

    def update(_=None):
        table.value = progress_html(store)

    refresh.on_click(update)
    update()
    return Tool("My progress", [refresh, table])
