"""Lesson 06's earned value exercises (3, 4 and 5): seeds, answers recomputed from
what the learner sees, tolerances, the slips named in feedback, published worked
examples, recording, answer fields and forms, hints, show and solution."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse import progress
from implcourse.answers import Choice, Number, format_number
from implcourse.course import load_course
from implcourse.exercises import PLACEHOLDER_MESSAGE, Note, learner_seed
from implcourse.exercises.earned_value import (EarnedScheduleExercise, EarnedValueStatus,
                                               StatusReport)
from implcourse.metrics.earned_value import evm
from implcourse.metrics.schedule_performance import earned_schedule

from helpers import _NUMBER, leaks, table_rows

SEEDS = range(40)
CLASSES = [EarnedValueStatus, StatusReport, EarnedScheduleExercise]
IDS = {EarnedValueStatus: "06.evm", StatusReport: "06.status_report",
       EarnedScheduleExercise: "06.earned_schedule"}
TOPICS = {EarnedValueStatus: "evm", StatusReport: "forecasting",
          EarnedScheduleExercise: "earned_schedule"}
#: The tolerance each task states, per field (None: a choice). Money in the status
#: report is ±0.01 % of BAC, filled in per exercise.
TOLERANCES = {
    EarnedValueStatus: {"cv": 1.0, "sv": 1.0, "cpi": 0.01, "spi": 0.01},
    StatusReport: {"cpi": 0.01, "spi": 0.01, "eac": "bac", "etc": "bac", "vac": "bac",
                   "tcpi": 0.01},
    EarnedScheduleExercise: {"es": 0.01, "spi_t": 0.01, "ieac": 0.05},
}


def records():
    return progress.ProgressStore().records()


def amount(cell: str) -> float | None:
    """A table cell as a number ("1,234,000" -> 1234000.0; "—" -> None)."""
    cell = cell.strip()
    return None if cell == "—" else float(cell.replace(",", ""))


def tolerance(ex, name: str) -> float:
    tol = TOLERANCES[type(ex)][name]
    return ex.bac / 10_000 if tol == "bac" else tol


# --------------------------------------------------------------------------
# The answers, recomputed from what the learner is shown (the task and its table)
# --------------------------------------------------------------------------

def shown_figures(ex: EarnedValueStatus) -> dict[str, float]:
    rows = table_rows(str(ex.show()))
    names = {"Budget at completion (BAC)": "bac", "Planned value (PV)": "pv",
             "Earned value (EV)": "ev", "Actual cost (AC)": "ac"}
    return {names[label]: amount(value) for label, value in rows}


def status_by_hand(ex: EarnedValueStatus) -> dict[str, object]:
    f = shown_figures(ex)
    cv, sv = f["ev"] - f["ac"], f["ev"] - f["pv"]
    return {"cv": cv, "sv": sv, "cpi": f["ev"] / f["ac"], "spi": f["ev"] / f["pv"],
            "cost": "over" if cv < 0 else "under" if cv > 0 else "on",
            "schedule": "behind" if sv < 0 else "ahead" if sv > 0 else "on"}


def report_table(ex: StatusReport) -> dict[str, object]:
    """The figures of the status report's table, read as a learner reads them."""
    text = str(ex.show())
    rows = table_rows(text)
    month = int(re.search(r"status date is the end of month (\d+)", ex.task).group(1))
    bac = amount(re.search(r"BAC is ([\d,]+) EUR", ex.task).group(1))
    status_row = next(r for r in rows if r[0].endswith("(status date)"))
    assert status_row[0] == f"{month} (status date)"
    cols = [[amount(c) for c in r[1:]] for r in rows]
    return {"month": month, "bac": bac, "rows": cols, "status": [amount(c) for c in status_row[1:]]}


def report_by_hand(ex: StatusReport) -> dict[str, float]:
    t = report_table(ex)
    _, _, _, pv, ev, ac = t["status"]
    bac = t["bac"]
    cpi, spi = ev / ac, ev / pv
    eac = bac / cpi
    return {"cpi": cpi, "spi": spi, "eac": eac, "etc": eac - ac, "vac": bac - eac,
            "tcpi": (bac - ev) / (bac - ac), "cv": ev - ac, "sv": ev - pv, "pv": pv, "ev": ev,
            "ac": ac, "bac": bac}


def monthly_by_hand(ex: StatusReport) -> dict[str, float]:
    """The status month's own row: the slip of reading it instead of the cumulative one."""
    pv, ev, ac = report_table(ex)["status"][:3]
    return {"cpi": ev / ac, "spi": ev / pv, "cv": ev - ac, "sv": ev - pv}


def sentence_by_hand(cv: float, sv: float) -> str:
    cost = (f"Over budget by {format_number(-cv, 0)} EUR" if cv < 0 else
            f"Under budget by {format_number(cv, 0)} EUR" if cv > 0 else "On budget")
    schedule = (f"behind schedule by {format_number(-sv, 0)} EUR of planned work" if sv < 0
                else f"ahead of schedule by {format_number(sv, 0)} EUR of planned work"
                if sv > 0 else "on schedule")
    return f"{cost} and {schedule}."


def option_value(field: Choice, label: str) -> str:
    matches = [value for text, value in field.options if text == label]
    assert len(matches) == 1, (label, field.options)
    return matches[0]


def formula_for(situation: str) -> str:
    """Which EAC formula a situation calls for, read from its words (PMBOK 6th ed.,
    7.4.2.2; Procept, "Which EAC Formula to Use?", https://procept.com/blog/
    which-eac-formula-use): a one-off variance -> AC + (BAC - EV); a fixed date that
    makes schedule weigh on cost -> CPI x SPI; performance that continues -> BAC / CPI."""
    if "fixed" in situation:
        return "cpi_spi"
    if "one-off" in situation or "not recur" in situation:
        return "atypical"
    assert "so far" in situation or "same way" in situation, situation
    return "cpi"


def situation_of(ex: StatusReport) -> str:
    return re.search(r"\*(.+)\*", ex.task).group(1)


FORMULA_LABELS = {"cpi": "EAC = BAC / CPI", "atypical": "EAC = AC + (BAC − EV)",
                  "cpi_spi": "EAC = AC + (BAC − EV) / (CPI × SPI)"}


def report_answer(ex: StatusReport) -> dict[str, object]:
    r = report_by_hand(ex)
    fields = {f.name: f for f in ex.fields()}
    return {"cpi": r["cpi"], "spi": r["spi"], "eac": r["eac"], "etc": r["etc"], "vac": r["vac"],
            "tcpi": r["tcpi"],
            "sentence": option_value(fields["sentence"], sentence_by_hand(r["cv"], r["sv"])),
            "formula": option_value(fields["formula"], FORMULA_LABELS[
                formula_for(situation_of(ex))])}


def schedule_table(ex: EarnedScheduleExercise) -> tuple[list[float], float, int]:
    text = str(ex.show())
    pv = [amount(row[1]) for row in table_rows(text)]
    found = re.search(r"EV at the end of month (\d+): ([\d,]+) EUR", text)
    return pv, amount(found.group(2)), int(found.group(1))


def es_by_hand(pv: list[float], ev: float) -> tuple[float, int, int]:
    """(ES, C, PD) by Lipke's rule, with a plain loop."""
    bac = pv[-1]
    pd_ = next(i for i, value in enumerate(pv, start=1) if value >= bac)
    c = 0
    while c < pd_ and pv[c] <= ev:
        c += 1
    if c >= pd_:
        return float(pd_), c, pd_
    low = pv[c - 1] if c else 0.0
    return c + (ev - low) / (pv[c] - low), c, pd_


RIGHT_REASON = "After the planned finish PV stays at BAC"


def schedule_answer(ex: EarnedScheduleExercise) -> dict[str, object]:
    pv, ev, at = schedule_table(ex)
    es, _, pd_ = es_by_hand(pv, ev)
    reason = next(f for f in ex.fields() if f.name == "reason")
    right = [value for label, value in reason.options if label.startswith(RIGHT_REASON)]
    assert len(right) == 1
    return {"es": es, "spi_t": es / at, "ieac": pd_ / (es / at), "reason": right[0]}


def right_answer(ex) -> dict[str, object]:
    if isinstance(ex, EarnedValueStatus):
        return status_by_hand(ex)
    if isinstance(ex, StatusReport):
        return report_answer(ex)
    return schedule_answer(ex)


def fingerprint(ex):
    if isinstance(ex, EarnedValueStatus):
        return ex.bac, ex.pv, ex.ev, ex.ac
    if isinstance(ex, StatusReport):
        return (ex.bac, ex.month, tuple(ex.pv_month), tuple(ex.ev_month), tuple(ex.ac_month),
                ex.situation_text)
    return ex.bac, tuple(ex.pv), ex.ev, ex.at


def assert_matches(got: dict, want: dict, where) -> None:
    assert list(got) == list(want), where
    for name, value in want.items():
        if isinstance(value, str):
            assert got[name] == value, (where, name)
        else:
            assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-9), (where, name)


# --------------------------------------------------------------------------
# Seeds, ids and expected answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_numbers_different_seeds_differ(cls):
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert str(first.show()) == str(again.show())
        assert first.fields() == again.fields()
        prints.append(repr(fingerprint(first)))
    assert len(set(prints)) >= 0.9 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


def test_ids_lessons_and_topics():
    """Each exercise has its own id, lesson 06 and one of lesson 06's topics."""
    lesson = next(x for x in load_course() if x.id == "06")
    for cls in CLASSES:
        ex = cls(seed=1)
        assert (ex.id, ex.lesson, ex.topic) == (IDS[cls], "06", TOPICS[cls])
        assert ex.topic in lesson.topic_names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_expected_is_the_answer_computed_from_the_table(cls, progress_home):
    """expected() equals the answer worked out here from the task and its table alone,
    and check(**expected()) is correct and recorded."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        assert_matches(ex.expected(), right_answer(ex), seed)
        fb = ex.check(**ex.expected())
        assert fb.correct, (seed, fb)
    assert len(records()) == len(SEEDS) and all(r["correct"] for r in records())
    assert {r["item"] for r in records()} == {IDS[cls]}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_learner_seed_gives_a_consistent_exercise(seed, progress_home):
    """For any seed: the answers recomputed by hand match expected(), the core agrees,
    and the figures are sensible (EV at most BAC, amounts in whole thousands)."""
    status = EarnedValueStatus(seed=seed)
    assert_matches(status.expected(), status_by_hand(status), seed)
    f = shown_figures(status)
    assert 0 < f["ev"] < f["bac"] and 0 < f["pv"] < f["bac"] and f["ac"] > 0
    assert all(v % 1_000 == 0 for v in f.values())
    assert status.check(**right_answer(status)).correct

    report = StatusReport(seed=seed)
    assert_matches(report.expected(), report_answer(report), seed)
    t = report_table(report)
    rows = t["rows"]
    assert 5 <= len(rows) <= 7 and 3 <= t["month"] < len(rows)
    assert rows[-1][3] == t["bac"]                      # the last cumulative PV is BAC
    for i, row in enumerate(rows):                      # cumulative = running sum of months
        for month_col, cum_col in ((0, 3), (1, 4), (2, 5)):
            if row[cum_col] is not None:
                assert row[cum_col] == sum(r[month_col] for r in rows[:i + 1])
        assert (row[1] is None) is (i + 1 > t["month"])
    r = report_by_hand(report)
    assert r["ev"] < r["bac"] and r["ac"] < r["bac"]
    assert report.check(**report_answer(report)).correct

    es = EarnedScheduleExercise(seed=seed)
    assert_matches(es.expected(), schedule_answer(es), seed)
    pv, ev, at = schedule_table(es)
    assert all(b >= a for a, b in zip(pv, pv[1:])) and 0 < ev < pv[-1]
    assert len(pv) >= at
    assert es.check(**schedule_answer(es)).correct


def test_the_core_is_what_the_exercises_use():
    """The exercises' figures agree with the core's functions called directly."""
    for seed in range(10):
        ex = EarnedValueStatus(seed=seed)
        core = evm(ex.bac, ex.pv, ex.ev, ex.ac)
        assert (ex.expected()["cv"], ex.expected()["cpi"]) == (core.cv, core.cpi)
        es = EarnedScheduleExercise(seed=seed)
        pv, ev, at = schedule_table(es)
        result = earned_schedule(pv, ev, at)
        assert es.expected()["ieac"] == pytest.approx(result.ieac_t)


def test_every_quadrant_and_both_directions_occur():
    """Over and under budget, ahead and behind: all four quadrants in exercise 3, both
    directions of each in exercise 4, every situation of the EAC question, and ahead
    and behind (and after the planned finish) in exercise 5."""
    quadrants = {(status_by_hand(EarnedValueStatus(seed=s))["cost"],
                  status_by_hand(EarnedValueStatus(seed=s))["schedule"]) for s in range(60)}
    assert quadrants == {(c, s) for c in ("over", "under") for s in ("ahead", "behind")}
    costs, schedules, formulas, situations = set(), set(), set(), set()
    for seed in range(120):
        ex = StatusReport(seed=seed)
        r = report_by_hand(ex)
        costs.add(r["cv"] < 0)
        schedules.add(r["sv"] < 0)
        situations.add(situation_of(ex))
        formulas.add(formula_for(situation_of(ex)))
    assert costs == schedules == {True, False}
    assert formulas == {"cpi", "atypical", "cpi_spi"} and len(situations) == 6
    late, ahead = False, False
    for seed in range(120):
        ex = EarnedScheduleExercise(seed=seed)
        pv, ev, at = schedule_table(ex)
        es, _, pd_ = es_by_hand(pv, ev)
        late |= at > pd_
        ahead |= es > at
    assert late and ahead


# --------------------------------------------------------------------------
# Tolerances
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_tolerance_edges(cls, progress_home):
    """Each number 0.9 of its stated tolerance off passes; 1.1 off fails with a hint."""
    for seed in range(20):
        ex = cls(seed=seed)
        right = right_answer(ex)
        for name in TOLERANCES[cls]:
            tol = tolerance(ex, name)
            for factor, correct in ((0.9, True), (1.1, False)):
                for sign in (1, -1):
                    moved = {**right, name: right[name] + sign * factor * tol}
                    fb = ex.check(**moved)
                    assert fb.correct is correct, (seed, name, factor, sign, fb)
                    if not correct:
                        assert fb.hint


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_tasks_state_units_and_tolerances(cls):
    for seed in range(5):
        ex = cls(seed=seed)
        task = ex.task
        if cls is EarnedValueStatus:
            assert "±1 EUR" in task and "±0.01" in task and "EUR" in task
        elif cls is StatusReport:
            assert f"±{ex.bac / 10_000:,.0f} EUR (0.01 % of BAC)" in task
            assert "±0.01" in task and "do not round CPI" in task
        else:
            assert "±0.01 accepted" in task and "±0.05 months" in task
            assert "unrounded" in task and "in months" in task


# --------------------------------------------------------------------------
# Exercise 3: the slips
# --------------------------------------------------------------------------

def test_status_variances_with_signs_reversed(progress_home):
    """AC − EV and PV − EV: each named, and both at once."""
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        right = right_answer(ex)
        fb = ex.check(**{**right, "cv": -right["cv"]})
        assert not fb.correct and "CV has its sign reversed: that is AC − EV" in fb.message
        assert fb.message.startswith("5 of 6 parts are right.")
        fb = ex.check(**{**right, "sv": -right["sv"]})
        assert not fb.correct and "SV has its sign reversed: that is PV − EV" in fb.message
        fb = ex.check(**{**right, "cv": -right["cv"], "sv": -right["sv"]})
        assert "Both variances have their signs reversed" in fb.message
        assert "EV − AC" in fb.hint and "EV − PV" in fb.hint


def test_status_pv_used_for_ev(progress_home):
    """PV read as EV: PV − AC for CV, 0 for SV, PV / AC for CPI, 1 for SPI."""
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        f, right = shown_figures(ex), right_answer(ex)
        for name, value in (("cv", f["pv"] - f["ac"]), ("sv", 0.0), ("cpi", f["pv"] / f["ac"]),
                            ("spi", 1.0)):
            fb = ex.check(**{**right, name: value})
            assert not fb.correct and "PV" in fb.message and "EV" in fb.message, (seed, name)
            assert ("in place of EV" in fb.message or "PV was read as EV" in fb.message), fb
            assert "work actually done" in fb.hint


def test_status_indices_inverted(progress_home):
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        f, right = shown_figures(ex), right_answer(ex)
        fb = ex.check(**{**right, "cpi": f["ac"] / f["ev"]})
        assert not fb.correct and "CPI is upside down: that is AC / EV" in fb.message
        fb = ex.check(**{**right, "spi": f["pv"] / f["ev"]})
        assert not fb.correct and "SPI is upside down: that is PV / EV" in fb.message
        assert "EV on top" in fb.hint


def test_status_sv_computed_as_ev_minus_ac(progress_home):
    """EV − AC typed as SV (the cost variance) is named; the draw keeps it apart from
    SV and from SV's sign slip."""
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        f, right = shown_figures(ex), right_answer(ex)
        slip = f["ev"] - f["ac"]
        assert abs(slip - right["sv"]) > 1 and abs(slip + right["sv"]) > 1
        fb = ex.check(**{**right, "sv": slip})
        assert not fb.correct and "That SV is EV − AC, the cost variance" in fb.message
        assert "EV and PV" in fb.hint


def test_status_indices_swapped_and_far_off(progress_home):
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        right = right_answer(ex)
        fb = ex.check(**{**right, "cpi": right["spi"], "spi": right["cpi"]})
        assert not fb.correct and "That is the SPI (EV / PV), not the CPI" in fb.message
        fb = ex.check(**{**right, "cv": right["cv"] * 3 + 17})
        assert fb.hint == ex.hints[0] and "is not the cost variance" in fb.message


def test_status_right_numbers_wrong_words(progress_home):
    for seed in SEEDS:
        ex = EarnedValueStatus(seed=seed)
        right = right_answer(ex)
        for other in {"over", "on", "under"} - {right["cost"]}:
            fb = ex.check(**{**right, "cost": other})
            assert not fb.correct and "not the cost status" in fb.message
            assert "CV" in fb.hint
        for other in {"ahead", "on", "behind"} - {right["schedule"]}:
            fb = ex.check(**{**right, "schedule": other})
            assert not fb.correct and "not the schedule status" in fb.message
            assert "SV" in fb.hint


def test_status_published_fence_example(progress_home):
    """The four-sided fence (1,000 a side, one side a day) at the end of day 3: PV 3,000,
    EV 2,500, AC 2,800, BAC 4,000. Published answers: CV −300, SV −500, CPI .893,
    SPI .833; over budget and behind schedule.

    Source: R. Mulcahy, *PMP Exam Prep*, p. 210, as reproduced in "Earned Value
    Exercise", https://studylib.net/doc/5898152/earned-value-exercise.
    """
    ex = EarnedValueStatus(seed=0)
    ex.bac, ex.pv, ex.ev, ex.ac = 4000.0, 3000.0, 2500.0, 2800.0
    ex.status = evm(4000, 3000, 2500, 2800, currency="EUR")
    ex.pv_as_ev = evm(4000, 3000, 3000, 2800, currency="EUR")
    fb = ex.check(-300, -500, 0.893, 0.833, "over", "behind")
    assert fb.correct, fb
    assert ex.check(-300, -500, 0.89, 0.83, "Over budget", "Behind schedule").correct
    assert "CV has its sign reversed" in ex.check(300, -500, 0.893, 0.833, "over",
                                                  "behind").message
    assert "CPI is upside down" in ex.check(-300, -500, 1.12, 0.833, "over", "behind").message
    assert "PV in place of EV" in ex.check(200, -500, 0.893, 0.833, "over", "behind").message


# --------------------------------------------------------------------------
# Exercise 4: the slips
# --------------------------------------------------------------------------

def test_report_monthly_row_read_instead_of_cumulative(progress_home):
    """CPI or SPI of the status month's own row is named as such."""
    for seed in SEEDS:
        ex = StatusReport(seed=seed)
        right, month = right_answer(ex), monthly_by_hand(ex)
        assert abs(month["cpi"] - right["cpi"]) > 0.02 and abs(month["spi"] - right["spi"]) > 0.02
        for name in ("cpi", "spi"):
            fb = ex.check(**{**right, name: month[name]})
            assert not fb.correct and "own row" in fb.message, (seed, name, fb)
            assert "not the cumulative figures" in fb.message
            assert "cumulative columns" in fb.hint
        fb = ex.check(**{**right, "eac": ex.bac / month["cpi"]})
        assert not fb.correct and "own CPI, not the cumulative one" in fb.message


def test_report_forecast_slips(progress_home):
    """BAC / SPI, the atypical and CPI × SPI EACs, ETC = EAC, ETC = BAC − EV, VAC with its
    sign reversed, TCPI against the EAC and upside down: each named."""
    for seed in SEEDS:
        ex = StatusReport(seed=seed)
        right, r = right_answer(ex), report_by_hand(ex)
        bac, ev, ac, cpi, spi = r["bac"], r["ev"], r["ac"], r["cpi"], r["spi"]
        cases = [
            ("eac", bac / spi, "divides BAC by SPI"),
            ("eac", ac + bac - ev, "atypical EAC"),
            ("eac", ac + (bac - ev) / (cpi * spi), "EAC with CPI × SPI"),
            ("etc", right["eac"], "ETC is not EAC"),
            ("etc", bac - ev, "BAC − EV, the budget of the work left"),
            ("vac", -right["vac"], "VAC has its sign reversed"),
            ("tcpi", (bac - ev) / (right["eac"] - ac), "measured against the EAC"),
            ("tcpi", (bac - ac) / (bac - ev), "TCPI is upside down"),
        ]
        for name, value, words in cases:
            fb = ex.check(**{**right, name: value})
            assert not fb.correct and words in fb.message, (seed, name, fb)
            assert fb.hint and fb.message.startswith("7 of 8 parts are right.")


def test_report_tcpi_against_the_eac_equals_the_cpi():
    """With the typical EAC, (BAC − EV) / (EAC − AC) is the CPI itself: the slip gives
    back the cost index, which is why it is so easy to make."""
    for seed in range(20):
        r = report_by_hand(StatusReport(seed=seed))
        assert (r["bac"] - r["ev"]) / (r["eac"] - r["ac"]) == pytest.approx(r["cpi"])


def test_report_rounded_cpi_is_named_when_it_matters(progress_home):
    named = 0
    for seed in range(80):
        ex = StatusReport(seed=seed)
        right, r = right_answer(ex), report_by_hand(ex)
        rounded = r["bac"] / round(r["cpi"], 2)
        fb = ex.check(**{**right, "eac": rounded})
        if abs(rounded - r["eac"]) <= tolerance(ex, "eac"):
            assert fb.correct
        elif "rounded to two decimals" in fb.message:
            named += 1
            assert "unrounded" in fb.hint
    assert named >= 10


def test_report_status_sentences(progress_home):
    """The right sentence, and the three distractors each named: both directions
    reversed, the amounts swapped, the status month alone."""
    for seed in SEEDS:
        ex = StatusReport(seed=seed)
        right, r, m = right_answer(ex), report_by_hand(ex), monthly_by_hand(ex)
        field = next(f for f in ex.fields() if f.name == "sentence")
        assert len(field.options) == 4 and len({label for label, _ in field.options}) == 4
        distractors = {
            sentence_by_hand(-r["cv"], -r["sv"]): "reverses both directions",
            sentence_by_hand(abs(r["sv"]) * np.sign(r["cv"]), abs(r["cv"]) * np.sign(r["sv"])):
                "swaps the amounts",
            sentence_by_hand(m["cv"], m["sv"]): f"describes month {report_table(ex)['month']} "
                                                "alone",
        }
        for label, words in distractors.items():
            fb = ex.check(**{**right, "sentence": option_value(field, label)})
            assert not fb.correct and words in fb.message, (seed, label, fb)
            assert "CV = EV − AC" in fb.hint
        # A label typed in code is read like its letter.
        assert ex.check(**{**right, "sentence": sentence_by_hand(r["cv"], r["sv"])}).correct


def test_report_eac_formula_for_the_situation(progress_home):
    """The formula that fits the situation passes; each other one is refused with its
    own assumption named."""
    for seed in SEEDS:
        ex = StatusReport(seed=seed)
        right = right_answer(ex)
        field = next(f for f in ex.fields() if f.name == "formula")
        assert [label for label, _ in field.options] == [
            "EAC = BAC / CPI", "EAC = AC + (BAC − EV)", "EAC = AC + (BAC − EV) / (CPI × SPI)",
            "EAC = BAC / SPI"]
        for label, value in field.options:
            fb = ex.check(**{**right, "formula": value})
            if value == right["formula"]:
                assert fb.correct
            else:
                assert not fb.correct and f"{label} assumes" in fb.message
                assert "does not fit the situation" in fb.message
                assert fb.hint == ex.hints[2]


def test_report_published_tcpi_example(progress_home):
    """BAC 100,000, EV 35,000, AC 63,000: TCPI to meet BAC 1.76, to meet an EAC of
    120,482 it is 1.13 (a TCPI against the EAC, the slip); atypical EAC 128,000.

    Source: the R package PRA (P. Govan), reference pages ``tcpi`` and ``eac``,
    https://paulgovan.github.io/PRA/reference/tcpi.html and
    https://paulgovan.github.io/PRA/reference/eac.html.
    """
    ex = StatusReport(seed=0)
    ex.bac = 100_000.0
    ex.status = evm(100_000, 40_000, 35_000, 63_000, currency="EUR")
    ex.monthly = evm(100_000, 10_000, 9_000, 11_000, currency="EUR")
    ex.tolerance = 10.0
    s = ex.status
    right = {**ex.expected(), "cpi": 0.56, "spi": 0.875, "eac": 180_000, "etc": 117_000,
             "vac": -80_000, "tcpi": 1.76}
    assert ex.check(**right).correct
    assert round(s.tcpi_for(120_482), 2) == 1.13          # the published TCPI to an EAC
    fb = ex.check(**{**right, "tcpi": 1.13})
    assert not fb.correct and "1.13 is not the TCPI" in fb.message
    fb = ex.check(**{**right, "tcpi": 0.56})               # against the typical EAC 180,000
    assert not fb.correct and "measured against the EAC" in fb.message
    fb = ex.check(**{**right, "eac": 128_000})
    assert "atypical EAC" in fb.message


# --------------------------------------------------------------------------
# Exercise 5: the slips
# --------------------------------------------------------------------------

def test_schedule_c_counted_one_month_too_far(progress_home):
    for seed in SEEDS:
        ex = EarnedScheduleExercise(seed=seed)
        right = right_answer(ex)
        fb = ex.check(**{**right, "es": right["es"] + 1})
        assert not fb.correct and "counts C as the month where PV first exceeds EV" in fb.message
        assert "at or below the EV" in fb.hint


def test_schedule_interpolated_with_the_wrong_bracket(progress_home):
    """Dividing by the previous month's planned value, or by a cumulative PV."""
    for seed in SEEDS:
        ex = EarnedScheduleExercise(seed=seed)
        right = right_answer(ex)
        pv, ev, _ = schedule_table(ex)
        _, c, _ = es_by_hand(pv, ev)
        before = pv[c - 2] if c >= 2 else 0.0
        previous = c + (ev - pv[c - 1]) / (pv[c - 1] - before)
        fb = ex.check(**{**right, "es": previous})
        assert not fb.correct and "wrong bracket" in fb.message, (seed, fb)
        assert "the month the EV falls in" in fb.hint
        cumulative = c + (ev - pv[c - 1]) / pv[c]
        fb = ex.check(**{**right, "es": cumulative})
        assert not fb.correct and "divides by the cumulative PV" in fb.message, (seed, fb)


def test_schedule_spi_t_and_ieac_slips(progress_home):
    for seed in SEEDS:
        ex = EarnedScheduleExercise(seed=seed)
        right = right_answer(ex)
        pv, ev, at = schedule_table(ex)
        es, _, pd_ = es_by_hand(pv, ev)
        fb = ex.check(**{**right, "spi_t": at / es})
        assert not fb.correct and "SPI(t) is upside down: that is AT / ES" in fb.message
        fb = ex.check(**{**right, "ieac": pd_ * es / at})
        assert not fb.correct and "multiplies PD by SPI(t)" in fb.message
        if abs(at / (es / at) - right["ieac"]) > 0.05:
            fb = ex.check(**{**right, "ieac": at / (es / at)})
            assert not fb.correct and "divides AT by SPI(t)" in fb.message


def test_schedule_rounded_spi_t_is_named_when_it_matters(progress_home):
    named = 0
    for seed in range(80):
        ex = EarnedScheduleExercise(seed=seed)
        right = right_answer(ex)
        pv, ev, at = schedule_table(ex)
        es, _, pd_ = es_by_hand(pv, ev)
        rounded = pd_ / round(es / at, 2)
        fb = ex.check(**{**right, "ieac": rounded})
        if abs(rounded - right["ieac"]) <= 0.05:
            assert fb.correct
        elif "rounded to two decimals" in fb.message:
            named += 1
    assert named >= 5


def test_schedule_reason_for_the_drift(progress_home):
    """The right reason passes; each wrong one gets its own correction."""
    for seed in SEEDS:
        ex = EarnedScheduleExercise(seed=seed)
        right = right_answer(ex)
        field = next(f for f in ex.fields() if f.name == "reason")
        messages = set()
        for label, value in field.options:
            fb = ex.check(**{**right, "reason": value})
            assert fb.correct is (value == right["reason"]), (seed, label)
            if not fb.correct:
                messages.add(fb.message)
                assert "PV after the planned finish" in fb.hint
        assert len(messages) == 3


def test_schedule_published_prepcast_example(progress_home):
    """A project planned evenly over 5 months, 3 months in, half the work done: ES 2.5
    months, SPI(t) 0.83, SV(t) −0.5 months; IEAC(t) = 5 / (2.5 / 3) = 6 months.

    Source: Project Management PrepCast forum, topic "Explanation" (earned schedule
    exam question), https://www.project-management-prepcast.com/kunena/
    pmp-exam-discussion/9649-explanation; formulas: W. Lipke, "Schedule is Different",
    The Measurable News, March 2003.
    """
    ex = EarnedScheduleExercise(seed=0)
    ex.pv = np.array([20_000.0, 40_000.0, 60_000.0, 80_000.0, 100_000.0])
    ex.ev, ex.at, ex.bac = 50_000.0, 3, 100_000.0
    ex.result = earned_schedule(ex.pv, ex.ev, ex.at, unit="month")
    reason = ex.expected()["reason"]
    assert ex.check(2.5, 0.83, 6.0, reason).correct
    assert "upside down" in ex.check(2.5, 1.2, 6.0, reason).message
    assert "counts C" in ex.check(3.5, 0.83, 6.0, reason).message


# --------------------------------------------------------------------------
# Unreadable answers and placeholders
# --------------------------------------------------------------------------

BAD_NUMBERS = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), "nan",
               {"x": 1}]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    ex = cls(seed=5)
    right = right_answer(ex)
    labels = {f.name: f.label for f in ex.fields()}
    for field in ex.fields():
        bad = BAD_NUMBERS if isinstance(field, Number) else ["maybe", "", 1, True, ["A"]]
        if isinstance(field, Number) and field.minimum == 0:
            bad = bad + [-0.5]
        for value in bad:
            fb = ex.check(**{**right, field.name: value})
            assert fb.correct is False and fb.pending is False, (field.name, value)
            assert labels[field.name] in fb.message, (field.name, value, fb.message)
            assert fb.hint is None
    assert records() == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    ex = cls(seed=3)
    right = right_answer(ex)
    assert ex.check(**{name: None for name in right}).pending
    for name in right:
        fb = ex.check(**{**right, name: None})
        assert fb.pending and fb.message == PLACEHOLDER_MESSAGE
    assert records() == []
    fb = ex.check(*list(right.values())[:-1])  # an answer short of one part
    assert fb.correct is False and "could not be read" in fb.message
    assert records() == []


def test_numbers_typed_as_text_are_read(progress_home):
    ex = EarnedValueStatus(seed=4)
    right = right_answer(ex)
    typed = {**right, "cv": f"{right['cv']:,.0f} EUR", "sv": f"{right['sv']:,.0f}".replace(
        "-", "\u2212"), "cpi": f"{right['cpi']:.2f}", "spi": f" {right['spi']:.2f} "}
    assert ex.check(**typed).correct


# --------------------------------------------------------------------------
# Fields and the answer form
# --------------------------------------------------------------------------

FIELDS = {
    EarnedValueStatus: [("cv", "Cost variance (CV)", "EUR"),
                        ("sv", "Schedule variance (SV)", "EUR"),
                        ("cpi", "Cost performance index (CPI)", ""),
                        ("spi", "Schedule performance index (SPI)", ""),
                        ("cost", "Cost status", None), ("schedule", "Schedule status", None)],
    StatusReport: [("cpi", "CPI at the status date", ""), ("spi", "SPI at the status date", ""),
                   ("eac", "Estimate at completion, EAC = BAC / CPI", "EUR"),
                   ("etc", "Estimate to complete (ETC)", "EUR"),
                   ("vac", "Variance at completion (VAC)", "EUR"),
                   ("tcpi", "To-complete performance index to meet BAC (TCPI)", ""),
                   ("sentence", "Status sentence", None),
                   ("formula", "EAC formula that fits the situation", None)],
    EarnedScheduleExercise: [("es", "Earned schedule (ES)", "months"), ("spi_t", "SPI(t)", ""),
                             ("ieac", "Forecast duration IEAC(t)", "months"),
                             ("reason", "Why SPI comes back to 1 on a late project", None)],
}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_fields_match_check_and_read_like_the_screen(cls):
    ex = cls(seed=4)
    fields = ex.fields()
    assert [f.name for f in fields] == list(inspect.signature(ex._grade).parameters)
    assert [(f.name, f.label, f.unit if isinstance(f, Number) else None) for f in fields] == \
        FIELDS[cls]
    for field in fields:
        assert "_" not in field.label
        if isinstance(field, Number):
            assert field.percent is False
        else:
            assert isinstance(field, Choice) and all(label for label, _ in field.options)
    if cls is EarnedValueStatus:
        assert [label for label, _ in fields[4].options] == ["Over budget", "On budget",
                                                             "Under budget"]
        assert [label for label, _ in fields[5].options] == ["Ahead of schedule", "On schedule",
                                                             "Behind schedule"]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_form_filled_with_the_expected_answer_says_correct(cls, progress_home):
    for n, seed in enumerate((0, 7, 21), start=1):
        ex = cls(seed=seed)
        form = ex.form()
        assert set(form.inputs) == {f.name for f in ex.fields()}
        want = ex.expected()
        for name, value in want.items():
            form.inputs[name].fill(value)
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)
        first = next(f for f in ex.fields() if isinstance(f, Number))
        form.inputs[first.name].box.value = f"{2 * want[first.name] + 7:,.2f}"
        form.check_button.click()
        assert "Not yet." in form.feedback.value and "Hint:" in form.feedback.value
        assert len(records()) == 2 * n
        assert [r["correct"] for r in records()[-2:]] == [True, False]
        assert all(r["item"] == IDS[cls] for r in records())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_form_box_that_cannot_be_read_names_the_field(cls, progress_home):
    ex = cls(seed=5)
    form = ex.form()
    for name, value in ex.expected().items():
        form.inputs[name].fill(value)
    field = next(f for f in ex.fields() if isinstance(f, Number))
    form.inputs[field.name].box.value = "twelve"
    form.check_button.click()
    assert field.label in form.feedback.value and "twelve" in form.feedback.value
    assert "Correct" not in form.feedback.value and records() == []


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

def test_leak_detector_finds_a_given_away_number():
    ex = StatusReport(seed=3)
    want = ex.expected()
    assert leaks(f"The CPI is {want['cpi']:.2f}.", ex)
    assert leaks(f"EAC about {want['eac']:,.0f}.", ex)
    es = EarnedScheduleExercise(seed=3)
    assert leaks(f"ES is {es.expected()['es']:.2f} months.", es)
    assert not leaks("CPI = EV / AC; below 1 is over budget.", ex)


def slipped_answers(ex) -> list[dict]:
    """Every answer the tests above make: each number moved by 1.5 and 40 times its
    tolerance, and each named slip."""
    right = right_answer(ex)
    out = []
    for name in TOLERANCES[type(ex)]:
        tol = tolerance(ex, name)
        for by in (1.5 * tol, -1.5 * tol, 40 * tol):
            if right[name] + by >= 0 or name in ("cv", "sv", "vac"):
                out.append({**right, name: right[name] + by})
        out.append({**right, name: -right[name] if name in ("cv", "sv", "vac")
                    else 1 / right[name]})
    for field in ex.fields():
        if isinstance(field, Choice):
            out += [{**right, field.name: value} for _, value in field.options]
    return out


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    """Neither the hints nor the hints given with 'Not yet' contain any number of the
    answer, in any usual spelling, for many seeds."""
    found = []
    for seed in range(60):
        ex = cls(seed=seed)
        given = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        given += [ex.check(**answer).hint or "" for answer in slipped_answers(ex)]
        for hint in given:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    ex = cls(seed=0)
    last = ex.hints[-1]
    assert len(last) > 80, last
    assert all(len(token.replace(".", "")) == 1 for token in _NUMBER.findall(last)), last
    words = {EarnedValueStatus: ["CV = EV − AC", "SV = EV − PV", "CPI = EV / AC",
                                 "SPI = EV / PV", "over budget", "behind schedule"],
             StatusReport: ["cumulative columns", "EAC = BAC / CPI", "ETC = EAC − AC",
                            "VAC = BAC − EAC", "TCPI = (BAC − EV) / (BAC − AC)",
                            "not the EAC"],
             EarnedScheduleExercise: ["C = the number of months", "ES = C +", "SPI(t) = ES / AT",
                                      "IEAC(t) = PD / SPI(t)", "PV stops at BAC"]}[cls]
    for word in words:
        assert word in last, (word, last)


# --------------------------------------------------------------------------
# show(), the worked solution and the messages
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_show_starts_with_the_task_and_shows_every_figure(cls):
    for seed in range(20):
        ex = cls(seed=seed)
        text = str(ex.show())
        assert text.startswith(f"**Task.** {ex.task}")
        if cls is EarnedValueStatus:
            assert shown_figures(ex) == {"bac": ex.bac, "pv": ex.pv, "ev": ex.ev, "ac": ex.ac}
        elif cls is StatusReport:
            rows = report_table(ex)["rows"]
            assert [r[0] for r in rows] == list(ex.pv_month)
            assert [r[1] for r in rows if r[1] is not None] == list(ex.ev_month)
            assert [r[2] for r in rows if r[2] is not None] == list(ex.ac_month)
        else:
            pv, ev, at = schedule_table(ex)
            assert pv == list(ex.pv) and (ev, at) == (ex.ev, ex.at)
            labels = [row[0] for row in table_rows(text)]
            assert any("planned finish" in label for label in labels)
            assert any("AT" in label for label in labels)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_solution_waits_for_an_attempt_and_is_recorded(cls, progress_home):
    ex = cls(seed=9)
    note = ex.solution()
    assert isinstance(note, Note) and "Try it first" in str(note) and records() == []
    right = right_answer(ex)
    first = next(iter(TOLERANCES[cls]))
    assert ex.check(**{**right, first: right[first] * 3 + 7}).correct is False
    note = ex.solution()
    assert "Try it first" not in str(note) and str(note) == str(ex._solution())
    assert [(r["kind"], r["item"], r["lesson"], r["topic"]) for r in records()] == [
        ("exercise", IDS[cls], "06", TOPICS[cls]), ("solution", IDS[cls], "06", TOPICS[cls])]


def test_solutions_work_out_the_answers(progress_home):
    """Each worked solution states every formula and the computed numbers."""
    for seed in range(20):
        ex = EarnedValueStatus(seed=seed)
        f, want = shown_figures(ex), status_by_hand(ex)
        text = str(ex.solution(confirm=True))
        ev, ac, pv = (format_number(f[k], 0) for k in ("ev", "ac", "pv"))
        for part in (f"EV − AC | {ev} − {ac} | **{format_number(want['cv'], 0)} EUR**",
                     f"EV − PV | {ev} − {pv} | **{format_number(want['sv'], 0)} EUR**",
                     f"EV / AC | {ev} / {ac} | **{want['cpi']:.2f}**",
                     f"EV / PV | {ev} / {pv} | **{want['spi']:.2f}**"):
            assert part in text, (seed, part)
        assert f"**{want['cost'].title()} budget**" in text
        assert f"**{want['schedule']}{' of' if want['schedule'] == 'ahead' else ''} " \
               "schedule**" in text

        report = StatusReport(seed=seed)
        r = report_by_hand(report)
        text = str(report.solution(confirm=True))
        for part in (f"**{r['cpi']:.2f}**", f"**{r['spi']:.2f}**",
                     f"BAC / CPI | {format_number(r['bac'], 0)} / {r['cpi']:.6f} | "
                     f"**{format_number(r['eac'], 0)} EUR**",
                     f"EAC − AC | {format_number(r['eac'], 2)} − {format_number(r['ac'], 0)}",
                     f"**{format_number(r['etc'], 0)} EUR**",
                     f"**{format_number(r['vac'], 0)} EUR**",
                     f"(BAC − EV) / (BAC − AC)", f"**{r['tcpi']:.2f}**",
                     f"Status: **{sentence_by_hand(r['cv'], r['sv'])}**"):
            assert part in text, (seed, part)

        es = EarnedScheduleExercise(seed=seed)
        pv, ev, at = schedule_table(es)
        value, c, pd_ = es_by_hand(pv, ev)
        text = str(es.solution(confirm=True))
        for part in (f"C = {c}:", f"= **{value:.2f} months**", f"ES / AT = {value:.4f} / {at}",
                     f"**{value / at:.2f}**", f"PD = {pd_}",
                     f"**{pd_ / (value / at):.2f} months**", RIGHT_REASON):
            assert part in text, (seed, part)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    """No snake_case names or Python reprs in the task, the choices or the feedback."""
    for seed in range(10):
        ex = cls(seed=seed)
        texts = [ex.task, str(ex.show()), ex.check(**right_answer(ex)).message]
        texts += [ex.check(**answer).message for answer in slipped_answers(ex)]
        texts += [label for f in ex.fields() if isinstance(f, Choice) for label, _ in f.options]
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
            assert "np.float" not in text and "None" not in text and "nan" not in text, text


def test_correct_messages_state_the_answer(progress_home):
    for seed in range(10):
        ex = EarnedValueStatus(seed=seed)
        want = status_by_hand(ex)
        fb = ex.check(**right_answer(ex))
        assert f"CPI {want['cpi']:.2f}" in fb.message and f"SPI {want['spi']:.2f}" in fb.message
        report = StatusReport(seed=seed)
        r = report_by_hand(report)
        fb = report.check(**right_answer(report))
        assert f"EAC {format_number(r['eac'], 0)} EUR" in fb.message
        assert sentence_by_hand(r["cv"], r["sv"]) in fb.message
        es = EarnedScheduleExercise(seed=seed)
        fb = es.check(**right_answer(es))
        assert f"ES {right_answer(es)['es']:.2f} months" in fb.message
