"""Weighted scoring of implementation partners, and how firm the winner is.

The model is **the course's teaching model**: the weighted sum, the same
method lesson 03 uses for rollout strategies, computed here by
:mod:`implcourse.scoring` (lesson 03 has its own code for it): every
partner type has a rating from 1 to 5 on each of the six aspects (the
course's reading of seed 002's matrix, :func:`implcourse.partners.profiles.ratings_matrix`,
5 always best for the client), the learner gives each aspect a weight, and

.. math:: S_p = \\sum_a s_a\\, r_{p,a}, \\qquad s_a = w_a / \\sum_b w_b ,

so a score is on the same 1-to-5 scale as the ratings and each aspect
contributes :math:`s_a r_{p,a}` to it. The weights are normalised (divided
by their total) and the result says so: weights 3, 1, 1, 1, 1, 1 and
30, 10, 10, 10, 10, 10 give the same shares and the same ranking.

:func:`weight_sensitivity` asks, for each aspect, how far its *share* of the
weight must move, the other aspects keeping their proportions, before the
winner changes, and at what share and weight. It solves the crossing of two
straight lines exactly (see :mod:`implcourse.scoring`), and says "never
within 0-100 %" when no share would change the winner.

This ranks what the ratings and weights put in, nothing more: the lesson
pairs it with reference checks, due diligence and a proof of concept
(:mod:`implcourse.partners.selection`). PMBOK Guide 6th ed., section
12.1.2.4 (source selection analysis), lists quality- and cost-based selection
among its six methods; a weighted score is one way to apply it (the guide
gives no formula).

Examples
--------
>>> result = score_partners()
>>> result.winner, round(result.scores["large_system_integrator"], 2)
('large_system_integrator', 3.83)
>>> print(result.normalisation)
Weights were divided by their total (6), so the shares add up to 100 %: scope of \
services 16.7 %, resource availability 16.7 %, cost structure 16.7 %, implementation \
speed 16.7 %, risk profile 16.7 %, innovation capability 16.7 %.
>>> score_partners({"cost_structure": 4}).winner
'offshore_nearshore_partner'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field

from ..content import ContentError, ContentModel, Slug, Text, cached_by_file, display_path, \
    read_yaml
from ..scoring import check_weights, weight_crossings, weighted_sum
from .profiles import (RATING_MAX, RATING_MIN, _lookup, _number, _shown, aspect_ids, aspects,
                       get_aspect, get_partner_type, partner_ids, partner_types,
                       ratings_matrix)

__all__ = [
    "Preset",
    "PartnerScores",
    "weight_presets",
    "default_weights",
    "preset_weights",
    "score_partners",
    "weight_sensitivity",
]

SCORING_FILE = "partners/scoring.yml"


class Preset(ContentModel):
    """A named set of weights for a stated (synthetic) situation."""

    id: Slug
    name: Text
    situation: Text
    weights: dict[Slug, float]


class _ScoringFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    default: Slug
    presets: list[Preset] = Field(min_length=1)


@cached_by_file
def _load(path: Path) -> tuple[str, tuple[Preset, ...]]:
    file = display_path(path)
    raw = read_yaml(path)
    try:
        data = _ScoringFile.model_validate(raw)
    except Exception as err:  # pydantic ValidationError
        first = err.errors()[0] if hasattr(err, "errors") else {"msg": str(err), "loc": ()}
        raise ContentError(file, first["msg"], None,
                           ".".join(str(p) for p in first["loc"]) or None) from None
    known = aspect_ids()
    for number, preset in enumerate(data.presets, start=1):
        where = f"preset {number} (id {preset.id!r})"
        if sorted(preset.weights) != sorted(known):
            raise ContentError(file, f"weights must cover exactly the aspects "
                               f"{', '.join(known)}", where, "weights")
        try:
            check_weights(preset.weights, known, noun="aspect")
        except ValueError as err:
            raise ContentError(file, str(err), where, "weights") from None
    if data.default not in {p.id for p in data.presets}:
        raise ContentError(file, f"default must name a preset, got {data.default!r}",
                           None, "default")
    return data.default, tuple(data.presets)


def weight_presets() -> dict[str, Preset]:
    """The weight presets of ``datasets/partners/scoring.yml``: id -> preset.

    Examples
    --------
    >>> list(weight_presets())
    ['equal', 'erp_case', 'tight_budget', 'innovation_first']
    """
    return {p.id: p for p in _load(SCORING_FILE)[1]}


def preset_weights(preset: str) -> dict[str, float]:
    """The weights of a preset (by id or name), aspect id -> weight.

    Examples
    --------
    >>> preset_weights("erp_case")["risk_profile"]
    25.0
    """
    return {a: float(w) for a, w in _lookup("weight preset", preset,
                                           list(weight_presets().values())).weights.items()}


def default_weights() -> dict[str, float]:
    """The default weights (the ``default`` preset: every aspect 1)."""
    return preset_weights(_load(SCORING_FILE)[0])


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def _check_weights(weights: object) -> dict[str, float]:
    result = default_weights()
    if weights is None:
        return result
    if not isinstance(weights, Mapping):
        raise TypeError(f"The weights must be given as a dict of aspect -> weight (you "
                        f"entered {type(weights).__name__})")
    given, named = {}, {}
    for key, value in weights.items():
        try:
            aspect = get_aspect(key)
        except (ValueError, TypeError):
            known = ", ".join(repr(a) for a in aspect_ids())
            raise ValueError(f"Unknown aspect {key!r} in the weights; the aspects are "
                             f"{known}") from None
        if aspect.id in given:
            raise ValueError(f"{aspect.name} is given two weights (as {named[aspect.id]!r} "
                             f"and {key!r}); give each aspect one weight")
        given[aspect.id], named[aspect.id] = value, key
    labels = {a.id: a.name for a in aspects()}
    result.update(given)
    return check_weights(result, aspect_ids(), labels=labels, noun="aspect")


def _check_partners(partners: object) -> list[str]:
    if partners is None:
        return partner_ids()
    if isinstance(partners, (str, bytes, Mapping)) or not isinstance(partners, Iterable):
        raise TypeError(f"The partners to compare must be a list of partner types (you "
                        f"entered {_shown(partners)})")
    chosen = []
    for key in partners:
        try:
            pid = get_partner_type(key).id
        except (TypeError, ValueError) as err:
            raise type(err)(f"{err} (parameter partners)") from None
        if pid in chosen:
            raise ValueError(f"Partner type {get_partner_type(pid).name!r} is listed twice "
                             f"in the partners to compare")
        chosen.append(pid)
    if len(chosen) < 2:
        raise ValueError(f"Compare at least 2 partner types (you listed {len(chosen)}) "
                         f"(parameter partners)")
    return [p for p in partner_ids() if p in chosen]


def _check_overrides(overrides: object) -> dict[tuple[str, str], float]:
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise TypeError(f"The overrides must be a dict of partner type -> {{aspect: rating}} "
                        f"(you entered {type(overrides).__name__})")
    result, partners_named = {}, {}
    for pkey, cells in overrides.items():
        try:
            partner = get_partner_type(pkey)
        except (ValueError, TypeError):
            known = ", ".join(repr(p) for p in partner_ids())
            raise ValueError(f"Unknown partner type {pkey!r} in the overrides; the partner "
                             f"types are {known}") from None
        if partner.id in partners_named:
            raise ValueError(f"{partner.name} appears twice in the overrides (as "
                             f"{partners_named[partner.id]!r} and {pkey!r}); put all its "
                             f"ratings in one dict")
        partners_named[partner.id] = pkey
        if not isinstance(cells, Mapping):
            raise TypeError(f"The overrides for {partner.name} must be a dict of aspect -> "
                            f"rating (you entered {_shown(cells)})")
        for akey, value in cells.items():
            try:
                aspect = get_aspect(akey)
            except (ValueError, TypeError):
                known = ", ".join(repr(a) for a in aspect_ids())
                raise ValueError(f"Unknown aspect {akey!r} in the overrides for "
                                 f"{partner.name}; the aspects are {known}") from None
            if (partner.id, aspect.id) in result:
                raise ValueError(f"The overrides for {partner.name} rate "
                                 f"{aspect.name.lower()} twice (the second time as {akey!r}); "
                                 f"give each aspect one rating")
            result[(partner.id, aspect.id)] = _number(
                f"Rating of {partner.name} on {aspect.name.lower()}", value,
                minimum=RATING_MIN, maximum=RATING_MAX)
    return result


def _ratings(overrides: dict, partners: list[str]) -> pd.DataFrame:
    table = ratings_matrix().astype(float).loc[partners]
    for (p, a), value in overrides.items():
        if p in table.index:
            table.loc[p, a] = value
    return table


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PartnerScores:
    """The result of :func:`score_partners`.

    Attributes
    ----------
    ranking : DataFrame
        Indexed by rank (1 is best): "Partner", "Weighted score (1 to 5)" and
        one column per aspect (by name) with its contribution to the score;
        the contributions add up to the score.
    order : list of str
        Partner type ids, best first (a tie goes to the type listed first in
        the matrix).
    scores : dict
        Partner type id -> weighted score (1 to 5).
    weights, shares : dict
        Aspect id -> weight as checked, and -> share of the total weight (add
        up to 1).
    ratings : DataFrame
        The ratings used (partner type ids x aspect ids), overrides included.
    overridden : list of (partner id, aspect id)
    normalisation : str
        How the weights were normalised, in words.
    explanation : str
        Who wins, by how much, and which aspects decided it.
    """

    ranking: pd.DataFrame
    order: list[str]
    scores: dict[str, float]
    weights: dict[str, float]
    shares: dict[str, float]
    ratings: pd.DataFrame
    overridden: list[tuple[str, str]]
    normalisation: str
    explanation: str

    @property
    def winner(self) -> str:
        """The id of the partner type that scores highest."""
        return self.order[0]

    @property
    def winner_name(self) -> str:
        """The name of the winner."""
        return get_partner_type(self.winner).name

    @property
    def margin(self) -> float:
        """The winner's lead over the runner-up, in score points (1-to-5 scale)."""
        return self.scores[self.order[0]] - self.scores[self.order[1]]


def score_partners(weights: Mapping[str, float] | None = None,
                   overrides: Mapping[str, Mapping[str, float]] | None = None,
                   partners: Iterable[str] | None = None) -> PartnerScores:
    """Rank the partner types by the learner's weights, with a breakdown per aspect.

    Parameters
    ----------
    weights : dict, optional
        Aspect (id or name) -> weight, any number of 0 or more; aspects left
        out keep the default weight 1 (as in lesson 03). Only ratios matter:
        the weights are divided by their total.
    overrides : dict, optional
        ``{partner type: {aspect: rating}}`` to replace the course's ratings
        with the learner's own, each from 1 to 5 (5 best for the client).
    partners : list of str, optional
        The partner types to compare (at least 2); all five by default.

    Returns
    -------
    PartnerScores

    Raises
    ------
    ValueError
        For an unknown aspect or partner type (the message lists the known
        ones), a negative or non-finite weight, all weights zero, or a rating
        outside 1 to 5; the message names the aspect or partner.
    TypeError
        For a weight or rating that is not a number (``True`` is not one).

    Examples
    --------
    >>> result = score_partners(preset_weights("erp_case"))
    >>> list(result.ranking["Partner"])[:2]
    ['Offshore or nearshore partner', 'Large system integrator']
    >>> round(result.margin, 2)
    0.05
    >>> float(result.ranking.iloc[0, 2:].sum()) == result.scores[result.winner]
    True
    >>> score_partners(overrides={"large_system_integrator": {"cost_structure": 4}}).margin > 0.5
    True
    >>> score_partners({"risk_profile": -2})
    Traceback (most recent call last):
    ...
    ValueError: Weight of Risk profile cannot be negative (you entered -2)
    >>> score_partners({a: 0 for a in aspect_ids()})
    Traceback (most recent call last):
    ...
    ValueError: The weights cannot all be zero: give at least one aspect a weight above 0
    >>> score_partners(overrides={"boutique_specialist": {"risk_profile": 6}})
    Traceback (most recent call last):
    ...
    ValueError: Rating of Boutique specialist on risk profile must be from 1 to 5 (you entered 6)
    """
    w = _check_weights(weights)
    over = _check_overrides(overrides)
    chosen = _check_partners(partners)
    ratings = _ratings(over, chosen)
    table = weighted_sum(ratings, w)
    order = list(table.sort_values("Rank").index)
    names = {p.id: p.name for p in partner_types()}
    labels = {a.id: a.name for a in aspects()}
    ranking = table.loc[order, aspect_ids()].rename(columns=labels)
    ranking.insert(0, "Weighted score (1 to 5)", table.loc[order, "Weighted score"])
    ranking.insert(0, "Partner", [names[p] for p in order])
    ranking.index = pd.RangeIndex(1, len(order) + 1, name="Rank")
    total = sum(w.values())
    shares = {a: w[a] / total for a in aspect_ids()}
    normalisation = (f"Weights were divided by their total ({total:g}), so the shares add up "
                     f"to 100 %: " + ", ".join(f"{labels[a].lower()} {_pct(s)}"
                                               for a, s in shares.items()) + ".")
    scores = {p: float(table.loc[p, "Weighted score"]) for p in chosen}
    result = PartnerScores(ranking=ranking, order=order, scores=scores, weights=w,
                           shares=shares, ratings=ratings,
                           overridden=[k for k in over if k[0] in chosen],
                           normalisation=normalisation, explanation="")
    object.__setattr__(result, "explanation", _explain(result, table))
    return result


def _explain(result: PartnerScores, table: pd.DataFrame) -> str:
    names = {p.id: p.name for p in partner_types()}
    labels = {a.id: a.name for a in aspects()}
    top, runner = result.order[0], result.order[1]
    gap = result.scores[top] - result.scores[runner]
    if gap < 1e-9:
        text = (f"{names[top]} and {names[runner]} are level at {result.scores[top]:.2f} of 5; "
                f"{names[top]} is listed first only by the order of the matrix.")
    else:
        text = (f"{names[top]} ranks first with {result.scores[top]:.2f} of 5, "
                f"{gap:.2f} ahead of {names[runner]} ({result.scores[runner]:.2f}).")
    diff = table.loc[top, aspect_ids()] - table.loc[runner, aspect_ids()]
    pro = [labels[a].lower() for a in diff.sort_values(ascending=False).index if diff[a] > 1e-9]
    con = [labels[a].lower() for a in diff.sort_values().index if diff[a] < -1e-9]
    if pro:
        text += f" It gains most on {_join(pro[:2])}"
        text += f" and loses most on {_join(con[:2])}." if con else "."
    if result.overridden:
        text += f" {len(result.overridden)} rating(s) are your own overrides."
    text += (" This is the course's weighted-scoring teaching model: the ratings are its "
             "reading of the source's matrix, and the weights are yours.")
    return text


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------

def weight_sensitivity(weights: Mapping[str, float] | None = None,
                       overrides: Mapping[str, Mapping[str, float]] | None = None,
                       partners: Iterable[str] | None = None) -> pd.DataFrame:
    """How far each aspect's weight must move, up or down, before the winner changes.

    Moving one aspect's share of the total weight from :math:`s` to
    :math:`p` while the other aspects keep their proportions makes every
    score a straight line in :math:`p`; the winner changes where the
    winner's line crosses a challenger's, found exactly by solving
    :math:`S_t(p) = S_i(p)` (:func:`implcourse.scoring.weight_crossings`).
    Just past that share the challenger leads; short of it, the winner
    stays. The matching weight, with the other weights :math:`W` unchanged,
    is :math:`w = p W / (1 - p)`.

    Parameters
    ----------
    weights, overrides, partners
        As for :func:`score_partners`.

    Returns
    -------
    DataFrame
        Indexed by aspect name: "Weight now", "Share now (%)", "Raise to (%)",
        "Raise by (points)", "Raise weight to", "New winner (up)", "Lower to
        (%)", "Lower by (points)", "Lower weight to", "New winner (down)" and
        "In words". Where the winner never changes within 0-100 % the numbers
        are NaN and the new winner is empty. ``attrs["winner"]`` holds the
        winner's name.

    Examples
    --------
    >>> table = weight_sensitivity()
    >>> row = table.loc["Cost structure"]
    >>> row["New winner (up)"], round(float(row["Raise to (%)"]), 1)
    ('Offshore or nearshore partner', 23.1)
    >>> print(table.loc["Cost structure", "In words"])
    Raising its share from 16.7 % to 23.1 % (by 6.4 points, weight 1.5) leaves Large system \
integrator level with Offshore or nearshore partner, who leads above it; lowering it never \
changes the winner within 0-100 %.
    >>> print(table.loc["Risk profile", "In words"])
    The winner never changes within 0-100 % of the weight, up or down.
    """
    result = score_partners(weights, overrides, partners)
    names = {p.id: p.name for p in partner_types()}
    labels = {a.id: a.name for a in aspects()}
    w = result.weights
    crossings = weight_crossings(result.ratings, w)
    rows = []
    total = sum(w.values())
    for a in aspect_ids():
        up, down = [c for c in crossings if c.criterion == a]
        others = total - w[a]

        def weight_at(p):
            if p is None or others <= 0 or p >= 1:
                return math.nan
            return p * others / (1 - p)

        rows.append({
            "Aspect": labels[a],
            "Weight now": w[a],
            "Share now (%)": 100 * up.share_now,
            "Raise to (%)": math.nan if up.share_at is None else 100 * up.share_at,
            "Raise by (points)": math.nan if up.move is None else 100 * up.move,
            "Raise weight to": weight_at(up.share_at),
            "New winner (up)": names[up.new_leader] if up.new_leader else "",
            "Lower to (%)": math.nan if down.share_at is None else 100 * down.share_at,
            "Lower by (points)": math.nan if down.move is None else 100 * down.move,
            "Lower weight to": weight_at(down.share_at),
            "New winner (down)": names[down.new_leader] if down.new_leader else "",
            "In words": _words(up, down, weight_at, names),
        })
    table = pd.DataFrame(rows).set_index("Aspect")
    table.attrs["winner"] = result.winner_name
    return table


def _words(up, down, weight_at, names) -> str:
    def part(c, verb):
        if c.share_at is None:
            return None
        wt = weight_at(c.share_at)
        weight = f", weight {wt:.3g}" if not math.isnan(wt) else ""
        if c.share_at == 0:
            weight = ", weight 0"
        where = "above" if c.direction == "up" else "below"
        return (f"{verb} from {_pct(c.share_now)} to {_pct(c.share_at)} (by "
                f"{100 * c.move:.1f} points{weight}) leaves {names[c.leader]} level with "
                f"{names[c.new_leader]}, who leads {where} it")

    first = part(up, "raising its share")
    second = part(down, "lowering it")
    if first and second:
        text = f"{first}; {second}."
    elif first:
        text = f"{first}; lowering it never changes the winner within 0-100 %."
    elif second:
        text = f"Raising its share never changes the winner within 0-100 %; {second}."
    else:
        text = "The winner never changes within 0-100 % of the weight, up or down."
    return text[0].upper() + text[1:]
