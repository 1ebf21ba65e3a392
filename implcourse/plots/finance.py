"""Charts of business cases: cumulative cash flow, tornado, scenarios, benefit ramp."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import finance
from ..validation import check_number
from . import _style

__all__ = ["cumulative_cashflow", "npv_profile", "tornado", "scenario_lines", "benefit_ramp"]


def _money(ax, axis: str = "y", *, percent: bool = False) -> None:
    """Thousands separators on a money axis (or percentages for a ratio)."""
    fmt = FuncFormatter(lambda v, _: f"{v:.0%}" if percent else f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def cumulative_cashflow(cashflows, rate: float | None = None, *, title: str | None = None,
                        currency: str = "") -> Figure:
    """Yearly net cash flows as bars, the cumulative flow as a line, payback marked.

    With ``rate`` the cumulative *discounted* flow is drawn too, with the
    discounted payback point. The payback point is where the line crosses
    zero, by the straight-line interpolation of :func:`finance.payback_period`.

    Examples
    --------
    >>> fig = cumulative_cashflow([-100, 60, 60], rate=0.1)
    >>> labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    >>> "payback 1.67 years" in labels and "net cash flow in the year" in labels
    True
    """
    flows = finance.as_amounts("cashflows", cashflows)
    years = np.arange(flows.size)
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    ax = fig.add_subplot()
    colours = np.where(flows >= 0, _style.NORMAL, _style.CRITICAL)
    ax.bar(years, flows, color=colours, alpha=0.45, width=0.6, label="net cash flow in the year")
    cumulative = np.cumsum(flows)
    ax.plot(years, cumulative, marker="o", color=_style.NORMAL, label="cumulative")
    payback = finance.payback_period(flows)
    if math.isfinite(payback):
        ax.plot(payback, 0, marker="*", markersize=15, color=_style.MILESTONE, zorder=4,
                label=f"payback {payback:.2f} years", linestyle="")
    if rate is not None:
        discounted = np.cumsum(finance.discount_factors(rate, flows.size) * flows)
        ax.plot(years, discounted, marker="s", linestyle="--", color=_style.CRITICAL,
                label=f"cumulative, discounted at {rate:.1%}")
        dpb = finance.discounted_payback_period(rate, flows)
        if math.isfinite(dpb):
            ax.plot(dpb, 0, marker="*", markersize=15, color=_style.CRITICAL, zorder=4,
                    linestyle="", label=f"discounted payback {dpb:.2f} years")
    ax.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    ax.set_xticks(years)
    ax.set_xlabel("Year")
    ax.set_ylabel(f"Amount {currency}".strip())
    _money(ax)
    _style.finish(ax, title or "Cumulative cash flow and payback", grid="y",
                  legend="upper left")
    return fig


def npv_profile(cashflows, *, rates=None, hurdle: float | None = None,
                title: str | None = None) -> Figure:
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
    fig = Figure(figsize=(8, 3.8), layout="constrained")
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
    ax.set_ylabel("NPV")
    _money(ax)
    _style.finish(ax, title or "NPV profile", legend="best")
    return fig


def tornado(table, *, title: str | None = None, metric_label: str = "NPV",
            as_percent: bool | None = None, currency: str = "") -> Figure:
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
    fig = Figure(figsize=(8, 0.45 * len(rows) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    low = rows["low"].to_numpy() - base
    high = rows["high"].to_numpy() - base
    swing = float(rows["swing"].iloc[0]) if "swing" in rows.columns else None
    step = f"{swing:.0%}" if swing is not None else "its swing"
    ax.barh(y, low, left=base, color=_style.FLOAT, label=f"driver − {step}")
    ax.barh(y, high, left=base, color=_style.NORMAL, label=f"driver + {step}")
    ax.axvline(base, color=_style.MILESTONE, linewidth=1)
    span = ax.get_xlim()
    if span[0] <= 0 <= span[1]:
        ax.axvline(0, color=_style.CRITICAL, linewidth=1, linestyle="--",
                   label=f"{metric_label} = 0")
    ax.set_yticks(y, rows["label"].tolist(), fontsize=_style.FONT_SIZE)
    ax.set_xlabel(f"{metric_label} {currency}".strip())
    _money(ax, "x", percent=as_percent)
    shown = f"{base:.1%}" if as_percent else f"{base:,.0f} {currency}".strip()
    swing_text = f" to ±{swing:.0%} in each driver" if swing is not None else ""
    _style.finish(ax, title or f"Sensitivity of {metric_label}{swing_text} (base {shown})",
                  grid="x", legend="lower right")
    return fig


def scenario_lines(cashflows_by_scenario: dict, *, rate: float | None = None,
                   title: str | None = None) -> Figure:
    """Cumulative (optionally discounted) cash flow of several scenarios.

    Examples
    --------
    >>> fig = scenario_lines({"worst": [-100, 30, 30], "best": [-100, 80, 80]})
    >>> len(fig.axes[0].get_lines()) >= 2
    True
    """
    if not isinstance(cashflows_by_scenario, dict) or not cashflows_by_scenario:
        raise TypeError("cashflows_by_scenario must be a non-empty dict of name -> cash flows")
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    colours = {"worst": _style.CRITICAL, "likely": _style.MILESTONE, "best": _style.NORMAL}
    for name, flows in cashflows_by_scenario.items():
        flows = finance.as_amounts(f"cashflows_by_scenario[{name!r}]", flows)
        if rate is not None:
            flows = flows * finance.discount_factors(rate, flows.size)
        ax.plot(np.arange(flows.size), np.cumsum(flows), marker="o", label=name,
                color=colours.get(name))
    ax.axhline(0, color=_style.MILESTONE, linewidth=0.8)
    ax.set_xlabel("Year")
    ax.set_ylabel("Cumulative " + ("discounted " if rate is not None else "") + "cash flow")
    _money(ax)
    _style.finish(ax, title or "Scenarios", grid="y", legend="best")
    return fig


def benefit_ramp(full, realised, *, title: str | None = None) -> Figure:
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
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(years - 0.2, full, width=0.4, color=_style.FLOAT, label="at full adoption")
    ax.bar(years + 0.2, realised, width=0.4, color=_style.NORMAL, label="realised")
    ax.set_xticks(years)
    ax.set_xlabel("Year")
    ax.set_ylabel("Benefit")
    _money(ax)
    _style.finish(ax, title or "Benefits ramp up with adoption", grid="y", legend="upper left")
    return fig
