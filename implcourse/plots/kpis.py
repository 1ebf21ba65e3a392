"""Charts of lesson 06's KPIs: the RAG dashboard, benefits, adoption and defects.

Each function takes the tables of :mod:`implcourse.metrics` and returns a
:class:`~implcourse.plots._style.Chart` with a text alternative (``alt``).
The RAG colours come from the Okabe-Ito palette (bluish green, orange,
vermilion), and every panel also writes its status in words, so no reader
has to tell the colours apart.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from ..validation import check_str
from . import _style
from ._style import Chart

__all__ = ["dashboard_figure", "benefits_chart", "adoption_chart", "defect_trend_chart",
           "RAG_COLOURS"]

#: RAG colours from the Okabe-Ito palette.
RAG_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
_DASHBOARD_COLUMNS = ["kpi", "label", "value", "unit", "green", "amber", "higher_is_better",
                      "status"]
#: Units bounded to 0-100 (percentages of a whole) and the NPS range.
_BOUNDS = {"%": (0.0, 100.0), "% satisfied": (0.0, 100.0), "score": (-100.0, 100.0)}


def _need(table, columns: list[str], name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}")
    if table.empty:
        raise ValueError(f"{name} is empty: there is nothing to draw")
    return table


def _decimals(row) -> int:
    span = abs(row.green - row.amber)
    if row.unit in ("defects",):
        return 0
    return 2 if span < 1 else 1


def _fmt(value: float, row) -> str:
    text = f"{value:,.{_decimals(row)}f}".replace("-", "\u2212")
    unit = str(row.unit)
    return f"{text} {unit}" if unit != "score" else text


def _band_limits(row) -> tuple[float, float]:
    lo_t, hi_t = sorted((row.green, row.amber))
    span = hi_t - lo_t
    lo = min(row.value, lo_t - span)
    hi = max(row.value, hi_t + span)
    if row.unit in _BOUNDS:
        low_bound, high_bound = _BOUNDS[row.unit]
        lo, hi = max(lo, low_bound), min(hi, high_bound)
        lo, hi = min(lo, row.value), max(hi, row.value)
    pad = (hi - lo) * 0.04
    return lo - pad, hi + pad


def dashboard_figure(table: pd.DataFrame, *, title: str | None = None) -> Chart:
    """The KPI dashboard: one panel per KPI, its value marked against RAG bands.

    Each panel is a horizontal strip coloured red, amber and green where
    the KPI would get that status, with a black marker at the KPI's value
    and the value and status written in the panel's title. Built without a
    layout engine, so that a threshold tool can redraw it quickly.

    Parameters
    ----------
    table : DataFrame
        From :func:`implcourse.metrics.dashboard.kpi_dashboard`.

    Examples
    --------
    >>> from implcourse.metrics.dashboard import kpi_dashboard
    >>> fig = dashboard_figure(kpi_dashboard())
    >>> len(fig.axes)
    8
    >>> fig.alt.split(":")[0]
    'KPI dashboard of 8 KPIs'
    """
    table = _need(table, _DASHBOARD_COLUMNS, "table")
    n = len(table)
    cols = min(4, n)
    rows = int(np.ceil(n / cols))
    fig = _style.new_chart(3.2 * cols, 1.55 * rows + 0.7)
    fig.set_layout_engine("none")
    # Margins and gaps in inches hold text, so they grow with the type; the bands
    # shrink with the figure. In a tool (larger type, smaller figure) the height is
    # worked out again so that titles, ticks and the legend do not overlap; in a
    # notebook the sizes are the same as before.
    grow = matplotlib.rcParams["font.size"] / _style.NOTEBOOK_FONT
    shrink = fig.get_size_inches()[0] / (3.2 * cols)
    band = (1.55 * rows + 0.7 - 1.3) / (rows + 1.3 * (rows - 1)) * shrink
    top, bottom, gap = 0.75 * grow, 0.55 * grow, 1.3 * band / shrink * grow
    height = top + bottom + rows * band + (rows - 1) * gap
    fig.set_size_inches(fig.get_size_inches()[0], height)
    axes = fig.subplots(rows, cols, squeeze=False, gridspec_kw={
        "left": 0.03, "right": 0.97, "top": 1 - top / height, "bottom": bottom / height,
        "wspace": 0.15, "hspace": gap / band}).ravel()
    parts = []
    for ax, row in zip(axes, table.itertuples(index=False)):
        lo, hi = _band_limits(row)
        g, a = row.green, row.amber
        if row.higher_is_better:
            bands = (("red", lo, a), ("amber", a, g), ("green", g, hi))
        else:
            bands = (("green", lo, g), ("amber", g, a), ("red", a, hi))
        for status, start, stop in bands:
            if stop > start:
                ax.axvspan(start, stop, color=RAG_COLOURS[status], alpha=0.35, linewidth=0)
        ax.axvline(row.value, color=_style.MILESTONE, linewidth=2.5)
        ax.plot([row.value], [0.5], marker="v", markersize=9, color=_style.MILESTONE,
                transform=ax.get_xaxis_transform(), clip_on=False)
        ax.set_xlim(lo, hi)
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.set_xticks(sorted((g, a)))
        ax.tick_params(axis="x", labelsize=_style.size(-2))
        ax.set_xlabel(str(row.unit), fontsize=_style.size(-2), labelpad=1)
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        ax.set_title(f"{row.label}\n{_fmt(row.value, row)}: {str(row.status).upper()}",
                     loc="left", fontsize=_style.size(), color=_style.MILESTONE)
        parts.append(f"{row.label} {_fmt(row.value, row)} ({row.status}; green "
                     f"{'from' if row.higher_is_better else 'up to'} {g:g}, amber "
                     f"{'from' if row.higher_is_better else 'up to'} {a:g})")
    for ax in axes[n:]:
        ax.set_visible(False)
    handles = [Patch(color=RAG_COLOURS[s], alpha=0.5, label=s) for s in ("green", "amber", "red")]
    fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False,
               fontsize=_style.size(-1))
    fig.suptitle(title or "KPI dashboard", x=0.01, ha="left", fontsize=_style.size(2))
    counts = table["status"].value_counts()
    summary = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in ("green", "amber", "red"))
    fig.alt = f"KPI dashboard of {n} KPIs: {summary}. " + "; ".join(parts) + "."
    return fig


def _quarter_text(q) -> str:
    return f"{q.year}-Q{q.quarter}" if isinstance(q, pd.Period) else str(q)


def _words(slug: str) -> str:
    """A benefit's id in words, as the tables show it ("customer_retention" ->
    "customer retention")."""
    return str(slug).replace("_", " ")


def benefits_chart(realisation_or_register: pd.DataFrame, benefit: str | None = None, *,
                   title: str | None = None) -> Chart:
    """Planned against measured benefit, in the register's currency.

    Given the **register** (:func:`~implcourse.metrics.benefits.load_benefits_register`),
    draws the cumulative planned benefit by quarter as a line and the
    cumulative measured benefit where measured, for one ``benefit`` or, by
    default, all benefits together. Given a **realisation** table
    (:func:`~implcourse.metrics.benefits.realisation`), draws planned and
    measured to date side by side per benefit.

    Examples
    --------
    >>> from implcourse.metrics.benefits import load_benefits_register, realisation
    >>> reg = load_benefits_register()
    >>> fig = benefits_chart(reg, "legacy_tools_avoided")
    >>> fig.alt.startswith("Cumulative benefit of legacy tools avoided")
    True
    >>> len(benefits_chart(realisation(reg)).axes)
    1
    """
    frame = realisation_or_register
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"realisation_or_register must be a DataFrame, "
                        f"got {type(frame).__name__}")
    currency = frame.attrs.get("currency", "")
    fig = _style.new_chart(8, 4.2)
    ax = fig.add_subplot()
    if "planned_to_date" in frame.columns:
        frame = _need(frame, ["benefit", "planned_to_date", "measured_to_date", "quarter"],
                      "realisation")
        rows = frame[frame["benefit"] != "total"]
        if benefit is not None:
            rows = rows[rows["benefit"] == check_str("benefit", benefit)]
            if rows.empty:
                raise ValueError(f"Unknown benefit {benefit!r}; known: "
                                 f"{', '.join(frame['benefit'])}")
        x = np.arange(len(rows))
        ax.bar(x - 0.2, rows["planned_to_date"], width=0.4, color=_style.FLOAT,
               label="planned to date")
        ax.bar(x + 0.2, rows["measured_to_date"], width=0.4, color=_style.NORMAL,
               label="measured to date")
        ax.set_xticks(x, [_words(b).replace(" ", "\n") for b in rows["benefit"]])
        ax.set_xlabel("Benefit (business-case line)")
        quarter = frame["quarter"].iloc[0]
        _style.money_axis(ax, "y", currency, label=f"Benefit to {quarter}")
        _style.finish(ax, title or f"Benefits realised to {quarter}", grid="y",
                      legend="upper right")
        parts = [f"{_words(r.benefit)} {_style.money(r.measured_to_date, currency)} of "
                 f"{_style.money(r.planned_to_date, currency)} planned "
                 f"({r.measured_to_date / r.planned_to_date:.0%})"
                 for r in rows.itertuples()]
        fig.alt = f"Benefits realised to {quarter}: " + "; ".join(parts) + "."
        return fig
    frame = _need(frame, ["benefit", "quarter", "planned", "measured"], "register")
    if benefit is not None:
        benefit = check_str("benefit", benefit)
        if benefit not in set(frame["benefit"]):
            raise ValueError(f"Unknown benefit {benefit!r}; known: "
                             f"{', '.join(frame['benefit'].unique())}")
        frame = frame[frame["benefit"] == benefit]
    by_q = frame.groupby("quarter").agg(planned=("planned", "sum"),
                                        measured=("measured", lambda s: s.sum(min_count=len(s))))
    planned = by_q["planned"].cumsum()
    measured = by_q["measured"].cumsum()
    x = np.arange(len(by_q))
    labels = [_quarter_text(q) for q in by_q.index]
    ax.plot(x, planned, color=_style.FLOAT, linewidth=2.5, marker="o", markersize=4,
            label="planned (cumulative)")
    known = measured.notna().to_numpy()
    ax.plot(x[known], measured[known], color=_style.NORMAL, linewidth=2.5, marker="s",
            markersize=5, label="measured (cumulative)")
    step = max(1, int(np.ceil(len(x) / 8)))
    ax.set_xticks(x[::step], labels[::step], rotation=0, fontsize=_style.size(-1))
    ax.set_xlabel("Quarter")
    _style.money_axis(ax, "y", currency, label="Cumulative benefit")
    name = _words(benefit) if benefit else "all benefits"
    _style.finish(ax, title or f"Benefit realisation: {name}", grid="y",
                  legend="upper left")
    if known.any():
        last = int(np.flatnonzero(known)[-1])
        got, plan = float(measured.iloc[last]), float(planned.iloc[last])
        status = (f"by {labels[last]}, {_style.money(got, currency)} measured against "
                  f"{_style.money(plan, currency)} planned ({got / plan:.0%} of plan)")
    else:
        status = "nothing measured yet"
    fig.alt = (f"Cumulative benefit of {name} by quarter, {labels[0]} to {labels[-1]}: "
               f"{status}; {_style.money(float(planned.iloc[-1]), currency)} planned by "
               f"{labels[-1]}.")
    return fig


def adoption_chart(log: pd.DataFrame, *, green: float | None = None,
                   amber: float | None = None, title: str | None = None) -> Chart:
    """User adoption by month: active users as a percentage of intended users.

    Parameters
    ----------
    log : DataFrame
        From :func:`implcourse.metrics.kpis.adoption_over_time` (or a raw
        log with ``month``, ``active`` and ``intended``).
    green, amber : float, optional
        Thresholds drawn as dashed lines.

    Examples
    --------
    >>> from implcourse.metrics.dashboard import load_story_table
    >>> fig = adoption_chart(load_story_table("adoption"), green=85, amber=70)
    >>> fig.alt.split(";")[0]
    'Adoption from 2025-10 to 2026-06: 82 % of intended users active in 2026-06 (123 of 150)'
    """
    from ..metrics.kpis import adoption_over_time

    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"log must be a DataFrame, got {type(log).__name__}")
    table = log if "percent" in log.columns else adoption_over_time(log)
    key = "month" if "month" in table.columns else "period"
    table = _need(table, [key, "active", "intended", "percent"], "log")
    fig = _style.new_chart(8, 4)
    ax = fig.add_subplot()
    x = np.arange(len(table))
    ax.plot(x, table["percent"], marker="o", color=_style.NORMAL, linewidth=2.5,
            label="active users (% of intended)")
    for value, name in ((green, "green"), (amber, "amber")):
        if value is not None:
            ax.axhline(value, color=RAG_COLOURS[name], linestyle="--", linewidth=1.5,
                       label=f"{name} threshold ({value:g} %)")
    ax.set_xticks(x, [str(m) for m in table[key]], fontsize=_style.size(-1))
    ax.set_xlabel("Month")
    ax.set_ylabel("Active users (% of intended users)")
    ax.set_ylim(0, 105)
    _style.finish(ax, title or "User adoption", grid="y", legend="lower right")
    last = table.iloc[-1]
    fig.alt = (f"Adoption from {table[key].iloc[0]} to {last[key]}: {last['percent']:.0f} % "
               f"of intended users active in {last[key]} ({int(last['active'])} of "
               f"{int(last['intended'])}); lowest {table['percent'].min():.0f} %, highest "
               f"{table['percent'].max():.0f} %.")
    return fig


def defect_trend_chart(trend: pd.DataFrame, *, title: str | None = None) -> Chart:
    """New and resolved defects per period as bars, the open backlog as a line.

    Parameters
    ----------
    trend : DataFrame
        From :func:`implcourse.metrics.kpis.defect_trend`.

    Examples
    --------
    >>> from implcourse.metrics.kpis import defect_trend
    >>> from implcourse.metrics.dashboard import load_story_table
    >>> fig = defect_trend_chart(defect_trend(load_story_table("incidents"), freq="M"))
    >>> fig.alt.startswith("Defects per month from 2025-10 to 2026-06")
    True
    """
    trend = _need(trend, ["new", "resolved", "open"], "trend")
    periods = trend.index
    freq = getattr(periods, "freqstr", "W") or "W"
    unit = {"D": "day", "M": "month"}.get(freq[0], "week")
    if isinstance(periods, pd.PeriodIndex):
        labels = [p.strftime("%Y-%m") if unit == "month" else p.start_time.strftime("%d %b %y")
                  for p in periods]
    else:
        labels = [str(p) for p in periods]
    fig = _style.new_chart(9, 4.2)
    ax = fig.add_subplot()
    x = np.arange(len(trend))
    ax.bar(x - 0.2, trend["new"], width=0.4, color=_style.CRITICAL, label="new")
    ax.bar(x + 0.2, trend["resolved"], width=0.4, color=_style.FLOAT, label="resolved")
    ax.plot(x, trend["open"], color=_style.MILESTONE, marker="o", markersize=3,
            linewidth=2, label="open at the end of the period")
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step], labels[::step], fontsize=_style.size(-1),
                  rotation=45 if unit != "month" else 0, ha="right" if unit != "month" else "center")
    ax.set_xlabel(f"{unit.capitalize()} (start)" if unit != "month" else "Month")
    ax.set_ylabel(f"Defects per {unit}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    # Headroom above the tallest bar or point, so the legend never covers the data.
    top = float(trend[["new", "resolved", "open"]].to_numpy().max())
    ax.set_ylim(0, top * 1.45 + 1)
    _style.finish(ax, title or f"Defects after go-live, per {unit}", grid="y",
                  legend="upper right")
    peak = int(np.argmax(trend["new"].to_numpy()))
    fig.alt = (f"Defects per {unit} from {labels[0]} to {labels[-1]}: "
               f"{int(trend['new'].sum())} new, {int(trend['resolved'].sum())} resolved, "
               f"{int(trend['open'].iloc[-1])} open at the end; most new defects "
               f"({int(trend['new'].iloc[peak])}) in {labels[peak]}.")
    return fig
