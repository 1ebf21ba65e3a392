"""Views of Lesson 07, stakeholders and roles: the power/interest grid and the RACI checker.

Each view wires its controls to :mod:`implcourse.stakeholders` and shows the
result; the charts come from :mod:`implcourse.plots.stakeholders`. The
register and the RACI are the ERP case's synthetic data (see
``datasets/stakeholders/README.md``).

* :func:`grid_tool` moves one stakeholder on the power/interest grid
  (:func:`~implcourse.stakeholders.register.stakeholder_grid`) and redraws
  only the chart's live artists (the points, their labels and the ring,
  :func:`~implcourse.plots.stakeholders.update_power_interest_grid`); a tab
  shows the engagement assessment matrix.
* :func:`raci_tool` is a small editable RACI, one drop-down per cell, checked
  by :func:`~implcourse.stakeholders.raci.check_raci` on every change; each
  drop-down takes the colour of its letter, as in
  :func:`~implcourse.plots.stakeholders.raci_chart`.

Bad input never raises: a message names the problem, and the last good
result stays on screen, greyed.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as w

from .. import tables
from ..plots import stakeholders as charts
from ..stakeholders import raci
from ..stakeholders.raci import short_labels  # noqa: F401  (kept here for the tools' users)
from ..stakeholders import register as reg
from .charts import LiveChart
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["grid_tool", "raci_tool", "short_labels", "STRATEGY_WORDS"]

_WIDE = {"description_width": "initial"}
_STALE = "implcourse-stale"

#: What each strategy of the power/interest grid asks of the project, in words.
STRATEGY_WORDS = {
    "manage closely": "involve them in the decisions that touch them and meet them often",
    "keep satisfied": "meet their needs and consult them where it matters to them, without "
                      "burying them in detail",
    "keep informed": "give them regular news and listen to their concerns",
    "monitor": "a light touch: watch for a change in their power or interest",
}


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
    return f'<div class="implcourse-caption"><i>{html.escape(text)}</i></div>'


def _stale(widgets, value: bool) -> None:
    for widget in widgets:
        if value:
            widget.add_class(_STALE)
        else:
            widget.remove_class(_STALE)


def _scroll(widget: w.Widget, height: str) -> w.Widget:
    """A long table or list in a box that scrolls up and down, never sideways."""
    widget.layout = w.Layout(max_height=height, overflow="hidden auto")
    return widget


# --------------------------------------------------------------------------
# 1. Power/interest grid
# --------------------------------------------------------------------------

def _engagement_html() -> str:
    """The engagement assessment matrix with each stakeholder's move, as a table."""
    matrix = reg.engagement_matrix()
    gaps = reg.engagement_gaps(include_aligned=True).set_index("name")
    moves = []
    for name in matrix.index:
        gap = int(gaps.loc[name, "gap"])
        moves.append("stays" if gap == 0 else
                     f"{'up' if gap > 0 else 'down'} {abs(gap)} level{'s' if abs(gap) > 1 else ''}")
    matrix["Move"] = moves
    return ("<div style='font-size:0.9em'>"
            + tables.show(matrix).to_html()
            + _caption("C marks the current engagement, D the desired one (PMBOK Guide 6th "
                       "ed., 13.2.2.5). The register is synthetic: the ERP case of the "
                       "course.")
            + "</div>")


def grid_tool() -> Tool:
    """The power/interest grid of the ERP case: move a stakeholder and see the strategy.

    Choose a stakeholder and move their power and interest with the sliders
    (whole scores from 1 to 10; a score of 6 or more counts as high): the grid
    moves only that point, and the text says the quadrant, the strategy and
    what it asks of the project, beside the stakeholder's stake and engagement.
    Moves are kept per stakeholder until *Put everyone back*. The tab
    *Engagement assessment* shows the matrix of current (C) and desired (D)
    engagement.

    Examples
    --------
    >>> tool = grid_tool()
    >>> tool.who.value = "house_bank"
    >>> tool.power.value, tool.interest.value = 8, 9
    >>> "manage closely" in tool.place.value
    True
    >>> "Selected: House bank at power 8, interest 9: manage closely." in tool.chart.caption.value
    True
    """
    register = reg.load_register()
    by_id = {p.id: p for p in register}
    threshold = reg.DEFAULT_THRESHOLD
    who = w.Dropdown(options=[(p.name, p.id) for p in register], value=register[0].id,
                     tooltip="Stakeholder", layout=full_width())
    power = w.IntSlider(min=reg.SCORE_MIN, max=reg.SCORE_MAX, value=register[0].power,
                        description="Power (1-10)", continuous_update=False, style=_WIDE,
                        layout=full_width())
    interest = w.IntSlider(min=reg.SCORE_MIN, max=reg.SCORE_MAX, value=register[0].interest,
                           description="Interest (1-10)", continuous_update=False,
                           style=_WIDE, layout=full_width())
    reset = w.Button(description="Put everyone back", icon="undo",
                     layout=w.Layout(width="auto"))
    message = w.HTML()
    place = w.HTML()
    chart = LiveChart()
    # Fit a projected screen at 150 % zoom: the chart at most 38 % of its height, and
    # its text alternative in a few lines that scroll.
    chart.image.layout.max_height = "38vh"
    chart.caption.layout = w.Layout(max_height="2.3em", overflow="hidden auto")
    matrix = w.HTML()
    state = {"moves": {}, "loading": False, "table": None}
    grids = _Memo(lambda key: reg.stakeholder_grid(moves=dict(key)))

    def sliders_to(person_id: str) -> None:
        person = by_id[person_id]
        state["loading"] = True
        try:
            power.value, interest.value = state["moves"].get(person_id,
                                                             (person.power, person.interest))
        finally:  # never stuck in "loading"
            state["loading"] = False

    def draw(table) -> None:
        def build():
            return charts.power_interest_grid(table, highlight=who.value)

        if chart.current is None or not chart.refresh(
                lambda fig: charts.update_power_interest_grid(fig, table, who.value)):
            chart.draw(build)

    def describe(table) -> None:
        person = by_id[who.value]
        row = table.loc[who.value]
        strategy = row["strategy"]
        moved = (f" (the register says power {person.power}, interest {person.interest})"
                 if row["moved"] else "")
        levels = reg.ENGAGEMENT_LEVELS
        gap = levels.index(person.desired) - levels.index(person.current)
        engagement = (f"now <b>{person.current}</b>, desired <b>{person.desired}</b>"
                      + ("" if gap == 0 else
                         f" ({'up' if gap > 0 else 'down'} {abs(gap)} "
                         f"level{'s' if abs(gap) > 1 else ''})"))
        others = [by_id[k].name for k in state["moves"] if k != who.value]
        also = (f"<br><i>Also moved: {html.escape(', '.join(others))}.</i>" if others else "")
        place.value = note_html(
            f"<b>{html.escape(person.name)}</b> at power {row['power']:g}, interest "
            f"{row['interest']:g}{html.escape(moved)}: {html.escape(row['quadrant'])}, so "
            f"<b>{html.escape(strategy)}</b>: {html.escape(STRATEGY_WORDS[strategy])}."
            f"<br>Stake: {html.escape(person.stake)}<br>Engagement: {engagement}.{also}")

    def update(_=None) -> None:
        if state["loading"]:
            return
        moves = dict(state["moves"])
        person = by_id[who.value]
        if (power.value, interest.value) == (person.power, person.interest):
            moves.pop(who.value, None)
        else:
            moves[who.value] = (power.value, interest.value)
        key = tuple(sorted(moves.items()))
        try:
            table = grids(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The grid still shows the last good scores.")
            chart.stale = True
            _stale([place], True)
            return
        message.value = ""
        chart.stale = False
        _stale([place], False)
        state["moves"], state["table"] = moves, table
        draw(table)
        describe(table)

    def on_who(_=None) -> None:
        sliders_to(who.value)
        update()

    def on_reset(_=None) -> None:
        state["moves"] = {}
        sliders_to(who.value)
        update()

    def on_tab(_=None) -> None:
        if tabs.selected_index == 1 and not matrix.value:
            matrix.value = _engagement_html()

    who.observe(on_who, names="value")
    power.observe(update, names="value")
    interest.observe(update, names="value")
    reset.on_click(on_reset)
    # The stakeholder's text scrolls in a short box, so the tool fits a projected screen
    # at 150 % zoom; the strategy comes first.
    controls = [w.HTML("Stakeholder"), who, power, interest, message, _scroll(place, "20vh"),
                reset]
    source = w.HTML(_caption(f"Scores are the project team's judgement, 1 to 10; from "
                             f"{threshold} up a score counts as high (on the line too). "
                             "Mendelow's grid (1991); synthetic register."))
    row = columns(controls, [chart.widget, source])
    tabs = w.Tab(children=[row, _scroll(matrix, "60vh")],
                 titles=["Power/interest grid", "Engagement assessment"])
    tabs.observe(on_tab, names="selected_index")
    update()
    tool = Tool("Power/interest grid", [tabs])
    tool.who, tool.power, tool.interest, tool.reset = who, power, interest, reset
    tool.message, tool.place, tool.chart, tool.matrix, tool.tabs = (message, place, chart,
                                                                    matrix, tabs)
    tool.moves = lambda: dict(state["moves"])
    tool.grid = lambda: state["table"]
    return tool


# --------------------------------------------------------------------------
# 2. RACI checker
# --------------------------------------------------------------------------

#: The letters a cell may take ("" for no part).
_CELL_OPTIONS = (("–", ""), ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I"))
_STARTS = (("The ERP RACI", "erp"), ("The broken draft", "broken"), ("An empty matrix", "empty"))




def _verdict_html(check: raci.RaciCheck) -> str:
    rows = len(check.table)
    broken = check.broken_rows()
    if check.ok:
        head = note_html(f"&#10004; <b>All {rows} rows pass</b>: each has exactly one A and at "
                         "least one R.", good=True)
    else:
        items = "".join(f"<li>{html.escape(v.message, quote=False)}</li>"
                        for v in check.violations)
        verb = "breaks" if len(broken) == 1 else "break"
        head = note_html(f"&#10008; <b>{len(broken)} of {rows} rows {verb} a rule</b> "
                         f"({len(check.violations)} problem{'s' if len(check.violations) > 1 else ''}):"
                         f"<ul style='margin:2px 0;padding-left:1.2em'>{items}</ul>", good=False)
    if check.warnings:
        items = "".join(f"<li>{html.escape(v.message, quote=False)}</li>"
                        for v in check.warnings)
        head += note_html(f"<b>Advice</b> ({len(check.warnings)}), not a broken rule:"
                          f"<ul style='margin:2px 0;padding-left:1.2em'>{items}</ul>")
    return head


def _cell_style() -> str:
    """CSS that colours each cell's drop-down by its letter, as in the RACI chart
    (:data:`implcourse.plots.stakeholders.RACI_COLOURS`, Okabe-Ito colours)."""
    rules = []
    for letter, (face, ink) in charts.RACI_COLOURS.items():
        if letter in {value for _, value in _CELL_OPTIONS}:
            name = _RACI_CLASS + (letter or "none")
            rules.append(f".{name} select {{background-color:{face} !important;"
                         f"color:{ink} !important;font-weight:bold;padding:0 2px !important}}")
    return "<style>" + "".join(rules) + "</style>"


_RACI_CLASS = "implcourse-raci-"


def _colour(dropdown: w.Dropdown) -> None:
    """Give a cell's drop-down the class of its letter (and only that one)."""
    wanted = _RACI_CLASS + (dropdown.value or "none")
    for name in list(dropdown._dom_classes):
        if name.startswith(_RACI_CLASS) and name != wanted:
            dropdown.remove_class(name)
    if wanted not in dropdown._dom_classes:
        dropdown.add_class(wanted)


def raci_tool() -> Tool:
    """An editable RACI of the ERP case's main deliverables, checked on every change.

    One drop-down per cell (–, R, A, C, I), coloured by its letter:
    deliverables in the rows, roles in the columns under short labels (the
    legend is under the grid, and each label names its role on hover). Start
    from the ERP case's RACI, the broken draft of the lesson or an empty
    matrix. Beside it, the checker's verdict: the rows that break a rule
    (exactly one A, at least one R per row) with the reason in words, and its
    advice (idle roles, rows that consult many). Broken rows are marked in the
    grid. The grid scrolls up and down, never sideways.

    Examples
    --------
    >>> tool = raci_tool()
    >>> tool.start.value = "erp"
    >>> "All 12 rows pass" in tool.verdict.value
    True
    >>> tool.cells["Solution design", "Business process owner"].value = "A"
    >>> "Row 'Solution design' has 2 Accountable roles" in tool.verdict.value
    True
    """
    starts = {"erp": raci.erp_raci(), "broken": raci.broken_raci()}
    roles = list(starts["erp"].columns)
    rows = list(starts["erp"].index)
    short = short_labels(roles)
    cells: dict[tuple[str, str], w.Dropdown] = {}
    labels: dict[str, w.HTML] = {}
    grid_items: list[w.Widget] = [w.HTML("<b>Deliverable</b>")]
    grid_items += [w.HTML(f"<b><abbr title='{html.escape(r)}'>{html.escape(short[r])}</abbr>"
                          "</b>", layout=w.Layout(justify_content="center"))
                   for r in roles]
    for row in rows:
        labels[row] = w.HTML(_row_label(row, False))
        grid_items.append(labels[row])
        for role in roles:
            cells[row, role] = w.Dropdown(options=_CELL_OPTIONS, value="",
                                          tooltip=f"{row}: {role}",
                                          layout=w.Layout(width="100%", margin="0"))
            grid_items.append(cells[row, role])
    grid = w.GridBox(grid_items, layout=w.Layout(
        grid_template_columns=f"minmax(6.5em, 1fr) repeat({len(roles)}, minmax(2.6em, 3.1em))",
        grid_gap="2px 3px", align_items="center", width="100%"))
    frame = _scroll(w.VBox([grid]), "46vh")
    legend = w.HTML(_cell_style() + _caption(" · ".join(f"{short[r]} {r}" for r in roles)
                                             + "."))
    about = w.HTML(_caption("R responsible (does the work), A accountable (answers for it, "
                            "signs it off), C consulted, I informed, – no part. The ERP case "
                            "is synthetic: one sensible RACI among several."))
    start = w.ToggleButtons(options=_STARTS, value="broken", tooltip="Start from",
                            style={"button_width": "auto"})
    message = w.HTML()
    verdict = w.HTML()
    state = {"loading": False, "key": None, "check": None}

    def key_now() -> tuple:
        return tuple(cells[row, role].value for row in rows for role in roles)

    def matrix_of(key: tuple) -> dict[str, dict[str, str]]:
        values = iter(key)
        return {row: {role: next(values) for role in roles} for row in rows}

    checks = _Memo(lambda key: raci.check_raci(matrix_of(key)))
    verdicts = _Memo(lambda key: _verdict_html(checks(key)))

    def mark(check: raci.RaciCheck) -> None:
        broken = set(check.broken_rows())
        for row, label in labels.items():
            text = _row_label(row, row in broken)
            if label.value != text:
                label.value = text

    def update(change=None) -> None:
        if change is not None and isinstance(change.get("owner"), w.Dropdown):
            _colour(change["owner"])
        if state["loading"]:
            return
        key = key_now()
        try:
            check = checks(key)
            page = verdicts(key)
        except (TypeError, ValueError) as err:
            message.value = error_html(f"{err}. The verdict still shows the last good "
                                       "matrix.")
            _stale([verdict], True)
            return
        message.value = ""
        _stale([verdict], False)
        state["key"], state["check"] = key, check
        verdict.value = page
        mark(check)

    def load(_=None) -> None:
        source = starts.get(start.value)
        state["loading"] = True
        try:
            for row in rows:
                for role in roles:
                    cells[row, role].value = "" if source is None else source.loc[row, role]
        finally:  # never stuck in "loading"
            state["loading"] = False
        update()

    for dropdown in cells.values():
        _colour(dropdown)
        dropdown.observe(update, names="value")
    start.observe(load, names="value")
    controls = [start, message, frame, legend]
    row = columns(controls, [_scroll(verdict, "50vh"), about])
    row.children[0].layout.flex = "1 1 34em"
    row.children[0].layout.min_width = "20em"
    row.children[1].layout.flex = "1 1 15em"
    row.children[1].layout.min_width = "13em"
    load()
    tool = Tool("RACI checker", [row])
    tool.start, tool.cells, tool.row_labels = start, cells, labels
    tool.message, tool.verdict, tool.legend, tool.about = message, verdict, legend, about
    tool.roles, tool.rows, tool.short = roles, rows, short
    tool.check = lambda: state["check"]
    return tool


def _row_label(row: str, broken: bool) -> str:
    if broken:
        return (f"<span style='font-size:0.88em;color:#a35200'><b>&#10008; "
                f"{html.escape(row)}</b></span>")
    return f"<span style='font-size:0.88em'>{html.escape(row)}</span>"
