"""Lesson 04's views, driven without a browser: heat map, responses, decision tree, Monte Carlo."""

from __future__ import annotations

import html
import math
import re

import ipywidgets as w
import numpy as np
import pytest

from implcourse import decision_tree as dt
from implcourse import estimating, lifecycle, risk, schedule
from implcourse.exercises.risk import DecisionTree
from implcourse.plots import risk as charts
from implcourse.widgets import risk as views
from implcourse.widgets.common import STYLE, note_html
from implcourse.widgets.risk import decision_tool, heat_map_tool, monte_carlo_tool, response_tool

from helpers import PNG, assert_tool_fallback, chart_digest

REGISTER = risk.load_register()
RISK_IDS = REGISTER["id"].tolist()
#: The heat map offers the open risks only (a closed risk is history, an occurred one
#: an issue); the response check offers them all.
OPEN_IDS = REGISTER.loc[REGISTER["status"] == "active", "id"].tolist()
SCALE = risk.sample_scale()
SCORED_ORIGINAL = risk.score_register(REGISTER, **SCALE)


def drawn(chart) -> bytes:
    """What a tool's chart shows, as a digest of its figure's data (lines, patches,
    texts and their colours): compared with a figure built directly, this says the
    tool drew the right thing, whatever it redrew to get there."""
    assert chart.figure is not None
    return chart_digest(chart.figure)


def png(chart) -> bytes:
    """The PNG the browser gets (real pixels: a change of state must change them)."""
    return bytes(chart.image.value)


def heat_digest(scored, highlight) -> bytes:
    return chart_digest(charts.heat_map(scored, highlight=highlight))


def escaped_numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*(?:\.\d+)?", html.unescape(text))


# --------------------------------------------------------------------------
# Every tool
# --------------------------------------------------------------------------

BUILDERS = {
    "Risk heat map": (heat_map_tool, "chart"),
    "Response check": (response_tool, None),
    "Decision tree": (decision_tool, "chart"),
    "Monte Carlo simulator": (monte_carlo_tool, "chart"),
}


@pytest.mark.parametrize("title", list(BUILDERS))
def test_tool_has_fixed_plain_text_fallback(title):
    """Each view is a Tool whose text/plain is the fixed sentence naming it; its heading
    brings the course's style sheet, then the title; its chart is a PNG with a caption."""
    build, image = BUILDERS[title]
    tool = build()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    assert tool.body == tool.children[1:] and tool.body
    if image:
        chart = getattr(tool, image)
        assert png(chart).startswith(PNG)
        assert chart.caption.value and chart.figure.alt
        assert html.escape(chart.figure.alt) in chart.caption.value


# --------------------------------------------------------------------------
# heat_map_tool
# --------------------------------------------------------------------------

SIZE = risk.ProbabilityImpactMatrix().size
SUMMARY = re.compile(
    rf"<b>(R\d+)</b> \((threat|opportunity)\): was probability band (\d) of {SIZE}, impact "
    rf"band (\d) of {SIZE}, score ([\d.]+), rating <b>(\w+)</b>; now probability band (\d) of "
    rf"{SIZE}, impact band (\d) of {SIZE}, score ([\d.]+), rating <b>(\w+)</b>\. Impact share "
    rf"([\d.]+)%: the worse of cost over the budget \({SCALE['budget']:,.0f} EUR\) and days "
    rf"over the plan \({SCALE['duration']:g} working days\)\.")


def cell_text(row) -> tuple[str, str, str, str]:
    return (str(int(row.probability_level)), str(int(row.impact_level)), f"{row.score:.3f}",
            row.rating)


def read_summary(tool) -> dict:
    match = SUMMARY.search(tool.summary.value)
    assert match, tool.summary.value
    g = match.groups()
    return {"id": g[0], "kind": g[1], "was": g[2:6], "now": g[6:10], "share": g[10]}


def edited_register(edits: dict) -> object:
    """The register with probability, cost and days replaced for some risks."""
    edited = REGISTER.copy()
    for risk_id, (p, cost, days) in edits.items():
        at = edited.index[edited["id"] == risk_id][0]
        edited.loc[at, "probability"] = p
        edited.loc[at, "impact_cost"] = cost
        edited.loc[at, "impact_days"] = days
    return edited


def expected_now(edits: dict, risk_id: str):
    scored = risk.score_register(edited_register(edits), **SCALE)
    return scored.set_index("id").loc[risk_id], scored


def controls(tool) -> tuple[float, float, float]:
    return tool.probability.value, tool.cost.value, tool.days.value


def test_heat_map_loads_each_risk():
    """Picking a risk loads its probability and impacts; 'was' and 'now' are its cell.
    Only open risks are offered."""
    tool = heat_map_tool()
    assert [value for _, value in tool.pick.options] == OPEN_IDS
    first = REGISTER.set_index("id").loc[OPEN_IDS[0], "title"]
    assert tool.pick.options[0][0] == f"{OPEN_IDS[0]}: {first}"
    original = risk.score_register(REGISTER, **SCALE).set_index("id")
    for risk_id in OPEN_IDS[::-1]:
        tool.pick.value = risk_id
        row = REGISTER.set_index("id").loc[risk_id]
        assert controls(tool) == (row.probability, row.impact_cost, row.impact_days)
        seen = read_summary(tool)
        assert (seen["id"], seen["kind"]) == (risk_id, row.kind)
        assert seen["was"] == seen["now"] == cell_text(original.loc[risk_id])
        assert seen["share"] == f"{100 * original.loc[risk_id].impact_share:.1f}"
        assert "&#9888;" not in tool.summary.value


def test_heat_map_summary_names_the_scale_it_scores_against():
    """The summary says what the impact share is measured against: the budget in EUR
    and the plan's duration in working days (sample_scale)."""
    tool = heat_map_tool()
    scale = risk.sample_scale()
    assert f"the budget ({scale['budget']:,.0f} EUR)" in tool.summary.value
    assert f"the plan ({scale['duration']:g} working days)" in tool.summary.value
    assert "EUR" in tool.cost.description and "working days" in tool.days.description


@pytest.mark.parametrize("risk_id", ["R03", "R15", "R24"])
def test_heat_map_moves_follow_score_register(risk_id):
    """Each move of probability, cost or days scores as score_register on an edited copy."""
    tool = heat_map_tool()
    tool.pick.value = risk_id
    row = REGISTER.set_index("id").loc[risk_id]
    original = cell_text(risk.score_register(REGISTER, **SCALE).set_index("id").loc[risk_id])
    p, cost, days = row.probability, row.impact_cost, row.impact_days
    cells, previous = set(), original
    moves = [("probability", 0.05), ("probability", 0.95), ("cost", 0.0),
             ("cost", 0.5 * SCALE["budget"]), ("days", 0.0), ("days", 0.3 * SCALE["duration"]),
             ("probability", 0.5), ("cost", 1_000.0), ("days", 1.0)]
    for name, value in moves:
        before = png(tool.chart)
        getattr(tool, name).value = value
        p, cost, days = {"probability": (value, cost, days), "cost": (p, value, days),
                         "days": (p, cost, value)}[name]
        now, scored = expected_now({risk_id: (p, cost, days)}, risk_id)
        seen = read_summary(tool)
        assert seen["was"] == original, (name, value)
        assert seen["now"] == cell_text(now), (name, value, tool.summary.value)
        assert seen["share"] == f"{100 * now.impact_share:.1f}"
        assert drawn(tool.chart) == heat_digest(scored, risk_id)
        assert tool.message.value == ""
        if seen["now"][:2] != previous[:2]:  # the risk moved to another cell
            assert png(tool.chart) != before, (name, value)
        previous = seen["now"]
        cells.add(seen["now"])
    assert len(cells) >= 3


def test_heat_map_every_rating_is_reachable():
    """Probability and impacts can take a threat through low, medium and high."""
    tool = heat_map_tool()
    tool.pick.value = "R03"
    ratings = set()
    for p, cost in [(0.1, 0.0), (0.5, 0.15 * SCALE["budget"]), (0.9, SCALE["budget"])]:
        tool.days.value = 0.0
        tool.cost.value = cost
        tool.probability.value = p
        now, _ = expected_now({"R03": (p, cost, 0.0)}, "R03")
        assert read_summary(tool)["now"][3] == now.rating
        ratings.add(now.rating)
    assert ratings == {"low", "medium", "high"}


def test_heat_map_edits_persist_across_risks():
    """An edit stays when another risk is picked and is shown again on return."""
    tool = heat_map_tool()
    tool.pick.value = "R03"
    tool.probability.value = 0.1
    tool.cost.value = 2_000.0
    tool.days.value = 0.0
    edits = {"R03": (0.1, 2_000.0, 0.0)}
    edited_summary = tool.summary.value
    tool.pick.value = "R10"
    row = REGISTER.set_index("id").loc["R10"]
    assert controls(tool) == (row.probability, row.impact_cost, row.impact_days)
    _, scored = expected_now(edits, "R10")
    assert drawn(tool.chart) == heat_digest(scored, "R10")
    tool.probability.value = 0.9
    edits["R10"] = (0.9, row.impact_cost, row.impact_days)
    tool.pick.value = "R03"
    assert controls(tool) == (0.1, 2_000.0, 0.0)
    assert tool.summary.value == edited_summary  # R10's edit shows in the chart only
    assert read_summary(tool)["now"] == cell_text(expected_now(edits, "R03")[0])
    _, scored = expected_now(edits, "R03")
    assert drawn(tool.chart) == heat_digest(scored, "R03")
    tool.pick.value = "R10"
    assert controls(tool) == edits["R10"]


def test_heat_map_reset_restores_the_original():
    """Reset puts back the register's values for the risk picked, and only that risk."""
    tool = heat_map_tool()
    first = tool.summary.value, png(tool.chart), drawn(tool.chart)
    tool.pick.value = "R08"
    tool.probability.value = 0.05
    tool.days.value = 0.0
    tool.pick.value = "R03"
    tool.probability.value = 0.9
    tool.cost.value = 400_000.0
    assert tool.summary.value != first[0]
    tool.reset.click()
    row = REGISTER.set_index("id").loc["R03"]
    assert controls(tool) == (row.probability, row.impact_cost, row.impact_days)
    seen = read_summary(tool)
    assert seen["now"] == seen["was"]
    r08 = REGISTER.set_index("id").loc["R08"]
    _, scored = expected_now({"R08": (0.05, r08.impact_cost, 0.0)}, "R03")
    assert drawn(tool.chart) == heat_digest(scored, "R03")
    tool.pick.value = "R08"
    assert controls(tool) == (0.05, r08.impact_cost, 0.0)  # the other edit stays
    tool.reset.click()
    tool.pick.value = "R03"
    # The same summary, the same data drawn and the very same pixels as at the start.
    assert (tool.summary.value, png(tool.chart), drawn(tool.chart)) == first


def test_heat_map_real_chart_is_the_edited_register():
    """The chart shows the edited register, the risk picked in bold and framed; its
    caption (the text alternative) names the risk and its score."""
    tool = heat_map_tool()
    assert tool.pick.value == "R03"
    tool.probability.value = 0.3
    now, scored = expected_now({"R03": (0.3, *REGISTER.set_index("id").loc[
        "R03", ["impact_cost", "impact_days"]])}, "R03")
    assert drawn(tool.chart) == chart_digest(charts.heat_map(scored, highlight="R03"))
    assert drawn(tool.chart) != chart_digest(charts.heat_map(scored, highlight="R02"))
    assert drawn(tool.chart) != chart_digest(charts.heat_map(SCORED_ORIGINAL, highlight="R03"))
    caption = html.unescape(tool.chart.caption.value)
    assert "Selected: R03" in caption and f"score {now.score:.3f}" in caption


@pytest.mark.parametrize("pushed, lands", [(1.5, 1.0), (-0.3, 0.0), (7.0, 1.0)])
def test_heat_map_probability_outside_0_1_is_clamped(pushed, lands):
    """The slider clamps a probability outside [0, 1] to its end: scored there, no error."""
    tool = heat_map_tool()
    tool.pick.value = "R05"
    tool.probability.value = pushed
    assert tool.probability.value == lands
    row = REGISTER.set_index("id").loc["R05"]
    now, _ = expected_now({"R05": (lands, row.impact_cost, row.impact_days)}, "R05")
    assert "&#9888;" not in tool.summary.value and tool.message.value == ""
    assert read_summary(tool)["now"] == cell_text(now)


@pytest.mark.parametrize("risk_id", ["R03", "R26"])
@pytest.mark.parametrize("boxes", [("cost",), ("days",), ("cost", "days")], ids="+".join)
def test_heat_map_negative_impact_shows_a_message(risk_id, boxes):
    """A negative impact (cost, days or both) is refused with an inline message beside
    the inputs, no exception, and is not applied: the summary and the chart stay as they
    were. The message names the field as the learner knows it (the risk's title and
    the unit) and repeats what was entered. A valid value afterwards is applied."""
    tool = heat_map_tool()
    tool.pick.value = risk_id
    good, picture = tool.summary.value, drawn(tool.chart)
    for box in boxes:
        getattr(tool, box).value = -5_000.0 if box == "cost" else -3.0
    shown = html.unescape(tool.message.value)
    assert "\u26a0" in shown and "Not applied" in shown, (boxes, shown)
    title = REGISTER.set_index("id").loc[risk_id, "title"]
    unit, typed = ("EUR", "\u22125,000") if boxes[0] == "cost" else ("working days", "\u22123")
    assert f"Impact of {title} in {unit} cannot be negative (you entered {typed})" in shown
    assert "impact_cost" not in shown and "impact_days" not in shown   # no column names
    assert tool.summary.value == good and drawn(tool.chart) == picture  # not applied
    for box in boxes:
        getattr(tool, box).value = 0.0
    assert tool.message.value == "" and read_summary(tool)
    tool.reset.click()
    assert tool.summary.value == good and drawn(tool.chart) == picture


def test_heat_map_error_is_cleared_by_another_risk_and_by_reset():
    """A refused value leaves no message behind: picking another risk clears it (and
    shows that risk), and so does Reset; the refused value was never applied."""
    tool = heat_map_tool()
    tool.pick.value = "R03"
    good = tool.summary.value
    tool.cost.value = -1.0
    assert "cannot be negative" in tool.message.value
    assert tool.summary.value == good
    tool.pick.value = "R04"
    assert tool.message.value == ""
    assert read_summary(tool)["id"] == "R04"
    tool.pick.value = "R03"                      # back: the register's values, no edit
    row = REGISTER.set_index("id").loc["R03"]
    assert controls(tool) == (row.probability, row.impact_cost, row.impact_days)
    assert tool.summary.value == good and tool.message.value == ""
    tool.days.value = -2.0
    assert "cannot be negative" in tool.message.value
    tool.reset.click()
    assert tool.message.value == "" and tool.summary.value == good
    assert controls(tool) == (row.probability, row.impact_cost, row.impact_days)


def test_heat_map_bad_value_is_not_applied_to_the_chart_or_later_edits():
    """After a refused cost, moving the probability still refuses (the box still holds
    the bad value) and nothing is applied; fixing the cost applies both."""
    tool = heat_map_tool()
    tool.pick.value = "R05"
    good, picture = tool.summary.value, drawn(tool.chart)
    tool.cost.value = -10.0
    tool.probability.value = 0.95
    assert "cannot be negative" in tool.message.value
    assert tool.summary.value == good and drawn(tool.chart) == picture
    tool.cost.value = 50_000.0
    row = REGISTER.set_index("id").loc["R05"]
    now, scored = expected_now({"R05": (0.95, 50_000.0, row.impact_days)}, "R05")
    assert tool.message.value == ""
    assert read_summary(tool)["now"] == cell_text(now)
    assert drawn(tool.chart) == heat_digest(scored, "R05")


# --------------------------------------------------------------------------
# response_tool
# --------------------------------------------------------------------------

MINUS = "\u2212"


def money(value: float) -> str:
    """An amount to the unit in EUR, with a real minus sign (U+2212); an amount that
    rounds to zero is "0", never "-0"."""
    whole = int(round(value))
    return f"{whole:,} EUR".replace("-", MINUS)


def test_money_never_shows_a_negative_zero():
    assert views._money(-0.0) == "0 EUR" == views._money(-0.4) == money(-0.4)
    assert views._money(-2400.0) == f"{MINUS}2,400 EUR" == money(-2400.0)
    assert views._money(1234567.6) == "1,234,568 EUR" == money(1234567.6)
    assert "-" not in views._money(-2400.0)


def test_response_card_for_every_risk():
    """Each card shows cause, effect, trigger, owner's role name, status and the
    EMV verdict, or why there is none (accepted or escalated)."""
    tool = response_tool()
    values = risk.response_value(REGISTER)
    verdicts, kinds = set(), set()
    for risk_id in RISK_IDS:
        tool.pick.value = risk_id
        card = tool.card.value
        row = REGISTER.set_index("id").loc[risk_id]
        assert card.startswith(note_html("")[:-6])
        assert f"<b>{risk_id}: {html.escape(row.title)}</b>" in card
        for label, field in (("Cause", "cause"), ("Risk", "title"), ("Effect", "effect"),
                             ("Trigger", "trigger")):
            assert f"<b>{label}:</b> {html.escape(row[field])}" in card, (risk_id, label)
        assert f"<b>Response:</b> {row.response}" in card
        role = lifecycle.get_role(row.owner)
        assert f"owner {html.escape(role.name)}," in card
        assert f"phase {row.phase}" in card and f"status {row.status}" in card
        for minus in ("-", MINUS):                        # no negative zero
            assert f"{minus}0 " not in card and f"{minus}0," not in card
        # Status: an occurred risk is an issue now; a closed one is closed.
        if row.status == "occurred":
            assert "no longer an open risk" in card and "managed as an issue" in card
        elif row.status == "closed":
            assert "no longer an open risk" in card and "has been closed" in card
        else:
            assert "no longer an open risk" not in card
        if row.response in ("accept", "escalate"):
            assert risk_id not in values.index
            assert "EMV" not in card
            if row.response == "escalate":
                assert "Escalated" in card and "contingency reserve" not in card
            elif row.kind == "threat":
                assert "Accepted" in card and "contingency reserve" in card
            else:  # an accepted opportunity is not covered by a reserve
                assert "Accepted" in card and "opportunity" in card.split("Accepted")[1]
                assert "contingency reserve" not in card
            kinds.add((row.response, row.kind))
            continue
        v = values.loc[risk_id]
        sign = 1 if row.kind == "opportunity" else -1
        before = sign * row.probability * row.impact_cost
        after = sign * row.residual_probability * row.residual_impact_cost
        assert v.emv_before == pytest.approx(before) and v.emv_after == pytest.approx(after)
        verdict = "pays" if after - before > row.response_cost else "does not pay"
        verdicts.add(verdict)
        assert (f"EMV {money(before)} before, {money(after)} after: an improvement of "
                f"{money(after - before)} for a response costing {money(row.response_cost)}, "
                f"so the response <b>{verdict}</b> (net "
                f"{money(after - before - row.response_cost)}).") in card, risk_id
        assert "contingency reserve" not in card and "Escalated" not in card
    assert verdicts == {"pays", "does not pay"}
    # The shipped register has an escalated threat and accepted threats and opportunities.
    assert kinds == {("escalate", "threat"), ("accept", "threat"), ("accept", "opportunity")}


def test_response_card_names_the_role_not_its_id():
    """The owner appears by name, never by its id, when the two differ."""
    tool = response_tool()
    for risk_id in RISK_IDS:
        tool.pick.value = risk_id
        owner = REGISTER.set_index("id").loc[risk_id, "owner"]
        if lifecycle.get_role(owner).name != owner:
            assert f"owner {owner}" not in tool.card.value


def test_response_card_of_a_risk_avoided_to_zero_shows_no_negative_zero():
    """An avoided threat's residual EMV is -0.0: the card shows 0 EUR."""
    row = REGISTER.set_index("id").loc["R02"]
    assert row.response == "avoid" and row.residual_probability == 0
    tool = response_tool()
    tool.pick.value = "R02"
    assert "0 EUR after" in tool.card.value and "-0 EUR" not in tool.card.value


def test_response_card_status_of_an_edited_register():
    """The status line follows the register: active, occurred, closed."""
    for status, words in (("active", None), ("occurred", "managed as an issue"),
                          ("closed", "has been closed")):
        register = REGISTER.assign(status=status)
        tool = response_tool(register)
        tool.pick.value = "R14"
        if words is None:
            assert "no longer an open risk" not in tool.card.value
        else:
            assert words in tool.card.value
        assert f"status {status}" in tool.card.value


def test_response_card_follows_an_edited_register():
    """Another register: the card and verdict follow it (a response made too dear)."""
    register = REGISTER.copy()
    at = register.index[register["id"] == "R03"][0]
    register.loc[at, "response_cost"] = 10_000_000.0
    tool = response_tool(register)
    tool.pick.value = "R03"
    assert "<b>does not pay</b>" in tool.card.value and "10,000,000" in tool.card.value
    default = response_tool()
    default.pick.value = "R03"
    assert "<b>pays</b>" in default.card.value


# --------------------------------------------------------------------------
# decision_tool
# --------------------------------------------------------------------------

TREE = risk.load_decision_tree()
UNIT = risk.decision_tree_unit()


def expected_decision(tree, p: float, unit: str = "") -> str:
    """The summary: the best option (or the tie), then each option's EMV after its cost,
    every amount with the tree's unit."""
    suffix = f" {unit}" if unit else ""
    result = dt.rollback(dt.reweighted(tree, p))
    options = "; ".join(f"{html.escape(k)}: EMV {v:,.1f}{suffix}"
                        for k, v in result.children.items())
    best = max(result.children.values())
    tied = [k for k, v in result.children.items() if math.isclose(v, best, abs_tol=1e-9)]
    if len(tied) > 1:
        named = "a tie between " + " and ".join(f"<b>{html.escape(k)}</b>" for k in tied)
    else:
        named = f"<b>{html.escape(result.choice)}</b>"
    return note_html(f"Best: {named} (EMV {result.value:,.1f}{suffix}). Each option, after "
                     f"its cost: {options}.")


def decision_digest(tree, p: float, unit: str = UNIT) -> bytes:
    return chart_digest(charts.decision_tree(dt.reweighted(tree, p), unit=unit))


def test_decision_tool_slider_is_labelled():
    """The slider is named by label, 'P(strong demand)' unless told."""
    assert decision_tool().probability.description == "P(strong demand)"
    tool = decision_tool(DecisionTree(seed=3).tree, label="P(high adoption)")
    assert tool.probability.description == "P(high adoption)"


def test_decision_tool_reports_a_tie_at_the_indifference_point():
    """Build: 200p + 90(1 - p) - 120; upgrade: 120p + 60(1 - p) - 50; equal at p = 0.8."""
    tool = decision_tool()
    tool.probability.value = 0.8
    build = 200 * 0.8 + 90 * 0.2 - 120
    upgrade = 120 * 0.8 + 60 * 0.2 - 50
    assert build == pytest.approx(upgrade) == pytest.approx(58.0)
    assert UNIT
    assert ("Best: a tie between <b>Build a new plant</b> and <b>Upgrade the existing "
            f"plant</b> (EMV {build:,.1f} {UNIT}).") in tool.summary.value
    assert tool.summary.value == expected_decision(TREE, 0.8, UNIT)
    for p in (0.75, 0.85):  # either side of it, one option again
        tool.probability.value = p
        assert "a tie" not in tool.summary.value
        assert tool.summary.value == expected_decision(TREE, p, UNIT)


def test_decision_tool_starts_at_the_tree_probability():
    """The slider starts at the tree's own first probability; the summary is the tree's."""
    tool = decision_tool()
    first = TREE.options[0][2].branches[0][0]
    assert tool.probability.value == first
    result = dt.rollback(TREE)
    assert (f"Best: <b>{result.choice}</b> (EMV {result.value:,.1f} {UNIT})"
            in tool.summary.value)
    assert tool.summary.value == expected_decision(TREE, first, UNIT)
    assert drawn(tool.chart) == decision_digest(TREE, first)
    assert png(tool.chart).startswith(PNG)


@pytest.mark.parametrize("p", [0.0, 0.1, 0.35, 0.6, 0.75, 0.8, 0.85, 0.95, 1.0])
def test_decision_tool_summary_matches_rollback(p):
    """For each probability the best option and every EMV are rollback(reweighted(...))."""
    tool = decision_tool()
    tool.probability.value = p
    assert tool.summary.value == expected_decision(TREE, p, UNIT)
    # by hand: each option's payoff p × strong + (1 − p) × weak, minus its cost
    for label, cost, node in TREE.options:
        (_, strong), (_, weak) = node.branches
        net = p * strong.value + (1 - p) * weak.value - cost
        assert f"{html.escape(label)}: EMV {net:,.1f} {UNIT}" in tool.summary.value
    assert drawn(tool.chart) == decision_digest(TREE, p)


def test_decision_tool_choice_flips():
    """Weak demand likely: upgrade; strong demand likely: build; the chart follows."""
    tool = decision_tool()
    choices, pictures = [], set()
    for p in (0.1, 0.5, 0.9, 0.2):
        tool.probability.value = p
        choices.append(re.search(r"Best: <b>(.*?)</b>", tool.summary.value).group(1))
        assert choices[-1] == dt.rollback(dt.reweighted(TREE, p)).choice
        pictures.add(png(tool.chart))
    assert choices == ["Upgrade the existing plant", "Upgrade the existing plant",
                       "Build a new plant", "Upgrade the existing plant"]
    assert len(pictures) == 4


@pytest.mark.parametrize("seed", [0, 3, 11])
def test_decision_tool_takes_another_tree(seed):
    """A tree of its own (the exercise's): its probability, labels and EMVs."""
    tree = DecisionTree(seed=seed).tree
    tool = decision_tool(tree)
    assert tool.probability.value == pytest.approx(DecisionTree(seed=seed).p)
    assert tool.summary.value == expected_decision(tree, tool.probability.value)
    for p in (0.05, 0.95):
        tool.probability.value = p
        assert tool.summary.value == expected_decision(tree, p)
        assert drawn(tool.chart) == decision_digest(tree, p, unit="")
    # With a unit given, every amount carries it.
    tool = decision_tool(tree, unit="EUR thousand")
    assert tool.summary.value == expected_decision(tree, tool.probability.value,
                                                   "EUR thousand")


# --------------------------------------------------------------------------
# monte_carlo_tool
# --------------------------------------------------------------------------

TASKS = estimating.estimated_plan()


def expected_run(tool):
    """The run the tool's settings ask for (without the register, the responses box
    does not matter)."""
    return risk.simulate_schedule(estimating.estimated_plan(), tool.iterations.value,
                                  tool.seed.value, distribution=tool.distribution.value,
                                  risks=REGISTER if tool.with_risks.value else None,
                                  residual=tool.with_risks.value and tool.responses.value)


def expected_mc_summary(tool) -> str:
    run = expected_run(tool)
    p50, p80, p90 = (run.percentile(q) for q in (0.5, 0.8, 0.9))
    chance = float(np.mean(run.totals <= tool.target.value + 1e-9))
    return note_html(
        f"Plan (most likely durations): <b>{run.baseline:,.0f} days</b>. "
        f"P50 {p50:,.1f}, P80 {p80:,.1f}, P90 {p90:,.1f} days. "
        f"Chance of finishing by day {tool.target.value:,.0f}: <b>{chance:.0%}</b>. "
        f"Schedule contingency for 80 % confidence: {max(0.0, p80 - run.baseline):,.1f} days.")


def expected_charts(tool) -> tuple[bytes, bytes]:
    """The S-curve (on the tool's fixed axis) and the criticality chart, built directly."""
    run = expected_run(tool)
    names = {t.id: t.name for t in TASKS.plan.tasks}
    milestones = [t.id for t in TASKS.plan.tasks if t.duration == 0]
    always = [t for t, share in run.criticality().items() if share == 1.0]
    return (chart_digest(charts.s_curve(run, target=tool.target.value,
                                        xlim=(tool.target.min, tool.target.max))),
            chart_digest(charts.criticality(
                run, top=10, names=names, exclude=milestones + always,
                title="Criticality index (without milestones and always-critical tasks)")))


def shown_charts(tool) -> tuple[bytes, bytes]:
    return drawn(tool.chart), drawn(tool.critical)


def test_monte_carlo_defaults():
    """10,000 PERT iterations with residual risks, seed 1, target 110 % of the plan. The
    criticality chart is drawn only when its tab is opened."""
    tool = monte_carlo_tool()
    baseline = schedule.analyse(TASKS.plan).duration
    assert (tool.iterations.value, tool.distribution.value, tool.with_risks.value,
            tool.responses.value, tool.seed.value) == (10_000, "pert", True, True, 1)
    assert [v for _, v in tool.iterations.options] == [1_000, 10_000, 20_000]
    assert tool.target.value == round(baseline * 1.1)
    assert (tool.target.min, tool.target.max) == (round(baseline * 0.95),
                                                  round(baseline * 1.35))
    # The fixed axis holds the runs a learner can make: at least 98 % of every run's
    # outcomes (with or without risks and responses, PERT or triangular) fall in it.
    for risks, residual in ((None, False), (REGISTER, False), (REGISTER, True)):
        for distribution in ("pert", "triangular"):
            run = risk.simulate_schedule(TASKS, 5_000, 1, distribution=distribution,
                                         risks=risks, residual=residual)
            inside = ((run.totals >= tool.target.min) & (run.totals <= tool.target.max)).mean()
            assert inside >= 0.98, (distribution, risks is not None, residual, inside)
    assert tool.summary.value == expected_mc_summary(tool)
    assert tool.message.value == "" and not tool.chart.stale
    assert drawn(tool.chart) == expected_charts(tool)[0]
    assert tool.critical.figure is None and tool.critical.image.value == b""
    tool.tabs.selected_index = 1
    assert shown_charts(tool) == expected_charts(tool)
    assert png(tool.critical).startswith(PNG)


def test_monte_carlo_every_control_updates():
    """Iterations, distribution, risks, responses, target and seed each rerun the summary."""
    tool = monte_carlo_tool()
    tool.tabs.selected_index = 1
    tool.iterations.value = 1_000
    assert tool.summary.value == expected_mc_summary(tool)
    steps = [(tool.distribution, "triangular"), (tool.responses, False),
             (tool.with_risks, False), (tool.with_risks, True), (tool.target, 150.0),
             (tool.target, 175.0), (tool.seed, 7), (tool.distribution, "pert"),
             (tool.iterations, 10_000), (tool.responses, True)]
    for control, value in steps:
        before, curve = tool.summary.value, png(tool.chart)
        control.value = value
        assert tool.summary.value == expected_mc_summary(tool), (control.description, value)
        assert tool.summary.value != before, (control.description, value)
        assert png(tool.chart) != curve, (control.description, value)
        assert shown_charts(tool) == expected_charts(tool)
        assert f"by day {tool.target.value:,.0f}:" in tool.summary.value


def test_monte_carlo_responses_box():
    """'Responses in place', on by default; disabled while the risks are left out."""
    tool = monte_carlo_tool()
    assert isinstance(tool.responses, w.Checkbox)
    assert tool.responses.description.startswith("Responses in place")
    assert tool.responses.value is True and tool.responses.disabled is False
    tool.iterations.value = 1_000
    tool.with_risks.value = False
    assert tool.responses.disabled is True
    tool.with_risks.value = True
    assert tool.responses.disabled is False
    # The box is passed as residual=: off, the register's original values are drawn.
    tool.responses.value = False
    run = risk.simulate_schedule(TASKS, 1_000, 1, risks=REGISTER, residual=False)
    assert f"P80 {run.percentile(0.8):,.1f}" in tool.summary.value
    residual = risk.simulate_schedule(TASKS, 1_000, 1, risks=REGISTER, residual=True)
    assert run.percentile(0.8) != residual.percentile(0.8)


def test_monte_carlo_criticality_leaves_out_milestones():
    """The criticality chart has no zero-duration task (milestones)."""
    tool = monte_carlo_tool()
    tool.iterations.value = 1_000
    tool.tabs.selected_index = 1
    names = {t.id: t.name for t in TASKS.plan.tasks}
    milestone_names = {names[t.id] for t in TASKS.plan.tasks if t.duration == 0}
    assert milestone_names
    labels = [t.get_text() for t in tool.critical.figure.axes[0].get_yticklabels()]
    assert len(labels) == 10 and not set(labels) & milestone_names


def test_monte_carlo_criticality_leaves_out_always_critical_tasks():
    """Tasks critical in every iteration would fill the chart with 100 % bars (the
    lesson's section 7): the chart shows the tasks whose criticality varies."""
    tool = monte_carlo_tool()
    tool.iterations.value = 1_000
    tool.tabs.selected_index = 1
    run = expected_run(tool)
    names = {t.id: t.name for t in TASKS.plan.tasks}
    always = {names[t] for t, share in run.criticality().items() if share == 1.0}
    assert len(always) >= 5
    ax = tool.critical.figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert not set(labels) & always
    assert max(bar.get_width() for bar in ax.patches) < 1.0


def test_monte_carlo_without_risks_ignores_the_responses_box():
    """Without the register, residual or not gives the same run."""
    tool = monte_carlo_tool()
    tool.iterations.value = 1_000
    tool.with_risks.value = False
    plain = tool.summary.value
    tool.responses.value = not tool.responses.value
    assert tool.summary.value == plain == expected_mc_summary(tool)
    run = risk.simulate_schedule(TASKS, 1_000, 1)
    assert f"P80 {run.percentile(0.8):,.1f}" in plain


def test_monte_carlo_seed_repeats():
    """The same seed repeats the run exactly; another seed gives another."""
    tool = monte_carlo_tool()
    tool.tabs.selected_index = 1
    tool.iterations.value = 1_000
    first = tool.summary.value, png(tool.chart), png(tool.critical)
    tool.seed.value = 2
    second = tool.summary.value, png(tool.chart), png(tool.critical)
    assert second[:2] != first[:2]
    tool.seed.value = 1
    assert (tool.summary.value, png(tool.chart), png(tool.critical)) == first
    tool.seed.value = 2
    assert (tool.summary.value, png(tool.chart), png(tool.critical)) == second


def test_monte_carlo_probability_by_target():
    """The chance by the target is the share of runs finishing by it, and grows with it."""
    tool = monte_carlo_tool()
    tool.iterations.value = 1_000
    run = expected_run(tool)
    chances = []
    for day in (tool.target.min, 155.0, 165.0, tool.target.max):
        tool.target.value = day
        chance = float((run.totals <= day).mean())
        assert f"by day {day:,.0f}: <b>{chance:.0%}</b>" in tool.summary.value
        chances.append(chance)
    assert chances == sorted(chances) and chances[-1] == 1.0


def test_monte_carlo_target_outside_the_slider_is_clamped():
    """The target slider clamps a day outside its range."""
    tool = monte_carlo_tool()
    tool.iterations.value = 1_000
    tool.target.value = 10_000
    assert tool.target.value == tool.target.max
    tool.target.value = -5
    assert tool.target.value == tool.target.min
    assert tool.summary.value == expected_mc_summary(tool)


def test_monte_carlo_bad_seed_shows_a_message():
    """A negative seed is an inline message naming the Seed box and repeating the value;
    the summary and charts of the last valid run stay, both charts greyed out as stale;
    a valid seed clears the message and the grey."""
    tool = monte_carlo_tool()
    tool.tabs.selected_index = 1
    tool.iterations.value = 1_000
    good, curve, bars = tool.summary.value, png(tool.chart), png(tool.critical)
    assert not tool.chart.stale and not tool.critical.stale
    tool.seed.value = -1
    message = html.unescape(tool.message.value)
    assert "\u26a0" in message and "Seed cannot be negative" in message
    assert "\u22121" in message and "last valid run" in message
    assert tool.summary.value == good
    assert (png(tool.chart), png(tool.critical)) == (curve, bars)
    assert tool.chart.stale and tool.critical.stale
    for chart in (tool.chart, tool.critical):           # the grey is a CSS class
        assert "implcourse-stale" in chart.image._dom_classes
        assert "implcourse-stale" in chart.caption._dom_classes
    tool.target.value = 170.0                  # moving the target still shows the last run
    assert tool.chart.stale
    tool.seed.value = 1
    assert tool.message.value == "" and not tool.chart.stale and not tool.critical.stale
    assert "implcourse-stale" not in tool.chart.image._dom_classes
    assert tool.summary.value == expected_mc_summary(tool)


def test_monte_carlo_takes_its_own_plan_and_register():
    """A plan and register of its own: the run is on them."""
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 4, "phase": "initiation"},
        {"id": "b", "name": "B", "duration": 6, "depends_on": ["a"], "phase": "initiation"}])
    tasks = estimating.estimated_plan(plan, {"a": (2, 4, 9), "b": (4, 6, 11)})
    register = REGISTER[REGISTER["phase"] == "initiation"].copy()
    register["status"] = "active"
    register["task"] = ["a", None]  # one names a task of this plan, one falls back to b
    tool = monte_carlo_tool(tasks, register)
    tool.iterations.value = 1_000
    run = risk.simulate_schedule(tasks, 1_000, 1, risks=register, residual=True)
    assert f"<b>{run.baseline:,.0f} days</b>" in tool.summary.value
    assert f"P50 {run.percentile(0.5):,.1f}" in tool.summary.value
    assert tool.target.value == round(10 * 1.1)


def test_monte_carlo_unknown_task_shows_a_message():
    """A register naming a task the plan lacks: an inline message naming risk and task."""
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 4, "phase": "initiation"},
        {"id": "b", "name": "B", "duration": 6, "depends_on": ["a"], "phase": "initiation"}])
    tasks = estimating.estimated_plan(plan, {"a": (2, 4, 9), "b": (4, 6, 11)})
    register = REGISTER[REGISTER["phase"] == "initiation"].assign(status="active")
    tool = monte_carlo_tool(tasks, register)  # the shipped tasks are not in this plan
    shown = tool.message.value
    assert "&#9888;" in shown and "P80" not in tool.summary.value
    first = register.iloc[0]
    assert html.escape(repr(first["id"])) in shown and html.escape(repr(first["task"])) in shown
    assert tool.chart.stale and tool.chart.figure is None
    tool.with_risks.value = False  # without the register the run works
    assert "P80" in tool.summary.value and tool.message.value == ""
    assert not tool.chart.stale and png(tool.chart).startswith(PNG)


# --------------------------------------------------------------------------
# Every chart: a caption under it, with the numbers the summary gives
# --------------------------------------------------------------------------

def numbers_in(text: str) -> set[str]:
    """The numbers of a text as written (1,250.5 is one number), tags left out."""
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", html.unescape(re.sub(r"<[^>]+>", " ", text))))


def caption_check(tool, chart, same_subject: bool = True) -> None:
    """The chart's text alternative under it, with numbers; where the summary speaks of
    the same quantities (not for the criticality tab), they share a number."""
    assert chart.widget.children == (chart.image, chart.caption)      # under the image
    assert chart.figure.alt and html.escape(chart.figure.alt) in chart.caption.value
    assert numbers_in(chart.caption.value), chart.caption.value
    if same_subject:
        common = numbers_in(tool.summary.value) & numbers_in(chart.caption.value)
        assert common, (html.unescape(chart.caption.value), html.unescape(tool.summary.value))


CAPTIONED = [("heat map", "chart"), ("decision tree", "chart"), ("monte carlo", "chart"),
             ("monte carlo", "critical")]


@pytest.mark.parametrize("name, attribute", CAPTIONED, ids=[f"{n}-{a}" for n, a in CAPTIONED])
def test_every_chart_has_a_caption_with_a_number_of_the_summary(name, attribute):
    """A learner who cannot see a chart reads its text alternative under it; it gives at
    least one of the numbers the tool's summary states, before and after a change."""
    if name == "heat map":
        tool = heat_map_tool()
        change = lambda: setattr(tool.probability, "value", 0.3)  # noqa: E731
    elif name == "decision tree":
        tool = decision_tool()
        change = lambda: setattr(tool.probability, "value", 0.3)  # noqa: E731
    else:
        tool = monte_carlo_tool()
        tool.iterations.value = 1_000
        tool.tabs.selected_index = 1
        change = lambda: setattr(tool.target, "value", 170.0)  # noqa: E731
    chart = getattr(tool, attribute)
    caption_check(tool, chart, same_subject=attribute == "chart")
    before = chart.caption.value
    change()
    caption_check(tool, chart, same_subject=attribute == "chart")
    if attribute == "chart":
        assert chart.caption.value != before


# --------------------------------------------------------------------------
# A trainer's own register, tree and plan, by path (issue 11); any text escaped
# --------------------------------------------------------------------------

HOSTILE = "Budget $5k <b>review</b> & x_1^2 \\ <script>alert(1)</script>"


def _course_file(name: str) -> str:
    from implcourse.content import datasets_dir

    return (datasets_dir() / name).read_text(encoding="utf-8")


def _forms(path, monkeypatch):
    """A trainer's file as a Path, as an absolute string and as './name'."""
    monkeypatch.chdir(path.parent)
    return [path, str(path), f"./{path.name}"]


def _no_raw_html(text: str) -> None:
    assert "<b>review</b>" not in text and "<script>" not in text


def test_heat_map_and_response_tools_take_a_trainers_register(tmp_path, monkeypatch):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(_course_file("risk_register.csv"))))
    first_open = next(r for r in rows if r["status"] == "active")
    first_open["title"] = HOSTILE
    for field in ("cause", "effect", "trigger"):
        first_open[field] = f"{field}: {HOSTILE}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "our_register.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    for given in _forms(path, monkeypatch):
        heat = heat_map_tool(given)
        assert f"{first_open['id']}: {HOSTILE}" in [label for label, _ in heat.pick.options]
        heat.pick.value = first_open["id"]
        card = response_tool(given)
        card.pick.value = first_open["id"]
        assert html.escape(HOSTILE) in card.card.value
        for field in ("cause", "effect", "trigger"):
            assert html.escape(f"{field}: {HOSTILE}") in card.card.value
        _no_raw_html(card.card.value)
        _no_raw_html(heat.summary.value)
    # the chart was drawn with the text as written (no mathtext error)
    assert bytes(heat.chart.image.value).startswith(PNG)


def test_risk_tools_escape_every_text_of_a_hand_built_register():
    frame = REGISTER.copy()
    for column in ("title", "cause", "effect", "trigger"):
        frame[column] = [f"{column} {i} {HOSTILE}" for i in range(len(frame))]
    card = response_tool(frame)
    for risk_id in RISK_IDS:
        card.pick.value = risk_id
        _no_raw_html(card.card.value)
        assert html.escape(HOSTILE) in card.card.value
    heat = heat_map_tool(frame)
    for risk_id in OPEN_IDS[:3]:
        heat.pick.value = risk_id
        _no_raw_html(heat.summary.value)


def test_decision_tool_takes_a_trainers_tree(tmp_path, monkeypatch):
    """A copy of the PMBOK tree whose new plant costs 10 instead of 120: building
    then wins at p = 0.6 with EMV 0.6 x 200 + 0.4 x 90 - 10 = 146 (upgrading: 46)."""
    text = _course_file("risk/decision_facility.yml")
    text = text.replace("cost: 120", "cost: 10").replace("unit: USD million", "unit: EUR $k")
    text = text.replace("label: Build a new plant", "label: Build a <i>new</i> plant")
    path = tmp_path / "our_tree.yml"
    path.write_text(text, encoding="utf-8")
    for given in _forms(path, monkeypatch):
        tool = decision_tool(given)
        assert tool.probability.value == pytest.approx(0.6)
        assert "Best: <b>Build a &lt;i&gt;new&lt;/i&gt; plant</b> (EMV 146.0 EUR $k)" in \
            tool.summary.value
        assert "Upgrade the existing plant: EMV 46.0 EUR $k" in tool.summary.value
    with pytest.raises(TypeError, match="tree"):
        decision_tool(42)


def test_decision_tool_refuses_a_probability_that_is_not_a_number_and_recovers():
    tool = decision_tool()
    good = tool.summary.value
    tool.probability.value = math.nan
    assert "probability must be a finite number" in tool.summary.value and tool.chart.stale
    assert not tool.unexpected
    tool.probability.value = 0.6
    assert tool.summary.value == good and not tool.chart.stale


def test_monte_carlo_tool_takes_a_trainers_plan_and_estimates(tmp_path, monkeypatch):
    """The kickoff, which every path starts with, takes 40 days instead of 4 in the
    trainer's copy: the plan's duration grows by 36 days."""
    plan_text = _course_file("plans/erp_rollout.csv").replace(
        "kickoff,Project kickoff and team mobilisation,initiation,4,",
        f"kickoff,\"{HOSTILE}\",initiation,40,")
    estimates_text = _course_file("plans/erp_rollout_estimates.csv").replace(
        "kickoff,3.5,4,5,", "kickoff,35,40,50,")
    assert plan_text != _course_file("plans/erp_rollout.csv")
    assert estimates_text != _course_file("plans/erp_rollout_estimates.csv")
    plan_path, estimates_path = tmp_path / "our_plan.csv", tmp_path / "our_estimates.csv"
    plan_path.write_text(plan_text, encoding="utf-8")
    estimates_path.write_text(estimates_text, encoding="utf-8")
    course_days = schedule.analyse(schedule.load_plan()).duration
    monkeypatch.chdir(tmp_path)
    tool = monte_carlo_tool("./our_plan.csv", estimates=estimates_path)
    tool.iterations.value = 1_000
    assert f"Plan (most likely durations): <b>{course_days + 36:,.0f} days</b>" in \
        tool.summary.value
    tool.tabs.selected_index = 1  # the criticality chart names tasks: a '$' draws as written
    assert bytes(tool.critical.image.value).startswith(PNG)
    assert not tool.unexpected
    with pytest.raises(ValueError, match="estimates"):
        monte_carlo_tool(tool_tasks(plan_path), estimates=estimates_path)


def tool_tasks(plan_path):
    """An EstimatedPlan (which holds its estimates already)."""
    return estimating.estimated_plan(schedule.load_plan(plan_path))


def test_the_decision_tool_shows_a_trainers_tree_as_it_is(tmp_path):
    """With chance nodes of different probabilities, the first display is the
    tree's own rollback, and the slider moves only the first event's nodes."""
    from pathlib import Path

    from implcourse import decision_tree as dt
    from implcourse.widgets.risk import decision_tool

    own = tmp_path / "tree.yml"
    own.write_text("""\
unit: EUR thousand
tree:
  decision: Buy or build?
  options:
    - label: Buy a package
      cost: 20
      node:
        chance: Fit
        branches:
          - {probability: 0.8, node: {outcome: Good fit, value: 180}}
          - {probability: 0.2, node: {outcome: Poor fit, value: 35}}
    - label: Build it in-house
      cost: 60
      node:
        chance: Delivery
        branches:
          - {probability: 0.5, node: {outcome: On time, value: 300}}
          - {probability: 0.5, node: {outcome: Late, value: 0}}
""", encoding="utf-8")
    tree = dt.load_decision_tree(Path(own))
    expected = dt.rollback(tree)
    tool = decision_tool(tree=Path(own))
    assert f"<b>{expected.choice}</b>" in tool.summary.value
    assert tool.probability.description == "P(Good fit)"
    tool.probability.value = 0.2  # the package now fits badly: only its node moves
    moved = dt.rollback(dt.reweighted(tree, 0.2, same_as=0.8))
    assert moved.children["Build it in-house"] == expected.children["Build it in-house"]
    assert f"<b>{moved.choice}</b>" in tool.summary.value


def test_the_monte_carlo_tool_with_a_trainers_plan_and_no_register_runs_without_risks():
    """The course's register names the course's tasks: it is not laid on a
    trainer's plan unless asked for."""
    from implcourse import estimating, schedule
    from implcourse.widgets.risk import monte_carlo_tool

    plan = schedule.Plan.from_records([
        {"id": "build", "name": "Build", "duration": 10},
        {"id": "test", "name": "Test", "duration": 5, "depends_on": ["build"]}])
    estimates = [{"id": "build", "optimistic": 8, "most_likely": 10, "pessimistic": 15},
                 {"id": "test", "optimistic": 4, "most_likely": 5, "pessimistic": 9}]
    tool = monte_carlo_tool(tasks=plan, estimates=estimates)
    boxes = {c.description: c for c in _walk(tool) if hasattr(c, "description")}
    risks = boxes["No risk register given (register=...)"]
    assert risks.value is False and risks.disabled
    assert "15 days" in tool.summary.value and "⚠" not in tool.message.value
    tool.iterations.value = 1_000
    assert not tool.unexpected


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
