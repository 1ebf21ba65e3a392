"""Exercises: learner seeds, feedback, checks, recording, hints and solutions."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import lifecycle, progress, readiness, schedule
from implcourse.exercises import Exercise, Feedback, Note, learner_seed
from implcourse.exercises.lifecycle import (CriticalPath, Deliverables, GoNoGo, PhaseOrder,
                                            TotalFloat, markdown_table)

SEEDS = range(30)


def independent_seed(name: str) -> int:
    normalised = re.sub(r"\s+", " ", name.strip().lower())
    return int(hashlib.sha256(normalised.encode()).hexdigest()[:8], 16)


def records():
    return progress.ProgressStore().records()


# --------------------------------------------------------------------------
# Answers computed by the package, and wrong answers derived from them
# --------------------------------------------------------------------------

def right_answer(ex):
    """(args, kwargs) of the package's own answer to ``ex``."""
    if isinstance(ex, PhaseOrder):
        return (lifecycle.phase_ids(),), {}
    if isinstance(ex, Deliverables):
        return (list(ex.answer),), {}
    if isinstance(ex, CriticalPath):
        result = ex.schedule()
        return (), {"duration": result.duration, "path": list(result.critical_path)}
    if isinstance(ex, TotalFloat):
        return (float(schedule.analyse(ex.plan).table.loc[ex.task_id, "total_float"]),), {}
    if isinstance(ex, GoNoGo):
        result = readiness.assess(ex.status)
        return (result.decision, [i.id for i in result.blocking_open]), {}
    raise AssertionError(ex)


def wrong_answer(ex):
    """(args, kwargs) of a readable but wrong answer to ``ex``."""
    args, kwargs = right_answer(ex)
    if isinstance(ex, PhaseOrder):
        ids = args[0]
        return ([ids[1], ids[0], *ids[2:]],), {}
    if isinstance(ex, Deliverables):
        ids = lifecycle.phase_ids()
        other = next(p for p in ids if p != ex.answer[0])
        return ([other, *ex.answer[1:]],), {}
    if isinstance(ex, CriticalPath):
        return (), {**kwargs, "duration": kwargs["duration"] + 1}
    if isinstance(ex, TotalFloat):
        return (args[0] + 1,), {}
    if isinstance(ex, GoNoGo):
        flipped = "GO" if args[0] == "NO-GO" else "NO-GO"
        return (flipped, args[1]), {}
    raise AssertionError(ex)


def placeholder(ex):
    """The untouched ``None`` placeholders of ``ex``'s check call."""
    if isinstance(ex, CriticalPath):
        return (), {"duration": None, "path": None}
    if isinstance(ex, GoNoGo):
        return (None, None), {}
    return (None,), {}


def exercises():
    return [PhaseOrder(), Deliverables(seed=4), CriticalPath(seed=11), TotalFloat(seed=5),
            GoNoGo(seed=2)]


EXERCISE_IDS = ["PhaseOrder", "Deliverables", "CriticalPath", "TotalFloat", "GoNoGo"]


# --------------------------------------------------------------------------
# learner_seed
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Ada Lovelace", "grace hopper", "X", "  Alan \t Turing\n"])
def test_learner_seed_matches_independent_hash(name):
    """The seed is the first 8 hex digits of SHA-256 of the normalised name."""
    assert learner_seed(name) == independent_seed(name)
    assert 0 <= learner_seed(name) < 2 ** 32


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        min_size=1, max_size=8), min_size=1, max_size=4),
       st.sampled_from([" ", "  ", "\t", " \n "]))
def test_learner_seed_ignores_case_and_spacing(words, gap):
    """Case and extra spaces do not change the seed."""
    plain = " ".join(words)
    messy = "  " + gap.join(w.upper() for w in words) + gap
    assert learner_seed(messy) == learner_seed(plain.lower()) == independent_seed(plain)


def test_learner_seed_differs_between_names():
    """Different names give different seeds."""
    names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]
    assert len({learner_seed(n) for n in names}) == len(names)


@pytest.mark.parametrize("bad, error", [("", ValueError), ("   ", ValueError),
                                        (None, TypeError), (42, TypeError),
                                        (["Ada"], TypeError)])
def test_learner_seed_bad_input_names_name(bad, error):
    """Empty or non-string names raise, naming the parameter."""
    with pytest.raises(error, match=r"\bname\b"):
        learner_seed(bad)


# --------------------------------------------------------------------------
# Feedback, Note and markdown_table
# --------------------------------------------------------------------------

def test_feedback_text_correct():
    """Correct feedback starts with 'Correct!' and shows no hint."""
    fb = Feedback(True, "Well done.")
    assert str(fb) == "Correct! Well done."
    assert repr(fb) == str(fb)
    assert "Hint" not in str(fb)
    assert "Correct!" in fb._repr_html_()


def test_feedback_text_not_yet_with_hint():
    """Wrong feedback says 'Not yet.' and adds the hint on its own line."""
    fb = Feedback(False, "3 of 8.", "Look again.")
    assert str(fb).startswith("Not yet. 3 of 8.")
    assert str(fb).splitlines()[-1] == "Hint: Look again."
    assert "Not yet." in fb._repr_html_() and "Hint:" in fb._repr_html_()
    assert "Hint" not in str(Feedback(False, "3 of 8."))


def test_feedback_html_escapes():
    """Message and hint are HTML-escaped."""
    fb = Feedback(False, "a <b> c", "x < y & z")
    page = fb._repr_html_()
    assert "a &lt;b&gt; c" in page and "x &lt; y &amp; z" in page
    assert "<b> c" not in page and "x < y" not in page


def test_note_shows_its_markdown():
    """A Note is its Markdown in every representation."""
    note = Note("**bold**")
    assert str(note) == repr(note) == note._repr_markdown_() == "**bold**"


@pytest.mark.parametrize("n_cols, n_rows", [(1, 0), (2, 1), (4, 3)])
def test_markdown_table_shape(n_cols, n_rows):
    """Header, separator and one line per row, each with one cell per column."""
    headers = [f"h{i}" for i in range(n_cols)]
    rows = [[f"r{r}c{c}" for c in range(n_cols)] for r in range(n_rows)]
    lines = markdown_table(headers, rows).splitlines()
    assert len(lines) == 2 + n_rows
    for line in lines:
        assert line.startswith("| ") and line.endswith(" |")
        assert line.count("|") == n_cols + 1
    assert [c.strip() for c in lines[0].strip("|").split("|")] == headers
    assert set(c.strip() for c in lines[1].strip("|").split("|")) == {"---"}
    for line, row in zip(lines[2:], rows):
        assert [c.strip() for c in line.strip("|").split("|")] == row


# --------------------------------------------------------------------------
# Every exercise: right, wrong, placeholder, unreadable, recording, hints
# --------------------------------------------------------------------------

@pytest.mark.parametrize("index", range(5), ids=EXERCISE_IDS)
def test_package_answer_is_correct_and_recorded(index, progress_home):
    """The package's own answer passes and is recorded with the right ids."""
    ex = exercises()[index]
    args, kwargs = right_answer(ex)
    fb = ex.check(*args, **kwargs)
    assert fb.correct is True
    assert str(fb).startswith("Correct!") and fb.hint is None
    assert [(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in records()] \
        == [("exercise", ex.id, ex.lesson, ex.topic, True)]
    assert ex.id.startswith("01.") and ex.lesson == "01" and ex.topic


@pytest.mark.parametrize("index", range(5), ids=EXERCISE_IDS)
def test_wrong_answer_gets_hint_and_is_recorded(index, progress_home):
    """A wrong answer is 'Not yet' with a hint, recorded as incorrect."""
    ex = exercises()[index]
    args, kwargs = wrong_answer(ex)
    fb = ex.check(*args, **kwargs)
    assert fb.correct is False
    assert fb.hint and fb.hint.strip()
    assert "could not be read" not in fb.message
    assert str(fb).startswith("Not yet.") and "Hint:" in str(fb)
    assert [(r["item"], r["lesson"], r["topic"], r["correct"]) for r in records()] \
        == [(ex.id, ex.lesson, ex.topic, False)]


@pytest.mark.parametrize("index", range(5), ids=EXERCISE_IDS)
def test_placeholder_is_not_an_attempt(index, progress_home):
    """Untouched None placeholders get a reminder and are not recorded."""
    ex = exercises()[index]
    args, kwargs = placeholder(ex)
    fb = ex.check(*args, **kwargs)
    assert fb.correct is False and "No answer yet" in fb.message
    assert records() == []


@pytest.mark.parametrize("index", [0, 1, 4], ids=["PhaseOrder", "Deliverables", "GoNoGo"])
def test_none_inside_a_list_is_a_placeholder(index, progress_home):
    """None anywhere in the answer (also inside the list) is the placeholder."""
    ex = exercises()[index]
    if isinstance(ex, PhaseOrder):
        fb = ex.check([None] * 8)
    elif isinstance(ex, Deliverables):
        fb = ex.check([None] * len(ex.items))
    else:
        fb = ex.check("NO-GO", [None])
    assert "No answer yet" in fb.message
    assert records() == []


def unreadable_answers(ex):
    """Answers that cannot be read: wrong types, unknown ids, wrong counts."""
    if isinstance(ex, PhaseOrder):
        ids = lifecycle.phase_ids()
        return [((42,), {}), (("initiation",), {}), ((ids[:-1],), {}),
                (([*ids[:-1], "not_a_phase"],), {}), (([ids[0]] * 8,), {}), ((), {}),
                ((ids, ids), {})]
    if isinstance(ex, Deliverables):
        return [((ex.answer[:-1],), {}), (([*ex.answer, ex.answer[0]],), {}),
                (([*ex.answer[:-1], "not_a_phase"],), {}), ((7,), {}),
                (([1] * len(ex.items),), {}), ((), {})]
    if isinstance(ex, CriticalPath):
        result = ex.schedule()
        return [((), {"duration": "ten", "path": result.critical_path}),
                ((), {"duration": result.duration, "path": "scope"}),
                ((), {"duration": result.duration, "path": ["scope", "not_a_task"]}),
                ((), {"duration": -1, "path": result.critical_path}),
                ((), {"duration": float("nan"), "path": result.critical_path}),
                ((result.duration,), {}), ((), {"days": 3, "path": ["scope"]})]
    if isinstance(ex, TotalFloat):
        return [(("3",), {}), ((True,), {}), ((float("inf"),), {}), ((), {}), ((1, 2), {})]
    if isinstance(ex, GoNoGo):
        ids = [i.id for i in readiness.assess(ex.status).blocking_open]
        return [(("MAYBE", ids), {}), (("NO-GO", "sponsor_signoff"), {}),
                (("NO-GO", [1, 2]), {}), (("NO-GO",), {}), ((["GO"], ids), {})]
    raise AssertionError(ex)


@pytest.mark.parametrize("index", range(5), ids=EXERCISE_IDS)
def test_unreadable_answers_are_reported_not_recorded(index, progress_home):
    """Bad input never raises: 'could not be read', and no attempt recorded."""
    ex = exercises()[index]
    for args, kwargs in unreadable_answers(ex):
        fb = ex.check(*args, **kwargs)
        assert fb.correct is False, (args, kwargs)
        assert "could not be read" in fb.message, (args, kwargs, fb)
    assert records() == []


def test_gonogo_unknown_item_id_is_unreadable(progress_home):
    """A misspelt checklist id is unreadable input, not a recorded wrong attempt."""
    ex = GoNoGo(seed=2)
    result = readiness.assess(ex.status)
    fb = ex.check(result.decision, [*(i.id for i in result.blocking_open), "not_an_item"])
    assert fb.correct is False
    assert "could not be read" in fb.message and "not_an_item" in fb.message
    assert records() == []


@pytest.mark.parametrize("index", range(5), ids=EXERCISE_IDS)
def test_hints_are_numbered_and_the_last_repeats(index):
    """hint() walks through 'Hint k of N' and then repeats the last."""
    ex = exercises()[index]
    n = len(ex.hints)
    assert n >= 2
    notes = [ex.hint() for _ in range(n + 2)]
    assert all(isinstance(note, Note) for note in notes)
    for k, note in enumerate(notes[:n], start=1):
        assert f"Hint {k} of {n}" in str(note)
        assert ex.hints[k - 1] in str(note)
    assert str(notes[n]) == str(notes[n + 1]) == str(notes[n - 1])


def test_exercise_without_hints_points_to_solution():
    """An exercise with no hints says so."""
    assert "No hints" in str(Exercise().hint())


def test_phase_order_wrong_message_uses_check_order():
    """The PhaseOrder count and hint come from lifecycle.check_order."""
    ids = lifecycle.phase_ids()
    order = [ids[0], ids[2], ids[1], ids[4], ids[3], *ids[5:]]
    expected = lifecycle.check_order(order)
    fb = PhaseOrder().check(order)
    assert f"{expected.in_place} of {expected.total}" in fb.message
    assert fb.hint == expected.hint
    assert "All eight" in PhaseOrder().check(ids).message


def test_phase_order_solution_lists_phases_in_order():
    """The solution table has the phases in lifecycle order."""
    text = str(PhaseOrder().solution())
    positions = [text.index(f"`{pid}`") for pid in lifecycle.phase_ids()]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------
# Seeded exercises
# --------------------------------------------------------------------------

def fingerprint(ex):
    if isinstance(ex, Deliverables):
        return tuple(ex.items), tuple(ex.answer)
    if isinstance(ex, CriticalPath):
        return tuple((t.id, t.duration, t.depends_on) for t in ex.plan.tasks)
    if isinstance(ex, TotalFloat):
        return tuple((t.id, t.duration, t.depends_on) for t in ex.plan.tasks), ex.task_id
    if isinstance(ex, GoNoGo):
        return tuple(sorted(ex.status.items()))
    raise AssertionError(ex)


SEEDED = [Deliverables, CriticalPath, TotalFloat, GoNoGo]


@pytest.mark.parametrize("cls", SEEDED, ids=lambda c: c.__name__)
def test_same_seed_same_exercise_different_seeds_differ(cls):
    """The seed fixes the exercise; different learners get different ones."""
    assert fingerprint(cls(seed=17)) == fingerprint(cls(seed=17))
    prints = {fingerprint(cls(seed=s)) for s in SEEDS}
    assert len(prints) >= len(SEEDS) // 2
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


@pytest.mark.parametrize("cls", SEEDED, ids=lambda c: c.__name__)
def test_bad_seed_is_refused(cls):
    """A negative or non-integer seed raises, naming seed."""
    with pytest.raises(ValueError, match="seed"):
        cls(seed=-1)
    with pytest.raises(TypeError, match="seed"):
        cls(seed="7")


@pytest.mark.parametrize("cls", SEEDED, ids=lambda c: c.__name__)
def test_own_answer_passes_for_many_seeds(cls, progress_home):
    """For every seed, the package's answer passes and a wrong one does not."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        args, kwargs = right_answer(ex)
        assert ex.check(*args, **kwargs).correct, seed
        args, kwargs = wrong_answer(ex)
        assert not ex.check(*args, **kwargs).correct, seed
    assert len(records()) == 2 * len(SEEDS)


def test_deliverables_items_belong_to_their_phases():
    """Each deliverable shown is one of its answer phase's deliverables."""
    for seed in SEEDS:
        ex = Deliverables(seed=seed)
        assert len(ex.items) == len(ex.answer) == 5
        assert len(set(ex.answer)) == 5
        for item, pid in zip(ex.items, ex.answer):
            assert item in lifecycle.get_phase(pid).deliverables
        shown = str(ex.show())
        assert all(f"{i}. {item}" in shown for i, item in enumerate(ex.items, start=1))
        solution = str(ex.solution())
        assert all(f"`{pid}`" in solution for pid in ex.answer)


def test_deliverables_accepts_phase_names_and_counts_right_ones():
    """Phase names work as well as ids; the message counts the right ones."""
    ex = Deliverables(seed=8, n_items=3)
    names = [lifecycle.get_phase(p).name.upper() for p in ex.answer]
    assert ex.check(names).correct
    wrong = [next(p for p in lifecycle.phase_ids() if p != ex.answer[0]), *ex.answer[1:]]
    fb = ex.check(wrong)
    assert "2 of 3" in fb.message
    assert lifecycle.get_phase(ex.answer[0]).purpose in fb.hint


def test_critical_path_solution_has_duration_and_path():
    """The worked solution states the duration and the critical path."""
    for seed in SEEDS:
        ex = CriticalPath(seed=seed)
        result = schedule.analyse(ex.plan)
        text = str(ex.solution())
        assert f"Project duration: **{result.duration:g} days**" in text
        assert " → ".join(result.critical_path) in text
        assert all(f"`{t}`" in text for t in ex.plan.ids)
        assert f"{result.duration:g} days" in ex.hints[-1]


TWO_CHAINS = [
    {"id": "start", "name": "Start", "duration": 2},
    {"id": "left", "name": "Left", "duration": 5, "depends_on": ["start"]},
    {"id": "right", "name": "Right", "duration": 5, "depends_on": ["start"]},
    {"id": "side", "name": "Side", "duration": 1, "depends_on": ["start"]},
    {"id": "end", "name": "End", "duration": 3, "depends_on": ["left", "right", "side"]},
    {"id": "alone", "name": "Alone", "duration": 10},
]


def two_chain_exercise():
    ex = CriticalPath(seed=0)
    ex.plan = schedule.Plan.from_records(TWO_CHAINS)
    return ex


def test_critical_path_accepts_every_critical_chain(progress_home):
    """Where two chains are critical, either one is accepted."""
    ex = two_chain_exercise()
    result = schedule.analyse(ex.plan)
    chains = [["start", "left", "end"], ["start", "right", "end"], ["alone"]]
    assert set(result.critical_tasks) == {"start", "left", "right", "end", "alone"}
    for chain in chains:
        assert sum(ex.plan.task(t).duration for t in chain) == result.duration
        assert ex.check(duration=result.duration, path=chain).correct, chain
    assert result.critical_path in chains


@pytest.mark.parametrize("path", [
    ["start", "side", "end"],        # a task with float
    ["start", "end"],                # not contiguous: skips a task
    ["left", "end"],                 # does not begin at a task without predecessors
    ["start", "left"],               # does not reach the end
    ["end", "left", "start"],        # backwards
    [],                              # empty
], ids=["float", "gap", "no-start", "no-end", "reversed", "empty"])
def test_critical_path_rejects_invalid_chains(path, progress_home):
    """Chains with float, gaps, a wrong start or end are not critical paths."""
    ex = two_chain_exercise()
    result = schedule.analyse(ex.plan)
    fb = ex.check(duration=result.duration, path=path)
    assert fb.correct is False
    assert "duration is right" in fb.message and fb.hint
    assert records()[-1]["correct"] is False


def test_critical_path_seed_with_two_chains_accepts_both(progress_home):
    """A seeded plan with several critical chains accepts each of them."""
    found = 0
    for seed in range(200):
        ex = CriticalPath(seed=seed)
        result = schedule.analyse(ex.plan)
        chains = critical_chains(ex.plan, result)
        if len(chains) < 2:
            continue
        found += 1
        for chain in chains:
            assert ex.check(duration=result.duration, path=chain).correct, (seed, chain)
        if found == 3:
            break
    assert found >= 1


def critical_chains(plan, result):
    """Every chain of critical tasks from a start to the end (independent search)."""
    table = result.table
    crit = set(result.critical_tasks)
    succ = plan.successors()
    chains = []

    def walk(chain, finish):
        last = chain[-1]
        if abs(finish - result.duration) < 1e-9:
            chains.append(list(chain))
        for nxt in succ[last]:
            if nxt in crit and abs(table.loc[nxt, "early_start"] - finish) < 1e-9:
                walk([*chain, nxt], finish + plan.task(nxt).duration)

    for task in plan.tasks:
        if not task.depends_on and task.id in crit:
            walk([task.id], task.duration)
    return chains


def test_total_float_task_has_float_and_solution_states_it():
    """The chosen task has float > 0, and the solution gives it and the dates."""
    for seed in SEEDS:
        ex = TotalFloat(seed=seed)
        row = schedule.analyse(ex.plan).table.loc[ex.task_id]
        assert row.total_float > 0
        assert row.total_float == row.late_start - row.early_start
        text = str(ex.solution())
        assert f"**{row.total_float:g} days**" in text
        assert f"{row.late_start:g} − {row.early_start:g}" in text
        assert f"`{ex.task_id}`" in ex.task


def test_total_float_plan_differs_from_critical_path_plan():
    """TotalFloat does not reuse the CriticalPath plan of the same seed."""
    same = sum(fingerprint(TotalFloat(seed=s))[0] == fingerprint(CriticalPath(seed=s))
               for s in SEEDS)
    assert same < len(SEEDS) // 2


def test_gonogo_decision_and_blockers():
    """Right decision with the wrong blockers fails, hinting how many are open."""
    for seed in SEEDS:
        ex = GoNoGo(seed=seed)
        result = readiness.assess(ex.status)
        blockers = [i.id for i in result.blocking_open]
        assert ex.check(result.decision.lower(), blockers).correct
        assert ex.check(f"  {result.decision.title()} ", list(reversed(blockers))).correct
        wrong = blockers[:-1] if blockers else ["sponsor_signoff"]
        fb = ex.check(result.decision, wrong)
        assert fb.correct is False
        assert f"{len(blockers)} open blocking item" in fb.hint
        text = str(ex.solution())
        assert f"**{result.decision}**" in text
        assert all(f"`{b}`" in text for b in blockers)
        assert f"Score {result.score:.0%}" in text


def test_gonogo_can_be_go_or_no_go():
    """Across learners both decisions occur (with everything met it is GO)."""
    decisions = {readiness.assess(GoNoGo(seed=s).status).decision for s in range(60)}
    assert "NO-GO" in decisions
    everything = GoNoGo(seed=3, p_met=1.0)
    assert readiness.assess(everything.status).decision == "GO"
    assert everything.check("go", []).correct


def test_gonogo_p_met_is_checked():
    """p_met outside [0, 1] raises naming p_met."""
    with pytest.raises(ValueError, match="p_met"):
        GoNoGo(seed=1, p_met=1.5)
