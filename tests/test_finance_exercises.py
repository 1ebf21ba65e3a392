"""Lesson 05's exercises: seeds, tolerances, slips, recording, show and solution."""

from __future__ import annotations

import math

import pytest

from implcourse import finance, progress, quiz
from implcourse.exercises import Note, learner_seed, markdown_table, number_answer
from implcourse.exercises.finance import Irr, Npv, Payback, Roi, SpreadsheetNpv

from helpers import table_rows

SEEDS = range(40)
CLASSES = [Roi, Npv, Irr, Payback, SpreadsheetNpv]
FLOW_CLASSES = [Npv, Irr, Payback, SpreadsheetNpv]
TOPICS = {Roi: "roi", Npv: "npv", Irr: "irr", Payback: "payback", SpreadsheetNpv: "npv"}


def records():
    return progress.ProgressStore().records()


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
    """The package's answer to ``ex``, as check's positional arguments."""
    if isinstance(ex, Roi):
        return (finance.roi(ex.benefits, ex.costs),)
    if isinstance(ex, (Npv, SpreadsheetNpv)):
        return (finance.npv(ex.rate, ex.cashflows),)
    if isinstance(ex, Irr):
        return expected_irr(ex)
    if isinstance(ex, Payback):
        return (finance.payback_period(ex.cashflows),
                finance.discounted_payback_period(ex.rate, ex.cashflows))
    raise AssertionError(ex)


TOLERANCE = {Roi: 0.005, Irr: 0.001, Payback: 0.01}


def tolerance(ex) -> float:
    """The tolerance an exercise states: money answers carry their own (``ex.tolerance``)."""
    return getattr(ex, "tolerance", None) or TOLERANCE[type(ex)]


def recognised_slips(ex) -> list[float]:
    """Wrong money answers an exercise recognises and explains (computed independently)."""
    sheet = finance.spreadsheet_npv(ex.rate, ex.cashflows)
    if isinstance(ex, Npv):
        return [sheet]
    return [ex.sheet_value, ex.sheet_value / (1 + ex.rate)]


def shifted(ex, by: float) -> list[tuple]:
    """Answers with one number moved by ``by`` (each number in turn)."""
    args = right_answer(ex)
    if isinstance(ex, Irr):
        return [(args[0] + by, args[1])]
    if isinstance(ex, Payback):
        return [(args[0] + by, args[1]), (args[0], args[1] + by)]
    return [(args[0] + by,)]


def placeholders(ex) -> list[tuple]:
    args = right_answer(ex)
    if len(args) == 1:
        return [(None,)]
    return [(None, None), (args[0], None), (None, args[1])]


def unreadable(ex) -> list[tuple]:
    args = right_answer(ex)
    bad = ["abc", "", "12 %", "1,200", True, [1.0], float("nan"), float("inf"), "nan"]
    if isinstance(ex, Irr):
        return ([(b, args[1]) for b in bad]
                + [(args[0], "maybe"), (args[0], "yes"), (args[0], 1), (args[0], ""),
                   (-1.5, args[1])])
    if isinstance(ex, Payback):
        return ([(b, args[1]) for b in bad] + [(args[0], b) for b in bad]
                + [(-1, args[1]), (args[0], -0.5), ("-2", args[1])])
    return [(b,) for b in bad]


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

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
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
    exs = [cls(seed=1) for cls in CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    topics = {q.topic for q in quiz.load_bank(lesson="05")}
    for ex in exs:
        assert ex.topic == TOPICS[type(ex)] and ex.topic in topics, ex.id


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_answers_within_the_tolerance_pass(cls, progress_home):
    """Rounding within the stated tolerance is still correct."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        step = 0.9 * tolerance(ex)
        for args in shifted(ex, step) + shifted(ex, -step):
            assert ex.check(*args).correct, (seed, args)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
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


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_not_attempts(cls, progress_home):
    """None placeholders get a reminder and are not recorded."""
    ex = cls(seed=3)
    for args in placeholders(ex):
        fb = ex.check(*args)
        assert fb.correct is False and "No answer yet" in fb.message, args
    assert records() == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_are_reported_not_recorded(cls, progress_home):
    """Non-numbers, wrong decision words and negative paybacks: 'could not be read'."""
    ex = cls(seed=5)
    for args in unreadable(ex):
        fb = ex.check(*args)
        assert fb.correct is False, args
        assert "could not be read" in fb.message, (args, fb)
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
    """100 × ROI is recognised as a percentage, with the 'fraction' hint."""
    checked = 0
    for seed in SEEDS:
        ex = Roi(seed=seed)
        expected = finance.roi(ex.benefits, ex.costs)
        if abs(99 * expected) <= 0.005:
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

    An answer 0.006 from an ROI of 0 (or 0.002 from an IRR of 0) is plainly a
    fraction; calling it a percentage sends the learner the wrong way.
    """
    failures = []
    for seed in range(400):
        roi = Roi(seed=seed)
        expected = finance.roi(roi.benefits, roi.costs)
        fb = roi.check(expected + 0.006)
        if "percentage" in fb.message:
            failures.append(("Roi", seed, expected, fb.message))
        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        fb = irr.check(value + 0.002, decision)
        if "percentage" in fb.message:
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
    """Every IRR the check accepts (±0.001) lies on the same side of the hurdle.

    Otherwise a learner who rounds the IRR to 3 decimals, as asked, cannot
    tell whether to accept or reject.
    """
    failures = []
    for seed in range(1100):
        ex = Irr(seed=seed)
        value = finance.irr(ex.cashflows)
        if (value - 0.001 > ex.hurdle) != (value + 0.001 > ex.hurdle):
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
    """show() starts with '**Task.**' and lists every cash flow with its cumulative sum."""
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
        total = 0.0
        for t, (row, flow) in enumerate(zip(rows, ex.cashflows)):
            total += flow
            assert row == [str(t), f"{flow:,.0f}", f"{total:,.0f}"], (seed, t)


@pytest.mark.parametrize("cls", [Npv, Payback], ids=lambda c: c.__name__)
def test_solution_table_discounts_each_year(cls):
    """The solution's table gives factor, present value and cumulative PV per year."""
    for seed in range(10):
        ex = cls(seed=seed)
        rows = table_rows(str(ex.solution()))
        assert len(rows) == len(ex.cashflows)
        running = 0.0
        for t, (row, flow) in enumerate(zip(rows, ex.cashflows)):
            factor = (1 + ex.rate) ** -t
            running += flow * factor
            assert row[3:] == [f"{factor:.4f}", f"{flow * factor:,.2f}", f"{running:,.2f}"]
        assert rows[-1][5] == f"{finance.npv(ex.rate, ex.cashflows):,.2f}"


def test_solutions_state_the_computed_answers():
    """Each solution shows the package's answer, formatted as the exercise does."""
    for seed in SEEDS:
        roi = Roi(seed=seed)
        value = finance.roi(roi.benefits, roi.costs)
        text = str(roi.solution())
        assert f"**{value:.4f}**" in text and f"({value:.1%})" in text

        npv = Npv(seed=seed)
        assert f"**{finance.npv(npv.rate, npv.cashflows):,.2f}**" in str(npv.solution())

        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        text = str(irr.solution())
        assert f"**{value:.4f}**" in text and f"**{decision}**" in text
        side = "above" if decision == "accept" else "below"
        assert f"{side} the {irr.hurdle:.0%} hurdle" in text
        assert "the NPV is 0.00," in text

        pay = Payback(seed=seed)
        text = str(pay.solution())
        assert f"Payback **{finance.payback_period(pay.cashflows):.2f} years**" in text
        late = finance.discounted_payback_period(pay.rate, pay.cashflows)
        assert f"discounted payback **{late:.2f} years**" in text

        sheet = SpreadsheetNpv(seed=seed)
        text = str(sheet.solution())
        answer = f"**{finance.npv(sheet.rate, sheet.cashflows):,.2f}**"
        assert text.count(answer) == 2
        later = finance.spreadsheet_npv(sheet.rate, sheet.cashflows[1:])
        assert f"{later:,.2f}" in text


def test_correct_messages_state_the_answer(progress_home):
    """The 'Correct!' message repeats the computed figure."""
    for seed in range(10):
        npv = Npv(seed=seed)
        value = finance.npv(npv.rate, npv.cashflows)
        fb = npv.check(value)
        verdict = "not worth doing" if value <= 0 else "worth doing"
        assert f"NPV = {value:,.2f}: {verdict}" in fb.message
        irr = Irr(seed=seed)
        value, decision = expected_irr(irr)
        assert f"IRR = {value:.4f}" in irr.check(value, decision).message
        assert f"so {decision}" in irr.check(value, decision).message


# --------------------------------------------------------------------------
# Tco and BreakEven
# --------------------------------------------------------------------------

from implcourse.exercises.finance import BreakEven, Tco  # noqa: E402


def test_tco_answer_from_an_independent_sum(progress_home):
    """TCO = every category in every year; its PV discounts each year's total."""
    for seed in range(30):
        ex = Tco(seed=seed)
        costs = ex.table.drop(columns="total")
        total = float(costs.to_numpy().sum())
        present = sum(float(costs.iloc[t].sum()) / (1 + ex.rate) ** t for t in range(len(costs)))
        assert ex.check(total, present).correct, seed
        assert not ex.check(total + 2 * ex.tolerance, present).correct
        assert not ex.check(total, present + 2 * ex.tolerance).correct
        licences = float(costs["licences_subscriptions"].sum())
        fb = ex.check(licences, present)
        assert not fb.correct and "licences alone" in fb.message
    assert Tco(seed=3).table.equals(Tco(seed=3).table)
    assert not Tco(seed=3).table.equals(Tco(seed=4).table)


def test_tco_show_and_solution(progress_home):
    ex = Tco(seed=5)
    shown = str(ex.show())
    assert shown.startswith("**Task.**")
    for label in ("Implementation", "Licences and subscriptions", "Support"):
        assert label in shown
    assert f"{ex.table['total'].sum():,.0f}" in str(ex.solution())


def test_break_even_zeroes_the_npv(progress_home):
    """At the break-even share the NPV is zero (loop over the flows, not the package)."""
    for seed in range(30):
        ex = BreakEven(seed=seed)
        share = ex.answer()
        npv = -ex.investment + sum(ex.benefit * share / (1 + ex.rate) ** t
                                   for t in range(1, ex.years + 1))
        assert abs(npv) < 1e-6 * ex.investment, seed
        assert 0 < share < 1  # the plan has a margin, by construction
        assert ex.check(round(share, 2)).correct
        assert ex.check(f"{share:.3f}").correct
        fb = ex.check(round(1 - share, 2))
        assert not fb.correct and "not the share kept" in fb.message
        assert not ex.check(share + 0.02).correct
    fb = BreakEven(seed=1).check(-0.5)
    assert "could not be read" in fb.message


def test_break_even_show_and_solution():
    ex = BreakEven(seed=2)
    assert str(ex.show()).startswith("**Task.**")
    assert f"{ex.answer():.4f}" in str(ex.solution())
