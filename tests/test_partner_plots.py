"""Lesson 08's charts: partner scores, weight sensitivity, the ratings heat table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from implcourse.partners.scoring import preset_weights, score_partners, weight_sensitivity
from implcourse.plots import _style
from implcourse.plots.partners import (ASPECT_COLOURS, comparison_heatmap, partner_scores_chart,
                                       sensitivity_chart, update_partner_scores_chart)

WEIGHTS = preset_weights("erp_case")
RESULT = score_partners(WEIGHTS)
SENS = weight_sensitivity(WEIGHTS)


def _bars_by_row(ax):
    widths: dict[float, float] = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2, 6)
        widths[y] = widths.get(y, 0.0) + bar.get_width()
    return widths


def test_scores_chart_segments_add_up_to_each_score_in_rank_order():
    chart = partner_scores_chart(RESULT)
    assert isinstance(chart, _style.Chart)
    ax = chart.axes[0]
    assert "1 to 5" in ax.get_xlabel()
    widths = _bars_by_row(ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(RESULT.ranking["Partner"])[::-1] or \
        labels == list(RESULT.ranking["Partner"])
    by_label = dict(zip(labels, [widths[round(t, 6)] for t in ax.get_yticks()]))
    # The best is drawn on top.
    top_label = labels[int(np.argmax(ax.get_yticks()))]
    assert top_label == RESULT.winner_name
    for name, score in zip(RESULT.ranking["Partner"], RESULT.ranking["Weighted score (1 to 5)"]):
        assert by_label[name] == pytest.approx(score)
        assert f"{name} {score:.2f}" in chart.alt
    colours = {bar.get_facecolor() for bar in ax.patches}
    assert len(colours) == 6 and len(ASPECT_COLOURS) == 6


def test_sensitivity_chart_spans_the_range_where_the_winner_holds():
    chart = sensitivity_chart(SENS)
    ax = chart.axes[0]
    assert "(%)" in ax.get_xlabel()
    bars = {round(b.get_y() + b.get_height() / 2, 6): b for b in ax.patches}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    for label, y in zip(labels, ax.get_yticks()):
        bar, row = bars[round(y, 6)], SENS.loc[label]
        low = 0 if math.isnan(row["Lower to (%)"]) else row["Lower to (%)"]
        high = 100 if math.isnan(row["Raise to (%)"]) else row["Raise to (%)"]
        assert bar.get_x() == pytest.approx(low)
        assert bar.get_x() + bar.get_width() == pytest.approx(high)
        assert f"{label}: from {low:.1f} % to {high:.1f} %" in chart.alt
    assert SENS.attrs["winner"] in chart.alt
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Large system integrator" in texts


def test_heatmap_writes_every_rating():
    chart = comparison_heatmap(RESULT.ratings)
    values = sorted(float(t.get_text()) for t in chart.axes[0].texts)
    assert values == sorted(RESULT.ratings.to_numpy().ravel().tolist())
    assert "Highest per aspect" in chart.alt
    assert comparison_heatmap().alt.startswith("Ratings from 1 to 5")


def test_charts_refuse_the_wrong_input():
    with pytest.raises(TypeError, match="score_partners"):
        partner_scores_chart(SENS)
    with pytest.raises(TypeError, match="weight_sensitivity"):
        sensitivity_chart(RESULT.ranking)
    with pytest.raises(TypeError, match="ratings DataFrame"):
        comparison_heatmap([[1, 2]])


def test_charts_also_build_in_the_tools_type():
    with _style.for_tools():
        chart = partner_scores_chart(RESULT)
    assert chart.get_size_inches()[0] < 9


def _geometry(chart):
    ax = chart.axes[0]
    bars = sorted((round(b.get_y(), 6), round(b.get_x(), 9), round(b.get_width(), 9))
                  for b in ax.patches)
    texts = sorted((t.get_text(), round(t.get_position()[0], 9), round(t.get_position()[1], 6))
                   for t in ax.texts)
    return bars, texts


def test_update_moves_the_bars_to_what_a_fresh_drawing_shows():
    """Updating a drawing to other weights (same order) gives the bars, labels and text
    alternative of a chart drawn from scratch; another order is refused, nothing moved."""
    fig = partner_scores_chart(score_partners())
    moved = 0
    for weight in (0.5, 1.2, 1.5, 2.0, 3.0):
        other = score_partners({"innovation_capability": weight})
        before = _geometry(fig), fig.alt
        if list(other.ranking["Partner"]) != fig.partner_order:
            assert update_partner_scores_chart(fig, other) is False
            assert (_geometry(fig), fig.alt) == before
            continue
        assert update_partner_scores_chart(fig, other) is True
        fresh = partner_scores_chart(other)
        assert _geometry(fig) == _geometry(fresh) and fig.alt == fresh.alt
        moved += 1
    assert moved >= 2
    assert update_partner_scores_chart(fig, score_partners({"cost_structure": 4})) is False
    with pytest.raises(TypeError, match="score_partners"):
        update_partner_scores_chart(fig, SENS)
    with pytest.raises(TypeError, match="partner_scores_chart"):
        update_partner_scores_chart(sensitivity_chart(SENS), RESULT)
