"""View of Lesson 06: the portfolio explorer and a reference-class forecast.

One tool, four tabs, each with its controls beside its result and drawn only
when it is open: the overruns (a histogram, or a factor's levels, with the
summary table), "correlation or cause?" (a factor compared pooled and within
bands of a confounder), survivorship (all projects against the completed
ones only) and a reference-class forecast. Every number comes from
:mod:`implcourse.portfolio`; every chart from :mod:`implcourse.plots.portfolio`,
remembered by the state of the controls. The portfolio is SYNTHETIC.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from .. import tables
from ..answers import AnswerError, Number
from ..portfolio import analytics as an
from ..portfolio import load_projects
from ..portfolio.generator import INDUSTRIES, TYPES
from ..plots import portfolio as charts
from .charts import LiveChart
from .common import Tool, columns, dataset, error_html, full_width, note_html

__all__ = ["portfolio_explorer", "TITLE"]

TITLE = "Portfolio explorer and reference-class forecast"
TAB_TITLES = ["Overruns", "Correlation or cause?", "Survivorship", "Reference-class forecast"]

#: The summary columns as a table shows them (overruns in per cent of plan).
_SUMMARY_LABELS = {"count": "Projects", "mean": "Mean (%)", "median": "Median (%)",
                   "p80": "P80 (%)", "p90": "P90 (%)", "share_over_plan": "Over plan",
                   "share_over_50pct": "Over +50 %"}
_SYNTHETIC = "<i>Synthetic data: a teaching model's projects, not real ones.</i>"
#: Factors a learner compares; "outcome" is left out (it is defined by the overruns).
_FACTORS = [(label, key) for key, label in an.CATEGORICAL_FACTORS.items() if key != "outcome"]
_OUTCOMES = [("Cost overrun", "cost_overrun_pct"), ("Schedule overrun", "schedule_overrun_pct"),
             ("Adoption at 90 days", "adoption_90d")]


def _summary_html(frame, index_label: str) -> str:
    """The summary as a table that fits beside the controls at 150 % zoom: six
    narrow columns, so P90 is left out (the ungrouped histogram's text
    alternative gives it; the core's :func:`overrun_summary` has it)."""
    labels = dict(_SUMMARY_LABELS)
    if frame.index.name:
        labels[frame.index.name] = index_label
    frame = frame.drop(columns=["p90"], errors="ignore")
    return tables.show(frame, labels=labels, percent=["share_over_plan", "share_over_50pct"],
                       decimals=1).to_html()


def _chart_and_table(chart: LiveChart, table: w.HTML) -> w.Tab:
    """A chart and its summary table as two small tabs, so that together they
    never make the tool taller than a projected screen."""
    return w.Tab(children=[chart.widget, table], titles=["Chart", "Summary table"])


def _pct(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "\u2212")


def _gap_words(result: an.Stratified) -> str:
    """The pooled and the within-band gaps in words, with what they suggest."""
    factor = an.CATEGORICAL_FACTORS[result.factor].lower()
    confounder = an.NUMERIC_FACTORS[result.confounder].split(" (")[0].lower()
    what = an.OUTCOME_COLUMNS[result.outcome].split(" (")[0].lower()
    pooled, within = result.pooled_gap, result.within_gap
    head = (f"Pooled, the {result.stat} {what} of <b>{html.escape(result.high)}</b> projects "
            f"is <b>{_pct(pooled)}</b> points against <b>{html.escape(result.low)}</b>. ")
    if within != within:  # NaN: no band holds both levels
        return head + (f"No band of {confounder} holds both levels, so they cannot be "
                       f"compared like with like: try fewer bands.")
    head += f"Within bands of {confounder} the gap is <b>{_pct(within)}</b> points. "
    if pooled == 0:
        return head + "There is no pooled gap to explain."
    ratio = within / pooled
    if ratio < 0:
        verdict = (f"The gap turns round within the bands (Simpson's paradox): the pooled "
                   f"comparison mixed projects of different {confounder}.")
    elif ratio < 0.5:
        verdict = (f"Most of the pooled gap goes with {confounder}, not with the {factor}: "
                   f"compare like with like before blaming the {factor}.")
    else:
        verdict = (f"Most of the gap holds within bands, so {confounder} does not explain "
                   f"it; a confounder nobody measured still might.")
    return head + verdict


def portfolio_explorer(portfolio=None) -> Tool:
    """Explore a portfolio of past projects: overruns, a confounder, survivorship, a forecast.

    Parameters
    ----------
    portfolio : pandas.DataFrame, str or Path, optional
        Shaped like :func:`implcourse.portfolio.load_projects` (the default,
        the course's synthetic portfolio); or a path to a portfolio CSV of
        your own in the same shape (``Path("ours.csv")`` or ``"./ours.csv"``).

    Returns
    -------
    Tool
        Its controls and outputs are attributes: ``tabs``; ``measure``,
        ``group_by``, ``overrun_chart``, ``overrun_table``; ``factor``,
        ``confounder``, ``outcome``, ``bands``, ``confounder_chart``,
        ``confounder_text``, ``confounder_message``; ``sample``,
        ``survivor_measure``, ``survivor_chart``, ``survivor_table``,
        ``survivor_text``; ``project_type``, ``industry``, ``budget``,
        ``percentile``, ``forecast_chart``, ``forecast_text``,
        ``forecast_message``.

    Notes
    -----
    A tab is drawn when it is opened, and its charts are remembered by the
    state of its controls. In the forecast, the budget does not change the
    chart (its axis is the uplift in per cent): a new budget only rewrites
    the forecast and the chart's text alternative. Too few peers, or a budget
    that is not positive, shows a message naming the filters or the field,
    and the last good forecast stays (its chart greyed out).

    Examples
    --------
    >>> tool = portfolio_explorer()
    >>> tool.tabs.selected_index = 3
    >>> "P80" in tool.forecast_text.value
    True
    >>> tool.industry.value = "healthcare"
    >>> "Too few peers" in tool.forecast_message.value and tool.forecast_chart.stale
    True
    """
    df = an.overruns(dataset(portfolio, load_projects, name="portfolio", what="portfolio",
                             loaded=(pd.DataFrame,)))

    # -- (a) overruns ----------------------------------------------------------------------
    measure = w.ToggleButtons(options=[("Cost", "cost"), ("Schedule", "schedule")],
                              value="cost", description="Measure",
                              style={"button_width": "6em"})
    group_by = w.Dropdown(options=[("(all projects)", "")] + [
        (label, key) for key, label in an.CATEGORICAL_FACTORS.items()],
        value="", description="Group by", layout=full_width())
    overrun_chart = LiveChart()
    overrun_table = w.HTML()
    overrun_text = w.HTML(note_html(
        "Overruns in per cent of the plan; positive means over. The median is the typical "
        "project: a few black swans pull the mean far above it. " + _SYNTHETIC))

    def draw_overruns() -> None:
        kind, by = measure.value, group_by.value or None
        column = an.MEASURES[kind]
        if by is None:
            overrun_chart.show((kind, by), lambda: charts.overrun_histogram(df, kind))
        else:
            overrun_chart.show((kind, by), lambda: charts.factor_chart(df, by, column))
        label = an.CATEGORICAL_FACTORS.get(by, "Projects") if by else "Projects"
        overrun_table.value = _summary_html(an.overrun_summary(df, by, measure=kind), label)

    # -- (b) correlation or cause? ---------------------------------------------------------
    factor = w.Dropdown(options=_FACTORS, value="methodology", description="Factor",
                        layout=full_width())
    confounder = w.Dropdown(options=[(label, key) for key, label in an.NUMERIC_FACTORS.items()],
                            value="budget", description="Confounder", layout=full_width(),
                            style={"description_width": "initial"})
    outcome = w.Dropdown(options=_OUTCOMES, value="cost_overrun_pct", description="Outcome",
                         layout=full_width())
    bands = w.IntSlider(value=3, min=2, max=5, step=1, description="Bands",
                        continuous_update=False, layout=full_width())
    confounder_chart = LiveChart()
    confounder_text = w.HTML()
    confounder_message = w.HTML()

    def draw_confounder() -> None:
        key = (factor.value, confounder.value, outcome.value, bands.value)
        try:
            result = an.stratified(df, *key[:3], bands=key[3])
        except (TypeError, ValueError) as err:
            confounder_message.value = error_html(f"{err}. The chart still shows the last "
                                                  "comparison that worked.")
            confounder_chart.stale = True
            return
        confounder_message.value = ""
        confounder_chart.stale = False
        confounder_chart.show(key, lambda: charts.confounder_chart(df, *key[:3], bands=key[3]))
        confounder_text.value = note_html(_gap_words(result) + " " + _SYNTHETIC)

    # -- (c) survivorship ------------------------------------------------------------------
    sample = w.ToggleButtons(options=[("All projects", "all"), ("Completed only", "completed")],
                             value="all", description="Sample", style={"button_width": "9em"})
    survivor_measure = w.ToggleButtons(options=[("Cost", "cost"), ("Schedule", "schedule")],
                                       value="cost", description="Measure",
                                       style={"button_width": "6em"})
    survivor_chart = LiveChart()
    survivor_table = w.HTML()
    survivor_text = w.HTML()
    completed = df[df["outcome"].astype(str) != "cancelled"]

    def draw_survivorship() -> None:
        kind, which = survivor_measure.value, sample.value
        table = an.survivorship(df, measure=kind)
        if which == "all":
            title = f"{kind.capitalize()} overruns: all projects (cancelled included)"
            survivor_chart.show((kind, which), lambda: charts.overrun_histogram(
                df, kind, title=title))
        else:
            title = f"{kind.capitalize()} overruns: completed projects only (the archive)"
            survivor_chart.show((kind, which), lambda: charts.overrun_histogram(
                completed, kind, title=title))
        survivor_table.value = _summary_html(table, "Sample")
        everyone, archive = table.iloc[0], table.iloc[1]
        missing = int(everyone["count"] - archive["count"])
        if archive["mean"] < everyone["mean"]:
            verdict = "the archive looks better than the portfolio was."
        else:
            verdict = ("here the archive does not look better, because the cancelled projects "
                       "stopped early: their figures to the cancel date understate what a "
                       "full run would have taken, which nobody will ever measure.")
        survivor_text.value = note_html(
            f"An archive of completed projects misses the <b>{missing}</b> cancelled ones. "
            f"Its mean {kind} overrun is <b>{_pct(archive['mean'])} %</b> against "
            f"<b>{_pct(everyone['mean'])} %</b> for all projects (cancelled ones counted with "
            f"what they spent, or how long they ran, up to the cancel date): {verdict} "
            + _SYNTHETIC)

    # -- (d) reference-class forecast ------------------------------------------------------
    project_type = w.Dropdown(options=[("(any type)", "")] + [(t, t) for t in TYPES],
                              value="ERP", description="Project type", layout=full_width(),
                              style={"description_width": "initial"})
    industry = w.Dropdown(options=[("(any industry)", "")] + [(i, i) for i in INDUSTRIES],
                          value="", description="Industry", layout=full_width())
    budget_label = w.HTML("Budget of the new project (EUR)")
    budget = w.FloatText(value=2_000_000, layout=full_width())
    percentile = w.IntSlider(value=80, min=50, max=95, step=5, description="Percentile",
                             continuous_update=False, layout=full_width())
    forecast_chart = LiveChart(cache=48)
    forecast_text = w.HTML()
    forecast_message = w.HTML()
    budget_field = Number("budget", "Budget of the new project", unit="EUR")

    def filters() -> dict:
        chosen = {"type": project_type.value, "industry": industry.value}
        return {k: v for k, v in chosen.items() if v}

    def filters_in_words() -> str:
        parts = [f"Project type = {project_type.value}" if project_type.value else "",
                 f"Industry = {industry.value}" if industry.value else ""]
        return ", ".join(p for p in parts if p) or "no filters"

    def draw_forecast() -> None:
        try:
            amount = budget_field.coerce(budget.value)
            rcf = an.reference_class_forecast(df, amount, peers=filters(),
                                              percentile=percentile.value)
        except AnswerError as err:
            forecast_message.value = error_html(f"{err}. The forecast still shows the last "
                                                "good result.")
            forecast_chart.stale = True
            return
        except (TypeError, ValueError) as err:
            text = str(err)  # the core names the filters as labelled on screen
            forecast_message.value = error_html(f"{text}. The forecast still shows the last "
                                                "good result.")
            forecast_chart.stale = True
            return
        forecast_message.value = ""
        forecast_chart.stale = False
        key = (project_type.value, industry.value, percentile.value)
        built = []

        def build():
            built.append(charts.reference_class_chart(rcf))
            return built[0]

        forecast_chart.show(key, build)
        if not built:  # a remembered chart: the budget may have changed, and with it the words
            alt = charts.reference_class_chart(rcf).alt
            if alt != forecast_chart.figure.alt:

                def new_words(fig):
                    fig.alt = alt

                forecast_chart.refresh(new_words)
        forecast_text.value = note_html(
            f"{html.escape(rcf.summary)} Peers: {html.escape(filters_in_words())}; completed "
            f"projects only, so the class itself lost its cancelled projects. A simple "
            f"reference-class forecast on synthetic data.")

    # -- tabs, drawn when opened -----------------------------------------------------------
    drawers = [draw_overruns, draw_confounder, draw_survivorship, draw_forecast]
    tabs = w.Tab()

    def redraw(index: int):
        def handler(_=None):
            if tabs.selected_index == index:
                drawers[index]()
        return handler

    def on_tab(_=None):
        if tabs.selected_index is not None:
            drawers[tabs.selected_index]()

    for control in (measure, group_by):
        control.observe(redraw(0), names="value")
    for control in (factor, confounder, outcome, bands):
        control.observe(redraw(1), names="value")
    for control in (sample, survivor_measure):
        control.observe(redraw(2), names="value")
    for control in (project_type, industry, budget, percentile):
        control.observe(redraw(3), names="value")

    pages = [
        columns([measure, group_by, overrun_text],
                [_chart_and_table(overrun_chart, overrun_table)]),
        columns([factor, confounder, outcome, bands, confounder_message, confounder_text],
                [confounder_chart.widget]),
        columns([sample, survivor_measure, survivor_text],
                [_chart_and_table(survivor_chart, survivor_table)]),
        columns([project_type, industry, budget_label, budget, percentile, forecast_message,
                 forecast_text], [forecast_chart.widget]),
    ]
    # Fit a projected screen at 150 % zoom: charts at most 34 % of its height, and
    # their text alternatives in a few lines that scroll.
    for chart in (overrun_chart, confounder_chart, survivor_chart, forecast_chart):
        chart.image.layout.max_height = "34vh"
        chart.caption.layout = w.Layout(max_height="2.15em", overflow="hidden auto")
    tabs.children = pages
    tabs.titles = TAB_TITLES
    tabs.selected_index = 0
    tabs.observe(on_tab, names="selected_index")
    draw_overruns()

    tool = Tool(TITLE, [tabs])
    tool.tabs = tabs
    tool.measure, tool.group_by = measure, group_by
    tool.overrun_chart, tool.overrun_table, tool.overrun_text = (overrun_chart, overrun_table,
                                                                 overrun_text)
    tool.factor, tool.confounder, tool.outcome, tool.bands = factor, confounder, outcome, bands
    tool.confounder_chart, tool.confounder_text = confounder_chart, confounder_text
    tool.confounder_message = confounder_message
    tool.sample, tool.survivor_measure = sample, survivor_measure
    tool.survivor_chart, tool.survivor_table, tool.survivor_text = (survivor_chart,
                                                                    survivor_table, survivor_text)
    tool.project_type, tool.industry, tool.budget = project_type, industry, budget
    tool.percentile, tool.forecast_chart = percentile, forecast_chart
    tool.forecast_text, tool.forecast_message = forecast_text, forecast_message
    return tool
