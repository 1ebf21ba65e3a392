"""Working with a partner: governance, escalation, a knowledge-transfer plan
with exit criteria, and the risks of dependency and lock-in.

The content lives in ``datasets/partners/working.yml``; its roles are lesson
01's role ids (``datasets/lifecycle/roles.yml``): knowledge moves from a role
on the partner's side (or either side) to one on the client's side (or
either). The plan is a synthetic example for the course's ERP case. Seed
002 names dependency and lock-in, knowledge transfer and long-term support
as the challenges of working with a partner, and a structured transfer plan
and regular reporting with escalation among the good practices; the
governance bodies follow the course's lesson 01 roles.

Examples
--------
>>> plan = knowledge_transfer_plan()
>>> list(plan.columns)
['Topic', 'From (partner role)', 'To (client role)', 'Method', 'Weeks', 'Exit criterion']
>>> ready = kt_readiness({"configuration": True, "data": True})
>>> int(ready["Met"].eq("Yes").sum()), ready.attrs["ready"]
(2, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from ..content import ContentError, ContentModel, Slug, Text, cached_by_file, display_path, \
    load_entries, read_yaml
from .profiles import _shown

__all__ = [
    "GovernanceBody",
    "EscalationLevel",
    "TransferItem",
    "LockInRisk",
    "governance",
    "escalation_levels",
    "knowledge_transfer_plan",
    "transfer_methods",
    "kt_readiness",
    "lock_in_risks",
]

WORKING_FILE = "partners/working.yml"

Method = Literal["shadow", "reverse_shadow", "documentation", "training"]


class GovernanceBody(ContentModel):
    """A body of the joint governance: who sits on it, how often, what it decides."""

    id: Slug
    name: Text
    members: Text
    cadence: Text
    decides: Text


class EscalationLevel(ContentModel):
    """A level of the escalation path."""

    level: int = Field(ge=1)
    who: Text
    within: Text
    handles: Text


class TransferItem(ContentModel):
    """A row of the knowledge-transfer plan."""

    id: Slug
    topic: Text
    from_role: Slug
    to_role: Slug
    method: Method
    weeks: int = Field(ge=1, le=52)
    exit_criterion: Text


class LockInRisk(ContentModel):
    """A dependency or lock-in risk, its warning sign and its mitigation."""

    id: Slug
    risk: Text
    sign: Text
    mitigation: Text


class _Working(BaseModel):
    model_config = {"frozen": True}

    governance: tuple[GovernanceBody, ...]
    escalation: tuple[EscalationLevel, ...]
    transfer: tuple[TransferItem, ...]
    methods: dict[str, str]
    risks: tuple[LockInRisk, ...]


@cached_by_file
def _load(path: Path) -> _Working:
    from ..lifecycle import load_roles

    file = display_path(path)
    raw = read_yaml(path)
    escalation = load_entries(path, EscalationLevel, key="escalation")
    if [e.level for e in escalation] != list(range(1, len(escalation) + 1)):
        raise ContentError(file, "levels must run 1, 2, 3... in order", None, "escalation")
    transfer = load_entries(path, TransferItem, key="knowledge_transfer")
    sides = {r.id: r.side for r in load_roles()}
    for number, t in enumerate(transfer, start=1):
        where = f"entry {number} (id {t.id!r})"
        for field, role, wrong in (("from_role", t.from_role, "client"),
                                   ("to_role", t.to_role, "supplier")):
            if role not in sides:
                raise ContentError(file, f"unknown role {role!r}; lesson 01's roles are "
                                   f"{', '.join(sides)}", where, field)
            if sides[role] == wrong:
                raise ContentError(file, f"role {role!r} is on the {wrong} side", where, field)
    methods = raw.get("methods") if isinstance(raw, dict) else None
    wanted = sorted(Method.__args__)
    if not isinstance(methods, dict) or sorted(methods) != wanted:
        raise ContentError(file, f"must describe exactly the methods {', '.join(wanted)}",
                           None, "methods")
    return _Working(governance=load_entries(path, GovernanceBody, key="governance"),
                    escalation=escalation, transfer=transfer,
                    methods={k: str(v).strip() for k, v in methods.items()},
                    risks=load_entries(path, LockInRisk, key="lock_in_risks"))


def _data() -> _Working:
    return _load(WORKING_FILE)


def governance() -> pd.DataFrame:
    """The joint governance: bodies, members, cadence and what each decides.

    Examples
    --------
    >>> governance().loc["Joint project board", "Cadence"]
    'Weekly.'
    """
    return pd.DataFrame([{"Body": g.name, "Members": g.members, "Cadence": g.cadence,
                          "Decides": g.decides} for g in _data().governance]).set_index("Body")


def escalation_levels() -> pd.DataFrame:
    """The escalation path, level by level, with the time each level has.

    Examples
    --------
    >>> escalation_levels().loc[3, "Who"]
    'Steering committee (sponsor and partner engagement director)'
    """
    return pd.DataFrame([{"Level": e.level, "Who": e.who, "Resolve within": e.within,
                          "Handles": e.handles} for e in _data().escalation]).set_index("Level")


def transfer_methods() -> dict[str, str]:
    """The four transfer methods (shadow, reverse shadow, documentation,
    training) in words.

    Examples
    --------
    >>> sorted(transfer_methods())
    ['documentation', 'reverse_shadow', 'shadow', 'training']
    """
    return dict(_data().methods)


def _method_name(method: str) -> str:
    return method.replace("_", " ").capitalize()


def knowledge_transfer_plan() -> pd.DataFrame:
    """The knowledge-transfer plan for the ERP case (synthetic example).

    Returns
    -------
    DataFrame
        Indexed by item id: "Topic", "From (partner role)", "To (client
        role)" (lesson 01's role names), "Method" (shadow, reverse shadow,
        documentation or training), "Weeks" and "Exit criterion", the
        observable test that the knowledge has moved.

    Examples
    --------
    >>> plan = knowledge_transfer_plan()
    >>> plan.loc["support", "Method"], int(plan["Weeks"].max())
    ('Reverse shadow', 6)
    """
    from ..lifecycle import load_roles

    names = {r.id: r.name for r in load_roles()}
    return pd.DataFrame([{"Id": t.id, "Topic": t.topic, "From (partner role)": names[t.from_role],
                          "To (client role)": names[t.to_role], "Method": _method_name(t.method),
                          "Weeks": t.weeks, "Exit criterion": t.exit_criterion}
                         for t in _data().transfer]).set_index("Id")


def kt_readiness(evidence: Mapping[str, bool]) -> pd.DataFrame:
    """Which exit criteria of the knowledge-transfer plan are met.

    Parameters
    ----------
    evidence : dict
        Plan item (id or topic, case-insensitive) -> True when its exit
        criterion has been shown to be met, False when not. Items left out
        count as not met.

    Returns
    -------
    DataFrame
        The plan's "Topic", "Exit criterion" and "Met" ("Yes"/"No"), items not
        met first. ``attrs``: ``met`` and ``total`` counts, ``ready`` (True
        when every exit criterion is met, so the partner may leave).

    Raises
    ------
    ValueError
        For an unknown plan item (the message lists the known ones).
    TypeError
        For evidence that is not True or False.

    Examples
    --------
    >>> kt_readiness({"testing": "yes"})
    Traceback (most recent call last):
    ...
    TypeError: Evidence for 'Regression test suite and test data' must be True or False \
(you entered 'yes')
    >>> kt_readiness({"payroll": True})
    Traceback (most recent call last):
    ...
    ValueError: Unknown knowledge-transfer item 'payroll'; the items are 'configuration', \
'business_processes', 'integrations', 'data', 'testing', 'training', 'support' (parameter evidence)
    """
    if not isinstance(evidence, Mapping):
        raise TypeError(f"The evidence must be a dict of plan item -> True/False (you entered "
                        f"{type(evidence).__name__})")
    items = _data().transfer
    met: dict[str, bool] = {}
    named: dict[str, object] = {}
    for key, value in evidence.items():
        wanted = key.strip().lower() if isinstance(key, str) else None
        match = [t for t in items if wanted in (t.id, t.topic.lower())]
        if not match:
            known = ", ".join(repr(t.id) for t in items)
            raise ValueError(f"Unknown knowledge-transfer item {_shown(key)}; the items are {known} "
                             f"(parameter evidence)")
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"Evidence for {match[0].topic!r} must be True or False (you "
                            f"entered {_shown(value)})")
        if match[0].id in named:
            raise ValueError(f"Evidence for {match[0].topic!r} is given twice (as "
                             f"{named[match[0].id]!r} and {key!r}); give it once")
        named[match[0].id] = key
        met[match[0].id] = bool(value)
    rows = [{"Id": t.id, "Topic": t.topic, "Exit criterion": t.exit_criterion,
             "Met": "Yes" if met.get(t.id, False) else "No"} for t in items]
    table = pd.DataFrame(rows).set_index("Id")
    table = pd.concat([table[table["Met"] == "No"], table[table["Met"] == "Yes"]])
    count = int((table["Met"] == "Yes").sum())
    table.attrs.update(met=count, total=len(items), ready=count == len(items))
    return table


def lock_in_risks() -> pd.DataFrame:
    """Dependency and lock-in risks, the sign of each and how to reduce it.

    Examples
    --------
    >>> len(lock_in_risks()) >= 5
    True
    """
    return pd.DataFrame([{"Risk": r.risk, "Warning sign": r.sign, "Mitigation": r.mitigation}
                         for r in _data().risks])
