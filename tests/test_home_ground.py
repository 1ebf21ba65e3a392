"""Boehm and Turner's five factors (implcourse.methods.home_ground).

Positions are recomputed here with a hand-written piecewise-linear
interpolation (no numpy), and the home ground from the course's rule.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from implcourse.methods.home_ground import (CRITICALITY_LEVELS, FACTOR_LABELS, FACTORS,
                                            SCALES, HomeGround, axis_position, home_ground,
                                            home_ground_factors)

ORDER = ["agile", "mixed", "plan-driven"]


def interp(points, x: float, log: bool = False) -> float:
    """Position 1..5 of x between the axis's scale points (independent of numpy)."""
    pts = [math.log10(p) for p in points] if log else [float(p) for p in points]
    x = math.log10(x) if log else x
    pairs = sorted(zip(pts, range(1, 6)))
    if x <= pairs[0][0]:
        return float(pairs[0][1])
    if x >= pairs[-1][0]:
        return float(pairs[-1][1])
    for (x0, y0), (x1, y1) in zip(pairs, pairs[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError


def expected(size, criticality, dynamism, l1b, l23, culture):
    pos = {"size": interp(SCALES["size"], size, log=True),
           "criticality": float(CRITICALITY_LEVELS.index(criticality) + 1),
           "dynamism": interp(SCALES["dynamism"], dynamism),
           "personnel": (interp(SCALES["personnel_level_1b"], l1b)
                         + interp(SCALES["personnel_level_2_3"], l23)) / 2,
           "culture": interp(SCALES["culture"], culture)}
    agile = [f for f in FACTORS if pos[f] < 3 - 1e-12]
    plan = [f for f in FACTORS if pos[f] > 3 + 1e-12]
    ground = "agile" if len(agile) == 5 else "plan-driven" if len(plan) == 5 else "mixed"
    return pos, ground


def test_published_scale_points():
    """Boehm & Turner, Balancing Agility and Discipline (2003), ch. 2, the
    polar chart of the five critical factors (also IEEE Computer 36(6), 2003,
    pp. 58-59): scale points from the centre (agile) outwards."""
    assert SCALES["size"] == (3, 10, 30, 100, 300)
    assert SCALES["dynamism"] == (50, 30, 10, 5, 1)
    assert SCALES["culture"] == (90, 70, 50, 30, 10)
    assert SCALES["personnel_level_1b"] == (0, 10, 20, 30, 40)
    assert SCALES["personnel_level_2_3"] == (35, 30, 25, 20, 15)
    assert CRITICALITY_LEVELS == ("comfort", "discretionary_funds", "essential_funds",
                                  "single_life", "many_lives")
    assert FACTORS == ("personnel", "dynamism", "culture", "size", "criticality")


@pytest.mark.parametrize("axis", [a for a in SCALES if a != "criticality"])
def test_scale_points_sit_at_positions_one_to_five(axis):
    assert [axis_position(axis, v) for v in SCALES[axis]] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_the_home_grounds_at_the_ends_of_every_axis():
    """Boehm & Turner's agile home ground: small teams, low criticality, many
    requirement changes, mostly experienced people, a culture that thrives on
    chaos; the plan-driven home ground is the opposite on every factor."""
    agile = home_ground(size=3, criticality="comfort", dynamism=50, personnel=(0, 35),
                        culture=90)
    assert agile.home_ground == "agile" and agile.pulls_agile == FACTORS
    assert all(p == 1.0 for p in agile.positions.values())
    plan = home_ground(size=300, criticality="many_lives", dynamism=1, personnel=(40, 15),
                       culture=10)
    assert plan.home_ground == "plan-driven" and plan.pulls_plan_driven == FACTORS
    assert all(p == 5.0 for p in plan.positions.values())
    middle = home_ground(size=30, criticality="essential_funds", dynamism=10,
                         personnel=(20, 25), culture=50)
    assert middle.home_ground == "mixed" and middle.on_midpoint == FACTORS
    assert middle.lean == "balanced"


factor_st = st.tuples(st.integers(1, 2000), st.sampled_from(CRITICALITY_LEVELS),
                      st.floats(0, 100), st.floats(0, 100), st.floats(0, 100),
                      st.floats(0, 100))


@settings(max_examples=250, deadline=None)
@given(factor_st)
def test_positions_and_home_ground(values):
    size, crit, dyn, l1b, l23, cult = values
    assume(l1b + l23 <= 100)
    pos, ground = expected(size, crit, dyn, l1b, l23, cult)
    result = home_ground(size=size, criticality=crit, dynamism=dyn, personnel=(l1b, l23),
                         culture=cult)
    assert isinstance(result, HomeGround)
    for f in FACTORS:
        assert math.isclose(result.positions[f], pos[f], abs_tol=1e-9), f
        assert 1 <= result.positions[f] <= 5
    # Near 3 the classification depends on rounding; compare away from it.
    if all(abs(p - 3) > 1e-9 for p in pos.values()):
        assert result.home_ground == ground
    assert set(result.pulls_agile) | set(result.pulls_plan_driven) | set(result.on_midpoint) \
        == set(FACTORS)
    assert list(result.positions) == list(FACTORS)
    lean = ("agile" if len(result.pulls_agile) > len(result.pulls_plan_driven) else
            "plan-driven" if len(result.pulls_plan_driven) > len(result.pulls_agile)
            else "balanced")
    assert result.lean == lean
    assert result.home_ground in result.summary()


@settings(max_examples=150, deadline=None)
@given(factor_st, st.integers(0, 500), st.integers(0, 4), st.floats(0, 50))
def test_moving_outwards_never_moves_towards_agile(values, more_people, more_crit, delta):
    """More people, higher criticality, fewer changes, more level 1B staff,
    fewer level 2-3 staff or less love of chaos each push outwards."""
    size, crit, dyn, l1b, l23, cult = values
    assume(l1b + l23 <= 100)
    base = dict(size=size, criticality=crit, dynamism=dyn, personnel=(l1b, l23), culture=cult)
    before = ORDER.index(home_ground(**base).home_ground)
    level = CRITICALITY_LEVELS[min(4, CRITICALITY_LEVELS.index(crit) + more_crit)]
    moved = [dict(base, size=size + more_people), dict(base, criticality=level),
             dict(base, dynamism=max(0.0, dyn - delta)), dict(base, culture=max(0.0, cult - delta)),
             dict(base, personnel=(min(100 - l23, l1b + delta), l23)),
             dict(base, personnel=(l1b, max(0.0, l23 - delta)))]
    for kwargs in moved:
        assert ORDER.index(home_ground(**kwargs).home_ground) >= before, kwargs


def test_values_in_words_and_labels_accepted():
    r = home_ground(size=1200, criticality="Loss of essential funds", dynamism=12.5,
                    personnel={"level_1b": 15, "level_2_3": 30}, culture=55)
    assert r.values["size"] == "1,200 people"
    assert r.values["criticality"] == "loss of essential funds"
    assert r.values["dynamism"] == "12.5% of requirements change per month"
    assert r.values["personnel"] == "15% level 1B, 30% levels 2 and 3"
    assert home_ground(size=5, criticality="Single life", dynamism=5, personnel=(0, 50),
                       culture=50).positions["criticality"] == 4.0
    assert home_ground(size=5, criticality="many-lives", dynamism=5, personnel=[0, 50],
                       culture=50).positions["criticality"] == 5.0


def test_result_is_frozen():
    r = home_ground(size=5, criticality="comfort", dynamism=40, personnel=(0, 50), culture=80)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.home_ground = "plan-driven"
    with pytest.raises(TypeError):
        r.positions["size"] = 5.0


GOOD = dict(size=10, criticality="comfort", dynamism=20, personnel=(10, 30), culture=60)


@pytest.mark.parametrize("change, error, message", [
    ({"size": 0}, ValueError, r"Size \(number of personnel\) must be a whole number of at "
                              r"least 1 \(you entered 0\)"),
    ({"size": 2.5}, TypeError, r"Size \(number of personnel\).*\(you entered 2\.5\)"),
    ({"size": True}, TypeError, r"Size \(number of personnel\).*\(you entered True\)"),
    ({"size": "12"}, TypeError, r"Size \(number of personnel\).*\(you entered '12'\)"),
    ({"criticality": "fatal"}, ValueError, r"Criticality must be one of comfort, .*'fatal'"),
    ({"criticality": 3}, TypeError, r"Criticality must be one of .*\(you entered 3\)"),
    ({"dynamism": -1}, ValueError, r"Dynamism \(% requirements change per month\) must be a "
                                   r"number from 0 to 100 \(you entered -1\.0\)"),
    ({"dynamism": 101}, ValueError, r"Dynamism .*\(you entered 101\.0\)"),
    ({"dynamism": float("nan")}, ValueError, r"Dynamism .*\(you entered nan\)"),
    ({"dynamism": "high"}, TypeError, r"Dynamism .*\(you entered 'high'\)"),
    ({"culture": float("inf")}, ValueError, r"Culture \(% thriving on chaos\) .*inf"),
    ({"culture": False}, TypeError, r"Culture \(% thriving on chaos\) .*False"),
    ({"personnel": (60, 50)}, ValueError, r"Personnel percentages cannot add up to more than "
                                          r"100 \(you entered 60 \+ 50\)"),
    ({"personnel": (10,)}, TypeError, r"Personnel must be a pair"),
    ({"personnel": "10/30"}, TypeError, r"Personnel must be a pair"),
    ({"personnel": (-5, 30)}, ValueError, r"Personnel \(% at Cockburn level 1B\) .*-5"),
    ({"personnel": (5, None)}, TypeError, r"Personnel \(% at Cockburn levels 2 and 3\)"),
    ({"personnel": {"level_1b": 5, "experts": 3}}, ValueError,
     r"Personnel has unknown key 'experts'; known: level_1b, level_2_3"),
    ({"personnel": {"level_1b": 5}}, ValueError, r"Personnel is missing 'level_2_3'"),
])
def test_bad_input_names_the_factor(change, error, message):
    with pytest.raises(error, match=message):
        home_ground(**(GOOD | change))


def test_factors_for_forms_and_charts():
    factors = home_ground_factors()
    assert [f["id"] for f in factors] == list(FACTORS)
    for f in factors:
        assert f["label"] == FACTOR_LABELS[f["id"]]
        assert len(f["scale"]) == 5 and f["agile_end"] and f["plan_driven_end"]
    personnel = next(f for f in factors if f["id"] == "personnel")
    assert personnel["scale"][0] == "0/35" and personnel["scale"][-1] == "40/15"


# --------------------------------------------------------------------------
# Issue 11: axis_position checks its input; huge sizes refused by name
# --------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [None, "speed", ["size"], "criticality"])
def test_axis_position_unknown_axis_is_a_clear_error(axis):
    # A KeyError (or "unhashable type") came out before.
    with pytest.raises((TypeError, ValueError), match="axis"):
        axis_position(axis, 10)


@pytest.mark.parametrize("value", [None, "30", True, float("nan"), 10 ** 400])
def test_axis_position_bad_value_is_a_clear_error(value):
    with pytest.raises((TypeError, ValueError), match="value"):
        axis_position("size", value)


def test_huge_team_size_is_refused_by_name():
    with pytest.raises(ValueError, match="Size"):
        home_ground(size=10 ** 400, criticality="comfort", dynamism=5, personnel=(0, 50),
                    culture=50)
