"""Lesson 03's views, driven without a browser: strategy choice, rollout simulator,
communication plan, cutover runbook.

Every expectation comes from the core (implcourse.rollout) called directly with the
inputs the test set on screen, or from the chart functions: the views must show
what the core computes, in human words, and keep the last good result on bad input.
"""

from __future__ import annotations

import html
import math
import re

import pytest

from implcourse import rollout
from implcourse.plots import _style
from implcourse.plots import rollout as charts
from implcourse.widgets import catalogue
from implcourse.widgets.rollout import (comms_plan_tool, cutover_tool, rollout_simulator,
                                        strategy_tool)

from helpers import PNG, assert_tool_fallback, chart_digest

FACTORS = {f.id: f for f in rollout.load_factors()}
SAMPLE = rollout.SAMPLE_ORGANISATION


def visible_text(markup: str) -> str:
    """The text a person reads in some HTML (styles and tags removed)."""
    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def assert_human(markup: str) -> None:
    """No snake_case, True/False or NaN reaches the reader."""
    text = visible_text(markup)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert not re.search(r"\b(True|False|nan|NaN)\b", text), text


def other_value(control, factor):
    if factor.kind == "count":
        return 50_000 if control.value != 50_000 else 20
    return factor.scale_max if control.value != factor.scale_max else factor.scale_min


# --------------------------------------------------------------------------
# Every tool
# --------------------------------------------------------------------------

BUILDERS = {
    "Choose a rollout strategy": (strategy_tool, ("chart", 1)),
    "Compare rollout strategies (simulation)": (rollout_simulator, ("chart", 1)),
    "Communication plan for an upgrade": (comms_plan_tool, None),
    "Cutover runbook and rollback": (cutover_tool, None),
}


@pytest.mark.parametrize("title", list(BUILDERS))
def test_tool_builds_with_fixed_fallback_and_chart_caption(title):
    """Each view is a Tool with the fixed plain-text sentence; a chart, once its tab
    is open, is a PNG with its text alternative under it."""
    build, chart_tab = BUILDERS[title]
    tool = build()
    assert_tool_fallback(tool, title)
    if chart_tab:
        name, index = chart_tab
        chart = getattr(tool, name)
        assert chart.figure is None  # drawn lazily, when its tab is opened
        tool.views.selected_index = index
        assert bytes(chart.image.value).startswith(PNG)
        assert chart.figure.alt and html.escape(chart.figure.alt) in chart.caption.value


def test_catalogue_lists_the_lesson_03_tools():
    """The four tools are registered under lesson 03, in order, and build by title."""
    entries = [(title, factory) for lesson, title, factory in catalogue() if lesson == "03"]
    assert [t for t, _ in entries] == list(BUILDERS)
    for title, factory in entries:
        assert factory.__module__ == "implcourse.widgets.rollout"
        assert factory is BUILDERS[title][0]


# --------------------------------------------------------------------------
# strategy_tool
# --------------------------------------------------------------------------

def read_factors(tool) -> dict:
    return {fid: control.value for fid, control in tool.factors.items()}


def read_weights(tool) -> dict:
    return {fid: slider.value for fid, slider in tool.weights.items()}


def assert_shows(tool, found) -> None:
    """The ranking tab shows every strategy's score and the explanation of ``found``."""
    text = visible_text(tool.result.value)
    assert f"Recommended: {found.top_name}" in text
    for name, score in zip(found.ranking["Strategy"], found.ranking["Score (out of 100)"]):
        assert name in text and f"{score:.1f}" in text
    assert html.escape(found.explanation) in tool.result.value  # folded under "Why"


def test_strategy_opens_on_the_sample_with_default_weights():
    tool = strategy_tool()
    assert read_factors(tool) == rollout.sample_factors()
    assert read_weights(tool) == rollout.default_weights()
    assert_shows(tool, rollout.recommend_strategy(rollout.sample_factors()))
    assert [tool.inputs.get_title(i) for i in range(4)] == ["System", "Users", "Rules",
                                                           "Weights"]
    assert sorted(tool.factors) == sorted(FACTORS)  # every factor has a control


@pytest.mark.parametrize("fid", list(FACTORS))
def test_strategy_each_factor_changes_the_result(fid):
    """Moving any factor changes the scores shown, to those the core gives."""
    tool = strategy_tool()
    before = tool.result.value
    control = tool.factors[fid]
    control.value = other_value(control, FACTORS[fid])
    found = rollout.recommend_strategy(read_factors(tool))
    assert tool.result.value != before
    assert_shows(tool, found)
    assert tool.message.value == ""


@pytest.mark.parametrize("fid", list(FACTORS))
def test_strategy_each_weight_changes_the_result(fid):
    tool = strategy_tool()
    before, sens_before = tool.result.value, tool.sensitivity.value
    tool.weights[fid].value = 5.0 if tool.weights[fid].value != 5.0 else 0.5
    found = rollout.recommend_strategy(read_factors(tool), read_weights(tool))
    assert tool.result.value != before and tool.sensitivity.value != sens_before
    assert_shows(tool, found)
    tool.default_weights.click()
    assert read_weights(tool) == rollout.default_weights()
    assert tool.result.value == before


def test_strategy_bad_input_keeps_the_last_good_result():
    """A negative or zero number of users, or every weight at zero, is named beside the
    inputs; the ranking and charts keep the last good result (greyed)."""
    tool = strategy_tool()
    tool.views.selected_index = 1
    good, alt = tool.result.value, tool.chart.caption.value
    tool.factors["users"].value = -5
    assert "Number of users cannot be negative (you entered -5)" in tool.message.value
    assert tool.result.value == good and tool.chart.caption.value == alt and tool.chart.stale
    tool.factors["users"].value = 0
    assert "Number of users must be a whole number of at least 1 (you entered 0)" in \
        tool.message.value
    tool.factors["users"].value = 1200
    assert tool.message.value == "" and not tool.chart.stale
    sliders = list(tool.weights.values())
    for slider in sliders[:-1]:
        slider.value = 0
    good = tool.result.value  # one weight left: a good input
    sliders[-1].value = 0
    assert "weights cannot all be zero" in tool.message.value
    assert tool.result.value == good
    tool.weights["users"].value = 1
    assert tool.message.value == ""
    assert_shows(tool, rollout.recommend_strategy(read_factors(tool), {"users": 1, **{
        f: 0 for f in FACTORS if f != "users"}}))


def drawn_bars(fig) -> list:
    """The bars (position, size, colour) and texts of a score chart, to 9 decimals (a bar
    moved in place may differ from a new one in the last bit of a float)."""
    ax = fig.axes[0]
    bars = [(tuple(round(float(v), 9) for v in bar.get_bbox().bounds),
             tuple(bar.get_facecolor())) for bar in ax.patches]
    texts = [(t.get_text(), round(float(t.get_position()[0]), 9), float(t.get_position()[1]))
             for t in ax.texts]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    return [bars, texts, labels]


def test_strategy_chart_moves_its_bars_and_says_the_new_numbers():
    """With the score chart open, each change shows the same chart as one drawn from
    scratch (bars moved in place, or a new drawing when the order changes), and the
    caption gives the new scores."""
    tool = strategy_tool()
    tool.views.selected_index = 1
    first = tool.chart.current
    changes = [("weights", "users", 2.5), ("factors", "rollback_plan", 5),
               ("factors", "users", 15), ("factors", "system_complexity", 1),
               ("factors", "downtime_tolerance", 5), ("factors", "user_impact", 1)]
    orders = set()
    for group, fid, value in changes:
        getattr(tool, group)[fid].value = value
        found = rollout.recommend_strategy(read_factors(tool), read_weights(tool))
        orders.add(tuple(found.order))
        fresh = charts.strategy_scores_chart(found)
        assert drawn_bars(tool.chart.figure) == drawn_bars(fresh)
        assert tool.chart.figure.alt == fresh.alt
        for name, score in zip(found.ranking["Strategy"], found.ranking["Score (out of 100)"]):
            assert f"{name} {score:.0f}" in html.unescape(tool.chart.caption.value)
    assert len(orders) > 1  # the sequence reorders the strategies at least once
    assert tool.chart.current is not first
    # Going back to the sample order reuses its drawing.
    tool.sample.click()
    tool.default_weights.click()
    assert tool.chart.current is first


def test_strategy_sensitivity_tab_shows_table_and_chart():
    tool = strategy_tool()
    table = rollout.weight_sensitivity(rollout.sample_factors())
    text = visible_text(tool.sensitivity.value)
    for factor, row in table.iterrows():
        assert factor in text and row["In words"] in text
        if not math.isnan(row["Move up by"]):
            assert f"{row['Move up by']:.2f}" in text
    for label in ("Weight now", "Move up by", "Move down by", "In words"):
        assert label in text
    tool.views.selected_index = 2
    assert tool.sensitivity_chart.figure.alt == charts.weight_sensitivity_chart(table).alt
    tool.weights["downtime_tolerance"].value = 4.5
    moved = rollout.weight_sensitivity(read_factors(tool), read_weights(tool))
    assert tool.sensitivity_chart.figure.alt == charts.weight_sensitivity_chart(moved).alt


def test_strategy_tables_have_human_labels():
    tool = strategy_tool()
    assert_human(tool.result.value)
    assert_human(tool.sensitivity.value)
    assert "Score (out of 100)" in tool.result.value and "Rank" in tool.result.value


def test_strategy_sample_button_restores_the_sample():
    tool = strategy_tool()
    good = tool.result.value
    tool.factors["system_complexity"].value = 1
    tool.factors["users"].value = 40
    tool.sample.click()
    assert read_factors(tool) == rollout.sample_factors() and tool.result.value == good


# --------------------------------------------------------------------------
# rollout_simulator
# --------------------------------------------------------------------------

def sim_inputs(tool) -> dict:
    return {key: control.value for key, control in tool.inputs.items()}


def expected_sim(tool):
    return rollout.simulate_rollout(seed=tool.seed.value, iterations=tool.iterations.value,
                                    **sim_inputs(tool))


def assert_summary(tool, sim) -> None:
    """The Summary tab shows the rollout measures, the Escaped defects tab the users hit."""
    text = visible_text(tool.summary.value)
    defects = visible_text(tool.defects.value)
    week = tool.week.value
    assert f"Users on the new system in week {week}" in text
    for name in sim.summary.index:
        assert name.split(" (")[0] in text and name.split(" (")[0] in defects
    cost = re.search(r"Cost \(EUR\)((?:\s+[\d,.\u2212]+)+)", text).group(1).split()
    assert cost == [_style.money(v) for v in sim.summary["Cost"]]
    moved = sim.wide("users_new").loc[week]
    row = re.search(rf"in week {week}((?:\s+[\d,.]+)+)", text).group(1).split()
    assert [float(v.replace(",", "")) for v in row] == pytest.approx(moved.round(1).tolist())
    hit = re.search(r"\(P80\)((?:\s+[\d,.]+)+)", defects).group(1).split()
    assert [float(v.replace(",", "")) for v in hit] == pytest.approx(
        sim.summary["Users hit (P80)"].round(1).tolist())
    assert "teaching model" in text and f"{sim.inputs['iterations']:,} simulated" in text


def test_simulator_opens_on_the_sample_organisation():
    tool = rollout_simulator()
    for key, control in tool.inputs.items():
        assert control.value == SAMPLE[key]
    assert [label for label, _ in tool.iterations.options] == ["1,000", "2,000", "5,000"]
    assert tool.iterations.value == 2_000
    assert_summary(tool, expected_sim(tool))
    assert_human(tool.summary.value)


NEW_VALUES = {"users": 3_000, "sites": 5, "escape_probability": 0.4, "downtime_hours": 12.0,
              "parallel_cost_per_week": 90_000.0, "sites_per_wave": 3}


@pytest.mark.parametrize("key", list(NEW_VALUES))
def test_simulator_each_input_changes_the_summary(key):
    tool = rollout_simulator()
    before = tool.summary.value + tool.defects.value
    tool.inputs[key].value = NEW_VALUES[key]
    assert tool.message.value == ""
    assert tool.summary.value + tool.defects.value != before
    assert_summary(tool, expected_sim(tool))


def test_simulator_seed_and_iterations_change_the_run_and_repeat_it():
    tool = rollout_simulator()
    before = tool.summary.value
    tool.seed.value = 9
    assert tool.summary.value != before
    assert_summary(tool, expected_sim(tool))
    tool.iterations.value = 5_000
    assert_summary(tool, expected_sim(tool))
    # Seeded: a second tool with the same inputs shows the same figures.
    other = rollout_simulator()
    other.seed.value, other.iterations.value = 9, 5_000
    assert other.summary.value == tool.summary.value


def test_simulator_remembers_runs_by_their_inputs():
    tool = rollout_simulator()
    first = tool.memo.results.copy()
    tool.inputs["users"].value = 2_000
    tool.inputs["users"].value = SAMPLE["users"]
    assert len(tool.memo.results) == len(first) + 1
    key = next(iter(first))
    assert tool.memo(key) is first[key]  # the very same run, not a new one


BAD = [("users", -1, "Number of users cannot be negative (you entered -1)"),
       ("sites", -2, "Number of sites cannot be negative (you entered -2)"),
       ("sites", 5_000, "Number of sites cannot be more than the number of users"),
       ("escape_probability", 1.5, "Chance a defect escapes at a cutover must be a "
                                   "probability from 0 to 1 (you entered 1.5)"),
       ("escape_probability", -0.1, "must be a probability from 0 to 1 (you entered -0.1)"),
       ("downtime_hours", -4.0, "Outage per cutover (hours) cannot be negative"),
       ("parallel_cost_per_week", -1.0, "Parallel-run cost per week cannot be negative"),
       ("sites_per_wave", 0, "Sites per wave must be a whole number of at least 1 "
                             "(you entered 0)")]


@pytest.mark.parametrize("key, value, words", BAD)
def test_simulator_bad_input_keeps_the_last_good_run(key, value, words):
    tool = rollout_simulator()
    tool.views.selected_index = 1
    good, alt = tool.summary.value, tool.chart.caption.value
    tool.inputs[key].value = value
    assert words in html.unescape(tool.message.value)
    assert tool.summary.value == good and tool.chart.caption.value == alt
    assert tool.chart.stale
    tool.inputs[key].value = SAMPLE[key]
    assert tool.message.value == "" and not tool.chart.stale


def test_simulator_bad_seed_is_named():
    tool = rollout_simulator()
    good = tool.summary.value
    tool.seed.value = -3
    assert "Seed cannot be negative (you entered -3)" in tool.message.value
    assert tool.summary.value == good


def test_simulator_week_moves_only_the_marker():
    """The week slider changes the first row of the table and moves the chart's week
    marker within the same drawing."""
    tool = rollout_simulator()
    tool.views.selected_index = 1
    drawing = tool.chart.current
    png = bytes(tool.chart.image.value)
    sim = expected_sim(tool)
    for week in (1, 3, 16):
        tool.week.value = week
        assert_summary(tool, sim)
        assert tool.chart.current is drawing
        markers = [a for a in tool.chart.figure.findobj()
                   if str(a.get_gid()).startswith("live:week")]
        assert len(markers) == 2 and all(list(m.get_xdata()) == [week, week] for m in markers)
    assert bytes(tool.chart.image.value) != png


def bands(fig) -> list:
    """The shaded P80 bands of a comparison chart: their outlines, to 9 decimals."""
    return [[tuple(round(float(v), 9) for v in point)
             for path in band.get_paths() for point in path.vertices]
            for band in fig.axes[1].collections]


def test_simulator_chart_follows_the_run_and_says_its_numbers():
    """With the chart open, a new run is drawn as a chart built from scratch would be
    (lines moved in place when the axes still fit), and its caption gives the weeks,
    mean users hit and costs of that run."""
    tool = rollout_simulator()
    tool.views.selected_index = 1
    kept = []
    for key, value in [("seed", 5), ("escape_probability", 0.05), ("users", 900),
                       ("parallel_cost_per_week", 10_000.0), ("escape_probability", 0.9)]:
        control = tool.seed if key == "seed" else tool.inputs[key]
        before = tool.chart.current
        control.value = value
        kept.append(tool.chart.current is before)
        sim = expected_sim(tool)
        fresh = charts.rollout_comparison_chart(sim, week=tool.week.value)
        assert chart_digest(tool.chart.figure) == chart_digest(fresh)
        assert bands(tool.chart.figure) == bands(fresh)
        assert tool.chart.figure.alt == fresh.alt
        caption = html.unescape(tool.chart.caption.value)
        for name, weeks in sim.summary["Weeks to move everyone"].items():
            assert f"{name} {weeks:.0f}" in caption
        for cost in sim.summary["Cost"]:
            assert _style.money(cost, "EUR") in caption
    # Both ways were taken: lines moved in place (same drawing) and new drawings
    # (another number of users, or exposure above the axis).
    assert kept == [True, True, False, True, False]


# --------------------------------------------------------------------------
# comms_plan_tool
# --------------------------------------------------------------------------

def ticked(group: dict) -> list[str]:
    return [key for key, box in group.items() if box.value]


def expected_plan(tool):
    return rollout.communication_plan(ticked(tool.audiences), ticked(tool.phases),
                                      ticked(tool.channels))


def assert_plan(tool) -> None:
    frame = expected_plan(tool)
    text = visible_text(tool.plan.value)
    for row in frame.itertuples():
        assert row.Message in text and row.Channels in text
    assert tool.markdown.value == rollout.communication_plan_markdown(
        ticked(tool.audiences), ticked(tool.phases), ticked(tool.channels))
    assert f"{len(frame)} message" in tool.count.value


@pytest.mark.parametrize("group", ["audiences", "phases", "channels"])
def test_comms_each_box_changes_the_plan(group):
    tool = comms_plan_tool()
    assert_plan(tool)
    for key, box in getattr(tool, group).items():
        before = tool.plan.value
        box.value = False
        assert tool.plan.value != before, key
        assert_plan(tool)
        box.value = True
        assert tool.plan.value == before


def test_comms_plan_table_has_human_labels_and_markdown_tab():
    tool = comms_plan_tool()
    assert_human(tool.plan.value)
    for label in ("Phase", "Audience", "When", "Message", "Channels", "Owner"):
        assert f">{label}<" in tool.plan.value
    assert tool.views.get_title(1) == "Markdown"
    assert tool.markdown.value.splitlines()[1].startswith("| --- |")
    tool.views.selected_index = 2
    channels = rollout.channels_table()
    for name, row in channels.iterrows():
        assert name in visible_text(tool.channel_table.value)
        assert row["When used"] in visible_text(tool.channel_table.value)


@pytest.mark.parametrize("group, words", [("audiences", "audiences"), ("phases", "phases"),
                                          ("channels", "channels")])
def test_comms_nothing_ticked_keeps_the_last_plan(group, words):
    tool = comms_plan_tool()
    boxes = list(getattr(tool, group).values())
    for box in boxes[:-1]:
        box.value = False
    good, text = tool.plan.value, tool.markdown.value  # one left ticked: a good choice
    boxes[-1].value = False
    assert f"Tick at least one of the {words}" in tool.message.value
    assert tool.plan.value == good and tool.markdown.value == text
    next(iter(getattr(tool, group).values())).value = True
    assert tool.message.value == ""
    assert_plan(tool)


def test_comms_says_when_no_message_matches():
    """A choice that the template never covers says so instead of an empty table."""
    audiences = [a.id for a in rollout.load_audiences()]
    channels = [c.id for c in rollout.load_channels()]
    empty = [(a, c) for a in audiences for c in channels
             if rollout.communication_plan([a], None, [c]).empty]
    assert empty, "the template sends every audience something on every channel"
    audience, channel = empty[0]
    tool = comms_plan_tool()
    for key, box in tool.audiences.items():
        box.value = key == audience
    for key, box in tool.channels.items():
        box.value = key == channel
    assert "No message of the template" in tool.plan.value
    assert "0 messages" in tool.count.value and tool.message.value == ""


# --------------------------------------------------------------------------
# cutover_tool
# --------------------------------------------------------------------------

BOOK = rollout.cutover_runbook()


@pytest.mark.parametrize("show, column", [("all", None), ("checkpoint", "Go/no-go checkpoint"),
                                          ("rollback", "Rollback point")])
def test_cutover_runbook_filters_and_marks(show, column):
    tool = cutover_tool()
    tool.show.value = show
    part = BOOK if column is None else BOOK[BOOK[column]]
    text = visible_text(tool.runbook.value)
    for step in BOOK["Step"]:
        assert (step in text) == (step in set(part["Step"]))
    assert text.count("Go/no-go checkpoint") == int(part["Go/no-go checkpoint"].sum())
    assert text.count("Rollback point") == int(part["Rollback point"].sum())
    assert_human(tool.runbook.value)
    assert "Plan day (days elapsed)" in text


def test_cutover_summary_counts_from_the_runbook():
    tool = cutover_tool()
    text = visible_text(tool.summary.value)
    assert f"{len(BOOK)} steps" in text
    assert f"{int(BOOK['Go/no-go checkpoint'].sum())} go/no-go checkpoints" in text
    assert f"{int(BOOK['Rollback point'].sum())} rollback points" in text
    last = BOOK.index[BOOK["Rollback point"]].max()
    assert f"(step {last})" in text


def test_cutover_checklist_counts_ticks():
    tool = cutover_tool()
    total = len(rollout.rollback_checklist())
    assert len(tool.checklist) == total
    assert f"0 of {total} done" in tool.progress.value
    for n, box in enumerate(tool.checklist.values(), start=1):
        box.value = True
        assert f"{n} of {total} done" in tool.progress.value
    assert "rollback is complete" in tool.progress.value
    tool.clear.click()
    assert f"0 of {total} done" in tool.progress.value
    assert not any(box.value for box in tool.checklist.values())
    for order, row in rollout.rollback_checklist().iterrows():
        assert row["Action"] in tool.checklist[order].description
        assert row["Owner"] in tool.checklist[order].description


def test_cutover_tabs_show_the_criteria():
    tool = cutover_tool()
    assert tool.criteria.value == "" and tool.hypercare.value == ""  # drawn when opened
    tool.views.selected_index = 1
    text = visible_text(tool.criteria.value)
    for row in rollout.rollback_criteria().itertuples():
        assert row[1] in text and row.Threshold in text
    tool.views.selected_index = 3
    text = visible_text(tool.hypercare.value)
    for row in rollout.hypercare_exit_criteria().itertuples():
        assert row.Criterion in text and row.Target in text
    assert "early life support" in text
    assert_human(tool.criteria.value)
    assert_human(tool.hypercare.value)
