"""Views of Lesson 04: heat map, response check, decision tree, Monte Carlo."""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import decision_tree as dt
from .. import estimating, lifecycle, risk, schedule
from ..answers import AnswerError, Number
from ..validation import check_number, check_str
from ..plots import risk as charts
from ..plots._style import money
from .charts import LiveChart
from .common import LARGEST, Tool, columns, dataset, error_html, fmt, full_width, note_html

#: The ways a risk register can be given to a tool: None for the course's
#: sample, a course dataset's name, a trainer's CSV file (a ``Path``, or a
#: path string such as ``"./our_register.csv"``), or a DataFrame shaped like
#: :func:`implcourse.risk.load_register`'s (checked as a file's rows are).
RegisterSource = str | Path | pd.DataFrame | None


def _register(register: RegisterSource) -> pd.DataFrame:
    return dataset(register, risk.load_register, name="register", what="risk register",
                   loaded=(pd.DataFrame,))

__all__ = ["heat_map_tool", "response_tool", "decision_tool", "monte_carlo_tool"]


def _money(value: float) -> str:
    return money(value, "EUR")


def _options(register) -> list[tuple[str, str]]:
    return [(f"{row.id}: {row.title}", row.id) for row in register.itertuples()]


def heat_map_tool(register: RegisterSource = None,
                  matrix: risk.ProbabilityImpactMatrix | None = None) -> Tool:
    """Move one open risk's probability and impact; watch its cell and rating change.

    ``register`` is the course's sample by default, or your own: a path to a
    register CSV (``Path("our_register.csv")`` or ``"./our_register.csv"``)
    or a DataFrame shaped like :func:`implcourse.risk.load_register`'s.

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
    register = _register(register)
    if matrix is None:
        matrix = risk.ProbabilityImpactMatrix()
    elif not isinstance(matrix, risk.ProbabilityImpactMatrix):
        raise TypeError(f"matrix must be a ProbabilityImpactMatrix, got {type(matrix).__name__}")
    scale = risk.sample_scale()
    # Scoring checks a hand-built register as a file's rows are checked.
    original = risk.score_register(register, matrix, **scale).set_index("id")
    # Open risks only: the matrix shows what can still happen.
    open_risks = register[register["status"] == "active"]
    if open_risks.empty:
        raise ValueError("register has no open risk (status 'active') to place on the "
                         "heat map")
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
    titles = dict(zip(register["id"], register["title"]))

    def describe(row) -> str:
        return (f"probability band {int(row.probability_level)} of {matrix.size}, impact band "
                f"{int(row.impact_level)} of {matrix.size}, score {fmt(row.score, '.3f')}, "
                f"rating <b>{html.escape(str(row.rating))}</b>")

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
            f"<b>{html.escape(pick.value)}</b> ({html.escape(str(now.kind))}): was "
            f"{describe(before)}; now {describe(now)}. Impact share "
            f"{fmt(now.impact_share, '.1%')}: the worse of cost over "
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
                      Number("c", f"Impact of {name} in EUR", minimum=0,
                             maximum=LARGEST).coerce(cost.value),
                      Number("d", f"Impact of {name} in working days", minimum=0,
                             maximum=LARGEST).coerce(days.value))
        except AnswerError as err:
            message.value = error_html(f"Not applied. {err}")
            return
        state["edits"][pick.value] = values
        message.value = ""
        show()

    def load(_=None):
        row = register.set_index("id").loc[pick.value]
        values = state["edits"].get(pick.value, (row.probability, row.impact_cost,
                                                 row.impact_days))
        state["loading"] = True
        try:
            probability.value, cost.value, days.value = (float(v) for v in values)
        finally:  # never stuck in "loading"
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


def response_tool(register: RegisterSource = None) -> Tool:
    """A risk's card: cause, risk, effect, response, and whether the response pays.

    ``register`` is given as for :func:`heat_map_tool`.

    Examples
    --------
    >>> tool = response_tool()
    >>> "Trigger" in tool.card.value
    True
    """
    register = _register(register)
    values = risk.response_value(register)  # checks a hand-built register too
    pick = w.Dropdown(options=_options(register), description="Risk",
                      layout=full_width())
    card = w.HTML()

    def update(_=None):
        row = register.set_index("id").loc[pick.value]
        try:
            owner = lifecycle.get_role(row.owner).name
        except (TypeError, ValueError, KeyError):  # a role the course does not define
            owner = str(row.owner)

        def e(value) -> str:
            return html.escape(str(value))

        lines = [f"<b>{e(pick.value)}: {e(row.title)}</b> "
                 f"({e(row.kind)}, {e(row.category)}, phase {e(row.phase)}, owner "
                 f"{e(owner)}, status {e(row.status)})",
                 f"<b>Cause:</b> {e(row.cause)}",
                 f"<b>Risk:</b> {e(row.title)}",
                 f"<b>Effect:</b> {e(row.effect)}",
                 f"<b>Trigger:</b> {e(row.trigger)}",
                 f"<b>Response:</b> {e(row.response)}"]
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


def decision_tool(tree=None, label: str | None = None, unit: str | None = None) -> Tool:
    """How likely must strong demand be before building new beats upgrading?

    The slider sets the probability of the first branch of the tree's first
    chance node, and of every other two-branch chance node that starts with
    the same probability (the same uncertain event, repeated under each
    option); other chance nodes keep their own. At the indifference point
    the tool reports a tie. ``label`` names the slider (by default
    "P(strong demand)" for the course's tree, and "P(<first branch>)" for
    yours). Amounts carry ``unit`` (by default the tree file's unit).

    ``tree`` is the course's sample by default, or your own: a path to a tree
    file (``Path("our_tree.yml")`` or ``"./our_tree.yml"``, in the format of
    ``datasets/risk/decision_tree.yml``) or a tree built with
    :func:`implcourse.decision_tree.from_dict`.

    Examples
    --------
    >>> tool = decision_tool()
    >>> tool.probability.value = 0.9
    >>> "Build a new plant" in tool.summary.value
    True
    """
    course_tree = tree is None
    if label is not None:
        label = check_str("label", label)
    if unit is not None:
        unit = check_str("unit", unit, allow_empty=True)
    if tree is None or isinstance(tree, (str, Path)):
        source = tree
        tree = dataset(source, risk.load_decision_tree, name="tree", what="decision tree")
        if unit is None:
            unit = dataset(source, risk.decision_tree_unit, name="tree", what="decision tree")
    elif not isinstance(tree, (dt.Outcome, dt.Chance, dt.Decision)):
        raise TypeError(f"tree must be a path to a decision-tree file or a tree built with "
                        f"decision_tree.from_dict, got {type(tree).__name__}")
    dt.rollback(tree)  # checks a hand-built tree now, not on the first move
    unit = unit or ""
    suffix = html.escape(f" {unit}") if unit else ""
    first = _first_probability(tree)
    if label is None:
        label = "P(strong demand)" if course_tree else f"P({_first_branch(tree)})"
    probability = w.FloatSlider(value=first, min=0, max=1, step=0.05,
                                description=label, readout_format=".2f",
                                style={"description_width": "initial"},
                                layout=full_width())
    summary = w.HTML()
    chart = LiveChart()

    def update(_=None):
        try:
            p = round(check_number("probability", probability.value, minimum=0, maximum=1), 6)
            variant = dt.reweighted(tree, p, same_as=first)
            result = dt.rollback(variant)
        except (TypeError, ValueError) as err:
            summary.value = error_html(f"{err}. The chart still shows the last valid "
                                       "probability.")
            chart.stale = True
            return
        chart.stale = False
        options = "; ".join(f"{html.escape(k)}: EMV {fmt(v)}{suffix}"
                            for k, v in result.children.items())
        if len(result.ties) > 1:
            best = "a tie between " + " and ".join(f"<b>{html.escape(t)}</b>" for t in result.ties)
        else:
            best = f"<b>{html.escape(result.choice)}</b>"
        summary.value = note_html(f"Best: {best} (EMV {fmt(result.value)}{suffix}). Each "
                                  f"option, after its cost: {options}.")
        chart.show(p, lambda: charts.decision_tree(variant, unit=unit))

    probability.observe(update, names="value")
    update()
    tool = Tool("Decision tree", [columns([probability, summary], [chart.widget])])
    tool.probability, tool.summary, tool.chart = probability, summary, chart
    return tool


def _first_branch(node) -> str:
    """The label of the first branch of the first chance node (for the slider)."""
    if isinstance(node, dt.Chance):
        child = node.branches[0][1]
        return getattr(child, "label", None) or node.label
    if isinstance(node, dt.Decision):
        return _first_branch(node.options[0][2])
    return "first outcome"


def _first_probability(node) -> float:
    if isinstance(node, dt.Chance):
        return float(node.branches[0][0])
    if isinstance(node, dt.Decision):
        return _first_probability(node.options[0][2])
    return 0.5


def monte_carlo_tool(tasks=None, register: RegisterSource = None, *, estimates=None) -> Tool:
    """Simulate the ERP plan: iterations, distribution, risks and a target day.

    ``tasks`` is the course's ERP plan with its estimates by default; or an
    :class:`~implcourse.estimating.EstimatedPlan`; or your own plan (a
    :class:`~implcourse.schedule.Plan`, or a path to a plan CSV such as
    ``"./our_plan.csv"``) with ``estimates`` for every one of its tasks (a
    path to an estimates CSV, or what
    :func:`implcourse.estimating.estimated_plan` takes). ``register`` is
    given as for :func:`heat_map_tool`; with your own plan and no register,
    the simulation runs without risks (the course's register names the
    course's tasks, not yours).

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
    tasks_given = tasks is not None
    if isinstance(tasks, estimating.EstimatedPlan):
        if estimates is not None:
            raise ValueError("estimates must be left out when tasks already holds them (an "
                             "EstimatedPlan)")
    else:
        plan = dataset(tasks, schedule.load_plan, name="tasks", what="plan",
                       loaded=(schedule.Plan,))
        if isinstance(estimates, (str, Path)):
            estimates = dataset(estimates, estimating.load_estimates, name="estimates",
                                what="estimates")
        tasks = estimating.estimated_plan(plan, estimates)
    own_plan_alone = tasks_given and register is None
    register = None if own_plan_alone else _register(register)
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
    with_risks = w.Checkbox(value=register is not None,
                            description=("Include the register's risks" if register is not None
                                         else "No risk register given (register=...)"),
                            disabled=register is None,
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
        responses.disabled = not with_risks.value or register is None
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
        if not math.isfinite(target.value):
            message.value = error_html(f"The target day must be a number, got "
                                       f"{target.value:g}.")
            return
        if message.value and not chart.stale:  # a target refused before: now a good one
            message.value = ""
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
