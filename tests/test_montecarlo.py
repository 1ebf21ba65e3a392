"""implcourse.montecarlo against theory and against independent computations.

* Serial chains: the simulated mean is the sum of the PERT (or triangular)
  means, and the simulated variance the sum of the tasks' exact beta (or
  triangular) variances -- which is *not* PERT's ((P - O)/6)^2 in general.
* Parallel paths: the merge bias (the mean of a maximum exceeds the mean of
  one path) and its growth with the number of paths, and the exact expected
  maximum by numerical integration.
* The deterministic limit and an iteration-by-iteration CPM recomputation
  with :func:`implcourse.schedule.analyse` check the totals and the
  critical flags.
* Risks: the task each acts on (the register's ``task`` column, else the
  last task of its phase), occurrence rates, the days and costs they add,
  opportunities, statuses, residual values and the cost of the planned
  responses, and shared occurrences between schedule and cost runs.
* Each task's finish day in every iteration (``finishes``, ``finish_of``).
* The result API against numpy on ``totals``, and the errors.

Every simulation has a fixed seed, so every run of this file sees the same
numbers; the statistical tolerances (3 standard errors and wider) are there
so that a correct implementation passes for any seed, and a wrong one does
not.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from implcourse import estimating, montecarlo, risk, schedule
from implcourse.estimating import estimated_plan
from implcourse.montecarlo import SimulationResult, risk_inputs, simulate_cost, simulate_schedule


# --------------------------------------------------------------------------
# Helpers and independent references
# --------------------------------------------------------------------------

def chain(estimates, phases=None):
    """A serial chain t0 -> t1 -> ... with (O, M, P) day estimates."""
    ids = [f"t{i}" for i in range(len(estimates))]
    records = [{"id": t, "name": t.upper(), "duration": est[1],
                "depends_on": [ids[i - 1]] if i else [],
                "phase": phases[i] if phases else None}
               for i, (t, est) in enumerate(zip(ids, estimates))]
    return estimated_plan(schedule.Plan.from_records(records), dict(zip(ids, estimates)))


def random_estimates(seed, size):
    """``size`` ordered (O, M, P) triples with a real spread."""
    rng = np.random.default_rng(seed)
    o = rng.uniform(1, 10, size)
    m = o + rng.uniform(0, 5, size)
    p = m + rng.uniform(0.5, 12, size)
    return [tuple(map(float, t)) for t in zip(o, m, p)]


def beta_variance(o, m, p):
    """The exact variance of the PERT-beta with alpha = 1 + 4(M-O)/(P-O),
    beta = 1 + 4(P-M)/(P-O) on [O, P] (scipy's beta, scaled)."""
    a = 1 + 4 * (m - o) / (p - o)
    b = 1 + 4 * (p - m) / (p - o)
    return stats.beta(a, b).var() * (p - o) ** 2


def triangular_variance(o, m, p):
    return (o * o + m * m + p * p - o * m - o * p - m * p) / 18


def parallel(k, estimate=(2.0, 4.0, 10.0)):
    """k identical parallel tasks, then a zero-duration end."""
    records = [{"id": f"p{i}", "name": f"P{i}", "duration": estimate[1]} for i in range(k)]
    records.append({"id": "end", "name": "End", "duration": 0,
                    "depends_on": [f"p{i}" for i in range(k)]})
    estimates = {f"p{i}": estimate for i in range(k)}
    estimates["end"] = (0, 0, 0)
    return estimated_plan(schedule.Plan.from_records(records), estimates)


def pert_cdf(estimate):
    o, m, p = estimate
    a, b = 1 + 4 * (m - o) / (p - o), 1 + 4 * (p - m) / (p - o)
    return lambda x: stats.beta(a, b).cdf((x - o) / (p - o))


COLUMNS_DEFAULT = {
    "title": "A risk", "cause": "A cause", "effect": "An effect", "category": "technical",
    "kind": "threat", "owner": "sponsor", "response": "accept", "response_cost": 0.0,
    "trigger": "A trigger", "status": "active",
}


def register(*rows):
    """A hand-made register: each row gives id, phase, probability and
    impacts; residual values default to the original ones. The optional
    ``task`` column is there only if some row names a task."""
    out = []
    for row in rows:
        full = {**COLUMNS_DEFAULT, **row}
        for c in ("probability", "impact_cost", "impact_days"):
            full.setdefault(f"residual_{c}", full[c])
        out.append(full)
    with_task = any("task" in row for row in rows)
    return pd.DataFrame(out, columns=risk.COLUMNS + (risk.OPTIONAL_COLUMNS if with_task else []))


def phased_plan():
    """Design: a (5), b (3) after a; testing: c (4) after b, d (2) after b.
    The last task of design is b (finishes day 8), of testing c (day 12)."""
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "phase": "design", "duration": 5},
        {"id": "b", "name": "B", "phase": "design", "duration": 3, "depends_on": ["a"]},
        {"id": "c", "name": "C", "phase": "testing", "duration": 4, "depends_on": ["b"]},
        {"id": "d", "name": "D", "phase": "testing", "duration": 2, "depends_on": ["b"]}])
    return estimated_plan(plan, {"a": (4, 5, 8), "b": (2, 3, 5), "c": (3, 4, 7),
                                 "d": (1, 2, 4)})


def last_task_of_phase(plan, phase):
    """Independently: the task of the phase with the latest early finish."""
    table = schedule.analyse(plan).table
    rows = table[table["phase"] == phase]
    return rows["early_finish"].idxmax()


def close(actual, expected, rtol=1e-12, atol=1e-9):
    """Element-wise closeness of arrays (numpy's, fast on long arrays)."""
    np.testing.assert_allclose(actual, np.broadcast_to(expected, np.shape(actual)),
                               rtol=rtol, atol=atol)


def binomial_ok(share, p, n, k=4.5):
    return abs(share - p) <= k * math.sqrt(p * (1 - p) / n) + 1e-12


# --------------------------------------------------------------------------
# Serial chains against theory
# --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_chain_mean_is_the_sum_of_pert_means(seed):
    estimates = random_estimates(seed, 2 + seed % 4)
    tasks = chain(estimates)
    result = simulate_schedule(tasks, n=20_000, seed=100 + seed)
    expected = sum((o + 4 * m + p) / 6 for o, m, p in estimates)
    assert abs(result.mean - expected) < 3 * result.standard_error
    # Every task of a chain is critical in every iteration, and the total
    # is the sum of the task draws.
    assert result.critical.all()
    close(result.totals, result.samples.sum(axis=1))


@pytest.mark.parametrize("seed", range(4))
def test_chain_mean_triangular(seed):
    estimates = random_estimates(50 + seed, 3 + seed)
    tasks = chain(estimates)
    result = simulate_schedule(tasks, n=20_000, seed=seed, distribution="triangular")
    expected = sum((o + m + p) / 3 for o, m, p in estimates)
    assert abs(result.mean - expected) < 3 * result.standard_error
    # and its variance is the sum of the triangular variances
    assert result.sd ** 2 == pytest.approx(sum(triangular_variance(*e) for e in estimates),
                                           rel=0.05)
    # and it differs from the PERT mean (the formulas differ for skewed tasks)
    pert_mean = sum((o + 4 * m + p) / 6 for o, m, p in estimates)
    assert abs(result.mean - pert_mean) > 5 * result.standard_error


def test_chain_variance_is_the_sum_of_exact_beta_variances():
    estimates = random_estimates(7, 4)
    tasks = chain(estimates)
    result = simulate_schedule(tasks, n=200_000, seed=11)
    exact = sum(beta_variance(*e) for e in estimates)
    assert result.sd ** 2 == pytest.approx(exact, rel=0.03)
    # The sum of PERT's ((P - O)/6)^2 is an approximation of that variance
    # (path_variance adds those approximations).
    approx = estimating.path_variance(tasks.pert().variance)
    assert approx == pytest.approx(sum(((p - o) / 6) ** 2 for o, _, p in estimates))


def test_symmetric_estimates_have_variance_span_squared_over_28():
    # For M = (O + P)/2, alpha = beta = 3, so the variance is
    # 3*3 / (6^2 * 7) * (P - O)^2 = (P - O)^2 / 28: larger than PERT's
    # (P - O)^2 / 36 by the factor 36/28 -- the simulation follows the beta.
    estimates = [(2.0, 5.0, 8.0), (10.0, 15.0, 20.0), (0.0, 1.5, 3.0)]
    result = simulate_schedule(chain(estimates), n=200_000, seed=5)
    spans = [p - o for o, _, p in estimates]
    exact = sum(s * s / 28 for s in spans)
    pert_approx = sum((s / 6) ** 2 for s in spans)
    assert sum(beta_variance(*e) for e in estimates) == pytest.approx(exact, rel=1e-12)
    assert result.sd ** 2 == pytest.approx(exact, rel=0.03)
    assert result.sd ** 2 > pert_approx * 1.2  # 36/28 = 1.29: not close to PERT's
    assert result.mean == pytest.approx(sum((o + p) / 2 for o, _, p in estimates),
                                        abs=3 * result.standard_error)


def test_pert_variance_is_exact_where_alpha_beta_is_seven():
    # alpha * beta = 7 (with alpha + beta = 6) makes the beta variance equal
    # ((P - O)/6)^2: alpha = 3 - sqrt(2), i.e. M - O = (2 - sqrt(2))/4 (P - O).
    o, p = 0.0, 12.0
    m = o + (2 - math.sqrt(2)) / 4 * (p - o)
    assert beta_variance(o, m, p) == pytest.approx(((p - o) / 6) ** 2, rel=1e-12)
    result = simulate_schedule(chain([(o, m, p), (o, m, p)]), n=200_000, seed=2)
    assert result.sd ** 2 == pytest.approx(2 * ((p - o) / 6) ** 2, rel=0.03)


def test_draws_stay_within_their_estimates():
    estimates = random_estimates(3, 5)
    for distribution in montecarlo.DISTRIBUTIONS:
        result = simulate_schedule(chain(estimates), n=5_000, seed=1, distribution=distribution)
        low = np.array([e[0] for e in estimates])
        high = np.array([e[2] for e in estimates])
        assert (result.samples >= low - 1e-9).all() and (result.samples <= high + 1e-9).all()


# --------------------------------------------------------------------------
# Parallel paths: merge bias
# --------------------------------------------------------------------------

def test_merge_bias_grows_with_parallel_paths():
    estimate = (2.0, 4.0, 10.0)
    one_path = (2 + 16 + 10) / 6
    cdf = pert_cdf(estimate)
    results = {k: simulate_schedule(parallel(k, estimate), n=20_000, seed=k) for k in (2, 3, 4)}
    for k, result in results.items():
        assert result.mean - one_path > 5 * result.standard_error
        # E[max of k] = O + integral over [O, P] of 1 - F(x)^k
        exact = 2 + integrate.quad(lambda x: 1 - cdf(x) ** k, 2, 10)[0]
        assert abs(result.mean - exact) < 3.5 * result.standard_error
        # the baseline is the deterministic most likely duration
        assert result.baseline == 4.0
    for k in (2, 3):
        a, b = results[k], results[k + 1]
        assert b.mean - a.mean > 3 * math.hypot(a.standard_error, b.standard_error)
    # Every parallel task is critical in some iterations, none in all.
    index = results[3].criticality()
    assert index["end"] == 1.0
    for i in range(3):
        assert 0.2 < index[f"p{i}"] < 0.5


# --------------------------------------------------------------------------
# The deterministic limit and the per-iteration CPM
# --------------------------------------------------------------------------

def test_deterministic_limit_is_the_cpm_schedule():
    plan = schedule.load_plan()
    fixed = {t.id: (t.duration, t.duration, t.duration) for t in plan.tasks}
    tasks = estimated_plan(plan, fixed)
    cpm = schedule.analyse(plan)
    for distribution in montecarlo.DISTRIBUTIONS:
        result = simulate_schedule(tasks, n=50, seed=3, distribution=distribution)
        assert (result.totals == cpm.duration).all()
        assert result.baseline == cpm.duration
        flags = cpm.table["critical"].to_numpy()
        assert (result.critical == flags[None, :]).all()
        index = result.criticality()
        assert set(index.index) == set(plan.ids)
        for task_id in plan.ids:
            assert index[task_id] == (1.0 if cpm.table.loc[task_id, "critical"] else 0.0)
        assert result.sd == 0.0
        assert result.probability_within(cpm.duration) == 1.0
        assert result.probability_within(cpm.duration - 1e-6) == 0.0
        assert result.contingency(0.9) == 0.0


def per_iteration_cpm(tasks, result):
    """Recompute every iteration with schedule.analyse and compare."""
    plan = tasks.plan
    for i in range(result.n):
        durations = dict(zip(plan.ids, result.samples[i].tolist()))
        cpm = schedule.analyse(plan.with_changes(durations=durations))
        assert result.totals[i] == pytest.approx(cpm.duration, rel=1e-9, abs=1e-9), i
        assert result.critical[i].tolist() == cpm.table["critical"].tolist(), i
        assert result.finishes[i] == pytest.approx(
            cpm.table.loc[plan.ids, "early_finish"].to_numpy(), rel=1e-9, abs=1e-9), i


@pytest.mark.parametrize("seed", [0, 1])
def test_criticality_against_cpm_every_iteration(seed):
    plan = schedule.random_plan(seed=seed, n_tasks=8)
    estimates = {t.id: (0.7 * t.duration, t.duration, 1.6 * t.duration) for t in plan.tasks}
    tasks = estimated_plan(plan, estimates)
    result = simulate_schedule(tasks, n=200, seed=seed)
    per_iteration_cpm(tasks, result)
    index = result.criticality()
    expected = result.critical.mean(axis=0)
    assert index.to_dict() == pytest.approx(dict(zip(plan.ids, expected)))
    assert list(index.to_numpy()) == sorted(index.to_numpy(), reverse=True)


def test_criticality_against_cpm_with_risks_on_the_erp_plan():
    tasks = estimated_plan()
    result = simulate_schedule(tasks, n=40, seed=9, risks=risk.load_register())
    per_iteration_cpm(tasks, result)


# --------------------------------------------------------------------------
# Risks
# --------------------------------------------------------------------------

def test_occurrence_rates_match_the_register():
    reg = risk.load_register()
    tasks = estimated_plan()
    n = 20_000
    result = simulate_schedule(tasks, n=n, seed=4, risks=reg)
    active = reg[reg["status"] == "active"]
    assert result.risk_ids == active["id"].tolist()
    assert result.occurred.shape == (n, len(active))
    for j, p in enumerate(active["probability"]):
        assert binomial_ok(result.occurred[:, j].mean(), p, n), result.risk_ids[j]


@pytest.mark.parametrize("residual", [False, True])
def test_risk_inputs_targets_are_the_named_tasks(residual):
    # The shipped register names a task for every risk: each acts on it.
    reg = risk.load_register()
    plan = schedule.load_plan()
    ids, probability, days, cost, target = risk_inputs(reg, plan, residual)
    active = reg[reg["status"] == "active"].set_index("id")
    assert ids == active.index.tolist()
    prefix = "residual_" if residual else ""
    for j, risk_id in enumerate(ids):
        row = active.loc[risk_id]
        sign = 1.0 if row["kind"] == "threat" else -1.0
        assert plan.ids[target[j]] == row["task"]
        assert days[j] == sign * row[f"{prefix}impact_days"]
        assert cost[j] == sign * row[f"{prefix}impact_cost"]
        assert probability[j] == row[f"{prefix}probability"]
    # Some named tasks are not the last task of the risk's phase (or not even
    # in its phase): the column decides, not the phase.
    assert any(plan.ids[target[j]] != last_task_of_phase(plan, active.loc[r, "phase"])
               for j, r in enumerate(ids))


def test_risk_inputs_without_a_task_fall_back_to_the_last_task_of_the_phase():
    reg = risk.load_register()
    plan = schedule.load_plan()
    active = reg[reg["status"] == "active"].set_index("id")
    # No task column at all, or every cell empty (None or NaN).
    for frame in (reg.drop(columns="task"), reg.assign(task=None), reg.assign(task=np.nan),
                  reg.assign(task="")):
        ids, _, _, _, target = risk_inputs(frame, plan)
        for j, risk_id in enumerate(ids):
            assert plan.ids[target[j]] == last_task_of_phase(plan, active.loc[risk_id, "phase"])
    # A mix: only the risks without a task fall back.
    mixed = reg.copy()
    mixed.loc[mixed["id"] == "R03", "task"] = None
    ids, _, _, _, target = risk_inputs(mixed, plan)
    for j, risk_id in enumerate(ids):
        expected = (last_task_of_phase(plan, active.loc[risk_id, "phase"]) if risk_id == "R03"
                    else active.loc[risk_id, "task"])
        assert plan.ids[target[j]] == expected, risk_id


def test_an_unknown_task_names_the_risk_and_the_task():
    reg = register({"id": "R04", "phase": "design", "probability": 0.5, "impact_cost": 1.0,
                    "impact_days": 1.0, "task": "a"},
                   {"id": "R06", "phase": "design", "probability": 0.5, "impact_cost": 1.0,
                    "impact_days": 1.0, "task": "golive"})
    for simulate in (simulate_schedule, simulate_cost):
        with pytest.raises(ValueError, match=r"risk 'R06'.*task 'golive'"):
            simulate(phased_plan(), n=10, seed=1, risks=reg)
    # A closed risk is not simulated, so its task is not looked up.
    closed = reg.assign(status=["active", "closed"])
    assert simulate_schedule(phased_plan(), n=10, seed=1, risks=closed).risk_ids == ["R04"]
    # And the shipped register's tasks are unknown to another plan.
    with pytest.raises(ValueError, match=r"risk 'R\d+' names task '\w+'"):
        simulate_schedule(phased_plan(), n=10, seed=1, risks=risk.load_register())


def days_added(tasks, risks):
    """Run the plan with the risks and again with their days set to 0: the
    run with days, the days each task gained per iteration, and task index."""
    no_days = risks.assign(impact_days=0.0, residual_impact_days=0.0)
    a = simulate_schedule(tasks, n=2_000, seed=8, risks=risks)
    b = simulate_schedule(tasks, n=2_000, seed=8, risks=no_days)
    # The same number of risks draws the same occurrences and then the same
    # durations, so the runs differ only by the risks' days.
    assert np.array_equal(a.occurred, b.occurred)
    return a, a.samples - b.samples, {t: i for i, t in enumerate(tasks.ids)}


def test_a_threat_adds_exactly_its_days_to_the_last_task_of_its_phase():
    tasks = phased_plan()
    with_days = register({"id": "R01", "phase": "design", "probability": 0.4,
                          "impact_cost": 100.0, "impact_days": 6.0},
                         {"id": "R02", "phase": "testing", "probability": 0.7,
                          "impact_cost": 50.0, "impact_days": 2.5})
    a, added, index = days_added(tasks, with_days)
    b_task, c_task = index[last_task_of_phase(tasks.plan, "design")], \
        index[last_task_of_phase(tasks.plan, "testing")]
    assert (b_task, c_task) == (index["b"], index["c"])
    close(added[:, b_task], 6.0 * a.occurred[:, 0])
    close(added[:, c_task], 2.5 * a.occurred[:, 1])
    others = [index["a"], index["d"]]
    assert (added[:, others] == 0).all()
    assert a.occurred[:, 0].any() and not a.occurred[:, 0].all()


def test_a_threat_adds_exactly_its_days_to_its_named_task():
    # R01 names a (not the last task of design), R02 names d (not c, the
    # task that closes testing); R03 names none and falls back to b.
    tasks = phased_plan()
    with_days = register({"id": "R01", "phase": "design", "probability": 0.4,
                          "impact_cost": 100.0, "impact_days": 6.0, "task": "a"},
                         {"id": "R02", "phase": "testing", "probability": 0.7,
                          "impact_cost": 50.0, "impact_days": 2.5, "task": "d"},
                         {"id": "R03", "phase": "design", "probability": 0.5,
                          "impact_cost": 10.0, "impact_days": 1.5, "task": None})
    a, added, index = days_added(tasks, with_days)
    close(added[:, index["a"]], 6.0 * a.occurred[:, 0])
    close(added[:, index["d"]], 2.5 * a.occurred[:, 1])
    close(added[:, index["b"]], 1.5 * a.occurred[:, 2])
    assert (added[:, index["c"]] == 0).all()
    per_iteration_cpm(tasks, a)


def test_durations_do_not_depend_on_risk_probabilities():
    # Occurrences are drawn first (one uniform per risk and iteration), so
    # with the same seed and the same number of risks, changing the
    # probabilities changes the occurrences and not the duration draws.
    tasks = phased_plan()
    low = register({"id": "R01", "phase": "testing", "probability": 0.1,
                    "impact_cost": 0.0, "impact_days": 0.0})
    high = low.assign(probability=0.9, residual_probability=0.9)
    a = simulate_schedule(tasks, n=1_000, seed=21, risks=low)
    b = simulate_schedule(tasks, n=1_000, seed=21, risks=high)
    assert np.array_equal(a.samples, b.samples)
    assert a.occurred.sum() < b.occurred.sum()
    # A larger probability turns no occurrence off: the same uniforms.
    assert (b.occurred | ~a.occurred).all()


def test_opportunities_subtract_and_never_go_below_zero():
    tasks = phased_plan()
    small = register({"id": "R01", "phase": "design", "kind": "opportunity",
                      "probability": 0.5, "impact_cost": 10.0, "impact_days": 1.0})
    huge = small.assign(impact_days=1000.0, residual_impact_days=1000.0)
    none = small.assign(impact_days=0.0, residual_impact_days=0.0)
    base = simulate_schedule(tasks, n=400, seed=6, risks=none)
    s = simulate_schedule(tasks, n=400, seed=6, risks=small)
    h = simulate_schedule(tasks, n=400, seed=6, risks=huge)
    j = tasks.ids.index("b")
    occurred = s.occurred[:, 0]
    close(s.samples[:, j], np.maximum(base.samples[:, j] - occurred, 0))
    assert (h.samples[occurred, j] == 0).all()
    assert (h.samples[~occurred, j] == base.samples[~occurred, j]).all()
    assert (h.samples >= 0).all() and (h.totals >= 0).all()
    assert (h.totals <= base.totals + 1e-12).all()
    per_iteration_cpm(tasks, h)


def test_only_active_risks_are_simulated():
    tasks = phased_plan()
    reg = register({"id": "R01", "phase": "design", "probability": 1.0, "impact_cost": 1.0,
                    "impact_days": 3.0, "status": "closed"},
                   {"id": "R02", "phase": "testing", "probability": 1.0, "impact_cost": 1.0,
                    "impact_days": 3.0},
                   {"id": "R03", "phase": "testing", "probability": 1.0, "impact_cost": 1.0,
                    "impact_days": 3.0, "status": "occurred"})
    result = simulate_schedule(tasks, n=500, seed=1, risks=reg)
    assert result.risk_ids == ["R02"]
    assert result.occurred.all()
    plain = simulate_schedule(tasks, n=500, seed=1,
                              risks=reg.assign(impact_days=0.0, residual_impact_days=0.0))
    close((result.samples - plain.samples)[:, tasks.ids.index("c")], 3.0)
    close((result.samples - plain.samples)[:, tasks.ids.index("b")], 0.0)


def test_residual_uses_the_residual_columns():
    tasks = phased_plan()
    reg = register({"id": "R01", "phase": "testing", "probability": 0.2,
                    "impact_cost": 100.0, "impact_days": 1.0, "response": "mitigate",
                    "response_cost": 15.0, "residual_probability": 0.7,
                    "residual_impact_cost": 40.0, "residual_impact_days": 4.0})
    n = 20_000
    plain = simulate_schedule(tasks, n=n, seed=3,
                              risks=reg.assign(residual_impact_days=0.0, impact_days=0.0))
    original = simulate_schedule(tasks, n=n, seed=3, risks=reg)
    residual = simulate_schedule(tasks, n=n, seed=3, risks=reg, residual=True)
    assert binomial_ok(original.occurred.mean(), 0.2, n)
    assert binomial_ok(residual.occurred.mean(), 0.7, n)
    c = tasks.ids.index("c")
    close((residual.samples - plain.samples)[:, c], 4.0 * residual.occurred[:, 0])
    close((original.samples - plain.samples)[:, c], 1.0 * original.occurred[:, 0])
    cost = simulate_cost(tasks, n=n, seed=3, risks=reg, residual=True)
    assert np.array_equal(cost.occurred, residual.occurred)
    # with the responses in place, the response's cost is paid in every iteration
    close(cost.totals, cost.samples.sum(axis=1) + 40.0 * cost.occurred[:, 0] + 15.0)
    assert cost.baseline == float(tasks.cost_most_likely.sum()) + 15.0
    original_cost = simulate_cost(tasks, n=n, seed=3, risks=reg)
    close(original_cost.totals, original_cost.samples.sum(axis=1)
          + 100.0 * original_cost.occurred[:, 0])
    assert original_cost.baseline == float(tasks.cost_most_likely.sum())


def test_residual_cost_pays_for_the_planned_responses_only():
    # Responses are paid for active risks that are neither accepted nor
    # escalated; closed and occurred risks, accepted and escalated ones add
    # nothing (a cost written against them notwithstanding).
    tasks = phased_plan()
    reg = register(
        {"id": "R01", "phase": "design", "probability": 0.5, "impact_cost": 100.0,
         "impact_days": 0.0, "response": "mitigate", "response_cost": 10.0,
         "residual_probability": 0.1},
        {"id": "R02", "phase": "design", "kind": "opportunity", "probability": 0.5,
         "impact_cost": 100.0, "impact_days": 0.0, "response": "enhance",
         "response_cost": 20.0, "residual_probability": 0.9},
        {"id": "R03", "phase": "testing", "probability": 0.5, "impact_cost": 100.0,
         "impact_days": 0.0, "response": "escalate", "response_cost": 400.0},
        {"id": "R04", "phase": "testing", "probability": 0.5, "impact_cost": 100.0,
         "impact_days": 0.0, "response": "accept", "response_cost": 800.0},
        {"id": "R05", "phase": "testing", "probability": 0.5, "impact_cost": 100.0,
         "impact_days": 0.0, "response": "avoid", "response_cost": 1600.0,
         "status": "closed"},
        {"id": "R06", "phase": "testing", "probability": 0.5, "impact_cost": 100.0,
         "impact_days": 0.0, "response": "transfer", "response_cost": 3200.0,
         "status": "occurred"})
    paid = 0.0
    for _, row in reg.iterrows():
        if row["status"] == "active" and row["response"] not in ("accept", "escalate"):
            paid += row["response_cost"]
    assert paid == 30.0
    n = 500
    with_responses = simulate_cost(tasks, n=n, seed=4, risks=reg, residual=True)
    signed = np.array([1.0, -1.0, 1.0, 1.0]) * np.array([100.0, 100.0, 100.0, 100.0])
    close(with_responses.totals, with_responses.samples.sum(axis=1)
          + with_responses.occurred.astype(float) @ signed + paid)
    assert with_responses.baseline == pytest.approx(float(tasks.cost_most_likely.sum()) + paid)
    without = simulate_cost(tasks, n=n, seed=4, risks=reg)
    close(without.totals, without.samples.sum(axis=1) + without.occurred.astype(float) @ signed)
    # No register: nothing to pay, residual or not.
    plain = simulate_cost(tasks, n=n, seed=4, residual=True)
    assert plain.baseline == float(tasks.cost_most_likely.sum())
    close(plain.totals, plain.samples.sum(axis=1))


def test_residual_cost_of_the_shipped_register():
    reg = risk.load_register()
    tasks = estimated_plan()
    run = simulate_cost(tasks, n=2_000, seed=5, risks=reg, residual=True)
    active = reg[reg["status"] == "active"]
    planned = active[~active["response"].isin(["accept", "escalate"])]
    paid = float(planned["response_cost"].sum())
    assert paid > 0
    assert run.baseline == pytest.approx(float(tasks.cost_most_likely.sum()) + paid)
    signed = (np.where(active["kind"] == "opportunity", -1.0, 1.0)
              * active["residual_impact_cost"].to_numpy())
    close(run.totals, run.samples.sum(axis=1) + run.occurred.astype(float) @ signed + paid,
          rtol=1e-12, atol=1e-6)


def test_cost_and_schedule_share_occurrences_and_cost_adds_signed_impacts():
    reg = risk.load_register()
    tasks = estimated_plan()
    run_s = simulate_schedule(tasks, n=3_000, seed=12, risks=reg)
    run_c = simulate_cost(tasks, n=3_000, seed=12, risks=reg)
    assert np.array_equal(run_s.occurred, run_c.occurred)
    assert run_c.risk_ids == run_s.risk_ids
    active = reg[reg["status"] == "active"]
    signed = np.where(active["kind"] == "opportunity", -1.0, 1.0) * active["impact_cost"]
    expected = run_c.samples.sum(axis=1) + run_c.occurred.astype(float) @ signed.to_numpy()
    close(run_c.totals, expected)
    assert run_c.unit == "cost" and run_s.unit == "days"
    assert run_c.baseline == float(tasks.cost_most_likely.sum())
    assert run_c.critical is None
    # task costs stay within their estimates
    assert (run_c.samples >= tasks.cost_optimistic - 1e-6).all()
    assert (run_c.samples <= tasks.cost_pessimistic + 1e-6).all()


def test_cost_mean_matches_pert_and_risk_emv():
    reg = risk.load_register()
    tasks = estimated_plan()
    result = simulate_cost(tasks, n=20_000, seed=2, risks=reg)
    expected = float(estimating.pert(tasks.cost_optimistic, tasks.cost_most_likely,
                                     tasks.cost_pessimistic).mean.sum())
    active = reg[reg["status"] == "active"]
    expected += float(-risk.exposure(active)["emv_cost"].sum())
    assert abs(result.mean - expected) < 3 * result.standard_error


# --------------------------------------------------------------------------
# The result API
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def erp_run():
    return simulate_schedule(estimated_plan(), n=3_000, seed=42, risks=risk.load_register())


def test_summary_statistics(erp_run):
    totals = erp_run.totals
    assert erp_run.n == 3_000
    assert erp_run.mean == pytest.approx(totals.mean())
    assert erp_run.sd == pytest.approx(totals.std(ddof=1))
    assert erp_run.standard_error == pytest.approx(totals.std(ddof=1) / math.sqrt(3_000))
    assert erp_run.baseline == schedule.analyse(schedule.load_plan()).duration


@pytest.mark.parametrize("q", [0.0, 0.1, 0.5, 0.8, 0.9, 0.99, 1.0])
def test_percentile_and_contingency(erp_run, q):
    value = np.quantile(erp_run.totals, q)
    assert erp_run.percentile(q) == pytest.approx(value)
    assert erp_run.contingency(q) == pytest.approx(max(0.0, value - erp_run.baseline))
    assert erp_run.contingency(q) >= 0


def test_contingency_is_zero_below_the_baseline():
    # A right-skewed task: the baseline (most likely) is above the low
    # percentiles, which would give a negative reserve if it were not clipped.
    result = simulate_schedule(chain([(1.0, 2.0, 20.0)]), n=2_000, seed=1)
    assert result.percentile(0.05) < result.baseline
    assert result.contingency(0.05) == 0.0
    assert result.contingency(0.9) == pytest.approx(result.percentile(0.9) - 2.0)


def test_percentiles(erp_run):
    table = erp_run.percentiles()
    assert list(table) == ["P50", "P80", "P90"]
    for key, q in zip(table, (0.5, 0.8, 0.9)):
        assert table[key] == pytest.approx(np.quantile(erp_run.totals, q))
    assert list(erp_run.percentiles((0.1, 0.95))) == ["P10", "P95"]
    assert list(erp_run.percentiles((0.025, 0.975, 0.999, 0.0, 1.0))) == [
        "P2.5", "P97.5", "P99.9", "P0", "P100"]


def test_percentile_keys_name_their_levels(erp_run):
    # 97.5 % and 2.5 % are common confidence levels; their keys must not
    # read as other levels ("P98", "P2").
    levels = (0.025, 0.5, 0.975)
    table = erp_run.percentiles(levels)
    assert len(table) == len(levels)
    for (key, value), q in zip(table.items(), levels):
        assert float(key[1:]) == pytest.approx(q * 100), key
        assert value == pytest.approx(np.quantile(erp_run.totals, q))


def test_probability_within(erp_run):
    totals = erp_run.totals
    for target in (0, totals.min(), np.median(totals), totals.mean(), totals.max(), 1e6,
                   erp_run.baseline):
        assert erp_run.probability_within(target) == pytest.approx((totals <= target).mean())
    assert erp_run.probability_within(totals.max()) == 1.0


def test_s_curve(erp_run):
    x, y = erp_run.s_curve()
    assert np.array_equal(x, np.sort(erp_run.totals))
    assert np.array_equal(y, np.arange(1, erp_run.n + 1) / erp_run.n)
    assert (np.diff(x) >= 0).all() and y[-1] == 1.0


def test_criticality_series(erp_run):
    index = erp_run.criticality()
    assert index.name == "criticality"
    assert index.to_dict() == pytest.approx(dict(zip(erp_run.task_ids,
                                                     erp_run.critical.mean(axis=0))))
    assert (np.diff(index.to_numpy()) <= 0).all()
    assert index["kickoff"] == 1.0 and index["pir"] == 1.0  # on every path


def test_always_critical(erp_run):
    """The tasks critical in every iteration, in plan order: by a plain loop over
    the iterations, not by the criticality index."""
    expected = [task for j, task in enumerate(erp_run.task_ids)
                if all(row[j] for row in erp_run.critical.tolist())]
    assert erp_run.always_critical() == expected
    assert "kickoff" in expected and "pir" in expected
    assert "solution_design" not in expected  # critical in some iterations only
    plain = simulate_schedule(estimated_plan(), n=500, seed=3).criticality()
    assert set(simulate_schedule(estimated_plan(), n=500, seed=3).always_critical()) \
        == {task for task, share in plain.items() if share == 1.0}


def test_cost_result_has_no_criticality():
    result = simulate_cost(estimated_plan(), n=100, seed=1)
    with pytest.raises(ValueError, match="criticality needs a schedule simulation"):
        result.criticality()
    with pytest.raises(ValueError, match="always_critical needs a schedule simulation"):
        result.always_critical()


def test_finishes_are_each_tasks_early_finish(erp_run):
    plan = schedule.load_plan()
    assert erp_run.finishes.shape == (erp_run.n, len(plan.ids))
    # The project ends when its last task does.
    close(erp_run.totals, erp_run.finishes.max(axis=1))
    # A task finishes its own duration after the latest of its predecessors.
    index = {t: i for i, t in enumerate(erp_run.task_ids)}
    for task in plan.tasks:
        start = (np.max([erp_run.finishes[:, index[d]] for d in task.depends_on], axis=0)
                 if task.depends_on else 0.0)
        close(erp_run.finishes[:, index[task.id]], start + erp_run.samples[:, index[task.id]])
    for task_id in ("kickoff", "golive", "pir"):
        finish = erp_run.finish_of(task_id)
        assert np.array_equal(finish, erp_run.finishes[:, index[task_id]])
        assert finish.shape == (erp_run.n,)
    close(erp_run.finish_of("pir"), erp_run.totals)
    assert (erp_run.finish_of("golive") <= erp_run.totals).all()


def test_finish_of_errors(erp_run):
    with pytest.raises(ValueError, match="task_id 'nope' is not a task"):
        erp_run.finish_of("nope")
    cost = simulate_cost(estimated_plan(), n=100, seed=1)
    assert cost.finishes is None
    with pytest.raises(ValueError, match="finish_of needs a schedule simulation"):
        cost.finish_of("pir")


def test_result_argument_checks(erp_run):
    with pytest.raises(ValueError, match="confidence must be <= 1"):
        erp_run.percentile(80)
    with pytest.raises(ValueError, match="confidence must be >= 0"):
        erp_run.contingency(-0.1)
    with pytest.raises(TypeError, match="target must be a number"):
        erp_run.probability_within("150")


def test_seeds_repeat_and_differ():
    tasks = estimated_plan()
    reg = risk.load_register()
    for simulate in (simulate_schedule, simulate_cost):
        a = simulate(tasks, n=500, seed=7, risks=reg)
        b = simulate(tasks, n=500, seed=7, risks=reg)
        c = simulate(tasks, n=500, seed=8, risks=reg)
        assert np.array_equal(a.totals, b.totals) and np.array_equal(a.samples, b.samples)
        assert np.array_equal(a.occurred, b.occurred)
        assert not np.array_equal(a.totals, c.totals)
        assert not np.array_equal(a.occurred, c.occurred)


def test_one_iteration():
    result = simulate_schedule(estimated_plan(), n=1, seed=0)
    assert result.n == 1 and result.sd == 0.0 and result.standard_error == 0.0
    assert isinstance(result, SimulationResult)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

@pytest.mark.parametrize("simulate", [simulate_schedule, simulate_cost])
def test_bad_arguments(simulate):
    tasks = phased_plan()
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        simulate(tasks, n=0, seed=1)
    with pytest.raises(ValueError, match="n must be >= 1, got -5"):
        simulate(tasks, n=-5, seed=1)
    with pytest.raises(TypeError, match="n must be an integer, got bool True"):
        simulate(tasks, n=True, seed=1)
    with pytest.raises(TypeError, match="n must be an integer, got float 100.0"):
        simulate(tasks, n=100.0, seed=1)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        simulate(tasks, n=10, seed=-1)
    with pytest.raises(ValueError, match="distribution must be one of 'pert', 'triangular'; "
                                         "got 'normal'"):
        simulate(tasks, n=10, seed=1, distribution="normal")
    with pytest.raises(TypeError, match="tasks must be an EstimatedPlan"):
        simulate(tasks.plan, n=10, seed=1)
    with pytest.raises(TypeError, match="risks must be a register DataFrame, got list"):
        simulate(tasks, n=10, seed=1, risks=[])


@pytest.mark.parametrize("probability", [1.2, -0.1])
def test_probability_outside_0_1(probability):
    reg = register({"id": "R07", "phase": "design", "probability": probability,
                    "impact_cost": 1.0, "impact_days": 1.0})
    with pytest.raises(ValueError, match=rf"risks\[0\] \(id 'R07'\): field 'probability': "
                                         rf".* (than|to) [01] \(got {probability}\)"):
        simulate_schedule(phased_plan(), n=10, seed=1, risks=reg)
    with pytest.raises(ValueError, match="'R07'"):
        simulate_cost(phased_plan(), n=10, seed=1, risks=reg, residual=True)


def test_missing_probability_names_the_risk():
    # A NaN probability (an empty cell in a hand-edited DataFrame) is as bad
    # as 1.2 and must be refused the same way, not with an IndexError.
    reg = register({"id": "R01", "phase": "design", "probability": 0.3,
                    "impact_cost": 1.0, "impact_days": 1.0},
                   {"id": "R08", "phase": "design", "probability": math.nan,
                    "impact_cost": 1.0, "impact_days": 1.0})
    with pytest.raises(ValueError, match="R08"):
        simulate_schedule(phased_plan(), n=10, seed=1, risks=reg)


def test_missing_impact_is_refused():
    # simulate_schedule documents a ValueError for "a bad risk register"; a
    # NaN impact would turn every total in which the risk occurs into NaN
    # (and the percentiles with them).
    reg = register({"id": "R09", "phase": "design", "probability": 1.0,
                    "impact_cost": 1.0, "impact_days": math.nan})
    with pytest.raises(ValueError, match=r"R09.*column 'impact_days' is empty \(nan\)"):
        simulate_schedule(phased_plan(), n=10, seed=1, risks=reg)


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("column", ["impact_cost", "impact_days"])
@pytest.mark.parametrize("bad", [math.nan, -1.0, math.inf])
def test_bad_impacts_name_the_column_and_the_risk(residual, column, bad):
    prefix = "residual_" if residual else ""
    reg = register({"id": "R01", "phase": "design", "probability": 0.3,
                    "impact_cost": 1.0, "impact_days": 1.0},
                   {"id": "R12", "phase": "testing", "probability": 0.3,
                    "impact_cost": 1.0, "impact_days": 1.0, "residual_impact_cost": 1.0,
                    "residual_impact_days": 1.0, f"{prefix}{column}": bad})
    for simulate in (simulate_schedule, simulate_cost):
        with pytest.raises(ValueError, match=rf"risks\[1\] \(id 'R12'\): (field|column) "
                                             rf"'{prefix}{column}'"):
            simulate(phased_plan(), n=10, seed=1, risks=reg, residual=residual)
    # The register is checked whole, as a file is: the other set of columns
    # and an inactive risk too.
    for other in (dict(residual=not residual), dict(residual=residual)):
        frame = reg if other["residual"] != residual else reg.assign(status=["active", "closed"])
        with pytest.raises(ValueError, match=rf"'R12'.*'{prefix}{column}'"):
            simulate_cost(phased_plan(), n=10, seed=1, risks=frame, **other)


def test_risk_in_a_phase_without_tasks():
    reg = register({"id": "R05", "phase": "training", "probability": 0.5,
                    "impact_cost": 1.0, "impact_days": 1.0})
    with pytest.raises(ValueError, match="risk 'R05' is in phase 'training', which has no "
                                         "task in the plan"):
        simulate_schedule(phased_plan(), n=10, seed=1, risks=reg)
    # A closed risk in that phase is not simulated, so it is no error.
    simulate_schedule(phased_plan(), n=10, seed=1, risks=reg.assign(status="closed"))


def test_register_missing_columns():
    reg = register({"id": "R01", "phase": "design", "probability": 0.5,
                    "impact_cost": 1.0, "impact_days": 1.0})
    with pytest.raises(ValueError, match="missing the column.*residual_impact_days"):
        simulate_schedule(phased_plan(), n=10, seed=1,
                          risks=reg.drop(columns="residual_impact_days"), residual=True)
    # The residual columns are needed even without residual: a register has
    # every column, as its file does.
    with pytest.raises(ValueError, match="risks is missing the column.*residual_impact_days"):
        simulate_schedule(phased_plan(), n=10, seed=1,
                          risks=reg.drop(columns="residual_impact_days"))


def test_plans_with_a_cycle_or_an_unknown_dependency():
    with pytest.raises(schedule.PlanError, match="dependency cycle: .*a.*b"):
        schedule.Plan.from_records([
            {"id": "a", "name": "A", "duration": 1, "depends_on": ["b"]},
            {"id": "b", "name": "B", "duration": 1, "depends_on": ["a"]}])
    with pytest.raises(schedule.PlanError, match="task 'b' depends on unknown task 'zz'"):
        schedule.Plan.from_records([
            {"id": "a", "name": "A", "duration": 1},
            {"id": "b", "name": "B", "duration": 1, "depends_on": ["zz"]}])


# --------------------------------------------------------------------------
# Issue 11: simulation size limits, overflow, unchecked types
# --------------------------------------------------------------------------

def test_n_above_the_limit_is_refused():
    from implcourse.limits import MAX_SIMULATIONS

    for simulate in (simulate_schedule, simulate_cost):
        with pytest.raises(ValueError, match=rf"n must be <= {MAX_SIMULATIONS}, got "
                                             rf"{MAX_SIMULATIONS + 1}"):
            simulate(phased_plan(), n=MAX_SIMULATIONS + 1, seed=1)
        with pytest.raises(ValueError, match="n must be a finite|n must be <="):
            simulate(phased_plan(), n=10 ** 400, seed=1)


def test_n_times_tasks_above_the_limit_is_refused_before_drawing(monkeypatch):
    from implcourse.limits import MAX_SIMULATION_CELLS, MAX_SIMULATIONS

    ids = [f"t{i}" for i in range(60)]
    plan = schedule.Plan.from_records([{"id": t, "name": t, "duration": 2} for t in ids])
    tasks = estimated_plan(plan, {t: (1, 2, 3) for t in ids})
    n = MAX_SIMULATIONS
    assert n * len(tasks.ids) > MAX_SIMULATION_CELLS

    def no_drawing(*args, **kwargs):
        raise AssertionError("drew random numbers before refusing")

    monkeypatch.setattr(montecarlo, "_draw", no_drawing)
    monkeypatch.setattr(montecarlo, "_occurrences", no_drawing)
    for simulate in (simulate_schedule, simulate_cost):
        with pytest.raises(ValueError, match=rf"n \({n:,}\) iterations of {len(tasks.ids)} "
                                             rf"tasks would draw .* at most "
                                             rf"{MAX_SIMULATION_CELLS:,} are allowed"):
            simulate(tasks, n=n, seed=1)


def test_results_that_overflow_are_refused():
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 1},
        {"id": "b", "name": "B", "duration": 1, "depends_on": ["a"]}])
    tasks = estimating.estimated_plan(plan, [
        estimating.Estimate(id=t, optimistic=1e308, most_likely=1e308, pessimistic=1e308,
                            cost_optimistic=1e308, cost_most_likely=1e308,
                            cost_pessimistic=1e308) for t in ("a", "b")])
    with pytest.raises(ValueError, match="the simulated project duration cannot be computed"):
        simulate_schedule(tasks, n=10, seed=1)
    with pytest.raises(ValueError, match="the simulated project cost cannot be computed"):
        simulate_cost(tasks, n=10, seed=1)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda r: r.percentiles(None), TypeError, "levels must be a list of confidence levels"),
    (lambda r: r.percentiles("0.5"), TypeError, "levels must be a list of confidence levels"),
    (lambda r: r.percentiles((0.5, 2)), ValueError, r"levels\[1\] must be <= 1, got 2"),
    (lambda r: r.percentile(True), TypeError, "confidence must be a number, got bool"),
    (lambda r: r.finish_of(None), TypeError, "task_id must be a string, got NoneType"),
    (lambda r: r.probability_within("3"), TypeError, "target must be a number, got str"),
])
def test_result_methods_check_their_arguments(call, error, pattern):
    result = simulate_schedule(phased_plan(), n=50, seed=1)
    with pytest.raises(error, match=pattern):
        call(result)


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"totals": [1.0, math.nan]}, ValueError, "totals must be finite"),
    ({"totals": "abc"}, TypeError, "totals must be a number or a list of numbers"),
    ({"totals": np.ones((3, 2))}, ValueError, r"totals must be one result per iteration"),
    ({"unit": "weeks"}, ValueError, "unit must be one of 'days', 'cost'; got 'weeks'"),
    ({"baseline": math.inf}, ValueError, "baseline must be a finite number"),
    ({"samples": np.empty((2, 0))}, ValueError, r"samples must be an array with one row per "
                                                r"iteration \(one per value of totals: 3\)"),
])
def test_a_result_built_by_hand_is_checked(kwargs, error, pattern):
    args = dict(totals=np.arange(3.0), baseline=1.0, unit="days", task_ids=[],
                samples=np.empty((3, 0)), occurred=np.empty((3, 0), dtype=bool))
    with pytest.raises(error, match=pattern):
        SimulationResult(**{**args, **kwargs})


def test_residual_must_be_a_switch():
    for simulate in (simulate_schedule, simulate_cost):
        with pytest.raises(TypeError, match="residual must be True or False, got str 'no'"):
            simulate(phased_plan(), n=10, seed=1, residual="no")


def test_a_rollout_simulation_too_large_is_refused_before_drawing():
    # simulate_rollout's iterations times cutovers (or weeks) is bounded too.
    from implcourse.limits import MAX_SIMULATION_CELLS
    from implcourse.rollout.simulation import simulate_rollout

    with pytest.raises(ValueError, match=rf"Iterations \(1,000,000\) times cutovers \([\d,]+\) "
                                         rf"would be [\d,]+ numbers; at most "
                                         rf"{MAX_SIMULATION_CELLS:,} are allowed"):
        simulate_rollout(seed=1, iterations=1_000_000, strategies=["phased"], users=10_000,
                         sites=1_000, sites_per_wave=1, cutovers_per_week=100)
