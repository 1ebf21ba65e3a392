"""Charts of lesson 06's KPIs (implcourse.plots.kpis): they draw what the
tables say, with units on the axes and a text alternative with the numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from implcourse.metrics.benefits import load_benefits_register, realisation  # noqa: E402
from implcourse.metrics.dashboard import kpi_dashboard, load_story_table  # noqa: E402
from implcourse.metrics.kpis import adoption_over_time, defect_trend  # noqa: E402
from implcourse.plots import _style  # noqa: E402
from implcourse.plots.kpis import (RAG_COLOURS, adoption_chart, benefits_chart,  # noqa: E402
                                   dashboard_figure, defect_trend_chart)


def test_dashboard_has_one_panel_per_kpi_with_value_and_status():
    table = kpi_dashboard()
    fig = dashboard_figure(table)
    assert isinstance(fig, _style.Chart)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(table)
    for ax, row in zip(visible, table.itertuples()):
        assert ax.get_title(loc="left").endswith(row.status.upper())
        assert ax.get_xlabel() == row.unit
        lo, hi = ax.get_xlim()
        assert lo <= row.value <= hi
        marker = [line for line in ax.get_lines() if line.get_xdata()[0] == row.value]
        assert marker, "the value is marked"
    counts = table["status"].value_counts()
    assert fig.alt.startswith(f"KPI dashboard of {len(table)} KPIs: "
                              f"{counts.get('green', 0)} green, {counts.get('amber', 0)} amber, "
                              f"{counts.get('red', 0)} red.")
    assert set(RAG_COLOURS.values()) == {"#009E73", "#E69F00", "#D55E00"}


def test_dashboard_follows_a_threshold_change():
    before = dashboard_figure(kpi_dashboard())
    after = dashboard_figure(kpi_dashboard(thresholds={"availability": {"green": 99.8}}))
    i = kpi_dashboard()["kpi"].tolist().index("availability")
    assert before.axes[i].get_title(loc="left").endswith("AMBER")
    assert after.axes[i].get_title(loc="left").endswith("GREEN")
    assert "Availability 99.84 % (green" in after.alt


def test_dashboard_refuses_a_wrong_table():
    with pytest.raises(ValueError, match=r"table lacks the column\(s\) status"):
        dashboard_figure(kpi_dashboard().drop(columns="status"))
    with pytest.raises(TypeError, match="table must be a DataFrame"):
        dashboard_figure([1])


def test_benefits_chart_from_register_and_realisation():
    reg = load_benefits_register()
    fig = benefits_chart(reg, "customer_retention")
    ax = fig.axes[0]
    assert "GBP" in ax.get_ylabel() and ax.get_xlabel() == "Quarter"
    planned, measured = ax.get_lines()[:2]
    part = reg[reg.benefit == "customer_retention"]
    assert planned.get_ydata()[-1] == pytest.approx(part["planned"].sum())
    assert measured.get_ydata()[-1] == pytest.approx(part["measured"].sum())
    summary = realisation(reg).set_index("benefit").loc["customer_retention"]
    assert f"({summary.percent / 100:.0%} of plan)" in fig.alt
    bars = benefits_chart(realisation(reg))
    assert "GBP" in bars.axes[0].get_ylabel()
    assert "customer retention 40,000 GBP of 71,250 GBP planned (56%)" in bars.alt
    with pytest.raises(ValueError, match="Unknown benefit 'speed'"):
        benefits_chart(reg, "speed")


def test_adoption_chart():
    log = load_story_table("adoption")
    fig = adoption_chart(log, green=85, amber=70)
    ax = fig.axes[0]
    assert "%" in ax.get_ylabel() and ax.get_xlabel() == "Month"
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(
        adoption_over_time(log)["percent"].tolist())
    assert "(123 of 150)" in fig.alt


def test_defect_trend_chart():
    trend = defect_trend(load_story_table("incidents"), freq="W")
    fig = defect_trend_chart(trend)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Defects per week"
    assert list(ax.get_lines()[0].get_ydata()) == trend["open"].tolist()
    assert f"{int(trend['new'].sum())} new" in fig.alt
    with pytest.raises(ValueError, match="trend is empty"):
        defect_trend_chart(pd.DataFrame(columns=["new", "resolved", "open"]))
