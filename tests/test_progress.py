"""The learner's progress store in implcourse.progress: first-attempt and
latest-attempt tallies against an independent count, ordering, robustness
to a damaged file or an unwritable folder, and input checks."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import progress
from implcourse.progress import ProgressStore

COLUMNS = ["tried", "right_now", "right_first_time", "first_time_rate"]

# An item always belongs to one lesson and topic, as in the course.
ITEM = st.tuples(st.sampled_from(["exercise", "question"]), st.sampled_from(["01", "02", "03"]),
                 st.sampled_from(["phases", "roles", "golive"]))


@st.composite
def histories(draw):
    """(item -> (kind, lesson, topic), [(item, correct), ...] oldest first)."""
    n_items = draw(st.integers(1, 6))
    items = {}
    for i in range(n_items):
        kind, lesson, topic = draw(ITEM)
        name = f"{lesson}.ex{i}" if kind == "exercise" else f"lc-{lesson}-{i}"
        items[name] = (kind, lesson, topic)
    attempts = draw(st.lists(st.tuples(st.sampled_from(sorted(items)), st.booleans()),
                             min_size=1, max_size=25))
    return items, attempts


def tally(items, attempts):
    """Independent count per (lesson, topic): tried, right now, right first time."""
    first, last = {}, {}
    for name, correct in attempts:
        first.setdefault(name, correct)
        last[name] = correct
    out = {}
    for name in first:
        _, lesson, topic = items[name]
        row = out.setdefault((lesson, topic), [0, 0, 0])
        row[0] += 1
        row[1] += last[name]
        row[2] += first[name]
    return out


@settings(max_examples=60, deadline=None)
@given(histories())
def test_summary_matches_an_independent_tally(history):
    items, attempts = history
    with tempfile.TemporaryDirectory() as home:
        store = ProgressStore(home)
        for name, correct in attempts:
            kind, lesson, topic = items[name]
            store.record(kind, name, lesson=lesson, topic=topic, correct=correct)
        table = store.summary()
        assert len(store.records()) == len(attempts)
    assert list(table.columns) == COLUMNS
    assert list(table.index.names) == ["lesson", "topic"]
    expected = tally(items, attempts)
    assert set(table.index) == set(expected)
    for key, (tried, now, first) in expected.items():
        row = table.loc[key]
        assert [row["tried"], row["right_now"], row["right_first_time"]] == [tried, now, first]
        assert row["first_time_rate"] == pytest.approx(first / tried)
    # Lessons in order; weakest topic (lowest first-time rate) first within each.
    keys = list(table.index)
    lessons = [lesson for lesson, _ in keys]
    assert lessons == sorted(lessons)
    for lesson in set(lessons):
        rates = table.loc[lesson]["first_time_rate"].tolist()
        assert rates == sorted(rates)


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
