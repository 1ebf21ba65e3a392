"""Lesson 08's incentive chart: the buyer's price and the seller's fee against actual cost."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from implcourse.partners.contracts import cost_plus_incentive, fixed_price_incentive
from implcourse.plots import _style
from implcourse.plots.contracts import incentive_chart, update_incentive_chart

FPIF = dict(target_cost=100_000, target_fee=10_000, ceiling_price=120_000, buyer_share=0.8)


def live_parts(fig) -> dict:
    return {a.get_gid(): a for ax in fig.axes for a in ax.get_children()
            if isinstance(a.get_gid(), str) and a.get_gid().startswith(_style.LIVE)}


def labelled(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()
            if not line.get_label().startswith("_")}


def test_fpif_chart_draws_price_fee_ceiling_and_pta_from_the_calculator():
    before = plt.get_fignums()
    fig = incentive_chart(FPIF, 90_000, currency="EUR")
    assert plt.get_fignums() == before
    assert isinstance(fig, _style.Chart) and len(fig.axes) == 2
    top, bottom = fig.axes
    lines = labelled(top)
    x, price = lines["price the buyer pays"].get_data()
    # Each point of the curve is the calculator's price at that cost, never above the ceiling.
    for cost, p in zip(x[::10], price[::10]):
        assert p == pytest.approx(fixed_price_incentive(**FPIF, actual_cost=cost).price)
    assert price.max() == pytest.approx(120_000)
    assert np.all(price <= 120_000 + 1e-6)
    assert lines["ceiling price"].get_ydata()[0] == 120_000
    pta = fixed_price_incentive(**FPIF, actual_cost=90_000).pta
    assert lines["point of total assumption"].get_xdata()[0] == pytest.approx(pta)
    assert x.max() > pta                       # the PTA is inside the drawn range
    assert lines["target price"].get_data()[1][0] == 110_000
    fee_x, fee = labelled(bottom)["seller's fee"].get_data()
    assert fee == pytest.approx(price - fee_x)


def test_axes_carry_units_and_the_alt_the_key_numbers():
    fig = incentive_chart(FPIF, 90_000, currency="EUR")
    top, bottom = fig.axes
    assert "(EUR)" in top.get_ylabel() and "(EUR)" in bottom.get_ylabel()
    assert bottom.get_xlabel() == "Actual cost (EUR)"
    for number in ("100,000 EUR", "10,000 EUR", "110,000 EUR", "120,000 EUR", "112,500 EUR",
                   "90,000 EUR", "102,000 EUR", "12,000 EUR", "80/20"):
        assert number in fig.alt


def test_live_marker_sits_at_the_actual_cost_and_moves():
    fig = incentive_chart(FPIF, 90_000)
    parts = live_parts(fig)
    key = _style.LIVE
    assert {f"{key}:actual", f"{key}:price", f"{key}:fee"} <= set(parts)
    assert tuple(parts[f"{key}:price"].get_data()[1]) == (102_000,)
    assert update_incentive_chart(fig, 130_000) is True
    assert tuple(parts[f"{key}:price"].get_data()[1]) == (120_000,)
    assert tuple(parts[f"{key}:fee"].get_data()[1]) == (-10_000,)
    assert list(parts[f"{key}:actual"].get_xdata()) == [130_000, 130_000]
    assert "capped at the ceiling" in fig.alt and "130,000" in fig.alt
    before = fig.alt
    assert update_incentive_chart(fig, 10_000_000) is False     # beyond the drawn range
    assert fig.alt == before
    with pytest.raises(ValueError, match="Actual cost cannot be negative"):
        update_incentive_chart(fig, -1)


def test_cpif_chart_shows_fee_limits_and_no_ceiling():
    r = cost_plus_incentive(100_000, 10_000, 0.7, 90_000, min_fee=4_000, max_fee=16_000)
    fig = incentive_chart(r, currency="USD")
    top, bottom = fig.axes
    assert "ceiling price" not in labelled(top)
    fees = labelled(bottom)
    assert fees["minimum fee"].get_ydata()[0] == 4_000
    assert fees["maximum fee"].get_ydata()[0] == 16_000
    x, fee = fees["seller's fee"].get_data()
    assert fee.min() == pytest.approx(4_000) and fee.max() == pytest.approx(16_000)
    assert "no ceiling" in fig.alt and "13,000 USD" in fig.alt


def test_parameters_without_actual_cost_put_the_marker_at_the_target():
    fig = incentive_chart(FPIF)
    assert "At an actual cost of 100,000 the buyer pays 110,000" in fig.alt


@pytest.mark.parametrize("contract, error, message", [
    ({**FPIF, "colour": "red"}, ValueError, r"Unknown contract parameter 'colour'"),
    ({"target_cost": 1, "target_fee": 0}, ValueError, r"Missing contract parameter 'buyer_share'"),
    ({**FPIF, "buyer_share": 70}, ValueError, r"Buyer's share must be a fraction"),
    ([1, 2], TypeError, r"must be the result of fixed_price_incentive"),
])
def test_bad_input_is_refused_by_name(contract, error, message):
    with pytest.raises(error, match=message):
        incentive_chart(contract)


def test_title_can_be_set_and_tools_get_a_smaller_figure():
    assert incentive_chart(FPIF, title="Mine").axes[0].get_title(loc="left") == "Mine"
    with _style.for_tools():
        small = incentive_chart(FPIF)
    assert small.get_figwidth() < incentive_chart(FPIF).get_figwidth()
