"""Views of Lesson 07, sections 2 and 4: communication channels and the plan
builder; training and adoption.

Each view only wires its inputs to :mod:`implcourse.stakeholders`
(:mod:`~implcourse.stakeholders.communication` for the channel count, the
channels by phase and the plan; :mod:`~implcourse.stakeholders.change` for the
training plan and the adoption teaching model) and shows the result; the
charts come from :mod:`implcourse.plots.communication`.

The channel chart is drawn once; moving the team size moves only its marker
(:meth:`~implcourse.widgets.charts.LiveChart.refresh`). Adoption charts are
remembered by the state of the controls, so going back to a setting costs
nothing. Bad input shows a message naming the field, and the last good
result stays on screen, greyed.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w

from .. import tables
from ..lifecycle import load_phases, load_roles
from ..plots import communication as charts
from ..stakeholders import change, communication
from ..stakeholders.register import load_register
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["channels_tool", "training_tool", "MAX_TEAM"]

_WIDE = {"description_width": "initial"}
_STALE = "implcourse-stale"
#: The largest team size on the channel chart (and the slider's end).
MAX_TEAM = 30


class _Memo:
    """The last few results of a computation, by their inputs."""

    def __init__(self, compute: Callable[[Hashable], object], size: int = 32) -> None:
        self._compute = compute
        self._size = size
        self.results: OrderedDict[Hashable, object] = OrderedDict()

    def __call__(self, key: Hashable):
        if key in self.results:
            self.results.move_to_end(key)
            return self.results[key]
        value = self._compute(key)
        self.results[key] = value
        while len(self.results) > self._size:
            self.results.popitem(last=False)
        return value


def _caption(text: str) -> str:
    return f'<div class="implcourse-caption"><i>{html.escape(text)}</i></div>'


def _stale(widgets, value: bool) -> None:
    for widget in widgets:
        if value:
            widget.add_class(_STALE)
        else:
            widget.remove_class(_STALE)


def _scroll(widget: w.Widget, height: str = "38vh") -> w.Widget:
    """A long table or text in a box that scrolls up and down inside the tool."""
    widget.layout = w.Layout(max_height=height, overflow="hidden auto")
    return widget


def _fit(chart: LiveChart) -> LiveChart:
    """A chart that fits a projected screen at 150 % zoom: at most 38 % of its height,
    its text alternative in a few lines that scroll."""
    chart.image.layout.max_height = "38vh"
    chart.caption.layout = w.Layout(max_height="2.15em", overflow="hidden auto")
    return chart


def _n(value: float) -> str:
    return tables.format_value(value, decimals=0)


# --------------------------------------------------------------------------
# 1. Communication channels and the plan builder
# --------------------------------------------------------------------------

_PLAN_COLUMNS = ("stakeholder", "message", "channel", "frequency", "owner", "phase")


def _channel_words(n: int) -> str:
    """The count for ``n`` people in words, from the core."""
    growth = communication.channel_growth([n, 2 * n])
    here, doubled = growth.loc[n], growth.loc[2 * n]
    added = int(here["Added by the last person"])
    person = "person" if n == 1 else "people"
    channels = int(here["Channels"])
    text = (f"<b>{n} {person}: {_n(channels)} potential communication "
            f"channel{'' if channels == 1 else 's'}</b> (n(n−1)/2). "
            f"The last person to join added {_n(added)}: one to each person already there. "
            f"Double the team to {2 * n} and the channels go from {_n(channels)} to "
            f"{_n(doubled['Channels'])}.")
    return note_html(
        text + " <b>The growth is quadratic, not exponential</b>: each newcomer adds one "
        "channel more than the one before, and doubling a large team roughly quadruples "
        f"the count. An exponential would double with every person: 2<sup>{n}</sup> = "
        f"{_n(here['2^n (exponential, for contrast)'])}.")


def _stakeholder_names() -> list[str]:
    """The register's stakeholders, then the groups of the sample plan."""
    names = [s.name for s in load_register()]
    names += list(communication.sample_plan()["Stakeholder"])
    return list(dict.fromkeys(names))


def _sample_rows() -> list[dict[str, str]]:
    """The sample plan as rows the builder takes (names, not ids)."""
    frame = communication.sample_plan()
    return [{key: str(row[key.capitalize()]) for key in _PLAN_COLUMNS}
            for _, row in frame.iterrows()]


def channels_tool() -> Tool:
    """Communication channels by team size, and a communication plan builder.

    Tab 1: a team-size slider beside the chart of n(n−1)/2 against team size
    (with 2ⁿ for contrast); moving the size moves only the marker, and the
    count is given in words. Tab 2: build a plan row by row (stakeholder,
    message, channel, frequency, owner, phase) from the course's lists; the
    plan shows as a table, as Markdown to copy, and beside the course's
    channels-by-phase table. It starts from the synthetic ERP sample plan. A
    row the core refuses (an empty message, say) is named inline and not
    added; the plan keeps its last good rows.

    Examples
    --------
    >>> tool = channels_tool()
    >>> tool.size.value = 10
    >>> "10 people: 45 potential communication channels" in tool.count.value
    True
    >>> tool.clear.click(); tool.message.value = "Go-live date"
    >>> tool.add.click()
    >>> tool.markdown_text().splitlines()[0]
    '| Stakeholder | Message | Channel | Method | Frequency | Owner | Phase |'
    >>> tool.message.value = "  "; tool.add.click()
    >>> "Row 2: Message is empty" in tool.error.value
    True
    """
    # -- tab 1: channels by team size ------------------------------------------------------
    size = w.IntSlider(value=10, min=1, max=MAX_TEAM, description="Team size (people)",
                       continuous_update=False, style=_WIDE, layout=full_width())
    count = w.HTML()
    chart = _fit(LiveChart())
    words = _Memo(_channel_words)

    def update_size(_=None) -> None:
        n = size.value
        count.value = words(n)
        if chart.current is None or not chart.refresh(
                lambda fig: charts.set_channel_highlight(fig, n)):
            chart.show(("growth", n), lambda: charts.channel_growth_chart(MAX_TEAM,
                                                                          highlight=n))

    size.observe(update_size, names="value")
    update_size()
    # The explanation scrolls inside the tool, so that it fits a projected screen at 150 %.
    explained = w.VBox([count, w.HTML(_caption(
        "Potential channels among n people: n(n−1)/2 (PMBOK Guide, 5th ed., 10.1.2.1: "
        "10 stakeholders, 45 channels; 6th ed., 10.1.2.2, communication requirements "
        "analysis)."))])
    explained.add_class("implcourse-scroll")
    explained.layout = w.Layout(max_height="38vh", overflow="hidden auto")
    chart.image.layout.max_height = "36vh"
    chart.caption.layout = w.Layout(max_height="2.15em", overflow="hidden auto")
    channels_page = columns([size, explained], [chart.widget])

    # -- tab 2: the plan builder -----------------------------------------------------------
    table = communication.channels_table()
    stakeholder = w.Combobox(options=_stakeholder_names(), value="Sponsor (CFO)",
                             description="Stakeholder", ensure_option=False,
                             placeholder="Choose or type a stakeholder", style=_WIDE,
                             layout=full_width())
    message = w.Text(value="", description="Message", placeholder="What they need to hear",
                     style=_WIDE, layout=full_width())
    channel = w.Dropdown(options=[(f"{row['Channel']} ({row['Method'].lower()})", ident)
                                  for ident, row in table.iterrows()],
                         description="Channel", style=_WIDE, layout=full_width())
    frequency = w.Dropdown(options=[(name, ident) for ident, name in
                                    communication.frequencies().items()],
                           value="weekly", description="Frequency", style=_WIDE,
                           layout=full_width())
    owner = w.Combobox(options=[r.name for r in load_roles()], value="Implementation manager",
                       description="Owner", ensure_option=False,
                       placeholder="Choose or type an owner", style=_WIDE, layout=full_width())
    phase = w.Dropdown(options=[(p.name, p.id) for p in load_phases()], description="Phase",
                       style=_WIDE, layout=full_width())
    add = w.Button(description="Add row", icon="plus", button_style="primary")
    remove = w.Button(description="Remove last", icon="minus")
    clear = w.Button(description="Clear", icon="trash")
    sample = w.Button(description="Load the ERP sample", icon="table")
    error = w.HTML()
    summary = w.HTML()
    plan_html = w.HTML()
    markdown = w.Textarea(layout=w.Layout(width="100%", height="30vh"))
    by_phase = w.HTML()
    views = w.Tab(children=[_scroll(plan_html), markdown, _scroll(by_phase)],
                  titles=["Plan", "Markdown", "Channels by phase"])
    state = {"rows": _sample_rows(), "frame": None}

    def show_markdown() -> None:
        if views.selected_index == 1:
            markdown.value = (communication.communication_plan_markdown(state["frame"])
                              if state["frame"] is not None else "")

    def show_plan(rows: list[dict[str, str]]) -> bool:
        """Check ``rows`` with the core; show them, or name what is wrong and keep the
        last good plan (greyed)."""
        if not rows:
            state["rows"], state["frame"] = [], None
            error.value = ""
            _stale([plan_html, summary], False)
            summary.value = note_html("The plan is empty: fill in the row on the left and "
                                      "press <i>Add row</i>.")
            plan_html.value = ""
            show_markdown()
            return True
        try:
            frame = communication.communication_plan(rows)
        except (TypeError, ValueError) as err:
            error.value = error_html(f"{err}. The row was not added; the plan still shows "
                                     "its last good rows.")
            _stale([plan_html, summary], True)
            return False
        state["rows"], state["frame"] = rows, frame
        error.value = ""
        _stale([plan_html, summary], False)
        methods = frame["Method"].value_counts()
        summary.value = note_html(
            f"<b>{len(frame)} row{'s' if len(frame) != 1 else ''}</b> for "
            f"{frame['Stakeholder'].nunique()} stakeholders over {frame['Phase'].nunique()} "
            "phases; by method: " + ", ".join(f"{m.lower()} {int(c)}"
                                              for m, c in methods.items()) + ".")
        plan_html.value = tables.show(frame).to_html()
        show_markdown()
        return True

    def row() -> dict[str, str]:
        return {"stakeholder": stakeholder.value, "message": message.value,
                "channel": channel.value, "frequency": frequency.value,
                "owner": owner.value, "phase": phase.value}

    def on_add(_=None) -> None:
        if show_plan([*state["rows"], row()]):
            message.value = ""

    def on_remove(_=None) -> None:
        show_plan(state["rows"][:-1])

    def on_clear(_=None) -> None:
        show_plan([])

    def on_sample(_=None) -> None:
        show_plan(_sample_rows())

    def on_tab(_=None) -> None:
        show_markdown()
        if views.selected_index == 2 and not by_phase.value:
            by_phase.value = tables.show(communication.channels_by_phase()).to_html()

    add.on_click(on_add)
    remove.on_click(on_remove)
    clear.on_click(on_clear)
    sample.on_click(on_sample)
    views.observe(on_tab, names="selected_index")
    show_plan(state["rows"])
    buttons = w.Box([add, remove, clear, sample], layout=w.Layout(flex_flow="row wrap"))
    plan_page = columns(
        [stakeholder, message, channel, frequency, owner, phase, buttons, error,
         w.HTML(_caption("Each channel's method is in brackets: push (sent to named people), "
                         "pull (placed where people look), interactive (a live exchange). "
                         "The sample plan is synthetic."))],
        [summary, views])

    tabs = w.Tab(children=[channels_page, plan_page],
                 titles=["Channels and team size", "Plan builder"])
    tool = Tool("Communication channels and plan builder", [tabs])
    tool.tabs, tool.size, tool.count, tool.chart = tabs, size, count, chart
    tool.stakeholder, tool.message, tool.channel, tool.frequency = (stakeholder, message,
                                                                    channel, frequency)
    tool.owner, tool.phase = owner, phase
    tool.add, tool.remove, tool.clear, tool.sample = add, remove, clear, sample
    tool.error, tool.summary, tool.plan, tool.markdown = error, summary, plan_html, markdown
    tool.by_phase, tool.views = by_phase, views
    tool.rows = lambda: list(state["rows"])

    def markdown_text() -> str:
        """The plan's Markdown, as the Markdown tab shows it."""
        views.selected_index = 1
        return markdown.value

    tool.markdown_text = markdown_text
    return tool


# --------------------------------------------------------------------------
# 2. Training and adoption
# --------------------------------------------------------------------------

_WEEKS = (13, 26, 52)


def _adoption_words(label: str, hours: float, curve, weeks: int) -> str:
    at = [week for week in (4, 13, weeks) if week <= weeks]
    at = list(dict.fromkeys(at))
    parts = [f"{curve.loc[week, 'Adoption (%)']:.0f} % "
             f"({_n(curve.loc[week, 'Active users'])} users) at week {week}" for week in at]
    return (f"<b>{html.escape(label)}, {hours:g} hours per user</b>: " + "; ".join(parts)
            + ".")


def training_tool() -> Tool:
    """Training hours per user against adoption after go-live (a teaching model), with
    the ERP training plan by role and the model's assumptions in tabs.

    Two sliders set the training hours per user of two plans; the chart
    (:func:`implcourse.plots.communication.adoption_chart`) shows both
    adoption curves of :func:`implcourse.stakeholders.change.adoption_curve`,
    and the text gives adoption and active users at weeks 4, 13 and the last
    week shown, for the intended users typed in (by default the training
    plan's audience).

    Examples
    --------
    >>> tool = training_tool()
    >>> tool.hours_a.value, tool.hours_b.value = 4, 16
    >>> tool.chart.current.alt.startswith("Teaching model of adoption")
    True
    >>> tool.users.value = 0
    >>> "Intended users" in tool.error.value
    True
    """
    plan = change.training_plan()
    average = change.training_hours_per_user(plan)
    audience = int(plan["Audience"].sum())
    hours_a = w.FloatSlider(value=4, min=0, max=40, step=1, description="Plan A: hours per user",
                            continuous_update=False, style=_WIDE, layout=full_width())
    hours_b = w.FloatSlider(value=16, min=0, max=40, step=1,
                            description="Plan B: hours per user", continuous_update=False,
                            style=_WIDE, layout=full_width())
    weeks = w.ToggleButtons(options=[(f"{k} weeks", k) for k in _WEEKS], value=26,
                            tooltip="Weeks after go-live shown", style={"button_width": "auto"})
    users = w.IntText(value=audience, description="Intended users", style=_WIDE,
                      layout=w.Layout(width="14em"))
    error = w.HTML()
    summary = w.HTML()
    chart = _fit(LiveChart())
    plan_html = w.HTML()
    assumptions = w.HTML()
    views = w.Tab(children=[chart.widget, _scroll(plan_html), _scroll(assumptions)],
                  titles=["Adoption curve", "Training plan by role", "Model assumptions"])
    curves = _Memo(lambda key: change.adoption_curve(key[0], key[1], users=key[2]))

    def draw(key) -> None:
        if views.selected_index == 0:
            a, b, n = key
            chart.show(key, lambda: charts.adoption_chart(a, b, n))

    def update(_=None) -> None:
        a, b, n = float(hours_a.value), float(hours_b.value), int(weeks.value)
        try:
            low = curves((a, n, users.value))
            high = curves((b, n, users.value))
        except (TypeError, ValueError) as err:
            error.value = error_html(f"{err}. The result still shows the last good figures.")
            _stale([summary], True)
            chart.stale = True
            return
        error.value = ""
        _stale([summary], False)
        chart.stale = False
        summary.value = note_html(
            _adoption_words("Plan A", a, low, n) + "<br>" + _adoption_words("Plan B", b, high, n)
            + f"<br>Out of {_n(users.value)} intended users. More training raises the plateau "
              "and reaches it sooner, each hour adding less than the one before.")
        draw((a, b, n))

    def on_tab(_=None) -> None:
        if views.selected_index == 0:
            draw((float(hours_a.value), float(hours_b.value), int(weeks.value)))
        elif views.selected_index == 1 and not plan_html.value:
            plan_html.value = (
                note_html(f"{_n(audience)} people in {len(plan)} roles; "
                          f"{_n(plan['Total hours'].sum())} training hours in all, "
                          f"<b>{average:.1f} hours per user</b> on average (total hours / "
                          "people). Synthetic plan for the ERP case.")
                + tables.show(plan.set_index("Role"), decimals=1).to_html())
        elif views.selected_index == 2 and not assumptions.value:
            assumptions.value = (
                tables.show(change.adoption_assumptions()).to_html()
                + "<p><b>The model beside lesson 06's synthetic portfolio</b> (adoption at "
                  "90 days)</p>"
                + tables.show(change.adoption_calibration(), decimals=1).to_html())

    for control in (hours_a, hours_b, weeks, users):
        control.observe(update, names="value")
    views.observe(on_tab, names="selected_index")
    update()
    model_note = w.HTML(_caption(f"A TEACHING MODEL, not a forecast: adoption(t) = plateau × "
                                 f"(1 − e^(−rate × t)), with plateau and rate rising with "
                                 f"training hours, with diminishing returns. The ERP training "
                                 f"plan averages {average:.1f} hours per user."))
    # The figures in words and the model note scroll inside the tool (fits at 150 %).
    words = w.VBox([summary, model_note], layout=w.Layout(max_height="30vh",
                                                          overflow="hidden auto"))
    controls = [hours_a, hours_b, w.HTML("Weeks after go-live"), weeks, users, error, words]
    tool = Tool("Training and adoption", [columns(controls, [views])])
    tool.hours_a, tool.hours_b, tool.weeks, tool.users = hours_a, hours_b, weeks, users
    tool.error, tool.summary, tool.chart, tool.views = error, summary, chart, views
    tool.plan, tool.assumptions, tool.model_note = plan_html, assumptions, model_note
    return tool
