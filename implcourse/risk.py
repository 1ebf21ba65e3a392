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

from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, ValidationInfo, field_validator

from . import lifecycle
from .content import ContentError, ContentModel, Slug, Text, cached_by_file, display_path, load_rows
from .decision_tree import (Chance, Decision, Outcome, decision_tree_unit, load_decision_tree,
                            rollback)
from .estimating import (EstimatedPlan, _broadcast, _numbers, estimated_plan, path_variance, pert,
                         triangular_mean)
from .limits import MAX_ROWS
from .montecarlo import DISTRIBUTIONS, SimulationResult, simulate_cost, simulate_schedule
from .schedule import _validated_records
from .validation import check_choice, check_finite, check_number, shown

__all__ = [
    "COLUMNS", "OPTIONAL_COLUMNS", "THREAT_RESPONSES", "OPPORTUNITY_RESPONSES", "STATUSES", "CATEGORIES",
    "load_register", "ProbabilityImpactMatrix", "score_register", "emv", "exposure",
    "contingency_reserve", "RESERVE_BASES", "response_value", "burndown", "sample_scale",
    "DERIVED_COLUMNS",
    # re-exported
    "pert", "triangular_mean", "path_variance", "EstimatedPlan", "estimated_plan",
    "simulate_schedule", "simulate_cost", "SimulationResult", "DISTRIBUTIONS",
    "Decision", "Chance", "Outcome", "rollback", "load_decision_tree", "decision_tree_unit",
]

DEFAULT_REGISTER = "risk_register.csv"
COLUMNS = ["id", "title", "cause", "effect", "category", "phase", "kind", "probability",
           "impact_cost", "impact_days", "owner", "response", "response_cost",
           "residual_probability", "residual_impact_cost", "residual_impact_days", "trigger",
           "status"]
#: Optional columns: ``task``, the id of the plan task a risk delays (see
#: :func:`implcourse.montecarlo.simulate_schedule`); empty means the last task
#: of the risk's phase.
OPTIONAL_COLUMNS = ["task"]
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
    task: Slug | None = None

    @field_validator("response")
    @classmethod
    def _response_fits_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        allowed = THREAT_RESPONSES if kind == "threat" else OPPORTUNITY_RESPONSES
        if kind in ("threat", "opportunity") and value not in allowed:
            raise ValueError(f"{value!r} is not a response to {'an' if kind == 'opportunity' else 'a'} "
                             f"{kind}; use one of {', '.join(allowed)}")
        return value

    @field_validator("residual_probability", "residual_impact_cost", "residual_impact_days")
    @classmethod
    def _accepted_keeps_its_values(cls, value: float, info: ValidationInfo) -> float:
        if info.context and info.context.get("what_if"):  # see _register
            return value
        original = info.data.get(info.field_name.removeprefix("residual_"))
        if info.data.get("response") == "accept" and original is not None and value != original:
            raise ValueError(f"an accepted risk keeps its values: {info.field_name} must equal "
                             f"{info.field_name.removeprefix('residual_')} ({original:g}), "
                             f"got {value:g}")
        return value


def _read_register(path):
    import pandas as pd

    rows = load_rows(path, Risk)
    file = display_path(path)
    for number, row in enumerate(rows, start=2):
        problem = _known_phase_and_owner(row)
        if problem:
            raise ContentError(file, problem[1], f"row {number} (id {row.id!r})", problem[0])
    return pd.DataFrame([row.model_dump() for row in rows], columns=COLUMNS + OPTIONAL_COLUMNS)


def _known_phase_and_owner(row: Risk) -> tuple[str, str] | None:
    """The field and the problem if a risk names an unknown phase or owner role."""
    if row.phase not in lifecycle.phase_ids():
        return "phase", (f"unknown phase {row.phase!r}; phases are "
                         f"{', '.join(lifecycle.phase_ids())}")
    roles = {role.id for role in lifecycle.load_roles()}
    if row.owner not in roles:
        return "owner", f"unknown role {row.owner!r}; roles are {', '.join(sorted(roles))}"
    return None


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
        One row per risk with the columns :data:`COLUMNS`, then the optional
        :data:`OPTIONAL_COLUMNS` (``None`` where the file leaves them out). A
        fresh copy each call, so changing it changes nothing else.

    Raises
    ------
    ContentError
        Naming the file, the row (with its risk id) and the column: a
        probability outside [0, 1], a negative amount, a response that does
        not fit the kind (threat or opportunity), an unknown phase, owner
        role, category or status, a duplicate id.
    """
    return _load_register(path).copy()


_load_register = cached_by_file(_read_register)


#: Columns the course's own functions add to a register (see
#: :func:`score_register`); a register that has them may be passed back.
DERIVED_COLUMNS = ("impact_share", "probability_level", "impact_level", "score", "rating")


def _register(register, name: str = "register"):
    """A register DataFrame checked as :func:`load_register` checks a file.

    Every row goes through the :class:`Risk` model (numbers must be numbers,
    not texts or booleans; a NaN cell in a required column is an error
    naming the row and column; text, HTML included, is kept as written),
    ids must be unique, phases and owners known, and there are at most
    :data:`implcourse.limits.MAX_ROWS` rows. Unknown columns are refused as
    in a file, except those :func:`score_register` adds. One rule of the
    file is relaxed: an accepted risk's residual values may differ from its
    values, so that a what-if edit of a probability or an impact (as the
    heat-map tool makes) need not repeat the edit in the residual columns.
    An empty register (no rows, all the columns) is allowed.
    """
    import pandas as pd

    if not isinstance(register, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame from load_register(), got "
                        f"{type(register).__name__} {shown(register)}")
    missing = [c for c in COLUMNS if c not in register.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(missing)}")
    rows = _validated_records(name, register, Risk, limit=MAX_ROWS, what="risks",
                              ignore=DERIVED_COLUMNS, context={"what_if": True})
    for i, row in enumerate(rows):
        problem = _known_phase_and_owner(row)
        if problem:
            raise ValueError(f"{name}[{i}] (id {row.id!r}): field {problem[0]!r}: {problem[1]}")
    return register


# --------------------------------------------------------------------------
# The probability-impact matrix
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ProbabilityImpactMatrix:
    """A probability-impact matrix: scales, bands, score thresholds and ratings.

    Bands (the course's rule, stated exactly):

    * a **probability** goes to the nearest point of its scale; a value
      exactly halfway between two points goes to the higher one (so on the
      5×5 scale 0.4 counts as 0.5 and 0.8 as 0.9);
    * an **impact share** (of budget or schedule) goes to the first point
      at or above it: each point is the upper limit of its band, as in the
      cost row of the PMBOK Guide's impact definitions (5th ed., 2013,
      Table 11-1: "< 10 % cost increase" is 0.10, "10–20 %" is 0.20,
      "20–40 %" is 0.40; the 6th edition's Table 11-1 defines impacts
      differently); shares above the last point get the last point. The
      same bands serve for the share of the schedule, although the Guide's
      time row is tighter (under 5 % is already 0.10). Where the Guide's
      ranges meet (exactly 10 %, 20 %, 40 %) the course keeps a share in the
      band of the point it equals, so that a scale point always maps to
      itself: ``score(p, 0.2)`` is ``p × 0.2``.

    The cell's **score** is the product of the two points; its **rating** is
    ``low`` below ``thresholds[0]``, ``high`` at or above ``thresholds[1]``
    and ``medium`` between. The scales are those of the PMBOK Guide's example
    matrix (5th ed., 2013, Figure 11-10; kept in the 6th ed., 2017, Figure
    11-5); the thresholds are the course's (the Guide leaves them to each
    organisation). Opportunities are scored the same way and drawn as a
    mirror image.

    Parameters
    ----------
    probability_scale, impact_scale : sequence of float
        Increasing values in (0, 1], both of length 3 or both of length 5.
    thresholds : (float, float)
        Score limits of the medium and the high ratings.

    Examples
    --------
    >>> matrix = ProbabilityImpactMatrix.five_by_five()
    >>> matrix.cell(0.62, 0.15), round(matrix.score(0.62, 0.15), 2), matrix.rating(0.14)
    ((3, 2), 0.14, 'medium')
    >>> matrix.cell(0.4, 0.1)       # halfway goes up; a share of 10 % is in the 0.1 band
    (2, 1)
    >>> matrix.cell(0.4, 0.1001)    # just above a point is the next band
    (2, 2)
    >>> ProbabilityImpactMatrix((0.2, 0.5), (0.1, 0.3))
    Traceback (most recent call last):
    ...
    ValueError: probability_scale must have 3 or 5 values, got 2
    """

    probability_scale: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
    impact_scale: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4, 0.8)
    thresholds: tuple[float, float] = (0.05, 0.18)

    def __post_init__(self) -> None:
        for name in ("probability_scale", "impact_scale", "thresholds"):
            value = getattr(self, name)
            if not isinstance(value, (tuple, list)):
                raise TypeError(f"{name} must be a tuple of numbers, got "
                                f"{type(value).__name__} {shown(value)}")
        if len(self.thresholds) != 2:
            raise ValueError(f"thresholds must be two numbers (medium, high), got "
                             f"{shown(self.thresholds)}")
        for name in ("probability_scale", "impact_scale"):
            if len(getattr(self, name)) not in (3, 5):
                raise ValueError(f"{name} must have 3 or 5 values, got {len(getattr(self, name))}")
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

    def cell(self, probability, impact):
        """The cell (probability band, impact band), counting from 0, of each risk;
        vectorised over arrays (see the class's band rules).

        Parameters
        ----------
        probability : float or array
            Numbers from 0 to 1 (a text such as ``"0.5"`` is refused).
        impact : float or array
            Shares of the budget or schedule, >= 0.
        """
        p = _numbers("probability", probability)
        i = _numbers("impact", impact)
        if ((p < 0) | (p > 1)).any():
            raise ValueError(f"probability must be between 0 and 1, got {shown(probability)}")
        if (i < 0).any():
            raise ValueError(f"impact must be a share >= 0, got {shown(impact)}")
        p, i = _broadcast("probability and impact", p, i)
        points = np.asarray(self.probability_scale)
        # Rounded to nine places so that floating point cannot move a tie.
        edges = np.round((points[1:] + points[:-1]) / 2, 9)
        rows = np.searchsorted(edges, np.round(p, 9), side="right")
        limits = np.round(np.asarray(self.impact_scale), 9)
        # Shares beyond the last point all fall in the last column; capping
        # them first keeps the rounding (a multiply by 1e9) from overflowing.
        capped = np.minimum(i, 2.0 * float(limits[-1]) + 1.0)
        cols = np.minimum(np.searchsorted(limits, np.round(capped, 9), side="left"), self.size - 1)
        if rows.ndim == 0:
            return int(rows), int(cols)
        return rows, cols

    def score(self, probability, impact):
        """The score of the cell: probability point × impact point."""
        rows, cols = self.cell(probability, impact)
        value = np.asarray(self.probability_scale)[rows] * np.asarray(self.impact_scale)[cols]
        return float(value) if np.ndim(value) == 0 else value

    def rating(self, score):
        """``"low"``, ``"medium"`` or ``"high"`` for a score (vectorised).

        ``score`` is a number from 0 to 1 (a probability point times an
        impact point), or an array of them.

        Examples
        --------
        >>> ProbabilityImpactMatrix().rating(0.2)
        'high'
        >>> ProbabilityImpactMatrix().rating(float("nan"))
        Traceback (most recent call last):
        ...
        ValueError: score must be a finite number, got nan
        """
        s = np.round(_numbers("score", score, minimum=0, maximum=1), 9)
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
    matrix = ProbabilityImpactMatrix() if matrix is None else matrix
    if not isinstance(matrix, ProbabilityImpactMatrix):
        raise TypeError(f"matrix must be a ProbabilityImpactMatrix, got {type(matrix).__name__} "
                        f"{shown(matrix)}")
    budget = check_number("budget", budget, minimum=0)
    duration = check_number("duration", duration, minimum=0)
    if budget == 0 or duration == 0:
        raise ValueError(f"budget and duration must be > 0, got budget {budget:g} and "
                         f"duration {duration:g}")
    residual = _flag("residual", residual)
    prefix = "residual_" if residual else ""
    probability = register[f"{prefix}probability"].to_numpy(dtype=float)
    for column in (f"{prefix}impact_cost", f"{prefix}impact_days"):
        values = register[column].to_numpy(dtype=float)
        if (values < 0).any() or not np.isfinite(values).all():
            bad = register["id"].to_numpy()[(values < 0) | ~np.isfinite(values)][0]
            raise ValueError(f"{column} of risk {bad!r} must be a finite amount >= 0")
    with np.errstate(over="ignore"):
        share = np.maximum(register[f"{prefix}impact_cost"].to_numpy(dtype=float) / budget,
                           register[f"{prefix}impact_days"].to_numpy(dtype=float) / duration)
    check_finite("the impact share (impact over budget or duration)", share)
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
    p = _numbers("probability", probability)
    i = _numbers("impact", impact)
    if ((p < 0) | (p > 1)).any():
        raise ValueError(f"probability must be between 0 and 1, got {shown(probability)}")
    p, i = _broadcast("probability and impact", p, i)
    value = p * i  # |p| <= 1, so it cannot overflow
    return float(value) if value.ndim == 0 else value


def _flag(name: str, value: object) -> bool:
    """A True/False switch: a number or a text is not taken for one."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} "
                        f"{shown(value)}")
    return bool(value)


def _total(name: str, values) -> float:
    """A sum of amounts, refused if it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(check_finite(name, float(np.sum(np.asarray(values, dtype=float)))))


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
    return _exposure(_register(register), _flag("residual", residual))


def _exposure(register, residual: bool):
    import pandas as pd

    prefix = "residual_" if residual else ""
    probability = register[f"{prefix}probability"].to_numpy(dtype=float)
    return pd.DataFrame({
        "kind": register["kind"].to_numpy(), "status": register["status"].to_numpy(),
        "emv_cost": emv(probability, _signed(register, f"{prefix}impact_cost")),
        "emv_days": emv(probability, _signed(register, f"{prefix}impact_days")),
    }, index=pd.Index(register["id"], name="id"))


#: The bases of :func:`contingency_reserve`.
RESERVE_BASES = ("residual", "accepted")


def contingency_reserve(register, basis: str = "residual", *,
                        net_opportunities: bool = True) -> dict[str, float]:
    """The contingency reserve for the identified risks the project keeps, from their EMV.

    The PMBOK Guide (6th ed., 2017, glossary) defines the contingency reserve as
    time or money in the schedule or cost baseline "for known risks with active
    response strategies" (reserve analysis: §7.2.2.6, Estimate Costs, and
    §7.3.2.3, Determine Budget): risks accepted actively, and what is left of
    the others after their responses. So by default (``basis="residual"``, the
    full rule) it is the net *residual* EMV of every active risk the project
    keeps: accepted risks at their values, mitigated, transferred or shared ones
    at what remains after the response. Escalated risks are left out: their
    owner is outside the project (a programme, a portfolio or another part of
    the organisation that has accepted them). ``basis="accepted"`` gives a
    narrower convention you may meet: the net EMV of the accepted risks only.

    The result is threats minus opportunities, as a positive amount (zero if
    opportunities outweigh threats), netted as many exam questions net them; with
    ``net_opportunities=False`` the threats alone, for an organisation that
    will not count on opportunities to pay for threats. It is an expected
    value; a reserve for a stated confidence (say P80) comes from a simulation
    (:meth:`implcourse.montecarlo.SimulationResult.contingency`). The cost of a
    planned response is not in it: that is planned work in the baseline.

    Parameters
    ----------
    register : DataFrame
    basis : {"residual", "accepted"}, default "residual"
    net_opportunities : bool, default True

    Returns
    -------
    dict
        ``cost`` and ``days``.

    Examples
    --------
    >>> register = load_register()
    >>> threats = contingency_reserve(register, net_opportunities=False)
    >>> threats["cost"] > contingency_reserve(register, basis="accepted")["cost"] > 0
    True
    """
    register = _register(register)
    basis = check_choice("basis", basis, RESERVE_BASES)
    net_opportunities = _flag("net_opportunities", net_opportunities)
    active = (register["status"] == "active").to_numpy()
    if basis == "accepted":
        mask = active & (register["response"] == "accept").to_numpy()
    else:
        mask = active & (register["response"] != "escalate").to_numpy()
    table = _exposure(register, residual=basis == "residual")[mask]
    if not net_opportunities:
        table = table[table["kind"] == "threat"]
    return {"cost": max(0.0, -_total("the contingency reserve (cost)", table["emv_cost"])),
            "days": max(0.0, -_total("the contingency reserve (days)", table["emv_days"]))}


def response_value(register):
    """Whether each response pays: EMV reduction against the response's cost.

    For every risk the project responds to itself (not *accept*, and not
    *escalate*: an escalated risk is owned by the programme, portfolio or part
    of the organisation that accepted it, and the project no longer manages it,
    though it may keep it in its register, marked escalated, for information): the
    EMV before and after the response (residual probability and impact), the
    reduction in expected loss (for a threat) or the gain in expected value
    (for an opportunity), and ``pays`` when that exceeds the response cost.
    Only money is weighed: schedule days are not priced.

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
    acted = register[~register["response"].isin(["accept", "escalate"])]
    before = _exposure(acted, False)["emv_cost"].to_numpy()
    after = _exposure(acted, True)["emv_cost"].to_numpy()
    with np.errstate(over="ignore", invalid="ignore"):
        improvement = after - before  # less negative for a threat, more positive for an opportunity
        cost = acted["response_cost"].to_numpy(dtype=float)
        check_finite("the improvement of a response (EMV after minus before)", improvement)
        check_finite("the net value of a response (improvement minus cost)", improvement - cost)
    return pd.DataFrame({
        "response": acted["response"].to_numpy(), "emv_before": before, "emv_after": after,
        "improvement": improvement, "response_cost": cost, "net": improvement - cost,
        "pays": improvement > cost,
    }, index=pd.Index(acted["id"], name="id"))


def burndown(register, plan=None, residual: bool = False):
    """Expected exposure left over the project: a risk burndown (teaching model).

    Each active threat is assumed to stay open until its phase ends in the
    plan (the early finish of the phase's last task), then to close. The
    curve is the total expected loss of the threats still open, stepping
    down on the days phases end.

    Parameters
    ----------
    register : DataFrame
    plan : Plan, optional
        Default the sample ERP plan.
    residual : bool
        Use the residual probabilities and impacts (responses in place).

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` (0 and each phase's end) and ``exposure`` (a positive
        expected loss still open from that day).

    Examples
    --------
    >>> curve = burndown(load_register())
    >>> bool(curve["exposure"].is_monotonic_decreasing), float(curve["exposure"].iloc[-1])
    (True, 0.0)
    """
    import pandas as pd

    from . import schedule

    register = _register(register)
    residual = _flag("residual", residual)
    if plan is None:
        plan = schedule.load_plan()
    if not isinstance(plan, schedule.Plan):
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__} {shown(plan)}")
    table = schedule.analyse(plan).table
    phase_end = table.groupby("phase")["early_finish"].max().to_dict()
    threats = register[(register["kind"] == "threat") & (register["status"] == "active")]
    missing = [(r, p) for r, p in zip(threats["id"], threats["phase"]) if p not in phase_end]
    if missing:
        raise ValueError(f"risk {missing[0][0]!r} is in phase {missing[0][1]!r}, which has no "
                         "task in the plan, so it would never close")
    closes = np.array([phase_end[p] for p in threats["phase"]])
    loss = -_exposure(threats, residual)["emv_cost"].to_numpy()
    days = np.unique(np.concatenate([[0.0], list(phase_end.values())]))
    left = [_total("the exposure left (the sum of expected losses)", loss * (closes > day))
            for day in days]
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
    return {"budget": float(check_finite("the budget", float(tasks.cost_most_likely.sum()))),
            "duration": float(schedule.analyse(tasks.plan).duration)}
