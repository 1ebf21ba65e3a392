"""The searchable glossary and the spaced-repetition flashcards."""

from __future__ import annotations

import html
from datetime import datetime, timezone

import ipywidgets as w

from .. import course, flashcards, glossary, progress
from .common import Tool, error_html, note_html

__all__ = ["glossary_view", "flashcard_view", "term_html"]

#: The most terms the glossary lists at once (a search narrows it).
SHOWN = 40


def _lesson_options() -> list[tuple[str, str | None]]:
    return [("All lessons", None)] + [(lesson.label, lesson.id) for lesson in course.load_course()
                                      if lesson.id != "00"]


def _lesson_link(term: glossary.Term) -> str:
    try:
        if term.section:
            title, link = course.section_link(term.lesson, term.section)
        else:
            lesson = course.get_lesson(term.lesson)
            title, link = lesson.label, lesson.notebook
    except ValueError:
        return f"Lesson {html.escape(term.lesson)}"
    return f'<a href="{html.escape(link)}">{html.escape(title)}</a>'


def term_html(term: glossary.Term, *, heading: bool = True) -> str:
    """One term as HTML: name, other names, definition, where it is taught, related terms."""
    names = {t.id: t.term for t in glossary.load_glossary()}
    parts = []
    if heading:
        parts.append(f"<b>{html.escape(term.term)}</b>")
        if term.aliases:
            parts.append(f" <i>(also {html.escape(', '.join(term.aliases))})</i>")
    parts.append(f"<div>{html.escape(term.definition)}</div>")
    related = ", ".join(html.escape(names.get(r, r)) for r in term.related)
    where = f"Taught in {_lesson_link(term)}."
    if related:
        where += f" Related: {related}."
    if term.source:
        where += f" Source: {html.escape(term.source)}."
    parts.append(f'<div style="color:#555;font-size:90%">{where}</div>')
    return f'<div style="margin:6px 0">{"".join(parts)}</div>'


def glossary_view() -> Tool:
    """Search the glossary by a word, and/or list the terms of one lesson.

    Examples
    --------
    >>> tool = glossary_view()
    >>> tool.query.value = "hypercare"
    >>> "Hypercare" in tool.results.value
    True
    """
    query = w.Text(placeholder="Search: a term, an abbreviation or a word", description="Search",
                   continuous_update=True, layout=w.Layout(width="100%", max_width="32em"))
    lesson = w.Dropdown(options=_lesson_options(), value=None, description="Lesson",
                        layout=w.Layout(width="100%", max_width="32em"))
    count = w.HTML()
    results = w.HTML()
    results.add_class("implcourse-glossary")

    def update(_=None):
        found = glossary.search(query.value, lesson=lesson.value)
        total = len(glossary.load_glossary())
        if not found:
            count.value = note_html(f"No term matches {html.escape(repr(query.value))}. Try a "
                                    "shorter word, or All lessons.", good=False)
            results.value = ""
            return
        more = f" (the first {SHOWN} shown: narrow the search)" if len(found) > SHOWN else ""
        count.value = note_html(f"{len(found)} of {total} terms{more}.")
        results.value = ('<div style="max-height:48vh;overflow-y:auto">'
                         + "".join(term_html(t) for t in found[:SHOWN]) + "</div>")

    query.observe(update, names="value")
    lesson.observe(update, names="value")
    update()
    tool = Tool("Glossary", [w.HBox([query, lesson], layout=w.Layout(flex_flow="row wrap")),
                             count, results])
    tool.query, tool.lesson, tool.count, tool.results = query, lesson, count, results
    return tool


def _interval(now: datetime, due: datetime) -> str:
    seconds = max(0.0, (due - now).total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"{days} day" + ("s" if days != 1 else "")


def flashcard_view(lesson: str | None = None, *, store: progress.ProgressStore | None = None,
                   new_limit: int = 10, now=None) -> Tool:
    """Flashcards of the glossary, scheduled by FSRS, with the history in the progress store.

    The front shows a term; *Show the answer* turns the card; then rate how
    well you recalled it. Each rating button says when you would see the card
    again. Cards due come first (most overdue first), then up to
    ``new_limit`` new ones.

    Parameters
    ----------
    lesson : str, optional
        Only the terms of this lesson (every lesson's by default; a menu changes it).
    store : ProgressStore, optional
        Where the cards and the review log are kept (the learner's by default).
    new_limit : int, default 10
        New cards per session.
    now : callable, optional
        The current time (UTC), for the tests; the clock by default.

    Examples
    --------
    >>> import tempfile
    >>> tool = flashcard_view("05", store=progress.ProgressStore(tempfile.mkdtemp()))
    >>> tool.reveal.click()
    >>> tool.buttons[2].click()   # "Good"
    >>> len(tool.store.reviews())
    1
    """
    store = store or progress.ProgressStore()
    clock = now or (lambda: datetime.now(timezone.utc))
    pick = w.Dropdown(options=_lesson_options(), value=lesson, description="Lesson",
                      layout=w.Layout(width="100%", max_width="32em"))
    counts = w.HTML()
    front = w.HTML()
    back = w.HTML()
    reveal = w.Button(description="Show the answer", icon="eye", button_style="primary",
                      layout=w.Layout(width="auto"))
    buttons = [w.Button(description=name, layout=w.Layout(width="auto"),
                        button_style={1: "danger", 2: "warning", 3: "success", 4: "info"}[r])
               for r, name in flashcards.RATING_NAMES.items()]
    rate = w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))
    state: dict = {"queue": [], "card": None, "states": {}, "shown_at": None, "problem": ""}

    def terms():
        return [t for t in glossary.load_glossary() if pick.value is None or
                t.lesson == pick.value]

    def load(_=None):
        try:
            state["states"] = store.card_states()
            state["problem"] = ""
        except (TypeError, ValueError) as err:
            state["problem"] = error_html(f"Your flashcards cannot be read: {err}")
            state["states"] = {}
        state["queue"] = flashcards.queue(state["states"], [t.id for t in terms()], clock(),
                                          new_limit=new_limit)
        next_card()

    def show_counts():
        numbers = flashcards.counts(state["states"], [t.id for t in terms()], clock())
        saved = progress.save_problem()
        counts.value = state["problem"] + note_html(
            f"{len(state['queue'])} to study now · {numbers['new']} new in all · "
            f"{numbers['due']} due · {numbers['later']} scheduled for later") + (
            error_html(saved) if saved else "")

    def next_card():
        show_counts()
        back.value = ""
        if not state["queue"]:
            state["card"] = None
            front.value = note_html("Nothing to study now: every card you have seen is "
                                    "scheduled for later. Come back then, or choose another "
                                    "lesson.", good=True)
            reveal.layout.display = "none"
            rate.layout.display = "none"
            return
        card_id = state["queue"][0]
        term = next(t for t in glossary.load_glossary() if t.id == card_id)
        state["card"] = term
        state["shown_at"] = clock()
        where = "new card" if card_id not in state["states"] else "review"
        front.value = (f'<div style="font-size:140%;margin:8px 0"><b>'
                       f"{html.escape(term.term)}</b></div>"
                       f'<div style="color:#555">{where} · lesson {html.escape(term.lesson)}. '
                       "Say the definition to yourself, then turn the card.</div>")
        reveal.layout.display = None
        rate.layout.display = "none"

    def on_reveal(_=None):
        term = state["card"]
        if term is None:
            return
        back.value = term_html(term, heading=False)
        current = clock()
        previous = state["states"].get(term.id)
        for rating, button in zip(flashcards.RATING_NAMES, buttons):
            due = flashcards.due_at(flashcards.review(previous, term.id, rating, current))
            button.description = f"{flashcards.RATING_NAMES[rating]} · {_interval(current, due)}"
        reveal.layout.display = "none"
        rate.layout.display = None

    def on_rate(rating: int):
        def handler(_=None):
            term = state["card"]
            if term is None:
                return
            current = clock()
            new_state = flashcards.review(state["states"].get(term.id), term.id, rating, current)
            seconds = max(0.0, (current - state["shown_at"]).total_seconds())
            store.record_review(term.id, rating, new_state, seconds=round(seconds, 1))
            state["states"][term.id] = new_state
            state["queue"].pop(0)
            if flashcards.again_soon(new_state, current):
                state["queue"].append(term.id)  # due again within minutes: later this session
            next_card()
        return handler

    reveal.on_click(on_reveal)
    for rating, button in zip(flashcards.RATING_NAMES, buttons):
        button.on_click(on_rate(rating))
    pick.observe(load, names="value")
    load()
    tool = Tool("Flashcards", [pick, counts, front, reveal, back, rate])
    tool.pick, tool.counts, tool.front, tool.back, tool.reveal = pick, counts, front, back, reveal
    tool.buttons, tool.store, tool.state = buttons, store, state
    return tool
