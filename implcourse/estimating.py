"""Three-point estimates: PERT and triangular means, spreads, and estimated plans.

An estimate gives three values for a task: optimistic (O), most likely (M)
and pessimistic (P), with ``0 <= O <= M <= P``.

* PERT (beta) mean :math:`(O + 4M + P)/6` and standard deviation
  :math:`(P - O)/6`;
* triangular mean :math:`(O + M + P)/3`;
* the variance of a path of independent tasks is the sum of their
  variances (its standard deviation is *not* the sum of theirs).

An :class:`EstimatedPlan` joins a :class:`~implcourse.schedule.Plan` with an
estimate for every task: the input of the Monte Carlo simulation.

Examples
--------
Heizer, Render and Munson's activity F (optimistic 1, most likely 2,
pessimistic 9 weeks):

>>> f = pert(1, 2, 9)
>>> round(f.mean, 2), round(f.variance, 2)
(3.0, 1.78)
>>> triangular_mean(1, 2, 9)
4.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import Field, model_validator

from . import schedule
from .content import ContentModel, Slug, cached_by_file, load_rows

__all__ = ["ThreePoint", "pert", "triangular_mean", "path_variance", "Estimate",
           "EstimatedPlan", "load_estimates", "estimated_plan"]

DEFAULT_ESTIMATES = "plans/erp_rollout_estimates.csv"


def _three(name_o: str, o, name_m: str, m, name_p: str, p):
    """Three arrays (or numbers) of estimates, checked: finite, >= 0 and ordered."""
    arrays = []
    for name, value in ((name_o, o), (name_m, m), (name_p, p)):
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name} must be a number or an array of numbers, got "
                            f"{type(value).__name__} {value!r}")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number or an array of numbers, got "
                            f"{value!r}") from None
        if not np.isfinite(array).all():
            raise ValueError(f"{name} must be finite, got {value!r}")
        if (array < 0).any():
            raise ValueError(f"{name} must not be negative, got {value!r}")
        arrays.append(array)
    o, m, p = np.broadcast_arrays(*arrays)
    if (o > m).any() or (m > p).any():
        bad = np.argwhere((o > m) | (m > p))[0] if o.ndim else ()
        at = f" (at position {tuple(int(i) for i in bad)})" if o.ndim else ""
        raise ValueError(f"estimates must be ordered {name_o} <= {name_m} <= {name_p}, got "
                         f"{o[tuple(bad)]:g}, {m[tuple(bad)]:g}, {p[tuple(bad)]:g}{at}")
    return o, m, p


@dataclass(frozen=True)
class ThreePoint:
    """A PERT estimate: :attr:`mean`, :attr:`sd` and :attr:`variance`
    (numbers, or arrays for arrays of estimates)."""

    optimistic: float | np.ndarray
    most_likely: float | np.ndarray
    pessimistic: float | np.ndarray

    @property
    def mean(self):
        """:math:`(O + 4M + P)/6`."""
        return (self.optimistic + 4 * self.most_likely + self.pessimistic) / 6

    @property
    def sd(self):
        """:math:`(P - O)/6`."""
        return (self.pessimistic - self.optimistic) / 6

    @property
    def variance(self):
        """:math:`((P - O)/6)^2`."""
        return self.sd ** 2


def _scalar(array: np.ndarray):
    return float(array) if array.ndim == 0 else array


def pert(optimistic, most_likely, pessimistic) -> ThreePoint:
    r"""A PERT (beta) three-point estimate.

    .. math:: t_E = \frac{O + 4M + P}{6}, \qquad \sigma = \frac{P - O}{6}

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float or array
        Ordered, non-negative estimates (arrays broadcast together).

    Raises
    ------
    ValueError
        If an estimate is negative, not finite, or the three are not
        ordered ``optimistic <= most_likely <= pessimistic``.

    Examples
    --------
    >>> pert(2, 4, 6).mean, pert(2, 4, 6).sd
    (4.0, 0.6666666666666666)
    >>> pert(5, 4, 6)
    Traceback (most recent call last):
    ...
    ValueError: estimates must be ordered optimistic <= most_likely <= pessimistic, got 5, 4, 6
    """
    o, m, p = _three("optimistic", optimistic, "most_likely", most_likely,
                     "pessimistic", pessimistic)
    return ThreePoint(_scalar(o), _scalar(m), _scalar(p))


def triangular_mean(optimistic, most_likely, pessimistic):
    r"""The mean of a triangular distribution, :math:`(O + M + P)/3`.

    It weighs the extremes more than PERT does, so for a skewed estimate it
    lies further towards the long tail.

    Examples
    --------
    >>> triangular_mean(2, 4, 12)
    6.0
    """
    o, m, p = _three("optimistic", optimistic, "most_likely", most_likely,
                     "pessimistic", pessimistic)
    return _scalar((o + m + p) / 3)


def path_variance(variances: Sequence[float]) -> float:
    """The variance of a path of independent tasks: the sum of their variances.

    Examples
    --------
    >>> path_variance([pert(1, 2, 3).variance, pert(1, 4, 7).variance])
    1.1111111111111112
    """
    try:
        values = (None if isinstance(variances, (str, bytes))
                  else np.asarray(variances, dtype=float))
    except (TypeError, ValueError):
        values = None
    if values is None or values.ndim != 1 or values.size == 0:
        raise TypeError(f"variances must be a non-empty sequence of numbers, got {variances!r}")
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"variances must be finite and >= 0, got {variances!r}")
    return float(values.sum())


# --------------------------------------------------------------------------
# Estimated plans
# --------------------------------------------------------------------------

class Estimate(ContentModel):
    """Three-point estimates for one task: days, and optionally cost."""

    id: Slug
    optimistic: float = Field(ge=0, allow_inf_nan=False)
    most_likely: float = Field(ge=0, allow_inf_nan=False)
    pessimistic: float = Field(ge=0, allow_inf_nan=False)
    cost_optimistic: float = Field(0.0, ge=0, allow_inf_nan=False)
    cost_most_likely: float = Field(0.0, ge=0, allow_inf_nan=False)
    cost_pessimistic: float = Field(0.0, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if not self.optimistic <= self.most_likely <= self.pessimistic:
            raise ValueError(f"days must be ordered optimistic <= most_likely <= pessimistic, "
                             f"got {self.optimistic:g}, {self.most_likely:g}, "
                             f"{self.pessimistic:g}")
        if not self.cost_optimistic <= self.cost_most_likely <= self.cost_pessimistic:
            raise ValueError("costs must be ordered cost_optimistic <= cost_most_likely <= "
                             f"cost_pessimistic, got {self.cost_optimistic:g}, "
                             f"{self.cost_most_likely:g}, {self.cost_pessimistic:g}")
        return self


_load_estimates = cached_by_file(lambda path: load_rows(path, Estimate))


def load_estimates(name: str = DEFAULT_ESTIMATES) -> tuple[Estimate, ...]:
    """Three-point estimates from a CSV file (one row per task id), validated:
    days and costs ordered optimistic <= most likely <= pessimistic, none
    negative. An edited file is read again."""
    return _load_estimates(name)


@dataclass(frozen=True, eq=False)
class EstimatedPlan:
    """A plan with three-point estimates for every task, in the plan's order.

    Build it with :func:`estimated_plan`. The arrays are aligned with
    ``plan.ids``.
    """

    plan: schedule.Plan
    optimistic: np.ndarray
    most_likely: np.ndarray
    pessimistic: np.ndarray
    cost_optimistic: np.ndarray
    cost_most_likely: np.ndarray
    cost_pessimistic: np.ndarray

    @property
    def ids(self) -> list[str]:
        """Task ids, in the plan's order."""
        return self.plan.ids

    def pert(self) -> ThreePoint:
        """PERT estimates of the task durations (arrays in plan order)."""
        return ThreePoint(self.optimistic, self.most_likely, self.pessimistic)

    def to_frame(self):
        """The estimates as a DataFrame indexed by task id, with PERT mean and sd."""
        import pandas as pd

        frame = pd.DataFrame({
            "name": [t.name for t in self.plan.tasks],
            "optimistic": self.optimistic, "most_likely": self.most_likely,
            "pessimistic": self.pessimistic, "pert_mean": self.pert().mean,
            "pert_sd": self.pert().sd,
        }, index=pd.Index(self.ids, name="id"))
        return frame


def estimated_plan(plan: schedule.Plan | None = None,
                   estimates: Sequence[Estimate] | Mapping[str, Sequence[float]] | None = None,
                   ) -> EstimatedPlan:
    """Join a plan with three-point estimates for every one of its tasks.

    Parameters
    ----------
    plan : Plan, optional
        By default the sample ERP plan.
    estimates : sequence of Estimate, or mapping, optional
        Estimates for every task: :class:`Estimate` objects, or a mapping of
        task id to ``(optimistic, most_likely, pessimistic)`` days. By default
        ``datasets/plans/erp_rollout_estimates.csv``.

    Raises
    ------
    ValueError
        If a task has no estimate, an estimate names a task the plan does
        not have, or an estimate is not ordered or negative.

    Examples
    --------
    >>> plan = schedule.Plan.from_records([
    ...     {"id": "a", "name": "A", "duration": 2},
    ...     {"id": "b", "name": "B", "duration": 3, "depends_on": ["a"]}])
    >>> est = estimated_plan(plan, {"a": (1, 2, 4), "b": (2, 3, 7)})
    >>> est.pert().mean.round(3).tolist()
    [2.167, 3.5]
    >>> estimated_plan(plan, {"a": (1, 2, 4)})
    Traceback (most recent call last):
    ...
    ValueError: estimates has no estimate for task 'b'
    """
    if plan is None:
        plan = schedule.load_plan()
    if not isinstance(plan, schedule.Plan):
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__}")
    if estimates is None:
        estimates = load_estimates()
    if isinstance(estimates, Mapping):
        rows = {}
        for task_id, values in estimates.items():
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or \
                    len(values) != 3:
                raise ValueError(f"estimates[{task_id!r}] must be (optimistic, most_likely, "
                                 f"pessimistic), got {values!r}")
            o, m, p = _three(f"estimates[{task_id!r}] optimistic", values[0],
                             "most_likely", values[1], "pessimistic", values[2])
            rows[task_id] = (float(o), float(m), float(p), 0.0, 0.0, 0.0)
    else:
        rows = {}
        for i, e in enumerate(estimates):
            if not isinstance(e, Estimate):
                raise TypeError(f"estimates[{i}] must be an Estimate, got {type(e).__name__}")
            rows[e.id] = (e.optimistic, e.most_likely, e.pessimistic, e.cost_optimistic,
                          e.cost_most_likely, e.cost_pessimistic)
    for task_id in rows:
        if task_id not in plan:
            raise ValueError(f"estimates names {task_id!r}, which is not a task of the plan")
    missing = [t for t in plan.ids if t not in rows]
    if missing:
        raise ValueError(f"estimates has no estimate for task {missing[0]!r}")
    table = np.array([rows[t] for t in plan.ids], dtype=float)
    return EstimatedPlan(plan, *table.T)

