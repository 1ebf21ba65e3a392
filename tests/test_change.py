"""implcourse.stakeholders.change: ADKAR barrier point, Kotter, resistance, the training
plan and the adoption teaching model.

ADKAR barrier point: Prosci, "Individual barriers to change and what to do about them",
https://blog.prosci.com/individual-barriers-to-change-and-what-to-do-about-them: on a
1-5 scale the barrier point is the first element (in ADKAR order) scoring 3 or less.
Kotter: Leading Change (1996), eight steps; Accelerate (2014), eight accelerators.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content
from implcourse.metrics.kpis import adoption_rate
from implcourse.portfolio import load_projects
from implcourse.stakeholders.change import (ADKAR, ADOPTION_MODEL, adkar_barrier,
                                            adkar_elements, adkar_profile, adoption_assumptions,
                                            adoption_calibration, adoption_curve, kotter_steps,
                                            resistance_causes, training_hours_per_user,
                                            training_plan)

NAMES = ["Awareness", "Desire", "Knowledge", "Ability", "Reinforcement"]
TRAINING = yaml.safe_load((content.datasets_dir() / "stakeholders" / "training_plan.yml")
                          .read_text(encoding="utf-8"))["roles"]


# --------------------------------------------------------------------------
# ADKAR
# --------------------------------------------------------------------------

def test_elements_in_order():
    assert adkar_elements().index.tolist() == NAMES
    assert [n.lower() for n in NAMES] == list(ADKAR)


@pytest.mark.parametrize("scores, expected", [
    ([2, 4, 4, 4, 4], "Awareness"),   # Prosci's Profile 1: barrier at Awareness
    ([4, 4, 3, 4, 4], "Knowledge"),   # 3 counts as a barrier ("3 or less")
    ([4, 1, 2, 1, 1], "Desire"),      # the FIRST weak element, not the lowest
    ([3, 1, 1, 1, 1], "Awareness"),
    ([4, 4, 4, 4, 3], "Reinforcement"),
    ([4, 4, 4, 4, 4], None),
    ([5, 5, 5, 5, 5], None),
])
def test_barrier_point_convention(scores, expected):
    assert adkar_barrier(scores) == expected
    assert adkar_barrier(dict(zip(NAMES, scores))) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=5, max_size=5), st.integers(1, 4))
def test_barrier_is_the_first_element_at_or_below_the_threshold(scores, threshold):
    expected = next((name for name, s in zip(NAMES, scores) if s <= threshold), None)
    assert adkar_barrier(scores, threshold) == expected
    profile = adkar_profile(scores, threshold)
    assert profile["Score"].tolist() == scores
    marked = profile.index[profile["Status"] == "barrier point"].tolist()
    assert marked == ([expected] if expected else [])


def test_keys_by_id_or_name_in_any_case():
    scores = {"AWARENESS": 5, "desire": 5, "Knowledge": 2, " ability ": 5, "reinforcement": 5}
    assert adkar_barrier(scores) == "Knowledge"


@pytest.mark.parametrize("scores, kind, text", [
    ([4, 4, 6, 4, 4], ValueError,
     r"Score for Knowledge must be a whole number from 1 to 5 \(you entered 6\)"),
    ([4, 0, 4, 4, 4], ValueError, r"Score for Desire .* \(you entered 0\)"),
    ([4, 2.5, 4, 4, 4], ValueError, r"Score for Desire .* \(you entered 2.5\)"),
    ([4, 4, 4, True, 4], TypeError, r"Score for Ability"),
    ([4, 4, 4, "3", 4], TypeError, r"Score for Ability"),
    ([4, 4, 4, float("nan"), 4], ValueError, r"Score for Ability"),
    ([4, 4, 4], ValueError, r"give five scores"),
    ({"awareness": 4, "desire": 4}, ValueError,
     r"Missing score\(s\) for Knowledge, Ability, Reinforcement"),
    ({**dict(zip(NAMES, [4] * 5)), "adoption": 3}, ValueError, r"Unknown ADKAR element 'adoption'"),
    ("44444", TypeError, r"ADKAR scores must be"),
])
def test_bad_scores_named(scores, kind, text):
    with pytest.raises(kind, match=text):
        adkar_barrier(scores)


@pytest.mark.parametrize("threshold", [0, 5, 2.5, True, "3"])
def test_bad_threshold(threshold):
    with pytest.raises(ValueError, match="Barrier threshold"):
        adkar_barrier([4] * 5, threshold)


# --------------------------------------------------------------------------
# Kotter, resistance
# --------------------------------------------------------------------------

def test_kotter_eight_steps_and_accelerators():
    steps = kotter_steps()
    assert steps.index.tolist() == list(range(1, 9))
    assert "urgency" in steps.loc[1, "Step"].lower()
    assert "coalition" in steps.loc[2, "Step"].lower()
    assert "culture" in steps.loc[8, "Step"].lower()
    fast = kotter_steps("2014")
    assert len(fast) == 8 and "volunteer" in fast.loc[4, "Step"].lower()
    assert kotter_steps(2014).equals(fast)
    with pytest.raises(ValueError, match="Kotter variant"):
        kotter_steps("1995")


def test_resistance_causes_link_to_adkar():
    table = resistance_causes()
    assert set(table["ADKAR element"]) <= set(NAMES)
    assert table["ADKAR element"].iloc[0] == "Awareness"  # Prosci: the most cited cause
    assert table["Response"].str.len().gt(0).all()


# --------------------------------------------------------------------------
# Training plan
# --------------------------------------------------------------------------

def test_training_plan_matches_the_file():
    plan = training_plan()
    assert plan.index.tolist() == [r["id"] for r in TRAINING]
    for r in TRAINING:
        row = plan.loc[r["id"]]
        assert row["Total hours"] == pytest.approx(r["audience"] * r["hours"])
        assert row["Weeks before go-live"] == r["weeks_before_golive"]
        assert row["Modules"].split(", ") == r["modules"]
    expected = (sum(r["audience"] * r["hours"] for r in TRAINING)
                / sum(r["audience"] for r in TRAINING))
    assert training_hours_per_user() == pytest.approx(expected)
    # key users are trained first and longest: they test and coach the others
    assert plan["Weeks before go-live"].idxmax() == "key_users"
    assert plan["Hours per person"].idxmax() == "key_users"


def test_training_plan_filter():
    plan = training_plan(["BUYERS", "finance"])
    assert plan.index.tolist() == ["finance", "procurement"]
    with pytest.raises(ValueError, match="Unknown role 'pilots'"):
        training_plan(["pilots"])
    with pytest.raises(TypeError, match="Roles must be a list"):
        training_plan("finance")
    with pytest.raises(ValueError, match="empty"):
        training_plan([])


# --------------------------------------------------------------------------
# Adoption teaching model
# --------------------------------------------------------------------------

def _expected(h, t):
    p = ADOPTION_MODEL
    g = 1 - math.exp(-h / p["scale"])
    return (p["floor"] + (p["ceiling"] - p["floor"]) * g) * (
        1 - math.exp(-(p["rate0"] + p["rate_gain"] * g) * t))


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 200), st.integers(1, 104))
def test_curve_is_the_stated_formula(hours, weeks):
    curve = adoption_curve(hours, weeks)
    assert curve.index.tolist() == list(range(weeks + 1))
    values = curve["Adoption (%)"].to_numpy()
    assert values[0] == 0
    steps = np.diff(values)
    assert np.all(steps >= 0) and np.all(steps[:min(weeks, 8)] > 0)
    assert values.max() < ADOPTION_MODEL["ceiling"]
    for t in (0, weeks // 2, weeks):
        assert values[t] == pytest.approx(_expected(hours, t))


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 100), st.floats(0.5, 50))
def test_more_training_raises_adoption_every_week(hours, extra):
    low = adoption_curve(hours, 30)["Adoption (%)"].to_numpy()
    high = adoption_curve(hours + extra, 30)["Adoption (%)"].to_numpy()
    assert np.all(high[1:] > low[1:])


def test_diminishing_returns():
    """Each extra 4 hours adds less to the plateau than the 4 before."""
    plateaus = [adoption_curve(h, 260)["Adoption (%)"].iloc[-1] for h in range(0, 41, 4)]
    gains = np.diff(plateaus)
    assert np.all(gains > 0) and np.all(np.diff(gains) < 0)


def test_users_columns_use_lesson_06_adoption_rate():
    curve = adoption_curve(10, 20, users=250)
    active = np.rint(curve["Adoption (%)"] / 100 * 250).astype(int)
    assert curve["Active users"].tolist() == active.astype(float).tolist()
    assert curve["Measured adoption (%)"].tolist() == [adoption_rate(int(a), 250) for a in active]


@pytest.mark.parametrize("args, kwargs, kind, text", [
    ((-1,), {}, ValueError, r"Training hours per user cannot be negative \(you entered -1\)"),
    ((float("nan"),), {}, ValueError, "finite"),
    ((201,), {}, ValueError, "outside the model"),
    (("8",), {}, TypeError, "Training hours per user must be a number"),
    ((True,), {}, TypeError, "Training hours per user"),
    ((8, 0), {}, ValueError, "Weeks after go-live must be a whole number from 1 to 260"),
    ((8, 2.5), {}, ValueError, "Weeks after go-live"),
    ((8, 10), {"users": 0}, ValueError, "Intended users"),
])
def test_adoption_bad_input(args, kwargs, kind, text):
    with pytest.raises(kind, match=text):
        adoption_curve(*args, **kwargs)


def test_calibration_against_lesson_06_portfolio():
    """The model's 90-day adoption stays within 5 points of the synthetic portfolio's
    mean adoption_90d in every band of training hours (recomputed here)."""
    df = load_projects().dropna(subset=["adoption_90d"])
    table = adoption_calibration()
    edges = (2, 6, 10, 14, 18, 24.5)
    for (lo, hi), (_, row) in zip(zip(edges, edges[1:]), table.iterrows()):
        part = df[(df["training_hours_per_user"] >= lo) & (df["training_hours_per_user"] < hi)]
        assert row["Projects"] == len(part)
        observed = part["adoption_90d"].mean()
        assert row["Portfolio adoption at 90 days (%)"] == pytest.approx(observed)
        model = _expected(part["training_hours_per_user"].mean(), 90 / 7)
        assert row["Model adoption at 90 days (%)"] == pytest.approx(model)
        assert abs(model - part["adoption_90d"].mean()) < 5
    assert "calibration" in adoption_assumptions().index


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def test_an_adkar_element_scored_twice_is_refused():
    scores = {"awareness": 4, "Awareness": 1, "desire": 4, "knowledge": 4, "ability": 4,
              "reinforcement": 4}
    for fn in (adkar_barrier, adkar_profile):
        with pytest.raises(ValueError, match=r"Awareness is scored twice \(as 'awareness' and "
                                             r"'Awareness'\)"):
            fn(scores)


def test_whole_floats_count_as_whole_numbers_like_the_scores_do():
    assert adkar_barrier([4, 3, 4, 4, 4], 3.0) == "Desire"
    assert len(adoption_curve(8, 26.0)) == 27
    with pytest.raises(ValueError, match=r"Weeks after go-live .* \(you entered 26.5\)"):
        adoption_curve(8, 26.5)


def test_training_plan_refuses_a_dict_of_roles():
    with pytest.raises(TypeError, match=r"Roles must be a list of role names \(you entered "
                                        r"\{'buyers': False\}\)"):
        training_plan({"buyers": False})


@pytest.mark.parametrize("users", [10 ** 18, 10 ** 30])
def test_adoption_refuses_user_counts_that_would_overflow(users):
    with pytest.raises(ValueError, match=f"Intended users must be <= 10000000000, got {users}"):
        adoption_curve(8, 13, users=users)


# --------------------------------------------------------------------------
# Issue 11: parameter names; huge numbers; odd band lists
# --------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: adkar_profile(dict.fromkeys(ADKAR, 3), threshold=10 ** 400), "threshold"),
    (lambda: adoption_curve(4, weeks=10 ** 400), "weeks"),
    (lambda: adoption_curve(10 ** 400), "Training hours per user"),
    (lambda: adkar_barrier(dict.fromkeys(ADKAR, 3) | {"desire": 9}), "scores['desire']"),
    (lambda: adkar_barrier({"awareness": 3}), "scores"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises((TypeError, ValueError)) as err:
        call()
    assert type(err.value) in (TypeError, ValueError)
    assert name in str(err.value)


@pytest.mark.parametrize("bins", [None, {1, 2}, (2e300, 6e300), (500, 600)])
def test_adoption_calibration_odd_bins(bins):
    """None raised "'NoneType' object is not iterable" and bands holding no project a
    KeyError before: now a clear error naming ``bins``, or an empty table."""
    if bins == (500, 600):
        assert adoption_calibration(bins).empty
        return
    with pytest.raises((TypeError, ValueError), match="bins"):
        adoption_calibration(bins)
