"""The trainer's class views in implcourse.workshop.classroom (issue 14).

Small classes worked by hand (the expected numbers are counted in the
comments, event by event), and a property: on any synthetic class, the
counts stay within the room, and the mastery heat map agrees with each
learner's own ProgressStore summary, computed by replaying that learner's
events into a temporary SQLite store. All data here is synthetic.
"""

from __future__ import annotations

import io
import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse import course, quiz
from implcourse.progress import ProgressStore
from implcourse.workshop import classroom as cr

START = pd.Timestamp("2026-03-02 09:00", tz="UTC")


def frame(rows):
    """An events table as the lead's class_records builds it, from
    (learner, kind, item, lesson, topic, correct) rows in time order."""
    records = []
    for number, (learner, kind, item, lesson, topic, correct) in enumerate(rows, start=1):
        records.append({"learner": learner, "id": number,
                        "at": START + pd.Timedelta(minutes=number), "kind": kind,
                        "item": item, "lesson": lesson, "topic": topic, "correct": correct,
                        "answer": "B" if kind == "question" else None,
                        "seconds": 10.0 if kind == "question" else math.nan})
    table = pd.DataFrame(records, columns=list(cr.EVENT_COLUMNS))
    table["at"] = pd.to_datetime(table["at"], utc=True)
    table["correct"] = table["correct"].astype("boolean")
    table["seconds"] = table["seconds"].astype("float64")
    return table


# A room of four; dee never starts. Lesson 01 topic "phases" holds exercise
# 01.order and question q1; lesson 02 topic "roles" holds exercise 02.raci.
ROOM = ["ada", "ben", "cy", "dee"]
ROWS = [
    ("ada", "exercise", "01.order", "01", "phases", False),   # ada: wrong first
    ("ada", "exercise", "01.order", "01", "phases", True),    #      then right
    ("ben", "exercise", "01.order", "01", "phases", True),    # ben: right first time
    ("cy", "solution", "01.order", "01", "phases", None),     # cy: solution first,
    ("cy", "exercise", "01.order", "01", "phases", True),     #     then right: not first time
    ("ada", "question", "q1", "01", "phases", True),          # ada: q1 right first
    ("ben", "question", "q1", "01", "phases", False),         # ben: q1 wrong, still wrong
    ("ben", "exercise", "02.raci", "02", "roles", True),      # ben: right first time
    ("ben", "solution", "02.raci", "02", "roles", None),      #      solution after: still first
    ("ada", "solution", "02.raci", "02", "roles", None),      # ada: saw it, never tried
]


def test_by_exercise_counts_a_room_worked_by_hand():
    table = cr.by_exercise(frame(ROWS), ROOM).set_index("item")
    # 01.order: tried by ada, ben, cy; right now all three; first time only ben;
    # solution seen by cy.
    assert table.loc["01.order", ["attempted", "right_now", "right_first_time",
                                  "solution_seen"]].tolist() == [3, 3, 1, 1]
    # q1: ada right, ben wrong.
    assert table.loc["q1", ["attempted", "right_now", "right_first_time",
                            "solution_seen"]].tolist() == [2, 1, 1, 0]
    # 02.raci: only ben tried (right first); ben and ada saw the solution.
    assert table.loc["02.raci", ["attempted", "right_now", "right_first_time",
                                 "solution_seen"]].tolist() == [1, 1, 1, 2]
    assert set(table["participants"]) == {4}
    assert table.loc["q1", "kind"] == "question"
    assert table.loc["02.raci", "lesson_label"] == course.get_lesson("02").label


def test_by_lesson_counts_who_worked_in_each_lesson():
    table = cr.by_lesson(frame(ROWS), ROOM).set_index("lesson")
    # Lesson 01: ada, ben, cy; items: ada 2, ben 2, cy 1 = 5 attempted; right now:
    # ada 2, ben 1 (01.order), cy 1 = 4; first time: ada q1, ben 01.order = 2.
    assert table.loc["01", ["started", "attempted", "right_now", "right_first_time"]].tolist() \
        == [3, 5, 4, 2]
    # Lesson 02: ben tried 02.raci, ada only saw its solution (she still worked in it).
    assert table.loc["02", ["started", "attempted", "right_now", "right_first_time"]].tolist() \
        == [2, 1, 1, 1]
    assert set(table["participants"]) == {4}


def test_by_learner_includes_everyone_with_zeros_for_no_event():
    table = cr.by_learner(frame(ROWS), ROOM)
    assert table.index.tolist() == ROOM
    # ada: 01.order (right now, not first), q1 (right first); saw 02.raci's solution.
    assert table.loc["ada", ["lessons_touched", "items_attempted", "right_now",
                             "right_first_time", "solutions_seen"]].tolist() == [2, 2, 2, 1, 1]
    # ben: 01.order first, q1 wrong, 02.raci first (solution after).
    assert table.loc["ben", ["lessons_touched", "items_attempted", "right_now",
                             "right_first_time", "solutions_seen"]].tolist() == [2, 3, 2, 2, 1]
    assert table.loc["cy", ["items_attempted", "right_first_time", "solutions_seen"]].tolist() \
        == [1, 0, 1]
    assert table.loc["dee"].drop("last_activity").tolist() == [0, 0, 0, 0, 0]
    assert pd.isna(table.loc["dee", "last_activity"])
    assert table.loc["ada", "last_activity"] == START + pd.Timedelta(minutes=10)


def test_not_started_lists_the_participants_without_an_event():
    assert cr.not_started(frame(ROWS), ROOM) == ["dee"]
    assert cr.not_started(frame(ROWS[:1]), ROOM) == ["ben", "cy", "dee"]
    assert cr.not_started(frame([]), ["b", "a"]) == ["a", "b"]


def test_a_learner_with_events_but_missing_from_the_list_still_counts():
    assert cr.participants(frame(ROWS), ["dee"]) == ROOM
    assert cr.by_learner(frame(ROWS), ["dee"]).index.tolist() == ROOM


def test_mastery_is_the_share_right_first_time_per_topic():
    table = cr.mastery(frame(ROWS), ROOM)
    phases = ("01", course.topic_name("01", "phases"))
    roles = ("02", course.topic_name("02", "roles"))
    assert table.columns.tolist() == [phases, roles]
    assert table.index.tolist() == ROOM
    assert table.loc["ada", phases] == 0.5    # q1 of 01.order and q1
    assert table.loc["ben", phases] == 0.5    # 01.order yes, q1 no
    assert table.loc["cy", phases] == 0.0     # solution before the attempt
    assert table.loc["ben", roles] == 1.0
    assert math.isnan(table.loc["ada", roles])  # saw the solution, never tried
    assert table.loc["dee"].isna().all()


def test_most_missed_orders_by_count_then_share_then_id():
    rows = [
        ("a", "exercise", "01.zeta", "01", "phases", False),   # zeta: 1 of 1 missed
        ("a", "exercise", "01.beta", "01", "phases", False),   # beta: 2 of 2 missed
        ("b", "exercise", "01.beta", "01", "phases", False),
        ("a", "exercise", "01.alpha", "01", "phases", False),  # alpha: 1 of 1 missed
        ("a", "exercise", "01.half", "01", "phases", True),    # half: 1 of 2 missed
        ("b", "exercise", "01.half", "01", "phases", False),
        ("a", "exercise", "01.good", "01", "phases", True),    # good: nobody missed
    ]
    # Two participants started: the threshold is 3, nothing reaches it, so all count.
    table = cr.most_missed(frame(rows))
    assert table["item"].tolist() == ["01.beta", "01.alpha", "01.zeta", "01.half"]
    assert table["share"].tolist() == [1.0, 1.0, 1.0, 0.5]
    assert table["missed"].tolist() == [2, 1, 1, 1]
    assert table.loc[0, "what"] == "Exercise 01.beta"
    assert cr.most_missed(frame(rows), n=2)["item"].tolist() == ["01.beta", "01.alpha"]


def _tries(item, results):
    """One first attempt per participant p0, p1, ... with the given results."""
    return [(f"p{n}", "exercise", item, "01", "phases", right)
            for n, right in enumerate(results)]


def test_most_missed_puts_more_people_missed_before_a_higher_share():
    # "many": 4 of 8 missed (50 %); "few": 3 of 3 missed (100 %); "some": 3 of 6.
    rows = (_tries("01.many", [False] * 4 + [True] * 4) + _tries("01.few", [False] * 3)
            + _tries("01.some", [False] * 3 + [True] * 3))
    table = cr.most_missed(frame(rows))
    # Eight started: the threshold is max(3, 1.6) = 3, every item reaches it.
    assert table["item"].tolist() == ["01.many", "01.few", "01.some"]
    assert table["missed"].tolist() == [4, 3, 3]


def test_most_missed_leaves_out_items_few_have_tried():
    # 20 started (p0..p19 all try 01.all); the threshold is max(3, 20 % of 20) = 4.
    rows = (_tries("01.all", [False] * 5 + [True] * 15)
            + _tries("01.three", [False] * 3)          # 3 tried: left out
            + _tries("01.four", [False] * 2 + [True] * 2))  # 4 tried: kept
    assert cr.missed_threshold(20) == 4
    table = cr.most_missed(frame(rows))
    assert table["item"].tolist() == ["01.all", "01.four"]
    # With 01.all gone, 4 participants have started: threshold 3, 01.three counts again.
    rest = cr.most_missed(frame([row for row in rows if row[2] != "01.all"]))
    assert table["item"].tolist() != rest["item"].tolist()
    assert rest["item"].tolist() == ["01.three", "01.four"]


def test_most_missed_shows_everything_when_nothing_reaches_the_threshold():
    # Both missed by one participant: 01.b by 1 of 1, 01.a by 1 of 2.
    rows = _tries("01.a", [False, True]) + _tries("01.b", [False])
    assert cr.missed_threshold(2) == 3
    assert cr.most_missed(frame(rows))["item"].tolist() == ["01.b", "01.a"]


def test_missed_threshold_is_three_or_a_fifth_of_the_started_rounded_up():
    assert [cr.missed_threshold(n) for n in (0, 1, 15, 16, 25, 26, 30)] == \
        [3, 3, 3, 4, 5, 6, 6]
    with pytest.raises(ValueError, match="started"):
        cr.missed_threshold(-1)


def _at(rows_and_minutes):
    """Events with explicit times: (learner, minute) pairs, each a right exercise."""
    table = frame([(who, "exercise", f"01.e{n}", "01", "phases", True)
                   for n, (who, _) in enumerate(rows_and_minutes)])
    table["at"] = [START + pd.Timedelta(minutes=m) for _, m in rows_and_minutes]
    return table


def test_quiet_counts_from_the_newest_event_in_the_room_not_the_clock():
    # ada last at 0, ben at 20, cy at 25, dee at 35 (newest), eve never.
    events = _at([("ada", 0), ("ben", 20), ("cy", 25.5), ("dee", 35)])
    room = ["ada", "ben", "cy", "dee", "eve"]
    # ada 35 min, ben 15 min, cy 9.5 min (not yet), dee 0; eve has not started.
    assert cr.quiet(events, room) == [("ada", 35), ("ben", 15)]
    assert cr.quiet(events, room, minutes=5) == [("ada", 35), ("ben", 15), ("cy", 9)]
    # Exactly ten minutes counts ("10 minutes or more").
    assert cr.quiet(_at([("ada", 0), ("ben", 10)]), ["ada", "ben"]) == [("ada", 10)]
    # The same room an hour later by the wall clock: nothing changes.
    later = events.assign(at=events["at"] + pd.Timedelta(hours=1))
    assert cr.quiet(later, room) == cr.quiet(events, room)
    assert cr.quiet(frame([]), room) == []
    with pytest.raises(ValueError, match="minutes"):
        cr.quiet(events, room, minutes=-1)


def test_class_summary_lists_the_quiet():
    events = _at([("ada", 0), ("ben", 12)])
    assert cr.class_summary(events, ["ada", "ben"])["quiet"] == [
        {"learner": "ada", "minutes": 12}]


def test_short_lesson_labels_are_the_id_and_the_titles_first_words():
    assert cr.short_lesson_label("01") == "01 Implementation lifecycle"
    assert cr.short_lesson_label("nope") == "nope"
    for lesson in course.load_course():
        label = cr.short_lesson_label(lesson.id)
        lesson_id, _, words = label.partition(" ")
        assert lesson_id == lesson.id
        assert 1 <= len(words.split()) <= 3, label
        assert len(words) <= 24, label
        title = " ".join(w.strip(":,;.") for w in lesson.title.split()).lower()
        assert words.lower() in title, label
        assert words.split()[-1].lower() not in {"and", "the", "of", "with", "or"}, label


def test_most_missed_counts_right_after_the_solution_as_missed():
    table = cr.most_missed(frame(ROWS)).set_index("item")
    # 01.order: ada wrong first, cy right only after the solution: 2 of 3.
    assert table.loc["01.order", ["attempted", "missed"]].tolist() == [3, 2]
    assert table.loc["01.order", "share"] == pytest.approx(2 / 3)
    assert "02.raci" not in table.index


def test_most_missed_shows_the_question_stem_shortened():
    question = max(quiz.load_bank(), key=lambda q: len(q.stem))
    assert len(question.stem) > cr.STEM_LENGTH  # the bank has a long stem to cut
    rows = [("a", "question", question.id, question.lesson, question.topic, False)]
    what = cr.most_missed(frame(rows)).loc[0, "what"]
    assert what.endswith("…") and len(what) <= cr.STEM_LENGTH
    assert " ".join(question.stem.split()).startswith(what[:-1])


def test_an_unreadable_row_is_left_out_of_the_counts_but_kept_in_the_export():
    events = frame(ROWS)
    bad = events.iloc[[0]].copy()
    bad["kind"] = "bookmark"
    bad["id"] = 99
    events = pd.concat([events, bad], ignore_index=True)
    assert cr.by_exercise(events, ROOM).equals(cr.by_exercise(frame(ROWS), ROOM))
    assert len(pd.read_csv(io.StringIO(cr.records_csv(events)))) == len(ROWS) + 1


def test_records_csv_has_one_row_per_event_learner_first_and_iso_times():
    events = frame(ROWS)
    events.loc[5, "answer"] = "=HYPERLINK(\"x\")"
    events.loc[6, "answer"] = "-1200"
    text = cr.records_csv(events)
    back = pd.read_csv(io.StringIO(text), dtype={"lesson": str, "answer": str})
    assert back.columns.tolist() == list(cr.EVENT_COLUMNS)
    assert len(back) == len(ROWS)
    assert back["learner"].tolist() == [row[0] for row in ROWS]
    assert (pd.to_datetime(back["at"], utc=True) == events["at"]).all()
    assert back["at"][0] == "2026-03-02T09:01:00+00:00"
    assert back.loc[5, "answer"].startswith("'=")  # never run as a formula
    assert back.loc[6, "answer"] == "-1200"        # a number stays a number
    assert back["correct"].isna().sum() == 3       # the three solutions


def test_class_summary_is_json_ready_and_matches_the_views():
    import json

    data = cr.class_summary(frame(ROWS), ROOM)
    json.dumps(data, allow_nan=False)
    assert (data["participants"], data["started"], data["not_started"]) == (4, 3, 1)
    assert data["mastery"]["rows"]["ada"][1] is None
    assert [row["item"] for row in data["by_exercise"]] == ["01.order", "q1", "02.raci"]


def test_the_views_of_an_empty_class():
    empty = frame([])
    assert cr.by_exercise(empty, ["a"]).empty
    assert cr.most_missed(empty).empty
    assert cr.mastery(empty, ["a"]).shape == (1, 0)
    assert cr.by_learner(empty, ["a"]).loc["a", "items_attempted"] == 0
    assert cr.records_csv(empty).strip() == ",".join(cr.EVENT_COLUMNS)


@pytest.mark.parametrize("call", [
    lambda: cr.by_exercise([], ROOM),
    lambda: cr.by_learner("events", ROOM),
    lambda: cr.records_csv({"learner": []}),
])
def test_events_must_be_a_dataframe(call):
    with pytest.raises(TypeError, match="events"):
        call()


def test_events_need_every_column_and_learners_must_be_names():
    with pytest.raises(ValueError, match="events has no column 'topic'"):
        cr.mastery(frame(ROWS).drop(columns="topic"), ROOM)
    with pytest.raises(TypeError, match="learners"):
        cr.not_started(frame(ROWS), "ada")
    with pytest.raises(TypeError, match="learners"):
        cr.by_learner(frame(ROWS), ["ada", 3])
    with pytest.raises(ValueError, match="learners"):
        cr.by_learner(frame(ROWS), ["ada", " "])
    with pytest.raises(ValueError, match="n must be >= 1"):
        cr.most_missed(frame(ROWS), n=0)


# --------------------------------------------------------------------------
# Property: any class, against each learner's own store
# --------------------------------------------------------------------------

LESSON_TOPICS = [("01", "phases"), ("01", "roles"), ("02", "raci")]


@st.composite
def classes(draw):
    """(learners, rows): a synthetic room and its events in time order."""
    learners = draw(st.lists(st.sampled_from(["ada", "ben", "cy", "dee", "eve"]), min_size=1,
                             max_size=5, unique=True))
    # An item belongs to one lesson and topic, as in the course.
    items = [(kind, f"{lesson}.{topic}.{kind[0]}{n}", lesson, topic)
             for lesson, topic in LESSON_TOPICS for kind in ("exercise", "question")
             for n in range(2)]
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        learner = draw(st.sampled_from(learners))
        kind, item, lesson, topic = draw(st.sampled_from(items))
        if kind == "exercise" and draw(st.booleans()) and draw(st.booleans()):
            rows.append((learner, "solution", item, lesson, topic, None))
        else:
            rows.append((learner, kind, item, lesson, topic, draw(st.booleans())))
    return learners, rows


def _replay(rows, learner: str, folder: Path) -> ProgressStore:
    store = ProgressStore(folder / learner)
    for who, kind, item, lesson, topic, correct in rows:
        if who != learner:
            continue
        if kind == "solution":
            store.record_solution_seen(item, lesson=lesson, topic=topic)
        elif kind == "question":
            store.record_attempt(item, correct, "B", 10.0, lesson=lesson, topic=topic)
        else:
            store.record(kind, item, lesson=lesson, topic=topic, correct=correct)
    return store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(classes())
def test_the_views_agree_with_each_learners_own_summary(room):
    learners, rows = room
    events = frame(rows)
    heat = cr.mastery(events, learners)
    per_learner = cr.by_learner(events, learners)
    per_item = cr.by_exercise(events, learners)
    n = len(learners)
    for column in ("attempted", "right_now", "right_first_time", "solution_seen"):
        assert (per_item[column] <= n).all()
    assert (per_item["right_first_time"] <= per_item["attempted"]).all()
    assert (per_item["right_now"] <= per_item["attempted"]).all()
    assert (cr.most_missed(events, n=100)["missed"] <= n).all()
    assert (cr.by_lesson(events, learners)["started"] <= n).all()
    assert sorted(cr.not_started(events, learners)) == sorted(
        set(learners) - {row[0] for row in rows})
    with tempfile.TemporaryDirectory() as folder:
        for learner in learners:
            summary = _replay(rows, learner, Path(folder)).summary()
            expected = {(lesson, course.topic_name(lesson, topic)): rate
                        for (lesson, topic), rate in summary["first_time_rate"].items()}
            shown = {key: value for key, value in heat.loc[learner].items()
                     if not math.isnan(value)}
            assert shown == pytest.approx(expected)
            assert per_learner.loc[learner, "items_attempted"] == summary["tried"].sum()
            assert per_learner.loc[learner, "right_now"] == summary["right_now"].sum()
            assert per_learner.loc[learner, "right_first_time"] == \
                summary["right_first_time"].sum()
