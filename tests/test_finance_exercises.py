"""Lesson 05's exercises: seeds, tolerances, slips, recording, answer fields and
forms, hints, show and solution."""

from __future__ import annotations

import inspect
import math
import re

import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from implcourse import finance, progress, quiz
from implcourse.answers import Choice, Number, format_number
from implcourse.exercises import (PLACEHOLDER_MESSAGE, Note, learner_seed, markdown_table,
                                  number_answer)
from implcourse.exercises.finance import BreakEven, Irr, Npv, Payback, Roi, SpreadsheetNpv, Tco

from helpers import table_rows

SEEDS = range(40)
CLASSES = [Roi, Npv, Irr, Payback, SpreadsheetNpv]
#: Every exercise of the lesson.
ALL_CLASSES = [*CLASSES, Tco, BreakEven]
FLOW_CLASSES = [Npv, Irr, Payback, SpreadsheetNpv]
TOPICS = {Roi: "roi", Npv: "npv", Irr: "irr", Payback: "payback", SpreadsheetNpv: "npv",
          Tco: "tco", BreakEven: "sensitivity"}


def records():
    return progress.ProgressStore().records()


def eur(value: float, decimals: int = 0) -> str:
    """An amount as the form shows it (thousands separators, a real minus, EUR)."""
    return f"{format_number(value, decimals)} EUR"


def pct(value: float, decimals: int = 1) -> str:
    """A fraction as the per cent box shows it: 0.1534 is '15.3 %'."""
    return f"{format_number(100 * value, decimals)} %"


def plain_npv(rate: float, flows) -> float:
    """NPV by a plain loop, year 0 not discounted."""
    return sum(flow / (1 + rate) ** t for t, flow in enumerate(flows))


def fingerprint(ex):
    if isinstance(ex, Roi):
        return ex.costs, ex.benefits
    if isinstance(ex, Irr):
        return tuple(ex.cashflows), ex.hurdle
    return tuple(ex.cashflows), ex.rate


def expected_irr(ex):
    value = finance.irr(ex.cashflows)
    return value, ("accept" if value > ex.hurdle else "reject")


def right_answer(ex) -> tuple:
    """The package's answer to ``ex`` (an independent sum for Tco and BreakEven), as
    check's positional arguments."""
    if isinstance(ex, Roi):
        return (finance.roi(ex.benefits, ex.costs),)
    if isinstance(ex, (Npv, SpreadsheetNpv)):
        return (finance.npv(ex.rate, ex.cashflows),)
    if isinstance(ex, Irr):
        return expected_irr(ex)
    if isinstance(ex, Payback):
        return (finance.payback_period(ex.cashflows),
                finance.discounted_payback_period(ex.rate, ex.cashflows))
    if isinstance(ex, Tco):
        totals = ex.table.drop(columns="total").sum(axis=1).tolist()
        benefits = [0.0] + [ex.benefit] * (len(totals) - 1)
        present = plain_npv(ex.rate, totals)
        return float(sum(totals)), present, plain_npv(ex.rate, benefits) / present
    if isinstance(ex, BreakEven):
        annuity = sum(1 / (1 + ex.rate) ** t for t in range(1, ex.years + 1))
        return (ex.investment / (ex.benefit * annuity),)
    raise AssertionError(ex)


#: The tolerance each task states, as a fraction or in years (money answers state
#: their own, ``ex.tolerance``, in EUR).
TOLERANCE = {Roi: 0.001, Irr: 0.005, Payback: 0.01, BreakEven: 0.001}


#: The tolerance Tco states for its benefit-cost ratio (its amounts state ``ex.tolerance``).
BCR_TOLERANCE = 0.01


def tolerance(ex) -> float:
    """The tolerance an exercise states (for Tco, that of its amounts)."""
    return TOLERANCE.get(type(ex)) or ex.tolerance


def recognised_slips(ex) -> list[float]:
    """Wrong money answers an exercise recognises and explains (computed independently)."""
    sheet = finance.spreadsheet_npv(ex.rate, ex.cashflows)
    if isinstance(ex, Npv):
        return [sheet]
    return [ex.sheet_value, ex.sheet_value / (1 + ex.rate)]


def shifted(ex, by: float) -> list[tuple]:
    """Answers with one number moved by ``by`` (each number in turn). Tco's ratio moves by
    the same share of its own tolerance as ``by`` is of the amounts' tolerance."""
    args = right_answer(ex)
    if isinstance(ex, Irr):
        return [(args[0] + by, args[1])]
    if isinstance(ex, Payback):
        return [(args[0] + by, args[1]), (args[0], args[1] + by)]
    if isinstance(ex, Tco):
        ratio = by / ex.tolerance * BCR_TOLERANCE
        return [(args[0] + by, *args[1:]), (args[0], args[1] + by, args[2]),
                (*args[:2], args[2] + ratio)]
    return [(args[0] + by,)]


def placeholders(ex) -> list[tuple]:
    args = right_answer(ex)
    if len(args) == 1:
        return [(None,)]
    return [(None,) * len(args)] + [tuple(None if i == j else a for j, a in enumerate(args))
                                    for i in range(len(args))]


def unreadable(ex) -> list[tuple[tuple, int]]:
    """Unreadable answers, each with the index of the field that cannot be read
    ("12 %" and "1,200" are numbers now: a unit is dropped, separators are read)."""
    args = right_answer(ex)
    bad = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), "nan"]

    def each(index, values):
        return [(tuple(v if i == index else a for i, a in enumerate(args)), index)
                for v in values]

    if isinstance(ex, Irr):
        return each(0, bad + [-1.5]) + each(1, ["maybe", "yes", 1, ""])
    if isinstance(ex, Payback):
        return each(0, bad + [-1, "-2"]) + each(1, bad + [-0.5])
    if isinstance(ex, Tco):
        return (each(0, bad + [-1, "-2"]) + each(1, bad + [-0.5])
                + each(2, bad + [-0.5, "-1.2"]))
    if isinstance(ex, BreakEven):
        return each(0, bad + [-0.5])
    return each(0, bad)


# --------------------------------------------------------------------------
# Shared helpers: number_answer and markdown_table
# --------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [(3, 3.0), (-2.5, -2.5), (" 1200.5 ", 1200.5),
                                             ("0.25", 0.25), ("-7", -7.0), ("1e3", 1000.0)])
def test_number_answer_reads_numbers_and_numeric_strings(value, expected):
    """Numbers and numeric strings (spaces allowed) become floats."""
    result = number_answer("npv", value)
    assert result == expected and isinstance(result, float)


@pytest.mark.parametrize("value, error", [("abc", ValueError), ("", ValueError),
                                          ("12%", ValueError), ("nan", ValueError),
                                          ("inf", ValueError), (float("nan"), ValueError),
                                          (True, TypeError), (None, TypeError),
                                          ([1], TypeError)])
def test_number_answer_refuses_non_numbers_naming_the_answer(value, error):
    """Non-numbers raise, naming the answer."""
    with pytest.raises(error, match=r"\bnpv\b"):
        number_answer("npv", value)


def test_number_answer_bounds_are_inclusive():
    """minimum and maximum are inclusive; outside them is a ValueError naming the answer."""
    assert number_answer("payback", 0, minimum=0) == 0.0
    assert number_answer("payback", "5", minimum=0, maximum=5) == 5.0
    with pytest.raises(ValueError, match=r"payback must be >= 0"):
        number_answer("payback", "-0.01", minimum=0)
    with pytest.raises(ValueError, match=r"payback must be <= 5"):
        number_answer("payback", 5.5, maximum=5)


@pytest.mark.parametrize("n_cols, n_rows", [(1, 0), (3, 1), (6, 4)])
def test_markdown_table_layout(n_cols, n_rows):
    """Header, separator and one line per row; cells are str() of the values."""
    headers = [f"h{i}" for i in range(n_cols)]
    rows = [[r * 10 + c for c in range(n_cols)] for r in range(n_rows)]
    lines = markdown_table(headers, rows).splitlines()
    assert len(lines) == 2 + n_rows
    assert lines[0] == "| " + " | ".join(headers) + " |"
    assert lines[1] == "| " + " | ".join(["---"] * n_cols) + " |"
    for line, row in zip(lines[2:], rows):
        assert [c.strip() for c in line.strip("|").split("|")] == [str(v) for v in row]


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_numbers_different_seeds_differ(cls):
    """The seed fixes the numbers; different seeds (and learners) give different ones."""
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert first.task == again.task
        prints.append(fingerprint(first))
    assert len(set(prints)) >= 0.9 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


def test_exercises_with_the_same_seed_draw_different_flows():
    """Each exercise has its own random stream: same seed, different numbers."""
    for seed in SEEDS:
        flows = [tuple(cls(seed=seed).cashflows) for cls in FLOW_CLASSES]
        assert len(set(flows)) == len(flows), seed
    roi_costs = [Roi(seed=s).costs for s in SEEDS]
    for cls in FLOW_CLASSES:
        assert roi_costs != [-cls(seed=s).cashflows[0] for s in SEEDS], cls.__name__


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_bad_seed_is_refused(cls):
    """A negative or non-integer seed raises, naming seed."""
    with pytest.raises(ValueError, match="seed"):
        cls(seed=-1)
    with pytest.raises(TypeError, match="seed"):
        cls(seed="7")
    with pytest.raises(TypeError, match="seed"):
        cls(seed=1.5)


def test_series_are_an_investment_then_returns():
    """Cash flows start with a negative investment, then positive returns."""
    for seed in SEEDS:
        for cls in FLOW_CLASSES:
            flows = cls(seed=seed).cashflows
            assert flows[0] < 0 and all(f > 0 for f in flows[1:]), (cls.__name__, seed)
        assert len(Payback(seed=seed).cashflows) == 7
        roi = Roi(seed=seed)
        assert roi.costs > 0 and roi.benefits > 0


# --------------------------------------------------------------------------
# Right, nearly right, wrong, placeholder and unreadable answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_package_answer_passes_and_is_recorded(cls, progress_home):
    """For every seed the package's answer is correct and recorded with lesson 05."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        fb = ex.check(*right_answer(ex))
        assert fb.correct is True, (seed, fb)
        assert fb.hint is None and str(fb).startswith("Correct!")
    rows = records()
    assert len(rows) == len(SEEDS)
    ex = cls(seed=0)
    assert {(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in rows} \
        == {("exercise", ex.id, "05", TOPICS[cls], True)}
    assert ex.id.startswith("05.") and ex.lesson == "05"


def test_ids_are_unique_and_topics_are_quiz_topics():
    """Each exercise has its own id and a topic of lesson 05's quiz."""
    exs = [cls(seed=1) for cls in ALL_CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    topics = {q.topic for q in quiz.load_bank(lesson="05")}
    for ex in exs:
        assert ex.topic == TOPICS[type(ex)] and ex.topic in topics, ex.id


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_answers_within_the_tolerance_pass(cls, progress_home):
    """Rounding within the stated tolerance is still correct."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        step = 0.9 * tolerance(ex)
        for args in shifted(ex, step) + shifted(ex, -step):
            assert ex.check(*args).correct, (seed, args)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_answers_just_outside_the_tolerance_fail_with_a_hint(cls, progress_home):
    """Just outside the tolerance is 'Not yet' with a hint, recorded as wrong."""
    calls = 0
    for seed in SEEDS:
        ex = cls(seed=seed)
        step = 1.2 * tolerance(ex)
        for args in shifted(ex, step) + shifted(ex, -step):
            if isinstance(ex, (Npv, SpreadsheetNpv)) and min(
                    abs(args[0] - v) for v in recognised_slips(ex)) <= ex.tolerance:
                continue  # a recognised slip, tested on its own
            fb = ex.check(*args)
            calls += 1
            assert fb.correct is False, (seed, args)
            assert fb.hint and "could not be read" not in fb.message, (seed, args, fb)
            assert "Hint:" in str(fb)
    assert calls >= len(SEEDS)  # a few coincide with recognised slips and are skipped
    assert len(records()) == calls
    assert not any(r["correct"] for r in records())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_far_off_answers_get_the_first_hint(cls, progress_home):
    """A wrong number far off gets the first hint (the method)."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        args = right_answer(ex)
        if isinstance(ex, (Roi, Irr)):
            far = (args[0] + 200, *args[1:])  # no ROI or IRR is 2 (200 %)
        else:
            far = (args[0] * 3 + 7, *args[1:])
        if isinstance(ex, Npv) and abs(far[0] - finance.spreadsheet_npv(
                ex.rate, ex.cashflows)) <= 1:
            continue
        fb = ex.check(*far)
        assert fb.correct is False and fb.hint == ex.hints[0], (seed, fb)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_numeric_strings_are_accepted(cls, progress_home):
    """An answer typed as a string (spaces allowed) is read as a number."""
    for seed in range(10):
        ex = cls(seed=seed)
        args = right_answer(ex)
        as_text = tuple(f" {a!r} " if isinstance(a, float) else a.upper() for a in args)
        assert ex.check(*as_text).correct, (seed, as_text)
    assert len(records()) == 10


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    """None placeholders get the neutral reminder, no hint, and are not recorded."""
    ex = cls(seed=3)
    for args in placeholders(ex):
        fb = ex.check(*args)
        assert fb.pending is True and fb.correct is False, args
        assert fb.message == PLACEHOLDER_MESSAGE and fb.head == "Not answered yet."
        assert fb.hint is None and str(fb).startswith("Not answered yet.")
    assert records() == [] and ex.attempts == 0


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    """Non-numbers, wrong decision words, an IRR below -100 % and negative paybacks: a
    message naming the field as labelled on screen, no hint, nothing recorded."""
    ex = cls(seed=5)
    labels = [f.label for f in ex.fields()]
    for args, index in unreadable(ex):
        fb = ex.check(*args)
        assert fb.correct is False and fb.pending is False, args
        assert labels[index] in fb.message, (args, fb.message)
        assert "could not be read" not in fb.message and fb.hint is None
    assert records() == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_wrong_number_of_arguments_is_unreadable(cls, progress_home):
    """Too few or too many answers: 'could not be read', never an exception."""
    ex = cls(seed=2)
    args = right_answer(ex)
    for call in [(), (*args, *args)]:
        fb = ex.check(*call)
        assert fb.correct is False and "could not be read" in fb.message, call
    assert records() == []


# --------------------------------------------------------------------------
# Recognised slips
# --------------------------------------------------------------------------

def test_roi_typed_as_a_percentage(progress_home):
    """100 × ROI (given in code) is recognised as a percentage, with the 'fraction' hint."""
    checked = 0
    for seed in SEEDS:
        ex = Roi(seed=seed)
        expected = finance.roi(ex.benefits, ex.costs)
        if abs(99 * expected) <= 0.001:
            continue  # ROI of zero: the percentage is the right answer too
        for typed in (100 * expected, round(100 * expected, 1), f"{100 * expected:.1f}"):
            fb = ex.check(typed)
            assert fb.correct is False and "looks like a percentage" in fb.message, (seed, fb)
            assert "fraction" in fb.hint
        checked += 1
    assert checked >= len(SEEDS) // 2


def test_irr_typed_as_a_percentage(progress_home):
    """100 × IRR is recognised as a percentage, with the 'fraction' hint."""
    failures = []
    for seed in SEEDS:
        ex = Irr(seed=seed)
        expected, decision = expected_irr(ex)
        fb = ex.check(round(100 * expected, 2), decision)
        if fb.correct or "looks like a percentage" not in fb.message \
                or "fraction" not in (fb.hint or ""):
            failures.append((seed, round(100 * expected, 2), fb.message))
    assert not failures, failures


def test_npv_with_year_0_discounted(progress_home):
    """The spreadsheet value (year 0 discounted too) gets its own feedback."""
    for seed in SEEDS:
        ex = Npv(seed=seed)
        sheet = finance.spreadsheet_npv(ex.rate, ex.cashflows)
        if abs(sheet - finance.npv(ex.rate, ex.cashflows)) <= 1:
            continue
        for typed in (sheet, round(sheet), str(round(sheet, 2))):
            fb = ex.check(typed)
            assert fb.correct is False and "discounted year 0" in fb.message, (seed, fb)
            assert "(1 + r)^0 = 1" in fb.hint


def test_fraction_just_outside_tolerance_is_not_taken_for_a_percentage(progress_home):
    """A fraction close to the ROI or IRR gets 'not the ROI/IRR', not the percentage slip.

    An answer 0.006 from an ROI or an IRR of 0 is plainly a fraction; calling it a
    percentage sends the learner the wrong way.
    """
    failures = []
    for seed in range(400):
        roi = Roi(seed=seed)
        expected = finance.roi(roi.benefits, roi.costs)
        fb = roi.check(expected + 0.006)
        if "percentage" in fb.message or "per cent box" in fb.message or fb.correct:
            failures.append(("Roi", seed, expected, fb.message))
        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        fb = irr.check(value + 0.006, decision)
        if "percentage" in fb.message or "per cent box" in fb.message or fb.correct:
            failures.append(("Irr", seed, value, fb.message))
    assert not failures, failures


def test_irr_right_but_decision_wrong(progress_home):
    """A right IRR with the wrong decision gets the decision hint."""
    for seed in SEEDS:
        ex = Irr(seed=seed)
        value, decision = expected_irr(ex)
        other = "reject" if decision == "accept" else "accept"
        fb = ex.check(value, other)
        assert fb.correct is False and "not the decision" in fb.message, seed
        assert fb.hint == ex.hints[1]
        assert ex.check(value, f"  {decision.title()} ").correct


def test_payback_right_discounted_wrong(progress_home):
    """Right payback, wrong discounted payback: the second hint."""
    for seed in SEEDS:
        ex = Payback(seed=seed)
        simple, late = right_answer(ex)
        fb = ex.check(simple, late + 0.5)
        assert fb.correct is False and "discounted payback" in fb.message, seed
        assert fb.hint == ex.hints[1]
        fb = ex.check(simple, simple)  # the undiscounted answer twice
        assert fb.correct is (abs(simple - late) <= 0.01)


# --------------------------------------------------------------------------
# Exercise-specific properties
# --------------------------------------------------------------------------

def test_payback_always_has_a_finite_discounted_payback():
    """Payback redraws until the discounted flows pay back within the horizon."""
    for seed in range(200):
        ex = Payback(seed=seed)
        simple = finance.payback_period(ex.cashflows)
        late = finance.discounted_payback_period(ex.rate, ex.cashflows)
        assert math.isfinite(late), seed
        assert 0 < simple <= late < len(ex.cashflows), seed


def test_irr_hurdle_differs_from_the_irr_and_both_decisions_occur(progress_home):
    """The hurdle is never the IRR; some seeds accept, some reject, and both are graded."""
    decisions = {}
    for seed in SEEDS:
        ex = Irr(seed=seed)
        value, decision = expected_irr(ex)
        assert ex.hurdle != value, seed
        assert ex.hurdle >= 0.04 and round(ex.hurdle, 2) == ex.hurdle
        decisions.setdefault(decision, seed)
    assert set(decisions) == {"accept", "reject"}
    for decision, seed in decisions.items():
        ex = Irr(seed=seed)
        value = finance.irr(ex.cashflows)
        assert (value > ex.hurdle) is (decision == "accept")
        assert ex.check(value, decision).correct
        assert not ex.check(value, "reject" if decision == "accept" else "accept").correct


def test_irr_decision_is_the_same_for_every_accepted_irr():
    """Every IRR the check accepts (±0.005) lies on the same side of the hurdle.

    Otherwise a learner whose interpolated IRR is accepted could still be
    told the decision is wrong.
    """
    failures = []
    for seed in range(1100):
        ex = Irr(seed=seed)
        value = finance.irr(ex.cashflows)
        if (value - 0.005 > ex.hurdle) != (value + 0.005 > ex.hurdle):
            failures.append((seed, round(value, 5), ex.hurdle))
    assert not failures, failures


def test_spreadsheet_value_is_the_sheet_npv(progress_home):
    """The colleague's value is finance.spreadsheet_npv; it is not the answer."""
    for seed in SEEDS:
        ex = SpreadsheetNpv(seed=seed)
        assert ex.sheet_value == pytest.approx(finance.spreadsheet_npv(ex.rate, ex.cashflows))
        assert f"{ex.sheet_value:,.2f}" in ex.task
        last = len(ex.cashflows) + 1
        assert f"B2:B{last}" in ex.task and "year 0 in B2" in ex.task
        if abs(ex.sheet_value - finance.npv(ex.rate, ex.cashflows)) > ex.tolerance:
            fb = ex.check(ex.sheet_value)
            assert not fb.correct and "spreadsheet's own figure" in fb.message


# --------------------------------------------------------------------------
# show(), solution() and hints
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_show_starts_with_the_task_and_lists_every_flow(cls):
    """show() starts with '**Task.**' and lists every cash flow; not the cumulative sum,
    which is part of the working (with it, a payback could be read off the table)."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        shown = ex.show()
        assert isinstance(shown, Note)
        text = str(shown)
        assert text.startswith(f"**Task.** {ex.task}")
        if isinstance(ex, Roi):
            assert f"{ex.costs:,.0f}" in text and f"{ex.benefits:,.0f}" in text
            continue
        rows = table_rows(text)
        assert len(rows) == len(ex.cashflows)
        for t, (row, flow) in enumerate(zip(rows, ex.cashflows)):
            assert row == [str(t), format_number(flow, 0)], (seed, t)
        assert "cumulative" not in text


@pytest.mark.parametrize("cls", [Npv, Payback], ids=lambda c: c.__name__)
def test_solution_table_discounts_each_year(cls, progress_home):
    """The solution's table gives factor, present value and cumulative PV per year."""
    for seed in range(10):
        ex = cls(seed=seed)
        rows = table_rows(str(ex.solution(confirm=True)))
        assert len(rows) == len(ex.cashflows)
        running = 0.0
        for t, (row, flow) in enumerate(zip(rows, ex.cashflows)):
            factor = (1 + ex.rate) ** -t
            running += flow * factor
            assert row[3:] == [f"{factor:.4f}", format_number(flow * factor, 2),
                               format_number(running, 2)]
        assert rows[-1][5] == format_number(finance.npv(ex.rate, ex.cashflows), 2)


def test_solutions_state_the_computed_answers(progress_home):
    """Each solution shows the package's answer, formatted as the exercise does."""
    for seed in SEEDS:
        roi = Roi(seed=seed)
        value = finance.roi(roi.benefits, roi.costs)
        text = str(roi.solution(confirm=True))
        assert f"= {value:.4f} = **{pct(value)}**" in text

        npv = Npv(seed=seed)
        assert f"**{eur(finance.npv(npv.rate, npv.cashflows), 2)}**" in str(
            npv.solution(confirm=True))

        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        text = str(irr.solution(confirm=True))
        assert f"**{pct(value, 2)}** ({value:.4f})" in text and f"**{decision}**" in text
        side = "above" if decision == "accept" else "below"
        assert f"{side} the {pct(irr.hurdle, 0)} hurdle" in text
        assert "the NPV is 0.00 EUR," in text

        pay = Payback(seed=seed)
        text = str(pay.solution(confirm=True))
        assert f"Payback **{finance.payback_period(pay.cashflows):.2f} years**" in text
        late = finance.discounted_payback_period(pay.rate, pay.cashflows)
        assert f"discounted payback **{late:.2f} years**" in text

        sheet = SpreadsheetNpv(seed=seed)
        text = str(sheet.solution(confirm=True))
        answer = f"**{eur(finance.npv(sheet.rate, sheet.cashflows), 2)}**"
        assert text.count(answer) == 2
        later = finance.spreadsheet_npv(sheet.rate, sheet.cashflows[1:])
        assert format_number(later, 2) in text


def test_irr_solution_shows_the_interpolation(progress_home):
    """The IRR's worked solution interpolates between the whole per cents around it,
    as the last hint teaches, and the result is accepted."""
    for seed in range(20):
        ex = Irr(seed=seed)
        value, decision = expected_irr(ex)
        low = round(100 * value) - 1
        npv1, npv2 = plain_npv(low / 100, ex.cashflows), plain_npv((low + 2) / 100, ex.cashflows)
        by_hand = low / 100 + npv1 * 0.02 / (npv1 - npv2)
        text = str(ex.solution(confirm=True))
        assert f"the NPV at {low} % is {format_number(npv1, 2)} EUR" in text, seed
        assert f"at {low + 2} % it is {format_number(npv2, 2)} EUR" in text
        assert f"= {pct(by_hand, 2)}." in text
        assert ex.check(by_hand, decision).correct


def test_correct_messages_state_the_answer(progress_home):
    """The 'Correct!' message repeats the computed figure, formatted as the form shows it."""
    for seed in range(10):
        npv = Npv(seed=seed)
        value = finance.npv(npv.rate, npv.cashflows)
        fb = npv.check(value)
        verdict = "not worth doing" if value <= 0 else "worth doing"
        assert f"NPV = {eur(value, 2)}: {verdict}" in fb.message
        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        assert f"IRR = {pct(value, 2)}" in irr.check(value, decision).message
        assert f"so {decision}" in irr.check(value, decision).message
        roi = Roi(seed=seed)
        value = finance.roi(roi.benefits, roi.costs)
        assert roi.check(value).message == f"ROI = {pct(value)}."


# --------------------------------------------------------------------------
# Tco and BreakEven
# --------------------------------------------------------------------------

def test_tco_answer_from_an_independent_sum(progress_home):
    """TCO = every category in every year; its PV discounts each year's total."""
    for seed in range(30):
        ex = Tco(seed=seed)
        costs = ex.table.drop(columns="total")
        total = float(costs.to_numpy().sum())
        present = sum(float(costs.iloc[t].sum()) / (1 + ex.rate) ** t for t in range(len(costs)))
        ratio = right_answer(ex)[2]
        assert ex.check(total, present, ratio).correct, seed
        assert not ex.check(total + 2 * ex.tolerance, present, ratio).correct
        assert not ex.check(total, present + 2 * ex.tolerance, ratio).correct
        licences = float(costs["licences_subscriptions"].sum())
        fb = ex.check(licences, present, ratio)
        assert not fb.correct and "licences alone" in fb.message
    assert Tco(seed=3).table.equals(Tco(seed=3).table)
    assert not Tco(seed=3).table.equals(Tco(seed=4).table)


def test_tco_show_and_solution(progress_home):
    ex = Tco(seed=5)
    shown = str(ex.show())
    assert shown.startswith("**Task.**")
    for label in ("Implementation", "Licences and subscriptions", "Support"):
        assert label in shown
    assert f"{ex.table['total'].sum():,.0f}" in str(ex.solution(confirm=True))


def test_tco_present_value_not_discounted(progress_home):
    """The undiscounted total given as the present value is named as such."""
    for seed in range(20):
        ex = Tco(seed=seed)
        total, present, ratio = right_answer(ex)
        fb = ex.check(total, total, ratio)
        assert not fb.correct and "not discounted" in fb.message and fb.hint == ex.hints[1]


def independent_bcr(ex: Tco) -> tuple[float, float, float]:
    """Tco's benefit-cost ratio, its inverse and the undiscounted ratio, by plain loops
    over the task's numbers (the cost table and the yearly benefit from year 1)."""
    costs = ex.table.drop(columns="total").sum(axis=1).tolist()
    benefits = [0.0] + [ex.benefit] * (len(costs) - 1)
    ratio = plain_npv(ex.rate, benefits) / plain_npv(ex.rate, costs)
    return ratio, 1 / ratio, sum(benefits) / sum(costs)


def test_tco_bcr_from_an_independent_sum(progress_home):
    """The BCR is the benefits' present value over the TCO's; to 2 decimals it is
    correct, ±0.009 passes, ±0.012 fails with the BCR hint; the message gives the verdict."""
    sides = set()
    for seed in SEEDS:
        ex = Tco(seed=seed)
        total, present, _ = right_answer(ex)
        ratio = independent_bcr(ex)[0]
        assert ex.expected()["bcr"] == pytest.approx(ratio, rel=1e-12)
        assert f"{ex.benefit:,.0f} EUR of benefit a year" in ex.task
        fb = ex.check(total, present, round(ratio, 2))
        assert fb.correct, (seed, fb)
        verdict = "the benefits outweigh" if ratio > 1 else "the costs outweigh"
        assert f"BCR {ratio:.2f}: {verdict}" in fb.message
        sides.add(ratio > 1)
        for by in (0.009, -0.009):
            assert ex.check(total, present, ratio + by).correct, (seed, by)
        for by in (0.012, -0.012):
            fb = ex.check(total, present, ratio + by)
            assert not fb.correct and "is not the benefit-cost ratio" in fb.message, seed
            assert fb.hint == ex.hints[2]
    assert sides == {True, False}  # some seeds give a BCR below 1


def test_tco_bcr_slips_lie_apart_from_the_answer():
    """The check can tell the answer and the slips it names apart: any two of them lie
    more than four tolerances apart, for many seeds; the yearly benefit is a round amount."""
    for seed in range(300):
        ex = Tco(seed=seed)
        ratio, inverse, plain = independent_bcr(ex)
        ratios = [ratio, inverse, plain, ratio - 1]
        for i, a in enumerate(ratios):
            for b in ratios[i + 1:]:
                assert abs(a - b) > 4 * BCR_TOLERANCE, (seed, ratios)
        assert 0.7 < ratio < 1.7 and ex.benefit % 5_000 == 0, seed


def test_tco_bcr_inverse_is_named_as_the_cost_benefit_ratio(progress_home):
    """Costs over benefits (the cost-benefit ratio) is named, with a hint that puts the
    benefits on top; it is recorded as a wrong attempt."""
    for seed in SEEDS:
        ex = Tco(seed=seed)
        total, present, _ = right_answer(ex)
        inverse = independent_bcr(ex)[1]
        for typed in (inverse, round(inverse, 2), f"{inverse:.2f}"):
            fb = ex.check(total, present, typed)
            assert not fb.correct and "cost-benefit ratio" in fb.message, (seed, fb)
            assert "inverse" in fb.message and "benefits on top" in fb.hint
    assert len(records()) == 3 * len(SEEDS) and not any(r["correct"] for r in records())


def test_tco_bcr_undiscounted_is_named(progress_home):
    """The plain sums' ratio is named as undiscounted, with a hint to discount the benefits."""
    for seed in SEEDS:
        ex = Tco(seed=seed)
        total, present, _ = right_answer(ex)
        plain = independent_bcr(ex)[2]
        fb = ex.check(total, present, round(plain, 2))
        assert not fb.correct and "nothing was discounted" in fb.message, (seed, fb)
        assert "(1 + r)^t" in fb.hint


def test_tco_bcr_minus_one_is_named(progress_home):
    """The NPV over the costs' present value (the BCR minus one) is named as such."""
    checked = 0
    for seed in SEEDS:
        ex = Tco(seed=seed)
        total, present, _ = right_answer(ex)
        ratio = independent_bcr(ex)[0]
        if ratio < 1.05:
            continue  # the BCR minus one would be negative or near zero
        fb = ex.check(total, present, round(ratio - 1, 2))
        assert not fb.correct and "the BCR minus one" in fb.message, (seed, fb)
        checked += 1
    assert checked >= len(SEEDS) // 3


def test_tco_bcr_through_the_answer_form(progress_home):
    """Typed in the form's boxes and checked with the button: the BCR to 2 decimals says
    Correct; its inverse says Not yet and names the cost-benefit ratio; unreadable text in
    the ratio's box names the field and records nothing."""
    for n, seed in enumerate((2, 11, 29), start=1):
        ex = Tco(seed=seed)
        total, present, _ = right_answer(ex)
        ratio, inverse, _ = independent_bcr(ex)
        form = ex.form()
        form.inputs["total"].box.value = f"{total:,.0f}"
        form.inputs["present_value"].box.value = f"{present:,.2f} EUR"
        form.inputs["bcr"].box.value = f"{ratio:.2f}"
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)
        form.inputs["bcr"].box.value = f"{inverse:.2f}"
        form.check_button.click()
        assert "Not yet." in form.feedback.value and "cost-benefit ratio" in form.feedback.value
        assert len(records()) == 2 * n
        for typed, message in (("abc", "Benefit-cost ratio: type a number such as 1,250.5 "
                                       "(you entered &#x27;abc&#x27;)"),
                               ("1,3", "Benefit-cost ratio: use a point for decimals, as in "
                                       "1.3"),
                               ("-0.5", "Benefit-cost ratio cannot be negative")):
            form.inputs["bcr"].box.value = typed
            form.check_button.click()
            assert message in form.feedback.value, (typed, form.feedback.value)
        assert len(records()) == 2 * n  # unreadable answers are not attempts


def test_tco_bcr_bad_input_in_code_names_the_field(progress_home):
    """In code too, an unreadable ratio gets a message naming the field, no hint, and is
    not recorded."""
    ex = Tco(seed=4)
    total, present, _ = right_answer(ex)
    fb = ex.check(total, present, "abc")
    assert fb.message == "Benefit-cost ratio: type a number such as 1,250.5 (you entered 'abc')"
    assert fb.hint is None and not fb.correct and not fb.pending
    fb = ex.check(total, present, -0.5)
    assert fb.message == "Benefit-cost ratio cannot be negative (you entered \u22120.5)"
    assert records() == [] and ex.attempts == 0


def test_tco_solution_works_out_the_bcr(progress_home):
    """The worked solution discounts the benefits year by year, divides, and names the
    inverse as the cost-benefit ratio."""
    for seed in range(10):
        ex = Tco(seed=seed)
        _, present, _ = right_answer(ex)
        ratio, inverse, _ = independent_bcr(ex)
        text = str(ex.solution(confirm=True))
        benefits_pv = ratio * present
        assert (f"BCR = {format_number(benefits_pv, 2)} ÷ {format_number(present, 2)} = "
                f"**{ratio:.2f}**") in text, seed
        assert f"{inverse:.2f} is the cost-benefit ratio" in text
        rows = table_rows(text)
        assert [row[4] for row in rows] == ["0"] + [f"{ex.benefit:,.0f}"] * (len(rows) - 1)


def test_break_even_zeroes_the_npv(progress_home):
    """At the break-even share the NPV is zero (loop over the flows, not the package)."""
    for seed in range(30):
        ex = BreakEven(seed=seed)
        share = ex.answer()
        npv = -ex.investment + sum(ex.benefit * share / (1 + ex.rate) ** t
                                   for t in range(1, ex.years + 1))
        assert abs(npv) < 1e-6 * ex.investment, seed
        assert 0 < share < 1  # the plan has a margin, by construction
        assert ex.check(round(share, 3)).correct  # one decimal place in per cent
        assert ex.check(f"{share:.3f}").correct
        fb = ex.check(round(1 - share, 3))
        assert not fb.correct and "not the share kept" in fb.message
        assert not ex.check(share + 0.02).correct
        fb = ex.check(round(100 * share, 1))  # per cent given in code
        assert not fb.correct and "looks like a percentage" in fb.message
    fb = BreakEven(seed=1).check(-0.5)
    assert fb.message.startswith("Break-even share of the planned benefit cannot be negative")
    assert fb.hint is None


def test_break_even_show_and_solution(progress_home):
    ex = BreakEven(seed=2)
    assert str(ex.show()).startswith("**Task.**")
    assert f"{ex.answer():.4f}" in str(ex.solution(confirm=True))


# --------------------------------------------------------------------------
# Answer fields, expected answers and the answer form
# --------------------------------------------------------------------------

#: What each exercise asks for, as the learner reads it: (name, label, unit or None).
FIELDS = {
    Roi: [("roi", "ROI", "%")],
    Npv: [("npv", "NPV", "EUR")],
    Irr: [("irr", "IRR", "%"), ("decision", "Decision at the hurdle rate", None)],
    Payback: [("payback", "Payback period", "years"),
              ("discounted", "Discounted payback period", "years")],
    SpreadsheetNpv: [("npv", "NPV with year 0 today", "EUR")],
    Tco: [("total", "Total cost of ownership", "EUR"),
          ("present_value", "Present value of the TCO", "EUR"),
          ("bcr", "Benefit-cost ratio", "")],
    BreakEven: [("share", "Break-even share of the planned benefit", "%")],
}


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_fields_match_check_and_read_like_the_screen(cls):
    """One field per argument of check, in order; labels in words, with units; rates a
    person thinks of in per cent are per cent fields; the decision is a choice."""
    ex = cls(seed=4)
    fields = ex.fields()
    assert [f.name for f in fields] == list(inspect.signature(ex._grade).parameters)
    assert [(f.name, f.label) for f in fields] == [(n, label) for n, label, _ in FIELDS[cls]]
    for field, (_, _, unit) in zip(fields, FIELDS[cls]):
        assert "_" not in field.label
        if unit is None:
            assert isinstance(field, Choice)
            assert field.options == (("Accept", "accept"), ("Reject", "reject"))
        else:
            assert isinstance(field, Number) and field.unit == unit
            assert field.percent is (unit == "%")


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_expected_is_the_independent_answer(cls, progress_home):
    """expected() gives the answer computed here, by field name, in check's units
    (fractions for per cent fields), and check(**expected()) is correct."""
    for seed in range(15):
        ex = cls(seed=seed)
        want = ex.expected()
        assert list(want) == [f.name for f in ex.fields()]
        for (name, value), mine in zip(want.items(), right_answer(ex)):
            if isinstance(mine, str):
                assert value == mine, (seed, name)
            else:
                assert value == pytest.approx(mine, rel=1e-9, abs=1e-9), (seed, name)
        assert ex.check(**want).correct, seed


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_tasks_state_units_and_tolerances(cls):
    """Every task says the amounts are in EUR (or asks for per cent or years) and how
    close is close enough, as the check applies it."""
    stated = {Roi: "±0.1 percentage point", Irr: "±0.5 percentage point",
              Payback: "±0.01 year", BreakEven: "±0.1 percentage point"}
    for seed in range(10):
        ex = cls(seed=seed)
        assert "EUR" in ex.task
        if cls in stated:
            assert stated[cls] in ex.task
        else:
            assert f"±{ex.tolerance:,.0f} EUR" in ex.task
        if cls is Tco:
            assert f"±{BCR_TOLERANCE} for the ratio" in ex.task and "2 decimal places" in ex.task
        if cls in (Roi, Irr, BreakEven):
            assert "in per cent" in ex.task and "one decimal place" in ex.task
    assert "linear interpolation" in Irr(seed=0).task


def wrong_text(field: Number, value: float) -> str:
    """A clearly wrong answer, as a learner would type it in the field's box."""
    if field.percent:
        return f"{100 * value + 7:.1f}"  # 7 points off, in per cent
    return f"{2 * value + 7:,.2f}" if value > 0 else f"{value / 2 - 7:,.2f}"


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_form_filled_with_the_expected_answer_says_correct(cls, progress_home):
    """Filling every input with expected() and pressing Check says Correct and records
    one attempt; a wrong number typed in a box says Not yet."""
    for n, seed in enumerate((0, 7, 21, 33), start=1):
        ex = cls(seed=seed)
        form = ex.form()
        assert set(form.inputs) == {f.name for f in ex.fields()}
        want = ex.expected()
        for name, value in want.items():
            form.inputs[name].fill(value)
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)
        assert len(records()) == 2 * n - 1 and records()[-1]["correct"] is True
        field = ex.fields()[0]
        form.inputs[field.name].box.value = wrong_text(field, want[field.name])
        form.check_button.click()
        assert "Not yet." in form.feedback.value, (seed, form.feedback.value)
        assert "Hint:" in form.feedback.value
        assert len(records()) == 2 * n and records()[-1]["correct"] is False
    assert {r["item"] for r in records()} == {ex.id}


@pytest.mark.parametrize("cls", [Roi, Irr, BreakEven], ids=lambda c: c.__name__)
def test_per_cent_boxes(cls, progress_home):
    """The box takes per cent (with or without a % sign); a fraction typed in it is
    named as such, with a hint to multiply by a hundred."""
    for seed in range(15):
        ex = cls(seed=seed)
        value = right_answer(ex)[0]
        form = ex.form()
        if cls is Irr:
            form.inputs["decision"].fill(expected_irr(ex)[1])
        box = form.inputs[ex.fields()[0].name].box
        for typed in (f"{100 * value:.1f}", f"{100 * value:.2f} %"):
            box.value = typed
            form.check_button.click()
            assert "Correct!" in form.feedback.value, (seed, typed, form.feedback.value)
        if abs(value) < 0.02:
            continue  # a fraction and a per cent figure too close to tell apart
        box.value = f"{value:.3f}"
        form.check_button.click()
        assert "Not yet." in form.feedback.value
        assert "fraction typed in the per cent box" in form.feedback.value, seed
        assert "multiply a fraction by a hundred" in form.feedback.value


def test_irr_form_accepts_an_interpolated_irr_typed_in_per_cent(progress_home):
    """A learner's IRR, interpolated between two whole per cents 2 points apart and
    typed to one decimal place, is accepted by the form."""
    for seed in range(10):
        ex = Irr(seed=seed)
        true = npf.irr(ex.cashflows)
        low = math.floor(100 * true)
        r1, r2 = low / 100, (low + 2) / 100
        npv1, npv2 = plain_npv(r1, ex.cashflows), plain_npv(r2, ex.cashflows)
        by_hand = r1 + npv1 * (r2 - r1) / (npv1 - npv2)
        form = ex.form()
        form.inputs["irr"].box.value = f"{100 * by_hand:.1f}"
        form.inputs["decision"].fill("accept" if true > ex.hurdle else "reject")
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)


# --------------------------------------------------------------------------
# The IRR found by hand
# --------------------------------------------------------------------------

def independent_irr(flows) -> float:
    """The IRR by bisection-type root finding on a plain NPV loop (scipy's brentq)."""
    return brentq(lambda r: plain_npv(r, flows), -0.5, 1.0, xtol=1e-12)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_irr_by_linear_interpolation_is_accepted(seed, progress_home):
    """Linear interpolation between the whole per cents 1 point below and 1 point above
    the true IRR (and between the nearest whole per cents more than 1 point away),
    rounded to one decimal place in per cent as asked, is accepted by check."""
    ex = Irr(seed=seed)
    true = independent_irr(ex.cashflows)
    assert true == pytest.approx(npf.irr(ex.cashflows), abs=1e-9)
    decision = "accept" if true > ex.hurdle else "reject"
    nearest = round(100 * true)
    for low, high in ((nearest - 1, nearest + 1),
                      (math.floor(100 * true - 1), math.ceil(100 * true + 1))):
        r1, r2 = low / 100, high / 100
        npv1, npv2 = plain_npv(r1, ex.cashflows), plain_npv(r2, ex.cashflows)
        assert npv1 > 0 > npv2  # the two rates bracket the IRR
        by_hand = r1 + npv1 * (r2 - r1) / (npv1 - npv2)
        for answer in (by_hand, round(by_hand, 3)):
            fb = ex.check(answer, decision)
            assert fb.correct, (seed, low, high, answer, true, fb)


def test_irr_tolerance_is_half_a_point(progress_home):
    """±0.45 percentage point passes, ±0.55 fails, for many seeds."""
    for seed in range(200):
        ex = Irr(seed=seed)
        true = independent_irr(ex.cashflows)
        decision = "accept" if true > ex.hurdle else "reject"
        for by in (0.0045, -0.0045):
            assert ex.check(true + by, decision).correct, seed
        for by in (0.0055, -0.0055):
            fb = ex.check(true + by, decision)
            assert not fb.correct and "is not the IRR" in fb.message, seed
            assert fb.hint == ex.hints[0]


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

from helpers import _NUMBER, leaks  # noqa: E402  (one leak detector for every lesson)


def test_leak_detector_finds_a_given_away_number():
    """The detector used below can fail: a hint with the answer in it is caught."""
    ex = Irr(seed=3)
    value = finance.irr(ex.cashflows)
    assert leaks(f"The IRR is about {100 * value:.1f} %.", ex)
    assert leaks(f"Try {value:.3f}.", ex)
    npv = Npv(seed=3)
    assert leaks(f"It is {finance.npv(npv.rate, npv.cashflows):,.0f}.", npv)
    assert not leaks("Discount by (1 + r)^t, year 0 at 1.", npv)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    """Neither the hints nor the hints given with 'Not yet' contain any number of the
    answer, in any usual spelling, for many seeds."""
    found = []
    for seed in range(80):
        ex = cls(seed=seed)
        given = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        args = right_answer(ex)
        wrong = shifted(ex, 1.5 * tolerance(ex)) + shifted(ex, 40 * tolerance(ex))
        if cls in (Roi, Irr, BreakEven):
            wrong += [(100 * args[0], *args[1:]), (args[0] / 100, *args[1:])]
        for answer in wrong:
            given.append(ex.check(*answer).hint or "")
        for hint in given:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    """The last hint spells out the method, with no numbers beyond single digits."""
    last = cls(seed=0).hints[-1]
    assert len(last) > 80, last
    assert all(len(token.replace(".", "")) == 1 for token in _NUMBER.findall(last)), last
    words = {Roi: ["subtract", "divide", "per cent"],
             Npv: ["present value", "(1 + r)^t", "sum"],
             Irr: ["two rates", "bracket", "interpolate",
                   "r = r1 + NPV1 × (r2 − r1) / (NPV1 − NPV2)"],
             Payback: ["present values", "cumulative", "share of the next year"],
             SpreadsheetNpv: ["(1 + r)", "=NPV(r, C1:Cn) + C0"],
             Tco: ["each year", "sum", "(1 + r)^t", "benefit", "divide",
                   "present value of the TCO"],
             BreakEven: ["NPV(m) = 0", "solve", "discount factors"]}[cls]
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
    assert records() == []
    ex.check(*placeholders(ex)[0])  # a placeholder is not an attempt
    ex.check(*unreadable(ex)[0][0])  # nor is an unreadable answer
    assert "Try it first" in str(ex.solution()) and records() == []
    args = right_answer(ex)
    assert ex.check(args[0] * 3 + 7, *args[1:]).correct is False
    note = ex.solution()
    assert "Try it first" not in str(note) and str(note) == str(ex._solution())
    rows = records()
    assert [(r["kind"], r["item"], r["lesson"], r["topic"]) for r in rows] == [
        ("exercise", ex.id, "05", TOPICS[cls]), ("solution", ex.id, "05", TOPICS[cls])]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    """No snake_case names or Python reprs in the task or the feedback; per cent answers
    are repeated in per cent, amounts with thousands separators and EUR."""
    for seed in range(10):
        ex = cls(seed=seed)
        args = right_answer(ex)
        texts = [ex.task, ex.check(*args).message]
        texts += [ex.check(*a).message for a in shifted(ex, 3 * tolerance(ex))]
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
            assert "np.float" not in text and "None" not in text, text
    roi = Roi(seed=1)
    assert roi.check(0.5).message == "50 % is not the ROI."
    npv = Npv(seed=1)
    assert npv.check(1234567.891).message == "1,234,567.89 EUR is not the NPV."


def test_payback_swapped(progress_home):
    """The two paybacks given the wrong way round are named as such."""
    for seed in SEEDS:
        ex = Payback(seed=seed)
        simple, late = right_answer(ex)
        if abs(simple - late) <= 0.01:
            continue
        fb = ex.check(late, simple)
        assert not fb.correct and "swapped" in fb.message and "later" in fb.hint
