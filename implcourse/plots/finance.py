"""Charts of business cases: cumulative cash flow, tornado, scenarios, benefit ramp."""

from __future__ import annotations

import math

import numpy as np

from .. import finance
from ..validation import check_number, check_str
from . import _style
from ._style import Chart, live, money

__all__ = ["cumulative_cashflow", "update_cashflow", "npv_profile", "tornado",
           "scenario_lines", "benefit_ramp"]


def _years_text(value: float) -> str:
    return "no payback within the horizon" if not math.isfinite(value) else f"{value:.2f} years"


def cumulative_cashflow(cashflows, rate: float | None = None, *, title: str | None = None,
                        currency: str = "", ylim: tuple[float, float] | None = None) -> Chart:
    """Yearly net cash flows as bars, the cumulative flow as a line, payback marked.

    With ``rate`` the cumulative *discounted* flow is drawn too, with the
    discounted payback point. The payback point is where the line crosses
    zero, by the straight-line interpolation of :func:`finance.payback_period`.
    Bars, lines and points are live artists: :func:`update_cashflow` moves
    them for a calculator; ``ylim`` leaves room for that.

    Examples
    --------
    >>> fig = cumulative_cashflow([-100, 60, 60], rate=0.1, currency="EUR")
    >>> labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    >>> "payback" in labels and "net cash flow in the year" in labels
    True
    >>> fig.alt
    'Cumulative cash flow over 3 years: payback after 1.67 years; discounted at 10.0%, after 1.92 years. Total net flow 20 EUR.'
    """
    flows = finance.as_amounts("cashflows", cashflows)
    currency = check_str("currency", currency, allow_empty=True)
    years = np.arange(flows.size)
    fig = _style.new_chart(8, 4.2)
    ax = fig.add_subplot()
    bars = ax.bar(years, np.zeros(flows.size), alpha=0.45, width=0.6,
                  label="net cash flow in the year", color=_style.NORMAL)
    for year, bar in zip(years, bars):
        live(bar, f"bar:{year}")
    live(ax.plot(years, np.zeros(flows.size), marker="o", color=_style.NORMAL,
                 label="cumulative")[0], "cumulative")
    live(ax.plot([], [], marker="*", markersize=15, color=_style.MILESTONE, zorder=4,
                 label="payback", linestyle="")[0], "payback")
    if rate is not None:
        live(ax.plot(years, np.zeros(flows.size), marker="s", linestyle="--",
                     color=_style.CRITICAL, label="cumulative, discounted")[0], "discounted")
        live(ax.plot([], [], marker="*", markersize=15, color=_style.CRITICAL, zorder=4,
                     linestyle="", label="discounted payback")[0], "discounted payback")
    ax.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    ax.set_xticks(years)
    ax.set_xlabel("Year")
    _style.money_axis(ax, "y", currency, label="Amount")
    _style.finish(ax, title or "Cumulative cash flow and payback", grid="y",
                  legend="upper left")
    fig.currency = currency
    _move_cashflow(fig, flows, rate)
    if ylim is not None:
        ax.set_ylim(*ylim)
    else:
        ax.relim()
        ax.autoscale_view()
    return fig


def update_cashflow(fig: Chart, cashflows, rate: float | None = None) -> bool:
    """Move the bars, lines and payback points of a :func:`cumulative_cashflow` chart.

    Returns False (changing nothing visible) when the new flows do not fit:
    another number of years, a discounted line the chart lacks (or the other
    way round), or values beyond the axis.

    Examples
    --------
    >>> fig = cumulative_cashflow([-100, 60, 60], ylim=(-200, 200))
    >>> update_cashflow(fig, [-100, 70, 70]), update_cashflow(fig, [-100, 500, 500])
    (True, False)
    """
    flows = finance.as_amounts("cashflows", cashflows)
    ax = fig.axes[0]
    parts = _parts(ax)
    key = _style.LIVE
    if (f"{key}:bar:{flows.size - 1}" not in parts or f"{key}:bar:{flows.size}" in parts
            or (rate is None) != (f"{key}:discounted" not in parts)):
        return False
    cumulative = np.cumsum(flows)
    discounted = (np.cumsum(finance.discount_factors(rate, flows.size) * flows)
                  if rate is not None else np.array([]))
    low, high = ax.get_ylim()
    values = np.concatenate([flows, cumulative, discounted, [0.0]])
    if values.min() < low or values.max() > high:
        return False
    _move_cashflow(fig, flows, rate)
    return True


def _parts(ax) -> dict:
    return {a.get_gid(): a for a in ax.get_children() if isinstance(a.get_gid(), str)}


def _move_cashflow(fig: Chart, flows: np.ndarray, rate: float | None) -> None:
    ax = fig.axes[0]
    parts = _parts(ax)
    key = _style.LIVE
    cumulative = np.cumsum(flows)
    years = np.arange(flows.size)
    for year, value in zip(years, flows):
        bar = parts[f"{key}:bar:{year}"]
        bar.set_y(min(value, 0.0))
        bar.set_height(abs(value))
        bar.set_color(_style.NORMAL if value >= 0 else _style.CRITICAL)
    parts[f"{key}:cumulative"].set_data(years, cumulative)
    payback = finance.payback_period(flows)
    parts[f"{key}:payback"].set_data([payback] if math.isfinite(payback) else [],
                                     [0] if math.isfinite(payback) else [])
    text = (f"payback after {_years_text(payback)}" if math.isfinite(payback)
            else _years_text(payback))
    if rate is not None:
        discounted = np.cumsum(finance.discount_factors(rate, flows.size) * flows)
        parts[f"{key}:discounted"].set_data(years, discounted)
        dpb = finance.discounted_payback_period(rate, flows)
        parts[f"{key}:discounted payback"].set_data([dpb] if math.isfinite(dpb) else [],
                                                    [0] if math.isfinite(dpb) else [])
        text += (f"; discounted at {rate:.1%}, after {_years_text(dpb)}" if math.isfinite(dpb)
                 else f"; discounted at {rate:.1%}, {_years_text(dpb)}")
    fig.alt = (f"Cumulative cash flow over {flows.size} years: {text}. Total net flow "
               f"{money(cumulative[-1], getattr(fig, 'currency', ''))}.")


def npv_profile(cashflows, *, rates=None, hurdle: float | None = None,
                title: str | None = None, currency: str = "") -> Chart:
    """NPV against the discount rate; every IRR is a zero crossing.

    Parameters
    ----------
    cashflows : sequence of numbers
    rates : sequence of numbers, optional
        The rates to draw (default 0 to 60 %).
    hurdle : float, optional
        Marked with a vertical line.

    Examples
    --------
    >>> fig = npv_profile([-1600, 10000, -10000], rates=[i / 100 for i in range(0, 500, 5)])
    >>> len(fig.axes[0].get_lines()) >= 3
    True
    """
    flows = finance.as_amounts("cashflows", cashflows)
    grid = finance.as_amounts("rates", np.linspace(0, 0.6, 121) if rates is None else rates)
    if (grid <= -1).any():
        raise ValueError(f"rates must all be > -1, got {grid[grid <= -1][0]}")
    if hurdle is not None:
        hurdle = check_number("hurdle", hurdle, minimum=-0.99)
    values = finance.npv(np.array(grid), np.tile(flows, (grid.size, 1)))
    fig = _style.new_chart(8, 3.8)
    ax = fig.add_subplot()
    ax.plot(grid * 100, values, color=_style.NORMAL, label="NPV")
    ax.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    for i, rate in enumerate(finance.irr_all(flows)):
        if grid.min() <= rate <= grid.max():
            ax.plot(rate * 100, 0, marker="o", color=_style.CRITICAL, linestyle="",
                    label="IRR (NPV = 0)" if i == 0 else None)
    if hurdle is not None:
        ax.axvline(hurdle * 100, color=_style.CRITICAL, linestyle="--",
                   label=f"hurdle rate {hurdle:.0%}")
    ax.set_xlabel("Discount rate (%)")
    _style.money_axis(ax, "y", currency, label="NPV")
    _style.finish(ax, title or "NPV profile", legend="best")
    irrs = [f"{r:.1%}" for r in finance.irr_all(flows)]
    fig.alt = (f"NPV profile from {grid.min():.0%} to {grid.max():.0%}: NPV "
               f"{money(values[0], currency)} at {grid[0]:.0%}, "
               f"{money(values[-1], currency)} at {grid[-1]:.0%}; "
               + (f"it crosses zero at {' and '.join(irrs)} (the IRR)" if irrs else
                  "it never crosses zero (no IRR)")
               + (f"; hurdle rate {hurdle:.0%}." if hurdle is not None else "."))
    return fig


def tornado(table, *, title: str | None = None, metric_label: str = "NPV",
            as_percent: bool | None = None, currency: str = "") -> Chart:
    """A tornado chart of a sensitivity table, widest bar on top.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`implcourse.business_case.sensitivity`.
    metric_label : str, default "NPV"
        The metric's name, for the axis and title.
    as_percent : bool, optional
        Show values as percentages; by default only for ``"ROI"``.

    Examples
    --------
    >>> from implcourse import business_case as bc
    >>> fig = tornado(bc.sensitivity(bc.load_case("erp_replacement")))
    >>> fig.axes[0].get_yticklabels()[0].get_text() != ""
    True
    """
    required = {"label", "low", "high", "base", "low_input", "high_input"}
    if not hasattr(table, "columns") or not required <= set(table.columns):
        raise TypeError("table must be the DataFrame returned by business_case.sensitivity()")
    if len(table) == 0:
        raise ValueError("table must hold at least one driver, got an empty table")
    if as_percent is None:  # a ratio such as ROI is shown in per cent
        as_percent = metric_label.upper() == "ROI"
    rows = table.iloc[::-1]  # widest at the top once drawn bottom-up
    base = float(rows["base"].iloc[0])
    fig = _style.new_chart(8, 0.45 * len(rows) + 1.4)
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    low = rows["low"].to_numpy() - base
    high = rows["high"].to_numpy() - base
    swing = float(rows["swing"].iloc[0]) if "swing" in rows.columns else None
    step = f"{swing:.0%}" if swing is not None else "its swing"
    ax.barh(y, low, left=base, color=_style.FLOAT, label=f"driver − {step}")
    ax.barh(y, high, left=base, color=_style.NORMAL, label=f"driver + {step}")
    shown = f"{base:.1%}" if as_percent else money(base, currency)
    ax.axvline(base, color=_style.MILESTONE, linewidth=1, label=f"base {shown}")
    span = ax.get_xlim()
    if span[0] <= 0 <= span[1]:
        ax.axvline(0, color=_style.CRITICAL, linewidth=1, linestyle="--",
                   label=f"{metric_label} = 0")
    ax.set_yticks(y, rows["label"].tolist(), fontsize=_style.size())
    _style.money_axis(ax, "x", currency, percent=as_percent, label=metric_label)
    swing_text = f", ±{swing:.0%} per driver" if swing is not None else ""
    _style.finish(ax, title or f"{metric_label} sensitivity{swing_text}", grid="x")
    # Under the chart, where no bar can be: a tornado fills its whole plot area.
    fig.legend(*ax.get_legend_handles_labels(), fontsize=_style.size(), frameon=False,
               loc="outside lower center", ncols=3)

    def value(v: float) -> str:
        return f"{v:.1%}" if as_percent else money(v, currency)

    top = table.iloc[0]
    fig.alt = (f"Tornado chart of {len(table)} drivers around {metric_label} {value(base)}. "
               f"Widest: {top['label']}, from {value(min(top['low'], top['high']))} to "
               f"{value(max(top['low'], top['high']))}"
               + (f"; narrowest: {table.iloc[-1]['label']}." if len(table) > 1 else "."))
    return fig


def scenario_lines(cashflows_by_scenario: dict, *, rate: float | None = None,
                   title: str | None = None, currency: str = "") -> Chart:
    """Cumulative (optionally discounted) cash flow of several scenarios.

    Examples
    --------
    >>> fig = scenario_lines({"worst": [-100, 30, 30], "best": [-100, 80, 80]})
    >>> len(fig.axes[0].get_lines()) >= 2
    True
    """
    if not isinstance(cashflows_by_scenario, dict) or not cashflows_by_scenario:
        raise TypeError("cashflows_by_scenario must be a non-empty dict of name -> cash flows")
    fig = _style.new_chart(8, 4)
    ax = fig.add_subplot()
    colours = {"worst": _style.CRITICAL, "likely": _style.MILESTONE, "best": _style.NORMAL}
    markers = {"worst": "v", "likely": "o", "best": "^"}
    ends = []
    for name, flows in cashflows_by_scenario.items():
        flows = finance.as_amounts(f"cashflows_by_scenario[{name!r}]", flows)
        if rate is not None:
            flows = flows * finance.discount_factors(rate, flows.size)
        total = np.cumsum(flows)
        ax.plot(np.arange(flows.size), total, marker=markers.get(name, "o"), label=name,
                color=colours.get(name))
        ends.append(f"{name} {money(total[-1], currency)}")
    ax.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    ax.set_xlabel("Year")
    _style.whole_years(ax)
    kind = "Cumulative " + ("discounted " if rate is not None else "") + "cash flow"
    _style.money_axis(ax, "y", currency, label=kind)
    _style.finish(ax, title or "Scenarios", grid="y", legend="best")
    fig.alt = f"{kind} by scenario, at the end of the horizon: {'; '.join(ends)}."
    return fig


def benefit_ramp(full, realised, *, title: str | None = None, currency: str = "") -> Chart:
    """Benefits at full adoption against the benefits realised as adoption ramps up.

    Examples
    --------
    >>> fig = benefit_ramp([0, 100, 100], [0, 40, 90])
    >>> len(fig.axes[0].patches)
    6
    """
    full = finance.as_amounts("full", full)
    realised = finance.as_amounts("realised", realised)
    if full.shape != realised.shape:
        raise ValueError(f"full and realised must have the same length, got {full.size} and "
                         f"{realised.size}")
    years = np.arange(full.size)
    fig = _style.new_chart(8, 3.6)
    ax = fig.add_subplot()
    ax.bar(years - 0.2, full, width=0.4, color=_style.FLOAT, label="at full adoption")
    ax.bar(years + 0.2, realised, width=0.4, color=_style.NORMAL, label="realised",
           hatch="//", edgecolor="white")
    ax.set_xticks(years)
    ax.set_xlabel("Year")
    _style.money_axis(ax, "y", currency, label="Benefit")
    _style.finish(ax, title or "Benefits ramp up with adoption", grid="y")
    # The legend in a row above the bars, with room made for it.
    ax.set_ylim(top=max(full.max(), realised.max(), 1.0) * 1.3)
    ax.legend(fontsize=_style.size(), frameon=False, loc="upper left", ncols=2)
    share = realised.sum() / full.sum() if full.sum() else 1.0
    fig.alt = (f"Benefits by year: {money(realised.sum(), currency)} realised of "
               f"{money(full.sum(), currency)} at full adoption over {full.size} years "
               f"({share:.0%}).")
    return fig
