"""Printable quizzes with a separate answer key, drawn from the question bank.

A printed quiz shows each question as the practice exam shows it: the
numbers of a numeric template drawn from the seed, the options (or the
matches) shuffled by the seed and lettered A, B, C... The answer key is a
second document, for the trainer: the letters as printed, the order, the
matches or the number (with its unit and the tolerance accepted), and the
explanation of each question. The quiz itself holds no answer.

Every kind of question prints:

- ``single``: tick one box; ``multiple``: tick all that apply;
- ``ordering``: write the letters in order, first to last;
- ``matching``: write the letter of its match beside each numbered item;
- ``numeric``: write the number on the line (the unit is printed).

The rendering here is shared with the pre- and post-test forms of
:mod:`implcourse.prepost`. Pages use the handouts' print style
(:func:`implcourse.printing.page`); each question is kept on one page
(class ``keep``). Every text from the bank is HTML-escaped.

Examples
--------
>>> quiz, key = lesson_quiz("04", n=6, seed=2)
>>> quiz.count('class="question keep"'), key.count('class="key"')
(6, 6)
"""

from __future__ import annotations

from collections.abc import Sequence

from .printing import escape, page
from .validation import check_int, check_str, shown

__all__ = ["lesson_quiz", "quiz_document", "key_document", "key_response", "DEFAULT_COUNT",
           "PRINT_STYLE"]

#: Questions in a printed lesson quiz when no count is given.
DEFAULT_COUNT = 10

#: What the quiz and key pages add to the shared print style.
PRINT_STYLE = """
.question { margin: 0 0 1.1em; }
.question .stem { margin: 0 0 0.3em; }
.how { margin: 0 0 0.3em; font-style: italic; color: #333; font-size: 0.92em; }
ul.options { list-style: none; padding-left: 0.6em; margin: 0.2em 0; }
ul.options li { margin: 0.2em 0; }
.blank { display: inline-block; min-width: 3.2em; border-bottom: 1px solid #555;
         margin: 0 0.9em 0 0.2em; height: 1.2em; }
.blank.wide { min-width: 16em; }
table.matching td { border: none; padding: 0.15em 0.5em; }
.key-entry { margin: 0 0 0.8em; }
.key { font-weight: bold; }
"""

_HOW = {
    "single": "Tick one box.",
    "multiple": "Choose all that apply: tick every right option.",
    "ordering": "Put these in order: write their letters on the lines, first to last.",
    "matching": "Match each numbered item: write the letter of its match on its line.",
    "numeric": "Write the number on the line.",
}


def _check_asked(asked) -> list:
    from .exam import Asked
    from .validation import check_items

    items = check_items("asked", asked, Asked)
    if not items:
        raise ValueError("asked must hold at least one question")
    return items


def key_response(asked) -> list[str] | float:
    """The right response to an asked question, as printed in the answer key.

    Letters as shown for a choice, ordering or matching question (the
    order first to last, or the match of each numbered item in turn); the
    number for a numeric one. It is what :meth:`implcourse.exam.Asked.grade`
    marks right.

    Examples
    --------
    >>> from implcourse import exam, quiz
    >>> asked = exam.ask(quiz.load_bank(lesson="01")[0], seed=3)
    >>> asked.grade(key_response(asked)).correct
    True
    """
    from .exam import Asked

    if not isinstance(asked, Asked):
        raise TypeError(f"asked must be an Asked question (exam.ask), got "
                        f"{type(asked).__name__} {shown(asked)}")
    key = asked.key_shown
    return float(key) if asked.question.kind == "numeric" else list(key)


def _key_text(asked) -> str:
    q = asked.question
    key = key_response(asked)
    if q.kind == "numeric":
        unit = f" {q.unit}" if q.unit else ""
        within = f" (accept within ±{q.tolerance:g})" if q.tolerance else " (exactly)"
        return f"{key:,.10g}{unit}{within}"
    if q.kind == "ordering":
        return ", ".join(key) + " (first to last)"
    if q.kind == "matching":
        return ", ".join(f"{i} → {letter}" for i, letter in enumerate(key, start=1))
    return ", ".join(key)


def _question_html(asked, number: int) -> str:
    q = asked.question
    parts = ['<div class="question keep">',
             f'<p class="stem"><b>{number}.</b> {escape(q.stem)}</p>',
             f'<p class="how">{_HOW[q.kind]}</p>']
    if q.kind in ("single", "multiple"):
        parts.append('<ul class="options">' + "".join(
            f'<li><span class="box"></span><b>{letter}.</b> {escape(text)}</li>'
            for letter, text in asked.lettered()) + "</ul>")
    elif q.kind == "ordering":
        parts.append('<ul class="options">' + "".join(
            f"<li><b>{letter}.</b> {escape(text)}</li>" for letter, text in asked.lettered())
            + "</ul>")
        parts.append('<p class="lines">' + "".join(
            f'{i}.<span class="blank"></span>' for i in range(1, len(q.options) + 1)) + "</p>")
    elif q.kind == "matching":
        rows = []
        matches = asked.lettered()
        for i in range(max(len(q.options), len(matches))):
            left = (f'{i + 1}. <span class="blank"></span> {escape(q.options[i])}'
                    if i < len(q.options) else "")
            right = (f"<b>{matches[i][0]}.</b> {escape(matches[i][1])}"
                     if i < len(matches) else "")
            rows.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
        parts.append('<table class="matching">' + "".join(rows) + "</table>")
    else:
        unit = f" {escape(q.unit)}" if q.unit else ""
        parts.append(f'<p>Answer: <span class="blank wide"></span>{unit}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _key_html(asked, number: int) -> str:
    from .course import topic_name

    q = asked.question
    key = key_response(asked)
    data = f"{key!r}" if q.kind == "numeric" else ",".join(key)
    return (f'<div class="key-entry keep">'
            f'<p><b>{number}.</b> <span class="key" data-response="{escape(data)}">'
            f"{escape(_key_text(asked))}</span></p>"
            f'<p class="meta">{escape(q.explanation)}</p>'
            f'<p class="meta">Question {escape(q.id)} · lesson {escape(q.lesson)}, '
            f"{escape(topic_name(q.lesson, q.topic))} · difficulty {q.difficulty}</p></div>")


def _header(title: str, subtitle: str, name_line: bool, total: int = 0) -> str:
    head = f"<h1>{escape(title)}</h1>\n"
    if subtitle:
        head += f'<p class="meta">{escape(subtitle)}</p>\n'
    if name_line:
        head += ('<p>Name: <span class="blank wide"></span> '
                 'Group or date: <span class="blank"></span></p>\n')
        head += (f'<p class="score">Score: <span class="blank"></span> / {total}</p>\n')
    return head


def quiz_document(title: str, asked: Sequence, *, intro: str = "") -> str:
    """A printable quiz: a name line, then the questions as asked, numbered, no answers.

    Parameters
    ----------
    title : str
    asked : list of implcourse.exam.Asked
        The questions as asked (:func:`implcourse.exam.ask`), in order.
    intro : str, optional
        A line of instructions under the title (plain text, escaped here).

    Returns
    -------
    str
        A complete HTML document (:func:`implcourse.printing.page`).

    Examples
    --------
    >>> from implcourse import exam, quiz
    >>> asked = [exam.ask(q, seed=1, number=i) for i, q in
    ...          enumerate(quiz.load_bank(lesson="02")[:2], start=1)]
    >>> html = quiz_document("Two questions", asked)
    >>> html.count('<span class="box">') >= 4
    True
    """
    title = check_str("title", title)
    items = _check_asked(asked)
    if not isinstance(intro, str):
        raise TypeError(f"intro must be a string, got {type(intro).__name__} {shown(intro)}")
    body = _header(title, intro.strip(), name_line=True, total=len(items))
    body += "\n".join(_question_html(a, i) for i, a in enumerate(items, start=1))
    return page(title, body, css=PRINT_STYLE)


def key_document(title: str, asked: Sequence, *, intro: str = "") -> str:
    """The answer key of a printed quiz: for each number, the key and the explanation.

    Parameters
    ----------
    title : str
    asked : list of implcourse.exam.Asked
        The same questions, in the same order, as the quiz.
    intro : str, optional

    Examples
    --------
    >>> from implcourse import exam, quiz
    >>> asked = [exam.ask(quiz.load_bank(lesson="02")[0], seed=1)]
    >>> 'class="key"' in key_document("Key", asked)
    True
    """
    title = check_str("title", title)
    items = _check_asked(asked)
    if not isinstance(intro, str):
        raise TypeError(f"intro must be a string, got {type(intro).__name__} {shown(intro)}")
    body = _header(title, intro.strip(), name_line=False)
    body += "\n".join(_key_html(a, i) for i, a in enumerate(items, start=1))
    return page(title, body, css=PRINT_STYLE)


def _allowance(questions: int) -> int:
    """Whole minutes for ``questions`` at the pace of the course exam's blueprint
    (:meth:`implcourse.exam.Blueprint.minutes_for`), rounded up."""
    import math

    from .exam import get_blueprint

    return math.ceil(get_blueprint("course").minutes_for(questions))


def _lesson_questions(lesson: str, n: int | None, seed: int) -> list:
    """The questions of a printed lesson quiz: one of each kind the lesson has
    first, then the rest by :func:`implcourse.exam.select`, in a seeded order.
    The pre- and post-test questions are left out while the lesson has others."""
    import numpy as np

    from .exam import select
    from .prepost import held_back
    from .quiz import KINDS, load_bank

    pool = load_bank(lesson=lesson)
    held = held_back()
    fresh = [q for q in pool if q.id not in held] or pool
    count = min(DEFAULT_COUNT, len(fresh)) if n is None else check_int(
        "n", n, minimum=1, maximum=len(fresh))
    kinds = [kind for kind in KINDS if any(q.kind == kind for q in fresh)]
    chosen = [select(fresh, kind=kind, count=1, seed=seed)[0] for kind in kinds][:count]
    taken = {q.id for q in chosen}
    if count > len(chosen):
        rest = [q for q in fresh if q.id not in taken]
        chosen += select(rest, count=count - len(chosen), seed=seed)
    order = np.random.default_rng(seed).permutation(len(chosen))
    return [chosen[int(i)] for i in order]


def lesson_quiz(lesson: str, *, n: int | None = None, seed: int = 0) -> tuple[str, str]:
    """A printable quiz for a lesson and its separate answer key.

    Parameters
    ----------
    lesson : str
        A lesson id with questions in the bank, such as ``"03"``.
    n : int, optional
        How many questions (:data:`DEFAULT_COUNT`, or all the lesson has if
        fewer). One question of each kind the lesson's bank holds comes
        first (single, multiple, ordering, matching, numeric), the rest are
        drawn with topics taking turns (:func:`implcourse.exam.select`).
        The questions of the pre- and post-test forms
        (:mod:`implcourse.prepost`) are not used, so a printed quiz never
        shows a participant the post-test.
    seed : int, default 0
        Which questions, their order, their options' order and their numbers.
        The same seed gives the same quiz and key.

    Returns
    -------
    (str, str)
        The quiz and the answer key, each a complete HTML document.

    Raises
    ------
    ValueError
        If the lesson has no questions, or ``n`` is more than it has.

    Examples
    --------
    >>> quiz, key = lesson_quiz("05", n=5, seed=1)
    >>> quiz.startswith("<!DOCTYPE html>") and "Answer key" in key
    True
    >>> "Answer key" in quiz
    False
    """
    from .course import get_lesson
    from .exam import ask

    lesson = check_str("lesson", lesson)
    seed = check_int("seed", seed, minimum=0)
    questions = _lesson_questions(lesson, n, seed)
    asked = [ask(q, seed, number) for number, q in enumerate(questions, start=1)]
    try:
        label = get_lesson(lesson).label
    except ValueError:
        label = lesson
    count = f"{len(asked)} question{'s' if len(asked) != 1 else ''}"
    minutes = _allowance(len(asked))
    quiz = quiz_document(f"Quiz: lesson {label} (version {seed + 1})", asked,
                         intro=f"{count}, about {minutes} minutes. Answer on this sheet; the "
                               "instructions are under each question.")
    key = key_document(f"Answer key: lesson {label} (version {seed + 1})", asked,
                       intro=f"{count}: the key for version {seed + 1} of the quiz only, with "
                             "the letters as printed on it.")
    return quiz, key
