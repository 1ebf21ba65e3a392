"""implcourse.stakeholders.client: expectations, the pre-implementation checklist,
check-ins, the feedback loop and survey analysis with lesson 06's CSAT and NPS.

CSAT and NPS are recomputed here from their published definitions (top-two-box share
on 1-5; Reichheld, HBR December 2003: % of 9-10 minus % of 0-6), independently of
implcourse.metrics.kpis, and compared with the module's results.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content
from implcourse.lifecycle import load_phases
from implcourse.metrics import kpis
from implcourse.stakeholders.client import (checkin_cadence, checklist_status, expectations,
                                            feedback_loop, load_survey,
                                            pre_implementation_checklist, survey_by_checkin)

RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "client.yml")
                     .read_text(encoding="utf-8"))
ITEMS = RAW["checklist"]
IDS = [i["id"] for i in ITEMS]
PHASE_ORDER = {p.id: n for n, p in enumerate(load_phases())}
PHASE_NAME = {p.id: p.name for p in load_phases()}


def test_expectations_cover_the_four_areas_of_the_brief():
    areas = expectations().index.tolist()
    assert {"Scope", "Timeline", "Client responsibilities", "Acceptance"} <= set(areas)


def test_checklist_has_12_to_15_items_with_owner_and_phase():
    table = pre_implementation_checklist()
    assert 12 <= len(table) <= 15
    assert table.index.tolist() == IDS
    assert table["Owner"].str.len().gt(0).all()
    assert table["Due before"].tolist() == [PHASE_NAME[i["due_before"]] for i in ITEMS]
    assert table["Blocking"].any() and not table["Blocking"].all()


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(IDS)))
def test_status_lists_exactly_what_is_missing_blocking_first(done):
    status = checklist_status(sorted(done))
    missing = [i for i in ITEMS if i["id"] not in done]
    assert set(status.index) == {i["id"] for i in missing}
    expected = sorted(missing, key=lambda i: (not i["blocking"], PHASE_ORDER[i["due_before"]],
                                              IDS.index(i["id"])))
    assert status.index.tolist() == [i["id"] for i in expected]
    flags = status["Blocking"].tolist()
    assert flags == sorted(flags, reverse=True)  # all True before any False


def test_everything_done_leaves_an_empty_table():
    status = checklist_status(IDS)
    assert status.empty
    assert list(status.columns) == ["Item", "Owner", "Due before", "Blocking"]


def test_ids_are_matched_ignoring_case_and_spaces():
    assert "scope_signed" not in checklist_status([" Scope_Signed "]).index


@pytest.mark.parametrize("bad, kind, text", [
    ("scope_signed", TypeError, "Items done must be a list"),
    (["scope"], ValueError, "Unknown checklist item 'scope'; the items are sponsor_named"),
    ([3], TypeError, "Items done must be a list of item ids"),
    (None, TypeError, "Items done"),
])
def test_checklist_status_bad_input(bad, kind, text):
    with pytest.raises(kind, match=text):
        checklist_status(bad)


def test_checkins_cover_every_phase_and_the_loop_is_ordered():
    table = checkin_cadence()
    assert table.index.tolist() == list(PHASE_NAME.values())
    assert feedback_loop()["Step"].tolist()[-1] == "Close the loop"


def _csat(scores):
    return 100 * sum(1 for s in scores if s >= 4) / len(scores)


def _nps(scores):
    return 100 * (sum(1 for s in scores if s >= 9) - sum(1 for s in scores if s <= 6)) / len(scores)


def test_survey_by_checkin_matches_the_definitions_and_lesson_06():
    survey = load_survey()
    table = survey_by_checkin()
    assert table.index.tolist() == list(dict.fromkeys(survey["checkin"]))
    previous = None
    for checkin, part in survey.groupby("checkin", sort=False):
        row = table.loc[checkin]
        assert row["Responses"] == len(part)
        assert row["CSAT (%)"] == pytest.approx(_csat(part["csat"].tolist()))
        assert row["CSAT (%)"] == kpis.csat(part["csat"].tolist())
        assert row["NPS"] == pytest.approx(_nps(part["nps"].tolist()))
        assert row["NPS"] == kpis.nps(part["nps"].tolist())
        if previous is None:
            assert row["Trend"] == "first" and pd.isna(row["NPS change"])
        else:
            change = row["NPS"] - previous
            assert row["NPS change"] == pytest.approx(change)
            assert row["Trend"] == ("up" if change > 0 else "down" if change < 0 else "flat")
        previous = row["NPS"]


def test_the_synthetic_story_dips_in_testing_and_recovers():
    table = survey_by_checkin()
    nps = table["NPS"]
    assert nps.idxmin() == "c4"
    assert table.loc["c4", "Phase"] == "Testing and quality assurance"
    assert nps.iloc[-1] > nps.min()


def test_reichheld_style_example():
    """4 promoters, 2 passives, 2 detractors out of 8: NPS = 50 % - 25 % = 25."""
    survey = pd.DataFrame({"checkin": ["a"] * 8, "phase": ["testing"] * 8,
                           "csat": [5, 4, 4, 3, 2, 5, 4, 1],
                           "nps": [10, 9, 9, 8, 7, 6, 3, 10]})
    row = survey_by_checkin(survey).loc["a"]
    assert row["NPS"] == 25.0 and row["Promoters"] == 4 and row["Detractors"] == 2
    assert row["CSAT (%)"] == 62.5


@pytest.mark.parametrize("survey, kind, text", [
    ("survey.csv", TypeError, "survey must be a DataFrame"),
    (pd.DataFrame({"checkin": ["a"], "csat": [4]}), ValueError, r"column\(s\) 'phase', 'nps'"),
    (pd.DataFrame(columns=["checkin", "phase", "csat", "nps"]), ValueError, "empty"),
    (pd.DataFrame({"checkin": ["a", "b"], "phase": ["x", "x"], "csat": [4, 6], "nps": [9, 9]}),
     ValueError, "Check-in b: CSAT score in response 1 must be a whole number from 1 to 5"),
    (pd.DataFrame({"checkin": ["a"], "phase": ["x"], "csat": [4], "nps": [11]}),
     ValueError, "Check-in a: NPS score in response 1"),
])
def test_survey_bad_input_names_the_checkin(survey, kind, text):
    with pytest.raises(kind, match=text):
        survey_by_checkin(survey)


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("done", [{"sponsor_named": False}, {"sponsor_named": True}])
def test_checklist_refuses_a_dict_instead_of_reading_its_keys_as_done(done):
    with pytest.raises(TypeError, match=r"Items done must be a list of item ids \(you entered "
                                        r"\{'sponsor_named'"):
        checklist_status(done)


@pytest.mark.parametrize("column, label", [("checkin", "check-in"), ("phase", "phase")])
def test_survey_answers_without_a_checkin_or_phase_are_refused_not_dropped(column, label):
    survey = load_survey()
    survey[column] = survey[column].astype(object)
    survey.loc[survey.index[2], column] = None
    with pytest.raises(ValueError, match=f"survey: the {label} is missing in answer 3"):
        survey_by_checkin(survey)
    with pytest.raises(ValueError, match=f"the {label} is missing in answer 1 .*you entered nan"):
        survey_by_checkin(survey.assign(**{column: float("nan")}))
