"""The SMART check of implcourse.metrics.smart (a course model, after Doran,
Management Review, November 1981): each criterion can fail on its own, the
course's SMART definitions pass, and the vague ones fail."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from implcourse import content
from implcourse.content import ContentError
from implcourse.metrics.smart import (ACHIEVABLE_LIMIT, CRITERIA, KpiDefinition, get_definition,
                                      is_smart, load_kpi_definitions, smart_check)

RAW = yaml.safe_load((content.datasets_dir() / "metrics" / "kpi_definitions.yml")
                     .read_text(encoding="utf-8"))["definitions"]

FULL = dict(id="k", name="User adoption", measure="Active named users / intended users x 100",
            unit="%", baseline=60, target=80, deadline=dt.date(2026, 9, 30),
            owner="Sales Operations Manager", data_source="CRM activity report",
            objective="Sales productivity benefit")


def failed(definition) -> list[str]:
    return [c.criterion for c in smart_check(definition) if not c.passed]


def test_file_matches_models_and_kinds():
    defs = load_kpi_definitions()
    assert [d.id for d in defs] == [r["id"] for r in RAW]
    for d in defs:
        assert is_smart(d) == (d.kind == "smart"), d.id
    assert any(d.kind == "vague" for d in defs)


def test_a_complete_definition_passes_every_criterion():
    result = smart_check(FULL)
    assert [c.criterion for c in result] == list(CRITERIA)
    assert all(c.passed for c in result)
    assert all(c.reason.endswith(".") for c in result)


@pytest.mark.parametrize("change, criterion, words", [
    ({"measure": "Improve usage of the CRM"}, "specific", "'improve'"),
    ({"measure": "Users are more satisfied"}, "specific", "'more'"),
    ({"unit": None}, "specific", "No unit"),
    ({"data_source": None, "target": 70}, "measurable", "a data source"),
    ({"data_source": None}, "measurable", "a data source"),
    ({"owner": None}, "achievable", "No owner"),
    ({"target": 120}, "achievable", "impossible"),
    ({"objective": None}, "relevant", "no objective"),
    ({"deadline": None}, "time_bound", "no deadline"),
])
def test_each_criterion_fails_alone(change, criterion, words):
    definition = {**FULL, **change}
    assert failed(definition) == [criterion]
    reason = next(c.reason for c in smart_check(definition) if c.criterion == criterion)
    assert words in reason


@given(st.floats(1, 1000), st.floats(0, 3))
def test_achievable_rule(baseline, ratio):
    """Course model: |target - baseline| <= 50 % of the baseline, or evidence is cited."""
    target = baseline * ratio
    definition = {**FULL, "unit": "hours", "baseline": baseline, "target": target}
    expected = abs(target - baseline) / baseline <= ACHIEVABLE_LIMIT
    assert ("achievable" not in failed(definition)) == expected
    assert "achievable" not in failed({**definition, "evidence": "A pilot did it"})


def test_a_missing_baseline_fails_measurable_and_achievable():
    """The course's achievable rule needs a baseline to judge the change against."""
    assert failed({**FULL, "baseline": None}) == ["measurable", "achievable"]


def test_zero_baseline_needs_evidence():
    assert failed({**FULL, "baseline": 0}) == ["achievable"]
    assert failed({**FULL, "baseline": 0, "evidence": "Pilot reached 90 %"}) == []


def test_vague_examples_fail_and_unrealistic_fails_only_achievable():
    assert len(failed(get_definition("uptime_vague"))) == 5
    assert failed(get_definition("retention_vague")) == ["achievable"]


def test_bad_input():
    with pytest.raises(TypeError, match="definition must be a KpiDefinition or a dict"):
        smart_check("make it better")
    with pytest.raises(ValueError, match=r"KPI definition has an unknown field 'colour' "
                                         r"\(you entered 'red'\); known fields: id, name"):
        smart_check({**FULL, "colour": "red"})
    with pytest.raises(ValueError, match=r"KPI definition \(kpi_id\) 'nope' is unknown; known: "):
        get_definition("nope")


def test_a_malformed_file_names_the_entry(write):
    path = write("defs.yml", "definitions:\n  - id: a\n    name: A\n    measure: M\n"
                             "    target: lots\n")
    with pytest.raises(ContentError, match=r"entry 1 \(id 'a'\): field 'target'"):
        load_kpi_definitions(str(path))
    assert isinstance(KpiDefinition(**FULL), KpiDefinition)


# -- bad input found by probing: no raw pydantic message, bools are not numbers --------

@pytest.mark.parametrize("change, error, pattern", [
    ({"baseline": "abc"}, ValueError,
     r"KPI definition field 'baseline': .*number.* \(you entered 'abc'\)"),
    ({"baseline": float("nan")}, ValueError,
     r"KPI definition field 'baseline': .*finite.* \(you entered nan\)"),
    ({"target": float("inf")}, ValueError,
     r"KPI definition field 'target': .*finite.* \(you entered inf\)"),
    ({"baseline": True}, ValueError,
     r"KPI definition field 'baseline': must be a number, not True or False \(you entered True\)"),
    ({"target": False}, ValueError, r"KPI definition field 'target': .*\(you entered False\)"),
    ({"deadline": "someday"}, ValueError,
     r"KPI definition field 'deadline': .*\(you entered 'someday'\)"),
    ({"kind": "great"}, ValueError, r"KPI definition field 'kind': .*\(you entered 'great'\)"),
    ({"name": ""}, ValueError, r"KPI definition field 'name': .*\(you entered ''\)"),
])
def test_a_bad_dict_names_the_field_and_the_value(change, error, pattern):
    with pytest.raises(error, match=pattern) as err:
        smart_check({**FULL, **change})
    assert type(err.value) is error  # not pydantic's ValidationError
    assert "pydantic" not in str(err.value)


def test_a_dict_missing_a_required_field_names_it():
    with pytest.raises(ValueError, match=r"KPI definition field 'measure' is required") as err:
        smart_check({"id": "x", "name": "X"})
    assert type(err.value) is ValueError


@pytest.mark.parametrize("definition, shown", [(5, "int 5"), ("adoption", "str 'adoption'"),
                                                ([], "list \\[\\]"), (None, "NoneType None")])
def test_a_definition_of_the_wrong_type_shows_the_value(definition, shown):
    with pytest.raises(TypeError, match=f"definition must be a KpiDefinition or a dict, got {shown}"):
        smart_check(definition)
