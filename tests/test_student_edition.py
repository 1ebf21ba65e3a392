"""The participant edition (``implcourse student-edition OUTDIR``).

What the issue asks, each tested here:

- solution and trainer cells removed, outputs that could reveal an answer cleared;
- the package closed-book in the edition: ``ex.solution()`` and *Show solution*
  say that the trainer has the worked solutions;
- no line of any worked solution appears anywhere in the edition: every
  exercise the edition builds is rebuilt in a kernel (same notebook, same seed)
  and its worked solution is searched for, line by line, in every file of the
  edition; a planted line is caught (the check can fail);
- every participant notebook runs top to bottom without error (executed with
  nbclient in a scratch home, from the edition's folder, as a participant runs it);
- an unanswered check says "not answered yet": an exercise's ``check(None)``,
  its form's Check with nothing entered, and a knowledge check's Check.

The edition is written and executed once per module (fixtures ``edition`` and
``executed``); executing the eleven lessons is most of this file's time.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest

from implcourse import course, editions
from implcourse.exercises import (CLOSED_BOOK_MARKER, CLOSED_BOOK_MESSAGE, PLACEHOLDER_MESSAGE,
                                  solution_mode)

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [lesson.notebook for lesson in course.load_course()]

#: A solution line this long (after normalising) is specific enough to search for.
MIN_LINE = 25

#: Run in the kernel after the last cell of a lesson: every exercise the lesson
#: built, with its worked solution (computed, not shown), what closed-book
#: ``solution()`` says, and what its form says to Check and Show solution with
#: nothing entered; and what each knowledge check says when checked unanswered.
PROBE = r'''
import json as _json
from implcourse.exercises import Exercise as _Exercise, solution_mode as _mode
_probe = {"mode": _mode(), "exercises": [], "checks": []}
for _name, _value in sorted(globals().items()):
    if isinstance(_value, _Exercise) and not _name.startswith("_"):
        _form = _value.form()
        _unanswered = _form.unanswered()
        if _unanswered:
            _form.check_button.click()
        _form.solution_button.click()
        _probe["exercises"].append({
            "name": _name, "class": type(_value).__name__,
            "solution": _value._solution().markdown,
            "closed": _value.solution(confirm=True).markdown,
            "unanswered": _unanswered, "check": _form.feedback.value,
            "show": _form.solution_area.value})
for _value in list(Out.values()):
    if hasattr(_value, "check_this") and hasattr(_value, "feedback"):
        _value.check_this.click()
        _first = _value.feedback[0].value
        _value.check.click()
        _probe["checks"].append({"question": _first, "summary": _value.result.value})
print(_json.dumps(_probe))
'''


def normalise(text: str) -> str:
    """Text as compared: HTML entities and Markdown emphasis gone, Unicode
    normalised, spaces collapsed, case folded."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[*_`|#>]+", " ", text)
    return " ".join(text.split()).casefold()


def solution_lines(markdown: str) -> list[str]:
    """The non-trivial lines of a worked solution (a table row is a line), normalised."""
    return [n for n in map(normalise, markdown.splitlines()) if len(n) >= MIN_LINE]


def _strings(value) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.items() for part in item for s in _strings(part)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def folder_text(folder: Path) -> dict[str, str]:
    """Every file of a folder (hidden ones too), as normalised text; a notebook's
    strings (sources, outputs, metadata, widget state) one per line."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            raw = "\n".join(_strings(json.loads(raw)))
        texts[path.relative_to(folder).as_posix()] = "\n".join(
            normalise(line) for line in raw.splitlines())
    return texts


def leaks(folder: Path, solutions: dict[str, str]) -> list[tuple[str, str, str]]:
    """(file, exercise, line) for every solution line found in a file of the folder."""
    found = []
    texts = folder_text(folder)
    for exercise, markdown in solutions.items():
        for line in solution_lines(markdown):
            found += [(name, exercise, line) for name, text in texts.items() if line in text]
    return found


# --------------------------------------------------------------------------
# Fixtures: the edition, written once, and each lesson of it executed once
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> editions.EditionReport:
    return editions.student_edition(tmp_path_factory.mktemp("course") / "edition")


@pytest.fixture(scope="module")
def executed(edition, tmp_path_factory):
    """Each lesson of the edition run top to bottom in a fresh kernel, from the
    edition's folder, with a scratch home, plus the probe: name -> (notebook, probe)."""
    from nbclient import NotebookClient

    scratch = tmp_path_factory.mktemp("participant")
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("HOME", scratch / "home"), ("IMPLCOURSE_HOME", scratch / "ic"),
                            ("MPLCONFIGDIR", scratch / "mpl")):
            mp.setenv(name, str(value))
        for var in ("IMPLCOURSE_SOLUTIONS", "IMPLCOURSE_CLOSED_BOOK"):
            mp.delenv(var, raising=False)
        for name in edition.notebooks:
            nb = nbformat.read(edition.outdir / name, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(PROBE))
            NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                           record_timing=False,
                           resources={"metadata": {"path": str(edition.outdir)}}).execute()
            printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs
                              if o.output_type == "stream" and o.name == "stdout")
            results[name] = (nb, json.loads(printed) if printed.strip() else None)
    return results


# --------------------------------------------------------------------------
# The edition's files
# --------------------------------------------------------------------------

def test_the_edition_holds_the_lessons_of_the_course_map_and_the_marker(edition):
    assert list(edition.notebooks) == LESSONS
    files = sorted(p.name for p in edition.outdir.iterdir())
    assert files == sorted([*LESSONS, CLOSED_BOOK_MARKER])
    assert edition.removed_cells > 0 and edition.cleared_outputs > 0
    assert str(edition).startswith(f"Participant edition: {len(LESSONS)} notebooks,")


@pytest.mark.parametrize("name", LESSONS)
def test_trainer_cells_outputs_and_widget_state_are_gone(edition, name):
    source = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    copy = nbformat.read(edition.outdir / name, as_version=4)
    nbformat.validate(copy)
    kept = [c for c in source.cells
            if not {"trainer", "solution"} & set(c.metadata.get("tags", []))]
    assert len(kept) < len(source.cells), f"{name}: no trainer cell to remove"
    note = [c for c in copy.cells if "participant-edition" in c.metadata.get("tags", [])]
    assert len(note) == 1 and copy.cells[1] is note[0]
    assert note[0].source == editions.EDITION_NOTE
    assert [c.source for c in copy.cells if c is not note[0]] == [c.source for c in kept]
    assert not any("trainer" in c.metadata.get("tags", []) for c in copy.cells)
    assert "**Trainer notes.**" not in "".join(c.source for c in copy.cells)
    code = [c for c in copy.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "widgets" not in copy.metadata
    assert any(c.get("outputs") for c in source.cells), "the course's lesson was executed"


def test_no_line_of_a_trainer_note_appears_in_the_edition(edition):
    """Trainer notes hold the answer keys of the "Try it" questions: none of their
    lines is anywhere in the edition (unless the lesson itself says the same)."""
    texts = folder_text(edition.outdir)
    searched = 0
    for name in edition.notebooks:
        source = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        public = "\n".join(normalise(line) for c in source.cells
                           if "trainer" not in c.metadata.get("tags", [])
                           for line in c.source.splitlines())
        notes = [c.source for c in source.cells if "trainer" in c.metadata.get("tags", [])]
        lines = [line for note in notes for line in solution_lines(note) if line not in public]
        searched += len(lines)
        found = [(file, line) for line in lines for file, text in texts.items() if line in text]
        assert found == [], found
    assert searched >= 50


def test_a_solution_cell_of_a_trainers_own_notebook_is_removed(tmp_path):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    mine = tmp_path / "mine"
    mine.mkdir()
    nb = new_notebook(cells=[
        new_markdown_cell("# My lesson"),
        new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
        new_markdown_cell("**Trainer notes.** Pause here.", metadata={"tags": ["trainer"]}),
        new_code_cell("print('hello')", execution_count=3, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="hello\n")])])
    nb.metadata["widgets"] = {"state": {"x": {"value": "answer 42"}}}
    nbformat.write(nb, mine / "my_lesson.ipynb")
    (mine / "sub").mkdir()
    nbformat.write(new_notebook(), mine / "sub" / "trainer_only.ipynb")
    report = editions.student_edition(tmp_path / "out", source=mine)
    assert report.notebooks == ("my_lesson.ipynb",) and report.removed_cells == 2
    copy = nbformat.read(tmp_path / "out" / "my_lesson.ipynb", as_version=4)
    assert [c.source for c in copy.cells] == ["# My lesson", editions.EDITION_NOTE,
                                              "print('hello')"]
    assert copy.cells[2].outputs == [] and "widgets" not in copy.metadata
    assert "42" not in (tmp_path / "out" / "my_lesson.ipynb").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Where an edition may be written
# --------------------------------------------------------------------------

def test_a_folder_inside_or_around_the_course_is_refused(tmp_path):
    for bad in (ROOT / "notebooks" / "participants", ROOT / "notebooks", ROOT,
                ROOT / "datasets" / "x"):
        with pytest.raises(editions.EditionError, match="outside them"):
            editions.student_edition(bad)
    assert not (ROOT / "notebooks" / "participants").exists()
    assert not (ROOT / CLOSED_BOOK_MARKER).exists()


def test_a_folder_with_files_is_refused_unless_forced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(editions.EditionError, match="already holds files.*--force"):
        editions.student_edition(out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    report = editions.student_edition(out, overwrite=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"   # never deleted
    assert set(report.notebooks) <= {p.name for p in out.iterdir()}
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(editions.EditionError, match="is a file"):
        editions.student_edition(file, overwrite=True)


@pytest.mark.parametrize("bad, error", [(None, TypeError), (3, TypeError), ("", ValueError),
                                        ("  ", ValueError)])
def test_bad_arguments_name_the_parameter(bad, error, tmp_path):
    with pytest.raises(error, match="outdir"):
        editions.student_edition(bad)
    with pytest.raises(error, match="source"):
        editions.student_edition(tmp_path / "a", source=bad if bad is not None else 3)
    with pytest.raises(TypeError, match="overwrite"):
        editions.student_edition(tmp_path / "b", overwrite="yes")
    with pytest.raises(editions.EditionError, match="source: no such folder"):
        editions.student_edition(tmp_path / "c", source=tmp_path / "missing")


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "implcourse.cli", "student-edition", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_command_writes_the_edition_and_refuses_plainly(tmp_path):
    done = _cli("edition", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Participant edition: {len(LESSONS)} notebooks")
    assert "Traceback" not in done.stderr
    assert (tmp_path / "edition" / CLOSED_BOOK_MARKER).is_file()
    again = _cli("edition", cwd=tmp_path)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "already holds files" in again.stderr
    assert _cli("edition", "--force", cwd=tmp_path).returncode == 0
    usage = _cli(cwd=tmp_path)
    assert usage.returncode == 2 and "OUTDIR" in usage.stderr


# --------------------------------------------------------------------------
# Closed-book mode
# --------------------------------------------------------------------------

def test_closed_book_mode_comes_from_the_marker_in_the_folder_or_a_parent(tmp_path,
                                                                          monkeypatch):
    from implcourse.exercises.start import CourseMinutes

    monkeypatch.delenv("IMPLCOURSE_CLOSED_BOOK", raising=False)
    monkeypatch.delenv("IMPLCOURSE_SOLUTIONS", raising=False)
    inner = tmp_path / "edition" / "week1"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert solution_mode() == "open"
    (tmp_path / "edition" / CLOSED_BOOK_MARKER).write_text("x", encoding="utf-8")
    assert solution_mode() == "closed-book"
    ex = CourseMinutes("01")
    assert CLOSED_BOOK_MESSAGE in ex.solution(confirm=True).markdown
    assert "Hint 1 of" in ex.hint().markdown                      # hints still work
    monkeypatch.chdir(tmp_path)
    assert solution_mode() == "open"
    monkeypatch.setenv("IMPLCOURSE_CLOSED_BOOK", "1")
    assert solution_mode() == "closed-book"
    monkeypatch.setenv("IMPLCOURSE_CLOSED_BOOK", "0")
    monkeypatch.setenv("IMPLCOURSE_SOLUTIONS", "off")
    assert solution_mode() == "off"


def test_closed_book_form_says_the_trainer_has_the_solutions(monkeypatch, progress_home):
    from implcourse.exercises.start import CourseMinutes

    monkeypatch.setenv("IMPLCOURSE_CLOSED_BOOK", "1")
    ex = CourseMinutes("01")
    form = ex.form()
    assert not form.solution_button.disabled
    form.inputs["minutes"].box.value = "80"
    form.check_button.click()
    assert "Correct" in form.feedback.value                       # checking still works
    form.solution_button.click()
    assert html.escape(CLOSED_BOOK_MESSAGE) in form.solution_area.value
    assert normalise(ex._solution().markdown)[:40] not in normalise(form.solution_area.value)
    form.hint_button.click()
    assert "Hint 1 of" in form.hint_area.value


# --------------------------------------------------------------------------
# "Not answered yet"
# --------------------------------------------------------------------------

def test_an_unanswered_exercise_says_not_answered_yet(progress_home):
    from implcourse.exercises.start import CourseMinutes

    ex = CourseMinutes("01")
    feedback = ex.check(None)
    assert str(feedback).startswith("Not answered yet.") and feedback.pending
    assert feedback.message == PLACEHOLDER_MESSAGE
    form = ex.form()
    form.check_button.click()
    assert "Not answered yet." in form.feedback.value
    assert "Minutes for the lesson" in form.feedback.value        # names what to fill in
    assert ex.attempts == 0


def test_an_unanswered_knowledge_check_says_not_answered_yet(progress_home):
    from implcourse.widgets.quiz import knowledge_check

    tool = knowledge_check("04", n=3, seed=5)
    tool.check_this.click()
    assert "Not answered yet." in tool.feedback[0].value
    tool.check.click()
    assert "Not answered yet" in tool.result.value


# --------------------------------------------------------------------------
# The edition, run as a participant runs it
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", LESSONS)
def test_every_participant_notebook_runs_top_to_bottom(executed, name):
    nb, probe = executed[name]
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(nb.cells)
              if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == [], f"{name}: {errors}"
    stderr = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs if o.output_type == "stream" and o.name == "stderr")
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert probe is not None and probe["mode"] == "closed-book"


@pytest.mark.parametrize("name", LESSONS)
def test_in_the_edition_show_solution_says_the_trainer_has_them(executed, name):
    _, probe = executed[name]
    for ex in probe["exercises"]:
        assert CLOSED_BOOK_MESSAGE in ex["closed"], ex["name"]
        assert html.escape(CLOSED_BOOK_MESSAGE) in ex["show"], ex["name"]
        if ex["unanswered"]:
            assert "Not answered yet." in ex["check"], ex["name"]
    for check in probe["checks"]:
        assert "Not answered yet." in check["question"]
        assert "Not answered yet" in check["summary"]


def test_every_lesson_with_exercises_and_checks_was_probed(executed):
    probes = {name: probe for name, (_, probe) in executed.items()}
    with_exercises = [n for n, p in probes.items() if p["exercises"]]
    assert len(with_exercises) >= len(LESSONS) - 3, sorted(probes)
    assert sum(len(p["checks"]) for p in probes.values()) >= 8
    assert sum(ex["unanswered"] for p in probes.values() for ex in p["exercises"]) >= 20


def _solutions(executed) -> dict[str, str]:
    return {f"{name} {ex['name']} ({ex['class']})": ex["solution"]
            for name, (_, probe) in executed.items() for ex in probe["exercises"]}


def test_no_line_of_any_solution_appears_in_the_edition(edition, executed):
    solutions = _solutions(executed)
    assert len(solutions) >= 40
    lines = [line for markdown in solutions.values() for line in solution_lines(markdown)]
    assert len(lines) >= 100, "too few solution lines to make the search meaningful"
    assert leaks(edition.outdir, solutions) == []


def test_the_solution_search_catches_a_planted_line(edition, executed, tmp_path):
    """The check can fail: one solution line planted in a copy of the edition, in a
    markdown cell, in an output or in saved widget state, is found."""
    import shutil

    solutions = _solutions(executed)
    key, markdown = max(solutions.items(), key=lambda item: len(solution_lines(item[1])))
    raw = next(line for line in markdown.splitlines()
               if len(normalise(line)) >= MIN_LINE and "|" not in line)
    name = edition.notebooks[4]
    for place in ("markdown", "output", "widgets"):
        copy = tmp_path / place
        shutil.copytree(edition.outdir, copy)
        nb = nbformat.read(copy / name, as_version=4)
        if place == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(f"Note: {raw}"))
        elif place == "output":
            cell = next(c for c in nb.cells if c.cell_type == "code")
            cell.outputs = [nbformat.v4.new_output("display_data",
                                                   data={"text/html": f"<p>{html.escape(raw)}</p>"})]
        else:
            nb.metadata["widgets"] = {"state": {"m": {"state": {"value": html.escape(raw)}}}}
        nbformat.write(nb, copy / name)
        found = leaks(copy, {key: markdown})
        assert found and all(file == name for file, _, _ in found), place
