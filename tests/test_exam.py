"""The assessment engine in implcourse.exam: choosing, asking shuffled, scoring.

The engine is tested on a pool of questions built here (every kind, every
domain, level, difficulty and approach, eight lessons), not on the course
bank, so that these tests do not depend on the bank's content. Expected
results are computed here independently: Hamilton's method with exact
fractions, the Wilson interval by scipy, group-bys written in plain Python,
and correctness of a shuffled response judged by the texts shown.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from fractions import Fraction
from statistics import multimode

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from implcourse import content, course, exam
from implcourse.exam import (BREAKDOWNS, Asked, Blueprint, Exam, Result, allocate, ask, band,
                             build_exam, select, simulate_candidate, wilson_interval)
from implcourse.question_templates import draw as draw_template
from implcourse.quiz import APPROACHES, DOMAINS, LEVELS, CourseQuestion, letters

KINDS = ("single", "multiple", "numeric", "ordering", "matching")
LESSONS = [f"{i:02d}" for i in range(1, 9)]
FILTERS = ("lesson", "topic", "domain", "difficulty", "level", "approach", "kind")


# --------------------------------------------------------------------------
# A pool of questions of every kind, built here
# --------------------------------------------------------------------------

def make_question(lesson: str, i: int) -> CourseQuestion:
    kind = KINDS[i % 5]
    tag = f"{lesson}/{i}"
    data = {
        "id": f"p{lesson}-{i}", "lesson": lesson, "section": 1 + i % 4,
        "topic": f"topic_{i % 3}", "kind": kind, "difficulty": 1 + i % 3,
        "level": LEVELS[i % 3], "domain": DOMAINS[(i + int(lesson)) % 3],
        "approach": APPROACHES[i % 4], "scenario": bool(i % 2),
        "stem": f"Stem {tag}?", "explanation": f"Because {tag}.",
    }
    n = 3 + i % 3
    if kind == "single":
        answer = letters(n + 1)[i % (n + 1)]
        data.update(options=[f"option {tag}/{k}" for k in range(n + 1)], answer=[answer],
                    why_wrong={x: f"why {x} {tag}" for x in letters(n + 1) if x != answer})
    elif kind == "multiple":
        answer = ["A", "C"] if i % 2 else ["B", "C", "D"]
        data.update(options=[f"option {tag}/{k}" for k in range(n + 1)], answer=answer,
                    why_wrong={x: f"why {x} {tag}" for x in letters(n + 1) if x not in answer})
    elif kind == "numeric":
        if i % 2:
            data.update(value=12.5 + i, tolerance=0.5, unit="days")
        else:
            data.update(template="npv", tolerance=0.5, unit="€k",
                        stem="Invest {investment} for {benefit} a year, {years} years, "
                             "at {rate}: NPV?")
    elif kind == "ordering":
        data.update(options=[f"step {tag}/{k}" for k in range(n)])
    else:
        data.update(options=[f"left {tag}/{k}" for k in range(n)],
                    matches=[f"right {tag}/{k}" for k in range(n)])
    return CourseQuestion.model_validate(data)


POOL = [make_question(lesson, i) for lesson in LESSONS for i in range(10)]
BY_ID = {q.id: q for q in POOL}

BLUEPRINTS_YAML = yaml.safe_load((content.datasets_dir() / "blueprints.yml")
                                 .read_text(encoding="utf-8"))
YAML_PRINTS = {entry["id"]: entry for entry in BLUEPRINTS_YAML["blueprints"]}
YAML_BANDS = [(entry["name"], entry["minimum"]) for entry in BLUEPRINTS_YAML["bands"]]


def expected_band(percent: float) -> str:
    return next(name for name, minimum in YAML_BANDS if percent >= minimum)


def scipy_wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


# --------------------------------------------------------------------------
# allocate: Hamilton's method
# --------------------------------------------------------------------------

def hamilton(weights: dict, count: int) -> dict:
    """Largest remainders with exact fractions; ties to the group listed first."""
    exact = {g: Fraction(w) for g, w in weights.items()}
    total = sum(exact.values())
    quotas = {g: count * w / total for g, w in exact.items()}
    parts = {g: math.floor(q) for g, q in quotas.items()}
    left = count - sum(parts.values())
    order = list(weights)
    ranked = sorted(order, key=lambda g: (-(quotas[g] - parts[g]), order.index(g)))
    for group in ranked[:left]:
        parts[group] += 1
    return parts


def test_allocate_pmp_185_example():
    """PMP ECO 2026: 33 / 41 / 26 % of 185 questions is 61.05, 75.85 and 48.1;
    the one question left goes to the largest remainder (Process)."""
    weights = {"people": 33, "process": 41, "business_environment": 26}
    assert allocate(weights, 185) == {"people": 61, "process": 76, "business_environment": 48}
    assert hamilton(weights, 185) == {"people": 61, "process": 76, "business_environment": 48}


GROUP_WEIGHTS = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 60),
                                min_size=1, max_size=8).filter(lambda w: sum(w.values()) > 0)


@settings(max_examples=150, deadline=None)
@given(weights=GROUP_WEIGHTS, count=st.integers(0, 400))
def test_allocate_sums_to_count_and_rounds_each_quota(weights, count):
    parts = allocate(weights, count)
    assert list(parts) == list(weights)
    assert sum(parts.values()) == count
    total = sum(weights.values())
    for group, weight in weights.items():
        quota = Fraction(count * weight, total)
        assert parts[group] in (math.floor(quota), math.ceil(quota)), (group, quota)


@settings(max_examples=150, deadline=None)
@given(weights=st.dictionaries(st.sampled_from("abcdefgh"),
                               st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=8)
       .filter(lambda w: sum(w.values()) > 0), count=st.integers(0, 400))
def test_allocate_float_weights_sum_to_count(weights, count):
    parts = allocate(weights, count)
    assert sum(parts.values()) == count
    total = sum(Fraction(w) for w in weights.values())
    for group, weight in weights.items():
        quota = count * Fraction(weight) / total
        assert math.floor(quota) <= parts[group] <= math.ceil(quota), (group, float(quota))


def test_allocate_equals_a_brute_force_hamilton():
    """Every split of 0 to 30 questions over three groups weighted 0 to 7."""
    differ = []
    for triple in itertools.product(range(8), repeat=3):
        if sum(triple) == 0:
            continue
        weights = dict(zip("abc", triple))
        for count in range(31):
            if allocate(weights, count) != hamilton(weights, count):
                differ.append((weights, count, allocate(weights, count),
                               hamilton(weights, count)))
    assert not differ, f"{len(differ)} splits differ from Hamilton's, e.g. {differ[:3]}"


def test_allocate_breaks_exact_ties_in_favour_of_the_group_listed_first():
    """Exact quotas 1/3, 1/3 and 7/3: all three remainders are 1/3, so the
    question left over goes to the first group (as the docstring says)."""
    weights = {"a": 1, "b": 1, "c": 7}
    assert hamilton(weights, 3) == {"a": 1, "b": 0, "c": 2}
    assert allocate(weights, 3) == {"a": 1, "b": 0, "c": 2}


def test_allocate_huge_but_finite_weights():
    """Two equal weights near the float maximum: finite, so valid, and equal shares."""
    assert allocate({"a": 1e308, "b": 1e308}, 4) == {"a": 2, "b": 2}


@pytest.mark.parametrize("weights, count, error, words", [
    ({"a": 1}, -1, ValueError, "count"),
    ({"a": 1}, True, TypeError, "count"),
    ({"a": 1}, 2.0, TypeError, "count"),
    ({"a": 1}, "3", TypeError, "count"),
    ({}, 3, TypeError, "weights"),
    ([("a", 1)], 3, TypeError, "weights"),
    (None, 3, TypeError, "weights"),
    ({"a": -1}, 3, ValueError, "weight of 'a'"),
    ({"a": float("nan")}, 3, ValueError, "weight of 'a'"),
    ({"a": float("inf")}, 3, ValueError, "weight of 'a'"),
    ({"a": True}, 3, TypeError, "weight of 'a'"),
    ({"a": "1"}, 3, TypeError, "weight of 'a'"),
    ({"a": 0, "b": 0}, 3, ValueError, "weights"),
])
def test_allocate_refuses_bad_input(weights, count, error, words):
    with pytest.raises(error, match=words):
        allocate(weights, count)


# --------------------------------------------------------------------------
# wilson_interval and band
# --------------------------------------------------------------------------

@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_newcombe_1998_table_i(k, n, low, high):
    """Newcombe (1998), Statistics in Medicine 17, 857-872, table I, method 3."""
    got = wilson_interval(k, n)
    assert round(got[0], 4) == pytest.approx(low, abs=1e-12)
    assert round(got[1], 4) == pytest.approx(high, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n=st.integers(1, 500),
       confidence=st.floats(0.5, 0.999, allow_nan=False))
def test_wilson_matches_scipy(data, n, confidence):
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n, confidence)
    ref_low, ref_high = scipy_wilson(k, n, confidence)
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)
    assert 0.0 <= low <= high <= 1.0
    if 0 < k < n:
        assert low < k / n < high


def test_wilson_interval_holds_the_observed_score_at_0_and_100_percent():
    """For 0 right the interval starts at exactly 0, for all right it ends at
    exactly 1 (scipy gives both): the interval always holds the score observed."""
    for n in range(1, 301):
        for confidence in (0.9, 0.95):
            low, _ = wilson_interval(0, n, confidence)
            _, high = wilson_interval(n, n, confidence)
            assert (low, high) == (0.0, 1.0), (n, confidence, low, high)
            assert scipy_wilson(0, n, confidence)[0] == 0.0
            assert scipy_wilson(n, n, confidence)[1] == 1.0


def test_wilson_default_is_95_percent_and_wider_when_more_confident():
    assert wilson_interval(45, 60) == pytest.approx(scipy_wilson(45, 60, 0.95), abs=1e-12)
    narrow, wide = wilson_interval(45, 60, 0.8), wilson_interval(45, 60, 0.99)
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


@pytest.mark.parametrize("args, error, words", [
    ((0, 0), ValueError, "total"),
    ((1, -3), ValueError, "total"),
    ((5, 3), ValueError, "correct"),
    ((-1, 3), ValueError, "correct"),
    ((True, 3), TypeError, "correct"),
    ((1, 3.0), TypeError, "total"),
    ((1, 3, 1.0), ValueError, "confidence"),
    ((1, 3, 0.4), ValueError, "confidence"),
    ((1, 3, float("nan")), ValueError, "confidence"),
    ((1, 3, "95%"), TypeError, "confidence"),
])
def test_wilson_refuses_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        wilson_interval(*args)


def test_bands_are_the_files():
    assert [(b.name, b.minimum) for b in exam.load_bands()] == YAML_BANDS
    assert YAML_BANDS[-1][1] == 0


@pytest.mark.parametrize("position", range(len(YAML_BANDS)))
def test_band_cut_offs_at_the_edges(position):
    name, minimum = YAML_BANDS[position]
    assert band(minimum) == name
    assert band(minimum + 1e-9) == name
    if minimum > 0:
        below = math.nextafter(minimum, -math.inf)
        assert band(below) == YAML_BANDS[position + 1][0]
    if position > 0:
        upper = YAML_BANDS[position - 1][1]
        assert band(math.nextafter(upper, -math.inf)) == name


def test_band_extremes_and_integers():
    assert band(100) == YAML_BANDS[0][0]
    assert band(0) == YAML_BANDS[-1][0]
    for percent in range(0, 101):
        assert band(percent) == expected_band(percent)


@pytest.mark.parametrize("percent, error", [(-0.001, ValueError), (100.5, ValueError),
                                            (float("nan"), ValueError), (True, TypeError),
                                            ("80", TypeError), (None, TypeError)])
def test_band_refuses_bad_input(percent, error):
    with pytest.raises(error, match="percent"):
        band(percent)


# --------------------------------------------------------------------------
# select
# --------------------------------------------------------------------------

def ids(questions) -> list[str]:
    return [q.id for q in questions]


@pytest.mark.parametrize("name", FILTERS)
def test_select_every_filter_single_value(name):
    for value in sorted({getattr(q, name) for q in POOL}, key=str):
        expected = {q.id for q in POOL if getattr(q, name) == value}
        picked = select(POOL, **{name: value})
        assert len(picked) == len(expected)
        assert set(ids(picked)) == expected, (name, value)


@pytest.mark.parametrize("name", FILTERS)
def test_select_every_filter_list_of_values(name):
    values = sorted({getattr(q, name) for q in POOL}, key=str)[:2]
    expected = {q.id for q in POOL if getattr(q, name) in values}
    assert set(ids(select(POOL, **{name: values}))) == expected
    assert set(ids(select(POOL, **{name: tuple(values)}))) == expected


def test_select_combines_filters():
    picked = select(POOL, lesson=["01", "02", "03"], domain="people", difficulty=[2, 3],
                    kind=["single", "numeric", "ordering"])
    expected = {q.id for q in POOL if q.lesson in {"01", "02", "03"} and q.domain == "people"
                and q.difficulty in {2, 3} and q.kind in {"single", "numeric", "ordering"}}
    assert expected and set(ids(picked)) == expected


def test_select_without_count_returns_all_in_a_seeded_order():
    picked = select(POOL, seed=3)
    assert sorted(ids(picked)) == sorted(BY_ID)
    assert ids(picked) == ids(select(POOL, seed=3))
    assert ids(picked) != ids(select(POOL, seed=4))


@settings(max_examples=60, deadline=None)
@given(count=st.integers(1, 80), seed=st.integers(0, 2**32))
def test_select_count_is_distinct_and_deterministic(count, seed):
    picked = select(POOL, count=count, seed=seed)
    assert len(picked) == count
    assert len(set(ids(picked))) == count
    assert ids(picked) == ids(select(POOL, count=count, seed=seed))


@settings(max_examples=60, deadline=None)
@given(count=st.integers(1, 24), seed=st.integers(0, 2**32))
def test_select_spreads_a_small_draw_over_topics(count, seed):
    """8 lessons x 3 topics: a draw of up to 24 has no topic twice."""
    picked = select(POOL, count=count, seed=seed)
    groups = Counter((q.lesson, q.topic) for q in picked)
    assert max(groups.values()) == 1


def test_select_seeds_choose_differently():
    draws = {tuple(sorted(ids(select(POOL, count=10, seed=seed)))) for seed in range(10)}
    assert len(draws) > 1


@pytest.mark.parametrize("kwargs, error, words", [
    ({"domain": "nope"}, ValueError, "domain"),
    ({"domain": ["people", "nope"]}, ValueError, "domain"),
    ({"difficulty": 4}, ValueError, "difficulty"),
    ({"difficulty": True}, TypeError, "difficulty"),
    ({"difficulty": 2.0}, TypeError, "difficulty"),
    ({"level": "create"}, ValueError, "level"),
    ({"level": {"apply": 1}}, TypeError, "level"),
    ({"approach": "waterfall"}, ValueError, "approach"),
    ({"kind": "essay"}, ValueError, "kind"),
    ({"kind": 3.5}, TypeError, "kind"),
    ({"topic": None, "lesson": b"01"}, TypeError, "lesson"),
    ({"topic": [None]}, TypeError, "topic"),
    ({"lesson": "99"}, ValueError, "lesson"),
    ({"topic": "no_such_topic"}, ValueError, "topic"),
    ({"domain": []}, ValueError, "domain"),
    ({"count": 0}, ValueError, "count"),
    ({"count": 81}, ValueError, "count"),
    ({"count": True}, TypeError, "count"),
    ({"count": 2.5}, TypeError, "count"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": True}, TypeError, "seed"),
])
def test_select_refuses_bad_input_naming_the_filter(kwargs, error, words):
    with pytest.raises(error, match=words):
        select(POOL, **kwargs)


def test_select_count_more_than_match_names_count():
    with pytest.raises(ValueError, match="count") as info:
        select(POOL, lesson="01", count=11)
    assert "10" in str(info.value)


def test_select_refuses_a_pool_of_non_questions():
    with pytest.raises(TypeError, match="questions"):
        select([POOL[0], {"id": "x"}])


# --------------------------------------------------------------------------
# ask: shuffled, graded in the letters shown
# --------------------------------------------------------------------------

def shown_index(letter: str) -> int:
    return letters(26).index(letter)


def right_by_text(asked: Asked, response) -> bool:
    """Whether a response (in the letters shown) is right, judged by the texts shown."""
    q = asked.question
    if q.kind == "single":
        return asked.shown_options[shown_index(response[0])] == \
            q.options[shown_index(q.answer[0])]
    if q.kind == "multiple":
        picked = {asked.shown_options[shown_index(x)] for x in response}
        return picked == {q.options[shown_index(x)] for x in q.answer}
    if q.kind == "ordering":
        return [asked.shown_options[shown_index(x)] for x in response] == q.options
    return [asked.shown_matches[shown_index(x)] for x in response] == q.matches


def every_response(asked: Asked):
    """Every response of the question's shape, in the letters shown."""
    q = asked.question
    shown = letters(len(asked.order))
    if q.kind == "single":
        return [[x] for x in shown]
    if q.kind == "multiple":
        return [list(c) for r in range(1, len(shown) + 1)
                for c in itertools.combinations(shown, r)]
    return [list(p) for p in itertools.permutations(shown)]


QUESTIONS = st.sampled_from(POOL)


@settings(max_examples=150, deadline=None)
@given(question=QUESTIONS, seed=st.integers(0, 2**40), number=st.integers(1, 400))
def test_ask_shuffles_and_grades_in_the_letters_shown(question, seed, number):
    asked = ask(question, seed, number)
    q = asked.question
    assert asked.number == number
    assert asked == ask(question, seed, number)
    if q.kind == "numeric":
        if question.template:
            assert q.value == draw_template(question.template, seed)[1]
            assert "{" not in q.stem
        else:
            assert q == question
        assert asked.key_shown == q.value
        assert asked.grade(q.value).correct
        assert not asked.grade(q.value + 10 * q.tolerance + 1).correct
        return
    size = len(q.options)
    assert sorted(asked.order) == list(range(size))
    if q.kind == "matching":
        assert asked.shown_options == q.options
        assert sorted(asked.shown_matches) == sorted(q.matches)
        assert asked.shown_matches != q.matches
        assert [t for _, t in asked.lettered()] == asked.shown_matches
    else:
        assert sorted(asked.shown_options) == sorted(q.options)
        assert [t for _, t in asked.lettered()] == asked.shown_options
    if q.kind == "ordering":
        assert asked.shown_options != q.options
    key = asked.key_shown
    assert right_by_text(asked, key if isinstance(key, list) else [key])
    assert asked.grade(key).correct
    for response in every_response(asked):
        graded = asked.grade(response)
        assert graded.correct == right_by_text(asked, response), response
        if q.kind == "matching":
            pairs = sum(asked.shown_matches[shown_index(x)] == m
                        for x, m in zip(response, q.matches))
            assert graded.parts_right == pairs and graded.parts == size
    # why_wrong_shown: each wrong option shown, with its own explanation.
    why = asked.why_wrong_shown()
    if q.kind in ("single", "multiple"):
        wrong_shown = [x for x in letters(size) if x not in key]
        assert sorted(why) == wrong_shown
        for letter, text in why.items():
            file_letter = letters(size)[q.options.index(asked.shown_options[shown_index(letter)])]
            assert q.why_wrong[file_letter] == text
    else:
        assert why == {}


def test_ask_spreads_the_key_over_the_positions():
    """Over 400 seeds the key of a four-option question lands on each letter
    about 100 times (at least 50: more than five standard deviations below)."""
    question = next(q for q in POOL if q.kind == "single" and len(q.options) == 4)
    positions = Counter(ask(question, seed).key_shown[0] for seed in range(400))
    assert set(positions) == {"A", "B", "C", "D"}
    assert min(positions.values()) >= 50


def test_asked_grade_refuses_letters_not_shown():
    question = next(q for q in POOL if q.kind == "single" and len(q.options) == 4)
    asked = ask(question, 1)
    with pytest.raises(ValueError, match="response"):
        asked.grade("E")
    with pytest.raises(TypeError, match="response"):
        asked.grade(3)
    with pytest.raises(TypeError, match="response"):
        asked.grade([1])


@pytest.mark.parametrize("args, error, words", [
    (("not a question", 0), TypeError, "question"),
    ((POOL[0], -1), ValueError, "seed"),
    ((POOL[0], True), TypeError, "seed"),
    ((POOL[0], 1.0), TypeError, "seed"),
    ((POOL[0], 0, 0), ValueError, "number"),
    ((POOL[0], 0, False), TypeError, "number"),
])
def test_ask_refuses_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        ask(*args)


# --------------------------------------------------------------------------
# build_exam and Exam
# --------------------------------------------------------------------------

@pytest.mark.parametrize("blueprint_id", sorted(YAML_PRINTS))
def test_blueprints_are_the_files(blueprint_id):
    entry = YAML_PRINTS[blueprint_id]
    blueprint = exam.get_blueprint(blueprint_id)
    assert blueprint.group_by == entry["group_by"]
    assert blueprint.weights == {str(k): v for k, v in entry["weights"].items()}
    assert blueprint.questions == entry["questions"]
    assert blueprint.minutes_per_question == pytest.approx(entry["minutes"] / entry["questions"])
    assert exam.get_blueprint(blueprint) is blueprint
    assert [b.id for b in exam.load_blueprints()] == list(YAML_PRINTS)


def test_pmp_blueprint_is_185_questions_in_240_minutes():
    entry = YAML_PRINTS["pmp_eco_2026"]
    assert (entry["questions"], entry["minutes"]) == (185, 240)
    assert entry["weights"] == {"people": 33, "process": 41, "business_environment": 26}


@pytest.mark.parametrize("blueprint_id, length", [("quick", None), ("course", None),
                                                  ("course", 13), ("pmp_eco_2026", 40),
                                                  ("pmp_eco_2026", 7), ("quick", 1)])
def test_build_exam_group_counts_length_and_minutes(blueprint_id, length):
    entry = YAML_PRINTS[blueprint_id]
    exam_ = build_exam(blueprint_id, questions=length, seed=5, bank=POOL)
    n = entry["questions"] if length is None else length
    assert len(exam_.asked) == n
    assert [a.number for a in exam_.asked] == list(range(1, n + 1))
    assert len({a.question.id for a in exam_.asked}) == n
    weights = {str(k): v for k, v in entry["weights"].items()}
    counts = Counter(getattr(a.question, entry["group_by"]) for a in exam_.asked)
    assert dict(counts) == {g: c for g, c in allocate(weights, n).items() if c}
    # Hamilton's method with exact fractions, ties to the group listed first.
    assert dict(counts) == {g: c for g, c in hamilton(weights, n).items() if c}
    pace = entry["minutes"] / entry["questions"]
    assert exam_.minutes == pytest.approx(round(pace * n, 1))
    if length is None:
        assert exam_.minutes == entry["minutes"]
    for asked in exam_.asked:
        original = BY_ID[asked.question.id]
        assert asked == ask(original, 5, asked.number)


def test_build_exam_is_deterministic_and_seeds_differ():
    first = build_exam("quick", seed=11, bank=POOL)
    again = build_exam("quick", seed=11, bank=POOL)
    assert first.asked == again.asked
    other = build_exam("quick", seed=12, bank=POOL)
    assert [a.question.id for a in first.asked] != [a.question.id for a in other.asked]


def test_build_exam_minutes_given():
    assert build_exam("quick", minutes=30, bank=POOL).minutes == 30.0


def test_build_exam_with_a_blueprint_object():
    blueprint = Blueprint.model_validate({"id": "two", "name": "Two lessons",
                                          "group_by": "lesson",
                                          "weights": {"01": 3, "02": 1, "03": 0},
                                          "questions": 8, "minutes": 12})
    exam_ = build_exam(blueprint, seed=2, bank=POOL)
    assert Counter(a.question.lesson for a in exam_.asked) == {"01": 6, "02": 2}
    assert exam_.minutes == 12.0
    assert exam_.blueprint is blueprint


def test_build_exam_names_the_group_the_pool_cannot_fill():
    no_08 = [q for q in POOL if q.lesson != "08"]
    with pytest.raises(ValueError, match="lesson 08"):
        build_exam("quick", bank=no_08)
    few_people = [q for q in POOL if q.domain != "people"] + \
        [q for q in POOL if q.domain == "people"][:3]
    with pytest.raises(ValueError, match="People") as info:
        build_exam("pmp_eco_2026", questions=40, bank=few_people)
    assert "3" in str(info.value)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"blueprint": 3}, TypeError, "blueprint"),
    ({"blueprint": "nope"}, ValueError, "blueprint"),
    ({"questions": 0}, ValueError, "questions"),
    ({"questions": 401}, ValueError, "questions"),
    ({"questions": True}, TypeError, "questions"),
    ({"minutes": 0}, ValueError, "minutes"),
    ({"minutes": float("nan")}, ValueError, "minutes"),
    ({"minutes": "30"}, TypeError, "minutes"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
])
def test_build_exam_refuses_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        build_exam(**{"bank": POOL, **kwargs})


@pytest.mark.parametrize("changes, words", [
    ({"weights": {"01": -1, "02": 2}}, "weight"),
    ({"weights": {"01": 0}}, "weights"),
    ({"weights": {"1": 1}}, "lesson"),
    ({"group_by": "domain", "weights": {"people": 1, "vendors": 1}}, "vendors"),
    ({"questions": 0}, "questions"),
    ({"minutes": 0}, "minutes"),
])
def test_blueprint_validation(changes, words):
    data = {"id": "x", "name": "X", "group_by": "lesson", "weights": {"01": 1},
            "questions": 5, "minutes": 5, **changes}
    with pytest.raises(ValueError, match=words):
        Blueprint.model_validate(data)


def wrong_response(asked: Asked):
    """A wrong response in the letters shown, chosen here."""
    q = asked.question
    if q.kind == "numeric":
        return q.value + 10 * q.tolerance + 1
    key = asked.key_shown
    if q.kind == "single":
        return next(x for x in letters(len(asked.order)) if x not in key)
    if q.kind == "multiple":
        return letters(len(asked.order))  # every option: the key leaves one out
    return list(reversed(key)) if q.kind == "ordering" else key[1:] + key[:1]


def test_exam_answer_flag_unanswered_finish():
    exam_ = build_exam("course", seed=8, bank=POOL)
    n = len(exam_.asked)
    assert exam_.unanswered == list(range(1, n + 1))
    first, second, third = exam_.asked[:3]
    exam_.answer(1, first.key_shown)
    exam_.answer(2, wrong_response(second))
    exam_.answer(3, third.key_shown)
    exam_.answer(3, None)  # cleared
    assert exam_.unanswered == [3, *range(4, n + 1)]
    exam_.flag(2)
    exam_.flag(5)
    exam_.flag(5, on=False)
    exam_.flag(7, True)
    assert exam_.flagged == {2, 7}
    result = exam_.finish(seconds=125.5)
    assert (result.correct, result.total, result.answered) == (1, n, 2)
    assert result.flagged == {2, 7}
    assert result.seconds == 125.5
    assert result.percent == pytest.approx(100 / n)
    assert result.graded[0].correct and not result.graded[1].correct
    assert result.graded[2] is None
    # The result is a snapshot: later changes to the exam do not reach it.
    exam_.answer(4, exam_.asked[3].key_shown)
    exam_.flag(9)
    assert result.correct == 1 and result.flagged == {2, 7}
    assert exam_.finish().correct == 2


def test_exam_refuses_bad_input():
    exam_ = build_exam("quick", seed=8, bank=POOL)
    single = next(a for a in exam_.asked if a.question.kind == "single")
    n = len(exam_.asked)
    for number, error in [(0, ValueError), (n + 1, ValueError), (True, TypeError),
                          ("1", TypeError)]:
        with pytest.raises(error, match="number"):
            exam_.answer(number, "A")
        with pytest.raises(error, match="number"):
            exam_.flag(number)
    with pytest.raises(ValueError, match="response"):
        exam_.answer(single.number, "Z")
    assert exam_.responses[single.number - 1] is None  # a refused response is not kept
    with pytest.raises(TypeError, match="response"):
        exam_.answer(single.number, 5)
    with pytest.raises(TypeError, match="on"):
        exam_.flag(1, "yes")
    with pytest.raises(ValueError, match="seconds"):
        exam_.finish(-1)
    with pytest.raises(ValueError, match="seconds"):
        exam_.finish(float("nan"))
    with pytest.raises(TypeError, match="seconds"):
        exam_.finish("60")


def test_a_numeric_answer_typed_as_text_is_graded_and_reviewed():
    """grade() takes text such as '1,250.5' for a numeric question; the review
    must show it too."""
    exam_ = build_exam("course", seed=8, bank=POOL)
    numeric = next(a for a in exam_.asked if a.question.kind == "numeric")
    text = f"{numeric.question.value:,}"
    exam_.answer(numeric.number, text)
    result = exam_.finish()
    assert result.graded[numeric.number - 1].correct
    entry = result.review()[numeric.number - 1]
    assert entry["correct"] is True
    assert entry["response"] != "not answered"


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------

def mixed_result(seed: int) -> Result:
    """A result with right, wrong and unanswered questions, chosen by a seeded rng here."""
    exam_ = build_exam("course", seed=seed, bank=POOL)
    rng = np.random.default_rng(seed)
    responses = []
    for asked in exam_.asked:
        roll = rng.random()
        responses.append(asked.key_shown if roll < 0.55 else
                         None if roll < 0.7 else wrong_response(asked))
    flagged = {int(x) for x in rng.choice(len(exam_.asked), 5, replace=False) + 1}
    return Result(asked=exam_.asked, responses=responses, flagged=flagged)


def is_right(asked: Asked, response) -> bool:
    if response is None:
        return False
    if asked.question.kind == "numeric":
        return abs(response - asked.question.value) <= asked.question.tolerance
    return right_by_text(asked, response if isinstance(response, list) else [response])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_result_totals_and_interval(seed):
    result = mixed_result(seed)
    right = sum(is_right(a, r) for a, r in zip(result.asked, result.responses))
    assert result.correct == right
    assert result.total == len(result.asked)
    assert result.answered == sum(r is not None for r in result.responses)
    assert result.percent == pytest.approx(100 * right / result.total)
    for confidence in (0.9, 0.95, 0.99):
        low, high = result.interval(confidence)
        ref = scipy_wilson(right, result.total, confidence)
        assert low == pytest.approx(100 * ref[0], abs=1e-9)
        assert high == pytest.approx(100 * ref[1], abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", BREAKDOWNS)
def test_breakdown_matches_a_groupby_written_here(seed, by):
    result = mixed_result(seed)
    tally: dict = {}
    for asked, response in zip(result.asked, result.responses):
        q = asked.question
        # Topics are told apart by lesson and shown by name.
        group = (f"{q.lesson} {course.topic_name(q.lesson, q.topic)}" if by == "topic"
                 else getattr(q, by))
        n, right = tally.get(group, (0, 0))
        tally[group] = (n + 1, right + is_right(asked, response))
    expected_order = sorted(tally, key=lambda g: (tally[g][1] / tally[g][0], -tally[g][0], g))
    frame = result.breakdown(by)
    assert list(frame.index) == expected_order
    for group, (n, right) in tally.items():
        row = frame.loc[group]
        assert (row["questions"], row["correct"]) == (n, right)
        assert row["percent"] == pytest.approx(100 * right / n)
        low, high = scipy_wilson(right, n)
        assert row["low"] == pytest.approx(100 * low, abs=1e-9)
        assert row["high"] == pytest.approx(100 * high, abs=1e-9)
        # A group of fewer than five questions is too small to rate.
        if n >= 5:
            assert row["band"] == expected_band(100 * right / n)
        else:
            assert row["band"] is None or row["band"] != row["band"]


def test_breakdown_refuses_an_unknown_column():
    with pytest.raises(ValueError, match="by"):
        mixed_result(1).breakdown("colour")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weakest_order_and_links(seed):
    result = mixed_result(seed)
    groups: dict = {}
    for asked, response in zip(result.asked, result.responses):
        q = asked.question
        groups.setdefault((q.lesson, q.topic), []).append((is_right(asked, response), q.section))
    expected = []
    for (lesson, topic), items in groups.items():
        right, n = sum(ok for ok, _ in items), len(items)
        if right == n:
            continue
        section = min(multimode([s for ok, s in items if not ok]))
        title, link = course.section_link(lesson, section)
        high = wilson_interval(right, n)[1]
        expected.append(((high, 100 * right / n, lesson, topic),
                         {"lesson": lesson, "topic": topic, "questions": n, "correct": right,
                          "section": title, "link": link,
                          "topic_name": course.topic_name(lesson, topic)}))
    expected.sort(key=lambda item: item[0])
    for count in (1, 3, 50):
        frame = result.weakest(count)
        assert len(frame) == min(count, len(expected))
        for (_, want), (_, row) in zip(expected, frame.iterrows()):
            for column, value in want.items():
                assert row[column] == value, (column, row[column], value)
    assert all(link.startswith(course.get_lesson(lesson).notebook + "#")
               for lesson, link in zip(frame["lesson"], frame["link"]))


def test_weakest_is_empty_when_everything_is_right():
    exam_ = build_exam("quick", seed=3, bank=POOL)
    result = Result(asked=exam_.asked, responses=[a.key_shown for a in exam_.asked])
    assert result.weakest().empty


def test_weakest_refuses_a_bad_count():
    with pytest.raises(ValueError, match="count"):
        mixed_result(1).weakest(0)


@pytest.mark.parametrize("seed", [1, 2])
def test_review_entries(seed):
    result = mixed_result(seed)
    entries = result.review()
    assert len(entries) == result.total
    for asked, response, entry in zip(result.asked, result.responses, entries):
        q = asked.question
        assert entry["number"] == asked.number and entry["id"] == q.id
        assert entry["stem"] == q.stem and entry["kind"] == q.kind
        assert entry["explanation"] == q.explanation
        assert entry["shown"] == asked.lettered()
        assert entry["left"] == (q.options if q.kind == "matching" else [])
        assert entry["why_wrong"] == asked.why_wrong_shown()
        assert entry["flagged"] == (asked.number in result.flagged)
        assert entry["link"] == course.section_link(q.lesson, q.section)
        if response is None:
            assert entry["correct"] is None
            assert entry["response"] == "not answered"
        else:
            assert entry["correct"] == is_right(asked, response)
        if q.kind in ("single", "multiple", "ordering"):
            key_texts = [asked.shown_options[shown_index(x)] for x in asked.key_shown]
            for text in key_texts:
                assert text in entry["key"]
        elif q.kind == "matching":
            for left, right in zip(q.options, q.matches):
                assert f"{left} → {right}" in entry["key"]


def test_summary_is_the_domain_breakdown():
    result = mixed_result(2)
    summary = result.summary()
    assert summary["percent"] == round(100 * result.correct / result.total, 2)
    frame = result.breakdown("domain")
    assert summary["domains"] == {g: round(float(p), 2) for g, p in frame["percent"].items()}
    assert set(summary["domains"]) == {a.question.domain for a in result.asked}


def test_result_refuses_mismatched_responses():
    exam_ = build_exam("quick", seed=3, bank=POOL)
    with pytest.raises(ValueError, match="responses"):
        Result(asked=exam_.asked, responses=[None])


# --------------------------------------------------------------------------
# simulate_candidate
# --------------------------------------------------------------------------

@pytest.mark.parametrize("blueprint_id", ["quick", "course"])
def test_simulated_candidate_all_right_all_wrong(blueprint_id):
    exam_ = build_exam(blueprint_id, seed=4, bank=POOL)
    perfect = simulate_candidate(exam_, {1: 1.0, 2: 1.0, 3: 1.0})
    assert perfect.correct == perfect.total == len(exam_.asked)
    hopeless = simulate_candidate(exam_, {1: 0.0, 2: 0.0, 3: 0.0}, seed=9)
    assert hopeless.correct == 0 and hopeless.answered == hopeless.total
    for asked, response in zip(hopeless.asked, hopeless.responses):
        assert not is_right(asked, response)
    easy_only = simulate_candidate(exam_, {1: 1, 2: 0, 3: 0})
    assert easy_only.correct == sum(a.question.difficulty == 1 for a in exam_.asked)


@pytest.mark.parametrize("args, error, words", [
    (("exam", {1: 1, 2: 1, 3: 1}), TypeError, "exam_"),
    ((None, {1: 1, 2: 1, 3: 1}), TypeError, "exam_"),
    ((True, {1: 1}), ValueError, "accuracy"),
    ((True, [1, 1, 1]), ValueError, "accuracy"),
    ((True, {1: 1.5, 2: 0, 3: 0}), ValueError, r"accuracy\[1\]"),
    ((True, {1: 1, 2: float("nan"), 3: 0}), ValueError, r"accuracy\[2\]"),
    ((True, {1: 1, 2: 1, 3: "1"}), TypeError, r"accuracy\[3\]"),
    ((True, {1: 1, 2: 1, 3: 1}, -1), ValueError, "seed"),
])
def test_simulate_candidate_refuses_bad_input(args, error, words):
    if args[0] is True:
        args = (build_exam("quick", seed=1, bank=POOL), *args[1:])
    with pytest.raises(error, match=words):
        simulate_candidate(*args)


def test_an_exam_is_an_exam():
    assert isinstance(build_exam("quick", seed=1, bank=POOL), Exam)


def test_a_retake_takes_the_questions_not_seen_before_first():
    from implcourse import quiz

    bank = quiz.load_bank()
    first = exam.build_exam("course", seed=4, bank=bank)
    seen = {a.question.id for a in first.asked}
    again = exam.build_exam("course", seed=4, bank=bank, seen=seen)
    overlap = seen & {a.question.id for a in again.asked}
    # Every lesson has far more than its share of 60 unseen questions: no repeats.
    assert overlap == set()
    # When a group runs out of unseen questions, seen ones fill the rest.
    everything = {q.id for q in bank}
    full = exam.build_exam("course", seed=4, bank=bank, seen=everything)
    assert len(full.asked) == 60
    with pytest.raises(TypeError, match=r"seen must be a collection of question ids"):
        exam.build_exam("course", seed=4, seen="lc-01")


def test_the_longest_exam_the_bank_can_fill_is_named_in_the_message():
    longest = exam.most_questions("pmp_eco_2026")
    assert longest >= 185
    exam.build_exam("pmp_eco_2026", questions=longest, seed=1)
    with pytest.raises(ValueError, match=rf"questions must be at most {longest} for this"):
        exam.build_exam("pmp_eco_2026", questions=longest + 1, seed=1)
