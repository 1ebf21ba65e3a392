"""Lesson 07's stakeholder charts: the power/interest grid, the engagement
assessment matrix and the RACI table with its violations.

Each function takes what the core returns and gives a
:class:`~implcourse.plots._style.Chart` whose ``alt`` states the key facts in
words.

A tool that moves one stakeholder redraws only the *live* artists (the
points, their labels and the selection ring): :func:`update_power_interest_grid`
moves them and rewrites the text alternative. They are kept on the figure in
the documented attribute ``fig.grid_artists``, a dict with "points" and
"labels" (each a dict from stakeholder id to artist) and "highlight" (the
ring), so a widget can reach them without searching the figure.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..stakeholders import raci as raci_mod
from ..stakeholders import register as reg
from ..validation import check_str
from . import _style
from ._style import Chart, live

__all__ = ["power_interest_grid", "update_power_interest_grid", "power_interest_alt",
           "engagement_matrix_chart", "raci_chart", "STRATEGY_STYLE", "RACI_COLOURS"]

#: Colour (Okabe-Ito), quadrant fill and marker of each strategy.
STRATEGY_STYLE = {
    "manage closely": ("#D55E00", "#fbe3d4", "o"),
    "keep satisfied": ("#0072B2", "#d9e9f5", "s"),
    "keep informed": ("#009E73", "#d8f0e8", "^"),
    "monitor": ("#6b6b6b", "#eeeeee", "D"),
}
#: Cell colours of the RACI table, and the text colour on each.
RACI_COLOURS = {"A": ("#0072B2", "white"), "A/R": ("#0072B2", "white"),
                "R": ("#56B4E9", "black"), "C": ("#F0E442", "black"),
                "I": ("#eeeeee", "black"), "": ("white", "black")}
_LOW, _HIGH = reg.SCORE_MIN - 0.5, reg.SCORE_MAX + 0.5


# --------------------------------------------------------------------------
# Power/interest grid
# --------------------------------------------------------------------------

def _check_grid(grid_table) -> float:
    needed = {"name", "power", "interest", "strategy"}
    if not hasattr(grid_table, "columns") or not needed <= set(grid_table.columns):
        raise TypeError("grid_table must be the DataFrame returned by "
                        "stakeholders.register.stakeholder_grid()")
    if len(grid_table) == 0:
        raise ValueError("grid_table has no stakeholders to draw")
    return float(grid_table.attrs.get("threshold", reg.DEFAULT_THRESHOLD))


def _label_text(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 18))


def _layout(points: dict[str, tuple[float, float]], texts: dict[str, str],
            char: float = 0.11, line: float = 0.26) -> dict[str, tuple[float, float, str, str]]:
    """Place each label beside its point where it overlaps no other label or
    point, if any candidate allows it (a greedy search, first come first
    placed, in the order given). Sizes are estimated in data units.

    Returns ``{id: (x, y, ha, va)}``.
    """
    boxes: list[tuple[float, float, float, float]] = [
        (x - 0.18, y - 0.18, x + 0.18, y + 0.18) for x, y in points.values()]
    placed = {}
    steps = [(0.25, 0.0, "left", "center"), (-0.25, 0.0, "right", "center"),
             (0.0, 0.28, "center", "bottom"), (0.0, -0.28, "center", "top"),
             (0.22, 0.22, "left", "bottom"), (0.22, -0.22, "left", "top"),
             (-0.22, 0.22, "right", "bottom"), (-0.22, -0.22, "right", "top")]
    candidates = steps + [(dx * 2.4, dy * 2.4, ha, va) for dx, dy, ha, va in steps]
    for key, (x, y) in points.items():
        lines = texts[key].split("\n")
        width, height = max(len(t) for t in lines) * char, len(lines) * line
        best = None
        for dx, dy, ha, va in candidates:
            x0 = x + dx - (width if ha == "right" else width / 2 if ha == "center" else 0)
            y0 = y + dy - (height if va == "top" else height / 2 if va == "center" else 0)
            box = (x0, y0, x0 + width, y0 + height)
            inside = _LOW <= box[0] and box[2] <= _HIGH and _LOW <= box[1] and box[3] <= _HIGH
            clear = all(box[2] <= b[0] or b[2] <= box[0] or box[3] <= b[1] or b[3] <= box[1]
                        for b in boxes)
            if inside and clear:
                best = (x + dx, y + dy, ha, va, box)
                break
        if best is None:  # crowded: the first candidate that stays inside the axes
            for dx, dy, ha, va in candidates:
                x0 = x + dx - (width if ha == "right" else width / 2 if ha == "center" else 0)
                y0 = y + dy - (height if va == "top" else height / 2 if va == "center" else 0)
                box = (x0, y0, x0 + width, y0 + height)
                if _LOW <= box[0] and box[2] <= _HIGH and _LOW <= box[1] and box[3] <= _HIGH:
                    best = (x + dx, y + dy, ha, va, box)
                    break
            else:
                best = (x + 0.25, y, "left", "center", (x, y, x, y))
        boxes.append(best[4])
        placed[key] = best[:4]
    return placed


def power_interest_alt(grid_table, highlight: str | None = None) -> str:
    """The grid's text alternative: the threshold, who is in each quadrant,
    and the selected stakeholder.

    Examples
    --------
    >>> from implcourse.stakeholders.register import stakeholder_grid
    >>> print(power_interest_alt(stakeholder_grid()).split(":")[0])
    Power/interest grid of 12 stakeholders, scores 1 to 10, high from 6 (a score on the \
threshold counts as high)
    """
    limit = _check_grid(grid_table)
    parts = []
    for strategy in STRATEGY_STYLE:
        names = grid_table.loc[grid_table["strategy"] == strategy, "name"].tolist()
        if names:
            parts.append(f"{strategy} {len(names)} ({', '.join(names)})")
    text = (f"Power/interest grid of {len(grid_table)} stakeholders, scores 1 to 10, high from "
            f"{limit:g} (a score on the threshold counts as high): {'; '.join(parts)}.")
    if highlight is not None and highlight in grid_table.index:
        row = grid_table.loc[highlight]
        text += (f" Selected: {row['name']} at power {row['power']:g}, interest "
                 f"{row['interest']:g}: {row['strategy']}.")
    return text


def power_interest_grid(grid_table, highlight: str | None = None, *,
                        title: str | None = None) -> Chart:
    """The power/interest grid: the four quadrants named by their strategy,
    and every stakeholder as a labelled point.

    Interest runs along x and power up y, both 1 to 10; the quadrant lines
    sit at the threshold of ``grid_table.attrs["threshold"]`` (default 6), and
    a stakeholder exactly on a line counts as high (its colour and marker
    show its strategy). Labels are placed beside their points, avoiding
    each other where the space allows.

    Parameters
    ----------
    grid_table : DataFrame
        From :func:`implcourse.stakeholders.register.stakeholder_grid`.
    highlight : str, optional
        A stakeholder id to ring.
    title : str, optional

    Returns
    -------
    Chart
        With ``grid_artists`` (see the module's docstring); the points,
        labels and ring are live artists that
        :func:`update_power_interest_grid` moves.

    Examples
    --------
    >>> from implcourse.stakeholders.register import stakeholder_grid
    >>> fig = power_interest_grid(stakeholder_grid(), highlight="cfo")
    >>> len(fig.grid_artists["points"]), fig.axes[0].get_xlabel()
    (12, 'Interest in the project (score 1 to 10)')
    """
    limit = _check_grid(grid_table)
    fig = _style.new_chart(7.6, 6.2)
    ax = fig.add_subplot()
    corners = {"manage closely": (limit, limit, _HIGH, _HIGH),
               "keep satisfied": (_LOW, limit, limit, _HIGH),
               "keep informed": (limit, _LOW, _HIGH, limit),
               "monitor": (_LOW, _LOW, limit, limit)}
    for strategy, (x0, y0, x1, y1) in corners.items():
        colour, fill, _ = STRATEGY_STYLE[strategy]
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=fill, edgecolor="none",
                               zorder=0))
        right, top = x0 >= limit, y0 >= limit  # names in the outer corners, off the lines
        ax.text(x1 - 0.12 if right else x0 + 0.12, y1 - 0.12 if top else y0 + 0.12,
                strategy.upper(), ha="right" if right else "left", va="top" if top else "bottom",
                color=colour, fontsize=_style.size(), fontweight="bold", zorder=1)
    ax.axvline(limit, color="#999999", linewidth=1, zorder=1)
    ax.axhline(limit, color="#999999", linewidth=1, zorder=1)
    artists: dict = {"points": {}, "labels": {}}
    for key in grid_table.index:
        artists["points"][key] = live(ax.plot([], [], linestyle="", markersize=9,
                                              markeredgecolor="white", zorder=3)[0],
                                      f"point:{key}")
        artists["labels"][key] = live(ax.text(0, 0, "", fontsize=_style.size(-2), zorder=4),
                                      f"label:{key}")
    artists["highlight"] = live(ax.plot([], [], linestyle="", marker="o", markersize=18,
                                        markerfacecolor="none", markeredgecolor="black",
                                        markeredgewidth=2, zorder=2)[0], "highlight")
    ax.set_xlim(_LOW, _HIGH)
    ax.set_ylim(_LOW, _HIGH)
    ax.set_xticks(range(reg.SCORE_MIN, reg.SCORE_MAX + 1))
    ax.set_yticks(range(reg.SCORE_MIN, reg.SCORE_MAX + 1))
    ax.set_xlabel("Interest in the project (score 1 to 10)")
    ax.set_ylabel("Power over the project (score 1 to 10)")
    handles = [Line2D([], [], linestyle="", marker=marker, color=colour, markersize=8,
                      label=strategy) for strategy, (colour, _, marker) in STRATEGY_STYLE.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False,
               fontsize=_style.size(-2), handletextpad=0.2, columnspacing=1.0)
    _style.finish(ax, title or f"Power/interest grid (high from {limit:g})", grid=None)
    fig.grid_artists = artists
    fig.grid_threshold = limit
    update_power_interest_grid(fig, grid_table, highlight)
    return fig


def update_power_interest_grid(fig: Chart, grid_table, highlight: str | None = None) -> bool:
    """Move a :func:`power_interest_grid` chart's points and labels to the
    places in ``grid_table`` (for example after a learner moved one
    stakeholder), ring ``highlight`` and rewrite the text alternative.

    Returns False, changing nothing, when ``grid_table`` holds other
    stakeholders or another threshold than the chart (draw anew then).

    Examples
    --------
    >>> from implcourse.stakeholders.register import stakeholder_grid
    >>> fig = power_interest_grid(stakeholder_grid())
    >>> update_power_interest_grid(fig, stakeholder_grid(moves={"house_bank": (9, 9)}),
    ...                            highlight="house_bank")
    True
    >>> fig.grid_artists["points"]["house_bank"].get_data()
    ([9.0], [9.0])
    """
    if not hasattr(fig, "grid_artists"):
        raise TypeError("This chart was not drawn by power_interest_grid()")
    limit = _check_grid(grid_table)
    if highlight is not None:
        highlight = check_str("highlight", highlight)
    artists = fig.grid_artists
    if set(artists["points"]) != set(grid_table.index) or fig.grid_threshold != limit:
        return False
    points, texts = {}, {}
    # Place the highlighted stakeholder first so its label gets the best spot.
    order = sorted(grid_table.index, key=lambda k: k != highlight)
    for key in order:
        row = grid_table.loc[key]
        colour, _, marker = STRATEGY_STYLE[row["strategy"]]
        point = artists["points"][key]
        point.set_data([float(row["interest"])], [float(row["power"])])
        point.set_marker(marker)
        point.set_markerfacecolor(colour)
        points[key] = (float(row["interest"]), float(row["power"]))
        texts[key] = _label_text(str(row["name"]))
    # Label sizes in data units, from the font size and the axes' size in inches.
    ax = fig.axes[0]
    font = next(iter(artists["labels"].values())).get_fontsize()
    width_in, height_in = fig.get_size_inches() * ax.get_position().size
    span = _HIGH - _LOW
    char = 0.6 * font / 72 * span / max(width_in * 0.85, 1e-6)
    line = 1.25 * font / 72 * span / max(height_in * 0.85, 1e-6)
    for key, (x, y, ha, va) in _layout(points, texts, char, line).items():
        label = artists["labels"][key]
        label.set_text(texts[key])
        label.set_position((x, y))
        label.set_ha(ha)
        label.set_va(va)
        label.set_fontweight("bold" if key == highlight else "normal")
    ring = artists["highlight"]
    if highlight is not None and highlight in points:
        ring.set_data([points[highlight][0]], [points[highlight][1]])
    else:
        ring.set_data([], [])
    fig.alt = power_interest_alt(grid_table, highlight)
    return True


# --------------------------------------------------------------------------
# Engagement assessment matrix
# --------------------------------------------------------------------------

def engagement_matrix_chart(register=None, *, title: str | None = None) -> Chart:
    """The engagement assessment matrix as a chart: a row per stakeholder, a
    column per level (unaware to leading), C at the current level, D at the
    desired one and an arrow from C to D where they differ.

    Examples
    --------
    >>> fig = engagement_matrix_chart()
    >>> fig.alt.split(".")[0]
    'Engagement assessment matrix of 12 stakeholders on five levels from unaware to leading'
    """
    gaps = reg.engagement_gaps(register, include_aligned=True)
    items = reg.register_table(register)
    levels = reg.ENGAGEMENT_LEVELS
    n = len(items)
    fig = _style.new_chart(8.2, 0.42 * n + 1.6, shrink=False)
    ax = fig.add_subplot()
    for r, (key, row) in enumerate(items.iterrows()):
        y = n - 1 - r
        for c in range(len(levels)):
            ax.add_patch(Rectangle((c, y), 1, 1, facecolor="white" if r % 2 else "#f5f5f5",
                                   edgecolor="#dddddd"))
        cur, des = levels.index(row["current"]), levels.index(row["desired"])
        if cur == des:
            ax.text(cur + 0.5, y + 0.5, "C D", ha="center", va="center", fontweight="bold",
                    color="#009E73", fontsize=_style.size())
            continue
        colour = _style.NORMAL if des > cur else _style.CRITICAL
        ax.annotate("", xy=(des + 0.5 + (-0.22 if des > cur else 0.22), y + 0.5),
                    xytext=(cur + 0.5 + (0.22 if des > cur else -0.22), y + 0.5),
                    arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.5})
        ax.text(cur + 0.5, y + 0.5, "C", ha="center", va="center", fontweight="bold",
                fontsize=_style.size())
        ax.text(des + 0.5, y + 0.5, "D", ha="center", va="center", fontweight="bold",
                color=colour, fontsize=_style.size())
    ax.set_xlim(0, len(levels))
    ax.set_ylim(0, n)
    ax.set_xticks(np.arange(len(levels)) + 0.5, [lv.capitalize() for lv in levels])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n) + 0.5, [_label_text(x).replace("\n", " ")
                                       for x in items["name"]][::-1])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Engagement level (C current, D desired, arrow the move)")
    ax.set_title(title or "Engagement assessment matrix", loc="left", fontsize=_style.size(2))
    raise_ = gaps[gaps["gap"] > 0]
    lower = gaps[gaps["gap"] < 0]
    biggest = raise_[raise_["gap"] == raise_["gap"].max()]["name"].tolist() if len(raise_) else []
    text = (f"Engagement assessment matrix of {n} stakeholders on five levels from unaware to "
            f"leading. {len(raise_)} must become more engaged, {len(lower)} should step back "
            f"and {n - len(raise_) - len(lower)} are where they should be.")
    if biggest:
        text += (f" Largest gap, {int(raise_['gap'].max())} levels: {', '.join(biggest)}.")
    if len(lower):
        text += f" Step back: {', '.join(lower['name'])}."
    fig.alt = text
    return fig


# --------------------------------------------------------------------------
# RACI table
# --------------------------------------------------------------------------

def raci_chart(matrix, check: raci_mod.RaciCheck | None = None, *,
               title: str | None = None) -> Chart:
    """The RACI matrix as a coloured table, rows that break a rule outlined
    in vermilion with the rule named at the row's end.

    Parameters
    ----------
    matrix : DataFrame or dict
        A RACI matrix as :func:`implcourse.stakeholders.raci.check_raci` takes it.
    check : RaciCheck, optional
        Its result; computed with the ERP RACI's roles when not given.

    Examples
    --------
    >>> from implcourse.stakeholders.raci import broken_raci
    >>> fig = raci_chart(broken_raci())
    >>> fig.alt.split(":")[0]
    'RACI matrix of 12 deliverables by 8 roles; 4 rows break a rule'
    """
    if check is None:
        check = raci_mod.check_raci(matrix)
    if not isinstance(check, raci_mod.RaciCheck):
        raise TypeError(f"check must be the result of check_raci(), got {type(check).__name__}")
    table = check.matrix
    rows, cols = list(table.index), list(table.columns)
    broken: dict[str, list[str]] = {}
    for v in check.violations:
        short = "no A" if "no Accountable" in v.message else (
            "several A" if v.rule == "one_accountable" else "no R")
        broken.setdefault(v.row, []).append(short)
    n, m = len(rows), len(cols)
    fig = _style.new_chart(1.0 * m + 4.6, 0.42 * n + 2.4, shrink=False)
    ax = fig.add_subplot()
    for r, row in enumerate(rows):
        y = n - 1 - r
        for c, col in enumerate(cols):
            value = table.loc[row, col]
            face, ink = RACI_COLOURS[value]
            ax.add_patch(Rectangle((c, y), 1, 1, facecolor=face, edgecolor="white", linewidth=2))
            if value:
                ax.text(c + 0.5, y + 0.5, value, ha="center", va="center", color=ink,
                        fontsize=_style.size(), fontweight="bold")
        if row in broken:
            ax.add_patch(Rectangle((0.03, y + 0.05), m - 0.06, 0.9, fill=False,
                                   edgecolor=_style.CRITICAL, linewidth=2.5, zorder=3))
            ax.text(m + 0.15, y + 0.5, "✗ " + ", ".join(broken[row]), va="center",
                    color=_style.CRITICAL, fontsize=_style.size(-1), fontweight="bold")
    ax.set_xlim(0, m + (1.6 if broken else 0.1))
    ax.set_ylim(0, n)
    ax.set_xticks(np.arange(m) + 0.5, ["\n".join(textwrap.wrap(str(c), 12, break_long_words=False)) for c in cols],
                  fontsize=_style.size(-1))
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n) + 0.5, [str(r) for r in rows][::-1], fontsize=_style.size(-1))
    for label in ax.get_yticklabels():
        if label.get_text() in broken:
            label.set_color(_style.CRITICAL)
            label.set_fontweight("bold")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [Patch(facecolor=RACI_COLOURS[k][0], edgecolor="#999999",
                     label=f"{k} {raci_mod.LETTERS[k]}") for k in ("R", "A", "C", "I")]
    handles.append(Patch(fill=False, edgecolor=_style.CRITICAL, linewidth=2.5,
                         label="row breaks a rule"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), ncols=5,
              frameon=False, fontsize=_style.size(-1))
    ax.set_title(title or "RACI matrix: one A and at least one R per row", loc="left",
                 fontsize=_style.size(2))
    head = f"RACI matrix of {n} deliverables by {m} roles"
    if broken:
        listed = "; ".join(f"{row} ({', '.join(p)})" for row, p in broken.items())
        fig.alt = f"{head}; {len(broken)} rows break a rule: {listed}."
    else:
        fig.alt = f"{head}; every row has exactly one Accountable and at least one Responsible."
    if check.warnings:
        fig.alt += f" {len(check.warnings)} warning(s)."
    return fig
