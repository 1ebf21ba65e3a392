"""Exercises of Lesson 01, the implementation lifecycle.

Each exercise is built from the course data and the learner's seed, and
every answer it checks against is computed by the package
(:mod:`implcourse.lifecycle`, :mod:`implcourse.schedule`,
:mod:`implcourse.readiness`). Ids are matched without regard to case.

Examples
--------
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
from . import Exercise, Note, markdown_table, number_answer, numbered_list

__all__ = ["WorkTypes", "Deliverables", "CriticalPath", "TotalFloat", "GoNoGo",
           "markdown_table"]


#: Enough critical paths to list every one of a practice plan's.
_MANY = 1000


def _days(value: float) -> str:
    return f"{value:g}"


def _number(name: str, value: object, minimum: float | None = 0,
            maximum: float | None = None) -> float:
    return number_answer(name, value, minimum, maximum)


def _ids(name: str, values: object) -> list[str]:
    """A list of ids, lower-cased."""
    return [v.lower() for v in check_str_list(name, values)]


def _wrong_positions(name: str, given: Sequence[str], expected: Sequence[str],
                     per: str) -> list[int]:
    """The positions where a list of answers differs from the expected list."""
    if len(given) != len(expected):
        raise ValueError(f"{name} must hold {len(expected)} answers, one per {per}; "
                         f"got {len(given)}")
    return [i for i, (g, e) in enumerate(zip(given, expected)) if g != e]


def _plan_table(plan: schedule.Plan) -> str:
    rows = [[f"`{t.id}`", t.name, _days(t.duration), ", ".join(t.depends_on) or "none"]
            for t in plan.tasks]
    return markdown_table(["id", "task", "days", "depends on"], rows)


class WorkTypes(Exercise):
    """Classify five scenarios as implementation, upgrade, maintenance or support."""

    def __init__(self, seed: int, n_items: int = 5) -> None:
        seed = check_int("seed", seed, minimum=0)
        scenarios = lifecycle.load_work_scenarios()
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(scenarios))
        rng = np.random.default_rng(seed)
        # One scenario of each kind first, so every kind appears, then the rest.
        kinds = sorted({s.work_type for s in scenarios})
        chosen: list[int] = []
        for kind in kinds:
            pool = [i for i, s in enumerate(scenarios) if s.work_type == kind]
            chosen.append(int(rng.choice(pool)))
        rest = [i for i in range(len(scenarios)) if i not in chosen]
        chosen = chosen[:n_items] + rng.choice(rest, size=max(0, n_items - len(chosen)),
                                                replace=False).tolist()
        self.scenarios = [scenarios[i] for i in rng.permutation(chosen).tolist()]
        super().__init__(
            id="01.work_types", lesson="01", topic="work_types",
            title="Which kind of work is it?",
            task="For each scenario, in order, give its kind of work: 'implementation', "
                 "'upgrade', 'maintenance' or 'support'.",
            hints=["Ask two questions: is it a project with an end, or an ongoing service? "
                   "Does the organisation already run this system?",
                   "Support helps a user and restores service; maintenance changes the "
                   "running system; an upgrade moves it to a newer release."])

    def _details(self) -> str:
        """The scenarios, numbered."""
        return numbered_list(s.text for s in self.scenarios)

    def _grade(self, kinds: Sequence[str]):
        given = _ids("kinds", kinds)
        valid = [w.id for w in lifecycle.load_work_types()]
        for i, kind in enumerate(given):
            check_choice(f"answer {i + 1}", kind, valid)
        wrong = _wrong_positions("kinds", given, [s.work_type for s in self.scenarios],
                                 "scenario")
        if not wrong:
            return True, f"All {len(given)} scenarios classified correctly.", None
        first = wrong[0]
        return (False, f"{len(given) - len(wrong)} of {len(given)} are right.",
                f"Scenario {first + 1}: {self.scenarios[first].clue}")

    def solution(self) -> Note:
        rows = [[i, s.text, f"**{s.work_type}**", s.clue]
                for i, s in enumerate(self.scenarios, start=1)]
        return Note(markdown_table(["#", "scenario", "kind of work", "why"], rows))


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
            hints=["A deliverable belongs to the phase whose exit gate it lets you pass: the "
                   "project charter, for instance, is what lets initiation end.",
                   "Phase ids: " + ", ".join(lifecycle.phase_ids()) + "."])

    def _details(self) -> str:
        """The deliverables to classify, numbered."""
        return numbered_list(self.items)

    def _grade(self, phases: Sequence[str]):
        given = _ids("phases", phases)
        ids = [lifecycle.get_phase(p).id for p in given]
        wrong = _wrong_positions("phases", ids, self.answer, "deliverable")
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
    """Find the project duration and a critical path of a seeded plan."""

    def __init__(self, seed: int, n_tasks: int = 7) -> None:
        self.plan = schedule.random_plan(check_int("seed", seed, minimum=0), n_tasks=n_tasks)
        super().__init__(
            id="01.critical_path", lesson="01", topic="critical_path",
            title="Duration and critical path",
            task="Give the project duration in days, and a critical path as a list of task "
                 "ids from the first task to the last (if there are several, any one).",
            hints=["Forward pass: a task starts when the latest of its predecessors finishes; "
                   "its early finish is that start plus its duration.",
                   "The project duration is the largest early finish. Walk back from the task "
                   "that finishes last, always through a predecessor that finishes exactly "
                   "when it starts.",
                   f"The project takes {_days(self.schedule().duration)} days."])

    def schedule(self) -> schedule.Schedule:
        """The package's analysis of the plan (what the solution uses)."""
        return schedule.analyse(self.plan)

    def _details(self) -> str:
        """The plan: id, name, duration and predecessors."""
        return _plan_table(self.plan)

    def _grade(self, duration: float, path: Sequence[str]):
        duration = _number("duration", duration)
        path = _ids("path", path)
        for i, task_id in enumerate(path):
            if task_id not in self.plan:
                raise ValueError(f"item {i + 1} of path, {task_id!r}, is not a task id of "
                                 f"this plan")
        result = self.schedule()
        paths = result.critical_paths(limit=_MANY)
        right_duration = abs(duration - result.duration) < 1e-6
        valid_path = path in paths
        if right_duration and valid_path:
            others = len(paths) - 1
            extra = f" (this plan has {others} other critical path(s) too)" if others else ""
            return True, (f"{_days(result.duration)} days, along "
                          f"{' -> '.join(path)}{extra}."), None
        if not right_duration:
            return False, f"{_days(duration)} days is not the project duration.", self.hints[0]
        return (False, "The duration is right, but that is not a critical path.",
                "Every task on it must have zero float, each must start when the one before "
                "it finishes, and it must run from a task with no predecessors to one that "
                "finishes last.")

    def solution(self) -> Note:
        result = self.schedule()
        rows = [[f"`{tid}`", _days(r.duration), _days(r.early_start), _days(r.early_finish),
                 _days(r.late_start), _days(r.late_finish), _days(r.total_float),
                 "yes" if r.critical else ""] for tid, r in result.table.iterrows()]
        table = markdown_table(["task", "days", "ES", "EF", "LS", "LF", "float", "critical"],
                               rows)
        paths = result.critical_paths(limit=_MANY)
        listed = "; ".join(" → ".join(p) for p in paths)
        label = "critical path" if len(paths) == 1 else f"{len(paths)} critical paths"
        return Note(f"{table}\n\nThe forward pass gives the early dates, the backward pass "
                    f"the late ones; float = LS − ES. Project duration: "
                    f"**{_days(result.duration)} days**; {label}: **{listed}**.")


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

    def _details(self) -> str:
        """The plan: id, name, duration and predecessors."""
        return _plan_table(self.plan)

    def _grade(self, total_float: float):
        value = _number("total_float", total_float)
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
    """Score a seeded checklist, decide go or no-go and name the open blockers."""

    def __init__(self, seed: int, p_met: float = 0.85) -> None:
        seed = check_int("seed", seed, minimum=0)
        p_met = check_number("p_met", p_met, minimum=0, maximum=1)
        items = readiness.load_checklist()
        rng = np.random.default_rng(seed)
        self.status = {item.id: bool(met)
                       for item, met in zip(items, rng.random(len(items)) < p_met)}
        super().__init__(
            id="01.go_no_go", lesson="01", topic="golive",
            title="Go or no-go?",
            task="Compute the readiness score (a fraction, e.g. 0.85), decide 'GO' or "
                 "'NO-GO' with the 0.8 threshold, and list the ids of the blocking items that "
                 "are open ([] if none).",
            hints=["Score = sum of the weights of the met items / sum of all the weights.",
                   "GO needs both: every blocking item met, and a score of at least the "
                   "threshold."])

    def _details(self) -> str:
        """The checklist status: item, weight, blocking, met."""
        rows = [[f"`{item.id}`", item.text, item.weight, "yes" if item.blocking else "",
                 "met" if self.status[item.id] else "**open**"]
                for item in readiness.load_checklist()]
        return markdown_table(["id", "criterion", "weight", "blocking", "status"], rows)

    def _grade(self, score: float, decision: str, blocking_open: Sequence[str]):
        score = _number("score (a fraction between 0 and 1, e.g. 0.85)", score, 0, 1)
        decision = check_choice("decision", str(decision).strip().upper(), ["GO", "NO-GO"])
        named = set(_ids("blocking_open", blocking_open))
        unknown = sorted(named - set(self.status))
        if unknown:
            raise ValueError(f"blocking_open names {unknown[0]!r}, which is not a checklist "
                             "item id")
        result = readiness.assess(self.status)
        expected = {item.id for item in result.blocking_open}
        if abs(score - result.score) > 0.005:
            return False, f"A score of {score:g} is not right.", self.hints[0]
        if decision != result.decision:
            if expected:
                hint = "At least one blocking item is open, and that alone means NO-GO."
            elif result.score < result.threshold:
                hint = "No blocking item is open, but compare the score with the threshold."
            else:
                hint = "Every blocking item is met and the score reaches the threshold."
            return False, f"The score is right, but the decision should not be {decision}.", hint
        if named != expected:
            return False, "Right score and decision, but the list of open blocking items is " \
                          "not right.", f"There are {len(expected)} open blocking item(s)."
        return True, f"{result.decision}: {'; '.join(result.reasons)}.", None

    def solution(self) -> Note:
        result = readiness.assess(self.status)
        items = readiness.load_checklist()
        met = sum(i.weight for i in items if self.status[i.id])
        total = sum(i.weight for i in items)
        blockers = ", ".join(f"`{i.id}`" for i in result.blocking_open) or "none"
        return Note(f"Score = {met} / {total} = **{result.score:.3f}** (threshold "
                    f"{result.threshold:g}); open blocking items: {blockers}. Decision: "
                    f"**{result.decision}**, because {'; '.join(result.reasons)}.")
