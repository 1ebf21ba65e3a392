"""Project plans as task networks, and the critical path method (CPM).

A :class:`Plan` is a set of tasks with durations and finish-to-start
dependencies. It is validated when built: every dependency must name a task
of the plan, and the dependencies must not form a cycle (the error names
the tasks in the cycle). :func:`analyse` runs the classic forward and
backward passes and returns each task's early and late start and finish, its
total float and whether it is critical.

Conventions: a zero-based clock, as in Heizer, Render and Munson's worked
examples (*Operations Management*, ch. 3). A task with no predecessors
starts at time 0; its early finish is ``ES + duration``; a successor's early
start is the latest early finish of its predecessors. The project duration
is the latest early finish. Late dates run backwards from the project
duration, and total float is ``LS - ES``. Tasks with zero total float are
critical. Many PMBOK-style examples count from day 1 instead
(``EF = ES + d - 1``, successor ``ES = EF + 1``): the early and late
*starts* then shift by one, while finishes, floats and the critical path
stay the same.

Examples
--------
>>> plan = Plan.from_records([
...     {"id": "a", "name": "Design", "duration": 3},
...     {"id": "b", "name": "Build", "duration": 4, "depends_on": ["a"]},
...     {"id": "c", "name": "Docs", "duration": 2, "depends_on": ["a"]},
...     {"id": "d", "name": "Test", "duration": 1, "depends_on": ["b", "c"]},
... ])
>>> result = analyse(plan)
>>> result.duration, result.critical_path
(8.0, ['a', 'b', 'd'])
>>> row = result.table.loc["c"]
>>> print(f"ES {row.early_start:g}, LS {row.late_start:g}, total float {row.total_float:g}")
ES 3, LS 5, total float 2
"""

from __future__ import annotations

import functools
import math
import numbers
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from .content import ContentError, ContentModel, Slug, Text, display_path, load_rows, resolve
from .limits import MAX_PATH_ENTRIES, MAX_PATHS, MAX_TASKS
from .validation import check_finite, check_int, check_number, check_str, check_str_list, shown

__all__ = [
    "Task",
    "Plan",
    "PlanError",
    "Schedule",
    "load_plan",
    "analyse",
    "random_plan",
]

DEFAULT_PLAN = "plans/erp_rollout.csv"

#: Relative tolerance when comparing float dates (durations may be fractional).
_EPS = 1e-9


class PlanError(ValueError):
    """A plan's dependencies are inconsistent (unknown task id or a cycle).

    Attributes
    ----------
    cycle : list of str or None
        For a cycle, its task ids, first and last the same; else None.
    """

    def __init__(self, message: str, cycle: list[str] | None = None) -> None:
        super().__init__(message)
        self.cycle = cycle


class Task(ContentModel):
    """One task of a plan.

    ``depends_on`` lists the ids of the tasks that must finish before this
    one starts (finish-to-start). In a CSV file it is one cell, with ids
    separated by ``;``.
    """

    id: Slug
    name: Text
    phase: Slug | None = None
    duration: float = Field(ge=0, allow_inf_nan=False)
    depends_on: tuple[str, ...] = ()

    @field_validator("depends_on", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(";") if part.strip())
        return value


@dataclass(frozen=True)
class Plan:
    """A validated task network.

    Build it with :meth:`from_records` or :func:`load_plan`; the constructor
    checks ids, dependencies and cycles.

    Attributes
    ----------
    tasks : tuple of Task
        The tasks, in the order given.
    order : tuple of str
        A topological order of the task ids (every task after all of its
        predecessors; ties keep the given order).
    """

    tasks: tuple[Task, ...]
    order: tuple[str, ...] = ()

    def __init__(self, tasks: Iterable[Task]):
        if isinstance(tasks, (str, bytes, Mapping)) or not isinstance(tasks, Iterable):
            raise TypeError(f"tasks must be a list of Task, got {type(tasks).__name__} "
                            f"{shown(tasks)}")
        tasks = _at_most("tasks", tasks, MAX_TASKS, "tasks")
        if not tasks:
            raise ValueError("tasks must not be empty: a plan needs at least one task")
        for i, task in enumerate(tasks):
            if not isinstance(task, Task):
                raise TypeError(f"tasks[{i}] must be a Task, got {type(task).__name__} "
                                f"{shown(task)}")
        object.__setattr__(self, "tasks", tasks)
        object.__setattr__(self, "order", _topological_order(tasks))

    # -- construction -----------------------------------------------------
    @classmethod
    def from_records(cls, records) -> Plan:
        """Build a plan from dicts with ``id``, ``name``, ``duration`` and
        optionally ``phase`` and ``depends_on``, or from a DataFrame with
        those columns (one row per task).

        The records go through the same checks as a plan file: every field
        of the :class:`Task` model, unique ids, known dependencies, no cycle,
        at most :data:`implcourse.limits.MAX_TASKS` tasks. Durations must be
        numbers (a text such as ``"5"`` or ``True`` is refused); an empty
        ``phase`` or ``depends_on`` (``None`` or NaN) means none, as an empty
        cell does in a file. Text is kept as written (a tool that shows it
        escapes it).

        Raises
        ------
        TypeError, ValueError
            Naming the record and the field that is wrong, an unknown
            dependency or the tasks of a cycle.

        Examples
        --------
        >>> Plan.from_records([{"id": "a", "name": "A", "duration": "3"}])
        Traceback (most recent call last):
        ...
        TypeError: records[0] (id 'a'): field 'duration' must be a number, got str '3'
        """
        tasks = _validated_records("records", records, Task, limit=MAX_TASKS, what="tasks",
                                   unique=False)
        if not tasks:
            raise ValueError("records must not be empty: a plan needs at least one task")
        return cls(tasks)

    # -- access ------------------------------------------------------------
    @functools.cached_property
    def _by_id(self) -> dict[str, Task]:
        return {task.id: task for task in self.tasks}

    def __len__(self) -> int:
        return len(self.tasks)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._by_id

    def task(self, task_id: str) -> Task:
        """The task with this id.

        Raises
        ------
        ValueError
            If the plan has no such task.
        """
        task_id = check_str("task_id", task_id)
        if task_id not in self._by_id:
            raise ValueError(f"task_id {task_id!r} is not a task of this plan")
        return self._by_id[task_id]

    @property
    def ids(self) -> list[str]:
        """The task ids, in the order given."""
        return [task.id for task in self.tasks]

    def successors(self) -> dict[str, list[str]]:
        """Each task id mapped to the ids of the tasks that depend on it."""
        result: dict[str, list[str]] = {task.id: [] for task in self.tasks}
        for task in self.tasks:
            for dep in task.depends_on:
                result[dep].append(task.id)
        return result

    def to_frame(self):
        """The tasks as a DataFrame indexed by id."""
        import pandas as pd

        return pd.DataFrame(
            [{"id": t.id, "name": t.name, "phase": t.phase, "duration": t.duration,
              "depends_on": ";".join(t.depends_on)} for t in self.tasks]
        ).set_index("id")

    # -- what-if -----------------------------------------------------------
    def with_changes(self, durations: Mapping[str, float] | None = None,
                     depends_on: Mapping[str, Sequence[str]] | None = None) -> Plan:
        """A copy of the plan with some durations or dependencies changed.

        Parameters
        ----------
        durations : dict, optional
            Task id to its new duration (a number >= 0).
        depends_on : dict, optional
            Task id to its new list of predecessor ids.

        Raises
        ------
        ValueError
            For an unknown task id, a negative duration, an unknown
            dependency or a cycle.

        Examples
        --------
        >>> plan = Plan.from_records([{"id": "a", "name": "A", "duration": 1},
        ...                           {"id": "b", "name": "B", "duration": 2}])
        >>> plan.with_changes(depends_on={"a": ["b"]}).order
        ('b', 'a')
        >>> plan.with_changes(depends_on={"a": ["b"], "b": ["a"]})
        Traceback (most recent call last):
        ...
        implcourse.schedule.PlanError: dependency cycle: a -> b -> a
        """
        durations = _mapping("durations", durations)
        depends_on = _mapping("depends_on", depends_on)
        for name, mapping in (("durations", durations), ("depends_on", depends_on)):
            for task_id in mapping:
                if not isinstance(task_id, str) or task_id not in self:
                    raise ValueError(f"{name} names {shown(task_id)}, which is not a task of "
                                     "this plan")
        tasks = []
        for task in self.tasks:
            update: dict[str, Any] = {}
            if task.id in durations:
                update["duration"] = check_number(f"durations[{task.id!r}]",
                                                  durations[task.id], minimum=0)
            if task.id in depends_on:
                update["depends_on"] = tuple(check_str_list(f"depends_on[{task.id!r}]",
                                                            depends_on[task.id]))
            tasks.append(task.model_copy(update=update) if update else task)
        return Plan(tasks)


def _topological_order(tasks: Sequence[Task]) -> tuple[str, ...]:
    """Kahn's algorithm in O(tasks + dependencies), keeping the given order
    among ready tasks.

    The order is the one of repeated rounds (first every task without
    predecessors, in the given order; then every task whose predecessors are
    all placed; and so on): each task's round is one more than the latest
    round of its predecessors, found in one pass over a queue, and the tasks
    are then sorted by (round, position). Hand-written because no library
    gives this particular tie-break and an exact cycle report.

    Raises :class:`PlanError` naming a duplicate id, an unknown dependency
    or a cycle.
    """
    position: dict[str, int] = {}
    for i, task in enumerate(tasks):
        if task.id in position:
            raise PlanError(f"task id {task.id!r} appears more than once")
        position[task.id] = i
    waiting = [0] * len(tasks)  # distinct predecessors not yet placed
    successors: list[list[int]] = [[] for _ in tasks]
    for i, task in enumerate(tasks):
        for dep in dict.fromkeys(task.depends_on):  # a repeated id counts once
            if dep not in position:
                raise PlanError(f"task {task.id!r} depends on unknown task {dep!r}")
            if dep == task.id:
                raise PlanError(f"dependency cycle: {task.id} -> {task.id}",
                                cycle=[task.id, task.id])
            successors[position[dep]].append(i)
            waiting[i] += 1
    rounds = [0] * len(tasks)
    queue = deque(i for i in range(len(tasks)) if not waiting[i])
    placed = 0
    while queue:
        i = queue.popleft()
        placed += 1
        for j in successors[i]:
            rounds[j] = max(rounds[j], rounds[i] + 1)
            waiting[j] -= 1
            if not waiting[j]:
                queue.append(j)
    if placed < len(tasks):
        ids = [task.id for task in tasks]
        unplaced = {tasks[i].id for i in range(len(tasks)) if waiting[i]}
        remaining = {task_id: {d for d in tasks[position[task_id]].depends_on if d in unplaced}
                     for task_id in unplaced}
        cycle = _find_cycle(remaining, ids)
        raise PlanError("dependency cycle: " + " -> ".join(cycle), cycle=list(cycle))
    return tuple(tasks[i].id for i in sorted(range(len(tasks)), key=lambda i: (rounds[i], i)))


def _find_cycle(remaining: Mapping[str, set[str]], ids: Sequence[str]) -> list[str]:
    """One cycle among tasks that could not be ordered, as ``[a, b, ..., a]``.

    Every such task has a predecessor that is also unordered, so walking
    back along predecessors must revisit a task; the walk from the first
    repeat is a cycle. It is reported in dependency order (predecessor
    first), starting from its task that comes first in the plan.
    """
    rank = {task_id: i for i, task_id in enumerate(ids)}
    start = min(remaining, key=rank.__getitem__)
    walk, position = [start], {start: 0}
    while True:
        pred = min(remaining[walk[-1]], key=rank.__getitem__)
        if pred in position:
            cycle = walk[position[pred]:]
            cycle.reverse()
            first = cycle.index(min(cycle, key=rank.__getitem__))
            cycle = cycle[first:] + cycle[:first]
            return [*cycle, cycle[0]]
        position[pred] = len(walk)
        walk.append(pred)


def load_plan(name: str = DEFAULT_PLAN) -> Plan:
    """Load a plan from a CSV file.

    Columns: ``id``, ``name``, ``phase`` (optional), ``duration`` (working
    days, >= 0; 0 marks a milestone), ``depends_on`` (ids separated by
    ``;``).

    Parameters
    ----------
    name : str or Path
        A dataset name under ``datasets/`` (default the sample ERP rollout)
        or a path to a CSV file of your own.

    Raises
    ------
    ContentError
        Naming the file, the row and the field, an unknown dependency or the
        tasks of a cycle.

    Examples
    --------
    >>> plan = load_plan()
    >>> plan.tasks[0].id
    'kickoff'
    """
    path = resolve(name)
    tasks = load_rows(path, Task)
    if len(tasks) > MAX_TASKS:
        raise ContentError(display_path(path), f"the plan has {len(tasks):,} tasks; at most "
                                               f"{MAX_TASKS:,} are allowed (implcourse.limits."
                                               f"MAX_TASKS)")
    try:
        return Plan(tasks)
    except PlanError as err:
        raise ContentError(display_path(path), str(err)) from None


# --------------------------------------------------------------------------
# Checks shared with the estimates and the risk register
# --------------------------------------------------------------------------

#: How a limit is named in messages, so a reader can find it.
_LIMIT_NAMES = {MAX_TASKS: "implcourse.limits.MAX_TASKS"}


def _at_most(name: str, items: Iterable, limit: int, what: str) -> tuple:
    """``items`` as a tuple, refused with a message as soon as it holds more
    than ``limit`` (so a huge generator is never read to its end)."""
    out = []
    for item in items:
        out.append(item)
        if len(out) > limit:
            size = f"{len(items):,}" if hasattr(items, "__len__") else "more than that"
            raise ValueError(f"{name} holds too many {what}: at most {limit:,} are allowed "
                             f"({_LIMIT_NAMES.get(limit, 'implcourse.limits')}), got {size}")
    return tuple(out)


def _mapping(name: str, value: object) -> dict:
    """A mapping argument (``None`` for an empty one) as a dict."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict of task id to value, got "
                        f"{type(value).__name__} {shown(value)}")
    return dict(value)


def _empty(value: object) -> bool:
    """An empty cell: None, a blank text, NaN or pandas' NA (a hand-built
    table's blanks), as an empty cell of a file is."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, float) or type(value).__name__ in ("float64", "float32", "NAType",
                                                             "NaTType"):
        try:
            return bool(value != value)  # NaN and NA differ from themselves
        except TypeError:  # pandas.NA refuses to be a truth value
            return True
    return False


def _numeric_fields(model: type[BaseModel]) -> set[str]:
    return {name for name, info in model.model_fields.items()
            if info.annotation in (float, int, float | None, int | None)}


def _validated_records(name: str, records: object, model: type[BaseModel], *, limit: int,
                       what: str, ignore: Iterable[str] = (), unique: bool = True,
                       context: dict | None = None) -> tuple:
    """Rows given in Python (a DataFrame, a list of dicts or of ``model``
    objects) validated like the rows of a content file.

    The same pydantic ``model`` checks every row, and ids must be unique.
    What a file cannot hold is refused too: a number field must hold a
    number (never a text such as ``"0.5"`` or a boolean), and a required
    field must not be empty. A blank text is an empty field. In a
    DataFrame, a NaN cell is an empty cell, as pandas writes a blank:
    ``None`` in an optional field, an error naming the row and column in a
    required one. Columns in ``ignore`` (ones the
    course's own functions add, such as a score) are left out; any other
    unknown column is refused, as in a file. Errors name the row (its
    position, counting from 0, and its id) and the field, and show the bad
    value.
    """
    import pandas as pd

    if isinstance(records, pd.DataFrame):
        if len(records) > limit:
            raise ValueError(f"{name} holds too many {what}: at most {limit:,} are allowed "
                             f"({_LIMIT_NAMES.get(limit, 'implcourse.limits')}), got "
                             f"{len(records):,}")
        if not records.columns.is_unique:
            repeated = records.columns[records.columns.duplicated()][0]
            raise ValueError(f"{name} has the column {shown(repeated)} more than once")
        bad = [c for c in records.columns if not isinstance(c, str)]
        if bad:
            raise TypeError(f"{name} column names must be text, got {shown(bad[0])}")
        ignored = set(ignore)
        rows = [{k: v for k, v in row.items() if k not in ignored}
                for row in records.to_dict("records")]
        frame = True
    elif isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise TypeError(f"{name} must be a list of dicts (or a DataFrame), got "
                        f"{type(records).__name__} {shown(records)}")
    else:
        rows, frame = list(_at_most(name, records, limit, what)), False
    numeric = _numeric_fields(model)
    required = {f for f, info in model.model_fields.items() if info.is_required()}
    out = []
    for i, raw in enumerate(rows):
        if isinstance(raw, model):
            out.append(raw)
            continue
        if not isinstance(raw, Mapping):
            kind = model.__name__
            article = "an" if kind[0] in "AEIOU" else "a"
            raise TypeError(f"{name}[{i}] must be {article} {kind} or a dict, got "
                            f"{type(raw).__name__} {shown(raw)}")
        ident = raw.get("id")
        label = f"{name}[{i}]" + (f" (id {shown(ident)})" if isinstance(ident, str) else "")
        row = {}
        for key, value in raw.items():
            if not isinstance(key, str):
                raise TypeError(f"{label}: field names must be text, got {shown(key)}")
            blank = isinstance(value, str) and not value.strip()
            row[key] = None if (frame or blank) and _empty(value) else value
            value = row[key]
            if value is None and key in required:
                cell = f"column {key!r} is empty ({shown(raw[key])})" if frame else \
                    f"field {key!r} is empty (None)"
                raise ValueError(f"{label}: {cell}")
            if key in numeric and value is not None and (
                    isinstance(value, bool) or not isinstance(value, numbers.Real)):
                raise TypeError(f"{label}: field {key!r} must be a number, got "
                                f"{type(value).__name__} {shown(value)}")
            if key in numeric and isinstance(value, numbers.Integral) and \
                    abs(int(value)) > 2 ** 1023:
                raise ValueError(f"{label}: field {key!r} must be a finite number, got "
                                 f"{shown(value)}")
        try:
            out.append(model.model_validate(row, context=context))
        except ValidationError as err:
            first = err.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(row)"
            got = f" (got {shown(first['input'])})" if first["loc"] else ""
            raise ValueError(f"{label}: field {field!r}: {first['msg']}{got}") from None
    seen: dict[str, int] = {}
    for i, item in enumerate(out if unique else ()):
        ident = getattr(item, "id", None)
        if ident in seen:
            raise ValueError(f"{name}[{i}]: duplicate id {ident!r} (also {name}[{seen[ident]}])")
        seen[ident] = i
    return tuple(out)


# --------------------------------------------------------------------------
# The critical path method
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """The result of :func:`analyse`.

    Attributes
    ----------
    plan : Plan
        The plan analysed.
    table : pandas.DataFrame
        One row per task (in the plan's order), indexed by id, with columns
        ``name``, ``phase``, ``duration``, ``early_start``, ``early_finish``,
        ``late_start``, ``late_finish``, ``total_float``, ``free_float`` and
        ``critical``.
    duration : float
        The project duration: the latest early finish.
    critical_path : list of str
        One chain of critical tasks from a start to an end of the network
        (where several exist, the first in the plan's order; see
        :meth:`critical_paths` for all of them).
    """

    plan: Plan
    table: Any
    duration: float
    critical_path: list[str]

    @property
    def critical_tasks(self) -> list[str]:
        """Every task with zero total float, in plan order."""
        return self.table.index[self.table["critical"]].tolist()

    def critical_paths(self, limit: int = 20) -> list[list[str]]:
        """Every critical path (there may be several), up to ``limit`` of them.

        ``limit`` is 1 to :data:`implcourse.limits.MAX_PATHS`: a network can
        have more critical paths than there are atoms, so they are listed
        only up to the limit, and the search stops there. The listing also
        stops once the paths hold :data:`implcourse.limits.MAX_PATH_ENTRIES`
        task ids in all, so very long paths cannot fill the memory.

        A critical path is a chain of critical tasks, each starting when the
        one before it finishes, from a task with no predecessors to one that
        finishes at the project's end.

        Examples
        --------
        >>> plan = Plan.from_records([
        ...     {"id": "a", "name": "A", "duration": 2},
        ...     {"id": "b", "name": "B", "duration": 3, "depends_on": ["a"]},
        ...     {"id": "c", "name": "C", "duration": 3, "depends_on": ["a"]},
        ...     {"id": "d", "name": "D", "duration": 1, "depends_on": ["b", "c"]}])
        >>> analyse(plan).critical_paths()
        [['a', 'b', 'd'], ['a', 'c', 'd']]
        """
        limit = check_int("limit", limit, minimum=1, maximum=MAX_PATHS)
        return _critical_chains(self.plan, self.table, self.duration, limit)


def _critical_chains(plan: Plan, table, duration: float, limit: int) -> list[list[str]]:
    """Depth-first walk over critical tasks, in plan order, collecting chains
    that run from a task without predecessors to one that ends the project.

    The walk keeps each partial chain as a linked list (task, chain so far),
    so a step costs O(1) whatever the chain's length, and it stops as soon
    as ``limit`` chains are found.
    """
    tolerance = _EPS * max(1.0, duration)
    critical = set(table.index[table["critical"].to_numpy(dtype=bool)])
    early_start = dict(zip(table.index, table["early_start"].to_numpy(dtype=float)))
    early_finish = dict(zip(table.index, table["early_finish"].to_numpy(dtype=float)))
    successors = plan.successors()
    nexts_of: dict[str, list[str]] = {}

    def nexts(task_id: str) -> list[str]:
        if task_id not in nexts_of:
            finish = early_finish[task_id]
            nexts_of[task_id] = [n for n in successors[task_id] if n in critical
                                 and abs(early_start[n] - finish) <= tolerance]
        return nexts_of[task_id]

    paths: list[list[str]] = []
    entries = 0
    stack: list[tuple[str, Any]] = [(t.id, None) for t in reversed(plan.tasks)
                                    if t.id in critical and not t.depends_on]
    while stack and len(paths) < limit:
        node = stack.pop()
        task_id = node[0]
        following = nexts(task_id)
        if not following:
            if abs(early_finish[task_id] - duration) <= tolerance:
                path = []
                while node is not None and entries + len(path) < MAX_PATH_ENTRIES:
                    path.append(node[0])
                    node = node[1]
                if node is not None:  # this path would pass MAX_PATH_ENTRIES: stop listing
                    break
                entries += len(path)
                paths.append(path[::-1])
            continue
        stack.extend((n, node) for n in reversed(following))
    return paths


def analyse(plan: Plan) -> Schedule:
    """Forward and backward pass over a plan: dates, floats, critical path.

    Parameters
    ----------
    plan : Plan
        A validated plan.

    Returns
    -------
    Schedule
        Early/late dates, total and free float, and the critical path.

    Notes
    -----
    Forward pass: ``ES = max(EF of predecessors)`` (0 with none) and
    ``EF = ES + duration``. Backward pass: ``LF = min(LS of successors)``
    (the project duration with none) and ``LS = LF - duration``. Total float
    is ``LS - ES``; free float is ``min(ES of successors) - EF`` (the
    project duration with none). A task is critical when its total float is
    zero.

    Examples
    --------
    >>> plan = Plan.from_records([{"id": "x", "name": "X", "duration": 2},
    ...                           {"id": "y", "name": "Y", "duration": 5}])
    >>> analyse(plan).critical_path
    ['y']
    """
    import pandas as pd

    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__} {shown(plan)}")
    by_id = {task.id: task for task in plan.tasks}
    successors = plan.successors()
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for task_id in plan.order:
        task = by_id[task_id]
        es[task_id] = max((ef[d] for d in task.depends_on), default=0.0)
        ef[task_id] = es[task_id] + task.duration
    duration = check_finite("the project duration", max(ef.values()))
    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    for task_id in reversed(plan.order):
        lf[task_id] = min((ls[s] for s in successors[task_id]), default=duration)
        ls[task_id] = lf[task_id] - by_id[task_id].duration
    tolerance = _EPS * max(1.0, duration)
    rows = []
    for task in plan.tasks:
        total = ls[task.id] - es[task.id]
        free = min((es[s] for s in successors[task.id]), default=duration) - ef[task.id]
        rows.append({
            "id": task.id, "name": task.name, "phase": task.phase,
            "duration": task.duration,
            "early_start": es[task.id], "early_finish": ef[task.id],
            "late_start": ls[task.id], "late_finish": lf[task.id],
            "total_float": 0.0 if abs(total) <= tolerance else total,
            "free_float": 0.0 if abs(free) <= tolerance else free,
            "critical": abs(total) <= tolerance,
        })
    table = pd.DataFrame(rows).set_index("id")
    (path,) = _critical_chains(plan, table, duration, limit=1)
    return Schedule(plan=plan, table=table, duration=float(duration), critical_path=path)


# --------------------------------------------------------------------------
# Practice plans
# --------------------------------------------------------------------------

_PRACTICE_NAMES = [
    ("scope", "Confirm scope"), ("workshops", "Requirements workshops"),
    ("design", "Solution design"), ("config", "Configure system"),
    ("interfaces", "Build interfaces"), ("extract", "Extract legacy data"),
    ("load", "Trial data load"), ("sit", "Integration testing"),
    ("uat", "User acceptance testing"), ("train", "Train key users"),
    ("cutover", "Cutover"), ("golive", "Go-live"),
]


def random_plan(seed: int, n_tasks: int = 6, max_duration: int = 9) -> Plan:
    """A small random plan for practice: integer durations, every task
    reachable from the first, and the names of implementation work.

    The network is built so that each task depends on one to two of the
    tasks before it, which guarantees a DAG with a single start.

    Parameters
    ----------
    seed : int
        Seeds the random draw; the same seed gives the same plan.
    n_tasks : int, default 6
        Number of tasks, 3 to 12.
    max_duration : int, default 9
        Durations are drawn from 1 to ``max_duration`` days.

    Examples
    --------
    >>> random_plan(seed=7).ids == random_plan(seed=7).ids
    True
    >>> len(random_plan(seed=7, n_tasks=8))
    8
    """
    import numpy as np

    seed = check_int("seed", seed, minimum=0)
    n_tasks = check_int("n_tasks", n_tasks, minimum=3, maximum=len(_PRACTICE_NAMES))
    max_duration = check_int("max_duration", max_duration, minimum=1, maximum=99)
    rng = np.random.default_rng(seed)
    names = _PRACTICE_NAMES[:n_tasks]
    records = []
    for i, (task_id, name) in enumerate(names):
        deps: list[str] = []
        if i > 0:
            k = min(i, int(rng.integers(1, 3)))
            picks = sorted(rng.choice(i, size=k, replace=False).tolist())
            deps = [names[j][0] for j in picks]
        records.append({"id": task_id, "name": name,
                        "duration": int(rng.integers(1, max_duration + 1)),
                        "depends_on": deps})
    return Plan.from_records(records)
