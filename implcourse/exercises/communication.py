"""Exercises of Lesson 07, sections 2 to 4: communication, client management and change.

Every exercise draws its numbers (or its scenario) from the learner's seed,
and every answer it checks against comes from the lesson's core:

* :class:`Channels`: the channel count n(n-1)/2
  (:func:`~implcourse.stakeholders.communication.communication_channels`), the
  communication methods (push, pull, interactive) and the channels that suit
  each lifecycle phase (:func:`~implcourse.stakeholders.communication.channels_by_phase`);
* :class:`ClientCheckIn`: the pre-implementation checklist
  (:func:`~implcourse.stakeholders.client.checklist_status`: blocking items
  first, then by the phase they are due before), CSAT and NPS with lesson
  06's :func:`~implcourse.metrics.kpis.csat` and :func:`~implcourse.metrics.kpis.nps`,
  and the feedback loop (:func:`~implcourse.stakeholders.client.feedback_loop`);
* :class:`AdkarBarrier`: the ADKAR barrier point
  (:func:`~implcourse.stakeholders.change.adkar_barrier`, Prosci's "first
  element scoring 3 or less"), the action that builds that element
  (:func:`~implcourse.stakeholders.change.adkar_elements`) and the order of
  Kotter's eight steps (:func:`~implcourse.stakeholders.change.kotter_steps`).

Team sizes, checklist progress, survey answers and ADKAR scores are
**synthetic**, drawn from the seed around the course's ERP case. Per cent
answers are typed in per cent in the answer form, while ``check`` takes them
as fractions (0.75 for 75 %), as in the other lessons.

Examples
--------
>>> ex = Channels(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> [f.label for f in ex.fields()][:3]  # doctest: +ELLIPSIS
['Channels with ... people', 'Channels with ... people', 'Channels added']
>>> AdkarBarrier(seed=1).check(**AdkarBarrier(seed=1).expected()).correct
True
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from ..answers import Choice, Number, Ordering, format_number
from ..metrics import kpis
from ..stakeholders import change, client, communication
from ..validation import check_int
from . import Exercise, Note, markdown_table, pct

__all__ = ["Channels", "ClientCheckIn", "AdkarBarrier"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _count(value: float) -> str:
    return format_number(value, 0)


def _apart(values: Sequence[float], gap: float) -> bool:
    """Whether every two values differ by more than ``gap``."""
    ordered = sorted(values)
    return all(b - a > gap for a, b in zip(ordered, ordered[1:]))


# ==========================================================================
# 2. Communication channels, methods and channels by phase
# ==========================================================================

#: Communication needs of the ERP case (course wording) and the method each calls for.
_NEEDS = (
    ("Tell all the end users the date from which the old system becomes read-only",
     "push"),
    ("Send the steering committee the signed test summary before its meeting", "push"),
    ("Remind each key user of their training slot the day before", "push"),
    ("Keep the process manuals where anyone can look them up when they need them",
     "pull"),
    ("Let anyone check, at any time, how many defects are still open", "pull"),
    ("Publish the answers to users' common questions about the new system for them to "
     "look up", "pull"),
    ("Agree with the process owners which of two design options to adopt", "interactive"),
    ("Settle a disagreement between finance and sales about customer credit limits",
     "interactive"),
    ("Decide with the client at a cutover checkpoint whether to go on or roll back",
     "interactive"),
)

#: How the count grows: (label, value); the first is right.
_GROWTH = (
    ("Quadratically: doubling the team roughly quadruples the channels", "quadratic"),
    ("Exponentially: every extra person doubles the channels", "exponential"),
    ("Linearly: every extra person adds the same number of channels", "linear"),
)


class Channels(Exercise):
    """Channels before and after a team grows, how the count grows, a method, a channel.

    A team grows from ``n1`` to ``n2`` people (seeded). The counts come from
    :func:`communication.communication_channels` (n(n-1)/2, PMBOK Guide 5th
    ed., 10.1.2.1; 10.1.2.2 in the 6th ed.). A seeded need is matched to its communication method
    (push, pull, interactive: :func:`communication.communication_methods`),
    and a seeded lifecycle phase to the one channel among four options that
    the course's channel-by-phase table lists for it
    (:func:`communication.channel_phase_matrix`; the right option is one of
    the phase's two preferred channels, the other three are not listed for
    that phase at all).

    Feedback names the usual slips: n², n(n+1)/2, n(n−1) without halving,
    n − 1 (one person's channels), 2ⁿ, the people added instead of the
    channels, forgetting that newcomers talk to each other, and calling the
    growth exponential.

    Examples
    --------
    >>> ex = Channels(seed=0)
    >>> n = ex.after_n
    >>> fb = ex.check(**dict(ex.expected(), after=n * n))
    >>> fb.correct, "n²" in fb.message
    (False, True)
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "channels")
        self.before_n = int(rng.integers(4, 13))
        self.after_n = self.before_n + int(rng.integers(2, 9))
        methods = communication.communication_methods()
        self.method_options = tuple((name, name.lower()) for name in methods.index)
        known = {value for _, value in self.method_options}
        if any(method not in known for _, method in _NEEDS):  # the data changed
            raise RuntimeError(f"The communication methods are no longer {sorted(known)}")
        self.need, self.need_method = _NEEDS[int(rng.integers(len(_NEEDS)))]
        # a phase, one of its two preferred channels, and three channels it does not list
        matrix = communication.channel_phase_matrix()
        by_phase = communication.channels_by_phase().set_index("Phase")
        row = int(rng.integers(len(matrix)))
        self.phase = str(matrix.index[row])
        preferred = [c for c in str(by_phase.loc[self.phase, "Channels"]).split(", ")]
        fits = [c for c in matrix.columns if matrix.loc[self.phase, c]]
        if sorted(preferred) != sorted(fits):  # a channel name with ", " in it
            raise RuntimeError(f"The channel table of {self.phase!r} cannot be read")
        self.channel = preferred[int(rng.integers(min(2, len(preferred))))]
        others = [c for c in matrix.columns if not matrix.loc[self.phase, c]]
        wrong = [str(c) for c in rng.choice(others, size=3, replace=False)]
        options = [self.channel, *wrong]
        self.channel_options = tuple((options[i], options[i]) for i in rng.permutation(4))
        self.why = str(by_phase.loc[self.phase, "Why"])
        self.preferred = preferred
        growth = rng.permutation(len(_GROWTH))
        self.growth_options = tuple(_GROWTH[i] for i in growth)
        super().__init__(
            id="07.channels", lesson="07", topic="communication",
            title="Communication channels, methods and channels by phase",
            task=(f"The ERP project team grows from {self.before_n} to {self.after_n} people. "
                  "(1) How many potential communication channels are there before, (2) how "
                  "many after, and (3) how many does the growth add? Whole numbers, exact. "
                  "(4) How does the count grow with team size? "
                  f"(5) The need: “{self.need}”. Which communication method does it call "
                  f"for? (6) Which of the four channels does the course's channel-by-phase "
                  f"table list for the phase “{self.phase}”?"),
            hints=["Every pair of people is one potential channel; one person alone has "
                   "none.",
                   "Count pairs, not people, and count each pair once. The newcomers open "
                   "channels to everyone already there and also to each other.",
                   "Step by step: channels = n × (n − 1) / 2, because each of the n people "
                   "can talk to the n − 1 others and that counts every pair twice. Work it "
                   "out for the team before and after, and subtract to get the channels "
                   "added. Compare: a team twice the size has about four times the channels "
                   "(a square, not a power of two). For the method: push sends to named "
                   "people, pull puts it where people fetch it (large volumes, large "
                   "audiences), interactive is a live exchange to decide or agree. For the "
                   "phase, ask what its work needs: live discussion, a record, reach to "
                   "many people, or a place to look things up."])

    # -- answers from the core ------------------------------------------------------------

    def expected(self) -> dict[str, object]:
        before = communication.communication_channels(self.before_n)
        after = communication.communication_channels(self.after_n)
        return {"before": float(before), "after": float(after),
                "added": float(after - before), "growth": "quadratic",
                "method": self.need_method, "channel": self.channel}

    # -- showing --------------------------------------------------------------------------

    def fields(self) -> list:
        return [Number("before", f"Channels with {self.before_n} people", unit="channels",
                       minimum=0, decimals=0),
                Number("after", f"Channels with {self.after_n} people", unit="channels",
                       minimum=0, decimals=0),
                Number("added", "Channels added", unit="channels", minimum=0, decimals=0),
                Choice("growth", "How the count grows", self.growth_options),
                Choice("method", "Communication method for the need", self.method_options),
                Choice("channel", f"Channel for {self.phase}", self.channel_options)]

    # -- grading --------------------------------------------------------------------------

    @staticmethod
    def _count_slip(value: float, n: int) -> str | None:
        """The formula a wrong count of channels for ``n`` people came from."""
        slips = [(n * n, "n² counts every person with everyone, themselves included, and "
                         "each pair twice"),
                 (n * (n + 1) / 2, "n(n+1)/2 pairs each person with themselves too"),
                 (n * (n - 1), "n(n−1) counts each pair twice; halve it"),
                 (n - 1, "n − 1 is the channels one person has, not the team's"),
                 (2 ** n, "2ⁿ is an exponential; channels grow as a square"),
                 (2 ** n - 1, "2ⁿ − 1 is an exponential; channels grow as a square")]
        for slip, words in slips:
            if abs(value - slip) < 1e-9:
                return words
        return None

    def _added_slip(self, value: float) -> str | None:
        n1, n2 = self.before_n, self.after_n
        want = self.expected()
        slips = [(n2 - n1, "That is the people added, not the channels"),
                 (want["after"], "That is the total after the growth, not what it added"),
                 (n1 * (n2 - n1), "The newcomers open channels to each other as well as to "
                                  "the people already there"),
                 (n2 - 1, "That is only what the last person to join adds"),
                 (n2 * n2 - n1 * n1, "That comes from n², which counts every pair twice "
                                     "and each person with themselves"),
                 (2 ** n2 - 2 ** n1, "That comes from 2ⁿ, an exponential; channels grow as "
                                     "a square")]
        for slip, words in slips:
            if abs(value - slip) < 1e-9:
                return words
        return None

    def _grade(self, before: float, after: float, added: float, growth: str, method: str,
               channel: str):
        want = self.expected()
        notes, hints = [], []
        for name, value, n, number in (("before", before, self.before_n, "(1)"),
                                       ("after", after, self.after_n, "(2)")):
            if abs(value - want[name]) > 1e-9:
                slip = self._count_slip(value, n)
                notes.append(f"{number} {slip}." if slip
                             else f"{number} The channels with {n} people are not right yet.")
                hints.append(self.hints[1] if slip else self.hints[0])
        if abs(added - want["added"]) > 1e-9:
            slip = self._added_slip(added)
            if slip:
                notes.append(f"(3) {slip}.")
            elif notes:
                notes.append("(3) Channels added = channels after − channels before.")
            else:
                notes.append("(3) The channels added do not match your two counts: "
                             "subtract before from after.")
            hints.append(self.hints[1])
        if growth != "quadratic":
            if growth == "exponential":
                notes.append("(4) Not exponential: an exponential doubles with every person "
                             "added. Here each newcomer adds one more channel than the one "
                             "before, so the count grows as a square of the team size.")
            else:
                notes.append("(4) Not linear: each newcomer adds more channels than the one "
                             "before, one per person already in the team.")
            hints.append(self.hints[1])
        if method != self.need_method:
            notes.append(f"(5) Not {method}: ask whether the need is to reach named people, "
                         "to leave it where people can look it up, or to decide together.")
            hints.append(self.hints[2])
        if channel != self.channel:
            notes.append(f"(6) The course's table does not list {channel} for "
                         f"{self.phase}.")
            hints.append(self.hints[2])
        if not notes:
            return True, (f"{_count(want['before'])} channels become "
                          f"{_count(want['after'])}: {_count(want['added'])} added by "
                          f"{self.after_n - self.before_n} newcomers, a quadratic growth; "
                          f"the method and the channel are right."), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        want = self.expected()
        n1, n2 = self.before_n, self.after_n
        name = next(label for label, value in self.method_options
                    if value == self.need_method)
        return Note(
            f"**(1)** {n1} × {n1 - 1} / 2 = **{_count(want['before'])}** channels.\n\n"
            f"**(2)** {n2} × {n2 - 1} / 2 = **{_count(want['after'])}** channels.\n\n"
            f"**(3)** {_count(want['after'])} − {_count(want['before'])} = "
            f"**{_count(want['added'])}** channels added: each newcomer opens one to every "
            f"person already there and to the newcomers before them "
            f"({' + '.join(str(k) for k in range(n1, n2))}).\n\n"
            "**(4)** **Quadratically**: the count is about half the square of the team "
            f"size, so doubling the team roughly quadruples it. An exponential 2ⁿ would give "
            f"{_count(2 ** n2)} for {n2} people.\n\n"
            f"**(5)** “{self.need}”: **{name}**.\n\n"
            f"**(6)** **{self.channel}**. The table lists, for {self.phase}: "
            f"{', '.join(self.preferred)}. Why: {self.why}")


# ==========================================================================
# 3. Client check-in: the checklist, the survey and the feedback loop
# ==========================================================================

#: What has just happened at the check-in, by the feedback-loop step just completed
#: (1 to 4, as numbered in client.yml); the next step is the answer.
_LOOP_SITUATIONS = (
    "The survey of this check-in has just closed and its answers (above) are in.",
    "The scores are computed and the comments read: most say that defects reported in "
    "testing get no reply for days.",
    "As agreed after the survey, a named person now answers every defect report within a "
    "working day.",
    "The client has been told what the last survey said and what changed because of it.",
)

_PHASE_ORDER_HINT = ("Blocking items stop the phase they are due before from starting: "
                     "chase those first, the one for the earliest phase first.")


class ClientCheckIn(Exercise):
    """The checklist item to chase, CSAT and NPS of a check-in survey, the next loop step.

    The client's progress on the pre-implementation checklist
    (:func:`client.pre_implementation_checklist`) is seeded; the item to chase
    first is the first of :func:`client.checklist_status` (blocking items
    first, earliest phase first). The answer options never hold two blocking
    items due before the same phase, so the course's rule decides. The
    survey's raw answers are seeded too; CSAT and NPS come from lesson 06's
    :func:`kpis.csat` (top-two box) and :func:`kpis.nps`. The next step of
    the feedback loop follows :func:`client.feedback_loop` (Ask, Analyse, Act,
    Close the loop, then Ask again).

    Examples
    --------
    >>> ex = ClientCheckIn(seed=2)
    >>> ex.check(**ex.expected()).correct
    True
    >>> [getattr(f, "unit", None) for f in ex.fields()]
    [None, '%', 'points', None]
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "client")
        self.checklist = client.pre_implementation_checklist()
        ids = list(self.checklist.index)
        for _ in range(500):
            done = [i for i in ids if rng.random() < 0.45]
            status = client.checklist_status(done)
            blocking = status[status["Blocking"]]
            if len(blocking) and len(status) - len(blocking) >= 1 and len(status) >= 4:
                right = str(status.index[0])
                due = status.loc[right, "Due before"]
                others = [i for i in status.index[1:]
                          if not (status.loc[i, "Blocking"] and status.loc[i, "Due before"]
                                  == due)]
                if len(others) >= 2:
                    break
        else:  # pragma: no cover - the checklist data changed
            raise RuntimeError("The checklist no longer allows a seeded status")
        self.done = done
        self.status = status
        self.chase_answer = right
        # distractors: a non-blocking item due soonest, a blocking item for a later phase
        picks = []
        easy = [i for i in others if not status.loc[i, "Blocking"]]
        late = [i for i in others if status.loc[i, "Blocking"]]
        if easy:
            picks.append(easy[0])
        if late:
            picks.append(late[int(rng.integers(len(late)))])
        rest = [i for i in others if i not in picks]
        while len(picks) < 3 and rest:
            picks.append(rest.pop(int(rng.integers(len(rest)))))
        options = [right, *picks]
        self.chase_options = tuple((str(self.checklist.loc[options[i], "Item"]), options[i])
                                   for i in rng.permutation(len(options)))
        # survey answers whose common slips land apart from each other and from the answer
        while True:
            n = int(rng.integers(8, 16))
            csat_scores = [int(v) for v in rng.choice(np.arange(1, 6), size=n,
                                                      p=[0.08, 0.12, 0.25, 0.35, 0.2])]
            nps_scores = [int(v) for v in rng.choice(np.arange(0, 11), size=n,
                                                     p=[0.02, 0.02, 0.03, 0.04, 0.05, 0.07,
                                                        0.1, 0.15, 0.17, 0.17, 0.18])]
            self.csat_scores, self.nps_scores = csat_scores, nps_scores
            want_c, want_n = kpis.csat(csat_scores), kpis.nps(nps_scores)
            c_slips = [want_c, *[v for v, _ in self._csat_slips()]]
            n_slips = [want_n, *[v for v, _ in self._nps_slips()]]
            if _apart(c_slips, 0.5) and _apart(n_slips, 0.5) and 0 < want_c < 100:
                break
        self.loop = client.feedback_loop()
        if len(self.loop) != len(_LOOP_SITUATIONS):  # pragma: no cover - the data changed
            raise RuntimeError("The feedback loop no longer has four steps")
        self.loop_done = int(rng.integers(len(self.loop)))  # index of the step just done
        self.loop_answer = f"step{(self.loop_done + 1) % len(self.loop) + 1}"
        self.phase = str(self.checklist.loc[right, "Due before"])
        super().__init__(
            id="07.client", lesson="07", topic="client",
            title="Client check-in: checklist, survey and feedback loop",
            task=("Before the ERP project moves on, you hold a check-in with the client. "
                  "(1) The client's pre-implementation checklist stands as below: which open "
                  "item do you chase first? (2) Compute the CSAT of the survey answers in "
                  "per cent to one decimal (answers of 4 or 5 count as satisfied; within "
                  "±0.1 percentage points) and (3) the NPS to one decimal (within ±0.1 "
                  "points). (4) What is the next step of the feedback loop, given the "
                  "situation below?"),
            hints=[_PHASE_ORDER_HINT,
                   "CSAT is the share of satisfied answers (the top two boxes of the "
                   "five-point scale). NPS is the per cent of promoters minus the per cent "
                   "of detractors; passives count only in the total.",
                   "Step by step: (1) among the open items keep the blocking ones, and of "
                   "those chase the one due before the earliest phase of the lifecycle; a "
                   "non-blocking item waits, however soon it is due. (2) Count the answers "
                   "of four or five, divide by all answers and multiply by a hundred; a "
                   "three is neutral and counts against the score. (3) Count promoters "
                   "(nine or ten) and detractors (zero to six); NPS = (promoters − "
                   "detractors) / all answers × a hundred, from minus a hundred to plus a "
                   "hundred. (4) The loop runs Ask, Analyse, Act, Close the loop, then Ask "
                   "again: find the step the situation has just finished, and take the one "
                   "after it; telling the client what changed comes before asking again."])

    # -- slips ----------------------------------------------------------------------------

    def _csat_slips(self) -> list[tuple[float, str]]:
        scores = np.asarray(self.csat_scores)
        return [(100 * np.mean(scores >= 3), "A 3 is neutral: only answers of 4 or 5 count "
                                             "as satisfied."),
                (100 * np.mean(scores == 5), "Only 5s were counted; the top two boxes are 4 "
                                             "and 5."),
                (float(np.mean(scores)), "That is the mean score; CSAT is the share of "
                                         "satisfied answers, in per cent.")]

    def _nps_slips(self) -> list[tuple[float, str]]:
        s = np.asarray(self.nps_scores)
        n = s.size
        pro, pas, det = int(np.sum(s >= 9)), int(np.sum((s >= 7) & (s <= 8))), \
            int(np.sum(s <= 6))
        return [(100 * pro / n, "That is the per cent of promoters alone; subtract the per "
                                "cent of detractors."),
                (float(pro - det), "That is promoters minus detractors as counts; NPS uses "
                                   "per cent of all answers."),
                (100 * (pro - det - pas) / n, "Passives (7 or 8) were counted as detractors; "
                                              "they count only in the total."),
                (100 * (pro + pas - det) / n, "Passives (7 or 8) were counted as promoters; "
                                              "they count only in the total."),
                (float(np.mean(s)), "That is the mean score, not the NPS.")]

    # -- answers from the core ------------------------------------------------------------

    def expected(self) -> dict[str, object]:
        return {"chase": self.chase_answer, "csat": kpis.csat(self.csat_scores) / 100,
                "nps": kpis.nps(self.nps_scores), "loop": self.loop_answer}

    # -- showing --------------------------------------------------------------------------

    def _details(self) -> str:
        rows = [[n, r["Item"], r["Owner"], r["Due before"], "Yes" if r["Blocking"] else "No",
                 "done" if i in self.done else "**open**"]
                for n, (i, r) in enumerate(self.checklist.iterrows(), start=1)]
        situation = _LOOP_SITUATIONS[self.loop_done]
        return ("**Pre-implementation checklist**\n\n"
                + markdown_table(["#", "item", "owner", "due before", "blocking", "status"],
                                 rows)
                + f"\n\n**Survey answers** ({len(self.csat_scores)} people at this check-in)"
                  f"\n\n- Satisfaction, 1 to 5: {', '.join(map(str, self.csat_scores))}"
                  f"\n- How likely to recommend us, 0 to 10: "
                  f"{', '.join(map(str, self.nps_scores))}"
                + f"\n\n**Situation.** {situation}")

    def fields(self) -> list:
        loop = tuple((f"{r['Step']}: {r['What']}", f"step{n}") for n, r in self.loop.iterrows())
        return [Choice("chase", "Item to chase first", self.chase_options),
                Number("csat", "CSAT", unit="%", percent=True, minimum=0, maximum=1,
                       decimals=1),
                Number("nps", "NPS", unit="points", minimum=-100, maximum=100, decimals=1),
                Choice("loop", "Next step of the feedback loop", loop)]

    # -- grading --------------------------------------------------------------------------

    def _grade(self, chase: str, csat: float, nps: float, loop: str):
        want = self.expected()
        notes, hints = [], []
        if chase != want["chase"]:
            row = self.status.loc[chase]
            if not row["Blocking"]:
                notes.append("(1) That item is open but not blocking: no phase waits on it. "
                             "Chase the blocking items first.")
            else:
                notes.append(f"(1) That item is blocking too, but for a later phase "
                             f"({row['Due before']}); the phase that starts first needs its "
                             "items first.")
            hints.append(self.hints[0])
        if abs(csat - want["csat"]) > 0.001 + 1e-12:
            slip = next((words for value, words in self._csat_slips()
                         if abs(100 * csat - value) <= 0.1 + 1e-9), None)
            if slip is None and abs(100 * csat - want["csat"]) <= 0.001:
                slip = "That looks like a fraction typed in the per cent box."
            notes.append(f"(2) {slip}" if slip else "(2) The CSAT is not right yet.")
            hints.append(self.hints[1])
        if abs(nps - want["nps"]) > 0.1 + 1e-9:
            slip = next((words for value, words in self._nps_slips()
                         if abs(nps - value) <= 0.1 + 1e-9), None)
            notes.append(f"(3) {slip}" if slip else "(3) The NPS is not right yet.")
            hints.append(self.hints[1])
        if loop != want["loop"]:
            done = self.loop_done + 1
            chosen = int(loop.removeprefix("step"))
            names = list(self.loop["Step"])
            if chosen == done:
                notes.append(f"(4) {names[done - 1]} is the step the situation has just "
                             "finished.")
            elif done == 3 and chosen == 1:
                notes.append("(4) Asking again before closing the loop: the client never "
                             "hears what changed because of their answers.")
            else:
                notes.append(f"(4) {names[chosen - 1]} is not the step that follows "
                             f"{names[done - 1]}.")
            hints.append(self.hints[2])
        if not notes:
            return True, (f"Chase “{self.checklist.loc[want['chase'], 'Item']}” first; CSAT "
                          f"{pct(want['csat'])}, NPS {format_number(want['nps'], 1)}; and the "
                          "loop step is right."), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        want = self.expected()
        blocking = self.status[self.status["Blocking"]]
        open_rows = [[r["Item"], r["Due before"]] for _, r in blocking.iterrows()]
        c = np.asarray(self.csat_scores)
        s = np.asarray(self.nps_scores)
        n = s.size
        pro, det = int(np.sum(s >= 9)), int(np.sum(s <= 6))
        satisfied = int(np.sum(c >= 4))
        names = list(self.loop["Step"])
        done = self.loop_done
        return Note(
            "**(1)** The open blocking items, earliest phase first:\n\n"
            + markdown_table(["open blocking item", "due before"], open_rows)
            + f"\n\nChase **{self.checklist.loc[want['chase'], 'Item']}**.\n\n"
            f"**(2)** {satisfied} of {len(c)} answers are 4 or 5: {satisfied} / {len(c)} × 100 "
            f"= **{pct(want['csat'])}**.\n\n"
            f"**(3)** {pro} promoters and {det} detractors of {n} answers: "
            f"({pro} − {det}) / {n} × 100 = **{format_number(want['nps'], 1)}**.\n\n"
            f"**(4)** The situation has just finished **{names[done]}**, so next comes "
            f"**{names[(done + 1) % len(names)]}**.")


# ==========================================================================
# 4. ADKAR barrier point, the action that addresses it, and Kotter's steps
# ==========================================================================

class AdkarBarrier(Exercise):
    """The ADKAR barrier point of a user group, the action for it, and Kotter's order.

    Seeded ADKAR scores (1 to 5) for a group of the ERP training plan
    (:func:`change.training_plan`); the barrier point is
    :func:`change.adkar_barrier` (the first element, in ADKAR order, scoring 3
    or less: Prosci). The scores put a *lower* score after the barrier point
    whenever there is room, so choosing the lowest score is a slip the
    feedback can name. The actions are the "what builds it" texts of
    :func:`change.adkar_elements`. Four or five of Kotter's eight steps
    (:func:`change.kotter_steps`, *Leading Change*, 1996) are to be put in
    order; they never start in order.

    Examples
    --------
    >>> ex = AdkarBarrier(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "adkar")
        plan = change.training_plan()
        self.group = str(plan["Role"].iloc[int(rng.integers(len(plan)))])
        self.elements = change.adkar_elements()
        names = list(self.elements.index)
        barrier = int(rng.choice(5, p=[0.2, 0.25, 0.25, 0.2, 0.1]))
        low = int(rng.choice([2, 3], p=[0.4, 0.6]))
        scores = [int(rng.integers(4, 6)) for _ in range(barrier)] + [low]
        scores += [int(rng.integers(1, 6)) for _ in range(barrier + 1, 5)]
        if barrier < 4 and min(scores[barrier + 1:]) >= low:
            scores[barrier + 1 + int(rng.integers(4 - barrier))] = low - 1
        self.scores = dict(zip(names, scores))
        self.barrier = change.adkar_barrier(self.scores)
        self.element_options = tuple((name, name) for name in names)
        order = rng.permutation(5)
        self.action_options = tuple((str(self.elements.iloc[i]["What builds it"]),
                                     names[i]) for i in order)
        steps = change.kotter_steps()
        k = int(rng.integers(4, 6))
        chosen = sorted(int(i) for i in rng.choice(steps.index, size=k, replace=False))
        start = [int(i) for i in rng.permutation(chosen)]
        if start == chosen:  # never start solved
            start = start[1:] + start[:1]
        self.steps = steps
        self.kotter_chosen = chosen
        self.kotter_start = start
        super().__init__(
            id="07.change", lesson="07", topic="change",
            title="ADKAR barrier point and Kotter's steps",
            task=(f"A short ADKAR assessment of the {self.group.lower()} in the ERP rollout "
                  "gave the scores below (1 = not at all, 5 = fully). (1) Which element is "
                  "the barrier point, by Prosci's convention? (2) Which action addresses it? "
                  f"(3) Put these {k} of Kotter's eight steps in the order he gives them, "
                  "first at the top."),
            hints=["ADKAR is a sequence: a person needs Awareness before Desire, Desire "
                   "before Knowledge, and so on. Work on a later element is wasted while an "
                   "earlier one is missing.",
                   "The barrier point is not the lowest score: it is the first weak element "
                   "in ADKAR order. Kotter's steps first prepare the ground, then change the "
                   "work, then make the change stick.",
                   "Step by step: (1) read the scores in ADKAR order (Awareness, Desire, "
                   "Knowledge, Ability, Reinforcement) and stop at the first one scoring "
                   "three or less; a three counts as weak. (2) Choose the action that builds "
                   "that element: messages on why for Awareness, personal conversations for "
                   "Desire, training for Knowledge, practice and coaching for Ability, "
                   "recognition and switching the old way off for Reinforcement. (3) "
                   "Kotter's logic: urgency first, then a coalition to lead, a vision, "
                   "spreading the vision, removing obstacles, quick wins, building on them, "
                   "and last anchoring the change in the culture."])

    # -- answers from the core ------------------------------------------------------------

    def expected(self) -> dict[str, object]:
        return {"barrier": self.barrier, "action": self.barrier,
                "order": [str(self.steps.loc[i, "Step"]) for i in self.kotter_chosen]}

    # -- showing --------------------------------------------------------------------------

    def _details(self) -> str:
        rows = [[name, score] for name, score in self.scores.items()]
        return (f"**ADKAR scores of the {self.group.lower()}**\n\n"
                + markdown_table(["element", "score (1 to 5)"], rows))

    def fields(self) -> list:
        steps = tuple((str(self.steps.loc[i, "Step"]), str(self.steps.loc[i, "Step"]))
                      for i in self.kotter_start)
        return [Choice("barrier", "Barrier point", self.element_options),
                Choice("action", "Action that addresses it", self.action_options),
                Ordering("order", "Kotter's steps, first at the top", steps)]

    # -- grading --------------------------------------------------------------------------

    def _barrier_note(self, chosen: str) -> str:
        names = list(self.scores)
        score = self.scores[chosen]
        right = names.index(self.barrier)
        lowest = min(self.scores.values())
        if score > change.BARRIER_THRESHOLD:
            return (f"(1) {chosen} scores {score}, above 3: it is not holding anyone back.")
        if names.index(chosen) > right:
            if self.scores[self.barrier] == change.BARRIER_THRESHOLD and score < 3:
                return ("(1) A score of 3 already counts as weak: the barrier is the first "
                        "element scoring 3 or less, not the first below 3.")
            if score == lowest:
                return ("(1) That is the lowest score, but the barrier point is the first "
                        "weak element in ADKAR order, not the weakest.")
            return (f"(1) {chosen} is weak, but it comes after an earlier weak element in "
                    "ADKAR order.")
        return "(1) Not that one."  # pragma: no cover - every case is named above

    def _grade(self, barrier: str, action: str, order: Sequence[str]):
        want = self.expected()
        notes, hints = [], []
        if barrier != want["barrier"]:
            notes.append(self._barrier_note(barrier))
            hints.append(self.hints[1])
        if action != want["action"]:
            if action == barrier and barrier != want["barrier"]:
                notes.append(f"(2) That action builds {action}, the element you chose; it "
                             "follows once the barrier point is right.")
            elif action == "Knowledge" and want["action"] in ("Awareness", "Desire"):
                notes.append("(2) Training builds Knowledge; people who do not yet see why, or "
                             "do not want the change, do not take it in.")
            else:
                notes.append(f"(2) That action builds {action}, not the barrier point's "
                             "element.")
            hints.append(self.hints[0])
        wrong = [i for i, (a, b) in enumerate(zip(order, want["order"])) if a != b]
        if wrong:
            first = order[wrong[0]]
            notes.append(f"(3) {len(order) - len(wrong)} of {len(order)} steps are in the "
                         f"right place; look again at “{first}”: what must already be in "
                         "place before it?")
            hints.append(self.hints[1])
        if not notes:
            return True, (f"The barrier point is {self.barrier} (score "
                          f"{self.scores[self.barrier]}); the action fits it, and Kotter's "
                          "steps are in order."), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        rows = [[name, score, status] for name, (score, status) in
                change.adkar_profile(self.scores)[["Score", "Status"]].iterrows()]
        action = self.elements.loc[self.barrier, "What builds it"]
        steps = [[int(i), f"**{self.steps.loc[i, 'Step']}**", self.steps.loc[i, "What it means"]]
                 for i in self.kotter_chosen]
        return Note("**(1)** Read in ADKAR order and stop at the first score of 3 or less:\n\n"
                    + markdown_table(["element", "score", "status"], rows)
                    + f"\n\nThe barrier point is **{self.barrier}**.\n\n"
                      f"**(2)** What builds {self.barrier}: **{action}**\n\n"
                      "**(3)** In Kotter's order (his step numbers):\n\n"
                    + markdown_table(["step", "name", "what it means"], steps))
