"""Delivery approaches as data: method profiles, vendor methods and a comparison table.

The content lives in ``datasets/methods/`` and is validated on load:

* ``profiles.yml``: predictive (Waterfall, V-model), the agile family with the
  Agile Manifesto's values and principles, Scrum, Kanban and hybrid patterns;
  for each, strengths, weaknesses, where it applies, roles or
  accountabilities, events or cadence, artefacts, how change is handled and
  how progress is measured;
* ``vendor_methods.yml``: SAP Activate, Oracle Unified Method and Microsoft's
  Success by Design, with each vendor phase mapped onto lesson 01's eight
  phase ids.

Scrum and Kanban carry ``member_of: agile``: they are members of the agile
family, not its peers. Sources and caveats: ``datasets/methods/README.md``.

Examples
--------
>>> [m.id for m in load_profiles()]
['waterfall', 'v_model', 'agile', 'scrum', 'kanban', 'hybrid']
>>> get_profile("Scrum").member_of
'agile'
>>> table = comparison_table(criteria=["family", "kind"], methods=["scrum", "kanban"])
>>> table.loc["Kind", "Scrum"]
'framework'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd
from pydantic import Field

from ..content import (ContentError, ContentModel, Items, Slug, Text, display_path,
                       load_entries, resolve)
from ..lifecycle import load_phases, phase_ids
from ..validation import cached_by_names, check_choice, check_str, check_str_list, shown

__all__ = [
    "Source",
    "VPair",
    "Value",
    "MethodProfile",
    "VendorPhase",
    "VendorSource",
    "VendorMethod",
    "CRITERIA",
    "load_profiles",
    "load_sources",
    "load_vendor_methods",
    "get_profile",
    "get_vendor_method",
    "comparison_table",
    "vendor_phase_table",
]

PROFILES_FILE = "methods/profiles.yml"
VENDOR_FILE = "methods/vendor_methods.yml"

Family = Literal["predictive", "agile", "hybrid"]

#: The criteria of the comparison table, in order, with their human labels.
CRITERIA: dict[str, str] = {
    "family": "Approach family",
    "kind": "Kind",
    "relation": "Place among the approaches",
    "summary": "In one sentence",
    "strengths": "Strengths",
    "weaknesses": "Weaknesses",
    "applies_when": "Where it applies",
    "roles": "Roles or accountabilities",
    "cadence": "Events or cadence",
    "artefacts": "Artefacts",
    "change_handling": "How change is handled",
    "progress_measures": "How progress is measured",
}


class Source(ContentModel):
    """A reference a profile cites."""

    id: Slug
    title: Text
    author: Text
    year: int = Field(ge=1900, le=2100)
    url: Text
    note: str | None = None


class VPair(ContentModel):
    """One rung of the V-model: a specification and the test level that checks it."""

    specification: Text
    test_level: Text


class Value(ContentModel):
    """One of the Agile Manifesto's four values: what is preferred over what."""

    preferred: Text
    over: Text


class MethodProfile(ContentModel):
    """A delivery approach, framework or pattern, as a card of facts."""

    id: Slug
    name: Text
    family: Family
    kind: Text
    member_of: Slug | None = Field(None, description="The family profile this one is a "
                                   "member of (Scrum and Kanban: 'agile').")
    summary: Text
    relation: Text
    strengths: Items
    weaknesses: Items
    applies_when: Items
    roles: Items
    cadence: Items
    artefacts: Items
    commitments: list[Text] = Field(default_factory=list)
    change_handling: Text
    progress_measures: Items
    v_pairs: list[VPair] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    values_note: str | None = None
    principles: list[Text] = Field(default_factory=list)
    sources: Items


class VendorPhase(ContentModel):
    """One phase of a vendor method and the lesson 01 phases whose work it holds."""

    name: Text
    summary: Text
    lesson_phases: Items
    gate: str | None = None


class VendorSource(ContentModel):
    """Where a vendor method's facts were checked, and what the source says."""

    title: Text
    url: Text
    says: Text


class VendorMethod(ContentModel):
    """A vendor's implementation methodology for packaged software."""

    id: Slug
    name: Text
    vendor: Text
    summary: Text
    blend: Text
    key_practices: Items
    phases: list[VendorPhase] = Field(min_length=1)
    verified: bool
    verification: Text
    sources: list[VendorSource] = Field(min_length=1)


def _fail(name: str, message: str, number: int, ident: str, field: str) -> ContentError:
    return ContentError(display_path(resolve(name)), message,
                        f"entry {number} (id {ident!r})", field)


@cached_by_names
def load_sources(name: str = PROFILES_FILE) -> tuple[Source, ...]:
    """The references the profiles cite (top-level ``sources`` of ``profiles.yml``)."""
    return load_entries(name, Source, key="sources")


@cached_by_names
def load_profiles(name: str = PROFILES_FILE) -> tuple[MethodProfile, ...]:
    """The method profiles, in teaching order, from ``datasets/methods/profiles.yml``.

    Checked beyond the field types: every cited source exists, ``member_of``
    names a profile of the same family, and every V-model test level is one of
    lesson 01's testing stages.

    Raises
    ------
    ContentError
        Naming the file, the entry and the field that is wrong.
    """
    profiles = load_entries(name, MethodProfile, key="methods")
    sources = {s.id for s in load_sources(name)}
    by_id = {p.id: p for p in profiles}
    stages = load_phases()[[p.id for p in load_phases()].index("testing")].stage_names()
    for number, p in enumerate(profiles, start=1):
        for i, ref in enumerate(p.sources):
            if ref not in sources:
                raise _fail(name, f"unknown source {ref!r}; known: {', '.join(sorted(sources))}",
                            number, p.id, f"sources[{i}]")
        if p.member_of is not None:
            parent = by_id.get(p.member_of)
            if parent is None or parent.id == p.id or parent.family != p.family:
                raise _fail(name, f"member_of must name another profile of the same family; "
                            f"got {p.member_of!r}", number, p.id, "member_of")
        for i, pair in enumerate(p.v_pairs):
            if pair.test_level not in stages:
                raise _fail(name, f"unknown test level {pair.test_level!r}; lesson 01's "
                            f"testing stages: {', '.join(stages)}", number, p.id,
                            f"v_pairs[{i}].test_level")
    return profiles


@cached_by_names
def load_vendor_methods(name: str = VENDOR_FILE) -> tuple[VendorMethod, ...]:
    """The vendor methods, from ``datasets/methods/vendor_methods.yml``.

    Every ``lesson_phases`` entry must be a phase id of
    ``datasets/lifecycle/phases.yml``.

    Examples
    --------
    >>> [v.name for v in load_vendor_methods()][0]
    'SAP Activate'
    >>> [p.name for p in get_vendor_method("sap_activate").phases]
    ['Discover', 'Prepare', 'Explore', 'Realize', 'Deploy', 'Run']
    """
    methods = load_entries(name, VendorMethod, key="vendor_methods")
    known = phase_ids()
    for number, m in enumerate(methods, start=1):
        for j, phase in enumerate(m.phases):
            for i, pid in enumerate(phase.lesson_phases):
                if pid not in known:
                    raise _fail(name, f"unknown lesson phase {pid!r}; known: {', '.join(known)}",
                                number, m.id, f"phases[{j}].lesson_phases[{i}]")
    return methods


def _lookup(kind: str, items, key: object):
    key = check_str(kind, key)
    for item in items:
        if key.lower() in (item.id, item.name.lower()):
            return item
    known = ", ".join(repr(item.id) for item in items)
    raise ValueError(f"{kind} {shown(key)} is not known; choose one of {known}")


def get_profile(method: str) -> MethodProfile:
    """A profile by id or name (case-insensitive).

    Examples
    --------
    >>> get_profile("kanban").progress_measures[:2]
    ['WIP (items started but not finished)', 'Throughput (items finished per unit of time)']
    >>> get_profile("prince2")
    Traceback (most recent call last):
    ...
    ValueError: Method 'prince2' is not known; choose one of 'waterfall', 'v_model', 'agile', 'scrum', 'kanban', 'hybrid'
    """
    return _lookup("Method", load_profiles(), method)


def get_vendor_method(method: str) -> VendorMethod:
    """A vendor method by id or name (case-insensitive)."""
    return _lookup("Vendor method", load_vendor_methods(), method)


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _selection(kind: str, singular: str, given: object, known: dict[str, str]) -> list[str]:
    """Ids chosen by id or label (case-insensitive), in the order given."""
    if given is None:
        return list(known)
    if isinstance(given, str):
        given = [given]
    names = check_str_list(kind, given)
    if not names:
        raise ValueError(f"{kind} must name at least one; known: {', '.join(known)} "
                         f"(parameter {kind})")
    chosen = []
    for name in names:
        match = [k for k, label in known.items() if name.lower() in (k, label.lower())]
        if not match:
            raise ValueError(f"Unknown {singular} {shown(name)}; known: {', '.join(known)} "
                             f"(parameter {kind})")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def comparison_table(criteria: Iterable[str] | str | None = None,
                     methods: Iterable[str] | str | None = None,
                     pivot: str = "criterion") -> pd.DataFrame:
    """The methods side by side, built from ``profiles.yml``.

    Parameters
    ----------
    criteria : str or list of str, optional
        Criteria ids or labels (see :data:`CRITERIA`), in the order wanted;
        all by default.
    methods : str or list of str, optional
        Profile ids or names, in the order wanted; all by default.
    pivot : {"criterion", "method"}, default "criterion"
        ``"criterion"`` gives one row per criterion and one column per method;
        ``"method"`` the transpose, one row per method.

    Returns
    -------
    pandas.DataFrame
        Cells are text; lists are joined with "; ". Rows and columns carry
        human labels (method names, criterion labels), never ids.

    Raises
    ------
    ValueError
        For an unknown criterion or method (the message lists the known
        ones) or an unknown ``pivot``.

    Examples
    --------
    >>> t = comparison_table(["change_handling"], ["waterfall", "Scrum"], pivot="method")
    >>> list(t.index), list(t.columns)
    (['Waterfall (sequential)', 'Scrum'], ['How change is handled'])
    >>> comparison_table(["cost"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown criterion 'cost'; known: family, kind, relation, summary, strengths, weaknesses, applies_when, roles, cadence, artefacts, change_handling, progress_measures (parameter criteria)
    """
    pivot = check_choice("pivot", pivot, ["criterion", "method"])
    profiles = {p.id: p for p in load_profiles()}
    chosen_criteria = _selection("criteria", "criterion", criteria, CRITERIA)
    chosen_methods = _selection("methods", "method", methods,
                                {k: p.name for k, p in profiles.items()})
    data = {profiles[m].name: [_cell(getattr(profiles[m], c)) for c in chosen_criteria]
            for m in chosen_methods}
    table = pd.DataFrame(data, index=pd.Index([CRITERIA[c] for c in chosen_criteria],
                                              name="Criterion"))
    table.columns.name = "Method"
    return table if pivot == "criterion" else table.T


def vendor_phase_table(method: str) -> pd.DataFrame:
    """A vendor method's phases against lesson 01's phases: one row per vendor
    phase, one column per lesson phase (in lifecycle order), "Yes" where the
    vendor phase holds work of that lesson phase.

    Examples
    --------
    >>> t = vendor_phase_table("oracle_oum")
    >>> t.loc["Production", "Post-implementation support and optimisation"]
    'Yes'
    """
    vendor = get_vendor_method(method)
    phases = load_phases()
    rows = {vp.name: ["Yes" if p.id in vp.lesson_phases else "" for p in phases]
            for vp in vendor.phases}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[p.name for p in phases])
    table.index.name = f"{vendor.name} phase"
    return table
