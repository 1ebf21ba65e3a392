"""Views of Lesson 01: phase explorer, phase ordering, plan what-if, readiness."""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np

from .. import lifecycle, readiness, schedule
from ..plots.schedule import gantt
from .common import Tool, error_html, figure_png, note_html

__all__ = ["phase_explorer", "phase_order_tool", "plan_whatif", "readiness_checklist"]


def _list_html(items) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def phase_card_html(phase: lifecycle.Phase) -> str:
    """A phase's card as HTML, from :func:`lifecycle.card_sections`."""
    title, sections = lifecycle.card_sections(phase)
    parts = [f"<h4>{html.escape(title)}</h4>"]
    for label, body in sections:
        if isinstance(body, str):
            parts.append(f"<p><b>{html.escape(label)}.</b> {html.escape(body)}</p>")
        else:
            parts.append(f"<b>{html.escape(label)}</b>" + _list_html(body))
    return "".join(parts)


def phase_explorer(start: str = "initiation") -> Tool:
    """Choose a phase, see its card.

    Examples
    --------
    >>> tool = phase_explorer()
    >>> picker, card = tool.children[1:]
    >>> picker.value = "testing"
    >>> "User acceptance testing" in card.value
    True
    """
    phases = lifecycle.load_phases()
    options = [(f"{i}. {p.name}", p.id) for i, p in enumerate(phases, start=1)]
    picker = w.Dropdown(options=options, value=lifecycle.get_phase(start).id,
                        description="Phase", layout=w.Layout(width="420px"))
    card = w.HTML()

    def update(_=None):
        card.value = phase_card_html(lifecycle.get_phase(picker.value))

    picker.observe(update, names="value")
    update()
    return Tool("Phase explorer", [picker, card])


def phase_order_tool(seed: int = 0) -> Tool:
    """Put the phases in order with one drop-down per position, then check.

    The drop-downs start shuffled (by ``seed``). Choosing a phase twice is
    reported inline, as is every other mistake the core can name.

    Examples
    --------
    >>> tool = phase_order_tool(seed=3)
    >>> slots = tool.children[1].children
    >>> for slot, pid in zip(slots, lifecycle.phase_ids()):
    ...     slot.value = pid
    >>> tool.children[2].children[0].click()
    >>> "All eight" in tool.children[3].value
    True
    """
    phases = lifecycle.load_phases()
    ids = [p.id for p in phases]
    options = [(p.name, p.id) for p in phases]
    shuffled = np.random.default_rng(seed).permutation(len(ids)).tolist()
    slots = [w.Dropdown(options=options, value=ids[j], description=f"{i}.",
                        layout=w.Layout(width="420px"))
             for i, j in enumerate(shuffled, start=1)]
    check = w.Button(description="Check my order", button_style="primary")
    hint = w.Button(description="Hint")
    result = w.HTML(note_html("Arrange the phases, then press <i>Check my order</i>."))

    def judge(show_hint: bool) -> None:
        # Always judge the order as it is now, so a hint never goes stale.
        try:
            outcome = lifecycle.check_order([s.value for s in slots])
        except (TypeError, ValueError) as err:
            result.value = error_html(err)
            return
        if outcome.correct:
            result.value = note_html("All eight phases are in the right order.", good=True)
        elif show_hint:
            result.value = note_html(html.escape(outcome.hint), good=False)
        else:
            result.value = note_html(f"{outcome.in_place} of {outcome.total} in the right "
                                     f"place. Press <i>Hint</i> for a clue.", good=False)

    def on_check(_=None):
        judge(show_hint=False)

    def on_hint(_=None):
        judge(show_hint=True)

    check.on_click(on_check)
    hint.on_click(on_hint)
    return Tool("Put the phases in order", [w.VBox(slots), w.HBox([check, hint]), result])


def _summary_html(base: schedule.Schedule, now: schedule.Schedule) -> str:
    change = now.duration - base.duration
    delta = "no change" if change == 0 else f"{change:+g} days against the base plan"
    names = [html.escape(now.plan.task(t).name) for t in now.critical_path]
    return note_html(f"<b>{now.duration:g} working days</b> ({delta}).<br>"
                     f"Critical path: {' → '.join(names)}")


def plan_whatif(plan: schedule.Plan | None = None) -> Tool:
    """Change a task's duration or dependencies and watch the critical path move.

    Changes accumulate until *Reset*. A negative duration, an unknown task
    id or a dependency cycle is reported beside the inputs, and the last
    good chart stays.

    Examples
    --------
    >>> tool = plan_whatif()
    >>> controls, message = tool.children[1], tool.children[2]
    >>> task, days, deps = controls.children[0].children
    >>> days.value = -3
    >>> "must be &gt;= 0, got -3.0" in message.value
    True
    """
    base_plan = plan if plan is not None else schedule.load_plan()
    if not isinstance(base_plan, schedule.Plan):
        raise TypeError(f"plan must be a Plan, got {type(base_plan).__name__}")
    base = schedule.analyse(base_plan)
    state = {"plan": base_plan, "syncing": False}
    task = w.Dropdown(options=[(t.name, t.id) for t in base_plan.tasks],
                      description="Task", layout=w.Layout(width="360px"))
    days = w.FloatText(description="Days", layout=w.Layout(width="160px"))
    deps = w.Text(description="After", placeholder="ids, separated by ;",
                  layout=w.Layout(width="420px"))
    reset = w.Button(description="Reset to base plan")
    message = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
    summary = w.HTML()

    def show(plan_now: schedule.Plan) -> None:
        now = schedule.analyse(plan_now)
        chart.value = figure_png(gantt(now))
        summary.value = _summary_html(base, now)

    def sync_fields(_=None):
        state["syncing"] = True
        current = state["plan"].task(task.value)
        days.value = current.duration
        deps.value = "; ".join(current.depends_on)
        state["syncing"] = False
        message.value = ""

    def apply(_=None):
        if state["syncing"]:
            return
        ids = [part.strip() for part in deps.value.split(";") if part.strip()]
        try:
            new_plan = state["plan"].with_changes(durations={task.value: days.value},
                                                  depends_on={task.value: ids})
        except (TypeError, ValueError) as err:
            message.value = error_html(err)
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
    deps.observe(apply, names="value")
    reset.on_click(on_reset)
    sync_fields()
    show(base_plan)
    controls = w.VBox([w.HBox([task, days, deps]), reset])
    return Tool("What if? Change the plan", [controls, message, summary, chart])


def _readiness_html(result: readiness.Readiness) -> str:
    good = result.go
    bar = (f'<div style="background:#eee;width:300px;height:12px">'
           f'<div style="background:{"#1b7f3b" if good else "#a35200"};'
           f'width:{result.score * 300:.0f}px;height:12px"></div></div>')
    lines = [f"<b>Readiness score {result.score:.0%}</b> (threshold {result.threshold:.0%})",
             bar, f"<b>Decision: {result.decision}</b> — {html.escape('; '.join(result.reasons))}"]
    if result.blocking_open:
        lines.append("<b>Blocking items open:</b>" +
                     _list_html([i.text for i in result.blocking_open]))
    if result.other_open:
        lines.append("<b>Other open items (conditions to track):</b>" +
                     _list_html([i.text for i in result.other_open]))
    return note_html("".join(f"<div>{line}</div>" for line in lines), good=good)


def readiness_checklist(threshold: float = readiness.DEFAULT_THRESHOLD) -> Tool:
    """Tick what is ready; see the score and the go / no-go answer live.

    It opens on the lesson's synthetic sample scenario.

    Examples
    --------
    >>> tool = readiness_checklist()
    >>> boxes = tool.boxes
    >>> for box in boxes.values():
    ...     box.value = True
    >>> "Decision: GO" in tool.result.value
    True
    """
    items = readiness.load_checklist()
    boxes = {item.id: w.Checkbox(description=item.text + ("  (blocking)" if item.blocking else ""),
                                 indent=False, layout=w.Layout(width="auto"),
                                 tooltip=item.why)
             for item in items}
    rows: list[w.Widget] = []
    for area in dict.fromkeys(item.area for item in items):
        rows.append(w.HTML(f"<b>{area.capitalize()}</b>"))
        rows.extend(boxes[item.id] for item in items if item.area == area)
    slider = w.FloatSlider(value=threshold, min=0.5, max=1.0, step=0.05,
                           description="Threshold", readout_format=".0%")
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
        for key, box in boxes.items():
            box.value = values[key]
        state["batch"] = False
        update()

    for box in boxes.values():
        box.observe(update, names="value")
    slider.observe(update, names="value")
    sample.on_click(lambda _: set_all(readiness.sample_status()))
    all_met.on_click(lambda _: set_all({k: True for k in boxes}))
    clear.on_click(lambda _: set_all({k: False for k in boxes}))
    set_all(readiness.sample_status())
    # The verdict sits above the list, so it stays in view on a projector.
    tool = Tool("Go-live readiness checklist",
                [w.HBox([sample, all_met, clear, slider]), result, w.VBox(rows)])
    tool.boxes, tool.result = boxes, result
    return tool
