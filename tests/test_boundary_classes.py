"""Classes of bad input found by a second, larger fuzz run (60 examples per
callable): each test holds one class closed, with the parameter named."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from implcourse import tables
from implcourse.content import validation_errors
from implcourse.metrics import dashboard, earned_value, kpis, schedule_performance
from implcourse.partners import contracts, scoring, selection
from implcourse.portfolio import generator
from implcourse.stakeholders import raci


@pytest.mark.parametrize("huge", [10 ** 400, 2 ** 53 + 1], ids=["10**400", "2**53+1"])
def test_a_count_too_large_for_a_float_is_refused_by_name(huge):
    with pytest.raises(ValueError, match=r"(?i)defects is too large to count with"):
        kpis.defect_density(huge, 10)


def test_periods_elapsed_beyond_any_project_are_refused_by_name():
    with pytest.raises(ValueError, match=r"Actual time \(AT\).*from 1 to 1,000,000.*401 digits"):
        schedule_performance.earned_schedule([10, 20], ev=5, at=10 ** 400)


def test_an_ev_above_bac_names_both_parameters():
    with pytest.raises(ValueError, match=r"parameters ev and pv"):
        schedule_performance.earned_schedule([1.0] * 5, ev=50, at=2)


@pytest.mark.parametrize("bad", ["nan", "inf", float("nan"), float("-inf")])
def test_content_models_refuse_numbers_that_are_not_finite(bad):
    fields = {"id": "p", "name": "P", "history": "h.csv", "currency": "EUR", "period": "month",
              "working_days_per_period": 20, "bac": bad, "baseline": "b", "story": "s"}
    problems = validation_errors(earned_value.EvmProject, fields)
    assert [f for f, _ in problems] == ["bac"], problems
    assert "finite" in problems[0][1]


def test_a_service_window_mixing_time_zones_is_a_message_not_a_type_error():
    from implcourse.content import read_yaml

    raw = dict(read_yaml(dashboard.CONTEXT_FILE))
    window = dict(raw["service_window"])
    window["end"] = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    window["start"] = dt.datetime(2029, 1, 1)
    raw["service_window"] = window
    problems = validation_errors(dashboard.StoryContext, raw)
    assert problems and "time zone" in problems[0][1]


def test_an_overflowing_contract_names_the_calculators_inputs():
    with pytest.raises(ValueError, match=r"too large.*for hours, rates, materials"):
        contracts.time_and_materials(1e308, 1e308)


def test_a_decision_record_refuses_a_result_with_a_broken_ranking():
    result = scoring.score_partners()
    object.__setattr__(result, "ranking", float("inf"))
    with pytest.raises(TypeError, match=r"result must be the result of score_partners"):
        selection.decision_record(result)


def test_a_portfolio_with_text_in_a_number_column_is_refused_by_name():
    frame = generator.load_projects().copy()
    frame["team_size"] = frame["team_size"].astype(object)
    frame.loc[frame.index[0], "team_size"] = "<script>x</script>"
    with pytest.raises(ValueError, match=r"The portfolio \(frame\) column 'team_size' must hold "
                                         r"numbers, got '<script>x</script>'"):
        generator.to_csv_text(frame)


def test_a_raci_row_without_a_name_names_the_matrix():
    matrix = {0: {"sponsor": "A"}}
    with pytest.raises(TypeError, match=r"row of the matrix must be named by text"):
        raci.check_raci(matrix)


def test_a_money_column_missing_from_a_table_names_the_table():
    with pytest.raises(ValueError, match=r"money: column 'cost' is not in the table \(frame\)"):
        tables.show(pd.DataFrame({"a": [1]}), money=["cost"])
