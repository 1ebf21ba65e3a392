"""implcourse.methods.tradeoff: the predictive-versus-incremental teaching model.

No published source gives this model's numbers (it is a teaching model), so
the tests check what its stated assumptions imply, against computations
written here: a closed form for one delivery without overhead, conservation
of the team's capacity, and monotone effects of change and overhead.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.methods import tradeoff
from implcourse.methods.tradeoff import APPROACHES, delivery_tradeoff, weekly_change

FAST = settings(max_examples=80, deadline=None)
DELIVERED, REWORK, OVERHEAD, IN_USE = ("Delivered (work units)", "Rework (work units)",
                                       "Overhead (work units)", "Value in use (unit-weeks)")


@st.composite
def plans(draw):
    weeks = draw(st.integers(1, 156))
    every = draw(st.integers(1, weeks))
    overhead = draw(st.floats(0, every))
    rate = draw(st.floats(0, 0.5))
    return weeks, rate, every, overhead


def test_the_docstring_says_teaching_model_and_states_its_assumptions():
    doc = tradeoff.__doc__
    assert "TEACHING MODEL" in doc and "NOT EVIDENCE" in doc
    for words in ("Value accrues only once delivered", "Change invalidates undelivered work",
                  "Delivered work is safe", "Every release has an overhead"):
        assert words in doc
    assert "TEACHING MODEL" in delivery_tradeoff.__doc__


def test_no_change_no_overhead_both_deliver_everything():
    """With nothing changing and free releases, every team-week is delivered by either
    approach, with no rework; increments only deliver it sooner."""
    r = delivery_tradeoff(weeks=40, change_rate=0, increment_weeks=5, release_overhead=0)
    for name in APPROACHES:
        assert r.total(name, DELIVERED) == pytest.approx(40)
        assert r.total(name, REWORK) == 0
    assert r.total("Incremental", IN_USE) > r.total("Predictive", IN_USE) == 0


@FAST
@given(plans())
def test_capacity_is_conserved(plan):
    """Delivered + rework + overhead = weeks: every team-week goes somewhere."""
    weeks, rate, every, overhead = plan
    r = delivery_tradeoff(weeks, rate, every, overhead)
    for name in APPROACHES:
        total = r.total(name, DELIVERED) + r.total(name, REWORK) + r.total(name, OVERHEAD)
        assert total == pytest.approx(weeks)
        rows = r.approach(name)
        assert rows["Undelivered valid work (work units)"].iloc[-1] == pytest.approx(0)
        assert rows[DELIVERED].is_monotonic_increasing and rows[REWORK].is_monotonic_increasing


@FAST
@given(weeks=st.integers(1, 200), rate=st.floats(0.001, 1))
def test_one_delivery_without_overhead_matches_the_closed_form(weeks, rate):
    """A unit built in week t survives weeks - t invalidations:
    delivered = sum (1 - w) ** (weeks - t) = (1 - (1 - w) ** weeks) / w."""
    w = 1 - (1 - rate) ** (12 / 52)
    expected = sum((1 - w) ** (weeks - t) for t in range(1, weeks + 1))
    r = delivery_tradeoff(weeks, rate, weeks, 0)
    assert r.total("Predictive", DELIVERED) == pytest.approx(expected)
    assert r.total("Predictive", REWORK) == pytest.approx(weeks - expected)


@FAST
@given(plans())
def test_incremental_rework_never_exceeds_predictive(plan):
    """Increments keep less undelivered work exposed to change (assumption 4)."""
    r = delivery_tradeoff(*plan)
    assert r.total("Incremental", REWORK) <= r.total("Predictive", REWORK) + 1e-9
    pred, inc = r.approach("Predictive"), r.approach("Incremental")
    stock = "Undelivered valid work (work units)"
    assert (inc[stock] <= pred[stock] + 1e-9).all()
    assert r.total("Incremental", "First delivery (week)") <= r.total("Predictive",
                                                                      "First delivery (week)")


@FAST
@given(plans(), st.floats(0, 0.5))
def test_rework_grows_with_the_change_rate(plan, other):
    weeks, rate, every, overhead = plan
    low, high = sorted((rate, other))
    a = delivery_tradeoff(weeks, low, every, overhead)
    b = delivery_tradeoff(weeks, high, every, overhead)
    for name in APPROACHES:
        assert b.total(name, REWORK) >= a.total(name, REWORK) - 1e-9
        assert b.total(name, DELIVERED) <= a.total(name, DELIVERED) + 1e-9


@FAST
@given(weeks=st.integers(2, 120), data=st.data())
def test_without_change_extra_releases_only_cost_overhead(weeks, data):
    every = data.draw(st.integers(1, weeks))
    overhead = data.draw(st.floats(0, every))
    r = delivery_tradeoff(weeks, 0, every, overhead)
    releases = r.total("Incremental", "Releases")
    assert r.total("Incremental", REWORK) == 0
    assert r.total("Predictive", DELIVERED) >= r.total("Incremental", DELIVERED) - 1e-9
    # Each release costs its overhead (a last block shorter than it costs only its length).
    blocks = [every] * (weeks // every) + ([weeks % every] if weeks % every else [])
    assert releases == len(blocks)
    assert r.total("Incremental", OVERHEAD) == pytest.approx(sum(min(b, overhead)
                                                                 for b in blocks))


@FAST
@given(plans())
def test_one_increment_the_whole_horizon_is_predictive(plan):
    weeks, rate, _, overhead = plan
    r = delivery_tradeoff(weeks, rate, weeks, min(overhead, weeks))
    for column in (DELIVERED, REWORK, OVERHEAD, IN_USE, "Releases"):
        assert r.total("Incremental", column) == pytest.approx(r.total("Predictive", column))


def test_weekly_change_compounds_to_the_monthly_rate():
    for rate in (0, 0.01, 0.05, 0.3, 1):
        w = weekly_change(rate)
        assert 1 - (1 - w) ** (52 / 12) == pytest.approx(rate)


def test_value_in_use_counts_weeks_after_delivery():
    """Increments of 2 weeks, no change, no overhead: 2 units delivered at the end of
    week 2 are in use from week 3, so value in use after week 4 is 2 + 2 = 4."""
    rows = delivery_tradeoff(4, 0, 2, 0).approach("Incremental")
    assert rows[DELIVERED].tolist() == [0, 2, 2, 4]
    assert rows[IN_USE].tolist() == [0, 0, 2, 4]
    assert rows["Released"].tolist() == [False, True, False, True]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"weeks": 0}, ValueError, "Weeks must be at least 1 (you entered 0)"),
    ({"weeks": 52.0}, TypeError, "Weeks must be a whole number"),
    ({"change_rate": -0.1}, ValueError, "Change rate (per month) cannot be negative"),
    ({"change_rate": 1.5}, ValueError, "Change rate (per month) cannot be more than 1"),
    ({"change_rate": True}, TypeError, "Change rate (per month) must be a number"),
    ({"increment_weeks": 60}, ValueError, "Increment length (weeks) cannot be more than 52"),
    ({"increment_weeks": 0}, ValueError, "Increment length (weeks) must be at least 1"),
    ({"release_overhead": -1}, ValueError, "Release overhead (weeks) cannot be negative"),
    ({"release_overhead": 5}, ValueError,
     "Release overhead (weeks) cannot be more than 4 weeks, the increment length"),
])
def test_inputs_are_checked_in_the_sliders_words(kwargs, error, words):
    args = {"weeks": 52, "change_rate": 0.05, "increment_weeks": 4,
            "release_overhead": 0.5} | kwargs
    with pytest.raises(error) as err:
        delivery_tradeoff(**args)
    assert words in str(err.value)


def test_lookups_are_checked():
    r = delivery_tradeoff()
    with pytest.raises(ValueError, match="Approach must be one of"):
        r.approach("Agile")
    with pytest.raises(ValueError, match="Column must be one of"):
        r.total("Predictive", "Profit")


@pytest.mark.parametrize("bad", [["Predictive"], None, 3])
def test_total_refuses_unhashable_or_odd_keys_by_name(bad):
    """total(["x"], ...) raised "unhashable type: 'list'" before."""
    from implcourse.methods.tradeoff import delivery_tradeoff

    r = delivery_tradeoff()
    with pytest.raises(ValueError, match="approach"):
        r.total(bad, "Releases")
    with pytest.raises(ValueError, match="column"):
        r.total("Predictive", bad)
