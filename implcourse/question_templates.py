"""Numeric question templates: numbers drawn from a seed, answers computed by the package.

A ``numeric`` question of the bank may name a ``template`` instead of
giving its ``value``. The template draws the question's numbers from the
learner's seed and computes the answer with the package's own functions
(:func:`implcourse.finance.npv`, :func:`implcourse.metrics.evm`,
:func:`implcourse.estimating.pert` ...), so no templated answer is typed by
hand and two learners get different numbers. The numbers fill the
``{placeholders}`` of the question's stem and explanation.

Each template is a small function ``draw(rng) -> (fields, value)``:
``fields`` maps placeholder names to display text, ``value`` is the
answer in the unit the question states.

Examples
--------
>>> fields, value = draw("pert_mean", seed=3)
>>> sorted(fields)
['m', 'o', 'p', 'sd']
>>> from implcourse import estimating
>>> value == round(float(estimating.pert(float(fields["o"]), float(fields["m"]),
...                                      float(fields["p"])).mean), 2)
True
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable

import numpy as np

from .validation import check_int, check_str, shown

__all__ = ["TEMPLATES", "FIELDS", "draw", "names", "placeholders"]

Draw = Callable[[np.random.Generator], tuple[dict[str, str], float]]

#: Template name -> draw function.
TEMPLATES: dict[str, Draw] = {}

#: Template name -> the fields it fills, declared so that a question can be
#: checked without drawing (which would import pandas and the calculators
#: when the bank loads). ``tests/test_question_templates.py`` keeps each
#: declaration equal to what the template draws.
FIELDS: dict[str, tuple[str, ...]] = {
    "channels_added": ("n", "added", "total", "before", "after"),
    "critical_path_duration": ("da", "db", "dc", "dd", "de", "path"),
    "emv_net": ("p_threat", "threat", "p_opp", "opportunity", "emv_threat", "emv_opp"),
    "evm_cpi": ("bac", "pv", "ev", "ac"),
    "evm_eac": ("bac", "pv", "ev", "ac", "cpi"),
    "evm_spi": ("bac", "pv", "ev", "ac"),
    "evm_tcpi": ("bac", "pv", "ev", "ac"),
    "irr": ("investment", "benefit", "years"),
    "littles_law": ("wip", "throughput"),
    "npv": ("investment", "benefit", "years", "rate"),
    "payback": ("investment", "flows"),
    "pert_mean": ("o", "m", "p", "sd"),
    "pert_sd": ("o", "m", "p", "mean"),
    "release_sprints": ("backlog", "low", "high", "fewest"),
    "roi": ("benefits", "costs"),
    "total_float": ("da", "db", "dc", "dd", "de", "duration", "es", "ls"),
    "weighted_score": ("w_fit", "w_cost", "w_experience", "w_support", "r_fit", "r_cost",
                       "r_experience", "r_support"),
}


def _template(func: Draw) -> Draw:
    TEMPLATES[func.__name__] = func
    return func


def _k(amount: float) -> str:
    """An amount in thousands of euros, as the stems show it: €1,250k."""
    sign = "−" if amount < 0 else ""
    return f"{sign}€{abs(amount):,.0f}k"


def _pct(rate: float, digits: int = 0) -> str:
    return f"{rate * 100:.{digits}f} %"


def names() -> list[str]:
    """The names of the templates.

    Examples
    --------
    >>> "npv" in names()
    True
    """
    return sorted(TEMPLATES)


def placeholders(text: str) -> set[str]:
    """The ``{placeholder}`` names in a stem or explanation.

    Examples
    --------
    >>> sorted(placeholders("NPV at {rate} of {flows}"))
    ['flows', 'rate']
    """
    text = check_str("text", text, allow_empty=True)
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as err:
        raise ValueError(f"text has a broken {{placeholder}}: {err} (text {shown(text)})") \
            from None


def draw(name: str, seed: int) -> tuple[dict[str, str], float]:
    """The fields and the answer of template ``name`` for a seed.

    Raises
    ------
    ValueError
        If ``name`` is not a template.
    """
    name = check_str("name", name)
    if name not in TEMPLATES:
        raise ValueError(f"name must be one of the numeric templates ({', '.join(names())}), "
                         f"got {name!r}")
    seed = check_int("seed", seed, minimum=0)
    # The template's name enters the seed, so one learner's templates differ.
    rng = np.random.default_rng([seed, *name.encode()])
    return TEMPLATES[name](rng)


# --- Lesson 01: the critical path ------------------------------------------

def _plan(rng):
    from .schedule import Plan

    d = {key: int(rng.integers(2, 9)) for key in "abcde"}
    records = [
        {"id": "a", "name": "A", "duration": d["a"]},
        {"id": "b", "name": "B", "duration": d["b"], "depends_on": "a"},
        {"id": "c", "name": "C", "duration": d["c"], "depends_on": "a"},
        {"id": "d", "name": "D", "duration": d["d"], "depends_on": "b"},
        {"id": "e", "name": "E", "duration": d["e"], "depends_on": "c;d"},
    ]
    fields = {f"d{key}": str(value) for key, value in d.items()}
    return Plan.from_records(records), fields


@_template
def critical_path_duration(rng):
    """Project duration of a five-task network (lesson 01)."""
    from .schedule import analyse

    plan, fields = _plan(rng)
    result = analyse(plan)
    fields["path"] = "–".join(task.upper() for task in result.critical_path)
    return fields, float(result.duration)


@_template
def total_float(rng):
    """Total float of task C in the same network (lesson 01)."""
    from .schedule import analyse

    plan, fields = _plan(rng)
    result = analyse(plan)
    row = result.table.loc["c"]
    fields.update(duration=f"{result.duration:g}", es=f"{row['early_start']:g}",
                  ls=f"{row['late_start']:g}")
    return fields, float(row["total_float"])


# --- Lesson 02: flow and velocity -------------------------------------------

@_template
def littles_law(rng):
    """Average cycle time from WIP and throughput (lesson 02)."""
    from .methods.flow import littles_law as law

    wip = int(rng.integers(8, 31))
    throughput = float(rng.choice([2, 2.5, 3, 4, 5, 6]))
    value = law(wip=wip, throughput=throughput)
    return {"wip": str(wip), "throughput": f"{throughput:g}"}, round(value, 2)


@_template
def release_sprints(rng):
    """Most sprints a release may need, from a velocity range (lesson 02)."""
    from .methods.forecast import release_forecast

    low = int(rng.integers(15, 26))
    high = low + int(rng.integers(4, 11))
    backlog = int(rng.integers(12, 31)) * 10
    result = release_forecast(backlog, low, high)
    fields = {"backlog": str(backlog), "low": str(low), "high": str(high),
              "fewest": str(result.fewest_sprints)}
    return fields, float(result.most_sprints)


# --- Lesson 04: risk ----------------------------------------------------------

def _three_point(rng, tail: tuple[int, int]):
    """Optimistic, most likely and pessimistic days, and their PERT estimate;
    ``tail`` bounds how far the pessimistic lies past the most likely."""
    from .estimating import pert

    o = int(rng.integers(4, 11))
    m = o + int(rng.integers(2, 8))
    p = m + int(rng.integers(*tail))
    return {"o": str(o), "m": str(m), "p": str(p)}, pert(o, m, p)


@_template
def pert_mean(rng):
    """PERT expected duration (lesson 04)."""
    fields, estimate = _three_point(rng, (4, 16))
    fields["sd"] = f"{float(estimate.sd):.2f}"
    return fields, round(float(estimate.mean), 2)


@_template
def pert_sd(rng):
    """PERT standard deviation (lesson 04)."""
    fields, estimate = _three_point(rng, (6, 19))
    fields["mean"] = f"{float(estimate.mean):.2f}"
    return fields, round(float(estimate.sd), 2)


@_template
def emv_net(rng):
    """Net EMV of a threat and an opportunity (lesson 04)."""
    from .risk import emv

    p_threat = float(rng.choice([0.1, 0.2, 0.25, 0.3, 0.4]))
    threat = -int(rng.integers(4, 21)) * 10
    p_opp = float(rng.choice([0.2, 0.3, 0.5, 0.6]))
    opportunity = int(rng.integers(2, 13)) * 10
    value = float(emv(p_threat, threat)) + float(emv(p_opp, opportunity))
    fields = {"p_threat": _pct(p_threat), "threat": _k(-threat), "p_opp": _pct(p_opp),
              "opportunity": _k(opportunity), "emv_threat": _k(float(emv(p_threat, threat))),
              "emv_opp": _k(float(emv(p_opp, opportunity)))}
    return fields, round(value, 2)


# --- Lesson 05: the business case --------------------------------------------

def _level_case(rng):
    investment = int(rng.integers(20, 61)) * 10
    years = int(rng.integers(3, 6))
    benefit = int(round(investment / years * float(rng.uniform(1.1, 1.7)) / 10)) * 10
    rate = float(rng.choice([0.06, 0.08, 0.1, 0.12]))
    return investment, years, benefit, rate


@_template
def npv(rng):
    """NPV of an investment with level yearly benefits (lesson 05)."""
    from .finance import npv as present

    investment, years, benefit, rate = _level_case(rng)
    value = float(present(rate, [-investment] + [benefit] * years))
    fields = {"investment": _k(investment), "benefit": _k(benefit), "years": str(years),
              "rate": _pct(rate)}
    return fields, round(value, 1)


@_template
def irr(rng):
    """IRR of an investment with level yearly benefits (lesson 05)."""
    from .finance import irr as rate_of_return

    investment, years, benefit, _ = _level_case(rng)
    value = float(rate_of_return([-investment] + [benefit] * years))
    fields = {"investment": _k(investment), "benefit": _k(benefit), "years": str(years)}
    return fields, round(value * 100, 2)


@_template
def payback(rng):
    """Simple payback with uneven benefits (lesson 05)."""
    from .finance import payback_period

    investment = int(rng.integers(20, 51)) * 10
    flows = [int(rng.integers(5, 21)) * 10 for _ in range(5)]
    while sum(flows[:4]) <= investment:
        flows = [flow + 20 for flow in flows]
    fields = {"investment": _k(investment),
              "flows": ", ".join(_k(flow) for flow in flows)}
    return fields, round(float(payback_period([-investment] + flows)), 2)


@_template
def roi(rng):
    """ROI from total benefits and total costs (lesson 05)."""
    from .finance import roi as ratio

    costs = int(rng.integers(20, 81)) * 10
    benefits = int(round(costs * float(rng.uniform(0.8, 2.2)) / 10)) * 10
    value = float(ratio(benefits, costs))
    return {"benefits": _k(benefits), "costs": _k(costs)}, round(value * 100, 1)


# --- Lesson 06: earned value --------------------------------------------------

def _evm_case(rng):
    from .metrics import evm

    bac = int(rng.integers(40, 121)) * 10
    pv = round(bac * float(rng.uniform(0.35, 0.7)) / 5) * 5
    ev = round(pv * float(rng.uniform(0.75, 1.1)) / 5) * 5
    # Spending at most 90 % of the budget keeps the TCPI a figure a project
    # could meet or nearly meet (it soars as the money left runs out).
    ac = min(round(ev * float(rng.uniform(0.85, 1.3)) / 5) * 5, int(0.9 * bac) // 5 * 5)
    fields = {"bac": _k(bac), "pv": _k(pv), "ev": _k(ev), "ac": _k(ac)}
    return evm(bac, pv, ev, ac), fields


@_template
def evm_cpi(rng):
    """Cost performance index (lesson 06)."""
    result, fields = _evm_case(rng)
    return fields, round(float(result.cpi), 2)


@_template
def evm_spi(rng):
    """Schedule performance index (lesson 06)."""
    result, fields = _evm_case(rng)
    return fields, round(float(result.spi), 2)


@_template
def evm_eac(rng):
    """Estimate at completion, assuming the CPI holds (lesson 06)."""
    result, fields = _evm_case(rng)
    fields["cpi"] = f"{float(result.cpi):.3f}"
    return fields, round(float(result.eac), 1)


@_template
def evm_tcpi(rng):
    """To-complete performance index to finish on the BAC (lesson 06)."""
    result, fields = _evm_case(rng)
    return fields, round(float(result.tcpi), 2)


# --- Lesson 07: communication channels ---------------------------------------

@_template
def channels_added(rng):
    """Channels added when people join a team (lesson 07)."""
    from .stakeholders.communication import communication_channels

    n = int(rng.integers(5, 16))
    added = int(rng.integers(2, 7))
    before, after = communication_channels(n), communication_channels(n + added)
    fields = {"n": str(n), "added": str(added), "total": str(n + added),
              "before": str(before), "after": str(after)}
    return fields, float(after - before)


# --- Lesson 08: weighted scoring ------------------------------------------------

@_template
def weighted_score(rng):
    """A partner's weighted score (lesson 08)."""
    import pandas as pd

    from .scoring import weighted_sum

    criteria = ["fit", "cost", "experience", "support"]
    # Each weight at least 5 %, in steps of 5 %, adding up to 100 %.
    weights = np.round((rng.dirichlet(np.ones(4)) * 80 + 5) / 5) * 5
    weights[-1] = 100 - weights[:-1].sum()
    if weights[-1] < 5:
        weights = np.array([25.0, 25.0, 25.0, 25.0])
    ratings = rng.integers(1, 6, size=4)
    frame = pd.DataFrame([ratings], columns=criteria, index=["partner"])
    score = float(weighted_sum(frame, dict(zip(criteria, weights)))["Weighted score"].iloc[0])
    fields = {f"w_{c}": f"{w:g} %" for c, w in zip(criteria, weights)}
    fields.update({f"r_{c}": str(int(r)) for c, r in zip(criteria, ratings)})
    return fields, round(score, 2)


def _check() -> None:
    """Every template draws finite answers (run by the tests for many seeds)."""
    for name in names():
        _, value = draw(name, 0)
        assert math.isfinite(value), name
