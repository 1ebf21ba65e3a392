"""implcourse.methods.forecast: release forecasts from a velocity range, burndown, burnup.

Published examples are cited in each test's docstring; the rest compares the
module with computations written here from the definitions (exact fractions
for the ceilings, a plain loop for the burndown).
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.methods import forecast
from implcourse.methods.forecast import (CATEGORIES, burndown, burnup, fits_by,
                                         partition_backlog, release_forecast,
                                         simulate_velocities)

FAST = settings(max_examples=150, deadline=None)
points = st.integers(min_value=0, max_value=2_000)
velocity = st.integers(min_value=1, max_value=200)


# --------------------------------------------------------------------------
# Published examples
# --------------------------------------------------------------------------

def test_fixed_date_example_cohn_2012():
    """Cohn, "Advanced Agile Planning", Norwegian Developers Conference, 6 June 2012,
    slides 8-9: historical velocities 27, 34, 35, 38, 39, 40, 40, 41, 45 give a 90 %
    range of 34 to 41; with five iterations left the team will almost certainly
    finish 5 x 34 = 170 points and at most 5 x 41 = 205."""
    f = fits_by(5, 34, 41)
    assert (f.will_have, f.at_most, f.might_have) == (170, 205, 35)


def test_fixed_scope_example_120_points_15_to_20():
    """Fixed-scope plan after Cohn (summary of his method, zulfikarakaya.blogspot.com,
    label "Estimating"): a project of 120 points at a velocity of 15 to 20 points
    takes 6 to 8 sprints."""
    f = release_forecast(120, 15, 20)
    assert (f.fewest_sprints, f.most_sprints) == (6, 8)


# --------------------------------------------------------------------------
# release_forecast
# --------------------------------------------------------------------------

@FAST
@given(backlog=points, low=velocity, extra=st.integers(0, 100))
def test_sprints_are_the_exact_ceilings(backlog, low, extra):
    """n = the least whole number with n x velocity >= backlog (exact fractions)."""
    high = low + extra
    f = release_forecast(backlog, low, high)
    for n, v in ((f.fewest_sprints, high), (f.most_sprints, low)):
        assert n * v >= backlog
        assert n == 0 or (n - 1) * v < backlog
        assert n == math.ceil(Fraction(backlog, v))
    assert f.fewest_sprints <= f.most_sprints


@pytest.mark.parametrize("backlog, v, n", [(0.7, 0.1, 7), (0.3, 0.1, 3), (1.0, 0.2, 5),
                                          (10.5, 3.5, 3), (2.1, 0.3, 7), (5.4, 0.3, 18)])
def test_float_division_does_not_add_a_sprint(backlog, v, n):
    """2.1 / 0.3 is 7.000000000000001 in floating point (a naive ceiling gives 8) and
    0.7 / 0.1 is 6.999...: the ceiling must still be the exact one."""
    assert release_forecast(backlog, v, v).most_sprints == n


def test_dates_are_the_last_day_of_the_last_sprint():
    f = release_forecast(120, 15, 20, sprint_length_days=10, start=dt.date(2026, 3, 2))
    assert f.earliest_finish == dt.date(2026, 3, 2) + dt.timedelta(days=6 * 10 - 1)
    assert f.latest_finish == dt.date(2026, 3, 2) + dt.timedelta(days=8 * 10 - 1)
    assert release_forecast(0, 15, 20, start="2026-03-02").latest_finish == dt.date(2026, 3, 2)
    assert release_forecast(120, 15, 20).latest_finish is None


def test_as_frame_and_summary_agree_with_the_forecast():
    f = release_forecast(200, 18, 25, sprint_length_days=7)
    frame = f.as_frame()
    assert frame["Sprints needed"].tolist() == [f.fewest_sprints, f.most_sprints]
    assert frame["Calendar days"].tolist() == [7 * f.fewest_sprints, 7 * f.most_sprints]
    assert f"{f.fewest_sprints} to {f.most_sprints} sprints" in f.summary()


@pytest.mark.parametrize("args, words", [
    ((-1, 10, 20), "Backlog cannot be negative (you entered −1)"),
    ((100, -3, 20), "Velocity (low) cannot be negative (you entered −3)"),
    ((100, 10, -2), "Velocity (high) cannot be negative"),
    ((100, 30, 20), "Velocity (low) cannot be more than velocity (high) (you entered 30 and 20)"),
    ((100, 0, 20), "Velocity (low) of 0 points per sprint never finishes the backlog"),
    ((100, 0, 0), "never finishes"),
    ((float("nan"), 10, 20), "Backlog must be an ordinary number"),
    ((100, 10, float("inf")), "Velocity (high) must be an ordinary number"),
])
def test_bad_values_are_refused_in_the_learners_words(args, words):
    """Zero velocity means "never": refused with a ValueError, as the module states."""
    with pytest.raises(ValueError) as err:
        release_forecast(*args)
    assert words in str(err.value)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"backlog": True}, TypeError, "Backlog must be a number"),
    ({"velocity_low": "10"}, TypeError, "Velocity (low) must be a number"),
    ({"sprint_length_days": 0}, ValueError, "Sprint length (days) must be at least 1"),
    ({"sprint_length_days": 14.0}, TypeError, "Sprint length (days) must be a whole number"),
    ({"start": "next monday"}, ValueError, "Start date must be a date"),
    ({"start": 20260105}, TypeError, "Start date must be a date"),
])
def test_types_are_checked(kwargs, error, words):
    args = {"backlog": 100, "velocity_low": 10, "velocity_high": 20} | kwargs
    with pytest.raises(error) as err:
        release_forecast(**args)
    assert words in str(err.value)


# --------------------------------------------------------------------------
# fits_by and partition_backlog
# --------------------------------------------------------------------------

@FAST
@given(n=st.integers(0, 50), low=st.integers(0, 80), extra=st.integers(0, 40),
       backlog=st.one_of(st.none(), points))
def test_fixed_date_groups_add_up(n, low, extra, backlog):
    high = low + extra
    f = fits_by(n, low, high, backlog=backlog)
    assert 0 <= f.will_have <= f.at_most
    assert f.might_have == f.at_most - f.will_have
    if backlog is None:
        assert (f.will_have, f.at_most, f.wont_have) == (n * low, n * high, None)
    else:
        assert f.will_have == min(n * low, backlog) and f.at_most == min(n * high, backlog)
        assert f.will_have + f.might_have + f.wont_have == backlog
        assert f.as_frame()["Points"].sum() == backlog


def test_zero_velocity_fits_nothing():
    """In a fixed-date plan a velocity of 0 is allowed: nothing fits."""
    f = fits_by(4, 0, 0, backlog=50)
    assert (f.will_have, f.might_have, f.wont_have) == (0, 0, 50)


@FAST
@given(sizes=st.lists(st.integers(1, 13), max_size=30), n=st.integers(0, 6),
       low=st.integers(0, 30), extra=st.integers(0, 20))
def test_partition_matches_a_walk_down_the_backlog(sizes, n, low, extra):
    """Independent walk: running total <= n*low is will have, <= n*high might have."""
    high = low + extra
    frame = partition_backlog(sizes, n, low, high)
    total, expected = 0, []
    for size in sizes:
        total += size
        expected.append(CATEGORIES[0] if total <= n * low else
                        CATEGORIES[1] if total <= n * high else CATEGORIES[2])
    assert frame["Group"].tolist() == expected
    assert frame["Running total (points)"].tolist() == list(np.cumsum(sizes))


def test_partition_names_and_errors():
    frame = partition_backlog([3, 5], 1, 3, 8, names=["Login", "Search"])
    assert frame["Item"].tolist() == ["Login", "Search"]
    with pytest.raises(ValueError, match="one per item"):
        partition_backlog([3, 5], 1, 3, 8, names=["Login"])
    with pytest.raises(ValueError, match=r"Story points, sprint 2 cannot be negative"):
        partition_backlog([3, -5], 1, 3, 8)
    with pytest.raises(ValueError, match="Sprints cannot be negative"):
        fits_by(-1, 3, 8)


# --------------------------------------------------------------------------
# burndown, burnup, simulate_velocities
# --------------------------------------------------------------------------

def walk(backlog, velocities, changes):
    """The burndown, written plainly: work capped at what is left, change at the end."""
    left, rows = backlog, [backlog]
    for v, c in zip(velocities, changes):
        left = left - min(v, left) + c
        rows.append(left)
    return rows


@FAST
@given(backlog=points, velocities=st.lists(st.integers(0, 60), max_size=25),
       data=st.data())
def test_burndown_and_burnup_against_a_plain_walk(backlog, velocities, data):
    changes = data.draw(st.lists(st.integers(0, 30), min_size=len(velocities),
                                 max_size=len(velocities)))
    down = burndown(backlog, velocities, changes)
    up = burnup(backlog, velocities, changes)
    assert down["Remaining (points)"].tolist() == walk(backlog, velocities, changes)
    assert (down["Remaining (points)"] >= 0).all()
    assert np.allclose(up["Scope (points)"] - up["Done (points)"], down["Remaining (points)"])
    assert up["Done (points)"].is_monotonic_increasing
    assert down["Sprint"].tolist() == list(range(len(velocities) + 1))
    assert up["Scope (points)"].iloc[-1] == backlog + sum(changes)


def test_burndown_worked_numbers():
    """100 points; 20, 25 and 20 done; 10 points added in sprint 2: 80, 65, 45 left."""
    frame = burndown(100, [20, 25, 20], scope_added=[0, 10, 0])
    assert list(frame.columns) == ["Sprint", "Completed (points)", "Scope change (points)",
                                   "Remaining (points)"]
    assert frame["Remaining (points)"].tolist() == [100, 80, 65, 45]


def test_scope_can_be_removed_but_not_below_zero():
    assert burndown(50, [10], [-20])["Remaining (points)"].tolist() == [50, 20]
    with pytest.raises(ValueError, match="Scope change, sprint 1: removing 45 points is more "
                                         "than the 40 points left"):
        burndown(50, [10], [-45])
    with pytest.raises(ValueError, match="one value per sprint"):
        burnup(50, [10, 10], [0])
    with pytest.raises(ValueError, match="Completed per sprint, sprint 2 cannot be negative"):
        burndown(50, [10, -1])
    with pytest.raises(TypeError, match="list of numbers"):
        burndown(50, "10 20")


def test_simulated_velocities_are_seeded_and_in_range():
    a = simulate_velocities(200, 15, 22, seed=9)
    assert np.array_equal(a, simulate_velocities(200, 15, 22, seed=9))
    assert not np.array_equal(a, simulate_velocities(200, 15, 22, seed=10))
    assert set(np.unique(a)) == set(range(15, 23))     # every whole value can occur
    assert set(np.unique(simulate_velocities(50, 14.5, 16.2, seed=1))) <= {15, 16}
    with pytest.raises(ValueError, match="holds no whole number"):
        simulate_velocities(3, 15.2, 15.8, seed=1)
    with pytest.raises(TypeError, match="Seed must be a whole number"):
        simulate_velocities(3, 15, 20, seed=None)


def test_module_imports_no_plotting_or_widgets():
    import sys

    source = open(forecast.__file__, encoding="utf-8").read()
    for name in ("matplotlib", "ipywidgets", "IPython"):
        assert f"import {name}" not in source and f"from {name}" not in source
    assert "implcourse.methods.forecast" in sys.modules


# --------------------------------------------------------------------------
# Issue 11: the boundary names the parameter; huge and overflowing values refused
# --------------------------------------------------------------------------

_GOOD = dict(backlog=120, velocity_low=15, velocity_high=20)


@pytest.mark.parametrize("name", ["backlog", "velocity_low", "velocity_high",
                                  "sprint_length_days"])
@pytest.mark.parametrize("bad", [10 ** 400, None, "12", True])
def test_release_forecast_bad_input_names_the_parameter(name, bad):
    """An integer too large for a float gave OverflowError before; every message
    now carries the parameter's Python name next to the learner's words."""
    with pytest.raises((TypeError, ValueError)) as err:
        forecast.release_forecast(**{**_GOOD, name: bad})
    assert type(err.value) in (TypeError, ValueError)
    assert name in str(err.value)


def test_tiny_velocity_is_refused_not_an_overflow():
    # 120 / 1e-320 is inf: ceil(inf) raised OverflowError before.
    with pytest.raises(ValueError, match="more than 5,000 sprints"):
        forecast.release_forecast(120, 1e-320, 20)


def test_fits_by_overflow_is_an_error_not_inf():
    with pytest.raises(ValueError, match="velocity_high"):
        fits_by(5, 34, 1e308)


def test_simulated_velocity_range_is_bounded():
    # numpy's "high is out of bounds for int64" came out before.
    with pytest.raises(ValueError, match="velocity_high"):
        forecast.simulate_velocities(3, 1, 1e300, seed=1)


def test_finish_after_year_9999_is_a_value_error():
    f = forecast.release_forecast(120, 15, 20, start="9999-06-01")
    with pytest.raises(ValueError, match="year 9999"):
        f.finish(100)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1.7e308), min_size=1, max_size=6))
def test_burndown_results_are_finite_or_refused(sizes):
    """Against an independent computation of the scope line (backlog plus the scope
    added so far, in exact fractions): the call is refused with a ValueError exactly
    when that line passes the largest float; otherwise every value is finite."""
    largest = Fraction(np.finfo(float).max)
    total = Fraction(1e308) + sum(Fraction(size) for size in sizes)
    # Rounding order may differ near the limit: judge only clear cases.
    clearly_over = total > largest * (1 + Fraction(1, 10 ** 9))
    clearly_under = total < largest * (1 - Fraction(1, 10 ** 9))
    try:
        frame = burndown(1e308, sizes, scope_added=sizes)
    except ValueError as err:
        assert "cannot be computed" in str(err)
        assert not clearly_under
        return
    assert not clearly_over
    assert np.isfinite(frame.select_dtypes("number").to_numpy()).all()
