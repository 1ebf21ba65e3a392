"""The course map: course.yml, the README's map and the helpers that render it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from implcourse import course

ROOT = Path(__file__).resolve().parents[1]


def test_readme_course_map_is_generated_from_course_yml():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- course-map:start[^>]*-->\n(.*?)\n<!-- course-map:end -->",
                      readme, re.S)
    assert block, "README.md lost its course-map markers"
    expected = course.course_map_markdown("notebooks/")
    assert block.group(1) == expected, "README course map is stale; replace it with:\n" + expected


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)\)", readme):
        assert (ROOT / target).exists(), f"README links to a missing file: {target}"


def test_metadata_line_and_minutes():
    lesson = course.get_lesson("01")
    line = course.metadata_line("01")
    assert f"**Teaching:** {lesson.teaching_minutes} min" in line
    assert f"**Exercises:** {lesson.exercise_minutes} min" in line
    assert lesson.minutes == lesson.teaching_minutes + lesson.exercise_minutes
    assert course.metadata_line("00").endswith("**Prerequisites:** none")


def test_navigation_runs_through_the_course_in_order():
    lessons = course.load_course()
    for i, lesson in enumerate(lessons):
        nav = course.navigation(lesson.id)
        assert f"({course.START_NOTEBOOK}#{course.COURSE_MAP_ANCHOR})" in nav
        if i > 0:
            assert nav.startswith(f"[← {lessons[i - 1].label}]({lessons[i - 1].notebook})")
        if i + 1 < len(lessons):
            assert nav.endswith(f"[{lessons[i + 1].label} →]({lessons[i + 1].notebook})")
        elif course.load_planned():
            assert nav.endswith("more lessons are on the way (see the course map)")
        else:  # every lesson exists: the last one points to the progress report
            assert nav.endswith(f"[{lessons[0].label}]({lessons[0].notebook})")
            assert "progress report" in nav


def test_course_map_frame_matches_lessons():
    table = course.course_map()
    lessons = course.load_course()
    assert list(table.text.index) == [lesson.label for lesson in lessons]
    assert table.text["Minutes (teach + exercises)"].tolist() == [
        f"{lesson.teaching_minutes} + {lesson.exercise_minutes}" for lesson in lessons]
    # Read as a person reads it: labels, no snake_case, text not cut.
    html = table.to_html()
    assert "interactive_tools" not in html and "..." not in html
    for lesson in lessons:
        assert "; ".join(lesson.topics) in html


@pytest.mark.parametrize("bad, error", [("42", ValueError), (1, TypeError), ("", ValueError)])
def test_get_lesson_rejects(bad, error):
    with pytest.raises(error, match="lesson_id"):
        course.get_lesson(bad)


def test_course_map_markdown_rejects_non_string_prefix():
    with pytest.raises(TypeError, match="link_prefix"):
        course.course_map_markdown(None)


def test_lesson_notebook_must_match_id():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="must start with the lesson id"):
        course.Lesson.model_validate({
            "id": "02", "notebook": "03_x.ipynb", "title": "T", "questions": ["q"],
            "topics": ["t"], "teaching_minutes": 1, "exercise_minutes": 1})


def test_course_sections_are_the_notebooks_numbered_headings():
    """course.yml's ``sections`` (used for links from questions, reports and the
    glossary) match each notebook's "## N. Title" headings, in order."""
    import json
    import re

    root = Path(__file__).resolve().parents[1] / "notebooks"
    for lesson in course.load_course():
        nb = json.loads((root / lesson.notebook).read_text(encoding="utf-8"))
        headings = [m.group(2) for cell in nb["cells"] if cell["cell_type"] == "markdown"
                    for line in "".join(cell["source"]).splitlines()
                    if (m := re.match(r"## (\d+)\. (.*)", line))]
        assert lesson.sections == headings, lesson.id


def test_section_links_point_at_jupyterlab_anchors():
    title, link = course.section_link("04", 5)
    assert title == "Lesson 04, 5. Quantitative analysis: EMV and decision trees"
    assert link == "04_risk_assessment.ipynb#5.-Quantitative-analysis:-EMV-and-decision-trees"
    with pytest.raises(ValueError, match=r"section must be <= 8, got 9"):
        course.section_link("04", 9)
    with pytest.raises(ValueError, match=r"lesson 00 has no numbered sections"):
        course.section_link("00", 1)
