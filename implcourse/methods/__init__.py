"""Delivery approaches (lesson 02): method profiles, suitability and home grounds.

Submodules
----------
profiles
    Method profiles (Waterfall, V-model, the agile family, Scrum, Kanban,
    hybrid patterns), vendor methods (SAP Activate, Oracle Unified Method,
    Success by Design) and the comparison table.
suitability
    The agile suitability filter after PMI's Agile Practice Guide, Annex X3.
home_ground
    Boehm and Turner's five factors and the home ground they point to.
forecast
    Release forecasts from a velocity range, burndown and burnup.
flow
    Little's law and a seeded Kanban board for cumulative flow and WIP limits.
tradeoff
    A teaching model: one delivery at the end against increments under change.
evidence
    Published evidence (the CHAOS Report 2015 by approach and size) with its caveats.

The core stays light: pandas, pydantic and the course loader only.
"""

from __future__ import annotations

from .evidence import chaos_2015, chaos_caveats, success_ratio
from .flow import Board, compare_wip_limits, littles_law, simulate_board
from .forecast import burndown, burnup, fits_by, release_forecast
from .home_ground import HomeGround, home_ground, home_ground_factors
from .profiles import (comparison_table, get_profile, get_vendor_method, load_profiles,
                       load_vendor_methods, vendor_phase_table)
from .suitability import Suitability, assess_suitability, load_cases, suitability_questions
from .tradeoff import delivery_tradeoff

__all__ = [
    "comparison_table",
    "get_profile",
    "get_vendor_method",
    "load_profiles",
    "load_vendor_methods",
    "vendor_phase_table",
    "Suitability",
    "assess_suitability",
    "suitability_questions",
    "load_cases",
    "HomeGround",
    "home_ground",
    "home_ground_factors",
    "release_forecast",
    "fits_by",
    "burndown",
    "burnup",
    "littles_law",
    "simulate_board",
    "compare_wip_limits",
    "Board",
    "delivery_tradeoff",
    "chaos_2015",
    "chaos_caveats",
    "success_ratio",
]
