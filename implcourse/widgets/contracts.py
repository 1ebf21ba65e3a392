"""View of Lesson 08's contracts: the incentive-fee contract calculator.

The tool only wires its inputs to :mod:`implcourse.partners.contracts`
(:func:`~implcourse.partners.contracts.fixed_price_incentive` and
:func:`~implcourse.partners.contracts.cost_plus_incentive`) and to the chart
of :mod:`implcourse.plots.contracts`; every figure is computed there. The
chart is drawn once per set of contract terms and remembered; moving the
actual cost only moves its live marker
(:func:`~implcourse.plots.contracts.update_incentive_chart`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from .. import answers
from ..partners import contracts as core
from ..plots import contracts as charts
from ..plots._style import money
from ..validation import check_choice
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["incentive_tool", "TITLE"]

TITLE = "Incentive-fee contract calculator"
CURRENCY = "EUR"

_WIDE = {"description_width": "initial"}
_KINDS = (("FPIF: fixed price incentive", "fpif"), ("CPIF: cost plus incentive", "cpif"))
#: The boxes, in the order shown: key -> (unit shown, kinds that use it).
_BOXES = {
    "target_cost": (CURRENCY, ("fpif", "cpif")),
    "target_fee": (CURRENCY, ("fpif", "cpif")),
    "buyer_share": ("0 to 1", ("fpif", "cpif")),
    "ceiling_price": (CURRENCY, ("fpif",)),
    "min_fee": (CURRENCY, ("cpif",)),
    "max_fee": (CURRENCY, ("cpif",)),
}
#: Boxes that may stay empty (no fee limit).
_OPTIONAL = ("min_fee", "max_fee")
#: What the tool opens on: the core's documented example (80/20, target 100,000).
_START = {"target_cost": 100_000, "target_fee": 10_000, "buyer_share": 0.8,
          "ceiling_price": 120_000, "min_fee": 2_000, "max_fee": 15_000}
_START_COST = 90_000


def _eur(value: float) -> str:
    return html.escape(money(value, CURRENCY))


def _stale(widget: w.Widget, value: bool) -> None:
    if value:
        widget.add_class("implcourse-stale")
    else:
        widget.remove_class("implcourse-stale")


def _caption(text: str) -> str:
    return f'<div class="implcourse-caption">{text}</div>'


def result_html(r) -> str:
    """The result in words: the variance, the fee and the price against their targets
    (who gains, who loses), and the PTA and ceiling or the fee limits.

    Every figure is a field of the core's result; the view only compares them.

    Examples
    --------
    >>> r = core.fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 90_000)
    >>> "Seller's fee <b>12,000 EUR</b>" in result_html(r)
    True
    """
    fpif = isinstance(r, core.FixedPriceIncentive)
    split = html.escape(core._ratio(r.buyer_share))
    if r.cost_variance > 0:
        head = (f"<b>Underrun of {_eur(r.cost_variance)}</b>: the actual cost "
                f"{_eur(r.actual_cost)} is below the target cost {_eur(r.target_cost)}.")
    elif r.cost_variance < 0:
        head = (f"<b>Overrun of {_eur(-r.cost_variance)}</b>: the actual cost "
                f"{_eur(r.actual_cost)} is above the target cost {_eur(r.target_cost)}.")
    else:
        head = f"<b>On target</b>: the actual cost is the target cost, {_eur(r.target_cost)}."
    # The seller
    if r.fee < 0:
        seller = "negative: <b>the seller loses money</b> on the contract"
    elif r.fee == 0:
        seller = "nothing: <b>the seller loses all of its fee</b> and only recovers its costs"
    elif r.fee > r.target_fee:
        seller = f"more than the target fee {_eur(r.target_fee)}: <b>the seller gains</b>"
    elif r.fee < r.target_fee:
        seller = (f"less than the target fee {_eur(r.target_fee)}: <b>the seller loses</b> "
                  "part of it")
    else:
        seller = "the target fee"
    # The buyer
    if r.price < r.target_price:
        buyer = f"less than the target price {_eur(r.target_price)}: <b>the buyer gains</b>"
    elif r.price > r.target_price:
        buyer = f"more than the target price {_eur(r.target_price)}: <b>the buyer pays more</b>"
    else:
        buyer = "the target price"
    lines = [head,
             f"Seller's fee <b>{_eur(r.fee)}</b>, {seller}.",
             f"The buyer pays <b>{_eur(r.price)}</b>, {buyer}."]
    if fpif:
        if r.pta is None:
            where = ("With a buyer's share of 0 the price stays at the target price whatever "
                     "the cost: there is no point of total assumption.")
        elif r.capped:
            where = (f"The actual cost is past the point of total assumption "
                     f"({_eur(r.pta)}): the buyer pays the ceiling price {_eur(r.ceiling_price)} "
                     f"and the seller carries every further euro of cost.")
        else:
            where = (f"Up to the point of total assumption ({_eur(r.pta)}) the variance is "
                     f"shared {split} (buyer/seller); past it the buyer pays the ceiling "
                     f"price {_eur(r.ceiling_price)} and the seller carries the rest.")
    else:
        limits = []
        if r.min_fee is not None:
            limits.append(f"minimum {_eur(r.min_fee)}")
        if r.max_fee is not None:
            limits.append(f"maximum {_eur(r.max_fee)}")
        bounds = " and ".join(limits) if limits else "no fee limits"
        if r.fee_capped:
            held = "maximum" if r.fee_capped == "max" else "minimum"
            where = (f"The formula fee {_eur(r.formula_fee)} is outside the limits, so the fee "
                     f"is held at the {held}. No ceiling: the buyer pays every allowable cost.")
        else:
            where = (f"The variance is shared {split} (buyer/seller) while the fee stays within "
                     f"the {bounds}. No ceiling: the buyer pays every allowable cost.")
    lines.append(where)
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in r.steps)
    return (note_html("<br>".join(lines))
            + f"<details><summary>How it is computed</summary><ol>{steps}</ol></details>")


def incentive_tool(kind: str = "fpif") -> Tool:
    """Fee and price of an incentive-fee contract (FPIF or CPIF), beside the chart of
    what the buyer pays and what the seller earns at every actual cost.

    The boxes take numbers as people type them (``100,000``, ``100 000``,
    ``EUR 100000``) and show thousands separators once a number is read. The
    buyer's share is a fraction (0.8 for an 80/20 split); a CPIF's minimum and
    maximum fee may be left empty (no limit). The actual cost is a slider over
    the chart's range: moving it moves only the chart's marker and the result
    in words. A value the core refuses (a share of 70, a target cost of 0, a
    ceiling below the target price, a minimum fee above the maximum) is
    explained beside the boxes in the core's words, and the last good result
    stays (greyed out).

    Parameters
    ----------
    kind : {"fpif", "cpif"}
        The kind of contract to open on.

    Examples
    --------
    >>> tool = incentive_tool()
    >>> "Seller's fee <b>12,000 EUR</b>" in tool.result.value
    True
    >>> tool.boxes["buyer_share"].value = "70"
    >>> "for 70 % enter 0.7" in tool.message.value
    True
    >>> "Seller's fee <b>12,000 EUR</b>" in tool.result.value
    True
    """
    kind = check_choice("Kind of contract", kind, ("fpif", "cpif"))
    toggle = w.ToggleButtons(options=list(_KINDS), value=kind, style={"button_width": "auto"},
                             tooltips=["Fixed price incentive fee: a ceiling price",
                                       "Cost plus incentive fee: a minimum and a maximum fee"])
    boxes: dict[str, w.Text] = {}
    rows: dict[str, tuple[w.Widget, ...]] = {}
    cells: list[w.Widget] = []
    for key, (unit, _) in _BOXES.items():
        label = core.FIELD_NAMES[key]
        box = w.Text(value=answers.format_number(_START[key]), continuous_update=False,
                     tooltip=label, layout=w.Layout(width="100%", margin="1px 0"))
        if key in _OPTIONAL:
            box.placeholder = "empty: no limit"
        boxes[key] = box
        row = (w.HTML(f"<b>{html.escape(label)}</b>"), box, w.HTML(html.escape(unit)))
        rows[key] = row
        cells += row
    grid = w.GridBox(cells, layout=w.Layout(
        grid_template_columns="minmax(6.5em, auto) minmax(0, 1fr) auto", grid_gap="0 6px",
        align_items="center", width="100%"))
    actual = w.FloatSlider(value=_START_COST, min=50_000, max=150_000, step=500,
                           description="Actual cost", readout_format=",.0f",
                           continuous_update=False, style=_WIDE, layout=full_width())
    legend = w.HTML(_caption("Share = the buyer's part of a cost variance, as a fraction "
                             "(0.8 for 80/20, buyer/seller). Cost variance = target cost "
                             "\u2212 actual cost."))
    message = w.HTML()
    result = w.HTML()
    result.layout = w.Layout(max_height="24vh", overflow="hidden auto")
    chart = LiveChart()
    chart.image.layout.max_height = "35vh"
    chart.caption.layout = w.Layout(max_height="2.15em", overflow="hidden auto")
    state = {"params": None, "key": None, "busy": False}

    def read() -> dict[str, float | None]:
        """The boxes of the chosen kind, read like the answer forms."""
        values: dict[str, float | None] = {}
        for key, (_, kinds) in _BOXES.items():
            if toggle.value not in kinds:
                continue
            label = core.FIELD_NAMES[key]
            text = boxes[key].value
            if not text.strip():
                if key in _OPTIONAL:
                    values[key] = None
                    continue
                raise answers.AnswerError(f"{label} is empty: type a number such as 100,000")
            values[key] = answers.parse_number(text, label)
        return values

    def compute(params: dict, cost: float):
        if toggle.value == "fpif":
            return core.fixed_price_incentive(actual_cost=cost, **params)
        return core.cost_plus_incentive(actual_cost=cost, **params)

    def fit_slider(lo: float, hi: float, step: float) -> None:
        """The slider over the chart's range, keeping its value where it can."""
        state["busy"] = True
        try:
            value = min(max(actual.value, lo), hi)
            if lo > actual.max:
                actual.max = hi
                actual.min = lo
            else:
                actual.min = lo
                actual.max = hi
            actual.step = step
            actual.value = value
        finally:
            state["busy"] = False

    def show(r) -> None:
        message.value = ""
        _stale(result, False)
        chart.stale = False
        result.value = result_html(r)

    def update(_=None) -> None:
        """New terms or a new kind: check them, draw (or recall) the chart, fit the slider."""
        for key, (_, kinds) in _BOXES.items():
            for widget in rows[key]:
                widget.layout.display = None if toggle.value in kinds else "none"
        try:
            params = read()
            compute(params, params["target_cost"])  # the core checks the terms
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last good terms.")
            _stale(result, True)
            chart.stale = True
            return
        key = (toggle.value, tuple(sorted(params.items())))
        terms = dict(params)
        chart.show(key, lambda: charts.incentive_chart(terms, currency=CURRENCY))
        state["params"], state["key"] = params, key
        message.value = ""
        lo, hi = chart.figure.axes[1].get_xlim()
        fit_slider(float(lo), float(hi), max(1.0, round(params["target_cost"] / 200)))
        move()

    def move(_=None) -> None:
        """A new actual cost: move the chart's marker and say what it means."""
        if state["busy"] or state["params"] is None:
            return
        r = compute(state["params"], float(actual.value))
        chart.refresh(lambda fig: charts.update_incentive_chart(fig, float(actual.value)))
        if message.value:  # the boxes hold bad terms: the result stays greyed
            result.value = result_html(r)
            return
        show(r)

    def tidy(change) -> None:
        """Thousands separators once a readable number was typed; then the update."""
        box = change["owner"]
        try:
            shown = answers.format_number(answers.parse_number(change["new"]))
        except (answers.AnswerError, TypeError):
            shown = change["new"]
        if shown != change["new"]:
            box.value = shown  # observed again: that call updates
            return
        update()

    for box in boxes.values():
        box.observe(tidy, names="value")
    toggle.observe(update, names="value")
    actual.observe(move, names="value")
    update()
    controls = [toggle, grid, legend, actual, message]
    tool = Tool(TITLE, [columns(controls, [chart.widget, result])])
    tool.kind, tool.boxes, tool.actual = toggle, boxes, actual
    tool.message, tool.result, tool.chart = message, result, chart
    return tool
