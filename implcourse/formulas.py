"""The formula sheet: every formula the course teaches, each with a worked line.

The formulas live in ``datasets/formulas.yml``, in lesson order: a name, the
formula in plain text, its symbols with their meanings and units, a source,
the numeric question templates that use it, and a worked example. The
example names one of the package's own functions and its inputs; the sheet
calls that function and prints what it returns, so no worked result is
typed by hand and the sheet always agrees with the lessons and the exam.

Examples
--------
>>> f = get_formula("cpi")
>>> f.formula
'CPI = EV ÷ AC (below 1: over budget)'
>>> worked_line("cpi")
'evm(bac=4000, pv=3000, ev=2500, ac=2800) → CPI = 0.893'
>>> worked_line("npv")
'npv(rate=0.08, cashflows=[-100000, 30000, 40000, 50000, 20000]) → NPV = €16,464'
>>> "evm_cpi" in covered_templates()
True
"""

from __future__ import annotations

import importlib
import math
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional, Union

from pydantic import Field, StrictInt

from .content import ContentModel, Slug, Text, cached_by_file
from .printing import escape, page
from .validation import check_str, shown

__all__ = ["FORMULAS_FILE", "Formula", "Example", "load_formulas", "get_formula", "formula_ids",
           "worked_value", "worked_line", "covered_templates", "sheet_body", "formula_sheet"]

#: The dataset the sheet is read from.
FORMULAS_FILE = "formulas.yml"

_MINUS = "\u2212"


class Example(ContentModel):
    """A formula's worked example: which function of the package to call, with what.

    Attributes
    ----------
    call : str
        A function of the package, dotted from ``implcourse``
        (``"finance.npv"``); a ``Name()`` step makes an instance with its
        default settings (``"risk.ProbabilityImpactMatrix().score"``).
    args : dict
        Its keyword arguments.
    prepare : dict
        Argument name -> ``"frame"`` (a table from a mapping of rows) or a
        function of the package that builds the argument from the value given.
    result : list
        Steps into what the function returns: attribute names, keys, indexes,
        or ``"method()"`` / ``"method(number)"`` calls.
    show : str
        The name of the result on the worked line.
    decimals, unit, currency, scale, note, shown_as
        How the result is printed: decimals, a unit after the number, a
        currency before it, a factor applied first (100 for a share shown in
        per cent), a note after the line, and the call as printed when its
        inputs are too long for one line (the note then describes them).
    """

    call: Text
    args: dict[str, Any] = Field(default_factory=dict)
    prepare: dict[str, str] = Field(default_factory=dict)
    result: list[Union[StrictInt, str]] = Field(default_factory=list)
    show: Optional[str] = None
    decimals: int = Field(default=2, ge=0, le=6)
    unit: str = ""
    currency: str = ""
    scale: float = 1.0
    note: Optional[str] = None
    shown_as: Optional[str] = None


class Formula(ContentModel):
    """One formula of the sheet (see ``datasets/README.md``, *formulas.yml*).

    Attributes
    ----------
    id, name : str
        Its id and its name.
    lesson : str
        The lesson that teaches it (``"05"``).
    section : int
        The lesson's section.
    formula : str
        The formula in plain text.
    symbols : tuple of (symbol, meaning, unit)
        Each symbol of the formula.
    source : str
        Where the formula is published.
    templates : tuple of str
        The numeric question templates that use it.
    example : Example
        The worked example.
    """

    id: Slug
    name: Text
    lesson: str = Field(pattern=r"^\d\d$")
    section: int = Field(ge=1)
    formula: Text
    symbols: tuple[tuple[Text, Text, str], ...] = Field(min_length=1)
    source: Text
    templates: tuple[Slug, ...] = ()
    example: Example


def _load(path: Path) -> tuple[Formula, ...]:
    from .content import ContentError, display_path, load_entries
    from .question_templates import TEMPLATES

    formulas = load_entries(path, Formula, key="formulas")
    for f in formulas:
        where = f"formula {f.id!r}"
        try:
            function = _resolve(f.example.call)
        except (AttributeError, ImportError, TypeError):
            function = None
        if not callable(function):
            raise ContentError(display_path(path), f"no function {f.example.call!r} in the "
                               "package", where, "example.call")
        for name in f.templates:
            if name not in TEMPLATES:
                raise ContentError(display_path(path), f"no question template {name!r} "
                                   "(implcourse/question_templates.py)", where, "templates")
    return formulas


_cached = cached_by_file(_load)


def load_formulas(name: str | Path = FORMULAS_FILE) -> tuple[Formula, ...]:
    """Every formula of the sheet, in lesson order (``datasets/formulas.yml``).

    Raises
    ------
    ContentError
        Naming the file, the entry and the field of a malformed formula, a
        function the package does not have, or an unknown question template.

    Examples
    --------
    >>> formulas = load_formulas()
    >>> formulas[0].lesson <= formulas[-1].lesson
    True
    """
    return _cached(name)


def formula_ids() -> list[str]:
    """The ids of the formulas, in sheet order.

    Examples
    --------
    >>> "roi" in formula_ids() and "channels" in formula_ids()
    True
    """
    return [f.id for f in load_formulas()]


def get_formula(formula_id: str) -> Formula:
    """One formula by its id.

    Examples
    --------
    >>> get_formula("channels").formula
    'channels = n (n − 1) ÷ 2'
    >>> get_formula("nope")
    Traceback (most recent call last):
    ...
    ValueError: formula_id must be the id of a formula of the sheet, such as 'roi'; got 'nope'
    """
    formula_id = check_str("formula_id", formula_id)
    for f in load_formulas():
        if f.id == formula_id:
            return f
    raise ValueError(f"formula_id must be the id of a formula of the sheet, such as 'roi'; "
                     f"got {shown(formula_id)}")


# --------------------------------------------------------------------------
# The worked example
# --------------------------------------------------------------------------

def _resolve(dotted: str):
    """``"metrics.earned_value.evm"`` -> the function; a ``Name()`` step makes an
    instance with its default settings."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        if any(p.endswith("()") for p in parts[:cut]):
            continue
        try:
            obj = importlib.import_module("implcourse." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            if part.endswith("()"):
                obj = getattr(obj, part[:-2])()
            else:
                obj = getattr(obj, part)
        return obj
    raise AttributeError(f"no function {dotted!r} in the package")


def _function(formula: Formula):
    return _resolve(formula.example.call)


def _prepared(formula: Formula) -> dict[str, Any]:
    import copy

    args = copy.deepcopy(dict(formula.example.args))
    for name, how in formula.example.prepare.items():
        if how == "frame":
            import pandas as pd

            args[name] = pd.DataFrame.from_dict(args[name], orient="index")
        else:
            args[name] = _resolve(how)(args[name])
    return args


def _step(value: Any, step: Any) -> Any:
    if isinstance(step, str) and step.endswith(")") and "(" in step:
        name, _, inside = step[:-1].partition("(")
        method = getattr(value, name)
        return method(float(inside)) if inside else method()
    if isinstance(step, str) and hasattr(value, step) and not hasattr(value, "loc"):
        return getattr(value, step)
    return value[step]


def _picked(formula: Formula, value: Any) -> Any:
    for step in formula.example.result:
        value = _step(value, step)
    return value


def worked_value(formula_id: str) -> float | str:
    """The result of a formula's worked example, computed by the package.

    Examples
    --------
    >>> worked_value("channels")
    66.0
    >>> round(worked_value("cpi"), 4)
    0.8929
    """
    formula = get_formula(formula_id)
    value = _picked(formula, _function(formula)(**_prepared(formula)))
    if isinstance(value, str):
        return value
    return float(value)


def _literal(value: Any) -> str:
    """An argument as the worked line shows it (Python-like, compact)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def _number(formula: Formula, value: float | str) -> str:
    if isinstance(value, str):
        return value
    ex = formula.example
    value = value * ex.scale
    decimals = ex.decimals
    if not math.isfinite(value):
        return "never" if value > 0 else _MINUS + "never"
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(c not in "0.," for c in text)
    unit = ex.unit
    if unit and unit != "k":  # "k": thousands, written against the number
        unit = " " + unit
    return f"{_MINUS if negative else ''}{ex.currency}{text}{unit}"


def worked_line(formula_id: str) -> str:
    """The formula's worked example as one line: the call, then its result.

    Examples
    --------
    >>> worked_line("channels")
    'communication_channels(n=12) → channels = 66'
    >>> worked_line("emv")
    'emv(probability=0.3, impact=-50000) → EMV = −€15,000'
    """
    formula = get_formula(formula_id)
    call = formula.example.shown_as
    if not call:
        name = formula.example.call.rsplit(".", 1)[-1]
        args = ", ".join(f"{k}={_literal(v)}" for k, v in formula.example.args.items())
        call = f"{name}({args})"
    result = formula.example.show or formula.name
    return f"{call} → {result} = {_number(formula, worked_value(formula_id))}"


def covered_templates() -> set[str]:
    """The numeric question templates that use a formula of the sheet.

    Examples
    --------
    >>> {"npv", "irr", "roi"} <= covered_templates()
    True
    """
    return {t for f in load_formulas() for t in f.templates}


# --------------------------------------------------------------------------
# The sheet
# --------------------------------------------------------------------------

#: What the sheet adds to the shared print style.
SHEET_CSS = """
.formula { margin: 0 0 0.9em; }
.formula h3 { margin-bottom: 0.15em; }
.formula .expr { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 1.08em;
                 margin: 0.1em 0 0.25em; }
.formula table.symbols { width: auto; min-width: 60%; margin: 0.2em 0 0.3em; font-size: 0.9em; }
.formula .worked { margin: 0.15em 0; }
.formula .worked code { font-size: 0.85em; }
"""


def _lessons_arg(lessons: object) -> list[str] | None:
    if lessons is None:
        return None
    if isinstance(lessons, (str, bytes, dict)) or not isinstance(lessons, (list, tuple)):
        raise TypeError(f"lessons must be a list of lesson ids such as ['05'], got "
                        f"{type(lessons).__name__} {shown(lessons)}")
    known = sorted({f.lesson for f in load_formulas()})
    out = []
    for item in lessons:
        if not isinstance(item, str):
            raise TypeError(f"lessons must hold lesson ids (text such as '05'); got "
                            f"{type(item).__name__} {shown(item)}")
        if item not in known:
            raise ValueError(f"lessons: {shown(item)} is not a lesson with formulas; choose "
                             f"from {', '.join(known)}")
        out.append(item)
    if not out:
        raise ValueError("lessons must name at least one lesson, got an empty list")
    return out


def _lesson_title(lesson: str) -> str:
    from .course import get_lesson

    try:
        return get_lesson(lesson).label
    except (ValueError, KeyError):
        return f"Lesson {lesson}"


def _formula_html(f: Formula) -> str:
    rows = "".join(f"<tr><td>{escape(s)}</td><td>{escape(m)}</td><td>{escape(u)}</td></tr>"
                   for s, m, u in f.symbols)
    note = f.example.note
    note_html = f" <span class=\"meta\">({escape(note)})</span>" if note else ""
    return (f"<div class=\"formula keep\" id=\"{escape(f.id)}\">"
            f"<h3>{escape(f.name)} <span class=\"meta\">(section {f.section})</span></h3>"
            f"<p class=\"expr\">{escape(f.formula)}</p>"
            f"<table class=\"symbols\"><thead><tr><th>Symbol</th><th>Meaning</th><th>Unit</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            f"<p class=\"worked\">Worked: <code>{escape(worked_line(f.id))}</code>{note_html}</p>"
            f"<p class=\"meta\">Source: {escape(f.source)}</p></div>")


def sheet_body(lessons: list[str] | None = None) -> str:
    """The formula sheet as an HTML fragment, one heading per lesson.

    Parameters
    ----------
    lessons : list of str, optional
        Only these lessons (ids such as ``"05"``); all by default.

    Examples
    --------
    >>> body = sheet_body(["07"])
    >>> body.count('class="formula keep"'), "n (n − 1) ÷ 2" in body
    (1, True)
    """
    chosen = _lessons_arg(lessons)
    formulas = [f for f in load_formulas() if chosen is None or f.lesson in chosen]
    parts = ["<h1>Formula sheet</h1>",
             "<p class=\"meta\">Every formula the course teaches, by lesson. Each worked line "
             "is computed by the course's package from the inputs shown (synthetic figures "
             "unless a published example is named). Amounts are in euros unless marked.</p>"]
    current = None
    for f in formulas:
        if f.lesson != current:
            current = f.lesson
            parts.append(f"<h2>{escape(_lesson_title(f.lesson))}</h2>")
        parts.append(_formula_html(f))
    return "\n".join(parts)


def formula_sheet(lessons: list[str] | None = None) -> str:
    """The printable formula sheet, a complete HTML document.

    Examples
    --------
    >>> html = formula_sheet(["05"])
    >>> html.startswith("<!DOCTYPE html>") and "Net present value" in html
    True
    """
    return page("Formula sheet", sheet_body(lessons), css=SHEET_CSS)
