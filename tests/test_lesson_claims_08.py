"""What lesson 08 (choosing and working with an implementation partner) claims,
checked against the package.

Each test holds one statement of the notebook's prose or trainer notes: the
numbers are computed by ``implcourse`` here, never typed in. Published worked
examples are cited in the tests that use them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import course, partners, tables
from implcourse.exercises import contracts as ex_co
from implcourse.exercises import partners as ex_pa
from implcourse.partners import contracts, profiles, scoring, selection, working
from implcourse.scoring import weighted_sum
from helpers import lesson_sections as _sections, trainer_minutes

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "08_implementation_partners.ipynb"
FPIF = dict(target_cost=100_000, target_fee=10_000, ceiling_price=120_000, buyer_share=0.8)


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _code(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _trainer_note(nb, section: int) -> str:
    notes = [c.source for c in _sections(nb)[section] if "trainer" in c.metadata.get("tags", [])]
    assert len(notes) == 1, f"section {section} should have exactly one trainer note"
    return notes[0]


def _money(value: float) -> str:
    return tables.format_value(float(value), decimals=0, unit="EUR")


def _num(value: float, decimals: int = 2) -> str:
    return tables.format_value(float(value), decimals=decimals)


# --------------------------------------------------------------------------
# The template: timings, exercises, one or more per section
# --------------------------------------------------------------------------

def test_trainer_timings_add_up_to_the_course_minutes(nb):
    lesson = course.get_lesson("08")
    assert trainer_minutes(nb) == (lesson.teaching_minutes, lesson.exercise_minutes) == (60, 45)


def test_every_section_ends_with_its_exercises_and_every_exercise_class_is_used(nb):
    """Sections 1-5 hold exercises 1, 2, 3, (4 and 5), 6; every lesson-08 exercise
    class of the package appears, each built from the learner's seed."""
    sections = _sections(nb)
    assert sorted(sections) == [1, 2, 3, 4, 5]
    numbers = {s: [int(m) for c in cells if c.cell_type == "markdown"
                   for m in re.findall(r"^### Exercise (\d+):", c.source, re.M)]
               for s, cells in sections.items()}
    assert numbers == {1: [1], 2: [2], 3: [3], 4: [4, 5], 5: [6]}
    code = _code(nb)
    for module, alias in ((ex_pa, "ex_pa"), (ex_co, "ex_co")):
        for name in module.__all__:
            assert re.search(rf"ex\d = {alias}\.{name}\(seed=SEED\)", code), name


def test_the_exam_outline_is_dated_and_weighted_as_pmi_publishes_it(nb):
    text = _markdown(nb)
    assert "in force since" not in text
    assert "For exams taken from 9 July 2026" in text
    assert "People 33 %, Process 41 %, Business Environment 26 %" in text


def test_each_section_has_a_try_it_with_its_tool(nb):
    tools = {1: "comparison_tool()", 2: "scoring_tool()", 4: "incentive_tool()", 5: "kt_tool()",
             3: "selection.due_diligence_status("}
    for number, call in tools.items():
        cells = _sections(nb)[number]
        assert any(c.cell_type == "markdown" and c.source.startswith("### Try it") for c in cells)
        assert any(c.cell_type == "code" and call in c.source for c in cells), number


# --------------------------------------------------------------------------
# Section 1: partner types (a teaching model)
# --------------------------------------------------------------------------

def test_ratings_are_called_a_teaching_model_and_five_is_best(nb):
    text = _markdown(nb)
    assert "the course's reading of the source's matrix, a teaching model" in text
    assert "on cost structure 5 means the lowest cost" in text
    ratings = profiles.ratings_matrix()
    assert ratings["cost_structure"].idxmax() == "offshore_nearshore_partner"
    assert ratings["cost_structure"].idxmin() == "large_system_integrator"


def test_section_1_try_it_key(nb):
    note = _trainer_note(nb, 1)
    ratings = profiles.ratings_matrix()
    risk = ratings["risk_profile"]
    low = profiles.get_partner_type(risk.idxmin())
    assert (risk == risk.min()).sum() == 1
    assert f"{low.name} rates lowest on risk profile ({int(risk.min())} of 5" in note
    assert low.text("risk_profile") in note
    ic = ratings.loc["independent_consultant"]
    best = [profiles.get_aspect(a).name.lower() for a in ic.index if ic[a] == ic.max()]
    assert f"rates highest on {' and '.join(best)} ({int(ic.max())} of 5)" in note
    no = int((profiles.when_to_use()["Use a partner?"] == "No").sum())
    assert f"(3) {no} situations say no" in note


def test_the_independent_consultant_never_wins_a_clear_fit_situation(nb):
    assert "independent_consultant" not in ex_pa._fit_cases()
    assert "Independent consultant never wins such a situation" in _trainer_note(nb, 1)


# --------------------------------------------------------------------------
# Section 2: weighted scoring and sensitivity
# --------------------------------------------------------------------------

def test_the_erp_case_is_a_near_tie_broken_by_a_small_cut_in_cost_weight(nb):
    weights = scoring.preset_weights("erp_case")
    result = scoring.score_partners(weights)
    sens = scoring.weight_sensitivity(weights)
    row = sens.loc["Cost structure"]
    moves = sens[["Raise by (points)", "Lower by (points)"]].min(axis=1)
    assert moves.idxmin() == "Cost structure" and not math.isnan(row["Lower to (%)"])
    assert row["New winner (down)"] == profiles.get_partner_type(result.order[1]).name
    text = _markdown(nb)
    assert (f"the winner leads by {_num(result.margin)} points out of 5, and lowering the share "
            f"of cost structure from {_num(row['Share now (%)'], 1)} % to "
            f"{_num(row['Lower to (%)'], 1)} % is enough to put {row['New winner (down)']} "
            "first") in text
    assert "**tie for practical purposes**" in text


def test_section_2_try_it_key(nb):
    note = _trainer_note(nb, 2)
    erp = scoring.preset_weights("erp_case")
    r = scoring.score_partners(erp)
    over = scoring.score_partners(erp, {"large_system_integrator": {"cost_structure": 2}})
    tight = scoring.score_partners(scoring.preset_weights("tight_budget"))
    innov = scoring.score_partners(scoring.preset_weights("innovation_first"))
    assert f"(1) {r.winner_name} by {_num(r.margin)}" in note
    assert f"(3) {over.winner_name} now wins, {_num(over.margin)} ahead" in note
    assert f"makes {tight.winner_name} win clearly (by {_num(tight.margin)})" in note
    assert f"makes {innov.winner_name} win, but only by {_num(innov.margin)}" in note
    equal = scoring.score_partners()
    assert f"With equal weights {equal.winner_name} wins ({_num(equal.scores[equal.winner])})" \
        in note


def test_only_the_ratios_of_the_weights_matter():
    """The prose: weights 2, 1, 1 and 20, 10, 10 give the same ranking."""
    a = {"cost_structure": 2, "risk_profile": 1, "scope_of_services": 1}
    b = {k: 10 * v for k, v in a.items()}
    zero = {k: 0 for k in profiles.aspect_ids()}
    ra, rb = scoring.score_partners({**zero, **a}), scoring.score_partners({**zero, **b})
    assert ra.order == rb.order
    assert all(math.isclose(ra.scores[p], rb.scores[p]) for p in ra.scores)


def test_weighted_sum_reproduces_the_published_example():
    """Wikipedia, "Weighted sum model" (weights 0.20/0.15/0.40/0.25; A1 21.50, A2 22.00,
    A3 22.00 computed from the ratings shown there). The lesson says the partner model is
    this weighted-sum method."""
    import pandas as pd

    ratings = pd.DataFrame({"c1": [25, 10, 30], "c2": [20, 30, 10], "c3": [15, 20, 30],
                            "c4": [30, 30, 10]}, index=["A1", "A2", "A3"])
    table = weighted_sum(ratings, {"c1": 0.20, "c2": 0.15, "c3": 0.40, "c4": 0.25})
    assert table["Weighted score"].round(2).to_dict() == {"A1": 21.5, "A2": 22.0, "A3": 22.0}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10), min_size=6, max_size=6)
       .filter(lambda w: sum(w) > 0))
def test_scores_are_share_times_rating_summed(weights):
    """S_p = sum of share x rating, checked against an independent computation."""
    w = dict(zip(profiles.aspect_ids(), weights))
    result = scoring.score_partners(w)
    ratings = profiles.ratings_matrix()
    total = sum(weights)
    for p in profiles.partner_ids():
        expected = sum(w[a] / total * ratings.loc[p, a] for a in w)
        assert math.isclose(result.scores[p], expected, abs_tol=1e-9)


# --------------------------------------------------------------------------
# Section 3: selection
# --------------------------------------------------------------------------

def test_the_checklist_counts_in_the_prose(nb):
    table = selection.due_diligence_checklist()
    n, blocking = len(table), int((table["Blocking"] == "Yes").sum())
    assert f"The course's checklist has {n} items; {blocking} are **blocking**" in _markdown(nb)


def test_section_3_try_it_key(nb):
    note = _trainer_note(nb, 3)
    status = selection.due_diligence_status(["references", "financial_stability", "security",
                                             "data_protection"])
    open_items = list(status.loc[status["Blocking"] == "Yes", "Item"])
    assert f"{len(open_items)} blocking items remain open: {'; '.join(open_items)}" in note
    result = scoring.score_partners(scoring.preset_weights("erp_case"))
    assert result.winner != "large_system_integrator"          # so reasons are demanded
    with pytest.raises(ValueError, match="give the reasons for choosing Large system integrator"):
        selection.decision_record(result, decision="large_system_integrator")
    text = selection.decision_record(result, decision="large_system_integrator",
                                     reasons="Stronger references.")
    assert "Stronger references." in text.split("## Reasons")[1]


def test_the_try_it_cells_run_as_committed(nb):
    """The Try it starts from two items done, which leaves the signature blocked."""
    status = selection.due_diligence_status(["references", "financial_stability"])
    assert not status.attrs["ready"]
    assert 'done = ["references", "financial_stability"]' in _code(nb)


# --------------------------------------------------------------------------
# Section 4: contracts
# --------------------------------------------------------------------------

def test_conventions_are_stated_as_the_package_applies_them(nb):
    text = _markdown(nb)
    assert "**0.8 for 80/20, 0.7 for 70/30**" in text
    assert "PTA = (ceiling price − target price) ÷ buyer's share + target cost**" in text
    assert "Some exam books instead quote the formula fee" in text
    r = partners.fixed_price_incentive(actual_cost=130_000, **FPIF)
    assert r.capped and r.price == FPIF["ceiling_price"]
    assert r.fee == FPIF["ceiling_price"] - 130_000 and r.formula_fee > 0


def test_fpif_figures_in_the_prose_and_note(nb):
    results = {c: partners.fixed_price_incentive(actual_cost=c, **FPIF)
               for c in (90_000, 115_000, 130_000)}
    text, note = _markdown(nb), _trainer_note(nb, 4)
    r = results[115_000]
    assert r.capped and r.fee > 0                                    # capped but still a profit
    assert (f"At an actual cost of 115,000 EUR the formula fee is {_money(r.formula_fee)}, but "
            f"the formula price would pass the ceiling, so the buyer pays {_money(r.price)} and "
            f"the seller keeps {_money(r.fee)}") in text
    pta = partners.point_of_total_assumption(100_000, 110_000, 120_000, 0.8)
    assert f"The PTA here is {_money(pta)}" in text and f"PTA {_money(pta)}" in note
    assert (f"at 90,000 the seller keeps {_money(results[90_000].fee)} and the buyer pays "
            f"{_money(results[90_000].price)}") in note
    assert (f"the formula fee is {_money(results[130_000].formula_fee)} but the buyer pays the "
            f"ceiling and the seller's result is {_money(results[130_000].fee)}, a loss") in note


def test_pta_of_a_published_exam_question(nb):
    """O. Lehmann's free PMP sample question 16 (target cost 1,000,000, fee 100,000, 80/20,
    ceiling 1,200,000): PTA 1,125,000, as discussed on the PM PrepCast forum,
    https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/10434-point-of-total-assumption-pta"""
    pta = partners.point_of_total_assumption(1_000_000, 1_100_000, 1_200_000, 0.8)
    assert pta == 1_125_000
    assert f"The same formula gives {_money(pta)} for a published exam question" in _markdown(nb)


def test_cpif_of_the_published_example(nb):
    """Wikipedia, "Cost-plus-incentive fee": target cost 1,000, fee 100, 80/20: an overrun to
    1,100 costs the buyer 1,180; an underrun to 900 costs 1,020."""
    over = partners.cost_plus_incentive(1000, 100, 0.8, 1100)
    under = partners.cost_plus_incentive(1000, 100, 0.8, 900)
    assert (over.price, under.price) == (1180, 1020)
    assert f"{_num(over.price, 0)} at a cost of 1,100, {_num(under.price, 0)} at 900" in \
        _trainer_note(nb, 4)


def test_section_4_try_it_key(nb):
    note = _trainer_note(nb, 4)
    pta = partners.point_of_total_assumption(100_000, 110_000, 120_000, 0.8)
    at_pta = partners.fixed_price_incentive(actual_cost=pta, **FPIF)
    at_ceiling = partners.fixed_price_incentive(actual_cost=120_000, **FPIF)
    assert at_ceiling.fee == 0 and at_pta.fee > 0                    # break-even is at the ceiling
    assert f"at the PTA the seller keeps {_money(at_pta.fee)}" in note
    pta70 = partners.point_of_total_assumption(100_000, 110_000, 120_000, 0.7)
    assert pta70 > pta and f"at 70/30 the PTA moves to {_money(pta70)}" in note
    cpif = partners.cost_plus_incentive(100_000, 10_000, 0.8, 150_000, min_fee=2_000,
                                        max_fee=15_000)
    assert cpif.fee_capped == "min"
    assert (f"held at the minimum ({_money(cpif.fee)}) and the buyer pays {_money(cpif.price)}"
            in note)
    with pytest.raises(ValueError, match="for 70 % enter 0.7"):
        partners.fixed_price_incentive(actual_cost=90_000, **dict(FPIF, buyer_share=70))
    credit = contracts.service_credit(98.7, monthly_fee=40_000)
    assert f"earns {_num(credit.credit_percent, 0)} % of a 40,000 EUR monthly fee, " \
           f"{_money(credit.credit_amount)}" in note


@settings(max_examples=60, deadline=None)
@given(tc=st.integers(50_000, 200_000), fee_pct=st.integers(0, 20), ceil_pct=st.integers(0, 40),
       share=st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.9]), ac_pct=st.integers(40, 200))
def test_fpif_price_never_passes_the_ceiling_and_pta_is_where_it_reaches_it(tc, fee_pct, ceil_pct,
                                                                            share, ac_pct):
    """Independent computation of the lesson's FPIF rules: price = min(formula price, ceiling),
    fee = price - actual cost, and the formula price equals the ceiling at the PTA."""
    tf = tc * fee_pct / 100
    cp = (tc + tf) * (1 + ceil_pct / 100)
    ac = tc * ac_pct / 100
    r = partners.fixed_price_incentive(tc, tf, cp, share, ac)
    formula_price = ac + tf + (tc - ac) * (1 - share)
    assert math.isclose(r.price, min(formula_price, cp), rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(r.fee, r.price - ac, rel_tol=1e-9, abs_tol=1e-6)
    pta = partners.point_of_total_assumption(tc, tc + tf, cp, share)
    at = partners.fixed_price_incentive(tc, tf, cp, share, pta)
    assert math.isclose(at.formula_price, cp, rel_tol=1e-9)


def test_contract_mapping_is_called_a_teaching_model(nb):
    assert "Which type fits which situation is a **teaching model**" in _markdown(nb)
    assert [t.abbreviation for t in contracts.contract_types()] == \
        ["FFP", "FPIF", "FP-EPA", "T&M", "CPIF", "CPAF", "CPFF"]


# --------------------------------------------------------------------------
# Section 5: working together
# --------------------------------------------------------------------------

def test_the_plan_size_and_the_worked_readiness(nb):
    plan = working.knowledge_transfer_plan()
    assert f"The course's plan for the ERP case has {len(plan)} topics" in _markdown(nb)
    evidence = {"configuration": True, "business_processes": True, "integrations": True,
                "testing": True}
    assert not working.kt_readiness(evidence).attrs["ready"]
    assert working.kt_readiness({i: True for i in plan.index}).attrs["ready"]


def test_section_5_try_it_key(nb):
    note = _trainer_note(nb, 5)
    plan = working.knowledge_transfer_plan()
    r = working.kt_readiness({i: i != "support" for i in plan.index})
    assert not r.attrs["ready"]
    assert f"(1) no: {r.attrs['met']} of {r.attrs['total']} criteria are met" in note
    assert plan.loc["support", "Topic"] == "Incident handling and known errors"
    risks = working.lock_in_risks()
    access = risks[risks["Risk"] == "The partner controls the environments, accounts or data."]
    assert len(access) == 1 and f"(2) \"{access.iloc[0]['Mitigation']}\"" in note
    gov, esc = working.governance(), working.escalation_levels()
    assert "beyond" in gov.loc["Steering committee", "Decides"]
    assert f"level 3 has {esc.loc[3, 'Resolve within']}" in note


def test_key_points_state_the_formulas_the_package_uses(nb):
    text = _markdown(nb)
    assert "fee = target fee + (target cost − actual cost) × seller's share" in text
    assert "PTA = (ceiling − target price) ÷ buyer's share + target cost" in text
    r = partners.fixed_price_incentive(actual_cost=95_000, **FPIF)
    assert r.fee == FPIF["target_fee"] + (FPIF["target_cost"] - 95_000) * (1 - 0.8)


# --------------------------------------------------------------------------
# Corrections made in review: each test keeps a wrong statement from coming back
# --------------------------------------------------------------------------

def test_editions_are_described_only_as_far_as_verified(nb):
    """The 7th edition spreads procurement over its Planning and Project Work domains (it has
    a separate Delivery domain, so "planning and delivery" misled); the 2026 exam is written
    from the outline, with the 8th edition as one reference (PMTraining, "PMP Exam Update July
    2026"); the 8th edition's 40 processes in seven domains are cited to secondary summaries
    (PM Experts, "PMBOK Guide 8: the return of processes"; ProjInsights)."""
    text = _markdown(nb)
    assert "inside planning and delivery" not in text
    assert "spreads procurement over two of them, Planning and Project Work" in text
    assert "among its main references" not in text
    assert "PMI writes the questions from that outline, not from any one book" in text
    assert "in the course's reading (not PMI's task list)" in text
    assert "that count is taken from secondary summaries" in text


def test_pmbok_is_not_said_to_prescribe_weighted_criteria(nb):
    """PMBOK Guide 6th ed. 12.1.2.4 lists six selection methods (least cost, qualifications
    only, quality-based, quality and cost-based, sole source, fixed budget) and advises
    stating the evaluation method in the procurement documents; it gives no weighting
    formula. The lesson used to say it "names weighted criteria" there."""
    text = _markdown(nb)
    assert "names weighted criteria" not in text
    assert "one way to apply **quality- and cost-based selection**" in text
    assert "the guide lists the methods but prescribes no formula" in text
    assert "Quality and cost-based" in selection.selection_methods().index
    assert len(selection.selection_methods()) == 6
    assert "a weighted score is one way to apply it, not a PMBOK formula" in _trainer_note(nb, 2)


def test_lesson_03_shares_the_method_not_the_code(nb):
    """Lesson 03's strategy model is a weighted sum of 0-100 fits but does not import
    implcourse.scoring: the lesson says "method", never "the same code"."""
    import inspect

    from implcourse.rollout import strategy

    source = inspect.getsource(strategy)
    assert not re.search(r"^\s*from \.\.scoring import|^\s*from implcourse\.scoring import|"
                         r"^\s*import implcourse\.scoring", source, re.M)
    scores = strategy.recommend_strategy(strategy.sample_factors()).scores
    assert all(0 <= v <= 100 for v in scores.values())
    text = _markdown(nb)
    assert "the same weighted-sum method as lesson 03's strategy model (a method in common, " \
           "not shared code: that model scores fits on 0 to 100)" in text
    assert "same code" not in text


def test_the_risk_order_claimed_is_the_order_of_the_data(nb):
    """Only the ends and the families are claimed from the sources (FFP least buyer risk, CPFF
    most; fixed price below cost-reimbursable). The lesson used to say the sources put "time
    and materials and the incentive contracts" between the families, which its own table
    contradicted (CPIF 3, T&M 4)."""
    text = _markdown(nb)
    assert "then time and materials and the incentive contracts, then cost-reimbursable" \
        not in text
    assert "sits between the two" not in text
    table = contracts.contracts_table()
    risk = dict(zip(table["Contract"], table["Buyer's cost risk (1-5)"]))
    assert min(risk, key=risk.get) == "FFP" and risk["FFP"] < min(v for k, v in risk.items()
                                                                   if k != "FFP")
    assert max(risk, key=risk.get) == "CPFF" and risk["CPFF"] > max(v for k, v in risk.items()
                                                                    if k != "CPFF")
    fixed = table.loc[table["Family"] == "Fixed price", "Buyer's cost risk (1-5)"]
    cost = table.loc[table["Family"] == "Cost-reimbursable", "Buyer's cost risk (1-5)"]
    assert fixed.max() < cost.min()
    assert risk["T&M"] == risk["CPAF"] > risk["CPIF"]       # "here level with CPAF, above CPIF"
    assert ("of these seven, firm fixed price leaves the buyer the least cost risk and cost plus "
            "fixed fee the most, and every fixed-price type leaves the buyer less than every "
            "cost-reimbursable one") in text
    assert "(here level with CPAF, above CPIF), is the course's judgement" in text


def test_fpif_seller_absorbs_from_the_pta_not_from_the_ceiling(nb):
    """The seller takes every further euro once the formula price reaches the ceiling, i.e.
    from the PTA on, not only once the actual cost passes the ceiling (the lesson used to
    say "Past the ceiling the seller absorbs every further euro")."""
    text = _markdown(nb)
    assert "Past the ceiling the seller absorbs every further euro" not in text
    assert ("Once the formula price reaches the ceiling (at the point of total assumption, "
            "below), the seller absorbs every further euro") in text
    pta = partners.point_of_total_assumption(100_000, 110_000, 120_000, 0.8)
    a = partners.fixed_price_incentive(actual_cost=pta + 1_000, **FPIF)
    b = partners.fixed_price_incentive(actual_cost=pta + 2_000, **FPIF)
    assert a.price == b.price == FPIF["ceiling_price"]          # between PTA and ceiling ...
    assert a.fee - b.fee == 1_000 and b.fee > 0                 # ... the seller pays it all


def test_exam_traps_are_in_the_lesson_text(nb):
    """CPAF award: "based solely on the subjective determination of seller performance by the
    buyer, and is generally not subject to appeals" (PMBOK Guide 6th ed., 12.1.1.6); T&M with
    a not-to-exceed amount (FAR 16.601); bidder conferences give every bidder the same
    information (PMBOK Guide 6th ed., 12.2); changes and claims (12.3)."""
    text = _markdown(nb)
    assert "the buyer alone decides how much is earned" in text
    assert "generally not open to appeal" in text
    assert "unless the contract sets a **not-to-exceed** amount" in text
    capped = contracts.time_and_materials(300, 120, not_to_exceed=30_000)
    assert capped.capped and capped.price == 30_000
    assert "**bidder conference**" in text and "Its purpose is fairness" in text
    assert "answered to all of them in writing" in text
    assert "an **RFP** asks sellers how they would solve a stated problem" in text
    assert "becomes a **claim**" in text
    traps = {t.abbreviation: " ".join(t.exam_traps) for t in contracts.contract_types()}
    assert "not open to dispute" in traps["CPAF"]
    assert "not-to-exceed" in traps["T&M"]


def test_closure_is_not_said_to_confirm_knowledge_transfer(nb):
    """PMBOK Guide 6th ed. closes a contract in Control Procurements (12.3) when deliverables
    are accepted and nothing is outstanding; it does not list knowledge transfer there, so
    the note now says to write the exit criteria into the acceptance terms."""
    note = _trainer_note(nb, 5)
    assert "confirming that the deliverables, the documentation and the knowledge" not in note
    assert "write the knowledge-transfer exit criteria into the contract's acceptance terms" \
        in note


def test_erp_case_weights_as_described(nb):
    """Risk and cost carry the same, top weight in the ERP preset (the lesson used to say
    "risk weighs most; ... cost comes next", which the weights 25 and 25 contradict)."""
    w = scoring.preset_weights("erp_case")
    top = max(w.values())
    assert sorted(a for a, v in w.items() if v == top) == ["cost_structure", "risk_profile"]
    text = _markdown(nb)
    assert "so risk weighs most" not in text
    assert (f"so risk profile and cost structure share the top weight ({top:g} of "
            f"{sum(w.values()):g} each), ahead of scope of services "
            f"({w['scope_of_services']:g})") in text
    assert w["scope_of_services"] == sorted(w.values())[-3]
