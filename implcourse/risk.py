"""Risk: the register, the probability-impact matrix, EMV and responses.

This module is the public face of the risk lesson. Besides its own
functions it re-exports the three-point estimates of
:mod:`implcourse.estimating` (:func:`pert`, :func:`triangular_mean`,
:func:`path_variance`), the Monte Carlo simulation of
:mod:`implcourse.montecarlo` (:func:`simulate_schedule`,
:func:`simulate_cost`) and the decision trees of
:mod:`implcourse.decision_tree`.

Sign convention: a threat's impact is a loss and an opportunity's a gain, so
an expected monetary value (EMV) is **negative for threats** and positive for
opportunities. In the register, impacts are written as positive amounts and
the ``kind`` column gives the sign.

Examples
--------
>>> register = load_register()
>>> sorted(register["kind"].unique())
['opportunity', 'threat']
>>> emv(0.3, -10_000)
-3000.0
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from . import lifecycle
from .content import ContentError, ContentModel, Slug, Text, display_path, load_rows, resolve
from .decision_tree import Chance, Decision, Outcome, load_decision_tree, rollback
from .estimating import EstimatedPlan, estimated_plan, path_variance, pert, triangular_mean
from .montecarlo import DISTRIBUTIONS, SimulationResult, simulate_cost, simulate_schedule
from .validation import check_int, check_number

__all__ = [
    "COLUMNS", "THREAT_RESPONSES", "OPPORTUNITY_RESPONSES", "STATUSES", "CATEGORIES",
    "load_register", "ProbabilityImpactMatrix", "score_register", "emv", "exposure",
    "contingency_reserve", "response_value", "burndown", "sample_scale",
    # re-exported
    "pert", "triangular_mean", "path_variance", "EstimatedPlan", "estimated_plan",
    "simulate_schedule", "simulate_cost", "SimulationResult", "DISTRIBUTIONS",
    "Decision", "Chance", "Outcome", "rollback", "load_decision_tree",
]

DEFAULT_REGISTER = "risk_register.csv"
COLUMNS = ["id", "title", "cause", "effect", "category", "phase", "kind", "probability",
           "impact_cost", "impact_days", "owner", "response", "response_cost",
           "residual_probability", "residual_impact_cost", "residual_impact_days", "trigger",
           "status"]
THREAT_RESPONSES = ("avoid", "transfer", "mitigate", "accept", "escalate")
OPPORTUNITY_RESPONSES = ("exploit", "share", "enhance", "accept", "escalate")
STATUSES = ("active", "closed", "occurred")
CATEGORIES = ("technical", "data", "integration", "people", "organisational", "vendor",
              "scope", "schedule", "cost", "performance", "regulatory")

Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Risk(ContentModel):
    """One row of the risk register, validated."""

    id: Annotated[str, Field(pattern=r"^R\d{2,3}$")]
    title: Text
    cause: Text
    effect: Text
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    phase: Slug
    kind: Literal["threat", "opportunity"]
    probability: Probability
    impact_cost: Amount
    impact_days: Amount
    owner: Slug
    response: Slug
    response_cost: Amount
    residual_probability: Probability
    residual_impact_cost: Amount
    residual_impact_days: Amount
    trigger: Text
    status: Literal[STATUSES]  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _response_fits_kind(self) -> Risk:
        allowed = THREAT_RESPONSES if self.kind == "threat" else OPPORTUNITY_RESPONSES
        if self.response not in allowed:
            raise ValueError(f"response {self.response!r} is not a response to a "
                             f"{self.kind}; use one of {', '.join(allowed)}")
        if self.response == "accept" and (
                self.residual_probability, self.residual_impact_cost,
                self.residual_impact_days) != (self.probability, self.impact_cost,
                                               self.impact_days):
            raise ValueError("an accepted risk keeps its probability and impacts: the "
                             "residual values must equal them")
        return self


@functools.lru_cache(maxsize=None)
def _load(path: str, mtime_ns: int):
    import pandas as pd

    rows = load_rows(path, Risk)
    file = display_path(path)
    phases = set(lifecycle.phase_ids())
    roles = {role.id for role in lifecycle.load_roles()}
    for number, row in enumerate(rows, start=2):
        if row.phase not in phases:
            raise ContentError(file, f"unknown phase {row.phase!r}; phases are "
                               f"{', '.join(lifecycle.phase_ids())}",
                               f"row {number} (id {row.id!r})", "phase")
        if row.owner not in roles:
            raise ContentError(file, f"unknown role {row.owner!r}; roles are "
                               f"{', '.join(sorted(roles))}", f"row {number} (id {row.id!r})",
                               "owner")
    return pd.DataFrame([row.model_dump() for row in rows], columns=COLUMNS)


def load_register(path=DEFAULT_REGISTER):
    """Read and validate a risk register CSV.

    Parameters
    ----------
    path : str or Path
        A dataset name under ``datasets/`` (default the sample ERP register)
        or a path to a CSV file of your own.

    Returns
    -------
    pandas.DataFrame
        One row per risk with exactly the columns :data:`COLUMNS`. A fresh
        copy each call, so changing it changes nothing else.

    Raises
    ------
    ContentError
        Naming the file, the row (with its risk id) and the column: a
        probability outside [0, 1], a negative amount, a response that does
        not fit the kind (threat or opportunity), an unknown phase, owner
        role, category or status, a duplicate id.
    """
    resolved = resolve(path).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns).copy()


def _register(register):
    import pandas as pd

    if not isinstance(register, pd.DataFrame):
        raise TypeError(f"register must be a DataFrame from load_register(), got "
                        f"{type(register).__name__}")
    missing = [c for c in COLUMNS if c not in register.columns]
    if missing:
        raise ValueError(f"register is missing the column(s) {', '.join(missing)}")
    return register


# --------------------------------------------------------------------------
# The probability-impact matrix
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ProbabilityImpactMatrix:
    """A probability-impact matrix: scales, score thresholds and ratings.

    A risk's probability and its impact (as a share of the project's budget
    or duration) are each placed at the nearest point of their scale; the
    cell's score is the product of the two scale values, and the score's
    rating is ``low`` below ``thresholds[0]``, ``high`` at or above
    ``thresholds[1]`` and ``medium`` between. Opportunities are scored the
    same way and drawn in a mirror image.

    Parameters
    ----------
    probability_scale, impact_scale : sequence of float
        Increasing values in (0, 1], both of length 3 or both of length 5.
    thresholds : (float, float)
        Score limits of the medium and the high ratings.

    Examples
    --------
    >>> matrix = ProbabilityImpactMatrix.five_by_five()
    >>> matrix.cell(0.62, 0.22), round(matrix.score(0.62, 0.22), 2), matrix.rating(0.14)
    ((3, 2), 0.14, 'medium')
    >>> ProbabilityImpactMatrix((0.2, 0.5), (0.1, 0.3))
    Traceback (most recent call last):
    ...
    ValueError: probability_scale must have 3 or 5 values, got 2
    """

    probability_scale: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
    impact_scale: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4, 0.8)
    thresholds: tuple[float, float] = (0.05, 0.18)

    def __post_init__(self) -> None:
        for name in ("probability_scale", "impact_scale"):
            values = tuple(check_number(f"{name}[{i}]", v, minimum=0, maximum=1)
                           for i, v in enumerate(getattr(self, name)))
            if len(values) not in (3, 5):
                raise ValueError(f"{name} must have 3 or 5 values, got {len(values)}")
            if any(b <= a for a, b in zip(values, values[1:])) or values[0] <= 0:
                raise ValueError(f"{name} must increase and be above 0, got {values}")
            object.__setattr__(self, name, values)
        if len(self.probability_scale) != len(self.impact_scale):
            raise ValueError("probability_scale and impact_scale must have the same length "
                             f"(3x3 or 5x5), got {len(self.probability_scale)} and "
                             f"{len(self.impact_scale)}")
        low, high = (check_number(f"thresholds[{i}]", v, minimum=0, maximum=1)
                     for i, v in enumerate(self.thresholds))
        if not low < high:
            raise ValueError(f"thresholds must be increasing, got {self.thresholds}")
        object.__setattr__(self, "thresholds", (low, high))

    @classmethod
    def five_by_five(cls) -> ProbabilityImpactMatrix:
        """The 5×5 matrix: probability 0.1 to 0.9, impact 0.05 to 0.8 (doubling)."""
        return cls()

    @classmethod
    def three_by_three(cls) -> ProbabilityImpactMatrix:
        """A 3×3 matrix: probability 0.2/0.5/0.8, impact 0.1/0.3/0.6."""
        return cls((0.2, 0.5, 0.8), (0.1, 0.3, 0.6), (0.06, 0.2))

    @property
    def size(self) -> int:
        """3 or 5."""
        return len(self.probability_scale)

    @staticmethod
    def _nearest(scale: Sequence[float], values) -> np.ndarray:
        points = np.asarray(scale)
        edges = (points[1:] + points[:-1]) / 2
        return np.searchsorted(edges, np.asarray(values, dtype=float), side="right")

    def cell(self, probability, impact):
        """The cell (probability level, impact level), counting from 0, of each
        risk; vectorised over arrays."""
        p = np.asarray(probability, dtype=float)
        i = np.asarray(impact, dtype=float)
        if ((p < 0) | (p > 1) | ~np.isfinite(p)).any():
            raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
        if ((i < 0) | ~np.isfinite(i)).any():
            raise ValueError(f"impact must be a share >= 0, got {impact!r}")
        rows, cols = self._nearest(self.probability_scale, p), self._nearest(self.impact_scale, i)
        if rows.ndim == 0:
            return int(rows), int(cols)
        return rows, cols

    def score(self, probability, impact):
        """The score of the cell: probability scale value × impact scale value."""
        rows, cols = self.cell(probability, impact)
        value = np.asarray(self.probability_scale)[rows] * np.asarray(self.impact_scale)[cols]
        return float(value) if np.ndim(value) == 0 else value

    def rating(self, score):
        """``"low"``, ``"medium"`` or ``"high"`` for a score (vectorised)."""
        s = np.asarray(score, dtype=float)
        low, high = self.thresholds
        labels = np.where(s >= high, "high", np.where(s >= low, "medium", "low"))
        return str(labels) if labels.ndim == 0 else labels

    def grid(self):
        """The matrix's scores as a DataFrame: probability rows (highest first) by
        impact columns."""
        import pandas as pd

        scores = np.outer(self.probability_scale, self.impact_scale)
        return pd.DataFrame(scores[::-1], index=list(self.probability_scale[::-1]),
                            columns=list(self.impact_scale))


def score_register(register, matrix: ProbabilityImpactMatrix | None = None, *,
                   budget: float, duration: float, residual: bool = False):
    """Place every risk in the matrix: score and rating.

    A risk's impact share is the larger of its cost impact over ``budget``
    and its schedule impact over ``duration`` (the worse of the two).

    Parameters
    ----------
    register : DataFrame
    matrix : ProbabilityImpactMatrix, optional
        Default 5×5.
    budget, duration : float
        The project's budget and planned duration (> 0), the references of
        the impact scale.
    residual : bool
        Score the residual probability and impacts (after the response).

    Returns
    -------
    pandas.DataFrame
        The register with ``impact_share``, ``probability_level``,
        ``impact_level`` (1 = lowest), ``score`` and ``rating`` added.

    Examples
    --------
    >>> scored = score_register(load_register(), budget=2_500_000, duration=150)
    >>> set(scored["rating"]) <= {"low", "medium", "high"}
    True
    """
    register = _register(register).copy()
    matrix = matrix or ProbabilityImpactMatrix()
    if not isinstance(matrix, ProbabilityImpactMatrix):
        raise TypeError(f"matrix must be a ProbabilityImpactMatrix, got {type(matrix).__name__}")
    budget = check_number("budget", budget, minimum=0)
    duration = check_number("duration", duration, minimum=0)
    if budget == 0 or duration == 0:
        raise ValueError("budget and duration must be > 0")
    prefix = "residual_" if residual else ""
    probability = register[f"{prefix}probability"].to_numpy(dtype=float)
    share = np.maximum(register[f"{prefix}impact_cost"].to_numpy(dtype=float) / budget,
                       register[f"{prefix}impact_days"].to_numpy(dtype=float) / duration)
    rows, cols = matrix.cell(probability, share)
    register["impact_share"] = share
    register["probability_level"] = rows + 1
    register["impact_level"] = cols + 1
    register["score"] = matrix.score(probability, share)
    register["rating"] = matrix.rating(register["score"].to_numpy())
    return register


# --------------------------------------------------------------------------
# Expected monetary value and responses
# --------------------------------------------------------------------------

def emv(probability, impact):
    r"""Expected monetary value: :math:`\mathrm{EMV} = p \times \text{impact}`.

    Give a threat's impact as a negative amount (a loss) and an
    opportunity's as a positive one, and the EMV carries the sign.
    Vectorised over arrays.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or a value is not finite.

    Examples
    --------
    >>> emv([0.2, 0.5], [-50_000, 20_000]).tolist()
    [-10000.0, 10000.0]
    >>> emv(1.2, -10)
    Traceback (most recent call last):
    ...
    ValueError: probability must be between 0 and 1, got 1.2
    """
    try:
        p = np.asarray(probability, dtype=float)
        i = np.asarray(impact, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"probability and impact must be numbers, got {probability!r} and "
                        f"{impact!r}") from None
    if ((p < 0) | (p > 1) | ~np.isfinite(p)).any():
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    if not np.isfinite(i).all():
        raise ValueError(f"impact must be finite, got {impact!r}")
    value = p * i
    return float(value) if value.ndim == 0 else value


def _signed(register, column: str) -> np.ndarray:
    sign = np.where(register["kind"].to_numpy() == "opportunity", 1.0, -1.0)
    return sign * register[column].to_numpy(dtype=float)


def exposure(register, residual: bool = False):
    """Each risk's EMV in money and in days (threats negative), and the totals.

    Returns
    -------
    pandas.DataFrame
        Indexed by risk id with columns ``kind``, ``status``, ``emv_cost``
        and ``emv_days``; ``frame.sum()`` gives the register's exposure.

    Examples
    --------
    >>> table = exposure(load_register())
    >>> bool((table.loc[table["kind"] == "threat", "emv_cost"] <= 0).all())
    True
    """
    register = _register(register)
    prefix = "residual_" if residual else ""
    probability = register[f"{prefix}probability"].to_numpy(dtype=float)
    import pandas as pd

    return pd.DataFrame({
        "kind": register["kind"].to_numpy(), "status": register["status"].to_numpy(),
        "emv_cost": emv(probability, _signed(register, f"{prefix}impact_cost")),
        "emv_days": emv(probability, _signed(register, f"{prefix}impact_days")),
    }, index=pd.Index(register["id"], name="id"))


def contingency_reserve(register) -> dict[str, float]:
    """The contingency reserve for the accepted, active risks, from their EMV.

    Accepted risks get no response, so the project keeps a reserve for them:
    the net EMV of the active, accepted risks, threats minus opportunities,
    as a positive amount (zero if opportunities outweigh threats).

    Returns
    -------
    dict
        ``cost`` and ``days``.

    Examples
    --------
    >>> reserve = contingency_reserve(load_register())
    >>> reserve["cost"] >= 0 and reserve["days"] >= 0
    True
    """
    register = _register(register)
    mask = ((register["response"] == "accept") & (register["status"] == "active")).to_numpy()
    table = exposure(register)[mask]
    return {"cost": max(0.0, -float(table["emv_cost"].sum())),
            "days": max(0.0, -float(table["emv_days"].sum()))}


def response_value(register):
    """Whether each response pays: EMV reduction against the response's cost.

    For every risk whose response is not *accept*: the EMV before and after
    the response (residual probability and impact), the reduction in
    expected loss (for a threat) or the gain in expected value (for an
    opportunity), and ``pays`` when that exceeds the response cost.

    Returns
    -------
    pandas.DataFrame
        Indexed by risk id, columns ``response``, ``emv_before``,
        ``emv_after``, ``improvement``, ``response_cost``, ``net`` and
        ``pays``.

    Examples
    --------
    >>> table = response_value(load_register())
    >>> bool((table["net"] == table["improvement"] - table["response_cost"]).all())
    True
    """
    import pandas as pd

    register = _register(register)
    acted = register[register["response"] != "accept"]
    before = exposure(acted)["emv_cost"].to_numpy()
    after = exposure(acted, residual=True)["emv_cost"].to_numpy()
    improvement = after - before  # less negative for a threat, more positive for an opportunity
    cost = acted["response_cost"].to_numpy(dtype=float)
    return pd.DataFrame({
        "response": acted["response"].to_numpy(), "emv_before": before, "emv_after": after,
        "improvement": improvement, "response_cost": cost, "net": improvement - cost,
        "pays": improvement > cost,
    }, index=pd.Index(acted["id"], name="id"))


def burndown(register, plan=None, periods: int = 10):
    """Expected exposure left over the project: a risk burndown (teaching model).

    Each active threat is assumed to stay open until its phase ends in the
    plan (the early finish of the phase's last task), then to close. The
    curve is the total EMV of the threats still open at each point.

    Parameters
    ----------
    register : DataFrame
    plan : Plan, optional
        Default the sample ERP plan.
    periods : int
        Number of points after day 0 (default 10).

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` and ``exposure`` (a positive expected loss).
    """
    import pandas as pd

    from . import schedule

    register = _register(register)
    periods = check_int("periods", periods, minimum=1, maximum=1000)
    plan = plan or schedule.load_plan()
    table = schedule.analyse(plan).table
    phase_end = table.groupby("phase")["early_finish"].max().to_dict()
    threats = register[(register["kind"] == "threat") & (register["status"] == "active")]
    closes = np.array([phase_end.get(p, np.nan) for p in threats["phase"]])
    loss = -exposure(threats)["emv_cost"].to_numpy()
    days = np.linspace(0, float(table["early_finish"].max()), periods + 1)
    left = [(loss * (closes > day)).sum() for day in days]
    return pd.DataFrame({"day": days, "exposure": left})


def sample_scale() -> dict[str, float]:
    """The sample ERP project's scale, the reference of the impact scale.

    ``budget`` is the project budget: the sum of the most likely costs of the
    ERP plan's tasks (``plans/erp_rollout_estimates.csv``), which matches the
    implementation costs of years 0 and 1 of the ERP business case.
    ``duration`` is the plan's duration in working days.

    Examples
    --------
    >>> scale = sample_scale()
    >>> scale["budget"] > 0 and scale["duration"] > 0
    True
    """
    from . import schedule

    tasks = estimated_plan()
    return {"budget": float(tasks.cost_most_likely.sum()),
            "duration": float(schedule.analyse(tasks.plan).duration)}
