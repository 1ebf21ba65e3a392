"""The views: driven without a browser by setting values and clicking buttons."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from implcourse import lifecycle, progress, quiz, readiness, schedule
from implcourse.plots.schedule import gantt
from implcourse.widgets.common import error_html, figure_png, widget_selftest
from implcourse.widgets.lifecycle import (phase_explorer, phase_order_tool, plan_whatif,
                                          readiness_checklist)
from implcourse.widgets.progress import progress_view
from implcourse.widgets.quiz import knowledge_check

from helpers import assert_tool_fallback

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

def test_phase_explorer_shows_every_phase_card():
    """Every phase can be chosen; its card shows purpose, deliverables, roles, stages."""
    tool = phase_explorer()
    picker, card = tool.children[1], tool.children[2]
    phases = lifecycle.load_phases()
    assert [value for _, value in picker.options] == [p.id for p in phases]
    assert picker.value == phases[0].id
    for number, phase in enumerate(phases, start=1):
        picker.value = phase.id
        text = card.value
        assert f"{number}. {html.escape(phase.name)}" in text
        assert html.escape(phase.purpose) in text
        for item in phase.deliverables:
            assert html.escape(item) in text
        for role in phase.roles:
            name = lifecycle.get_role(role).name
            assert html.escape(name) in text
        for stage in phase.stages:
            assert html.escape(stage.name) in text
        if not phase.stages:
            assert "Stages" not in text


def test_phase_explorer_start_and_bad_start():
    """It opens on the phase asked for; an unknown phase is refused by the core."""
    tool = phase_explorer("Testing")
    assert tool.children[1].value == "testing"
    assert html.escape(lifecycle.get_phase("testing").purpose) in tool.children[2].value
    with pytest.raises(ValueError, match="phase"):
        phase_explorer("not_a_phase")


# --------------------------------------------------------------------------
# phase_order_tool
# --------------------------------------------------------------------------

def order_parts(tool):
    slots = list(tool.children[1].children)
    check, hint = tool.children[2].children
    return slots, check, hint, tool.children[3]


def set_order(slots, order):
    for slot, pid in zip(slots, order):
        slot.value = pid


def test_phase_order_starts_with_a_seeded_shuffle():
    """The starting order is a permutation fixed by the seed."""
    ids = lifecycle.phase_ids()
    starts = {}
    for seed in range(8):
        first = [s.value for s in order_parts(phase_order_tool(seed))[0]]
        again = [s.value for s in order_parts(phase_order_tool(seed))[0]]
        assert first == again
        assert sorted(first) == sorted(ids)
        starts[seed] = tuple(first)
    assert len(set(starts.values())) > 1


def test_phase_order_correct_order():
    """The correct order gets 'all eight'."""
    slots, check, _, result = order_parts(phase_order_tool(seed=5))
    set_order(slots, lifecycle.phase_ids())
    check.click()
    assert "All eight phases are in the right order" in result.value


@pytest.mark.parametrize("swap", [(0, 1), (2, 5), (6, 7)])
def test_phase_order_wrong_order_counts_in_place(swap):
    """A wrong order shows 'N of 8' with N from check_order."""
    ids = lifecycle.phase_ids()
    order = list(ids)
    i, j = swap
    order[i], order[j] = order[j], order[i]
    expected = lifecycle.check_order(order)
    slots, check, _, result = order_parts(phase_order_tool(seed=1))
    set_order(slots, order)
    check.click()
    assert f"{expected.in_place} of {expected.total} in the right place" in result.value
    assert "All eight" not in result.value


def test_phase_order_repeated_phase_is_shown_inline():
    """Choosing a phase twice shows the core's error naming it; no exception."""
    slots, check, hint, result = order_parts(phase_order_tool(seed=2))
    order = lifecycle.phase_ids()
    order[3] = order[6]
    set_order(slots, order)
    check.click()
    assert result.value == expected_error(lambda: lifecycle.check_order(order))
    assert order[6] in result.value and "more than once" in result.value
    hint.click()
    assert order[6] in result.value


def test_phase_order_hint_button():
    """Hint shows check_order's hint for the order on screen."""
    ids = lifecycle.phase_ids()
    first = [ids[1], ids[0], *ids[2:]]
    slots, check, hint, result = order_parts(phase_order_tool(seed=4))
    set_order(slots, first)
    hint.click()
    assert html.escape(lifecycle.check_order(first).hint) in result.value


def test_phase_order_hint_follows_the_current_order():
    """After the learner changes the order, Hint is about the new order, not the old one."""
    ids = lifecycle.phase_ids()
    first = [ids[1], ids[0], *ids[2:]]
    second = [ids[0], ids[1], ids[3], ids[2], *ids[4:]]
    slots, check, hint, result = order_parts(phase_order_tool(seed=4))
    set_order(slots, first)
    check.click()
    set_order(slots, second)
    hint.click()
    new, old = lifecycle.check_order(second).hint, lifecycle.check_order(first).hint
    assert new != old
    assert html.escape(new) in result.value


# --------------------------------------------------------------------------
# plan_whatif
# --------------------------------------------------------------------------

def whatif_parts(tool):
    controls, message, summary, chart = tool.children[1:]
    task, days, deps = controls.children[0].children
    reset = controls.children[1]
    return task, days, deps, reset, message, summary, chart


def summary_days(summary):
    return float(re.search(r"<b>([\d.]+) working days</b>", summary.value).group(1))


def test_plan_whatif_opens_on_the_shipped_plan():
    """The summary shows the shipped plan's duration and critical path."""
    base = schedule.analyse(schedule.load_plan())
    task, days, deps, _, message, summary, chart = whatif_parts(plan_whatif())
    assert summary_days(summary) == base.duration
    assert "no change" in summary.value
    names = [html.escape(base.plan.task(t).name) for t in base.critical_path]
    assert " → ".join(names) in summary.value
    assert message.value == ""
    assert bytes(chart.value).startswith(b"\x89PNG")
    first = base.plan.tasks[0]
    assert (task.value, days.value) == (first.id, first.duration)
    assert deps.value == "; ".join(first.depends_on)


def test_plan_whatif_critical_task_slips():
    """+k days on a critical task adds k days to the project."""
    plan = schedule.load_plan()
    base = schedule.analyse(plan)
    target = next(t for t in base.critical_path if plan.task(t).duration > 0)
    task, days, _, _, message, summary, chart = whatif_parts(plan_whatif())
    task.value = target
    for k in (1, 10):
        old_chart = bytes(chart.value)
        days.value = plan.task(target).duration + k
        expected = schedule.analyse(plan.with_changes(
            durations={target: plan.task(target).duration + k}))
        assert expected.duration == base.duration + k
        assert summary_days(summary) == expected.duration
        assert f"{k:+g} days against the base plan" in summary.value
        assert message.value == ""
        assert bytes(chart.value) != old_chart


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


def bad_inputs(plan):
    """(what to set, the core call that fails) for the what-if tool on ``plan``."""
    last = plan.order[-1]
    first = plan.order[0]
    return {
        "negative": (("days", first, -3),
                     lambda: plan.with_changes(durations={first: -3.0},
                                               depends_on={first: list(plan.task(first).depends_on)})),
        "unknown": (("deps", first, "nope"),
                    lambda: plan.with_changes(durations={first: plan.task(first).duration},
                                              depends_on={first: ["nope"]})),
        "cycle": (("deps", first, last),
                  lambda: plan.with_changes(durations={first: plan.task(first).duration},
                                            depends_on={first: [last]})),
    }


@pytest.mark.parametrize("which", ["shipped", "small"])
def test_plan_whatif_bad_input_keeps_last_good_result(which):
    """Bad input is named inline; summary and chart keep the last good result."""
    plan = schedule.load_plan() if which == "shipped" else schedule.Plan.from_records(SMALL)
    tool = plan_whatif(None if which == "shipped" else plan)
    task, days, deps, _, message, summary, chart = whatif_parts(tool)
    names = {"negative": "must be &gt;= 0", "unknown": "nope", "cycle": "dependency cycle"}
    for case, ((field, task_id, value), call) in bad_inputs(plan).items():
        task.value = plan.order[1]
        task.value = task_id            # fields refilled from the current plan
        assert message.value == ""
        before = (summary.value, bytes(chart.value))
        if field == "days":
            days.value = value
        else:
            deps.value = value
        assert message.value == expected_error(call), case
        assert names[case] in message.value
        assert (summary.value, bytes(chart.value)) == before


def test_plan_whatif_selecting_a_task_fills_fields_from_current_plan():
    """Choosing a task shows its current duration and predecessors, with no error."""
    plan = schedule.load_plan()
    task, days, deps, _, message, summary, _ = whatif_parts(plan_whatif())
    for task_id in plan.ids[::4]:
        task.value = task_id
        current = plan.task(task_id)
        assert days.value == current.duration
        assert deps.value == "; ".join(current.depends_on)
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
    """Reset brings back the base plan's duration and the task's fields."""
    plan = schedule.Plan.from_records(SMALL)
    base = schedule.analyse(plan)
    task, days, deps, reset, message, summary, _ = whatif_parts(plan_whatif(plan))
    task.value = "b"
    days.value = 10
    deps.value = "a; c"
    changed = schedule.analyse(plan.with_changes(durations={"b": 10},
                                                 depends_on={"b": ["a", "c"]}))
    assert summary_days(summary) == changed.duration != base.duration
    reset.click()
    assert summary_days(summary) == base.duration
    assert "no change" in summary.value
    assert (days.value, deps.value) == (4.0, "a")
    assert message.value == ""


def test_plan_whatif_custom_plan_and_dependency_change():
    """A custom plan works, and a new dependency moves the critical path."""
    plan = schedule.Plan.from_records(SMALL)
    task, _, deps, _, message, summary, _ = whatif_parts(plan_whatif(plan))
    assert [v for _, v in task.options] == plan.ids
    assert summary_days(summary) == schedule.analyse(plan).duration
    task.value = "c"
    deps.value = "a; b"
    expected = schedule.analyse(plan.with_changes(depends_on={"c": ["a", "b"]}))
    assert summary_days(summary) == expected.duration
    names = [plan.task(t).name for t in expected.critical_path]
    assert " → ".join(names) in summary.value and "Docs" in names
    assert message.value == ""


@pytest.mark.parametrize("bad", ["plan.csv", [1, 2], SMALL])
def test_plan_whatif_refuses_a_non_plan(bad):
    """Passing something other than a Plan raises TypeError naming plan."""
    with pytest.raises(TypeError, match="plan"):
        plan_whatif(bad)


# --------------------------------------------------------------------------
# readiness_checklist
# --------------------------------------------------------------------------

def readiness_parts(tool):
    controls = {getattr(c, "description", None): c for c in tool.children[1].children}
    return controls["Sample scenario"], controls["All met"], controls["Clear"], controls["Threshold"]


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
    all_met.click()
    assert all(b.value for b in tool.boxes.values())
    assert decision(tool) == "GO" == readiness.assess({k: True for k in tool.boxes}).decision
    assert "Blocking items open" not in tool.result.value
    clear.click()
    assert not any(b.value for b in tool.boxes.values())
    assert decision(tool) == "NO-GO"
    text = tool.result.value
    blocking = text[text.index("Blocking items open"):text.index("Other open items")]
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
        assert f"(threshold {slider.value:.0%})" in tool.result.value
        seen.add(expected.decision)
        value = round(value + slider.step, 10)
    assert seen == {"GO", "NO-GO"}


# --------------------------------------------------------------------------
# knowledge_check
# --------------------------------------------------------------------------

def quiz_parts(tool, questions):
    """(question, picker, feedback box) for each question of a knowledge check."""
    return [(q, tool.children[2 + 3 * i], tool.children[3 + 3 * i])
            for i, q in enumerate(questions)]


def answer(question, picker, letters):
    if question.kind == "single":
        label = next(o for o in picker.options if o.split(".", 1)[0] == letters[0])
        picker.value = label
    else:
        for box in picker.children:
            box.value = box.description.split(".", 1)[0] in letters


def wrong_letters(question):
    valid = quiz.letters(len(question.options))
    if question.kind == "single":
        return [next(letter for letter in valid if letter not in question.answer)]
    return question.answer[:1]


@pytest.mark.parametrize("n, seed", [(3, 0), (5, 7), (None, 0)])
@pytest.mark.parametrize("record", [True, False])
def test_knowledge_check_all_right(n, seed, record, progress_home):
    """All correct answers give 'k of k' and record k questions (if asked)."""
    questions = quiz.load_bank("01") if n is None else quiz.draw("01", n, seed)
    tool = knowledge_check(lesson="01", n=n, seed=seed, record=record)
    parts = quiz_parts(tool, questions)
    for question, picker, _ in parts:
        if question.kind == "single":
            assert isinstance(picker, w.RadioButtons)
            assert list(picker.options) == [f"{l}. {t}" for l, t in question.lettered()]
        else:
            assert [b.description for b in picker.children] == \
                [f"{l}. {t}" for l, t in question.lettered()]
        answer(question, picker, question.answer)
    tool.check.click()
    k = len(questions)
    assert f"{k} of {k} answered correctly" in tool.result.value
    assert "not answered" not in tool.result.value
    got = progress.ProgressStore().records()
    if record:
        assert sorted((r["kind"], r["item"], r["lesson"], r["topic"], r["correct"])
                      for r in got) == sorted(("question", q.id, q.lesson, q.topic, True)
                                              for q in questions)
    else:
        assert got == []


def test_knowledge_check_wrong_answer_shows_explanation(progress_home):
    """A wrong answer shows the key and explanation and is recorded as wrong."""
    questions = quiz.draw("01", 4, 3)
    tool = knowledge_check("01", n=4, seed=3)
    parts = quiz_parts(tool, questions)
    for i, (question, picker, _) in enumerate(parts):
        answer(question, picker, wrong_letters(question) if i == 0 else question.answer)
    tool.check.click()
    question, _, box = parts[0]
    assert html.escape(question.explanation) in box.value
    assert f"the answer is {', '.join(question.answer)}" in box.value
    assert "3 of 4 answered correctly" in tool.result.value
    wrong = [r for r in progress.ProgressStore().records() if not r["correct"]]
    assert [r["item"] for r in wrong] == [question.id]


def test_knowledge_check_points_out_unanswered(progress_home):
    """Unanswered questions are pointed out, not graded or recorded."""
    questions = quiz.draw("01", 4, 1)
    tool = knowledge_check("01", n=4, seed=1)
    parts = quiz_parts(tool, questions)
    question, picker, _ = parts[1]
    answer(question, picker, question.answer)
    tool.check.click()
    assert "1 of 1 answered correctly; 3 not answered" in tool.result.value
    for i, (_, _, box) in enumerate(parts):
        assert ("Not answered yet" in box.value) == (i != 1)
    assert [r["item"] for r in progress.ProgressStore().records()] == [question.id]


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
    multiples = [(q, p, b) for q, p, b in parts if q.kind == "multiple"]
    assert multiples
    for question, picker, _ in multiples:
        answer(question, picker, question.answer[:-1])
    tool.check.click()
    for question, _, box in multiples:
        assert "Not quite" in box.value
    assert f"0 of {len(multiples)} answered correctly" in tool.result.value


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


def test_progress_view_empty(tmp_path):
    """An empty store says nothing is recorded yet."""
    tool = progress_view(progress.ProgressStore(tmp_path))
    assert "Nothing recorded yet" in tool.children[2].value
    assert "<table>" not in tool.children[2].value


def test_progress_view_lists_topics_and_weakest(tmp_path):
    """The table lists every topic with its counts and names the weakest."""
    store = progress.ProgressStore(tmp_path)
    for kind, item, lesson, topic, ok in RECORDS:
        store.record(kind, item, lesson=lesson, topic=topic, correct=ok)
    tool = progress_view(store)
    text = tool.children[2].value
    recs = [dict(zip(["kind", "item", "lesson", "topic", "correct"], r)) for r in RECORDS]
    lesson, topic = weakest_topic(recs)
    assert topic == "roles"
    assert f"Weakest topic so far: <b>{topic}</b> (lesson {lesson})" in text
    for name in {r[3] for r in RECORDS}:
        assert f"<td>{name}</td>" in text


def test_progress_view_counts_are_whole_numbers(tmp_path):
    """Tried / right now / right first time are shown as counts (2, not 2.0)."""
    store = progress.ProgressStore(tmp_path)
    for kind, item, lesson, topic, ok in RECORDS:
        store.record(kind, item, lesson=lesson, topic=topic, correct=ok)
    text = progress_view(store).children[2].value
    # roles: 3 items tried, 3 right now, 2 right first time, 67 %
    assert "<td>roles</td><td>3</td><td>3</td><td>2</td><td>67%</td>" in text
    assert "<td>phases</td><td>2</td><td>2</td><td>2</td><td>100%</td>" in text


def test_progress_view_refresh(tmp_path):
    """Refresh shows records added after the view was built."""
    store = progress.ProgressStore(tmp_path)
    for kind, item, lesson, topic, ok in RECORDS:
        store.record(kind, item, lesson=lesson, topic=topic, correct=ok)
    tool = progress_view(store)
    refresh, table = tool.children[1], tool.children[2]
    before = table.value
    assert "golive" not in before
    store.record("question", "q9", lesson="01", topic="golive", correct=False)
    assert table.value == before
    refresh.click()
    recs = [dict(zip(["kind", "item", "lesson", "topic", "correct"], r)) for r in RECORDS]
    recs.append({"kind": "question", "item": "q9", "lesson": "01", "topic": "golive",
                 "correct": False})
    assert weakest_topic(recs) == ("01", "golive")
    assert "<td>golive</td>" in table.value
    assert "Weakest topic so far: <b>golive</b>" in table.value


def test_progress_view_default_store_follows_home(progress_home):
    """Without a store the view reads the learner's default progress file."""
    tool = progress_view()
    assert "Nothing recorded yet" in tool.children[2].value
    progress.record("exercise", "x", lesson="01", topic="phases", correct=True)
    tool.children[1].click()
    assert "<td>phases</td>" in tool.children[2].value
