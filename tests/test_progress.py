"""The learner's progress store in implcourse.progress: first-attempt and
latest-attempt tallies against an independent count, ordering, robustness
to a damaged file or an unwritable folder, and input checks."""

from __future__ import annotations

import html
import json
import tempfile
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
    path = progress_home / "progress.jsonl"
    assert path.is_file()
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert {k: entry[k] for k in ("kind", "item", "lesson", "topic", "correct")} == {
        "kind": "question", "item": "lc-01", "lesson": "01", "topic": "phases", "correct": True}
    assert progress.summary().loc[("01", "phases"), "tried"] == 1
    progress.reset()
    assert not path.exists()
    progress.reset()  # resetting twice is harmless
    assert progress.summary().empty


def test_default_home_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("IMPLCOURSE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.default_home() == tmp_path / ".implcourse"


def test_store_reads_the_variable_at_each_call(monkeypatch, tmp_path):
    store = ProgressStore()
    monkeypatch.setenv("IMPLCOURSE_HOME", str(tmp_path / "one"))
    assert store.path == tmp_path / "one" / "progress.jsonl"
    monkeypatch.setenv("IMPLCOURSE_HOME", str(tmp_path / "two"))
    assert store.path == tmp_path / "two" / "progress.jsonl"


GOOD = {"kind": "exercise", "item": "01.a", "lesson": "01", "topic": "phases", "correct": True}


def _write_lines(store: ProgressStore, lines: list[bytes]) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(b"\n".join(lines) + b"\n")


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


def test_unwritable_home_records_nothing_silently(tmp_path):
    """If the home 'folder' is a file, recording does nothing and raises nothing."""
    home = tmp_path / "not_a_folder"
    home.write_text("I am a file", encoding="utf-8")
    store = ProgressStore(home)
    store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    assert home.read_text(encoding="utf-8") == "I am a file"
    assert store.records() == []
    assert store.summary().empty


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
    assert not (progress_home / "progress.jsonl").exists()


def test_home_type_is_checked():
    with pytest.raises(TypeError, match=r"home must be a folder path, got int"):
        ProgressStore(5)
    assert ProgressStore("somewhere").path == Path("somewhere") / "progress.jsonl"


def test_record_solution_seen_validates_and_never_raises_on_io(progress_home, tmp_path):
    with pytest.raises(ValueError, match="item must not be empty"):
        progress.record_solution_seen("", lesson="01", topic="phases")
    with pytest.raises(TypeError, match="topic must be a string"):
        progress.record_solution_seen("x", lesson="01", topic=None)
    assert not (progress_home / "progress.jsonl").exists()
    home = tmp_path / "file"
    home.write_text("x", encoding="utf-8")
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
