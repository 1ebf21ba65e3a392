"""Slide decks (``implcourse slides``): what a deck holds, offline, and the command.

The browser checks (every slide fits 1280 x 720, nothing is fetched from the
network, speaker notes, screenshots) are in ``tests/test_slides_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from implcourse import cli, slides
from implcourse.content import notebooks_dir
from implcourse.course import get_lesson, load_course

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def deck04(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    path = slides.build_slides("04", folder)
    return path, path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lesson04():
    return nbformat.read(notebooks_dir() / get_lesson("04").notebook, as_version=4)


@pytest.fixture(scope="module")
def cells04(lesson04):
    nb, _ = slides.SlidePreprocessor(lesson_id="04").preprocess(lesson04, {})
    return nb.cells


def _sections(markup: str) -> list[str]:
    """The content of the innermost <section> elements of a deck (one per slide)."""
    parts = re.split(r"<section[^>]*>", markup)[1:]
    leaves = [re.split(r"</section>", part)[0] for part in parts]
    return [leaf for leaf in leaves if leaf.strip()]


def _starts(cell) -> bool:
    return cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")


# ---------------------------------------------------------------- the files

def test_a_deck_is_written_with_an_index_and_the_files_it_loads(deck04):
    path, markup = deck04
    assert path.name == "04_risk_assessment.slides.html" == slides.deck_name("04")
    index = (path.parent / "index.html").read_text(encoding="utf-8")
    assert f'href="{path.name}"' in index and get_lesson("04").label in index
    local = re.findall(r'(?:src|href)="([^"#:]+)"', markup)
    assert "reveal.js/dist/reveal.js" in local and "mathjax/tex-svg.js" in local
    assert "reveal.js/plugin/notes/notes.js" in local
    for name in local:
        assert (path.parent / name).is_file(), name


def test_a_deck_asks_nothing_of_the_network(deck04, lesson04):
    _, markup = deck04
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""",
                         markup, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", markup, re.I)
    assert "@import" not in markup and "require.js" not in markup
    # the only web addresses are links the lesson itself writes
    text = " ".join(c.source for c in lesson04.cells if c.cell_type == "markdown")
    for url in re.findall(r'<a href="(https?://[^"]+)"', markup):
        assert url in text, url


def test_the_vendored_files_are_those_the_readme_names():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vendor_reveal",
                                                  ROOT / "tools" / "vendor_reveal.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    REVEAL_VERSION, MATHJAX_VERSION, KEEP = tool.REVEAL_VERSION, tool.MATHJAX_VERSION, tool.KEEP
    vendor = ROOT / "implcourse" / "_vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert f"| reveal.js | {REVEAL_VERSION} |" in readme
    assert f"| mathjax | {MATHJAX_VERSION} |" in readme
    for files in KEEP.values():
        for _, target in files:
            assert (vendor / target).is_file(), target
    assert f"reveal.js {REVEAL_VERSION}" in (vendor / "reveal.js/core/reveal.js").read_text(
        encoding="utf-8")[:300]
    assert "@import" not in (vendor / "reveal.js/core/theme/white.css").read_text(
        encoding="utf-8")
    # nothing vendored sits where the repository's .gitignore would drop it
    assert not list(vendor.rglob("dist")) and not list(vendor.rglob("build"))
    assert "MIT" in (vendor / "reveal.js/LICENSE").read_text(encoding="utf-8") or \
        "Permission is hereby granted" in (vendor / "reveal.js/LICENSE").read_text(
            encoding="utf-8")
    assert "Apache License" in (vendor / "mathjax/LICENSE").read_text(encoding="utf-8")


# ------------------------------------------------------------- the content

def test_the_first_slide_is_the_title_timing_and_objectives(deck04, lesson04):
    _, markup = deck04
    first = _sections(markup)[0]
    assert re.search(r"<h1[^>]*>04 Risk assessment", first) and "Teaching:" in first
    assert "Learning objectives" in first
    objectives = next(c.source for c in lesson04.cells
                      if c.source.startswith("## Learning objectives"))
    verbs = re.findall(r"^- \*\*(\w+)\*\*", objectives, re.M)
    assert len(verbs) >= 3
    for verb in verbs:
        assert f"<strong>{verb}</strong>" in first


def test_code_input_is_hidden_and_code_cells_without_output_left_out(deck04, lesson04):
    _, markup = deck04
    assert 'jp-InputArea-editor" data-type' not in markup
    for cell in lesson04.cells:
        if cell.cell_type == "code":
            first_line = cell.source.strip().splitlines()[0]
            if len(first_line) > 12:
                assert first_line not in markup, first_line


def test_a_cell_tagged_show_code_shows_its_input():
    shown = new_code_cell("total = 2 + 3\ntotal", execution_count=1,
                          outputs=[new_output("execute_result", data={"text/plain": "5"},
                                              execution_count=1)])
    shown.metadata["tags"] = [slides.SHOW_CODE_TAG]
    hidden = new_code_cell("secret_name = 7\nsecret_name", execution_count=2,
                           outputs=[new_output("execute_result", data={"text/plain": "7"},
                                               execution_count=2)])
    silent = new_code_cell("import nothing_shown_here", execution_count=3)
    nb = new_notebook(cells=[new_markdown_cell("# 99 Test\n\nA line."), shown, hidden,
                             silent])
    markup = slides._render(nb, "99", "99 Test")
    assert "total" in markup and 'jp-InputArea-editor" data-type' in markup
    assert "secret_name" not in markup and "nothing_shown_here" not in markup
    assert ">7<" in markup or "7\n" in markup


def test_each_section_heading_starts_a_slide_and_each_idea_a_subslide(cells04):
    starts = [i for i, c in enumerate(cells04) if c.cell_type == "markdown" and re.match(
        r"(#{2,3} |\*\*Worked example|> \*\*Exam trap)", c.source)]
    assert len(starts) > 20
    for i in starts:
        cell = cells04[i]
        if cell.source.startswith("### Learning objectives"):
            continue  # on the title slide
        # first on its slide, or after the line that names the section
        label = cells04[i - 1] if i else None
        assert _starts(cell) or ("implcourse-context" in label.source and _starts(label)), \
            cell.source[:60]
        kind = cell.metadata["slideshow"]["slide_type"]
        if re.match(r"## \d+\. ", cell.source):
            assert kind == "slide", cell.source[:60]


def test_the_key_points_and_the_knowledge_check_are_slides(deck04):
    _, markup = deck04
    sections = _sections(markup)
    for heading in ("Key points", "Knowledge check"):
        assert any(re.match(rf"\s*(<[^>]+>\s*)*<h2[^>]*>{heading}", s)
                   for s in sections), heading


def test_exercises_and_the_knowledge_check_send_the_room_to_the_notebook(deck04, lesson04):
    _, markup = deck04
    sections = _sections(markup)
    exercises = re.findall(r"^### (Exercise \d+: [^\n]+)", "\n".join(
        c.source for c in lesson04.cells if c.cell_type == "markdown"), re.M)
    assert len(exercises) >= 5
    for title in exercises:
        slide = next(s for s in sections if title.split(":")[0] + ":" in s)
        assert "In your notebook." in slide
    assert WIDGET_VIEW not in markup and "widget-state+json" not in markup
    assert "**Task.**" not in markup   # a form's seeded task stays in the notebook


def test_each_tool_has_its_own_slide_with_a_snapshot(deck04, lesson04):
    _, markup = deck04
    sections = _sections(markup)
    state = lesson04.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    tools = []
    for cell in lesson04.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}) and ".form()" not in cell.source and \
                    "knowledge_check(" not in cell.source:
                title = re.match(r"\[(.+): an interactive tool", out["data"]["text/plain"])[1]
                tools.append((title, out["data"][WIDGET_VIEW]["model_id"]))
    assert len(tools) >= 4
    for title, model_id in tools:
        own = [s for s in sections if f"<h2>{title}</h2>" in s]
        assert len(own) == 1, title
        assert "Interactive tool" in own[0] and "Live:" in own[0] and "lesson 04" in own[0]
        # a chart stored in the widget state is on the slide
        stored = [m for m in _subtree(state, model_id)
                  if m["model_name"] == "ImageModel" and any(b.get("data") for b in
                                                             m.get("buffers", []))]
        if stored:
            assert stored[0]["buffers"][0]["data"][:200] in own[0]


def _subtree(state, model_id):
    out, stack = [], [model_id]
    while stack:
        model = state.get(stack.pop())
        if model:
            out.append(model)
            stack.extend(c.replace("IPY_MODEL_", "") for c in model["state"].get("children", []))
    return out


def test_trainer_notes_are_speaker_notes_on_their_sections_first_slide(deck04, lesson04):
    _, markup = deck04
    trainer = [c.source for c in lesson04.cells if slides.TRAINER_TAG in
               c.metadata.get("tags", [])]
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', markup, re.S)
    joined = " ".join(re.sub(r"<[^>]+>|\s+", " ", n) for n in notes)
    for source in trainer:
        words = re.sub(r"[*_]", "", source).split()[4:12]
        assert " ".join(words) in re.sub(r"\s+", " ", joined), words
    sections = _sections(markup)
    first = next(s for s in sections if re.search(r"<h2[^>]*>1\. Identifying risks", s))
    assert 'class="notes"' in first and "Trainer notes." in first


def test_a_chart_carries_its_text_alternative(deck04):
    _, markup = deck04
    images = [re.search(r'alt="([^"]*)"', tag).group(1) if 'alt="' in tag else ""
              for tag in re.findall(r"<img [^>]*>", markup) if "data:image/png" in tag]
    assert len(images) >= 6
    assert sum(bool(alt.strip()) for alt in images) >= 6
    assert "Probability-impact matrix" in " ".join(images)


def test_long_tables_are_cut_into_parts_and_maths_is_kept_for_mathjax(deck04):
    _, markup = deck04
    parts = [(a, b or a, n) for a, b, n in
             re.findall(r"Rows? (\d+)(?: to (\d+))? of (\d+)</p>", markup)]
    assert parts, "the register is longer than a slide"
    total = int(parts[0][2])
    covered = [(int(a), int(b)) for a, b, n in parts if int(n) == total]
    assert covered[0][0] == 1 and covered[-1][1] == total
    assert all(b + 1 == c for (_, b), (c, _) in zip(covered, covered[1:]))
    assert r"\mathrm{EMV}" in markup


def test_links_between_lessons_point_at_decks():
    nb = new_notebook(cells=[new_markdown_cell(
        "# 99 Test\n\nSee [lesson 04](04_risk_assessment.ipynb#Exercise) and "
        "[the map](00_start_here.ipynb).")])
    markup = slides._render(nb, "99", "99 Test")
    assert 'href="04_risk_assessment.slides.html"' in markup
    assert ".ipynb" not in re.sub(r"<aside.*?</aside>", "", markup, flags=re.S)


# ------------------------------------------------------------ the snapshot

def _model(name, **state):
    buffers = state.pop("buffers", None)
    model = {"model_name": name, "model_module": "@jupyter-widgets/controls",
             "model_module_version": "2.0.0", "state": state}
    if buffers:
        model["buffers"] = buffers
    return model


def test_a_snapshot_shows_settings_results_and_the_chart_of_the_shown_tab():
    state = {
        "root": _model("VBoxModel", children=["IPY_MODEL_head", "IPY_MODEL_row"]),
        "head": _model("HTMLModel", value="<style>x{}</style><b>Tool name</b>"),
        "row": _model("BoxModel", children=["IPY_MODEL_controls", "IPY_MODEL_tabs"]),
        "controls": _model("VBoxModel", children=["IPY_MODEL_drop", "IPY_MODEL_slide",
                                                  "IPY_MODEL_grid"]),
        "grid": _model("GridBoxModel", children=["IPY_MODEL_label", "IPY_MODEL_cost"]),
        "label": _model("HTMLModel", value="<b>Target cost of the contract</b> EUR"),
        "cost": _model("FloatTextModel", description="Actual cost", value=90000.0),
        "drop": _model("DropdownModel", description="Risk", index=1,
                       _options_labels=["R01", "R03"]),
        "slide": _model("FloatSliderModel", description="Probability", value=0.35),
        "tabs": _model("TabModel", selected_index=1,
                       children=["IPY_MODEL_hidden", "IPY_MODEL_shown"]),
        "hidden": _model("HTMLModel", value="<p>In the first tab, which is not shown</p>"),
        "shown": _model("VBoxModel", children=["IPY_MODEL_img", "IPY_MODEL_cap",
                                               "IPY_MODEL_text"]),
        "img": _model("ImageModel", format="png", value="",
                      buffers=[{"path": ["value"], "encoding": "base64",
                                "data": "iVBORw0KGgo="}]),
        "cap": _model("HTMLModel", value='<div class="implcourse-caption">A caption</div>'),
        "text": _model("HTMLModel", value="<p>The risk's score is <b>0.35</b>: high</p>"),
    }
    markup, captions = slides._snapshot(state, "root")
    assert "Risk: <b>R03</b>" in markup and "Probability: <b>0.35</b>" in markup
    assert "score is <b>0.35</b>: high" in markup and "In the first tab" not in markup
    assert "Actual cost: <b>90,000</b>" in markup and "Target cost" not in markup
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in markup and 'alt="A caption"' in markup
    assert "Tool name" not in markup and "<style" not in markup
    assert captions == ["A caption"]


# ------------------------------------------------------------ validation

@pytest.mark.parametrize("call, error, words", [
    (lambda d: slides.build_slides(4, d), TypeError, "lesson"),
    (lambda d: slides.build_slides("42", d), ValueError, "'42'"),
    (lambda d: slides.build_slides("04", 7), TypeError, "outdir"),
    (lambda d: slides.build_slides("04", ""), ValueError, "outdir"),
    (lambda d: slides.build_all(None), TypeError, "outdir"),
    (lambda d: slides.deck_name(None), TypeError, "lesson"),
])
def test_bad_input_is_refused_by_name(tmp_path, call, error, words):
    with pytest.raises(error, match=re.escape(words)):
        call(tmp_path)


def test_an_outdir_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(ValueError, match="outdir must be a folder"):
        slides.build_slides("04", target)


# --------------------------------------------------------------- the command

def test_command_writes_one_lesson(tmp_path, capsys):
    out = tmp_path / "decks"
    assert cli.main(["slides", "04", str(out)]) == 0
    assert (out / "04_risk_assessment.slides.html").is_file()
    assert (out / "index.html").is_file() and (out / "reveal.js").is_dir()
    printed = capsys.readouterr().out
    assert "04_risk_assessment.slides.html" in printed and "index.html" in printed


def test_command_names_an_unknown_lesson_and_lists_the_lessons(tmp_path, capsys):
    assert cli.main(["slides", "42", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "'42'" in err and len(err.strip().splitlines()) == 1
    for lesson in load_course():
        assert repr(lesson.id) in err
    assert not (tmp_path / "d").exists()


def test_command_refuses_a_folder_with_files_unless_forced(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert cli.main(["slides", "00", str(tmp_path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert not (tmp_path / "00_start_here.slides.html").exists()
    assert cli.main(["slides", "00", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "00_start_here.slides.html").is_file()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_command_usage_errors_exit_2(tmp_path, capsys):
    assert cli.main(["slides"]) == 2
    assert cli.main(["slides", "04"]) == 2
    capsys.readouterr()


def test_the_slides_command_is_passed_through_by_course_py():
    text = (ROOT / "course.py").read_text(encoding="utf-8")
    assert '"slides"' in text


def test_the_deck_names_no_machine_path(deck04):
    path, markup = deck04
    assert str(ROOT) not in markup and str(path.parent) not in markup
    assert not re.search(r"at 0x[0-9a-f]{6,}", markup)


# ------------------------------------------------------- decks without notes

def _plain_words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _trainer_phrases(nb) -> list[str]:
    """Runs of plain words from every trainer cell (markup and maths left aside),
    except the few that the lesson's other cells say too."""
    phrases = []
    for cell in nb.cells:
        if slides.TRAINER_TAG in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                phrases += [" ".join(p.split()) for p in
                            re.findall(r"[A-Za-z][A-Za-z ,;]{24,}[A-Za-z]", line)]
    rest = " ".join(" ".join(c.source.split()) for c in nb.cells
                    if slides.TRAINER_TAG not in c.metadata.get("tags", []))
    rest += " ".join(" ".join(str(o.get("data", {})).split()) for c in nb.cells
                     if c.cell_type == "code" for o in c.get("outputs", []))
    return [p for p in phrases if p not in rest]


@pytest.mark.parametrize("lesson", ["04", "05"])
def test_a_deck_built_without_notes_holds_no_line_of_any_trainer_cell(tmp_path, lesson):
    nb = nbformat.read(notebooks_dir() / get_lesson(lesson).notebook, as_version=4)
    phrases = _trainer_phrases(nb)
    assert len(phrases) > 20
    with_notes = _plain_words(slides.build_slides(lesson, tmp_path / "a").read_text("utf-8"))
    shared = _plain_words(slides.build_slides(lesson, tmp_path / "b", notes=False)
                          .read_text("utf-8"))
    # the phrases are there with notes (so this check can fail) ...
    assert sum(p in with_notes for p in phrases) > 0.9 * len(phrases)
    # ... and none of them without
    assert [p for p in phrases if p in shared] == []
    assert "Trainer notes." not in shared


def test_the_command_builds_without_notes_and_reminds_when_notes_are_in(tmp_path, capsys):
    reminder = "These decks hold your trainer notes as speaker notes: share the --no-notes " \
               "build with participants."
    assert cli.main(["slides", "07", str(tmp_path / "a")]) == 0
    assert reminder in capsys.readouterr().out
    assert cli.main(["slides", "07", str(tmp_path / "b"), "--no-notes"]) == 0
    assert reminder not in capsys.readouterr().out
    shared = (tmp_path / "b" / slides.deck_name("07")).read_text(encoding="utf-8")
    assert "Trainer notes." not in shared
    with pytest.raises(TypeError, match="notes"):
        slides.build_slides("07", tmp_path / "c", notes="no")


def test_the_introduction_has_its_own_titled_slide_and_anchors_are_hidden():
    nb = nbformat.read(notebooks_dir() / get_lesson("05").notebook, as_version=4)
    intro = nb.cells[0].source.split("\n\n")[2]
    markup = slides._deck_html(get_lesson("05"))
    sections = _sections(markup)
    first, second = sections[0], sections[1]
    phrase = " ".join(intro.split()[:8])
    assert "Learning objectives" in first and phrase not in _plain_words(first)
    assert re.search(r"<h2[^>]*>About this lesson", second)
    assert phrase in _plain_words(second)
    assert ".reveal .anchor-link, .anchor-link { display: none; }" in markup
