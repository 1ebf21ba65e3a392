"""Lesson 05's charts: cumulative cash flow, NPV profile, tornado, scenarios, benefit ramp."""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from implcourse import business_case as bc
from implcourse import finance
from implcourse.exercises.finance import Irr
from implcourse.plots import _style
from implcourse.plots.finance import (benefit_ramp, cumulative_cashflow, npv_profile,
                                      scenario_lines, tornado)

FLOWS = [-1000.0, 300.0, 450.0, 500.0, 200.0]
PUMP = [-1600.0, 10000.0, -10000.0]          # two IRRs: 25 % and 400 %
CASE = bc.load_case("erp_replacement")


def independent_npv(rate: float, flows) -> float:
    return sum(c / (1 + rate) ** t for t, c in enumerate(flows))


def labelled_lines(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()
            if not line.get_label().startswith("_")}


def markers(ax, marker: str) -> list:
    return [line for line in ax.get_lines() if line.get_marker() == marker
            and line.get_linestyle() in ("None", "", " ")]


def shown(lines) -> list:
    """The markers that hold a point (a live payback marker is empty when there is no
    payback: the calculator may give it one later without redrawing the chart)."""
    return [line for line in lines if len(line.get_xdata())]


def point(line) -> tuple[float, float]:
    (x,), (y,) = line.get_xdata(), line.get_ydata()
    return float(x), float(y)


CALLS = {
    "cumulative_cashflow": lambda: cumulative_cashflow(FLOWS, rate=0.1),
    "npv_profile": lambda: npv_profile(FLOWS, hurdle=0.1),
    "tornado": lambda: tornado(bc.sensitivity(CASE)),
    "scenario_lines": lambda: scenario_lines({"worst": [-100, 30, 30], "best": [-100, 80, 80]}),
    "benefit_ramp": lambda: benefit_ramp([0, 100, 100], [0, 40, 90]),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_returns_a_figure_and_leaves_pyplot_alone(name):
    """Each chart is a Figure with one axes; no pyplot figure is opened."""
    before = plt.get_fignums()
    fig = CALLS[name]()
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", list(CALLS))
def test_title_can_be_set(name):
    """A given title replaces the default one."""
    default = CALLS[name]().axes[0].get_title(loc="left")
    assert default
    fig = {
        "cumulative_cashflow": lambda: cumulative_cashflow(FLOWS, title="Mine"),
        "npv_profile": lambda: npv_profile(FLOWS, title="Mine"),
        "tornado": lambda: tornado(bc.sensitivity(CASE), title="Mine"),
        "scenario_lines": lambda: scenario_lines({"a": [-1, 2]}, title="Mine"),
        "benefit_ramp": lambda: benefit_ramp([1], [1], title="Mine"),
    }[name]()
    assert fig.axes[0].get_title(loc="left") == "Mine" != default


# --------------------------------------------------------------------------
# cumulative_cashflow
# --------------------------------------------------------------------------

FLOW_SETS = [FLOWS, [-200, 50, 60, 70, 200], [-100, 60, 60], list(CASE.cashflows()),
             [-5, -5, 4, 4, 4, 4]]


@pytest.mark.parametrize("flows", FLOW_SETS)
def test_cumulative_line_and_bars(flows):
    """One bar per year with the year's flow; the 'cumulative' line is the running sum."""
    ax = cumulative_cashflow(flows).axes[0]
    years = np.arange(len(flows))
    assert len(ax.patches) == len(flows)
    for t, patch in enumerate(ax.patches):
        assert patch.get_x() + patch.get_width() / 2 == pytest.approx(t)
        ends = sorted([patch.get_y(), patch.get_y() + patch.get_height()])
        assert ends == pytest.approx(sorted([0.0, flows[t]]))  # from 0 to the flow
        colour = _style.NORMAL if flows[t] >= 0 else _style.CRITICAL
        assert np.allclose(patch.get_facecolor()[:3], to_rgba(colour)[:3])
    line = labelled_lines(ax)["cumulative"]
    assert np.array_equal(line.get_xdata(), years)
    assert np.allclose(line.get_ydata(), np.cumsum(flows))
    assert list(ax.get_xticks()) == list(years)


@pytest.mark.parametrize("flows", FLOW_SETS)
def test_payback_marker_sits_on_zero_at_the_payback(flows):
    """The payback star is at (payback_period, 0), labelled "payback" in the legend (the
    legend never changes, so a tool need not redraw it); the text alternative gives the
    payback in years. No discounted line without a rate."""
    fig = cumulative_cashflow(flows)
    ax = fig.axes[0]
    payback = finance.payback_period(flows)
    assert math.isfinite(payback)
    stars = shown(markers(ax, "*"))
    assert len(stars) == 1
    assert point(stars[0]) == pytest.approx((payback, 0.0))
    assert stars[0].get_label() == "payback"
    assert f"payback after {payback:.2f} years" in fig.alt
    assert not any("discounted" in label for label in labelled_lines(ax))
    assert "discounted" not in fig.alt


@pytest.mark.parametrize("flows", FLOW_SETS)
@pytest.mark.parametrize("rate", [0.0, 0.05, 0.1])
def test_discounted_line_and_marker_with_a_rate(flows, rate):
    """With a rate: the discounted cumulative line and its payback marker; the rate and
    the discounted payback are in the text alternative."""
    fig = cumulative_cashflow(flows, rate=rate)
    ax = fig.axes[0]
    lines = labelled_lines(ax)
    label = "cumulative, discounted"
    expected = np.cumsum([c / (1 + rate) ** t for t, c in enumerate(flows)])
    assert np.allclose(lines[label].get_ydata(), expected)
    assert np.array_equal(lines[label].get_xdata(), np.arange(len(flows)))
    assert f"discounted at {rate:.1%}" in fig.alt
    late = finance.discounted_payback_period(rate, flows)
    stars = {line.get_label(): point(line) for line in shown(markers(ax, "*"))}
    if math.isfinite(late):
        assert stars["discounted payback"] == pytest.approx((late, 0.0))
        assert len(stars) == 2
        assert f"discounted at {rate:.1%}, after {late:.2f} years" in fig.alt
    else:
        assert len(stars) == 1 and not any("discounted" in k for k in stars)
        assert f"discounted at {rate:.1%}, after never" in fig.alt


def test_no_payback_marker_when_money_never_comes_back():
    """Payback inf: no star shows, even with a rate; the text alternative says never."""
    for rate in (None, 0.1):
        fig = cumulative_cashflow([-100, 20, 20], rate=rate)
        ax = fig.axes[0]
        assert shown(markers(ax, "*")) == []
        # The empty markers are still there, for a tool to move.
        assert len(markers(ax, "*")) == (1 if rate is None else 2)
        assert "no payback within the horizon" in fig.alt


def test_discounted_payback_marker_absent_when_only_simple_pays_back():
    """Simple payback within the horizon but discounted never: one star, the simple one."""
    flows = [-100, 60, 45]
    assert math.isfinite(finance.payback_period(flows))
    assert math.isinf(finance.discounted_payback_period(0.1, flows))
    stars = shown(markers(cumulative_cashflow(flows, rate=0.1).axes[0], "*"))
    assert len(stars) == 1
    assert point(stars[0]) == pytest.approx((finance.payback_period(flows), 0.0))


def test_payback_at_the_start_is_marked_at_zero():
    """Nothing owed at the start: payback 0, marked at year 0."""
    stars = shown(markers(cumulative_cashflow([50, 10]).axes[0], "*"))
    assert [point(s) for s in stars] == [(0.0, 0.0)]


def test_currency_in_the_axis_label():
    """The y label names the currency, in brackets, when given."""
    assert cumulative_cashflow(FLOWS, currency="EUR").axes[0].get_ylabel() == "Amount (EUR)"
    assert cumulative_cashflow(FLOWS).axes[0].get_ylabel() == "Amount"


@pytest.mark.parametrize("flows, error, name", [
    ([-100, float("nan"), 60], ValueError, r"cashflows\[1\]"),
    ([-100, float("inf")], ValueError, r"cashflows\[1\]"),
    ([], ValueError, "cashflows"),
    ("-100, 60", TypeError, "cashflows"),
    (None, TypeError, "cashflows"),
    ([-100, "x"], TypeError, "cashflows"),
    ([[-100, 60], [-100, 60]], ValueError, "cashflows"),
])
def test_cumulative_cashflow_bad_input(flows, error, name):
    """Bad cash flows raise, naming cashflows; no figure is left open."""
    before = plt.get_fignums()
    with pytest.raises(error, match=name):
        cumulative_cashflow(flows)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("rate", [-1, -1.5, float("nan"), "0.1"])
def test_cumulative_cashflow_bad_rate(rate):
    """A rate <= -1 or not a number raises, naming rate."""
    with pytest.raises((TypeError, ValueError), match=r"\brate\b"):
        cumulative_cashflow(FLOWS, rate=rate)


# --------------------------------------------------------------------------
# npv_profile
# --------------------------------------------------------------------------

def irr_marker_xs(ax) -> list[float]:
    return sorted(point(line)[0] for line in markers(ax, "o"))


def test_npv_line_is_the_npv_at_each_rate():
    """The NPV line gives npv(rate, flows) at every rate (x in percent)."""
    rates = [0.0, 0.05, 0.1, 0.2, 0.35]
    line = labelled_lines(npv_profile(FLOWS, rates=rates).axes[0])["NPV"]
    assert np.allclose(line.get_xdata(), [100 * r for r in rates])
    assert np.allclose(line.get_ydata(), [independent_npv(r, FLOWS) for r in rates])
    default = labelled_lines(npv_profile(FLOWS).axes[0])["NPV"]
    assert default.get_xdata().min() == 0 and default.get_xdata().max() == pytest.approx(60)


@pytest.mark.parametrize("rates, expected", [
    (np.linspace(0, 5, 101), [25.0, 400.0]),   # both IRRs in range
    (None, [25.0]),                             # default 0..60 %: only 25 %
    (np.linspace(0.3, 3.0, 50), []),            # between them: none
    (np.linspace(1.0, 4.5, 50), [400.0]),
])
def test_every_irr_in_range_is_marked(rates, expected):
    """Each IRR of irr_all within the rates is one marker on NPV = 0, none outside."""
    ax = npv_profile(PUMP, rates=rates).axes[0]
    assert irr_marker_xs(ax) == pytest.approx(expected)
    assert all(point(line)[1] == 0 for line in markers(ax, "o"))
    assert [100 * r for r in finance.irr_all(PUMP)] == pytest.approx([25.0, 400.0])


def test_irr_markers_of_seeded_series():
    """A costs-then-benefits series has one IRR, marked where finance.irr says."""
    for seed in range(15):
        flows = Irr(seed=seed).cashflows
        irr = finance.irr(flows)
        ax = npv_profile(flows, rates=np.linspace(-0.5, 0.8, 27)).axes[0]
        assert irr_marker_xs(ax) == pytest.approx([100 * irr]), seed


def test_no_irr_marker_when_flows_never_change_sign():
    """No IRR: no marker."""
    assert irr_marker_xs(npv_profile([100, 50, 50]).axes[0]) == []


def test_hurdle_line_only_when_given():
    """hurdle draws one vertical line at hurdle × 100, labelled; none without it."""
    ax = npv_profile(FLOWS, hurdle=0.12).axes[0]
    line = labelled_lines(ax)["hurdle rate 12%"]
    assert np.allclose(line.get_xdata(), [12.0, 12.0])
    assert not any(k.startswith("hurdle") for k in labelled_lines(npv_profile(FLOWS).axes[0]))


@pytest.mark.parametrize("kwargs, error, name", [
    ({"cashflows": [-100, float("nan"), 60]}, ValueError, r"cashflows\[1\]"),
    ({"cashflows": "abc"}, TypeError, "cashflows"),
    ({"cashflows": FLOWS, "rates": [0.1, float("nan")]}, ValueError, r"rates\[1\]"),
    ({"cashflows": FLOWS, "rates": []}, ValueError, "rates"),
    ({"cashflows": FLOWS, "rates": 0.1}, TypeError, "rates"),
    ({"cashflows": FLOWS, "rates": [-1.0, 0.0, 0.1]}, ValueError, r"\brates\b"),
    ({"cashflows": FLOWS, "rates": [-2.0, 0.1]}, ValueError, r"\brates\b"),
], ids=["nan-flow", "str-flows", "nan-rate", "no-rates", "scalar-rates", "rate-minus-1",
        "rate-minus-2"])
def test_npv_profile_bad_input(kwargs, error, name):
    """Bad cash flows or rates raise, naming the parameter."""
    with pytest.raises(error, match=name):
        npv_profile(**kwargs)


# --------------------------------------------------------------------------
# tornado
# --------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", bc.case_ids())
@pytest.mark.parametrize("swing", [0.1, 0.3])
def test_tornado_bars_per_driver_widest_on_top(case_id, swing):
    """Two bars per driver from the base; the widest driver at the top."""
    table = bc.sensitivity(bc.load_case(case_id), swing=swing)
    ax = tornado(table).axes[0]
    n = len(table)
    assert len(ax.patches) == 2 * n
    base = float(table["base"].iloc[0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert list(ax.get_yticks()) == list(range(n))
    assert labels[::-1] == table["label"].tolist()   # highest y is the first (widest) row
    rows = {}
    for patch in ax.patches:
        assert patch.get_x() == pytest.approx(base)   # every bar starts at the base value
        rows.setdefault(round(patch.get_y() + patch.get_height() / 2), []).append(
            patch.get_width())
    assert sorted(rows) == list(range(n))
    spans = []
    for y, widths in rows.items():
        row = table.iloc[n - 1 - y]
        assert sorted(widths) == pytest.approx(sorted([row["low"] - base, row["high"] - base]))
        spans.append((y, max(widths) - min(widths)))
    spans = [span for _, span in sorted(spans)]
    assert spans == sorted(spans)                     # wider towards the top
    assert spans[-1] == pytest.approx(table["range"].iloc[0])
    assert any(line.get_xdata()[0] == pytest.approx(base) for line in ax.get_lines())


def test_tornado_colours_low_and_high():
    """Neutral colours: pale bars for driver - swing, blue for driver + swing, one each per
    driver (red would wrongly call a cut in costs bad)."""
    table = bc.sensitivity(CASE)
    fig = tornado(table)
    ax = fig.axes[0]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]  # under the chart
    assert "driver − 20%" in labels and "driver + 20%" in labels
    low = [p for p in ax.patches if np.allclose(p.get_facecolor(), to_rgba(_style.FLOAT))]
    high = [p for p in ax.patches if np.allclose(p.get_facecolor(), to_rgba(_style.NORMAL))]
    assert len(low) == len(high) == len(table)
    base = float(table["base"].iloc[0])
    n = len(table)
    for patch in low:
        row = table.iloc[n - 1 - round(patch.get_y() + patch.get_height() / 2)]
        assert patch.get_width() == pytest.approx(row["low"] - base)


def legend_text(ax) -> str:
    """The tornado's legend (under the whole chart, so no bar hides it)."""
    legend = ax.get_legend() or ax.figure.legends[0]
    return " | ".join(t.get_text() for t in legend.get_texts())


def test_tornado_metric_label_and_title():
    """The metric names the x axis and the title; the base line's legend entry gives the
    base value (the title stays short enough for a projected tool)."""
    table = bc.sensitivity(CASE)
    ax = tornado(table, metric_label="NPV").axes[0]
    assert ax.get_xlabel() == "NPV"
    assert ax.get_title(loc="left").startswith("NPV sensitivity")
    base = float(table["base"].iloc[0])
    assert f"base {base:,.0f}".replace("-", "\u2212") in legend_text(ax)


def stated_base(title: str) -> float:
    text = re.search(r"base ([-\d.,]+ ?%?)", title).group(1).replace(",", "").strip()
    return float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)


def test_tornado_of_roi_states_its_base():
    """An ROI tornado's title states the base ROI (not 'base 0' for 38.6 %)."""
    table = bc.sensitivity(CASE, metric="roi")
    base = float(table["base"].iloc[0])
    ax = tornado(table, metric_label="ROI").axes[0]
    assert stated_base(legend_text(ax)) == pytest.approx(base, abs=0.005)


def test_tornado_of_roi_has_distinct_axis_labels():
    """An ROI tornado's x tick labels are distinct (amount formatting makes them all 0 or 1)."""
    table = bc.sensitivity(CASE, metric="roi")
    fig = tornado(table, metric_label="ROI")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(ticks) >= 3
    assert len(set(ticks)) == len(ticks), ticks
    npv_fig = tornado(bc.sensitivity(CASE))
    npv_fig.canvas.draw()
    npv_ticks = [t.get_text() for t in npv_fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(set(npv_ticks)) == len(npv_ticks), npv_ticks


@pytest.mark.parametrize("bad", [None, [1, 2], {"label": ["a"]}, "table",
                                 pd.DataFrame({"label": ["a"], "low": [1.0]})])
def test_tornado_needs_a_sensitivity_table(bad):
    """Anything but a sensitivity DataFrame raises TypeError naming table."""
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=r"\btable\b"):
        tornado(bad)
    assert plt.get_fignums() == before


def test_tornado_of_an_empty_table_names_table():
    """An empty sensitivity table is bad input (TypeError/ValueError naming table)."""
    empty = bc.sensitivity(CASE).iloc[0:0]
    with pytest.raises((TypeError, ValueError), match=r"\btable\b"):
        tornado(empty)


# --------------------------------------------------------------------------
# scenario_lines
# --------------------------------------------------------------------------

SCENARIOS = {name: list(CASE.scenario(name).cashflows()) for name in ("worst", "likely", "best")}


@pytest.mark.parametrize("rate", [None, 0.08, 0.2])
def test_one_cumulative_line_per_scenario(rate):
    """One line per scenario, labelled with its name: cumulative, optionally discounted."""
    ax = scenario_lines(SCENARIOS, rate=rate).axes[0]
    lines = labelled_lines(ax)
    assert list(lines) == list(SCENARIOS)
    for name, flows in SCENARIOS.items():
        factor = [1.0 if rate is None else (1 + rate) ** -t for t in range(len(flows))]
        expected = np.cumsum(np.multiply(flows, factor))
        assert np.allclose(lines[name].get_ydata(), expected), name
        assert np.array_equal(lines[name].get_xdata(), np.arange(len(flows)))
    assert ("discounted" in ax.get_ylabel()) is (rate is not None)


def test_scenario_colours_and_other_names():
    """worst/likely/best have fixed colours; any other name still gets a line."""
    ax = scenario_lines({**SCENARIOS, "stretch": [-10, 1, 30, 40]}).axes[0]
    lines = labelled_lines(ax)
    assert len(lines) == 4 and np.allclose(lines["stretch"].get_ydata(), [-10, -9, 21, 61])
    for name, colour in (("worst", _style.CRITICAL), ("likely", _style.MILESTONE),
                         ("best", _style.NORMAL)):
        assert np.allclose(to_rgba(lines[name].get_color()), to_rgba(colour)), name


@pytest.mark.parametrize("bad, error, name", [
    ({}, (TypeError, ValueError), "cashflows_by_scenario"),
    ([[-100, 50]], TypeError, "cashflows_by_scenario"),
    (None, TypeError, "cashflows_by_scenario"),
    ({"worst": [-100, float("nan")]}, ValueError, r"cashflows_by_scenario\['worst'\]\[1\]"),
    ({"best": "abc"}, TypeError, r"cashflows_by_scenario\['best'\]"),
])
def test_scenario_lines_bad_input(bad, error, name):
    """An empty or non-dict mapping, or bad flows, raise naming the parameter."""
    before = plt.get_fignums()
    with pytest.raises(error, match=name):
        scenario_lines(bad)
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------
# benefit_ramp
# --------------------------------------------------------------------------

@pytest.mark.parametrize("delay", [0, 1, 2])
def test_benefit_ramp_bar_heights_equal_inputs(delay):
    """One 'full' and one 'realised' bar per year, with the given heights."""
    case = CASE.adjusted(adoption_delay=delay)
    full = case.benefit_table(realised=False)["total"].to_numpy()
    realised = case.benefit_totals()
    ax = benefit_ramp(full, realised).axes[0]
    n = len(full)
    assert len(ax.patches) == 2 * n
    full_bars, realised_bars = ax.patches[:n], ax.patches[n:]
    assert [p.get_height() for p in full_bars] == pytest.approx(full.tolist())
    assert [p.get_height() for p in realised_bars] == pytest.approx(realised.tolist())
    for t, (a, b) in enumerate(zip(full_bars, realised_bars)):
        assert a.get_x() + a.get_width() / 2 == pytest.approx(t - 0.2)
        assert b.get_x() + b.get_width() / 2 == pytest.approx(t + 0.2)
    assert list(ax.get_xticks()) == list(range(n))
    handles = [t.get_text() for t in ax.get_legend().get_texts()]
    assert handles == ["at full adoption", "realised"]


@pytest.mark.parametrize("full, realised, error, name", [
    ([0, 100, 100], [0, 40], ValueError, r"full and realised"),
    ([0, 100], [0, 40, 90], ValueError, r"full and realised"),
    ([0, float("nan")], [0, 40], ValueError, r"full\[1\]"),
    ([0, 100], [0, float("inf")], ValueError, r"realised\[1\]"),
    ("100", [1], TypeError, r"\bfull\b"),
    ([1], None, TypeError, r"\brealised\b"),
    ([], [], ValueError, r"\bfull\b"),
])
def test_benefit_ramp_bad_input(full, realised, error, name):
    """Mismatched lengths or bad amounts raise, naming the parameter."""
    before = plt.get_fignums()
    with pytest.raises(error, match=name):
        benefit_ramp(full, realised)
    assert plt.get_fignums() == before
