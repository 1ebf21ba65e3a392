"""Exercises of Lesson 08, section 4: incentive-fee contracts and choosing a contract type.

:class:`IncentiveFee` draws a fixed-price-incentive (FPIF) or
cost-plus-incentive (CPIF) contract from the learner's seed and asks for
the seller's fee, the price the buyer pays and, for an FPIF, the point of
total assumption (PTA). Every right answer comes from
:mod:`implcourse.partners.contracts` (:func:`fixed_price_incentive`,
:func:`cost_plus_incentive`, :func:`point_of_total_assumption`), whose
conventions the task repeats: the share is written buyer/seller (80/20
means the buyer carries 80 % of a cost variance), cost variance = target
cost − actual cost, and for an FPIF the buyer never pays more than the
ceiling price.

:class:`ContractChoice` describes an implementation-partner situation by
its scope clarity, urgency, the buyer's appetite for cost risk, its
exposure to a market index and what the buyer wants to reward, and asks
which of the seven contract types of :func:`contract_types` fits, and how
that contract handles a change of scope (the option texts are the data's
own). Which type fits which situation is a **teaching model**: the
situations are written so that one type is the textbook fit (PMBOK Guide
6th ed., 12.1.1.6; FAR 16.104, "Factors in selecting contract types", which
names among others the complexity of the requirement, its urgency, and the
period of performance with economic uncertainty as a reason for an economic
price adjustment, https://www.acquisition.gov/far/16.104), not a rule for
real negotiations.

All contracts and situations are **synthetic**, set in the course's ERP
rollout. Amounts are in EUR.

Examples
--------
>>> ex = IncentiveFee(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> ContractChoice(seed=1).check(**ContractChoice(seed=1).expected()).correct
True
"""

from __future__ import annotations

import zlib

import numpy as np

from ..answers import Choice, Number, format_number
from ..partners import contracts as core
from ..validation import check_int, shown
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["IncentiveFee", "ContractChoice"]

#: Tolerance of every money answer, in EUR.
TOLERANCE = 1.0
#: Buyer's shares the exercise draws (50/50 is left out: swapping it changes nothing).
_SHARES = (0.9, 0.8, 0.75, 0.7, 0.6)
#: The cases each kind of contract is drawn in.
FPIF_CASES = ("underrun", "overrun", "ceiling")
CPIF_CASES = ("underrun", "overrun", "max_fee", "min_fee")


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _eur(value: float) -> str:
    """An amount as the answer form shows it: thousands separators, a real minus, EUR."""
    return f"{format_number(round(value, 2))} EUR"


def _split(buyer_share: float) -> str:
    """The buyer/seller split, e.g. ``80/20``."""
    return core._ratio(buyer_share)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE + 1e-9


# ==========================================================================
# 1. Incentive fee: fee, price and PTA
# ==========================================================================

#: FPIF: what happens past the PTA (value, option text, why a wrong one is wrong).
_PAST_PTA = (
    ("ceiling", "The buyer pays the ceiling price; every further euro of cost is the "
                "seller's alone.", ""),
    ("shared", "The buyer and the seller go on sharing each further euro of cost by the "
               "share ratio.",
     "Sharing stops at the PTA: there the formula price reaches the ceiling, and the "
     "buyer never pays more than the ceiling."),
    ("breakeven", "The seller's fee falls to zero there: the PTA is the seller's break-even "
                  "point.",
     "The PTA is not the break-even point: at the PTA the seller usually still makes a "
     "profit, and it breaks even only when the actual cost reaches the ceiling price."),
    ("buyer", "The buyer pays every further euro of cost, and the seller keeps the target "
              "fee.",
     "That would be a cost-reimbursable contract; an FPIF protects the buyer with the "
     "ceiling, and past the PTA the cost is the seller's."),
)

#: CPIF: who carries the cost risk. Option texts are the contract types' ``cost_risk``
#: texts of ``contracts.yml``; these explain why another type's text does not fit.
_RISK_WHY = {
    "ffp": "That describes a firm fixed price: a CPIF reimburses every allowable cost.",
    "fpif": "That describes a fixed-price incentive: a CPIF has no ceiling price and no "
            "point of total assumption.",
    "cpff": "That describes a cost plus fixed fee: in a CPIF the fee moves with the cost "
            "variance, between the minimum and the maximum fee.",
    "tm": "That describes time and materials: a CPIF pays costs plus an incentive fee, not "
          "hours at agreed rates.",
}


class IncentiveFee(Exercise):
    """Seller's fee, buyer's price and (FPIF) the point of total assumption.

    The seed draws the kind (FPIF or CPIF) and the case: an underrun, an
    overrun, and for an FPIF an actual cost past the PTA (the price held at
    the ceiling), for a CPIF a fee held at the maximum or the minimum fee.
    Target cost, target fee, share, ceiling or fee limits and the actual
    cost are round amounts, so the fee and the price are whole euros.
    Answers come from :func:`~implcourse.partners.contracts.fixed_price_incentive`
    and :func:`~implcourse.partners.contracts.cost_plus_incentive`; the
    tolerance is ±1 EUR.

    Feedback names the usual slips: the buyer's and seller's shares swapped,
    the cost variance taken with the wrong sign, the ceiling or the fee
    limits ignored, the price taken as target price + fee, and the PTA
    computed with the seller's share or without adding the target cost.

    Parameters
    ----------
    seed : int
        The learner's seed, 0 or more.
    kind : {"fpif", "cpif"}, optional
        Force the kind of contract (the seed draws it otherwise).
    case : str, optional
        Force the case: one of :data:`FPIF_CASES` or :data:`CPIF_CASES`.

    Examples
    --------
    >>> ex = IncentiveFee(seed=0, kind="fpif", case="underrun")
    >>> [f.name for f in ex.fields()]
    ['fee', 'price', 'pta', 'past_pta']
    >>> ex.check(**ex.expected()).correct
    True
    >>> IncentiveFee(seed=0, kind="cpif", case="min_fee").result.fee_capped
    'min'
    """

    def __init__(self, seed: int, kind: str | None = None, case: str | None = None) -> None:
        rng = _rng(seed, "incentive_fee")
        drawn_kind = str(rng.choice(["fpif", "cpif"]))
        if kind is not None and (not isinstance(kind, str) or kind not in ("fpif", "cpif")):
            raise ValueError(f"Kind of contract must be 'fpif' or 'cpif' (you entered "
                             f"{shown(kind)}) (parameter kind)")
        self.kind = kind or drawn_kind
        cases = FPIF_CASES if self.kind == "fpif" else CPIF_CASES
        drawn_case = str(rng.choice(cases))
        if case is not None and (not isinstance(case, str) or case not in cases):
            raise ValueError(f"Case of a {self.kind.upper()} must be one of "
                             f"{', '.join(cases)} (you entered {shown(case)}) (parameter case)")
        self.case = case or drawn_case
        for _ in range(500):
            if self._draw(rng):
                break
        else:  # pragma: no cover - the ranges below always find a case
            raise RuntimeError(f"No {self.kind} contract found for the case {self.case!r}")
        self.result = self._core(self.actual_cost)
        # An FPIF answer has four parts, a CPIF answer three: ``check`` takes the
        # parameters of the kind's grading method, in the form's order.
        self._grade = self._grade_fpif if self.kind == "fpif" else self._grade_cpif
        past = [(text, value) for value, text, _ in _PAST_PTA]
        order = rng.permutation(len(past))
        self.past_options = tuple(past[i] for i in order)
        types = {t.id: t for t in core.contract_types()}
        others = [k for k in _RISK_WHY if k != "fpif"]
        picked = ["cpif", "fpif",
                  *(str(k) for k in rng.choice(others, size=2, replace=False))]
        order = rng.permutation(len(picked))
        self.risk_options = tuple((types[picked[i]].cost_risk, picked[i]) for i in order)
        if self.kind == "fpif":
            asked = ("the seller's fee, (2) the price the buyer pays, (3) the point of total "
                     "assumption (PTA), and (4) what happens when the actual cost goes past "
                     "the PTA")
            rule = ("The buyer never pays more than the ceiling price; an FPIF has no fee "
                    "floor or fee ceiling, and the seller's fee is its profit: price − actual "
                    "cost, negative for a loss.")
        else:
            asked = ("the seller's fee, (2) the price the buyer pays, and (3) who carries the "
                     "cost risk in this contract")
            rule = ("The fee is kept between the minimum and the maximum fee; a CPIF has no "
                    "ceiling price.")
        name = "fixed-price-incentive-fee (FPIF)" if self.kind == "fpif" else \
            "cost-plus-incentive-fee (CPIF)"
        super().__init__(
            id="08.incentive_fee", lesson="08", topic="contracts",
            title="Incentive fee: fee, price and point of total assumption",
            task=(f"The ERP programme agreed a {name} contract with its implementation "
                  f"partner, with the terms below (synthetic figures). The share is written "
                  f"buyer/seller: the first number is the buyer's part of any cost variance. "
                  f"{rule} Work out (1) {asked}. Amounts in EUR, to the nearest euro "
                  f"(within ±1 EUR)."),
            hints=self._hints())

    # -- drawing --------------------------------------------------------------------------

    def _core(self, actual_cost: float, buyer_share: float | None = None):
        """The core's result for this contract at ``actual_cost`` (and another share)."""
        share = self.buyer_share if buyer_share is None else buyer_share
        if self.kind == "fpif":
            return core.fixed_price_incentive(self.target_cost, self.target_fee,
                                              self.ceiling_price, share, actual_cost)
        return core.cost_plus_incentive(self.target_cost, self.target_fee, share, actual_cost,
                                        self.min_fee, self.max_fee)

    def _draw(self, rng: np.random.Generator) -> bool:
        """Draw the terms and the actual cost; True when they fit the case and every slip
        gives an answer apart from the right one."""
        self.target_cost = float(rng.integers(20, 201) * 10_000)
        self.target_fee = float(round(self.target_cost * rng.uniform(0.06, 0.15), -3))
        self.buyer_share = float(rng.choice(_SHARES))
        self.ceiling_price = self.min_fee = self.max_fee = None
        tc = self.target_cost
        if self.kind == "fpif":
            self.ceiling_price = float(self.target_fee + tc
                                       + round(tc * rng.uniform(0.08, 0.25), -3))
            pta = core.point_of_total_assumption(tc, tc + self.target_fee, self.ceiling_price,
                                                 self.buyer_share)
            if self.case == "underrun":
                change = -rng.uniform(0.05, 0.25) * tc
            elif self.case == "overrun":
                change = rng.uniform(0.2, 0.85) * (pta - tc)
            else:
                change = (pta - tc) + rng.uniform(0.03, 0.2) * tc
        else:
            self.min_fee = float(round(self.target_fee * rng.uniform(0.1, 0.6), -3))
            self.max_fee = float(self.target_fee + round(tc * rng.uniform(0.03, 0.08), -3))
            seller = 1 - self.buyer_share
            room_up = (self.max_fee - self.target_fee) / seller      # underrun to the max fee
            room_down = (self.target_fee - self.min_fee) / seller    # overrun to the min fee
            if self.case == "underrun":
                change = -rng.uniform(0.2, 0.85) * room_up
            elif self.case == "overrun":
                change = rng.uniform(0.2, 0.85) * room_down
            elif self.case == "max_fee":
                change = -rng.uniform(1.15, 1.6) * room_up
            else:
                change = rng.uniform(1.15, 1.6) * room_down
        self.actual_cost = float(round(tc + change, -3))
        if not 0.4 * tc <= self.actual_cost <= 2 * tc or self.actual_cost == tc:
            return False
        r = self._core(self.actual_cost)
        if self._case_of(r) != self.case:
            return False
        self.result = r
        right = self.expected()
        for name, slips in self._slips().items():
            values = [right[name], *(v for _, v in slips)]
            if any(abs(a - b) <= 3 * TOLERANCE for i, a in enumerate(values)
                   for b in values[i + 1:]):
                return False
        return True

    @staticmethod
    def _case_of(r) -> str:
        """The case a core result falls in."""
        if isinstance(r, core.FixedPriceIncentive):
            if r.capped:
                return "ceiling"
        elif r.fee_capped:
            return f"{r.fee_capped}_fee"
        return "underrun" if r.cost_variance > 0 else "overrun"

    def _hints(self) -> list[str]:
        first = ("Start from the cost variance: target cost minus actual cost, positive for "
                 "an underrun, negative for an overrun. The seller's part of it moves the fee; "
                 "the first number of the split is the buyer's part.")
        if self.kind == "fpif":
            second = ("The formula gives a price = actual cost + fee, but the buyer never pays "
                      "more than the ceiling. The PTA is where the formula price reaches the "
                      "ceiling: divide the room between the ceiling and the target price by "
                      "the buyer's share, then add the target cost.")
            last = ("Step by step: (1) cost variance = target cost − actual cost. (2) seller's "
                    "share = one − buyer's share. (3) fee = target fee + cost variance × "
                    "seller's share. (4) price = actual cost + fee. (5) If that price is above "
                    "the ceiling, the buyer pays the ceiling instead and the seller's fee "
                    "becomes ceiling − actual cost (a loss if negative). (6) target price = "
                    "target cost + target fee, and PTA = (ceiling − target price) / buyer's "
                    "share + target cost. Past the PTA the price stays at the ceiling, so "
                    "every further euro of cost is the seller's.")
        else:
            second = ("A CPIF keeps the fee between the minimum and the maximum fee, and has "
                      "no ceiling: the buyer reimburses every allowable cost and adds the fee.")
            last = ("Step by step: (1) cost variance = target cost − actual cost. (2) seller's "
                    "share = one − buyer's share. (3) fee = target fee + cost variance × "
                    "seller's share. (4) If that fee is above the maximum fee, use the "
                    "maximum; if it is below the minimum fee, use the minimum. (5) price = "
                    "actual cost + fee: the actual cost, not the target price, is what the "
                    "buyer reimburses. The buyer pays every allowable cost; the seller risks "
                    "only its fee, down to the minimum fee.")
        return [first, second, last]

    # -- answers from the core ------------------------------------------------------------

    def expected(self) -> dict[str, object]:
        r = self.result
        if self.kind == "fpif":
            return {"fee": r.fee, "price": r.price, "pta": r.pta, "past_pta": "ceiling"}
        return {"fee": r.fee, "price": r.price, "risk": "cpif"}

    def _slips(self) -> dict[str, list[tuple[str, float]]]:
        """The answers each common slip gives, by field: ``[(slip, value), ...]``.

        Computed with the core wherever it can (another share, a mirrored actual
        cost); the rest adds the core's own figures as the slip does.
        """
        r = self.result
        ac, tc = self.actual_cost, self.target_cost
        swapped = self._core(ac, 1 - self.buyer_share)
        mirrored = self._core(2 * tc - ac)  # the variance with the wrong sign
        fee = [("swapped", swapped.fee), ("sign", mirrored.formula_fee)]
        price = [("swapped", swapped.price), ("sign", ac + mirrored.formula_fee),
                 ("target_plus_fee", r.target_price + r.fee)]
        out = {"fee": fee, "price": price}
        if self.kind == "fpif":
            if r.capped:
                fee.append(("formula_fee", r.formula_fee))
                price.append(("ceiling", r.formula_price))
            seller = core.point_of_total_assumption(tc, r.target_price, self.ceiling_price,
                                                    1 - self.buyer_share)
            out["pta"] = [("seller_share", seller), ("no_target_cost", r.pta - tc)]
        elif r.fee_capped:
            fee.append(("limits", r.formula_fee))
            price.append(("limits", ac + r.formula_fee))
        # a slip that happens to give the right answer is no slip
        right = {"fee": r.fee, "price": r.price, "pta": getattr(r, "pta", None)}
        return {name: [(s, v) for s, v in slips if not _near(v, right[name])]
                for name, slips in out.items()}

    # -- showing --------------------------------------------------------------------------

    def _details(self) -> str:
        rows = [["Target cost", _eur(self.target_cost)],
                ["Target fee", _eur(self.target_fee)],
                ["Share (buyer/seller)", _split(self.buyer_share)]]
        if self.kind == "fpif":
            rows.append(["Ceiling price", _eur(self.ceiling_price)])
        else:
            rows += [["Minimum fee", _eur(self.min_fee)], ["Maximum fee", _eur(self.max_fee)]]
        rows.append(["Actual cost at completion", _eur(self.actual_cost)])
        kind = "FPIF" if self.kind == "fpif" else "CPIF"
        return markdown_table([f"{kind} contract", "Amount"], rows)

    def fields(self) -> list:
        out = [Number("fee", "Seller's fee", unit="EUR", decimals=0),
               Number("price", "Price the buyer pays", unit="EUR", minimum=0, decimals=0)]
        if self.kind == "fpif":
            out += [Number("pta", "Point of total assumption (PTA)", unit="EUR", minimum=0,
                           decimals=0),
                    Choice("past_pta", "Past the PTA", self.past_options)]
        else:
            out.append(Choice("risk", "Who carries the cost risk", self.risk_options))
        return out

    # -- grading --------------------------------------------------------------------------

    _SLIP_WORDS = {
        "swapped": ("the buyer's and the seller's shares are swapped: the seller's part of the "
                    "variance is the second number of the split.",
                    "The split is buyer/seller: the fee moves by the seller's share, one minus "
                    "the buyer's."),
        "sign": ("the cost variance has the wrong sign: an overrun lowers the seller's fee and "
                 "an underrun raises it.",
                 "Cost variance = target cost − actual cost: negative for an overrun, so the "
                 "seller's share of it comes off the target fee."),
        "target_plus_fee": ("that is target price + fee; the buyer pays the actual cost plus "
                            "the fee.",
                            "The target fee is already inside the target price: price = actual "
                            "cost + fee."),
        "ceiling": ("the ceiling is ignored: the buyer never pays more than the ceiling price, "
                    "and the seller absorbs the rest.",
                    "Compare the formula price with the ceiling; above it, the price is the "
                    "ceiling and the fee is ceiling − actual cost."),
        "formula_fee": ("that is the formula fee before the ceiling: with the price held at the "
                        "ceiling, the seller earns only ceiling − actual cost.",
                        "Compare the formula price with the ceiling; above it, the price is the "
                        "ceiling and the fee is ceiling − actual cost."),
        "limits": ("the minimum and maximum fee are ignored: the fee stays within them.",
                   "Compare the formula fee with the minimum and the maximum fee, and keep it "
                   "between them."),
        "seller_share": ("that PTA uses the seller's share; it divides by the buyer's share.",
                         "PTA = (ceiling − target price) / buyer's share + target cost."),
        "no_target_cost": ("the target cost is not added back: the PTA is an actual cost, so "
                           "it ends with + target cost.",
                           "PTA = (ceiling − target price) / buyer's share + target cost."),
    }

    _LABELS = {"fee": "seller's fee", "price": "price", "pta": "PTA"}

    def _grade_fpif(self, fee: float, price: float, pta: float, past_pta: str):
        """Grade an FPIF answer: fee, price, PTA and the choice past the PTA."""
        return self._judge(fee, price, pta=pta, past_pta=past_pta)

    def _grade_cpif(self, fee: float, price: float, risk: str):
        """Grade a CPIF answer: fee, price and the choice on the cost risk."""
        return self._judge(fee, price, risk=risk)

    def _judge(self, fee: float, price: float, pta: float | None = None,
               past_pta: str | None = None, risk: str | None = None):
        want = self.expected()
        slips = self._slips()
        given = {"fee": fee, "price": price}
        if self.kind == "fpif":
            given["pta"] = pta
        notes, hints = [], []
        for number, (name, value) in enumerate(given.items(), start=1):
            if _near(value, want[name]):
                continue
            slip = next((s for s, v in slips[name] if _near(value, v)), None)
            if name == "price" and slip is None and _near(value, self.result.target_price
                                                          + fee):
                slip = "target_plus_fee"
            if slip:
                words, hint = self._SLIP_WORDS[slip]
                notes.append(f"({number}) For the {self._LABELS[name]}, {words}")
                hints.append(hint)
            else:
                notes.append(f"({number}) The {self._LABELS[name]} is not right yet.")
                hints.append(self.hints[0] if name != "pta" else self.hints[1])
        choice_number = len(given) + 1
        if self.kind == "fpif" and past_pta != "ceiling":
            why = next(w for v, _, w in _PAST_PTA if v == past_pta)
            notes.append(f"({choice_number}) {why}")
            hints.append(self.hints[1])
        if self.kind == "cpif" and risk != "cpif":
            notes.append(f"({choice_number}) {_RISK_WHY[risk]}")
            hints.append(self.hints[1])
        if not notes:
            r = self.result
            extra = (f", PTA {_eur(r.pta)}" if self.kind == "fpif" else "")
            return True, (f"Fee {_eur(r.fee)}, price {_eur(r.price)}{extra}: "
                          f"{self._case_words()}"), None
        return False, " ".join(notes), hints[0]

    def _case_words(self) -> str:
        return {"underrun": "an underrun, so the seller earns more than the target fee.",
                "overrun": "an overrun, shared by the split, so the seller earns less than "
                           "the target fee.",
                "ceiling": "past the PTA, so the buyer pays the ceiling and the seller "
                           "absorbs the rest.",
                "max_fee": "a large underrun, so the fee is held at the maximum fee.",
                "min_fee": "a large overrun, so the fee is held at the minimum fee, and the "
                           "buyer pays the rest of the cost."}[self.case]

    def _solution(self) -> Note:
        r = self.result
        steps = numbered_list(r.steps)
        lines = [f"**Seller's fee: {_eur(r.fee)}**",
                 f"**Price the buyer pays: {_eur(r.price)}**"]
        if self.kind == "fpif":
            lines.append(f"**Point of total assumption: {_eur(r.pta)}**")
            label = dict((v, t) for t, v in self.past_options)["ceiling"]
            lines.append(f"**Past the PTA:** {label} The actual cost here is "
                         + ("past the PTA." if self.result.capped else "below the PTA."))
        else:
            label = dict((v, t) for t, v in self.risk_options)["cpif"]
            lines.append(f"**Who carries the cost risk:** {label}")
        return Note("The calculation, step by step (share written buyer/seller):\n\n" + steps
                    + "\n\n" + "\n\n".join(lines))


# ==========================================================================
# 2. Which contract type fits?
# ==========================================================================

#: The attributes of a situation, as the table under the task names them.
_ATTRIBUTES = ("Scope clarity", "Urgency", "Buyer's appetite for cost risk",
               "Exposure to a market index", "What the buyer wants to reward")

#: Situations (a teaching model): the fitting contract type, the attribute texts, two
#: stories to choose from, and why the tempting alternatives do not fit.
_SITUATIONS = {
    "ffp": {
        "attributes": (
            "Well defined and stable: the fit-gap list is signed off",
            "Normal: the start can wait for a priced offer",
            "Low: the board approved a fixed budget and wants one firm price",
            "No exposure: a project of a few months, at today's rates",
            "Delivery of the agreed scope, nothing more"),
        "stories": (
            "Roll out the ERP's standard purchasing module to a second plant, configured like "
            "the first one.",
            "Build the interfaces between the ERP and the warehouse system, whose "
            "specifications were signed off last month."),
        "tempting": {
            "fpif": "An incentive fee adds a target cost, a share ratio and a ceiling to agree "
                    "and track. With a stable scope and a fixed budget, one firm price gives "
                    "the same protection more simply.",
            "tm": "Time and materials leaves the number of hours, and so the cost, with the "
                  "buyer: the opposite of what a fixed budget needs.",
        },
    },
    "fpif": {
        "attributes": (
            "Reasonably firm: the processes are known, but the data-migration effort is not",
            "Normal",
            "Moderate: the buyer will share an overrun but needs a hard cap on what it pays",
            "No exposure: a project of about a year",
            "Keeping the cost down"),
        "stories": (
            "Migrate the finance data of three legacy systems into the ERP; the quality of the "
            "old data is uncertain.",
            "Configure the ERP's inventory processes, which are agreed, and convert the stock "
            "records, whose effort nobody can estimate well."),
        "tempting": {
            "ffp": "With the cost this uncertain, a partner asked for one firm price adds a "
                   "large contingency or does not bid. An incentive fee shares the uncertainty "
                   "and still caps the price at the ceiling.",
            "cpif": "A CPIF has no ceiling: the buyer would pay every allowable cost, but this "
                    "buyer needs a hard cap on the price.",
        },
    },
    "fp_epa": {
        "attributes": (
            "Well defined: support and hosting with agreed service levels",
            "Normal",
            "Low: the buyer wants a fixed price for the agreed service",
            "High: a five-year contract, and the partner's labour costs follow a published "
            "wage index",
            "The agreed service, year after year"),
        "stories": (
            "Run the ERP's application support for five years after go-live, at agreed service "
            "levels.",
            "Host and operate the ERP for five years; most of the cost is the partner's staff."),
        "tempting": {
            "ffp": "Over five years a firm price forces the partner to guess inflation and add "
                   "a premium for it. An index clause lets the price follow the published "
                   "index, up or down.",
            "tm": "Time and materials would leave both the hours and the rates open each year; "
                  "the service and its levels are already well defined.",
        },
    },
    "tm": {
        "attributes": (
            "Unclear: the requirements will only be known after the discovery workshops",
            "High: two consultants must start next week",
            "The buyer can supervise the work closely and will set a not-to-exceed amount",
            "No exposure: a few weeks of work",
            "Expert hours, quickly"),
        "stories": (
            "Bring in two ERP consultants for the discovery phase, to run workshops with the "
            "business before the scope is written.",
            "Add a specialist to the team for a few weeks to advise on the ERP's authorisation "
            "concept."),
        "tempting": {
            "ffp": "A fixed price needs a defined scope; pricing work nobody has defined would "
                   "take weeks and carry a large risk premium.",
            "cpff": "A cost-reimbursable contract needs cost audits and a negotiated fee: too "
                    "heavy for a few weeks of advisory hours.",
        },
    },
    "cpif": {
        "attributes": (
            "Outlined only: a new integration platform with real technical uncertainty",
            "Normal",
            "High: the buyer can absorb overruns, but wants the partner to care about cost",
            "No exposure",
            "Keeping the cost down, within limits"),
        "stories": (
            "Build a new integration platform between the ERP and the factories' machines; the "
            "technology is new to both parties.",
            "Develop custom planning software around the ERP, a first of its kind for the "
            "company."),
        "tempting": {
            "fpif": "A fixed-price incentive needs a scope firm enough to agree a ceiling; with "
                    "this much uncertainty the partner would price in the risk or refuse the "
                    "ceiling.",
            "cpff": "A fixed fee gives the partner no reward for saving cost, which is what "
                    "this buyer wants to reward.",
        },
    },
    "cpaf": {
        "attributes": (
            "Defined, but success is about quality: how fast and how well the team responds",
            "Normal",
            "High: the buyer pays the costs and judges the service each quarter",
            "No exposure",
            "Service quality and cooperation, judged by the buyer"),
        "stories": (
            "Staff the hypercare team for the months after go-live, where responsiveness and "
            "teamwork with the business matter most.",
            "Run the ERP's training and user support during the rollout, judged on the users' "
            "experience."),
        "tempting": {
            "cpif": "An incentive fee follows a cost formula. What this buyer wants to reward "
                    "(quality, responsiveness, cooperation) is not a cost, so an award judged "
                    "each period fits better.",
            "cpff": "A fixed fee rewards nothing beyond doing the work; this buyer wants to "
                    "reward the quality of the service.",
        },
    },
    "cpff": {
        "attributes": (
            "Unknown: a research pilot of a technology no one has used at this scale",
            "Normal",
            "High: the buyer accepts paying the costs, whatever they turn out to be",
            "No exposure",
            "Finding out what works; no one can set a credible target cost"),
        "stories": (
            "Pilot machine-learning demand forecasting inside the ERP, to find out whether it "
            "can work with the company's data at all.",
            "Research whether the ERP can run on the factories' edge servers, which no vendor "
            "has tried."),
        "tempting": {
            "cpif": "An incentive needs a target cost both sides believe. With no credible "
                    "estimate the target, and so the incentive, would be arbitrary.",
            "ffp": "No one can price unknown research work: a firm price would be a guess with "
                   "a large risk premium, or a loss for one side.",
        },
    },
}


class ContractChoice(Exercise):
    """Choose the contract type that fits a situation, and how it handles a scope change.

    The seed draws one of seven situations (one per contract type of
    :func:`~implcourse.partners.contracts.contract_types`) and one of its two
    stories. Part (1) offers all seven types; part (2) offers four of the
    types' ``scope_change`` texts (the fitting one, a tempting alternative's
    and two others). Which type fits is a teaching model (see the module
    docstring); the feedback explains why the tempting alternative does not
    fit, and for any other type quotes when that type is used.

    Examples
    --------
    >>> ex = ContractChoice(seed=2)
    >>> [f.label for f in ex.fields()]
    ['Contract type that fits', 'How it handles a change of scope']
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "contract_type")
        self.types = {t.id: t for t in core.contract_types()}
        unknown = set(_SITUATIONS) - set(self.types)
        if unknown:
            raise RuntimeError(f"contracts.yml has no contract type {sorted(unknown)[0]!r}")
        self.answer = str(rng.choice(list(_SITUATIONS)))
        situation = _SITUATIONS[self.answer]
        self.attributes = situation["attributes"]
        self.story = str(rng.choice(situation["stories"]))
        self.tempting = dict(situation["tempting"])
        temptations = list(self.tempting)
        first = str(rng.choice(temptations))
        rest = [t for t in self.types if t not in (self.answer, first)]
        picked = [self.answer, first,
                  *(str(k) for k in rng.choice(rest, size=2, replace=False))]
        order = rng.permutation(len(picked))
        self.scope_options = tuple((self.types[picked[i]].scope_change, picked[i])
                                   for i in order)
        super().__init__(
            id="08.contract_type", lesson="08", topic="contracts",
            title="Which contract type fits?",
            task=(f"The ERP programme needs an implementation partner for the following "
                  f"work. {self.story} The situation is described below (a synthetic case). "
                  "(1) Which contract type fits it best? (2) How does that contract type "
                  "handle a change of scope?"),
            hints=["Ask first who should carry the cost risk: a stable scope lets the seller "
                   "carry it at a fixed price; an unknown scope leaves it with the buyer.",
                   "Then look at the details: a need for a hard cap, a market index over "
                   "several years, hours needed at once, or a reward for quality rather than "
                   "cost each point to one type.",
                   "Step by step: (a) scope well defined and stable: a fixed price; firm but "
                   "with uncertain cost and a need for a cap: a fixed-price incentive; a "
                   "long contract exposed to a published index: fixed price with economic "
                   "price adjustment. (b) Scope unclear and work needed at once, for a short "
                   "time: time and materials with a not-to-exceed amount. (c) Real technical "
                   "uncertainty: cost-reimbursable; add an incentive fee to reward saving "
                   "cost, an award fee to reward quality the buyer judges, a fixed fee when "
                   "no one can set a credible target. (d) For part two, recall how that type "
                   "is paid: a price changes only by a change order; hours and costs change "
                   "with the work itself."])

    def _label(self, contract: str) -> str:
        t = self.types[contract]
        return f"{t.abbreviation}: {t.name}"

    def _details(self) -> str:
        rows = [[name, text] for name, text in zip(_ATTRIBUTES, self.attributes)]
        return markdown_table(["Aspect", "The situation"], rows)

    def fields(self) -> list:
        return [Choice("contract", "Contract type that fits",
                       tuple((self._label(k), k) for k in self.types)),
                Choice("scope_change", "How it handles a change of scope", self.scope_options)]

    def expected(self) -> dict[str, object]:
        return {"contract": self.answer, "scope_change": self.answer}

    def _grade(self, contract: str, scope_change: str):
        notes, hints = [], []
        if contract != self.answer:
            t = self.types[contract]
            if contract in self.tempting:
                notes.append(f"(1) Not {t.abbreviation}: {self.tempting[contract]}")
                hints.append(self.hints[1])
            else:
                notes.append(f"(1) {t.abbreviation} is meant for another situation: "
                             f"{t.when_to_use}")
                hints.append(self.hints[0])
        if scope_change != self.answer:
            other = self.types[scope_change].abbreviation
            if contract != self.answer and scope_change == contract:
                notes.append(f"(2) That is how {other} handles a change of scope, which "
                             "matches your answer to (1); choose again once (1) is right.")
            elif contract == self.answer:
                notes.append(f"(2) That is how {other} handles a change of scope, not "
                             f"{self.types[self.answer].abbreviation}.")
            else:
                notes.append(f"(2) That is how {other} handles a change of scope.")
            hints.append(self.hints[2])
        if not notes:
            t = self.types[self.answer]
            return True, (f"{t.abbreviation} fits: {t.when_to_use} And it handles a change of "
                          f"scope so: {t.scope_change}"), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        t = self.types[self.answer]
        why_not = "\n".join(f"- **Not {self.types[k].abbreviation}:** {text}"
                            for k, text in self.tempting.items())
        return Note(f"**(1) {self._label(self.answer)}.** {t.when_to_use} "
                    f"Who carries the cost risk: {t.cost_risk}\n\n{why_not}\n\n"
                    f"**(2)** {t.scope_change}\n\n*Reference: {t.reference}. Which type fits "
                    f"which situation is the course's teaching model.*")
