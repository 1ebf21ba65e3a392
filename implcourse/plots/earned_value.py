"""Lesson 06's earned value charts: the S-curve with its EAC projection, and the
drift of SPI against SPI(t).

Each function takes a history such as
:func:`implcourse.metrics.earned_value.load_history` returns and gives a
:class:`~implcourse.plots._style.Chart` whose ``alt`` states the key numbers
in words.

A tool that moves the status date redraws only the *live* artists
(:func:`implcourse.plots._style.live`): :func:`update_s_curve` and
:func:`update_spi_drift` move them and rewrite the text alternative. The
artists are also kept on the figure, in the documented attribute
``fig.evm_artists`` (a dict from name to matplotlib artist), so a widget can
reach them without searching the figure.
"""

from __future__ import annotations

import numpy as np

from ..metrics import schedule_performance as es_mod
from ..metrics import earned_value as ev_mod
from ..validation import check_str
from . import _style
from ._style import Chart, money

__all__ = ["s_curve", "update_s_curve", "spi_drift", "update_spi_drift",
           "PV_COLOUR", "EV_COLOUR", "AC_COLOUR"]

#: Okabe-Ito colours (colour-blind safe); each line also has its own marker.
PV_COLOUR = _style.NORMAL      # blue
EV_COLOUR = "#009E73"          # bluish green
AC_COLOUR = _style.CRITICAL    # vermilion
STATUS_COLOUR = "#6b6b6b"
#: The x axis reaches at most this many times the history's length, so that an
#: early, wild forecast does not squash the chart (update_s_curve then says so).
_MAX_STRETCH = 2.0


def _currency(history, currency: str | None) -> str:
    if currency is None:
        return str(history.attrs.get("currency", "")) if hasattr(history, "attrs") else ""
    return check_str("currency", currency, allow_empty=True)


def _unit(h) -> str:
    return h.unit or "period"


def _projections(history, h, method: str) -> dict[int, ev_mod.Projection]:
    out = {}
    for p in range(1, h.reported + 1):
        try:
            out[p] = ev_mod.eac_projection(history, p, method)
        except ValueError:  # nothing earned yet at p: no projection there
            pass
    return out


def _s_curve_alt(h, projection: ev_mod.Projection, period: int, currency: str) -> str:
    status = ev_mod.evm(h.bac, h.pv[period - 1], h.ev[period - 1], h.ac[period - 1])
    pd_ = es_mod.planned_duration(h.pv)
    unit = _unit(h)
    return (f"S-curve at the end of {unit} {period} of {h.reported} reported: BAC "
            f"{money(h.bac, currency)}, planned finish {unit} {pd_}. PV "
            f"{money(status.pv, currency)}, EV {money(status.ev, currency)}, AC "
            f"{money(status.ac, currency)}; CPI {status.cpi:.2f}, SPI {status.spi:.2f}. "
            f"Dashed projection ({projection.formula}): EAC {money(projection.eac, currency)} "
            f"at a forecast finish of {unit} {projection.finish:.1f} by earned schedule.")


def s_curve(history, period: int, method: str = "cpi", *, currency: str | None = None,
            title: str | None = None) -> Chart:
    """Cumulative PV, EV and AC over time, with BAC, the status date and the
    dashed EAC projection from (status date, AC) to (forecast finish, EAC).

    PV is drawn for the whole baseline; EV and AC only up to the status
    ``period`` (later values are the future at that date). The forecast
    finish comes from earned schedule, ``IEAC(t) = PD / SPI(t)``, and the EAC
    from ``method`` (see :func:`implcourse.metrics.earned_value.eac_projection`).

    Parameters
    ----------
    history : DataFrame
        From :func:`implcourse.metrics.earned_value.load_history`.
    period : int
        The status date, as a reported period.
    method : {"cpi", "atypical", "cpi_spi"}
    currency : str, optional
        The money axis's currency; by default the history's (``attrs``).
    title : str, optional

    Returns
    -------
    Chart
        With ``evm_artists``: "ev", "ac" (lines), "status" (vertical line),
        "projection" (dashed line), "eac" (its end point) and "label" (its
        text); all are live artists that :func:`update_s_curve` moves.

    Examples
    --------
    >>> from implcourse.metrics.earned_value import load_history
    >>> fig = s_curve(load_history(), 6)
    >>> sorted(fig.evm_artists)
    ['ac', 'eac', 'ev', 'label', 'projection', 'status']
    >>> fig.axes[0].get_ylabel()
    'Cumulative cost (EUR)'
    >>> print(fig.alt)  # doctest: +NORMALIZE_WHITESPACE
    S-curve at the end of month 6 of 11 reported: BAC 950,000 EUR, planned finish month 8.
    PV 864,000 EUR, EV 720,000 EUR, AC 830,000 EUR; CPI 0.87, SPI 0.83. Dashed projection
    (EAC = BAC / CPI): EAC 1,095,139 EUR at a forecast finish of month 10.6 by earned schedule.
    """
    h = ev_mod.check_history(history)
    currency = _currency(history, currency)
    projection = ev_mod.eac_projection(history, period, method)  # checks period and method
    every = _projections(history, h, method)
    limit = _MAX_STRETCH * h.period.size
    xmax = min(max([h.period.size] + [p.finish for p in every.values()]), limit)
    fitting = [p.eac for p in every.values() if p.finish <= limit]
    ymax = max([h.bac, np.nanmax(h.ac)] + fitting)

    unit = _unit(h)
    fig = _style.new_chart(8, 4.6)
    ax = fig.add_subplot()
    months = np.concatenate([[0], h.period])
    ax.plot(months, np.concatenate([[0.0], h.pv]), color=PV_COLOUR, linewidth=2,
            label="Planned value (PV)")
    artists = {
        "ev": _style.live(ax.plot([], [], color=EV_COLOUR, marker="o", markersize=4,
                                  linewidth=2, label="Earned value (EV)")[0], "ev"),
        "ac": _style.live(ax.plot([], [], color=AC_COLOUR, marker="s", markersize=4,
                                  linewidth=2, label="Actual cost (AC)")[0], "ac"),
        "projection": _style.live(ax.plot([], [], color=AC_COLOUR, linestyle="--", linewidth=1.5,
                                          label="EAC projection")[0], "projection"),
        "eac": _style.live(ax.plot([], [], color=AC_COLOUR, marker="D", linestyle="",
                                   markersize=7)[0], "eac"),
        "status": _style.live(ax.axvline(period, color=STATUS_COLOUR, linestyle=":",
                                         linewidth=1.5, label="status date"), "status"),
        "label": _style.live(ax.text(0, 0, "", fontsize=_style.size(-1), color=AC_COLOUR,
                                     ha="right", va="bottom"), "label"),
    }
    ax.axhline(h.bac, color=_style.MILESTONE, linewidth=1, linestyle="-.",
               label=f"BAC {money(h.bac, currency)}")
    ax.set_xlim(0, xmax * 1.04 + 0.2)
    ax.set_ylim(0, ymax * 1.2)  # room for the EAC label above its point
    ax.set_xlabel(f"{unit.capitalize()} (0 = start)")
    _style.money_axis(ax, "y", currency, label="Cumulative cost")
    _style.whole_years(ax, "x")
    _style.finish(ax, title or "Earned value S-curve with the EAC projection", grid="both",
                  legend="lower right")  # the curves rise: bottom right stays clear
    fig.evm_artists = artists
    fig.evm_method = projection.method
    fig.evm_currency = currency
    _move_s_curve(fig, h, period, projection)
    return fig


def _move_s_curve(fig: Chart, h, period: int, projection: ev_mod.Projection) -> None:
    a = fig.evm_artists
    months = np.concatenate([[0], h.period[:period]])
    a["ev"].set_data(months, np.concatenate([[0.0], h.ev[:period]]))
    a["ac"].set_data(months, np.concatenate([[0.0], h.ac[:period]]))
    a["status"].set_xdata([period, period])
    a["projection"].set_data(projection.x, projection.y)
    a["eac"].set_data([projection.finish], [projection.eac])
    top = a["label"].axes.get_ylim()[1]
    a["label"].set_position((projection.finish - 0.15, projection.eac + 0.015 * top))
    a["label"].set_text(f"EAC {money(projection.eac, fig.evm_currency)}\n"
                        f"{_unit(h)} {projection.finish:.1f}")
    fig.alt = _s_curve_alt(h, projection, period, fig.evm_currency)


def update_s_curve(fig: Chart, history, period: int) -> bool:
    """Move an :func:`s_curve` chart's status date, EV, AC and projection to ``period``.

    Returns False, changing nothing, when the projection would leave the
    axes (the caller then draws the chart anew).

    Examples
    --------
    >>> from implcourse.metrics.earned_value import load_history
    >>> history = load_history()
    >>> fig = s_curve(history, 6)
    >>> update_s_curve(fig, history, 9), "month 9 of 11" in fig.alt
    (True, True)
    """
    if not hasattr(fig, "evm_method"):
        raise TypeError("This chart was not drawn by s_curve()")
    h = ev_mod.check_history(history)
    projection = ev_mod.eac_projection(history, period, fig.evm_method)
    ax = fig.axes[0]
    if projection.finish > ax.get_xlim()[1] or projection.eac > ax.get_ylim()[1]:
        return False
    _move_s_curve(fig, h, period, projection)
    return True


def _drift_alt(drift, pd_: int, unit: str, period: int | None) -> str:
    first, last = drift.iloc[0], drift.iloc[-1]
    low, high = drift["SPI(t)"].min(), drift["SPI(t)"].max()
    late = last["period"] - pd_ if last["ES"] >= pd_ else None
    text = (f"SPI and SPI(t) for {len(drift)} {unit}s, planned finish {unit} {pd_}. SPI goes "
            f"from {first['SPI']:.2f} in {unit} 1 to {last['SPI']:.2f} in {unit} "
            f"{int(last['period'])}; SPI(t) stays between {low:.2f} and {high:.2f} and ends at "
            f"{last['SPI(t)']:.2f}.")
    if late is not None and late > 0:
        text += (f" The work finished {int(late)} {unit}s late, yet SPI ends at "
                 f"{last['SPI']:.2f}: only SPI(t) shows the delay.")
    if period is not None:
        row = drift.iloc[period - 1]
        text += (f" Status {unit} {period}: SPI {row['SPI']:.2f}, SPI(t) {row['SPI(t)']:.2f}.")
    return text


def spi_drift(history, period: int | None = None, *, title: str | None = None) -> Chart:
    """SPI and SPI(t) per period, a line at 1.0 and the planned finish marked.

    On a late project SPI climbs back to 1.0 after the planned finish, while
    SPI(t) (earned schedule) keeps showing the delay. With ``period`` a
    vertical status line (live, see :func:`update_spi_drift`) marks a date.

    Returns
    -------
    Chart
        With ``evm_artists``: "status" (the status line, present even without
        ``period``, then hidden).

    Examples
    --------
    >>> from implcourse.metrics.earned_value import load_history
    >>> fig = spi_drift(load_history(), 6)
    >>> "only SPI(t) shows the delay" in fig.alt
    True
    >>> fig.axes[0].get_ylabel()
    'Index (1.0 = as planned)'
    """
    drift = es_mod.schedule_drift(history)
    h = ev_mod.check_history(history)
    if period is not None:
        period = ev_mod._check_period(period, h)
    unit = _unit(h)
    pd_ = es_mod.planned_duration(h.pv)
    fig = _style.new_chart(8, 4.2)
    ax = fig.add_subplot()
    ax.plot(drift["period"], drift["SPI"], color=PV_COLOUR, marker="o", linewidth=2,
            label="SPI = EV / PV (money)")
    ax.plot(drift["period"], drift["SPI(t)"], color=AC_COLOUR, marker="s", linewidth=2,
            label="SPI(t) = ES / AT (time)")
    ax.axhline(1.0, color=_style.MILESTONE, linewidth=1, label="1.0: as planned")
    ax.axvline(pd_, color=_style.MILESTONE, linestyle="-.", linewidth=1,
               label=f"planned finish ({unit} {pd_})")
    status = _style.live(ax.axvline(period or 1, color=STATUS_COLOUR, linestyle=":",
                                    linewidth=1.5, label="status date"), "status")
    status.set_visible(period is not None)
    low = min(drift["SPI"].min(), drift["SPI(t)"].min())
    high = max(drift["SPI"].max(), drift["SPI(t)"].max(), 1.0)
    ax.set_ylim(max(0.0, low - 0.1), high + 0.1)
    ax.set_xlim(0.5, len(drift) + 0.5)
    ax.set_xlabel(unit.capitalize())
    ax.set_ylabel("Index (1.0 = as planned)")
    _style.whole_years(ax, "x")
    _style.finish(ax, title or "SPI drifts back to 1.0; SPI(t) does not", grid="both",
                  legend="lower right")
    fig.evm_artists = {"status": status}
    fig.evm_drift = (drift, pd_, unit)
    fig.alt = _drift_alt(drift, pd_, unit, period)
    return fig


def update_spi_drift(fig: Chart, period: int | None) -> bool:
    """Move (or hide, with None) the status line of a :func:`spi_drift` chart.

    Examples
    --------
    >>> from implcourse.metrics.earned_value import load_history
    >>> fig = spi_drift(load_history())
    >>> update_spi_drift(fig, 9), "Status month 9" in fig.alt
    (True, True)
    """
    if not hasattr(fig, "evm_drift"):
        raise TypeError("This chart was not drawn by spi_drift()")
    drift, pd_, unit = fig.evm_drift
    line = fig.evm_artists["status"]
    if period is not None:
        if (isinstance(period, bool) or not isinstance(period, (int, np.integer))
                or not 1 <= period <= len(drift)):
            raise ValueError(f"Status period must be a whole number from 1 to {len(drift)}, "
                             f"the {unit}s reported (you entered {period!r})")
        line.set_xdata([period, period])
    line.set_visible(period is not None)
    fig.alt = _drift_alt(drift, pd_, unit, period)
    return True
