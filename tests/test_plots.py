"""The Gantt chart: bars, colours, milestones, float bars, limits and bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from implcourse import schedule
from implcourse.plots import _style
from implcourse.plots.schedule import gantt

SMALL = [
    {"id": "a", "name": "Design", "duration": 3},
    {"id": "b", "name": "Build", "duration": 4, "depends_on": ["a"]},
    {"id": "c", "name": "Docs", "duration": 2, "depends_on": ["a"]},
    {"id": "m", "name": "Docs done", "duration": 0, "depends_on": ["c"]},
    {"id": "d", "name": "Test", "duration": 1.5, "depends_on": ["b", "m"]},
    {"id": "z", "name": "Go-live", "duration": 0, "depends_on": ["d"]},
]


def plans():
    return {"shipped": schedule.load_plan(), "small": schedule.Plan.from_records(SMALL)}


@pytest.fixture(params=["shipped", "small"])
def result(request):
    return schedule.analyse(plans()[request.param])


def bars(fig, colour):
    """The visible bars of one colour (every task also has hidden bars and a
    hidden diamond, which update_gantt shows when a what-if needs them)."""
    return [p for p in fig.axes[0].patches
            if p.get_visible() and np.allclose(p.get_facecolor(), to_rgba(colour))]


def diamonds(ax):
    """The visible diamond markers (one per task is drawn, only milestones show)."""
    return [line for line in ax.lines if line.get_marker() == "D" and line.get_visible()]


def milestones(result):
    return [t for t in result.plan.ids if result.table.loc[t, "duration"] == 0]


def test_returns_a_figure_and_leaves_pyplot_alone(result):
    """gantt returns a Figure and opens no pyplot figure."""
    before = plt.get_fignums()
    fig = gantt(result)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    assert plt.get_fignums() == before


def test_y_labels_are_task_names_in_plan_order(result):
    """One y tick per task, labelled with its name, in plan order (top down)."""
    ax = gantt(result).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [t.name for t in result.plan.tasks]
    assert list(ax.get_yticks()) == list(range(len(result.plan)))
    bottom, top = ax.get_ylim()
    assert bottom > top            # first task at the top


def test_bar_colours_follow_criticality(result):
    """Critical tasks are vermilion, tasks with float blue; milestones are not bars."""
    fig = gantt(result)
    critical = set(result.critical_tasks)
    points = set(milestones(result))
    expected_critical = [t for t in result.plan.ids if t in critical and t not in points]
    expected_normal = [t for t in result.plan.ids if t not in critical and t not in points]
    assert len(bars(fig, _style.CRITICAL)) == len(expected_critical)
    assert len(bars(fig, _style.NORMAL)) == len(expected_normal)
    ax = fig.axes[0]
    task_bars = bars(fig, _style.CRITICAL) + bars(fig, _style.NORMAL)
    by_row = {round(p.get_y() + p.get_height() / 2): p for p in task_bars}
    for y, task_id in enumerate(result.plan.ids):
        if task_id in points:
            assert y not in by_row
            continue
        row = result.table.loc[task_id]
        patch = by_row[y]
        assert patch.get_x() == pytest.approx(row.early_start)
        assert patch.get_width() == pytest.approx(row.duration)
        colour = _style.CRITICAL if task_id in critical else _style.NORMAL
        assert np.allclose(patch.get_facecolor(), to_rgba(colour))
    assert ax.get_legend() is not None


def test_milestones_are_diamonds(result):
    """Each zero-duration task is one diamond marker at its early start."""
    ax = gantt(result).axes[0]
    shown = diamonds(ax)
    points = milestones(result)
    assert points
    assert len(shown) == len(points)
    # The hidden ones belong to the tasks that are not milestones: one per task.
    assert len([line for line in ax.lines if line.get_marker() == "D"]) == len(result.plan)
    critical = set(result.critical_tasks)
    for line in shown:
        (x,), (y,) = line.get_xdata(), line.get_ydata()
        task_id = result.plan.ids[int(y)]
        assert task_id in points
        assert x == pytest.approx(result.table.loc[task_id, "early_start"])
        colour = _style.CRITICAL if task_id in critical else _style.NORMAL
        assert np.allclose(to_rgba(line.get_markerfacecolor()), to_rgba(colour))


def test_float_bars_only_for_tasks_with_float(result):
    """With show_float, one pale bar per task with float, from EF for its float."""
    table = result.table
    with_float = [t for t in result.plan.ids if table.loc[t, "total_float"] > 0]
    assert with_float
    fig = gantt(result, show_float=True)
    pale = bars(fig, _style.FLOAT)
    assert len(pale) == len(with_float)
    for patch in pale:
        task_id = result.plan.ids[round(patch.get_y() + patch.get_height() / 2)]
        assert task_id in with_float
        assert patch.get_x() == pytest.approx(table.loc[task_id, "early_finish"])
        assert patch.get_width() == pytest.approx(table.loc[task_id, "total_float"])
    assert bars(gantt(result, show_float=False), _style.FLOAT) == []


def test_no_float_bars_when_everything_is_critical():
    """A single chain has no float, so no float bars."""
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 2},
        {"id": "b", "name": "B", "duration": 3, "depends_on": ["a"]},
    ])
    fig = gantt(schedule.analyse(plan))
    assert bars(fig, _style.FLOAT) == []
    assert len(bars(fig, _style.CRITICAL)) == 2 and bars(fig, _style.NORMAL) == []


def test_x_limits_cover_the_project(result):
    """The x axis runs from 0 past the project duration; every bar fits."""
    ax = gantt(result).axes[0]
    left, right = ax.get_xlim()
    assert left <= 0 and right >= result.duration
    for patch in ax.patches:
        assert patch.get_x() + patch.get_width() <= right + 1e-9
    for line in diamonds(ax):
        assert left <= line.get_xdata()[0] <= right


def test_title_defaults_to_duration_and_can_be_set(result):
    """The default title gives the duration; a given title replaces it."""
    ax = gantt(result).axes[0]
    assert f"{result.duration:g} working days" in ax.get_title(loc="left")
    assert gantt(result, title="My plan").axes[0].get_title(loc="left") == "My plan"


def test_width_sets_figure_width():
    """width is the figure width in inches."""
    res = schedule.analyse(schedule.Plan.from_records(SMALL))
    assert gantt(res, width=6).get_size_inches()[0] == pytest.approx(6)
    assert gantt(res, width=2).get_size_inches()[0] == pytest.approx(2)


@pytest.mark.parametrize("bad", [schedule.Plan.from_records(SMALL), None, "plan",
                                 {"duration": 3}])
def test_non_schedule_is_a_type_error(bad):
    """Anything but a Schedule raises TypeError naming result."""
    with pytest.raises(TypeError, match="result"):
        gantt(bad)


@pytest.mark.parametrize("width", [1.9, 0, -5, 41, float("nan"), float("inf"), True, False,
                                   "10"])
def test_bad_width_is_a_value_error(width):
    """width outside 2..40, not a number, or a bool raises ValueError naming width."""
    res = schedule.analyse(schedule.Plan.from_records(SMALL))
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="width"):
        gantt(res, width=width)
    assert plt.get_fignums() == before
