"""implcourse.rollout.simulation: the rollout comparison, checked against a plain loop
implementation written from the module's stated assumptions (not from its code), plus
properties that must hold whatever the inputs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.rollout.simulation import (MEASURES, SAMPLE_ORGANISATION, STRATEGIES,
                                           RolloutSimulation, simulate_rollout)


def ref_events(strategy, p):
    """Cutovers as (week, users, parallel), written out with loops from the assumptions."""
    per_site = [p["users"] // p["sites"] + (1 if i < p["users"] % p["sites"] else 0)
                for i in range(p["sites"])]
    if strategy in ("big_bang", "parallel"):
        groups = [(1, list(range(p["sites"])))]
    else:
        groups, rest, start = [], list(range(p["sites"])), 1
        if strategy == "pilot":
            groups, rest, start = [(1, [0])], list(range(1, p["sites"])), 1 + p["pilot_weeks"]
        wave = 0
        while rest:
            groups.append((start + wave // p["cutovers_per_week"], rest[:p["sites_per_wave"]]))
            rest = rest[p["sites_per_wave"]:]
            wave += 1
    return [(week, sum(per_site[i] for i in ids), strategy == "parallel")
            for week, ids in groups if week <= p["weeks"]]


def ref_run(strategy, p, seed, iterations):
    """Users hit per iteration and week, one iteration, one week and one cutover at a time."""
    events = ref_events(strategy, p)
    rng = np.random.default_rng(np.random.SeedSequence([seed, STRATEGIES.index(strategy)]))
    draws = rng.random((iterations, len(events)))
    hits = np.zeros((iterations, p["weeks"]))
    for it in range(iterations):
        escaped = []
        for e, (week, _, _) in enumerate(events):
            earlier = sum(1 for j in range(e) if escaped[j] and events[j][0] < week)
            chance = p["escape_probability"] * (1 - p["lessons_learned"]) ** earlier
            escaped.append(draws[it, e] < chance)
        for k in range(1, p["weeks"] + 1):
            for e, (week, users, parallel) in enumerate(events):
                shielded = parallel and k < week + p["parallel_weeks"]
                if escaped[e] and week <= k < week + p["fix_weeks"] and not shielded:
                    hits[it, k - 1] += users
    return events, hits


@st.composite
def organisations(draw):
    users = draw(st.integers(1, 60))
    return {
        "users": users,
        "sites": draw(st.integers(1, min(users, 8))),
        "escape_probability": draw(st.floats(0, 1)),
        "downtime_hours": draw(st.floats(0, 72)),
        "cutover_cost": draw(st.floats(0, 1e5)),
        "parallel_cost_per_week": draw(st.floats(0, 1e5)),
        "parallel_weeks": draw(st.integers(1, 4)),
        "sites_per_wave": draw(st.integers(1, 3)),
        "cutovers_per_week": draw(st.integers(1, 2)),
        "pilot_weeks": draw(st.integers(0, 3)),
        "fix_weeks": draw(st.integers(1, 3)),
        "lessons_learned": draw(st.floats(0, 1)),
        "weeks": draw(st.integers(1, 12)),
    }


@settings(max_examples=40, deadline=None)
@given(organisations(), st.integers(0, 10_000), st.integers(1, 25))
def test_vectorised_run_equals_a_loop_implementation(org, seed, iterations):
    sim = simulate_rollout(seed=seed, iterations=iterations, **org)
    for s in STRATEGIES:
        events, hits = ref_run(s, org, seed, iterations)
        np.testing.assert_allclose(sim.hits[s], hits)
        wide = {m: sim.wide(m)[sim.wide(m).columns[STRATEGIES.index(s)]].to_numpy()
                for m in MEASURES}
        for k in range(1, org["weeks"] + 1):
            moved = sum(u for w, u, _ in events if w <= k)
            now = [(u, par) for w, u, par in events if w == k]
            cost = len(now) * org["cutover_cost"]
            if s == "parallel" and k < 1 + org["parallel_weeks"]:
                cost += org["parallel_cost_per_week"]
            assert wide["users_new"][k - 1] == moved
            assert wide["cutovers"][k - 1] == len(now)
            assert wide["downtime_hours"][k - 1] == pytest.approx(
                sum(org["downtime_hours"] for _, par in now if not par))
            assert wide["user_downtime_hours"][k - 1] == pytest.approx(
                sum(u * org["downtime_hours"] for u, par in now if not par))
            assert wide["cost"][k - 1] == pytest.approx(cost)
            assert wide["users_hit_mean"][k - 1] == pytest.approx(hits[:, k - 1].mean())
            assert wide["users_hit_p80"][k - 1] == pytest.approx(
                np.quantile(hits[:, k - 1], 0.8))


@settings(max_examples=40, deadline=None)
@given(organisations(), st.integers(0, 10_000))
def test_no_escape_means_no_exposure(org, seed):
    sim = simulate_rollout(seed=seed, iterations=20, **dict(org, escape_probability=0.0))
    for s in STRATEGIES:
        assert not sim.hits[s].any()
        assert not sim.escaped[s].any()
    assert (sim.summary["Users hit (mean)"] == 0).all()
    assert (sim.summary["Chance at least one defect escapes"] == 0).all()


@settings(max_examples=40, deadline=None)
@given(organisations())
def test_everyone_moves_by_the_horizon_when_capacity_allows(org):
    """Finish weeks from the rules: big bang and parallel week 1; phased
    ceil(waves / cutovers per week); pilot 1 + pilot weeks + the same for the other sites."""
    waves = math.ceil(org["sites"] / org["sites_per_wave"])
    later = math.ceil((org["sites"] - 1) / org["sites_per_wave"])
    finish = {"big_bang": 1, "parallel": 1,
              "phased": math.ceil(waves / org["cutovers_per_week"]),
              "pilot": 1 if org["sites"] == 1 else
              org["pilot_weeks"] + math.ceil(later / org["cutovers_per_week"])}
    horizon = max(finish.values())
    sim = simulate_rollout(seed=0, iterations=5, **dict(org, weeks=horizon))
    moved = sim.wide("users_new").iloc[-1]
    assert (moved == org["users"]).all()
    got = sim.summary["Weeks to move everyone"]
    for s in STRATEGIES:
        assert got[sim.wide("users_new").columns[STRATEGIES.index(s)]] == finish[s]
    if horizon > 1:   # one week short: the slowest strategy has not finished
        short = simulate_rollout(seed=0, iterations=5, **dict(org, weeks=horizon - 1))
        assert short.summary["Weeks to move everyone"].isna().any()


def test_certain_escapes_without_learning_hit_each_group_until_fixed():
    """With p = 1 and no learning every cutover lets a defect through: each group is hit
    for fix_weeks weeks, except under the parallel run, which shields it for 4 weeks."""
    org = dict(SAMPLE_ORGANISATION, escape_probability=1.0, lessons_learned=0.0, fix_weeks=2)
    sim = simulate_rollout(seed=3, iterations=10, **org)
    users = org["users"]
    s = sim.summary
    assert s.loc["Big bang (direct cutover)", "User-weeks hit (mean)"] == users * 2
    assert s.loc["Phased rollout", "User-weeks hit (mean)"] == users * 2
    assert s.loc["Parallel run", "User-weeks hit (mean)"] == 0
    assert s.loc["Big bang (direct cutover)", "Largest group exposed at once (users)"] == users
    assert s.loc["Phased rollout", "Largest group exposed at once (users)"] == users / 4 * 2
    longer_fix = simulate_rollout(seed=3, iterations=10, **dict(org, fix_weeks=6))
    assert longer_fix.summary.loc["Parallel run", "User-weeks hit (mean)"] == users * 2


def test_mean_exposure_matches_its_expectation_without_learning():
    """With independent cutovers, E[users hit in week k] = p x users exposed in week k."""
    p = 0.3
    sim = simulate_rollout(seed=11, iterations=20_000, escape_probability=p,
                           lessons_learned=0.0)
    mean, exposed = sim.wide("users_hit_mean"), sim.wide("users_exposed")
    for name in mean.columns:
        for k in mean.index:
            expected = p * exposed.loc[k, name]
            # Each cutover's users are hit with probability p: sd = users * sqrt(p(1-p)).
            se = math.sqrt(p * (1 - p)) * exposed.loc[k, name] / math.sqrt(20_000)
            assert abs(mean.loc[k, name] - expected) <= 4 * se + 1e-9


def test_lessons_learned_protect_later_waves():
    base = dict(escape_probability=0.5, iterations=4_000)
    none = simulate_rollout(seed=5, lessons_learned=0.0, **base)
    full = simulate_rollout(seed=5, lessons_learned=1.0, **base)
    for name in ("Phased rollout", "Pilot"):
        assert (full.summary.loc[name, "Users hit (mean)"]
                < none.summary.loc[name, "Users hit (mean)"])
    # A single cutover has nothing to learn from.
    assert (full.summary.loc["Big bang (direct cutover)", "Users hit (mean)"]
            == none.summary.loc["Big bang (direct cutover)", "Users hit (mean)"])


def test_deterministic_per_seed_and_independent_of_the_subset():
    a = simulate_rollout(seed=42, iterations=300)
    b = simulate_rollout(seed=42, iterations=300)
    c = simulate_rollout(seed=43, iterations=300)
    only = simulate_rollout(seed=42, iterations=300, strategies=["pilot"])
    assert a.table.equals(b.table) and a.summary.equals(b.summary)
    assert not np.array_equal(a.hits["phased"], c.hits["phased"])
    np.testing.assert_array_equal(only.hits["pilot"], a.hits["pilot"])
    assert only.strategies == ["pilot"]


def test_tidy_table_shape_and_labels():
    sim = simulate_rollout(seed=1, weeks=5, iterations=50)
    assert isinstance(sim, RolloutSimulation)
    assert list(sim.table.columns) == ["week", "strategy", "measure", "value"]
    assert len(sim.table) == 5 * len(STRATEGIES) * len(MEASURES)
    assert set(sim.table["measure"]) == set(MEASURES)
    assert sim.summary.index.tolist() == ["Big bang (direct cutover)", "Phased rollout",
                                          "Parallel run", "Pilot"]
    assert sim.assumptions and sim.currency == "EUR"
    with pytest.raises(ValueError, match=r"Unknown measure 'speed'"):
        sim.wide("speed")


@pytest.mark.parametrize("change, error, pattern", [
    ({"users": -5}, ValueError, r"Number of users cannot be negative \(you entered -5\)"),
    ({"sites": -1}, ValueError, r"Number of sites cannot be negative \(you entered -1\)"),
    ({"sites": 0}, ValueError, r"Number of sites must be a whole number of at least 1"),
    ({"sites": 5000}, ValueError, r"Number of sites cannot be more than the number of users"),
    ({"escape_probability": 1.2}, ValueError, r"Chance a defect escapes at a cutover must be "
                                              r"a probability from 0 to 1 \(you entered 1.2\)"),
    ({"escape_probability": -0.1}, ValueError, r"probability from 0 to 1"),
    ({"escape_probability": float("nan")}, ValueError, r"probability from 0 to 1 .*nan"),
    ({"sites_per_wave": 0}, ValueError, r"Sites per wave must be a whole number of at least 1"),
    ({"cutovers_per_week": 0}, ValueError, r"Cutovers per week must be a whole number"),
    ({"downtime_hours": -2}, ValueError, r"Outage per cutover \(hours\) cannot be negative"),
    ({"cutover_cost": float("inf")}, ValueError, r"Cost per cutover must be an ordinary"),
    ({"parallel_cost_per_week": True}, TypeError, r"Parallel-run cost per week must be a "
                                                  r"number"),
    ({"weeks": 0}, ValueError, r"Horizon \(weeks\) must be a whole number from 1 to 520"),
    ({"fix_weeks": 1.5}, TypeError, r"Weeks to fix an escaped defect must be a whole number"),
    ({"lessons_learned": 2}, ValueError, r"Lessons learned .* probability from 0 to 1"),
    ({"budget": 3}, ValueError, r"Unknown input 'budget'; the inputs are users, sites"),
])
def test_bad_inputs_name_the_field(change, error, pattern):
    with pytest.raises(error, match=pattern):
        simulate_rollout(seed=1, iterations=10, **change)


def test_bad_run_settings():
    with pytest.raises(ValueError, match=r"Iterations must be a whole number from 1"):
        simulate_rollout(seed=1, iterations=0)
    with pytest.raises(ValueError, match=r"Seed cannot be negative"):
        simulate_rollout(seed=-1)
    with pytest.raises(ValueError, match=r"Unknown strategy 'waterfall'"):
        simulate_rollout(seed=1, strategies=["waterfall"])
    with pytest.raises(TypeError, match=r"Strategies must be a list"):
        simulate_rollout(seed=1, strategies="pilot")
    with pytest.raises(ValueError, match=r"Choose at least one strategy"):
        simulate_rollout(seed=1, strategies=[])
    with pytest.raises(TypeError, match=r"seed"):
        simulate_rollout()


# --------------------------------------------------------------------------
# Issue 11: cutover_events checks its inputs; limits refuse runaway sizes
# --------------------------------------------------------------------------

from implcourse.rollout.simulation import MAX_SITES, cutover_events  # noqa: E402

_EVENTS = dict(strategy="phased", users=100, sites=5, sites_per_wave=2, cutovers_per_week=1,
               pilot_weeks=3, weeks=10)


@pytest.mark.parametrize("name, bad", [
    ("sites", 0),            # ZeroDivisionError before
    ("sites", -1),           # IndexError before
    ("sites", 10 ** 40),     # ran for ever before
    ("cutovers_per_week", 0),
    ("users", 10 ** 40),     # OverflowError before
    ("users", float("nan")),
    ("users", True),
    ("pilot_weeks", None),
    ("weeks", "10"),
    ("strategy", ["phased"]),
])
def test_cutover_events_refuses_bad_input_by_name(name, bad):
    with pytest.raises((TypeError, ValueError)) as err:
        cutover_events(**{**_EVENTS, name: bad})
    assert type(err.value) in (TypeError, ValueError)
    assert name in str(err.value)


def test_simulation_refuses_more_sites_than_the_limit():
    with pytest.raises(ValueError, match=f"cannot be more than {MAX_SITES:,}.*sites"):
        simulate_rollout(seed=1, weeks=3, iterations=10, users=10 ** 6, sites=MAX_SITES + 1)


@pytest.mark.parametrize("name", ["cutover_cost", "parallel_cost_per_week", "downtime_hours"])
def test_simulation_results_stay_finite_at_the_largest_inputs(name):
    """The largest amounts taken give finite sums (1e308 per cutover overflowed before
    the amounts had an upper limit)."""
    with pytest.raises(ValueError, match=name):
        simulate_rollout(seed=1, weeks=3, iterations=10, **{name: 1e308})
    sim = simulate_rollout(seed=1, weeks=52, iterations=10, cutover_cost=1e15,
                           parallel_cost_per_week=1e15, downtime_hours=8760.0)
    numbers = sim.summary.drop(columns=["Weeks to move everyone"]).to_numpy(dtype=float)
    assert np.isfinite(numbers).all()
