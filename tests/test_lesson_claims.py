"""What the lesson prose and trainer notes claim about the data, checked.

The notebooks never type a computed number, but their prose does describe
the shape of the sample data (which stream drives go-live, what float
absorbs). These tests keep those sentences true if the data changes.
"""

from __future__ import annotations

import pytest

from implcourse import readiness, schedule


@pytest.fixture(scope="module")
def erp():
    return schedule.analyse(schedule.load_plan())


def test_data_stream_not_configuration_sets_go_live(erp):
    """Lesson 01, section 4: the mock migrations, their reconciliation, testing and the
    cutover rehearsal are critical; configuration, interfaces and training have float."""
    table = erp.table
    for task in ["mock_load_1", "mock_load_2", "data_reconcile", "sit", "uat",
                 "cutover_rehearsal", "go_no_go", "golive", "solution_design", "data_mapping"]:
        assert table.at[task, "critical"], task
    for task in ["config_sprint_1", "config_sprint_2", "interface_bank", "interface_einvoice",
                 "interface_crm", "training_docs", "train_the_trainer", "end_user_training"]:
        assert table.at[task, "total_float"] > 0, task
    slowest_fitgap = max(["fitgap_finance", "fitgap_procurement", "fitgap_inventory_sales"],
                         key=lambda t: table.at[t, "duration"])
    assert table.at[slowest_fitgap, "critical"]


def test_some_task_has_total_float_but_no_free_float(erp):
    """Section 4 asks learners to compare the float columns: the contrast must exist."""
    table = erp.table
    assert ((table["total_float"] > 0) & (table["free_float"] == 0)).any()


@pytest.mark.parametrize("task, extra", [("data_cleanse", 10), ("interface_crm", 5),
                                         ("interface_crm", 40), ("training_docs", 30)])
def test_float_absorbs_a_slip_first(erp, task, extra):
    """Trainer key (1): go-live moves by max(0, extra - total float)."""
    slack = erp.table.at[task, "total_float"]
    longer = erp.plan.with_changes(durations={task: erp.plan.task(task).duration + extra})
    assert schedule.analyse(longer).duration == erp.duration + max(0.0, extra - slack)


def test_crm_becomes_critical_when_extra_days_equal_its_float(erp):
    """Trainer key (2)."""
    slack = erp.table.at["interface_crm", "total_float"]
    base = erp.plan.task("interface_crm").duration
    at_float = schedule.analyse(erp.plan.with_changes(durations={"interface_crm": base + slack}))
    before = schedule.analyse(erp.plan.with_changes(
        durations={"interface_crm": base + slack - 1}))
    assert at_float.table.at["interface_crm", "critical"]
    assert not before.table.at["interface_crm", "critical"]
    assert at_float.duration == erp.duration


def test_readiness_smallest_change_to_go_is_the_open_blocker():
    """Section 5 trainer key: ticking the one open blocking item turns NO-GO into GO."""
    status = readiness.sample_status()
    verdict = readiness.assess(status)
    assert verdict.decision == "NO-GO" and len(verdict.blocking_open) == 1
    status[verdict.blocking_open[0].id] = True
    assert readiness.assess(status).decision == "GO"


def test_hypercare_and_interfaces_sit_in_the_phases_the_lesson_gives():
    """The plan files hypercare under deployment and the interfaces under the
    integration phase, as phases.yml describes them."""
    plan = schedule.load_plan()
    assert plan.task("hypercare").phase == "deployment"
    for task in ("interface_bank", "interface_einvoice", "interface_crm"):
        assert plan.task(task).phase == "data_migration"


# --------------------------------------------------------------------------
# Lesson 05
# --------------------------------------------------------------------------

def test_hr_case_shows_the_discount_versus_hurdle_conflict():
    """Section 4: positive NPV at the discount rate, IRR below the hurdle, and a negative
    NPV at the hurdle rate."""
    from implcourse import business_case as bc
    from implcourse import finance

    hr = bc.load_case("hr_system")
    flows = hr.cashflows()
    assert finance.npv(hr.discount_rate, flows) > 0
    assert finance.irr(flows) < hr.hurdle_rate
    assert finance.npv(hr.hurdle_rate, flows) < 0


def test_every_case_loses_value_in_its_worst_scenario_and_gains_in_its_best():
    """Section 9 trainer note: every case loses value in its worst scenario."""
    from implcourse import business_case as bc

    for case_id in bc.case_ids():
        case = bc.load_case(case_id)
        assert case.scenario("worst").metrics()["npv"] < 0 < case.metrics()["npv"], case_id
        assert case.scenario("best").metrics()["npv"] > case.metrics()["npv"], case_id


def test_roi_example_same_roi_different_npv():
    """Section 2: equal ROI, and the early project has the higher NPV."""
    from implcourse import finance

    early = [-100_000, 60_000, 30_000, 30_000]
    late = [-100_000, 30_000, 30_000, 60_000]
    assert finance.roi(sum(early[1:]), 100_000) == finance.roi(sum(late[1:]), 100_000)
    assert finance.npv(0.10, early) > 0 > finance.npv(0.10, late)
