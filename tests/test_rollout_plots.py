"""Lesson 03's charts: strategy scores, rollout comparison, weight sensitivity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from implcourse import rollout
from implcourse.plots import _style
from implcourse.plots.rollout import (STRATEGY_STYLE, rollout_comparison_chart,
                                      strategy_scores_chart, weight_sensitivity_chart)

RESULT = rollout.recommend_strategy(rollout.sample_factors())
SIM = rollout.simulate_rollout(seed=2, iterations=500)
SENS = rollout.weight_sensitivity(rollout.sample_factors())


def test_scores_chart_bars_add_up_to_the_scores():
    chart = strategy_scores_chart(RESULT)
    assert isinstance(chart, _style.Chart)
    ax = chart.axes[0]
    assert "points out of 100" in ax.get_xlabel()
    widths: dict[float, float] = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2, 6)
        widths[y] = widths.get(y, 0.0) + bar.get_width()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    by_label = dict(zip(labels, [widths[round(t, 6)] for t in ax.get_yticks()]))
    for name, score in zip(RESULT.ranking["Strategy"], RESULT.ranking["Score (out of 100)"]):
        assert by_label[name] == pytest.approx(score)
        assert f"{name} {score:.0f}" in chart.alt
    # One colour per factor, all different.
    colours = {bar.get_facecolor() for bar in ax.patches}
    assert len(colours) == len(RESULT.breakdown.index)


def test_comparison_chart_draws_the_simulation_and_says_it_in_words():
    chart = rollout_comparison_chart(SIM)
    top, bottom = chart.axes
    assert "(users)" in top.get_ylabel() and "(users" in bottom.get_ylabel()
    assert "(weeks" in bottom.get_xlabel()
    lines = {line.get_label(): line for line in top.get_lines()}
    moved = SIM.wide("users_new")
    for sid, name in zip(SIM.strategies, moved.columns):
        line = lines[name]
        np.testing.assert_allclose(line.get_ydata()[1:], moved[name].to_numpy())
        assert line.get_ydata()[0] == 0
        assert np.allclose(to_rgba(line.get_color()), to_rgba(STRATEGY_STYLE[sid][0]))
        weeks = SIM.summary.loc[name, "Weeks to move everyone"]
        assert f"{name} {weeks:.0f}" in chart.alt
        assert _style.money(SIM.summary.loc[name, "Cost"], "EUR") in chart.alt
    hits = {line.get_label(): line for line in bottom.get_lines()}
    mean = SIM.wide("users_hit_mean")
    for name in mean.columns:
        np.testing.assert_allclose(hits[name].get_ydata()[1:], mean[name].to_numpy())
    # Line styles differ, so the series stay apart without colour.
    assert len({line.get_linestyle() for line in lines.values()}) == len(lines)


def test_comparison_chart_says_when_the_horizon_is_too_short():
    short = rollout.simulate_rollout(seed=2, iterations=50, weeks=3)
    alt = rollout_comparison_chart(short).alt
    assert "Pilot not within 3" in alt
    assert math.isnan(short.summary.loc["Pilot", "Weeks to move everyone"])


def test_sensitivity_chart_bars_are_the_moves():
    chart = weight_sensitivity_chart(SENS)
    ax = chart.axes[0]
    assert "weight units" in ax.get_xlabel()
    up = [bar.get_width() for bar in ax.patches if bar.get_width() > 0]
    expected = [v for v in SENS["Move up by"] if not math.isnan(v)]
    assert sorted(up) == pytest.approx(sorted(expected))
    for factor, move in SENS["Move up by"].items():
        if not math.isnan(move):
            assert f"{factor}: raise by {move:.2f}" in chart.alt


def test_charts_refuse_the_wrong_input():
    with pytest.raises(TypeError, match=r"result must be the result of recommend_strategy"):
        strategy_scores_chart(SIM)
    with pytest.raises(TypeError, match=r"sim must be the result of simulate_rollout"):
        rollout_comparison_chart(RESULT)
    with pytest.raises(TypeError, match=r"table must be the output of weight_sensitivity"):
        weight_sensitivity_chart(RESULT.ranking)


def test_charts_in_the_tools_type():
    with _style.for_tools():
        chart = strategy_scores_chart(RESULT)
    assert chart.get_size_inches()[0] < strategy_scores_chart(RESULT).get_size_inches()[0]
    assert chart.png().startswith(b"\x89PNG")
