"""Speed and memory of the Monte Carlo schedule simulation (issue 4's targets).

    python benchmarks/montecarlo_speed.py [--iterations 100000] [--tasks 50]

Runs ``risk.simulate_schedule`` for 100,000 iterations over a 50-task network
with dependencies and the sample register's risks (target: under 0.5 s and
under 500 MB here), and compares it with a baseline measured in the same run
that only draws the same random numbers (the risk occurrences and the
PERT-beta durations): that is the floor for this work, and the target is at
most three times the floor. Memory is the peak of traced allocations
(tracemalloc, which sees NumPy's arrays). It also times 10,000 iterations
over the sample ERP plan, the Monte Carlo widget's default.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from implcourse import estimating, lifecycle, risk, schedule


def network(tasks: int, seed: int = 7) -> estimating.EstimatedPlan:
    """A layered random network: each task depends on one to three earlier
    tasks; phases follow the lifecycle in order, so every risk has a task."""
    rng = np.random.default_rng(seed)
    phases = lifecycle.phase_ids()
    records, estimates = [], {}
    for i in range(tasks):
        deps = sorted(set(rng.choice(i, size=min(i, int(rng.integers(1, 4))), replace=False)
                          .tolist())) if i else []
        phase = phases[min(len(phases) - 1, i * len(phases) // tasks)]
        m = float(rng.integers(2, 20))
        records.append({"id": f"t{i:02d}", "name": f"Task {i}", "phase": phase,
                        "duration": m, "depends_on": [f"t{d:02d}" for d in deps]})
        estimates[f"t{i:02d}"] = (m * rng.uniform(0.6, 0.95), m, m * rng.uniform(1.2, 2.0))
    plan = schedule.Plan.from_records(records)
    return estimating.estimated_plan(plan, estimates)


def floor(tasks: estimating.EstimatedPlan, n: int, register, seed: int) -> None:
    """Only the random draws the simulation must make: occurrences and durations."""
    rng = np.random.default_rng(seed)
    active = register[register["status"] == "active"]
    rng.random((len(active), n)) < active["probability"].to_numpy()[:, None]
    span = tasks.pessimistic - tasks.optimistic
    keep = span > 0
    alpha = 1 + 4 * (tasks.most_likely - tasks.optimistic)[keep] / span[keep]
    beta = 1 + 4 * (tasks.pessimistic - tasks.most_likely)[keep] / span[keep]
    rng.beta(alpha[:, None], beta[:, None], size=(int(keep.sum()), n))


def best(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    register = risk.load_register()
    # The synthetic network has other task ids: each risk falls back to the
    # last task of its phase.
    network_register = register.drop(columns="task")
    tasks = network(args.tasks)
    n = args.iterations

    ours = best(args.runs, lambda: risk.simulate_schedule(tasks, n, seed=1,
                                                          risks=network_register))
    base = best(args.runs, lambda: floor(tasks, n, register, seed=1))
    tracemalloc.start()
    risk.simulate_schedule(tasks, n, seed=1, risks=network_register)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"simulate_schedule, {n:,} iterations x {args.tasks} tasks, "
          f"{int((register['status'] == 'active').sum())} active risks:")
    print(f"  time                 : {ours:8.3f} s (target < 0.5 s)")
    print(f"  floor (draws only)   : {base:8.3f} s")
    print(f"  ratio to the floor   : {ours / base:8.2f}x (target <= 3x)")
    print(f"  peak traced memory   : {peak / 2**20:8.0f} MB (target < 500 MB)")

    erp = estimating.estimated_plan()
    widget = best(args.runs, lambda: risk.simulate_schedule(erp, 10_000, seed=1, risks=register))
    print(f"widget default, 10,000 iterations over the ERP plan: {widget * 1000:.0f} ms")


if __name__ == "__main__":
    main()
