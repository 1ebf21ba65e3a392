"""``implcourse handouts OUTDIR``: the files, their content, the folder rules.

The PDF rendering in Chromium is tested in ``tests/test_handouts_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from implcourse import agenda, course, formulas, handouts, prepost
from implcourse.cli import main
from implcourse.content import notebooks_dir

URL = re.compile(r"""(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts") / "out"
    report = handouts.write_handouts(out)
    return out, report


def test_every_handout_is_written_and_linked_from_the_index(built):
    out, report = built
    lessons = course.load_course()
    expected = {"index.html", "formula_sheet.html"}
    expected |= {f"lessons/{Path(item.notebook).stem}.html" for item in lessons}
    expected |= {f"agendas/{name}.html" for name in agenda.AGENDAS}
    expected |= {f"forms/form_{f}{k}.html" for f in prepost.FORM_NAMES for k in ("", "_answer_key")}
    for lesson in ("01", "02", "03", "04", "05", "06", "07", "08"):
        expected |= {f"quizzes/{lesson}_quiz.html", f"quizzes/{lesson}_answer_key.html"}
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert expected <= written
    assert set(report.files) == written
    index = (out / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert links == written - {"index.html"}
    assert report.lessons == len(lessons) and report.agendas == len(agenda.AGENDAS)
    assert str(report).startswith(f"Handouts: formula sheet, {len(lessons)} lessons, ")


def test_no_page_loads_anything_from_the_network(built):
    out, _ = built
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), path.name
        assert not re.search(r"<link\b", html, re.I), path.name
        assert "@import" not in html, path.name
        # Links in text (citations) are allowed; nothing loaded by the page is.
        for match in re.finditer(r"""\b(src|data|action)\s*=\s*["']([^"']*)""", html, re.I):
            assert not re.match(r"(https?:)?//", match.group(2)), (path.name, match.group(0))
        for match in re.finditer(r"""href\s*=\s*["']((?:https?:)?//[^"']*)""", html, re.I):
            start = html.rfind("<", 0, match.start())
            assert html[start:start + 2].lower() == "<a", (path.name, match.group(0))
        assert "/work/" not in html and "/tmp/" not in html, path.name


def test_lesson_pages_drop_code_trainer_notes_and_solutions(built):
    out, _ = built
    for item in course.load_course():
        nb = nbformat.read(notebooks_dir() / item.notebook, as_version=4)
        html = (out / "lessons" / f"{Path(item.notebook).stem}.html").read_text(encoding="utf-8")
        assert f"<title>{item.id} " in html
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if tags & handouts.REMOVED_TAGS and len(first) > 30:
                assert first[:60] not in html, (item.id, first[:60])
            if cell.cell_type == "code" and len(first) > 25 and "(" in first:
                assert first not in html, (item.id, first)
        assert "Trainer notes" not in html, item.id
        assert "jp-InputArea" not in html and 'class="input"' not in html


def test_each_widget_output_becomes_a_note_with_its_task(built):
    out, _ = built
    item = course.get_lesson("05")
    nb = nbformat.read(notebooks_dir() / item.notebook, as_version=4)
    widgets = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    html = (out / "lessons" / f"{Path(item.notebook).stem}.html").read_text(encoding="utf-8")
    assert widgets, "lesson 05 has interactive tools"
    assert html.count('class="tool-note"') == len(widgets)
    assert "Interactive tool:</strong> NPV; open the lesson in JupyterLab" in html
    first_task = widgets[0]["data"]["text/markdown"].split("**Task.**")[1].split(".")[0].strip()
    assert first_task[:40] in html
    assert "answer form appears here" not in html
    assert "widget-view+json" not in html and "widget-state" not in html


def test_lesson_maths_is_mathml_and_links_point_at_pages(built):
    out, _ = built
    html = (out / "lessons" / "05_business_case_roi.html").read_text(encoding="utf-8")
    assert "<math" in html and "<mfrac>" in html
    assert "\\frac" not in html and "$$" not in html
    nav = re.findall(r'href="([^"]+\.(?:ipynb|html))"', html)
    assert "06_measuring_success.html" in nav
    assert not [link for link in nav if link.endswith(".ipynb") and "/" not in link
                and Path(link).stem in {Path(i.notebook).stem for i in course.load_course()}]


def test_formula_sheet_holds_every_formula_with_its_computed_line(built):
    out, _ = built
    html = (out / "formula_sheet.html").read_text(encoding="utf-8")
    for fid in formulas.formula_ids():
        line = formulas.worked_line(fid)
        assert f'id="{fid}"' in html
        assert line.split(" → ")[1].replace("&", "&amp;") in html, fid


def test_quizzes_and_keys_are_separate(built):
    out, _ = built
    quiz = (out / "quizzes" / "04_quiz.html").read_text(encoding="utf-8")
    key = (out / "quizzes" / "04_answer_key.html").read_text(encoding="utf-8")
    assert 'class="key"' not in quiz and 'class="key"' in key
    assert quiz.count('class="question keep"') == key.count('class="key"') > 0


def test_a_folder_with_files_is_refused_unless_forced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(handouts.HandoutsError, match="already holds files"):
        handouts.write_handouts(tmp_path, lessons=["07"])
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    report = handouts.write_handouts(tmp_path, lessons=["07"], overwrite=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert report.lessons == 1 and report.quizzes == 1
    assert (tmp_path / "lessons" / "07_stakeholders_communication.html").is_file()
    assert not (tmp_path / "lessons" / "05_business_case_roi.html").exists()
    sheet = (tmp_path / "formula_sheet.html").read_text(encoding="utf-8")
    assert "Communication channels" in sheet and "Net present value" not in sheet


def test_the_course_folders_are_refused(tmp_path):
    with pytest.raises(handouts.HandoutsError, match="inside the course"):
        handouts.write_handouts(notebooks_dir() / "handouts")


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="overwrite"):
        handouts.write_handouts("x", overwrite="yes")
    with pytest.raises(TypeError, match="outdir"):
        handouts.write_handouts(3)
    with pytest.raises(ValueError, match="outdir"):
        handouts.write_handouts("  ")
    with pytest.raises(ValueError, match="lessons"):
        handouts.write_handouts("x", lessons=["42"])
    with pytest.raises(TypeError, match="lessons"):
        handouts.write_handouts("x", lessons="07")
    with pytest.raises(ValueError, match="lesson"):
        handouts.lesson_html("42")


def test_the_command(tmp_path, capsys):
    out = tmp_path / "h"
    assert main(["handouts", str(out), "--lesson", "07"]) == 0
    said = capsys.readouterr()
    assert said.out.startswith("Handouts: formula sheet, 1 lesson, 1 quiz with its answer key")
    assert (out / "index.html").is_file()
    assert main(["handouts", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("implcourse: handouts: ") and "--force" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["handouts", str(out), "--lesson", "07", "--force"]) == 0
    assert main(["handouts", str(out), "--lesson", "42", "--force"]) == 1
    assert "not a lesson of the course" in capsys.readouterr().err
    assert main(["handouts"]) == 2


def test_the_sample_learner_seed_is_not_printed(built):
    out, _ = built
    nb = nbformat.read(notebooks_dir() / course.get_lesson("10").notebook, as_version=4)
    seeds = [o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code"
             and "learner_seed(" in c.source for o in c.outputs if "data" in o]
    assert seeds, "lesson 10 shows its sample seed"
    html = (out / "lessons" / "10_practice_exam.html").read_text(encoding="utf-8")
    assert f">{seeds[0]}<" not in html and f"{seeds[0]}\n" not in html


def test_the_trainer_pages_are_written_and_linked_under_their_heading(built):
    out, report = built
    trainer = sorted((notebooks_dir() / "trainer").glob("*.md"))
    assert len(trainer) >= 5, "the facilitator's folder ships with the course"
    expected = {f"trainer/{path.stem}.html" for path in trainer}
    expected |= {f"trainer/{item.id}_trainer_notes.html" for item in course.load_course()}
    assert expected <= set(report.files)
    assert report.trainer == len(expected)
    index = (out / "index.html").read_text(encoding="utf-8")
    heading = index.index("<h2>For the trainer (answer keys: do not hand out)</h2>")
    section = index[heading:].split("</ul>")[0]
    assert set(re.findall(r'href="([^"]+)"', section)) == expected
    for path in trainer:
        html = (out / "trainer" / f"{path.stem}.html").read_text(encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith(("# ", "## ")):
                title = line.lstrip("# ").strip()
                assert re.sub(r"[*`]", "", title) in html, (path.name, title)
        assert "<!--" not in html and ".md\"" not in html, path.name
        assert ".ipynb" not in re.sub(r"<code>.*?</code>", "", html, flags=re.S), path.name
        assert not URL.search(html), path.name


def test_handed_out_sections_of_a_group_exercise_start_a_new_page(built):
    out, _ = built
    html = (out / "trainer" / "group_go_no_go.html").read_text(encoding="utf-8")
    for title in ("Instructions for participants", "Role cards", "Slips to hand out"):
        assert re.search(rf'<h2 class="handout">{title}', html), title
    # the answer key never shares a sheet with the slips
    assert '<h2 class="after-handout">Facilitator prompts' in html
    assert "h2.handout, h2.after-handout { break-before: page;" in html


def test_a_lessons_trainer_notes_hold_every_trainer_cell_in_order(built):
    out, _ = built
    for item in course.load_course():
        nb = nbformat.read(notebooks_dir() / item.notebook, as_version=4)
        html = (out / "trainer" / f"{item.id}_trainer_notes.html").read_text(encoding="utf-8")
        plain = re.sub(r"<[^>]+>", "", html)
        position = 0
        for cell in nb.cells:
            if "trainer" not in cell.get("metadata", {}).get("tags", []):
                continue
            # a stretch of plain words from the cell (no markup, no maths)
            words = re.findall(r"[A-Za-z][A-Za-z ,]{30,}", cell.source)
            assert words, (item.id, cell.source[:60])
            found = plain.find(words[0].strip(), position)
            assert found >= 0, (item.id, words[0])
            position = found
        assert "<script" not in html
    notes = (out / "trainer" / "05_trainer_notes.html").read_text(encoding="utf-8")
    assert "<h2>3. Net present value" in notes or "<h2>3. " in notes
