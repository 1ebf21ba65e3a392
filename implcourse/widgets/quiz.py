"""The knowledge check: questions from the bank, one per tab, each checked on its own.

The answer form of every kind of question (:class:`AnswerInput`) is shared
with the practice exam (:mod:`implcourse.widgets.exam`). Options wrap and are
never cut (the course's CSS); what is shown is shuffled by the seed
(:func:`implcourse.exam.ask`), and every answer is graded by the engine.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .. import exam, progress, quiz
from .common import Tool, error_html, note_html

__all__ = ["knowledge_check", "AnswerInput", "question_html", "feedback_html"]

_KIND_HINT = {
    "single": "choose one",
    "multiple": "choose all that apply",
    "ordering": "put them in order",
    "matching": "match each item on the left",
    "numeric": "type a number",
}
_PLACE = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th"]


def question_html(asked: exam.Asked, *, label: str | None = None) -> str:
    """The stem of an asked question, with what to do, as HTML (wraps; never cut)."""
    q = asked.question
    head = f"<b>{html.escape(label or f'Q{asked.number}')}.</b> "
    hint = _KIND_HINT[q.kind]
    if q.kind == "multiple":
        hint = f"choose {len(q.answer)}" if len(q.answer) > 1 else hint
    body = f'<p style="margin:0 0 0.3em 0">{head}{html.escape(q.stem)} <i>({hint})</i></p>'
    if q.kind == "ordering":
        body += "<p>Items:</p><ol type='A'>" + "".join(
            f"<li>{html.escape(text)}</li>" for text in asked.shown_options) + "</ol>"
    elif q.kind == "matching":
        body += "<p>Matches:</p><ol type='A'>" + "".join(
            f"<li>{html.escape(text)}</li>" for _, text in asked.lettered()) + "</ol>"
    return body


class AnswerInput:
    """The answer form of one asked question.

    ``widget`` is what to show; :meth:`response` reads it as a response in
    the letters shown (None while unanswered); :meth:`set` fills it.
    """

    def __init__(self, asked: exam.Asked) -> None:
        self.asked = asked
        q = asked.question
        wide = w.Layout(width="auto", max_width="100%")
        if q.kind == "single":
            self._picker = w.RadioButtons(
                options=[(f"{letter}. {text}", letter) for letter, text in asked.lettered()],
                value=None, layout=wide)
            self.widget = self._picker
        elif q.kind == "multiple":
            self._boxes = [w.Checkbox(description=f"{letter}. {text}", indent=False, layout=wide)
                           for letter, text in asked.lettered()]
            self.widget = w.VBox(self._boxes)
        elif q.kind in ("ordering", "matching"):
            choices = [("—", None)] + [(letter, letter) for letter, _ in asked.lettered()]
            if q.kind == "ordering":
                labels = [f"{_PLACE[i]}:" for i in range(len(asked.order))]
            else:
                labels = [f"{text} →" for text in q.options]
            self._menus = [w.Dropdown(options=choices, value=None,
                                      layout=w.Layout(width="5.5em")) for _ in labels]
            rows = [w.HBox([w.HTML(html.escape(label), layout=w.Layout(flex="1 1 auto",
                                                                       max_width="36em")),
                            menu]) for label, menu in zip(labels, self._menus)]
            self.widget = w.VBox(rows)
        else:
            unit = f" {q.unit}" if q.unit else ""
            within = f"; answers within ±{q.tolerance:g} count" if q.tolerance else ""
            # Read when the learner presses Enter or leaves the box, not at each key.
            self._text = w.Text(placeholder="a number, e.g. 12.5", continuous_update=False,
                                layout=w.Layout(width="12em"))
            self.widget = w.HBox([self._text, w.HTML(html.escape(f"{unit}{within}"))])

    @property
    def controls(self) -> list[w.Widget]:
        """The widgets whose value is the answer (to observe)."""
        kind = self.asked.question.kind
        if kind == "single":
            return [self._picker]
        if kind == "multiple":
            return list(self._boxes)
        if kind in ("ordering", "matching"):
            return list(self._menus)
        return [self._text]

    def response(self):
        """The response in the letters shown (a number for numeric), or None if
        nothing is answered yet. A part-answered ordering or matching, or text
        that is not a number, raises ``ValueError`` naming what is missing."""
        kind = self.asked.question.kind
        if kind == "single":
            return self._picker.value
        if kind == "multiple":
            picked = [box.description.split(".", 1)[0] for box in self._boxes if box.value]
            return picked or None
        if kind in ("ordering", "matching"):
            picked = [menu.value for menu in self._menus]
            if all(p is None for p in picked):
                return None
            if any(p is None for p in picked):
                what = "place" if kind == "ordering" else "item"
                missing = sum(p is None for p in picked)
                raise ValueError(f"choose a letter for every {what} ({missing} still empty)")
            if kind == "ordering" and len(set(picked)) != len(picked):
                raise ValueError("each item goes in one place: a letter is used twice")
            return picked
        text = self._text.value.strip()
        if not text:
            return None
        return quiz._number_response(text)

    def set(self, response) -> None:
        """Fill the form with a response in the letters shown (None clears it)."""
        kind = self.asked.question.kind
        if kind == "single":
            if isinstance(response, (list, tuple)):
                response = response[0] if response else None
            self._picker.value = response
        elif kind == "multiple":
            chosen = set(response or [])
            for box in self._boxes:
                box.value = box.description.split(".", 1)[0] in chosen
        elif kind in ("ordering", "matching"):
            for menu, letter in zip(self._menus, response or [None] * len(self._menus)):
                menu.value = letter
        else:
            self._text.value = "" if response is None else f"{response:.10g}"

    def disable(self, disabled: bool = True) -> None:
        """Lock the form (after a knowledge-check question has been checked)."""
        for control in self.controls:
            control.disabled = disabled


def feedback_html(asked: exam.Asked, response, graded: quiz.Graded) -> str:
    """Right or not, the key, the explanation, and why each chosen wrong option is wrong."""
    text = html.escape(graded.feedback)
    if not graded.correct and asked.question.kind == "ordering":
        text = (f"Not quite: {graded.parts_right} of {graded.parts} places right. The order "
                f"is {html.escape(asked.response_text(asked.key_shown))}. "
                f"{html.escape(asked.question.explanation)}")
    elif not graded.correct and asked.question.kind in ("single", "multiple"):
        key = ", ".join(asked.key_shown)
        text = f"Not quite: the answer is {key}. {html.escape(asked.question.explanation)}"
    why = asked.why_wrong_shown()
    chosen = [response] if isinstance(response, str) else list(response or []) \
        if asked.question.kind in ("single", "multiple") else []
    notes = [f"<li><b>{letter}</b>: {html.escape(why[letter])}</li>" for letter in chosen
             if letter in why]
    if notes:
        text += "<br>Why your choice is wrong:<ul>" + "".join(notes) + "</ul>"
    return note_html(text, good=graded.correct)


def knowledge_check(lesson: str, n: int | None = None, seed: int = 0,
                    record: bool = True, bank=None) -> Tool:
    """A knowledge check for one lesson: one question per tab, each with its own *Check*.

    One question at a time fits a projected screen, and a room can vote on
    it before the next. *Check this question* grades the open tab's question at once: right or not,
    the explanation, and why the option chosen is wrong. *Check all answered*
    grades every answered question. Each result is recorded in the learner's
    progress (by topic) unless ``record`` is false, and the lesson is marked
    complete once every question is answered; each tab's title gets a
    mark once graded. The last line gives the score and, once every question
    is checked, the weakest topic to review.

    Parameters
    ----------
    lesson : str
        The lesson id, e.g. ``"01"``.
    n : int, optional
        How many questions to draw (all of the lesson's by default).
    seed : int, default 0
        Seeds the draw, the order of the options and a numeric question's numbers.
    bank : str or Path, optional
        A trainer's own question file, given as a path
        (``Path("my_course/questions.yml")``), to ask its questions for this
        lesson instead of the course's. ``implcourse check-content`` checks it.

    Examples
    --------
    >>> tool = knowledge_check("01", n=2, seed=1, record=False)
    >>> tool.check.click()
    >>> "none of the 2 questions is answered yet" in tool.result.value
    True
    """
    questions = (quiz.load_bank(lesson=lesson, bank=bank) if n is None
                 else quiz.draw(lesson, n, seed, bank=bank))
    asked = [exam.ask(q, seed, i) for i, q in enumerate(questions, start=1)]
    inputs = [AnswerInput(a) for a in asked]
    feedback = [w.HTML() for _ in asked]
    pages = [w.VBox([w.HTML(question_html(a)), form.widget, box])
             for a, form, box in zip(asked, inputs, feedback)]
    titles = [f"Q{i}" for i in range(1, len(asked) + 1)]
    tabs = w.Tab(children=pages, titles=titles, selected_index=0)
    check_this = w.Button(description="Check this question", button_style="primary",
                          icon="check", layout=w.Layout(width="auto"))
    check = w.Button(description="Check all answered", icon="check-double",
                     layout=w.Layout(width="auto"))
    result = w.HTML(note_html(f"{len(asked)} questions, one per tab: answer, then "
                              "<i>Check this question</i>."))
    graded: list[quiz.Graded | None] = [None] * len(asked)
    responses: list = [None] * len(asked)

    def grade_one(i: int, *, quiet: bool = False) -> bool:
        """Grade question i; False if it is not answered (or not answerable yet)."""
        try:
            response = inputs[i].response()
        except ValueError as err:
            feedback[i].value = error_html(err)
            return False
        if response is None:
            if not quiet:
                feedback[i].value = note_html("Not answered yet.")
            return False
        try:
            result_ = asked[i].grade(response)
        except (TypeError, ValueError) as err:
            feedback[i].value = error_html(err)
            return False
        graded[i], responses[i] = result_, response
        feedback[i].value = feedback_html(asked[i], response, result_)
        marks = list(tabs.titles)
        marks[i] = f"Q{i + 1} {'✔' if result_.correct else '✘'}"
        tabs.titles = marks
        if record:
            progress.record_attempt(asked[i].question.id, result_.correct,
                                    asked[i].response_text(response),
                                    lesson=asked[i].question.lesson,
                                    topic=asked[i].question.topic)
        return True

    def summarise(missing_marks: bool = False) -> None:
        done = [g for g in graded if g is not None]
        if not done:
            result.value = note_html(f"Not answered yet: choose your answers first (none of "
                                     f"the {len(asked)} questions is answered yet).")
            return
        right = sum(g.correct for g in done)
        missing = len(asked) - len(done)
        text = f"{right} of {len(done)} answered correctly"
        if missing:
            text += f"; {missing} not answered" + (" (marked ?)" if missing_marks else "")
            result.value = note_html(text + ". Open each tab to read why.")
            return
        if record:
            progress.record_lesson_done(lesson)
        report = exam.Result(asked, responses)
        weakest = report.weakest(1)
        text += ". Open each tab to read why."
        if len(weakest):
            row = weakest.iloc[0]
            link = f' (<a href="{html.escape(row["link"])}">review it</a>)' if row["link"] else ""
            text += (f" Weakest here: {html.escape(row['topic_name'])}, "
                     f"{html.escape(row['section'])}{link}.")
        result.value = note_html(text, good=right == len(asked))

    def on_this(_=None):
        i = tabs.selected_index or 0
        if graded[i] is None and grade_one(i):
            inputs[i].disable()
        on_tab()
        summarise()

    def on_tab(_=None):
        check_this.disabled = graded[tabs.selected_index or 0] is not None

    def on_all(_=None):
        marks = list(tabs.titles)
        for i in range(len(asked)):
            if graded[i] is None and not grade_one(i):
                marks = list(tabs.titles)
                marks[i] = f"Q{i + 1} ?"
                tabs.titles = marks
            elif graded[i] is not None:
                inputs[i].disable()
        on_tab()
        summarise(missing_marks=True)

    check_this.on_click(on_this)
    check.on_click(on_all)
    tabs.observe(on_tab, names="selected_index")
    buttons = w.HBox([check_this, check], layout=w.Layout(flex_flow="row wrap"))
    tool = Tool(f"Knowledge check: lesson {lesson}", [tabs, buttons, result])
    tool.check, tool.check_this, tool.result, tool.tabs = check, check_this, result, tabs
    tool.asked, tool.inputs, tool.feedback = asked, inputs, feedback
    return tool
