"""The views: driven without a browser by setting values and clicking buttons."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from implcourse import course, lifecycle, progress, quiz, readiness, schedule
from implcourse.plots.schedule import gantt
from implcourse.widgets.common import error_html, figure_png, widget_selftest
from implcourse.widgets.lifecycle import (phase_explorer, phase_order_tool, plan_whatif,
                                          readiness_checklist)
from implcourse.widgets.progress import progress_view
from implcourse.widgets.quiz import knowledge_check

from helpers import assert_tool_fallback, chart_digest, order_by_clicks


def numbers_in(text: str) -> list[str]:
    """The numbers in a text as written (1,250.5 stays one number)."""
    return re.findall(r"\d[\d,]*(?:\.\d+)?", html.unescape(re.sub(r"<[^>]+>", " ", text)))

SMALL = [
    {"id": "a", "name": "Design", "duration": 3},
    {"id": "b", "name": "Build", "duration": 4, "depends_on": ["a"]},
    {"id": "c", "name": "Docs", "duration": 2, "depends_on": ["a"]},
    {"id": "d", "name": "Test", "duration": 1, "depends_on": ["b", "c"]},
]


def expected_error(call):
    """The inline error a view should show for the core call that fails."""
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return error_html(info.value)


# --------------------------------------------------------------------------
# common
# --------------------------------------------------------------------------

def test_widget_selftest_counts_clicks():
    """Clicking changes the message and counts the clicks."""
    tool = widget_selftest()
    button, status = tool.children[1], tool.children[2]
    before = status.value
    assert "working" not in before
    button.click()
    assert status.value != before and "working" in status.value
    assert "(1 click)" in status.value
    button.click()
    button.click()
    assert "(3 clicks)" in status.value


BUILDERS = {
    "Widget self-test": widget_selftest,
    "Phase explorer": phase_explorer,
    "Put the phases in order": phase_order_tool,
    "What if? Change the plan": lambda: plan_whatif(schedule.Plan.from_records(SMALL)),
    "Go-live readiness checklist": readiness_checklist,
    "Knowledge check: lesson 01": lambda: knowledge_check("01", n=2, seed=0, record=False),
    "My progress": lambda: progress_view(progress.ProgressStore("/nonexistent-implcourse")),
}


@pytest.mark.parametrize("title", list(BUILDERS))
def test_tool_has_fixed_plain_text_fallback(title):
    """text/plain is a fixed sentence naming the tool; the widget view stays."""
    assert_tool_fallback(BUILDERS[title](), title)


def test_error_html_escapes():
    """Inline errors are HTML-escaped and keep the message."""
    out = error_html(ValueError("x must be >= 0 <script>'a'</script>"))
    assert "x must be &gt;= 0 &lt;script&gt;" in out
    assert "<script>" not in out and ">= 0" not in out
    assert "plain &amp; simple" in error_html("plain & simple")


def test_figure_png_returns_png_bytes():
    """figure_png turns a figure into PNG bytes."""
    data = figure_png(gantt(schedule.analyse(schedule.Plan.from_records(SMALL))))
    assert isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n")


# --------------------------------------------------------------------------
# phase_explorer
# --------------------------------------------------------------------------

def explorer_text(tool) -> str:
    """Everything the phase explorer shows for the phase picked: heading and tabs."""
    return tool.card.value + "".join(pane.value for pane in tool.tabs.children)


def test_phase_explorer_shows_every_phase_card():
    """Every phase can be chosen; its card shows purpose, deliverables, roles, stages,
    one tab per part (so that it fits a projected screen)."""
    tool = phase_explorer()
    picker = tool.picker
    phases = lifecycle.load_phases()
    assert [value for _, value in picker.options] == [p.id for p in phases]
    assert picker.value == phases[0].id
    titles = [tool.tabs.get_title(i) for i in range(len(tool.tabs.children))]
    assert titles == ["Purpose", "Activities", "Deliverables", "Exit gate", "Failure modes"]
    for number, phase in enumerate(phases, start=1):
        picker.value = phase.id
        text = explorer_text(tool)
        purpose, activities, deliverables, gate, failures = (
            pane.value for pane in tool.tabs.children)
        assert f"{number}. {html.escape(phase.name)}" in tool.card.value
        assert html.escape(phase.purpose) in purpose
        for item in phase.deliverables:
            assert html.escape(item) in deliverables
        for item in phase.activities:
            assert html.escape(item) in activities
        for item in phase.exit_criteria:
            assert html.escape(item) in gate
        for item in phase.failure_modes:
            assert html.escape(item) in failures
        for role in phase.roles:
            name = lifecycle.get_role(role).name
            assert html.escape(name) in purpose
        for stage in phase.stages:
            assert html.escape(stage.name) in activities
        if not phase.stages:
            assert "Stages" not in text


def test_phase_explorer_start_and_bad_start():
    """It opens on the phase asked for; an unknown phase is refused by the core."""
    tool = phase_explorer("Testing")
    assert tool.picker.value == "testing"
    assert html.escape(lifecycle.get_phase("testing").purpose) in explorer_text(tool)
    assert "5. " in tool.card.value
    with pytest.raises(ValueError, match="phase"):
        phase_explorer("not_a_phase")


# --------------------------------------------------------------------------
# phase_order_tool: the answer form of the PhaseOrder exercise
# --------------------------------------------------------------------------

def shown_text(tool) -> str:
    """Everything the phase-ordering tool says, as a person reads it."""
    return html.unescape(" ".join([tool.feedback.value, tool.hint_area.value,
                                   tool.solution_area.value]))


def assert_no_phase_ids(text: str) -> None:
    """No phase is named by its id: never an id with an underscore, never a quoted id."""
    for pid in lifecycle.phase_ids():
        if "_" in pid:
            assert pid not in text, pid
        assert f"'{pid}'" not in text and f'"{pid}"' not in text and f"`{pid}`" not in text


def test_phase_order_starts_with_a_seeded_shuffle():
    """The starting order is a permutation fixed by the seed, and never already solved."""
    ids = lifecycle.phase_ids()
    starts = {}
    for seed in range(8):
        first = phase_order_tool(seed).inputs["order"].order
        again = phase_order_tool(seed).inputs["order"].order
        assert first == again
        assert sorted(first) == sorted(ids) and first != ids
        starts[seed] = tuple(first)
    assert len(set(starts.values())) > 1


def test_phase_order_rows_show_names_and_arrows():
    """Each row shows its position and the phase's name (not its id); the top row
    cannot move up and the bottom one cannot move down."""
    view = phase_order_tool(seed=6).inputs["order"]
    names = {p.id: p.name for p in lifecycle.load_phases()}
    for number, (row, pid) in enumerate(zip(view.rows.children, view.order), start=1):
        assert row.children[2].value == f"{number}. {html.escape(names[pid])}"
    assert view.buttons[0][0].disabled and not view.buttons[0][1].disabled
    assert view.buttons[-1][1].disabled and not view.buttons[-1][0].disabled


def test_phase_order_correct_order(progress_home):
    """The correct order, reached with the arrows, gets 'all eight' and one attempt."""
    tool = phase_order_tool(seed=5)
    assert order_by_clicks(tool.inputs["order"], lifecycle.phase_ids()) > 0
    tool.check_button.click()
    assert "All eight phases are in the right order" in tool.feedback.value
    records = progress.ProgressStore().records()
    assert [(r["item"], r["correct"]) for r in records] == [("01.phase_order", True)]


@pytest.mark.parametrize("swap", [(0, 1), (2, 5), (6, 7)])
def test_phase_order_wrong_order_counts_in_place(swap, progress_home):
    """A wrong order shows 'N of 8' with N from check_order, and the hint for the first
    misplaced position, in words."""
    ids = lifecycle.phase_ids()
    order = list(ids)
    i, j = swap
    order[i], order[j] = order[j], order[i]
    expected = lifecycle.check_order(order)
    tool = phase_order_tool(seed=1)
    order_by_clicks(tool.inputs["order"], order)
    tool.check_button.click()
    text = html.unescape(tool.feedback.value)
    assert f"{expected.in_place} of {expected.total} are in the right place" in text
    assert "All eight" not in text
    assert expected.hint in text
    assert_no_phase_ids(shown_text(tool))


def test_phase_order_repeated_phase_is_refused_by_name(progress_home):
    """The arrows keep every phase once; in code, naming a phase twice is refused with a
    message naming the missing phase as the form shows it, and nothing is recorded."""
    from implcourse.exercises.lifecycle import PhaseOrder

    order = lifecycle.phase_ids()
    missing = order[3]
    order[3] = order[6]
    feedback = PhaseOrder(seed=2).check(order=order)
    assert not feedback.correct and not feedback.pending
    name = lifecycle.get_phase(missing).name
    assert f"Phases, first at the top: put each of the 8 items in once ({name} is missing)" \
        == feedback.message
    assert_no_phase_ids(feedback.message)
    assert progress.ProgressStore().records() == []
    view = phase_order_tool(seed=2).inputs["order"]
    for _ in range(20):                            # any presses keep a permutation
        view.move(0, +1)
        view.move(5, -1)
        assert sorted(view.order) == sorted(lifecycle.phase_ids())


def test_phase_order_hint_button(progress_home):
    """Hint gives the exercise's hints one at a time, numbered, without an answer."""
    from implcourse.exercises.lifecycle import PhaseOrder

    tool = phase_order_tool(seed=4)
    hints = PhaseOrder(seed=4).hints
    for number in range(1, len(hints) + 2):
        tool.hint_button.click()
        shown = min(number, len(hints))
        assert f"Hint {shown} of {len(hints)}" in tool.hint_area.value
        assert html.escape(hints[shown - 1]) in tool.hint_area.value
    assert_no_phase_ids(shown_text(tool))
    assert progress.ProgressStore().records() == []


def test_phase_order_hint_follows_the_current_order(progress_home):
    """After the learner changes the order, Check's hint is about the new order."""
    ids = lifecycle.phase_ids()
    first = [ids[1], ids[0], *ids[2:]]
    second = [ids[0], ids[1], ids[3], ids[2], *ids[4:]]
    tool = phase_order_tool(seed=4)
    order_by_clicks(tool.inputs["order"], first)
    tool.check_button.click()
    old_text = html.unescape(tool.feedback.value)
    order_by_clicks(tool.inputs["order"], second)
    tool.check_button.click()
    new, old = lifecycle.check_order(second).hint, lifecycle.check_order(first).hint
    assert new != old
    assert old in old_text
    text = html.unescape(tool.feedback.value)
    assert new in text and old not in text
    assert_no_phase_ids(text)


def test_phase_order_messages_never_name_a_phase_by_id(progress_home):
    """For every misplaced position and the solution, the words are names, never ids."""
    ids = lifecycle.phase_ids()
    tool = phase_order_tool(seed=0)
    for k in range(len(ids) - 1):
        order = list(ids)
        order[k], order[k + 1] = order[k + 1], order[k]
        order_by_clicks(tool.inputs["order"], order)
        tool.check_button.click()
        assert f"Position {k + 1}" in html.unescape(tool.feedback.value)
        assert_no_phase_ids(shown_text(tool))
    tool.solution_button.click()
    assert "Worked solution" in tool.solution_area.value
    assert_no_phase_ids(shown_text(tool))


# --------------------------------------------------------------------------
# plan_whatif
# --------------------------------------------------------------------------

def whatif_parts(tool):
    return (tool.task, tool.days, tool.after, tool.reset, tool.message, tool.summary,
            tool.chart)


def summary_days(summary):
    return float(re.search(r"<b>([\d.]+) working days</b>", summary.value).group(1))


def png(chart) -> bytes:
    return bytes(chart.image.value)


def names_of(plan, ids) -> list[str]:
    return [plan.task(t).name for t in ids]


def test_plan_whatif_opens_on_the_shipped_plan():
    """The summary shows the shipped plan's duration and critical path; the "Waits for"
    field lists the first task's predecessors by name."""
    base = schedule.analyse(schedule.load_plan())
    task, days, deps, _, message, summary, chart = whatif_parts(plan_whatif())
    assert summary_days(summary) == base.duration
    assert "the same as the base plan" in summary.value
    names = [html.escape(base.plan.task(t).name) for t in base.critical_path]
    assert " → ".join(names) in summary.value
    assert message.value == ""
    assert png(chart).startswith(b"\x89PNG")
    first = base.plan.tasks[0]
    assert (task.value, days.value) == (first.id, first.duration)
    assert isinstance(deps, w.TagsInput)
    assert deps.value == names_of(base.plan, first.depends_on)
    assert sorted(deps.allowed_tags) == sorted(t.name for t in base.plan.tasks)


def test_plan_whatif_critical_task_slips():
    """+k days on a critical task adds k days to the project."""
    plan = schedule.load_plan()
    base = schedule.analyse(plan)
    target = next(t for t in base.critical_path if plan.task(t).duration > 0)
    task, days, _, _, message, summary, chart = whatif_parts(plan_whatif())
    task.value = target
    for k in (1, 10):
        old_chart = png(chart)
        days.value = plan.task(target).duration + k
        expected = schedule.analyse(plan.with_changes(
            durations={target: plan.task(target).duration + k}))
        assert expected.duration == base.duration + k
        assert summary_days(summary) == expected.duration
        assert f"{k:+g} days against the base plan" in summary.value
        assert message.value == ""
        assert png(chart) != old_chart
        assert chart_digest(chart.figure) == chart_digest(gantt(expected,
                                                                xmax=base.duration * 1.5))


def test_plan_whatif_changes_accumulate_and_non_critical_float_absorbs():
    """Changes add up; a slip within a task's float does not move the end."""
    plan = schedule.load_plan()
    base = schedule.analyse(plan)
    table = base.table
    loose = next(t for t in plan.ids if table.loc[t, "total_float"] >= 2)
    crit = next(t for t in base.critical_path if plan.task(t).duration > 0)
    task, days, _, _, _, summary, _ = whatif_parts(plan_whatif())
    task.value = loose
    days.value = plan.task(loose).duration + 1
    assert summary_days(summary) == base.duration
    task.value = crit
    days.value = plan.task(crit).duration + 2
    expected = schedule.analyse(plan.with_changes(
        durations={loose: plan.task(loose).duration + 1, crit: plan.task(crit).duration + 2}))
    assert summary_days(summary) == expected.duration


def test_plan_whatif_a_plan_longer_than_the_axis_is_drawn_anew():
    """A slip beyond the chart's time axis draws a new chart with room for it."""
    plan = schedule.Plan.from_records(SMALL)
    tool = plan_whatif(plan)
    right = tool.chart.figure.axes[0].get_xlim()[1]
    tool.task.value = "b"
    tool.days.value = 40
    expected = schedule.analyse(plan.with_changes(durations={"b": 40}))
    assert expected.duration > right
    ax = tool.chart.figure.axes[0]
    assert ax.get_xlim()[1] >= expected.duration
    assert summary_days(tool.summary) == expected.duration
    bars = {p.get_gid(): p for p in ax.patches}
    assert bars["live:bar:b"].get_width() == 40


def bad_inputs(plan):
    """(what to set, the words the message must hold) for the what-if tool on ``plan``."""
    last = plan.order[-1]
    first = plan.order[0]
    name = plan.task(first).name
    with pytest.raises(schedule.PlanError) as info:
        plan.with_changes(depends_on={first: [last]})
    cycle_names = " → ".join(plan.task(t).name for t in info.value.cycle)
    return {
        "negative": (("days", first, -3),
                     [f"Not applied. Duration of {name} cannot be negative (you entered "
                      "\u22123)"]),
        "cycle": (("deps", first, [plan.task(last).name]),
                  ["Not applied. That would make a loop", cycle_names, "Remove one"]),
    }


@pytest.mark.parametrize("which", ["shipped", "small"])
def test_plan_whatif_bad_input_keeps_last_good_result(which):
    """Bad input is named inline in the learner's words (task names, never ids); the
    summary and chart keep the last good result."""
    plan = schedule.load_plan() if which == "shipped" else schedule.Plan.from_records(SMALL)
    tool = plan_whatif(None if which == "shipped" else plan)
    task, days, deps, _, message, summary, chart = whatif_parts(tool)
    for case, ((field, task_id, value), words) in bad_inputs(plan).items():
        task.value = plan.order[1]
        task.value = task_id            # fields refilled from the current plan
        assert message.value == ""
        before = (summary.value, png(chart))
        if field == "days":
            days.value = value
        else:
            deps.value = value
        text = html.unescape(message.value)
        assert "\u26a0" in text, case
        for part in words:
            assert part in text, (case, text)
        for tid in plan.ids:                 # tasks by name: no quoted id, no snake_case id
            assert f"'{tid}'" not in text and ("_" not in tid or tid not in text), (case, tid)
        assert (summary.value, png(chart)) == before


def test_plan_whatif_waits_for_takes_names_and_refuses_others():
    """The "Waits for" field takes task names (the front end offers only those; the
    kernel refuses any other tag), and a loop is explained with names."""
    plan = schedule.Plan.from_records(SMALL)
    tool = plan_whatif(plan)
    tool.task.value = "d"
    assert tool.after.value == ["Build", "Docs"]
    tool.after.value = ["Build"]                       # names in, ids out
    expected = schedule.analyse(plan.with_changes(depends_on={"d": ["b"]}))
    assert summary_days(tool.summary) == expected.duration
    assert tool.message.value == ""
    with pytest.raises(w.trait_types.traitlets.TraitError):
        tool.after.value = ["b"]                       # an id is not a tag
    tool.task.value = "a"
    tool.after.value = ["Test"]
    text = html.unescape(tool.message.value)
    assert "Design → Build → Test → Design" in text
    assert "a → b" not in text and "'d'" not in text


def test_plan_whatif_selecting_a_task_fills_fields_from_current_plan():
    """Choosing a task shows its current duration and predecessors, with no error."""
    plan = schedule.load_plan()
    task, days, deps, _, message, summary, _ = whatif_parts(plan_whatif())
    for task_id in plan.ids[::4]:
        task.value = task_id
        current = plan.task(task_id)
        assert days.value == current.duration
        assert deps.value == names_of(plan, current.depends_on)
        assert message.value == ""
    changed = plan.ids[5]
    task.value = changed
    days.value = plan.task(changed).duration + 4
    task.value = plan.ids[0]
    task.value = changed
    assert days.value == plan.task(changed).duration + 4
    assert message.value == ""


def test_plan_whatif_selecting_a_task_clears_an_error():
    """After an error, picking another task clears the message; the result stays good."""
    plan = schedule.Plan.from_records(SMALL)
    task, days, _, _, message, summary, _ = whatif_parts(plan_whatif(plan))
    good = summary.value
    days.value = -1
    assert message.value
    task.value = "c"
    assert message.value == "" and summary.value == good
    assert days.value == plan.task("c").duration


def test_plan_whatif_reset_restores_base():
    """Reset brings back the base plan's duration, chart and the task's fields."""
    plan = schedule.Plan.from_records(SMALL)
    base = schedule.analyse(plan)
    tool = plan_whatif(plan)
    task, days, deps, reset, message, summary, chart = whatif_parts(tool)
    first = summary.value, chart_digest(chart.figure)
    task.value = "b"
    days.value = 10
    deps.value = ["Design", "Docs"]
    changed = schedule.analyse(plan.with_changes(durations={"b": 10},
                                                 depends_on={"b": ["a", "c"]}))
    assert summary_days(summary) == changed.duration != base.duration
    reset.click()
    assert summary_days(summary) == base.duration
    assert "the same as the base plan" in summary.value
    assert (days.value, deps.value) == (4.0, ["Design"])
    assert message.value == ""
    assert (summary.value, chart_digest(chart.figure)) == first


def test_plan_whatif_custom_plan_and_dependency_change():
    """A custom plan works, and a new dependency moves the critical path."""
    plan = schedule.Plan.from_records(SMALL)
    task, _, deps, _, message, summary, _ = whatif_parts(plan_whatif(plan))
    assert [v for _, v in task.options] == plan.ids
    assert [label for label, _ in task.options] == [t.name for t in plan.tasks]
    assert summary_days(summary) == schedule.analyse(plan).duration
    task.value = "c"
    deps.value = ["Design", "Build"]
    expected = schedule.analyse(plan.with_changes(depends_on={"c": ["a", "b"]}))
    assert summary_days(summary) == expected.duration
    names = [plan.task(t).name for t in expected.critical_path]
    assert " → ".join(names) in summary.value and "Docs" in names
    assert message.value == ""


def test_plan_whatif_caption_states_the_summary_numbers():
    """The chart's caption (its text alternative) gives the duration the summary gives."""
    plan = schedule.Plan.from_records(SMALL)
    tool = plan_whatif(plan)
    tool.task.value = "c"
    tool.days.value = 6
    days = summary_days(tool.summary)
    caption = html.unescape(tool.chart.caption.value)
    assert f"over {days:g} working days" in caption
    assert set(numbers_in(tool.summary.value)) & set(numbers_in(caption))


@pytest.mark.parametrize("bad", [[1, 2], SMALL, 3.5])
def test_plan_whatif_refuses_a_non_plan(bad):
    """Passing something other than a Plan, a dataset name or a path raises
    TypeError naming plan."""
    with pytest.raises(TypeError, match="plan"):
        plan_whatif(bad)


def test_plan_whatif_refuses_a_name_that_is_no_course_dataset():
    """A bare name means a course dataset: one that does not exist is refused,
    naming it (a file of one's own is given as a path)."""
    with pytest.raises(ValueError, match="plan.csv"):
        plan_whatif("plan.csv")


# --------------------------------------------------------------------------
# readiness_checklist
# --------------------------------------------------------------------------

def readiness_parts(tool):
    return tool.sample, tool.all_met, tool.clear, tool.slider


def decision(tool):
    return re.search(r"Decision: (GO|NO-GO)", tool.result.value).group(1)


def test_readiness_opens_on_the_sample_scenario():
    """The boxes show the sample status and the decision is assess's."""
    tool = readiness_checklist()
    assert {k: b.value for k, b in tool.boxes.items()} == readiness.sample_status()
    expected = readiness.assess(readiness.sample_status())
    assert decision(tool) == expected.decision
    assert f"Readiness score {expected.score:.0%}" in tool.result.value
    assert {item.id for item in readiness.load_checklist()} == set(tool.boxes)


def test_readiness_buttons():
    """All met gives GO; Clear gives NO-GO listing every blocking item; Sample restores."""
    tool = readiness_checklist()
    sample, all_met, clear, _ = readiness_parts(tool)
    assert (sample.description, all_met.description, clear.description) == \
        ("Sample scenario", "All met", "Clear")
    all_met.click()
    assert all(b.value for b in tool.boxes.values())
    assert decision(tool) == "GO" == readiness.assess({k: True for k in tool.boxes}).decision
    assert "Blocking items open" not in tool.result.value
    clear.click()
    assert not any(b.value for b in tool.boxes.values())
    assert decision(tool) == "NO-GO"
    text = tool.result.value
    blocking = text[text.index("Blocking items open"):text.index("other open item")]
    items = readiness.load_checklist()
    for item in items:
        if item.blocking:
            assert html.escape(item.text) in blocking
        else:
            assert html.escape(item.text) not in blocking
    sample.click()
    assert {k: b.value for k, b in tool.boxes.items()} == readiness.sample_status()


def test_readiness_single_box_updates_live():
    """Ticking one box updates the decision at once."""
    tool = readiness_checklist()
    status = readiness.sample_status()
    for item_id in [i.id for i in readiness.assess(status).blocking_open]:
        tool.boxes[item_id].value = True
        status[item_id] = True
    assert decision(tool) == readiness.assess(status).decision
    assert f"Readiness score {readiness.assess(status).score:.0%}" in tool.result.value


def test_readiness_threshold_changes_decision_as_assess_says():
    """Moving the threshold flips the decision exactly when assess does."""
    tool = readiness_checklist()
    _, _, _, slider = readiness_parts(tool)
    status = {item.id: item.blocking or item.sample_met for item in readiness.load_checklist()}
    for key, value in status.items():
        tool.boxes[key].value = value
    seen = set()
    value = slider.min
    while value <= slider.max + 1e-9:
        slider.value = value
        expected = readiness.assess(status, threshold=slider.value)
        assert decision(tool) == expected.decision, slider.value
        assert f"(threshold {slider.value:.0%}," in tool.result.value
        seen.add(expected.decision)
        value = round(value + slider.step, 10)
    assert seen == {"GO", "NO-GO"}


def bar_positions(page: str) -> tuple[float, list[float]]:
    """The score bar's filled width and the left offsets of what sits on it (per cent)."""
    width = float(re.search(r"width:([\d.]+)%;height:14px", page).group(1))
    lefts = [float(x) for x in re.findall(r"position:absolute;[^\"]*?left:([\d.]+)%", page)]
    return width, lefts


@pytest.mark.parametrize("threshold", [0.5, 0.65, 0.8, 0.95])
def test_readiness_bar_marks_the_threshold(threshold):
    """The score bar is filled to the score and a marker, labelled with the threshold,
    sits at the threshold's per cent; both move with the slider and the boxes."""
    tool = readiness_checklist()
    tool.slider.value = threshold
    status = {k: b.value for k, b in tool.boxes.items()}
    expected = readiness.assess(status, threshold=threshold)
    width, lefts = bar_positions(tool.result.value)
    assert width == pytest.approx(100 * expected.score, abs=0.05)
    assert lefts and all(left == pytest.approx(100 * threshold, abs=0.05) for left in lefts)
    assert f"(threshold {threshold:.0%}, the dark mark)" in tool.result.value
    assert f"against a threshold of {threshold:.0%}" in tool.result.value   # for a reader
    tool.all_met.click()
    width, _ = bar_positions(tool.result.value)
    assert width == pytest.approx(100.0)


# --------------------------------------------------------------------------
# knowledge_check
# --------------------------------------------------------------------------

def quiz_parts(tool, questions):
    """(asked, answer form, feedback box) for each question of a knowledge check: one
    question per tab, each tab holding the stem, the form, its Check button and the
    feedback."""
    pages = tool.tabs.children
    assert len(pages) == len(questions) == len(tool.asked)
    assert [a.question.id for a in tool.asked] == [q.id for q in questions]
    for page, form, box in zip(pages, tool.inputs, tool.feedback):
        assert page.children[1] is form.widget and page.children[2] is box
    return list(zip(tool.asked, tool.inputs, tool.feedback))


def right_response(asked):
    return asked.key_shown


def wrong_response(asked):
    from implcourse.exam import _wrong_response

    return _wrong_response(asked)


def answer(form, response):
    """Fill a form as a learner would (a number goes in as text)."""
    if form.asked.question.kind == "numeric":
        form._text.value = f"{response!r}"
    else:
        form.set(response)


@pytest.mark.parametrize("n, seed", [(3, 0), (5, 7), (None, 0)])
@pytest.mark.parametrize("record", [True, False])
def test_knowledge_check_all_right(n, seed, record, progress_home):
    """All correct answers give 'k of k' and record k questions (if asked)."""
    questions = quiz.load_bank("01") if n is None else quiz.draw("01", n, seed)
    tool = knowledge_check(lesson="01", n=n, seed=seed, record=record)
    parts = quiz_parts(tool, questions)
    for asked, form, _ in parts:
        q = asked.question
        if q.kind == "single":
            assert isinstance(form.widget, w.RadioButtons)
            assert sorted(label.split(". ", 1)[1] for label, _ in form.widget.options) == \
                sorted(q.options)
        answer(form, right_response(asked))
    tool.check.click()
    k = len(questions)
    assert f"{k} of {k} answered correctly" in tool.result.value
    assert "not answered" not in tool.result.value
    got = progress.ProgressStore().records()
    if record:
        assert sorted((r["kind"], r["item"], r["lesson"], r["topic"], r["correct"])
                      for r in got) == sorted(("question", q.id, q.lesson, q.topic, True)
                                              for q in questions)
        assert progress.ProgressStore().lessons_done()["lesson"].tolist() == ["01"]
    else:
        assert got == []
        assert progress.ProgressStore().lessons_done().empty


def test_each_question_is_checked_on_its_own_with_the_explanation(progress_home):
    """A question's own Check grades it at once, locks it, shows the explanation and
    why the chosen option is wrong, and records it."""
    questions = quiz.draw("01", 4, 3)
    tool = knowledge_check("01", n=4, seed=3)
    parts = quiz_parts(tool, questions)
    choice = next(i for i, (a, _, _) in enumerate(parts) if a.question.kind == "single")
    asked, form, box = parts[choice]
    wrong = wrong_response(asked)
    answer(form, wrong)
    tool.tabs.selected_index = choice
    tool.check_this.click()
    assert html.escape(asked.question.explanation) in box.value
    assert f"the answer is {asked.key_shown[0]}" in box.value
    assert html.escape(asked.why_wrong_shown()[wrong]) in box.value
    assert tool.check_this.disabled and form.widget.disabled
    tool.tabs.selected_index = (choice + 1) % 4
    assert not tool.check_this.disabled
    assert tool.tabs.titles[choice].endswith("✘")
    assert "0 of 1 answered correctly; 3 not answered" in tool.result.value
    assert [r["item"] for r in progress.ProgressStore().records()] == [asked.question.id]


def test_knowledge_check_wrong_answer_shows_explanation(progress_home):
    """A wrong answer shows the key and explanation and is recorded as wrong."""
    questions = quiz.draw("01", 4, 3)
    tool = knowledge_check("01", n=4, seed=3)
    parts = quiz_parts(tool, questions)
    for i, (asked, form, _) in enumerate(parts):
        answer(form, wrong_response(asked) if i == 0 else right_response(asked))
    tool.check.click()
    asked, _, box = parts[0]
    assert html.escape(asked.question.explanation) in box.value
    assert "Not quite" in box.value
    assert "3 of 4 answered correctly" in tool.result.value
    assert "Weakest here" in tool.result.value
    wrong = [r for r in progress.ProgressStore().records() if not r["correct"]]
    assert [r["item"] for r in wrong] == [asked.question.id]


def test_knowledge_check_points_out_unanswered(progress_home):
    """Unanswered questions are pointed out, not graded or recorded."""
    questions = quiz.draw("01", 4, 1)
    tool = knowledge_check("01", n=4, seed=1)
    parts = quiz_parts(tool, questions)
    asked, form, _ = parts[1]
    answer(form, right_response(asked))
    tool.check.click()
    assert "1 of 1 answered correctly; 3 not answered" in tool.result.value
    for i, (_, _, box) in enumerate(parts):
        assert ("Not answered yet" in box.value) == (i != 1)
    assert [r["item"] for r in progress.ProgressStore().records()] == [asked.question.id]


def test_knowledge_check_with_nothing_answered_asks_for_answers(progress_home):
    """Pressing Check before answering anything grades nothing and says so."""
    tool = knowledge_check("01", n=3, seed=2)
    tool.check.click()
    assert "none of the 3 questions is answered yet" in tool.result.value
    assert "answered correctly" not in tool.result.value
    assert progress.ProgressStore().records() == []


def test_knowledge_check_multiple_needs_every_letter(progress_home):
    """A 'multiple' question with only part of the key is wrong."""
    bank = quiz.load_bank("01")
    tool = knowledge_check("01", record=False)
    parts = quiz_parts(tool, bank)
    multiples = [(a, f, b) for a, f, b in parts if a.question.kind == "multiple"]
    assert multiples
    for asked, form, _ in multiples:
        answer(form, asked.key_shown[:-1])
    tool.check.click()
    for _, _, box in multiples:
        assert "Not quite" in box.value
    assert f"0 of {len(multiples)} answered correctly" in tool.result.value


def test_a_half_done_ordering_is_explained_not_graded(progress_home):
    bank = quiz.load_bank("01")
    tool = knowledge_check("01", record=False)
    i, (asked, form, box) = next((i, p) for i, p in enumerate(quiz_parts(tool, bank))
                                 if p[0].question.kind == "ordering")
    form._menus[0].value = "A"
    tool.tabs.selected_index = i
    tool.check_this.click()
    assert "choose a letter for every place" in box.value
    assert not tool.check_this.disabled
    form.set(asked.key_shown)
    tool.check_this.click()
    assert "Correct." in box.value


def test_a_numeric_question_takes_typed_numbers_and_explains_bad_text(progress_home):
    bank = quiz.load_bank("05")
    tool = knowledge_check("05", record=False, seed=4)
    i, (asked, form, box) = next((i, p) for i, p in enumerate(quiz_parts(tool, bank))
                                 if p[0].question.kind == "numeric")
    form._text.value = "about ten"
    tool.tabs.selected_index = i
    tool.check_this.click()
    assert "response must be a number" in box.value
    form._text.value = f"{asked.question.value:,}"
    tool.check_this.click()
    assert "Correct." in box.value
    assert "{" not in tool.tabs.children[i].children[0].value


# --------------------------------------------------------------------------
# progress_view
# --------------------------------------------------------------------------

def weakest_topic(records):
    """(lesson, topic) with the lowest first-time rate, computed independently."""
    first: dict[tuple, bool] = {}
    for r in records:
        first.setdefault((r["lesson"], r["topic"], r["kind"], r["item"]), r["correct"])
    rates: dict[tuple, list[bool]] = {}
    for (lesson, topic, _, _), ok in first.items():
        rates.setdefault((lesson, topic), []).append(ok)
    return min(rates, key=lambda key: sum(rates[key]) / len(rates[key]))


RECORDS = [
    ("exercise", "ex.order", "01", "phases", True),
    ("question", "q1", "01", "phases", True),
    ("question", "q2", "01", "roles", False),
    ("question", "q2", "01", "roles", True),
    ("question", "q3", "01", "roles", True),
    ("question", "q4", "01", "roles", True),
    ("exercise", "ex.cp", "01", "critical_path", True),
    ("exercise", "ex.cp", "01", "critical_path", False),
]


def report_rows(page: str) -> dict[str, list[str]]:
    """The progress report's body rows, by topic (the second cell): every cell as shown."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [html.unescape(c.strip()) for c in
                 re.findall(r"<t[hd][^>]*class=\"(?:row_heading|data)[^\"]*\"[^>]*>(.*?)</t[hd]>",
                            row, re.S)]
        if cells:
            rows[cells[1]] = cells
    return rows


def record_all(store, records=RECORDS):
    for kind, item, lesson, topic, ok in records:
        store.record(kind, item, lesson=lesson, topic=topic, correct=ok)


def test_progress_view_empty(tmp_path):
    """An empty store says nothing is recorded yet."""
    tool = progress_view(progress.ProgressStore(tmp_path))
    assert "Nothing recorded yet" in tool.table.value
    assert "<table" not in tool.table.value
    assert (tool.children[1], tool.children[2]) == (tool.refresh, tool.views)
    assert tool.views.children == (tool.table, tool.chart.widget)
    assert "nothing recorded yet" in tool.chart.caption.value


def test_progress_view_lists_topics_and_weakest(tmp_path):
    """The table lists every topic by its name (never its id) with its counts, and the
    next step names the weakest topic and its lesson."""
    store = progress.ProgressStore(tmp_path)
    record_all(store)
    tool = progress_view(store)
    text = tool.table.value
    recs = [dict(zip(["kind", "item", "lesson", "topic", "correct"], r)) for r in RECORDS]
    lesson, topic = weakest_topic(recs)
    assert topic == "roles"
    name = course.topic_name(lesson, topic)
    assert name != topic
    assert html.escape(f"Weakest topic so far: {name} ({course.get_lesson(lesson).label})") \
        in text
    rows = report_rows(text)
    for topic_id in {r[3] for r in RECORDS}:
        assert course.topic_name("01", topic_id) in rows
        assert f">{topic_id}<" not in text
    assert all(cells[0] == course.get_lesson("01").label for cells in rows.values())


def test_progress_view_counts_are_whole_numbers(tmp_path):
    """Tried / right now / right first time / solutions seen are shown as counts (2, not
    2.0); the first-time rate in per cent."""
    store = progress.ProgressStore(tmp_path)
    record_all(store)
    rows = report_rows(progress_view(store).table.value)
    # roles: 3 items tried, 3 right now, 2 right first time, 67 %
    assert rows[course.topic_name("01", "roles")][2:] == ["3", "3", "2", "67 %", "0"]
    assert rows[course.topic_name("01", "phases")][2:] == ["2", "2", "2", "100 %", "0"]
    # critical_path: right at the first attempt, wrong at the latest
    assert rows[course.topic_name("01", "critical_path")][2:] == ["1", "0", "1", "100 %", "0"]
    # weakest first (ties in topic-id order)
    rates = {"roles": 2 / 3, "phases": 1.0, "critical_path": 1.0}
    assert list(rows) == [course.topic_name("01", t)
                          for t in sorted(sorted(rates), key=rates.get)]


def test_progress_view_refresh(tmp_path):
    """Refresh shows records added after the view was built."""
    store = progress.ProgressStore(tmp_path)
    record_all(store)
    tool = progress_view(store)
    refresh, table = tool.refresh, tool.table
    before = table.value
    golive = course.topic_name("01", "golive")
    assert golive not in before
    store.record("question", "q9", lesson="01", topic="golive", correct=False)
    assert table.value == before
    refresh.click()
    recs = [dict(zip(["kind", "item", "lesson", "topic", "correct"], r)) for r in RECORDS]
    recs.append({"kind": "question", "item": "q9", "lesson": "01", "topic": "golive",
                 "correct": False})
    assert weakest_topic(recs) == ("01", "golive")
    assert golive in report_rows(table.value)
    assert html.escape(f"Weakest topic so far: {golive}") in table.value


def test_progress_view_counts_solutions_seen(tmp_path):
    """A solution seen before the first attempt: tried, not right first time, counted."""
    store = progress.ProgressStore(tmp_path)
    store.record_solution_seen("ex.cp", lesson="01", topic="critical_path")
    store.record("exercise", "ex.cp", lesson="01", topic="critical_path", correct=True)
    store.record("exercise", "ex.tf", lesson="01", topic="critical_path", correct=True)
    rows = report_rows(progress_view(store).table.value)
    assert rows[course.topic_name("01", "critical_path")][2:] == ["2", "2", "1", "50 %", "1"]


def test_progress_view_default_store_follows_home(progress_home):
    """Without a store the view reads the learner's default progress file."""
    tool = progress_view()
    assert "Nothing recorded yet" in tool.table.value
    progress.record("exercise", "x", lesson="01", topic="phases", correct=True)
    tool.refresh.click()
    assert course.topic_name("01", "phases") in report_rows(tool.table.value)


def test_plan_whatif_takes_a_trainers_plan_by_path(tmp_path, monkeypatch):
    """A trainer's copy of the ERP plan whose kickoff (the first task of every
    path) takes 40 days instead of 4, and whose name holds HTML and a '$': the
    plan is 36 days longer, and the name is shown as written, escaped."""
    from implcourse.content import datasets_dir

    hostile = "Kickoff <b>now</b> $5k & <script>x</script>"
    text = (datasets_dir() / "plans" / "erp_rollout.csv").read_text(encoding="utf-8")
    mine = text.replace("kickoff,Project kickoff and team mobilisation,initiation,4,",
                        f'kickoff,"{hostile}",initiation,40,')
    assert mine != text
    path = tmp_path / "our_plan.csv"
    path.write_text(mine, encoding="utf-8")
    course_days = schedule.analyse(schedule.load_plan()).duration
    monkeypatch.chdir(tmp_path)
    for given in (path, str(path), "./our_plan.csv"):
        tool = plan_whatif(given)
        assert f"<b>{course_days + 36:g} working days</b>" in tool.summary.value
        assert html.escape(hostile) in tool.summary.value
        assert "<b>now</b>" not in tool.summary.value and "<script>" not in tool.summary.value
        assert (hostile, "kickoff") in tool.task.options
    tool.days.value = 4  # back to the course's duration: the course's length
    assert f"<b>{course_days:g} working days</b>" in tool.summary.value
    with pytest.raises(TypeError, match="plan"):
        plan_whatif(42)
