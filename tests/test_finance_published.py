"""implcourse.finance against published worked examples.

Every figure below is quoted from the source cited beside it and checked
within the rounding it was published with: a result matches a figure
published to ``d`` decimals when it is within half a unit of the last
published digit (``0.5 * 10**-d``).
"""

from __future__ import annotations

import math

import pytest

from implcourse.finance import (benefit_cost_ratio, discount_factors, discounted_payback_period,
                                irr, irr_all, npv, payback_period, roi, spreadsheet_npv)


def matches(value: float, published: float, decimals: int) -> bool:
    """Whether ``value`` rounds to ``published`` at ``decimals`` decimals."""
    return abs(value - published) <= 0.5 * 10 ** -decimals + 1e-12


# --------------------------------------------------------------------------
# ROI
# --------------------------------------------------------------------------

def test_roi_classic_example():
    # The course's seed article on implementation and upgrade services: an
    # implementation costing 50,000 that brings 100,000 of benefit has an
    # ROI of 100 %.
    assert roi(100_000, 50_000) == 1.0
    assert roi([60_000, 40_000], [20_000, 30_000]) == 1.0


# --------------------------------------------------------------------------
# NPV
# --------------------------------------------------------------------------

def test_excel_npv_example_1():
    # Microsoft Support, "NPV function" (Excel), example 1: rate 10 %; an
    # initial cost of 10,000 one year from today, then annual returns of
    # 3,000, 4,200 and 6,800, all at the end of the year. =NPV(A2, A3:A6)
    # = $1,188.44.
    values = [-10_000, 3_000, 4_200, 6_800]
    assert matches(spreadsheet_npv(0.10, values), 1_188.44, 2)
    # The same thing in the t = 0 convention: nothing happens today.
    assert math.isclose(npv(0.10, [0, *values]), spreadsheet_npv(0.10, values), rel_tol=1e-12)
    assert matches(npv(0.10, [0, *values]), 1_188.44, 2)


def test_excel_npv_example_2():
    # Microsoft Support, "NPV function" (Excel), example 2: rate 8 %, an
    # investment of 40,000 at the start of the first period, returns of
    # 8,000, 9,200, 10,000, 12,000 and 14,500. =NPV(A2, A4:A8) + A3 =
    # $1,922.06; with a further loss of 9,000 in year six,
    # =NPV(A2, A4:A8, -9000) + A3 = ($3,749.47).
    returns = [8_000, 9_200, 10_000, 12_000, 14_500]
    assert matches(spreadsheet_npv(0.08, returns) - 40_000, 1_922.06, 2)
    assert matches(npv(0.08, [-40_000, *returns]), 1_922.06, 2)
    assert matches(spreadsheet_npv(0.08, [*returns, -9_000]) - 40_000, -3_749.47, 2)
    assert matches(npv(0.08, [-40_000, *returns, -9_000]), -3_749.47, 2)


def test_libreoffice_npv_example():
    # LibreOffice Help, "NPV" (Calc financial functions): =NPV(8.75%; 10;
    # 20; 30) = 49.43, the present value of the three payments; with an
    # initial cost of 40 paid at time zero, the net present value is
    # 49.43 - 40 = 9.43.
    assert matches(spreadsheet_npv(0.0875, [10, 20, 30]), 49.43, 2)
    assert matches(spreadsheet_npv(0.0875, [10, 20, 30]) - 40, 9.43, 2)
    assert matches(npv(0.0875, [-40, 10, 20, 30]), 9.43, 2)


def test_numpy_financial_npv_example():
    # numpy-financial documentation, numpy_financial.npv: an investment of
    # 40,000 returning 5,000, 8,000, 12,000 and 30,000 at 8 % has
    # np.round(npf.npv(rate, cashflows), 5) == 3065.22267.
    assert round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5) == 3065.22267


# --------------------------------------------------------------------------
# IRR
# --------------------------------------------------------------------------

def test_excel_irr_example():
    # Microsoft Support, "IRR function" (Excel): a business costing 70,000
    # with net income of 12,000, 15,000, 18,000, 21,000 and 26,000 over
    # five years. =IRR(A2:A6) after four years -2.1 %, =IRR(A2:A7) after
    # five years 8.7 %, =IRR(A2:A4,-10%) after two years -44.4 %.
    flows = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
    assert matches(100 * irr(flows[:5]), -2.1, 1)
    assert matches(100 * irr(flows), 8.7, 1)
    assert matches(100 * irr(flows[:3]), -44.4, 1)


@pytest.mark.parametrize("flows, published", [
    ([-100, 39, 59, 55, 20], 0.28095),
    ([-100, 0, 0, 74], -0.0955),
    ([-100, 100, 0, -7], -0.0833),
    ([-100, 100, 0, 7], 0.06206),
    ([-5, 10.5, 1, -8, 1], 0.0886),
])
def test_numpy_financial_irr_examples(flows, published):
    # numpy-financial documentation, numpy_financial.irr, the docstring's
    # examples, each shown as round(npf.irr(values), 5).
    assert round(irr(flows), 5) == published


def test_numpy_financial_irr_multiple_roots_closest_to_zero():
    # The same documentation's [-100, 100, 0, -7] has two real IRRs; the
    # published -0.0833 is the one closest to zero.
    rates = irr_all([-100, 100, 0, -7])
    assert len(rates) == 2
    assert min(rates, key=abs) == irr([-100, 100, 0, -7])


def test_brealey_myers_allen_irr():
    # Brealey, Myers & Allen, Principles of Corporate Finance, ch. 5 "Net
    # Present Value and Other Investment Criteria": -4,000 now, +2,000 and
    # +4,000 in years 1 and 2 give an IRR of 28.08 %.
    assert matches(100 * irr([-4_000, 2_000, 4_000]), 28.08, 2)


def test_lorie_savage_pump_multiple_irrs():
    # The classic "pump" project of J. H. Lorie and L. J. Savage, "Three Problems in
    # Rationing Capital", Journal of Business 28(4), 1955, reproduced in corporate-
    # finance textbooks on multiple rates of return: -1,600 now, +10,000 in year 1,
    # -10,000 in year 2 has two IRRs, 25 % and 400 %.
    rates = irr_all([-1_600, 10_000, -10_000])
    assert [round(r, 6) for r in rates] == [0.25, 4.0]
    assert round(irr([-1_600, 10_000, -10_000]), 6) == 0.25  # the one closest to zero


# --------------------------------------------------------------------------
# Payback and discounted payback
# --------------------------------------------------------------------------

BMA_PROJECTS = {
    # Brealey, Myers & Allen, ch. 5, the payback table: cash flows C0..C3,
    # payback period (years), NPV at 10 %.
    "A": ([-2_000, 500, 500, 5_000], 3, 2_624),
    "B": ([-2_000, 500, 1_800], 2, -58),
    "C": ([-2_000, 1_800, 500], 2, 50),
}


@pytest.mark.parametrize("project", sorted(BMA_PROJECTS))
def test_brealey_myers_allen_payback_and_npv(project):
    flows, payback_years, published_npv = BMA_PROJECTS[project]
    assert matches(npv(0.10, flows), published_npv, 0)
    # The book counts payback in whole years: the year in which the
    # investment is recovered.
    assert math.ceil(payback_period(flows)) == payback_years


def test_brealey_myers_allen_payback_ignores_later_flows():
    # The book's point: B and C have the same payback but C has the higher
    # NPV; A, with the longest payback, has by far the highest NPV.
    npvs = {k: npv(0.10, v[0]) for k, v in BMA_PROJECTS.items()}
    assert npvs["A"] > npvs["C"] > 0 > npvs["B"]


def test_ross_westerfield_jordan_chapter_review():
    # Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9,
    # chapter review problem "Investment criteria": 200 invested, then 50,
    # 60, 70 and 200 a year. Payback 3.10 years; at 10 %: NPV 84.23 and
    # discounted payback 3.38 years.
    flows = [-200, 50, 60, 70, 200]
    assert matches(payback_period(flows), 3.10, 2)
    assert matches(discounted_payback_period(0.10, flows), 3.38, 2)
    # The book adds the discounted flows after rounding each to cents
    # (45.45 + 49.59 + 52.59 + 136.60 = 284.23); unrounded, the NPV is
    # 284.2360... - 200 = 84.2360..., which rounds to 84.24. The book's
    # figure is therefore matched to within its four roundings of half a
    # cent each.
    value = npv(0.10, flows)
    assert abs(value - 84.23) <= 4 * 0.005 + 1e-12
    assert round(sum(round(c / 1.1 ** t, 2) for t, c in enumerate(flows)), 2) == 84.23
    assert math.isclose(value, 84.236049, abs_tol=1e-6)


@pytest.mark.parametrize("rate, inflows, cost, published", [
    # Ross, Westerfield & Jordan, ch. 9, problem "Calculating Discounted
    # Payback" (the figures vary by edition; these as in the published
    # solutions). One edition: inflows 2,800, 3,700, 5,100, 4,300 at 14 %.
    (0.14, [2_800, 3_700, 5_100, 4_300], 5_200, 1.96),
    (0.14, [2_800, 3_700, 5_100, 4_300], 5_400, 2.03),
    (0.14, [2_800, 3_700, 5_100, 4_300], 10_400, 3.65),
    # Another edition: inflows 4,600, 3,700, 4,900, 4,100 at 13 %.
    (0.13, [4_600, 3_700, 4_900, 4_100], 5_500, 1.49),
    (0.13, [4_600, 3_700, 4_900, 4_100], 7_600, 2.19),
    (0.13, [4_600, 3_700, 4_900, 4_100], 10_600, 3.09),
])
def test_ross_westerfield_jordan_discounted_payback(rate, inflows, cost, published):
    assert matches(discounted_payback_period(rate, [-cost, *inflows]), published, 2)


# --------------------------------------------------------------------------
# Benefit-cost ratio
# --------------------------------------------------------------------------

def test_blank_tarquin_benefit_cost_ratio():
    # Blank & Tarquin, Engineering Economy, 7th ed., solutions to ch. 9,
    # problem 9.8: benefits B = 450,000 (a present worth); costs C =
    # 300,000 + 25,000 (P/A, 6 %, 20) = 586,748; B/C = 0.77.
    pa = discount_factors(0.06, 21)[1:].sum()
    assert matches(pa, 11.4699, 4)  # (P/A, 6 %, 20) from the interest table
    assert matches(300_000 + 25_000 * pa, 586_748, 0)
    ratio = benefit_cost_ratio(0.06, [450_000] + [0] * 20, [300_000] + [25_000] * 20)
    assert matches(ratio, 0.77, 2)
    assert math.isclose(ratio, 450_000 / (300_000 + 25_000 * pa), rel_tol=1e-12)
