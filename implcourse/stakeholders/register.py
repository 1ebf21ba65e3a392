"""The stakeholder register of the course's ERP case, the power/interest grid
and the engagement assessment matrix.

The register lives in ``datasets/stakeholders/register.yml``. It is
**synthetic**: twelve invented stakeholders of lesson 01's ERP rollout at the
distributor of lesson 05's business case, with scores the project team might
give them. It is material to practise on, not evidence.

The power/interest grid (Mendelow 1991; PMBOK Guide 6th ed., 13.1.2.4, data
representation) sorts stakeholders by two judgements on a scale of 1 to 10:

================  ====================  ==================
                  interest low          interest high
================  ====================  ==================
**power high**    keep satisfied        manage closely
**power low**     monitor               keep informed
================  ====================  ==================

Boundary convention: a score **equal to the threshold counts as high**. With
the default threshold of 6 the scale splits evenly, 1-5 low and 6-10 high.
The PMBOK Guide 7th ed. keeps the grid among the tools of its stakeholder
performance domain; the quadrant's strategy is a starting point for the
engagement plan, not a verdict.

The engagement assessment matrix (PMBOK Guide 6th ed., 13.2.2.5, Figure
13-6) marks each stakeholder's current (C) and desired (D) engagement on five
levels, in this order: unaware, resistant, neutral, supportive, leading. The
gap from C to D, counted in levels, says who must move and how far; a
negative gap means the stakeholder should step back (for example a vendor
pushing its own agenda).

Examples
--------
>>> grid_strategy(9, 9)
'manage closely'
>>> grid_strategy(6, 2)       # 6 is on the boundary: it counts as high power
'keep satisfied'
>>> table = stakeholder_grid()
>>> table.loc["house_bank", "strategy"]
'monitor'
>>> stakeholder_grid(moves={"house_bank": (8, 8)}).loc["house_bank", "strategy"]
'manage closely'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from ..validation import shown
from .. import lifecycle
from ..content import ContentError, ContentModel, Slug, Text, cached_by_file, display_path, read_yaml

__all__ = [
    "ENGAGEMENT_LEVELS",
    "STRATEGIES",
    "SCORE_MIN",
    "SCORE_MAX",
    "DEFAULT_THRESHOLD",
    "Stakeholder",
    "load_register",
    "register_table",
    "case_description",
    "grid_strategy",
    "stakeholder_grid",
    "engagement_matrix",
    "engagement_gaps",
]

REGISTER_FILE = "stakeholders/register.yml"
#: The engagement levels of the PMBOK Guide 6th ed. (13.2.2.5), from least to most engaged.
ENGAGEMENT_LEVELS = ("unaware", "resistant", "neutral", "supportive", "leading")
#: Strategy for each (high power, high interest) pair.
STRATEGIES = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}
SCORE_MIN, SCORE_MAX = 1, 10
#: A score at or above the threshold counts as high.
DEFAULT_THRESHOLD = 6

Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX)]
Level = Literal[ENGAGEMENT_LEVELS]  # type: ignore[valid-type]


# --------------------------------------------------------------------------
# Checks in the learner's words (shared by the stakeholders modules)
# --------------------------------------------------------------------------

def _shown(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return shown(value)
    try:
        return f"{float(value):g}"
    except OverflowError:  # an integer too large for a float
        return shown(value)


def _in_code(code: str | None) -> str:
    """The parameter's Python name after a message in the learner's words."""
    return f" (parameter {code})" if code else ""


def _score(label: str, value: object, *, low: float = SCORE_MIN,
           high: float = SCORE_MAX, code: str | None = None) -> float:
    """A finite number from ``low`` to ``high``, or an error naming ``label`` (and ``code``)."""
    wanted = f"a number from {low:g} to {high:g}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be {wanted} (you entered {_shown(value)}){_in_code(code)}")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{label} must be {wanted} (you entered {_shown(value)})"
                         f"{_in_code(code)}")
    return number


def _lookup(label: str, key: object, items, *, name=lambda item: item.name,
            code: str | None = None):
    """An item by id or name (case-insensitive), or an error listing the ids."""
    if not isinstance(key, str):
        raise TypeError(f"{label} must be given by its id (you entered {_shown(key)})"
                        f"{_in_code(code)}")
    wanted = key.strip().lower()
    for item in items:
        if wanted in (item.id, name(item).lower()):
            return item
    known = ", ".join(repr(item.id) for item in items)
    raise ValueError(f"Unknown {label} {shown(key)}; known: {known}{_in_code(code)}")


# --------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------

class Stakeholder(ContentModel):
    """One row of the stakeholder register (synthetic)."""

    id: Slug
    name: Text
    unit: Text
    stake: Text = Field(description="Their interest in the project, in words.")
    power: Score
    interest: Score
    current: Level
    desired: Level
    owner: Slug = Field(description="The project role who looks after the relationship.")
    notes: Text


@cached_by_file
def _load(path: Path) -> tuple[Stakeholder, ...]:
    from ..content import load_entries

    items = load_entries(path, Stakeholder, key="stakeholders")
    roles = [role.id for role in lifecycle.load_roles()]
    for number, item in enumerate(items, start=1):
        if item.owner not in roles:
            raise ContentError(display_path(path),
                               f"unknown role {item.owner!r}; roles are {', '.join(roles)}",
                               f"entry {number} (id {item.id!r})", "owner")
    return items


def load_register(name: str | Path = REGISTER_FILE) -> tuple[Stakeholder, ...]:
    """The stakeholders of the ERP case (or of another register file), validated.

    Every ``owner`` must be a role of ``datasets/lifecycle/roles.yml``.

    Examples
    --------
    >>> register = load_register()
    >>> len(register), register[0].name
    (12, 'Finance director (sponsor)')
    """
    return _load(name)


def case_description(name: str | Path = REGISTER_FILE) -> str:
    """The one-paragraph description of the case the register belongs to.

    Examples
    --------
    >>> "synthetic" in case_description()
    True
    """
    data = read_yaml(name)
    return " ".join(str(data.get("case", "")).split()) if isinstance(data, Mapping) else ""


def _stakeholders(register) -> tuple[Stakeholder, ...]:
    if register is None:
        return load_register()
    if isinstance(register, (str, Path)):
        return load_register(register)
    if isinstance(register, (bytes, Mapping)) or not hasattr(register, "__iter__"):
        raise TypeError(f"register must be a list of Stakeholder or a file name, "
                        f"got {type(register).__name__}")
    items = tuple(register)
    if not items:
        raise ValueError("register must hold at least one stakeholder (you gave none)")
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Stakeholder):
            raise TypeError(f"register[{i}] must be a Stakeholder, got {type(item).__name__}")
        if item.id in seen:
            raise ValueError(f"register holds the stakeholder {item.id!r} twice "
                             f"(register[{seen[item.id]}] and register[{i}]); list each "
                             f"stakeholder once")
        seen[item.id] = i
    return items


def register_table(register=None) -> pd.DataFrame:
    """The register as a table, indexed by stakeholder id.

    Examples
    --------
    >>> row = register_table().loc["cfo"]
    >>> int(row.power), int(row.interest), row.current, row.desired
    (9, 9, 'supportive', 'leading')
    """
    rows = [item.model_dump() for item in _stakeholders(register)]
    return pd.DataFrame(rows).set_index("id")


# --------------------------------------------------------------------------
# The power/interest grid
# --------------------------------------------------------------------------

def _threshold(threshold: object) -> float:
    return _score("Threshold", threshold, low=SCORE_MIN + 1, high=SCORE_MAX, code="threshold")


def grid_strategy(power: float, interest: float, *, threshold: float = DEFAULT_THRESHOLD) -> str:
    """The power/interest grid's strategy for one stakeholder.

    High power means ``power >= threshold``, high interest ``interest >=
    threshold`` (a score on the boundary counts as high). Then:

    * high power, high interest: **manage closely** (involve in decisions);
    * high power, low interest: **keep satisfied** (meet their needs, do not
      bore them with detail);
    * low power, high interest: **keep informed** (regular news, listen);
    * low power, low interest: **monitor** (light touch, watch for change).

    Parameters
    ----------
    power, interest : float
        Scores from 1 (very low) to 10 (very high).
    threshold : float, default 6
        The score from which a judgement counts as high, from 2 to 10.

    Returns
    -------
    str
        One of "manage closely", "keep satisfied", "keep informed", "monitor".

    Raises
    ------
    TypeError, ValueError
        If a score is not a number from 1 to 10, naming the score.

    References
    ----------
    Mendelow, A. (1991), stakeholder mapping, as taught in the Open University's
    *Successful IT systems*, section 4.4. PMBOK Guide 6th ed. (PMI 2017),
    13.1.2.4 Data representation; 7th ed. (PMI 2021), stakeholder performance
    domain.

    Examples
    --------
    >>> grid_strategy(3, 9), grid_strategy(2, 2)
    ('keep informed', 'monitor')
    >>> grid_strategy(5.9, 6), grid_strategy(6, 6)
    ('keep informed', 'manage closely')
    >>> grid_strategy(12, 3)
    Traceback (most recent call last):
    ...
    ValueError: Power must be a number from 1 to 10 (you entered 12)
    """
    power = _score("Power", power)
    interest = _score("Interest", interest)
    limit = _threshold(threshold)
    return STRATEGIES[(power >= limit, interest >= limit)]


def _quadrant(power: float, interest: float, limit: float) -> str:
    return (f"{'high' if power >= limit else 'low'} power, "
            f"{'high' if interest >= limit else 'low'} interest")


def stakeholder_grid(register=None, moves: Mapping[str, tuple[float, float]] | None = None,
                     *, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Every stakeholder's place on the power/interest grid and its strategy.

    Parameters
    ----------
    register : list of Stakeholder or str, optional
        By default the course's ERP register.
    moves : dict, optional
        ``{stakeholder id: (power, interest)}``: put a stakeholder somewhere
        else on the grid (a learner's "what if" or a later reassessment).
        Ids are matched ignoring case and surrounding spaces.
    threshold : float, default 6
        The score from which power or interest counts as high.

    Returns
    -------
    DataFrame
        Indexed by id, with ``name``, ``power``, ``interest``, ``quadrant``,
        ``strategy`` and ``moved`` (True for a moved stakeholder). The
        threshold is kept in ``attrs["threshold"]``.

    Raises
    ------
    ValueError
        For an unknown id in ``moves`` (listing the known ids) or a score
        outside 1-10.

    Examples
    --------
    >>> grid = stakeholder_grid()
    >>> int((grid["strategy"] == "manage closely").sum())
    4
    >>> stakeholder_grid(moves={"cio": (5, 5)})
    Traceback (most recent call last):
    ...
    ValueError: Unknown stakeholder 'cio' in moves; known: cfo, managing_director, \
sales_director, head_of_it, partner_lead, warehouse_manager, purchasing_manager, \
finance_team, staff_council, external_auditor, software_vendor, house_bank
    """
    items = _stakeholders(register)
    limit = _threshold(threshold)
    moves = {} if moves is None else moves
    if not isinstance(moves, Mapping):
        raise TypeError(f"moves must be a dict of id -> (power, interest), "
                        f"got {type(moves).__name__}")
    ids = [item.id for item in items]
    placed: dict[str, tuple[float, float]] = {}
    given: dict[str, object] = {}
    for key, value in moves.items():
        ident = key.strip().lower() if isinstance(key, str) else None
        if ident not in ids:
            raise ValueError(f"Unknown stakeholder {key!r} in moves; known: {', '.join(ids)}")
        if ident in given:
            raise ValueError(f"Stakeholder {ident!r} is moved twice in moves (as "
                             f"{given[ident]!r} and {key!r}); give one move each")
        given[ident] = key
        if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__") \
                or not hasattr(value, "__getitem__") or len(value) != 2:
            raise TypeError(f"The move of {key!r} must be a pair (power, interest) "
                            f"(you entered {value!r})")
        placed[ident] = (_score(f"Power of {key!r}", value[0], code=f"moves[{key!r}][0]"),
                         _score(f"Interest of {key!r}", value[1], code=f"moves[{key!r}][1]"))
    rows = []
    for item in items:
        power, interest = placed.get(item.id, (item.power, item.interest))
        rows.append({"id": item.id, "name": item.name, "power": power, "interest": interest,
                     "quadrant": _quadrant(power, interest, limit),
                     "strategy": STRATEGIES[(power >= limit, interest >= limit)],
                     "moved": item.id in placed})
    table = pd.DataFrame(rows).set_index("id")
    table.attrs["threshold"] = limit
    return table


# --------------------------------------------------------------------------
# The engagement assessment matrix
# --------------------------------------------------------------------------

def engagement_matrix(register=None) -> pd.DataFrame:
    """The engagement assessment matrix: stakeholders by the five levels,
    with "C" at the current level, "D" at the desired one, "C D" where they
    coincide and "" elsewhere (PMBOK Guide 6th ed., 13.2.2.5, Figure 13-6).

    Examples
    --------
    >>> matrix = engagement_matrix()
    >>> list(matrix.columns)
    ['Unaware', 'Resistant', 'Neutral', 'Supportive', 'Leading']
    >>> matrix.loc["Sales director"].tolist()
    ['', 'C', '', 'D', '']
    >>> matrix.loc["Managing director", "Supportive"]
    'C D'
    """
    rows = {}
    for item in _stakeholders(register):
        cells = {level: [] for level in ENGAGEMENT_LEVELS}
        cells[item.current].append("C")
        cells[item.desired].append("D")
        rows[item.name] = [" ".join(cells[level]) for level in ENGAGEMENT_LEVELS]
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=[level.capitalize() for level in ENGAGEMENT_LEVELS])
    frame.index.name = "Stakeholder"
    return frame


def engagement_gaps(register=None, *, include_aligned: bool = False) -> pd.DataFrame:
    """Who must move on the engagement matrix, from where to where, and how far.

    The gap is ``level(desired) - level(current)``, counting the levels
    unaware = 0, resistant = 1, neutral = 2, supportive = 3, leading = 4. A
    positive gap means more engagement is needed; a negative one that the
    stakeholder should step back.

    Parameters
    ----------
    register : list of Stakeholder or str, optional
    include_aligned : bool, default False
        Also list the stakeholders whose current level is the desired one.

    Returns
    -------
    DataFrame
        Indexed by id: ``name``, ``current``, ``desired``, ``gap`` (levels),
        ``direction`` ("raise", "lower" or "hold") and ``owner``, largest
        gap first (then in register order).

    Examples
    --------
    >>> gaps = engagement_gaps()
    >>> row = gaps.loc["sales_director"]
    >>> row.current, row.desired, int(row.gap), row.direction
    ('resistant', 'supportive', 2, 'raise')
    >>> int(gaps.loc["software_vendor", "gap"]), gaps.loc["software_vendor", "direction"]
    (-1, 'lower')
    >>> "managing_director" in gaps.index
    False
    """
    if not isinstance(include_aligned, (bool, np.bool_)):
        raise TypeError(f"include_aligned must be True or False (you entered "
                        f"{include_aligned!r})")
    include_aligned = bool(include_aligned)
    rows = []
    for order, item in enumerate(_stakeholders(register)):
        gap = ENGAGEMENT_LEVELS.index(item.desired) - ENGAGEMENT_LEVELS.index(item.current)
        if gap == 0 and not include_aligned:
            continue
        rows.append({"id": item.id, "name": item.name, "current": item.current,
                     "desired": item.desired, "gap": gap,
                     "direction": "raise" if gap > 0 else "lower" if gap < 0 else "hold",
                     "owner": item.owner, "_order": order})
    columns = ["id", "name", "current", "desired", "gap", "direction", "owner"]
    if not rows:
        return pd.DataFrame(columns=columns).set_index("id")
    frame = pd.DataFrame(rows)
    frame["_size"] = frame["gap"].abs()
    frame = frame.sort_values(["_size", "_order"], ascending=[False, True], kind="stable")
    return frame[columns].set_index("id")
