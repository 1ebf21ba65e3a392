"""implcourse: a Jupyter course kit on IT implementation methodology.

The package is the tested core behind the lesson notebooks. Importing it is
cheap: submodules load on first use, and the core never imports ipywidgets or
matplotlib (those live in :mod:`implcourse.widgets` and :mod:`implcourse.plots`).

Examples
--------
>>> import implcourse
>>> implcourse.__version__
'0.1.0'
>>> [p.id for p in implcourse.lifecycle.load_phases()][:2]
['initiation', 'requirements']
"""

from __future__ import annotations

import importlib

from ._version import __version__

#: Submodules reachable as attributes, loaded on first access (PEP 562).
_SUBMODULES = frozenset(
    {
        "content",
        "course",
        "lifecycle",
        "schedule",
        "readiness",
        "exercises",
        "progress",
        "quiz",
        "exam",
        "bank_audit",
        "question_templates",
        "glossary",
        "flashcards",
        "validation",
        "limits",
        "finance",
        "business_case",
        "risk",
        "estimating",
        "montecarlo",
        "decision_tree",
        "methods",
        "rollout",
        "stakeholders",
        "partners",
        "metrics",
        "portfolio",
        "plots",
        "widgets",
        "cli",
    }
)

__all__ = ["__version__", *sorted(_SUBMODULES)]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
