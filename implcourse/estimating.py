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

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import Field, model_validator

from . import schedule
from .content import ContentModel, Slug, cached_by_file, load_rows
from .limits import MAX_TASKS
from .validation import check_finite, check_number, shown

__all__ = ["ThreePoint", "pert", "triangular_mean", "path_variance", "Estimate",
           "EstimatedPlan", "load_estimates", "estimated_plan"]

DEFAULT_ESTIMATES = "plans/erp_rollout_estimates.csv"


def _numbers(name: str, value: object, *, minimum: float | None = None,
             maximum: float | None = None) -> np.ndarray:
    """A number or an array of numbers as a float array, checked at the boundary.

    Refused, with a message naming ``name`` and showing the value: a text
    (``"0.5"`` is not a number), a boolean, ``None``, a dict, an empty or
    ragged list, an integer too large for a float, NaN, infinity, and values
    outside ``[minimum, maximum]``. Hand-written because numpy converts texts
    and booleans to numbers without a word.

    Examples
    --------
    >>> _numbers("impact", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> _numbers("probability", "0.5")
    Traceback (most recent call last):
    ...
    TypeError: probability must be a number or a list of numbers, got str '0.5'
    """
    def refuse(detail: object = None):
        raise TypeError(f"{name} must be a number or a list of numbers, got "
                        f"{type(value).__name__} {shown(value if detail is None else detail)}")

    if isinstance(value, (str, bytes, bool, np.bool_, Mapping)) or value is None:
        refuse()
    if isinstance(value, numbers.Real):
        array = np.asarray(check_number(name, value))
    else:
        if hasattr(value, "to_numpy") and not hasattr(value, "columns"):  # a Series
            value = value.to_numpy()
        if hasattr(value, "columns") or not isinstance(value, (Iterable, np.ndarray)):
            refuse()
        try:  # a list is read item by item, as numpy would turn True into 1
            array = np.asarray(value, dtype=None if isinstance(value, np.ndarray) else object)
        except (TypeError, ValueError):  # a ragged list
            refuse()
        if array.size == 0:
            raise ValueError(f"{name} must not be empty, got {shown(value)}")
        if array.dtype.kind not in "iuf":
            if array.dtype.kind != "O":
                refuse()
            for item in array.flat:  # a list of Python objects: each must be a number
                if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
                    refuse(item)
                if isinstance(item, numbers.Integral) and abs(int(item)) > 2 ** 1023:
                    raise ValueError(f"{name} must be finite numbers, got {shown(item)}")
        array = array.astype(float)
    if not np.isfinite(array).all():
        bad = array[~np.isfinite(array)].flat[0]
        raise ValueError(f"{name} must be finite, got {shown(value) if array.ndim else bad}")
    for bound, wrong, words in ((minimum, array < (minimum or 0), "not be below"),
                                (maximum, array > (maximum or 0), "not be above")):
        if bound is not None and wrong.any():
            bad = array[wrong].flat[0]
            raise ValueError(f"{name} must {words} {bound:g}, got {bad:g}"
                             + (f" (in {shown(value)})" if array.ndim else ""))
    return array


def _broadcast(names: str, *arrays: np.ndarray) -> list[np.ndarray]:
    """Arrays broadcast together, or a message naming them and their shapes."""
    try:
        return np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise ValueError(f"{names} must be numbers or arrays of the same length, got shapes "
                         f"{shapes}") from None


def _three(name_o: str, o, name_m: str, m, name_p: str, p):
    """Three arrays (or numbers) of estimates, checked: finite, >= 0 and ordered."""
    arrays = []
    for name, value in ((name_o, o), (name_m, m), (name_p, p)):
        array = _numbers(name, value)
        if (array < 0).any():
            raise ValueError(f"{name} must not be negative, got {shown(value)}")
        arrays.append(array)
    o, m, p = _broadcast(f"{name_o}, {name_m} and {name_p}", *arrays)
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

    def __post_init__(self) -> None:
        o, m, p = _three("optimistic", self.optimistic, "most_likely", self.most_likely,
                         "pessimistic", self.pessimistic)
        for name, value in (("optimistic", o), ("most_likely", m), ("pessimistic", p)):
            object.__setattr__(self, name, _scalar(value))
        # Each value can be finite while the mean or variance overflows.
        with np.errstate(over="ignore", invalid="ignore"):
            check_finite("the PERT mean of optimistic, most_likely and pessimistic",
                         np.asarray(self.mean, dtype=float))
            check_finite("the PERT variance of optimistic and pessimistic",
                         np.asarray(self.variance, dtype=float))

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
        with np.errstate(over="ignore"):
            value = np.square(np.asarray(self.sd, dtype=float))
        return float(value) if value.ndim == 0 else value


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
    return ThreePoint(optimistic, most_likely, pessimistic)


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
    with np.errstate(over="ignore", invalid="ignore"):
        return _scalar(check_finite(
            "the triangular mean of optimistic, most_likely and pessimistic", (o + m + p) / 3))


def path_variance(variances: Sequence[float]) -> float:
    """The variance of a path of independent tasks: the sum of their variances.

    Examples
    --------
    >>> path_variance([pert(1, 2, 3).variance, pert(1, 4, 7).variance])
    1.1111111111111112
    """
    def wrong_shape():
        raise TypeError(f"variances must be a non-empty sequence of numbers, got "
                        f"{type(variances).__name__} {shown(variances)}")

    if isinstance(variances, numbers.Real) and not isinstance(variances, bool):
        wrong_shape()
    try:
        values = _numbers("variances", variances, minimum=0)
    except TypeError:
        wrong_shape()
    except ValueError as err:
        if "empty" in str(err):
            wrong_shape()
        raise ValueError(f"variances must be finite and >= 0, got {shown(variances)}") from None
    if values.ndim != 1:
        wrong_shape()
    with np.errstate(over="ignore"):
        return float(check_finite("the path variance (the sum of variances)",
                                  float(values.sum())))


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

    def __post_init__(self) -> None:
        if not isinstance(self.plan, schedule.Plan):
            raise TypeError(f"plan must be a Plan, got {type(self.plan).__name__} "
                            f"{shown(self.plan)}")
        arrays = {}
        for prefix in ("", "cost_"):
            names = [f"{prefix}optimistic", f"{prefix}most_likely", f"{prefix}pessimistic"]
            checked = _three(*(x for name in names for x in (name, getattr(self, name))))
            for name, array in zip(names, checked):
                if array.shape != (len(self.plan),):
                    raise ValueError(f"{name} must hold one value per task of the plan "
                                     f"({len(self.plan)}), got shape {array.shape}")
                arrays[name] = np.array(array, dtype=float)
        for name, array in arrays.items():
            object.__setattr__(self, name, array)

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
    estimates : sequence of Estimate, list of dicts, DataFrame or mapping, optional
        Estimates for every task: :class:`Estimate` objects, dicts or the
        rows of a DataFrame with the columns of an estimates file (checked
        as a file's rows are, see :func:`load_estimates`), or a mapping of
        task id to ``(optimistic, most_likely, pessimistic)`` days. By default
        ``datasets/plans/erp_rollout_estimates.csv``.

    Raises
    ------
    TypeError, ValueError
        If a task has no estimate, has two, an estimate names a task the
        plan does not have, or an estimate is not a number, not ordered or
        negative.

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
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__} {shown(plan)}")
    if estimates is None:
        estimates = load_estimates()
    if isinstance(estimates, Mapping):
        if len(estimates) > MAX_TASKS:
            raise ValueError(f"estimates holds too many tasks: at most {MAX_TASKS:,} are "
                             f"allowed (implcourse.limits.MAX_TASKS), got {len(estimates):,}")
        rows = {}
        for task_id, values in estimates.items():
            if not isinstance(task_id, str):
                raise TypeError(f"estimates keys must be task ids (text), got {shown(task_id)}")
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or \
                    len(values) != 3:
                raise ValueError(f"estimates[{task_id!r}] must be (optimistic, most_likely, "
                                 f"pessimistic), got {shown(values)}")
            for value, part in zip(values, ("optimistic", "most_likely", "pessimistic")):
                if not isinstance(value, numbers.Real) or isinstance(value, bool):
                    raise TypeError(f"estimates[{task_id!r}] {part} must be a number, got "
                                    f"{type(value).__name__} {shown(value)}")
            o, m, p = _three(f"estimates[{task_id!r}] optimistic", values[0],
                             "most_likely", values[1], "pessimistic", values[2])
            rows[task_id] = (float(o), float(m), float(p), 0.0, 0.0, 0.0)
    else:
        rows = {e.id: (e.optimistic, e.most_likely, e.pessimistic, e.cost_optimistic,
                       e.cost_most_likely, e.cost_pessimistic)
                for e in schedule._validated_records("estimates", estimates, Estimate,
                                                     limit=MAX_TASKS, what="estimates")}
    for task_id in rows:
        if task_id not in plan:
            raise ValueError(f"estimates names {task_id!r}, which is not a task of the plan")
    missing = [t for t in plan.ids if t not in rows]
    if missing:
        raise ValueError(f"estimates has no estimate for task {missing[0]!r}")
    table = np.array([rows[t] for t in plan.ids], dtype=float)
    return EstimatedPlan(plan, *table.T)
