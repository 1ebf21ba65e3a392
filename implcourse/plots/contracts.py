"""Charts of incentive contracts: the buyer's price and the seller's fee against actual cost."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..partners import contracts
from ..partners.contracts import CostPlusIncentive, FixedPriceIncentive
from ..validation import check_str
from . import _style
from ._style import Chart, live, money

__all__ = ["incentive_chart", "update_incentive_chart"]

_FPIF_KEYS = ("target_cost", "target_fee", "ceiling_price", "buyer_share", "actual_cost")
_CPIF_KEYS = ("target_cost", "target_fee", "buyer_share", "actual_cost", "min_fee", "max_fee")


def _result(contract, actual_cost):
    """A calculator result from a result or a dict of parameters, at ``actual_cost`` if given."""
    if isinstance(contract, (FixedPriceIncentive, CostPlusIncentive)):
        params = {k: getattr(contract, k) for k in
                  (_FPIF_KEYS if isinstance(contract, FixedPriceIncentive) else _CPIF_KEYS)}
    elif isinstance(contract, Mapping):
        params = dict(contract)
        keys = _FPIF_KEYS if "ceiling_price" in params else _CPIF_KEYS
        unknown = [k for k in params if k not in keys]
        if unknown:
            raise ValueError(f"Unknown contract parameter {unknown[0]!r}; known: "
                             f"{', '.join(keys)}")
        required = [k for k in keys[:4] if k != "actual_cost" and k not in params]
        if required:
            raise ValueError(f"Missing contract parameter {required[0]!r}")
        if "actual_cost" not in params and actual_cost is None:
            params["actual_cost"] = params.get("target_cost")
    else:
        raise TypeError("The contract must be the result of fixed_price_incentive or "
                        "cost_plus_incentive, or a dict of their parameters (you entered "
                        f"{type(contract).__name__})")
    if actual_cost is not None:
        params["actual_cost"] = actual_cost
    if "ceiling_price" in params:
        return contracts.fixed_price_incentive(**params)
    return contracts.cost_plus_incentive(**params)


def _at(r, cost: float):
    """The same contract at another actual cost (inputs already validated)."""
    if isinstance(r, FixedPriceIncentive):
        return contracts.fixed_price_incentive(r.target_cost, r.target_fee, r.ceiling_price,
                                               r.buyer_share, cost)
    return contracts.cost_plus_incentive(r.target_cost, r.target_fee, r.buyer_share, cost,
                                         r.min_fee, r.max_fee)


def _cost_range(r) -> tuple[float, float]:
    tc = r.target_cost
    points = [tc * 1.5, r.actual_cost * 1.1]
    if isinstance(r, FixedPriceIncentive):
        if r.pta is not None:
            points.append(r.pta * 1.2)
            points.append(r.ceiling_price * 1.1)
    else:
        if r.seller_share > 0 and r.min_fee is not None:
            points.append((tc + (r.target_fee - r.min_fee) / r.seller_share) * 1.15)
    return min(tc * 0.5, r.actual_cost * 0.9), max(points)


def _alt(r, currency: str) -> str:
    split = contracts._ratio(r.buyer_share)
    if isinstance(r, FixedPriceIncentive):
        pta = ("no point of total assumption (buyer's share 0)" if r.pta is None
               else f"point of total assumption {money(r.pta, currency)}")
        head = (f"FPIF, share {split}: target cost {money(r.target_cost, currency)}, target fee "
                f"{money(r.target_fee, currency)}, target price {money(r.target_price, currency)}, "
                f"ceiling {money(r.ceiling_price, currency)}, {pta}.")
        tail = " The price is capped at the ceiling." if r.capped else ""
    else:
        limits = []
        if r.min_fee is not None:
            limits.append(f"minimum fee {money(r.min_fee, currency)}")
        if r.max_fee is not None:
            limits.append(f"maximum fee {money(r.max_fee, currency)}")
        head = (f"CPIF, share {split}: target cost {money(r.target_cost, currency)}, target fee "
                f"{money(r.target_fee, currency)}"
                + (", " + ", ".join(limits) if limits else ", no fee limits") + "; no ceiling.")
        tail = (f" The fee is held at the {'maximum' if r.fee_capped == 'max' else 'minimum'}."
                if r.fee_capped else "")
    return (f"{head} At an actual cost of {money(r.actual_cost, currency)} the buyer pays "
            f"{money(r.price, currency)} and the seller's fee is {money(r.fee, currency)}.{tail}")


def incentive_chart(contract, actual_cost: float | None = None, *, currency: str = "",
                    title: str | None = None, points: int = 121) -> Chart:
    """The buyer's price (top) and the seller's fee (bottom) against actual cost.

    Works for a fixed-price-incentive (FPIF) and a cost-plus-incentive (CPIF)
    contract. The target cost is marked on both panels; for an FPIF the
    ceiling price and the point of total assumption (PTA) too, for a CPIF the
    minimum and maximum fee. A dashed line where price equals cost shows the
    seller's break-even: below it the seller makes a loss. The current actual
    cost is a live marker (gids ``live:actual``, ``live:price``, ``live:fee``)
    that :func:`update_incentive_chart` moves without redrawing the rest.

    Parameters
    ----------
    contract : FixedPriceIncentive, CostPlusIncentive or dict
        A calculator result, or the parameters of
        :func:`~implcourse.partners.contracts.fixed_price_incentive` (a dict with
        ``ceiling_price``) or :func:`~implcourse.partners.contracts.cost_plus_incentive`.
        Without an actual cost the marker sits at the target cost.
    actual_cost : float, optional
        Where to put the marker (overrides the contract's actual cost).
    currency : str
        Shown on both money axes.
    title : str, optional
    points : int
        Points on each curve.

    Examples
    --------
    >>> fig = incentive_chart(dict(target_cost=100_000, target_fee=10_000,
    ...                            ceiling_price=120_000, buyer_share=0.8), 90_000, currency="EUR")
    >>> print(fig.alt)
    FPIF, share 80/20: target cost 100,000 EUR, target fee 10,000 EUR, target price 110,000 EUR, ceiling 120,000 EUR, point of total assumption 112,500 EUR. At an actual cost of 90,000 EUR the buyer pays 102,000 EUR and the seller's fee is 12,000 EUR.
    >>> update_incentive_chart(fig, 130_000)
    True
    >>> fig.alt.endswith("the seller's fee is −10,000 EUR. The price is capped at the ceiling.")
    True
    """
    r = _result(contract, actual_cost)
    currency = check_str("currency", currency, allow_empty=True)
    if isinstance(points, bool) or not isinstance(points, int) or points < 11:
        raise ValueError(f"Points must be a whole number of at least 11 (you entered {points!r})")
    lo, hi = _cost_range(r)
    costs = np.linspace(lo, hi, points)
    curve = [_at(r, float(c)) for c in costs]
    prices = np.array([c.price for c in curve])
    fees = np.array([c.fee for c in curve])

    fig = _style.new_chart(8, 6)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    top.plot(costs, prices, color=_style.NORMAL, linewidth=2, label="price the buyer pays")
    top.plot(costs, costs, color=_style.MILESTONE, linestyle="--", linewidth=0.9,
             label="price = cost (seller breaks even)")
    bottom.plot(costs, fees, color=_style.NORMAL, linewidth=2, label="seller's fee")
    bottom.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    bottom.axhline(r.target_fee, color=_style.FLOAT, linestyle=":", linewidth=1.5,
                   label="target fee")
    for ax in (top, bottom):
        ax.axvline(r.target_cost, color=_style.MILESTONE, linestyle=":", linewidth=1,
                   label="target cost" if ax is top else None)
    top.plot([r.target_cost], [r.target_price], marker="o", linestyle="", color=_style.MILESTONE,
             label="target price")
    if isinstance(r, FixedPriceIncentive):
        top.axhline(r.ceiling_price, color=_style.CRITICAL, linestyle="--", linewidth=1.2,
                    label="ceiling price")
        if r.pta is not None:
            for ax in (top, bottom):
                ax.axvline(r.pta, color=_style.CRITICAL, linestyle="-.", linewidth=1,
                           label="point of total assumption" if ax is top else None)
    else:
        if r.min_fee is not None:
            bottom.axhline(r.min_fee, color=_style.CRITICAL, linestyle="--", linewidth=1,
                           label="minimum fee")
        if r.max_fee is not None:
            bottom.axhline(r.max_fee, color="#009e73", linestyle="--", linewidth=1,
                           label="maximum fee")
    live(top.axvline(r.actual_cost, color=_style.CRITICAL, linewidth=1.5, alpha=0.6), "actual")
    live(bottom.axvline(r.actual_cost, color=_style.CRITICAL, linewidth=1.5, alpha=0.6),
         "actual fee line")
    live(top.plot([r.actual_cost], [r.price], marker="D", markersize=9, linestyle="",
                  color=_style.CRITICAL, zorder=5, label="actual cost now")[0], "price")
    live(bottom.plot([r.actual_cost], [r.fee], marker="D", markersize=9, linestyle="",
                     color=_style.CRITICAL, zorder=5)[0], "fee")
    _style.money_axis(top, "y", currency, label="Price paid by the buyer")
    _style.money_axis(bottom, "y", currency, label="Seller's fee")
    _style.money_axis(bottom, "x", currency, label="Actual cost")
    kind = "FPIF" if isinstance(r, FixedPriceIncentive) else "CPIF"
    _style.finish(top, title or f"{kind}: what the buyer pays and what the seller earns",
                  legend=None)
    _style.finish(bottom, "", legend=None)
    # Legends beside the panels, never over the lines they explain.
    for ax in (top, bottom):
        ax.legend(fontsize=_style.size(-2), frameon=False, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    bottom.set_xlim(lo, hi)
    fig.contract = r
    fig.currency = currency
    fig.alt = _alt(r, currency)
    return fig


def update_incentive_chart(fig: Chart, actual_cost: float) -> bool:
    """Move the live marker of an :func:`incentive_chart` to a new actual cost.

    Returns False (changing nothing) when the cost is outside the chart's range.
    The text alternative is updated with the new numbers.
    """
    r = fig.contract
    ac = contracts._number("actual_cost", actual_cost, minimum=0)
    lo, hi = fig.axes[1].get_xlim()
    if not lo <= ac <= hi:
        return False
    new = _at(r, ac)
    parts = {a.get_gid(): a for ax in fig.axes for a in ax.get_children()
             if isinstance(a.get_gid(), str)}
    key = _style.LIVE
    parts[f"{key}:actual"].set_xdata([ac, ac])
    parts[f"{key}:actual fee line"].set_xdata([ac, ac])
    parts[f"{key}:price"].set_data([ac], [new.price])
    parts[f"{key}:fee"].set_data([ac], [new.fee])
    fig.contract = new
    fig.alt = _alt(new, getattr(fig, "currency", ""))
    return True
