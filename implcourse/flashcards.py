"""Spaced-repetition flashcards of the glossary, scheduled by FSRS.

A card is a glossary term: the front shows the term, the back its
definition. After each card the learner rates how well they recalled it
(again, hard, good, easy). The `fsrs <https://pypi.org/project/fsrs/>`_
library (the Free Spaced Repetition Scheduler, which Anki offers as an optional
scheduler) turns the
rating into the card's next due time; we do not write our own scheduler.
Card states and the review log live in the progress store
(:meth:`implcourse.progress.ProgressStore.record_review`).

Scheduling is deterministic here: fuzzing (a random spread of due dates)
is off, and the time is passed in, so a test can replay a history.

Examples
--------
>>> from datetime import datetime, timezone
>>> now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
>>> state = review(None, "npv", 3, now)
>>> state["due"] > now.isoformat()
True
>>> queue({"npv": state}, ["npv", "irr"], now)
['irr']
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from .validation import check_int, check_str, shown

__all__ = ["review", "queue", "counts", "RATING_NAMES", "due_at", "replay", "again_soon",
           "AGAIN_SECONDS"]

#: A card due again within this many seconds (a lapse, a learning step) comes
#: back later in the same session.
AGAIN_SECONDS = 30 * 60

#: FSRS's ratings by number.
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _scheduler():
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


def _now(now: datetime | None, name: str = "now") -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    if not isinstance(now, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(now).__name__} {shown(now)}")
    if now.tzinfo is None:
        raise ValueError(f"{name} must carry a time zone (for example timezone.utc), "
                         f"got {shown(now)}")
    return now.astimezone(timezone.utc)


def _states(states) -> Mapping:
    if not isinstance(states, Mapping):
        raise TypeError(f"states must be a dict of card id -> state, got "
                        f"{type(states).__name__} {shown(states)}")
    return states


def _cards(cards) -> list[str]:
    if isinstance(cards, (str, bytes)) or not isinstance(cards, Sequence):
        raise TypeError(f"cards must be a list of card ids, got {type(cards).__name__} "
                        f"{shown(cards)}")
    return [check_str("cards item", card) for card in cards]


def review(state: Mapping | None, card: str, rating: int, now: datetime | None = None) -> dict:
    """The card's new state after a review with ``rating`` (1 again to 4 easy).

    Parameters
    ----------
    state : dict or None
        The card's state as stored (``fsrs.Card.to_dict()``), or None for a
        new card.
    card : str
        The card's id (a glossary term id).
    rating : int
        1 again, 2 hard, 3 good, 4 easy.
    now : datetime, optional
        The time of the review (now by default), with a time zone.
    """
    from fsrs import Card, Rating

    card = check_str("card", card)
    rating = check_int("rating", rating, minimum=1, maximum=4)
    now = _now(now)
    if state is None:
        current = Card(card_id=zlib.crc32(card.encode()) or 1, due=now)
    else:
        if not isinstance(state, Mapping):
            raise TypeError(f"state must be a dict or None, got {type(state).__name__}")
        try:
            current = Card.from_dict(dict(state))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ValueError(f"state of card {card!r} cannot be read ({err})") from None
        for name in ("stability", "difficulty"):
            value = getattr(current, name, None)
            if value is not None and not (isinstance(value, (int, float))
                                          and math.isfinite(value)):
                raise ValueError(f"state of card {card!r} cannot be read ({name} is "
                                 f"{shown(value)})")
        for name in ("due", "last_review"):
            value = getattr(current, name, None)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"state of card {card!r} cannot be read ({name} has no "
                                 "time zone)")
    try:
        updated, _ = _scheduler().review_card(current, Rating(rating), review_datetime=now)
    except (AssertionError, TypeError, ValueError, AttributeError) as err:
        raise ValueError(f"state of card {card!r} cannot be used ({type(err).__name__}: "
                         f"{err})") from None
    return updated.to_dict()


def again_soon(state: Mapping, now: datetime | None = None) -> bool:
    """Whether a card is due again within :data:`AGAIN_SECONDS` (so within this session).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    >>> again_soon(review(None, "npv", 1, now), now), again_soon(review(None, "npv", 4, now), now)
    (True, False)
    """
    return (due_at(state) - _now(now)).total_seconds() < AGAIN_SECONDS


def due_at(state: Mapping) -> datetime:
    """When a card is due next."""
    due = state.get("due") if isinstance(state, Mapping) else None
    if not isinstance(due, str):
        raise ValueError(f"state has no due time: {shown(state)}")
    try:
        when = datetime.fromisoformat(due)
    except ValueError:
        raise ValueError(f"state has a due time that is not a date: {shown(due)}") from None
    if when.tzinfo is None:
        raise ValueError(f"state has a due time without a time zone: {shown(due)}")
    return when


def _split(states: Mapping[str, Mapping], cards: Sequence[str], now: datetime):
    due, later, new = [], [], []
    for card in cards:
        state = states.get(card)
        if state is None:
            new.append(card)
            continue
        try:
            when = due_at(state)
        except ValueError:
            new.append(card)  # an unreadable state: study it again as new
            continue
        (due if when <= now else later).append((when, card))
    return [c for _, c in sorted(due)], [c for _, c in sorted(later)], new


def queue(states: Mapping[str, Mapping], cards: Sequence[str], now: datetime | None = None, *,
          new_limit: int = 10) -> list[str]:
    """The cards to study now: those due (most overdue first), then up to
    ``new_limit`` new ones in the given order.

    Examples
    --------
    >>> queue({}, ["a", "b", "c"], new_limit=2)
    ['a', 'b']
    """
    now = _now(now)
    new_limit = check_int("new_limit", new_limit, minimum=0)
    due, _, new = _split(_states(states), _cards(cards), now)
    return due + new[:new_limit]


def counts(states: Mapping[str, Mapping], cards: Sequence[str],
           now: datetime | None = None) -> dict[str, int]:
    """How many cards are new, due now, and scheduled for later.

    Examples
    --------
    >>> counts({}, ["a", "b"])
    {'new': 2, 'due': 0, 'later': 0}
    """
    due, later, new = _split(_states(states), _cards(cards), _now(now))
    return {"new": len(new), "due": len(due), "later": len(later)}


def replay(card: str, ratings: Sequence[int], start: datetime):
    """Review a new card with ``ratings`` in turn, each on the day it falls due.

    Shows how the intervals grow while a card is recalled, and shrink after
    a lapse.

    Returns
    -------
    pandas.DataFrame
        One row per review: ``review``, ``rating``, ``reviewed`` (days after
        ``start``), ``next_due`` (days after ``start``) and ``interval_days``.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> frame = replay("npv", [3, 3, 3, 3], datetime(2026, 1, 5, tzinfo=timezone.utc))
    >>> frame["interval_days"].is_monotonic_increasing
    True
    """
    import pandas as pd

    if start is None:
        raise TypeError("start must be a datetime with a time zone, got None")
    start = _now(start, "start")
    if isinstance(ratings, (str, bytes)) or not isinstance(ratings, Sequence) or not ratings:
        raise TypeError(f"ratings must be a non-empty list of ratings 1 to 4, got "
                        f"{shown(ratings)}")
    rows, state, when = [], None, start
    for number, rating in enumerate(ratings, start=1):
        state = review(state, card, rating, when)
        due = due_at(state)
        rows.append({"review": number, "rating": RATING_NAMES[int(rating)],
                     "reviewed": round((when - start).total_seconds() / 86400, 2),
                     "next_due": round((due - start).total_seconds() / 86400, 2),
                     "interval_days": round((due - when).total_seconds() / 86400, 2)})
        when = due
    return pd.DataFrame(rows)
