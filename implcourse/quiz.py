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
import math
import os
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .content import (ContentError, ContentModel, Slug, Text, cached_by_file, datasets_dir,
                      display_path, load_entries)
from .validation import check_int, shown

__all__ = ["Question", "CourseQuestion", "Graded", "KINDS", "LEVELS", "DOMAINS",
           "APPROACHES", "check_bank_file", "load_bank", "grade", "draw", "letters", "instantiate"]

QUESTIONS_DIR = "questions"


def letters(n: int) -> list[str]:
    """The first ``n`` option letters.

    Examples
    --------
    >>> letters(4)
    ['A', 'B', 'C', 'D']
    """
    return list(string.ascii_uppercase[:check_int("n", n, minimum=0, maximum=26)])


#: What a question asks the learner to do.
KINDS = ("single", "multiple", "numeric", "ordering", "matching")
#: Cognitive levels (a reduced Bloom's taxonomy, as exam outlines use it).
LEVELS = ("remember", "apply", "analyse")
#: The PMP exam's three domains (Exam Content Outline, 2026).
DOMAINS = ("people", "process", "business_environment")
#: The delivery approach a question is set in; "any" when it does not depend on one.
APPROACHES = ("predictive", "agile", "hybrid", "any")
#: Words naming an option by its letter, which a shuffle of the options would make wrong.
_LETTER_REFERENCE = re.compile(r"\b(?:options?|answers?|choices?)\s+\(?[A-H]\)?(?![\w'’])"
                               r"|\([A-H]\)|\b(?:all|none|both) of the above\b", re.IGNORECASE)


class Question(ContentModel):
    """An exam-style question.

    ``kind`` says what the learner does:

    - ``single``: pick the one best option (``answer`` holds its letter);
    - ``multiple``: pick every correct option (all-or-nothing, as in most
      certification exams);
    - ``ordering``: put ``options`` in order; the file lists them in the
      right order, and they are shown shuffled;
    - ``matching``: match each of ``options`` to its partner in ``matches``
      (same position in the file; shown shuffled);
    - ``numeric``: type a number, right within ``tolerance``. The number is
      ``value``, or is computed by the package from the learner's seed when
      ``template`` names a numeric template (see
      :mod:`implcourse.question_templates`), whose values fill the
      ``{placeholders}`` of the stem and explanation.

    ``why_wrong`` explains each wrong option of a ``single`` or ``multiple``
    question, by letter. The metadata (``section``, ``level``, ``domain``,
    ``approach``, ``scenario``) is optional in a trainer's own file; every
    question of the course's bank carries it (see :class:`CourseQuestion`).
    Option letters are shuffled when a question is asked, so no text may
    name an option by its letter.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    lesson: str = Field(pattern=r"^\d\d$")
    section: int | None = Field(default=None, ge=1, le=30)
    topic: Slug
    kind: Literal["single", "multiple", "numeric", "ordering", "matching"]
    difficulty: int = Field(ge=1, le=3)
    level: Literal["remember", "apply", "analyse"] | None = None
    domain: Literal["people", "process", "business_environment"] | None = None
    approach: Literal["predictive", "agile", "hybrid", "any"] = "any"
    scenario: bool = False
    stem: Text
    options: list[Text] = Field(default_factory=list, max_length=8)
    answer: list[str] = Field(default_factory=list)
    matches: list[Text] = Field(default_factory=list, max_length=8)
    why_wrong: dict[str, Text] = Field(default_factory=dict)
    value: float | None = None
    tolerance: float | None = Field(default=None, ge=0)
    unit: str = ""
    template: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    explanation: Text
    source: str | None = None

    @model_validator(mode="after")
    def _shape_of_kind(self) -> Question:
        kind = self.kind
        if kind in ("single", "multiple"):
            self._choice_shape()
        else:
            for name in ("answer", "why_wrong"):
                if getattr(self, name):
                    raise ValueError(f"a {kind!r} question has no {name!r} (only single and "
                                     "multiple questions do)")
        if kind != "matching" and self.matches:
            raise ValueError(f"only a 'matching' question has 'matches' (this one is {kind!r})")
        if kind != "numeric":
            for name in ("value", "tolerance", "template"):
                if getattr(self, name) is not None:
                    raise ValueError(f"only a 'numeric' question has {name!r} "
                                     f"(this one is {kind!r})")
            if self.unit:
                raise ValueError(f"only a 'numeric' question has 'unit' (this one is {kind!r})")
        if kind in ("ordering", "matching"):
            if len(self.options) < 3:
                raise ValueError(f"a {kind!r} question has at least 3 options, "
                                 f"got {len(self.options)}")
            _distinct("options", self.options)
        if kind == "matching":
            if len(self.matches) != len(self.options):
                raise ValueError(f"'matches' has {len(self.matches)} entries and 'options' "
                                 f"{len(self.options)}: a 'matching' question pairs each option "
                                 "with the match at the same position")
            _distinct("matches", self.matches)
        if kind == "numeric":
            if self.options:
                raise ValueError("a 'numeric' question has no 'options'")
            if (self.value is None) == (self.template is None):
                raise ValueError("a 'numeric' question has either a 'value' or a 'template' "
                                 "(exactly one of them)")
            if self.tolerance is None:
                raise ValueError("a 'numeric' question states its 'tolerance' (0 for an exact "
                                 "answer)")
        if self.template is not None:
            _check_template(self)
        for name, text in [("stem", self.stem), ("explanation", self.explanation),
                           *[(f"why_wrong {k}", v) for k, v in self.why_wrong.items()],
                           *[(f"option {i + 1}", o) for i, o in enumerate(self.options)]]:
            found = _LETTER_REFERENCE.search(text)
            if found:
                raise ValueError(f"{name} names an option by its letter ({found.group(0)!r}); "
                                 "options are shuffled when asked, so name it by its content")
        return self

    def _choice_shape(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"a {self.kind!r} question has at least 2 options, "
                             f"got {len(self.options)}")
        valid = letters(len(self.options))
        if not self.answer:
            raise ValueError(f"a {self.kind!r} question names its answer letter(s) in 'answer'")
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
        for letter in self.why_wrong:
            if letter not in valid:
                raise ValueError(f"why_wrong names {letter!r}, which is not an option letter "
                                 f"({', '.join(valid)})")
            if letter in self.answer:
                raise ValueError(f"why_wrong explains {letter!r}, but {letter!r} is a correct "
                                 "answer")

    def lettered(self) -> list[tuple[str, str]]:
        """``(letter, option)`` pairs."""
        return list(zip(letters(len(self.options)), self.options))

    @property
    def key(self) -> list[str]:
        """The right response in the file's letters: the answer letters of a
        choice question, the letters in order for ``ordering``, and for
        ``matching`` the letter of each option's match (``matches`` lettered
        A, B, ... in file order). Empty for ``numeric``."""
        if self.kind in ("single", "multiple"):
            return list(self.answer)
        if self.kind in ("ordering", "matching"):
            return letters(len(self.options))
        return []

    @property
    def distractors(self) -> list[str]:
        """The letters of the wrong options of a ``single`` or ``multiple`` question."""
        if self.kind not in ("single", "multiple"):
            return []
        return [letter for letter in letters(len(self.options)) if letter not in self.answer]


class CourseQuestion(Question):
    """A question of the course's own bank: every piece of metadata is required.

    Besides what :class:`Question` checks, a course question names its
    lesson section, cognitive level and exam domain, and explains every wrong
    option of a ``single`` or ``multiple`` question.
    """

    @model_validator(mode="after")
    def _course_metadata(self) -> CourseQuestion:
        for name in ("section", "level", "domain"):
            if getattr(self, name) is None:
                raise ValueError(f"a course question states its {name!r}")
        missing = [letter for letter in self.distractors if letter not in self.why_wrong]
        if missing:
            raise ValueError(f"why_wrong explains no wrong option {', '.join(missing)}: a course "
                             "question says why each wrong option is wrong")
        return self


def _check_template(question: Question) -> None:
    from .question_templates import FIELDS, TEMPLATES, names, placeholders

    if question.template not in TEMPLATES:
        raise ValueError(f"template {question.template!r} is not a numeric template "
                         f"({', '.join(names())})")
    fields = FIELDS[question.template]
    for name in ("stem", "explanation"):
        unknown = placeholders(getattr(question, name)) - set(fields)
        if unknown:
            raise ValueError(f"{name} uses {{{sorted(unknown)[0]}}}, which template "
                             f"{question.template!r} does not fill (it fills "
                             f"{', '.join(sorted(fields))})")


def instantiate(question: Question, seed: int) -> Question:
    """A templated numeric question with its numbers drawn from ``seed``.

    The stem and explanation get the template's numbers and ``value`` its
    answer, computed by the package. Any other question comes back as it is.

    Examples
    --------
    >>> q = next(q for q in load_bank(lesson="05") if q.template == "npv")
    >>> concrete = instantiate(q, seed=7)
    >>> concrete.value is not None and "{" not in concrete.stem
    True
    >>> instantiate(q, seed=7) == concrete
    True
    """
    from .question_templates import draw as draw_template

    if not isinstance(question, Question):
        raise TypeError(f"question must be a Question, got {type(question).__name__}")
    seed = check_int("seed", seed, minimum=0)
    if question.template is None:
        return question
    fields, value = draw_template(question.template, seed)
    return question.model_copy(update={
        "stem": question.stem.format(**fields),
        "explanation": question.explanation.format(**fields),
        "value": float(value),
    })


def _distinct(name: str, items: list[str]) -> None:
    seen = [" ".join(item.lower().split()) for item in items]
    for i, item in enumerate(seen):
        if item in seen[:i]:
            raise ValueError(f"{name} repeats {items[i]!r}")


@functools.lru_cache(maxsize=None)
def _all_questions() -> tuple[Question, ...]:
    files = sorted((datasets_dir() / QUESTIONS_DIR).glob("*.yml"))
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in files:
        for q in load_entries(path, CourseQuestion, key="questions"):
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


def check_bank_file(name: str | os.PathLike) -> tuple[Question, ...]:
    """Load one question file and check it as a bank (what ``implcourse check-content`` runs).

    A file of the course's own bank (``datasets/questions/``) is read with
    :class:`CourseQuestion`, which needs every piece of metadata; a trainer's
    file with :class:`Question`. Then the bank-level checks of
    :mod:`implcourse.bank_audit` run: key-length give-aways, the spread of
    keys over the letters and duplicate stems.

    Raises
    ------
    ContentError
        Listing every bank-level problem (``.problems``).

    Examples
    --------
    >>> len(check_bank_file("questions/01_lifecycle.yml")) >= 40
    True
    """
    from .bank_audit import audit
    from .content import resolve

    if not isinstance(name, (str, os.PathLike)) or isinstance(name, bytes):
        raise TypeError(f"name must be a question file, given as a path such as "
                        f"Path('my_questions.yml'), got {type(name).__name__} {shown(name)}")
    path = resolve(name if isinstance(name, str) else Path(name))
    own = datasets_dir() / QUESTIONS_DIR
    model = CourseQuestion if path.parent.resolve() == own.resolve() else Question
    questions = load_entries(path, model, key="questions")
    problems = audit(questions)
    if problems:
        where = display_path(path)
        errors = [ContentError(where, problem, "the bank as a whole") for problem in problems]
        raise ContentError(where, problems[0], "the bank as a whole", problems=errors)
    return questions


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
    >>> own = load_bank(bank="questions/01_lifecycle.yml")
    >>> templated = load_bank("01", bank="questions/templates.yml")
    >>> len(load_bank("01")) == len(own) + len(templated)
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
    """The grade of one response.

    ``response`` is the response in the question's own letters (or the
    number given, for ``numeric``); ``parts_right`` and ``parts`` count the
    positions right in an ordering or the pairs right in a matching (1 of 1
    otherwise). Grading is all-or-nothing, as in certification exams.
    """

    question: Question
    response: list[str] | float
    correct: bool
    parts_right: int = 0
    parts: int = 1

    @property
    def key_text(self) -> str:
        """The right answer in words."""
        q = self.question
        if q.kind == "numeric":
            unit = f" {q.unit}" if q.unit else ""
            within = f" (within {q.tolerance:g})" if q.tolerance else ""
            return f"{q.value:,.10g}{unit}{within}"
        if q.kind == "ordering":
            return " → ".join(q.options)
        if q.kind == "matching":
            return "; ".join(f"{a} → {b}" for a, b in zip(q.options, q.matches))
        return ", ".join(q.answer)

    @property
    def feedback(self) -> str:
        """One line of feedback, then the explanation."""
        if self.correct:
            head = "Correct."
        elif self.question.kind in ("ordering", "matching"):
            what = "positions" if self.question.kind == "ordering" else "pairs"
            head = (f"Not quite: {self.parts_right} of {self.parts} {what} right. "
                    f"The answer is {self.key_text}.")
        else:
            head = f"Not quite: the answer is {self.key_text}."
        return f"{head} {self.question.explanation}"


def _letters_response(question: Question, response, *, count: int | None = None,
                      where: str = "an option") -> list[str]:
    """The letters of a response, upper case, each checked against the first
    ``count`` letters (the question's options by default)."""
    if isinstance(response, str):
        picked = [response]
    elif isinstance(response, Iterable) and not isinstance(response, (bytes, dict)):
        picked = list(response)
    else:
        raise TypeError(f"response must be a letter or a list of letters, "
                        f"got {type(response).__name__} {shown(response)}")
    valid = letters(len(question.options) if count is None else count)
    cleaned = []
    for letter in picked:
        if not isinstance(letter, str):
            raise TypeError(f"response letters must be strings, got {type(letter).__name__} "
                            f"{shown(letter)}")
        letter = letter.strip().upper()
        if letter not in valid:
            raise ValueError(f"response letter {shown(letter)} is not {where} "
                             f"({', '.join(valid)})")
        cleaned.append(letter)
    if not cleaned:
        raise ValueError("response must name at least one letter")
    return cleaned


def _number_response(response) -> float:
    from .validation import check_number

    if isinstance(response, str):
        text = response.strip().replace("€", "").replace("%", "").strip().replace("−", "-")
        if "," in text:
            # A comma only between thousands (1,250.5). "0,85" could be 0.85 or 85:
            # refused, not guessed.
            if not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
                raise ValueError(f"response {shown(response)} has a comma that is not a "
                                 "thousands separator: write decimals with a point (0.85), "
                                 "and use commas only between thousands (1,250)")
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"response must be a number, such as 12.5, got "
                             f"{shown(response)}") from None
    else:
        number = check_number("response", response)
    if not math.isfinite(number):
        raise ValueError(f"response must be a finite number, got {shown(response)}")
    return number


def grade(question: Question, response) -> Graded:
    """Grade a response to a question.

    - ``single``/``multiple``: a letter, or a list of letters (case and order
      do not matter).
    - ``ordering``: the option letters in the order the learner puts them.
    - ``matching``: for each option in turn, the letter of the match chosen
      (``matches`` lettered A, B, ... in file order).
    - ``numeric``: a number (or text such as ``"1,250.5"``); right when within
      the question's tolerance. A templated question must first be given its
      numbers with :func:`instantiate`.

    Raises
    ------
    ValueError
        If a letter is not one of the question's options, a letter is
        missing or repeated where every option needs one, or a number is not
        a number.

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
    if question.kind == "numeric":
        if question.value is None:
            raise ValueError(f"question {question.id!r} is a template: give it its numbers "
                             "with instantiate(question, seed) before grading")
        number = _number_response(response)
        # A tiny allowance for binary fractions, so 0.1 away is within 0.1.
        correct = abs(number - question.value) <= question.tolerance + 1e-9 * max(
            1.0, abs(question.value))
        return Graded(question=question, response=number, correct=correct)
    cleaned = _letters_response(question, response)
    if question.kind in ("single", "multiple"):
        picked = sorted(set(cleaned))
        return Graded(question=question, response=picked, correct=picked == sorted(question.answer))
    n = len(question.options)
    if len(cleaned) != n:
        what = "every option, in order" if question.kind == "ordering" else "a match for every option"
        raise ValueError(f"response must give {what}: {n} letters, got {len(cleaned)}")
    if question.kind == "ordering" and len(set(cleaned)) != n:
        raise ValueError("response repeats a letter: each option goes in one place")
    right = sum(a == b for a, b in zip(cleaned, question.key))
    return Graded(question=question, response=cleaned, correct=right == n,
                  parts_right=right, parts=n)


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
