"""Exercises of Lesson 03, upgrade and rollout strategies.

Each exercise is drawn from the learner's seed and the lesson's data in
``datasets/rollout/``, and every answer it checks against comes from
:mod:`implcourse.rollout`: the strategies and kinds of service, the
weighted-scoring teaching model (:func:`~implcourse.rollout.recommend_strategy`,
:func:`~implcourse.rollout.weight_sensitivity`), the rollback and hypercare
exit criteria of the cutover template, and the communication plan.

The short scenarios of :class:`WhichStrategy` and :class:`ServiceKinds` are
**synthetic**, written for the course from the facts in
``datasets/rollout/strategies.yml`` and ``services.yml`` (which cite their
sources); the cutover and hypercare situations are synthetic too, and apply
the illustrative thresholds of ``datasets/rollout/cutover.yml``.

Examples
--------
>>> ex = WhichStrategy(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> ex = ScoreStrategies(seed=3)
>>> answer = ex.recommendation()
>>> ex.check(answer.top, answer.scores[answer.top]).correct
True
>>> print(ex.check("phased", "abc").message)
Score of the recommended strategy: type a number such as 1,250.5 (you entered 'abc')
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import rollout
from ..answers import Choice, MultiChoice, Number, Table, format_number
from ..validation import check_int
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["WhichStrategy", "ScoreStrategies", "WeightToFlip", "RollbackDecision",
           "HypercareExit", "ChannelForMessage", "ServiceKinds"]

#: The strategies the scoring model ranks (the classic four), in the data's order.
_SCORED = ("big_bang", "phased", "parallel", "pilot")


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _cover_then_fill(rng: np.random.Generator, groups: list[str], cover, n_items: int) -> list[int]:
    """Indices of ``n_items`` items, shuffled: first one item of each group in ``cover``
    (in that order, as many as fit), then distinct others at random. ``groups`` gives
    each item's group. So every group appears when there is room for it."""
    chosen = [int(rng.choice([i for i, g in enumerate(groups) if g == group]))
              for group in cover][:n_items]
    rest = [i for i in range(len(groups)) if i not in chosen]
    chosen += rng.choice(rest, size=n_items - len(chosen), replace=False).tolist()
    return rng.permutation(chosen).tolist()


def _names() -> dict[str, str]:
    """Strategy id -> name, from ``strategies.yml``."""
    return {s.id: s.name for s in rollout.load_strategies()}


def _wrong_positions(given: Sequence[str], expected: Sequence[str]) -> list[int]:
    return [i for i, (g, e) in enumerate(zip(given, expected)) if g != e]


def _article(name: str) -> str:
    """The indefinite article for a name: "an" before a vowel, else "a"."""
    return "an" if name[:1].lower() in "aeiou" else "a"


def _lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, unless it starts an acronym ("IT")."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _points(value: float) -> str:
    return format_number(value, 1)


# --------------------------------------------------------------------------
# 1. Which strategy fits the scenario?
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Scenario:
    """A short synthetic scenario: its text never names the answer; ``look_at`` points
    at the clue with a question (shown when it is answered wrongly) and ``clue`` says
    what gives the answer away (shown only in the worked solution)."""

    id: str
    text: str
    answer: str
    look_at: str
    clue: str


#: The pool of scenarios, three for each classic strategy and two for each modern
#: form, written from the facts of ``datasets/rollout/strategies.yml``.
SCENARIOS: tuple[_Scenario, ...] = (
    _Scenario("timesheet_weekend", "A 40-person consultancy replaces its time-sheet tool over "
              "a long weekend. Old and new tools cannot share data, so on Monday everyone "
              "starts on the new one and the old one is switched off.", "big_bang",
              "How many people move, and at how many moments? Is the old tool kept running?",
              "Everyone moves at one agreed moment after an accepted weekend outage, and old "
              "and new cannot run side by side."),
    _Scenario("schema_change", "A new release changes the database schema so that the old "
              "application can no longer read the data. Every application on it must switch "
              "during one Sunday maintenance window.", "big_bang",
              "Can the old and the new version run at the same time here, even for a few "
              "users?",
              "An incompatible schema prevents any coexistence, so all targets move at once "
              "(ITIL 4's example for this strategy)."),
    _Scenario("club_office", "A sports club with one office and twelve volunteers swaps its "
              "membership spreadsheet for a small hosted tool on a quiet Friday, with nothing "
              "kept on the spreadsheet afterwards.", "big_bang",
              "How large and how integrated is this change, and is there any second group "
              "still to move later?",
              "A small, simple system and a single group: one moment of switch-over is the "
              "cheapest and shortest transition."),
    _Scenario("countries_sequence", "A retailer moves its twelve countries to the new ERP in a "
              "fixed sequence, one country each quarter; every country that moves stays on the "
              "new system while the rest wait their turn.", "phased",
              "Is the first move a trial that decides whether the rest follow, or one planned "
              "step of several?",
              "A planned series of moves by site, each final, until everyone has moved: the "
              "organisation is cut by country."),
    _Scenario("modules_in_turn", "A manufacturer switches on finance in January, purchasing in "
              "April and production planning in September, with temporary interfaces to the "
              "old system for the parts not yet moved.", "phased",
              "What is cut into parts here: the people, or the system's functions?",
              "The system goes live module by module, with temporary interfaces to the old "
              "system for the rest."),
    _Scenario("departments_year", "A university moves its staff to a new HR portal department "
              "by department over a year, so that the help desk never answers more than one "
              "department's first questions at a time.", "phased",
              "How is the support load kept small, and does every group move for good when "
              "its turn comes?",
              "User groups move one after another for good, which spreads training and "
              "support over time."),
    _Scenario("payroll_compare", "For three monthly pay runs, the payroll team enters every "
              "change in both the old and the new payroll system and compares the payslips "
              "line by line before the old one is switched off.", "parallel",
              "Is the old system still doing live work while the new one is tried, and for "
              "whom?",
              "Both systems process the same live transactions and their results are "
              "compared: payroll is the textbook case."),
    _Scenario("regulator_quarter", "A bank must prove to its auditors that a new regulatory "
              "reporting system produces the same figures as the old one for a full quarter "
              "before the old one may be retired; staff have agreed to the extra work.",
              "parallel",
              "What must be proven, against what, and what does the extra work consist of?",
              "Proof of identical results against the old system, accepted by auditors, at "
              "the price of double work."),
    _Scenario("billing_cycles", "A utility keeps its old billing system live and runs the same "
              "customer accounts through the new one for two billing cycles, investigating "
              "every invoice that differs.", "parallel",
              "How many systems produce invoices for the same accounts, and why?",
              "The same accounts go through both live systems and every difference is "
              "explained before the old one goes."),
    _Scenario("branch_first", "A bank with 300 similar branches puts its new teller system "
              "into one typical branch for two months; only when that branch works smoothly "
              "will the others follow.", "pilot",
              "What is the role of the first branch: one step of a fixed plan, or a test that "
              "decides what happens next?",
              "One representative site proves the system in real use before the rest move."),
    _Scenario("ward_trial", "A hospital trust introduces electronic prescribing on one ward "
              "chosen as representative, refines the training material there, and only then "
              "plans the rest of the hospital.", "pilot",
              "Why was that ward chosen, and what is learnt there before any other ward "
              "moves?",
              "A representative unit goes first, and its lessons shape the wider rollout."),
    _Scenario("store_trial", "A supermarket chain tries new self-checkout software in one store "
              "of average size to learn what goes wrong, before deciding on its other 80 "
              "stores.", "pilot",
              "Is the decision on the other stores already taken?",
              "A typical store tests the system in production; the rest wait for the verdict."),
    _Scenario("checkout_share", "An online shop sends 2 % of its visitors to a new checkout "
              "service, compares their error rates and response times with everyone else's, "
              "and raises the share step by step while the numbers stay healthy.", "canary",
              "How is the first group of users chosen, and what decides each further step?",
              "A small share of live traffic, compared automatically with the rest, grows "
              "step by step: the software form of trying it on a few first."),
    _Scenario("five_servers", "A streaming service installs a new release on five of its 500 "
              "servers first; automated monitoring halts the rollout if those five show more "
              "errors than the others.", "canary",
              "What happens on the five servers, and who or what decides whether to go on?",
              "A small slice of production runs the release under automated comparison "
              "before it spreads."),
    _Scenario("idle_environment", "A ticketing website keeps two identical production "
              "environments. The new version is installed and checked on the idle one; then "
              "the load balancer moves all traffic across in seconds, and the other "
              "environment stays ready.", "blue_green",
              "How many users move at once, and what is kept ready in case it goes wrong?",
              "All users switch at once, but to a second, already checked environment, with "
              "the previous one kept as an immediate fallback."),
    _Scenario("router_switch", "An online bank deploys its app to a second, identical copy of "
              "production. At 2 a.m. the router switches every customer to it at once, and "
              "switching back takes one command.", "blue_green",
              "Is anybody left on the old version after the switch, and how hard is the way "
              "back?",
              "Everyone switches in one step between two identical environments, and the way "
              "back is a switch of the router."),
)


class WhichStrategy(Exercise):
    """Match five seeded scenarios to the rollout strategy they describe.

    One scenario of each classic strategy is drawn first, then the rest from
    the whole pool, so the modern forms (canary release, blue-green
    deployment) appear for some learners.

    Examples
    --------
    >>> ex = WhichStrategy(seed=1)
    >>> len(ex.scenarios), len(ex.fields()[0].column.options)
    (5, 6)
    >>> ex.check(**ex.expected()).message
    'All 5 scenarios matched to their strategy.'
    """

    def __init__(self, seed: int, n_items: int = 5) -> None:
        rng = _rng(seed, "which_strategy")
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(SCENARIOS))
        picked = _cover_then_fill(rng, [s.answer for s in SCENARIOS], _SCORED, n_items)
        self.scenarios = [SCENARIOS[i] for i in picked]
        super().__init__(
            id="03.which_strategy", lesson="03", topic="strategies",
            title="Which rollout strategy is it?",
            task="For each scenario, choose the rollout strategy it describes; the same "
                 "strategy may fit more than one scenario. Canary release "
                 "and blue-green deployment are the modern software forms of two of the "
                 "classic strategies: choose them when the scenario is about routing "
                 "software traffic.",
            hints=["Ask two questions: do all users move at one moment or in steps, and does "
                   "the old system keep doing live work meanwhile?",
                   "Tell the stepwise strategies apart by the first step: a representative "
                   "trial whose result decides the rest, or one step of a plan already fixed. "
                   "Two systems processing the same work is a different strategy again.",
                   "Work through each scenario with the tests in order: how many move at "
                   "once (everyone, or a part); if a part, whether it is a trial or a planned "
                   "step; whether the old system runs the same work side by side; and whether "
                   "the change is software steered by a router or a share of traffic, which "
                   "points to a modern form rather than its classic counterpart."])

    def _details(self) -> str:
        return numbered_list(s.text for s in self.scenarios)

    def fields(self) -> list[Table]:
        strategies = Choice("strategy", "Strategy",
                            tuple((s.name, s.id) for s in rollout.load_strategies()))
        return [Table("strategies", "Strategy", rows=tuple(s.text for s in self.scenarios),
                      column=strategies)]

    def expected(self) -> dict[str, list[str]]:
        return {"strategies": [s.answer for s in self.scenarios]}

    def _grade(self, strategies: Sequence[str]):
        given = list(strategies)
        answer = self.expected()["strategies"]
        wrong = _wrong_positions(given, answer)
        n = len(given)
        if not wrong:
            return True, f"All {n} scenarios matched to their strategy.", None
        first = wrong[0]
        scenario = self.scenarios[first]
        message = f"{n - len(wrong)} of {n} are right."
        counterpart = {s.id: s.classic_counterpart for s in rollout.load_strategies()}
        if counterpart.get(scenario.answer) == given[first]:
            message += (f" Scenario {first + 1}: the classic idea is right, but the scenario "
                        "is about software released by routing traffic.")
            return False, message, (f"Look again at scenario {first + 1}: one of the modern "
                                    "forms describes it better. " + scenario.look_at)
        if counterpart.get(given[first]) == scenario.answer:
            message += (f" Scenario {first + 1}: the idea is right, but nothing in it routes "
                        "software traffic.")
            return False, message, (f"Look again at scenario {first + 1}: its classic form "
                                    "describes it better. " + scenario.look_at)
        # The question that points at the clue, never the clue itself (it names the answer).
        return False, message, f"Look again at scenario {first + 1}. {scenario.look_at}"

    def _solution(self) -> Note:
        names = _names()
        strategies = {s.id: s for s in rollout.load_strategies()}
        rows = []
        for i, s in enumerate(self.scenarios, start=1):
            why = s.clue
            classic = strategies[s.answer].classic_counterpart
            if classic:
                why += f" (Its classic counterpart: {names[classic]}.)"
            rows.append([i, s.text, f"**{names[s.answer]}**", why])
        return Note(markdown_table(["#", "scenario", "strategy", "why"], rows))


# --------------------------------------------------------------------------
# 2 and 3. The weighted-scoring model
# --------------------------------------------------------------------------

#: Numbers of users the factor draws use (their log10 is easy to find).
_USERS = (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)


def _draw_factors(rng: np.random.Generator, leader: str | None = None,
                  min_margin: float = 1.5, tries: int = 400) -> dict[str, int]:
    """Factor values on the model's scales whose leader leads by ``min_margin`` points
    (and is ``leader``, when one is asked for and can be found in ``tries`` draws)."""
    factors = rollout.load_factors()
    fallback = None
    for _ in range(tries):
        values = {f.id: int(rng.choice(_USERS)) if f.kind == "count"
                  else int(rng.integers(f.scale_min, f.scale_max + 1)) for f in factors}
        result = rollout.recommend_strategy(values)
        top, second = sorted(result.scores.values(), reverse=True)[:2]
        if top - second < min_margin:
            continue
        if leader is None or result.top == leader:
            return values
        fallback = fallback or values
    if fallback is None:  # pragma: no cover - margins of 1.5 points are common
        raise RuntimeError("no factor values with a clear leader found")
    return fallback


def _fits(result: rollout.Recommendation) -> dict[str, dict[str, float]]:
    """Strategy id -> factor id -> fit (0 to 1), read back from the points."""
    total = sum(result.weights.values())
    names = _names()
    fids = [f.id for f in rollout.load_factors()]
    fnames = [f.name for f in rollout.load_factors()]
    out = {}
    for sid in result.scores:
        column = result.breakdown[names[sid]]
        out[sid] = {fid: (float(column[fname]) * total / (100 * result.weights[fid])
                          if result.weights[fid] else 0.5)
                    for fid, fname in zip(fids, fnames)}
    return out


def _scale_text(factor: rollout.Factor) -> str:
    if factor.kind == "count":
        return "users (log scale)"
    return f"{factor.scale_min} to {factor.scale_max}"


def _model_table(values: dict[str, int], weights: dict[str, float]) -> str:
    """Factor, scale, value, weight and the direction for each scored strategy."""
    directions = rollout.directions()
    names = _names()
    rows = []
    for f in rollout.load_factors():
        value = f"{values[f.id]:,}"
        rows.append([f.name, _scale_text(f), value, format_number(weights[f.id]),
                     *(format_number(float(directions.loc[f.name, names[s]])) for s in _SCORED)])
    headers = ["factor", "scale", "value", "weight",
               *(f"direction: {names[s]}" for s in _SCORED)]
    return markdown_table(headers, rows)


_MODEL_NOTE = ("The model (a course teaching model, not a standard): an ordinal value v "
               "from 1 to 5 scales to x = (v − 1) / 4; the number of users to "
               "x = (log10(users) − 1) / 4, kept between 0 and 1. A strategy's fit on a "
               "factor is 0.5 + direction × (x − 0.5); its score is 100 × the sum of "
               "weight × fit over the factors, divided by the sum of the weights.")


class ScoreStrategies(Exercise):
    """Apply the weighted-scoring model: the recommended strategy and its score.

    The factor values are drawn from the seed on the model's scales, the
    weights are the defaults of ``selection.yml``, and the answer is
    :func:`implcourse.rollout.recommend_strategy`'s. The leader is drawn
    first (any of the four classic strategies), so it is not always the same.

    Examples
    --------
    >>> ex = ScoreStrategies(seed=5)
    >>> result = ex.recommendation()
    >>> fb = ex.check(result.top, round(result.scores[result.top], 1))
    >>> fb.correct, fb.message.startswith(result.top_name)
    (True, True)
    """

    TOLERANCE = 0.5

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "score_strategies")
        leader = _SCORED[int(rng.integers(len(_SCORED)))]
        self.factors = _draw_factors(rng, leader)
        self.weights = rollout.default_weights()
        super().__init__(
            id="03.score_strategies", lesson="03", topic="selection",
            title="Score the strategies",
            task="The table gives a situation's factor values, the default weights and the "
                 "direction in which each factor pushes each strategy. With the course's "
                 "weighted-scoring model, which strategy is recommended, and what is its "
                 "score out of 100? Give the score to one decimal place; answers within "
                 f"±{self.TOLERANCE:g} points are accepted.",
            hints=["Scale each factor to between 0 and 1 first: an ordinal value v on the "
                   "scale 1 to 5 becomes (v − 1) / 4; the number of users becomes "
                   "(log10(users) − 1) / 4, kept between 0 and 1.",
                   "A strategy's fit on a factor is 0.5 + direction × (scaled value − 0.5): "
                   "direction +1 means the higher the factor the better, −1 the lower the "
                   "better, 0 no effect. Mind the sign of each direction.",
                   "Step by step, for each of the four strategies: scale every factor, work "
                   "out the strategy's fit on it, multiply each fit by the factor's weight, "
                   "add the products, divide by the sum of all the weights and multiply by "
                   "100. The recommendation is the strategy with the highest score, and its "
                   "score is the answer."])

    def recommendation(self) -> rollout.Recommendation:
        """The package's answer (:func:`implcourse.rollout.recommend_strategy`)."""
        return rollout.recommend_strategy(self.factors, self.weights)

    def _details(self) -> str:
        return _model_table(self.factors, self.weights) + "\n\n" + _MODEL_NOTE

    def fields(self) -> list:
        names = _names()
        return [Choice("strategy", "Recommended strategy", tuple((names[s], s) for s in _SCORED)),
                Number("score", "Score of the recommended strategy", unit="points", minimum=0,
                       maximum=100, decimals=1)]

    def expected(self) -> dict[str, object]:
        result = self.recommendation()
        return {"strategy": result.top, "score": result.scores[result.top]}

    def slips(self, strategy: str) -> dict[str, float]:
        """The usual wrong scores of ``strategy`` (name -> value): unweighted, not divided
        by the sum of the weights, a fraction, and one factor's direction reversed."""
        result = self.recommendation()
        fits = _fits(result)[strategy]
        total = sum(self.weights.values())
        weighted = sum(self.weights[f] * fit for f, fit in fits.items())
        out = {"unweighted": 100 * sum(fits.values()) / len(fits),
               "not divided": weighted, "fraction": weighted / total}
        for f in rollout.load_factors():
            # Reversing a direction turns the fit x into 1 − x.
            flipped = result.scores[strategy] + 100 * self.weights[f.id] * (
                1 - 2 * fits[f.id]) / total
            out[f"reversed {f.name.lower()}"] = flipped
        return out

    def _grade(self, strategy: str, score: float):
        result = self.recommendation()
        names = _names()
        want = result.scores[strategy]
        right_strategy = strategy == result.top
        if right_strategy and abs(score - want) <= self.TOLERANCE:
            return True, f"{result.top_name} leads with {_points(want)} points of 100.", None
        close = [(name, value) for name, value in self.slips(strategy).items()
                 if abs(score - value) <= self.TOLERANCE and abs(value - want) > self.TOLERANCE]
        if not right_strategy and abs(score - want) <= self.TOLERANCE:
            return (False, f"That is the score of {names[strategy]}, but another strategy "
                           "scores higher.",
                    "Work out the score of all four strategies the same way and compare them.")
        if close:
            slip = close[0][0]
            if slip == "unweighted":
                return False, "That score gives every factor the same weight.", (
                    "Multiply each fit by its factor's weight before adding, then divide by "
                    "the sum of the weights.")
            if slip == "not divided":
                return False, ("That is the weighted sum before dividing by the sum of the "
                               "weights."), (
                    "Divide the weighted sum by the sum of all the weights, then multiply by "
                    "100 to get points.")
            if slip == "fraction":
                return False, "That looks like a fraction; the score is out of 100.", (
                    "Multiply the weighted average by 100.")
            factor = slip.removeprefix("reversed ")
            return (False, f"One factor pushes the wrong way: check the direction of "
                           f"{factor}.",
                    "A fit is 0.5 + direction × (scaled value − 0.5): with a negative "
                    "direction, a high value lowers the fit.")
        if right_strategy:
            return (False, f"{names[strategy]} is the recommendation, but "
                           f"{format_number(round(score, 2))} is not its score.",
                    self.hints[1])
        return (False, f"{names[strategy]} is not the recommendation.",
                self.hints[0])

    def _solution(self) -> Note:
        result = self.recommendation()
        names = _names()
        x = {f.id: (math.log10(self.factors[f.id]) - 1) / 4 if f.kind == "count"
             else (self.factors[f.id] - f.scale_min) / (f.scale_max - f.scale_min)
             for f in rollout.load_factors()}
        x = {k: min(1.0, max(0.0, v)) for k, v in x.items()}
        rows = [[f.name, f"{self.factors[f.id]:,}", format_number(x[f.id], 2),
                 format_number(self.weights[f.id]),
                 *(format_number(float(result.breakdown.loc[f.name, names[s]]), 2)
                   for s in _SCORED)] for f in rollout.load_factors()]
        rows.append(["**score**", "", "", format_number(sum(self.weights.values())),
                     *(f"**{_points(result.scores[s])}**" for s in _SCORED)])
        table = markdown_table(["factor", "value", "scaled x", "weight",
                                *(f"points: {names[s]}" for s in _SCORED)], rows)
        return Note(f"{table}\n\nEach cell is 100 × weight × fit / sum of the weights, and "
                    f"each column adds up to the strategy's score. Recommended: "
                    f"**{result.top_name}** with **{_points(result.scores[result.top])} "
                    f"points**.\n\n{result.explanation}")


class WeightToFlip(Exercise):
    """How far must one weight move before the recommendation changes?

    A seeded situation, one named factor and a direction (raise or lower its
    weight) for which :func:`implcourse.rollout.weight_sensitivity` finds a
    finite break-even move: the answer is that move and the strategy that
    then draws level with the leader (and leads beyond it).

    Examples
    --------
    >>> ex = WeightToFlip(seed=2)
    >>> want = ex.expected()
    >>> ex.check(want["move"], want["leader"]).correct
    True
    """

    TOLERANCE = 0.05
    MAX_WEIGHT = 10.0

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "weight_to_flip")
        names = _names()
        ids = {name: sid for sid, name in names.items()}
        for _ in range(200):
            factors = _draw_factors(rng, min_margin=0.5)
            table = rollout.weight_sensitivity(factors, max_weight=self.MAX_WEIGHT)
            candidates = []
            for f in rollout.load_factors():
                row = table.loc[f.name]
                for way, move, leader in (("up", row["Move up by"], row["New leader (up)"]),
                                          ("down", row["Move down by"],
                                           row["New leader (down)"])):
                    if math.isfinite(move) and move >= 0.1 and self._clear(
                            factors, f.id, way, float(move), ids[leader]):
                        candidates.append((f.id, way, float(move), ids[leader]))
            if candidates:
                break
        else:  # pragma: no cover - most draws have a finite move
            raise RuntimeError("no situation with a finite break-even move found")
        self.factors = factors
        self.weights = rollout.default_weights()
        self.factor, self.way, self._move, self._leader = candidates[
            int(rng.integers(len(candidates)))]
        factor = self._factor()
        verb = "raised" if self.way == "up" else "lowered"
        super().__init__(
            id="03.weight_to_flip", lesson="03", topic="selection",
            title="How far before the recommendation changes?",
            task=f"Keep every other weight as it is. By how much must the weight of "
                 f"{factor.name.lower()} be {verb} (from {format_number(self.weights[factor.id])}"
                 f") before another strategy draws level with the current leader, and which "
                 f"strategy is it? Weights stay between 0 and {self.MAX_WEIGHT:g}. Give the "
                 f"change as a positive number to two decimal places; answers within "
                 f"±{self.TOLERANCE:g} are accepted.",
            hints=["All scores share one denominator, the sum of the weights, so compare the "
                   "weighted sums N = sum of weight × fit: the leader changes when another "
                   "strategy's N catches up with the leader's.",
                   "Changing one weight by an amount changes each strategy's N by that amount "
                   "times the strategy's fit on that factor. So the gap to a challenger closes "
                   "only if the challenger fits that factor better (when raising) or worse "
                   "(when lowering) than the leader.",
                   "Step by step: work out each strategy's fit on the named factor and its "
                   "weighted sum N (or its score × the sum of the weights / 100). For each "
                   "challenger whose gap closes, divide the gap in N by the difference in fit "
                   "on that factor. The smallest result that keeps the weight within its "
                   "bounds is the answer, and that challenger is the strategy that draws "
                   "level."])

    def _clear(self, factors, fid, way, move, leader) -> bool:
        """True if the break-even is clear: the challenger's fit differs enough from the
        leader's (rounded scores do not change the answer much), no other challenger
        draws level within the tolerance, and the usual slips differ from the answer."""
        result = rollout.recommend_strategy(factors)
        fits = _fits(result)
        total = sum(result.weights.values())
        numer = {s: v * total / 100 for s, v in result.scores.items()}
        top = result.top
        sign = 1 if way == "up" else -1
        moves = []
        for s in result.scores:
            slope = sign * (fits[s][fid] - fits[top][fid])
            if s != top and slope > 1e-12:
                moves.append(((numer[top] - numer[s]) / slope, s, slope))
        moves.sort()
        if not moves or moves[0][1] != leader or abs(moves[0][2]) < 0.1:
            return False
        if len(moves) > 1 and moves[1][0] - moves[0][0] < 4 * self.TOLERANCE:
            return False
        # The new weight (a usual slip) must differ from the move itself.
        new_weight = result.weights[fid] + sign * move
        return abs(new_weight - move) > 4 * self.TOLERANCE \
            and abs(move * 100 / total - move) > 4 * self.TOLERANCE

    def _factor(self) -> rollout.Factor:
        return next(f for f in rollout.load_factors() if f.id == self.factor)

    def sensitivity(self):
        """The package's table (:func:`implcourse.rollout.weight_sensitivity`)."""
        return rollout.weight_sensitivity(self.factors, self.weights, max_weight=self.MAX_WEIGHT)

    def _details(self) -> str:
        result = rollout.recommend_strategy(self.factors, self.weights)
        names = _names()
        scores = markdown_table(["strategy", "score now (points)"],
                                [[names[s], format_number(result.scores[s], 2)]
                                 for s in result.order])
        return (_model_table(self.factors, self.weights) + "\n\n" + scores + "\n\n"
                + _MODEL_NOTE)

    def fields(self) -> list:
        names = _names()
        name = self._factor().name.lower()
        return [Number("move", f"Change in the weight of {name}", minimum=0,
                       maximum=self.MAX_WEIGHT, decimals=2),
                Choice("leader", "Strategy that draws level",
                       tuple((names[s], s) for s in _SCORED))]

    def expected(self) -> dict[str, object]:
        row = self.sensitivity().loc[self._factor().name]
        names = _names()
        ids = {name: sid for sid, name in names.items()}
        if self.way == "up":
            return {"move": float(row["Move up by"]), "leader": ids[row["New leader (up)"]]}
        return {"move": float(row["Move down by"]), "leader": ids[row["New leader (down)"]]}

    def runner_up_move(self) -> float | None:
        """The break-even move against the current runner-up (a usual slip), if it closes."""
        result = rollout.recommend_strategy(self.factors, self.weights)
        fits = _fits(result)
        total = sum(self.weights.values())
        top, runner = result.order[0], result.order[1]
        slope = (1 if self.way == "up" else -1) * (fits[runner][self.factor]
                                                   - fits[top][self.factor])
        if slope <= 1e-12:
            return None
        return (result.scores[top] - result.scores[runner]) * total / 100 / slope

    def _grade(self, move: float, leader: str):
        want = self.expected()
        names = _names()
        now = self.weights[self.factor]
        right_move = abs(move - want["move"]) <= self.TOLERANCE
        if right_move and leader == want["leader"]:
            verb = "Raising" if self.way == "up" else "Lowering"
            return True, (f"{verb} it by {format_number(want['move'], 2)} puts "
                          f"{names[want['leader']]} level with the leader."), None
        if right_move:
            return (False, "The change is right, but that strategy is not the one that draws "
                           "level.",
                    "The strategy that draws level is the challenger whose break-even comes "
                    "first.")
        total = sum(self.weights.values())
        new_weight = now + want["move"] if self.way == "up" else now - want["move"]
        runner = self.runner_up_move()
        if abs(move - new_weight) <= self.TOLERANCE:
            return False, "That is the new weight, not how far it moves.", (
                "Give the change: the difference between the new weight and the weight now.")
        if abs(move - want["move"] * 100 / total) <= self.TOLERANCE:
            return False, "That divides the gap in points out of 100, not in weighted sums.", (
                "Moving a weight changes the sum of the weights too: compare the weighted "
                "sums N = sum of weight × fit, or turn the points back into them first.")
        if runner is not None and abs(runner - want["move"]) > self.TOLERANCE \
                and abs(move - runner) <= self.TOLERANCE:
            return (False, "That is where the runner-up would draw level, but another "
                           "strategy gets there first.",
                    "Work out the break-even move for every challenger whose gap closes and "
                    "take the smallest.")
        return (False, f"A change of {format_number(round(move, 3))} is not the break-even "
                       "move.", self.hints[1])

    def _solution(self) -> Note:
        result = rollout.recommend_strategy(self.factors, self.weights)
        fits = _fits(result)
        names = _names()
        total = sum(self.weights.values())
        top = result.top
        sign = 1 if self.way == "up" else -1
        rows = []
        for s in result.order:
            numer = result.scores[s] * total / 100
            fit = fits[s][self.factor]
            if s == top:
                rows.append([names[s], format_number(numer, 3), format_number(fit, 3),
                             "leader", ""])
                continue
            slope = sign * (fit - fits[top][self.factor])
            gap = result.scores[top] * total / 100 - numer
            move = format_number(gap / slope, 2) if slope > 1e-12 else "never (gap widens)"
            rows.append([names[s], format_number(numer, 3), format_number(fit, 3),
                         format_number(gap, 3), move])
        want = self.expected()
        table = markdown_table(["strategy", "weighted sum N", "fit on the factor",
                                "gap in N", "break-even move"], rows)
        row = self.sensitivity().loc[self._factor().name]
        return Note(f"{table}\n\nBreak-even move = gap in N / difference in fit. The "
                    f"smallest is **{format_number(want['move'], 2)}**, for "
                    f"**{names[want['leader']]}**. In the package's words: "
                    f"{row['In words']}")


# --------------------------------------------------------------------------
# 4. Roll back or go on?
# --------------------------------------------------------------------------

def _threshold_number(criterion_id: str, pattern: str) -> float:
    """A number read from a criterion's threshold in ``cutover.yml`` (so the exercise
    follows the data)."""
    for c in rollout.load_cutover().rollback_criteria:
        if c.id == criterion_id:
            found = re.search(pattern, c.threshold)
            if found:
                return float(found.group(1))
            raise ValueError(f"The threshold of rollback criterion {criterion_id!r} in "
                             f"datasets/rollout/cutover.yml has no number the exercise can "
                             f"read ({c.threshold!r})")
    raise ValueError(f"datasets/rollout/cutover.yml has no rollback criterion {criterion_id!r}")


@dataclass(frozen=True)
class _Fact:
    """One fact of a situation: its text, the criterion it breaches (if any), the fix
    estimate in hours (None: no fix known), and the criterion a learner is tempted to
    tick wrongly, with what to look at."""

    text: str
    breaches: str | None = None
    fix_hours: float | None = None
    tempts: str | None = None
    why_not: str = ""


_DECISIONS = (("Go on: open the system", "go"),
              ("Extend within the window: fix, then decide", "extend"),
              ("Roll back", "rollback"))

_CRITICAL = (("posting a customer invoice (order to cash)", "order-to-cash"),
             ("the payment run (payments)", "payments"),
             ("creating and approving a purchase order (procure to pay)", "procure-to-pay"))


class RollbackDecision(Exercise):
    """Judge a seeded cutover situation against the rollback criteria of the runbook.

    The situation is drawn so that each decision (go on, extend within the
    window, roll back) is as likely as the others; some facts only look like
    a breach (an explained difference, a failure with a workaround, a
    non-mandatory interface). The thresholds (the share of the ledger and the
    buffer in hours) are read from ``datasets/rollout/cutover.yml``.

    Examples
    --------
    >>> ex = RollbackDecision(seed=4)
    >>> ex.check(**ex.expected()).correct
    True
    >>> sorted(ex.expected())
    ['breached', 'decision']
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "rollback_decision")
        self.share = _threshold_number("reconciliation_gap", r"(\d+(?:\.\d+)?)\s*%") / 100
        self.buffer = _threshold_number("window_overrun", r"(\d+(?:\.\d+)?)\s*hours")
        self.target = ("go", "extend", "rollback")[int(rng.integers(3))]
        self.behind, self.facts = self._draw(rng)
        super().__init__(
            id="03.rollback_decision", lesson="03", topic="cutover",
            title="Go on, extend or roll back?",
            task="It is the planned time of the final go/no-go of the cutover, before the new "
                 "system opens to users. Decide, and tick the rollback criteria the situation "
                 "breaches now (none, if none is). The runbook's rule: with no criterion "
                 "breached, go on. With breaches, extend within the window only if every "
                 "breach has a fix estimate and the fixes, one after another, fit in the "
                 "buffer that is left (the agreed buffer minus the hours already behind; "
                 "fixes that exactly fill the buffer left count as fitting); otherwise roll "
                 "back.",
            hints=["Read each criterion's threshold in the table of rollback criteria: only "
                   "unexplained differences count, a failure with a workaround is no breach, "
                   "and only mandatory interfaces without a manual fallback count.",
                   "The buffer left is the agreed buffer minus the hours already behind plan; "
                   "being more than the buffer behind is itself a breach that no fix cures.",
                   "Step by step: for each fact, find the criterion it might touch and compare "
                   "it with the threshold (divide an unexplained difference by the ledger's "
                   "value; ask whether a failing process is one of the critical ones and "
                   "whether it has a workaround; ask whether an interface is mandatory and has "
                   "a fallback). Then decide: no breach means go on; every breach with a fix "
                   "estimate and the estimates added within the buffer left (equal to it "
                   "counts as within) means extend; anything else means roll back."])

    # -- drawing the situation ----------------------------------------------------------

    def _recon(self, rng, breach: bool, fix: float | None, with_explained: bool) -> _Fact:
        ledger = float(rng.choice([12, 24, 36, 48, 60])) * 1_000_000
        ratios = ([2.5, 3, 4, 5] if breach else [0.2, 0.3, 0.4, 0.6])
        unexplained = round(ledger * self.share * float(rng.choice(ratios)) / 1_000) * 1_000
        explained = (round(ledger * self.share * float(rng.choice([2, 3, 4])) / 1_000) * 1_000
                     if with_explained else 0)
        text = (f"Reconciliation: the loaded general ledger ({ledger:,.0f} EUR) differs from "
                f"the old system's closing figures by {unexplained + explained:,.0f} EUR")
        if explained:
            text += (f", of which {explained:,.0f} EUR is explained by invoices in transit "
                     f"(agreed with the finance lead) and {unexplained:,.0f} EUR is not "
                     "explained yet")
        else:
            text += ", none of it explained yet"
        if breach:
            text += ("; the data team expects to find and correct the cause in "
                     f"{fix:g} hours." if fix is not None else
                     "; the data team has no idea yet where it comes from.")
        else:
            text += "."
        tempts = "reconciliation_gap" if not breach else None
        return _Fact(text, "reconciliation_gap" if breach else None, fix, tempts,
                     "Only the unexplained part counts, as a share of the ledger's value.")

    def _critical(self, rng, fix: float | None) -> _Fact:
        process, _ = _CRITICAL[int(rng.integers(len(_CRITICAL)))]
        text = f"Smoke test: {process} fails, and there is no workaround"
        text += (f"; the partner estimates {fix:g} hours to fix it." if fix is not None
                 else "; nobody knows the cause yet.")
        return _Fact(text, "critical_process_fails", fix)

    def _bank(self, rng, fix: float | None) -> _Fact:
        text = ("The bank payments interface does not connect, and there is no manual way to "
                "send payment files")
        text += (f"; the architect expects to fix it in {fix:g} hours." if fix is not None
                 else "; the bank's support line cannot say when it will work.")
        return _Fact(text, "interface_down", fix)

    def _exposure(self) -> _Fact:
        return _Fact("Testers confirm that every user of the new system can see all "
                     "employees' salaries through a wrongly configured role; nobody can yet "
                     "say how long a safe correction would take.", "data_exposure", None)

    def _distractors(self, rng, k: int) -> list[_Fact]:
        process, short = _CRITICAL[int(rng.integers(len(_CRITICAL)))]
        pool = [
            _Fact(f"Smoke test: {process} fails in the standard screen, but key users "
                  "complete it with a documented manual workaround.",
                  tempts="critical_process_fails",
                  why_not="A failure with a workaround does not trigger a rollback."),
            _Fact("Smoke test: the slow-moving stock report fails, with no workaround; it is "
                  "run once a month.", tempts="critical_process_fails",
                  why_not="The critical processes are order to cash, procure to pay and "
                          "payments; this report is none of them."),
            _Fact("The e-invoicing interface fails its test, but invoices can be sent as PDF "
                  "by email for up to two weeks, as agreed with the main customers.",
                  tempts="interface_down",
                  why_not="An interface with a manual fallback does not trigger a rollback."),
            _Fact("The CRM interface fails; sales can re-key new orders by hand for a few "
                  "days.", tempts="interface_down",
                  why_not="Only the mandatory interfaces (bank payments, e-invoicing) count."),
            _Fact("Smoke test: the company logo is missing from printed delivery notes.",
                  tempts="critical_process_fails",
                  why_not="A cosmetic defect stops no critical process."),
            _Fact("Two severity-3 defects are logged against screens that are not used until "
                  "the month end.", tempts="severity_one_open",
                  why_not="The system has not opened yet, and these defects are minor."),
        ]
        picks = rng.choice(len(pool), size=k, replace=False)
        return [pool[i] for i in sorted(picks.tolist())]

    def _draw(self, rng) -> tuple[float, list[_Fact]]:
        facts: list[_Fact] = []
        def halves(low: float, high: float) -> float:
            """A number of hours from ``low`` to ``high`` in half hours."""
            return float(rng.integers(int(2 * low), int(2 * high) + 1)) / 2

        if self.target == "go":
            behind = halves(0, self.buffer - 1)
            if rng.random() < 0.6:
                facts.append(self._recon(rng, False, None, with_explained=rng.random() < 0.7))
            facts += self._distractors(rng, int(rng.integers(2, 4)))
        elif self.target == "extend":
            behind = halves(0, self.buffer - 2)
            left = self.buffer - behind
            kinds = ["recon", "critical", "bank"]
            chosen = [kinds[i] for i in sorted(rng.choice(3, size=int(rng.integers(1, 3)),
                                                          replace=False).tolist())]
            budget = left
            for n, kind in enumerate(chosen):
                remaining = len(chosen) - n - 1
                fix = halves(0.5, max(0.5, budget - 0.5 * remaining))
                budget -= fix
                facts.append(self._recon(rng, True, fix, rng.random() < 0.5) if kind == "recon"
                             else self._critical(rng, fix) if kind == "critical"
                             else self._bank(rng, fix))
            facts += self._distractors(rng, int(rng.integers(1, 3)))
        else:
            way = ("overrun", "no_estimate", "too_long", "exposure")[int(rng.integers(4))]
            if way == "overrun":
                behind = self.buffer + halves(0.5, 3)
                if rng.random() < 0.5:
                    facts.append(self._critical(rng, halves(0.5, 2)))
            else:
                behind = halves(0, self.buffer - 1.5)
            left = self.buffer - behind
            if way == "no_estimate":
                kind = int(rng.integers(3))
                facts.append((self._recon(rng, True, None, rng.random() < 0.5), self._critical(
                    rng, None), self._bank(rng, None))[kind])
            elif way == "too_long":
                # More than the buffer left; often within the whole buffer (a usual slip).
                fix = left + halves(0.5, max(0.5, behind)) if behind >= 0.5 \
                    else left + halves(0.5, 3)
                if rng.random() < 0.5:
                    facts.append(self._critical(rng, fix))
                else:
                    facts.append(self._bank(rng, fix))
            elif way == "exposure":
                facts.append(self._exposure())
            facts += self._distractors(rng, int(rng.integers(1, 3)))
        order = rng.permutation(len(facts)).tolist()
        return behind, [facts[i] for i in order]

    # -- the answer -----------------------------------------------------------------------

    def breached(self) -> list[str]:
        """The criteria breached now, in the data's order."""
        hit = {f.breaches for f in self.facts if f.breaches}
        if self.behind > self.buffer:
            hit.add("window_overrun")
        return [c.id for c in rollout.load_cutover().rollback_criteria if c.id in hit]

    def decision(self) -> str:
        """Go on, extend or roll back, by the runbook's rule stated in the task."""
        breached = self.breached()
        if not breached:
            return "go"
        if "window_overrun" in breached:
            return "rollback"
        fixes = [f.fix_hours for f in self.facts if f.breaches]
        if any(h is None for h in fixes) or sum(fixes) > self.buffer - self.behind:
            return "rollback"
        return "extend"

    def _details(self) -> str:
        facts = [f"Time: the cutover is {self.behind:g} hours behind plan; the agreed buffer "
                 f"is {self.buffer:g} hours."] + [f.text for f in self.facts]
        criteria = rollout.rollback_criteria()
        table = markdown_table(["roll back when", "threshold"],
                               criteria[["Roll back when", "Threshold"]].values.tolist())
        return f"{numbered_list(facts)}\n\nRollback criteria (from the runbook):\n\n{table}"

    def fields(self) -> list:
        criteria = tuple((c.text, c.id) for c in rollout.load_cutover().rollback_criteria)
        return [Choice("decision", "Decision", _DECISIONS),
                MultiChoice("breached", "Rollback criteria breached now", criteria,
                            note="Tick each criterion the situation breaches; none, if none "
                                 "is.")]

    def expected(self) -> dict[str, object]:
        return {"decision": self.decision(), "breached": self.breached()}

    def _grade(self, decision: str, breached: Sequence[str]):
        want = self.breached()
        given = set(breached)
        texts = {c.id: c.text for c in rollout.load_cutover().rollback_criteria}
        if given != set(want):
            extra = [c for c in texts if c in given and c not in want]
            missing = [c for c in want if c not in given]
            right = len(texts) - len(extra) - len(missing)
            message = f"{right} of {len(texts)} criteria judged right"
            if extra:
                # The slip behind the first wrong tick, without saying which box it is.
                criterion = extra[0]
                tempting = next((f for f in self.facts if f.tempts == criterion), None)
                message += ": a criterion you ticked is not breached."
                if tempting is not None:
                    return False, message, tempting.why_not
                if criterion == "window_overrun":
                    return (False, message, "Compare the hours behind plan with the agreed "
                                            "buffer: only more than the buffer is a breach.")
                return False, message, "Check each ticked criterion's threshold again."
            return (False, message + ": a criterion you left unticked is breached.",
                    self._MISSED[missing[0]])
        right = self.decision()
        if decision == right:
            words = {"go": "No criterion is breached: go on and open the system.",
                     "extend": "Every breach has a fix that fits in the buffer left: extend "
                               "within the window, fix, then decide.",
                     "rollback": "A breach cannot be cured within the window: roll back."}
            return True, words[right], None
        fixes = [f.fix_hours for f in self.facts if f.breaches]
        if right == "rollback" and decision == "extend" and "window_overrun" not in want \
                and all(h is not None for h in fixes) and sum(fixes) <= self.buffer:
            return (False, "The criteria are right, but the fixes do not fit in the buffer "
                           "that is left.",
                    "The hours already behind plan have used up part of the buffer: subtract "
                    "them before comparing.")
        if decision == "go":
            return (False, "The criteria are right, but a breached criterion means the "
                           "system cannot open as it is.", self.hints[1])
        if decision == "extend":
            return (False, "The criteria are right, but extending cannot cure these breaches.",
                    "A breach without a fix estimate, or a window already overrun, cannot be "
                    "fixed by waiting; add up the fix estimates otherwise.")
        if right == "go":
            return (False, "The criteria are right, but with nothing breached there is no "
                           "reason to stop.", "No breached criterion means go on.")
        return (False, "The criteria are right, but every breach here can be fixed in time.",
                "Add up the fix estimates and compare them with the buffer that is left.")

    #: What to test when a breached criterion is left unticked (the method, not the box).
    _MISSED = {
        "reconciliation_gap": "Divide the unexplained part of each difference by the "
                              "ledger's value and compare the share with the threshold.",
        "window_overrun": "Compare the hours behind plan with the agreed buffer.",
        "critical_process_fails": "Is a failing process one of order to cash, procure to pay "
                                  "or payments, with no workaround?",
        "interface_down": "Is a mandatory interface (bank payments or e-invoicing) failing "
                          "with no manual fallback?",
        "severity_one_open": "Is a severity-1 defect open after go-live without a fix?",
        "data_exposure": "Any confirmed case of exposed data or failed access control is a "
                         "breach.",
    }

    def _solution(self) -> Note:
        texts = {c.id: c.text for c in rollout.load_cutover().rollback_criteria}
        left = self.buffer - self.behind
        lines = [f"Buffer left: {self.buffer:g} − {self.behind:g} = {left:g} hours"
                 + (" (more than the buffer behind: the window is overrun)." if left < 0
                    else ".")]
        for f in self.facts:
            if f.breaches:
                fix = (f"fix estimate {f.fix_hours:g} hours" if f.fix_hours is not None
                       else "no fix estimate")
                lines.append(f"**Breach** of '{texts[f.breaches]}' ({fix}): {f.text}")
            else:
                lines.append(f"No breach: {f.text} {f.why_not}".rstrip())
        fixes = [f.fix_hours for f in self.facts if f.breaches]
        if fixes and all(h is not None for h in fixes) and left >= 0:
            lines.append(f"Fix estimates added: {format_number(sum(fixes))} hours against "
                         f"{left:g} hours left.")
        label = dict((v, k) for k, v in _DECISIONS)[self.decision()]
        breached = ", ".join(f"'{texts[c]}'" for c in self.breached()) or "none"
        return Note("\n".join(f"- {line}" for line in lines)
                    + f"\n\nBreached: **{breached}**. Decision: **{label}**.")


# --------------------------------------------------------------------------
# 5. May hypercare end?
# --------------------------------------------------------------------------

class HypercareExit(Exercise):
    """Compare seeded hypercare measures with the exit criteria of the template.

    Hypercare (ITIL's early life support) ends when its exit criteria are
    met, not on a date: the planned length is shown as a distraction.

    Examples
    --------
    >>> ex = HypercareExit(seed=6)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "hypercare_exit")
        ids = [c.id for c in rollout.load_cutover().hypercare_exit_criteria]
        if rng.random() < 0.3:
            met = {i: True for i in ids}
        else:
            met = {i: bool(rng.random() < 0.7) for i in ids}
            if all(met.values()):
                met[ids[int(rng.integers(len(ids)))]] = False
        self.met = met
        self.measures = self._draw(rng, met)
        self.planned_weeks = int(rng.integers(3, 7))
        self.week = self.planned_weeks + int(rng.choice([-1, 1, 2]))
        super().__init__(
            id="03.hypercare_exit", lesson="03", topic="cutover",
            title="May hypercare end?",
            task="The measures below come from the weekly hypercare review. Decide whether "
                 "hypercare may end now, and tick the exit criteria that are not yet met "
                 "(none, if all are).",
            hints=["Hypercare ends when every exit criterion is met, not when the planned "
                   "weeks are over.",
                   "Read each target exactly: severity-2 counts as well as severity-1, a "
                   "falling trend needs both weeks to fall and the last week below the agreed "
                   "level, days without manual help must be in a row, and service levels must "
                   "be met in each week, not on average.",
                   "Step by step: take the criteria one at a time, find the measure that "
                   "belongs to it, and compare it with the target as written; tick every "
                   "criterion whose measure falls short. Hypercare may end only if you ticked "
                   "none."])

    @staticmethod
    def _draw(rng, met: dict[str, bool]) -> dict[str, dict]:
        m: dict[str, dict] = {}
        # Open incidents by severity.
        if met["no_critical_open"]:
            m["no_critical_open"] = {"sev1": 0, "sev2": 0}
        else:
            m["no_critical_open"] = ({"sev1": 0, "sev2": int(rng.integers(1, 4))}
                                     if rng.random() < 0.6 else
                                     {"sev1": 1, "sev2": int(rng.integers(0, 3))})
        # New incidents per week, three weeks, and the agreed level.
        level = int(rng.choice([20, 25, 30, 40]))
        if met["falling_trend"]:
            last = level - int(rng.integers(2, 8))
            weeks = [last + int(rng.integers(12, 25)), last + int(rng.integers(3, 10)), last]
        elif rng.random() < 0.5:   # falling, but not yet below the level
            last = level + int(rng.integers(1, 8))
            weeks = [last + int(rng.integers(12, 25)), last + int(rng.integers(3, 10)), last]
        else:                      # below the level, but rising last week
            last = level - int(rng.integers(2, 6))
            weeks = [last + int(rng.integers(3, 9)), last - int(rng.integers(1, 4)), last]
        m["falling_trend"] = {"weeks": weeks, "level": level}
        m["period_close_done"] = {"done": met["period_close_done"]}
        # Days without manual intervention: the run in a row and the count in ten days.
        if met["jobs_stable"]:
            run = int(rng.integers(5, 10))
            m["jobs_stable"] = {"run": run, "of_ten": min(10, run + int(rng.integers(0, 3)))}
        else:
            run = int(rng.integers(1, 5))
            m["jobs_stable"] = {"run": run, "of_ten": int(rng.integers(max(run, 5), 9))}
        total = int(rng.choice([10, 12, 14]))
        m["users_working"] = {"alone": total if met["users_working"]
                              else total - int(rng.integers(1, 4)), "total": total}
        m["handover_done"] = {"signed": met["handover_done"]}
        target = int(rng.choice([90, 95]))
        if met["service_levels_met"]:
            m["service_levels_met"] = {"target": target,
                                       "weeks": [target + int(rng.integers(0, 5)),
                                                 target + int(rng.integers(1, 5))]}
        else:      # one week below; the average may still reach the target (a usual slip)
            low = target - int(rng.integers(1, 4))
            m["service_levels_met"] = {"target": target,
                                       "weeks": [target + int(rng.integers(2, 6)), low]}
        return m

    def _details(self) -> str:
        m = self.measures
        sev = m["no_critical_open"]
        trend = m["falling_trend"]
        jobs = m["jobs_stable"]
        users = m["users_working"]
        sla = m["service_levels_met"]
        lines = [
            f"Hypercare was planned for {self.planned_weeks} weeks; this is the review at the "
            f"end of week {self.week}.",
            f"Open incidents: {sev['sev1']} severity-1, {sev['sev2']} severity-2.",
            "New incidents per week, the last three weeks: "
            + ", ".join(str(w) for w in trend["weeks"])
            + f"; the weekly level agreed in the hypercare plan is {trend['level']}.",
            "First period-end close on the new system: "
            + ("completed on time." if m["period_close_done"]["done"]
               else "scheduled for next week."),
            f"Batch jobs and interfaces: {jobs['of_ten']} of the last 10 working days without "
            f"manual help; the last {jobs['run']} in a row.",
            f"Key processes run by users without project-team help: {users['alone']} of "
            f"{users['total']}.",
            "Handover of known errors, workarounds and runbooks: "
            + ("signed by the support lead." if m["handover_done"]["signed"]
               else "drafted, not yet signed by the support lead."),
            f"Incidents resolved within the agreed time (service-level target "
            f"{sla['target']} %): {sla['weeks'][0]} % two weeks ago, {sla['weeks'][1]} % "
            "last week.",
        ]
        criteria = rollout.hypercare_exit_criteria()
        table = markdown_table(["criterion", "measure", "target"], criteria.values.tolist())
        return f"{numbered_list(lines)}\n\nExit criteria:\n\n{table}"

    def fields(self) -> list:
        criteria = tuple((c.text, c.id) for c in rollout.load_cutover().hypercare_exit_criteria)
        return [Choice("end_now", "End hypercare now?", (("Yes", "yes"), ("No", "no"))),
                MultiChoice("unmet", "Exit criteria not yet met", criteria,
                            note="Tick each criterion not yet met; none, if all are.")]

    def unmet(self) -> list[str]:
        """The criteria not yet met, in the data's order (judged from the measures)."""
        m = self.measures
        weeks, level = m["falling_trend"]["weeks"], m["falling_trend"]["level"]
        sla = m["service_levels_met"]
        ok = {
            "no_critical_open": m["no_critical_open"]["sev1"] == 0
            and m["no_critical_open"]["sev2"] == 0,
            "falling_trend": weeks[0] > weeks[1] > weeks[2] and weeks[2] < level,
            "period_close_done": m["period_close_done"]["done"],
            "jobs_stable": m["jobs_stable"]["run"] >= 5,
            "users_working": m["users_working"]["alone"] == m["users_working"]["total"],
            "handover_done": m["handover_done"]["signed"],
            "service_levels_met": all(w >= sla["target"] for w in sla["weeks"]),
        }
        return [c.id for c in rollout.load_cutover().hypercare_exit_criteria if not ok[c.id]]

    def expected(self) -> dict[str, object]:
        unmet = self.unmet()
        return {"end_now": "no" if unmet else "yes", "unmet": unmet}

    _SLIPS = {
        "no_critical_open": "Severity-2 incidents count as well as severity-1.",
        "falling_trend": "The trend needs both: falling two weeks in a row, and the last week "
                         "below the agreed level.",
        "jobs_stable": "Count the days without manual help in a row, not in total.",
        "service_levels_met": "Each week must meet the target; an average hides a bad week.",
    }

    def _grade(self, end_now: str, unmet: Sequence[str]):
        want = self.unmet()
        texts = {c.id: c.text for c in rollout.load_cutover().hypercare_exit_criteria}
        given = set(unmet)
        if given != set(want):
            missing = [c for c in want if c not in given]
            extra = [c for c in texts if c in given and c not in want]
            right = len(texts) - len(missing) - len(extra)
            message = f"{right} of {len(texts)} criteria judged right"
            if missing:
                # The slip behind the first criterion missed, without saying which box it is.
                return (False, message + ": a criterion you left unticked is not met yet.",
                        self._SLIPS.get(missing[0], "Compare each measure with its target "
                                                    "exactly as written."))
            return (False, message + ": a criterion you ticked is met.",
                    "Compare each ticked criterion's measure with its target again, exactly "
                    "as written.")
        right = "no" if want else "yes"
        if end_now == right:
            return True, ("Every exit criterion is met: hypercare may end." if not want else
                          f"{len(want)} exit criterion(s) not yet met: hypercare goes on."), None
        if end_now == "yes":
            return (False, "The criteria are right, but hypercare cannot end while one is "
                           "unmet.", self.hints[0])
        return (False, "The criteria are right, and every one is met.",
                "When no exit criterion is unmet, hypercare may end, whatever the plan said.")

    def _solution(self) -> Note:
        want = set(self.unmet())
        criteria = rollout.load_cutover().hypercare_exit_criteria
        rows = [[c.text, c.target, "**not met**" if c.id in want else "met"] for c in criteria]
        verdict = "**No**: hypercare goes on." if want else "**Yes**: hypercare may end."
        return Note(markdown_table(["criterion", "target", "status"], rows)
                    + f"\n\nEnd hypercare now? {verdict} The planned length "
                      f"({self.planned_weeks} weeks) does not decide it.")


# --------------------------------------------------------------------------
# 6. Which channel for which message?
# --------------------------------------------------------------------------

#: Why the plan's channels suit each message (keyed by the message text in
#: ``datasets/rollout/channels.yml``), for the worked solution of ChannelForMessage.
_CHANNEL_WHY = {
    "Upgrade plan, cutover window, risks and the go/no-go criteria for approval":
        "An approval needs a discussion with the decision-makers present; the approved plan "
        "and criteria are then kept where the whole project can find them.",
    "What changes and why, the outage window, and the training on offer":
        "Every user needs a copy to keep and plan around, weeks ahead; a banner in the "
        "system catches those who skip their email.",
    "Their tasks in testing and hypercare, and the escalation route":
        "A small group with tasks to agree and questions to ask; the tasks are then tracked "
        "in the project's shared tool.",
    "Known issues, workarounds, call scripts and the hypercare rota":
        "Reference material the desk must have at hand: announced in writing, kept current "
        "in one shared place.",
    "The runbook, timings, checkpoints and rollback triggers":
        "The runbook is a shared, versioned document; walking through it together finds "
        "the gaps before the night.",
    "Which services will be unavailable, and for how long":
        "Outsiders have no access to the system or the project's tools: a written notice to "
        "their contacts, and the public status page for anyone who checks.",
    "Reminder: log off before the outage starts and save open work":
        "The reminder must reach people while they are working in the system, the day "
        "before; the email is the record.",
    "Checkpoint result and the decision to go on or roll back":
        "A decision in the middle of the cutover cannot wait in an inbox: it needs an "
        "answer at once, with the evidence shown if possible.",
    "Steps done, steps late, issues open":
        "Hourly status belongs in the shared runbook tracker; problems that need an answer "
        "now go by call.",
    "Progress and the expected time the system is back":
        "The system is down, so no notice inside it can be seen: the status page stays up "
        "and is always current, and email marks the start and the end.",
    "Service unavailable, then service restored":
        "Outside the organisation and without access to internal tools, customers look "
        "at the public status page when a service fails.",
    "Current status and what to tell callers":
        "Callers are waiting on the line: changes must reach the desk at once, and the "
        "current script is kept in one shared place.",
    "The system is back, what is new, and where to get help":
        "The system is up again, so a panel inside it shows what is new to each user as "
        "they log in; the email is the record.",
    "Issue triage: new defects, fixes and workarounds":
        "Daily triage is a discussion among key users, support and partner, about defects "
        "tracked in the shared tool.",
    "Incident trend against the hypercare exit criteria":
        "A weekly review in which the trend is shown and discussed, with the figures sent "
        "in writing for the record.",
    "Updated known-error list and workarounds":
        "A list that changes every day belongs in one shared place with its history, not "
        "in a stream of daily emails.",
    "Feedback survey and the lessons taken from it":
        "A survey link every user can answer when convenient, weeks after go-live; nothing "
        "urgent about it.",
    "Upgrade complete, and any change they will notice":
        "Outsiders: a written note to their contacts, and the status page closes the "
        "outage it announced.",
}


class ChannelForMessage(Exercise):
    """Name the channel the plan uses for five seeded messages of the
    communication plan.

    A channel is right if the plan in ``datasets/rollout/channels.yml`` sends
    the message through it (either is right where the plan uses two). The
    worked solution gives, for each message, the reason the plan's channels
    suit that message (:data:`_CHANNEL_WHY`), not the channels' generic
    strengths.

    Examples
    --------
    >>> ex = ChannelForMessage(seed=2)
    >>> ex.check(**ex.expected()).correct
    True
    """

    def __init__(self, seed: int, n_items: int = 5) -> None:
        rng = _rng(seed, "channel_for_message")
        messages = rollout.load_messages()
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(messages))
        # One message from each phase first, then the rest.
        picked = _cover_then_fill(rng, [m.phase for m in messages],
                                  [phase.id for phase in rollout.load_phases()], n_items)
        self.messages = [messages[i] for i in picked]
        super().__init__(
            id="03.channel_for_message", lesson="03", topic="communication",
            title="Which channel does the plan use?",
            task="For each message of the upgrade's communication plan, choose the channel "
                 "the plan uses for it. Reason from who hears it, when and how urgently (the "
                 "plan follows the channels' strengths and weaknesses), or check it in the "
                 "plan. Where the plan uses two channels, either is accepted.",
            hints=["Ask what the message needs: a written record, an answer at once, a place "
                   "that stays up while the system is down, or being seen by people inside "
                   "the system.",
                   "Weigh each channel's strengths and weaknesses in the channel table: an "
                   "urgent decision cannot wait in an inbox, and a notice inside the system "
                   "is useless while it is down.",
                   "Work through each message: note who hears it, when (before, during or "
                   "after the outage) and how urgent it is; rule out the channels whose "
                   "weakness matters for that message (too slow, no record, not reachable "
                   "during the outage, people must log in); of those left, pick the one whose "
                   "strength the message needs most."])

    def _row(self, message) -> str:
        audiences = {a.id: a.name for a in rollout.load_audiences()}
        return (f"To {_lower_first(audiences[message.audience])}, "
                f"{_lower_first(message.when)}: {message.message}")

    def _details(self) -> str:
        return numbered_list(self._row(m) for m in self.messages)

    def fields(self) -> list[Table]:
        channels = Choice("channel", "Channel",
                          tuple((c.name, c.id) for c in rollout.load_channels()))
        return [Table("channels", "Channel", rows=tuple(self._row(m) for m in self.messages),
                      column=channels)]

    def expected(self) -> dict[str, list[str]]:
        return {"channels": [m.channels[0] for m in self.messages]}

    def _grade(self, channels: Sequence[str]):
        given = list(channels)
        wrong = [i for i, (g, m) in enumerate(zip(given, self.messages)) if g not in m.channels]
        n = len(given)
        if not wrong:
            return True, f"All {n} messages have a channel the plan uses for them.", None
        first = wrong[0]
        channel = next(c for c in rollout.load_channels() if c.id == given[first])
        return (False, f"{n - len(wrong)} of {n} are right.",
                f"Look again at message {first + 1}. The plan does not send it by "
                f"{channel.name.lower()}, whose weakness matters here: "
                f"{channel.disadvantages} " + self.hints[0])

    def _solution(self) -> Note:
        names = {c.id: c for c in rollout.load_channels()}
        rows = [[i, self._row(m), " or ".join(f"**{names[c].name}**" for c in m.channels),
                 _CHANNEL_WHY.get(m.message, names[m.channels[0]].advantages)]
                for i, m in enumerate(self.messages, start=1)]
        return Note(markdown_table(["#", "message", "channel in the plan", "why"], rows))


# --------------------------------------------------------------------------
# 7. Which kind of service, and what does it change?
# --------------------------------------------------------------------------

#: Extra synthetic scenarios, one per kind of service (the data's own example is the other).
_SERVICE_SCENARIOS = {
    "on_premises": "A logistics firm installs a warehouse system on servers in its own "
                   "computer room, run by its own IT team.",
    "cloud": "A charity subscribes to a hosted fundraising system that the vendor runs, and "
             "configures it for its campaigns.",
    "hardware": "A library fits self-service kiosks in its 15 branches, one branch a night.",
    "custom": "A logistics start-up has its own route-planning app built for its drivers and "
              "puts it into service.",
    "software_version": "An accounting team moves its finance package from version 11 to "
                        "version 12 of the same product.",
    "hardware_upgrade": "An IT team adds faster disks to its existing storage array, one "
                        "shelf at a time.",
    "database": "A retailer moves the database engine under its order system to the next "
                "supported major version.",
    "security": "A school district switches on encryption of every staff laptop's disk.",
}

#: For each kind, the kind whose rollout statements are clearly not its own (distractors).
_CONTRAST = {"on_premises": "security", "cloud": "hardware_upgrade", "hardware": "database",
             "custom": "hardware_upgrade", "software_version": "hardware",
             "hardware_upgrade": "cloud", "database": "hardware_upgrade",
             "security": "database"}

_ASPECTS = (("downtime_pattern", "Downtime"), ("rollback_options", "Rollback"),
            ("testing_needs", "Testing"))


class ServiceKinds(Exercise):
    """Name the kind of service in four seeded scenarios, and what the first one
    changes about the rollout.

    Examples
    --------
    >>> ex = ServiceKinds(seed=1)
    >>> ex.check(**ex.expected()).correct
    True
    >>> len(ex.fields()[1].options)
    6
    """

    def __init__(self, seed: int, n_items: int = 4) -> None:
        rng = _rng(seed, "service_kinds")
        services = rollout.load_services()
        n_items = check_int("n_items", n_items, minimum=2, maximum=len(services))
        # At least one implementation and one upgrade, then the rest; distinct kinds.
        chosen = [int(rng.choice([i for i, s in enumerate(services) if s.kind == kind]))
                  for kind in ("implementation", "upgrade")]
        rest = [i for i in range(len(services)) if i not in chosen]
        chosen += rng.choice(rest, size=n_items - 2, replace=False).tolist()
        chosen = [chosen[i] for i in rng.permutation(len(chosen)).tolist()]
        self.services = [services[i] for i in chosen]
        self.texts = [s.example if rng.random() < 0.5 else _SERVICE_SCENARIOS[s.id]
                      for s in self.services]
        focus = self.services[0]
        other = next(s for s in services if s.id == _CONTRAST[focus.id])
        statements = [(f"{label}: {getattr(s, aspect)}", f"{s.id}.{aspect}")
                      for s in (focus, other) for aspect, label in _ASPECTS]
        self.statements = [statements[i] for i in rng.permutation(len(statements)).tolist()]
        super().__init__(
            id="03.service_kinds", lesson="03", topic="services",
            title="Which kind of service, and what does it change?",
            task="For each scenario, choose the kind of implementation or upgrade service it "
                 "is. Then tick the statements that describe the rollout of scenario 1's kind "
                 "of service (its downtime, its way back, its testing).",
            hints=["First ask: does the organisation start using something it has never run "
                   "(an implementation), or improve something it already runs (an upgrade)? "
                   "Then: software or equipment, and whose servers?",
                   "What a service changes about the rollout follows from what is touched: "
                   "equipment is swapped device by device, a shared database takes every "
                   "application down with it, a provider's service is up before go-live.",
                   "Work through each scenario: decide implementation or upgrade; then what "
                   "is installed or changed (software on own servers, a provider's service, "
                   "equipment, software built for the organisation, a new version, new "
                   "components, the database engine, a security control). For scenario 1, "
                   "keep each statement only if it fits what is touched, who loses the "
                   "system and how the change could be undone."])

    def _details(self) -> str:
        return numbered_list(self.texts)

    def fields(self) -> list:
        kinds = Choice("service", "Kind of service",
                       tuple((s.name, s.id) for s in rollout.load_services()))
        return [Table("services", "Kind of service", rows=tuple(self.texts), column=kinds),
                MultiChoice("changes", "What scenario 1's kind of service changes about the "
                                       "rollout", tuple(self.statements),
                            note="Tick every statement that applies to it.")]

    def expected(self) -> dict[str, object]:
        focus = self.services[0].id
        return {"services": [s.id for s in self.services],
                "changes": [v for _, v in self.statements if v.startswith(focus + ".")]}

    def _grade(self, services: Sequence[str], changes: Sequence[str]):
        want = self.expected()
        given = list(services)
        wrong = _wrong_positions(given, want["services"])
        n = len(given)
        if wrong:
            first = wrong[0]
            service = self.services[first]
            chosen = next(s for s in rollout.load_services() if s.id == given[first])
            if chosen.kind != service.kind:
                hint = (f"Look again at scenario {first + 1}: is it something new to the "
                        "organisation, or a newer or stronger form of something it runs?")
            else:
                hint = (f"Look again at scenario {first + 1}: the kind of work is right; now "
                        "ask what exactly is installed or changed, and where it runs.")
            return False, f"{n - len(wrong)} of {n} scenarios are right.", hint
        chosen = set(changes)
        right = set(want["changes"])
        if chosen != right:
            extra = [label for label, v in self.statements if v in chosen and v not in right]
            if extra:
                return (False, "The kinds are right, but a ticked statement belongs to "
                               "another kind of service.",
                        f"'{extra[0]}' does not fit scenario 1: ask whether it matches what "
                        "that service touches.")
            return (False, "The kinds are right, but a statement that applies to scenario 1 "
                           "is not ticked.",
                    "One statement for each of downtime, rollback and testing applies.")
        return True, f"All {n} scenarios and scenario 1's rollout described correctly.", None

    def _solution(self) -> Note:
        rows = [[i, text, f"**{s.name}**", s.kind]
                for i, (text, s) in enumerate(zip(self.texts, self.services), start=1)]
        focus = self.services[0]
        lines = [f"- **{label}**: {getattr(focus, aspect)}" for aspect, label in _ASPECTS]
        return Note(markdown_table(["#", "scenario", "kind of service", "implementation or "
                                    "upgrade"], rows)
                    + f"\n\nScenario 1 is {_article(focus.name)} {focus.name.lower()}; what it "
                      "changes about the "
                      "rollout:\n\n" + "\n".join(lines))
