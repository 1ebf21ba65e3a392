"""Charts of risk: heat map, decision tree, S-curve, histogram, criticality, burndown."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from ..decision_tree import Chance, Decision, Outcome, rollback
from ..montecarlo import SimulationResult
from ..risk import ProbabilityImpactMatrix
from ..validation import check_number, check_str
from . import _style
from ._style import Chart, live

__all__ = ["heat_map", "update_heat_map", "decision_tree", "s_curve", "set_target",
           "histogram", "criticality", "burndown", "RATING_COLOURS"]

RATING_COLOURS = {"low": "#e8f0e4", "medium": "#f6d58e", "high": "#e8826b"}


def _grid(ax, matrix: ProbabilityImpactMatrix, mirror: bool) -> None:
    n = matrix.size
    for r, p in enumerate(matrix.probability_scale):
        for c, i in enumerate(matrix.impact_scale):
            x = (n - 1 - c) if mirror else c
            rating = matrix.rating(p * i)
            ax.add_patch(Rectangle((x, r), 1, 1, facecolor=RATING_COLOURS[rating],
                                   edgecolor="white", linewidth=2))
            ax.text(x + 0.96, r + 0.06, f"{p * i:.3f}", ha="right", va="bottom",
                    fontsize=_style.size(-2), color="#555555")
    impacts = [f"{i:g}" for i in matrix.impact_scale]
    ax.set_xticks(np.arange(n) + 0.5, impacts[::-1] if mirror else impacts)
    ax.set_yticks(np.arange(n) + 0.5, [f"{p:g}" for p in matrix.probability_scale])
    ax.set_xlim(0, n)
    ax.set_ylim(0, n)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _open(scored):
    """The risks still open: closed ones are history and an occurred one is an issue."""
    if "status" not in scored.columns:
        return scored
    return scored[scored["status"] == "active"]


def _placed(scored, matrix: ProbabilityImpactMatrix, kind: str, mirror: bool):
    """``((x, row), ids)`` of every occupied cell of one side of the heat map (open
    risks only)."""
    cells: dict[tuple[int, int], list[str]] = {}
    scored = _open(scored)
    for row in scored[scored["kind"] == kind].itertuples():
        cells.setdefault((int(row.probability_level) - 1, int(row.impact_level) - 1),
                         []).append(str(row.id))
    for (r, c), ids in cells.items():
        yield ((matrix.size - 1 - c) if mirror else c, r), ids


def heat_map_alt(scored, highlight: str | None = None) -> str:
    """The heat map's text alternative: how many risks of each rating, and the
    selected one.

    Examples
    --------
    >>> from implcourse import risk
    >>> scored = risk.score_register(risk.load_register(), **risk.sample_scale())
    >>> heat_map_alt(scored).startswith("Probability-impact matrix of")
    True
    """
    shown = _open(scored)
    counts = shown["rating"].value_counts()
    parts = [f"{int(counts.get(r, 0))} {r}" for r in ("high", "medium", "low")]
    threats = int((shown["kind"] == "threat").sum())
    text = (f"Probability-impact matrix of {threats} open threats and "
            f"{len(shown) - threats} open opportunities: {', '.join(parts)}.")
    if len(shown) < len(scored):
        text += f" {len(scored) - len(shown)} closed or occurred risks are left out."
    high = shown[shown["rating"] == "high"]["id"].tolist()
    if high:
        text += f" High: {', '.join(high)}."
    if highlight is not None and highlight in set(scored["id"]):
        row = scored.set_index("id").loc[highlight]
        text += (f" Selected: {highlight}, probability band {int(row.probability_level)}, "
                 f"impact band {int(row.impact_level)}, score {row.score:.3f}, {row.rating}.")
    return text


def heat_map(scored, matrix: ProbabilityImpactMatrix | None = None, *,
             highlight: str | None = None, title: str | None = None) -> Chart:
    """The probability-impact matrix with each open risk's id in its cell.

    Only active risks are drawn (when ``scored`` has a ``status`` column): a
    closed risk is history and one that occurred is an issue. Threats on the
    left; opportunities on the right in the mirror image
    (impact grows towards the centre), as in the PMBOK Guide's layout. A
    legend gives the ratings' colours; the ``highlight``-ed risk is drawn in
    bold with a dark frame round its cell.

    Parameters
    ----------
    scored : DataFrame
        The output of :func:`implcourse.risk.score_register`.
    matrix : ProbabilityImpactMatrix, optional
        The matrix used to score (default 5×5).
    highlight : str, optional
        A risk id to mark.

    Examples
    --------
    >>> from implcourse import risk
    >>> scored = risk.score_register(risk.load_register(), budget=2_500_000, duration=150)
    >>> fig = heat_map(scored)
    >>> len(fig.axes)
    2
    """
    matrix = matrix or ProbabilityImpactMatrix()
    _check_scored(scored)
    fig = _style.new_chart(10, 5.4, shrink=False)
    axes = fig.subplots(1, 2)
    for ax, kind, mirror in ((axes[0], "threat", False), (axes[1], "opportunity", True)):
        _grid(ax, matrix, mirror)
        ax.set_xlabel("Impact (share of budget or schedule)")
        ax.set_title("Threats" if kind == "threat" else "Opportunities (mirror image)",
                     fontsize=_style.size(1))
    axes[0].set_ylabel("Probability")
    low, high = matrix.thresholds
    names = {"low": f"low (score below {low:g})", "medium": "medium",
             "high": f"high (score {high:g} or more)"}
    handles = [Patch(facecolor=RATING_COLOURS[r], edgecolor="#999999", label=names[r])
               for r in ("low", "medium", "high")]
    handles.append(Rectangle((0, 0), 1, 1, fill=False, edgecolor=_style.MILESTONE,
                             linewidth=2.5, label="selected risk"))
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False,
               fontsize=_style.size())
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=_style.size(2))
    update_heat_map(fig, scored, matrix, highlight=highlight)
    return fig


def update_heat_map(fig: Chart, scored, matrix: ProbabilityImpactMatrix | None = None, *,
                    highlight: str | None = None) -> bool:
    """Put the risks of ``scored`` into a :func:`heat_map` chart again (the
    grid stays): used when a tool moves a risk or selects another.

    Examples
    --------
    >>> from implcourse import risk
    >>> scored = risk.score_register(risk.load_register(), **risk.sample_scale())
    >>> fig = heat_map(scored)
    >>> update_heat_map(fig, scored, highlight="R01")
    True
    """
    matrix = matrix or ProbabilityImpactMatrix()
    _check_scored(scored)
    if highlight is not None:
        highlight = check_str("highlight", highlight)
    for ax, kind, mirror in ((fig.axes[0], "threat", False), (fig.axes[1], "opportunity", True)):
        for artist in list(ax.texts) + list(ax.patches):
            if isinstance(artist.get_gid(), str) and artist.get_gid().startswith(_style.LIVE):
                artist.remove()
        for (x, r), ids in _placed(scored, matrix, kind, mirror):
            chosen = highlight in ids
            crowded = len(ids) > 3  # two ids a line, smaller, so they stay in the cell
            text = "\n".join(textwrap.wrap(" ".join(ids), 7 if crowded else 12))
            live(ax.text(x + 0.5, r + 0.58, text, ha="center", va="center",
                         fontsize=_style.size(-3 if crowded else 0),
                         fontweight="bold" if chosen else "normal"), "ids")
            if chosen:
                live(ax.add_patch(Rectangle((x + 0.04, r + 0.04), 0.92, 0.92, fill=False,
                                            edgecolor=_style.MILESTONE, linewidth=2.5,
                                            zorder=4)), "selected")
    fig.alt = heat_map_alt(scored, highlight)
    return True


def _check_scored(scored) -> None:
    needed = {"id", "kind", "probability_level", "impact_level", "score", "rating"}
    if not hasattr(scored, "columns") or not needed <= set(scored.columns):
        raise TypeError("scored must be the DataFrame returned by risk.score_register()")


# --------------------------------------------------------------------------
# Decision tree
# --------------------------------------------------------------------------

def decision_tree(tree, *, title: str | None = None, unit: str = "") -> Chart:
    """Draw a decision tree left to right, with the rolled-back values.

    Squares are decisions, circles chance nodes and triangles outcomes; the
    best option is drawn in vermilion. Every amount carries ``unit`` (for
    example "USD million"). Branch labels sit above their branch, and a node's
    label below its incoming branch, left of the node, so no label crosses a
    line.

    Examples
    --------
    >>> from implcourse.risk import load_decision_tree
    >>> fig = decision_tree(load_decision_tree(), unit="USD million")
    >>> "Upgrade" in " ".join(t.get_text() for t in fig.axes[0].texts)
    True
    >>> fig.alt.startswith("Decision tree: choose Upgrade")
    True
    """
    if not isinstance(tree, (Decision, Chance, Outcome)):
        raise TypeError(f"tree must be a Decision, Chance or Outcome, got {type(tree).__name__}")
    unit = check_str("unit", unit, allow_empty=True)
    suffix = f" {unit}" if unit else ""

    def count_leaves(node) -> int:
        children = _children(node)
        return sum(count_leaves(c) for c in children) if children else 1

    leaves = count_leaves(tree)
    # Labels wrap into short lines (an amount and its unit on a line of their
    # own when they do not fit beside it), so each fits the level part of its
    # branch: the figure can then stay narrow for its type size and keep its
    # labels readable when a tool fits it into half the screen.
    fig = _style.new_chart(8, 1.1 + 1.15 * leaves, shrink=False)
    ax = fig.add_subplot()
    next_leaf = [0]
    depth_max = [0]
    bend = 0.06  # where a branch turns level, right of its parent

    def amount(prefix: str, value: float) -> str:
        text = f"{prefix}{value:,.1f}"
        return f"{text}{suffix}" if len(text + suffix) <= 16 else f"{text}\n{unit}"

    def label(name: str, prefix: str, value: float, *, colon: bool = False) -> str:
        return (textwrap.fill(name + (":" if colon else ""), 18)
                + "\n" + amount(prefix, value))

    def draw(node, depth: int, best: bool) -> tuple[float, float]:
        """Draw a subtree (each occurrence of a node on its own), return its position."""
        depth_max[0] = max(depth_max[0], depth)
        result = rollback(node)
        if isinstance(node, Decision):
            edges = [(label(name, "cost ", cost), child, best and name in result.ties)
                     for name, cost, child in node.options]
        elif isinstance(node, Chance):
            edges = [(f"p = {p:g}", child, best) for p, child in node.branches]
        else:
            edges = []
        if edges:
            ends = [(draw(child, depth + 1, on_path), text, on_path)
                    for text, child, on_path in edges]
            y = float(np.mean([pos[1] for pos, _, _ in ends]))
            for (cx, cy), text, on_path in ends:
                # Elbow branches: down (or up) at the parent, then level to the
                # child; the label sits above the level part, clear of lines.
                xs, ys = [depth, depth + bend, cx], [y, cy, cy]
                ax.plot(xs, ys, color=_style.CRITICAL if on_path else "#9a9a9a",
                        linewidth=2 if on_path and isinstance(node, Decision) else 1,
                        zorder=1)
                ax.text(depth + bend + (cx - depth - bend) / 2, cy + 0.06, text,
                        ha="center", va="bottom", fontsize=_style.size(-1))
        else:
            y = -float(next_leaf[0])
            next_leaf[0] += 1
        marker = "s" if isinstance(node, Decision) else "o" if isinstance(node, Chance) else ">"
        ax.plot(depth, y, marker=marker, markersize=13,
                color=_style.CRITICAL if best else _style.NORMAL, zorder=3)
        if isinstance(node, Outcome):
            ax.text(depth + 0.08, y, label(node.label, "", node.value, colon=True),
                    ha="left", va="center", fontsize=_style.size(-1))
        elif depth == 0:  # the root: to its left, where no line runs
            ax.text(depth - 0.08, y, label(node.label, "EMV ", result.value),
                    ha="right", va="center", fontsize=_style.size(-1))
        else:  # under its incoming branch, left of its own: clear of both lines
            ax.text(depth - 0.05, y - 0.1, label(node.label, "EMV ", result.value),
                    ha="right", va="top", fontsize=_style.size(-1))
        return depth, y

    draw(tree, 0, True)
    ax.set_xlim(-0.95, depth_max[0] + 1.05)
    ax.set_ylim(-leaves + 0.5, 0.6)
    ax.axis("off")
    ax.set_title(title or "Decision tree, rolled back by EMV", loc="left",
                 fontsize=_style.size(2))
    fig.alt = decision_tree_alt(tree, unit)
    return fig


def decision_tree_alt(tree, unit: str = "") -> str:
    """The decision tree's text alternative: the choice and each option's EMV."""
    suffix = f" {unit}" if unit else ""
    result = rollback(tree)
    if not isinstance(tree, Decision):
        return f"Decision tree with an expected value of {result.value:,.1f}{suffix}."
    options = "; ".join(f"{k}: EMV {v:,.1f}{suffix}" for k, v in result.children.items())
    best = (f"choose {result.choice}" if len(result.ties) == 1 else
            "a tie between " + " and ".join(result.ties))
    return f"Decision tree: {best}. {options}."


def _children(node) -> list:
    if isinstance(node, Chance):
        return [c for _, c in node.branches]
    if isinstance(node, Decision):
        return [c for _, _, c in node.options]
    return []


# --------------------------------------------------------------------------
# Monte Carlo results
# --------------------------------------------------------------------------

def _result(result) -> SimulationResult:
    if not isinstance(result, SimulationResult):
        raise TypeError(f"result must be a SimulationResult, got {type(result).__name__}")
    return result


def _unit_label(result: SimulationResult, currency: str = "EUR") -> str:
    return ("Project duration (working days)" if result.unit == "days"
            else f"Project cost ({currency})")


def _chance(p: float) -> str:
    """A probability in per cent: whole per cent in the middle, one decimal in the
    tails, where rounding would blur 1.5 % into "2%" or 98.6 % into "99%"."""
    return f"{p:.0%}" if 0.05 <= p <= 0.95 else f"{p:.1%}"


def s_curve_alt(result: SimulationResult, target: float | None = None) -> str:
    """The S-curve's text alternative: P50, P80, the plan's chance, the target's."""
    unit = "working days" if result.unit == "days" else ""
    p = result.percentiles((0.5, 0.8))
    text = (f"S-curve of {result.n:,} simulated outcomes: P50 {p['P50']:,.1f}, P80 "
            f"{p['P80']:,.1f} {unit}. The plan's {result.baseline:,.1f} has a "
            f"{_chance(result.probability_within(result.baseline))} chance.").replace("  ", " ")
    if target is not None and target != result.baseline:
        text += (f" By the target {target:,.{0 if float(target).is_integer() else 1}f}: "
                 f"{_chance(result.probability_within(target))} chance.")
    return text


def s_curve(result, *, target: float | None = None, levels=(0.5, 0.8),
            title: str | None = None, xlim: tuple[float, float] | None = None) -> Chart:
    """The S-curve (cumulative probability) of a simulation, P50/P80 marked.

    With ``target`` a vertical line shows the probability of meeting it (a
    live artist: :func:`set_target` moves it). ``xlim`` fixes the axis, so
    that a tool's target slider stays inside it.

    Examples
    --------
    >>> from implcourse import risk
    >>> run = risk.simulate_schedule(risk.estimated_plan(), n=2_000, seed=1)
    >>> fig = s_curve(run, target=run.baseline)
    >>> bool(fig.axes[0].get_ylim()[1] >= 1)
    True
    """
    result = _result(result)
    values, share = result.s_curve()
    if values.size > 1000:  # 1,000 points draw the same curve as 50,000, much faster
        keep = np.unique(np.linspace(0, values.size - 1, 1000).round().astype(int))
        values, share = values[keep], share[keep]
    fig = _style.new_chart(8, 4)
    ax = fig.add_subplot()
    ax.plot(values, share, color=_style.NORMAL, label=f"{result.n:,} iterations")
    for q in levels:
        q = check_number("level", q, minimum=0, maximum=1)
        value = result.percentile(q)
        ax.plot([value, value], [0, q], color=_style.MILESTONE, linestyle=":", linewidth=1)
        ax.plot(value, q, marker="o", color=_style.MILESTONE)
        ax.annotate(f"P{round(q * 100)} = {value:,.1f}", (value, q), xytext=(6, -12),
                    textcoords="offset points", fontsize=_style.size())
    ax.axvline(result.baseline, color=_style.FLOAT, linestyle="--",
               label=f"plan (most likely) {result.baseline:,.1f}")
    live(ax.axvline(result.baseline, color=_style.CRITICAL, visible=False), "target")
    live(ax.text(0, 0.04, "", color=_style.CRITICAL, fontsize=_style.size(),
                 transform=ax.get_xaxis_transform(), bbox={"facecolor": "white",
                                                          "edgecolor": "none", "pad": 1}),
         "target label")
    if target is not None:  # a legend entry only for a line that is drawn
        ax.plot([], [], color=_style.CRITICAL, label="target")
    ax.set_ylim(0, 1.02)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel(_unit_label(result))
    ax.set_ylabel("Chance of finishing by")
    _style.finish(ax, title or "S-curve", legend="center right")
    fig.result = result
    set_target(fig, result, target)
    return fig


def set_target(fig: Chart, result: SimulationResult, target: float | None) -> bool:
    """Move an :func:`s_curve`'s target line and its label (None hides them).

    Examples
    --------
    >>> from implcourse import risk
    >>> run = risk.simulate_schedule(risk.estimated_plan(), n=1_000, seed=1)
    >>> fig = s_curve(run)
    >>> set_target(fig, run, 160.0)
    True
    """
    result = _result(result)
    ax = fig.axes[0]
    line = next(a for a in ax.get_lines() if a.get_gid() == f"{_style.LIVE}:target")
    label = next(t for t in ax.texts if t.get_gid() == f"{_style.LIVE}:target label")
    if target is None:
        line.set_visible(False)
        label.set_visible(False)
    else:
        target = check_number("target", target)
        chance = result.probability_within(target)
        line.set_xdata([target, target])
        line.set_visible(True)
        left, right = ax.get_xlim()
        label.set_position((target, 0.04))
        label.set_horizontalalignment("right" if target > (left + right) / 2 else "left")
        label.set_text(f" target {target:,.0f}: {_chance(chance)} ")
        label.set_visible(True)
    fig.alt = s_curve_alt(result, target)
    return True


def histogram(result, *, bins: int = 40, title: str | None = None) -> Chart:
    """A histogram of a simulation's results, with the plan and the mean marked.

    Examples
    --------
    >>> from implcourse import risk
    >>> fig = histogram(risk.simulate_schedule(risk.estimated_plan(), n=1_000, seed=2))
    >>> len(fig.axes[0].patches)
    40
    """
    result = _result(result)
    if isinstance(bins, bool) or not isinstance(bins, int) or not 2 <= bins <= 500:
        raise ValueError(f"bins must be an integer from 2 to 500, got {bins!r}")
    fig = _style.new_chart(8, 3.6)
    ax = fig.add_subplot()
    ax.hist(result.totals, bins=bins, color=_style.NORMAL, alpha=0.8)
    ax.axvline(result.baseline, color=_style.FLOAT, linestyle="--",
               label=f"plan {result.baseline:,.1f}")
    ax.axvline(result.mean, color=_style.CRITICAL, label=f"mean {result.mean:,.1f}")
    ax.set_xlabel(_unit_label(result))
    ax.set_ylabel("Iterations")
    _style.finish(ax, title or "Distribution of outcomes", grid=None, legend="best")
    low, high = result.percentile(0.05), result.percentile(0.95)
    fig.alt = (f"Histogram of {result.n:,} simulated outcomes: mean {result.mean:,.1f}, "
               f"90 % of them between {low:,.1f} and {high:,.1f}; the plan is "
               f"{result.baseline:,.1f}.")
    return fig


def criticality(result, *, top: int = 10, names: dict | None = None,
                exclude=(), title: str | None = None) -> Chart:
    """The tasks most often on the critical path (criticality index).

    ``exclude`` leaves tasks out (milestones, say, which are critical
    whenever their path is).

    Examples
    --------
    >>> from implcourse import risk
    >>> fig = criticality(risk.simulate_schedule(risk.estimated_plan(), n=1_000, seed=2), top=5)
    >>> len(fig.axes[0].patches)
    5
    """
    result = _result(result)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    index = result.criticality()
    index = index[~index.index.isin(list(exclude))].head(top)[::-1]
    labels = [(names or {}).get(t, t) for t in index.index]
    fig = _style.new_chart(8, 0.35 * len(index) + 1.2)
    ax = fig.add_subplot()
    # One bar per task, at its own position: two tasks may share a display name.
    ax.barh(np.arange(len(index)), index.to_numpy(), color=_style.CRITICAL)
    ax.set_yticks(np.arange(len(index)), labels)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("Share of iterations on the critical path")
    ax.tick_params(axis="y", labelsize=_style.size())
    _style.finish(ax, title or "Criticality index", grid=None)
    listed = "; ".join(f"{label} {value:.0%}" for label, value in
                       zip(labels[::-1][:5], index.to_numpy()[::-1][:5]))
    fig.alt = (f"Criticality index of the {len(index)} tasks shown (share of iterations on "
               f"the critical path), highest first: {listed}.")
    return fig


def burndown(frame, *, title: str | None = None, currency: str = "EUR") -> Chart:
    """Expected exposure left over time (see :func:`implcourse.risk.burndown`).

    Examples
    --------
    >>> from implcourse import risk
    >>> fig = burndown(risk.burndown(risk.load_register()))
    >>> len(fig.axes[0].get_lines())
    1
    """
    if not hasattr(frame, "columns") or not {"day", "exposure"} <= set(frame.columns):
        raise TypeError("frame must be the DataFrame returned by risk.burndown()")
    fig = _style.new_chart(8, 3.6)
    ax = fig.add_subplot()
    ax.step(frame["day"], frame["exposure"], where="post", color=_style.CRITICAL)
    ax.set_xlabel("Working day of the plan")
    _style.money_axis(ax, "y", currency, label="Expected loss still open")
    ax.set_ylim(bottom=0)
    _style.finish(ax, title or "Risk burndown: expected exposure still open")
    start, days = float(frame["exposure"].iloc[0]), frame["day"].to_numpy()
    half = days[np.argmax(frame["exposure"].to_numpy() <= start / 2)]
    fig.alt = (f"Risk burndown: {_style.money(start, currency)} of expected loss open at the "
               f"start, half of it closed by day {half:g}, none left by day {days[-1]:g}.")
    return fig
