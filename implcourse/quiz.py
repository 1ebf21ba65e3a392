"""The question bank and the grading of knowledge checks.

Questions live in ``datasets/questions/*.yml`` (one file per lesson, under
the key ``questions``). Each has lettered options and one or more correct
letters; ``kind`` says whether the learner picks one (``single``) or several
(``multiple``; all-or-nothing, as in most certification exams).

Examples
--------
>>> bank = load_bank(lesson="01")
>>> q = bank[0]
>>> grade(q, q.answer).correct
True
"""

from __future__ import annotations

import functools
import os
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .content import (ContentError, ContentModel, Slug, Text, cached_by_file, datasets_dir,
                      display_path, load_entries)
from .validation import check_int, shown

__all__ = ["Question", "Graded", "load_bank", "grade", "draw", "letters"]

QUESTIONS_DIR = "questions"


def letters(n: int) -> list[str]:
    """The first ``n`` option letters.

    Examples
    --------
    >>> letters(4)
    ['A', 'B', 'C', 'D']
    """
    return list(string.ascii_uppercase[:check_int("n", n, minimum=0, maximum=26)])


class Question(ContentModel):
    """An exam-style question with lettered options."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    lesson: str = Field(pattern=r"^\d\d$")
    topic: Slug
    kind: Literal["single", "multiple"]
    difficulty: int = Field(ge=1, le=3)
    stem: Text
    options: list[Text] = Field(min_length=2, max_length=8)
    answer: list[str] = Field(min_length=1)
    explanation: Text
    source: str | None = None

    @model_validator(mode="after")
    def _answer_letters(self) -> Question:
        valid = letters(len(self.options))
        for letter in self.answer:
            if letter not in valid:
                raise ValueError(f"answer {letter!r} is not an option letter "
                                 f"({', '.join(valid)})")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer repeats a letter")
        if self.kind == "single" and len(self.answer) != 1:
            raise ValueError("a 'single' question has exactly one answer letter")
        if self.kind == "multiple" and len(self.answer) < 2:
            raise ValueError("a 'multiple' question has at least two answer letters")
        return self

    def lettered(self) -> list[tuple[str, str]]:
        """``(letter, option)`` pairs."""
        return list(zip(letters(len(self.options)), self.options))


@functools.lru_cache(maxsize=None)
def _all_questions() -> tuple[Question, ...]:
    files = sorted((datasets_dir() / QUESTIONS_DIR).glob("*.yml"))
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in files:
        for q in load_entries(path, Question, key="questions"):
            if q.id in seen:
                raise ContentError(display_path(path), f"question id {q.id!r} is also used "
                                   f"in {seen[q.id]}", f"question {q.id!r}", "id")
            seen[q.id] = display_path(path)
            questions.append(q)
    return tuple(questions)


_load_bank_file = cached_by_file(lambda path: load_entries(path, Question, key="questions"))


def _bank_file(bank) -> tuple[Question, ...]:
    """The questions of one bank file: a course bank or a trainer's own."""
    if not isinstance(bank, (str, os.PathLike)):
        raise TypeError(f"bank must be a question file, given as a path such as "
                        f"Path('my_questions.yml'), got {type(bank).__name__} {shown(bank)}")
    return _load_bank_file(bank if isinstance(bank, str) else Path(bank))


def load_bank(lesson: str | None = None, topic: str | None = None,
              bank: str | os.PathLike | None = None) -> list[Question]:
    """Questions from the bank, optionally for one lesson and/or topic.

    Parameters
    ----------
    lesson, topic : str, optional
        Keep only the questions of this lesson and/or topic.
    bank : str or Path, optional
        One question file instead of the whole course bank: a trainer's own
        file given as a path (``Path("my_course/questions.yml")`` or
        ``"./my_course/questions.yml"``), or a course bank by its dataset
        name (``"questions/01_lifecycle.yml"``). Its format is the course's
        (see ``datasets/questions/``; ``implcourse check-content`` checks it).

    Raises
    ------
    ValueError
        If no question matches.

    Examples
    --------
    >>> len(load_bank("01")) == len(load_bank(bank="questions/01_lifecycle.yml"))
    True
    """
    if lesson is not None and not isinstance(lesson, str):
        raise TypeError(f"lesson must be a string such as '01', got {type(lesson).__name__}")
    if topic is not None and not isinstance(topic, str):
        raise TypeError(f"topic must be a string such as 'critical_path', got "
                        f"{type(topic).__name__} {shown(topic)}")
    questions = _all_questions() if bank is None else _bank_file(bank)
    chosen = [q for q in questions
              if (lesson is None or q.lesson == lesson) and (topic is None or q.topic == topic)]
    if not chosen:
        raise ValueError(f"no questions for lesson={shown(lesson)}, topic={shown(topic)}")
    return chosen


@dataclass(frozen=True)
class Graded:
    """The grade of one response."""

    question: Question
    response: list[str]
    correct: bool

    @property
    def feedback(self) -> str:
        """One line of feedback, then the explanation."""
        key = ", ".join(self.question.answer)
        head = "Correct." if self.correct else f"Not quite: the answer is {key}."
        return f"{head} {self.question.explanation}"


def grade(question: Question, response: str | Iterable[str]) -> Graded:
    """Grade a response: a letter, or a list of letters for ``multiple``.

    Letters are case-insensitive; the order does not matter.

    Raises
    ------
    ValueError
        If a letter is not one of the question's options, or no letter is
        given.

    Examples
    --------
    >>> q = load_bank(lesson="01")[0]
    >>> grade(q, "z")
    Traceback (most recent call last):
    ...
    ValueError: response letter 'Z' is not an option ...
    """
    if not isinstance(question, Question):
        raise TypeError(f"question must be a Question, got {type(question).__name__}")
    if isinstance(response, str):
        picked = [response]
    elif isinstance(response, Iterable):
        picked = list(response)
    else:
        raise TypeError(f"response must be a letter or a list of letters, "
                        f"got {type(response).__name__}")
    valid = letters(len(question.options))
    cleaned = []
    for letter in picked:
        if not isinstance(letter, str):
            raise TypeError(f"response letters must be strings, got {type(letter).__name__}")
        letter = letter.strip().upper()
        if letter not in valid:
            raise ValueError(f"response letter {letter!r} is not an option "
                             f"({', '.join(valid)})")
        cleaned.append(letter)
    if not cleaned:
        raise ValueError("response must name at least one letter")
    correct = sorted(set(cleaned)) == sorted(question.answer)
    return Graded(question=question, response=sorted(set(cleaned)), correct=correct)


def draw(lesson: str, n: int, seed: int,
         bank: str | os.PathLike | None = None) -> list[Question]:
    """``n`` distinct questions for a lesson, drawn with a seed, spread over topics.

    ``bank`` draws from one question file instead (see :func:`load_bank`).

    Topics take turns (in a seeded order), each giving a seeded random
    question, so a draw of at least as many questions as the lesson has
    topics covers every topic. The questions come back in bank order.

    Examples
    --------
    >>> [q.id for q in draw("01", 3, seed=1)] == [q.id for q in draw("01", 3, seed=1)]
    True
    >>> topics = {q.topic for q in load_bank(lesson="01")}
    >>> {q.topic for q in draw("01", len(topics), seed=5)} == topics
    True
    """
    import numpy as np

    bank = load_bank(lesson=lesson, bank=bank)
    n = check_int("n", n, minimum=1, maximum=len(bank))
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    by_topic: dict[str, list[int]] = {}
    for index, question in enumerate(bank):
        by_topic.setdefault(question.topic, []).append(index)
    queues = [rng.permutation(indices).tolist() for _, indices in sorted(by_topic.items())]
    turns = rng.permutation(len(queues)).tolist()
    picks: list[int] = []
    while len(picks) < n:
        for turn in turns:
            if queues[turn] and len(picks) < n:
                picks.append(queues[turn].pop())
    return [bank[i] for i in sorted(picks)]
