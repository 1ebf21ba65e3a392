"""The cutover runbook, rollback criteria and checklist, and hypercare exit criteria.

The content lives in ``datasets/rollout/cutover.yml``, a synthetic template
for lesson 01's ERP rollout (``datasets/plans/erp_rollout.csv``). Every
runbook step belongs to one of the plan's cutover tasks: the dress
rehearsal, the go/no-go decision, the cutover and final data load, go-live
and hypercare. :func:`cutover_runbook` places the steps on the plan: each
step's plan task gives its day (the task's early start from lesson 01's
critical-path analysis, counted as days elapsed since the project started),
and a forward pass over the steps' predecessors gives its start hour within
that task (a step with no predecessor in the same task starts at hour 0). The
hours restart at 0 for each plan task: they are not a clock across tasks, so
a step and the step of another task that waits for it may both show hour 0.
A step marked ``at_task_end`` (the hypercare exit review) is placed at the
task's early finish instead, at hour 0 of that day: its earliest date.

**The way back.** Exactly one step is the **point of no return**, after
go-live (here the end of the first business day, before the first bank
payment run leaves): up to it, rolling back is a runbook step under the
rollback criteria and checklist; after it, going back is a new decision.
Every rollback criterion names the last step it applies to (``until``), which
is never later than the point of no return; the loader refuses a file that
breaks this, or that marks a rollback point after the point of no return.

Hypercare is the project name for what ITIL v3 / 2011 *Service Transition*
calls **early life support**: extra support for a new or changed service for
a period after its release, ended when agreed exit criteria are met, not on a
fixed date (AXELOS, *ITIL Service Transition*, 2011, release and deployment
management). ITIL 4 Foundation (2019) does not give the term prominence.

Examples
--------
>>> runbook = cutover_runbook()
>>> runbook.loc[runbook["Step"].str.startswith("Go/no-go meeting"), "Plan task"].item()
'Go/no-go decision'
>>> int(runbook["Go/no-go checkpoint"].sum()), int(runbook["Rollback point"].sum())
(5, 2)
>>> runbook.loc[runbook["Point of no return"], "Plan task"].item()
'Hypercare (early life support)'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from .. import schedule
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file,
                       display_path, field_path, read_yaml)
from ..lifecycle import load_roles
from ..validation import shown

__all__ = ["Step", "RollbackCriterion", "ChecklistStep", "ExitCriterion", "Cutover",
           "load_cutover", "cutover_runbook", "rollback_criteria", "rollback_checklist",
           "hypercare_exit_criteria"]

CUTOVER_FILE = "rollout/cutover.yml"


class Step(ContentModel):
    """One step of the cutover runbook."""

    id: Slug
    task: Slug
    name: Text
    owner: Slug
    hours: float = Field(ge=0)
    after: list[Slug] = Field(default_factory=list)
    checkpoint: bool = False
    rollback_point: bool = False
    point_of_no_return: bool = False
    at_task_end: bool = False
    note: str | None = None


class RollbackCriterion(ContentModel):
    """A condition that triggers a rollback."""

    id: Slug
    text: Text
    threshold: Text
    decided_by: Slug
    until: Slug


class ChecklistStep(ContentModel):
    """One step of the rollback checklist, in order."""

    id: Slug
    owner: Slug
    text: Text


class ExitCriterion(ContentModel):
    """A criterion for ending hypercare (early life support)."""

    id: Slug
    text: Text
    measure: Text
    target: Text


class _CutoverFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    steps: list[Step] = Field(min_length=1)
    rollback_criteria: list[RollbackCriterion] = Field(min_length=1)
    rollback_checklist: list[ChecklistStep] = Field(min_length=1)
    hypercare_exit_criteria: list[ExitCriterion] = Field(min_length=1)


@dataclass(frozen=True)
class Cutover:
    """The validated content of ``cutover.yml``."""

    steps: tuple[Step, ...]
    rollback_criteria: tuple[RollbackCriterion, ...]
    rollback_checklist: tuple[ChecklistStep, ...]
    hypercare_exit_criteria: tuple[ExitCriterion, ...]


@cached_by_file
def _load(path: Path) -> Cutover:
    file = display_path(path)
    try:
        data = _CutoverFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    roles = {r.id for r in load_roles()}
    seen: set[str] = set()
    for i, step in enumerate(data.steps):
        where = f"steps[{i}] (id {step.id!r})"
        if step.id in seen:
            raise ContentError(file, "duplicate step id", where, "id")
        for j, before in enumerate(step.after):
            if before not in seen:
                raise ContentError(file, f"step {before!r} is not an earlier step of the "
                                   "file (steps must follow their predecessors)", where,
                                   f"after[{j}]")
        seen.add(step.id)
    owners = ([(f"steps[{i}]", "owner", s.owner) for i, s in enumerate(data.steps)]
              + [(f"rollback_criteria[{i}]", "decided_by", c.decided_by)
                 for i, c in enumerate(data.rollback_criteria)]
              + [(f"rollback_checklist[{i}]", "owner", c.owner)
                 for i, c in enumerate(data.rollback_checklist)])
    for where, name, role in owners:
        if role not in roles:
            raise ContentError(file, f"unknown role {role!r}; roles are those of "
                               "datasets/lifecycle/roles.yml", where, name)
    ends = [i for i, s in enumerate(data.steps) if s.point_of_no_return]
    if len(ends) != 1:
        raise ContentError(file, f"exactly one step must be the point of no return (found "
                           f"{len(ends)})", "steps", "point_of_no_return")
    end = ends[0]
    if not data.steps[end].rollback_point:
        raise ContentError(file, "the point of no return must also be a rollback point",
                           f"steps[{end}] (id {data.steps[end].id!r})", "rollback_point")
    for i, step in enumerate(data.steps[end + 1:], start=end + 1):
        if step.rollback_point:
            raise ContentError(file, "a rollback point after the point of no return",
                               f"steps[{i}] (id {step.id!r})", "rollback_point")
    position = {s.id: i for i, s in enumerate(data.steps)}
    for i, c in enumerate(data.rollback_criteria):
        where = f"rollback_criteria[{i}] (id {c.id!r})"
        if c.until not in position:
            raise ContentError(file, f"unknown step {c.until!r}", where, "until")
        if position[c.until] > end:
            raise ContentError(file, f"step {c.until!r} comes after the point of no return "
                               f"({data.steps[end].id!r}); a rollback criterion cannot "
                               "apply after it", where, "until")
    for key in ("rollback_criteria", "rollback_checklist", "hypercare_exit_criteria"):
        ids = [item.id for item in getattr(data, key)]
        if len(set(ids)) != len(ids):
            raise ContentError(file, "duplicate id", None, key)
    return Cutover(tuple(data.steps), tuple(data.rollback_criteria),
                   tuple(data.rollback_checklist), tuple(data.hypercare_exit_criteria))


def load_cutover(name: str | Path = CUTOVER_FILE) -> Cutover:
    """The runbook steps, rollback criteria and checklist and hypercare exit
    criteria from ``datasets/rollout/cutover.yml`` (or ``name``).

    Every owner is a role of ``datasets/lifecycle/roles.yml``, and every step
    comes after the steps it depends on.

    Examples
    --------
    >>> len(load_cutover().rollback_checklist)
    9
    """
    return _load(name)


def _role_names() -> dict[str, str]:
    return {r.id: r.name for r in load_roles()}


def cutover_runbook(plan: schedule.Plan | None = None,
                    name: str | Path = CUTOVER_FILE) -> pd.DataFrame:
    """The cutover runbook placed on a plan, step by step.

    Parameters
    ----------
    plan : schedule.Plan, optional
        Lesson 01's ERP plan by default. It must hold every task the runbook's
        steps belong to (``cutover_rehearsal``, ``go_no_go``, ``final_load``,
        ``golive``, ``hypercare``).
    name : str or Path
        The runbook file.

    Returns
    -------
    DataFrame
        One row per step, numbered from 1: "Step", "Plan task", "Plan day"
        (days elapsed since the project started: the task's early start, or
        its early finish for a step placed at the task's end), "Start (hour)"
        (the hour within its plan task, counted from 0 on the plan day by a
        forward pass over the same task's steps; it restarts for each task,
        so it is not a clock across tasks: show it as "Hour within its plan
        task"), "Duration (hours)", "Owner" (role name), "After" (step
        numbers), "Go/no-go checkpoint", "Rollback point", "Point of no
        return" (true for the one step after which rolling back is no longer
        a runbook step), "Note".

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`~implcourse.schedule.Plan`.
    ValueError
        If the plan lacks a task that the runbook needs.

    Examples
    --------
    >>> book = cutover_runbook()
    >>> first = book.loc[1]
    >>> first["Plan task"], float(first["Plan day"]), float(first["Duration (hours)"])
    ('Cutover rehearsal (dress rehearsal load)', 115.0, 24.0)
    >>> float(book.set_index("Step").loc["Smoke-test the key processes end to end",
    ...                                  "Start (hour)"])
    30.0
    """
    if plan is None:
        plan = schedule.load_plan()
    if not isinstance(plan, schedule.Plan):
        raise TypeError(f"The plan must be a project plan (schedule.Plan), got "
                        f"{type(plan).__name__} {shown(plan)}")
    content = load_cutover(name)
    needed = list(dict.fromkeys(step.task for step in content.steps))
    missing = [t for t in needed if t not in plan]
    if missing:
        raise ValueError(f"The plan has no task {shown(missing[0])}, which the cutover runbook "
                         f"needs (it needs {', '.join(needed)})")
    table = schedule.analyse(plan).table
    roles = _role_names()
    number = {step.id: i for i, step in enumerate(content.steps, start=1)}
    finish: dict[str, float] = {}
    rows = []
    for step in content.steps:
        same_task = [finish[b] for b in step.after
                     if content.steps[number[b] - 1].task == step.task]
        start = 0.0 if step.at_task_end else max(same_task, default=0.0)
        finish[step.id] = start + step.hours
        anchor = "early_finish" if step.at_task_end else "early_start"
        rows.append({
            "Step": step.name,
            "Plan task": plan.task(step.task).name,
            "Plan day": float(table.at[step.task, anchor]),
            "Start (hour)": float(start),
            "Duration (hours)": float(step.hours),
            "Owner": roles[step.owner],
            "After": ", ".join(str(number[b]) for b in step.after),
            "Go/no-go checkpoint": step.checkpoint,
            "Rollback point": step.rollback_point,
            "Point of no return": step.point_of_no_return,
            "Note": step.note or "",
        })
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def rollback_criteria(name: str | Path = CUTOVER_FILE) -> pd.DataFrame:
    """The conditions that trigger a rollback, with thresholds, who decides and
    the last runbook step each applies to ("Applies up to step", a step number
    of :func:`cutover_runbook`, never after the point of no return).

    Examples
    --------
    >>> list(rollback_criteria().columns)
    ['Roll back when', 'Threshold', 'Decided by', 'Applies up to step']
    """
    roles = _role_names()
    content = load_cutover(name)
    number = {step.id: i for i, step in enumerate(content.steps, start=1)}
    rows = [{"Roll back when": c.text, "Threshold": c.threshold,
             "Decided by": roles[c.decided_by], "Applies up to step": number[c.until]}
            for c in content.rollback_criteria]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def rollback_checklist(name: str | Path = CUTOVER_FILE) -> pd.DataFrame:
    """The rollback checklist, in the order to follow.

    Examples
    --------
    >>> rollback_checklist().loc[1, "Owner"]
    'Sponsor'
    """
    roles = _role_names()
    rows = [{"Action": c.text, "Owner": roles[c.owner]}
            for c in load_cutover(name).rollback_checklist]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="Order"))


def hypercare_exit_criteria(name: str | Path = CUTOVER_FILE) -> pd.DataFrame:
    """When hypercare (early life support) may end: criteria, measures, targets.

    Examples
    --------
    >>> hypercare_exit_criteria().iloc[0]["Target"]
    '0 severity-1, 0 severity-2'
    """
    rows = [{"Criterion": c.text, "Measure": c.measure, "Target": c.target}
            for c in load_cutover(name).hypercare_exit_criteria]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))
