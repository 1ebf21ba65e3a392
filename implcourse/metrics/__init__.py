"""Measuring success (lesson 06): earned value, KPIs, dashboards and benefits.

Submodules
----------
earned_value
    :func:`evm`: variances, indices, forecasts (EAC three ways, ETC, VAC, TCPI)
    and a plain-words status, for one project or one project per row; the
    S-curve history of the lesson's project.
schedule_performance
    Earned schedule (ES, SPI(t), SV(t), IEAC(t)), which stays honest at the
    end of a late project where SPI drifts back to 1.0. (The module is not
    called ``earned_schedule``, so that ``metrics.earned_schedule`` is always
    the function.)
kpis
    Implementation KPIs, each a small validated function with its formula:
    on-time delivery, budget variance, availability from an outage log,
    defect density and trend, MTTR, adoption, CSAT and NPS.
smart
    A SMART check of a KPI definition.
dashboard
    RAG thresholds and the KPI dashboard table.
benefits
    The benefits register, linked to lesson 05's business cases, and the
    post-implementation review.

The core stays light: numpy, pandas and the course loader only. Names are
loaded on first use, so importing :mod:`implcourse.metrics` is cheap.

Examples
--------
>>> from implcourse import metrics
>>> round(metrics.evm(bac=100_000, pv=50_000, ev=40_000, ac=50_000).cpi, 2)
0.8
"""

from __future__ import annotations

import importlib

#: Public name -> submodule that defines it (PEP 562 lazy loading).
_EXPORTS: dict[str, str] = {
    "EarnedValue": "earned_value",
    "evm": "earned_value",
    "Projection": "earned_value",
    "HistoryRow": "earned_value",
    "EvmProject": "earned_value",
    "load_project": "earned_value",
    "load_history": "earned_value",
    "status_at": "earned_value",
    "eac_projection": "earned_value",
    "check_history": "earned_value",
    "EarnedSchedule": "schedule_performance",
    "earned_schedule": "schedule_performance",
    "planned_duration": "schedule_performance",
    "schedule_drift": "schedule_performance",
    "on_time_delivery": "kpis",
    "milestone_counts": "kpis",
    "BudgetVariance": "kpis",
    "budget_variance": "kpis",
    "Availability": "kpis",
    "availability": "kpis",
    "allowed_downtime": "kpis",
    "DefectDensity": "kpis",
    "defect_density": "kpis",
    "defect_trend": "kpis",
    "Mttr": "kpis",
    "mttr": "kpis",
    "adoption_rate": "kpis",
    "adoption_over_time": "kpis",
    "csat": "kpis",
    "NpsBreakdown": "kpis",
    "nps": "kpis",
    "nps_breakdown": "kpis",
    "KpiDefinition": "smart",
    "Criterion": "smart",
    "load_kpi_definitions": "smart",
    "get_definition": "smart",
    "smart_check": "smart",
    "is_smart": "smart",
    "Threshold": "dashboard",
    "StoryContext": "dashboard",
    "rag": "dashboard",
    "load_thresholds": "dashboard",
    "load_context": "dashboard",
    "load_story_table": "dashboard",
    "project_budget": "dashboard",
    "dashboard_values": "dashboard",
    "kpi_dashboard": "dashboard",
    "RAG": "dashboard",
    "BenefitEntry": "benefits",
    "PostImplementationReview": "benefits",
    "load_benefits_register": "benefits",
    "realisation": "benefits",
    "post_implementation_review": "benefits",
    "quarter_label": "benefits",
}

__all__: list[str] = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
