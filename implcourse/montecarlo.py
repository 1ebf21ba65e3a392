"""Monte Carlo simulation of a project's duration and cost.

Each iteration draws every task's duration (or cost) from its three-point
estimate, draws which risks of the register occur, and computes the project
result. The whole run is vectorised with NumPy: the only Python loops are
over the tasks of the network (tens) and the risks (tens), never over the
iterations (thousands or millions).

Model, stated once (a teaching model):

* durations follow a PERT-beta distribution (shape parameters
  :math:`1 + 4(M-O)/(P-O)` and :math:`1 + 4(P-M)/(P-O)`, whose mean is the
  PERT mean) or a triangular one; tasks are independent;
* each risk occurs with its probability, independently of the others; a
  threat that occurs adds its impact days to one task (the register's
  ``task`` column, or else the last task of the risk's phase) and its impact
  cost to the total; an opportunity that occurs removes them (a duration
  never goes below zero);
* the same seed gives the same risk occurrences in :func:`simulate_schedule`
  and :func:`simulate_cost`, so the two runs describe the same futures.

Examples
--------
>>> from implcourse import estimating, schedule
>>> plan = schedule.Plan.from_records([
...     {"id": "a", "name": "A", "duration": 4},
...     {"id": "b", "name": "B", "duration": 6, "depends_on": ["a"]}])
>>> tasks = estimating.estimated_plan(plan, {"a": (2, 4, 9), "b": (4, 6, 11)})
>>> result = simulate_schedule(tasks, n=20_000, seed=1)
>>> expected = float(tasks.pert().mean.sum())
>>> abs(result.mean - expected) < 3 * result.standard_error
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import schedule
from .estimating import EstimatedPlan, _numbers
from .limits import MAX_SIMULATION_CELLS, MAX_SIMULATIONS
from .validation import check_choice, check_finite, check_int, check_number, check_str, shown

__all__ = ["DISTRIBUTIONS", "SimulationResult", "simulate_schedule", "simulate_cost",
           "risk_inputs"]

DISTRIBUTIONS = ("pert", "triangular")
_EPS = 1e-9


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """The outcome of a Monte Carlo run.

    Attributes
    ----------
    totals : numpy.ndarray
        One project result per iteration (days or money).
    baseline : float
        The plan's deterministic result from the most likely estimates.
    unit : str
        ``"days"`` or ``"cost"``.
    task_ids : list of str
        The tasks, in the plan's order.
    samples : numpy.ndarray
        Per-iteration, per-task draws (durations or costs), shape
        ``(n, tasks)``.
    critical : numpy.ndarray or None
        For schedules: whether each task was critical in each iteration,
        shape ``(n, tasks)``.
    finishes : numpy.ndarray or None
        For schedules: each task's early finish in each iteration, shape
        ``(n, tasks)`` (see :meth:`finish_of`).
    occurred : numpy.ndarray
        Whether each risk occurred in each iteration, shape ``(n, risks)``.
    risk_ids : list of str
    """

    totals: np.ndarray
    baseline: float
    unit: str
    task_ids: list[str]
    samples: np.ndarray
    occurred: np.ndarray
    risk_ids: list[str] = field(default_factory=list)
    critical: np.ndarray | None = None
    finishes: np.ndarray | None = None

    def __post_init__(self) -> None:
        totals = _numbers("totals", self.totals)
        if totals.ndim != 1:
            raise ValueError(f"totals must be one result per iteration (1-D), got shape "
                             f"{totals.shape}")
        object.__setattr__(self, "totals", totals)
        object.__setattr__(self, "baseline", check_number("baseline", self.baseline))
        object.__setattr__(self, "unit", check_choice("unit", self.unit, ["days", "cost"]))
        if isinstance(self.task_ids, (str, bytes)) or not isinstance(self.task_ids,
                                                                       (list, tuple)):
            raise TypeError(f"task_ids must be a list of task ids, got "
                            f"{type(self.task_ids).__name__} {shown(self.task_ids)}")
        for name in ("samples", "occurred", "critical", "finishes"):
            value = getattr(self, name)
            if value is None and name in ("critical", "finishes"):
                continue
            if not isinstance(value, np.ndarray) or value.ndim != 2 or \
                    value.shape[0] != totals.size:
                raise ValueError(f"{name} must be an array with one row per iteration "
                                 f"(one per value of totals: {totals.size}), got "
                                 f"{type(value).__name__} {shown(value)}")

    @property
    def n(self) -> int:
        """The number of iterations."""
        return int(self.totals.size)

    @property
    def mean(self) -> float:
        """The mean result."""
        return float(self.totals.mean())

    @property
    def sd(self) -> float:
        """The standard deviation of the results."""
        return float(self.totals.std(ddof=1)) if self.n > 1 else 0.0

    @property
    def standard_error(self) -> float:
        """The standard error of :attr:`mean`: sd / sqrt(n)."""
        return self.sd / math.sqrt(self.n)

    def percentile(self, confidence: float) -> float:
        """The result not exceeded with this confidence (0.8 gives P80).

        Examples
        --------
        >>> r = SimulationResult(np.arange(1.0, 101.0), 50.0, "days", [], np.empty((100, 0)),
        ...                      np.empty((100, 0), dtype=bool))
        >>> r.percentile(0.8)
        80.2
        """
        confidence = check_number("confidence", confidence, minimum=0, maximum=1)
        return float(np.quantile(self.totals, confidence))

    def percentiles(self, levels=(0.5, 0.8, 0.9)) -> dict[str, float]:
        """P50, P80, P90 (or the levels given), keyed ``"P50"``, ``"P97.5"`` and so on.

        Examples
        --------
        >>> r = SimulationResult(np.arange(1.0, 101.0), 50.0, "days", [], np.empty((100, 0)),
        ...                      np.empty((100, 0), dtype=bool))
        >>> {key: round(value, 3) for key, value in r.percentiles((0.5, 0.975)).items()}
        {'P50': 50.5, 'P97.5': 97.525}
        """
        if isinstance(levels, (str, bytes)) or not isinstance(levels, (list, tuple, np.ndarray)):
            raise TypeError(f"levels must be a list of confidence levels such as (0.5, 0.8), "
                            f"got {type(levels).__name__} {shown(levels)}")
        checked = [check_number(f"levels[{i}]", q, minimum=0, maximum=1)
                   for i, q in enumerate(levels)]
        if not checked:
            return {}
        values = np.quantile(self.totals, checked)  # one pass for every level
        return {f"P{q * 100:g}": float(v) for q, v in zip(checked, values)}

    def probability_within(self, target: float) -> float:
        """The share of iterations that finish by (or cost at most) ``target``."""
        target = check_number("target", target)
        return float((self.totals <= target + _EPS).mean())

    def contingency(self, confidence: float) -> float:
        """The reserve above the baseline needed for this confidence level:
        ``percentile(confidence) - baseline`` (zero if the baseline already
        suffices)."""
        return max(0.0, self.percentile(confidence) - self.baseline)

    def s_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The S-curve: sorted results and the share of iterations at or below each."""
        ordered = np.sort(self.totals)
        return ordered, np.arange(1, ordered.size + 1) / ordered.size

    def finish_of(self, task_id: str) -> np.ndarray:
        """The finish day of one task in every iteration (a milestone's date, say).

        Raises
        ------
        ValueError
            For a cost simulation, or a task id not in the plan.
        """
        task_id = check_str("task_id", task_id)
        if self.finishes is None:
            raise ValueError("finish_of needs a schedule simulation, not a cost simulation")
        if task_id not in self.task_ids:
            raise ValueError(f"task_id {task_id!r} is not a task of the simulated plan")
        return self.finishes[:, self.task_ids.index(task_id)]

    def criticality(self):
        """Each task's criticality index: the share of iterations in which it
        was critical, as a Series sorted from most to least critical.

        Raises
        ------
        ValueError
            For a cost simulation, which has no critical path.
        """
        import pandas as pd

        if self.critical is None:
            raise ValueError("criticality needs a schedule simulation, not a cost simulation")
        index = pd.Series(self.critical.mean(axis=0), index=self.task_ids, name="criticality")
        return index.sort_values(ascending=False, kind="stable")

    def always_critical(self) -> list[str]:
        """The tasks on the critical path in every iteration, in plan order.

        They have a criticality index of exactly 1 and say little about where
        the race is, so the course's criticality charts leave them out.

        Raises
        ------
        ValueError
            For a cost simulation, which has no critical path.
        """
        if self.critical is None:
            raise ValueError("always_critical needs a schedule simulation, not a cost "
                             "simulation")
        every = self.critical.all(axis=0)
        return [task for task, always in zip(self.task_ids, every) if always]


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

def _tasks(tasks) -> EstimatedPlan:
    if isinstance(tasks, EstimatedPlan):
        return tasks
    raise TypeError(f"tasks must be an EstimatedPlan (see estimating.estimated_plan), got "
                    f"{type(tasks).__name__}")


def risk_inputs(risks, plan: schedule.Plan, residual: bool = False):
    """The risks as arrays: probability, signed days and cost, and target task.

    ``risks`` is a register DataFrame (see :func:`implcourse.risk.load_register`),
    checked row by row as a register file is; only *active* risks are
    simulated. Threats add days and cost, opportunities remove them. Each
    risk acts on the task its ``task`` column names, or, if the register has
    none for it, on the last task of its phase in the plan.
    With ``residual`` the probabilities and impacts after the planned
    responses are used.

    Returns
    -------
    ids, probability, days, cost, task_index : arrays
    """
    import pandas as pd

    from .risk import _flag, _register  # here: implcourse.risk imports this module

    if not isinstance(plan, schedule.Plan):
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__} {shown(plan)}")
    residual = _flag("residual", residual)
    if risks is None:
        empty = np.empty(0)
        return [], empty, empty, empty, np.empty(0, dtype=int)
    if not isinstance(risks, pd.DataFrame):
        raise TypeError(f"risks must be a register DataFrame, got {type(risks).__name__} "
                        f"{shown(risks)}")
    risks = _register(risks, "risks")
    active = risks[risks["status"] == "active"]
    prefix = "residual_" if residual else ""
    probability = active[f"{prefix}probability"].to_numpy(dtype=float)
    wrong = (probability < 0) | (probability > 1) | ~np.isfinite(probability)
    if wrong.any():
        raise ValueError(f"risks has a probability outside [0, 1] (risk "
                         f"{active['id'].to_numpy()[wrong][0]!r}: {probability[wrong][0]})")
    for column in (f"{prefix}impact_cost", f"{prefix}impact_days"):
        values = active[column].to_numpy(dtype=float)
        wrong = ~np.isfinite(values) | (values < 0)
        if wrong.any():
            raise ValueError(f"risks has a bad {column} (risk "
                             f"{active['id'].to_numpy()[wrong][0]!r}: {values[wrong][0]}); "
                             "impacts are finite amounts >= 0")
    sign = np.where(active["kind"].to_numpy() == "opportunity", -1.0, 1.0)
    phase_end = _phase_end_tasks(plan)
    named = active["task"] if "task" in active.columns else [None] * len(active)
    position = {task_id: i for i, task_id in enumerate(plan.ids)}
    targets = []
    for risk_id, phase, task in zip(active["id"], active["phase"], named):
        if isinstance(task, str) and task.strip():
            task = task.strip()
            if task not in position:
                raise ValueError(f"risk {risk_id!r} names task {task!r}, which is not a task "
                                 "of the plan")
            targets.append(position[task])
            continue
        if phase not in phase_end:
            raise ValueError(f"risk {risk_id!r} is in phase {phase!r}, which has no task in "
                             f"the plan")
        targets.append(position[phase_end[phase]])
    return (active["id"].tolist(), probability,
            sign * active[f"{prefix}impact_days"].to_numpy(dtype=float),
            sign * active[f"{prefix}impact_cost"].to_numpy(dtype=float),
            np.array(targets, dtype=int))


def _phase_end_tasks(plan: schedule.Plan) -> dict[str, str]:
    """For each phase, the task of that phase that finishes last in the plan
    (of those that tie, the last in the plan's order)."""
    table = schedule.analyse(plan).table
    ends: dict[str, tuple[str, float]] = {}
    for task_id, phase, finish in zip(table.index, table["phase"],
                                      table["early_finish"].to_numpy(dtype=float)):
        if phase is None:
            continue
        best = ends.get(phase)
        if best is None or finish >= best[1]:
            ends[phase] = (task_id, finish)
    return {phase: task_id for phase, (task_id, _) in ends.items()}


def _setup(tasks, n, seed, distribution, risks):
    """Checked arguments, and the simulation's size refused before any draw."""
    tasks = _tasks(tasks)
    n = check_int("n", n, minimum=1, maximum=MAX_SIMULATIONS)
    seed = check_int("seed", seed, minimum=0)
    distribution = check_choice("distribution", distribution, list(DISTRIBUTIONS))
    rows = len(risks) if hasattr(risks, "__len__") and not isinstance(risks, str) else 0
    for count, what in ((len(tasks.ids), "tasks"), (rows, "risks")):
        if n * count > MAX_SIMULATION_CELLS:
            raise ValueError(f"n ({n:,}) iterations of {count:,} {what} would draw "
                             f"{n * count:,} numbers; at most {MAX_SIMULATION_CELLS:,} are "
                             f"allowed (implcourse.limits): lower n to "
                             f"{MAX_SIMULATION_CELLS // count:,} or fewer")
    return tasks, n, np.random.default_rng(seed), distribution


def _draw(rng: np.random.Generator, n: int, o: np.ndarray, m: np.ndarray, p: np.ndarray,
          distribution: str) -> np.ndarray:
    """``n`` draws for each task, task-major: shape (tasks, n), each task's draws
    contiguous (the passes below read whole rows). A task with O == P is constant."""
    span = p - o
    spread = span > 0
    out = np.empty((o.size, n))
    out[~spread] = o[~spread, None]
    if spread.any():
        os_, ms, ps, spans = o[spread], m[spread], p[spread], span[spread]
        if distribution == "pert":
            alpha = 1 + 4 * (ms - os_) / spans
            beta = 1 + 4 * (ps - ms) / spans
            draws = rng.beta(alpha[:, None], beta[:, None], size=(spans.size, n))
            out[spread] = os_[:, None] + spans[:, None] * draws
        else:
            out[spread] = rng.triangular(os_[:, None], ms[:, None], ps[:, None],
                                         size=(spans.size, n))
    return out


def _occurrences(rng: np.random.Generator, n: int, probability: np.ndarray) -> np.ndarray:
    """Which risks occur in each iteration, risk-major: shape (risks, n). Drawn
    first, so that a schedule run and a cost run with the same seed share them."""
    return rng.random((probability.size, n)) < probability[:, None]


# --------------------------------------------------------------------------
# Simulations
# --------------------------------------------------------------------------

def simulate_schedule(tasks, n: int, seed: int, distribution: str = "pert",
                      risks=None, *, residual: bool = False) -> SimulationResult:
    """Simulate the project duration over a task network.

    Parameters
    ----------
    tasks : EstimatedPlan
        The plan with three-point estimates (see
        :func:`implcourse.estimating.estimated_plan`).
    n : int
        Iterations, 1 to :data:`implcourse.limits.MAX_SIMULATIONS`; ``n``
        times the number of tasks (and of risks) is at most
        :data:`implcourse.limits.MAX_SIMULATION_CELLS`, checked before
        anything is drawn.
    seed : int
        Seed of the random draws; the same seed repeats the run exactly.
    distribution : {"pert", "triangular"}
    risks : DataFrame, optional
        The risk register; active risks add (threats) or remove
        (opportunities) days on their task (the ``task`` column, or the
        last task of their phase).
    residual : bool, default False
        Use the risks' residual probabilities and impacts: the project with
        its planned responses in place.

    Returns
    -------
    SimulationResult
        With ``critical``: whether each task had zero total float in each
        iteration, from vectorised forward and backward passes.

    Raises
    ------
    TypeError, ValueError
        For n out of range or too large for the plan, an unknown
        distribution, a bad risk register, or totals too large for a float.
    """
    tasks, n, rng, distribution = _setup(tasks, n, seed, distribution, risks)
    plan = tasks.plan
    risk_ids, probability, days, _, target = risk_inputs(risks, plan, residual)
    occurred = _occurrences(rng, n, probability)
    durations = _draw(rng, n, tasks.optimistic, tasks.most_likely, tasks.pessimistic,
                      distribution)
    for r in range(len(risk_ids)):  # one vector operation per risk, not per iteration
        durations[target[r]] += occurred[r] * days[r]
    np.maximum(durations, 0.0, out=durations)

    # Task-major arrays: every operation below reads or writes whole contiguous
    # rows of n iterations, in place where it can.
    index = {task_id: i for i, task_id in enumerate(plan.ids)}
    preds = {task.id: [index[d] for d in task.depends_on] for task in plan.tasks}
    succs = {task_id: [index[t] for t in after] for task_id, after in plan.successors().items()}
    finish = np.empty_like(durations)
    with np.errstate(over="ignore"):  # an overflow is refused just below
        for task_id in plan.order:  # forward pass: early finish
            i, before = index[task_id], preds[task_id]
            if not before:
                finish[i] = durations[i]
                continue
            np.copyto(finish[i], finish[before[0]])
            for j in before[1:]:
                np.maximum(finish[i], finish[j], out=finish[i])
            finish[i] += durations[i]
    total = finish.max(axis=0)
    check_finite("the simulated project duration", total)
    late_start = np.empty_like(durations)
    critical = np.empty(durations.shape, dtype=bool)
    tolerance = _EPS * np.maximum(1.0, total)
    late_finish = np.empty(n)
    for task_id in reversed(plan.order):  # backward pass: late finish, late start
        i, after = index[task_id], succs[task_id]
        if after:
            np.copyto(late_finish, late_start[after[0]])
            for j in after[1:]:
                np.minimum(late_finish, late_start[j], out=late_finish)
        else:
            np.copyto(late_finish, total)
        critical[i] = np.abs(late_finish - finish[i]) <= tolerance
        np.subtract(late_finish, durations[i], out=late_start[i])
    baseline = schedule.analyse(plan.with_changes(
        durations=dict(zip(plan.ids, tasks.most_likely.tolist())))).duration
    return SimulationResult(totals=total, baseline=float(baseline), unit="days",
                            task_ids=plan.ids, samples=durations.T, occurred=occurred.T,
                            risk_ids=risk_ids, critical=critical.T, finishes=finish.T)


def simulate_cost(tasks, n: int, seed: int, distribution: str = "pert",
                  risks=None, *, residual: bool = False) -> SimulationResult:
    """Simulate the project cost: the sum of the tasks' costs plus risk impacts.

    The same arguments as :func:`simulate_schedule`; tasks use their cost
    estimates (``cost_optimistic``, ``cost_most_likely``, ``cost_pessimistic``).
    Threats that occur add their impact cost, opportunities remove theirs.
    With ``residual`` the planned responses are in place: the residual
    values are drawn, and the cost of the responses (of active risks that
    are neither accepted nor escalated) is added to the baseline and to
    every iteration, so that the contingency is what is needed on top of a
    budget that already pays for the responses.

    Examples
    --------
    >>> from implcourse import estimating
    >>> tasks = estimating.estimated_plan()
    >>> run = simulate_cost(tasks, n=2_000, seed=3)
    >>> run.baseline == float(tasks.cost_most_likely.sum())
    True
    """
    tasks, n, rng, distribution = _setup(tasks, n, seed, distribution, risks)
    risk_ids, probability, _, cost, _ = risk_inputs(risks, tasks.plan, residual)
    occurred = _occurrences(rng, n, probability)
    costs = _draw(rng, n, tasks.cost_optimistic, tasks.cost_most_likely, tasks.cost_pessimistic,
                  distribution)
    with np.errstate(over="ignore", invalid="ignore"):
        total = costs.sum(axis=0)
        if len(risk_ids):
            total += cost @ occurred  # (risks,) @ (risks, n): each iteration's risk costs
        responses = _response_costs(risks) if residual else 0.0
        total += responses
        baseline = float(tasks.cost_most_likely.sum()) + responses
    check_finite("the simulated project cost", total)
    check_finite("the baseline cost", baseline)
    return SimulationResult(totals=total, baseline=baseline,
                            unit="cost", task_ids=tasks.plan.ids, samples=costs.T,
                            occurred=occurred.T, risk_ids=risk_ids)


def _response_costs(risks) -> float:
    """What the planned responses of the active risks cost (accepted and
    escalated risks have none here)."""
    if risks is None:
        return 0.0
    acted = risks[(risks["status"] == "active")
                  & ~risks["response"].isin(["accept", "escalate"])]
    return float(acted["response_cost"].sum())

