"""implcourse.rollout.cutover: the runbook placed on lesson 01's plan, rollback criteria
and checklist, hypercare (early life support) exit criteria.

Start hours are recomputed from the raw YAML with an independent forward pass, and plan
days from the plan's own critical-path analysis.
"""

from __future__ import annotations

import pytest
import yaml

from implcourse import content, schedule
from implcourse.rollout.cutover import (cutover_runbook, hypercare_exit_criteria, load_cutover,
                                        rollback_checklist, rollback_criteria)

FILE = content.datasets_dir() / "rollout" / "cutover.yml"
RAW = yaml.safe_load(FILE.read_text(encoding="utf-8"))
ROLES = {r["id"]: r["name"] for r in yaml.safe_load(
    (content.datasets_dir() / "lifecycle" / "roles.yml").read_text(encoding="utf-8"))["roles"]}
CUTOVER_TASKS = ["cutover_rehearsal", "go_no_go", "final_load", "golive", "hypercare"]


def forward_pass(steps):
    """Start hour of each step within its plan task, by repeated relaxation (no ordering
    assumed): start = latest finish of the same-task predecessors, else 0; a step placed
    at its task's end starts at hour 0 of the task's finish day."""
    task = {s["id"]: s["task"] for s in steps}
    start = {s["id"]: 0.0 for s in steps}
    for _ in steps:
        for s in steps:
            same = [start[b] + next(x["hours"] for x in steps if x["id"] == b)
                    for b in s.get("after", []) if task[b] == s["task"]]
            start[s["id"]] = 0.0 if s.get("at_task_end") else max(same, default=0.0)
    return start


def test_runbook_follows_the_plan_and_the_file():
    plan = schedule.load_plan()
    table = schedule.analyse(plan).table
    book = cutover_runbook()
    steps = RAW["steps"]
    assert len(book) == len(steps)
    assert {s["task"] for s in steps} == set(CUTOVER_TASKS)
    starts = forward_pass(steps)
    for number, s in enumerate(steps, start=1):
        row = book.loc[number]
        assert row["Step"] == s["name"]
        assert row["Plan task"] == plan.task(s["task"]).name
        anchor = "early_finish" if s.get("at_task_end") else "early_start"
        assert row["Plan day"] == table.at[s["task"], anchor]
        assert row["Start (hour)"] == starts[s["id"]]
        assert row["Duration (hours)"] == s["hours"]
        assert row["Owner"] == ROLES[s["owner"]]
        assert row["Go/no-go checkpoint"] == s.get("checkpoint", False)
        assert row["Rollback point"] == s.get("rollback_point", False)
        assert row["Point of no return"] == s.get("point_of_no_return", False)
        numbers = [str([x["id"] for x in steps].index(b) + 1) for b in s.get("after", [])]
        assert row["After"] == ", ".join(numbers)


def test_runbook_has_the_checkpoints_a_cutover_needs():
    """A go/no-go before the final load, a restore point before anything changes, a last
    go/no-go before opening, and one point of no return after go-live that is the last
    rollback point; the hypercare exit review sits at the end of hypercare."""
    book = cutover_runbook()
    plan = schedule.load_plan()
    table = schedule.analyse(plan).table
    gate = book[book["Plan task"] == "Go/no-go decision"]
    assert gate["Go/no-go checkpoint"].all()
    final = book[book["Plan task"] == "Cutover and final data load"]
    assert final["Rollback point"].iloc[1]           # the backup right after the freeze
    last = final.iloc[-1]
    assert last["Go/no-go checkpoint"] and not last["Point of no return"]
    end = book.index[book["Point of no return"]]
    assert len(end) == 1
    end = end[0]
    opens = book.index[book["Plan task"] == plan.task("golive").name].min()
    assert end > opens and book.at[end, "Plan day"] >= table.at["golive", "early_start"]
    assert book.at[end, "Rollback point"] and book.index[book["Rollback point"]].max() == end
    review = book[book["Step"].str.startswith("Hypercare exit review")].iloc[0]
    assert review["Plan day"] == table.at["hypercare", "early_finish"]
    assert review["Plan day"] > table.at["hypercare", "early_start"] + 10  # two weeks of data
    # Plan days follow the plan's order: rehearsal, go/no-go, load, go-live, hypercare.
    days = book.groupby("Plan task", sort=False)["Plan day"].first().tolist()
    assert days == sorted(days)


def test_runbook_moves_with_the_plan():
    plan = schedule.load_plan()
    longer = plan.with_changes(durations={"regression_test": plan.task("regression_test")
                                          .duration + 7})
    before, after = cutover_runbook(plan), cutover_runbook(longer)
    shift = (schedule.analyse(longer).table.at["go_no_go", "early_start"]
             - schedule.analyse(plan).table.at["go_no_go", "early_start"])
    assert shift == 7
    assert (after["Plan day"] - before["Plan day"] == shift).all()
    assert after["Start (hour)"].equals(before["Start (hour)"])


def test_runbook_refuses_a_plan_without_the_cutover_tasks():
    small = schedule.Plan.from_records([{"id": "a", "name": "A", "duration": 1}])
    with pytest.raises(ValueError, match=r"The plan has no task 'cutover_rehearsal', which "
                                         r"the cutover runbook needs"):
        cutover_runbook(small)
    with pytest.raises(TypeError, match=r"The plan must be a project plan"):
        cutover_runbook("erp")


def test_rollback_and_hypercare_tables_match_the_file():
    crit = rollback_criteria()
    assert crit["Roll back when"].tolist() == [c["text"] for c in RAW["rollback_criteria"]]
    assert crit["Decided by"].tolist() == [ROLES[c["decided_by"]]
                                           for c in RAW["rollback_criteria"]]
    assert crit["Applies up to step"].tolist() == [
        [s["id"] for s in RAW["steps"]].index(c["until"]) + 1 for c in RAW["rollback_criteria"]]
    checklist = rollback_checklist()
    assert checklist.index.tolist() == list(range(1, len(RAW["rollback_checklist"]) + 1))
    assert checklist["Action"].tolist() == [c["text"] for c in RAW["rollback_checklist"]]
    # The decision comes first and the lessons last.
    assert checklist["Owner"].iloc[0] == "Sponsor"
    exits = hypercare_exit_criteria()
    assert exits["Criterion"].tolist() == [c["text"] for c in RAW["hypercare_exit_criteria"]]
    assert list(exits.columns) == ["Criterion", "Measure", "Target"]


def test_a_step_before_its_predecessor_is_refused(write):
    text = FILE.read_text(encoding="utf-8").replace(
        "after: [rehearsal_load], name: Reconcile", "after: [final_extract], name: Reconcile")
    path = write("cutover.yml", text)
    with pytest.raises(content.ContentError, match=r"step 'final_extract' is not an earlier "
                                                   r"step"):
        load_cutover(path)


def test_an_unknown_owner_is_refused(write):
    text = FILE.read_text(encoding="utf-8").replace("owner: data_migration_lead, hours: 24",
                                                    "owner: wizard, hours: 24")
    path = write("cutover.yml", text)
    with pytest.raises(content.ContentError, match=r"unknown role 'wizard'"):
        load_cutover(path)
    with pytest.raises(content.ContentError, match=r"unknown role 'wizard'"):
        cutover_runbook(name=path)


def _rewrite(write, old, new):
    text = FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return write("cutover.yml", text.replace(old, new))


def test_a_criterion_after_the_point_of_no_return_is_refused(write):
    path = _rewrite(write, "decided_by: steering_committee, until: point_of_no_return",
                    "decided_by: steering_committee, until: first_period_close")
    with pytest.raises(content.ContentError, match=r"'first_period_close' comes after the "
                                                   r"point of no return"):
        load_cutover(path)
    path = _rewrite(write, "decided_by: steering_committee, until: point_of_no_return",
                    "decided_by: steering_committee, until: nowhere")
    with pytest.raises(content.ContentError, match=r"unknown step 'nowhere'"):
        load_cutover(path)


def test_the_point_of_no_return_is_one_step_and_the_last_rollback_point(write):
    path = _rewrite(write, "     point_of_no_return: true,\n", "")
    with pytest.raises(content.ContentError, match=r"exactly one step must be the point of "
                                                   r"no return \(found 0\)"):
        load_cutover(path)
    path = _rewrite(write, "after: [point_of_no_return],\n",
                    "after: [point_of_no_return], rollback_point: true,\n")
    with pytest.raises(content.ContentError, match=r"a rollback point after the point of no "
                                                   r"return"):
        load_cutover(path)
    path = _rewrite(write, "checkpoint: true, rollback_point: true,\n     point_of_no_return",
                    "checkpoint: true,\n     point_of_no_return")
    with pytest.raises(content.ContentError, match=r"must also be a rollback point"):
        load_cutover(path)
