"""LiveChart (implcourse.widgets.charts): a chart moved by a refresh shows exactly what
a chart drawn directly in the final state shows; refresh says when the new state does
not fit; show() remembers drawings by key; stale greys the chart out."""

from __future__ import annotations

import html
import io

import numpy as np
import pytest
from PIL import Image

from implcourse import estimating, risk, schedule
from implcourse.plots.finance import cumulative_cashflow, update_cashflow
from implcourse.plots.risk import heat_map, s_curve, set_target, update_heat_map
from implcourse.plots.schedule import gantt, update_gantt
from implcourse.widgets.charts import LiveChart

from helpers import PNG

# Both charts of a comparison are rendered in the same process, by the same Agg
# renderer, through the same LiveChart pipeline (a background without the live
# artists, then the live artists drawn over it), so nothing but the state of the
# artists can make their pixels differ: any differing pixel is a refresh that left
# something behind (a bar, a label, a frame) or moved something wrongly. Hence no
# tolerance at all.
MAX_DIFFERENT_PIXELS = 0


def pixels(chart: LiveChart) -> np.ndarray:
    data = bytes(chart.image.value)
    assert data.startswith(PNG)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def different_pixels(a: LiveChart, b: LiveChart) -> int:
    left, right = pixels(a), pixels(b)
    assert left.shape == right.shape
    return int((left != right).any(axis=2).sum())


def drawn(build) -> LiveChart:
    """A LiveChart drawing the figure ``build()`` makes, as a tool does (in the tools'
    type size, which refresh uses too)."""
    chart = LiveChart()
    chart.draw(build)
    return chart


# --------------------------------------------------------------------------
# States to move between
# --------------------------------------------------------------------------

PLAN = schedule.load_plan()
BASE = schedule.analyse(PLAN)
XMAX = BASE.duration * 1.5
_CRITICAL = [t for t in BASE.critical_path if PLAN.task(t).duration > 0]
_LOOSE = [t for t in PLAN.ids if BASE.table.loc[t, "total_float"] > 0
          and PLAN.task(t).duration > 0]
# A critical task slips and a task with float becomes a milestone (a bar turns into a
# diamond, so hidden artists must show and shown ones hide).
CHANGED = schedule.analyse(PLAN.with_changes(durations={
    _CRITICAL[1]: PLAN.task(_CRITICAL[1]).duration + 12, _LOOSE[0]: 0}))

REGISTER = risk.load_register()
SCALE = risk.sample_scale()
SCORED = risk.score_register(REGISTER, **SCALE)


def edited_scores():
    register = REGISTER.copy()
    register.loc[register["id"] == "R01", ["probability", "impact_cost"]] = [0.9, 900_000.0]
    register.loc[register["id"] == "R05", ["probability", "impact_days"]] = [0.05, 0.0]
    return risk.score_register(register, **SCALE)


RUN = risk.simulate_schedule(estimating.estimated_plan(), 2_000, 1)
XLIM = (140.0, 230.0)
FLOWS = [-1000.0, 300.0, 450.0, 500.0, 200.0]
YLIM = (-2000.0, 2000.0)

CASES = {
    "gantt": (lambda: gantt(BASE, xmax=XMAX),
              lambda fig: update_gantt(fig, CHANGED),
              lambda: gantt(CHANGED, xmax=XMAX)),
    "heat map": (lambda: heat_map(SCORED, highlight="R01"),
                 lambda fig: update_heat_map(fig, edited_scores(), highlight="R05"),
                 lambda: heat_map(edited_scores(), highlight="R05")),
    "s-curve": (lambda: s_curve(RUN, target=150.0, xlim=XLIM),
                lambda fig: set_target(fig, RUN, 205.0),
                lambda: s_curve(RUN, target=205.0, xlim=XLIM)),
    "cash flow": (lambda: cumulative_cashflow(FLOWS, rate=0.08, ylim=YLIM, currency="EUR"),
                  lambda fig: update_cashflow(fig, [-1200, 200, 600, 700, 100], 0.08),
                  lambda: cumulative_cashflow([-1200, 200, 600, 700, 100], rate=0.08,
                                              ylim=YLIM, currency="EUR")),
    "cash flow, payback lost": (
        lambda: cumulative_cashflow(FLOWS, rate=0.08, ylim=YLIM, currency="EUR"),
        lambda fig: update_cashflow(fig, [-1000, 100, 100, 100, 100], 0.08),
        lambda: cumulative_cashflow([-1000, 100, 100, 100, 100], rate=0.08, ylim=YLIM,
                                    currency="EUR")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_refreshed_chart_is_the_chart_drawn_in_the_final_state(name):
    """Refresh to a new state: the pixels and the caption are those of a chart drawn
    directly in that state (same axis limits)."""
    first, update, final = CASES[name]
    moved = drawn(first)
    before = pixels(moved).copy()
    assert moved.refresh(update) is True
    direct = drawn(final)
    assert different_pixels(moved, direct) <= MAX_DIFFERENT_PIXELS
    assert moved.caption.value == direct.caption.value != ""
    assert (pixels(moved) != before).any()          # the refresh did change the picture


@pytest.mark.parametrize("name", list(CASES))
def test_refreshing_back_restores_the_first_picture(name):
    """Moving to a state and back leaves no trace: the first picture again."""
    first, update, _ = CASES[name]
    moved, reference = drawn(first), drawn(first)
    moved.refresh(update)
    undo = {"gantt": lambda fig: update_gantt(fig, BASE),
            "heat map": lambda fig: update_heat_map(fig, SCORED, highlight="R01"),
            "s-curve": lambda fig: set_target(fig, RUN, 150.0)}.get(
        name, lambda fig: update_cashflow(fig, FLOWS, 0.08))
    assert moved.refresh(undo) is True
    assert different_pixels(moved, reference) == 0
    assert moved.caption.value == reference.caption.value


def test_caption_is_the_escaped_text_alternative():
    chart = drawn(lambda: gantt(BASE, xmax=XMAX))
    assert chart.caption.value == \
        f'<div class="implcourse-caption">{html.escape(chart.figure.alt)}</div>'
    chart.refresh(lambda fig: update_gantt(fig, CHANGED))
    assert f"{CHANGED.duration:g} working days" in chart.caption.value
    assert chart.widget.children == (chart.image, chart.caption)


# --------------------------------------------------------------------------
# When the new state does not fit
# --------------------------------------------------------------------------

def test_refresh_refuses_a_plan_longer_than_the_axis_and_the_caller_redraws():
    chart = drawn(lambda: gantt(BASE, xmax=XMAX))
    picture, caption = bytes(chart.image.value), chart.caption.value
    task = _CRITICAL[0]
    longer = schedule.analyse(PLAN.with_changes(durations={task: XMAX}))
    assert longer.duration > XMAX
    assert chart.refresh(lambda fig: update_gantt(fig, longer)) is False
    assert bytes(chart.image.value) == picture and chart.caption.value == caption
    ax = chart.figure.axes[0]
    assert ax.get_xlim()[1] == XMAX                       # the figure was left alone
    chart.draw(lambda: gantt(longer, xmax=longer.duration * 1.5))   # what a tool then does
    assert different_pixels(chart, drawn(lambda: gantt(longer, xmax=longer.duration * 1.5))) == 0
    assert f"{longer.duration:g} working days" in chart.caption.value


def test_refresh_refuses_other_tasks():
    other = schedule.analyse(schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 2}, {"id": "b", "name": "B", "duration": 3}]))
    chart = drawn(lambda: gantt(BASE, xmax=XMAX))
    assert chart.refresh(lambda fig: update_gantt(fig, other)) is False


@pytest.mark.parametrize("flows, rate", [
    ([-1000, 5000, 300, 300, 300], 0.08),      # beyond the y axis
    ([-1000, 300, 450], 0.08),                 # fewer years
    ([-1000, 300, 450, 500, 200, 100], 0.08),  # more years
    (FLOWS, None),                             # the chart has a discounted line
])
def test_refresh_refuses_cash_flows_that_do_not_fit(flows, rate):
    chart = drawn(lambda: cumulative_cashflow(FLOWS, rate=0.08, ylim=YLIM))
    picture, alt = bytes(chart.image.value), chart.figure.alt
    assert chart.refresh(lambda fig: update_cashflow(fig, flows, rate)) is False
    assert bytes(chart.image.value) == picture and chart.figure.alt == alt


def test_refresh_before_any_drawing_does_nothing():
    chart = LiveChart()
    calls = []
    assert chart.refresh(lambda fig: calls.append(fig)) is False
    assert calls == [] and chart.figure is None and chart.image.value == b""


# --------------------------------------------------------------------------
# show(): remembered drawings
# --------------------------------------------------------------------------

def counting(build):
    calls = {"n": 0}

    def wrapped():
        calls["n"] += 1
        return build()

    return wrapped, calls


def test_show_remembers_drawings_by_key():
    chart = LiveChart()
    first, first_calls = counting(lambda: s_curve(RUN, target=150.0, xlim=XLIM))
    second, second_calls = counting(lambda: s_curve(RUN, target=200.0, xlim=XLIM))
    chart.show("a", first)
    picture_a, figure_a = bytes(chart.image.value), chart.figure
    chart.show("b", second)
    assert bytes(chart.image.value) != picture_a
    chart.show("a", first)
    assert first_calls["n"] == 1 and second_calls["n"] == 1
    assert bytes(chart.image.value) == picture_a and chart.figure is figure_a
    chart.show("b", second)
    assert second_calls["n"] == 1


def test_show_forgets_the_least_recently_used():
    chart = LiveChart(cache=2)
    builds = {key: counting(lambda: gantt(BASE, xmax=XMAX)) for key in "abc"}
    for key in ("a", "b", "a", "c"):          # "b" is now the least recently used
        chart.show(key, builds[key][0])
    chart.show("a", builds["a"][0])
    assert builds["a"][1]["n"] == 1
    chart.show("b", builds["b"][0])
    assert builds["b"][1]["n"] == 2


def test_a_refresh_moves_the_remembered_drawing():
    """show() then refresh(): the drawing under the key is moved (a tool refreshes the
    case it shows), and showing the key again shows it as moved."""
    chart = LiveChart()
    chart.show("plan", lambda: gantt(BASE, xmax=XMAX))
    chart.refresh(lambda fig: update_gantt(fig, CHANGED))
    moved = bytes(chart.image.value)
    chart.show("other", lambda: gantt(CHANGED, xmax=XMAX * 2))
    chart.show("plan", lambda: pytest.fail("rebuilt a remembered drawing"))
    assert bytes(chart.image.value) == moved


# --------------------------------------------------------------------------
# stale
# --------------------------------------------------------------------------

def test_stale_toggles_a_class_on_the_image_and_the_caption():
    chart = drawn(lambda: gantt(BASE, xmax=XMAX))
    assert chart.stale is False
    assert "implcourse-stale" not in chart.image._dom_classes
    chart.stale = True
    assert chart.stale is True
    assert "implcourse-stale" in chart.image._dom_classes
    assert "implcourse-stale" in chart.caption._dom_classes
    assert "implcourse-chart" in chart.image._dom_classes      # its sizing class stays
    chart.stale = True                                         # twice: still one class
    assert chart.image._dom_classes.count("implcourse-stale") == 1
    chart.stale = False
    assert chart.stale is False
    assert "implcourse-stale" not in chart.image._dom_classes
    assert "implcourse-stale" not in chart.caption._dom_classes
