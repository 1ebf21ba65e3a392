"""Lesson 04's exercises: seeds, tolerances, slips, recording, answer fields and
forms, hints, show and solution."""

from __future__ import annotations

import inspect
import math
import re
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import pytest

from implcourse import decision_tree as dt
from implcourse import estimating, progress, quiz, risk
from implcourse.answers import Choice, Number, Table, format_number
from implcourse.exercises import PLACEHOLDER_MESSAGE, Note, learner_seed
from implcourse.exercises import risk as module
from implcourse.exercises.risk import (CauseRiskEffect, DecisionTree, Emv, Rating, ResponsePays,
                                       ThreePoint)

from helpers import table_rows

SEEDS = range(40)
#: The exercises answered with numbers (tolerances, bounds, slips).
CLASSES = [Emv, ThreePoint, Rating, ResponsePays, DecisionTree]
#: Every exercise of the lesson.
ALL_CLASSES = [CauseRiskEffect, *CLASSES]
IDS = {CauseRiskEffect: "04.cause_risk_effect", Emv: "04.emv",
       ThreePoint: "04.three_point", Rating: "04.rating",
       ResponsePays: "04.response_pays", DecisionTree: "04.decision_tree"}
TOPICS = {CauseRiskEffect: "identification", Emv: "emv", ThreePoint: "estimating",
          Rating: "matrix", ResponsePays: "responses", DecisionTree: "emv"}
MATRIX = risk.ProbabilityImpactMatrix()


def register_parts() -> dict[str, str]:
    """Every statement of the register's threats and what it is: the cause,
    the risk itself (the title) or the effect."""
    reg = risk.load_register()
    parts: dict[str, str] = {}
    for row in reg[reg["kind"] == "threat"].itertuples():
        for text, part in ((row.cause, "cause"), (row.title, "risk"), (row.effect, "effect")):
            assert parts.setdefault(text, part) == part, text  # never two parts at once
    return parts


PARTS = register_parts()


def records():
    return progress.ProgressStore().records()


def eur(value: float, decimals: int = 0) -> str:
    """An amount as the form shows it (thousands separators, a real minus, EUR)."""
    return f"{format_number(value, decimals)} EUR"


def fingerprint(ex):
    """The numbers (or statements) an exercise drew."""
    if isinstance(ex, CauseRiskEffect):
        return tuple(ex.statements)
    if isinstance(ex, Emv):
        return tuple(ex.kinds), tuple(ex.probabilities), tuple(ex.impacts)
    if isinstance(ex, ThreePoint):
        return tuple(ex.estimates), ex.target
    if isinstance(ex, Rating):
        return ex.probability, ex.budget, ex.impact_cost
    if isinstance(ex, ResponsePays):
        return ex.impact, ex.p_before, ex.p_after, ex.impact_after, ex.cost
    return ex.p, ex.tree


# --------------------------------------------------------------------------
# Answers from the package's core
# --------------------------------------------------------------------------

def signs(ex: Emv) -> list[float]:
    return [-1.0 if kind == "threat" else 1.0 for kind in ex.kinds]


def core_emv(ex: Emv) -> float:
    return float(sum(risk.emv(p, s * i) for p, s, i in
                     zip(ex.probabilities, signs(ex), ex.impacts)))


def core_path(ex: ThreePoint) -> tuple[float, float, float]:
    mean = sum(risk.pert(*e).mean for e in ex.estimates)
    sd = math.sqrt(risk.path_variance([risk.pert(*e).variance for e in ex.estimates]))
    return mean, sd, NormalDist(mean, sd).cdf(ex.target)


def core_rating(ex: Rating) -> tuple[float, str]:
    score = MATRIX.score(ex.probability, ex.impact_cost / ex.budget)
    return score, MATRIX.rating(score)


def core_net(ex: ResponsePays) -> float:
    before = risk.emv(ex.p_before, -ex.impact)
    after = risk.emv(ex.p_after, -ex.impact_after)
    return (after - before) - ex.cost


def core_labels(ex: CauseRiskEffect) -> list[str]:
    """Each statement's part, looked up in the register."""
    return [PARTS[text] for text in ex.statements]


def right_answer(ex) -> tuple:
    """The right answer to ``ex``, as check's positional arguments."""
    if isinstance(ex, CauseRiskEffect):
        return (core_labels(ex),)
    if isinstance(ex, Emv):
        return (core_emv(ex),)
    if isinstance(ex, ThreePoint):
        return core_path(ex)
    if isinstance(ex, Rating):
        return core_rating(ex)
    if isinstance(ex, ResponsePays):
        net = core_net(ex)
        return net, ("yes" if net > 0 else "no")
    result = dt.rollback(ex.tree)
    return result.choice, result.value


# The tolerance each task states, per numeric argument (None: not a number).
TOLERANCES = {Emv: [1.0], ThreePoint: [0.02, 0.03, 0.01], Rating: [0.0005, None],
              ResponsePays: [1.0, None], DecisionTree: [None, 1.0]}
BOUNDS = {ThreePoint: [(0, None), (0, None), (0, 1)], Rating: [(0, 1), None]}


def in_bounds(cls, index: int, value: float) -> bool:
    bounds = BOUNDS.get(cls, [None] * 3)[index]
    if bounds is None:
        return True
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def shifted(ex, factor: float) -> list[tuple]:
    """Answers with one number moved by ``factor`` × its tolerance (each in turn,
    both ways), skipping moves that leave the answer's range."""
    args = right_answer(ex)
    out = []
    for index, tol in enumerate(TOLERANCES[type(ex)]):
        if tol is None:
            continue
        for by in (factor * tol, -factor * tol):
            moved = list(args)
            moved[index] = args[index] + by
            if in_bounds(type(ex), index, moved[index]):
                out.append(tuple(moved))
    return out


def placeholders(ex) -> list[tuple]:
    args = right_answer(ex)
    if len(args) == 1:
        return [(None,), ([None],)]
    out = [tuple(None for _ in args)]
    for index in range(len(args)):
        out.append(tuple(None if i == index else a for i, a in enumerate(args)))
    return out


# Not numbers as a learner could type or pass them ("12 %" and "1,200" are numbers
# now: a unit is dropped and thousands separators are read).
BAD_NUMBERS = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), "nan",
               {"x": 1}]


def unreadable(ex) -> list[tuple[tuple, int]]:
    """Unreadable answers, each with the index of the field that cannot be read."""
    args = right_answer(ex)

    def each(index, values):
        return [(tuple(v if i == index else a for i, a in enumerate(args)), index)
                for v in values]

    if isinstance(ex, Emv):
        return each(0, BAD_NUMBERS)
    if isinstance(ex, ThreePoint):
        mean, sd, p = args
        out = each(0, BAD_NUMBERS) + each(1, BAD_NUMBERS) + each(2, BAD_NUMBERS)
        return out + each(2, [1.2, 1.0001, -0.1, "150 %"]) + each(1, [-sd, -0.5]) \
            + each(0, [-mean])
    if isinstance(ex, Rating):
        score, word = args
        out = (each(0, BAD_NUMBERS + [1.5, -0.01])
               + each(1, ["severe", "", "med", "very high", 1, True, ["low"]]))
        return out + (each(0, [score * 100]) if score * 100 > 1 else [])
    if isinstance(ex, ResponsePays):
        return each(0, BAD_NUMBERS) + each(1, ["maybe", "", "y", "pays", 1, True, ["yes"]])
    return each(1, BAD_NUMBERS) + each(0, ["Both", "", "Option 1", 1, True, ["Full suite"]])


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_numbers_different_seeds_differ(cls):
    """The seed fixes the numbers; different seeds (and learners) give different ones."""
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert first.task == again.task and str(first.show()) == str(again.show())
        prints.append(repr(fingerprint(first)))
    assert len(set(prints)) >= 0.9 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


def test_exercises_with_the_same_seed_use_different_streams(monkeypatch):
    """Each exercise seeds its own generator: same learner seed, different start states."""
    made = []
    real = np.random.default_rng

    def spy(*args, **kwargs):
        generator = real(*args, **kwargs)
        made.append(repr(generator.bit_generator.state))
        return generator

    monkeypatch.setattr(module.np.random, "default_rng", spy)
    for seed in SEEDS:
        states = []
        for cls in ALL_CLASSES:
            made.clear()
            cls(seed=seed)
            assert len(made) == 1, cls.__name__
            states.append(made[0])
            plain = repr(real(seed).bit_generator.state)
            assert made[0] != plain, (cls.__name__, seed)
        assert len(set(states)) == len(ALL_CLASSES), seed


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_bad_seed_is_refused(cls):
    """A negative or non-integer seed raises, naming seed."""
    with pytest.raises(ValueError, match="seed"):
        cls(seed=-1)
    for bad in ("7", 1.5, True, None):
        with pytest.raises(TypeError, match="seed"):
            cls(seed=bad)


# --------------------------------------------------------------------------
# Right, nearly right, wrong, placeholder and unreadable answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_package_answer_passes_and_is_recorded(cls, progress_home):
    """For every seed the core's answer is correct and recorded with lesson 04."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        fb = ex.check(*right_answer(ex))
        assert fb.correct is True, (seed, fb)
        assert fb.hint is None and str(fb).startswith("Correct!")
    rows = records()
    assert len(rows) == len(SEEDS)
    assert {(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in rows} \
        == {("exercise", IDS[cls], "04", TOPICS[cls], True)}
    ex = cls(seed=0)
    assert (ex.id, ex.lesson, ex.topic) == (IDS[cls], "04", TOPICS[cls])


def test_ids_are_unique_and_topics_are_quiz_topics():
    """Each exercise has its own id and a topic of lesson 04's quiz."""
    exs = [cls(seed=1) for cls in ALL_CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    topics = {q.topic for q in quiz.load_bank(lesson="04")}
    for ex in exs:
        assert ex.topic in topics, ex.id
        assert ex.title and ex.task


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_answers_within_the_tolerance_pass(cls, progress_home):
    """Rounding within the stated tolerance is still correct."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        answers = shifted(ex, 0.9)
        assert answers, seed
        for args in answers:
            assert ex.check(*args).correct, (seed, args)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_answers_just_outside_the_tolerance_fail_with_a_hint(cls, progress_home):
    """Just outside the tolerance is 'Not yet' with a hint, recorded as wrong."""
    calls = 0
    for seed in SEEDS:
        ex = cls(seed=seed)
        for args in shifted(ex, 1.2):
            fb = ex.check(*args)
            calls += 1
            assert fb.correct is False, (seed, args)
            assert fb.hint and fb.hint in ex.hints + [
                "A threat's EMV is negative and an opportunity's positive.",
                "Add the variances, then take the square root."], (seed, args, fb)
            assert "could not be read" not in fb.message and "Hint:" in str(fb)
    assert calls >= len(SEEDS)
    rows = records()
    assert len(rows) == calls
    assert not any(r["correct"] for r in rows)
    assert {(r["item"], r["lesson"], r["topic"]) for r in rows} == {(IDS[cls], "04", TOPICS[cls])}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_far_off_answers_are_wrong(cls, progress_home):
    """A far-off number is wrong, with a hint, and is recorded."""
    for seed in range(10):
        ex = cls(seed=seed)
        args = list(right_answer(ex))
        index = next(i for i, t in enumerate(TOLERANCES[cls]) if t is not None)
        args[index] = args[index] * 0.5 + (0.001 if cls is Rating else 7)
        fb = ex.check(*args)
        assert fb.correct is False and fb.hint, (seed, fb)
    assert len(records()) == 10


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_numeric_strings_and_spaced_words_are_accepted(cls, progress_home):
    """Numbers typed as strings and words with spaces (or capitals) are read."""
    for seed in range(10):
        ex = cls(seed=seed)
        args = right_answer(ex)
        typed = tuple(f" {a!r} " if isinstance(a, float) else f"  {a}  " for a in args)
        if cls in (Rating, ResponsePays):
            typed = (typed[0], typed[1].upper())
        assert ex.check(*typed).correct, (seed, typed)
    assert len(records()) == 10


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    """None placeholders get the neutral reminder ('Not answered yet.'), no hint,
    and are not recorded."""
    ex = cls(seed=3)
    for args in placeholders(ex):
        fb = ex.check(*args)
        assert fb.pending is True and fb.correct is False, args
        assert fb.message == PLACEHOLDER_MESSAGE and fb.head == "Not answered yet."
        assert fb.hint is None and str(fb).startswith("Not answered yet.")
    assert records() == [] and ex.attempts == 0


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    """Non-numbers, bad words, a probability above 100 %, a negative sd: a message that
    names the field as labelled on screen, no hint, nothing recorded."""
    for seed in (5, 17):
        ex = cls(seed=seed)
        labels = [f.label for f in ex.fields()]
        cases = unreadable(ex)
        assert len(cases) >= 10
        for args, index in cases:
            fb = ex.check(*args)
            assert fb.correct is False and fb.pending is False, args
            assert labels[index] in fb.message, (args, fb.message)
            assert "could not be read" not in fb.message and "Traceback" not in fb.message
            assert fb.hint is None
    assert records() == []


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_wrong_number_of_arguments_is_unreadable(cls, progress_home):
    """Too few or too many answers: 'could not be read', never an exception."""
    ex = cls(seed=2)
    args = right_answer(ex)
    for call in [(), (*args, *args), args[:-1] if len(args) > 1 else ()]:
        fb = ex.check(*call)
        assert fb.correct is False and "could not be read" in fb.message, call
    assert records() == []


# --------------------------------------------------------------------------
# CauseRiskEffect: label statements from the register
# --------------------------------------------------------------------------

OTHER = {"cause": "risk", "risk": "effect", "effect": "cause"}


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_cause_risk_effect_draws_whole_threats(count):
    """count threats of the register, each with its cause, risk and effect, shuffled."""
    reg = risk.load_register()
    threats = reg[reg["kind"] == "threat"]
    by_text = {}
    for row in threats.itertuples():
        for text in (row.cause, row.title, row.effect):
            by_text[text] = row.id
    orders = set()
    for seed in SEEDS:
        ex = CauseRiskEffect(seed=seed, count=count)
        assert len(ex.statements) == 3 * count == len(set(ex.statements))
        picked = [by_text[text] for text in ex.statements]  # only threats' statements
        assert len(set(picked)) == count
        for risk_id in set(picked):
            row = threats.set_index("id").loc[risk_id]
            assert {row.cause, row.title, row.effect} <= set(ex.statements)
        assert sorted(core_labels(ex)) == sorted(["cause", "risk", "effect"] * count)
        orders.add(tuple(core_labels(ex)))
    if count > 1:
        assert len(orders) > 1  # the parts are shuffled, not always in the same order


def test_cause_risk_effect_default_count_is_two():
    assert len(CauseRiskEffect(seed=0).statements) == 6


@pytest.mark.parametrize("count, error", [(0, ValueError), (5, ValueError), (-1, ValueError),
                                          (True, TypeError), (1.5, TypeError),
                                          ("2", TypeError), (None, TypeError)])
def test_cause_risk_effect_count_is_validated(count, error):
    with pytest.raises(error, match="count"):
        CauseRiskEffect(seed=1, count=count)


def test_cause_risk_effect_same_seed_same_statements():
    for seed in SEEDS:
        for count in (1, 3):
            a, b = CauseRiskEffect(seed=seed, count=count), CauseRiskEffect(seed=seed, count=count)
            assert a.statements == b.statements and str(a.show()) == str(b.show())


def test_cause_risk_effect_labels_are_read_leniently(progress_home):
    """Capitals and surrounding spaces are fine; a tuple works as well as a list."""
    for seed in range(10):
        ex = CauseRiskEffect(seed=seed)
        labels = core_labels(ex)
        for typed in ([f"  {x.upper()} " for x in labels], tuple(x.title() for x in labels)):
            fb = ex.check(typed)
            assert fb.correct, (seed, typed, fb)
            assert fb.message == f"All {len(labels)} statements labelled correctly."
    assert len(records()) == 20


def test_cause_risk_effect_wrong_label_names_the_statement(progress_home):
    """One label wrong: 'n - 1 of n', and the hint points at that statement and the test
    to apply, without giving its label away (checking again and again must not reveal
    the answers)."""
    for seed in range(10):
        ex = CauseRiskEffect(seed=seed, count=2)
        labels = core_labels(ex)
        n = len(labels)
        for k in range(n):
            typed = list(labels)
            typed[k] = OTHER[labels[k]]
            fb = ex.check(typed)
            assert fb.correct is False
            assert fb.message == f"{n - 1} of {n} are right.", (seed, k, fb)
            assert fb.hint.startswith(f"Look again at statement {k + 1}."), (seed, k, fb.hint)
            assert f"is a {labels[k]}" not in fb.hint and f"is an {labels[k]}" not in fb.hint
        # Several wrong: the count is right and the hint names the first of them.
        typed = [OTHER[x] for x in labels]
        fb = ex.check(typed)
        assert fb.message == f"0 of {n} are right." and fb.hint.startswith(
            "Look again at statement 1.")
        typed = list(labels)
        typed[2], typed[4] = OTHER[labels[2]], OTHER[labels[4]]
        fb = ex.check(typed)
        assert fb.message == f"{n - 2} of {n} are right." and fb.hint.startswith(
            "Look again at statement 3.")
    rows = records()
    assert len(rows) == 10 * 8 and not any(r["correct"] for r in rows)


def test_cause_risk_effect_unreadable_answers(progress_home):
    """A wrong number of labels, an unknown word or a bare string: a message naming the
    field (and the row, for a bad word), not recorded."""
    ex = CauseRiskEffect(seed=6)
    labels = core_labels(ex)
    bad = [labels[:-1], labels + ["cause"], [], "cause", "cause risk effect",
           [*labels[:-1], "maybe"], [*labels[:-1], ""], [*labels[:-1], "causes"],
           [*labels[:-1], 1], 3, {"a": "cause"}]
    for labels_typed in bad:
        fb = ex.check(labels_typed)
        assert fb.correct is False and fb.pending is False, labels_typed
        assert "Cause, risk or effect" in fb.message, (labels_typed, fb.message)
        assert fb.hint is None
    fb = ex.check([*labels[:-1], "maybe"])
    assert fb.message.startswith(f"Row {len(labels)}: ") and "Cause, Risk, Effect" in fb.message
    fb = ex.check(labels[:-1])
    assert f"each of the {len(labels)} rows" in fb.message
    assert records() == []


# --------------------------------------------------------------------------
# Recognised slips and partly right answers
# --------------------------------------------------------------------------

def emv_parts(ex: Emv) -> tuple[float, float]:
    """(sum of the threats' p x impact, the opportunity's p x impact), both positive."""
    threats = opportunity = 0.0
    for kind, p, impact in zip(ex.kinds, ex.probabilities, ex.impacts):
        if kind == "threat":
            threats += p * impact
        else:
            opportunity += p * impact
    return threats, opportunity


def test_emv_without_signs(progress_home):
    """Every impact counted positive: 'signs are missing'."""
    for seed in SEEDS:
        ex = Emv(seed=seed)
        threats, opportunity = emv_parts(ex)
        unsigned = threats + opportunity
        for typed in (unsigned, round(unsigned), f"{unsigned:.2f}"):
            fb = ex.check(typed)
            assert fb.correct is False and "signs are missing" in fb.message, (seed, typed)
            assert "negative" in fb.hint
    assert len(records()) == 3 * len(SEEDS)


def test_emv_opportunity_counted_as_a_loss(progress_home):
    """Every impact counted negative (the opportunity too): named as such."""
    for seed in SEEDS:
        ex = Emv(seed=seed)
        threats, opportunity = emv_parts(ex)
        for typed in (-(threats + opportunity), round(-(threats + opportunity))):
            fb = ex.check(typed)
            assert fb.correct is False, (seed, typed)
            assert "opportunity was counted as a loss" in fb.message, (seed, typed, fb)
            assert "positive" in fb.hint
    assert len(records()) == 2 * len(SEEDS)


def test_emv_sign_reversed(progress_home):
    """The total with its sign the wrong way round: named as such."""
    for seed in SEEDS:
        ex = Emv(seed=seed)
        threats, opportunity = emv_parts(ex)
        reversed_total = threats - opportunity
        assert reversed_total == pytest.approx(-core_emv(ex))
        for typed in (reversed_total, round(reversed_total), f"{reversed_total:.2f}"):
            fb = ex.check(typed)
            assert fb.correct is False, (seed, typed)
            assert "sign is the wrong way round" in fb.message, (seed, typed, fb)
            assert fb.hint
    assert len(records()) == 3 * len(SEEDS)


def test_emv_slip_hints_are_true_of_the_numbers_drawn(progress_home):
    """A hint saying the threats outweigh the opportunity is only given when they do.

    Some seeds draw an opportunity whose EMV exceeds the threats' (the total
    is positive); the 'wrong way round' hint must not tell those learners the
    opposite.
    """
    false_claims = []
    for seed in SEEDS:
        ex = Emv(seed=seed)
        threats, opportunity = emv_parts(ex)
        fb = ex.check(threats - opportunity)
        if "outweigh the opportunity" in fb.hint and not threats > opportunity:
            false_claims.append((seed, round(threats), round(opportunity)))
    assert not false_claims  # (seed, threats' EMV, opportunity's EMV)


def test_emv_counts_only_the_opportunity_as_positive(progress_home):
    """The opportunity is the last risk and offsets the threats."""
    for seed in SEEDS:
        ex = Emv(seed=seed)
        assert ex.kinds[-1] == "opportunity" and set(ex.kinds[:-1]) == {"threat"}
        assert 3 <= len(ex.kinds) <= 4
        assert all(0.1 <= p <= 0.9 and round(p, 2) == p for p in ex.probabilities)
        assert all(i > 0 and i % 5_000 == 0 for i in ex.impacts)
        threats_only = -sum(p * i for p, i in zip(ex.probabilities[:-1], ex.impacts[:-1]))
        if abs(threats_only - core_emv(ex)) > 1:
            fb = ex.check(threats_only)
            assert not fb.correct and fb.hint == ex.hints[0]


def test_three_point_sum_of_most_likely(progress_home):
    """The sum of the most likely durations as the mean is named as such."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean, sd, p = core_path(ex)
        likely = sum(m for _, m, _ in ex.estimates)
        if abs(likely - mean) <= 0.02:
            continue
        fb = ex.check(likely, sd, p)
        assert not fb.correct and "sum of the most likely" in fb.message, seed
        assert fb.hint == ex.hints[0]


def test_three_point_summed_standard_deviations(progress_home):
    """Adding the tasks' sds instead of their variances is named as such."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean, sd, p = core_path(ex)
        summed = sum((hi - lo) / 6 for lo, _, hi in ex.estimates)
        assert summed > sd + 0.03  # three tasks with spread: never within the tolerance
        for typed in (summed, round(summed, 2)):
            fb = ex.check(mean, typed, p)
            assert not fb.correct and "added the standard deviations" in fb.message, seed
            assert "variances" in fb.hint


def test_three_point_partly_right(progress_home):
    """Right mean and sd, wrong probability: the second hint; wrong sd: the first."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean, sd, p = core_path(ex)
        wrong = p - 0.05 if p > 0.5 else p + 0.05
        fb = ex.check(mean, sd, wrong)
        assert not fb.correct and "not the probability" in fb.message
        assert fb.hint == ex.hints[1]
        fb = ex.check(mean, sd * 0.5, p)  # summed sds are larger, never this
        assert not fb.correct and "not the standard deviation" in fb.message
        assert fb.hint == ex.hints[0]
        fb = ex.check(1 - p, sd, p)  # a probability typed as the mean
        assert not fb.correct and "not the path's PERT mean" in fb.message


def test_three_point_task_states_the_tolerances():
    """The task says how close is close enough, as the check applies it, and asks for
    the probability in per cent."""
    for seed in range(5):
        task = ThreePoint(seed=seed).task
        assert ("±0.02 days (mean), ±0.03 days (standard deviation) and ±1 percentage "
                "point (probability)") in task
        assert "in per cent" in task


def test_three_point_tolerance_edges(progress_home):
    """Each number 0.9 of its tolerance off passes; 1.1 off fails."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean, sd, p = core_path(ex)
        for index, tol in enumerate((0.02, 0.03, 0.01)):
            for factor, correct in ((0.9, True), (1.1, False)):
                for sign in (1, -1):
                    args = [mean, sd, p]
                    args[index] += sign * factor * tol
                    if not 0 <= args[2] <= 1:
                        continue
                    assert ex.check(*args).correct is correct, (seed, index, factor, sign)


def test_three_point_probability_of_the_z_table(progress_home):
    """A probability read from z rounded to 2 decimals (a printed table) is accepted."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean, sd, _ = core_path(ex)
        z = round((ex.target - round(mean, 2)) / round(sd, 2), 2)
        assert ex.check(round(mean, 2), round(sd, 2), round(NormalDist().cdf(z), 2)).correct, \
            seed


def test_rating_raw_product(progress_home):
    """p × share without the scale points: 'multiplies the raw values'."""
    checked = 0
    for seed in SEEDS:
        ex = Rating(seed=seed)
        score, word = core_rating(ex)
        raw = ex.probability * ex.impact_cost / ex.budget
        if abs(raw - score) <= 0.0005:
            continue
        fb = ex.check(raw, word)
        assert not fb.correct and "multiplies the raw values" in fb.message, seed
        assert fb.hint == ex.hints[0]
        checked += 1
    assert checked >= len(SEEDS) // 2


def test_rating_right_score_wrong_word(progress_home):
    """The right score with another rating gets the thresholds hint."""
    for seed in SEEDS:
        ex = Rating(seed=seed)
        score, word = core_rating(ex)
        for other in {"low", "medium", "high"} - {word}:
            fb = ex.check(score, other)
            assert not fb.correct and "not the rating" in fb.message
            assert fb.hint == ex.hints[1]


def test_response_right_net_wrong_verdict(progress_home):
    """The right net with the other verdict gets the 'pays' hint."""
    verdicts = set()
    for seed in SEEDS:
        ex = ResponsePays(seed=seed)
        net, verdict = right_answer(ex)
        verdicts.add(verdict)
        fb = ex.check(net, "no" if verdict == "yes" else "yes")
        assert not fb.correct and "not the verdict" in fb.message
        assert fb.hint == ex.hints[1]
        fb = ex.check(net + ex.cost, verdict)  # forgot to subtract the cost
        assert not fb.correct and "before the response's cost" in fb.message
        assert "Subtract" in fb.hint and "cost" in fb.hint
        fb = ex.check(round(net + ex.cost), verdict)
        assert not fb.correct and "before the response's cost" in fb.message
        fb = ex.check(net - ex.cost, verdict)  # the cost taken off twice: no slip named
        assert not fb.correct and fb.hint == ex.hints[0]
    assert verdicts == {"yes", "no"}


def test_decision_tree_without_the_cost(progress_home):
    """The chosen option's chance-node EMV, cost not subtracted, is named as such."""
    for seed in SEEDS:
        ex = DecisionTree(seed=seed)
        choice, value = right_answer(ex)
        cost = {label: c for label, c, _ in ex.tree.options}[choice]
        gross = dt.rollback({label: node for label, _, node in ex.tree.options}[choice]).value
        assert gross == pytest.approx(value + cost)
        fb = ex.check(choice, gross)
        assert not fb.correct and "cost has not been subtracted" in fb.message, seed
        assert fb.hint == ex.hints[1]


def test_decision_tree_wrong_option(progress_home):
    """The other option (even with its own net EMV) is 'not the better option'."""
    choices = set()
    for seed in SEEDS:
        ex = DecisionTree(seed=seed)
        result = dt.rollback(ex.tree)
        choices.add(result.choice)
        other = next(label for label in result.children if label != result.choice)
        for value in (result.value, result.children[other]):
            fb = ex.check(other, value)
            assert not fb.correct and f"{other} is not the better option" in fb.message
            assert fb.hint == ex.hints[1]
        fb = ex.check(result.choice, result.value * 2 + 10)
        assert not fb.correct and "not the EMV" in fb.message and fb.hint == ex.hints[0]
    assert choices == {"Full suite", "Point solution"}


# --------------------------------------------------------------------------
# Independent recomputation
# --------------------------------------------------------------------------

def test_emv_by_a_loop(progress_home):
    """Total EMV = Σ ± p × impact, threats negative (a plain loop)."""
    for seed in SEEDS:
        ex = Emv(seed=seed)
        total = 0.0
        for kind, p, impact in zip(ex.kinds, ex.probabilities, ex.impacts):
            total += p * (impact if kind == "opportunity" else -impact)
        assert ex.answer() == pytest.approx(total, abs=1e-6)
        assert ex.check(total).correct
        assert ex.check(round(total)).correct
        assert f"Total EMV {eur(total)}." == ex.check(total).message


def test_three_point_by_the_pert_formula(progress_home):
    """Mean Σ(O + 4M + P)/6, sd √Σ((P − O)/6)², P(≤ target) from the normal CDF (erf)."""
    for seed in SEEDS:
        ex = ThreePoint(seed=seed)
        mean = sum((o + 4 * m + p) / 6 for o, m, p in ex.estimates)
        sd = math.sqrt(sum(((p - o) / 6) ** 2 for o, _, p in ex.estimates))
        prob = 0.5 * (1 + math.erf((ex.target - mean) / (sd * math.sqrt(2))))
        assert (ex.mean(), ex.sd(), ex.probability()) == pytest.approx((mean, sd, prob))
        assert ex.check(round(mean, 2), round(sd, 2), round(prob, 2)).correct, seed
        assert f"P(≤ {ex.target:g} days) = {100 * prob:.1f} %" in ex.check(mean, sd, prob).message
        for o, m, p in ex.estimates:
            assert 0 < o < m < p and o == int(o) and p - m >= 2
        assert ex.target == math.ceil(ex.target) and ex.target > mean


PROBABILITY_POINTS = (0.1, 0.3, 0.5, 0.7, 0.9)
IMPACT_POINTS = (0.05, 0.1, 0.2, 0.4, 0.8)


def probability_point(p: float) -> int:
    """The nearest probability point (the exercise never draws a midpoint)."""
    distances = [abs(p - point) for point in PROBABILITY_POINTS]
    return distances.index(min(distances))


def impact_point(share: float) -> int:
    """The first impact point at or above the share; the last above it."""
    for i, point in enumerate(IMPACT_POINTS):
        if point >= round(share, 9):
            return i
    return len(IMPACT_POINTS) - 1


def test_rating_by_the_band_rule(progress_home):
    """Score = nearest probability point x first impact point at or above the share;
    rating by 0.05 and 0.18."""
    words = set()
    for seed in range(200):
        ex = Rating(seed=seed)
        share = ex.impact_cost / ex.budget
        row, col = probability_point(ex.probability), impact_point(share)
        score = PROBABILITY_POINTS[row] * IMPACT_POINTS[col]
        exact = round(score, 10)
        word = "high" if exact >= 0.18 else "medium" if exact >= 0.05 else "low"
        assert MATRIX.cell(ex.probability, share) == (row, col), seed
        fb = ex.check(round(score, 3), word)
        assert fb.correct, (seed, score, word, fb)
        assert fb.message == f"Score {score:.3f}, rating {word}."
        words.add(word)
    assert words == {"low", "medium", "high"}


def test_rating_never_draws_a_band_edge():
    """No probability lies midway between two points, and no impact share on a
    point, so the answer never hangs on the tie rule."""
    edges = []
    midpoints = {round((a + b) / 2, 9) for a, b in zip(PROBABILITY_POINTS, PROBABILITY_POINTS[1:])}
    assert midpoints == {0.2, 0.4, 0.6, 0.8}
    for seed in range(400):
        ex = Rating(seed=seed)
        share = ex.impact_cost / ex.budget
        if round(ex.probability, 9) in midpoints:
            edges.append((seed, "probability", ex.probability))
        if round(share, 9) in IMPACT_POINTS:
            edges.append((seed, "impact share", round(share, 4)))
    assert not edges, edges


def test_rating_numbers_are_within_their_ranges():
    """Probability 0.05-0.95 (2 decimals); cost a whole share (1-59 %) of the budget."""
    shares = set()
    for seed in range(200):
        ex = Rating(seed=seed)
        assert 0.05 <= ex.probability <= 0.95 and round(ex.probability, 2) == ex.probability
        assert ex.budget % 50_000 == 0 and 500_000 <= ex.budget < 3_000_000
        share = ex.impact_cost / ex.budget
        assert round(share * 100) == pytest.approx(share * 100)
        assert 0.01 <= share <= 0.59
        shares.add(round(share, 2))
    assert max(shares) > 0.4  # the 0.8 band is drawn too
    assert min(shares) < 0.05


def test_rating_task_states_the_band_rule():
    """The task gives the rule the check applies, and asks for 3 decimals."""
    for seed in range(5):
        task = Rating(seed=seed).task
        assert "nearest of 0.1/0.3/0.5/0.7/0.9" in task
        assert "first of 0.05/0.1/0.2/0.4/0.8 at or above it" in task
        assert "3 decimal places" in task
        assert "0.05" in task and "0.18" in task


def test_response_net_by_exact_fractions(progress_home):
    """Net = (p × impact − p' × impact') − cost, in exact arithmetic; yes when above 0."""
    for seed in SEEDS:
        ex = ResponsePays(seed=seed)
        exact = (Fraction(str(ex.p_before)) * Fraction(ex.impact)
                 - Fraction(str(ex.p_after)) * Fraction(ex.impact_after) - Fraction(ex.cost))
        assert ex.net() == pytest.approx(float(exact), abs=1e-6)
        verdict = "yes" if exact > 0 else "no"
        fb = ex.check(float(exact), verdict)
        assert fb.correct, (seed, fb)
        word = "pays" if exact > 0 else "does not pay"
        assert fb.message == f"Net value {eur(float(exact))}: it {word}."
        assert 0 < ex.p_after < ex.p_before and ex.impact_after <= ex.impact
        assert ex.cost % 1_000 == 0


def test_response_pays_agrees_with_response_value():
    """The exercise's verdict is the register's rule (risk.response_value) on the same risk."""
    import pandas as pd

    base = risk.load_register().iloc[[0]].copy()
    for seed in SEEDS:
        ex = ResponsePays(seed=seed)
        row = base.copy()
        row[["kind", "response", "status"]] = ["threat", "mitigate", "active"]
        row[["probability", "impact_cost", "response_cost", "residual_probability",
             "residual_impact_cost"]] = [ex.p_before, ex.impact, ex.cost, ex.p_after,
                                         ex.impact_after]
        table = risk.response_value(pd.DataFrame(row))
        assert float(table["net"].iloc[0]) == pytest.approx(ex.net())
        assert bool(table["pays"].iloc[0]) is (right_answer(ex)[1] == "yes")


def test_decision_tree_rolled_back_by_hand(progress_home):
    """Each option: Σ p × outcome − cost; choose the larger."""
    for seed in SEEDS:
        ex = DecisionTree(seed=seed)
        nets = {}
        for label, cost, node in ex.tree.options:
            assert isinstance(node, dt.Chance) and len(node.branches) == 2
            assert sum(p for p, _ in node.branches) == pytest.approx(1)
            nets[label] = sum(p * leaf.value for p, leaf in node.branches) - cost
        best = max(nets, key=nets.get)
        assert abs(nets[best] - min(nets.values())) > 2  # never a near tie
        fb = ex.check(best, nets[best])
        assert fb.correct, (seed, fb)
        assert fb.message == f"{best}, EMV {eur(nets[best])}."
        assert ex.check(f" {best} ", round(nets[best])).correct
        for typed in (best.lower(), best.upper(), best.swapcase(), f"  {best.title()} "):
            assert ex.check(typed, nets[best]).correct, (seed, typed)
        other = next(label for label in nets if label != best)
        fb = ex.check(other.upper(), nets[other])
        assert not fb.correct and fb.message == f"{other} is not the better option."
        assert 0.3 <= ex.p <= 0.8 and round(ex.p, 1) == ex.p


# --------------------------------------------------------------------------
# show(), solution() and hints
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_show_starts_with_the_task_and_shows_every_number(cls):
    """show() starts with '**Task.**' and the task, and shows every number drawn."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        shown = ex.show()
        assert isinstance(shown, Note)
        text = str(shown)
        assert text.startswith(f"**Task.** {ex.task}")
        assert shown._repr_markdown_() == text
        if isinstance(ex, CauseRiskEffect):
            lines = text.split("\n\n", 1)[1].splitlines()
            assert lines == [f"{i}. {statement}"
                             for i, statement in enumerate(ex.statements, start=1)]
        elif isinstance(ex, Emv):
            assert table_rows(text) == [
                [str(i), kind, f"{p:.2f}", f"{impact:,.0f}"] for i, (kind, p, impact) in
                enumerate(zip(ex.kinds, ex.probabilities, ex.impacts), start=1)]
        elif isinstance(ex, ThreePoint):
            assert table_rows(text) == [[f"task {i}", f"{o:g}", f"{m:g}", f"{p:g}"]
                                        for i, (o, m, p) in enumerate(ex.estimates, start=1)]
            assert f"within {ex.target:g} days" in text
        elif isinstance(ex, Rating):
            for number in (f"{ex.probability:.2f}", f"{ex.impact_cost:,.0f}",
                           f"{ex.budget:,.0f}"):
                assert number in text, (seed, number)
        elif isinstance(ex, ResponsePays):
            for number in (f"probability {ex.p_before:.2f}", f"impact {ex.impact:,.0f}",
                           f"costing {ex.cost:,.0f}", f"probability {ex.p_after:.2f}",
                           f"impact {ex.impact_after:,.0f}"):
                assert number in text, (seed, number)
        else:
            rows = table_rows(text)
            assert [row[0] for row in rows] == ["Full suite", "Point solution"]
            for row, (label, cost, node) in zip(rows, ex.tree.options):
                (p_high, high), (p_low, low) = node.branches
                assert row == [label, f"{cost:,.0f}", f"{ex.p:.1f} → {high.value:,.0f}",
                               f"{1 - ex.p:.1f} → {low.value:,.0f}"]


def test_solutions_state_the_computed_answers(progress_home):
    """Each solution shows the core's answer, formatted as the exercise does."""
    for seed in SEEDS:
        labelled = CauseRiskEffect(seed=seed)
        assert table_rows(str(labelled.solution(confirm=True))) == [
            [str(i), text, f"**{part}**"] for i, (text, part) in
            enumerate(zip(labelled.statements, core_labels(labelled)), start=1)]

        emv = Emv(seed=seed)
        text = str(emv.solution(confirm=True))
        assert f"Total EMV **{eur(core_emv(emv))}**." in text
        rows = table_rows(text)
        assert len(rows) == len(emv.kinds)
        for row, p, s, impact in zip(rows, emv.probabilities, signs(emv), emv.impacts):
            assert row[2] == f"{p:.2f} × {format_number(s * impact, 0)}"
            assert row[3] == format_number(p * s * impact, 0)

        three = ThreePoint(seed=seed)
        mean, sd, p = core_path(three)
        text = str(three.solution(confirm=True))
        for part in (f"Mean **{mean:.2f} days**", f"sd **{sd:.2f} days**",
                     f"probability **{100 * p:.1f} %**",
                     f"z = ({three.target:g} − {mean:.2f}) / {sd:.2f} = "
                     f"{(three.target - mean) / sd:.2f}"):
            assert part in text, (seed, part)
        assert [row[1] for row in table_rows(text)] == [
            f"{(o + 4 * m + hi) / 6:.2f}" for o, m, hi in three.estimates]

        rating = Rating(seed=seed)
        score, word = core_rating(rating)
        text = str(rating.solution(confirm=True))
        assert f"**{score:.3f}**" in text and f"rating **{word}**" in text
        row, col = MATRIX.cell(rating.probability, rating.impact_cost / rating.budget)
        assert f"**{MATRIX.impact_scale[col]:g}**" in text
        assert f"**{MATRIX.probability_scale[row]:g}**" in text

        pays = ResponsePays(seed=seed)
        net = core_net(pays)
        text = str(pays.solution(confirm=True))
        verdict = "pays" if net > 0 else "does not pay"
        assert f"= **{eur(net)}**" in text and f"so it **{verdict}**" in text
        assert f"minus the cost {eur(pays.cost)}" in text

        tree = DecisionTree(seed=seed)
        result = dt.rollback(tree.tree)
        text = str(tree.solution(confirm=True))
        assert f"Choose **{result.choice}**, EMV **{eur(result.value)}**." in text
        for label, value in result.children.items():
            assert f"- {label}: {eur(value)}" in text


def test_the_module_example_still_holds(progress_home):
    """The docstring's example: Emv(seed=2) passes its own answer; estimating agrees."""
    ex = Emv(seed=2)
    assert ex.check(ex.answer()).correct
    assert risk.pert is estimating.pert


# --------------------------------------------------------------------------
# Answer fields, expected answers and the answer form
# --------------------------------------------------------------------------

#: What each exercise asks for, as the learner reads it: (name, label, unit or None).
FIELDS = {
    CauseRiskEffect: [("labels", "Cause, risk or effect", None)],
    Emv: [("total", "Total EMV", "EUR")],
    ThreePoint: [("mean", "PERT mean of the path", "days"),
                 ("sd", "Standard deviation of the path", "days"),
                 ("probability", "Probability of finishing within", "%")],
    Rating: [("score", "Score", ""), ("rating", "Rating", None)],
    ResponsePays: [("net", "Net value of the response", "EUR"),
                   ("pays", "Does the response pay?", None)],
    DecisionTree: [("option", "Option to choose", None), ("value", "EMV of the decision", "EUR")],
}


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_fields_match_check_and_read_like_the_screen(cls):
    """One field per argument of check, in order; labels in words, with units; a
    probability is a per cent field; choices have readable labels."""
    ex = cls(seed=4)
    fields = ex.fields()
    params = list(inspect.signature(ex._grade).parameters)
    assert [f.name for f in fields] == params
    for field, (name, label, unit) in zip(fields, FIELDS[cls]):
        assert field.name == name and field.label.startswith(label), field
        assert "_" not in field.label
        if unit is None:
            assert isinstance(field, Choice | Table)
        else:
            assert isinstance(field, Number) and field.unit == unit
            assert field.percent is (unit == "%")
    options = {Rating: ["Low", "Medium", "High"], ResponsePays: ["Yes", "No"],
               DecisionTree: ["Full suite", "Point solution"]}
    for field in fields:
        if isinstance(field, Choice):
            assert [label for label, _ in field.options] == options[cls]
    if cls is CauseRiskEffect:
        (table,) = fields
        assert table.rows == tuple(ex.statements)
        assert [label for label, _ in table.column.options] == ["Cause", "Risk", "Effect"]
    if cls is ThreePoint:
        assert fields[2].label == f"Probability of finishing within {ex.target:g} days"
        assert (fields[2].minimum, fields[2].maximum) == (0, 1)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_expected_is_the_independent_answer(cls, progress_home):
    """expected() gives the answer computed here independently, by field name, and
    check(**expected()) is correct."""
    for seed in range(15):
        ex = cls(seed=seed)
        want = ex.expected()
        assert list(want) == [f.name for f in ex.fields()]
        for (name, value), mine in zip(want.items(), right_answer(ex)):
            if isinstance(mine, str) or isinstance(mine, list):
                assert value == mine, (seed, name)
            else:
                assert value == pytest.approx(mine, abs=1e-9), (seed, name)
        assert ex.check(**want).correct, seed


def wrong_text(field: Number, value: float) -> str:
    """A clearly wrong answer, as a learner would type it in the field's box."""
    if field.percent:
        return f"{100 * value - 7:.1f}"  # 7 points off, in per cent
    if field.maximum == 1:
        return f"{value / 2 + 0.001:.3f}"
    return f"{2 * value + 7:,.2f}" if value > 0 else f"{value / 2 - 7:,.2f}"


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_form_filled_with_the_expected_answer_says_correct(cls, progress_home):
    """Filling every input with expected() and pressing Check says Correct and records
    one attempt; a wrong number typed in a box (or a wrong choice) says Not yet."""
    for n, seed in enumerate((0, 7, 21), start=1):
        ex = cls(seed=seed)
        form = ex.form()
        assert set(form.inputs) == {f.name for f in ex.fields()}
        want = ex.expected()
        for name, value in want.items():
            form.inputs[name].fill(value)
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)
        assert len(records()) == 2 * n - 1 and records()[-1]["correct"] is True
        numbers = [f for f in ex.fields() if isinstance(f, Number)]
        if numbers:
            field = numbers[0]
            form.inputs[field.name].box.value = wrong_text(field, want[field.name])
        else:
            labels = want["labels"]
            form.inputs["labels"].fill(labels[1:] + labels[:1])
        form.check_button.click()
        assert "Not yet." in form.feedback.value, (seed, form.feedback.value)
        assert "Hint:" in form.feedback.value
        assert len(records()) == 2 * n and records()[-1]["correct"] is False
        assert all(r["item"] == IDS[cls] for r in records())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_form_box_that_cannot_be_read_names_the_field(cls, progress_home):
    """Text that is not a number in a box: a message naming the field, nothing recorded."""
    ex = cls(seed=5)
    form = ex.form()
    for name, value in ex.expected().items():
        form.inputs[name].fill(value)
    field = next(f for f in ex.fields() if isinstance(f, Number))
    form.inputs[field.name].box.value = "twelve"
    form.check_button.click()
    assert field.label in form.feedback.value and "twelve" in form.feedback.value
    assert "Correct" not in form.feedback.value and records() == []


def test_three_point_probability_box_takes_per_cent(progress_home):
    """The probability box takes per cent; a fraction typed in it is named as such."""
    for seed in range(10):
        ex = ThreePoint(seed=seed)
        mean, sd, p = core_path(ex)
        form = ex.form()
        form.inputs["mean"].box.value = f"{mean:.2f}"
        form.inputs["sd"].box.value = f"{sd:.2f}"
        form.inputs["probability"].box.value = f"{100 * p:.1f} %"
        form.check_button.click()
        assert "Correct!" in form.feedback.value, seed
        form.inputs["probability"].box.value = f"{p:.3f}"
        form.check_button.click()
        assert "Not yet." in form.feedback.value
        assert "fraction typed in the per cent box" in form.feedback.value, seed
        fb = ex.check(mean, sd, 1 - p)  # the upper tail read from the table
        assert not fb.correct and "taking longer" in fb.message
    assert len(records()) == 30


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

from helpers import _NUMBER, leaks  # noqa: E402  (one leak detector for every lesson)


def test_leak_detector_finds_a_given_away_number():
    """The detector used below can fail: a hint with the answer in it is caught."""
    ex = Emv(seed=3)
    total = ex.answer()
    assert leaks(f"The total is {total:,.0f}.", ex)
    assert leaks(f"Try {abs(total):.2f}.", ex)
    three = ThreePoint(seed=3)
    assert leaks(f"About {100 * three.probability():.1f} %.", three)
    assert not leaks("EMV = p × impact; (1 + r)^t.", ex)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    """Neither the hints nor the hints given with 'Not yet' contain any number of the
    answer, in any usual spelling, for many seeds."""
    found = []
    for seed in range(60):
        ex = cls(seed=seed)
        given = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        if cls is not CauseRiskEffect:
            for args in shifted(ex, 1.5) + shifted(ex, 40):
                fb = ex.check(*args)
                given.append(fb.hint or "")
        for hint in given:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    """The last hint spells out the whole method, without numbers of its own beyond
    single digits."""
    ex = cls(seed=0)
    last = ex.hints[-1]
    assert len(last) > 80, last
    assert all(len(token.replace(".", "")) == 1 for token in _NUMBER.findall(last)), last
    words = {CauseRiskEffect: ["because of", "may occur", "lead to"],
             Emv: ["probability", "minus sign", "add"],
             ThreePoint: ["variance", "square root", "z ="],
             Rating: ["impact share", "nearest", "multiply", "thresholds"],
             ResponsePays: ["EMV before", "EMV after", "improvement", "cost"],
             DecisionTree: ["chance node", "subtract", "larger"]}[cls]
    for word in words:
        assert word in last, (word, last)


# --------------------------------------------------------------------------
# The worked solution: only after an attempt (or a confirmation), and recorded
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_solution_waits_for_an_attempt_and_is_recorded(cls, progress_home):
    """solution() before any attempt says 'Try it first' and records nothing; after a
    checked answer it shows the worked solution and records that it was seen."""
    ex = cls(seed=9)
    note = ex.solution()
    assert isinstance(note, Note) and "Try it first" in str(note)
    assert "confirm=True" in str(note)
    assert records() == []
    ex.check(*placeholders(ex)[0])  # a placeholder is not an attempt
    assert "Try it first" in str(ex.solution()) and records() == []
    args = list(right_answer(ex))
    if cls is CauseRiskEffect:
        args[0] = [OTHER[x] for x in args[0]]
    else:
        index = next(i for i, t in enumerate(TOLERANCES[cls]) if t is not None)
        args[index] = args[index] * 0.5 + (0.001 if cls is Rating else 7)
    assert ex.check(*args).correct is False
    note = ex.solution()
    assert "Try it first" not in str(note) and str(note) == str(ex._solution())
    rows = records()
    assert [(r["kind"], r["item"], r["lesson"], r["topic"]) for r in rows] == [
        ("exercise", IDS[cls], "04", TOPICS[cls]), ("solution", IDS[cls], "04", TOPICS[cls])]


def test_solution_with_confirmation_is_shown_and_recorded(progress_home):
    ex = Emv(seed=1)
    assert f"**{eur(core_emv(ex))}**" in str(ex.solution(confirm=True))
    assert [r["kind"] for r in records()] == ["solution"]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    """No snake_case names or Python reprs in the task or the feedback."""
    for seed in range(10):
        ex = cls(seed=seed)
        texts = [ex.task, ex.check(*right_answer(ex)).message]
        if cls is not CauseRiskEffect:
            texts += [ex.check(*args).message for args in shifted(ex, 3)]
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
            assert "np.float" not in text and "None" not in text, text
