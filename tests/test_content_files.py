"""Content files as editors and spreadsheets really write them, and hostile ones.

Every file of tests/data/hostile/ (written by tests/data/make_hostile.py) goes
through the course's real loaders, and each gives its stated outcome: it
loads, with the values the script wrote, or it is refused with a
ContentError whose message names the file and the problem. The records the
script wrote are the independent expectation: nothing here is copied from
the loaders' own output.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from implcourse.limits import MAX_YAML_DEPTH
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse import (business_case, content, course, decision_tree, estimating, lifecycle,
                        limits, quiz, readiness, risk, schedule)
from implcourse.content import ContentError
from implcourse.portfolio import generator
from implcourse.stakeholders import client

DATA = Path(__file__).resolve().parent / "data"
HOSTILE = DATA / "hostile"

_spec = importlib.util.spec_from_file_location("make_hostile", DATA / "make_hostile.py")
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)


def hostile(name: str) -> Path:
    path = HOSTILE / name
    assert path.is_file(), f"run tests/data/make_hostile.py: {name} is missing"
    return path


# --------------------------------------------------------------------------
# The loaders, by the kind of file they read
# --------------------------------------------------------------------------

CSV_LOADERS = {
    "risk register": risk.load_register,
    "plan": schedule.load_plan,
    "estimates": estimating.load_estimates,
    "portfolio": generator.load_projects,
    "client survey": client.load_survey,
}
YAML_LOADERS = {
    "decision tree": decision_tree.load_decision_tree,
    "business case": business_case.load_case,
    "phases": lambda path: lifecycle.load_phases(path),
    "checklist": readiness.load_checklist,
    "question bank": lambda path: content.load_entries(path, quiz.Question, key="questions"),
}


def refused(loader, path: Path, *patterns: str) -> ContentError:
    """Load ``path``; it must be refused with a message naming the file and each pattern."""
    with pytest.raises(ContentError) as info:
        loader(path)
    message = str(info.value)
    assert path.name in message, message
    for pattern in patterns:
        assert re.search(pattern, message), (pattern, message)
    assert len(message) < 600, "a message must stay readable"
    return info.value


def test_committed_files_are_what_the_script_writes():
    expected = make_hostile.files(content.datasets_dir())
    on_disk = {p.name for p in HOSTILE.iterdir() if not p.name.startswith(".")}
    assert (HOSTILE / ".gitattributes").read_text(encoding="utf-8") == "* -text\n"
    assert on_disk == set(expected)
    for name, data in expected.items():
        assert (HOSTILE / name).read_bytes() == data, f"{name}: run tests/data/make_hostile.py"


# --------------------------------------------------------------------------
# Files that load, with the values written
# --------------------------------------------------------------------------

def assert_register(frame: pd.DataFrame, rows=make_hostile.REGISTER):
    assert list(frame["id"]) == [r["id"] for r in rows]
    for record, (_, loaded) in zip(rows, frame.iterrows()):
        for column, value in record.items():
            if isinstance(value, (int, float)):
                assert loaded[column] == pytest.approx(float(value)), column
            else:
                assert loaded[column] == value, column


def assert_plan(plan: schedule.Plan, rows=make_hostile.PLAN):
    assert [(t.id, t.name, t.phase, t.duration, t.depends_on) for t in plan.tasks] == [
        (r["id"], r["name"], r["phase"], float(r["duration"]),
         tuple(d for d in r["depends_on"].split(";") if d)) for r in rows]


def assert_estimates(estimates, rows=make_hostile.ESTIMATES):
    assert [e.model_dump() for e in estimates] == [
        {k: (v if k == "id" else float(v)) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("name", ["register_bom.csv", "register_utf16le_tab.csv"])
def test_register_from_excel_loads(name):
    """A UTF-8 byte-order mark (Excel's "CSV UTF-8") and UTF-16 with tabs
    (Excel's "Unicode text") load: today's "field 'id': Field required" is gone."""
    assert_register(risk.load_register(hostile(name)))


@pytest.mark.parametrize("name", ["plan_utf16be.csv", "plan_semicolon.csv",
                                  "plan_excel_sep_line.csv"])
def test_plan_in_other_encodings_and_separators_loads(name):
    """UTF-16 big-endian; semicolons with the dependency cell quoted; Excel's
    ``sep=;`` line, trailing empty columns and rows of empty cells."""
    assert_plan(schedule.load_plan(hostile(name)))


@pytest.mark.parametrize("name", ["estimates_tab.csv", "estimates_decimal_comma.csv"])
def test_estimates_with_tabs_or_decimal_commas_load(name):
    """In a semicolon file, 1,5 in a number field is 1.5 (documented in content.py)."""
    assert_estimates(estimating.load_estimates(hostile(name)))


@pytest.mark.parametrize("name", ["phases_bom_utf8.yml", "phases_utf16le.yml"])
def test_yaml_with_a_byte_order_mark_loads(name):
    phases = lifecycle.load_phases(hostile(name))
    assert [(p.id, p.name, p.roles) for p in phases] == [
        ("initiation", "Initiation", ["sponsor"]), ("design", "Design", ["solution_architect"])]


# --------------------------------------------------------------------------
# HTML in every text field: kept verbatim (the widgets escape it)
# --------------------------------------------------------------------------

H = make_hostile.html


def test_html_in_a_register_is_kept_as_text():
    frame = risk.load_register(hostile("register_html.csv"))
    for column in ("title", "cause", "effect", "trigger"):
        assert frame.loc[0, column] == H(column)


def test_html_in_a_plan_is_kept_as_text():
    assert schedule.load_plan(hostile("plan_html.csv")).tasks[0].name == H("name")


def test_html_in_phases_is_kept_as_text():
    for phase in lifecycle.load_phases(hostile("phases_html.yml")):
        assert (phase.name, phase.purpose, phase.why_here) == (H("name"), H("purpose"),
                                                               H("why_here"))
        for field in ("activities", "deliverables", "exit_criteria", "failure_modes"):
            assert getattr(phase, field) == [H(field)]


def test_html_in_a_checklist_and_a_question_bank_is_kept_as_text():
    item, = readiness.load_checklist(hostile("checklist_html.yml"))
    assert (item.text, item.why) == (H("text"), H("why"))
    question, = content.load_entries(hostile("questions_html.yml"), quiz.Question,
                                     key="questions")
    assert question.stem == H("stem") and question.explanation == H("explanation")
    assert question.options == [H("first choice"), H("second choice"), H("third choice")]
    assert question.source == H("source")


def test_html_in_a_decision_tree_is_kept_as_text():
    path = hostile("tree_html.yml")
    tree = decision_tree.load_decision_tree(path)
    assert decision_tree.decision_tree_unit(path) == H("unit")
    assert tree.label == H("decision")
    (first, _, chance), (second, _, outcome) = tree.options
    assert (first, second) == (H("option 1"), H("option 2"))
    assert chance.label == H("chance") and outcome.label == H("outcome 3")
    assert [node.label for _, node in chance.branches] == [H("outcome 1"), H("outcome 2")]


def test_html_in_a_business_case_is_kept_as_text():
    case = business_case.load_case(hostile("case_html.yml"))
    assert (case.name, case.description) == (H("name"), H("description"))
    assert case.assumptions == tuple(H(f"assumptions[{i}]")
                                     for i in range(len(case.assumptions)))
    assert case.assumptions


# --------------------------------------------------------------------------
# Files refused, by every loader of their kind, naming the file and problem
# --------------------------------------------------------------------------

@pytest.mark.parametrize("loader", CSV_LOADERS.values(), ids=CSV_LOADERS.keys())
@pytest.mark.parametrize("name, patterns", [
    ("register_latin1.csv", [r"line 2", r"not UTF-8 text", r"0xE9", r"CSV UTF-8"]),
    ("junk_zip.csv", [r"not a text file"]),
    ("empty.csv", [r"the file is empty"]),
], ids=["latin1", "zip", "empty"])
def test_csv_file_problems_are_refused_by_every_csv_loader(loader, name, patterns):
    refused(loader, hostile(name), *patterns)


@pytest.mark.parametrize("loader", YAML_LOADERS.values(), ids=YAML_LOADERS.keys())
@pytest.mark.parametrize("name, patterns", [
    ("junk_png.yml", [r"not a text file"]),
    ("junk_invalid_utf8.yml", [r"line 2", r"not UTF-8 text", r"0xFF"]),
    ("tree_alias_bomb.yml", [r"more than 200,000 values", r"MAX_YAML_NODES", r"line \d+"]),
    ("tree_deep_flow.yml", [rf"nested more than {MAX_YAML_DEPTH} deep", r"MAX_YAML_DEPTH",
                            r"line 1"]),
    ("tree_deep_block.yml", [rf"nested more than {MAX_YAML_DEPTH} deep",
                             rf"line {MAX_YAML_DEPTH + 1}\b"]),
    ("tree_alias_loop.yml", [r"line 4", r"\*loop", r"loop"]),
    ("tree_python_tag.yml", [r"line 1", r"'!!python/object/apply:os.system' is not allowed"]),
    ("phases_python_tag.yml", [r"line 2", r"!!python/object/new:collections.OrderedDict"]),
], ids=["png", "invalid-utf8", "alias-bomb", "deep-flow", "deep-block", "alias-loop",
        "python-tag-tree", "python-tag-entry"])
def test_yaml_file_problems_are_refused_by_every_yaml_loader(loader, name, patterns):
    error = refused(loader, hostile(name), *patterns)
    assert "lol" not in str(error), "never print an expanded value"


def test_duplicate_key_is_refused_with_its_line():
    path = hostile("phases_duplicate_key.yml")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = lines.index("    name: Design again") + 1
    for loader in YAML_LOADERS.values():
        refused(loader, path, rf"line {second}: the key 'name' appears twice")


def test_course_datasets_have_no_duplicate_keys_and_read_as_before():
    for path in sorted(content.datasets_dir().rglob("*.yml")):
        expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        assert content.read_yaml(path) == expected, path.name


def test_empty_yaml_is_refused_by_every_yaml_loader():
    for loader in YAML_LOADERS.values():
        refused(loader, hostile("empty.yml"), r"the file is empty")


def test_header_only_file_has_no_data_rows():
    for loader in (risk.load_register, schedule.load_plan, estimating.load_estimates):
        refused(loader, hostile("register_header_only.csv"), r"no data rows")


def test_decimal_comma_in_a_comma_file_is_named():
    error = refused(estimating.load_estimates,
                    hostile("estimates_decimal_comma_in_comma_file.csv"),
                    r"row 2 \(id 'kickoff'\): field 'optimistic'",
                    r"expected a number, got '1,5'", r"decimal comma")
    assert (error.entry, error.field) == ("row 2 (id 'kickoff')", "optimistic")


def test_two_estimates_for_one_task_are_an_error():
    refused(estimating.load_estimates, hostile("estimates_twice_for_one_task.csv"),
            r"row 4: field 'id': duplicate id 'kickoff'")


def test_every_bad_cell_is_listed_with_the_value_shown():
    error = refused(risk.load_register, hostile("register_bad_cells.csv"),
                    r"row 2 \(id 'R01'\): field 'probability': expected a number, got 'high'")
    assert [(p.entry, p.field) for p in error.problems] == [
        ("row 2 (id 'R01')", "probability"), ("row 3 (id 'R02')", "impact_cost"),
        ("row 4 (id 'R03')", "status")]
    assert "'1,5'" in error.problems[1].message and "decimal comma" in error.problems[1].message
    assert "'maybe'" in error.problems[2].message
    assert all(p.file == error.file for p in error.problems)


# --------------------------------------------------------------------------
# Big files: written into tmp_path, refused before the work
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return make_hostile.write_big(tmp_path_factory.mktemp("big"), limits)


def test_cell_over_the_limit_names_the_row(big):
    refused(estimating.load_estimates, big["cell_over_limit"], r"row 2",
            rf"{limits.MAX_CELL_CHARS + 1:,} characters", r"MAX_CELL_CHARS")


def test_open_quote_beyond_csv_field_limit_is_a_content_error(big):
    """csv's own "field larger than field limit" becomes a ContentError with the row."""
    refused(estimating.load_estimates, big["cell_over_csv_limit"], r"row 2",
            r"longer than the limit", r"quote")


def test_too_many_rows_are_refused(big):
    refused(estimating.load_estimates, big["too_many_rows"],
            rf"more than {limits.MAX_ROWS:,} data rows", r"MAX_ROWS",
            rf"row {limits.MAX_ROWS + 2}")


@pytest.mark.parametrize("loader", CSV_LOADERS.values(), ids=CSV_LOADERS.keys())
def test_file_over_the_size_limit_is_refused_before_reading(big, loader):
    size = big["too_big"].stat().st_size
    assert size > limits.MAX_FILE_BYTES
    refused(loader, big["too_big"], rf"the file is {size:,} bytes",
            rf"limit of {limits.MAX_FILE_BYTES:,} bytes", r"MAX_FILE_BYTES")


def test_yaml_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.yml"
    path.write_bytes(b"tree: x\n" + b"#" * limits.MAX_FILE_BYTES)
    for loader in YAML_LOADERS.values():
        refused(loader, path, r"MAX_FILE_BYTES")


# --------------------------------------------------------------------------
# The course's data is never shadowed by the working folder
# --------------------------------------------------------------------------

def test_files_in_the_working_folder_never_replace_the_course_data(tmp_path, monkeypatch):
    shipped_register = risk.load_register(content.datasets_dir() / "risk_register.csv")
    shipped_course = course.load_course(content.datasets_dir() / "course.yml")
    (tmp_path / "risk_register.csv").write_text("id,title\nR99,Impostor\n", encoding="utf-8")
    (tmp_path / "course.yml").write_text("lessons: []\n", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "erp_rollout.csv").write_text("nonsense\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert content.resolve("risk_register.csv") == content.datasets_dir() / "risk_register.csv"
    pd.testing.assert_frame_equal(risk.load_register(), shipped_register)
    pd.testing.assert_frame_equal(risk.load_register("risk_register.csv"), shipped_register)
    assert course.load_course() == shipped_course
    assert course.load_course("course.yml") == shipped_course
    assert schedule.load_plan().tasks[0].id == "kickoff"


def test_own_file_is_given_as_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "mine.csv").write_bytes(hostile("plan_semicolon.csv").read_bytes())
    with pytest.raises(ContentError) as info:
        schedule.load_plan("mine.csv")
    message = str(info.value)
    assert "no course dataset 'mine.csv'" in message
    assert "in the working folder" in message
    assert "Path('mine.csv')" in message and "'./mine.csv'" in message
    for given_as in (Path("mine.csv"), "./mine.csv", "~/mine.csv", str(tmp_path / "mine.csv"),
                     "../" + tmp_path.name + "/mine.csv"):
        assert_plan(schedule.load_plan(given_as))


def test_a_dataset_name_cannot_leave_the_datasets_folder():
    with pytest.raises(ContentError, match=r"may not leave datasets/ with '\.\.'"):
        content.resolve("plans/../../README.md")


def test_a_relative_path_object_is_the_working_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError, match=r"no such content file; to use the course's "
                                           r"dataset, give its name as a string: "
                                           r"'risk_register.csv'"):
        content.resolve(Path("risk_register.csv"))


@pytest.mark.parametrize("bad, problem", [
    ("", "empty string"), ("   ", "empty string"), ("a\x00b", "NUL"),
    ("~no_such_user_h1/x.csv", "home folder"),
    (Path("a\x00b.csv"), "no such content file|not a usable file path")])
def test_unusable_names_are_content_errors(bad, problem):
    with pytest.raises(ContentError, match=problem):
        content.resolve(bad)
    with pytest.raises(TypeError, match=r"name must be a dataset name or a path, got int 7"):
        content.resolve(7)


# --------------------------------------------------------------------------
# Other readers routed through content: the client survey and the portfolio
# --------------------------------------------------------------------------

def excel_copy(source: Path, target: Path, delimiter=";", encoding="utf-8-sig"):
    """``source`` as Excel in a European locale writes it: BOM, semicolons, CRLF."""
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    target.write_bytes(buffer.getvalue().encode(encoding))
    return target


def test_client_survey_from_excel_loads_like_the_shipped_one(tmp_path):
    shipped = content.datasets_dir() / client.SURVEY_FILE
    expected = pd.read_csv(shipped)  # pandas' own reader is the reference
    loaded = client.load_survey(excel_copy(shipped, tmp_path / "survey.csv"))
    pd.testing.assert_frame_equal(loaded, expected, check_dtype=False)
    assert str(loaded["csat"].dtype) == "int64" and str(loaded["nps"].dtype) == "int64"


def test_portfolio_from_excel_loads_like_the_shipped_one(tmp_path):
    shipped = content.datasets_dir() / generator.PROJECTS_FILE
    loaded = generator.load_projects(excel_copy(shipped, tmp_path / "projects.csv",
                                                delimiter="\t", encoding="utf-16"))
    pd.testing.assert_frame_equal(loaded, generator.load_projects())


# --------------------------------------------------------------------------
# The API for a checker: every problem, in plain words
# --------------------------------------------------------------------------

def test_validation_errors_lists_every_field_with_its_value():
    raw = {"id": "Bad Id", "optimistic": "high", "most_likely": True, "pessimistic": None,
           "surplus": 1}
    found = dict(content.validation_errors(estimating.Estimate, raw))
    assert found["optimistic"] == "expected a number, got 'high'"
    assert "'Bad Id'" in found["id"]
    assert found["surplus"] == "unknown field (check its spelling), got 1"
    assert "pessimistic" in found
    assert content.validation_errors(estimating.Estimate, {
        "id": "a", "optimistic": 1, "most_likely": 2, "pessimistic": 3}) == []
    with pytest.raises(TypeError, match="model must be a pydantic model class"):
        content.validation_errors(dict, {})


def test_yaml_entry_errors_carry_their_line(tmp_path):
    text = make_hostile.phases_yaml().replace("    purpose: \"Why the phase exists.\"\n", "", 1)
    path = tmp_path / "phases.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        content.load_entries(path, lifecycle.Phase, key="phases")
    assert info.value.line == text.splitlines().index("  - id: initiation") + 1
    assert (info.value.entry, info.value.field) == ("entry 1 (id 'initiation')", "purpose")
    assert "Field required" in str(info.value)


# --------------------------------------------------------------------------
# Property: any dialect and encoding loads to the records written
# --------------------------------------------------------------------------

_names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                 min_size=1, max_size=30).filter(lambda s: s.strip())
_tasks = st.lists(st.tuples(_names, st.integers(0, 1_000_000).map(lambda n: n / 100)),
                  min_size=1, max_size=8)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tasks=_tasks, delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom"]),
       newline=st.sampled_from(["\r\n", "\n"]), blank_tail=st.booleans())
def test_any_dialect_and_encoding_loads_the_records_written(tmp_path, tasks, delimiter,
                                                            encoding, newline, blank_tail):
    records = [{"id": f"t{i}", "name": name, "phase": "", "duration": duration,
                "depends_on": ";".join(f"t{j}" for j in range(i) if j % 2 == 0)}
               for i, (name, duration) in enumerate(tasks)]
    text = make_hostile.csv_text(records, make_hostile.PLAN_COLUMNS, delimiter=delimiter,
                                 decimal_comma=delimiter != ",", lineterminator=newline)
    if blank_tail:
        text += newline + delimiter * 4 + newline + newline
    data = (b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom"
            else text.encode(encoding))
    path = tmp_path / "plan.csv"
    path.write_bytes(data)
    loaded = content.load_rows(path, schedule.Task)
    assert [(t.id, t.name, t.phase, t.duration, t.depends_on) for t in loaded] == [
        (r["id"], r["name"].strip(), None, r["duration"],
         tuple(d for d in r["depends_on"].split(";") if d)) for r in records]
    assert all(math.isfinite(t.duration) for t in loaded)


# --------------------------------------------------------------------------
# Slips a trainer makes (found by a trainer's review)
# --------------------------------------------------------------------------

def test_a_dot_grouping_thousands_in_a_semicolon_file_is_refused_not_read_small(tmp_path):
    from implcourse.estimating import Estimate

    path = tmp_path / "est.csv"
    path.write_text("id;optimistic;most_likely;pessimistic\na;1.000;2,5;9000\nb;1;2;3\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as info:
        content.load_rows(path, Estimate)
    assert [(p.entry, p.field) for p in info.value.problems] == [("row 2 (id 'a')",
                                                                  "optimistic")]
    assert "'1.000' is ambiguous" in str(info.value) and "(1000)" in str(info.value)
    # In a comma file the dot is a decimal point, as everywhere in Python.
    path.write_text("id,optimistic,most_likely,pessimistic\na,8.000,9,10\n", encoding="utf-8")
    assert content.load_rows(path, Estimate)[0].optimistic == 8.0


def test_a_comma_grouping_thousands_gets_both_readings_in_the_hint(tmp_path):
    from implcourse.estimating import Estimate

    path = tmp_path / "est.csv"
    path.write_text('id,optimistic,most_likely,pessimistic\na,"15,000",16000,17000\n',
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"write 15000 if it groups thousands, or 15\.000"):
        content.load_rows(path, Estimate)


@pytest.mark.parametrize(("text", "hint"), [
    ("a:\n  b: 1\n c: 2\n", "check the indentation"),
    ("items:\n  - id: x\n    text: a\n   why: b\n", "check the indentation"),
    ("a: b: c\n", "a ':' inside a text needs the text in quotes"),
    ("a:\n\tb: 1\n", "indented with a tab"),
])
def test_yaml_slips_are_explained_in_plain_words(tmp_path, text, hint):
    path = tmp_path / "slip.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(hint)):
        content.read_yaml(path)


def test_every_pattern_of_the_course_models_is_described_in_words():
    import pathlib

    package = pathlib.Path(content.__file__).parent
    found = set()
    for source in package.rglob("*.py"):
        found |= set(re.findall(r'pattern=r"([^"]+)"', source.read_text(encoding="utf-8")))
    assert found and found <= set(content.PATTERN_WORDS), found - set(content.PATTERN_WORDS)
    from implcourse.risk import Risk

    problems = content.validation_errors(Risk, {"id": "r1"})
    assert ("id", "expected R and two or three digits (such as R01), got 'r1'") in problems


def test_an_unquoted_lesson_number_gets_a_hint_to_quote_it(tmp_path):
    from implcourse.quiz import Question

    problems = content.validation_errors(Question, {"lesson": 4})
    assert any(f == "lesson" and 'put it in quotes, as in "04"' in m for f, m in problems)


def test_every_public_loader_given_a_hostile_or_wrong_kind_of_file_says_so(tmp_path):
    """Each load_*/read_* of the package, given each hostile file and each
    course file of another kind, returns or raises TypeError/ValueError."""
    import importlib
    import inspect
    import pkgutil

    import implcourse

    loaders = {}
    for info in pkgutil.walk_packages(implcourse.__path__, "implcourse."):
        if any(part in info.name for part in ("widgets", "plots", "cli")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if inspect.isfunction(obj) and name.startswith(("load", "read")):
                loaders[obj] = f"{info.name}.{name}"
    files = [f for f in sorted(HOSTILE.iterdir()) if not f.name.startswith(".")]
    files += [content.datasets_dir() / "course.yml", content.datasets_dir() / "risk_register.csv"]
    assert len(loaders) > 30 and len(files) > 30
    failures = []
    for loader, name in loaders.items():
        for file in files:
            try:
                loader(file)
            except (TypeError, ValueError):
                pass
            except Exception as err:  # noqa: BLE001 - the point of the test
                failures.append(f"{name}({file.name}): {type(err).__name__}: {err}")
    assert not failures, "\n".join(failures[:20])
