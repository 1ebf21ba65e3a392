"""`implcourse check-content`: every kind of content recognised and checked, every
problem reported with its file, row or line, field and what was expected; the trainer
docs' examples are valid and their calls exist and run."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse import content_check
from implcourse.content_check import KINDS, Problem, check_file, check_path, recognise

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
EXAMPLES = ROOT / "docs" / "examples"
BIN = Path(sys.executable).parent


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".yml", ".yaml"))


def _line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based number of the first line at or after line ``start`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the file")


def _write_csv(path: Path, rows: list[dict], delimiter: str = ",", encoding: str = "utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def _register_rows() -> list[dict]:
    with (DATASETS / "risk_register.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------
# The course's own content: every file recognised and valid
# --------------------------------------------------------------------------

def test_every_course_file_is_recognised_and_valid():
    results = content_check.check_paths([DATASETS])
    assert len(results) == len(_files(DATASETS))
    assert [(name, problems) for name, _, problems in results if problems] == []
    assert [name for name, kind, _ in results if kind not in KINDS] == []


def test_every_course_file_is_recognised_by_its_content_too(tmp_path):
    """Copied out of datasets/, each file is told by its columns or keys alone, as
    the same kind as in the course, and still passes."""
    copy = tmp_path / "copy"
    shutil.copytree(DATASETS, copy)
    for original in _files(DATASETS):
        moved = copy / original.relative_to(DATASETS)
        expected = recognise(original)
        assert expected is not None, original
        assert recognise(moved) == expected, original.name
        assert check_file(moved) == [], original.name


def test_check_content_datasets_exits_0():
    script = shutil.which("implcourse", path=str(BIN))
    result = subprocess.run([script, "check-content", "datasets/", "--quiet"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # quiet, and nothing wrong


def test_the_issue_kinds_exist():
    for name in ("risk_register", "plan", "estimates", "business_case", "decision_tree",
                 "phases", "checklist", "question_bank"):
        assert name in KINDS and KINDS[name].label


# --------------------------------------------------------------------------
# Broken files: every problem, with its row or line
# --------------------------------------------------------------------------

def test_broken_risk_register_reports_every_row(tmp_path):
    rows = _register_rows()[:5]
    rows[2]["probability"] = "high"                     # row 4
    rows[3]["owner"] = "Sponsor"                        # row 5
    rows[3]["impact_cost"] = ""                         # row 5
    rows[4]["id"] = rows[0]["id"]                       # row 6: duplicate
    path = tmp_path / "risks.csv"
    _write_csv(path, rows)
    problems = check_path(path)
    found = {(p.where, p.field) for p in problems}
    assert found == {(f"row 4 (id {rows[2]['id']!r})", "probability"),
                     (f"row 5 (id {rows[3]['id']!r})", "owner"),
                     (f"row 5 (id {rows[3]['id']!r})", "impact_cost"),
                     (f"row 6 (id {rows[0]['id']!r})", "id")}
    text = {p.field: str(p) for p in problems}
    assert text["probability"] == (f"{path}: row 4 (id {rows[2]['id']!r}): field 'probability': "
                                   "expected a number from 0 to 1, got 'high'")
    assert "lower-case" in text["owner"] and "'Sponsor'" in text["owner"]
    assert "empty" in text["impact_cost"] and "at least 0" in text["impact_cost"]
    assert "duplicate id" in text["id"] and "row 2" in text["id"]
    assert {p.kind for p in problems} == {"risk_register"}


def test_a_register_valid_row_by_row_runs_the_loader_cross_checks(tmp_path):
    rows = _register_rows()[:3]
    rows[1]["phase"] = "no_such_phase"       # a slug, but not a phase of the course
    path = tmp_path / "register.csv"
    _write_csv(path, rows)
    [problem] = check_path(path)
    assert problem.field == "phase" and "unknown phase 'no_such_phase'" in problem.message
    assert problem.where.startswith("row 3")


def test_header_problems_are_said_once(tmp_path):
    rows = [{("probabilty" if k == "probability" else k): v
             for k, v in row.items()} for row in _register_rows()[:4]]
    path = tmp_path / "risk_register_mine.csv"   # recognised by its name despite the slip
    _write_csv(path, rows)
    problems = check_path(path)
    assert [(p.where, p.kind) for p in problems] == [("row 1", "risk_register")] * 2
    assert "missing column(s) 'probability'" in problems[0].message
    assert "unknown column(s) 'probabilty'" in problems[1].message


def test_semicolons_bom_and_decimal_commas_from_excel_pass(tmp_path):
    rows = _register_rows()[:3]
    rows[0]["probability"] = rows[0]["probability"].replace(".", ",")
    path = tmp_path / "excel.csv"
    _write_csv(path, rows, delimiter=";", encoding="utf-8-sig")
    assert check_path(path) == []


def test_broken_phases_report_the_lines(tmp_path):
    data = yaml.safe_load((DATASETS / "lifecycle" / "phases.yml").read_text(encoding="utf-8"))
    del data["phases"][4]["purpose"]
    data["phases"][5]["colour"] = "red"
    data["phases"][1]["activities"] = []
    path = tmp_path / "phases.yml"
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    problems = {p.field: p for p in check_path(path)}
    assert set(problems) == {"purpose", "colour", "activities"}
    fifth = _line_of(text, f"- id: {data['phases'][4]['id']}")
    assert problems["purpose"].where == (f"line {fifth} (phases entry 5, id "
                                         f"{data['phases'][4]['id']!r})")
    assert problems["purpose"].message == "required, but missing"
    sixth = _line_of(text, f"- id: {data['phases'][5]['id']}")
    assert problems["colour"].where.startswith(f"line {_line_of(text, 'colour:', sixth)} ")
    assert problems["colour"].message.startswith("unknown field")
    second = _line_of(text, f"- id: {data['phases'][1]['id']}")
    assert problems["activities"].where.startswith(
        f"line {_line_of(text, 'activities:', second)} (phases entry 2")
    assert "at least 1" in problems["activities"].message


def test_a_phase_naming_an_unknown_role_is_found_by_the_loader(tmp_path):
    data = yaml.safe_load((DATASETS / "lifecycle" / "phases.yml").read_text(encoding="utf-8"))
    data["phases"][2]["roles"][1] = "nobody"
    text = yaml.safe_dump(data, sort_keys=False)
    path = tmp_path / "phases.yml"
    path.write_text(text, encoding="utf-8")
    [problem] = check_path(path)
    third = _line_of(text, f"- id: {data['phases'][2]['id']}")
    assert problem.field == "roles[1]" and "unknown role 'nobody'" in problem.message
    assert problem.where.startswith(f"line {_line_of(text, '- nobody', third)} (phases entry 3")


def test_broken_business_case_reports_every_field_with_its_line(tmp_path):
    text = (DATASETS / "business_cases" / "hr_system.yml").read_text(encoding="utf-8")
    text = text.replace("discount_rate: 0.07", "discount_rate: ten")
    text = text.replace("currency: GBP", "currency: GBP\nowner: me")
    path = tmp_path / "my_case.yml"
    path.write_text(text, encoding="utf-8")
    problems = {p.field: p for p in check_path(path)}
    assert set(problems) == {"discount_rate", "owner"}
    assert problems["discount_rate"].where == f"line {_line_of(text, 'discount_rate:')}"
    assert problems["discount_rate"].message.endswith("got 'ten'")
    assert problems["owner"].where == f"line {_line_of(text, 'owner: me')}"
    assert {p.kind for p in problems.values()} == {"business_case"}


def test_decision_tree_whose_probabilities_do_not_add_up(tmp_path):
    text = (DATASETS / "risk" / "decision_facility.yml").read_text(encoding="utf-8")
    text = text.replace("probability: 0.4", "probability: 0.5", 1)
    path = tmp_path / "tree.yml"
    path.write_text(text, encoding="utf-8")
    [problem] = check_path(path)
    assert problem.kind == "decision_tree" and "sum to 1" in problem.message


def test_plan_cycle_and_estimates_that_do_not_fit_the_plan(tmp_path):
    (tmp_path / "plan.csv").write_text("id,name,duration,depends_on\na,A,2,\nb,B,3,a;c\n"
                                       "c,C,1,b\n", encoding="utf-8")
    [cycle] = check_path(tmp_path / "plan.csv")
    assert cycle.kind == "plan" and "cycle" in cycle.message and "b" in cycle.message
    (tmp_path / "good.csv").write_text("id,name,duration,depends_on\na,A,2,\nb,B,3,a\n",
                                       encoding="utf-8")
    (tmp_path / "good_estimates.csv").write_text(
        "id,optimistic,most_likely,pessimistic\na,1,2,3\n", encoding="utf-8")
    [missing] = check_path(tmp_path / "good_estimates.csv")
    assert "good.csv" in missing.message and "'b'" in missing.message
    (tmp_path / "good_estimates.csv").write_text(
        "id,optimistic,most_likely,pessimistic\na,1,2,3\nb,3,2,1\n", encoding="utf-8")
    [order] = check_path(tmp_path / "good_estimates.csv")
    assert order.where == "row 3 (id 'b')" and "ordered" in order.message


def test_question_and_checklist_slips(tmp_path):
    questions = yaml.safe_load((EXAMPLES / "questions.yml").read_text(encoding="utf-8"))
    questions["questions"][0]["answer"] = ["D"]
    questions["questions"][0]["difficulty"] = 5
    text = yaml.safe_dump(questions, sort_keys=False)
    (tmp_path / "quiz.yml").write_text(text, encoding="utf-8")
    problems = check_path(tmp_path / "quiz.yml")
    assert {p.field for p in problems} == {"difficulty"}  # the answer is checked once valid
    assert problems[0].message == "expected a whole number from 1 to 3, got 5"
    items = yaml.safe_load((EXAMPLES / "golive_checklist.yml").read_text(encoding="utf-8"))
    items["items"][1]["blocking"] = "perhaps"
    (tmp_path / "checklist.yml").write_text(yaml.safe_dump(items), encoding="utf-8")
    [problem] = check_path(tmp_path / "checklist.yml")
    assert problem.field == "blocking" and "true or false" in problem.message
    assert problem.kind == "checklist"


def test_unreadable_and_unknown_files(tmp_path):
    (tmp_path / "notes.yml").write_text("hello: 1\n", encoding="utf-8")
    [unknown] = check_path(tmp_path / "notes.yml")
    assert unknown.message.startswith("cannot tell what kind of content this is; the kinds "
                                      "are risk_register, plan,")
    assert unknown.message.endswith("; use --kind") and unknown.kind == ""
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    [sheet] = check_path(tmp_path / "sheet.xlsx")
    assert "CSV UTF-8" in sheet.message
    (tmp_path / "bad.yml").write_text("phases: [unclosed\n", encoding="utf-8")
    [syntax] = check_path(tmp_path / "bad.yml")
    assert "YAML" in syntax.message or "line" in syntax.where
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    [empty] = check_path(tmp_path / "empty.csv")
    assert "empty" in empty.message


def test_kind_forced(tmp_path):
    shutil.copy(DATASETS / "plans" / "erp_rollout.csv", tmp_path / "x.csv")
    assert check_path(tmp_path / "x.csv", kind="plan") == []
    problems = check_path(tmp_path / "x.csv", kind="estimates")
    assert problems and {p.kind for p in problems} == {"estimates"}
    problems = check_path(tmp_path / "x.csv", kind="phases")
    assert [p.message for p in problems] == ["a lifecycle phases is a YAML file, but this is "
                                             "a CSV file"]


@pytest.mark.parametrize("bad, error", [(None, TypeError), (3, TypeError), ("", ValueError),
                                        ("no/such/file.csv", ValueError)])
def test_check_path_refuses_bad_input_by_name(bad, error):
    with pytest.raises(error, match="path"):
        check_path(bad)


@pytest.mark.parametrize("bad, error", [(3, TypeError), ("nonsense", ValueError)])
def test_check_path_refuses_an_unknown_kind(bad, error):
    with pytest.raises(error, match="kind"):
        check_path(DATASETS / "risk_register.csv", kind=bad)


def test_a_folder_names_its_files_as_given(tmp_path, monkeypatch):
    mine = tmp_path / "my_course"
    shutil.copytree(EXAMPLES, mine)
    (mine / "risks.csv").write_text((mine / "risks.csv").read_text(encoding="utf-8")
                                    .replace(",0.4,", ",high,"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [problem] = check_path("my_course")
    assert str(problem).startswith("my_course/risks.csv: row 2 (id 'R01'): field "
                                   "'probability': ") or \
        str(problem).startswith("my_course\\risks.csv")  # Windows
    assert tmp_path.as_posix() not in str(problem)


def test_problem_is_frozen():
    problem = Problem("f.csv", "row 2", "x", "bad", "plan")
    with pytest.raises(AttributeError):
        problem.file = "g.csv"  # type: ignore[misc]


FIELDS = {"title": "", "probability": "high", "impact_cost": "-5", "owner": "Bad Owner",
          "status": "open", "category": "weather", "impact_days": "1,5e"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.tuples(st.integers(0, 7), st.sampled_from(sorted(FIELDS))), min_size=1,
               max_size=8))
def test_every_broken_cell_is_reported_and_nothing_else(tmp_path_factory, slips):
    """Property: the (row, field) pairs reported are exactly the cells broken."""
    rows = _register_rows()[:8]
    for index, name in slips:
        rows[index][name] = FIELDS[name]
    path = tmp_path_factory.mktemp("slips") / "risks.csv"
    _write_csv(path, rows)
    problems = check_path(path)
    reported = {(int(re.match(r"row (\d+)", p.where).group(1)), p.field) for p in problems}
    assert reported == {(index + 2, name) for index, name in slips}
    for p in problems:
        assert p.message and p.file == str(path)


# --------------------------------------------------------------------------
# The trainer docs: examples valid, calls that exist and run
# --------------------------------------------------------------------------

DOC = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match.group(1)


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_every_example_file_is_valid_and_of_its_kind():
    kinds = {path.name: content_check.check_paths([path])[0] for path in _files(EXAMPLES)}
    assert {name: problems for name, (_, _, problems) in kinds.items() if problems} == {}
    assert {name: kind for name, (_, kind, _) in kinds.items()} == {
        "risks.csv": "risk_register", "plan.csv": "plan", "plan_estimates.csv": "estimates",
        "business_case.yml": "business_case", "decision_tree.yml": "decision_tree",
        "phases.yml": "phases", "golive_checklist.yml": "checklist",
        "questions.yml": "question_bank"}


def test_both_docs_name_every_example_file():
    for text in (_section(DOC, "Use your own data"), _section(README, "Use your own data")):
        for path in _files(EXAMPLES):
            assert f"`{path.name}`" in text, path.name
        assert "check-content" in text and "datasets/" in text


def test_the_inline_examples_of_the_docs_pass(tmp_path):
    section = _section(DOC, "Use your own data")
    [register] = _blocks(section, "csv")
    [tree] = _blocks(section, "yaml")
    (tmp_path / "risks.csv").write_text(register, encoding="utf-8")
    (tmp_path / "tree.yml").write_text(tree, encoding="utf-8")
    assert check_path(tmp_path) == []
    assert recognise(tmp_path / "risks.csv").name == "risk_register"
    assert recognise(tmp_path / "tree.yml").name == "decision_tree"


def _run_blocks(tmp_path, monkeypatch, blocks):
    shutil.copytree(EXAMPLES, tmp_path / "my_course")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "notebooks/README.md", "exec"), namespace)  # noqa: S102
    return namespace


def test_the_docs_calls_run_on_the_example_files(tmp_path, monkeypatch):
    """The core calls of notebooks/README.md run on docs/examples/ copied to my_course/,
    and return the files' content (not the course's)."""
    core, _ = _blocks(_section(DOC, "Use your own data"), "python")
    ns = _run_blocks(tmp_path, monkeypatch, [core])
    assert list(ns["register"]["id"]) == ["R01", "R02"]
    assert ns["plan"].tasks[0].id == "kickoff" and len(ns["plan"].tasks) == 6
    assert ns["case"].id == "store_tablets" and ns["unit"] == "EUR thousand"
    assert [p.id for p in ns["phases"]] == ["prepare", "pilot"]
    assert [i.id for i in ns["items"]] == ["devices_ready", "staff_trained"]
    assert ns["graded"].correct


def test_the_docs_tool_calls_take_the_trainers_files(tmp_path, monkeypatch):
    core, tools = _blocks(_section(DOC, "Use your own data"), "python")
    _run_blocks(tmp_path, monkeypatch, [core, tools])


def test_every_function_the_docs_name_exists():
    import importlib

    named = set()
    for text in (_section(DOC, "Use your own data"), _section(README, "Use your own data")):
        named |= set(re.findall(r"\b([a-z_]+)\.([a-z_]+)\(", text))
    aliases = {"case_tools": "widgets.business_case", "lifecycle_tools": "widgets.lifecycle",
               "risk_tools": "widgets.risk"}
    checked = 0
    for module, function in sorted(named):
        if module in ("my_course", "course"):
            continue
        target = importlib.import_module(f"implcourse.{aliases.get(module, module)}")
        assert callable(getattr(target, function, None)), f"{module}.{function}"
        checked += 1
    assert checked >= 15
    widgets = importlib.import_module("implcourse.widgets.risk")
    bare = set(re.findall(r"`([a-z_]+_tool|calculator)\(", _section(README, "Use your own data")))
    for name in bare:
        assert any(callable(getattr(importlib.import_module(f"implcourse.widgets.{m}"), name, None))
                   for m in ("risk", "business_case", "lifecycle")), name
    assert widgets.heat_map_tool


HOSTILE = ROOT / "tests" / "data" / "hostile"
#: Awkward but valid: what Excel and editors write (BOM, UTF-16, semicolons, tabs, a
#: "sep=" line, a decimal comma in a semicolon file) and text holding HTML.
LOADS = ("html", "_bom_", "_bom.", "utf16", "semicolon", "_tab", "sep_line")


def test_hostile_and_awkward_files_give_their_stated_outcome():
    results = content_check.check_paths([HOSTILE])
    assert len(results) == len(_files(HOSTILE)) >= 20
    for name, kind, problems in results:
        stem = Path(name).name
        if any(word in stem for word in LOADS) or stem == "estimates_decimal_comma.csv":
            assert problems == [], name
            assert kind in KINDS, name
        else:
            assert problems, f"{name} should be refused"
            for problem in problems:
                assert problem.file == name and problem.message
                assert "Traceback" not in problem.message
