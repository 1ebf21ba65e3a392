"""Charts of lesson 02: the suitability radar and Boehm and Turner's polar chart.

Both charts put the agile end of every axis at the centre and the
predictive (plan-driven) end at the edge, as their sources do, and shade the
zones so a reader sees at a glance where the answers fall. Zone patches carry
``gid`` ``"zone:<name>"``.

The zone colours are from the Okabe-Ito palette (bluish green, yellow,
vermilion), pale enough that the answers' line stays readable.

The answers' (or the project's) line, its shaded area, the value labels and
the title are *live* artists (:func:`implcourse.plots._style.live`): a tool
moves them with :func:`update_suitability_radar` or
:func:`update_home_ground_polar` and redraws only them over the cached zones.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Patch

from ..methods.home_ground import (FACTOR_LABELS, FACTORS, MIDPOINT, HomeGround,
                                   home_ground_factors)
from ..methods.suitability import Suitability, load_groups, load_questions, load_zone_bands
from . import _style
from ._style import Chart

__all__ = ["ZONE_COLOURS", "suitability_radar", "suitability_alt", "home_ground_polar",
           "home_ground_alt", "update_suitability_radar", "update_home_ground_polar"]

#: Okabe-Ito colours of the zones.
ZONE_COLOURS = {"agile": "#009E73", "hybrid": "#F0E442", "predictive": "#D55E00",
                "plan-driven": "#D55E00"}
_ZONE_ALPHA = 0.22


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def _closed(values):
    values = list(values)
    return values + values[:1]


def _polar_axes(fig, n: int):
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return ax, angles


def _shade(ax, low: float, high: float, zone: str, label: str):
    theta = np.linspace(0, 2 * np.pi, 200)
    band = ax.fill_between(theta, low, high, color=ZONE_COLOURS[zone], alpha=_ZONE_ALPHA,
                           linewidth=0, zorder=0, label=label)
    band.set_gid(f"zone:{zone}")
    return band


def suitability_alt(result: Suitability) -> str:
    """The radar's text alternative: fit, median, group scores, every answer
    and the mismatches.

    Examples
    --------
    >>> from implcourse.methods.suitability import assess_suitability, load_questions
    >>> r = assess_suitability(dict.fromkeys([q.id for q in load_questions()], 4))
    >>> suitability_alt(r).split(".")[1].strip()
    'Fit: hybrid (median answer 4)'
    """
    groups = {g.id: g.name for g in load_groups()}
    labels = {q.id: q.label for q in load_questions()}
    bands = ", ".join(f"{b.zone} {b.low} to {b.high}" for b in load_zone_bands())
    answers = ", ".join(f"{labels[k]} {v}" for k, v in result.answers.items())
    scores = ", ".join(f"{groups[g]} {s:.1f}" for g, s in result.group_scores.items())
    text = (f"Radar of the nine agile suitability answers, 1 (agile, centre) to 10 "
            f"(predictive, edge). Fit: {result.fit} (median answer {result.median}). "
            f"Group scores (mean answer): {scores}. Answers: {answers}. "
            f"Shaded zones: {bands}.")
    if result.mismatches:
        text += " Mismatches: " + ", ".join(f"{m.label} {m.answer} ({m.zone})"
                                            for m in result.mismatches) + "."
    else:
        text += " No mismatches."
    return text


def suitability_radar(result: Suitability, *, title: str | None = None) -> Chart:
    """A radar of the nine answers with the agile, hybrid and predictive zones.

    Parameters
    ----------
    result : Suitability
        The output of :func:`implcourse.methods.suitability.assess_suitability`.
    title : str, optional
        Defaults to the fit.

    Returns
    -------
    Chart
        ``.alt`` gives the fit, the median, the group scores, every answer
        and the mismatches.

    Examples
    --------
    >>> from implcourse.methods.suitability import assess_suitability, load_questions
    >>> r = assess_suitability(dict.fromkeys([q.id for q in load_questions()], 2))
    >>> fig = suitability_radar(r)
    >>> sorted(c.get_gid() for c in fig.axes[0].collections)
    ['zone:agile', 'zone:hybrid', 'zone:predictive']
    """
    if not isinstance(result, Suitability):
        raise TypeError(f"result must be the output of assess_suitability, "
                        f"got {type(result).__name__}")
    questions = load_questions()
    fig = _style.new_chart(6.6, 5.8)
    ax, angles = _polar_axes(fig, len(questions))
    for band in load_zone_bands():
        low = 0 if band.low == 1 else band.low - 0.5
        _shade(ax, low, band.high + (0 if band.high == 10 else 0.5), band.zone,
               f"{band.zone.capitalize()} zone ({band.low} to {band.high})")
    label_angle = 2 * np.pi * (len(questions) // 2 + 0.5) / len(questions)
    for band in load_zone_bands():
        middle = (max(band.low - 0.5, 0) + min(band.high + 0.5, 10)) / 2
        ax.text(label_angle, middle, band.zone.capitalize(), ha="center", va="center",
                fontsize=_style.size(-1), style="italic", color="#444444", zorder=1)
    values = [result.answers[q.id] for q in questions]
    line, = ax.plot(_closed(angles), _closed(values), color=_style.NORMAL, linewidth=2,
                    marker="o", label="Answers", zorder=3)
    _style.live(line, "shape")
    area, = ax.fill(_closed(angles), _closed(values), color=_style.NORMAL, alpha=0.12,
                    zorder=2)
    _style.live(area, "area")
    for i, (angle, value) in enumerate(zip(angles, values)):
        _style.live(ax.annotate(str(value), (angle, value), textcoords="offset points",
                                xytext=(0, 6), ha="center", fontsize=_style.size(-1),
                                color=_style.MILESTONE, zorder=4), f"value:{i}")
    ax.set_xticks(angles, [_wrap(q.label, 13) for q in questions], fontsize=_style.size(-1))
    ax.tick_params(axis="x", pad=12)
    ax.set_ylim(0, 10)
    ax.set_yticks([1, 3, 5, 7, 10], ["1", "3", "5", "7", ""], fontsize=_style.size(-2))
    ax.set_rlabel_position(180 / len(questions))
    ax.grid(color=_style.GRID)
    _style.live(ax.set_title(title or _radar_title(result), loc="left",
                             fontsize=_style.size(2)), "title")
    handles = [Patch(facecolor=ZONE_COLOURS[b.zone], alpha=_ZONE_ALPHA * 2,
                     label=f"{b.zone.capitalize()} {b.low}-{b.high}")
               for b in load_zone_bands()]
    handles.append(ax.get_lines()[0])
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
               fontsize=_style.size(-1), title_fontsize=_style.size(-1),
               title="Radius: the answer, 1 (agile end, centre)\nto 10 (predictive end, edge)")
    fig.alt = suitability_alt(result)
    return fig


def _radar_title(result: Suitability) -> str:
    return f"Agile suitability: fit {result.fit} (median {result.median})"


def _live(fig, name: str):
    for artist in fig.findobj(include_self=False):
        if artist.get_gid() == f"{_style.LIVE}:{name}":
            return artist
    raise TypeError("This figure was not drawn by this module's chart function")


def _move_shape(fig, angles, values) -> None:
    x, y = _closed(angles), _closed(values)
    _live(fig, "shape").set_data(x, y)
    _live(fig, "area").set_xy(np.column_stack([x, y]))


def update_suitability_radar(fig: Chart, result: Suitability, *,
                             title: str | None = None) -> None:
    """Move a :func:`suitability_radar` figure's answers, value labels, title and
    text alternative to ``result`` (the zones and labels stay as drawn).

    Examples
    --------
    >>> from implcourse.methods.suitability import assess_suitability, load_questions
    >>> ids = [q.id for q in load_questions()]
    >>> fig = suitability_radar(assess_suitability(dict.fromkeys(ids, 2)))
    >>> update_suitability_radar(fig, assess_suitability(dict.fromkeys(ids, 9)))
    >>> fig.axes[0].get_lines()[0].get_ydata()[:3], "Fit: predictive" in fig.alt
    ([9, 9, 9], True)
    """
    if not isinstance(result, Suitability):
        raise TypeError(f"result must be the output of assess_suitability, "
                        f"got {type(result).__name__}")
    questions = load_questions()
    angles = np.linspace(0, 2 * np.pi, len(questions), endpoint=False)
    values = [result.answers[q.id] for q in questions]
    _move_shape(fig, angles, values)
    for i, (angle, value) in enumerate(zip(angles, values)):
        label = _live(fig, f"value:{i}")
        label.xy = (angle, value)
        label.set_text(str(value))
    _live(fig, "title").set_text(title or _radar_title(result))
    fig.alt = suitability_alt(result)


def home_ground_alt(result: HomeGround) -> str:
    """The polar chart's text alternative: home ground and each factor's value
    and position.

    Examples
    --------
    >>> from implcourse.methods.home_ground import home_ground
    >>> r = home_ground(size=30, criticality="comfort", dynamism=30, personnel=(10, 30),
    ...                 culture=70)
    >>> text = home_ground_alt(r)
    >>> "Size (number of personnel): 30 people, position 3.0 of 5 (on the midpoint)" in text
    True
    """
    def side(position: float) -> str:
        if position < MIDPOINT:
            return "agile side"
        return "plan-driven side" if position > MIDPOINT else "on the midpoint"

    parts = [f"{FACTOR_LABELS[f]}: {result.values[f]}, position {result.positions[f]:.1f} "
             f"of 5 ({side(result.positions[f])})" for f in FACTORS]
    ground = result.home_ground + (f", leaning {result.lean}" if result.home_ground == "mixed"
                                   and result.lean != "balanced" else "")
    return (f"Boehm and Turner polar chart, agile at the centre and plan-driven at the edge; "
            f"the midpoint is position 3. Home ground: {ground}. " + "; ".join(parts) + ".")


def home_ground_polar(result: HomeGround, *, title: str | None = None) -> Chart:
    """Boehm and Turner's polar chart: the five factors with the project's shape.

    Each axis runs from its agile end (centre, position 1) to its plan-driven
    end (edge, position 5) and shows its published scale points; the inner
    area (to the midpoint, position 3) is shaded as the agile home ground and
    the outer as the plan-driven one.

    Parameters
    ----------
    result : HomeGround
        The output of :func:`implcourse.methods.home_ground.home_ground`.

    Examples
    --------
    >>> from implcourse.methods.home_ground import home_ground
    >>> r = home_ground(size=200, criticality="many_lives", dynamism=1, personnel=(40, 15),
    ...                 culture=10)
    >>> fig = home_ground_polar(r)
    >>> sorted(c.get_gid() for c in fig.axes[0].collections)
    ['zone:agile', 'zone:plan-driven']
    """
    if not isinstance(result, HomeGround):
        raise TypeError(f"result must be the output of home_ground, "
                        f"got {type(result).__name__}")
    fig = _style.new_chart(6.6, 5.8)
    ax, angles = _polar_axes(fig, len(FACTORS))
    _shade(ax, 0, MIDPOINT, "agile", "Agile home ground (centre)")
    _shade(ax, MIDPOINT, 5.3, "plan-driven", "Plan-driven home ground (edge)")
    positions = [result.positions[f] for f in FACTORS]
    line, = ax.plot(_closed(angles), _closed(positions), color=_style.NORMAL, linewidth=2,
                    marker="o", label="This project", zorder=3)
    _style.live(line, "shape")
    area, = ax.fill(_closed(angles), _closed(positions), color=_style.NORMAL, alpha=0.12,
                    zorder=2)
    _style.live(area, "area")
    scales = {f["id"]: f["scale"] for f in home_ground_factors()}
    for angle, factor in zip(angles, FACTORS):
        # On an axis that runs across the chart, word labels stand upright, so that
        # neighbouring scale points do not overlap.
        across = abs(np.sin(angle)) > 0.7
        for radius, label in enumerate(scales[factor], start=1):
            upright = across and len(label) > 5
            ax.text(angle + 0.13, radius, label if upright else _wrap(label, 12),
                    fontsize=_style.size(-3), color="#555555", ha="center", va="center",
                    rotation=90 if upright else 0, rotation_mode="anchor", zorder=1)
    ax.set_xticks(angles, [_wrap(FACTOR_LABELS[f], 22) for f in FACTORS],
                  fontsize=_style.size(-1))
    ax.tick_params(axis="x", pad=22)
    ax.set_ylim(0, 5.3)
    ax.set_yticks([1, 2, 3, 4, 5], [])
    ax.grid(color=_style.GRID)
    ax.text(np.pi * 0.9, 1.6, "Agile", ha="center", fontsize=_style.size(), weight="bold",
            color="#005a44")
    ax.text(np.pi * 0.9, 4.6, "Plan-driven", ha="center", fontsize=_style.size(),
            weight="bold", color="#8a3b00")
    _style.live(ax.set_title(title or _polar_title(result), loc="left",
                             fontsize=_style.size(2)), "title")
    fig.legend(handles=[Patch(facecolor=ZONE_COLOURS["agile"], alpha=_ZONE_ALPHA * 2,
                              label="Agile (below 3)"),
                        Patch(facecolor=ZONE_COLOURS["plan-driven"], alpha=_ZONE_ALPHA * 2,
                              label="Plan-driven (above 3)"),
                        ax.get_lines()[0]],
               loc="outside lower center", ncols=2, frameon=False, fontsize=_style.size(-1),
               title_fontsize=_style.size(-1),
               title="Radius: position on the axis, 1 (agile end, centre)\nto 5 (plan-driven "
                     "end, edge); grey: published scale points")
    fig.alt = home_ground_alt(result)
    return fig


def _polar_title(result: HomeGround) -> str:
    return f"Home ground: {result.home_ground}"


def update_home_ground_polar(fig: Chart, result: HomeGround, *,
                             title: str | None = None) -> None:
    """Move a :func:`home_ground_polar` figure's project shape, title and text
    alternative to ``result`` (axes, zones and scale points stay as drawn).

    Examples
    --------
    >>> from implcourse.methods.home_ground import home_ground
    >>> fig = home_ground_polar(home_ground(size=5, criticality="comfort", dynamism=40,
    ...                                     personnel=(0, 35), culture=90))
    >>> update_home_ground_polar(fig, home_ground(size=300, criticality="many_lives",
    ...                          dynamism=1, personnel=(40, 15), culture=10))
    >>> fig.axes[0].get_lines()[0].get_ydata()
    [5.0, 5.0, 5.0, 5.0, 5.0, 5.0]
    >>> "Home ground: plan-driven" in fig.alt
    True
    """
    if not isinstance(result, HomeGround):
        raise TypeError(f"result must be the output of home_ground, "
                        f"got {type(result).__name__}")
    angles = np.linspace(0, 2 * np.pi, len(FACTORS), endpoint=False)
    _move_shape(fig, angles, [result.positions[f] for f in FACTORS])
    _live(fig, "title").set_text(title or _polar_title(result))
    fig.alt = home_ground_alt(result)
