"""Lesson 02's views, driven without a browser: comparison, suitability filter, home
ground, release forecast, Kanban flow and the delivery trade-off model.

Every expectation is computed by calling the core (or the chart function) directly
with the values set on the controls, never typed in: a tool passes by showing what
the core gives for what the learner entered.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import re

import ipywidgets as w
import numpy as np
import pytest

from implcourse import tables
from implcourse.methods import flow, forecast, profiles, suitability, tradeoff
from implcourse.methods.home_ground import CRITICALITY_LEVELS, home_ground
from implcourse.plots import flow as flow_charts
from implcourse.plots import methods as method_charts
from implcourse.widgets import _CATALOGUE
from implcourse.widgets import methods as views
from implcourse.widgets.common import STYLE, error_html

from helpers import PNG, assert_tool_fallback

QUESTIONS = suitability.suitability_questions()
QUESTION_IDS = [q["id"] for q in QUESTIONS]
CASES = suitability.load_cases()

BUILDERS = {
    "Compare delivery approaches": (views.comparison_tool, None),
    "Agile suitability filter": (views.suitability_tool, "chart"),
    "Boehm and Turner's home ground": (views.home_ground_tool, "chart"),
    "Release forecast": (views.release_tool, "chart"),
    "Kanban flow and Little's law": (views.flow_tool, "chart"),
    "Delivery at the end or in increments (model)": (views.tradeoff_tool, "chart"),
}


def text_of(value: str) -> str:
    """An HTML value as a person reads it: inline tags dropped, block tags as spaces,
    entities decoded, runs of spaces as one."""
    inline = re.sub(r"</?(b|i|strong|em)>", "", value)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def caption(chart) -> str:
    return text_of(chart.caption.value).strip()


def drawn(fig) -> bytes:
    """A digest of what a figure draws: its lines, patches (polygons too), filled
    areas, texts with their places and the titles. helpers.chart_digest reads only
    rectangles' boxes; the radar and polar charts draw a polygon and the flow chart
    filled bands, so this one reads every patch's and collection's outline."""
    digest = hashlib.sha256()
    for ax in fig.axes:
        for line in ax.get_lines():
            digest.update(np.asarray(line.get_xydata(), dtype=float).tobytes())
            digest.update(str(line.get_color()).encode())
        for patch in ax.patches:
            digest.update(np.asarray(patch.get_path().vertices, dtype=float).tobytes())
            digest.update(np.asarray(patch.get_facecolor(), dtype=float).tobytes())
        for collection in ax.collections:
            for path in collection.get_paths():
                digest.update(np.asarray(path.vertices, dtype=float).tobytes())
            digest.update(np.asarray(collection.get_facecolor(), dtype=float).tobytes())
        for text in ax.texts:
            digest.update(f"{text.get_text()}|{text.get_position()}".encode())
        digest.update(ax.get_title(loc="left").encode())
        digest.update(repr((ax.get_xlim(), ax.get_ylim())).encode())
    return digest.digest()


def assert_chart_shows(chart, expected) -> None:
    """The tool's chart draws what the chart function draws for the same input (lines,
    patches, texts, title), and its caption is that chart's text alternative."""
    assert drawn(chart.figure) == drawn(expected)
    assert chart.figure.alt == expected.alt
    assert expected.alt in caption(chart)
    assert bytes(chart.image.value).startswith(PNG)


# --------------------------------------------------------------------------
# Every tool
# --------------------------------------------------------------------------

@pytest.mark.parametrize("title", list(BUILDERS))
def test_every_tool_builds_with_its_fallback_and_chart(title):
    """Each view is a Tool with the fixed plain-text fallback; its heading brings the
    style sheet and the title; its chart is a PNG whose caption is the chart's alt."""
    build, image = BUILDERS[title]
    tool = build()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    if image:
        chart = getattr(tool, image)
        assert bytes(chart.image.value).startswith(PNG)
        assert chart.figure.alt and html.escape(chart.figure.alt) in chart.caption.value


def test_catalogue_lists_the_lesson_02_tools():
    """The catalogue names the six tools under lesson 02, in the lesson's order, and
    each entry builds a tool with its title."""
    entries = [(title, target) for lesson, title, target in _CATALOGUE if lesson == "02"]
    assert [t for t, _ in entries] == list(BUILDERS)
    for title, target in entries:
        module, name = target.split(":")
        assert module == "methods"
        factory = getattr(importlib.import_module(f"implcourse.widgets.{module}"), name)
        assert factory is BUILDERS[title][0]
    lessons = [lesson for lesson, _, _ in _CATALOGUE]
    assert lessons == sorted(lessons)


def test_sliders_wait_for_release():
    """Every slider of the lesson's tools updates when let go, not while dragged."""
    for build, _ in BUILDERS.values():
        tool = build()
        stack = [tool]
        while stack:
            widget = stack.pop()
            if isinstance(widget, (w.IntSlider, w.FloatSlider)):
                assert widget.continuous_update is False, widget.description
            stack.extend(getattr(widget, "children", ()) or ())


# --------------------------------------------------------------------------
# 1. comparison_tool
# --------------------------------------------------------------------------

def shown_methods(tool) -> list[str]:
    return [p.name for p in profiles.load_profiles()
            if html.escape(p.name) in tool.table.value]


def expected_tables(criteria, methods, pivot="criterion") -> list[str]:
    """The comparison as the tool must show it: tables.show of the core's table, in
    blocks of at most three columns."""
    frame = profiles.comparison_table(criteria, methods, pivot=pivot)
    return [tables.show(frame.iloc[:, i:i + views.MAX_COLUMNS]).to_html()
            for i in range(0, frame.shape[1], views.MAX_COLUMNS)]


def ticked(boxes) -> list[str]:
    return [k for k, box in boxes.items() if box.value]


def test_comparison_shows_the_core_table_through_tables_show():
    """The default choice (three methods) is one table, as tables.show renders it."""
    tool = views.comparison_tool()
    ms, cs = ticked(tool.methods), ticked(tool.criteria)
    assert len(ms) == views.MAX_COLUMNS
    [block] = expected_tables(cs, ms)
    assert block in tool.table.value and tool.table.value.count("<table") == 1
    assert "overflow-wrap:break-word" in tool.table.value  # long words wrap too


def test_comparison_each_method_box_adds_and_removes_its_column():
    """Ticking a method adds it to the table, unticking removes it."""
    tool = views.comparison_tool()
    for p in profiles.load_profiles():
        box = tool.methods[p.id]
        box.value = not box.value
        assert (p.name in shown_methods(tool)) is box.value, p.id
        for block in expected_tables(ticked(tool.criteria), ticked(tool.methods)):
            assert block in tool.table.value
        box.value = not box.value
        assert (p.name in shown_methods(tool)) is box.value


def test_comparison_each_criterion_box_changes_the_rows():
    tool = views.comparison_tool()
    for key, label in profiles.CRITERIA.items():
        box = tool.criteria[key]
        before = tool.table.value
        box.value = not box.value
        assert tool.table.value != before
        assert (f">{html.escape(label)}<" in tool.table.value) is box.value, key
        box.value = not box.value
        assert tool.table.value == before


def test_comparison_more_than_three_columns_continue_below():
    """Six methods make two tables of three method columns each; with methods as
    rows, the criteria go three to a table instead. Nothing is left out."""
    tool = views.comparison_tool()
    for box in tool.methods.values():
        box.value = True
    names = [p.name for p in profiles.load_profiles()]
    assert tool.table.value.count("<table") == 2
    assert shown_methods(tool) == names
    cs, ms = ticked(tool.criteria), ticked(tool.methods)
    for block in expected_tables(cs, ms):
        assert block in tool.table.value
    for box in tool.criteria.values():
        box.value = True
    tool.pivot.value = "method"
    assert tool.table.value.count("<table") == 4  # twelve criteria, three at a time
    for block in expected_tables(list(profiles.CRITERIA), ms, pivot="method"):
        assert block in tool.table.value


def test_comparison_pivot_turns_the_table():
    tool = views.comparison_tool()
    cs, ms = ticked(tool.criteria), ticked(tool.methods)
    by_criterion = tool.table.value
    tool.pivot.value = "method"
    assert tool.table.value != by_criterion
    for block in expected_tables(cs, ms, pivot="method"):
        assert block in tool.table.value
    tool.pivot.value = "criterion"
    assert tool.table.value == by_criterion


@pytest.mark.parametrize("field", ["methods", "criteria"])
def test_comparison_nothing_ticked_keeps_the_last_table(field):
    """Unticking every method (or criterion) names the field and keeps the last table;
    ticking one again clears the message."""
    tool = views.comparison_tool()
    boxes = getattr(tool, field)
    on = ticked(boxes)
    for key in on[:-1]:
        boxes[key].value = False
    last = tool.table.value
    boxes[on[-1]].value = False
    assert field.capitalize() in tool.message.value and "&#9888;" in tool.message.value
    assert tool.table.value == last
    boxes[on[0]].value = True
    assert tool.message.value == ""


def test_comparison_says_scrum_and_kanban_belong_to_agile():
    tool = views.comparison_tool()
    members = [p.name for p in profiles.load_profiles() if p.member_of == "agile"]
    text = text_of(tool.children[1].children[1].children[0].value)
    assert members and all(name in text for name in members) and "members" in text


# --------------------------------------------------------------------------
# 2. suitability_tool
# --------------------------------------------------------------------------

def answers_of(tool) -> dict:
    return {k: s.value for k, s in tool.answers.items()}


def assert_suitability_shows(tool) -> None:
    result = suitability.assess_suitability(answers_of(tool))
    summary = text_of(tool.summary.value)
    assert f"Fit: {result.fit} (median answer {result.median})" in summary
    for group, name in ((g.id, g.name) for g in suitability.load_groups()):
        assert f"{name} {result.group_scores[group]:.1f}" in summary
    risks = text_of(tool.risks.value)
    for m in result.mismatches:
        assert m.label in summary and m.risk in risks
    assert tool.views.get_title(1) == f"Risks ({len(result.mismatches)})"
    assert_chart_shows(tool.chart, method_charts.suitability_radar(result))
    line = tool.chart.figure.axes[0].get_lines()[0]
    assert list(line.get_ydata())[:-1] == [result.answers[q] for q in QUESTION_IDS]


def test_suitability_sliders_are_grouped_in_three_tabs():
    tool = views.suitability_tool()
    groups = suitability.load_groups()
    assert [tool.pages.get_title(i) for i in range(3)] == [g.name for g in groups]
    for page, group in zip(tool.pages.children, groups):
        labels = [c.description for c in page.children if isinstance(c, w.IntSlider)]
        assert labels == [q["label"] for q in QUESTIONS if q["group"] == group.id]
    for slider in tool.answers.values():
        assert (slider.min, slider.max) == (1, 10)


@pytest.mark.parametrize("qid", QUESTION_IDS)
def test_suitability_each_slider_changes_the_result(qid):
    """Moving one answer changes the fit, scores, risks, radar and its anchor text as
    assess_suitability says."""
    tool = views.suitability_tool()
    question = next(q for q in QUESTIONS if q["id"] == qid)
    seen = set()
    for value in (1, 4, 10):
        before = bytes(tool.chart.image.value)
        tool.answers[qid].value = value
        assert_suitability_shows(tool)
        assert bytes(tool.chart.image.value) != before
        anchor = {"agile": 1, "hybrid": 5, "predictive": 10}[suitability.zone_of(value)]
        assert html.escape(question["anchors"][anchor]) in tool.anchors[qid].value
        seen.add(tool.risks.value)
    assert len(seen) >= 2


def test_suitability_all_answers_at_either_end():
    tool = views.suitability_tool()
    for value, fit in ((1, "agile"), (10, "predictive")):
        for slider in tool.answers.values():
            slider.value = value
        assert_suitability_shows(tool)
        assert f"Fit: {fit}" in text_of(tool.summary.value)
        assert f"Fit: {fit}" in caption(tool.chart)


@pytest.mark.parametrize("case", [c.id for c in CASES])
def test_suitability_preloading_a_case_sets_the_sliders(case):
    """Choosing a case puts its nine answers on the sliders; its recommendation, with
    the rationale, waits folded in the last tab."""
    chosen = next(c for c in CASES if c.id == case)
    tool = views.suitability_tool()
    tool.case.value = case
    assert answers_of(tool) == dict(chosen.answers)
    assert_suitability_shows(tool)
    rec = text_of(tool.recommendation.value)
    assert " ".join(chosen.rationale.split()) in rec
    assert f"Recommended: {chosen.recommendation.approach}" in rec
    assert "<details>" in tool.recommendation.value
    if chosen.override:
        assert " ".join(chosen.override.split()) in rec
    assert "changed some" not in rec
    first = QUESTION_IDS[0]
    tool.answers[first].value = 1 if chosen.answers[first] != 1 else 2
    assert "changed some" in text_of(tool.recommendation.value)
    tool.case.value = ""
    assert set(answers_of(tool).values()) == {5}
    assert "Choose a case" in tool.recommendation.value
    assert views.suitability_tool(case).case.value == case


def test_suitability_unknown_case_is_refused():
    with pytest.raises(ValueError, match="not known"):
        views.suitability_tool("no_such_case")


# --------------------------------------------------------------------------
# 3. home_ground_tool
# --------------------------------------------------------------------------

def factors_of(tool) -> dict:
    return {"size": tool.size.value, "criticality": tool.criticality.value,
            "dynamism": tool.dynamism.value,
            "personnel": (tool.level_1b.value, tool.level_2_3.value),
            "culture": tool.culture.value}


def assert_home_ground_shows(tool) -> None:
    result = home_ground(**factors_of(tool))
    summary = text_of(tool.summary.value)
    assert f"Home ground: {result.home_ground}" in summary
    for title, ids in (("Pulling agile", result.pulls_agile),
                       ("Pulling plan-driven", result.pulls_plan_driven),
                       ("On the midpoint", result.on_midpoint)):
        assert (title in summary) is bool(ids)
        for f in ids:
            assert f"{result.values[f]} (position {result.positions[f]:.1f} of 5)" in summary
    assert_chart_shows(tool.chart, method_charts.home_ground_polar(result))


@pytest.mark.parametrize("control,values", [
    ("size", [3, 100, 1000]), ("criticality", list(CRITICALITY_LEVELS)),
    ("dynamism", [0, 30, 60]), ("level_1b", [0, 20, 40]), ("level_2_3", [35, 25, 15]),
    ("culture", [90, 10, 50])])
def test_home_ground_each_control_changes_the_result(control, values):
    tool = views.home_ground_tool()
    charts = set()
    for value in values:
        getattr(tool, control).value = value
        assert tool.message.value == ""
        assert_home_ground_shows(tool)
        charts.add(bytes(tool.chart.image.value))
    assert len(charts) == len(values)


def test_home_ground_extremes_give_the_pure_home_grounds():
    tool = views.home_ground_tool()
    ends = {"agile": dict(size=3, criticality="comfort", dynamism=50, level_1b=0,
                          level_2_3=40, culture=90),
            "plan-driven": dict(size=300, criticality="many_lives", dynamism=1, level_1b=40,
                                level_2_3=15, culture=10)}
    for ground, values in ends.items():
        for name, value in values.items():
            getattr(tool, name).value = value
        assert_home_ground_shows(tool)
        assert f"Home ground: {ground} " in text_of(tool.summary.value)


@pytest.mark.parametrize("case", [c.id for c in CASES])
def test_home_ground_case_loads_its_factors(case):
    chosen = next(c for c in CASES if c.id == case).factors
    tool = views.home_ground_tool(case)
    assert factors_of(tool) == {"size": chosen.size, "criticality": chosen.criticality,
                                "dynamism": chosen.dynamism,
                                "personnel": (chosen.personnel_level_1b,
                                              chosen.personnel_level_2_3),
                                "culture": chosen.culture}
    assert_home_ground_shows(tool)


@pytest.mark.parametrize("control,value", [("size", 0), ("size", -4), ("level_1b", 80)])
def test_home_ground_bad_input_keeps_the_last_result(control, value):
    """A size below 1 or personnel adding up to over 100 % is explained in the core's
    words; the summary and chart stay (greyed); a good value clears the message."""
    tool = views.home_ground_tool()
    tool.level_2_3.value = 30
    summary, png = tool.summary.value, bytes(tool.chart.image.value)
    good = getattr(tool, control).value
    getattr(tool, control).value = value
    args = factors_of(tool)
    with pytest.raises((TypeError, ValueError)) as info:
        home_ground(**args)
    assert html.escape(str(info.value)) in tool.message.value
    assert ("Size (number of personnel)" if control == "size" else "Personnel") in \
        tool.message.value
    assert tool.summary.value == summary and bytes(tool.chart.image.value) == png
    assert tool.chart.stale
    getattr(tool, control).value = good
    assert tool.message.value == "" and not tool.chart.stale


# --------------------------------------------------------------------------
# 4. release_tool
# --------------------------------------------------------------------------

def release_inputs(tool) -> tuple:
    return (tool.backlog.value, tool.velocity_low.value, tool.velocity_high.value,
            tool.sprint_length.value)


def assert_release_shows(tool) -> None:
    b, lo, hi, days = release_inputs(tool)
    result = forecast.release_forecast(b, lo, hi, sprint_length_days=days)
    summary = text_of(tool.summary.value)
    assert (f"{result.fewest_sprints} to {result.most_sprints} sprints "
            f"({result.fewest_sprints * days} to {result.most_sprints * days} days)") in summary
    fixed = forecast.fits_by(tool.sprints.value, lo, hi, backlog=b).as_frame()
    frame = fixed.set_index("Group")
    percent = ["Share of backlog"] if "Share of backlog" in frame else []
    assert tables.show(frame, percent=percent, decimals=1).to_html() in tool.fits.value
    tool.views.selected_index = 0
    assert_chart_shows(tool.chart, flow_charts.release_forecast_chart(result))


@pytest.mark.parametrize("control,values", [
    ("backlog", [60.0, 200.0, 0.0]), ("velocity_low", [5.0, 20.0, 12.5]),
    ("velocity_high", [30.0, 45.0, 16.0]), ("sprint_length", [7, 21, 28])])
def test_release_each_control_changes_the_forecast(control, values):
    tool = views.release_tool()
    summaries = {tool.summary.value}
    for value in values:
        getattr(tool, control).value = value
        assert tool.message.value == ""
        assert_release_shows(tool)
        summaries.add(tool.summary.value)
    assert len(summaries) == len(values) + 1


def test_release_sprints_until_the_date_sort_will_might_wont():
    """The sprint count changes only the will / might / won't have figures."""
    tool = views.release_tool()
    summary = tool.summary.value
    fits = set()
    for n in (1, 5, 7, 20):
        tool.sprints.value = n
        assert_release_shows(tool)
        assert f"By the end of sprint {n}" in tool.fits.value
        fits.add(tool.fits.value)
        assert tool.summary.value == summary
    assert len(fits) == 4


def test_release_burndown_and_burnup_tabs_draw_the_seeded_run():
    """The tabs draw the burndown and burnup of simulate_velocities with the seed, over
    the most sprints of the forecast; another seed, another run."""
    tool = views.release_tool()
    for seed in (1, 2, 3):
        tool.seed.value = seed
        b, lo, hi, days = release_inputs(tool)
        most = forecast.release_forecast(b, lo, hi, sprint_length_days=days).most_sprints
        velocities = forecast.simulate_velocities(most, lo, hi, seed=seed)
        tool.views.selected_index = 1
        assert_chart_shows(tool.burndown, flow_charts.burndown_chart(
            forecast.burndown(b, velocities), title="Release burndown (synthetic velocities)"))
        tool.views.selected_index = 2
        assert_chart_shows(tool.burnup, flow_charts.burnup_chart(
            forecast.burnup(b, velocities), title="Release burnup (synthetic velocities)"))


@pytest.mark.parametrize("control,value,field", [
    ("velocity_low", 30.0, "Velocity (low)"), ("backlog", -5.0, "Backlog"),
    ("velocity_high", 0.0, "Velocity (low)"), ("velocity_low", 0.0, "Velocity (low)"),
    ("seed", -1, "Seed")])
def test_release_bad_input_keeps_the_last_forecast(control, value, field):
    """Low above high, a negative backlog, a zero velocity or a negative seed: the
    message names the field in the core's words; figures and charts stay (greyed)."""
    tool = views.release_tool()
    summary, fits, png = tool.summary.value, tool.fits.value, bytes(tool.chart.image.value)
    good = getattr(tool, control).value
    getattr(tool, control).value = value
    assert field in tool.message.value and "&#9888;" in tool.message.value
    assert tool.summary.value == summary and tool.fits.value == fits
    assert bytes(tool.chart.image.value) == png and tool.chart.stale
    getattr(tool, control).value = good
    assert tool.message.value == "" and not tool.chart.stale


def test_release_message_is_the_cores():
    """The message is the core's own sentence (field and value), as an inline error."""
    tool = views.release_tool()
    tool.velocity_low.value = 30.0
    with pytest.raises(ValueError) as info:
        forecast.release_forecast(120, 30, 20)
    assert html.escape(str(info.value)) in tool.message.value
    assert tool.message.value.startswith(error_html(info.value)[:40])


# --------------------------------------------------------------------------
# 5. flow_tool
# --------------------------------------------------------------------------

def board_of(tool) -> flow.Board:
    limit = tool.wip_limit.value if tool.limited.value else None
    return flow.simulate_board(tool.arrivals.value, views.BOARD_STAGES, limit,
                               days=views.BOARD_DAYS, seed=tool.seed.value)


def assert_flow_shows(tool) -> None:
    board = board_of(tool)
    m = board.metrics()
    wip, through = m["Average WIP (items)"], m["Throughput (items per day)"]
    summary = text_of(tool.summary.value)
    assert f"average WIP {wip:.1f} items" in summary
    assert f"throughput {through:.2f} items a day" in summary
    law = flow.littles_law(wip=wip, throughput=through)
    assert f"{wip:.2f} / {through:.2f} = {law:.1f} days" in summary
    assert f"{m['Average cycle time (days)']:.1f} days" in summary
    arrived = int(board.daily["Arrived"].sum())
    top = max(views.flow_axis_top(tool.arrivals.value), arrived)
    assert_chart_shows(tool.chart, flow_charts.cumulative_flow_chart(board, ymax=top))


@pytest.mark.parametrize("control,values", [
    ("arrivals", [0.5, 2.5, 3.5]), ("limited", [False, True]), ("wip_limit", [4, 12, 3]),
    ("seed", [2, 3, 0])])
def test_flow_each_control_changes_the_board(control, values):
    tool = views.flow_tool()
    seen = {tool.summary.value}
    for value in values:
        getattr(tool, control).value = value
        assert tool.message.value == ""
        assert_flow_shows(tool)
        seen.add(tool.summary.value)
    assert len(seen) >= len(values)


def test_flow_no_limit_disables_the_limit_box():
    tool = views.flow_tool()
    tool.limited.value = False
    assert tool.wip_limit.disabled and "no WIP limit" in tool.summary.value
    tool.limited.value = True
    assert not tool.wip_limit.disabled


def test_flow_another_limit_redraws_only_the_bands():
    """The same arrivals and seed under another limit move the bands over the same
    axes (the drawing is kept); going back gives the first chart again. Another seed
    at the same rate fits the same axes too; another rate gets its own."""
    tool = views.flow_tool()
    first = tool.chart.current
    png = bytes(tool.chart.image.value)
    tool.wip_limit.value = 4
    assert tool.chart.current is first and bytes(tool.chart.image.value) != png
    tool.wip_limit.value = 8
    assert bytes(tool.chart.image.value) == png
    tool.seed.value = 5  # another run at the same rate: the same axes again
    assert tool.chart.current is first and bytes(tool.chart.image.value) != png
    assert_flow_shows(tool)
    tool.arrivals.value = 3.0  # another rate, another axis
    assert tool.chart.current is not first
    assert_flow_shows(tool)


def test_flow_comparison_tab_runs_every_limit():
    tool = views.flow_tool()
    tool.wip_limit.value = 5
    assert tool.comparison.value == ""  # drawn when opened
    tool.views.selected_index = 1
    limits = (None, 12, 8, 5, 4)
    frame = flow.compare_wip_limits(tool.arrivals.value, views.BOARD_STAGES, limits,
                                    days=views.BOARD_DAYS, seed=tool.seed.value)
    expected = tables.show(frame.set_index("WIP limit").T, decimals=1).to_html()
    assert expected in tool.comparison.value
    tool.seed.value = 2  # the open tab follows the controls
    assert expected not in tool.comparison.value


@pytest.mark.parametrize("control,value,field", [
    ("wip_limit", 0, "WIP limit"), ("wip_limit", -2, "WIP limit"), ("seed", -1, "Seed")])
def test_flow_bad_input_keeps_the_last_board(control, value, field):
    tool = views.flow_tool()
    summary, png = tool.summary.value, bytes(tool.chart.image.value)
    good = getattr(tool, control).value
    getattr(tool, control).value = value
    assert field in tool.message.value and "&#9888;" in tool.message.value
    assert tool.summary.value == summary and bytes(tool.chart.image.value) == png
    assert tool.chart.stale
    getattr(tool, control).value = good
    assert tool.message.value == "" and not tool.chart.stale


# --------------------------------------------------------------------------
# 6. tradeoff_tool
# --------------------------------------------------------------------------

def tradeoff_of(tool) -> tradeoff.Tradeoff:
    return tradeoff.delivery_tradeoff(views.TRADEOFF_WEEKS, tool.change.value,
                                      tool.increment.value, tool.overhead.value)


def assert_tradeoff_shows(tool) -> None:
    result = tradeoff_of(tool)
    frame = result.summary.T
    frame.index.name = "Model result"
    assert tool.figures.value == tables.show(frame, decimals=1).to_html()
    assert_chart_shows(tool.chart, flow_charts.tradeoff_chart(result))


@pytest.mark.parametrize("control,values", [
    ("change", [0.0, 0.15, 0.3]), ("increment", [1, 13, 26]), ("overhead", [0.0, 1.0, 0.25])])
def test_tradeoff_each_slider_changes_the_model(control, values):
    tool = views.tradeoff_tool()
    seen = {tool.figures.value}
    for value in values:
        getattr(tool, control).value = value
        assert tool.message.value == ""
        assert_tradeoff_shows(tool)
        seen.add(caption(tool.chart))
    assert len(seen) == len(values) + 1


def test_tradeoff_says_it_is_a_teaching_model():
    tool = views.tradeoff_tool()
    assert "(model)" in tool.title
    note = text_of(tool.note.value)
    assert "teaching model" in note.lower() and "not evidence" in note
    assert "Synthetic" in note
    assert caption(tool.chart).startswith("Teaching model")


def test_tradeoff_overhead_longer_than_an_increment_keeps_the_last_result():
    tool = views.tradeoff_tool()
    tool.increment.value = 1
    figures, png = tool.figures.value, bytes(tool.chart.image.value)
    tool.overhead.value = 2.0
    with pytest.raises(ValueError) as info:
        tradeoff.delivery_tradeoff(views.TRADEOFF_WEEKS, tool.change.value, 1, 2.0)
    assert html.escape(str(info.value)) in tool.message.value
    assert "Release overhead (weeks)" in tool.message.value
    assert tool.figures.value == figures and bytes(tool.chart.image.value) == png
    assert tool.chart.stale
    tool.increment.value = 4
    assert tool.message.value == "" and not tool.chart.stale
    assert_tradeoff_shows(tool)


def test_flow_chart_hooks_refuse_what_does_not_fit():
    """The live hook redraws only a run that fits the drawn axes: the same days and
    stages, and arrivals that fill 60 to 100 % of a fixed axis; a fixed axis below
    the arrivals is refused."""
    stages = views.BOARD_STAGES
    board = flow.simulate_board(1.8, stages, days=views.BOARD_DAYS, seed=1)
    arrived = int(board.daily["Arrived"].sum())
    with pytest.raises(ValueError, match="ymax"):
        flow_charts.cumulative_flow_chart(board, ymax=arrived - 1)
    fig = flow_charts.cumulative_flow_chart(board, ymax=views.flow_axis_top(1.8))
    fits = flow.simulate_board(1.8, stages, 4, days=views.BOARD_DAYS, seed=9)
    assert flow_charts.update_cumulative_flow(fig, fits)
    assert fig.alt == flow_charts.cumulative_flow_chart(fits).alt
    for other in (flow.simulate_board(0.5, stages, days=views.BOARD_DAYS, seed=1),
                  flow.simulate_board(1.8, {"Build": 2}, days=views.BOARD_DAYS, seed=1),
                  flow.simulate_board(1.8, stages, days=60, seed=1)):
        before = fig.alt
        assert not flow_charts.update_cumulative_flow(fig, other)
        assert fig.alt == before


def test_case_tools_take_a_trainers_cases_file_by_path(tmp_path, monkeypatch):
    """A trainer's copy of the course's first case, retitled (with HTML) and set to
    a team of 400 people: both tools offer it, marked as theirs, and start from it."""
    import yaml

    from implcourse.content import datasets_dir
    from implcourse.widgets.methods import home_ground_tool, suitability_tool

    data = yaml.safe_load((datasets_dir() / "methods" / "cases.yml").read_text(encoding="utf-8"))
    mine = dict(data["cases"][0], title="Our <b>own</b> ERP case")
    mine["factors"] = dict(mine["factors"], size=400)
    path = tmp_path / "our_cases.yml"
    path.write_text(yaml.safe_dump({"cases": [mine]}, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in (path, str(path), "./our_cases.yml"):
        ground = home_ground_tool(given)
        label = dict((v, k) for k, v in ground.case.options)[ground.case.value]
        assert label == "Our <b>own</b> ERP case (your file our_cases.yml)"
        assert ground.size.value == 400
        filter_tool = suitability_tool(given)
        assert filter_tool.case.value == ground.case.value
        assert "Our &lt;b&gt;own&lt;/b&gt; ERP case" in filter_tool.recommendation.value
        assert "<b>own</b>" not in filter_tool.recommendation.value
        # the course's cases stay on the menu
        assert data["cases"][0]["id"] in [v for _, v in ground.case.options]
    with pytest.raises(ValueError, match="no_such_case"):
        home_ground_tool("no_such_case")
    with pytest.raises(TypeError, match="case"):
        suitability_tool(42)
