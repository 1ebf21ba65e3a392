"""The question bank and grading in implcourse.quiz: the shipped bank's
consistency, grading rules, question validation and seeded draws."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from implcourse import course, quiz
from implcourse.content import ContentError
from implcourse.quiz import Question, draw, grade, letters, load_bank

LESSON_01_TOPICS = {"phases", "work_types", "roles", "critical_path", "golive"}


def make(**changes):
    """A valid question dict, with some fields changed."""
    data = {"id": "t-1", "lesson": "01", "topic": "phases", "kind": "single",
            "difficulty": 1, "stem": "Which?", "options": ["w", "x", "y", "z"],
            "answer": ["B"], "explanation": "Because."}
    data.update(changes)
    return data


SINGLE = Question.model_validate(make())
MULTIPLE = Question.model_validate(make(id="t-2", kind="multiple", answer=["A", "C"]))


# --------------------------------------------------------------------------
# The shipped bank
# --------------------------------------------------------------------------

def test_bank_ids_are_unique_and_lessons_exist():
    bank = load_bank()
    ids = [q.id for q in bank]
    assert len(ids) == len(set(ids))
    lessons = {lesson.id for lesson in course.load_course()}
    for q in bank:
        assert q.lesson in lessons, q.id


def test_lesson_01_topics():
    for q in load_bank(lesson="01"):
        assert q.topic in LESSON_01_TOPICS, (q.id, q.topic)


def test_every_question_is_well_formed():
    """Distinct options, a real explanation, and its own key graded correct (a numeric
    template once its numbers are drawn)."""
    for q in load_bank():
        normalised = [" ".join(o.lower().split()) for o in q.options]
        assert len(set(normalised)) == len(normalised), q.id
        assert q.explanation.strip(), q.id
        assert q.stem.strip(), q.id
        if q.kind == "numeric":
            concrete = quiz.instantiate(q, 0)
            assert grade(concrete, concrete.value).correct, q.id
        else:
            assert grade(q, q.key).correct, q.id


def test_topic_filter():
    for topic in LESSON_01_TOPICS:
        chosen = load_bank(lesson="01", topic=topic)
        assert chosen and all(q.topic == topic for q in chosen)


def test_duplicate_ids_across_files_are_refused(tmp_path, monkeypatch):
    """The same id in two files is a ContentError naming the id and the other file."""
    folder = tmp_path / "questions"
    folder.mkdir()
    entry = "questions:\n  - " + "\n    ".join(
        f"{k}: {v!r}" if not isinstance(v, list) else f"{k}: {v}"
        for k, v in make(id="dup-1", section=1, level="apply", domain="process").items()) + \
        "\n    why_wrong: {A: a, C: c, D: d}\n"
    (folder / "01_a.yml").write_text(entry, encoding="utf-8")
    (folder / "02_b.yml").write_text(entry.replace("'01'", "'02'"), encoding="utf-8")
    monkeypatch.setattr(quiz, "datasets_dir", lambda: tmp_path)
    quiz._all_questions.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"question id 'dup-1' is also used in .*01_a\.yml"):
            load_bank()
    finally:
        monkeypatch.undo()
        quiz._all_questions.cache_clear()
    assert load_bank()  # the real bank again


def test_load_bank_errors():
    with pytest.raises(ValueError, match=r"no questions for lesson='99'"):
        load_bank(lesson="99")
    with pytest.raises(ValueError, match=r"no questions for lesson='01', topic='nope'"):
        load_bank(lesson="01", topic="nope")
    with pytest.raises(TypeError, match=r"lesson must be a string such as '01', got int"):
        load_bank(lesson=1)


# --------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------

def test_single_choice():
    assert grade(SINGLE, "B").correct
    assert grade(SINGLE, " b ").correct
    assert not grade(SINGLE, "A").correct
    assert grade(SINGLE, "A").feedback.startswith("Not quite: the answer is B.")
    assert grade(SINGLE, "B").feedback == "Correct. Because."


def test_every_response_to_every_question():
    """Exhaustively: correct iff the set of letters is the answer, whatever
    the order, case or repeats."""
    for q in [SINGLE, MULTIPLE, *[q for q in load_bank() if q.kind in ("single", "multiple")]]:
        valid = letters(len(q.options))
        for size in range(1, len(valid) + 1):
            for picked in itertools.combinations(valid, size):
                right = set(picked) == set(q.answer)
                assert grade(q, list(picked)).correct == right
                assert grade(q, [p.lower() for p in reversed(picked)]).correct == right
                assert grade(q, [*picked, picked[0]]).correct == right


def test_multiple_is_all_or_nothing():
    assert grade(MULTIPLE, ["C", "a"]).correct
    assert grade(MULTIPLE, ("a", "c")).response == ["A", "C"]
    assert not grade(MULTIPLE, ["A"]).correct
    assert not grade(MULTIPLE, ["A", "C", "D"]).correct
    assert not grade(MULTIPLE, "A").correct


def test_duplicated_letters_count_once():
    assert grade(SINGLE, ["B", "b"]).correct
    assert grade(SINGLE, ["B", "b"]).response == ["B"]
    assert not grade(MULTIPLE, ["A", "A"]).correct


@pytest.mark.parametrize("response, error, pattern", [
    ("Z", ValueError, r"response letter 'Z' is not an option \(A, B, C, D\)"),
    (["A", "e"], ValueError, r"response letter 'E' is not an option"),
    ("AB", ValueError, r"response letter 'AB' is not an option"),
    ([], ValueError, r"response must name at least one letter"),
    (3, TypeError, r"response must be a letter or a list of letters, got int"),
    ([1], TypeError, r"response letters must be strings, got int"),
    (None, TypeError, r"response must be a letter or a list of letters, got NoneType"),
])
def test_bad_responses(response, error, pattern):
    with pytest.raises(error, match=pattern):
        grade(MULTIPLE, response)


def test_question_must_be_a_question():
    with pytest.raises(TypeError, match=r"question must be a Question, got dict"):
        grade(make(), "B")


# --------------------------------------------------------------------------
# Question validation
# --------------------------------------------------------------------------

@pytest.mark.parametrize("changes, pattern", [
    ({"answer": ["E"]}, r"answer 'E' is not an option letter \(A, B, C, D\)"),
    ({"answer": ["b"]}, r"answer 'b' is not an option letter"),
    ({"answer": ["A", "B"]}, r"a 'single' question has exactly one answer letter"),
    ({"kind": "multiple", "answer": ["A"]},
     r"a 'multiple' question has at least two answer letters"),
    ({"kind": "multiple", "answer": ["A", "A"]}, r"answer repeats a letter"),
    ({"answer": []}, r"answer"),
    ({"options": ["only"]}, r"options"),
    ({"lesson": "1"}, r"lesson"),
    ({"kind": "essay"}, r"kind"),
    ({"difficulty": 4}, r"difficulty"),
    ({"explanation": ""}, r"explanation"),
])
def test_question_validation(changes, pattern):
    with pytest.raises(ValidationError, match=pattern):
        Question.model_validate(make(**changes))


ORDERING = Question.model_validate(make(id="t-o", kind="ordering", answer=[],
                                        options=["first", "second", "third", "fourth"]))
MATCHING = Question.model_validate(make(id="t-m", kind="matching", answer=[],
                                        options=["CPI", "SPI", "TCPI"],
                                        matches=["EV / AC", "EV / PV", "(BAC − EV) / (BAC − AC)"]))
NUMERIC = Question.model_validate(make(id="t-n", kind="numeric", answer=[], options=[],
                                       value=12.5, tolerance=0.1, unit="days"))


def test_ordering_is_graded_by_position_all_or_nothing():
    assert grade(ORDERING, ["A", "B", "C", "D"]).correct
    partly = grade(ORDERING, ["A", "C", "B", "D"])
    assert not partly.correct and (partly.parts_right, partly.parts) == (2, 4)
    assert "2 of 4 positions right" in partly.feedback
    assert "first → second → third → fourth" in partly.feedback
    with pytest.raises(ValueError, match=r"4 letters, got 3"):
        grade(ORDERING, ["A", "B", "C"])
    with pytest.raises(ValueError, match=r"repeats a letter"):
        grade(ORDERING, ["A", "A", "B", "C"])


def test_matching_is_graded_pair_by_pair_all_or_nothing():
    assert grade(MATCHING, ["a", "b", "c"]).correct
    swapped = grade(MATCHING, ["B", "A", "C"])
    assert not swapped.correct and swapped.parts_right == 1
    assert "CPI → EV / AC" in swapped.feedback
    with pytest.raises(ValueError, match=r"a match for every option"):
        grade(MATCHING, ["A"])


@pytest.mark.parametrize("response, correct", [
    (12.5, True), (12.4, True), (12.6, True), ("12.55", True), (" 12.5 ", True),
    (12.39, False), (12.61, False), ("−12.5", False), (0, False)])
def test_numeric_within_the_tolerance(response, correct):
    assert grade(NUMERIC, response).correct is correct


@pytest.mark.parametrize("response, error, pattern", [
    ("twelve", ValueError, r"response must be a number, such as 12.5, got 'twelve'"),
    (float("nan"), ValueError, r"response must be a finite number"),
    (True, TypeError, r"response must be a number, got bool"),
    (None, TypeError, r"response must be a number"),
    ([12.5], TypeError, r"response must be a number"),
])
def test_numeric_bad_responses(response, error, pattern):
    with pytest.raises(error, match=pattern):
        grade(NUMERIC, response)


def test_a_template_must_be_given_its_numbers_before_grading():
    template = next(q for q in load_bank() if q.template)
    with pytest.raises(ValueError, match=r"instantiate\(question, seed\)"):
        grade(template, 1)
    concrete = quiz.instantiate(template, 3)
    assert concrete.value is not None and concrete.template == template.template


@pytest.mark.parametrize("changes, pattern", [
    ({"kind": "ordering", "answer": ["A"]}, r"a 'ordering' question has no 'answer'"),
    ({"kind": "ordering", "answer": [], "options": ["a", "b"]}, r"at least 3 options"),
    ({"kind": "ordering", "answer": [], "options": ["a", "b", "A "]}, r"options repeats 'A'"),
    ({"kind": "matching", "answer": [], "options": ["a", "b", "c"], "matches": ["x", "y"]},
     r"'matches' has 2 entries and 'options' 3"),
    ({"kind": "matching", "answer": [], "options": ["a", "b", "c"],
      "matches": ["x", "y", "x"]}, r"matches repeats 'x'"),
    ({"matches": ["x"]}, r"only a 'matching' question has 'matches'"),
    ({"kind": "numeric", "answer": [], "options": [], "tolerance": 0}, r"either a 'value' or a"),
    ({"kind": "numeric", "answer": [], "options": [], "value": 1}, r"states its 'tolerance'"),
    ({"kind": "numeric", "answer": [], "options": [], "value": 1, "tolerance": -1},
     r"tolerance"),
    ({"kind": "numeric", "answer": [], "value": 1, "tolerance": 0}, r"has no 'options'"),
    ({"kind": "numeric", "answer": [], "options": [], "template": "nope", "tolerance": 0},
     r"template 'nope' is not a numeric template"),
    ({"kind": "numeric", "answer": [], "options": [], "template": "npv", "tolerance": 0,
      "stem": "NPV at {speed}?"}, r"stem uses \{speed\}, which template 'npv' does not fill"),
    ({"value": 3}, r"only a 'numeric' question has 'value'"),
    ({"unit": "days"}, r"only a 'numeric' question has 'unit'"),
    ({"why_wrong": {"B": "no"}}, r"why_wrong explains 'B', but 'B' is a correct answer"),
    ({"why_wrong": {"F": "no"}}, r"why_wrong names 'F', which is not an option letter"),
    ({"explanation": "Option B is wrong."}, r"names an option by its letter \('Option B'\)"),
    ({"stem": "Which? (C) is tempting."}, r"names an option by its letter"),
    ({"options": ["w", "x", "all of the above", "z"]}, r"names an option by its letter"),
])
def test_question_validation_of_every_kind(changes, pattern):
    with pytest.raises(ValidationError, match=pattern):
        Question.model_validate(make(**changes))


def test_a_course_question_carries_its_metadata_and_every_why_wrong():
    full = make(section=1, level="apply", domain="process",
                why_wrong={"A": "a", "C": "c", "D": "d"})
    assert quiz.CourseQuestion.model_validate(full).distractors == ["A", "C", "D"]
    for name in ("section", "level", "domain"):
        with pytest.raises(ValidationError, match=rf"a course question states its '{name}'"):
            quiz.CourseQuestion.model_validate({**full, name: None})
    with pytest.raises(ValidationError, match=r"why_wrong explains no wrong option D"):
        quiz.CourseQuestion.model_validate({**full, "why_wrong": {"A": "a", "C": "c"}})
    # A trainer's question needs none of it.
    assert Question.model_validate(make()).why_wrong == {}


def test_letters():
    assert letters(4) == ["A", "B", "C", "D"]
    assert letters(0) == []
    with pytest.raises(ValueError, match=r"n must be <= 26, got 27"):
        letters(27)
    with pytest.raises(TypeError, match=r"n must be an integer, got str '3'"):
        letters("3")


# --------------------------------------------------------------------------
# Draws
# --------------------------------------------------------------------------

BANK_01 = load_bank(lesson="01")


@settings(max_examples=60, deadline=None)
@given(st.integers(1, len(BANK_01)), st.integers(0, 2**32))
def test_draw_is_seeded_and_distinct(n, seed):
    drawn = draw("01", n, seed=seed)
    ids = [q.id for q in drawn]
    assert ids == [q.id for q in draw("01", n, seed=seed)]
    assert len(ids) == n == len(set(ids))
    bank_ids = [q.id for q in BANK_01]
    assert set(ids) <= set(bank_ids)
    assert ids == sorted(ids, key=bank_ids.index)  # in bank order


def test_draw_varies_with_the_seed():
    draws = {tuple(q.id for q in draw("01", 3, seed=s)) for s in range(30)}
    assert len(draws) > 1


@pytest.mark.parametrize("lesson, n, seed, error, pattern", [
    ("01", 0, 1, ValueError, r"n must be >= 1, got 0"),
    ("01", len(BANK_01) + 1, 1, ValueError, rf"n must be <= {len(BANK_01)}, got {len(BANK_01) + 1}"),
    ("01", 2.0, 1, TypeError, r"n must be an integer, got float 2.0"),
    ("01", 2, -1, ValueError, r"seed must be >= 0, got -1"),
    ("99", 1, 1, ValueError, r"no questions for lesson='99'"),
    (1, 1, 1, TypeError, r"lesson must be a string"),
])
def test_draw_errors(lesson, n, seed, error, pattern):
    with pytest.raises(error, match=pattern):
        draw(lesson, n, seed=seed)


TOPICS_01 = sorted({q.topic for q in BANK_01})


@pytest.mark.parametrize("n", range(len(TOPICS_01), len(BANK_01) + 1))
def test_draw_covers_every_topic(n):
    """n >= the number of topics: every topic appears, and topics take turns
    (no topic has two more questions than one that still had some left)."""
    bank_ids = [q.id for q in BANK_01]
    size = {t: sum(q.topic == t for q in BANK_01) for t in TOPICS_01}
    for seed in range(50):
        drawn = draw("01", n, seed=seed)
        ids = [q.id for q in drawn]
        assert ids == [q.id for q in draw("01", n, seed=seed)]
        assert len(ids) == n == len(set(ids))
        assert ids == sorted(ids, key=bank_ids.index)  # in bank order
        count = {t: sum(q.topic == t for q in drawn) for t in TOPICS_01}
        assert all(count.values()), (n, seed, count)
        for t, u in itertools.permutations(TOPICS_01, 2):
            assert count[t] <= count[u] + 1 or count[u] == size[u], (n, seed, count)


@pytest.mark.parametrize("n", range(1, len(TOPICS_01)))
def test_draw_fewer_than_the_topics_gives_distinct_topics_in_seeded_turns(n):
    """With fewer questions than topics, each is from a different topic, and
    across seeds every topic gets its turn."""
    seen = set()
    for seed in range(60):
        topics = [q.topic for q in draw("01", n, seed=seed)]
        assert len(set(topics)) == n, (seed, topics)
        seen.update(topics)
    assert seen == set(TOPICS_01)


# --------------------------------------------------------------------------
# A trainer's own question file
# --------------------------------------------------------------------------

_OWN_BANK = """\
questions:
  - id: own-1
    lesson: "04"
    topic: responses
    kind: single
    difficulty: 1
    stem: A pilot in two stores before a full rollout is which response?
    options: [Mitigate, Transfer, Accept]
    answer: [A]
    explanation: The pilot lowers the probability and the impact.
  - id: own-2
    lesson: "04"
    topic: emv
    kind: multiple
    difficulty: 2
    stem: Which two of these are threats?
    options: [A late supplier, A cheaper licence, A key person leaving]
    answer: [A, C]
    explanation: Both would harm the project if they happened.
"""


def test_a_trainers_bank_is_used_by_path_and_never_shadows_the_course(tmp_path, monkeypatch):
    from pathlib import Path

    from implcourse.widgets.quiz import knowledge_check

    own = tmp_path / "my_questions.yml"
    own.write_text(_OWN_BANK, encoding="utf-8")
    assert [q.id for q in quiz.load_bank(lesson="04", bank=own)] == ["own-1", "own-2"]
    assert [q.id for q in quiz.load_bank(topic="emv", bank=str(own))] == ["own-2"]
    assert {q.id for q in quiz.draw("04", 2, seed=3, bank=own)} == {"own-1", "own-2"}
    tool = knowledge_check("04", bank=own, record=False)
    assert len(tool.tabs.children) == 2
    assert "A pilot in two stores" in tool.tabs.children[0].children[0].value
    # A bare name is the course's dataset, even with a file of that name here.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="no such content file"):
        quiz.load_bank(bank="my_questions.yml")
    assert len(quiz.load_bank(bank=Path("my_questions.yml"))) == 2
    # An edited file is read again.
    own.write_text(_OWN_BANK.replace("own-2", "own-3"), encoding="utf-8")
    import os
    os.utime(own, ns=(own.stat().st_atime_ns, own.stat().st_mtime_ns + 10**9))
    assert [q.id for q in quiz.load_bank(bank=own)] == ["own-1", "own-3"]
    with pytest.raises(TypeError, match="bank"):
        quiz.load_bank(bank=["my_questions.yml"])
    broken = tmp_path / "broken.yml"
    broken.write_text(_OWN_BANK.replace("answer: [A]", "answer: [Z]"), encoding="utf-8")
    with pytest.raises(ValueError, match="broken.yml"):
        quiz.load_bank(bank=broken)


@pytest.mark.parametrize("text", ["0,85", "-1,5", "12,5", "1,25,0"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused_not_guessed(text):
    with pytest.raises(ValueError, match=r"has a comma that is not a thousands separator"):
        grade(NUMERIC, text)


def test_thousands_separators_are_read():
    big = Question.model_validate(make(id="t-big", kind="numeric", answer=[], options=[],
                                       value=1250.5, tolerance=0))
    assert grade(big, "1,250.5").correct and grade(big, "€1,250.5").correct
