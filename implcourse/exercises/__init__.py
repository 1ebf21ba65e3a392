"""Self-checking exercises: learner seeds, answer forms, hints and worked solutions.

Every exercise in a lesson is an :class:`Exercise`. In a notebook,
``ex.form()`` shows the task with an **answer form** (numbers with their
units, choices, multi-selects, orderings, small tables) and the buttons
*Check*, *Hint* and *Show solution*. Learners who prefer code call
``ex.check(...)``; both ways read the answer through the same
:mod:`implcourse.answers` fields and record the same progress.

The worked solution, computed by the package, shows only on request and
only after at least one checked answer (or an explicit confirmation), so
*Run All* never reveals it; seeing it is recorded, which keeps the progress
report honest. Numeric exercises draw their numbers from the learner's seed,
so two learners get different numbers and the course never types an answer
by hand.

In a participant edition (``implcourse student-edition``, see
:func:`solution_mode`) the package is closed-book: ``solution()`` and *Show
solution* say that the trainer has the worked solutions; hints still work.

Bad input never raises in a notebook: ``check`` turns an unreadable answer
into a message that names the field as labelled on screen, and does not
record it as an attempt.

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
import inspect
import math
import numbers
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import answers, progress
from ..answers import format_number
from ..validation import check_number, check_str, shown

__all__ = ["learner_seed", "Feedback", "Note", "Exercise", "number_answer", "markdown_table",
           "numbered_list", "solutions_enabled", "solution_mode", "CLOSED_BOOK_MARKER",
           "CLOSED_BOOK_MESSAGE", "PLACEHOLDER_MESSAGE"]


#: The file that marks a folder as a participant (closed-book) edition; the
#: package looks for it in the working folder and its parents.
CLOSED_BOOK_MARKER = ".implcourse-closed-book"

#: What ``solution()`` and the form's *Show solution* say in a participant edition.
CLOSED_BOOK_MESSAGE = ("This is the participant edition: your trainer has the worked "
                       "solutions. Use the hints, or ask your trainer.")

_TRUE = {"1", "on", "yes", "true"}
_FALSE = {"off", "0", "no", "false"}


def _closed_book_marker(start: os.PathLike | str | None = None) -> bool:
    """Whether ``start`` (the working folder by default) or a parent holds the marker."""
    try:
        here = Path(start if start is not None else os.getcwd()).resolve()
    except (OSError, RuntimeError):  # the working folder was deleted, or a link loop
        return False
    for folder in (here, *here.parents):
        try:
            if (folder / CLOSED_BOOK_MARKER).is_file():
                return True
        except OSError:  # a folder we may not look into
            continue
    return False


def solution_mode() -> str:
    """How worked solutions are handled in this session.

    - ``"closed-book"``: a participant edition (``implcourse student-edition``
      writes the marker file :data:`CLOSED_BOOK_MARKER` into the edition's
      folder; the working folder or one of its parents holds it), or
      ``IMPLCOURSE_CLOSED_BOOK=1``: the trainer has the solutions;
    - ``"off"``: switched off for an exam rehearsal with ``IMPLCOURSE_SOLUTIONS=off``;
    - ``"open"``: shown on request (the default).

    Hints work in every mode.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("IMPLCOURSE_SOLUTIONS", None) and None
    >>> os.environ.pop("IMPLCOURSE_CLOSED_BOOK", None) and None
    >>> solution_mode() in {"open", "closed-book"}  # closed-book inside an edition folder
    True
    >>> os.environ["IMPLCOURSE_CLOSED_BOOK"] = "1"
    >>> solution_mode()
    'closed-book'
    >>> del os.environ["IMPLCOURSE_CLOSED_BOOK"]
    """
    if (os.environ.get("IMPLCOURSE_CLOSED_BOOK", "").strip().lower() in _TRUE
            or _closed_book_marker()):
        return "closed-book"
    if os.environ.get("IMPLCOURSE_SOLUTIONS", "").strip().lower() in _FALSE:
        return "off"
    return "open"


def solutions_enabled() -> bool:
    """Whether worked solutions may be shown: not in a participant edition
    (closed-book, see :func:`solution_mode`), and not when a trainer switched
    them off for an exam rehearsal by starting the course with
    ``IMPLCOURSE_SOLUTIONS=off``.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("IMPLCOURSE_SOLUTIONS", None) and None
    >>> solutions_enabled() == (solution_mode() == "open")
    True
    """
    return solution_mode() == "open"


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
            raise ValueError(f"{name} must be a number, got {shown(value)}") from None
    for bound, given in (("minimum", minimum), ("maximum", maximum)):
        if given is not None:
            check_number(bound, given)
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
    if isinstance(headers, (str, bytes, dict)) or not isinstance(headers, Iterable):
        raise TypeError(f"headers must be a list, got {type(headers).__name__} {shown(headers)}")
    if isinstance(rows, (str, bytes, dict)) or not isinstance(rows, Iterable):
        raise TypeError(f"rows must be a list of rows, got {type(rows).__name__} {shown(rows)}")
    rows = list(rows)
    for row in rows:
        if isinstance(row, (str, bytes, dict)) or not isinstance(row, Iterable):
            raise TypeError(f"rows must be a list of rows (lists), got a row "
                            f"{type(row).__name__} {shown(row)}")
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
    if isinstance(items, (str, bytes, dict)) or not isinstance(items, Iterable):
        raise TypeError(f"items must be a list, got {type(items).__name__} {shown(items)}")
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


def money(value: float, decimals: int | None = 0) -> str:
    """An amount as an answer form shows it: thousands separators, a real minus, EUR.

    ``decimals=None`` is for repeating a learner's answer (up to 2 decimals).

    Examples
    --------
    >>> money(-12350.0), money(-1234.567, 2), money(1234.5, None)
    ('\u221212,350 EUR', '\u22121,234.57 EUR', '1,234.5 EUR')
    """
    if decimals is None:
        return f"{format_number(round(value, 2))} EUR"
    return f"{format_number(value, decimals)} EUR"


def pct(value: float, decimals: int | None = 1) -> str:
    """A fraction as a per cent box shows it: ``0.1534`` is ``15.3 %``.

    ``decimals=None`` is for repeating a learner's answer.

    Examples
    --------
    >>> pct(0.1534), pct(0.08, 0), pct(0.0085, None)
    ('15.3 %', '8 %', '0.85 %')
    """
    if not math.isfinite(100 * value):  # a learner's answer near the largest float
        return f"{value:g} (as a fraction)"
    if decimals is None:
        return f"{format_number(round(100 * value, 4))} %"
    return f"{format_number(100 * value, decimals)} %"


#: What an answer can be made of: text, numbers, and lists, tuples, sets (ticked
#: boxes) or dicts of them (a table is a list of rows). Anything else (an array,
#: a DataFrame, bytes, an arbitrary object) is refused with a message naming the
#: field, before the answer fields read it (their own messages would be numpy's).
_ANSWER_ATOMS = (str, numbers.Real)


def _unreadable(value: object, depth: int = 0) -> object | None:
    """The first part of an answer that is not text, a number or a collection of them."""
    if isinstance(value, _ANSWER_ATOMS) and getattr(value, "shape", ()) == ():
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)) and depth < 3:
        for item in list(value)[:10_000]:
            bad = _unreadable(item, depth + 1)
            if bad is not None:
                return bad
        return None
    return value


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
    #: Nothing to judge yet (an untouched answer): shown in a neutral colour.
    pending: bool = False

    @property
    def head(self) -> str:
        """"Correct!", "Not yet." or, for an untouched answer, "Not answered yet."."""
        if self.pending:
            return "Not answered yet."
        return "Correct!" if self.correct else "Not yet."

    def __str__(self) -> str:
        text = f"{self.head} {self.message}".strip()
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#555555" if self.pending else "#1b7f3b" if self.correct else "#a35200"
        mark = {"#555555": "", "#1b7f3b": "✔ ", "#a35200": "✘ "}[colour] + self.head
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


#: What ``check`` says to an untouched answer (``None`` left in place).
PLACEHOLDER_MESSAGE = ("Fill in the form and press Check (in code, replace each None with "
                       "your answer).")


@dataclass
class Exercise:
    """Base class of the course's exercises.

    Subclasses set ``id``, ``lesson``, ``topic``, ``title`` and ``task``,
    list their hints, and implement:

    - :meth:`fields`: the parts of the answer, as :mod:`implcourse.answers`
      fields named like the parameters of ``_grade``;
    - ``_grade(**answer)``: ``(correct, message, hint)``;
    - :meth:`expected`: the right answer, in ``check``'s units, computed by
      the package;
    - ``_solution()``: the worked solution;
    - optionally :meth:`_details`: data shown under the task (a table, a list).
    """

    id: str = ""
    lesson: str = ""
    topic: str = ""
    title: str = ""
    task: str = ""
    hints: list[str] = field(default_factory=list)
    _hints_given: int = field(default=0, repr=False)
    _attempts: int = field(default=0, repr=False)

    # -- what the exercise asks -------------------------------------------------------------

    def fields(self) -> list[answers.Field]:
        """The parts of the answer, in the order of ``check``'s arguments."""
        return []

    def expected(self) -> dict[str, object]:
        """The right answer, by field name, in ``check``'s units."""
        raise NotImplementedError

    @property
    def attempts(self) -> int:
        """How many readable answers were checked on this exercise object."""
        return self._attempts

    # -- checking ---------------------------------------------------------------------------

    def _bind(self, args, kwargs) -> dict[str, object]:
        """The answer by parameter name of ``_grade`` (a wrong call raises TypeError)."""
        bound = inspect.signature(self._grade).bind(*args, **kwargs)
        return dict(bound.arguments)

    def read(self, *args, **kwargs) -> dict[str, object]:
        """The answer read through :meth:`fields`; raises :class:`answers.AnswerError`."""
        values = self._bind(args, kwargs)
        by_name = {f.name: f for f in self.fields()}
        for name, value in values.items():
            bad = _unreadable(value)
            if bad is not None:
                label = by_name[name].label if name in by_name else name
                part = "" if bad is value else f" (the part {shown(bad)})"
                raise answers.AnswerError(f"{label}: give text, a number, or a list of them "
                                          f"(you gave {type(value).__name__} {shown(value)}"
                                          f"{part}; parameter {name})")
        try:
            return {name: by_name[name].coerce(value) if name in by_name else value
                    for name, value in values.items()}
        except OverflowError:  # an integer too large for a float
            raise answers.AnswerError("That answer could not be read: a number in it is too "
                                      "large; give an ordinary number") from None

    def check(self, *args, **kwargs) -> Feedback:
        """Check an answer; record the attempt in the learner's progress.

        ``None`` anywhere in the answer is the untouched placeholder: it gets
        a neutral reminder and is not recorded as an attempt. An unreadable
        answer gets a message naming the field, and is not recorded either.
        """
        if any(_has_placeholder(value) for value in (*args, *kwargs.values())):
            return Feedback(False, PLACEHOLDER_MESSAGE, pending=True)
        try:
            values = self.read(*args, **kwargs)
            correct, message, hint = self._grade(**values)
        except answers.AnswerError as err:
            return Feedback(False, str(err))
        except (TypeError, ValueError) as err:
            return Feedback(False, f"That answer could not be read: {err}")
        except OverflowError:  # a number too large for a float, in an answer's own check
            return Feedback(False, "That answer could not be read: a number in it is too "
                                   "large; give an ordinary number")
        progress.record("exercise", self.id, lesson=self.lesson, topic=self.topic,
                        correct=correct)
        self._attempts += 1
        return Feedback(correct, message, None if correct else hint)

    def _grade(self, *args, **kwargs) -> tuple[bool, str, str | None]:
        raise NotImplementedError

    # -- showing ----------------------------------------------------------------------------

    def show(self) -> Note:
        """The task, in bold, then the data it works on (a table, a list), if any."""
        details = self._details()
        return Note(f"**Task.** {self.task}" + (f"\n\n{details}" if details else ""))

    def _details(self) -> str:
        """Markdown shown under the task; subclasses with data override it."""
        return ""

    def form(self):
        """The task with its answer form and the Check, Hint and Show solution buttons.

        Needs ipywidgets (imported here, not with the package).
        """
        from ..widgets.forms import answer_form

        return answer_form(self)

    def hint(self) -> Note:
        """The next hint (they get more specific); the last one repeats."""
        if not self.hints:
            if solution_mode() == "closed-book":
                return Note("No hints for this one: ask your trainer.")
            return Note("No hints for this one: try the worked solution.")
        index = min(self._hints_given, len(self.hints) - 1)
        self._hints_given += 1
        return Note(f"**Hint {index + 1} of {len(self.hints)}:** {self.hints[index]}")

    def solution(self, confirm: bool = False) -> Note:
        """The worked solution, once an answer has been checked (or with ``confirm=True``).

        Seeing it is recorded in the learner's progress. In a participant
        edition (see :func:`solution_mode`) it says that the trainer has the
        solutions; with ``IMPLCOURSE_SOLUTIONS=off`` that they are switched off.
        """
        if not isinstance(confirm, bool):
            raise TypeError(f"confirm must be True or False, got {type(confirm).__name__} "
                            f"{shown(confirm)}")
        mode = solution_mode()
        if mode == "closed-book":
            return Note(f"**{CLOSED_BOOK_MESSAGE}**")
        if mode == "off":
            return Note("**Solutions are switched off** for this session by your trainer "
                        "(`IMPLCOURSE_SOLUTIONS=off`). Use the hints.")
        if not self._attempts and not confirm:
            return Note("**Try it first.** Check an answer at least once: working it out is "
                        "what makes it stick. To see the solution anyway, run "
                        "`solution(confirm=True)`.")
        progress.record_solution_seen(self.id, lesson=self.lesson, topic=self.topic)
        return self._solution()

    def _solution(self) -> Note:
        raise NotImplementedError
