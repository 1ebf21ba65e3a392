"""Notebook hygiene and the lesson template, on every committed notebook.

Strict nbval (run in the same pytest session) re-executes each notebook and
compares outputs. These checks catch what would make that comparison flaky,
or what breaks the lesson template, and say what to fix. Each check is a
function returning a list of problems; the last tests feed deliberately
broken notebooks to them, to show that they can fail.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from implcourse import course

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

ADDRESS = re.compile(r"at 0x[0-9a-fA-F]{6,}")
# Absolute paths of a machine: home and temporary folders, Windows drives.
ABSOLUTE = re.compile(r"(/home/|/root/|/Users/|/tmp/|/private/var/|/var/folders/|[A-Z]:\\)")
TIMING = re.compile(r"(Wall time|CPU times|\d+(\.\d+)? ?(ms|µs|s) ± )")
EXERCISE = re.compile(r"### Exercise (\d+): ")
SECTION = re.compile(r"## (\d+)\. ")
TRAINER_MINUTES = re.compile(r"^\*\*Trainer notes\.\*\* \*Teach (\d+) min · exercises (\d+) min\.\*")


def _texts(output) -> list[str]:
    """Every string of an output that nbval compares (images are skipped by nbval)."""
    texts = [output["text"]] if "text" in output else []
    for mime, value in output.get("data", {}).items():
        if not mime.startswith("image/"):
            texts.append(value if isinstance(value, str) else json.dumps(value))
    return texts


def hygiene_problems(nb) -> list[str]:
    """What would make strict nbval flaky or leak the author's machine."""
    problems = []
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append("the kernelspec is not python3")
    code = [(i, cell) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    if code and not code[0][1].source.lstrip().startswith("%matplotlib inline"):
        problems.append("the first code cell does not start with %matplotlib inline")
    for i, cell in code:
        if cell.outputs and cell.execution_count is None:
            problems.append(f"cell {i}: outputs but no execution count")
        if "execution" in cell.metadata:
            problems.append(f"cell {i}: execution timing metadata")
        if "NBVAL_IGNORE_OUTPUT" in cell.source and not re.search(
                r"NBVAL_IGNORE_OUTPUT.*\n\s*#", cell.source + "\n"):
            problems.append(f"cell {i}: NBVAL_IGNORE_OUTPUT without a comment saying why")
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i}: a stored error ({out.get('ename')})")
            for text in _texts(out):
                if ADDRESS.search(text):
                    problems.append(f"cell {i}: a memory address in an output")
                if ABSOLUTE.search(text) or str(ROOT) in text:
                    problems.append(f"cell {i}: an absolute path in an output")
                if TIMING.search(text):
                    problems.append(f"cell {i}: a timing in an output")
    counts = [cell.execution_count for _, cell in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"cells not executed top to bottom in one kernel (counts {counts}); "
                        "run `python3 course.py execute`")
    return problems


def _markdown(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def _bullets(nb, heading: str) -> list[str] | None:
    for source in _markdown(nb):
        if source.split("\n", 1)[0] == heading:
            return [line for line in source.splitlines() if line.startswith("- ")]
    return None


def _exercises(nb) -> list[list]:
    """The cells of each exercise, from its heading to the next heading."""
    groups: list[list] = []
    inside = False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and EXERCISE.match(cell.source):
            groups.append([cell])
            inside = True
        elif cell.cell_type == "markdown" and cell.source.startswith("#"):
            inside = False
        elif inside:
            groups[-1].append(cell)
    return groups


def _sections(nb) -> list[list]:
    """The cells of each numbered section (``## N. Title``), up to the next ``## ``."""
    groups: list[list] = []
    inside = False
    for cell in nb.cells:
        first = cell.source.split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        if SECTION.match(first):
            groups.append([cell])
            inside = True
        elif first.startswith("## "):
            inside = False
        elif inside:
            groups[-1].append(cell)
    return groups


def trainer_minutes(nb) -> tuple[int, int] | None:
    """The teaching and exercise minutes of a notebook's trainer notes, added up;
    None if a trainer note does not start with its timing."""
    teach = exercises = 0
    for cell in nb.cells:
        if "trainer" not in cell.metadata.get("tags", []):
            continue
        match = TRAINER_MINUTES.match(cell.source)
        if not match:
            return None
        teach += int(match.group(1))
        exercises += int(match.group(2))
    return teach, exercises


def template_problems(nb, lesson_id: str) -> list[str]:
    """What is missing from the lesson template (see notebooks/README.md)."""
    problems = []
    lesson = course.get_lesson(lesson_id)
    first = nb.cells[0] if nb.cells else new_markdown_cell("")
    if not first.source.startswith(f"# {lesson.label}\n"):
        problems.append(f"the first cell is not the title '# {lesson.label}'")
    if course.metadata_line(lesson_id) not in first.source:
        problems.append(f"no metadata line (minutes): {course.metadata_line(lesson_id)!r}")
    objectives = _bullets(nb, "## Learning objectives")
    if objectives is None or not 3 <= len(objectives) <= 5:
        problems.append("no '## Learning objectives' with 3 to 5 bullets")
    elif not all(re.match(r"- \*\*[a-z]+\*\* ", b) for b in objectives):
        problems.append("each learning objective must start with a verb in bold")
    key_points = _bullets(nb, "## Key points")
    if key_points is None or not 3 <= len(key_points) <= 6:
        problems.append("no '## Key points' with 3 to 6 bullets")
    last = nb.cells[-1] if nb.cells else new_code_cell("")
    if last.cell_type != "markdown" or last.source != course.navigation(lesson_id):
        problems.append(f"the last cell is not the navigation {course.navigation(lesson_id)!r}")
    exercises = _exercises(nb)
    if not exercises:
        problems.append("no exercises")
    numbers = [int(EXERCISE.match(cells[0].source).group(1)) for cells in exercises]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"exercises must be numbered 1, 2, 3... in order; found {numbers}")
    for number, cells in zip(numbers, exercises):
        title = cells[0].source.splitlines()[0]
        code = [c for c in cells if c.cell_type == "code"]
        name = f"ex{number}"
        if len(code) != 1 or not re.match(rf"{name} = ", code[0].source) \
                or not code[0].source.rstrip().endswith(f"{name}.form()"):
            problems.append(f"{title}: one code cell that builds `{name} = ...` (named after "
                            f"its heading) and ends with `{name}.form()`")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "solution" in cell.metadata.get("tags", []):
            problems.append(f"cell {i}: a solution cell (solutions open from the form's "
                            "Show solution button)")
        if re.search(r"\.(check|solution)\(", cell.source):
            problems.append(f"cell {i}: a code cell calls .check( or .solution( (Run All "
                            "would record an attempt or show a solution)")
    for cells in _sections(nb):
        title = cells[0].source.splitlines()[0]
        if not any(c.cell_type == "markdown" and re.search(r"^### (Exercise \d+|Try it)",
                                                           c.source, re.M) for c in cells):
            problems.append(f"{title}: the section does not end with its own exercise or "
                            "'Try it'")
    trainer = [c for c in nb.cells if "trainer" in c.metadata.get("tags", [])]
    if not trainer:
        problems.append("no trainer note (a markdown cell tagged 'trainer')")
    for cell in trainer:
        if cell.cell_type != "markdown" or \
                cell.metadata.get("slideshow", {}).get("slide_type") != "notes":
            problems.append("trainer notes are markdown cells with slide type 'notes'")
    minutes = trainer_minutes(nb)
    if minutes is None:
        problems.append("every trainer note starts '**Trainer notes.** *Teach N min · "
                        "exercises M min.*'")
    elif minutes != (lesson.teaching_minutes, lesson.exercise_minutes):
        problems.append(f"trainer-note minutes add up to {minutes[0]}/{minutes[1]}, not "
                        f"{lesson.teaching_minutes}/{lesson.exercise_minutes} as in "
                        "datasets/course.yml")
    slides = [c for c in nb.cells
              if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    if len(slides) < 3:
        problems.append("section headings should carry slide metadata")
    return problems


# --------------------------------------------------------------------------
# The committed notebooks
# --------------------------------------------------------------------------

def test_the_course_notebooks_exist():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_start_here.ipynb",
                                              "01_implementation_lifecycle.ipynb"]


def test_every_notebook_is_in_the_course_map_and_back():
    listed = {lesson.notebook for lesson in course.load_course()}
    present = {p.name for p in NOTEBOOKS}
    assert listed == present, (f"only in datasets/course.yml: {sorted(listed - present)}; "
                               f"only in notebooks/: {sorted(present - listed)}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_hygiene(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert hygiene_problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_lesson_template(path):
    nb = nbformat.read(path, as_version=4)
    assert template_problems(nb, path.name[:2]) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_navigation_links_resolve(path):
    nb = nbformat.read(path, as_version=4)
    for target in re.findall(r"\]\(([^)#]+)", nb.cells[-1].source):
        assert (path.parent / target).is_file(), f"{path.name}: broken link {target}"


def test_course_map_anchor_exists():
    nb = nbformat.read(ROOT / "notebooks" / course.START_NOTEBOOK, as_version=4)
    heading = "## " + course.COURSE_MAP_ANCHOR.replace("-", " ")
    assert heading in [source.split("\n", 1)[0] for source in _markdown(nb)]


# --------------------------------------------------------------------------
# The checks can fail
# --------------------------------------------------------------------------

def _executed(source: str, count: int | None, *outputs, **metadata):
    cell = new_code_cell(source, execution_count=count, metadata=metadata)
    cell.outputs = list(outputs)
    return cell


def test_hygiene_flags_each_problem():
    nb = new_notebook(metadata={"kernelspec": {"name": "ir", "display_name": "R"}})
    nb.cells = [
        _executed("import x", 2),
        _executed("1", None, new_output("execute_result", {"text/plain": "1"},
                                        execution_count=None)),
        _executed("f", 1, new_output("stream", name="stdout",
                                     text="<function f at 0x7f3a2b1c9d00> /home/ada/x.csv\n")),
        _executed("%time g()", 3, new_output("stream", name="stdout",
                                             text="Wall time: 2.1 s\n"),
                  execution={"iopub.status.busy": "2026-01-01T00:00:00"}),
        _executed("# NBVAL_IGNORE_OUTPUT\nh()", 4,
                  new_output("error", ename="ValueError", evalue="x", traceback=[])),
    ]
    found = "\n".join(hygiene_problems(nb))
    for expected in ["kernelspec", "%matplotlib inline", "outputs but no execution count",
                     "memory address", "absolute path", "timing in an output",
                     "timing metadata", "without a comment", "stored error",
                     "not executed top to bottom"]:
        assert expected in found, f"hygiene check missed: {expected}"


def test_template_flags_each_missing_part():
    nb = new_notebook(cells=[
        new_markdown_cell("# 01 Wrong title"),
        new_markdown_cell("## Learning objectives\n\n- understand things\n- b\n- c"),
        new_markdown_cell("## 1. A section without an exercise"),
        new_markdown_cell("## 2. A section"),
        new_markdown_cell("### Exercise 2: x"),
        _executed("ex.check(None)", 1),
        new_markdown_cell("### Exercise 3: y"),
        _executed("ex3 = Something()\nex3.form()", 2),
        _executed("ex3.solution()", 3, tags=["solution"]),
        new_markdown_cell("**Trainer notes.** About 5 minutes.",
                          metadata={"tags": ["trainer"], "slideshow": {"slide_type": "notes"}}),
        new_markdown_cell("## Key points\n\n- one"),
        new_markdown_cell("[Course map](00_start_here.ipynb)"),
    ])
    found = "\n".join(template_problems(nb, "01"))
    for expected in ["title", "metadata line", "verb in bold", "Key points", "navigation",
                     "numbered 1, 2, 3", "named after its heading", "a solution cell",
                     "calls .check( or .solution(", "does not end with its own exercise",
                     "starts '**Trainer notes.** *Teach", "slide metadata"]:
        assert expected in found, f"template check missed: {expected}"


def test_trainer_minutes_are_added_up_and_compared():
    note = lambda text: new_markdown_cell(text, metadata={  # noqa: E731
        "tags": ["trainer"], "slideshow": {"slide_type": "notes"}})
    nb = new_notebook(cells=[note("**Trainer notes.** *Teach 30 min · exercises 10 min.* x"),
                             note("**Trainer notes.** *Teach 5 min · exercises 25 min.* y")])
    assert trainer_minutes(nb) == (35, 35)
    found = "\n".join(template_problems(nb, "01"))
    assert "add up to 35/35, not 50/30" in found


# --------------------------------------------------------------------------
# Run All reveals nothing: no solution text, no red state
# --------------------------------------------------------------------------

def _committed_text(path: Path) -> str:
    """Everything a rendered copy of the notebook could show: outputs and widget state."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = [json.dumps(cell.get("outputs", [])) for cell in nb["cells"]]
    parts.append(json.dumps(nb.get("metadata", {}).get("widgets", {})))
    return html.unescape("\n".join(parts).encode().decode("unicode_escape", "ignore"))


def _notebook_exercises(path: Path):
    """The exercises a notebook builds, rebuilt here with the notebook's own seed."""
    import importlib

    from implcourse.exercises import learner_seed

    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    name = re.search(r'learner_seed\("([^"]*)"\)', source)
    seed = learner_seed(name.group(1)) if name else 0
    aliases = dict(re.findall(r"from implcourse\.exercises import (\w+) as (\w+)", source))
    modules = {alias: importlib.import_module(f"implcourse.exercises.{module}")
               for module, alias in aliases.items()}
    # Classes imported by name: from implcourse.exercises.<module> import A, B
    for module, names in re.findall(r"from implcourse\.exercises\.(\w+) import ([\w, ]+)",
                                    source):
        for name in names.split(","):
            modules[f"class:{name.strip()}"] = importlib.import_module(
                f"implcourse.exercises.{module}")
    found = []
    for var, alias, cls, args in re.findall(r"(ex\d+) = (?:(\w+)\.)?(\w+)\(([^)]*)\)", source):
        module = modules.get(alias) if alias else modules.get(
            f"class:{cls}", importlib.import_module("implcourse.exercises.start"))
        factory = getattr(module, cls)
        found.append((var, factory(seed=seed) if "seed" in args else
                      factory(*[a.strip().strip('"') for a in args.split(",") if a.strip()])))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebooks_show_no_solution_and_no_red_state(path):
    """A rendered copy of a committed notebook (outputs and saved widget state) holds no
    worked solution of any of its exercises, no hint, and no 'Not yet' verdict."""
    from implcourse.widgets.common import markdown_html

    text = _committed_text(path)
    exercises = _notebook_exercises(path)
    assert exercises, f"{path.name}: no exercise found"
    for var, ex in exercises:
        solution = ex._solution().markdown
        assert solution not in text and markdown_html(solution) not in text, var
        assert "Worked solution" not in text
        for hint in ex.hints:
            assert hint not in text, (var, hint)
    for phrase in ("No answer yet", "Not yet.", "Correct!", "Waiting for your answer",
                   "Not answered yet"):
        assert phrase not in text, phrase


def test_the_check_for_solutions_can_fail(tmp_path):
    """A notebook whose widget state holds a solution is caught."""
    from implcourse.exercises.start import CourseMinutes

    source = ROOT / "notebooks" / "00_start_here.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    leak = CourseMinutes("01")._solution().markdown
    nb["metadata"].setdefault("widgets", {})["leak"] = {"value": leak}
    broken = tmp_path / "00_start_here.ipynb"
    broken.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(AssertionError):
        test_committed_notebooks_show_no_solution_and_no_red_state(broken)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_2026_exam_is_dated_for_candidates_on_either_side_of_it(path):
    """Candidates who sat the PMP exam up to 8 July 2026 met the 2021 outline: a lesson
    that names the new outline says from when it applies, never "in force since", which
    misleads anyone reading before that date (review of issue 7)."""
    text = "\n".join(_markdown(nbformat.read(path, as_version=4)))
    assert "in force since" not in text
    if "9 July 2026" in text:
        assert re.search(r"exams? taken from 9 July 2026", text), path.name
