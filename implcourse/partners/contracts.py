"""Contracts with an implementation partner: types, incentive fees, SLAs and acceptance.

The seven contract types of the PMP syllabus (FFP, FPIF, FP-EPA, T&M, CPFF,
CPIF, CPAF) are data in ``datasets/partners/contracts.yml``
(:func:`contract_types`, :func:`contracts_table`): who carries the cost risk,
how each handles a change of scope, when to use it and the exam traps.
Service levels and acceptance are data in
``datasets/partners/contracts_service.yml`` (:func:`sla_terms`,
:func:`acceptance_criteria`, :func:`service_credit_table`).

The calculators, with their conventions stated once:

* **Money** is in one currency; amounts are floats, shown rounded.
* **Shares are fractions.** ``buyer_share`` is the *buyer's* part of a cost
  variance: 0.7 for a 70/30 split, written buyer/seller as on the PMP. The
  seller's share is ``1 - buyer_share``. Values above 1 (such as 70) are
  refused, with a hint to enter 0.7.
* **Cost variance** here is ``target cost - actual cost``: positive for an
  underrun (a saving), negative for an overrun. (This is not the earned-value
  CV = EV - AC.)
* **FPIF** (FAR 16.403-1, firm target): ``fee = target fee + (target cost -
  actual cost) x seller's share``; ``price = actual cost + fee``, but never
  more than the ceiling price. Above the ceiling the seller absorbs the cost:
  the price stays at the ceiling and the fee becomes ``ceiling - actual
  cost``, which shrinks and turns negative (a loss). There is no fee floor or
  fee ceiling: FAR 16.403-1(a) gives a price ceiling "but not a profit
  ceiling or floor". In an FPIF the fee *is* the seller's profit.
* **PTA** (point of total assumption): ``(ceiling price - target price) /
  buyer's share + target cost``, the actual cost at which the formula price
  reaches the ceiling; beyond it the seller carries every extra unit of cost.
* **CPIF** (FAR 16.405-1): the same fee formula, kept between the minimum and
  maximum fee when they are given; ``price = actual cost + fee`` with no
  ceiling. FAR 16.405-1(a): outside the range where the formula works the
  seller gets its costs plus the minimum or maximum fee.

References
----------
.. [1] US Federal Acquisition Regulation (FAR), part 16: 16.202 (FFP), 16.203
   (economic price adjustment), 16.306 (CPFF), 16.403-1 (FPIF, firm target),
   16.405-1 (CPIF), 16.405-2 (CPAF), 16.601 (T&M). https://www.acquisition.gov/far/part-16
.. [2] Project Management Institute, *A Guide to the Project Management Body
   of Knowledge*, 6th ed., 2017, chapter 12 (contract types under 12.1.1.6).
.. [3] "Seller Fee Calculations in FPIF Contract", Deep Fried Brain, 2009,
   https://www.deepfriedbrainproject.com/2009/12/seller-fee-calculations-fpif-contract.html

Examples
--------
>>> r = fixed_price_incentive(target_cost=100_000, target_fee=10_000,
...                           ceiling_price=120_000, buyer_share=0.8, actual_cost=90_000)
>>> r.fee, r.price, r.pta
(12000.0, 102000.0, 112500.0)
>>> cost_plus_incentive(100_000, 10_000, 0.8, 130_000, min_fee=5_000).fee_capped
'min'
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..validation import shown
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file, display_path,
                       field_path, read_yaml)

__all__ = ["FixedPriceIncentive", "CostPlusIncentive", "Payment", "ServiceCredit",
           "fixed_price_incentive", "cost_plus_incentive", "point_of_total_assumption",
           "cost_plus_fixed_fee", "cost_plus_award_fee", "fixed_price_economic_adjustment",
           "time_and_materials", "service_credit", "ContractType", "contract_types",
           "contracts_table", "SlaTerm", "sla_terms", "AcceptanceCriterion",
           "acceptance_criteria", "service_credit_table", "FIELD_NAMES"]

CONTRACTS_FILE = "partners/contracts.yml"
SERVICE_FILE = "partners/contracts_service.yml"

#: The inputs in the learner's words, as messages and tools name them.
FIELD_NAMES = {
    "target_cost": "Target cost",
    "target_fee": "Target fee",
    "target_price": "Target price",
    "ceiling_price": "Ceiling price",
    "buyer_share": "Buyer's share",
    "actual_cost": "Actual cost",
    "min_fee": "Minimum fee",
    "max_fee": "Maximum fee",
    "fee": "Fixed fee",
    "base_fee": "Base fee",
    "award_pool": "Award fee pool",
    "award_percent": "Award earned",
    "base_price": "Base price",
    "index_at_award": "Index at award",
    "index_now": "Index now",
    "adjusted_share": "Share of the price adjusted",
    "hours": "Hours",
    "rates": "Hourly rates",
    "materials": "Materials",
    "not_to_exceed": "Not-to-exceed amount",
    "measured_availability": "Measured availability",
    "target": "Availability target",
    "monthly_fee": "Monthly fee",
}


# --------------------------------------------------------------------------
# Checks and formatting
# --------------------------------------------------------------------------

def _amount(value: float) -> str:
    """A money amount with thousands separators; whole amounts without decimals.

    >>> _amount(1234567.0), _amount(1234.5), _amount(-10.0)
    ('1,234,567', '1,234.50', '-10')
    """
    value = float(value) + 0.0
    if abs(value) >= 1e15:
        return f"{value:.6g}"
    if abs(value - round(value)) < 1e-6:
        return f"{round(value):,d}"
    return f"{value:,.2f}"


def _number(field: str, value: object, *, minimum: float | None = None,
            above: float | None = None) -> float:
    """A finite number, at least ``minimum`` or more than ``above``, or an error naming it."""
    label = FIELD_NAMES.get(field, field)
    tag = _in_code(field)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number (you entered {shown(value)}){tag}")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        raise ValueError(f"{label} must be a finite number (you entered {shown(value)})"
                         f"{tag}") from None
    if not math.isfinite(number):
        raise ValueError(f"{label} must be a finite number (you entered {number}){tag}")
    if above is not None and number <= above:
        if above == 0:
            raise ValueError(f"{label} must be more than 0 (you entered {_amount(number)}){tag}")
        raise ValueError(f"{label} must be more than {_amount(above)} "
                         f"(you entered {_amount(number)}){tag}")
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValueError(f"{label} cannot be negative (you entered {_amount(number)}){tag}")
        raise ValueError(f"{label} must be at least {_amount(minimum)} "
                         f"(you entered {_amount(number)}){tag}")
    return number


def _in_code(field: str) -> str:
    """The parameter's Python name after a message in the learner's words (a widget
    shows the label; a call in code needs the name). Empty when the label already is it."""
    if field.isidentifier() and FIELD_NAMES.get(field, field).lower() != field.replace("_", " "):
        return f" (parameter {field})"
    return ""


def _finite(**results: float | None) -> None:
    """Refuse results that overflowed to infinity (or NaN), naming the first one
    and the amounts of the calculator that asked (its parameters)."""
    for name, value in results.items():
        if value is not None and not math.isfinite(value):
            code = sys._getframe(1).f_code  # the calculator: name the inputs it took
            inputs = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
            raise ValueError(f"The amounts are too large to calculate with: the "
                             f"{name.replace('_', ' ')} comes to {value}; enter smaller "
                             f"amounts (in thousands, say) for {', '.join(inputs)}")


def _fraction(field: str, value: object, *, example: str, allow_zero: bool = True) -> float:
    """A share as a fraction from 0 to 1; 70 is refused with a hint to enter 0.7."""
    label = FIELD_NAMES.get(field, field)
    tag = _in_code(field)
    number = _number(field, value)
    if number > 1:
        hint = (f"; for {number:g} % enter {number / 100:g}" if number <= 100 else "")
        raise ValueError(f"{label} must be a fraction from 0 to 1, e.g. {example} "
                         f"(you entered {number:g}{hint}){tag}")
    if number < 0:
        raise ValueError(f"{label} must be a fraction from 0 to 1, e.g. {example} "
                         f"(you entered {number:g}){tag}")
    if number == 0 and not allow_zero:
        raise ValueError(f"{label} must be more than 0 here (you entered 0){tag}")
    return number


def _ratio(buyer_share: float) -> str:
    """A share as the buyer/seller split, e.g. ``80/20``.

    >>> _ratio(0.8), _ratio(0.75), _ratio(2 / 3)
    ('80/20', '75/25', '66.7/33.3')
    """
    b, s = buyer_share * 100, (1 - buyer_share) * 100
    return f"{b:.3g}/{s:.3g}"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


class _Explained:
    """Mixin: ``steps`` in words, and :meth:`explain` joining them."""

    steps: tuple[str, ...]

    def explain(self) -> str:
        """The calculation step by step, one line each."""
        return "\n".join(self.steps)


# --------------------------------------------------------------------------
# Fixed price incentive fee (FPIF) and the point of total assumption
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FixedPriceIncentive(_Explained):
    """The result of :func:`fixed_price_incentive` (all amounts in money).

    Attributes
    ----------
    target_cost, target_fee, ceiling_price, buyer_share, actual_cost : float
        The inputs.
    target_price : float
        ``target cost + target fee``.
    seller_share : float
        ``1 - buyer_share``.
    cost_variance : float
        ``target cost - actual cost``: positive for an underrun.
    formula_fee, formula_price : float
        The fee and price by the share formula, before the ceiling.
    fee : float
        The seller's final fee (= profit): ``price - actual cost``; negative is a loss.
    price : float
        What the buyer pays in total: the formula price, at most the ceiling.
    capped : bool
        True when the formula price was above the ceiling, so the buyer pays the ceiling.
    pta : float or None
        The point of total assumption (None when the buyer's share is 0, or so
        small that the PTA overflows: the price then never reaches the ceiling).
    seller_profit : float
        ``price - actual cost`` (the same number as ``fee``).
    steps : tuple of str
        The calculation in words.
    """

    target_cost: float
    target_fee: float
    ceiling_price: float
    buyer_share: float
    actual_cost: float
    target_price: float
    seller_share: float
    cost_variance: float
    formula_fee: float
    formula_price: float
    fee: float
    price: float
    capped: bool
    pta: float | None
    seller_profit: float
    steps: tuple[str, ...]


def _check_targets(target_cost, target_fee) -> tuple[float, float]:
    tc = _number("target_cost", target_cost, above=0)
    tf = _number("target_fee", target_fee, minimum=0)
    return tc, tf


def point_of_total_assumption(target_cost: float, target_price: float, ceiling_price: float,
                              buyer_share: float) -> float:
    """The point of total assumption (PTA) of a fixed-price-incentive contract.

    ``PTA = (ceiling price - target price) / buyer's share + target cost``:
    the actual cost at which the price given by the share formula reaches the
    ceiling. Above it the buyer pays the ceiling and the seller carries every
    further unit of cost. PTA is not where the seller breaks even: the seller
    can be losing money before the PTA.

    Parameters
    ----------
    target_cost : float
        More than 0.
    target_price : float
        Target cost plus target fee; at least the target cost.
    ceiling_price : float
        At least the target price.
    buyer_share : float
        The buyer's share as a fraction, more than 0 and at most 1 (0.8 for 80/20).

    Returns
    -------
    float

    References
    ----------
    PMI's formula as taught for the PMP; worked example: O. Lehmann's free PMP
    sample question 16 (target cost 1,000,000, fee 100,000, 80/20, ceiling
    1,200,000 gives 1,125,000), discussed at
    https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/10434-point-of-total-assumption-pta

    Examples
    --------
    >>> point_of_total_assumption(1_000_000, 1_100_000, 1_200_000, 0.8)
    1125000.0
    >>> point_of_total_assumption(100_000, 110_000, 100_000, 0.8)
    Traceback (most recent call last):
    ...
    ValueError: Ceiling price (100,000) cannot be below the target price (110,000)
    >>> point_of_total_assumption(100_000, 110_000, 120_000, 80)
    Traceback (most recent call last):
    ...
    ValueError: Buyer's share must be a fraction from 0 to 1, e.g. 0.8 for an 80/20 split (you entered 80; for 80 % enter 0.8) (parameter buyer_share)
    """
    tc = _number("target_cost", target_cost, above=0)
    tp = _number("target_price", target_price, minimum=0)
    cp = _number("ceiling_price", ceiling_price, minimum=0)
    bs = _fraction("buyer_share", buyer_share, example="0.8 for an 80/20 split",
                   allow_zero=False)
    if tp < tc:
        raise ValueError(f"Target price ({_amount(tp)}) cannot be below the target cost "
                         f"({_amount(tc)}): target price = target cost + target fee")
    if cp < tp:
        raise ValueError(f"Ceiling price ({_amount(cp)}) cannot be below the target price "
                         f"({_amount(tp)})")
    pta = (cp - tp) / bs + tc
    if not math.isfinite(pta):
        raise ValueError(f"The point of total assumption is too large to compute: with a "
                         f"buyer's share of {bs:g} the price practically never reaches the "
                         f"ceiling")
    return pta


def fixed_price_incentive(target_cost: float, target_fee: float, ceiling_price: float,
                          buyer_share: float, actual_cost: float) -> FixedPriceIncentive:
    """Fee and price of a fixed-price-incentive-fee (FPIF, firm target) contract.

    ``fee = target fee + (target cost - actual cost) x (1 - buyer share)``,
    ``price = actual cost + fee``, capped at the ceiling price. When the cap
    applies the buyer pays the ceiling and the seller's fee becomes
    ``ceiling - actual cost`` (negative when the cost passes the ceiling):
    the seller absorbs the rest (FAR 16.403-1(a)). There is no fee floor or
    fee ceiling in an FPIF.

    Parameters
    ----------
    target_cost : float
        More than 0.
    target_fee : float
        The target profit, 0 or more.
    ceiling_price : float
        The most the buyer pays; at least the target price (target cost + target fee).
    buyer_share : float
        The buyer's share of a variance as a fraction, 0 to 1: 0.7 for a 70/30 split.
    actual_cost : float
        The seller's final cost, 0 or more.

    Returns
    -------
    FixedPriceIncentive
        With ``fee``, ``price``, ``target_price``, ``pta``, ``capped``,
        ``seller_profit`` and ``steps`` (see :meth:`~FixedPriceIncentive.explain`).

    Raises
    ------
    TypeError
        For text, bools or other non-numbers.
    ValueError
        Naming the field: a target cost of 0 or less, a negative fee or cost, a
        share outside 0 to 1 (70 instead of 0.7), a ceiling below the target
        price, NaN or infinity.

    Examples
    --------
    An underrun, 80/20 (the seller keeps 20 % of the 10,000 saved):

    >>> r = fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 90_000)
    >>> r.fee, r.price, r.capped
    (12000.0, 102000.0, False)

    An overrun past the point of total assumption: the buyer pays the ceiling.

    >>> r = fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 130_000)
    >>> r.price, r.fee, r.capped, r.pta
    (120000.0, -10000.0, True, 112500.0)
    >>> print(r.explain())
    Target price = target cost + target fee = 100,000 + 10,000 = 110,000.
    Cost variance = target cost - actual cost = 100,000 - 130,000 = -30,000 (an overrun).
    Seller's share = 1 - buyer's share = 1 - 0.8 = 0.2 (split 80/20).
    Formula fee = target fee + cost variance x seller's share = 10,000 + -30,000 x 0.2 = 4,000.
    Formula price = actual cost + formula fee = 130,000 + 4,000 = 134,000.
    The formula price is above the ceiling, so the buyer pays the ceiling price: 120,000.
    The seller absorbs the rest: fee = ceiling - actual cost = 120,000 - 130,000 = -10,000 (a loss).
    Point of total assumption = (ceiling - target price) / buyer's share + target cost = (120,000 - 110,000) / 0.8 + 100,000 = 112,500.
    >>> fixed_price_incentive(0, 10_000, 120_000, 0.8, 90_000)
    Traceback (most recent call last):
    ...
    ValueError: Target cost must be more than 0 (you entered 0)
    """
    tc, tf = _check_targets(target_cost, target_fee)
    cp = _number("ceiling_price", ceiling_price, minimum=0)
    bs = _fraction("buyer_share", buyer_share, example="0.7 for a 70/30 split")
    ac = _number("actual_cost", actual_cost, minimum=0)
    tp = tc + tf
    _finite(target_price=tp)
    if cp < tp:
        raise ValueError(f"Ceiling price ({_amount(cp)}) cannot be below the target price "
                         f"(target cost + target fee = {_amount(tp)})")
    ss = 1.0 - bs
    variance = tc - ac
    formula_fee = tf + variance * ss
    # The same price as ac + formula_fee, written so that no large numbers cancel.
    formula_price = tp + bs * (ac - tc)
    capped = formula_price > cp and not _close(formula_price, cp)
    price = min(formula_price, cp)
    fee = price - ac
    _finite(formula_fee=formula_fee, formula_price=formula_price, fee=fee)
    # A share so small that (ceiling - target price) / share overflows: the formula price
    # cannot reach the ceiling at any cost a float can hold, so, as with a share of 0, no PTA.
    reachable = bs > 0 and math.isfinite((cp - tp) / bs + tc)
    pta = point_of_total_assumption(tc, tp, cp, bs) if reachable else None
    kind = "an underrun" if variance > 0 else "an overrun" if variance < 0 else "on target"
    steps = [
        f"Target price = target cost + target fee = {_amount(tc)} + {_amount(tf)} = "
        f"{_amount(tp)}.",
        f"Cost variance = target cost - actual cost = {_amount(tc)} - {_amount(ac)} = "
        f"{_amount(variance)} ({kind}).",
        f"Seller's share = 1 - buyer's share = 1 - {bs:g} = {ss:.4g} (split {_ratio(bs)}).",
        f"Formula fee = target fee + cost variance x seller's share = {_amount(tf)} + "
        f"{_amount(variance)} x {ss:.4g} = {_amount(formula_fee)}.",
        f"Formula price = actual cost + formula fee = {_amount(ac)} + {_amount(formula_fee)} = "
        f"{_amount(formula_price)}.",
    ]
    if capped:
        steps.append(f"The formula price is above the ceiling, so the buyer pays the ceiling "
                     f"price: {_amount(cp)}.")
        steps.append(f"The seller absorbs the rest: fee = ceiling - actual cost = {_amount(cp)} - "
                     f"{_amount(ac)} = {_amount(fee)}" + (" (a loss)." if fee < 0 else "."))
    else:
        steps.append(f"The formula price is within the ceiling ({_amount(cp)}): the buyer pays "
                     f"{_amount(price)} and the seller's fee is {_amount(fee)}"
                     + (" (a loss)." if fee < 0 else "."))
    if pta is None and bs == 0:
        steps.append("With a buyer's share of 0 the price is the target price whatever the "
                     "cost, so there is no point of total assumption.")
    elif pta is None:
        steps.append(f"With a buyer's share of {bs:g} the price practically never reaches the "
                     f"ceiling, so there is no point of total assumption within reach.")
    else:
        steps.append(f"Point of total assumption = (ceiling - target price) / buyer's share + "
                     f"target cost = ({_amount(cp)} - {_amount(tp)}) / {bs:g} + {_amount(tc)} = "
                     f"{_amount(pta)}.")
    return FixedPriceIncentive(
        target_cost=tc, target_fee=tf, ceiling_price=cp, buyer_share=bs, actual_cost=ac,
        target_price=tp, seller_share=ss, cost_variance=variance, formula_fee=formula_fee,
        formula_price=formula_price, fee=fee, price=price, capped=capped, pta=pta,
        seller_profit=price - ac, steps=tuple(steps))


# --------------------------------------------------------------------------
# Cost plus incentive fee (CPIF)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CostPlusIncentive(_Explained):
    """The result of :func:`cost_plus_incentive`.

    Attributes
    ----------
    target_cost, target_fee, buyer_share, actual_cost : float
        The inputs.
    min_fee, max_fee : float or None
        The fee limits, if any.
    target_price : float
        ``target cost + target fee``.
    seller_share : float
        ``1 - buyer_share``.
    cost_variance : float
        ``target cost - actual cost``: positive for an underrun.
    formula_fee : float
        The fee by the share formula, before the limits.
    fee : float
        The final fee, within the limits.
    price : float
        What the buyer pays: ``actual cost + fee`` (no ceiling).
    fee_capped : {"min", "max", None}
        Which limit applied, if any.
    steps : tuple of str
    """

    target_cost: float
    target_fee: float
    buyer_share: float
    actual_cost: float
    min_fee: float | None
    max_fee: float | None
    target_price: float
    seller_share: float
    cost_variance: float
    formula_fee: float
    fee: float
    price: float
    fee_capped: Literal["min", "max"] | None
    steps: tuple[str, ...]


def cost_plus_incentive(target_cost: float, target_fee: float, buyer_share: float,
                        actual_cost: float, min_fee: float | None = None,
                        max_fee: float | None = None) -> CostPlusIncentive:
    """Fee and price of a cost-plus-incentive-fee (CPIF) contract.

    ``fee = target fee + (target cost - actual cost) x (1 - buyer share)``,
    kept between ``min_fee`` and ``max_fee`` when they are given;
    ``price = actual cost + fee``. The buyer pays every allowable cost: there
    is no ceiling price (FAR 16.405-1(a)).

    Parameters
    ----------
    target_cost : float
        More than 0.
    target_fee : float
        0 or more; within the fee limits.
    buyer_share : float
        The buyer's share as a fraction, 0 to 1: 0.8 for an 80/20 split.
    actual_cost : float
        The allowable cost, 0 or more.
    min_fee : float, optional
        The lowest fee. It may be zero or even negative: the FAR's CPIF rules
        (16.405-1) let a contract with a high maximum fee set a zero minimum
        and, rarely, a negative one.
    max_fee : float, optional
        The highest fee, 0 or more.

    Returns
    -------
    CostPlusIncentive

    Raises
    ------
    TypeError, ValueError
        As for :func:`fixed_price_incentive`; also a minimum fee above the
        maximum fee, or a target fee outside the limits.

    Examples
    --------
    Wikipedia's example (target cost 1,000, fee 100, 80/20): an overrun to 1,100
    gives a price of 1,180; an underrun to 900 gives 1,020.

    >>> cost_plus_incentive(1000, 100, 0.8, 1100).price
    1180.0
    >>> cost_plus_incentive(1000, 100, 0.8, 900).price
    1020.0
    >>> r = cost_plus_incentive(100_000, 10_000, 0.8, 40_000, min_fee=2_000, max_fee=15_000)
    >>> r.formula_fee, r.fee, r.price, r.fee_capped
    (22000.0, 15000.0, 55000.0, 'max')
    >>> cost_plus_incentive(100_000, 10_000, 0.8, 90_000, min_fee=12_000, max_fee=11_000)
    Traceback (most recent call last):
    ...
    ValueError: Minimum fee (12,000) cannot be above the maximum fee (11,000)
    """
    tc, tf = _check_targets(target_cost, target_fee)
    bs = _fraction("buyer_share", buyer_share, example="0.8 for an 80/20 split")
    ac = _number("actual_cost", actual_cost, minimum=0)
    lo = None if min_fee is None else _number("min_fee", min_fee)
    hi = None if max_fee is None else _number("max_fee", max_fee, minimum=0)
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"Minimum fee ({_amount(lo)}) cannot be above the maximum fee "
                         f"({_amount(hi)})")
    if lo is not None and tf < lo:
        raise ValueError(f"Target fee ({_amount(tf)}) cannot be below the minimum fee "
                         f"({_amount(lo)})")
    if hi is not None and tf > hi:
        raise ValueError(f"Target fee ({_amount(tf)}) cannot be above the maximum fee "
                         f"({_amount(hi)})")
    ss = 1.0 - bs
    variance = tc - ac
    formula_fee = tf + variance * ss
    fee, capped = formula_fee, None
    if hi is not None and formula_fee > hi:
        fee, capped = hi, "max"
    elif lo is not None and formula_fee < lo:
        fee, capped = lo, "min"
    price = ac + fee
    _finite(target_price=tc + tf, formula_fee=formula_fee, price=price)
    kind = "an underrun" if variance > 0 else "an overrun" if variance < 0 else "on target"
    steps = [
        f"Target price = target cost + target fee = {_amount(tc)} + {_amount(tf)} = "
        f"{_amount(tc + tf)} (a reference point only: a CPIF has no ceiling).",
        f"Cost variance = target cost - actual cost = {_amount(tc)} - {_amount(ac)} = "
        f"{_amount(variance)} ({kind}).",
        f"Seller's share = 1 - buyer's share = 1 - {bs:g} = {ss:.4g} (split {_ratio(bs)}).",
        f"Formula fee = target fee + cost variance x seller's share = {_amount(tf)} + "
        f"{_amount(variance)} x {ss:.4g} = {_amount(formula_fee)}.",
    ]
    if capped == "max":
        steps.append(f"That is above the maximum fee, so the fee is the maximum: {_amount(fee)}.")
    elif capped == "min":
        steps.append(f"That is below the minimum fee, so the fee is the minimum: {_amount(fee)}.")
    else:
        limits = [f"minimum {_amount(lo)}" if lo is not None else "",
                  f"maximum {_amount(hi)}" if hi is not None else ""]
        limits = " and ".join(x for x in limits if x)
        steps.append(f"The fee is {_amount(fee)}"
                     + (f" (within the {limits})." if limits else " (no fee limits given)."))
    steps.append(f"Price = actual cost + fee = {_amount(ac)} + {_amount(fee)} = {_amount(price)}.")
    return CostPlusIncentive(
        target_cost=tc, target_fee=tf, buyer_share=bs, actual_cost=ac, min_fee=lo, max_fee=hi,
        target_price=tc + tf, seller_share=ss, cost_variance=variance, formula_fee=formula_fee,
        fee=fee, price=price, fee_capped=capped, steps=tuple(steps))


# --------------------------------------------------------------------------
# The other contract types
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Payment(_Explained):
    """What the buyer pays under CPFF, CPAF, FP-EPA or T&M.

    Attributes
    ----------
    contract : str
        The abbreviation, e.g. ``"CPFF"``.
    price : float
        The buyer's total.
    fee : float or None
        The seller's fee where the contract has one (CPFF, CPAF), else None.
    cost : float or None
        The reimbursed or billed cost where there is one, else None.
    capped : bool
        True when a not-to-exceed amount limited the price (T&M).
    steps : tuple of str
    """

    contract: str
    price: float
    fee: float | None
    cost: float | None
    capped: bool
    steps: tuple[str, ...]


def cost_plus_fixed_fee(actual_cost: float, fee: float) -> Payment:
    """Cost plus fixed fee (CPFF): ``price = actual cost + fee``; the fee does not move with cost.

    Examples
    --------
    >>> cost_plus_fixed_fee(120_000, 10_000).price
    130000.0
    >>> cost_plus_fixed_fee(120_000, -1)
    Traceback (most recent call last):
    ...
    ValueError: Fixed fee cannot be negative (you entered -1) (parameter fee)
    """
    ac = _number("actual_cost", actual_cost, minimum=0)
    f = _number("fee", fee, minimum=0)
    price = ac + f
    _finite(price=price)
    steps = (f"Price = actual cost + fixed fee = {_amount(ac)} + {_amount(f)} = {_amount(price)}.",
             "The fee stays the same whatever the cost; only a change of scope changes it.")
    return Payment("CPFF", price, f, ac, False, steps)


def cost_plus_award_fee(actual_cost: float, base_fee: float, award_pool: float,
                        award_percent: float) -> Payment:
    """Cost plus award fee (CPAF): ``fee = base fee + award pool x award earned``.

    ``award_percent`` is the fraction of the pool the buyer grants after its
    evaluation (0 to 1: 0.85 for 85 %). The base fee may be zero (FAR 16.405-2).

    Examples
    --------
    >>> r = cost_plus_award_fee(500_000, 10_000, 40_000, 0.75)
    >>> r.fee, r.price
    (40000.0, 540000.0)
    >>> cost_plus_award_fee(500_000, 10_000, 40_000, 75)
    Traceback (most recent call last):
    ...
    ValueError: Award earned must be a fraction from 0 to 1, e.g. 0.75 for 75 % of the pool (you entered 75; for 75 % enter 0.75) (parameter award_percent)
    """
    ac = _number("actual_cost", actual_cost, minimum=0)
    base = _number("base_fee", base_fee, minimum=0)
    pool = _number("award_pool", award_pool, minimum=0)
    share = _fraction("award_percent", award_percent, example="0.75 for 75 % of the pool")
    award = pool * share
    fee = base + award
    price = ac + fee
    _finite(award=award, fee=fee, price=price)
    steps = (f"Award = award pool x award earned = {_amount(pool)} x {share:g} = {_amount(award)}.",
             f"Fee = base fee + award = {_amount(base)} + {_amount(award)} = {_amount(fee)}.",
             f"Price = actual cost + fee = {_amount(ac)} + {_amount(fee)} = {_amount(price)}.")
    return Payment("CPAF", price, fee, ac, False, steps)


def fixed_price_economic_adjustment(base_price: float, index_at_award: float, index_now: float,
                                    adjusted_share: float = 1.0) -> Payment:
    """Fixed price with economic price adjustment (FP-EPA).

    Convention (one common form of an index clause, FAR 16.203-1(a)(3)):
    only ``adjusted_share`` of the price follows the index, the rest stays fixed:
    ``price = base price x ((1 - adjusted share) + adjusted share x index now /
    index at award)``. With ``adjusted_share=1`` the whole price moves with
    the index. Real clauses often add a threshold or a cap; this model has none.

    Examples
    --------
    >>> fixed_price_economic_adjustment(200_000, 100, 104).price
    208000.0
    >>> fixed_price_economic_adjustment(200_000, 100, 104, adjusted_share=0.6).price
    204800.0
    >>> fixed_price_economic_adjustment(200_000, 0, 104)
    Traceback (most recent call last):
    ...
    ValueError: Index at award must be more than 0 (you entered 0)
    """
    base = _number("base_price", base_price, above=0)
    i0 = _number("index_at_award", index_at_award, above=0)
    i1 = _number("index_now", index_now, above=0)
    share = _fraction("adjusted_share", adjusted_share,
                      example="0.6 when 60 % of the price follows the index")
    factor = (1 - share) + share * i1 / i0
    price = base * factor
    change = i1 / i0 - 1
    _finite(adjustment_factor=factor, price=price)
    steps = (f"Index change = index now / index at award - 1 = {i1:g} / {i0:g} - 1 = "
             f"{change:+.2%}.",
             f"Adjustment factor = (1 - share adjusted) + share adjusted x index now / index at "
             f"award = {1 - share:g} + {share:g} x {i1 / i0:.4g} = {factor:.4g}.",
             f"Price = base price x factor = {_amount(base)} x {factor:.4g} = {_amount(price)}.")
    return Payment("FP-EPA", price, None, None, False, steps)


def _per_role(field: str, value: object) -> dict[str, float] | float:
    label = FIELD_NAMES[field]
    if isinstance(value, Mapping):
        if not value:
            raise ValueError(f"{label}: the table needs at least one role "
                             f"(you entered an empty table)")
        out: dict[str, float] = {}
        seen: dict[str, str] = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                raise TypeError(f"{label}: each role must be named by text (you entered "
                                f"{shown(key)}) (parameter {field})")
            role = key.strip()
            if role.lower() in seen:
                raise ValueError(f"{label}: the role {role!r} is listed twice (also as "
                                 f"{seen[role.lower()]!r})")
            seen[role.lower()] = role
            out[role] = _number(f"{label} for {role!r}", item, minimum=0)
        return out
    return _number(field, value, minimum=0)


def time_and_materials(hours, rates, materials: float = 0.0, *,
                       not_to_exceed: float | None = None) -> Payment:
    """Time and materials (T&M): ``price = sum of hours x rate + materials``, at most the NTE.

    ``hours`` and ``rates`` are either two numbers or two tables (dicts) keyed
    by the same roles (matched ignoring case and surrounding spaces).
    Materials are billed at cost. With a not-to-exceed amount the buyer never
    pays more than it (FAR 16.601 calls it a ceiling price that the contractor
    exceeds at its own risk).

    Examples
    --------
    >>> time_and_materials({"consultant": 100, "developer": 200},
    ...                    {"consultant": 150, "developer": 100}, 5_000).price
    40000.0
    >>> r = time_and_materials(300, 120, not_to_exceed=30_000)
    >>> r.price, r.capped
    (30000.0, True)
    >>> time_and_materials({"consultant": 10}, {"developer": 100})
    Traceback (most recent call last):
    ...
    ValueError: Hourly rates: no rate for 'consultant' (roles with rates: 'developer')
    """
    h = _per_role("hours", hours)
    r = _per_role("rates", rates)
    mat = _number("materials", materials, minimum=0)
    nte = None if not_to_exceed is None else _number("not_to_exceed", not_to_exceed, minimum=0)
    if isinstance(h, dict) != isinstance(r, dict):
        raise TypeError("Hours and hourly rates must both be numbers or both be tables by role "
                        f"(you entered {type(hours).__name__} and {type(rates).__name__})")
    steps = []
    if isinstance(h, dict):
        known = ", ".join(repr(k) for k in r)
        rate_of = {k.lower(): v for k, v in r.items()}      # roles match ignoring case
        for role in h:
            if role.lower() not in rate_of:
                raise ValueError(f"Hourly rates: no rate for {role!r} (roles with rates: {known})")
        hours_of = {k.lower() for k in h}
        for role in r:
            if role.lower() not in hours_of:
                raise ValueError(f"Hours: no hours for {role!r} (roles with hours: "
                                 f"{', '.join(repr(k) for k in h)})")
        labour = 0.0
        for role in h:
            rate = rate_of[role.lower()]
            labour += h[role] * rate
            steps.append(f"{role}: {h[role]:,g} h x {_amount(rate)} = "
                         f"{_amount(h[role] * rate)}.")
    else:
        labour = h * r
        steps.append(f"Labour = {h:,g} h x {_amount(r)} = {_amount(labour)}.")
    total = labour + mat
    _finite(labour_cost=labour, total=total)
    steps.append(f"Total = labour + materials = {_amount(labour)} + {_amount(mat)} = "
                 f"{_amount(total)}.")
    capped = nte is not None and total > nte
    price = nte if capped else total
    if capped:
        steps.append(f"That is above the not-to-exceed amount, so the buyer pays {_amount(nte)}; "
                     f"the seller carries the other {_amount(total - nte)}.")
    return Payment("T&M", price, None, total, capped, tuple(steps))


# --------------------------------------------------------------------------
# Content: contract types, SLA terms, acceptance criteria
# --------------------------------------------------------------------------

Family = Literal["fixed_price", "cost_reimbursable", "time_and_materials"]
FAMILY_NAMES = {"fixed_price": "Fixed price", "cost_reimbursable": "Cost-reimbursable",
                "time_and_materials": "Time and materials"}


class ContractType(ContentModel):
    """One contract type, as in ``datasets/partners/contracts.yml``."""

    id: Slug
    abbreviation: Text
    name: Text
    family: Family
    buyer_cost_risk: Annotated[int, Field(ge=1, le=5, strict=True)]
    how_paid: Text
    cost_risk: Text
    scope_change: Text
    when_to_use: Text
    exam_traps: Annotated[list[Text], Field(min_length=1)]
    reference: Text


class SlaTerm(ContentModel):
    """One part of a service-level agreement."""

    id: Slug
    name: Text
    meaning: Text
    example: Text
    pitfall: Text


class AcceptanceCriterion(ContentModel):
    """One part of an acceptance clause."""

    id: Slug
    name: Text
    meaning: Text
    example: Text


class _Tier(ContentModel):
    below_percent: Annotated[float, Field(ge=0, le=100)]
    credit_percent: Annotated[float, Field(ge=0, le=100)]


class _Credits(ContentModel):
    target_percent: Annotated[float, Field(ge=0, le=100)]
    tiers: Annotated[list[_Tier], Field(min_length=1)]


class _ContractsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    contract_types: Annotated[list[ContractType], Field(min_length=1)]


class _ServiceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sla_terms: Annotated[list[SlaTerm], Field(min_length=1)]
    service_credits: _Credits
    acceptance_criteria: Annotated[list[AcceptanceCriterion], Field(min_length=1)]


def _validated(model, path: Path):
    file = display_path(path)
    try:
        data = model.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    for name in model.model_fields:
        items = getattr(data, name)
        if isinstance(items, list):
            ids = [item.id for item in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ContentError(file, f"duplicate id {dupes[0]!r}", None, name)
    return data


@cached_by_file
def _load_contracts(path: Path) -> tuple[ContractType, ...]:
    return tuple(_validated(_ContractsFile, path).contract_types)


@cached_by_file
def _load_service(path: Path) -> _ServiceFile:
    data = _validated(_ServiceFile, path)
    _credit_tiers(tuple((t.below_percent, t.credit_percent) for t in data.service_credits.tiers),
                  data.service_credits.target_percent, file=display_path(path))
    return data


def contract_types(name: str | Path = CONTRACTS_FILE) -> tuple[ContractType, ...]:
    """The seven contract types, from FFP (the seller carries the cost risk) to CPFF.

    The middle of the order is the course's judgement (see ``buyer_cost_risk``).

    Examples
    --------
    >>> [t.abbreviation for t in contract_types()]
    ['FFP', 'FPIF', 'FP-EPA', 'T&M', 'CPIF', 'CPAF', 'CPFF']
    """
    return _load_contracts(name)


def contracts_table(name: str | Path = CONTRACTS_FILE) -> pd.DataFrame:
    """The contract types as a table with human column names, ordered by the buyer's cost risk.

    The risk column is a *teaching scale* (1 = the seller carries almost all
    the cost risk, 5 = the buyer does); only its order comes from the sources.

    Examples
    --------
    >>> t = contracts_table()
    >>> t[["Contract", "Buyer's cost risk (1-5)"]].head(2).values.tolist()
    [['FFP', 1], ['FPIF', 2]]
    """
    rows = [{"Contract": t.abbreviation, "Name": t.name, "Family": FAMILY_NAMES[t.family],
             "Buyer's cost risk (1-5)": t.buyer_cost_risk, "How the seller is paid": t.how_paid,
             "Who carries the cost risk": t.cost_risk, "Scope change": t.scope_change,
             "When to use": t.when_to_use, "Exam traps": " ".join(t.exam_traps),
             "Reference": t.reference} for t in contract_types(name)]
    table = pd.DataFrame(rows)
    return table.sort_values("Buyer's cost risk (1-5)", kind="stable").reset_index(drop=True)


def sla_terms(name: str | Path = SERVICE_FILE) -> tuple[SlaTerm, ...]:
    """The parts of a service-level agreement: availability, response and resolution times, ...

    Examples
    --------
    >>> [t.id for t in sla_terms()][:4]
    ['availability', 'response_time', 'resolution_time', 'service_credits']
    """
    return tuple(_load_service(name).sla_terms)


def acceptance_criteria(name: str | Path = SERVICE_FILE) -> tuple[AcceptanceCriterion, ...]:
    """The parts of an acceptance clause: tests, defect thresholds, sign-off, warranty, ...

    Examples
    --------
    >>> "warranty_period" in [c.id for c in acceptance_criteria()]
    True
    """
    return tuple(_load_service(name).acceptance_criteria)


def service_credit_table(
        name: str | Path = SERVICE_FILE) -> tuple[float, tuple[tuple[float, float], ...]]:
    """The lesson's synthetic SLA: ``(target percent, ((below percent, credit percent), ...))``.

    Examples
    --------
    >>> target, tiers = service_credit_table()
    >>> target, tiers[0]
    (99.5, (99.5, 5.0))
    """
    credits = _load_service(name).service_credits
    return credits.target_percent, tuple((t.below_percent, t.credit_percent) for t in credits.tiers)


# --------------------------------------------------------------------------
# Service credits
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ServiceCredit(_Explained):
    """The result of :func:`service_credit`.

    Attributes
    ----------
    measured, target : float
        Availability in per cent.
    breached : bool
        True when the measured availability is below the target.
    shortfall : float
        ``target - measured`` in percentage points (0 when met).
    credit_percent : float
        The credit as a percentage of the monthly fee.
    credit_amount : float or None
        The credit in money when a monthly fee was given.
    steps : tuple of str
    """

    measured: float
    target: float
    breached: bool
    shortfall: float
    credit_percent: float
    credit_amount: float | None
    steps: tuple[str, ...]


def _credit_tiers(tiers, target: float, *, file: str | None = None):
    """Check tiers (below %, credit %): none above the target, larger credits lower down."""
    def fail(message):
        if file:
            raise ContentError(file, message, None, "service_credits")
        raise ValueError(f"Credit table: {message}")
    ordered = sorted(tiers, key=lambda t: -t[0])
    for (t1, c1), (t2, c2) in zip(ordered, ordered[1:]):
        if t1 == t2:
            fail(f"the threshold {t1:g} % appears twice")
        if c2 < c1:
            fail(f"a lower availability must not earn a smaller credit (below {t2:g} % gives "
                 f"{c2:g} %, but below {t1:g} % gives {c1:g} %)")
    if ordered[0][0] > target:
        fail(f"a threshold ({ordered[0][0]:g} %) is above the availability target ({target:g} %)")
    return ordered


def _parse_tiers(credit_table) -> list[tuple[float, float]]:
    if isinstance(credit_table, Mapping):
        pairs = list(credit_table.items())
    elif isinstance(credit_table, (list, tuple)):
        pairs = list(credit_table)
    else:
        raise TypeError("Credit table must be a table of 'below % -> credit %' pairs, e.g. "
                        f"{{99.0: 10, 95.0: 30}} (you entered {shown(credit_table)})")
    if not pairs:
        raise ValueError("Credit table needs at least one tier (you entered an empty table)")
    out = []
    for i, pair in enumerate(pairs, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"Credit table tier {i} must be a pair (below %, credit %) "
                            f"(you entered {shown(pair)})")
        below = _number(f"Credit table tier {i}: threshold", pair[0], minimum=0)
        credit = _number(f"Credit table tier {i}: credit", pair[1], minimum=0)
        if below > 100:
            raise ValueError(f"Credit table tier {i}: threshold must be from 0 to 100 % "
                             f"(you entered {below:g})")
        if credit > 100:
            raise ValueError(f"Credit table tier {i}: credit must be from 0 to 100 % of the fee "
                             f"(you entered {credit:g})")
        out.append((below, credit))
    return out


def service_credit(measured_availability: float, target: float | None = None,
                   credit_table=None, *, monthly_fee: float | None = None) -> ServiceCredit:
    """The service credit earned when measured availability misses an SLA target.

    Availability is in per cent (99.5, not 0.995), as
    :func:`implcourse.metrics.kpis.availability` reports it. The credit table
    is a set of tiers "availability below X % earns Y % of the monthly fee";
    the largest credit whose threshold the measurement is *below* applies
    (a measurement exactly at a threshold does not earn that tier). A breach
    above every threshold earns no credit. Without ``target`` and
    ``credit_table`` the lesson's synthetic SLA is used
    (:func:`service_credit_table`).

    Parameters
    ----------
    measured_availability : float
        0 to 100.
    target : float, optional
        The availability target, 0 to 100; no threshold may be above it.
    credit_table : dict or list of pairs, optional
        ``{below_percent: credit_percent}``; a lower availability must not earn
        a smaller credit.
    monthly_fee : float, optional
        The fee the credit is a share of, 0 or more.

    Examples
    --------
    A tier shaped like the AWS compute SLA (version of 5 May 2022, region
    level): below 99.99 % (down to 99.0 %) earns 10 %.

    >>> r = service_credit(99.95, 99.99, {99.99: 10, 99.0: 30, 95.0: 100}, monthly_fee=2_000)
    >>> r.breached, r.credit_percent, r.credit_amount
    (True, 10.0, 200.0)
    >>> service_credit(98.7).credit_percent        # the lesson's synthetic SLA
    10.0
    >>> service_credit(99.7).breached
    False
    >>> service_credit(0.995)
    Traceback (most recent call last):
    ...
    ValueError: Measured availability looks like a fraction (0.995); enter it in per cent, e.g. 99.5
    """
    measured = _number("measured_availability", measured_availability, minimum=0)
    if measured > 100:
        raise ValueError(f"Measured availability must be from 0 to 100 % "
                         f"(you entered {measured:g})")
    if 0 < measured <= 1:
        raise ValueError(f"Measured availability looks like a fraction ({measured:g}); enter it "
                         f"in per cent, e.g. {measured * 100:g}")
    if (target is None) != (credit_table is None):
        raise TypeError("Give both the availability target and the credit table, or neither "
                        "(to use the lesson's SLA)")
    if target is None:
        target, tiers = service_credit_table()
        tiers = list(tiers)
    else:
        target = _number("target", target, minimum=0)
        if target > 100:
            raise ValueError(f"Availability target must be from 0 to 100 % "
                             f"(you entered {target:g})")
        tiers = _parse_tiers(credit_table)
    ordered = _credit_tiers(tiers, target)
    fee = None if monthly_fee is None else _number("monthly_fee", monthly_fee, minimum=0)
    breached = measured < target
    credit = 0.0
    for below, pct in ordered:
        if measured < below:
            credit = max(credit, pct)
    shortfall = max(0.0, target - measured)
    steps = [f"Measured availability {measured:g} % against a target of {target:g} %: "
             + (f"missed by {shortfall:.4g} percentage points." if breached else "target met.")]
    if breached:
        if credit > 0:
            tier = min((b for b, c in ordered if measured < b and c == credit))
            steps.append(f"It is below {tier:g} %, which earns a credit of {credit:g} % of the "
                         f"monthly fee.")
        else:
            steps.append("It is above every threshold of the credit table, so no credit is due.")
    amount = None if fee is None else fee * (credit / 100)  # at most the fee: no overflow
    if amount is not None:
        steps.append(f"Credit = {credit:g} % x {_amount(fee)} = {_amount(amount)}.")
    return ServiceCredit(measured, target, breached, shortfall, credit, amount, tuple(steps))
