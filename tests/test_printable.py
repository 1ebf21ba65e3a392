"""Printable quizzes and answer keys (implcourse.printable).

The checks read the printed documents back with an HTML parser, as a
reader would: each question is found in the bank by its printed stem, the
printed letters are mapped to the printed texts, and the key's letters are
graded with ``Asked.grade`` on an Asked rebuilt from what was printed. So a
key that names the wrong letter, or a quiz that prints the options in
another order than the key assumes, fails.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from implcourse import exam, prepost, printable, quiz
from implcourse.printing import PRINT_CSS, escape

LESSONS = [f"{i:02d}" for i in range(1, 9)]
BANK = quiz.load_bank()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _by_stem(lesson: str, seed: int) -> dict[str, quiz.Question]:
    """The lesson's questions by stem as printed (template numbers drawn from ``seed``)."""
    found = {}
    for q in quiz.load_bank(lesson=lesson):
        shown = quiz.instantiate(q, seed) if q.template else q
        found[_clean(shown.stem)] = shown
    return found


def printed_questions(html: str) -> list[dict]:
    """Each printed question: number, stem, kind hint, lettered items, left column."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for block in soup.select("div.question"):
        stem = block.select_one("p.stem")
        number = int(stem.b.get_text().rstrip("."))
        stem.b.extract()
        lettered, left = [], []
        for li in block.select("ul.options li"):
            letter = li.b.get_text().rstrip(".")
            li.b.extract()
            lettered.append((letter, _clean(li.get_text())))
        for row in block.select("table.matching tr"):
            first, second = row.find_all("td")
            if first.get_text().strip():
                left.append(_clean(re.sub(r"^\d+\.\s*", "", first.get_text())))
            if second.b is not None:
                letter = second.b.get_text().rstrip(".")
                second.b.extract()
                lettered.append((letter, _clean(second.get_text())))
        out.append({"number": number, "stem": _clean(stem.get_text()),
                    "how": block.select_one("p.how").get_text(), "lettered": lettered,
                    "left": left, "keep": "keep" in block["class"]})
    return out


def printed_keys(html: str) -> dict[int, str]:
    soup = BeautifulSoup(html, "html.parser")
    keys = {}
    for entry in soup.select("div.key-entry"):
        number = int(entry.p.b.get_text().rstrip("."))
        keys[number] = entry.select_one("span.key")["data-response"]
    return keys


def rebuilt(question: quiz.Question, printed: dict) -> exam.Asked:
    """An Asked whose shown order is what was printed."""
    texts = [_clean(text) for _, text in printed["lettered"]]
    if question.kind == "matching":
        assert printed["left"] == [_clean(o) for o in question.options]
        order = tuple([_clean(m) for m in question.matches].index(t) for t in texts)
    elif question.kind == "numeric":
        order = ()
    else:
        order = tuple([_clean(o) for o in question.options].index(t) for t in texts)
    assert [letter for letter, _ in printed["lettered"]] == quiz.letters(len(texts))
    return exam.Asked(number=printed["number"], question=question, order=order)


def check_key_against_print(quiz_html: str, key_html: str, by_stem: dict) -> list[str]:
    """Grade each printed key on the printed question; return the kinds seen."""
    questions = printed_questions(quiz_html)
    keys = printed_keys(key_html)
    assert sorted(keys) == [p["number"] for p in questions] == list(
        range(1, len(questions) + 1))
    kinds = []
    for printed in questions:
        question = by_stem[printed["stem"]]
        asked = rebuilt(question, printed)
        key = keys[printed["number"]]
        response = float(key) if question.kind == "numeric" else key.split(",")
        assert asked.grade(response).correct, (question.id, key)
        if question.kind in ("single", "multiple"):
            # Independent of grade(): the printed texts of the key are the file's answers.
            shown = dict(printed["lettered"])
            assert sorted(shown[letter] for letter in response) == sorted(
                _clean(question.options[quiz.letters(len(question.options)).index(a)])
                for a in question.answer)
        kinds.append(question.kind)
    return kinds


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_key_is_right_for_the_question_as_printed(lesson):
    quiz_html, key_html = printable.lesson_quiz(lesson, seed=3)
    kinds = check_key_against_print(quiz_html, key_html, _by_stem(lesson, 3))
    assert len(kinds) == printable.DEFAULT_COUNT
    # One of each kind the lesson's bank has is printed.
    assert set(kinds) == {q.kind for q in quiz.load_bank(lesson=lesson)}


def test_every_kind_prints_with_its_instructions():
    seen = {}
    for lesson in LESSONS:
        quiz_html, key_html = printable.lesson_quiz(lesson, n=12, seed=8)
        by_stem = _by_stem(lesson, 8)
        for printed in printed_questions(quiz_html):
            seen.setdefault(by_stem[printed["stem"]].kind, printed)
    assert set(seen) == set(quiz.KINDS)
    assert "Tick one box" in seen["single"]["how"]
    assert "all that apply" in seen["multiple"]["how"]
    assert "first to last" in seen["ordering"]["how"]
    assert "letter of its match" in seen["matching"]["how"]
    assert "number" in seen["numeric"]["how"]


def test_a_numeric_key_gives_the_drawn_number_its_unit_and_tolerance():
    templated = next(q for q in BANK if q.template and q.tolerance)
    asked = exam.ask(templated, seed=4)
    quiz_html = printable.quiz_document("Q", [asked])
    key_html = printable.key_document("K", [asked])
    assert _clean(asked.question.stem) == printed_questions(quiz_html)[0]["stem"]
    assert "{" not in quiz_html.split("<body>")[1]
    value = asked.question.value
    assert float(printed_keys(key_html)[1]) == value
    text = BeautifulSoup(key_html, "html.parser").select_one("span.key").get_text()
    assert f"{value:,.10g}" in text and asked.question.unit in text
    assert f"±{asked.question.tolerance:g}" in text
    assert f"{value:,.10g}" not in quiz_html


def test_the_quiz_holds_no_answer():
    for lesson in LESSONS:
        quiz_html, key_html = printable.lesson_quiz(lesson, seed=1)
        by_stem = _by_stem(lesson, 1)
        for printed in printed_questions(quiz_html):
            question = by_stem[printed["stem"]]
            assert escape(question.explanation) not in quiz_html
            assert escape(question.explanation) in key_html
            for why in question.why_wrong.values():
                assert escape(why) not in quiz_html
        assert 'class="key"' not in quiz_html and "data-response" not in quiz_html
        assert "Answer key" not in quiz_html


def test_pages_keep_each_question_whole_and_have_a_name_line():
    quiz_html, key_html = printable.lesson_quiz("06", n=9, seed=2)
    questions = printed_questions(quiz_html)
    assert len(questions) == 9 and all(p["keep"] for p in questions)
    assert re.search(r"\.keep \{ break-inside: avoid", PRINT_CSS)
    assert "Name:" in quiz_html and "Name:" not in key_html
    soup = BeautifulSoup(key_html, "html.parser")
    assert all("keep" in d["class"] for d in soup.select("div.key-entry"))
    assert quiz_html.startswith("<!DOCTYPE html>") and "http" not in quiz_html.split("<body>")[1]


def test_bank_text_is_escaped():
    nasty = quiz.Question.model_validate({
        "id": "x-1", "lesson": "01", "topic": "phases", "kind": "single", "difficulty": 1,
        "stem": "Is <script>alert(1)</script> & 'this' \"safe\"?",
        "options": ["Yes <b>bold</b>", "No & never"], "answer": ["B"],
        "explanation": "Because <i>escaping</i> & care."})
    asked = exam.ask(nasty, seed=0)
    for html in (printable.quiz_document("T <x>", [asked]),
                 printable.key_document("T <x>", [asked])):
        body = html.split("<body>")[1]
        assert "<script>" not in body and "<b>bold</b>" not in body and "<i>" not in body
        assert "T &lt;x&gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in printable.quiz_document("T", [asked])
    assert "No &amp; never" in printable.quiz_document("T", [asked])


def test_a_seed_gives_the_same_quiz_and_another_seed_another():
    assert printable.lesson_quiz("02", n=6, seed=4) == printable.lesson_quiz("02", n=6, seed=4)
    assert printable.lesson_quiz("02", n=6, seed=4)[0] != printable.lesson_quiz(
        "02", n=6, seed=5)[0]


def test_lesson_quizzes_leave_out_the_pre_and_post_test_questions():
    held = prepost.held_back()
    stems = {_clean(q.stem) for q in BANK if q.id in held}
    for lesson in LESSONS:
        for seed in range(3):
            quiz_html, _ = printable.lesson_quiz(lesson, n=15, seed=seed)
            printed = {p["stem"] for p in printed_questions(quiz_html)}
            assert not printed & stems


@pytest.mark.parametrize("call, error, words", [
    (lambda: printable.lesson_quiz("99"), ValueError, "lesson"),
    (lambda: printable.lesson_quiz(1), TypeError, "lesson"),
    (lambda: printable.lesson_quiz("01", n=0), ValueError, "n must be"),
    (lambda: printable.lesson_quiz("01", n=10_000), ValueError, "n must be <= "),
    (lambda: printable.lesson_quiz("01", seed=-1), ValueError, "seed"),
    (lambda: printable.quiz_document("T", []), ValueError, "asked"),
    (lambda: printable.quiz_document("T", ["x"]), TypeError, "asked"),
    (lambda: printable.key_document("", [exam.ask(BANK[0], 0)]), ValueError, "title"),
    (lambda: printable.key_response("B"), TypeError, "asked"),
])
def test_bad_input_is_refused_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_quiz_header_gives_its_version_time_name_line_and_score_box():
    quiz_html, key_html = printable.lesson_quiz("03", n=7, seed=2)
    soup = BeautifulSoup(quiz_html, "html.parser")
    assert soup.h1.get_text().startswith("Quiz: lesson 03 ")
    assert soup.h1.get_text().endswith("(version 3)")
    pace = exam.get_blueprint("course").minutes / exam.get_blueprint("course").questions
    minutes = -(-round(pace * 7, 1) // 1)   # rounded up, at the course exam's pace
    meta = soup.select_one("p.meta").get_text()
    assert meta.startswith(f"7 questions, about {minutes:.0f} minutes.")
    key = BeautifulSoup(key_html, "html.parser")
    assert "draw" not in meta and "draw" not in key.select_one("p.meta").get_text()
    assert _clean(soup.select_one("p.score").get_text()) == "Score: / 7"
    assert "Name:" in quiz_html
    assert key.h1.get_text().endswith("(version 3)") and "version 3 of the quiz" in key_html
    assert key.select_one("p.score") is None
