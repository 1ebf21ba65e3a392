"""The trainer's documents (notebooks/trainer/): generated parts up to date, keys recomputed.

The answer keys are computed by the package (implcourse.trainer_docs); these tests recompute
the key figures independently from the dataset files (with yaml and csv, not the package's
loaders) and check that the committed files say the same.
"""

from __future__ import annotations

import csv
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from implcourse import course, trainer_docs as td

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks" / "trainer"
DATA = ROOT / "datasets"
COURSE = yaml.safe_load((DATA / "course.yml").read_text(encoding="utf-8"))["lessons"]
EXERCISE_MINUTES = {str(e["id"]): e["exercise_minutes"] for e in COURSE}
GROUP_FILES = [name for name in td.BLOCK_FILES if name.startswith("group_")]
REGENERATE = "regenerate with `python tools/make_trainer_docs.py`"


def _read(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8")


def _block(name: str, block: str) -> str:
    match = re.search(rf"<!-- {block}:start[^>]*-->\n(.*?)<!-- {block}:end -->", _read(name),
                      re.S)
    assert match, f"{name} has no generated block {block!r}"
    return match.group(1)


# --------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", td.FILES)
def test_committed_file_equals_what_the_package_generates_now(name):
    current = _read(name)
    assert current == td.render_file(name, current), \
        f"notebooks/trainer/{name} is out of date: {REGENERATE}"


def test_the_script_reports_the_files_up_to_date():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_trainer_docs.py"),
                          "--check"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "up to date" in run.stdout


def test_the_folder_holds_the_expected_files_and_no_notebooks():
    names = {p.name for p in FOLDER.iterdir()}
    assert set(td.FILES) <= names
    assert not [n for n in names if n.endswith(".ipynb")], "no notebooks here: nbval would run them"


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.md")), ids=lambda p: p.name)
def test_no_machine_paths_and_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(/work/|/tmp/|/home/|/root/|/Users/|[A-Z]:\\)", text), path.name
    anchors = {}
    for lesson in course.load_course():
        anchors[lesson.notebook] = {course.section_anchor(f"{i}. {title}")
                                    for i, title in enumerate(lesson.sections, start=1)}
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        file, _, anchor = target.partition("#")
        resolved = (FOLDER / file).resolve()
        assert resolved.is_file(), f"{path.name}: broken link {target}"
        if anchor and resolved.suffix == ".ipynb":
            assert anchor in anchors[resolved.name], f"{path.name}: no section {anchor}"


@pytest.mark.parametrize("name", GROUP_FILES)
def test_each_group_exercise_has_every_part(name):
    text = _read(name)
    for heading in ("## Timing", "## Group size and set-up", "## Materials",
                    "## Instructions for participants", "## Facilitator prompts",
                    "## Answer key", "## Common misconceptions"):
        assert f"\n{heading}" in text, f"{name} lacks {heading}"
    misconceptions = text.split("## Common misconceptions", 1)[1]
    assert misconceptions.count("\n- **") >= 4


@pytest.mark.parametrize("name", GROUP_FILES)
def test_group_exercise_timing_uses_the_lesson_exercise_minutes(name):
    from implcourse.agenda import GROUP_EXERCISES

    lesson = next(i for i, (_, file) in GROUP_EXERCISES.items() if file == name)
    block = _block(name, "timing")
    assert f"**{EXERCISE_MINUTES[lesson]} minutes**" in block
    spans = [(int(a), int(b)) for a, b in re.findall(r"(\d+)–(\d+) min", block)]
    assert spans[0][0] == 0 and spans[-1][1] == EXERCISE_MINUTES[lesson]
    assert all(b > a for a, b in spans)
    assert all(prev[1] == nxt[0] for prev, nxt in zip(spans, spans[1:]))


def test_readme_group_exercise_table_matches_the_agendas():
    from implcourse import agenda

    text = _read("README.md")
    for lesson, (_, file) in agenda.GROUP_EXERCISES.items():
        row = next(line for line in text.splitlines() if f"]({file})" in line)
        used = [name for name in agenda.AGENDAS if lesson in agenda.build(name).covers]
        assert row.rstrip(" |").endswith(", ".join(used)), row


# --------------------------------------------------------------------------
# The answer keys, recomputed independently
# --------------------------------------------------------------------------

def test_go_no_go_key_matches_the_rule_computed_from_the_checklist_file():
    items = yaml.safe_load((DATA / "lifecycle" / "golive_checklist.yml").read_text(
        encoding="utf-8"))["items"]
    total = sum(i["weight"] for i in items)
    met = {i["id"] for i in items if i["sample_met"]}
    key = _block("group_go_no_go.md", "key")

    def row(letter, met_ids):
        score = sum(i["weight"] for i in items if i["id"] in met_ids) / total
        blocked = any(i["blocking"] and i["id"] not in met_ids for i in items)
        decision = "NO-GO" if blocked or score < 0.8 else "GO"
        return f"| {letter} | {round(100 * score)} % | {decision} |"

    every = {i["id"] for i in items}
    assert row("A", met) in key
    assert row("B", met | {"data_reconciliation_signed_off"}) in key
    assert row("C", every - {"hypercare_rota_staffed"}) in key
    assert row("D", every - {"process_owners_ready", "data_quality_targets",
                             "performance_test_passed", "users_trained",
                             "service_desk_briefed"}) in key
    # The scenarios teach four different lessons: a blocking item, a GO with conditions,
    # a high score that is still NO-GO, and no blocking item but too low a score.
    assert "| B | " in key and "| GO |" in key.split("| B | ")[1].split("\n")[0]
    slips = _block("group_go_no_go.md", "slips")
    assert [f"### Slip {x}" in slips for x in "BCD"] == [True] * 3
    assert not re.search(r"\bNO-GO\b|\bGO\b|\d %", slips), "slips must hold no verdict or score"
    assert "Variant C" in slips and "Variant D" in slips
    cards = _block("group_go_no_go.md", "cards")
    assert cards.count("**not met**") == len(every - met)


def test_partner_key_matches_a_weighted_sum_computed_from_the_files():
    profiles = yaml.safe_load((DATA / "partners" / "profiles.yml").read_text(encoding="utf-8"))
    presets = {p["id"]: p["weights"] for p in yaml.safe_load(
        (DATA / "partners" / "scoring.yml").read_text(encoding="utf-8"))["presets"]}
    key = _block("group_partner_role_play.md", "key")
    weights_block = _block("group_partner_role_play.md", "weights")
    for role, preset in td.PARTNER_ROLES.items():
        w = presets[preset]
        scores = {p["name"]: sum(w[a] * p["ratings"][a]["rating"] for a in w) / sum(w.values())
                  for p in profiles["partner_types"]}
        ranked = sorted(scores, key=lambda name: -scores[name])
        winner = ranked[0]
        runners = [n for n in ranked[1:] if abs(scores[n] - scores[ranked[1]]) < 1e-9]
        assert abs(scores[ranked[1]] - scores[winner]) > 1e-9, "a tie for first: extend test"
        runner = " and ".join(n for n in [p["name"] for p in profiles["partner_types"]]
                              if n in runners)
        runner_cell = " and ".join(r for r in (n for n in ranked if n in runners)) + \
            (" (tie)" if len(runners) > 1 else "")
        assert runner and (f"| {role} | {winner} | {scores[winner]:.2f} | {runner_cell} | "
                           f"{scores[ranked[1]]:.2f} |") in key
        if len(runners) > 1:
            assert f"- **{role}**: " in key and "tie for second place" in key
        assert f"| {role} | " + " | ".join(f"{w[a]:g}" for a in w) + " |" in weights_block


def test_risk_key_emv_matches_the_register_file():
    with open(DATA / "risk_register.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    key = _block("group_risk_workshop.md", "key")

    def money(x):
        text = f"{abs(round(x)):,} EUR"
        return ("−" if round(x) < 0 else "") + text

    for group, phases in td.RISK_GROUPS.items():
        everything = [r for r in rows if r["phase"] in phases]
        # Closed and occurred risks carry no exposure (PMBOK 6, section 11.7).
        chosen = [r for r in everything if r["status"] == "active"]
        sign = {r["id"]: (-1 if r["kind"] == "threat" else 1) for r in chosen}
        before = sum(sign[r["id"]] * float(r["probability"]) * float(r["impact_cost"])
                     for r in chosen)
        after = sum(sign[r["id"]] * float(r["residual_probability"])
                    * float(r["residual_impact_cost"]) for r in chosen)
        section = key.split(f"**{group}**")[1].split("Net EMV")[1].split("\n")[0]
        assert f"{money(before)} before the responses" in section, group
        assert f"{money(after)} after them" in section, group
        for r in everything:
            assert f"| {r['id']} | {r['title']} |" in key
        for r in everything:
            if r["status"] != "active":
                assert r["id"] in section.split("Not exposure:")[1], r["id"]
    active = [r for r in rows if r["status"] == "active"]
    threats = -sum(float(r["probability"]) * float(r["impact_cost"]) for r in active
                   if r["kind"] == "threat")
    opportunities = sum(float(r["probability"]) * float(r["impact_cost"]) for r in active
                        if r["kind"] == "opportunity")
    assert f"Active threats' EMV {money(threats)}" in key
    assert f"net {money(threats + opportunities)} before the responses" in key
    # The reviewer's worked figures for the course register (threats negative).
    assert "Active threats' EMV −618,025 EUR" in key and "net −450,775 EUR" in key


def test_risk_key_uses_the_simulator_settings_the_groups_see():
    from implcourse.widgets.risk import monte_carlo_tool

    tool = monte_carlo_tool()
    assert (tool.iterations.value, tool.seed.value, tool.distribution.value) == \
        (td.MONTE_CARLO["n"], td.MONTE_CARLO["seed"], td.MONTE_CARLO["distribution"])
    assert tool.responses.value is True
    key = _block("group_risk_workshop.md", "key")
    assert f"{td.MONTE_CARLO['n']:,} iterations, seed {td.MONTE_CARLO['seed']}" in key
    # The ordering the debrief relies on: risks push P80 later, responses pull it back.
    p80 = [float(line.split(" | ")[2]) for line in key.splitlines()
           if line.startswith(("| Plan only", "| With the"))]
    assert len(p80) == 3 and p80[0] < p80[2] < p80[1]


def test_methodology_key_matches_the_median_rule_computed_from_the_cases_file():
    cases = yaml.safe_load((DATA / "methods" / "cases.yml").read_text(encoding="utf-8"))["cases"]
    zones = yaml.safe_load((DATA / "methods" / "suitability.yml").read_text(
        encoding="utf-8"))["zones"]
    key = _block("group_methodology_debate.md", "key")
    assert "median answer, the course's model" in key
    for case in cases:
        median = statistics.median_low(case["answers"].values())
        zone = next(z["zone"] for z in zones if z["low"] <= median <= z["high"])
        spare = "" if case["id"] in td.DEBATE_CASES else " (spare)"
        assert f"| {case['title']}{spare} | {zone} ({median}) |" in key, case["id"]
        assert f"{case['recommendation']['approach']}: " in key
    debated = [c for c in cases if c["id"] in td.DEBATE_CASES]
    assert len(debated) == 4
    # The debate needs tension: at least one case where the filter and the recommendation
    # disagree, and none where every tool and the recommendation agree on pure agile.
    assert any(statistics.median_low(c["answers"].values()) <= 3
               and c["recommendation"]["approach"] != "agile" for c in debated)


def test_evaluation_form_rates_every_content_lesson_and_cites_kirkpatrick():
    form = _read("evaluation_form.md")
    for entry in COURSE:
        label = f"{entry['id']} {entry['title']}"
        row = f"| {label} | ☐ | ☐ | ☐ | ☐ | ☐ | ☐ |"
        assert (row in form) == (str(entry["id"]) not in ("00", "10", "11")), label
    assert "Kirkpatrick" in form and "Evaluating Training Programs" in form
    for part in ("## 3. Pace and balance", "## 4. The trainer", "## 5. The materials",
                 "## 6. In your own words"):
        assert part in form


# --------------------------------------------------------------------------
# The helpers' input checks
# --------------------------------------------------------------------------

def test_fill_blocks_replaces_only_inside_the_markers():
    text = "intro\n<!-- a:start (x) -->\nold\n<!-- a:end -->\nmiddle\n<!-- b:start -->\n" \
           "<!-- b:end -->\nend\n"
    filled = td.fill_blocks(text, {"a": "new\n", "b": "B"})
    assert filled == ("intro\n<!-- a:start (x) -->\nnew\n<!-- a:end -->\nmiddle\n"
                      "<!-- b:start -->\nB\n<!-- b:end -->\nend\n")
    assert td.fill_blocks(filled, {"a": "new", "b": "B"}) == filled
    assert td.fill_blocks(filled, {"a": ""}).count("<!-- a:start (x) -->\n<!-- a:end -->") == 1
    with pytest.raises(ValueError, match="text has no generated block 'c'"):
        td.fill_blocks(text, {"c": "x"})
    with pytest.raises(ValueError, match="more than one generated block 'a'"):
        td.fill_blocks(text + text, {"a": "x"})
    with pytest.raises(TypeError, match="blocks"):
        td.fill_blocks(text, ["a"])
    with pytest.raises(TypeError, match="text"):
        td.fill_blocks(None, {})
    with pytest.raises(ValueError, match="blocks"):
        td.fill_blocks(text, {"A b": "x"})


def test_render_file_refuses_unknown_files_and_needs_the_text_of_block_files():
    with pytest.raises(ValueError, match="name must be one of 'agenda_half_day.md'"):
        td.render_file("notes.md")
    with pytest.raises(ValueError, match="text is needed for group_risk_workshop.md"):
        td.render_file("group_risk_workshop.md")
    with pytest.raises(TypeError, match="text"):
        td.render_file("group_risk_workshop.md", 3)
    with pytest.raises(ValueError, match="lesson_id must be one of '01', '02', '04', '08'"):
        td.timing("05")
