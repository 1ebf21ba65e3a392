"""Exercises of Lesson 04, risk: numbers drawn from the learner's seed.

Every answer is computed by :mod:`implcourse.risk` (and
:mod:`implcourse.decision_tree`) and checked within the tolerance its task
states. Amounts are in EUR; a probability asked for is typed in per cent in
the answer form, while ``check`` takes it as a fraction (0.78 for 78 %).

Examples
--------
>>> ex = Emv(seed=2)
>>> ex.check(ex.answer()).correct
True
>>> [(f.label, f.unit) for f in ex.fields()]
[('Total EMV', 'EUR')]
>>> ex.check(None).pending
True
>>> print(ex.check("abc").message)
Total EMV: type a number such as 1,250.5 (you entered 'abc')
"""

from __future__ import annotations

import math
import zlib
from statistics import NormalDist

import numpy as np

from .. import decision_tree as dt
from .. import risk
from ..answers import Choice, Number, Table, format_number
from ..validation import check_int
from . import Exercise, Note, markdown_table, numbered_list, money, pct

__all__ = ["CauseRiskEffect", "Emv", "ThreePoint", "Rating", "ResponsePays", "DecisionTree"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


_money, _pct = money, pct  # the shared formatting of amounts and rates


_PARTS = (("Cause", "cause"), ("Risk", "risk"), ("Effect", "effect"))


class CauseRiskEffect(Exercise):
    """Label statements from the register as cause, risk or effect.

    Examples
    --------
    >>> ex = CauseRiskEffect(seed=1)
    >>> ex.check(ex.expected()["labels"]).correct
    True
    >>> print(ex.check(["cause"]).message)
    Cause, risk or effect: give one answer for each of the 6 rows (you gave 1)
    """

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
            task="For each statement, choose whether it is a cause, a risk or an effect.",
            hints=["A cause is already true today; a risk may or may not happen; an effect "
                   "is what the risk would do to the objectives.",
                   "Read each risk in the sentence: because of <cause>, <risk> may occur, "
                   "which would lead to <effect>."])

    def _details(self) -> str:
        return numbered_list(self.statements)

    def fields(self) -> list[Table]:
        part = Choice("part", "Cause, risk or effect", _PARTS)
        return [Table("labels", "Cause, risk or effect", rows=tuple(self.statements),
                      column=part)]

    def expected(self) -> dict[str, list[str]]:
        return {"labels": list(self.answer)}

    def _grade(self, labels):
        given = list(labels)
        wrong = [i for i, (g, a) in enumerate(zip(given, self.answer)) if g != a]
        if not wrong:
            return True, f"All {len(given)} statements labelled correctly.", None
        first = wrong[0]
        # Point at the statement and the test to apply, never at its label: the
        # label of each statement is what the exercise asks.
        return (False, f"{len(given) - len(wrong)} of {len(given)} are right.",
                f"Look again at statement {first + 1}. " + self.hints[0])

    def _solution(self) -> Note:
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
            task="What is the total EMV of these risks, in EUR? Impacts are in EUR; threats "
                 "count negative, opportunities positive. Answers within ±1 EUR are accepted.",
            hints=["EMV = probability × impact, with the impact negative for a threat (a "
                   "loss) and positive for an opportunity (a gain).",
                   "Step by step: for each risk, multiply its probability by its impact and "
                   "give a threat's result a minus sign; then add the signed EMVs up. The "
                   "opportunity offsets the threats, so the total may be negative or "
                   "positive."])

    def answer(self) -> float:
        """The total EMV, from :func:`risk.emv`."""
        signs = [-1 if k == "threat" else 1 for k in self.kinds]
        return float(np.sum(risk.emv(self.probabilities, np.multiply(signs, self.impacts))))

    def _details(self) -> str:
        rows = [[i, kind, f"{p:.2f}", f"{impact:,.0f}"] for i, (kind, p, impact) in
                enumerate(zip(self.kinds, self.probabilities, self.impacts), start=1)]
        return markdown_table(["#", "kind", "probability", "impact (EUR)"], rows)

    def fields(self) -> list[Number]:
        return [Number("total", "Total EMV", unit="EUR", decimals=0)]

    def expected(self) -> dict[str, float]:
        return {"total": self.answer()}

    def _grade(self, total: float):
        value = total
        want = self.answer()
        if abs(value - want) <= 1:
            return True, f"Total EMV {_money(want)}.", None
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
        return False, f"{_money(value, None)} is not the total EMV.", self.hints[0]

    def _solution(self) -> Note:
        signs = [-1 if k == "threat" else 1 for k in self.kinds]
        rows = [[i, kind, f"{p:.2f} × {format_number(s * impact, 0)}",
                 format_number(risk.emv(p, s * impact), 0)]
                for i, (kind, p, impact, s) in
                enumerate(zip(self.kinds, self.probabilities, self.impacts, signs), start=1)]
        return Note(markdown_table(["#", "kind", "p × impact (EUR)", "EMV (EUR)"], rows)
                    + f"\n\nTotal EMV **{_money(self.answer())}**.")


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
                 "deviation in days (to two decimal places), and the probability of finishing "
                 f"within {self.target:g} days with a normal approximation, in per cent (to "
                 "one decimal place). Keep full precision until the end; answers within "
                 "±0.02 days (mean), ±0.03 days (standard deviation) and ±1 percentage point "
                 "(probability) are accepted, so a probability read from a printed z-table "
                 "is fine.",
            hints=["Each task: mean (O + 4M + P)/6, variance ((P − O)/6)²; means add, and "
                   "so do variances, not standard deviations.",
                   "z = (target − mean) / sd; read the probability from the normal "
                   "distribution and give it in per cent.",
                   "Step by step: for each task, compute its PERT mean and its variance; add "
                   "the three means (the path's mean) and the three variances; the path's "
                   "standard deviation is the square root of the summed variance; then "
                   "z = (target − mean) / sd, and the probability is the normal "
                   "distribution's value at z (a z-table, =NORM.S.DIST(z, TRUE) or "
                   "NormalDist().cdf(z))."])

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

    def fields(self) -> list[Number]:
        return [Number("mean", "PERT mean of the path", unit="days", minimum=0, decimals=2),
                Number("sd", "Standard deviation of the path", unit="days", minimum=0,
                       decimals=2),
                Number("probability", f"Probability of finishing within {self.target:g} days",
                       unit="%", percent=True, minimum=0, maximum=1, decimals=1)]

    def expected(self) -> dict[str, float]:
        return {"mean": self.mean(), "sd": self.sd(), "probability": self.probability()}

    def _grade(self, mean: float, sd: float, probability: float):
        want_p = self.probability()
        if abs(mean - self.mean()) > 0.02:
            if abs(mean - sum(m for _, m, _ in self.estimates)) <= 0.02:
                return False, "That is the sum of the most likely durations.", self.hints[0]
            return (False, f"{format_number(round(mean, 4))} days is not the path's PERT mean.",
                    self.hints[0])
        if abs(sd - self.sd()) > 0.03:
            summed = sum(risk.pert(*e).sd for e in self.estimates)
            if abs(sd - summed) <= 0.03:
                return False, "You added the standard deviations.", (
                    "Add the variances, then take the square root.")
            return False, "The mean is right, but not the standard deviation.", self.hints[0]
        if abs(probability - want_p) > 0.01:
            if abs(100 * probability - want_p) <= 0.01:
                return False, ("Mean and sd are right; the probability looks like a fraction "
                               "typed in the per cent box."), (
                    "The box takes per cent: multiply a fraction by a hundred before typing "
                    "it.")
            if abs(probability - (1 - want_p)) <= 0.01:
                return False, (f"Mean and sd are right, but that is the probability of taking "
                               f"longer than {self.target:g} days."), (
                    "Finishing within the target is the area to the left of z: more than half, "
                    "since the target lies beyond the mean.")
            return False, "Mean and sd are right, but not the probability.", self.hints[1]
        return True, (f"Mean {self.mean():.2f} days, sd {self.sd():.2f} days, "
                      f"P(≤ {self.target:g} days) = {_pct(want_p)}."), None

    def _solution(self) -> Note:
        rows = [[f"task {i}", f"{risk.pert(*e).mean:.2f}", f"{risk.pert(*e).variance:.4f}"]
                for i, e in enumerate(self.estimates, start=1)]
        z = (self.target - self.mean()) / self.sd()
        return Note(markdown_table(["", "PERT mean (days)", "variance"], rows)
                    + f"\n\nMean **{self.mean():.2f} days**; variance "
                      f"{self.sd() ** 2:.4f}, so sd **{self.sd():.2f} days**; z = "
                      f"({self.target:g} − {self.mean():.2f}) / {self.sd():.2f} = {z:.2f}, "
                      f"probability **{_pct(self.probability())}**.")


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
                 f"{self.impact_cost:,.0f} EUR on a budget of {self.budget:,.0f} EUR. Using "
                 "the 5×5 matrix of the lesson, give its score (to 3 decimal places, exactly) "
                 "and its rating. Probability goes to the nearest of 0.1/0.3/0.5/0.7/0.9; the "
                 "impact share of the budget goes to the first of 0.05/0.1/0.2/0.4/0.8 at or "
                 "above it; low is below 0.05 and high from 0.18.",
            hints=["Place the probability at its nearest point and the impact share at the "
                   "first point at or above it; the score is the product of the two points.",
                   "Compare the score with the two thresholds in the task: below the lower "
                   "one is low, at or above the higher one is high, in between is medium.",
                   "Step by step: impact share = cost ÷ budget; move it up to the first "
                   "impact point at or above it; move the probability to its nearest "
                   "probability point; multiply the two points for the score; then read the "
                   "rating from the thresholds."])

    def fields(self) -> list:
        return [Number("score", "Score", minimum=0, maximum=1, decimals=3),
                Choice("rating", "Rating", (("Low", "low"), ("Medium", "medium"),
                                            ("High", "high")))]

    def expected(self) -> dict[str, object]:
        score = self.matrix.score(self.probability, self.impact_cost / self.budget)
        return {"score": score, "rating": self.matrix.rating(score)}

    def _grade(self, score: float, rating: str):
        share = self.impact_cost / self.budget
        want = self.matrix.score(self.probability, share)
        if abs(score - want) > 0.0005:
            raw = self.probability * share
            if abs(score - raw) <= 0.0005:
                return False, "That multiplies the raw values.", self.hints[0]
            return (False, f"{format_number(round(score, 6))} is not the cell's score.",
                    self.hints[0])
        if rating != self.matrix.rating(want):
            return False, "The score is right, but not the rating.", self.hints[1]
        return True, f"Score {want:.3f}, rating {self.matrix.rating(want)}.", None

    def _solution(self) -> Note:
        share = self.impact_cost / self.budget
        row, col = self.matrix.cell(self.probability, share)
        p = self.matrix.probability_scale[row]
        i = self.matrix.impact_scale[col]
        score = p * i
        return Note(f"Impact share {share:.3f} → first point at or above it **{i:g}**; "
                    f"probability {self.probability:.2f} → nearest point **{p:g}**. Score "
                    f"{p:g} × {i:g} = **{score:.3f}**, rating **{self.matrix.rating(score)}**.")


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
                 f"{self.impact:,.0f} EUR. A mitigation costing {self.cost:,.0f} EUR would "
                 f"bring it to probability {self.p_after:.2f} and impact "
                 f"{self.impact_after:,.0f} EUR. Give the net value of the response in EUR "
                 "(EMV improvement minus its cost; answers within ±1 EUR are accepted) and "
                 "whether it pays.",
            hints=["EMV before = −p × impact; EMV after = −p' × impact'. The improvement is "
                   "after − before.",
                   "The response pays when the improvement exceeds its cost, that is when "
                   "the net value is positive.",
                   "Step by step: EMV before the response = −probability × impact; EMV after "
                   "= −new probability × new impact; improvement = EMV after − EMV before (a "
                   "positive amount); net value = improvement − the response's cost; it pays "
                   "if the net value is above zero."])

    def net(self) -> float:
        """Improvement minus cost, from :func:`risk.emv`."""
        before = risk.emv(self.p_before, -self.impact)
        after = risk.emv(self.p_after, -self.impact_after)
        return (after - before) - self.cost

    def fields(self) -> list:
        return [Number("net", "Net value of the response", unit="EUR", decimals=0),
                Choice("pays", "Does the response pay?", (("Yes", "yes"), ("No", "no")))]

    def expected(self) -> dict[str, object]:
        want = self.net()
        return {"net": want, "pays": "yes" if want > 0 else "no"}

    def _grade(self, net: float, pays: str):
        value = net
        want = self.net()
        if abs(value - want) > 1:
            if abs(value - (want + self.cost)) <= 1:
                return False, "That is the improvement before the response's cost.", (
                    "Subtract what the response costs from the EMV improvement.")
            return False, f"{_money(value, None)} is not the net value.", self.hints[0]
        if pays != ("yes" if want > 0 else "no"):
            return False, "The net value is right, but not the verdict.", self.hints[1]
        return (True, f"Net value {_money(want)}: it "
                      f"{'pays' if want > 0 else 'does not pay'}.", None)

    def _solution(self) -> Note:
        before = risk.emv(self.p_before, -self.impact)
        after = risk.emv(self.p_after, -self.impact_after)
        want = self.net()
        return Note(f"EMV before {_money(before)}; after {_money(after)}; improvement "
                    f"{_money(after - before)}; minus the cost {_money(self.cost)} = "
                    f"**{_money(want)}**, so it **{'pays' if want > 0 else 'does not pay'}**.")


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
            task="Roll back the decision tree below (amounts in EUR): which option should be "
                 "chosen, and what is the decision's EMV in EUR, after the option's cost? "
                 "Answers within ±1 EUR are accepted.",
            hints=["At each chance node, EMV = sum of probability × outcome.",
                   "Subtract each option's cost from its chance node's EMV, then take the "
                   "larger.",
                   "Step by step, from the leaves back to the root: for each option, the EMV "
                   "of its chance node = p × high-adoption outcome + (1 − p) × low-adoption "
                   "outcome; subtract the option's cost; choose the option with the larger "
                   "net EMV, which is the decision's EMV."])

    def _details(self) -> str:
        rows = []
        for label, cost, node in self.tree.options:
            (p_high, high), (p_low, low) = node.branches
            rows.append([label, f"{cost:,.0f}", f"{p_high:.1f} → {high.value:,.0f}",
                         f"{p_low:.1f} → {low.value:,.0f}"])
        return markdown_table(["option", "cost (EUR)", "high adoption (EUR)",
                               "low adoption (EUR)"], rows)

    def fields(self) -> list:
        options = tuple((label, label) for label, _, _ in self.tree.options)
        return [Choice("option", "Option to choose", options),
                Number("value", "EMV of the decision", unit="EUR", decimals=0)]

    def expected(self) -> dict[str, object]:
        result = dt.rollback(self.tree)
        return {"option": result.choice, "value": result.value}

    def _grade(self, option: str, value: float):
        result = dt.rollback(self.tree)
        if option != result.choice:
            return False, f"{option} is not the better option.", self.hints[1]
        if abs(value - result.value) > 1:
            gross = result.value + dict((l, c) for l, c, _ in self.tree.options)[option]
            if abs(value - gross) <= 1:
                return False, "The option's cost has not been subtracted.", self.hints[1]
            return False, "The option is right, but not the EMV.", self.hints[0]
        return True, f"{result.choice}, EMV {_money(result.value)}.", None

    def _solution(self) -> Note:
        result = dt.rollback(self.tree)
        lines = [f"- {label}: {_money(v)}" for label, v in result.children.items()]
        return Note("Net EMV of each option (chance node EMV minus cost):\n"
                    + "\n".join(lines)
                    + f"\n\nChoose **{result.choice}**, EMV **{_money(result.value)}**.")
