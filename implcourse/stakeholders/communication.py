"""Communication: channels n(n-1)/2, push/pull/interactive, channels by phase, the plan.

What this module adds to lesson 03, and what it reuses:

* the six channels of lesson 03 (email, phone, project-management software,
  video conferencing from seed 001's table, plus in-app notices and status
  pages) are read through :func:`implcourse.rollout.comms.load_channels`,
  unchanged; ``datasets/stakeholders/communication.yml`` adds chat,
  workshops and dashboards, tags every channel with its communication method,
  and says which channels suit each phase of lesson 01's lifecycle;
* lesson 03's :func:`implcourse.rollout.comms.communication_plan` is a fixed
  plan for an *upgrade* (before, during, after). The builder here,
  :func:`communication_plan`, takes the learner's own rows for an
  *implementation* (stakeholder x message x channel x frequency x owner x
  phase) and checks them.

Communication channels
    ``channels = n(n - 1) / 2``: every pair of the ``n`` people is one
    potential channel, so the count is the number of pairs, C(n, 2). The
    person who joins a team of ``n - 1`` adds ``n - 1`` channels. The growth
    is **quadratic**, not exponential: doubling the team roughly quadruples
    the channels, whereas an exponential (2^n) would double with every single
    person added.

Communication methods (PMBOK Guide)
    *interactive* (multidirectional, in real time), *push* (sent to named
    recipients; receipt is not understanding), *pull* (placed where people
    fetch it; for large volumes or audiences).

References
----------
PMI, *A Guide to the Project Management Body of Knowledge (PMBOK Guide)*,
5th ed. (2013), 10.1.2.1 Communication requirements analysis, pp. 291-292
(n(n-1)/2; "10 stakeholders ... 45 potential communication channels") and
10.1.2.4 Communication methods, p. 295 (interactive, push, pull); in the 6th
ed. (2017) the techniques are 10.1.2.2 (communication requirements analysis)
and 10.1.2.5 (communication methods); the 10-stakeholder example was checked
in the 5th edition only.

Examples
--------
>>> communication_channels(10)
45
>>> channel_growth([4, 8])["Channels"].tolist()
[6, 28]
>>> channels_table().loc["chat", "Method"]
'Interactive'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from ..validation import shown
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file, display_path,
                       field_path, read_yaml, resolve)
from ..lifecycle import load_phases
from ..rollout.comms import load_channels as load_rollout_channels

__all__ = [
    "NotWholeNumberError", "communication_channels", "channel_growth",
    "communication_methods", "channels_table", "channels_by_phase", "channel_phase_matrix",
    "frequencies", "PLAN_FIELDS", "communication_plan", "communication_plan_markdown",
    "sample_plan",
]

COMMUNICATION_FILE = "stakeholders/communication.yml"
PLAN_FILE = "stakeholders/communication_plan.yml"

#: The fields of one row of a communication plan, in column order.
PLAN_FIELDS = ("stakeholder", "message", "channel", "frequency", "owner", "phase")

Method = Literal["push", "pull", "interactive"]


class NotWholeNumberError(ValueError, TypeError):
    """A count that is a number but not a whole one (3.5, NaN).

    It is a :class:`ValueError` and also a :class:`TypeError`, so a caller
    that catches either sees it.
    """


# --------------------------------------------------------------------------
# Channels n(n-1)/2
# --------------------------------------------------------------------------

def _people(value: object, label: str = "Number of people (n)") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a whole number of 1 or more "
                        f"(you entered {value!r})")
    if not isinstance(value, numbers.Integral):
        number = float(value)
        if not math.isfinite(number) or not number.is_integer():
            raise NotWholeNumberError(f"{label} must be a whole number of 1 or more "
                                      f"(you entered {value!r})")
    value = int(value)
    if value < 1:
        raise ValueError(f"{label} must be 1 or more: a team has at least one person "
                         f"(you entered {value})")
    return value


def communication_channels(n: int) -> int:
    """Potential communication channels among ``n`` people: ``n(n - 1) / 2``.

    Each pair of people is one channel, so this is C(n, 2), the number of
    pairs; one person alone has none. A whole float such as ``4.0`` is
    accepted as 4.

    Parameters
    ----------
    n : int
        The number of people (stakeholders, team members) who communicate,
        the project manager included; 1 or more.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``n`` is not a number (a string, ``None``, ``True``/``False``).
    NotWholeNumberError
        (a ValueError and a TypeError) if ``n`` is a number but not whole.
    ValueError
        If ``n`` is less than 1.

    References
    ----------
    PMBOK Guide 5th ed., 10.1.2.1, p. 292 (the technique is 10.1.2.2 in the
    6th ed.): a project with 10 stakeholders has 10(10 - 1)/2 = 45 potential
    channels.

    Examples
    --------
    >>> communication_channels(10)
    45
    >>> [communication_channels(n) for n in (1, 2, 3, 4, 5)]
    [0, 1, 3, 6, 10]
    >>> communication_channels(3.5)
    Traceback (most recent call last):
    ...
    implcourse.stakeholders.communication.NotWholeNumberError: Number of people (n) must be \
a whole number of 1 or more (you entered 3.5)
    >>> communication_channels(0)
    Traceback (most recent call last):
    ...
    ValueError: Number of people (n) must be 1 or more: a team has at least one person \
(you entered 0)
    """
    n = _people(n)
    return n * (n - 1) // 2


#: The largest team size :func:`channel_growth` tabulates (2^n still fits a float).
MAX_GROWTH_SIZE = 1000


def _growth_size(value: object, label: str) -> int:
    n = _people(value, label)
    if n > MAX_GROWTH_SIZE:
        raise ValueError(f"{label} must be at most {MAX_GROWTH_SIZE} for the growth table "
                         f"(you entered {value!r}); use communication_channels(n) for one "
                         f"large team")
    return n


def channel_growth(sizes: Iterable[int] | int) -> pd.DataFrame:
    """How the channel count grows with team size: quadratic, not exponential.

    Parameters
    ----------
    sizes : int or list of int
        Team sizes (each 1 to 1000); an int ``m`` means 1, 2, ..., m.
        Sizes are sorted and duplicates dropped.

    Returns
    -------
    DataFrame
        Indexed by "Team size", columns:

        * "Channels": n(n-1)/2;
        * "Added by the last person": channels(n) - channels(n-1) = n - 1,
          which grows by one per person (a constant second difference: the
          mark of a quadratic);
        * "Ratio to one fewer person": channels(n) / channels(n-1), which
          falls towards 1 as n grows (empty where n - 1 has no channels);
        * "2^n (exponential, for contrast)": what an exponential would give;
          its ratio to one fewer person is always 2.

    Examples
    --------
    >>> table = channel_growth(6)
    >>> table["Channels"].tolist()
    [0, 1, 3, 6, 10, 15]
    >>> table["Added by the last person"].tolist()
    [0, 1, 2, 3, 4, 5]
    >>> float(table.loc[6, "Ratio to one fewer person"])
    1.5
    >>> int(table.loc[6, "2^n (exponential, for contrast)"])
    64
    """
    try:
        if isinstance(sizes, numbers.Real) and not isinstance(sizes, bool):
            top = _growth_size(sizes, "Largest team size")
            values = list(range(1, top + 1))
        elif isinstance(sizes, (str, bytes, Mapping)) or not isinstance(sizes,
                                                                        (list, tuple, range)):
            raise TypeError(f"Team sizes must be a list of whole numbers (you entered "
                            f"{shown(sizes)})")
        else:
            values = sorted({_growth_size(v, "Team size") for v in sizes})
            if not values:
                raise ValueError("Team sizes: the list is empty; give at least one size")
    except (TypeError, ValueError) as err:  # name the parameter after the learner's words
        raise type(err)(f"{err} (parameter sizes)") from None
    rows = []
    for n in values:
        channels = communication_channels(n)
        before = communication_channels(n - 1) if n > 1 else 0
        rows.append({"Team size": n, "Channels": channels,
                     "Added by the last person": channels - before,
                     "Ratio to one fewer person": channels / before if before else math.nan,
                     "2^n (exponential, for contrast)": float(2 ** n)})
    return pd.DataFrame(rows).set_index("Team size")


# --------------------------------------------------------------------------
# Content: methods, added channels, phase fit, frequencies
# --------------------------------------------------------------------------

class CommunicationMethod(ContentModel):
    """Push, pull or interactive."""

    id: Method
    name: Text
    definition: Text
    best_for: Text
    weakness: Text


class AddedChannel(ContentModel):
    """A channel lesson 07 adds to lesson 03's table."""

    id: Slug
    name: Text
    when_used: Text
    advantages: Text
    disadvantages: Text


class ChannelMethod(ContentModel):
    channel: Slug
    method: Method
    why: Text


class Frequency(ContentModel):
    id: Slug
    name: Text


class PhaseFit(ContentModel):
    """The channels that suit one lifecycle phase, and why."""

    phase: Slug
    channels: Annotated[list[Slug], Field(min_length=1)]
    why: Text


class _File(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    methods: Annotated[list[CommunicationMethod], Field(min_length=3, max_length=3)]
    channels: Annotated[list[AddedChannel], Field(min_length=1)]
    channel_methods: Annotated[list[ChannelMethod], Field(min_length=1)]
    frequencies: Annotated[list[Frequency], Field(min_length=1)]
    phase_fit: Annotated[list[PhaseFit], Field(min_length=1)]


@dataclass(frozen=True)
class _Channel:
    id: str
    name: str
    method: str
    when_used: str
    advantages: str
    disadvantages: str
    source: str


@dataclass(frozen=True)
class _Content:
    methods: tuple[CommunicationMethod, ...]
    channels: tuple[_Channel, ...]
    frequencies: tuple[Frequency, ...]
    phase_fit: tuple[PhaseFit, ...]


@cached_by_file
def _load_file(path: Path) -> _Content:
    file = display_path(path)
    try:
        data = _File.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    if {m.id for m in data.methods} != {"push", "pull", "interactive"}:
        raise ContentError(file, "methods must be push, pull and interactive, once each",
                           None, "methods")
    base = load_rollout_channels()
    ids = [c.id for c in base] + [c.id for c in data.channels]
    if len(set(ids)) != len(ids):
        raise ContentError(file, "a channel id repeats one of lesson 03's or another added one",
                           None, "channels")
    method_of = {}
    for i, cm in enumerate(data.channel_methods):
        if cm.channel not in ids:
            raise ContentError(file, f"unknown channel {cm.channel!r}", f"channel_methods[{i}]",
                               "channel")
        method_of[cm.channel] = cm.method
    missing = [c for c in ids if c not in method_of]
    if missing:
        raise ContentError(file, f"no method given for {', '.join(missing)}", None,
                           "channel_methods")
    phases = [p.id for p in load_phases()]
    seen = [f.phase for f in data.phase_fit]
    if seen != phases:
        raise ContentError(file, f"phase_fit must list the lifecycle phases in order: "
                           f"{', '.join(phases)}", None, "phase_fit")
    for i, fit in enumerate(data.phase_fit):
        for j, c in enumerate(fit.channels):
            if c not in ids:
                raise ContentError(file, f"unknown channel {c!r}", f"phase_fit[{i}]",
                                   f"channels[{j}]")
    channels = tuple(
        [_Channel(c.id, c.name, method_of[c.id], c.when_used, c.advantages, c.disadvantages,
                  "seed 001 channel table (lesson 03)" if c.from_seed else "lesson 03")
         for c in base]
        + [_Channel(c.id, c.name, method_of[c.id], c.when_used, c.advantages, c.disadvantages,
                    "added in lesson 07") for c in data.channels])
    return _Content(tuple(data.methods), channels, tuple(data.frequencies),
                    tuple(data.phase_fit))


def _load(name: str | Path = COMMUNICATION_FILE) -> _Content:
    """The file's content, cached by path and modification time."""
    return _load_file(name)


def communication_methods() -> pd.DataFrame:
    """Push, pull and interactive communication, with the channels of each.

    Examples
    --------
    >>> table = communication_methods()
    >>> list(table.index)
    ['Interactive', 'Push', 'Pull']
    >>> table.loc["Pull", "Channels"]
    'Project-management software, Status page, Project dashboard'
    """
    content = _load()
    rows = []
    for m in content.methods:
        rows.append({"Method": m.name, "Definition": m.definition, "Best for": m.best_for,
                     "Weakness": m.weakness,
                     "Channels": ", ".join(c.name for c in content.channels
                                           if c.method == m.id)})
    return pd.DataFrame(rows).set_index("Method")


def channels_table() -> pd.DataFrame:
    """All nine channels: lesson 03's six (through
    :func:`implcourse.rollout.comms.load_channels`) and lesson 07's three,
    each with its method.

    Returns
    -------
    DataFrame
        Indexed by channel id; columns "Channel", "Method", "When used",
        "Advantages", "Disadvantages", "Source".

    Examples
    --------
    >>> table = channels_table()
    >>> table.index.tolist()[-3:]
    ['chat', 'workshop', 'dashboard']
    >>> table.loc["email", ["Channel", "Method"]].tolist()
    ['Email', 'Push']
    """
    content = _load()
    names = {m.id: m.name for m in content.methods}
    rows = [{"id": c.id, "Channel": c.name, "Method": names[c.method],
             "When used": c.when_used, "Advantages": c.advantages,
             "Disadvantages": c.disadvantages, "Source": c.source}
            for c in content.channels]
    return pd.DataFrame(rows).set_index("id")


def channels_by_phase() -> pd.DataFrame:
    """The channels that suit each phase of lesson 01's lifecycle, and why.

    Returns
    -------
    DataFrame
        One row per phase, in lifecycle order: "Phase", "Channels" (names,
        in order of preference), "Methods" (those channels' methods) and "Why".

    Examples
    --------
    >>> table = channels_by_phase()
    >>> table["Phase"].iloc[0]
    'Initiation and planning'
    >>> "Status page" in table.set_index("Phase").loc["Deployment and go-live", "Channels"]
    True
    """
    content = _load()
    by_id = {c.id: c for c in content.channels}
    method_names = {m.id: m.name for m in content.methods}
    names = {p.id: p.name for p in load_phases()}
    rows = []
    for fit in content.phase_fit:
        methods = []
        for c in fit.channels:
            name = method_names[by_id[c].method]
            if name not in methods:
                methods.append(name)
        rows.append({"Phase": names[fit.phase],
                     "Channels": ", ".join(by_id[c].name for c in fit.channels),
                     "Methods": ", ".join(methods), "Why": fit.why})
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def channel_phase_matrix() -> pd.DataFrame:
    """The phase x channel table as booleans: True where the channel suits the phase.

    Examples
    --------
    >>> m = channel_phase_matrix()
    >>> m.shape
    (8, 9)
    >>> bool(m.loc["Requirements", "Workshop"])
    True
    """
    content = _load()
    names = {p.id: p.name for p in load_phases()}
    columns = [c.name for c in content.channels]
    by_id = {c.id: c.name for c in content.channels}
    data = {names[f.phase]: [name in {by_id[c] for c in f.channels} for name in columns]
            for f in content.phase_fit}
    frame = pd.DataFrame.from_dict(data, orient="index", columns=columns)
    frame.index.name = "Phase"
    return frame


def frequencies() -> dict[str, str]:
    """The frequencies a plan may use: id -> name.

    Examples
    --------
    >>> frequencies()["fortnightly"]
    'Every two weeks'
    """
    return {f.id: f.name for f in _load().frequencies}


# --------------------------------------------------------------------------
# The plan builder
# --------------------------------------------------------------------------

_LABELS = {"stakeholder": "Stakeholder", "message": "Message", "channel": "Channel",
           "frequency": "Frequency", "owner": "Owner", "phase": "Phase"}


def _match(field: str, value: object, options: dict[str, str], row: int) -> str:
    """The id among ``options`` (id -> name) that ``value`` names, by id or name."""
    label = _LABELS[field]
    if not isinstance(value, str):
        raise TypeError(f"Row {row}: {label} must be text naming a {field} "
                        f"(you entered {value!r})")
    if not value.strip():
        raise ValueError(f"Row {row}: {label} is empty; choose from "
                         f"{', '.join(repr(k) for k in options)}")
    key = value.strip().lower()
    for ident, name in options.items():
        if key in (ident, name.lower()):
            return ident
    known = ", ".join(repr(k) for k in options)
    raise ValueError(f"Row {row}: {label} {value!r} is not a known {field}; choose from {known}")


def _rows(rows: object) -> list[Mapping]:
    if isinstance(rows, pd.DataFrame):
        frame = rows.rename(columns=lambda c: str(c).strip().lower())
        return frame.to_dict("records")
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise TypeError(f"The plan must be a list of rows (dicts with the keys "
                        f"{', '.join(PLAN_FIELDS)}) or a DataFrame (you entered "
                        f"{type(rows).__name__})")
    out = list(rows)
    for i, row in enumerate(out, start=1):
        if not isinstance(row, Mapping):
            raise TypeError(f"Row {i} of the plan must be a dict with the keys "
                            f"{', '.join(PLAN_FIELDS)} (you entered {row!r})")
    return out


def communication_plan(rows) -> pd.DataFrame:
    """Build and check a communication plan: stakeholder x message x channel x
    frequency x owner x phase.

    Parameters
    ----------
    rows : list of dict, or DataFrame
        One row per communication, with exactly the keys ``stakeholder``,
        ``message``, ``owner`` (free text: stakeholders are named as the
        register shows them), ``channel`` (an id or name from
        :func:`channels_table`), ``frequency`` (an id or name from
        :func:`frequencies`) and ``phase`` (an id or name of lesson 01's
        lifecycle phases). Ids and names are matched ignoring case.

    Returns
    -------
    DataFrame
        Rows in the order given, numbered from 1 ("#"); columns
        "Stakeholder", "Message", "Channel", "Method", "Frequency", "Owner",
        "Phase", with names (not ids) and each channel's method.

    Raises
    ------
    ValueError, TypeError
        Naming the row (counted from 1) and the field: unknown or missing
        keys, empty text, an unknown channel, frequency or phase (with the
        known ones listed).

    Examples
    --------
    >>> plan = communication_plan([
    ...     {"stakeholder": "Sponsor", "message": "Monthly status", "channel": "video",
    ...      "frequency": "monthly", "owner": "Implementation manager",
    ...      "phase": "initiation"}])
    >>> plan.loc[1, ["Channel", "Method", "Frequency", "Phase"]].tolist()
    ['Video conference', 'Interactive', 'Monthly', 'Initiation and planning']
    >>> communication_plan([{"stakeholder": "Sponsor", "message": "Status",
    ...     "channel": "fax", "frequency": "monthly", "owner": "PM", "phase": "testing"}])
    Traceback (most recent call last):
    ...
    ValueError: Row 1: Channel 'fax' is not a known channel; choose from 'email', 'phone', \
'pm_software', 'video', 'in_app', 'status_page', 'chat', 'workshop', 'dashboard'
    """
    content = _load()
    channel_names = {c.id: c.name for c in content.channels}
    methods = {c.id: c.method for c in content.channels}
    method_names = {m.id: m.name for m in content.methods}
    freq = frequencies()
    phases = {p.id: p.name for p in load_phases()}
    out = []
    items = _rows(rows)
    if not items:
        raise ValueError("The plan is empty: give at least one row (parameter rows)")
    for i, row in enumerate(items, start=1):
        keys, named = {}, {}
        for k, v in row.items():
            key = str(k).strip().lower()
            if key in keys:
                raise ValueError(f"Row {i}: the field {key!r} is given twice (as "
                                 f"{named[key]!r} and {k!r})")
            keys[key], named[key] = v, k
        unknown = [k for k in keys if k not in PLAN_FIELDS]
        if unknown:
            raise ValueError(f"Row {i}: unknown field(s) {', '.join(map(repr, unknown))}; "
                             f"the fields are {', '.join(PLAN_FIELDS)}")
        missing = [k for k in PLAN_FIELDS if k not in keys]
        if missing:
            raise ValueError(f"Row {i}: missing field(s) {', '.join(map(repr, missing))}")
        text = {}
        for field in ("stakeholder", "message", "owner"):
            value = keys[field]
            if not isinstance(value, str):
                raise TypeError(f"Row {i}: {_LABELS[field]} must be text "
                                f"(you entered {value!r})")
            if not value.strip():
                raise ValueError(f"Row {i}: {_LABELS[field]} is empty (you entered {value!r})")
            text[field] = " ".join(value.split())
        channel = _match("channel", keys["channel"], channel_names, i)
        frequency = _match("frequency", keys["frequency"], freq, i)
        phase = _match("phase", keys["phase"], phases, i)
        out.append({"Stakeholder": text["stakeholder"], "Message": text["message"],
                    "Channel": channel_names[channel],
                    "Method": method_names[methods[channel]],
                    "Frequency": freq[frequency], "Owner": text["owner"],
                    "Phase": phases[phase]})
    return pd.DataFrame(out, index=pd.RangeIndex(1, len(out) + 1, name="#"))


def _cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def communication_plan_markdown(plan) -> str:
    """A communication plan as a Markdown table (pipes in cells escaped).

    Parameters
    ----------
    plan : DataFrame or list of dict
        The result of :func:`communication_plan`, or rows to pass to it.

    Examples
    --------
    >>> text = communication_plan_markdown(sample_plan().head(1))
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    | Stakeholder | Message | Channel | Method | Frequency | Owner | Phase |
    | --- | --- | --- | --- | --- | --- | --- |
    | Sponsor (CFO) | Charter, scope, budget and the decisions needed from the sponsor \
| Video conference | Interactive | Monthly | Implementation manager | Initiation and planning |
    """
    columns = ["Stakeholder", "Message", "Channel", "Method", "Frequency", "Owner", "Phase"]
    if isinstance(plan, pd.DataFrame) and list(plan.columns) == columns:
        # A plan as communication_plan returns it: check it again (names match as ids do),
        # so that an edited or hand-made table cannot slip through unchecked.
        plan = plan.drop(columns="Method")
    try:
        plan = communication_plan(plan)
    except (TypeError, ValueError) as err:  # name this function's parameter too
        raise type(err)(f"{err} [in plan]") from None
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |"
              for row in plan.itertuples(index=False)]
    return "\n".join(lines)


def sample_plan(name: str | Path = PLAN_FILE) -> pd.DataFrame:
    """The SYNTHETIC communication plan of the course's ERP case, checked by
    :func:`communication_plan`.

    Examples
    --------
    >>> plan = sample_plan()
    >>> len(plan), plan["Phase"].nunique()
    (14, 8)
    """
    path = resolve(name)
    data = read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("rows"), list):
        raise ContentError(display_path(path), "expected a top-level key 'rows' holding a list")
    try:
        return communication_plan(data["rows"])
    except (TypeError, ValueError) as err:
        raise ContentError(display_path(path), str(err)) from None
