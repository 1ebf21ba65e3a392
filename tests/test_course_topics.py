"""Course data the learner reads: every progress topic has a name (so the progress
report never shows an id), and the scope names the lessons that exist and those
planned, never a planned lesson as available."""

from __future__ import annotations

import re

import pytest

from implcourse import course, progress, quiz
from implcourse.content import ContentError, resolve

from helpers import build, every_exercise_class


def used_topics() -> dict[tuple[str, str], list[str]]:
    """(lesson, topic) -> what uses it: every exercise (any seed gives the same topic)
    and every question of the bank."""
    used: dict[tuple[str, str], list[str]] = {}
    for cls in every_exercise_class():
        ex = build(cls)
        used.setdefault((ex.lesson, ex.topic), []).append(f"exercise {ex.id}")
    for question in quiz.load_bank():
        used.setdefault((question.lesson, question.topic), []).append(
            f"question {question.id}")
    return used


def test_every_topic_in_use_has_a_name_in_its_lesson():
    """course.yml's topic_names of each lesson names every topic its exercises and
    questions use."""
    used = used_topics()
    lessons = {lesson.id: lesson for lesson in course.load_course()}
    assert {lesson for lesson, _ in used} >= {"00", "01", "04", "05"}
    missing = [(lesson, topic, users[:3]) for (lesson, topic), users in sorted(used.items())
               if lesson not in lessons or topic not in lessons[lesson].topic_names]
    assert not missing, f"topics without a name in datasets/course.yml: {missing}"
    for lesson, topic in used:
        name = course.topic_name(lesson, topic)
        assert name == lessons[lesson].topic_names[topic]
        assert "_" not in name and name[:1].isupper(), name


def test_every_topic_name_is_used():
    """No lesson names a topic nothing uses (a typo in an id would hide that way)."""
    used = used_topics()
    for lesson in course.load_course():
        for topic in lesson.topic_names:
            assert (lesson.id, topic) in used, (lesson.id, topic)


def test_progress_report_shows_names_only(tmp_path):
    """One result for every topic in use: the report shows each topic's name, never its
    id, and each lesson by its label."""
    store = progress.ProgressStore(tmp_path)
    used = used_topics()
    for number, (lesson, topic) in enumerate(sorted(used)):
        store.record("question", f"item-{number}", lesson=lesson, topic=topic,
                     correct=number % 2 == 0)
    table = progress.report(store)
    shown = table.text["Topic"].tolist()
    assert sorted(shown) == sorted(course.topic_name(lesson, topic) for lesson, topic in used)
    for _, topic in used:
        if "_" in topic:
            assert topic not in table.to_html() and topic not in str(table)
    labels = {lesson.label for lesson in course.load_course()}
    assert set(table.text.index) <= labels


def test_topic_name_falls_back_to_words():
    assert course.topic_name("01", "no_such_topic") == "No such topic"
    assert course.topic_name("42", "some_topic") == "Some topic"     # an unknown lesson
    with pytest.raises(ValueError, match="topic"):
        course.topic_name("01", "")


# --------------------------------------------------------------------------
# Scope: what exists and what is planned
# --------------------------------------------------------------------------

def test_scope_names_every_lesson_and_every_planned_one():
    text = course.scope_markdown()
    available, _, planned_part = text.partition(" Planned: ")
    assert available.startswith("Available now: ")
    lessons = [lesson for lesson in course.load_course() if lesson.id != "00"]
    planned = course.load_planned()        # may be empty once every lesson exists
    assert lessons
    assert (" Planned: " in text) is bool(planned)
    positions = []
    for lesson in lessons:
        entry = f"**{lesson.title}** ({lesson.id})"
        assert entry in available, entry
        assert entry not in planned_part
        positions.append(available.index(entry))
    assert positions == sorted(positions)                    # in course order
    for lesson in planned:
        entry = f"{lesson.title} ({lesson.id})"
        assert entry in planned_part, entry
        assert entry not in available
    start = course.get_lesson("00")
    assert start.title not in text and "(00)" not in text
    ids = re.findall(r"\((\d\d)\)", text)
    assert sorted(ids) == sorted([lesson.id for lesson in lessons] + [p.id for p in planned])


def test_no_planned_lesson_exists():
    existing = {lesson.id for lesson in course.load_course()}
    planned = [lesson.id for lesson in course.load_planned()]
    assert len(planned) == len(set(planned))
    assert not existing & set(planned)
    assert all(re.fullmatch(r"\d\d", pid) for pid in planned)


def test_a_planned_lesson_that_exists_is_refused(tmp_path):
    """Moving a lesson into the course without removing it from 'planned' is an error
    that names the entry."""
    text = resolve(course.COURSE_FILE).read_text(encoding="utf-8")
    head = text.split("\nplanned:", 1)[0]
    existing = course.load_course()[1].id      # a planned lesson with an existing id
    clash = head + f'\nplanned:\n  - id: "{existing}"\n    title: A lesson that exists\n'
    path = tmp_path / "course.yml"
    path.write_text(clash, encoding="utf-8")
    with pytest.raises(ContentError, match="planned lesson has the id of a lesson that exists"):
        course.load_planned(str(path))


def test_no_planned_lesson_left(tmp_path):
    """Once every lesson exists, 'planned' may be an empty list (or absent): nothing
    is promised, and the last lesson's navigation sends the learner to the progress
    report instead of promising more lessons."""
    text = resolve(course.COURSE_FILE).read_text(encoding="utf-8")
    head = text.split("\nplanned:", 1)[0]
    for tail in ("\nplanned: []\n", "\n"):
        path = tmp_path / "course.yml"
        path.write_text(head + tail, encoding="utf-8")
        assert course.load_planned(str(path)) == ()
    if not course.load_planned():
        last = course.load_course()[-1].id
        assert "progress report" in course.navigation(last)
        assert "on the way" not in course.navigation(last)
