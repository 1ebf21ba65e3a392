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


# --------------------------------------------------------------------------
# Lesson 04
# --------------------------------------------------------------------------

def test_some_responses_do_not_pay():
    """Section 4 trainer note and datasets/README.md: R12 and R15 are over-engineered."""
    from implcourse import risk

    values = risk.response_value(risk.load_register())
    assert not values.loc["R12", "pays"] and not values.loc["R15", "pays"]
    assert values["pays"].sum() > len(values) / 2  # but most responses pay


def test_data_migration_and_testing_dominate_criticality():
    """Section 7: the final test and cutover spine is critical in (almost) every
    iteration, so the criticality chart leaves it out."""
    from implcourse import estimating, risk

    run = risk.simulate_schedule(estimating.estimated_plan(), n=5_000, seed=2026,
                                 risks=risk.load_register(), residual=True)
    index = run.criticality()
    for task in ("mock_load_2", "data_reconcile", "sit", "uat"):
        assert index[task] > 0.9, task
    assert index["config_sprint_2"] < 0.5


def test_the_open_race_is_design_fitgap_and_migration():
    """Section 7 trainer note: among the tasks whose criticality varies, the race
    is between solution design, the inventory and sales fit-gap and the data
    migration stream."""
    from implcourse import estimating, risk

    run = risk.simulate_schedule(estimating.estimated_plan(), n=5_000, seed=2026,
                                 risks=risk.load_register(), residual=True)
    index = run.criticality()
    varying = index[(index > 0.02) & (index < 0.98)].sort_values(ascending=False)
    leaders = set(varying.index[:5])
    assert {"solution_design", "fitgap_inventory_sales"} <= leaders
    assert leaders & {"mock_load_1", "data_mapping", "data_extract", "data_cleanse"}
    # and no other stream (interfaces, training) is in the race
    assert not any(t.startswith(("interface_", "train")) for t in varying.index)


def test_responses_lower_the_p80_of_time_and_cost():
    """Section 7: the planned responses bring P80 down, for time and for cost."""
    from implcourse import estimating, risk

    tasks, register = estimating.estimated_plan(), risk.load_register()
    for simulate in (risk.simulate_schedule, risk.simulate_cost):
        before = simulate(tasks, 5_000, 7, risks=register).percentile(0.8)
        after = simulate(tasks, 5_000, 7, risks=register, residual=True).percentile(0.8)
        assert after < before


def test_merge_bias_demo_shows_a_later_network():
    """Section 6: two parallel copies of a path finish later, on average, than one."""
    from implcourse import estimating, risk, schedule

    parallel = schedule.Plan.from_records([
        {"id": "a", "name": "Path A", "duration": 10},
        {"id": "b", "name": "Path B", "duration": 10},
        {"id": "end", "name": "Go-live", "duration": 0, "depends_on": ["a", "b"]}])
    both = estimating.estimated_plan(parallel, {"a": (6, 10, 20), "b": (6, 10, 20),
                                                "end": (0, 0, 0)})
    run = risk.simulate_schedule(both, n=20_000, seed=4)
    assert run.mean - risk.pert(6, 10, 20).mean > 5 * run.standard_error


def test_estimates_cost_matches_the_business_case_implementation_costs():
    """datasets/README.md: the tasks' most likely costs add up to the ERP business case's
    implementation-period costs (years 0 and 1, every category but subscriptions and
    support)."""
    from implcourse import business_case as bc
    from implcourse import estimating

    case = bc.load_case("erp_replacement")
    table = case.cost_table()
    project = table.loc[[0, 1]].drop(columns=["total", "licences_subscriptions",
                                               "support"]).to_numpy().sum()
    total = estimating.estimated_plan().cost_most_likely.sum()
    assert abs(total - project) <= 0.01 * project
