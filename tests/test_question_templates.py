"""Numeric question templates (implcourse.question_templates) and the templated
questions of datasets/questions/templates.yml.

Every template's answer is recomputed here from the numbers the learner is
shown (parsed back out of the field strings), with an independent method:
numpy_financial for NPV and IRR, a forward and backward pass written below
for the five-task network, the textbook formulas for PERT, EVM, ROI, Little's
law and communication channels, a cumulative sum for payback.
"""

from __future__ import annotations

import math
import re

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content, quiz
from implcourse import question_templates as templates
from implcourse.question_templates import draw, names, placeholders

SEEDS = st.integers(min_value=0, max_value=2**64)


# --------------------------------------------------------------------------
# Reading the numbers back out of what the learner is shown
# --------------------------------------------------------------------------

def number(text: str) -> float:
    """A number as a stem shows it: '€1,250k', '−€48k', '30 %', '0.905', '7'."""
    cleaned = (text.replace("−", "-").replace("€", "").replace("k", "").replace(",", "")
               .replace("%", "").strip())
    return float(cleaned)


def rate(text: str) -> float:
    """'6 %' -> 0.06."""
    assert text.endswith("%"), text
    return number(text) / 100


def amounts(text: str) -> list[float]:
    """'€130k, €60k, €1,100k' -> [130, 60, 1100]."""
    return [number(item) for item in re.findall(r"−?€[\d,.]+k", text)]


# --------------------------------------------------------------------------
# Independent computations, one per template: each returns the exact answer
# (before the template's rounding) and checks the other fields it can.
# --------------------------------------------------------------------------

NETWORK = {"a": [], "b": ["a"], "c": ["a"], "d": ["b"], "e": ["c", "d"]}


def passes(fields):
    """Forward and backward pass over the five-task network of lesson 01."""
    duration = {task: number(fields[f"d{task}"]) for task in NETWORK}
    es, ef = {}, {}
    for task in "abcde":  # a topological order of NETWORK
        es[task] = max((ef[p] for p in NETWORK[task]), default=0.0)
        ef[task] = es[task] + duration[task]
    finish = max(ef.values())
    successors = {task: [s for s, preds in NETWORK.items() if task in preds] for task in NETWORK}
    ls, lf = {}, {}
    for task in "edcba":
        lf[task] = min((ls[s] for s in successors[task]), default=finish)
        ls[task] = lf[task] - duration[task]
    return duration, es, ls, finish


def exact_critical_path_duration(fields):
    duration, _, _, finish = passes(fields)
    for task in NETWORK:
        assert 2 <= duration[task] <= 8
    # The path named in the explanation is a chain A .. E of the network as long as the plan.
    path = [name.lower() for name in fields["path"].split("–")]
    assert path[0] == "a" and path[-1] == "e", fields["path"]
    for before, after in zip(path, path[1:]):
        assert before in NETWORK[after], fields["path"]
    assert sum(duration[task] for task in path) == finish
    # Brute force: the longest of the network's two routes.
    assert finish == max(duration["a"] + duration["b"] + duration["d"] + duration["e"],
                         duration["a"] + duration["c"] + duration["e"])
    return finish


def exact_total_float(fields):
    _, es, ls, finish = passes(fields)
    assert number(fields["duration"]) == finish
    assert number(fields["es"]) == es["c"]
    assert number(fields["ls"]) == ls["c"]
    return ls["c"] - es["c"]


def exact_littles_law(fields):
    return number(fields["wip"]) / number(fields["throughput"])


def exact_release_sprints(fields):
    backlog, low, high = (number(fields[k]) for k in ("backlog", "low", "high"))
    assert 0 < low < high
    assert number(fields["fewest"]) == math.ceil(backlog / high)
    return math.ceil(backlog / low)


def exact_pert_mean(fields):
    o, m, p = (number(fields[k]) for k in "omp")
    assert o < m < p
    assert fields["sd"] == f"{(p - o) / 6:.2f}"
    return (o + 4 * m + p) / 6


def exact_pert_sd(fields):
    o, m, p = (number(fields[k]) for k in "omp")
    assert o < m < p
    assert fields["mean"] == f"{(o + 4 * m + p) / 6:.2f}"
    return (p - o) / 6


def exact_emv_net(fields):
    p_threat, p_opp = rate(fields["p_threat"]), rate(fields["p_opp"])
    threat, opportunity = number(fields["threat"]), number(fields["opportunity"])
    # The stem says the threat "would cost" an amount: shown positive.
    assert threat > 0 and opportunity > 0
    emv_threat, emv_opp = -p_threat * threat, p_opp * opportunity
    # The explanation's parts are shown in whole thousands.
    assert abs(number(fields["emv_threat"]) - emv_threat) <= 0.5 + 1e-9
    assert abs(number(fields["emv_opp"]) - emv_opp) <= 0.5 + 1e-9
    return emv_threat + emv_opp


def exact_npv(fields):
    investment, benefit = number(fields["investment"]), number(fields["benefit"])
    years = int(fields["years"])
    return float(npf.npv(rate(fields["rate"]), [-investment] + [benefit] * years))


def exact_irr(fields):
    investment, benefit = number(fields["investment"]), number(fields["benefit"])
    years = int(fields["years"])
    return 100 * float(npf.irr([-investment] + [benefit] * years))


def simple_payback(investment, flows):
    owed = investment
    for year, flow in enumerate(flows, start=1):
        if flow >= owed:
            return year - 1 + owed / flow
        owed -= flow
    return math.inf


def exact_payback(fields):
    flows = amounts(fields["flows"])
    assert len(flows) == 5
    return simple_payback(number(fields["investment"]), flows)


def exact_roi(fields):
    benefits, costs = number(fields["benefits"]), number(fields["costs"])
    return 100 * (benefits - costs) / costs


def evm_fields(fields):
    bac, pv, ev, ac = (number(fields[k]) for k in ("bac", "pv", "ev", "ac"))
    assert 0 < pv < bac and 0 < ev < bac and 0 < ac
    return bac, pv, ev, ac


def exact_evm_cpi(fields):
    _, _, ev, ac = evm_fields(fields)
    return ev / ac


def exact_evm_spi(fields):
    _, pv, ev, _ = evm_fields(fields)
    return ev / pv


def exact_evm_eac(fields):
    bac, _, ev, ac = evm_fields(fields)
    assert fields["cpi"] == f"{ev / ac:.3f}"
    return bac / (ev / ac)


def exact_evm_tcpi(fields):
    bac, _, ev, ac = evm_fields(fields)
    # "Finish within its budget" needs money left: AC below the BAC.
    assert ac < bac, fields
    return (bac - ev) / (bac - ac)


def channels(n):
    return n * (n - 1) // 2


def exact_channels_added(fields):
    n, added = int(fields["n"]), int(fields["added"])
    assert int(fields["total"]) == n + added
    assert int(fields["before"]) == channels(n)
    assert int(fields["after"]) == channels(n + added)
    return channels(n + added) - channels(n)


CRITERIA = ("fit", "cost", "experience", "support")


def exact_weighted_score(fields):
    weights = [number(fields[f"w_{c}"]) for c in CRITERIA]
    ratings = [int(fields[f"r_{c}"]) for c in CRITERIA]
    assert sum(weights) == 100
    assert all(w >= 5 and w % 5 == 0 for w in weights), weights
    assert all(1 <= r <= 5 for r in ratings), ratings
    return sum(w / 100 * r for w, r in zip(weights, ratings))


#: Template -> (independent computation, decimals the template rounds to).
EXACT = {
    "critical_path_duration": (exact_critical_path_duration, 0),
    "total_float": (exact_total_float, 0),
    "littles_law": (exact_littles_law, 2),
    "release_sprints": (exact_release_sprints, 0),
    "pert_mean": (exact_pert_mean, 2),
    "pert_sd": (exact_pert_sd, 2),
    "emv_net": (exact_emv_net, 2),
    "npv": (exact_npv, 1),
    "irr": (exact_irr, 2),
    "payback": (exact_payback, 2),
    "roi": (exact_roi, 1),
    "evm_cpi": (exact_evm_cpi, 2),
    "evm_spi": (exact_evm_spi, 2),
    "evm_eac": (exact_evm_eac, 1),
    "evm_tcpi": (exact_evm_tcpi, 2),
    "channels_added": (exact_channels_added, 0),
    "weighted_score": (exact_weighted_score, 2),
}


def assert_rounded(value: float, exact: float, digits: int) -> None:
    """``value`` is ``exact`` rounded to ``digits`` decimals (allowing for a tie
    rounded either way by binary floating point)."""
    scale = 10 ** digits
    assert abs(value * scale - round(value * scale)) < 1e-6, (value, digits)
    assert abs(value - exact) <= 0.5 / scale + 1e-9, (value, exact, digits)


# --------------------------------------------------------------------------
# The templates
# --------------------------------------------------------------------------

def test_every_template_has_an_independent_check():
    assert set(EXACT) == set(names())
    assert names() == sorted(templates.TEMPLATES)


@pytest.mark.parametrize("name", sorted(EXACT))
@settings(max_examples=50, deadline=None)
@given(seed=SEEDS)
def test_template_answer_matches_an_independent_computation(name, seed):
    fields, value = draw(name, seed)
    assert isinstance(value, float)
    assert math.isfinite(value)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in fields.items())
    compute, digits = EXACT[name]
    assert_rounded(value, compute(fields), digits)


@pytest.mark.parametrize("name", sorted(EXACT))
def test_template_for_fifty_consecutive_seeds(name):
    """The same check for seeds 0 to 49 (the seeds learners get first)."""
    compute, digits = EXACT[name]
    for seed in range(50):
        fields, value = draw(name, seed)
        assert math.isfinite(value), (name, seed)
        assert_rounded(value, compute(fields), digits)


def test_published_worked_examples_agree_with_the_independent_formulas():
    """The formulas above against published figures, so the checks are checked too."""
    # PERT: (2, 4, 6) -> 4, sd 4/6 (PMBOK Guide 6th ed., 6.4.2.4).
    assert exact_pert_mean({"o": "2", "m": "4", "p": "6", "sd": "0.67"}) == 4
    # Channels: 10 people -> 45 (PMBOK Guide 6th ed., 10.1.2.2): from 5 to 10 adds 35.
    assert channels(10) == 45
    assert exact_channels_added({"n": "5", "added": "5", "total": "10", "before": "10",
                                 "after": "45"}) == 35
    # Ross, Westerfield and Jordan: 200 invested, then 50, 60, 70, 200 -> 3.1 years.
    assert round(simple_payback(200, [50, 60, 70, 200]), 2) == 3.1


@pytest.mark.parametrize("name", sorted(EXACT))
def test_draw_is_deterministic_and_seeds_differ(name):
    draws = [draw(name, seed) for seed in range(50)]
    for seed in range(0, 50, 7):
        assert draw(name, seed) == draws[seed]
    shown = {tuple(sorted(fields.items())) for fields, _ in draws}
    assert len(shown) > 1, f"{name} draws the same numbers for every seed"
    assert len({value for _, value in draws}) > 1, f"{name} has the same answer for every seed"


@pytest.mark.parametrize("first, second, field", [
    ("npv", "irr", "investment"),
    ("evm_cpi", "evm_spi", "bac"),
    ("critical_path_duration", "total_float", "da"),
    ("pert_mean", "pert_sd", "o"),
])
def test_templates_sharing_a_case_draw_different_numbers_for_one_seed(first, second, field):
    """The template's name enters the seed, so one learner's two templates differ."""
    differ = [draw(first, seed)[0][field] != draw(second, seed)[0][field] for seed in range(30)]
    assert any(differ)


@pytest.mark.parametrize("name, seed, error, words", [
    ("nope", 0, ValueError, "name"),
    ("NPV", 0, ValueError, "name"),
    ("", 0, ValueError, "name"),
    (3, 0, TypeError, "name"),
    (None, 0, TypeError, "name"),
    ("npv", -1, ValueError, "seed"),
    ("npv", True, TypeError, "seed"),
    ("npv", 1.5, TypeError, "seed"),
    ("npv", float("nan"), TypeError, "seed"),
    ("npv", "3", TypeError, "seed"),
    ("npv", None, TypeError, "seed"),
])
def test_draw_refuses_bad_input_naming_the_parameter(name, seed, error, words):
    with pytest.raises(error, match=words):
        draw(name, seed)


def test_unknown_template_message_lists_the_templates():
    with pytest.raises(ValueError) as info:
        draw("nope", 0)
    for name in names():
        assert name in str(info.value)


def test_placeholders():
    assert placeholders("NPV at {rate} of {flows}, {rate} again") == {"rate", "flows"}
    assert placeholders("no fields") == set()


# --------------------------------------------------------------------------
# The templated questions of the bank
# --------------------------------------------------------------------------

TEMPLATED = content.load_entries("questions/templates.yml", quiz.CourseQuestion,
                                 key="questions")
NUMERIC = [q for q in TEMPLATED if q.kind == "numeric"]
QUESTION_SEEDS = [*range(50), 1_000, 65_535, 2**31 - 1, 2**40 + 17]


def test_templates_file_holds_templated_numeric_questions():
    assert len(NUMERIC) >= len(names())
    assert {q.template for q in NUMERIC} <= set(names())
    for q in NUMERIC:
        assert q.value is None, q.id
        assert "{" in q.stem, q.id


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
def test_templated_question_instantiates_and_grades_its_own_value(question):
    compute, _ = EXACT[question.template]
    used = placeholders(question.stem) | placeholders(question.explanation)
    for seed in QUESTION_SEEDS:
        concrete = quiz.instantiate(question, seed)
        fields, value = draw(question.template, seed)
        for text in (concrete.stem, concrete.explanation):
            assert "{" not in text and "}" not in text, (question.id, seed, text)
        for name in used:
            assert fields[name] in concrete.stem + concrete.explanation, (question.id, name)
        assert concrete.value == value
        assert concrete.id == question.id and concrete.template == question.template
        tolerance = concrete.tolerance
        assert quiz.grade(concrete, concrete.value).correct, (question.id, seed)
        assert not quiz.grade(concrete, concrete.value + 10 * tolerance + 1).correct
        assert not quiz.grade(concrete, concrete.value - 10 * tolerance - 1).correct
        # A learner who works the answer out exactly from the numbers shown is right.
        assert quiz.grade(concrete, compute(fields)).correct, (question.id, seed)
    # The question itself keeps its placeholders.
    assert "{" in question.stem and question.value is None


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
def test_instantiate_is_deterministic(question):
    for seed in (0, 5, 99):
        assert quiz.instantiate(question, seed) == quiz.instantiate(question, seed)
    stems = {quiz.instantiate(question, seed).stem for seed in range(20)}
    assert len(stems) > 1


def test_eac_with_a_cpi_rounded_to_two_decimals_is_graded_right():
    """The EAC stem promises that a CPI rounded to two decimals is close enough."""
    question = next(q for q in NUMERIC if q.template == "evm_eac")
    for seed in QUESTION_SEEDS:
        concrete = quiz.instantiate(question, seed)
        fields, _ = draw("evm_eac", seed)
        bac, ev, ac = (number(fields[k]) for k in ("bac", "ev", "ac"))
        assert quiz.grade(concrete, bac / round(ev / ac, 2)).correct, (seed, fields)


def test_an_un_instantiated_template_question_cannot_be_graded():
    question = NUMERIC[0]
    with pytest.raises(ValueError, match="instantiate"):
        quiz.grade(question, 1.0)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (True, TypeError),
                                         (2.0, TypeError), ("1", TypeError)])
def test_instantiate_refuses_bad_seeds_naming_seed(seed, error):
    with pytest.raises(error, match="seed"):
        quiz.instantiate(NUMERIC[0], seed)


def test_instantiate_refuses_a_non_question():
    with pytest.raises(TypeError, match="question"):
        quiz.instantiate({"id": "x"}, 0)


def test_a_question_naming_an_unknown_template_or_placeholder_is_refused():
    base = NUMERIC[0].model_dump()
    with pytest.raises(ValueError, match="template"):
        quiz.CourseQuestion.model_validate({**base, "template": "no_such_template"})
    with pytest.raises(ValueError, match="not_a_field"):
        quiz.CourseQuestion.model_validate({**base, "stem": "What is {not_a_field}?"})


def test_each_template_declares_exactly_the_fields_it_draws():
    """The declared fields (used to check questions without drawing) cannot drift."""
    from implcourse import question_templates

    assert set(question_templates.FIELDS) == set(question_templates.TEMPLATES)
    for name in question_templates.names():
        for seed in (0, 1, 2):
            fields, _ = question_templates.draw(name, seed)
            assert tuple(fields) == question_templates.FIELDS[name], name
