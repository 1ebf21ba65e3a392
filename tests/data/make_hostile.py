"""Write the hostile and awkward content files of tests/data/hostile/.

Each file is what a trainer's editor or spreadsheet really writes, or what a
hostile file would hold: byte-order marks, UTF-16, Latin-1, semicolons,
tabs, decimal commas, binary junk, an alias bomb, deep nesting, a duplicate
key, a Python tag, HTML in every text field. tests/test_content_files.py
loads each through the course's real loaders and checks its stated outcome.

The small files are committed; run this script again after changing it::

    python tests/data/make_hostile.py

The big ones (a cell over the size limit, too many rows, a file over the
size limit) are written by the tests into a temporary folder with
:func:`write_big`, so that no megabytes are committed.

The records each file holds are defined here, as data, so that a test can
compare what a loader returns with what was written.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent / "hostile"

# --------------------------------------------------------------------------
# What the files hold
# --------------------------------------------------------------------------

REGISTER_COLUMNS = ["id", "title", "cause", "effect", "category", "phase", "kind",
                    "probability", "impact_cost", "impact_days", "owner", "response",
                    "response_cost", "residual_probability", "residual_impact_cost",
                    "residual_impact_days", "trigger", "status"]

#: Three risks with accented text, a comma, a semicolon and a quote in the
#: text cells, and decimals in the numbers: what a real register holds.
REGISTER = [
    {"id": "R01", "title": "Café chain's pilot store opens late",
     "cause": "Fit-out of the Zürich store slips; the landlord's works overrun",
     "effect": "Pilot go-live moves, so training is repeated", "category": "schedule",
     "phase": "deployment", "kind": "threat", "probability": 0.35, "impact_cost": 12500.5,
     "impact_days": 10, "owner": "client_project_manager", "response": "mitigate",
     "response_cost": 1500, "residual_probability": 0.1, "residual_impact_cost": 6000,
     "residual_impact_days": 4, "trigger": "Landlord reports a \"delay\" at the weekly call",
     "status": "active"},
    {"id": "R02", "title": "Data owners are unavailable during cleansing",
     "cause": "Year-end closing takes the finance team", "effect": "Migration rehearsals fail",
     "category": "data", "phase": "data_migration", "kind": "threat", "probability": 0.5,
     "impact_cost": 20000, "impact_days": 15, "owner": "data_migration_lead",
     "response": "avoid", "response_cost": 3000, "residual_probability": 0.05,
     "residual_impact_cost": 2000, "residual_impact_days": 1,
     "trigger": "Cleansing backlog above 200 records", "status": "active"},
    {"id": "R03", "title": "Vendor offers a free training bundle",
     "cause": "Launch promotion of the vendor's academy", "effect": "Training costs drop",
     "category": "vendor", "phase": "training", "kind": "opportunity", "probability": 0.25,
     "impact_cost": 8000, "impact_days": 0, "owner": "change_manager", "response": "exploit",
     "response_cost": 0, "residual_probability": 0.75, "residual_impact_cost": 8000,
     "residual_impact_days": 0, "trigger": "Offer published before the training phase",
     "status": "active"},
]

PLAN_COLUMNS = ["id", "name", "phase", "duration", "depends_on"]
PLAN = [
    {"id": "kickoff", "name": "Kick-off; team mobilisation", "phase": "initiation",
     "duration": 2, "depends_on": ""},
    {"id": "design", "name": "Design, configuration", "phase": "design", "duration": 10.5,
     "depends_on": "kickoff"},
    {"id": "migrate", "name": "Data migration (Müller's files)", "phase": "data_migration",
     "duration": 8, "depends_on": "kickoff"},
    {"id": "golive", "name": "Go-live", "phase": "deployment", "duration": 0,
     "depends_on": "design;migrate"},
]

ESTIMATE_COLUMNS = ["id", "optimistic", "most_likely", "pessimistic", "cost_optimistic",
                    "cost_most_likely", "cost_pessimistic"]
ESTIMATES = [
    {"id": "kickoff", "optimistic": 1.5, "most_likely": 2, "pessimistic": 3.25,
     "cost_optimistic": 1000.5, "cost_most_likely": 1200, "cost_pessimistic": 2000},
    {"id": "design", "optimistic": 8, "most_likely": 10.5, "pessimistic": 15,
     "cost_optimistic": 0, "cost_most_likely": 0, "cost_pessimistic": 0},
]

#: Text that a widget must escape, and that content must keep verbatim.
HTML = '<script>alert("x")</script><b onclick="steal()">bold</b> & <i>more</i>'


def html(label: str) -> str:
    """The hostile text for one field, tagged with the field's name."""
    return f"{label}: {HTML}"


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

def csv_text(rows, columns, *, delimiter=",", decimal_comma=False, lineterminator="\r\n"):
    """The rows as CSV text, quoted as a spreadsheet quotes them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    # A cell with a line break is always quoted, as a spreadsheet does (csv
    # quotes only the characters of the writer's own line end).
    quoted = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator,
                        quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            text = repr(value) if isinstance(value, float) else str(value)
            if decimal_comma and isinstance(value, float):
                text = text.replace(".", ",")
            cells.append(text)
        (quoted if any("\r" in c or "\n" in c for c in cells) else writer).writerow(cells)
    return buffer.getvalue()


def _yaml(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def alias_bomb(levels: int = 12, width: int = 10) -> str:
    """A small file whose aliases expand to ``width ** levels`` values."""
    names = [f"level_{i:02d}" for i in range(levels)]
    lines = ["# An alias bomb: each level repeats the previous one ten times.",
             "unit: USD million", "bomb:"]
    lines.append(f"  {names[0]}: &{names[0]} [" + ", ".join(["lol"] * width) + "]")
    for before, name in zip(names, names[1:]):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{before}"] * width) + "]")
    lines.append(f"tree: *{names[-1]}")
    return "\n".join(lines) + "\n"


def deep_flow(depth: int = 10_000) -> str:
    """A tree nested ``depth`` lists deep, in flow style: ``[[[...]]]``."""
    return "tree: " + "[" * depth + "]" * depth + "\n"


def deep_block(depth: int = 400) -> str:
    """Mappings nested ``depth`` deep, in block style (indentation)."""
    return "".join(f"{'  ' * i}level{i}:\n" for i in range(depth)) + "  " * depth + "end\n"


def phases_yaml(name_twice: bool = False, text=lambda label, plain: plain) -> str:
    entries = []
    for ident, role in (("initiation", "sponsor"), ("design", "solution_architect")):
        entry = [f"  - id: {ident}",
                 f"    name: {_quote(text('name', ident.title()))}"]
        if name_twice and ident == "design":
            entry.append("    name: Design again")
        entry += [f"    purpose: {_quote(text('purpose', 'Why the phase exists.'))}",
                  f"    activities: [{_quote(text('activities', 'Run workshops'))}]",
                  f"    deliverables: [{_quote(text('deliverables', 'A document'))}]",
                  f"    roles: [{role}]",
                  f"    exit_criteria: [{_quote(text('exit_criteria', 'Signed off'))}]",
                  f"    failure_modes: [{_quote(text('failure_modes', 'Skipped'))}]",
                  f"    why_here: {_quote(text('why_here', 'Because it comes first.'))}"]
        entries.append("\n".join(entry))
    return "phases:\n" + "\n".join(entries) + "\n"


def _quote(value: str) -> str:
    text = yaml.safe_dump(value, default_style='"', width=10_000).strip()
    return text.removesuffix("...").strip()


def html_checklist() -> str:
    return _yaml({"items": [{"id": "signoff", "area": "business", "text": html("text"),
                             "why": html("why"), "weight": 5, "blocking": True,
                             "sample_met": False}]})


def html_questions() -> str:
    return _yaml({"questions": [{
        "id": "html-01", "lesson": "01", "topic": "phases", "kind": "single",
        "difficulty": 1, "stem": html("stem"),
        "options": [html("first choice"), html("second choice"), html("third choice")],
        "answer": ["B"], "explanation": html("explanation"), "source": html("source")}]})


def html_tree() -> str:
    return _yaml({"unit": html("unit"), "tree": {
        "decision": html("decision"),
        "options": [
            {"label": html("option 1"), "cost": 10,
             "node": {"chance": html("chance"), "branches": [
                 {"probability": 0.5, "node": {"outcome": html("outcome 1"), "value": 40}},
                 {"probability": 0.5, "node": {"outcome": html("outcome 2"), "value": 0}}]}},
            {"label": html("option 2"), "cost": 0,
             "node": {"outcome": html("outcome 3"), "value": 5}}]}})


def html_case(shipped: Path) -> str:
    """A shipped business case with every text field replaced by HTML."""
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    data["id"] = "html_case"
    for key in ("name", "description"):
        data[key] = html(key)
    for key in ("intangible_benefits", "assumptions", "sources"):
        if key in data and isinstance(data[key], list):
            data[key] = [html(f"{key}[{i}]") for i in range(len(data[key]))]
    return _yaml(data)


def files(datasets: Path) -> dict[str, bytes]:
    """Every committed hostile file, by name."""
    utf8 = csv_text(REGISTER, REGISTER_COLUMNS).encode()
    out = {
        # Spreadsheets and editors
        "register_bom.csv": b"\xef\xbb\xbf" + utf8,
        "register_utf16le_tab.csv": b"\xff\xfe"
        + csv_text(REGISTER, REGISTER_COLUMNS, delimiter="\t").encode("utf-16-le"),
        "plan_utf16be.csv": b"\xfe\xff" + csv_text(PLAN, PLAN_COLUMNS).encode("utf-16-be"),
        "register_latin1.csv": csv_text(REGISTER, REGISTER_COLUMNS).encode("cp1252"),
        "plan_semicolon.csv": csv_text(PLAN, PLAN_COLUMNS, delimiter=";").encode(),
        "estimates_tab.csv": csv_text(ESTIMATES, ESTIMATE_COLUMNS, delimiter="\t").encode(),
        "estimates_decimal_comma.csv": csv_text(ESTIMATES, ESTIMATE_COLUMNS, delimiter=";",
                                                decimal_comma=True).encode(),
        "estimates_decimal_comma_in_comma_file.csv": csv_text(
            ESTIMATES, ESTIMATE_COLUMNS, decimal_comma=True).encode(),
        "plan_excel_sep_line.csv": ("sep=;\r\n" + csv_text(PLAN, PLAN_COLUMNS, delimiter=";")
                                    .replace("\r\n", ";;\r\n") + ";;;;;;\r\n;;;;;;\r\n\r\n")
        .encode(),
        "register_header_only.csv": (",".join(REGISTER_COLUMNS) + "\r\n").encode(),
        "register_bad_cells.csv": csv_text(
            [dict(REGISTER[0], probability="high"),
             dict(REGISTER[1], impact_cost="1,5"), dict(REGISTER[2], status="maybe")],
            REGISTER_COLUMNS).encode(),
        "estimates_twice_for_one_task.csv": csv_text(
            [ESTIMATES[0], ESTIMATES[1], dict(ESTIMATES[0], most_likely=2.5)],
            ESTIMATE_COLUMNS).encode(),
        "empty.csv": b"",
        "empty.yml": b"",
        # Not text at all
        "junk_zip.csv": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)),
        "junk_png.yml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "junk_invalid_utf8.yml": b"tree:\n  outcome: \xff\xfe\xfa broken\n  value: 1\n",
        # Hostile YAML
        "tree_alias_bomb.yml": alias_bomb().encode(),
        "tree_deep_flow.yml": deep_flow().encode(),
        "tree_deep_block.yml": deep_block().encode(),
        "tree_alias_loop.yml": b"tree: &loop\n  decision: Loop\n  options:\n"
                               b"    - {label: again, cost: 0, node: *loop}\n",
        "tree_python_tag.yml": b"tree: !!python/object/apply:os.system ['echo owned']\n",
        "phases_python_tag.yml": b"phases:\n  - !!python/object/new:collections.OrderedDict"
                                 b" [[[id, initiation]]]\n",
        "phases_duplicate_key.yml": phases_yaml(name_twice=True).encode(),
        "phases_bom_utf8.yml": b"\xef\xbb\xbf" + phases_yaml().encode(),
        "phases_utf16le.yml": b"\xff\xfe" + phases_yaml().encode("utf-16-le"),
        # HTML in every text field
        "register_html.csv": csv_text(
            [dict(REGISTER[0], title=html("title"), cause=html("cause"), effect=html("effect"),
                  trigger=html("trigger"))], REGISTER_COLUMNS).encode(),
        "plan_html.csv": csv_text([dict(PLAN[0], name=html("name"))], PLAN_COLUMNS).encode(),
        "phases_html.yml": phases_yaml(text=lambda label, plain: html(label)).encode(),
        "checklist_html.yml": html_checklist().encode(),
        "questions_html.yml": html_questions().encode(),
        "tree_html.yml": html_tree().encode(),
        "case_html.yml": html_case(datasets / "business_cases" / "hr_system.yml").encode(),
    }
    return out


def write_big(folder: Path, limits) -> dict[str, Path]:
    """The big hostile files, written into ``folder`` (a test's tmp_path).

    ``limits`` is :mod:`implcourse.limits`, so the files track its values.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    header = ",".join(ESTIMATE_COLUMNS) + "\r\n"
    row = "kickoff,1,2,3,0,0,0\r\n"
    # One cell just over the course's limit, and one over csv's own field limit.
    paths["cell_over_limit"] = folder / "estimates_long_cell.csv"
    paths["cell_over_limit"].write_text(
        header + "x" * (limits.MAX_CELL_CHARS + 1) + ",1,2,3,0,0,0\r\n", encoding="utf-8")
    paths["cell_over_csv_limit"] = folder / "estimates_open_quote.csv"
    paths["cell_over_csv_limit"].write_text(
        header + 'kickoff,"1,2,3,0,0,0\r\n' + ("design,1,2,3,0,0,0\r\n" * 12_000),
        encoding="utf-8")
    paths["too_many_rows"] = folder / "estimates_too_many_rows.csv"
    lines = [header] + [f"t{i},1,2,3,0,0,0\r\n" for i in range(limits.MAX_ROWS + 1)]
    paths["too_many_rows"].write_text("".join(lines), encoding="utf-8")
    paths["too_big"] = folder / "register_too_big.csv"
    with paths["too_big"].open("wb") as handle:
        handle.write((",".join(REGISTER_COLUMNS) + "\r\n").encode())
        handle.seek(limits.MAX_FILE_BYTES + 10)
        handle.write(b"\r\n")
    return paths


def main(argv: list[str]) -> int:
    datasets = Path(__file__).resolve().parents[2] / "datasets"
    HERE.mkdir(exist_ok=True)
    written = files(datasets)
    for name, data in written.items():
        (HERE / name).write_bytes(data)
    # Git must keep these bytes as they are (no line-end conversion on any system).
    (HERE / ".gitattributes").write_text("* -text\n", encoding="utf-8")
    for old in HERE.iterdir():
        if old.name not in written and old.name != ".gitattributes":
            print(f"not written by this script (remove it?): {old.name}")
    print(f"wrote {len(written)} files to tests/data/hostile/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
