"""The answer forms of every exercise of every lesson, driven without a browser.

Each form is built from its exercise's fields; it is filled once through the
inputs' ``fill`` and once through the raw widgets, as a learner would (typing
into a text box, choosing a radio button or a drop-down entry, ticking boxes,
pressing the up and down arrows), and Check must then say Correct and record
exactly one attempt. The right answers come from the exercise (``expected()``,
computed by the package), never from this file.
"""

from __future__ import annotations

import html
import inspect
import math
import re

import ipywidgets as w
import pytest

from implcourse import answers, progress
from implcourse.widgets.common import markdown_html
from implcourse.widgets.forms import ExerciseForm

from helpers import build, every_exercise_class, order_by_clicks

CLASSES = every_exercise_class()
SEEDS = [4, 11]


def seeded(cls) -> bool:
    return "seed" in inspect.signature(cls).parameters


CASES = [pytest.param(cls, seed, id=f"{cls.__name__}-{seed}")
         for cls in CLASSES for seed in (SEEDS if seeded(cls) else SEEDS[:1])]


def attempts() -> list[dict]:
    return [r for r in progress.ProgressStore().records() if r["kind"] == "exercise"]


def solutions_seen() -> list[dict]:
    return [r for r in progress.ProgressStore().records() if r["kind"] == progress.SOLUTION]


def widgets_of(widget) -> list:
    """Every widget inside ``widget`` (itself included), depth first."""
    out = [widget]
    for child in getattr(widget, "children", ()):
        out += widgets_of(child)
    return out


def shown_html(form) -> str:
    """Every piece of HTML the form shows, joined."""
    return "\n".join(x.value for x in widgets_of(form) if isinstance(x, w.HTML))


def typed(field: answers.Number, value: float) -> str:
    """What a learner would type for ``value``: the number as they read it off their
    working (thousands separators, a hyphen for minus, per cent for a per-cent field,
    the field's decimals), then the unit."""
    number = value * (100 if field.percent else 1)
    decimals = field.decimals if field.decimals is not None else 6
    text = f"{number:,.{decimals}f}"
    return f"{text} {field.unit}" if field.unit else text


def set_raw(view, field, value) -> None:
    """Put ``value`` into an input through its own widgets, not through ``fill``."""
    if isinstance(field, answers.Table):
        for picker, item in zip(view.pickers, field.coerce(value)):
            assert item in [option for _, option in picker.options]
            picker.value = item
    elif isinstance(field, answers.Ordering):
        order_by_clicks(view, field.coerce(value))
    elif isinstance(field, answers.MultiChoice):
        chosen = set(field.coerce(value))
        for box, (label, option) in zip(view.boxes, field.options):
            assert box.description == label
            box.value = option in chosen
    elif isinstance(field, answers.Choice):
        view.buttons.value = field.label_of(field.coerce(value))
    elif isinstance(field, answers.Number):
        view.box.value = typed(field, value)
    else:  # pragma: no cover - a new kind of field needs a case here
        raise AssertionError(f"no way to type into a {type(field).__name__}")


# --------------------------------------------------------------------------
# Fields and expected answers
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls, seed", CASES)
def test_fields_are_the_parameters_of_grade(cls, seed):
    """One field per parameter of _grade, in the same order (check's arguments)."""
    ex = build(cls, seed)
    fields = ex.fields()
    assert fields, f"{cls.__name__} has no fields() yet"
    assert all(isinstance(f, answers.Field) for f in fields)
    assert [f.name for f in fields] == list(inspect.signature(ex._grade).parameters)
    assert list(ex.expected()) == [f.name for f in fields]


@pytest.mark.parametrize("cls, seed", CASES)
def test_expected_answer_is_correct(cls, seed, progress_home):
    """check(**expected()) is correct and recorded once."""
    ex = build(cls, seed)
    feedback = ex.check(**ex.expected())
    assert feedback.correct, feedback
    assert [(r["item"], r["correct"]) for r in attempts()] == [(ex.id, True)]


# --------------------------------------------------------------------------
# Filling the form
# --------------------------------------------------------------------------

@pytest.mark.parametrize("cls, seed", CASES)
def test_form_filled_with_expected_says_correct(cls, seed, progress_home):
    """Each input filled with the expected answer, then Check: Correct, one attempt."""
    ex = build(cls, seed)
    form = ex.form()
    assert isinstance(form, ExerciseForm) and form.title == ex.title
    assert list(form.inputs) == [f.name for f in ex.fields()]
    for name, value in ex.expected().items():
        form.inputs[name].fill(value)
    form.check_button.click()
    assert "Correct!" in form.feedback.value, html.unescape(form.feedback.value)
    assert [(r["item"], r["lesson"], r["topic"], r["correct"]) for r in attempts()] == \
        [(ex.id, ex.lesson, ex.topic, True)]
    assert ex.attempts == 1


@pytest.mark.parametrize("cls, seed", CASES)
def test_form_filled_through_the_widgets_says_correct(cls, seed, progress_home):
    """The same through the raw widgets: text typed into a Number's box, a radio button's
    label picked, boxes ticked, drop-down values chosen, arrows pressed."""
    ex = build(cls, seed)
    form = ex.form()
    fields = {f.name: f for f in ex.fields()}
    for name, value in ex.expected().items():
        set_raw(form.inputs[name], fields[name], value)
    form.check_button.click()
    assert "Correct!" in form.feedback.value, (html.unescape(form.feedback.value),
                                              {n: getattr(v, "box", v) for n, v in
                                               form.inputs.items()})
    assert [(r["item"], r["correct"]) for r in attempts()] == [(ex.id, True)]


@pytest.mark.parametrize("cls, seed", CASES)
def test_inputs_read_back_what_they_were_filled_with(cls, seed):
    """read() gives back the expected answer, within a Number's displayed decimals."""
    ex = build(cls, seed)
    form = ex.form()
    fields = {f.name: f for f in ex.fields()}
    for name, value in ex.expected().items():
        form.inputs[name].fill(value)
        got = form.inputs[name].read()
        field = fields[name]
        if isinstance(field, answers.Number):
            scale = 100 if field.percent else 1
            step = 10.0 ** -(field.decimals if field.decimals is not None else 6)
            assert abs(got - value) <= step / 2 / scale + 1e-9 * abs(value)
        else:
            assert got == field.coerce(value)


@pytest.mark.parametrize("cls, seed", CASES)
def test_empty_form_names_the_first_field_and_records_nothing(cls, seed, progress_home):
    """Check on an untouched form: a message naming the first field as labelled, in the
    warning style; nothing graded, nothing recorded."""
    ex = build(cls, seed)
    form = ex.form()
    form.check_button.click()
    first = ex.fields()[0]
    # A table's message names its column in the sentence ("Row 1: choose the phase").
    assert html.escape(first.label).lower() in form.feedback.value.lower(), form.feedback.value
    assert "Correct" not in form.feedback.value and "Not yet" not in form.feedback.value
    assert attempts() == [] and ex.attempts == 0


def test_typed_numbers_are_tidied_and_read_in_the_learners_units(progress_home):
    """A Number box adds thousands separators once a number is readable, and reads
    per cent for a per-cent field; an unreadable box names its field and records
    nothing."""
    from implcourse.exercises.lifecycle import GoNoGo

    ex = GoNoGo(seed=2)
    form = ex.form()
    box = form.inputs["score"].box
    box.value = "1234.5"
    assert box.value == "1,234.5"
    box.value = "73.0 %"
    assert form.inputs["score"].read() == pytest.approx(0.73)
    box.value = "12,5"
    assert box.value == "12,5"                        # not readable: left as typed
    form.check_button.click()
    assert "Readiness score: use a point for decimals, as in 12.5" in \
        html.unescape(form.feedback.value)
    assert attempts() == []


# --------------------------------------------------------------------------
# Show solution and Hint
# --------------------------------------------------------------------------

def solution_html(ex) -> str:
    return markdown_html(ex._solution().markdown)


@pytest.mark.parametrize("cls, seed", CASES)
def test_show_solution_asks_first_then_shows_and_records(cls, seed, progress_home):
    """No answer checked yet: the first click asks for confirmation and shows none of the
    solution; the second shows it and records that it was seen, once."""
    ex = build(cls, seed)
    form = ex.form()
    form.solution_button.click()
    assert "not checked an answer yet" in form.solution_area.value
    assert solution_html(ex) not in form.solution_area.value
    assert "Worked solution" not in form.solution_area.value
    assert form.solution_button.description == "Show it anyway"
    assert solutions_seen() == []
    form.solution_button.click()
    assert "Worked solution" in form.solution_area.value
    assert solution_html(ex) in form.solution_area.value
    assert form.solution_button.description == "Show solution"
    assert [(r["item"], r["lesson"], r["topic"]) for r in solutions_seen()] == \
        [(ex.id, ex.lesson, ex.topic)]
    assert attempts() == []


@pytest.mark.parametrize("cls, seed", CASES)
def test_show_solution_after_a_checked_answer_needs_one_click(cls, seed, progress_home):
    """After one checked answer (here the right one), one click shows the solution."""
    ex = build(cls, seed)
    form = ex.form()
    for name, value in ex.expected().items():
        form.inputs[name].fill(value)
    form.check_button.click()
    form.solution_button.click()
    assert solution_html(ex) in form.solution_area.value
    assert len(solutions_seen()) == 1 and len(attempts()) == 1


def test_checking_while_asked_to_confirm_resets_the_button(progress_home):
    """A Check between the two clicks: the answer counts, so one click shows it."""
    from implcourse.exercises.start import CourseMinutes

    ex = CourseMinutes()
    form = ex.form()
    form.solution_button.click()
    assert form.solution_button.description == "Show it anyway"
    form.inputs["minutes"].box.value = "1"
    form.check_button.click()
    assert "Not yet" in form.feedback.value
    assert form.solution_button.description == "Show solution"
    form.solution_button.click()
    assert solution_html(ex) in form.solution_area.value


@pytest.mark.parametrize("cls, seed", CASES)
def test_hint_button_numbers_the_hints(cls, seed, progress_home):
    """Hint shows "Hint 1 of N", then the next; it records nothing."""
    ex = build(cls, seed)
    form = ex.form()
    n = len(ex.hints)
    assert form.hint_area.value == ""
    twin = build(cls, seed)                          # the same exercise, for its notes
    form.hint_button.click()
    assert f"Hint 1 of {n}" in form.hint_area.value
    assert markdown_html(twin.hint().markdown) in form.hint_area.value
    form.hint_button.click()
    assert f"Hint 2 of {n}" in form.hint_area.value
    assert markdown_html(twin.hint().markdown) in form.hint_area.value
    assert progress.ProgressStore().records() == []


@pytest.mark.parametrize("cls, seed", CASES)
def test_a_new_form_shows_no_solution(cls, seed):
    """When first drawn (Run All), the form shows the task and nothing of the solution,
    nor any feedback or hint."""
    ex = build(cls, seed)
    form = ex.form()
    page = shown_html(form)
    assert solution_html(ex) not in page
    assert form.solution_area.value == "" and form.hint_area.value == ""
    assert "Correct" not in form.feedback.value and "Not yet" not in form.feedback.value
    tabled = [f for f in ex.fields() if isinstance(f, answers.Table)]
    if tabled:  # the table lists the items, so the task's own list is left out
        assert markdown_html(f"**Task.** {ex.task}") in page
        for row in tabled[0].rows:
            assert html.escape(row) in page
    else:
        assert markdown_html(f"**Task.** {ex.task}") in page
        details = ex._details()
        if details:  # the data the task works on, in its own (scrolling) box
            assert markdown_html(details) in page
    bundle = form._repr_mimebundle_()
    assert ex._solution().markdown not in bundle["text/markdown"]
    assert bundle["text/markdown"].startswith(ex.show().markdown)


# --------------------------------------------------------------------------
# Hints and labels
# --------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.,])[−-]?\d[\d,]*(?:\.\d+)?%?")


def answer_numbers(ex) -> set[str]:
    """Every numeric part of the expected answer, written as a hint might write it.

    A format that rounds a non-whole value to a single digit (0.66 as "1", 0.004 as
    "0%") is left out: "1" is then not a number of the answer, and hints say "year 1"."""
    out = set()
    for value in ex.expected().values():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        for form in ("g", ",.0f", ".2f", ".1%", ".0%"):
            text = format(value, form)
            digits = text.strip("-%")
            shown = value * 100 if form.endswith("%") else value
            if len(digits) == 1 and not math.isclose(shown, float(digits), abs_tol=1e-9):
                continue
            out.add(text)
    return out


@pytest.mark.parametrize("cls, seed", CASES)
def test_no_hint_gives_a_number_of_the_answer(cls, seed):
    """No hint contains a number of the expected answer, however it is formatted."""
    ex = build(cls, seed)
    secret = answer_numbers(ex)
    for hint in ex.hints:
        found = {m.replace("−", "-") for m in NUMBER.findall(hint)}
        found |= {f"{m}%" for m in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s%", hint)}
        assert not found & secret, (hint, found & secret)
        for text in secret:
            if len(text.strip("-%0.,")) >= 2:   # long enough not to be a digit of a word
                assert text not in hint, (hint, text)


SNAKE = re.compile(r"\b[A-Za-z0-9]+_[A-Za-z0-9_]+\b")


def labels_of(field) -> list[str]:
    out = [field.label]
    if isinstance(field, answers.Choice):
        out += [label for label, _ in field.options]
    if isinstance(field, answers.Table):
        out += [field.column.label, *(label for label, _ in field.column.options)]
    return out


@pytest.mark.parametrize("cls, seed", CASES)
def test_every_label_is_free_of_snake_case(cls, seed):
    """What the form labels (fields, options, columns) is words, never an identifier."""
    ex = build(cls, seed)
    for field in ex.fields():
        for label in labels_of(field):
            assert label.strip(), field
            assert not SNAKE.search(label), (field.name, label)
    form = ex.form()
    for view in form.inputs.values():
        for widget in widgets_of(view.widget):
            text = getattr(widget, "description", "") or ""
            if isinstance(widget, w.HTML):
                text = html.unescape(re.sub(r"<[^>]+>", " ", widget.value))
            assert not SNAKE.search(text), text
            if isinstance(widget, w.Dropdown):
                for label, _ in widget.options:
                    assert not SNAKE.search(label), label


def test_every_lesson_has_forms():
    """The forms cover the exercises of every lesson module."""
    modules = {cls.__module__.rsplit(".", 1)[1] for cls in CLASSES}
    assert modules >= {"start", "lifecycle", "methods", "rollout", "risk", "finance", "kpis",
                       "earned_value", "portfolio", "stakeholders", "communication", "partners",
                       "contracts"}
    assert len(CASES) >= len(CLASSES)


def test_a_trainer_can_switch_solutions_off(monkeypatch, progress_home):
    """IMPLCOURSE_SOLUTIONS=off (an exam rehearsal): the button is off, solution() says
    so, and nothing is recorded as seen."""
    from implcourse import progress
    from implcourse.exercises.start import CourseMinutes

    monkeypatch.setenv("IMPLCOURSE_SOLUTIONS", "off")
    ex = CourseMinutes("01")
    form = ex.form()
    assert form.solution_button.disabled
    form.inputs["minutes"].fill(ex.expected()["minutes"])
    form.check_button.click()
    note = ex.solution()
    assert "switched off" in note.markdown and ex._solution().markdown not in note.markdown
    assert [r for r in progress.ProgressStore().records() if r["kind"] == "solution"] == []
    monkeypatch.setenv("IMPLCOURSE_SOLUTIONS", "on")
    assert ex._solution().markdown == ex.solution().markdown
