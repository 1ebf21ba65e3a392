"""Exercises of Lesson 05, the business case: numbers drawn from the learner's seed.

Every exercise draws its figures from the seed, computes its answer with
:mod:`implcourse.finance`, and checks the learner's answer within the
tolerance its task states: the rounding, or the approximation, that the
method a learner uses by hand brings (discount factors rounded to four
places for an NPV, linear interpolation between two rates for an IRR).

Amounts are in EUR. ROI, IRR and the break-even share are typed in per cent
in the answer form; ``check`` takes them as fractions (0.153 for 15.3 %), as
:mod:`implcourse.finance` returns them.

Examples
--------
>>> from implcourse import finance
>>> ex = Npv(seed=3)
>>> ex.check(finance.npv(ex.rate, ex.cashflows)).correct
True
>>> ex = Irr(seed=3)
>>> [f.label for f in ex.fields()]
['IRR', 'Decision at the hurdle rate']
>>> ex.fields()[0].from_text("15.3 %")
0.153
>>> right = ex.expected()
>>> ex.check(right["irr"] + 0.004, right["decision"]).correct  # within ±0.5 point
True
>>> ex.check(None, "accept").pending
True
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from .. import finance
from ..answers import Choice, Number, format_number
from ..validation import check_int, check_number
from . import Exercise, Note, markdown_table, money, pct

__all__ = ["Roi", "Npv", "Irr", "Payback", "SpreadsheetNpv", "Tco", "BreakEven"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """A generator for one exercise: the learner's seed plus the exercise's own
    stream, so that each exercise of a lesson draws different numbers."""
    stream = zlib.crc32(exercise.encode("utf-8"))
    return np.random.default_rng([check_int("seed", seed, minimum=0), stream])


def _round_to(value: float, step: int) -> float:
    return float(step * round(value / step))


_money, _pct = money, pct  # the shared formatting of amounts and rates


def _percent_slip(value: float, expected: float, tolerance: float,
                  what: str) -> tuple[str, str] | None:
    """Feedback for a rate given a hundred times too large or too small, or None.

    In code, a per cent figure given where a fraction is expected (25 for
    0.25); in the form, a fraction typed in the per cent box (0.25 for
    25 %). Each is named only when that reading is clearly the better one.

    Examples
    --------
    >>> _percent_slip(15.3, 0.1534, 0.005, "IRR")[0]
    'That looks like a percentage where a fraction is expected.'
    >>> _percent_slip(0.00153, 0.1534, 0.005, "IRR")[0]
    'That looks like a fraction typed in the per cent box.'
    >>> _percent_slip(0.16, 0.1534, 0.005, "IRR") is None
    True
    """
    plain = abs(value - expected)
    as_percent = abs(value - 100 * expected)
    as_fraction = abs(100 * value - expected)
    if as_percent <= 100 * tolerance and plain > 10 * tolerance and as_percent < plain:
        return ("That looks like a percentage where a fraction is expected.",
                f"In code, give the {what} as a fraction: divide a per cent figure by a "
                "hundred. (The answer form's box takes per cent.)")
    if as_fraction <= max(tolerance, 0.005) and plain > 10 * tolerance and as_fraction < plain:
        return ("That looks like a fraction typed in the per cent box.",
                "The box takes per cent: multiply a fraction by a hundred before typing it.")
    return None


def _money_tolerance(cashflows) -> float:
    """How far an amount may be off: rounding every discount factor to four
    decimal places moves an NPV by at most 0.00005 of each flow."""
    return max(5.0, float(np.ceil(1e-4 * np.abs(cashflows).sum())))


def _flows_table(cashflows, rate: float | None = None, *, working: bool = False) -> str:
    """The cash flows by year; with ``working`` (for a worked solution) also the
    cumulative flow and, given ``rate``, the discounting. A task shows the flows
    only: building the cumulative column is part of the exercise."""
    rows = []
    factors = finance.discount_factors(rate, len(cashflows)) if rate is not None else None
    cumulative = discounted_cumulative = 0.0
    for t, flow in enumerate(cashflows):
        cumulative += flow
        row = [t, format_number(flow, 0)]
        if working:
            row.append(format_number(cumulative, 0))
            if factors is not None:
                present = flow * factors[t]
                discounted_cumulative += present
                row += [f"{factors[t]:.4f}", format_number(present, 2),
                        format_number(discounted_cumulative, 2)]
        rows.append(row)
    headers = ["year", "cash flow (EUR)"]
    if working:
        headers.append("cumulative (EUR)")
        if factors is not None:
            headers += ["discount factor", "present value (EUR)", "cumulative PV (EUR)"]
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

    #: How far from the ROI an answer may be (a fraction: ±0.1 percentage point).
    tolerance = 0.001

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "roi")
        self.costs = _round_to(rng.uniform(40_000, 200_000), 5_000)
        self.benefits = _round_to(self.costs * rng.uniform(0.8, 2.6), 5_000)
        super().__init__(
            id="05.roi", lesson="05", topic="roi", title="ROI",
            task=f"An implementation costs {self.costs:,.0f} EUR and brings "
                 f"{self.benefits:,.0f} EUR of net benefit (net gains, not revenue) over its "
                 "life. What is its ROI, in per cent to one decimal place? Answers within ±0.1 "
                 "percentage point are accepted.",
            hints=["ROI = (total benefits − total costs) / total costs: it compares the net "
                   "benefit with what was spent.",
                   "Step by step: subtract the total costs from the total benefits (the net "
                   "benefit); divide the net benefit by the total costs, not by the "
                   "benefits; then express the fraction in per cent."])

    def fields(self) -> list[Number]:
        return [Number("roi", "ROI", unit="%", percent=True, decimals=1)]

    def expected(self) -> dict[str, float]:
        return {"roi": finance.roi(self.benefits, self.costs)}

    def _grade(self, roi: float):
        value = roi
        expected = finance.roi(self.benefits, self.costs)
        if abs(value - expected) <= self.tolerance:
            return True, f"ROI = {_pct(expected)}.", None
        slip = _percent_slip(value, expected, self.tolerance, "ROI")
        if slip:
            return (False, *slip)
        if abs(value - self.benefits / self.costs) <= self.tolerance:
            return False, "That is the benefits divided by the costs (ROI plus one).", (
                "Subtract the costs from the benefits first: ROI uses the net benefit.")
        if abs(value - (self.benefits - self.costs) / self.benefits) <= self.tolerance:
            return False, "That divides the net benefit by the benefits.", (
                "ROI divides the net benefit by the costs: what was spent.")
        return False, f"{_pct(value, None)} is not the ROI.", self.hints[0]

    def _solution(self) -> Note:
        expected = finance.roi(self.benefits, self.costs)
        return Note(f"ROI = ({format_number(self.benefits, 0)} − {format_number(self.costs, 0)}) "
                    f"/ {format_number(self.costs, 0)} = {expected:.4f} = "
                    f"**{_pct(expected)}**. It says nothing about *when* the benefits arrive.")


class Npv(Exercise):
    """NPV of a seeded series at a seeded rate (t = 0 not discounted)."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "npv")
        self.rate = float(rng.choice([0.06, 0.08, 0.10, 0.12]))
        self.cashflows = _series(rng, int(rng.integers(3, 6)))
        self.tolerance = _money_tolerance(self.cashflows)
        super().__init__(
            id="05.npv", lesson="05", topic="npv", title="NPV",
            task=f"At a discount rate of {_pct(self.rate, 0)}, what is the NPV of these cash "
                 "flows, in EUR (year 0 is today and is not discounted)? Answers within "
                 f"±{self.tolerance:,.0f} EUR are accepted, so discount factors rounded to "
                 "four places are fine.",
            hints=["Discount each flow by (1 + r)^t, with t = 0 for today, then add them up.",
                   "Step by step: for each year t, present value = cash flow ÷ (1 + r)^t, so "
                   "year 0 keeps its full amount (its factor is exactly one); the NPV is the "
                   "sum of the present values, investment included."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def fields(self) -> list[Number]:
        return [Number("npv", "NPV", unit="EUR", decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"npv": finance.npv(self.rate, self.cashflows)}

    def _grade(self, npv: float):
        value = npv
        expected = finance.npv(self.rate, self.cashflows)
        if abs(value - expected) <= self.tolerance:
            verdict = "worth doing" if expected > 0 else "not worth doing"
            return True, f"NPV = {_money(expected, 2)}: {verdict} at {_pct(self.rate, 0)}.", None
        sheet = finance.spreadsheet_npv(self.rate, self.cashflows)
        if abs(value - sheet) <= self.tolerance:
            return False, "You discounted year 0 as well.", (
                "Today's amount is not discounted: its factor is (1 + r)^0 = 1.")
        if abs(value - sum(self.cashflows)) <= self.tolerance:
            return False, "That is the plain sum of the flows: nothing was discounted.", \
                self.hints[0]
        return False, f"{_money(value, None)} is not the NPV.", self.hints[0]

    def _solution(self) -> Note:
        expected = finance.npv(self.rate, self.cashflows)
        working = _flows_table(self.cashflows, self.rate, working=True)
        return Note(f"{working}\n\nNPV = sum of the present values = "
                    f"**{_money(expected, 2)}**.")


class Irr(Exercise):
    """IRR of a seeded series, and the decision against a hurdle rate.

    An IRR found by hand, by linear interpolation between two rates that
    bracket it, is accepted (the tolerance is ±0.5 percentage point).

    Examples
    --------
    >>> ex = Irr(seed=0)
    >>> r1, r2 = 0.25, 0.27
    >>> npv1, npv2 = finance.npv(r1, ex.cashflows), finance.npv(r2, ex.cashflows)
    >>> by_hand = r1 + npv1 * (r2 - r1) / (npv1 - npv2)
    >>> ex.check(by_hand, "accept").correct
    True
    """

    #: How far from the IRR an answer may be (a fraction: ±0.5 percentage point).
    tolerance = 0.005

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "irr")
        self.cashflows = _series(rng, int(rng.integers(4, 7)))
        rate = finance.irr(self.cashflows)
        # A hurdle 2 to 6 points away from the IRR, on either side (above it
        # when below would fall under 4 %); rounding moves it by 0.005 at most,
        # so every IRR within the tolerance leads to the same decision.
        gap = rng.uniform(0.02, 0.06)
        below = round(rate - gap, 2)
        self.hurdle = float(below if rng.random() < 0.5 and below >= 0.04
                            else max(0.04, round(rate + gap, 2)))
        super().__init__(
            id="05.irr", lesson="05", topic="irr", title="IRR against a hurdle rate",
            task="Find the IRR of these cash flows (amounts in EUR), in per cent to one "
                 "decimal place, and decide whether to accept or reject the project against "
                 f"a hurdle rate of {_pct(self.hurdle, 0)}. Answers within ±0.5 percentage "
                 "point of the IRR are accepted, so an IRR found by linear interpolation "
                 "between two rates is fine.",
            hints=["The IRR is the rate at which the NPV is zero. The NPV falls as the rate "
                   "rises: a rate with a positive NPV is below the IRR, a rate with a "
                   "negative NPV above it.",
                   "Accept when the IRR is above the hurdle rate, reject when it is below.",
                   "By hand: compute the NPV at two rates about 2 points apart that bracket "
                   "the IRR, r1 with a positive NPV (NPV1) and r2 with a negative one "
                   "(NPV2); then interpolate linearly: r = r1 + NPV1 × (r2 − r1) / "
                   "(NPV1 − NPV2). A spreadsheet's =IRR(...) finds it directly."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def fields(self) -> list:
        return [Number("irr", "IRR", unit="%", percent=True, minimum=-1, decimals=1),
                Choice("decision", "Decision at the hurdle rate",
                       (("Accept", "accept"), ("Reject", "reject")))]

    def expected(self) -> dict[str, object]:
        value = finance.irr(self.cashflows)
        return {"irr": value, "decision": "accept" if value > self.hurdle else "reject"}

    def _grade(self, irr: float, decision: str):
        value = irr
        expected = finance.irr(self.cashflows)
        right = "accept" if expected > self.hurdle else "reject"
        if abs(value - expected) > self.tolerance:
            slip = _percent_slip(value, expected, self.tolerance, "IRR")
            if slip:
                return (False, *slip)
            return False, f"{_pct(value, None)} is not the IRR.", self.hints[0]
        if decision != right:
            return False, "The IRR is right, but not the decision.", self.hints[1]
        side = "above" if expected > self.hurdle else "below"
        return True, (f"IRR = {_pct(expected, 2)}, {side} the {_pct(self.hurdle, 0)} hurdle "
                      f"rate, so {right}."), None

    def _solution(self) -> Note:
        expected = finance.irr(self.cashflows)
        right = "accept" if expected > self.hurdle else "reject"
        point = round(100 * expected)
        r1, r2 = (point - 1) / 100, (point + 1) / 100
        npv1, npv2 = finance.npv(r1, self.cashflows), finance.npv(r2, self.cashflows)
        by_hand = r1 + npv1 * (r2 - r1) / (npv1 - npv2)
        check = round(finance.npv(expected, self.cashflows), 2) + 0.0  # no "-0.00"
        n1, n2 = format_number(npv1, 2), format_number(npv2, 2)
        return Note(f"By hand: the NPV at {_pct(r1, 0)} is {n1} EUR and at {_pct(r2, 0)} it "
                    f"is {n2} EUR, so the IRR lies between them. Interpolating linearly: "
                    f"r = {_pct(r1, 0)} + {n1} × ({_pct(r2, 0)} − {_pct(r1, 0)}) / ({n1} − "
                    f"({n2})) = {_pct(by_hand, 2)}.\n\n"
                    f"Exactly (as =IRR() finds it): IRR = **{_pct(expected, 2)}** "
                    f"({expected:.4f}); at that rate the NPV is {format_number(check, 2)} EUR, "
                    f"zero to rounding. It is {'above' if expected > self.hurdle else 'below'} "
                    f"the {_pct(self.hurdle, 0)} hurdle, so **{right}**.")


class Payback(Exercise):
    """Simple and discounted payback of a seeded series."""

    #: How far from each payback period an answer may be, in years.
    tolerance = 0.01

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
                 f"{_pct(self.rate, 0)}, in years to 2 decimal places (amounts in EUR; money "
                 "arrives evenly within a year). The table lists each year's flow only: "
                 "build the running totals yourself. Answers within ±0.01 year are accepted.",
            hints=["Find the last year in which the cumulative flow is still negative, then "
                   "add the share of the next year's flow needed to reach zero.",
                   "For the discounted payback, do the same with the present values: divide "
                   "each flow by (1 + r)^t and cumulate them; take the last year whose "
                   "cumulative present value is still negative, and add the share of the "
                   "next year's present value needed to reach zero."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def fields(self) -> list[Number]:
        return [Number("payback", "Payback period", unit="years", minimum=0, decimals=2),
                Number("discounted", "Discounted payback period", unit="years", minimum=0,
                       decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"payback": finance.payback_period(self.cashflows),
                "discounted": finance.discounted_payback_period(self.rate, self.cashflows)}

    def _grade(self, payback: float, discounted: float):
        simple, late = payback, discounted
        want = finance.payback_period(self.cashflows)
        want_d = finance.discounted_payback_period(self.rate, self.cashflows)
        tol = self.tolerance
        ok_simple = abs(simple - want) <= tol
        ok_late = math.isfinite(want_d) and abs(late - want_d) <= tol
        if ok_simple and ok_late:
            return True, f"Payback {want:.2f} years, discounted {want_d:.2f} years.", None
        if abs(simple - want_d) <= tol and abs(late - want) <= tol:
            return False, "The two are swapped.", (
                "Discounting shrinks every later inflow, so the discounted payback is the "
                "later of the two.")
        if not ok_simple:
            return (False, f"{format_number(round(simple, 4))} years is not the payback period.",
                    self.hints[0])
        return False, "The payback is right, but not the discounted payback.", self.hints[1]

    def _solution(self) -> Note:
        want = finance.payback_period(self.cashflows)
        want_d = finance.discounted_payback_period(self.rate, self.cashflows)
        working = _flows_table(self.cashflows, self.rate, working=True)
        return Note(f"{working}\n\nPayback **{want:.2f} "
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
            task=f"The cash flows below (in EUR) sit in cells B2:B{last} of a spreadsheet, "
                 f"year 0 in B2. A colleague typed =NPV({self.rate:.0%}, B2:B{last}) and got "
                 f"{self.sheet_value:,.2f}. What is the project's NPV in EUR, with year 0 today "
                 f"(undiscounted)? Answers within ±{self.tolerance:,.0f} EUR are accepted.",
            hints=["The spreadsheet assumed every value arrives at the end of a period, so it "
                   "discounted everything by one period too many.",
                   "Undo one period of discounting: multiply the spreadsheet's figure by "
                   "(1 + r). Or recompute =NPV(r, C1:Cn) + C0: discount only the later flows "
                   "and add year 0 as it is; in this sheet the range starts at B3 and B2 is "
                   "added afterwards."])

    def _details(self) -> str:
        return _flows_table(self.cashflows)

    def fields(self) -> list[Number]:
        return [Number("npv", "NPV with year 0 today", unit="EUR", decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"npv": finance.npv(self.rate, self.cashflows)}

    def _grade(self, npv: float):
        value = npv
        expected = finance.npv(self.rate, self.cashflows)
        if abs(value - expected) <= self.tolerance:
            return True, (f"NPV = {_money(expected, 2)} = "
                          f"{format_number(self.sheet_value, 2)} × {1 + self.rate:.2f}."), None
        if abs(value - self.sheet_value) <= self.tolerance:
            return False, "That is the spreadsheet's own figure.", self.hints[0]
        if abs(value - self.sheet_value / (1 + self.rate)) <= self.tolerance:
            return False, "You divided by (1 + r) once more.", (
                "The spreadsheet discounted one period too many: undo it by multiplying.")
        return False, f"{_money(value, None)} is not it.", self.hints[0]

    def _solution(self) -> Note:
        expected = finance.npv(self.rate, self.cashflows)
        later = finance.npv(self.rate, [0, *self.cashflows[1:]])
        return Note(f"Either {format_number(self.sheet_value, 2)} × (1 + {self.rate:g}) = "
                    f"**{_money(expected, 2)}**, or, leaving year 0 out of the range and "
                    f"adding it, {self.formula()} = "
                    f"{format_number(later, 2)} + ({format_number(self.cashflows[0], 0)}) = "
                    f"**{_money(expected, 2)}**.")

    def formula(self) -> str:
        """The corrected formula in the task's own cells: year 0 in B2, the later years
        in B3 onwards, e.g. ``=NPV(5%, B3:B7) + B2``."""
        return f"=NPV({self.rate:.0%}, B3:B{len(self.cashflows) + 1}) + B2"


class Tco(Exercise):
    """Total cost of ownership of a small seeded cost table, plain and discounted, and
    the benefit-cost ratio of a seeded yearly benefit against it.

    The exercise records one progress topic, ``tco``: its BCR field does not feed
    the topic ``bcr``, which the question bank feeds.

    Examples
    --------
    >>> ex = Tco(seed=3)
    >>> [f.label for f in ex.fields()]
    ['Total cost of ownership', 'Present value of the TCO', 'Benefit-cost ratio']
    >>> right = ex.expected()
    >>> ex.check(right["total"], right["present_value"], round(right["bcr"], 2)).correct
    True
    >>> ex.check(right["total"], right["present_value"], 1 / right["bcr"]).message
    'That is the cost-benefit ratio: the costs over the benefits, the inverse of the BCR.'
    """

    #: How far from the benefit-cost ratio an answer may be (it is asked to 2 decimals).
    bcr_tolerance = 0.01

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "tco")
        self.rate = float(rng.choice([0.05, 0.07, 0.09]))
        self.years = years = int(rng.integers(4, 6))
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
        # A round yearly benefit from year 1, drawn (after the costs, so the cost table
        # of a seed does not depend on it) for a BCR between about 0.75 and 1.6; redrawn
        # while the BCR and the slips the check names (its inverse, the undiscounted
        # ratio, the BCR minus one) lie so close together that the feedback could not
        # tell them apart.
        annuity = float(finance.discount_factors(self.rate, years)[1:].sum())
        costs_pv = finance.npv(self.rate, self.table["total"])
        while True:
            multiple = rng.uniform(0.75, 1.6)
            self.benefit = _round_to(costs_pv * multiple / annuity, 5_000)
            ratios = sorted([self.bcr(), *self._bcr_slips().values()])
            if min(b - a for a, b in zip(ratios, ratios[1:])) > 4 * self.bcr_tolerance:
                break
        super().__init__(
            id="05.tco", lesson="05", topic="tco",
            title="Total cost of ownership and the benefit-cost ratio",
            task=f"Give the total cost of ownership over the {years} years (year 0 to "
                 f"{years - 1}), and its present value at {_pct(self.rate, 0)} (year 0 not "
                 f"discounted), both in EUR. The system brings {self.benefit:,.0f} EUR of "
                 f"benefit a year in years 1 to {years - 1} (none in year 0): give also its "
                 "benefit-cost ratio at the same rate, to 2 decimal places. Answers within "
                 f"±{self.tolerance:,.0f} EUR, and within ±0.01 for the ratio, are accepted.",
            hints=["Add every category in every year: the price of the licences is only "
                   "one line.",
                   "For the present value, discount each year's total by (1 + r)^t.",
                   "The benefit-cost ratio is the present value of the benefits divided by "
                   "the present value of the costs: discount the benefits too, and put them "
                   "on top.",
                   "Step by step: add up the categories of each year (the year's total); the "
                   "TCO is the sum of the yearly totals; its present value is the sum of "
                   "each yearly total ÷ (1 + r)^t, year 0 not discounted. For the ratio, "
                   "discount each year's benefit in the same way, add them up, and divide "
                   "that sum by the present value of the TCO."])

    def benefits(self) -> list[float]:
        """The yearly benefits, year 0 first (none in year 0)."""
        return [0.0] + [self.benefit] * (self.years - 1)

    def bcr(self) -> float:
        """The benefit-cost ratio: present value of the benefits over that of the TCO."""
        return finance.benefit_cost_ratio(self.rate, self.benefits(), self.table["total"])

    def _bcr_slips(self) -> dict[str, float]:
        """The wrong ratios the check names: the inverse, the undiscounted ratio, and the
        NPV over the costs' present value (the BCR minus one)."""
        right = self.bcr()
        return {"inverse": 1 / right,
                "undiscounted": sum(self.benefits()) / float(self.table["total"].sum()),
                "minus_one": right - 1}

    def _details(self) -> str:
        shown = self.table.drop(columns="total").loc[:, lambda f: f.sum() > 0].T
        rows = [[finance.TCO_LABELS[c], *(f"{v:,.0f}" for v in shown.loc[c])] for c in shown.index]
        return markdown_table(["category (EUR)", *(f"year {t}" for t in shown.columns)], rows)

    def fields(self) -> list[Number]:
        return [Number("total", "Total cost of ownership", unit="EUR", minimum=0, decimals=0),
                Number("present_value", "Present value of the TCO", unit="EUR", minimum=0,
                       decimals=2),
                Number("bcr", "Benefit-cost ratio", minimum=0, decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"total": float(self.table["total"].sum()),
                "present_value": finance.npv(self.rate, self.table["total"]),
                "bcr": self.bcr()}

    def _grade(self, total: float, present_value: float, bcr: float):
        present = present_value
        want = float(self.table["total"].sum())
        want_pv = finance.npv(self.rate, self.table["total"])
        if abs(total - want) > self.tolerance:
            licences = float(self.table["licences_subscriptions"].sum())
            if abs(total - licences) <= self.tolerance:
                return False, "That is the licences alone.", self.hints[0]
            return (False, f"{_money(total, None)} is not the total cost of ownership.",
                    self.hints[0])
        if abs(present - want_pv) > self.tolerance:
            if abs(present - want) <= self.tolerance:
                return False, ("The total is right, but its present value was not "
                               "discounted."), self.hints[1]
            return False, "The total is right, but not its present value.", self.hints[1]
        right = self.bcr()
        if abs(bcr - right) > self.bcr_tolerance:
            slips = self._bcr_slips()
            if abs(bcr - slips["inverse"]) <= self.bcr_tolerance:
                return False, ("That is the cost-benefit ratio: the costs over the benefits, "
                               "the inverse of the BCR."), (
                    "The benefit-cost ratio puts the benefits on top: the present value of "
                    "the benefits ÷ the present value of the costs.")
            if abs(bcr - slips["undiscounted"]) <= self.bcr_tolerance:
                return False, "That ratio divides the plain sums: nothing was discounted.", (
                    "Use present values on both sides: discount each year's benefit by "
                    "(1 + r)^t, as you did for the costs.")
            if abs(bcr - slips["minus_one"]) <= self.bcr_tolerance:
                return False, ("That is the NPV divided by the present value of the costs: "
                               "the BCR minus one."), (
                    "Do not subtract the costs first: divide the present value of the "
                    "benefits by the present value of the costs.")
            return (False, "The TCO and its present value are right, but "
                    f"{format_number(round(bcr, 4))} is not the benefit-cost ratio.",
                    self.hints[2])
        verdict = ("the benefits outweigh the costs" if right > 1
                   else "the costs outweigh the benefits")
        return True, (f"TCO {_money(want)}; present value {_money(want_pv, 2)}; "
                      f"BCR {right:.2f}: {verdict}."), None

    def _solution(self) -> Note:
        totals = self.table["total"]
        benefits = self.benefits()
        factors = finance.discount_factors(self.rate, len(totals))
        rows = [[t, f"{v:,.0f}", f"{f:.4f}", f"{v * f:,.2f}", f"{b:,.0f}", f"{b * f:,.2f}"]
                for t, (v, b, f) in enumerate(zip(totals, benefits, factors))]
        costs_pv = finance.npv(self.rate, totals)
        benefits_pv = finance.npv(self.rate, benefits)
        right = self.bcr()
        return Note(markdown_table(["year", "total cost (EUR)", "discount factor",
                                    "present value of the cost (EUR)", "benefit (EUR)",
                                    "present value of the benefit (EUR)"], rows)
                    + f"\n\nTCO **{_money(totals.sum())}**; present value "
                      f"**{_money(costs_pv, 2)}**. The benefits are worth "
                      f"{_money(benefits_pv, 2)} today, so BCR = "
                      f"{format_number(benefits_pv, 2)} ÷ {format_number(costs_pv, 2)} = "
                      f"**{right:.2f}**: {'above' if right > 1 else 'below'} 1, so the "
                      f"benefits {'outweigh' if right > 1 else 'fall short of'} the costs "
                      "in present value. Turned the other way up, costs ÷ benefits = "
                      f"{1 / right:.2f} is the cost-benefit ratio.")


class BreakEven(Exercise):
    """How far can the yearly benefit fall before the NPV reaches zero?"""

    #: How far from the break-even share an answer may be (±0.1 percentage point).
    tolerance = 0.001

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "break_even")
        self.rate = float(rng.choice([0.06, 0.08, 0.10]))
        self.years = int(rng.integers(4, 7))
        self.investment = _round_to(rng.uniform(80_000, 250_000), 5_000)
        annuity = float(finance.discount_factors(self.rate, self.years + 1)[1:].sum())
        self.benefit = _round_to(self.investment / annuity * rng.uniform(1.15, 1.6), 1_000)
        super().__init__(
            id="05.break_even", lesson="05", topic="sensitivity", title="Break-even",
            task=f"An implementation costs {self.investment:,.0f} EUR now and is planned to "
                 f"bring {self.benefit:,.0f} EUR a year for {self.years} years, at a discount "
                 f"rate of {_pct(self.rate, 0)}. At what share of the planned benefit does the "
                 "NPV fall to zero? Give it in per cent of plan, to one decimal place; answers "
                 "within ±0.1 percentage point are accepted.",
            hints=["NPV(m) = −investment + m × benefit × (sum of the discount factors of years "
                   "1 to n); NPV is a straight line in m.",
                   "Set NPV(m) = 0 and solve: m = investment ÷ (benefit × sum of the discount "
                   "factors of years 1 to n), each factor being 1 ÷ (1 + r)^t; then give m "
                   "in per cent."])

    def cashflows(self, share: float = 1.0) -> list[float]:
        """The cash flows with the benefit at ``share`` of plan (0 to 1,000 times the plan)."""
        share = check_number("share", share, minimum=0, maximum=1_000)
        return [-self.investment] + [self.benefit * share] * self.years

    def answer(self) -> float:
        """The break-even share, from two NPVs of the package (NPV is linear in it)."""
        at_zero = finance.npv(self.rate, self.cashflows(0.0))
        at_one = finance.npv(self.rate, self.cashflows(1.0))
        return -at_zero / (at_one - at_zero)

    def fields(self) -> list[Number]:
        return [Number("share", "Break-even share of the planned benefit", unit="%",
                       percent=True, minimum=0, decimals=1)]

    def expected(self) -> dict[str, float]:
        return {"share": self.answer()}

    def _grade(self, share: float):
        value = share
        want = self.answer()
        if abs(value - want) <= self.tolerance:
            return True, (f"Break-even at {_pct(want, 2)} of plan: the benefit can fall by "
                          f"{_pct(1 - want)} before the NPV turns negative."), None
        if abs(value - (1 - want)) <= self.tolerance:
            return False, "That is how far the benefit may fall, not the share kept.", (
                "Give the share of the planned benefit at which NPV = 0.")
        slip = _percent_slip(value, want, self.tolerance, "share")
        if slip:
            return (False, *slip)
        return False, f"{_pct(value, None)} is not the break-even share.", self.hints[0]

    def _solution(self) -> Note:
        annuity = float(finance.discount_factors(self.rate, self.years + 1)[1:].sum())
        want = self.answer()
        return Note(f"Sum of the discount factors of years 1 to {self.years}: {annuity:.4f}. "
                    f"NPV(m) = −{format_number(self.investment, 0)} + m × "
                    f"{format_number(self.benefit, 0)} × {annuity:.4f} = 0 gives "
                    f"m = {want:.4f} = **{_pct(want, 2)}** of plan.")
