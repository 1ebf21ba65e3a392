"""Charts of risk: heat map, decision tree, S-curve, histogram, criticality, burndown."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from ..decision_tree import Chance, Decision, Outcome, rollback
from ..montecarlo import SimulationResult
from ..risk import ProbabilityImpactMatrix
from ..validation import check_number
from . import _style

__all__ = ["heat_map", "decision_tree", "s_curve", "histogram", "criticality", "burndown"]

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
                    fontsize=_style.FONT_SIZE - 2, color="#555555")
    impacts = [f"{i:g}" for i in matrix.impact_scale]
    ax.set_xticks(np.arange(n) + 0.5, impacts[::-1] if mirror else impacts)
    ax.set_yticks(np.arange(n) + 0.5, [f"{p:g}" for p in matrix.probability_scale])
    ax.set_xlim(0, n)
    ax.set_ylim(0, n)
    ax.set_aspect("equal")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def heat_map(scored, matrix: ProbabilityImpactMatrix | None = None, *,
             highlight: str | None = None, title: str | None = None) -> Figure:
    """The probability-impact matrix with each risk's id in its cell.

    Threats on the left; opportunities on the right in the mirror image
    (impact grows towards the centre), as in the PMBOK Guide's layout.

    Parameters
    ----------
    scored : DataFrame
        The output of :func:`implcourse.risk.score_register`.
    matrix : ProbabilityImpactMatrix, optional
        The matrix used to score (default 5×5).
    highlight : str, optional
        A risk id drawn in bold.

    Examples
    --------
    >>> from implcourse import risk
    >>> scored = risk.score_register(risk.load_register(), budget=2_500_000, duration=150)
    >>> fig = heat_map(scored)
    >>> len(fig.axes)
    2
    """
    matrix = matrix or ProbabilityImpactMatrix()
    needed = {"id", "kind", "probability_level", "impact_level"}
    if not hasattr(scored, "columns") or not needed <= set(scored.columns):
        raise TypeError("scored must be the DataFrame returned by risk.score_register()")
    fig = Figure(figsize=(10, 5.2), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, kind, mirror in ((axes[0], "threat", False), (axes[1], "opportunity", True)):
        _grid(ax, matrix, mirror)
        rows = scored[scored["kind"] == kind]
        cells: dict[tuple[int, int], list[str]] = {}
        for _, row in rows.iterrows():
            cells.setdefault((int(row.probability_level) - 1, int(row.impact_level) - 1),
                             []).append(str(row.id))
        for (r, c), ids in cells.items():
            x = (matrix.size - 1 - c) if mirror else c
            text = "\n".join(textwrap.wrap(" ".join(ids), 12))
            bold = highlight in ids
            ax.text(x + 0.5, r + 0.55, text, ha="center", va="center",
                    fontsize=_style.FONT_SIZE - (1 if len(ids) > 3 else 0),
                    fontweight="bold" if bold else "normal")
        ax.set_xlabel("Impact (share of budget or schedule)")
        ax.set_title("Threats" if kind == "threat" else "Opportunities (mirror image)",
                     fontsize=_style.FONT_SIZE + 1)
    axes[0].set_ylabel("Probability")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=_style.FONT_SIZE + 2)
    return fig


# --------------------------------------------------------------------------
# Decision tree
# --------------------------------------------------------------------------

def decision_tree(tree, *, title: str | None = None) -> Figure:
    """Draw a decision tree left to right, with the rolled-back values.

    Squares are decisions, circles chance nodes and triangles outcomes; the
    best option is drawn in vermilion.

    Examples
    --------
    >>> from implcourse.risk import load_decision_tree
    >>> fig = decision_tree(load_decision_tree())
    >>> "Upgrade" in " ".join(t.get_text() for t in fig.axes[0].texts)
    True
    """
    if not isinstance(tree, (Decision, Chance, Outcome)):
        raise TypeError(f"tree must be a Decision, Chance or Outcome, got {type(tree).__name__}")

    def count_leaves(node) -> int:
        children = _children(node)
        return sum(count_leaves(c) for c in children) if children else 1

    leaves = count_leaves(tree)
    fig = Figure(figsize=(10, 1.1 + 0.9 * leaves), layout="constrained")
    ax = fig.add_subplot()
    next_leaf = [0]
    depth_max = [0]

    def draw(node, depth: int, best: bool) -> tuple[float, float]:
        """Draw a subtree (each occurrence of a node on its own), return its position."""
        depth_max[0] = max(depth_max[0], depth)
        result = rollback(node)
        if isinstance(node, Decision):
            edges = [(f"{label}\ncost {cost:,.1f}", child, best and label == result.choice)
                     for label, cost, child in node.options]
        elif isinstance(node, Chance):
            edges = [(f"p = {p:g}", child, best) for p, child in node.branches]
        else:
            edges = []
        if edges:
            ends = [(draw(child, depth + 1, on_path), text, on_path)
                    for text, child, on_path in edges]
            y = float(np.mean([pos[1] for pos, _, _ in ends]))
            for (cx, cy), text, on_path in ends:
                ax.plot([depth, cx], [y, cy], color=_style.CRITICAL if on_path else _style.GRID,
                        linewidth=2 if on_path and isinstance(node, Decision) else 1, zorder=1)
                ax.text((depth + cx) / 2, (y + cy) / 2 - 0.18, text, ha="center", va="top",
                        fontsize=_style.FONT_SIZE - 1)
        else:
            y = -float(next_leaf[0])
            next_leaf[0] += 1
        marker = "s" if isinstance(node, Decision) else "o" if isinstance(node, Chance) else ">"
        ax.plot(depth, y, marker=marker, markersize=14,
                color=_style.CRITICAL if best else _style.NORMAL, zorder=3)
        label = (f"{node.label}: {node.value:,.1f}" if isinstance(node, Outcome)
                 else f"{node.label}\nEMV {result.value:,.1f}")
        ax.text(depth, y + 0.28, label, ha="center", va="bottom", fontsize=_style.FONT_SIZE - 1)
        return depth, y

    draw(tree, 0, True)
    ax.set_xlim(-0.5, depth_max[0] + 0.7)
    ax.set_ylim(-leaves + 0.3, 1.0)
    ax.axis("off")
    ax.set_title(title or "Decision tree, rolled back by EMV", loc="left",
                 fontsize=_style.FONT_SIZE + 2)
    return fig


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


def _unit_label(result: SimulationResult) -> str:
    return "Project duration (working days)" if result.unit == "days" else "Project cost"


def s_curve(result, *, target: float | None = None, levels=(0.5, 0.8),
            title: str | None = None) -> Figure:
    """The S-curve (cumulative probability) of a simulation, P50/P80 marked.

    With ``target`` a vertical line shows the probability of meeting it.

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
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(values, share, color=_style.NORMAL, label=f"{result.n:,} iterations")
    for q in levels:
        q = check_number("level", q, minimum=0, maximum=1)
        value = result.percentile(q)
        ax.plot([value, value], [0, q], color=_style.MILESTONE, linestyle=":", linewidth=1)
        ax.plot(value, q, marker="o", color=_style.MILESTONE)
        ax.annotate(f"P{round(q * 100)} = {value:,.1f}", (value, q), xytext=(6, -12),
                    textcoords="offset points", fontsize=_style.FONT_SIZE)
    ax.axvline(result.baseline, color=_style.FLOAT, linestyle="--",
               label=f"plan (most likely) {result.baseline:,.1f}")
    if target is not None:
        target = check_number("target", target)
        chance = result.probability_within(target)
        ax.axvline(target, color=_style.CRITICAL, label=f"target {target:,.1f}: {chance:.0%}")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel(_unit_label(result))
    ax.set_ylabel("Probability of finishing by")
    _style.finish(ax, title or "S-curve", legend="lower right")
    return fig


def histogram(result, *, bins: int = 40, title: str | None = None) -> Figure:
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
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.hist(result.totals, bins=bins, color=_style.NORMAL, alpha=0.8)
    ax.axvline(result.baseline, color=_style.FLOAT, linestyle="--",
               label=f"plan {result.baseline:,.1f}")
    ax.axvline(result.mean, color=_style.CRITICAL, label=f"mean {result.mean:,.1f}")
    ax.set_xlabel(_unit_label(result))
    ax.set_ylabel("Iterations")
    _style.finish(ax, title or "Distribution of outcomes", grid=None, legend="best")
    return fig


def criticality(result, *, top: int = 10, names: dict | None = None,
                exclude=(), title: str | None = None) -> Figure:
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
    fig = Figure(figsize=(8, 0.35 * len(index) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    # One bar per task, at its own position: two tasks may share a display name.
    ax.barh(np.arange(len(index)), index.to_numpy(), color=_style.CRITICAL)
    ax.set_yticks(np.arange(len(index)), labels)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("Share of iterations on the critical path")
    ax.tick_params(axis="y", labelsize=_style.FONT_SIZE)
    _style.finish(ax, title or "Criticality index", grid=None)
    return fig


def burndown(frame, *, title: str | None = None) -> Figure:
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
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.step(frame["day"], frame["exposure"], where="post", color=_style.CRITICAL)
    ax.set_xlabel("Working day of the plan")
    ax.set_ylabel("Expected loss still open")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(bottom=0)
    _style.finish(ax, title or "Risk burndown: expected exposure still open")
    return fig
