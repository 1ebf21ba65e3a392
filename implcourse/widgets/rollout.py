"""Views of Lesson 03: choosing a rollout strategy, simulating rollouts, the
communication plan, and the cutover runbook with its rollback plan.

Each view only wires its inputs to :mod:`implcourse.rollout` and shows the
result: the scoring, the simulation and the plans are computed there.
Results are remembered by their inputs; charts are drawn only when their tab
is open, and a change that keeps a chart's layout moves only its bars or
lines (see :mod:`implcourse.widgets.charts`).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w
import pandas as pd

from .. import rollout, tables
from ..plots import rollout as charts
from ..plots._style import money
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["strategy_tool", "rollout_simulator", "comms_plan_tool", "cutover_tool"]

_WIDE = {"description_width": "initial"}


class _Memo:
    """The last few results of a computation, by their inputs."""

    def __init__(self, compute: Callable[[Hashable], object], size: int = 16) -> None:
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


def _model_note(text: str) -> str:
    return f'<div class="implcourse-caption"><i>{html.escape(text)}</i></div>'


# --------------------------------------------------------------------------
# 1. Choose a rollout strategy
# --------------------------------------------------------------------------

#: The factors in three tabs of at most three, so that each tab fits a projected screen.
_FACTOR_TABS = (("System", ("system_complexity", "testing_capability", "rollback_plan")),
                ("Users", ("users", "user_impact", "downtime_tolerance")),
                ("Rules", ("resource_availability", "regulatory_constraint")))


def _widen(row: w.Box, em: float = 24) -> w.Box:
    """A wider controls column (tabs of inputs whose titles must fit one line)."""
    row.children[0].layout.flex = f"0 1 {em}em"
    return row


def _scroll(widget: w.Widget, height: str = "38vh") -> w.Widget:
    """A long table in a box that scrolls up and down inside the tool."""
    widget.layout = w.Layout(max_height=height, overflow="hidden auto")
    return widget


#: Wide tables at the full width of the tool: fixed columns, text that wraps.
_WIDE_TABLE = ("<style>.implcourse-wide table{width:100%;font-size:0.9em}"
               ".implcourse-wide td,.implcourse-wide th{overflow-wrap:break-word;hyphens:auto;"
               "white-space:normal;padding:2px 4px}"
               ".implcourse-wide tbody th{vertical-align:top !important}"
               "@media (max-width:1000px){.implcourse-tight td,.implcourse-tight th"
               "{overflow-wrap:anywhere}}</style>")


def _wide_html(table_html: str, size: str = "1em", *, tight: bool = False) -> str:
    """A table at the tool's full width; ``tight`` lets long words break anywhere on a
    narrow (or zoomed) screen, for a table of many columns."""
    kind = "implcourse-wide implcourse-tight" if tight else "implcourse-wide"
    return (f'{_WIDE_TABLE}<div class="{kind}" style="font-size:{size}">'
            f"{table_html}</div>")


def _scale_words(factor: rollout.Factor) -> str:
    if factor.kind == "count":
        return (f"A count of users: {rollout.strategy.USERS_LOW:,} or fewer score as "
                f"{factor.low}, {rollout.strategy.USERS_HIGH:,} or more as many.")
    return (f"{factor.scale_min} = {factor.low}; {factor.scale_max} = {factor.high}.")


def _scale_html(factor: rollout.Factor) -> str:
    """The ends of a factor's scale, in one short line under its slider."""
    if factor.kind == "count":
        text = (f"{rollout.strategy.USERS_LOW:,} or fewer: {factor.low}; "
                f"{rollout.strategy.USERS_HIGH:,} or more: many.")
    else:
        text = f"{factor.scale_min}: {factor.low}; {factor.scale_max}: {factor.high}."
    return (f'<div class="implcourse-caption" style="font-size:0.8em;margin:-2px 0 4px 0">'
            f"{html.escape(text)}</div>")


#: The ranking table: its rows' labels at the top of each row.
_RANKING = ("<style>.implcourse-rank tbody th{vertical-align:top !important}"
            ".implcourse-rank table{font-size:0.9em}</style>")


#: A compact slider: the weights' tab holds eight of them.
def _compact() -> w.Layout:
    return w.Layout(width="100%", margin="0", height="26px")


def strategy_tool(factors: dict | None = None) -> Tool:
    """Rate the situation on the eight factors; see the strategies ranked, why, and
    how far each weight may move before the recommendation changes.

    It opens on the lesson's synthetic ERP upgrade (:func:`rollout.sample_factors`).
    The factors sit in three tabs (System, Users, Rules) and the weights in a
    fourth; the ranking (its explanation folded under it), the stacked score
    chart and the sensitivity table and chart are tabs beside them, each drawn
    when it is opened. The model is the course's
    weighted-scoring teaching model, not a standard. A value that cannot be used
    (a negative number of users, all weights at zero) is explained beside the
    inputs, and the last good result stays.

    Examples
    --------
    >>> tool = strategy_tool()
    >>> "Phased rollout" in tool.result.value
    True
    >>> tool.factors["users"].value = -5
    >>> "Number of users cannot be negative" in tool.message.value
    True
    >>> tool.factors["users"].value = 15
    >>> tool.message.value
    ''
    """
    start = dict(rollout.sample_factors() if factors is None else factors)
    by_id = {f.id: f for f in rollout.load_factors()}
    defaults = rollout.default_weights()
    controls: dict[str, w.Widget] = {}
    pages = []
    for _, ids in _FACTOR_TABS:
        rows = []
        for fid in ids:
            f = by_id[fid]
            if f.kind == "count":
                control = w.IntText(value=int(start[fid]), description=f.name, style=_WIDE,
                                    layout=w.Layout(width="16em"))
            else:
                control = w.IntSlider(value=int(start[fid]), min=f.scale_min, max=f.scale_max,
                                      step=1, description=f.name, continuous_update=False,
                                      style=_WIDE, layout=full_width())
            control.tooltip = _scale_words(f)
            controls[fid] = control
            rows += [control, w.HTML(_scale_html(f))]
        pages.append(w.VBox(rows))
    weights = {fid: w.FloatSlider(value=defaults[fid], min=0, max=5, step=0.5,
                                  description=by_id[fid].name, readout_format=".1f",
                                  continuous_update=False, style=_WIDE, layout=_compact())
               for fid in by_id}
    default_button = w.Button(description="Default weights")
    sample_button = w.Button(description="Sample situation")
    pages.append(w.VBox([*weights.values(), w.HTML(_model_note(
        "Only the ratios of the weights matter."))]))
    inputs = w.Tab(children=pages, titles=[t for t, _ in _FACTOR_TABS] + ["Weights"])
    message = w.HTML()
    result = w.HTML()
    chart = LiveChart()
    sensitivity = w.HTML()
    sensitivity_chart = LiveChart()
    views = w.Tab(children=[result, chart.widget, w.VBox([sensitivity,
                                                          sensitivity_chart.widget])],
                  titles=["Ranking", "Score chart", "Sensitivity"])
    state = {"key": None, "batch": False}

    def compute(key):
        values, chosen = dict(key[0]), dict(key[1])
        found = rollout.recommend_strategy(values, chosen)
        table = rollout.weight_sensitivity(values, chosen)
        return found, table

    memo = _Memo(compute)

    def ranking_html(found: rollout.Recommendation) -> str:
        shown = tables.show(found.ranking, decimals={"Score (out of 100)": 1})
        # The explanation is folded, so the ranking fits a projected screen.
        return (f"<b>Recommended: {html.escape(found.top_name)}</b> "
                f"({found.scores[found.top]:.1f} of 100)" + _RANKING
                + f'<div class="implcourse-rank">{shown.to_html()}</div>'
                + "<details><summary>Why this ranking</summary>"
                + note_html(html.escape(found.explanation)) + "</details>")

    def sensitivity_html(table: pd.DataFrame) -> str:
        frame = table[["Weight now", "Move up by", "Move down by", "In words"]]
        return (_model_note("How far one weight may move, the others unchanged, before "
                            "another strategy leads (– where no move within 0 to 10 does).")
                + tables.show(frame, decimals=2).to_html())

    def draw(_=None) -> None:
        if state["key"] is None:
            return
        found, table = memo(state["key"])
        if views.selected_index == 1:
            # Drawings are remembered by the order of the strategies; the bars then move.
            chart.show(tuple(found.order), lambda: charts.strategy_scores_chart(found))
            chart.refresh(lambda fig: charts.update_strategy_scores(fig, found))
        elif views.selected_index == 2:
            sensitivity_chart.show(state["key"], lambda: charts.weight_sensitivity_chart(table))

    def update(_=None) -> None:
        if state["batch"]:
            return
        values = {fid: control.value for fid, control in controls.items()}
        chosen = {fid: slider.value for fid, slider in weights.items()}
        key = (tuple(sorted(values.items())), tuple(sorted(chosen.items())))
        try:
            found, table = memo(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The results still show the last good input.")
            chart.stale = sensitivity_chart.stale = True
            return
        message.value = ""
        chart.stale = sensitivity_chart.stale = False
        state["key"] = key
        result.value = ranking_html(found)
        sensitivity.value = sensitivity_html(table)
        draw()

    def set_values(targets: dict[str, w.Widget], values: dict) -> None:
        state["batch"] = True
        try:
            for fid, control in targets.items():
                control.value = values[fid]
        finally:  # never stuck in a batch
            state["batch"] = False
        update()

    for control in [*controls.values(), *weights.values()]:
        control.observe(update, names="value")
    views.observe(draw, names="selected_index")
    default_button.on_click(lambda _: set_values(weights, defaults))
    sample_button.on_click(lambda _: set_values(controls, rollout.sample_factors()))
    update()
    buttons = w.HBox([sample_button, default_button], layout=w.Layout(flex_flow="row wrap"))
    tool = Tool("Choose a rollout strategy",
                [_widen(columns([inputs, buttons, message], [views]), 22)])
    tool.factors, tool.weights, tool.inputs, tool.views = controls, weights, inputs, views
    tool.result, tool.message, tool.chart = result, message, chart
    tool.sensitivity, tool.sensitivity_chart = sensitivity, sensitivity_chart
    tool.default_weights, tool.sample = default_button, sample_button
    tool.memo = memo
    return tool


# --------------------------------------------------------------------------
# 2. Compare rollout strategies (simulation)
# --------------------------------------------------------------------------

#: The simulator's inputs: key of simulate_rollout -> label, as on screen.
_SIM_FIELDS = {
    "users": "Number of users",
    "sites": "Number of sites",
    "escape_probability": "Chance a defect escapes at a cutover (0 to 1)",
    "downtime_hours": "Outage per cutover (hours)",
    "parallel_cost_per_week": "Parallel-run cost per week",
    "sites_per_wave": "Capacity (sites per wave)",
}
#: The simulator's tables: a column of measures, then four narrow columns of numbers.
_SIM_TABLE = ("<style>.implcourse-sim table{width:100%;font-size:0.88em}"
              ".implcourse-sim th{white-space:normal}"
              ".implcourse-sim td,.implcourse-sim th{padding:2px 4px}"
              ".implcourse-sim tbody th{vertical-align:top !important}</style>")
#: The simulator's inputs in two tabs, so that the controls fit a projected screen.
_SIM_TABS = (("Organisation", ("users", "sites", "sites_per_wave")),
             ("Risk and cost", ("escape_probability", "downtime_hours",
                                "parallel_cost_per_week")))


def rollout_simulator(currency: str = "EUR") -> Tool:
    """Compare big bang, phased, parallel and pilot rollouts for one organisation.

    A teaching model with synthetic inputs (:func:`rollout.simulate_rollout`,
    the lesson's sample organisation for what is not on screen). Runs are
    seeded and remembered by their inputs, so going back to earlier inputs
    recomputes nothing; the week slider changes only the first row of the
    summary and the chart's week marker. The inputs sit in two tabs; the
    results in three (Summary, Chart, Escaped defects), so the tool fits a
    projected screen. A value that cannot be used (a
    negative number of users, a chance outside 0 to 1, a capacity of 0) is
    explained, and the last good run stays (its chart greyed out).

    Examples
    --------
    >>> tool = rollout_simulator()
    >>> "Users hit by an escaped defect (P80)" in tool.defects.value
    True
    >>> tool.inputs["escape_probability"].value = 1.5
    >>> "must be a probability from 0 to 1" in tool.message.value
    True
    """
    sample = rollout.SAMPLE_ORGANISATION
    labels = dict(_SIM_FIELDS)
    labels["parallel_cost_per_week"] += f" ({currency})"
    inputs = {}
    for key, label in labels.items():
        kind = w.IntText if isinstance(sample[key], int) else w.FloatText
        # A label of a fixed share of the column wraps, so the box stays inside it.
        inputs[key] = kind(value=sample[key], description=label, tooltip=label,
                           style={"description_width": "62%"}, layout=full_width())
    pages = w.Tab(children=[w.VBox([inputs[k] for k in keys]) for _, keys in _SIM_TABS],
                  titles=[title for title, _ in _SIM_TABS])
    seed = w.IntText(value=1, description="Seed", style=_WIDE, layout=w.Layout(width="7em"))
    iterations = w.Dropdown(options=[("1,000", 1_000), ("2,000", 2_000), ("5,000", 5_000)],
                            value=2_000, description="Iterations", style=_WIDE,
                            layout=w.Layout(width="11em"))
    weeks = int(sample["weeks"])
    week = w.IntSlider(value=6, min=1, max=weeks, description="Show week",
                       continuous_update=False, style=_WIDE, layout=full_width())
    message = w.HTML()
    summary = w.HTML()
    defects = w.HTML()
    chart = LiveChart()
    # Two short tables in tabs, not one long one, so the result fits a projected screen.
    views = w.Tab(children=[summary, chart.widget, defects],
                  titles=["Summary", "Chart", "Escaped defects"])
    state = {"key": None}

    def run(key):
        values = dict(key[:-2])
        return rollout.simulate_rollout(seed=key[-2], iterations=key[-1], currency=currency,
                                        **values)

    memo = _Memo(run, size=12)

    def count(v: float) -> str:
        return tables.format_value(v, decimals=0 if float(v).is_integer() else 1)

    def table_html(sim: rollout.RolloutSimulation, rows: dict) -> str:
        # Short names over the narrow columns ("Big bang", not "Big bang (direct cutover)").
        frame = pd.DataFrame(rows, index=[n.split(" (")[0] for n in sim.summary.index]).T
        return _SIM_TABLE + tables.show(frame).to_html()

    def summary_html(sim: rollout.RolloutSimulation) -> str:
        n = week.value
        moved = sim.wide("users_new").loc[n]
        s = sim.summary
        rows = {
            f"Users on the new system in week {n}": [count(v) for v in moved],
            "Weeks to move everyone": [tables.format_value(v, decimals=0)
                                       for v in s["Weeks to move everyone"]],
            "Outage (hours)": [count(v) for v in s["Outage (hours)"]],
            "Downtime (user-hours)": [count(v) for v in s["Downtime (user-hours)"]],
            f"Cost ({sim.currency})": [money(v) for v in s["Cost"]],
        }
        return (_model_note(f"A teaching model: {sim.inputs['iterations']:,} simulated "
                            f"futures, seed {sim.inputs['seed']}, over {sim.weeks} weeks; "
                            "“–” means not within them.")
                + f'<div class="implcourse-sim">{table_html(sim, rows)}</div>')

    def defects_html(sim: rollout.RolloutSimulation) -> str:
        s = sim.summary
        rows = {
            "Chance at least one defect escapes": [f"{v:.0%}" for v in
                                                   s["Chance at least one defect escapes"]],
            "Largest group exposed at once (users)": [
                count(v) for v in s["Largest group exposed at once (users)"]],
            "Users hit by an escaped defect (mean)": [count(v) for v in s["Users hit (mean)"]],
            "Users hit by an escaped defect (P80)": [count(v) for v in s["Users hit (P80)"]],
        }
        assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in sim.assumptions)
        return (_model_note("An escaped defect hits the users moved at that cutover until "
                            "it is fixed. P80: 80 % of the simulated futures hit no more.")
                + f'<div class="implcourse-sim">{table_html(sim, rows)}</div>'
                + f"<details><summary>Assumptions of the model</summary><ul>{assumptions}"
                  "</ul></details>")

    def draw(_=None) -> None:
        if state["key"] is None or views.selected_index != 1:
            return
        sim = memo(state["key"])

        def move(fig) -> bool:
            return (charts.update_rollout_comparison(fig, sim)
                    and charts.set_week_marker(fig, week.value))

        def build():
            return charts.rollout_comparison_chart(sim, week=week.value)

        if chart.current is not None and chart.refresh(move):
            return
        # A drawing per number of users (the top axis); its lines then move.
        chart.show(sim.inputs["users"], build)
        if not chart.refresh(move):
            chart.draw(build)

    def update(_=None) -> None:
        key = (*((k, c.value) for k, c in inputs.items()), seed.value, iterations.value)
        try:
            sim = memo(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The results still show the last good run.")
            chart.stale = True
            summary.add_class("implcourse-stale")
            defects.add_class("implcourse-stale")
            return
        message.value = ""
        chart.stale = False
        summary.remove_class("implcourse-stale")
        defects.remove_class("implcourse-stale")
        state["key"] = key
        summary.value = summary_html(sim)
        defects.value = defects_html(sim)
        draw()

    def move_week(_=None) -> None:
        if state["key"] is None:
            return
        summary.value = summary_html(memo(state["key"]))
        if views.selected_index == 1 and chart.current is not None:
            chart.refresh(lambda fig: charts.set_week_marker(fig, week.value))

    for control in [*inputs.values(), seed, iterations]:
        control.observe(update, names="value")
    week.observe(move_week, names="value")
    views.observe(draw, names="selected_index")
    update()
    controls = [pages, w.HBox([iterations, seed], layout=w.Layout(flex_flow="row wrap")),
                week, message]
    tool = Tool("Compare rollout strategies (simulation)", [columns(controls, [views])])
    tool.inputs, tool.seed, tool.iterations, tool.week = inputs, seed, iterations, week
    tool.message, tool.summary, tool.chart, tool.views = message, summary, chart, views
    tool.defects = defects
    tool.memo, tool.pages = memo, pages
    return tool


# --------------------------------------------------------------------------
# 3. Communication plan for an upgrade
# --------------------------------------------------------------------------

def comms_plan_tool() -> Tool:
    """Choose audiences, phases and channels; see the communication plan, and its
    Markdown to copy into a document.

    Examples
    --------
    >>> tool = comms_plan_tool()
    >>> for box in tool.phases.values():
    ...     box.value = box.description == "During the upgrade"
    >>> "Before the upgrade" in tool.plan.value
    False
    >>> tool.markdown.value.splitlines()[0]
    '| Phase | Audience | When | Message | Channels | Owner |'
    """
    groups = {"audiences": rollout.load_audiences(), "phases": rollout.load_phases(),
              "channels": rollout.load_channels()}
    boxes = {name: {item.id: w.Checkbox(value=True, description=item.name, indent=False,
                                        layout=w.Layout(width="auto"))
                    for item in items}
             for name, items in groups.items()}
    titles = {"audiences": "Audiences", "phases": "Phases", "channels": "Channels"}
    pickers = w.Tab(children=[w.GridBox(list(b.values()), layout=w.Layout(
        grid_template_columns="repeat(auto-fill, minmax(14em, 1fr))", grid_gap="0 12px",
        width="100%")) for b in boxes.values()],
                    titles=[titles[n] for n in boxes])
    message = w.HTML()
    count = w.HTML()
    plan = w.HTML()
    markdown = w.Textarea(layout=w.Layout(width="100%", height="22em"))
    channel_table = w.HTML()
    # The plan uses the tool's full width and scrolls inside it; the choice of audiences,
    # phases and channels is the last tab, so the tool fits a projected screen.
    markdown.layout.height = "30vh"
    views = w.Tab(children=[_scroll(plan), w.VBox([w.HTML(_model_note(
        "The same plan in Markdown: select it all and copy it into a document.")), markdown]),
        _scroll(channel_table), pickers],
        titles=["Plan", "Markdown", "Channels", "Choose messages"])

    def compute(key):
        audiences, phases, channels = (list(k) for k in key)
        frame = rollout.communication_plan(audiences, phases, channels)
        text = rollout.communication_plan_markdown(audiences, phases, channels)
        return frame, (tables.show(frame).to_html() if len(frame) else ""), text

    memo = _Memo(compute)

    def update(_=None) -> None:
        chosen = {name: tuple(k for k, b in group.items() if b.value)
                  for name, group in boxes.items()}
        empty = [titles[name] for name, ids in chosen.items() if not ids]
        if empty:
            message.value = error_html(
                f"Tick at least one of the {empty[0].lower()} (tab '{empty[0]}'). The plan "
                "still shows the last good choice.")
            return
        try:
            frame, table, text = memo((chosen["audiences"], chosen["phases"],
                                       chosen["channels"]))
        except (TypeError, ValueError) as err:
            message.value = error_html(err)
            return
        message.value = ""
        count.value = note_html(f"{len(frame)} message{'s' if len(frame) != 1 else ''} in the "
                                f"plan (of {len(rollout.load_messages())} in the template). "
                                "Choose audiences, phases and channels in the tab "
                                "<i>Choose messages</i>.")
        plan.value = (_model_note("A synthetic template for the lesson's ERP upgrade; "
                                  "adapt it to your own audiences.") + _wide_html(table)
                      if len(frame)
                      else note_html("No message of the template goes to these audiences "
                                     "through these channels in these phases.", good=False))
        markdown.value = text

    def show_channels(_=None) -> None:
        if views.selected_index == 2 and not channel_table.value:
            channel_table.value = _wide_html(tables.show(rollout.channels_table()).to_html())

    for group in boxes.values():
        for box in group.values():
            box.observe(update, names="value")
    views.observe(show_channels, names="selected_index")
    update()
    tool = Tool("Communication plan for an upgrade", [message, count, views])
    tool.audiences, tool.phases, tool.channels = (boxes["audiences"], boxes["phases"],
                                                  boxes["channels"])
    tool.pickers, tool.views, tool.message, tool.count = pickers, views, message, count
    tool.plan, tool.markdown, tool.channel_table = plan, markdown, channel_table
    return tool


# --------------------------------------------------------------------------
# 4. Cutover runbook and rollback
# --------------------------------------------------------------------------

def _marks(row) -> str:
    marks = []
    if row["Go/no-go checkpoint"]:
        marks.append("Go/no-go checkpoint")
    if row["Rollback point"]:
        marks.append("Rollback point")
    return "; ".join(marks)


def cutover_tool() -> Tool:
    """The cutover runbook on lesson 01's ERP plan, its go/no-go checkpoints and
    rollback points marked, with the rollback criteria, a rollback checklist to
    tick and the criteria for ending hypercare (early life support).

    Examples
    --------
    >>> tool = cutover_tool()
    >>> tool.show.value = "checkpoint"
    >>> tool.runbook.value.count("Go/no-go checkpoint") >= 4
    True
    >>> next(iter(tool.checklist.values())).value = True
    >>> "1 of 9 done" in tool.progress.value
    True
    """
    book = rollout.cutover_runbook()
    shown = book.assign(**{"Marked as": book.apply(_marks, axis=1)})
    shown = shown[["Step", "Marked as", "Plan task", "Plan day", "Start (hour)",
                   "Duration (hours)", "Owner", "After", "Note"]]
    filters = {"all": ("All steps", slice(None)),
               "checkpoint": ("Go/no-go checkpoints", book["Go/no-go checkpoint"]),
               "rollback": ("Rollback points", book["Rollback point"])}
    show = w.ToggleButtons(options=[(label, key) for key, (label, _) in filters.items()],
                           value="all", tooltip="Show", style={"button_width": "auto"})
    summary = w.HTML(note_html(
        f"{len(book)} steps over {book['Plan task'].nunique()} plan tasks, from plan day "
        f"{book['Plan day'].min():,.0f} to {book['Plan day'].max():,.0f}: "
        f"{int(book['Go/no-go checkpoint'].sum())} go/no-go checkpoints and "
        f"{int(book['Rollback point'].sum())} rollback points. After the last rollback point "
        f"(step {book.index[book['Rollback point']].max()}) the way back is no longer a "
        "runbook step."))
    runbook = w.HTML()
    criteria = w.HTML()
    checklist_frame = rollout.rollback_checklist()
    checklist = {order: w.Checkbox(value=False, description=f"{order}. {row.Action} "
                                   f"({row.Owner})", indent=False,
                                   layout=w.Layout(width="auto"))
                 for order, row in checklist_frame.iterrows()}
    progress = w.HTML()
    clear = w.Button(description="Clear ticks", icon="undo")
    hypercare = w.HTML()
    # The tables use the tool's full width and scroll up and down inside it, so the
    # tool fits a projected screen; the filter and the counts sit over the runbook.
    summary.value = summary.value.replace("border-left", "font-size:0.9em;border-left")
    ticks = _scroll(w.VBox([progress, *checklist.values(), clear]), "44vh")
    views = w.Tab(children=[w.VBox([show, summary, _scroll(runbook, "33vh")],
                                   layout=w.Layout(grid_gap="4px")),
                            _scroll(criteria, "44vh"), ticks, _scroll(hypercare, "44vh")],
                  titles=["Runbook", "Rollback criteria", "Rollback checklist",
                          "Hypercare exit"])
    pages = {}

    def show_runbook(_=None) -> None:
        if show.value not in pages:
            part = shown[filters[show.value][1]]
            # Nine columns: a smaller type keeps whole words on a zoomed screen.
            pages[show.value] = _wide_html(tables.show(
                part, labels={"Plan day": "Plan day (days elapsed)"}).to_html(), "0.88em",
                tight=True)
        runbook.value = pages[show.value]

    def count(_=None) -> None:
        done = sum(box.value for box in checklist.values())
        progress.value = note_html(f"<b>{done} of {len(checklist)} done</b>"
                                   + (": the rollback is complete." if done == len(checklist)
                                      else ". Follow the steps in order."),
                                   good=done == len(checklist) or None)

    def lazy(_=None) -> None:
        if views.selected_index == 1 and not criteria.value:
            criteria.value = _wide_html(tables.show(rollout.rollback_criteria()).to_html())
        if views.selected_index == 3 and not hypercare.value:
            hypercare.value = (_model_note(
                "Hypercare is the project's name for ITIL's early life support: it ends when "
                "these criteria are met, not on a fixed date.")
                + _wide_html(tables.show(rollout.hypercare_exit_criteria()).to_html()))

    def on_clear(_=None) -> None:
        for box in checklist.values():
            box.unobserve(count, names="value")
            box.value = False
            box.observe(count, names="value")
        count()

    show.observe(show_runbook, names="value")
    for box in checklist.values():
        box.observe(count, names="value")
    views.observe(lazy, names="selected_index")
    clear.on_click(on_clear)
    show_runbook()
    count()
    tool = Tool("Cutover runbook and rollback", [views])
    tool.show, tool.summary, tool.runbook, tool.criteria = show, summary, runbook, criteria
    tool.checklist, tool.progress, tool.clear, tool.hypercare = (checklist, progress, clear,
                                                                 hypercare)
    tool.views = views
    return tool
