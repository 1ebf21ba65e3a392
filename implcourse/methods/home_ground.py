"""Boehm and Turner's five factors and the home ground of a project.

Boehm and Turner describe the "home grounds" where agile and plan-driven
methods each work best, along five factors, drawn as a polar chart whose
centre is the agile end of every axis and whose edge is the plan-driven end
(B. Boehm and R. Turner, *Balancing Agility and Discipline: A Guide for the
Perplexed*, Addison-Wesley, 2003/2004, ch. 2; "Using Risk to Balance Agile and
Plan-Driven Methods", *IEEE Computer* 36(6), June 2003, pp. 57-66):

===========  ===========================================  =================================
Factor       Measure                                      Scale points, centre to edge
===========  ===========================================  =================================
size         number of personnel                          3, 10, 30, 100, 300
criticality  loss due to the impact of defects            comfort, discretionary funds,
                                                          essential funds, single life,
                                                          many lives
dynamism     % of requirements changing per month         50, 30, 10, 5, 1
personnel    % at Cockburn level 1B / at levels 2 and 3   0/35, 10/30, 20/25, 30/20, 40/15
culture      % thriving on chaos (versus order)           90, 70, 50, 30, 10
===========  ===========================================  =================================

The scale points are those of the book's polar chart as the course
reproduces them (see ``datasets/methods/README.md`` for how far they were
checked).

**The course's model** (a teaching model, not Boehm and Turner's rule):

* each value is placed on its axis at a position from 1 (innermost scale
  point) to 5 (outermost) by linear interpolation between the scale points
  (on a log scale for size, whose points grow by about x3), and clipped to
  [1, 5] beyond the ends;
* personnel's position is the mean of the positions of its two percentages;
* a factor *pulls agile* below position 3 (the middle scale point), *pulls
  plan-driven* above it, and sits *on the midpoint* at exactly 3;
* the home ground is ``"agile"`` when all five factors pull agile,
  ``"plan-driven"`` when all five pull plan-driven, and ``"mixed"``
  otherwise: the case for Boehm and Turner's risk-based balancing of the
  two. ``lean`` says which side more factors pull to.

Examples
--------
>>> r = home_ground(size=8, criticality="discretionary_funds", dynamism=35,
...                 personnel=(5, 40), culture=80)
>>> r.home_ground, r.pulls_plan_driven
('agile', ())
>>> r = home_ground(size=120, criticality="single_life", dynamism=8,
...                 personnel=(25, 20), culture=40)
>>> r.home_ground, r.on_midpoint
('plan-driven', ())
>>> r = home_ground(size=120, criticality="essential_funds", dynamism=8,
...                 personnel=(25, 20), culture=40)
>>> r.home_ground, r.lean, r.on_midpoint
('mixed', 'plan-driven', ('criticality',))
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ..validation import check_choice, check_number, shown


__all__ = [
    "FACTORS",
    "FACTOR_LABELS",
    "CRITICALITY_LEVELS",
    "CRITICALITY_LABELS",
    "SCALES",
    "MIDPOINT",
    "HomeGround",
    "axis_position",
    "home_ground",
    "home_ground_factors",
]

#: The five factors in the order of the book's chart.
FACTORS: tuple[str, ...] = ("personnel", "dynamism", "culture", "size", "criticality")

#: Each factor named as a learner reads it, with its unit.
FACTOR_LABELS: dict[str, str] = {
    "size": "Size (number of personnel)",
    "criticality": "Criticality (loss due to impact of defects)",
    "dynamism": "Dynamism (% requirements change per month)",
    "personnel": "Personnel (% level 1B / % levels 2 and 3)",
    "culture": "Culture (% thriving on chaos vs order)",
}

#: Criticality levels, centre (agile) to edge (plan-driven).
CRITICALITY_LEVELS: tuple[str, ...] = ("comfort", "discretionary_funds", "essential_funds",
                                       "single_life", "many_lives")
CRITICALITY_LABELS: dict[str, str] = {
    "comfort": "Comfort",
    "discretionary_funds": "Discretionary funds",
    "essential_funds": "Essential funds",
    "single_life": "Single life",
    "many_lives": "Many lives",
}

#: The published scale points of each axis, from the centre (position 1) to the edge (5).
SCALES: dict[str, tuple] = {
    "size": (3, 10, 30, 100, 300),
    "criticality": CRITICALITY_LEVELS,
    "dynamism": (50, 30, 10, 5, 1),
    "personnel_level_1b": (0, 10, 20, 30, 40),
    "personnel_level_2_3": (35, 30, 25, 20, 15),
    "culture": (90, 70, 50, 30, 10),
}

#: The middle scale point: below it a factor pulls agile, above it plan-driven.
MIDPOINT = 3.0

_POSITIONS = np.arange(1.0, 6.0)
_LOG_AXES = {"size"}
#: Largest team size taken (the scale ends at 300; anything above sits at its edge).
_MAX_SIZE = 10_000_000


def axis_position(axis: str, value: float) -> float:
    """Where a value sits on an axis: 1 (centre, agile) to 5 (edge, plan-driven).

    Linear interpolation between the axis's scale points (in log10 for size),
    clipped to [1, 5]. ``axis`` is one of the keys of :data:`SCALES` other than
    criticality, whose levels sit at positions 1 to 5.

    Examples
    --------
    >>> axis_position("size", 30), axis_position("dynamism", 20), axis_position("size", 1)
    (3.0, 2.5, 1.0)
    """
    axis = check_choice("axis", axis, [a for a in SCALES if a != "criticality"])
    x = check_number("value", value, minimum=1 if axis in _LOG_AXES else 0)
    points = np.asarray(SCALES[axis], dtype=float)
    if axis in _LOG_AXES:
        points, x = np.log10(points), math.log10(x)
    order = np.argsort(points)
    return float(np.interp(x, points[order], _POSITIONS[order]))


@dataclass(frozen=True)
class HomeGround:
    """The result of :func:`home_ground`.

    Attributes
    ----------
    home_ground : {"agile", "plan-driven", "mixed"}
    lean : {"agile", "plan-driven", "balanced"}
        The side more factors pull towards.
    positions : mapping of str to float
        Each factor's position on its axis, 1 (centre) to 5 (edge).
    values : mapping of str to str
        Each factor's value in words, as entered.
    pulls_agile, pulls_plan_driven, on_midpoint : tuple of str
        The factors (ids, in :data:`FACTORS` order) inside, outside and on
        the middle scale point.
    """

    home_ground: str
    lean: str
    positions: Mapping[str, float]
    values: Mapping[str, str]
    pulls_agile: tuple[str, ...]
    pulls_plan_driven: tuple[str, ...]
    on_midpoint: tuple[str, ...]

    def summary(self) -> str:
        """The result in words.

        Examples
        --------
        >>> r = home_ground(size=30, criticality="single_life", dynamism=40,
        ...                 personnel=(10, 30), culture=60)
        >>> print(r.summary())
        Home ground: mixed (leaning agile). Pulling agile: personnel, dynamism, culture. Pulling plan-driven: criticality. On the midpoint: size.
        """
        parts = [f"Home ground: {self.home_ground}"
                 + (f" (leaning {self.lean})." if self.home_ground == "mixed"
                    and self.lean != "balanced" else ".")]
        for title, names in (("Pulling agile", self.pulls_agile),
                             ("Pulling plan-driven", self.pulls_plan_driven),
                             ("On the midpoint", self.on_midpoint)):
            if names:
                parts.append(f"{title}: {', '.join(names)}.")
        return " ".join(parts)


def _percentage(label: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number from 0 to 100 (you entered {shown(value)})")
    try:
        value = float(value)
    except OverflowError:  # an integer too large for a float
        value = math.inf
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueError(f"{label} must be a number from 0 to 100 (you entered {shown(value)})")
    return value


def _personnel(value: object) -> tuple[float, float]:
    label_1b = "Personnel (% at Cockburn level 1B)"
    label_23 = "Personnel (% at Cockburn levels 2 and 3)"
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"level_1b", "level_2_3"})
        if unknown:
            raise ValueError(f"Personnel has unknown key {shown(unknown[0])}; known: level_1b, "
                             "level_2_3")
        missing = [k for k in ("level_1b", "level_2_3") if k not in value]
        if missing:
            raise ValueError(f"Personnel is missing {missing[0]!r}")
        pair = (value["level_1b"], value["level_2_3"])
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)) and len(value) == 2:
        pair = tuple(value)
    else:
        raise TypeError("Personnel must be a pair (% at level 1B, % at levels 2 and 3), "
                        f"for example (10, 30) (you entered {shown(value)})")
    low, high = _percentage(label_1b, pair[0]), _percentage(label_23, pair[1])
    if low + high > 100:
        raise ValueError(f"Personnel percentages cannot add up to more than 100 "
                         f"(you entered {low:g} + {high:g})")
    return low, high


def _levels_in_words() -> str:
    return ", ".join(level.replace("_", " ") for level in CRITICALITY_LEVELS)


def _criticality(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Criticality must be one of {_levels_in_words()} "
                        f"(you entered {shown(value)})")
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    if key.startswith("loss_of_"):
        key = key[len("loss_of_"):]
    if key not in CRITICALITY_LEVELS:
        raise ValueError(f"Criticality must be one of {_levels_in_words()} "
                         f"(you entered {shown(value)})")
    return key


def home_ground(size: int, criticality: str, dynamism: float,
                personnel: Sequence[float] | Mapping[str, float], culture: float) -> HomeGround:
    """Place a project on Boehm and Turner's five axes and name its home ground.

    Parameters
    ----------
    size : int
        Number of personnel, a whole number of at least 1.
    criticality : str
        Loss due to the impact of defects: ``"comfort"``,
        ``"discretionary_funds"``, ``"essential_funds"``, ``"single_life"``
        or ``"many_lives"`` (labels such as "Single life" are accepted).
    dynamism : float
        Percentage of requirements changing per month, 0 to 100.
    personnel : (float, float) or dict
        Percentage of staff at Cockburn level 1B (can follow procedures but
        not yet adapt them) and at levels 2 and 3 (can adapt and invent
        methods), as a pair or as ``{"level_1b": .., "level_2_3": ..}``;
        each 0 to 100, together at most 100.
    culture : float
        Percentage of people who thrive on chaos rather than order, 0 to 100.

    Returns
    -------
    HomeGround

    Notes
    -----
    The rule (the course's model, stated in the module docstring): position
    1-5 per axis by interpolation between the published scale points; pull
    agile below 3, plan-driven above 3; home ground agile or plan-driven only
    when all five factors pull the same way, mixed otherwise.

    Raises
    ------
    TypeError, ValueError
        Naming the factor in words and showing the value entered.

    Examples
    --------
    >>> home_ground(size=0, criticality="comfort", dynamism=5, personnel=(0, 50), culture=50)
    Traceback (most recent call last):
    ...
    ValueError: Size (number of personnel) must be a whole number of at least 1 (you entered 0)
    >>> home_ground(size=5, criticality="lives", dynamism=5, personnel=(0, 50), culture=50)
    Traceback (most recent call last):
    ...
    ValueError: Criticality must be one of comfort, discretionary funds, essential funds, single life, many lives (you entered 'lives')
    """
    if isinstance(size, bool) or not isinstance(size, numbers.Integral):
        raise TypeError(f"Size (number of personnel) must be a whole number of at least 1 "
                        f"(you entered {shown(size)})")
    if size < 1:
        raise ValueError(f"Size (number of personnel) must be a whole number of at least 1 "
                         f"(you entered {shown(size)})")
    if size > _MAX_SIZE:
        raise ValueError(f"Size (number of personnel) cannot be more than {_MAX_SIZE:,} "
                         f"(you entered {shown(size)})")
    level = _criticality(criticality)
    dyn = _percentage("Dynamism (% requirements change per month)", dynamism)
    low, high = _personnel(personnel)
    cult = _percentage("Culture (% thriving on chaos)", culture)

    positions = {
        "personnel": (axis_position("personnel_level_1b", low)
                      + axis_position("personnel_level_2_3", high)) / 2,
        "dynamism": axis_position("dynamism", dyn),
        "culture": axis_position("culture", cult),
        "size": axis_position("size", int(size)),
        "criticality": float(CRITICALITY_LEVELS.index(level) + 1),
    }
    values = {
        "personnel": f"{low:g}% level 1B, {high:g}% levels 2 and 3",
        "dynamism": f"{dyn:g}% of requirements change per month",
        "culture": f"{cult:g}% thrive on chaos",
        "size": f"{int(size):,} people",
        "criticality": f"loss of {CRITICALITY_LABELS[level].lower()}",
    }
    agile = tuple(f for f in FACTORS if positions[f] < MIDPOINT)
    plan = tuple(f for f in FACTORS if positions[f] > MIDPOINT)
    middle = tuple(f for f in FACTORS if positions[f] == MIDPOINT)
    if len(agile) == len(FACTORS):
        ground = "agile"
    elif len(plan) == len(FACTORS):
        ground = "plan-driven"
    else:
        ground = "mixed"
    lean = ("agile" if len(agile) > len(plan) else
            "plan-driven" if len(plan) > len(agile) else "balanced")
    return HomeGround(home_ground=ground, lean=lean,
                      positions=MappingProxyType(positions), values=MappingProxyType(values),
                      pulls_agile=agile, pulls_plan_driven=plan, on_midpoint=middle)


def home_ground_factors() -> list[dict]:
    """The five factors for a form or chart: id, label, the scale points from
    centre to edge (as text), and what the two ends mean.

    Examples
    --------
    >>> f = {x["id"]: x for x in home_ground_factors()}
    >>> f["size"]["scale"]
    ['3', '10', '30', '100', '300']
    >>> f["criticality"]["scale"][-1]
    'Many lives'
    """
    personnel = [f"{a}/{b}" for a, b in zip(SCALES["personnel_level_1b"],
                                              SCALES["personnel_level_2_3"])]
    scales = {
        "personnel": personnel,
        "dynamism": [str(v) for v in SCALES["dynamism"]],
        "culture": [str(v) for v in SCALES["culture"]],
        "size": [str(v) for v in SCALES["size"]],
        "criticality": [CRITICALITY_LABELS[c] for c in CRITICALITY_LEVELS],
    }
    ends = {
        "personnel": ("mostly level 2-3 experts", "many level 1B staff"),
        "dynamism": ("requirements change a lot", "requirements stable"),
        "culture": ("thrives on chaos", "prefers order"),
        "size": ("small team", "large organisation"),
        "criticality": ("defects cost comfort", "defects cost lives"),
    }
    return [{"id": f, "label": FACTOR_LABELS[f], "scale": scales[f],
             "agile_end": ends[f][0], "plan_driven_end": ends[f][1]} for f in FACTORS]
