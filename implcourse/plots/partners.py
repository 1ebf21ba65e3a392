"""Lesson 08's charts: partner scores per aspect, how firm the winner is, the ratings matrix.

A tool that changes the weights or a rating redraws only the *live* artists
of :func:`partner_scores_chart` (the bar segments, the score labels; see
:func:`implcourse.plots._style.live`): :func:`update_partner_scores_chart`
moves them and rewrites the text alternative, and says when the partners
come in another order, so that the tool draws the chart anew.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..partners.profiles import aspects, partner_types, ratings_matrix
from ..partners.scoring import PartnerScores
from . import _style
from ._style import Chart

__all__ = ["partner_scores_chart", "update_partner_scores_chart", "sensitivity_chart",
           "comparison_heatmap", "ASPECT_COLOURS"]

#: One Okabe-Ito colour per aspect (distinguishable with the common colour-vision
#: deficiencies), _style's blue and vermilion among them.
ASPECT_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", _style.CRITICAL)

_SENS_COLUMNS = ("Share now (%)", "Raise to (%)", "Lower to (%)", "New winner (up)",
                 "New winner (down)")


def partner_scores_chart(result: PartnerScores, *, title: str | None = None) -> Chart:
    """Ranked horizontal bars: each partner type's weighted score (1 to 5),
    split into the contribution of each aspect (share of weight x rating).

    Examples
    --------
    >>> from implcourse.partners.scoring import score_partners
    >>> chart = partner_scores_chart(score_partners())
    >>> print(chart.alt.split(". ")[0])
    Weighted scores out of 5 in the course's teaching model: Large system integrator 3.83, \
Technology-vendor partner 3.50, Offshore or nearshore partner 3.50, Boutique specialist 3.00, \
Independent consultant 2.33
    """
    if not isinstance(result, PartnerScores):
        raise TypeError(f"result must be the result of score_partners, got "
                        f"{type(result).__name__}")
    ranking = result.ranking
    names = [a.name for a in aspects()]
    fig = _style.new_chart(9, 0.55 * len(ranking) + 2.4)
    ax = fig.subplots()
    rows = np.arange(len(ranking))[::-1]
    left = np.zeros(len(ranking))
    # The segments and score labels are live artists (see update_partner_scores_chart):
    # a tool moves them when only the weights or ratings change.
    for j, (colour, name) in enumerate(zip(ASPECT_COLOURS, names)):
        values = ranking[name].to_numpy(dtype=float)
        bars = ax.barh(rows, values, left=left, color=colour, edgecolor="white",
                       linewidth=0.8, label=name)
        for i, bar in enumerate(bars):
            _style.live(bar, f"score:{i}:{j}")
        left += values
    for i, (row, total) in enumerate(zip(rows, left)):
        _style.live(ax.text(total + 0.05, row, f"{total:.2f}", va="center",
                            fontsize=_style.size()), f"total:{i}")
    ax.set_yticks(rows, list(ranking["Partner"]))
    ax.set_xlim(0, 5.5)
    ax.set_xticks(range(6))
    ax.set_xlabel("Weighted score (rating points, 1 to 5 scale)")
    _style.finish(ax, title or "Weighted score by partner, per aspect",
                  grid="x")
    fig.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=_style.size(-1))
    fig.alt = _scores_alt(result)
    fig.partner_order = list(ranking["Partner"])
    return fig


def _parts(fig) -> dict:
    return {a.get_gid(): a for a in fig.findobj(include_self=False)
            if isinstance(a.get_gid(), str) and a.get_gid().startswith(_style.LIVE)}


def update_partner_scores_chart(fig: Chart, result: PartnerScores) -> bool:
    """Move the segments, score labels and text alternative of a
    :func:`partner_scores_chart` to another result (other weights or ratings).

    Only the bars' lengths and positions, the score labels and ``fig.alt``
    change; the axes, names and legend stay. Returns False, changing nothing,
    when the partners come in another order than drawn (then draw the chart
    anew).

    Examples
    --------
    >>> from implcourse.partners.scoring import score_partners
    >>> fig = partner_scores_chart(score_partners())
    >>> update_partner_scores_chart(fig, score_partners({"innovation_capability": 1.5}))
    True
    >>> "Large system integrator 3.85" in fig.alt
    True
    >>> update_partner_scores_chart(fig, score_partners({"cost_structure": 4}))
    False
    """
    if not isinstance(result, PartnerScores):
        raise TypeError(f"result must be the result of score_partners, got "
                        f"{type(result).__name__}")
    if not hasattr(fig, "partner_order"):
        raise TypeError("This chart was not drawn by partner_scores_chart()")
    ranking = result.ranking
    if list(ranking["Partner"]) != fig.partner_order:
        return False
    parts = _parts(fig)
    key = _style.LIVE
    left = np.zeros(len(ranking))
    for j, name in enumerate(a.name for a in aspects()):
        values = ranking[name].to_numpy(dtype=float)
        for i, value in enumerate(values):
            bar = parts[f"{key}:score:{i}:{j}"]
            bar.set_x(left[i])
            bar.set_width(value)
        left += values
    for i, total in enumerate(left):
        label = parts[f"{key}:total:{i}"]
        label.set_x(total + 0.05)
        label.set_text(f"{total:.2f}")
    fig.alt = _scores_alt(result)
    return True


def _scores_alt(result: PartnerScores) -> str:
    ranking = result.ranking
    scores = ", ".join(f"{p} {s:.2f}" for p, s in
                       zip(ranking["Partner"], ranking["Weighted score (1 to 5)"]))
    top = ranking.iloc[0][[a.name for a in aspects()]].astype(float).sort_values(ascending=False)
    parts = ", ".join(f"{name.lower()} {value:.2f}" for name, value in top.iloc[:3].items())
    return (f"Weighted scores out of 5 in the course's teaching model: {scores}. "
            f"The largest contributions to {ranking['Partner'].iloc[0]}: {parts}.")


def sensitivity_chart(sensitivity: pd.DataFrame, *, title: str | None = None) -> Chart:
    """For each aspect, the range of its share of the weight within which the
    winner stays, with a dot at today's share; the ends name who wins beyond them.

    Parameters
    ----------
    sensitivity : DataFrame
        From :func:`implcourse.partners.weight_sensitivity`.

    Examples
    --------
    >>> from implcourse.partners.scoring import weight_sensitivity
    >>> chart = sensitivity_chart(weight_sensitivity())
    >>> print(chart.alt.split(". ")[3])
    Cost structure: from 0.0 % to 23.1 % (now 16.7 %); above it Offshore or nearshore partner \
leads
    """
    if not isinstance(sensitivity, pd.DataFrame) or \
            any(c not in sensitivity.columns for c in _SENS_COLUMNS):
        raise TypeError("sensitivity must be the table of weight_sensitivity")
    winner = sensitivity.attrs.get("winner", "the winner")
    fig = _style.new_chart(9, 0.5 * len(sensitivity) + 2.2)
    ax = fig.subplots()
    rows = np.arange(len(sensitivity))[::-1]
    sentences = []
    for row, (aspect, r) in zip(rows, sensitivity.iterrows()):
        low = 0.0 if math.isnan(r["Lower to (%)"]) else float(r["Lower to (%)"])
        high = 100.0 if math.isnan(r["Raise to (%)"]) else float(r["Raise to (%)"])
        ax.barh(row, high - low, left=low, color=_style.FLOAT, edgecolor=_style.NORMAL,
                height=0.55)
        ax.plot([r["Share now (%)"]], [row], "o", color=_style.MILESTONE, markersize=6)
        text = f"{aspect}: from {low:.1f} % to {high:.1f} % (now {r['Share now (%)']:.1f} %)"
        ends = []
        if r["New winner (up)"]:
            ax.text(high + 1, row, f"▶ {r['New winner (up)']}", va="center",
                    fontsize=_style.size(-2), color=_style.CRITICAL)
            ends.append(f"above it {r['New winner (up)']} leads")
        if r["New winner (down)"]:
            ax.text(low - 1, row, f"{r['New winner (down)']} ◀", va="center", ha="right",
                    fontsize=_style.size(-2), color=_style.CRITICAL)
            ends.append(f"below it {r['New winner (down)']} leads")
        sentences.append(text + ("; " + " and ".join(ends) if ends else
                                 "; the winner never changes"))
    ax.set_yticks(rows, list(sensitivity.index))
    ax.set_xlim(-2, 102)
    ax.set_xlabel("Share of the total weight (%)")
    _style.finish(ax, title or f"How far can each weight move before {winner} loses?",
                  grid="x")
    fig.alt = (f"The share of each aspect's weight within which {winner} stays the winner, "
               f"the others keeping their proportions. " + ". ".join(sentences) + ".")
    return fig


def comparison_heatmap(table: pd.DataFrame | None = None, *, title: str | None = None) -> Chart:
    """The ratings matrix as a heat table: partner types x aspects, 1 to 5
    (5 best for the client), the number written in every cell.

    Parameters
    ----------
    table : DataFrame, optional
        Ratings with partner type ids as rows and aspect ids as columns (for
        example ``PartnerScores.ratings``); the course's ratings by default.

    Examples
    --------
    >>> comparison_heatmap().alt.startswith("Ratings from 1 to 5")
    True
    """
    table = ratings_matrix() if table is None else table
    if not isinstance(table, pd.DataFrame):
        raise TypeError("table must be a ratings DataFrame (partner types x aspects)")
    pnames = {p.id: p.name for p in partner_types()}
    anames = {a.id: a.name for a in aspects()}
    values = table.to_numpy(dtype=float)
    fig = _style.new_chart(9, 0.5 * len(table) + 2.2, shrink=False)
    ax = fig.subplots()
    ax.imshow(values, cmap="Blues", vmin=0, vmax=6, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, f"{values[i, j]:g}", ha="center", va="center",
                    fontsize=_style.size(), color="white" if values[i, j] >= 4 else "black")
    ax.set_xticks(range(values.shape[1]),
                  [anames.get(c, c).replace(" ", "\n", 1) for c in table.columns],
                  fontsize=_style.size(-1))
    ax.set_yticks(range(values.shape[0]), [pnames.get(i, i) for i in table.index])
    ax.set_xlabel("Aspect (rating 1 to 5, 5 best for the client)")
    _style.finish(ax, title or "The partner types on six aspects (the course's reading)",
                  grid=None)
    best = ", ".join(f"{anames.get(c, c).lower()}: {pnames.get(table[c].idxmax(), '')}"
                     for c in table.columns)
    fig.alt = ("Ratings from 1 to 5 (5 best for the client), the course's reading of the "
               f"source's matrix. Highest per aspect: {best}.")
    return fig
