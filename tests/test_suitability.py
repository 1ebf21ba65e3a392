"""The agile suitability filter (implcourse.methods.suitability) and the
synthetic case studies of lesson 02.

The expected fit, group scores and mismatches are recomputed here from the raw
YAML file (bands, groups) with sorting, not with the module's code.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content
from implcourse.methods.home_ground import home_ground
from implcourse.methods.suitability import (ZONES, Suitability, assess_suitability,
                                            load_cases, load_questions, load_zone_bands,
                                            suitability_questions, zone_of)

RAW = yaml.safe_load((content.datasets_dir() / "methods" / "suitability.yml")
                     .read_text(encoding="utf-8"))
IDS = [q["id"] for q in RAW["questions"]]
LABEL = {q["id"]: q["label"] for q in RAW["questions"]}
GROUP = {q["id"]: q["group"] for q in RAW["questions"]}
BANDS = [(b["zone"], b["low"], b["high"]) for b in RAW["zones"]]

answers_st = st.fixed_dictionaries({i: st.integers(1, 10) for i in IDS})


def band(value: int) -> str:
    return next(zone for zone, low, high in BANDS if low <= value <= high)


def expected_fit(answers: dict) -> str:
    """The course's rule, independently: the band of the fifth of nine sorted answers."""
    return band(sorted(answers.values())[4])


def test_nine_questions_in_three_groups_of_three():
    """PMI & Agile Alliance, Agile Practice Guide (2017), Annex X3.2: Culture
    (buy-in, trust, decision-making), Team (size, experience, access to the
    business), Project (likelihood of change, criticality, incremental delivery)."""
    assert IDS == ["buy_in", "trust", "decision_making", "team_size", "experience",
                   "customer_access", "likelihood_of_change", "criticality",
                   "incremental_delivery"]
    groups = [q["group"] for q in RAW["questions"]]
    assert groups == ["culture"] * 3 + ["team"] * 3 + ["project"] * 3
    assert [q.id for q in load_questions()] == IDS
    form = suitability_questions()
    assert [f["id"] for f in form] == IDS
    for f, raw in zip(form, RAW["questions"]):
        assert f["label"] == raw["label"] and f["group"] == raw["group"]
        assert set(f["anchors"]) == {1, 5, 10}
        assert all(f["anchors"].values())


def test_buy_in_scale_runs_from_yes_to_no():
    """Agile Practice Guide, Figure X3-2 (Buy-in to approach): Yes = 1,
    Partial = 5, No = 10, so 1 is the agile end; the course's anchors keep that
    direction in its own words."""
    anchors = next(f for f in suitability_questions() if f["id"] == "buy_in")["anchors"]
    assert anchors[1].startswith("Yes") and anchors[5].startswith("Partly")
    assert anchors[10].startswith("No")


@pytest.mark.parametrize("value, fit", [(1, "agile"), (5, "hybrid"), (10, "predictive")])
def test_centre_is_agile_and_edge_predictive(value, fit):
    """Agile Practice Guide X3.3.3: answers clustered around the centre fit
    agile, in the middle band hybrid, at the edge predictive."""
    result = assess_suitability(dict.fromkeys(IDS, value))
    assert result.fit == fit and result.median == value
    assert result.mismatches == ()
    assert dict(result.zone_counts) == {z: (9 if z == fit else 0) for z in ZONES}


def test_bands_cover_one_to_ten():
    assert [(b.zone, b.low, b.high) for b in load_zone_bands()] == BANDS
    assert [zone_of(v) for v in range(1, 11)] == [band(v) for v in range(1, 11)]
    assert {b[0] for b in BANDS} == set(ZONES)


@settings(max_examples=200, deadline=None)
@given(answers_st)
def test_fit_scores_and_mismatches(answers):
    result = assess_suitability(answers)
    assert isinstance(result, Suitability)
    fit = expected_fit(answers)
    assert result.fit == fit
    assert result.median == sorted(answers.values())[4]
    for group in ("culture", "team", "project"):
        values = [answers[i] for i in IDS if GROUP[i] == group]
        assert math.isclose(result.group_scores[group], sum(values) / 3)
    assert list(result.answers) == IDS
    assert [m.question for m in result.mismatches] == [i for i in IDS if band(answers[i]) != fit]
    order = ["agile", "hybrid", "predictive"]
    for m in result.mismatches:
        assert m.label == LABEL[m.question] and m.answer == answers[m.question]
        assert m.zone == band(m.answer)
        outward = order.index(m.zone) > order.index(fit)
        assert m.direction == ("more predictive" if outward else "more agile")
        raw = next(q for q in RAW["questions"] if q["id"] == m.question)
        key = "risk_if_more_predictive" if outward else "risk_if_more_agile"
        assert m.risk == " ".join(raw[key].split())
    assert sum(result.zone_counts.values()) == 9
    assert result.fit in result.summary()


@settings(max_examples=150, deadline=None)
@given(answers_st, st.sampled_from(IDS), st.integers(0, 9))
def test_raising_an_answer_never_moves_towards_agile(answers, question, step):
    """1 is the agile end of every scale, so a higher answer can only keep the
    fit or move it outwards."""
    order = ["agile", "hybrid", "predictive"]
    before = assess_suitability(answers).fit
    raised = dict(answers, **{question: min(10, answers[question] + step)})
    assert order.index(assess_suitability(raised).fit) >= order.index(before)


@settings(max_examples=80, deadline=None)
@given(answers_st, st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(answers, rnd):
    items = list(answers.items())
    rnd.shuffle(items)
    a, b = assess_suitability(answers), assess_suitability(dict(items))
    assert (a.fit, a.median, dict(a.group_scores), a.mismatches) == \
        (b.fit, b.median, dict(b.group_scores), b.mismatches)
    assert list(b.answers) == IDS


def test_result_is_frozen():
    result = assess_suitability(dict.fromkeys(IDS, 3))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.fit = "predictive"
    with pytest.raises(TypeError):
        result.answers["buy_in"] = 9
    with pytest.raises(TypeError):
        result.group_scores["team"] = 9.0


@pytest.mark.parametrize("bad", [0, 11, -3, 5.0, 5.5, float("nan")])
def test_out_of_range_or_fractional_answer_is_a_value_error(bad):
    with pytest.raises(ValueError) as err:
        assess_suitability(dict.fromkeys(IDS, 5) | {"team_size": bad})
    assert str(err.value) == (f"Answer to 'Team size' must be a whole number from 1 to 10 "
                              f"(you entered {bad!r}) (parameter answers['team_size'])")


@pytest.mark.parametrize("bad", [True, "5", None, [5]])
def test_non_number_answer_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"Answer to 'Incremental delivery' must be a whole "
                                        r"number from 1 to 10 \(you entered "):
        assess_suitability(dict.fromkeys(IDS, 5) | {"incremental_delivery": bad})


def test_unknown_and_missing_questions_are_named():
    with pytest.raises(ValueError, match="Unknown question 'budget'; known: buy_in, trust"):
        assess_suitability(dict.fromkeys(IDS, 5) | {"budget": 3})
    partial = {i: 5 for i in IDS if i not in ("trust", "criticality")}
    with pytest.raises(ValueError) as err:
        assess_suitability(partial)
    assert str(err.value) == ("Missing answers: 'Trust in team', "
                              "'Criticality of product or service' (parameter answers)")
    with pytest.raises(TypeError, match="answers must be a dict"):
        assess_suitability([5] * 9)


def test_zone_bands_with_a_gap_are_refused(tmp_path):
    data = dict(RAW, zones=[{"zone": "agile", "low": 1, "high": 3},
                            {"zone": "hybrid", "low": 5, "high": 7},
                            {"zone": "predictive", "low": 8, "high": 10}])
    path = tmp_path / "s.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"entry 2 \(hybrid\).*band must start at 4"):
        load_zone_bands(path)


# --------------------------------------------------------------------------
# Case studies (synthetic)
# --------------------------------------------------------------------------

CASES = load_cases()
RAW_CASES = yaml.safe_load((content.datasets_dir() / "methods" / "cases.yml")
                           .read_text(encoding="utf-8"))["cases"]
COMPATIBLE = {"agile": {("agile", "agile"), ("mixed", "agile")},
              "predictive": {("plan-driven", "plan-driven"), ("mixed", "plan-driven")},
              "hybrid": {("mixed", "agile"), ("mixed", "plan-driven"), ("mixed", "balanced")}}


def test_at_least_eight_synthetic_cases_with_the_issue_s_scenarios():
    assert len(CASES) >= 8
    assert all(raw["synthetic"] is True for raw in RAW_CASES)
    ids = {c.id for c in CASES}
    assert {"erp_regulatory_deadline", "startup_crm", "hospital_clinical", "data_warehouse",
            "ecommerce_replatform", "public_sector_case"} <= ids
    for c in CASES:
        assert set(c.answers) == set(IDS)
        assert len(c.context) > 200 and len(c.rationale) > 100


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_recommendation_is_consistent_or_says_why_not(case):
    """A case's recommended approach is what the filter (its own answers) and
    the home ground (its own factors) give, unless the case records an
    override explaining the departure."""
    fit = assess_suitability(case.answers).fit
    hg = home_ground(**case.factors.arguments())
    approach = case.recommendation.approach
    consistent = fit == approach and (hg.home_ground, hg.lean) in COMPATIBLE[approach]
    if case.override is None:
        assert consistent, (case.id, fit, hg.home_ground, hg.lean)
    else:
        assert not consistent, f"{case.id} has an override but needs none"
        assert len(case.override) > 80


def test_the_regulatory_deadline_case_overrides_the_filter():
    case = next(c for c in CASES if c.id == "erp_regulatory_deadline")
    assert case.override and "deadline" in case.override
    assert assess_suitability(case.answers).fit != case.recommendation.approach


def test_case_loader_refuses_bad_answers_and_methods(tmp_path):
    broken = yaml.safe_load(yaml.safe_dump(RAW_CASES[1]))
    broken["answers"]["trust"] = 12
    path = tmp_path / "c.yml"
    path.write_text(yaml.safe_dump({"cases": [broken]}), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"field 'answers'.*Trust in team"):
        load_cases(path)
    broken = yaml.safe_load(yaml.safe_dump(RAW_CASES[1]))
    broken["recommendation"]["method"] = "safe"
    path.write_text(yaml.safe_dump({"cases": [broken]}), encoding="utf-8")
    with pytest.raises(content.ContentError, match="unknown method 'safe'"):
        load_cases(path)
    broken = yaml.safe_load(yaml.safe_dump(RAW_CASES[1]))
    broken["factors"]["personnel_level_1b"] = 70
    path.write_text(yaml.safe_dump({"cases": [broken]}), encoding="utf-8")
    with pytest.raises(content.ContentError, match="personnel"):
        load_cases(path)


@pytest.mark.parametrize("bad", [None, "3", True, 11, 2.5])
def test_zone_of_checks_its_answer(bad):
    """zone_of(None) raised "'<=' not supported" before."""
    from implcourse.methods.suitability import zone_of

    with pytest.raises((TypeError, ValueError), match="answer"):
        zone_of(bad)
