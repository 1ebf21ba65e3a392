"""Exercises of Lesson 08, sections 1, 2, 3 and 5: partner types, weighted scoring,
the selection process, and knowledge transfer with lock-in.

Every exercise draws its case from the learner's seed, and every answer it
checks against comes from :mod:`implcourse.partners`:

- :class:`PartnerFit` describes a client by five features (budget, speed,
  in-house skills, risk appetite, need for innovation), turns them into
  weights by a stated rule and asks which partner type fits best by the
  course's ratings (:func:`~implcourse.partners.scoring.score_partners`) and
  which aspects decide it;
- :class:`WeightedScore` asks for three partners' weighted scores, the
  winner, and the weight of one aspect at which the winner changes
  (:func:`~implcourse.partners.scoring.weight_sensitivity`);
- :class:`SelectionSteps` asks for the order of the selection steps and
  which request document (RFI, RFP or RFQ) fits a situation
  (:func:`~implcourse.partners.selection.procurement_documents`);
- :class:`KnowledgeTransfer` gives evidence from the end of a knowledge
  transfer and asks which exit criteria are still unmet
  (:func:`~implcourse.partners.working.kt_readiness`) and how to reduce a
  lock-in risk (:func:`~implcourse.partners.working.lock_in_risks`).

The ratings are the course's reading of seed 002's matrix, a **teaching
model**; the situations, weights, ratings of :class:`WeightedScore` and the
evidence are **synthetic**, set in the course's ERP case.

Examples
--------
>>> ex = WeightedScore(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> [f.label for f in PartnerFit(seed=1).fields()]
['Partner type that fits best', 'Aspects that decide it']
>>> SelectionSteps(seed=2).check(**SelectionSteps(seed=2).expected()).correct
True
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..answers import Choice, MultiChoice, Number, Ordering, format_number
from ..partners import profiles, scoring, selection, working
from ..scoring import weighted_sum
from ..validation import check_int
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["PartnerFit", "WeightedScore", "SelectionSteps", "KnowledgeTransfer"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _names() -> dict[str, str]:
    return {p.id: p.name for p in profiles.partner_types()}


def _labels() -> dict[str, str]:
    return {a.id: a.name for a in profiles.aspects()}


# ==========================================================================
# 1. Which partner type fits? (topic partner_types)
# ==========================================================================

#: The features of a client situation: (key, label, aspects it speaks to, levels).
#: Each level is (weight, the situation in words): 3 when the situation stresses the
#: aspect, 1 when it matters somewhat, 0 when the situation says it does not matter.
FEATURES = (
    ("budget", "Budget", ("cost_structure",), (
        (3, "The budget is tight and fixed: every day rate counts."),
        (1, "The budget is usual for a project of this size."),
        (0, "Money is not the constraint: the board has set aside what the work takes."))),
    ("speed", "Speed", ("implementation_speed",), (
        (3, "Go-live is fixed by a regulatory date only a few months away."),
        (1, "The plan has a firm date, with some slack in it."),
        (0, "There is no pressure on the date: getting it right matters more."))),
    ("skills", "In-house skills", ("scope_of_services", "resource_availability"), (
        (3, "The client has never implemented such a system and can spare few people: the "
            "partner must carry most of the work and staff it."),
        (1, "The client has some experienced staff, but needs help in several phases."),
        (0, "The client's own team is strong and has time; it lacks only one kind of "
            "expertise."))),
    ("risk", "Risk appetite", ("risk_profile",), (
        (3, "A failed go-live would stop order-to-cash: the board accepts very little "
            "risk."),
        (1, "A delay would hurt, but the business could work around it."),
        (0, "It is a contained pilot: the board accepts risk in return for other gains."))),
    ("innovation", "Need for innovation", ("innovation_capability",), (
        (3, "The solution breaks new ground in a niche: expert ideas matter most."),
        (1, "Some current good practice would be welcome."),
        (0, "A standard, proven set-up is all that is wanted."))),
)
#: Weights of the three levels, in words for the task.
LEVEL_WORDS = {3: "stressed", 1: "matters somewhat", 0: "does not matter"}
#: The winner's least lead (points on the 1-to-5 scale) for a situation to be drawn.
MIN_LEAD = 0.2


def _fit_weights(levels: dict[str, int]) -> dict[str, float]:
    """Aspect id -> weight for a situation (feature key -> index of its level)."""
    weights = {a: 0.0 for a in profiles.aspect_ids()}
    for key, _, aspects, options in FEATURES:
        for a in aspects:
            weights[a] = float(options[levels[key]][0])
    return weights


_FIT_CASES: dict[str, list[tuple[tuple[str, int], ...]]] = {}


def _fit_cases() -> dict[str, list[tuple[tuple[str, int], ...]]]:
    """Every situation with one to four stressed aspects whose winner leads by at least
    :data:`MIN_LEAD`, grouped by the winner's id (worked out once, by the core)."""
    if not _FIT_CASES:
        keys = [key for key, *_ in FEATURES]
        for combo in itertools.product(range(3), repeat=len(keys)):
            levels = tuple(zip(keys, combo))
            weights = _fit_weights(dict(levels))
            if not 1 <= sum(wt == 3 for wt in weights.values()) <= 4:
                continue
            result = scoring.score_partners(weights)
            if result.margin >= MIN_LEAD:
                _FIT_CASES.setdefault(result.winner, []).append(levels)
    return _FIT_CASES


class PartnerFit(Exercise):
    """Which partner type fits a client's situation, and which aspects decide it.

    The situation is five seeded features. Each speaks to one aspect (in-house
    skills to two: scope of services and resource availability) and gives it a
    weight by the rule stated in the task: 3 when the situation stresses it, 1
    when it matters somewhat, 0 when it does not matter. The best fit is the
    winner of :func:`~implcourse.partners.scoring.score_partners` with those
    weights and the course's ratings; the aspects that decide it are those
    with weight 3. Situations whose winner leads by less than
    :data:`MIN_LEAD` are left out, so the answer is clear; the winner is drawn
    first, evenly among the types that win some situation (the independent
    consultant never does with the course's ratings), then one of its
    situations. Feedback compares the types with the profiles' own rating
    texts.

    Examples
    --------
    >>> ex = PartnerFit(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    >>> sorted(ex.weights) == sorted(profiles.aspect_ids())
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "partner_fit")
        # First the winner, evenly among the types that can win a clear situation, then
        # one of its situations: otherwise the large integrator would win most draws.
        cases = _fit_cases()
        winners = sorted(cases, key=profiles.partner_ids().index)
        options = cases[winners[int(rng.integers(len(winners)))]]
        levels = dict(options[int(rng.integers(len(options)))])
        weights = _fit_weights(levels)
        stressed = [a for a, wt in weights.items() if wt == 3]
        result = scoring.score_partners(weights)
        self.levels = levels
        self.weights = weights
        self.result = result
        self.stressed = stressed
        super().__init__(
            id="08.partner_types", lesson="08", topic="partner_types",
            title="Which partner type fits?",
            task=("A client describes its situation below. Turn each feature into weights "
                  "on the aspects it speaks to: 3 where the situation stresses the aspect, "
                  "1 where it matters somewhat, 0 where the situation says it does not "
                  "matter (in-house skills speak to both scope of services and resource "
                  "availability). (1) By the course's ratings in the table, which partner "
                  "type fits best? (2) Tick the aspects that decide it: those the "
                  "situation stresses."),
            hints=["Each feature of the situation speaks to one or two of the six aspects: "
                   "a budget to cost structure, a deadline to implementation speed, the "
                   "client's own skills to scope of services and resource availability, the "
                   "appetite for risk to risk profile, the need for new ideas to innovation "
                   "capability.",
                   "A type that is best on one stressed aspect can still lose: compare the "
                   "types on every aspect that carries weight, not on the first one you "
                   "notice.",
                   "Step by step: write down a weight for each of the six aspects from the "
                   "situation, three where it is stressed, one where it matters somewhat, "
                   "zero where it does not matter. The aspects with weight three are the "
                   "ones that decide. Then, for each partner type, multiply its rating on "
                   "each aspect by that aspect's weight, add the products up and divide by "
                   "the total of the weights, as in the weighted-scoring model of section "
                   "two. The type with the highest score fits best; check which stressed "
                   "aspects give it its lead."])

    # -- answers from the core ------------------------------------------------------------

    def expected(self) -> dict[str, object]:
        return {"partner": self.result.winner, "aspects": list(self.stressed)}

    def fields(self) -> list:
        return [Choice("partner", "Partner type that fits best",
                       tuple((p.name, p.id) for p in profiles.partner_types())),
                MultiChoice("aspects", "Aspects that decide it",
                            tuple((a.name, a.id) for a in profiles.aspects()),
                            note="Tick the aspects the situation stresses.")]

    def _details(self) -> str:
        rows = [[label, options[self.levels[key]][1]] for key, label, _, options in FEATURES]
        ratings = profiles.ratings_matrix()
        labels = _labels()
        table = [[p.name, *(str(int(ratings.loc[p.id, a])) for a in profiles.aspect_ids())]
                 for p in profiles.partner_types()]
        return (markdown_table(["Feature", "The client's situation"], rows)
                + "\n\n**The course's ratings** (1 to 5, 5 best for the client; for cost "
                  "structure 5 is the lowest cost, for risk profile the lowest risk):\n\n"
                + markdown_table(["Partner type", *(labels[a] for a in profiles.aspect_ids())],
                                 table))

    # -- grading --------------------------------------------------------------------------

    def _feature_of(self, aspect: str) -> tuple[str, int, str]:
        for key, label, aspects, options in FEATURES:
            if aspect in aspects:
                weight, words = options[self.levels[key]]
                return label, weight, words
        raise KeyError(aspect)

    def _grade(self, partner: str, aspects: Sequence[str]):
        want = self.expected()
        names, labels = _names(), _labels()
        notes, hint = [], None
        if partner != want["partner"]:
            chosen = profiles.get_partner_type(partner)
            best = profiles.get_partner_type(want["partner"])
            worse = [a for a in self.stressed if chosen.rating(a) < best.rating(a)]
            better = [a for a in self.stressed if chosen.rating(a) > best.rating(a)]
            text = (f"(1) By the course's ratings {best.name} fits better "
                    f"({self.result.scores[best.id]:.2f} of 5 against "
                    f"{self.result.scores[chosen.id]:.2f} for {chosen.name}).")
            for a in worse[:2]:
                text += (f" On {labels[a].lower()}, which the situation stresses, "
                         f"{chosen.name} rates {chosen.rating(a)} of 5 (“{chosen.text(a)}”), "
                         f"{best.name} {best.rating(a)} (“{best.text(a)}”).")
            if better:
                text += (f" {chosen.name} is stronger on {_join([labels[a].lower() for a in better])}, "
                         f"but that does not make up for the rest.")
                hint = self.hints[1]
            notes.append(text)
            hint = hint or self.hints[0]
        if list(aspects) != want["aspects"]:
            missing = [a for a in want["aspects"] if a not in aspects]
            extra = [a for a in aspects if a not in want["aspects"]]
            for a in missing:
                label, _, words = self._feature_of(a)
                notes.append(f"(2) {labels[a]} decides too: the {label.lower()} feature "
                             f"stresses it (“{words}”).")
            for a in extra:
                label, weight, words = self._feature_of(a)
                how = ("matters somewhat, but the situation does not stress it" if weight
                       else "does not matter here")
                notes.append(f"(2) {labels[a]} {how} (“{words}”).")
            hint = hint or self.hints[0]
        if not notes:
            return True, (f"{names[want['partner']]} fits best, decided by "
                          f"{_join([labels[a].lower() for a in want['aspects']])}."), None
        return False, " ".join(notes), hint

    def _solution(self) -> Note:
        labels = _labels()
        rows = [[labels[a], f"{self.weights[a]:g}", self._feature_of(a)[2]]
                for a in profiles.aspect_ids()]
        ranking = self.result.ranking
        scores = [[str(rank), row["Partner"], f"{row['Weighted score (1 to 5)']:.2f}"]
                  for rank, row in ranking.iterrows()]
        best = profiles.get_partner_type(self.result.winner)
        why = "; ".join(f"{labels[a].lower()} {best.rating(a)} of 5 (“{best.text(a)}”)"
                        for a in self.stressed)
        return Note("**Weights from the situation** (3 stressed, 1 matters somewhat, 0 does "
                    "not matter):\n\n" + markdown_table(["Aspect", "Weight", "Because"], rows)
                    + "\n\n**Weighted scores** (ratings × weights, divided by the total "
                      f"weight {sum(self.weights.values()):g}):\n\n"
                    + markdown_table(["Rank", "Partner type", "Score (1 to 5)"], scores)
                    + f"\n\n**{best.name}** fits best; the deciding aspects are the stressed "
                      f"ones: {why}. {self.result.explanation}")


# ==========================================================================
# 2. Weighted scoring and its sensitivity (topic scoring)
# ==========================================================================

#: Tolerances: scores on the 1-to-5 scale, and the weight at which the winner changes.
SCORE_TOLERANCE = 0.01
WEIGHT_TOLERANCE = 0.05
#: The three score fields, by position of the partner in the table.
_SLOTS = ("first", "second", "third")


class WeightedScore(Exercise):
    """Three partners' weighted scores, the winner, and the weight at which it changes.

    Three partner types (in the matrix's order) are rated 1 to 5 on three or
    four aspects, all seeded, with whole-number weights from 1 to 6. The
    scores and the winner come from
    :func:`~implcourse.partners.scoring.score_partners` (the other aspects get
    weight 0, the seeded ratings are overrides); the weight of the named
    aspect at which the winner changes, the other weights unchanged, from
    :func:`~implcourse.partners.scoring.weight_sensitivity` ("Raise weight
    to" or "Lower weight to"). Cases with a near tie, or whose crossing lies
    close to today's weight or beyond 60, are redrawn. The slips named in
    feedback are worked out with :func:`implcourse.scoring.weighted_sum`:
    weights not normalised (the weighted total), ratings multiplied by another
    aspect's weight, and the plain average.

    Examples
    --------
    >>> ex = WeightedScore(seed=1)
    >>> len(ex.partners), 3 <= len(ex.aspects) <= 4
    (3, True)
    >>> ex.check(**dict(ex.expected(), weight=ex.expected()["weight"] + 1)).correct
    False
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "weighted_score")
        ids = profiles.partner_ids()
        aspect_ids = profiles.aspect_ids()
        for _ in range(500):
            chosen = sorted(rng.choice(len(ids), size=3, replace=False))
            partners = [ids[i] for i in chosen]
            count = int(rng.integers(3, 5))
            aspects = [aspect_ids[i] for i in sorted(rng.choice(len(aspect_ids), size=count,
                                                                replace=False))]
            weights = {a: float(rng.integers(1, 7)) for a in aspects}
            ratings = {p: {a: int(rng.integers(1, 6)) for a in aspects} for p in partners}
            if len(set(weights.values())) < 2:
                continue  # equal weights: the plain-average slip could not be told apart
            full = {a: weights.get(a, 0.0) for a in aspect_ids}
            result = scoring.score_partners(full, ratings, partners)
            values = sorted(result.scores.values())
            if min(b - a for a, b in zip(values, values[1:])) < 0.05:
                continue
            sens = scoring.weight_sensitivity(full, ratings, partners)
            options = []
            for a in aspects:
                row = sens.loc[_labels()[a]]
                for direction, column in (("up", "Raise weight to"), ("down", "Lower weight to")):
                    at = float(row[column])
                    if not math.isnan(at) and 0.2 <= at <= 60 and abs(at - weights[a]) >= 0.3:
                        options.append((a, direction, at))
            if options:
                break
        else:  # pragma: no cover
            raise RuntimeError("No weighted-scoring case found")
        self.partners, self.aspects, self.weights, self.ratings = partners, aspects, weights, \
            ratings
        self.full_weights = full
        self.result, self.sensitivity = result, sens
        self.asked, self.direction, _ = options[int(rng.integers(len(options)))]
        labels = _labels()
        verb = "raised" if self.direction == "up" else "lowered"
        super().__init__(
            id="08.scoring", lesson="08", topic="scoring",
            title="Weighted scoring and its sensitivity",
            task=(f"Three partners were rated from 1 to 5 (5 best for the client) on "
                  f"{len(aspects)} aspects, and the aspects weighted, as in the table below. "
                  "(1) Work out each partner's weighted score on the 1-to-5 scale (the "
                  "weights divided by their total), to two decimals (within ±0.01). "
                  "(2) Which partner wins? (3) If the weight of "
                  f"{labels[self.asked].lower()} is {verb} while the other weights stay as "
                  "they are, at what weight does the winner change? Give the weight at "
                  "which the leader and the challenger are level, to two decimals (within "
                  "±0.05)."),
            hints=["A weighted score multiplies each rating by the weight of its own aspect, "
                   "adds the products and divides by the total of the weights, so that the "
                   "score stays on the one-to-five scale of the ratings.",
                   "When one weight moves and the others stay, each partner's score changes "
                   "at its own pace; the winner changes at the weight where the winner's "
                   "score and a challenger's score become equal.",
                   "Step by step: first add up the weights; for each partner multiply each "
                   "rating by the weight of the same aspect, add the products and divide by "
                   "the total of the weights. The highest score wins. Then call the named "
                   "aspect's weight x. For each partner, its weighted sum over the other "
                   "aspects stays fixed, and its score is its rating on the named aspect "
                   "times x plus that fixed sum, divided by x plus the other weights. The "
                   "divisor is the same for everyone, so the winner and a challenger are "
                   "level where their numerators are equal: x is the difference of their "
                   "fixed sums divided by the difference of their ratings on the named "
                   "aspect, taken the other way round. Work this out for each challenger, "
                   "keep the crossings that lie in the direction asked, and take the "
                   "nearest one."])

    # -- answers from the core ------------------------------------------------------------

    def _row(self) -> pd.Series:
        return self.sensitivity.loc[_labels()[self.asked]]

    def crossing(self) -> float:
        """The weight of the asked aspect at which the winner changes."""
        column = "Raise weight to" if self.direction == "up" else "Lower weight to"
        return float(self._row()[column])

    def new_winner(self) -> str:
        """The name of the partner who leads past the crossing."""
        return str(self._row()["New winner (up)" if self.direction == "up"
                               else "New winner (down)"])

    def expected(self) -> dict[str, object]:
        scores = {slot: self.result.scores[p] for slot, p in zip(_SLOTS, self.partners)}
        return {**scores, "winner": self.result.winner, "weight": self.crossing()}

    def fields(self) -> list:
        names = _names()
        labels = _labels()
        scores = [Number(slot, f"Weighted score of {names[p]}", unit="points", minimum=0,
                         decimals=2) for slot, p in zip(_SLOTS, self.partners)]
        return [*scores,
                Choice("winner", "Winner", tuple((names[p], p) for p in self.partners)),
                Number("weight", f"Weight of {labels[self.asked].lower()} at which the "
                                 f"winner changes", minimum=0, decimals=2)]

    def _details(self) -> str:
        names, labels = _names(), _labels()
        rows = [[labels[a], f"{self.weights[a]:g}",
                 *(str(self.ratings[p][a]) for p in self.partners)] for a in self.aspects]
        return markdown_table(["Aspect", "Weight", *(names[p] for p in self.partners)], rows)

    # -- slips, worked out by the shared scoring method -----------------------------------

    def _table(self) -> pd.DataFrame:
        return pd.DataFrame([[self.ratings[p][a] for a in self.aspects] for p in self.partners],
                            index=self.partners, columns=self.aspects)

    def _slips(self, partner: str) -> list[tuple[float, str, str]]:
        table = self._table()
        slips = [(float(weighted_sum(table, self.weights).loc[partner, "Weighted total"]),
                  "the weights were not normalised: that is the sum of rating × weight, not "
                  "divided by the total of the weights",
                  "Divide the sum of the products by the total of the weights."),
                 (float(weighted_sum(table, {a: 1 for a in self.aspects}).loc[
                     partner, "Weighted score"]),
                  "that is the plain average of the ratings, without the weights",
                  "Multiply each rating by its aspect's weight before adding up.")]
        values = [self.weights[a] for a in self.aspects]
        for order in itertools.permutations(values):
            if list(order) == values:
                continue
            moved = dict(zip(self.aspects, order))
            slips.append((float(weighted_sum(table, moved).loc[partner, "Weighted score"]),
                          "some ratings were multiplied by another aspect's weight",
                          "Multiply each rating by the weight in its own row."))
        return slips

    # -- grading --------------------------------------------------------------------------

    def _grade(self, first: float, second: float, third: float, winner: str, weight: float):
        want = self.expected()
        names, labels = _names(), _labels()
        notes, hint = [], None
        for slot, p, given in zip(_SLOTS, self.partners, (first, second, third)):
            if abs(given - want[slot]) <= SCORE_TOLERANCE + 1e-9:
                continue
            slip = next((s for s in self._slips(p) if abs(given - s[0]) <= SCORE_TOLERANCE
                         and abs(s[0] - want[slot]) > SCORE_TOLERANCE), None)
            if slip:
                notes.append(f"{names[p]}: {slip[1]}.")
                hint = hint or slip[2]
            else:
                notes.append(f"{names[p]}: the weighted score is not right yet.")
                hint = hint or self.hints[0]
        if winner != want["winner"]:
            table = self._table()
            plain = weighted_sum(table, {a: 1 for a in self.aspects})
            if winner == plain["Weighted score"].idxmax() and \
                    plain["Weighted score"].idxmax() != want["winner"]:
                notes.append(f"{names[winner]} wins the plain average, but not with the "
                             "weights.")
            else:
                notes.append(f"{names[winner]} does not have the highest weighted score.")
            hint = hint or self.hints[0]
        if abs(weight - want["weight"]) > WEIGHT_TOLERANCE + 1e-9:
            row = self._row()
            share = float(row["Raise to (%)" if self.direction == "up" else "Lower to (%)"])
            now = self.weights[self.asked]
            if abs(weight - share) <= 0.1 or abs(weight - share / 100) <= 0.001:
                notes.append("(3) That is the aspect's share of the total weight; the "
                             "question asks for the weight itself, the other weights "
                             "unchanged.")
                hint = hint or ("Turn the share into a weight: the other weights stay as "
                                "they are, so only the named weight moves.")
            elif abs(weight - abs(want["weight"] - now)) <= WEIGHT_TOLERANCE:
                notes.append("(3) That is how far the weight moves; give the weight it "
                             "reaches.")
                hint = hint or "Add the move to today's weight (or take it away)."
            elif abs(weight - now) <= WEIGHT_TOLERANCE:
                notes.append(f"(3) That is today's weight of {labels[self.asked].lower()}; "
                             "the winner changes further "
                             + ("up." if self.direction == "up" else "down."))
                hint = hint or self.hints[1]
            else:
                notes.append(f"(3) The weight of {labels[self.asked].lower()} at which the "
                             "winner changes is not right yet.")
                hint = hint or self.hints[2]
        if not notes:
            return True, (f"{names[want['winner']]} wins; at a weight of "
                          f"{format_number(want['weight'], 2)} for "
                          f"{labels[self.asked].lower()} {self.new_winner()} draws level."), None
        return False, " ".join(notes), hint

    def _solution(self) -> Note:
        names, labels = _names(), _labels()
        total = sum(self.weights.values())
        lines = []
        for p in self.partners:
            parts = " + ".join(f"{self.ratings[p][a]} × {self.weights[a]:g}"
                               for a in self.aspects)
            lines.append(f"{names[p]}: ({parts}) / {total:g} = "
                         f"**{self.result.scores[p]:.2f}**")
        row = self._row()
        words = str(row["In words"])
        verb = "Raising" if self.direction == "up" else "Lowering"
        return Note("**(1)** Total weight " + f"{total:g}.\n\n" + numbered_list(lines)
                    + f"\n\n**(2)** **{names[self.result.winner]}** wins.\n\n"
                    f"**(3)** {verb} the weight of {labels[self.asked].lower()} to "
                    f"**{format_number(self.crossing(), 2)}** (the other weights unchanged) "
                    f"makes {self.new_winner()} level with the winner; past it "
                    f"{self.new_winner()} leads. In shares of the total weight: {words}")


# ==========================================================================
# 3. The selection process (topic selection)
# ==========================================================================

#: The selection steps in the course's order: (id, text, why it comes where it does).
STEPS = (
    ("rfi", "Request for information (RFI) to build a long list",
     "it opens the process by finding out who could do the work"),
    ("rfp", "Request for proposal (RFP) to the short list",
     "an RFP goes to the short list that the answers to the RFI helped build"),
    ("evaluation", "Evaluation of the proposals with the weighted template",
     "only proposals that the RFP asked for can be evaluated"),
    ("due_diligence", "Reference checks and due diligence on the front runners",
     "the checks look into the front runners that the evaluation found"),
    ("poc", "Proof of concept with the preferred candidate",
     "a proof of concept costs both sides time, so it is run only with a candidate who "
     "passed the checks"),
    ("decision", "Decision record approved by the steering committee",
     "the decision record cites the scoring, the checks and the proof of concept"),
    ("contract", "Contract negotiated and signed",
     "the contract is signed last, with the partner the decision names"),
)

#: Situations for the request-document question: (document id, situation).
SITUATIONS = (
    ("rfi", "The client does not yet know which firms could implement a new warehouse "
            "system, nor roughly what such a project costs; it wants a long list and a "
            "realistic scope before writing requirements."),
    ("rfi", "Before defining its needs, the project wants to learn which partners have "
            "moved companies of its industry to a cloud ERP, and how they went about it."),
    ("rfp", "The scope of the ERP rollout is defined and four partners are short-listed; "
            "their methods and teams will differ, and each is to say how it would do the "
            "work and at what price."),
    ("rfp", "The client needs a partner to design and run its data migration, and will "
            "compare how each candidate would solve the problem, not only the price."),
    ("rfq", "The design is signed off; the client needs user licences and two test servers "
            "exactly as specified, and only price and delivery differ between sellers."),
    ("rfq", "The client wants firm prices for a fixed package of training days with an "
            "agreed syllabus, from trainers already qualified for the work."),
)


class SelectionSteps(Exercise):
    """Put the selection steps in order, and pick the request document for a situation.

    Five or six of the seven steps of :data:`STEPS` (the course's order: RFI,
    RFP, evaluation, reference checks and due diligence, proof of concept,
    decision record, contract) are drawn and shuffled; the document question
    draws one of :data:`SITUATIONS`, and its options and feedback are the
    texts of :func:`~implcourse.partners.selection.procurement_documents`.

    Examples
    --------
    >>> ex = SelectionSteps(seed=4)
    >>> ex.expected()["order"] == [s for s, *_ in STEPS if s in ex.expected()["order"]]
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "selection_steps")
        count = int(rng.integers(5, 7))
        keep = sorted(rng.choice(len(STEPS), size=count, replace=False))
        self.steps = [STEPS[i] for i in keep]
        while True:
            order = rng.permutation(count)
            if list(order) != list(range(count)):
                break
        self.shown = [self.steps[i] for i in order]
        self.document, self.situation = SITUATIONS[int(rng.integers(len(SITUATIONS)))]
        super().__init__(
            id="08.selection", lesson="08", topic="selection",
            title="The selection process",
            task=("(1) Put these steps of choosing an implementation partner in the order "
                  "they happen. (2) Which request document fits the situation below?"),
            hints=["Each step uses what the step before it produced: nobody can evaluate "
                   "proposals that were never asked for, or sign a contract before deciding "
                   "with whom.",
                   "An RFI asks what the market offers, an RFP asks how a seller would solve "
                   "a defined problem and at what price, an RFQ asks for a price for "
                   "something already specified.",
                   "Step by step: (1) start from the market, the request for information that "
                   "builds a long list, then the request for proposal to the short list, "
                   "then the evaluation of the proposals; look hard at the front runners "
                   "(references and due diligence) before spending time on a proof of "
                   "concept with the preferred one; record the decision with its evidence, "
                   "and sign the contract last. Keep that order for the steps you were "
                   "given. (2) Ask how much the buyer already knows: little about the "
                   "market calls for information, a defined problem whose solutions differ "
                   "calls for proposals, a fully specified item calls for quotations."])

    def expected(self) -> dict[str, object]:
        return {"order": [s for s, *_ in self.steps], "document": self.document}

    def fields(self) -> list:
        docs = selection.procurement_documents()
        ids = {"Request for information (RFI)": "rfi", "Request for proposal (RFP)": "rfp",
               "Request for quotation (RFQ)": "rfq"}
        return [Ordering("order", "Selection steps, first to last",
                         tuple((text, sid) for sid, text, _ in self.shown)),
                Choice("document", "Request document for the situation",
                       tuple((name, ids[name]) for name in docs.index))]

    def _details(self) -> str:
        return f"**Situation.** {self.situation}"

    def _doc(self, doc: str) -> pd.Series:
        docs = selection.procurement_documents()
        return docs.iloc[["rfi", "rfp", "rfq"].index(doc)]

    def _grade(self, order: Sequence[str], document: str):
        want = self.expected()
        texts = {sid: text for sid, text, _ in STEPS}
        why = {sid: reason for sid, _, reason in STEPS}
        notes, hint = [], None
        if list(order) != want["order"]:
            right = sum(g == w for g, w in zip(order, want["order"]))
            pos = want["order"]
            # the first step placed before one that should come before it
            a, b = next((a, b) for i, a in enumerate(order) for b in order[i + 1:]
                        if pos.index(a) > pos.index(b))
            notes.append(f"(1) Steps in the right place: {right} of {len(pos)}. "
                         f"“{texts[b]}” comes before “{texts[a]}”: {why[a]}.")
            hint = self.hints[0]
        if document != want["document"]:
            chosen, best = self._doc(document), self._doc(want["document"])
            notes.append(f"(2) {chosen.name} is for this: {chosen['Purpose']} Here the "
                         f"{best.name.split('(')[-1].rstrip(')')} fits: "
                         f"{best['When used']}")
            hint = hint or self.hints[1]
        if not notes:
            return True, "The steps are in order, and the document fits the situation.", None
        return False, " ".join(notes), hint

    def _solution(self) -> Note:
        texts = {sid: text for sid, text, _ in STEPS}
        why = {sid: reason for sid, _, reason in STEPS}
        order = self.expected()["order"]
        lines = [f"{texts[s]}: {why[s]}." for s in order]
        best = self._doc(self.document)
        return Note("**(1)**\n\n" + numbered_list(lines)
                    + f"\n\n**(2)** **{best.name}**: {best['Purpose']} It asks for: "
                      f"{best['Asks for']} When used: {best['When used']}")


# ==========================================================================
# 5. Knowledge transfer and lock-in (topic governance)
# ==========================================================================

#: What the client saw at the end of hypercare, per plan item: (meets the exit
#: criterion, falls short of it). The shortfalls show activity, not the outcome asked.
EVIDENCE = {
    "configuration": (
        "Two key users changed the tolerance for price differences in the test system "
        "themselves, and explained why the design uses it.",
        "Key users changed a configuration setting in the test system while the consultant "
        "talked them through every screen."),
    "business_processes": (
        "Each process owner ran their process end to end last week; the consultant watched "
        "and did not step in.",
        "The consultant demonstrated each process end to end while the process owners took "
        "notes."),
    "integrations": (
        "When the bank interface failed on Tuesday, the support team restarted it from the "
        "run book without calling anyone.",
        "The run book for the interfaces is written and reviewed; nobody in the support "
        "team has used it yet."),
    "data": (
        "The client team reconciled the last trial load and explained every difference.",
        "The client team reconciled the last trial load; the partner's data lead explained "
        "the differences the team could not."),
    "testing": (
        "The client ran the regression suite for the latest patch and signed off the "
        "result.",
        "The partner's test manager ran the regression suite for the latest patch; the "
        "client read the report."),
    "training": (
        "Key users taught a session to new staff, which the partner rated as ready.",
        "Key users completed the train-the-trainer course and passed its quiz; they have "
        "not taught anyone yet."),
    "support": (
        "For four weeks in a row the support team resolved more than 80 % of hypercare "
        "incidents without the partner.",
        "The support team resolved 80 % of hypercare incidents without the partner for two "
        "weeks; in the third it needed help with most of them."),
}


class KnowledgeTransfer(Exercise):
    """Which exit criteria of the knowledge-transfer plan are still unmet, and how to
    reduce a lock-in risk.

    For every item of :func:`~implcourse.partners.working.knowledge_transfer_plan`
    the evidence is one of two synthetic observations (:data:`EVIDENCE`): one
    meets the exit criterion, the other shows activity that falls short of
    it. Two to five are drawn short. The unmet criteria come from
    :func:`~implcourse.partners.working.kt_readiness`; the lock-in risk and its
    mitigation (with three other risks' mitigations as options) from
    :func:`~implcourse.partners.working.lock_in_risks`.

    Examples
    --------
    >>> ex = KnowledgeTransfer(seed=2)
    >>> ex.check(**ex.expected()).correct
    True
    >>> 2 <= len(ex.expected()["unmet"]) <= 5
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "knowledge_transfer")
        plan = working.knowledge_transfer_plan()
        missing = [i for i in plan.index if i not in EVIDENCE]
        if missing:
            raise RuntimeError(f"No evidence written for the plan items {missing}")
        self.plan = plan
        ids = list(plan.index)
        short = set(rng.choice(ids, size=int(rng.integers(2, 6)), replace=False).tolist())
        self.evidence = {i: i not in short for i in ids}
        self.readiness = working.kt_readiness(self.evidence)
        risks = working.lock_in_risks()
        self.risks = risks
        self.risk = int(rng.integers(len(risks)))
        others = [i for i in range(len(risks)) if i != self.risk]
        picked = [self.risk, *rng.choice(others, size=3, replace=False).tolist()]
        self.mitigation_options = [picked[i] for i in rng.permutation(4)]
        super().__init__(
            id="08.governance", lesson="08", topic="governance",
            title="Knowledge transfer and lock-in",
            task=("The partner's hypercare ends soon. (1) Which measure best reduces the "
                  "lock-in risk described below? (2) The table gives each topic of the "
                  "knowledge-transfer plan, its exit criterion and what the client saw: tick "
                  "the exit criteria that are still unmet."),
            hints=["An exit criterion is an observable test of what the client's people can "
                   "do without the partner. Activity (a course attended, a document written, "
                   "a demonstration watched) is not the test.",
                   "Match the mitigation to the cause of the risk: knowledge calls for "
                   "transfer, ownership for a contract clause, access for client-owned "
                   "accounts, people for named-staff rules.",
                   "Step by step: (1) read the risk and its warning sign, name what the "
                   "client lacks (knowledge, ownership, access, an exit route, spare people) "
                   "and choose the measure that gives exactly that back. (2) For each topic "
                   "read the exit criterion and ask who did the work in the evidence, "
                   "whether they did it unaided, and whether the whole criterion was shown "
                   "(every difference explained, the full number of weeks, a session taught "
                   "rather than a course attended). Tick the topic when any part is "
                   "missing."])

    def expected(self) -> dict[str, object]:
        unmet = set(self.readiness.index[self.readiness["Met"] == "No"])
        return {"mitigation": f"m{self.risk}",
                "unmet": [i for i in self.plan.index if i in unmet]}

    def fields(self) -> list:
        # The choice comes first: an untouched tick list is a valid answer ("none").
        return [Choice("mitigation", "Best measure against the lock-in risk",
                       tuple((self.risks.iloc[i]["Mitigation"], f"m{i}")
                             for i in self.mitigation_options)),
                MultiChoice("unmet", "Exit criteria still unmet",
                            tuple((row["Topic"], i) for i, row in self.plan.iterrows()),
                            note="Tick every topic whose exit criterion is not met yet.")]

    def _details(self) -> str:
        rows = [[row["Topic"], row["Exit criterion"],
                 EVIDENCE[i][0 if self.evidence[i] else 1]] for i, row in self.plan.iterrows()]
        risk = self.risks.iloc[self.risk]
        return (f"**Lock-in risk.** {risk['Risk']} Warning sign: {risk['Warning sign']}\n\n"
                + markdown_table(["Topic", "Exit criterion", "What the client saw"], rows))

    def _grade(self, mitigation: str, unmet: Sequence[str]):
        want = self.expected()
        topics = self.plan["Topic"].to_dict()
        criteria = self.plan["Exit criterion"].to_dict()
        notes, hint = [], None
        if mitigation != want["mitigation"]:
            other = self.risks.iloc[int(mitigation[1:])]
            notes.append(f"(1) That measure answers another risk: “{other['Risk']}”")
            hint = self.hints[1]
        if list(unmet) != want["unmet"]:
            for i in want["unmet"]:
                if i not in unmet:
                    notes.append(f"(2) {topics[i]}: the evidence falls short of the criterion "
                                 f"(“{criteria[i]}”).")
            for i in unmet:
                if i not in want["unmet"]:
                    notes.append(f"(2) {topics[i]}: the evidence shows the criterion met.")
            hint = hint or self.hints[0]
        if not notes:
            n = len(want["unmet"])
            return True, (f"{n} exit criteria are still unmet, so the partner should not "
                          "leave yet; and the measure fits the risk."), None
        return False, " ".join(notes), hint

    def _solution(self) -> Note:
        rows = []
        for i, row in self.plan.iterrows():
            met = self.readiness.loc[i, "Met"] == "Yes"
            rows.append([row["Topic"], "Met" if met else "**Not met**",
                         "the client did it unaided, in full" if met
                         else EVIDENCE[i][1]])
        risk = self.risks.iloc[self.risk]
        ready = self.readiness.attrs
        return Note(f"**(1)** {risk['Risk']} → **{risk['Mitigation']}**\n\n**(2)**\n\n"
                    + markdown_table(["Topic", "Exit criterion", "Why"], rows)
                    + f"\n\n{ready['met']} of {ready['total']} exit criteria met: the "
                      "partner should stay until the rest are shown.")
