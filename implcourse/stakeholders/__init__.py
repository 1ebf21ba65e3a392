"""Stakeholders, communication and change (lesson 07).

Submodules
----------
register
    The stakeholder register of the course's ERP case, the power/interest
    grid and its strategies, and the engagement assessment matrix.
communication
    Communication channels (n(n-1)/2), push, pull and interactive methods,
    channels by project phase and the communication plan builder.
client
    Client management: expectations, the pre-implementation checklist,
    check-ins, feedback loops and survey analysis.
change
    Organisational change: ADKAR, Kotter's eight steps, resistance, the
    training plan by role and adoption linked to training.
raci
    The RACI matrix of the ERP plan's deliverables and its checker.
roles
    The implementation manager beside the project manager and the solution
    architect, and who-does-what scenarios.
conflict
    Conflict-resolution modes (Thomas-Kilmann) and escalation.

The core stays light: pandas and the course loader only. Names are loaded
on first use.

Examples
--------
>>> from implcourse import stakeholders
>>> stakeholders.communication_channels(10)
45
"""

from __future__ import annotations

import importlib

#: Public name -> submodule that defines it (PEP 562 lazy loading).
_EXPORTS: dict[str, str] = {
    "Stakeholder": "register",
    "load_register": "register",
    "register_table": "register",
    "case_description": "register",
    "grid_strategy": "register",
    "stakeholder_grid": "register",
    "engagement_matrix": "register",
    "engagement_gaps": "register",
    "NotWholeNumberError": "communication",
    "communication_channels": "communication",
    "channel_growth": "communication",
    "communication_methods": "communication",
    "channels_table": "communication",
    "channels_by_phase": "communication",
    "channel_phase_matrix": "communication",
    "frequencies": "communication",
    "communication_plan": "communication",
    "communication_plan_markdown": "communication",
    "sample_plan": "communication",
    "Expectation": "client",
    "ChecklistItem": "client",
    "expectations": "client",
    "pre_implementation_checklist": "client",
    "checklist_status": "client",
    "checkin_cadence": "client",
    "feedback_loop": "client",
    "load_survey": "client",
    "survey_by_checkin": "client",
    "adkar_elements": "change",
    "adkar_barrier": "change",
    "adkar_profile": "change",
    "kotter_steps": "change",
    "resistance_causes": "change",
    "training_plan": "change",
    "training_hours_per_user": "change",
    "adoption_curve": "change",
    "adoption_assumptions": "change",
    "adoption_calibration": "change",
    "short_labels": "raci",
    "RaciRow": "raci",
    "Fault": "raci",
    "Violation": "raci",
    "RaciCheck": "raci",
    "raci_roles": "raci",
    "erp_raci": "raci",
    "broken_raci": "raci",
    "broken_raci_faults": "raci",
    "check_raci": "raci",
    "ManagerProfile": "roles",
    "RoleScenario": "roles",
    "RoleCheck": "roles",
    "manager_profile": "roles",
    "skills_table": "roles",
    "role_names": "roles",
    "role_comparison": "roles",
    "who_does_what": "roles",
    "check_role": "roles",
    "WIN_WIN": "conflict",
    "Mode": "conflict",
    "ConflictScenario": "conflict",
    "BestMode": "conflict",
    "ModeCheck": "conflict",
    "conflict_modes": "conflict",
    "get_mode": "conflict",
    "conflict_scenarios": "conflict",
    "best_mode": "conflict",
    "check_mode": "conflict",
    "escalation_path": "conflict",
}

__all__: list[str] = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
