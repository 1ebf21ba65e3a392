"""The critical path method in implcourse.schedule.

Three published worked examples are recomputed (each cited where it is
used); random networks are checked against an independent longest-path
computation with networkx; and the validation of plans, records, what-if
changes and practice plans is checked message by message.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import lifecycle
from implcourse.content import ContentError
from implcourse.schedule import Plan, PlanError, Schedule, analyse, load_plan, random_plan

TOL = 1e-6


def plan_of(rows):
    """A plan from (id, duration, [predecessor ids]) triples."""
    return Plan.from_records([{"id": i, "name": i.upper(), "duration": d, "depends_on": list(p)}
                              for i, d, p in rows])


def dates(schedule: Schedule, task_id: str) -> list[float]:
    cols = ["early_start", "early_finish", "late_start", "late_finish", "total_float"]
    return schedule.table.loc[task_id, cols].tolist()


def assert_chain(plan: Plan, schedule: Schedule) -> None:
    """The critical path is a chain of critical tasks, each depending on the
    one before, from a task with no predecessors, lasting the whole project."""
    path = schedule.critical_path
    assert path, "critical path is empty"
    assert not plan.task(path[0]).depends_on
    for before, after in zip(path, path[1:]):
        assert before in plan.task(after).depends_on
    assert all(schedule.table.loc[t, "critical"] for t in path)
    assert len(set(path)) == len(path)
    assert math.isclose(sum(plan.task(t).duration for t in path), schedule.duration,
                        rel_tol=1e-9, abs_tol=TOL)


# --------------------------------------------------------------------------
# Published worked examples
# --------------------------------------------------------------------------

# Heizer, Render & Munson, Operations Management (Pearson), ch. 3 "Project
# Management", Milwaukee Paper Manufacturing example (durations in weeks).
MILWAUKEE = [
    ("a", 2, []), ("b", 3, []), ("c", 2, ["a"]), ("d", 4, ["a", "b"]),
    ("e", 4, ["c"]), ("f", 3, ["c"]), ("g", 5, ["d", "e"]), ("h", 2, ["f", "g"]),
]


def test_milwaukee_paper_published_answer():
    """Heizer et al.: 15 weeks, critical path A-C-E-G-H, published ES/LS and slack."""
    result = analyse(plan_of(MILWAUKEE))
    assert result.duration == 15  # published: 15 weeks
    assert result.critical_path == ["a", "c", "e", "g", "h"]  # published
    assert result.critical_tasks == ["a", "c", "e", "g", "h"]
    assert result.critical_paths() == [result.critical_path]  # the only one
    # Published ES / LS (Heizer et al., ch. 3, Milwaukee Paper).
    published = {"a": (0, 0), "b": (0, 1), "c": (2, 2), "d": (3, 4),
                 "e": (4, 4), "f": (4, 10), "g": (8, 8), "h": (13, 13)}
    for task_id, (es, ls) in published.items():
        assert result.table.loc[task_id, "early_start"] == es, task_id
        assert result.table.loc[task_id, "late_start"] == ls, task_id
    # Published slack: B 1, D 1, F 6, the others 0.
    slack = {"a": 0, "b": 1, "c": 0, "d": 1, "e": 0, "f": 6, "g": 0, "h": 0}
    assert result.table["total_float"].to_dict() == slack


def test_milwaukee_paper_learning_exercise_adds_activity_i():
    """Heizer et al., learning exercise: activity I (1 week) after H has LS 15, LF 16."""
    plan = plan_of([*MILWAUKEE, ("i", 1, ["h"])])
    result = analyse(plan)
    assert result.table.loc["i", "late_start"] == 15  # published
    assert result.table.loc["i", "late_finish"] == 16  # published
    assert result.duration == 16
    assert result.critical_path == ["a", "c", "e", "g", "h", "i"]


def activity_on_arrow(arrows):
    """Turn activity-on-arrow (i, j, duration) into tasks ``a{i}_{j}`` whose
    predecessors are the arrows that end at node i."""
    rows = []
    for i, j, d in arrows:
        preds = [f"a{a}_{b}" for a, b, _ in arrows if b == i]
        rows.append((f"a{i}_{j}", d, preds))
    return plan_of(rows)


def test_taylor_solutions_manual_p114():
    """Taylor, Introduction to Management Science, ch. 8, solutions manual p. 114."""
    plan = activity_on_arrow([(1, 2, 7), (1, 3, 10), (2, 4, 6), (3, 4, 5),
                              (3, 5, 4), (4, 5, 3), (5, 6, 2)])
    result = analyse(plan)
    # Published ES / EF / LS / LF / slack (Taylor, solutions manual p. 114).
    published = {
        "a1_2": [0, 7, 2, 9, 2], "a1_3": [0, 10, 0, 10, 0], "a2_4": [7, 13, 9, 15, 2],
        "a3_4": [10, 15, 10, 15, 0], "a3_5": [10, 14, 14, 18, 4],
        "a4_5": [15, 18, 15, 18, 0], "a5_6": [18, 20, 18, 20, 0],
    }
    for task_id, expected in published.items():
        assert dates(result, task_id) == expected, task_id
    assert result.duration == 20  # published
    # Published critical path 1-3-4-5-6.
    assert result.critical_path == ["a1_3", "a3_4", "a4_5", "a5_6"]
    assert result.critical_paths() == [result.critical_path]


def test_taylor_solutions_manual_p115_with_dummy():
    """Taylor, ch. 8, solutions manual p. 115 (4-5 is a zero-duration dummy)."""
    plan = activity_on_arrow([(1, 2, 8), (1, 3, 10), (1, 4, 9), (2, 5, 6), (2, 6, 4),
                              (3, 5, 5), (4, 5, 0), (4, 7, 7), (5, 7, 12), (5, 8, 15),
                              (6, 9, 18), (7, 8, 4), (8, 9, 7)])
    result = analyse(plan)
    # Published ES / EF / LS / LF / slack (Taylor, solutions manual p. 115).
    published = {
        "a1_2": [0, 8, 1, 9, 1], "a1_3": [0, 10, 0, 10, 0], "a1_4": [0, 9, 6, 15, 6],
        "a2_5": [8, 14, 9, 15, 1], "a2_6": [8, 12, 16, 20, 8], "a3_5": [10, 15, 10, 15, 0],
        "a4_5": [9, 9, 15, 15, 6], "a4_7": [9, 16, 20, 27, 11], "a5_7": [15, 27, 15, 27, 0],
        "a5_8": [15, 30, 16, 31, 1], "a6_9": [12, 30, 20, 38, 8], "a7_8": [27, 31, 27, 31, 0],
        "a8_9": [31, 38, 31, 38, 0],
    }
    for task_id, expected in published.items():
        assert dates(result, task_id) == expected, task_id
    assert result.duration == 38  # published
    # Published critical path 1-3-5-7-8-9.
    assert result.critical_path == ["a1_3", "a3_5", "a5_7", "a7_8", "a8_9"]
    assert result.critical_paths() == [result.critical_path]
    assert not result.table.loc["a4_5", "critical"]


# --------------------------------------------------------------------------
# Random networks against networkx
# --------------------------------------------------------------------------

DURATION = st.one_of(st.integers(0, 20), st.floats(0, 50).map(lambda x: round(x, 2)))


@st.composite
def dags(draw, min_tasks=1):
    """(records in shuffled order, {id: duration}, {id: predecessors})."""
    n = draw(st.integers(min_tasks, 15))
    ids = [f"t{i}" for i in range(n)]
    durations = {t: draw(DURATION) for t in ids}
    preds = {ids[i]: sorted(draw(st.sets(st.sampled_from(ids[:i]))) if i else set())
             for i in range(n)}
    order = draw(st.permutations(ids))
    return order, durations, preds


def records(order, durations, preds):
    return [{"id": t, "name": t.upper(), "duration": durations[t], "depends_on": preds[t]}
            for t in order]


def longest_paths(durations, preds):
    """Independent longest paths: a source and sink around the tasks, each
    edge weighing its tail task's duration; Bellman-Ford on negated weights."""
    graph = nx.DiGraph()
    for t, d in durations.items():
        graph.add_edge("<src>", t, weight=0.0)
        graph.add_edge(t, "<snk>", weight=float(d))
        for p in preds[t]:
            graph.add_edge(p, t, weight=float(durations[p]))
    total = nx.dag_longest_path_length(graph, weight="weight")
    neg = {e: -w for e, w in nx.get_edge_attributes(graph, "weight").items()}
    nx.set_edge_attributes(graph, neg, "neg")
    to_task = nx.single_source_bellman_ford_path_length(graph, "<src>", weight="neg")
    from_task = nx.single_source_bellman_ford_path_length(graph.reverse(), "<snk>",
                                                          weight="neg")
    es = {t: -to_task[t] for t in durations}
    tail = {t: -from_task[t] for t in durations}  # includes the task's own duration
    return total, es, tail


@settings(max_examples=80, deadline=None)
@given(dags())
def test_cpm_agrees_with_networkx_longest_paths(dag):
    """Duration, ES, LS, floats and criticality against networkx."""
    order, durations, preds = dag
    plan = Plan.from_records(records(order, durations, preds))
    result = analyse(plan)
    total, es, tail = longest_paths(durations, preds)
    assert result.duration == pytest.approx(total, abs=TOL)
    table = result.table
    assert list(table.index) == list(order)
    for t, d in durations.items():
        ls = total - tail[t]
        row = table.loc[t]
        assert row["early_start"] == pytest.approx(es[t], abs=TOL)
        assert row["early_finish"] == pytest.approx(es[t] + d, abs=TOL)
        assert row["late_start"] == pytest.approx(ls, abs=TOL)
        assert row["late_finish"] == pytest.approx(ls + d, abs=TOL)
        assert row["total_float"] == pytest.approx(ls - es[t], abs=TOL)
        assert row["total_float"] >= -TOL
        assert bool(row["critical"]) == (abs(ls - es[t]) < TOL)
        assert -TOL <= row["free_float"] <= row["total_float"] + TOL
    assert result.critical_tasks == [t for t in order if abs(total - tail[t] - es[t]) < TOL]
    assert_chain(plan, result)


def longest_source_to_sink_paths(durations, preds):
    """Independent: every path of the DAG from a task without predecessors to a
    task without successors whose durations add up to the project duration,
    and where each task starts when the one before it finishes (networkx)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    graph.add_edges_from((p, t) for t in durations for p in preds[t])
    total, es, _ = longest_paths(durations, preds)
    sources = [t for t in durations if graph.in_degree(t) == 0]
    sinks = [t for t in durations if graph.out_degree(t) == 0]
    found = set()
    for source in sources:
        paths = [[source]] if source in sinks else nx.all_simple_paths(graph, source, sinks)
        for path in paths:
            if not math.isclose(sum(durations[t] for t in path), total, abs_tol=TOL):
                continue
            assert all(abs(es[b] - es[a] - durations[a]) < TOL for a, b in zip(path, path[1:]))
            found.add(tuple(path))
    return found


LIMIT = 50


@settings(max_examples=80, deadline=None)
@given(dags())
def test_critical_paths_agree_with_networkx(dag):
    """critical_paths() is every longest source-to-sink path, in plan order."""
    order, durations, preds = dag
    plan = Plan.from_records(records(order, durations, preds))
    result = analyse(plan)
    expected = longest_source_to_sink_paths(durations, preds)
    assert expected
    position = {t: i for i, t in enumerate(order)}
    ranked = sorted(expected, key=lambda p: [position[t] for t in p])
    paths = result.critical_paths(limit=LIMIT)
    assert [tuple(p) for p in paths] == ranked[:LIMIT]
    if len(expected) < LIMIT:
        assert {tuple(p) for p in paths} == expected
    for path in paths:
        assert all(result.table.loc[t, "critical"] for t in path)
    assert result.critical_paths(limit=1) == paths[:1]


@settings(max_examples=80, deadline=None)
@given(dags())
def test_critical_path_is_one_of_the_critical_paths(dag):
    """The single critical_path is always among critical_paths()."""
    order, durations, preds = dag
    result = analyse(Plan.from_records(records(order, durations, preds)))
    assert tuple(result.critical_path) in longest_source_to_sink_paths(durations, preds)
    assert result.critical_path in result.critical_paths(limit=10_000)


def test_critical_paths_diamond_example():
    """The docstring's diamond: two equal branches, two critical paths."""
    plan = plan_of([("a", 2, []), ("b", 3, ["a"]), ("c", 3, ["a"]), ("d", 1, ["b", "c"])])
    result = analyse(plan)
    assert result.critical_paths() == [["a", "b", "d"], ["a", "c", "d"]]
    assert result.critical_path in result.critical_paths()
    # Lengthen one branch: only it stays critical.
    longer = analyse(plan.with_changes(durations={"c": 4}))
    assert longer.critical_paths() == [["a", "c", "d"]]


def test_critical_path_ending_in_a_milestone_is_one_of_the_critical_paths():
    """A zero-day milestone after the last task: critical_path reaches it too."""
    plan = plan_of([("build", 4, []), ("test", 3, ["build"]), ("golive", 0, ["test"])])
    result = analyse(plan)
    assert result.critical_paths() == [["build", "test", "golive"]]
    assert result.critical_path in result.critical_paths()


def ladder(rungs):
    """``rungs`` diamonds in a row: 2 ** rungs critical paths."""
    rows, last = [("s", 1, [])], "s"
    for k in range(rungs):
        rows += [(f"u{k}", 2, [last]), (f"l{k}", 2, [last]), (f"j{k}", 1, [f"u{k}", f"l{k}"])]
        last = f"j{k}"
    return plan_of(rows)


def test_critical_paths_limit_is_respected():
    """At most ``limit`` paths, the first ones in plan order; default 20."""
    result = analyse(ladder(6))
    every = result.critical_paths(limit=1000)
    assert len(every) == 2 ** 6 == len({tuple(p) for p in every})
    assert result.critical_paths() == every[:20]
    for limit in (1, 5, 63, 64, 65):
        assert result.critical_paths(limit=limit) == every[:limit]


@pytest.mark.parametrize("limit, error, pattern", [
    (0, ValueError, r"limit must be >= 1, got 0"),
    (-3, ValueError, r"limit must be >= 1, got -3"),
    (2.0, TypeError, r"limit must be an integer, got float 2.0"),
    ("5", TypeError, r"limit must be an integer, got str '5'"),
    (True, TypeError, r"limit must be an integer, got bool True"),
    (None, TypeError, r"limit must be an integer, got NoneType None"),
])
def test_critical_paths_limit_is_validated(limit, error, pattern):
    with pytest.raises(error, match=pattern):
        analyse(plan_of(CHAIN)).critical_paths(limit=limit)


@settings(max_examples=80, deadline=None)
@given(dags())
def test_order_is_topological(dag):
    """plan.order holds every task once, each after all its predecessors."""
    order, durations, preds = dag
    plan = Plan.from_records(records(order, durations, preds))
    assert sorted(plan.order) == sorted(order)
    position = {t: i for i, t in enumerate(plan.order)}
    for t in order:
        assert all(position[p] < position[t] for p in preds[t])


@settings(max_examples=80, deadline=None)
@given(dags(min_tasks=2), st.data())
def test_back_edge_is_reported_as_a_real_cycle(dag, data):
    """A back edge gives 'dependency cycle: x -> ... -> x', predecessor first."""
    order, durations, preds = dag
    ids = sorted(durations, key=lambda t: int(t[1:]))
    i = data.draw(st.integers(1, len(ids) - 1))
    j = data.draw(st.integers(0, i - 1))
    later, earlier = ids[i], ids[j]
    preds = dict(preds)
    preds[later] = sorted(set(preds[later]) | {earlier})
    preds[earlier] = sorted(set(preds[earlier]) | {later})  # the back edge
    with pytest.raises(PlanError, match=r"^dependency cycle: ") as info:
        Plan.from_records(records(order, durations, preds))
    cycle = str(info.value).removeprefix("dependency cycle: ").split(" -> ")
    assert len(cycle) >= 3 and cycle[0] == cycle[-1]
    assert len(set(cycle[:-1])) == len(cycle) - 1
    for before, after in zip(cycle, cycle[1:]):
        assert before in preds[after], (before, after, str(info.value))


def test_cycle_message_example():
    """A three-task cycle is listed predecessor first, from the first task."""
    with pytest.raises(PlanError, match=r"^dependency cycle: a -> c -> b -> a$"):
        plan_of([("a", 1, ["b"]), ("b", 1, ["c"]), ("c", 1, ["a"])])


def test_self_dependency():
    with pytest.raises(PlanError, match=r"^dependency cycle: b -> b$"):
        plan_of([("a", 1, []), ("b", 1, ["a", "b"])])


def test_unknown_dependency_is_named():
    with pytest.raises(PlanError, match=r"task 'b' depends on unknown task 'ghost'"):
        plan_of([("a", 1, []), ("b", 1, ["ghost"])])


def test_duplicate_ids():
    with pytest.raises(PlanError, match=r"task id 'a' appears more than once"):
        plan_of([("a", 1, []), ("a", 2, [])])


# --------------------------------------------------------------------------
# Records, types and what-if changes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("record, pattern", [
    ({"id": "b", "name": "B", "duration": -1},
     r"records\[1\] \(id 'b'\): field 'duration': .*greater than or equal to 0"),
    ({"id": "b", "duration": 1}, r"records\[1\] \(id 'b'\): field 'name': Field required"),
    ({"id": "b", "name": "B", "duration": float("nan")},
     r"records\[1\] \(id 'b'\): field 'duration': .*finite"),
    ({"id": "Bad id", "name": "B", "duration": 1}, r"records\[1\] \(id 'Bad id'\): field 'id'"),
    ({"id": "b", "name": "B", "duration": 1, "owner": "x"},
     r"records\[1\] \(id 'b'\): field 'owner'"),
])
def test_from_records_names_record_and_field(record, pattern):
    with pytest.raises(ValueError, match=pattern):
        Plan.from_records([{"id": "a", "name": "A", "duration": 1}, record])


def test_types_are_checked():
    with pytest.raises(TypeError, match=r"tasks must be a list of Task, got str"):
        Plan("abc")
    with pytest.raises(ValueError, match=r"tasks must not be empty"):
        Plan([])
    with pytest.raises(TypeError, match=r"tasks\[0\] must be a Task, got dict"):
        Plan([{"id": "a", "name": "A", "duration": 1}])
    with pytest.raises(TypeError, match=r"plan must be a Plan, got str"):
        analyse("x")
    with pytest.raises(TypeError, match=r"records must be a list of dicts \(or a DataFrame\), "
                                        r"got str"):
        Plan.from_records("abc")
    with pytest.raises(TypeError, match=r"records\[0\] must be a Task or a dict, got int"):
        Plan.from_records([3])


def test_task_lookup():
    plan = plan_of([("a", 1, []), ("b", 2, ["a"])])
    assert plan.task("b").depends_on == ("a",)
    assert "a" in plan and "z" not in plan and len(plan) == 2
    with pytest.raises(ValueError, match=r"task_id 'z' is not a task of this plan"):
        plan.task("z")


CHAIN = [("a", 3, []), ("b", 4, ["a"]), ("c", 2, ["b"])]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["a", "b", "c"]), st.integers(0, 50))
def test_with_changes_moves_a_chain_by_the_change(task_id, new):
    """On a chain every task is critical: the duration moves by the change."""
    plan = plan_of(CHAIN)
    old = plan.task(task_id).duration
    changed = plan.with_changes(durations={task_id: new})
    assert analyse(changed).duration == analyse(plan).duration - old + new
    assert plan.task(task_id).duration == old  # the original is untouched


def test_with_changes_dependencies_reroute_the_critical_path():
    plan = plan_of([("a", 3, []), ("b", 6, []), ("c", 2, ["a"])])
    assert analyse(plan).critical_path == ["b"]
    changed = plan.with_changes(depends_on={"c": ["a", "b"]})
    result = analyse(changed)
    assert result.duration == 8 and result.critical_path == ["b", "c"]


def test_with_changes_errors():
    plan = plan_of(CHAIN)
    with pytest.raises(ValueError, match=r"durations names 'zz', which is not a task"):
        plan.with_changes(durations={"zz": 1})
    with pytest.raises(ValueError, match=r"depends_on names 'zz', which is not a task"):
        plan.with_changes(depends_on={"zz": ["a"]})
    with pytest.raises(ValueError, match=r"durations\['b'\] must be >= 0, got -1"):
        plan.with_changes(durations={"b": -1})
    with pytest.raises(ValueError, match=r"durations\['b'\] must be a finite number, got nan"):
        plan.with_changes(durations={"b": float("nan")})
    with pytest.raises(TypeError, match=r"durations\['b'\] must be a number, got str '2'"):
        plan.with_changes(durations={"b": "2"})
    with pytest.raises(PlanError, match=r"^dependency cycle: a -> b -> c -> a$"):
        plan.with_changes(depends_on={"a": ["c"]})
    with pytest.raises(PlanError, match=r"task 'a' depends on unknown task 'ghost'"):
        plan.with_changes(depends_on={"a": ["ghost"]})


# --------------------------------------------------------------------------
# Practice plans
# --------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(3, 12), st.integers(1, 99))
def test_random_plan_shape(seed, n_tasks, max_duration):
    """Deterministic, n tasks, 1..max_duration days, one start reaching every task."""
    plan = random_plan(seed, n_tasks=n_tasks, max_duration=max_duration)
    assert plan == random_plan(seed, n_tasks=n_tasks, max_duration=max_duration)
    assert len(plan) == n_tasks
    assert all(1 <= t.duration <= max_duration for t in plan.tasks)
    first, *rest = plan.tasks
    assert first.depends_on == ()
    ids = plan.ids
    for k, task in enumerate(rest, start=1):
        assert 1 <= len(task.depends_on) <= 2
        assert set(task.depends_on) <= set(ids[:k])
    graph = nx.DiGraph((p, t.id) for t in plan.tasks for p in t.depends_on)
    if rest:
        assert nx.descendants(graph, first.id) == set(ids[1:])
    assert_chain(plan, analyse(plan))


def test_random_plan_differs_across_seeds():
    shapes = {random_plan(seed).to_frame().to_csv() for seed in range(20)}
    assert len(shapes) == 20


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"seed": -1}, ValueError, r"seed must be >= 0, got -1"),
    ({"seed": True}, TypeError, r"seed must be an integer, got bool True"),
    ({"seed": 1.5}, TypeError, r"seed must be an integer, got float 1.5"),
    ({"seed": 1, "n_tasks": 13}, ValueError, r"n_tasks must be <= 12, got 13"),
    ({"seed": 1, "n_tasks": 2}, ValueError, r"n_tasks must be >= 3, got 2"),
    ({"seed": 1, "n_tasks": -4}, ValueError, r"n_tasks must be >= 3, got -4"),
    ({"seed": 1, "n_tasks": False}, TypeError, r"n_tasks must be an integer, got bool False"),
    ({"seed": 1, "max_duration": 0}, ValueError, r"max_duration must be >= 1, got 0"),
])
def test_random_plan_validates(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        random_plan(**kwargs)


# --------------------------------------------------------------------------
# The shipped ERP plan and CSV loading
# --------------------------------------------------------------------------

def test_shipped_plan():
    """Real phases, zero-length gate milestones, and a proper critical path."""
    plan = load_plan()
    phases = set(lifecycle.phase_ids())
    for task in plan.tasks:
        assert task.phase in phases, (task.id, task.phase)
    # The go/no-go decision and go-live are milestones: zero duration.
    assert plan.task("go_no_go").duration == 0
    assert plan.task("golive").duration == 0
    for task in plan.tasks:
        if task.duration == 0:  # a milestone marks the end of earlier work
            assert task.depends_on, task.id
    result = analyse(plan)
    assert_chain(plan, result)
    assert result.critical_path in result.critical_paths()
    durations = {t.id: t.duration for t in plan.tasks}
    preds = {t.id: list(t.depends_on) for t in plan.tasks}
    total, _, _ = longest_paths(durations, preds)
    assert result.duration == pytest.approx(total)


def test_load_plan_reports_file_row_and_cycle(write):
    bad = write("bad.csv", "id,name,duration,depends_on\na,A,1,\nb,B,-2,a\n")
    with pytest.raises(ContentError, match=r"bad\.csv: row 3 \(id 'b'\): field 'duration'"):
        load_plan(bad)
    cyclic = write("cyclic.csv", "id,name,duration,depends_on\na,A,1,b\nb,B,2,a\n")
    with pytest.raises(ContentError, match=r"cyclic\.csv: dependency cycle: a -> b -> a"):
        load_plan(cyclic)
    ok = write("ok.csv", "id,name,duration,depends_on\na,A,1,\nb,B,2,a\nc,C,4,a; b\n")
    assert analyse(load_plan(ok)).critical_path == ["a", "b", "c"]


def test_order_keeps_given_order_among_ready_tasks():
    """Ties in the topological order keep the order the tasks were given in."""
    plan = plan_of([("z", 1, []), ("x", 1, ["z"]), ("y", 1, [])])
    assert plan.order == ("z", "y", "x")


# --------------------------------------------------------------------------
# Issue 11: size limits, O(n) construction, hand-built tables, overflow
# --------------------------------------------------------------------------

def rounds_order(durations, preds, order):
    """The documented order, computed the slow, obvious way: repeated rounds,
    each taking every task whose predecessors are all placed, in given order."""
    placed: list[str] = []
    while len(placed) < len(order):
        ready = [t for t in order if t not in placed and all(p in placed for p in preds[t])]
        placed.extend(ready)
    return tuple(placed)


@settings(max_examples=60, deadline=None)
@given(dags())
def test_order_is_the_round_by_round_order(dag):
    """The O(n + e) sort gives exactly the round-by-round order it documents."""
    order, durations, preds = dag
    plan = Plan.from_records(records(order, durations, preds))
    assert plan.order == rounds_order(durations, preds, order)


def random_big_dag(n, seed):
    import random

    rng = random.Random(seed)
    durations = {f"t{i}": rng.randint(0, 9) for i in range(n)}
    preds = {f"t{i}": sorted({f"t{rng.randrange(i)}" for _ in range(rng.randint(0, 3))})
             if i else [] for i in range(n)}
    return durations, preds


@pytest.mark.parametrize("seed", [1, 2])
def test_a_large_random_plan_agrees_with_networkx(seed):
    """3,000 tasks: early starts, duration and criticality against networkx."""
    durations, preds = random_big_dag(3_000, seed)
    order = list(durations)[::-1]  # given in reverse: the sort must do the work
    plan = Plan.from_records(records(order, durations, preds))
    result = analyse(plan)
    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    graph.add_edges_from((p, t) for t in durations for p in preds[t])
    es: dict[str, float] = {}
    for t in nx.topological_sort(graph):
        es[t] = max((es[p] + durations[p] for p in preds[t]), default=0.0)
    total = max(es[t] + durations[t] for t in durations)
    assert result.duration == pytest.approx(total)
    assert result.table["early_start"].to_dict() == pytest.approx(es)
    position = {t: i for i, t in enumerate(plan.order)}
    assert all(position[p] < position[t] for t in durations for p in preds[t])
    assert_chain(plan, result)


def test_more_tasks_than_the_limit_are_refused_before_the_work():
    from implcourse.limits import MAX_TASKS

    task = Plan.from_records([{"id": "a", "name": "A", "duration": 1}]).tasks[0]
    many = (task for _ in range(10 ** 9))  # never read to its end
    with pytest.raises(ValueError, match=rf"tasks holds too many tasks: at most "
                                         rf"{MAX_TASKS:,} are allowed"):
        Plan(many)
    import pandas as pd

    frame = pd.DataFrame({"id": [f"t{i}" for i in range(MAX_TASKS + 1)], "name": "T",
                          "duration": 1.0})
    with pytest.raises(ValueError, match=rf"records holds too many tasks: at most "
                                         rf"{MAX_TASKS:,} are allowed \(implcourse.limits.MAX_TASKS\), "
                                         rf"got {MAX_TASKS + 1:,}"):
        Plan.from_records(frame)


def test_a_plan_at_the_limit_builds_and_analyses():
    from implcourse.limits import MAX_TASKS

    plan = Plan.from_records([{"id": f"t{i}", "name": "T", "duration": 1,
                               "depends_on": [f"t{i - 1}"] if i else []}
                              for i in range(MAX_TASKS)])
    result = analyse(plan)
    assert result.duration == MAX_TASKS
    assert len(result.critical_path) == MAX_TASKS


def diamonds(k):
    """k diamonds in a row: 2**k critical paths, each 2k tasks long."""
    rows, prev = [], []
    for i in range(k):
        rows += [(f"a{i}", 1, prev), (f"b{i}", 1, prev), (f"j{i}", 0, [f"a{i}", f"b{i}"])]
        prev = [f"j{i}"]
    return plan_of(rows)


def test_critical_paths_stop_at_the_limit():
    from implcourse.limits import MAX_PATHS

    result = analyse(diamonds(40))  # 2**40 critical paths
    paths = result.critical_paths(limit=MAX_PATHS)
    assert len(paths) == MAX_PATHS
    assert len({tuple(p) for p in paths}) == MAX_PATHS
    for path in paths[:: MAX_PATHS // 10]:
        assert len(path) == 80 and path[-1] == "j39"
        for before, after in zip(path, path[1:]):
            assert before in result.plan.task(after).depends_on
    with pytest.raises(ValueError, match=rf"limit must be <= {MAX_PATHS}, got 1000000"):
        result.critical_paths(limit=10 ** 6)
    with pytest.raises(TypeError, match="limit must be an integer, got bool True"):
        result.critical_paths(limit=True)


def test_a_duration_that_overflows_is_refused():
    plan = plan_of([("a", 1e308, []), ("b", 1e308, ["a"])])
    with pytest.raises(ValueError, match="the project duration cannot be computed: the "
                                         "amounts are too large"):
        analyse(plan)


def test_records_as_a_dataframe_are_checked_like_a_file():
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b"], "name": ["<b>Design</b>", "Build"],
                          "duration": [2.0, 3.0], "depends_on": [float("nan"), "a"],
                          "phase": [None, "design"]})
    plan = Plan.from_records(frame)
    assert plan.task("b").depends_on == ("a",) and plan.task("a").depends_on == ()
    assert plan.task("a").name == "<b>Design</b>"  # text is kept; the views escape it
    assert analyse(plan).duration == 5
    bad = frame.assign(duration=[2.0, float("nan")])
    with pytest.raises(ValueError, match=r"records\[1\] \(id 'b'\): column 'duration' is "
                                         r"empty \(nan\)"):
        Plan.from_records(bad)
    with pytest.raises(TypeError, match=r"records\[0\] \(id 'a'\): field 'duration' must be a "
                                        r"number, got str '2'"):
        Plan.from_records(frame.assign(duration=["2", 3.0]))
    with pytest.raises(ValueError, match=r"records\[0\] \(id 'a'\): field 'owner': Extra"):
        Plan.from_records(frame.assign(owner=["pm", "pm"]))
    with pytest.raises(PlanError, match="task id 'a' appears more than once"):
        Plan.from_records(frame.assign(id=["a", "a"], depends_on=[None, None]))


@pytest.mark.parametrize("value, error, pattern", [
    (True, TypeError, r"field 'duration' must be a number, got bool True"),
    ("3", TypeError, r"field 'duration' must be a number, got str '3'"),
    (10 ** 400, ValueError, r"field 'duration' must be a finite number, got an integer of "
                            r"401 digits"),
    (None, ValueError, r"field 'duration' is empty"),
    (float("inf"), ValueError, r"field 'duration': .*finite"),
])
def test_record_durations_must_be_numbers(value, error, pattern):
    with pytest.raises(error, match=r"records\[0\] \(id 'a'\): " + pattern):
        Plan.from_records([{"id": "a", "name": "A", "duration": value}])


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"durations": 3}, TypeError, "durations must be a dict of task id to value, got int 3"),
    ({"depends_on": "a"}, TypeError, "depends_on must be a dict of task id to value, got str"),
    ({"durations": {1: 2}}, ValueError, "durations names 1, which is not a task"),
    ({"durations": {"a": True}}, TypeError, r"durations\['a'\] must be a number, got bool"),
    ({"durations": {"a": 10 ** 400}}, ValueError, r"durations\['a'\] must be a finite number"),
])
def test_with_changes_checks_its_arguments(kwargs, error, pattern):
    plan = plan_of([("a", 1, []), ("b", 2, ["a"])])
    with pytest.raises(error, match=pattern):
        plan.with_changes(**kwargs)


def test_critical_paths_stop_at_the_entries_cap(monkeypatch):
    """Paths are listed until they hold MAX_PATH_ENTRIES task ids in all."""
    import implcourse.schedule as schedule_module

    # Two diamonds in a row: 4 critical paths of 5 tasks each.
    records = [{"id": "s", "name": "S", "duration": 1},
               {"id": "a", "name": "A", "duration": 2, "depends_on": ["s"]},
               {"id": "b", "name": "B", "duration": 2, "depends_on": ["s"]},
               {"id": "m", "name": "M", "duration": 1, "depends_on": ["a", "b"]},
               {"id": "c", "name": "C", "duration": 2, "depends_on": ["m"]},
               {"id": "d", "name": "D", "duration": 2, "depends_on": ["m"]},
               {"id": "e", "name": "E", "duration": 1, "depends_on": ["c", "d"]}]
    result = schedule_module.analyse(schedule_module.Plan.from_records(records))
    assert len(result.critical_paths()) == 4
    monkeypatch.setattr(schedule_module, "MAX_PATH_ENTRIES", 12)
    listed = result.critical_paths()
    assert len(listed) == 2 and sum(map(len, listed)) <= 12
    assert all(p[0] == "s" and p[-1] == "e" and len(p) == 5 for p in listed)
