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
    done = ""
    try:
        lessons = store.lessons_done()["lesson"].tolist()
    except (TypeError, ValueError):
        lessons = []
    if lessons:
        done = note_html("Knowledge checks completed: lessons " + html.escape(", ".join(lessons))
                         + ".", good=True)
    return table.to_html() + note_html(html.escape(progress.next_step(store))) + done


def _lessons() -> dict[str, str]:
    from .. import course

    return {lesson.id: lesson.id for lesson in course.load_course()}


def progress_view(store: progress.ProgressStore | None = None) -> Tool:
    """The learner's progress: a chart by lesson, the table by topic, and a *Refresh* button.

    Examples
    --------
    >>> import tempfile
    >>> store = progress.ProgressStore(tempfile.mkdtemp())
    >>> tool = progress_view(store)
    >>> "Nothing recorded" in tool.table.value
    True
    """
    from ..plots.assessment import progress_chart
    from .charts import LiveChart

    store = store or progress.ProgressStore()
    refresh = w.Button(description="Refresh", icon="refresh")
    table = w.HTML()
    chart = LiveChart()

    def update(_=None):
        table.value = progress_html(store)
        try:
            summary = store.summary()
        except (TypeError, ValueError):
            summary = None  # the table explains why
        if summary is not None:
            chart.draw(lambda: progress_chart(summary))
        chart.widget.layout.display = None if summary is not None else "none"

    refresh.on_click(update)
    update()
    # Chart and table in tabs, so the report fits a projected screen.
    views = w.Tab(children=[table, chart.widget], titles=["By topic", "By lesson (chart)"])
    tool = Tool("My progress", [refresh, views])
    tool.refresh, tool.table, tool.chart, tool.views = refresh, table, chart, views
    return tool
