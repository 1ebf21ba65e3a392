"""Views of Lesson 02 (delivery approaches): thin tools over :mod:`implcourse.methods`.

Six tools, each a :class:`~implcourse.widgets.common.Tool` with its controls
beside its result:

* :func:`comparison_tool`: the method profiles side by side, at most three
  columns of text per table, so the text wraps and never scrolls sideways;
* :func:`suitability_tool`: the Agile Practice Guide's nine questions, the fit
  zone, the mismatches as risks and the radar;
* :func:`home_ground_tool`: Boehm and Turner's five factors and the home ground;
* :func:`release_tool`: a release forecast from a velocity range, what fits by a
  date, and a burndown and burnup from synthetic velocities;
* :func:`flow_tool`: a synthetic Kanban board, Little's law and WIP limits;
* :func:`tradeoff_tool`: the teaching model of one delivery against increments.

The views do no maths of their own. Bad input shows a message naming the
field (in the core's words) and the last good result stays, its chart greyed
out. Charts move only their live artists when they can (the radar's answers,
the polar chart's shape, the model's lines, the flow bands under another WIP
limit) and remember whole drawings by their settings otherwise.
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict

import ipywidgets as w
import pandas as pd

from .. import tables
from ..methods import flow, forecast, profiles, suitability, tradeoff
from ..methods.home_ground import (CRITICALITY_LEVELS, FACTOR_LABELS, home_ground,
                                   home_ground_factors)
from ..plots import flow as flow_charts
from ..plots import methods as method_charts
from ..validation import shown
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html, trainer_path

__all__ = ["comparison_tool", "suitability_tool", "home_ground_tool", "release_tool",
           "flow_tool", "tradeoff_tool", "flow_axis_top", "BOARD_STAGES", "BOARD_DAYS",
           "WIP_LIMITS"]

#: The Kanban board of :func:`flow_tool`: its stages and their mean capacity (items a
#: day). Build is the bottleneck, so an unlimited board piles work up in it.
BOARD_STAGES = {"Analysis": 3.0, "Build": 2.0, "Test": 3.0}
#: Days the board is simulated for.
BOARD_DAYS = 120
#: The limits the comparison tab of :func:`flow_tool` runs (and the tool's own limit).
WIP_LIMITS = (None, 12, 8, 4)
#: Most columns of text a comparison table shows side by side (more go in another table).
MAX_COLUMNS = 3

_SMALL = "font-size:0.85em;line-height:1.3;color:#444;margin:0 0 4px 0"
_WRAP = ("<style>.implcourse-compare table{width:100%;table-layout:fixed;margin-bottom:8px;"
         "font-size:0.92em}"
         ".implcourse-compare td,.implcourse-compare th{overflow-wrap:break-word;"
         "white-space:normal;vertical-align:top !important}"
         ".implcourse-compare thead tr:first-child th:first-child{width:24%}</style>")
#: The comparison scrolls up and down inside the tool, so the tool fits a projected screen.
_SCROLL = "max-height:46vh;overflow-y:auto;overflow-x:hidden;padding-right:4px"


def _small(text: str) -> str:
    return f'<div style="{_SMALL}">{text}</div>'


def _tiny(text: str) -> str:
    """One short line under a control (what its value means)."""
    return (f'<div style="font-size:0.8em;line-height:1.25;color:#444;margin:-2px 0 4px 0">'
            f"{text}</div>")


def _widen(row: w.Box, em: float = 24) -> w.Box:
    """A wider controls column (tabs of inputs whose titles must fit one line)."""
    row.children[0].layout.flex = f"0 1 {em}em"
    return row


def _compact_chart(chart: LiveChart, reserve: int = 262) -> LiveChart:
    """A chart for a tool whose result is a tab: an image no taller than the screen
    less ``reserve`` CSS pixels (the notebook's bars, the tool's heading, tabs and
    caption), and a caption of three lines that scrolls, so they fit together."""
    chart.image.layout.max_height = f"calc(100vh - {reserve}px)"
    chart.caption.layout = w.Layout(max_height="3.4em", overflow="hidden auto")
    return chart


def _box(description: str, value: float, width: str = "100%", **kwargs) -> w.FloatText:
    return w.FloatText(value=value, description=description,
                       style={"description_width": "initial"},
                       layout=w.Layout(width=width, margin="2px 0"), **kwargs)


def _memo(size: int = 32):
    """A small remembered-results store: ``get(key, compute)``."""
    store: OrderedDict = OrderedDict()

    def get(key, compute):
        if key not in store:
            store[key] = compute()
            while len(store) > size:
                store.popitem(last=False)
        else:
            store.move_to_end(key)
        return store[key]

    return get


# --------------------------------------------------------------------------
# 1. Comparison table
# --------------------------------------------------------------------------

DEFAULT_METHODS = ("waterfall", "scrum", "kanban")
DEFAULT_CRITERIA = ("summary", "change_handling", "progress_measures")


def _tick_grid(boxes) -> w.GridBox:
    return w.GridBox(list(boxes), layout=w.Layout(
        grid_template_columns="repeat(2, minmax(0, 1fr))", grid_gap="0 8px", width="100%"))


def comparison_tool(methods=DEFAULT_METHODS, criteria=DEFAULT_CRITERIA) -> Tool:
    """Tick methods and criteria; read them side by side.

    The table comes from :func:`implcourse.methods.profiles.comparison_table`
    through :func:`implcourse.tables.show`. At most three columns of text
    stand side by side: more methods (or, with methods as rows, more
    criteria) continue in another table below, so long text wraps and the
    tool never scrolls sideways on a projector. Unticking every method (or
    every criterion) says so and keeps the last table.

    Examples
    --------
    >>> tool = comparison_tool()
    >>> "How change is handled" in tool.table.value and "Scrum" in tool.table.value
    True
    >>> tool.methods["v_model"].value = True
    >>> "V-model" in tool.table.value
    True
    >>> for box in tool.methods.values():   # the last one unticked was Kanban
    ...     box.value = False
    >>> "Methods" in tool.message.value and "Kanban" in tool.table.value
    True
    """
    known = profiles.load_profiles()
    by_id = {p.id: p for p in known}
    chosen_methods = [profiles.get_profile(m).id for m in methods]
    chosen_criteria = [c for c in profiles.CRITERIA if c in criteria]
    method_boxes = {p.id: w.Checkbox(value=p.id in chosen_methods, description=p.name,
                                     indent=False, layout=w.Layout(width="auto"))
                    for p in known}
    criterion_boxes = {c: w.Checkbox(value=c in chosen_criteria, description=label,
                                     indent=False, layout=w.Layout(width="auto"))
                       for c, label in profiles.CRITERIA.items()}
    pivot = w.ToggleButtons(options=[("Criteria as rows", "criterion"),
                                     ("Methods as rows", "method")],
                            value="criterion", description="Rows",
                            style={"button_width": "auto"})
    message = w.HTML()
    table = w.HTML()
    members = [p for p in known if p.member_of]
    names = [p.name for p in members]
    listed = (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else "".join(names)
    family = _small(html.escape(
        f"{listed} are members of {by_id[members[0].member_of].name}: not alternatives "
        "to it; compare them with it for what the family shares.")) if members else ""
    cached = _memo(64)

    def render(ms: tuple, cs: tuple, rows: str) -> str:
        frame = profiles.comparison_table(list(cs), list(ms), pivot=rows)
        parts = []
        for start in range(0, frame.shape[1], MAX_COLUMNS):
            part = frame.iloc[:, start:start + MAX_COLUMNS]
            parts.append(tables.show(part).to_html())
        return (f'{_WRAP}<div class="implcourse-compare" style="{_SCROLL}">'
                f'{"".join(parts)}</div>')

    def update(_=None):
        ms = tuple(k for k, box in method_boxes.items() if box.value)
        cs = tuple(k for k, box in criterion_boxes.items() if box.value)
        if not ms or not cs:
            field = "Methods" if not ms else "Criteria"
            thing = "method" if not ms else "criterion"
            message.value = error_html(f"{field}: tick at least one {thing}. The table "
                                       "still shows your last choice.")
            return
        try:
            table.value = cached((ms, cs, pivot.value), lambda: render(ms, cs, pivot.value))
        except (TypeError, ValueError) as err:
            message.value = error_html(err)
            return
        message.value = ""

    for box in [*method_boxes.values(), *criterion_boxes.values()]:
        box.observe(update, names="value")
    pivot.observe(update, names="value")
    update()
    # Methods and criteria in two tabs, so the controls fit a projected screen.
    pickers = w.Tab(children=[_tick_grid(method_boxes.values()),
                              _tick_grid(criterion_boxes.values())],
                    titles=["Methods", "Criteria"])
    controls = [pickers, pivot, message]
    tool = Tool("Compare delivery approaches", [columns(controls, [w.HTML(family), table])])
    tool.methods, tool.criteria, tool.pivot = method_boxes, criterion_boxes, pivot
    tool.table, tool.message, tool.pickers = table, message, pickers
    return tool


# --------------------------------------------------------------------------
# 2. Agile suitability filter
# --------------------------------------------------------------------------

_ANCHOR_AT = {"agile": 1, "hybrid": 5, "predictive": 10}


def _method_name(method_id: str) -> str:
    for item in [*profiles.load_profiles(), *profiles.load_vendor_methods()]:
        if item.id == method_id:
            return item.name
    return method_id


def _cases(case) -> tuple[dict, dict[str, str], str]:
    """The cases a tool offers, their menu labels, and the one to start from.

    ``case`` is None, a course case's id, or a trainer's cases file (a
    ``Path``, or a path string such as ``"./our_cases.yml"``, in the format of
    ``datasets/methods/cases.yml``), whose cases come first on the menu,
    marked as theirs; the tool then starts from the file's first case.
    """
    course = {c.id: c for c in suitability.load_cases()}
    labels = {k: c.title for k, c in course.items()}
    if case is None:
        return course, labels, ""
    path = trainer_path(case)
    if path is not None:
        own = {f"own:{c.id}": c for c in suitability.load_cases(path)}
        labels = {**{k: f"{c.title} (your file {path.name})" for k, c in own.items()},
                  **labels}
        return {**own, **course}, labels, next(iter(own))
    if not isinstance(case, str):
        raise TypeError(f"case must be a course case's id or a path to your own cases file, "
                        f"got {type(case).__name__} {shown(case)}")
    if case.strip() not in course:
        raise ValueError(f"case {case!r} is not known as a course case; choose one of "
                         f"{', '.join(course)}, or give your own cases file as a path")
    return course, labels, case.strip()


def suitability_tool(case: str | None = None) -> Tool:
    """Answer the nine questions of the agile suitability filter; see the fit and the risks.

    The sliders run from 1 (the agile end) to 10 (the predictive end), in
    three tabs (Culture, Team, Project); under each slider, one short line
    says what the current answer means (the anchor text for 1, 5 or 10
    nearest in zone); the questions are the sliders' tooltips and have a
    fourth tab of their own. *Case* loads a synthetic case's answers; the case's recommended
    approach and its rationale wait in the last tab, folded, to open after
    comparing. Only the radar's answers move when a slider does. ``case`` is a
    course case's id to start from, or your own cases file (a ``Path``, or a
    path such as ``"./our_cases.yml"``, in the format of
    ``datasets/methods/cases.yml``), whose cases join the menu.

    Examples
    --------
    >>> tool = suitability_tool()
    >>> tool.answers["criticality"].value = 10
    >>> "Criticality" in tool.risks.value
    True
    >>> tool.case.value = "hospital_clinical"
    >>> "predictive" in tool.summary.value and "Rationale" in tool.recommendation.value
    True
    """
    questions = suitability.suitability_questions()
    groups = suitability.load_groups()
    cases, labels, case = _cases(case)
    pick = w.Dropdown(options=[("Your own project", "")] + [(labels[k], k) for k in cases],
                      value="", description="Case", layout=full_width())
    sliders, anchors, blocks = {}, {}, {g.id: [] for g in groups}
    for q in questions:
        slider = w.IntSlider(value=5, min=1, max=10, description=q["label"],
                             continuous_update=False, style={"description_width": "8.5em"},
                             layout=full_width(), tooltip=q["question"])
        anchors[q["id"]] = w.HTML()
        sliders[q["id"]] = slider
        blocks[q["group"]] += [slider, anchors[q["id"]]]
    # The questions have a tab of their own (and are each slider's tooltip); under a
    # slider, one short line says what its answer means, so the tabs fit the screen.
    listed = "".join(f"<li><b>{html.escape(q['label'])}.</b> {html.escape(q['question'])}</li>"
                     for q in questions)
    asked = w.HTML(_small(f"<ol style='margin:0;padding-left:1.3em'>{listed}</ol>"))
    pages = w.Tab(children=[*(w.VBox(blocks[g.id]) for g in groups), asked],
                  titles=[*(g.name for g in groups), "Questions"])
    message = w.HTML()
    summary = w.HTML()
    risks = w.HTML()
    recommendation = w.HTML()
    chart = _compact_chart(LiveChart())
    views = w.Tab(children=[chart.widget, risks, recommendation],
                  titles=["Radar", "Risks", "Case recommendation"])
    by_question = {q["id"]: q for q in questions}
    labels = {g.id: g.name for g in groups}
    state = {"loading": False, "result": None}

    def show_anchor(qid: str) -> None:
        value = sliders[qid].value
        at = _ANCHOR_AT[suitability.zone_of(value)]
        anchors[qid].value = _tiny(f"<b>{value}</b> is near {at}: "
                                   f"{html.escape(by_question[qid]['anchors'][at])}")

    def show_recommendation() -> None:
        if not pick.value:
            recommendation.value = note_html("Choose a case under <i>Case</i> to compare "
                                             "your reading with the course's.")
            return
        chosen = cases[pick.value]
        own = suitability.assess_suitability(chosen.answers)
        ground = home_ground(**chosen.factors.arguments())
        edited = dict(state["result"].answers) != dict(own.answers)
        lines = [f"<b>{html.escape(chosen.title)}</b> (a synthetic case). "
                 + html.escape(" ".join(chosen.context.split()))]
        if edited:
            lines.append("<i>You have changed some of the case's answers; what follows "
                         "reads the case's own answers.</i>")
        rec = chosen.recommendation
        body = [f"Filter on the case's answers: fit <b>{own.fit}</b> (median {own.median}). "
                f"Boehm and Turner's home ground: <b>{ground.home_ground}</b>.",
                f"Recommended: <b>{rec.approach}</b>, with "
                f"<b>{html.escape(_method_name(rec.method))}</b>.",
                f"<b>Rationale.</b> {html.escape(' '.join(chosen.rationale.split()))}"]
        if chosen.override:
            body.append(f"<b>Why it departs from the filter.</b> "
                        f"{html.escape(' '.join(chosen.override.split()))}")
        folded = ("<details><summary>Show the course's recommendation (compare your reading "
                  "first)</summary>" + "".join(f"<p>{b}</p>" for b in body) + "</details>")
        recommendation.value = note_html("<br>".join(lines) + folded)

    def update(change=None):
        if state["loading"]:
            return
        if change is not None and getattr(change, "owner", None) in sliders.values():
            show_anchor(next(k for k, s in sliders.items() if s is change.owner))
        try:
            result = suitability.assess_suitability({k: s.value for k, s in sliders.items()})
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last valid "
                                       "answers.")
            chart.stale = True
            return
        message.value = ""
        chart.stale = False
        state["result"] = result
        scores = ", ".join(f"{labels[g]} {s:.1f}" for g, s in result.group_scores.items())
        if result.mismatches:
            listed = ", ".join(f"{html.escape(m.label)} ({m.answer}, {m.zone})"
                               for m in result.mismatches)
            mismatch = (f"{len(result.mismatches)} mismatch"
                        f"{'es' if len(result.mismatches) != 1 else ''} (risks): {listed}.")
        else:
            mismatch = "No mismatches."
        summary.value = note_html(
            f"Fit: <b>{result.fit}</b> (median answer {result.median}). Mean answers "
            f"(1 agile to 10 predictive): {scores}. {mismatch}")
        if result.mismatches:
            items = "".join(f"<li><b>{html.escape(m.label)}</b> ({m.answer}, {m.zone}, "
                            f"{m.direction} than the fit): {html.escape(m.risk)}</li>"
                            for m in result.mismatches)
            risks.value = note_html(f"<ul style='margin:0;padding-left:1.2em'>{items}</ul>")
        else:
            risks.value = note_html("No mismatches, so no risks from the filter: every "
                                    f"answer is in the {result.fit} zone.", good=True)
        views.set_title(1, f"Risks ({len(result.mismatches)})")
        if not chart.refresh(lambda fig: method_charts.update_suitability_radar(fig, result)):
            chart.draw(lambda: method_charts.suitability_radar(result))
        show_recommendation()

    def load(_=None):
        values = cases[pick.value].answers if pick.value else dict.fromkeys(sliders, 5)
        state["loading"] = True
        try:
            for qid, slider in sliders.items():
                slider.value = int(values[qid])
                show_anchor(qid)
        finally:  # never stuck in "loading"
            state["loading"] = False
        update()

    for slider in sliders.values():
        slider.observe(update, names="value")
    pick.observe(load, names="value")
    if case:
        pick.value = case
    else:
        load()
    chart.image.layout.max_height = "calc(100vh - 330px)"  # room for the fit over the tabs
    tool = Tool("Agile suitability filter",
                [_widen(columns([pick, pages, message], [summary, views]))])
    tool.case, tool.answers, tool.pages, tool.anchors = pick, sliders, pages, anchors
    tool.summary, tool.risks, tool.recommendation = summary, risks, recommendation
    tool.chart, tool.views, tool.message = chart, views, message
    return tool


# --------------------------------------------------------------------------
# 3. Boehm and Turner's home ground
# --------------------------------------------------------------------------

def home_ground_tool(case: str | None = None) -> Tool:
    """Set Boehm and Turner's five factors; see the home ground and what pulls each way.

    Size is typed (people); criticality is chosen from the five published
    levels; dynamism, personnel (two percentages) and culture are sliders.
    Under each control, its published scale points from the centre (agile)
    to the edge (plan-driven). *Case* loads a synthetic case's factors. A
    value the core refuses (a size of 0, personnel adding up to more than
    100 %) is explained and the last good result stays. ``case`` is given as
    for :func:`suitability_tool`.

    Examples
    --------
    >>> tool = home_ground_tool()
    >>> tool.size.value = 300
    >>> "Size" in tool.summary.value
    True
    >>> tool.size.value = 0
    >>> "Size (number of personnel)" in tool.message.value
    True
    """
    factors = {f["id"]: f for f in home_ground_factors()}
    cases, labels, case = _cases(case)
    pick = w.Dropdown(options=[("Your own project", "")] + [(labels[k], k) for k in cases],
                      value="", description="Case", layout=full_width())
    wide = {"description_width": "initial"}
    size = w.IntText(value=30, description="Size (people)", style=wide,
                     layout=w.Layout(width="12em"))
    criticality = w.Dropdown(options=list(zip(factors["criticality"]["scale"],
                                              CRITICALITY_LEVELS)),
                             value="essential_funds", description="Criticality",
                             layout=full_width())
    dynamism = w.IntSlider(value=10, min=0, max=60, description="Dynamism (% a month)",
                           continuous_update=False, style=wide, layout=full_width())
    level_1b = w.IntSlider(value=20, min=0, max=100, step=5, description="% level 1B",
                           continuous_update=False, style=wide, layout=full_width())
    level_23 = w.IntSlider(value=25, min=0, max=100, step=5, description="% levels 2 and 3",
                           continuous_update=False, style=wide, layout=full_width())
    culture = w.IntSlider(value=50, min=0, max=100, step=5,
                          description="Culture (% thriving on chaos)",
                          continuous_update=False, style=wide, layout=full_width())
    message = w.HTML()
    summary = w.HTML()
    chart = _compact_chart(LiveChart())
    state = {"loading": False}

    def scale(fid: str) -> w.HTML:
        f = factors[fid]
        return w.HTML(_tiny(f"Scale, centre to edge: {' · '.join(f['scale'])} "
                             f"({html.escape(f['agile_end'])} → "
                             f"{html.escape(f['plan_driven_end'])})"))

    def name(fid: str) -> str:
        return FACTOR_LABELS[fid].split(" (")[0]

    def update(_=None):
        if state["loading"]:
            return
        try:
            result = home_ground(size=size.value, criticality=criticality.value,
                                    dynamism=dynamism.value,
                                    personnel=(level_1b.value, level_23.value),
                                    culture=culture.value)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The chart still shows the last valid "
                                       "factors.")
            chart.stale = True
            return
        message.value = ""
        chart.stale = False
        lean = (f", leaning <b>{result.lean}</b>" if result.home_ground == "mixed"
                and result.lean != "balanced" else "")
        rows = []
        for title, ids in (("Pulling agile", result.pulls_agile),
                           ("Pulling plan-driven", result.pulls_plan_driven),
                           ("On the midpoint", result.on_midpoint)):
            if ids:
                listed = "; ".join(f"{name(f)}: {html.escape(result.values[f])} "
                                   f"(position {result.positions[f]:.1f} of 5)" for f in ids)
                rows.append(f"<b>{title}</b>: {listed}.")
        verdict = {"agile": "all five factors pull agile",
                   "plan-driven": "all five factors pull plan-driven",
                   "mixed": "the factors pull both ways: balance the two approaches by "
                            "their risks"}[result.home_ground]
        summary.value = note_html(f"Home ground: <b>{result.home_ground}</b>{lean} "
                                  f"({verdict}).<br>" + "<br>".join(rows))
        if not chart.refresh(lambda fig: method_charts.update_home_ground_polar(fig, result)):
            chart.draw(lambda: method_charts.home_ground_polar(result))

    def load(_=None):
        if not pick.value:
            return
        f = cases[pick.value].factors
        state["loading"] = True
        try:
            size.value, criticality.value = f.size, f.criticality
            dynamism.value = round(f.dynamism)
            level_1b.value = round(f.personnel_level_1b)
            level_23.value = round(f.personnel_level_2_3)
            culture.value = round(f.culture)
        finally:  # never stuck in "loading"
            state["loading"] = False
        update()

    for control in (size, criticality, dynamism, level_1b, level_23, culture):
        control.observe(update, names="value")
    pick.observe(load, names="value")
    update()
    if case:
        pick.value = case
    # The five factors in two tabs, and what pulls each way beside the chart, so the
    # tool fits a projected screen.
    pages = w.Tab(children=[
        w.VBox([size, scale("size"), criticality, dynamism, scale("dynamism")]),
        w.VBox([w.HTML(_tiny("<b>Personnel</b> (Cockburn levels; together at most 100 %)")),
                level_1b, level_23, scale("personnel"), culture, scale("culture")])],
        titles=["Project", "People"])
    views = w.Tab(children=[chart.widget, summary], titles=["Polar chart", "What pulls"])
    controls = [pick, pages, message]
    tool = Tool("Boehm and Turner's home ground", [columns(controls, [views])])
    tool.pages, tool.views = pages, views
    tool.case, tool.size, tool.criticality, tool.dynamism = pick, size, criticality, dynamism
    tool.level_1b, tool.level_2_3, tool.culture = level_1b, level_23, culture
    tool.summary, tool.message, tool.chart = summary, message, chart
    return tool


# --------------------------------------------------------------------------
# 4. Release forecast
# --------------------------------------------------------------------------

def release_tool() -> Tool:
    """Backlog, velocity range and sprint length in; a release forecast out.

    The forecast gives the fewest and the most sprints
    (:func:`implcourse.methods.forecast.release_forecast`); *Sprints until the
    date* sorts the backlog into will have, might have and won't have
    (:func:`~implcourse.methods.forecast.fits_by`), which changes only the
    figures. The burndown and burnup tabs draw one synthetic run of sprints
    (velocities drawn from the range with the seed), when they are opened.

    Examples
    --------
    >>> tool = release_tool()
    >>> "6 to 8 sprints" in tool.summary.value
    True
    >>> tool.velocity_low.value = 30
    >>> "Velocity (low)" in tool.message.value and "6 to 8 sprints" in tool.summary.value
    True
    """
    backlog = _box("Backlog (points)", 120.0)
    low = _box("Velocity, low (points a sprint)", 15.0)
    high = _box("Velocity, high (points a sprint)", 20.0)
    length = w.Dropdown(options=[("1 week", 7), ("2 weeks", 14), ("3 weeks", 21),
                                 ("4 weeks", 28)], value=14, description="Sprint length",
                        style={"description_width": "initial"}, layout=full_width())
    sprints = w.IntSlider(value=5, min=1, max=20, description="Sprints until the date",
                          continuous_update=False, style={"description_width": "initial"},
                          layout=full_width())
    seed = w.IntText(value=1, description="Seed (burndown)",
                     style={"description_width": "initial"}, layout=w.Layout(width="12em"))
    message = w.HTML()
    summary = w.HTML()
    fits = w.HTML()
    chart, down, up = LiveChart(), LiveChart(), LiveChart()
    # The will / might / won't have figures and their slider have a tab of their own,
    # so the tool fits a projected screen.
    views = w.Tab(children=[chart.widget, down.widget, up.widget, w.VBox([sprints, fits])],
                  titles=["Forecast", "Burndown", "Burnup", "By a date"])
    runs = _memo()
    state: dict = {"good": None}

    def compute(key):
        b, lo, hi, days, s = key
        result = forecast.release_forecast(b, lo, hi, sprint_length_days=days)
        velocities = forecast.simulate_velocities(max(result.most_sprints, 1), lo, hi, seed=s)
        return result, velocities

    def show_fits() -> None:
        if state["good"] is None:
            return
        b, lo, hi, _, _ = state["good"]
        try:
            fixed = forecast.fits_by(sprints.value, lo, hi, backlog=b)
        except (TypeError, ValueError) as err:
            message.value = error_html(err)
            return
        frame = fixed.as_frame().set_index("Group")
        percent = ["Share of backlog"] if "Share of backlog" in frame else []
        fits.value = (_small(f"<b>By the end of sprint {fixed.sprints}</b> (from "
                             f"{fixed.sprints} x {lo:g} and {fixed.sprints} x {hi:g} "
                             "points):")
                      + tables.show(frame, percent=percent, decimals=1).to_html())

    def draw_tab(_=None) -> None:
        if state["good"] is None:
            return
        key = state["good"]
        result, velocities = runs(key, lambda: compute(key))
        b = key[0]
        if views.selected_index == 0:
            chart.show(key[:4], lambda: flow_charts.release_forecast_chart(result))
        elif views.selected_index == 1:
            down.show(key, lambda: flow_charts.burndown_chart(
                forecast.burndown(b, velocities),
                title="Release burndown (synthetic velocities)"))
        elif views.selected_index == 2:
            up.show(key, lambda: flow_charts.burnup_chart(
                forecast.burnup(b, velocities), title="Release burnup (synthetic velocities)"))

    def update(_=None):
        key = (backlog.value, low.value, high.value, length.value, seed.value)
        try:
            result, velocities = runs(key, lambda: compute(key))
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The figures still show the last valid "
                                       "forecast.")
            chart.stale = down.stale = up.stale = True
            return
        message.value = ""
        chart.stale = down.stale = up.stale = False
        state["good"] = key
        d = result.sprint_length_days
        summary.value = note_html(
            f"{result.backlog:g} points at {result.velocity_low:g} to "
            f"{result.velocity_high:g} points a sprint: <b>{result.fewest_sprints} to "
            f"{result.most_sprints} sprints</b> ({result.fewest_sprints * d} to "
            f"{result.most_sprints * d} days). The synthetic burndown run finishes after "
            f"{_finish(velocities, result.backlog)} sprints.")
        show_fits()
        draw_tab()

    for control in (backlog, low, high, length, seed):
        control.observe(update, names="value")
    sprints.observe(lambda _: show_fits(), names="value")
    views.observe(draw_tab, names="selected_index")
    update()
    controls = [backlog, low, high, length, seed, message, summary]
    tool = Tool("Release forecast", [columns(controls, [views])])
    tool.backlog, tool.velocity_low, tool.velocity_high = backlog, low, high
    tool.sprint_length, tool.sprints, tool.seed = length, sprints, seed
    tool.message, tool.summary, tool.fits, tool.views = message, summary, fits, views
    tool.chart, tool.burndown, tool.burnup = chart, down, up
    return tool


def _finish(velocities, backlog: float) -> int:
    frame = forecast.burndown(backlog, velocities)
    done = frame.index[frame["Remaining (points)"] <= 0]
    return int(frame.loc[done[0], "Sprint"]) if len(done) else len(velocities)


# --------------------------------------------------------------------------
# 5. Kanban flow and Little's law
# --------------------------------------------------------------------------

def flow_tool() -> Tool:
    """A synthetic Kanban board: arrivals, a WIP limit and a seed; flow metrics out.

    The board (:func:`implcourse.methods.flow.simulate_board`) has the stages of
    :data:`BOARD_STAGES` and runs :data:`BOARD_DAYS` days. The result gives
    average WIP, throughput and cycle time, and checks Little's law
    (:func:`~implcourse.methods.flow.littles_law`). The same arrivals and seed
    under another limit only redraw the flow bands. The comparison tab runs
    the limits of :data:`WIP_LIMITS` (and the tool's own) when opened. The
    chart's item axis follows the arrival rate (:func:`flow_axis_top`), so
    another seed or limit redraws only the bands, the note and the title.

    Examples
    --------
    >>> tool = flow_tool()
    >>> "Little's law" in tool.summary.value
    True
    >>> tool.wip_limit.value = 0
    >>> "WIP limit of 0" in tool.message.value
    True
    """
    arrivals = w.FloatSlider(value=1.8, min=0.5, max=3.5, step=0.1,
                             description="Arrivals (items a day)", readout_format=".1f",
                             continuous_update=False, style={"description_width": "initial"},
                             layout=full_width())
    limited = w.Checkbox(value=True, description="Limit work in progress", indent=False,
                         layout=w.Layout(width="auto"))
    wip_limit = w.IntText(value=8, description="WIP limit (items)",
                          style={"description_width": "initial"},
                          layout=w.Layout(width="12.5em"))
    seed = w.IntText(value=1, description="Seed", style={"description_width": "initial"},
                     layout=w.Layout(width="7em"))
    message = w.HTML()
    summary = w.HTML()
    metrics = w.HTML()
    comparison = w.HTML()
    chart = LiveChart()
    about_box = w.HTML()
    # The sentence with the key numbers stands under the controls; the metrics table
    # has a tab of its own, so the tool fits a projected screen.
    views = w.Tab(children=[chart.widget, comparison, w.VBox([metrics, about_box])],
                  titles=["Cumulative flow", "Compare WIP limits", "Metrics"])
    boards = _memo(48)
    compared = _memo(16)
    state: dict = {"good": None}
    stages = ", ".join(f"{k} {v:g}" for k, v in BOARD_STAGES.items())
    about = _small(f"A synthetic board (a teaching model): stages {stages} items a day "
                   f"(mean capacities), {BOARD_DAYS} days; arrivals and capacities are "
                   "random (Poisson) from the seed.")

    def board_for(key):
        rate, limit, s = key
        return boards(key, lambda: flow.simulate_board(rate, BOARD_STAGES, limit,
                                                       days=BOARD_DAYS, seed=s))

    def draw_comparison(_=None) -> None:
        if views.selected_index != 1 or state["good"] is None:
            return
        rate, limit, s = state["good"]
        limits = tuple(dict.fromkeys([*WIP_LIMITS, limit]))
        limits = tuple(sorted(limits, key=lambda v: -math.inf if v is None else -v))

        def run():
            frame = flow.compare_wip_limits(rate, BOARD_STAGES, limits, days=BOARD_DAYS,
                                            seed=s).set_index("WIP limit")
            return tables.show(frame.T, decimals=1).to_html()

        comparison.value = (_small(f"The same arrivals ({rate:g} a day) and seed ({s}) under "
                                   f"each limit, measured after the first {BOARD_DAYS // 4} "
                                   "days (the warm-up).")
                            + compared((rate, limits, s), run))

    def update(_=None):
        wip_limit.disabled = not limited.value
        key = (round(arrivals.value, 6), wip_limit.value if limited.value else None,
               seed.value)
        try:
            board = board_for(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last valid "
                                       "board.")
            chart.stale = True
            return
        message.value = ""
        chart.stale = False
        state["good"] = key
        m = board.metrics()
        wip, through = m["Average WIP (items)"], m["Throughput (items per day)"]
        cycle = m["Average cycle time (days)"]
        frame = {"Average WIP (items)": wip, "Throughput (items a day)": through,
                 "Average cycle time (days), measured": cycle,
                 "Items finished": m["Items finished"]}
        metrics.value = tables.show(
            _series(frame, "Whole run"), decimals=2).to_html()
        if through > 0:
            law = flow.littles_law(wip=wip, throughput=through)
            gap = ("" if math.isnan(cycle) else
                   f" Measured on the items finished: {cycle:.1f} days (items still in "
                   "progress count in the WIP, not among the finished).")
            check = (f"Little's law: WIP / throughput = {wip:.2f} / {through:.2f} = "
                     f"<b>{law:.1f} days</b> of average cycle time.{gap}")
        else:
            check = ("Little's law cannot be checked: nothing finished, so there is no "
                     "throughput to divide by.")
        where = ("no WIP limit" if key[1] is None else f"a WIP limit of {key[1]}")
        summary.value = note_html(f"With {where}: average WIP <b>{wip:.1f} items</b>, "
                                  f"throughput <b>{through:.2f} items a day</b>. {check}")

        built = []
        top = flow_axis_top(key[0])
        arrived = int(board.daily["Arrived"].sum())

        def build():
            built.append(key)
            return flow_charts.cumulative_flow_chart(board, ymax=max(top, arrived))

        # One drawing per axis height, which follows the arrival rate: another seed or
        # WIP limit redraws only the bands, the note and the title over it.
        if arrived <= top:
            chart.show(top, build)
        else:  # a run far above its rate's expectation: an axis of its own
            chart.draw(build)
        if not built and not chart.refresh(
                lambda fig: flow_charts.update_cumulative_flow(fig, board)):
            chart.draw(build)
        draw_comparison()

    for control in (arrivals, limited, wip_limit, seed):
        control.observe(update, names="value")
    views.observe(draw_comparison, names="selected_index")
    update()
    about_box.value = about
    boxes = w.HBox([wip_limit, seed], layout=w.Layout(flex_flow="row wrap", grid_gap="0 8px"))
    controls = [arrivals, limited, boxes, message, summary]
    tool = Tool("Kanban flow and Little's law", [columns(controls, [views])])
    tool.arrivals, tool.limited, tool.wip_limit, tool.seed = arrivals, limited, wip_limit, seed
    tool.message, tool.summary, tool.metrics = message, summary, metrics
    tool.comparison, tool.chart, tool.views = comparison, chart, views
    return tool


def flow_axis_top(arrivals_per_day: float) -> int:
    """The top of the cumulative flow chart's item axis for an arrival rate: the
    expected arrivals over :data:`BOARD_DAYS` days plus four standard deviations
    (Poisson: the square root of the mean), rounded up to a multiple of 50. Runs
    with other seeds and limits almost always fit under it, so they are drawn over
    the same axes.

    Examples
    --------
    >>> flow_axis_top(1.8), flow_axis_top(0.5)
    (300, 100)
    """
    expected = arrivals_per_day * BOARD_DAYS
    return int(math.ceil((expected + 4 * math.sqrt(expected)) / 50) * 50)


def _series(values: dict, name: str) -> pd.DataFrame:
    frame = pd.DataFrame({name: list(values.values())}, index=list(values))
    frame.index.name = "Measure"
    return frame


# --------------------------------------------------------------------------
# 6. Delivery at the end or in increments (a teaching model)
# --------------------------------------------------------------------------

TRADEOFF_WEEKS = 52


def tradeoff_tool() -> Tool:
    """The teaching model of :func:`implcourse.methods.tradeoff.delivery_tradeoff`:
    change rate, increment length and release overhead in; work delivered,
    reworked and spent on releases out, over a year of 52 weeks.

    Its numbers are synthetic and show the shape of the argument under the
    model's stated assumptions, not evidence; the tool says so. Only the
    chart's lines move when a slider does. An overhead longer than an
    increment is explained and the last good result stays.

    Examples
    --------
    >>> tool = tradeoff_tool()
    >>> "teaching model" in tool.note.value
    True
    >>> tool.increment.value = 1
    >>> tool.overhead.value = 2
    >>> "Release overhead (weeks)" in tool.message.value
    True
    """
    change = w.FloatSlider(value=0.05, min=0, max=0.3, step=0.01,
                           description="Change (per month)", readout_format=".0%",
                           continuous_update=False, style={"description_width": "initial"},
                           layout=full_width())
    increment = w.IntSlider(value=4, min=1, max=26, description="Increment (weeks)",
                            continuous_update=False, style={"description_width": "initial"},
                            layout=full_width())
    overhead = w.FloatSlider(value=0.5, min=0, max=4, step=0.25,
                             description="Release overhead (weeks)", readout_format=".2f",
                             continuous_update=False, style={"description_width": "initial"},
                             layout=full_width())
    note = w.HTML(_small(
        "<b>A teaching model, not evidence.</b> One team builds one work unit a week for "
        f"{TRADEOFF_WEEKS} weeks; each month the change rate invalidates that share of the "
        "work built but not yet delivered (it is reworked); every release costs the "
        "overhead in team-weeks. Synthetic numbers: they show the shape of the trade-off "
        "under these assumptions only."))
    message = w.HTML()
    summary = w.HTML()
    figures = w.HTML()
    chart = LiveChart()
    # The chart is the main result; the figures behind it have a tab of their own, so
    # the table never squeezes into the controls' column.
    views = w.Tab(children=[chart.widget, figures], titles=["Chart", "Figures"])
    runs = _memo(64)

    def summary_html(result) -> str:
        s = result.summary
        parts = []
        for name in tradeoff.APPROACHES:
            row = s.loc[name]
            parts.append(f"{html.escape(str(name))}: <b>{row['Delivered (work units)']:.1f}"
                         f"</b> delivered, {row['Rework (work units)']:.1f} reworked, first "
                         f"in week {int(row['First delivery (week)'])}")
        return note_html("Work units over the year. " + "; ".join(parts) + ".")

    def update(_=None):
        key = (round(change.value, 6), increment.value, overhead.value)
        try:
            result = runs(key, lambda: tradeoff.delivery_tradeoff(TRADEOFF_WEEKS, *key))
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last valid "
                                       "settings.")
            chart.stale = True
            figures.add_class("implcourse-stale")
            summary.add_class("implcourse-stale")
            return
        message.value = ""
        chart.stale = False
        figures.remove_class("implcourse-stale")
        summary.remove_class("implcourse-stale")
        frame = result.summary.T
        frame.index.name = "Model result"
        figures.value = tables.show(frame, decimals=1).to_html()
        summary.value = summary_html(result)
        if not chart.refresh(lambda fig: flow_charts.update_tradeoff(fig, result)):
            chart.draw(lambda: flow_charts.tradeoff_chart(result))

    for control in (change, increment, overhead):
        control.observe(update, names="value")
    update()
    controls = [change, increment, overhead, message, summary, note]
    tool = Tool("Delivery at the end or in increments (model)",
                [columns(controls, [views])])
    tool.change, tool.increment, tool.overhead = change, increment, overhead
    tool.summary, tool.views = summary, views
    tool.note, tool.message, tool.figures, tool.chart = note, message, figures, chart
    return tool

