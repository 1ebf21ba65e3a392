"""Lesson 08's partner exercises (1, 2, 3 and 5): seeds, right answers computed here
independently (from the raw YAML files and the weighted-sum formula written out by
hand), the common slips named in feedback, recording, answer forms, hints that never
give the answer away, and worked solutions."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from implcourse import progress, quiz
from implcourse.answers import Choice, MultiChoice, Number, Ordering
from implcourse.exercises import PLACEHOLDER_MESSAGE, Note, learner_seed
from implcourse.exercises import partners as module
from implcourse.exercises.partners import (KnowledgeTransfer, PartnerFit, SelectionSteps,
                                           WeightedScore)

from helpers import _NUMBER, leaks, order_by_clicks, table_rows

DATA = Path(__file__).resolve().parents[1] / "datasets" / "partners"
PROFILES = yaml.safe_load((DATA / "profiles.yml").read_text(encoding="utf-8"))
WORKING = yaml.safe_load((DATA / "working.yml").read_text(encoding="utf-8"))
RATINGS = {p["id"]: {a: cell["rating"] for a, cell in p["ratings"].items()}
           for p in PROFILES["partner_types"]}
PARTNER_ORDER = [p["id"] for p in PROFILES["partner_types"]]
ASPECT_ORDER = [a["id"] for a in PROFILES["aspects"]]

SEEDS = range(40)
ALL_CLASSES = [PartnerFit, WeightedScore, SelectionSteps, KnowledgeTransfer]
IDS = {PartnerFit: "08.partner_types", WeightedScore: "08.scoring",
       SelectionSteps: "08.selection", KnowledgeTransfer: "08.governance"}
TOPICS = {PartnerFit: "partner_types", WeightedScore: "scoring", SelectionSteps: "selection",
          KnowledgeTransfer: "governance"}


def records():
    return progress.ProgressStore().records()


# --------------------------------------------------------------------------
# Right answers, computed here without the core's scoring functions
# --------------------------------------------------------------------------

def weighted(ratings: dict[str, float], weights: dict[str, float]) -> float:
    """The weighted sum model (Triantaphyllou, Multi-Criteria Decision Making Methods,
    2000, ch. 2), normalised: sum of w * r over the sum of w."""
    total = sum(weights.values())
    return sum(weights[a] * ratings[a] for a in weights) / total


def my_fit(ex: PartnerFit) -> dict:
    """Weights from the task's rule (3 stressed, 1 somewhat, 0 not), read from the
    situation's feature texts; ratings from profiles.yml; ties to the first listed."""
    weights = {a: 0.0 for a in ASPECT_ORDER}
    for key, _, aspects, options in module.FEATURES:
        weight = options[ex.levels[key]][0]
        for a in aspects:
            weights[a] = float(weight)
    scores = {p: weighted(RATINGS[p], weights) for p in PARTNER_ORDER}
    best = max(PARTNER_ORDER, key=lambda p: (round(scores[p], 9), -PARTNER_ORDER.index(p)))
    return {"partner": best, "aspects": [a for a in ASPECT_ORDER if weights[a] == 3]}


def my_crossing(ex: WeightedScore) -> float:
    """The weight x of the asked aspect at which the winner and a challenger are level,
    the other weights fixed: r_t x + T_t = r_i x + T_i, so x = (T_t - T_i) / (r_i - r_t),
    T the weighted sum over the other aspects. The nearest crossing in the direction
    asked."""
    a = ex.asked
    others = [b for b in ex.aspects if b != a]
    fixed = {p: sum(ex.weights[b] * ex.ratings[p][b] for b in others) for p in ex.partners}
    scores = {p: weighted(ex.ratings[p], ex.weights) for p in ex.partners}
    top = max(ex.partners, key=lambda p: scores[p])
    now = ex.weights[a]
    found = []
    for p in ex.partners:
        if p == top or ex.ratings[p][a] == ex.ratings[top][a]:
            continue
        x = (fixed[top] - fixed[p]) / (ex.ratings[p][a] - ex.ratings[top][a])
        if ex.direction == "up" and x >= now and ex.ratings[p][a] > ex.ratings[top][a]:
            found.append(x)
        if ex.direction == "down" and 0 <= x <= now and ex.ratings[p][a] < ex.ratings[top][a]:
            found.append(x)
    return min(found) if ex.direction == "up" else max(found)


def my_weighted(ex: WeightedScore) -> dict:
    scores = {p: weighted(ex.ratings[p], ex.weights) for p in ex.partners}
    return {"first": scores[ex.partners[0]], "second": scores[ex.partners[1]],
            "third": scores[ex.partners[2]], "winner": max(scores, key=scores.get),
            "weight": my_crossing(ex)}


def my_kt(ex: KnowledgeTransfer) -> dict:
    plan = [item["id"] for item in WORKING["knowledge_transfer"]]
    shown = {row[0]: row[2] for row in table_rows(ex._details().split("\n\n", 1)[1])}
    topics = {item["id"]: item["topic"] for item in WORKING["knowledge_transfer"]}
    unmet = [i for i in plan if shown[topics[i]] == module.EVIDENCE[i][1]]
    risk = next(r for r in WORKING["lock_in_risks"] if r["risk"] in ex._details())
    mitigation = next(v for label, v in ex.fields()[0].options if label == risk["mitigation"])
    return {"mitigation": mitigation, "unmet": unmet}


def right_answer(ex) -> dict:
    if isinstance(ex, PartnerFit):
        return my_fit(ex)
    if isinstance(ex, WeightedScore):
        return my_weighted(ex)
    if isinstance(ex, SelectionSteps):
        shown = [v for _, v in ex.fields()[0].options]
        course = ["rfi", "rfp", "evaluation", "due_diligence", "poc", "decision", "contract"]
        docs = {"rfi": "rfi", "rfp": "rfp", "rfq": "rfq"}
        return {"order": [s for s in course if s in shown], "document": docs[ex.document]}
    return my_kt(ex)


def fingerprint(ex):
    if isinstance(ex, PartnerFit):
        return tuple(sorted(ex.levels.items()))
    if isinstance(ex, WeightedScore):
        return (tuple(ex.partners), tuple(ex.weights.items()), repr(ex.ratings), ex.asked,
                ex.direction)
    if isinstance(ex, SelectionSteps):
        return tuple(s for s, *_ in ex.shown), ex.situation
    return tuple(sorted(ex.evidence.items())), ex.risk, tuple(ex.mitigation_options)


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_case_different_seeds_differ(cls):
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert first.task == again.task and str(first.show()) == str(again.show())
        prints.append(repr(fingerprint(first)))
    assert len(set(prints)) >= 0.6 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


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
                assert want[name] == pytest.approx(value, abs=1e-9), (seed, name)
            else:
                assert want[name] == value, (seed, name)
        fb = ex.check(**mine)
        assert fb.correct is True and fb.hint is None, (seed, fb)
    rows = records()
    assert len(rows) == len(SEEDS)
    assert {(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in rows} \
        == {("exercise", IDS[cls], "08", TOPICS[cls], True)}


def test_ids_are_unique_and_topics_are_quiz_topics():
    exs = [cls(seed=1) for cls in ALL_CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    topics = {q.topic for q in quiz.load_bank(lesson="08")}
    for ex in exs:
        assert ex.lesson == "08" and ex.topic in topics, ex.id
        assert ex.title and ex.task


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    ex = cls(seed=3)
    want = ex.expected()
    for name in want:
        fb = ex.check(**dict(want, **{name: None}))
        assert fb.pending and fb.message == PLACEHOLDER_MESSAGE and fb.hint is None
    assert records() == [] and ex.attempts == 0



BAD_NUMBERS = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), -1]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    ex = cls(seed=5)
    want = ex.expected()
    cases = []
    for f in ex.fields():
        if isinstance(f, Number):
            cases += [(f.name, v, f.label) for v in BAD_NUMBERS]
        elif isinstance(f, Ordering):
            cases += [(f.name, want[f.name][:-1], f.label), (f.name, "rfi", f.label),
                      (f.name, [want[f.name][0]] * len(want[f.name]), f.label),
                      (f.name, ["telegram"] + want[f.name][1:], f.label)]
        elif isinstance(f, MultiChoice):
            cases += [(f.name, ["Sensible"], f.label), (f.name, "data", f.label)]
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
    """Plainly wrong answers, one field at a time."""
    want = ex.expected()
    out = []
    for f in ex.fields():
        value = want[f.name]
        if isinstance(f, Number):
            wrong = value * 0.5 + 0.37
        elif isinstance(f, Ordering):
            wrong = list(reversed(value))
        elif isinstance(f, MultiChoice):
            wrong = [v for v in f.values if v not in value]
        else:
            wrong = next(v for v in f.values if v != value)
        out.append(dict(want, **{f.name: wrong}))
    return out


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


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    for seed in range(10):
        ex = cls(seed=seed)
        texts = [ex.task, str(ex.show()), ex.check(**ex.expected()).message,
                 str(ex._solution())]
        texts += [str(f.label) for f in ex.fields()]
        for f in ex.fields():
            texts += [label for label, _ in getattr(f, "options", ())]
        texts += [ex.check(**args).message for args in wrong_answers(ex)]
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
            assert "np.float" not in text and "None" not in text and "nan" not in text, text


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
        wrong = wrong_answers(ex)[-1]
        last = ex.fields()[-1]
        form.inputs[last.name].fill(wrong[last.name])
        form.check_button.click()
        assert "Not yet." in form.feedback.value and "Hint:" in form.feedback.value
        assert len(records()) == 2 * n


def test_selection_order_by_clicks_in_the_form(progress_home):
    """A learner moves the steps with the up buttons into the course's order."""
    for seed in (1, 4, 9):
        ex = SelectionSteps(seed=seed)
        form = ex.form()
        assert form.inputs["order"].order == [v for _, v in ex.fields()[0].options]
        order_by_clicks(form.inputs["order"], ex.expected()["order"])
        form.inputs["document"].fill(ex.expected()["document"])
        form.check_button.click()
        assert "Correct!" in form.feedback.value


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

def slip_answers(ex) -> list[dict]:
    want = ex.expected()
    out = wrong_answers(ex)
    if isinstance(ex, WeightedScore):
        for slot, p in zip(module._SLOTS, ex.partners):
            out += [dict(want, **{slot: value}) for value, *_ in ex._slips(p)]
        out.append(dict(want, weight=abs(want["weight"] - ex.weights[ex.asked])))
    return out


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    found = []
    # WeightedScore grades every slip with the sensitivity search (~0.4 s a seed): 20 seeds
    for seed in range(20 if cls is WeightedScore else 60):
        ex = cls(seed=seed)
        given = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        given += [ex.check(**args).hint or "" for args in slip_answers(ex)]
        for hint in given:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    ex = cls(seed=0)
    last = ex.hints[-1]
    assert len(last) > 200, last
    assert all(len(token.replace(".", "")) == 1 for token in _NUMBER.findall(last)), last
    words = {PartnerFit: ["weight", "three", "divide", "highest score"],
             WeightedScore: ["multiply", "divide", "total of the weights", "level", "nearest"],
             SelectionSteps: ["request for information", "proof of concept", "contract last",
                              "quotations"],
             KnowledgeTransfer: ["unaided", "exit criterion", "mitigation" if False else
                                 "measure", "warning sign"]}[cls]
    for word in words:
        assert word in last, word


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_solution_waits_for_an_attempt_and_is_recorded(cls, progress_home):
    ex = cls(seed=9)
    assert "Try it first" in str(ex.solution()) and records() == []
    ex.check(**wrong_answers(ex)[0])
    note = ex.solution()
    assert isinstance(note, Note) and str(note) == str(ex._solution())
    assert [(r["kind"], r["item"], r["lesson"], r["topic"]) for r in records()] == [
        ("exercise", IDS[cls], "08", TOPICS[cls]), ("solution", IDS[cls], "08", TOPICS[cls])]


# --------------------------------------------------------------------------
# 1. PartnerFit
# --------------------------------------------------------------------------

def test_fit_draws_several_winners_and_clear_leads():
    """Over many seeds, four partner types win (the independent consultant cannot win
    any weighting of the course's ratings: a boutique beats it unless cost outweighs
    innovation, offshore when innovation is under twice cost); every lead is clear."""
    winners = set()
    for seed in range(80):
        ex = PartnerFit(seed=seed)
        mine = my_fit(ex)
        winners.add(mine["partner"])
        weights = {a: 0.0 for a in ASPECT_ORDER}
        for key, _, aspects, options in module.FEATURES:
            for a in aspects:
                weights[a] = float(options[ex.levels[key]][0])
        scores = sorted((weighted(RATINGS[p], weights) for p in PARTNER_ORDER), reverse=True)
        assert scores[0] - scores[1] >= module.MIN_LEAD - 1e-9
        assert 1 <= len(mine["aspects"]) <= 4
    assert winners == {"large_system_integrator", "boutique_specialist",
                       "technology_vendor_partner", "offshore_nearshore_partner"}


def test_fit_feedback_quotes_the_profiles(progress_home):
    """A wrong type is compared on a stressed aspect with the profiles' own rating texts;
    a missed or extra aspect quotes the situation."""
    texts = {p["id"]: {a: c["text"] for a, c in p["ratings"].items()}
             for p in PROFILES["partner_types"]}
    for seed in range(20):
        ex = PartnerFit(seed=seed)
        want = my_fit(ex)
        for other in PARTNER_ORDER:
            if other == want["partner"]:
                continue
            fb = ex.check(other, want["aspects"])
            worse = [a for a in want["aspects"] if RATINGS[other][a] < RATINGS[want["partner"]][a]]
            if worse:
                assert texts[other][worse[0]] in fb.message, fb.message
                assert texts[want["partner"]][worse[0]] in fb.message
        missing = want["aspects"][0]
        fb = ex.check(want["partner"], want["aspects"][1:])
        assert "decides too" in fb.message
        extra = next(a for a in ASPECT_ORDER if a not in want["aspects"])
        fb = ex.check(want["partner"], sorted(want["aspects"] + [extra], key=ASPECT_ORDER.index))
        assert ("does not matter here" in fb.message
                or "does not stress it" in fb.message), fb.message
        assert missing


# --------------------------------------------------------------------------
# 2. WeightedScore
# --------------------------------------------------------------------------

def test_weighted_score_crossing_is_where_the_scores_are_level():
    """At the expected weight the leader and the new winner score the same (formula by
    hand); a little past it in the direction asked, the new winner leads."""
    for seed in SEEDS:
        ex = WeightedScore(seed=seed)
        x = ex.expected()["weight"]
        names = {p["id"]: p["name"] for p in PROFILES["partner_types"]}
        new = next(p for p in ex.partners if names[p] == ex.new_winner())
        top = ex.expected()["winner"]
        moved = dict(ex.weights, **{ex.asked: x})
        assert weighted(ex.ratings[top], moved) == pytest.approx(weighted(ex.ratings[new],
                                                                          moved))
        step = 0.01 if ex.direction == "up" else -0.01
        past = dict(ex.weights, **{ex.asked: x + step})
        scores = {p: weighted(ex.ratings[p], past) for p in ex.partners}
        assert max(scores, key=scores.get) == new, seed


def test_weighted_score_slips_are_named(progress_home):
    """Not normalised (sum of w x r), the plain average, and a weight on the wrong row:
    each computed here by hand and named in the feedback."""
    named = {"normalised": 0, "average": 0, "another": 0}
    for seed in SEEDS:
        ex = WeightedScore(seed=seed)
        want = ex.expected()
        p = ex.partners[0]
        total = sum(ex.weights[a] * ex.ratings[p][a] for a in ex.aspects)
        fb = ex.check(**dict(want, first=total))
        assert "not normalised" in fb.message
        named["normalised"] += 1
        plain = sum(ex.ratings[p].values()) / len(ex.aspects)
        if abs(plain - want["first"]) > 0.011:
            fb = ex.check(**dict(want, first=plain))
            assert "plain average" in fb.message, (seed, fb.message)
            named["average"] += 1
        values = [ex.weights[a] for a in ex.aspects]
        for order in itertools.permutations(values):
            swapped = sum(w * ex.ratings[p][a] for w, a in zip(order, ex.aspects)) / sum(values)
            if abs(swapped - want["first"]) > 0.011 and abs(swapped - plain) > 0.011:
                fb = ex.check(**dict(want, first=swapped))
                assert "another aspect's weight" in fb.message, (seed, fb.message)
                named["another"] += 1
                break
    assert min(named.values()) >= 10


def test_weighted_score_crossing_slips(progress_home):
    for seed in range(20):
        ex = WeightedScore(seed=seed)
        want = ex.expected()
        now = ex.weights[ex.asked]
        fb = ex.check(**dict(want, weight=abs(want["weight"] - now)))
        if abs(abs(want["weight"] - now) - want["weight"]) > 0.05:
            assert "how far the weight moves" in fb.message or "share" in fb.message
        share = 100 * want["weight"] / (want["weight"] + sum(ex.weights.values()) - now)
        fb = ex.check(**dict(want, weight=share))
        if abs(share - want["weight"]) > 0.05:
            assert "share of the total weight" in fb.message, (seed, fb.message)


def test_weighted_score_tolerances(progress_home):
    for seed in range(15):
        ex = WeightedScore(seed=seed)
        want = my_weighted(ex)
        for name, tol in (("first", 0.01), ("weight", 0.05)):
            for sign in (1, -1):
                assert ex.check(**dict(want, **{name: want[name] + sign * 0.9 * tol})).correct
                fb = ex.check(**dict(want, **{name: want[name] + sign * 1.3 * tol}))
                assert not fb.correct and fb.hint


def test_weighted_score_solution_shows_the_sums(progress_home):
    for seed in range(10):
        ex = WeightedScore(seed=seed)
        text = str(ex.solution(confirm=True))
        want = my_weighted(ex)
        for slot in module._SLOTS:
            assert f"**{want[slot]:.2f}**" in text
        assert f"**{want['weight']:,.2f}**" in text


# --------------------------------------------------------------------------
# 3. SelectionSteps
# --------------------------------------------------------------------------

def test_selection_draws_subsets_shuffled_and_every_document():
    documents = set()
    for seed in SEEDS:
        ex = SelectionSteps(seed=seed)
        shown = [v for _, v in ex.fields()[0].options]
        assert 5 <= len(shown) <= 6 and shown != ex.expected()["order"]
        documents.add(ex.document)
        labels = [label for label, _ in ex.fields()[1].options]
        assert labels == [d["name"] for d in yaml.safe_load(
            (DATA / "selection.yml").read_text(encoding="utf-8"))["documents"]]
    assert documents == {"rfi", "rfp", "rfq"}


def test_selection_feedback_names_the_misplaced_pair(progress_home):
    ex = SelectionSteps(seed=0)
    want = ex.expected()["order"]
    swapped = [want[1], want[0], *want[2:]]
    fb = ex.check(swapped, ex.expected()["document"])
    texts = {s: t for s, t, _ in module.STEPS}
    assert f"“{texts[want[0]]}” comes before “{texts[want[1]]}”" in fb.message
    assert f"Steps in the right place: {len(want) - 2} of {len(want)}" in fb.message
    docs = yaml.safe_load((DATA / "selection.yml").read_text(encoding="utf-8"))["documents"]
    wrong = next(d for d in docs if d["id"] != ex.document)
    fb = ex.check(want, wrong["id"])
    assert wrong["purpose"] in fb.message


# --------------------------------------------------------------------------
# 5. KnowledgeTransfer
# --------------------------------------------------------------------------

def test_kt_evidence_and_options():
    """Every plan item has evidence; two to five fall short; the right mitigation is
    among four options, the others belonging to other risks."""
    risks = {r["mitigation"]: r["risk"] for r in WORKING["lock_in_risks"]}
    for seed in SEEDS:
        ex = KnowledgeTransfer(seed=seed)
        assert 2 <= len(my_kt(ex)["unmet"]) <= 5
        labels = [label for label, _ in ex.fields()[0].options]
        assert len(labels) == 4 == len(set(labels)) and all(m in risks for m in labels)
    assert set(module.EVIDENCE) == {i["id"] for i in WORKING["knowledge_transfer"]}


def test_kt_feedback_names_the_topics(progress_home):
    topics = {i["id"]: i["topic"] for i in WORKING["knowledge_transfer"]}
    for seed in range(10):
        ex = KnowledgeTransfer(seed=seed)
        want = my_kt(ex)
        fb = ex.check(want["mitigation"], [])
        for i in want["unmet"]:
            assert f"{topics[i]}: the evidence falls short" in fb.message
        met = next(i for i in topics if i not in want["unmet"])
        fb = ex.check(want["mitigation"], sorted(want["unmet"] + [met], key=list(topics).index))
        assert f"{topics[met]}: the evidence shows the criterion met" in fb.message
        other = next(v for _, v in ex.fields()[0].options if v != want["mitigation"])
        fb = ex.check(other, want["unmet"])
        assert "answers another risk" in fb.message
