"""Exercises of lessons 10 (the practice exam) and 11 (glossary and flashcards).

Each draws its figures from the learner's seed and computes its answer with
the package (:func:`implcourse.exam.allocate`, :func:`implcourse.exam.band`,
the glossary).

Examples
--------
>>> ex = ExamAllocation(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> ex = WeakestDomain(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> ex = WhichTerm(seed=3)
>>> ex.check(**ex.expected()).correct
True
"""

from __future__ import annotations

import zlib

import numpy as np

from .. import exam, glossary
from ..answers import Choice, Number
from ..validation import check_int
from . import Exercise, Note, markdown_table

__all__ = ["ExamAllocation", "WeakestDomain", "WhichTerm", "masked"]

_DOMAINS = ("people", "process", "business_environment")


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream, so exercises differ."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode())])


class ExamAllocation(Exercise):
    """How many questions of each domain a PMP-style exam of a given length holds."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "exam_allocation")
        self.blueprint = exam.get_blueprint("pmp_eco_2026")
        self.length = int(rng.integers(7, 25)) * 5 + int(rng.integers(0, 5))
        weights = ", ".join(f"{exam.DOMAIN_NAMES[d]} {self.blueprint.weights[d]:g} %"
                            for d in _DOMAINS)
        super().__init__(
            id="10.exam_allocation", lesson="10", topic="blueprints",
            title="Questions per domain",
            task=f"A practice exam follows the PMP Exam Content Outline of 2026 ({weights}) and "
                 f"has {self.length} questions. How many questions of each domain does it hold? "
                 "The three must add up to the length: give each domain the whole part of its "
                 "share, then one more question to the largest remainders until they do.",
            hints=["Each domain's share is its weight times the length: for example "
                   f"{self.blueprint.weights['people']:g} % of {self.length}.",
                   "Write each share as a whole part and a remainder. Add up the whole parts; "
                   "the questions still missing go, one each, to the domains with the largest "
                   "remainders (Hamilton's method)."])

    def fields(self) -> list[Number]:
        return [Number(d, exam.DOMAIN_NAMES[d], unit="questions", minimum=0, decimals=0)
                for d in _DOMAINS]

    def expected(self) -> dict[str, int]:
        return exam.allocate(self.blueprint.weights, self.length)

    def _grade(self, people: float, process: float, business_environment: float):
        given = {"people": people, "process": process,
                 "business_environment": business_environment}
        right = self.expected()
        if all(given[d] == right[d] for d in _DOMAINS):
            return True, (f"{right['people']} + {right['process']} + "
                          f"{right['business_environment']} = {self.length} questions."), None
        if sum(given.values()) != self.length:
            return False, (f"Your three numbers add up to {sum(given.values()):g}, not "
                           f"{self.length}."), self.hints[1]
        wrong = [exam.DOMAIN_NAMES[d] for d in _DOMAINS if given[d] != right[d]]
        return False, f"Not yet: {', '.join(wrong)} differ from the blueprint's shares.", \
            self.hints[1]

    def _solution(self) -> Note:
        right = self.expected()
        total = sum(self.blueprint.weights.values())
        rows = []
        for d in _DOMAINS:
            share = self.length * self.blueprint.weights[d] / total
            rows.append([exam.DOMAIN_NAMES[d], f"{share:.2f}", f"{int(share)}",
                         f"{share - int(share):.2f}", f"**{right[d]}**"])
        table = markdown_table(["Domain", "Share", "Whole part", "Remainder", "Questions"], rows)
        return Note(f"{table}\n\nThe whole parts leave "
                    f"{self.length - sum(int(self.length * self.blueprint.weights[d] / total) for d in _DOMAINS)}"
                    " question(s) over; they go to the largest remainders. "
                    "`exam.allocate(weights, length)` does the same.")


class WeakestDomain(Exercise):
    """Read a score report: the weakest domain, and its band."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "weakest_domain")
        parts = exam.allocate({"people": 33, "process": 41, "business_environment": 26},
                              int(rng.integers(12, 25)) * 5)
        while True:
            self.scores = {d: (n, int(rng.integers(max(1, n // 3), n + 1)))
                           for d, n in parts.items()}
            percents = sorted(100 * r / n for n, r in self.scores.values())
            if percents[1] - percents[0] >= 3:  # one clear weakest domain
                break
        super().__init__(
            id="10.weakest_domain", lesson="10", topic="report",
            title="Read the score report",
            task="A practice exam's report lists, per domain, the questions asked and the "
                 "questions right (below). Which domain is the weakest, as a share of its "
                 "questions, and in which band of the course's model does it fall (Above Target "
                 "80 % or more, Target 65 %, Below Target 50 %, Needs Improvement under 50 %)?",
            hints=["Compare shares, not counts: divide the questions right by the questions "
                   "asked in each domain.",
                   "The domain with the most wrong answers is not always the weakest: a domain "
                   "with more questions can miss more and still score a higher share."])

    def _details(self) -> str:
        rows = [[exam.DOMAIN_NAMES[d], n, r] for d, (n, r) in self.scores.items()]
        return markdown_table(["Domain", "Questions", "Right"], rows)

    def fields(self):
        bands = tuple((b.name, b.name) for b in exam.load_bands())
        return [Choice("domain", "Weakest domain",
                       tuple((exam.DOMAIN_NAMES[d], d) for d in _DOMAINS)),
                Choice("band", "Its band", bands)]

    def expected(self) -> dict[str, str]:
        weakest = min(self.scores, key=lambda d: self.scores[d][1] / self.scores[d][0])
        n, r = self.scores[weakest]
        return {"domain": weakest, "band": exam.band(100 * r / n)}

    def _grade(self, domain: str, band: str):
        right = self.expected()
        if domain == right["domain"] and band == right["band"]:
            n, r = self.scores[domain]
            return True, (f"{exam.DOMAIN_NAMES[domain]}: {r} of {n} = {100 * r / n:.0f} %, "
                          f"{band}."), None
        if domain != right["domain"]:
            most_wrong = max(self.scores, key=lambda d: self.scores[d][0] - self.scores[d][1])
            if domain == most_wrong:
                return False, "That domain has the most wrong answers, not the lowest share.", \
                    self.hints[1]
            return False, "That is not the weakest domain.", self.hints[0]
        return False, "Right domain; check its band against the cut-offs.", (
            "Work out its per cent right and compare it with 80, 65 and 50.")

    def _solution(self) -> Note:
        rows = [[exam.DOMAIN_NAMES[d], n, r, f"{100 * r / n:.1f} %", exam.band(100 * r / n)]
                for d, (n, r) in self.scores.items()]
        right = self.expected()
        return Note(markdown_table(["Domain", "Questions", "Right", "Per cent", "Band"], rows)
                    + f"\n\nThe weakest is **{exam.DOMAIN_NAMES[right['domain']]}**, "
                      f"**{right['band']}**.")


def masked(term: glossary.Term) -> str:
    """A term's definition with its own names hidden, so it does not give itself away.

    The term, its other names and an abbreviation in brackets in its name
    ("Schedule performance index (SPI)") are each replaced by ▢, whole
    words only, whatever the case.

    Examples
    --------
    >>> "SPI" not in masked(glossary.get_term("spi"))
    True
    """
    import re

    if not isinstance(term, glossary.Term):
        raise TypeError(f"term must be a glossary Term, got {type(term).__name__}")
    names = set(term.names)
    for name in term.names:
        short = re.search(r"\(([^)]+)\)\s*$", name)
        if short:
            names.add(short.group(1))
            names.add(name[:short.start()].strip())
    text = term.definition
    for name in sorted((n for n in names if n), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "▢", text, flags=re.IGNORECASE)
    return text


class WhichTerm(Exercise):
    """Name the glossary term from its definition."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "which_term")
        terms = [t for t in glossary.load_glossary() if t.related]
        self.term = terms[int(rng.integers(len(terms)))]
        by_id = {t.id: t for t in glossary.load_glossary()}
        others = [by_id[r] for r in self.term.related if r in by_id]
        pool = [t for t in glossary.load_glossary()
                if t.id != self.term.id and t not in others and t.lesson == self.term.lesson]
        extra = [pool[int(i)] for i in rng.permutation(len(pool))[:max(0, 3 - len(others))]]
        choices = [self.term, *others[:3], *extra][:4]
        order = rng.permutation(len(choices))
        self.choices = [choices[int(i)] for i in order]
        super().__init__(
            id="11.which_term", lesson="11", topic="glossary", title="Which term is it?",
            task="Which term does this definition describe? Its own name is hidden (▢), and "
                 "related terms are among the choices, as in the exam.\n\n> "
                 f"{masked(self.term)}",
            hints=["Search the glossary tool above for a key word of the definition.",
                   "The choices are related terms that learners mix up: look for the word in "
                   "the definition that only one of them fits."])

    def fields(self):
        return [Choice("term", "Term", tuple((t.term, t.id) for t in self.choices))]

    def expected(self) -> dict[str, str]:
        return {"term": self.term.id}

    def _grade(self, term: str):
        if term == self.term.id:
            return True, f"{self.term.term}.", None
        other = next(t for t in self.choices if t.id == term)
        return False, (f"Not {other.term}: it means {other.definition[:1].lower()}"
                       f"{other.definition[1:]}"), self.hints[1]

    def _solution(self) -> Note:
        return Note(f"**{self.term.term}**. {self.term.definition}")


def _give_aways() -> list[str]:
    """Terms whose masked definition still names them (the tests keep this empty)."""
    import re

    out = []
    for term in glossary.load_glossary():
        text = masked(term)
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)
               for n in term.names):
            out.append(term.id)
    return out
