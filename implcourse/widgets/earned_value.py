"""Views of Lesson 06's earned value: a status calculator, and the S-curve with
earned schedule.

Both tools only wire their inputs to :mod:`implcourse.metrics.earned_value`,
:mod:`implcourse.metrics.schedule_performance` and the charts of
:mod:`implcourse.plots.earned_value`; every figure is computed there. The
S-curve is drawn once per EAC method and remembered; moving the status date
then moves only its live artists (EV, AC, the status line and the dashed
projection), and draws the chart anew only when the projection would leave
its axes.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from .. import answers, tables
from ..metrics import earned_value as ev_mod
from ..metrics import schedule_performance as es_mod
from ..plots import earned_value as charts
from ..plots._style import money
from ..validation import check_choice
from .charts import LiveChart
from .common import Tool, columns, dataset, error_html, full_width, note_html

__all__ = ["evm_calculator", "s_curve_tool"]

_WIDE = {"description_width": "initial"}

#: The calculator's table at the width of its column, so that no formula wraps.
_TABLE = ("<style>.implcourse-evm table{width:100%;max-width:34em;font-size:0.92em}"
          ".implcourse-evm td,.implcourse-evm th{padding:1px 6px}</style>")

#: Short names of the three EAC methods, for the choices (the formulas come from the core).
_METHOD_NAMES = {"cpi": "Typical", "atypical": "Atypical", "cpi_spi": "Cost and schedule"}

#: The calculator's inputs, in the order shown: key -> short label.
_INPUTS = {"bac": "BAC", "pv": "PV", "ev": "EV", "ac": "AC"}


def _formula(text: str) -> str:
    """A formula of the core with a real minus and times sign."""
    return text.replace(" - ", " \u2212 ").replace(" x ", " \u00d7 ")


def _index(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.2f}"


def _method_options() -> list[tuple[str, str]]:
    """The EAC methods as choices: a short name and the core's formula."""
    return [(f"{_METHOD_NAMES[m]}: {_formula(formula.removeprefix('EAC = '))}", m)
            for m, (_, formula, _) in ev_mod.EAC_METHODS.items()]


def _caption(text: str) -> str:
    return f'<div class="implcourse-caption">{text}</div>'


def _stale(widget: w.Widget, value: bool) -> None:
    if value:
        widget.add_class("implcourse-stale")
    else:
        widget.remove_class("implcourse-stale")


# --------------------------------------------------------------------------
# 1. Earned value status calculator
# --------------------------------------------------------------------------

def _forecast(status: ev_mod.EarnedValue, method: str) -> dict:
    """The chosen EAC with its ETC, VAC and TCPI, each None where undefined.

    All from :meth:`EarnedValue.forecast`: the widget does no sums.
    """
    core = status.forecast(method)
    return {"eac": core["eac"], "formula": core["formula"].removeprefix("EAC = "),
            "assumption": core["assumption"], "etc": core["etc"], "vac": core["vac"],
            "tcpi_eac": core["tcpi"]}


def _result_html(status: ev_mod.EarnedValue, method: str, currency: str) -> str:
    """The measures as a table (measure, formula, value), then the status in words.

    EAC, ETC, VAC and the TCPI to EAC use the chosen method's EAC."""
    f = _forecast(status, method)

    def cash(value):
        return "\u2013" if value is None else money(value, currency)

    eac_note = ("undefined: nothing earned yet (CPI is 0)" if f["eac"] is None
                else cash(f["eac"]))
    tcpi_bac = ("none: the budget is spent" if status.tcpi is None else _index(status.tcpi))
    rows = [
        ("CV", "EV \u2212 AC", cash(status.cv)),
        ("SV", "EV \u2212 PV", cash(status.sv)),
        ("CPI", "EV / AC", _index(status.cpi)),
        ("SPI", "EV / PV", _index(status.spi)),
        ("EAC", _formula(f["formula"]), eac_note),
        ("ETC", "EAC \u2212 AC", cash(f["etc"])),
        ("VAC", "BAC \u2212 EAC", cash(f["vac"])),
        ("TCPI to BAC", "(BAC \u2212 EV) / (BAC \u2212 AC)", tcpi_bac),
        ("TCPI to EAC", "(BAC \u2212 EV) / (EAC \u2212 AC)", _index(f["tcpi_eac"])),
    ]
    frame = pd.DataFrame([r[1:] for r in rows], columns=["Formula", "Value"],
                         index=[r[0] for r in rows])
    return (f'{_TABLE}<div class="implcourse-evm">{tables.show(frame).to_html()}</div>'
            + note_html(html.escape(status.status)))


def _assumption_html(method: str) -> str:
    """What the chosen EAC assumes (the core's words)."""
    return _caption(f"EAC, ETC, VAC and TCPI to EAC use this EAC; it assumes "
                    f"{html.escape(ev_mod.EAC_METHODS[method][2])}.")


def _meanings_html() -> str:
    """What each measure means, from the core's table (folded under the result)."""
    table = ev_mod.evm(100.0, 50.0, 50.0, 50.0).table()
    frame = table.set_index("Measure")[["Formula", "What it means"]]
    frame["Formula"] = [_formula(text) for text in frame["Formula"]]
    return ("<details><summary>What each measure means</summary>"
            + tables.show(frame).to_html() + "</details>")


def _history(history) -> pd.DataFrame:
    """A tool's history: the lesson's by default, a trainer's file by path (a
    ``Path`` or a string such as ``"./our_history.csv"``), or a DataFrame."""
    return dataset(history, ev_mod.load_history, name="history",
                   what="earned value history", loaded=(pd.DataFrame,))


def evm_calculator(period: int = 6, *, history=None) -> Tool:
    """Type BAC, PV, EV and AC; see CV, SV, CPI, SPI, the forecasts and the status.

    It opens on the lesson's synthetic ERP rollout at the end of month
    ``period`` (or on a history of your own, ``history``, as
    :func:`implcourse.metrics.earned_value.load_history` gives). The boxes
    take numbers as people type them (``950,000``, ``950 000``, ``EUR 950000``)
    and show thousands separators once a number is read. The EAC method sets
    the EAC and the ETC, VAC and TCPI that follow from it. A value the core
    refuses (a negative BAC, EV above BAC, AC of 0, text) is explained beside
    the inputs in the core's words, and the last good result stays (greyed out).

    Parameters
    ----------
    period : int, default 6
        The status month of the history the boxes start from.
    history : DataFrame, str or Path, optional
        An EVM history (columns period, pv, ev, ac); by default the lesson's.
        A path to a history CSV of your own (``Path("our_history.csv")`` or
        ``"./our_history.csv"``) is read with
        :func:`implcourse.metrics.earned_value.load_history`.

    Examples
    --------
    >>> tool = evm_calculator()
    >>> tool.inputs["ev"].value
    '720,000'
    >>> "Over budget by 110,000 EUR" in tool.result.value
    True
    >>> tool.inputs["ac"].value = "0"
    >>> "CPI = EV / AC is undefined" in tool.message.value
    True
    >>> "Over budget by 110,000 EUR" in tool.result.value
    True
    """
    history = _history(history)
    start = ev_mod.status_at(history, period)
    currency = str(history.attrs.get("currency", ""))
    unit = html.escape(currency)
    inputs: dict[str, w.Text] = {}
    cells: list[w.Widget] = []
    for key, short in _INPUTS.items():
        label = ev_mod.FIELD_NAMES[key]
        box = w.Text(value=answers.format_number(getattr(start, key)),
                     continuous_update=False, tooltip=label,
                     layout=w.Layout(width="100%", margin="1px 0"))
        inputs[key] = box
        cells += [w.HTML(f'<b title="{html.escape(label)}">{short}</b>'), box, w.HTML(unit)]
    grid = w.GridBox(cells, layout=w.Layout(
        grid_template_columns="2.6em minmax(0, 1fr) auto", grid_gap="0 6px",
        align_items="center", width="100%"))
    where = html.escape(str(history.attrs.get("name", "the history")))
    unit_name = html.escape(str(history.attrs.get("unit", "period")))
    legend = w.HTML(_caption(
        f"Cumulative to the status date{f', in {unit}' if unit else ''}; starts from "
        f"{where}, {unit_name} {int(period)}."))
    method = w.Dropdown(options=_method_options(), value="cpi", description="EAC",
                        tooltip="Estimate at completion (EAC): the formula to use",
                        style=_WIDE, layout=full_width())
    assumption = w.HTML()
    message = w.HTML()
    result = w.HTML()
    meanings = w.HTML(_meanings_html())

    def read() -> dict[str, float]:
        values = {}
        for key, box in inputs.items():
            label = ev_mod.FIELD_NAMES[key]
            if not box.value.strip():
                raise answers.AnswerError(f"{label} is empty: type a number such as 950,000")
            values[key] = answers.parse_number(box.value, label)
        return values

    def update(_=None) -> None:
        assumption.value = _assumption_html(method.value)
        try:
            status = ev_mod.evm(**read(), currency=currency)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last good figures.")
            _stale(result, True)
            return
        message.value = ""
        _stale(result, False)
        result.value = _result_html(status, method.value, currency)

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

    for box in inputs.values():
        box.observe(tidy, names="value")
    method.observe(update, names="value")
    update()
    controls = [grid, legend, method, assumption, message]
    tool = Tool("Earned value status calculator",
                [columns(controls, [result, meanings])])
    tool.inputs, tool.method, tool.message, tool.result = inputs, method, message, result
    tool.meanings, tool.assumption = meanings, assumption
    return tool


# --------------------------------------------------------------------------
# 2. Earned value S-curve and earned schedule
# --------------------------------------------------------------------------

def _drift_words(drift: pd.DataFrame, period: int, planned: int, unit: str) -> str:
    """What the SPI vs SPI(t) chart shows at ``period``, in words (values from the core)."""
    row = drift.iloc[period - 1]
    spi, spi_t, es = float(row["SPI"]), float(row["SPI(t)"]), float(row["ES"])
    units = f"{unit}s"
    gone = f"{period} {unit if period == 1 else units}"
    if period <= planned:
        if spi < 1 and spi_t < 1:
            verdict = "both show the project behind schedule"
        elif spi > 1 and spi_t > 1:
            verdict = "both show the project ahead of schedule"
        else:
            verdict = "do not agree on the direction"
        return (f"{unit.capitalize()} {period}, up to the planned finish ({unit} {planned}): "
                f"SPI {spi:.2f} (in money) and SPI(t) {spi_t:.2f} (in time) {verdict}. After "
                f"the planned finish PV stops growing, and SPI drifts back toward 1.0 however "
                f"late the work is.")
    at_planned = float(drift.iloc[planned - 1]["SPI"])
    if es >= planned:
        return (f"{unit.capitalize()} {period}: all the work is done, so EV = PV = BAC and "
                f"SPI is back at {spi:.2f}, as at the finish of any project, however late. "
                f"SPI(t) {spi_t:.2f} still shows the delay: the {planned} {units} planned "
                f"took {gone}.")
    direction = "climbed back toward 1.0" if spi > at_planned else "not moved toward 1.0"
    return (f"{unit.capitalize()} {period}, after the planned finish ({unit} {planned}): PV "
            f"has stopped at BAC, so SPI has {direction} ({at_planned:.2f} in {unit} "
            f"{planned}, now {spi:.2f}) as EV catches up; SPI(t) stays at {spi_t:.2f}: the "
            f"work done in {gone} was planned for {es:.2f}.")


def s_curve_tool(period: int = 6, method: str = "cpi", *, history=None) -> Tool:
    """Move the status date along a project's history; see the S-curve with the EAC
    projection beside the status in words and, in a second tab, SPI drifting back
    to 1.0 while SPI(t) does not, beside a sentence on what the drift shows then.

    It shows the lesson's **synthetic** ERP rollout (or ``history``). The
    S-curve is drawn once per EAC method; moving the status date moves only
    its live artists, and draws it anew when the projection would leave its
    axes. The drift chart is drawn when its tab is first opened; its status
    line follows the same slider. A status date the core cannot show (nothing
    earned yet, so no projection) is explained, and the last good chart stays
    (greyed out).

    Parameters
    ----------
    period : int, default 6
        The status period to start at.
    method : {"cpi", "atypical", "cpi_spi"}
        The EAC method to start with.
    history : DataFrame, str or Path, optional
        An EVM history; by default :func:`implcourse.metrics.earned_value.load_history`;
        or a path to a history CSV of your own, as for :func:`evm_calculator`.

    Examples
    --------
    >>> tool = s_curve_tool()
    >>> tool.period.value = 9
    >>> "month 9 of 11" in tool.chart.figure.alt
    True
    >>> tool.views.selected_index = 1
    >>> "SPI has climbed back toward 1.0" in tool.drift_words.value
    True
    """
    history = _history(history)
    h = ev_mod.check_history(history)
    method = check_choice("EAC method", method, ev_mod.EAC_METHODS)
    ev_mod.status_at(history, period)  # refuses a period that is not one reported
    start = int(period)
    drift = es_mod.schedule_drift(history)
    planned = es_mod.planned_duration(h.pv)
    unit = h.unit or "period"
    notes = (list(history["note"]) if "note" in history.columns else [None] * h.reported)
    slider = w.IntSlider(value=start, min=1, max=h.reported, step=1,
                         description=f"Status {unit}", continuous_update=False, style=_WIDE,
                         layout=full_width())
    toggle = w.Dropdown(options=_method_options(), value=method, description="EAC",
                        tooltip="Estimate at completion (EAC): the formula to use",
                        style=_WIDE, layout=full_width())
    message = w.HTML()
    status = w.HTML()
    # The status in words can run long at 150 % zoom: it scrolls inside the tool.
    status.add_class("implcourse-scroll")
    chart = LiveChart()
    drift_words = w.HTML()
    drift_chart = LiveChart(cache=2)
    for image in (chart.image, drift_chart.image):  # room for the caption and the tabs
        image.layout.max_height = "40vh"  # at 150 % zoom too
    views = w.Tab(children=[chart.widget, drift_chart.widget],
                  titles=["S-curve", "SPI vs SPI(t)"])
    state = {"curve": None, "curve_method": None, "drift": None}
    words: dict[tuple[int, str], str] = {}

    def status_html(p: int, m: str) -> str:
        key = (p, m)
        if key not in words:
            at = ev_mod.status_at(history, p)
            ev_mod.eac_projection(history, p, m)  # refuses a date with nothing earned
            schedule = es_mod.earned_schedule(h.pv, float(h.ev[p - 1]), p, unit=unit)
            note = notes[p - 1]
            what = (f"<details><summary>What happened in {html.escape(unit)} {p}</summary>"
                    f"{_caption(html.escape(str(note)))}</details>"
                    if isinstance(note, str) and note else "")
            cur = str(history.attrs.get("currency", ""))
            eacs = " · ".join(
                f"{'<b>' if name == m else ''}{label} "
                f"{'–' if at.forecast(name)['eac'] is None else money(at.forecast(name)['eac'], cur)}"
                f"{'</b>' if name == m else ''}"
                for name, label in (("cpi", "BAC / CPI"), ("atypical", "AC + BAC − EV"),
                                    ("cpi_spi", "CPI × SPI")))
            words[key] = (note_html(
                f"<b>End of {html.escape(unit)} {p} of {h.reported}.</b> "
                f"{html.escape(at.status)}<br>"
                f"<b>In time:</b> {html.escape(schedule.status)}<br>"
                f"<b>EAC three ways:</b> {eacs}") + what)
        return words[key]

    def draw_curve(p: int, m: str) -> None:
        if state["curve"] == (p, m):
            return

        def build():
            return charts.s_curve(history, p, m)

        def move(fig) -> bool:
            return charts.update_s_curve(fig, history, p)

        if state["curve_method"] != m:  # one drawing per method, remembered; then moved
            chart.show(m, build)
            state["curve_method"] = m
        if not chart.refresh(move):
            chart.draw(build)
        state["curve"] = (p, m)

    def draw_drift(p: int) -> None:
        if views.selected_index != 1 or state["drift"] == p:
            return
        drift_chart.show("drift", lambda: charts.spi_drift(history, p))
        drift_chart.refresh(lambda fig: charts.update_spi_drift(fig, p))
        state["drift"] = p

    def update(_=None) -> None:
        p, m = slider.value, toggle.value
        # Beside each chart, the words about it: the status, or what the drift shows.
        status.layout.display = "none" if views.selected_index == 1 else None
        drift_words.layout.display = None if views.selected_index == 1 else "none"
        try:
            text = status_html(p, m)
            if views.selected_index == 0:
                draw_curve(p, m)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The chart and the status still show the last "
                                       "good status date.")
            chart.stale = True
            _stale(status, True)
            return
        message.value = ""
        chart.stale = False
        _stale(status, False)
        status.value = text
        drift_words.value = note_html(html.escape(_drift_words(drift, p, planned, unit)))
        draw_drift(p)

    slider.observe(update, names="value")
    toggle.observe(update, names="value")
    views.observe(update, names="selected_index")
    update()
    controls = [slider, toggle, message, status, drift_words]
    tool = Tool("Earned value S-curve and earned schedule", [columns(controls, [views])])
    tool.period, tool.method, tool.message, tool.status = slider, toggle, message, status
    tool.chart, tool.drift_chart, tool.drift_words, tool.views = (chart, drift_chart,
                                                                  drift_words, views)
    tool.history = history
    return tool
