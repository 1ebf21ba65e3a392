"""Learning from past projects (lesson 06): a SYNTHETIC portfolio and its analytics.

Submodules
----------
generator
    :func:`generate`, a seeded teaching model of past IT projects whose
    assumptions and effect sizes :func:`assumptions` lists, calibrated to
    published overrun figures; :func:`load_projects` reads the committed
    sample ``datasets/projects.csv`` (seed :data:`SEED`, :data:`N` rows).
analytics
    Overruns and their distribution, the factors that go with overruns and
    with low adoption, a confounder pooled and within bands, survivorship,
    and a simple reference-class forecast.

The core stays light: numpy, pandas and the course loader only. The data
are synthetic: what the analytics find in them is what the generator built in.

Examples
--------
>>> from implcourse.portfolio import load_projects, overrun_summary, stratified
>>> df = load_projects()
>>> int(overrun_summary(df)["count"].iloc[0]) == len(df)
True
>>> s = stratified(df, "methodology", "budget", "cost_overrun_pct")
>>> s.table.index[0]
'all projects'
"""

from __future__ import annotations

from .analytics import (CATEGORICAL_FACTORS, MEASURES, NUMERIC_FACTORS, OUTCOME_COLUMNS,
                        ReferenceClassForecast, Stratified, factor_effects, overrun_summary,
                        overruns, reference_class_forecast, stratified, survivorship)
from .generator import (COLUMNS, CURRENCY, LARGE_BUDGET, N, PARAMETERS, PROJECTS_FILE, SEED,
                        assumptions, generate, load_projects, to_csv_text)

__all__ = [
    "SEED", "N", "COLUMNS", "CURRENCY", "LARGE_BUDGET", "PARAMETERS", "PROJECTS_FILE",
    "generate", "assumptions", "to_csv_text", "load_projects",
    "OUTCOME_COLUMNS", "CATEGORICAL_FACTORS", "NUMERIC_FACTORS", "MEASURES",
    "overruns", "overrun_summary", "factor_effects", "stratified", "Stratified",
    "survivorship", "reference_class_forecast", "ReferenceClassForecast",
]
