"""Exercises of Lesson 01, the implementation lifecycle.

Each exercise is built from the course data or from a learner seed, and
every answer it checks against is computed by the package
(:mod:`implcourse.lifecycle`, :mod:`implcourse.schedule`,
:mod:`implcourse.readiness`).

Examples
--------
>>> from implcourse import lifecycle
>>> ex = PhaseOrder()
>>> ex.check(lifecycle.phase_ids()).correct
True
>>> ex = CriticalPath(seed=11)
>>> answer = ex.schedule()
>>> ex.check(duration=answer.duration, path=answer.critical_path).correct
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import lifecycle, readiness, schedule
from ..validation import check_choice, check_int, check_number, check_str_list
from . import Exercise, Note

__all__ = ["PhaseOrder", "Deliverables", "CriticalPath", "TotalFloat", "GoNoGo",
           "markdown_table"]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (hand-written: tabulate is not a dependency).

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [[1, 2]]))
    | a | b |
    | --- | --- |
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(map(str, headers)) + " |",
             "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def _days(value: float) -> str:
    return f"{value:g}"


def _plan_note(plan: schedule.Plan) -> Note:
    rows = [[f"`{t.id}`", t.name, _days(t.duration), ", ".join(t.depends_on) or "none"]
            for t in plan.tasks]
    return Note(markdown_table(["id", "task", "days", "depends on"], rows))


class PhaseOrder(Exercise):
    """Put the eight phases in order."""

    def __init__(self) -> None:
        super().__init__(
            id="01.phase_order", lesson="01", topic="phases",
            title="Put the phases in order",
            task="Write the ids of the eight phases in lifecycle order.",
            hints=["Nothing can be designed before the needs are agreed, and nothing "
                   "tested before it is built.",
                   "Training is planned alongside testing but delivered just before "
                   "go-live, so that people remember it.",
                   "The first phase sets up the project; the last one starts the day "
                   "after go-live."])

    def _grade(self, sequence: Sequence[str]):
        result = lifecycle.check_order(sequence)
        if result.correct:
            return True, "All eight phases are in their place.", None
        return (False, f"{result.in_place} of {result.total} phases are in the right place.",
                result.hint)

    def solution(self) -> Note:
        rows = [[i, f"`{p.id}`", p.name, p.why_here]
                for i, p in enumerate(lifecycle.load_phases(), start=1)]
        return Note(markdown_table(["#", "id", "phase", "why here"], rows))


class Deliverables(Exercise):
    """Name the phase that produces each of five deliverables (seeded)."""

    def __init__(self, seed: int, n_items: int = 5) -> None:
        seed = check_int("seed", seed, minimum=0)
        phases = lifecycle.load_phases()
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(phases))
        rng = np.random.default_rng(seed)
        chosen = rng.choice(len(phases), size=n_items, replace=False)
        self.items: list[str] = []
        self.answer: list[str] = []
        for index in chosen.tolist():
            phase = phases[index]
            self.items.append(phase.deliverables[int(rng.integers(len(phase.deliverables)))])
            self.answer.append(phase.id)
        super().__init__(
            id="01.deliverables", lesson="01", topic="phases",
            title="Which phase produces it?",
            task="For each deliverable, in order, give the id of the phase that produces it.",
            hints=["Ask what the deliverable is for: the decision or the work it enables "
                   "comes straight after it.",
                   "Phase ids: " + ", ".join(lifecycle.phase_ids()) + "."])

    def show(self) -> Note:
        """The deliverables to classify, numbered."""
        return Note("\n".join(f"{i}. {item}" for i, item in enumerate(self.items, start=1)))

    def _grade(self, phases: Sequence[str]):
        given = check_str_list("phases", phases)
        if len(given) != len(self.items):
            raise ValueError(f"phases must hold {len(self.items)} phase ids, one per "
                             f"deliverable; got {len(given)}")
        ids = [lifecycle.get_phase(p).id for p in given]
        wrong = [i for i, (g, a) in enumerate(zip(ids, self.answer)) if g != a]
        if not wrong:
            return True, f"All {len(self.items)} deliverables matched to their phase.", None
        first = wrong[0]
        phase = lifecycle.get_phase(self.answer[first])
        hint = (f"'{self.items[first]}' comes from the phase whose purpose is: "
                f"{phase.purpose}")
        return (False, f"{len(self.items) - len(wrong)} of {len(self.items)} are right.", hint)

    def solution(self) -> Note:
        rows = [[i, item, f"`{pid}`", lifecycle.get_phase(pid).name]
                for i, (item, pid) in enumerate(zip(self.items, self.answer), start=1)]
        return Note(markdown_table(["#", "deliverable", "phase id", "phase"], rows))


class CriticalPath(Exercise):
    """Find the project duration and the critical path of a seeded plan."""

    def __init__(self, seed: int, n_tasks: int = 7) -> None:
        self.plan = schedule.random_plan(check_int("seed", seed, minimum=0), n_tasks=n_tasks)
        super().__init__(
            id="01.critical_path", lesson="01", topic="critical_path",
            title="Duration and critical path",
            task="Give the project duration in days and the critical path as a list of task ids.",
            hints=["Forward pass: a task starts when the latest of its predecessors finishes; "
                   "its early finish is that start plus its duration.",
                   "The project duration is the largest early finish. Walk back from the task "
                   "that finishes last, always through the predecessor that finishes latest.",
                   f"The project takes {_days(self.schedule().duration)} days."])

    def schedule(self) -> schedule.Schedule:
        """The package's analysis of the plan (what the solution uses)."""
        return schedule.analyse(self.plan)

    def show(self) -> Note:
        """The plan as a table: id, task, duration and predecessors."""
        return _plan_note(self.plan)

    def _grade(self, duration: float, path: Sequence[str]):
        duration = check_number("duration", duration, minimum=0)
        path = check_str_list("path", path)
        result = self.schedule()
        table = result.table
        for i, task_id in enumerate(path):
            if task_id not in self.plan:
                raise ValueError(f"path[{i}] {task_id!r} is not a task of this plan")
        right_duration = abs(duration - result.duration) < 1e-6
        valid_path = _is_critical_chain(self.plan, table, path, result.duration)
        if right_duration and valid_path:
            return True, (f"{_days(result.duration)} days, along "
                          f"{' -> '.join(path)}."), None
        if not right_duration:
            return False, f"{_days(duration)} days is not the project duration.", self.hints[0]
        return (False, "The duration is right, but that is not a critical path.",
                "Every task on it must have zero float, each must depend on the one before, "
                "and it must run from a task with no predecessors to one that finishes last.")

    def solution(self) -> Note:
        result = self.schedule()
        rows = [[f"`{tid}`", _days(r.duration), _days(r.early_start), _days(r.early_finish),
                 _days(r.late_start), _days(r.late_finish), _days(r.total_float),
                 "yes" if r.critical else ""] for tid, r in result.table.iterrows()]
        table = markdown_table(["task", "days", "ES", "EF", "LS", "LF", "float", "critical"],
                               rows)
        return Note(f"{table}\n\nForward pass gives the early dates, backward pass the late "
                    f"ones; float = LS − ES. Project duration: **{_days(result.duration)} "
                    f"days**; critical path: **{' → '.join(result.critical_path)}**.")


def _is_critical_chain(plan: schedule.Plan, table, path: list[str], duration: float) -> bool:
    """Whether ``path`` is a chain of critical tasks from a start to a finish."""
    if not path or not all(bool(table.loc[t, "critical"]) for t in path):
        return False
    if plan.task(path[0]).depends_on:
        return False
    if any(path[i - 1] not in plan.task(path[i]).depends_on for i in range(1, len(path))):
        return False
    total = sum(plan.task(t).duration for t in path)
    return abs(total - duration) < 1e-6


class TotalFloat(Exercise):
    """Compute the total float of one non-critical task of a seeded plan."""

    def __init__(self, seed: int, n_tasks: int = 7) -> None:
        seed = check_int("seed", seed, minimum=0)
        # Draw plans from the seed until one has a task with float; the offset
        # keeps the plan different from the CriticalPath exercise's.
        for attempt in range(1, 100):
            plan = schedule.random_plan(seed + 7919 * attempt, n_tasks=n_tasks)
            table = schedule.analyse(plan).table
            candidates = table.index[table["total_float"] > 0].tolist()
            if candidates:
                break
        else:  # pragma: no cover - random_plan always yields float within a few draws
            raise RuntimeError("no practice plan with float found")
        rng = np.random.default_rng(seed)
        self.plan = plan
        self.task_id: str = candidates[int(rng.integers(len(candidates)))]
        super().__init__(
            id="01.total_float", lesson="01", topic="critical_path",
            title="Total float",
            task=f"How many days can task `{self.task_id}` slip without delaying the project?",
            hints=["Total float = late start − early start (or late finish − early finish).",
                   "Late dates come from the backward pass: start from the project duration "
                   "at the end and subtract durations going back."])

    def show(self) -> Note:
        """The plan as a table: id, task, duration and predecessors."""
        return _plan_note(self.plan)

    def _grade(self, total_float: float):
        value = check_number("total_float", total_float)
        row = schedule.analyse(self.plan).table.loc[self.task_id]
        if abs(value - row.total_float) < 1e-6:
            return True, f"`{self.task_id}` has {_days(row.total_float)} days of float.", None
        return False, f"{_days(value)} days is not its total float.", self.hints[0]

    def solution(self) -> Note:
        result = schedule.analyse(self.plan)
        r = result.table.loc[self.task_id]
        return Note(f"Early start {_days(r.early_start)}, late start {_days(r.late_start)}: "
                    f"total float = {_days(r.late_start)} − {_days(r.early_start)} = "
                    f"**{_days(r.total_float)} days**. (Project duration "
                    f"{_days(result.duration)} days.)")


class GoNoGo(Exercise):
    """Decide go or no-go from a seeded checklist status, naming the blockers."""

    def __init__(self, seed: int, p_met: float = 0.85) -> None:
        seed = check_int("seed", seed, minimum=0)
        p_met = check_number("p_met", p_met, minimum=0, maximum=1)
        items = readiness.load_checklist()
        rng = np.random.default_rng(seed)
        self.status = {item.id: bool(met) for item, met in zip(items, rng.random(len(items)) < p_met)}
        super().__init__(
            id="01.go_no_go", lesson="01", topic="golive",
            title="Go or no-go?",
            task="Decide 'GO' or 'NO-GO' with the 80 % threshold, and list the ids of the "
                 "blocking items that are not met.",
            hints=["A single open blocking item means NO-GO, whatever the score.",
                   "The score weighs each met item by its weight: met weight / total weight."])

    def show(self) -> Note:
        """The checklist status: item, weight, blocking, met."""
        rows = [[f"`{item.id}`", item.text, item.weight, "yes" if item.blocking else "",
                 "met" if self.status[item.id] else "**open**"]
                for item in readiness.load_checklist()]
        return Note(markdown_table(["id", "criterion", "weight", "blocking", "status"], rows))

    def _grade(self, decision: str, blocking_open: Sequence[str]):
        decision = check_choice("decision", str(decision).strip().upper(), ["GO", "NO-GO"])
        named = set(check_str_list("blocking_open", blocking_open))
        unknown = sorted(named - set(self.status))
        if unknown:
            raise ValueError(f"blocking_open names {unknown[0]!r}, which is not a checklist "
                             "item id")
        result = readiness.assess(self.status)
        expected = {item.id for item in result.blocking_open}
        if decision == result.decision and named == expected:
            return True, f"{result.decision}: {'; '.join(result.reasons)}.", None
        if decision != result.decision:
            return False, f"The decision should not be {decision}.", self.hints[0]
        return False, "Right decision, but the list of open blocking items is not right.", (
            f"There are {len(expected)} open blocking item(s).")

    def solution(self) -> Note:
        result = readiness.assess(self.status)
        blockers = ", ".join(f"`{i.id}`" for i in result.blocking_open) or "none"
        return Note(f"Score {result.score:.0%} (threshold {result.threshold:.0%}); open "
                    f"blocking items: {blockers}. Decision: **{result.decision}**, because "
                    f"{'; '.join(result.reasons)}.")
