"""Exercises of Lesson 06, earned value: the status, the forecast and earned schedule.

Every figure is drawn from the learner's seed (amounts in EUR, rounded to
thousands, as status reports give them) and every answer is computed by the
package's core: :func:`implcourse.metrics.earned_value.evm` for the earned
value measures and forecasts, and
:func:`implcourse.metrics.schedule_performance.earned_schedule` for earned
schedule. The exercises only draw the numbers; the formulas live in the core,
with their references (PMI, *Practice Standard for Earned Value Management*,
2nd ed., 2011; *PMBOK Guide*, 6th ed., 2017, section 7.4.2.2; W. Lipke,
"Schedule is Different", *The Measurable News*, March 2003).

* :class:`EarnedValueStatus` (exercise 3): CV, SV, CPI, SPI and the status.
* :class:`StatusReport` (exercise 4): a status report from cumulative figures
  by month: CPI, SPI, EAC, ETC, VAC, TCPI, the status sentence and the EAC
  formula that fits a situation.
* :class:`EarnedScheduleExercise` (exercise 5): ES, SPI(t), IEAC(t) and why SPI
  comes back to 1 on a late project.

The feedback names the usual slips: variances with their signs reversed,
indices upside down, PV read as EV, a month's own row read instead of the
cumulative figures, ETC taken for EAC, a TCPI against the EAC, BAC divided by
SPI, and, in earned schedule, the month C counted one too far, the wrong
bracket for the interpolation and SPI(t) upside down.

Examples
--------
>>> ex = EarnedValueStatus(seed=2)
>>> ex.check(**ex.expected()).correct
True
>>> [f.label for f in ex.fields()][:4]
['Cost variance (CV)', 'Schedule variance (SV)', 'Cost performance index (CPI)', 'Schedule performance index (SPI)']
>>> ex.check(None, None, None, None, None, None).pending
True
>>> print(ex.check("abc", 0, 1, 1, "over", "behind").message)
Cost variance (CV): type a number such as 1,250.5 (you entered 'abc')
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from ..answers import Choice, Number, format_number
from ..metrics.earned_value import EAC_METHODS, EarnedValue, evm
from ..metrics.schedule_performance import EarnedSchedule, earned_schedule
from ..validation import check_int
from . import Exercise, Note, markdown_table, money

__all__ = ["EarnedValueStatus", "StatusReport", "EarnedScheduleExercise"]

CURRENCY = "EUR"

#: How far an index (CPI, SPI, TCPI, SPI(t)) may be off: two decimal places.
INDEX_TOLERANCE = 0.01


def _rng(seed: int, exercise: str) -> np.random.Generator:
    """The learner's seed plus the exercise's own stream."""
    return np.random.default_rng([check_int("seed", seed, minimum=0),
                                  zlib.crc32(exercise.encode("utf-8"))])


def _thousands(value) -> np.ndarray | float:
    """Amounts rounded to whole thousands, as a status report gives them."""
    rounded = 1_000.0 * np.round(np.asarray(value, dtype=float) / 1_000.0)
    return rounded if rounded.ndim else float(rounded)


def _near(value: float, target: float | None, tolerance: float) -> bool:
    return target is not None and math.isfinite(target) and abs(value - target) <= tolerance


def _index(value: float) -> str:
    return format_number(value, 2)


def _amount(value: float) -> str:
    """An amount in a table cell: thousands separators, a real minus, no currency."""
    return format_number(value, 0)


def _formula(text: str) -> str:
    """A formula of the core as the lesson prints it (real minus and times signs)."""
    return text.replace(" - ", " − ").replace(" x ", " × ")


def _spread(rng: np.random.Generator, months: int) -> np.ndarray:
    """Monthly shares of a budget: a rise and fall (an S-curve when cumulated), with
    some noise; they add up to 1."""
    middle = np.sin(np.pi * (np.arange(months) + 0.5) / months)
    weights = middle + rng.uniform(0.15, 0.45, size=months)
    return weights / weights.sum()


def _baseline(rng: np.random.Generator, bac: float, months: int) -> np.ndarray:
    """Monthly planned values in whole thousands that add up to BAC exactly."""
    monthly = _thousands(bac * _spread(rng, months))
    monthly[-1] = bac - monthly[:-1].sum()
    return monthly


def _letters(rng: np.random.Generator, options: list[tuple[str, str]]
             ) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """Shuffle ``(label, key)`` options; the values shown to code are letters A, B, ...

    Returns the choice's options and the map from each key to its letter.
    """
    order = rng.permutation(len(options)).tolist()
    shuffled = [options[i] for i in order]
    letters = "ABCDEFG"
    return (tuple((label, letters[i]) for i, (label, _) in enumerate(shuffled)),
            {key: letters[i] for i, (_, key) in enumerate(shuffled)})


# --------------------------------------------------------------------------
# Exercise 3: where the project stands
# --------------------------------------------------------------------------

_COST = (("Over budget", "over"), ("On budget", "on"), ("Under budget", "under"))
_SCHEDULE = (("Ahead of schedule", "ahead"), ("On schedule", "on"),
             ("Behind schedule", "behind"))


def _cost_word(status: EarnedValue) -> str:
    return "over" if status.cv < 0 else "under" if status.cv > 0 else "on"


def _schedule_word(status: EarnedValue) -> str:
    return "behind" if status.sv < 0 else "ahead" if status.sv > 0 else "on"


def _parts_right(flags: list[bool]) -> str:
    return f"{sum(flags)} of {len(flags)} parts are right."


class EarnedValueStatus(Exercise):
    """CV, SV, CPI and SPI of a project at its status date, and its status.

    The four figures are drawn so that every quadrant occurs: over or under
    budget, ahead of or behind schedule. Amounts are whole thousands of EUR,
    so CV and SV are exact (±1 EUR accepted); CPI and SPI are accepted within
    ±0.01.

    Examples
    --------
    >>> ex = EarnedValueStatus(seed=7)
    >>> right = ex.expected()
    >>> ex.check(**{**right, "cv": -right["cv"]}).message.split(". ")[1]
    'CV has its sign reversed: that is AC − EV.'
    """

    #: How far CV or SV may be off, in EUR (the amounts are whole thousands).
    money_tolerance = 1.0

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "evm_status")
        self.over_budget = bool(rng.random() < 0.5)
        self.behind = bool(rng.random() < 0.5)
        while True:
            bac = float(rng.integers(20, 200)) * 10_000
            pv = _thousands(bac * rng.uniform(0.3, 0.7))
            spi = rng.uniform(0.72, 0.94) if self.behind else rng.uniform(1.06, 1.25)
            ev = _thousands(pv * spi)
            cpi = rng.uniform(0.72, 0.94) if self.over_budget else rng.uniform(1.06, 1.25)
            ac = _thousands(ev / cpi)
            if self._usable(bac, pv, ev, ac):
                break
        self.bac, self.pv, self.ev, self.ac = bac, pv, ev, ac
        #: The core's measures at the status date.
        self.status = evm(bac, pv, ev, ac, currency=CURRENCY)
        #: The same project with PV read as EV: the measures of the slip.
        self.pv_as_ev = evm(bac, pv, pv, ac, currency=CURRENCY)
        super().__init__(
            id="06.evm", lesson="06", topic="evm", title="Earned value: where the project stands",
            task="At the status date the project below reports these cumulative figures "
                 "(in EUR). Give the cost variance and the schedule variance in EUR (answers "
                 "within ±1 EUR are accepted), the cost and schedule performance indices to "
                 "two decimal places (±0.01 accepted), and say whether the project is over, "
                 "on or under budget and ahead of, on or behind schedule.",
            hints=["Everything starts from EV, the budget of the work actually done: the "
                   "variances subtract from it, the indices divide it.",
                   "Read the signs: a negative variance (an index below 1) is bad news, a "
                   "positive one (an index above 1) good news.",
                   "Step by step: CV = EV − AC and SV = EV − PV (earned minus spent, earned "
                   "minus planned); CPI = EV / AC and SPI = EV / PV. A negative CV (CPI "
                   "below 1) means over budget and a positive one under budget; a negative "
                   "SV (SPI below 1) means behind schedule and a positive one ahead. Use "
                   "EV, the work done, not PV, the work planned."])

    @staticmethod
    def _usable(bac: float, pv: float, ev: float, ac: float) -> bool:
        """Whether every slip the feedback names gives a value of its own, apart from
        the answer and from the other slips of the same field."""
        if not (0 < ev < bac and pv < bac):
            return False
        s, slip = evm(bac, pv, ev, ac), evm(bac, pv, pv, ac)
        groups = [([s.cv, -s.cv, slip.cv], 2_000), ([s.sv, -s.sv, s.cv, slip.sv], 2_000),
                  ([s.cpi, 1 / s.cpi, slip.cpi, s.spi], 3 * INDEX_TOLERANCE),
                  ([s.spi, 1 / s.spi, slip.spi, s.cpi], 3 * INDEX_TOLERANCE)]
        return all(abs(a - b) >= gap for values, gap in groups
                   for k, a in enumerate(values) for b in values[k + 1:])

    def _details(self) -> str:
        rows = [["Budget at completion (BAC)", _amount(self.bac)],
                ["Planned value (PV)", _amount(self.pv)],
                ["Earned value (EV)", _amount(self.ev)],
                ["Actual cost (AC)", _amount(self.ac)]]
        return markdown_table(["figure", "amount (EUR)"], rows)

    def fields(self) -> list:
        return [Number("cv", "Cost variance (CV)", unit=CURRENCY, decimals=0),
                Number("sv", "Schedule variance (SV)", unit=CURRENCY, decimals=0),
                Number("cpi", "Cost performance index (CPI)", minimum=0, decimals=2),
                Number("spi", "Schedule performance index (SPI)", minimum=0, decimals=2),
                Choice("cost", "Cost status", _COST),
                Choice("schedule", "Schedule status", _SCHEDULE)]

    def expected(self) -> dict[str, object]:
        s = self.status
        return {"cv": s.cv, "sv": s.sv, "cpi": s.cpi, "spi": s.spi,
                "cost": _cost_word(s), "schedule": _schedule_word(s)}

    def _grade(self, cv: float, sv: float, cpi: float, spi: float, cost: str, schedule: str):
        s, slip = self.status, self.pv_as_ev
        m, i = self.money_tolerance, INDEX_TOLERANCE
        ok = [_near(cv, s.cv, m), _near(sv, s.sv, m), _near(cpi, s.cpi, i),
              _near(spi, s.spi, i), cost == _cost_word(s), schedule == _schedule_word(s)]
        if all(ok):
            return True, (f"CV {money(s.cv)}, SV {money(s.sv)}, CPI {_index(s.cpi)}, SPI "
                          f"{_index(s.spi)}: {s.status}"), None
        head = _parts_right(ok)
        sign_hint = ("The variances are earned minus spent (CV = EV − AC) and earned minus "
                     "planned (SV = EV − PV): negative is bad news.")
        if _near(cv, -s.cv, m) and _near(sv, -s.sv, m):
            return False, (f"{head} Both variances have their signs reversed: those are "
                           "AC − EV and PV − EV."), sign_hint
        if not ok[0]:
            if _near(cv, -s.cv, m):
                return False, f"{head} CV has its sign reversed: that is AC − EV.", sign_hint
            if _near(cv, slip.cv, m):
                return False, f"{head} That CV uses PV in place of EV (PV − AC).", (
                    "EV is the budget of the work actually done; PV is the work planned. CV "
                    "compares what was earned with what was spent.")
            return False, f"{head} {money(cv, None)} is not the cost variance.", self.hints[0]
        if not ok[1]:
            if _near(sv, -s.sv, m):
                return False, f"{head} SV has its sign reversed: that is PV − EV.", sign_hint
            if _near(sv, s.cv, m):
                return False, (f"{head} That SV is EV − AC, the cost variance: SV compares "
                               "EV with PV."), (
                    "The schedule variance compares the work done with the work planned: "
                    "both in budget terms, EV and PV. AC belongs to cost.")
            if _near(sv, slip.sv, m):
                return False, (f"{head} An SV of 0 would mean the work done equals the work "
                               "planned: PV was read as EV."), (
                    "EV is the budget of the work actually done, not the work planned.")
            return False, f"{head} {money(sv, None)} is not the schedule variance.", \
                self.hints[0]
        if not ok[2]:
            if _near(cpi, 1 / s.cpi, i):
                return False, f"{head} CPI is upside down: that is AC / EV.", (
                    "An index puts EV on top: work earned per unit of money spent.")
            if _near(cpi, slip.cpi, i):
                return False, f"{head} That CPI uses PV in place of EV (PV / AC).", (
                    "CPI compares the work actually done (EV) with its cost (AC).")
            if _near(cpi, s.spi, i):
                return False, f"{head} That is the SPI (EV / PV), not the CPI.", (
                    "The cost index divides by what was spent, AC.")
            return False, f"{head} {format_number(round(cpi, 4))} is not the CPI.", \
                self.hints[0]
        if not ok[3]:
            if _near(spi, 1 / s.spi, i):
                return False, f"{head} SPI is upside down: that is PV / EV.", (
                    "An index puts EV on top: work done per unit of work planned.")
            if _near(spi, slip.spi, i):
                return False, (f"{head} An SPI of 1 would mean the work done equals the work "
                               "planned: PV was read as EV."), (
                    "EV is the budget of the work actually done, not the work planned.")
            if _near(spi, s.cpi, i):
                return False, f"{head} That is the CPI (EV / AC), not the SPI.", (
                    "The schedule index divides by the work planned, PV.")
            return False, f"{head} {format_number(round(spi, 4))} is not the SPI.", \
                self.hints[0]
        if not ok[4]:
            return False, f"{head} The numbers are right, but not the cost status.", (
                "Read the sign of CV (or CPI against 1): negative CV, below 1, is over "
                "budget; positive CV, above 1, is under budget.")
        return False, f"{head} The numbers are right, but not the schedule status.", (
            "Read the sign of SV (or SPI against 1): negative SV, below 1, is behind "
            "schedule; positive SV, above 1, is ahead.")

    def _solution(self) -> Note:
        s = self.status
        ev, ac, pv = _amount(s.ev), _amount(s.ac), _amount(s.pv)
        rows = [["Cost variance (CV)", "EV − AC", f"{ev} − {ac}", f"**{money(s.cv)}**"],
                ["Schedule variance (SV)", "EV − PV", f"{ev} − {pv}", f"**{money(s.sv)}**"],
                ["Cost performance index (CPI)", "EV / AC", f"{ev} / {ac}",
                 f"**{_index(s.cpi)}** ({s.cpi:.4f})"],
                ["Schedule performance index (SPI)", "EV / PV", f"{ev} / {pv}",
                 f"**{_index(s.spi)}** ({s.spi:.4f})"]]
        cost = dict((v, k) for k, v in _COST)[_cost_word(s)]
        schedule = dict((v, k) for k, v in _SCHEDULE)[_schedule_word(s)]
        why_cost = "CV negative, CPI below 1" if s.cv < 0 else "CV positive, CPI above 1"
        why_schedule = "SV negative, SPI below 1" if s.sv < 0 else "SV positive, SPI above 1"
        return Note(markdown_table(["measure", "formula", "working (EUR)", "value"], rows)
                    + f"\n\n**{cost}** ({why_cost}) and **{schedule.lower()}** "
                      f"({why_schedule}).\n\nIn words: {s.status}")


# --------------------------------------------------------------------------
# Exercise 4: the status report and the forecast
# --------------------------------------------------------------------------

#: The situations for the choice of EAC formula: (method of EAC_METHODS, text).
_SITUATIONS = (
    ("atypical", "The overrun so far came from a one-off event: a licence fee was paid "
                 "twice and the supplier will not refund it. Nothing else has changed, and "
                 "the remaining work is expected to cost what its budget says."),
    ("atypical", "A data-centre move cost extra in one month and will not recur; the "
                 "team expects the remaining work to be done at its budgeted cost."),
    ("cpi", "The team, the suppliers and the way of working stay as they are, and "
            "nothing suggests the cost performance seen so far will change."),
    ("cpi", "The overrun comes from the estimates: every work package so far has cost "
            "more than planned in the same way, and the remaining ones were estimated "
            "alike."),
    ("cpi_spi", "The go-live date is fixed by contract and cannot move: to catch up, the "
                "remaining work will be done with overtime and extra contractors, so the "
                "schedule pressure will weigh on the cost as well."),
    ("cpi_spi", "A regulator's deadline is fixed; the sponsor wants the lateness recovered, "
                "and catching up will cost money, so both the cost and the schedule "
                "performance will bear on the remaining work."),
)

#: The EAC formulas offered: the core's three, and dividing by SPI (a slip).
_FORMULAS = (("cpi", "EAC = BAC / CPI"), ("atypical", "EAC = AC + (BAC − EV)"),
             ("cpi_spi", "EAC = AC + (BAC − EV) / (CPI × SPI)"), ("spi", "EAC = BAC / SPI"))
_FORMULAS_CHOICE = tuple((label, key) for key, label in _FORMULAS)


def _sentence(cv: float, sv: float) -> str:
    """A status sentence from a cost and a schedule variance (EUR)."""
    if cv < 0:
        cost = f"Over budget by {_amount(-cv)} EUR"
    elif cv > 0:
        cost = f"Under budget by {_amount(cv)} EUR"
    else:
        cost = "On budget"
    if sv < 0:
        schedule = f"behind schedule by {_amount(-sv)} EUR of planned work"
    elif sv > 0:
        schedule = f"ahead of schedule by {_amount(sv)} EUR of planned work"
    else:
        schedule = "on schedule"
    return f"{cost} and {schedule}."


class StatusReport(Exercise):
    """Write the status and the forecast from a project's figures by month.

    The table gives, for each month, the month's own PV, EV and AC and the
    cumulative figures; EV and AC stop at the status date, PV runs to the
    planned finish (its last cumulative value is BAC). Indices are accepted
    within ±0.01; amounts within ±0.01 % of BAC, so keep full precision
    (do not round CPI before dividing).

    Examples
    --------
    >>> ex = StatusReport(seed=3)
    >>> right = ex.expected()
    >>> ex.check(**right).correct
    True
    >>> ex.check(**{**right, "etc": right["eac"]}).message.split(". ")[1]
    'ETC is not EAC: EAC is the forecast total cost, ETC only what is still to be spent.'
    """

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "status_report")
        while True:
            months = int(rng.integers(5, 8))
            month = int(rng.integers(3, months))
            bac = float(rng.integers(30, 150)) * 10_000
            pv = _baseline(rng, bac, months)
            behind, over = bool(rng.random() < 0.5), bool(rng.random() < 0.5)
            pace = rng.uniform(0.7, 0.9, month) if behind else rng.uniform(1.06, 1.2, month)
            # The latest month tells a different story from the months before it.
            pace[-1] = rng.uniform(0.95, 1.15) if behind else rng.uniform(0.8, 1.0)
            ev = _thousands(pv[:month] * pace)
            thrift = rng.uniform(0.72, 0.9, month) if over else rng.uniform(1.06, 1.2, month)
            thrift[-1] = rng.uniform(0.95, 1.15) if over else rng.uniform(0.8, 1.0)
            ac = _thousands(ev / thrift)
            if self._usable(bac, pv, ev, ac, month):
                break
        self.bac, self.month, self.months = bac, month, months
        #: Monthly (not cumulative) PV for every month, EV and AC to the status date.
        self.pv_month, self.ev_month, self.ac_month = pv, ev, ac
        self.pv_cum, self.ev_cum, self.ac_cum = np.cumsum(pv), np.cumsum(ev), np.cumsum(ac)
        self.status = self._status(bac, pv, ev, ac, month)
        #: The status month's own row, read as if it were cumulative (the slip).
        self.monthly = evm(bac, pv[month - 1], ev[month - 1], ac[month - 1], currency=CURRENCY)
        self.situation, self.situation_text = _SITUATIONS[int(rng.integers(len(_SITUATIONS)))]
        s, m = self.status, self.monthly
        self.sentences = {"right": _sentence(s.cv, s.sv),
                          "reversed": _sentence(-s.cv, -s.sv),
                          "swapped": _sentence(math.copysign(abs(s.sv), s.cv),
                                               math.copysign(abs(s.cv), s.sv)),
                          "monthly": _sentence(m.cv, m.sv)}
        self.sentence_options, self.sentence_letter = _letters(
            rng, [(text, key) for key, text in self.sentences.items()])
        self.tolerance = float(math.ceil(bac / 10_000))
        super().__init__(
            id="06.status_report", lesson="06", topic="forecasting",
            title="Status report: where the project stands and where it is heading",
            task=f"The table gives the project's planned value (PV), earned value (EV) and "
                 f"actual cost (AC) in EUR, for each month and cumulative. BAC is "
                 f"{_amount(bac)} EUR and the status date is the end of month {month}. Write "
                 "the status report: CPI and SPI at the status date, the typical estimate at "
                 "completion (EAC = BAC / CPI), the estimate to complete (ETC), the variance "
                 "at completion (VAC) and the to-complete performance index to meet BAC "
                 "(TCPI), then choose the status sentence and the EAC formula that fits this "
                 f"situation: *{self.situation_text}* Indices to two decimal places (±0.01 "
                 f"accepted); amounts in EUR within ±{self.tolerance:,.0f} EUR (0.01 % of "
                 "BAC), so keep full precision and do not round CPI before dividing.",
            hints=["A status report uses the cumulative figures at the status date, not the "
                   "month's own row: CPI = EV / AC and SPI = EV / PV, both cumulative.",
                   "EAC = BAC / CPI is the forecast total; ETC = EAC − AC is what is still to "
                   "be spent; VAC = BAC − EAC, negative for an overrun; TCPI = (BAC − EV) / "
                   "(BAC − AC), the work left over the money left.",
                   "Match the formula to the assumption: a one-off variance means the rest "
                   "costs its budget, AC + (BAC − EV); performance that will continue means "
                   "BAC / CPI; a fixed deadline that makes schedule pressure weigh on cost "
                   "means dividing the remaining work by CPI × SPI.",
                   "Step by step: take EV, AC and PV from the cumulative columns in the row "
                   "of the status date; CPI = EV / AC, SPI = EV / PV; EAC = BAC / CPI with "
                   "the unrounded CPI; ETC = EAC − AC; VAC = BAC − EAC (its sign says overrun "
                   "or underrun); TCPI = (BAC − EV) / (BAC − AC), against BAC, not the EAC. "
                   "The status sentence gives the direction and size of CV = EV − AC and "
                   "SV = EV − PV, both cumulative."])

    @staticmethod
    def _status(bac, pv, ev, ac, month) -> EarnedValue:
        return evm(bac, float(np.sum(pv[:month])), float(np.sum(ev[:month])),
                   float(np.sum(ac[:month])), currency=CURRENCY)

    @classmethod
    def _usable(cls, bac, pv, ev, ac, month) -> bool:
        """Whether a draw gives a status whose slips are all told apart."""
        if (pv <= 0).any() or (ev <= 0).any() or (ac <= 0).any():
            return False
        cum_pv, cum_ev, cum_ac = (float(np.sum(x[:month])) for x in (pv, ev, ac))
        if not (cum_ev < bac and cum_ac < 0.9 * bac):
            return False
        s = cls._status(bac, pv, ev, ac, month)
        m = evm(bac, pv[month - 1], ev[month - 1], ac[month - 1])
        far = 3 * INDEX_TOLERANCE
        tol = math.ceil(bac / 10_000)
        groups = [[s.cpi, 1 / s.cpi, m.cpi, 1.0], [s.spi, 1 / s.spi, m.spi, 1.0],
                  [s.tcpi, 1 / s.tcpi, s.cpi]]
        checks = [abs(a - b) > far for values in groups
                  for k, a in enumerate(values) for b in values[k + 1:]]
        checks += [abs(abs(s.cv) - abs(s.sv)) >= 1_000,
                  abs(abs(m.cv) - abs(s.cv)) >= 1_000, abs(abs(m.sv) - abs(s.sv)) >= 1_000]
        forecasts = [s.eac, bac / s.spi, s.eac_atypical, s.eac_cpi_spi, bac / m.cpi]
        checks += [abs(a - b) > 3 * tol for k, a in enumerate(forecasts)
                   for b in forecasts[k + 1:]]
        sentences = {_sentence(s.cv, s.sv), _sentence(-s.cv, -s.sv), _sentence(m.cv, m.sv),
                     _sentence(math.copysign(abs(s.sv), s.cv),
                               math.copysign(abs(s.cv), s.sv))}
        return all(checks) and len(sentences) == 4

    def _details(self) -> str:
        rows = []
        for i in range(self.months):
            reported = i < self.month
            rows.append([f"{i + 1}" + (" (status date)" if i + 1 == self.month else ""),
                         _amount(self.pv_month[i]),
                         _amount(self.ev_month[i]) if reported else "—",
                         _amount(self.ac_month[i]) if reported else "—",
                         _amount(self.pv_cum[i]),
                         _amount(self.ev_cum[i]) if reported else "—",
                         _amount(self.ac_cum[i]) if reported else "—"])
        return (markdown_table(["month", "PV in the month", "EV in the month",
                                "AC in the month", "PV cumulative", "EV cumulative",
                                "AC cumulative"], rows)
                + f"\n\nAmounts in EUR. BAC {_amount(self.bac)} EUR (the last cumulative PV). "
                  "EV and AC are not reported after the status date.")

    def fields(self) -> list:
        return [Number("cpi", "CPI at the status date", minimum=0, decimals=2),
                Number("spi", "SPI at the status date", minimum=0, decimals=2),
                Number("eac", "Estimate at completion, EAC = BAC / CPI", unit=CURRENCY,
                       minimum=0, decimals=0),
                Number("etc", "Estimate to complete (ETC)", unit=CURRENCY, decimals=0),
                Number("vac", "Variance at completion (VAC)", unit=CURRENCY, decimals=0),
                Number("tcpi", "To-complete performance index to meet BAC (TCPI)",
                       minimum=0, decimals=2),
                Choice("sentence", "Status sentence", self.sentence_options),
                Choice("formula", "EAC formula that fits the situation", _FORMULAS_CHOICE)]

    def expected(self) -> dict[str, object]:
        s = self.status
        return {"cpi": s.cpi, "spi": s.spi, "eac": s.eac, "etc": s.etc, "vac": s.vac,
                "tcpi": s.tcpi, "sentence": self.sentence_letter["right"],
                "formula": self.situation}

    def _grade(self, cpi: float, spi: float, eac: float, etc: float, vac: float, tcpi: float,
               sentence: str, formula: str):
        s, m = self.status, self.monthly
        i, tol = INDEX_TOLERANCE, self.tolerance
        ok = [_near(cpi, s.cpi, i), _near(spi, s.spi, i), _near(eac, s.eac, tol),
              _near(etc, s.etc, tol), _near(vac, s.vac, tol), _near(tcpi, s.tcpi, i),
              sentence == self.sentence_letter["right"], formula == self.situation]
        if all(ok):
            return True, (f"CPI {_index(s.cpi)}, SPI {_index(s.spi)}; EAC {money(s.eac)}, "
                          f"ETC {money(s.etc)}, VAC {money(s.vac)}; TCPI {_index(s.tcpi)}. "
                          f"{self.sentences['right']} "
                          f"{dict(_FORMULAS)[self.situation]} fits the situation."), None
        head = _parts_right(ok)
        monthly_hint = ("Use the cumulative columns in the row of the status date: earned value "
                        "is measured from the start of the project, not month by month.")
        where = f"month {self.month}"
        if not ok[0]:
            if _near(cpi, m.cpi, i):
                return False, (f"{head} That CPI is {where}'s own row (EV and AC in the "
                               "month), not the cumulative figures."), monthly_hint
            if _near(cpi, 1 / s.cpi, i):
                return False, f"{head} CPI is upside down: that is AC / EV.", (
                    "An index puts EV on top: CPI = EV / AC.")
            return False, f"{head} {format_number(round(cpi, 4))} is not the CPI.", \
                self.hints[0]
        if not ok[1]:
            if _near(spi, m.spi, i):
                return False, (f"{head} That SPI is {where}'s own row (EV and PV in the "
                               "month), not the cumulative figures."), monthly_hint
            if _near(spi, 1 / s.spi, i):
                return False, f"{head} SPI is upside down: that is PV / EV.", (
                    "An index puts EV on top: SPI = EV / PV.")
            return False, f"{head} {format_number(round(spi, 4))} is not the SPI.", \
                self.hints[0]
        if not ok[2]:
            if _near(eac, self.bac / s.spi, tol):
                return False, (f"{head} That EAC divides BAC by SPI: the cost forecast "
                               "divides by the cost index."), (
                    "SPI measures the pace of the work, not its cost: the typical EAC "
                    "divides BAC by CPI.")
            if _near(eac, s.eac_atypical, tol):
                return False, (f"{head} That is the atypical EAC, AC + (BAC − EV); the "
                               "question asks for the typical one, BAC / CPI."), self.hints[1]
            if _near(eac, s.eac_cpi_spi, tol):
                return False, (f"{head} That is the EAC with CPI × SPI; the question asks for "
                               "the typical one, BAC / CPI."), self.hints[1]
            if _near(eac, self.bac / round(s.cpi, 2), tol):
                return False, (f"{head} That EAC divides by the CPI rounded to two decimals; "
                               "rounding moves the forecast by more than the tolerance."), (
                    "Keep the CPI unrounded until the end: EAC = BAC × AC / EV gives the "
                    "same forecast without rounding.")
            if _near(eac, self.bac / m.cpi, tol):
                return False, (f"{head} That EAC uses {where}'s own CPI, not the cumulative "
                               "one."), monthly_hint
            return False, f"{head} {money(eac, None)} is not the typical EAC.", self.hints[1]
        if not ok[3]:
            if _near(etc, s.eac, tol):
                return False, (f"{head} ETC is not EAC: EAC is the forecast total cost, ETC "
                               "only what is still to be spent."), (
                    "Subtract what has already been spent: ETC = EAC − AC.")
            if _near(etc, s.bac - s.ev, tol):
                return False, (f"{head} That is BAC − EV, the budget of the work left; ETC "
                               "forecasts what that work will cost."), (
                    "ETC = EAC − AC: the forecast total less what is spent.")
            return False, f"{head} {money(etc, None)} is not the ETC.", self.hints[1]
        if not ok[4]:
            if _near(vac, -s.vac, tol):
                return False, (f"{head} VAC has its sign reversed: that is EAC − BAC."), (
                    "VAC = BAC − EAC: a forecast overrun gives a negative VAC, like a "
                    "negative CV.")
            return False, f"{head} {money(vac, None)} is not the VAC.", self.hints[1]
        if not ok[5]:
            if _near(tcpi, s.tcpi_for(s.eac), i):
                return False, (f"{head} That TCPI is measured against the EAC, (BAC − EV) / "
                               "(EAC − AC); the question asks for the TCPI to meet BAC."), (
                    "The TCPI to meet BAC divides the work left by the money left in the "
                    "budget: BAC − AC underneath.")
            if _near(tcpi, 1 / s.tcpi, i):
                return False, f"{head} TCPI is upside down: that is (BAC − AC) / (BAC − EV).", (
                    "Like every index, TCPI puts the work on top: (BAC − EV) / (BAC − AC).")
            return False, f"{head} {format_number(round(tcpi, 4))} is not the TCPI.", \
                self.hints[1]
        if not ok[6]:
            chosen = next((key for key, letter in self.sentence_letter.items()
                           if letter == sentence), "")
            message = {
                "reversed": "That sentence reverses both directions.",
                "swapped": "That sentence swaps the amounts: the cost amount is CV, the "
                           "schedule amount SV.",
                "monthly": f"That sentence describes {where} alone, not the cumulative "
                           "position at the status date.",
            }.get(chosen, "That is not the status sentence.")
            return False, f"{head} {message}", (
                "CV = EV − AC gives the cost side (negative: over budget) and SV = EV − PV "
                "the schedule side (negative: behind), both from the cumulative figures.")
        assumption = EAC_METHODS.get(formula, ("", "", "the remaining work goes at the pace "
                                                       "seen so far, whatever it costs"))[2]
        return False, (f"{head} {dict(_FORMULAS)[formula]} assumes {assumption}; that does "
                       "not fit the situation described."), self.hints[2]

    def _solution(self) -> Note:
        s, m = self.status, self.monthly
        ev, ac, pv, bac = (_amount(x) for x in (s.ev, s.ac, s.pv, s.bac))
        eac = format_number(s.eac, 2)
        rows = [["CPI", "EV / AC", f"{ev} / {ac}", f"**{_index(s.cpi)}** ({s.cpi:.4f})"],
                ["SPI", "EV / PV", f"{ev} / {pv}", f"**{_index(s.spi)}** ({s.spi:.4f})"],
                ["EAC (typical)", "BAC / CPI", f"{bac} / {s.cpi:.6f}", f"**{money(s.eac)}**"],
                ["ETC", "EAC − AC", f"{eac} − {ac}", f"**{money(s.etc)}**"],
                ["VAC", "BAC − EAC", f"{bac} − {eac}", f"**{money(s.vac)}**"],
                ["TCPI to meet BAC", "(BAC − EV) / (BAC − AC)",
                 f"({bac} − {ev}) / ({bac} − {ac})", f"**{_index(s.tcpi)}** ({s.tcpi:.4f})"]]
        attr, formula, assumption = EAC_METHODS[self.situation]
        other = {k: getattr(s, v[0]) for k, v in EAC_METHODS.items()}
        return Note(
            f"From the cumulative columns at the end of month {self.month}: PV {pv}, EV {ev}, "
            f"AC {ac} (EUR).\n\n"
            + markdown_table(["measure", "formula", "working (EUR)", "value"], rows)
            + f"\n\nStatus: **{self.sentences['right']}** (CV = EV − AC = {money(s.cv)}, "
              f"SV = EV − PV = {money(s.sv)}.) Month {self.month} on its own had CPI "
              f"{_index(m.cpi)} and SPI {_index(m.spi)}: the latest month can tell a different "
              "story, which is why a status report uses the cumulative figures.\n\n"
              f"EAC formula for the situation: **{_formula(formula)}**, which assumes "
              f"{assumption}; here it gives {money(other[self.situation])} (typical "
              f"{money(other['cpi'])}, atypical {money(other['atypical'])}, CPI × SPI "
              f"{money(other['cpi_spi'])}).\n\n"
              f"A TCPI of {_index(s.tcpi)} against a CPI of {_index(s.cpi)} says "
              + ("the remaining work must be done more cheaply than the work so far to finish "
                 "within BAC." if s.tcpi > s.cpi else
                 "the project can finish within BAC even with a somewhat worse cost "
                 "performance than so far."))


# --------------------------------------------------------------------------
# Exercise 5: earned schedule
# --------------------------------------------------------------------------

_DRIFT = (
    ("right", "After the planned finish PV stays at BAC, so SPI = EV / PV climbs back to 1 "
              "as EV reaches BAC; SPI(t) divides the time earned by the time spent, and "
              "the months of delay stay in AT."),
    ("cost", "SPI includes the actual cost, which keeps rising after the planned finish; "
             "SPI(t) leaves cost out."),
    ("writeoff", "At the end the unfinished work is written off, so EV falls back to PV; "
                 "SPI(t) does not use EV at all."),
    ("frozen", "SPI is only computed up to the planned finish and then keeps its last "
               "value; SPI(t) goes on being computed."),
)

_DRIFT_FEEDBACK = {
    "cost": "SPI uses no cost at all: it is EV / PV, two budget amounts.",
    "writeoff": "EV is never written off, and SPI(t) rests on EV: ES is the time at which "
                "the baseline planned the EV earned so far.",
    "frozen": "SPI can be computed at any date: it drifts because PV stops growing at the "
              "planned finish.",
}


class EarnedScheduleExercise(Exercise):
    """ES, SPI(t) and IEAC(t) from a cumulative PV baseline and the EV at time AT.

    PV is given for every month, flat at BAC after the planned finish when the
    actual time goes beyond it. ES is accepted within ±0.01 months, SPI(t)
    within ±0.01 and IEAC(t) within ±0.05 months.

    Examples
    --------
    >>> ex = EarnedScheduleExercise(seed=5)
    >>> right = ex.expected()
    >>> ex.check(**right).correct
    True
    >>> ex.check(**{**right, "spi_t": 1 / right["spi_t"]}).message.split(". ")[1]
    'SPI(t) is upside down: that is AT / ES.'
    """

    tolerances = {"es": 0.01, "spi_t": 0.01, "ieac": 0.05}

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, "earned_schedule")
        while True:
            months = int(rng.integers(6, 11))
            bac = float(rng.integers(20, 120)) * 10_000
            planned = np.cumsum(_baseline(rng, bac, months))
            at = int(rng.integers(4, months + 3))
            ahead = at < months - 1 and rng.random() < 0.25
            target = at * (rng.uniform(1.05, 1.2) if ahead else rng.uniform(0.6, 0.92))
            if not 2.1 <= target <= months - 0.3:
                continue
            ev = _thousands(np.interp(target, np.arange(months + 1), [0.0, *planned]))
            pv = np.concatenate([planned, np.full(max(0, at - months), bac)])
            result = earned_schedule(pv, ev, at, unit="month")
            if self._usable(pv, ev, at, result):
                break
        self.bac, self.ev, self.at = bac, ev, at
        #: Cumulative PV at the end of months 1, 2, ... (flat at BAC after the finish).
        self.pv = pv
        self.result: EarnedSchedule = result
        self.options, self.letter = _letters(rng, [(text, key) for key, text in _DRIFT])
        super().__init__(
            id="06.earned_schedule", lesson="06", topic="earned_schedule",
            title="Earned schedule: how late in months",
            task=f"The table gives the project's cumulative planned value (PV) at the end of "
                 f"each month, in EUR. At the end of month {at} (actual time AT = {at}) the "
                 f"earned value is {_amount(ev)} EUR. Give the earned schedule ES in months "
                 "(two decimals, ±0.01 accepted), SPI(t) (two decimals, ±0.01 accepted) and "
                 "the forecast duration IEAC(t) = PD / SPI(t) in months, from unrounded "
                 "values (±0.05 months accepted; PD, the planned duration, is the month the "
                 "PV first reaches BAC). Then say why SPI comes back to 1 at the "
                 "end of a late project while SPI(t) does not.",
            hints=["ES asks when the work done was planned to be done: find the last month "
                   "whose cumulative PV is at or below the EV, then go part of the way into "
                   "the next month.",
                   "SPI(t) = ES / AT, time earned over time spent; IEAC(t) = PD / SPI(t), with "
                   "PD the planned duration, the first month whose PV reaches BAC.",
                   "Step by step: C = the number of months whose cumulative PV is at most "
                   "the EV; ES = C + (EV − PV of month C) / (PV of the next month − PV of "
                   "month C), the share of the next month's planned work already earned; "
                   "SPI(t) = ES / AT; IEAC(t) = PD / SPI(t), keeping SPI(t) unrounded. "
                   "SPI in money, EV / PV, returns to 1 on any finished project because PV "
                   "stops at BAC; SPI(t) keeps the months of delay."])

    @classmethod
    def _usable(cls, pv, ev, at, result: EarnedSchedule) -> bool:
        """Whether the draw gives an ES inside a month (away from its edges) with at
        least two whole months before it, and slips that are told apart."""
        c = int(result.es)
        if c < 2 or ev in set(pv.tolist()) or ev <= 0:
            return False
        share = result.es - c
        if not 0.08 < share < 0.92:
            return False
        slips = cls._es_slips(pv, ev, result).values()
        if any(abs(x - result.es) < 0.05 for x in slips):
            return False
        pd_ = result.planned_duration
        durations = [result.ieac_t, pd_ * result.spi_t] + (
            [at / result.spi_t] if at != pd_ else [])
        return (abs(result.spi_t - 1) > 0.04 and abs(1 / result.spi_t - result.spi_t) > 0.04
                and all(abs(a - b) > 0.2 for k, a in enumerate(durations)
                        for b in durations[k + 1:]))

    @staticmethod
    def _es_slips(pv, ev, result: EarnedSchedule) -> dict[str, float]:
        """The ES a learner gets with each slip (the month C counted one too far; the
        wrong bracket for the interpolation)."""
        c = int(result.es)
        low, high, before = pv[c - 1], pv[c], pv[c - 2] if c >= 2 else 0.0
        return {"one_too_far": result.es + 1,
                "previous_month": c + (ev - low) / (low - before),
                "cumulative": c + (ev - low) / high}

    def _details(self) -> str:
        pd_ = self.result.planned_duration
        def month(m: int) -> str:
            marks = [word for word, here in (("planned finish", m == pd_),
                                             ("AT", m == self.at)) if here]
            return f"{m} ({', '.join(marks)})" if marks else f"{m}"

        rows = [[month(m), _amount(value)] for m, value in enumerate(self.pv, start=1)]
        return (markdown_table(["month", "PV cumulative (EUR)"], rows)
                + f"\n\nPV is 0 at the start (month 0). BAC {_amount(self.bac)} EUR. EV at "
                  f"the end of month {self.at}: {_amount(self.ev)} EUR.")

    def fields(self) -> list:
        return [Number("es", "Earned schedule (ES)", unit="months", minimum=0, decimals=2),
                Number("spi_t", "SPI(t)", minimum=0, decimals=2),
                Number("ieac", "Forecast duration IEAC(t)", unit="months", minimum=0,
                       decimals=2),
                Choice("reason", "Why SPI comes back to 1 on a late project", self.options)]

    def expected(self) -> dict[str, object]:
        r = self.result
        return {"es": r.es, "spi_t": r.spi_t, "ieac": r.ieac_t, "reason": self.letter["right"]}

    def _grade(self, es: float, spi_t: float, ieac: float, reason: str):
        r, t = self.result, self.tolerances
        ok = [_near(es, r.es, t["es"]), _near(spi_t, r.spi_t, t["spi_t"]),
              _near(ieac, r.ieac_t, t["ieac"]), reason == self.letter["right"]]
        if all(ok):
            return True, (f"ES {r.es:.2f} months, SPI(t) {_index(r.spi_t)}, IEAC(t) "
                          f"{r.ieac_t:.2f} months. {r.status}"), None
        head = _parts_right(ok)
        if not ok[0]:
            slips = self._es_slips(self.pv, self.ev, r)
            if _near(es, slips["one_too_far"], t["es"]):
                return False, (f"{head} That counts C as the month where PV first exceeds "
                               "EV: C is the last month whose PV is at most the EV, one "
                               "earlier."), (
                    "C counts the whole months already earned: those whose cumulative PV "
                    "is at or below the EV. The fraction then goes into the next month.")
            if _near(es, slips["previous_month"], t["es"]):
                return False, (f"{head} That interpolates with the wrong bracket: it divides "
                               "by the PV of month C less that of the month before, not by "
                               "the PV of the month the EV falls in."), (
                    "The fraction is taken inside the month the EV falls in: divide by that "
                    "month's planned value, PV of the next month − PV of month C.")
            if _near(es, slips["cumulative"], t["es"]):
                return False, (f"{head} That divides by the cumulative PV of the next month, "
                               "not by that month's own planned value."), (
                    "The bracket is one month wide: divide by the difference between the "
                    "two cumulative PVs around the EV.")
            return False, f"{head} {format_number(round(es, 4))} months is not the ES.", \
                self.hints[0]
        if not ok[1]:
            if _near(spi_t, 1 / r.spi_t, t["spi_t"]):
                return False, f"{head} SPI(t) is upside down: that is AT / ES.", (
                    "Like SPI, SPI(t) puts what was earned on top: ES / AT.")
            return False, f"{head} {format_number(round(spi_t, 4))} is not SPI(t).", \
                self.hints[1]
        if not ok[2]:
            if _near(ieac, r.planned_duration * r.spi_t, t["ieac"]):
                return False, f"{head} That multiplies PD by SPI(t): IEAC(t) divides.", (
                    "A project behind schedule takes longer than planned: PD / SPI(t).")
            if _near(ieac, r.at / r.spi_t, t["ieac"]):
                return False, (f"{head} That divides AT by SPI(t): the forecast starts from the "
                               "planned duration PD."), (
                    "PD is the month the PV first reaches BAC: IEAC(t) = PD / SPI(t).")
            if _near(ieac, r.planned_duration / round(r.spi_t, 2), t["ieac"]):
                return False, (f"{head} That divides by SPI(t) rounded to two decimals; "
                               "rounding moves the forecast by more than the tolerance."), (
                    "Use the unrounded SPI(t), or PD × AT / ES, which is the same.")
            return False, f"{head} {format_number(round(ieac, 4))} months is not IEAC(t).", \
                self.hints[1]
        chosen = next((key for key, letter in self.letter.items() if letter == reason), "")
        return False, f"{head} {_DRIFT_FEEDBACK.get(chosen, 'That is not the reason.')}", (
            "Ask what happens to PV after the planned finish, and what happens to the "
            "actual time.")

    def _solution(self) -> Note:
        r = self.result
        c = int(r.es)
        low, high = self.pv[c - 1], self.pv[c]
        ev = _amount(self.ev)
        return Note(
            f"C = {c}: month {c} is the last whose cumulative PV ({_amount(low)}) is at most "
            f"the EV ({ev}); month {c + 1} plans {_amount(high)}.\n\n"
            f"- ES = C + (EV − PV{c}) / (PV{c + 1} − PV{c}) = {c} + ({ev} − {_amount(low)}) "
            f"/ "
            f"({_amount(high)} − {_amount(low)}) = **{r.es:.2f} months** ({r.es:.4f})\n"
            f"- SPI(t) = ES / AT = {r.es:.4f} / {r.at} = **{_index(r.spi_t)}** "
            f"({r.spi_t:.4f})\n"
            f"- PD = {r.planned_duration} (the first month whose PV reaches BAC "
            f"{_amount(self.bac)})\n"
            f"- IEAC(t) = PD / SPI(t) = {r.planned_duration} / {r.spi_t:.4f} = "
            f"**{r.ieac_t:.2f} months**\n\n"
            f"In words: {r.status}\n\n"
            f"Why SPI comes back to 1: **{dict(_DRIFT)['right']}**")
