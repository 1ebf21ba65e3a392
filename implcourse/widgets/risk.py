"""Views of Lesson 04: heat map, response check, decision tree, Monte Carlo."""

from __future__ import annotations

import html

import ipywidgets as w

from .. import decision_tree as dt
from .. import estimating, lifecycle, risk, schedule
from ..plots import risk as charts
from .common import Tool, error_html, figure_png, note_html

__all__ = ["heat_map_tool", "response_tool", "decision_tool", "monte_carlo_tool"]


def _money(value: float) -> str:
    """Money to the unit, with no "-0"."""
    return f"{round(value) + 0:,.0f} EUR"


def _options(register) -> list[tuple[str, str]]:
    return [(f"{row.id}: {row.title}", row.id) for row in register.itertuples()]


def heat_map_tool(register=None, matrix: risk.ProbabilityImpactMatrix | None = None) -> Tool:
    """Move one risk's probability and impact; watch its cell and rating change.

    Impacts are scored against the sample project's budget and duration
    (:func:`risk.sample_scale`).

    Examples
    --------
    >>> tool = heat_map_tool()
    >>> tool.probability.value = 0.9
    >>> "rating" in tool.summary.value
    True
    """
    register = risk.load_register() if register is None else register
    matrix = matrix or risk.ProbabilityImpactMatrix()
    scale = risk.sample_scale()
    pick = w.Dropdown(options=_options(register), description="Risk",
                      layout=w.Layout(width="560px"))
    probability = w.FloatSlider(min=0, max=1, step=0.05, description="Probability",
                                readout_format=".2f")
    cost = w.FloatText(description="Impact (EUR)", style={"description_width": "initial"},
                       layout=w.Layout(width="260px"))
    days = w.FloatText(description="Impact (working days)",
                       style={"description_width": "initial"}, layout=w.Layout(width="260px"))
    reset = w.Button(description="Reset this risk")
    summary = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
    state = {"loading": False, "edits": {}}
    original = risk.score_register(register, matrix, **scale).set_index("id")

    def describe(row) -> str:
        return (f"probability band {int(row.probability_level)} of {matrix.size}, impact band "
                f"{int(row.impact_level)} of {matrix.size}, score {row.score:.3f}, rating "
                f"<b>{row.rating}</b>")

    def update(_=None):
        if state["loading"]:
            return
        state["edits"][pick.value] = (probability.value, cost.value, days.value)
        edited = register.copy()
        for risk_id, (p, c, d) in state["edits"].items():
            at = edited["id"] == risk_id
            edited.loc[at, ["probability", "impact_cost", "impact_days"]] = [p, c, d]
        try:
            scored = risk.score_register(edited, matrix, **scale)
        except (TypeError, ValueError) as err:
            summary.value = error_html(err)
            return
        now = scored.set_index("id").loc[pick.value]
        before = original.loc[pick.value]
        summary.value = note_html(
            f"<b>{html.escape(pick.value)}</b> ({now.kind}): was {describe(before)}; now "
            f"{describe(now)}. Impact share {now.impact_share:.1%}: the worse of cost over "
            f"the budget ({scale['budget']:,.0f} EUR) and days over the plan "
            f"({scale['duration']:g} working days).")
        chart.value = figure_png(charts.heat_map(scored, matrix, highlight=pick.value))

    def load(_=None):
        state["loading"] = True
        row = register.set_index("id").loc[pick.value]
        values = state["edits"].get(pick.value, (row.probability, row.impact_cost,
                                                 row.impact_days))
        probability.value, cost.value, days.value = (float(v) for v in values)
        state["loading"] = False
        update()

    def on_reset(_=None):
        state["edits"].pop(pick.value, None)
        load()

    for control in (probability, cost, days):
        control.observe(update, names="value")
    pick.observe(load, names="value")
    reset.on_click(on_reset)
    load()
    tool = Tool("Risk heat map", [pick, w.HBox([probability, cost, days, reset]), summary,
                                  chart])
    tool.pick, tool.probability, tool.cost, tool.days = pick, probability, cost, days
    tool.summary, tool.chart, tool.reset = summary, chart, reset
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
                      layout=w.Layout(width="560px"))
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
            lines.append("Escalated: handed to the programme or the part of the organisation "
                         "that owns it; the project no longer manages it.")
        elif row.kind == "threat":
            lines.append("Accepted: no response now; the contingency reserve covers it.")
        else:
            lines.append("Accepted: the project takes the opportunity if it comes, without "
                         "pursuing it.")
        card.value = note_html("<br>".join(lines))

    pick.observe(update, names="value")
    update()
    tool = Tool("Response check", [pick, card])
    tool.pick, tool.card = pick, card
    return tool


def decision_tool(tree=None, label: str = "P(strong demand)") -> Tool:
    """How likely must strong demand be before building new beats upgrading?

    The slider sets the probability of the first branch of every two-branch
    chance node (``label`` names it); at the indifference point the tool
    reports a tie.

    Examples
    --------
    >>> tool = decision_tool()
    >>> tool.probability.value = 0.9
    >>> "Build a new plant" in tool.summary.value
    True
    """
    tree = tree or risk.load_decision_tree()
    first = _first_probability(tree)
    probability = w.FloatSlider(value=first, min=0, max=1, step=0.05,
                                description=label, readout_format=".2f",
                                style={"description_width": "initial"})
    summary = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))

    def update(_=None):
        variant = dt.reweighted(tree, probability.value)
        result = dt.rollback(variant)
        options = "; ".join(f"{html.escape(k)}: {v:,.1f}" for k, v in result.children.items())
        if len(result.ties) > 1:
            best = "a tie between " + " and ".join(f"<b>{html.escape(t)}</b>" for t in result.ties)
        else:
            best = f"<b>{html.escape(result.choice)}</b>"
        summary.value = note_html(f"Best: {best} (EMV {result.value:,.1f}). Each option: "
                                  f"{options}.")
        chart.value = figure_png(charts.decision_tree(variant))

    probability.observe(update, names="value")
    update()
    tool = Tool("Decision tree", [probability, summary, chart])
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

    Examples
    --------
    >>> tool = monte_carlo_tool()
    >>> tool.iterations.value = 1_000
    >>> "P80" in tool.summary.value
    True
    """
    tasks = tasks or estimating.estimated_plan()
    register = risk.load_register() if register is None else register
    names = {t.id: t.name for t in tasks.plan.tasks}
    milestones = [t.id for t in tasks.plan.tasks if t.duration == 0]
    baseline = schedule.analyse(tasks.plan).duration
    iterations = w.Dropdown(options=[("1,000", 1_000), ("10,000", 10_000),
                                     ("50,000", 50_000)], value=10_000,
                            description="Iterations")
    distribution = w.ToggleButtons(options=[("PERT", "pert"), ("Triangular", "triangular")],
                                   value="pert", description="Distribution")
    with_risks = w.Checkbox(value=True, description="Include the register's risks")
    responses = w.Checkbox(value=True, description="Responses in place (residual risk)")
    target = w.FloatSlider(value=round(baseline * 1.1), min=round(baseline * 0.9),
                           max=round(baseline * 1.6), step=1, description="Target day",
                           readout_format=".0f")
    seed = w.IntText(value=1, description="Seed", layout=w.Layout(width="160px"))
    summary = w.HTML()
    curve = w.Image(format="png", layout=w.Layout(max_width="100%"))
    critical = w.Image(format="png", layout=w.Layout(max_width="100%"))

    def update(_=None):
        responses.disabled = not with_risks.value
        try:
            run = risk.simulate_schedule(tasks, iterations.value, seed.value,
                                         distribution=distribution.value,
                                         risks=register if with_risks.value else None,
                                         residual=responses.value)
        except (TypeError, ValueError) as err:
            summary.value = error_html(err)
            return
        p = run.percentiles()
        chance = run.probability_within(target.value)
        summary.value = note_html(
            f"Plan (most likely durations): <b>{run.baseline:,.0f} days</b>. "
            f"P50 {p['P50']:,.1f}, P80 {p['P80']:,.1f}, P90 {p['P90']:,.1f} days. "
            f"Probability of finishing by day {target.value:,.0f}: <b>{chance:.0%}</b>. "
            f"Schedule contingency for 80 % confidence: {run.contingency(0.8):,.1f} days.")
        curve.value = figure_png(charts.s_curve(run, target=target.value))
        critical.value = figure_png(charts.criticality(
            run, top=10, names=names, exclude=[*milestones, *run.always_critical()],
            title="Criticality index (without milestones and always-critical tasks)"))

    for control in (iterations, distribution, with_risks, responses, target, seed):
        control.observe(update, names="value")
    update()
    tool = Tool("Monte Carlo simulator", [w.HBox([iterations, seed]),
                                          w.HBox([with_risks, responses]), distribution,
                                          target, summary, curve, critical])
    tool.iterations, tool.distribution, tool.with_risks = iterations, distribution, with_risks
    tool.responses = responses
    tool.target, tool.seed, tool.summary, tool.curve, tool.critical = (target, seed, summary,
                                                                       curve, critical)
    return tool
