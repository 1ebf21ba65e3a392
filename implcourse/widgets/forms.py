"""Answer forms: an exercise's task, its fields, and Check, Hint and Show solution.

The form is built from the exercise's :mod:`implcourse.answers` fields, one
input per field:

========================  ===================================================
field                     input
========================  ===================================================
``Number``                a text box with the unit beside it; thousands
                          separators are added as you leave the box
``Choice``                radio buttons (their labels wrap)
``MultiChoice``           a tick box per option
``Ordering``              the items with buttons to move each up or down
``Table``                 one drop-down per row
========================  ===================================================

*Check* reads every input through its field (so a message names the field as
labelled on screen) and calls ``ex.check``, which grades and records the
attempt exactly as a code answer would; with nothing entered yet it says
"Not answered yet." and records nothing. *Hint* shows the next hint. *Show
solution* shows the worked solution once an answer was checked; before that,
it asks for a second click to confirm. In a participant edition
(closed-book, see :func:`implcourse.exercises.solution_mode`) it says that the
trainer has the worked solutions.

Nothing is graded or revealed when the form is first drawn, so *Run All*
shows only empty forms.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .. import answers
from ..exercises import CLOSED_BOOK_MESSAGE, PLACEHOLDER_MESSAGE, Feedback, solution_mode
from .common import Tool, error_html, markdown_html, note_html

__all__ = ["answer_form", "ExerciseForm"]

_PENDING = ("Fill in your answer, then press <b>Check</b>. <b>Hint</b> gives one hint at a "
            "time.")


def _label(text: str) -> w.HTML:
    return w.HTML(f"<b>{html.escape(text)}</b>")


class _Input:
    """One field's input: ``widget`` is shown, ``read`` gives the value for ``check``."""

    def __init__(self, field: answers.Field) -> None:
        self.field = field
        self.widget: w.Widget = w.HTML()

    def read(self):
        raise NotImplementedError

    def fill(self, value) -> None:
        """Set the input to ``value`` (in ``check``'s units), as a learner would."""
        raise NotImplementedError

    def untouched(self) -> bool:
        """Whether the learner has not touched this input yet."""
        raise NotImplementedError


class _NumberInput(_Input):
    def __init__(self, field: answers.Number) -> None:
        super().__init__(field)
        self.box = w.Text(placeholder="your answer", continuous_update=False,
                          layout=w.Layout(width="11em"))
        unit = w.HTML(html.escape(field.unit))
        self.widget = w.HBox([_label(field.label), self.box, unit],
                             layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.widget.add_class("implcourse-inline")
        self.box.observe(self._tidy, names="value")

    def _tidy(self, change) -> None:
        """Show thousands separators once a readable number was typed."""
        try:
            tidy = answers.format_number(answers.parse_number(change["new"]))
        except (answers.AnswerError, TypeError):
            return
        if tidy != change["new"]:
            self.box.value = tidy

    def read(self) -> float:
        return self.field.from_text(self.box.value)

    def untouched(self) -> bool:
        return not self.box.value.strip()

    def fill(self, value) -> None:
        self.box.value = self.field.to_text(value)


class _ChoiceInput(_Input):
    def __init__(self, field: answers.Choice) -> None:
        super().__init__(field)
        labels = [label for label, _ in field.options]
        short = sum(len(label) for label in labels) <= 48
        self.buttons = w.RadioButtons(options=labels, value=None,
                                      orientation="horizontal" if short else "vertical",
                                      layout=w.Layout(width="auto"))
        self.widget = w.VBox([_label(field.label), self.buttons])

    def read(self):
        if self.buttons.value is None:
            raise answers.AnswerError(f"{self.field.label}: choose one")
        return self.field.coerce(self.buttons.value)

    def fill(self, value) -> None:
        self.buttons.value = self.field.label_of(value)

    def untouched(self) -> bool:
        return self.buttons.value is None


class _MultiInput(_Input):
    def __init__(self, field: answers.MultiChoice) -> None:
        super().__init__(field)
        self.boxes = [w.Checkbox(description=label, value=False, indent=False,
                                 layout=w.Layout(width="auto"))
                      for label, _ in field.options]
        hint = w.HTML(f"<i>{html.escape(field.note)}</i>")
        self.widget = w.VBox([_label(field.label), hint, *self.boxes])

    def read(self) -> list:
        return [value for box, (_, value) in zip(self.boxes, self.field.options) if box.value]

    def untouched(self) -> bool:
        # Ticking nothing may be the answer ("none of them"), so this alone never
        # makes a form unanswered; see ExerciseForm.unanswered.
        return not any(box.value for box in self.boxes)

    def fill(self, value) -> None:
        chosen = set(self.field.coerce(value))
        for box, (_, option) in zip(self.boxes, self.field.options):
            box.value = option in chosen


class _OrderingInput(_Input):
    def __init__(self, field: answers.Ordering) -> None:
        super().__init__(field)
        self.order = list(field.values)
        self.touched = False  # the shuffled start is no answer yet
        self.labels = [w.HTML() for _ in self.order]
        rows = []
        for i, text in enumerate(self.labels):
            up = w.Button(icon="arrow-up", tooltip="Move up", disabled=i == 0,
                          layout=w.Layout(width="2.6em"))
            down = w.Button(icon="arrow-down", tooltip="Move down",
                            disabled=i == len(self.order) - 1, layout=w.Layout(width="2.6em"))
            up.on_click(lambda _, i=i: self.move(i, -1))
            down.on_click(lambda _, i=i: self.move(i, +1))
            rows.append(w.HBox([up, down, text], layout=w.Layout(align_items="center")))
        self.rows = w.VBox(rows)
        self.widget = w.VBox([_label(field.label), self.rows])
        self._draw()

    def move(self, index: int, step: int) -> None:
        """Move the item at ``index`` up (``step=-1``) or down (``+1``)."""
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self.touched = True
            self._draw()

    def _draw(self) -> None:
        """The rows keep their buttons; only the labels change (fast, and the buttons
        a learner is about to press stay where they are)."""
        for i, (text, value) in enumerate(zip(self.labels, self.order)):
            text.value = f"{i + 1}. {html.escape(self.field.label_of(value))}"

    @property
    def buttons(self) -> list[tuple[w.Button, w.Button]]:
        """(up, down) per row, top first."""
        return [(row.children[0], row.children[1]) for row in self.rows.children]

    def read(self) -> list:
        if not self.touched:
            raise answers.AnswerError(f"{self.field.label}: no answer yet; move the items "
                                      "into order with the arrows first")
        return list(self.order)

    def fill(self, value) -> None:
        self.order = self.field.coerce(value)
        self.touched = True
        self._draw()

    def untouched(self) -> bool:
        return not self.touched


class _TableInput(_Input):
    def __init__(self, field: answers.Table) -> None:
        super().__init__(field)
        options = [("choose…", None), *field.column.options]
        self.pickers = [w.Dropdown(options=options, value=None, layout=w.Layout(width="auto"))
                        for _ in field.rows]
        cells: list[w.Widget] = [_label("#"), _label(field.rows and "Item" or ""),
                                 _label(field.column.label)]
        for number, (row, picker) in enumerate(zip(field.rows, self.pickers), start=1):
            cells += [w.HTML(f"{number}."), w.HTML(html.escape(row)), picker]
        grid = w.GridBox(cells, layout=w.Layout(
            grid_template_columns="2em minmax(12em, 1fr) minmax(9em, max-content)",
            grid_gap="4px 10px", align_items="center", width="100%"))
        self.widget = grid

    def read(self) -> list:
        for number, picker in enumerate(self.pickers, start=1):
            if picker.value is None:
                raise answers.AnswerError(f"Row {number}: choose the {self.field.column.label.lower()}")
        return [picker.value for picker in self.pickers]

    def fill(self, value) -> None:
        for picker, item in zip(self.pickers, self.field.coerce(value)):
            picker.value = item

    def untouched(self) -> bool:
        return all(picker.value is None for picker in self.pickers)


_INPUTS = [(answers.Table, _TableInput), (answers.Ordering, _OrderingInput),
           (answers.MultiChoice, _MultiInput), (answers.Choice, _ChoiceInput),
           (answers.Number, _NumberInput)]


def _input_for(field: answers.Field) -> _Input:
    for kind, view in _INPUTS:
        if isinstance(field, kind):
            return view(field)
    raise TypeError(f"no form input for a {type(field).__name__} field")


class ExerciseForm(Tool):
    """The answer form of one exercise (see :func:`answer_form`).

    Attributes
    ----------
    inputs : dict
        One input per field name; each has ``read()`` and ``fill(value)``.
    check_button, hint_button, solution_button : ipywidgets.Button
    feedback, hint_area, solution_area : ipywidgets.HTML
    """

    def __init__(self, exercise) -> None:
        self.exercise = exercise
        self.inputs = {f.name: _input_for(f) for f in exercise.fields()}
        # A table input lists the items itself; the task's own list would repeat them.
        tabled = any(isinstance(f, answers.Table) for f in exercise.fields())
        task = w.HTML(markdown_html(f"**Task.** {exercise.task}"))
        details = exercise._details()
        # The data the task works on, in full (a learner adds up its figures).
        data = w.HTML(markdown_html(details) if details and not tabled else "")
        self.check_button = w.Button(description="Check", button_style="primary", icon="check")
        self.hint_button = w.Button(description="Hint", icon="lightbulb-o")
        self.solution_button = w.Button(description="Show solution", icon="eye")
        self.mode = solution_mode()
        if self.mode == "closed-book":
            self.solution_button.tooltip = "Your trainer has the worked solutions."
        elif self.mode == "off":
            self.solution_button.disabled = True
            self.solution_button.description = "Solutions off"
            self.solution_button.tooltip = "Your trainer switched the worked solutions off."
        self.feedback = w.HTML(note_html(_PENDING))
        self.hint_area = w.HTML()
        self.solution_area = w.HTML()
        self._confirming = False
        self.check_button.on_click(self._on_check)
        self.hint_button.on_click(self._on_hint)
        self.solution_button.on_click(self._on_solution)
        buttons = w.HBox([self.check_button, self.hint_button, self.solution_button],
                         layout=w.Layout(flex_flow="row wrap"))
        body = [task, data, *(i.widget for i in self.inputs.values()), buttons, self.feedback,
                self.hint_area, self.solution_area]
        super().__init__(exercise.title, body)
        self.add_class("implcourse-exercise")

    def answer(self) -> dict:
        """The inputs' values for ``check``; raises :class:`answers.AnswerError`."""
        return {name: view.read() for name, view in self.inputs.items()}

    def unanswered(self) -> bool:
        """Whether nothing has been entered yet: every input is untouched (ticking
        no box counts as untouched only when the form also has other inputs, since
        "none of them" can be an answer)."""
        views = list(self.inputs.values())
        return (any(not isinstance(v, _MultiInput) for v in views)
                and all(v.untouched() for v in views))

    def _on_check(self, _=None) -> None:
        if self.unanswered():
            try:
                self.answer()
                message = PLACEHOLDER_MESSAGE
            except answers.AnswerError as err:  # names the first input to fill in
                message = f"Fill in the form, then press Check (first: {err})."
            self.feedback.value = Feedback(False, message, pending=True)._repr_html_()
            return
        try:
            values = self.answer()
        except answers.AnswerError as err:
            self.feedback.value = error_html(err)
            return
        self.feedback.value = self.exercise.check(**values)._repr_html_()
        if self._confirming:
            self._reset_solution_button()

    def _on_hint(self, _=None) -> None:
        self.hint_area.value = note_html(markdown_html(self.exercise.hint().markdown))

    def _reset_solution_button(self) -> None:
        self._confirming = False
        self.solution_button.description = "Show solution"
        self.solution_button.button_style = ""

    def _on_solution(self, _=None) -> None:
        if self.mode == "closed-book":
            self.solution_area.value = note_html(html.escape(CLOSED_BOOK_MESSAGE))
            return
        if not self.exercise.attempts and not self._confirming:
            self._confirming = True
            self.solution_button.description = "Show it anyway"
            self.solution_button.button_style = "warning"
            self.solution_area.value = note_html(
                "You have not checked an answer yet. Working it out first is what makes it "
                "stick; a hint may be enough. Press <b>Show it anyway</b> to see the worked "
                "solution.")
            return
        note = self.exercise.solution(confirm=True)
        self._reset_solution_button()
        self.solution_area.value = note_html("<b>Worked solution.</b>"
                                             + markdown_html(note.markdown))

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/markdown"] = (self.exercise.show().markdown + "\n\n*The answer form "
                                   "appears here when the cell runs.*")
        return bundle


def answer_form(exercise) -> ExerciseForm:
    """The answer form of ``exercise``: task, inputs, Check, Hint, Show solution.

    Examples
    --------
    >>> from implcourse.exercises.start import CourseMinutes
    >>> form = answer_form(CourseMinutes("01"))
    >>> form.inputs["minutes"].box.value = "80"
    >>> form.check_button.click()
    >>> "Correct" in form.feedback.value
    True
    """
    return ExerciseForm(exercise)
