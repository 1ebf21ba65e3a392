"""Lesson 07's stakeholder views, driven without a browser: the power/interest grid and
the RACI checker.

Expected results come from the published rules, applied here to the raw data files
(yaml), never from the functions the tools call:

* the power/interest grid of Mendelow (1991) (e.g. the Open University, *Successful IT
  systems*, section 4.4): high power and high interest -> manage closely, high power
  only -> keep satisfied, high interest only -> keep informed, neither -> monitor;
  the course counts a score equal to the threshold of 6 as high;
* the engagement assessment matrix of the PMBOK Guide 6th ed. (PMI 2017), 13.2.2.5,
  Figure 13-6 (unaware, resistant, neutral, supportive, leading; C and D);
* the RACI rule of the PMBOK Guide 6th ed., 9.1.2.2, Figure 9-4 (one accountable per
  activity), with the course's second rule, at least one responsible per row.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse.stakeholders import raci as raci_core
from implcourse.stakeholders import register as reg_core
from implcourse.widgets import catalogue
from implcourse.widgets.common import STYLE
from implcourse.widgets.stakeholders import grid_tool, raci_tool, short_labels

from helpers import assert_tool_fallback

DATA = Path(__file__).resolve().parents[1] / "datasets"
REGISTER = yaml.safe_load((DATA / "stakeholders" / "register.yml").read_text())["stakeholders"]
BY_ID = {p["id"]: p for p in REGISTER}
RACI = yaml.safe_load((DATA / "stakeholders" / "raci.yml").read_text())
BROKEN = yaml.safe_load((DATA / "stakeholders" / "raci_broken.yml").read_text())
ROLE_NAMES = {r["id"]: r["name"] for r in
              yaml.safe_load((DATA / "lifecycle" / "roles.yml").read_text())["roles"]}
STALE = "implcourse-stale"
GRID = {(True, True): "manage closely", (True, False): "keep satisfied",
        (False, True): "keep informed", (False, False): "monitor"}
LEVELS = ["unaware", "resistant", "neutral", "supportive", "leading"]


def text(value: str) -> str:
    """An HTML value as plain text (tags dropped, entities unescaped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def my_strategy(power: int, interest: int) -> str:
    return GRID[(power >= 6, interest >= 6)]


def rows_of(data) -> dict[str, dict[str, str]]:
    """A RACI file's rows: deliverable -> {role name: letter}, empty cells left out."""
    return {row["deliverable"]: {ROLE_NAMES[k]: v for k, v in row["cells"].items()}
            for row in data["rows"]}


def my_broken_rows(matrix: dict[str, dict[str, str]]) -> list[str]:
    """Rows without exactly one A or without an R (A/R counts as both)."""
    out = []
    for row, cells in matrix.items():
        a = sum("A" in c for c in cells.values() if c)
        r = sum("R" in c for c in cells.values() if c)
        if a != 1 or r < 1:
            out.append(row)
    return out


def grid_of(tool) -> dict[str, dict[str, str]]:
    """What the RACI tool's drop-downs show, empty cells left out."""
    return {row: {role: tool.cells[row, role].value for role in tool.roles
                  if tool.cells[row, role].value} for row in tool.rows}


# --------------------------------------------------------------------------
# Both tools
# --------------------------------------------------------------------------

TOOLS = {"Power/interest grid": grid_tool, "RACI checker": raci_tool}


@pytest.mark.parametrize("title", list(TOOLS))
def test_tool_is_catalogued_with_fixed_fallback(title):
    """Each view is a Tool with the fixed text fallback, registered for lesson 07 in the
    order of the lesson (section 1 stakeholders before section 5 RACI)."""
    tool = TOOLS[title]()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    lesson07 = [(t, f) for lesson, t, f in catalogue() if lesson == "07"]
    mine = [t for t, _ in lesson07 if t in TOOLS]
    assert mine == list(TOOLS)
    assert dict(lesson07)[title] is TOOLS[title]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


@pytest.mark.parametrize("title", list(TOOLS))
def test_sliders_wait_for_release_and_boxes_never_scroll_sideways(title):
    tool = TOOLS[title]()
    for widget in walk(tool):
        if isinstance(widget, (w.IntSlider, w.FloatSlider)):
            assert widget.continuous_update is False
        overflow = getattr(widget.layout, "overflow", None)
        if overflow:
            assert overflow.split()[0] == "hidden", (widget, overflow)


# --------------------------------------------------------------------------
# Power/interest grid
# --------------------------------------------------------------------------

def test_grid_starts_on_the_sponsor_in_the_register_place():
    tool = grid_tool()
    first = REGISTER[0]
    assert tool.who.value == first["id"]
    assert (tool.power.value, tool.interest.value) == (first["power"], first["interest"])
    words = text(tool.place.value)
    assert f"{first['name']} at power {first['power']}, interest {first['interest']}" in words
    assert my_strategy(first["power"], first["interest"]) in words
    assert f"now {first['current']}, desired {first['desired']}" in words
    assert tool.moves() == {}
    alt = text(tool.chart.caption.value)
    assert alt.startswith(f"Power/interest grid of {len(REGISTER)} stakeholders")
    assert f"Selected: {first['name']} at power {first['power']}" in alt


def test_grid_alt_lists_every_quadrant_as_mendelow_says():
    """The chart's text alternative puts each register stakeholder under the strategy
    computed here from register.yml's scores."""
    tool = grid_tool()
    alt = text(tool.chart.caption.value)
    for strategy in GRID.values():
        names = [p["name"] for p in REGISTER if my_strategy(p["power"], p["interest"])
                 == strategy]
        if names:
            assert f"{strategy} {len(names)} ({', '.join(names)})" in alt, strategy


def test_grid_boundary_score_counts_as_high():
    """Course convention: on the threshold (6) counts as high; 5 is low."""
    tool = grid_tool()
    tool.who.value = "house_bank"
    cases = {(6, 6): "manage closely", (6, 5): "keep satisfied", (5, 6): "keep informed",
             (5, 5): "monitor"}
    for (power, interest), strategy in cases.items():
        tool.power.value, tool.interest.value = power, interest
        words = text(tool.place.value)
        assert f"so {strategy}:" in words, (power, interest, words)
        assert (f"Selected: House bank at power {power}, interest {interest}: {strategy}."
                in text(tool.chart.caption.value))


_grid = None


def shared_grid():
    global _grid
    if _grid is None:
        _grid = grid_tool()
    return _grid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([p["id"] for p in REGISTER]), st.integers(1, 10), st.integers(1, 10))
def test_grid_strategy_property(who, power, interest):
    """Any stakeholder at any place: the strategy in words is Mendelow's, and the
    stakeholder is listed under it in the chart's text alternative."""
    tool = shared_grid()
    tool.who.value = who
    tool.power.value, tool.interest.value = power, interest
    strategy = my_strategy(power, interest)
    assert f"so {strategy}:" in text(tool.place.value)
    alt = text(tool.chart.caption.value)
    parts = alt.split("): ", 1)[1].split(" Selected:")[0].rstrip(".").split("; ")
    listed = next(part for part in parts if part.startswith(f"{strategy} "))
    assert BY_ID[who]["name"] in listed
    assert tool.message.value == ""


def test_grid_moves_only_the_live_artists():
    """Moving one stakeholder keeps the drawn figure and moves its point; the other
    points stay where the register puts them."""
    tool = grid_tool()
    fig = tool.chart.figure
    tool.who.value = "staff_council"
    tool.power.value = 9
    assert tool.chart.figure is fig
    points = fig.grid_artists["points"]
    assert points["staff_council"].get_data() == ([4.0], [9.0])
    for person in REGISTER:
        if person["id"] != "staff_council":
            assert points[person["id"]].get_data() == ([float(person["interest"])],
                                                       [float(person["power"])])
    ring = fig.grid_artists["highlight"].get_data()
    assert (list(ring[0]), list(ring[1])) == ([4.0], [9.0])


def test_grid_moves_are_kept_per_stakeholder_and_reset():
    tool = grid_tool()
    tool.who.value = "house_bank"
    tool.power.value, tool.interest.value = 8, 9
    tool.who.value = "external_auditor"
    auditor = BY_ID["external_auditor"]
    assert (tool.power.value, tool.interest.value) == (auditor["power"], auditor["interest"])
    assert "Also moved: House bank." in text(tool.place.value)
    tool.who.value = "house_bank"
    assert (tool.power.value, tool.interest.value) == (8, 9)
    assert "(the register says power 2, interest 2)" in text(tool.place.value)
    assert tool.moves() == {"house_bank": (8, 9)}
    # back to the register's place: no longer a move
    tool.power.value, tool.interest.value = 2, 2
    assert tool.moves() == {}
    tool.power.value = 7
    tool.reset.click()
    assert tool.moves() == {} and (tool.power.value, tool.interest.value) == (2, 2)
    assert "monitor" in text(tool.place.value)


def test_grid_engagement_tab_is_the_matrix_drawn_when_opened():
    """The matrix from register.yml: C at the current level, D at the desired one, and
    the move counted in levels (PMBOK Guide 6th ed., Figure 13-6)."""
    tool = grid_tool()
    assert tool.matrix.value == ""
    tool.tabs.selected_index = 1
    page = tool.matrix.value
    cells = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    body = [[text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row,
                                                  flags=re.S)] for row in cells]
    header = next(r for r in body if "Unaware" in r)
    assert header[-6:] == ["Unaware", "Resistant", "Neutral", "Supportive", "Leading", "Move"]
    rows = {r[0]: r[1:] for r in body if r and r[0] in {p["name"] for p in REGISTER}}
    assert len(rows) == len(REGISTER)
    for person in REGISTER:
        shown = rows[person["name"]]
        cur, des = LEVELS.index(person["current"]), LEVELS.index(person["desired"])
        if cur == des:
            assert shown[cur] == "C D"
        else:
            assert shown[cur] == "C" and shown[des] == "D"
        gap = des - cur
        assert shown[5] == ("stays" if gap == 0 else
                            f"{'up' if gap > 0 else 'down'} {abs(gap)} level"
                            f"{'s' if abs(gap) > 1 else ''}")
    assert "synthetic" in text(page)


def test_grid_bad_input_keeps_the_last_good_result(monkeypatch):
    """If the core refuses the scores, the message names the problem, the place and
    the chart stay on the last good state (greyed), and recover on the next good one."""
    tool = grid_tool()
    tool.who.value = "house_bank"
    tool.power.value = 4
    good_place, good_alt = tool.place.value, tool.chart.caption.value

    def refuse(*args, **kwargs):
        raise ValueError("Power of 'house_bank' must be a number from 1 to 10 (you entered 11)")

    monkeypatch.setattr(reg_core, "stakeholder_grid", refuse)
    tool.power.value = 5
    assert "Power of 'house_bank' must be a number from 1 to 10" in text(tool.message.value)
    assert "last good" in tool.message.value
    assert tool.place.value == good_place and tool.chart.caption.value == good_alt
    assert STALE in tool.place._dom_classes and tool.chart.stale
    monkeypatch.undo()
    tool.power.value = 6
    assert tool.message.value == "" and not tool.chart.stale
    assert STALE not in tool.place._dom_classes
    assert "so keep satisfied:" in text(tool.place.value)  # power 6 high, interest 2 low


def test_grid_chart_fits_a_projected_screen():
    tool = grid_tool()
    assert tool.chart.image.layout.max_height == "38vh"
    assert tool.chart.caption.layout.max_height


# --------------------------------------------------------------------------
# RACI checker
# --------------------------------------------------------------------------

def test_raci_starts_from_the_broken_draft_and_names_its_faults():
    """The broken draft of raci_broken.yml: its four faulty rows (the file's own answer
    key) and no other row are reported and marked."""
    tool = raci_tool()
    assert tool.start.value == "broken"
    assert grid_of(tool) == rows_of(BROKEN)
    names = {row["id"]: row["deliverable"] for row in BROKEN["rows"]}
    faulty = [names[f["row"]] for f in BROKEN["faults"]]
    assert sorted(my_broken_rows(rows_of(BROKEN))) == sorted(faulty)
    verdict = text(tool.verdict.value)
    assert f"{len(faulty)} of {len(BROKEN['rows'])} rows break a rule" in verdict
    for row in tool.rows:
        marked = "✘" in text(tool.row_labels[row].value)
        assert marked == (row in faulty), row
        if row in faulty:
            assert f"Row '{row}'" in verdict
    assert "Row 'Solution design' has 2 Accountable roles (Solution architect and Business " \
           "process owner)" in verdict
    assert "Row 'User acceptance test sign-off' has no Responsible role" in verdict
    assert "Row 'Migrated and reconciled data' has no Accountable role" in verdict


def test_raci_erp_matrix_passes_and_empty_matrix_fails_every_row():
    tool = raci_tool()
    tool.start.value = "erp"
    assert grid_of(tool) == rows_of(RACI)
    assert my_broken_rows(rows_of(RACI)) == []
    assert f"All {len(RACI['rows'])} rows pass" in text(tool.verdict.value)
    assert not any("✘" in text(label.value) for label in tool.row_labels.values())
    tool.start.value = "empty"
    assert grid_of(tool) == {row: {} for row in tool.rows}
    verdict = text(tool.verdict.value)
    assert f"{len(tool.rows)} of {len(tool.rows)} rows break a rule" in verdict
    assert verdict.count("has no Accountable role") == len(tool.rows)
    assert verdict.count("has no Responsible role") == len(tool.rows)


def test_raci_fixing_the_draft_cell_by_cell_clears_the_verdict():
    """Setting the broken draft's faulty cells to raci.yml's letters, one change at a
    time, leaves every row passing."""
    tool = raci_tool()
    right = rows_of(RACI)
    for row in tool.rows:
        for role in tool.roles:
            tool.cells[row, role].value = right[row].get(role, "")
    assert "All 12 rows pass" in text(tool.verdict.value)
    assert tool.check().ok


def test_raci_every_change_updates_the_verdict():
    tool = raci_tool()
    tool.start.value = "erp"
    tool.cells["Go/no-go decision", "Sponsor"].value = "C"
    verdict = text(tool.verdict.value)
    assert "1 of 12 rows breaks a rule" in verdict
    assert "Row 'Go/no-go decision' has no Accountable role" in verdict
    assert "✘" in text(tool.row_labels["Go/no-go decision"].value)
    tool.cells["Go/no-go decision", "Sponsor"].value = "A"
    assert "All 12 rows pass" in text(tool.verdict.value)
    assert "✘" not in text(tool.row_labels["Go/no-go decision"].value)


def test_raci_advice_is_not_a_broken_rule():
    """A role that is R or A nowhere is advice (an idle role), not a violation."""
    tool = raci_tool()
    tool.start.value = "erp"
    for row in tool.rows:
        if tool.cells[row, "Support team"].value == "R":
            tool.cells[row, "Support team"].value = "C"
    still = my_broken_rows(grid_of(tool))
    verdict = text(tool.verdict.value)
    assert "Role 'Support team' is neither Responsible nor Accountable" in verdict
    assert "Advice" in verdict
    assert ("All 12 rows pass" in verdict) == (not still)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7),
                          st.sampled_from(["", "R", "A", "C", "I"])), max_size=12))
def test_raci_verdict_property(changes):
    """After any changes to the ERP RACI, the rows marked and counted as broken are the
    rows that break the rules applied here."""
    tool = shared_raci()
    tool.start.value = "broken"
    tool.start.value = "erp"
    for r, c, letter in changes:
        tool.cells[tool.rows[r], tool.roles[c]].value = letter
    broken = my_broken_rows(grid_of(tool))
    marked = [row for row in tool.rows if "✘" in text(tool.row_labels[row].value)]
    assert marked == broken
    verdict = text(tool.verdict.value)
    if broken:
        verb = "breaks" if len(broken) == 1 else "break"
        assert f"{len(broken)} of 12 rows {verb} a rule" in verdict
    else:
        assert "All 12 rows pass" in verdict


_raci = None


def shared_raci():
    global _raci
    if _raci is None:
        _raci = raci_tool()
    return _raci


def test_raci_cells_are_coloured_by_their_letter():
    tool = raci_tool()
    tool.start.value = "erp"
    cell = tool.cells["Solution design", "Solution architect"]
    assert "implcourse-raci-A" in cell._dom_classes
    cell.value = "R"
    raci_classes = [c for c in cell._dom_classes if c.startswith("implcourse-raci-")]
    assert raci_classes == ["implcourse-raci-R"]
    cell.value = ""
    assert [c for c in cell._dom_classes if c.startswith("implcourse-raci-")] == \
        ["implcourse-raci-none"]
    assert ".implcourse-raci-A select" in tool.legend.value
    assert "A accountable" in text(tool.about.value)


def test_raci_short_labels_are_unique_and_explained():
    tool = raci_tool()
    names = [ROLE_NAMES[r] for r in RACI["roles"]]
    assert tool.roles == names
    assert len(set(tool.short.values())) == len(names)
    legend = text(tool.legend.value)
    for name in names:
        assert f"{tool.short[name]} {name}" in legend
        assert len(tool.short[name]) <= 3
    assert short_labels(["Key users", "Key uses"]) == {"Key users": "KU", "Key uses": "Key"}


def test_raci_grid_scrolls_up_and_down_only_and_uses_narrow_columns():
    tool = raci_tool()
    frame = next(wd for wd in walk(tool) if isinstance(wd, w.VBox)
                 and any(isinstance(c, w.GridBox) for c in wd.children))
    assert frame.layout.overflow == "hidden auto" and frame.layout.max_height
    grid = frame.children[0]
    assert grid.layout.grid_template_columns.startswith("minmax(")
    assert f"repeat({len(tool.roles)}" in grid.layout.grid_template_columns
    assert len(grid.children) == (len(tool.rows) + 1) * (len(tool.roles) + 1)


def test_raci_bad_input_keeps_the_last_good_verdict(monkeypatch):
    tool = raci_tool()
    tool.start.value = "erp"
    good = tool.verdict.value

    def refuse(*args, **kwargs):
        raise ValueError("Letter 'X' in row 'Design', role 'Sponsor' is not R, A, C or I")

    monkeypatch.setattr(raci_core, "check_raci", refuse)
    tool.cells["Configured system", "Key users"].value = "I"
    assert "is not R, A, C or I" in text(tool.message.value)
    assert tool.verdict.value == good and STALE in tool.verdict._dom_classes
    monkeypatch.undo()
    tool.cells["Configured system", "Key users"].value = "C"
    assert tool.message.value == "" and STALE not in tool.verdict._dom_classes
    assert "All 12 rows pass" in text(tool.verdict.value)
