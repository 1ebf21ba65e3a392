"""The knowledge check: questions from the bank, one per tab, graded on a button press."""

from __future__ import annotations

import html

import ipywidgets as w

from .. import progress, quiz
from .common import Tool, error_html, note_html

__all__ = ["knowledge_check"]


def _question_widget(number: int, question: quiz.Question) -> tuple[w.Widget, w.Widget]:
    kind = "choose one" if question.kind == "single" else "choose all that apply"
    stem = w.HTML(f"<p><b>Q{number}.</b> {html.escape(question.stem)} <i>({kind})</i></p>")
    labels = [f"{letter}. {text}" for letter, text in question.lettered()]
    if question.kind == "single":
        picker = w.RadioButtons(options=labels, value=None, layout=w.Layout(width="auto"))
    else:
        picker = w.VBox([w.Checkbox(description=label, indent=False,
                                    layout=w.Layout(width="auto")) for label in labels])
    return stem, picker


def _response(question: quiz.Question, picker: w.Widget) -> list[str]:
    if question.kind == "single":
        return [] if picker.value is None else [picker.value.split(".", 1)[0]]
    return [box.description.split(".", 1)[0] for box in picker.children if box.value]


def knowledge_check(lesson: str, n: int | None = None, seed: int = 0,
                    record: bool = True, bank=None) -> Tool:
    """A knowledge check for one lesson: one question per tab, then *Check answers*.

    One question at a time fits a projected screen, and a room can vote on
    it before the next. Each result is recorded in the learner's progress
    (by topic) unless ``record`` is false. Unanswered questions are pointed
    out, not graded; each tab's title gets a mark once graded.

    Parameters
    ----------
    lesson : str
        The lesson id, e.g. ``"01"``.
    n : int, optional
        How many questions to draw (all of the lesson's by default).
    seed : int, default 0
        Seeds the draw when ``n`` is given.
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
    pairs = [_question_widget(i, q) for i, q in enumerate(questions, start=1)]
    feedback = [w.HTML() for _ in questions]
    pages = [w.VBox([stem, picker, box]) for (stem, picker), box in zip(pairs, feedback)]
    titles = [f"Q{i}" for i in range(1, len(questions) + 1)]
    tabs = w.Tab(children=pages, titles=titles)
    check = w.Button(description="Check answers", button_style="primary", icon="check")
    result = w.HTML(note_html(f"{len(questions)} questions, one per tab. Answer them all, then "
                              "press <i>Check answers</i>."))

    def on_check(_=None):
        right = answered = 0
        marks = list(titles)
        for i, (question, (_, picker), box) in enumerate(zip(questions, pairs, feedback)):
            response = _response(question, picker)
            if not response:
                box.value = note_html("Not answered yet.")
                marks[i] = f"Q{i + 1} ?"
                continue
            try:
                graded = quiz.grade(question, response)
            except (TypeError, ValueError) as err:
                box.value = error_html(err)
                continue
            answered += 1
            right += graded.correct
            marks[i] = f"Q{i + 1} {'✔' if graded.correct else '✘'}"
            box.value = note_html(html.escape(graded.feedback), good=graded.correct)
            if record:
                progress.record("question", question.id, lesson=question.lesson,
                                topic=question.topic, correct=graded.correct)
        tabs.titles = marks
        missing = len(questions) - answered
        if not answered:
            result.value = note_html(f"Choose your answers first: none of the {missing} "
                                     "questions is answered yet.")
            return
        text = f"{right} of {answered} answered correctly"
        if missing:
            text += f"; {missing} not answered (marked ?)"
        result.value = note_html(text + ". Open each tab to read why.",
                                 good=None if missing else right == len(questions))

    check.on_click(on_check)
    tool = Tool(f"Knowledge check: lesson {lesson}", [tabs, check, result])
    tool.check, tool.result, tool.tabs = check, result, tabs
    return tool
