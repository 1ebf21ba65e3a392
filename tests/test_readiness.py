"""Go-live readiness in implcourse.readiness: score, decision, the lesson's
sample scenario and the checks on the input.

The score and decision are recomputed independently from the raw YAML file,
not from the package's models.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content
from implcourse.readiness import (
    DEFAULT_THRESHOLD,
    Readiness,
    assess,
    load_checklist,
    sample_status,
)

RAW = yaml.safe_load((content.datasets_dir() / "lifecycle" / "golive_checklist.yml")
                     .read_text(encoding="utf-8"))["items"]
IDS = [entry["id"] for entry in RAW]
WEIGHT = {entry["id"]: entry["weight"] for entry in RAW}
BLOCKING = {entry["id"] for entry in RAW if entry["blocking"]}


def expected(met: set[str], threshold: float) -> tuple[float, str]:
    """Independent score and decision from the raw file."""
    score = sum(WEIGHT[i] for i in met) / sum(WEIGHT.values())
    go = not (BLOCKING - met) and score >= threshold
    return score, "GO" if go else "NO-GO"


def test_checklist_matches_file():
    items = load_checklist()
    assert [item.id for item in items] == IDS
    assert len(set(IDS)) == len(IDS)
    assert BLOCKING, "the checklist needs at least one blocking item"
    assert DEFAULT_THRESHOLD == 0.8


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(IDS), st.booleans()), st.floats(0, 1))
def test_score_and_decision(status, threshold):
    """Score = met weight / total weight; GO iff no blocking item open and score >= threshold."""
    met = {i for i, ok in status.items() if ok}
    score, decision = expected(met, threshold)
    result = assess(status, threshold=threshold)
    assert isinstance(result, Readiness)
    assert math.isclose(result.score, score, rel_tol=1e-12)
    assert result.decision == decision
    assert result.go == (decision == "GO")
    assert result.threshold == threshold
    assert result.reasons
    # blocking_open and other_open partition the unmet items, in checklist order.
    blocking_open = [item.id for item in result.blocking_open]
    other_open = [item.id for item in result.other_open]
    assert blocking_open == [i for i in IDS if i not in met and i in BLOCKING]
    assert other_open == [i for i in IDS if i not in met and i not in BLOCKING]
    assert set(blocking_open) | set(other_open) == set(IDS) - met
    # The list-of-met-ids form gives the same answer.
    as_list = assess(sorted(met), threshold=threshold)
    assert (as_list.score, as_list.decision) == (result.score, result.decision)
    assert as_list.blocking_open == result.blocking_open
    assert as_list.other_open == result.other_open


def test_all_met_is_go_and_none_met_is_no_go():
    assert (assess(IDS).decision, assess(IDS).score) == ("GO", 1.0)
    nothing = assess({})
    assert (nothing.decision, nothing.score) == ("NO-GO", 0.0)
    assert {item.id for item in nothing.blocking_open} == BLOCKING


def test_threshold_is_reached_at_equality():
    """A score exactly at the threshold is enough (score >= threshold)."""
    result = assess(IDS, threshold=1.0)
    assert result.decision == "GO"


def test_sample_scenario_is_no_go_despite_a_high_score():
    """The lesson's claim: score >= 80 % but one blocking item open, so NO-GO."""
    status = sample_status()
    assert set(status) == set(IDS)
    assert status == {entry["id"]: entry["sample_met"] for entry in RAW}
    result = assess(status)
    score, decision = expected({i for i, ok in status.items() if ok}, DEFAULT_THRESHOLD)
    assert result.score == pytest.approx(score)
    assert result.score >= DEFAULT_THRESHOLD
    assert len(result.blocking_open) == 1
    assert result.decision == decision == "NO-GO"
    # Meeting that one blocking item would turn the decision to GO.
    fixed = dict(status, **{result.blocking_open[0].id: True})
    assert assess(fixed).decision == "GO"


def test_errors_name_the_parameter_and_value():
    with pytest.raises(ValueError, match=r"status names unknown item 'not_an_item'"):
        assess(["not_an_item"])
    with pytest.raises(ValueError, match=r"status names unknown item 'not_an_item'"):
        assess({"not_an_item": False})
    with pytest.raises(TypeError, match=rf"status\['{IDS[0]}'\] must be True or False, got int 1"):
        assess({IDS[0]: 1})
    with pytest.raises(TypeError, match=r"status must be a dict of id -> bool or a list of ids, "
                                        r"got str"):
        assess(IDS[0])
    with pytest.raises(TypeError, match=r"status must be .*got int"):
        assess(5)


@pytest.mark.parametrize("threshold, error, pattern", [
    (1.5, ValueError, r"threshold must be <= 1, got 1.5"),
    (-0.1, ValueError, r"threshold must be >= 0, got -0.1"),
    (float("nan"), ValueError, r"threshold must be a finite number, got nan"),
    ("0.8", TypeError, r"threshold must be a number, got str '0.8'"),
    (True, TypeError, r"threshold must be a number, got bool True"),
])
def test_threshold_is_checked(threshold, error, pattern):
    with pytest.raises(error, match=pattern):
        assess(IDS, threshold=threshold)


def test_empty_checklist_is_a_value_error_naming_items():
    """An empty checklist cannot be scored: the error should name ``items``
    (the engineering rule), not surface as a ZeroDivisionError."""
    with pytest.raises(ValueError, match=r"items"):
        assess([], items=[])


def test_custom_items():
    """A checklist passed in replaces the course's."""
    items = [item for item in load_checklist() if item.id in IDS[:3]]
    met = {IDS[0]}
    result = assess(met, items=items)
    weights = [WEIGHT[i] for i in IDS[:3]]
    assert result.score == pytest.approx(weights[0] / sum(weights))
    with pytest.raises(ValueError, match=rf"unknown item '{IDS[5]}'"):
        assess([IDS[5]], items=items)
