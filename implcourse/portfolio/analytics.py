"""Learning from past projects: overruns, factors, a confounder, survivorship, a forecast.

Every function takes a portfolio DataFrame shaped like
:func:`implcourse.portfolio.load_projects` (one project per row) and leaves it
unchanged. Conventions, stated once:

* **Cost overrun** ``(actual_cost - budget) / budget * 100`` and **schedule
  overrun** ``(actual_months - planned_months) / planned_months * 100``, in
  per cent of the plan; positive means over. For a cancelled project the
  "actual" is what was spent (or how long it ran) up to the cancel date.
* **Percentiles** are numpy's default (linear interpolation between the
  order statistics, Hyndman and Fan's type 7): P80 is the overrun that 80 %
  of the projects stay at or below.
* Rows where the outcome is missing (a cancelled project has no adoption,
  defects or CSAT) are left out of the statistics of that outcome, and the
  counts say how many were used.

The data of the lesson are SYNTHETIC (see :mod:`implcourse.portfolio.generator`):
what these functions show about them is what the generator built in.

Examples
--------
>>> from implcourse.portfolio import load_projects
>>> df = load_projects()
>>> summary = overrun_summary(df)
>>> list(summary.columns)
['count', 'mean', 'median', 'p80', 'p90', 'share_over_plan', 'share_over_50pct']
>>> rcf = reference_class_forecast(df, 2_000_000, peers={"type": "ERP"})
>>> rcf.forecast_budget > rcf.p50_budget
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import check_int, check_number

__all__ = ["OUTCOME_COLUMNS", "CATEGORICAL_FACTORS", "NUMERIC_FACTORS", "MEASURES", "overruns",
           "overrun_summary", "factor_effects", "stratified", "Stratified", "survivorship",
           "reference_class_forecast", "ReferenceClassForecast"]

#: Outcomes a factor can be compared on, with their names on screen.
OUTCOME_COLUMNS = {
    "cost_overrun_pct": "Cost overrun (%)",
    "schedule_overrun_pct": "Schedule overrun (%)",
    "adoption_90d": "Adoption at 90 days (%)",
    "csat": "CSAT (1-5)",
    "post_golive_defects": "Defects after go-live",
}
#: Factors compared level by level.
CATEGORICAL_FACTORS = {
    "type": "Project type", "industry": "Industry", "methodology": "Methodology",
    "rollout_strategy": "Rollout strategy", "partner_type": "Partner", "outcome": "Outcome",
}
#: Factors compared by correlation (and the confounders that :func:`stratified` bands).
NUMERIC_FACTORS = {
    "budget": "Budget (EUR)", "team_size": "Team size (people)",
    "planned_months": "Planned duration (months)", "scope_changes": "Scope changes",
    "training_hours_per_user": "Training hours per user",
}
#: ``measure`` of :func:`overrun_summary`: which overrun, and its column.
MEASURES = {"cost": "cost_overrun_pct", "schedule": "schedule_overrun_pct"}

_REQUIRED = ("budget", "actual_cost", "planned_months", "actual_months")
_SUMMARY = ["count", "mean", "median", "p80", "p90", "share_over_plan", "share_over_50pct"]


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def _frame(df, needed: Sequence[str] = _REQUIRED) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"The portfolio (df) must be a pandas DataFrame (see load_projects()), "
                        f"got {type(df).__name__}")
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"The portfolio (df) lacks the column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, df.columns))}")
    if df.empty:
        raise ValueError("The portfolio (df) has no projects")
    return df


def _not_numbers(df: pd.DataFrame, column: str) -> None:
    """Refuse a column that does not hold numbers, naming the first value that is not one
    (an object column of numbers and empty cells passes)."""
    series = df[column]
    if series.dtype != bool and pd.api.types.is_numeric_dtype(series):
        return
    for i, item in enumerate(series.tolist()):
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            if item is None or item is pd.NA or item is pd.NaT:
                continue
            raise TypeError(f"Column {column!r} must hold numbers; {_where(df, i)} holds "
                            f"{_plain(item)!r}")


def _numeric(df: pd.DataFrame, column: str, *, positive: bool = False) -> np.ndarray:
    series = df[column]
    _not_numbers(df, column)
    values = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | ((values <= 0) if positive else (values < 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        rule = "a positive number" if positive else "a number of 0 or more"
        raise ValueError(f"Column {column!r} must be {rule} on every row; {_where(df, i)} "
                         f"holds {_plain(series.iloc[i])!r}")
    return values


def _signed(value: float) -> str:
    """A signed number with one decimal, never "-0.0"."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _plain(value):
    """A numpy scalar as the Python number it holds (for messages)."""
    return value.item() if isinstance(value, np.generic) else value


def _where(df: pd.DataFrame, i: int) -> str:
    """Row ``i`` of a portfolio in words: its project id where there is one."""
    label = _plain(df.index[i])
    if "project_id" in df.columns:
        return f"project {df['project_id'].iloc[i]!s} (row {label!r})"
    return f"row {label!r}"


def _choice(name: str, value, options: Mapping[str, str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a column name (text), got {type(value).__name__} "
                        f"{value!r}")
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}")
    return value


def _with_overruns(df) -> pd.DataFrame:
    # Always computed from the checked columns: overrun columns already in the frame
    # could hold anything (text, infinity, stale figures).
    return overruns(df)


def _labels(df: pd.DataFrame, column: str) -> np.ndarray:
    """A categorical column as text; an empty cell is refused, naming the project, so
    that no project silently drops out of a comparison (or becomes a level 'nan')."""
    series = df[column]
    empty = series.isna().to_numpy()
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise ValueError(f"Column {column!r} is empty for {_where(df, i)} (you entered "
                         f"{_plain(series.iloc[i])!r}); fill it in or leave the project out")
    return series.astype(str).to_numpy()


# --------------------------------------------------------------------------
# Overruns
# --------------------------------------------------------------------------

def overruns(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of the portfolio with the cost and schedule overruns added.

    ``cost_overrun_pct = (actual_cost - budget) / budget * 100`` and
    ``schedule_overrun_pct = (actual_months - planned_months) / planned_months * 100``.

    Raises
    ------
    TypeError, ValueError
        If a column is missing, not numeric, negative, NaN, or a budget or
        planned duration is zero (the overrun would be undefined); the message
        names the column and the row.

    Examples
    --------
    >>> df = pd.DataFrame({"budget": [100.0, 200.0], "actual_cost": [127.0, 150.0],
    ...                    "planned_months": [10, 8], "actual_months": [17.0, 8.0]})
    >>> overruns(df)[["cost_overrun_pct", "schedule_overrun_pct"]].values.tolist()
    [[27.0, 70.0], [-25.0, 0.0]]
    >>> overruns(df.assign(budget=[0.0, 1.0]))
    Traceback (most recent call last):
    ...
    ValueError: Column 'budget' must be a positive number on every row; row 0 holds 0.0
    """
    df = _frame(df)
    budget = _numeric(df, "budget", positive=True)
    actual = _numeric(df, "actual_cost")
    planned = _numeric(df, "planned_months", positive=True)
    months = _numeric(df, "actual_months")
    out = df.copy()
    with np.errstate(over="ignore"):
        cost = (actual - budget) / budget * 100
        schedule = (months - planned) / planned * 100
    for name, values, pair in (("Cost overrun", cost, ("budget", "actual_cost")),
                               ("Schedule overrun", schedule,
                                ("planned_months", "actual_months"))):
        if np.isinf(values).any():
            i = int(np.flatnonzero(np.isinf(values))[0])
            raise ValueError(f"{name} of {_where(df, i)} overflows: its {pair[0]} is too small "
                             f"against its {pair[1]} (you entered {_plain(df[pair[0]].iloc[i])!r} "
                             f"and {_plain(df[pair[1]].iloc[i])!r})")
    out["cost_overrun_pct"] = cost
    out["schedule_overrun_pct"] = schedule
    return out


def _summary_row(values: np.ndarray) -> dict[str, float]:
    values = values[~np.isnan(values)]
    if values.size == 0:
        return {"count": 0, **{k: math.nan for k in _SUMMARY[1:]}}
    p80, p90 = np.percentile(values, [80, 90])
    return {"count": int(values.size), "mean": float(values.mean()),
            "median": float(np.median(values)), "p80": float(p80), "p90": float(p90),
            "share_over_plan": float((values > 0).mean()),
            "share_over_50pct": float((values > 50).mean())}


def overrun_summary(df: pd.DataFrame, by: str | None = None, *,
                    measure: str = "cost") -> pd.DataFrame:
    """Count, mean, median, P80, P90 and the shares over plan and over +50 %.

    Parameters
    ----------
    df : DataFrame
        The portfolio (the overruns are always computed from its columns).
    by : str, optional
        A column of :data:`CATEGORICAL_FACTORS` to summarise by; one row per
        level (sorted), else one row ``"all projects"``.
    measure : {"cost", "schedule"}
        Which overrun.

    Returns
    -------
    DataFrame
        Columns ``count``, ``mean``, ``median``, ``p80``, ``p90`` (per cent)
        and ``share_over_plan``, ``share_over_50pct`` (fractions: over 0 %
        and over +50 %).

    Examples
    --------
    >>> df = pd.DataFrame({"budget": [100.0] * 5, "actual_cost": [90.0, 100, 110, 160, 300],
    ...                    "planned_months": [10] * 5, "actual_months": [10.0] * 5})
    >>> row = overrun_summary(df).iloc[0]
    >>> [round(float(row[k]), 6) for k in ("mean", "median", "p80", "share_over_50pct")]
    [52.0, 10.0, 88.0, 0.4]
    """
    measure = _choice("measure", measure, MEASURES)
    data = _with_overruns(df)
    column = MEASURES[measure]
    if by is None:
        rows = {"all projects": _summary_row(data[column].to_numpy(dtype=float))}
    else:
        by = _choice("by", by, CATEGORICAL_FACTORS)
        _frame(data, [by])
        levels = _labels(data, by)
        rows = {str(level): _summary_row(group[column].to_numpy(dtype=float))
                for level, group in sorted(data.groupby(levels, sort=False),
                                           key=lambda kv: str(kv[0]))}
    table = pd.DataFrame.from_dict(rows, orient="index")[_SUMMARY]
    table["count"] = table["count"].astype(int)
    table.index.name = by or "projects"
    return table


# --------------------------------------------------------------------------
# Factors
# --------------------------------------------------------------------------

def _outcome_values(data: pd.DataFrame, outcome: str) -> pd.Series:
    """The outcome as floats: NaN where missing (left out), infinity refused."""
    _not_numbers(data, outcome)
    values = pd.Series(data[outcome].to_numpy(dtype=float, na_value=np.nan), index=data.index)
    infinite = np.isinf(values.to_numpy())
    if infinite.any():
        i = int(np.flatnonzero(infinite)[0])
        raise ValueError(f"Column {outcome!r} must hold finite numbers (or be empty); "
                         f"{_where(data, i)} holds {_plain(data[outcome].iloc[i])!r}")
    return values


def factor_effects(df: pd.DataFrame, outcome: str, factor: str) -> pd.DataFrame:
    """How an outcome goes with a factor: by level, or by correlation.

    Parameters
    ----------
    outcome : str
        One of :data:`OUTCOME_COLUMNS` (e.g. ``"cost_overrun_pct"``, ``"adoption_90d"``).
    factor : str
        A categorical factor (:data:`CATEGORICAL_FACTORS`) or a numeric one
        (:data:`NUMERIC_FACTORS`).

    Returns
    -------
    DataFrame
        For a categorical factor, one row per level (sorted by mean, highest
        first) with ``count``, ``mean``, ``median`` and ``diff_from_all`` (the
        level's mean minus the mean of all projects). For a numeric factor, one
        row with ``count``, ``pearson_r``, ``spearman_rho`` and ``slope`` (the
        least-squares change in the outcome per unit of the factor).
        Projects without the outcome (cancelled ones, for adoption) are left out.

    Notes
    -----
    A difference or a correlation is an association, not a cause: see
    :func:`stratified` for a confounder at work.

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> df = load_projects()
    >>> fx = factor_effects(df, "adoption_90d", "training_hours_per_user")
    >>> bool(fx.loc["training_hours_per_user", "slope"] > 0)
    True
    >>> factor_effects(df, "adoption", "methodology")
    Traceback (most recent call last):
    ...
    ValueError: outcome must be one of cost_overrun_pct, ..., post_golive_defects; got 'adoption'
    """
    outcome = _choice("outcome", outcome, OUTCOME_COLUMNS)
    factor = _choice("factor", factor, {**CATEGORICAL_FACTORS, **NUMERIC_FACTORS})
    data = _with_overruns(df)
    _frame(data, [outcome, factor])
    values = _outcome_values(data, outcome)
    keep = values.notna()
    if factor in CATEGORICAL_FACTORS:
        levels = pd.Series(_labels(data, factor), index=data.index)
        groups = values[keep].groupby(levels[keep])
        table = pd.DataFrame({"count": groups.count(), "mean": groups.mean(),
                              "median": groups.median()})
        table["diff_from_all"] = table["mean"] - float(values[keep].mean())
        table["count"] = table["count"].astype(int)
        table = table.sort_values(["mean"], ascending=False, kind="stable")
        table.index.name = factor
        return table
    x = _numeric(data.loc[keep], factor)
    y = values[keep].to_numpy()
    if len(y) < 3 or np.ptp(x) == 0:
        raise ValueError(f"Too few projects (or no spread) to correlate {outcome} with {factor}")
    slope = float(np.polyfit(x, y, 1)[0])
    pearson = float(np.corrcoef(x, y)[0, 1])
    spearman = float(pd.Series(x).rank().corr(pd.Series(y).rank()))
    return pd.DataFrame({"count": [len(y)], "pearson_r": [pearson], "spearman_rho": [spearman],
                         "slope": [slope]}, index=pd.Index([factor], name="factor"))


@dataclass(frozen=True)
class Stratified:
    """A pooled comparison beside the comparison within bands of a confounder.

    Attributes
    ----------
    factor, confounder, outcome, stat : str
    table : DataFrame
        Rows: ``"all projects"`` (pooled) then one row per band; columns: the
        factor's levels; values: the ``stat`` of the outcome.
    counts : DataFrame
        The number of projects in each cell of ``table``.
    edges : tuple of float
        The band edges on the confounder (bands include their upper edge).
    high, low : str
        The factor levels with the highest and lowest pooled value.
    pooled_gap : float
        ``table.loc["all projects", high] - table.loc["all projects", low]``.
    within_gap : float
        The same two levels compared inside each band, averaged over the bands
        with weights ``n_high * n_low / (n_high + n_low)`` (bands lacking
        either level count for nothing).
    """

    factor: str
    confounder: str
    outcome: str
    stat: str
    table: pd.DataFrame
    counts: pd.DataFrame
    edges: tuple[float, ...]
    high: str
    low: str
    pooled_gap: float
    within_gap: float

    @property
    def summary(self) -> str:
        """The comparison in one sentence."""
        what = OUTCOME_COLUMNS[self.outcome].split(" (")[0].lower()
        return (f"Pooled, the {self.stat} {what} of {self.high} projects is "
                f"{_signed(self.pooled_gap)} points against {self.low}; within bands of "
                f"{self.confounder.replace('_', ' ')} the gap is {_signed(self.within_gap)}.")


def _short(value: float) -> str:
    """A band edge for a label: 1.87 M, 667 k, 12."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g} M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:.3g} k"
    return f"{value:.3g}"


def _band_labels(edges: Sequence[float]) -> list[str]:
    return [f"{_short(lo)}–{_short(hi)}" for lo, hi in zip(edges[:-1], edges[1:])]


def stratified(df: pd.DataFrame, factor: str, confounder: str, outcome: str,
               bands: int | Sequence[float] = 3, *, stat: str = "median") -> Stratified:
    """Compare the levels of a factor pooled, and within bands of a confounder.

    When a third variable drives both the factor and the outcome (here the
    size of a project drives both the methodology chosen and the overrun), the
    pooled comparison shows a gap that the factor did not cause; inside bands
    of similar size the gap shrinks or vanishes. This is stratification, the
    simplest adjustment for a measured confounder (it cannot adjust for
    confounders nobody measured).

    Parameters
    ----------
    factor : str
        A categorical factor (:data:`CATEGORICAL_FACTORS`).
    confounder : str
        A numeric column (:data:`NUMERIC_FACTORS`), e.g. ``"budget"``.
    outcome : str
        One of :data:`OUTCOME_COLUMNS`.
    bands : int or sequence of float, default 3
        A number of bands of (nearly) equal counts (quantiles, 2 to 10), or the
        band edges in increasing order (bands include their upper edge; the
        lowest edge is included too).
    stat : {"median", "mean"}, default "median"
        The median is the default because overruns have a heavy tail: one
        black swan can move a small group's mean by tens of points.

    Returns
    -------
    Stratified

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> s = stratified(load_projects(), "methodology", "budget", "cost_overrun_pct")
    >>> s.high, s.low
    ('waterfall', 'agile')
    >>> bool(s.pooled_gap > s.within_gap)
    True
    """
    factor = _choice("factor", factor, CATEGORICAL_FACTORS)
    confounder = _choice("confounder", confounder, NUMERIC_FACTORS)
    outcome = _choice("outcome", outcome, OUTCOME_COLUMNS)
    stat = _choice("stat", stat, {"median": "median", "mean": "mean"})
    data = _with_overruns(df)
    _frame(data, [factor, confounder, outcome])
    values = _outcome_values(data, outcome)
    keep = values.notna().to_numpy()
    x = _numeric(data, confounder)[keep]
    y = values.to_numpy()[keep]
    levels = _labels(data, factor)[keep]
    if isinstance(bands, np.ndarray) and bands.ndim == 1:
        bands = bands.tolist()
    if isinstance(bands, (bool, np.bool_)) or not isinstance(bands, (numbers.Integral, Sequence)) \
            or isinstance(bands, str):
        raise TypeError(f"bands must be a number of bands or a list of band edges, got "
                        f"{type(bands).__name__} {bands!r}")
    if isinstance(bands, numbers.Integral):
        k = check_int("Number of bands", bands, minimum=2, maximum=10)
        edges = np.unique(np.quantile(x, np.linspace(0, 1, k + 1)))
        if len(edges) < 2:
            raise ValueError(f"{confounder} has no spread (every project has "
                             f"{_short(edges[0])}), so it cannot be cut into bands")
    else:
        edges = np.array([check_number(f"Band edge {i + 1}", e) for i, e in enumerate(bands)])
        if len(edges) < 3 or np.any(np.diff(edges) <= 0):
            raise ValueError(f"Band edges must be at least 3 numbers in increasing order, got "
                             f"{list(bands)!r}")
    band = np.searchsorted(edges, x, side="left") - 1
    band[x == edges[0]] = 0
    inside = (band >= 0) & (band < len(edges) - 1)
    if not inside.any():
        raise ValueError(f"No project falls inside the band edges {[float(e) for e in edges]!r} "
                         f"of {confounder} (its values run from {_short(x.min())} to "
                         f"{_short(x.max())})")
    labels = _band_labels(edges)
    names = sorted(set(levels))
    fn = np.median if stat == "median" else np.mean

    def cell(mask):
        return (float(fn(y[mask])) if mask.any() else math.nan), int(mask.sum())

    rows, counts = {}, {}
    rows["all projects"], counts["all projects"] = zip(*(cell(levels == lv) for lv in names))
    for b, label in enumerate(labels):
        rows[label], counts[label] = zip(*(cell(inside & (band == b) & (levels == lv))
                                           for lv in names))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    count_table = pd.DataFrame.from_dict(counts, orient="index", columns=names)
    for t in (table, count_table):
        t.index.name, t.columns.name = f"{confounder} band", factor
    pooled = table.loc["all projects"].dropna()
    if len(pooled) < 2:
        raise ValueError(f"{factor} has only one level with data; nothing to compare")
    high, low = str(pooled.idxmax()), str(pooled.idxmin())
    weights, gaps = [], []
    for label in labels:
        n_hi, n_lo = count_table.loc[label, high], count_table.loc[label, low]
        if n_hi and n_lo:
            weights.append(n_hi * n_lo / (n_hi + n_lo))
            gaps.append(table.loc[label, high] - table.loc[label, low])
    within = float(np.average(gaps, weights=weights)) if weights else math.nan
    return Stratified(factor, confounder, outcome, stat, table, count_table,
                      tuple(float(e) for e in edges), high, low,
                      float(pooled[high] - pooled[low]), within)


# --------------------------------------------------------------------------
# Survivorship
# --------------------------------------------------------------------------

def survivorship(df: pd.DataFrame, *, measure: str = "cost") -> pd.DataFrame:
    """Overrun statistics of all projects beside only the completed ones.

    A "lessons learned" archive often keeps only the projects that finished;
    the cancelled ones, often the worst, drop out, so for cost the archive
    looks better than the portfolio was. Cancelled projects count with what
    they spent (or how long they ran) up to the cancel date, which is why
    the bias need not run the same way for every measure: a project stopped
    early can show a *smaller* schedule overrun than it would have had, so
    in the course's portfolio the completed-only schedule figures are not
    flattering. Compare both samples; do not assume the sign.

    Returns
    -------
    DataFrame
        Two rows, ``"all projects (cancelled included)"`` and ``"completed
        only (the archive)"``, with the columns of :func:`overrun_summary`.

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> table = survivorship(load_projects())
    >>> bool(table["mean"].iloc[0] > table["mean"].iloc[1])
    True
    """
    measure = _choice("measure", measure, MEASURES)
    data = _with_overruns(df)
    _frame(data, ["outcome"])
    column = MEASURES[measure]
    completed = _labels(data, "outcome") != "cancelled"
    rows = {"all projects (cancelled included)": _summary_row(data[column].to_numpy(float)),
            "completed only (the archive)": _summary_row(data.loc[completed, column]
                                                          .to_numpy(float))}
    table = pd.DataFrame.from_dict(rows, orient="index")[_SUMMARY]
    table["count"] = table["count"].astype(int)
    table.index.name = "sample"
    return table


# --------------------------------------------------------------------------
# Reference-class forecast
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferenceClassForecast:
    """A simple reference-class forecast (teaching version).

    Attributes
    ----------
    budget : float
        The new project's budget before the uplift (EUR).
    peers : dict
        The filters that chose the reference class.
    n_peers : int
    percentile : float
        The chosen certainty: the forecast is not exceeded by this per cent
        of the peers.
    uplift_pct : float
        The peers' cost overrun at ``percentile`` (per cent).
    forecast_budget : float
        ``budget * (1 + uplift_pct / 100)``.
    p50_uplift_pct, p50_budget : float
        The same at the median.
    peer_overruns : tuple of float
        The peers' cost overruns, sorted (per cent).
    label : str
    """

    budget: float
    peers: dict
    n_peers: int
    percentile: float
    uplift_pct: float
    forecast_budget: float
    p50_uplift_pct: float
    p50_budget: float
    peer_overruns: tuple[float, ...]
    label: str = "a simple reference-class forecast"

    @property
    def summary(self) -> str:
        """The forecast in one sentence."""
        return (f"From {self.n_peers} completed peer projects, a budget of "
                f"{self.budget:,.0f} EUR becomes {self.forecast_budget:,.0f} EUR at "
                f"P{self.percentile:g} (uplift {_signed(self.uplift_pct)} %) and "
                f"{self.p50_budget:,.0f} EUR at P50 (uplift {_signed(self.p50_uplift_pct)} %).")


def _describe_peers(peers: Mapping) -> str:
    if not peers:
        return "no filters (all completed projects)"
    return ", ".join(f"{CATEGORICAL_FACTORS.get(k, k)} = {v}" for k, v in peers.items())


def reference_class_forecast(df: pd.DataFrame, budget: float, *, peers: Mapping | None = None,
                             percentile: float = 80, min_peers: int = 10
                             ) -> ReferenceClassForecast:
    """A simple reference-class forecast of a new project's budget from its peers.

    The *outside view* of Kahneman and Tversky, made practical for projects by
    Flyvbjerg: instead of trusting the project's own (inside-view) estimate,
    take a reference class of comparable past projects, read the distribution
    of their cost overruns, and uplift the estimate by the overrun at the
    certainty the sponsor wants (P80: 80 % of the peers stayed within it).
    The UK Treasury's Green Book asks for the same correction in its
    optimism-bias adjustments. This teaching version filters peers by
    exact values or ranges and reads an empirical percentile; a real one
    needs a large, relevant, honestly recorded class.

    Parameters
    ----------
    df : DataFrame
        The portfolio. Only completed projects are peers: a cancelled one
        has no final cost. (So the class itself suffers from survivorship:
        see :func:`survivorship`.)
    budget : float
        The new project's estimate (EUR, positive).
    peers : dict, optional
        Column -> a value, a list of values, or a ``(low, high)`` range
        (inclusive) for a numeric column. Known columns:
        :data:`CATEGORICAL_FACTORS` and :data:`NUMERIC_FACTORS`.
    percentile : float, default 80
        Between 1 and 99.
    min_peers : int, default 10
        Fewer peers are refused, with the filters named.

    Returns
    -------
    ReferenceClassForecast

    References
    ----------
    Flyvbjerg, B. (2006). From Nobel Prize to project management: getting
    risks right. *Project Management Journal* 37(3), 5-15.
    HM Treasury, *The Green Book: supplementary guidance on optimism bias*
    (gov.uk).

    Examples
    --------
    >>> df = pd.DataFrame({"budget": [100.0] * 5, "actual_cost": [90.0, 100, 110, 160, 300],
    ...                    "planned_months": [10] * 5, "actual_months": [10.0] * 5,
    ...                    "type": ["ERP"] * 5, "outcome": ["challenged"] * 5})
    >>> rcf = reference_class_forecast(df, 1_000_000, peers={"type": "ERP"}, min_peers=5)
    >>> round(rcf.uplift_pct, 6), round(rcf.forecast_budget), round(rcf.p50_budget)
    (88.0, 1880000, 1100000)
    >>> reference_class_forecast(df, 1_000_000, peers={"type": "CRM"}, min_peers=5)
    Traceback (most recent call last):
    ...
    ValueError: Too few peers: only 0 completed past projects match Project type = CRM; at least 5 ...
    """
    budget = check_number("Budget of the new project", budget)
    if budget <= 0:
        raise ValueError(f"Budget of the new project must be positive (you entered {budget:g})")
    percentile = check_number("Percentile", percentile, minimum=1, maximum=99)
    min_peers = check_int("Minimum number of peers (min_peers)", min_peers, minimum=2)
    if peers is None:
        peers = {}
    if not isinstance(peers, Mapping):
        raise TypeError(f"peers must be a dict of column -> value, got {type(peers).__name__} "
                        f"{peers!r}"[:200])
    known = {**CATEGORICAL_FACTORS, **NUMERIC_FACTORS}
    unknown = [k for k in peers if k not in known]
    if unknown:
        raise ValueError(f"Unknown peer filter(s) {', '.join(map(repr, unknown))}; "
                         f"known: {', '.join(known)}")
    data = _with_overruns(df)
    _frame(data, ["outcome", *peers])
    mask = _labels(data, "outcome") != "cancelled"
    for column, wanted in peers.items():
        values = data[column]
        if column in NUMERIC_FACTORS and isinstance(wanted, tuple):
            if len(wanted) != 2:
                raise ValueError(f"Peer range for {column!r} must be (low, high), got {wanted!r}")
            low = check_number(f"Peer range for {column} (low)", wanted[0])
            high = check_number(f"Peer range for {column} (high)", wanted[1])
            if low > high:
                raise ValueError(f"Peer range for {column!r} runs from {low:g} down to "
                                 f"{high:g}; give (low, high)")
            mask &= values.between(low, high).to_numpy()
        else:
            options = list(wanted) if isinstance(wanted, (list, set, frozenset)) else [wanted]
            if not options:
                raise ValueError(f"Peer filter {column!r} lists no values")
            mask &= values.isin(options).to_numpy()
    overrun = np.sort(data.loc[mask, "cost_overrun_pct"].to_numpy(float))
    if len(overrun) < min_peers:
        found = "1 completed past project matches" if len(overrun) == 1 else \
            f"{len(overrun)} completed past projects match"
        raise ValueError(f"Too few peers: only {found} {_describe_peers(peers)}; at least "
                         f"{min_peers} are needed, so widen the filters")
    uplift = float(np.percentile(overrun, percentile))
    p50 = float(np.percentile(overrun, 50))
    if not math.isfinite(budget * (1 + max(uplift, p50) / 100)):
        raise ValueError(f"Budget of the new project is too large: with an uplift of "
                         f"{_signed(max(uplift, p50))} % the forecast overflows (you entered "
                         f"{budget:g})")
    return ReferenceClassForecast(
        budget=budget, peers=dict(peers), n_peers=int(len(overrun)), percentile=percentile,
        uplift_pct=uplift, forecast_budget=budget * (1 + uplift / 100),
        p50_uplift_pct=p50, p50_budget=budget * (1 + p50 / 100),
        peer_overruns=tuple(float(v) for v in overrun))
