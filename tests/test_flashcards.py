"""Spaced-repetition flashcards in implcourse.flashcards, scheduled by FSRS.

The scheduling itself is the fsrs library's: these tests check that
``review`` gives what calling ``fsrs.Scheduler(enable_fuzzing=False)``
directly gives for the same card and times, that the queue and counts sort
cards as documented, that ``replay`` follows the same history, that bad
input is refused naming the parameter, and that the progress store keeps
card states and the review log.
"""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import flashcards
from implcourse.flashcards import RATING_NAMES, counts, due_at, queue, replay, review
from implcourse.progress import ProgressStore

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
SCHEDULER = Scheduler(enable_fuzzing=False)


def without_id(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "card_id"}


def direct(ratings_and_times, start: datetime):
    """The states fsrs itself gives a new card reviewed with these ratings at these times."""
    card = Card(due=start)
    states = []
    for rating, when in ratings_and_times:
        card, _ = SCHEDULER.review_card(card, Rating(rating), review_datetime=when)
        states.append(card.to_dict())
    return states


HISTORY = st.lists(st.tuples(st.integers(1, 4), st.integers(0, 60 * 24 * 90)),
                   min_size=1, max_size=8)


# --------------------------------------------------------------------------
# review against fsrs
# --------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(history=HISTORY)
def test_review_equals_fsrs_directly(history):
    """A history of ratings, each some minutes after the previous review."""
    times, when = [], NOW
    for _, minutes in history:
        when = when + timedelta(minutes=minutes)
        times.append(when)
    pairs = [(rating, t) for (rating, _), t in zip(history, times)]
    expected = direct(pairs, NOW)
    state = None
    for (rating, when), want in zip(pairs, expected):
        state = review(state, "npv", rating, when)
        assert without_id(state) == without_id(want)
        # The state survives the progress store's JSON round trip.
        state = json.loads(json.dumps(state))


def test_review_of_a_new_card_at_creation_time():
    for rating in (1, 2, 3, 4):
        (want,) = direct([(rating, NOW)], NOW)
        got = review(None, "irr", rating, NOW)
        assert without_id(got) == without_id(want)
        assert isinstance(got["card_id"], int) and got["card_id"] > 0


def test_card_id_is_stable_per_card():
    assert review(None, "npv", 3, NOW)["card_id"] == review(None, "npv", 1, NOW)["card_id"]
    assert review(None, "npv", 3, NOW)["card_id"] != review(None, "irr", 3, NOW)["card_id"]


def test_review_converts_the_time_to_utc():
    paris = timezone(timedelta(hours=1))
    local = NOW.astimezone(paris)
    assert review(None, "npv", 3, local) == review(None, "npv", 3, NOW)


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_a_new_card_is_due_later_than_now(rating):
    state = review(None, "npv", rating, NOW)
    assert due_at(state) > NOW
    assert datetime.fromisoformat(state["last_review"]) == NOW


def test_again_gives_a_shorter_interval_than_easy():
    # A new card.
    due = {r: due_at(review(None, "npv", r, NOW)) for r in (1, 2, 3, 4)}
    assert due[1] < due[3] < due[4]
    assert due[2] <= due[3]
    # A card in review after three good recalls, each on its due day.
    state, when = None, NOW
    for _ in range(3):
        state = review(state, "npv", 3, when)
        when = due_at(state)
    due = {r: due_at(review(state, "npv", r, when)) for r in (1, 2, 3, 4)}
    assert due[1] < due[2] < due[3] < due[4]
    assert due[1] - when < timedelta(days=1) < due[4] - when


# --------------------------------------------------------------------------
# queue and counts
# --------------------------------------------------------------------------

def state_due(when: datetime) -> dict:
    state = review(None, "x", 3, when - timedelta(days=30))
    state["due"] = when.isoformat()
    return state


STATES = {
    "overdue_3": state_due(NOW - timedelta(days=3)),
    "overdue_1": state_due(NOW - timedelta(days=1)),
    "due_now": state_due(NOW),
    "overdue_1b": state_due(NOW - timedelta(days=1)),
    "later_1": state_due(NOW + timedelta(days=1)),
    "later_9": state_due(NOW + timedelta(days=9)),
}
NEW = ["new_c", "new_a", "new_b"]


def test_queue_order_due_first_most_overdue_first_then_new():
    cards = ["later_9", "new_c", "overdue_1", "due_now", "new_a", "overdue_3", "later_1",
             "new_b", "overdue_1b"]
    got = queue(STATES, cards, NOW)
    assert got == ["overdue_3", "overdue_1", "overdue_1b", "due_now", "new_c", "new_a", "new_b"]
    assert queue(STATES, cards, NOW, new_limit=2)[-2:] == ["new_c", "new_a"]
    assert queue(STATES, cards, NOW, new_limit=0) == ["overdue_3", "overdue_1", "overdue_1b",
                                                      "due_now"]
    # Nine days on, everything is due, the furthest overdue first.
    later = NOW + timedelta(days=9)
    assert queue(STATES, cards, later, new_limit=0) == [
        "overdue_3", "overdue_1", "overdue_1b", "due_now", "later_1", "later_9"]


def test_queue_only_the_cards_asked_about():
    assert queue(STATES, ["overdue_1", "later_1"], NOW) == ["overdue_1"]
    assert queue(STATES, [], NOW) == []


@settings(max_examples=60, deadline=None)
@given(offsets=st.dictionaries(st.sampled_from([f"c{i}" for i in range(12)]),
                               st.one_of(st.none(), st.integers(-5000, 5000)), max_size=12),
       limit=st.integers(0, 12))
def test_queue_and_counts_brute_force(offsets, limit):
    """Any mix of new cards (None) and cards due some minutes from now."""
    states = {card: state_due(NOW + timedelta(minutes=m)) for card, m in offsets.items()
              if m is not None}
    cards = list(offsets)
    due = [c for c in cards if c in states and offsets[c] <= 0]
    due.sort(key=lambda c: (offsets[c], c))
    new = [c for c in cards if c not in states]
    assert queue(states, cards, NOW, new_limit=limit) == due + new[:limit]
    later = [c for c in cards if c in states and offsets[c] > 0]
    assert counts(states, cards, NOW) == {"new": len(new), "due": len(due), "later": len(later)}


def test_counts():
    cards = list(STATES) + NEW
    assert counts(STATES, cards, NOW) == {"new": 3, "due": 4, "later": 2}
    assert counts({}, ["a", "b"], NOW) == {"new": 2, "due": 0, "later": 0}
    assert counts(STATES, [], NOW) == {"new": 0, "due": 0, "later": 0}


def test_an_unreadable_stored_state_is_studied_as_new():
    states = {"a": {"due": "not a time"}, "b": {"no_due": 1}, "c": "junk"}
    assert queue(states, ["a", "b", "c"], NOW) == ["a", "b", "c"]
    assert counts(states, ["a", "b", "c"], NOW) == {"new": 3, "due": 0, "later": 0}


def test_a_stored_due_time_without_a_zone_is_studied_as_new():
    """A due time that cannot be compared with ``now`` is unreadable: new, not a crash."""
    states = {"a": {**STATES["overdue_1"], "due": "2026-03-01T09:30:00"}}
    assert queue(states, ["a"], NOW) == ["a"]
    assert counts(states, ["a"], NOW) == {"new": 1, "due": 0, "later": 0}


# --------------------------------------------------------------------------
# replay
# --------------------------------------------------------------------------

def days(delta: timedelta) -> float:
    return round(delta.total_seconds() / 86400, 2)


@pytest.mark.parametrize("ratings", [[3, 3, 3, 3, 3, 3], [4, 4, 4], [3, 3, 3, 1, 3, 3],
                                     [1, 1, 2, 3], [2, 3, 4, 1]])
def test_replay_follows_fsrs_each_review_on_its_due_day(ratings):
    frame = replay("npv", ratings, NOW)
    assert list(frame.columns) == ["review", "rating", "reviewed", "next_due", "interval_days"]
    assert list(frame["review"]) == list(range(1, len(ratings) + 1))
    assert list(frame["rating"]) == [RATING_NAMES[r] for r in ratings]
    card, when = Card(due=NOW), NOW
    for rating, row in zip(ratings, frame.itertuples()):
        card, _ = SCHEDULER.review_card(card, Rating(rating), review_datetime=when)
        assert row.reviewed == days(when - NOW)
        assert row.next_due == days(card.due - NOW)
        assert row.interval_days == days(card.due - when)
        when = card.due


def test_replay_intervals_grow_with_good_and_shrink_after_a_lapse():
    good = replay("npv", [3] * 7, NOW)["interval_days"].tolist()
    assert all(a < b for a, b in zip(good, good[1:])), good
    assert good[-1] > 365
    lapse = replay("npv", [3, 3, 3, 3, 1], NOW)["interval_days"].tolist()
    assert lapse[-1] < lapse[-2]
    assert lapse[-1] < 1


def test_rating_names_are_fsrs_ratings():
    assert RATING_NAMES == {int(r): r.name for r in Rating}


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

GOOD_STATE = review(None, "npv", 3, NOW)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"now": datetime(2026, 3, 2, 9, 30)}, ValueError, "now"),
    ({"now": "2026-03-02"}, TypeError, "now"),
    ({"now": NOW.date()}, TypeError, "now"),
    ({"rating": 0}, ValueError, "rating"),
    ({"rating": 5}, ValueError, "rating"),
    ({"rating": -1}, ValueError, "rating"),
    ({"rating": True}, TypeError, "rating"),
    ({"rating": 3.0}, TypeError, "rating"),
    ({"rating": "3"}, TypeError, "rating"),
    ({"rating": Rating.Good}, None, None),
    ({"card": ""}, ValueError, "card"),
    ({"card": 3}, TypeError, "card"),
    ({"card": None}, TypeError, "card"),
    ({"state": "x"}, TypeError, "state"),
    ({"state": ["due"]}, TypeError, "state"),
    ({"state": {}}, ValueError, "state"),
    ({"state": {"due": "yesterday"}}, ValueError, "state"),
    ({"state": {**GOOD_STATE, "due": "yesterday"}}, ValueError, "state"),
    ({"state": {**GOOD_STATE, "state": 9}}, ValueError, "state"),
    ({"state": {**GOOD_STATE, "stability": "high"}}, ValueError, "state"),
])
def test_review_refuses_bad_input_naming_the_parameter(kwargs, error, words):
    args = {"state": GOOD_STATE, "card": "npv", "rating": 3, "now": NOW + timedelta(days=1),
            **kwargs}
    if error is None:  # an IntEnum rating is an integer: accepted
        assert review(**args) == review(**{**args, "rating": 3})
        return
    with pytest.raises(error, match=words):
        review(**args)


@pytest.mark.parametrize("broken", [
    {"last_review": "2026-03-02T09:30:00"},          # a time without a zone
    {"state": 2, "step": None, "stability": None},  # in review, but no stability
    {"difficulty": float("nan")},                    # not a number
], ids=["naive-last-review", "review-without-stability", "nan-difficulty"])
def test_review_refuses_an_unreadable_stored_state_naming_state(broken):
    """A damaged stored state is refused with a ValueError naming ``state``,
    like the other unreadable states above."""
    state = {**GOOD_STATE, **broken}
    with pytest.raises(ValueError, match="state"):
        review(state, "npv", 3, NOW + timedelta(days=2))


@pytest.mark.parametrize("call, error, words", [
    pytest.param(lambda: queue({}, ["a"], datetime(2026, 1, 1)), ValueError, "now",
                 id="queue-naive-now"),
    pytest.param(lambda: queue({}, ["a"], "today"), TypeError, "now", id="queue-text-now"),
    pytest.param(lambda: queue({}, "abc", NOW), TypeError, "cards", id="queue-cards-str"),
    pytest.param(lambda: queue({}, ["a"], NOW, new_limit=-1), ValueError, "new_limit",
                 id="queue-negative-limit"),
    pytest.param(lambda: queue({}, ["a"], NOW, new_limit=True), TypeError, "new_limit",
                 id="queue-bool-limit"),
    pytest.param(lambda: queue({}, ["a"], NOW, new_limit=1.5), TypeError, "new_limit",
                 id="queue-float-limit"),
    pytest.param(lambda: counts({}, ["a"], datetime(2026, 1, 1)), ValueError, "now",
                 id="counts-naive-now"),
    pytest.param(lambda: counts({}, "abc", NOW), TypeError, "cards", id="counts-cards-str"),
    pytest.param(lambda: queue(None, ["a"], NOW), TypeError, "states", id="queue-states-none"),
    pytest.param(lambda: counts(None, ["a"], NOW), TypeError, "states",
                 id="counts-states-none"),
    pytest.param(lambda: queue(["a"], ["a"], NOW), TypeError, "states", id="queue-states-list"),
])
def test_queue_and_counts_refuse_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize("args, error, words", [
    (("npv", [3], datetime(2026, 1, 5)), ValueError, "start"),
    (("npv", [3], "2026-01-05"), TypeError, "start"),
    (("npv", [], NOW), TypeError, "ratings"),
    (("npv", "333", NOW), TypeError, "ratings"),
    (("npv", 3, NOW), TypeError, "ratings"),
    (("npv", [3, 0], NOW), ValueError, "rating"),
    (("npv", [3, 5], NOW), ValueError, "rating"),
    (("npv", [True], NOW), TypeError, "rating"),
    (("", [3], NOW), ValueError, "card"),
])
def test_replay_refuses_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        replay(*args)


def test_due_at_refuses_a_state_without_a_due_time():
    assert due_at(GOOD_STATE) == datetime.fromisoformat(GOOD_STATE["due"])
    with pytest.raises(ValueError, match="state"):
        due_at({})
    with pytest.raises(ValueError, match="state"):
        due_at("x")


# --------------------------------------------------------------------------
# The progress store
# --------------------------------------------------------------------------

def test_progress_store_keeps_reviews_and_card_states(tmp_path):
    store = ProgressStore(tmp_path / "home")
    history = [("npv", 3, 12.5), ("irr", 1, None), ("npv", 4, 3.0), ("irr", 3, 7.25)]
    states, when = {}, NOW
    for card, rating, seconds in history:
        states[card] = review(states.get(card), card, rating, when)
        store.record_review(card, rating, states[card], seconds=seconds)
        when += timedelta(days=1)
    log = store.reviews()
    assert log["card"].tolist() == [c for c, _, _ in history]
    assert log["rating"].tolist() == [r for _, r, _ in history]
    assert log["rating_name"].tolist() == [RATING_NAMES[r].lower() for _, r, _ in history]
    got_seconds = log["seconds"].tolist()
    assert got_seconds[0] == 12.5 and got_seconds[2:] == [3.0, 7.25]
    assert got_seconds[1] != got_seconds[1]  # NaN: not given
    assert log["at"].is_monotonic_increasing
    assert store.card_states() == states
    # A second store on the same folder reads the same; the states schedule on.
    again = ProgressStore(tmp_path / "home")
    assert again.card_states() == states
    assert queue(again.card_states(), ["npv", "irr", "tco"], when + timedelta(days=400)) == \
        sorted(["npv", "irr"], key=lambda c: (due_at(states[c]), c)) + ["tco"]
    store.reset()
    assert store.card_states() == {}
    assert store.reviews().empty
    assert again.card_states() == {}


@pytest.mark.parametrize("kwargs, error, words", [
    ({"card": ""}, ValueError, "card"),
    ({"card": 3}, TypeError, "card"),
    ({"rating": 0}, ValueError, "rating"),
    ({"rating": 5}, ValueError, "rating"),
    ({"rating": True}, (TypeError, ValueError), "rating"),
    ({"rating": 3.0}, (TypeError, ValueError), "rating"),
    ({"state": "x"}, TypeError, "state"),
    ({"state": {"difficulty": float("nan")}}, ValueError, "state"),
    ({"state": {"due": NOW}}, ValueError, "state"),
    ({"seconds": -1}, ValueError, "seconds"),
    ({"seconds": float("inf")}, ValueError, "seconds"),
])
def test_record_review_refuses_bad_input(tmp_path, kwargs, error, words):
    store = ProgressStore(tmp_path)
    args = {"card": "npv", "rating": 3, "state": GOOD_STATE, **kwargs}
    seconds = args.pop("seconds", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=words):
            store.record_review(args["card"], args["rating"], args["state"], seconds=seconds)
    assert store.reviews().empty


def test_module_exports():
    assert set(flashcards.__all__) >= {"review", "queue", "counts", "replay", "due_at"}
