"""Published evidence on delivery approaches, with its caveats.

One table for now: the Standish Group's CHAOS Report 2015, "CHAOS resolution by
agile versus waterfall" (modern definition of success: on time, on budget, with
a satisfactory result), by project size. It is reported survey data, not a
model, and never comes without its caveats: self-reporting, Standish's own
definitions, selection and confounding, an unpublished method. The data and
their sources live in ``datasets/methods/evidence.yml``.

Examples
--------
>>> table = chaos_2015()
>>> int(table.loc[("all", "agile"), "successful"]), int(table.loc[("all", "waterfall"), "successful"])
(39, 11)
>>> round(success_ratio("large"), 1)
6.0
>>> len(chaos_caveats()) >= 4
True
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from ..content import (ContentError, ContentModel, Items, Text, cached_by_file, display_path,
                       field_path, read_yaml)
from ..validation import check_choice

__all__ = ["EVIDENCE_FILE", "SIZES", "ChaosRow", "ChaosSource", "chaos_2015", "chaos_caveats",
           "chaos_source", "success_ratio"]

EVIDENCE_FILE = "methods/evidence.yml"
#: The sizes of the table, as the report names them, and how the course labels them.
SIZES: dict[str, str] = {"all": "All sizes", "large": "Large", "medium": "Medium",
                         "small": "Small"}


class ChaosRow(ContentModel):
    """One row: the shares of projects (per cent) for one approach and size."""

    size: Literal["all", "large", "medium", "small"]
    approach: Literal["agile", "waterfall"]
    successful: int = Field(ge=0, le=100)
    challenged: int = Field(ge=0, le=100)
    failed: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _adds_up(self) -> "ChaosRow":
        total = self.successful + self.challenged + self.failed
        if total != 100:
            raise ValueError(f"the shares add up to {total} %, not 100 %")
        return self


class ChaosSource(ContentModel):
    """Where the figures come from, and what of them was checked."""

    title: Text
    publisher: Text
    year: int
    table: Text
    checked: Text


class _Evidence(ContentModel):
    source: ChaosSource
    caveats: Items
    rows: list[ChaosRow] = Field(min_length=1)


@cached_by_file
def _load(path) -> _Evidence:
    file = display_path(path)
    try:
        evidence = _Evidence.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    pairs = [(row.size, row.approach) for row in evidence.rows]
    if len(set(pairs)) != len(pairs):
        raise ContentError(file, "a size and approach appear twice")
    return evidence


def chaos_2015(name: str = EVIDENCE_FILE) -> pd.DataFrame:
    """The CHAOS 2015 table: per cent of projects successful, challenged and failed.

    Parameters
    ----------
    name : str, default ``"methods/evidence.yml"``
        The data file (a dataset name under ``datasets/`` or a path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(size, approach)`` with columns ``successful``,
        ``challenged`` and ``failed`` (per cent; each row adds up to 100).

    References
    ----------
    The Standish Group, *CHAOS Report 2015*, "CHAOS resolution by agile versus
    waterfall". Caveats: :func:`chaos_caveats`.

    Examples
    --------
    >>> chaos_2015().loc[("small", "waterfall")].tolist()
    [44, 45, 11]
    """
    rows = _load(name).rows
    frame = pd.DataFrame([row.model_dump() for row in rows])
    return frame.set_index(["size", "approach"])[["successful", "challenged", "failed"]]


def chaos_caveats(name: str = EVIDENCE_FILE) -> tuple[str, ...]:
    """The caveats that travel with the CHAOS figures, in the course's words."""
    return tuple(_load(name).caveats)


def chaos_source(name: str = EVIDENCE_FILE) -> ChaosSource:
    """The report the figures come from, and which of them were checked and how."""
    return _load(name).source


def success_ratio(size: str = "all", name: str = EVIDENCE_FILE) -> float:
    """How many times as often agile projects were reported successful as waterfall ones.

    Parameters
    ----------
    size : {"all", "large", "medium", "small"}, default "all"

    Examples
    --------
    >>> round(success_ratio(), 2)
    3.55
    >>> success_ratio("huge")
    Traceback (most recent call last):
    ...
    ValueError: size must be one of 'all', 'large', 'medium', 'small'; got 'huge'
    """
    size = check_choice("size", size, list(SIZES))
    table = chaos_2015(name)
    return float(table.loc[(size, "agile"), "successful"]
                 / table.loc[(size, "waterfall"), "successful"])
