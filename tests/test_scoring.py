"""The shared weighted-sum method (implcourse.scoring): published examples and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.scoring import check_weights, leader_of, weight_crossings, weighted_sum

# Laudon, K. C. & Laudon, J. P., Management Information Systems: Managing the Digital Firm
# (Pearson), chapter 14 "Managing Projects", Table 14.2 "Example of a scoring model for an
# ERP system" (p. 568 of the edition at
# https://digilib.universitaspertamina.ac.id/ebook/Management%20information%20systems/files/basic-html/page569.html,
# checked 2026). Criterion, weight, % of requirements met by system A, by system B.
LAUDON = [
    ("Online order entry", 4, 67, 73), ("Online pricing", 4, 81, 87),
    ("Inventory check", 4, 72, 81), ("Customer credit check", 3, 66, 59),
    ("Invoicing", 4, 73, 82), ("Production forecasting", 3, 72, 76),
    ("Production planning", 4, 79, 81), ("Inventory control", 4, 68, 80),
    ("Reports", 3, 71, 69), ("Receiving", 2, 71, 75), ("Picking/packing", 3, 77, 82),
    ("Shipping", 4, 92, 89),
]


def laudon():
    ratings = pd.DataFrame({c: [a, b] for c, _, a, b in LAUDON},
                           index=["ERP System A", "ERP System B"])
    return ratings, {c: w for c, w, _, _ in LAUDON}


def test_laudon_erp_scoring_model_is_reproduced():
    """Laudon & Laudon, Table 14.2: grand totals 3,128 (A) and 3,300 (B), B wins; group
    totals order processing 1,370/1,469, inventory management 1,017/1,079, warehousing
    741/752."""
    ratings, weights = laudon()
    table = weighted_sum(ratings, weights)
    assert table.loc["ERP System A", "Weighted total"] == pytest.approx(3128)
    assert table.loc["ERP System B", "Weighted total"] == pytest.approx(3300)
    assert table.loc["ERP System B", "Rank"] == 1
    groups = {"order": (LAUDON[:5], 1370, 1469), "inventory": (LAUDON[5:9], 1017, 1079),
              "warehousing": (LAUDON[9:], 741, 752)}
    for rows, a_total, b_total in groups.values():
        sub = weighted_sum(ratings[[r[0] for r in rows]], {r[0]: r[1] for r in rows})
        assert sub["Weighted total"].tolist() == pytest.approx([a_total, b_total])
    # The normalised score is the total divided by the sum of the weights (42).
    assert sum(weights.values()) == 42
    assert table["Weighted score"].tolist() == pytest.approx([3128 / 42, 3300 / 42])


def test_weighted_sum_model_example_of_triantaphyllou():
    """Triantaphyllou (2000), Multi-Criteria Decision Making Methods, ch. 2, as given in
    Wikipedia's "Weighted sum model" article: weights 0.20, 0.15, 0.40, 0.25; A1 scores
    21.50 and A2 22.00. A3 (30, 10, 30, 10) works out at 22.00 as well (some copies print
    20.00, an arithmetic slip), so A2 and A3 tie and the order of listing decides."""
    ratings = pd.DataFrame([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
                           index=["A1", "A2", "A3"], columns=["C1", "C2", "C3", "C4"])
    table = weighted_sum(ratings, {"C1": 0.20, "C2": 0.15, "C3": 0.40, "C4": 0.25})
    assert table["Weighted score"].tolist() == pytest.approx([21.5, 22.0, 22.0])
    assert table["Rank"].tolist() == [3, 1, 2]


def test_contributions_add_up_and_bad_input_is_refused():
    ratings, weights = laudon()
    table = weighted_sum(ratings, weights)
    parts = table[list(ratings.columns)].sum(axis=1)
    assert parts.tolist() == pytest.approx(table["Weighted score"].tolist())
    with pytest.raises(ValueError, match="cannot all be zero"):
        check_weights({"a": 0, "b": 0}, ["a", "b"])
    with pytest.raises(TypeError, match=r"Weight of a must be a number \(you entered True\)"):
        check_weights({"a": True}, ["a", "b"])
    with pytest.raises(ValueError, match=r"ordinary number \(you entered nan\)"):
        check_weights({"a": float("nan")}, ["a", "b"])
    with pytest.raises(ValueError, match="Unknown aspect 'z' in the weights; the aspects are"):
        check_weights({"z": 1}, ["a", "b"], noun="aspect")
    with pytest.raises(TypeError):
        check_weights([1, 2], ["a", "b"])
    with pytest.raises(ValueError, match="NaN"):
        weighted_sum(pd.DataFrame({"a": [1.0, np.nan]}), {"a": 1})
    with pytest.raises(TypeError):
        weighted_sum([[1, 2]], {"a": 1})


matrices = st.integers(2, 5).flatmap(lambda n: st.integers(2, 5).flatmap(lambda m: st.tuples(
    st.lists(st.lists(st.integers(1, 5), min_size=m, max_size=m), min_size=n, max_size=n),
    st.lists(st.integers(0, 10), min_size=m, max_size=m).filter(lambda w: sum(w) > 0))))


def _frame(rows):
    return pd.DataFrame(rows, index=[f"o{i}" for i in range(len(rows))],
                        columns=[f"c{j}" for j in range(len(rows[0]))], dtype=float)


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.01, 1000))
def test_ranking_is_invariant_to_scaling_all_weights(data, factor):
    rows, w = data
    ratings = _frame(rows)
    weights = dict(zip(ratings.columns, map(float, w)))
    a = weighted_sum(ratings, weights)
    b = weighted_sum(ratings, {k: v * factor for k, v in weights.items()})
    assert a["Rank"].tolist() == b["Rank"].tolist()
    assert a["Weighted score"].tolist() == pytest.approx(b["Weighted score"].tolist())


def _leader_at(r: np.ndarray, w: np.ndarray, j: int, p: float) -> int:
    """An independent recomputation: give criterion j the share p, the others keep their
    proportions (equal when they all weigh 0), and find the leader."""
    others = np.delete(np.arange(len(w)), j)
    wo = w[others] if w[others].sum() > 0 else np.ones(len(others))
    shares = np.zeros(len(w))
    shares[others] = (1 - p) * wo / wo.sum()
    shares[j] = p
    return leader_of(r @ shares)


@settings(max_examples=80, deadline=None)
@given(matrices)
def test_crossings_flip_the_winner_just_past_them_and_not_before(data):
    rows, w = data
    ratings = _frame(rows)
    r, wv = ratings.to_numpy(), np.array(w, dtype=float)
    names = list(ratings.index)
    eps = 1e-7
    for c in weight_crossings(ratings, dict(zip(ratings.columns, wv))):
        j = list(ratings.columns).index(c.criterion)
        leader = names.index(c.leader)
        sign = 1 if c.direction == "up" else -1
        if c.share_at is None:
            # No change anywhere between now and the end of the range (checked on a grid).
            ends = np.linspace(c.share_now, 1.0 if sign > 0 else 0.0, 41)
            assert all(_leader_at(r, wv, j, p) == leader for p in ends[1:-1])
            continue
        assert 0 <= c.share_at <= 1
        past = c.share_at + sign * eps
        assert _leader_at(r, wv, j, past) == names.index(c.new_leader)
        before = c.share_at - sign * eps
        if (before - c.share_now) * sign > 0:
            assert _leader_at(r, wv, j, before) == leader
        # Nowhere between now and the crossing does another option lead.
        for p in np.linspace(c.share_now, c.share_at, 21)[1:-1]:
            assert _leader_at(r, wv, j, p) == leader


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def _two():
    return pd.DataFrame({"a": [5, 3], "b": [2, 5]}, index=["X", "Y"])


def test_weights_whose_total_overflows_are_refused():
    with pytest.raises(ValueError, match="The weights are too large to add up"):
        check_weights({"a": 1e308, "b": 1e308}, ["a", "b"])
    for fn in (weighted_sum, weight_crossings):
        with pytest.raises(ValueError, match="too large to add up"):
            fn(_two(), {"a": 1e308, "b": 1e308})


@pytest.mark.parametrize("column, kind, text", [
    (["x", 3], TypeError, r"Rating of X on a must be a number \(you entered 'x'\)"),
    ([True, False], TypeError, r"Rating of X on a must be a number \(you entered True\)"),
    (pd.array([1, None], dtype="Int64"), ValueError,
     r"Rating of Y on a must be an ordinary number, not NaN or infinity \(you entered <NA>\)"),
])
def test_ratings_that_are_not_numbers_are_named_cell_by_cell(column, kind, text):
    ratings = _two().astype(object).assign(a=column)
    for fn in (weighted_sum, weight_crossings):
        with pytest.raises(kind, match=text):
            fn(ratings, {"a": 1, "b": 1})


def test_duplicate_options_or_criteria_are_refused():
    for fn in (weighted_sum, weight_crossings):
        with pytest.raises(ValueError, match="Option 'X' appears twice in the ratings"):
            fn(_two().set_axis(["X", "X"]), {"a": 1, "b": 1})
        with pytest.raises(ValueError, match="Criterion 'a' appears twice in the ratings"):
            fn(_two().set_axis(["a", "a"], axis=1), {"a": 1})


def test_weighted_totals_that_overflow_are_refused():
    ratings = pd.DataFrame({"a": [1e308, 1.0], "b": [1e308, 1.0]}, index=["X", "Y"])
    with pytest.raises(ValueError, match="too large to compute"):
        weighted_sum(ratings, {"a": 10, "b": 10})
