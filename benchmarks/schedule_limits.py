"""How fast are plans, critical paths, decision trees and simulations at
the course's size limits, and how fast is input beyond a limit refused?
(Issue 11: 10,000 tasks took more than 20 s to build a plan; critical_paths
with a huge limit ran away; deep trees recursed without end.)

    .venv/bin/python benchmarks/schedule_limits.py [--repeat 3]

It prints, for each measure, the best of ``--repeat`` runs in milliseconds:

* building a :class:`~implcourse.schedule.Plan` of 100, 1,000 and 10,000
  tasks (a chain, and a random network with up to three predecessors per
  task), then :func:`~implcourse.schedule.analyse` on it; the baseline,
  measured in the same run on the same graph, is networkx's topological sort
  plus its longest path (``dag_longest_path_length``), and the ratio
  plan / baseline is printed beside it;
* ``critical_paths(limit=MAX_PATHS)`` on a network with 2**40 critical
  paths;
* a decision with 9,000 options (its duplicate check), and its rollback;
* the time to refuse each input beyond a limit: a plan of MAX_TASKS + 1
  tasks given as a generator, ``critical_paths(limit=10**6)``, a 10,000-level
  tree given as dicts, a tree of 2**40 nodes made of shared subtrees, and a
  simulation of MAX_SIMULATIONS runs of 60 tasks.

These are figures, not a pass/fail test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from implcourse import decision_tree as dt
from implcourse import estimating, montecarlo, schedule
from implcourse.limits import MAX_PATHS, MAX_SIMULATIONS, MAX_TASKS


def best_ms(function, repeat: int) -> float:
    """The best of ``repeat`` timings of ``function()``, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def refused_ms(function, repeat: int) -> float:
    """Like :func:`best_ms` for a call that must raise ValueError."""
    def call():
        try:
            function()
        except ValueError:
            return
        raise AssertionError("the input was not refused")
    return best_ms(call, repeat)


def records(n: int, shape: str, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if shape == "chain":
            deps = [f"t{i - 1}"] if i else []
        else:
            deps = sorted({f"t{rng.randrange(i)}" for _ in range(rng.randint(0, 3))}) if i else []
        rows.append({"id": f"t{i}", "name": f"Task {i}", "duration": rng.randint(1, 9),
                     "depends_on": deps})
    return rows


def networkx_baseline(rows: list[dict]) -> None:
    graph = nx.DiGraph()
    for row in rows:
        graph.add_node(row["id"])
        for dep in row["depends_on"]:
            graph.add_edge(dep, row["id"], weight=row["duration"])
    list(nx.topological_sort(graph))
    nx.dag_longest_path_length(graph)


def diamonds(k: int) -> schedule.Plan:
    rows, prev = [], []
    for i in range(k):
        rows += [{"id": f"a{i}", "name": "A", "duration": 1, "depends_on": prev},
                 {"id": f"b{i}", "name": "B", "duration": 1, "depends_on": prev},
                 {"id": f"j{i}", "name": "J", "duration": 0, "depends_on": [f"a{i}", f"b{i}"]}]
        prev = [f"j{i}"]
    return schedule.Plan.from_records(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    print(f"{'plan':<22}{'build':>10}{'analyse':>10}{'networkx':>10}{'ratio':>8}")
    for shape in ("chain", "random"):
        for n in (100, 1_000, 10_000):
            rows = records(n, shape)
            build = best_ms(lambda: schedule.Plan.from_records(rows), repeat)
            plan = schedule.Plan.from_records(rows)
            analyse = best_ms(lambda: schedule.analyse(plan), repeat)
            base = best_ms(lambda: networkx_baseline(rows), repeat)
            print(f"{shape + ' of ' + format(n, ','):<22}{build:>10.1f}{analyse:>10.1f}"
                  f"{base:>10.1f}{(build + analyse) / base:>7.1f}x")
    print("(ms; ratio = (build + analyse) / networkx's sort + longest path on the same graph)")

    many = schedule.analyse(diamonds(40))
    print(f"\ncritical_paths(limit={MAX_PATHS:,}) of 2**40 paths: "
          f"{best_ms(lambda: many.critical_paths(limit=MAX_PATHS), repeat):.1f} ms")

    options = tuple((f"o{i}", 0.0, dt.Outcome("x", float(i))) for i in range(9_000))
    print(f"Decision with 9,000 options: {best_ms(lambda: dt.Decision('D', options), repeat):.1f}"
          f" ms to build, {best_ms(lambda: dt.rollback(dt.Decision('D', options)), repeat):.1f}"
          " ms to build and roll back")

    task = schedule.Plan.from_records([{"id": "a", "name": "A", "duration": 1}]).tasks[0]
    deep = {"outcome": "x", "value": 1}
    for i in range(10_000):
        deep = {"chance": f"c{i}", "branches": [{"probability": 1, "node": deep}]}
    bomb = {"outcome": "x", "value": 1}
    for _ in range(40):
        bomb = {"chance": "c", "branches": [{"probability": 0.5, "node": bomb},
                                            {"probability": 0.5, "node": bomb}]}
    ids = [f"t{i}" for i in range(60)]
    sixty = estimating.estimated_plan(
        schedule.Plan.from_records([{"id": t, "name": t, "duration": 2} for t in ids]),
        {t: (1, 2, 3) for t in ids})
    print("\nrefused (ms):")
    for label, call in [
        (f"Plan of {MAX_TASKS + 1:,} tasks (generator)",
         lambda: schedule.Plan(task for _ in range(10 ** 9))),
        ("critical_paths(limit=10**6)", lambda: many.critical_paths(limit=10 ** 6)),
        ("tree of 10,000 levels (dicts)", lambda: dt.from_dict(deep)),
        ("tree of 2**40 nodes (shared dicts)", lambda: dt.from_dict(bomb)),
        (f"simulate_schedule n={MAX_SIMULATIONS:,} x 60 tasks",
         lambda: montecarlo.simulate_schedule(sixty, n=MAX_SIMULATIONS, seed=1)),
    ]:
        print(f"  {label:<44}{refused_ms(call, repeat):>8.2f}")


if __name__ == "__main__":
    main()
