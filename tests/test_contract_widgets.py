"""Lesson 08's incentive-fee contract calculator, driven without a browser.

The expected figures come from published worked examples (cited in each test) or
from an independent computation here (the published formulas on the typed
numbers); the core's own messages are obtained by calling the core with the same
bad values.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.partners import contracts as core
from implcourse.plots._style import money
from implcourse.widgets import catalogue
from implcourse.widgets.common import STYLE
from implcourse.widgets.contracts import TITLE, incentive_tool

from helpers import assert_tool_fallback


def text(value: str) -> str:
    """An HTML value as plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def eur(value: float) -> str:
    return money(value, "EUR")


def type_in(tool, **values) -> None:
    """Type the values in the boxes, as a learner would (with or without separators)."""
    for key, value in values.items():
        tool.boxes[key].value = str(value)


def headline(tool) -> str:
    """The result in words, without the folded steps."""
    return text(tool.result.value.split("<details>")[0])


def my_fpif(tc, tf, cp, bs, ac):
    """(fee, price, pta) by the published formulas: the seller keeps (1 - bs) of a
    saving, the buyer never pays more than the ceiling; PTA = (cp - tp) / bs + tc."""
    price = min(ac + tf + (tc - ac) * (1 - bs), cp)
    return price - ac, price, (cp - tc - tf) / bs + tc


def my_cpif(tc, tf, bs, ac, lo=None, hi=None):
    fee = tf + (tc - ac) * (1 - bs)
    if hi is not None:
        fee = min(fee, hi)
    if lo is not None:
        fee = max(fee, lo)
    return fee, ac + fee


# --------------------------------------------------------------------------
# Registration and layout
# --------------------------------------------------------------------------

def test_tool_is_registered_with_its_fallback():
    found = {t: (lesson, factory) for lesson, t, factory in catalogue()}
    assert TITLE == "Incentive-fee contract calculator"
    assert found[TITLE] == ("08", incentive_tool)
    tool = incentive_tool()
    assert_tool_fallback(tool, TITLE)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(TITLE)}</b>"
    (row,) = tool.body
    assert "implcourse-row" in row._dom_classes
    assert [c._dom_classes for c in row.children] == [("implcourse-controls",),
                                                     ("implcourse-result",)]
    # the slider beside the chart, the chart kept to a projected screen
    controls, result = row.children
    assert tool.actual in controls.children and tool.chart.widget in result.children
    assert tool.actual.continuous_update is False
    assert tool.chart.image.layout.max_height == "35vh"


def test_catalogue_keeps_lesson_order():
    lessons = [lesson for lesson, _, _ in catalogue()]
    assert lessons == sorted(lessons)


# --------------------------------------------------------------------------
# Opening state and published examples
# --------------------------------------------------------------------------

def test_opens_on_an_fpif_underrun_with_separators():
    """80/20, target cost 100,000, fee 10,000, ceiling 120,000, actual 90,000: the seller
    keeps 20 % of the 10,000 saved."""
    tool = incentive_tool()
    assert tool.kind.value == "fpif"
    assert {k: b.value for k, b in tool.boxes.items()} == {
        "target_cost": "100,000", "target_fee": "10,000", "buyer_share": "0.8",
        "ceiling_price": "120,000", "min_fee": "2,000", "max_fee": "15,000"}
    fee, price, pta = my_fpif(100_000, 10_000, 120_000, 0.8, tool.actual.value)
    words = headline(tool)
    assert f"Seller's fee {eur(fee)}" in words and f"The buyer pays {eur(price)}" in words
    assert "Underrun of 10,000 EUR" in words and "the seller gains" in words
    assert "the buyer gains" in words and f"point of total assumption ({eur(pta)})" in words
    alt = tool.chart.figure.alt
    assert f"the buyer pays {eur(price)}" in alt and f"fee is {eur(fee)}" in alt
    assert html.escape(alt) in tool.chart.caption.value
    assert tool.message.value == ""


def test_lehmann_pta_example():
    """Target cost 1,000,000, fee 100,000, ceiling 1,200,000, 80/20: PTA 1,125,000.
    Source: O. Lehmann's PMP sample question 16, discussed at
    https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/10434-point-of-total-assumption-pta
    """
    tool = incentive_tool()
    type_in(tool, target_cost="1,000,000", target_fee="100000", ceiling_price="1 200 000",
            buyer_share="0.8")
    assert tool.message.value == ""
    assert "point of total assumption (1,125,000 EUR)" in headline(tool)
    assert "point of total assumption 1,125,000 EUR" in tool.chart.figure.alt
    assert tool.boxes["target_fee"].value == "100,000"  # separators once read
    assert tool.boxes["ceiling_price"].value == "1,200,000"


def test_mulcahy_past_the_ceiling_example():
    """FPIF, 60/40: target cost 150,000, fee 30,000, ceiling 200,000, actual 210,000: the
    formula price 216,000 is above the ceiling, so the buyer pays 200,000; PTA 183,333.
    Source: R. Mulcahy, *PMP Exam Prep*, 8th ed., quoted in "How to Calculate the Ceiling
    Price", Simplilearn community, 11 August 2017,
    http://community.simplilearn.com/threads/how-to-calculate-the-ceiling-price.24831/
    """
    tool = incentive_tool()
    type_in(tool, target_cost=150_000, target_fee=30_000, ceiling_price=200_000,
            buyer_share=0.6)
    tool.actual.value = 210_000
    assert tool.actual.value == 210_000  # inside the slider's range
    words = headline(tool)
    assert "The buyer pays 200,000 EUR" in words and "past the point of total assumption" \
        in words
    assert "(183,333 EUR)" in words
    assert "Seller's fee −10,000 EUR" in words and "the seller loses money" in words
    assert "216,000" in text(tool.result.value)  # the formula price, in the steps


def test_mnc_certified_underrun_example():
    """FPIF, 70/30: target cost 200,000, profit 30,000, ceiling 270,000, actual 170,000:
    fee 39,000. Source: MNC Certified, "How much profit will the buyer pay the seller?",
    https://www.mnccertified.com/how-much-profit-will-the-buyer-pay-the-seller-2/
    """
    tool = incentive_tool()
    type_in(tool, target_cost=200_000, target_fee=30_000, ceiling_price=270_000,
            buyer_share=0.7)
    tool.actual.value = 170_000
    assert "Seller's fee 39,000 EUR" in headline(tool)


@pytest.mark.parametrize("actual, price", [(1100, 1180), (900, 1020)])
def test_wikipedia_cpif_example(actual, price):
    """CPIF, 80/20, target cost 1,000, fee 100: at 1,100 the buyer pays 1,180, at 900
    1,020. Source: Wikipedia, "Cost-plus-incentive fee", section "Formula and examples",
    https://en.wikipedia.org/wiki/Cost-plus-incentive_fee
    """
    tool = incentive_tool()
    tool.kind.value = "cpif"
    type_in(tool, target_cost=1000, target_fee=100, buyer_share=0.8, min_fee="", max_fee="")
    assert tool.message.value == ""
    tool.actual.value = actual
    words = headline(tool)
    assert f"The buyer pays {eur(price)}" in words, words
    assert "no fee limits" in words and "No ceiling" in words


def test_parallel_project_training_cpif_example():
    """CPIF, 80:20, target cost 100,000, fee 10,000, actual 90,000: fee 12,000, total
    102,000. Source: Parallel Project Training, "PMP sample question: cost plus incentive
    fee", https://www.parallelprojecttraining.com/blog/pmp-sample-question-cost-plus-incentive-fee/
    """
    tool = incentive_tool("cpif")
    tool.actual.value = 90_000
    words = headline(tool)
    assert "Seller's fee 12,000 EUR" in words and "The buyer pays 102,000 EUR" in words


# --------------------------------------------------------------------------
# The kind toggle and the fee limits
# --------------------------------------------------------------------------

def shown(tool, key) -> bool:
    box = tool.boxes[key]
    return box.layout.display != "none"


def test_toggle_shows_the_boxes_of_each_kind():
    tool = incentive_tool()
    assert shown(tool, "ceiling_price") and not shown(tool, "min_fee")
    tool.kind.value = "cpif"
    assert not shown(tool, "ceiling_price") and shown(tool, "min_fee") and shown(tool, "max_fee")
    assert tool.chart.figure.alt.startswith("CPIF, share 80/20")
    assert "No ceiling" in headline(tool)
    tool.kind.value = "fpif"
    assert tool.chart.figure.alt.startswith("FPIF, share 80/20")


def test_cpif_fee_held_at_the_limits():
    """A large overrun holds the fee at the minimum, a large underrun at the maximum
    (fee and price computed here)."""
    tool = incentive_tool("cpif")
    tool.actual.value = tool.actual.max
    fee, price = my_cpif(100_000, 10_000, 0.8, tool.actual.value, 2_000, 15_000)
    assert fee == 2_000
    words = headline(tool)
    assert f"Seller's fee {eur(fee)}" in words and "held at the minimum" in words
    assert f"The buyer pays {eur(price)}" in words
    tool.actual.value = tool.actual.min
    fee, _ = my_cpif(100_000, 10_000, 0.8, tool.actual.value, 2_000, 15_000)
    assert fee == 15_000 and "held at the maximum" in headline(tool)


# --------------------------------------------------------------------------
# The slider moves only the marker
# --------------------------------------------------------------------------

def test_slider_spans_the_chart_and_moves_only_the_marker():
    tool = incentive_tool()
    lo, hi = tool.chart.figure.axes[1].get_xlim()
    assert (tool.actual.min, tool.actual.max) == (pytest.approx(lo), pytest.approx(hi))
    drawing = tool.chart.current
    before = bytes(tool.chart.image.value)
    tool.actual.value = 115_000
    assert tool.chart.current is drawing  # not drawn anew
    assert bytes(tool.chart.image.value) != before
    fee, price, _ = my_fpif(100_000, 10_000, 120_000, 0.8, 115_000)
    assert f"At an actual cost of 115,000 EUR the buyer pays {eur(price)}" \
        in tool.chart.figure.alt
    assert f"Seller's fee {eur(fee)}" in headline(tool)
    assert "the buyer pays more" in headline(tool) and "the seller loses part" in headline(tool)


def test_new_terms_refit_the_slider_and_keep_the_cost_where_they_can():
    tool = incentive_tool()
    tool.actual.value = 95_000
    type_in(tool, target_fee=12_000)
    assert tool.actual.value == 95_000
    type_in(tool, target_cost=1_000_000, ceiling_price=1_300_000)
    lo, hi = tool.chart.figure.axes[1].get_xlim()
    assert (tool.actual.min, tool.actual.max) == (pytest.approx(lo), pytest.approx(hi))
    assert tool.actual.min <= tool.actual.value <= tool.actual.max
    assert tool.message.value == ""
    assert f"actual cost of {eur(tool.actual.value)}" in tool.chart.figure.alt


@settings(max_examples=8, deadline=None)  # each example draws a chart (~1 s)
@given(tc=st.integers(10, 500).map(lambda k: k * 1000),
       fee_pct=st.integers(0, 20), room_pct=st.integers(0, 40),
       share=st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]),
       position=st.floats(0, 1))
def test_any_fpif_terms_give_the_formulas_answer(tc, fee_pct, room_pct, share, position):
    """Property: for any valid FPIF terms typed in and any slider position, the fee and
    price shown are those of the published formulas computed here."""
    tf = tc * fee_pct // 100
    cp = tc + tf + tc * room_pct // 100
    tool = incentive_tool()
    type_in(tool, target_cost=tc, target_fee=tf, ceiling_price=cp, buyer_share=share)
    assert tool.message.value == ""
    tool.actual.value = tool.actual.min + position * (tool.actual.max - tool.actual.min)
    fee, price, _ = my_fpif(tc, tf, cp, share, tool.actual.value)
    words = headline(tool)
    assert f"Seller's fee {eur(fee)}" in words and f"The buyer pays {eur(price)}" in words


# --------------------------------------------------------------------------
# Bad input: named inline, the last good result stays
# --------------------------------------------------------------------------

def core_message(call) -> str:
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return str(info.value)


BAD = [
    ("fpif", {"buyer_share": "70"},
     lambda: core.fixed_price_incentive(100_000, 10_000, 120_000, 70, 100_000)),
    ("fpif", {"target_cost": "0"},
     lambda: core.fixed_price_incentive(0, 10_000, 120_000, 0.8, 0)),
    ("fpif", {"ceiling_price": "105,000"},
     lambda: core.fixed_price_incentive(100_000, 10_000, 105_000, 0.8, 100_000)),
    ("cpif", {"min_fee": "20,000"},
     lambda: core.cost_plus_incentive(100_000, 10_000, 0.8, 100_000, 20_000, 15_000)),
    ("cpif", {"buyer_share": "-0.2"},
     lambda: core.cost_plus_incentive(100_000, 10_000, -0.2, 100_000, 2_000, 15_000)),
]


@pytest.mark.parametrize("kind, typed, call", BAD,
                         ids=["share 70", "target cost 0", "ceiling below target price",
                              "min above max", "negative share"])
def test_bad_terms_show_the_cores_message_and_keep_the_last_good_result(kind, typed, call):
    tool = incentive_tool(kind)
    good, caption = tool.result.value, tool.chart.caption.value
    key = next(iter(typed))
    type_in(tool, **typed)
    message = text(tool.message.value)
    assert core_message(call) in message and core.FIELD_NAMES[key].split()[0] in message
    assert "last good terms" in message
    assert tool.result.value == good and tool.chart.caption.value == caption
    assert "implcourse-stale" in tool.result._dom_classes and tool.chart.stale
    # put the good value back: the message goes and the result is live again
    tool.boxes[key].value = {"buyer_share": "0.8", "target_cost": "100,000",
                             "ceiling_price": "120,000", "min_fee": "2,000"}[key]
    assert tool.message.value == "" and not tool.chart.stale
    assert "implcourse-stale" not in tool.result._dom_classes
    assert tool.result.value == good


def test_share_70_gives_the_hint_to_enter_a_fraction():
    tool = incentive_tool()
    type_in(tool, buyer_share="70")
    assert "for 70 % enter 0.7" in text(tool.message.value)


@pytest.mark.parametrize("typed, words", [
    ("", "Target fee is empty: type a number such as 100,000"),
    ("ten", "Target fee: type a number such as 1,250.5 (you entered 'ten')"),
    ("12,5", "Target fee: use a point for decimals, as in 12.5"),
])
def test_unreadable_boxes_name_the_field(typed, words):
    tool = incentive_tool()
    good = tool.result.value
    tool.boxes["target_fee"].value = typed
    assert words in text(tool.message.value)
    assert tool.result.value == good


def test_slider_moves_while_terms_are_bad_keep_the_message():
    """With a bad box the slider still moves the marker of the last good terms, and the
    message and the greyed result stay."""
    tool = incentive_tool()
    type_in(tool, target_cost="0")
    tool.actual.value = 100_000
    assert "Target cost must be more than 0" in text(tool.message.value)
    assert "implcourse-stale" in tool.result._dom_classes
    _, price, _ = my_fpif(100_000, 10_000, 120_000, 0.8, 100_000)
    assert f"The buyer pays {eur(price)}" in headline(tool)


def test_empty_fee_limits_mean_no_limit():
    tool = incentive_tool("cpif")
    type_in(tool, min_fee="", max_fee="")
    assert tool.message.value == ""
    assert "no fee limits" in tool.chart.figure.alt
    tool.actual.value = tool.actual.max
    fee, _ = my_cpif(100_000, 10_000, 0.8, tool.actual.value)
    assert f"Seller's fee {eur(fee)}" in headline(tool)


def test_bad_kind_is_refused():
    with pytest.raises(ValueError, match="Kind of contract"):
        incentive_tool("ffp")
