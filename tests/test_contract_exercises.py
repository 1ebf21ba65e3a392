"""Lesson 08's contract exercises: the incentive fee (FPIF and CPIF) and the choice of a
contract type. Seeds, right answers computed here independently (checked first against
published worked examples), tolerances, the common slips named in feedback, recording,
answer forms, hints that never give the answer away, and worked solutions."""

from __future__ import annotations

import html
import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import progress, quiz
from implcourse.answers import Choice, Number, format_number
from implcourse.exercises import PLACEHOLDER_MESSAGE, Note, learner_seed
from implcourse.exercises import contracts as module
from implcourse.exercises.contracts import ContractChoice, IncentiveFee
from implcourse.partners import contracts as core

from helpers import _NUMBER, leaks

SEEDS = range(40)
ALL_CLASSES = [IncentiveFee, ContractChoice]
IDS = {IncentiveFee: "08.incentive_fee", ContractChoice: "08.contract_type"}


def records():
    return progress.ProgressStore().records()


# --------------------------------------------------------------------------
# Right answers, computed here from the published formulas (not with the core)
# --------------------------------------------------------------------------

def my_fpif(tc, tf, cp, bs, ac):
    """(fee, price, pta) of an FPIF: the seller keeps (1 - bs) of a saving and pays (1 - bs)
    of an overrun; the buyer never pays more than the ceiling; PTA by PMI's formula."""
    price = min(ac + tf + (tc - ac) * (1 - bs), cp)
    return price - ac, price, (cp - (tc + tf)) / bs + tc


def my_cpif(tc, tf, bs, ac, lo, hi):
    """(fee, price) of a CPIF: the same fee formula, clamped to [lo, hi]; no ceiling."""
    fee = min(max(tf + (tc - ac) * (1 - bs), lo), hi)
    return fee, ac + fee


def test_reference_formulas_reproduce_published_examples():
    """The formulas used here reproduce published worked examples, so they can judge the
    exercise:

    - FPIF past the ceiling, 60/40: target cost 150,000, fee 30,000, ceiling 200,000, actual
      210,000: the buyer pays the ceiling, 200,000; PTA 183,333. R. Mulcahy, *PMP Exam
      Prep*, 8th ed., as quoted in "How to Calculate the Ceiling Price", Simplilearn
      community, 11 August 2017,
      http://community.simplilearn.com/threads/how-to-calculate-the-ceiling-price.24831/
    - FPIF PTA, 80/20: target cost 12,000, profit 1,000, ceiling 14,000: PTA 13,250
      (Kerzner's definition), https://www.freecram.net/question/PMI.PMP.v2017-12-15.q3515/
    - PTA, 80/20: target cost 1,000,000, fee 100,000, ceiling 1,200,000: 1,125,000.
      O. Lehmann's PMP sample question 16, https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/10434-point-of-total-assumption-pta
    - CPIF, 80:20: target cost 100,000, fee 10,000, actual 90,000: fee 12,000, the buyer
      pays 102,000. Parallel Project Training, "PMP sample question: cost plus incentive
      fee", https://www.parallelprojecttraining.com/blog/pmp-sample-question-cost-plus-incentive-fee/
    - CPIF, 80/20: target cost 1,000, fee 100: at 1,100 the buyer pays 1,180. Wikipedia,
      "Cost-plus-incentive fee", https://en.wikipedia.org/wiki/Cost-plus-incentive_fee
    """
    fee, price, pta = my_fpif(150_000, 30_000, 200_000, 0.6, 210_000)
    assert price == 200_000 and fee == -10_000 and round(pta) == 183_333
    assert my_fpif(12_000, 1_000, 14_000, 0.8, 12_000)[2] == pytest.approx(13_250)
    assert my_fpif(1_000_000, 100_000, 1_200_000, 0.8, 1_000_000)[2] == pytest.approx(1_125_000)
    assert my_cpif(100_000, 10_000, 0.8, 90_000, -1e12, 1e12) == \
        pytest.approx((12_000, 102_000))
    assert my_cpif(1000, 100, 0.8, 1100, -1e12, 1e12)[1] == pytest.approx(1180)


def right_answer(ex) -> dict:
    if isinstance(ex, IncentiveFee):
        if ex.kind == "fpif":
            fee, price, pta = my_fpif(ex.target_cost, ex.target_fee, ex.ceiling_price,
                                      ex.buyer_share, ex.actual_cost)
            return {"fee": fee, "price": price, "pta": pta, "past_pta": "ceiling"}
        fee, price = my_cpif(ex.target_cost, ex.target_fee, ex.buyer_share, ex.actual_cost,
                             ex.min_fee, ex.max_fee)
        return {"fee": fee, "price": price, "risk": "cpif"}
    return {"contract": ex.answer, "scope_change": ex.answer}


def my_case(ex: IncentiveFee) -> str:
    """The case the drawn numbers fall in, judged here."""
    tc, tf, bs, ac = ex.target_cost, ex.target_fee, ex.buyer_share, ex.actual_cost
    formula_fee = tf + (tc - ac) * (1 - bs)
    if ex.kind == "fpif":
        if ac + formula_fee > ex.ceiling_price:
            return "ceiling"
    elif formula_fee > ex.max_fee:
        return "max_fee"
    elif formula_fee < ex.min_fee:
        return "min_fee"
    return "underrun" if ac < tc else "overrun"


def fingerprint(ex):
    if isinstance(ex, IncentiveFee):
        return (ex.kind, ex.case, ex.target_cost, ex.target_fee, ex.buyer_share,
                ex.ceiling_price, ex.min_fee, ex.max_fee, ex.actual_cost, ex.past_options,
                ex.risk_options)
    return ex.answer, ex.story, ex.scope_options


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_exercise_different_seeds_differ(cls):
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert first.task == again.task and str(first.show()) == str(again.show())
        prints.append(repr(fingerprint(first)))
    assert len(set(prints)) >= 0.75 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


def test_forced_kind_and_case_and_bad_ones():
    for kind, cases in (("fpif", module.FPIF_CASES), ("cpif", module.CPIF_CASES)):
        for case in cases:
            for seed in range(5):
                ex = IncentiveFee(seed=seed, kind=kind, case=case)
                assert (ex.kind, ex.case) == (kind, case) and my_case(ex) == case
    with pytest.raises(ValueError, match="Kind of contract must be 'fpif' or 'cpif'"):
        IncentiveFee(seed=1, kind="ffp")
    with pytest.raises(ValueError, match="Case of a CPIF must be one of .*'ceiling'"):
        IncentiveFee(seed=1, kind="cpif", case="ceiling")


# --------------------------------------------------------------------------
# Right answers, recording, placeholders, unreadable answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_independent_answer_passes_and_is_recorded(cls, progress_home):
    for seed in SEEDS:
        ex = cls(seed=seed)
        mine = right_answer(ex)
        want = ex.expected()
        assert list(want) == [f.name for f in ex.fields()] == list(mine)
        for name, value in mine.items():
            if isinstance(value, float):
                assert want[name] == pytest.approx(value, abs=1e-6), (seed, name)
            else:
                assert want[name] == value, (seed, name)
        fb = ex.check(**mine)
        assert fb.correct is True and fb.hint is None, (seed, fb)
    rows = records()
    assert len(rows) == len(SEEDS)
    assert {(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in rows} \
        == {("exercise", IDS[cls], "08", "contracts", True)}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_expected_matches_the_formulas_for_any_seed(seed):
    """Property: for any seed the exercise's answer is the published formulas' answer,
    the numbers fall in the case drawn, and the fee and price are whole euros."""
    ex = IncentiveFee(seed=seed)
    mine, want = right_answer(ex), ex.expected()
    for name in ("fee", "price", "pta"):
        if name in mine:
            assert want[name] == pytest.approx(mine[name], abs=1e-6)
    assert my_case(ex) == ex.case
    for name in ("fee", "price"):  # whole euros (up to float rounding)
        assert want[name] == pytest.approx(round(want[name]), abs=1e-6)
    assert 0.4 * ex.target_cost <= ex.actual_cost <= 2 * ex.target_cost


def test_every_case_and_every_situation_is_drawn():
    cases = Counter((IncentiveFee(seed=s).kind, IncentiveFee(seed=s).case) for s in range(120))
    assert set(cases) == ({("fpif", c) for c in module.FPIF_CASES}
                          | {("cpif", c) for c in module.CPIF_CASES})
    answers = {ContractChoice(seed=s).answer for s in range(120)}
    assert answers == {t.id for t in core.contract_types()}


def test_ids_are_unique_and_topics_are_quiz_topics():
    exs = [cls(seed=1) for cls in ALL_CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    topics = {q.topic for q in quiz.load_bank(lesson="08")}
    for ex in exs:
        assert ex.lesson == "08" and ex.topic == "contracts" and ex.topic in topics
        assert ex.title and ex.task


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    ex = cls(seed=3)
    want = ex.expected()
    for name in want:
        fb = ex.check(**dict(want, **{name: None}))
        assert fb.pending and fb.message == PLACEHOLDER_MESSAGE and fb.hint is None
    assert records() == [] and ex.attempts == 0


def test_incentive_fee_takes_four_parts_for_fpif_and_three_for_cpif(progress_home):
    """Positional answers follow the form's order: an FPIF has a PTA, a CPIF does not."""
    fpif = IncentiveFee(seed=0, kind="fpif")
    cpif = IncentiveFee(seed=0, kind="cpif")
    assert fpif.check(*fpif.expected().values()).correct
    assert cpif.check(*cpif.expected().values()).correct
    fb = cpif.check(*cpif.expected().values(), "ceiling")
    assert not fb.correct and "could not be read" in fb.message
    fb = fpif.check(**dict(fpif.expected(), risk="cpif"))
    assert not fb.correct and "could not be read" in fb.message



BAD_NUMBERS = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), "nan"]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    for seed in (5, 6):
        ex = cls(seed=seed)
        want = ex.expected()
        cases = []
        for f in ex.fields():
            if isinstance(f, Number):
                bad = BAD_NUMBERS + ([-5] if f.minimum == 0 else [])
                cases += [(f.name, v, f.label) for v in bad]
            else:
                cases += [(f.name, "maybe", f.label), (f.name, 3, f.label)]
        assert len(cases) >= 4
        for name, value, label in cases:
            fb = ex.check(**dict(want, **{name: value}))
            assert fb.correct is False and not fb.pending, (name, value)
            assert label in fb.message, (name, value, fb.message)
            assert "could not be read" not in fb.message and fb.hint is None
    assert records() == []


def wrong_answers(ex) -> list[dict]:
    """A few plainly wrong answers, one field at a time."""
    want = ex.expected()
    out = []
    for f in ex.fields():
        value = want[f.name]
        if isinstance(f, Number):
            wrong = value * 0.5 + 7 if value > 0 else value * 0.5 - 7
        else:
            wrong = next(v for v in f.values if v != value)
        out.append(dict(want, **{f.name: wrong}))
    return out


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    for seed in range(12):
        ex = cls(seed=seed)
        texts = [ex.task, str(ex.show()), ex.check(**ex.expected()).message]
        texts += [str(f.label) for f in ex.fields()]
        for f in ex.fields():
            texts += [label for label, _ in getattr(f, "options", ())]
        texts += [ex.check(**args).message for args in wrong_answers(ex)]
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
            assert "np.float" not in text and "None" not in text, text
            assert not re.search(r"\bnan\b|\bnp\.str_", text), text


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_wrong_answers_are_not_yet_with_a_hint_and_recorded(cls, progress_home):
    count = 0
    for seed in range(15):
        ex = cls(seed=seed)
        for args in wrong_answers(ex):
            fb = ex.check(**args)
            count += 1
            assert fb.correct is False and fb.hint, (seed, args, fb)
            assert str(fb).startswith("Not yet.") and "Hint:" in str(fb)
    rows = records()
    assert len(rows) == count and not any(r["correct"] for r in rows)


def test_answers_within_the_stated_tolerance_pass(progress_home):
    """The task says ±1 EUR: rounding to the euro passes, 2 EUR off does not."""
    for seed in range(20):
        ex = IncentiveFee(seed=seed)
        assert "within ±1 EUR" in ex.task
        want = ex.expected()
        rounded = {k: round(v) if isinstance(v, float) else v for k, v in want.items()}
        assert ex.check(**rounded).correct, seed
        for name in [f.name for f in ex.fields() if isinstance(f, Number)]:
            assert ex.check(**dict(want, **{name: want[name] + 0.99})).correct
            assert not ex.check(**dict(want, **{name: want[name] + 2})).correct


# --------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_form_filled_with_the_expected_answer_says_correct(cls, progress_home):
    for n, seed in enumerate((0, 7, 21), start=1):
        ex = cls(seed=seed)
        form = ex.form()
        assert set(form.inputs) == {f.name for f in ex.fields()}
        for name, value in ex.expected().items():
            form.inputs[name].fill(value)
        form.check_button.click()
        assert "Correct!" in form.feedback.value, (seed, form.feedback.value)
        wrong = wrong_answers(ex)[0]
        first = ex.fields()[0]
        form.inputs[first.name].fill(wrong[first.name])
        form.check_button.click()
        assert "Not yet." in form.feedback.value and "Hint:" in form.feedback.value
        assert len(records()) == 2 * n


def test_form_money_boxes_take_thousands_separators(progress_home):
    for seed in range(6):
        ex = IncentiveFee(seed=seed)
        form = ex.form()
        for name, value in ex.expected().items():
            form.inputs[name].fill(value)
        form.inputs["price"].box.value = f"{ex.expected()['price']:,.0f} EUR"
        form.check_button.click()
        assert "Correct!" in form.feedback.value, seed
        form.inputs["fee"].box.value = "twelve"
        form.check_button.click()
        shown = html.unescape(form.feedback.value)
        assert "Seller's fee: type a number" in shown and "'twelve'" in shown


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

def fee_slips(ex: IncentiveFee) -> list[tuple[str, float, str]]:
    """(field, a slip's answer, words the feedback must use), computed here."""
    tc, tf, bs, ac = ex.target_cost, ex.target_fee, ex.buyer_share, ex.actual_cost
    if ex.kind == "fpif":
        def terms(share, cost):
            return my_fpif(tc, tf, ex.ceiling_price, share, cost)
    else:
        def terms(share, cost):
            return (*my_cpif(tc, tf, share, cost, ex.min_fee, ex.max_fee), None)
    fee, price, pta = terms(bs, ac)
    swap_fee, swap_price, _ = terms(1 - bs, ac)
    sign_fee = tf - (tc - ac) * (1 - bs)
    out = [("fee", swap_fee, "shares are swapped"), ("price", swap_price, "shares are swapped"),
           ("fee", sign_fee, "wrong sign"), ("price", ac + sign_fee, "wrong sign"),
           ("price", tc + tf + fee, "target price + fee")]
    formula_fee = tf + (tc - ac) * (1 - bs)
    if ex.case == "ceiling":
        out += [("fee", formula_fee, "formula fee before the ceiling"),
                ("price", ac + formula_fee, "ceiling is ignored")]
    if ex.case in ("max_fee", "min_fee"):
        out += [("fee", formula_fee, "minimum and maximum fee are ignored"),
                ("price", ac + formula_fee, "minimum and maximum fee are ignored")]
    if ex.kind == "fpif":
        out += [("pta", (ex.ceiling_price - tc - tf) / (1 - bs) + tc, "seller's share"),
                ("pta", (ex.ceiling_price - tc - tf) / bs, "target cost is not added")]
    right = {"fee": fee, "price": price, "pta": pta}
    return [(name, value, words) for name, value, words in out
            if abs(value - right[name]) > 1.5]


def test_incentive_slips_are_named(progress_home):
    """Each slip of the brief is recognised and named, for many seeds, and every slip
    appears for some seed."""
    seen = Counter()
    for seed in range(80):
        ex = IncentiveFee(seed=seed)
        for name, value, words in fee_slips(ex):
            fb = ex.check(**dict(ex.expected(), **{name: value}))
            assert not fb.correct and words in fb.message, (seed, name, words, fb.message)
            assert fb.hint
            seen[words] += 1
    assert set(seen) == {"shares are swapped", "wrong sign", "target price + fee",
                         "formula fee before the ceiling", "ceiling is ignored",
                         "minimum and maximum fee are ignored", "seller's share",
                         "target cost is not added"}


def test_price_as_target_price_plus_the_learners_own_fee_is_named(progress_home):
    for seed in range(20):
        ex = IncentiveFee(seed=seed)
        want = ex.expected()
        wrong_fee = want["fee"] + 777
        fb = ex.check(**dict(want, fee=wrong_fee, price=ex.target_cost + ex.target_fee
                             + wrong_fee))
        assert "(2) For the price, that is target price + fee" in fb.message, fb.message


def test_choice_feedback_explains_each_wrong_option(progress_home):
    for seed in range(20):
        ex = IncentiveFee(seed=seed)
        choice = ex.fields()[-1]
        for value in choice.values:
            if value == ex.expected()[choice.name]:
                continue
            fb = ex.check(**dict(ex.expected(), **{choice.name: value}))
            assert not fb.correct and fb.hint == ex.hints[1]
            if ex.kind == "fpif":
                why = {v: w for v, _, w in module._PAST_PTA}[value]
            else:
                why = module._RISK_WHY[value]
            assert why in fb.message


def test_cpif_risk_options_are_the_contract_types_own_texts():
    texts = {t.id: t.cost_risk for t in core.contract_types()}
    for seed in range(20):
        ex = IncentiveFee(seed=seed, kind="cpif")
        (field,) = [f for f in ex.fields() if isinstance(f, Choice)]
        assert field.label == "Who carries the cost risk" and len(field.options) == 4
        assert all(label == texts[value] for label, value in field.options)
        assert {"cpif", "fpif"} <= set(field.values)


def test_leak_detector_finds_a_given_away_number():
    ex = IncentiveFee(seed=3)
    assert leaks(f"The price is {format_number(ex.expected()['price'], 0)} EUR.", ex)
    assert not leaks("Price = actual cost + fee.", ex)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    found = []
    for seed in range(60):
        ex = cls(seed=seed)
        given_hints = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        answers = wrong_answers(ex)
        if isinstance(ex, IncentiveFee):
            answers += [dict(ex.expected(), **{name: value}) for name, value, _ in
                        fee_slips(ex)]
        for args in answers:
            given_hints.append(ex.check(**args).hint or "")
        for hint in given_hints:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    for seed in range(12):
        ex = cls(seed=seed)
        last = ex.hints[-1]
        assert len(last) > 200, last
        assert all(len(t.replace(".", "")) == 1 for t in _NUMBER.findall(last)), last
        if isinstance(ex, IncentiveFee):
            words = ["cost variance", "seller's share", "target fee", "actual cost + fee"]
            words += (["ceiling", "PTA", "buyer's share", "target cost"] if ex.kind == "fpif"
                      else ["maximum fee", "minimum fee", "buyer pays every allowable cost"])
        else:
            words = ["fixed price", "incentive", "economic price adjustment",
                     "time and materials", "not-to-exceed", "award fee", "fixed fee",
                     "change order"]
        for word in words:
            assert word in last, (word, last)


# --------------------------------------------------------------------------
# The worked solution
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_solution_waits_for_an_attempt_and_is_recorded(cls, progress_home):
    ex = cls(seed=9)
    assert "Try it first" in str(ex.solution()) and records() == []
    ex.check(**wrong_answers(ex)[0])
    note = ex.solution()
    assert isinstance(note, Note) and str(note) == str(ex._solution())
    assert [(r["kind"], r["item"], r["lesson"], r["topic"]) for r in records()] == [
        ("exercise", IDS[cls], "08", "contracts"), ("solution", IDS[cls], "08", "contracts")]


def test_incentive_solution_shows_the_answers_and_the_steps():
    for seed in range(20):
        ex = IncentiveFee(seed=seed)
        text = str(ex.solution(confirm=True))
        mine = right_answer(ex)
        assert f"**Seller's fee: {format_number(round(mine['fee'], 2))} EUR**" in text
        assert f"**Price the buyer pays: {format_number(round(mine['price'], 2))} EUR**" in text
        assert "Cost variance = target cost - actual cost" in text
        if ex.kind == "fpif":
            assert f"**Point of total assumption: {format_number(round(mine['pta'], 2))} EUR**" \
                in text
            assert "Point of total assumption = (ceiling - target price)" in text


# --------------------------------------------------------------------------
# ContractChoice
# --------------------------------------------------------------------------

#: A phrase of each type's "when to use" text in contracts.yml, and words of the
#: situation (its table and stories) that match it: the teaching model agrees with the data.
WHEN_TO_USE = {
    "ffp": ("well defined and stable", "Well defined and stable"),
    "fpif": ("cost is uncertain", "hard cap"),
    "fp_epa": ("market prices may move", "wage index"),
    "tm": ("discovery phase", "discovery"),
    "cpif": ("real uncertainty", "technical uncertainty"),
    "cpaf": ("service quality, responsiveness, teamwork", "responds"),
    "cpff": ("Research or very uncertain work", "research"),
}


def test_each_situation_matches_its_types_when_to_use_text():
    types = {t.id: t for t in core.contract_types()}
    assert set(module._SITUATIONS) == set(types) == set(WHEN_TO_USE)
    for key, (data_phrase, situation_word) in WHEN_TO_USE.items():
        assert data_phrase in types[key].when_to_use, key
        situation = module._SITUATIONS[key]
        text = " ".join(situation["attributes"]) + " ".join(situation["stories"])
        assert situation_word.lower() in text.lower(), key
        assert key not in situation["tempting"] and set(situation["tempting"]) <= set(types)
        assert len(situation["attributes"]) == len(module._ATTRIBUTES)


def test_contract_choice_offers_all_types_and_four_scope_texts():
    types = {t.id: t for t in core.contract_types()}
    for seed in SEEDS:
        ex = ContractChoice(seed=seed)
        contract, scope = ex.fields()
        assert contract.values == list(types)
        assert [label for label, _ in contract.options] == \
            [f"{t.abbreviation}: {t.name}" for t in types.values()]
        assert len(scope.options) == 4 and len(set(scope.values)) == 4
        assert ex.answer in scope.values and set(scope.values) & set(ex.tempting)
        assert all(label == types[value].scope_change for label, value in scope.options)
        for aspect in module._ATTRIBUTES:
            assert aspect in str(ex.show())


def test_contract_choice_feedback_explains_the_tempting_and_other_types(progress_home):
    types = {t.id: t for t in core.contract_types()}
    for seed in range(30):
        ex = ContractChoice(seed=seed)
        for value in types:
            if value == ex.answer:
                continue
            fb = ex.check(value, ex.answer)
            assert not fb.correct and fb.hint
            if value in ex.tempting:
                assert f"(1) Not {types[value].abbreviation}: {ex.tempting[value]}" in fb.message
            else:
                assert types[value].when_to_use in fb.message
            assert "(2)" not in fb.message


def test_contract_choice_scope_feedback(progress_home):
    types = {t.id: t for t in core.contract_types()}
    for seed in range(30):
        ex = ContractChoice(seed=seed)
        for value in ex.fields()[1].values:
            if value == ex.answer:
                continue
            other = types[value].abbreviation
            fb = ex.check(ex.answer, value)
            assert f"(2) That is how {other} handles a change of scope, not " \
                   f"{types[ex.answer].abbreviation}." in fb.message
            assert "(1)" not in fb.message and fb.hint == ex.hints[2]
            fb = ex.check(value, value)  # consistent with a wrong first answer
            assert "matches your answer to (1)" in fb.message


def test_contract_choice_solution_names_the_type_and_why_not_the_others():
    types = {t.id: t for t in core.contract_types()}
    for seed in range(20):
        ex = ContractChoice(seed=seed)
        text = str(ex.solution(confirm=True))
        t = types[ex.answer]
        assert f"**(1) {t.abbreviation}: {t.name}.**" in text
        assert t.scope_change in text and t.reference in text and "teaching model" in text
        for key, why in ex.tempting.items():
            assert f"**Not {types[key].abbreviation}:** {why}" in text
