"""Implementation partners (lesson 08): choosing one and working with one.

Submodules
----------
profiles
    The five partner types rated on six aspects, what a partner does and
    when to use one.
scoring
    The weighted scoring model with learner weights and rating overrides,
    and how far each weight must move before the winner changes.
selection
    RFI, RFP, the evaluation template, reference checks and due diligence,
    the proof of concept and the decision record.
contracts
    Contract types (FFP, FPIF, FP-EPA, T&M, CPFF, CPIF, CPAF), the
    incentive-fee calculators and the point of total assumption, scope
    change, SLAs and acceptance.
working
    Governance, the knowledge-transfer plan with exit criteria, and
    dependency and lock-in.

The core stays light: pandas and the course loader only. Names are loaded
on first use.

Examples
--------
>>> from implcourse import partners
>>> r = partners.fixed_price_incentive(target_cost=100_000, target_fee=10_000,
...                                    ceiling_price=120_000, buyer_share=0.8,
...                                    actual_cost=90_000)
>>> round(r.fee), round(r.price)
(12000, 102000)
"""

from __future__ import annotations

import importlib

#: Public name -> submodule that defines it (PEP 562 lazy loading).
_EXPORTS: dict[str, str] = {
    "Aspect": "profiles",
    "Rating": "profiles",
    "PartnerType": "profiles",
    "Capability": "profiles",
    "ProcessStage": "profiles",
    "Benefit": "profiles",
    "Situation": "profiles",
    "aspects": "profiles",
    "aspect_ids": "profiles",
    "get_aspect": "profiles",
    "partner_types": "profiles",
    "partner_ids": "profiles",
    "get_partner_type": "profiles",
    "comparison_table": "profiles",
    "ratings_matrix": "profiles",
    "capabilities": "profiles",
    "process_stages": "profiles",
    "benefits": "profiles",
    "when_to_use": "profiles",
    "capabilities_table": "profiles",
    "process_table": "profiles",
    "Preset": "scoring",
    "PartnerScores": "scoring",
    "weight_presets": "scoring",
    "default_weights": "scoring",
    "preset_weights": "scoring",
    "score_partners": "scoring",
    "weight_sensitivity": "scoring",
    "RequestDocument": "selection",
    "SelectionMethod": "selection",
    "Criterion": "selection",
    "CheckItem": "selection",
    "ProofOfConcept": "selection",
    "procurement_documents": "selection",
    "selection_methods": "selection",
    "evaluation_template": "selection",
    "reference_questions": "selection",
    "due_diligence_checklist": "selection",
    "due_diligence_status": "selection",
    "proof_of_concept": "selection",
    "decision_record": "selection",
    "FixedPriceIncentive": "contracts",
    "CostPlusIncentive": "contracts",
    "Payment": "contracts",
    "ServiceCredit": "contracts",
    "fixed_price_incentive": "contracts",
    "cost_plus_incentive": "contracts",
    "point_of_total_assumption": "contracts",
    "cost_plus_fixed_fee": "contracts",
    "cost_plus_award_fee": "contracts",
    "fixed_price_economic_adjustment": "contracts",
    "time_and_materials": "contracts",
    "service_credit": "contracts",
    "ContractType": "contracts",
    "contract_types": "contracts",
    "contracts_table": "contracts",
    "SlaTerm": "contracts",
    "sla_terms": "contracts",
    "AcceptanceCriterion": "contracts",
    "acceptance_criteria": "contracts",
    "service_credit_table": "contracts",
    "GovernanceBody": "working",
    "EscalationLevel": "working",
    "TransferItem": "working",
    "LockInRisk": "working",
    "governance": "working",
    "escalation_levels": "working",
    "knowledge_transfer_plan": "working",
    "transfer_methods": "working",
    "kt_readiness": "working",
    "lock_in_risks": "working",
}

__all__: list[str] = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
