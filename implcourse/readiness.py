"""Go-live readiness: a weighted checklist and a go / no-go decision.

The checklist lives in ``datasets/lifecycle/golive_checklist.yml``. Each item
has a weight (1 to 5) and may be *blocking*: a blocking item that is not met
stops go-live whatever the score.

This is a teaching model of a go/no-go meeting, not a standard. The rule:

* readiness score = sum of the weights of the items met / sum of all weights;
* **GO** when every blocking item is met *and* the score reaches the
  threshold (0.8 by default); otherwise **NO-GO**.

Real go/no-go criteria are agreed per project, usually in the cutover plan,
and signed off by the sponsor or steering committee.

Examples
--------
>>> items = load_checklist()
>>> everything = assess({item.id: True for item in items})
>>> everything.decision, everything.score
('GO', 1.0)
>>> nothing = assess({})
>>> nothing.decision, len(nothing.blocking_open) == sum(i.blocking for i in items)
('NO-GO', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from .content import ContentModel, Slug, Text, load_entries
from .validation import check_number, shown, cached_by_names

__all__ = ["ChecklistItem", "Readiness", "load_checklist", "sample_status", "assess",
           "DEFAULT_THRESHOLD"]

CHECKLIST_FILE = "lifecycle/golive_checklist.yml"
DEFAULT_THRESHOLD = 0.8

Area = Literal["business", "data", "testing", "technical", "people", "support", "cutover"]


class ChecklistItem(ContentModel):
    """One go-live readiness criterion."""

    id: Slug
    area: Area
    text: Text
    why: Text
    weight: int = Field(ge=1, le=5)
    blocking: bool
    sample_met: bool = Field(description="Whether the item is met in the lesson's "
                             "sample scenario (the status at a synthetic go/no-go meeting).")


@cached_by_names
def load_checklist(name: str = CHECKLIST_FILE) -> tuple[ChecklistItem, ...]:
    """The go-live readiness checklist (or another file named by ``name``), validated."""
    return load_entries(name, ChecklistItem, key="items")


def sample_status() -> dict[str, bool]:
    """The status of every item in the lesson's synthetic sample scenario.

    Examples
    --------
    >>> assess(sample_status()).decision
    'NO-GO'
    """
    return {item.id: item.sample_met for item in load_checklist()}


@dataclass(frozen=True)
class Readiness:
    """The result of :func:`assess`.

    Attributes
    ----------
    score : float
        Weighted share of the items met, 0 to 1.
    threshold : float
        The score needed for GO.
    decision : {"GO", "NO-GO"}
    blocking_open : list of ChecklistItem
        Blocking items not met; any one of them means NO-GO.
    other_open : list of ChecklistItem
        Non-blocking items not met (conditions to track after go-live).
    reasons : list of str
        Why the decision came out as it did, in plain words.
    """

    score: float
    threshold: float
    decision: Literal["GO", "NO-GO"]
    blocking_open: list[ChecklistItem]
    other_open: list[ChecklistItem]
    reasons: list[str]

    @property
    def go(self) -> bool:
        """True for GO."""
        return self.decision == "GO"


def assess(status: Mapping[str, bool] | Iterable[str],
           threshold: float = DEFAULT_THRESHOLD,
           items: Sequence[ChecklistItem] | None = None) -> Readiness:
    """Score go-live readiness and decide go or no-go.

    Parameters
    ----------
    status : dict or iterable of str
        Either a mapping from item id to ``True``/``False`` (missing ids
        count as not met), or the ids of the items that are met.
    threshold : float, default 0.8
        The readiness score needed for GO, between 0 and 1.
    items : sequence of ChecklistItem, optional
        The checklist; by default the course's.

    Returns
    -------
    Readiness

    Raises
    ------
    ValueError
        If ``status`` names an unknown item, ``threshold`` is outside
        [0, 1], or ``items`` is empty.
    TypeError
        If a status value is not a bool.

    Examples
    --------
    >>> ids = [item.id for item in load_checklist()]
    >>> assess(ids, threshold=1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be <= 1, got 1.5
    >>> assess(["not_an_item"])
    Traceback (most recent call last):
    ...
    ValueError: status names unknown item 'not_an_item'; the checklist's items are ...
    """
    threshold = check_number("threshold", threshold, minimum=0, maximum=1)
    if items is not None and (isinstance(items, (str, bytes, Mapping))
                              or not isinstance(items, Iterable)):
        raise TypeError(f"items must be a list of ChecklistItem, got {type(items).__name__} "
                        f"{shown(items)}")
    items = tuple(load_checklist() if items is None else items)
    if not items:
        raise ValueError("items must hold at least one checklist item, got none")
    for i, item in enumerate(items):
        if not isinstance(item, ChecklistItem):
            raise TypeError(f"items[{i}] must be a ChecklistItem, got {type(item).__name__}")
    known = {item.id for item in items}
    if isinstance(status, Mapping):
        met: set[str] = set()
        for key, value in status.items():
            if not isinstance(value, bool):
                raise TypeError(f"status[{key!r}] must be True or False, "
                                f"got {type(value).__name__} {value!r}")
            if value:
                met.add(key)
        named = set(status)
    elif isinstance(status, (str, bytes)) or not isinstance(status, Iterable):
        raise TypeError(f"status must be a dict of id -> bool or a list of ids, "
                        f"got {type(status).__name__}")
    else:
        met = named = set(status)
    unknown = sorted(named - known)
    if unknown:
        listed = ", ".join(sorted(known)) if len(known) <= 30 else f"{len(known)} ids"
        raise ValueError(f"status names unknown item {unknown[0]!r}; the checklist's items "
                         f"are {listed}")
    total = sum(item.weight for item in items)
    score = sum(item.weight for item in items if item.id in met) / total
    blocking_open = [item for item in items if item.blocking and item.id not in met]
    other_open = [item for item in items if not item.blocking and item.id not in met]
    reasons = []
    if blocking_open:
        reasons.append(f"{len(blocking_open)} blocking item(s) not met")
    if score < threshold:
        reasons.append(f"score {score:.0%} is below the {threshold:.0%} threshold")
    decision: Literal["GO", "NO-GO"] = "NO-GO" if reasons else "GO"
    if not reasons:
        reasons.append(f"every blocking item met and score {score:.0%} "
                       f"reaches the {threshold:.0%} threshold")
    return Readiness(score=score, threshold=threshold, decision=decision,
                     blocking_open=blocking_open, other_open=other_open, reasons=reasons)
