"""The learner's progress store in implcourse.progress: first-attempt and
latest-attempt tallies against an independent count, ordering, robustness
to a damaged file or an unwritable folder, and input checks."""

from __future__ import annotations

import html
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import progress
from implcourse.progress import ProgressStore

COLUMNS = ["tried", "right_now", "right_first_time", "first_time_rate", "solutions_seen"]
SEEN = "seen"  # an event of a history: the worked solution was shown

# An item always belongs to one lesson and topic, as in the course.
ITEM = st.tuples(st.sampled_from(["exercise", "question"]), st.sampled_from(["01", "02", "03"]),
                 st.sampled_from(["phases", "roles", "golive"]))


@st.composite
def histories(draw):
    """(item -> (kind, lesson, topic), [(item, event), ...] oldest first).

    An event is an answer (True or False) or, for an exercise (questions have no
    worked solution), SEEN: its worked solution was shown.
    """
    n_items = draw(st.integers(1, 6))
    items = {}
    for i in range(n_items):
        kind, lesson, topic = draw(ITEM)
        name = f"{lesson}.ex{i}" if kind == "exercise" else f"lc-{lesson}-{i}"
        items[name] = (kind, lesson, topic)
    exercises = sorted(n for n, (kind, _, _) in items.items() if kind == "exercise")
    answer = st.tuples(st.sampled_from(sorted(items)), st.booleans())
    event = (st.one_of(answer, st.tuples(st.sampled_from(exercises), st.just(SEEN)))
             if exercises else answer)
    attempts = draw(st.lists(event, min_size=1, max_size=25))
    return items, attempts


def tally(items, attempts):
    """Independent count per (lesson, topic) of the items answered at least once:
    tried, right now, right first time (not if its solution was seen before its first
    answer) and solutions seen (items, answered or not, whose solution was shown)."""
    first, last, seen = {}, {}, set()
    for name, event in attempts:
        if event == SEEN:
            seen.add(name)
            continue
        if name not in first:
            first[name] = event and name not in seen
        last[name] = event
    out = {}
    for name in first:
        _, lesson, topic = items[name]
        row = out.setdefault((lesson, topic), [0, 0, 0, 0])
        row[0] += 1
        row[1] += last[name]
        row[2] += first[name]
    for name in seen:  # a topic nobody answered in is not listed, even with solutions seen
        _, lesson, topic = items[name]
        if (lesson, topic) in out:
            out[(lesson, topic)][3] += 1
    return out


def replay(store, items, attempts) -> None:
    for name, event in attempts:
        kind, lesson, topic = items[name]
        if event == SEEN:
            store.record_solution_seen(name, lesson=lesson, topic=topic)
        else:
            store.record(kind, name, lesson=lesson, topic=topic, correct=event)


@settings(max_examples=80, deadline=None)
@given(histories())
def test_summary_matches_an_independent_tally(history):
    items, attempts = history
    with tempfile.TemporaryDirectory() as home:
        store = ProgressStore(home)
        replay(store, items, attempts)
        table = store.summary()
        assert len(store.records()) == len(attempts)
    assert list(table.columns) == COLUMNS
    assert list(table.index.names) == ["lesson", "topic"]
    expected = tally(items, attempts)
    assert set(table.index) == set(expected)
    for key, (tried, now, first, seen) in expected.items():
        row = table.loc[key]
        assert [row["tried"], row["right_now"], row["right_first_time"],
                row["solutions_seen"]] == [tried, now, first, seen]
        assert row["first_time_rate"] == pytest.approx(first / tried)
    # Lessons in order; weakest topic (lowest first-time rate) first within each.
    keys = list(table.index)
    lessons = [lesson for lesson, _ in keys]
    assert lessons == sorted(lessons)
    for lesson in set(lessons):
        rates = table.loc[lesson]["first_time_rate"].tolist()
        assert rates == sorted(rates)


def test_solution_seen_before_the_first_answer_is_not_right_first_time(tmp_path):
    """Seen, then right: tried and right now, not right first time; seen after a first
    right answer: still right first time. Both count as solutions seen."""
    store = ProgressStore(tmp_path)
    store.record_solution_seen("01.a", lesson="01", topic="phases")
    store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    store.record("exercise", "01.b", lesson="01", topic="phases", correct=True)
    store.record_solution_seen("01.b", lesson="01", topic="phases")
    store.record_solution_seen("01.b", lesson="01", topic="phases")  # twice: one item
    row = store.summary().loc[("01", "phases")]
    assert row[["tried", "right_now", "right_first_time", "solutions_seen"]].tolist() == \
        [2, 2, 1, 2]


def test_solution_record_is_not_an_attempt(tmp_path):
    """A solution record has no result; alone, it lists no topic (nothing was tried)."""
    store = ProgressStore(tmp_path)
    store.record_solution_seen("01.a", lesson="01", topic="phases")
    (entry,) = store.records()
    assert entry["kind"] == progress.SOLUTION and "correct" not in entry
    assert (entry["item"], entry["lesson"], entry["topic"]) == ("01.a", "01", "phases")
    assert store.summary().empty
    assert progress.report(store) is None


def test_docstring_scenario_wrong_then_right():
    """Wrong then right: right now, but not right first time."""
    store = ProgressStore(tempfile.mkdtemp())
    store.record("exercise", "01.order", lesson="01", topic="phases", correct=False)
    store.record("exercise", "01.order", lesson="01", topic="phases", correct=True)
    store.record("question", "lc-01", lesson="01", topic="phases", correct=True)
    store.record("question", "lc-01", lesson="01", topic="phases", correct=False)
    row = store.summary().loc[("01", "phases")]
    assert row[["tried", "right_now", "right_first_time"]].tolist() == [2, 1, 1]
    assert row["first_time_rate"] == 0.5


def test_empty_summary_has_the_columns(progress_home):
    table = progress.summary()
    assert table.empty
    assert list(table.columns) == COLUMNS
    assert list(table.index.names) == ["lesson", "topic"]


def test_environment_variable_is_respected(progress_home):
    assert progress.default_home() == progress_home
    progress.record("question", "lc-01", lesson="01", topic="phases", correct=True)
    path = progress_home / "progress.sqlite3"
    assert path.is_file() and path.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(path) as conn:
        (row,) = conn.execute("SELECT kind, item, lesson, topic, correct FROM events").fetchall()
    conn.close()
    assert row == ("question", "lc-01", "01", "phases", 1)
    (entry,) = progress.ProgressStore().records()
    assert {k: entry[k] for k in ("kind", "item", "lesson", "topic", "correct")} == {
        "kind": "question", "item": "lc-01", "lesson": "01", "topic": "phases", "correct": True}
    assert progress.summary().loc[("01", "phases"), "tried"] == 1
    progress.reset()
    assert progress.ProgressStore().records() == []
    progress.reset()  # resetting twice is harmless
    assert progress.summary().empty


def test_default_home_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("IMPLCOURSE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.default_home() == tmp_path / ".implcourse"


def test_store_reads_the_variable_at_each_call(monkeypatch, tmp_path):
    store = ProgressStore()
    monkeypatch.setenv("IMPLCOURSE_HOME", str(tmp_path / "one"))
    assert store.path == tmp_path / "one" / "progress.sqlite3"
    monkeypatch.setenv("IMPLCOURSE_HOME", str(tmp_path / "two"))
    assert store.path == tmp_path / "two" / "progress.sqlite3"


GOOD = {"kind": "exercise", "item": "01.a", "lesson": "01", "topic": "phases", "correct": True}


def _write_lines(store: ProgressStore, lines: list[bytes]) -> None:
    """An old ``progress.jsonl`` next to the store: it is imported at the first use."""
    store.path.parent.mkdir(parents=True, exist_ok=True)
    (store.path.parent / "progress.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def test_damaged_lines_are_skipped(tmp_path):
    """Truncated JSON, non-objects, blank lines and lines missing keys are ignored."""
    store = ProgressStore(tmp_path)
    _write_lines(store, [
        json.dumps(GOOD).encode(),
        json.dumps(GOOD).encode()[:25],  # a line cut short by a crash
        b"",
        b"[1, 2, 3]",
        b"42",
        json.dumps({"item": "01.b", "lesson": "01"}).encode(),  # missing keys
        json.dumps(dict(GOOD, item="01.b", correct=False)).encode(),
    ])
    assert [r["item"] for r in store.records()] == ["01.a", "01.b"]
    row = store.summary().loc[("01", "phases")]
    assert row[["tried", "right_now", "right_first_time"]].tolist() == [2, 1, 1]


def test_line_with_a_non_boolean_result_is_skipped(tmp_path):
    """A damaged line whose ``correct`` is not true/false is skipped like any other."""
    store = ProgressStore(tmp_path)
    _write_lines(store, [json.dumps(GOOD).encode(),
                         json.dumps(dict(GOOD, item="01.b", correct="yes")).encode()])
    row = store.summary().loc[("01", "phases")]
    assert row[["tried", "right_now", "right_first_time"]].tolist() == [1, 1, 1]


def test_undecodable_bytes_are_skipped(tmp_path):
    """Bytes that are not UTF-8 (a damaged line) are skipped, not an error."""
    store = ProgressStore(tmp_path)
    _write_lines(store, [json.dumps(GOOD).encode(), b"\xff\xfe\x00garbage"])
    assert [r["item"] for r in store.records()] == ["01.a"]
    assert store.summary().loc[("01", "phases"), "tried"] == 1


def test_unwritable_home_records_nothing_and_says_so_once(tmp_path):
    """If the home 'folder' is a file, recording raises nothing, leaves the file alone
    and warns once in plain words, however many results are recorded."""
    home = tmp_path / "not_a_folder"
    home.write_text("I am a file", encoding="utf-8")
    store = ProgressStore(home)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
        store.record_solution_seen("01.a", lesson="01", topic="phases")
    (warning,) = [w for w in caught if issubclass(w.category, progress.ProgressWarning)]
    assert "not being saved" in str(warning.message) and "is a file, so the folder" in \
        str(warning.message) and "IMPLCOURSE_HOME" in str(warning.message)
    assert home.read_text(encoding="utf-8") == "I am a file"
    assert store.records() == []
    assert store.summary().empty
    assert progress.save_problem() == str(warning.message).split(" Set IMPLCOURSE_HOME")[0]
    ProgressStore(tmp_path / "fine").record("exercise", "01.a", lesson="01", topic="phases",
                                            correct=True)
    assert progress.save_problem() is None  # saved again


def test_reset_with_a_file_as_home_raises_nothing(tmp_path):
    """There is no progress file to delete, so reset is as harmless as
    when the file does not exist, and leaves the 'home' file alone."""
    home = tmp_path / "not_a_folder"
    home.write_text("I am a file", encoding="utf-8")
    ProgressStore(home).reset()
    assert home.read_text(encoding="utf-8") == "I am a file"


def test_unwritable_home_via_the_module_functions(monkeypatch, tmp_path):
    home = tmp_path / "file"
    home.write_text("x", encoding="utf-8")
    monkeypatch.setenv("IMPLCOURSE_HOME", str(home))
    with pytest.warns(progress.ProgressWarning, match="is a file"):
        progress.record("question", "lc-01", lesson="01", topic="phases", correct=False)
    assert progress.summary().empty


@pytest.mark.parametrize("args, kwargs, error, pattern", [
    (("quiz", "x"), {}, ValueError, r"kind must be one of 'exercise', 'question'; got 'quiz'"),
    ((3, "x"), {}, TypeError, r"kind must be a string, got int 3"),
    (("exercise", ""), {}, ValueError, r"item must not be empty"),
    (("exercise", 5), {}, TypeError, r"item must be a string, got int 5"),
    (("exercise", "x"), {"lesson": ""}, ValueError, r"lesson must not be empty"),
    (("exercise", "x"), {"topic": None}, TypeError, r"topic must be a string, got NoneType"),
    (("exercise", "x"), {"correct": 1}, TypeError, r"correct must be True or False, got int"),
    (("exercise", "x"), {"correct": "yes"}, TypeError, r"correct must be True or False, got str"),
])
def test_record_validates(progress_home, args, kwargs, error, pattern):
    options = {"lesson": "01", "topic": "phases", "correct": True, **kwargs}
    with pytest.raises(error, match=pattern):
        progress.record(*args, **options)
    assert not (progress_home / "progress.sqlite3").exists()


def test_home_type_is_checked():
    with pytest.raises(TypeError, match=r"home must be a folder path, got int"):
        ProgressStore(5)
    assert ProgressStore("somewhere").path == Path("somewhere").resolve() / "progress.sqlite3"
    with pytest.raises(TypeError, match=r"path must be a file path, got int 5"):
        ProgressStore(path=5)
    with pytest.raises(ValueError, match=r"only one of home, path and url \(got home and path\)"):
        ProgressStore("a", path="b")
    with pytest.raises(ValueError, match=r"home must not be empty"):
        ProgressStore(" ")


def test_record_solution_seen_validates_and_never_raises_on_io(progress_home, tmp_path):
    with pytest.raises(ValueError, match="item must not be empty"):
        progress.record_solution_seen("", lesson="01", topic="phases")
    with pytest.raises(TypeError, match="topic must be a string"):
        progress.record_solution_seen("x", lesson="01", topic=None)
    assert not (progress_home / "progress.sqlite3").exists()
    home = tmp_path / "file"
    home.write_text("x", encoding="utf-8")
    with pytest.warns(progress.ProgressWarning, match="is a file"):
        ProgressStore(home).record_solution_seen("x", lesson="01", topic="phases")
    assert home.read_text(encoding="utf-8") == "x"


# --------------------------------------------------------------------------
# report and next_step: what the learner reads
# --------------------------------------------------------------------------

# Real topics of real lessons; one of a lesson that does not exist.
REPORT_RECORDS = [
    ("exercise", "01.critical_path", "01", "critical_path", [False, True]),
    ("exercise", "01.total_float", "01", "critical_path", [SEEN, True]),
    ("exercise", "01.phase_order", "01", "phases", [True, SEEN]),
    ("question", "q-01-1", "01", "golive", [True]),
    ("exercise", "00.course_minutes", "00", "course_map", [True]),
    ("question", "q-99", "99", "mystery_topic", [True]),
]


def report_store(tmp_path) -> ProgressStore:
    store = ProgressStore(tmp_path)
    for kind, item, lesson, topic, events in REPORT_RECORDS:
        replay(store, {item: (kind, lesson, topic)}, [(item, event) for event in events])
    return store


def test_report_shows_topic_names_and_lesson_labels(tmp_path):
    """The report names topics as course.topic_name does (never by id), lessons by
    label, and gives the counts, the rate in per cent and the solutions seen."""
    from implcourse import course

    store = report_store(tmp_path)
    table = progress.report(store)
    summary = store.summary()
    assert table.columns == ["Topic", "Tried", "Right now", "Right first time",
                             "First-time rate", "Solutions seen"]
    expected = [course.topic_name(lesson, topic) for lesson, topic in summary.index]
    assert table.text["Topic"].tolist() == expected
    for lesson, topic in summary.index:
        if lesson != "99":
            assert course.topic_name(lesson, topic) != topic
            names = course.get_lesson(lesson).topic_names.values()
            assert course.topic_name(lesson, topic) in names
    assert "Mystery topic" in expected            # unknown: the id made readable
    assert not any("_" in name for name in expected)
    labels = [course.get_lesson(lesson).label if lesson != "99" else "99"
              for lesson, _ in summary.index]
    assert list(table.text.index) == labels
    row = table.text.iloc[expected.index(course.topic_name("01", "critical_path"))]
    assert row.tolist()[1:] == ["2", "2", "0", "0 %", "1"]
    row = table.text.iloc[expected.index(course.topic_name("01", "phases"))]
    assert row.tolist()[1:] == ["1", "1", "1", "100 %", "1"]
    assert str(table).count("\n") == len(summary)
    page = table.to_html()
    assert html.escape(course.get_lesson("01").label) in page
    assert page == progress.report(store).to_html()


def test_next_step_names_the_weakest_topic(tmp_path):
    """The next step names the topic with the lowest first-time rate, by name, and its
    lesson by label."""
    from implcourse import course

    store = report_store(tmp_path)
    first = {}
    for kind, item, lesson, topic, events in REPORT_RECORDS:
        answers = [e for e in events if e != SEEN]
        seen_first = events[0] == SEEN
        first.setdefault((lesson, topic), []).append(answers[0] and not seen_first)
    rates = {key: sum(values) / len(values) for key, values in first.items()}
    weakest = min(rates, key=rates.get)
    assert weakest == ("01", "critical_path") and rates[weakest] == 0
    text = progress.next_step(store)
    lesson, topic = weakest
    assert text.startswith(f"Weakest topic so far: {course.topic_name(lesson, topic)} "
                           f"({course.get_lesson(lesson).label}), right at the first attempt "
                           f"{rates[weakest]:.0%} of the time.")
    assert topic not in text


# --------------------------------------------------------------------------
# The SQLite store gives exactly what the JSON-lines store gave
# --------------------------------------------------------------------------

class ReferenceStore(ProgressStore):
    """The summary of the former JSON-lines store, copied here as an independent
    reference: computed in Python from :meth:`records`, item by item."""

    def summary(self):
        import pandas as pd

        columns = COLUMNS
        items = {}
        for entry in self.records():
            kind = entry.get("kind") or "exercise"
            key = (entry["lesson"], entry["topic"],
                   "exercise" if kind == progress.SOLUTION else kind, entry["item"])
            state = items.setdefault(key, {"first": None, "last": None, "seen": False})
            if kind == progress.SOLUTION:
                state["seen"] = True
            else:
                if state["first"] is None:
                    state["first"] = entry["correct"] and not state["seen"]
                state["last"] = entry["correct"]
        rows = [(lesson, topic, s["first"], s["last"], s["seen"])
                for (lesson, topic, _, _), s in items.items() if s["last"] is not None]
        seen_only = [(lesson, topic) for (lesson, topic, _, _), s in items.items()
                     if s["last"] is None]
        if not rows:
            index = pd.MultiIndex.from_tuples([], names=["lesson", "topic"])
            return pd.DataFrame(columns=columns, index=index)
        frame = pd.DataFrame(rows, columns=["lesson", "topic", "first", "last", "seen"])
        per_topic = frame.groupby(["lesson", "topic"], sort=True).agg(
            tried=("last", "size"), right_now=("last", "sum"),
            right_first_time=("first", "sum"), solutions_seen=("seen", "sum"))
        for lesson, topic in seen_only:
            if (lesson, topic) in per_topic.index:
                per_topic.loc[(lesson, topic), "solutions_seen"] += 1
        per_topic = per_topic.astype(int)
        per_topic["first_time_rate"] = per_topic["right_first_time"] / per_topic["tried"]
        return per_topic.sort_values(["lesson", "first_time_rate"], kind="stable")[columns]


REAL_ITEM = st.tuples(st.sampled_from(["exercise", "question"]),
                      st.sampled_from([("00", "course_map"), ("01", "critical_path"),
                                       ("01", "phases"), ("01", "golive"),
                                       ("99", "mystery_topic")]))


@st.composite
def real_histories(draw):
    """Histories over real lessons and topics (and one unknown lesson), so the
    report's labels and names are exercised."""
    n_items = draw(st.integers(0, 7))
    items = {}
    for i in range(n_items):
        kind, (lesson, topic) = draw(REAL_ITEM)
        items[f"{lesson}.{kind}{i}"] = (kind, lesson, topic)
    if not items:
        return items, []
    exercises = sorted(n for n, (kind, _, _) in items.items() if kind == "exercise")
    answer = st.tuples(st.sampled_from(sorted(items)), st.booleans())
    event = (st.one_of(answer, st.tuples(st.sampled_from(exercises), st.just(SEEN)))
             if exercises else answer)
    return items, draw(st.lists(event, max_size=20))


@settings(max_examples=40, deadline=None)
@given(real_histories())
def test_report_and_next_step_print_exactly_what_the_jsonl_store_printed(history):
    """Same records: the same summary frame (values, dtypes, order), the same report
    text and HTML, and the same next step, as the former store's logic."""
    import pandas as pd

    items, attempts = history
    with tempfile.TemporaryDirectory() as home:
        store = ProgressStore(home)
        replay(store, items, attempts)
        reference = ReferenceStore(home)
        pd.testing.assert_frame_equal(store.summary(), reference.summary())
        mine, theirs = progress.report(store), progress.report(reference)
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert str(mine) == str(theirs) and mine.to_html() == theirs.to_html()
        assert progress.next_step(store) == progress.next_step(reference)
        if store.path.exists():  # the same when rebuilt from the events, not kept up to date
            conn = sqlite3.connect(store.path)
            with conn:
                conn.execute("UPDATE tally SET n = -1 WHERE name = 'rows'")
            conn.close()
            pd.testing.assert_frame_equal(store.summary(), reference.summary())


# --------------------------------------------------------------------------
# record_attempt and the DataFrame readers
# --------------------------------------------------------------------------

def test_record_attempt_counts_as_a_question_and_keeps_answer_and_time(tmp_path):
    store = ProgressStore(tmp_path)
    store.record_attempt("q-01-1", False, "A", 30.0, lesson="01", topic="phases")
    store.record_attempt("q-01-1", True, "B", lesson="01", topic="phases")
    store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    store.record_solution_seen("01.a", lesson="01", topic="phases")
    row = store.summary().loc[("01", "phases")]
    assert row[["tried", "right_now", "right_first_time", "solutions_seen"]].tolist() == \
        [2, 2, 1, 1]
    events = store.events()
    assert list(events.columns) == ["id", "at", "kind", "item", "lesson", "topic", "correct",
                                    "answer", "seconds"]
    assert events["kind"].tolist() == ["question", "question", "exercise", "solution"]
    assert events["id"].is_monotonic_increasing
    assert str(events["at"].dt.tz) == "UTC" and events["at"].notna().all()
    assert events["correct"].tolist()[:3] == [False, True, True]
    assert events["correct"].isna().tolist() == [False, False, False, True]
    assert events["answer"].tolist()[:2] == ["A", "B"]
    assert events["seconds"].tolist()[0] == 30.0 and events["seconds"].isna().tolist()[1:] \
        == [True, True, True]
    attempts = store.attempts()
    assert attempts["kind"].tolist() == ["question", "question", "exercise"]
    assert list(attempts.index) == [0, 1, 2]


def test_empty_readers_have_their_columns(tmp_path):
    store = ProgressStore(tmp_path)
    assert store.events().empty and list(store.events().columns)[0] == "id"
    assert store.attempts().empty
    assert not store.path.exists()  # reading creates nothing


@pytest.mark.parametrize("args, kwargs, error, pattern", [
    (("", True), {}, ValueError, r"question_id must not be empty"),
    ((5, True), {}, TypeError, r"question_id must be a string, got int 5"),
    (("q", 1), {}, TypeError, r"correct must be True or False, got int 1"),
    (("q", True, 3), {}, TypeError, r"answer must be a string, got int 3"),
    (("q", True, "", -1), {}, ValueError, r"seconds"),
    (("q", True, "", float("nan")), {}, ValueError, r"seconds must be a finite number"),
    (("q", True, "", True), {}, TypeError, r"seconds"),
    (("q", True), {"lesson": ""}, ValueError, r"lesson must not be empty"),
])
def test_record_attempt_validates(progress_home, args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        progress.record_attempt(*args, **{"lesson": "01", "topic": "phases", **kwargs})
    assert not (progress_home / "progress.sqlite3").exists()


# --------------------------------------------------------------------------
# Location
# --------------------------------------------------------------------------

def test_relative_and_home_relative_values_are_made_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMPLCOURSE_HOME", "rel/home")
    assert progress.default_home() == (tmp_path / "rel" / "home").resolve()
    progress.record("question", "q", lesson="01", topic="phases", correct=True)
    expected = (tmp_path / "rel" / "home" / "progress.sqlite3").resolve()
    assert ProgressStore().path == expected and expected.is_file()
    explicit = ProgressStore("rel/home")
    monkeypatch.chdir(tmp_path / "rel")  # another working folder: still the same file
    assert explicit.path == expected
    assert len(explicit.records()) == 1
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("IMPLCOURSE_HOME", "~/tilde")
    assert progress.default_home() == (tmp_path / "tilde").resolve()
    assert ProgressStore(path="~/x.sqlite3").path == (tmp_path / "x.sqlite3").resolve()


# --------------------------------------------------------------------------
# Integrity: damaged rows and files, unwritable places
# --------------------------------------------------------------------------

def _raw_insert(path, rows):
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO events (at, kind, item, lesson, topic, correct) "
                         "VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.close()


def test_malformed_rows_are_skipped_counted_and_reported(tmp_path):
    store = ProgressStore(tmp_path)
    store.record("exercise", "01.critical_path", lesson="01", topic="critical_path",
                 correct=True)
    _raw_insert(store.path, [
        ("2026-01-01T00:00:00+00:00", "bogus", "x", "01", "phases", 1),      # bad kind
        ("2026-01-01T00:00:00+00:00", "exercise", None, "01", "phases", 1),  # NULL item
        ("2026-01-01T00:00:00+00:00", "exercise", "y", "01", "phases", 2),   # not 0/1
        ("2026-01-01T00:00:00+00:00", "question", "z", "01", "phases", "yes"),
        ("2026-01-01T00:00:00+00:00", "question", "z", b"\x00", "phases", 1),  # lesson bytes
        ("2026-01-01T00:00:00+00:00", None, "z", "01", "phases", 1),         # NULL kind
        ("not a time", "exercise", "01.phase_order", "01", "phases", 0),     # readable
    ])
    assert [r["item"] for r in store.records()] == ["01.critical_path", "01.phase_order"]
    assert store.skipped == 6
    summary = store.summary()
    assert store.skipped == 6
    assert set(summary.index) == {("01", "critical_path"), ("01", "phases")}
    assert len(store.events()) == 2 and store.events()["at"].isna().tolist() == [False, True]
    table = progress.report(store)
    assert "6 records could not be read and were skipped" in table.to_html()
    assert progress.skipped_note(store).startswith("6 records could not be read")


def test_rows_changed_or_deleted_by_another_program_are_counted_afresh(tmp_path):
    store = ProgressStore(tmp_path)
    for item, correct in (("01.a", False), ("01.a", True), ("01.b", True), ("01.c", False)):
        store.record("exercise", item, lesson="01", topic="phases", correct=correct)
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("UPDATE events SET correct = 1 WHERE item = '01.c'")
        conn.execute("DELETE FROM events WHERE item = '01.b'")
        conn.execute("UPDATE events SET kind = 'bogus' WHERE id = 1")  # 01.a's first answer
    conn.close()
    row = store.summary().loc[("01", "phases")]
    # 01.a: first readable answer right; 01.c: right; 01.b gone; one row unreadable.
    assert row[["tried", "right_now", "right_first_time"]].tolist() == [2, 2, 2]
    assert store.skipped == 1
    store.record("exercise", "01.d", lesson="01", topic="phases", correct=False)
    assert store.summary().loc[("01", "phases"), "tried"] == 3


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path):
    from implcourse.content import ContentError

    store = ProgressStore(tmp_path)
    junk = b"This is my shopping list, not a database.\n" * 20
    store.path.write_bytes(junk)
    for read in (store.summary, store.records, store.events, lambda: progress.report(store)):
        with pytest.raises(ContentError, match=r"progress\.sqlite3.*not a progress database"):
            read()
    with pytest.warns(progress.ProgressWarning, match=r"not a progress database"):
        store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    with pytest.raises(ContentError, match="left as it is"):
        store.reset()
    assert store.path.read_bytes() == junk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_a_damaged_database_is_refused_and_left_untouched(tmp_path):
    from implcourse.content import ContentError

    store = ProgressStore(tmp_path)
    store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    damaged = b"SQLite format 3\x00" + os.urandom(3000)
    store.path.write_bytes(damaged)
    for name in ("progress.sqlite3-wal", "progress.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with pytest.raises(ContentError, match=r"progress\.sqlite3"):
        store.summary()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    assert store.path.read_bytes() == damaged


def test_a_folder_in_place_of_the_file_is_refused(tmp_path):
    from implcourse.content import ContentError

    (tmp_path / "progress.sqlite3").mkdir()
    with pytest.raises(ContentError, match="not a file"):
        ProgressStore(tmp_path).summary()


def test_a_folder_that_cannot_be_created_is_reported_once(tmp_path):
    """The home is below a file, so it cannot be created (whoever runs the test)."""
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    store = ProgressStore(blocker / "sub" / "home")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            store.record("question", "q", lesson="01", topic="phases", correct=True)
        store.reset()
    assert len([w for w in caught if w.category is progress.ProgressWarning]) == 1
    assert store.summary().empty and store.records() == []


_READ_ONLY_FILE = """
import warnings
from pathlib import Path
from implcourse import progress
store = progress.ProgressStore(Path("home"))
store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
before = store.path.read_bytes()
store.path.chmod(0o444)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    store.record("exercise", "01.b", lesson="01", topic="phases", correct=True)
told = [str(w.message) for w in caught if w.category is progress.ProgressWarning]
assert len(told) == 1 and ("read-only" in told[0] or "cannot be written" in told[0]), told
assert [r["item"] for r in store.records()] == ["01.a"]
store.path.chmod(0o644)
assert store.path.read_bytes() == before
"""

_READ_ONLY_FOLDER = """
import warnings
from pathlib import Path
from implcourse import progress
home = Path("locked")
home.mkdir()
home.chmod(0o555)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(3):
        progress.ProgressStore(home).record("question", "q", lesson="01", topic="p",
                                            correct=True)
assert len([w for w in caught if w.category is progress.ProgressWarning]) == 1, caught
"""


def _as_a_learner(script: str) -> None:
    """Run ``script`` in a fresh folder as an unprivileged user.

    File and folder permissions do not bind root, and CI runs as root: there
    the script runs as user ``nobody`` through util-linux's ``setpriv``, so
    the read-only cases are tested everywhere, never skipped.
    """
    import shutil
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="implcourse-learner-"))
    try:
        command = [sys.executable, "-c", script]
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(folder),
               "IMPLCOURSE_HOME": str(folder / "progress")}
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
            folder.chmod(0o777)
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            probe = subprocess.run([*command[:-1], "import implcourse.progress"], cwd=folder,
                                   env=env, capture_output=True, text=True, timeout=120)
            if probe.returncode:  # the checkout sits where other users cannot read it
                pytest.skip("as root, the permission cases run as user nobody, who cannot "
                            f"read this checkout: {probe.stderr.strip().splitlines()[-1:]}")
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.chmod(0o777) if path.is_dir() else None
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_read_only_file_is_read_and_not_written():
    _as_a_learner(_READ_ONLY_FILE)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_read_only_folder_is_reported_once():
    _as_a_learner(_READ_ONLY_FOLDER)


# --------------------------------------------------------------------------
# Importing the former progress.jsonl
# --------------------------------------------------------------------------

def test_jsonl_is_imported_once_with_valid_lines_only_and_kept(tmp_path):
    lines = [json.dumps(dict(GOOD, item=f"01.i{i}", correct=i % 2 == 0, time=1.7e9 + i))
             for i in range(5)]
    lines.insert(2, '{"kind": "exercise", "item": 7, "lesson": "01"}')  # malformed middle line
    body = ("\n".join(lines) + "\n" + json.dumps(GOOD)[:30]).encode()  # torn last line
    (tmp_path / "progress.jsonl").write_bytes(body)
    first = ProgressStore(tmp_path)
    assert [r["item"] for r in first.records()] == [f"01.i{i}" for i in range(5)]
    assert first.skipped == 2
    assert first.records()[0]["time"] == pytest.approx(1.7e9)
    second = ProgressStore(tmp_path)  # opened again: not imported again
    second.record("exercise", "01.new", lesson="01", topic="phases", correct=True)
    assert [r["item"] for r in ProgressStore(tmp_path).records()] == \
        [f"01.i{i}" for i in range(5)] + ["01.new"]
    assert (tmp_path / "progress.jsonl").read_bytes() == body
    second.reset()  # a reset does not bring the old file back
    assert ProgressStore(tmp_path).records() == []
    assert (tmp_path / "progress.jsonl").read_bytes() == body


def _import_and_count(home):
    store = ProgressStore(home)
    store.record("question", "q-new", lesson="01", topic="phases", correct=True)
    return len(store.records())


def test_jsonl_is_imported_once_when_several_kernels_open_at_once(tmp_path):
    import multiprocessing

    lines = [json.dumps(dict(GOOD, item=f"01.i{i}")) for i in range(50)]
    (tmp_path / "progress.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_import_and_count, [tmp_path] * 4)
    items = [r["item"] for r in ProgressStore(tmp_path).records()]
    assert sorted(items) == sorted([f"01.i{i}" for i in range(50)] + ["q-new"] * 4)


# --------------------------------------------------------------------------
# Several writers, and writers killed mid-write
# --------------------------------------------------------------------------

def _writer(home, writer, count):
    warnings.simplefilter("error", progress.ProgressWarning)  # a lost record fails the test
    store = ProgressStore(home)
    for i in range(count):
        store.record("exercise", f"w{writer}.{i}", lesson="01", topic="load",
                     correct=i % 3 == 0)
    return writer


def test_eight_processes_writing_at_once_lose_nothing(tmp_path):
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(8) as pool:
        done = pool.starmap(_writer, [(tmp_path, w, 500) for w in range(8)])
    assert sorted(done) == list(range(8))
    records = ProgressStore(tmp_path).records()
    assert len(records) == 4000
    for w in range(8):  # each writer's records in the order it wrote them
        assert [r["item"] for r in records if r["item"].startswith(f"w{w}.")] == \
            [f"w{w}.{i}" for i in range(500)]
    assert ProgressStore(tmp_path).summary().loc[("01", "load"), "tried"] == 4000


CRASH_WRITER = """
import sys
from implcourse.progress import ProgressStore
store = ProgressStore(sys.argv[1])
writer = sys.argv[2]
print("ready", flush=True)
i = 0
while True:
    store.record("question", f"{writer}.{i}", lesson="01", topic="crash", correct=i % 2 == 0)
    i += 1
"""


def test_writers_killed_mid_write_leave_every_committed_row_intact(tmp_path):
    import random

    rng = random.Random(12)
    env = {**os.environ, "PYTHONPATH": str(Path(progress.__file__).parents[1])}
    home = tmp_path / "home"
    kills = 50  # the issue asks for 50 kill -9 runs
    for round_ in range(kills):
        child = subprocess.Popen([sys.executable, "-c", CRASH_WRITER, str(home), f"k{round_}"],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.01, 0.12))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
    store = ProgressStore(home)
    records = store.records()  # the store opens
    assert store.skipped == 0
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    written = 0
    for round_ in range(kills):
        mine = [r["item"] for r in records if r["item"].startswith(f"k{round_}.")]
        # Contiguous up to the last commit: nothing lost, nothing torn, nothing twice.
        assert mine == [f"k{round_}.{i}" for i in range(len(mine))]
        written += len(mine)
    assert written == len(records) > kills
    store.record("question", "after", lesson="01", topic="crash", correct=True)
    assert store.records()[-1]["item"] == "after"


def test_the_progress_view_explains_a_damaged_file_in_place_of_the_table(tmp_path):
    from implcourse.widgets.progress import progress_view

    home = tmp_path / "home"
    home.mkdir()
    damaged = home / "progress.sqlite3"
    damaged.write_bytes(b"this is not a database" * 10)
    before = damaged.read_bytes()
    tool = progress_view(progress.ProgressStore(home))
    assert "Your progress cannot be shown" in tool.table.value
    assert "progress.sqlite3" in tool.table.value
    assert damaged.read_bytes() == before  # left as it is


# --------------------------------------------------------------------------
# Version 2: flashcards, exams and lessons done, and the migration to it
# --------------------------------------------------------------------------

def _version_1_file(path: Path) -> None:
    """A progress file as version 1 of the schema wrote it, with two answers."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in progress.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.executemany("INSERT INTO events (at, kind, item, lesson, topic, correct) "
                     "VALUES ('2026-01-01T00:00:00+00:00', 'question', ?, '01', 'phases', ?)",
                     [("q1", 1), ("q2", 0)])
    conn.close()


def test_a_version_1_file_is_migrated_once_and_keeps_every_record(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _version_1_file(home / progress.FILE_NAME)
    store = ProgressStore(home)
    assert [r["item"] for r in store.records()] == ["q1", "q2"]
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION == 3
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"events", "cards", "reviews", "exams", "lessons_done"} <= tables
    store.record_exam("quick", 20, 15)
    assert store.exams()["percent"].tolist() == [75.0]
    assert [r["item"] for r in store.records()] == ["q1", "q2"]


_READ_ONLY_VERSION_1 = """
import os, sqlite3
from pathlib import Path
from implcourse import progress
home = Path(os.environ["IMPLCOURSE_HOME"])
home.mkdir()
path = home / progress.FILE_NAME
conn = sqlite3.connect(path, isolation_level=None)
for statement in progress.MIGRATIONS[0]:
    conn.execute(statement)
conn.execute("PRAGMA user_version = 1")
conn.execute("INSERT INTO events (at, kind, item, lesson, topic, correct) VALUES "
             "('2026-01-01T00:00:00+00:00', 'question', 'q1', '01', 'phases', 1)")
conn.close()
path.chmod(0o444)
home.chmod(0o555)
store = progress.ProgressStore(home)
assert store.exams().empty and store.reviews().empty and store.lessons_done().empty
assert store.card_states() == {}
assert [r["item"] for r in store.records()] == ["q1"]
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_a_read_only_version_1_file_reads_the_new_tables_as_empty():
    _as_a_learner(_READ_ONLY_VERSION_1)


def test_reviews_exams_and_lessons_round_trip_and_reset_clears_them(tmp_path):
    store = ProgressStore(tmp_path)
    store.record_review("npv", 3, {"due": "2026-12-02T00:00:00+00:00", "stability": 2.3},
                        seconds=4.5)
    store.record_review("npv", 1, {"due": "2026-12-01T00:10:00+00:00", "stability": 0.4})
    store.record_review("irr", 4, {"due": "2026-12-20T00:00:00+00:00"})
    store.record_exam("course", 60, 45, minutes=70.5, detail={"percent": 75.0})
    store.record_lesson_done("05")
    store.record_lesson_done("05")
    store.record_lesson_done("01")
    reviews = store.reviews()
    assert reviews[["card", "rating", "rating_name"]].values.tolist() == [
        ["npv", 3, "good"], ["npv", 1, "again"], ["irr", 4, "easy"]]
    assert reviews["seconds"].tolist()[0] == 4.5
    assert store.card_states()["npv"]["stability"] == 0.4  # the latest state
    exams = store.exams()
    assert exams[["questions", "correct", "percent", "minutes"]].values.tolist() == [
        [60, 45, 75.0, 70.5]]
    assert exams["detail"].tolist() == [{"percent": 75.0}]
    assert store.lessons_done()["lesson"].tolist() == ["01", "05"]
    assert store.attempts().empty, "none of these is a knowledge-check answer"
    store.reset()
    assert store.reviews().empty and store.exams().empty and store.card_states() == {}
    assert store.lessons_done().empty


@pytest.mark.parametrize("call, error, pattern", [
    (lambda s: s.record_review("", 3, {}), ValueError, r"card"),
    (lambda s: s.record_review("npv", 5, {}), ValueError, r"rating must be 1 \(again\)"),
    (lambda s: s.record_review("npv", True, {}), ValueError, r"rating must be"),
    (lambda s: s.record_review("npv", 3, "due"), TypeError, r"state must be a dict"),
    (lambda s: s.record_review("npv", 3, {"x": float("nan")}), ValueError,
     r"state must hold only JSON values"),
    (lambda s: s.record_review("npv", 3, {}, seconds=-1), ValueError, r"seconds"),
    (lambda s: s.record_exam("quick", 0, 0), ValueError, r"questions"),
    (lambda s: s.record_exam("quick", 10, 11), ValueError, r"correct"),
    (lambda s: s.record_exam("quick", 10, 5, detail=[1]), TypeError, r"detail must be a dict"),
    (lambda s: s.record_exam("quick", 10, 5, minutes=float("inf")), ValueError, r"minutes"),
    (lambda s: s.record_lesson_done(5), TypeError, r"lesson"),
])
def test_bad_records_name_their_parameter(tmp_path, call, error, pattern):
    with pytest.raises(error, match=pattern):
        call(ProgressStore(tmp_path))


def test_damaged_exam_and_card_rows_are_skipped_and_counted(tmp_path):
    store = ProgressStore(tmp_path)
    store.record_exam("quick", 20, 10)
    store.record_review("npv", 3, {"due": "2026-12-02T00:00:00+00:00"})
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("INSERT INTO exams (at, blueprint, questions, correct) VALUES "
                 "('x', 'quick', 'many', 3), ('x', 'quick', 5, 9)")
    conn.execute("INSERT INTO cards (card, state) VALUES ('irr', '{not json')")
    conn.close()
    assert store.exams()["correct"].tolist() == [10]
    assert store.skipped == 2
    assert list(store.card_states()) == ["npv"]


def test_record_attempts_writes_all_or_nothing_in_one_transaction(tmp_path):
    store = ProgressStore(tmp_path)
    good = {"question_id": "q1", "correct": True, "lesson": "01", "topic": "phases"}
    store.record_attempts([good, {**good, "question_id": "q2", "correct": False,
                                  "answer": "B", "seconds": 4.0}])
    assert store.attempts()[["item", "correct", "answer", "seconds"]].values.tolist()[1] == \
        ["q2", False, "B", 4.0]
    for bad, error, pattern in [
            ([{**good, "correct": "yes"}], TypeError, r"correct must be True or False"),
            ([{**good, "colour": 1}], ValueError, r"unknown keys \['colour'\]"),
            ([good, 3], TypeError, r"attempts item 2 must be a dict"),
            ("q1", TypeError, r"attempts must be a list of dicts")]:
        with pytest.raises(error, match=pattern):
            store.record_attempts(bad)
    assert len(store.attempts()) == 2, "a bad batch writes nothing"
