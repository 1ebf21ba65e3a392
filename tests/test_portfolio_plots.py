"""Lesson 06's portfolio charts: a Chart each, units on the axes, the key numbers in
the text alternative (recomputed here from the data), the house palette, no pyplot."""

from __future__ import annotations

import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from implcourse.plots import _style
from implcourse.plots.portfolio import (LEVEL_COLOURS, confounder_chart, factor_chart,
                                        overrun_histogram, reference_class_chart)
from implcourse.portfolio import load_projects, reference_class_forecast

DF = load_projects()
RCF = reference_class_forecast(DF, 2_000_000, peers={"type": "ERP"})
CALLS = {
    "overrun_histogram": lambda: overrun_histogram(DF),
    "factor_chart (levels)": lambda: factor_chart(DF, "methodology", "cost_overrun_pct"),
    "factor_chart (numeric)": lambda: factor_chart(DF, "training_hours_per_user", "adoption_90d"),
    "confounder_chart": lambda: confounder_chart(DF, "methodology", "budget", "cost_overrun_pct"),
    "reference_class_chart": lambda: reference_class_chart(RCF),
}


def cost(frame):
    return ((frame["actual_cost"] - frame["budget"]) / frame["budget"] * 100).tolist()


@pytest.mark.parametrize("name", list(CALLS))
def test_chart_with_alt_units_and_no_pyplot(name):
    before = plt.get_fignums()
    fig = CALLS[name]()
    assert isinstance(fig, _style.Chart) and plt.get_fignums() == before
    assert fig.alt and "synthetic" in fig.alt.lower()
    ax = fig.axes[0]
    for label in (ax.get_xlabel(), ax.get_ylabel()):
        assert label
    assert "(" in ax.get_ylabel() or "%" in ax.get_ylabel()
    assert ax.get_title(loc="left")
    assert fig.png().startswith(b"\x89PNG")


def test_histogram_alt_gives_median_mean_p80():
    values = cost(DF)
    alt = overrun_histogram(DF).alt
    assert f"median {round(statistics.median(values)):+d} %".replace("+0 %", "0 %") in alt
    assert f"mean {round(statistics.fmean(values)):+d} %" in alt
    assert f"P80 {round(float(np.percentile(values, 80))):+d} %" in alt
    share = sum(v > 50 for v in values) / len(values)
    assert f"{share:.0%} more than 50 % over" in alt


def test_histogram_counts_every_project():
    fig = overrun_histogram(DF, bin_width=50)
    heights = sum(p.get_height() for p in fig.axes[0].patches)
    assert heights == len(DF)
    with pytest.raises(ValueError, match="Bar width must be positive"):
        overrun_histogram(DF, bin_width=0)


def test_factor_chart_bars_are_the_level_means():
    fig = factor_chart(DF, "methodology", "cost_overrun_pct")
    bars = fig.axes[0].patches
    ticks = [t.get_text().split("\n")[0] for t in fig.axes[0].get_xticklabels()]
    for bar, level in zip(bars, ticks):
        expected = statistics.fmean(cost(DF[DF["methodology"] == level]))
        assert bar.get_height() == pytest.approx(expected)
        assert f"{level} mean {expected:.1f}" in fig.alt


def test_a_level_keeps_its_colour_across_charts():
    factor = factor_chart(DF, "methodology", "cost_overrun_pct")
    ticks = [t.get_text().split("\n")[0] for t in factor.axes[0].get_xticklabels()]
    colour_in_factor = {lv: to_hex(b.get_facecolor()) for lv, b in
                        zip(ticks, factor.axes[0].patches)}
    conf = confounder_chart(DF, "methodology", "budget", "cost_overrun_pct")
    handles, labels = conf.axes[0].get_legend_handles_labels()
    colour_in_conf = {lv: to_hex(h.patches[0].get_facecolor()) for h, lv in zip(handles, labels)}
    assert colour_in_factor == colour_in_conf
    assert set(colour_in_factor.values()) <= {to_hex(c) for c in LEVEL_COLOURS}


def test_confounder_alt_gives_both_gaps():
    fig = confounder_chart(DF, "methodology", "budget", "cost_overrun_pct")
    waterfall = statistics.median(cost(DF[DF["methodology"] == "waterfall"]))
    agile = statistics.median(cost(DF[DF["methodology"] == "agile"]))
    assert f"{waterfall - agile:+.1f} points against agile" in fig.alt
    assert "within bands of budget the gap is" in fig.alt
    assert len(fig.axes[0].get_xticklabels()) == 4          # pooled + three bands


def test_reference_class_chart_marks_p50_and_p80():
    fig = reference_class_chart(RCF)
    ax = fig.axes[0]
    xs = {round(line.get_xdata()[0], 6) for line in ax.get_lines()
          if len(set(np.atleast_1d(line.get_xdata()))) == 1}
    assert round(RCF.uplift_pct, 6) in xs and round(RCF.p50_uplift_pct, 6) in xs
    assert f"{RCF.forecast_budget:,.0f} EUR" in fig.alt and f"{RCF.n_peers} completed" in fig.alt
    with pytest.raises(TypeError, match="forecast must come from reference_class_forecast"):
        reference_class_chart({"uplift": 3})
