"""Lesson 08's partner views, driven without a browser: the partner comparison, partner
scoring with sensitivity, and the knowledge-transfer plan.

Expected figures come from the raw YAML files and the weighted-sum formula written out
here (Triantaphyllou, Multi-Criteria Decision Making Methods, 2000, ch. 2), never from
the functions the tools call.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implcourse.widgets import catalogue
from implcourse.widgets.common import STYLE
from implcourse.widgets.partners import comparison_tool, kt_tool, scoring_tool

from helpers import PNG, assert_tool_fallback

DATA = Path(__file__).resolve().parents[1] / "datasets" / "partners"
PROFILES = yaml.safe_load((DATA / "profiles.yml").read_text(encoding="utf-8"))
WORKING = yaml.safe_load((DATA / "working.yml").read_text(encoding="utf-8"))
SCORING = yaml.safe_load((DATA / "scoring.yml").read_text(encoding="utf-8"))
NAMES = {p["id"]: p["name"] for p in PROFILES["partner_types"]}
ASPECTS = {a["id"]: a["name"] for a in PROFILES["aspects"]}
RATINGS = {p["id"]: {a: c["rating"] for a, c in p["ratings"].items()}
           for p in PROFILES["partner_types"]}
STALE = "implcourse-stale"


def text(value: str) -> str:
    """An HTML value as plain text (tags dropped, entities unescaped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def scores(weights: dict[str, float], ratings=RATINGS) -> dict[str, float]:
    total = sum(weights.values())
    return {p: sum(weights[a] * r[a] for a in weights) / total for p, r in ratings.items()}


def ranked(weights, ratings=RATINGS) -> list[tuple[str, float]]:
    s = scores(weights, ratings)
    order = sorted(s, key=lambda p: (-round(s[p], 9), list(NAMES).index(p)))
    return [(NAMES[p], s[p]) for p in order]


TOOLS = {
    "Partner comparison": comparison_tool,
    "Partner scoring with sensitivity": scoring_tool,
    "Knowledge-transfer plan": kt_tool,
}


@pytest.mark.parametrize("title", list(TOOLS))
def test_tool_is_catalogued_with_fixed_fallback(title):
    """Each view is a Tool with the fixed fallback, registered for lesson 08 in the order
    of datasets/course.yml (comparison, scoring, the contract calculator, KT plan)."""
    tool = TOOLS[title]()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    lesson08 = [(t, f) for lesson, t, f in catalogue() if lesson == "08"]
    mine = [t for t, _ in lesson08 if t in TOOLS]
    assert mine == list(TOOLS)
    assert dict(lesson08)[title] is TOOLS[title]
    course = yaml.safe_load((DATA.parents[0] / "course.yml").read_text(encoding="utf-8"))
    lesson = next(item for item in course["lessons"] if item["id"] == "08")
    assert [t for t, _ in lesson08] == lesson["tools"]


# --------------------------------------------------------------------------
# Partner comparison
# --------------------------------------------------------------------------

def test_comparison_shows_every_rating_and_every_text():
    """The default view is the ratings grid (it fits beside the controls at 150 %
    zoom); unticking shows every text, one line per type and aspect."""
    tool = comparison_tool()
    shown = tool.table.value
    for short in ("Large SI", "Boutique", "Vendor", "Independent", "Off-/near-shore"):
        assert short in shown
    cells = re.findall(r"<td[^>]*>\s*(\d)\s*</td>", shown)
    assert sorted(map(int, cells)) == sorted(
        cell["rating"] for p in PROFILES["partner_types"] for cell in p["ratings"].values())
    tool.numbers.value = False
    texts = text(tool.table.value)
    assert "of 5)" not in texts
    for p in PROFILES["partner_types"]:
        for cell in p["ratings"].values():
            assert cell["text"] in texts


@pytest.mark.parametrize("index", range(5))
def test_comparison_highlights_a_type_column(index):
    p = PROFILES["partner_types"][index]
    tool = comparison_tool()
    tool.highlight.value = f"type:{p['id']}"
    assert f".{tool.box} .col{index} " in tool.table.value
    focus = text(tool.focus.value)
    assert f"{p['name']}." in focus and p["typical_fit"] in focus
    for a in PROFILES["aspects"]:
        assert f"{a['name']}{p['ratings'][a['id']]['rating']} of 5" in focus


def test_comparison_highlights_an_aspect_row_ranked():
    tool = comparison_tool()
    for index, a in enumerate(PROFILES["aspects"]):
        tool.highlight.value = f"aspect:{a['id']}"
        assert f".{tool.box} .row{index} " in tool.table.value
        focus = text(tool.focus.value)
        assert a["question"] in focus and a["five_means"] in focus
        positions = [focus.index(f"{NAMES[p]}{RATINGS[p][a['id']]} of 5") for p in NAMES]
        ordered = sorted(NAMES, key=lambda p: positions[list(NAMES).index(p)])
        assert [RATINGS[p][a["id"]] for p in ordered] == sorted(
            (RATINGS[p][a["id"]] for p in NAMES), reverse=True)
    tool.highlight.value = ""
    assert "<style>" not in tool.table.value.split("<table")[0].split("</style>", 1)[-1] \
        and "fff2b3" not in tool.table.value
    assert comparison_tool().box != tool.box


def test_comparison_tabs_are_drawn_when_opened():
    tool = comparison_tool()
    assert tool.brings.value == "" and tool.when.value == ""
    tool.views.selected_index = 1
    brings = text(tool.brings.value)
    for c in PROFILES["capabilities"]:
        assert c["name"] in brings
    tool.views.selected_index = 2
    when = text(tool.when.value)
    for s in PROFILES["use_when"] + PROFILES["avoid_when"]:
        assert s["situation"] in when


# --------------------------------------------------------------------------
# Partner scoring
# --------------------------------------------------------------------------

def alt_scores(tool) -> list[tuple[str, float]]:
    head = tool.chart.figure.alt.split(": ", 1)[1].split(". ")[0]
    out = []
    for part in head.split(", "):
        name, value = part.rsplit(" ", 1)
        out.append((name, float(value)))
    return out


def test_scoring_opens_on_equal_weights():
    """Equal weights: the plain mean of each type's six ratings in profiles.yml."""
    tool = scoring_tool()
    want = ranked({a: 1.0 for a in ASPECTS})
    assert [n for n, _ in alt_scores(tool)] == [n for n, _ in want]
    for (_, got), (_, value) in zip(alt_scores(tool), want):
        assert got == pytest.approx(value, abs=0.005)
    assert want[0][0] in text(tool.winner.value)
    assert bytes(tool.chart.image.value).startswith(PNG)
    assert tool.chart.image.layout.max_height == "34vh"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([x / 2 for x in range(21)]), min_size=6, max_size=6)
       .filter(lambda ws: sum(ws) > 0))
def test_scoring_weights_property(values):
    """Any weights: the chart's scores and order are the weighted means by hand."""
    tool = _tool()
    for a, value in zip(ASPECTS, values):
        tool.weights[a].value = value
    want = ranked(dict(zip(ASPECTS, values)))
    got = alt_scores(tool)
    assert [round(v, 2) for _, v in got] == [round(v, 2) for _, v in want] or \
        all(abs(a - b) <= 0.005 + 1e-9 for (_, a), (_, b) in zip(got, want))
    assert sorted(n for n, _ in got) == sorted(NAMES.values())
    assert tool.message.value == ""


_cached = {}


def _tool():
    if "tool" not in _cached:
        _cached["tool"] = scoring_tool()
    return _cached["tool"]


def test_scoring_moves_bars_without_a_new_drawing_when_the_order_holds():
    tool = scoring_tool()
    drawings = len(tool.chart._cache)
    tool.weights["innovation_capability"].value = 1.5  # the order stays
    assert len(tool.chart._cache) == drawings
    want = ranked(dict({a: 1.0 for a in ASPECTS}, innovation_capability=1.5))
    assert alt_scores(tool)[0][1] == pytest.approx(want[0][1], abs=0.005)
    tool.weights["cost_structure"].value = 4  # offshore first: a new drawing
    assert len(tool.chart._cache) == drawings + 1
    assert alt_scores(tool)[0][0] == "Offshore or nearshore partner"


def test_scoring_override_changes_the_score_and_can_be_cleared():
    tool = scoring_tool()
    tool.partner.value = "large_system_integrator"
    tool.aspect.value = "cost_structure"
    assert tool.rating.value == 0 and "Course's rating (1)" in tool.rating.label
    tool.rating.value = 5
    ratings = {p: dict(r) for p, r in RATINGS.items()}
    ratings["large_system_integrator"]["cost_structure"] = 5
    want = ranked({a: 1.0 for a in ASPECTS}, ratings)
    assert alt_scores(tool)[0] == (want[0][0], pytest.approx(want[0][1], abs=0.005))
    assert "Large system integrator on cost structure: 5 (course's 1)" in \
        text(tool.overridden.value)
    tool.aspect.value = "risk_profile"
    assert tool.rating.value == 0
    tool.aspect.value = "cost_structure"
    assert tool.rating.value == 5
    tool.clear.click()
    assert tool.overrides == {} and "none" in text(tool.overridden.value)
    assert tool.rating.value == 0
    assert alt_scores(tool)[0][1] == pytest.approx(ranked({a: 1.0 for a in ASPECTS})[0][1],
                                                   abs=0.005)


def test_scoring_all_zero_weights_keeps_the_last_good_result():
    tool = scoring_tool()
    *first, last = tool.weights.values()
    for slider in first:
        slider.value = 0
    winner, alt = tool.winner.value, tool.chart.figure.alt
    last.value = 0
    assert "Weights: The weights cannot all be zero" in text(tool.message.value)
    assert tool.winner.value == winner and tool.chart.figure.alt == alt
    assert tool.chart.stale and STALE in tool.winner._dom_classes
    tool.weights["risk_profile"].value = 1
    assert tool.message.value == "" and not tool.chart.stale


def test_scoring_preset_sets_the_sliders_in_the_same_ratios():
    tool = scoring_tool()
    for preset in SCORING["presets"]:
        tool.preset.value = preset["id"]
        set_to = {a: s.value for a, s in tool.weights.items()}
        ratio = [set_to[a] / preset["weights"][a] for a in ASPECTS if preset["weights"][a]]
        assert max(ratio) == pytest.approx(min(ratio))
        want = ranked({a: float(v) for a, v in preset["weights"].items()})
        assert [n for n, _ in alt_scores(tool)] == [n for n, _ in want]
        assert preset["situation"] in text(tool.preset_note.value)
    tool.weights["risk_profile"].value = 2.5
    assert tool.preset.value == ""


def test_scoring_sensitivity_in_words_and_chart():
    """Equal weights: raising cost structure's share from 1/6 to the crossing p* with
    p* = (B_t - B_i) / ((B_t - B_i) - (r_tj - r_ij)), B the mean of the other five
    ratings, hands the lead from the integrator to the offshore partner."""
    tool = scoring_tool()
    assert tool.sensitivity_chart.figure is None  # drawn when its tab opens
    tool.views.selected_index = 1
    lsi, off = RATINGS["large_system_integrator"], RATINGS["offshore_nearshore_partner"]
    others = [a for a in ASPECTS if a != "cost_structure"]
    b_t = sum(lsi[a] for a in others) / 5
    b_i = sum(off[a] for a in others) / 5
    p = (b_t - b_i) / ((b_t - b_i) - (lsi["cost_structure"] - off["cost_structure"]))
    words = text(tool.sensitivity.value)
    assert f"from 16.7 % to {100 * p:.1f} %" in words
    assert "Offshore or nearshore partner, who leads above it" in words
    assert f"Cost structure: from 0.0 % to {100 * p:.1f} %" in tool.sensitivity_chart.figure.alt
    assert bytes(tool.sensitivity_chart.image.value).startswith(PNG)


# --------------------------------------------------------------------------
# Knowledge-transfer plan
# --------------------------------------------------------------------------

def test_kt_ticks_count_the_exit_criteria():
    plan = WORKING["knowledge_transfer"]
    tool = kt_tool()
    assert f"0 of {len(plan)} exit criteria met" in text(tool.result.value)
    for item in plan:
        assert tool.evidence[item["id"]].description == item["topic"]
        assert tool.evidence[item["id"]].tooltip == item["exit_criterion"]
    tool.evidence[plan[0]["id"]].value = True
    tool.evidence[plan[2]["id"]].value = True
    words = text(tool.result.value)
    assert f"2 of {len(plan)} exit criteria met" in words and "should not leave" in words
    still = words.split("Still open: ")[1]
    assert plan[1]["topic"] in still and plan[0]["topic"] not in still.split(".")[0]
    for box in tool.evidence.values():
        box.value = True
    assert "the partner may leave" in text(tool.result.value)


def test_kt_tabs_show_the_plan_risks_and_governance():
    tool = kt_tool()
    assert tool.plan.value == "" and tool.risks.value == ""
    tool.views.selected_index = 1
    plan = text(tool.plan.value)
    for item in WORKING["knowledge_transfer"]:
        assert item["exit_criterion"] in plan
    for method in WORKING["methods"].values():
        assert method in plan
    tool.views.selected_index = 2
    risks = text(tool.risks.value)
    for risk in WORKING["lock_in_risks"]:
        assert risk["risk"] in risks and risk["mitigation"] in risks
    tool.views.selected_index = 3
    governance = text(tool.governance.value)
    for body in WORKING["governance"]:
        assert body["name"] in governance
