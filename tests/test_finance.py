"""implcourse.finance against independent computations.

Each function is compared with a computation written here from the
definition (an explicit Python loop, numpy-financial, or a root found by
scipy's Brent method), on hand-picked series and on random ones drawn by
hypothesis; then the validation of every public function is checked
message by message.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from implcourse import finance
from implcourse.finance import (IRR_TOLERANCE, TCO_CATEGORIES, benefit_cost_ratio,
                                discount_factors, discounted_payback_period, evaluate, irr,
                                irr_all, npv, npv_profile, payback_period, roi, spreadsheet_npv,
                                tco)
from implcourse.limits import MAX_PERIODS, MAX_SIMULATION_CELLS

FAST = settings(max_examples=100, deadline=None)


# --------------------------------------------------------------------------
# Independent reference computations
# --------------------------------------------------------------------------

def npv_loop(rate, flows):
    """NPV with the first amount at t = 0, summed term by term."""
    total = 0.0
    for t, amount in enumerate(flows):
        total += amount / (1 + rate) ** t
    return total


def sheet_npv_loop(rate, values):
    """A spreadsheet's NPV: the first value one period from now."""
    total = 0.0
    for i, amount in enumerate(values, start=1):
        total += amount / (1 + rate) ** i
    return total


def payback_loop(flows):
    """Year-by-year payback: the first period whose running total is >= 0,
    interpolated linearly within that period; 0 if nothing is owed at t = 0;
    inf if the running total never gets there. As the package documents, a
    total that is zero up to rounding (a billionth of the largest flow) counts
    as zero: -100 + 110 / 1.1 pays back."""
    running = 0.0
    slack = 1e-9 * max((abs(a) for a in flows), default=0.0)
    for t, amount in enumerate(flows):
        before = running
        running += amount
        if running >= -slack:
            return 0.0 if t == 0 else (t - 1) + min(max(-before / amount, 0.0), 1.0)
    return math.inf


def discounted_payback_loop(rate, flows):
    return payback_loop([c / (1 + rate) ** t for t, c in enumerate(flows)])


def irr_or_nan(flows):
    try:
        return irr(flows)
    except ValueError:
        return math.nan


def same(a, b, rel=1e-9, abs_=1e-9):
    """Equal floats, with inf == inf and nan == nan."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


# --------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------

rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False)
amounts = st.integers(min_value=-10_000, max_value=10_000).map(float)
series = st.lists(amounts, min_size=1, max_size=12)


@st.composite
def conventional(draw):
    """An investment at t = 0, then non-negative returns, at least one positive."""
    start = -float(draw(st.integers(min_value=1, max_value=10_000)))
    later = draw(st.lists(st.integers(min_value=0, max_value=10_000).map(float),
                          min_size=1, max_size=10))
    assume(any(x > 0 for x in later))
    return [start, *later]


@st.composite
def multi_sign(draw):
    """Any series with at least one positive and one negative amount."""
    flows = draw(st.lists(st.integers(min_value=-1_000, max_value=1_000).map(float),
                          min_size=2, max_size=8))
    assume(any(x > 0 for x in flows) and any(x < 0 for x in flows))
    return flows


@st.composite
def tables(draw):
    """A 2-D array of series of one length, mixing ordinary rows with rows
    with leading zeros, trailing zeros, all zeros and no sign change."""
    width = draw(st.integers(min_value=2, max_value=8))
    row = st.lists(amounts, min_size=width, max_size=width)
    rows = draw(st.lists(row, min_size=1, max_size=6))
    half = width // 2
    lead = [0.0] * half + [-500.0] + [300.0] * (width - half - 1)
    trail = [-500.0, 300.0] + [0.0] * (width - 2)
    extras = [lead, trail, [0.0] * width, [100.0] * width, [-100.0] * width]
    picks = draw(st.lists(st.sampled_from(extras), max_size=3))
    table = rows + picks
    order = draw(st.permutations(range(len(table))))
    return np.array([table[i] for i in order])


# --------------------------------------------------------------------------
# ROI
# --------------------------------------------------------------------------

@FAST
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=5),
       st.lists(st.floats(1, 1e6), min_size=1, max_size=5))
def test_roi_is_net_benefit_over_cost(benefits, costs):
    expected = (math.fsum(benefits) - math.fsum(costs)) / math.fsum(costs)
    assert math.isclose(roi(benefits, costs), expected, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(roi(math.fsum(benefits), math.fsum(costs)), expected,
                        rel_tol=1e-9, abs_tol=1e-12)


def test_roi_examples():
    assert roi(150, 100) == 0.5
    assert roi(50, 100) == -0.5
    assert roi(0, 100) == -1.0
    assert roi(np.array([10.0, 20.0]), (15, 15)) == 0.0


# --------------------------------------------------------------------------
# NPV
# --------------------------------------------------------------------------

@FAST
@given(rates, series)
def test_npv_matches_loop_and_numpy_financial(rate, flows):
    value = npv(rate, flows)
    scale = npv_loop(rate, [abs(c) for c in flows]) + 1.0
    assert isinstance(value, float)
    assert abs(value - npv_loop(rate, flows)) <= 1e-9 * scale
    assert abs(value - npf.npv(rate, flows)) <= 1e-9 * scale


@FAST
@given(rates, series)
def test_spreadsheet_npv_discounts_the_first_value(rate, values):
    scale = sheet_npv_loop(rate, [abs(c) for c in values]) + 1.0
    assert abs(spreadsheet_npv(rate, values) - sheet_npv_loop(rate, values)) <= 1e-9 * scale


@FAST
@given(rates, st.lists(amounts, min_size=2, max_size=12))
def test_spreadsheet_npv_of_later_flows_plus_initial_is_npv(rate, flows):
    scale = npv_loop(rate, [abs(c) for c in flows]) + 1.0
    assert abs(spreadsheet_npv(rate, flows[1:]) + flows[0] - npv(rate, flows)) <= 1e-9 * scale


def test_npv_hand_computed():
    # -1000 + 500/1.1 + 500/1.21 + 500/1.331
    assert math.isclose(npv(0.1, [-1000, 500, 500, 500]), 243.4259954921112, rel_tol=1e-12)
    assert npv(0.0, [-3, 1, 1, 1]) == 0.0
    assert npv(0.5, [7]) == 7.0  # a single amount today is not discounted
    assert math.isclose(npv(-0.5, [0, 1]), 2.0)  # negative rates above -100 % are allowed


def test_discount_factors():
    assert discount_factors(0.1, 1).tolist() == [1.0]
    factors = discount_factors(0.1, 4)
    assert np.allclose(factors, [1 / 1.1 ** t for t in range(4)], rtol=1e-14)
    assert np.allclose(discount_factors(0.0, 3), [1, 1, 1])


# --------------------------------------------------------------------------
# IRR
# --------------------------------------------------------------------------

@FAST
@given(conventional())
def test_irr_of_conventional_series(flows):
    rate = irr(flows)
    scale = sum(abs(c) for c in flows)
    assert rate > -1
    assert abs(npv_loop(rate, flows)) <= 1e-7 * scale * max(1.0, (1 + rate) ** -len(flows))
    assert math.isclose(rate, npf.irr(flows), rel_tol=1e-7, abs_tol=1e-9)
    # NPV falls from positive (just above -100 %) to negative (a huge rate):
    # exactly one root in between, found by Brent's method.
    root = brentq(lambda r: npv_loop(r, flows), -1 + 1e-6, 1e6, xtol=1e-14, rtol=1e-13,
                  maxiter=500)
    assert math.isclose(rate, root, rel_tol=1e-7, abs_tol=1e-9)
    assert irr_all(flows) == pytest.approx([rate], rel=1e-9, abs=1e-12)


def roots_by_numpy(flows):
    """Every real IRR > -1 of a series by numpy.roots (numpy-financial's
    method), independent of the package, sorted; with the NPV of each."""
    values = np.trim_zeros(np.asarray(flows, dtype=float), "b")
    roots = np.roots(values[::-1])
    real = roots[(np.abs(roots.imag) <= 1e-9 * np.abs(roots)) & (roots.real > 0)].real
    return sorted(1 / real - 1)


def exact_npv(rate, flows):
    """The NPV at the float ``rate``, in exact rational arithmetic."""
    x = 1 / (1 + Fraction(rate))
    return float(sum(Fraction(c) * x ** t for t, c in enumerate(flows)))


@FAST
@given(multi_sign())
def test_irr_of_multi_sign_series(flows):
    rates_found = irr_all(flows)
    assert rates_found == sorted(rates_found)
    size = sum(abs(c) for c in flows)
    for rate in rates_found:  # every IRR is a true root, checked exactly
        assert rate > -1
        assert abs(exact_npv(rate, flows)) <= IRR_TOLERANCE * size, (flows, rate)
    # Each well-conditioned root that numpy.roots finds is among them.
    for root in roots_by_numpy(flows):
        spread = sum(abs(c) * (1 + root) ** -t for t, c in enumerate(flows))
        if spread <= 1e3 * size and abs(exact_npv(root, flows)) <= 1e-11 * size:
            assert any(math.isclose(root, r, rel_tol=1e-6, abs_tol=1e-8) for r in rates_found)
    if not rates_found:
        with pytest.raises(ValueError, match="cashflows"):
            irr(flows)
        return
    # The choice: numpy-financial's current rule, the smallest rate >= 0, or
    # the negative one closest to zero when every IRR is negative.
    chosen = irr(flows)
    gains = [r for r in rates_found if r >= 0]
    assert chosen == (min(gains) if gains else max(rates_found))


def test_irr_hand_computed():
    assert math.isclose(irr([-100, 110]), 0.1)
    assert math.isclose(irr([-100, 0, 121]), 0.1)
    assert math.isclose(irr([0, 0, -100, 0, 121, 0, 0]), 0.1)  # leading and trailing zeros
    assert math.isclose(irr([100, -110]), 0.1)  # a loan: money first, repayment later
    assert math.isclose(irr([-100, 50]), -0.5)
    assert math.isclose(irr([-100, 100]), 0.0, abs_tol=1e-12)
    # Two IRRs of -1,600, +10,000, -10,000: 25 % and 400 %.
    assert irr_all([-1600, 10000, -10000]) == pytest.approx([0.25, 4.0])
    assert irr_all([5, 6]) == []
    assert irr_all([0, 0]) == []


def test_irr_without_a_real_root():
    # 1 - x + x^2 (x = 1/(1+r)) has no real root, though the signs change.
    assert irr_all([1, -1, 1]) == []
    with pytest.raises(ValueError, match="no real internal rate of return"):
        irr([1, -1, 1])


@pytest.mark.parametrize("flows", [[1, 2, 3], [-1, -2], [0, 0, 0], [5]])
def test_irr_without_a_sign_change(flows):
    with pytest.raises(ValueError, match="cashflows never change sign"):
        irr(flows)


# --------------------------------------------------------------------------
# Payback
# --------------------------------------------------------------------------

@FAST
@given(series)
def test_payback_matches_year_by_year_loop(flows):
    assert same(payback_period(flows), payback_loop(flows))


@FAST
@given(rates, series)
def test_discounted_payback_matches_loop(rate, flows):
    assert same(discounted_payback_period(rate, flows), discounted_payback_loop(rate, flows),
                rel=1e-7, abs_=1e-9)


@FAST
@given(series)
def test_discounted_payback_at_zero_rate_is_payback(flows):
    assert same(discounted_payback_period(0.0, flows), payback_period(flows), rel=0, abs_=0)


@FAST
@given(st.floats(min_value=1e-4, max_value=1.0), conventional())
def test_discounted_payback_is_never_shorter(rate, flows):
    assert discounted_payback_period(rate, flows) >= payback_period(flows) - 1e-12


def test_payback_hand_computed():
    assert payback_period([-1000, 500, 500, 500]) == 2.0
    assert payback_period([-1000, 400, 400, 400]) == 2.5
    assert payback_period([-100, 20, 20]) == math.inf
    assert payback_period([0, -100, 200]) == 0.0  # nothing owed at t = 0
    assert payback_period([50, -100, 200]) == 0.0
    assert payback_period([-100, 150, -100, 10]) == pytest.approx(100 / 150)  # first crossing
    assert discounted_payback_period(0.1, [-100, 110]) == pytest.approx(1.0)
    assert discounted_payback_period(0.1, [-100, 100]) == math.inf


# --------------------------------------------------------------------------
# Benefit-cost ratio
# --------------------------------------------------------------------------

positive = st.integers(min_value=0, max_value=10_000).map(float)


@st.composite
def benefit_cost_pairs(draw):
    n = draw(st.integers(min_value=1, max_value=10))
    benefits = draw(st.lists(positive, min_size=n, max_size=n))
    costs = draw(st.lists(positive, min_size=n, max_size=n))
    assume(any(c > 0 for c in costs))
    return benefits, costs


@FAST
@given(rates, benefit_cost_pairs())
def test_bcr_is_ratio_of_present_values(rate, pair):
    benefits, costs = pair
    expected = npv_loop(rate, benefits) / npv_loop(rate, costs)
    assert math.isclose(benefit_cost_ratio(rate, benefits, costs), expected,
                        rel_tol=1e-9, abs_tol=1e-12)


@FAST
@given(rates, benefit_cost_pairs())
def test_bcr_above_one_iff_npv_positive(rate, pair):
    benefits, costs = pair
    net = npv_loop(rate, [b - c for b, c in zip(benefits, costs)])
    assume(abs(net) > 1e-6 * npv_loop(rate, [b + c for b, c in zip(benefits, costs)]))
    assert (benefit_cost_ratio(rate, benefits, costs) > 1) == (net > 0)


@FAST
@given(rates, benefit_cost_pairs())
def test_evaluate_gathers_the_separate_results(rate, pair):
    benefits, costs = pair
    flows = [b - c for b, c in zip(benefits, costs)]
    result = finance.evaluate(rate, benefits, costs)
    expected = {
        "npv": npv_loop(rate, flows),
        "irr": irr_or_nan(flows),
        "roi": (sum(benefits) - sum(costs)) / sum(costs),
        "payback": payback_loop(flows),
        "discounted_payback": discounted_payback_loop(rate, flows),
        "bcr": npv_loop(rate, benefits) / npv_loop(rate, costs),
        "total_costs": sum(costs),
        "total_benefits": sum(benefits),
    }
    assert set(result) == set(expected)
    scale = npv_loop(rate, [b + c for b, c in zip(benefits, costs)]) + 1
    for key, value in expected.items():
        assert same(result[key], value, rel=1e-7, abs_=1e-9 * scale), key


# --------------------------------------------------------------------------
# 2-D inputs: one series per row
# --------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(rates, tables())
def test_two_d_results_equal_row_by_row_results(rate, table):
    rows = [row.tolist() for row in table]
    expected_npv = [npv(rate, row) for row in rows]
    expected_irr = [irr_or_nan(row) for row in rows]
    expected_payback = [payback_period(row) for row in rows]
    expected_discounted = [discounted_payback_period(rate, row) for row in rows]

    got = npv(rate, table)
    assert isinstance(got, np.ndarray) and got.shape == (len(rows),)
    assert np.allclose(got, expected_npv, rtol=1e-12, atol=1e-9)
    got_irr = irr(table)
    assert got_irr.shape == (len(rows),)
    assert all(same(a, b, rel=1e-9, abs_=1e-12) for a, b in zip(got_irr, expected_irr))
    assert all(same(a, b) for a, b in zip(payback_period(table), expected_payback))
    assert all(same(a, b) for a, b in
               zip(discounted_payback_period(rate, table), expected_discounted))
    # And against the independent loops.
    assert all(same(a, payback_loop(row)) for a, row in zip(payback_period(table), rows))


def test_two_d_irr_special_rows():
    table = [
        [-100, 110, 0, 0],     # trailing zeros
        [0, -100, 0, 121],     # leading zeros
        [-100, 0, 121, 0],     # zeros in between
        [100, 100, 0, 0],      # no sign change
        [0, 0, 0, 0],          # nothing at all
        [1, -1, 1, 0],         # sign changes, no real root
        [-1600, 10000, -10000, 0],  # two IRRs: the smallest >= 0
    ]
    got = irr(table)
    assert np.allclose(got[[0, 1, 2, 6]], [0.1, 0.1, 0.1, 0.25], rtol=1e-9)
    assert np.isnan(got[[3, 4, 5]]).all()
    assert payback_period(table)[[3, 4]].tolist() == [0.0, 0.0]
    assert np.isinf(payback_period([[-1, 0], [-1, -1]])).all()


@FAST
@given(tables(), st.data())
def test_npv_rate_per_row(table, data):
    row_rates = data.draw(st.lists(rates, min_size=len(table), max_size=len(table)))
    got = npv(np.array(row_rates), table)
    expected = [npv_loop(r, row) for r, row in zip(row_rates, table.tolist())]
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-6)
    got_list = npv(row_rates, table)  # a plain list works too
    assert np.allclose(got_list, expected, rtol=1e-9, atol=1e-6)
    discounted = discounted_payback_period(np.array(row_rates), table)
    assert all(same(a, discounted_payback_loop(r, row), rel=1e-7)
               for a, r, row in zip(discounted, row_rates, table.tolist()))


# --------------------------------------------------------------------------
# TCO
# --------------------------------------------------------------------------

@FAST
@given(st.dictionaries(st.sampled_from(TCO_CATEGORIES), st.just(None), min_size=1),
       st.integers(min_value=1, max_value=8), st.data())
def test_tco_table(categories, years, data):
    costs = {c: data.draw(st.lists(positive, min_size=years, max_size=years))
             for c in categories}
    frame = tco(costs)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [*TCO_CATEGORIES, "total"]
    assert frame.index.name == "year"
    assert frame.index.tolist() == list(range(years))
    for category in TCO_CATEGORIES:
        expected = costs.get(category, [0.0] * years)
        assert frame[category].tolist() == expected
    for year in range(years):
        assert math.isclose(frame.loc[year, "total"],
                            math.fsum(v[year] for v in costs.values()), abs_tol=1e-9)
    assert math.isclose(frame["total"].sum(), math.fsum(sum(costs.values(), [])), abs_tol=1e-6)


def test_tco_example():
    frame = tco({"training": [10, 0], "acquisition": [100, 0], "support": [0, 20]})
    assert frame["total"].tolist() == [110.0, 20.0]
    assert frame["downtime"].tolist() == [0.0, 0.0]
    assert list(frame.columns)[0] == "acquisition"


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    # NaN and infinite amounts, named with their position.
    (lambda: npv(0.1, [1, math.nan]), ValueError, r"cashflows\[1\] must be a finite number"),
    (lambda: npv(0.1, [[1, 2], [3, math.inf]]), ValueError, r"cashflows\[1, 1\]"),
    (lambda: irr([-1, math.inf]), ValueError, r"cashflows\[1\]"),
    (lambda: payback_period([math.nan]), ValueError, r"cashflows\[0\]"),
    (lambda: spreadsheet_npv(0.1, [-math.inf]), ValueError, r"values\[0\]"),
    (lambda: roi([1, math.nan], 1), ValueError, r"benefits\[1\]"),
    (lambda: roi(1, math.inf), ValueError, "costs"),
    (lambda: benefit_cost_ratio(0.1, [1, 2], [1, math.nan]), ValueError, r"costs\[1\]"),
    (lambda: tco({"training": [math.nan]}), ValueError, "costs\\['training'\\]"),
    # Empty sequences.
    (lambda: npv(0.1, []), ValueError, "cashflows must not be empty"),
    (lambda: npv(0.1, [[]]), ValueError, "cashflows must not be empty"),
    (lambda: irr([]), ValueError, "cashflows must not be empty"),
    (lambda: irr_all([]), ValueError, "cashflows must not be empty"),
    (lambda: payback_period([]), ValueError, "cashflows must not be empty"),
    (lambda: spreadsheet_npv(0.1, []), ValueError, "values must not be empty"),
    (lambda: benefit_cost_ratio(0.1, [], []), ValueError, "benefits must not be empty"),
    (lambda: roi([], 1), ValueError, "benefits must not be empty"),
    (lambda: tco({}), ValueError, "costs must name at least one category"),
    # Rates of -100 % or less, or not numbers.
    (lambda: npv(-1, [1, 2]), ValueError, "rate must be > -1"),
    (lambda: npv(-1.5, [1, 2]), ValueError, "rate must be > -1"),
    (lambda: spreadsheet_npv(-1, [1]), ValueError, "rate must be > -1"),
    (lambda: discounted_payback_period(-2, [-1, 2]), ValueError, "rate must be > -1"),
    (lambda: benefit_cost_ratio(-1, [1], [1]), ValueError, "rate must be > -1"),
    (lambda: discount_factors(-1, 3), ValueError, "rate must be > -1"),
    (lambda: npv(math.nan, [1]), ValueError, "rate must be a finite number"),
    (lambda: npv("0.1", [1]), TypeError, "rate must be a number"),
    (lambda: npv(None, [1]), TypeError, "rate must be a number"),
    (lambda: npv(True, [1]), TypeError, "rate must be a number"),
    (lambda: npv([0.1, -1], [[1], [2]]), ValueError, "rate must be > -1"),
    (lambda: npv([0.1], [[1], [2]]), ValueError,
     r"rate must be one number or one per row of cashflows: cashflows has shape \(2, 1\) "
     r"\(2 rows\), rate has shape \(1,\)"),
    (lambda: npv([0.1], [1, 2]), TypeError, "rate must be a number for a single series"),
    (lambda: discounted_payback_period([0.1, 0.2, 0.3], [[1], [2]]), ValueError, "rate"),
    # Mismatched lengths.
    (lambda: benefit_cost_ratio(0.1, [1, 2], [1, 2, 3]), ValueError,
     "benefits and costs must have the same length"),
    (lambda: tco({"training": [1, 2], "support": [1]}), ValueError,
     "costs must give every category the same number of years"),
    # Strings, mappings and other non-sequences.
    (lambda: npv(0.1, "100"), TypeError, "cashflows must be a sequence of amounts"),
    (lambda: npv(0.1, b"\x01"), TypeError, "cashflows must be a sequence of amounts"),
    (lambda: npv(0.1, [-100, "a lot"]), TypeError,
     r"cashflows\[1\] must be a number, got str 'a lot'"),
    (lambda: npv(0.1, {0: -100, 1: 50}), TypeError, "cashflows must be a sequence"),
    (lambda: npv(0.1, 5), TypeError, "cashflows must be a sequence"),
    (lambda: npv(0.1, None), TypeError, "cashflows must be a sequence"),
    (lambda: irr("-1,2"), TypeError, "cashflows"),
    (lambda: irr_all({"a": 1}), TypeError, "cashflows"),
    (lambda: payback_period("abc"), TypeError, "cashflows"),
    (lambda: spreadsheet_npv(0.1, "12"), TypeError, "values"),
    (lambda: roi("100", 50), TypeError, "benefits"),
    (lambda: roi(100, ["50", None, "x"]), TypeError, "costs"),
    (lambda: benefit_cost_ratio(0.1, "12", [1, 2]), TypeError, "benefits"),
    (lambda: benefit_cost_ratio(0.1, [1, 2], {"a": 1}), TypeError, "costs"),
    (lambda: tco([("training", [1])]), TypeError, "costs must be a mapping"),
    (lambda: tco({"training": "12"}), TypeError, "costs\\['training'\\]"),
    # Arrays of the wrong shape.
    (lambda: npv(0.1, [[1, 2], [3]]), (TypeError, ValueError), "cashflows"),
    (lambda: npv(0.1, np.zeros((2, 2, 2))), ValueError, "cashflows must be a sequence"),
    (lambda: irr(np.ones((1, 2, 2))), ValueError, "cashflows"),
    (lambda: payback_period([[[1]]]), ValueError, "cashflows"),
    (lambda: spreadsheet_npv(0.1, [[1, 2]]), ValueError, "values must be a sequence"),
    (lambda: irr_all([[-1, 2]]), ValueError, "cashflows must be a sequence"),
    (lambda: npv(0.1, np.float64(3.0)), TypeError, "cashflows must be a sequence"),
    # Negative amounts where only positive ones make sense.
    (lambda: benefit_cost_ratio(0.1, [1, -1], [1, 1]), ValueError,
     "benefits must be positive amounts, got -1.0"),
    (lambda: benefit_cost_ratio(0.1, [1, 1], [1, -2]), ValueError,
     "costs must be positive amounts, got -2.0"),
    (lambda: benefit_cost_ratio(0.1, [1, 1], [0, 0]), ValueError, "costs must not all be zero"),
    (lambda: tco({"training": [1, -5]}), ValueError, "costs\\['training'\\] must be positive"),
    # Unknown TCO categories.
    (lambda: tco({"consultants": [1]}), ValueError, "costs has unknown category 'consultants'"),
    (lambda: tco({"training": [1], "Training": [1]}), ValueError, "'Training'"),
    # ROI needs costs.
    (lambda: roi(100, 0), ValueError, "costs must total more than 0, got 0.0"),
    (lambda: roi(100, [10, -10]), ValueError, "costs must total more than 0"),
    (lambda: roi(100, -5), ValueError, "costs must total more than 0"),
    # discount_factors needs a whole number of periods, at least one.
    (lambda: discount_factors(0.1, 0), ValueError, "periods must be >= 1"),
    (lambda: discount_factors(0.1, -3), ValueError, "periods must be >= 1"),
])
def test_validation(call, error, message):
    with pytest.raises(error, match=message):
        call()


# The project's convention (implcourse.validation.check_int, check_number):
# a value of the wrong *type* is a TypeError naming the parameter, a value
# of the right type but out of range a ValueError. These follow it.

@pytest.mark.parametrize("periods", [2.5, "3", True])
def test_discount_factors_non_integer_periods_is_type_error(periods):
    with pytest.raises(TypeError, match="periods"):
        discount_factors(0.1, periods)


@pytest.mark.parametrize("call, name", [
    (lambda: npv(0.1, [-100, "50"]), "cashflows"),
    (lambda: npv(0.1, [[-100, 50], [-100, "60"]]), "cashflows"),
    (lambda: irr(["-100", 110]), "cashflows"),
    (lambda: payback_period([-100, "150"]), "cashflows"),
    (lambda: spreadsheet_npv(0.1, ["10", "20"]), "values"),
    (lambda: roi(["100"], [50]), "benefits"),
    (lambda: benefit_cost_ratio(0.1, [1, 2], [1, "2"]), "costs"),
    (lambda: tco({"training": ["10"]}), "training"),
])
def test_numeric_strings_inside_a_sequence_are_refused(call, name):
    # A list containing a string is not a list of amounts, even when the
    # string happens to spell a number: "50" must not silently become 50.0.
    with pytest.raises(TypeError, match=name):
        call()


@pytest.mark.parametrize("call, name", [
    (lambda: npv(0.1, [-1, True]), "cashflows"),
    (lambda: roi([True], [1]), "benefits"),
])
def test_booleans_inside_a_sequence_are_refused(call, name):
    # check_number refuses True as a number; a sequence should too
    # (roi(True, 1) already raises TypeError, roi([True], [1]) should as well).
    with pytest.raises(TypeError, match=name):
        call()


def test_public_names():
    assert set(finance.__all__) >= {"roi", "npv", "spreadsheet_npv", "irr", "irr_all",
                                    "payback_period", "discounted_payback_period",
                                    "benefit_cost_ratio", "discount_factors", "tco",
                                    "TCO_CATEGORIES"}
    assert len(TCO_CATEGORIES) == len(set(TCO_CATEGORIES)) == 8


# --------------------------------------------------------------------------
# Issue 11: true roots, long series, overflow and the boundary
# --------------------------------------------------------------------------

def test_issue_44_series_gives_the_spreadsheet_irr():
    # numpy-financial issue 44, the course issue's example: 1,678.87 invested,
    # 18,034.16 returned over six years, then -1. Spreadsheets: +100.4 %.
    flows = [-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, -1]
    assert math.isclose(sum(flows[1:-1]), 18_034.16)
    rate = irr(flows)
    assert math.isclose(rate, 1.00427, abs_tol=5e-6)
    assert abs(exact_npv(rate, flows)) <= IRR_TOLERANCE * sum(abs(c) for c in flows)


@st.composite
def long_conventional(draw):
    """An investment, then 65 to 400 periods of returns (the grid path)."""
    periods = draw(st.integers(min_value=66, max_value=400))
    seed = draw(st.integers(min_value=0, max_value=2 ** 32 - 1))
    rng = np.random.default_rng(seed)
    returns = rng.uniform(0, draw(st.sampled_from([10.0, 100.0, 1_000.0])), periods - 1)
    return [-float(draw(st.integers(min_value=1_000, max_value=100_000))), *returns.tolist()]


@settings(max_examples=25, deadline=None)
@given(long_conventional())
def test_irr_of_long_conventional_series_matches_brent(flows):
    rate = irr(flows)
    # Bracket the root between -50 % and 1,000 % (where the NPV is positive
    # and negative), and find it by Brent's method.
    def value(r):  # term by term, (1 + r)^-t underflowing harmlessly to 0
        return math.fsum(c * (1 + r) ** -t for t, c in enumerate(flows))

    assume(value(-0.5) > 0 > value(10.0))
    root = brentq(value, -0.5, 10.0, xtol=1e-15, rtol=1e-14, maxiter=500)
    assert math.isclose(rate, root, rel_tol=1e-9, abs_tol=1e-12)
    assert irr([flows, flows]).tolist() == [rate, rate]


@settings(max_examples=40, deadline=None)
@given(multi_sign())
def test_the_grid_path_finds_what_the_eigenvalue_path_finds(flows):
    # Long series are solved by scanning the NPV's sign; short ones by
    # eigenvalues. Forcing the scan on short series must give the same roots,
    # except where two roots are closer than the scan's step (0.2 %).
    eigen = irr_all(flows)
    original = finance._EIGEN_DEGREE
    try:
        finance._EIGEN_DEGREE = 0
        scanned = irr_all(flows)
    finally:
        finance._EIGEN_DEGREE = original
    for rate in scanned:
        assert any(math.isclose(rate, r, rel_tol=1e-6, abs_tol=1e-9) for r in eigen)
    gaps = [(b - a) / (1 + b) for a, b in zip(eigen, eigen[1:])]
    if all(g > 0.01 for g in gaps):
        assert len(scanned) == len(eigen) or any(r < -0.9 or r > 50 for r in eigen), \
            (flows, eigen, scanned)


def test_long_series_with_several_roots():
    # 300 periods: pay 10,000, receive 100 a period, pay 20,000 at the end
    # (the NPV is -200 at 0 %, +900 at 0.5 %, negative again at high rates).
    flows = [-10_000.0] + [100.0] * 298 + [-20_000.0]
    roots = irr_all(flows)
    size = sum(abs(c) for c in flows)
    assert len(roots) == 2 and 0 < roots[0] < 0.005 < roots[1], roots
    for rate in roots:
        assert abs(exact_npv(rate, flows)) <= IRR_TOLERANCE * size
    by_numpy = [r for r in roots_by_numpy(flows)
                if abs(exact_npv(r, flows)) <= 1e-9 * size]
    for rate in by_numpy:
        assert any(math.isclose(rate, r, rel_tol=1e-6) for r in roots), (rate, roots)


@pytest.mark.parametrize("periods", [MAX_PERIODS + 1, 2_000])
def test_too_many_periods_are_refused_before_the_work(periods):
    flows = [-1.0] + [0.01] * (periods - 1)
    for call in (irr, irr_all, payback_period, lambda f: npv(0.1, f), npv_profile):
        with pytest.raises(ValueError, match=rf"cashflows has {periods:,} periods; the limit "
                                             rf"is {MAX_PERIODS:,}"):
            call(flows)
    with pytest.raises(ValueError, match="periods must be <= 1200"):
        discount_factors(0.1, periods)


def test_the_longest_allowed_series_has_its_irr():
    flows = [-1_000.0] + [1.0] * (MAX_PERIODS - 1)
    rate = irr(flows)
    assert abs(exact_npv(rate, flows)) <= IRR_TOLERANCE * sum(abs(c) for c in flows)


def test_npv_profile_shows_every_irr():
    profile = npv_profile([-1_600, 10_000, -10_000])
    assert list(profile.columns) == ["rate", "npv", "irr"]
    assert profile["rate"].is_monotonic_increasing
    assert profile.loc[profile["irr"], "rate"].tolist() == pytest.approx([0.25, 4.0])
    for rate, value in zip(profile["rate"], profile["npv"]):
        assert math.isclose(value, npv_loop(rate, [-1_600, 10_000, -10_000]), rel_tol=1e-12,
                            abs_tol=1e-9)
    # Between the two IRRs the NPV is positive, outside them negative.
    inside = profile[(profile["rate"] > 0.25) & (profile["rate"] < 4.0)]
    assert (inside["npv"] > 0).all()
    assert (profile.loc[profile["rate"] < 0.25, "npv"] < 0).all()
    # No IRR at all: the default range still starts at 0.
    flat = npv_profile([1, -1, 1])
    assert not flat["irr"].any() and flat["rate"].iloc[0] == 0.0


@pytest.mark.parametrize("call, error, message", [
    (lambda: npv_profile([-1, 2], rates=[0.1, -1]), ValueError, "rates must all be > -1"),
    (lambda: npv_profile([-1, 2], rates="abc"), TypeError, "rates must be a sequence"),
    (lambda: npv_profile([-1, 2], rates=[0.1, "x"]), TypeError, r"rates\[1\] must be a number"),
    (lambda: npv_profile([[-1, 2]]), ValueError, "cashflows must be a sequence"),
    (lambda: npv_profile([1] * 400, rates=[-0.9]), ValueError,
     "rate -0.9 is too close to -100 % for 400 periods"),
])
def test_npv_profile_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


BIG = 1e308


@pytest.mark.parametrize("call, message", [
    (lambda: npv(0.1, [BIG, BIG]), "NPV cannot be computed"),
    (lambda: npv(0.1, [[1, 2], [BIG, BIG]]), "NPV cannot be computed"),
    (lambda: spreadsheet_npv(-0.5, [BIG] * 3), "NPV cannot be computed"),
    (lambda: roi([BIG, BIG], 1), "the total of benefits cannot be computed"),
    (lambda: roi(BIG, 1e-308), "ROI cannot be computed"),
    (lambda: benefit_cost_ratio(0.1, [BIG, BIG], [1, 1]),
     "the present value of the benefits cannot be computed"),
    (lambda: benefit_cost_ratio(0.1, [BIG, 0], [1e-300, 0]), "benefit-cost ratio cannot be"),
    (lambda: tco({"training": [BIG], "support": [BIG]}), "the total cost of a year"),
    (lambda: evaluate(0.1, [BIG, BIG], [1, 1]), "cannot be computed"),
    (lambda: payback_period([-BIG, -BIG, 1]), "the cumulative cash flow cannot be computed"),
    (lambda: discounted_payback_period(-0.9, [1e300] * 400), "rate -0.9 is too close to -100 %"),
    (lambda: discount_factors(-0.999, 1200), "rate -0.999 is too close to -100 %"),
    (lambda: npv(-0.999, [1] * 1200), "rate -0.999 is too close to -100 %"),
    (lambda: npv(np.array([0.1, -0.999]), np.ones((2, 1200))), "rate -0.999 is too close"),
])
def test_results_that_overflow_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call, error, message", [
    (lambda: npv(10 ** 400, [1]), ValueError, "rate must be a finite number, got an integer of "
                                              "401 digits"),
    (lambda: npv(0.1, [10 ** 400]), ValueError, r"cashflows\[0\] must be a finite number, got "
                                                r"an integer of 401 digits"),
    (lambda: npv(0.1, [1, None]), TypeError, r"cashflows\[1\] must be a number, got NoneType"),
    (lambda: npv(0.1, [[1, 2], [3]]), ValueError, r"cashflows rows must all have the same "
                                                  r"length, but cashflows\[0\] has 2 amounts "
                                                  r"and cashflows\[1\] has 1"),
    (lambda: npv(0.1, [[1, 2], 3]), ValueError, r"cashflows must be a list of rows"),
    (lambda: spreadsheet_npv(0.1, [1, [2]]), ValueError,
     r"values must be a sequence of amounts, one per period, but values\[1\] is list"),
    (lambda: irr([True, -1]), TypeError, r"cashflows\[0\] must be a number, got bool True"),
    (lambda: irr(np.array([True, False])), TypeError, "cashflows must contain only numbers"),
    (lambda: npv(0.1, {1, 2}), TypeError, "cashflows must be a sequence of amounts"),
    (lambda: npv(0.1, (x for x in [1])), TypeError, "cashflows must be a sequence of amounts"),
    (lambda: npv(0.1, [1 + 2j]), TypeError, r"cashflows\[0\] must be a number, got complex"),
    (lambda: npv(0.1, ["0.5"]), TypeError, r"cashflows\[0\] must be a number, got str '0.5'"),
    (lambda: npv(0.1, np.array(["1"])), TypeError, r"cashflows\[0\] must be a number"),
    (lambda: npv(0.1, np.array([1, None], dtype=object)), TypeError, r"cashflows\[1\]"),
    (lambda: npv([0.1, 0.2, 0.3], [[1, 2], [3, 4]]), ValueError,
     r"cashflows has shape \(2, 2\) \(2 rows\), rate has shape \(3,\)"),
    (lambda: roi(None, 1), TypeError, "benefits must be a number or a sequence"),
    (lambda: roi(1 + 1j, 1), TypeError, "benefits must be a number or a sequence"),
    (lambda: tco({1: [1]}), ValueError, "costs has unknown category 1"),
    (lambda: tco({"training": [10 ** 400]}), ValueError, "an integer of 401 digits"),
    (lambda: npv(0.1, np.broadcast_to(np.zeros(10), (MAX_SIMULATION_CELLS // 10 + 1, 10))),
     ValueError, "the limit is 50,000,000"),
])
def test_boundary_messages_name_the_parameter_and_value(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_integers_beyond_int64_are_numbers():
    assert npv(0.0, [10 ** 20, -1]) == 1e20
    assert npv(0.0, [[10 ** 20, 1], [1, 1]]).tolist() == [1e20, 2.0]


huge_amounts = st.floats(min_value=-1.7e308, max_value=1.7e308, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-0.99, max_value=100), st.lists(huge_amounts, min_size=1, max_size=8))
def test_no_result_is_silently_not_finite(rate, flows):
    # Any finite input: a finite answer, or a ValueError; NaN only as the
    # documented "no IRR" of a row of a 2-D array.
    positive = [abs(x) for x in flows]
    for call in (lambda: npv(rate, flows), lambda: spreadsheet_npv(rate, flows),
                 lambda: irr_all(flows),
                 lambda: roi(positive, positive), lambda: benefit_cost_ratio(rate, positive,
                                                                              positive),
                 lambda: evaluate(rate, positive, positive[::-1]),
                 lambda: npv_profile(flows)["npv"].to_numpy()):
        try:
            result = call()
        except ValueError:
            continue
        values = np.asarray(list(result.values()) if isinstance(result, dict) else result,
                            dtype=float)
        if isinstance(result, dict):  # irr may be NaN, paybacks inf ("never"), by design
            values = np.array([v for k, v in result.items()
                               if k not in ("irr", "payback", "discounted_payback")])
        assert np.isfinite(values).all(), (call, result)
    rows = irr([flows, flows])
    assert np.isnan(rows).all() or np.isfinite(rows).all()


def test_a_stack_of_long_series_is_refused_before_the_work(monkeypatch):
    """Rows longer than the eigenvalue method's reach are searched one by one,
    so too many of them are refused, naming the parameter and the limit."""
    import implcourse.finance as fin

    rows = np.tile(np.r_[-100.0, np.full(99, 2.0)], (3, 1))
    assert np.allclose(fin.irr(rows), fin.irr(rows[0]))
    monkeypatch.setattr(fin, "MAX_LONG_SERIES_ROWS", 2)
    with pytest.raises(ValueError, match=r"cashflows has 3 rows longer than .*MAX_LONG_SERIES_ROWS"):
        fin.irr(rows)
    assert np.allclose(fin.irr(rows[:, :60]), fin.irr(rows[0, :60]))  # short rows: no limit
