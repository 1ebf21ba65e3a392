"""Views of Lesson 04: heat map, response check, decision tree, Monte Carlo."""

from __future__ import annotations

import html
from collections import OrderedDict

import ipywidgets as w

from .. import decision_tree as dt
from .. import estimating, lifecycle, risk, schedule
from ..answers import AnswerError, Number
from ..plots import risk as charts
from ..plots._style import money
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["heat_map_tool", "response_tool", "decision_tool", "monte_carlo_tool"]


def _money(value: float) -> str:
    return money(value, "EUR")


def _options(register) -> list[tuple[str, str]]:
    return [(f"{row.id}: {row.title}", row.id) for row in register.itertuples()]


def heat_map_tool(register=None, matrix: risk.ProbabilityImpactMatrix | None = None) -> Tool:
    """Move one open risk's probability and impact; watch its cell and rating change.

    Impacts are scored against the sample project's budget and duration
    (:func:`risk.sample_scale`). A value that cannot be used (a negative cost,
    say) is explained beside the inputs and not applied; choosing another risk
    or *Reset this risk* clears the message. Only the risks' labels are
    redrawn, over the cached grid.

    Examples
    --------
    >>> tool = heat_map_tool()
    >>> tool.probability.value = 0.9
    >>> "rating" in tool.summary.value
    True
    >>> tool.cost.value = -5
    >>> "cannot be negative" in tool.message.value
    True
    >>> tool.pick.value = "R04"
    >>> tool.message.value
    ''
    """
    register = risk.load_register() if register is None else register
    matrix = matrix or risk.ProbabilityImpactMatrix()
    scale = risk.sample_scale()
    # Open risks only: the matrix shows what can still happen.
    open_risks = register[register["status"] == "active"]
    pick = w.Dropdown(options=_options(open_risks), description="Risk",
                      layout=full_width())
    probability = w.FloatSlider(min=0, max=1, step=0.05, description="Probability",
                                readout_format=".2f", layout=full_width())
    cost = w.FloatText(description="Impact (EUR)", style={"description_width": "initial"},
                       layout=w.Layout(width="16em"))
    days = w.FloatText(description="Impact (working days)",
                       style={"description_width": "initial"}, layout=w.Layout(width="16em"))
    reset = w.Button(description="Reset this risk", icon="undo")
    message = w.HTML()
    summary = w.HTML()
    chart = LiveChart()
    state = {"loading": False, "edits": {}}
    original = risk.score_register(register, matrix, **scale).set_index("id")
    titles = dict(zip(register["id"], register["title"]))

    def describe(row) -> str:
        return (f"probability band {int(row.probability_level)} of {matrix.size}, impact band "
                f"{int(row.impact_level)} of {matrix.size}, score {row.score:.3f}, rating "
                f"<b>{row.rating}</b>")

    def scored_now():
        edited = register.copy()
        for risk_id, (p, c, d) in state["edits"].items():
            at = edited["id"] == risk_id
            edited.loc[at, ["probability", "impact_cost", "impact_days"]] = [p, c, d]
        return risk.score_register(edited, matrix, **scale)

    def show() -> None:
        scored = scored_now()
        now = scored.set_index("id").loc[pick.value]
        before = original.loc[pick.value]
        summary.value = note_html(
            f"<b>{html.escape(pick.value)}</b> ({now.kind}): was {describe(before)}; now "
            f"{describe(now)}. Impact share {now.impact_share:.1%}: the worse of cost over "
            f"the budget ({_money(scale['budget'])}) and days over the plan "
            f"({scale['duration']:g} working days).")
        chart.refresh(lambda fig: charts.update_heat_map(fig, scored, matrix,
                                                         highlight=pick.value))

    def update(_=None):
        if state["loading"]:
            return
        name = titles[pick.value]
        try:
            values = (Number("p", f"Probability of {name}", minimum=0, maximum=1)
                      .coerce(probability.value),
                      Number("c", f"Impact of {name} in EUR", minimum=0).coerce(cost.value),
                      Number("d", f"Impact of {name} in working days",
                             minimum=0).coerce(days.value))
        except AnswerError as err:
            message.value = error_html(f"Not applied. {err}")
            return
        state["edits"][pick.value] = values
        message.value = ""
        show()

    def load(_=None):
        state["loading"] = True
        row = register.set_index("id").loc[pick.value]
        values = state["edits"].get(pick.value, (row.probability, row.impact_cost,
                                                 row.impact_days))
        probability.value, cost.value, days.value = (float(v) for v in values)
        state["loading"] = False
        message.value = ""
        show()

    def on_reset(_=None):
        state["edits"].pop(pick.value, None)
        load()

    for control in (probability, cost, days):
        control.observe(update, names="value")
    pick.observe(load, names="value")
    reset.on_click(on_reset)
    chart.draw(lambda: charts.heat_map(original.reset_index(), matrix,
                                         highlight=pick.value))
    load()
    controls = [pick, probability, cost, days, reset, message, summary]
    tool = Tool("Risk heat map", [columns(controls, [chart.widget])])
    tool.pick, tool.probability, tool.cost, tool.days = pick, probability, cost, days
    tool.summary, tool.chart, tool.reset, tool.message = summary, chart, reset, message
    return tool


def response_tool(register=None) -> Tool:
    """A risk's card: cause, risk, effect, response, and whether the response pays.

    Examples
    --------
    >>> tool = response_tool()
    >>> "Trigger" in tool.card.value
    True
    """
    register = risk.load_register() if register is None else register
    values = risk.response_value(register)
    pick = w.Dropdown(options=_options(register), description="Risk",
                      layout=full_width())
    card = w.HTML()

    def update(_=None):
        row = register.set_index("id").loc[pick.value]
        owner = lifecycle.get_role(row.owner).name
        lines = [f"<b>{html.escape(pick.value)}: {html.escape(row.title)}</b> "
                 f"({row.kind}, {row.category}, phase {html.escape(row.phase)}, owner "
                 f"{html.escape(owner)}, status {row.status})",
                 f"<b>Cause:</b> {html.escape(row.cause)}",
                 f"<b>Risk:</b> {html.escape(row.title)}",
                 f"<b>Effect:</b> {html.escape(row.effect)}",
                 f"<b>Trigger:</b> {html.escape(row.trigger)}",
                 f"<b>Response:</b> {row.response}"]
        if row.status != "active":
            lines.append("It is no longer an open risk: "
                         + ("it has occurred, so it is managed as an issue." if
                            row.status == "occurred" else "it has been closed."))
        if pick.value in values.index:
            v = values.loc[pick.value]
            verdict = "pays" if v.pays else "does not pay"
            lines.append(f"EMV {_money(v.emv_before)} before, {_money(v.emv_after)} after: an "
                         f"improvement of {_money(v.improvement)} for a response costing "
                         f"{_money(v.response_cost)}, so the response <b>{verdict}</b> "
                         f"(net {_money(v.net)}).")
        elif row.response == "escalate":
            lines.append("Escalated: the risk is outside the project's scope or authority. "
                         "Its owner is now the programme, portfolio or part of the "
                         "organisation that accepted it; the project stops managing it but "
                         "may keep it in the register, marked escalated, for information.")
        elif row.kind == "threat":
            lines.append("Accepted actively: no response now; the contingency reserve covers "
                         "it if it occurs.")
        else:
            lines.append("Accepted: the project takes the opportunity if it comes, without "
                         "pursuing it.")
        card.value = note_html("<br>".join(lines))

    pick.observe(update, names="value")
    update()
    tool = Tool("Response check", [pick, card])
    tool.pick, tool.card = pick, card
    return tool


def decision_tool(tree=None, label: str = "P(strong demand)", unit: str | None = None) -> Tool:
    """How likely must strong demand be before building new beats upgrading?

    The slider sets the probability of the first branch of every two-branch
    chance node (``label`` names it); at the indifference point the tool
    reports a tie. Amounts carry ``unit`` (by default the tree file's unit).

    Examples
    --------
    >>> tool = decision_tool()
    >>> tool.probability.value = 0.9
    >>> "Build a new plant" in tool.summary.value
    True
    """
    if tree is None:
        tree = risk.load_decision_tree()
        unit = risk.decision_tree_unit() if unit is None else unit
    unit = unit or ""
    suffix = f" {unit}" if unit else ""
    first = _first_probability(tree)
    probability = w.FloatSlider(value=first, min=0, max=1, step=0.05,
                                description=label, readout_format=".2f",
                                style={"description_width": "initial"},
                                layout=full_width())
    summary = w.HTML()
    chart = LiveChart()

    def update(_=None):
        p = round(probability.value, 6)
        variant = dt.reweighted(tree, p)
        result = dt.rollback(variant)
        options = "; ".join(f"{html.escape(k)}: EMV {v:,.1f}{suffix}"
                            for k, v in result.children.items())
        if len(result.ties) > 1:
            best = "a tie between " + " and ".join(f"<b>{html.escape(t)}</b>" for t in result.ties)
        else:
            best = f"<b>{html.escape(result.choice)}</b>"
        summary.value = note_html(f"Best: {best} (EMV {result.value:,.1f}{suffix}). Each "
                                  f"option, after its cost: {options}.")
        chart.show(p, lambda: charts.decision_tree(variant, unit=unit))

    probability.observe(update, names="value")
    update()
    tool = Tool("Decision tree", [columns([probability, summary], [chart.widget])])
    tool.probability, tool.summary, tool.chart = probability, summary, chart
    return tool


def _first_probability(node) -> float:
    if isinstance(node, dt.Chance):
        return float(node.branches[0][0])
    if isinstance(node, dt.Decision):
        return _first_probability(node.options[0][2])
    return 0.5


def monte_carlo_tool(tasks: estimating.EstimatedPlan | None = None, register=None) -> Tool:
    """Simulate the ERP plan: iterations, distribution, risks and a target day.

    Runs are remembered by their settings, so moving the target day redraws
    only its line, and going back to earlier settings recomputes nothing. The
    criticality chart is drawn when its tab is opened. A seed that cannot be
    used is explained, and the charts are greyed out as showing the last
    valid run.

    Examples
    --------
    >>> tool = monte_carlo_tool()
    >>> tool.iterations.value = 1_000
    >>> "P80" in tool.summary.value
    True
    >>> tool.seed.value = -1
    >>> "Seed" in tool.message.value and tool.chart.stale
    True
    """
    tasks = tasks or estimating.estimated_plan()
    register = risk.load_register() if register is None else register
    names = {t.id: t.name for t in tasks.plan.tasks}
    milestones = [t.id for t in tasks.plan.tasks if t.duration == 0]
    baseline = schedule.analyse(tasks.plan).duration
    # The axis and the target slider cover the runs a learner can make (with or
    # without risks and responses), so the target line moves without a redraw.
    low, high = round(baseline * 0.95), round(baseline * 1.35)
    iterations = w.Dropdown(options=[("1,000", 1_000), ("10,000", 10_000),
                                     ("20,000", 20_000)], value=10_000,
                            description="Iterations", layout=w.Layout(width="auto"))
    distribution = w.ToggleButtons(options=[("PERT", "pert"), ("Triangular", "triangular")],
                                   value="pert", description="Distribution",
                                   style={"button_width": "7em"})
    with_risks = w.Checkbox(value=True, description="Include the register's risks",
                            indent=False, layout=w.Layout(width="auto"))
    responses = w.Checkbox(value=True, description="Responses in place (residual risk)",
                           indent=False, layout=w.Layout(width="auto"))
    target = w.FloatSlider(value=round(baseline * 1.1), min=low, max=high, step=1,
                           description="Target day", readout_format=".0f",
                           layout=full_width())
    seed = w.IntText(value=1, description="Seed", layout=w.Layout(width="10em"))
    message = w.HTML()
    summary = w.HTML()
    chart = LiveChart()
    critical = LiveChart()
    tabs = w.Tab(children=[chart.widget, critical.widget],
                 titles=["S-curve", "Criticality"])
    runs: OrderedDict[tuple, risk.SimulationResult] = OrderedDict()
    state = {"key": None}

    def settings() -> tuple:
        return (iterations.value, distribution.value, with_risks.value,
                with_risks.value and responses.value, seed.value)

    def run_for(key: tuple) -> risk.SimulationResult:
        if key not in runs:
            n, dist, risky, residual, s = key
            runs[key] = risk.simulate_schedule(tasks, n, s, distribution=dist,
                                               risks=register if risky else None,
                                               residual=residual)
            while len(runs) > 12:
                runs.popitem(last=False)
        return runs[key]

    def show_summary(run) -> None:
        p = run.percentiles()
        chance = run.probability_within(target.value)
        summary.value = note_html(
            f"Plan (most likely durations): <b>{run.baseline:,.0f} days</b>. "
            f"P50 {p['P50']:,.1f}, P80 {p['P80']:,.1f}, P90 {p['P90']:,.1f} days. "
            f"Chance of finishing by day {target.value:,.0f}: <b>{chance:.0%}</b>. "
            f"Schedule contingency for 80 % confidence: {run.contingency(0.8):,.1f} days.")

    def draw_criticality(_=None) -> None:
        if tabs.selected_index != 1 or state["key"] is None:
            return
        run = run_for(state["key"])
        critical.show(state["key"], lambda: charts.criticality(
            run, top=10, names=names, exclude=[*milestones, *run.always_critical()],
            title="Criticality index (without milestones and always-critical tasks)"))

    def update(_=None):
        responses.disabled = not with_risks.value
        try:
            Number("seed", "Seed", minimum=0).coerce(seed.value)
            key = settings()
            run = run_for(key)
        except (AnswerError, TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The charts still show the last valid run.")
            chart.stale = critical.stale = True
            return
        message.value = ""
        chart.stale = critical.stale = False
        state["key"] = key
        chart.show(key, lambda: charts.s_curve(run, target=target.value, xlim=(low, high)))
        move_target()
        draw_criticality()

    def move_target(_=None):
        if state["key"] is None:
            return
        run = run_for(state["key"])
        chart.refresh(lambda fig: charts.set_target(fig, run, target.value))
        show_summary(run)

    for control in (iterations, distribution, with_risks, responses, seed):
        control.observe(update, names="value")
    target.observe(move_target, names="value")
    tabs.observe(draw_criticality, names="selected_index")
    update()
    controls = [w.HBox([iterations, seed], layout=w.Layout(flex_flow="row wrap")),
                distribution, with_risks, responses, target, message, summary]
    tool = Tool("Monte Carlo simulator", [columns(controls, [tabs])])
    tool.iterations, tool.distribution, tool.with_risks = iterations, distribution, with_risks
    tool.responses, tool.message, tool.tabs = responses, message, tabs
    tool.target, tool.seed, tool.summary = target, seed, summary
    tool.chart, tool.critical = chart, critical
    return tool
