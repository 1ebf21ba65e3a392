"""Rollout strategies, the kinds of implementation and upgrade work, and a
weighted-scoring model that recommends a strategy.

The content lives in ``datasets/rollout/``:

* ``strategies.yml``: big bang (direct cutover), phased, parallel run and
  pilot, and canary and blue-green as their modern software forms (each
  mapped to its classic counterpart);
* ``services.yml``: the kinds of implementation (on-premises, cloud,
  hardware, custom) and upgrade (software version, hardware, database,
  security), and what each changes about the rollout;
* ``selection.yml``: the eight factors, their scales, default weights and
  the direction in which each factor pushes each strategy.

:func:`recommend_strategy` is **the course's teaching model**, a
weighted-scoring model, not a published standard. For a strategy *s* and a
factor *f* with weight :math:`w_f`:

* the factor's value is scaled to :math:`x_f \\in [0, 1]`: ordinal factors
  (1 to 5) as :math:`(v - 1) / 4`; the number of users on a log scale,
  :math:`(\\log_{10} users - 1) / 4` clipped to [0, 1], so 10 users give 0
  and 100,000 or more give 1;
* the strategy's fit is :math:`0.5 + d_{s,f}(x_f - 0.5)`, where the
  direction :math:`d_{s,f} \\in [-1, 1]` comes from ``selection.yml``
  (+1: the higher the factor, the better the strategy fits);
* its points are :math:`100\\, w_f\\, fit_{s,f} / \\sum_g w_g`, and the score
  is the sum of the points, from 0 to 100.

Where each direction comes from: seed 001 (the article on implementation and
upgrade services) names six factors (system complexity, downtime tolerance,
resource availability, testing capability, user impact, rollback plan) and
which strategies each favours; the number of users and the regulatory
constraint, and the pilot strategy, come from Laudon & Laudon (*Management
Information Systems*, chapter on building information systems: parallel,
direct cutover, pilot study, phased approach) and ITIL 4 Foundation (2019),
section 5.3.1, deployment management. The sizes of the directions and the
weights are the course's judgement: change the weights to your priorities.

Examples
--------
>>> [s.id for s in load_strategies()]
['big_bang', 'phased', 'parallel', 'pilot', 'canary', 'blue_green']
>>> get_strategy("canary").classic_counterpart
'pilot'
>>> result = recommend_strategy(sample_factors())
>>> result.top, round(result.scores["phased"], 1)
('phased', 60.2)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from ..validation import shown
from ..content import (ContentError, ContentModel, Items, Slug, Text, cached_by_file,
                       display_path, field_path, load_entries, read_yaml)

__all__ = [
    "Strategy",
    "Variant",
    "Service",
    "Factor",
    "Recommendation",
    "load_strategies",
    "get_strategy",
    "strategies_table",
    "load_services",
    "services_table",
    "load_factors",
    "factor_ids",
    "factors_table",
    "default_weights",
    "directions",
    "sample_factors",
    "recommend_strategy",
    "weight_sensitivity",
]

STRATEGIES_FILE = "rollout/strategies.yml"
SERVICES_FILE = "rollout/services.yml"
SELECTION_FILE = "rollout/selection.yml"

#: The number of users that scales to 0 and to 1 on the log scale.
USERS_LOW, USERS_HIGH = 10, 100_000
#: Most users taken for the "number of users" factor (its scale ends at USERS_HIGH).
_MAX_USERS = 10_000_000_000
#: Largest weight taken (the course's weights are 0 to 10): far larger ones only
#: overflow the sums.
_MAX_WEIGHT = 1_000_000.0


# --------------------------------------------------------------------------
# Checks in the learner's words (shared by the rollout modules)
# --------------------------------------------------------------------------

def _shown(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return shown(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}" if abs(int(value)) < 10 ** 30 else shown(int(value))
    return f"{float(value):g}"


def _in_code(code: str | None) -> str:
    """The parameter's Python name, added to a message in the learner's words (a widget
    shows the label; a call in code needs the name)."""
    return f" (parameter {code})" if code else ""


def _whole(label: str, value: object, *, minimum: int | None = None,
           maximum: int | None = None, limit: int | None = None,
           code: str | None = None) -> int:
    """A whole number within bounds, or an error naming ``label`` (and ``code``).

    ``maximum`` is part of what the learner is asked for ("a whole number from 1
    to 10"); ``limit`` is a safety limit far above any real value, named only when
    it is passed.
    """
    tag = _in_code(code)
    if minimum is not None and maximum is not None:
        wanted = f"a whole number from {minimum:,} to {maximum:,}"
    elif minimum is not None:
        wanted = f"a whole number of at least {minimum:,}"
    else:
        wanted = "a whole number"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and not isinstance(value, bool) \
                and math.isfinite(value) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{label} must be {wanted} (you entered {_shown(value)}){tag}")
    value = int(value)
    if minimum is not None and value < minimum:
        if maximum is None and (minimum == 0 or value < 0):
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)}){tag}")
        raise ValueError(f"{label} must be {wanted} (you entered {_shown(value)}){tag}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} must be {wanted} (you entered {_shown(value)}){tag}")
    if limit is not None and value > limit:
        raise ValueError(f"{label} cannot be more than {limit:,} (you entered "
                         f"{_shown(value)}){tag}")
    return value


def _amount(label: str, value: object, *, minimum: float | None = 0.0,
            maximum: float | None = None, positive: bool = False,
            code: str | None = None) -> float:
    """A finite number within bounds, or an error naming ``label`` (and ``code``)."""
    tag = _in_code(code)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number (you entered {_shown(value)}){tag}")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{label} must be an ordinary number (you entered {_shown(value)}){tag}")
    value = number
    if positive and value <= 0:
        raise ValueError(f"{label} must be more than 0 (you entered {_shown(value)}){tag}")
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise ValueError(f"{label} cannot be negative (you entered {_shown(value)}){tag}")
        raise ValueError(f"{label} must be at least {minimum:g} (you entered "
                         f"{_shown(value)}){tag}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{label} must be at most {maximum:g} (you entered "
                         f"{_shown(value)}){tag}")
    return value


def _probability(label: str, value: object, code: str | None = None) -> float:
    tag = _in_code(code)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a probability from 0 to 1 (you entered "
                        f"{_shown(value)}){tag}")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        raise ValueError(f"{label} must be a probability from 0 to 1 (you entered "
                         f"{_shown(value)}){tag}")
    return number


def _lookup(label: str, key: object, items) -> object:
    """An item by id or name (case-insensitive), or an error listing the known ones."""
    if not isinstance(key, str):
        raise TypeError(f"{label} must be given by its name (you entered {_shown(key)})")
    wanted = key.strip().lower()
    for item in items:
        if wanted in (item.id, item.name.lower()):
            return item
    known = ", ".join(repr(item.id) for item in items)
    raise ValueError(f"Unknown {label} {shown(key)}; choose one of {known}")


# --------------------------------------------------------------------------
# Content models
# --------------------------------------------------------------------------

class Variant(ContentModel):
    """A way of cutting a phased rollout (by site, by module, by user group)."""

    name: Text
    description: Text


class Strategy(ContentModel):
    """A rollout strategy, classic or modern."""

    id: Slug
    name: Text
    also_called: list[Text] = Field(default_factory=list)
    family: Literal["classic", "modern"]
    classic_counterpart: Slug | None = None
    variants: list[Variant] = Field(default_factory=list)
    description: Text
    advantages: Items
    disadvantages: Items
    typical_use: Text
    rollback: Text
    sources: Items


class Service(ContentModel):
    """A kind of implementation or upgrade service, and what it changes about the rollout."""

    id: Slug
    name: Text
    kind: Literal["implementation", "upgrade"]
    summary: Text
    downtime_pattern: Text
    rollback_options: Text
    testing_needs: Text
    who_is_affected: Text
    example: Text


class Factor(ContentModel):
    """A factor of the strategy choice, with its scale and default weight."""

    id: Slug
    name: Text
    kind: Literal["ordinal", "count"]
    scale_min: int = Field(ge=0)
    scale_max: int | None = None
    low: Text
    high: Text
    weight: float = Field(ge=0)
    why: Text

    def describe(self, value: float) -> str:
        """The factor's value in words, e.g. ``'system complexity 4 of 5'``."""
        if self.kind == "count":
            return f"{int(value):,} users"
        return f"{self.name[0].lower()}{self.name[1:]} {int(value)} of {self.scale_max}"


Direction = Annotated[float, Field(ge=-1, le=1)]


class _SelectionFile(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    factors: Annotated[list[Factor], Field(min_length=1)]
    directions: dict[Slug, dict[Slug, Direction]]
    sample_factors: dict[Slug, float]


@dataclass(frozen=True)
class _Selection:
    factors: tuple[Factor, ...]
    directions: dict[str, dict[str, float]]
    sample: dict[str, float]


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

@cached_by_file
def _load_strategies(path: Path) -> tuple[Strategy, ...]:
    strategies = load_entries(path, Strategy, key="strategies")
    file = display_path(path)
    classic = {s.id for s in strategies if s.family == "classic"}
    for number, s in enumerate(strategies, start=1):
        entry = f"entry {number} (id {s.id!r})"
        if s.family == "modern" and s.classic_counterpart not in classic:
            raise ContentError(file, f"a modern strategy needs a classic_counterpart, one of "
                               f"{', '.join(sorted(classic))}; got {s.classic_counterpart!r}",
                               entry, "classic_counterpart")
        if s.family == "classic" and s.classic_counterpart is not None:
            raise ContentError(file, "only a modern strategy has a classic counterpart",
                               entry, "classic_counterpart")
    return strategies


def load_strategies(name: str | Path = STRATEGIES_FILE) -> tuple[Strategy, ...]:
    """The rollout strategies from ``datasets/rollout/strategies.yml`` (or ``name``).

    Every modern strategy names a classic counterpart of the same file.

    Raises
    ------
    ContentError
        If the file is malformed; the message names the entry and field.
    """
    return _load_strategies(name)


def get_strategy(strategy: str) -> Strategy:
    """A strategy by id or name (case-insensitive).

    Examples
    --------
    >>> get_strategy("Parallel run").id
    'parallel'
    >>> get_strategy("waterfall")
    Traceback (most recent call last):
    ...
    ValueError: Unknown strategy 'waterfall'; choose one of 'big_bang', 'phased', 'parallel', \
'pilot', 'canary', 'blue_green'
    """
    return _lookup("strategy", strategy, load_strategies())


def strategies_table(family: str | None = None) -> pd.DataFrame:
    """The strategies side by side, one row each, with human column labels.

    Parameters
    ----------
    family : {"classic", "modern"}, optional
        Only the classic strategies or only their modern software forms.

    Examples
    --------
    >>> table = strategies_table("modern")
    >>> table.loc["Canary release", "Classic counterpart"]
    'Pilot'
    """
    if family is not None and (not isinstance(family, str)
                               or family not in ("classic", "modern")):
        raise ValueError(f"Family must be 'classic' or 'modern' (you entered {_shown(family)})")
    names = {s.id: s.name for s in load_strategies()}
    rows = [{
        "Strategy": s.name,
        "Also called": ", ".join(s.also_called),
        "Classic counterpart": names.get(s.classic_counterpart, "") if s.classic_counterpart
        else "",
        "Description": s.description,
        "Advantages": "; ".join(s.advantages),
        "Disadvantages": "; ".join(s.disadvantages),
        "Typical use": s.typical_use,
        "Rollback": s.rollback,
    } for s in load_strategies() if family is None or s.family == family]
    return pd.DataFrame(rows).set_index("Strategy")


@cached_by_file
def _load_services(path: Path) -> tuple[Service, ...]:
    return load_entries(path, Service, key="services")


def load_services(name: str | Path = SERVICES_FILE) -> tuple[Service, ...]:
    """The kinds of implementation and upgrade services, from ``services.yml``.

    Examples
    --------
    >>> [s.id for s in load_services() if s.kind == "upgrade"]
    ['software_version', 'hardware_upgrade', 'database', 'security']
    """
    return _load_services(name)


def services_table(kind: str | None = None) -> pd.DataFrame:
    """What each kind of service changes about the rollout, with human labels.

    Parameters
    ----------
    kind : {"implementation", "upgrade"}, optional

    Examples
    --------
    >>> list(services_table("implementation").index)[:2]
    ['On-premises software implementation', 'Cloud-based software implementation']
    """
    if kind is not None and (not isinstance(kind, str)
                             or kind not in ("implementation", "upgrade")):
        raise ValueError(f"Kind of service must be 'implementation' or 'upgrade' (you "
                         f"entered {_shown(kind)})")
    rows = [{
        "Service": s.name,
        "Kind": s.kind.capitalize(),
        "What it is": s.summary,
        "Downtime pattern": s.downtime_pattern,
        "Rollback options": s.rollback_options,
        "Testing needs": s.testing_needs,
        "Who is affected": s.who_is_affected,
        "Example (synthetic)": s.example,
    } for s in load_services() if kind is None or s.kind == kind]
    return pd.DataFrame(rows).set_index("Service")


@cached_by_file
def _load_selection(path: Path) -> _Selection:
    file = display_path(path)
    raw = read_yaml(path)
    try:
        data = _SelectionFile.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    ids = [f.id for f in data.factors]
    if len(set(ids)) != len(ids):
        raise ContentError(file, "duplicate factor id", None, "factors")
    for i, f in enumerate(data.factors):
        if f.kind == "ordinal" and (f.scale_max is None or f.scale_max <= f.scale_min):
            raise ContentError(file, "an ordinal factor needs scale_max above scale_min",
                               f"factor {i + 1} (id {f.id!r})", "scale_max")
    if sum(f.weight for f in data.factors) <= 0:
        raise ContentError(file, "the default weights must not all be zero", None, "factors")
    strategies = {s.id for s in load_strategies()}
    for sid, row in data.directions.items():
        if sid not in strategies:
            raise ContentError(file, f"unknown strategy; known: {', '.join(sorted(strategies))}",
                               None, f"directions.{sid}")
        if set(row) != set(ids):
            missing = sorted(set(ids) - set(row))
            extra = sorted(set(row) - set(ids))
            raise ContentError(file, f"every factor needs one direction (missing {missing}, "
                               f"unknown {extra})", None, f"directions.{sid}")
    if len(data.directions) < 2:
        raise ContentError(file, "at least two strategies need directions", None, "directions")
    sample = dict(data.sample_factors)
    if set(sample) != set(ids):
        raise ContentError(file, "the sample must give every factor", None, "sample_factors")
    return _Selection(tuple(data.factors), {k: dict(v) for k, v in data.directions.items()},
                      sample)


def _selection() -> _Selection:
    return _load_selection(SELECTION_FILE)


def load_factors() -> tuple[Factor, ...]:
    """The eight factors of the strategy choice, in the order of ``selection.yml``.

    Examples
    --------
    >>> [f.id for f in load_factors()][:3]
    ['system_complexity', 'downtime_tolerance', 'resource_availability']
    """
    return _selection().factors


def factor_ids() -> list[str]:
    """The factor ids, in order."""
    return [f.id for f in load_factors()]


def default_weights() -> dict[str, float]:
    """The default weights of ``selection.yml``: factor id -> weight.

    Only their ratios matter: doubling every weight changes no score.

    Examples
    --------
    >>> default_weights()["user_impact"], default_weights()["users"]
    (2.0, 1.0)
    """
    return {f.id: f.weight for f in load_factors()}


def directions() -> pd.DataFrame:
    """The direction in which each factor pushes each scored strategy, -1 to +1
    (rows: factors by name; columns: strategies by name).

    Examples
    --------
    >>> float(directions().loc["Downtime tolerance", "Big bang (direct cutover)"])
    1.0
    """
    sel = _selection()
    names = {s.id: s.name for s in load_strategies()}
    data = {names[sid]: [row[f.id] for f in sel.factors] for sid, row in sel.directions.items()}
    return pd.DataFrame(data, index=pd.Index([f.name for f in sel.factors], name="Factor"))


def factors_table() -> pd.DataFrame:
    """The factors with their scales, default weights and where their directions come from.

    Examples
    --------
    >>> factors_table().loc["Number of users", "Scale"]
    'a count of users (1 or more)'
    """
    rows = []
    for f in load_factors():
        scale = (f"{f.scale_min} to {f.scale_max}" if f.kind == "ordinal"
                 else f"a count of users ({f.scale_min} or more)")
        rows.append({"Factor": f.name, "Scale": scale, "Low end means": f.low,
                     "High end means": f.high, "Default weight": f.weight,
                     "Why it points as it does": f.why})
    return pd.DataFrame(rows).set_index("Factor")


def sample_factors() -> dict[str, float]:
    """The lesson's synthetic worked example: an ERP upgrade at a distributor with
    1,200 users (``sample_factors`` in ``selection.yml``).

    Examples
    --------
    >>> sample_factors()["users"]
    1200
    """
    return {k: (int(v) if float(v).is_integer() else v)
            for k, v in _selection().sample.items()}


# --------------------------------------------------------------------------
# The scoring model
# --------------------------------------------------------------------------

def _check_factors(values: object) -> dict[str, float]:
    factors = load_factors()
    if not isinstance(values, Mapping):
        raise TypeError(f"The factors must be given as a dict of factor -> value (you "
                        f"entered {type(values).__name__} {shown(values)})")
    by_key = {}
    for key in values:
        try:
            f = _lookup("factor", key, factors)
        except (TypeError, ValueError):
            known = ", ".join(repr(f.id) for f in factors)
            raise ValueError(f"Unknown factor {shown(key)}; the factors are {known}") from None
        by_key[f.id] = values[key]
    missing = [f.name for f in factors if f.id not in by_key]
    if missing:
        raise ValueError(f"Missing factor(s): {', '.join(missing)}; give a value for each "
                         f"(parameter factors)")
    checked = {}
    for f in factors:
        if f.kind == "count":
            checked[f.id] = float(_whole(f.name, by_key[f.id], minimum=max(1, f.scale_min),
                                         limit=_MAX_USERS, code=f"factors[{f.id!r}]"))
        else:
            checked[f.id] = float(_whole(f.name, by_key[f.id], minimum=f.scale_min,
                                         maximum=f.scale_max, code=f"factors[{f.id!r}]"))
    return checked


def _check_weights(weights: object) -> dict[str, float]:
    factors = load_factors()
    result = default_weights()
    if weights is None:
        return result
    if not isinstance(weights, Mapping):
        raise TypeError(f"The weights must be given as a dict of factor -> weight (you "
                        f"entered {type(weights).__name__} {shown(weights)})")
    for key, value in weights.items():
        try:
            f = _lookup("factor", key, factors)
        except (TypeError, ValueError):
            known = ", ".join(repr(f.id) for f in factors)
            raise ValueError(f"Unknown factor {shown(key)} in the weights; the factors are "
                             f"{known}") from None
        result[f.id] = _amount(f"Weight of {f.name}", value, minimum=0.0,
                               maximum=_MAX_WEIGHT, code=f"weights[{f.id!r}]")
    if sum(result.values()) <= 0:
        raise ValueError("The weights cannot all be zero (parameter weights): give at least "
                         "one factor a weight "
                         "above 0")
    return result


def _scaled(factor: Factor, value: float) -> float:
    if factor.kind == "count":
        lo, hi = math.log10(USERS_LOW), math.log10(USERS_HIGH)
        return float(min(1.0, max(0.0, (math.log10(value) - lo) / (hi - lo))))
    return (value - factor.scale_min) / (factor.scale_max - factor.scale_min)


def _fits(values: Mapping[str, float]) -> tuple[list[str], list[str], np.ndarray]:
    """Strategy ids, factor ids and the fit matrix (strategies x factors)."""
    sel = _selection()
    fids = [f.id for f in sel.factors]
    x = np.array([_scaled(f, values[f.id]) for f in sel.factors])
    sids = list(sel.directions)
    d = np.array([[sel.directions[s][f] for f in fids] for s in sids])
    return sids, fids, 0.5 + d * (x - 0.5)


@dataclass(frozen=True, eq=False)
class Recommendation:
    """The result of :func:`recommend_strategy`.

    Attributes
    ----------
    order : list of str
        Strategy ids, best first (ties keep the order of ``strategies.yml``).
    scores : dict
        Strategy id -> score, 0 to 100.
    ranking : DataFrame
        Rank, strategy, score and the strategy's modern form, best first.
    breakdown : DataFrame
        Points per factor (rows, by name) per strategy (columns, by name); each
        column adds up to the strategy's score.
    explanation : str
        In plain words: which strategy came first, by how much, and the factors
        that decided it.
    deciding : list of str
        Factor ids that most favoured the top strategy over the runner-up.
    against : list of str
        Factor ids that most favoured the runner-up.
    factors, weights : dict
        The checked inputs.
    """

    order: list[str]
    scores: dict[str, float]
    ranking: pd.DataFrame
    breakdown: pd.DataFrame
    explanation: str
    deciding: list[str]
    against: list[str]
    factors: dict[str, float]
    weights: dict[str, float]
    points: np.ndarray = field(repr=False, default=None)

    @property
    def top(self) -> str:
        """The id of the recommended strategy."""
        return self.order[0]

    @property
    def top_name(self) -> str:
        """The name of the recommended strategy."""
        return get_strategy(self.top).name


def recommend_strategy(factors: Mapping[str, int], weights: Mapping[str, float] | None = None
                       ) -> Recommendation:
    """Rank the rollout strategies for a situation, with the reasons.

    A teaching model (a weighted-scoring model), not a published standard; the
    formula is in the module's docstring and in ``datasets/rollout/selection.yml``.

    Parameters
    ----------
    factors : dict
        A value for every factor (by id or name): ``system_complexity``,
        ``downtime_tolerance``, ``resource_availability``,
        ``testing_capability``, ``user_impact``, ``rollback_plan`` and
        ``regulatory_constraint`` as whole numbers from 1 (low) to 5 (high),
        and ``users`` as a count (1 or more). High downtime tolerance means a
        long outage is acceptable; a high rollback plan means a rehearsed,
        quick way back; high user impact means a failure stops critical work.
    weights : dict, optional
        Factor -> weight (non-negative, not all zero). Factors left out keep
        their default weights (:func:`default_weights`: 2 for complexity,
        downtime tolerance and user impact; 1.5 for resources, testing and
        rollback plan; 1 for users and regulation). Only ratios matter.

    Returns
    -------
    Recommendation

    Raises
    ------
    ValueError
        For an unknown or missing factor, a value off its scale, a negative
        weight or all weights zero; the message names the factor.
    TypeError
        For a value that is not a whole number (``True`` is not a number).

    Examples
    --------
    >>> result = recommend_strategy(sample_factors())
    >>> list(result.ranking["Strategy"])
    ['Phased rollout', 'Pilot', 'Parallel run', 'Big bang (direct cutover)']
    >>> print(result.explanation.split(". ")[0])
    Phased rollout ranks first with 60 of 100 points, 2 ahead of Pilot (58)
    >>> small = dict(sample_factors(), system_complexity=1, downtime_tolerance=5,
    ...              user_impact=1, users=15, testing_capability=5, rollback_plan=5)
    >>> recommend_strategy(small).top
    'big_bang'
    >>> recommend_strategy(dict(sample_factors(), user_impact=6))
    Traceback (most recent call last):
    ...
    ValueError: User impact must be a whole number from 1 to 5 (you entered 6) (parameter factors['user_impact'])
    >>> recommend_strategy(sample_factors(), weights={"users": -1})
    Traceback (most recent call last):
    ...
    ValueError: Weight of Number of users cannot be negative (you entered -1) (parameter weights['users'])
    """
    values = _check_factors(factors)
    w = _check_weights(weights)
    sids, fids, fit = _fits(values)
    wv = np.array([w[f] for f in fids])
    points = 100.0 * fit * wv / wv.sum()            # strategies x factors
    totals = points.sum(axis=1)
    order_idx = sorted(range(len(sids)), key=lambda i: (-round(totals[i], 9), i))
    order = [sids[i] for i in order_idx]
    strategies = {s.id: s for s in load_strategies()}
    modern = {s.classic_counterpart: s.name for s in strategies.values() if s.family == "modern"}
    ranking = pd.DataFrame({
        "Strategy": [strategies[s].name for s in order],
        "Score (out of 100)": [float(totals[i]) for i in order_idx],
        "Modern software form": [modern.get(s, "") for s in order],
    }, index=pd.RangeIndex(1, len(order) + 1, name="Rank"))
    factor_list = load_factors()
    breakdown = pd.DataFrame(points.T, columns=[strategies[s].name for s in sids],
                             index=pd.Index([f.name for f in factor_list], name="Factor"))
    t, r = order_idx[0], order_idx[1]
    margin = points[t] - points[r]
    ranked = np.argsort(-margin, kind="stable")
    deciding = [fids[i] for i in ranked if margin[i] > 1e-9][:3]
    against = [fids[i] for i in ranked[::-1] if margin[i] < -1e-9][:2]
    explanation = _explain(strategies[sids[t]].name, strategies[sids[r]].name,
                           float(totals[t]), float(totals[r]),
                           [f for f in factor_list if f.id in deciding],
                           [f for f in factor_list if f.id in against], values, deciding, against,
                           modern.get(sids[t]))
    return Recommendation(order=order, scores={s: float(v) for s, v in zip(sids, totals)},
                          ranking=ranking, breakdown=breakdown, explanation=explanation,
                          deciding=deciding, against=against, factors=values, weights=w,
                          points=points)


def _explain(top: str, runner: str, top_score: float, runner_score: float, pro, con,
             values, deciding, against, modern: str | None) -> str:
    by_id = {f.id: f for f in list(pro) + list(con)}
    if round(top_score) == round(runner_score) and abs(top_score - runner_score) < 0.5:
        text = (f"{top} and {runner} are level with {top_score:.0f} of 100 points; {top} is "
                f"listed first only by the order of the strategies.")
    else:
        text = (f"{top} ranks first with {top_score:.0f} of 100 points, "
                f"{top_score - runner_score:.0f} ahead of {runner} ({runner_score:.0f}).")
    if deciding:
        words = [by_id[f].describe(values[f]) for f in deciding]
        text += f" What decided it: {_join(words)}."
    if against:
        words = [by_id[f].describe(values[f]) for f in against]
        text += f" Working against it: {_join(words)}."
    if modern:
        text += f" For a software service, its modern form is the {modern.lower()}."
    text += (" This is the course's weighted-scoring teaching model, not a standard: change "
             "the weights to match your priorities.")
    return text


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def weight_sensitivity(factors: Mapping[str, int], weights: Mapping[str, float] | None = None,
                       max_weight: float = 10.0) -> pd.DataFrame:
    """How far each factor's weight must move before the top recommendation changes.

    Scores share the denominator :math:`\\sum w`, so the ranking follows the
    numerators :math:`N_s = \\sum_f w_f\\, fit_{s,f}`. Moving one weight by
    :math:`\\Delta` moves :math:`N_s` by :math:`\\Delta\\, fit_{s,f}`, so the
    leader *t* and a challenger *s* break even at
    :math:`\\Delta = (N_t - N_s) / (fit_{s,f} - fit_{t,f})`. The table gives the
    smallest such move up (within ``max_weight``) and down (to 0 at least), and
    the strategy that then leads; beyond the break-even point it leads outright.

    Parameters
    ----------
    factors, weights
        As for :func:`recommend_strategy`.
    max_weight : float, default 10
        The largest weight considered when raising one.

    Returns
    -------
    DataFrame
        Indexed by factor name: "Weight now", "Move up by", "New leader (up)",
        "Move down by", "New leader (down)" (moves are NaN, and leaders empty,
        where the leader never changes within 0 to ``max_weight``), and "In words".

    Examples
    --------
    >>> table = weight_sensitivity(sample_factors())
    >>> row = table.loc["Downtime tolerance"]
    >>> row["New leader (up)"], round(float(row["Move up by"]), 2)
    ('Parallel run', 2.24)
    >>> print(table.loc["Rollback plan", "In words"])
    Raising it never changes the leader within 0 to 10; lowering it never does either.
    """
    values = _check_factors(factors)
    w = _check_weights(weights)
    max_weight = _amount("Largest weight", max_weight, positive=True, maximum=_MAX_WEIGHT,
                         code="max_weight")
    if max_weight < max(w.values()):
        raise ValueError(f"Largest weight must be at least the largest weight given "
                         f"({max(w.values()):g}) (you entered {_shown(max_weight)}) "
                         f"(parameter max_weight)")
    sids, fids, fit = _fits(values)
    wv = np.array([w[f] for f in fids])
    numer = fit @ wv
    t = sorted(range(len(sids)), key=lambda i: (-round(numer[i] / wv.sum() * 100, 9), i))[0]
    names = {s.id: s.name for s in load_strategies()}
    rows = []
    for j, f in enumerate(load_factors()):
        gap = numer[t] - numer
        slope = fit[:, j] - fit[t, j]
        up = [(gap[s] / slope[s], s) for s in range(len(sids))
              if s != t and slope[s] > 1e-12 and wv[j] + gap[s] / slope[s] <= max_weight + 1e-9]
        others = wv.sum() - wv[j]
        down = [(gap[s] / -slope[s], s) for s in range(len(sids))
                if s != t and slope[s] < -1e-12 and gap[s] / -slope[s] <= wv[j] + 1e-9
                and (others > 0 or gap[s] / -slope[s] < wv[j] - 1e-9)]
        up_move, up_s = min(up) if up else (math.nan, None)
        down_move, down_s = min(down) if down else (math.nan, None)
        rows.append({
            "Factor": f.name, "Weight now": float(wv[j]),
            "Move up by": float(up_move), "New leader (up)": names[sids[up_s]] if up else "",
            "Move down by": float(down_move),
            "New leader (down)": names[sids[down_s]] if down else "",
            "In words": _sensitivity_words(wv[j], up_move, up_s is not None and
                                           names[sids[up_s]], down_move,
                                           down_s is not None and names[sids[down_s]],
                                           max_weight),
        })
    return pd.DataFrame(rows).set_index("Factor")


def _sensitivity_words(now, up, up_name, down, down_name, max_weight) -> str:
    if up_name:
        first = f"Raising it by {up:.2f} (to {now + up:.2f}) puts {up_name} first"
    else:
        first = f"Raising it never changes the leader within 0 to {max_weight:g}"
    if down_name:
        second = f"lowering it by {down:.2f} (to {now - down:.2f}) puts {down_name} first"
    elif up_name:
        second = "lowering it never changes the leader"
    else:
        second = "lowering it never does either"
    return f"{first}; {second}."
