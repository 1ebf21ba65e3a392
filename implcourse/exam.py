"""The assessment engine: choosing questions, asking them shuffled, scoring with a breakdown.

Three steps, each a plain function or class with no widgets in it:

1. **Choose** questions from the bank by lesson, topic, domain, difficulty,
   level and count (:func:`select`), or by a blueprint's shares
   (:func:`build_exam`, blueprints in ``datasets/blueprints.yml``).
2. **Ask** each one (:func:`ask`): its numbers drawn from the seed if it is
   a numeric template, its options (or matches) shuffled by the seed, so a
   learner cannot learn positions. An :class:`Asked` question grades a
   response given in the letters shown.
3. **Score** (:class:`Result`): the score with a confidence interval, a
   breakdown by topic, domain, difficulty, level or lesson with a
   performance band per group, the weakest areas with links to the lesson
   sections to review, and a review of every question.

Examples
--------
>>> exam = build_exam("quick", seed=4)
>>> len(exam.asked), exam.minutes
(20, 25.0)
>>> first = exam.asked[0]
>>> exam.answer(1, first.key_shown)
>>> result = exam.finish()
>>> result.correct, result.total
(1, 20)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, model_validator

from .content import ContentModel, Slug, Text, cached_by_file, load_entries, read_yaml
from .quiz import (DOMAINS, LEVELS, Graded, Question, grade, instantiate, letters, load_bank)
from .validation import check_choice, check_int, check_items, check_number, shown

__all__ = ["Blueprint", "Band", "load_blueprints", "get_blueprint", "load_bands", "band",
           "select", "allocate", "ask", "Asked", "Exam", "build_exam", "Result",
           "wilson_interval", "BREAKDOWNS", "DOMAIN_NAMES", "simulate_candidate", "most_questions",
           "BAND_MINIMUM"]

BLUEPRINTS_FILE = "blueprints.yml"
#: The columns a result can be broken down by.
BREAKDOWNS = ("domain", "topic", "difficulty", "level", "lesson", "approach")
#: Groups with fewer questions than this get no band: too few to rate.
BAND_MINIMUM = 5
#: Domain ids as the PMP Exam Content Outline names them.
DOMAIN_NAMES = {"people": "People", "process": "Process",
                "business_environment": "Business Environment"}


# ---------------------------------------------------------------------------
# Blueprints and bands (content)
# ---------------------------------------------------------------------------

class Blueprint(ContentModel):
    """A practice exam's make-up: groups (lessons or domains) and their shares.

    A blueprint with a ``form`` (``"A"`` or ``"B"``) is a fixed form of
    :mod:`implcourse.prepost`: the pre-test or post-test, the same questions
    in the same order for everyone. Its ``weights`` and ``questions``
    describe that form (the tests check they match it).
    """

    id: Slug
    name: Text
    group_by: Literal["lesson", "domain"]
    weights: dict[str, float] = Field(min_length=1)
    questions: int = Field(ge=1, le=400)
    minutes: float = Field(gt=0, le=600)
    source: str | None = None
    note: str | None = None
    form: Literal["A", "B"] | None = None

    @model_validator(mode="after")
    def _groups(self) -> Blueprint:
        for group, weight in self.weights.items():
            if weight < 0:
                raise ValueError(f"weight of {group!r} must be 0 or more, got {weight:g}")
            if self.group_by == "domain" and group not in DOMAINS:
                raise ValueError(f"{group!r} is not a domain ({', '.join(DOMAINS)})")
            if self.group_by == "lesson" and not (len(group) == 2 and group.isdigit()):
                raise ValueError(f"{group!r} is not a lesson id such as '01'")
        if sum(self.weights.values()) <= 0:
            raise ValueError("the weights must not all be 0")
        return self

    @property
    def minutes_per_question(self) -> float:
        """The pace of the blueprint."""
        return self.minutes / self.questions

    def minutes_for(self, questions: int) -> float:
        """The time for an exam of ``questions`` at the blueprint's pace (at least a minute).

        Examples
        --------
        >>> get_blueprint("pmp_eco_2026").minutes_for(60)
        77.8
        """
        questions = check_int("questions", questions, minimum=1, maximum=400)
        return max(1.0, round(self.minutes_per_question * questions, 1))


class Band(ContentModel):
    """A performance band: a name and the least percentage that reaches it."""

    name: Text
    minimum: float = Field(ge=0, le=100)


def _blueprints(path) -> tuple[tuple[Blueprint, ...], tuple[Band, ...]]:
    prints = load_entries(path, Blueprint, key="blueprints")
    ids = [b.id for b in prints]
    for i, blueprint_id in enumerate(ids):
        if blueprint_id in ids[:i]:
            raise ValueError(f"blueprint id {blueprint_id!r} is used twice")
    raw = read_yaml(path)
    bands = tuple(Band.model_validate(entry) for entry in raw.get("bands") or [])
    if bands and [b.minimum for b in bands] != sorted((b.minimum for b in bands), reverse=True):
        raise ValueError("bands must be listed from the highest minimum to the lowest")
    if bands and bands[-1].minimum != 0:
        raise ValueError("the last band must have minimum 0, so every score has a band")
    return prints, bands


_load = cached_by_file(_blueprints)


def load_blueprints(name=BLUEPRINTS_FILE) -> tuple[Blueprint, ...]:
    """The practice-exam blueprints (``datasets/blueprints.yml`` by default).

    Examples
    --------
    >>> [b.id for b in load_blueprints()]
    ['course', 'pmp_eco_2026', 'quick', 'pretest', 'posttest']
    """
    return _load(name)[0]


def load_bands(name=BLUEPRINTS_FILE) -> tuple[Band, ...]:
    """The performance bands, highest first.

    Examples
    --------
    >>> [b.name for b in load_bands()]
    ['Above Target', 'Target', 'Below Target', 'Needs Improvement']
    """
    return _load(name)[1]


def get_blueprint(blueprint: str | Blueprint) -> Blueprint:
    """A blueprint by id (or the blueprint itself)."""
    if isinstance(blueprint, Blueprint):
        return blueprint
    if not isinstance(blueprint, str):
        raise TypeError(f"blueprint must be a blueprint id such as 'course', got "
                        f"{type(blueprint).__name__} {shown(blueprint)}")
    known = {b.id: b for b in load_blueprints()}
    if blueprint not in known:
        raise ValueError(f"blueprint must be one of {', '.join(known)}, got {shown(blueprint)}")
    return known[blueprint]


def band(percent: float) -> str:
    """The performance band of a percentage score (a teaching model; see the bands' note).

    Examples
    --------
    >>> band(81), band(65), band(64.9), band(0)
    ('Above Target', 'Target', 'Below Target', 'Needs Improvement')
    """
    percent = check_number("percent", percent, minimum=0, maximum=100)
    for entry in load_bands():
        if percent >= entry.minimum:
            return entry.name
    return load_bands()[-1].name


# ---------------------------------------------------------------------------
# Choosing questions
# ---------------------------------------------------------------------------

def _match(value, wanted) -> bool:
    if wanted is None:
        return True
    if isinstance(wanted, (str, int)):
        return value == wanted
    return value in wanted


def _filter_value(name: str, value, allowed=None):
    if value is None:
        return None
    items = [value] if isinstance(value, (str, int)) else value
    if isinstance(items, (bytes, dict)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{name} must be a value or a list of values, got "
                        f"{type(value).__name__} {shown(value)}")
    items = list(items)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise TypeError(f"{name} must hold strings or whole numbers, got "
                            f"{type(item).__name__} {shown(item)}")
        if allowed is not None and item not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))}, "
                             f"got {shown(item)}")
    return set(items)


def select(questions: Sequence[Question] | None = None, *, lesson=None, topic=None,
           domain=None, difficulty=None, level=None, approach=None, kind=None,
           count: int | None = None, seed: int = 0) -> list[Question]:
    """Questions that match every filter given, ``count`` of them chosen by ``seed``.

    Each filter takes one value or a list of values. Topics take turns (in a
    seeded order), so a small draw covers as many topics as it can. The
    questions come back in a seeded random order.

    Parameters
    ----------
    questions : sequence of Question, optional
        The pool (the whole course bank by default).
    lesson, topic, domain, difficulty, level, approach, kind : optional
        Keep only questions with these values.
    count : int, optional
        How many to choose (all that match by default).
    seed : int, default 0

    Raises
    ------
    ValueError
        If nothing matches, or ``count`` is more than match.

    Examples
    --------
    >>> picked = select(domain="people", difficulty=[2, 3], count=5, seed=1)
    >>> len(picked), {q.domain for q in picked}
    (5, {'people'})
    >>> [q.id for q in picked] == [q.id for q in select(domain="people", difficulty=[2, 3],
    ...                                                  count=5, seed=1)]
    True
    """
    import numpy as np

    pool = load_bank() if questions is None else check_items("questions", questions, Question)
    filters = {
        "lesson": _filter_value("lesson", lesson),
        "topic": _filter_value("topic", topic),
        "domain": _filter_value("domain", domain, DOMAINS),
        "difficulty": _filter_value("difficulty", difficulty, (1, 2, 3)),
        "level": _filter_value("level", level, LEVELS),
        "approach": _filter_value("approach", approach, ("predictive", "agile", "hybrid", "any")),
        "kind": _filter_value("kind", kind, ("single", "multiple", "numeric", "ordering",
                                             "matching")),
    }
    seed = check_int("seed", seed, minimum=0)
    chosen = [q for q in pool if all(_match(getattr(q, name), wanted)
                                     for name, wanted in filters.items())]
    if not chosen:
        given = ", ".join(f"{name}={shown(sorted(map(str, wanted)))}"
                          for name, wanted in filters.items() if wanted is not None)
        raise ValueError(f"no questions match {given or 'the pool'}")
    if count is None:
        count = len(chosen)
    count = check_int("count", count, minimum=1)
    if count > len(chosen):
        raise ValueError(f"count must be at most {len(chosen)} (the questions that match), "
                         f"got {count}")
    rng = np.random.default_rng(seed)
    by_topic: dict[tuple[str, str], list[int]] = {}
    for index, question in enumerate(chosen):
        by_topic.setdefault((question.lesson, question.topic), []).append(index)
    queues = [rng.permutation(indices).tolist() for _, indices in sorted(by_topic.items())]
    turns = rng.permutation(len(queues)).tolist()
    picks: list[int] = []
    while len(picks) < count:
        for turn in turns:
            if queues[turn] and len(picks) < count:
                picks.append(queues[turn].pop())
    order = rng.permutation(len(picks)).tolist()
    return [chosen[picks[i]] for i in order]


def allocate(weights: dict[str, float], count: int) -> dict[str, int]:
    """Split ``count`` questions over groups in proportion to ``weights``.

    Largest-remainder rounding (Hamilton's method): each group gets the whole
    part of its share, and the questions left over go to the largest
    remainders (ties to the group listed first). The parts add up to
    ``count`` exactly.

    Examples
    --------
    >>> allocate({"people": 33, "process": 41, "business_environment": 26}, 185)
    {'people': 61, 'process': 76, 'business_environment': 48}
    >>> sum(allocate({"a": 1, "b": 1, "c": 1}, 10).values())
    10
    """
    from fractions import Fraction

    count = check_int("count", count, minimum=0)
    if not isinstance(weights, dict) or not weights:
        raise TypeError(f"weights must be a non-empty dict of group -> weight, got "
                        f"{type(weights).__name__} {shown(weights)}")
    # Exact fractions: ties between remainders are real ties (broken by the
    # order of the groups), and no sum of large weights overflows.
    values = {group: Fraction(check_number(f"weight of {group!r}", w, minimum=0))
              for group, w in weights.items()}
    total = sum(values.values())
    if total <= 0:
        raise ValueError(f"weights must not all be 0, got {shown(weights)}")
    quotas = {group: count * w / total for group, w in values.items()}
    parts = {group: math.floor(q) for group, q in quotas.items()}
    left = count - sum(parts.values())
    order = list(quotas)
    ranked = sorted(quotas, key=lambda g: (-(quotas[g] - parts[g]), order.index(g)))
    for group in ranked[:left]:
        parts[group] += 1
    return parts


# ---------------------------------------------------------------------------
# Asking a question, shuffled
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Asked:
    """A question as asked: numbers drawn, options (or matches) in a shuffled order.

    ``order[i]`` is the file position of what is shown at position ``i``: of
    the options for ``single``, ``multiple`` and ``ordering``, of the
    matches for ``matching``. Responses to :meth:`grade` use the letters
    shown.
    """

    number: int
    question: Question
    order: tuple[int, ...]

    def __post_init__(self) -> None:
        check_int("number", self.number, minimum=1)
        if not isinstance(self.question, Question):
            raise TypeError(f"question must be a Question, got {type(self.question).__name__}")
        size = len(self.question.matches if self.question.kind == "matching"
                   else self.question.options)
        if not isinstance(self.order, tuple) or sorted(
                o for o in self.order if isinstance(o, int) and not isinstance(o, bool)) \
                != list(range(size)):
            raise ValueError(f"order must be a tuple holding each position 0 to {size - 1} "
                             f"once, got {shown(self.order)}")

    @property
    def shown_options(self) -> list[str]:
        """The options in the order shown (the left column of a matching)."""
        q = self.question
        if q.kind == "matching":
            return list(q.options)
        return [q.options[i] for i in self.order]

    @property
    def shown_matches(self) -> list[str]:
        """The matches of a ``matching`` question, in the order shown (else empty)."""
        return [self.question.matches[i] for i in self.order] if self.question.kind == \
            "matching" else []

    def lettered(self) -> list[tuple[str, str]]:
        """``(letter, text)`` of what is shown to choose from: options, or matches."""
        items = self.shown_matches if self.question.kind == "matching" else self.shown_options
        return list(zip(letters(len(items)), items))

    def _to_file(self, shown_letter: str) -> str:
        return letters(len(self.order))[self.order[letters(len(self.order)).index(shown_letter)]]

    def _to_shown(self, file_letter: str) -> str:
        return letters(len(self.order))[self.order.index(letters(len(self.order)).index(
            file_letter))]

    @property
    def key_shown(self):
        """The right response in the letters shown (the number, for ``numeric``)."""
        q = self.question
        if q.kind == "numeric":
            return q.value
        if q.kind in ("single", "multiple"):
            return sorted(self._to_shown(letter) for letter in q.answer)
        if q.kind == "ordering":
            return [self._to_shown(letter) for letter in q.key]
        return [self._to_shown(letter) for letter in q.key]

    def why_wrong_shown(self) -> dict[str, str]:
        """Why each wrong option is wrong, by the letter shown."""
        return dict(sorted((self._to_shown(letter), text)
                           for letter, text in self.question.why_wrong.items()))

    def grade(self, response) -> Graded:
        """Grade a response given in the letters shown (or a number)."""
        q = self.question
        if q.kind == "numeric":
            return grade(q, response)
        from .quiz import _letters_response

        shown_letters = _letters_response(q, response, count=len(self.order), where="shown")
        return grade(q, [self._to_file(letter) for letter in shown_letters])

    def response_text(self, response) -> str:
        """A response in words, for the review."""
        q = self.question
        if response is None:
            return "not answered"
        if q.kind == "numeric":
            unit = f" {q.unit}" if q.unit else ""
            return f"{_number(response):,.10g}{unit}"
        picked = [response] if isinstance(response, str) else response
        if not isinstance(picked, (list, tuple)) or not all(isinstance(p, str) for p in picked):
            raise TypeError(f"response must be a letter or a list of letters, got "
                            f"{type(response).__name__} {shown(response)}")
        shown_items = dict(self.lettered())
        if q.kind == "matching":
            return "; ".join(f"{left} → {shown_items.get(letter, '?')}"
                             for left, letter in zip(q.options, picked))
        joiner = " → " if q.kind == "ordering" else "; "
        return joiner.join(f"{letter}. {shown_items.get(letter, '?')}" for letter in picked)


def _number(response) -> float:
    from .quiz import _number_response

    return _number_response(response)


def ask(question: Question, seed: int, number: int = 1) -> Asked:
    """Ask a question: draw a template's numbers and shuffle by ``seed``.

    A ``single``/``multiple`` question's options and an ``ordering``
    question's items are shuffled; a ``matching`` question keeps its left
    column and shuffles its matches. An ordering is never shown already in
    order (with three or more items).

    Examples
    --------
    >>> q = load_bank(lesson="01")[0]
    >>> asked = ask(q, seed=3)
    >>> sorted(asked.shown_options) == sorted(q.options)
    True
    >>> asked.grade(asked.key_shown).correct
    True
    """
    import numpy as np

    if not isinstance(question, Question):
        raise TypeError(f"question must be a Question, got {type(question).__name__}")
    seed = check_int("seed", seed, minimum=0)
    number = check_int("number", number, minimum=1)
    concrete = instantiate(question, seed)
    size = len(concrete.matches if concrete.kind == "matching" else concrete.options)
    rng = np.random.default_rng([seed, *question.id.encode()])
    order = tuple(int(i) for i in rng.permutation(size))
    if concrete.kind in ("ordering", "matching") and size > 1 and order == tuple(range(size)):
        order = order[1:] + order[:1]
    return Asked(number=number, question=concrete, order=order)


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------

def wilson_interval(correct: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion right, as fractions.

    .. math::

        \\frac{\\hat p + \\frac{z^2}{2n} \\pm z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n}
        + \\frac{z^2}{4n^2}}}{1 + \\frac{z^2}{n}}

    It stays inside 0 to 1 and behaves well for small ``n`` and for scores
    near 0 % or 100 %, where the usual "p ± 1.96 standard errors" does not.
    Hand-written because it is six lines and keeps ``scipy`` out of the
    course's dependencies; the tests compare it with
    ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22(158), 209-212.
    Agresti, A. and Coull, B. A. (1998). *The American Statistician* 52(2).

    Examples
    --------
    >>> low, high = wilson_interval(45, 60)
    >>> round(low, 4), round(high, 4)
    (0.6277, 0.8422)
    """
    from statistics import NormalDist

    total = check_int("total", total, minimum=1)
    correct = check_int("correct", correct, minimum=0, maximum=total)
    confidence = check_number("confidence", confidence, minimum=0.5, maximum=0.999)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = correct / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    # At 0 or all right the interval reaches the score exactly (no rounding crumbs).
    low = 0.0 if correct == 0 else max(0.0, centre - half)
    high = 1.0 if correct == total else min(1.0, centre + half)
    return low, high


@dataclass
class Result:
    """The result of a set of asked questions and the responses to them.

    ``responses`` holds, for each asked question, the response in the letters
    shown (or the number), or None if it was not answered: an unanswered
    question counts as wrong, as in the real exam.
    """

    asked: list[Asked]
    responses: list
    flagged: set[int] = field(default_factory=set)
    seconds: float | None = None

    def __post_init__(self) -> None:
        self.asked = check_items("asked", self.asked, Asked)
        if isinstance(self.responses, (str, bytes)) or not isinstance(self.responses,
                                                                        (list, tuple)):
            raise TypeError(f"responses must be a list (one response or None per question), "
                            f"got {type(self.responses).__name__} {shown(self.responses)}")
        self.responses = list(self.responses)
        if len(self.asked) != len(self.responses):
            raise ValueError(f"responses must have one entry per question of asked: "
                             f"{len(self.asked)} questions, {len(self.responses)} responses")
        if not isinstance(self.flagged, (set, frozenset, list, tuple)):
            raise TypeError(f"flagged must be a set of question numbers, got "
                            f"{type(self.flagged).__name__} {shown(self.flagged)}")
        self.flagged = {check_int("flagged item", n, minimum=1) for n in self.flagged}
        if self.seconds is not None:
            self.seconds = check_number("seconds", self.seconds, minimum=0)
        self.graded: list[Graded | None] = [
            None if response is None else asked.grade(response)
            for asked, response in zip(self.asked, self.responses)]

    @property
    def total(self) -> int:
        """Questions asked."""
        return len(self.asked)

    @property
    def correct(self) -> int:
        """Questions answered right."""
        return sum(bool(g and g.correct) for g in self.graded)

    @property
    def answered(self) -> int:
        """Questions answered (right or wrong)."""
        return sum(g is not None for g in self.graded)

    @property
    def percent(self) -> float:
        """The score, in per cent."""
        return 100.0 * self.correct / self.total

    def interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """The score's Wilson interval, in per cent: the range of long-run
        scores this result is consistent with."""
        low, high = wilson_interval(self.correct, self.total, confidence)
        return 100 * low, 100 * high

    @property
    def rows(self):
        """One row per question: number, id, lesson, section, topic, domain,
        difficulty, level, approach, kind, answered, correct, flagged."""
        import pandas as pd

        from .course import topic_name

        return pd.DataFrame([{
            "number": a.number, "id": a.question.id, "lesson": a.question.lesson,
            "section": a.question.section, "topic": a.question.topic,
            "topic_name": f"{a.question.lesson} {topic_name(a.question.lesson, a.question.topic)}",
            "domain": a.question.domain, "difficulty": a.question.difficulty,
            "level": a.question.level, "approach": a.question.approach,
            "kind": a.question.kind, "answered": g is not None,
            "correct": bool(g and g.correct), "flagged": a.number in self.flagged,
        } for a, g in zip(self.asked, self.graded)])

    def breakdown(self, by: str = "domain"):
        """Questions, right, per cent, its Wilson interval and band, per group.

        Parameters
        ----------
        by : str
            One of :data:`BREAKDOWNS`. Topics are told apart by lesson (two
            lessons may use the same topic id) and shown by name
            ("06 EAC, ETC, VAC and TCPI").

        Returns
        -------
        pandas.DataFrame
            Indexed by the group, sorted weakest first: ``questions``,
            ``correct``, ``percent``, ``low``, ``high`` (the 95 % interval,
            per cent) and ``band`` (None for a group of fewer than
            :data:`BAND_MINIMUM` questions: too few to rate).
        """
        import pandas as pd

        by = check_choice("by", by, BREAKDOWNS)
        rows = self.rows
        key = "topic_name" if by == "topic" else by
        rows[key] = rows[key].fillna("unknown")
        grouped = rows.groupby(key, sort=True)["correct"].agg(["size", "sum"])
        grouped.index.name = by
        grouped.columns = ["questions", "correct"]
        grouped["percent"] = 100.0 * grouped["correct"] / grouped["questions"]
        bounds = [wilson_interval(int(c), int(n)) for n, c in
                  zip(grouped["questions"], grouped["correct"])]
        grouped["low"] = [100 * low for low, _ in bounds]
        grouped["high"] = [100 * high for _, high in bounds]
        grouped["band"] = [band(p) if n >= BAND_MINIMUM else None
                           for p, n in zip(grouped["percent"], grouped["questions"])]
        grouped = grouped.sort_values(["percent", "questions"], ascending=[True, False],
                                      kind="stable")
        return pd.DataFrame(grouped)

    def weakest(self, count: int = 3):
        """The weakest topics, each with the lesson section to review.

        Topics are ranked by the upper end of their 95 % interval, then by
        per cent right: a topic missed on several questions is surely weak and
        ranks before one missed once, which may be bad luck. Only topics with
        a question wrong are listed.

        Returns
        -------
        pandas.DataFrame
            ``lesson``, ``topic``, ``topic_name``, ``questions``, ``correct``,
            ``percent``, ``section`` (title) and ``link`` (relative to
            ``notebooks/``).
        """
        import pandas as pd

        from .course import section_link, topic_name

        count = check_int("count", count, minimum=1)
        rows = self.rows
        out = []
        for (lesson, topic), group in rows.groupby(["lesson", "topic"], sort=True):
            right, total = int(group["correct"].sum()), len(group)
            if right == total:
                continue
            sections = group.loc[~group["correct"], "section"].dropna()
            section = int(sections.mode().min()) if len(sections) else None
            title, link = (section_link(lesson, section) if section is not None
                           else (f"Lesson {lesson}", None))
            out.append({"lesson": lesson, "topic": topic,
                        "topic_name": topic_name(lesson, topic),
                        "questions": total, "correct": right,
                        "percent": 100.0 * right / total,
                        "high": 100 * wilson_interval(right, total)[1],
                        "section": title, "link": link})
        frame = pd.DataFrame(out, columns=["lesson", "topic", "topic_name", "questions",
                                           "correct", "percent", "high", "section", "link"])
        frame = frame.sort_values(["high", "percent", "lesson", "topic"], kind="stable")
        return frame.drop(columns="high").head(count).reset_index(drop=True)

    def review(self) -> list[dict]:
        """Every question with the response, the key, and the explanations.

        Each entry has ``number``, ``id``, ``stem``, ``kind``, ``shown`` (the
        lettered options or matches), ``left`` (a matching's left column),
        ``response`` and ``key`` (in words), ``correct`` (None if not
        answered), ``flagged``, ``explanation``, ``why_wrong`` (by the
        letter shown) and ``link`` (the lesson section).
        """
        from .course import section_link

        out = []
        for asked, response, graded in zip(self.asked, self.responses, self.graded):
            q = asked.question
            key = asked.key_shown
            out.append({
                "number": asked.number, "id": q.id, "stem": q.stem, "kind": q.kind,
                "shown": asked.lettered(), "left": list(q.options) if q.kind == "matching"
                else [],
                "response": asked.response_text(response),
                "key": asked.response_text(key),
                "correct": None if graded is None else graded.correct,
                "flagged": asked.number in self.flagged,
                "explanation": q.explanation, "why_wrong": asked.why_wrong_shown(),
                "link": section_link(q.lesson, q.section) if q.section else None,
            })
        return out

    def summary(self) -> dict:
        """The figures kept in the progress store for an exam: per cent per domain."""
        by_domain = self.breakdown("domain")
        return {"percent": round(self.percent, 2),
                "domains": {str(k): round(float(v), 2)
                            for k, v in by_domain["percent"].items()}}


# ---------------------------------------------------------------------------
# An exam
# ---------------------------------------------------------------------------

class Exam:
    """A practice exam in progress: answers and flags, then :meth:`finish`.

    Build one with :func:`build_exam`. Nothing is graded or shown until
    :meth:`finish`; the time is kept by the caller (the exam widget), which
    passes the seconds used to :meth:`finish`.
    """

    def __init__(self, blueprint: Blueprint, asked: list[Asked], minutes: float, seed: int):
        if not isinstance(blueprint, Blueprint):
            raise TypeError(f"blueprint must be a Blueprint, got {type(blueprint).__name__} "
                            f"{shown(blueprint)}")
        self.blueprint = blueprint
        self.asked = check_items("asked", asked, Asked)
        if not self.asked:
            raise ValueError("asked must hold at least one question")
        self.minutes = check_number("minutes", minutes, minimum=1, maximum=600)
        self.seed = check_int("seed", seed, minimum=0)
        self.responses: list = [None] * len(asked)
        self.flagged: set[int] = set()

    def _index(self, number: int) -> int:
        number = check_int("number", number, minimum=1, maximum=len(self.asked))
        return number - 1

    def answer(self, number: int, response) -> None:
        """Give (or change, or with None clear) the response to question ``number``.

        The response is checked now (letters that are shown, a number for a
        numeric question) but not graded.
        """
        index = self._index(number)
        if response is not None:
            if self.asked[index].question.kind == "numeric":
                response = _number(response)  # kept as a number, however it was typed
            self.asked[index].grade(response)  # raises on a malformed response
        self.responses[index] = response

    def flag(self, number: int, on: bool = True) -> None:
        """Flag question ``number`` for review (or unflag it)."""
        index = self._index(number)
        if not isinstance(on, bool):
            raise TypeError(f"on must be True or False, got {type(on).__name__} {shown(on)}")
        (self.flagged.add if on else self.flagged.discard)(index + 1)

    @property
    def unanswered(self) -> list[int]:
        """Numbers of the questions not answered yet."""
        return [i + 1 for i, r in enumerate(self.responses) if r is None]

    def finish(self, seconds: float | None = None) -> Result:
        """Grade every question and return the :class:`Result`."""
        if seconds is not None:
            seconds = check_number("seconds", seconds, minimum=0)
        return Result(asked=self.asked, responses=list(self.responses),
                      flagged=set(self.flagged), seconds=seconds)


def most_questions(blueprint: str | Blueprint, bank: Sequence[Question] | None = None) -> int:
    """The longest exam of a blueprint that the bank can fill.

    Examples
    --------
    >>> most_questions("pmp_eco_2026") >= 185
    True
    >>> most_questions("pretest")  # a fixed form: its own length
    32
    """
    plan = get_blueprint(blueprint)
    if plan.form is not None:
        from .prepost import forms

        return forms().n
    pool = load_bank() if bank is None else check_items("bank", bank, Question)
    have = {group: sum(getattr(q, plan.group_by) == group for q in pool)
            for group in plan.weights}
    best = 0
    for length in range(1, 401):
        if all(count <= have[group] for group, count in allocate(plan.weights, length).items()):
            best = length
    return best


def build_exam(blueprint: str | Blueprint = "course", *, questions: int | None = None,
               minutes: float | None = None, seed: int = 0,
               bank: Sequence[Question] | None = None, seen=()) -> Exam:
    """A practice exam from a blueprint: questions per group by its shares, shuffled.

    Parameters
    ----------
    blueprint : str or Blueprint
        A blueprint id of ``datasets/blueprints.yml`` or a Blueprint.
    questions : int, optional
        The length (the blueprint's by default).
    minutes : float, optional
        The time allowed (by default the blueprint's pace times the length).
    seed : int, default 0
        Chooses and shuffles the questions and draws the numbers.
    bank : sequence of Question, optional
        The pool (the course bank by default).
    seen : collection of str, optional
        Ids of questions the learner has answered before: each group takes
        questions not in it first, so a retake is as fresh as the bank allows.

    Notes
    -----
    A question of the pre- and post-test forms
    (:func:`implcourse.prepost.held_back`) that the draw picks is swapped
    for another question of its group (unseen first) while the group has
    one left, so practising does not rehearse the post-test.

    A blueprint with a ``form`` gives that fixed form: its questions in
    their order, with the options shuffled by the forms' own seed (as on the
    printed form), whatever ``seed``, ``bank`` and ``seen`` say.
    ``questions``, if given, must be the form's length.

    Raises
    ------
    ValueError
        If a group has fewer questions in the bank than its share needs (the
        message gives the longest exam the bank can fill).

    Examples
    --------
    >>> exam = build_exam("pmp_eco_2026", questions=60, seed=1)
    >>> exam.minutes
    77.8
    >>> from collections import Counter
    >>> dict(Counter(a.question.domain for a in exam.asked))  # doctest: +SKIP
    {'process': 25, 'people': 20, 'business_environment': 15}
    >>> pre = build_exam("pretest")
    >>> [a.question.id for a in pre.asked] == [a.question.id for a in build_exam("pretest",
    ...                                                                          seed=9).asked]
    True
    """
    import numpy as np

    plan = get_blueprint(blueprint)
    if plan.form is not None:
        return _form_exam(plan, questions, minutes, seed)
    length = plan.questions if questions is None else check_int("questions", questions,
                                                                 minimum=1, maximum=400)
    if minutes is None:
        minutes = plan.minutes_for(length)
    minutes = check_number("minutes", minutes, minimum=1, maximum=600)
    seed = check_int("seed", seed, minimum=0)
    pool = load_bank() if bank is None else check_items("bank", bank, Question)
    if isinstance(seen, (str, bytes)) or not hasattr(seen, "__iter__"):
        raise TypeError(f"seen must be a collection of question ids, got "
                        f"{type(seen).__name__} {shown(seen)}")
    seen = {item for item in seen if isinstance(item, str)}
    parts = allocate(plan.weights, length)
    from .prepost import held_back

    held = held_back()
    chosen: list[Question] = []
    for group, count in parts.items():
        if count == 0:
            continue
        members = [q for q in pool if getattr(q, plan.group_by) == group]
        if len(members) < count:
            name = DOMAIN_NAMES.get(group, f"lesson {group}")
            raise ValueError(f"questions must be at most {most_questions(plan, pool)} for this "
                             f"blueprint (what the bank can fill): a {length}-question exam "
                             f"needs {count} {name} questions and the bank has {len(members)}")
        fresh = [q for q in members if q.id not in seen]
        again = [q for q in members if q.id in seen]
        take = min(count, len(fresh))
        picked = select(fresh, count=take, seed=seed) if take else []
        if count > take:
            picked += select(again, count=count - take, seed=seed)
        chosen += _swap_held(picked, fresh, again, held, seed)
    order = np.random.default_rng(seed).permutation(len(chosen))
    asked = [ask(chosen[int(i)], seed, number) for number, i in enumerate(order, start=1)]
    return Exam(plan, asked, minutes, seed)


def _swap_held(picked: list[Question], fresh: list[Question], again: list[Question],
               held: frozenset[str], seed: int) -> list[Question]:
    """``picked`` with the pre/post forms' questions swapped, in place, for
    other questions of the group not picked (unseen ones first), while any
    are left."""
    places = [i for i, q in enumerate(picked) if q.id in held]
    if not places:
        return picked
    used = {q.id for q in picked}
    spare = []
    for tier in (fresh, again):
        pool = [q for q in tier if q.id not in used and q.id not in held]
        if pool and len(spare) < len(places):
            spare += select(pool, count=min(len(pool), len(places) - len(spare)), seed=seed)
    out = list(picked)
    for place, other in zip(places, spare):
        out[place] = other
    return out


def _form_exam(plan: Blueprint, questions, minutes, seed) -> Exam:
    """The fixed form of a blueprint with a ``form``."""
    from .prepost import forms

    fixed = forms()
    if questions is not None:
        questions = check_int("questions", questions, minimum=1, maximum=400)
        if questions != fixed.n:
            raise ValueError(f"questions must be {fixed.n} for {plan.name} (a fixed form), "
                             f"got {questions}")
    if plan.questions != fixed.n:
        raise ValueError(f"blueprint {plan.id!r} says {plan.questions} questions, but form "
                         f"{plan.form} has {fixed.n}: correct the blueprint")
    if minutes is None:
        minutes = plan.minutes
    minutes = check_number("minutes", minutes, minimum=1, maximum=600)
    seed = check_int("seed", seed, minimum=0)
    return Exam(plan, fixed.asked(plan.form), minutes, seed)


def _wrong_response(asked: Asked):
    """A response to ``asked`` that is wrong, in the letters shown."""
    q = asked.question
    if q.kind == "numeric":
        return q.value + 10 * q.tolerance + 1
    key = asked.key_shown
    if q.kind == "single":
        return next(letter for letter, _ in asked.lettered() if letter not in key)
    if q.kind == "multiple":
        return key[:-1] if len(key) > 1 else key
    return key[1:] + key[:1]


def simulate_candidate(exam_: Exam, accuracy: dict[int, float], seed: int = 0) -> Result:
    """A synthetic candidate's result: each question right with the chance
    ``accuracy[difficulty]`` (a teaching model for examples and tests, not data).

    Examples
    --------
    >>> result = simulate_candidate(build_exam("quick", seed=7), {1: 1.0, 2: 1.0, 3: 1.0})
    >>> result.correct == result.total
    True
    """
    import numpy as np

    if not isinstance(exam_, Exam):
        raise TypeError(f"exam_ must be an Exam, got {type(exam_).__name__}")
    if not isinstance(accuracy, dict) or set(accuracy) != {1, 2, 3}:
        raise ValueError(f"accuracy must give a chance for difficulties 1, 2 and 3, got "
                         f"{shown(accuracy)}")
    chances = {d: check_number(f"accuracy[{d}]", p, minimum=0, maximum=1)
               for d, p in accuracy.items()}
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    responses = [asked.key_shown if rng.random() < chances[asked.question.difficulty]
                 else _wrong_response(asked) for asked in exam_.asked]
    return Result(asked=exam_.asked, responses=responses)
