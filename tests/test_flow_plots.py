"""implcourse.plots.flow: each chart draws, has units on its axes, and its text
alternative carries the key numbers, computed here from the same data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from implcourse.methods import flow, forecast, tradeoff
from implcourse.plots import _style
from implcourse.plots.flow import (burndown_chart, burnup_chart, cumulative_flow_chart,
                                   release_forecast_chart, tradeoff_chart)

VELOCITIES = forecast.simulate_velocities(8, 15, 22, seed=2)
CHANGES = [0, 0, 10, 0, -5, 0, 0, 0]
DOWN = forecast.burndown(150, VELOCITIES, CHANGES)
UP = forecast.burnup(150, VELOCITIES, CHANGES)
FORECAST = forecast.release_forecast(130, 14, 21, sprint_length_days=14, start="2026-09-07")
BOARD = flow.simulate_board(2.2, {"Analysis": 3, "Build": 2, "Test": 3}, wip_limit=10,
                            days=90, seed=11)
MODEL = tradeoff.delivery_tradeoff(52, 0.08, 6, 0.75)

CALLS = {
    "burndown": lambda **kw: burndown_chart(DOWN, **kw),
    "burnup": lambda **kw: burnup_chart(UP, **kw),
    "release_forecast": lambda **kw: release_forecast_chart(FORECAST, **kw),
    "cumulative_flow": lambda **kw: cumulative_flow_chart(BOARD, **kw),
    "tradeoff": lambda **kw: tradeoff_chart(MODEL, **kw),
}
UNITS = {
    "burndown": ("Sprint", "Story points"),
    "burnup": ("Sprint", "Story points"),
    "release_forecast": ("Sprint", "Story points"),
    "cumulative_flow": ("Day", "Items"),
    "tradeoff": ("Week", "Work units (team-weeks"),
}


def num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}".replace("-", "\u2212")


@pytest.mark.parametrize("name", list(CALLS))
def test_draws_a_chart_with_units_and_alt_and_leaves_pyplot_alone(name):
    before = plt.get_fignums()
    fig = CALLS[name]()
    assert isinstance(fig, _style.Chart)
    assert plt.get_fignums() == before
    ax = fig.axes[0]
    x_unit, y_unit = UNITS[name]
    assert x_unit in ax.get_xlabel() and y_unit in ax.get_ylabel()
    assert fig.alt and fig.alt.endswith(".")
    assert fig.png()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", list(CALLS))
def test_title_can_be_set(name):
    default = CALLS[name]().axes[0].get_title(loc="left")
    assert default and CALLS[name](title="Mine").axes[0].get_title(loc="left") == "Mine"


def test_burndown_alt_and_bars():
    fig = burndown_chart(DOWN)
    remaining = DOWN["Remaining (points)"].to_numpy()
    bars = [p.get_height() for p in fig.axes[0].patches]
    assert np.allclose(bars, remaining)
    assert f"{num(remaining[0])} points at the start" in fig.alt
    zero = np.flatnonzero(remaining[1:] <= 0)
    if zero.size:
        assert f"all done after sprint {zero[0] + 1}" in fig.alt
    else:
        assert f"{num(remaining[-1])} points left after sprint {len(remaining) - 1}" in fig.alt
    assert "Scope added: 10 points; removed: 5 points." in fig.alt
    assert [t.get_text() for t in fig.axes[0].texts] == ["+10", "\u22125"]


def test_burndown_alt_when_work_is_left():
    fig = burndown_chart(forecast.burndown(300, [20, 25]))
    assert fig.alt == ("Release burndown: 300 points at the start, 255 points left after "
                       "sprint 2. Scope added: 0 points; removed: 0 points.")


def test_burnup_alt():
    fig = burnup_chart(UP)
    done, scope = UP["Done (points)"].iloc[-1], UP["Scope (points)"].iloc[-1]
    assert f"{num(done)} of {num(scope)} points done after sprint 8 ({done / scope:.0%})" \
        in fig.alt
    assert f"Scope went from 150 to {num(scope)} points." in fig.alt
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert np.allclose(lines["Done (points)"].get_ydata(), UP["Done (points)"])


def test_release_forecast_alt_and_range():
    fig = release_forecast_chart(FORECAST)
    f = FORECAST
    assert (f"{f.fewest_sprints} to {f.most_sprints} sprints of 14 days "
            f"({14 * f.fewest_sprints} to {14 * f.most_sprints} days)") in fig.alt
    assert (f"between {f.earliest_finish.isoformat()} and {f.latest_finish.isoformat()}"
            in fig.alt)
    span = [p for p in fig.axes[0].patches if p.get_label() == "Range of finish"][0]
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    assert (x0, x1) == (f.fewest_sprints, f.most_sprints)


def test_cumulative_flow_alt_and_bands():
    fig = cumulative_flow_chart(BOARD)
    m = BOARD.metrics()
    assert "over 90 days with a WIP limit of 10" in fig.alt
    assert f"{int(BOARD.daily['Arrived'].sum())} items arrived" in fig.alt
    assert f"{int(BOARD.daily['Done'].iloc[-1])} were done" in fig.alt
    assert f"Average WIP {m['Average WIP (items)']:.1f} items" in fig.alt
    assert f"throughput {m['Throughput (items per day)']:.2f} items per day" in fig.alt
    assert f"average cycle time {m['Average cycle time (days)']:.1f} days" in fig.alt
    # One band per state; the top of the stack counts every item that arrived.
    ax = fig.axes[0]
    assert len(ax.collections) == len(BOARD.states)
    top = ax.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == BOARD.daily["Arrived"].sum()
    assert ["Average WIP" in t.get_text() for t in ax.texts] == [True]


def test_cumulative_flow_alt_names_littles_law():
    fig = cumulative_flow_chart(BOARD)
    expected = BOARD.metrics()["Little's law cycle time (days)"]
    assert f"(Little's law gives {expected:.1f} days)" in fig.alt


def test_tradeoff_alt_and_lines():
    fig = tradeoff_chart(MODEL)
    s = MODEL.summary
    assert fig.alt.startswith("Teaching model over 52 weeks, 8% of undelivered work changed a "
                              "month, increments every 6 weeks, 0.75 weeks of overhead")
    for name in tradeoff.APPROACHES:
        assert (f"{name.lower()} ({int(s.loc[name, 'Releases'])} release") in fig.alt
        assert f"delivers {s.loc[name, 'Delivered (work units)']:.1f} work units" in fig.alt
        assert f"{s.loc[name, 'Rework (work units)']:.1f} reworked" in fig.alt
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["Predictive: delivered", "Predictive: rework", "Incremental: delivered",
                      "Incremental: rework"]


@pytest.mark.parametrize("chart", [burndown_chart, burnup_chart, release_forecast_chart,
                                   cumulative_flow_chart, tradeoff_chart])
def test_wrong_input_is_refused(chart):
    with pytest.raises(TypeError, match="This chart needs"):
        chart({"not": "data"})


def test_charts_in_the_tools_type():
    with _style.for_tools():
        fig = cumulative_flow_chart(BOARD)
    assert fig.get_figwidth() == pytest.approx(8 * _style.TOOL_SCALE)
