"""Charts of a portfolio of past projects: overruns, factors, a confounder, a forecast.

Each function takes the data (a portfolio DataFrame, or a forecast) and
returns a :class:`~implcourse.plots._style.Chart` whose ``alt`` gives the key
numbers in words. The numbers come from :mod:`implcourse.portfolio.analytics`;
nothing is computed here that the core does not compute. The lesson's
portfolio is SYNTHETIC, and every text alternative says so when asked
(``synthetic=True``, the default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..portfolio import analytics as an
from ..validation import check_number
from . import _style
from ._style import Chart

__all__ = ["overrun_histogram", "factor_chart", "confounder_chart", "reference_class_chart"]

#: Okabe-Ito colours for the levels of a factor, in order.
LEVEL_COLOURS = (_style.NORMAL, "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                 "#F0E442", "#999999")
_NOTE = " (synthetic data)"


def _tag(synthetic: bool) -> str:
    return _NOTE if synthetic else ""


def _pct(value: float) -> str:
    """A signed whole per cent, never "-0"."""
    text = f"{round(value) + 0:+d} %"
    return "0 %" if text in ("+0 %", "-0 %") else text


def overrun_histogram(df: pd.DataFrame, measure: str = "cost", *, bin_width: float = 25,
                      title: str | None = None, synthetic: bool = True) -> Chart:
    """Histogram of the cost (or schedule) overruns, with the median, mean and P80 marked.

    Parameters
    ----------
    df : DataFrame
        The portfolio.
    measure : {"cost", "schedule"}
    bin_width : float, default 25
        Width of a bar, in percentage points.

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> fig = overrun_histogram(load_projects())
    >>> fig.alt.startswith("Cost overruns of 240 projects (synthetic data): median")
    True
    """
    width = _check_width(bin_width)
    summary = an.overrun_summary(df, measure=measure).iloc[0]
    values = an.overruns(df)[an.MEASURES[measure]].to_numpy(float)
    low = np.floor(values.min() / width) * width
    high = np.ceil(values.max() / width) * width + width
    fig = _style.new_chart(7.0, 3.8)
    ax = fig.add_subplot()
    ax.hist(values, bins=np.arange(low, high + width / 2, width), color=_style.FLOAT,
            edgecolor="white", label="Projects")
    marks = (("median", "Median", _style.NORMAL, "-"), ("mean", "Mean", _style.MILESTONE, "--"),
             ("p80", "P80", _style.CRITICAL, ":"))
    for key, name, colour, style in marks:
        ax.axvline(summary[key], color=colour, linestyle=style, linewidth=2,
                   label=f"{name} {_pct(summary[key])}")
    ax.axvline(0, color="#777777", linewidth=1)
    word = measure.capitalize()
    ax.set_xlabel(f"{word} overrun (% of plan)")
    ax.set_ylabel("Projects (count)")
    _style.finish(ax, title or f"{word} overruns of {int(summary['count'])} past projects",
                  grid="y", legend="upper right")
    fig.alt = (f"{word} overruns of {int(summary['count'])} projects{_tag(synthetic)}: median "
               f"{_pct(summary['median'])}, mean {_pct(summary['mean'])}, P80 "
               f"{_pct(summary['p80'])}, P90 {_pct(summary['p90'])}; "
               f"{summary['share_over_plan']:.0%} over plan and "
               f"{summary['share_over_50pct']:.0%} more than 50 % over. The long right tail "
               f"pulls the mean above the median.")
    return fig


def _check_width(value) -> float:
    value = check_number("Bar width", value)
    if value <= 0:
        raise ValueError(f"Bar width must be positive (you entered {value:g})")
    return value


def factor_chart(df: pd.DataFrame, factor: str, outcome: str, *, title: str | None = None,
                 synthetic: bool = True) -> Chart:
    """How an outcome goes with a factor: mean and median per level, or a scatter.

    A categorical factor gives one bar (mean) per level with its median as a
    dot and its count on the axis; a numeric one gives a scatter with the
    least-squares line. Both come from
    :func:`implcourse.portfolio.analytics.factor_effects`.

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> fig = factor_chart(load_projects(), "training_hours_per_user", "adoption_90d")
    >>> "points per unit" in fig.alt
    True
    >>> fig = factor_chart(load_projects(), "methodology", "cost_overrun_pct")
    >>> fig.alt.split(":")[0]
    'Cost overrun (%) by methodology (synthetic data)'
    """
    effects = an.factor_effects(df, outcome, factor)
    y_label = an.OUTCOME_COLUMNS[outcome]
    fig = _style.new_chart(7.0, 3.8)
    ax = fig.add_subplot()
    if factor in an.CATEGORICAL_FACTORS:
        name = an.CATEGORICAL_FACTORS[factor]
        x = np.arange(len(effects))
        order = sorted(effects.index)        # a level keeps its colour across charts
        colours = [LEVEL_COLOURS[order.index(lv) % len(LEVEL_COLOURS)] for lv in effects.index]
        ax.bar(x, effects["mean"], color=colours, label="Mean")
        ax.plot(x, effects["median"], "o", color=_style.MILESTONE, label="Median")
        ax.set_xticks(x, [f"{lv}\n(n={n})" for lv, n in zip(effects.index, effects["count"])],
                      fontsize=_style.size(-1))
        ax.axhline(0, color="#777777", linewidth=1)
        ax.set_xlabel(name)
        parts = [f"{lv} mean {m:.1f}, median {md:.1f} (n={int(n)})"
                 for lv, m, md, n in zip(effects.index, effects["mean"], effects["median"],
                                         effects["count"])]
        alt = f"{y_label} by {name.lower()}{_tag(synthetic)}: " + "; ".join(parts) + "."
        legend = "best"
    else:
        name = an.NUMERIC_FACTORS[factor]
        data = an.overruns(df)
        data = data[data[outcome].notna()]
        x = data[factor].to_numpy(float)
        y = data[outcome].to_numpy(float)
        row = effects.iloc[0]
        ax.scatter(x, y, s=14, color=_style.NORMAL, alpha=0.6, label="Projects")
        xs = np.array([x.min(), x.max()])
        intercept = y.mean() - row["slope"] * x.mean()
        ax.plot(xs, intercept + row["slope"] * xs, color=_style.CRITICAL, linewidth=2,
                label="Least-squares line")
        ax.set_xlabel(name)
        alt = (f"{y_label} against {name.lower()}{_tag(synthetic)}, {int(row['count'])} "
               f"projects: Pearson r {row['pearson_r']:.2f}, Spearman rho "
               f"{row['spearman_rho']:.2f}, slope {row['slope']:+.2f} points per unit. "
               f"An association, not proof of a cause.")
        legend = "best"
    ax.set_ylabel(y_label)
    _style.finish(ax, title or f"{y_label} by {name.lower()}", grid="y", legend=legend)
    fig.alt = alt
    return fig


def confounder_chart(df: pd.DataFrame, factor: str, confounder: str, outcome: str, *,
                     bands=3, stat: str = "median", title: str | None = None,
                     synthetic: bool = True) -> Chart:
    """The factor's levels compared pooled (left) and within bands of the confounder.

    Grouped bars from :func:`implcourse.portfolio.analytics.stratified`: the
    first group is all projects together, the others one band each. When the
    pooled gap shrinks inside the bands, the confounder made it.

    Examples
    --------
    >>> from implcourse.portfolio import load_projects
    >>> fig = confounder_chart(load_projects(), "methodology", "budget", "cost_overrun_pct")
    >>> "within bands of budget" in fig.alt
    True
    """
    result = an.stratified(df, factor, confounder, outcome, bands, stat=stat)
    table, counts = result.table, result.counts
    levels = list(table.columns)
    groups = list(table.index)
    fig = _style.new_chart(7.5, 4.0)
    ax = fig.add_subplot()
    width = 0.8 / len(levels)
    base = np.arange(len(groups), dtype=float)
    base[1:] += 0.4                       # a gap after the pooled group
    for i, level in enumerate(levels):       # levels come sorted, as in factor_chart
        heights = table[level].to_numpy(float)
        ax.bar(base + (i - (len(levels) - 1) / 2) * width, np.nan_to_num(heights), width,
               color=LEVEL_COLOURS[i % len(LEVEL_COLOURS)], label=level)
    names = {"all projects": "All projects\n(pooled)"}
    conf = an.NUMERIC_FACTORS[confounder]
    ax.set_xticks(base, [names.get(g, g) for g in groups], fontsize=_style.size(-1))
    ax.set_xlabel(f"{conf}: bands")
    ax.axhline(0, color="#777777", linewidth=1)
    y_label = an.OUTCOME_COLUMNS[outcome]
    ax.set_ylabel(f"{stat.capitalize()} {y_label[0].lower()}{y_label[1:]}")
    _style.finish(ax, title or f"{an.CATEGORICAL_FACTORS[factor]}: pooled and within "
                  f"{conf.split(' (')[0].lower()} bands", grid="y", legend="best")
    bands_text = "; ".join(
        f"{g}: " + ", ".join(f"{lv} {table.loc[g, lv]:.1f} (n={counts.loc[g, lv]})"
                             for lv in levels if counts.loc[g, lv])
        for g in groups[1:])
    note = " Synthetic data." if synthetic else ""
    fig.alt = f"{result.summary}{note} By band: {bands_text}."
    return fig


def reference_class_chart(forecast: an.ReferenceClassForecast, *, title: str | None = None,
                          synthetic: bool = True) -> Chart:
    """The peers' cost overruns as a cumulative curve, with P50 and the chosen percentile.

    Read it as Flyvbjerg's uplift curve: for a chance of staying within
    budget (y), the uplift needed (x).

    Examples
    --------
    >>> from implcourse.portfolio import load_projects, reference_class_forecast
    >>> rcf = reference_class_forecast(load_projects(), 2_000_000, peers={"type": "ERP"})
    >>> fig = reference_class_chart(rcf)
    >>> fig.alt.startswith("A simple reference-class forecast from")
    True
    """
    if not isinstance(forecast, an.ReferenceClassForecast):
        raise TypeError(f"forecast must come from reference_class_forecast(), got "
                        f"{type(forecast).__name__}")
    values = np.asarray(forecast.peer_overruns, dtype=float)
    share = np.arange(1, len(values) + 1) / len(values) * 100
    fig = _style.new_chart(7.0, 3.8)
    ax = fig.add_subplot()
    ax.step(values, share, where="post", color=_style.NORMAL, linewidth=2,
            label=f"{forecast.n_peers} peer projects")
    ax.axvline(forecast.p50_uplift_pct, color=_style.MILESTONE, linestyle="--", linewidth=1.5,
               label=f"P50 uplift {_pct(forecast.p50_uplift_pct)}")
    _style.live(ax.axvline(forecast.uplift_pct, color=_style.CRITICAL, linewidth=2,
                           label=f"P{forecast.percentile:g} uplift {_pct(forecast.uplift_pct)}"),
                "percentile")
    ax.axhline(forecast.percentile, color=_style.CRITICAL, linestyle=":", linewidth=1)
    ax.set_xlabel("Cost overrun of the peers = uplift (% of budget)")
    ax.set_ylabel("Peers at or below (% of projects)")
    ax.set_ylim(0, 102)
    _style.finish(ax, title or "A simple reference-class forecast: the peers' overruns",
                  legend="lower right")
    peers = an._describe_peers(forecast.peers)
    fig.alt = (f"A simple reference-class forecast from {forecast.n_peers} completed peer "
               f"projects ({peers}){_tag(synthetic)}: P50 uplift {_pct(forecast.p50_uplift_pct)} "
               f"gives {forecast.p50_budget:,.0f} EUR; P{forecast.percentile:g} uplift "
               f"{_pct(forecast.uplift_pct)} gives {forecast.forecast_budget:,.0f} EUR, from "
               f"a budget of {forecast.budget:,.0f} EUR.")
    return fig
