"""Self-checking exercises: learner seeds, checks, hints and worked solutions.

Every exercise in a lesson is an :class:`Exercise`. A learner calls
``ex.check(...)`` with an answer and sees *Correct* or *Not yet* with a hint;
``ex.hint()`` gives the hints one at a time; ``ex.solution()`` shows the
worked solution, computed by the package. Numeric exercises draw their
numbers from the learner's seed, so two learners get different numbers and
the course never types an answer by hand.

Bad input never raises in a notebook: ``check`` turns a ``ValueError`` or
``TypeError`` from the core into a *Not yet* that says what could not be
read, and does not record it as an attempt.

Examples
--------
>>> learner_seed("Ada Lovelace") == learner_seed("  ada   LOVELACE ")
True
>>> learner_seed("Ada Lovelace") != learner_seed("Grace Hopper")
True
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field

from .. import progress
from ..validation import check_number, check_str

__all__ = ["learner_seed", "Feedback", "Note", "Exercise", "number_answer", "markdown_table",
           "numbered_list"]


def learner_seed(name: str) -> int:
    """A stable seed from a learner's name (or any phrase).

    Case (Unicode case folding, so 'Strauß' equals 'STRAUSS') and extra
    spaces are ignored. The seed is the first 8 hex digits of
    the SHA-256 of the normalised name, so it is the same on every machine
    and Python version (unlike the built-in ``hash``).

    Parameters
    ----------
    name : str
        The learner's name or any phrase they will remember.

    Returns
    -------
    int
        A seed between 0 and 2**32 - 1.

    Examples
    --------
    >>> learner_seed("Ada Lovelace")
    394233311
    """
    name = " ".join(check_str("name", name).casefold().split())
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)


def number_answer(name: str, value: object, minimum: float | None = None,
                  maximum: float | None = None) -> float:
    """A learner's numeric answer within bounds; numeric strings such as
    ``"23"`` are accepted too (learners type those).

    Examples
    --------
    >>> number_answer("npv", " 1200.5 ")
    1200.5
    >>> number_answer("payback", -1, minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: payback must be >= 0, got -1.0
    """
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"{name} must be a number, got {value!r}") from None
    return check_number(name, value, minimum=minimum, maximum=maximum)


def markdown_table(headers, rows) -> str:
    """A Markdown table (hand-written: tabulate is not a dependency).

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [[1, 2]]))
    | a | b |
    | --- | --- |
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(map(str, headers)) + " |",
             "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def numbered_list(items) -> str:
    """A numbered Markdown list, counting from 1.

    Examples
    --------
    >>> print(numbered_list(["cause", "effect"]))
    1. cause
    2. effect
    """
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


def _has_placeholder(value: object) -> bool:
    """Whether an answer still holds the ``None`` placeholder, also inside a list."""
    if value is None:
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_placeholder(item) for item in value)
    return False


@dataclass(frozen=True)
class Feedback:
    """What ``check`` says: correct or not yet, a message and maybe a hint."""

    correct: bool
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        head = "Correct!" if self.correct else "Not yet."
        text = f"{head} {self.message}".strip()
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.correct else "#a35200"
        mark = "✔ Correct!" if self.correct else "✘ Not yet."
        hint = (f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else "")
        return (f'<div style="border-left:4px solid {colour};padding:4px 8px">'
                f'<b style="color:{colour}">{mark}</b> {html.escape(self.message)}{hint}</div>')


@dataclass(frozen=True)
class Note:
    """Markdown shown in a notebook: a hint or a worked solution."""

    markdown: str

    def __str__(self) -> str:
        return self.markdown

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return self.markdown


@dataclass
class Exercise:
    """Base class of the course's exercises.

    Subclasses set ``id``, ``lesson``, ``topic``, ``title`` and ``task``,
    implement :meth:`_grade` and :meth:`solution`, and list their hints; one
    whose task works on data (a table, a list) returns it from
    :meth:`_details`, which :meth:`show` puts under the task.
    """

    id: str = ""
    lesson: str = ""
    topic: str = ""
    title: str = ""
    task: str = ""
    hints: list[str] = field(default_factory=list)
    _hints_given: int = field(default=0, repr=False)

    def check(self, *args, **kwargs) -> Feedback:
        """Check an answer; record the attempt in the learner's progress.

        ``None`` anywhere in the answer is the untouched placeholder: it gets
        a reminder, and is not recorded as an attempt.
        """
        if any(_has_placeholder(value) for value in (*args, *kwargs.values())):
            return Feedback(False, "No answer yet: replace each None with your answer, "
                                   "then run the cell again.")
        try:
            correct, message, hint = self._grade(*args, **kwargs)
        except (TypeError, ValueError) as err:
            return Feedback(False, f"That answer could not be read: {err}")
        progress.record("exercise", self.id, lesson=self.lesson, topic=self.topic,
                        correct=correct)
        return Feedback(correct, message, None if correct else hint)

    def show(self) -> Note:
        """The task, in bold, then the data it works on (a table, a list), if any."""
        details = self._details()
        return Note(f"**Task.** {self.task}" + (f"\n\n{details}" if details else ""))

    def _details(self) -> str:
        """Markdown shown under the task; subclasses with data override it."""
        return ""

    def hint(self) -> Note:
        """The next hint (they get more specific); the last one repeats."""
        if not self.hints:
            return Note("No hints for this one: try the worked solution.")
        index = min(self._hints_given, len(self.hints) - 1)
        self._hints_given += 1
        return Note(f"**Hint {index + 1} of {len(self.hints)}:** {self.hints[index]}")

    def _grade(self, *args, **kwargs) -> tuple[bool, str, str | None]:
        raise NotImplementedError

    def solution(self) -> Note:
        """The worked solution."""
        raise NotImplementedError
