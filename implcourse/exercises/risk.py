"""Exercises of Lesson 04, risk: numbers drawn from the learner's seed.

Every answer is computed by :mod:`implcourse.risk` and checked within a
stated tolerance.

Examples
--------
>>> ex = Emv(seed=2)
>>> ex.check(ex.answer()).correct
True
"""

from __future__ import annotations

import math
import zlib
from statistics import NormalDist

import numpy as np

from .. import decision_tree as dt
from .. import risk
from ..validation import check_choice, check_int
from . import Exercise, Note, markdown_table, number_answer, numbered_list

__all__ = ["CauseRiskEffect", "Emv", "ThreePoint", "Rating", "ResponsePays", "DecisionTree"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


class CauseRiskEffect(Exercise):
    """Label statements from the register as cause, risk or effect."""

    def __init__(self, seed: int, count: int = 2) -> None:
        rng = _rng(seed, "cause_risk_effect")
        register = risk.load_register()
        threats = register[register["kind"] == "threat"]
        count = check_int("count", count, minimum=1, maximum=4)
        picked = threats.iloc[rng.choice(len(threats), size=count, replace=False)]
        statements = [(text, part) for row in picked.itertuples()
                      for text, part in ((row.cause, "cause"), (row.title, "risk"),
                                         (row.effect, "effect"))]
        order = rng.permutation(len(statements))
        self.statements = [statements[i][0] for i in order]
        self.answer = [statements[i][1] for i in order]
        super().__init__(
            id="04.cause_risk_effect", lesson="04", topic="identification",
            title="Cause, risk or effect?",
            task="For each statement, in order, say whether it is a 'cause', a 'risk' or an "
                 "'effect'.",
            hints=["A cause is already true today; a risk may or may not happen; an effect "
                   "is what the risk would do to the objectives.",
                   "Read each risk in the sentence: because of <cause>, <risk> may occur, "
                   "which would lead to <effect>."])

    def _details(self) -> str:
        return numbered_list(self.statements)

    def _grade(self, labels):
        from ..validation import check_str_list

        given = [x.lower() for x in check_str_list("labels", labels)]
        if len(given) != len(self.answer):
            raise ValueError(f"labels must hold {len(self.answer)} answers, one per "
                             f"statement; got {len(given)}")
        for i, label in enumerate(given):
            check_choice(f"answer {i + 1}", label, ["cause", "risk", "effect"])
        wrong = [i for i, (g, a) in enumerate(zip(given, self.answer)) if g != a]
        if not wrong:
            return True, f"All {len(given)} statements labelled correctly.", None
        return (False, f"{len(given) - len(wrong)} of {len(given)} are right.",
                f"Statement {wrong[0] + 1} is {'an' if self.answer[wrong[0]] == 'effect' else 'a'} "
                f"{self.answer[wrong[0]]}: " + self.hints[0])

    def solution(self) -> Note:
        rows = [[i, text, f"**{part}**"] for i, (text, part) in
                enumerate(zip(self.statements, self.answer), start=1)]
        return Note(markdown_table(["#", "statement", "is a"], rows))


class Emv(Exercise):
    """The total EMV of a few risks, threats negative."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "emv")
        count = int(rng.integers(3, 5))
        self.kinds = ["threat"] * (count - 1) + ["opportunity"]
        self.probabilities = [round(float(p), 2) for p in rng.choice(np.arange(0.1, 0.95, 0.05),
                                                                     size=count)]
        self.impacts = [float(rng.integers(2, 40)) * 5_000 for _ in range(count)]
        super().__init__(
            id="04.emv", lesson="04", topic="emv", title="Expected monetary value",
            task="What is the total EMV of these risks? Threats count negative, "
                 "opportunities positive. Answers within ±1 are accepted.",
            hints=["EMV = probability × impact, with the impact negative for a threat.",
                   "Add the EMVs up with their signs: the opportunity's EMV is positive."])

    def answer(self) -> float:
        """The total EMV, from :func:`risk.emv`."""
        signs = [-1 if k == "threat" else 1 for k in self.kinds]
        return float(np.sum(risk.emv(self.probabilities, np.multiply(signs, self.impacts))))

    def _details(self) -> str:
        rows = [[i, kind, f"{p:.2f}", f"{impact:,.0f}"] for i, (kind, p, impact) in
                enumerate(zip(self.kinds, self.probabilities, self.impacts), start=1)]
        return markdown_table(["#", "kind", "probability", "impact"], rows)

    def _grade(self, total: float):
        value = number_answer("total", total)
        want = self.answer()
        if abs(value - want) <= 1:
            return True, f"Total EMV {want:,.0f}.", None
        unsigned = float(np.dot(self.probabilities, self.impacts))
        if abs(value + want) <= 1:
            return False, "The sign is the wrong way round.", (
                "Threats are losses (negative EMV) and opportunities gains (positive EMV); "
                "the total keeps the sign of whichever is larger.")
        if abs(value + unsigned) <= 1:
            return False, "The opportunity was counted as a loss.", (
                "An opportunity's EMV is positive: add it, do not subtract it.")
        if abs(value - unsigned) <= 1:
            return False, "The signs are missing.", (
                "A threat's EMV is negative and an opportunity's positive.")
        return False, f"{value:,.0f} is not the total EMV.", self.hints[0]

    def solution(self) -> Note:
        signs = [-1 if k == "threat" else 1 for k in self.kinds]
        rows = [[i, kind, f"{p:.2f} × {s * impact:,.0f}", f"{risk.emv(p, s * impact):,.0f}"]
                for i, (kind, p, impact, s) in
                enumerate(zip(self.kinds, self.probabilities, self.impacts, signs), start=1)]
        return Note(markdown_table(["#", "kind", "p × impact", "EMV"], rows)
                    + f"\n\nTotal EMV **{self.answer():,.0f}**.")


class ThreePoint(Exercise):
    """PERT mean and standard deviation of a path, and a probability of meeting a date."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "three_point")
        self.estimates = []
        for _ in range(3):
            m = float(rng.integers(4, 16))
            o = float(max(1, m - rng.integers(1, 4)))
            p = float(m + rng.integers(2, 12))
            self.estimates.append((o, m, p))
        mean = self.mean()
        self.target = float(math.ceil(mean + rng.uniform(0.3, 1.5) * self.sd()))
        super().__init__(
            id="04.three_point", lesson="04", topic="estimating",
            title="Three-point estimate of a path",
            task="Three tasks run one after the other. Give the path's PERT mean and standard "
                 "deviation in days, and the probability of finishing within "
                 f"{self.target:g} days with a normal approximation (as a fraction). Keep "
                 "full precision until the end; answers within ±0.02 (mean), ±0.03 (sd) and "
                 "±0.01 (probability) are accepted.",
            hints=["Each task: mean (O + 4M + P)/6, variance ((P − O)/6)²; means add, and "
                   "so do variances, not standard deviations.",
                   "z = (target − mean) / sd; read the probability from the normal "
                   "distribution."])

    def mean(self) -> float:
        """The path's PERT mean, from :func:`risk.pert`."""
        return float(sum(risk.pert(*e).mean for e in self.estimates))

    def sd(self) -> float:
        """The path's standard deviation: the root of the summed variances."""
        return math.sqrt(risk.path_variance([risk.pert(*e).variance for e in self.estimates]))

    def probability(self) -> float:
        """P(path <= target), normal approximation."""
        return NormalDist(self.mean(), self.sd()).cdf(self.target)

    def _details(self) -> str:
        rows = [[f"task {i}", f"{o:g}", f"{m:g}", f"{p:g}"]
                for i, (o, m, p) in enumerate(self.estimates, start=1)]
        return markdown_table(["", "optimistic", "most likely", "pessimistic"], rows)

    def _grade(self, mean: float, sd: float, probability: float):
        mean = number_answer("mean", mean, minimum=0)
        sd = number_answer("sd", sd, minimum=0)
        probability = number_answer("probability", probability, minimum=0, maximum=1)
        if abs(mean - self.mean()) > 0.02:
            if abs(mean - sum(m for _, m, _ in self.estimates)) <= 0.02:
                return False, "That is the sum of the most likely durations.", self.hints[0]
            return False, f"{mean:g} is not the path's PERT mean.", self.hints[0]
        if abs(sd - self.sd()) > 0.03:
            summed = sum(risk.pert(*e).sd for e in self.estimates)
            if abs(sd - summed) <= 0.03:
                return False, "You added the standard deviations.", (
                    "Add the variances, then take the square root.")
            return False, "The mean is right, but not the standard deviation.", self.hints[0]
        if abs(probability - self.probability()) > 0.01:
            return False, "Mean and sd are right, but not the probability.", self.hints[1]
        return True, (f"Mean {self.mean():.2f}, sd {self.sd():.2f}, P(≤ {self.target:g}) = "
                      f"{self.probability():.2f}."), None

    def solution(self) -> Note:
        rows = [[f"task {i}", f"{risk.pert(*e).mean:.2f}", f"{risk.pert(*e).variance:.4f}"]
                for i, e in enumerate(self.estimates, start=1)]
        z = (self.target - self.mean()) / self.sd()
        return Note(markdown_table(["", "PERT mean", "variance"], rows)
                    + f"\n\nMean **{self.mean():.2f}**; variance "
                      f"{self.sd() ** 2:.4f}, so sd **{self.sd():.2f}**; z = "
                      f"({self.target:g} − {self.mean():.2f}) / {self.sd():.2f} = {z:.2f}, "
                      f"probability **{self.probability():.2f}**.")


class Rating(Exercise):
    """Place a risk in the 5×5 matrix: its score and rating."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "rating")
        self.matrix = risk.ProbabilityImpactMatrix()
        # Values never sit on a band edge, so the answer does not hang on the tie rule.
        ties = {0.2, 0.4, 0.6, 0.8}
        self.probability = float(rng.choice([p for p in np.round(np.arange(0.05, 0.96, 0.01), 2)
                                             if p not in ties]))
        self.budget = float(rng.integers(10, 60)) * 50_000
        share = float(rng.choice([s for s in range(1, 60) if s not in (5, 10, 20, 40)])) / 100
        self.impact_cost = share * self.budget
        super().__init__(
            id="04.rating", lesson="04", topic="matrix", title="Score and rating",
            task=f"A threat has probability {self.probability:.2f} and would cost "
                 f"{self.impact_cost:,.0f} on a budget of {self.budget:,.0f}. Using the 5×5 "
                 "matrix of the lesson, give its score (to 3 decimal places) and its rating. "
                 "Probability goes to the nearest of 0.1/0.3/0.5/0.7/0.9; the impact share of "
                 "the budget goes to the first of 0.05/0.1/0.2/0.4/0.8 at or above it; low is "
                 "below 0.05 and high from 0.18.",
            hints=["Place the probability at its nearest point and the impact share at the "
                   "first point at or above it; the score is the product of the two points.",
                   "Then compare the score with the thresholds 0.05 and 0.18."])

    def _grade(self, score: float, rating: str):
        score = number_answer("score", score, minimum=0, maximum=1)
        rating = check_choice("rating", str(rating).strip().lower(), ["low", "medium", "high"])
        share = self.impact_cost / self.budget
        want = self.matrix.score(self.probability, share)
        if abs(score - want) > 0.0005:
            raw = self.probability * share
            if abs(score - raw) <= 0.0005:
                return False, "That multiplies the raw values.", self.hints[0]
            return False, f"{score:g} is not the cell's score.", self.hints[0]
        if rating != self.matrix.rating(want):
            return False, "The score is right, but not the rating.", self.hints[1]
        return True, f"Score {want:.3f}, rating {self.matrix.rating(want)}.", None

    def solution(self) -> Note:
        share = self.impact_cost / self.budget
        row, col = self.matrix.cell(self.probability, share)
        p = self.matrix.probability_scale[row]
        i = self.matrix.impact_scale[col]
        score = p * i
        return Note(f"Impact share {share:.3f} → first point at or above it **{i:g}**; "
                    f"probability {self.probability:.2f} → nearest point **{p:g}**. Score {p:g} × {i:g} = "
                    f"**{score:.3f}**, rating **{self.matrix.rating(score)}**.")


class ResponsePays(Exercise):
    """Does a mitigation pay: EMV improvement against its cost?"""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "response_pays")
        self.impact = float(rng.integers(10, 60)) * 5_000
        self.p_before = round(float(rng.uniform(0.3, 0.8)), 2)
        self.p_after = round(self.p_before * float(rng.uniform(0.2, 0.7)), 2)
        self.impact_after = self.impact * float(rng.choice([1.0, 0.8, 0.6]))
        gain = self.p_before * self.impact - self.p_after * self.impact_after
        self.cost = float(round(gain * float(rng.uniform(0.5, 1.5)) / 1_000) * 1_000)
        super().__init__(
            id="04.response_pays", lesson="04", topic="responses",
            title="Does the response pay?",
            task=f"A threat has probability {self.p_before:.2f} and impact "
                 f"{self.impact:,.0f}. A mitigation costing {self.cost:,.0f} would bring it to "
                 f"probability {self.p_after:.2f} and impact {self.impact_after:,.0f}. Give "
                 "the net value of the response (EMV improvement minus its cost; within ±1) "
                 "and whether it pays ('yes' or 'no').",
            hints=["EMV before = −p × impact; EMV after = −p' × impact'. The improvement is "
                   "after − before.",
                   "The response pays when the improvement exceeds its cost."])

    def net(self) -> float:
        """Improvement minus cost, from :func:`risk.emv`."""
        before = risk.emv(self.p_before, -self.impact)
        after = risk.emv(self.p_after, -self.impact_after)
        return (after - before) - self.cost

    def _grade(self, net: float, pays: str):
        value = number_answer("net", net)
        pays = check_choice("pays", str(pays).strip().lower(), ["yes", "no"])
        want = self.net()
        if abs(value - want) > 1:
            if abs(value - (want + self.cost)) <= 1:
                return False, "That is the improvement before the response's cost.", (
                    "Subtract what the response costs from the EMV improvement.")
            return False, f"{value:,.0f} is not the net value.", self.hints[0]
        if pays != ("yes" if want > 0 else "no"):
            return False, "The net value is right, but not the verdict.", self.hints[1]
        return True, f"Net {want:,.0f}: it {'pays' if want > 0 else 'does not pay'}.", None

    def solution(self) -> Note:
        before = risk.emv(self.p_before, -self.impact)
        after = risk.emv(self.p_after, -self.impact_after)
        want = self.net()
        return Note(f"EMV before {before:,.0f}; after {after:,.0f}; improvement "
                    f"{after - before:,.0f}; minus the cost {self.cost:,.0f} = **{want:,.0f}**, "
                    f"so it **{'pays' if want > 0 else 'does not pay'}**.")


class DecisionTree(Exercise):
    """Roll back a two-option decision tree."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "decision_tree")
        self.p = round(float(rng.uniform(0.3, 0.8)), 1)

        def option(label: str, cost: float, high: float, low: float):
            return (label, cost, dt.Chance(f"Adoption ({label.lower()})", (
                (self.p, dt.Outcome(f"High adoption ({label.lower()})", high)),
                (1 - self.p, dt.Outcome(f"Low adoption ({label.lower()})", low)))))

        def thousands(value: float) -> float:
            return float(round(value / 1_000) * 1_000)

        big = float(rng.integers(60, 120)) * 10_000
        small = float(rng.integers(20, 50)) * 10_000
        self.tree = dt.Decision("Which solution?", (
            option("Full suite", big, thousands(big * float(rng.uniform(1.6, 2.4))),
                   thousands(big * float(rng.uniform(0.6, 1.0)))),
            option("Point solution", small, thousands(small * float(rng.uniform(1.4, 2.2))),
                   thousands(small * float(rng.uniform(0.8, 1.1))))))
        super().__init__(
            id="04.decision_tree", lesson="04", topic="emv", title="Decision tree",
            task="Roll back the decision tree below: which option should be chosen, and what "
                 "is the decision's EMV (after the option's cost; within ±1)?",
            hints=["At each chance node, EMV = sum of probability × outcome.",
                   "Subtract each option's cost from its chance node's EMV, then take the "
                   "larger."])

    def _details(self) -> str:
        rows = []
        for label, cost, node in self.tree.options:
            (p_high, high), (p_low, low) = node.branches
            rows.append([label, f"{cost:,.0f}", f"{p_high:.1f} → {high.value:,.0f}",
                         f"{p_low:.1f} → {low.value:,.0f}"])
        return markdown_table(["option", "cost", "high adoption", "low adoption"], rows)

    def _grade(self, option: str, value: float):
        labels = {label.lower(): label for label, _, _ in self.tree.options}
        option = labels[check_choice("option", str(option).strip().lower(), list(labels))]
        value = number_answer("value", value)
        result = dt.rollback(self.tree)
        if option != result.choice:
            return False, f"{option} is not the better option.", self.hints[1]
        if abs(value - result.value) > 1:
            gross = result.value + dict((l, c) for l, c, _ in self.tree.options)[option]
            if abs(value - gross) <= 1:
                return False, "The option's cost has not been subtracted.", self.hints[1]
            return False, "The option is right, but not the EMV.", self.hints[0]
        return True, f"{result.choice}, EMV {result.value:,.0f}.", None

    def solution(self) -> Note:
        result = dt.rollback(self.tree)
        lines = [f"- {label}: {v:,.0f}" for label, v in result.children.items()]
        return Note("Net EMV of each option (chance node EMV minus cost):\n"
                    + "\n".join(lines)
                    + f"\n\nChoose **{result.choice}**, EMV **{result.value:,.0f}**.")
