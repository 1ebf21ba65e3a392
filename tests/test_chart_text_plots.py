"""Charts with any text: names from a trainer's file or a learner's input are drawn
as written.

Matplotlib reads text between two ``$`` as a formula (mathtext): a task named
"Budget $5k review, then $2k" would be drawn as a formula, and one such as
"a $x^$ b" stops the drawing with a parse error. Every course chart is a
:class:`implcourse.plots._style.Chart`, which draws all its text as written
unless a text is marked as a formula with ``_style.math_text``.
"""

from __future__ import annotations

import inspect
import pkgutil

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import implcourse.plots as plots_package
from implcourse import business_case as bc
from implcourse import decision_tree as dt
from implcourse import estimating, montecarlo, schedule
from implcourse.plots import _style
from implcourse.plots import finance as finance_charts
from implcourse.plots import risk as risk_charts
from implcourse.plots.schedule import gantt
from implcourse.plots.stakeholders import power_interest_grid
from implcourse.stakeholders.register import stakeholder_grid

#: Each piece would break or change a chart if read as mathtext, or as HTML.
PIECES = ["Budget $5k", "a $x^$ b", "x_1^2", "back\\slash", "<b>bold</b>", "$$"]
HOSTILE = " ".join(PIECES)


def drawn_texts(fig) -> list[Text]:
    """Draw ``fig`` (as a notebook or a tool would) and return its texts."""
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(Text) if t.get_visible()]


def assert_literal(fig, *expected: str) -> None:
    """``fig`` draws, every text is drawn as written, and each of ``expected``
    appears literally in one of its texts."""
    texts = drawn_texts(fig)
    assert all(not t.get_parse_math() for t in texts)
    written = "\n".join(t.get_text() for t in texts)
    for text in expected:
        for piece in PIECES:
            if piece in text:
                assert piece in written, f"{piece!r} not drawn as written"


def test_mathtext_would_break_a_plain_figure():
    """The problem is real: without the course's Chart, such a label fails to draw."""
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().set_title("a $x^$ b")
    with pytest.raises(ValueError):
        FigureCanvasAgg(fig).draw()


def test_every_kind_of_text_of_a_chart_is_drawn_as_written():
    fig = _style.new_chart(12, 6)
    ax = fig.add_subplot()
    ax.barh(range(3), [1, 2, 3], label=HOSTILE)
    ax.set_yticks(range(3), labels=[HOSTILE, "plain", "$a$"])
    ax.set_xlabel(HOSTILE)
    ax.annotate(HOSTILE, (1, 1))
    ax.text(0, 0, HOSTILE)
    fig.suptitle(HOSTILE)
    _style.finish(ax, HOSTILE, legend="lower right")
    assert_literal(fig, HOSTILE)
    assert fig.png().startswith(b"\x89PNG")


def test_text_added_after_a_first_drawing_and_in_a_tool_is_drawn_as_written():
    fig = _style.new_chart(5, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    drawn_texts(fig)
    ax.set_title("a $x^$ b")  # made outside any course context, after a drawing
    with matplotlib.rc_context({"text.parse_math": True}):
        ax.set_xticks([0, 1], labels=["$y^$", "x_1^2"])
    assert_literal(fig, "a $x^$ b")
    with _style.for_tools():
        tool_fig = _style.new_chart(5, 3)
        tool_fig.add_subplot().set_title(HOSTILE)
    assert_literal(tool_fig, HOSTILE)


def test_a_chart_may_still_mark_a_formula():
    fig = _style.new_chart(4, 2)
    ax = fig.add_subplot()
    formula = _style.math_text(ax.text(0.1, 0.5, r"$\sigma^2 = \sum_i \sigma_i^2$"))
    ax.set_title("Budget $5k and $2k")
    drawn_texts(fig)
    assert formula.get_parse_math() and not ax.title.get_parse_math()


def test_every_chart_module_builds_its_figures_as_course_charts():
    """Every chart function makes its figure with ``_style.new_chart`` (a Chart,
    which draws text as written), never with matplotlib's Figure or pyplot."""
    for info in pkgutil.iter_modules(plots_package.__path__):
        if info.name == "_style":
            continue
        module = __import__(f"implcourse.plots.{info.name}", fromlist=["_"])
        source = inspect.getsource(module)
        assert "Figure(" not in source and "pyplot" not in source.replace(
            "not through ``pyplot``", ""), info.name


def test_gantt_draws_task_names_as_written():
    plan = schedule.Plan.from_records([
        {"id": "a", "name": HOSTILE, "duration": 3},
        {"id": "b", "name": "Review of the $ figures_2", "duration": 2, "depends_on": ["a"]},
    ])
    assert_literal(gantt(schedule.analyse(plan), title=HOSTILE), HOSTILE)


def test_decision_tree_draws_labels_and_unit_as_written():
    tree = dt.from_dict({"decision": HOSTILE, "options": [
        {"label": "Build $5k", "cost": 10, "node": {"chance": "x_1^2", "branches": [
            {"probability": 0.5, "node": {"outcome": "a $x^$ b", "value": 100}},
            {"probability": 0.5, "node": {"outcome": "<b>bold</b>", "value": 0}}]}},
        {"label": "Wait", "node": {"outcome": "$$", "value": 20}}]})
    assert_literal(risk_charts.decision_tree(tree, unit="$k", title=HOSTILE), HOSTILE)


def test_criticality_draws_task_names_as_written():
    tasks = estimating.estimated_plan()
    names = {t: f"{HOSTILE} {i}" for i, t in enumerate(tasks.plan.ids)}
    run = montecarlo.simulate_schedule(tasks, 200, 1)
    assert_literal(risk_charts.criticality(run, top=5, names=names, title=HOSTILE), HOSTILE)


def test_finance_charts_draw_titles_labels_and_currency_as_written():
    case = bc.load_case("erp_replacement")
    flows = case.cashflows()
    assert_literal(finance_charts.cumulative_cashflow(flows, rate=0.08, title=HOSTILE,
                                                      currency="$"), HOSTILE)
    assert_literal(finance_charts.npv_profile(flows, title=HOSTILE), HOSTILE)
    table = bc.sensitivity(case)
    table["label"] = [f"{HOSTILE} {i}" for i in range(len(table))]
    assert_literal(finance_charts.tornado(table, title=HOSTILE), HOSTILE)
    lines = {HOSTILE: flows, "x_1^2 $": [-v for v in flows]}
    assert_literal(finance_charts.scenario_lines(lines, title=HOSTILE), HOSTILE)


def test_power_interest_grid_draws_names_as_written():
    grid = stakeholder_grid().copy()
    grid["name"] = [f"{PIECES[i % len(PIECES)]} {i}" for i in range(len(grid))]
    assert_literal(power_interest_grid(grid, title=HOSTILE), HOSTILE)
