"""Exercises of Lesson 01, the implementation lifecycle.

Each exercise is built from the course data and the learner's seed, and
every answer it checks against is computed by the package
(:mod:`implcourse.lifecycle`, :mod:`implcourse.schedule`,
:mod:`implcourse.readiness`). Ids and names are matched without regard to
case.

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
from ..answers import Choice, MultiChoice, Number, Ordering, Table
from ..validation import check_int, check_number
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["WorkTypes", "PhaseOrder", "Deliverables", "Roles", "CriticalPath", "TotalFloat",
           "GoNoGo",
           "markdown_table"]


#: Enough critical paths to list every one of a practice plan's.
_MANY = 1000


def _days(value: float) -> str:
    return f"{value:g}"


def _wrong_positions(given: Sequence[str], expected: Sequence[str]) -> list[int]:
    """The positions where a list of answers (as long as the expected one) differs."""
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
            task="For each scenario, choose its kind of work: implementation, upgrade, "
                 "maintenance or support.",
            hints=["Ask two questions: is it a project with an end, or an ongoing service? "
                   "Does the organisation already run this system?",
                   "Support helps a user and restores service; maintenance changes the "
                   "running system; an upgrade moves it to a newer release."])

    def _details(self) -> str:
        """The scenarios, numbered."""
        return numbered_list(s.text for s in self.scenarios)

    def fields(self) -> list[Table]:
        kinds = Choice("kind", "Kind of work",
                       tuple((w.name, w.id) for w in lifecycle.load_work_types()))
        return [Table("kinds", "Kind of work", rows=tuple(s.text for s in self.scenarios),
                      column=kinds)]

    def expected(self) -> dict[str, list[str]]:
        return {"kinds": [s.work_type for s in self.scenarios]}

    def _grade(self, kinds: Sequence[str]):
        given = list(kinds)
        wrong = _wrong_positions(given, self.expected()["kinds"])
        if not wrong:
            return True, f"All {len(given)} scenarios classified correctly.", None
        first = wrong[0]
        # The test to apply, not the scenario's clue (which names the kind): the
        # clue is in the worked solution.
        return (False, f"{len(given) - len(wrong)} of {len(given)} are right.",
                f"Look again at scenario {first + 1}. " + self.hints[0])

    def _solution(self) -> Note:
        rows = [[i, s.text, f"**{s.work_type}**", s.clue]
                for i, s in enumerate(self.scenarios, start=1)]
        return Note(markdown_table(["#", "scenario", "kind of work", "why"], rows))


class PhaseOrder(Exercise):
    """Put the eight phases in order (they start shuffled by the seed)."""

    def __init__(self, seed: int) -> None:
        seed = check_int("seed", seed, minimum=0)
        phases = lifecycle.load_phases()
        order = np.random.default_rng([seed, 8]).permutation(len(phases)).tolist()
        if order == sorted(order):  # never start solved
            order = order[1:] + order[:1]
        self.start = [phases[i].id for i in order]
        super().__init__(
            id="01.phase_order", lesson="01", topic="phases",
            title="Put the phases in order",
            task="Move the eight phases of an implementation into their order, first at the "
                 "top, with the arrows.",
            hints=["Ask what each phase needs from the one before: nothing can be designed "
                   "before it is required, built before it is designed, or tested before it "
                   "is built.",
                   "Check shows which position is the first one out of place and what the "
                   "phase there should do; work down from the top."])

    def fields(self) -> list[Ordering]:
        names = {p.id: p.name for p in lifecycle.load_phases()}
        return [Ordering("order", "Phases, first at the top",
                         tuple((names[pid], pid) for pid in self.start))]

    def expected(self) -> dict[str, list[str]]:
        return {"order": lifecycle.phase_ids()}

    def _grade(self, order: Sequence[str]):
        outcome = lifecycle.check_order(list(order))
        if outcome.correct:
            return True, "All eight phases are in the right order.", None
        return (False, f"{outcome.in_place} of {outcome.total} are in the right place.",
                outcome.hint)

    def _solution(self) -> Note:
        rows = [[i, p.name, p.why_here] for i, p in enumerate(lifecycle.load_phases(), start=1)]
        return Note(markdown_table(["#", "phase", "why here"], rows))


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
            task="For each deliverable, choose the phase that produces it.",
            hints=["A deliverable belongs to the phase whose exit gate it lets you pass: the "
                   "project charter, for instance, is what lets initiation end.",
                   "Ask what the deliverable needs before it can exist: a test report needs a "
                   "built system, a cutover plan needs a tested one."])

    def _details(self) -> str:
        """The deliverables to classify, numbered."""
        return numbered_list(self.items)

    def fields(self) -> list[Table]:
        phases = Choice("phase", "Phase",
                        tuple((p.name, p.id) for p in lifecycle.load_phases()))
        return [Table("phases", "Phase", rows=tuple(self.items), column=phases)]

    def expected(self) -> dict[str, list[str]]:
        return {"phases": list(self.answer)}

    def _grade(self, phases: Sequence[str]):
        wrong = _wrong_positions(list(phases), self.answer)
        if not wrong:
            return True, f"All {len(self.items)} deliverables matched to their phase.", None
        first = wrong[0]
        phase = lifecycle.get_phase(self.answer[first])
        hint = (f"'{self.items[first]}' comes from the phase whose purpose is: "
                f"{phase.purpose}")
        return (False, f"{len(self.items) - len(wrong)} of {len(self.items)} are right.", hint)

    def _solution(self) -> Note:
        rows = [[i, item, f"**{lifecycle.get_phase(pid).name}**"]
                for i, (item, pid) in enumerate(zip(self.items, self.answer), start=1)]
        return Note(markdown_table(["#", "deliverable", "phase"], rows))


#: The roles exams like to confuse, from which the Roles exercise draws.
_EXAM_ROLES = ("sponsor", "steering_committee", "client_project_manager",
               "implementation_manager", "implementation_partner", "business_process_owner",
               "key_users")


class Roles(Exercise):
    """Match five responsibilities to the roles that hold them (seeded)."""

    def __init__(self, seed: int, n_items: int = 5) -> None:
        seed = check_int("seed", seed, minimum=0)
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(_EXAM_ROLES))
        rng = np.random.default_rng([seed, 3])
        chosen = [lifecycle.get_role(_EXAM_ROLES[i])
                  for i in sorted(rng.choice(len(_EXAM_ROLES), size=n_items, replace=False))]
        self.roles = chosen
        pairs = [(role.responsibilities[int(rng.integers(len(role.responsibilities)))], role.id)
                 for role in chosen]
        order = rng.permutation(len(pairs)).tolist()
        self.duties = [pairs[i][0] for i in order]
        self.answer = [pairs[i][1] for i in order]
        super().__init__(
            id="01.roles", lesson="01", topic="roles", title="Who does it?",
            task="Each responsibility belongs to one of the roles offered. Choose the role "
                 "for each.",
            hints=["Ask who answers for the outcome (accountable) and who does the work "
                   "(responsible): owning the business case and the benefits sits higher "
                   "than running the plan.",
                   "Read each role's summary in the table above: the client side decides and "
                   "owns; a partner delivers what its contract says."])

    def _details(self) -> str:
        return numbered_list(self.duties)

    def fields(self) -> list[Table]:
        roles = Choice("role", "Role", tuple((r.name, r.id) for r in self.roles))
        return [Table("roles", "Role", rows=tuple(self.duties), column=roles)]

    def expected(self) -> dict[str, list[str]]:
        return {"roles": list(self.answer)}

    def _grade(self, roles: Sequence[str]):
        wrong = _wrong_positions(list(roles), self.answer)
        if not wrong:
            return True, f"All {len(self.duties)} responsibilities matched.", None
        first = wrong[0]
        role = lifecycle.get_role(self.answer[first])
        return (False, f"{len(self.duties) - len(wrong)} of {len(self.duties)} are right.",
                f"Responsibility {first + 1} belongs to the role described as: {role.summary}")

    def _solution(self) -> Note:
        rows = [[i, duty, f"**{lifecycle.get_role(rid).name}**"]
                for i, (duty, rid) in enumerate(zip(self.duties, self.answer), start=1)]
        return Note(markdown_table(["#", "responsibility", "role"], rows))


class CriticalPath(Exercise):
    """Find the project duration and a critical path of a seeded plan."""

    def __init__(self, seed: int, n_tasks: int = 7) -> None:
        self.plan = schedule.random_plan(check_int("seed", seed, minimum=0), n_tasks=n_tasks)
        super().__init__(
            id="01.critical_path", lesson="01", topic="critical_path",
            title="Duration and critical path",
            task="Give the project duration in days, and tick the tasks of a critical path "
                 "(if there are several, any one).",
            hints=["Forward pass: a task starts when the latest of its predecessors finishes; "
                   "its early finish is that start plus its duration.",
                   "The project duration is the largest early finish. Walk back from the task "
                   "that finishes last, always through a predecessor that finishes exactly "
                   "when it starts.",
                   "Check your path: its durations must add up to the project duration, and "
                   "each task on it must have zero float (late start = early start)."])

    def schedule(self) -> schedule.Schedule:
        """The package's analysis of the plan (what the solution uses)."""
        return schedule.analyse(self.plan)

    def _details(self) -> str:
        """The plan: id, name, duration and predecessors."""
        return _plan_table(self.plan)

    def fields(self) -> list:
        tasks = tuple((f"{t.id}: {t.name}", t.id) for t in self.plan.tasks)
        return [Number("duration", "Project duration", unit="days", minimum=0),
                MultiChoice("path", "Tasks on a critical path", tasks,
                            note="Tick every task on the path, from the first to the last.")]

    def expected(self) -> dict[str, object]:
        result = self.schedule()
        return {"duration": result.duration, "path": list(result.critical_path)}

    def _grade(self, duration: float, path: Sequence[str]):
        # The plan lists every task after its predecessors, so the ticked
        # tasks, in plan order, are the chain from first to last.
        path = list(path)
        result = self.schedule()
        paths = result.critical_paths(limit=_MANY)
        right_duration = abs(duration - result.duration) < 1e-6
        valid_path = path in paths
        if right_duration and valid_path:
            others = len(paths) - 1
            extra = (f" This plan has {others} other critical path(s) too; every task on "
                     "any of them is critical." if others else "")
            names = " → ".join(self.plan.task(t).name for t in path)
            return True, f"{_days(result.duration)} days, along {names}.{extra}", None
        if not right_duration:
            return False, f"{_days(duration)} days is not the project duration.", self.hints[0]
        if len(paths) > 1 and set(path) == set(result.critical_tasks):
            # Every critical task ticked: right about criticality, but that is several
            # chains at once, not one path.
            return (False, f"The duration is right, and every task you ticked is critical: "
                           f"together they make {len(paths)} parallel critical paths.",
                    "Tick the tasks of one chain only: from the first task to the last, each "
                    "starting when the one before it finishes.")
        return (False, "The duration is right, but that is not a critical path.",
                "Every task on it must have zero float, each must start when the one before "
                "it finishes, and it must run from a task with no predecessors to one that "
                "finishes last.")

    def _solution(self) -> Note:
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
            task=f"How many days can task `{self.task_id}` "
                 f"({self.plan.task(self.task_id).name}) slip without delaying the project?",
            hints=["Total float = late start − early start (or late finish − early finish).",
                   "Late dates come from the backward pass: start from the project duration "
                   "at the end and subtract durations going back."])

    def _details(self) -> str:
        """The plan: id, name, duration and predecessors."""
        return _plan_table(self.plan)

    def fields(self) -> list[Number]:
        name = self.plan.task(self.task_id).name
        return [Number("total_float", f"Total float of {name}", unit="days", minimum=0)]

    def expected(self) -> dict[str, float]:
        return {"total_float": float(schedule.analyse(self.plan).table.at[self.task_id,
                                                                         "total_float"])}

    def _grade(self, total_float: float):
        value = total_float
        row = schedule.analyse(self.plan).table.loc[self.task_id]
        if abs(value - row.total_float) < 1e-6:
            return True, f"`{self.task_id}` has {_days(row.total_float)} days of float.", None
        return False, f"{_days(value)} days is not its total float.", self.hints[0]

    def _solution(self) -> Note:
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
            task="Compute the readiness score in per cent (to one decimal place), decide GO "
                 "or NO-GO with the 80 % threshold, and tick the blocking items that are open "
                 "(none, if none are).",
            hints=["Score = sum of the weights of the met items / sum of all the weights.",
                   "GO needs both: every blocking item met, and a score of at least the "
                   "threshold."])

    def _details(self) -> str:
        """The checklist status: item, weight, blocking, met."""
        items = readiness.load_checklist()
        rows = [[item.text, item.weight, "yes" if item.blocking else "",
                 "met" if self.status[item.id] else "**open**"] for item in items]
        total = sum(item.weight for item in items)
        return (markdown_table(["criterion", "weight", "blocking", "status"], rows)
                + f"\n\nThe weights add up to {total}.")

    def fields(self) -> list:
        blocking = tuple((item.text, item.id) for item in readiness.load_checklist()
                         if item.blocking)
        return [Number("score", "Readiness score", unit="%", percent=True, minimum=0,
                       maximum=1, decimals=1),
                Choice("decision", "Decision", (("GO", "GO"), ("NO-GO", "NO-GO"))),
                MultiChoice("blocking_open", "Blocking items that are open", blocking,
                            note="Tick each open one; none, if every blocking item is met.")]

    def expected(self) -> dict[str, object]:
        result = readiness.assess(self.status)
        return {"score": result.score, "decision": result.decision,
                "blocking_open": [item.id for item in result.blocking_open]}

    def _grade(self, score: float, decision: str, blocking_open: Sequence[str]):
        named = set(blocking_open)
        result = readiness.assess(self.status)
        expected = {item.id for item in result.blocking_open}
        if abs(score - result.score) > 0.0005:
            return False, f"A score of {score:.1%} is not right.", self.hints[0]
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

    def _solution(self) -> Note:
        result = readiness.assess(self.status)
        items = readiness.load_checklist()
        met = sum(i.weight for i in items if self.status[i.id])
        total = sum(i.weight for i in items)
        blockers = ", ".join(f"`{i.id}`" for i in result.blocking_open) or "none"
        return Note(f"Score = {met} / {total} = **{result.score:.1%}** (threshold "
                    f"{result.threshold:.0%}); open blocking items: {blockers}. Decision: "
                    f"**{result.decision}**, because {'; '.join(result.reasons)}.")
