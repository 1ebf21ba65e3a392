"""The question bank does not give its keys away by option length.

A test-wise candidate who knows nothing of the content can still score by
picking the longest option (the author spelt the right answer out with
care) or, in a bank written to avoid that, the shortest one. For every
bank file in ``datasets/questions/`` these tests count the questions whose
key is strictly the longest, and strictly the shortest, option, and refuse
a bank where either happens in more than a third of its questions (with
four options, chance alone gives about a quarter). Lengths are counted in
characters after collapsing whitespace. The last tests feed deliberately
biased questions to the same checks, to show that they can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from implcourse import quiz
from implcourse.quiz import Question, load_bank

#: A bank fails when more than 1/PARTS of its questions show a give-away.
PARTS = 3

#: Questions a trainer review found with a visibly longest key; fixed since.
REVIEWED_LONGEST = ["rk-01", "rk-04", "rk-10", "rk-17", "lc-14", "bc-06", "bc-15"]


def bank_files() -> list[Path]:
    """The bank files present, as ``implcourse.quiz`` finds them."""
    return sorted((quiz.datasets_dir() / quiz.QUESTIONS_DIR).glob("*.yml"))


def file_lesson(path: Path) -> str:
    """The one lesson id of the questions in a bank file."""
    lessons = {q.lesson for q in quiz.load_entries(path, Question, key="questions")}
    assert len(lessons) == 1, f"{path.name} mixes lessons {sorted(lessons)}"
    return lessons.pop()


def length(option: str) -> int:
    """Characters of an option, with runs of whitespace counted as one space."""
    return len(" ".join(option.split()))


def _split(question: Question) -> tuple[list[int], list[int]]:
    """Lengths of the correct options and of the wrong ones."""
    right, wrong = [], []
    for letter, option in question.lettered():
        (right if letter in question.answer else wrong).append(length(option))
    return right, wrong


def key_is_strictly_longest(question: Question) -> bool:
    """Every correct option is longer than every wrong option."""
    right, wrong = _split(question)
    return min(right) > max(wrong)


def key_is_strictly_shortest(question: Question) -> bool:
    """Every correct option is shorter than every wrong option."""
    right, wrong = _split(question)
    return max(right) < min(wrong)


def giveaway_problem(bank: list[Question], test, what: str) -> str | None:
    """A message naming the offending ids if ``test`` holds in more than a
    third of the bank's questions, else None."""
    offenders = [q.id for q in bank if test(q)]
    if PARTS * len(offenders) > len(bank):
        return (f"the key is strictly the {what} option in {len(offenders)} of "
                f"{len(bank)} questions (more than a third): {', '.join(offenders)}")
    return None


FILES = bank_files()


def test_bank_files_are_found():
    assert FILES, "no bank files in datasets/questions/"
    assert len({file_lesson(path) for path in FILES}) == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_key_is_not_usually_the_longest_option(path):
    bank = load_bank(lesson=file_lesson(path))
    problem = giveaway_problem(bank, key_is_strictly_longest, "longest")
    assert problem is None, f"{path.name}: {problem}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_key_is_not_usually_the_shortest_option(path):
    bank = load_bank(lesson=file_lesson(path))
    problem = giveaway_problem(bank, key_is_strictly_shortest, "shortest")
    assert problem is None, f"{path.name}: {problem}"


def test_reviewed_questions_no_longer_have_a_strictly_longest_key():
    bank = {q.id: q for q in load_bank()}
    missing = [qid for qid in REVIEWED_LONGEST if qid not in bank]
    assert not missing, f"reviewed questions not in the bank: {missing}"
    still = [qid for qid in REVIEWED_LONGEST if key_is_strictly_longest(bank[qid])]
    assert not still, f"the key is still strictly the longest option in {still}"


# --------------------------------------------------------------------------
# The checks themselves
# --------------------------------------------------------------------------

def make(qid: str, options: list[str], answer: list[str]) -> Question:
    return Question.model_validate({
        "id": qid, "lesson": "01", "topic": "phases",
        "kind": "single" if len(answer) == 1 else "multiple", "difficulty": 1,
        "stem": "Which?", "options": options, "answer": answer, "explanation": "Because."})


LONG_KEY = make("t-long", ["short", "the much longer key", "brief", "small"], ["B"])
SHORT_KEY = make("t-short", ["a longer one", "key", "a longer two", "a longer three"], ["B"])
TIED = make("t-tied", ["abcd", "efgh", "ijkl", "mnop"], ["C"])


@pytest.mark.parametrize("question, longest, shortest", [
    (LONG_KEY, True, False),
    (SHORT_KEY, False, True),
    (TIED, False, False),
    # A tie with a wrong option is not "strictly" the longest.
    (make("t-tie", ["abc", "the key", "the way", "de"], ["B"]), False, False),
    # Whitespace is collapsed before counting: the key is not really longer.
    (make("t-space", ["the   key", "another", "the one"], ["A"]), False, False),
    # Multiple answers: every correct option against every wrong one.
    (make("t-multi", ["long key one", "long key two", "wrong", "no"], ["A", "B"]), True, False),
    (make("t-mixed", ["long key one", "k", "wrong", "no"], ["A", "B"]), False, False),
    (make("t-multi-short", ["k1", "wrong one", "k2", "wrong two"], ["A", "C"]), False, True),
])
def test_longest_and_shortest_checks(question, longest, shortest):
    assert key_is_strictly_longest(question) is longest
    assert key_is_strictly_shortest(question) is shortest


def test_a_biased_bank_fails_and_names_its_questions():
    bank = [make(f"t-{i}", ["short", "the much longer key", "brief", "small"], ["B"])
            for i in range(4)] + [TIED, TIED.model_copy(update={"id": "t-tied-2"})]
    problem = giveaway_problem(bank, key_is_strictly_longest, "longest")
    assert problem is not None
    assert "4 of 6 questions" in problem
    assert "t-0, t-1, t-2, t-3" in problem
    assert "t-tied" not in problem
    assert giveaway_problem(bank, key_is_strictly_shortest, "shortest") is None


def test_exactly_a_third_passes():
    bank = [LONG_KEY, TIED, TIED.model_copy(update={"id": "t-tied-2"})]
    assert giveaway_problem(bank, key_is_strictly_longest, "longest") is None
    bank.append(make("t-long-2", ["a", "b", "the long key", "c"], ["C"]))
    assert giveaway_problem(bank, key_is_strictly_longest, "longest") is not None
