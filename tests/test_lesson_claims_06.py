"""What lesson 06 (measuring success) claims, checked against the package.

Each test holds one statement of the notebook's prose or trainer notes: the
numbers are computed by ``implcourse`` here, never typed in. Where a review
corrected a statement (the budget-variance sign, 1 / 0.85, survivorship by
measure, Spearman for a heavy tail; then the EAC-settling month, the tab names
the Try-its send learners to, the 99.84 % allowance, who owns post-project
benefits reviews, earned schedule in the PMBOK Guide), a test reads the
notebook and fails if the old, wrong wording comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import business_case as bc
from implcourse import course, tables
from implcourse import portfolio as pf
from implcourse.metrics import benefits as ben
from implcourse.metrics import dashboard as dash
from implcourse.metrics import earned_value as ev
from implcourse.metrics import kpis, smart
from implcourse.metrics import schedule_performance as sp
from helpers import lesson_sections as _sections, trainer_minutes

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_measuring_success.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def history():
    return ev.load_history()


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _trainer_note(nb, section: int) -> str:
    notes = [c.source for c in _sections(nb)[section] if "trainer" in c.metadata.get("tags", [])]
    assert len(notes) == 1, f"section {section} should have exactly one trainer note"
    return notes[0]


def _money(value: float, currency: str = "EUR") -> str:
    return tables.format_value(float(value), decimals=0, unit=currency)


def _num(value: float, decimals: int = 2) -> str:
    return tables.format_value(float(value), decimals=decimals)


# --------------------------------------------------------------------------
# The template: timings, exercises in order, one per section
# --------------------------------------------------------------------------

def test_trainer_timings_add_up_to_the_course_minutes(nb):
    lesson = course.get_lesson("06")
    assert trainer_minutes(nb) == (lesson.teaching_minutes, lesson.exercise_minutes)


def test_each_of_the_eight_sections_ends_with_its_own_exercise(nb):
    sections = _sections(nb)
    assert sorted(sections) == list(range(1, 9))
    for number, cells in sections.items():
        headings = [c.source.splitlines()[0] for c in cells if c.cell_type == "markdown"
                    and c.source.startswith("### Exercise")]
        assert headings == [headings[0]] and headings[0].startswith(f"### Exercise {number}:")


# --------------------------------------------------------------------------
# Section 1: SMART (a course model) and the project KPIs
# --------------------------------------------------------------------------

def test_the_vague_kpi_fails_four_criteria_and_the_rewrite_passes_all(nb):
    vague = smart.smart_check(smart.get_definition("adoption_vague"))
    assert [c.label for c in vague if c.passed] == ["Relevant"]
    assert smart.is_smart(smart.get_definition("adoption"))
    assert "fails it on four criteria (only *relevant* passes" in _trainer_note(nb, 1)


def test_section_1_try_it_key(nb):
    """The SMART Try it: which criteria the two drafts fail, why *achievable* fails in
    each, and the most ambitious churn target the course's 50 % rule accepts."""
    note = _trainer_note(nb, 1)
    uptime, satisfaction = (smart.get_definition(k) for k in ("uptime_vague", "satisfaction_vague"))
    assert uptime.owner and uptime.baseline is None and uptime.target is None
    assert satisfaction.owner is None
    assert "*achievable* fails in the first for want of a baseline and a target" in note
    assert "in the second for want of an owner" in note
    assert "both fail *achievable* because neither names an owner" not in note
    churn = smart.get_definition("retention_vague")
    floor = churn.baseline * (1 - smart.ACHIEVABLE_LIMIT)
    assert smart.is_smart(churn.model_copy(update={"target": floor}))
    assert not smart.is_smart(churn.model_copy(update={"target": floor - 0.1}))
    assert smart.is_smart(churn.model_copy(update={"evidence": "a pilot"}))
    assert f"a target of {floor:g} % " in note
    assert "### Try it" in "\n".join(c.source for c in _sections(nb)[1] if c.cell_type == "markdown")


def test_the_churn_kpi_fails_only_achievable_by_the_course_rule(nb):
    failed = [c.label for c in smart.smart_check(smart.get_definition("retention_vague"))
              if not c.passed]
    assert failed == ["Achievable"]
    d = smart.get_definition("retention_vague")
    assert abs(d.target - d.baseline) / d.baseline == 0.75 > 0.5   # "a change of 75 %"
    text = _markdown(nb)
    assert "**course model**" in text and "the course's own convention, not a standard" in text


def test_on_time_delivery_and_budget_variance_in_the_note(nb):
    ctx = dash.load_context()
    due, met = kpis.milestone_counts(dash.load_story_table("milestones"), ctx.status_date)
    note = _trainer_note(nb, 1)
    assert f"{met} of {due} milestones due" in note
    assert f"({_num(kpis.on_time_delivery(due, met), 1)} %)" in note


def test_budget_variance_has_the_opposite_sign_to_cv(nb):
    """An overspend is positive as a budget variance and negative as CV."""
    spend = dash.load_story_table("project_costs")["actual"].sum()
    variance = kpis.budget_variance(dash.project_budget(), spend, "GBP")
    assert variance.amount > 0 and "over budget" in variance.words
    overrun = ev.evm(bac=100, pv=50, ev=50, ac=60)
    assert overrun.cv < 0
    assert "**opposite sign**" in _markdown(nb)


# --------------------------------------------------------------------------
# Section 2: service and user KPIs
# --------------------------------------------------------------------------

def test_what_99_9_percent_allows():
    assert kpis.allowed_downtime(99.9, "month") == pytest.approx(30 * 24 * 60 * 0.001)
    assert kpis.allowed_downtime(99.9, "average_month") == pytest.approx(365 / 12 * 24 * 60 * 0.001)
    assert kpis.allowed_downtime(99.9, "year") / 60 == pytest.approx(8.76)


def test_june_missed_three_nines(nb):
    ctx = dash.load_context()
    june = kpis.availability(dash.load_story_table("outages"), ctx.service_window.start,
                             ctx.service_window.end)
    assert june.downtime_minutes > kpis.allowed_downtime(99.9, "month")
    assert june.percent < 99.9
    assert "missed three nines" in _trainer_note(nb, 2)


def test_nps_from_raw_scores_is_promoters_minus_detractors():
    answers = dash.load_story_table("survey")["nps"].to_numpy()
    independent = (np.mean(answers >= 9) - np.mean(answers <= 6)) * 100
    assert kpis.nps(answers) == pytest.approx(independent)
    assert kpis.nps(answers) != pytest.approx(answers.mean())


def test_nps_try_it_key():
    """Both answer sets of the key give NPS 0, with means 5 and 8."""
    low, high = [10] * 5 + [0] * 5, [10] * 5 + [6] * 5
    assert kpis.nps(low) == kpis.nps(high) == 0
    assert np.mean(low) == 5 and np.mean(high) == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=40))
def test_an_nps_of_zero_never_has_a_mean_above_8(scores):
    """Why the key asks for a mean of 8, not above: with as many promoters as
    detractors the best mean is 8."""
    if kpis.nps(scores) == 0:
        assert np.mean(scores) <= 8 + 1e-12


def test_adoption_try_it_key(nb):
    assert kpis.adoption_rate(128, 150) >= 85 > kpis.adoption_rate(127, 150)
    assert "128 of 150" in _trainer_note(nb, 2)


def test_mttr_caveat_is_stated(nb):
    assert "timed from when each incident was **logged**" in _markdown(nb)


# --------------------------------------------------------------------------
# Sections 3 and 4: earned value and the forecasts
# --------------------------------------------------------------------------

def test_month_6_figures_in_the_note(nb, history):
    s = ev.status_at(history, 6)
    note = _trainer_note(nb, 3)
    for text in (_money(s.cv), _money(s.sv), f"CPI {_num(s.cpi)}", f"SPI {_num(s.spi)}"):
        assert text in note, text
    assert s.cv < 0 and s.sv < 0


def test_pv_in_place_of_ev_turns_the_verdict_round(history):
    s = ev.status_at(history, 6)
    slip = ev.evm(s.bac, s.pv, s.pv, s.ac)
    assert slip.cpi > 1 > s.cpi


def test_cpi_085_is_an_overrun_of_about_18_not_15_percent(nb):
    example = ev.evm(bac=1_000_000, pv=500_000, ev=425_000, ac=500_000)
    assert example.cpi == pytest.approx(0.85)
    assert -example.vac / example.bac == pytest.approx(1 / 0.85 - 1)
    assert round(-example.vac / example.bac * 100) == 18
    assert "about 18 %" in _markdown(nb)
    assert "0.85 does not mean a 15 % overrun" in _markdown(nb)
    assert not re.search(r"0\.85 (means|gives|implies)[^.]{0,40}\b15 %", _markdown(nb))


@settings(max_examples=80, deadline=None)
@given(st.floats(1_000, 1e7), st.floats(0.05, 0.95), st.floats(0.3, 2.0), st.floats(0.3, 2.0))
def test_tcpi_against_the_typical_eac_is_the_cpi(bac, done, cpi, spi):
    """Exam trap (2): (BAC - EV) / (BAC / CPI - AC) = CPI, because AC x CPI = EV."""
    earned = bac * done
    s = ev.evm(bac, min(bac, earned / spi), earned, earned / cpi)
    assert s.tcpi_for(s.eac) == pytest.approx(s.cpi, rel=1e-9)


def test_month_6_forecasts_and_their_order(nb, history):
    s = ev.status_at(history, 6)
    assert s.eac_atypical < s.eac < s.eac_cpi_spi   # "why is its EAC the lowest"
    note = _trainer_note(nb, 4)
    for value in (s.eac, s.eac_atypical, s.eac_cpi_spi, s.etc, s.vac):
        assert _money(value) in note
    assert f"TCPI against BAC {_num(s.tcpi)}" in note
    assert s.tcpi > 1.5


def test_the_cpi_stays_in_a_narrow_band(nb, history):
    cpis = [ev.status_at(history, p).cpi for p in range(1, 12)]
    assert max(cpis) - min(cpis) < 0.05
    note = _trainer_note(nb, 4)
    assert f"between {_num(min(cpis))} and {_num(max(cpis))}" in note


def test_no_tcpi_against_bac_once_ac_passes_bac(nb, history):
    first = min(p for p in range(1, 12) if ev.status_at(history, p).tcpi is None)
    assert history["ac"].iloc[first - 1] > history.attrs["bac"]
    assert history["ac"].iloc[first - 2] <= history.attrs["bac"]
    assert f"from month {first}, when AC passes BAC" in _trainer_note(nb, 4)


def test_typical_eac_settles_within_1_percent_of_the_final_cost(nb, history):
    """The Try it moves the date from month 3: the key is the month from which the
    typical EAC stays within 1 % of the final cost (the old key said month 1, a chance
    hit before the question's range, after which the EAC left the band again)."""
    final = history["ac"].iloc[-1]
    within = {p: abs(ev.status_at(history, p).eac - final) <= 0.01 * final for p in range(1, 12)}
    settles = min(p for p in range(3, 12) if all(within[q] for q in range(p, 12)))
    assert within[1] and not within[3]
    note = _trainer_note(nb, 4)
    assert f"within 1 % of the final {_money(final)} in month {settles} and stays there" in note
    assert f"of the final {_money(final)} in month 1;" not in note
    try_it = next(c.source for c in _sections(nb)[4] if c.source.startswith("### Try it"))
    assert "From which month does the typical EAC stay within 1 %" in try_it


def test_exam_traps_of_the_forecasts(nb):
    """TCPI above 1 is harder, BAC / SPI is not an EAC, and the forecasts use cumulative
    indices: the traps candidates need, stated in the lesson."""
    text = _markdown(nb)
    assert "a TCPI **above 1** means the remaining work must be done *more* efficiently" in text
    assert "BAC ÷ SPI is not an EAC" in text
    assert "use the **cumulative** CPI and SPI" in text
    s = ev.status_at(ev.load_history(), 6)                # the lesson's month 6
    assert s.tcpi > 1 and s.cpi < 1                       # behind on cost: the rest must do better
    assert not any("SPI" in formula and "CPI" not in formula
                   for _, formula, _ in ev.EAC_METHODS.values())   # no EAC divides by SPI alone
    late = ev.evm(bac=1_000, pv=500, ev=400, ac=420)      # on cost, behind schedule
    for eac in (late.eac, late.eac_atypical, late.eac_cpi_spi):
        assert abs(late.bac / late.spi - eac) > 0.01 * eac


def test_the_exam_and_its_editions_are_current(nb):
    """The lesson names the outline for exams taken from 9 July 2026 with its weights,
    and says how the PMBOK Guide editions it cites differ."""
    text = _markdown(nb)
    assert "exams taken from 9 July 2026: People 33 %, Process 41 %, Business Environment 26 %" in text
    assert "8th edition (2025)" in text and "*Finance*" in text
    assert "The exam is built from the outline, not from one book" in text


# --------------------------------------------------------------------------
# Section 5: SPI drifts back to 1.0, SPI(t) does not
# --------------------------------------------------------------------------

def test_try_it_tabs_named_in_the_lesson_exist():
    """The Try-its send learners to tabs by name: each name must be a tab of the tool
    (the lesson once sent them to an "SPI drift" tab the tool does not have)."""
    from implcourse.widgets.earned_value import s_curve_tool
    from implcourse.widgets.portfolio import portfolio_explorer

    nb = nbformat.read(NOTEBOOK, as_version=4)
    curve, explorer = s_curve_tool(period=8), portfolio_explorer()
    named = {5: (curve.views.titles, ["SPI vs SPI(t)"]),
             8: (explorer.tabs.titles, ["Overruns", "Correlation or cause?",
                                        "Reference-class forecast"])}
    for section, (titles, names) in named.items():
        try_it = next(c.source for c in _sections(nb)[section] if "### Try it" in c.source)
        for name in names:
            assert name in titles and f"**{name}** tab" in try_it, name
    assert "**SPI drift** tab" not in _markdown(nb)


def test_earned_schedule_in_the_pmbok_guide_is_stated_precisely(nb):
    note = _trainer_note(nb, 5)
    assert "the PMBOK Guide does not require earned schedule" not in note
    assert "emerging practices of cost management (with SV = ES − AT)" in note


def test_spi_drifts_back_to_one_while_spi_t_keeps_the_delay(nb, history):
    drift = sp.schedule_drift(history)
    last = drift.iloc[-1]
    assert last["SPI"] == 1.0 and last["SV"] == 0
    assert last["SPI(t)"] < 0.8 and last["SV(t)"] == -3
    note = _trainer_note(nb, 5)
    assert f"SPI(t) is {_num(last['SPI(t)'])}" in note and "SV(t) = −3 months" in note


def test_earned_schedule_at_month_6(nb, history):
    s = ev.status_at(history, 6)
    es = sp.earned_schedule(history["pv"], s.ev, 6)
    assert es.ieac_t == pytest.approx(ev.eac_projection(history, 6).finish)
    assert f"ES {_num(es.es)} months, SPI(t) {_num(es.spi_t)}" in _trainer_note(nb, 5)


# --------------------------------------------------------------------------
# Section 6: the dashboard, either way, watermelons
# --------------------------------------------------------------------------

def _loose_thresholds(nb) -> dict:
    source = "\n".join(c.source for c in _sections(nb)[6] if c.cell_type == "code")
    block = re.search(r"^loose = (\{.*?\})\n", source, re.S | re.M).group(1)
    return eval(block)  # noqa: S307 (a literal dict from the committed notebook)


def test_loosened_thresholds_make_every_kpi_green(nb):
    default = dash.kpi_dashboard()
    assert set(default["status"]) != {"green"}
    assert set(dash.kpi_dashboard(thresholds=_loose_thresholds(nb))["status"]) == {"green"}


def test_an_underspend_is_judged_either_way():
    assert dash.rag(-7, 5, 10, higher_is_better=False, either_way=True) == "amber"
    assert dash.rag(-7, 5, 10, higher_is_better=False) == "green"
    assert dash.load_thresholds()["budget_variance"].either_way


def test_dashboard_try_it_key(nb):
    values = dash.dashboard_values()
    t = dash.load_thresholds()
    assert dash.rag(values["availability"], round(values["availability"], 2), t["availability"].amber) \
        == "green"
    # The key answers the question asked: the allowance of the threshold that turns June
    # green (99.84 %), not of a 99.8 % target nobody set.
    allowed = kpis.allowed_downtime(round(values["availability"], 2), "month")
    assert f"allows {_num(allowed, 1)} minutes a month" in _trainer_note(nb, 6)
    assert "a 99.8 % target allows" not in _trainer_note(nb, 6)
    assert dash.rag(values["mttr"], 30, t["mttr"].amber, higher_is_better=False) == "green"
    assert dash.rag(values["mttr"], t["mttr"].green, t["mttr"].amber, higher_is_better=False) \
        == "amber"
    note = _trainer_note(nb, 6)
    board = dash.kpi_dashboard().set_index("kpi")
    for kpi in board.index:
        assert board.loc[kpi, "status"] in note


# --------------------------------------------------------------------------
# Section 7: the register is lesson 05's case; the PIR
# --------------------------------------------------------------------------

def test_register_plans_are_the_business_case_benefits():
    register = ben.load_benefits_register()
    crm = bc.load_case("crm_rollout")
    planned = register.groupby("year")["planned"].sum().to_numpy()
    assert planned == pytest.approx(crm.benefit_totals())


def test_realisation_statuses_in_the_note(nb):
    real = ben.realisation(ben.load_benefits_register()).set_index("benefit")
    assert real.loc["customer_retention", "status"] == "red"
    assert real.loc["legacy_tools_avoided", "position"] == "ahead of plan"
    note = _trainer_note(nb, 7)
    for benefit in real.index:
        assert f"{_num(real.loc[benefit, 'percent'], 1)} %" in note
    q1 = ben.realisation(ben.load_benefits_register(), "2026-Q1").set_index("benefit")
    assert q1.loc["campaign_efficiency", "status"] == "amber"
    assert real.loc["campaign_efficiency", "status"] == "green"


def test_post_project_benefits_reviews_belong_to_the_business(nb):
    """PRINCE2: the project board is gone after closure; post-project reviews are
    corporate or programme management's, planned and committed to by the Executive
    before closing. The key point no longer says, flatly, that the sponsor accepts
    the PIR."""
    text = "\n".join(c.source for c in _sections(nb)[7] if c.cell_type == "markdown")
    assert "PRINCE2 gives post-project reviews to corporate, programme management or the customer" in text
    key_points = next(c.source for c in nb.cells if c.source.startswith("## Key points"))
    assert "is accepted by the sponsor." not in key_points
    assert "after closure, benefits reviews belong to the business" in key_points


def test_the_pir_comes_after_hypercare_and_the_sponsor_accepts_it():
    pir = ben.post_implementation_review()
    when = {t.event: t.when for t in pir.timing}
    assert when["Post-implementation review"] > when["Hypercare ends"]
    assert pir.sign_off[0].role.startswith("Sponsor")
    assert "Accepts" in pir.sign_off[0].does


# --------------------------------------------------------------------------
# Section 8: portfolio analytics on synthetic data
# --------------------------------------------------------------------------

def test_the_portfolio_is_labelled_synthetic_and_a_model(nb):
    text = "\n".join(c.source for c in _sections(nb)[8] if c.cell_type == "markdown")
    assert "**synthetic**" in text and "**teaching model**" in text
    assert pf.load_projects()["synthetic"].all()


def test_survivorship_differs_by_measure(nb):
    cost = pf.survivorship(pf.load_projects())["mean"]
    schedule = pf.survivorship(pf.load_projects(), measure="schedule")["mean"]
    assert cost.iloc[1] < cost.iloc[0]           # the archive looks better on cost
    assert schedule.iloc[1] > schedule.iloc[0]   # but not on schedule, here
    assert "For schedule, in this portfolio, it does not" in _markdown(nb)
    assert not re.search(r"archive always looks better", _markdown(nb))


def test_the_confounder_gap_shrinks_within_bands(nb):
    split = pf.stratified(pf.load_projects(), "methodology", "budget", "cost_overrun_pct")
    assert split.within_gap < split.pooled_gap / 3
    note = _trainer_note(nb, 8)
    assert f"pooled gap {_num(split.pooled_gap, 1)} points, within bands {_num(split.within_gap, 1)}" \
        in note
    effects = pf.assumptions().set_index("driver").loc["methodology"]
    assert str(effects["size"]) == "0"


def test_scope_changes_need_spearman_not_pearson(nb):
    row = pf.factor_effects(pf.load_projects(), "cost_overrun_pct", "scope_changes").iloc[0]
    assert abs(row["pearson_r"]) < 0.05 < 0.2 < row["spearman_rho"]
    assert "rank (Spearman) correlation" in _markdown(nb)


def test_portfolio_try_it_key(nb):
    df = pf.load_projects()
    by_type = pf.overrun_summary(df, "type")
    note = _trainer_note(nb, 8)
    assert f"highest P80: {by_type['p80'].idxmax()} ({_num(by_type['p80'].max(), 1)} %" in note
    assert f"highest mean: {by_type['mean'].idxmax()} ({_num(by_type['mean'].max(), 1)} %)" in note
    assert by_type["p80"].idxmin() == by_type["mean"].idxmin()
    from implcourse.widgets.portfolio import portfolio_explorer   # the tool shows what is asked
    explorer = portfolio_explorer()
    explorer.group_by.value = "type"
    assert "P80 (%)" in explorer.overrun_table.value and "Mean (%)" in explorer.overrun_table.value
    schedule = pf.stratified(df, "methodology", "budget", "schedule_overrun_pct")
    assert schedule.within_gap < schedule.pooled_gap / 2
    p90 = pf.reference_class_forecast(df, 2_000_000, peers={"type": "ERP"}, percentile=90)
    assert _money(p90.forecast_budget) in note


def test_reference_class_forecast_is_the_peer_percentile_uplift(nb):
    df = pf.load_projects()
    forecast = pf.reference_class_forecast(df, 2_000_000, peers={"type": "ERP"})
    done = pf.overruns(df[(df["type"] == "ERP") & (df["outcome"] != "cancelled")])
    independent = np.percentile(done["cost_overrun_pct"], 80)
    assert forecast.uplift_pct == pytest.approx(independent)
    assert forecast.forecast_budget == pytest.approx(2_000_000 * (1 + independent / 100))
    assert _money(forecast.forecast_budget) in _trainer_note(nb, 8)
