"""Lesson 06's earned value views, driven without a browser: the status calculator
and the S-curve with earned schedule.

The expected figures come from published worked examples (cited in each test) or
from an independent computation in the test (plain arithmetic on the typed
numbers, or the history CSV); the core's own messages are obtained by calling the
core with the same bad values.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import answers
from implcourse.metrics import earned_value as ev_mod
from implcourse.metrics import schedule_performance as es_mod
from implcourse.plots import earned_value as charts
from implcourse.widgets import catalogue
from implcourse.widgets import earned_value as views
from implcourse.widgets.common import STYLE
from implcourse.widgets.earned_value import evm_calculator, s_curve_tool

from helpers import PNG, assert_tool_fallback, chart_digest

HISTORY = ev_mod.load_history()
CSV = pd.read_csv(ev_mod.content.resolve("metrics/evm_history.csv"))
BAC = float(CSV["pv"].iloc[-1])
PLANNED = int(np.argmax(CSV["pv"].to_numpy() >= BAC)) + 1  # first month PV reaches BAC

TITLES = {"Earned value status calculator": evm_calculator,
          "Earned value S-curve and earned schedule": s_curve_tool}


def text(value: str) -> str:
    """An HTML value as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def cells(tool) -> dict[str, tuple[str, str]]:
    """The calculator's result table: measure -> (formula, value), as shown."""
    rows = re.findall(r'<th [^>]*class="row_heading[^"]*" >([^<]*)</th>\s*'
                      r'<td [^>]*>([^<]*)</td>\s*<td [^>]*>([^<]*)</td>', tool.result.value)
    assert len(rows) == 9, tool.result.value
    return {html.unescape(m): (html.unescape(f), html.unescape(v)) for m, f, v in rows}


def number(shown: str) -> float:
    """A shown figure ("−1,234 EUR", "0.87") as a float."""
    return float(shown.replace("\u2212", "-").replace(",", "").removesuffix(" EUR"))


def type_in(tool, **values) -> None:
    """Type the values in the calculator's boxes, as a learner would (no separators)."""
    for key, value in values.items():
        tool.inputs[key].value = str(value)


def drawn(chart) -> bytes:
    assert chart.figure is not None
    return chart_digest(chart.figure)


def png(chart) -> bytes:
    return bytes(chart.image.value)


# --------------------------------------------------------------------------
# Both tools
# --------------------------------------------------------------------------

@pytest.mark.parametrize("title", list(TITLES))
def test_tools_are_registered_with_their_fallback(title):
    """Each tool is a Tool headed by its title and style sheet, listed for lesson 06 in
    the catalogue, and its plain-text fallback names it."""
    found = {t: (lesson, factory) for lesson, t, factory in catalogue()}
    assert found[title][0] == "06" and found[title][1] is TITLES[title]
    tool = TITLES[title]()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    # Controls beside the result: one two-column row.
    (row,) = tool.body
    assert "implcourse-row" in row._dom_classes
    assert [c._dom_classes for c in row.children] == [("implcourse-controls",),
                                                     ("implcourse-result",)]


def test_catalogue_keeps_lesson_order():
    """The course's tools stay in lesson order after the lesson 06 entries."""
    lessons = [lesson for lesson, _, _ in catalogue()]
    assert lessons == sorted(lessons)


# --------------------------------------------------------------------------
# evm_calculator
# --------------------------------------------------------------------------

def test_calculator_starts_from_the_history():
    """The boxes open on the lesson's ERP rollout at month 6 (the CSV's row), with
    thousands separators; the figures are those of the typed numbers."""
    tool = evm_calculator()
    row = CSV.set_index("period").loc[6]
    expected = {"bac": BAC, "pv": row.pv, "ev": row.ev, "ac": row.ac}
    for key, value in expected.items():
        assert tool.inputs[key].value == f"{value:,.0f}"
    shown = cells(tool)
    assert number(shown["CV"][1]) == row.ev - row.ac
    assert number(shown["SV"][1]) == row.ev - row.pv
    assert shown["CPI"][1] == f"{row.ev / row.ac:.2f}"
    assert shown["SPI"][1] == f"{row.ev / row.pv:.2f}"
    assert number(shown["EAC"][1]) == round(BAC * row.ac / row.ev)
    assert tool.method.value == "cpi" and tool.message.value == ""
    assert "Over budget by" in tool.result.value and "behind schedule by" in tool.result.value
    assert "EUR" in text(tool.body[0].children[0].children[1].value)  # the legend names it


def test_calculator_fence_example_mulcahy():
    """The four-sided fence at the end of day 3: PV 3,000, EV 2,500, AC 2,800, BAC 4,000.

    Source: R. Mulcahy, *PMP Exam Prep*, p. 210, as reproduced in "Earned Value
    Exercise", https://studylib.net/doc/5898152/earned-value-exercise. Published:
    CV -300; CPI .893; SV -500; SPI .833; EAC 4,479, ETC 1,679 and VAC -479 (the
    book divides by the rounded CPI, so the exact figures are within 1.5 of them).
    """
    tool = evm_calculator()
    type_in(tool, bac="4,000", pv="3 000", ev="EUR 2500", ac="2,800")
    shown = cells(tool)
    assert tool.message.value == ""
    assert number(shown["CV"][1]) == -300 and number(shown["SV"][1]) == -500
    assert number(shown["CPI"][1]) == pytest.approx(0.893, abs=0.005)
    assert number(shown["SPI"][1]) == pytest.approx(0.833, abs=0.005)
    assert number(shown["EAC"][1]) == pytest.approx(4479, abs=1.5)
    assert number(shown["ETC"][1]) == pytest.approx(1679, abs=1.5)
    assert number(shown["VAC"][1]) == pytest.approx(-479, abs=1.5)
    assert "Over budget by 300 EUR" in text(tool.result.value)
    assert "behind schedule by 500 EUR of planned work" in text(tool.result.value)
    assert [tool.inputs[k].value for k in ("bac", "pv", "ev", "ac")] == [
        "4,000", "3,000", "2,500", "2,800"]


def test_calculator_tcpi_and_atypical_eac_pra_package():
    """BAC 100,000, EV 35,000, AC 63,000: TCPI to meet BAC 1.76; EAC (atypical)
    128,000.

    Source: the R package PRA (P. Govan), reference pages ``tcpi`` and ``eac``,
    https://paulgovan.github.io/PRA/reference/tcpi.html and
    https://paulgovan.github.io/PRA/reference/eac.html.
    """
    tool = evm_calculator()
    type_in(tool, bac=100000, pv=40000, ev=35000, ac=63000)
    assert cells(tool)["TCPI to BAC"][1] == "1.76"
    tool.method.value = "atypical"
    shown = cells(tool)
    assert shown["EAC"] == ("AC + (BAC \u2212 EV)", "128,000 EUR")
    assert number(shown["ETC"][1]) == 128_000 - 63_000
    assert number(shown["VAC"][1]) == 100_000 - 128_000
    # The atypical EAC leaves exactly the remaining budget for the remaining work.
    assert shown["TCPI to EAC"][1] == "1.00"


@pytest.mark.parametrize("method", list(ev_mod.EAC_METHODS))
def test_calculator_method_sets_eac_etc_vac_and_tcpi(method):
    """The chosen method's EAC and formula are shown, and ETC, VAC and the TCPI to the
    EAC follow from it (independent arithmetic on the typed numbers)."""
    bac, pv, ev, ac = 500_000, 300_000, 240_000, 280_000
    tool = evm_calculator()
    type_in(tool, bac=bac, pv=pv, ev=ev, ac=ac)
    tool.method.value = method
    cpi, spi = ev / ac, ev / pv
    eac = {"cpi": bac / cpi, "atypical": ac + bac - ev,
           "cpi_spi": ac + (bac - ev) / (cpi * spi)}[method]
    shown = cells(tool)
    formula, value = shown["EAC"]
    core_formula = ev_mod.EAC_METHODS[method][1]
    assert formula == views._formula(core_formula.removeprefix("EAC = "))
    assert number(value) == pytest.approx(eac, abs=0.5)
    assert number(shown["ETC"][1]) == pytest.approx(eac - ac, abs=0.5)
    assert number(shown["VAC"][1]) == pytest.approx(bac - eac, abs=0.5)
    assert number(shown["TCPI to EAC"][1]) == pytest.approx((bac - ev) / (eac - ac), abs=0.005)
    assert number(shown["TCPI to BAC"][1]) == pytest.approx((bac - ev) / (bac - ac), abs=0.005)
    assert ev_mod.EAC_METHODS[method][2] in text(tool.assumption.value)


@settings(max_examples=30, deadline=None)
@given(bac=st.integers(1_000, 10_000_000), pv_share=st.floats(0.05, 1.0),
       ev_share=st.floats(0.05, 1.0), cost=st.floats(0.3, 3.0))
def test_calculator_matches_independent_arithmetic(bac, pv_share, ev_share, cost):
    """For any valid whole-number inputs the shown variances and indices are those of
    the definitions CV = EV - AC, SV = EV - PV, CPI = EV / AC, SPI = EV / PV and
    EAC = BAC / CPI, computed here."""
    pv, ev = max(1, round(bac * pv_share)), max(1, round(bac * ev_share))
    ac = max(1, round(ev * cost))
    tool = evm_calculator()
    type_in(tool, bac=bac, pv=pv, ev=ev, ac=ac)
    assert tool.message.value == ""
    shown = cells(tool)
    assert number(shown["CV"][1]) == ev - ac and number(shown["SV"][1]) == ev - pv
    assert number(shown["CPI"][1]) == pytest.approx(ev / ac, abs=0.0051)
    assert number(shown["SPI"][1]) == pytest.approx(ev / pv, abs=0.0051)
    assert number(shown["EAC"][1]) == pytest.approx(bac * ac / ev, abs=0.51)
    if ac < bac:
        assert number(shown["TCPI to BAC"][1]) == pytest.approx((bac - ev) / (bac - ac),
                                                                abs=0.0051)
    else:
        assert shown["TCPI to BAC"][1] == "none: the budget is spent"


def test_calculator_adds_thousands_separators_and_reads_units():
    """The boxes read numbers as typed (spaces, a currency code) and show them with
    separators, as the answer forms do."""
    tool = evm_calculator()
    tool.inputs["bac"].value = "1234567"
    assert tool.inputs["bac"].value == "1,234,567"
    tool.inputs["pv"].value = "EUR 950 000"
    assert tool.inputs["pv"].value == "950,000"
    assert tool.message.value == ""
    tool.inputs["ev"].value = "12,5"
    assert "use a point for decimals" in text(tool.message.value)
    assert tool.inputs["ev"].value == "12,5"  # left as typed, so it can be corrected


def _core_message(**kwargs) -> str:
    with pytest.raises((TypeError, ValueError)) as caught:
        ev_mod.evm(**kwargs)
    return str(caught.value)


def _parse_message(text_typed: str, key: str) -> str:
    with pytest.raises(answers.AnswerError) as caught:
        answers.parse_number(text_typed, ev_mod.FIELD_NAMES[key])
    return str(caught.value)


START = {"bac": 950_000.0, "pv": 864_000.0, "ev": 720_000.0, "ac": 830_000.0}
BAD = [
    ("bac", "-100", lambda: _core_message(**{**START, "bac": -100.0})),
    ("ev", "2,000,000", lambda: _core_message(**{**START, "ev": 2_000_000.0})),
    ("ac", "0", lambda: _core_message(**{**START, "ac": 0.0})),
    ("pv", "lots", lambda: _parse_message("lots", "pv")),
    ("ac", "1e400", lambda: _parse_message("1e400", "ac")),
]


@pytest.mark.parametrize("key, typed, expected", BAD, ids=[b[1] for b in BAD])
def test_calculator_bad_input_keeps_the_last_good_result(key, typed, expected):
    """Negative BAC, EV above BAC, AC = 0 (CPI undefined), text, infinity: the core's
    message naming the field shows beside the inputs; the last good result stays,
    greyed out; correcting the box brings it back."""
    tool = evm_calculator()
    good = tool.result.value
    tool.inputs[key].value = typed
    message = text(tool.message.value)
    assert expected() in message
    assert ev_mod.FIELD_NAMES[key] in message
    assert tool.result.value == good
    assert "implcourse-stale" in tool.result._dom_classes
    tool.inputs[key].value = f"{START[key]:,.0f}"
    assert tool.message.value == "" and tool.result.value == good
    assert "implcourse-stale" not in tool.result._dom_classes


def test_calculator_empty_box_names_the_field():
    tool = evm_calculator()
    good = tool.result.value
    tool.inputs["ac"].value = "   "
    assert "Actual cost (AC) is empty" in text(tool.message.value)
    assert tool.result.value == good


def test_calculator_nothing_earned_and_budget_spent():
    """EV = 0: CPI is 0 and the typical EAC is undefined (said, with no number); AC
    above BAC: no TCPI to BAC, but a TCPI to the (larger) EAC."""
    tool = evm_calculator()
    type_in(tool, bac=1000, pv=500, ev=0, ac=200)
    shown = cells(tool)
    assert shown["CPI"][1] == "0.00"
    assert shown["EAC"][1].startswith("undefined: nothing earned yet")
    assert shown["ETC"][1] == shown["VAC"][1] == shown["TCPI to EAC"][1] == "\u2013"
    assert "Nothing has been earned yet" in text(tool.result.value)
    tool.method.value = "atypical"
    assert cells(tool)["EAC"][1] == "1,200 EUR"  # 200 + 1,000 - 0
    type_in(tool, ev=800, ac=1100)
    shown = cells(tool)
    assert shown["TCPI to BAC"][1] == "none: the budget is spent"
    assert number(shown["TCPI to EAC"][1]) == pytest.approx((1000 - 800) / (1300 - 1100),
                                                            abs=0.005)
    assert "The budget is already spent" in text(tool.result.value)


def test_calculator_explains_every_measure():
    """The folded table names every measure of the core with its formula."""
    tool = evm_calculator()
    shown = text(tool.meanings.value)
    for _, row in ev_mod.evm(10.0, 5.0, 5.0, 5.0).table().iterrows():
        assert row["Measure"] in shown and row["What it means"] in shown


def test_calculator_refuses_a_period_not_reported():
    with pytest.raises(ValueError, match="Status period must be a whole number from 1 to 11"):
        evm_calculator(12)


# --------------------------------------------------------------------------
# s_curve_tool
# --------------------------------------------------------------------------

def test_s_curve_tool_starts_at_month_6():
    """The chart is the core's S-curve at month 6 with the typical EAC; the status says
    where the project stands in money and in time, what happened, and the forecast."""
    tool = s_curve_tool()
    fresh = charts.s_curve(HISTORY, 6, "cpi")
    assert drawn(tool.chart) == chart_digest(fresh)
    assert png(tool.chart).startswith(PNG)
    assert tool.chart.figure.alt == fresh.alt
    assert html.escape(fresh.alt) in tool.chart.caption.value
    shown = text(tool.status.value)
    assert ev_mod.status_at(HISTORY, 6).status in shown
    row = CSV.set_index("period").loc[6]
    assert es_mod.earned_schedule(CSV["pv"], row.ev, 6, unit="month").status in shown
    assert row.note in shown
    line = ev_mod.eac_projection(HISTORY, 6, "cpi")  # the forecast is in the chart's caption
    assert f"EAC {line.eac:,.0f} EUR at a forecast finish of month {line.finish:.1f}" in text(
        tool.chart.caption.value)
    assert tool.period.continuous_update is False
    assert (tool.period.min, tool.period.max) == (1, len(CSV))
    assert tool.drift_chart.current is None  # the second tab is drawn when opened


@pytest.mark.parametrize("method", list(ev_mod.EAC_METHODS))
def test_s_curve_slider_moves_only_the_live_artists(method):
    """Moving the status date keeps the drawing and moves its live artists: the result
    is what the core draws at that month, and the picture changes."""
    tool = s_curve_tool(method=method)
    drawing = tool.chart.current
    for month in [9, 1, 11, 4, 6]:
        before = png(tool.chart)
        tool.period.value = month
        assert tool.chart.current is drawing
        fresh = charts.s_curve(HISTORY, month, method)
        assert drawn(tool.chart) == chart_digest(fresh)
        assert tool.chart.figure.alt == fresh.alt
        assert f"month {month} of 11" in tool.chart.caption.value
        assert png(tool.chart) != before
        assert f"End of month {month} of 11." in text(tool.status.value)
        assert tool.message.value == ""


def test_s_curve_falls_back_to_a_full_drawing(monkeypatch):
    """When update_s_curve says the change does not fit (False), the chart is drawn anew."""
    tool = s_curve_tool()
    drawing = tool.chart.current
    monkeypatch.setattr(charts, "update_s_curve", lambda fig, history, period: False)
    tool.period.value = 10
    assert tool.chart.current is not drawing
    assert drawn(tool.chart) == chart_digest(charts.s_curve(HISTORY, 10, "cpi"))
    assert "month 10 of 11" in tool.chart.caption.value


def test_s_curve_method_drawings_are_remembered():
    """Each EAC method is drawn once; going back to one reuses its drawing, moved to the
    current month. The status names the method's formula."""
    tool = s_curve_tool()
    first = tool.chart.current
    tool.period.value = 8
    tool.method.value = "atypical"
    atypical = tool.chart.current
    assert atypical is not first
    assert drawn(tool.chart) == chart_digest(charts.s_curve(HISTORY, 8, "atypical"))
    assert "(EAC = AC + (BAC - EV))" in tool.chart.caption.value
    tool.period.value = 3
    tool.method.value = "cpi"
    assert tool.chart.current is first
    assert drawn(tool.chart) == chart_digest(charts.s_curve(HISTORY, 3, "cpi"))
    tool.method.value = "atypical"
    assert tool.chart.current is atypical
    assert drawn(tool.chart) == chart_digest(charts.s_curve(HISTORY, 3, "atypical"))


def test_drift_tab_is_drawn_lazily_and_follows_the_slider():
    """The SPI vs SPI(t) chart is drawn when its tab opens, at the slider's month; its
    status line then moves with the slider (same drawing); the S-curve catches up when
    its tab is shown again."""
    tool = s_curve_tool()
    tool.period.value = 7
    assert tool.drift_chart.current is None
    tool.views.selected_index = 1
    fresh = charts.spi_drift(HISTORY, 7)
    assert drawn(tool.drift_chart) == chart_digest(fresh)
    assert tool.drift_chart.figure.alt == fresh.alt
    assert png(tool.drift_chart).startswith(PNG)
    drawing = tool.drift_chart.current
    tool.period.value = 10
    assert tool.drift_chart.current is drawing
    assert "Status month 10" in tool.drift_chart.caption.value
    assert tool.drift_chart.figure.evm_artists["status"].get_xdata()[0] == 10
    assert "month 7 of 11" in tool.chart.figure.alt  # hidden tab not redrawn
    # Beside each chart the words about it: the drift sentence here, the status there.
    assert tool.drift_words.layout.display is None and tool.status.layout.display == "none"
    assert "Month 10, after the planned finish" in text(tool.drift_words.value)
    tool.views.selected_index = 0
    assert tool.drift_words.layout.display == "none" and tool.status.layout.display is None
    assert "End of month 10 of 11." in text(tool.status.value)
    assert drawn(tool.chart) == chart_digest(charts.s_curve(HISTORY, 10, "cpi"))


def _spi(month: int) -> tuple[float, float]:
    """SPI = EV / PV from the CSV, and SPI at the planned finish."""
    rows = CSV.set_index("period")
    return (rows.loc[month, "ev"] / rows.loc[month, "pv"],
            rows.loc[PLANNED, "ev"] / rows.loc[PLANNED, "pv"])


@pytest.mark.parametrize("month", range(1, len(CSV) + 1))
def test_drift_sentence_says_what_the_chart_shows(month):
    """Up to the planned finish both indices show the delay; after it SPI climbs back
    toward 1.0 while SPI(t) stays below; at the finish SPI is 1.00 and SPI(t) still
    shows the delay (the lesson's point, Lipke 2003)."""
    tool = s_curve_tool()
    tool.period.value = month
    words = text(tool.drift_words.value)
    spi, at_finish = _spi(month)
    spi_t = es_mod.schedule_drift(HISTORY).set_index("period").loc[month, "SPI(t)"]
    assert f"SPI {spi:.2f}" in words or f"now {spi:.2f}" in words or f"back at {spi:.2f}" in words
    assert f"SPI(t) {spi_t:.2f}" in words or f"at {spi_t:.2f}" in words
    if month <= PLANNED:
        assert f"up to the planned finish (month {PLANNED})" in words
        assert "both show the project behind schedule" in words
    elif month < len(CSV):
        assert "SPI has climbed back toward 1.0" in words
        assert f"({at_finish:.2f} in month {PLANNED}, now {spi:.2f})" in words
        assert spi > at_finish and spi_t < 1
    else:
        assert "SPI is back at 1.00" in words
        assert f"the {PLANNED} months planned took {month} months" in words


def _history_with_nothing_earned() -> pd.DataFrame:
    frame = pd.DataFrame({"period": [1, 2, 3, 4], "pv": [100.0, 200.0, 300.0, 400.0],
                          "ev": [0.0, 150.0, 250.0, 400.0], "ac": [50.0, 160.0, 270.0, 430.0],
                          "note": ["", "", "", ""]})
    frame.attrs.update(currency="EUR", unit="week")
    return frame


def test_s_curve_tool_status_date_without_projection_keeps_the_last_chart():
    """A week where nothing is earned yet has no EAC projection: the core's message shows,
    the last good chart and status stay (greyed out), and another week clears it."""
    history = _history_with_nothing_earned()
    tool = s_curve_tool(3, history=history)
    good_status, good_alt = tool.status.value, tool.chart.figure.alt
    tool.period.value = 1
    with pytest.raises(ValueError) as caught:
        ev_mod.eac_projection(history, 1)
    assert str(caught.value) in text(tool.message.value)
    assert tool.status.value == good_status and tool.chart.figure.alt == good_alt
    assert tool.chart.stale and "implcourse-stale" in tool.status._dom_classes
    tool.period.value = 2
    assert tool.message.value == "" and not tool.chart.stale
    assert "implcourse-stale" not in tool.status._dom_classes
    assert "End of week 2 of 4." in text(tool.status.value)
    assert drawn(tool.chart) == chart_digest(charts.s_curve(history, 2))


@pytest.mark.parametrize("kwargs, pattern", [
    ({"period": 12}, "Status period must be a whole number from 1 to 11"),
    ({"method": "typical"}, "EAC method must be one of"),
])
def test_s_curve_tool_refuses_bad_arguments(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        s_curve_tool(**kwargs)


def test_s_curve_status_gives_the_three_eacs_side_by_side():
    """A learner compares the three estimates at completion without switching
    methods: each comes from the core's forecast at that month, the chosen one
    in bold."""
    from implcourse.metrics.earned_value import load_history, status_at
    from implcourse.plots._style import money
    tool = s_curve_tool(period=6)
    history = load_history()
    at = status_at(history, 6)
    cur = history.attrs.get("currency", "")
    for method in ("cpi", "atypical", "cpi_spi"):
        assert money(at.forecast(method)["eac"], cur) in tool.status.value
    assert f"<b>BAC / CPI {money(at.eac, cur)}</b>" in tool.status.value
    tool.method.value = "atypical"
    assert f"<b>AC + BAC − EV {money(at.eac_atypical, cur)}</b>" in tool.status.value


def test_evm_tools_take_a_trainers_history_by_path(tmp_path, monkeypatch):
    """A trainer's copy of the lesson's history whose month-1 EV is 90,000 instead of
    80,000 and whose note holds HTML: the tools start from the copy's figures, and
    the note is shown as written, escaped."""
    from implcourse.content import datasets_dir

    text = (datasets_dir() / "metrics" / "evm_history.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1]
    assert first.startswith("1,101000,80000,95000,")
    mine = text.replace(first, '1,101000,90000,95000,"Kick-off <b>slips</b> & <script>x</script>"')
    path = tmp_path / "our_history.csv"
    path.write_text(mine, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in (path, str(path), "./our_history.csv"):
        tool = evm_calculator(1, history=given)
        assert tool.inputs["ev"].value == "90,000"
        curve = s_curve_tool(1, history=given)
        shown = curve.status.value
        assert "Kick-off &lt;b&gt;slips&lt;/b&gt; &amp; &lt;script&gt;" in shown
        assert "<b>slips</b>" not in shown and "<script>" not in shown
    assert evm_calculator(1).inputs["ev"].value == "80,000"
    with pytest.raises(TypeError, match="history"):
        evm_calculator(history=42)
