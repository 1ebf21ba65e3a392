"""Lesson 06's portfolio explorer, driven without a browser: four tabs drawn when opened,
charts equal to the plots drawn directly, tables and words with figures recomputed here
(plain loops over the CSV), bad input shown inline with the last good result kept."""

from __future__ import annotations

import csv
import html
import math
import re
import statistics

import ipywidgets as w
import pytest

from implcourse.content import datasets_dir
from implcourse.plots import portfolio as charts
from implcourse.portfolio import load_projects
from implcourse.widgets import catalogue
from implcourse.widgets.portfolio import TAB_TITLES, TITLE, portfolio_explorer

from helpers import PNG, assert_tool_fallback, chart_digest

DF = load_projects()


def read_rows() -> list[dict[str, str]]:
    with open(datasets_dir() / "projects.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = read_rows()


def overrun(row, measure: str = "cost") -> float:
    if measure == "cost":
        plan, actual = float(row["budget"]), float(row["actual_cost"])
    else:
        plan, actual = float(row["planned_months"]), float(row["actual_months"])
    return (actual - plan) / plan * 100


def inclusive(values, p: float) -> float:
    """PERCENTILE.INC by hand (checked against published examples in
    tests/test_portfolio_exercises.py)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def signed(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "\u2212")


def text_of(widget) -> str:
    """A widget's HTML as the words a reader sees (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def table_of(widget) -> str:
    """A table's HTML with its entities read (tags kept, to find whole cells)."""
    return html.unescape(widget.value)


@pytest.fixture(scope="module")
def tool():
    return portfolio_explorer()


def drawn(chart) -> bytes:
    assert chart.figure is not None
    return chart_digest(chart.figure)


# --------------------------------------------------------------------------
# The tool as a whole
# --------------------------------------------------------------------------

def test_is_a_tool_in_the_catalogue_with_four_tabs(tool):
    assert_tool_fallback(tool, TITLE)
    entries = [(lesson, title) for lesson, title, _ in catalogue()]
    assert ("06", TITLE) in entries
    factory = dict((title, f) for _, title, f in catalogue())[TITLE]
    assert factory is portfolio_explorer
    assert list(tool.tabs.titles) == TAB_TITLES == [
        "Overruns", "Correlation or cause?", "Survivorship", "Reference-class forecast"]


def test_each_tab_puts_its_controls_beside_its_result(tool):
    for page in tool.tabs.children:
        assert "implcourse-row" in page._dom_classes
        left, right = page.children
        assert "implcourse-controls" in left._dom_classes
        assert "implcourse-result" in right._dom_classes
    for slider in (tool.bands, tool.percentile):
        assert isinstance(slider, w.IntSlider) and slider.continuous_update is False


def test_tabs_are_drawn_when_opened():
    fresh = portfolio_explorer()
    assert fresh.overrun_chart.figure is not None
    assert fresh.confounder_chart.figure is None and fresh.survivor_chart.figure is None
    assert fresh.forecast_chart.figure is None and fresh.forecast_text.value == ""
    fresh.factor.value = "partner_type"  # a hidden tab's control waits for its tab
    assert fresh.confounder_chart.figure is None
    for index, chart in enumerate((fresh.confounder_chart, fresh.survivor_chart,
                                   fresh.forecast_chart), start=1):
        fresh.tabs.selected_index = index
        assert bytes(chart.image.value).startswith(PNG)
        assert chart.figure.alt and html.escape(chart.figure.alt) in chart.caption.value
    fresh.tabs.selected_index = 1
    assert drawn(fresh.confounder_chart) == chart_digest(
        charts.confounder_chart(DF, "partner_type", "budget", "cost_overrun_pct", bands=3))


# --------------------------------------------------------------------------
# (a) Overruns
# --------------------------------------------------------------------------

def test_overruns_histogram_and_summary(tool):
    tool.tabs.selected_index = 0
    for measure in ("schedule", "cost"):
        tool.group_by.value = ""
        tool.measure.value = measure
        assert drawn(tool.overrun_chart) == chart_digest(charts.overrun_histogram(DF, measure))
        values = [overrun(r, measure) for r in ROWS]
        table = table_of(tool.overrun_table)
        assert f">{len(ROWS)}<" in table
        assert f"{statistics.median(values):.1f}".replace("-", "\u2212") in table
        assert f"{inclusive(values, 80):.1f}".replace("-", "\u2212") in table
        for label in ("Median (%)", "P80 (%)", "Over plan", "Over +50 %"):
            assert label in table
        headers = re.findall(r"<th[^>]*>(.*?)</th>", table)
        assert headers and not any("_" in h for h in headers), headers
        assert "Synthetic data" in tool.overrun_text.value


@pytest.mark.parametrize("factor", ["methodology", "type", "rollout_strategy"])
def test_overruns_grouped_by_a_factor(tool, factor):
    tool.tabs.selected_index = 0
    tool.measure.value = "cost"
    tool.group_by.value = factor
    assert drawn(tool.overrun_chart) == chart_digest(
        charts.factor_chart(DF, factor, "cost_overrun_pct"))
    table = table_of(tool.overrun_table)
    levels = {}
    for row in ROWS:
        levels.setdefault(row[factor], []).append(overrun(row))
    for level, values in levels.items():
        assert f">{level}<" in table
        assert f">{statistics.median(values):.1f}<".replace("-", "\u2212") in table
    tool.group_by.value = ""


# --------------------------------------------------------------------------
# (b) Correlation or cause?
# --------------------------------------------------------------------------

def test_confounder_words_and_chart(tool):
    tool.tabs.selected_index = 1
    tool.factor.value, tool.confounder.value = "methodology", "budget"
    tool.outcome.value, tool.bands.value = "cost_overrun_pct", 3
    medians = {}
    for row in ROWS:
        medians.setdefault(row["methodology"], []).append(overrun(row))
    medians = {k: statistics.median(v) for k, v in medians.items()}
    gap = medians["waterfall"] - medians["agile"]
    words = text_of(tool.confounder_text)
    assert ("the median cost overrun of waterfall projects is "
            f"{signed(gap)} points against agile") in words
    assert "Within bands of budget the gap is" in words
    assert "Most of the pooled gap goes with budget" in words
    assert "Synthetic data" in words
    assert drawn(tool.confounder_chart) == chart_digest(
        charts.confounder_chart(DF, "methodology", "budget", "cost_overrun_pct", bands=3))
    assert tool.confounder_message.value == ""


def test_bands_and_outcome_redraw(tool):
    tool.tabs.selected_index = 1
    tool.factor.value, tool.confounder.value = "methodology", "budget"
    seen = set()
    for bands in (2, 4, 5):
        for outcome in ("cost_overrun_pct", "adoption_90d"):
            tool.bands.value, tool.outcome.value = bands, outcome
            digest = drawn(tool.confounder_chart)
            assert digest == chart_digest(charts.confounder_chart(
                DF, "methodology", "budget", outcome, bands=bands))
            seen.add(digest)
    assert len(seen) == 6
    tool.bands.value, tool.outcome.value = 3, "cost_overrun_pct"


def test_confounder_error_keeps_the_last_good_comparison():
    """A factor with one level cannot be compared: the message says so and the last
    comparison stays, greyed out; a good choice clears it."""
    one = DF.copy()
    one["partner_type"] = "vendor"
    view = portfolio_explorer(one)
    view.tabs.selected_index = 1
    before_text, before_png = view.confounder_text.value, bytes(view.confounder_chart.image.value)
    view.factor.value = "partner_type"
    assert "only one level" in view.confounder_message.value
    assert "last comparison" in view.confounder_message.value
    assert view.confounder_chart.stale
    assert view.confounder_text.value == before_text
    assert bytes(view.confounder_chart.image.value) == before_png
    view.factor.value = "rollout_strategy"
    assert view.confounder_message.value == "" and not view.confounder_chart.stale


# --------------------------------------------------------------------------
# (c) Survivorship
# --------------------------------------------------------------------------

def test_survivorship_all_and_completed(tool):
    tool.tabs.selected_index = 2
    completed = [r for r in ROWS if r["outcome"] != "cancelled"]
    cancelled = len(ROWS) - len(completed)
    for measure in ("cost", "schedule"):
        tool.survivor_measure.value = measure
        everyone = statistics.mean(overrun(r, measure) for r in ROWS)
        archive = statistics.mean(overrun(r, measure) for r in completed)
        words = text_of(tool.survivor_text)
        if archive < everyone:
            assert "the archive looks better than the portfolio was" in words
        else:  # cancelled projects stopped early: their time to the cancel date is short
            assert "does not look better" in words and "stopped early" in words
        assert (measure == "cost") is (archive < everyone)
        assert f"misses the {cancelled} cancelled ones" in words
        assert f"mean {measure} overrun is {signed(archive)} % against {signed(everyone)} %" \
            in words
        table = table_of(tool.survivor_table)
        assert "completed only (the archive)" in table and f">{len(completed)}<" in table
        tool.sample.value = "completed"
        frame = DF[DF["outcome"] != "cancelled"]
        assert drawn(tool.survivor_chart) == chart_digest(charts.overrun_histogram(
            frame, measure, title=f"{measure.capitalize()} overruns: completed projects only "
                                  "(the archive)"))
        assert f"overruns of {len(completed)} projects" in tool.survivor_chart.figure.alt
        tool.sample.value = "all"
        assert f"overruns of {len(ROWS)} projects" in tool.survivor_chart.figure.alt


# --------------------------------------------------------------------------
# (d) Reference-class forecast
# --------------------------------------------------------------------------

def peers(kind=None, industry=None) -> list[float]:
    return [overrun(r) for r in ROWS if r["outcome"] != "cancelled"
            and (kind is None or r["type"] == kind)
            and (industry is None or r["industry"] == industry)]


def test_forecast_default_and_percentile():
    view = portfolio_explorer()
    view.tabs.selected_index = 3
    assert (view.project_type.value, view.industry.value) == ("ERP", "")
    assert (view.budget.value, view.percentile.value) == (2_000_000, 80)
    values = peers("ERP")
    for p in (80, 50, 95, 65):
        view.percentile.value = p
        words = text_of(view.forecast_text)
        want = 2_000_000 * (1 + inclusive(values, p) / 100)
        median = 2_000_000 * (1 + inclusive(values, 50) / 100)
        assert f"From {len(values)} completed peer projects" in words
        assert f"becomes {want:,.0f} EUR at P{p}" in words
        assert f"{median:,.0f} EUR at P50" in words
        assert "Project type = ERP" in words and "synthetic" in words
        assert f"P{p} uplift" in view.forecast_chart.figure.alt
        assert view.forecast_message.value == ""


def test_a_new_budget_keeps_the_drawing_and_changes_the_words():
    view = portfolio_explorer()
    view.tabs.selected_index = 3
    figure = view.forecast_chart.figure
    view.budget.value = 3_500_000
    assert view.forecast_chart.figure is figure  # the same drawing: the axis is in per cent
    want = 3_500_000 * (1 + inclusive(peers("ERP"), 80) / 100)
    assert f"{want:,.0f} EUR" in figure.alt
    assert html.escape(f"{want:,.0f} EUR") in view.forecast_chart.caption.value
    assert f"becomes {want:,.0f} EUR at P80" in text_of(view.forecast_text)


def test_filters_choose_the_peers():
    view = portfolio_explorer()
    view.tabs.selected_index = 3
    view.project_type.value = ""
    view.industry.value = "manufacturing"
    values = peers(industry="manufacturing")
    words = text_of(view.forecast_text)
    assert f"From {len(values)} completed peer projects" in words
    assert "Industry = manufacturing" in words and "Project type" not in words
    want = 2_000_000 * (1 + inclusive(values, 80) / 100)
    assert f"becomes {want:,.0f} EUR at P80" in words
    view.industry.value = ""
    assert f"From {len(peers())} completed peer projects" in text_of(view.forecast_text)
    assert "no filters" in text_of(view.forecast_text)


def test_too_few_peers_names_the_filters_and_keeps_the_forecast():
    view = portfolio_explorer()
    view.tabs.selected_index = 3
    good_text = view.forecast_text.value
    good_png = bytes(view.forecast_chart.image.value)
    view.industry.value = "healthcare"
    n = len(peers("ERP", "healthcare"))
    assert n < 10
    message = text_of(view.forecast_message)
    assert "Too few peers: only" in message
    assert "Project type = ERP, Industry = healthcare" in message
    assert (f"only {n} completed past projects" in message if n != 1
            else "only 1 completed past project matches" in message)
    assert "last good result" in message
    assert view.forecast_chart.stale and view.forecast_text.value == good_text
    assert bytes(view.forecast_chart.image.value) == good_png
    view.percentile.value = 60  # still too few: nothing changes
    assert view.forecast_text.value == good_text and view.forecast_chart.stale
    view.industry.value = ""
    assert view.forecast_message.value == "" and not view.forecast_chart.stale
    assert "at P60" in text_of(view.forecast_text)


@pytest.mark.parametrize("bad", [0.0, -5.0])
def test_a_budget_that_is_not_positive_is_refused(bad):
    view = portfolio_explorer()
    view.tabs.selected_index = 3
    good_text = view.forecast_text.value
    view.budget.value = bad
    message = text_of(view.forecast_message)
    assert "Budget of the new project must be positive" in message
    assert f"you entered {bad:g}" in message
    assert view.forecast_chart.stale and view.forecast_text.value == good_text
    view.budget.value = 1_000_000
    assert view.forecast_message.value == "" and not view.forecast_chart.stale
    assert "a budget of 1,000,000 EUR" in text_of(view.forecast_text)


def test_drawings_are_remembered_by_state():
    """Going back to a state shows the remembered drawing (the same figure object)."""
    view = portfolio_explorer()
    first = view.overrun_chart.figure
    view.measure.value = "schedule"
    assert view.overrun_chart.figure is not first
    view.measure.value = "cost"
    assert view.overrun_chart.figure is first
    view.tabs.selected_index = 3
    eighty = view.forecast_chart.figure
    view.percentile.value = 90
    assert view.forecast_chart.figure is not eighty
    view.percentile.value = 80
    assert view.forecast_chart.figure is eighty


def test_portfolio_explorer_takes_a_trainers_file_by_path(tmp_path, monkeypatch):
    """A trainer's copy of the portfolio with only its first 120 projects: the
    explorer counts the copy's projects, not the course's."""
    text = (datasets_dir() / "projects.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    path = tmp_path / "our_projects.csv"
    path.write_text("\n".join(lines[:121]) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    course = portfolio_explorer()
    for given in (path, str(path), "./our_projects.csv"):
        tool = portfolio_explorer(given)
        assert "120 projects" in tool.overrun_table.value + tool.overrun_chart.caption.value
        assert tool.overrun_table.value != course.overrun_table.value
    with pytest.raises(TypeError, match="portfolio"):
        portfolio_explorer(42)
