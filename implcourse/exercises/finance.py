"""Exercises of Lesson 05, the business case: numbers drawn from the learner's seed.

Every exercise draws its figures from the seed, computes its answer with
:mod:`implcourse.finance`, and checks the learner's answer within a stated
tolerance (the rounding a learner would reasonably use).

Examples
--------
>>> from implcourse import finance
>>> ex = Npv(seed=3)
>>> ex.check(finance.npv(ex.rate, ex.cashflows)).correct
True
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from .. import finance
from ..validation import check_choice, check_int
from . import Exercise, Note, markdown_table, number_answer

__all__ = ["Roi", "Npv", "Irr", "Payback", "SpreadsheetNpv", "Tco", "BreakEven"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """A generator for one exercise: the learner's seed plus the exercise's own
    stream, so that each exercise of a lesson draws different numbers."""
    stream = zlib.crc32(exercise.encode("utf-8"))
    return np.random.default_rng([check_int("seed", seed, minimum=0), stream])


def _round_to(value: float, step: int) -> float:
    return float(step * round(value / step))


def _looks_like_percent(value: float, expected: float, tolerance: float) -> bool:
    """Whether a wrong answer is the right one typed as a percentage (25 for
    0.25), and clearly so: the two readings must be far apart."""
    return (abs(value - 100 * expected) <= 100 * tolerance
            and abs(value - expected) > 10 * tolerance)


def _money_tolerance(cashflows) -> float:
    """How far an amount may be off: rounding every discount factor to four
    decimal places moves an NPV by at most 0.00005 of each flow."""
    return max(5.0, float(np.ceil(1e-4 * np.abs(cashflows).sum())))


def _flows_table(cashflows, rate: float | None = None) -> str:
    rows = []
    factors = finance.discount_factors(rate, len(cashflows)) if rate is not None else None
    cumulative = discounted_cumulative = 0.0
    for t, flow in enumerate(cashflows):
        cumulative += flow
        row = [t, f"{flow:,.0f}", f"{cumulative:,.0f}"]
        if factors is not None:
            present = flow * factors[t]
            discounted_cumulative += present
            row += [f"{factors[t]:.4f}", f"{present:,.2f}", f"{discounted_cumulative:,.2f}"]
        rows.append(row)
    headers = ["year", "cash flow", "cumulative"]
    if factors is not None:
        headers += ["discount factor", "present value", "cumulative PV"]
    return markdown_table(headers, rows)


def _series(rng: np.random.Generator, years: int) -> list[float]:
    """An investment at t = 0, then returns that ramp up and level off."""
    invest = _round_to(rng.uniform(60_000, 200_000), 5_000)
    level = invest * rng.uniform(0.30, 0.55)
    ramp = np.minimum(1.0, np.linspace(0.5, 1.25, years))
    returns = [_round_to(level * r, 1_000) for r in ramp]
    return [-invest, *returns]


class Roi(Exercise):
    """ROI from a total cost and a total benefit."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "roi")
        self.costs = _round_to(rng.uniform(40_000, 200_000), 5_000)
        self.benefits = _round_to(self.costs * rng.uniform(0.8, 2.6), 5_000)
        super().__init__(
            id="05.roi", lesson="05", topic="roi", title="ROI",
            task=f"An implementation costs {self.costs:,.0f} and brings {self.benefits:,.0f} "
                 "of benefit over its life. What is its ROI, as a fraction to 2 decimal "
                 "places (0.25 for 25 %)?",
            hints=["ROI = (total benefits − total costs) / total costs.",
                   "Divide by the costs, not by the benefits."])

    def _grade(self, answer: float):
        value = number_answer("roi", answer)
        expected = finance.roi(self.benefits, self.costs)
        if abs(value - expected) <= 0.005:
            return True, f"ROI = {expected:.4f}, that is {expected:.1%}.", None
        if _looks_like_percent(value, expected, tolerance=0.005):
            return False, "That looks like a percentage.", "Give ROI as a fraction: 0.25, not 25."
        if abs(value - self.benefits / self.costs) <= 0.005:
            return False, "That is benefits divided by costs (ROI + 1).", (
                "Subtract the costs from the benefits first: ROI uses the net benefit.")
        return False, f"{value:g} is not the ROI.", self.hints[0]

    def solution(self) -> Note:
        expected = finance.roi(self.benefits, self.costs)
        return Note(f"ROI = ({self.benefits:,.0f} − {self.costs:,.0f}) / {self.costs:,.0f} = "
                    f"**{expected:.4f}** ({expected:.1%}). It says nothing about *when* the "
                    "benefits arrive.")


class Npv(Exercise):
    """NPV of a seeded series at a seeded rate (t = 0 not discounted)."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "npv")
        self.rate = float(rng.choice([0.06, 0.08, 0.10, 0.12]))
        self.cashflows = _series(rng, int(rng.integers(3, 6)))
        self.tolerance = _money_tolerance(self.cashflows)
        super().__init__(
            id="05.npv", lesson="05", topic="npv", title="NPV",
            task=f"At a discount rate of {self.rate:.0%}, what is the NPV of these cash flows "
                 "(year 0 is today and is not discounted)? Answers within "
                 f"±{self.tolerance:,.0f} are accepted, so discount factors rounded to four "
                 "places are fine.",
            hints=["Discount each flow by (1 + r)^t, with t = 0 for today, then add them up.",
                   "Year 0 has a discount factor of exactly 1."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def _grade(self, answer: float):
        value = number_answer("npv", answer)
        expected = finance.npv(self.rate, self.cashflows)
        if abs(value - expected) <= self.tolerance:
            verdict = "worth doing" if expected > 0 else "not worth doing"
            return True, f"NPV = {expected:,.2f}: {verdict} at {self.rate:.0%}.", None
        sheet = finance.spreadsheet_npv(self.rate, self.cashflows)
        if abs(value - sheet) <= self.tolerance:
            return False, "You discounted year 0 as well.", (
                "Today's amount is not discounted: its factor is (1 + r)^0 = 1.")
        return False, f"{value:,.2f} is not the NPV.", self.hints[0]

    def solution(self) -> Note:
        expected = finance.npv(self.rate, self.cashflows)
        return Note(f"{_flows_table(self.cashflows, self.rate)}\n\nNPV = sum of the present "
                    f"values = **{expected:,.2f}**.")


class Irr(Exercise):
    """IRR of a seeded series, and the decision against a hurdle rate."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "irr")
        self.cashflows = _series(rng, int(rng.integers(4, 7)))
        rate = finance.irr(self.cashflows)
        # A hurdle 2 to 6 points away from the IRR, on either side (above it
        # when below would fall under 4 %); rounding moves it by 0.005 at most.
        gap = rng.uniform(0.02, 0.06)
        below = round(rate - gap, 2)
        self.hurdle = float(below if rng.random() < 0.5 and below >= 0.04
                            else max(0.04, round(rate + gap, 2)))
        super().__init__(
            id="05.irr", lesson="05", topic="irr", title="IRR against a hurdle rate",
            task=f"Find the IRR of these cash flows (as a fraction, to 3 decimal places) and "
                 f"decide 'accept' or 'reject' against a hurdle rate of {self.hurdle:.0%}.",
            hints=["The IRR is the rate at which the NPV is zero: try two rates and narrow "
                   "the gap (or use the spreadsheet's IRR function).",
                   "Accept when the IRR is above the hurdle rate."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def _grade(self, rate: float, decision: str):
        value = number_answer("irr", rate)
        decision = check_choice("decision", str(decision).strip().lower(), ["accept", "reject"])
        expected = finance.irr(self.cashflows)
        right = "accept" if expected > self.hurdle else "reject"
        if abs(value - expected) > 0.001:
            if _looks_like_percent(value, expected, tolerance=0.001):
                return False, "That looks like a percentage.", "Give the IRR as a fraction."
            if value <= -1:
                raise ValueError(f"irr must be > -1 (a rate of -100 % or less), got {value:g}")
            return False, f"{value:.3f} is not the IRR.", self.hints[0]
        if decision != right:
            return False, "The IRR is right, but not the decision.", self.hints[1]
        return True, f"IRR = {expected:.4f} ({expected:.2%}), so {right}.", None

    def solution(self) -> Note:
        expected = finance.irr(self.cashflows)
        right = "accept" if expected > self.hurdle else "reject"
        check = round(finance.npv(expected, self.cashflows), 2) + 0.0  # no "-0.00"
        return Note(f"IRR = **{expected:.4f}** ({expected:.2%}); at that rate the NPV is "
                    f"{check:.2f}, zero to rounding. It is "
                    f"{'above' if expected > self.hurdle else 'below'} the {self.hurdle:.0%} "
                    f"hurdle, so **{right}**.")


class Payback(Exercise):
    """Simple and discounted payback of a seeded series."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "payback")
        self.rate = float(rng.choice([0.06, 0.08, 0.10, 0.12]))
        # Redraw until the discounted flows pay back within the horizon.
        while True:
            self.cashflows = _series(rng, 6)
            if math.isfinite(finance.discounted_payback_period(self.rate, self.cashflows)):
                break
        super().__init__(
            id="05.payback", lesson="05", topic="payback", title="Payback and discounted payback",
            task=f"Give the payback period and the discounted payback period at "
                 f"{self.rate:.0%}, in years to 2 decimal places (money arrives evenly within "
                 "a year).",
            hints=["Find the last year in which the cumulative flow is still negative, then "
                   "add the share of the next year's flow needed to reach zero.",
                   "For the discounted payback, do the same with the present values."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def _grade(self, payback: float, discounted: float):
        simple = number_answer("payback", payback, minimum=0)
        late = number_answer("discounted", discounted, minimum=0)
        want = finance.payback_period(self.cashflows)
        want_d = finance.discounted_payback_period(self.rate, self.cashflows)
        ok_simple = abs(simple - want) <= 0.01
        ok_late = math.isfinite(want_d) and abs(late - want_d) <= 0.01
        if ok_simple and ok_late:
            return True, f"Payback {want:.2f} years, discounted {want_d:.2f} years.", None
        if not ok_simple:
            return False, f"{simple:g} years is not the payback period.", self.hints[0]
        return False, "The payback is right, but not the discounted payback.", self.hints[1]

    def solution(self) -> Note:
        want = finance.payback_period(self.cashflows)
        want_d = finance.discounted_payback_period(self.rate, self.cashflows)
        return Note(f"{_flows_table(self.cashflows, self.rate)}\n\nPayback **{want:.2f} "
                    f"years**; discounted payback **{want_d:.2f} years**, later because "
                    "discounting shrinks every future inflow.")


class SpreadsheetNpv(Exercise):
    """Turn a spreadsheet's =NPV over all the flows into the t = 0 NPV."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "spreadsheet_npv")
        self.rate = float(rng.choice([0.05, 0.07, 0.09, 0.11]))
        self.cashflows = _series(rng, int(rng.integers(3, 6)))
        self.sheet_value = finance.spreadsheet_npv(self.rate, self.cashflows)
        self.tolerance = _money_tolerance(self.cashflows)
        last = len(self.cashflows) + 1
        super().__init__(
            id="05.spreadsheet_npv", lesson="05", topic="npv",
            title="A spreadsheet's NPV",
            task=f"The cash flows below sit in cells B2:B{last} of a spreadsheet, year 0 in B2. "
                 f"A colleague typed =NPV({self.rate:.0%}, B2:B{last}) and got "
                 f"{self.sheet_value:,.2f}. What is the project's NPV with year 0 today "
                 f"(undiscounted)? Answers within ±{self.tolerance:,.0f} are accepted.",
            hints=["The spreadsheet assumed every value arrives at the end of a period, so it "
                   "discounted everything by one period too many.",
                   "Undo one period of discounting: multiply by (1 + r). Or recompute "
                   "=NPV(r, C1:Cn) + C0."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def _grade(self, answer: float):
        value = number_answer("npv", answer)
        expected = finance.npv(self.rate, self.cashflows)
        if abs(value - expected) <= self.tolerance:
            return True, f"NPV = {expected:,.2f} = {self.sheet_value:,.2f} × " \
                         f"{1 + self.rate:.2f}.", None
        if abs(value - self.sheet_value) <= self.tolerance:
            return False, "That is the spreadsheet's own figure.", self.hints[0]
        if abs(value - self.sheet_value / (1 + self.rate)) <= self.tolerance:
            return False, "You divided by (1 + r) once more.", (
                "The spreadsheet discounted one period too many: undo it by multiplying.")
        return False, f"{value:,.2f} is not it.", self.hints[0]

    def solution(self) -> Note:
        expected = finance.npv(self.rate, self.cashflows)
        later = finance.npv(self.rate, [0, *self.cashflows[1:]])
        return Note(f"Either {self.sheet_value:,.2f} × (1 + {self.rate:g}) = "
                    f"**{expected:,.2f}**, or =NPV(r, C1:Cn) + C0 = {later:,.2f} + "
                    f"({self.cashflows[0]:,.0f}) = **{expected:,.2f}**.")


class Tco(Exercise):
    """Total cost of ownership of a small seeded cost table, plain and discounted."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "tco")
        self.rate = float(rng.choice([0.05, 0.07, 0.09]))
        years = int(rng.integers(4, 6))
        licence = _round_to(rng.uniform(20_000, 60_000), 1_000)
        costs = {
            "implementation": [_round_to(rng.uniform(80_000, 200_000), 5_000)] + [0] * (years - 1),
            "licences_subscriptions": [licence] * years,
            "support": [0] + [_round_to(licence * rng.uniform(0.2, 0.4), 1_000)] * (years - 1),
            "training": [_round_to(rng.uniform(10_000, 30_000), 1_000),
                         _round_to(rng.uniform(2_000, 8_000), 1_000)] + [0] * (years - 2),
            "decommissioning": [0] * (years - 1) + [_round_to(rng.uniform(5_000, 20_000), 1_000)],
        }
        self.table = finance.tco(costs)
        self.tolerance = _money_tolerance(self.table["total"])
        super().__init__(
            id="05.tco", lesson="05", topic="tco", title="Total cost of ownership",
            task=f"Give the total cost of ownership over the {years} years (year 0 to "
                 f"{years - 1}), and its present value at {self.rate:.0%} (year 0 not "
                 f"discounted). Answers within ±{self.tolerance:,.0f} are accepted.",
            hints=["Add every category in every year: the price of the licences is only "
                   "one line.",
                   "For the present value, discount each year's total by (1 + r)^t."])

    def _details(self) -> str:
        shown = self.table.drop(columns="total").loc[:, lambda f: f.sum() > 0].T
        rows = [[finance.TCO_LABELS[c], *(f"{v:,.0f}" for v in shown.loc[c])] for c in shown.index]
        return markdown_table(["category", *(f"year {t}" for t in shown.columns)], rows)

    def _grade(self, total: float, present_value: float):
        total = number_answer("total", total, minimum=0)
        present = number_answer("present_value", present_value, minimum=0)
        want = float(self.table["total"].sum())
        want_pv = finance.npv(self.rate, self.table["total"])
        if abs(total - want) > self.tolerance:
            licences = float(self.table["licences_subscriptions"].sum())
            if abs(total - licences) <= self.tolerance:
                return False, "That is the licences alone.", self.hints[0]
            return False, f"{total:,.0f} is not the total cost of ownership.", self.hints[0]
        if abs(present - want_pv) > self.tolerance:
            return False, "The total is right, but not its present value.", self.hints[1]
        return True, f"TCO {want:,.0f}; present value {want_pv:,.2f}.", None

    def solution(self) -> Note:
        totals = self.table["total"]
        factors = finance.discount_factors(self.rate, len(totals))
        rows = [[t, f"{v:,.0f}", f"{f:.4f}", f"{v * f:,.2f}"]
                for t, (v, f) in enumerate(zip(totals, factors))]
        return Note(markdown_table(["year", "total cost", "discount factor", "present value"],
                                   rows)
                    + f"\n\nTCO **{totals.sum():,.0f}**; present value "
                      f"**{finance.npv(self.rate, totals):,.2f}**.")


class BreakEven(Exercise):
    """How far can the yearly benefit fall before the NPV reaches zero?"""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "break_even")
        self.rate = float(rng.choice([0.06, 0.08, 0.10]))
        self.years = int(rng.integers(4, 7))
        self.investment = _round_to(rng.uniform(80_000, 250_000), 5_000)
        annuity = float(finance.discount_factors(self.rate, self.years + 1)[1:].sum())
        self.benefit = _round_to(self.investment / annuity * rng.uniform(1.15, 1.6), 1_000)
        super().__init__(
            id="05.break_even", lesson="05", topic="sensitivity", title="Break-even",
            task=f"An implementation costs {self.investment:,.0f} now and is planned to bring "
                 f"{self.benefit:,.0f} a year for {self.years} years, at a discount rate of "
                 f"{self.rate:.0%}. At what share of the planned benefit does the NPV fall to "
                 "zero? Give a fraction to 2 decimal places (0.80 means 80 % of plan).",
            hints=["NPV(m) = −investment + m × benefit × (sum of the discount factors of years "
                   "1 to n); NPV is a straight line in m.",
                   "Set NPV(m) = 0 and solve for m."])

    def cashflows(self, share: float = 1.0) -> list[float]:
        """The cash flows with the benefit at ``share`` of plan."""
        return [-self.investment] + [self.benefit * share] * self.years

    def answer(self) -> float:
        """The break-even share, from two NPVs of the package (NPV is linear in it)."""
        at_zero = finance.npv(self.rate, self.cashflows(0.0))
        at_one = finance.npv(self.rate, self.cashflows(1.0))
        return -at_zero / (at_one - at_zero)

    def _grade(self, share: float):
        value = number_answer("share", share, minimum=0)
        want = self.answer()
        if abs(value - want) <= 0.005:
            return True, (f"Break-even at {want:.2%} of plan: the benefit can fall by "
                          f"{1 - want:.1%} before the NPV turns negative."), None
        if abs(value - (1 - want)) <= 0.005:
            return False, "That is how far the benefit may fall, not the share kept.", (
                "Give the share of the planned benefit at which NPV = 0.")
        return False, f"{value:g} is not the break-even share.", self.hints[0]

    def solution(self) -> Note:
        annuity = float(finance.discount_factors(self.rate, self.years + 1)[1:].sum())
        want = self.answer()
        return Note(f"Sum of the discount factors of years 1 to {self.years}: {annuity:.4f}. "
                    f"NPV(m) = −{self.investment:,.0f} + m × {self.benefit:,.0f} × "
                    f"{annuity:.4f} = 0 gives m = **{want:.4f}** ({want:.2%} of plan).")
