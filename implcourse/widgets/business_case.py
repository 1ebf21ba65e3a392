"""Views of Lesson 05: business-case calculator, tornado, scenarios, adoption."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from .. import business_case as bc
from .. import finance, tables
from ..content import display_path
from ..plots import finance as charts
from .charts import LiveChart
from .common import Tool, columns, error_html, fmt, full_width, note_html, trainer_path

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
            irr_text += f" ({verdict} the {fmt(hurdle, '.1%')} hurdle rate)"
    rows = [("ROI", bc.format_metric("roi", result["roi"])),
            ("NPV", _money(result["npv"], currency)),
            ("IRR", irr_text),
            ("Payback", _years(result["payback"])),
            ("Discounted payback", _years(result["discounted_payback"])),
            ("Benefit-cost ratio", bc.format_metric("bcr", result["bcr"]))]
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                    for k, v in rows)
    return f"<table>{cells}</table>"


#: How a case can be given to a tool: a course case's id, a trainer's file (a
#: Path, or a path string: absolute, or starting with ./, ../ or ~), or a case
#: already loaded with :func:`implcourse.business_case.load_case`.
CaseSource = str | Path | bc.BusinessCase


def _case_menu(case: CaseSource | None, *, blank: bool = False
               ) -> tuple[list[tuple[str, str]], str, Callable[[str], bc.BusinessCase]]:
    """A case menu's options, its first value, and the loader of an option.

    The course's cases are listed by name; a trainer's case (a file or a
    loaded case) comes first, named as in its file, with the file's name so
    that a modified copy of a course case can be told from the original. A
    trainer's file is read again when it is chosen, so an edited file shows
    its changes.
    """
    if case is not None and not isinstance(case, (str, Path, bc.BusinessCase)):
        raise TypeError(f"case must be a course case's id, a path to your own case file or "
                        f"a loaded business case, got {type(case).__name__}")
    own: dict[str, Callable[[], bc.BusinessCase]] = {}
    options: list[tuple[str, str]] = [("(blank)", "")] if blank else []
    path = trainer_path(case)
    if isinstance(case, bc.BusinessCase):
        key = f"own:{case.id}"
        own[key] = lambda: case
        options.append((f"{case.name} (your case)", key))
    elif path is not None:
        loaded = bc.load_case(path)  # a file that cannot be read is refused now
        key = f"file:{display_path(path)}"
        own[key] = lambda: bc.load_case(path)
        options.append((f"{loaded.name} (your file {path.name})", key))
    elif case is not None and case.strip() in bc.case_ids():
        key = case.strip()  # a course case, by its id
    elif case is not None:  # another of the course's files, by its dataset name
        named = bc.load_case(case)
        key = f"dataset:{case.strip()}"
        own[key] = lambda: bc.load_case(case)
        options.append((named.name, key))
    else:
        key = ""
    options += [(bc.load_case(c).name, c) for c in bc.case_ids()]

    def load(choice: str) -> bc.BusinessCase:
        return own[choice]() if choice in own else bc.load_case(choice)

    return options, key, load


def _case(case: CaseSource) -> bc.BusinessCase:
    """One case: loaded already, from a trainer's file, or a course case by id."""
    _, key, load = _case_menu(case)
    return load(key)


def _padded(flows: list[float], rate: float) -> tuple[float, float]:
    """A y range with room for the calculator's lines to move before a full redraw."""
    cumulative, total, low, high = 0.0, 0.0, 0.0, 0.0
    for t, flow in enumerate(flows):
        cumulative += flow
        total += flow / (1 + rate) ** t if rate > -1 else 0.0
        low, high = min(low, flow, cumulative, total), max(high, flow, cumulative, total)
    span = max(high - low, 1.0)
    return low - 0.25 * span, high + 0.25 * span


def calculator(case: CaseSource | None = "erp_replacement") -> Tool:
    """Edit yearly costs and benefits and the rates; see every figure live.

    ``case`` is a course case's id, your own case file (a ``Path``, or a path
    such as ``"./my_case.yml"``), a case loaded with
    :func:`implcourse.business_case.load_case`, or None for a blank start.

    It starts from a business case's yearly totals (costs, and benefits as
    realised). A bad entry (say a rate of -100 %) shows a message beside the
    inputs and keeps the last good result. The years run down the page, so
    the table fits a narrow screen. The figures stand beside the inputs; the
    cumulative cash-flow chart has its own tab, drawn when it is open, and
    then only its bars and lines are redrawn while they stay inside its axis.

    Examples
    --------
    >>> tool = calculator()
    >>> tool.rate.value = -150
    >>> "above -100 %" in tool.message.value
    True
    >>> "NPV" in tool.result.value
    True
    """
    options, first, load_case = _case_menu(case, blank=True)
    start = load_case(first) if first else None
    pick = w.Dropdown(options=options, value=first, description="Start from",
                      layout=full_width())
    # The boxes are rebuilt when a case with another horizon is chosen; the
    # lists are changed in place, so tool.costs and tool.benefits stay valid.
    cost_boxes: list[w.FloatText] = []
    benefit_boxes: list[w.FloatText] = []
    grid = w.GridBox()
    rate = w.FloatText(description="Discount %", style={"description_width": "initial"},
                       layout=w.Layout(width="9.5em"), tooltip="The discount rate, in per cent")
    hurdle = w.FloatText(description="Hurdle %", style={"description_width": "initial"},
                         layout=w.Layout(width="9.5em"), tooltip="The hurdle rate, in per cent")
    message = w.HTML()
    result = w.HTML()
    chart = LiveChart()
    # The figures are the main result; the chart has its own tab, drawn when it is
    # open, so the tool fits a projected screen.
    views = w.Tab(children=[result, chart.widget], titles=["Figures", "Cash-flow chart"])
    state = {"loading": False, "currency": start.currency if start else "", "flows": None}

    def draw(flows: list[float]) -> None:
        state["flows"] = flows
        if views.selected_index != 1:
            return
        r = rate.value / 100

        def build():
            return charts.cumulative_cashflow(flows, rate=r, currency=state["currency"],
                                              ylim=_padded(flows, r))

        if state.pop("new_case", False):  # a case's chart is remembered, then moved
            chart.show(("case", pick.value), build)
        if not chart.refresh(lambda fig: charts.update_cashflow(fig, flows, r)):
            chart.draw(build)

    def update(_=None):
        if state["loading"]:
            return
        # The boxes are in percent; say what is wrong in the learner's units.
        for name, box in (("discount rate", rate), ("hurdle rate", hurdle)):
            if not math.isfinite(box.value):
                message.value = error_html(f"The {name} must be a number, got {box.value:g} %")
                return
        if rate.value <= -100:
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
        small = [f"{name} {box.value:g}" for name, box in (("discount rate", rate),
                                                            ("hurdle rate", hurdle))
                 if 0 < abs(box.value) < 1]
        message.value = note_html(html.escape(
            "The rate boxes are in per cent: " + ", ".join(small) + " means less than 1 %. "
            "Type 12 for 12 %.")) if small else ""
        result.value = note_html(metrics_html(figures, hurdle=hurdle.value / 100,
                                              currency=state["currency"]))
        draw([b.value - c.value for b, c in zip(benefit_boxes, cost_boxes)])

    def build(years: int) -> None:
        if len(cost_boxes) == years:
            return
        for box in [*cost_boxes, *benefit_boxes]:
            box.unobserve(update, names="value")
        cost_boxes[:] = [w.FloatText(layout=w.Layout(width="100%", margin="1px 0"))
                         for _ in range(years)]
        benefit_boxes[:] = [w.FloatText(layout=w.Layout(width="100%", margin="1px 0"))
                            for _ in range(years)]
        for box in [*cost_boxes, *benefit_boxes]:
            box.observe(update, names="value")
        cells: list[w.Widget] = [w.HTML(""), w.HTML("<b>Costs</b>"), w.HTML("<b>Benefits</b>")]
        for t in range(years):
            cells += [w.HTML(f"Year {t}"), cost_boxes[t], benefit_boxes[t]]
        grid.children = cells
        grid.layout = w.Layout(grid_template_columns="4.2em minmax(0, 1fr) minmax(0, 1fr)",
                               grid_gap="0 6px", align_items="center", width="100%")

    def load(_=None):
        try:
            chosen = load_case(pick.value) if pick.value else None
        except (TypeError, ValueError) as err:  # a trainer's file edited since, say
            message.value = error_html(err)
            return
        state["loading"] = True
        try:
            if chosen is not None:
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
        finally:  # never stuck in "loading", whatever happened
            state["loading"] = False
        state["new_case"] = True
        update()

    def on_tab(_=None):
        if views.selected_index == 1 and state["flows"] is not None:
            state["new_case"] = True
            draw(state["flows"])

    for box in (rate, hurdle):
        box.observe(update, names="value")
    pick.observe(load, names="value")
    views.observe(on_tab, names="selected_index")
    load()
    currency_note = w.HTML()

    def note_currency(_=None):
        currency_note.value = (f"<i>Amounts in {html.escape(state['currency'])}.</i>"
                               if state["currency"] else "<i>Amounts in any one currency.</i>")

    pick.observe(note_currency, names="value")
    note_currency()
    rates = w.HBox([rate, hurdle], layout=w.Layout(flex_flow="row wrap"))
    controls = [pick, currency_note, grid, rates, message]
    tool = Tool("Business-case calculator", [columns(controls, [views])])
    tool.rate, tool.hurdle, tool.message, tool.result, tool.chart = (rate, hurdle, message,
                                                                    result, chart)
    tool.views = views
    tool.costs, tool.benefits, tool.pick = cost_boxes, benefit_boxes, pick
    return tool


def tornado_tool(case: CaseSource = "erp_replacement") -> Tool:
    """Choose a case, a swing and a metric; see the tornado and the break-even.

    ``case`` is given as for :func:`calculator`; your own case joins the menu.

    Examples
    --------
    >>> tool = tornado_tool()
    >>> tool.swing.value = 0.3
    >>> "30%" in tool.summary.value
    True
    """
    options, first, load_case = _case_menu(case)
    pick = w.Dropdown(options=options, value=first, description="Case",
                      layout=full_width())
    swing = w.FloatSlider(value=0.2, min=0.05, max=0.5, step=0.05, description="Swing ±",
                          readout_format=".0%", continuous_update=False,
                          layout=full_width())
    metric = w.ToggleButtons(options=[("NPV", "npv"), ("ROI", "roi")], value="npv",
                             description="Metric", style={"button_width": "5em"})
    summary = w.HTML()
    chart = LiveChart()

    def update(_=None):
        key = (pick.value, round(swing.value, 6), metric.value)
        try:
            chosen = load_case(pick.value)
            table = bc.sensitivity(chosen, swing=key[1], metric=metric.value)
            top = table.index[0]
            point = bc.break_even(chosen, top, metric=metric.value)
        except (TypeError, ValueError) as err:
            summary.value = error_html(err)
            return
        label = "NPV" if metric.value == "npv" else "ROI"
        chart.show(key, lambda: charts.tornado(table, metric_label=label,
                                               currency="" if metric.value == "roi"
                                               else chosen.currency))
        if not math.isfinite(point):
            where = f"the value at which {label} falls to zero is undefined"
        elif top == "discount_rate":
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
    tool = Tool("Sensitivity: tornado chart",
                [columns([pick, swing, metric, summary], [chart.widget])])
    tool.pick, tool.swing, tool.metric, tool.summary, tool.chart = (pick, swing, metric,
                                                                    summary, chart)
    return tool


def scenario_tool(case: CaseSource = "erp_replacement") -> Tool:
    """Worst, likely and best scenarios side by side, with their cash-flow lines.

    ``case`` is given as for :func:`calculator`; your own case joins the menu.

    The table is the main result and stands beside the controls; the chart of
    the cumulative cash flows has its own tab, so the tool fits a projected
    screen.

    Examples
    --------
    >>> tool = scenario_tool()
    >>> "Worst" in tool.table.value and "Best" in tool.table.value
    True
    """
    options, first, load_case = _case_menu(case)
    pick = w.Dropdown(options=options, value=first, description="Case", layout=full_width())
    discounted = w.Checkbox(value=True, description="Discount the lines", indent=False,
                            layout=w.Layout(width="auto"))
    table = w.HTML()
    note = w.HTML()
    chart = LiveChart()
    views = w.Tab(children=[table, chart.widget], titles=["Figures", "Cash-flow lines"])

    def draw(chosen) -> None:
        rate = chosen.discount_rate if discounted.value else None
        chart.show((pick.value, discounted.value), lambda: charts.scenario_lines(
            {name: chosen.scenario(name).cashflows() for name in ("worst", "likely", "best")},
            rate=rate, currency=chosen.currency))

    def update(_=None):
        try:
            chosen = load_case(pick.value)
            frame = bc.scenario_table(chosen, formatted=True)
        except (TypeError, ValueError) as err:
            note.value = error_html(err)
            return
        frame.columns = [str(c).capitalize() for c in frame.columns]
        # The figures say "years" already; shorter labels keep the table on one screen.
        frame.index = [str(m).replace(" (years)", "") for m in frame.index]
        frame.index = [str(m).replace("Total benefits (realised)", "Benefits realised")
                       for m in frame.index]
        # The currency is said once, beside the table, not in every cell: three
        # columns of amounts then fit beside the controls at 150 % zoom.
        unit = f" {chosen.currency}"
        frame = frame.apply(lambda row: row.str.removesuffix(unit), axis=1)
        labels = {name: chosen.scenarios[name].label for name in ("worst", "best")}
        table.value = tables.show(frame).to_html()
        note.value = note_html(
            f"<b>Worst</b>: {html.escape(labels['worst'])}; <b>best</b>: "
            f"{html.escape(labels['best'])}; <b>likely</b>: the case as planned. "
            f"Amounts in {html.escape(chosen.currency)}.")
        if views.selected_index == 1:
            draw(chosen)

    def on_tab(_=None):
        if views.selected_index == 1:
            draw(load_case(pick.value))

    pick.observe(update, names="value")
    discounted.observe(update, names="value")
    views.observe(on_tab, names="selected_index")
    update()
    tool = Tool("Scenarios side by side", [columns([pick, discounted, note], [views])])
    tool.pick, tool.discounted, tool.table, tool.chart = pick, discounted, table, chart
    tool.views, tool.note = views, note
    return tool


def adoption_tool(case: CaseSource = "erp_replacement") -> Tool:
    """Delay adoption by whole years and watch benefits, NPV and payback move.

    ``case`` is given as for :func:`calculator`.

    Examples
    --------
    >>> tool = adoption_tool()
    >>> tool.delay.value = 1
    >>> "1 year" in tool.summary.value
    True
    >>> tool.delay.value = 0
    >>> "as planned" in tool.summary.value
    True
    """
    chosen = _case(case)
    delay = w.IntSlider(value=0, min=0, max=3, description="Delay (years)",
                        style={"description_width": "initial"}, layout=full_width())
    summary = w.HTML()
    chart = LiveChart()
    base = chosen.metrics()

    def money(value: float) -> str:
        return html.escape(_money(value, chosen.currency))

    def update(_=None):
        later = chosen.adjusted(adoption_delay=delay.value)
        figures = later.metrics()
        full = later.benefit_table(realised=False)["total"]
        chart.show(delay.value, lambda: charts.benefit_ramp(
            full, later.benefit_totals(), currency=chosen.currency))
        if delay.value == 0:
            summary.value = note_html(
                f"Adoption as planned: NPV {money(figures['npv'])}, payback "
                f"{_years(figures['payback'])}. Move the slider to start adoption later.")
            return
        change = figures["npv"] - base["npv"]
        years = "year" if delay.value == 1 else "years"
        summary.value = note_html(
            f"Adoption {delay.value} {years} later: NPV "
            f"{money(figures['npv'])} ({money(change)} "
            f"against the plan), payback {_years(figures['payback'])}. The horizon stays the "
            "same and the costs still run, so most of the loss is benefits that never arrive "
            "within it, not just later discounting.")

    delay.observe(update, names="value")
    update()
    tool = Tool("Benefit realisation: adoption delay", [columns([delay, summary],
                                                                [chart.widget])])
    tool.delay, tool.summary, tool.chart = delay, summary, chart
    return tool
