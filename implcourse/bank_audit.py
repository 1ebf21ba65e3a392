"""Checks on a whole question bank, beyond what each question checks alone.

A bank can be valid question by question and still be a poor exam: the key
may be the longest option so often that a test-wise candidate scores without
knowing the content, the keys may bunch on one letter, two questions may ask
the same thing, or a lesson may have too few questions. These checks find
such problems; ``implcourse check-content`` runs them on every bank file, and
the test suite runs them on the course's bank with the course's quotas.

Examples
--------
>>> from implcourse import quiz
>>> audit(quiz.load_bank(lesson="01"))
[]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .quiz import Question, letters
from .validation import check_int, check_items, check_number, check_str, check_str_list

__all__ = ["audit", "key_is_strictly_longest", "key_is_strictly_shortest", "key_letter_spread",
           "duplicate_stems", "normalised_stem", "quota_problems", "LESSON_QUOTA", "BANK_QUOTA",
           "SCENARIO_SHARE", "GIVEAWAY_SHARE"]

#: Questions each content lesson needs in the course's bank.
LESSON_QUOTA = 40
#: Questions the course's bank needs in all.
BANK_QUOTA = 360
#: The least share of scenario questions (a situation and a decision).
SCENARIO_SHARE = 1 / 3
#: The largest share of questions whose key is strictly the longest (or the
#: shortest) option. Chance alone, with four options, gives about a quarter.
GIVEAWAY_SHARE = 1 / 3
#: The largest share of single-choice keys on one letter, for letters that
#: are offered by most questions (chance gives a quarter with four options).
LETTER_SHARE = 0.4
#: Banks with fewer (single-)choice questions than this are too small to judge
#: for key-length give-aways and the letter spread: with a handful of
#: questions, chance alone often puts most keys on one length or letter.
LETTER_MINIMUM = 12


def _length(option: str) -> int:
    return len(" ".join(option.split()))


def _split(question: Question) -> tuple[list[int], list[int]]:
    right, wrong = [], []
    for letter, option in question.lettered():
        (right if letter in question.answer else wrong).append(_length(option))
    return right, wrong


def _question(question) -> Question:
    if not isinstance(question, Question):
        raise TypeError(f"question must be a Question, got {type(question).__name__}")
    return question


def key_is_strictly_longest(question: Question) -> bool:
    """Every correct option is longer than every wrong option (choice questions only)."""
    if _question(question).kind not in ("single", "multiple"):
        return False
    right, wrong = _split(question)
    return bool(right and wrong) and min(right) > max(wrong)


def key_is_strictly_shortest(question: Question) -> bool:
    """Every correct option is shorter than every wrong option (choice questions only)."""
    if _question(question).kind not in ("single", "multiple"):
        return False
    right, wrong = _split(question)
    return bool(right and wrong) and max(right) < min(wrong)


def key_letter_spread(questions: Sequence[Question]) -> dict[str, int]:
    """How often each letter is the key of a single-choice question."""
    questions = check_items("questions", questions, Question)
    counts = Counter(q.answer[0] for q in questions if q.kind == "single")
    width = max((len(q.options) for q in questions if q.kind == "single"), default=0)
    return {letter: counts.get(letter, 0) for letter in letters(width)}


def normalised_stem(stem: str) -> str:
    """A stem in lower case, without punctuation and with single spaces."""
    stem = check_str("stem", stem, allow_empty=True)
    return " ".join(re.sub(r"[^\w\s]", " ", stem.lower()).split())


def duplicate_stems(questions: Sequence[Question]) -> list[tuple[str, str]]:
    """Pairs of question ids whose stems are the same once normalised."""
    questions = check_items("questions", questions, Question)
    first: dict[str, str] = {}
    pairs = []
    for q in questions:
        key = normalised_stem(q.stem)
        if key in first:
            pairs.append((first[key], q.id))
        else:
            first[key] = q.id
    return pairs


def audit(questions: Sequence[Question]) -> list[str]:
    """Problems of a bank as a whole, in plain words (an empty list if none).

    Checks the share of keys that are strictly the longest or the shortest
    option and the spread of single-choice keys over the letters (in a bank
    of at least :data:`LETTER_MINIMUM` choice questions), and duplicate
    stems. Quotas are separate (:func:`quota_problems`), because a trainer's
    bank has none.
    """
    questions = check_items("questions", questions, Question)
    problems = []
    choice = [q for q in questions if q.kind in ("single", "multiple")]
    for test, what in [(key_is_strictly_longest, "longest"),
                       (key_is_strictly_shortest, "shortest")]:
        offenders = [q.id for q in choice if test(q)]
        if len(choice) >= LETTER_MINIMUM and len(offenders) > GIVEAWAY_SHARE * len(choice):
            problems.append(f"the key is strictly the {what} option in {len(offenders)} of "
                            f"{len(choice)} choice questions (more than a third), so a "
                            f"test-wise guess scores: {', '.join(offenders)}")
    single = [q for q in questions if q.kind == "single"]
    if len(single) >= LETTER_MINIMUM:
        spread = key_letter_spread(single)
        for letter, count in spread.items():
            offered = sum(1 for q in single if len(q.options) > letters(26).index(letter))
            if offered >= LETTER_MINIMUM and count > LETTER_SHARE * offered:
                problems.append(f"{count} of the {offered} single-choice questions with an "
                                f"option {letter} have {letter} as the key (more than "
                                f"{LETTER_SHARE:.0%}); spread the keys over the letters")
            if offered >= LETTER_MINIMUM and count == 0:
                problems.append(f"no single-choice question has {letter} as the key; "
                                "spread the keys over the letters")
    for a, b in duplicate_stems(questions):
        problems.append(f"questions {a} and {b} have the same stem")
    return problems


def quota_problems(questions: Sequence[Question], lessons: Sequence[str], *,
                   per_lesson: int = LESSON_QUOTA, total: int = BANK_QUOTA,
                   scenario_share: float = SCENARIO_SHARE) -> list[str]:
    """Problems with the course's quotas: questions per lesson, in all, and scenarios.

    Examples
    --------
    >>> from implcourse import quiz
    >>> quota_problems(quiz.load_bank(lesson="01"), ["01"], per_lesson=1, total=1)
    []
    """
    questions = check_items("questions", questions, Question)
    lessons = check_str_list("lessons", lessons)
    per_lesson = check_int("per_lesson", per_lesson, minimum=0)
    total = check_int("total", total, minimum=0)
    scenario_share = check_number("scenario_share", scenario_share, minimum=0, maximum=1)
    problems = []
    counts = Counter(q.lesson for q in questions)
    for lesson in lessons:
        if counts.get(lesson, 0) < per_lesson:
            problems.append(f"lesson {lesson} has {counts.get(lesson, 0)} questions; "
                            f"it needs at least {per_lesson}")
        mine = [q for q in questions if q.lesson == lesson]
        scenarios = sum(q.scenario for q in mine)
        if mine and scenarios < scenario_share * len(mine):
            problems.append(f"lesson {lesson} has {scenarios} scenario questions of "
                            f"{len(mine)}; at least {scenario_share:.0%} should be scenarios")
    if len(questions) < total:
        problems.append(f"the bank has {len(questions)} questions; it needs at least {total}")
    return problems
