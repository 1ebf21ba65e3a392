"""Exercises of Lesson 06, measuring success: SMART KPIs, service KPIs, RAG and benefits.

Every exercise draws its numbers (or its draft KPI) from the learner's seed,
and every answer it checks against comes from :mod:`implcourse.metrics`:
the SMART check (:func:`~implcourse.metrics.smart.smart_check`, a course
model), the KPI formulas (:mod:`implcourse.metrics.kpis`), the RAG rule of
the dashboard (:func:`~implcourse.metrics.dashboard.rag`) and the benefits
register with its post-implementation review
(:mod:`implcourse.metrics.benefits`).

All figures are **synthetic**: outage logs, survey answers, milestone counts
and the measured benefits are drawn from the seed around the CRM story of
``datasets/metrics/`` (see its README), so two learners get different
numbers. Per cent answers are typed in per cent in the answer form, while
``check`` takes them as fractions (0.75 for 75 %), as in the other lessons.

Examples
--------
>>> ex = KpiCalculations(seed=2)
>>> ex.check(**ex.expected()).correct
True
>>> [f.unit for f in ex.fields()]
['%', 'minutes', 'points', '%']
>>> print(ex.check(ex.expected()["availability"], "abc", 0, 0.5).message)
Downtime a month allows: type a number such as 1,250.5 (you entered 'abc')
>>> RagStatus(seed=1).check(**RagStatus(seed=1).expected()).correct
True
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..answers import Choice, MultiChoice, Number, Table, format_number
from ..metrics import benefits, dashboard, kpis, smart
from ..validation import check_int
from . import Exercise, Note, markdown_table, pct

__all__ = ["SmartRewrite", "KpiCalculations", "RagStatus", "BenefitRealisation"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _date(day: dt.date) -> str:
    """A date as the course writes it in prose: 30 September 2026."""
    return f"{day.day} {day:%B %Y}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ==========================================================================
# 1. SMART check and rewrite of a vague KPI
# ==========================================================================

#: The SMART definitions of ``kpi_definitions.yml`` the exercise starts from.
_SMART_BASES = ("adoption", "availability", "csat", "mttr")
#: Vague ways to write each measure (each uses a word of smart.VAGUE_WORDS).
_VAGUE_MEASURES = {
    "adoption": ("Improve usage of the new CRM", "More sellers use the CRM"),
    "availability": ("The CRM should be up as much as possible", "High uptime of the CRM"),
    "csat": ("Users are more satisfied with the new system", "Happy CRM users"),
    "mttr": ("Better incident handling", "Improve how fast incidents are fixed"),
}
#: Options that name no date, no owner or no objective: the field stays empty.
_NO_DEADLINE = ("When the CRM has settled down", "No end date: reviewed every month")
_NO_OWNER = ("Everyone who uses the CRM", "The project team, jointly")
_NO_OBJECTIVE = ("Every project needs KPIs", "The steering committee asked for one")
_NO_BASELINE = "Not measured: we will find out after go-live"
#: The parts of the rewrite, in the form's order: (field name, label on screen).
_PARTS = (("measure", "Measure"), ("target", "Target"), ("baseline", "Baseline"),
          ("deadline", "Deadline"), ("owner", "Owner"), ("objective", "Objective it serves"))
#: The values of a part's three options, in the order they are listed (shuffled per seed).
_VALUES = ("a", "b", "c")


def _smart_numbers(rng: np.random.Generator, kpi: str) -> tuple[float, float]:
    """A seeded baseline and target that the course's achievable rule accepts
    (the change is at most half the baseline and a percentage stays within 0-100)."""
    if kpi == "adoption":
        baseline = float(rng.integers(55, 71))
        return baseline, float(min(95, baseline + rng.integers(10, 26)))
    if kpi == "availability":
        return float(rng.choice([99.0, 99.2, 99.5, 99.7])), float(rng.choice([99.9, 99.95]))
    if kpi == "csat":
        baseline = float(rng.integers(60, 76))
        return baseline, baseline + float(rng.integers(5, 16))
    baseline = float(rng.integers(28, 41))  # mttr, hours: lower is better
    return baseline, float(round(baseline * rng.uniform(0.6, 0.85)))


class SmartRewrite(Exercise):
    """(a) Rewrite a draft KPI part by part; (b) tick the SMART criteria the draft fails.

    The draft is built from one of the SMART KPIs of
    ``datasets/metrics/kpi_definitions.yml`` with a seeded baseline and target:
    two to four of its parts are blurred (a vague measure, a missing target
    or data source, no owner or an impossible target, no objective, no
    deadline). Both parts are graded by
    :func:`~implcourse.metrics.smart.smart_check`. In the rewrite every part
    (measure, target, baseline, deadline, owner, objective) is one choice of
    three options, whose labels are the option texts themselves; exactly one
    combination passes all five criteria, and each other option fails at
    least one criterion, which the feedback names. Options that name nobody,
    no date or no objective leave that field of the definition empty,
    because that is what they amount to.

    The options' values are ``"a"``, ``"b"`` and ``"c"`` in the order they
    are listed (shuffled per seed); ``check`` takes a value or the option's
    text. The draft is the data under the task (:meth:`_details`), shown once.

    The six choices come first in the form: an untouched tick list is a valid
    answer ("fails none"), so a choice is what an empty form names.

    Examples
    --------
    >>> ex = SmartRewrite(seed=4)
    >>> ex.check(**ex.expected()).correct
    True
    >>> [f.label for f in ex.fields()]  # doctest: +NORMALIZE_WHITESPACE
    ['Measure', 'Target', 'Baseline', 'Deadline', 'Owner', 'Objective it serves',
     'Criteria the draft fails']
    >>> ex.fields()[1].options[0][0]
    'As high as possible'
    >>> ex.check(**dict(ex.expected(), target="As high as possible")).correct
    False
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "smart_rewrite")
        self.kpi = str(rng.choice(_SMART_BASES))
        base = smart.get_definition(self.kpi)
        baseline, target = _smart_numbers(rng, self.kpi)
        self.right = base.model_copy(update={"baseline": baseline, "target": target,
                                             "evidence": None, "kind": None})
        lower = self.kpi == "mttr"
        unit = base.unit or ""
        vague = str(rng.choice(_VAGUE_MEASURES[self.kpi]))
        if unit.startswith("%"):
            impossible = 100.0 + float(rng.choice([5, 10, 20]))
        else:
            impossible = float(round(baseline * rng.uniform(0.15, 0.35)))
        # options per part: (label, changes to the right definition); the first is right
        options = {
            "measure": [
                (f"“{base.measure}”, in {unit}, from {base.data_source}", {}),
                (f"“{vague}”, in {unit}, from {base.data_source}", {"measure": vague}),
                (f"“{base.measure}”, in {unit}; the data source is agreed later",
                 {"data_source": None})],
            "target": [
                (f"{self._amount(target)}", {}),
                ("As low as possible" if lower else "As high as possible", {"target": None}),
                (f"{self._amount(impossible)} (a stretch goal)", {"target": impossible})],
            "baseline": [
                (f"{self._amount(baseline)} (last quarter's figure)", {}),
                (_NO_BASELINE, {"baseline": None}),
                (f"{self._amount(0)} (we count from zero)", {"baseline": 0.0})],
            "deadline": [
                (_date(base.deadline), {}),
                *((text, {"deadline": None}) for text in _NO_DEADLINE)],
            "owner": [(base.owner, {}), *((text, {"owner": None}) for text in _NO_OWNER)],
            "objective": [(base.objective, {}),
                          *((text, {"objective": None}) for text in _NO_OBJECTIVE)],
        }
        # shuffle each part's options; remember where the right one went
        self.options: dict[str, list[tuple[str, dict]]] = {}
        self.answer: dict[str, str] = {}
        for part, _ in _PARTS:
            order = rng.permutation(3)
            self.options[part] = [options[part][i] for i in order]
            self.answer[part] = _VALUES[int(np.flatnonzero(order == 0)[0])]
        # the draft: blur two to four criteria of the right definition
        blur = set(rng.choice(list(smart.CRITERIA), size=int(rng.integers(2, 5)),
                              replace=False))
        changes: dict[str, object] = {}
        for criterion in [c for c in smart.CRITERIA if c in blur]:
            if criterion == "specific":
                changes["measure"] = vague
            elif criterion == "measurable":
                for name in [("target",), ("data_source",), ("baseline", "target")][
                        int(rng.integers(3))]:
                    changes[name] = None
            elif criterion == "achievable":
                if rng.random() < 0.5 or "target" in changes:
                    changes["owner"] = None
                else:
                    changes["target"] = impossible
            elif criterion == "relevant":
                changes["objective"] = None
            else:
                changes["deadline"] = None
        self.draft = self.right.model_copy(update=changes)
        if not smart.is_smart(self.right):  # the data changed under the exercise
            raise RuntimeError(f"The SMART KPI {self.kpi!r} no longer passes the SMART check")
        super().__init__(
            id="06.smart", lesson="06", topic="smart", title="SMART check and rewrite of a KPI",
            task=("A steering group drafted the KPI below for the CRM rollout. (a) Rewrite "
                  "it: for each part (measure, target, baseline, deadline, owner and the "
                  "objective it serves), choose the option that makes the KPI pass all five "
                  "SMART criteria, by the course's rules. Exactly one combination does. "
                  "(b) Then tick every criterion the draft, as written below, fails."),
            hints=["Specific: the measure says what is counted, with a unit, and no bare "
                   "'improve' or 'more'. Measurable: a baseline, a target and a data source. "
                   "Achievable: a named owner, and a target the baseline can reach. Relevant: "
                   "the objective it serves. Time-bound: a date.",
                   "Take one part at a time and ask of each option what it leaves missing or "
                   "vague: a missing date, a missing owner, a target that cannot be reached.",
                   "Step by step: for each of the five criteria apply its rule to the draft "
                   "and tick it if the rule fails. Specific: the measure names what is "
                   "counted, without vague words such as improve, better or more, and has a "
                   "unit. Measurable: it has a number for the baseline, a number for the "
                   "target and a data source. Achievable: an owner is named, and the change "
                   "from baseline to target is at most half of the baseline (a baseline of "
                   "zero makes any change unlimited), and a percentage target lies between "
                   "zero and a hundred. Relevant: it names the objective or benefit it "
                   "serves. Time-bound: it has a date. Then, for each part of the rewrite, "
                   "keep the option that passes every rule and reject the ones that leave a "
                   "field empty or break a rule."])

    def _amount(self, value: float) -> str:
        unit = self.right.unit or ""
        return f"{value:g} %" if unit.startswith("%") else f"{value:g} {unit}"

    def _details(self) -> str:
        """The draft KPI, part by part, as written (the data the task works on)."""
        d = self.draft
        none = "*(none given)*"
        rows = [["Name", d.name], ["Measure", f"“{d.measure}”"],
                ["Unit", d.unit or none],
                ["Baseline", none if d.baseline is None else self._amount(d.baseline)],
                ["Target", none if d.target is None else self._amount(d.target)],
                ["Deadline", none if d.deadline is None else _date(d.deadline)],
                ["Owner", d.owner or none], ["Data source", d.data_source or none],
                ["Objective it serves", d.objective or none]]
        return markdown_table(["Part of the draft KPI", "As written"], rows)

    def _text(self, part: str, value: str) -> str:
        """The option text of ``value`` ("a", "b" or "c") for ``part``."""
        return self.options[part][_VALUES.index(value)][0]

    def fields(self) -> list:
        parts = [Choice(part, label, tuple((text, value) for (text, _), value in
                                           zip(self.options[part], _VALUES)))
                 for part, label in _PARTS]
        criteria = MultiChoice("fails", "Criteria the draft fails",
                               tuple((label, key) for key, label in smart.CRITERIA.items()),
                               note="Tick every criterion the draft fails.")
        return [*parts, criteria]

    def expected(self) -> dict[str, object]:
        return {**self.answer, "fails": self.draft_failures()}

    def draft_failures(self) -> list[str]:
        """The criteria the draft fails, from :func:`smart.smart_check`."""
        return [c.criterion for c in smart.smart_check(self.draft) if not c.passed]

    def definition(self, choice: Mapping[str, str]) -> smart.KpiDefinition:
        """The KPI the chosen options spell out: ``choice`` maps each part (``"measure"``,
        ``"target"``, ...) to its option's value, ``"a"``, ``"b"`` or ``"c"``."""
        changes: dict[str, object] = {}
        for part, _ in _PARTS:
            changes.update(self.options[part][_VALUES.index(choice[part])][1])
        return self.right.model_copy(update=changes)

    def _failing(self, part: str, value: str) -> list[smart.Criterion]:
        """What fails when only this part's option differs from the right one."""
        choice = dict(self.answer, **{part: value})
        return [c for c in smart.smart_check(self.definition(choice)) if not c.passed]

    def _grade(self, measure: str, target: str, baseline: str, deadline: str, owner: str,
               objective: str, fails: Sequence[str]):
        choice = {"measure": measure, "target": target, "baseline": baseline,
                  "deadline": deadline, "owner": owner, "objective": objective}
        want = self.draft_failures()
        ticked = set(fails)
        labels = smart.CRITERIA
        notes, hints = [], []
        rewritten = [c for c in smart.smart_check(self.definition(choice)) if not c.passed]
        if rewritten:
            for part, label in _PARTS:
                if choice[part] == self.answer[part]:
                    continue
                failing = self._failing(part, choice[part])
                notes.append(f"(a) {label}: your choice fails "
                             f"{_join([c.label for c in failing])}: {failing[0].reason}")
            hints.append(self.hints[1])
        else:
            notes.append("(a) is right: the rewrite passes all five criteria.")
        misjudged = [c for c in labels if (c in want) != (c in ticked)]
        if misjudged:
            notes.append(f"(b) Not yet: look again at {labels[misjudged[0]]}.")
            hints.append(self.hints[0])
        elif rewritten:
            notes.append("(b) is right.")
        if not hints:
            return True, (f"Your rewrite passes all five criteria, and the draft fails "
                          f"{_join([labels[c] for c in want])}."), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        rows = [[c.label, "passes" if c.passed else "**fails**", c.reason]
                for c in smart.smart_check(self.draft)]
        chosen = [[label, f"**{self._text(part, self.answer[part])}**"]
                  for part, label in _PARTS]
        return Note("**(a)** The rewrite that passes all five criteria:\n\n"
                    + markdown_table(["Part", "Choose"], chosen)
                    + "\n\nEvery other option leaves a field empty (no target, date, owner, "
                      "source or objective), keeps a vague word, or asks for a change the "
                      "baseline cannot support."
                    + "\n\n**(b)** The SMART check of the draft (course rules):\n\n"
                    + markdown_table(["Criterion", "Draft", "Why"], rows))


# ==========================================================================
# 2. Service and user KPIs from small logs
# ==========================================================================

#: Availability targets whose allowed downtime the exercise asks for, per cent.
_TARGETS = (99.5, 99.8, 99.9, 99.95, 99.99)


def _apart(values: Sequence[float], gap: float) -> bool:
    """Whether every two values differ by more than ``gap``."""
    ordered = sorted(values)
    return all(b - a > gap for a, b in zip(ordered, ordered[1:]))


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B}"


def _minutes(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return (end - start).total_seconds() / 60


class KpiCalculations(Exercise):
    """Availability, allowed downtime, NPS and on-time delivery from small seeded logs.

    Answers come from :func:`kpis.availability`, :func:`kpis.allowed_downtime`
    (30-day month), :func:`kpis.nps` and :func:`kpis.on_time_delivery`.

    Examples
    --------
    >>> ex = KpiCalculations(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "kpi_calc")
        year, month = 2026, int(rng.integers(1, 13))
        self.window_start = pd.Timestamp(year, month, 1)
        self.window_end = self.window_start + pd.offsets.MonthBegin(1)
        days = self.window_start.days_in_month
        # outages inside the window: distinct days, start times on the quarter hour
        inside = []
        for day in sorted(rng.choice(np.arange(2, days), size=3, replace=False)):
            start = self.window_start + pd.Timedelta(days=int(day) - 1, hours=int(
                rng.integers(6, 20)), minutes=15 * int(rng.integers(4)))
            inside.append((start, start + pd.Timedelta(minutes=int(rng.integers(6, 91)))))
        # one that crosses a window edge and one entirely outside (the month before)
        crossing = int(rng.integers(10, 50))
        if rng.random() < 0.5:
            edge = self.window_start
        else:
            edge = self.window_end
        cross = (edge - pd.Timedelta(minutes=crossing),
                 edge + pd.Timedelta(minutes=int(rng.integers(10, 50))))
        before = self.window_start - pd.Timedelta(days=int(rng.integers(3, 20)),
                                                  hours=int(rng.integers(1, 12)))
        # longer than any part of the crossing outage, so the two slips never coincide
        outside = (before, before + pd.Timedelta(minutes=int(rng.integers(55, 121))))
        self.outages = sorted([*inside, cross, outside])
        self.target = float(rng.choice(_TARGETS))
        # survey: at least one promoter, passive and detractor, and the slips' answers
        # apart from each other and from the right one (so feedback can name the slip)
        pools = (np.array([9, 10]), np.array([7, 8]), np.arange(0, 7))
        while True:
            n = int(rng.integers(10, 21))
            groups = rng.choice(3, size=n, p=[0.45, 0.3, 0.25])
            groups[:3] = [0, 1, 2]
            rng.shuffle(groups)
            pro, pas, det = (int(np.sum(groups == g)) for g in range(3))
            if _apart([(pro - det) / n * 100, (pro - det - pas) / n * 100,
                       (pro + pas - det) / n * 100, pro / n * 100, pro - det], 0.5):
                break
        self.scores = [int(rng.choice(pools[g])) for g in groups]
        # milestones due by the status date: on time, late, overdue; and not yet due
        while True:
            self.on_time = int(rng.integers(4, 12))
            self.late = int(rng.integers(1, 5))
            self.overdue = int(rng.integers(0, 3))
            self.not_due = int(rng.integers(2, 7))
            due = self.on_time + self.late + self.overdue
            slips = [self.on_time / due, (self.on_time + self.late) / due,
                     self.on_time / (due + self.not_due)]
            if self.overdue:
                slips.append(self.on_time / (self.on_time + self.late))
            if _apart(slips, 0.005):
                break
        super().__init__(
            id="06.kpi_calc", lesson="06", topic="service", title="KPIs from small logs",
            task=(f"The service window is the whole of {self.window_start:%B %Y}, 24x7 (from "
                  f"{_day(self.window_start)} 00:00 up to {_day(self.window_end)} 00:00). "
                  "From the data below compute: (1) the availability in the window, in per "
                  "cent to three decimals (within ±0.001 percentage points); (2) the "
                  f"minutes of downtime a {self.target:g} % target allows in a 30-day month, "
                  "to two decimals (within ±0.01 minutes); (3) the NPS of the survey answers, "
                  "to one decimal (within ±0.1 points); (4) on-time delivery of the "
                  "milestones, in per cent to one decimal (within ±0.1 percentage points)."),
            hints=["Availability = (agreed service time − downtime) / agreed service time × "
                   "a hundred; only the part of an outage inside the window counts.",
                   "A thirty-day month has thirty times twenty-four times sixty minutes. NPS "
                   "is the per cent of promoters (nine or ten) minus the per cent of "
                   "detractors (zero to six). On-time delivery counts only milestones due by "
                   "the status date.",
                   "Step by step: (1) clip each outage to the window (drop one outside it, cut "
                   "one that crosses an edge), add the minutes, subtract them from the "
                   "window's minutes (days in the month × twenty-four × sixty), divide by "
                   "the window's minutes and multiply by a hundred. (2) Allowed downtime = "
                   "(one − target / a hundred) × minutes in a thirty-day month. (3) Count "
                   "promoters (nine or ten) and detractors (zero to six) among all answers; "
                   "passives (seven or eight) count in the total only; NPS = (promoters − "
                   "detractors) / answers × a hundred. (4) On-time delivery = milestones met "
                   "on time / milestones due by the status date × a hundred; a late or "
                   "unfinished milestone is due but not met, one not yet due is left out."])

    # -- answers from the core ------------------------------------------------------------

    def availability(self) -> kpis.Availability:
        """Availability over the window, from :func:`kpis.availability`."""
        return kpis.availability(self.outages, self.window_start, self.window_end)

    def allowed(self) -> float:
        """Minutes the target allows in a 30-day month, :func:`kpis.allowed_downtime`."""
        return kpis.allowed_downtime(self.target, "month")

    def due(self) -> int:
        """Milestones due by the status date."""
        return self.on_time + self.late + self.overdue

    def expected(self) -> dict[str, float]:
        return {"availability": self.availability().percent / 100,
                "allowed": self.allowed(),
                "nps": kpis.nps(self.scores),
                "on_time": kpis.on_time_delivery(self.due(), self.on_time) / 100}

    # -- showing --------------------------------------------------------------------------

    def _details(self) -> str:
        log = [[i, f"{s:%Y-%m-%d %H:%M}", f"{e:%Y-%m-%d %H:%M}"]
               for i, (s, e) in enumerate(self.outages, start=1)]
        scores = ", ".join(str(s) for s in self.scores)
        miles = [["due by the status date, met on time", self.on_time],
                 ["due by the status date, met late", self.late],
                 ["due by the status date, not finished yet", self.overdue],
                 ["planned after the status date (not due yet)", self.not_due]]
        return ("**Outage log** (times local):\n\n"
                + markdown_table(["#", "outage start", "outage end"], log)
                + f"\n\n**Survey answers** (0-10, how likely to recommend the CRM), "
                  f"{len(self.scores)} answers: {scores}\n\n**Milestones**\n\n"
                + markdown_table(["milestones", "count"], miles))

    def fields(self) -> list[Number]:
        return [Number("availability", "Availability in the window", unit="%", percent=True,
                       minimum=0, maximum=1, decimals=3),
                Number("allowed", "Downtime a month allows", unit="minutes", minimum=0,
                       decimals=2),
                Number("nps", "NPS", unit="points", minimum=-100, maximum=100, decimals=1),
                Number("on_time", "On-time delivery", unit="%", percent=True, minimum=0,
                       maximum=1, decimals=1)]

    # -- grading --------------------------------------------------------------------------

    def _availability_slip(self, value: float) -> tuple[str, str] | None:
        a = self.availability()
        window = a.window_minutes
        full = sum(_minutes(s, e) for s, e in self.outages)
        inside = [(max(s, self.window_start), min(e, self.window_end)) for s, e in self.outages]
        clipped = sum(max(0.0, _minutes(s, e)) for s, e in inside)
        touching = sum(_minutes(s, e) for s, e in self.outages
                       if e > self.window_start and s < self.window_end)
        tol = 1e-5
        if abs(value - (window - full) / window) <= tol:
            return ("You counted every outage in full, also the time outside the window.",
                    "Only minutes inside the window count: drop an outage outside it and cut "
                    "one that crosses the window's edge.")
        if abs(value - (window - touching) / window) <= tol:
            return ("The outage that crosses the window's edge was counted in full.",
                    "Cut that outage at the window's edge: only its minutes inside count.")
        if abs(value - (window - clipped - (full - touching)) / window) <= tol:
            return ("The outage outside the window was counted.",
                    "An outage before the window starts is not downtime of this window.")
        month30 = 30 * 24 * 60
        if window != month30 and abs(value - (month30 - clipped) / month30) <= tol:
            return ("The downtime is right, but the window is not a thirty-day month.",
                    "Count the minutes of this calendar month: its days × twenty-four × "
                    "sixty.")
        if abs(100 * value - a.percent / 100) <= tol:
            return ("That looks like a fraction typed in the per cent box.",
                    "The box takes per cent: multiply a fraction by a hundred first.")
        return None

    def _allowed_slip(self, value: float) -> tuple[str, str] | None:
        share = 1 - self.target / 100
        tol = 0.01
        if abs(value - share * 31 * 24 * 60) <= tol:
            return ("That uses a 31-day month.",
                    "The task asks for a thirty-day month.")
        for days in (365 / 12, 365.25 / 12, 30.44):
            if abs(value - share * days * 24 * 60) <= tol:
                return ("That uses an average month (a twelfth of a year).",
                        "The task asks for a thirty-day month; an average month gives a "
                        "slightly larger figure.")
        if abs(value - self.allowed() / 60) <= tol / 60 + 1e-9:
            return ("That is in hours; the box takes minutes.",
                    "Multiply hours by sixty.")
        return None

    def _nps_slip(self, value: float) -> tuple[str, str] | None:
        b = kpis.nps_breakdown(self.scores)
        n = b.responses
        tol = 0.1
        if abs(value - (b.promoters - b.detractors - b.passives) / n * 100) <= tol:
            return ("The passives were counted as detractors.",
                    "Passives (seven or eight) count in the total but in neither group.")
        if abs(value - (b.promoters + b.passives - b.detractors) / n * 100) <= tol:
            return ("Sevens and eights were counted as promoters.",
                    "Only nine and ten are promoters; seven and eight are passives.")
        if abs(value - b.promoters / n * 100) <= tol:
            return ("That is the per cent of promoters among all answers, not the NPS.",
                    "Subtract the per cent of detractors from the per cent of promoters.")
        if abs(value - (b.promoters - b.detractors)) <= tol:
            return ("That is promoters minus detractors as a count.",
                    "Turn each count into a per cent of all answers first.")
        if abs(value - (b.promoters - b.detractors) / n) <= tol / 100 and n > 1:
            return ("That is the NPS as a fraction; NPS is given in points.",
                    "Multiply the fraction by a hundred.")
        return None

    def _on_time_slip(self, value: float) -> tuple[str, str] | None:
        tol = 0.001
        due = self.due()
        if abs(value - (self.on_time + self.late) / due) <= tol:
            return ("The late milestones were counted as met.",
                    "A milestone finished after its planned date is due but not met on time.")
        if abs(value - self.on_time / (due + self.not_due)) <= tol:
            return ("The milestones not due yet were counted.",
                    "Leave out milestones planned after the status date.")
        if self.overdue and abs(value - self.on_time / (self.on_time + self.late)) <= tol:
            return ("The unfinished milestones were left out.",
                    "A milestone due but not finished counts as due and not met.")
        if abs(100 * value - self.expected()["on_time"]) <= tol:
            return ("That looks like a fraction typed in the per cent box.",
                    "The box takes per cent: multiply a fraction by a hundred first.")
        return None

    def _grade(self, availability: float, allowed: float, nps: float, on_time: float):
        want = self.expected()
        checks = [("availability", availability, 1e-5, self._availability_slip, 0,
                   "Availability"),
                  ("allowed", allowed, 0.01, self._allowed_slip, 1, "Allowed downtime"),
                  ("nps", nps, 0.1, self._nps_slip, 1, "NPS"),
                  ("on_time", on_time, 0.001, self._on_time_slip, 1, "On-time delivery")]
        wrong = []
        for name, value, tol, slip, hint_index, label in checks:
            if abs(value - want[name]) <= tol + 1e-12:
                continue
            found = slip(value)
            if found:
                wrong.append((f"{label}: {found[0]}", found[1]))
            else:
                wrong.append((f"{label} is not right yet.", self.hints[hint_index]))
        if not wrong:
            a = self.availability()
            return True, (f"Availability {a.percent:.3f} %, {format_number(self.allowed(), 2)} "
                          f"minutes allowed a month, NPS {want['nps']:.1f}, on-time delivery "
                          f"{pct(want['on_time'])}."), None
        right = 4 - len(wrong)
        message = f"{right} of 4 right. " + " ".join(text for text, _ in wrong)
        return False, message, wrong[0][1]

    def _solution(self) -> Note:
        a = self.availability()
        rows = []
        for i, (s, e) in enumerate(self.outages, start=1):
            cs, ce = max(s, self.window_start), min(e, self.window_end)
            inside = max(0.0, _minutes(cs, ce))
            rows.append([i, f"{_minutes(s, e):g}", f"{inside:g}"])
        b = kpis.nps_breakdown(self.scores)
        share = 1 - self.target / 100
        return Note(
            markdown_table(["outage", "minutes in all", "minutes in the window"], rows)
            + f"\n\n**(1)** Window {a.window_minutes:,.0f} minutes, downtime "
              f"{a.downtime_minutes:g} minutes: ({a.window_minutes:,.0f} − "
              f"{a.downtime_minutes:g}) / {a.window_minutes:,.0f} × 100 = "
              f"**{a.percent:.3f} %**."
            + f"\n\n**(2)** (1 − {self.target:g}/100) × 43,200 = {share:.4f} × 43,200 = "
              f"**{format_number(self.allowed(), 2)} minutes**."
            + f"\n\n**(3)** {b.promoters} promoters, {b.passives} passives, {b.detractors} "
              f"detractors of {b.responses}: ({b.promoters} − {b.detractors}) / "
              f"{b.responses} × 100 = **{b.nps:.1f}**."
            + f"\n\n**(4)** Due: {self.on_time} + {self.late} + {self.overdue} = {self.due()}; "
              f"met on time {self.on_time}: {self.on_time} / {self.due()} × 100 = "
              f"**{pct(self.expected()['on_time'])}**.")


# ==========================================================================
# 6. RAG status of a few KPIs
# ==========================================================================

_RAG_OPTIONS = (("Green", "green"), ("Amber", "amber"), ("Red", "red"))


def _worse_on_boundary(value: float, t: dashboard.Threshold) -> str:
    """The status a learner gives who lets a value on a threshold take the worse colour."""
    if value == t.green:
        return "amber"
    if value == t.amber:
        return "red"
    return dashboard.rag(value, t.green, t.amber, t.higher_is_better)


def _with_unit(value: float, t: dashboard.Threshold) -> str:
    """A KPI value with its unit; an NPS is a plain score."""
    return f"{value:g}" if t.unit == "score" else f"{value:g} {t.unit}"


class RagStatus(Exercise):
    """Set the RAG status of five KPIs of the dashboard from their values and thresholds.

    Thresholds are the dashboard's defaults (``datasets/metrics/thresholds.yml``);
    the values are drawn from the seed: at least one KPI where lower is
    better, one where higher is better, and one value exactly on a threshold.
    Graded by :func:`implcourse.metrics.dashboard.rag`.

    Examples
    --------
    >>> ex = RagStatus(seed=3)
    >>> len(ex.kpis), ex.check(**ex.expected()).correct
    (5, True)
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "rag")
        table = dashboard.load_thresholds()
        higher = [k for k, t in table.items() if t.higher_is_better]
        lower = [k for k, t in table.items() if not t.higher_is_better]
        picked = [str(rng.choice(higher)), str(rng.choice(lower))]
        rest = [k for k in table if k not in picked]
        picked += [str(k) for k in rng.choice(rest, size=3, replace=False)]
        picked = [k for k in table if k in picked]  # the dashboard's order
        on_edge = int(rng.integers(len(picked)))
        self.kpis = picked
        self.values: list[float] = []
        for i, kpi in enumerate(picked):
            t = table[kpi]
            if i == on_edge:
                self.values.append(float(t.green if rng.random() < 0.5 else t.amber))
                continue
            self.values.append(self._draw(rng, t))
        super().__init__(
            id="06.rag", lesson="06", topic="dashboard", title="RAG status of the dashboard",
            task=("Set the RAG status of each KPI from its value and the dashboard's "
                  "thresholds. Read each KPI's direction: for some, higher is better, for "
                  "others, lower is better. Use the course's convention for a value exactly "
                  "on a threshold."),
            hints=["Higher is better: green at or above the green threshold, amber at or "
                   "above the amber one, red below. Lower is better: the other way round.",
                   "A value exactly on a threshold takes the better colour.",
                   "Step by step, for each KPI: first read its direction. If higher is "
                   "better, it is green when the value is at least the green threshold, else "
                   "amber when it is at least the amber threshold, else red. If lower is "
                   "better, it is green when the value is at most the green threshold, else "
                   "amber when it is at most the amber threshold, else red. A value equal to "
                   "a threshold counts as reaching it, so it takes the better colour."])

    @staticmethod
    def _draw(rng: np.random.Generator, t: dashboard.Threshold) -> float:
        """A value in a seeded band (green, amber or red), never on a threshold."""
        gap = abs(t.green - t.amber)
        step = 1.0 if t.unit == "defects" or gap >= 10 else 0.01 if gap < 1 else 0.1
        band = int(rng.integers(3))
        sign = 1 if t.higher_is_better else -1
        if band == 0:    # green: beyond the green threshold
            value = t.green + sign * gap * rng.uniform(0.05, 0.8)
        elif band == 1:  # amber: between the thresholds
            value = t.amber + sign * gap * rng.uniform(0.1, 0.9)
        else:            # red: short of the amber threshold
            value = t.amber - sign * gap * rng.uniform(0.1, 1.5)
        value = round(round(value / step) * step, 2)
        if t.unit.startswith("%") and t.id != "budget_variance":
            value = min(value, 100.0)
        if value in (t.green, t.amber):
            value = round(value + sign * step, 2)
        return float(value)

    def thresholds(self) -> list[dashboard.Threshold]:
        table = dashboard.load_thresholds()
        return [table[k] for k in self.kpis]

    def _row(self, t: dashboard.Threshold, value: float) -> str:
        direction = "higher is better" if t.higher_is_better else "lower is better"
        return (f"{t.label}: {_with_unit(value, t)} (green threshold {t.green:g}, amber threshold "
                f"{t.amber:g}; {direction})")

    def fields(self) -> list[Table]:
        status = Choice("status", "Status", _RAG_OPTIONS)
        rows = tuple(self._row(t, v) for t, v in zip(self.thresholds(), self.values))
        return [Table("statuses", "Status", rows=rows, column=status)]

    def expected(self) -> dict[str, list[str]]:
        return {"statuses": [dashboard.rag(v, t.green, t.amber, t.higher_is_better)
                             for t, v in zip(self.thresholds(), self.values)]}

    def _grade(self, statuses: Sequence[str]):
        want = self.expected()["statuses"]
        given = list(statuses)
        wrong = [i for i, (g, w) in enumerate(zip(given, want)) if g != w]
        n = len(want)
        if not wrong:
            return True, f"All {n} statuses are right.", None
        notes, hints = [], []
        for i in wrong:
            t, value = self.thresholds()[i], self.values[i]
            hints.append(self.hints[0])
            if value in (t.green, t.amber) and given[i] == _worse_on_boundary(value, t):
                notes.append(f"{t.label}: the value sits exactly on a threshold, and a value "
                             f"on a threshold takes the better colour.")
                hints[-1] = self.hints[1]
            elif {given[i], want[i]} == {"green", "red"}:
                better = "higher" if t.higher_is_better else "lower"
                notes.append(f"{t.label}: green and red are swapped; for this KPI {better} "
                             f"is better.")
            else:
                notes.append(f"{t.label}: compare the value with both thresholds again.")
        return False, f"{n - len(wrong)} of {n} are right. " + " ".join(notes), hints[0]

    def _solution(self) -> Note:
        rows = []
        for t, value, status in zip(self.thresholds(), self.values,
                                    self.expected()["statuses"]):
            if t.higher_is_better:
                rule = f"green ≥ {t.green:g}, amber ≥ {t.amber:g}"
            else:
                rule = f"green ≤ {t.green:g}, amber ≤ {t.amber:g}"
            rows.append([t.label, _with_unit(value, t), rule, f"**{status.capitalize()}**"])
        return Note(markdown_table(["KPI", "value", "rule", "status"], rows)
                    + "\n\nA value exactly on a threshold reaches it and takes the better "
                      "colour.")


# ==========================================================================
# 7. Benefit realisation and the post-implementation review
# ==========================================================================

_QUARTERS = ("2026-Q1", "2026-Q2")
#: The actions a register's position calls for (course wording); "pm" is the classic slip.
_ACTIONS = ("ahead", "on_track", "behind", "pm")


#: Things a post-implementation review does not set out to judge (course wording).
_NOT_REVIEWED = (
    "Each project team member's personal performance rating for the year",
    "Whether the CRM supplier's share price rose after go-live",
    "How many lines of configuration the integrator wrote",
    "Which team went live first, to award it a prize",
    "The number of status meetings held during the project",
)


def _benefit_name(key: str) -> str:
    return key.replace("_", " ").capitalize()


class BenefitRealisation(Exercise):
    """Percent of a benefit realised to date, the action it calls for, and a PIR question.

    The extract shows two or three benefits of the CRM benefits register
    (:func:`benefits.load_benefits_register`) with their planned amounts
    (computed from the business case) and **synthetic, seeded** measured
    amounts. The percent realised, its status and its position come from
    :func:`benefits.realisation`; the review question from
    :func:`benefits.post_implementation_review`.

    Examples
    --------
    >>> ex = BenefitRealisation(seed=5)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "benefits")
        register = benefits.load_benefits_register()
        keys = list(dict.fromkeys(register["benefit"]))
        count = int(rng.integers(2, 4))
        self.benefits = [str(k) for k in rng.choice(keys, size=count, replace=False)]
        self.asked = self.benefits[int(rng.integers(count))]
        self.quarter = str(rng.choice(_QUARTERS))
        upto = pd.Period(self.quarter.replace("-", ""), freq="Q")
        extract = register[register["benefit"].isin(self.benefits)
                           & (register["quarter"] <= upto)].copy()
        extract.attrs = register.attrs
        # seeded measured amounts: a level per benefit, noise per quarter, rounded to 100
        for _ in range(50):  # redraw while the per cent sits within 1 point of a rule's edge
            levels = {k: float(rng.choice([rng.uniform(0.55, 0.86), rng.uniform(0.92, 1.08),
                                           rng.uniform(1.14, 1.35)])) for k in self.benefits}
            measured = [round(p * levels[k] * rng.uniform(0.93, 1.07), -2)
                        for k, p in zip(extract["benefit"], extract["planned"])]
            extract["measured"] = measured
            table = benefits.realisation(extract, self.quarter).set_index("benefit")
            percent = float(table.loc[self.asked, "percent"])
            edges = (extract.attrs["rag"]["green"], extract.attrs["rag"]["amber"],
                     benefits.AHEAD_FROM)
            if all(abs(percent - e) >= 1 for e in edges):
                break
        self.extract = extract.reset_index(drop=True)
        self.result = table
        pir = benefits.post_implementation_review()
        self.pir_question, self.pir_options, self.pir_answer = self._pir(rng, pir)
        self.owner = str(table.loc[self.asked, "owner"])
        self.rule = (float(extract.attrs["rag"]["green"]), float(benefits.AHEAD_FROM))
        super().__init__(
            id="06.benefits", lesson="06", topic="benefits",
            title="Benefit realisation and the review",
            task=(f"The extract of the benefits register below runs to {self.quarter} (amounts "
                  f"in GBP; planned from the business case, measured figures synthetic). "
                  f"(1) What per cent of the planned "
                  f"{_benefit_name(self.asked).lower()} benefit has been realised to date, "
                  "to one decimal (within ±0.1 percentage points)? (2) What should happen "
                  "next, by the register's rule (on track from "
                  f"{self.rule[0]:g} % of plan, ahead of plan above {self.rule[1]:g} %)? "
                  "(3) Answer the question on the post-implementation review."),
            hints=["Realised to date = measured to date / planned to date, both added up "
                   "over every quarter so far, in per cent.",
                   "Benefits belong to the business: each has an owner outside the project, "
                   "who reports to the sponsor. The project team has usually been released "
                   "by the time most benefits arrive.",
                   "Step by step: (1) add up the measured amounts of the benefit over all "
                   "quarters so far, add up its planned amounts over the same quarters, "
                   "divide the measured sum by the planned sum and multiply by a hundred. "
                   "(2) Compare that per cent with the register's rule: behind plan below "
                   "the green threshold, on track from it, ahead of plan above the upper "
                   "limit; the benefit owner, not the project manager, acts on it. (3) The "
                   "review is held once the service has settled after hypercare; the sponsor "
                   "accepts it, and each role signs off the figures it owns."])

    # -- the review question --------------------------------------------------------------

    @staticmethod
    def _pir(rng: np.random.Generator, pir) -> tuple[str, tuple, str]:
        kind = str(rng.choice(["who", "what", "when"]))
        if kind == "who":
            i = int(rng.integers(len(pir.sign_off)))
            does = pir.sign_off[i].does
            question = f"Who, at the review, does this: “{does}”?"
            options = tuple((s.role, f"role{j}") for j, s in enumerate(pir.sign_off))
            return question, options, f"role{i}"
        if kind == "what":
            i = int(rng.integers(len(pir.measures)))
            wrong = rng.choice(len(_NOT_REVIEWED), size=3, replace=False)
            options = [(pir.measures[i].what, "measure"),
                       *((_NOT_REVIEWED[j], f"not{j}") for j in wrong)]
            order = rng.permutation(len(options))
            question = "Which of these does the post-implementation review check?"
            return question, tuple(options[k] for k in order), "measure"
        review = next((t for t in pir.timing if "review" in t.event.lower()
                       and "implementation" in t.event.lower()), None)
        settled = next((t for t in pir.timing if "hypercare" in t.event.lower()), None)
        if review is None or settled is None:
            raise RuntimeError("pir.yml needs a 'Post-implementation review' and a "
                               "'Hypercare ends' event")
        months = round((review.when - settled.when).days / 30.44)
        others = [t for t in pir.timing if t is not review]
        options = [(f"{_date(t.when)}, at “{t.event.lower()}”", f"event{j}")
                   for j, t in enumerate(others)]
        options.append((f"{_date(review.when)}, about {months} months after "
                        f"“{settled.event.lower()}”, once use has settled", "review"))
        order = rng.permutation(len(options))
        question = "When is the post-implementation review of the CRM rollout held?"
        return question, tuple(options[i] for i in order), "review"

    # -- answers from the core ------------------------------------------------------------

    def percent(self) -> float:
        """Per cent realised to date of the asked benefit, from :func:`benefits.realisation`."""
        return float(self.result.loc[self.asked, "percent"])

    def position(self) -> str:
        return str(self.result.loc[self.asked, "position"])

    def action(self) -> str:
        return {"ahead of plan": "ahead", "on track": "on_track",
                "behind plan": "behind"}[self.position()]

    def expected(self) -> dict[str, object]:
        return {"percent": self.percent() / 100, "action": self.action(),
                "pir": self.pir_answer}

    # -- showing --------------------------------------------------------------------------

    def _details(self) -> str:
        rows = [[_benefit_name(r.benefit), r.owner, benefits.quarter_label(r.quarter),
                 format_number(r.planned), format_number(r.measured)]
                for r in self.extract.itertuples()]
        return (markdown_table(["benefit", "owner", "quarter", "planned (GBP)",
                                "measured (GBP)"], rows)
                + f"\n\n**Review question.** {self.pir_question}")

    def fields(self) -> list:
        owner = self.owner
        actions = Choice("action", "What happens next", (
            (f"Ahead of plan: {owner}, the benefit owner, confirms the figures and the "
             "forecast is raised at the next benefits review", "ahead"),
            (f"On track: {owner} keeps measuring and reports at the next benefits review",
             "on_track"),
            (f"Behind plan: {owner}, the benefit owner, explains the gap and proposes "
             "actions for the sponsor to decide", "behind"),
            ("Behind plan: the project manager reopens the project to recover the benefit",
             "pm")))
        return [Number("percent", f"Realised to date ({_benefit_name(self.asked).lower()})",
                       unit="%", percent=True, minimum=0, decimals=1),
                actions,
                Choice("pir", "Post-implementation review", self.pir_options)]

    # -- grading --------------------------------------------------------------------------

    def _percent_slip(self, value: float) -> tuple[str, str] | None:
        part = self.extract[self.extract["benefit"] == self.asked]
        last = part.iloc[-1]
        tol = 0.001
        want = self.percent() / 100
        if abs(value - last["measured"] / last["planned"]) <= tol:
            return ("That is the last quarter alone; the question asks to date.",
                    "Add up every quarter so far, measured and planned, before dividing.")
        if abs(value - part["planned"].sum() / part["measured"].sum()) <= tol:
            return ("That is planned over measured, the wrong way up.",
                    "Divide what was measured by what was planned.")
        if abs(value - float(self.result.loc["total", "percent"]) / 100) <= tol \
                and len(self.benefits) > 1:
            return ("That is all the benefits of the extract together.",
                    "Use only the rows of the benefit the question names.")
        if abs(100 * value - want) <= tol:
            return ("That looks like a fraction typed in the per cent box.",
                    "The box takes per cent: multiply a fraction by a hundred first.")
        return None

    def _grade(self, percent: float, action: str, pir: str):
        want = self.expected()
        notes, hint = [], None
        if abs(percent - want["percent"]) > 0.001 + 1e-12:
            slip = self._percent_slip(percent)
            notes.append(f"(1) {slip[0]}" if slip else "(1) The per cent realised is not "
                                                       "right yet.")
            hint = slip[1] if slip else self.hints[0]
        if action != want["action"]:
            if action == "pm":
                notes.append("(2) The project manager does not own a benefit: the benefit "
                             "owner does, and the sponsor decides.")
                hint = hint or self.hints[1]
            elif not notes:
                notes.append(f"(2) At {pct(want['percent'])} of plan the benefit is "
                             f"{self.position()}.")
                hint = hint or ("Compare the per cent with the rule in the task: on track "
                                "from the green threshold, ahead above the upper limit.")
            else:
                notes.append("(2) The action does not match the benefit's position yet.")
        if pir != want["pir"]:
            notes.append("(3) Not that one: look again at what the review is for.")
            hint = hint or self.hints[2]
        if not notes:
            return True, (f"{pct(want['percent'])} realised to date: "
                          f"{self.position()}; and the review answer is right."), None
        return False, " ".join(notes), hint

    def _solution(self) -> Note:
        part = self.extract[self.extract["benefit"] == self.asked]
        planned, measured = part["planned"].sum(), part["measured"].sum()
        label = dict((v, k) for k, v in self.fields()[1].options)[self.action()]
        pir_label = dict((v, k) for k, v in self.pir_options)[self.pir_answer]
        m, p = format_number(measured), format_number(planned)
        return Note(f"**(1)** Measured to date {m} GBP, planned to date {p} GBP: "
                    f"{m} / {p} × 100 = **{pct(self.percent() / 100)}**.\n\n"
                    f"**(2)** That is **{self.position()}**: {label}.\n\n"
                    f"**(3)** {self.pir_question} **{pir_label}**.")
