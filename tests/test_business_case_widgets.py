"""Lesson 05's views, driven without a browser: calculator, tornado, scenarios, adoption."""

from __future__ import annotations

import html
import math
import re

import pytest

from implcourse import business_case as bc
from implcourse import finance
from implcourse.widgets.business_case import adoption_tool, metrics_html, tornado_tool
from implcourse.widgets.business_case import calculator as _calculator
from implcourse.widgets.business_case import scenario_tool as _scenario_tool
from implcourse.widgets.common import error_html, note_html


def calculator(*args, **kwargs):
    """The calculator with its chart tab open (the chart is drawn only when open)."""
    tool = _calculator(*args, **kwargs)
    tool.views.selected_index = 1
    return tool


def scenario_tool(*args, **kwargs):
    """The scenario tool with its chart tab open (drawn only when open)."""
    tool = _scenario_tool(*args, **kwargs)
    tool.views.selected_index = 1
    return tool


def test_scenario_tool_draws_its_chart_only_when_its_tab_is_open():
    tool = _scenario_tool()
    assert tool.views.selected_index == 0 and tool.chart.figure is None
    assert "Worst" in tool.table.value and "never" in tool.table.value
    tool.views.selected_index = 1
    assert bytes(tool.chart.image.value).startswith(b"\x89PNG")


def test_calculator_draws_its_chart_only_when_its_tab_is_open():
    """The figures are the main result, beside the inputs; the chart has its own tab
    and costs nothing until it is opened, then follows every edit."""
    tool = _calculator()
    assert tool.views.selected_index == 0 and tool.chart.figure is None
    assert "NPV" in tool.result.value
    tool.costs[0].value += 1000
    assert tool.chart.figure is None
    tool.views.selected_index = 1
    assert bytes(tool.chart.image.value).startswith(b"\x89PNG")
    before = bytes(tool.chart.image.value)
    tool.costs[0].value += 50_000
    assert bytes(tool.chart.image.value) != before

from helpers import PNG, assert_tool_fallback, chart_digest

CASES = bc.case_ids()
OTHER_CASES = [c for c in CASES if c != "erp_replacement"]


def money(value: float, currency: str = "") -> str:
    return f"{value:,.0f} {currency}".strip()


def years(value: float) -> str:
    return f"{value:.2f} years" if math.isfinite(value) else "never (within the horizon)"


def png(tool) -> bytes:
    """The PNG the browser gets (real pixels: a change of state must change them)."""
    return bytes(tool.chart.image.value)


def drawn(tool) -> bytes:
    """What the tool's chart shows, as a digest of its figure's data."""
    assert tool.chart.figure is not None
    return chart_digest(tool.chart.figure)


def values(boxes) -> list[float]:
    return [b.value for b in boxes]


def expected_result(tool, currency: str) -> str:
    """What the calculator should show for its current boxes (independently evaluated)."""
    figures = finance.evaluate(tool.rate.value / 100, values(tool.benefits), values(tool.costs))
    return note_html(metrics_html(figures, hurdle=tool.hurdle.value / 100, currency=currency))


def table_cells(page: str) -> dict[str, str]:
    """The value cells of metrics_html's table, by row name."""
    return dict(re.findall(r"<tr><td><b>(.*?)</b></td><td>(.*?)</td></tr>", page))


def core_error(call) -> str:
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return error_html(info.value)


# --------------------------------------------------------------------------
# Every tool
# --------------------------------------------------------------------------

BUILDERS = {
    "Business-case calculator": calculator,
    "Sensitivity: tornado chart": tornado_tool,
    "Scenarios side by side": scenario_tool,
    "Benefit realisation: adoption delay": adoption_tool,
}


@pytest.mark.parametrize("title", list(BUILDERS))
def test_tool_has_fixed_plain_text_fallback(title):
    """Each view is a Tool whose text/plain is the fixed sentence naming it; its chart is
    a PNG with the chart's text alternative as a caption under it."""
    tool = BUILDERS[title]()
    assert_tool_fallback(tool, title)
    assert png(tool).startswith(PNG)
    assert tool.chart.figure.alt
    assert html.escape(tool.chart.figure.alt) in tool.chart.caption.value
    assert tool.chart.widget.children == (tool.chart.image, tool.chart.caption)


# --------------------------------------------------------------------------
# metrics_html
# --------------------------------------------------------------------------

def test_metrics_html_formats_every_figure():
    """ROI and IRR as percentages, money with separators, years to 2 decimals, BCR."""
    figures = finance.evaluate(0.1, [0, 600_000, 650_000], [1_000_000, 20_000, 20_000])
    cells = table_cells(metrics_html(figures, hurdle=0.05, currency="EUR"))
    assert list(cells) == ["ROI", "NPV", "IRR", "Payback", "Discounted payback",
                           "Benefit-cost ratio"]
    assert cells["ROI"] == f"{figures['roi']:.2%}"
    assert cells["NPV"] == f"{figures['npv']:,.0f} EUR"
    verdict = "above" if figures["irr"] > 0.05 else "below"
    assert cells["IRR"] == f"{figures['irr']:.2%} ({verdict} the 5.0% hurdle rate)"
    assert cells["Payback"] == f"{figures['payback']:.2f} years"
    assert cells["Discounted payback"] == years(figures["discounted_payback"])
    assert cells["Benefit-cost ratio"] == f"{figures['bcr']:.2f}"


def test_metrics_html_without_hurdle_currency_or_irr():
    """No hurdle: the IRR alone; no currency: bare amounts; NaN IRR: 'none'; inf: 'never'."""
    figures = finance.evaluate(0.1, [0, 600, 600], [1000, 0, 0])
    cells = table_cells(metrics_html(figures))
    assert cells["IRR"] == f"{figures['irr']:.2%}"
    assert cells["NPV"] == f"{figures['npv']:,.0f}"
    no_irr = finance.evaluate(0.1, [10, 10, 10], [1, 1, 1])
    assert table_cells(metrics_html(no_irr, hurdle=0.1))["IRR"].startswith("none")
    never = finance.evaluate(0.1, [0, 10, 10], [1000, 0, 0])
    cells = table_cells(metrics_html(never, hurdle=0.1))
    assert cells["Payback"] == cells["Discounted payback"] == "never (within the horizon)"


def test_metrics_html_escapes_the_currency():
    """The currency is HTML-escaped."""
    figures = finance.evaluate(0.1, [0, 600, 600], [1000, 0, 0])
    page = metrics_html(figures, currency="<b>&")
    assert "&lt;b&gt;&amp;" in page and "<b>&" not in page


# --------------------------------------------------------------------------
# calculator
# --------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", CASES)
def test_calculator_starts_from_the_case(case_id):
    """Boxes hold the case's yearly totals, rates are in percent, result is evaluate()."""
    case = bc.load_case(case_id)
    tool = calculator(case_id)
    assert tool.pick.value == case_id
    assert values(tool.costs) == pytest.approx(case.cost_totals().tolist())
    assert values(tool.benefits) == pytest.approx(case.benefit_totals().tolist())
    assert tool.rate.value == pytest.approx(100 * case.discount_rate)
    assert tool.hurdle.value == pytest.approx(100 * case.hurdle_rate)
    assert tool.message.value == ""
    figures = finance.evaluate(case.discount_rate, case.benefit_totals(), case.cost_totals())
    assert tool.result.value == note_html(metrics_html(figures, hurdle=case.hurdle_rate,
                                                       currency=case.currency))
    cells = table_cells(tool.result.value)
    assert cells["NPV"] == f"{figures['npv']:,.0f} {case.currency}"
    assert cells["Payback"] == years(figures["payback"])
    assert png(tool).startswith(PNG)


def test_calculator_offers_blank_and_every_case():
    """The picker lists '(blank)' then every case by name."""
    tool = calculator()
    assert tool.pick.options[0] == ("(blank)", "")
    assert list(tool.pick.options[1:]) == [(bc.load_case(c).name, c) for c in CASES]


def test_editing_a_box_updates_the_result_and_chart():
    """Each edit (cost, benefit, rate, hurdle) re-evaluates at once."""
    tool = calculator()
    currency = bc.load_case("erp_replacement").currency
    for edit in (lambda: setattr(tool.costs[1], "value", tool.costs[1].value + 150_000),
                 lambda: setattr(tool.benefits[-1], "value", tool.benefits[-1].value * 2),
                 lambda: setattr(tool.rate, "value", 15.0)):
        before, chart = tool.result.value, png(tool)
        edit()
        assert tool.result.value == expected_result(tool, currency)
        assert tool.result.value != before and png(tool) != chart
        assert tool.message.value == ""
    before = tool.result.value
    tool.hurdle.value = 3.0
    assert tool.result.value == expected_result(tool, currency) != before
    assert "3.0% hurdle rate" in tool.result.value


@pytest.mark.parametrize("case_id", OTHER_CASES)
def test_picking_another_case_reloads_every_box(case_id):
    """Picking a case loads all its yearly totals, its rates and its currency."""
    tool = calculator("erp_replacement")
    case = bc.load_case(case_id)
    tool.pick.value = case_id
    assert values(tool.costs) == pytest.approx(case.cost_totals().tolist())
    assert values(tool.benefits) == pytest.approx(case.benefit_totals().tolist())
    assert tool.rate.value == pytest.approx(100 * case.discount_rate)
    assert tool.hurdle.value == pytest.approx(100 * case.hurdle_rate)
    figures = finance.evaluate(case.discount_rate, case.benefit_totals(), case.cost_totals())
    assert table_cells(tool.result.value)["NPV"] == f"{figures['npv']:,.0f} {case.currency}"


def test_picking_back_and_forth_is_the_same_sheet():
    """Switching to another case and back restores the first case's result."""
    tool = calculator("erp_replacement")
    first = tool.result.value
    tool.pick.value = "crm_rollout"
    assert tool.result.value != first
    tool.pick.value = "erp_replacement"
    assert tool.result.value == first


def blank_sheet(n: int):
    costs = [100_000.0] + [0.0] * (n - 1)
    benefits = [0.0] + [40_000.0] * (n - 1)
    return costs, benefits


@pytest.mark.parametrize("start", [None, "erp_replacement"])
def test_blank_sheet(start):
    """'(blank)' loads 100,000 of cost, then 40,000 a year, at 8 % and a 12 % hurdle."""
    tool = calculator(start)
    tool.pick.value = ""
    costs, benefits = blank_sheet(len(tool.costs))
    assert values(tool.costs) == costs and values(tool.benefits) == benefits
    assert (tool.rate.value, tool.hurdle.value) == (8.0, 12.0)
    figures = finance.evaluate(0.08, benefits, costs)
    assert tool.result.value == note_html(metrics_html(figures, hurdle=0.12))
    assert table_cells(tool.result.value)["NPV"] == f"{figures['npv']:,.0f}"


def test_rate_of_minus_100_or_below_keeps_last_result():
    """A rate <= -100 %: inline message naming the discount rate; result and chart kept."""
    tool = calculator()
    result, chart = tool.result.value, png(tool)
    for bad_rate in (-100.0, -100.5, -150.0, -1e6):
        tool.rate.value = bad_rate
        assert "discount rate" in tool.message.value, bad_rate
        assert "-100 %" in tool.message.value and f"{bad_rate:g} %" in tool.message.value
        assert tool.result.value == result and png(tool) == chart
    tool.costs[2].value += 1_000  # still a bad rate: still the message, still the old result
    assert "discount rate" in tool.message.value and tool.result.value == result
    tool.rate.value = 10.0
    assert tool.message.value == ""
    assert tool.result.value == expected_result(tool, "EUR") != result
    tool.rate.value = -99.0  # a strange but valid rate
    assert tool.message.value == ""
    assert tool.result.value == expected_result(tool, "EUR")


def test_negative_cost_shows_the_core_message_escaped():
    """A negative cost shows the core's message, HTML-escaped; the result is kept."""
    tool = calculator()
    result, chart = tool.result.value, png(tool)
    tool.costs[3].value = -5_000.0
    expected = core_error(lambda: finance.evaluate(tool.rate.value / 100,
                                                   values(tool.benefits), values(tool.costs)))
    assert tool.message.value == expected
    assert "costs" in tool.message.value and "-5000" in tool.message.value
    assert tool.result.value == result and png(tool) == chart


def test_core_message_is_html_escaped(monkeypatch):
    """Whatever the core says is shown escaped, and the last result stays."""
    tool = calculator()
    result = tool.result.value

    def refuse(*args, **kwargs):
        raise ValueError("costs <b> & 'more'")

    monkeypatch.setattr(finance, "evaluate", refuse)
    tool.costs[1].value += 1.0
    assert tool.message.value == error_html("costs <b> & 'more'")
    assert "&lt;b&gt; &amp;" in tool.message.value and "<b>" not in tool.message.value
    assert tool.result.value == result


def test_all_costs_zero_shows_a_message():
    """All costs zero: an inline message, and the last result stays."""
    tool = calculator(None)  # the blank sheet: a cost in year 0 only
    result, chart = tool.result.value, png(tool)
    tool.costs[0].value = 0.0
    assert not any(values(tool.costs))
    expected = core_error(lambda: finance.evaluate(tool.rate.value / 100,
                                                   values(tool.benefits), values(tool.costs)))
    assert tool.message.value == expected and "zero" in tool.message.value
    assert tool.result.value == result and png(tool) == chart


def test_irr_none_when_flows_never_change_sign():
    """Benefits above costs in every year: no IRR, and the text says 'none'."""
    tool = calculator(None)  # 100,000 of cost in year 0, then 40,000 a year
    tool.benefits[0].value = 150_000.0
    assert all(b >= c for b, c in zip(values(tool.benefits), values(tool.costs)))
    assert tool.message.value == ""
    assert table_cells(tool.result.value)["IRR"].startswith("none")
    tool.benefits[0].value = 0.0  # now year 0 is a net cost: an IRR exists
    assert not table_cells(tool.result.value)["IRR"].startswith("none")


def test_irr_is_compared_with_the_hurdle():
    """The IRR text says above or below the hurdle, as the hurdle moves across it."""
    tool = calculator()
    irr = finance.irr([b - c for b, c in zip(values(tool.benefits), values(tool.costs))])
    low, high = math.floor(100 * irr) - 1.0, math.ceil(100 * irr) + 1.0
    tool.hurdle.value = low
    assert table_cells(tool.result.value)["IRR"] == \
        f"{irr:.2%} (above the {low / 100:.1%} hurdle rate)"
    tool.hurdle.value = high
    assert table_cells(tool.result.value)["IRR"] == \
        f"{irr:.2%} (below the {high / 100:.1%} hurdle rate)"


# --------------------------------------------------------------------------
# tornado_tool
# --------------------------------------------------------------------------

def expected_summary_parts(case_id: str, swing: float, metric: str) -> list[str]:
    case = bc.load_case(case_id)
    table = bc.sensitivity(case, swing=swing, metric=metric)
    top = table.index[0]
    point = bc.break_even(case, top, metric=metric)
    where = (f"a discount rate of {point:.1%}" if top == "discount_rate"
             else f"{point:.0%} of its likely value")
    label = "NPV" if metric == "npv" else "ROI"
    return [f"±{swing:.0%}", f"<b>{html.escape(table.loc[top, 'label'])}</b>",
            f"{label} falls to zero at {html.escape(where)}"]


def test_tornado_summary_names_top_driver_and_break_even():
    """The summary names the widest bar's driver and its break-even point."""
    tool = tornado_tool()
    assert (tool.pick.value, tool.swing.value, tool.metric.value) == \
        ("erp_replacement", 0.2, "npv")
    for part in expected_summary_parts("erp_replacement", 0.2, "npv"):
        assert part in tool.summary.value


def test_tornado_follows_swing_metric_and_case():
    """Changing swing, metric or case recomputes the summary and redraws the chart."""
    tool = tornado_tool()
    seen = {png(tool)}
    steps = [(tool.swing, 0.5), (tool.metric, "roi"), (tool.pick, "hr_system"),
             (tool.metric, "npv"), (tool.pick, "crm_rollout")]
    for control, value in steps:
        control.value = value
        for part in expected_summary_parts(tool.pick.value, tool.swing.value,
                                           tool.metric.value):
            assert part in tool.summary.value, (control.description, value)
        assert png(tool).startswith(PNG)
        seen.add(png(tool))
    assert len(seen) == len(steps) + 1


# --------------------------------------------------------------------------
# scenario_tool
# --------------------------------------------------------------------------

def formatted(metric: str, value: float, currency: str) -> str:
    """The scenario table's formatting, written out independently."""
    if metric in ("IRR", "ROI"):
        return "none" if math.isnan(value) else f"{value:.2%}"
    if "payback" in metric.lower():
        return f"{value:.2f} years" if math.isfinite(value) else "never"
    if metric == "Benefit-cost ratio":
        return f"{value:.2f}"
    return f"{value:,.0f} {currency}"


def scenario_header(page: str) -> list[str]:
    """The column headings of the scenario table (a pandas Styler table)."""
    return re.findall(r'<th[^>]*class="col_heading[^"]*"[^>]*>(.*?)</th>', page)


def scenario_rows(page: str) -> dict[str, list[str]]:
    """The scenario table's rows: heading -> the cells, as shown."""
    rows = re.findall(r'<th[^>]*class="row_heading[^"]*"[^>]*>(.*?)</th>'
                      r'((?:\s*<td[^>]*>.*?</td>)+)', page)
    return {name: re.findall(r"<td[^>]*>(.*?)</td>", cells) for name, cells in rows}


def test_scenario_table_lists_worst_likely_best():
    """Columns Worst, Likely, Best; every figure from bc.scenario_table, formatted."""
    tool = scenario_tool()
    for case_id in ["erp_replacement", *OTHER_CASES]:
        tool.pick.value = case_id
        check_scenario_table(tool.table.value + tool.note.value, bc.load_case(case_id))


def check_scenario_table(page, case):
    frame = bc.scenario_table(case)
    assert scenario_header(page) == ["Worst", "Likely", "Best"]
    rows = scenario_rows(page)
    # The figures say "years", and the currency is said once under the controls.
    shown = {m: m.replace(" (years)", "").replace("Total benefits (realised)",
                                                  "Benefits realised") for m in frame.index}
    assert list(rows) == [html.escape(shown[m]) for m in frame.index]
    assert f"Amounts in {case.currency}." in page
    for metric in frame.index:
        assert rows[html.escape(shown[metric])] == [
            formatted(metric, frame.loc[metric, s], case.currency).removesuffix(
                f" {case.currency}").replace("-", "\u2212")  # a real minus sign
            for s in ("worst", "likely", "best")], metric
    for name in ("worst", "best"):
        assert html.escape(case.scenarios[name].label) in page


def test_scenario_table_html_is_the_same_each_time():
    """The table's HTML is deterministic (strict nbval compares stored outputs)."""
    first = scenario_tool().table.value
    assert scenario_tool().table.value == first


def test_scenario_discount_toggle_redraws():
    """Toggling 'discounted' changes the chart; toggling back restores it."""
    tool = scenario_tool()
    assert tool.discounted.value is True
    table, first = tool.table.value, png(tool)
    tool.discounted.value = False
    assert png(tool) != first and png(tool).startswith(PNG)
    assert tool.table.value == table
    tool.discounted.value = True
    assert png(tool) == first


def test_scenario_case_change_redraws():
    """Another case gives another table and chart."""
    tool = scenario_tool()
    table, chart = tool.table.value, png(tool)
    tool.pick.value = OTHER_CASES[0]
    assert tool.table.value != table and png(tool) != chart


# --------------------------------------------------------------------------
# adoption_tool
# --------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", ["erp_replacement", "crm_rollout"])
def test_adoption_summary_follows_the_delay(case_id):
    """NPV, change against the plan and payback for every delay, from case.adjusted()."""
    case = bc.load_case(case_id)
    tool = adoption_tool(case_id)
    base = case.metrics()["npv"]
    charts = set()
    assert (tool.delay.min, tool.delay.max, tool.delay.value) == (0, 3, 0)
    for delay in (1, 2, 3, 0):
        tool.delay.value = delay
        figures = case.adjusted(adoption_delay=delay).metrics()
        text = tool.summary.value
        if delay:  # delay 0 has its own test
            unit = "year" if delay == 1 else "years"
            assert f"Adoption {delay} {unit} later" in text
            assert f"NPV {money(figures['npv'], case.currency)} " in text
            change = figures["npv"] - base
            assert f"({money(change, case.currency)} against the plan)" in text
        else:
            assert "Adoption as planned" in text
            assert f"NPV {money(figures['npv'], case.currency)}," in text
        assert f"payback {years(figures['payback'])}." in text
        charts.add(png(tool))
    assert len(charts) == 4


def test_adoption_no_delay_says_no_change():
    """With no delay there is nothing to compare: the summary gives the plan's NPV and
    payback and says neither "change" nor "against the plan" (nor a "-0")."""
    case = bc.load_case("erp_replacement")
    tool = adoption_tool()
    assert tool.delay.value == 0
    figures = case.metrics()
    text = tool.summary.value
    assert f"NPV {money(figures['npv'], case.currency)}," in text
    assert f"payback {years(figures['payback'])}." in text
    assert "as planned" in text
    assert "change" not in text.lower() and "against the plan" not in text
    assert "-0" not in text and "\u22120" not in text
    tool.delay.value = 2
    tool.delay.value = 0                             # back to the plan: the same words
    assert tool.summary.value == text


# --------------------------------------------------------------------------
# Every chart: a caption under it, with the numbers the summary gives
# --------------------------------------------------------------------------

def numbers_in(text: str) -> set[str]:
    """The numbers of a text as written (1,250.5 is one number), tags left out."""
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", html.unescape(re.sub(r"<[^>]+>", " ", text))))


SUMMARIES = {"Business-case calculator": "result", "Sensitivity: tornado chart": "summary",
             "Scenarios side by side": "table", "Benefit realisation: adoption delay": "summary"}
CHANGES = {"Business-case calculator": lambda tool: setattr(tool.rate, "value", 12.0),
           "Sensitivity: tornado chart": lambda tool: setattr(tool.swing, "value", 0.3),
           "Scenarios side by side": lambda tool: setattr(tool.pick, "value", OTHER_CASES[0]),
           "Benefit realisation: adoption delay": lambda tool: setattr(tool.delay, "value", 2)}


#: Tools whose summary and chart state the same quantities (so they must agree).
SAME_SUBJECT = {"Business-case calculator", "Scenarios side by side"}


@pytest.mark.parametrize("title", list(BUILDERS))
def test_every_chart_has_a_caption_with_a_number_of_the_summary(title):
    """A learner who cannot see a chart reads its text alternative under it; it states
    the chart's key numbers, and where the summary describes the same thing (the
    calculator's figures, the scenarios' NPVs) it shares a number with it, before and
    after a change."""
    tool = BUILDERS[title]()
    for step in range(2):
        chart = tool.chart
        assert chart.widget.children == (chart.image, chart.caption)
        assert chart.figure.alt and html.escape(chart.figure.alt) in chart.caption.value
        assert numbers_in(chart.caption.value), chart.caption.value
        summary = getattr(tool, SUMMARIES[title]).value
        common = numbers_in(summary) & numbers_in(chart.caption.value)
        if title in SAME_SUBJECT:
            assert common, (step, html.unescape(chart.caption.value),
                            html.unescape(re.sub(r"<[^>]+>", " ", summary))[:400])
        CHANGES[title](tool)


# --------------------------------------------------------------------------
# A trainer's own case, given by path (issue 11)
# --------------------------------------------------------------------------

TRAINER_NAME = "Our warehouse ERP (trainer's copy)"


@pytest.fixture
def own_case(tmp_path):
    """A trainer's copy of the course's ERP case, renamed and with year 0's
    implementation cost raised by 1,000,000, so a test can tell it was used."""
    import yaml

    from implcourse.content import datasets_dir

    data = yaml.safe_load((datasets_dir() / "business_cases" / "erp_replacement.yml")
                          .read_text(encoding="utf-8"))
    data["name"] = TRAINER_NAME
    data["costs"]["implementation"][0] += 1_000_000
    path = tmp_path / "my_case.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path, data


def _path_forms(path, monkeypatch):
    """The ways a trainer gives a file: a Path, an absolute string, './name'."""
    monkeypatch.chdir(path.parent)
    return [path, str(path), f"./{path.name}"]


def test_calculator_takes_a_trainers_file_by_path(own_case, monkeypatch):
    path, data = own_case
    year0_costs = sum(series[0] for series in data["costs"].values())
    for given in _path_forms(path, monkeypatch):
        tool = _calculator(given)
        label = dict((v, k) for k, v in tool.pick.options)[tool.pick.value]
        assert TRAINER_NAME in label and "my_case.yml" in label
        assert tool.costs[0].value == pytest.approx(year0_costs)
        # the course's cases are still on the menu beside it
        assert {"erp_replacement", ""} <= {v for _, v in tool.pick.options}
        tool.pick.value = "erp_replacement"
        assert tool.costs[0].value == pytest.approx(year0_costs - 1_000_000)


def test_tornado_scenario_and_adoption_take_a_trainers_file(own_case, monkeypatch):
    path, _ = own_case
    mine, course = bc.load_case(path), bc.load_case("erp_replacement")
    for given in _path_forms(path, monkeypatch):
        tornado = tornado_tool(given)
        assert TRAINER_NAME in dict((v, k) for k, v in tornado.pick.options)[tornado.pick.value]
        scenarios = _scenario_tool(given)
        assert TRAINER_NAME in dict((v, k) for k, v in scenarios.pick.options)[scenarios.pick.value]
        adoption = adoption_tool(given)
        npv = bc.format_metric("npv", mine.metrics()["npv"], mine.currency)
        assert npv in adoption.summary.value
    # the course case gives other figures: the trainer's file was the one used
    assert tornado_tool().summary.value != tornado.summary.value
    assert _scenario_tool().table.value != scenarios.table.value
    assert bc.format_metric("npv", course.metrics()["npv"], "EUR") not in adoption.summary.value


def test_tools_take_a_loaded_case_and_refuse_what_is_not_a_case(own_case):
    path, _ = own_case
    loaded = bc.load_case(path)
    tool = tornado_tool(loaded)
    assert "(your case)" in dict((v, k) for k, v in tool.pick.options)[tool.pick.value]
    with pytest.raises(TypeError, match="case"):
        tornado_tool(42)
    with pytest.raises(ValueError, match="no_such_case"):
        _calculator("no_such_case")


def test_a_file_in_the_working_folder_never_replaces_a_course_case(own_case, monkeypatch):
    """A bare id is always the course's case, even beside a file of that name."""
    path, _ = own_case
    monkeypatch.chdir(path.parent)
    path.rename(path.parent / "erp_replacement.yml")
    tool = _calculator("erp_replacement")
    assert TRAINER_NAME not in str(tool.pick.options)
    assert tool.pick.value == "erp_replacement"


def test_calculator_refuses_rates_that_are_not_numbers_and_recovers():
    tool = _calculator()
    good = tool.result.value
    for box in (tool.rate, tool.hurdle):
        start = box.value
        for bad in (math.nan, math.inf, -math.inf):
            box.value = bad
            assert "must be a number" in tool.message.value
            assert tool.result.value == good  # the last good figures stay
        box.value = start
        assert tool.message.value == "" and tool.result.value == good
