"""implcourse.plots.communication: channel growth and adoption charts (data drawn, units,
text alternatives, the live marker)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from implcourse.plots import _style
from implcourse.plots.communication import (adoption_chart, channel_growth_chart,
                                            set_channel_highlight)
from implcourse.stakeholders.change import adoption_curve


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _live(fig):
    return {a.get_gid(): a for a in fig.axes[0].get_children()
            if (a.get_gid() or "").startswith(_style.LIVE)}


def test_growth_chart_draws_n_choose_2_with_units():
    fig = channel_growth_chart(15)
    assert isinstance(fig, _style.Chart)
    ax = fig.axes[0]
    x, y = ax.lines[0].get_data()
    assert list(x) == list(range(1, 16))
    assert list(y) == [math.comb(n, 2) for n in range(1, 16)]
    ex, ey = ax.lines[1].get_data()
    assert np.allclose(ey, 2.0 ** ex)
    assert ey.max() <= ax.get_ylim()[1] * 1.02  # the exponential leaves the chart
    assert "(people)" in ax.get_xlabel() and "(number)" in ax.get_ylabel()
    assert "quadratic" in fig.alt and "105" in fig.alt  # 15 people: 105 channels
    assert not _live(fig)  # no marker asked for


def test_marker_moves_without_redrawing():
    fig = channel_growth_chart(20, highlight=10)
    parts = _live(fig)
    point = parts[f"{_style.LIVE}:highlight"]
    lines_before = list(fig.axes[0].lines)
    assert point.get_data()[1][0] == 45
    assert set_channel_highlight(fig, 16)
    assert point.get_data()[0][0] == 16 and point.get_data()[1][0] == 120
    assert "A team of 16 has 120 channels" in fig.alt
    assert parts[f"{_style.LIVE}:highlight_label"].get_text() == "16 people: 120 channels"
    assert list(fig.axes[0].lines) == lines_before
    for bad in (0, 21, 2.5, True):
        assert not set_channel_highlight(fig, bad)
    assert point.get_data()[0][0] == 16
    assert not set_channel_highlight(channel_growth_chart(10), 5)


@pytest.mark.parametrize("kwargs, text", [
    ({"max_n": 1}, "Largest team size must be a whole number from 2 to 100 \\(you entered 1\\)"),
    ({"max_n": 10.5}, "Largest team size"),
    ({"max_n": 10, "highlight": 11}, "Team size to mark must be a whole number from 1 to 10"),
    ({"max_n": 10, "highlight": "3"}, "Team size to mark"),
])
def test_growth_chart_bad_input(kwargs, text):
    with pytest.raises(ValueError, match=text):
        channel_growth_chart(**kwargs)


def test_adoption_chart_draws_the_model():
    fig = adoption_chart(2, 20, 30)
    ax = fig.axes[0]
    curves = [line for line in ax.lines if line.get_linestyle() != ":"]
    assert len(curves) == 2
    for hours, line in zip((2, 20), curves):
        x, y = line.get_data()
        assert np.allclose(y, adoption_curve(hours, 30)["Adoption (%)"].to_numpy())
        assert list(x) == list(range(31))
    assert "(weeks)" in ax.get_xlabel() and "%" in ax.get_ylabel()
    assert fig.alt.startswith("Teaching model")
    assert "with 2 hours per user" in fig.alt and "with 20 hours per user" in fig.alt
    with pytest.raises(ValueError, match="Training hours per user cannot be negative"):
        adoption_chart(-1, 5)


def test_charts_build_in_the_tools_style():
    with _style.for_tools():
        fig = channel_growth_chart(30, highlight=25)
    assert fig.get_size_inches()[0] < 7.5
    assert fig.png().startswith(b"\x89PNG")
