"""The practice exam, the exam history, the glossary and the flashcards, driven
through their widgets' values and clicks (a fake clock for the countdown)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from implcourse import exam, glossary, progress
from implcourse.exam import _wrong_response
from implcourse.widgets.exam import exam_history_view, practice_exam
from implcourse.widgets.glossary import flashcard_view, glossary_view


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fill(tool, number, response):
    form = tool.form(number)
    if form.asked.question.kind == "numeric":
        form._text.value = repr(response)
    else:
        form.set(response)


@pytest.fixture
def store(tmp_path):
    return progress.ProgressStore(tmp_path / "home")


def start(store, blueprint="quick", clock=None, **changes):
    tool = practice_exam(blueprint, seed=5, store=store, clock=clock or Clock())
    for name, value in changes.items():
        getattr(tool, name).value = value
    tool.start.click()
    return tool


def test_the_setup_follows_the_blueprint_and_its_pace(store):
    tool = practice_exam("course", store=store)
    assert (tool.length.value, tool.minutes.value) == (60, 75)
    tool.pick.value = "pmp_eco_2026"
    assert (tool.length.value, tool.minutes.value) == (185, 240)
    assert "9 July 2026" in tool.children[1].children[2].value
    tool.length.value = 60
    assert tool.minutes.value == pytest.approx(round(240 / 185 * 60, 1))


def test_an_exam_gives_no_feedback_until_finished_then_a_full_report(store):
    clock = Clock()
    tool = start(store, clock=clock)
    built = tool.state["exam"]
    assert built.blueprint.id == "quick" and len(built.asked) == 20
    assert tool.status.value.startswith("Question 1 of 20 · answered 0 · flagged 0")
    assert "time left 25:00" in tool.status.value
    for number, asked in enumerate(built.asked, start=1):
        fill(tool, number, asked.key_shown if number % 2 else _wrong_response(asked))
        # nothing graded while the exam runs
        assert "Correct" not in tool.notice.value and "Not quite" not in tool.notice.value
    clock.now += 600
    tool.finish.click()
    result = tool.state["result"]
    assert (result.correct, result.total) == (10, 20)
    assert "Score: 10 of 20 (50 %)" in tool.headline.value
    assert "Time used: 10:00" in tool.headline.value
    assert "Needs Improvement" in tool.headline.value or "Below Target" in tool.headline.value
    assert tool.review.value == "", "each tab is built when first opened"
    tool.report_tabs.selected_index = 4
    assert tool.review.value.count("Your answer:") == 20
    tool.report_tabs.selected_index = 3
    assert "Weakest areas first" in tool.weakest.value and ".ipynb#" in tool.weakest.value
    tool.report_tabs.selected_index = 1
    assert "too few to rate" in tool.topic_table.value
    kept = store.exams()
    assert kept[["blueprint", "questions", "correct"]].values.tolist() == [["quick", 20, 10]]
    assert kept["minutes"].tolist() == [10.0]
    assert len(store.attempts()) == 20
    history = tool.report_tabs.children[5].children[0].children[1]
    assert history.value == ""  # drawn when its tab is opened
    tool.report_tabs.selected_index = 5
    assert "Practice exams taken: 1" in history.value


def test_navigation_flags_and_the_go_to_menu(store):
    tool = start(store)
    tool.next.click()
    tool.next.click()
    assert tool.state["current"] == 3 and tool.go.value == 3
    tool.flag.value = True
    assert 3 in tool.state["exam"].flagged
    assert ("Q3 (unanswered) ⚑", 3) in tool.go.options
    tool.go.value = 7
    assert tool.state["current"] == 7 and not tool.flag.value
    fill(tool, 7, tool.state["exam"].asked[6].key_shown)
    assert "answered 1" in tool.status.value
    tool.previous.click()
    assert tool.state["current"] == 6
    tool.go.value = 1
    assert tool.previous.disabled


def test_finishing_with_open_questions_asks_for_a_second_press(store):
    tool = start(store)
    tool.flag.value = True
    tool.finish.click()
    assert "20 unanswered and 1 flagged" in tool.notice.value
    assert tool.state["result"] is None
    tool.finish.click()
    assert tool.state["result"].correct == 0
    assert "20 not answered (counted as wrong" in tool.headline.value


def test_the_exam_ends_itself_when_the_time_is_up(store):
    clock = Clock()
    tool = start(store, clock=clock, length=4, minutes=2)
    fill(tool, 1, tool.state["exam"].asked[0].key_shown)
    clock.now += 61
    tool.timer.value += 1  # a tick from the browser
    assert "time left 0:59" in tool.status.value
    clock.now += 60
    tool.timer.value += 1
    assert tool.state["result"] is not None
    assert "Time is up" in tool.headline.value
    assert "Time used: 2:00" in tool.headline.value
    assert store.exams()["correct"].tolist() == [1]


def test_a_half_answered_ordering_is_explained_and_kept_out(store):
    tool = start(store, "course", length=60)
    built = tool.state["exam"]
    number = next(a.number for a in built.asked if a.question.kind == "ordering")
    tool.go.value = number
    tool.form(number)._menus[0].value = "A"
    assert "choose a letter for every place" in tool.notice.value
    assert built.responses[number - 1] is None


def test_an_exam_the_bank_cannot_fill_is_refused_in_the_alert_line(store):
    tool = practice_exam("pmp_eco_2026", store=store)
    tool.length.value = 400
    tool.start.click()
    assert tool.state["exam"] is None
    import re

    assert re.search(r"questions must be at most \d+ for this blueprint", tool.alert)
    assert tool.unexpected == []


def test_a_new_exam_after_the_report(store):
    tool = start(store)
    tool.finish.click()
    tool.finish.click()
    tool.again.click()
    assert tool.children[1].layout.display is None  # the setup again
    tool.start.click()
    assert tool.state["result"] is None and tool.state["current"] == 1


def test_the_history_view(store):
    empty = exam_history_view(store)
    assert "none yet" in empty.chart.caption.value
    store.record_exam("quick", 20, 12)
    store.record_exam("course", 60, 45)
    empty.refresh.click()
    assert "Practice exams taken: 2" in empty.chart.caption.value
    assert "Latest 75 %" in empty.chart.caption.value


def test_the_history_view_explains_a_damaged_store(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"not a database" * 20)
    tool = exam_history_view(progress.ProgressStore(home))
    assert "Your history cannot be shown" in tool.message.value


# --------------------------------------------------------------------------
# Glossary and flashcards
# --------------------------------------------------------------------------

def test_the_glossary_searches_and_filters():
    tool = glossary_view()
    total = len(glossary.load_glossary())
    assert f"of {total} terms" in tool.count.value
    tool.query.value = "tcpi"
    assert "To-complete performance index (TCPI)" in tool.results.value
    tool.query.value = "zzzz-nothing"
    assert "No term matches" in tool.count.value and tool.results.value == ""
    tool.query.value = ""
    tool.lesson.value = "05"
    shown = len(glossary.search("", lesson="05"))
    assert f"{shown} of {total} terms" in tool.count.value
    assert "05_business_case_roi.ipynb" in tool.results.value


def test_flashcards_study_and_schedule(tmp_path):
    now = [datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)]
    store = progress.ProgressStore(tmp_path / "home")
    tool = flashcard_view("05", store=store, new_limit=3, now=lambda: now[0])
    assert "3 to study now" in tool.counts.value
    first = tool.state["card"]
    assert first.term in tool.front.value and tool.back.value == ""
    tool.reveal.click()
    assert first.definition[:30] in tool.back.value.replace("&#x27;", "'")
    assert tool.buttons[2].description.startswith("Good · ")
    tool.buttons[2].click()        # Good
    assert tool.state["card"].id != first.id
    tool.reveal.click()
    tool.buttons[0].click()        # Again: back later in the session
    again = store.reviews()["card"].tolist()[-1]
    assert tool.state["queue"][-1] == again
    for _ in range(6):
        if tool.state["card"] is None:
            break
        tool.reveal.click()
        tool.buttons[3].click()    # Easy
    assert tool.state["card"] is None
    assert "Nothing to study now" in tool.front.value
    reviews = store.reviews()
    assert reviews["rating"].tolist()[:2] == [3, 1]
    assert set(store.card_states()) == set(reviews["card"])
    # A day later the Good card is due again and comes first.
    now[0] += timedelta(days=3)
    later = flashcard_view("05", store=store, new_limit=0, now=lambda: now[0])
    assert later.state["queue"] and later.state["queue"][0] in set(reviews["card"])
    assert tool.unexpected == [] and later.unexpected == []


def test_flashcards_explain_a_damaged_store(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"not a database" * 20)
    tool = flashcard_view(store=progress.ProgressStore(home))
    assert "Your flashcards cannot be read" in tool.counts.value


def test_a_new_exam_moves_to_the_next_seed_and_prefers_unseen_questions(store):
    tool = start(store)
    first = {a.question.id for a in tool.state["exam"].asked}
    for number, asked in enumerate(tool.state["exam"].asked, start=1):
        fill(tool, number, asked.key_shown)
    tool.finish.click()
    tool.again.click()
    assert tool.seed.value == 6
    tool.start.click()
    assert not first & {a.question.id for a in tool.state["exam"].asked}


def test_a_refused_number_is_not_kept_as_the_answer(store):
    tool = start(store, "course", length=60)
    built = tool.state["exam"]
    number = next(a.number for a in built.asked if a.question.kind == "numeric")
    tool.go.value = number
    tool.form(number)._text.value = "12"
    assert built.responses[number - 1] == 12.0
    tool.form(number)._text.value = "0,85"
    assert f"Q{number} not saved" in tool.notice.value
    assert built.responses[number - 1] is None
