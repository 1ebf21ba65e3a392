"""Lesson 08's partner scoring: ranking, normalisation, overrides, sensitivity, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.partners.profiles import aspect_ids, partner_ids, ratings_matrix
from implcourse.partners.scoring import (default_weights, preset_weights, score_partners,
                                         weight_presets, weight_sensitivity)

ASPECTS = aspect_ids()
weights_st = st.lists(st.integers(0, 20), min_size=6, max_size=6).filter(lambda w: sum(w) > 0)


def independent(weights: dict) -> dict:
    """Scores computed afresh from the ratings matrix: sum(w * r) / sum(w)."""
    r = ratings_matrix().to_numpy(dtype=float)
    w = np.array([weights[a] for a in ASPECTS], dtype=float)
    return dict(zip(partner_ids(), r @ w / w.sum()))


def test_default_scores_match_an_independent_computation():
    result = score_partners()
    assert default_weights() == {a: 1.0 for a in ASPECTS}
    expected = independent(default_weights())
    assert result.scores == pytest.approx(expected)
    assert result.winner == max(expected, key=expected.get)
    assert list(result.ranking.index) == [1, 2, 3, 4, 5]
    assert (np.diff(result.ranking["Weighted score (1 to 5)"].to_numpy()) <= 1e-9).all()
    contributions = result.ranking.iloc[:, 2:].sum(axis=1).to_numpy()
    np.testing.assert_allclose(contributions, result.ranking.iloc[:, 1].to_numpy())
    assert sum(result.shares.values()) == pytest.approx(1)
    assert "divided by their total (6)" in result.normalisation
    assert "teaching model" in result.explanation


def test_presets_are_complete_and_the_erp_case_is_a_close_call():
    for pid in weight_presets():
        weights = preset_weights(pid)
        assert sorted(weights) == sorted(ASPECTS)
        result = score_partners(weights)
        expected = independent(weights)
        assert result.winner == max(expected, key=expected.get)
    erp = score_partners(preset_weights("erp_case"))
    assert erp.margin == pytest.approx(0.05)
    assert "100" in erp.normalisation and "risk profile 25.0 %" in erp.normalisation


def test_weights_by_name_and_left_out_aspects_keep_their_default():
    a = score_partners({"Cost structure": 3})
    b = score_partners({**default_weights(), "cost_structure": 3})
    assert a.scores == pytest.approx(b.scores)
    assert a.winner == "offshore_nearshore_partner"


@settings(max_examples=50, deadline=None)
@given(weights_st, st.floats(0.01, 500))
def test_ranking_is_invariant_to_scaling_all_weights(w, factor):
    weights = dict(zip(ASPECTS, map(float, w)))
    a = score_partners(weights)
    b = score_partners({k: v * factor for k, v in weights.items()})
    assert a.order == b.order
    assert a.scores == pytest.approx(b.scores)


def test_overrides_change_only_their_cell():
    result = score_partners(overrides={"Large system integrator": {"Cost structure": 4}})
    assert result.ratings.loc["large_system_integrator", "cost_structure"] == 4
    base = independent(default_weights())
    assert result.scores["large_system_integrator"] == pytest.approx(
        base["large_system_integrator"] + 3 / 6)
    assert result.scores["boutique_specialist"] == pytest.approx(base["boutique_specialist"])
    assert result.overridden == [("large_system_integrator", "cost_structure")]
    assert "override" in result.explanation
    # Half points are allowed.
    score_partners(overrides={"boutique_specialist": {"risk_profile": 3.5}})


def test_a_subset_of_partners_can_be_compared():
    result = score_partners(partners=["boutique_specialist", "Independent consultant"])
    assert sorted(result.order) == ["boutique_specialist", "independent_consultant"]
    assert len(result.ranking) == 2


@pytest.mark.parametrize("weights, error, message", [
    ({"risk_profile": -1}, ValueError, r"Weight of Risk profile cannot be negative \(you entered -1\)"),
    ({"risk_profile": float("nan")}, ValueError, r"Weight of Risk profile must be an ordinary number \(you entered nan\)"),
    ({"risk_profile": float("inf")}, ValueError, "Weight of Risk profile must be an ordinary number"),
    ({"risk_profile": True}, TypeError, r"Weight of Risk profile must be a number \(you entered True\)"),
    ({"risk_profile": "5"}, TypeError, "Weight of Risk profile must be a number"),
    ({a: 0 for a in ASPECTS}, ValueError, "cannot all be zero"),
    ({"price": 2}, ValueError, "Unknown aspect 'price' in the weights; the aspects are 'scope_of_services'"),
    ([1, 2, 3], TypeError, "dict of aspect -> weight"),
])
def test_bad_weights_are_refused_by_name(weights, error, message):
    with pytest.raises(error, match=message):
        score_partners(weights)
    with pytest.raises(error, match=message):
        weight_sensitivity(weights)


@pytest.mark.parametrize("overrides, error, message", [
    ({"big four": {"risk_profile": 3}}, ValueError, "Unknown partner type 'big four' in the overrides; the partner types are 'large_system_integrator'"),
    ({"boutique_specialist": {"agility": 3}}, ValueError, "Unknown aspect 'agility' in the overrides for Boutique specialist"),
    ({"boutique_specialist": {"risk_profile": 0}}, ValueError, r"Rating of Boutique specialist on risk profile must be from 1 to 5 \(you entered 0\)"),
    ({"boutique_specialist": {"risk_profile": 5.5}}, ValueError, "must be from 1 to 5"),
    ({"boutique_specialist": {"risk_profile": False}}, TypeError, "must be a number"),
    ({"boutique_specialist": {"risk_profile": float("nan")}}, ValueError, "ordinary number"),
    ({"boutique_specialist": 3}, TypeError, "must be a dict of aspect -> rating"),
    ("boutique", TypeError, "overrides must be a dict"),
])
def test_bad_overrides_are_refused_by_name(overrides, error, message):
    with pytest.raises(error, match=message):
        score_partners(overrides=overrides)


def test_bad_partner_lists_are_refused():
    with pytest.raises(ValueError, match="at least 2"):
        score_partners(partners=["boutique_specialist"])
    with pytest.raises(ValueError, match="listed twice"):
        score_partners(partners=["boutique_specialist", "Boutique specialist"])
    with pytest.raises(TypeError, match="list of partner types"):
        score_partners(partners="boutique_specialist")
    with pytest.raises(ValueError, match="Unknown partner type 'nobody'"):
        score_partners(partners=["boutique_specialist", "nobody"])


def _winner_with(weights: dict) -> str:
    scores = independent(weights)
    best = max(scores.values())
    return next(p for p in partner_ids() if scores[p] >= best - 1e-12)


@settings(max_examples=40, deadline=None)
@given(weights_st)
def test_sensitivity_threshold_flips_the_winner_just_past_it_and_not_before(w):
    """Recompute the winner, independently, with the aspect's weight set just short of and
    just past the reported weight (the other weights unchanged)."""
    weights = dict(zip(ASPECTS, map(float, w)))
    table = weight_sensitivity(weights)
    winner = score_partners(weights).winner_name
    from implcourse.partners.profiles import get_partner_type
    for aspect_id, (aspect, row) in zip(ASPECTS, table.iterrows()):
        for direction, sign in (("up", 1), ("down", -1)):
            col = "Raise weight to" if direction == "up" else "Lower weight to"
            share = row["Raise to (%)" if direction == "up" else "Lower to (%)"]
            new = row[f"New winner ({direction})"]
            if math.isnan(share):
                assert new == ""
                continue
            assert 0 <= share <= 100
            if math.isnan(row[col]):
                continue          # all other weights are 0: no weight value to test
            at = row[col]
            eps = 1e-6 * max(1.0, at)
            past = _winner_with({**weights, aspect_id: at + sign * eps})
            assert get_partner_type(past).name == new
            before = at - sign * eps
            if (before - row["Weight now"]) * sign > 0:
                assert get_partner_type(_winner_with({**weights, aspect_id: before})).name \
                    == winner


def test_sensitivity_in_words_and_never_within_range():
    table = weight_sensitivity()
    assert table.attrs["winner"] == "Large system integrator"
    row = table.loc["Cost structure"]
    # Independent check of the crossing: LSI 3.6 + 1.6 p... solve 5p + 3.2(1-p)... in full:
    # with the others equal, LSI's other mean is 4.4 and offshore's 3.2, so
    # 1p + 4.4(1-p) = 5p + 3.2(1-p)  =>  p = 1.2 / 5.2.
    assert row["Raise to (%)"] == pytest.approx(100 * 1.2 / 5.2)
    assert row["Raise weight to"] == pytest.approx(1.2 / 5.2 * 5 / (1 - 1.2 / 5.2))
    assert row["New winner (up)"] == "Offshore or nearshore partner"
    assert "never changes the winner within 0-100 %" in row["In words"]
    assert table.loc["Risk profile", "In words"] == \
        "The winner never changes within 0-100 % of the weight, up or down."
    assert list(table.index) == ["Scope of services", "Resource availability", "Cost structure",
                                 "Implementation speed", "Risk profile", "Innovation capability"]


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def test_an_aspect_weighted_twice_by_id_and_name_is_refused():
    with pytest.raises(ValueError, match=r"Cost structure is given two weights \(as "
                                         r"'cost_structure' and 'Cost structure'\)"):
        score_partners({"cost_structure": 2, "Cost structure": 3})


@pytest.mark.parametrize("weights", [{a: 1e308 for a in aspect_ids()},
                                     {"cost_structure": 1e308, "risk_profile": 1e308}])
def test_weights_whose_total_overflows_are_refused_not_scored_as_zero(weights):
    for fn in (score_partners, weight_sensitivity):
        with pytest.raises(ValueError, match="The weights are too large to add up"):
            fn(weights)
    big = score_partners({a: 1e300 for a in aspect_ids()})       # large but finite: fine
    assert big.winner == score_partners().winner


@pytest.mark.parametrize("overrides, text", [
    ({"boutique_specialist": {"risk_profile": 2}, "Boutique specialist": {"risk_profile": 5}},
     r"Boutique specialist appears twice in the overrides"),
    ({"boutique_specialist": {"risk_profile": 2, "Risk profile": 5}},
     r"The overrides for Boutique specialist rate risk profile twice"),
])
def test_an_override_given_twice_is_refused(overrides, text):
    with pytest.raises(ValueError, match=text):
        score_partners(overrides=overrides)


def test_partners_given_as_a_dict_are_refused():
    with pytest.raises(TypeError, match="The partners to compare must be a list of partner types"):
        score_partners(partners={"boutique_specialist": 1, "independent_consultant": 0})


@pytest.mark.parametrize("partners", [[], [None, "boutique"], ["nobody", "boutique"]])
def test_partner_list_errors_name_the_parameter(partners):
    from implcourse.partners.scoring import score_partners

    with pytest.raises((TypeError, ValueError), match=r"partners"):
        score_partners(partners=partners)
