"""Lesson 08's selection process and working together: documents, due diligence, the
decision record, governance, knowledge transfer and lock-in."""

from __future__ import annotations

import pytest

from implcourse.lifecycle import load_roles
from implcourse.partners.scoring import preset_weights, score_partners, weight_sensitivity
from implcourse.partners.selection import (decision_record, due_diligence_checklist,
                                           due_diligence_status, evaluation_template,
                                           procurement_documents, proof_of_concept,
                                           reference_questions, selection_methods)
from implcourse.partners.working import (escalation_levels, governance, knowledge_transfer_plan,
                                         kt_readiness, lock_in_risks, transfer_methods)


def test_request_documents_and_selection_methods():
    """PMBOK Guide 6th ed.: bid documents RFI, RFQ, RFP (12.1.3.3) and the six selection
    methods of source selection analysis (12.1.2.4)."""
    docs = procurement_documents()
    assert [d.split("(")[1][:-1] for d in docs.index] == ["RFI", "RFP", "RFQ"]
    assert "No" in docs.loc["Request for information (RFI)", "Binding?"]
    assert list(selection_methods().index) == [
        "Least cost", "Qualifications only", "Quality-based (best technical proposal)",
        "Quality and cost-based", "Sole source", "Fixed budget"]


def test_evaluation_template_weights_add_up_and_ask_for_evidence():
    template = evaluation_template()
    assert template["Weight (%)"].sum() == pytest.approx(100)
    assert template["Evidence asked"].str.len().min() > 20
    assert len(reference_questions()) >= 5


def test_due_diligence_covers_the_required_areas():
    table = due_diligence_checklist()
    assert 12 <= len(table) <= 18
    for item in ("financial_stability", "references", "certifications", "staff_continuity",
                 "security", "methodology", "subcontractors", "exit_terms"):
        assert item in table.index


def test_due_diligence_status_lists_blocking_items_first():
    table = due_diligence_checklist()
    status = due_diligence_status(["References checked", "insurance"])
    assert status.attrs == {"done": 2, "total": len(table), "ready": False}
    assert "references" not in status.index and "insurance" not in status.index
    flags = list(status["Blocking"])
    assert flags == sorted(flags, key=lambda f: f != "Yes")   # all Yes before any No
    blocking = [i for i in table.index if table.loc[i, "Blocking"] == "Yes"]
    done_all_blocking = due_diligence_status(blocking)
    assert done_all_blocking.attrs["ready"] and set(done_all_blocking["Blocking"]) == {"No"}
    assert len(due_diligence_status(list(table.index))) == 0
    assert due_diligence_status().attrs["done"] == 0
    with pytest.raises(ValueError, match="Unknown due-diligence item 'audit'"):
        due_diligence_status(["audit"])
    with pytest.raises(TypeError, match="list of checklist items"):
        due_diligence_status("references")
    with pytest.raises(TypeError, match="by its id or name"):
        due_diligence_status([3])


def test_proof_of_concept_terms():
    poc = proof_of_concept()
    assert len(poc.success_criteria) >= 3
    assert "weeks" in poc.duration and poc.who_pays


def test_decision_record_summarises_scoring_sensitivity_and_due_diligence():
    weights = preset_weights("erp_case")
    result = score_partners(weights)
    text = decision_record(result, sensitivity=weight_sensitivity(weights),
                           done=["references"], dissent="Finance prefers the integrator.")
    assert text.startswith("# Decision record")
    assert "**Decision:** Offshore or nearshore partner" in text
    assert "[YYYY-MM-DD]" in text and "[steering committee: names]" in text
    for _, row in result.ranking.iterrows():
        assert f"| {row['Partner']} | {row['Weighted score (1 to 5)']:.2f} |" in text
    # The smallest move: cost structure's share down by 0.9 points puts the integrator first.
    assert "cost structure from 25.0 % past 24.1 % (0.9 points) puts Large system " \
           "integrator first" in text
    assert "1 of 15 items done" in text and "Blocking items still open: Financial stability" \
        in text
    assert "Finance prefers the integrator." in text
    other = decision_record(result, decision="Large system integrator", reasons="Lower risk.",
                            decided_by="Steering committee", date="2026-03-01")
    assert "**Decision:** Large system integrator" in other and "Lower risk." in other
    assert "No sensitivity check recorded." in other and "None recorded." in other


def test_decision_record_bad_input():
    result = score_partners()
    with pytest.raises(ValueError, match="give the reasons"):
        decision_record(result, decision="independent_consultant")
    with pytest.raises(ValueError, match="Unknown partner type 'acme'"):
        decision_record(result, decision="acme", reasons="x")
    few = score_partners(partners=["boutique_specialist", "independent_consultant"])
    with pytest.raises(ValueError, match="not among the partners scored"):
        decision_record(few, decision="large_system_integrator", reasons="x")
    with pytest.raises(TypeError, match="result of score_partners"):
        decision_record({"winner": "x"})
    with pytest.raises(ValueError, match="Date must be a non-empty text"):
        decision_record(result, date=" ")


def test_governance_and_escalation():
    bodies = governance()
    assert {"Steering committee", "Joint project board"} <= set(bodies.index)
    levels = escalation_levels()
    assert list(levels.index) == list(range(1, len(levels) + 1)) and len(levels) >= 3


def test_knowledge_transfer_plan_moves_knowledge_from_partner_to_client_roles():
    plan = knowledge_transfer_plan()
    sides = {r.name: r.side for r in load_roles()}
    assert all(sides[r] in ("supplier", "either") for r in plan["From (partner role)"])
    assert all(sides[r] in ("client", "either") for r in plan["To (client role)"])
    assert set(plan["Method"]) == {"Shadow", "Reverse shadow", "Documentation", "Training"}
    assert sorted(transfer_methods()) == ["documentation", "reverse_shadow", "shadow",
                                          "training"]
    assert (plan["Weeks"] > 0).all() and plan["Exit criterion"].str.len().min() > 30


def test_kt_readiness():
    plan = knowledge_transfer_plan()
    none = kt_readiness({})
    assert none.attrs == {"met": 0, "total": len(plan), "ready": False}
    some = kt_readiness({"configuration": True, "Interfaces and their monitoring": True,
                         "data": False})
    assert some.attrs["met"] == 2
    assert list(some["Met"]) == ["No"] * (len(plan) - 2) + ["Yes"] * 2
    everything = kt_readiness({i: True for i in plan.index})
    assert everything.attrs["ready"]
    with pytest.raises(ValueError, match="Unknown knowledge-transfer item 'payroll'"):
        kt_readiness({"payroll": True})
    with pytest.raises(TypeError, match="must be True or False"):
        kt_readiness({"data": 1})
    with pytest.raises(TypeError, match="dict of plan item"):
        kt_readiness(["data"])


def test_lock_in_risks_have_signs_and_mitigations():
    risks = lock_in_risks()
    assert len(risks) >= 5
    assert risks["Mitigation"].str.len().min() > 30
    text = " ".join(risks["Mitigation"]).lower()
    for word in ("knowledge-transfer", "licence", "exit"):
        assert word in text


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def test_due_diligence_refuses_a_dict_instead_of_reading_its_keys_as_done():
    with pytest.raises(TypeError, match=r"The items done must be a list of checklist items"):
        due_diligence_status({"references": False})
    with pytest.raises(TypeError, match=r"The items done must be a list"):
        decision_record(score_partners(), done={"references": False})


@pytest.mark.parametrize("sensitivity", ["x", [1, 2], "empty"])
def test_decision_record_refuses_a_table_that_is_not_a_sensitivity(sensitivity):
    import pandas as pd
    if sensitivity == "empty":
        sensitivity = pd.DataFrame()
    with pytest.raises(TypeError, match="sensitivity must be the table from weight_sensitivity"):
        decision_record(score_partners(), sensitivity=sensitivity)


def test_decision_record_refuses_the_sensitivity_of_another_scoring():
    with pytest.raises(ValueError, match="sensitivity belongs to another scoring"):
        decision_record(score_partners(), sensitivity=weight_sensitivity({"cost_structure": 4}))
    with pytest.raises(ValueError, match="sensitivity belongs to another scoring"):
        decision_record(score_partners(), sensitivity=weight_sensitivity({"risk_profile": 1.2}))
    text = decision_record(score_partners(), sensitivity=weight_sensitivity())
    assert "The smallest change that alters the winner" in text


def test_decision_record_shows_a_non_text_date_as_entered():
    with pytest.raises(ValueError, match=r"Date must be a non-empty text \(you entered "
                                         r"20240101\)"):
        decision_record(score_partners(), date=20240101)


def test_kt_evidence_given_twice_is_refused_and_numpy_bools_count():
    import numpy as np
    with pytest.raises(ValueError, match=r"Evidence for 'Regression test suite and test data' "
                                         r"is given twice"):
        kt_readiness({"testing": True, "Regression test suite and test data": False})
    table = kt_readiness({"testing": np.bool_(True)})
    assert table.attrs["met"] == 1
