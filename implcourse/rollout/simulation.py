"""Compare rollout strategies over time: users moved, downtime, cost and exposure.

A **teaching model** with synthetic inputs, not a forecast. It shows the
trade-off the textbooks describe: a big bang moves everyone at once and
cheaply but exposes everyone to one escaped defect; phased and pilot
rollouts take longer and cost more cutovers but expose fewer users at a
time and learn as they go; a parallel run costs the most while it lasts
but its users are shielded by the old system.

Assumptions, stated once:

* users are spread evenly over the sites (the first sites take the
  remainder); a **cutover** moves one or more sites to the new system in a
  given week, and its users count as on the new system from that week;
* **big bang**: every site in one cutover in week 1; **parallel**: every
  site starts on the new system in week 1 while the old system keeps running
  for ``parallel_weeks``; **phased**: waves of ``sites_per_wave`` sites,
  ``cutovers_per_week`` waves a week, from week 1; **pilot**: one site in
  week 1, then after ``pilot_weeks`` of observation the other sites in waves
  as in phased. The team capacity limits only phased and pilot waves: a big
  bang or parallel start is one (large) cutover;
* each cutover's outage lasts ``downtime_hours`` whatever its size (in
  practice a bigger load takes longer); a parallel start has no outage,
  because the old system stays up;
* **cost** = number of cutovers x ``cutover_cost`` + ``parallel_cost_per_week``
  for each week of the parallel run (the extra cost of running and feeding
  two systems); the cost of defects is not counted;
* at each cutover a defect escapes testing with probability
  ``escape_probability``; an escaped defect hits the users moved at that
  cutover from its week until it is fixed ``fix_weeks`` later. Under a
  parallel run nobody is hit while the old system still runs. Each escaped
  defect found in an earlier week makes later cutovers safer: their escape
  probability is multiplied by ``(1 - lessons_learned)`` per earlier escape;
* random draws: strategy number *k* of :data:`STRATEGIES` draws
  ``rng.random((iterations, cutovers))`` from
  ``numpy.random.default_rng(SeedSequence([seed, k]))``, cutovers in time
  order, so a strategy's results do not depend on which others are run.

The run is vectorised like :mod:`implcourse.montecarlo`: the only Python loop
is over the cutovers (a few dozen), never over the iterations.

Examples
--------
>>> sim = simulate_rollout(seed=1)
>>> float(sim.summary.loc["Big bang (direct cutover)", "Weeks to move everyone"])
1.0
>>> sim.wide("users_new").iloc[-1].unique().tolist() == [SAMPLE_ORGANISATION["users"]]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..validation import check_finite, shown
from ..limits import MAX_SIMULATION_CELLS, MAX_SIMULATIONS
from .strategy import _amount, _probability, _whole, get_strategy

__all__ = ["STRATEGIES", "MEASURES", "SAMPLE_ORGANISATION", "ASSUMPTIONS",
           "RolloutSimulation", "simulate_rollout", "cutover_events"]

#: The strategies simulated, in this order.
#: Most users and sites a rollout simulation takes: far above the course's
#: organisations (thousands of users, tens of sites), and small enough that
#: every count, cost and user-hour stays an ordinary number.
MAX_USERS = 100_000_000
MAX_SITES = 10_000
#: Longest parallel run, pilot or fix taken, in weeks (ten years).
_MAX_WEEKS = 520
#: Longest outage per cutover taken, in hours (a year).
_MAX_HOURS = 8_760.0
#: Largest cost per cutover or per week of parallel running taken.
_MAX_AMOUNT = 1e15

STRATEGIES = ("big_bang", "phased", "parallel", "pilot")

#: Measure id -> label with unit, for the tidy table's ``measure`` column.
MEASURES = {
    "users_new": "Users on the new system",
    "cutovers": "Cutovers (count)",
    "downtime_hours": "Outage (hours)",
    "user_downtime_hours": "Downtime (user-hours)",
    "cost": "Cost",
    "users_exposed": "Users exposed if a defect escapes",
    "users_hit_mean": "Users hit by an escaped defect (mean)",
    "users_hit_p80": "Users hit by an escaped defect (P80)",
}

#: The lesson's synthetic organisation: a distributor upgrading its ERP system.
SAMPLE_ORGANISATION = {
    "users": 1_200,
    "sites": 8,
    "escape_probability": 0.15,
    "downtime_hours": 36.0,
    "cutover_cost": 20_000.0,
    "parallel_cost_per_week": 45_000.0,
    "parallel_weeks": 4,
    "sites_per_wave": 2,
    "cutovers_per_week": 1,
    "pilot_weeks": 4,
    "fix_weeks": 2,
    "lessons_learned": 0.5,
    "weeks": 16,
}

ASSUMPTIONS = (
    "Users are spread evenly over the sites.",
    "Big bang and parallel move every site in week 1; phased moves waves of sites from week 1; "
    "pilot moves one site, waits, then moves the rest in waves.",
    "Each cutover's outage lasts the same number of hours; a parallel start has no outage.",
    "Cost counts cutovers and the weeks of parallel running, not the cost of defects.",
    "An escaped defect hits the users moved at that cutover until it is fixed; under a "
    "parallel run nobody is hit while the old system still runs.",
    "A defect found earlier makes later cutovers less likely to let one escape.",
)


@dataclass(frozen=True, eq=False)
class RolloutSimulation:
    """The result of :func:`simulate_rollout`.

    Attributes
    ----------
    table : DataFrame
        Tidy: columns ``week`` (1 to the horizon), ``strategy`` (id),
        ``measure`` (an id of :data:`MEASURES`) and ``value``.
    summary : DataFrame
        One row per strategy (by name), human column labels: weeks to move
        everyone (NaN if not within the horizon), cutovers, outage hours,
        user-hours of downtime, cost, largest group exposed at once, the
        chance that at least one defect escapes, and users and user-weeks hit
        (mean and P80).
    events : dict
        Strategy id -> DataFrame of its cutovers (week, sites, users, parallel).
    hits : dict
        Strategy id -> users hit per iteration and week, shape (iterations, weeks).
    escaped : dict
        Strategy id -> whether each cutover let a defect escape, shape
        (iterations, cutovers).
    inputs : dict
        The checked inputs.
    currency : str
    assumptions : tuple of str
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    events: dict
    hits: dict
    escaped: dict
    inputs: dict
    currency: str = "EUR"
    assumptions: tuple = field(default=ASSUMPTIONS)

    @property
    def strategies(self) -> list[str]:
        """The strategy ids simulated, in order."""
        return list(self.events)

    @property
    def weeks(self) -> int:
        """The horizon in weeks."""
        return int(self.inputs["weeks"])

    def wide(self, measure: str) -> pd.DataFrame:
        """One measure as a table: weeks (rows) by strategy name (columns).

        Examples
        --------
        >>> sim = simulate_rollout(seed=1, weeks=3)
        >>> float(sim.wide("cutovers").loc[1, "Big bang (direct cutover)"])
        1.0
        """
        if not isinstance(measure, str) or measure not in MEASURES:
            raise ValueError(f"Unknown measure {shown(measure)}; choose one of "
                             f"{', '.join(repr(m) for m in MEASURES)} (parameter measure)")
        part = self.table[self.table["measure"] == measure]
        wide = part.pivot(index="week", columns="strategy", values="value")[self.strategies]
        wide.columns = [get_strategy(s).name for s in self.strategies]
        wide.index.name = "Week"
        return wide


def _site_users(users: int, sites: int) -> np.ndarray:
    base, extra = divmod(users, sites)
    return np.array([base + (1 if i < extra else 0) for i in range(sites)], dtype=float)


def cutover_events(strategy: str, users: int, sites: int, *, sites_per_wave: int,
                   cutovers_per_week: int, pilot_weeks: int, weeks: int) -> pd.DataFrame:
    """The cutovers of one strategy within the horizon, in time order.

    Returns
    -------
    DataFrame
        Columns ``week``, ``sites``, ``users`` and ``parallel`` (True for the
        parallel start). Cutovers after week ``weeks`` are left out.

    Examples
    --------
    >>> cutover_events("pilot", 100, 5, sites_per_wave=2, cutovers_per_week=1,
    ...                pilot_weeks=3, weeks=10)[["week", "sites", "users"]].to_dict("split")["data"]
    [[1, 1, 20.0], [4, 2, 40.0], [5, 2, 40.0]]
    """
    if not isinstance(strategy, str) or strategy not in STRATEGIES:
        raise ValueError(f"Unknown strategy {shown(strategy)}; choose one of "
                         f"{', '.join(repr(s) for s in STRATEGIES)} (parameter strategy)")
    users = _whole("Number of users", users, minimum=1, limit=MAX_USERS, code="users")
    sites = _whole("Number of sites", sites, minimum=1, limit=min(users, MAX_SITES),
                   code="sites")
    sites_per_wave = _whole("Sites per wave", sites_per_wave, minimum=1, limit=MAX_SITES,
                            code="sites_per_wave")
    cutovers_per_week = _whole("Cutovers per week", cutovers_per_week, minimum=1,
                               limit=MAX_SITES, code="cutovers_per_week")
    pilot_weeks = _whole("Pilot observation (weeks)", pilot_weeks, minimum=0,
                         limit=_MAX_WEEKS, code="pilot_weeks")
    weeks = _whole("Horizon (weeks)", weeks, minimum=1, maximum=520, code="weeks")
    per_site = _site_users(users, sites)
    groups: list[tuple[int, list[int]]] = []
    if strategy in ("big_bang", "parallel"):
        groups.append((1, list(range(sites))))
    else:
        first, rest, start = ([0], list(range(1, sites)), 1 + pilot_weeks) \
            if strategy == "pilot" else ([], list(range(sites)), 1)
        if first:
            groups.append((1, first))
        waves = [rest[i:i + sites_per_wave] for i in range(0, len(rest), sites_per_wave)]
        groups += [(start + j // cutovers_per_week, wave) for j, wave in enumerate(waves)]
    rows = [{"week": week, "sites": len(ids), "users": float(per_site[ids].sum()),
             "parallel": strategy == "parallel"} for week, ids in groups if week <= weeks]
    return pd.DataFrame(rows, columns=["week", "sites", "users", "parallel"])


def _check(p: dict) -> dict:
    c = {
        "users": _whole("Number of users", p["users"], minimum=1, limit=MAX_USERS,
                        code="users"),
        "sites": _whole("Number of sites", p["sites"], minimum=1, limit=MAX_SITES,
                        code="sites"),
        "escape_probability": _probability("Chance a defect escapes at a cutover",
                                           p["escape_probability"], code="escape_probability"),
        "downtime_hours": _amount("Outage per cutover (hours)", p["downtime_hours"],
                                  maximum=_MAX_HOURS, code="downtime_hours"),
        "cutover_cost": _amount("Cost per cutover", p["cutover_cost"], maximum=_MAX_AMOUNT,
                                code="cutover_cost"),
        "parallel_cost_per_week": _amount("Parallel-run cost per week",
                                          p["parallel_cost_per_week"], maximum=_MAX_AMOUNT,
                                          code="parallel_cost_per_week"),
        "parallel_weeks": _whole("Parallel run (weeks)", p["parallel_weeks"], minimum=1,
                                 limit=_MAX_WEEKS, code="parallel_weeks"),
        "sites_per_wave": _whole("Sites per wave", p["sites_per_wave"], minimum=1,
                                 limit=MAX_SITES, code="sites_per_wave"),
        "cutovers_per_week": _whole("Cutovers per week", p["cutovers_per_week"], minimum=1,
                                    limit=MAX_SITES, code="cutovers_per_week"),
        "pilot_weeks": _whole("Pilot observation (weeks)", p["pilot_weeks"], minimum=0,
                              limit=_MAX_WEEKS, code="pilot_weeks"),
        "fix_weeks": _whole("Weeks to fix an escaped defect", p["fix_weeks"], minimum=1,
                            limit=_MAX_WEEKS, code="fix_weeks"),
        "lessons_learned": _probability("Lessons learned (share of risk removed per defect "
                                        "found)", p["lessons_learned"], code="lessons_learned"),
        "weeks": _whole("Horizon (weeks)", p["weeks"], minimum=1, maximum=520, code="weeks"),
        "iterations": _whole("Iterations", p["iterations"], minimum=1, maximum=MAX_SIMULATIONS),
        "seed": _whole("Seed", p["seed"], minimum=0, code="seed"),
    }
    if c["sites"] > c["users"]:
        raise ValueError(f"Number of sites cannot be more than the number of users "
                         f"({c['users']:,}) (you entered {c['sites']:,}) (parameters sites "
                         f"and users)")
    return c


def _exposure_windows(events: pd.DataFrame, weeks: int, fix_weeks: int,
                      parallel_weeks: int) -> np.ndarray:
    """(cutovers, weeks): the users each cutover's escaped defect would hit in each week."""
    week_no = np.arange(1, weeks + 1)[None, :]
    start = events["week"].to_numpy()[:, None]
    shielded_until = np.where(events["parallel"].to_numpy(), start[:, 0] + parallel_weeks,
                              start[:, 0])[:, None]
    active = (week_no >= start) & (week_no < start + fix_weeks) & (week_no >= shielded_until)
    return active * events["users"].to_numpy()[:, None]


def simulate_rollout(*, seed: int, iterations: int = 2_000,
                     strategies: Sequence[str] | None = None, currency: str = "EUR",
                     **organisation) -> RolloutSimulation:
    """Simulate the rollout strategies for one organisation, week by week.

    Parameters
    ----------
    seed : int
        Seed of the random draws (>= 0); the same seed repeats the run.
    iterations : int, default 2000
        Simulated futures, 1 to 1,000,000 (:data:`implcourse.limits.MAX_SIMULATIONS`);
        iterations times the cutovers of a strategy, and times the weeks, are
        each at most :data:`implcourse.limits.MAX_SIMULATION_CELLS`, checked
        before anything is drawn.
    strategies : list of str, optional
        Ids of :data:`STRATEGIES` to run (default all four).
    currency : str, default "EUR"
        The currency of the costs, for labels.
    **organisation
        Any of the keys of :data:`SAMPLE_ORGANISATION` (the rest keep the
        sample's values): ``users`` and ``sites`` (whole numbers >= 1, no more
        sites than users), ``escape_probability`` (0 to 1, per cutover),
        ``downtime_hours`` (outage per cutover), ``cutover_cost``,
        ``parallel_cost_per_week`` (amounts >= 0), ``parallel_weeks`` (>= 1),
        ``sites_per_wave`` and ``cutovers_per_week`` (the team's capacity,
        >= 1), ``pilot_weeks`` (>= 0), ``fix_weeks`` (>= 1),
        ``lessons_learned`` (0 to 1) and ``weeks`` (the horizon, 1 to 520).

    Returns
    -------
    RolloutSimulation

    Raises
    ------
    ValueError
        For a value out of range (the message names the field), an unknown
        input or strategy.
    TypeError
        For a value of the wrong type (``True`` is not a number).

    Examples
    --------
    >>> sim = simulate_rollout(seed=7, escape_probability=0)
    >>> float(sim.wide("users_hit_mean").to_numpy().max())
    0.0
    >>> sim.summary["Cost"].to_dict()["Parallel run"]
    200000.0
    >>> simulate_rollout(seed=1, sites=-2)
    Traceback (most recent call last):
    ...
    ValueError: Number of sites cannot be negative (you entered -2) (parameter sites)
    >>> simulate_rollout(seed=1, speed=3)
    Traceback (most recent call last):
    ...
    ValueError: Unknown input 'speed'; the inputs are users, sites, escape_probability, \
downtime_hours, cutover_cost, parallel_cost_per_week, parallel_weeks, sites_per_wave, \
cutovers_per_week, pilot_weeks, fix_weeks, lessons_learned, weeks
    """
    unknown = [k for k in organisation if k not in SAMPLE_ORGANISATION]
    if unknown:
        raise ValueError(f"Unknown input {unknown[0]!r}; the inputs are "
                         f"{', '.join(SAMPLE_ORGANISATION)}")
    p = _check({**SAMPLE_ORGANISATION, **organisation, "seed": seed, "iterations": iterations})
    if strategies is None:
        chosen = list(STRATEGIES)
    else:
        if isinstance(strategies, str) or not isinstance(strategies, Sequence):
            raise TypeError(f"Strategies must be a list of strategy ids (you entered "
                            f"{shown(strategies)})")
        chosen = []
        for s in strategies:
            if not isinstance(s, str) or s not in STRATEGIES:
                raise ValueError(f"Unknown strategy {shown(s)}; choose from "
                                 f"{', '.join(repr(x) for x in STRATEGIES)} (parameter "
                                 f"strategies)")
            if s not in chosen:
                chosen.append(s)
        if not chosen:
            raise ValueError("Choose at least one strategy to simulate (parameter strategies)")
    if not isinstance(currency, str) or not currency.strip() or len(currency.strip()) > 20:
        raise (ValueError if isinstance(currency, str) else TypeError)(
            f"Currency must be a short text such as 'EUR' (you entered {shown(currency)})")
    W, n = p["weeks"], p["iterations"]
    week_no = np.arange(1, W + 1)
    frames, rows, events_by, hits_by, escaped_by = [], [], {}, {}, {}
    for s in chosen:
        events = cutover_events(s, p["users"], p["sites"], sites_per_wave=p["sites_per_wave"],
                                cutovers_per_week=p["cutovers_per_week"],
                                pilot_weeks=p["pilot_weeks"], weeks=W)
        for count, what in ((len(events), "cutovers"), (W, "weeks")):
            if n * count > MAX_SIMULATION_CELLS:  # refused before anything is drawn
                raise ValueError(
                    f"Iterations ({n:,}) times {what} ({count:,}) would be {n * count:,} "
                    f"numbers; at most {MAX_SIMULATION_CELLS:,} are allowed (implcourse."
                    f"limits): lower the iterations to {MAX_SIMULATION_CELLS // count:,} "
                    f"or fewer (parameter iterations)")
        rng = np.random.default_rng(np.random.SeedSequence([p["seed"], STRATEGIES.index(s)]))
        draws = rng.random((n, len(events)))
        ev_week = events["week"].to_numpy()
        escaped = np.zeros((n, len(events)), dtype=bool)
        for e in range(len(events)):  # one vector operation per cutover
            earlier = escaped[:, ev_week < ev_week[e]].sum(axis=1)
            chance = p["escape_probability"] * (1.0 - p["lessons_learned"]) ** earlier
            escaped[:, e] = draws[:, e] < chance
        window = _exposure_windows(events, W, p["fix_weeks"], p["parallel_weeks"])
        hits = escaped.astype(float) @ window                      # (iterations, weeks)
        in_week = ev_week[:, None] == week_no[None, :]               # (cutovers, weeks)
        outage = ~events["parallel"].to_numpy()
        users_ev = events["users"].to_numpy()
        cutovers = in_week.sum(axis=0).astype(float)
        parallel_on = np.zeros(W)
        if s == "parallel" and len(events):
            parallel_on[(week_no >= 1) & (week_no < 1 + p["parallel_weeks"])] = 1.0
        measures = {
            "users_new": (users_ev[:, None] * (ev_week[:, None] <= week_no[None, :])).sum(axis=0),
            "cutovers": cutovers,
            "downtime_hours": (in_week & outage[:, None]).sum(axis=0) * p["downtime_hours"],
            "user_downtime_hours": ((in_week & outage[:, None]) * users_ev[:, None]).sum(axis=0)
            * p["downtime_hours"],
            "cost": cutovers * p["cutover_cost"] + parallel_on * p["parallel_cost_per_week"],
            "users_exposed": window.sum(axis=0),
            "users_hit_mean": hits.mean(axis=0),
            "users_hit_p80": np.quantile(hits, 0.8, axis=0),
        }
        for m, values in measures.items():
            frames.append(pd.DataFrame({"week": week_no, "strategy": s, "measure": m,
                                        "value": np.asarray(values, dtype=float)}))
        ever = escaped.astype(float) @ (users_ev * (window.sum(axis=1) > 0))
        user_weeks = hits.sum(axis=1)
        moved = measures["users_new"]
        done = np.nonzero(moved >= p["users"])[0]
        rows.append({
            "Strategy": get_strategy(s).name,
            "Weeks to move everyone": float(week_no[done[0]]) if done.size else np.nan,
            "Cutovers": float(len(events)),
            "Outage (hours)": float(measures["downtime_hours"].sum()),
            "Downtime (user-hours)": float(measures["user_downtime_hours"].sum()),
            "Cost": float(measures["cost"].sum()),
            "Largest group exposed at once (users)": float(measures["users_exposed"].max()),
            "Chance at least one defect escapes": float(escaped.any(axis=1).mean()),
            "Users hit (mean)": float(ever.mean()),
            "Users hit (P80)": float(np.quantile(ever, 0.8)),
            "User-weeks hit (mean)": float(user_weeks.mean()),
            "User-weeks hit (P80)": float(np.quantile(user_weeks, 0.8)),
        })
        events_by[s], hits_by[s], escaped_by[s] = events, hits, escaped
    table = pd.concat(frames, ignore_index=True)
    summary = pd.DataFrame(rows).set_index("Strategy")
    return RolloutSimulation(table=table, summary=summary, events=events_by, hits=hits_by,
                             escaped=escaped_by, inputs=p, currency=currency.strip())
