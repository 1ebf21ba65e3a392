"""Interactive tools for the notebooks: thin ipywidgets views over the core.

A view reads its inputs, calls the core and shows the result. It does no
maths of its own. Bad input never produces a traceback: the problem is
shown as a short message beside the input, in the learner's words, and the
last good result stays on screen.

Every view is a :class:`~implcourse.widgets.common.Tool`. Where widgets do not
render, the notebook shows the tool's plain-text fallback, which says so and
points to the troubleshooting notes. :func:`catalogue` lists every tool of
every lesson (the latency benchmark and the browser tests walk it).
"""

from __future__ import annotations

import importlib

from .common import Tool, error_html, widget_selftest

__all__ = ["Tool", "error_html", "widget_selftest", "catalogue"]

#: Every tool: (lesson, title, "module:function"), in lesson order.
_CATALOGUE = [
    ("00", "Widget self-test", "common:widget_selftest"),
    ("00", "Progress report", "progress:progress_view"),
    ("01", "Phase explorer", "lifecycle:phase_explorer"),
    ("01", "Put the phases in order", "lifecycle:phase_order_tool"),
    ("01", "What if? Change the plan", "lifecycle:plan_whatif"),
    ("01", "Go-live readiness checklist", "lifecycle:readiness_checklist"),
    ("02", "Compare delivery approaches", "methods:comparison_tool"),
    ("02", "Agile suitability filter", "methods:suitability_tool"),
    ("02", "Boehm and Turner's home ground", "methods:home_ground_tool"),
    ("02", "Release forecast", "methods:release_tool"),
    ("02", "Kanban flow and Little's law", "methods:flow_tool"),
    ("02", "Delivery at the end or in increments (model)", "methods:tradeoff_tool"),
    ("03", "Choose a rollout strategy", "rollout:strategy_tool"),
    ("03", "Compare rollout strategies (simulation)", "rollout:rollout_simulator"),
    ("03", "Communication plan for an upgrade", "rollout:comms_plan_tool"),
    ("03", "Cutover runbook and rollback", "rollout:cutover_tool"),
    ("04", "Risk heat map", "risk:heat_map_tool"),
    ("04", "Response check", "risk:response_tool"),
    ("04", "Decision tree", "risk:decision_tool"),
    ("04", "Monte Carlo simulator", "risk:monte_carlo_tool"),
    ("05", "Business-case calculator", "business_case:calculator"),
    ("05", "Sensitivity: tornado chart", "business_case:tornado_tool"),
    ("05", "Scenarios side by side", "business_case:scenario_tool"),
    ("05", "Benefit realisation: adoption delay", "business_case:adoption_tool"),
    ("06", "KPI calculator", "kpis:kpi_calculator"),
    ("06", "Earned value status calculator", "earned_value:evm_calculator"),
    ("06", "Earned value S-curve and earned schedule", "earned_value:s_curve_tool"),
    ("06", "KPI dashboard with RAG thresholds", "kpis:dashboard_tool"),
    ("06", "Benefits register", "kpis:benefits_tool"),
    ("06", "Portfolio explorer and reference-class forecast", "portfolio:portfolio_explorer"),
    ("07", "Power/interest grid", "stakeholders:grid_tool"),
    ("07", "Communication channels and plan builder", "communication:channels_tool"),
    ("07", "Training and adoption", "communication:training_tool"),
    ("07", "RACI checker", "stakeholders:raci_tool"),
    ("08", "Partner comparison", "partners:comparison_tool"),
    ("08", "Partner scoring with sensitivity", "partners:scoring_tool"),
    ("08", "Incentive-fee contract calculator", "contracts:incentive_tool"),
    ("08", "Knowledge-transfer plan", "partners:kt_tool"),
    ("09", "Your implementation plan", "capstone:plan_builder"),
    ("10", "Practice exam", "exam:practice_exam"),
    ("10", "Your practice exams", "exam:exam_history_view"),
    ("11", "Glossary", "glossary:glossary_view"),
    ("11", "Flashcards", "glossary:flashcard_view"),
]


def catalogue() -> list[tuple[str, str, object]]:
    """Every tool of the course: ``(lesson, title, factory)``, in lesson order.

    Examples
    --------
    >>> lesson, title, factory = catalogue()[0]
    >>> factory().title == title
    True
    """
    out = []
    for lesson, title, target in _CATALOGUE:
        module, name = target.split(":")
        factory = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        out.append((lesson, title, factory))
    return out
