"""Exercises of Lesson 07: the power/interest grid, fixing a RACI, who does what,
and the conflict-handling mode.

Every exercise draws its case from the learner's seed and grades with the
core of :mod:`implcourse.stakeholders`:

* :class:`GridStrategy` (section 1): four or five stakeholders of the ERP
  case's register (:func:`~implcourse.stakeholders.register.load_register`)
  with their power and interest scores moved a little by the seed, graded
  by :func:`~implcourse.stakeholders.register.grid_strategy` (a score equal
  to the threshold of 6 counts as high), and one question on the engagement
  assessment matrix graded by
  :func:`~implcourse.stakeholders.register.engagement_gaps`;
* :class:`FixTheRaci` (section 5): the ERP case's RACI
  (:func:`~implcourse.stakeholders.raci.erp_raci`) with two or three rows
  broken by the seed; each chosen fix is graded by running
  :func:`~implcourse.stakeholders.raci.check_raci` on the fixed row;
* :class:`WhoDoesWhat` (section 6): three "who does what" scenarios graded
  by :func:`~implcourse.stakeholders.roles.check_role`;
* :class:`ConflictMode` (section 7): two conflict scenarios graded by
  :func:`~implcourse.stakeholders.conflict.best_mode`.

The register, the RACI and the scenarios are **synthetic** (see
``datasets/stakeholders/README.md``); the perturbed scores are drawn from
the seed and are teaching material, not evidence.

Examples
--------
>>> ex = GridStrategy(seed=3)
>>> ex.check(**ex.expected()).correct
True
>>> [f.label for f in ex.fields()]
['Strategy', 'Who must move furthest on the engagement matrix?']
>>> fix = FixTheRaci(seed=1)
>>> fix.check(**fix.expected()).correct
True
>>> WhoDoesWhat(seed=2).check(**WhoDoesWhat(seed=2).expected()).correct
True
>>> ConflictMode(seed=2).check(**ConflictMode(seed=2).expected()).correct
True
"""

from __future__ import annotations

import inspect
import zlib
from collections.abc import Sequence

import numpy as np

from ..answers import Choice, Table
from ..stakeholders import conflict, raci, roles
from ..stakeholders import register as reg
from ..validation import check_choice, check_int, shown
from . import Exercise, Note, markdown_table, numbered_list

__all__ = ["GridStrategy", "FixTheRaci", "WhoDoesWhat", "ConflictMode"]


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _bind_by_fields(exercise: Exercise, args, kwargs) -> dict[str, object]:
    """The answer by field name, for exercises whose number of fields depends on the seed."""
    names = [f.name for f in exercise.fields()]
    signature = inspect.Signature([inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                                   for n in names])
    return dict(signature.bind(*args, **kwargs).arguments)


#: The values of a choice's options, in the order they are listed (shuffled per seed).
_VALUES = ("a", "b", "c", "d")


# ==========================================================================
# 1. Power/interest grid and the engagement assessment matrix
# ==========================================================================

class GridStrategy(Exercise):
    """The grid strategy of four or five stakeholders, and who must move furthest
    on the engagement assessment matrix.

    The stakeholders come from the ERP case's register; each power and interest
    score is moved by up to two points by the seed (kept within 1 to 10), and one
    score is put exactly on the threshold of 6, so the boundary convention always
    matters (a score equal to the threshold counts as high). At least one
    stakeholder has a high score on one axis and a low one on the other, so
    swapping power and interest always changes an answer; the feedback names both
    slips. The engagement levels are the register's own; the stakeholder with the
    largest gap (counted in levels, :func:`~implcourse.stakeholders.register.engagement_gaps`)
    is unique.

    Examples
    --------
    >>> ex = GridStrategy(seed=0)
    >>> len(ex.people) in (4, 5)
    True
    >>> any(reg.DEFAULT_THRESHOLD in pair for pair in ex.scores)
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "grid")
        register = reg.load_register()
        limit = reg.DEFAULT_THRESHOLD
        for _ in range(500):
            count = int(rng.integers(4, 6))
            picks = sorted(int(i) for i in rng.choice(len(register), size=count, replace=False))
            people = [register[i] for i in picks]
            moves = rng.integers(-2, 3, size=(count, 2))
            scores = [(int(np.clip(p.power + dp, reg.SCORE_MIN, reg.SCORE_MAX)),
                       int(np.clip(p.interest + di, reg.SCORE_MIN, reg.SCORE_MAX)))
                      for p, (dp, di) in zip(people, moves)]
            on_line = int(rng.integers(count))
            axis = int(rng.integers(2))
            pair = list(scores[on_line])
            pair[axis] = limit
            scores[on_line] = (pair[0], pair[1])
            right = [reg.grid_strategy(p, i) for p, i in scores]
            swapped = [reg.grid_strategy(i, p) for p, i in scores]
            gaps = reg.engagement_gaps(people, include_aligned=True)
            sizes = gaps["gap"].abs()
            if (len(set(scores)) == count and len(set(right)) >= 3
                    and any(r != s for r, s in zip(right, swapped))
                    and int((sizes == sizes.max()).sum()) == 1
                    and int(gaps["gap"].iloc[0]) > 0):
                break
        else:  # pragma: no cover - the register changed under the exercise
            raise RuntimeError("No stakeholder set fits the grid exercise; check register.yml")
        self.people = people
        self.scores = scores
        self.gaps = gaps
        self.threshold = limit
        super().__init__(
            id="07.grid", lesson="07", topic="stakeholders",
            title="Power/interest grid and engagement",
            task=(f"The project team of the ERP rollout scored {count} stakeholders for "
                  "power over the project and interest in it, each from 1 (very low) to 10 "
                  f"(very high); a score counts as high from {limit} up, so a score of exactly "
                  f"{limit} is high. (1) Give each stakeholder the strategy of the "
                  "power/interest grid: manage closely, keep satisfied, keep informed or "
                  "monitor. (2) On the engagement assessment matrix (levels unaware, "
                  "resistant, neutral, supportive, leading), which of them must move "
                  "furthest from their current to their desired engagement?"),
            hints=[f"Each score is high from {limit} up, the threshold included, and low "
                   "below it. High power and high interest: manage closely; high power, "
                   "low interest: keep satisfied; low power, high interest: keep informed; "
                   "both low: monitor.",
                   "Power decides whether a stakeholder sits in the top or the bottom half "
                   "of the grid, interest whether they sit left or right; keep the two "
                   "apart. For the engagement question, count levels, not words.",
                   "Step by step: for each stakeholder, first compare the power score with "
                   "the threshold (a score equal to it counts as high), then the interest "
                   "score in the same way, without swapping them. High power with high "
                   "interest means manage closely, high power with low interest keep "
                   "satisfied, low power with high interest keep informed, and low on both "
                   "monitor. For the engagement matrix, write the five levels in order "
                   "(unaware, resistant, neutral, supportive, leading), count the steps from "
                   "each stakeholder's current level to the desired one, in either direction, "
                   "and choose the stakeholder with the most steps."])

    # -- answers from the core ----------------------------------------------------------

    def strategies(self) -> list[str]:
        """The grid strategy of each stakeholder, from :func:`reg.grid_strategy`."""
        return [reg.grid_strategy(p, i, threshold=self.threshold) for p, i in self.scores]

    def furthest(self) -> str:
        """The id of the stakeholder with the largest engagement gap."""
        return str(self.gaps.index[0])

    def expected(self) -> dict[str, object]:
        return {"strategies": self.strategies(), "furthest": self.furthest()}

    # -- showing ------------------------------------------------------------------------

    def _row(self, k: int) -> str:
        power, interest = self.scores[k]
        return f"{self.people[k].name}: power {power}, interest {interest}"

    def _option(self, person: reg.Stakeholder) -> str:
        return f"{person.name}: now {person.current}, desired {person.desired}"

    def _details(self) -> str:
        rows = [[p.name, power, interest, p.current, p.desired]
                for p, (power, interest) in zip(self.people, self.scores)]
        return markdown_table(["Stakeholder", "Power (1-10)", "Interest (1-10)",
                               "Current engagement", "Desired engagement"], rows)

    def fields(self) -> list:
        column = Choice("strategy", "Strategy",
                        tuple((s, s) for s in reg.STRATEGIES.values()))
        return [Table("strategies", "Strategy",
                      rows=tuple(self._row(k) for k in range(len(self.people))), column=column),
                Choice("furthest", "Who must move furthest on the engagement matrix?",
                       tuple((self._option(p), p.id) for p in self.people))]

    # -- grading ------------------------------------------------------------------------

    def _grade(self, strategies: Sequence[str], furthest: str):
        want = self.strategies()
        notes, hints = [], []
        wrong = [k for k, (g, w) in enumerate(zip(strategies, want)) if g != w]
        for k in wrong:
            power, interest = self.scores[k]
            name = self.people[k].name
            given = strategies[k]
            if given == reg.grid_strategy(interest, power, threshold=self.threshold):
                notes.append(f"{name}: power and interest are swapped. Power decides top or "
                             "bottom of the grid, interest left or right.")
                hints.append(self.hints[1])
            elif (self.threshold in (power, interest) and given ==
                  reg.grid_strategy(power, interest, threshold=self.threshold + 1)):
                notes.append(f"{name}: a score of exactly {self.threshold} sits on the "
                             "boundary, and on the boundary it counts as high.")
                hints.append(self.hints[0])
            else:
                notes.append(f"{name}: compare both scores with the threshold again.")
                hints.append(self.hints[0])
        if wrong:
            notes.insert(0, f"(1) {len(want) - len(wrong)} of {len(want)} strategies are "
                            "right.")
        if furthest != self.furthest():
            row = self.gaps.loc[furthest]
            steps = abs(int(row["gap"]))
            move = ("is where they should be" if steps == 0 else
                    f"moves {steps} level{'s' if steps != 1 else ''}, from {row['current']} "
                    f"to {row['desired']}")
            notes.append(f"(2) {row['name']} {move}; another stakeholder must move further.")
            hints.append(self.hints[2])
        if not notes:
            return True, ("All strategies are right, and you found who must move furthest on "
                          "the engagement matrix."), None
        return False, " ".join(notes), hints[0]

    def _solution(self) -> Note:
        grid = reg.stakeholder_grid(self.people, moves={p.id: pair for p, pair in
                                                        zip(self.people, self.scores)},
                                    threshold=self.threshold)
        rows = [[row["name"], f"{row['power']:g}", f"{row['interest']:g}", row["quadrant"],
                 f"**{row['strategy']}**"] for _, row in grid.iterrows()]
        levels = list(reg.ENGAGEMENT_LEVELS)
        moves = [[r["name"], r["current"], r["desired"],
                  f"{abs(int(r['gap']))} ({levels.index(r['current']) + 1} to "
                  f"{levels.index(r['desired']) + 1})"]
                 for _, r in self.gaps.iterrows()]
        best = self.gaps.iloc[0]
        return Note("**(1)** A score counts as high from the threshold of "
                    f"{self.threshold} up (a score on it is high):\n\n"
                    + markdown_table(["Stakeholder", "Power", "Interest", "Quadrant", "Strategy"],
                                     rows)
                    + "\n\n**(2)** Counting the levels unaware 1, resistant 2, neutral 3, "
                      "supportive 4, leading 5:\n\n"
                    + markdown_table(["Stakeholder", "Current", "Desired", "Levels to move"],
                                     moves)
                    + f"\n\n**{best['name']}** must move furthest.")


# ==========================================================================
# 5. Fix the RACI
# ==========================================================================

#: The faults the exercise plants, one per broken row.
FAULTS = ("two_accountable", "no_accountable", "no_responsible", "unknown_role")
#: A body that is a project role of the course but not a column of the ERP RACI.
OUTSIDER = "Steering committee"


def _lower(role: str) -> str:
    return role[:1].lower() + role[1:]


def _the(roles_: Sequence[str]) -> str:
    return _join([f"the {_lower(r)}" for r in roles_])


class FixTheRaci(Exercise):
    """Choose, for each broken row of a RACI, the fix that makes it pass the checker.

    The RACI is the ERP case's (:func:`~implcourse.stakeholders.raci.erp_raci`)
    with two or three rows broken by the seed, each in its own way: a second
    Accountable role, no Accountable role, no Responsible role, or the A given to
    the steering committee, which is not a role of this matrix. Each broken row
    has a choice of four real fixes; only one of them leaves the row passing
    :func:`~implcourse.stakeholders.raci.check_raci` (exactly one A, at least
    one R, only the matrix's roles), and it restores the case's own assignment.
    A wrong fix is explained in the checker's own words.

    ``broken`` maps each deliverable to its broken cells (``{role: letter}``),
    ``faults`` the broken rows to their fault, ``options`` each broken row to
    its four ``(label, cells)`` fixes in the order shown.

    Examples
    --------
    >>> ex = FixTheRaci(seed=4)
    >>> len(ex.faults) in (2, 3)
    True
    >>> raci.check_raci(ex.fixed(ex.expected())).ok
    True
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "raci")
        matrix = raci.erp_raci()
        self.roles = list(matrix.columns)
        self.original = {row: {role: cell for role, cell in cells.items() if cell}
                         for row, cells in matrix.to_dict(orient="index").items()}
        rows = list(self.original)
        count = int(rng.integers(2, 4))
        self._grade = self._grade_two if count == 2 else self._grade_three
        chosen = sorted(int(i) for i in rng.choice(len(rows), size=count, replace=False))
        kinds = [str(k) for k in rng.choice(FAULTS, size=count, replace=False)]
        self.broken = {row: dict(cells) for row, cells in self.original.items()}
        self.faults: dict[str, str] = {}
        self.options: dict[str, list[tuple[str, dict[str, str]]]] = {}
        self.answer: dict[str, str] = {}
        for index, kind in zip(chosen, kinds):
            row = rows[index]
            broken, options = self._plant(rng, self.original[row], kind)
            order = rng.permutation(len(options))
            self.broken[row] = broken
            self.faults[row] = kind
            self.options[row] = [options[i] for i in order]
            self.answer[row] = _VALUES[int(np.flatnonzero(order == 0)[0])]
        for row in self.faults:  # every wrong fix must fail the checker, the right one pass
            for value, (_, cells) in zip(_VALUES, self.options[row]):
                if (not self._problems(row, cells)) != (value == self.answer[row]):
                    raise RuntimeError(f"The fixes of row {row!r} do not fit the checker")
        n = len(self.faults)
        super().__init__(
            id="07.raci", lesson="07", topic="raci", title="Fix the RACI",
            task=("Below is a draft RACI for the main deliverables of the ERP rollout "
                  "(R responsible, A accountable, C consulted, I informed; an empty cell: no "
                  f"part). {n} rows break the rules the lesson's checker applies: exactly "
                  "one A per row, at least one R per row, and only the matrix's own roles as "
                  "columns. For each broken row, choose the fix that makes it pass."),
            hints=["The rules: one role answers for each deliverable and signs it off "
                   "(exactly one A); somebody does the work (at least one R); and a role "
                   "outside the matrix's columns cannot hold a letter.",
                   "Apply each fix to its row in your head, then count the A's and the R's "
                   "that result, and look at which roles are left holding a letter.",
                   "Step by step: for each broken row, take one fix at a time and write the "
                   "row out as it would look after it. Count the roles marked A or A/R: "
                   "there must be exactly one. Count the roles marked R or A/R: there must "
                   "be at least one. Check that every role with a letter is a column of the "
                   "matrix; a body such as a committee that is not a column must not appear. "
                   "A fix that leaves two A's, no A, no R or an outside role fails; keep the "
                   "one fix that passes all three checks."])

    # -- planting the faults ------------------------------------------------------------

    def _plant(self, rng: np.random.Generator, row: dict[str, str],
               kind: str) -> tuple[dict[str, str], list[tuple[str, dict[str, str]]]]:
        """The broken row and its four fixes ``(label, cells)``, the right one first."""
        accountable = next(r for r, c in row.items() if c == "A")
        responsible = [r for r in self.roles if row.get(r) == "R"]
        right = dict(row)
        if kind == "two_accountable":
            others = [r for r in self.roles if row.get(r) in ("R", "C", "I")]
            extra = others[int(rng.integers(len(others)))]
            letter = row[extra]
            broken = dict(row, **{extra: "A"})
            options = [
                (f"Keep the {_lower(accountable)} A and make the {_lower(extra)} "
                 f"{letter} again ({raci.LETTERS[letter].lower()})", right),
                (f"Make the {_lower(extra)} A/R: the {_lower(extra)} does the work and "
                 "answers for it", dict(broken, **{extra: "A/R"})),
                (f"Make both the {_lower(accountable)} and the {_lower(extra)} R",
                 dict(broken, **{accountable: "R", extra: "R"})),
                ("Leave the row as it is: the two roles share the accountability", broken),
            ]
        elif kind == "no_accountable":
            broken = dict(row, **{accountable: "R"})
            doers = [r for r in self.roles if broken.get(r) == "R"]
            options = [
                (f"Make the {_lower(accountable)} A again (answers for the result and signs "
                 "it off)", right),
                (f"Make every R of the row an A as well ({_the(doers)})",
                 dict(broken, **{r: "A" for r in doers})),
                (f"Make the {_lower(accountable)} C: those who do the work answer for it",
                 dict(broken, **{accountable: "C"})),
                ("Leave it: each R answers for its own part of the work", broken),
            ]
        elif kind == "no_responsible":
            broken = dict(row, **{r: "C" for r in responsible})
            options = [
                (f"Make {_the(responsible)} R again", right),
                (f"Make the {_lower(responsible[0])} A as well",
                 dict(broken, **{responsible[0]: "A"})),
                (f"Inform {_the(responsible)} (I) instead of consulting them",
                 dict(broken, **{r: "I" for r in responsible})),
                ("Leave it: the accountable role's sign-off is enough", broken),
            ]
        else:  # unknown_role
            broken = {r: c for r, c in row.items() if r != accountable}
            broken[OUTSIDER] = "A"
            without = {r: c for r, c in broken.items() if r != OUTSIDER}
            options = [
                (f"Give the A back to the {_lower(accountable)} and take the steering "
                 "committee out of this row", right),
                (f"Keep the steering committee A and make the {_lower(accountable)} R",
                 dict(broken, **{accountable: "R"})),
                ("Take the steering committee out of this row and change nothing else",
                 without),
                ("Leave it: the steering committee decides, so it is accountable", broken),
            ]
        return broken, options

    # -- answers from the core ----------------------------------------------------------

    def _problems(self, row: str, cells: dict[str, str]) -> list[str]:
        """What :func:`raci.check_raci` says about one row, in its own words."""
        try:
            check = raci.check_raci({row: cells})
        except ValueError as err:  # a role outside the matrix's columns
            text = str(err)
            return [text if text.endswith(".") else text + "."]
        return [v.message for v in check.violations]

    def _field_name(self, k: int) -> str:
        return f"fix{k}"

    def rows(self) -> list[str]:
        """The broken rows, in the matrix's order."""
        return [row for row in self.original if row in self.faults]

    def expected(self) -> dict[str, str]:
        return {self._field_name(k): self.answer[row]
                for k, row in enumerate(self.rows(), start=1)}

    def fixed(self, answer: dict[str, str]) -> dict[str, dict[str, str]]:
        """The whole matrix with the chosen fixes (``{field name: option value}``)."""
        if not isinstance(answer, dict):
            raise TypeError(f"answer must be a dict of field name -> option letter, got "
                            f"{type(answer).__name__} {shown(answer)}")
        out = {row: dict(cells) for row, cells in self.broken.items()}
        for k, row in enumerate(self.rows(), start=1):
            name = self._field_name(k)
            if name not in answer:
                raise ValueError(f"answer has no choice for {name!r} (row {row!r})")
            value = check_choice(f"answer[{name!r}]", answer[name], _VALUES)
            out[row] = dict(self.options[row][_VALUES.index(value)][1])
        return out

    # -- showing ------------------------------------------------------------------------

    def _details(self) -> str:
        columns = self.roles + ([OUTSIDER] if any(OUTSIDER in c for c in self.broken.values())
                                else [])
        rows = [[row, *(cells.get(role, "") for role in columns)]
                for row, cells in self.broken.items()]
        # Short role heads keep the table within the notebook at 150 % zoom.
        short = raci.short_labels(columns)
        legend = "; ".join(f"**{short[c]}** {c}" for c in columns)
        return (markdown_table(["Deliverable", *(short[c] for c in columns)], rows)
                + f"\n\nRoles: {legend}.")

    def fields(self) -> list[Choice]:
        return [Choice(self._field_name(k), f"Fix for “{row}”",
                       tuple((label, value) for (label, _), value in
                             zip(self.options[row], _VALUES)))
                for k, row in enumerate(self.rows(), start=1)]

    # -- grading ------------------------------------------------------------------------

    def _bind(self, args, kwargs) -> dict[str, object]:
        return _bind_by_fields(self, args, kwargs)

    # The form's fields are the parameters of _grade (tests/test_forms.py): with two
    # or three broken rows, the instance gets the matching signature.
    def _grade_two(self, fix1: str, fix2: str):
        return self._grade_fixes(fix1=fix1, fix2=fix2)

    def _grade_three(self, fix1: str, fix2: str, fix3: str):
        return self._grade_fixes(fix1=fix1, fix2=fix2, fix3=fix3)

    def _grade(self, **fixes: str):
        return self._grade_fixes(**fixes)

    def _grade_fixes(self, **fixes: str):
        notes, hints = [], []
        for k, row in enumerate(self.rows(), start=1):
            cells = self.options[row][_VALUES.index(fixes[self._field_name(k)])][1]
            problems = self._problems(row, cells)
            if problems:
                notes.append(f"Your fix for “{row}” still fails the checker: "
                             + " ".join(problems))
                unknown = any("not in the RACI's roles" in p for p in problems)
                hints.append(self.hints[0] if unknown else self.hints[1])
        if not notes:
            check = raci.check_raci(self.fixed(fixes))
            if not check.ok:  # pragma: no cover - the rows were checked one by one
                return False, " ".join(v.message for v in check.violations), self.hints[2]
            return True, (f"All {len(self.faults)} fixes pass: every row now has exactly one "
                          "A, at least one R and only the matrix's roles."), None
        right = len(self.faults) - len(notes)
        return False, f"{right} of {len(self.faults)} fixes pass. " + " ".join(notes), hints[0]

    def _solution(self) -> Note:
        parts = []
        for row in self.rows():
            label = self.options[row][_VALUES.index(self.answer[row])][0]
            broken = self._problems(row, self.broken[row])
            parts.append(f"**{row}.** The checker says: {' '.join(broken)} Fix: **{label}**.")
        return Note(numbered_list(parts)
                    + "\n\nEach other option leaves two A's, no A, no R or a role outside the "
                      "matrix. After the fixes the checker passes every row.")


# ==========================================================================
# 6. Who does what: implementation manager, project manager, solution architect
# ==========================================================================

class WhoDoesWhat(Exercise):
    """Three "who does what" scenarios: which of the three compared roles takes each one.

    The scenarios come from :func:`~implcourse.stakeholders.roles.who_does_what`
    (at least two different roles among the three answers); the choices are
    :func:`~implcourse.stakeholders.roles.role_names`, and each answer is graded
    by :func:`~implcourse.stakeholders.roles.check_role`, whose explanation is the
    feedback.

    Examples
    --------
    >>> ex = WhoDoesWhat(seed=1)
    >>> len(ex.scenarios)
    3
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "roles")
        table = roles.who_does_what(with_answers=True)
        ids = list(table.index)
        for _ in range(200):
            picks = [ids[int(i)] for i in rng.choice(len(ids), size=3, replace=False)]
            if len(set(table.loc[picks, "role"])) >= 2:
                break
        self.scenarios = picks
        self.texts = [str(table.loc[s, "scenario"]) for s in picks]
        self.names = roles.role_names()
        questions = roles.role_comparison().iloc[0]
        asks = " ".join(f"The {name.lower()} asks: {questions[name]}" for name in self.names)
        super().__init__(
            id="07.roles", lesson="07", topic="roles", title="Who does what?",
            task=("In the ERP rollout, the implementation manager, the project manager and "
                  "the solution architect are three different people. For each situation "
                  "below, choose the role who should take it on."),
            hints=[asks,
                   "Look for the kind of decision in each situation: delivery into the "
                   "organisation and its people; scope, schedule, cost and reporting against "
                   "the agreed baseline; or design, integration and supportability.",
                   "Step by step: for each situation, name what has to be decided or done. "
                   "If it is about getting the system working in this organisation, its "
                   "environment, its budget and contracts for delivery, training or the "
                   "readiness for go-live, it is the implementation manager's. If it changes "
                   "what was agreed (scope, schedule, cost), reports against the baseline, or "
                   "plans people and communication across the whole project, it is the "
                   "project manager's. If it is a design choice, an integration pattern, a "
                   "non-functional target or a question of supportability and upgrades, it is "
                   "the solution architect's."])

    def expected(self) -> dict[str, str]:
        return {f"role{k}": roles.check_role(s, self.names[0]).expected
                for k, s in enumerate(self.scenarios, start=1)}

    def _details(self) -> str:
        return numbered_list(self.texts)

    def fields(self) -> list[Choice]:
        return [Choice(f"role{k}", f"Situation {k}", tuple((n, n) for n in self.names))
                for k in range(1, len(self.scenarios) + 1)]

    def _grade(self, role1: str, role2: str, role3: str):
        notes, right = [], 0
        for k, (scenario, chosen) in enumerate(zip(self.scenarios, (role1, role2, role3)),
                                               start=1):
            result = roles.check_role(scenario, chosen)
            if result.correct:
                right += 1
            else:
                notes.append(f"Situation {k}: {result.explanation}")
        if not notes:
            return True, "All three are right.", None
        return False, f"{right} of 3 are right. " + " ".join(notes), self.hints[0]

    def _solution(self) -> Note:
        parts = []
        for scenario, text in zip(self.scenarios, self.texts):
            result = roles.check_role(scenario, self.names[0])
            why = roles.who_does_what(with_answers=True).loc[scenario, "why"]
            parts.append(f"{text} **{result.expected}**: {why}")
        return Note(numbered_list(parts))


# ==========================================================================
# 7. Conflict-handling mode
# ==========================================================================

class ConflictMode(Exercise):
    """The best conflict-handling mode for two scenarios.

    The scenarios come from :func:`~implcourse.stakeholders.conflict.conflict_scenarios`
    (two with different best modes); each choice lists the five modes under
    both names, Thomas-Kilmann's and PMI's. The answer is
    :func:`~implcourse.stakeholders.conflict.best_mode`; the feedback is
    :func:`~implcourse.stakeholders.conflict.check_mode`'s explanation, with a
    note when the learner chose collaborating, the tempting "win-win" answer,
    where another mode fits better.

    Examples
    --------
    >>> ex = ConflictMode(seed=0)
    >>> ex.fields()[0].options[1][0]
    'Collaborating (Collaborate/problem solve)'
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "conflict")
        table = conflict.conflict_scenarios()
        ids = list(table.index)
        for _ in range(200):
            picks = [ids[int(i)] for i in rng.choice(len(ids), size=2, replace=False)]
            if conflict.best_mode(picks[0]).mode != conflict.best_mode(picks[1]).mode:
                break
        self.scenarios = picks
        self.texts = [str(table.loc[s, "scenario"]) for s in picks]
        self.modes = conflict.conflict_modes()
        win = self.modes.loc[conflict.WIN_WIN]
        super().__init__(
            id="07.conflict", lesson="07", topic="conflict", title="Which conflict mode?",
            task=("For each conflict in the ERP rollout below, choose the conflict-handling "
                  "mode that fits it best. Each mode is named as in the Thomas-Kilmann "
                  "model, with PMI's name in brackets."),
            hints=["The modes differ in how hard you push for your own concerns "
                   "(assertiveness) and how far you meet the other side's "
                   "(cooperativeness): competing high and low, collaborating high and high, "
                   "compromising in the middle, avoiding low and low, accommodating low and "
                   "high.",
                   f"{win['tki_name']} ({win['pmi_name']}) is often the best answer, but not "
                   "always: it takes time and both sides' commitment. Ask what is at stake, "
                   "how urgent it is, and whether a rule decides it.",
                   "Step by step: for each conflict ask, in this order: is there a safety, "
                   "legal or policy rule, or an emergency, that leaves no room to bargain "
                   "(then competing); is the matter trivial, or are tempers too high to talk "
                   "now (then avoiding, for the moment); does it matter far more to the "
                   "other side, or were you wrong (then accommodating); do both sides' "
                   "concerns matter too much to trade and is there time to work it through "
                   "(then collaborating); are the two sides of similar power and is a quick "
                   "workable middle enough (then compromising)."])

    def _label(self, mode: str) -> str:
        row = self.modes.loc[mode]
        return f"{row['tki_name']} ({row['pmi_name']})"

    def expected(self) -> dict[str, str]:
        return {f"mode{k}": conflict.best_mode(s).mode
                for k, s in enumerate(self.scenarios, start=1)}

    def _details(self) -> str:
        return numbered_list(self.texts)

    def fields(self) -> list[Choice]:
        options = tuple((self._label(m), m) for m in self.modes.index)
        return [Choice(f"mode{k}", f"Conflict {k}", options)
                for k in range(1, len(self.scenarios) + 1)]

    def _grade(self, mode1: str, mode2: str):
        notes, hints, right = [], [], 0
        for k, (scenario, chosen) in enumerate(zip(self.scenarios, (mode1, mode2)), start=1):
            result = conflict.check_mode(scenario, chosen)
            if result.correct:
                right += 1
                continue
            note = f"Conflict {k}: {result.explanation}"
            if chosen == conflict.WIN_WIN and not result.second_choice:
                note += (" Collaborating is the usual exam answer, but it costs time and needs "
                         "both sides to engage; here that is not what the situation needs.")
                hints.append(self.hints[1])
            else:
                hints.append(self.hints[0])
            notes.append(note)
        if not notes:
            return True, "Both are right.", None
        return False, f"{right} of 2 are right. " + " ".join(notes), hints[0]

    def _solution(self) -> Note:
        parts = []
        for scenario, text in zip(self.scenarios, self.texts):
            best = conflict.best_mode(scenario)
            also = (f" A defensible second choice: "
                    f"{_join([self.modes.loc[a, 'tki_name'].lower() for a in best.also])}."
                    if best.also else "")
            parts.append(f"{text} **{best.tki_name} ({best.pmi_name})**: {best.why}{also}")
        return Note(numbered_list(parts))
