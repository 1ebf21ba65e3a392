"""implcourse.rollout.strategy: the strategies and services as data, the weighted-scoring
teaching model and its weight sensitivity.

Scores are recomputed independently from the raw YAML of datasets/rollout/selection.yml
with plain Python (no numpy, none of the package's code), so a slip in the vectorised
model shows up as a disagreement.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from implcourse import content
from implcourse.rollout import strategy as sm
from implcourse.rollout.strategy import (default_weights, factors_table, get_strategy,
                                         load_services, load_strategies, recommend_strategy,
                                         sample_factors, services_table, strategies_table,
                                         weight_sensitivity)

ROOT = content.datasets_dir() / "rollout"
RAW_SEL = yaml.safe_load((ROOT / "selection.yml").read_text(encoding="utf-8"))
RAW_STRAT = yaml.safe_load((ROOT / "strategies.yml").read_text(encoding="utf-8"))["strategies"]
RAW_SERV = yaml.safe_load((ROOT / "services.yml").read_text(encoding="utf-8"))["services"]
FACTORS = RAW_SEL["factors"]
FIDS = [f["id"] for f in FACTORS]
ORDINAL = [f["id"] for f in FACTORS if f["kind"] == "ordinal"]
DIRS = RAW_SEL["directions"]
SIDS = list(DIRS)
NAME = {s["id"]: s["name"] for s in RAW_STRAT}


def scaled(fid: str, value: float) -> float:
    f = next(f for f in FACTORS if f["id"] == fid)
    if f["kind"] == "count":
        return min(1.0, max(0.0, (math.log10(value) - 1) / 4))
    return (value - f["scale_min"]) / (f["scale_max"] - f["scale_min"])


def reference_scores(values: dict, weights: dict) -> dict:
    """score_s = 100 * sum_f w_f (0.5 + d_sf (x_f - 0.5)) / sum_f w_f, as selection.yml states."""
    total = sum(weights.values())
    return {s: 100 * sum(weights[f] * (0.5 + DIRS[s][f] * (scaled(f, values[f]) - 0.5))
                         for f in FIDS) / total for s in SIDS}


def reference_top(values: dict, weights: dict) -> str:
    scores = reference_scores(values, weights)
    return sorted(SIDS, key=lambda s: (-round(scores[s], 9), SIDS.index(s)))[0]


factor_values = st.fixed_dictionaries(
    {**{f: st.integers(1, 5) for f in ORDINAL}, "users": st.integers(1, 500_000)})
weight_values = st.fixed_dictionaries({f: st.floats(0, 10, allow_nan=False) for f in FIDS})


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def test_strategies_match_the_file_and_modern_forms_map_to_classic_ones():
    strategies = load_strategies()
    assert [s.id for s in strategies] == [s["id"] for s in RAW_STRAT]
    classic = {s.id for s in strategies if s.family == "classic"}
    assert {"big_bang", "phased", "parallel", "pilot"} <= classic
    assert get_strategy("canary").classic_counterpart == "pilot"
    assert get_strategy("blue_green").classic_counterpart in classic
    assert [v.name for v in get_strategy("phased").variants] == ["By site", "By module",
                                                                 "By user group"]
    table = strategies_table()
    assert list(table.index) == [s["name"] for s in RAW_STRAT]
    assert table.loc["Canary release", "Classic counterpart"] == "Pilot"
    assert {"Advantages", "Disadvantages", "Typical use", "Rollback"} <= set(table.columns)


def test_services_cover_the_seeds_eight_kinds():
    """Seed 001 lists four kinds of implementation and four of upgrade."""
    services = load_services()
    assert [s.id for s in services] == [s["id"] for s in RAW_SERV]
    assert sum(s.kind == "implementation" for s in services) == 4
    assert sum(s.kind == "upgrade" for s in services) == 4
    table = services_table("upgrade")
    assert list(table.index) == [s["name"] for s in RAW_SERV if s["kind"] == "upgrade"]
    assert {"Downtime pattern", "Rollback options", "Testing needs",
            "Who is affected"} <= set(table.columns)
    with pytest.raises(ValueError, match=r"Kind of service must be .*you entered 'repair'"):
        services_table("repair")
    with pytest.raises(ValueError, match=r"Family must be 'classic' or 'modern'"):
        strategies_table("future")


def test_factors_weights_and_the_seeds_six():
    seed_six = {"system_complexity", "downtime_tolerance", "resource_availability",
                "testing_capability", "user_impact", "rollback_plan"}
    assert seed_six | {"users", "regulatory_constraint"} == set(FIDS)
    assert default_weights() == {f["id"]: float(f["weight"]) for f in FACTORS}
    assert list(factors_table().index) == [f["name"] for f in FACTORS]
    assert set(sample_factors()) == set(FIDS)


def test_get_strategy_by_name_and_unknown():
    assert get_strategy("PILOT").id == "pilot"
    with pytest.raises(ValueError, match=r"Unknown strategy 'agile'; choose one of 'big_bang'"):
        get_strategy("agile")
    with pytest.raises(TypeError, match=r"strategy must be given by its name \(you entered 3\)"):
        get_strategy(3)


def test_a_modern_strategy_without_counterpart_is_refused(write):
    text = (ROOT / "strategies.yml").read_text(encoding="utf-8").replace(
        "classic_counterpart: pilot", "classic_counterpart: canary")
    path = write("strategies.yml", text)
    with pytest.raises(content.ContentError, match=r"entry 5 \(id 'canary'\): field "
                                                   r"'classic_counterpart'"):
        load_strategies(path)


# --------------------------------------------------------------------------
# The scoring model
# --------------------------------------------------------------------------

@settings(max_examples=120, deadline=None)
@given(factor_values, weight_values)
def test_scores_agree_with_an_independent_computation(values, weights):
    assume(sum(weights.values()) > 1e-6)
    result = recommend_strategy(values, weights)
    expected = reference_scores(values, weights)
    for s in SIDS:
        assert math.isclose(result.scores[s], expected[s], rel_tol=1e-9, abs_tol=1e-9)
        # The breakdown's column adds up to the score.
        assert math.isclose(result.breakdown[NAME[s]].sum(), expected[s], abs_tol=1e-9)
    assert 0 <= min(result.scores.values()) and max(result.scores.values()) <= 100
    assert result.order[0] == reference_top(values, weights)
    assert list(result.ranking["Strategy"]) == [NAME[s] for s in result.order]
    ranked = list(result.ranking["Score (out of 100)"])
    assert all(a >= b - 1e-9 for a, b in zip(ranked, ranked[1:]))   # best first


@settings(max_examples=80, deadline=None)
@given(factor_values, weight_values, st.integers(1, 4))
def test_raising_downtime_tolerance_never_lowers_big_bang(values, weights, step):
    """Seed 001: a big bang suits only cases where downtime is manageable."""
    assume(sum(weights.values()) > 1e-6)
    values = dict(values, downtime_tolerance=min(values["downtime_tolerance"], 5 - step)
                  if values["downtime_tolerance"] + step > 5 else values["downtime_tolerance"])
    higher = dict(values, downtime_tolerance=min(5, values["downtime_tolerance"] + step))
    assert (recommend_strategy(higher, weights).scores["big_bang"]
            >= recommend_strategy(values, weights).scores["big_bang"] - 1e-12)


@settings(max_examples=80, deadline=None)
@given(factor_values, st.integers(1, 4))
def test_user_impact_and_users_never_help_big_bang(values, step):
    """Seed 001: phased rollouts minimise disruption; more users at once means a bigger
    support peak for a big bang."""
    base = recommend_strategy(values).scores
    impact = recommend_strategy(dict(values, user_impact=min(5, values["user_impact"] + step)))
    more = recommend_strategy(dict(values, users=values["users"] * 10))
    assert impact.scores["big_bang"] <= base["big_bang"] + 1e-12
    assert impact.scores["phased"] >= base["phased"] - 1e-12
    assert more.scores["big_bang"] <= base["big_bang"] + 1e-12


@settings(max_examples=60, deadline=None)
@given(factor_values, weight_values, st.floats(0.01, 100))
def test_only_the_ratios_of_the_weights_matter(values, weights, factor):
    assume(sum(weights.values()) > 1e-3)
    a = recommend_strategy(values, weights)
    b = recommend_strategy(values, {k: v * factor for k, v in weights.items()})
    assert a.order == b.order
    for s in SIDS:
        assert math.isclose(a.scores[s], b.scores[s], rel_tol=1e-9, abs_tol=1e-9)


def test_textbook_situations():
    """Laudon & Laudon (MIS, ch. on building information systems) and seed 001: a small,
    simple system with a tolerable outage, strong testing and a rehearsed rollback suits a
    direct cutover; a regulated process that cannot stop, with resources to spare, suits a
    parallel run; a complex system with many users and high impact suits a phased rollout."""
    simple = dict(system_complexity=1, downtime_tolerance=5, resource_availability=2,
                  testing_capability=5, user_impact=1, rollback_plan=5, users=20,
                  regulatory_constraint=1)
    assert recommend_strategy(simple).top == "big_bang"
    regulated = dict(simple, downtime_tolerance=1, resource_availability=5,
                     regulatory_constraint=5, rollback_plan=1, testing_capability=2,
                     user_impact=4, system_complexity=3)
    assert recommend_strategy(regulated).top == "parallel"
    large = dict(simple, system_complexity=5, user_impact=5, users=50_000,
                 downtime_tolerance=2, testing_capability=3, rollback_plan=3)
    assert recommend_strategy(large).top == "phased"


def test_explanation_names_the_deciding_factors():
    result = recommend_strategy(sample_factors())
    first, second = result.order[:2]
    margin = {f: result.breakdown.loc[n, NAME[first]] - result.breakdown.loc[n, NAME[second]]
              for f, n in zip(FIDS, [f["name"] for f in FACTORS])}
    best = max(margin, key=margin.get)
    assert result.deciding[0] == best
    assert result.explanation.startswith(f"{NAME[first]} ranks first with "
                                         f"{result.scores[first]:.0f} of 100 points")
    assert "teaching model" in result.explanation
    described = next(f for f in sm.load_factors() if f.id == best).describe(
        result.factors[best])
    assert described in result.explanation
    assert result.top_name == NAME[first]


def test_a_tie_is_called_a_tie():
    values = {f: 3 for f in ORDINAL} | {"users": 316}
    result = recommend_strategy(values, {"users": 0})   # every other factor mid-scale
    assert len(set(round(v, 6) for v in result.scores.values())) == 1
    assert result.order == SIDS
    assert "are level with 50 of 100 points" in result.explanation


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

@pytest.mark.parametrize("change, error, pattern", [
    ({"user_impact": 6}, ValueError, r"User impact must be a whole number from 1 to 5 \(you "
                                     r"entered 6\)"),
    ({"system_complexity": 0}, ValueError, r"System complexity must be a whole number from "
                                           r"1 to 5 \(you entered 0\)"),
    ({"rollback_plan": 2.5}, TypeError, r"Rollback plan must be a whole number from 1 to 5 "
                                        r"\(you entered 2.5\)"),
    ({"testing_capability": True}, TypeError, r"Testing capability must be .*True"),
    ({"downtime_tolerance": "3"}, TypeError, r"Downtime tolerance must be .*'3'"),
    ({"users": -3}, ValueError, r"Number of users cannot be negative \(you entered -3\)"),
    ({"users": 0}, ValueError, r"Number of users must be a whole number of at least 1 \(you "
                               r"entered 0\)"),
    ({"users": float("nan")}, TypeError, r"Number of users must be .*nan"),
    ({"speed": 3}, ValueError, r"Unknown factor 'speed'; the factors are 'system_complexity'"),
])
def test_bad_factor_values(change, error, pattern):
    with pytest.raises(error, match=pattern):
        recommend_strategy(dict(sample_factors(), **change))


def test_missing_factors_are_named_and_names_are_accepted():
    values = sample_factors()
    del values["users"], values["rollback_plan"]
    with pytest.raises(ValueError, match=r"Missing factor\(s\): Rollback plan, Number of "
                                         r"users"):
        recommend_strategy(values)
    by_name = {f["name"]: sample_factors()[f["id"]] for f in FACTORS}
    assert recommend_strategy(by_name).scores == recommend_strategy(sample_factors()).scores
    assert recommend_strategy({**sample_factors(), "users": 1200.0}).top == "phased"
    with pytest.raises(TypeError, match=r"factors must be given as a dict"):
        recommend_strategy([1, 2, 3])


@pytest.mark.parametrize("weights, error, pattern", [
    ({"users": -1}, ValueError, r"Weight of Number of users cannot be negative \(you "
                                r"entered -1\)"),
    ({f: 0 for f in FIDS}, ValueError, r"The weights cannot all be zero"),
    ({"cost": 1}, ValueError, r"Unknown factor 'cost' in the weights"),
    ({"users": float("inf")}, ValueError, r"Weight of Number of users must be an ordinary "
                                          r"number \(you entered inf\)"),
    ({"users": False}, TypeError, r"Weight of Number of users must be a number"),
    ([("users", 1)], TypeError, r"weights must be given as a dict"),
])
def test_bad_weights(weights, error, pattern):
    with pytest.raises(error, match=pattern):
        recommend_strategy(sample_factors(), weights)


def test_partial_weights_keep_the_other_defaults():
    result = recommend_strategy(sample_factors(), {"regulatory_constraint": 5})
    assert result.weights == dict(default_weights(), regulatory_constraint=5.0)


# --------------------------------------------------------------------------
# Weight sensitivity
# --------------------------------------------------------------------------

def brute_force_move(values, weights, fid, direction, max_weight, step=0.001):
    """Scan one weight in small steps (independent scores) until the leader changes."""
    top = reference_top(values, weights)
    limit = max_weight - weights[fid] if direction > 0 else weights[fid]
    k = 1
    while k * step <= limit + 1e-12:
        trial = dict(weights, **{fid: weights[fid] + direction * k * step})
        if sum(trial.values()) > 1e-12 and reference_top(values, trial) != top:
            return k * step, reference_top(values, trial)
        k += 1
    return math.nan, ""


@pytest.mark.parametrize("values", [
    None,
    dict(system_complexity=2, downtime_tolerance=4, resource_availability=2,
         testing_capability=4, user_impact=3, rollback_plan=4, users=300,
         regulatory_constraint=2),
    dict(system_complexity=5, downtime_tolerance=1, resource_availability=4,
         testing_capability=2, user_impact=5, rollback_plan=2, users=20_000,
         regulatory_constraint=5),
])
def test_weight_sensitivity_agrees_with_a_brute_force_scan(values):
    values = values or sample_factors()
    weights = default_weights()
    table = weight_sensitivity(values, max_weight=6)
    assert list(table.index) == [f["name"] for f in FACTORS]
    for fid, name in zip(FIDS, table.index):
        for direction, col, leader in ((1, "Move up by", "New leader (up)"),
                                       (-1, "Move down by", "New leader (down)")):
            move, who = brute_force_move(values, weights, fid, direction, 6)
            got = table.loc[name, col]
            if math.isnan(move):
                assert math.isnan(got), (name, col, got)
                assert table.loc[name, leader] == ""
            else:
                assert got == pytest.approx(move, abs=0.0011), (name, col)
                assert table.loc[name, leader] == NAME[who]


def test_weight_sensitivity_words_and_errors():
    table = weight_sensitivity(sample_factors())
    row = table.loc["Downtime tolerance"]
    assert row["In words"].startswith(f"Raising it by {row['Move up by']:.2f}")
    assert "never" in table.loc["Rollback plan", "In words"]
    with pytest.raises(ValueError, match=r"Largest weight must be more than 0 \(you entered "
                                         r"0\)"):
        weight_sensitivity(sample_factors(), max_weight=0)
    with pytest.raises(ValueError, match=r"Largest weight must be at least the largest "
                                         r"weight given \(20\)"):
        weight_sensitivity(sample_factors(), {"users": 20})
    with pytest.raises(ValueError, match=r"User impact must be"):
        weight_sensitivity(dict(sample_factors(), user_impact=9))


# --------------------------------------------------------------------------
# Issue 11: parameter names in messages; huge numbers refused, not overflowed
# --------------------------------------------------------------------------

@pytest.mark.parametrize("change, name", [
    ({"users": 10 ** 400}, "factors['users']"),
    ({"user_impact": "3"}, "factors['user_impact']"),
    ({"user_impact": 6}, "factors['user_impact']"),
])
def test_bad_factor_names_the_parameter(change, name):
    with pytest.raises((TypeError, ValueError)) as err:
        recommend_strategy({**sample_factors(), **change})
    assert name in str(err.value)


@pytest.mark.parametrize("weights, max_weight", [
    ({"users": 1e308}, 10.0), ({"users": 10 ** 400}, 10.0), (None, 10 ** 400), (None, 1e308)])
def test_huge_weights_are_refused_by_name(weights, max_weight):
    with pytest.raises(ValueError, match=r"weights\['users'\]|max_weight"):
        sm.weight_sensitivity(sample_factors(), weights, max_weight=max_weight)


@pytest.mark.parametrize("bad", [[1], {"a": 1}, 3])
def test_table_filters_refuse_non_text(bad):
    with pytest.raises(ValueError, match="Family"):
        sm.strategies_table(bad)
    with pytest.raises(ValueError, match="Kind"):
        sm.services_table(bad)
