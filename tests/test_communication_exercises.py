"""Lesson 07's exercises 2, 3 and 4 (communication, client management, change): seeds,
right answers computed here independently (math.comb, the YAML files read with yaml,
counts with numpy), the common slips named in feedback, recording, answer forms, hints
that never give the answer away, and worked solutions."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import progress, quiz
from implcourse.answers import Number, Ordering
from implcourse.exercises import PLACEHOLDER_MESSAGE, Note, learner_seed
from implcourse.exercises.communication import AdkarBarrier, Channels, ClientCheckIn

from helpers import _NUMBER, leaks, order_by_clicks

DATA = Path(__file__).resolve().parents[1] / "datasets"
COMM = yaml.safe_load((DATA / "stakeholders" / "communication.yml").read_text())
ROLLOUT_CHANNELS = yaml.safe_load((DATA / "rollout" / "channels.yml").read_text())
CLIENT = yaml.safe_load((DATA / "stakeholders" / "client.yml").read_text())
CHANGE = yaml.safe_load((DATA / "stakeholders" / "change.yml").read_text())
PHASES = [p["id"] for p in yaml.safe_load((DATA / "lifecycle" / "phases.yml").read_text())
          ["phases"]]
PHASE_NAMES = {p["id"]: p["name"] for p in yaml.safe_load(
    (DATA / "lifecycle" / "phases.yml").read_text())["phases"]}

SEEDS = range(40)
ALL_CLASSES = [Channels, ClientCheckIn, AdkarBarrier]
IDS = {Channels: "07.channels", ClientCheckIn: "07.client", AdkarBarrier: "07.change"}
TOPICS = {Channels: "communication", ClientCheckIn: "client", AdkarBarrier: "change"}


def records():
    return progress.ProgressStore().records()


# --------------------------------------------------------------------------
# Right answers, computed here without the core
# --------------------------------------------------------------------------

def channel_ids() -> dict[str, str]:
    """Channel name -> id, lesson 03's six and lesson 07's three, from the YAML."""
    names = {c["name"]: c["id"] for c in ROLLOUT_CHANNELS["channels"]}
    names.update({c["name"]: c["id"] for c in COMM["channels"]})
    return names


def phase_channels(phase_name: str) -> list[str]:
    """The channel ids communication.yml lists for a phase, by the phase's name."""
    (fit,) = [f for f in COMM["phase_fit"] if PHASE_NAMES[f["phase"]] == phase_name]
    return list(fit["channels"])


def my_chase(done: list[str]) -> str:
    """Open items: blocking first, then by the phase they are due before (lifecycle
    order), then in file order; the first is chased."""
    items = [(not i["blocking"], PHASES.index(i["due_before"]), n, i["id"])
             for n, i in enumerate(CLIENT["checklist"]) if i["id"] not in done]
    return min(items)[3]


def my_barrier(scores: dict[str, int]) -> str:
    """Prosci: the first element, in ADKAR order, scoring 3 or less (blog.prosci.com,
    'Individual barriers to change and what to do about them')."""
    order = [e["name"] for e in CHANGE["adkar"]]
    return next(name for name in order if scores[name] <= 3)


def right_answer(ex) -> dict:
    if isinstance(ex, Channels):
        before, after = math.comb(ex.before_n, 2), math.comb(ex.after_n, 2)
        method = {"push": "push", "pull": "pull", "interactive": "interactive"}[ex.need_method]
        return {"before": before, "after": after,
                "added": sum(range(ex.before_n, ex.after_n)), "growth": "quadratic",
                "method": method, "channel": ex.channel}
    if isinstance(ex, ClientCheckIn):
        c, s = np.asarray(ex.csat_scores), np.asarray(ex.nps_scores)
        step = ex.loop_done + 1  # the step just finished, 1 to 4
        return {"chase": my_chase(ex.done), "csat": float(np.mean(c >= 4)),
                "nps": 100 * (np.sum(s >= 9) - np.sum(s <= 6)) / s.size,
                "loop": f"step{step % 4 + 1}"}
    steps = {s["step"]: s["name"] for s in CHANGE["kotter"]}
    barrier = my_barrier(ex.scores)
    return {"barrier": barrier, "action": barrier,
            "order": [steps[i] for i in sorted(ex.kotter_chosen)]}


def fingerprint(ex):
    if isinstance(ex, Channels):
        return ex.before_n, ex.after_n, ex.need, ex.phase, ex.channel_options, \
            ex.growth_options
    if isinstance(ex, ClientCheckIn):
        return (tuple(ex.done), ex.chase_options, tuple(ex.csat_scores),
                tuple(ex.nps_scores), ex.loop_done)
    return ex.group, tuple(ex.scores.items()), ex.action_options, tuple(ex.kotter_start)


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_same_seed_same_numbers_different_seeds_differ(cls):
    prints = []
    for seed in SEEDS:
        first, again = cls(seed=seed), cls(seed=seed)
        assert fingerprint(first) == fingerprint(again), seed
        assert first.task == again.task and str(first.show()) == str(again.show())
        prints.append(repr(fingerprint(first)))
    assert len(set(prints)) >= 0.9 * len(SEEDS)
    a, b = learner_seed("Ada Lovelace"), learner_seed("Grace Hopper")
    assert fingerprint(cls(seed=a)) != fingerprint(cls(seed=b))


# --------------------------------------------------------------------------
# Right answers, recording, placeholders, unreadable answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_independent_answer_passes_and_is_recorded(cls, progress_home):
    """For every seed the answer computed here is expected() and is correct, recorded
    with lesson 07 and the exercise's topic."""
    for seed in SEEDS:
        ex = cls(seed=seed)
        mine = right_answer(ex)
        want = ex.expected()
        assert list(want) == [f.name for f in ex.fields()] == list(mine)
        for name, value in mine.items():
            if isinstance(value, (float, np.floating, int)) and not isinstance(value, bool):
                assert want[name] == pytest.approx(float(value), abs=1e-9), (seed, name)
            else:
                assert want[name] == value, (seed, name)
        fb = ex.check(**mine)
        assert fb.correct is True and fb.hint is None, (seed, fb)
    rows = records()
    assert len(rows) == len(SEEDS)
    assert {(r["kind"], r["item"], r["lesson"], r["topic"], r["correct"]) for r in rows} \
        == {("exercise", IDS[cls], "07", TOPICS[cls], True)}


def test_pmbok_channel_example():
    """PMBOK Guide 6th ed., 10.1.2.2 (5th ed., 10.1.2.1, p. 292): 10 stakeholders have
    10(10 - 1)/2 = 45 potential channels; a seed with a team of 10 expects 45."""
    found = 0
    for seed in range(200):
        ex = Channels(seed=seed)
        for name, n in (("before", ex.before_n), ("after", ex.after_n)):
            if n == 10:
                assert ex.expected()[name] == 45
                found += 1
    assert found >= 3


def test_ids_are_unique_and_topics_are_lesson_topics():
    exs = [cls(seed=1) for cls in ALL_CLASSES]
    assert len({ex.id for ex in exs}) == len(exs)
    course = yaml.safe_load((DATA / "course.yml").read_text())
    (lesson,) = [entry for entry in course["lessons"] if entry["id"] == "07"]
    bank = {q.topic for q in quiz.load_bank(lesson="07")}
    for ex in exs:
        assert ex.lesson == "07" and ex.topic in lesson["topic_names"], ex.id
        assert ex.topic in bank, ex.id
        assert ex.title and ex.task


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_placeholders_are_pending_not_attempts(cls, progress_home):
    ex = cls(seed=3)
    want = ex.expected()
    for name in want:
        args = dict(want)
        args[name] = None
        fb = ex.check(**args)
        assert fb.pending and fb.message == PLACEHOLDER_MESSAGE and fb.hint is None
    assert records() == [] and ex.attempts == 0



BAD_NUMBERS = ["abc", "", "12,5", "1.2.3", True, [1.0], float("nan"), float("inf"), "nan"]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_unreadable_answers_name_the_field_and_are_not_recorded(cls, progress_home):
    """Non-numbers, values out of range, unknown options, orderings with an item
    missing: a message naming the field as labelled on screen, no hint, nothing
    recorded."""
    ex = cls(seed=5)
    want = ex.expected()
    cases = []
    for f in ex.fields():
        if isinstance(f, Number):
            bad = BAD_NUMBERS + ([1.5, -0.1] if f.percent else [])
            bad += [-150, 150] if f.name == "nps" else []
            bad += [-3] if f.minimum == 0 and not f.percent else []
            cases += [(f.name, v, f.label) for v in bad]
        elif isinstance(f, Ordering):
            cases += [(f.name, want[f.name][:-1], f.label),
                      (f.name, [want[f.name][0]] * len(want[f.name]), f.label),
                      (f.name, "Remove obstacles", f.label),
                      (f.name, [*want[f.name][:-1], "Lead by example"], f.label)]
        else:
            cases += [(f.name, "maybe", f.label), (f.name, 3, f.label)]
    assert len(cases) >= 8
    for name, value, label in cases:
        args = dict(want)
        args[name] = value
        fb = ex.check(**args)
        assert fb.correct is False and not fb.pending, (name, value)
        assert label in fb.message, (name, value, fb.message)
        assert "could not be read" not in fb.message and fb.hint is None
    assert records() == []


def wrong_answers(ex) -> list[dict]:
    """A few plainly wrong answers, one field at a time."""
    want = ex.expected()
    out = []
    for f in ex.fields():
        args = dict(want)
        value = want[f.name]
        if isinstance(f, Number):
            args[f.name] = value * 0.5 + (0.01 if f.percent else 7)
        elif isinstance(f, Ordering):
            args[f.name] = list(reversed(value))
        else:
            args[f.name] = next(v for v in f.values if v != value)
        out.append(args)
    return out


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_in_the_learners_words(cls, progress_home):
    """No snake_case names or Python reprs in the task, the rows or the feedback."""
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
            assert "np.float" not in text and not re.search(r"\b(None|nan|NaN)\b", text), text


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


# --------------------------------------------------------------------------
# Channels: the slips
# --------------------------------------------------------------------------

def channel_slips(ex: Channels) -> list[tuple[str, float, str]]:
    """(field, wrong value, words the feedback must use)."""
    n1, n2 = ex.before_n, ex.after_n
    return [("before", n1 * n1, "n²"), ("after", n2 * (n2 + 1) / 2, "n(n+1)/2"),
            ("after", n2 * (n2 - 1), "halve it"), ("before", n1 - 1, "one person"),
            ("after", 2 ** n2, "exponential"),
            ("added", n2 - n1, "people added"),
            ("added", n1 * (n2 - n1), "to each other"),
            ("added", math.comb(n2, 2), "total after"),
            ("added", n2 - 1, "last person"),
            ("added", 2 ** n2 - 2 ** n1, "exponential")]


def test_channel_slips_are_named():
    for seed in range(25):
        ex = Channels(seed=seed)
        for name, value, words in channel_slips(ex):
            fb = ex.check(**dict(ex.expected(), **{name: value}))
            assert fb.correct is False and words in fb.message, (seed, name, value,
                                                                   fb.message)
            assert fb.hint


def test_calling_the_growth_exponential_is_named():
    ex = Channels(seed=4)
    fb = ex.check(**dict(ex.expected(), growth="exponential"))
    assert not fb.correct and "Not exponential" in fb.message
    assert "doubles with every person" in fb.message
    fb = ex.check(**dict(ex.expected(), growth="linear"))
    assert not fb.correct and "Not linear" in fb.message
    labels = [label for label, _ in ex.fields()[3].options]
    assert any(label.startswith("Quadratically") for label in labels)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_channel_options_hold_exactly_one_listed_channel(seed):
    """Of the four channel options, exactly one is listed in communication.yml for the
    phase; the method options are the three PMBOK methods."""
    ex = Channels(seed=seed)
    ids = channel_ids()
    listed = phase_channels(ex.phase)
    options = [value for _, value in ex.channel_options]
    assert len(options) == 4 and len(set(options)) == 4
    assert [o for o in options if ids[o] in listed] == [ex.channel]
    assert ids[ex.channel] in listed[:2]  # one of the phase's two preferred channels
    assert sorted(v for _, v in ex.method_options) == ["interactive", "pull", "push"]


def test_wrong_method_and_channel_are_named():
    ex = Channels(seed=6)
    other = next(v for _, v in ex.method_options if v != ex.need_method)
    fb = ex.check(**dict(ex.expected(), method=other))
    assert f"Not {other}" in fb.message and fb.hint == ex.hints[-1]
    wrong = next(v for _, v in ex.channel_options if v != ex.channel)
    fb = ex.check(**dict(ex.expected(), channel=wrong))
    assert f"does not list {wrong} for {ex.phase}" in fb.message


# --------------------------------------------------------------------------
# Client check-in: the slips and the options
# --------------------------------------------------------------------------

def test_chase_options_never_tie_and_name_the_slips():
    """The options hold the item to chase and no other blocking item due before the same
    phase; a non-blocking item and a later blocking one are named as such."""
    by_id = {i["id"]: i for i in CLIENT["checklist"]}
    seen = {"not blocking": 0, "later phase": 0}
    for seed in range(40):
        ex = ClientCheckIn(seed=seed)
        want = ex.expected()["chase"]
        options = [v for _, v in ex.chase_options]
        assert want in options and 3 <= len(options) <= 4
        assert all(v not in ex.done for v in options)
        for v in options:
            if v == want:
                continue
            same = by_id[v]["blocking"] and by_id[v]["due_before"] == by_id[want]["due_before"]
            assert not same, (seed, v)
            fb = ex.check(**dict(ex.expected(), chase=v))
            if by_id[v]["blocking"]:
                assert "blocking too, but for a later phase" in fb.message
                seen["later phase"] += 1
            else:
                assert "not blocking" in fb.message
                seen["not blocking"] += 1
    assert all(seen.values()), seen


def client_slips(ex: ClientCheckIn) -> list[tuple[str, float, str]]:
    c, s = np.asarray(ex.csat_scores), np.asarray(ex.nps_scores)
    n = s.size
    pro, pas, det = np.sum(s >= 9), np.sum((s == 7) | (s == 8)), np.sum(s <= 6)
    return [("csat", float(np.mean(c >= 3)), "A 3 is neutral"),
            ("csat", float(np.mean(c == 5)), "Only 5s"),
            ("csat", float(np.mean(c >= 4)) / 100, "fraction typed in the per cent box"),
            ("nps", 100 * pro / n, "promoters alone"),
            ("nps", float(pro - det), "as counts"),
            ("nps", 100 * (pro - det - pas) / n, "counted as detractors"),
            ("nps", 100 * (pro + pas - det) / n, "counted as promoters"),
            ("nps", float(np.mean(s)), "mean score")]


def test_survey_slips_are_named():
    for seed in range(25):
        ex = ClientCheckIn(seed=seed)
        for name, value, words in client_slips(ex):
            fb = ex.check(**dict(ex.expected(), **{name: value}))
            assert not fb.correct and words in fb.message, (seed, name, value, fb.message)


def test_survey_tolerance_is_a_tenth():
    """Answers within ±0.1 (percentage) points are right; beyond, not yet."""
    for seed in range(10):
        ex = ClientCheckIn(seed=seed)
        want = ex.expected()
        assert ex.check(**dict(want, csat=want["csat"] + 0.0009)).correct
        assert ex.check(**dict(want, nps=want["nps"] - 0.09)).correct
        assert not ex.check(**dict(want, nps=want["nps"] + 0.2)).correct


def test_loop_skipping_close_the_loop_is_named():
    """After Act comes Close the loop; asking again first is the named slip."""
    found = 0
    for seed in range(40):
        ex = ClientCheckIn(seed=seed)
        if ex.loop_done == 2:  # Act has just been done
            fb = ex.check(**dict(ex.expected(), loop="step1"))
            assert "before closing the loop" in fb.message
            found += 1
        done = f"step{ex.loop_done + 1}"
        fb = ex.check(**dict(ex.expected(), loop=done))
        assert "has just finished" in fb.message
    assert found


# --------------------------------------------------------------------------
# ADKAR and Kotter
# --------------------------------------------------------------------------

def test_prosci_profile_example():
    """Prosci's tutorial (blog.prosci.com, 'Individual barriers to change'): the barrier
    point is the first element scoring 3 or less, even when a later one is lower. Our
    seeds always put a lower score after the barrier point when there is room."""
    lowest_later = 0
    for seed in range(60):
        ex = AdkarBarrier(seed=seed)
        names = list(ex.scores)
        b = names.index(ex.barrier)
        assert all(ex.scores[n] >= 4 for n in names[:b]) and ex.scores[ex.barrier] <= 3
        if b < 4:
            assert min(ex.scores[n] for n in names[b + 1:]) < ex.scores[ex.barrier]
            lowest_later += 1
    assert lowest_later > 40


def test_adkar_slips_are_named():
    seen = set()
    for seed in range(60):
        ex = AdkarBarrier(seed=seed)
        names = list(ex.scores)
        b = names.index(ex.barrier)
        for name in names:
            if name == ex.barrier:
                continue
            fb = ex.check(**dict(ex.expected(), barrier=name))
            assert not fb.correct
            if ex.scores[name] > 3:
                assert "above 3" in fb.message
                seen.add("above")
            elif ex.scores[ex.barrier] == 3 and ex.scores[name] < 3 and names.index(name) > b:
                assert "A score of 3 already counts as weak" in fb.message
                seen.add("strict")
            elif ex.scores[name] == min(ex.scores.values()):
                assert "lowest score" in fb.message
                seen.add("lowest")
            else:
                assert "comes after an earlier weak element" in fb.message
                seen.add("later")
        if ex.barrier in ("Awareness", "Desire"):
            fb = ex.check(**dict(ex.expected(), action="Knowledge"))
            assert "Training builds Knowledge" in fb.message
            seen.add("training")
    assert seen == {"above", "strict", "lowest", "later", "training"}


def test_action_options_are_the_core_texts():
    ex = AdkarBarrier(seed=8)
    texts = {e["name"]: e["builds_it"] for e in CHANGE["adkar"]}
    assert {value: label for label, value in ex.action_options} == texts


def test_kotter_subset_never_starts_solved_and_follows_the_book():
    """Kotter, Leading Change (1996): urgency, coalition, vision, communicate, obstacles,
    short-term wins, build on the change, anchor it. Four or five steps, never in order."""
    steps = [s["name"] for s in CHANGE["kotter"]]
    assert "urgency" in steps[0].lower() and "anchor" in steps[-1].lower()
    assert "coalition" in steps[1].lower() and "short-term wins" in steps[5].lower()
    sizes = set()
    for seed in range(40):
        ex = AdkarBarrier(seed=seed)
        start = [v for _, v in ex.fields()[2].options]
        sizes.add(len(start))
        assert start != ex.expected()["order"]
        assert ex.expected()["order"] == sorted(start, key=steps.index)
        fb = ex.check(**dict(ex.expected(), order=start))
        assert not fb.correct and "in the right place" in fb.message
    assert sizes == {4, 5}


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


def test_kotter_order_by_clicks(progress_home):
    """A learner moves the steps with the arrows; the untouched list is no answer yet."""
    ex = AdkarBarrier(seed=11)
    form = ex.form()
    want = ex.expected()
    form.inputs["barrier"].fill(want["barrier"])
    form.inputs["action"].fill(want["action"])
    form.check_button.click()
    assert "no answer yet" in form.feedback.value and records() == []
    assert order_by_clicks(form.inputs["order"], want["order"]) >= 1
    form.check_button.click()
    assert "Correct!" in form.feedback.value


def test_client_form_percent_box_takes_per_cent(progress_home):
    ex = ClientCheckIn(seed=4)
    want = ex.expected()
    form = ex.form()
    for name, value in want.items():
        form.inputs[name].fill(value)
    form.inputs["csat"].box.value = f"{100 * want['csat']:.1f} %"
    form.check_button.click()
    assert "Correct!" in form.feedback.value
    form.inputs["csat"].box.value = f"{want['csat']:.3f}"
    form.check_button.click()
    assert "fraction typed in the per cent box" in form.feedback.value


# --------------------------------------------------------------------------
# Hints give the method, never the answer
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_no_hint_contains_an_expected_number(cls, progress_home):
    """Neither the hints nor the hints given with 'Not yet' (for many wrong answers,
    the slips among them) contain a number of the answer, for many seeds."""
    found = []
    for seed in range(60):
        ex = cls(seed=seed)
        given = list(ex.hints) + [str(ex.hint()) for _ in ex.hints]
        answers = wrong_answers(ex)
        if isinstance(ex, Channels):
            answers += [dict(ex.expected(), **{name: value}) for name, value, _ in
                        channel_slips(ex)]
        if isinstance(ex, ClientCheckIn):
            answers += [dict(ex.expected(), **{name: value}) for name, value, _ in
                        client_slips(ex)]
        for args in answers:
            given.append(ex.check(**args).hint or "")
        for hint in given:
            if leaks(hint, ex):
                found.append((seed, hint, leaks(hint, ex)))
    assert not found, found[:3]


def test_leak_detector_finds_a_given_away_number():
    ex = Channels(seed=3)
    assert leaks(f"The answer is {ex.expected()['after']:.0f} channels.", ex)
    assert not leaks("channels = n × (n − 1) / 2", ex)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_last_hint_teaches_the_method(cls):
    ex = cls(seed=0)
    last = ex.hints[-1]
    assert len(last) > 200, last
    assert all(len(token.replace(".", "")) == 1 for token in _NUMBER.findall(last)), last
    words = {Channels: ["n × (n − 1) / 2", "subtract", "four times", "push", "pull",
                        "interactive"],
             ClientCheckIn: ["blocking", "earliest phase", "four or five", "promoters",
                             "detractors", "Close the loop"],
             AdkarBarrier: ["ADKAR order", "three or less", "training", "urgency",
                            "anchoring"]}[cls]
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
        ("exercise", IDS[cls], "07", TOPICS[cls]), ("solution", IDS[cls], "07", TOPICS[cls])]


def test_solutions_show_the_answers_and_the_working():
    for seed in range(8):
        ex = Channels(seed=seed)
        text = str(ex._solution())
        n1, n2 = ex.before_n, ex.after_n
        assert f"{n1} × {n1 - 1} / 2 = **{math.comb(n1, 2):,}**" in text
        assert f"**{sum(range(n1, n2)):,}** channels added" in text
        assert "**Quadratically**" in text and f"**{ex.channel}**" in text
        client_ex = ClientCheckIn(seed=seed)
        text = str(client_ex._solution())
        want = right_answer(client_ex)
        item = next(i["text"] for i in CLIENT["checklist"] if i["id"] == want["chase"])
        assert f"Chase **{item}**" in text
        assert f"**{100 * want['csat']:.1f} %**" in text
        adkar = AdkarBarrier(seed=seed)
        text = str(adkar._solution())
        assert f"The barrier point is **{my_barrier(adkar.scores)}**" in text
        assert "barrier point" in text and "Kotter" in text
