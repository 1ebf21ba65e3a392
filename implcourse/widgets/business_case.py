"""Views of Lesson 05: business-case calculator, tornado, scenarios, adoption."""

from __future__ import annotations

import html
import math

import ipywidgets as w

from .. import business_case as bc
from .. import finance
from ..plots import finance as charts
from .common import Tool, error_html, figure_png, note_html

__all__ = ["calculator", "tornado_tool", "scenario_tool", "adoption_tool", "metrics_html"]


def _money(value: float, currency: str = "") -> str:
    return bc.format_metric("npv", value, currency)


def _years(value: float) -> str:
    text = bc.format_metric("payback", value)
    return "never (within the horizon)" if text == "never" else text


def metrics_html(result: dict[str, float], *, hurdle: float | None = None,
                 currency: str = "") -> str:
    """The headline figures of :func:`finance.evaluate` as an HTML table."""
    rate = result["irr"]
    if math.isnan(rate):
        irr_text = "none (the net flows never change sign, or have no real IRR)"
    else:
        irr_text = bc.format_metric("irr", rate)
        if hurdle is not None:
            verdict = "above" if rate > hurdle else "below"
            irr_text += f" ({verdict} the {hurdle:.1%} hurdle rate)"
    rows = [("ROI", bc.format_metric("roi", result["roi"])),
            ("NPV", _money(result["npv"], currency)),
            ("IRR", irr_text),
            ("Payback", _years(result["payback"])),
            ("Discounted payback", _years(result["discounted_payback"])),
            ("Benefit-cost ratio", bc.format_metric("bcr", result["bcr"]))]
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                    for k, v in rows)
    return f"<table>{cells}</table>"


def calculator(case: str | None = "erp_replacement") -> Tool:
    """Edit yearly costs and benefits and the rates; see every figure live.

    It starts from a business case's yearly totals (costs, and benefits as
    realised). A bad entry (say a rate of -100 %) shows a message beside the
    inputs and keeps the last good result.

    Examples
    --------
    >>> tool = calculator()
    >>> tool.rate.value = -150
    >>> "above -100 %" in tool.message.value
    True
    >>> "NPV" in tool.result.value
    True
    """
    start = bc.load_case(case) if case else None
    pick = w.Dropdown(options=[("(blank)", "")] + [(bc.load_case(c).name, c)
                                                   for c in bc.case_ids()],
                      value=case or "", description="Start from",
                      layout=w.Layout(width="480px"))
    # The boxes are rebuilt when a case with another horizon is chosen; the
    # lists are changed in place, so tool.costs and tool.benefits stay valid.
    cost_boxes: list[w.FloatText] = []
    benefit_boxes: list[w.FloatText] = []
    grid = w.GridBox()
    rate = w.FloatText(description="Discount rate %", style={"description_width": "initial"},
                       layout=w.Layout(width="200px"))
    hurdle = w.FloatText(description="Hurdle rate %", style={"description_width": "initial"},
                         layout=w.Layout(width="200px"))
    message = w.HTML()
    result = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
    state = {"loading": False, "currency": start.currency if start else ""}

    def update(_=None):
        if state["loading"]:
            return
        if rate.value <= -100:  # the box is in percent; say so in the learner's units
            message.value = error_html(f"The discount rate must be above -100 %, got "
                                       f"{rate.value:g} %")
            return
        try:
            figures = finance.evaluate(rate.value / 100, [b.value for b in benefit_boxes],
                                       [c.value for c in cost_boxes])
        except (TypeError, ValueError) as err:
            message.value = error_html(err)
            return
        # A soft warning, not an error: 0.12 is a legal rate, but rarely the one meant.
        small = [f"{box.description} {box.value:g}" for box in (rate, hurdle)
                 if 0 < abs(box.value) < 1]
        message.value = note_html(html.escape(
            "The rate boxes are in per cent: " + ", ".join(small) + " means less than 1 %. "
            "Type 12 for 12 %.")) if small else ""
        result.value = note_html(metrics_html(figures, hurdle=hurdle.value / 100,
                                              currency=state["currency"]))
        flows = [b.value - c.value for b, c in zip(benefit_boxes, cost_boxes)]
        chart.value = figure_png(charts.cumulative_cashflow(flows, rate=rate.value / 100,
                                                            currency=state["currency"]))

    def build(years: int) -> None:
        if len(cost_boxes) == years:
            return
        for box in [*cost_boxes, *benefit_boxes]:
            box.unobserve(update, names="value")
        cost_boxes[:] = [w.FloatText(layout=w.Layout(width="105px")) for _ in range(years)]
        benefit_boxes[:] = [w.FloatText(layout=w.Layout(width="105px")) for _ in range(years)]
        for box in [*cost_boxes, *benefit_boxes]:
            box.observe(update, names="value")
        header = [w.Label("")] + [w.Label(f"Year {t}") for t in range(years)]
        grid.children = [*header, w.Label("Costs"), *cost_boxes, w.Label("Benefits"),
                         *benefit_boxes]
        grid.layout = w.Layout(grid_template_columns=f"80px repeat({years}, 110px)")

    def load(_=None):
        state["loading"] = True
        if pick.value:
            chosen = bc.load_case(pick.value)
            costs, benefits = chosen.cost_totals(), chosen.benefit_totals()
            rate.value, hurdle.value = chosen.discount_rate * 100, chosen.hurdle_rate * 100
            state["currency"] = chosen.currency
        else:
            costs, benefits = [100_000.0] + [0.0] * 5, [0.0] + [40_000.0] * 5
            rate.value, hurdle.value, state["currency"] = 8.0, 12.0, ""
        build(len(costs))
        for box, value in zip(cost_boxes, costs):
            box.value = float(value)
        for box, value in zip(benefit_boxes, benefits):
            box.value = float(value)
        state["loading"] = False
        update()

    for box in (rate, hurdle):
        box.observe(update, names="value")
    pick.observe(load, names="value")
    load()
    tool = Tool("Business-case calculator",
                [pick, grid, w.HBox([rate, hurdle]), message, result, chart])
    tool.rate, tool.hurdle, tool.message, tool.result, tool.chart = (rate, hurdle, message,
                                                                    result, chart)
    tool.costs, tool.benefits, tool.pick = cost_boxes, benefit_boxes, pick
    return tool


def tornado_tool(case: str = "erp_replacement") -> Tool:
    """Choose a case, a swing and a metric; see the tornado and the break-even.

    Examples
    --------
    >>> tool = tornado_tool()
    >>> tool.swing.value = 0.3
    >>> "30%" in tool.summary.value
    True
    """
    pick = w.Dropdown(options=[(bc.load_case(c).name, c) for c in bc.case_ids()],
                      value=case, description="Case", layout=w.Layout(width="480px"))
    swing = w.FloatSlider(value=0.2, min=0.05, max=0.5, step=0.05, description="Swing ±",
                          readout_format=".0%")
    metric = w.ToggleButtons(options=[("NPV", "npv"), ("ROI", "roi")], value="npv",
                             description="Metric")
    summary = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))

    def update(_=None):
        try:
            chosen = bc.load_case(pick.value)
            table = bc.sensitivity(chosen, swing=swing.value, metric=metric.value)
            top = table.index[0]
            point = bc.break_even(chosen, top, metric=metric.value)
        except (TypeError, ValueError) as err:
            summary.value = error_html(err)
            return
        label = "NPV" if metric.value == "npv" else "ROI"
        chart.value = figure_png(charts.tornado(table, metric_label=label,
                                                currency="" if metric.value == "roi"
                                                else chosen.currency))
        if top == "discount_rate":
            where = f"{label} falls to zero at a discount rate of {point:.1%}"
        elif point < 0:
            where = f"no value of this driver alone brings {label} to zero"
        else:
            where = f"{label} falls to zero at {point:.0%} of its likely value"
        summary.value = note_html(
            f"Each driver moved by ±{swing.value:.0%}, one at a time. The widest bar is "
            f"<b>{html.escape(table.loc[top, 'label'])}</b>: {html.escape(where)}, the "
            "others unchanged.")

    for control in (pick, swing, metric):
        control.observe(update, names="value")
    update()
    tool = Tool("Sensitivity: tornado chart", [pick, w.HBox([swing, metric]), summary, chart])
    tool.pick, tool.swing, tool.metric, tool.summary, tool.chart = (pick, swing, metric,
                                                                    summary, chart)
    return tool


def _table_html(frame) -> str:
    """A formatted scenario table (from ``scenario_table(..., formatted=True)``) as HTML."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join("<tr><td><b>" + html.escape(m) + "</b></td>"
                   + "".join(f"<td>{html.escape(v)}</td>" for v in frame.loc[m]) + "</tr>"
                   for m in frame.index)
    return f"<table><tr><th></th>{head}</tr>{body}</table>"


def scenario_tool(case: str = "erp_replacement") -> Tool:
    """Worst, likely and best scenarios side by side, with their cash-flow lines.

    Examples
    --------
    >>> tool = scenario_tool()
    >>> "worst" in tool.table.value and "best" in tool.table.value
    True
    """
    pick = w.Dropdown(options=[(bc.load_case(c).name, c) for c in bc.case_ids()],
                      value=case, description="Case", layout=w.Layout(width="480px"))
    discounted = w.Checkbox(value=True, description="Discount the lines")
    table = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))

    def update(_=None):
        chosen = bc.load_case(pick.value)
        frame = bc.scenario_table(chosen, formatted=True)
        labels = {name: chosen.scenarios[name].label for name in ("worst", "best")}
        table.value = (_table_html(frame) + note_html(
            f"<b>worst</b>: {html.escape(labels['worst'])}; <b>best</b>: "
            f"{html.escape(labels['best'])}; <b>likely</b>: the case as planned."))
        lines = {name: chosen.scenario(name).cashflows() for name in ("worst", "likely", "best")}
        rate = chosen.discount_rate if discounted.value else None
        chart.value = figure_png(charts.scenario_lines(lines, rate=rate))

    pick.observe(update, names="value")
    discounted.observe(update, names="value")
    update()
    tool = Tool("Scenarios side by side", [w.HBox([pick, discounted]), table, chart])
    tool.pick, tool.discounted, tool.table, tool.chart = pick, discounted, table, chart
    return tool


def adoption_tool(case: str = "erp_replacement") -> Tool:
    """Delay adoption by whole years and watch benefits, NPV and payback move.

    Examples
    --------
    >>> tool = adoption_tool()
    >>> tool.delay.value = 1
    >>> "1 year" in tool.summary.value
    True
    """
    chosen = bc.load_case(case)
    delay = w.IntSlider(value=0, min=0, max=3, description="Delay (years)",
                        style={"description_width": "initial"})
    summary = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
    base = chosen.metrics()

    def update(_=None):
        later = chosen.adjusted(adoption_delay=delay.value)
        figures = later.metrics()
        full = later.benefit_table(realised=False)["total"]
        chart.value = figure_png(charts.benefit_ramp(full, later.benefit_totals()))
        change = figures["npv"] - base["npv"]
        years = "year" if delay.value == 1 else "years"
        against = ("no change against the plan" if abs(change) < 0.5 else
                   f"{_money(change, chosen.currency)} against the plan")
        summary.value = note_html(
            f"Adoption {delay.value} {years} later: NPV "
            f"{_money(figures['npv'], chosen.currency)} ({against}), payback "
            f"{_years(figures['payback'])}. The horizon stays the same and the costs still "
            "run, so most of the change is benefits that never arrive within it, not just "
            "later discounting.")

    delay.observe(update, names="value")
    update()
    tool = Tool("Benefit realisation: adoption delay", [delay, summary, chart])
    tool.delay, tool.summary, tool.chart = delay, summary, chart
    return tool
