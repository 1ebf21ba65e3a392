"""Views of Lesson 01: phase explorer, phase ordering, plan what-if, readiness."""

from __future__ import annotations

import html

import ipywidgets as w

from .. import lifecycle, readiness, schedule
from ..answers import AnswerError, Number
from ..exercises.lifecycle import PhaseOrder
from ..plots.schedule import gantt, update_gantt
from .charts import LiveChart
from .common import LARGEST, Tool, columns, dataset, error_html, full_width, note_html

__all__ = ["phase_explorer", "phase_order_tool", "plan_whatif", "readiness_checklist",
           "phase_card_html"]


def _list_html(items) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _section_html(label: str, body) -> str:
    if isinstance(body, str):
        return f"<p><b>{html.escape(label)}.</b> {html.escape(body)}</p>"
    return f"<b>{html.escape(label)}</b>" + _list_html(body)


def phase_card_html(phase: lifecycle.Phase) -> str:
    """A phase's card as HTML, from :func:`lifecycle.card_sections`."""
    title, sections = lifecycle.card_sections(phase)
    return f"<h4>{html.escape(title)}</h4>" + "".join(_section_html(label, body)
                                                     for label, body in sections)


#: The phase explorer's tabs: their titles and the card sections each holds.
_TABS = [("Purpose", ("Purpose", "Why here", "Typical roles")),
         ("Activities", ("Key activities", "Stages")),
         ("Deliverables", ("Deliverables",)),
         ("Exit gate", ("Exit gate: leave the phase only when",)),
         ("Failure modes", ("Common failure modes",))]


def phase_explorer(start: str = "initiation") -> Tool:
    """Choose a phase, see its card, one tab per part (so it fits a screen).

    Examples
    --------
    >>> tool = phase_explorer()
    >>> tool.picker.value = "testing"
    >>> "User acceptance testing" in tool.card.value + tool.tabs.children[1].value
    True
    """
    phases = lifecycle.load_phases()
    options = [(f"{i}. {p.name}", p.id) for i, p in enumerate(phases, start=1)]
    picker = w.Dropdown(options=options, value=lifecycle.get_phase(start).id,
                        description="Phase", layout=w.Layout(width="auto", max_width="32em"))
    heading = w.HTML()
    panes = [w.HTML() for _ in _TABS]
    tabs = w.Tab(children=panes, titles=[title for title, _ in _TABS])

    def update(_=None):
        title, sections = lifecycle.card_sections(lifecycle.get_phase(picker.value))
        heading.value = f"<h4>{html.escape(title)}</h4>"
        found = dict(sections)
        for pane, (_, labels) in zip(panes, _TABS):
            parts = [_section_html(label, found[label]) for label in labels if label in found]
            pane.value = "".join(parts) or "<p><i>Nothing listed for this phase.</i></p>"

    picker.observe(update, names="value")
    update()
    tool = Tool("Phase explorer", [picker, heading, tabs])
    tool.picker, tool.tabs, tool.card = picker, tabs, heading
    return tool


def phase_order_tool(seed: int = 0) -> Tool:
    """Put the phases in order with up and down arrows, then Check.

    It is the answer form of :class:`implcourse.exercises.lifecycle.PhaseOrder`
    (shuffled by ``seed``): Check says how many are in place and what the
    first misplaced position should hold, in words, never by an id.

    Examples
    --------
    >>> tool = phase_order_tool(seed=3)
    >>> tool.inputs["order"].fill(lifecycle.phase_ids())
    >>> tool.check_button.click()
    >>> "All eight" in tool.feedback.value
    True
    """
    return PhaseOrder(seed=seed).form()


def _summary_html(base: schedule.Schedule, now: schedule.Schedule) -> str:
    """Duration against the base plan, what changed on the critical path, and the
    whole path folded away (it is long)."""
    change = now.duration - base.duration
    delta = ("the same as the base plan" if change == 0
             else f"{change:+g} days against the base plan")
    name = now.plan.task
    joined = set(now.critical_tasks) - set(base.critical_tasks)
    left = set(base.critical_tasks) - set(now.critical_tasks)
    lines = [f"<b>{now.duration:g} working days</b> ({delta})."]
    if joined:
        lines.append("Now critical: " + ", ".join(html.escape(name(t).name)
                                                  for t in now.critical_tasks if t in joined))
    if left:
        lines.append("No longer critical: " + ", ".join(
            html.escape(name(t).name) for t in base.critical_tasks if t in left))
    if not joined and not left:
        lines.append(f"The same {len(now.critical_tasks)} critical tasks as the base plan.")
    names = " → ".join(html.escape(name(t).name) for t in now.critical_path)
    lines.append(f"<details><summary>Critical path, task by task</summary>{names}</details>")
    return note_html("<br>".join(lines))


def _cycle_text(plan: schedule.Plan, cycle: list[str]) -> str:
    names = [plan.task(t).name for t in cycle]
    return ("That would make a loop, so the plan could never start: "
            + " → ".join(names) + " (each waits for the one before it). Remove one of these "
            "dependencies.")


def plan_whatif(plan=None) -> Tool:
    """Change a task's duration or what it waits for, and watch the critical path move.

    ``plan`` is the course's ERP plan by default, or your own: a path to a
    plan CSV (``Path("our_plan.csv")`` or ``"./our_plan.csv"``, in the format
    of ``datasets/plans/erp_rollout.csv``) or a
    :class:`~implcourse.schedule.Plan`.

    Changes accumulate until *Reset*. A negative duration or a loop of
    dependencies is explained beside the inputs, naming the tasks as the
    menus do, and the last good chart stays. Only the bars are redrawn.

    Examples
    --------
    >>> tool = plan_whatif()
    >>> tool.days.value = -3
    >>> print(html.unescape(tool.message.value).split("Not applied. ")[1].split("<")[0])
    Duration of Project kickoff and team mobilisation cannot be negative (you entered −3)
    """
    base_plan = dataset(plan, schedule.load_plan, name="plan", what="plan",
                        loaded=(schedule.Plan,))
    base = schedule.analyse(base_plan)
    names = {t.id: t.name for t in base_plan.tasks}
    ids = {t.name: t.id for t in base_plan.tasks}
    state = {"plan": base_plan, "syncing": False}
    task = w.Dropdown(options=[(t.name, t.id) for t in base_plan.tasks],
                      layout=w.Layout(width="100%", margin="2px 0"))
    days = w.FloatText(description="Days", layout=w.Layout(width="12em"))
    after = w.TagsInput(allowed_tags=[t.name for t in base_plan.tasks], allow_duplicates=False,
                        placeholder="type a task's name")
    reset = w.Button(description="Reset to base plan", icon="undo")
    message = w.HTML()
    summary = w.HTML()
    chart = LiveChart(scroll=True)
    # Room to lengthen the plan by half before the axis has to be redrawn.
    span = base.duration * 1.5

    def show(plan_now: schedule.Plan) -> None:
        nonlocal span
        now = schedule.analyse(plan_now)
        if not chart.refresh(lambda fig: update_gantt(fig, now)):
            span = max(span, now.duration * 1.5)
            chart.draw(lambda: gantt(now, xmax=span, width=8))
        summary.value = _summary_html(base, now)

    def sync_fields(_=None):
        current = state["plan"].task(task.value)
        state["syncing"] = True
        try:
            days.value = current.duration
            after.value = [names[d] for d in current.depends_on]
        finally:  # never stuck: the next change must apply
            state["syncing"] = False
        message.value = ""

    def apply(_=None):
        if state["syncing"]:
            return
        plan_now = state["plan"]
        try:
            duration = Number("days", f"Duration of {names[task.value]}", unit="days",
                              minimum=0, maximum=LARGEST).coerce(days.value)
            new_plan = plan_now.with_changes(durations={task.value: duration},
                                             depends_on={task.value: [ids[n] for n in after.value]})
        except AnswerError as err:
            message.value = error_html(f"Not applied. {err}")
            return
        except schedule.PlanError as err:
            text = _cycle_text(plan_now, err.cycle) if err.cycle else str(err)
            message.value = error_html(f"Not applied. {text}")
            return
        state["plan"] = new_plan
        message.value = ""
        show(new_plan)

    def on_reset(_=None):
        state["plan"] = base_plan
        sync_fields()
        show(base_plan)

    task.observe(sync_fields, names="value")
    days.observe(apply, names="value")
    after.observe(apply, names="value")
    reset.on_click(on_reset)
    sync_fields()
    chart.draw(lambda: gantt(base, xmax=span, width=8))
    summary.value = _summary_html(base, base)
    controls = [w.HTML("<b>Task</b>"), task, days,
                w.HTML("<b>Waits for</b> (finish-to-start):"), after, reset, message, summary]
    tool = Tool("What if? Change the plan", [columns(controls, [chart.widget])])
    tool.task, tool.days, tool.after, tool.reset = task, days, after, reset
    tool.message, tool.summary, tool.chart = message, summary, chart
    return tool


def _readiness_html(result: readiness.Readiness) -> str:
    good = result.go
    colour = "#1b7f3b" if good else "#a35200"
    # The bar is 100 % wide; the dark tick marks the threshold.
    bar = (f'<div style="position:relative;background:#e6e6e6;width:100%;max-width:22em;'
           f'height:14px;margin:6px 0 8px 0" role="img" aria-label="score '
           f'{result.score:.0%} against a threshold of {result.threshold:.0%}">'
           f'<div style="background:{colour};width:{result.score * 100:.1f}%;height:14px"></div>'
           f'<div style="position:absolute;top:-3px;left:{result.threshold * 100:.1f}%;'
           f'width:3px;height:20px;background:#222"></div></div>')
    lines = [f"<b>Readiness score {result.score:.0%}</b> (threshold {result.threshold:.0%}, "
             "the dark mark)",
             bar, f"<b>Decision: {result.decision}</b>: {html.escape('; '.join(result.reasons))}"]
    if result.blocking_open:
        lines.append("<b>Blocking items open:</b>" +
                     _list_html([i.text for i in result.blocking_open]))
    if result.other_open:
        count = len(result.other_open)
        lines.append(f"<details><summary>{count} other open item{'s' if count > 1 else ''} "
                     "(conditions to track)</summary>"
                     + _list_html([i.text for i in result.other_open]) + "</details>")
    return note_html("".join(f"<div>{line}</div>" for line in lines), good=good)


def readiness_checklist(threshold: float = readiness.DEFAULT_THRESHOLD) -> Tool:
    """Tick what is ready; see the score and the go / no-go answer live.

    It opens on the lesson's synthetic sample scenario. The verdict stands
    beside the checklist, which is split into tabs by area, so both fit a
    projected screen.

    Examples
    --------
    >>> tool = readiness_checklist()
    >>> for box in tool.boxes.values():
    ...     box.value = True
    >>> "Decision: GO" in tool.result.value
    True
    """
    items = readiness.load_checklist()
    boxes = {item.id: w.Checkbox(description=item.text + ("  (blocking)" if item.blocking else ""),
                                 indent=False, layout=w.Layout(width="auto"),
                                 tooltip=item.why)
             for item in items}
    areas = list(dict.fromkeys(item.area for item in items))
    pages = [w.VBox([boxes[item.id] for item in items if item.area == area]) for area in areas]
    tabs = w.Tab(children=pages, titles=[area.capitalize() for area in areas])
    slider = w.FloatSlider(value=threshold, min=0.5, max=1.0, step=0.05,
                           description="Threshold", readout_format=".0%",
                           continuous_update=False, layout=full_width())
    sample = w.Button(description="Sample scenario")
    all_met = w.Button(description="All met")
    clear = w.Button(description="Clear")
    result = w.HTML()
    state = {"batch": False}

    def update(_=None):
        if state["batch"]:
            return
        try:
            outcome = readiness.assess({k: b.value for k, b in boxes.items()}, slider.value)
        except (TypeError, ValueError) as err:
            result.value = error_html(err)
            return
        result.value = _readiness_html(outcome)

    def set_all(values):
        state["batch"] = True
        try:
            for key, box in boxes.items():
                box.value = values[key]
        finally:  # never stuck: the next tick must count
            state["batch"] = False
        update()

    for box in boxes.values():
        box.observe(update, names="value")
    slider.observe(update, names="value")
    sample.on_click(lambda _: set_all(readiness.sample_status()))
    all_met.on_click(lambda _: set_all({k: True for k in boxes}))
    clear.on_click(lambda _: set_all({k: False for k in boxes}))
    set_all(readiness.sample_status())
    buttons = w.HBox([sample, all_met, clear], layout=w.Layout(flex_flow="row wrap"))
    tool = Tool("Go-live readiness checklist",
                [columns([buttons, slider, result], [tabs])])
    tool.boxes, tool.result, tool.slider, tool.tabs = boxes, result, slider, tabs
    tool.sample, tool.all_met, tool.clear = sample, all_met, clear
    return tool
