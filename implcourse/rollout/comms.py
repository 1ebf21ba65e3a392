"""The communication plan for an upgrade: before, during and after, by audience and channel.

The content lives in ``datasets/rollout/channels.yml``: the three phases,
six audiences, six channels (email, phone, project-management software and
video conferencing from the channel table of seed 001, reworded, plus in-app
notices and status pages) and a synthetic template of messages for the
lesson's ERP upgrade.

Examples
--------
>>> plan = communication_plan(audiences=["end_users"], phases=["during"])
>>> plan[["Audience", "Channels"]].values.tolist()
[['End users', 'Status page, Email']]
>>> print(communication_plan_markdown(audiences=["customers"], phases=["during"]))
| Phase | Audience | When | Message | Channels | Owner |
| --- | --- | --- | --- | --- | --- |
| During the upgrade | External customers and partners | Start and end of the outage | \
Service unavailable, then service restored | Status page | Account manager |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, Field, ValidationError

from ..validation import shown
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file,
                       display_path, field_path, read_yaml)

__all__ = ["Phase", "Audience", "Channel", "Message", "load_phases", "load_audiences",
           "load_channels", "load_messages", "channels_table", "communication_plan",
           "communication_plan_markdown"]

CHANNELS_FILE = "rollout/channels.yml"


class Phase(ContentModel):
    """Before, during or after the upgrade."""

    id: Slug
    name: Text
    purpose: Text


class Audience(ContentModel):
    """A group of people to inform."""

    id: Slug
    name: Text
    needs: Text


class Channel(ContentModel):
    """A way of reaching people, with when it is used and its strengths and weaknesses."""

    id: Slug
    name: Text
    from_seed: bool
    when_used: Text
    advantages: Text
    disadvantages: Text


class Message(ContentModel):
    """One line of the plan: who hears what, when, how and from whom."""

    phase: Slug
    audience: Slug
    when: Text
    channels: Annotated[list[Slug], Field(min_length=1)]
    owner: Text
    message: Text


class _File(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}

    phases: Annotated[list[Phase], Field(min_length=1)]
    audiences: Annotated[list[Audience], Field(min_length=1)]
    channels: Annotated[list[Channel], Field(min_length=1)]
    messages: Annotated[list[Message], Field(min_length=1)]


@dataclass(frozen=True)
class _Content:
    phases: tuple[Phase, ...]
    audiences: tuple[Audience, ...]
    channels: tuple[Channel, ...]
    messages: tuple[Message, ...]


@cached_by_file
def _load(path: Path) -> _Content:
    file = display_path(path)
    try:
        data = _File.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    for key in ("phases", "audiences", "channels"):
        ids = [item.id for item in getattr(data, key)]
        if len(set(ids)) != len(ids):
            raise ContentError(file, "duplicate id", None, key)
    known = {key: {item.id for item in getattr(data, key)}
             for key in ("phases", "audiences", "channels")}
    for i, m in enumerate(data.messages):
        for key, values in (("phase", [m.phase]), ("audience", [m.audience]),
                            ("channels", m.channels)):
            for value in values:
                if value not in known["phases" if key == "phase" else
                                      "audiences" if key == "audience" else "channels"]:
                    raise ContentError(file, f"unknown {key.rstrip('s')} {value!r}",
                                       f"messages[{i}]", key)
    return _Content(tuple(data.phases), tuple(data.audiences), tuple(data.channels),
                    tuple(data.messages))


def load_phases(name: str | Path = CHANNELS_FILE) -> tuple[Phase, ...]:
    """Before, during and after, in order."""
    return _load(name).phases


def load_audiences(name: str | Path = CHANNELS_FILE) -> tuple[Audience, ...]:
    """The audiences of the plan."""
    return _load(name).audiences


def load_channels(name: str | Path = CHANNELS_FILE) -> tuple[Channel, ...]:
    """The channels, the seed's four first.

    Examples
    --------
    >>> [c.id for c in load_channels() if c.from_seed]
    ['email', 'phone', 'pm_software', 'video']
    """
    return _load(name).channels


def load_messages(name: str | Path = CHANNELS_FILE) -> tuple[Message, ...]:
    """The plan's messages, in file order."""
    return _load(name).messages


def channels_table(name: str | Path = CHANNELS_FILE) -> pd.DataFrame:
    """The channel table: when each channel is used, its advantages and disadvantages.

    Examples
    --------
    >>> channels_table().loc["Status page", "When used"]
    'During the outage and any incident'
    """
    rows = [{"Channel": c.name, "When used": c.when_used, "Advantages": c.advantages,
             "Disadvantages": c.disadvantages,
             "Source": "seed 001 channel table" if c.from_seed else "added by the course"}
            for c in load_channels(name)]
    return pd.DataFrame(rows).set_index("Channel")


def _select(label: str, wanted: object, items) -> list[str] | None:
    """Ids chosen by id or name (case-insensitive); None keeps all."""
    if wanted is None:
        return None
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, Iterable) or isinstance(wanted, (bytes, Mapping, pd.DataFrame)):
        raise TypeError(f"{label.capitalize()} must be a list of names (you entered "
                        f"{shown(wanted)}) (parameter {label})")
    chosen = []
    for key in wanted:
        if not isinstance(key, str):
            raise TypeError(f"{label.capitalize()} must be a list of names (you entered "
                            f"{shown(key)}) (parameter {label})")
        match = [i.id for i in items if key.strip().lower() in (i.id, i.name.lower())]
        if not match:
            known = ", ".join(repr(i.id) for i in items)
            raise ValueError(f"Unknown {label.rstrip('s')} {shown(key)}; choose from {known} "
                             f"(parameter {label})")
        if match[0] not in chosen:
            chosen.append(match[0])
    if not chosen:
        raise ValueError(f"Choose at least one of the {label}, or leave it empty for all "
                         f"(parameter {label})")
    return chosen


def communication_plan(audiences: Iterable[str] | None = None,
                       phases: Iterable[str] | None = None,
                       channels: Iterable[str] | None = None,
                       name: str | Path = CHANNELS_FILE) -> pd.DataFrame:
    """The communication plan as a table, optionally for some audiences, phases, channels.

    Parameters
    ----------
    audiences, phases, channels : list of str, optional
        Ids or names (case-insensitive) to keep; ``None`` keeps all. With
        ``channels``, only the messages sent through at least one of them are
        kept, and only those channels are listed.

    Returns
    -------
    DataFrame
        Rows in phase order, then file order; columns "Phase", "Audience",
        "When", "Message", "Channels", "Owner". Empty (with those columns) if
        no message matches.

    Raises
    ------
    ValueError
        For an unknown audience, phase or channel; the message lists the known ones.

    Examples
    --------
    >>> communication_plan(channels=["status page"])["Phase"].unique().tolist()
    ['Before the upgrade', 'During the upgrade', 'After the upgrade']
    >>> communication_plan(audiences=["auditors"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown audience 'auditors'; choose from 'end_users', 'key_users', \
'management', 'service_desk', 'it_operations', 'customers' (parameter audiences)
    """
    content = _load(name)
    keep_a = _select("audiences", audiences, content.audiences)
    keep_p = _select("phases", phases, content.phases)
    keep_c = _select("channels", channels, content.channels)
    names = {
        "phase": {p.id: p.name for p in content.phases},
        "audience": {a.id: a.name for a in content.audiences},
        "channel": {c.id: c.name for c in content.channels},
    }
    order = {p.id: i for i, p in enumerate(content.phases)}
    rows = []
    for m in sorted(content.messages, key=lambda m: order[m.phase]):
        if keep_a is not None and m.audience not in keep_a:
            continue
        if keep_p is not None and m.phase not in keep_p:
            continue
        used = [c for c in m.channels if keep_c is None or c in keep_c]
        if not used:
            continue
        rows.append({"Phase": names["phase"][m.phase], "Audience": names["audience"][m.audience],
                     "When": m.when, "Message": m.message,
                     "Channels": ", ".join(names["channel"][c] for c in used),
                     "Owner": m.owner})
    columns = ["Phase", "Audience", "When", "Message", "Channels", "Owner"]
    return pd.DataFrame(rows, columns=columns,
                        index=pd.RangeIndex(1, len(rows) + 1, name="#"))


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def communication_plan_markdown(audiences: Iterable[str] | None = None,
                                phases: Iterable[str] | None = None,
                                channels: Iterable[str] | None = None,
                                name: str | Path = CHANNELS_FILE) -> str:
    """The communication plan as a Markdown table (the arguments of
    :func:`communication_plan`); a pipe in a cell is escaped.

    Examples
    --------
    >>> text = communication_plan_markdown(phases=["after"])
    >>> text.splitlines()[0]
    '| Phase | Audience | When | Message | Channels | Owner |'
    """
    frame = communication_plan(audiences, phases, channels, name)
    lines = ["| " + " | ".join(frame.columns) + " |",
             "| " + " | ".join("---" for _ in frame.columns) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |"
              for row in frame.itertuples(index=False)]
    return "\n".join(lines)
