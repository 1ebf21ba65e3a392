"""Lesson 07's views for communication and change, driven without a browser: the
communication channels and plan builder, and training and adoption.

Expected figures come from published examples (cited in each test) or from an
independent computation (math.comb, the YAML files read with yaml, the adoption
formula as the module docstring states it), never from the functions the tools call.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.stakeholders.change import ADOPTION_MODEL
from implcourse.widgets import catalogue
from implcourse.widgets.common import STYLE
from implcourse.widgets.communication import MAX_TEAM, channels_tool, training_tool

from helpers import assert_tool_fallback

DATA = Path(__file__).resolve().parents[1] / "datasets"
PLAN = yaml.safe_load((DATA / "stakeholders" / "communication_plan.yml").read_text())
TRAINING = yaml.safe_load((DATA / "stakeholders" / "training_plan.yml").read_text())
COURSE = yaml.safe_load((DATA / "course.yml").read_text())
STALE = "implcourse-stale"


def text(value: str) -> str:
    """An HTML value as plain text (tags dropped, entities unescaped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def body_rows(table_html: str) -> int:
    """Rows in the body of an HTML table."""
    body = table_html.split("<tbody>", 1)[1] if "<tbody>" in table_html else ""
    return body.count("<tr")


TOOLS = {
    "Communication channels and plan builder": channels_tool,
    "Training and adoption": training_tool,
}


@pytest.mark.parametrize("title", list(TOOLS))
def test_tool_is_catalogued_with_fixed_fallback(title):
    """Each view is a Tool with the fixed text fallback, registered for lesson 07 under
    the title course.yml lists, in the lesson's order."""
    tool = TOOLS[title]()
    assert_tool_fallback(tool, title)
    assert tool.children[0].value == f"{STYLE}<b>{html.escape(title)}</b>"
    lesson07 = [(t, f) for lesson, t, f in catalogue() if lesson == "07"]
    assert [t for t, _ in lesson07 if t in TOOLS] == list(TOOLS)
    assert dict(lesson07)[title] is TOOLS[title]
    (entry,) = [e for e in COURSE["lessons"] if e["id"] == "07"]
    assert title in entry["tools"]


# --------------------------------------------------------------------------
# Channels by team size
# --------------------------------------------------------------------------

_channels = None


def shared_channels_tool():
    global _channels
    if _channels is None:
        _channels = channels_tool()
    return _channels


def test_pmbok_example_ten_people_45_channels():
    """PMBOK Guide 6th ed., 10.1.2.2 (5th ed., 10.1.2.1, p. 292): a project with 10
    stakeholders has 10(10 - 1)/2 = 45 potential communication channels."""
    tool = channels_tool()
    tool.size.value = 10
    words = text(tool.count.value)
    assert "10 people: 45 potential communication channels" in words
    assert "The last person to join added 9" in words
    assert "A team of 10 has 45 channels" in tool.chart.current.alt
    assert "45 channels" in text(tool.chart.caption.value)


def test_doubling_example_and_quadratic_not_exponential():
    """ganttgrind.com, 'Communication channels formula' (PMP/CAPM notes): 50 stakeholders
    have 1,225 channels; and 5 have 10. Doubling 25 people to 50 takes 300 channels to
    1,225. The tool says the growth is quadratic, not exponential (several exam-prep
    pages call it exponential: the slip this corrects)."""
    tool = channels_tool()
    tool.size.value = 25
    words = text(tool.count.value)
    assert "Double the team to 50 and the channels go from 300 to 1,225" in words
    assert "The growth is quadratic, not exponential" in words
    assert f"2{25} = {2 ** 25:,}" in words  # 2<sup>25</sup> as text
    tool.size.value = 5
    assert "5 people: 10 potential communication channels" in text(tool.count.value)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=MAX_TEAM))
def test_channel_count_property(n):
    """For any team size on the slider: C(n, 2) channels, n - 1 added by the last person,
    C(2n, 2) for the doubled team."""
    tool = shared_channels_tool()
    tool.size.value = n
    words = text(tool.count.value)
    assert f"{n} {'person' if n == 1 else 'people'}: {math.comb(n, 2):,} potential" in words
    assert f"The last person to join added {n - 1}" in words
    assert f"channels go from {math.comb(n, 2):,} to {math.comb(2 * n, 2):,}" in words
    assert f"A team of {n} has {math.comb(n, 2):,} channel" in tool.chart.current.alt


def test_moving_the_size_moves_only_the_marker():
    """The chart is drawn once; a new size redraws only the live marker (the same
    drawing, a new image)."""
    tool = channels_tool()
    tool.size.value = 8
    drawing, image = tool.chart.current, tool.chart.image.value
    tool.size.value = 20
    assert tool.chart.current is drawing and tool.chart.image.value != image
    marker = next(a for a in drawing.fig.axes[0].get_lines() if a.get_gid()
                  and a.get_gid().endswith("highlight"))
    assert list(marker.get_xdata()) == [20] and list(marker.get_ydata()) == [190]


def test_slider_fits_the_chart_and_does_not_update_while_dragging():
    tool = channels_tool()
    assert tool.size.min == 1 and tool.size.max == MAX_TEAM
    assert tool.size.continuous_update is False
    assert tool.chart.image.layout.max_height == "36vh"


# --------------------------------------------------------------------------
# The plan builder
# --------------------------------------------------------------------------

def test_plan_starts_from_the_sample_and_adds_a_row():
    """The sample plan's rows (counted from the YAML), then one more; the Markdown view
    gains a line with the new row and its channel's method."""
    tool = channels_tool()
    n = len(PLAN["rows"])
    assert len(tool.rows()) == n and body_rows(tool.plan.value) == n
    assert f"{n} rows" in text(tool.summary.value)
    tool.stakeholder.value = "Staff council"
    tool.message.value = "What changes for shift workers"
    tool.channel.value = "workshop"
    tool.frequency.value = "monthly"
    tool.owner.value = "Change manager"
    tool.phase.value = "training"
    tool.add.click()
    assert tool.error.value == "" and len(tool.rows()) == n + 1
    assert body_rows(tool.plan.value) == n + 1
    assert tool.message.value == ""  # ready for the next row
    last = tool.markdown_text().splitlines()[-1]
    assert last == ("| Staff council | What changes for shift workers | Workshop | Interactive "
                    "| Monthly | Change manager | Training and documentation |")
    tool.remove.click()
    assert len(tool.rows()) == n
    assert "Staff council" not in tool.markdown_text()


def test_invalid_row_is_named_inline_and_the_plan_kept():
    """An empty message or stakeholder names the row and the field; the row is not
    added and the last good plan stays, greyed."""
    tool = channels_tool()
    tool.clear.click()
    assert "The plan is empty" in text(tool.summary.value) and tool.rows() == []
    tool.message.value = "Kick-off date and agenda"
    tool.add.click()
    good = tool.plan.value
    assert len(tool.rows()) == 1
    tool.message.value = "   "
    tool.add.click()
    assert "Row 2: Message is empty" in text(tool.error.value)
    assert "last good rows" in text(tool.error.value)
    assert tool.plan.value == good and STALE in tool.plan._dom_classes
    assert len(tool.rows()) == 1
    tool.message.value = "Weekly status"
    tool.stakeholder.value = ""
    tool.add.click()
    assert "Row 2: Stakeholder is empty" in text(tool.error.value)
    tool.stakeholder.value = "Works council"  # free text is accepted
    tool.add.click()
    assert tool.error.value == "" and STALE not in tool.plan._dom_classes
    assert len(tool.rows()) == 2 and "Works council" in tool.plan.value


def test_sample_button_and_channel_labels():
    tool = channels_tool()
    tool.clear.click()
    tool.sample.click()
    assert len(tool.rows()) == len(PLAN["rows"])
    labels = [label for label, _ in tool.channel.options]
    assert "Email (push)" in labels and "Team chat (interactive)" in labels
    assert "Project dashboard (pull)" in labels and len(labels) == 9
    assert [label for label, _ in tool.phase.options][0] == "Initiation and planning"


def test_markdown_and_channels_by_phase_are_drawn_when_opened():
    tool = channels_tool()
    assert tool.markdown.value == "" and tool.by_phase.value == ""
    tool.views.selected_index = 2
    assert "Initiation and planning" in tool.by_phase.value
    assert "Status page" in tool.by_phase.value
    tool.views.selected_index = 1
    lines = tool.markdown.value.splitlines()
    assert lines[0] == "| Stakeholder | Message | Channel | Method | Frequency | Owner | Phase |"
    assert len(lines) == 2 + len(PLAN["rows"])


# --------------------------------------------------------------------------
# Training and adoption
# --------------------------------------------------------------------------

def model(hours: float, week: float) -> float:
    """The adoption teaching model as the module docstring of
    implcourse.stakeholders.change states it, written out again."""
    p = ADOPTION_MODEL
    g = 1 - math.exp(-hours / p["scale"])
    plateau = p["floor"] + (p["ceiling"] - p["floor"]) * g
    rate = p["rate0"] + p["rate_gain"] * g
    return plateau * (1 - math.exp(-rate * week))


AUDIENCE = sum(r["audience"] for r in TRAINING["roles"])


def test_adoption_figures_follow_the_stated_model():
    tool = training_tool()
    assert tool.users.value == AUDIENCE
    tool.hours_a.value, tool.hours_b.value = 6, 20
    words = text(tool.summary.value)
    for label, hours in (("Plan A", 6), ("Plan B", 20)):
        for week in (4, 13, 26):
            value = model(hours, week)
            users = round(value / 100 * AUDIENCE)
            assert f"{value:.0f} % ({users:,} users) at week {week}" in words, (label, week)
    assert tool.chart.current.alt.startswith("Teaching model of adoption after go-live")
    assert "with 6 hours per user" in tool.chart.current.alt
    assert "with 20 hours per user" in tool.chart.current.alt


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.sampled_from([13, 26, 52]))
def test_more_training_never_lowers_adoption(hours, weeks):
    """Plan B with more hours than plan A shows at least A's adoption at every week named."""
    tool = _training()
    tool.weeks.value = weeks
    tool.hours_a.value = hours
    tool.hours_b.value = min(40, hours + 5)
    words = text(tool.summary.value)
    a, b = words.split("Plan B")
    share = re.compile(r"(\d+) % \(")
    pairs = list(zip(share.findall(a), share.findall(b)))
    assert len(pairs) == (2 if weeks == 13 else 3) and all(int(x) <= int(y) for x, y in pairs)
    assert f"at week {weeks}" in words


_training_tool = None


def _training():
    global _training_tool
    if _training_tool is None:
        _training_tool = training_tool()
    return _training_tool


def test_bad_users_keep_the_last_good_result():
    tool = training_tool()
    good = tool.summary.value
    tool.users.value = 0
    assert "Intended users" in text(tool.error.value)
    assert "last good figures" in text(tool.error.value)
    assert tool.summary.value == good and STALE in tool.summary._dom_classes
    assert tool.chart.stale
    tool.users.value = 100
    assert tool.error.value == "" and STALE not in tool.summary._dom_classes
    assert "Out of 100 intended users" in text(tool.summary.value)


def test_going_back_to_a_setting_reuses_the_drawing():
    tool = training_tool()
    tool.hours_a.value = 8
    first = tool.chart.current
    tool.hours_a.value = 12
    assert tool.chart.current is not first
    tool.hours_a.value = 8
    assert tool.chart.current is first
    for slider in (tool.hours_a, tool.hours_b):
        assert slider.continuous_update is False


def test_training_plan_and_assumptions_tabs():
    """The plan by role, with the average hours per user computed here from the YAML
    (total hours / people), and the model's assumptions, labelled a teaching model."""
    tool = training_tool()
    assert tool.plan.value == "" and tool.assumptions.value == ""
    tool.views.selected_index = 1
    total = sum(r["audience"] * r["hours"] for r in TRAINING["roles"])
    words = text(tool.plan.value)
    assert f"{total / AUDIENCE:.1f} hours per user" in words
    assert f"{AUDIENCE} people in {len(TRAINING['roles'])} roles" in words
    for role in TRAINING["roles"]:
        assert role["name"] in tool.plan.value
    tool.views.selected_index = 2
    assert "lesson 06" in tool.assumptions.value
    assert "TEACHING MODEL, not a forecast" in tool.model_note.value
    tool.views.selected_index = 0
    assert tool.chart.current is not None
