"""Exercises of Lesson 09, the capstone workshop: one per step, on the case's data.

Each exercise starts from the capstone case (``datasets/capstone/``,
synthetic) and changes one thing drawn from the learner's seed, so that two
learners (or two groups) get different numbers: one answer of the
suitability filter, one rollout factor, the risk to examine, the discount
rate, one partner weight, a KPI's latest measurement. The answer is computed
by the same package functions as lessons 02 to 08.

Examples
--------
>>> ex = CaseNpv(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> ex = SuitabilityWhatIf(seed=1)
>>> ex.check(**ex.expected()).correct
True
"""

from __future__ import annotations

import zlib

import numpy as np

from .. import capstone, finance, risk
from ..answers import Choice, Number, format_number
from ..validation import check_int
from . import Exercise, Note, markdown_table, money, pct

__all__ = ["SuitabilityWhatIf", "RolloutWhatIf", "RiskResponse", "CaseNpv", "PartnerWhatIf",
           "KpiProgress"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    stream = zlib.crc32(f"capstone.{exercise}".encode("utf-8"))
    return np.random.default_rng([check_int("seed", seed, minimum=0), stream])


_ZONES = (("Agile", "agile"), ("Hybrid", "hybrid"), ("Predictive", "predictive"))


class SuitabilityWhatIf(Exercise):
    """The suitability filter's median and fit after one answer of the case changes.

    Examples
    --------
    >>> ex = SuitabilityWhatIf(seed=0)
    >>> sorted(ex.expected())
    ['fit', 'median']
    """

    def __init__(self, seed: int) -> None:
        from ..methods import suitability

        rng = _rng(seed, "suitability")
        case = capstone.load_case_study()
        questions = {q["id"]: q["label"] for q in suitability.suitability_questions()}
        self.question = str(rng.choice(sorted(case.answers)))
        old = case.answers[self.question]
        choices = [v for v in range(1, 11) if v != old]
        self.value = int(rng.choice(choices))
        self.answers = {**case.answers, self.question: self.value}
        self.label = questions[self.question]
        self._labels = questions
        super().__init__(
            id="09.suitability", lesson="09", topic="approach",
            title="The suitability filter, one answer changed",
            task=(f"In the case, the answer to **{self.label}** is {old}. Your group argues it "
                  f"should be **{self.value}**. With the nine answers below, what is the "
                  "median answer, and which fit does the filter read?"),
            hints=["Sort the nine answers; the median is the fifth.",
                   "The course's bands: 1 to 3 agile, 4 to 7 hybrid, 8 to 10 predictive; the "
                   "fit is the band of the median."])

    def _details(self) -> str:
        return markdown_table(["Question", "Answer"],
                              [[self._labels[q], v] for q, v in self.answers.items()])

    def fields(self) -> list:
        return [Number("median", "Median answer", minimum=1, maximum=10, decimals=0),
                Choice("fit", "Fit", _ZONES)]

    def expected(self) -> dict[str, object]:
        from .. import methods

        reading = methods.assess_suitability(self.answers)
        return {"median": float(reading.median), "fit": reading.fit}

    def _grade(self, median: float, fit: str):
        want = self.expected()
        if median != want["median"]:
            return False, f"{format_number(median)} is not the median.", self.hints[0]
        if fit != want["fit"]:
            return False, "The median is right, but not the fit.", self.hints[1]
        return True, f"Median {want['median']:g}: the filter reads {want['fit']}.", None

    def _solution(self) -> Note:
        want = self.expected()
        ordered = ", ".join(str(v) for v in sorted(self.answers.values()))
        return Note(f"Sorted answers: {ordered}. The fifth is **{want['median']:g}**, in the "
                    f"band of **{want['fit']}**.")


class RolloutWhatIf(Exercise):
    """The leading rollout strategy after one factor of the case changes.

    Examples
    --------
    >>> ex = RolloutWhatIf(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        from .. import rollout

        rng = _rng(seed, "rollout")
        base = capstone.rollout_factors()
        factors = {f.id: f for f in rollout.load_factors()}
        ordinal = [k for k in base if factors[k].kind == "ordinal"]
        self.factor = str(rng.choice(ordinal))
        f = factors[self.factor]
        old = int(base[self.factor])
        choices = [v for v in range(int(f.scale_min), int(f.scale_max) + 1) if v != old]
        self.value = int(rng.choice(choices))
        self.factors = {**base, self.factor: float(self.value)}
        self.name = f.name
        self.options = tuple((s.name, s.id) for s in rollout.load_strategies()
                             if s.id in rollout.recommend_strategy(base).scores)
        super().__init__(
            id="09.rollout", lesson="09", topic="rollout",
            title="Rollout strategy, one factor changed",
            task=(f"In the case, **{f.name}** is {old}. Set it to **{self.value}** in the "
                  "strategy tool (the other factors as the case gives them, default weights). "
                  "Which strategy leads now, and with what score out of 100? Answers within "
                  "±0.1 are accepted."),
            hints=["The strategy tool above opens on the case's factors: change this one.",
                   "Each strategy's score is the weighted sum of its fit on every factor; "
                   "the tool lists them in order, highest first."])

    def fields(self) -> list:
        return [Choice("strategy", "Leading strategy", self.options),
                Number("score", "Its score", unit="of 100", minimum=0, maximum=100,
                       decimals=1)]

    def _result(self):
        from .. import rollout

        return rollout.recommend_strategy(self.factors)

    def expected(self) -> dict[str, object]:
        rec = self._result()
        return {"strategy": rec.top, "score": float(rec.scores[rec.top])}

    def _grade(self, strategy: str, score: float):
        want = self.expected()
        if strategy != want["strategy"]:
            return False, "That strategy does not lead with this factor.", self.hints[0]
        if abs(score - want["score"]) > 0.1:
            return False, "The leader is right, but not its score.", self.hints[1]
        return True, f"{self._result().top_name} leads with {want['score']:.1f}.", None

    def _solution(self) -> Note:
        rec = self._result()
        rows = [[name, f"{rec.scores[key]:.1f}"] for name, key in self.options
                if key in rec.scores]
        rows.sort(key=lambda r: -float(r[1]))
        return Note(f"With {self.name} = {self.value}:\n\n"
                    + markdown_table(["Strategy", "Score"], rows)
                    + f"\n\n**{rec.top_name}** leads.")


class RiskResponse(Exercise):
    """EMV before and after one planned response of the case, and whether it pays.

    Examples
    --------
    >>> ex = RiskResponse(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "risk")
        register = capstone.case_register()
        threats = register[(register["kind"] == "threat") & (register["status"] == "active")]
        self.risk_id = str(rng.choice(sorted(threats["id"])))
        self.row = register.set_index("id").loc[self.risk_id]
        self.values = risk.response_value(register).loc[self.risk_id]
        r = self.row
        super().__init__(
            id="09.risk", lesson="09", topic="risk",
            title="Does the response pay?",
            task=(f"Risk {self.risk_id} of the case's register: *{r['title']}*. Give the EMV "
                  "improvement of its response (EMV before minus EMV after, on cost, in EUR) "
                  "and say whether the response pays for itself. Answers within ±1 EUR are "
                  "accepted."),
            hints=["EMV = probability × impact; compute it before and after the response.",
                   "The improvement is the difference of the two EMVs; the response pays when "
                   "the improvement is larger than what the response costs."])

    def _details(self) -> str:
        r = self.row
        return markdown_table(
            ["", "Probability", "Impact (cost)"],
            [["Before the response", f"{r['probability']:g}", money(r["impact_cost"])],
             ["After the response", f"{r['residual_probability']:g}",
              money(r["residual_impact_cost"])]]) + \
            f"\n\nThe response ({r['response']}) costs {money(r['response_cost'])}."

    def fields(self) -> list:
        return [Number("improvement", "EMV improvement", unit="EUR", decimals=0),
                Choice("pays", "Does it pay?", (("Yes", "yes"), ("No", "no")))]

    def expected(self) -> dict[str, object]:
        return {"improvement": float(self.values["improvement"]),
                "pays": "yes" if bool(self.values["pays"]) else "no"}

    def _grade(self, improvement: float, pays: str):
        want = self.expected()
        if abs(improvement - want["improvement"]) > 1:
            return False, f"{money(improvement, None)} is not the improvement.", self.hints[0]
        if pays != want["pays"]:
            return False, "The improvement is right; compare it with the response's cost.", \
                self.hints[1]
        return True, (f"Improvement {money(want['improvement'])}: the response "
                      f"{'pays' if want['pays'] == 'yes' else 'does not pay'}."), None

    def _solution(self) -> Note:
        v = self.values
        return Note(f"EMV before {money(v['emv_before'])}, after {money(v['emv_after'])}: "
                    f"improvement **{money(v['improvement'])}**; the response costs "
                    f"{money(v['response_cost'])}, net {money(v['net'])}, so it "
                    f"**{'pays' if bool(v['pays']) else 'does not pay'}**.")


class CaseNpv(Exercise):
    """NPV of the case's cash flows at a seeded rate, and the payback period.

    Examples
    --------
    >>> ex = CaseNpv(seed=0)
    >>> ex.rate in (0.06, 0.07, 0.09, 0.10, 0.11, 0.12)
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "npv")
        case = capstone.case_business_case()
        self.rate = float(rng.choice([0.06, 0.07, 0.09, 0.10, 0.11, 0.12]))
        self.cashflows = [float(x) for x in case.cashflows()]
        super().__init__(
            id="09.npv", lesson="09", topic="business_case",
            title="The case's NPV at the finance director's rate",
            task=(f"The finance director asks for the NPV of the case's net cash flows at "
                  f"**{pct(self.rate, 0)}** (year 0 is today and is not discounted), and the "
                  "simple payback period in years. NPV within ±500 EUR and payback within "
                  "±0.01 year are accepted."),
            hints=["Discount each year's net flow by (1 + r)^t and add them up; for the payback, "
                   "cumulate the flows until the total turns positive.",
                   "The calculator tool takes the case file: change its discount rate. Payback "
                   "= the last year still negative + the share of the next year's flow needed "
                   "to reach zero."])

    def _details(self) -> str:
        return markdown_table(["Year", "Net cash flow"],
                              [[t, money(c)] for t, c in enumerate(self.cashflows)])

    def fields(self) -> list:
        return [Number("npv", "NPV", unit="EUR", decimals=0),
                Number("payback", "Payback period", unit="years", minimum=0, decimals=2)]

    def expected(self) -> dict[str, float]:
        return {"npv": finance.npv(self.rate, self.cashflows),
                "payback": finance.payback_period(self.cashflows)}

    def _grade(self, npv: float, payback: float):
        want = self.expected()
        if abs(npv - want["npv"]) > 500:
            if abs(npv - finance.spreadsheet_npv(self.rate, self.cashflows)) <= 500:
                return False, "You discounted year 0 as well.", self.hints[0]
            return False, f"{money(npv, None)} is not the NPV.", self.hints[0]
        if abs(payback - want["payback"]) > 0.01:
            return False, "The NPV is right, but not the payback.", self.hints[1]
        return True, (f"NPV {money(want['npv'])} at {pct(self.rate, 0)}; payback "
                      f"{want['payback']:.2f} years."), None

    def _solution(self) -> Note:
        want = self.expected()
        rows, total = [], 0.0
        for t, c in enumerate(self.cashflows):
            total += c
            rows.append([t, money(c), f"{1 / (1 + self.rate) ** t:.4f}",
                         money(c / (1 + self.rate) ** t), money(total)])
        return Note(markdown_table(["Year", "Flow", "Factor", "Present value", "Cumulative flow"],
                                   rows)
                    + f"\n\nNPV **{money(want['npv'])}**; payback **{want['payback']:.2f} years**.")


class PartnerWhatIf(Exercise):
    """The winning partner type after one weight of the case changes.

    Examples
    --------
    >>> ex = PartnerWhatIf(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        from ..partners import profiles

        rng = _rng(seed, "partner")
        base = capstone.partner_weights()
        names = {a.id: a.name for a in profiles.aspects()}
        self.aspect = str(rng.choice(sorted(base)))
        old = base[self.aspect]
        self.value = float(rng.choice([v for v in (0, 5, 10, 30, 40, 50) if v != old]))
        self.weights = {**base, self.aspect: self.value}
        self.aspect_name = names[self.aspect]
        result = self._result()
        self.options = tuple((name, key) for key, name in
                             zip(result.order, result.ranking["Partner"]))
        super().__init__(
            id="09.partner", lesson="09", topic="partner",
            title="Partner scoring, one weight changed",
            task=(f"The case weighs **{self.aspect_name}** at {old:g}. The steering committee "
                  f"sets it to **{self.value:g}**, the other weights unchanged. Which partner "
                  "type wins now, and with what weighted score (1 to 5)? Scores within ±0.01 "
                  "are accepted."),
            hints=["Divide each weight by the total; a partner's score is the sum of share × "
                   "rating over the six aspects.",
                   "The scoring tool above opens on the case's weights: change this one, and "
                   "read the winner and its score."])

    def _result(self):
        from ..partners import scoring

        return scoring.score_partners(self.weights)

    def fields(self) -> list:
        return [Choice("partner", "Winner", tuple(sorted(self.options))),
                Number("score", "Its score", unit="of 5", minimum=0, maximum=5, decimals=2)]

    def expected(self) -> dict[str, object]:
        result = self._result()
        return {"partner": result.winner, "score": float(result.scores[result.winner])}

    def _grade(self, partner: str, score: float):
        want = self.expected()
        if partner != want["partner"]:
            return False, "That partner type does not win with these weights.", self.hints[0]
        if abs(score - want["score"]) > 0.01:
            return False, "The winner is right, but not its score.", self.hints[0]
        return True, f"{self._result().winner_name} wins with {want['score']:.2f}.", None

    def _solution(self) -> Note:
        result = self._result()
        rows = [[name, f"{result.scores[key]:.2f}"] for name, key in self.options]
        return Note(result.normalisation + "\n\n"
                    + markdown_table(["Partner type", "Weighted score"], rows)
                    + f"\n\n**{result.winner_name}** wins.")


class KpiProgress(Exercise):
    """How far one of the case's KPIs has moved from baseline to target, and its status.

    The status rule is stated in the task (a teaching rule): green at 80 % of
    the way or more, amber at 50 % or more, red below; graded by
    :func:`implcourse.metrics.dashboard.rag`. The drawn progress stays at
    least :attr:`MARGIN` points from either threshold, for every seed, so that
    the answer's ±0.5 point tolerance never straddles a colour boundary.

    Examples
    --------
    >>> ex = KpiProgress(seed=0)
    >>> ex.check(**ex.expected()).correct
    True
    """

    GREEN, AMBER = 80.0, 50.0
    #: The shares of the way drawn from: none on a threshold.
    SHARES = (0.3, 0.4, 0.45, 0.6, 0.65, 0.75, 0.85, 0.9)
    #: The least distance, in points, of a drawn progress from either threshold.
    MARGIN = 2.0

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "kpi")
        kpis = capstone.case_kpis()
        self.kpi = kpis[int(rng.integers(len(kpis)))]
        step = self.kpi.target - self.kpi.baseline
        # Shares clear of the thresholds, and of the answers' tolerance around them once
        # the measurement is rounded, so that no seed lands on a boundary.
        fair = [m for m in (round(self.kpi.baseline + share * step, 1) for share in self.SHARES)
                if all(abs(100 * (m - self.kpi.baseline) / step - limit) > self.MARGIN
                       for limit in (self.GREEN, self.AMBER))]
        self.measured = float(fair[int(rng.integers(len(fair)))])
        k = self.kpi
        super().__init__(
            id="09.kpi", lesson="09", topic="kpis",
            title="KPI progress and status",
            task=(f"Six months after go-live, **{k.name}** stands at {self.measured:g} {k.unit} "
                  f"(baseline {k.baseline:g}, target {k.target:g}). What share of the way from "
                  "baseline to target has it come, in per cent (within ±0.5 point), and what "
                  "is its status? The workshop's rule: green at 80 % of the way or more, amber "
                  "at 50 % or more, red below."),
            hints=["Progress = (measured − baseline) ÷ (target − baseline) × 100; it works the "
                   "same when the target is below the baseline.",
                   "Compare the progress with the two thresholds; a value exactly on a "
                   "threshold takes the better colour."])

    def fields(self) -> list:
        return [Number("progress", "Progress", unit="%", decimals=1),
                Choice("status", "Status", (("Green", "green"), ("Amber", "amber"),
                                            ("Red", "red")))]

    def expected(self) -> dict[str, object]:
        from ..metrics import dashboard

        k = self.kpi
        progress = 100 * (self.measured - k.baseline) / (k.target - k.baseline)
        return {"progress": progress, "status": dashboard.rag(progress, self.GREEN, self.AMBER)}

    def _grade(self, progress: float, status: str):
        want = self.expected()
        if abs(progress - want["progress"]) > 0.5:
            return False, f"{format_number(progress)} % is not the progress.", self.hints[0]
        if status != want["status"]:
            return False, "The progress is right, but not the status.", self.hints[1]
        return True, f"{want['progress']:.1f} % of the way: {want['status']}.", None

    def _solution(self) -> Note:
        want = self.expected()
        k = self.kpi
        return Note(f"({self.measured:g} − {k.baseline:g}) ÷ ({k.target:g} − {k.baseline:g}) "
                    f"× 100 = **{want['progress']:.1f} %**, so **{want['status']}**.")
