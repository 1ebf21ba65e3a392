"""Views of Lesson 08: the partner comparison, partner scoring with its
sensitivity, and the knowledge-transfer plan.

Each view only wires its controls to :mod:`implcourse.partners` (the
profiles, the scoring model and its sensitivity, the knowledge-transfer plan
and the lock-in risks) and to the charts of :mod:`implcourse.plots.partners`;
every figure is computed there. The ratings are the course's reading of seed
002's matrix, a teaching model; the knowledge-transfer plan is a synthetic
example for the ERP case.

The scoring chart is drawn once per order of the partners and remembered
(:meth:`~implcourse.widgets.charts.LiveChart.show`); a new weight or rating
that keeps the order only moves its bars
(:func:`~implcourse.plots.partners.update_partner_scores_chart`). Bad input
shows a message naming the field, and the last good result stays, greyed.
"""

from __future__ import annotations

import html
import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w
import pandas as pd

from .. import tables
from ..partners import profiles, scoring, working
from ..plots import partners as charts
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["comparison_tool", "scoring_tool", "kt_tool"]

_WIDE = {"description_width": "initial"}
_STALE = "implcourse-stale"
_MODEL = ("<i>The ratings are the course's reading of the source's comparison matrix "
          "(a teaching model, 5 best for the client), not measurements.</i>")


class _Memo:
    """The last few results of a computation, by their inputs."""

    def __init__(self, compute: Callable[[Hashable], object], size: int = 64) -> None:
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
    return f'<div class="implcourse-caption">{text}</div>'


def _stale(widgets, value: bool) -> None:
    for widget in widgets:
        if value:
            widget.add_class(_STALE)
        else:
            widget.remove_class(_STALE)


def _scroll(widget: w.Widget, height: str = "48vh") -> w.Widget:
    """A long table or text in a box that scrolls inside the tool."""
    widget.layout = w.Layout(max_height=height, overflow="auto")
    return widget


# --------------------------------------------------------------------------
# 1. Partner comparison
# --------------------------------------------------------------------------

#: The highlight of a column (a partner type) or a row (an aspect) of the table.
#: Each tool's table has its own class, so that two tools on a page do not share it.
_HIGHLIGHT = ("<style>.{box} .{cls} {{background:#fff2b3 !important;"
              "font-weight:600}}</style>")
_TOOLS = itertools.count(1)


#: Short slider labels for the aspects (the full names are in the chart's legend).
_SHORT_ASPECT = {"scope_of_services": "Scope", "resource_availability": "Resources",
                 "cost_structure": "Cost", "implementation_speed": "Speed",
                 "risk_profile": "Risk", "innovation_capability": "Innovation"}

#: Short column heads for the ratings grid (the full names are in the highlight menu).
_SHORT_TYPE = {"large_system_integrator": "Large SI", "boutique_specialist": "Boutique",
               "technology_vendor_partner": "Vendor", "independent_consultant": "Independent",
               "offshore_nearshore_partner": "Off-/near-shore"}


def _comparison_html(numbers: bool, highlight: str, box: str = "implcourse-pcmp") -> str:
    """The comparison table (aspects as rows, types as columns), one row or column
    highlighted: ``highlight`` is "", "aspect:<id>" or "type:<id>"; ``box`` is the
    class of the tool's table (the highlight's CSS names it)."""
    if numbers:
        # The ratings as a compact grid that fits beside the controls at 150 % zoom;
        # the texts behind each rating are in the highlight panel.
        grid = profiles.ratings_matrix().T
        grid.index = [profiles.get_aspect(a).name for a in grid.index]
        grid.columns = [_SHORT_TYPE.get(t, profiles.get_partner_type(t).name)
                        for t in grid.columns]
        grid.index.name = "Aspect"
        table = grid
    else:
        # The texts, one line per type and aspect: long, but never wider than the column.
        table = pd.DataFrame(
            [{"Partner type": t.name, "Aspect": a.name, "What the source says": t.text(a.id)}
             for t in profiles.partner_types() for a in profiles.aspects()])
        return (f'<div class="implcourse-pcmp {box}">'
                f"{tables.show(table, index=False).to_html()}</div>")
    style = ""
    if highlight.startswith("aspect:"):
        row = profiles.aspect_ids().index(highlight.split(":", 1)[1])
        style = _HIGHLIGHT.format(box=box, cls=f"row{row}")
    elif highlight.startswith("type:"):
        col = profiles.partner_ids().index(highlight.split(":", 1)[1])
        style = _HIGHLIGHT.format(box=box, cls=f"col{col}")
    return (f'{style}<div class="implcourse-pcmp {box}">'
            f"{tables.show(table).to_html()}</div>")


def _focus_html(highlight: str) -> str:
    """What the highlighted aspect asks, or what the highlighted type is, in words."""
    if highlight.startswith("aspect:"):
        a = profiles.get_aspect(highlight.split(":", 1)[1])
        ranked = sorted(profiles.partner_types(), key=lambda p: -p.rating(a.id))
        rows = "".join(f"<tr><td>{html.escape(p.name)}</td><td class='num'>"
                       f"{p.rating(a.id)} of 5</td><td>{html.escape(p.text(a.id))}</td></tr>"
                       for p in ranked)
        return note_html(f"<b>{html.escape(a.name)}:</b> {html.escape(a.question)}<br>"
                         f"<b>5</b> means: {html.escape(a.five_means)} <b>1</b> means: "
                         f"{html.escape(a.one_means)}") + f"<table>{rows}</table>"
    if highlight.startswith("type:"):
        p = profiles.get_partner_type(highlight.split(":", 1)[1])
        rows = "".join(f"<tr><td>{html.escape(a.name)}</td><td class='num'>"
                       f"{p.rating(a.id)} of 5</td><td>{html.escape(p.text(a.id))}</td></tr>"
                       for a in profiles.aspects())
        also = (f" Also called: {html.escape(', '.join(p.also_called))}."
                if p.also_called else "")
        return note_html(f"<b>{html.escape(p.name)}.</b> {html.escape(p.summary)}{also}<br>"
                         f"<b>Typical fit:</b> {html.escape(p.typical_fit)}") + \
            f"<table>{rows}</table>"
    return note_html("Choose an aspect or a partner type to highlight its row or column "
                     "and read it in full.")


def _brings_html() -> str:
    """What a partner brings and how it works: capabilities, the process, benefits."""
    benefits = pd.DataFrame([{"Benefit": b.name, "What it means": b.what}
                             for b in profiles.benefits()]).set_index("Benefit")
    return ("<b>What a partner brings</b>" + tables.show(profiles.capabilities_table()).to_html()
            + "<b>How a partner works</b>" + tables.show(profiles.process_table()).to_html()
            + "<b>Benefits</b>" + tables.show(benefits).to_html())


def comparison_tool() -> Tool:
    """The five partner types on six aspects, with one aspect or type highlighted,
    and what a partner brings and when to use one in further tabs.

    The table is :func:`implcourse.partners.profiles.comparison_table`; the
    selector highlights a row (an aspect) or a column (a partner type) and
    shows it in full beside the controls, types ranked on an aspect by the
    course's rating. The tabs "What a partner brings" and "When to use one"
    are drawn when first opened.

    Examples
    --------
    >>> tool = comparison_tool()
    >>> tool.highlight.value = "type:boutique_specialist"
    >>> "Boutique specialist." in tool.focus.value and f".{tool.box} .col1 " in tool.table.value
    True
    >>> tool.numbers.value = False
    >>> "(5 of 5)" in tool.table.value
    False
    """
    options = [("(nothing)", "")]
    options += [(f"Aspect: {a.name}", f"aspect:{a.id}") for a in profiles.aspects()]
    options += [(f"Type: {p.name}", f"type:{p.id}") for p in profiles.partner_types()]
    highlight = w.Dropdown(options=options, value="", description="Highlight", style=_WIDE,
                           layout=full_width())
    numbers = w.Checkbox(value=True, description="Ratings grid (untick for the texts)", indent=False)
    focus = w.HTML()
    table = w.HTML()
    brings = w.HTML()
    when = w.HTML()
    # The grid needs the tool's whole width at 150 % zoom: the two controls sit on
    # one line above it, and the highlighted row or column reads in full under it.
    views = w.Tab(children=[_scroll(w.VBox([table, focus, w.HTML(_caption(_MODEL))]), "40vh"),
                            _scroll(w.VBox([brings]), "40vh"), _scroll(w.VBox([when]), "40vh")],
                  titles=["Comparison", "What a partner brings", "When to use one"])
    box = f"implcourse-pcmp{next(_TOOLS)}"
    memo = _Memo(lambda key: _comparison_html(*key, box=box), size=32)

    def update(_=None) -> None:
        table.value = memo((numbers.value, highlight.value))
        focus.value = _focus_html(highlight.value)
        if views.selected_index == 1 and not brings.value:
            brings.value = _brings_html()
        if views.selected_index == 2 and not when.value:
            when.value = (tables.show(profiles.when_to_use(), index=False).to_html()
                          + _caption("When to bring in a partner, and when not: the "
                                     "course's synthesis of seed 002, reworded."))

    for control in (highlight, numbers):
        control.observe(update, names="value")
    views.observe(update, names="selected_index")
    update()
    highlight.layout = w.Layout(width="28em", max_width="100%", margin="2px 1em 2px 0")
    top = w.Box([highlight, numbers], layout=w.Layout(flex_flow="row wrap",
                                                      align_items="center"))
    tool = Tool("Partner comparison", [top, views])
    tool.highlight, tool.numbers, tool.focus, tool.table = highlight, numbers, focus, table
    tool.brings, tool.when, tool.views, tool.box = brings, when, views, box
    return tool


# --------------------------------------------------------------------------
# 2. Partner scoring with sensitivity
# --------------------------------------------------------------------------

def _rating_options(partner: str, aspect: str) -> list[tuple[str, int]]:
    course = profiles.get_partner_type(partner).rating(aspect)
    return [(f"Course's rating ({course})", 0)] + [(str(r), r) for r in range(1, 6)]


def scoring_tool(weights: dict | None = None) -> Tool:
    """Set a weight per aspect, override ratings, and see the partner types ranked,
    who wins, and how far each weight may move before the winner changes.

    A teaching model (:func:`implcourse.partners.scoring.score_partners` and
    :func:`~implcourse.partners.scoring.weight_sensitivity`). The weights
    (0 to 10, only their ratios matter) and a preset menu sit in one tab of
    the controls, the override (partner, aspect, rating) in another. The
    ranked chart is drawn once per order of the partners and its bars then
    move; the sensitivity, in words and as a chart, is a second tab drawn
    when opened. All weights at zero shows a message naming the weights, and
    the last good result stays (greyed).

    Parameters
    ----------
    weights : dict, optional
        Aspect id -> starting weight; the default preset (every aspect 1).

    Examples
    --------
    >>> tool = scoring_tool()
    >>> "Large system integrator" in tool.winner.value
    True
    >>> tool.weights["cost_structure"].value = 4
    >>> "Offshore or nearshore partner" in tool.chart.figure.alt.split(":")[1][:40]
    True
    >>> for slider in tool.weights.values():
    ...     slider.value = 0
    >>> "The weights cannot all be zero" in tool.message.value
    True
    """
    start = scoring.default_weights() if weights is None else dict(weights)
    # Short labels leave the slider tracks room at 150 % zoom; the chart's legend and
    # the tooltips give the full names.
    labels = {a.id: _SHORT_ASPECT.get(a.id, a.name) for a in profiles.aspects()}
    names = {a.id: a.name for a in profiles.aspects()}
    sliders = {a: w.FloatSlider(value=float(start.get(a, 0)), min=0, max=10, step=0.5,
                                description=labels[a], readout_format=".1f",
                                tooltip=names[a], continuous_update=False,
                                style={"description_width": "6.5em"}, layout=full_width())
               for a in profiles.aspect_ids()}
    presets = scoring.weight_presets()
    preset = w.Dropdown(options=[("(your own weights)", "")] + [(p.name, k) for k, p in
                                                               presets.items()],
                        value="", description="Preset", style=_WIDE, layout=full_width())
    preset_note = w.HTML()
    partner = w.Dropdown(options=[(p.name, p.id) for p in profiles.partner_types()],
                         description="Partner", style=_WIDE, layout=full_width())
    aspect = w.Dropdown(options=[(a.name, a.id) for a in profiles.aspects()],
                        description="Aspect", style=_WIDE, layout=full_width())
    rating = w.Dropdown(options=_rating_options(partner.value, aspect.value), value=0,
                        description="Rating", style=_WIDE, layout=full_width())
    clear = w.Button(description="Clear all overrides")
    overridden = w.HTML()
    inputs = w.Tab(children=[w.VBox([preset, preset_note, *sliders.values(),
                                     w.HTML(_caption("Only the ratios of the weights "
                                                     "matter: they are divided by their "
                                                     "total."))]),
                             w.VBox([partner, aspect, rating, clear, overridden,
                                     w.HTML(_caption(_MODEL))])],
                   titles=["Weights", "Override a rating"])
    message = w.HTML()
    winner = w.HTML()
    chart = LiveChart()
    chart.image.layout.max_height = "34vh"
    explain = w.HTML()
    sens_words = w.HTML()
    sens_chart = LiveChart()
    sens_chart.image.layout.max_height = "38vh"
    chart.caption.layout = w.Layout(max_height="2.15em", overflow="hidden auto")
    views = w.Tab(children=[w.VBox([chart.widget, winner, explain]),
                            w.VBox([_scroll(sens_words, "24vh"), sens_chart.widget])],
                  titles=["Ranking", "Winner and sensitivity"])
    overrides: dict[str, dict[str, float]] = {}
    state = {"key": None, "batch": False}

    def compute(key):
        chosen, over = dict(key[0]), {}
        for p, a, r in key[1]:
            over.setdefault(p, {})[a] = r
        return (scoring.score_partners(chosen, over),
                scoring.weight_sensitivity(chosen, over))

    memo = _Memo(compute)

    def overrides_html() -> str:
        types = {p.id: p.name for p in profiles.partner_types()}
        items = [f"{html.escape(types[p])} on {html.escape(names[a].lower())}: {r:g} "
                 f"(course's {profiles.get_partner_type(p).rating(a)})"
                 for p, cells in overrides.items() for a, r in cells.items()]
        return _caption("<b>Your overrides:</b> " + ("; ".join(items) if items else "none"))

    def sensitivity_html(result, table: pd.DataFrame) -> str:
        rows = "".join(f"<tr><td><b>{html.escape(a)}</b></td><td>"
                       f"{html.escape(str(r['In words']))}</td></tr>"
                       for a, r in table.iterrows())
        return (note_html(f"<b>{html.escape(result.winner_name)}</b> wins by "
                          f"{result.margin:.2f} points. How far each aspect's share of the "
                          "weight may move, the others keeping their proportions, before "
                          "another partner leads:") + f"<table>{rows}</table>")

    def draw(_=None) -> None:
        if state["key"] is None:
            return
        result, table = memo(state["key"])
        if views.selected_index == 0:
            order = tuple(result.order)
            chart.show(order, lambda: charts.partner_scores_chart(result))
            chart.refresh(lambda fig: charts.update_partner_scores_chart(fig, result))
        else:
            sens_chart.show(state["key"], lambda: charts.sensitivity_chart(table))

    def update(_=None) -> None:
        if state["batch"]:
            return
        chosen = tuple((a, float(s.value)) for a, s in sliders.items())
        over = tuple(sorted((p, a, float(r)) for p, cells in overrides.items()
                            for a, r in cells.items()))
        key = (chosen, over)
        overridden.value = overrides_html()
        try:
            result, table = memo(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"Weights: {err}. The results still show the last "
                                       "good weights.")
            chart.stale = sens_chart.stale = True
            _stale([winner, explain, sens_words], True)
            return
        message.value = ""
        chart.stale = sens_chart.stale = False
        _stale([winner, explain, sens_words], False)
        state["key"] = key
        winner.value = note_html(f"<b>{html.escape(result.winner_name)}</b> ranks first "
                                 f"({result.scores[result.winner]:.2f} of 5, "
                                 f"{result.margin:.2f} ahead).", good=True)
        explain.value = ("<details><summary>Why this ranking</summary>"
                         + _caption(html.escape(result.normalisation)) + "<br>"
                         + _caption(html.escape(result.explanation)) + "</details>")
        sens_words.value = sensitivity_html(result, table)
        draw()

    def on_weight(_=None) -> None:
        if not state["batch"]:
            preset_note.value = ""
            state["batch"] = True
            try:
                preset.value = ""
            finally:  # never stuck in a batch
                state["batch"] = False
        update()

    def on_preset(change) -> None:
        if state["batch"]:
            return
        if not change["new"]:  # "your own weights": the preset's note no longer applies
            preset_note.value = ""
            return
        chosen = presets[change["new"]]
        state["batch"] = True
        try:
            for a, s in sliders.items():
                s.value = min(10.0, float(chosen.weights[a]) / 5
                              if max(chosen.weights.values()) > 10 else float(chosen.weights[a]))
        finally:  # never stuck in a batch
            state["batch"] = False
        preset_note.value = _caption(html.escape(chosen.situation)
                                     + (" (weights divided by 5 to fit the sliders; the "
                                        "ratios are the same)."
                                        if max(chosen.weights.values()) > 10 else ""))
        update()

    def on_cell(_=None) -> None:
        current = overrides.get(partner.value, {}).get(aspect.value, 0)
        state["batch"] = True
        try:
            rating.options = _rating_options(partner.value, aspect.value)
            rating.value = int(current)
        finally:  # never stuck in a batch
            state["batch"] = False

    def on_rating(change) -> None:
        if state["batch"]:
            return
        cells = overrides.setdefault(partner.value, {})
        if change["new"]:
            cells[aspect.value] = float(change["new"])
        else:
            cells.pop(aspect.value, None)
        if not cells:
            overrides.pop(partner.value)
        update()

    def on_clear(_=None) -> None:
        overrides.clear()
        on_cell()
        update()

    for s in sliders.values():
        s.observe(on_weight, names="value")
    preset.observe(on_preset, names="value")
    partner.observe(on_cell, names="value")
    aspect.observe(on_cell, names="value")
    rating.observe(on_rating, names="value")
    clear.on_click(on_clear)
    views.observe(draw, names="selected_index")
    update()
    tool = Tool("Partner scoring with sensitivity",
                [columns([inputs, message], [views])])
    tool.weights, tool.preset, tool.partner, tool.aspect = sliders, preset, partner, aspect
    tool.rating, tool.clear, tool.overrides, tool.overridden = rating, clear, overrides, \
        overridden
    tool.message, tool.winner, tool.chart, tool.explain = message, winner, chart, explain
    tool.sensitivity, tool.sensitivity_chart, tool.views, tool.inputs = sens_words, \
        sens_chart, views, inputs
    tool.memo, tool.preset_note = memo, preset_note
    return tool


# --------------------------------------------------------------------------
# 3. Knowledge-transfer plan
# --------------------------------------------------------------------------

def _methods_html() -> str:
    items = "".join(f"<li><b>{html.escape(k.replace('_', ' ').capitalize())}</b>: "
                    f"{html.escape(v)}</li>" for k, v in working.transfer_methods().items())
    return _caption(f"<ul>{items}</ul>")


def kt_tool() -> Tool:
    """Tick the exit criteria the client has shown to be met; see which are still open
    and whether the partner may leave, beside the plan and the lock-in risks.

    The plan is :func:`implcourse.partners.working.knowledge_transfer_plan` (a
    synthetic example for the ERP case) and the verdict
    :func:`~implcourse.partners.working.kt_readiness`; the lock-in risks and
    their mitigations (:func:`~implcourse.partners.working.lock_in_risks`) and
    the governance are further tabs.

    Examples
    --------
    >>> tool = kt_tool()
    >>> "0 of 7 exit criteria met" in tool.result.value
    True
    >>> for box in tool.evidence.values():
    ...     box.value = True
    >>> "the partner may leave" in tool.result.value
    True
    """
    plan = working.knowledge_transfer_plan()
    boxes = {i: w.Checkbox(value=False, description=row["Topic"], indent=False,
                           tooltip=row["Exit criterion"], layout=full_width())
             for i, row in plan.iterrows()}
    message = w.HTML()
    result = w.HTML()
    plan_html = w.HTML()
    risks_html = w.HTML()
    governance_html = w.HTML()
    views = w.Tab(children=[_scroll(w.VBox([result])), _scroll(w.VBox([plan_html])),
                            _scroll(w.VBox([risks_html])), _scroll(w.VBox([governance_html]))],
                  titles=["Exit criteria", "The plan", "Lock-in risks", "Governance"])
    memo = _Memo(lambda key: working.kt_readiness(dict(key)), size=128)

    def readiness_html(table: pd.DataFrame) -> str:
        met, total = table.attrs["met"], table.attrs["total"]
        if table.attrs["ready"]:
            head = note_html(f"<b>{met} of {total} exit criteria met</b>: the knowledge has "
                             "moved, and the partner may leave.", good=True)
        else:
            still = [html.escape(t) for t in table.loc[table["Met"] == "No", "Topic"]]
            head = note_html(f"<b>{met} of {total} exit criteria met</b>: the partner "
                             f"should not leave yet. Still open: {'; '.join(still)}.",
                             good=False)
        return head + tables.show(table[["Topic", "Exit criterion", "Met"]],
                                  index=False).to_html()

    def update(_=None) -> None:
        key = tuple((i, bool(box.value)) for i, box in boxes.items())
        try:
            table = memo(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The result still shows the last good "
                                       "evidence.")
            _stale([result], True)
            return
        message.value = ""
        _stale([result], False)
        result.value = readiness_html(table)
        index = views.selected_index
        if index == 1 and not plan_html.value:
            plan_html.value = (tables.show(plan, index=False).to_html()
                               + "<b>Transfer methods</b>" + _methods_html())
        elif index == 2 and not risks_html.value:
            risks_html.value = (tables.show(working.lock_in_risks(), index=False).to_html()
                                + _caption("Dependency and lock-in: seed 002 names them as "
                                           "risks of working with a partner; the signs and "
                                           "mitigations are the course's synthesis."))
        elif index == 3 and not governance_html.value:
            governance_html.value = ("<b>Joint governance</b>"
                                     + tables.show(working.governance()).to_html()
                                     + "<b>Escalation path</b>"
                                     + tables.show(working.escalation_levels()).to_html())

    for box in boxes.values():
        box.observe(update, names="value")
    views.observe(update, names="selected_index")
    update()
    ticks = w.VBox(list(boxes.values()))
    ticks.layout = w.Layout(max_height="34vh", overflow="hidden auto")  # fits at 150 %
    controls = [w.HTML("<b>Evidence shown</b>: tick each topic whose exit criterion the "
                       "client has shown to be met."),
                ticks, message,
                w.HTML(_caption("The plan is a synthetic example for the course's ERP "
                                "case."))]
    tool = Tool("Knowledge-transfer plan", [columns(controls, [views])])
    tool.evidence, tool.message, tool.result, tool.views = boxes, message, result, views
    tool.plan, tool.risks, tool.governance = plan_html, risks_html, governance_html
    return tool
