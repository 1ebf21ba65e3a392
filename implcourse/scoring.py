"""The weighted-sum scoring method, as lesson 08 scores partners.

Lesson 03 uses the same method for rollout strategies, with its own code in
:mod:`implcourse.rollout.strategy`.

Lesson 03 ranks rollout strategies and lesson 08 ranks implementation
partners with the same method, the weighted sum model (also called simple
additive weighting): every option gets a rating on every criterion, every
criterion a weight, and an option's score is

.. math:: S_i = \\frac{\\sum_j w_j\\, r_{ij}}{\\sum_j w_j} = \\sum_j s_j\\, r_{ij},
   \\qquad s_j = w_j / \\sum_k w_k ,

where :math:`s_j` is the criterion's *share* of the weight (the weights
normalised to add up to 1, that is 100 %). Only the ratios of the weights
matter: multiplying every weight by the same number changes no score. The
published form without the division, :math:`T_i = \\sum_j w_j r_{ij}`, ranks
the options in the same order (Laudon & Laudon's ERP scoring model, see
``tests/test_scoring.py``).

**Sensitivity of the winner to one weight.** Give criterion *j* the share
*p* and let the other criteria keep their proportions among themselves. Then
every score is a straight line in *p*:

.. math:: S_i(p) = p\\, r_{ij} + (1 - p)\\, B_i ,

with :math:`B_i` the option's weighted mean rating over the other criteria.
The leader *t* and a challenger *i* are level where the two lines cross,

.. math:: p^* = \\frac{B_t - B_i}{(B_t - B_i) - (r_{tj} - r_{ij})},

so :func:`weight_crossings` solves for the crossing exactly instead of
scanning a grid. The nearest crossing above the current share (if the
challenger's line is steeper) and below it (if it is flatter) are the
thresholds; just past one, the challenger leads outright. When the other
criteria all have weight 0 their proportions are undefined; they are then
taken as equal.

This is a teaching tool for exam-style weighted scoring (PMBOK Guide 6th
ed., section 12.1.2.4, source selection analysis, lists quality- and
cost-based selection among its methods; a weighted score is one way to apply
it), not a decision procedure: the numbers
only rank what the ratings and weights put in.

Examples
--------
>>> import pandas as pd
>>> ratings = pd.DataFrame({"price": [5, 3], "quality": [2, 5]}, index=["A", "B"])
>>> table = weighted_sum(ratings, {"price": 3, "quality": 2})
>>> table["Weighted score"].round(2).to_dict()
{'A': 3.8, 'B': 3.8}
>>> weighted_sum(ratings, {"price": 1, "quality": 1})["Rank"].to_dict()
{'A': 2, 'B': 1}
>>> [(c.criterion, c.direction, c.share_at) for c in
...  weight_crossings(ratings, {"price": 1, "quality": 1})]
[('price', 'up', 0.6), ('price', 'down', None), ('quality', 'up', None), ('quality', 'down', 0.4)]

References
----------
Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
Comparative Study*. Kluwer, chapter 2 (the weighted sum model).
Laudon, K. C. & Laudon, J. P. *Management Information Systems*, chapter 14
"Managing Projects", Table 14.2, "Example of a scoring model for an ERP
system".
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import check_str, check_str_list, shown

__all__ = ["Crossing", "check_weights", "weighted_sum", "weight_crossings", "leader_of"]

#: Tolerance below which two scores or shares count as equal.
TOL = 1e-12


def _shown(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return shown(value)
    try:
        return f"{float(value):g}"
    except OverflowError:  # an integer too large for a float
        return shown(value)


def _float(value: numbers.Real) -> float:
    """A real number as a float; an integer too large for a float becomes inf
    (and is then refused as not finite, with the value shown)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def check_weights(weights: object, criteria: list[str], *,
                  labels: Mapping[str, str] | None = None,
                  noun: str = "criterion") -> dict[str, float]:
    """Check a dict of criterion -> weight: every criterion known, every weight
    a finite number of 0 or more, not all of them 0.

    Parameters
    ----------
    weights : dict
        Criterion -> weight. Criteria left out get weight 0.
    criteria : list of str
        The known criteria, in order.
    labels : dict, optional
        Criterion -> the name a learner knows it by (used in messages).
    noun : str
        What a criterion is called in messages ("aspect", "factor").

    Returns
    -------
    dict
        Criterion -> weight as float, in the order of ``criteria``.

    Examples
    --------
    >>> check_weights({"a": 2}, ["a", "b"])
    {'a': 2.0, 'b': 0.0}
    >>> check_weights({"a": -1}, ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: Weight of a cannot be negative (you entered -1)
    >>> check_weights({"c": 1}, ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown criterion 'c' in the weights; the criteria are 'a', 'b'
    """
    criteria = check_str_list("criteria", criteria)
    if labels is not None and not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a dict of {noun} -> name, got "
                        f"{type(labels).__name__} {shown(labels)}")
    noun = check_str("noun", noun)
    labels = dict(labels or {})
    if not isinstance(weights, Mapping):
        raise TypeError(f"The weights must be given as a dict of {noun} -> weight (you "
                        f"entered {type(weights).__name__})")
    result = {c: 0.0 for c in criteria}
    for key, value in weights.items():
        if key not in result:
            known = ", ".join(repr(c) for c in criteria)
            plural = "criteria" if noun == "criterion" else f"{noun}s"
            raise ValueError(f"Unknown {noun} {key!r} in the weights; the {plural} are {known}")
        label = f"Weight of {labels.get(key, key)}"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{label} must be a number (you entered {_shown(value)})")
        if not math.isfinite(_float(value)):
            raise ValueError(f"{label} must be an ordinary number (you entered {_shown(value)})")
        value = float(value)
        if value < 0:
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)})")
        result[key] = value
    total = sum(result.values())
    if total <= 0:
        raise ValueError(f"The weights cannot all be zero: give at least one {noun} a "
                         f"weight above 0")
    if not math.isfinite(total):
        raise ValueError(f"The weights are too large to add up (their total overflows); "
                         f"divide them all by the same number: only their ratios matter "
                         f"(you entered {', '.join(_shown(v) for v in weights.values())})")
    return result


def _matrix(ratings: pd.DataFrame, weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a non-empty DataFrame: options as rows, criteria as "
                        f"columns (you entered {type(ratings).__name__})")
    if ratings.empty:
        raise TypeError("ratings must be a non-empty DataFrame: options as rows, criteria as "
                         "columns (you entered an empty table)")
    for axis, what, labels in (("Option", "row", ratings.index), ("Criterion", "column",
                                                                   ratings.columns)):
        names = [str(x) for x in labels]
        twice = sorted({x for x in names if names.count(x) > 1})
        if twice:
            raise ValueError(f"{axis} {twice[0]!r} appears twice in the ratings: give each "
                             f"{axis.lower()} one {what}")
    columns = [str(c) for c in ratings.columns]
    if isinstance(weights, Mapping):
        unknown = [k for k in weights if k not in columns]
        if unknown:
            raise ValueError(f"Unknown criterion {unknown[0]!r} in the weights: it is not a "
                             f"column of the ratings, whose criteria are "
                             f"{', '.join(repr(c) for c in columns)}")
    w = check_weights(weights, columns)
    for column in ratings.columns:
        for option, value in ratings[column].items():
            label = f"Rating of {option!s} on {column!s}"
            if isinstance(value, (bool, np.bool_)) or not (
                    isinstance(value, numbers.Real) or value is None or value is pd.NA):
                raise TypeError(f"{label} must be a number (you entered {_shown(value)})")
            if value is None or value is pd.NA or not math.isfinite(_float(value)):
                raise ValueError(f"{label} must be an ordinary number, not NaN or infinity "
                                 f"(you entered {_shown(value)})")
    r = ratings.to_numpy(dtype=float)
    return r, np.array([w[str(c)] for c in ratings.columns])


def _finite(values: np.ndarray) -> None:
    if not np.isfinite(values).all():
        raise ValueError("The weighted scores are too large to compute (they overflow); "
                         "divide the weights or the ratings by the same number")


def leader_of(scores: np.ndarray) -> int:
    """The index of the highest score; a tie goes to the option listed first.

    Examples
    --------
    >>> leader_of(np.array([3.0, 4.0, 4.0]))
    1
    """
    if isinstance(scores, (str, bytes, Mapping)) or not isinstance(
            scores, (np.ndarray, pd.Series, list, tuple)):
        raise TypeError(f"scores must be a list or array of numbers, got "
                        f"{type(scores).__name__} {shown(scores)}")
    try:
        array = np.asarray(scores, dtype=object)
    except ValueError:  # a ragged list
        array = None
    items = list(array) if array is not None and array.ndim == 1 else None
    if items is None or not items:
        raise ValueError(f"scores must be a non-empty flat list of numbers, got {shown(scores)}")
    for i, item in enumerate(items):
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            raise TypeError(f"scores[{i}] must be a number, got {shown(item)}")
        if not math.isfinite(_float(item)):
            raise ValueError(f"scores[{i}] must be a finite number, got {shown(item)}")
    scores = np.asarray(items, dtype=float)
    best = scores.max()
    return int(np.flatnonzero(scores >= best - TOL)[0])


def weighted_sum(ratings: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Score every option by the weighted sum model.

    Parameters
    ----------
    ratings : DataFrame
        Options as rows, criteria as columns, numbers (higher is better).
    weights : dict
        Criterion -> weight (0 or more, not all 0; criteria left out get 0).

    Returns
    -------
    DataFrame
        Indexed like ``ratings``: one column per criterion with its
        contribution :math:`s_j r_{ij}`, then "Weighted score" (their sum,
        on the ratings' scale), "Weighted total" (:math:`\\sum_j w_j r_{ij}`
        with the weights as given) and "Rank" (1 is best; a tie goes to the
        option listed first).

    Examples
    --------
    >>> ratings = pd.DataFrame({"x": [1, 4]}, index=["A", "B"])
    >>> weighted_sum(ratings, {"x": 2})[["Weighted total", "Rank"]].values.tolist()
    [[2.0, 2.0], [8.0, 1.0]]
    """
    r, w = _matrix(ratings, weights)
    with np.errstate(over="ignore", invalid="ignore"):
        shares = w / w.sum()
        parts = r * shares
        scores = parts.sum(axis=1)
        totals = r @ w
    _finite(np.concatenate([parts.ravel(), scores, totals]))
    order = sorted(range(len(scores)), key=lambda i: (-round(scores[i], 9), i))
    rank = np.empty(len(scores), dtype=int)
    rank[order] = np.arange(1, len(scores) + 1)
    table = pd.DataFrame(parts, index=ratings.index, columns=ratings.columns)
    table["Weighted score"] = scores
    table["Weighted total"] = totals
    table["Rank"] = rank
    return table


@dataclass(frozen=True)
class Crossing:
    """Where moving one criterion's share of the weight changes the winner.

    Attributes
    ----------
    criterion : str
    direction : {"up", "down"}
    share_now : float
        The criterion's share of the weight now, 0 to 1.
    share_at : float or None
        The share at which the challenger draws level (the winner changes
        just past it); None when the winner never changes in this direction
        within 0 to 1 (0 to 100 %).
    leader, new_leader : str or None
        The option that leads now, and the one that leads just past the
        crossing (None with ``share_at``).
    """

    criterion: str
    direction: str
    share_now: float
    share_at: float | None
    leader: str
    new_leader: str | None

    @property
    def move(self) -> float | None:
        """How far the share must move, as a positive fraction (0.05 is 5 points)."""
        return None if self.share_at is None else abs(self.share_at - self.share_now)


def _others_mean(r: np.ndarray, w: np.ndarray, j: int) -> np.ndarray:
    others = np.delete(np.arange(r.shape[1]), j)
    wo = w[others]
    if wo.sum() <= 0:
        wo = np.ones(len(others))
    return r[:, others] @ (wo / wo.sum())


def weight_crossings(ratings: pd.DataFrame, weights: Mapping[str, float]) -> list[Crossing]:
    """For every criterion, how far its share of the weight must move up and
    down before the winner changes, solved exactly (see the module docstring).

    Returns
    -------
    list of Crossing
        Two per criterion (up, then down), in the order of the columns. With
        a single criterion nothing can move, so both are None.

    Examples
    --------
    >>> ratings = pd.DataFrame({"price": [5, 3, 1], "quality": [1, 3, 5]},
    ...                        index=["cheap", "middle", "best"])
    >>> up = weight_crossings(ratings, {"price": 1, "quality": 3})[0]
    >>> up.leader, up.share_at, up.new_leader
    ('best', 0.5, 'cheap')
    """
    r, w = _matrix(ratings, weights)
    names = [str(i) for i in ratings.index]
    shares = w / w.sum()
    t = leader_of(r @ shares)
    result = []
    for j, criterion in enumerate(ratings.columns):
        p0 = float(shares[j])
        if r.shape[1] == 1:
            result += [Crossing(str(criterion), d, p0, None, names[t], None)
                       for d in ("up", "down")]
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            b = _others_mean(r, w, j)
            a = b - b[t]                              # d_i(p) = a_i + p * k_i
            k = (r[:, j] - b) - (r[t, j] - b[t])
        _finite(np.concatenate([a, k]))
        for direction in ("up", "down"):
            found: list[tuple[float, float, int]] = []
            for i in range(len(names)):
                if i == t or abs(k[i]) <= TOL:
                    continue
                p = -a[i] / k[i]
                if direction == "up" and k[i] > 0 and p0 - 1e-9 <= p < 1 - 1e-9:
                    found.append((max(p, p0) - p0, -k[i], i))
                elif direction == "down" and k[i] < 0 and 1e-9 < p <= p0 + 1e-9:
                    found.append((p0 - min(p, p0), k[i], i))
            if not found:
                result.append(Crossing(str(criterion), direction, p0, None, names[t], None))
            else:
                # Challengers that draw level at the same point (within rounding): the
                # one whose line is steepest leads just past it; identical lines go to
                # the option listed first, as ties do everywhere.
                move = min(f[0] for f in found)
                level = [f for f in found if f[0] <= move + 1e-9]
                steepest = min(f[1] for f in level)
                i = min(f[2] for f in level if f[1] <= steepest + 1e-9)
                at = p0 + move if direction == "up" else p0 - move
                result.append(Crossing(str(criterion), direction, p0, float(at), names[t],
                                       names[i]))
    return result
