"""Answer fields: what an exercise asks for, and how a typed answer is read.

An exercise lists its fields (:meth:`implcourse.exercises.Exercise.fields`):
a number with its unit, a choice, a multi-select, an ordering, or a small
table with one choice per row. The answer form in a notebook is built from
these fields, and ``ex.check(...)`` reads a code answer through the same
fields, so both ways are validated alike and both record the same progress.

Every message names the field as it is labelled on screen and repeats what
the learner entered, in their words rather than Python's: "Total EMV: type
a number such as 1,250.5 (you entered 'abc')", not "total must be a number".
The errors are :class:`AnswerError`, a :class:`ValueError`.

Hand-written on purpose: what we need is a small, learner-facing parser for
numbers as people type them (thousands separators, a typographic minus, a
per cent sign, a currency code), not a form library.

Examples
--------
>>> emv = Number("total", "Total EMV", unit="EUR")
>>> emv.from_text(" -1,250.5 EUR")
-1250.5
>>> emv.from_text("12,5")
Traceback (most recent call last):
...
implcourse.answers.AnswerError: Total EMV: use a point for decimals, as in 12.5 (you entered '12,5')
>>> Number("irr", "IRR", unit="%", percent=True).from_text("15.3 %")
0.153
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .validation import check_int, check_number, check_str, shown

__all__ = ["AnswerError", "Field", "Number", "Choice", "MultiChoice", "Ordering", "Table",
           "parse_number", "format_number"]

_MINUS = "\u2212\u2013\u2012"  # minus sign and dashes people paste for "-"
_UNIT = re.compile(r"^[A-Za-z€$£%]+\.?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")


class AnswerError(ValueError):
    """An answer that cannot be read, explained in the learner's words."""


def _shown(value: object) -> str:
    if isinstance(value, str) or not isinstance(value, (int, float)):
        return shown(value)
    return shown(value) if isinstance(value, int) and abs(value) > 10 ** 60 else str(value)


def parse_number(text: str, label: str = "The answer") -> float:
    """A number as a person types it.

    Accepted: thousands separators (``1,250`` or ``1 250``), a typographic
    minus, a leading or trailing unit or currency (``EUR``, ``€``, ``days``,
    ``%``: it is dropped, not converted). A comma followed by other than three
    digits is refused, because ``12,5`` means 12.5 in much of Europe and 125
    in a spreadsheet.

    Parameters
    ----------
    text : str
        What was typed.
    label : str
        The field's label, for the message.

    Returns
    -------
    float

    Examples
    --------
    >>> parse_number("1 234 567")
    1234567.0
    >>> parse_number("\u22123")
    -3.0
    >>> parse_number("", "Payback")
    Traceback (most recent call last):
    ...
    implcourse.answers.AnswerError: Payback: no answer yet
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__} {shown(text)}")
    label = check_str("label", label)
    raw = text
    text = text.strip()
    for dash in _MINUS:
        text = text.replace(dash, "-")
    parts = text.replace("\u00a0", " ").split()
    # Drop a unit typed before or after the number ("EUR 1,200", "12 %").
    parts = [p for p in parts if not _UNIT.match(p)]
    text = "".join(parts)
    text = text.strip("€$£%")
    if not text:
        if raw.strip():
            raise AnswerError(f"{label}: type a number such as 1,250.5 (you entered {raw!r})")
        raise AnswerError(f"{label}: no answer yet")
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    if "," in text:
        if _GROUPED.match(text):
            text = text.replace(",", "")
        else:
            single = text.count(",") == 1 and "." not in text  # not "1.250,5" -> "1.250.5"
            example = text.replace(",", ".", 1) if single else "1,250.5"
            raise AnswerError(f"{label}: use a point for decimals, as in {sign}{example} "
                              f"(you entered {raw.strip()!r})")
    try:
        value = float(sign + text)
    except ValueError:
        raise AnswerError(f"{label}: type a number such as 1,250.5 (you entered "
                          f"{raw.strip()!r})") from None
    if not math.isfinite(value):
        raise AnswerError(f"{label}: type an ordinary number (you entered {raw.strip()!r})")
    return value


def format_number(value: float, decimals: int | None = None) -> str:
    """A number with thousands separators, a real minus sign and no "-0".

    ``decimals=None`` keeps up to 6 significant decimals and drops trailing
    zeros.

    Examples
    --------
    >>> format_number(-1234.5)
    '\u22121,234.5'
    >>> format_number(-0.0001, 2)
    '0.00'
    >>> format_number(1250, 0)
    '1,250'
    """
    value = check_number("value", value)
    if decimals is not None:
        decimals = check_int("decimals", decimals, minimum=0, maximum=20)
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if text.startswith("-"):
        text = text[1:] if float(text[1:].replace(",", "")) == 0 else "\u2212" + text[1:]
    return text


@dataclass(frozen=True)
class Field:
    """One part of an answer: ``name`` is the parameter of ``check``,
    ``label`` what the form shows."""

    name: str
    label: str

    def __post_init__(self) -> None:
        check_str("name", self.name)
        check_str("label", self.label)

    def coerce(self, value: object):
        """Read a value given in code (``ex.check(...)``); raise :class:`AnswerError`."""
        raise NotImplementedError

    def empty(self):
        """The value of an untouched form field."""
        return None


@dataclass(frozen=True)
class Number(Field):
    """A number with its unit.

    ``percent=True``: the form's box takes per cent (type 15.3 for 15.3 %)
    while ``check`` takes and the exercise grades a fraction (0.153).
    ``minimum`` and ``maximum`` are in ``check``'s units.

    Examples
    --------
    >>> days = Number("duration", "Duration of Project kickoff", unit="days", minimum=0)
    >>> days.coerce(-3)
    Traceback (most recent call last):
    ...
    implcourse.answers.AnswerError: Duration of Project kickoff cannot be negative (you entered \u22123)
    >>> days.coerce("12")
    12.0
    """

    unit: str = ""
    percent: bool = False
    minimum: float | None = None
    maximum: float | None = None
    decimals: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_str("unit", self.unit, allow_empty=True)
        if not isinstance(self.percent, bool):
            raise TypeError(f"percent must be True or False, got {_shown(self.percent)}")
        for name in ("minimum", "maximum"):
            if getattr(self, name) is not None:
                check_number(name, getattr(self, name))
        if self.decimals is not None:
            check_int("decimals", self.decimals, minimum=0, maximum=20)

    def _scale(self) -> float:
        return 100.0 if self.percent else 1.0

    def _in_range(self, value: float, shown: str) -> float:
        unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
        if self.minimum is not None and value < self.minimum:
            if self.minimum == 0:
                raise AnswerError(f"{self.label} cannot be negative (you entered {shown})")
            raise AnswerError(f"{self.label} cannot be below "
                              f"{format_number(self.minimum * self._scale())}{unit} "
                              f"(you entered {shown})")
        if self.maximum is not None and value > self.maximum:
            raise AnswerError(f"{self.label} cannot be above "
                              f"{format_number(self.maximum * self._scale())}{unit} "
                              f"(you entered {shown})")
        return value

    def from_text(self, text: str) -> float:
        """Read what was typed in the form's box (per cent if ``percent``)."""
        typed = parse_number(text, self.label)
        value = typed / self._scale()
        return self._in_range(value, format_number(typed) + ("%" if self.percent else ""))

    def coerce(self, value: object) -> float:
        if isinstance(value, str):
            if self.percent and "%" in value:  # "85 %" typed in code means per cent too
                return self.from_text(value)
            value = parse_number(value, self.label)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise AnswerError(f"{self.label}: give a number (you gave {_shown(value)})")
        try:
            number = float(value)
        except (OverflowError, ValueError):  # an integer too large for a float
            number = math.inf
        if not math.isfinite(number):
            raise AnswerError(f"{self.label}: give an ordinary number (you gave "
                              f"{_shown(value)})")
        value = number
        return self._in_range(value, format_number(value))

    def to_text(self, value: float) -> str:
        """How the box shows a value given in ``check``'s units."""
        value = check_number("value", value)
        scaled = value * self._scale()
        if not math.isfinite(scaled):
            raise ValueError(f"value is too large to show in per cent (got {_shown(value)})")
        return format_number(scaled, self.decimals)

    def empty(self):
        return ""


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


@dataclass(frozen=True)
class Choice(Field):
    """One option out of several: ``options`` are ``(label, value)`` pairs.

    In code, the value or the label is accepted, without regard to case.

    Examples
    --------
    >>> kind = Choice("decision", "Decision", (("Go", "GO"), ("No-go", "NO-GO")))
    >>> kind.coerce("no-go")
    'NO-GO'
    >>> kind.coerce("maybe")
    Traceback (most recent call last):
    ...
    implcourse.answers.AnswerError: Decision: choose one of Go, No-go (you gave 'maybe')
    """

    options: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        options = self.options
        if isinstance(options, (str, bytes)) or not isinstance(options, Iterable):
            raise TypeError(f"options must be a list of (label, value) pairs, got "
                            f"{type(options).__name__} {shown(options)}")
        pairs = []
        for i, pair in enumerate(options):
            if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise TypeError(f"options[{i}] must be a (label, value) pair, got {shown(pair)}")
            label, value = pair
            if isinstance(label, bool) or not isinstance(label, (str, int, float)):
                raise TypeError(f"options[{i}] must be a (label, value) pair with a text "
                                f"label, got {shown(pair)}")
            pairs.append((check_str(f"options[{i}] label", str(label)), value))
        object.__setattr__(self, "options", tuple(pairs))

    @property
    def values(self) -> list:
        return [value for _, value in self.options]

    def label_of(self, value) -> str:
        """The label shown for ``value``."""
        for label, option in self.options:
            if option == value:
                return label
        return str(value)

    def coerce(self, value: object):
        if isinstance(value, str):
            wanted = _key(value)
            for label, option in self.options:
                if wanted in (_key(label), _key(option)):
                    return option
        else:
            try:
                if value in self.values:
                    return value
            except (TypeError, ValueError):  # an array compares element by element
                pass
        listed = ", ".join(label for label, _ in self.options)
        raise AnswerError(f"{self.label}: choose one of {listed} (you gave {_shown(value)})")


@dataclass(frozen=True)
class MultiChoice(Choice):
    """Any number of options, none included ("none of them" is an answer).

    The values come back in the options' order.

    Examples
    --------
    >>> open_items = MultiChoice("open", "Open blocking items", (("UAT", "uat"), ("Training", "training")))
    >>> open_items.coerce(["Training", "uat"])
    ['uat', 'training']
    >>> open_items.coerce([])
    []
    """

    #: A line the form shows under the label ("Tick every task on the path.").
    note: str = "Tick all that apply."

    def __post_init__(self) -> None:
        super().__post_init__()
        check_str("note", self.note, allow_empty=True)

    def coerce(self, value: object) -> list:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise AnswerError(f"{self.label}: give a list, [] for none (you gave "
                              f"{_shown(value)})")
        chosen = {Choice.coerce(self, item) for item in value}
        return [option for option in self.values if option in chosen]

    def empty(self):
        return []


@dataclass(frozen=True)
class Ordering(Choice):
    """Put every option in order (the form moves them up and down).

    Examples
    --------
    >>> steps = Ordering("order", "Steps", (("Cause", "c"), ("Risk", "r"), ("Effect", "e")))
    >>> steps.coerce(["cause", "risk", "effect"])
    ['c', 'r', 'e']
    >>> steps.coerce(["c", "c", "e"])
    Traceback (most recent call last):
    ...
    implcourse.answers.AnswerError: Steps: put each of the 3 items in once (Risk is missing)
    """

    def coerce(self, value: object) -> list:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise AnswerError(f"{self.label}: give the items as a list, in order (you gave "
                              f"{_shown(value)})")
        order = [Choice.coerce(self, item) for item in value]
        missing = [label for label, option in self.options if option not in order]
        if missing or len(order) != len(self.options):
            detail = f"{missing[0]} is missing" if missing else "one appears twice"
            raise AnswerError(f"{self.label}: put each of the {len(self.options)} items in "
                              f"once ({detail})")
        return order

    def empty(self):
        return list(self.values)


@dataclass(frozen=True)
class Table(Field):
    """A small table: one row per item, one choice per row.

    ``rows`` are the row texts; ``column`` the choice every row takes.

    Examples
    --------
    >>> kinds = Choice("kind", "Kind of work", (("Upgrade", "upgrade"), ("Support", "support")))
    >>> table = Table("kinds", "Kind of work", rows=("Move to release 9", "Reset a password"),
    ...               column=kinds)
    >>> table.coerce(["Upgrade", "support"])
    ['upgrade', 'support']
    >>> table.coerce(["upgrade"])
    Traceback (most recent call last):
    ...
    implcourse.answers.AnswerError: Kind of work: give one answer for each of the 2 rows (you gave 1)
    """

    rows: tuple[str, ...] = ()
    column: Choice = field(default_factory=lambda: Choice("value", "Answer"))

    def __post_init__(self) -> None:
        super().__post_init__()
        rows = self.rows
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise TypeError(f"rows must be a list of row texts, got {type(rows).__name__} "
                            f"{shown(rows)}")
        rows = list(rows)
        for i, row in enumerate(rows):
            if isinstance(row, bool) or not isinstance(row, (str, int, float)):
                raise TypeError(f"rows[{i}] must be a text, got {shown(row)}")
        if not isinstance(self.column, Choice):
            raise TypeError(f"column must be a Choice, got {type(self.column).__name__} "
                            f"{shown(self.column)}")
        object.__setattr__(self, "rows", tuple(str(r) for r in rows))

    def coerce(self, value: object) -> list:
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise AnswerError(f"{self.label}: give a list with one answer per row (you gave "
                              f"{_shown(value)})")
        if len(value) != len(self.rows):
            raise AnswerError(f"{self.label}: give one answer for each of the {len(self.rows)} "
                              f"rows (you gave {len(value)})")
        out = []
        for number, item in enumerate(value, start=1):
            try:
                out.append(self.column.coerce(item))
            except AnswerError as err:
                raise AnswerError(f"Row {number}: {err}") from None
        return out

    def empty(self):
        return [None] * len(self.rows)
