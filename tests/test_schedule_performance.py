"""Earned schedule in implcourse.metrics.schedule_performance: published examples,
properties against a brute-force interpolation, the checks on the input and the
drift of SPI on the lesson's late project."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.metrics.schedule_performance import (EarnedSchedule, earned_schedule,
                                                planned_duration, schedule_drift)
from implcourse.metrics.earned_value import load_history


def test_prepcast_exam_example():
    """A project planned to take 5 months, 3 months in, half the work done (planned
    evenly): SV(t) = -0.5 months, SPI(t) = 0.83 (ES 2.5 months).

    Source: Project Management PrepCast forum, topic "Explanation" (earned schedule
    exam question and answers), https://www.project-management-prepcast.com/kunena/
    pmp-exam-discussion/9649-explanation.
    """
    bac = 100_000
    pv = [bac * m / 5 for m in range(1, 6)]
    es = earned_schedule(pv, ev=bac / 2, at=3, unit="month")
    assert es.es == pytest.approx(2.5)
    assert es.sv_t == pytest.approx(-0.5)
    assert round(es.spi_t, 2) == 0.83
    assert es.planned_duration == 5
    assert es.ieac_t == pytest.approx(6.0)            # PD / SPI(t) = 5 / (2.5 / 3)
    assert "behind schedule by 0.50 months" in es.status


def test_lipke_figure():
    """Lipke's illustration of ES: seven months gone (AT = 7, end of July); all PV
    through May earned and part of June, so ES = 5 + (EV - PV_May) / (PV_June - PV_May).

    Source: W. Lipke, "Schedule is Different", The Measurable News, March 2003, the
    ES figure, as reproduced in "Earned Schedule Concept",
    https://www.scribd.com/doc/47929652/Earned-Schedule-Concept, and Lipke, "Introduction
    to Earned Schedule", International Metrics Congress 2007
    (https://studylib.net/doc/18876724/introduction-to-earned-schedule): "7 months gone
    by, but the project only has Earned Schedule to Month 5" and a fraction. The
    figure gives no amounts, so the PV here is ours; the structure (C = 5, AT = 7) is
    Lipke's.
    """
    pv = [5, 12, 22, 35, 50, 62, 75, 86, 95, 100, 100]   # Jan..Nov, cumulative
    ev = 56                                               # between May (50) and June (62)
    es = earned_schedule(pv, ev=ev, at=7)
    assert int(es.es) == 5
    assert es.es == pytest.approx(5 + (56 - 50) / (62 - 50))
    assert es.sv_t == pytest.approx(es.es - 7) and es.spi_t == pytest.approx(es.es / 7)


# Weekly data of the example project in PM Knowledge Center, "Earned Value Management:
# Forecasting time" (see the test below): cumulative PV and EV, weeks 1..11.
PMKC_PV = [5.00, 10.00, 25.00, 55.00, 85.00, 120.00, 130.00, 140.00, 150.00, 150.00, 150.00]
PMKC_EV = [3.33, 6.67, 10.00, 22.50, 70.00, 82.50, 90.00, 120.00, 130.00, 140.00, 150.00]
PMKC_ES = [0.67, 1.33, 2.00, 2.83, 4.50, 4.92]   # the published ES row, weeks 1..6, 2 dp


def test_pm_knowledge_center_weekly_example():
    """A published series: an 11-week late project whose PV reaches BAC (150) in week 9
    and whose EV reaches it in week 11; the source tabulates PV, EV and ES per week.

    Source: PM Knowledge Center (Mario Vanhoucke's site, OR-AS / Ghent University),
    "Earned Value Management: Forecasting time", the table of project data used to
    illustrate the forecasting methods (rows PV, EV, ES for W1..W11), read at
    http://pmknowledgecenter.com/node/167 (same article at
    http://www.pmknowledgecenter.com/dynamic_scheduling/control/earned-value-management-forecasting-time
    and https://www.or-as.be/earned-value-management-forecasting-time/); no date or
    page number is shown. The stored copy we read breaks off after the ES of week 6,
    so only ES for weeks 1-6 (0.67, 1.33, 2.00, 2.83, 4.50, 4.92) is asserted as
    published; SPI(t), SV(t) and the EAC(t) rows of that table were not readable.
    The EV of weeks 1 and 2 are printed rounded (3.33, 6.67); the rounding does not
    change ES at two decimals.
    """
    for week, (ev, published) in enumerate(zip(PMKC_EV, PMKC_ES), start=1):
        es = earned_schedule(PMKC_PV, ev=ev, at=week, unit="week")
        assert round(es.es, 2) == pytest.approx(published), f"week {week}"
        assert es.planned_duration == 9           # PV reaches 150 in week 9 of the table
        assert es.spi_t == pytest.approx(es.es / week) and es.sv_t == pytest.approx(es.es - week)

    # The same series through schedule_drift. The source's AC is not used by ES, so
    # AC here is a placeholder (= EV), not the source's.
    history = pd.DataFrame({"period": range(1, 12), "pv": PMKC_PV, "ev": PMKC_EV,
                            "ac": PMKC_EV})
    drift = schedule_drift(history)
    assert drift["ES"].iloc[:6].round(2).tolist() == pytest.approx(PMKC_ES)
    # From the table's own numbers: EV = PV = BAC in week 11, so SV = 0 and SPI = 1.0,
    # while ES can be no more than PD = 9 weeks (our reading, not a printed figure).
    assert drift["SV"].iloc[-1] == 0 and drift["SPI"].iloc[-1] == 1.0
    assert drift["ES"].iloc[-1] == 9.0 and drift["SV(t)"].iloc[-1] == pytest.approx(-2.0)
    assert drift["After planned finish"].tolist() == [False] * 9 + [True] * 2


# --------------------------------------------------------------------------
# Properties: ES by brute-force linear interpolation
# --------------------------------------------------------------------------

@st.composite
def baselines(draw):
    steps = draw(st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=1, max_size=15))
    last_step = draw(st.floats(min_value=1.0, max_value=1e6))
    pv = np.cumsum(steps + [last_step])
    tail = draw(st.integers(min_value=0, max_value=4))   # periods after the planned finish
    pv = np.concatenate([pv, np.full(tail, pv[-1])])
    ev = draw(st.floats(min_value=0.0, max_value=1.0)) * pv[-1]
    at = draw(st.integers(min_value=1, max_value=40))
    return pv, float(ev), at


def brute_force_es(pv, ev) -> float:
    """Walk the PV curve from (0, 0) a period at a time; return the time where the
    straight line of the period containing EV reaches EV (the last such time when
    PV is flat at EV), capped at the planned duration."""
    points = [(0, 0.0)] + [(t + 1, float(v)) for t, v in enumerate(pv)]
    bac = points[-1][1]
    pd_ = next(t for t, v in points if v >= bac)
    best = 0.0
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t1 > pd_:
            break
        if v1 <= ev:
            best = float(t1)
        elif v0 <= ev < v1:
            best = max(best, t0 + (ev - v0) / (v1 - v0))
    return min(best, float(pd_))


@settings(max_examples=300, deadline=None)
@given(baselines())
def test_es_matches_brute_force(case):
    pv, ev, at = case
    es = earned_schedule(pv, ev, at)
    assert es.es == pytest.approx(brute_force_es(pv, ev), abs=1e-9)
    assert 0 <= es.es <= es.planned_duration
    assert es.spi_t == pytest.approx(es.es / at)
    assert es.sv_t == pytest.approx(es.es - at)
    forecast = es.planned_duration * at / es.es if es.es > 0 else math.inf
    if math.isfinite(forecast):
        assert es.ieac_t == pytest.approx(forecast)
    else:
        assert es.ieac_t is None
    # Monotone: more earned value never earns less schedule.
    more = earned_schedule(pv, min(ev * 1.1 + 1, pv[-1]), at)
    assert more.es >= es.es - 1e-12


def test_on_a_strictly_rising_baseline_es_inverts_pv():
    rising = np.cumsum(np.arange(1, 8, dtype=float))
    t = np.arange(1, rising.size + 1)
    for k in t:   # EV equal to the PV of period k earns exactly k periods
        assert earned_schedule(rising, rising[k - 1], 3).es == pytest.approx(k)


def test_planned_duration_ignores_flat_tail():
    assert planned_duration([10, 50, 100, 100, 100]) == 3
    assert earned_schedule([10, 50, 100, 100, 100], 100, 5).es == 3.0


@pytest.mark.parametrize("pv, ev, at, error, pattern", [
    ([10, 5, 20], 5, 2, ValueError, r"cumulative and cannot go down: period 2 has 5 after 10"),
    ([10, 20], 25, 2, ValueError, r"cannot exceed the final planned value, the budget at "
                                  r"completion \(BAC\) \(you entered EV 25 with BAC 20; parameters ev and pv\)"),
    ([10, 20], -1, 2, ValueError, r"Earned value \(EV\) cannot be negative"),
    ([10, 20], True, 2, TypeError, r"Earned value \(EV\) must be a number"),
    ([10, 20], float("nan"), 2, ValueError, r"finite"),
    ([10, 20], 5, 0, ValueError, r"Actual time \(AT\) must be a whole number of periods "
                                 r"elapsed, from 1 to 1,000,000 \(you entered 0\)"),
    ([10, 20], 5, 2.5, ValueError, r"Actual time \(AT\)"),
    ([10, 20], 5, True, ValueError, r"Actual time \(AT\)"),
    ([], 5, 2, ValueError, r"non-empty"),
    (100, 5, 2, TypeError, r"list of cumulative values"),
    ([10, "x"], 5, 2, TypeError, r"period 2 must be a number"),
    ([10, -1], 5, 2, ValueError, r"period 2 cannot be negative"),
    ([0, 0], 0, 2, ValueError, r"above 0"),
    ([10, float("inf")], 5, 2, ValueError, r"period 2 must be a finite number"),
])
def test_bad_input(pv, ev, at, error, pattern):
    with pytest.raises(error, match=pattern):
        earned_schedule(pv, ev, at)


def test_result_and_status_words():
    es = earned_schedule([25, 50, 75, 100], 100, 3, unit="week")
    assert isinstance(es, EarnedSchedule)
    assert es.sv_t == 1.0 and es.spi_t == pytest.approx(4 / 3)
    assert "ahead of schedule by 1.00 weeks" in es.status and "All the planned work is done" \
        in es.status
    nothing = earned_schedule([25, 50], 0, 1)
    assert nothing.ieac_t is None and "no forecast duration" in nothing.status
    with pytest.raises(AttributeError):
        es.es = 1.0  # type: ignore[misc]


def test_drift_on_the_lessons_late_project():
    """SPI drifts back to 1.0 after the planned finish; SPI(t) stays below it."""
    history = load_history()
    drift = schedule_drift(history)
    assert list(drift.columns[:8]) == ["period", "PV", "EV", "ES", "SPI", "SPI(t)", "SV", "SV(t)"]
    assert len(drift) == len(history)
    late = drift[drift["After planned finish"]]
    assert (np.diff(late["SPI"]) > 0).all() and late["SPI"].iloc[-1] == 1.0
    assert late["SV"].iloc[-1] == 0
    assert (drift["SPI(t)"] < 0.85).all()
    assert drift["SV(t)"].iloc[-1] == pytest.approx(-3.0)   # finished 3 months late
    for _, row in drift.iterrows():
        es = earned_schedule(history["pv"], row["EV"], int(row["period"]))
        assert row["ES"] == pytest.approx(es.es) and row["SPI(t)"] == pytest.approx(es.spi_t)


# -- bad input found by probing (regressions) --------------------------------------------

@pytest.mark.parametrize("column, values, shown", [
    ("ev", [True] * 11, "True"),
    ("pv", list(pd.date_range("2026-01-01", periods=11)), "Timestamp"),
    ("pv", ["abc"] + [950_000.0] * 10, "'abc'"),
])
def test_schedule_drift_refuses_bools_dates_and_text_in_the_history(column, values, shown):
    history = load_history()
    history[column] = values
    if column == "ev":
        history["ac"] = values
    with pytest.raises(TypeError, match=rf"in the history must be numbers \(period 1: you "
                                        rf"entered {shown}"):
        schedule_drift(history)


def test_huge_amounts_are_shown_readably():
    with pytest.raises(ValueError, match=r"\(you entered EV 2e\+300 with BAC 1e\+300; parameters ev and pv\)"):
        earned_schedule([1e300], ev=2e300, at=1)
