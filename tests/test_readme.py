"""The front pages tell the truth: README.md, the package description and the menus
they name.

README's opening statement of what the course teaches is generated from
datasets/course.yml, so it cannot promise a lesson that does not exist; the
package description promises none; and every JupyterLab menu path the README or
a lesson names exists, with those labels, in the installed JupyterLab.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

from implcourse import course

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README.md has no section '## {heading}'"
    return match.group(1)


def test_opening_statement_is_generated_from_the_course_map():
    block = re.search(r"<!-- scope:start[^>]*-->\n(.*?)\n<!-- scope:end -->", README, re.S)
    assert block, "README.md lost its scope markers"
    assert block.group(1) == course.scope_markdown(), (
        "README.md's statement of what the course covers is out of date; replace it "
        f"with:\n{course.scope_markdown()}")
    opening = README[:README.index("<!-- scope:start")]
    for lesson in course.load_planned():     # nothing planned is promised before it
        assert lesson.title.lower() not in opening.lower()


def test_lesson_00_states_the_scope_from_the_course_map():
    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    shown = [out for cell in nb.cells if cell.cell_type == "code"
             and "scope_markdown()" in cell.source for out in cell.outputs]
    assert shown and shown[0]["data"]["text/markdown"] == course.scope_markdown()
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    # The prose names no lesson topic itself (the generated line does): risk and the
    # business case were once called "planned" here after they had landed.
    for topic in ("risk", "business case", "delivery method", "rolling out", "rollout",
                  "measuring success", "stakeholder", "partner"):
        assert topic not in prose, topic


def test_package_description_promises_no_planned_lesson():
    description = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["description"]
    words = {"agile", "scrum", "rollout", "roll out", "stakeholder", "partner", "kpi",
             "measuring success", "earned value"}
    assert not [w for w in words if w in description.lower()], description


def test_never_used_python_covers_each_system():
    text = section(README, "Never used Python?")
    for system in ("**Windows.**", "**macOS.**", "**Linux.**"):
        assert system in text
    assert "Add python.exe to PATH" in text and "python3-venv" in text
    assert "py course.py lab" in text and "python3 course.py lab" in text


def test_progress_without_activation_is_given():
    assert "python3 course.py progress" in README
    assert "implcourse progress` in a\n  terminal with the course's environment active" not in README


# --------------------------------------------------------------------------
# Menu paths against the installed JupyterLab
# --------------------------------------------------------------------------

#: Each menu path the course names: (top menu id, submenu id or None, command) and the
#: labels the installed JupyterLab must show for it.
MENU_PATHS = {
    "View → Appearance → Presentation Mode": (
        "jp-mainmenu-view", "jp-mainmenu-view-appearance", "application:toggle-presentation-mode",
        ["Appearance", "Presentation Mode"]),
    "Run → Run All Cells": ("jp-mainmenu-run", None, "runmenu:run-all", ["Run All Cells"]),
    "Kernel → Restart Kernel and Run All Cells…": (
        "jp-mainmenu-kernel", None, "runmenu:restart-and-run-all",
        ["Restart Kernel and Run All Cells"]),
    "Kernel → Restart Kernel": ("jp-mainmenu-kernel", None, "kernelmenu:restart",
                                ["Restart Kernel"]),
}
PATH = re.compile(r"\*\*((?:[A-Z][\w .…-]*? → )+[A-Z][\w .…-]*?)\*\*")


def named_paths() -> set[str]:
    texts = [README] + [c.source for p in NOTEBOOKS
                        for c in nbformat.read(p, as_version=4).cells
                        if c.cell_type == "markdown"]
    return {m for text in texts for m in PATH.findall(text)}


def jupyterlab_menus() -> tuple[dict, str]:
    """The main menus of the installed JupyterLab (id -> list of items, submenus
    flattened by id) and the text of its built front end and settings schemas
    (where the labels live)."""
    import json

    import jupyterlab

    root = Path(jupyterlab.__file__).parent
    share = Path(sys.prefix) / "share" / "jupyter" / "lab"
    schemas = [p for base in (share / "schemas", root / "schemas") if base.exists()
               for p in base.rglob("*.json")]
    menus: dict[str, list] = {}

    def collect(menu_id: str, items: list) -> None:
        for item in items:
            menus.setdefault(menu_id, []).append(item)
            sub = item.get("submenu")
            if isinstance(sub, dict) and sub.get("id"):
                collect(sub["id"], sub.get("items", []))

    for path in schemas:
        data = json.loads(path.read_text(encoding="utf-8"))
        for menu in data.get("jupyter.lab.menus", {}).get("main", []):
            collect(menu["id"], menu.get("items", []))
    static = share / "static" if (share / "static").exists() else root / "static"
    code = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                     for p in [*static.glob("*.js"), *schemas])
    return menus, code


def test_every_menu_path_named_is_known():
    unknown = named_paths() - set(MENU_PATHS)
    assert not unknown, f"add these menu paths to MENU_PATHS (and check them): {unknown}"
    assert "View → Appearance → Presentation Mode" in named_paths()
    assert "View → Presentation Mode" not in README


@pytest.mark.parametrize("path", sorted(MENU_PATHS))
def test_menu_path_exists_in_the_installed_jupyterlab(path):
    menus, code = jupyterlab_menus()
    top, sub, command, labels = MENU_PATHS[path]
    assert top in menus, f"JupyterLab has no menu {top}"
    if sub is not None:
        assert any(isinstance(i.get("submenu"), dict) and i["submenu"].get("id") == sub
                   for i in menus[top]), f"{sub} is not in {top}"
        assert any(i.get("command") == command for i in menus[sub]), f"{command} not in {sub}"
    else:
        assert any(i.get("command") == command for i in menus[top]), f"{command} not in {top}"
    for label in labels:
        assert label in code, f"JupyterLab's front end has no label {label!r}"


def test_the_limits_the_lesson_guide_states_are_the_packages():
    """notebooks/README.md's "What is too big" figures come from implcourse.limits."""
    from implcourse import limits

    text = (Path(__file__).resolve().parents[1] / "notebooks" / "README.md").read_text(
        encoding="utf-8")
    part = " ".join(text[text.index("**What is too big.**"):].split("\n\n")[0].split())
    stated = {
        f"over {limits.MAX_FILE_BYTES // 1_000_000} MB",
        f"over {limits.MAX_ROWS:,} rows",
        f"deeper than {limits.MAX_YAML_DEPTH} levels",
        f"past {limits.MAX_YAML_NODES:,} values",
        f"over {limits.MAX_TASKS:,} tasks",
        f"over {limits.MAX_TREE_NODES:,} nodes",
    }
    missing = [s for s in stated if s not in part]
    assert not missing, (missing, part)
