"""Exercise of Lesson 06, learning from past projects: a reference-class forecast.

The learner gets a new project (its type and budget) and the cost overruns of
a small reference class of its peers, drawn by the seed from the course's
SYNTHETIC portfolio (:func:`implcourse.portfolio.load_projects`). They give the
P50 and P80 budgets, as :func:`implcourse.portfolio.reference_class_forecast`
computes them, and answer one question on reading a portfolio honestly (a
confounder, survivorship, or a heavy tail: the seed picks which).

Percentiles follow the core's convention, stated in the task: the inclusive
one (numpy's default ``linear`` method, Excel's ``PERCENTILE.INC``, Hyndman
and Fan's type 7). Sort the n overruns, number them from 0; the P-th
percentile sits at position ``(n - 1) * P / 100``, interpolated between its
neighbours. A budget at that percentile is ``budget * (1 + uplift / 100)``.

References
----------
Flyvbjerg, B. (2006). From Nobel Prize to project management: getting risks
right. *Project Management Journal* 37(3), 5-15 (the outside view and
reference-class forecasting).
Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages.
*The American Statistician* 50(4), 361-365 (type 7 is numpy's ``linear``).

Examples
--------
>>> ex = ReferenceClass(seed=2)
>>> ex.check(**ex.expected()).correct
True
>>> [(f.label, getattr(f, "unit", None)) for f in ex.fields()][:2]
[('P50 budget', 'EUR'), ('P80 budget', 'EUR')]
>>> print(ex.check("abc", 1, ex.expected()["reading"]).message)
P50 budget: type a number such as 1,250.5 (you entered 'abc')
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from ..answers import Choice, Number, format_number
from ..portfolio import (load_projects, overrun_summary, overruns, reference_class_forecast,
                         stratified, survivorship)
from ..portfolio.generator import TYPES
from ..validation import check_int
from . import Exercise, Note, markdown_table, money

__all__ = ["ReferenceClass", "QUESTIONS"]

#: The tolerance of both budgets, as a share of the new project's budget.
TOLERANCE_SHARE = 0.0025
#: How many peers the reference class may have. Eleven is left out: with it the
#: P80 falls exactly on an overrun, and "the 80th value" slip could not be told
#: from the right answer.
PEER_COUNTS = (10, 12, 13, 14, 15)


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _signed(value: float, decimals: int = 1) -> str:
    """A signed figure with a real minus sign and no "-0.0": "+12.3", "−4.0"."""
    text = format_number(value, decimals)
    return text if text.startswith("\u2212") or float(text.replace(",", "")) == 0 \
        else "+" + text


# --------------------------------------------------------------------------
# The questions on reading a portfolio honestly
# --------------------------------------------------------------------------

def _confounder(df, project_type):
    s = stratified(df, "methodology", "budget", "cost_overrun_pct")
    statement = (f"Across the portfolio, the median cost overrun of {s.high} projects is "
                 f"{_signed(s.pooled_gap)} percentage points against {s.low} projects. A "
                 f"colleague concludes that {s.high} causes bigger overruns.")
    label = f"Does {s.high} cause bigger overruns?"
    options = (
        (f"Yes: the gap is large, so switching to {s.low} would cut overruns", "cause"),
        ("Not shown: bigger projects pick it more often and overrun more; compare like "
         "sizes", "confounder"),
        ("No: past projects can never tell us anything at all about causes", "never"),
        ("Yes: the gap comes from the whole portfolio, not from a sample", "whole"),
    )
    why = {
        "cause": "A gap between groups is not an effect of the group label: the groups "
                 "differ in size too.",
        "never": "Past data can point at causes, once the groups are compared like with like "
                 "(and the confounders measured).",
        "whole": "Looking at every project does not remove a confounder: the groups still "
                 "differ in size.",
    }
    explain = (f"Project size drives both the choice of method and the overrun. Within bands "
               f"of similar budget the gap shrinks to {_signed(s.within_gap)} points, so most "
               f"of it comes with size, not with {s.high}.")
    return statement, label, options, "confounder", why, explain


def _archive(df, project_type):
    table = survivorship(df)
    everyone, archive = table["mean"].iloc[0], table["mean"].iloc[1]
    statement = (f"A lessons-learned archive keeps only the completed projects; their mean "
                 f"cost overrun is {_signed(archive)} %.")
    label = "What does the archive say about the whole portfolio?"
    options = (
        ("It understates overruns: cancelled projects, often the worst, are missing",
         "understates"),
        ("It overstates overruns: failures are what an archive remembers best", "overstates"),
        ("It is fair: a cancelled project delivered nothing, so its overrun is void", "fair"),
        ("It is fair as long as the archive holds more than a hundred projects", "size"),
    )
    why = {
        "overstates": "The archive lost projects rather than gained them, and the ones it "
                      "lost were the troubled ones.",
        "fair": "A cancelled project still spent money: leaving it out makes the portfolio "
                "look better than it was.",
        "size": "A bigger archive with the same gap in it is just as biased: the size of a "
                "sample does not fix what is missing from it.",
    }
    explain = (f"Survivorship: counting the cancelled projects too (with what they spent up "
               f"to the cancel date), the mean is {_signed(everyone)} %, worse than the "
               f"archive's {_signed(archive)} %.")
    return statement, label, options, "understates", why, explain


def _peers(df, project_type):
    cancelled = int(((df["type"] == project_type) & (df["outcome"] == "cancelled")).sum())
    statement = (f"Your reference class holds completed {project_type} projects only: the "
                 f"{cancelled} cancelled {project_type} projects of the portfolio are left out, "
                 f"because they have no final cost.")
    label = "What does leaving out the cancelled peers do to your P80 budget?"
    options = (
        ("It is probably too low: the troubled peers that were cancelled are missing",
         "too_low"),
        ("It is probably too high: cancelled peers would have pulled overruns down",
         "too_high"),
        ("Nothing: a cancelled project says nothing about what a new one will cost", "none"),
        ("It is exact, because every completed peer is in the table already", "exact"),
    )
    why = {
        "too_high": "Projects in trouble are the ones most often cancelled: the missing peers "
                    "are the bad news.",
        "none": "A cancelled project shows what happens to projects like yours when things go "
                "wrong; leaving it out hides that.",
        "exact": "A percentile of the peers you kept is exact for them, not for the class of "
                 "projects like yours.",
    }
    explain = ("Survivorship reaches the reference class too: the peers that ran into the "
               "worst trouble were often cancelled, so the completed ones look better than "
               "the class was. Read the P80 as a floor, not a ceiling.")
    return statement, label, options, "too_low", why, explain


def _tail(df, project_type):
    row = overrun_summary(df).iloc[0]
    statement = (f"Across the portfolio the mean cost overrun is {_signed(row['mean'])} % "
                 f"and the median is {_signed(row['median'])} %.")
    label = "Which figure describes the typical project?"
    options = (
        ("The median: a few huge overruns pull the mean far above it", "median"),
        ("The mean: it uses every project, so it is the fairer summary", "mean"),
        ("Either one: with so many projects the two must agree in the end", "either"),
        ("Neither: the P80 is the figure that describes a typical project", "p80"),
    )
    why = {
        "mean": "Every project counts in the median too; the mean also lets a few black swans "
                "pull it up.",
        "either": "A heavy tail keeps the two apart however many projects there are.",
        "p80": "The P80 is a cautious budget (80 % of projects stay within it), not the "
               "typical project.",
    }
    explain = ("Overruns have a heavy right tail: a few projects overrun by several hundred "
               "per cent. The mean is pulled towards them; the median is the project in the "
               "middle. Use medians (and rank correlations) for such data.")
    return statement, label, options, "median", why, explain


#: The question variants, by name; the seed picks one.
QUESTIONS = {"confounder": _confounder, "archive": _archive, "peers": _peers, "tail": _tail}


# --------------------------------------------------------------------------
# The exercise
# --------------------------------------------------------------------------

class ReferenceClass(Exercise):
    """P50 and P80 budgets of a new project from its peers' overruns, and a reading question.

    Parameters
    ----------
    seed : int
        The learner's seed (0 or more): it picks the project type, the budget,
        the peers (10 to 15 completed projects of that type) and the question.

    Attributes
    ----------
    project_type : str
    budget : float
        The new project's budget (EUR).
    peers : pandas.DataFrame
        The reference class in the order shown: ``project_id``, ``budget``,
        ``actual_cost``, ``cost_overrun_pct``.
    tolerance : float
        How far (EUR) each budget may be off.
    question : str
        Which question the seed picked (a key of :data:`QUESTIONS`).
    forecast : implcourse.portfolio.ReferenceClassForecast
        The core's forecast at P80 (its P50 comes with it).
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "reference_class")
        portfolio = load_projects()
        completed = overruns(portfolio[portfolio["outcome"] != "cancelled"])
        for _ in range(200):  # redraw until no slip lands next to the right answer
            project_type = str(rng.choice(TYPES))
            n = int(rng.choice(PEER_COUNTS))
            pool = completed[completed["type"] == project_type]
            picked = pool.iloc[np.sort(rng.choice(len(pool), size=n, replace=False))]
            picked = picked.iloc[rng.permutation(n)]
            budget = float(rng.integers(5, 61)) * 100_000
            forecast = reference_class_forecast(picked, budget, peers={"type": project_type},
                                                percentile=80, min_peers=n)
            self._set(project_type, budget, picked, forecast)
            if self._separated():
                break
        self.question = str(rng.choice(list(QUESTIONS)))
        (self.statement, self.question_label, options, self.key, self._why,
         self._explain) = QUESTIONS[self.question](portfolio, project_type)
        self.options = tuple(options[i] for i in rng.permutation(len(options)))
        super().__init__(
            id="06.reference_class", lesson="06", topic="analytics",
            title="A reference-class forecast from past projects",
            task=f"A new {project_type} project has a budget of {budget:,.0f} EUR. The table "
                 f"shows the cost overruns of {n} completed {project_type} projects from the "
                 "course's synthetic portfolio: its reference class. Give its P50 and P80 "
                 "budgets in EUR: the budget uplifted by the peers' cost overrun at that "
                 "percentile, budget × (1 + uplift / 100). Use the inclusive percentile "
                 "convention (numpy's default, Excel's PERCENTILE.INC): sort the overruns and "
                 "number them from 0; the P-th percentile sits at position (n − 1) × P / 100, "
                 "interpolating between neighbours. Answers within "
                 f"±{self.tolerance:,.0f} EUR are accepted. Then answer the question under "
                 "the table.",
            hints=["A reference-class forecast uplifts the new project's own budget by the "
                   "overrun its peers reached: take percentiles of the peers' overruns (the "
                   "last column), not of their budgets or costs.",
                   "Sort the overruns from smallest to largest and number them from zero. The "
                   "percentile sits at position (n − 1) × P / 100; when that falls between "
                   "two overruns, go that fraction of the way from the lower to the higher.",
                   "For the question, ask what else differs between the groups compared, "
                   "which projects are missing from the data, and what a few extreme "
                   "projects do to an average.",
                   "Step by step: sort the n peer overruns and number them from zero; the "
                   "median sits at position (n − 1) × one half and the higher percentile at "
                   "(n − 1) × four fifths; where a position falls between two overruns, take "
                   "the lower one plus that fraction of the gap to the next; each budget is "
                   "then the "
                   "new project's budget × (1 + uplift in per cent / a hundred), on the new "
                   "budget both times. For the question: a gap between groups proves no "
                   "cause while something else (such as size) differs between them, a "
                   "sample that lost its cancelled projects looks better than the portfolio "
                   "was, and a heavy tail pulls the mean away from the typical project."])

    # -- drawing ----------------------------------------------------------------------------

    def _set(self, project_type, budget, picked, forecast) -> None:
        self.project_type = project_type
        self.budget = budget
        self.peers = picked[["project_id", "budget", "actual_cost", "cost_overrun_pct"]] \
            .reset_index(drop=True)
        self.forecast = forecast
        self.tolerance = TOLERANCE_SHARE * budget

    def slips(self) -> dict[str, dict[str, float]]:
        """The budgets the common slips give, by field ("p50", "p80") and slip name.

        - ``budgets`` / ``costs``: the percentile of the peers' budgets (or
          actual costs) instead of their overruns;
        - ``rank_up`` / ``rank_down`` / ``exclusive``: the percentile read as
          the k-th value (k = n × P rounded up or down, 1-based) or with the
          exclusive convention (``PERCENTILE.EXC``, position (n + 1) × P);
        - ``mean``: the mean overrun as the P50;
        - ``uplift_only``: the uplift in EUR without the budget;
        - ``peer_base``: the uplift applied to the peers' median budget;
        - ``stacked``: the P80 uplift applied to the P50 budget.
        """
        values = np.sort(self.peers["cost_overrun_pct"].to_numpy(float))
        n = len(values)
        b = self.budget

        def on(uplift: float) -> float:
            return b * (1 + uplift / 100)

        out: dict[str, dict[str, float]] = {}
        for field, p in (("p50", 50), ("p80", 80)):
            uplift = float(np.percentile(values, p))
            out[field] = {
                "budgets": float(np.percentile(self.peers["budget"], p)),
                "costs": float(np.percentile(self.peers["actual_cost"], p)),
                "rank_up": on(float(values[min(n, math.ceil(n * p / 100)) - 1])),
                "rank_down": on(float(values[max(1, math.floor(n * p / 100)) - 1])),
                "exclusive": on(float(np.percentile(values, p, method="weibull"))),
                "uplift_only": b * uplift / 100,
                "peer_base": float(np.median(self.peers["budget"])) * (1 + uplift / 100),
            }
        out["p50"]["mean"] = on(float(values.mean()))
        out["p80"]["stacked"] = self.forecast.p50_budget * (1 + self.forecast.uplift_pct / 100)
        return out

    def _separated(self) -> bool:
        """No slip lands near the right answer without being it (methods that agree, such
        as the middle value of an odd count for the median, are fine)."""
        want = {"p50": self.forecast.p50_budget, "p80": self.forecast.forecast_budget}
        for field, slips in self.slips().items():
            for value in slips.values():
                gap = abs(value - want[field])
                if 1e-6 * self.budget < gap <= 4 * self.tolerance:
                    return False
        return abs(want["p80"] - want["p50"]) > 4 * self.tolerance

    # -- what the exercise asks -------------------------------------------------------------

    def _details(self) -> str:
        rows = [[i, row.project_id, format_number(row.budget, 0),
                 format_number(row.actual_cost, 0), _signed(row.cost_overrun_pct)]
                for i, row in enumerate(self.peers.itertuples(), start=1)]
        table = markdown_table(["#", "peer project", "budget (EUR)", "actual cost (EUR)",
                                "cost overrun (%)"], rows)
        return (f"{table}\n\n*Synthetic data: a teaching model's projects, not real ones.*"
                f"\n\n**Question.** {self.statement} {self.question_label}")

    def fields(self) -> list:
        return [Number("p50", "P50 budget", unit="EUR", minimum=0, decimals=0),
                Number("p80", "P80 budget", unit="EUR", minimum=0, decimals=0),
                Choice("reading", self.question_label, self.options)]

    def expected(self) -> dict[str, object]:
        return {"p50": self.forecast.p50_budget, "p80": self.forecast.forecast_budget,
                "reading": self.key}

    # -- checking ---------------------------------------------------------------------------

    _MESSAGES = {
        "budgets": ("That is the {p} of the peers' budgets: their size, not how far they "
                    "overran.", 0),
        "costs": ("That is the {p} of the peers' actual costs: the forecast uses how far "
                  "they overran, in per cent.", 0),
        "rank_up": ("That reads the {p} as a value counted off the sorted list; the "
                    "convention interpolates at position (n − 1) × P / 100.", 1),
        "rank_down": ("That reads the {p} as a value counted off the sorted list; the "
                      "convention interpolates at position (n − 1) × P / 100.", 1),
        "exclusive": ("That is the exclusive convention (PERCENTILE.EXC, position "
                      "(n + 1) × P); the task uses the inclusive one.", 1),
        "mean": ("That uses the mean overrun; the P50 is the median.", 1),
        "uplift_only": ("That is the uplift alone; the {p} budget is the new budget plus "
                        "it.", 3),
        "peer_base": ("The uplift went onto the peers' budget; it belongs on the new "
                      "project's own budget.", 3),
        "stacked": ("The P80 uplift went onto the P50 budget; both uplifts start from the "
                    "new project's own budget.", 3),
    }
    _SLIP_HINTS = {
        0: "Percentiles of the peers' overruns (per cent), applied to the new budget.",
        1: "Sort the overruns, find the position (n − 1) × P / 100 counting from zero, and "
           "interpolate between the two overruns around it.",
        3: "Each budget is the new project's budget × (1 + its own uplift / a hundred).",
    }

    def _slip(self, field: str, value: float):
        label = {"p50": "P50", "p80": "P80"}[field]
        for name, slip in self.slips()[field].items():
            if abs(value - slip) <= self.tolerance:
                text, hint = self._MESSAGES[name]
                return text.format(p=label), self._SLIP_HINTS[hint]
        return None

    def _grade(self, p50: float, p80: float, reading: str):
        want = self.expected()
        ok50 = abs(p50 - want["p50"]) <= self.tolerance
        ok80 = abs(p80 - want["p80"]) <= self.tolerance
        if not ok50 and not ok80 and abs(p50 - want["p80"]) <= self.tolerance \
                and abs(p80 - want["p50"]) <= self.tolerance:
            return False, "The two budgets are swapped.", (
                "The P50 is the lower budget: half the peers overran by less. The P80 needs "
                "a higher uplift.")
        for field, value, ok in (("p50", p50, ok50), ("p80", p80, ok80)):
            if ok:
                continue
            label = field.upper()
            before = "" if field == "p50" else "The P50 budget is right. "
            slip = self._slip(field, value)
            if slip:
                return False, before + slip[0], slip[1]
            return (False, f"{before}{money(value, None)} is not the {label} budget.",
                    self.hints[1] if field == "p80" else self.hints[0])
        if reading != self.key:
            return (False, "Both budgets are right; the reading of the portfolio is not. "
                    + self._why[reading], self.hints[2])
        return True, (f"P50 {money(want['p50'])}, P80 {money(want['p80'])}. "
                      f"{self._explain}"), None

    # -- the worked solution ----------------------------------------------------------------

    def _solution(self) -> Note:
        values = np.sort(self.peers["cost_overrun_pct"].to_numpy(float))
        n = len(values)
        lines = ["Sorted overruns (%), numbered from 0: "
                 + ", ".join(f"[{i}] {_signed(v)}" for i, v in enumerate(values)) + "."]
        for p, uplift, total in ((50, self.forecast.p50_uplift_pct, self.forecast.p50_budget),
                                 (80, self.forecast.uplift_pct, self.forecast.forecast_budget)):
            position = (n - 1) * p / 100
            low = math.floor(position)
            frac = position - low
            if frac == 0:
                how = f"exactly overrun [{low}], {_signed(values[low])} %"
            else:
                how = (f"{frac:.2f} of the way from [{low}] {_signed(values[low])} to "
                       f"[{low + 1}] {_signed(values[low + 1])}: {_signed(uplift, 2)} %")
            sign = "+" if uplift >= 0 else "−"
            lines.append(f"- **P{p}**: position ({n} − 1) × {p / 100:.2f} = {position:g}, "
                         f"{how}; budget {format_number(self.budget, 0)} × (1 {sign} "
                         f"{format_number(abs(uplift), 2)} / 100) = **{money(total)}**.")
        label = dict((v, k) for k, v in self.options)[self.key]
        lines.append(f"\n**{self.question_label}** {label}. {self._explain}")
        lines.append("\n*A simple reference-class forecast on synthetic data: a real one needs "
                     "a large, relevant and honestly recorded class of past projects.*")
        return Note("\n".join(lines))
