"""Notebook hygiene and the lesson template, on every committed notebook.

Strict nbval (run in the same pytest session) re-executes each notebook and
compares outputs. These checks catch what would make that comparison flaky,
or what breaks the lesson template, and say what to fix. Each check is a
function returning a list of problems; the last tests feed deliberately
broken notebooks to them, to show that they can fail.
"""

from __future__ import annotations

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
EXERCISE = re.compile(r"### (Warm-up exercise|Exercise \d+)")


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
        elif cell.cell_type == "markdown" and cell.source.startswith("## "):
            inside = False
        elif inside:
            groups[-1].append(cell)
    return groups


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
    for cells in exercises:
        title = cells[0].source.splitlines()[0]
        checks = [i for i, c in enumerate(cells) if c.cell_type == "code"
                  and ".check(" in c.source and "solution" not in c.metadata.get("tags", [])]
        solutions = [i for i, c in enumerate(cells) if c.cell_type == "code"
                     and "solution" in c.metadata.get("tags", [])]
        if not checks:
            problems.append(f"{title}: no cell calling .check(")
        if not solutions or (checks and solutions[-1] < checks[0]):
            problems.append(f"{title}: no code cell tagged 'solution' after the check")
        if any(c.cell_type == "code" and ".check(" in c.source for c in cells
               if "solution" in c.metadata.get("tags", [])):
            problems.append(f"{title}: a solution cell calls .check( (it would record a "
                            "learner attempt on Run All)")
        for c in cells:
            tags = c.metadata.get("tags", [])
            if "solution" not in tags:
                continue
            if c.get("outputs") or "nbval-ignore-output" not in tags:
                problems.append(f"{title}: a solution cell is committed without its output "
                                "and tagged 'nbval-ignore-output' (run "
                                "`python3 course.py execute`)")
    trainer = [c for c in nb.cells if "trainer" in c.metadata.get("tags", [])]
    if not trainer:
        problems.append("no trainer note (a markdown cell tagged 'trainer')")
    for cell in trainer:
        if cell.cell_type != "markdown" or \
                cell.metadata.get("slideshow", {}).get("slide_type") != "notes":
            problems.append("trainer notes are markdown cells with slide type 'notes'")
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
        new_markdown_cell("### Exercise 1: x"),
        _executed("ex.check(None)", 1),
        new_markdown_cell("### Exercise 2: y"),
        _executed("ex2.check(None)", 2),
        _executed("ex2.check(answer)", 3, tags=["solution"]),
        new_markdown_cell("## Key points\n\n- one"),
        new_markdown_cell("[Course map](00_start_here.ipynb)"),
    ])
    found = "\n".join(template_problems(nb, "01"))
    for expected in ["title", "metadata line", "verb in bold", "Key points", "navigation",
                     "tagged 'solution'", "trainer note", "slide metadata",
                     "solution cell calls .check(", "committed without its output"]:
        assert expected in found, f"template check missed: {expected}"
