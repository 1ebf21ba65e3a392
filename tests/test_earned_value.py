"""Earned value in implcourse.metrics.earned_value: published worked examples,
identities against an independent computation, the checks on the input, and
the lesson's synthetic S-curve history."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content, schedule
from implcourse.metrics.earned_value import (EarnedValue, check_history, eac_projection, evm,
                                             load_history, load_project, status_at)

# --------------------------------------------------------------------------
# Published worked examples
# --------------------------------------------------------------------------


def test_fence_example_mulcahy():
    """The four-sided fence, 1,000 per side, one side a day; end of day 3: two sides
    done (1,000 and 1,200 spent), the third half done (600 spent).

    Source: R. Mulcahy, *PMP Exam Prep*, p. 210, as reproduced in "Earned Value
    Exercise", https://studylib.net/doc/5898152/earned-value-exercise. Published
    answers: PV 3,000; EV 2,500; AC 2,800; BAC 4,000; CV -300; CPI .893; SV -500;
    SPI .833; EAC 4,479 (from the rounded CPI .893); ETC 1,679; VAC -479.
    """
    pv = 1000 + 1000 + 1000
    ev = 1000 + 1000 + 500
    ac = 1000 + 1200 + 600
    s = evm(bac=4000, pv=pv, ev=ev, ac=ac)
    assert (s.pv, s.ev, s.ac, s.bac) == (3000, 2500, 2800, 4000)
    assert s.cv == -300 and s.sv == -500
    assert round(s.cpi, 3) == 0.893 and round(s.spi, 3) == 0.833
    # The book divides by the rounded CPI (0.893) and gets 4,479; exact: 4,480.
    assert 4000 / round(s.cpi, 3) == pytest.approx(4479, abs=0.5)
    assert s.eac == pytest.approx(4480, abs=0.5)
    assert s.etc == pytest.approx(1679, abs=1.5) and s.vac == pytest.approx(-479, abs=1.5)
    assert s.etc + s.ac == pytest.approx(s.eac)
    assert s.status.startswith("Over budget by 300 (CPI 0.89")
    assert "behind schedule by 500 of planned work (SPI 0.83)" in s.status


def test_tcpi_and_atypical_eac_pra_package():
    """BAC 100,000, EV 35,000, AC 63,000.

    Source: the R package PRA (P. Govan), reference pages ``tcpi`` and ``eac``,
    https://paulgovan.github.io/PRA/reference/tcpi.html and
    https://paulgovan.github.io/PRA/reference/eac.html (examples citing
    Damnjanovic and Reinschmidt, *Data Analytics for Engineering and Construction
    Project Risk Management*, Springer, 2020). Published: TCPI to meet BAC 1.76;
    TCPI to meet an EAC of 120,482 is 1.13; EAC (atypical) 128,000.
    """
    s = evm(bac=100_000, pv=40_000, ev=35_000, ac=63_000)
    assert round(s.tcpi, 2) == 1.76
    assert round(s.tcpi_for(120_482), 2) == 1.13
    assert s.eac_atypical == 128_000


def test_spi_pra_package():
    """BAC 100,000, cumulative planned share [0.1, 0.2, 0.4, 0.7, 1.0], period 3, 35 %
    complete: PV 40,000, EV 35,000, SPI 0.875.

    Source: PRA reference page ``spi``, https://paulgovan.github.io/PRA/reference/spi.html.
    """
    schedule_share = [0.1, 0.2, 0.4, 0.7, 1.0]
    pv = 100_000 * schedule_share[3 - 1]
    s = evm(bac=100_000, pv=pv, ev=0.35 * 100_000, ac=36_000)
    assert s.spi == pytest.approx(0.875)


def test_status_words_of_the_brief():
    s = evm(bac=100_000, pv=50_000, ev=40_000, ac=50_000)
    assert s.status == ("Over budget by 10,000 (CPI 0.80: each 1 spent earns 0.80 of planned "
                        "work) and behind schedule by 10,000 of planned work (SPI 0.80).")
    ahead = evm(bac=100, pv=40, ev=50, ac=40, currency="EUR").status
    assert ahead.startswith("Under budget by 10 EUR (CPI 1.25: each 1 EUR spent earns 1.25 EUR")
    assert "ahead of schedule by 10 EUR of planned work (SPI 1.25)" in ahead
    even = evm(bac=100, pv=40, ev=40, ac=40).status
    assert "on budget" in even and "on schedule" in even


# --------------------------------------------------------------------------
# Properties against an independent computation
# --------------------------------------------------------------------------

money = st.floats(min_value=1.0, max_value=1e8, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0.01, max_value=1.0)


@st.composite
def projects(draw):
    bac = draw(money)
    pv = bac * draw(share)
    ev = bac * draw(share)
    ac = draw(money)
    return bac, pv, ev, ac


def reference(bac, pv, ev, ac):
    """The formulas written out again, independently of the package."""
    cpi, spi = ev / ac, ev / pv
    eac = bac / cpi
    return {"cv": ev - ac, "sv": ev - pv, "cpi": cpi, "spi": spi, "eac": eac,
            "eac_atypical": ac + bac - ev, "eac_cpi_spi": ac + (bac - ev) / (cpi * spi),
            "etc": eac - ac, "vac": bac - eac,
            "tcpi": (bac - ev) / (bac - ac) if bac > ac else None,
            "percent_complete": ev / bac, "percent_spent": ac / bac}


@settings(max_examples=200, deadline=None)
@given(projects())
def test_formulas_and_identities(project):
    bac, pv, ev, ac = project
    s = evm(bac, pv, ev, ac)
    for name, value in reference(bac, pv, ev, ac).items():
        got = getattr(s, name)
        if value is None:
            assert got is None, name
        else:
            assert got == pytest.approx(value, rel=1e-9, abs=1e-6), name
    assert s.etc + s.ac == pytest.approx(s.eac)
    assert s.vac == pytest.approx(s.bac - s.eac)
    assert s.eac == pytest.approx(s.ac * s.bac / s.ev)
    # With SPI = 1 the CPI x SPI forecast equals AC + (BAC - EV) / CPI, the typical EAC.
    on_time = evm(bac, ev, ev, ac)
    assert on_time.eac_cpi_spi == pytest.approx(on_time.eac, rel=1e-9)
    # TCPI against the typical EAC is the CPI itself (when enough work remains for the
    # subtraction BAC - EV not to lose all its digits).
    if bac - ev > 1e-6 * bac:
        assert s.tcpi_for(s.eac) == pytest.approx(s.cpi, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(projects(), min_size=1, max_size=8))
def test_vectorised_equals_per_row(rows):
    bac, pv, ev, ac = (list(col) for col in zip(*rows))
    many = evm(np.array(bac), pd.Series(pv), ev, tuple(ac))
    assert many.vectorised and len(many) == len(rows)
    frame = many.to_frame()
    assert list(frame.index) == list(range(1, len(rows) + 1))
    for i, row in enumerate(rows):
        one = evm(*row)
        for name in ("cv", "sv", "cpi", "spi", "eac", "eac_atypical", "eac_cpi_spi", "etc",
                     "vac", "tcpi", "percent_complete", "percent_spent"):
            single = getattr(one, name)
            column = getattr(many, name)[i]
            if single is None:
                assert math.isnan(column) and math.isnan(frame[name].iloc[i]), name
            else:
                assert column == pytest.approx(single, rel=1e-12), name
        assert many.status[i] == one.status == frame["status"].iloc[i]


def test_scalars_broadcast_with_arrays():
    many = evm(100, [10, 20, 30], [10, 20, 30], 20)
    assert many.bac.tolist() == [100, 100, 100]
    assert many.cpi.tolist() == [0.5, 1.0, 1.5]
    table = many.table(project=2)
    assert table.set_index("Measure").loc["Cost performance index (CPI)", "Value"] == 1.0


# --------------------------------------------------------------------------
# Conventions at the edges
# --------------------------------------------------------------------------

def test_budget_spent_gives_no_tcpi():
    s = evm(bac=1000, pv=900, ev=800, ac=1000)
    assert s.tcpi is None
    assert "cannot finish within BAC" in s.status and "against a revised EAC" in s.status
    assert "tcpi_for" not in s.status  # no code names in words a learner reads
    assert s.tcpi_for(1250) == pytest.approx(200 / 250)
    arrays = evm([1000, 1000], [900, 900], [800, 800], [1000, 500])
    assert math.isnan(arrays.tcpi[0]) and arrays.tcpi[1] == pytest.approx(0.4)


def test_nothing_earned_gives_no_forecast():
    s = evm(bac=1000, pv=100, ev=0, ac=50)
    assert s.cpi == 0 and s.eac is None and s.eac_cpi_spi is None
    assert s.etc is None and s.vac is None and s.eac_atypical == 1050
    assert "Nothing has been earned yet" in s.status


def test_finished_late_project_reads_on_schedule():
    s = evm(bac=1000, pv=1000, ev=1000, ac=1200)
    assert s.spi == 1.0 and s.sv == 0 and "on schedule" in s.status
    assert "earned schedule" in s.status
    assert s.tcpi_for(1200) == 0.0


def test_tcpi_for_checks_the_eac():
    s = evm(bac=1000, pv=500, ev=400, ac=500)
    for bad in (500, 400):
        with pytest.raises(ValueError, match=r"more than the actual cost \(AC\) while work "
                                             r"remains \(you entered EAC"):
            s.tcpi_for(bad)
    with pytest.raises(TypeError, match="Estimate at completion"):
        s.tcpi_for("1000")
    many = evm([1000, 1000], 500, 400, [500, 600])
    with pytest.raises(ValueError, match="project row 2"):
        many.tcpi_for([900, 550])


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(bac=-1), ValueError, r"Budget at completion \(BAC\) cannot be negative \(you entered -1\)"),
    (dict(bac=0), ValueError, r"Budget at completion \(BAC\) must be more than 0 \(you entered 0\)"),
    (dict(pv=True), TypeError, r"Planned value \(PV\) must be a number \(you entered True\)"),
    (dict(ev="40"), TypeError, r"Earned value \(EV\) must be a number \(you entered '40'\)"),
    (dict(ac=None), TypeError, r"Actual cost \(AC\) must be a number"),
    (dict(ev=float("nan")), ValueError, r"Earned value \(EV\) must be a finite number"),
    (dict(ac=float("inf")), ValueError, r"Actual cost \(AC\) must be a finite number"),
    (dict(ev=120), ValueError, r"Earned value \(EV\) cannot exceed the budget at completion "
                               r"\(BAC\) \(you entered EV 120 with BAC 100\)"),
    (dict(pv=101), ValueError, r"Planned value \(PV\) cannot exceed the budget at completion"),
    (dict(ac=0), ValueError, r"CPI = EV / AC is undefined when AC is 0, so no CPI or forecast "
                             r"can be given"),
    (dict(pv=0), ValueError, r"SPI = EV / PV is undefined when PV is 0"),
])
def test_bad_scalars(kwargs, error, pattern):
    args = dict(bac=100, pv=50, ev=40, ac=50) | kwargs
    with pytest.raises(error, match=pattern):
        evm(**args)


def test_bad_arrays_name_the_row():
    with pytest.raises(ValueError, match=r"Earned value \(EV\) cannot exceed the budget at "
                                         r"completion \(BAC\) \(project row 2: you entered EV "
                                         r"150 with BAC 100\)"):
        evm([100, 100], [50, 50], [40, 150], [50, 50])
    with pytest.raises(ValueError, match=r"Actual cost \(AC\) is 0.*project row 3"):
        evm(100, 50, 40, [50, 10, 0])
    with pytest.raises(TypeError, match=r"Planned value \(PV\) must be a number \(project row "
                                        r"2: you entered 'x'\)"):
        evm(100, [50, "x"], 40, 50)
    with pytest.raises(ValueError, match=r"cannot be negative \(project row 1"):
        evm(np.array([-5.0, 100.0]), 50, 40, 50)
    with pytest.raises(ValueError, match="different lengths"):
        evm([100, 100], [50, 50, 50], 40, 50)
    with pytest.raises(ValueError, match="empty"):
        evm([], 50, 40, 50)
    with pytest.raises(TypeError, match="flat list"):
        evm([[100, 100]], 50, 40, 50)
    with pytest.raises(TypeError, match="project row 1"):
        evm(np.array([True, False]), 50, 40, 50)


def test_result_is_frozen():
    s = evm(100, 50, 40, 50)
    assert isinstance(s, EarnedValue)
    with pytest.raises(AttributeError):
        s.cpi = 1.0  # type: ignore[misc]


def test_table_is_complete_and_names_formulas():
    table = evm(100_000, 50_000, 40_000, 50_000).table()
    assert list(table.columns) == ["Measure", "Formula", "Value", "What it means"]
    formulas = dict(zip(table["Measure"], table["Formula"]))
    assert formulas["Cost variance (CV)"] == "EV - AC"
    assert formulas["To-complete performance index (TCPI)"] == "(BAC - EV) / (BAC - AC)"
    assert len(table) == 16 and table["What it means"].str.len().min() > 10
    with pytest.raises(ValueError, match="Project must be given"):
        evm([1, 2], [1, 2], [1, 2], [1, 2]).table()


# --------------------------------------------------------------------------
# The synthetic history
# --------------------------------------------------------------------------

HISTORY = load_history()


def test_history_pv_is_the_erp_plan_baseline():
    """PV recomputed from lesson 01's plan and lesson 04's most likely costs: each
    task's cost spread evenly over its working days from its early start, summed per
    month of 20 working days (datasets/metrics/README_earned_value.md)."""
    info = load_project()
    table = schedule.analyse(schedule.load_plan()).table
    costs = pd.read_csv(content.datasets_dir() / "plans" / "erp_rollout_estimates.csv",
                        index_col="id")["cost_most_likely"]
    days = info.working_days_per_period
    expected = []
    for month in HISTORY["period"]:
        end = month * days
        total = 0.0
        for task, row in table.iterrows():
            if row["duration"] == 0:
                continue
            done = min(max(end - row["early_start"], 0.0), row["duration"])
            total += costs[task] * done / row["duration"]
        expected.append(total)
    assert HISTORY["pv"].to_numpy() == pytest.approx(np.array(expected), abs=0.5)
    assert info.bac == costs.sum() == HISTORY.attrs["bac"]


def test_history_tells_the_story():
    pv, ev, ac = (HISTORY[c].to_numpy() for c in ("pv", "ev", "ac"))
    bac = HISTORY.attrs["bac"]
    planned_finish = int(np.argmax(pv >= bac)) + 1
    actual_finish = int(np.argmax(ev >= bac)) + 1
    assert 7 <= planned_finish <= 10 and actual_finish - planned_finish >= 2
    assert (pv[planned_finish - 1:] == bac).all()
    spi, cpi = ev / pv, ev / ac
    assert spi[:3].min() < 0.7                  # a slow start
    assert (np.diff(ev[4:7]) > np.diff(pv[4:7])).all()   # the recovery earns faster than planned
    assert (cpi < 0.9).all() and ac[-1] > bac   # a cost overrun throughout
    assert HISTORY["note"].notna().all()


def test_status_at_and_projection():
    s = status_at(HISTORY, 6)
    row = HISTORY.iloc[5]
    assert (s.pv, s.ev, s.ac, s.bac) == (row.pv, row.ev, row.ac, 950_000)
    for method, attr in (("cpi", "eac"), ("atypical", "eac_atypical"), ("cpi_spi", "eac_cpi_spi")):
        line = eac_projection(HISTORY, 6, method)
        (x0, y0), (x1, y1) = line
        assert (x0, y0) == (6.0, row.ac)
        assert y1 == pytest.approx(getattr(s, attr))
        # IEAC(t) = PD / SPI(t) with ES by straight-line interpolation on the PV curve.
        es = np.interp(row.ev, np.r_[0, HISTORY["pv"][:8]], np.arange(9))
        assert x1 == pytest.approx(8 / (es / 6))
        assert line.x.tolist() == [x0, x1] and line.y.tolist() == [y0, y1]


@pytest.mark.parametrize("period", [0, 12, 2.0, True, "3"])
def test_bad_status_period(period):
    with pytest.raises(ValueError, match=r"Status period must be a whole number from 1 to 11"):
        status_at(HISTORY, period)


def test_history_checks():
    bad = HISTORY.copy()
    bad.loc[3, "ev"] = 10.0
    with pytest.raises(ValueError, match=r"Earned value \(EV\) is cumulative and cannot go down"):
        check_history(bad)
    bad = HISTORY.copy()
    bad.loc[2, "ac"] = np.nan
    with pytest.raises(ValueError, match="only the last periods may be empty"):
        check_history(bad)
    with pytest.raises(ValueError, match="lacks the column"):
        check_history(HISTORY.drop(columns="ac"))
    with pytest.raises(TypeError, match="pandas DataFrame"):
        check_history([1, 2, 3])
    bad = HISTORY.copy()
    bad["period"] = bad["period"] + 1
    with pytest.raises(ValueError, match="periods must be 1, 2"):
        check_history(bad)


def test_history_in_progress_and_own_file(tmp_path):
    running = HISTORY.copy()
    running.loc[6:, ["ev", "ac"]] = np.nan
    assert check_history(running).reported == 6
    with pytest.raises(ValueError, match="from 1 to 6"):
        status_at(running, 7)
    path = tmp_path / "mine.csv"
    path.write_text("period,pv,ev,ac\n1,50,40,45\n2,100,,\n", encoding="utf-8")
    mine = load_history(path, currency="USD")
    assert mine.attrs["currency"] == "USD" and mine.attrs["bac"] == 100
    assert status_at(mine, 1).cpi == pytest.approx(40 / 45)


@pytest.mark.parametrize("method", ["cpi", "atypical", "cpi_spi"])
def test_forecast_follows_the_chosen_eac(method):
    """ETC, VAC and TCPI follow whichever EAC is chosen (independent sums here)."""
    status = evm(bac=200_000, pv=90_000, ev=80_000, ac=100_000)
    f = status.forecast(method)
    eac = {"cpi": 200_000 / 0.8, "atypical": 100_000 + 120_000,
           "cpi_spi": 100_000 + 120_000 / (0.8 * 80_000 / 90_000)}[method]
    assert f["eac"] == pytest.approx(eac)
    assert f["etc"] == pytest.approx(eac - 100_000)
    assert f["vac"] == pytest.approx(200_000 - eac)
    assert f["tcpi"] == pytest.approx(120_000 / (eac - 100_000))
    with pytest.raises(ValueError, match="EAC method"):
        status.forecast("bac_spi")


# --------------------------------------------------------------------------
# Bad input found by probing (regressions)
# --------------------------------------------------------------------------

@pytest.mark.parametrize("args, measure", [
    ((1e300, 1e-300, 1e-300, 1e300), r"Estimate at completion, typical \(EAC\)"),
    ((1e308, 1e308, 1e308, 1e-300), r"Cost performance index \(CPI\)"),
    ((1e308, 1e308, 1e308, 1e308), r"Estimate at completion, atypical"),
])
def test_inputs_that_overflow_are_refused_not_infinite(args, measure):
    with pytest.raises(ValueError, match=rf"^{measure} cannot be computed: the inputs are too "
                                         r"large or too small and it overflows \(you entered " +
                                         re.escape(f"BAC {args[0]:g}, PV {args[1]:g}, EV "
                                                   f"{args[2]:g}, AC {args[3]:g})") + "$"):
        evm(*args)
    with pytest.raises(ValueError, match=r"project row 2: you entered BAC"):
        evm([100, args[0]], [50, args[1]], [40, args[2]], [50, args[3]])


def test_tcpi_for_an_eac_that_overflows_is_refused():
    status = evm(bac=1e308, pv=1, ev=1, ac=1e-300)
    with pytest.raises(ValueError, match=r"The TCPI cannot be computed: .* overflows \(you "
                                         r"entered EAC 2e-300 with AC 1e-300\)"):
        status.tcpi_for(2e-300)


@pytest.mark.parametrize("project", [True, np.True_, 1.0, "1", 2])
def test_table_of_one_project_refuses_true_and_non_whole_numbers(project):
    with pytest.raises(ValueError, match=rf"Project must be 1 or None for a single project "
                                         rf"\(you entered {project!r}\)"):
        evm(100, 50, 40, 50).table(project)
    assert len(evm(100, 50, 40, 50).table(np.int64(1))) == 16


def test_load_history_checks_the_currency(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("period,pv,ev,ac,note\n1,10,5,5,\n", encoding="utf-8")
    with pytest.raises(TypeError, match=r"Currency must be text such as 'EUR' \(you entered 5\)"):
        load_history(path, currency=5)
    with pytest.raises(TypeError, match=r"Currency must be text"):
        load_history(currency=True)


@pytest.mark.parametrize("column, values, pattern", [
    ("pv", [True] * 11, r"Planned value \(PV\) in the history must be numbers \(period 1: "
                        r"you entered True\)"),
    ("ev", [np.True_] + [1.0] * 10, r"Earned value \(EV\) in the history must be numbers "
                                    r"\(period 1: you entered np.True_\)"),
    ("pv", pd.date_range("2026-01-01", periods=11),
     r"Planned value \(PV\) in the history must be numbers \(period 1: you entered Timestamp"),
    ("ac", ["abc"] + [1.0] * 10, r"Actual cost \(AC\) in the history must be numbers "
                                 r"\(period 1: you entered 'abc'\)"),
    ("period", ["a"] * 11, r"The history's periods must be whole numbers 1, 2, 3, \.\.\. "
                           r"\(period 1: you entered 'a'\)"),
])
def test_history_refuses_bools_dates_and_text_showing_the_value(column, values, pattern):
    history = load_history()
    history[column] = values
    for call in (lambda: status_at(history, 3), lambda: eac_projection(history, 3),
                 lambda: check_history(history)):
        with pytest.raises(TypeError, match=pattern):
            call()


def test_history_with_periods_out_of_order_lists_them_plainly():
    history = load_history()
    history["period"] = [2, 1] + list(range(3, 12))
    with pytest.raises(ValueError, match=r"must be 1, 2, \.\.\. 11 in order \(you entered "
                                         r"2, 1, 3, 4, 5, 6 \.\.\.\)"):
        status_at(history, 3)
