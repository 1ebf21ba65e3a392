"""Views of Lesson 06: the KPI calculator, the RAG dashboard and the benefits register.

Each view only wires its inputs to :mod:`implcourse.metrics` (the KPIs, the
dashboard's RAG statuses, benefit realisation) and shows the result; the
charts come from :mod:`implcourse.plots.kpis`. The data are the synthetic
CRM story of ``datasets/metrics/`` (see its README), seen at its status
date, 30 June 2026.

Charts are drawn only when their tab is open and remembered by the state of
the controls (:meth:`~implcourse.widgets.charts.LiveChart.show`), so going
back to a threshold, a benefit or a quarter costs nothing. Bad input shows a
message naming the field, and the last good result stays on screen, greyed.
"""

from __future__ import annotations

import html
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w
import pandas as pd

from .. import tables
from ..metrics import benefits as ben
from ..metrics import dashboard as dash
from ..metrics import kpis
from ..plots import kpis as charts
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html, too_large

__all__ = ["kpi_calculator", "dashboard_tool", "benefits_tool", "parse_scores"]

_WIDE = {"description_width": "initial"}
_STALE = "implcourse-stale"


class _Memo:
    """The last few results of a computation, by their inputs."""

    def __init__(self, compute: Callable[[Hashable], object], size: int = 32) -> None:
        self._compute = compute
        self._size = size
        self.results: OrderedDict[Hashable, object] = OrderedDict()

    def __call__(self, key: Hashable):
        if key in self.results:
            self.results.move_to_end(key)
            return self.results[key]
        value = self._compute(key)
        self.results[key] = value
        while len(self.results) > self._size:
            self.results.popitem(last=False)
        return value


def _caption(text: str) -> str:
    return f'<div class="implcourse-caption"><i>{html.escape(text)}</i></div>'


def _stale(widgets, value: bool) -> None:
    for widget in widgets:
        if value:
            widget.add_class(_STALE)
        else:
            widget.remove_class(_STALE)


def _scroll(widget: w.Widget, height: str = "45vh") -> w.Widget:
    """A long table or text in a box that scrolls up and down inside the tool."""
    widget.layout = w.Layout(max_height=height, overflow="hidden auto")
    return widget


def _number(value: float, decimals: int = 1) -> str:
    return tables.format_value(float(value), decimals=decimals)


_SEPARATORS = re.compile(r"[,;\s]+")


def parse_scores(text: str, field: str) -> list[float]:
    """The answers typed in a box ("9, 10, 6, 8") as numbers, for the core to check.

    Commas, semicolons, spaces and new lines separate the answers. Only the
    reading is done here: whether an answer is a whole number on the scale is
    checked by :func:`implcourse.metrics.kpis.nps` and :func:`~implcourse.metrics.kpis.csat`.

    Examples
    --------
    >>> parse_scores("9, 10; 6\\n8", "NPS scores")
    [9, 10, 6, 8]
    >>> parse_scores("9, ten", "NPS scores")
    Traceback (most recent call last):
    ...
    ValueError: NPS scores: answer 2 ('ten') is not a number; type whole numbers separated by commas, such as 9, 10, 6, 8
    >>> parse_scores("  ", "CSAT scores")
    Traceback (most recent call last):
    ...
    ValueError: CSAT scores: type at least one answer (whole numbers separated by commas)
    """
    if not isinstance(text, str):
        raise TypeError(f"{field} must be text, got {type(text).__name__}")
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    if not tokens:
        raise ValueError(f"{field}: type at least one answer (whole numbers separated by "
                         "commas)")
    out: list[float] = []
    for i, token in enumerate(tokens, start=1):
        try:
            out.append(int(token))
            continue
        except ValueError:
            pass
        try:
            out.append(float(token))
        except ValueError:
            raise ValueError(f"{field}: answer {i} ({token!r}) is not a number; type whole "
                             "numbers separated by commas, such as 9, 10, 6, 8") from None
    return out


# --------------------------------------------------------------------------
# 1. KPI calculator
# --------------------------------------------------------------------------

_PERIODS = (("month", "a 30-day month (43,200 minutes)"),
            ("average_month", "an average month (365/12 days)"),
            ("year", "a year (365 days)"))


def _duration(minutes: float) -> str:
    if minutes >= 120:
        return f"{minutes:,.1f} minutes ({minutes / 60:,.2f} hours)"
    return f"{minutes:,.1f} minutes"


def kpi_calculator() -> Tool:
    """Service and user KPIs in four tabs: availability, NPS and CSAT, adoption,
    and MTTR with the defect trend, each beside the CRM story's own figure.

    Availability: a target in per cent gives the downtime it allows in a
    30-day month, an average month and a year, against the story's outage log
    for June 2026. NPS and CSAT: raw answers typed in boxes. Adoption: active
    and intended users, beside the story's adoption chart. MTTR and defects:
    the story's incident log per week or per month. A bad entry shows a
    message naming the box, and the last good result stays (greyed).

    Examples
    --------
    >>> tool = kpi_calculator()
    >>> tool.target.value = 99.9
    >>> "43.2 minutes" in tool.allowance.value
    True
    >>> tool.nps_scores.value = "10, 9, 8, 6"
    >>> "NPS <b>25</b>" in tool.nps_result.value
    True
    >>> tool.nps_scores.value = "10, 11"
    >>> "NPS score in response 2 must be a whole number from 0 to 10" in tool.nps_message.value
    True
    """
    context = dash.load_context()
    window = context.service_window
    story_availability = kpis.availability(dash.load_story_table("outages"), window.start,
                                           window.end)
    month_name = pd.Timestamp(window.start).strftime("%B %Y")

    # Availability
    target = w.FloatText(value=99.9, description="Availability target (%)", style=_WIDE,
                         layout=w.Layout(width="16em"))
    avail_message = w.HTML()
    allowance = w.HTML()

    def update_availability(_=None) -> None:
        try:
            allowed = {p: kpis.allowed_downtime(target.value, p) for p, _ in _PERIODS}
        except (TypeError, ValueError) as err:
            avail_message.value = error_html(f"{err}. The result still shows the last good "
                                             "target.")
            _stale([allowance], True)
            return
        avail_message.value = ""
        _stale([allowance], False)
        rows = "".join(f"<tr><td>{html.escape(words)}</td><td class='num'>"
                       f"{html.escape(_duration(allowed[p]))}</td></tr>"
                       for p, words in _PERIODS)
        down = story_availability.downtime_minutes
        within = "within" if down <= allowed["month"] else "more than"
        allowance.value = (
            f"<b>A target of {target.value:g} % allows this much downtime:</b>"
            f"<table>{rows}</table>"
            + note_html(f"<b>The CRM story, {html.escape(month_name)}</b> (24x7, "
                        f"{story_availability.window_minutes:,.0f} minutes of agreed service "
                        f"time): {html.escape(story_availability.words)}. Its "
                        f"{down:,.1f} minutes are {within} the {allowed['month']:,.1f} "
                        f"minutes that {target.value:g} % allows in a 30-day month.")
            + _caption("Availability = (agreed service time - downtime) / agreed service "
                       "time x 100 (ITIL). Published tables mix 30-day and average months: "
                       "say which one you mean."))

    target.observe(update_availability, names="value")
    update_availability()
    availability_page = columns([target, avail_message], [allowance])

    # NPS and CSAT
    survey = dash.load_story_table("survey")
    nps_scores = w.Textarea(value="10, 9, 9, 8, 7, 6, 3, 10", description="NPS scores (0-10)",
                            style=_WIDE, layout=w.Layout(width="100%", height="5em"))
    csat_scores = w.Textarea(value="5, 4, 4, 3, 2", description="CSAT scores (1-5)",
                             style=_WIDE, layout=w.Layout(width="100%", height="5em"))
    use_survey = w.Button(description=f"Use the story's survey ({len(survey)} answers)",
                          icon="table", layout=w.Layout(width="auto"))
    nps_message, csat_message = w.HTML(), w.HTML()
    nps_result, csat_result = w.HTML(), w.HTML()

    def update_nps(_=None) -> None:
        field = "NPS scores (0-10)"
        try:
            b = kpis.nps_breakdown(parse_scores(nps_scores.value, field))
        except (TypeError, ValueError) as err:
            nps_message.value = error_html(f"{err}. The result still "
                                           "shows the last good answers.")
            _stale([nps_result], True)
            return
        nps_message.value = ""
        _stale([nps_result], False)
        rows = [("Promoters (9-10)", b.promoters, b.promoters_percent),
                ("Passives (7-8)", b.passives, b.passives_percent),
                ("Detractors (0-6)", b.detractors, b.detractors_percent)]
        cells = "".join(f"<tr><td>{name}</td><td class='num'>{count:,}</td>"
                        f"<td class='num'>{_number(share)} %</td></tr>"
                        for name, count, share in rows)
        nps_result.value = note_html(
            f"NPS <b>{_number(b.nps, 0 if float(b.nps).is_integer() else 1)}</b> from "
            f"{b.responses:,} answers: {_number(b.promoters_percent)} % promoters minus "
            f"{_number(b.detractors_percent)} % detractors (passives count only in the "
            f"total). <table><tr><th></th><th class='num'>Answers</th>"
            f"<th class='num'>Share</th></tr>{cells}</table>")

    def update_csat(_=None) -> None:
        field = "CSAT scores (1-5)"
        try:
            scores = parse_scores(csat_scores.value, field)
            value = kpis.csat(scores)
        except (TypeError, ValueError) as err:
            csat_message.value = error_html(f"{err}. The result still "
                                            "shows the last good answers.")
            _stale([csat_result], True)
            return
        csat_message.value = ""
        _stale([csat_result], False)
        csat_result.value = note_html(
            f"CSAT <b>{_number(value)} %</b> of {len(scores):,} answers are 4 or 5 "
            "(satisfied or very satisfied: the top two boxes). A 3 counts against the "
            "score, like a 1.")

    def fill_survey(_=None) -> None:
        nps_scores.value = ", ".join(str(int(v)) for v in survey["nps"])
        csat_scores.value = ", ".join(str(int(v)) for v in survey["csat"])

    nps_scores.observe(update_nps, names="value")
    csat_scores.observe(update_csat, names="value")
    use_survey.on_click(fill_survey)
    update_nps()
    update_csat()
    satisfaction_page = columns(
        [nps_scores, nps_message, csat_scores, csat_message, use_survey,
         w.HTML(_caption(f"The story's survey: {len(survey)} synthetic answers of "
                         f"{pd.Timestamp(survey['date'].max()).strftime('%B %Y')}."))],
        [nps_result, csat_result,
         w.HTML(_caption("NPS = % promoters (9-10) - % detractors (0-6), from -100 to +100 "
                         "(Reichheld, HBR 2003). CSAT = answers of 4 or 5 / all answers "
                         "x 100."))])

    # Adoption
    log = dash.load_story_table("adoption")
    last = log.iloc[-1]
    limits = dash.load_thresholds()["adoption"]
    active = w.IntText(value=int(last["active"]), description="Active users", style=_WIDE,
                       layout=w.Layout(width="14em"))
    intended = w.IntText(value=int(last["intended"]), description="Intended users",
                         style=_WIDE, layout=w.Layout(width="14em"))
    adoption_message = w.HTML()
    adoption_result = w.HTML()
    adoption_chart = LiveChart()

    def update_adoption(_=None) -> None:
        try:
            rate = kpis.adoption_rate(active.value, intended.value)
        except (TypeError, ValueError) as err:
            adoption_message.value = error_html(f"{err}. The result still shows the last "
                                                "good figures.")
            _stale([adoption_result], True)
            return
        adoption_message.value = ""
        _stale([adoption_result], False)
        adoption_result.value = note_html(
            f"Adoption <b>{_number(rate)} %</b>: {active.value:,} of {intended.value:,} "
            "intended users did real work in the system in the period (active / intended "
            "x 100).")

    active.observe(update_adoption, names="value")
    intended.observe(update_adoption, names="value")
    update_adoption()
    adoption_page = columns(
        [active, intended, adoption_message, adoption_result,
         w.HTML(_caption(f"Starts from the story's {last['month']}: "
                         f"{int(last['active'])} of {int(last['intended'])} users. The "
                         f"dashboard's thresholds: green from {limits.green:g} %, amber "
                         f"from {limits.amber:g} %."))],
        [adoption_chart.widget])

    # MTTR and defects
    incidents = dash.load_story_table("incidents")
    status_end = (pd.Timestamp(context.status_date) + pd.Timedelta(days=1)
                  - pd.Timedelta(seconds=1))
    restore = kpis.mttr(incidents)
    freq = w.ToggleButtons(options=[("Per week", "W"), ("Per month", "M")], value="M",
                           tooltip="Defects counted", style={"button_width": "auto"})
    defects_result = w.HTML()
    defect_chart = LiveChart()
    trends = _Memo(lambda f: kpis.defect_trend(incidents, freq=f, end=status_end))

    def update_defects(_=None) -> None:
        trend = trends(freq.value)
        unit = "week" if freq.value == "W" else "month"
        busiest = pd.Period(trend["new"].idxmax())
        when = (f"{busiest.start_time:%B %Y}" if unit == "month"
                else f"the week of {_date(busiest.start_time)}")
        defects_result.value = note_html(
            f"<b>MTTR {restore.hours:,.1f} hours</b>: {html.escape(restore.words)}. "
            f"<b>{int(trend['open'].iloc[-1])} defects open</b> at the end of "
            f"{_date(context.status_date)}; {int(trend['new'].sum())} raised since "
            f"go-live, most ({int(trend['new'].max())}) in {when}.")
        if views.selected_index == 3:
            defect_chart.show(freq.value, lambda: charts.defect_trend_chart(trend))

    freq.observe(update_defects, names="value")
    defects_page = columns(
        [freq, defects_result,
         w.HTML(_caption("MTTR = sum of (resolved - opened) / incidents resolved: the mean "
                         "time to restore service. Open incidents are left out of the mean, "
                         "so report them beside it."))],
        [defect_chart.widget])

    views = w.Tab(children=[availability_page, satisfaction_page, adoption_page,
                            defects_page],
                  titles=["Availability", "NPS and CSAT", "Adoption", "MTTR and defects"])

    def on_tab(_=None) -> None:
        if views.selected_index == 2:
            adoption_chart.show("story", lambda: charts.adoption_chart(
                log, green=limits.green, amber=limits.amber))
        elif views.selected_index == 3:
            update_defects()

    views.observe(on_tab, names="selected_index")
    update_defects()
    tool = Tool("KPI calculator", [views])
    tool.views = views
    tool.target, tool.avail_message, tool.allowance = target, avail_message, allowance
    tool.nps_scores, tool.nps_message, tool.nps_result = nps_scores, nps_message, nps_result
    tool.csat_scores, tool.csat_message, tool.csat_result = (csat_scores, csat_message,
                                                             csat_result)
    tool.use_survey = use_survey
    tool.active, tool.intended = active, intended
    tool.adoption_message, tool.adoption_result = adoption_message, adoption_result
    tool.adoption_chart = adoption_chart
    tool.freq, tool.defects_result, tool.defect_chart = freq, defects_result, defect_chart
    return tool


# --------------------------------------------------------------------------
# 2. KPI dashboard with RAG thresholds
# --------------------------------------------------------------------------

def _status_table(table: pd.DataFrame) -> str:
    shown = table.set_index("label")[["value", "unit", "green", "amber", "higher_is_better",
                                      "status"]].copy()
    shown.index.name = "KPI"
    # Each KPI with its own decimals (3 defects, 99.84 %), the thresholds as set.
    shown["value"] = [_number(v, 0 if float(v).is_integer() else 2) for v in shown["value"]]
    for column in ("green", "amber"):
        shown[column] = [tables.format_value(float(v), decimals=0) if float(v).is_integer()
                         else f"{float(v):,g}".replace("-", "\u2212") for v in shown[column]]
    shown["status"] = shown["status"].str.capitalize()
    return tables.show(shown, labels={"green": "Green threshold",
                                      "amber": "Amber threshold"}).to_html()


def _rule(t: dash.Threshold) -> str:
    unit = "" if t.unit == "score" else f" {t.unit}"
    if getattr(t, "either_way", False):
        return (f"judged by its size, over or under: green within \u00b1{t.green:g}{unit}, "
                f"amber within \u00b1{t.amber:g}{unit}, red beyond")
    if t.higher_is_better:
        return (f"higher is better: green from {t.green:g}{unit}, amber from "
                f"{t.amber:g}{unit} up to green, red below {t.amber:g}{unit}")
    return (f"lower is better: green up to {t.green:g}{unit}, amber up to "
            f"{t.amber:g}{unit}, red above {t.amber:g}{unit}")


def dashboard_tool() -> Tool:
    """The CRM story's KPI dashboard; set the green and amber thresholds of any KPI.

    The dashboard (:func:`implcourse.plots.kpis.dashboard_figure`) shows every
    KPI against its RAG bands; the status table is in its own tab. Thresholds
    that are not in order (green must be stricter than amber) bring a message
    naming the KPI, and the last good dashboard stays. Each drawing is
    remembered by the thresholds, so going back to a setting is instant.

    Examples
    --------
    >>> tool = dashboard_tool()
    >>> tool.kpi.value = "availability"
    >>> tool.amber.value = 99.95
    >>> "Availability: The green threshold (99.9)" in tool.message.value
    True
    >>> tool.amber.value = 99.8
    >>> tool.message.value
    ''
    """
    defaults = dash.load_thresholds()
    ids = list(defaults)
    # The menus have their label above them, so a long name fits a narrow column.
    kpi = w.Dropdown(options=[(t.label, k) for k, t in defaults.items()], value=ids[0],
                     tooltip="KPI", layout=full_width())
    green = w.FloatText(description="Green threshold", style=_WIDE, layout=full_width())
    amber = w.FloatText(description="Amber threshold", style=_WIDE, layout=full_width())
    rule = w.HTML()
    reset = w.Button(description="Reset all thresholds", icon="undo",
                     layout=w.Layout(width="auto"))
    message = w.HTML()
    summary = w.HTML()
    chart = LiveChart()
    status = w.HTML()
    # The dashboard is wide: the controls take a narrower column, and the chart's long
    # text alternative scrolls in a few lines under it, so the tool fits a projected screen.
    _scroll(chart.caption, "3.4em")
    views = w.Tab(children=[chart.widget, _scroll(status)],
                  titles=["Dashboard", "Status table"])
    state = {"good": {k: (t.green, t.amber) for k, t in defaults.items()}, "loading": False,
             "key": None}
    frames = _Memo(lambda key: dash.kpi_dashboard(
        thresholds={k: {"green": g, "amber": a} for k, g, a in key}))
    status_pages = _Memo(lambda key: _status_table(frames(key)))

    def load(_=None) -> None:
        state["loading"] = True
        try:
            green.value, amber.value = state["good"][kpi.value]
        finally:  # never stuck in "loading"
            state["loading"] = False

    def show_status() -> None:
        if views.selected_index == 1 and state["key"] is not None:
            status.value = status_pages(state["key"])

    def describe(table: pd.DataFrame) -> None:
        row = table.set_index("kpi").loc[kpi.value]
        t = defaults[kpi.value]
        effective = t.model_copy(update={"green": row["green"], "amber": row["amber"]})
        rule.value = _caption(f"{_rule(effective)[:1].upper()}{_rule(effective)[1:]}. On a "
                              "threshold: the better colour.")
        counts = table["status"].value_counts()
        unit = "" if row["unit"] == "score" else f" {row['unit']}"
        summary.value = note_html(
            f"<b>{html.escape(row['label'])}</b>: {_number(row['value'], 2 if kpi.value == 'availability' else 1)}"
            f"{html.escape(unit)}, <b>{html.escape(row['status'].upper())}</b>. All KPIs: "
            + ", ".join(f"{int(counts.get(s, 0))} {s}" for s in dash.RAG) + ".")

    def update(_=None) -> None:
        if state["loading"]:
            return
        trial = dict(state["good"])
        trial[kpi.value] = (green.value, amber.value)
        key = tuple((k, *trial[k]) for k in ids)
        try:
            for box in (green, amber):  # beyond it, no axis can show the bands
                problem = math.isfinite(box.value) and too_large(box.description, box.value)
                if problem:
                    raise ValueError(problem)
            table = frames(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The dashboard still shows the last good "
                                       "thresholds.")
            chart.stale = True
            _stale([summary, status], True)
            return
        message.value = ""
        chart.stale = False
        _stale([summary, status], False)
        state["good"], state["key"] = trial, key
        chart.show(key, lambda: charts.dashboard_figure(table))
        describe(table)
        show_status()

    def on_kpi(_=None) -> None:
        load()
        update()

    def on_reset(_=None) -> None:
        state["good"] = {k: (t.green, t.amber) for k, t in defaults.items()}
        load()
        update()

    kpi.observe(on_kpi, names="value")
    green.observe(update, names="value")
    amber.observe(update, names="value")
    reset.on_click(on_reset)
    views.observe(lambda _: show_status(), names="selected_index")
    load()
    update()
    controls = [w.HTML("KPI"), kpi, green, amber, rule, message, summary, reset,
                w.HTML(_caption("Synthetic CRM story at 30 June 2026; the default thresholds "
                                "are course choices."))]
    row = columns(controls, [views])
    row.children[0].layout.flex = "0 1 15em"
    tool = Tool("KPI dashboard with RAG thresholds", [row])
    tool.kpi, tool.green, tool.amber, tool.rule, tool.reset = kpi, green, amber, rule, reset
    tool.message, tool.summary, tool.chart, tool.status, tool.views = (message, summary, chart,
                                                                       status, views)
    tool.thresholds = lambda: dict(state["good"])
    return tool


# --------------------------------------------------------------------------
# 3. Benefits register
# --------------------------------------------------------------------------

_ALL = "all"


def _realisation_html(table: pd.DataFrame, currency: str) -> str:
    shown = table.set_index("benefit")[["owner", "planned_to_date", "measured_to_date",
                                        "percent", "status", "position"]].copy()
    shown.index = ["Total" if b == "total" else tables.label(b) for b in shown.index]
    shown.index.name = "Benefit"
    # Status and position in one column, the currency said once in the headings: the
    # table then fits beside the controls at 150 % zoom.
    shown["status"] = [f"{s.capitalize()}: {p}" for s, p in zip(shown["status"],
                                                                 shown["position"])]
    shown = shown.drop(columns="position")
    quarter = table["quarter"].iloc[0]
    unit = f" ({currency})" if currency else ""
    return ("<style>.implcourse-benefits table{width:100%}.implcourse-benefits td,"
            ".implcourse-benefits th{padding:2px 4px !important}</style>"
            "<div class='implcourse-benefits' style='font-size:0.88em'>"
            + _caption(html.escape(f"To {quarter}, amounts in {currency}."))
            + tables.show(shown, decimals={"planned_to_date": 0, "measured_to_date": 0,
                                           "percent": 0},
                          units={"percent": "%"},
                          labels={"planned_to_date": f"Planned{unit}",
                                  "measured_to_date": f"Measured{unit}",
                                  "percent": "Realised"}).to_html()
            + "</div>")


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _pir_html(pir: ben.PostImplementationReview) -> str:
    measures = "".join(f"<tr><td><b>{html.escape(m.topic)}</b></td><td>{html.escape(m.what)}"
                       "</td></tr>" for m in pir.measures)
    timing = "".join(f"<li><b>{html.escape(_date(t.when))}: {html.escape(t.event)}</b>. "
                     f"{html.escape(t.note)}</li>" for t in pir.timing)
    sign = "".join(f"<li><b>{html.escape(s.role)}</b>: {html.escape(s.does)}</li>"
                   for s in pir.sign_off)
    refs = "".join(f"<li>{html.escape(r)}</li>" for r in pir.references)
    return (f"<h4 style='margin:4px 0'>{html.escape(pir.title)}</h4>"
            f"<p>{html.escape(pir.purpose)}</p>"
            f"<p><b>What it measures</b></p><table>{measures}</table>"
            f"<p><b>When</b></p><ul>{timing}</ul>"
            f"<p><b>Who signs it off</b></p><ul>{sign}</ul>"
            f"<details><summary>Sources</summary><ul>{refs}</ul></details>"
            + _caption("The dates belong to the synthetic CRM story."))


def benefits_tool() -> Tool:
    """The CRM rollout's benefits register: planned against measured benefit, to a quarter.

    Choose a benefit (or all of them) and a quarter: the realisation table
    shows, per benefit, the planned and measured benefit to that quarter,
    the percentage realised, the owner and the RAG status
    (:func:`implcourse.metrics.benefits.realisation`). The chart shows one
    benefit's cumulative plan and measurements by quarter, or, for all
    benefits, each one's realisation to the quarter. A third tab says what the
    post-implementation review measures, when it happens and who signs it off.

    Examples
    --------
    >>> tool = benefits_tool()
    >>> tool.quarter.value = "2026-Q1"
    >>> "To 2026-Q1, amounts in GBP" in tool.table.value
    True
    >>> tool.benefit.value = "customer_retention"
    >>> "Head of Customer Service" in tool.summary.value
    True
    """
    register = ben.load_benefits_register()
    currency = register.attrs.get("currency", "")
    measured = register.dropna(subset=["measured"])
    complete = [q for q, part in register.groupby("quarter")
                if part["measured"].notna().all()]
    quarters = [ben.quarter_label(q) for q in sorted(complete)]
    names = list(register["benefit"].unique())
    benefit = w.Dropdown(options=[("All benefits", _ALL)]
                         + [(tables.label(b), b) for b in names],
                         value=_ALL, tooltip="Benefit", layout=full_width())
    # The quarters are written under the track (a readout of "2026-Q2" is wider than the
    # slider's readout box on a zoomed screen), the chosen one in bold.
    quarter = w.SelectionSlider(options=quarters, value=quarters[-1], description="To quarter",
                                continuous_update=False, readout=False, style=_WIDE,
                                layout=full_width())
    scale = w.HTML()
    message = w.HTML()
    summary = w.HTML()
    table = w.HTML()
    chart = LiveChart()
    review = w.HTML()
    _scroll(chart.caption, "3.4em")
    views = w.Tab(children=[_scroll(table), chart.widget, _scroll(review)],
                  titles=["Realisation to date", "Chart", "Post-implementation review"])
    results = _Memo(lambda q: ben.realisation(register, q))
    pages = _Memo(lambda q: _realisation_html(results(q), currency))

    def draw() -> None:
        if views.selected_index != 1:
            return
        if benefit.value == _ALL:
            chart.show((_ALL, quarter.value),
                       lambda: charts.benefits_chart(results(quarter.value)))
        else:
            chart.show(benefit.value, lambda: charts.benefits_chart(register, benefit.value))

    def amount(value) -> str:
        return html.escape(tables.format_value(value, decimals=0, unit=currency))

    def update(_=None) -> None:
        scale.value = ('<div class="implcourse-caption" style="text-align:right">'
                       + " &middot; ".join(f"<b>{html.escape(q)}</b>" if q == quarter.value
                                           else html.escape(q) for q in quarters) + "</div>")
        try:
            result = results(quarter.value)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The table still shows the last good "
                                       "quarter.")
            _stale([summary, table], True)
            return
        message.value = ""
        _stale([summary, table], False)
        row = result.set_index("benefit").loc["total" if benefit.value == _ALL
                                              else benefit.value]
        name = "All benefits" if benefit.value == _ALL else tables.label(benefit.value)
        owner = "" if benefit.value == _ALL else f" (owner: {html.escape(row['owner'])})"
        summary.value = note_html(
            f"<b>{html.escape(name)}</b>{owner} to {html.escape(quarter.value)}: "
            f"{amount(row['measured_to_date'])} measured against "
            f"{amount(row['planned_to_date'])} "
            f"planned, <b>{row['percent']:.0f} %</b> realised: "
            f"<b>{row['status'].upper()}</b>, {html.escape(row['position'])}.",
            good={"green": True, "amber": None, "red": False}[row["status"]])
        table.value = pages(quarter.value)
        draw()

    def on_tab(_=None) -> None:
        if views.selected_index == 1:
            draw()
        elif views.selected_index == 2 and not review.value:
            review.value = _pir_html(ben.post_implementation_review())

    benefit.observe(update, names="value")
    quarter.observe(update, names="value")
    views.observe(on_tab, names="selected_index")
    update()
    rag = register.attrs.get("rag", {})
    controls = [w.HTML("Benefit"), benefit, quarter, scale, message, summary,
                w.HTML(_caption(f"Measured to {ben.quarter_label(measured['quarter'].max())}. "
                                "Planned amounts come from lesson 05's CRM business case; "
                                "measured ones are synthetic. Status: green from "
                                f"{rag.get('green', 90):g} % of plan, amber from "
                                f"{rag.get('amber', 75):g} % (a course model)."))]
    row = columns(controls, [views])
    row.children[0].layout.flex = "0 1 15em"
    tool = Tool("Benefits register", [row])
    tool.benefit, tool.quarter, tool.message, tool.summary = benefit, quarter, message, summary
    tool.table, tool.chart, tool.review, tool.views = table, chart, review, views
    tool.scale = scale
    return tool
