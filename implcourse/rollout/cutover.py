"""The cutover runbook, rollback criteria and checklist, and hypercare exit criteria.

The content lives in ``datasets/rollout/cutover.yml``, a synthetic template
for lesson 01's ERP rollout (``datasets/plans/erp_rollout.csv``). Every
runbook step belongs to one of the plan's cutover tasks: the dress
rehearsal, the go/no-go decision, the cutover and final data load, go-live
and hypercare. :func:`cutover_runbook` places the steps on the plan: each
step's plan task gives its day (the task's early start from lesson 01's
critical-path analysis, counted as days elapsed since the project started),
and a forward pass over the steps' predecessors gives its start hour within
that task (a step with no predecessor in the same task starts at hour 0).

Hypercare is the project name for what ITIL calls **early life support**:
extra support for a new or changed service for a period after its release,
ended when agreed exit criteria are met, not on a fixed date (ITIL 4
Foundation, 2019, section 5.3.1 on deployment management and the release
management practice; ITIL v3 *Service Transition*, 2011, early life support).

Examples
--------
>>> runbook = cutover_runbook()
>>> runbook.loc[runbook["Step"].str.startswith("Go/no-go meeting"), "Plan task"].item()
'Go/no-go decision'
>>> int(runbook["Go/no-go checkpoint"].sum()), int(runbook["Rollback point"].sum())
(4, 2)
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
    note: str | None = None


class RollbackCriterion(ContentModel):
    """A condition that triggers a rollback."""

    id: Slug
    text: Text
    threshold: Text
    decided_by: Slug


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
        (the task's early start, days elapsed since the project started),
        "Start (hour)" (within the task, from a forward pass over the steps),
        "Duration (hours)", "Owner" (role name), "After" (step numbers),
        "Go/no-go checkpoint", "Rollback point", "Note".

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
                        f"{type(plan).__name__}")
    content = load_cutover(name)
    needed = list(dict.fromkeys(step.task for step in content.steps))
    missing = [t for t in needed if t not in plan]
    if missing:
        raise ValueError(f"The plan has no task {missing[0]!r}, which the cutover runbook "
                         f"needs (it needs {', '.join(needed)})")
    table = schedule.analyse(plan).table
    roles = _role_names()
    number = {step.id: i for i, step in enumerate(content.steps, start=1)}
    finish: dict[str, float] = {}
    rows = []
    for step in content.steps:
        same_task = [finish[b] for b in step.after
                     if content.steps[number[b] - 1].task == step.task]
        start = max(same_task, default=0.0)
        finish[step.id] = start + step.hours
        rows.append({
            "Step": step.name,
            "Plan task": plan.task(step.task).name,
            "Plan day": float(table.at[step.task, "early_start"]),
            "Start (hour)": float(start),
            "Duration (hours)": float(step.hours),
            "Owner": roles[step.owner],
            "After": ", ".join(str(number[b]) for b in step.after),
            "Go/no-go checkpoint": step.checkpoint,
            "Rollback point": step.rollback_point,
            "Note": step.note or "",
        })
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def rollback_criteria(name: str | Path = CUTOVER_FILE) -> pd.DataFrame:
    """The conditions that trigger a rollback, with thresholds and who decides.

    Examples
    --------
    >>> list(rollback_criteria().columns)
    ['Roll back when', 'Threshold', 'Decided by']
    """
    roles = _role_names()
    rows = [{"Roll back when": c.text, "Threshold": c.threshold,
             "Decided by": roles[c.decided_by]} for c in load_cutover(name).rollback_criteria]
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
