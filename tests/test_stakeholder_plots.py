"""Lesson 07's stakeholder charts (implcourse.plots.stakeholders): they return
Charts with text alternatives, label their axes, keep the artists a tool moves,
and highlight what the core found."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba

from implcourse.plots import _style
from implcourse.plots.stakeholders import (RACI_COLOURS, STRATEGY_STYLE, engagement_matrix_chart,
                                           power_interest_grid, raci_chart,
                                           update_power_interest_grid)
from implcourse.stakeholders.raci import broken_raci, check_raci, erp_raci
from implcourse.stakeholders.register import engagement_gaps, stakeholder_grid

GRID = stakeholder_grid()


def _bboxes(fig, texts):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts]


def test_grid_is_a_chart_with_units_and_alt():
    fig = power_interest_grid(GRID, highlight="sales_director")
    assert isinstance(fig, _style.Chart)
    ax = fig.axes[0]
    assert "score 1 to 10" in ax.get_xlabel() and "score 1 to 10" in ax.get_ylabel()
    assert "Interest" in ax.get_xlabel() and "Power" in ax.get_ylabel()
    for strategy in STRATEGY_STYLE:
        count = int((GRID["strategy"] == strategy).sum())
        assert f"{strategy} {count} (" in fig.alt
    assert "Selected: Sales director at power 7, interest 8: manage closely." in fig.alt
    quadrant_names = {t.get_text() for t in ax.texts}
    assert {s.upper() for s in STRATEGY_STYLE} <= quadrant_names


def test_grid_points_sit_at_scores_with_strategy_colour():
    fig = power_interest_grid(GRID)
    for key, point in fig.grid_artists["points"].items():
        x, y = point.get_data()
        assert (x[0], y[0]) == (GRID.loc[key, "interest"], GRID.loc[key, "power"])
        colour = STRATEGY_STYLE[GRID.loc[key, "strategy"]][0]
        assert np.allclose(to_rgba(point.get_markerfacecolor()), to_rgba(colour))
        assert point.get_gid().startswith(_style.LIVE)
        assert fig.grid_artists["labels"][key].get_gid().startswith(_style.LIVE)


def test_grid_labels_do_not_overlap_in_the_course_register():
    fig = power_interest_grid(GRID)
    boxes = _bboxes(fig, list(fig.grid_artists["labels"].values()))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_update_moves_one_stakeholder_and_rewrites_alt():
    fig = power_interest_grid(GRID)
    before = {k: p.get_data() for k, p in fig.grid_artists["points"].items()}
    moved = stakeholder_grid(moves={"house_bank": (9, 9.5)})
    assert update_power_interest_grid(fig, moved, highlight="house_bank")
    x, y = fig.grid_artists["points"]["house_bank"].get_data()
    assert (x[0], y[0]) == (9.5, 9)
    ring = fig.grid_artists["highlight"].get_data()
    assert (ring[0][0], ring[1][0]) == (9.5, 9)
    for key, data in before.items():
        if key != "house_bank":
            assert fig.grid_artists["points"][key].get_data() == data
    assert "Selected: House bank at power 9, interest 9.5: manage closely." in fig.alt
    # another threshold or other stakeholders: the caller draws anew
    assert not update_power_interest_grid(fig, stakeholder_grid(threshold=7))
    with pytest.raises(TypeError, match="not drawn by power_interest_grid"):
        update_power_interest_grid(_style.new_chart(2, 2), GRID)


def test_grid_refuses_other_tables():
    with pytest.raises(TypeError, match="stakeholder_grid"):
        power_interest_grid(engagement_gaps())


def test_engagement_chart_alt_counts_moves():
    fig = engagement_matrix_chart()
    gaps = engagement_gaps(include_aligned=True)
    up, down = int((gaps["gap"] > 0).sum()), int((gaps["gap"] < 0).sum())
    assert f"{up} must become more engaged, {down} should step back" in fig.alt
    assert "ERP vendor's account manager" in fig.alt
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Unaware", "Resistant", "Neutral",
                                                             "Supportive", "Leading"]
    assert "Engagement level" in ax.get_xlabel()


def test_raci_chart_highlights_exactly_the_broken_rows():
    check = check_raci(broken_raci())
    fig = raci_chart(broken_raci(), check)
    ax = fig.axes[0]
    red = [t.get_text() for t in ax.get_yticklabels()
           if np.allclose(to_rgba(t.get_color()), to_rgba(_style.CRITICAL))]
    assert set(red) == set(check.broken_rows())
    assert "4 rows break a rule" in fig.alt
    for row in check.broken_rows():
        assert row in fig.alt
    frames = [p for p in ax.patches if not p.get_fill()]
    assert len(frames) == len(check.broken_rows())


def test_raci_chart_of_a_good_matrix_and_cell_colours():
    fig = raci_chart(erp_raci())
    assert "every row has exactly one Accountable and at least one Responsible" in fig.alt
    ax = fig.axes[0]
    assert not [p for p in ax.patches if not p.get_fill()]
    faces = {tuple(np.round(p.get_facecolor(), 3)) for p in ax.patches}
    for letter in ("A", "R", "C", "I"):
        assert tuple(np.round(to_rgba(RACI_COLOURS[letter][0]), 3)) in faces


def test_raci_chart_refuses_a_wrong_check():
    with pytest.raises(TypeError, match="check must be the result of check_raci"):
        raci_chart(erp_raci(), check="ok")


def test_core_does_not_import_matplotlib():
    import subprocess
    import sys
    code = ("import sys, implcourse.stakeholders.register, implcourse.stakeholders.raci, "
            "implcourse.stakeholders.roles, implcourse.stakeholders.conflict; "
            "print(any(m.startswith(('matplotlib', 'ipywidgets', 'IPython')) "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"



def test_grid_labels_do_not_overlap_in_a_tool():
    """In a tool the type is larger and the figure smaller: labels still keep apart."""
    with _style.for_tools():
        fig = power_interest_grid(GRID)
        boxes = _bboxes(fig, list(fig.grid_artists["labels"].values()))
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert overlaps == 0
