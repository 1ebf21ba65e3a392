"""Conflict and escalation: the five Thomas-Kilmann modes under their TKI and
PMI names, scenario exercises and the escalation path.

Thomas and Kilmann (1974) place five ways of handling a conflict on two
dimensions: **assertiveness** (how far one tries to meet one's own concerns)
and **cooperativeness** (how far one tries to meet the other side's):

=================  ===========================  =============  ===============
TKI mode           PMI name (PMBOK 6th 9.5.2.1)  assertiveness  cooperativeness
=================  ===========================  =============  ===============
Competing          Force/direct                 high           low
Collaborating      Collaborate/problem solve    high           high
Compromising       Compromise/reconcile         medium         medium
Avoiding           Withdraw/avoid               low            low
Accommodating      Smooth/accommodate           low            high
=================  ===========================  =============  ===============

No mode is right everywhere. PMI's material describes collaborate/problem
solve as the approach that usually leads to consensus and commitment, the
**win-win** mode of exam preparation, and force/direct as win-lose; but a
safety issue justifies forcing and a trivial spat justifies avoiding.

The content lives in ``datasets/stakeholders/conflict.yml``; the scenarios
and the escalation path are synthetic, set in the course's ERP case.

Examples
--------
>>> WIN_WIN
'collaborating'
>>> best_mode("skip_backup").pmi_name
'Force/direct'
>>> check_mode("credit_check", "problem solve").correct
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..content import ContentError, ContentModel, Items, Slug, Text, cached_by_file, display_path, \
    field_path, read_yaml
from .register import _lookup, _shown

__all__ = [
    "WIN_WIN",
    "Mode",
    "ConflictScenario",
    "BestMode",
    "ModeCheck",
    "conflict_modes",
    "get_mode",
    "conflict_scenarios",
    "best_mode",
    "check_mode",
    "escalation_path",
]

CONFLICT_FILE = "stakeholders/conflict.yml"
#: The mode PMI's material and exam preparation treat as the win-win one.
WIN_WIN = "collaborating"

Degree = Literal["low", "medium", "high"]


class Mode(ContentModel):
    """A conflict-handling mode, with its TKI and PMI names."""

    id: Literal["competing", "collaborating", "compromising", "avoiding", "accommodating"]
    tki_name: Text
    pmi_name: Text
    assertiveness: Degree
    cooperativeness: Degree
    outcome: Text
    description: Text
    fits: Items
    risks: Items

    def aliases(self) -> set[str]:
        """Every name a learner may use: the id, the TKI name, the PMI name and
        each half of it ("force", "direct", "problem solve", ...), lower case."""
        names = {self.id, self.tki_name.lower(), self.pmi_name.lower()}
        names.update(part.strip() for part in self.pmi_name.lower().split("/"))
        return names


class ConflictScenario(ContentModel):
    """A conflict in the ERP case (synthetic), the best mode and why."""

    id: Slug
    text: Text
    best: Slug
    why: Text
    also: list[Slug] = Field(default_factory=list)


class _Step(ContentModel):
    level: int = Field(ge=1)
    who: Text
    when: Text
    how: Text


class _ConflictFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    modes: list[Mode] = Field(min_length=5, max_length=5)
    scenarios: list[ConflictScenario] = Field(min_length=1)
    escalation: list[_Step] = Field(min_length=2)


@cached_by_file
def _load(path: Path) -> _ConflictFile:
    file = display_path(path)
    try:
        data = _ConflictFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    modes = [m.id for m in data.modes]
    if len(set(modes)) != len(modes):
        raise ContentError(file, "each of the five modes must appear once", None, "modes")
    seen: set[str] = set()
    for i, s in enumerate(data.scenarios, start=1):
        label = f"scenario {i} (id {s.id!r})"
        if s.id in seen:
            raise ContentError(file, f"duplicate id {s.id!r}", label, "id")
        seen.add(s.id)
        for key, value in [("best", s.best), *(("also", a) for a in s.also)]:
            if value not in modes:
                raise ContentError(file, f"unknown mode {value!r}; modes are {', '.join(modes)}",
                                   label, key)
        if s.best in s.also:
            raise ContentError(file, "the best mode cannot also be a second choice", label, "also")
    levels = [step.level for step in data.escalation]
    if levels != list(range(1, len(levels) + 1)):
        raise ContentError(file, f"levels must run 1, 2, 3, ... in order, got {levels}",
                           None, "escalation")
    return data


def _modes(name: str | Path = CONFLICT_FILE) -> tuple[Mode, ...]:
    return tuple(_load(name).modes)


def conflict_modes(name: str | Path = CONFLICT_FILE) -> pd.DataFrame:
    """The five modes as a table, indexed by id: TKI and PMI names, the two
    dimensions, the usual outcome, when each fits and its risks.

    Examples
    --------
    >>> modes = conflict_modes()
    >>> modes.loc["avoiding", ["tki_name", "pmi_name", "assertiveness", "cooperativeness"]].tolist()
    ['Avoiding', 'Withdraw/avoid', 'low', 'low']
    >>> modes.loc[WIN_WIN, "outcome"]
    'win-win'
    """
    rows = [{**m.model_dump(exclude={"fits", "risks"}), "fits": "; ".join(m.fits),
             "risks": "; ".join(m.risks)} for m in _modes(name)]
    return pd.DataFrame(rows).set_index("id")


def _find_mode(label: str, value: object, modes) -> Mode:
    if not isinstance(value, str):
        raise TypeError(f"{label} must be given by its name (you entered {_shown(value)})")
    wanted = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    for mode in modes:
        if wanted in {a.replace("-", " ").replace("_", " ") for a in mode.aliases()}:
            return mode
    known = ", ".join(f"{m.tki_name} ({m.pmi_name})" for m in modes)
    raise ValueError(f"Unknown {label} {value!r}; the modes are {known}")


def get_mode(mode: str, *, name: str | Path = CONFLICT_FILE) -> Mode:
    """A mode by its id, TKI name, PMI name or either half of the PMI name.

    Examples
    --------
    >>> get_mode("Smooth").tki_name, get_mode("withdraw/avoid").id
    ('Accommodating', 'avoiding')
    """
    return _find_mode("conflict mode", mode, _modes(name))


def conflict_scenarios(*, with_answers: bool = False,
                       name: str | Path = CONFLICT_FILE) -> pd.DataFrame:
    """The conflict scenarios, indexed by id (with the best mode and why on request).

    Examples
    --------
    >>> table = conflict_scenarios()
    >>> len(table), list(table.columns)
    (10, ['scenario'])
    >>> conflict_scenarios(with_answers=True).loc["desk_dispute", "best"]
    'Avoiding (Withdraw/avoid)'
    """
    if not isinstance(with_answers, bool):
        raise TypeError(f"with_answers must be True or False (you entered {with_answers!r})")
    modes = {m.id: m for m in _modes(name)}
    rows = []
    for s in _load(name).scenarios:
        row = {"id": s.id, "scenario": s.text}
        if with_answers:
            mode = modes[s.best]
            row.update(best=f"{mode.tki_name} ({mode.pmi_name})", why=s.why,
                       also=", ".join(modes[a].tki_name for a in s.also))
        rows.append(row)
    return pd.DataFrame(rows).set_index("id")


@dataclass(frozen=True)
class BestMode:
    """The best mode for a scenario (see :func:`best_mode`)."""

    scenario: str
    mode: str
    tki_name: str
    pmi_name: str
    why: str
    also: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.tki_name} ({self.pmi_name}): {self.why}"


def _scenario(scenario_id: object, name: str | Path) -> ConflictScenario:
    return _lookup("scenario", scenario_id, _load(name).scenarios, name=lambda s: s.id,
                   code="scenario_id")


def best_mode(scenario_id: str, *, name: str | Path = CONFLICT_FILE) -> BestMode:
    """The best conflict mode for a scenario, with the reason.

    Returns
    -------
    BestMode
        ``mode`` (the id), ``tki_name``, ``pmi_name``, ``why`` and ``also``
        (defensible second choices, as ids).

    Raises
    ------
    ValueError
        For an unknown scenario id, listing the known ones.

    Examples
    --------
    >>> answer = best_mode("credit_check")
    >>> answer.mode, answer.also
    ('collaborating', ('compromising',))
    >>> best_mode("lunch")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown scenario 'lunch'; known: 'skip_backup', 'credit_check', ...
    """
    scenario = _scenario(scenario_id, name)
    mode = next(m for m in _modes(name) if m.id == scenario.best)
    return BestMode(scenario.id, mode.id, mode.tki_name, mode.pmi_name, scenario.why,
                    tuple(scenario.also))


@dataclass(frozen=True)
class ModeCheck:
    """The result of :func:`check_mode`: ``correct``, the ``expected`` mode's
    names, whether the choice is a defensible ``second_choice``, and the
    ``explanation``."""

    correct: bool
    expected: str
    second_choice: bool
    explanation: str


def check_mode(scenario_id: str, mode: str, *, name: str | Path = CONFLICT_FILE) -> ModeCheck:
    """Check the mode a learner chose for a scenario.

    The mode may be named by id, TKI name or PMI name (or half of it, such
    as "force" or "problem solve"), in any case. A defensible second choice
    is not marked correct, but the explanation says why it is close.

    Examples
    --------
    >>> result = check_mode("test_environment", "Collaborating")
    >>> result.correct, result.second_choice, result.expected
    (False, True, 'Compromising (Compromise/reconcile)')
    >>> check_mode("test_environment", "shouting")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown conflict mode 'shouting'; the modes are Competing (Force/direct), ...
    """
    modes = _modes(name)
    scenario = _scenario(scenario_id, name)
    chosen = _find_mode("conflict mode", mode, modes)
    best = next(m for m in modes if m.id == scenario.best)
    expected = f"{best.tki_name} ({best.pmi_name})"
    if chosen.id == best.id:
        return ModeCheck(True, expected, False, f"Correct. {scenario.why}")
    if chosen.id in scenario.also:
        return ModeCheck(False, expected, True,
                         f"Close: {chosen.tki_name.lower()} is defensible here, but "
                         f"{best.tki_name.lower()} fits better. {scenario.why}")
    return ModeCheck(False, expected, False,
                     f"Not the best fit: {chosen.tki_name.lower()} ({chosen.pmi_name.lower()}) "
                     f"suits cases like these: {chosen.fits[0].lower()}. Here "
                     f"{best.tki_name.lower()} fits better. {scenario.why}")


def escalation_path(name: str | Path = CONFLICT_FILE) -> pd.DataFrame:
    """The escalation path of the ERP case, lowest level first: who, when, how.

    Examples
    --------
    >>> path = escalation_path()
    >>> path.loc[4, "who"]
    'Steering committee, chaired by the sponsor'
    """
    rows = [step.model_dump() for step in _load(name).escalation]
    return pd.DataFrame(rows).set_index("level")
