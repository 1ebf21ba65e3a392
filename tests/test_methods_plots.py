"""Lesson 02's charts: the suitability radar and Boehm and Turner's polar chart."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from implcourse.methods.home_ground import FACTOR_LABELS, FACTORS, home_ground
from implcourse.methods.suitability import assess_suitability, load_cases, load_questions
from implcourse.plots import _style
from implcourse.plots.methods import (ZONE_COLOURS, home_ground_polar, suitability_radar)

PNG = b"\x89PNG\r\n\x1a\n"
IDS = [q.id for q in load_questions()]
LABELS = [q.label for q in load_questions()]
CASES = load_cases()
MIXED = dict(zip(IDS, [2, 3, 6, 9, 4, 5, 1, 10, 7]))


def zones(ax) -> dict:
    return {c.get_gid(): c for c in ax.collections if (c.get_gid() or "").startswith("zone:")}


def radial_extent(collection) -> tuple[float, float]:
    radii = np.concatenate([p.vertices[:, 1] for p in collection.get_paths()])
    return float(radii.min()), float(radii.max())


def test_radar_draws_answers_and_shaded_zones():
    result = assess_suitability(MIXED)
    fig = suitability_radar(result)
    assert fig.png()[:8] == PNG
    ax = fig.axes[0]
    shaded = zones(ax)
    assert set(shaded) == {"zone:agile", "zone:hybrid", "zone:predictive"}
    # Bands 1-3, 4-7, 8-10 shaded between the half-points, from the centre to the edge.
    assert radial_extent(shaded["zone:agile"]) == pytest.approx((0, 3.5))
    assert radial_extent(shaded["zone:hybrid"]) == pytest.approx((3.5, 7.5))
    assert radial_extent(shaded["zone:predictive"]) == pytest.approx((7.5, 10))
    for name, coll in shaded.items():
        colour = ZONE_COLOURS[name.split(":")[1]]
        assert np.allclose(coll.get_facecolor()[0][:3], to_rgba(colour)[:3])
    assert {"Agile", "Hybrid", "Predictive"} <= {t.get_text() for t in ax.texts}
    line = ax.get_lines()[0]
    assert list(line.get_ydata()) == [MIXED[i] for i in IDS] + [MIXED[IDS[0]]]
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert ticks == LABELS
    assert result.fit in ax.get_title(loc="left")


def test_radar_alt_gives_the_numbers():
    result = assess_suitability(MIXED)
    alt = suitability_radar(result).alt
    assert f"Fit: {result.fit} (median answer {result.median})" in alt
    for label, value in zip(LABELS, MIXED.values()):
        assert f"{label} {value}" in alt
    for score in result.group_scores.values():
        assert f"{score:.1f}" in alt
    assert "agile 1 to 3, hybrid 4 to 7, predictive 8 to 10" in alt
    for m in result.mismatches:
        assert f"{m.label} {m.answer} ({m.zone})" in alt
    clean = suitability_radar(assess_suitability(dict.fromkeys(IDS, 6))).alt
    assert "No mismatches." in clean


def test_polar_draws_positions_and_both_home_grounds():
    result = home_ground(size=90, criticality="essential_funds", dynamism=2,
                         personnel=(10, 35), culture=20)
    fig = home_ground_polar(result)
    assert fig.png()[:8] == PNG
    ax = fig.axes[0]
    shaded = zones(ax)
    assert set(shaded) == {"zone:agile", "zone:plan-driven"}
    assert radial_extent(shaded["zone:agile"]) == pytest.approx((0, 3))
    assert radial_extent(shaded["zone:plan-driven"])[0] == pytest.approx(3)
    line = ax.get_lines()[0]
    expected = [result.positions[f] for f in FACTORS]
    assert np.allclose(line.get_ydata(), expected + expected[:1])
    texts = {t.get_text() for t in ax.texts}
    assert {"Agile", "Plan-driven"} <= texts
    assert {"300", "Many lives", "40/15"} <= {t.replace("\n", " ") for t in texts}
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert ticks == [FACTOR_LABELS[f] for f in FACTORS]


def test_polar_alt_gives_every_factor_in_words():
    result = home_ground(size=90, criticality="essential_funds", dynamism=2,
                         personnel=(10, 35), culture=20)
    alt = home_ground_polar(result).alt
    assert f"Home ground: mixed, leaning {result.lean}" in alt
    for f in FACTORS:
        assert f"{FACTOR_LABELS[f]}: {result.values[f]}, position " \
               f"{result.positions[f]:.1f} of 5" in alt
    assert "90 people" in alt and "loss of essential funds" in alt


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_case_draws_in_the_tools_type(case):
    with _style.for_tools():
        radar = suitability_radar(assess_suitability(case.answers))
        polar = home_ground_polar(home_ground(**case.factors.arguments()))
    assert radar.png()[:8] == PNG and polar.png()[:8] == PNG
    assert radar.alt and polar.alt


def test_charts_refuse_other_inputs():
    with pytest.raises(TypeError, match="assess_suitability"):
        suitability_radar(MIXED)
    with pytest.raises(TypeError, match="home_ground"):
        home_ground_polar({"size": 3})
