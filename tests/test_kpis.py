"""KPIs of implcourse.metrics.kpis: formulas against published figures and
independent computations, and the checks on the input.

Published references used below:
* availability table ("nines"): devx.com, "Calculating Availability"
  (2017-06-28, https://www.devx.com/2017/06/28/): 99.9 % allows 8.76 hours a
  year, 43.8 minutes a month (average month), 10.1 minutes a week and
  1.44 minutes a day; 99.99 % allows 52.56 minutes a year and 4.38 minutes a month.
* ITIL availability: (agreed service time - downtime) / agreed service time
  x 100; worked example AST 100 h, downtime 2 h -> 98 % (S. Rance, itSMF
  Norway 2013, via blogs.forrester.com "Practical ITSM Advice: Defining
  Availability For An IT Service").
* MTTR example: 3 incidents of 2, 4 and 6 hours -> 4 hours (Pure Storage,
  "What is mean time to restore", purestorage.com).
* CSAT top-two-box example: 60 of 100 responses rated 4 or 5 -> 60 %
  (youropinion.is CSAT calculator page).
* NPS: % promoters (9-10) - % detractors (0-6) (Reichheld, HBR, Dec 2003).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.metrics.kpis import (PERIOD_MINUTES, adoption_over_time, adoption_rate,
                                     allowed_downtime, availability, budget_variance, csat,
                                     defect_density, defect_trend, milestone_counts, mttr, nps,
                                     nps_breakdown, on_time_delivery)


# -- on-time delivery ----------------------------------------------------------

@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_on_time_delivery_is_the_share_met(pair):
    planned, met = pair
    assert on_time_delivery(planned, met) == pytest.approx(100 * met / planned)


def test_milestone_counts_late_and_missing_are_not_met():
    table = pd.DataFrame({"planned": ["2026-01-10", "2026-02-10", "2026-03-10", "2026-09-01"],
                          "actual": ["2026-01-09", "2026-02-11", None, None]})
    assert milestone_counts(table, "2026-06-30") == (3, 1)
    assert milestone_counts(table) == (4, 1)
    # Finished after the status date: not known to be met on that day.
    assert milestone_counts([("2026-01-10", "2026-01-12")], "2026-01-11") == (1, 0)
    with pytest.raises(ValueError, match="No milestone is due"):
        milestone_counts([("2026-01-10", "2026-01-10")], "2026-01-05")


@pytest.mark.parametrize("args, error, pattern", [
    ((0, 0), ValueError, r"Milestones planned must be at least 1"),
    ((3, 4), ValueError, r"Milestones met \(4\) cannot be more than milestones planned \(3\)"),
    ((-1, 0), ValueError, r"Milestones planned cannot be negative \(you entered -1\)"),
    ((True, 1), TypeError, r"Milestones planned must be a whole number \(you entered True\)"),
    ((2.5, 1), TypeError, r"Milestones planned must be a whole number \(you entered 2.5\)"),
])
def test_on_time_delivery_errors(args, error, pattern):
    with pytest.raises(error, match=pattern):
        on_time_delivery(*args)


# -- budget variance -----------------------------------------------------------

@given(st.floats(1, 1e9), st.floats(0, 1e9))
def test_budget_variance_sign_and_percent(budget, actual):
    v = budget_variance(budget, actual)
    assert v.amount == pytest.approx(actual - budget)
    assert v.percent == pytest.approx((actual - budget) / budget * 100)
    if actual > budget:
        assert "over budget" in v.words
    elif actual < budget:
        assert "under budget" in v.words


def test_budget_variance_is_opposite_in_sign_to_evm_cv():
    """Over budget: budget variance > 0, while EVM's CV = EV - AC < 0 when EV = budget."""
    v = budget_variance(100_000, 120_000, "GBP")
    assert v.amount > 0 and (100_000 - 120_000) < 0
    assert v.words == "20,000 GBP over budget (20.0 % of the budget of 100,000 GBP)"
    with pytest.raises(ValueError, match=r"Actual cost cannot be negative \(you entered -5.0\)"):
        budget_variance(10, -5)
    with pytest.raises(ValueError, match="Budget must be a finite number"):
        budget_variance(float("nan"), 5)


# -- availability ----------------------------------------------------------------

def test_itil_worked_example_98_percent():
    """AST 100 hours, downtime 2 hours -> 98 % (Rance, via Forrester blog)."""
    a = availability([("2026-01-01 10:00", "2026-01-01 12:00")],
                     "2026-01-01 00:00", "2026-01-05 04:00")
    assert a.window_minutes == 100 * 60 and a.downtime_minutes == 120
    assert a.percent == pytest.approx(98.0)


@pytest.mark.parametrize("target, period, published_minutes", [
    (99.9, "year", 8.76 * 60),
    (99.9, "average_month", 43.8),
    (99.9, "week", 10.1),
    (99.9, "day", 1.44),
    (99.99, "year", 52.56),
    (99.99, "average_month", 4.38),
    # The same table's 99 % row (7.20 hours a month) uses a 30-day month:
    # published tables mix the two month conventions, hence both periods.
    (99.0, "month", 7.20 * 60),
])
def test_allowed_downtime_matches_published_table(target, period, published_minutes):
    """devx.com 'Calculating Availability' table (rounded to its printed digits)."""
    assert allowed_downtime(target, period) == pytest.approx(published_minutes, rel=5e-3)


def test_allowed_downtime_30_day_month():
    assert allowed_downtime(99.9) == pytest.approx(43.2)
    assert PERIOD_MINUTES["month"] == 30 * 24 * 60
    assert allowed_downtime(100) == 0


def test_outages_are_clipped_to_the_window():
    log = pd.DataFrame({"start": ["2026-05-31 23:00", "2026-06-30 23:50"],
                        "end": ["2026-06-01 01:00", "2026-07-01 00:30"]})
    a = availability(log, "2026-06-01", "2026-07-01")
    assert a.downtime_minutes == 60 + 10
    assert a.outages == 2
    outside = availability([("2026-05-01 10:00", "2026-05-01 11:00")], "2026-06-01", "2026-07-01")
    assert outside.percent == 100 and outside.outages == 0
    assert availability([], "2026-06-01", "2026-07-01").percent == 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 120)), max_size=8))
def test_availability_against_a_minute_grid(raw):
    """Independent computation: mark each minute of a 1000-minute window as down."""
    spans, cursor = [], -200
    for gap, length in raw:           # non-overlapping spans, some outside the window
        start = cursor + gap % 300
        spans.append((start, start + length))
        cursor = start + length
    base = pd.Timestamp("2026-06-01")
    log = [(base + pd.Timedelta(minutes=s), base + pd.Timedelta(minutes=e)) for s, e in spans]
    grid = np.zeros(1000, dtype=bool)
    for s, e in spans:
        grid[max(s, 0):max(min(e, 1000), 0)] = True
    a = availability(log, base, base + pd.Timedelta(minutes=1000))
    assert a.downtime_minutes == pytest.approx(grid.sum())
    assert a.percent == pytest.approx((1000 - grid.sum()) / 1000 * 100)


@pytest.mark.parametrize("log, pattern", [
    ([("2026-06-02 10:00", "2026-06-02 09:00")],
     r"Outage in row 1 ends \(2026-06-02 09:00:00\) before it starts \(2026-06-02 10:00:00\)"),
    ([("2026-06-02 10:00", "2026-06-02 11:00"), ("2026-06-03 10:00", "2026-06-03 11:00"),
      ("2026-06-02 10:30", "2026-06-02 10:45")], r"Outages in rows 1 and 3 overlap"),
    ([("yesterday-ish", "2026-06-02 11:00")],
     r"Start of the outage in row 1 is not a date and time we can read \(you entered 'yesterday-ish'\)"),
    ([("2026-06-02 10:00", None)], r"End of the outage in row 1 is missing"),
    ([("2026-06-02 10:00", "")], r"End of the outage in row 1 is missing"),
    ([("2026-06-02 10:00",)], r"outages: row 1 must hold 2 values"),
])
def test_malformed_outage_logs(log, pattern):
    with pytest.raises(ValueError, match=pattern):
        availability(log, "2026-06-01", "2026-07-01")


def test_outage_log_needs_its_columns_and_a_window():
    with pytest.raises(ValueError, match=r"outages needs the column\(s\) 'end'"):
        availability(pd.DataFrame({"start": ["2026-06-01"]}), "2026-06-01", "2026-07-01")
    for end in ("2026-06-01", "2026-05-01"):
        with pytest.raises(ValueError, match=r"The service window from .* has zero length"):
            availability([], "2026-06-01", end)
    with pytest.raises(ValueError, match=r"Availability target \(target_percent\) must be from 0 to 100"):
        allowed_downtime(-1)
    with pytest.raises(ValueError, match="period must be one of"):
        allowed_downtime(99.9, "fortnight")


def test_adjacent_outages_do_not_overlap():
    log = [("2026-06-02 10:00", "2026-06-02 11:00"), ("2026-06-02 11:00", "2026-06-02 11:30")]
    assert availability(log, "2026-06-01", "2026-07-01").downtime_minutes == 90


# -- defects and MTTR -------------------------------------------------------------

def test_published_mttr_example():
    """Pure Storage: incidents of 2, 4 and 6 hours -> MTTR 4 hours."""
    log = [("2026-06-01 00:00", "2026-06-01 02:00"), ("2026-06-02 00:00", "2026-06-02 04:00"),
           ("2026-06-03 00:00", "2026-06-03 06:00")]
    assert mttr(log).hours == pytest.approx(4.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50_000), st.one_of(st.none(), st.integers(0, 5000))),
                min_size=1, max_size=30))
def test_mttr_and_trend_against_independent_counts(raw):
    base = pd.Timestamp("2026-01-05")
    log = pd.DataFrame({
        "opened": [base + pd.Timedelta(minutes=o) for o, _ in raw],
        "resolved": [None if d is None else base + pd.Timedelta(minutes=o + d) for o, d in raw]})
    done = [d / 60 for _, d in raw if d is not None]
    if done:
        m = mttr(log)
        assert m.hours == pytest.approx(sum(done) / len(done))
        assert (m.resolved, m.unresolved) == (len(done), len(raw) - len(done))
    else:
        with pytest.raises(ValueError, match="MTTR is undefined"):
            mttr(log)
    trend = defect_trend(log, freq="D")
    assert trend["new"].sum() == len(raw)
    for period, row in trend.iterrows():
        end = period.end_time
        still_open = sum(1 for o, d in raw if base + pd.Timedelta(minutes=o) <= end and
                         (d is None or base + pd.Timedelta(minutes=o + d) > end))
        assert row["open"] == still_open


def test_incident_errors_name_the_row():
    with pytest.raises(ValueError, match=r"Incident in row 2 is resolved .* before it was opened"):
        mttr([("2026-06-01 09:00", "2026-06-01 10:00"), ("2026-06-02 09:00", "2026-06-02 08:00")])
    with pytest.raises(ValueError, match="freq must be one of"):
        defect_trend([("2026-06-01", None)], freq="Y")


def test_defect_density():
    d = defect_density(30, 12.5)
    assert d.value == pytest.approx(2.4) and d.unit == "KLOC"
    assert defect_density(41, 420, "function points", per=100).value == pytest.approx(41 / 4.2)
    with pytest.raises(ValueError, match="unit must be one of"):
        defect_density(1, 1, "pages")
    with pytest.raises(ValueError, match=r"Defects cannot be negative \(you entered -1\)"):
        defect_density(-1, 10)


# -- adoption ------------------------------------------------------------------

@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_adoption_rate(pair):
    active, intended = pair
    assert adoption_rate(active, intended) == pytest.approx(active / intended * 100)


def test_adoption_errors_and_over_time():
    with pytest.raises(ValueError, match=r"Active users \(151\) cannot be more than intended users \(150\)"):
        adoption_rate(151, 150)
    with pytest.raises(ValueError, match="Intended users must be at least 1"):
        adoption_rate(0, 0)
    log = pd.DataFrame({"month": ["2026-01", "2026-02"], "active": [10, 40], "intended": [20, 30]})
    with pytest.raises(ValueError, match=r"Row 2 of log \(2026-02\): Active users \(40\)"):
        adoption_over_time(log)
    ok = adoption_over_time(log.assign(active=[10, 15]))
    assert ok["percent"].tolist() == [50.0, 50.0]


# -- CSAT and NPS ----------------------------------------------------------------

def test_csat_published_example():
    """60 of 100 responses rated 4 or 5 -> CSAT 60 % (top-two-box)."""
    scores = [5] * 30 + [4] * 30 + [3] * 20 + [2] * 10 + [1] * 10
    assert csat(scores) == 60.0
    assert csat([7, 6, 5], scale=7, satisfied_from=6) == pytest.approx(200 / 3)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=300))
def test_nps_against_independent_count(scores):
    promoters = sum(1 for s in scores if s in (9, 10))
    detractors = sum(1 for s in scores if s <= 6)
    expected = 100 * (promoters - detractors) / len(scores)
    assert nps(scores) == pytest.approx(expected)
    assert nps(np.array(scores)) == pytest.approx(expected)
    b = nps_breakdown(scores)
    assert b.promoters + b.passives + b.detractors == len(scores)
    assert b.promoters_percent + b.passives_percent + b.detractors_percent == pytest.approx(100)
    assert -100 <= b.nps <= 100


@pytest.mark.parametrize("scores, error, pattern", [
    ([9, 10, 11], ValueError, r"NPS score in response 3 must be a whole number from 0 to 10 \(you entered 11\)"),
    ([-1], ValueError, r"NPS score in response 1 must be a whole number from 0 to 10 \(you entered -1\)"),
    ([8, 8.5], ValueError, r"NPS score in response 2 must be a whole number from 0 to 10 \(you entered 8.5\)"),
    ([8, float("nan")], ValueError, r"NPS score in response 2 must be a whole number from 0 to 10 \(you entered nan\)"),
    ([True], TypeError, r"NPS score in response 1 must be a whole number from 0 to 10 \(you entered True\)"),
    (["9"], TypeError, r"NPS score in response 1 must be a whole number"),
    ([], ValueError, r"NPS scores: the list is empty"),
])
def test_nps_refuses_bad_scores(scores, error, pattern):
    with pytest.raises(error, match=pattern):
        nps(scores)


def test_whole_floats_are_accepted():
    assert nps([9.0, 0.0]) == 0.0
    assert math.isclose(csat(pd.Series([4, 5, 1])), 200 / 3)


# -- bad input found by probing (regressions) --------------------------------------------

WINDOW = ("2026-06-01", "2026-07-01")


@pytest.mark.parametrize("log, pattern", [
    ([("2026-06-09 07:00+02:00", "2026-06-09 08:00+02:00"),
      ("2026-06-10 07:00", "2026-06-10 08:00")],
     r"Start of the outage in row 1 has a time zone \(you entered '2026-06-09 07:00\+02:00'\) "
     r"but Service window start has none \(you entered '2026-06-01'\)"),
    ([("2026-06-09 07:00", "2026-06-09 08:00+00:00")],
     r"End of the outage in row 1 has a time zone .* but Service window start has none"),
])
def test_availability_refuses_times_with_and_without_a_time_zone_mixed(log, pattern):
    with pytest.raises(ValueError, match=pattern):
        availability(log, *WINDOW)
    with pytest.raises(ValueError, match=r"Service window start has a time zone"):
        availability([], "2026-06-01T00:00+02:00", "2026-07-01")


def test_availability_with_every_time_zoned_converts_to_utc():
    a = availability([("2026-06-09 07:00+02:00", "2026-06-09 08:00+02:00")],
                     "2026-06-01T00:00Z", "2026-07-01T00:00Z")
    assert a.downtime_minutes == 60


def test_availability_touching_outside_and_dict_of_columns():
    touching = [("2026-06-09 07:00", "2026-06-09 08:00"), ("2026-06-09 08:00", "2026-06-09 09:00")]
    assert availability(touching, *WINDOW).downtime_minutes == 120   # end == next start: no overlap
    outside = availability([("2026-08-09 07:00", "2026-08-09 08:00"),
                            ("2026-05-31 23:00", "2026-06-01 00:00")], *WINDOW)
    assert (outside.percent, outside.outages) == (100.0, 0)
    columns = availability({"start": ["2026-06-09 07:00"], "end": ["2026-06-09 08:00"]}, *WINDOW)
    assert columns.downtime_minutes == 60
    with pytest.raises(ValueError, match=r"outages: a dict of columns needs lists of the same "
                                         r"length"):
        availability({"start": ["2026-06-09 07:00"], "end": []}, *WINDOW)


@pytest.mark.parametrize("value", [None, float("nan"), pd.NaT, pd.NA])
def test_a_missing_time_shows_what_was_entered(value):
    with pytest.raises(ValueError, match=rf"Service window end is missing \(you entered "
                                         rf"{re.escape(repr(value))}\)"):
        availability([], "2026-06-01", value)


@pytest.mark.parametrize("data, shown", [("abc", "str 'abc'"), (5, "int 5"), (None, "NoneType None")])
def test_a_log_that_is_not_a_table_shows_the_value(data, shown):
    for call, name in ((lambda: availability(data, *WINDOW), "outages"),
                       (lambda: mttr(data), "incidents"), (lambda: defect_trend(data), "incidents"),
                       (lambda: milestone_counts(data), "milestones")):
        with pytest.raises(TypeError, match=rf"{name} must be a table \(a DataFrame or a list of "
                                            rf"rows\) \(you entered {shown}\)"):
            call()


def test_incident_and_milestone_logs_refuse_mixed_time_zones():
    with pytest.raises(ValueError, match=r"Opened time of the incident in row 1 has a time zone"
                                         r".* but Resolved time of the incident in row 1 has none"):
        mttr([("2026-06-01 09:00+02:00", "2026-06-01 10:00")])
    with pytest.raises(ValueError, match=r"end has a time zone"):
        defect_trend([("2026-06-01 09:00", None)], end="2026-06-30T00:00+02:00")
    with pytest.raises(ValueError, match=r"Status date has a time zone"):
        milestone_counts([("2026-01-12", "2026-01-12")], "2026-06-30T00:00+02:00")
    assert mttr([("2026-06-01 09:00+02:00", "2026-06-01 10:00+00:00")]).hours == 3


def test_milestone_counts_of_an_empty_table_says_it_is_empty():
    with pytest.raises(ValueError, match=r"milestones is empty"):
        milestone_counts([])
    assert milestone_counts({"planned": ["2026-01-01"], "actual": [None]}) == (1, 0)


@pytest.mark.parametrize("currency", [None, 5, True, ["EUR"]])
def test_budget_variance_checks_the_currency(currency):
    with pytest.raises(TypeError, match=rf"Currency must be text such as 'EUR' \(you entered "
                                        rf"{re.escape(repr(currency))}\)"):
        budget_variance(10, 12, currency)


def test_results_that_overflow_are_refused_not_infinite():
    with pytest.raises(ValueError, match=r"Budget variance cannot be computed: .* overflows "
                                         r"\(you entered budget 1e-300 and actual cost 1e\+300\)"):
        budget_variance(1e-300, 1e300)
    with pytest.raises(ValueError, match=r"Defect density cannot be computed: .* overflows "
                                         r"\(you entered size 1e-10 KLOC and per 1e\+308\)"):
        defect_density(5, 1e-10, per=1e308)


@pytest.mark.parametrize("scores, shown", [("abc", "str 'abc'"), (5, "int 5"),
                                           ({5: "a"}, "dict {5: 'a'}")])
def test_scores_that_are_not_a_list_show_the_value(scores, shown):
    with pytest.raises(TypeError, match=rf"NPS scores must be a list of whole numbers \(you "
                                        rf"entered {re.escape(shown)}\)"):
        nps(scores)
    with pytest.raises(TypeError, match=r"CSAT scores must be a list of whole numbers"):
        csat(scores)


@pytest.mark.parametrize("month, pattern", [
    (["2026-05", "2026-05"], r"Rows 1 and 2 of log are for the same month \(2026-05\)"),
    ([None, "2026-06"], r"Row 1 of log has no month \(you entered "),
    (["abc", "2026-06"], r"Row 1 of log: month must be a month such as '2026-06' \(you entered "
                         r"'abc'\)"),
    ([202605, "2026-06"], r"Row 1 of log: month must be a month .* \(you entered 202605\)"),
])
def test_adoption_over_time_checks_the_months(month, pattern):
    log = pd.DataFrame({"month": month, "active": [110, 123], "intended": [140, 150]})
    with pytest.raises(ValueError, match=pattern):
        adoption_over_time(log)


def test_adoption_over_time_without_a_month_column_names_both_choices():
    log = pd.DataFrame({"active": [110], "intended": [140]})
    with pytest.raises(ValueError, match=r"log needs a column 'month' \(or 'period'\)"):
        adoption_over_time(log)
    log = pd.DataFrame({"period": ["wave 2", "wave 1"], "active": [5, 4], "intended": [9, 9]})
    assert adoption_over_time(log)["period"].tolist() == ["wave 2", "wave 1"]
