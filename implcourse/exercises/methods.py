"""Exercises of Lesson 02, delivery approaches: Scrum terms, choosing an approach,
release forecasts, Little's law, SAP Activate and Boehm and Turner's home ground.

Every exercise draws its task from the learner's seed, and every answer it
checks against comes from :mod:`implcourse.methods` and its data
(``datasets/methods/``): the Scrum profile's accountabilities, events,
artefacts and commitments, the synthetic cases and
:func:`~implcourse.methods.assess_suitability`,
:func:`~implcourse.methods.release_forecast`,
:func:`~implcourse.methods.littles_law`, SAP Activate's phases and
:func:`~implcourse.methods.home_ground`. The feedback names the usual slips
(dividing by the wrong end of a velocity range, rounding sprints down,
multiplying in Little's law, a majority taken for a home ground, ...).

Examples
--------
>>> ex = ReleaseForecast(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> [(f.label, f.unit) for f in ex.fields()]
[('Fewest sprints (best case)', 'sprints'), ('Most sprints (plan on this)', 'sprints')]
>>> print(ex.check("abc", 3).message)
Fewest sprints (best case): type a number such as 1,250.5 (you entered 'abc')
"""

from __future__ import annotations

import math
import statistics
import zlib
from collections.abc import Sequence

import numpy as np

from .. import lifecycle
from ..answers import Choice, MultiChoice, Number, Ordering, Table, format_number
from ..methods import (assess_suitability, get_profile, get_vendor_method, home_ground,
                       home_ground_factors, littles_law, load_cases, release_forecast,
                       suitability_questions, vendor_phase_table)
from ..methods.home_ground import FACTOR_LABELS, FACTORS, MIDPOINT
from ..methods.suitability import ZONES, load_zone_bands, zone_of
from ..validation import check_int
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["ScrumTerms", "ChooseApproach", "ReleaseForecast", "LittlesLaw", "VendorPhases",
           "HomeGround", "scrum_guide_terms", "NOT_IN_GUIDE"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _right_of(given: Sequence, expected: Sequence) -> list[int]:
    """The positions where ``given`` differs from ``expected`` (same length)."""
    return [i for i, (g, e) in enumerate(zip(given, expected)) if g != e]


# --------------------------------------------------------------------------
# 1. Scrum terms
# --------------------------------------------------------------------------

#: The classes of the ScrumTerms table: (label, value).
SCRUM_KINDS = (("Accountability", "accountability"), ("Event", "event"),
               ("Artefact", "artefact"), ("Commitment", "commitment"),
               ("Not defined by the Scrum Guide", "not_in_guide"))
_KIND_LABEL = dict((value, label) for label, value in SCRUM_KINDS)

#: Terms teams use that the 2020 Scrum Guide does not define, each with why not.
#: Sources: K. Schwaber and J. Sutherland, *The Scrum Guide*, November 2020,
#: https://scrumguides.org/scrum-guide.html (the three accountabilities; every
#: Sprint makes a usable Increment; burn-downs named only as one optional way
#: to forecast progress; nothing on velocity or story points); Scrum.org,
#: "Scrum Guide Updates" (2011): release planning and the release burndown
#: were taken out of the Guide in July 2011.
NOT_IN_GUIDE: dict[str, str] = {
    "Project manager": "the Guide names three accountabilities (Product Owner, Scrum Master, "
                       "Developers) and no project manager; managing the work is shared "
                       "among them",
    "Release planning meeting": "release planning was taken out of the Guide in its 2011 "
                                "revision; teams may still plan releases, but it is not a "
                                "Scrum event",
    "Burndown chart": "the Guide mentions burn-downs only as one optional way to forecast "
                      "progress; it is a practice many teams use, not an artefact",
    "Velocity": "velocity is a practice many teams use for planning, but the Guide does not "
                "define it",
    "Sprint 0": "the Guide knows no set-up sprint: every Sprint aims at a usable Increment",
    "Story points": "story points are one way of sizing work; the Guide leaves the sizing "
                    "technique to the Developers",
}

_PROFILE_FIELDS = (("accountability", "roles"), ("event", "cadence"), ("artefact", "artefacts"),
                   ("commitment", "commitments"))


def _term(text: str) -> str:
    """The term at the head of a profile entry: 'The Sprint, a fixed ...' -> 'Sprint'."""
    head = text.split(",")[0].split(" (")[0].strip()
    return head[4:] if head.startswith("The ") else head


def scrum_guide_terms() -> dict[str, str]:
    """The Scrum Guide's terms by kind, read from the Scrum profile of
    ``datasets/methods/profiles.yml`` (its accountabilities, events, artefacts
    and commitments, each entry starting with the term).

    Examples
    --------
    >>> terms = scrum_guide_terms()
    >>> terms["Sprint"], terms["Developers"], terms["Definition of Done"]
    ('event', 'accountability', 'commitment')
    >>> len(terms)
    14
    """
    profile = get_profile("scrum")
    return {_term(text): kind for kind, name in _PROFILE_FIELDS
            for text in getattr(profile, name)}


def _scrum_slip(term: str, right: str, given: str) -> str | None:
    """What a recognised slip on ``term`` (classed ``given``, not ``right``) means."""
    if right == "not_in_guide":
        return NOT_IN_GUIDE[term][0].upper() + NOT_IN_GUIDE[term][1:] + "."
    if given == "not_in_guide":
        if term == "Developers":
            return ("The 2020 Guide names the Developers as one of its three accountabilities "
                    "(the word replaced the Development Team).")
        return f"{term} is defined by the Guide itself."
    if term == "Sprint":
        return "The Sprint itself is an event: the container that holds all the other events."
    if right == "commitment" and given == "artefact":
        return (f"{term} is not an artefact but the commitment that goes with one: the goal "
                "or standard the artefact is measured against.")
    if right == "artefact" and given == "commitment":
        return (f"{term} is an artefact; it carries a commitment of its own, but is not one.")
    if right == "event" and given == "artefact":
        return f"{term} is something the team holds in a time-box, not a thing it produces."
    if right == "accountability":
        return f"{term} is one of the three accountabilities of the Scrum Team."
    return None


class ScrumTerms(Exercise):
    """Classify six terms as a Scrum Guide accountability, event, artefact or
    commitment, or as not defined by the Guide.

    Examples
    --------
    >>> ex = ScrumTerms(seed=1)
    >>> len(ex.terms), ex.check(ex.expected()["kinds"]).correct
    (6, True)
    >>> print(ex.check(["event"]).message)
    Kind in the Scrum Guide: give one answer for each of the 6 rows (you gave 1)
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "scrum_terms")
        guide = scrum_guide_terms()
        by_kind = {kind: sorted(t for t, k in guide.items() if k == kind)
                   for kind, _ in _PROFILE_FIELDS}
        outside = sorted(NOT_IN_GUIDE)
        # One term of each kind, one the Guide does not define, then one more of any.
        chosen = [str(rng.choice(terms)) for terms in by_kind.values()]
        chosen.append(str(rng.choice(outside)))
        rest = [t for t in sorted(guide) + outside if t not in chosen]
        chosen.append(str(rng.choice(rest)))
        self.terms = [chosen[i] for i in rng.permutation(len(chosen)).tolist()]
        self.answer = [guide.get(t, "not_in_guide") for t in self.terms]
        super().__init__(
            id="02.scrum_terms", lesson="02", topic="scrum", title="Scrum Guide terms",
            task="For each term, choose what it is in the Scrum Guide (November 2020): an "
                 "accountability, an event, an artefact or a commitment; or choose 'Not "
                 "defined by the Scrum Guide' for a practice or role the Guide does not "
                 "define.",
            hints=["The 2020 Guide defines three accountabilities, five events, three "
                   "artefacts and one commitment for each artefact. Everything else is a "
                   "practice a team may add.",
                   "Useful practices are not Guide terms: ask whether the Guide itself "
                   "defines the term, not whether Scrum teams often use it.",
                   "Step by step, ask of each term: is it who answers for something (an "
                   "accountability)? A time-boxed occasion to inspect and adapt (an event, "
                   "and the container of the others counts too)? Something that makes work "
                   "or value visible (an artefact)? The goal or standard an artefact is "
                   "measured against (a commitment)? If the Guide does not define it at "
                   "all, it is not a Guide term, however common it is."])

    def _details(self) -> str:
        return numbered_list(self.terms)

    def fields(self) -> list[Table]:
        kind = Choice("kind", "Kind in the Scrum Guide", SCRUM_KINDS)
        return [Table("kinds", "Kind in the Scrum Guide", rows=tuple(self.terms), column=kind)]

    def expected(self) -> dict[str, list[str]]:
        return {"kinds": list(self.answer)}

    def _grade(self, kinds: Sequence[str]):
        given = list(kinds)
        wrong = _right_of(given, self.answer)
        n = len(self.terms)
        if not wrong:
            return True, f"All {n} terms classified correctly.", None
        first = wrong[0]
        term = self.terms[first]
        slip = _scrum_slip(term, self.answer[first], given[first])
        hint = (f"Row {first + 1}, {term}: {slip}" if slip
                else f"Look again at row {first + 1}. " + self.hints[0])
        return False, f"{n - len(wrong)} of {n} are right.", hint

    def _solution(self) -> Note:
        rows = []
        for i, (term, kind) in enumerate(zip(self.terms, self.answer), start=1):
            why = NOT_IN_GUIDE[term] if kind == "not_in_guide" else "defined in the Guide"
            rows.append([i, term, f"**{_KIND_LABEL[kind]}**", why])
        return Note(markdown_table(["#", "term", "kind", "why"], rows)
                    + "\n\nThe 2020 Guide: accountabilities Product Owner, Scrum Master and "
                      "Developers; events the Sprint, Sprint Planning, Daily Scrum, Sprint "
                      "Review and Sprint Retrospective; artefacts Product Backlog, Sprint "
                      "Backlog and Increment, with their commitments Product Goal, Sprint "
                      "Goal and Definition of Done.")


# --------------------------------------------------------------------------
# 2. Choosing an approach with the suitability filter
# --------------------------------------------------------------------------

_ZONE_OPTIONS = (("Agile", "agile"), ("Hybrid", "hybrid"), ("Predictive", "predictive"))


def _bands_text() -> str:
    return ", ".join(f"{b.zone} {b.low} to {b.high}" for b in load_zone_bands())


class ChooseApproach(Exercise):
    """Read a case's nine suitability answers: the fit zone and the mismatches.

    Examples
    --------
    >>> ex = ChooseApproach(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    >>> print(ex.check("waterfall", []).message)
    Fit zone: choose one of Agile, Hybrid, Predictive (you gave 'waterfall')
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "choose_approach")
        cases = load_cases()
        self.case = cases[int(rng.integers(len(cases)))]
        self.questions = suitability_questions()
        super().__init__(
            id="02.choose_approach", lesson="02", topic="suitability",
            title="Choose a delivery approach",
            task=f"Case: {self.case.title} (synthetic). The table gives the nine answers of "
                 "the agile suitability filter (1 = agile end, 10 = predictive end). Using "
                 f"the course's bands ({_bands_text()}) and its rule (the fit is the band of "
                 "the median answer), choose the fit zone and tick the questions whose "
                 "answers are mismatches.",
            hints=["Put the nine answers in order: the fit is the band of the one in the "
                   "middle, not of the average and not of the band with most answers.",
                   "A mismatch is any answer whose band differs from the fit's band, on "
                   "either side, including an answer in the middle band when the fit is at "
                   "one end.",
                   "Step by step: sort the nine answers from low to high; the fifth is the "
                   "median; its band is the fit. Then go through the questions one by one "
                   "and tick each answer whose own band is not the fit's band. Each "
                   "mismatch is a risk to manage, not a reason to change the fit."])

    def result(self):
        """The core's reading of the case (:func:`assess_suitability`)."""
        return assess_suitability(self.case.answers)

    def _details(self) -> str:
        rows = [[i, q["group_name"], q["label"], self.case.answers[q["id"]]]
                for i, q in enumerate(self.questions, start=1)]
        return (self.case.context + "\n\n"
                + markdown_table(["#", "group", "question", "answer (1 to 10)"], rows))

    def fields(self) -> list:
        options = tuple((q["label"], q["id"]) for q in self.questions)
        return [Choice("fit", "Fit zone", _ZONE_OPTIONS),
                MultiChoice("mismatches", "Mismatches (answers outside the fit)", options,
                            note="Tick every question whose answer lies outside the fit's "
                                 "band; none, if all lie in it.")]

    def expected(self) -> dict[str, object]:
        result = self.result()
        return {"fit": result.fit, "mismatches": [m.question for m in result.mismatches]}

    def _zone_slip(self, fit: str) -> str:
        result = self.result()
        values = list(self.case.answers.values())
        mean = statistics.fmean(values)
        most = max(ZONES, key=lambda z: result.zone_counts[z])
        if fit == self.case.recommendation.approach and self.case.override:
            return ("That is the approach the case finally recommends, which departs from "
                    "the filter on purpose. The question asks what the filter itself reads.")
        if fit == zone_of(math.floor(mean + 0.5)):
            return ("That is the band of the average answer. The rule uses the median, "
                    "which one extreme answer cannot drag.")
        if fit == most and list(result.zone_counts.values()).count(result.zone_counts[most]) == 1:
            return ("That is the band holding the most answers. The rule uses the median: "
                    "the middle answer once they are sorted.")
        return f"The fit is not {fit}."

    def _grade(self, fit: str, mismatches: Sequence[str]):
        result = self.result()
        want = [m.question for m in result.mismatches]
        ticked = list(mismatches)
        labels = {q["id"]: q["label"] for q in self.questions}
        if fit != result.fit:
            mine = [q["id"] for q in self.questions
                    if zone_of(self.case.answers[q["id"]]) != fit]
            extra = (" Your mismatches do fit the zone you chose, so fix the zone first."
                     if ticked == mine else "")
            return False, self._zone_slip(fit) + extra, self.hints[0]
        if ticked == want:
            listed = ", ".join(labels[q] for q in want) or "none"
            note = (" The case's final recommendation departs from the filter; the worked "
                    "solution says why." if self.case.override else "")
            return (True, f"Fit {result.fit} (median answer {result.median}); mismatches: "
                          f"{listed}.{note}", None)
        inside = [q for q in ticked if q not in want]
        missed = [q for q in want if q not in ticked]
        if inside:
            q = inside[0]
            return (False, f"The fit is right. {labels[q]} ({self.case.answers[q]}) lies in "
                           "the fit's own band, so it is not a mismatch.", self.hints[1])
        q = missed[0]
        middle = [m for m in missed if zone_of(self.case.answers[m]) == "hybrid"]
        if middle and result.fit != "hybrid":
            return (False, f"The fit is right, but {len(missed)} mismatch(es) are missing: "
                           "an answer in the middle band is a mismatch too when the fit is "
                           "at one end.", self.hints[1])
        return (False, f"The fit is right, but {len(missed)} mismatch(es) are missing.",
                self.hints[1])

    def _solution(self) -> Note:
        result = self.result()
        ordered = sorted(self.case.answers.values())
        lines = [f"Sorted answers: {', '.join(map(str, ordered))}; the fifth (the median) is "
                 f"**{result.median}**, in the {result.fit} band ({_bands_text()}), so the "
                 f"fit is **{result.fit}**."]
        if result.mismatches:
            rows = [[m.label, m.answer, m.zone, m.direction, m.risk] for m in result.mismatches]
            lines.append("Mismatches, each a risk to manage:\n\n"
                         + markdown_table(["question", "answer", "band", "side", "risk"], rows))
        else:
            lines.append("**No mismatches**: every answer lies in the fit's band.")
        if self.case.override:
            lines.append(f"The case recommends **{self.case.recommendation.approach}** all the "
                         f"same: {' '.join(self.case.override.split())}")
        lines.append("The bands and the median rule are the course's model of the Agile "
                     "Practice Guide's filter (2017, Annex X3); the result starts a "
                     "conversation, it does not decide.")
        return Note("\n\n".join(lines))


# --------------------------------------------------------------------------
# 3. Release forecast from a velocity range
# --------------------------------------------------------------------------

class ReleaseForecast(Exercise):
    """Fewest and most sprints for a backlog at the two ends of a velocity range.

    Examples
    --------
    >>> ex = ReleaseForecast(seed=0)
    >>> want = ex.expected()
    >>> print(ex.check(want["most"], want["fewest"]).message[:22])
    The ends are swapped:
    >>> ex.check(**want).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "release_forecast")
        for _ in range(1000):
            backlog = int(rng.integers(80, 401))
            low = int(rng.integers(8, 31))
            high = low + int(rng.integers(4, 13))
            if self._distinct(backlog, low, high):
                break
        else:  # pragma: no cover - a draw fits within a few tries
            raise RuntimeError("no practice forecast found")
        self.backlog, self.velocity_low, self.velocity_high = backlog, low, high
        super().__init__(
            id="02.release_forecast", lesson="02", topic="forecasting",
            title="Release forecast from a velocity range",
            task=f"The product backlog holds {backlog} story points. The team's velocity "
                 f"ranges from {low} to {high} points per sprint. In how many sprints, at the "
                 "fewest and at the most, will the team finish the backlog? Give whole "
                 "sprints, exactly.",
            hints=["Velocity varies, so forecast with both ends of the range: one end gives "
                   "the best case, the other the case to plan a commitment on.",
                   "Sprints needed = backlog ÷ velocity, and a part-filled sprint still takes "
                   "a whole sprint.",
                   "Step by step: divide the backlog by the high velocity and round up to a "
                   "whole sprint: that is the fewest; divide it by the low velocity and round "
                   "up: that is the most. Round up even when the division is only just above "
                   "a whole number, because the last, part-filled sprint still has to run. "
                   "Do not average the two velocities: the range itself is the forecast."])

    @staticmethod
    def _distinct(backlog: int, low: int, high: int) -> bool:
        """Every slip gives its own numbers, none equal to a right answer."""
        mean = (low + high) / 2
        values = [math.ceil(backlog / high), math.ceil(backlog / low),
                  math.floor(backlog / high), math.floor(backlog / low)]
        averaged = {math.ceil(backlog / mean), math.floor(backlog / mean)}
        return (len(set(values)) == 4 and min(values) >= 1
                and not averaged & set(values))

    def forecast(self):
        """The core's forecast (:func:`release_forecast`)."""
        return release_forecast(self.backlog, self.velocity_low, self.velocity_high)

    def fields(self) -> list[Number]:
        return [Number("fewest", "Fewest sprints (best case)", unit="sprints", minimum=0,
                       decimals=0),
                Number("most", "Most sprints (plan on this)", unit="sprints", minimum=0,
                       decimals=0)]

    def expected(self) -> dict[str, int]:
        f = self.forecast()
        return {"fewest": f.fewest_sprints, "most": f.most_sprints}

    def _slip(self, value: float, own: float, other: float) -> tuple[str, str] | None:
        """A recognised slip for a value meant to be ceil(backlog / own)."""
        b, mean = self.backlog, (self.velocity_low + self.velocity_high) / 2
        if value != int(value):
            if abs(value - b / mean) < 0.05 and abs(value - b / own) >= 0.05:
                return ("That divides by the average velocity, and leaves a fraction of a "
                        "sprint.", "Use each end of the range, not their average, and give "
                                   "whole sprints.")
            return ("Sprints are whole: a part-filled sprint still takes a whole sprint.",
                    "Round the division up to the next whole sprint.")
        if value == math.ceil(b / other):
            return ("That divides by the wrong end of the range: the high velocity gives the "
                    "fewest sprints, the low velocity the most.", self.hints[0])
        if value == math.floor(b / own):
            return ("That rounds down: the work left after the last full sprint still needs "
                    "a sprint of its own, so round up.", "Round the division up, never down.")
        if value in (math.ceil(b / mean), math.floor(b / mean)):
            return ("That divides by the average velocity: the forecast uses both ends of the "
                    "range, not a single figure between them.", self.hints[0])
        return None

    def _grade(self, fewest: float, most: float):
        want = self.expected()
        low, high = self.velocity_low, self.velocity_high
        if fewest == want["fewest"] and most == want["most"]:
            return (True, f"{want['fewest']} to {want['most']} sprints: plan a commitment on "
                          f"the {want['most']}.", None)
        if fewest == want["most"] and most == want["fewest"]:
            return (False, "The ends are swapped: dividing by the high velocity gives the "
                           "fewest sprints, by the low velocity the most.", self.hints[0])
        for value, right, own, other, label in ((fewest, want["fewest"], high, low, "fewest"),
                                                (most, want["most"], low, high, "most")):
            if value == right:
                continue
            slip = self._slip(value, own, other)
            if slip:
                return False, f"The {label} sprints: {slip[0]}", slip[1]
            return (False, f"{format_number(value)} is not the {label} number of sprints.",
                    self.hints[1])
        raise AssertionError("unreachable")  # pragma: no cover

    def _solution(self) -> Note:
        f = self.forecast()
        b, low, high = self.backlog, self.velocity_low, self.velocity_high
        return Note(f"Fewest: {b} ÷ {high} = {b / high:.2f}, rounded up to "
                    f"**{f.fewest_sprints} sprints** (best case). Most: {b} ÷ {low} = "
                    f"{b / low:.2f}, rounded up to **{f.most_sprints} sprints** (plan a "
                    "commitment on this). Each is rounded up because the last, part-filled "
                    "sprint still runs (Cohn, *Agile Estimating and Planning*, 2005, "
                    "ch. 13 and 16).")


# --------------------------------------------------------------------------
# 4. Little's law
# --------------------------------------------------------------------------

#: What Little's law is solved for: field label, unit.
_FLOW = {"cycle_time": ("Average cycle time", "days"),
         "wip": ("Average WIP", "items"),
         "throughput": ("Average throughput", "items per day")}
_TOLERANCE = 0.05


def _lower(label: str) -> str:
    """'Average WIP' -> 'average WIP' (an acronym keeps its capitals)."""
    return label[0].lower() + label[1:]


class LittlesLaw(Exercise):
    """Little's law: two of average WIP, throughput and cycle time given, the third asked.

    Examples
    --------
    >>> ex = LittlesLaw(seed=2)
    >>> ex.check(**ex.expected()).correct
    True
    >>> ex.asked in ("cycle_time", "wip", "throughput")
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "littles_law")
        self.asked = str(rng.choice(list(_FLOW)))
        for _ in range(1000):
            throughput = float(rng.choice([0.5, 1.5, 2.0, 2.5, 3.0, 4.0]))
            cycle_time = float(rng.integers(4, 41)) / 2
            wip = throughput * cycle_time
            self.given = {"wip": wip, "throughput": throughput, "cycle_time": cycle_time}
            del self.given[self.asked]
            values = sorted([self.answer(), *self._slips().values()])
            if all(b - a > 4 * _TOLERANCE for a, b in zip(values, values[1:])):
                break
        else:  # pragma: no cover
            raise RuntimeError("no practice values found")
        label, unit = _FLOW[self.asked]
        parts = {"wip": f"an average of {format_number(self.given.get('wip', 0))} items in "
                        "progress",
                 "throughput": f"an average throughput of "
                               f"{format_number(self.given.get('throughput', 0))} items per "
                               "day",
                 "cycle_time": f"an average cycle time of "
                               f"{format_number(self.given.get('cycle_time', 0))} days"}
        known = " and ".join(parts[k] for k in self.given)
        super().__init__(
            id="02.littles_law", lesson="02", topic="kanban", title="Little's law",
            task=f"Over the last quarter a support team's Kanban board was stable, with "
                 f"{known}. What was its {_lower(label)}, in {unit}? Give it to two decimal "
                 f"places; answers within ±{_TOLERANCE} {unit} are accepted.",
            hints=["Little's law ties three averages of a stable system together: work in "
                   "progress, throughput and cycle time.",
                   "Let the units guide you: items ÷ (items per day) gives days; (items per "
                   "day) × days gives items; items ÷ days gives items per day.",
                   "Step by step: write average cycle time = average WIP ÷ average "
                   "throughput; rearrange it for the quantity asked (WIP = throughput × "
                   "cycle time, throughput = WIP ÷ cycle time); put in the two averages you "
                   "are given, in the same unit of time; then check that your result has the "
                   "unit asked for."])

    def answer(self) -> float:
        """The missing average, from :func:`littles_law`."""
        return littles_law(**self.given)

    def _slips(self) -> dict[str, float]:
        """The usual wrong combinations of the two given values."""
        g = self.given
        if self.asked == "cycle_time":
            return {"multiplied": g["wip"] * g["throughput"],
                    "inverted": g["throughput"] / g["wip"]}
        if self.asked == "throughput":
            return {"multiplied": g["wip"] * g["cycle_time"],
                    "inverted": g["cycle_time"] / g["wip"]}
        return {"divided": g["cycle_time"] / g["throughput"],
                "divided, the other way": g["throughput"] / g["cycle_time"]}

    def fields(self) -> list[Number]:
        label, unit = _FLOW[self.asked]
        return [Number("answer", label, unit=unit, minimum=0, decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"answer": self.answer()}

    def _grade(self, answer: float):
        value = answer
        want = self.answer()
        label, unit = _FLOW[self.asked]
        if abs(value - want) <= _TOLERANCE + 1e-9:
            return True, f"{label}: {format_number(want, 2)} {unit}.", None
        messages = {
            "multiplied": ("That multiplies the two values where Little's law divides: the "
                           "unit of the result shows it.",
                           "Work out the unit of your result: it must be " + unit + "."),
            "divided": ("That divides where Little's law multiplies: WIP = throughput × "
                        "cycle time.", self.hints[1]),
            "divided, the other way": ("That divides where Little's law multiplies: WIP = "
                                       "throughput × cycle time.", self.hints[1]),
            "inverted": ("That is Little's law upside down: the division is the wrong way "
                         "round.", "Work out the unit of your result: it must be "
                         + unit + "."),
        }
        for name, slip in self._slips().items():
            if abs(value - slip) <= _TOLERANCE + 1e-9:
                return False, messages[name][0], messages[name][1]
        return (False, f"{format_number(round(value, 4))} {unit} is not the "
                       f"{_lower(label)}.", self.hints[1])

    def _solution(self) -> Note:
        g, want = self.given, self.answer()
        label, unit = _FLOW[self.asked]
        show = {k: format_number(v) for k, v in g.items()}
        formula = {"cycle_time": f"cycle time = WIP ÷ throughput = {show.get('wip')} ÷ "
                                 f"{show.get('throughput')}",
                   "wip": f"WIP = throughput × cycle time = {show.get('throughput')} × "
                          f"{show.get('cycle_time')}",
                   "throughput": f"throughput = WIP ÷ cycle time = {show.get('wip')} ÷ "
                                 f"{show.get('cycle_time')}"}[self.asked]
        return Note(f"Little's law: {formula} = **{format_number(want, 2)} {unit}**. It holds "
                    "for averages over a period in which the board was stable (Little, 1961; "
                    "Vacanti, 2015), not for any single item.")


# --------------------------------------------------------------------------
# 5. SAP Activate's phases
# --------------------------------------------------------------------------

_SAP = "sap_activate"


class VendorPhases(Exercise):
    """Put SAP Activate's six phases in order and name the phase of the
    fit-to-standard workshops.

    Examples
    --------
    >>> ex = VendorPhases(seed=5)
    >>> ex.expected()["order"]
    ['Discover', 'Prepare', 'Explore', 'Realize', 'Deploy', 'Run']
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "vendor_phases")
        names = self.phase_names()
        order = rng.permutation(len(names)).tolist()
        if order == sorted(order):  # never start solved
            order = order[1:] + order[:1]
        self.start = [names[i] for i in order]
        super().__init__(
            id="02.vendor_phases", lesson="02", topic="vendor", title="The phases of SAP Activate",
            task="Move SAP Activate's six phases into their order, first at the top, and "
                 "choose the phase in which the fit-to-standard workshops are held.",
            hints=["Order them as lesson 01's phases are ordered: what must be known before "
                   "you can configure, and what comes after go-live?",
                   "Fit-to-standard workshops show the business the standard processes and "
                   "record only the gaps; those gaps become the backlog that is built "
                   "afterwards.",
                   # Five phases' work, deliberately out of order; the workshop phase is
                   # left out, so that this hint answers neither question outright.
                   "What five of the phases hold, in no particular order: Deploy, the "
                   "cut-over, go-live and hypercare; Discover, trying the product and "
                   "agreeing scope; Run, operating and improving the live system; Realize, "
                   "building and testing the solution in sprints; Prepare, setting up the "
                   "project, its team and its plan.",
                   "Step by step: beside each phase, write the lifecycle work it holds; "
                   "beside that work, write where it comes in the eight lifecycle phases of "
                   "the first lesson; then put the phases in the order of those positions. "
                   "Where two phases hold the same lifecycle work, the one that must be "
                   "finished before the other can start goes first. The workshops belong to "
                   "the phase that does the requirements work, before anything is built."])

    @staticmethod
    def phase_names() -> list[str]:
        """SAP Activate's phases in order, from ``datasets/methods/vendor_methods.yml``."""
        return [p.name for p in get_vendor_method(_SAP).phases]

    @staticmethod
    def workshop_phase() -> str:
        """The phase whose summary holds the fit-to-standard workshops."""
        (name,) = [p.name for p in get_vendor_method(_SAP).phases
                   if "fit-to-standard" in p.summary.lower()]
        return name

    def fields(self) -> list:
        options = tuple((name, name) for name in self.start)
        return [Ordering("order", "SAP Activate phases, first at the top", options),
                Choice("workshops", "Phase of the fit-to-standard workshops", options)]

    def expected(self) -> dict[str, object]:
        return {"order": self.phase_names(), "workshops": self.workshop_phase()}

    def _clue(self, name: str) -> str:
        """What the phase at a position does: the lesson 01 phases it holds, or (where
        two phases hold the same ones) its summary."""
        table = vendor_phase_table(_SAP)
        held = {row: tuple(c for c in table.columns if table.at[row, c] == "Yes")
                for row in table.index}
        if list(held.values()).count(held[name]) == 1:
            listed = "; ".join(f"'{phase}'" for phase in held[name])
            return f"the phase holding the work of lesson 01's {listed}"
        summary = next(p.summary for p in get_vendor_method(_SAP).phases if p.name == name)
        return "the phase in which " + summary[0].lower() + summary[1:].rstrip(".")

    def _grade(self, order: Sequence[str], workshops: str):
        want = self.expected()
        wrong = _right_of(list(order), want["order"])
        n = len(want["order"])
        right_phase = workshops == want["workshops"]
        if not wrong and right_phase:
            return (True, f"{' → '.join(want['order'])}; the fit-to-standard workshops are "
                          f"held in {want['workshops']}.", None)
        if wrong:
            first = wrong[0]
            phase_note = (" The workshop phase is right." if right_phase
                          else " The workshop phase is not right either.")
            return (False, f"{n - len(wrong)} of {n} phases are in the right place."
                    + phase_note,
                    f"Position {first + 1} should hold {self._clue(want['order'][first])}.")
        names = want["order"]
        if names.index(workshops) > names.index(want["workshops"]):
            message = (f"The order is right, but {workshops} comes too late for the "
                       "workshops: they decide what has to be built, so they come before "
                       "building starts.")
        else:
            message = (f"The order is right, but {workshops} comes too early for the "
                       "workshops: they need the project set up, with its team and a system "
                       "that shows the standard processes.")
        return False, message, self.hints[1]

    def _solution(self) -> Note:
        vendor = get_vendor_method(_SAP)
        names = {p.id: p.name for p in lifecycle.load_phases()}
        rows = [[i, f"**{p.name}**", p.summary, ", ".join(names[x] for x in p.lesson_phases)]
                for i, p in enumerate(vendor.phases, start=1)]
        return Note(markdown_table(["#", "phase", "what happens", "lesson 01 phases"], rows)
                    + f"\n\nThe fit-to-standard workshops are held in "
                      f"**{self.workshop_phase()}**: they validate the standard processes and "
                      "produce the backlog of gaps that the next phase builds in sprints. "
                      "(SAP Learning, \"Analyzing each phase of SAP Activate\"; the mapping "
                      "onto lesson 01's phases is the course's reading.)")


# --------------------------------------------------------------------------
# 6. Boehm and Turner's home ground
# --------------------------------------------------------------------------

_GROUNDS = (("Agile", "agile"), ("Plan-driven", "plan-driven"), ("Mixed", "mixed"))
_SHORT = {f: FACTOR_LABELS[f].split(" (")[0] for f in FACTORS}


def _factor_value(factor: str, text: str):
    """A scale point of :func:`home_ground_factors` as an argument of :func:`home_ground`."""
    if factor == "personnel":
        low, high = text.split("/")
        return (float(low), float(high))
    if factor == "criticality":
        return text
    if factor == "size":
        return int(text)
    return float(text)


class HomeGround(Exercise):
    """Boehm and Turner's five factors at seeded scale points: the home ground and
    the factors pulling towards plan-driven.

    Examples
    --------
    >>> ex = HomeGround(seed=4)
    >>> ex.check(**ex.expected()).correct
    True
    >>> sorted(ex.arguments)
    ['criticality', 'culture', 'dynamism', 'personnel', 'size']
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "home_ground")
        scales = {f["id"]: f["scale"] for f in home_ground_factors()}
        kind = str(rng.choice(["agile", "plan-driven", "mixed"], p=[0.25, 0.25, 0.5]))
        for _ in range(1000):
            if kind == "agile":
                index = rng.integers(0, 2, size=len(FACTORS))
            elif kind == "plan-driven":
                index = rng.integers(3, 5, size=len(FACTORS))
            else:
                index = rng.choice(5, size=len(FACTORS), p=[0.22, 0.22, 0.12, 0.22, 0.22])
            self.index = dict(zip(FACTORS, (int(i) for i in index)))
            self.arguments = {f: _factor_value(f, scales[f][i]) for f, i in self.index.items()}
            if self.result().home_ground == kind:
                break
        else:  # pragma: no cover
            raise RuntimeError("no practice factors found")
        self.scales = scales
        super().__init__(
            id="02.home_ground", lesson="02", topic="approaches",
            title="Boehm and Turner's home ground",
            task="A project's five factors are given below, with each axis's five scale "
                 "points from the centre of the chart (agile end) to its edge (plan-driven "
                 "end). Using the course's model (a factor beyond the middle scale point, "
                 "towards the edge, pulls plan-driven; inside it, agile; exactly on it, "
                 "neither; the home ground is agile or plan-driven only when all five "
                 "factors pull that way, mixed otherwise), choose the home ground and tick "
                 "the factors pulling towards plan-driven.",
            hints=["Compare each value with the middle of its axis's five scale points: on "
                   "the centre side the factor pulls agile, on the edge side plan-driven, "
                   "exactly on it neither.",
                   "Watch each axis's direction: for dynamism and culture the percentages "
                   "fall from the centre to the edge, so a high percentage is the agile end.",
                   "Step by step: for each factor, find the middle (third) scale point of its "
                   "axis; decide whether the value lies on the centre side, on the edge side "
                   "or exactly on it; tick the factors on the edge side. Then name the home "
                   "ground: agile if all five lie on the centre side, plan-driven if all "
                   "five lie on the edge side, mixed otherwise. A majority is not enough."])

    def result(self):
        """The core's reading (:func:`home_ground`)."""
        return home_ground(**self.arguments)

    def _details(self) -> str:
        values = self.result().values
        rows = [[_SHORT[f], values[f], " → ".join(self.scales[f])] for f in FACTORS]
        return markdown_table(["factor", "value", "scale points, centre (agile) to edge "
                                                  "(plan-driven)"], rows)

    def fields(self) -> list:
        return [Choice("home_ground", "Home ground", _GROUNDS),
                MultiChoice("plan_driven", "Factors pulling towards plan-driven",
                            tuple((_SHORT[f], f) for f in FACTORS),
                            note="Tick each factor on the edge side of its middle scale "
                                 "point; none, if no factor is.")]

    def expected(self) -> dict[str, object]:
        r = self.result()
        return {"home_ground": r.home_ground, "plan_driven": list(r.pulls_plan_driven)}

    def _factor_slip(self, factor: str, ticked: bool) -> str:
        r = self.result()
        name = _SHORT[factor]
        if factor in r.on_midpoint:
            return f"{name} sits exactly on its middle scale point, so it pulls neither way."
        if factor in ("dynamism", "culture"):
            what = {"dynamism": "requirements changing each month",
                    "culture": "people thriving on chaos"}[factor]
            return (f"{name}: on this axis the percentages fall from the centre to the edge; "
                    f"a high share of {what} is the agile end, a low share the plan-driven "
                    "end.")
        side = "centre" if ticked else "edge"
        return f"{name} lies on the {side} side of its middle scale point."

    def _grade(self, home_ground: str, plan_driven: Sequence[str]):
        r = self.result()
        ticked = list(plan_driven)
        want = list(r.pulls_plan_driven)
        if ticked != want:
            if ticked == list(r.pulls_agile) and ticked:
                return (False, "Those are the factors pulling towards agile: the centre of "
                               "the chart is the agile end, the edge the plan-driven end.",
                        self.hints[0])
            extra = [f for f in ticked if f not in want]
            missed = [f for f in want if f not in ticked]
            factor = (extra or missed)[0]
            right = len(FACTORS) - len(extra) - len(missed)
            return (False, f"{right} of {len(FACTORS)} factors judged right. "
                    + self._factor_slip(factor, bool(extra)), self.hints[-1])
        if home_ground != r.home_ground:
            if r.home_ground == "mixed" and home_ground == r.lean:
                message = ("The factors are right, but a majority is not enough: a home "
                           "ground needs all five factors pulling the same way.")
            elif r.home_ground == "mixed":
                message = ("The factors are right, but they do not all pull the same way.")
            elif home_ground == "mixed":
                message = ("The factors are right, and they all pull the same way: that is a "
                           "home ground, not a mixed case.")
            else:
                message = ("The factors are right, but the home ground is read the wrong way "
                           "round: the centre of the chart is the agile end.")
            return False, message, self.hints[-1]
        return True, r.summary(), None

    def _solution(self) -> Note:
        r = self.result()

        def pull(f: str) -> str:
            return ("plan-driven" if f in r.pulls_plan_driven else
                    "agile" if f in r.pulls_agile else "neither (on the midpoint)")

        rows = [[_SHORT[f], r.values[f], self.scales[f][2], f"{r.positions[f]:g}",
                 f"**{pull(f)}**"] for f in FACTORS]
        table = markdown_table(["factor", "value", "middle scale point", "position (1 to 5)",
                                "pulls"], rows)
        ticked = ", ".join(_SHORT[f] for f in r.pulls_plan_driven) or "none"
        return Note(f"{table}\n\nPosition {MIDPOINT:g} is the middle scale point. Factors "
                    f"pulling towards plan-driven: **{ticked}**. Home ground: "
                    f"**{r.home_ground}**"
                    + (f" (leaning {r.lean})" if r.home_ground == "mixed" else "")
                    + ". A mixed home ground is where Boehm and Turner balance the two "
                      "approaches by their risks (*Balancing Agility and Discipline*, 2003, "
                      "ch. 2); the rule used here is the course's model.")
