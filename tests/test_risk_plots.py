"""Lesson 04's charts: heat map, decision tree, S-curve, histogram, criticality, burndown."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from implcourse import decision_tree as dt
from implcourse import estimating, risk, schedule
from implcourse.exercises.risk import DecisionTree
from implcourse.plots import _style
from implcourse.plots.risk import (burndown, criticality, decision_tree, heat_map, histogram,
                                   s_curve)

REGISTER = risk.load_register()
SCALE = risk.sample_scale()
SCORED = risk.score_register(REGISTER, **SCALE)
TREE = risk.load_decision_tree()
RATING_COLOURS = {"low": "#e8f0e4", "medium": "#f6d58e", "high": "#e8826b"}

# A small network whose middle tasks share the critical path between them.
PLAN = schedule.Plan.from_records([
    {"id": "start", "name": "Start", "duration": 2},
    {"id": "build", "name": "Build", "duration": 5, "depends_on": ["start"]},
    {"id": "buy", "name": "Buy", "duration": 5, "depends_on": ["start"]},
    {"id": "train", "name": "Train", "duration": 4, "depends_on": ["start"]},
    {"id": "launch", "name": "Launch", "duration": 2, "depends_on": ["build", "buy", "train"]},
    {"id": "done", "name": "Done", "duration": 0, "depends_on": ["launch"]}])
SMALL = estimating.estimated_plan(PLAN, {"start": (1, 2, 3), "build": (2, 5, 10),
                                         "buy": (3, 5, 8), "train": (1, 4, 9),
                                         "launch": (1, 2, 3), "done": (0, 0, 0)})
RUN = risk.simulate_schedule(SMALL, 2_000, seed=5)
ERP_RUN = risk.simulate_schedule(estimating.estimated_plan(), 1_000, seed=3, risks=REGISTER)
COST_RUN = risk.simulate_cost(estimating.estimated_plan(), 500, seed=3, risks=REGISTER)


def labelled_lines(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()
            if not line.get_label().startswith("_")}


def same_colour(a, b) -> bool:
    return np.allclose(to_rgba(a), to_rgba(b))


CALLS = {
    "heat_map": lambda: heat_map(SCORED),
    "decision_tree": lambda: decision_tree(TREE),
    "s_curve": lambda: s_curve(RUN, target=12),
    "histogram": lambda: histogram(RUN),
    "criticality": lambda: criticality(RUN),
    "burndown": lambda: burndown(risk.burndown(REGISTER)),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_returns_a_figure_and_leaves_pyplot_alone(name):
    """Each chart is a Figure; no pyplot figure is opened."""
    before = plt.get_fignums()
    fig = CALLS[name]()
    assert isinstance(fig, Figure)
    assert len(fig.axes) == (2 if name == "heat_map" else 1)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", [n for n in CALLS if n != "heat_map"])
def test_title_can_be_set(name):
    """A given title replaces the default one."""
    default = CALLS[name]().axes[0].get_title(loc="left")
    assert default
    fig = {
        "decision_tree": lambda: decision_tree(TREE, title="Mine"),
        "s_curve": lambda: s_curve(RUN, title="Mine"),
        "histogram": lambda: histogram(RUN, title="Mine"),
        "criticality": lambda: criticality(RUN, title="Mine"),
        "burndown": lambda: burndown(risk.burndown(REGISTER), title="Mine"),
    }[name]()
    assert fig.axes[0].get_title(loc="left") == "Mine" != default


# --------------------------------------------------------------------------
# heat_map
# --------------------------------------------------------------------------

def id_texts(ax) -> list:
    """The texts that hold risk ids (not the cells' score labels)."""
    return [t for t in ax.texts if t.get_text().strip().startswith("R")]


def cell_of(text, size: int, mirror: bool) -> tuple[int, int]:
    """(probability level, impact level), from 1, of the cell a text sits in."""
    x, y = text.get_position()
    column = int(np.floor(x))
    impact = (size - 1 - column) if mirror else column
    return int(np.floor(y)) + 1, impact + 1


def scored_with(matrix=None, **changes):
    register = REGISTER.copy()
    for risk_id, values in changes.items():
        at = register.index[register["id"] == risk_id][0]
        for column, value in values.items():
            register.loc[at, column] = value
    return risk.score_register(register, matrix, **SCALE)


SCORED_SETS = {
    "sample": (SCORED, None),
    "residual": (risk.score_register(REGISTER, budget=SCALE["budget"],
                                     duration=SCALE["duration"], residual=True), None),
    "3x3": (risk.score_register(REGISTER, risk.ProbabilityImpactMatrix.three_by_three(),
                                **SCALE), risk.ProbabilityImpactMatrix.three_by_three()),
    "edited": (scored_with(R23={"probability": 0.95, "impact_cost": 900_000},
                           R01={"probability": 0.05, "impact_days": 0.0,
                                "impact_cost": 0.0}), None),
}


@pytest.mark.parametrize("which", list(SCORED_SETS))
def test_heat_map_every_id_once_in_its_cell(which):
    """Threats left, opportunities right (mirrored): each open risk's id once, in its
    cell; closed and occurred risks are not drawn (history and issues)."""
    scored, matrix = SCORED_SETS[which]
    size = (matrix or risk.ProbabilityImpactMatrix()).size
    fig = heat_map(scored, matrix)
    threats, opportunities = fig.axes
    assert threats.get_title() == "Threats"
    assert opportunities.get_title().startswith("Opportunities")
    active = scored[scored["status"] == "active"] if "status" in scored.columns else scored
    for ax, kind, mirror in ((threats, "threat", False), (opportunities, "opportunity", True)):
        rows = active[active["kind"] == kind]
        where = {}
        for text in id_texts(ax):
            for risk_id in text.get_text().split():
                assert risk_id not in where, (kind, risk_id)
                where[risk_id] = cell_of(text, size, mirror)
        assert sorted(where) == sorted(rows["id"]), kind
        for row in rows.itertuples():
            assert where[row.id] == (row.probability_level, row.impact_level), row.id


def test_heat_map_ids_of_one_cell_share_one_text():
    """Risks in the same cell are one text (wrapped), not overlapping texts."""
    ax = heat_map(SCORED).axes[0]
    cells = [cell_of(t, 5, False) for t in id_texts(ax)]
    assert len(cells) == len(set(cells))
    threats = SCORED[SCORED["kind"] == "threat"]
    assert len(cells) == len(threats.groupby(["probability_level", "impact_level"]))


@pytest.mark.parametrize("matrix", [risk.ProbabilityImpactMatrix(),
                                    risk.ProbabilityImpactMatrix.three_by_three()],
                         ids=["5x5", "3x3"])
def test_heat_map_cell_colours_follow_the_ratings(matrix):
    """Each cell is coloured by the rating of probability point × impact point."""
    fig = heat_map(risk.score_register(REGISTER, matrix, **SCALE), matrix)
    n = matrix.size
    low, high = matrix.thresholds
    for ax, mirror in zip(fig.axes, (False, True)):
        cells = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert len(cells) == n * n
        seen = set()
        for patch in cells:
            x, y = patch.get_xy()
            column, row = int(round(x)), int(round(y))
            impact = (n - 1 - column) if mirror else column
            score = round(matrix.probability_scale[row] * matrix.impact_scale[impact], 10)
            rating = "high" if score >= high else "medium" if score >= low else "low"
            assert same_colour(patch.get_facecolor(), RATING_COLOURS[rating]), (row, impact)
            assert (patch.get_width(), patch.get_height()) == (1, 1)
            seen.add((row, impact))
        assert len(seen) == n * n


@pytest.mark.parametrize("matrix", [risk.ProbabilityImpactMatrix(),
                                    risk.ProbabilityImpactMatrix.three_by_three()],
                         ids=["5x5", "3x3"])
def test_heat_map_shows_each_cell_score(matrix):
    """Each cell states its score, probability point × impact point, to 3 decimals
    (so 0.9 × 0.05 = 0.045 does not read as 0.05, the low/medium threshold)."""
    n = matrix.size
    scored = risk.score_register(REGISTER, matrix, **SCALE)
    for ax, mirror in zip(heat_map(scored, matrix).axes, (False, True)):
        labels = {}
        for text in ax.texts:
            if text.get_text().startswith("0."):
                x, y = text.get_position()
                column = int(np.floor(x))
                labels[(int(np.floor(y)), n - 1 - column if mirror else column)] = \
                    text.get_text()
        assert labels == {(r, c): f"{p * i:.3f}"
                          for r, p in enumerate(matrix.probability_scale)
                          for c, i in enumerate(matrix.impact_scale)}
    if n == 5:
        assert labels[(4, 0)] == "0.045" and labels[(0, 0)] == "0.005"


@pytest.mark.parametrize("highlight", ["R03", "R06", "R24", "R26"])
def test_heat_map_highlight_is_bold(highlight):
    """highlight draws the text holding that id in bold; every other id text is normal."""
    fig = heat_map(SCORED, highlight=highlight)
    bold = [t for ax in fig.axes for t in id_texts(ax) if t.get_fontweight() == "bold"]
    assert len(bold) == 1 and highlight in bold[0].get_text().split()
    plain = heat_map(SCORED)
    assert not any(t.get_fontweight() == "bold" for ax in plain.axes for t in id_texts(ax))


def test_heat_map_highlight_matches_whole_ids():
    """A highlight that is not an id (or only part of one) makes nothing bold."""
    for highlight in ("R0", "R2", "R99", "r03"):
        fig = heat_map(SCORED, highlight=highlight)
        assert not any(t.get_fontweight() == "bold" for ax in fig.axes for t in id_texts(ax))


def test_heat_map_suptitle():
    """title becomes the figure's title."""
    assert heat_map(SCORED, title="Register").get_suptitle() == "Register"


@pytest.mark.parametrize("bad", [None, REGISTER, REGISTER.drop(columns="kind"), [1, 2],
                                 "scored", SCORED.drop(columns="impact_level")])
def test_heat_map_needs_a_scored_register(bad):
    """Anything but score_register's output raises TypeError naming scored."""
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=r"\bscored\b"):
        heat_map(bad)
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------
# decision_tree
# --------------------------------------------------------------------------

def children(node):
    if isinstance(node, dt.Chance):
        return [c for _, c in node.branches]
    if isinstance(node, dt.Decision):
        return [c for _, _, c in node.options]
    return []


def layout(tree) -> list[tuple]:
    """(node, x, y, on best path) for every occurrence of a node (a node object
    used twice is placed twice), children before their parent: leaves top to
    bottom, one row each; a parent midway between its children; x is the depth.
    The best path: from the root, at a decision only the option with the highest
    net value (the first of equals), at a chance node every branch."""
    out, leaves = [], [0]

    def place(node, depth, best):
        if isinstance(node, dt.Decision):
            nets = [dt.rollback(child).value - cost for _, cost, child in node.options]
            pick = nets.index(max(nets))
            flags = [best and i == pick for i in range(len(nets))]
        else:
            flags = [best] * len(children(node))
        if not children(node):
            y = -leaves[0]
            leaves[0] += 1
        else:
            y = float(np.mean([place(c, depth + 1, f) for c, f in zip(children(node), flags)]))
        out.append((node, depth, y, best))
        return y

    place(tree, 0, True)
    return out


def markers(ax) -> list:
    return [line for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]


TREES = {"pmbok": TREE, "reweighted": dt.reweighted(TREE, 0.9),
         "exercise": DecisionTree(seed=3).tree, "exercise-2": DecisionTree(seed=8).tree,
         "nested": dt.Decision("Now?", (
             ("Go", 10, dt.Chance("Market", (
                 (0.3, dt.Decision("Expand?", (("Expand", 20, dt.Outcome("Big", 90)),
                                               ("Hold", 0, dt.Outcome("Small", 40))))),
                 (0.7, dt.Outcome("Flat", 15))))),
             ("Wait", 0, dt.Outcome("Nothing", 5))))}
# One node object on two paths: each occurrence is drawn (and coloured) on its own.
_NOTHING = dt.Outcome("Nothing happens", 0)
_SHARED_MARKET = dt.Chance("Market", ((0.5, dt.Outcome("Good", 100)), (0.5, _NOTHING)))
TREES["shared"] = dt.Decision("Invest?", (("Invest", 40, _SHARED_MARKET),
                                          ("Wait", 0, _NOTHING)))
TREES["shared-chance"] = dt.Decision("Which?", (("A", 10, _SHARED_MARKET),
                                                ("B", 30, _SHARED_MARKET)))


def flat(text) -> str:
    """A chart text as one line: the tree wraps its labels to fit their branches."""
    return " ".join(text.get_text().split())


@pytest.mark.parametrize("name", list(TREES))
def test_decision_tree_labels_and_costs(name):
    """Every node's label (with its EMV or value) and each option's cost appear."""
    tree = TREES[name]
    texts = [flat(t) for t in decision_tree(tree).axes[0].texts]
    joined = "\n".join(texts)
    for node, *_ in layout(tree):
        if isinstance(node, dt.Outcome):
            assert f"{node.label}: {node.value:,.1f}" in texts, node.label
        else:
            assert f"{node.label} EMV {dt.rollback(node).value:,.1f}" in texts, node.label
        if isinstance(node, dt.Decision):
            for label, cost, _ in node.options:
                assert f"{label} cost {cost:,.1f}" in texts, label
        if isinstance(node, dt.Chance):
            for p, _ in node.branches:
                assert f"p = {p:g}" in joined


@pytest.mark.parametrize("name", list(TREES))
def test_decision_tree_best_path_is_critical(name):
    """Nodes on the best path are drawn in the CRITICAL colour, the others are not."""
    tree = TREES[name]
    ax = decision_tree(tree).axes[0]
    drawn = {tuple(np.round(m.get_xydata()[0], 6)): m for m in markers(ax)}
    places = layout(tree)
    assert len(drawn) == len(places) == len(markers(ax))
    if isinstance(tree, dt.Decision):
        assert not all(best for *_, best in places)  # some option is not taken
    for node, x, y, best in places:
        marker = drawn[(round(x, 6), round(y, 6))]
        assert same_colour(marker.get_color(), _style.CRITICAL) is best, node.label
        shape = "s" if isinstance(node, dt.Decision) else "o" if isinstance(
            node, dt.Chance) else ">"
        assert marker.get_marker() == shape


def edges_of(ax) -> list:
    """The branches: elbow lines of three points (parent, the bend, child)."""
    return [line for line in ax.get_lines() if len(line.get_xydata()) == 3]


def is_grey(colour) -> bool:
    r, g, b, _ = to_rgba(colour)
    return bool(np.isclose(r, g) and np.isclose(g, b))


@pytest.mark.parametrize("name", list(TREES))
def test_decision_tree_edges_on_the_best_path(name):
    """Each edge into a node on the best path is CRITICAL; edges off it are a neutral
    grey, darker than the grid so that they stay visible on a projector. Each edge is
    an elbow: from the parent, a short bend to the child's height, then level to it."""
    tree = TREES[name]
    ax = decision_tree(tree).axes[0]
    places = layout(tree)
    position = {}
    for node, x, y, _ in places:
        position.setdefault(id(node), []).append((x, y))
    edges = {}
    for line in edges_of(ax):
        xy = line.get_xydata()
        edges[tuple(np.round(xy[-1], 6))] = line
        assert xy[1][1] == pytest.approx(xy[2][1])          # level part at the child's height
        assert xy[0][0] < xy[1][0] < xy[2][0]               # always moving right
    parent_of = {}
    for node, x, y, _ in places:
        for child in children(node):
            parent_of.setdefault(id(child), []).append((x, y))
    for node, x, y, best in places[:-1]:  # the root has no edge into it
        edge = edges[(round(x, 6), round(y, 6))]
        start = tuple(edge.get_xydata()[0])
        assert any(start == pytest.approx(p) for p in parent_of[id(node)]), node.label
        if best:
            assert same_colour(edge.get_color(), _style.CRITICAL), node.label
        else:
            assert not same_colour(edge.get_color(), _style.CRITICAL), node.label
            assert is_grey(edge.get_color()), node.label
            assert sum(to_rgba(edge.get_color())[:3]) < sum(to_rgba(_style.GRID)[:3])
    assert len(edges) == len(edges_of(ax)) == len(places) - 1


def test_decision_tree_best_option_follows_the_probability():
    """Reweighted trees: the CRITICAL option is rollback's choice at each probability."""
    for p in (0.2, 0.9):
        variant = dt.reweighted(TREE, p)
        choice = dt.rollback(variant).choice
        ax = decision_tree(variant).axes[0]
        places = {node.label: (x, y) for node, x, y, _ in layout(variant)}
        for label, _, child in variant.options:
            x, y = places[child.label]
            marker = next(m for m in markers(ax)
                          if np.allclose(m.get_xydata()[0], (x, y)))
            assert same_colour(marker.get_color(), _style.CRITICAL) is (label == choice)


def test_decision_tree_draws_a_shared_node_on_every_path():
    """A node object used on two paths is drawn once per path, not on top of itself.

    Frozen nodes are naturally reused (one "Nothing" outcome under two options); the
    layout keys positions by id(), so the second use overwrites the first.
    """
    nothing = dt.Outcome("Nothing happens", 0)
    bet = dt.Chance("Demand", ((0.5, dt.Outcome("High", 100)), (0.5, nothing)))
    tree = dt.Decision("Invest?", (("Invest", 40, bet), ("Wait", 0, nothing)))
    ax = decision_tree(tree).axes[0]
    leaves = [tuple(m.get_xydata()[0]) for m in markers(ax) if m.get_marker() == ">"]
    assert len(leaves) == 3
    assert len(set(leaves)) == 3, leaves  # three leaves, three places
    assert len(edges_of(ax)) == 4
    for line in edges_of(ax):
        xy = line.get_xydata()
        assert xy[-1][0] == xy[0][0] + 1, xy.tolist()  # every edge goes one level right
    # Invest (0.5 x 100 - 40 = 10) beats Wait (0): the "Nothing happens" under
    # Invest is on the best path, the one under Wait is not.
    nothing = [t.get_position() for t in ax.texts if flat(t) == "Nothing happens: 0.0"]
    assert len(nothing) == 2
    flags = []
    for x, y in nothing:  # an outcome's label sits just right of its marker, level with it
        (marker,) = [m for m in markers(ax) if m.get_marker() == ">"
                     and 0 < x - m.get_xydata()[0][0] <= 0.25
                     and abs(m.get_xydata()[0][1] - y) < 1e-9]
        flags.append(same_colour(marker.get_color(), _style.CRITICAL))
    assert sorted(flags) == [False, True]


def test_decision_tree_of_a_single_outcome_or_chance():
    """A bare chance node or outcome is drawn too."""
    chance = dt.Chance("Weather", ((0.3, dt.Outcome("Rain", -10)), (0.7, dt.Outcome("Sun", 20))))
    texts = [flat(t) for t in decision_tree(chance).axes[0].texts]
    assert f"Weather EMV {0.3 * -10 + 0.7 * 20:,.1f}" in texts
    assert [flat(t) for t in decision_tree(dt.Outcome("Only", 3)).axes[0].texts] == \
        ["Only: 3.0"]


@pytest.mark.parametrize("bad", [None, "tree", {"decision": "x"}, [TREE], 42])
def test_decision_tree_needs_a_tree(bad):
    """Anything but a node raises TypeError naming tree."""
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=r"\btree\b"):
        decision_tree(bad)
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------
# s_curve and histogram
# --------------------------------------------------------------------------

@pytest.mark.parametrize("run", [RUN, ERP_RUN, COST_RUN], ids=["small", "erp", "cost"])
def test_s_curve_is_the_sorted_totals(run):
    """The curve: sorted totals against i / n, labelled with n.

    Up to 1,000 iterations every point is drawn; beyond, at most 1,000 of
    them (the curve looks the same and draws much faster), always including
    the first and the last, each a point of the full curve."""
    ax = s_curve(run).axes[0]
    line = labelled_lines(ax)[f"{run.n:,} iterations"]
    ordered = np.sort(run.totals)
    full = np.arange(1, run.n + 1) / run.n
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    if run.n <= 1000:
        assert np.array_equal(x, ordered)
        assert np.allclose(y, full)
    else:
        assert 900 <= x.size <= 1000
        rank = np.rint(y * run.n).astype(int)          # which point of the full curve
        assert np.allclose(y, rank / run.n)
        assert np.all(np.diff(rank) > 0)
        assert rank[0] == 1 and rank[-1] == run.n
        assert np.array_equal(x, ordered[rank - 1])
    assert ax.get_ylim() == (0, 1.02)
    plan = labelled_lines(ax)[f"plan (most likely) {run.baseline:,.1f}"]
    assert np.allclose(plan.get_xdata(), run.baseline)
    unit = "working days" if run.unit == "days" else "cost"
    assert unit in ax.get_xlabel().lower()


@pytest.mark.parametrize("levels", [(0.5, 0.8), (0.1, 0.5, 0.9), (0.8,), (0.0, 1.0)])
def test_s_curve_percentile_markers(levels):
    """Each level: a marker at (percentile, level), a dotted drop line and its label."""
    ax = s_curve(ERP_RUN, levels=levels).axes[0]
    points = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(points) == len(levels)
    texts = [t.get_text() for t in ax.texts]
    for q, point in zip(levels, points):
        value = float(np.quantile(ERP_RUN.totals, q))
        assert value == pytest.approx(ERP_RUN.percentile(q))
        assert tuple(point.get_xydata()[0]) == pytest.approx((value, q))
        assert f"P{round(q * 100)} = {value:,.1f}" in texts
    drops = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert np.allclose([d.get_xydata()[1] for d in drops],
                       [(ERP_RUN.percentile(q), q) for q in levels])


@pytest.mark.parametrize("target", [140.0, 155.0, 160.5, 200.0])
def test_s_curve_target_line_states_the_probability(target):
    """The target line sits at the target; the label beside it (not the legend, which
    a tool would have to redraw) gives probability_within; the legend names the line."""
    ax = s_curve(ERP_RUN, target=target).axes[0]
    chance = float(np.mean(ERP_RUN.totals <= target))
    assert chance == pytest.approx(ERP_RUN.probability_within(target))
    (line,) = [a for a in ax.get_lines() if a.get_gid() == "live:target"]
    assert line.get_visible()
    assert np.allclose(line.get_xdata(), target)
    assert same_colour(line.get_color(), _style.CRITICAL)
    (label,) = [t for t in ax.texts if t.get_gid() == "live:target label"]
    assert label.get_visible()
    # Whole per cent in the middle, one decimal in the tails (1.5 % is not "2%").
    shown = f"{chance:.0%}" if 0.05 <= chance <= 0.95 else f"{chance:.1%}"
    assert label.get_text().strip() == f"target {target:,.0f}: {shown}"
    assert label.get_position()[0] == pytest.approx(target)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "target" in legend and not any("%" in text for text in legend)
    # Without a target nothing about one is shown: no line, no label, no legend entry.
    bare = s_curve(ERP_RUN).axes[0]
    assert not any(a.get_visible() for a in bare.get_lines() + bare.texts
                   if str(a.get_gid()).startswith("live:target"))
    assert not any(k.startswith("target") for k in labelled_lines(bare))
    assert "target" not in [t.get_text() for t in bare.get_legend().get_texts()]


@pytest.mark.parametrize("bins", [2, 10, 40, 500])
def test_histogram_bins_and_lines(bins):
    """bins bars whose heights are the counts; plan and mean lines where they belong."""
    ax = histogram(ERP_RUN, bins=bins).axes[0]
    assert len(ax.patches) == bins
    counts, _ = np.histogram(ERP_RUN.totals, bins=bins)
    assert [p.get_height() for p in ax.patches] == counts.tolist()
    lines = labelled_lines(ax)
    plan = lines[f"plan {ERP_RUN.baseline:,.1f}"]
    mean = lines[f"mean {ERP_RUN.mean:,.1f}"]
    assert np.allclose(plan.get_xdata(), ERP_RUN.baseline)
    assert np.allclose(mean.get_xdata(), float(np.mean(ERP_RUN.totals)))
    assert same_colour(mean.get_color(), _style.CRITICAL)


def test_histogram_default_bins():
    """40 bins unless told."""
    assert len(histogram(RUN).axes[0].patches) == 40


@pytest.mark.parametrize("bins", [1, 501, 0, -3, True, False, 2.5, "10", None])
def test_histogram_bad_bins(bins):
    """bins must be an integer from 2 to 500 (a bool is not one): ValueError naming bins."""
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"\bbins\b"):
        histogram(RUN, bins=bins)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("levels", [(1.5,), (0.5, -0.1), (0.5, float("nan"))])
def test_s_curve_bad_level(levels):
    """A level outside [0, 1] raises ValueError naming level."""
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"\blevel\b"):
        s_curve(RUN, levels=levels)
    assert plt.get_fignums() == before


def test_s_curve_bad_target():
    """A target that is not a finite number raises, naming target."""
    with pytest.raises(ValueError, match=r"\btarget\b"):
        s_curve(RUN, target=float("nan"))
    with pytest.raises(TypeError, match=r"\btarget\b"):
        s_curve(RUN, target="150")


# --------------------------------------------------------------------------
# criticality
# --------------------------------------------------------------------------

def expected_index(run, exclude=()) -> pd.Series:
    """Criticality by hand: the share of iterations each task was critical, highest first."""
    share = pd.Series(run.critical.mean(axis=0), index=run.task_ids)
    share = share[[t not in exclude for t in share.index]]
    return share.sort_values(ascending=False, kind="stable")


def bars(ax) -> list[tuple[str, float]]:
    """(label, width) from the top bar down."""
    labels = {round(tick): label.get_text()
              for tick, label in zip(ax.get_yticks(), ax.get_yticklabels())}
    rows = sorted(((p.get_y() + p.get_height() / 2, p.get_width()) for p in ax.patches),
                  reverse=True)
    return [(labels[round(y)], width) for y, width in rows]


@pytest.mark.parametrize("top", [1, 3, 6, 10])
def test_criticality_bars_are_the_top_values(top):
    """The top tasks by criticality, most critical at the top, widths the index."""
    ax = criticality(RUN, top=top).axes[0]
    expected = expected_index(RUN).head(top)
    assert bars(ax) == [(t, pytest.approx(v)) for t, v in expected.items()]
    assert len(ax.patches) == min(top, len(SMALL.ids))
    assert ax.get_xlim() == (0, 1)
    assert all(same_colour(p.get_facecolor(), _style.CRITICAL) for p in ax.patches)


def test_criticality_splits_between_parallel_tasks():
    """The parallel tasks share the path: their indexes are between 0 and 1."""
    index = RUN.criticality()
    assert index["start"] == index["launch"] == 1.0
    middle = index[["build", "buy", "train"]]
    assert ((middle > 0) & (middle < 1)).all()
    assert middle.sum() == pytest.approx(1.0, abs=0.02)  # ties are rare with continuous draws


@pytest.mark.parametrize("exclude", [["done"], ["start", "launch", "done"], ("buy",), []])
def test_criticality_exclude_removes_tasks(exclude):
    """Excluded tasks have no bar; the next ones move up."""
    ax = criticality(RUN, top=4, exclude=exclude).axes[0]
    expected = expected_index(RUN, exclude).head(4)
    assert bars(ax) == [(t, pytest.approx(v)) for t, v in expected.items()]
    assert not {label for label, _ in bars(ax)} & set(exclude)


def test_criticality_names_map_labels():
    """names turns task ids into labels; ids without a name stay as they are."""
    names = {"build": "Build the interfaces", "buy": "Buy the licences"}
    ax = criticality(RUN, top=6, names=names).axes[0]
    expected = expected_index(RUN).head(6)
    assert bars(ax) == [(names.get(t, t), pytest.approx(v)) for t, v in expected.items()]


def test_criticality_of_the_erp_run_without_milestones():
    """The ERP plan, milestones left out, named as in the plan."""
    tasks = estimating.estimated_plan()
    names = {t.id: t.name for t in tasks.plan.tasks}
    milestones = [t.id for t in tasks.plan.tasks if t.duration == 0]
    ax = criticality(ERP_RUN, top=10, names=names, exclude=milestones).axes[0]
    expected = expected_index(ERP_RUN, milestones).head(10)
    assert bars(ax) == [(names[t], pytest.approx(v)) for t, v in expected.items()]


def test_criticality_keeps_tasks_with_the_same_name_apart():
    """Two tasks shown under the same name still get a bar row each."""
    ax = criticality(RUN, top=3, names={"build": "Work", "buy": "Work", "train": "Work"},
                     exclude=["start", "launch", "done"]).axes[0]
    rows = {round(p.get_y() + p.get_height() / 2, 6) for p in ax.patches}
    assert len(ax.patches) == 3 and len(rows) == 3
    # A tick per bar, at the bar, each labelled with the (repeated) name.
    assert sorted(ax.get_yticks().tolist()) == pytest.approx(sorted(rows))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Work"] * 3
    expected = expected_index(RUN, ["start", "launch", "done"])
    widths = sorted(((p.get_y() + p.get_height() / 2, p.get_width()) for p in ax.patches),
                    reverse=True)
    assert [w for _, w in widths] == pytest.approx(expected.to_numpy().tolist())


@pytest.mark.parametrize("top", [0, -1, True, 1.5, "3", None])
def test_criticality_bad_top(top):
    """top must be a positive integer: ValueError naming top."""
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"\btop\b"):
        criticality(RUN, top=top)
    assert plt.get_fignums() == before


def test_criticality_of_a_cost_run_is_refused():
    """A cost simulation has no critical path: ValueError."""
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="criticality needs a schedule simulation"):
        criticality(COST_RUN)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("chart", [s_curve, histogram, criticality], ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [None, RUN.totals, [1.0, 2.0], {"totals": [1.0]},
                                 pd.DataFrame({"totals": [1.0]})],
                         ids=["none", "array", "list", "dict", "frame"])
def test_results_must_be_simulation_results(chart, bad):
    """Anything but a SimulationResult raises TypeError naming result."""
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=r"\bresult must be a SimulationResult"):
        chart(bad)
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------
# burndown
# --------------------------------------------------------------------------

@pytest.mark.parametrize("residual", [False, True])
def test_burndown_steps_are_the_frame(residual):
    """One post-step line: x the frame's days, y its exposure."""
    frame = risk.burndown(REGISTER, residual=residual)
    ax = burndown(frame).axes[0]
    (line,) = ax.get_lines()
    assert line.get_drawstyle() == "steps-post"
    assert np.array_equal(line.get_xdata(), frame["day"].to_numpy())
    assert np.array_equal(line.get_ydata(), frame["exposure"].to_numpy())
    assert same_colour(line.get_color(), _style.CRITICAL)
    assert ax.get_ylim()[0] == 0


def test_burndown_of_a_frame_of_its_own():
    """Any frame with day and exposure columns is drawn as given."""
    frame = pd.DataFrame({"day": [0.0, 5.0, 9.0], "exposure": [300.0, 120.0, 0.0],
                          "note": ["a", "b", "c"]})
    (line,) = burndown(frame).axes[0].get_lines()
    assert line.get_xdata().tolist() == [0.0, 5.0, 9.0]
    assert line.get_ydata().tolist() == [300.0, 120.0, 0.0]


@pytest.mark.parametrize("bad", [None, [1, 2], {"day": [0], "exposure": [1]},
                                 pd.DataFrame({"day": [0.0]}), REGISTER])
def test_burndown_needs_a_frame(bad):
    """Anything but a frame with day and exposure raises TypeError naming frame."""
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=r"\bframe\b"):
        burndown(bad)
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------
# Decision tree: no label crosses a line
# --------------------------------------------------------------------------

def _segments_cross_box(points, box) -> bool:
    """Whether a polyline (display coordinates) passes through a box, by sampling."""
    import numpy as np

    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        for t in np.linspace(0, 1, 60):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            if box.x0 + 1 < x < box.x1 - 1 and box.y0 + 1 < y < box.y1 - 1:
                return True
    return False


def _trees():
    from implcourse.exercises.risk import DecisionTree as Exercise

    yield risk.load_decision_tree()
    for seed in range(6):
        yield Exercise(seed=seed).tree


@pytest.mark.parametrize("tools", [False, True], ids=["lesson", "tool"])
@pytest.mark.parametrize("unit", ["EUR", "USD million"])
@pytest.mark.parametrize("index", range(7))
def test_decision_tree_labels_cross_no_line(index, unit, tools):
    """The review found labels overlapping branches: every text's box is clear of every
    branch (markers aside) and inside the figure, for the PMBOK tree and the exercises'
    trees, in a lesson's type and in the tools' larger type, with a short and a long
    unit."""
    import contextlib

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from implcourse.plots import _style

    tree = list(_trees())[index]
    with _style.for_tools() if tools else contextlib.nullcontext():
        fig = decision_tree(tree, unit=unit)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    page = fig.bbox
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert lines
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, f"cut at the side: {text.get_text()}"
        assert page.y0 <= box.y0 and box.y1 <= page.y1, f"cut at the top or bottom: " \
                                                        f"{text.get_text()}"
        for line in lines:
            points = ax.transData.transform(list(zip(line.get_xdata(), line.get_ydata())))
            assert not _segments_cross_box(points, box), text.get_text()
