"""implcourse.methods.flow: Little's law, the board simulation and WIP limits.

Little's law is checked against published worked examples (cited in each
docstring) and, on the simulated board, against an independent computation
from the cumulative flow diagram: average WIP read off the CFD against
throughput x average cycle time computed from the items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.methods import flow
from implcourse.methods.flow import compare_wip_limits, littles_law, simulate_board

FAST = settings(max_examples=100, deadline=None)
STAGES = {"Analysis": 3, "Build": 2, "Test": 3}
positive = st.floats(min_value=1e-3, max_value=1e4, allow_nan=False)


# --------------------------------------------------------------------------
# Little's law: published examples
# --------------------------------------------------------------------------

def test_wine_rack_little_and_graves_2008():
    """Little, J.D.C. and Graves, S.C. (2008), "Little's Law", ch. 5 of Chhajed and
    Lowe (eds), Building Intuition, Springer: Caroline's rack holds 160 bottles on
    average and she buys about 8 bottles a month; the average bottle has been kept
    160 / 8 = 20 months."""
    assert littles_law(wip=160, throughput=8) == pytest.approx(20)


def test_team_release_example_streamingagile_2016():
    """"Little's Law", streamingagile.wordpress.com, 7 Feb 2016, example 2: a team
    works on 3 backlog items at a time, each taking 8 working days; throughput is
    0.375 items a day, so a 12-week release of 60 working days holds 22.5 items."""
    throughput = littles_law(wip=3, cycle_time=8)
    assert throughput == pytest.approx(0.375)
    assert throughput * 60 == pytest.approx(22.5)


def test_checkout_lanes_example_streamingagile_2016():
    """Same source, example 1: 4 checkout lanes busy, 7 minutes per customer, a
    throughput of 4 / 7 = 0.57 customers a minute."""
    assert round(littles_law(wip=4, cycle_time=7), 2) == 0.57


def test_store_example_siderova():
    """S. Siderova, "Stable Systems: Little's Law and Kanban" (Nave blog): 10
    customers an hour who stay 12 minutes (0.2 h) make 2 customers in the store."""
    assert littles_law(throughput=10, cycle_time=0.2) == pytest.approx(2)


@FAST
@given(wip=positive, throughput=positive)
def test_the_three_forms_agree(wip, throughput):
    ct = littles_law(wip=wip, throughput=throughput)
    assert ct == pytest.approx(wip / throughput)
    assert littles_law(throughput=throughput, cycle_time=ct) == pytest.approx(wip)
    assert littles_law(wip=wip, cycle_time=ct) == pytest.approx(throughput)


@pytest.mark.parametrize("kwargs, words", [
    ({"wip": 0, "throughput": 2}, "Average WIP of 0 items: with nothing in progress"),
    ({"wip": 5, "throughput": 0}, "Average throughput of 0 items per day"),
    ({"throughput": 2, "cycle_time": 0}, "Average cycle time of 0 days"),
    ({"wip": -4, "throughput": 2}, "Average WIP cannot be negative (you entered −4)"),
    ({"wip": 4}, "needs exactly two"),
    ({}, "you gave none of them"),
    ({"wip": 1, "throughput": 1, "cycle_time": 1}, "needs exactly two"),
    ({"wip": float("nan"), "throughput": 1}, "Average WIP must be an ordinary number"),
])
def test_littles_law_refuses_what_it_cannot_use(kwargs, words):
    with pytest.raises(ValueError) as err:
        littles_law(**kwargs)
    assert words in str(err.value)


def test_bools_are_not_numbers():
    with pytest.raises(TypeError, match="Average WIP must be a number"):
        littles_law(wip=True, throughput=1)


# --------------------------------------------------------------------------
# The board
# --------------------------------------------------------------------------

def test_same_seed_same_board_other_seed_other_board():
    a = simulate_board(2, STAGES, days=80, seed=5)
    b = simulate_board(2, STAGES, days=80, seed=5)
    c = simulate_board(2, STAGES, days=80, seed=6)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.items, b.items)
    assert not a.daily.equals(c.daily)


@settings(max_examples=40, deadline=None)
@given(rate=st.floats(0, 4), caps=st.lists(st.floats(0.3, 4), min_size=1, max_size=4),
       limit=st.one_of(st.none(), st.integers(1, 15)), days=st.integers(1, 120),
       seed=st.integers(0, 2**32 - 1))
def test_board_conserves_items_and_respects_the_limit(rate, caps, limit, days, seed):
    stages = {f"Stage {i + 1}": c for i, c in enumerate(caps)}
    b = simulate_board(rate, stages, limit, days=days, seed=seed)
    d = b.daily
    # Every item that arrived is somewhere on the board.
    assert np.array_equal(d["Arrived"].cumsum(), d[b.states].sum(axis=1))
    assert np.array_equal(d["Finished"].cumsum(), d["Done"])
    if limit is not None:
        assert (d["Work in progress"] <= limit).all()
    # The day's WIP is what was started by then less what finished before it.
    started, finished = d["Started"].cumsum(), d["Finished"].cumsum()
    assert np.array_equal(d["Work in progress"], started - finished.shift(fill_value=0))
    # Per item, in order, and first in first out.
    items = b.items
    assert len(items) == d["Arrived"].sum()
    done = items.dropna(subset=["Finished (day)"])
    assert (done["Arrived (day)"] <= done["Started (day)"]).all()
    assert (done["Cycle time (days)"] >= len(stages)).all()   # at least a day per stage
    for col in ("Arrived (day)", "Started (day)", "Finished (day)"):
        assert items[col].dropna().is_monotonic_increasing
    # Exactly Little's law over the run: summed daily WIP = summed time in progress.
    started_items = items.dropna(subset=["Started (day)"])
    end = started_items["Finished (day)"].fillna(days).astype(int)
    assert d["Work in progress"].sum() == (end - started_items["Started (day)"] + 1).sum()


@pytest.mark.parametrize("seed", range(5))
def test_littles_law_holds_on_a_stable_window_from_the_cfd(seed):
    """A stable board (arrivals 1.5 a day, bottleneck 2 a day): over days 101-500
    average WIP read off the cumulative flow diagram matches throughput x average
    cycle time of the items finished in the window, within 8 % (Little 1961; Vacanti
    2015 for the Kanban form). The computation here uses only the CFD's lines and
    the items' own days, not Board.metrics."""
    b = simulate_board(1.5, STAGES, days=600, seed=seed)
    cfd = b.cumulative_flow()
    first, last = 101, 500
    started = cfd["Analysis"].to_numpy()           # items that entered the first stage
    finished = cfd["Done"].to_numpy()
    days = np.arange(first, last + 1)
    wip = started[days - 1] - finished[days - 2]   # worked on during each day
    throughput = (finished[last - 1] - finished[first - 2]) / days.size
    f = b.items["Finished (day)"]
    window = b.items[f.notna() & (f >= first) & (f <= last)]
    cycle = (window["Finished (day)"] - window["Started (day)"] + 1).astype(float).mean()
    assert wip.mean() == pytest.approx(throughput * cycle, rel=0.08)
    m = b.metrics(first, last)
    assert m["Average WIP (items)"] == pytest.approx(wip.mean())
    assert m["Average cycle time (days)"] == pytest.approx(cycle)


def test_littles_law_fails_on_an_unstable_board():
    """With arrivals above the bottleneck's capacity and no limit, WIP keeps growing:
    the assumption of a stable system fails and the finished items' average cycle
    time falls well short of WIP / throughput."""
    m = simulate_board(2.6, STAGES, days=300, seed=1).metrics(76, 300)
    assert m["Average cycle time (days)"] < 0.85 * m["Little's law cycle time (days)"]


def test_work_item_age():
    b = simulate_board(2.4, STAGES, days=90, seed=2)
    for day in (10, 45, 90):
        age = b.work_item_age(day)
        row = b.daily.iloc[day - 1]
        assert len(age) == sum(int(row[s]) for s in STAGES)
        for stage in STAGES:
            assert (age["Stage"] == stage).sum() == row[stage]
        items = b.items.set_index("Item").loc[age["Item"]]
        assert (age["Started (day)"].to_numpy() == items["Started (day)"].to_numpy()).all()
        assert (age["Age (days)"] == day - age["Started (day)"] + 1).all()
        # Still in progress on that day: started by it, not finished by it.
        assert (items["Started (day)"] <= day).all()
        assert items["Finished (day)"].isna().sum() + (items["Finished (day)"] > day).sum() \
            == len(items)


def test_no_arrivals_an_empty_board():
    b = simulate_board(0, STAGES, days=10, seed=0)
    assert len(b.items) == 0 and b.daily["Work in progress"].sum() == 0
    assert np.isnan(b.metrics()["Average cycle time (days)"])


@pytest.mark.parametrize("kwargs, error, words", [
    ({"arrivals_per_day": -1}, ValueError, "Arrivals per day cannot be negative"),
    ({"stages": {}}, ValueError, "1 to 10 stages"),
    ({"stages": [("Build", 2)]}, TypeError, "mapping of stage name to capacity"),
    ({"stages": {"Build": 0}}, ValueError, "Capacity of stage 'Build' of 0 items per day"),
    ({"stages": {"Build": -2}}, ValueError, "Capacity of stage 'Build' cannot be negative"),
    ({"stages": {"Done": 2}}, ValueError, "Stage name 'Done' is taken"),
    ({"stages": {" ": 2}}, ValueError, "Each stage needs a name"),
    ({"wip_limit": 0}, ValueError, "WIP limit of 0 would let no work start"),
    ({"wip_limit": 2.5}, TypeError, "WIP limit must be a whole number"),
    ({"days": 0}, ValueError, "Days must be at least 1"),
    ({"seed": -1}, ValueError, "Seed cannot be negative"),
])
def test_board_inputs_are_checked(kwargs, error, words):
    args = {"arrivals_per_day": 2, "stages": STAGES, "wip_limit": None, "days": 20,
            "seed": 1} | kwargs
    with pytest.raises(error) as err:
        simulate_board(**args)
    assert words in str(err.value)


def test_window_is_checked():
    b = simulate_board(2, STAGES, days=20, seed=1)
    with pytest.raises(ValueError, match="First day cannot be after last day"):
        b.metrics(15, 10)
    with pytest.raises(ValueError, match="Last day cannot be more than 20"):
        b.metrics(1, 21)


# --------------------------------------------------------------------------
# What a WIP limit changes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(4))
def test_a_wip_limit_cuts_wip_and_cycle_time_not_throughput(seed):
    """Capacity is the bottleneck (2 a day against 2.2 arriving): limiting WIP to 12
    lowers average WIP and cycle time a lot, and throughput by under 10 %."""
    table = compare_wip_limits(2.2, STAGES, (None, 12), days=300, seed=seed)
    free, limited = table.iloc[0], table.iloc[1]
    assert table["WIP limit"].tolist() == ["none", "12"]
    assert limited["Average WIP (items)"] < 0.5 * free["Average WIP (items)"]
    assert limited["Average cycle time (days)"] < 0.6 * free["Average cycle time (days)"]
    assert limited["Throughput (items per day)"] == pytest.approx(
        free["Throughput (items per day)"], rel=0.10)
    assert limited["Waiting in backlog at the end (items)"] > 0


def test_compare_matches_single_runs():
    table = compare_wip_limits(1.8, STAGES, [8], days=120, seed=3, warmup_days=20)
    m = simulate_board(1.8, STAGES, 8, days=120, seed=3).metrics(21, 120)
    assert table.loc[0, "Average WIP (items)"] == pytest.approx(m["Average WIP (items)"])
    assert table.loc[0, "Items finished"] == m["Items finished"]
    with pytest.raises(ValueError, match="at least one limit"):
        compare_wip_limits(1.8, STAGES, [], days=50)
    with pytest.raises(TypeError, match="WIP limits must be a list"):
        compare_wip_limits(1.8, STAGES, 8, days=50)


def test_flow_module_imports_no_plotting_or_widgets():
    source = open(flow.__file__, encoding="utf-8").read()
    for name in ("matplotlib", "ipywidgets", "IPython"):
        assert f"import {name}" not in source and f"from {name}" not in source


# --------------------------------------------------------------------------
# Issue 11: the boundary names the parameter; results never silently infinite
# --------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, name", [
    (dict(wip=10 ** 400, throughput=2), "wip"),
    (dict(wip=3, throughput=None, cycle_time=10 ** 400), "cycle_time"),
    (dict(wip=3, throughput="2"), "throughput"),
])
def test_littles_law_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises((TypeError, ValueError), match=name):
        littles_law(**kwargs)


def test_littles_law_overflow_is_an_error_not_inf():
    # 12 / 1e-320 overflows to inf; it was returned before.
    with pytest.raises(ValueError, match="cannot be computed"):
        littles_law(wip=12, throughput=1e-320)


@pytest.mark.parametrize("limits", [[[1, 2], [3]], np.zeros((2, 3)), {1, 2}, [10 ** 400]])
def test_compare_wip_limits_refuses_odd_lists_by_name(limits):
    with pytest.raises((TypeError, ValueError), match=r"wip_limits"):
        compare_wip_limits(2, {"Build": 2}, limits, days=20)


@pytest.mark.parametrize("name", ["days", "seed", "wip_limit", "arrivals_per_day"])
def test_simulate_board_huge_integer_is_a_value_error(name):
    kwargs = dict(arrivals_per_day=2, stages={"Build": 2}, wip_limit=5, days=20, seed=1)
    with pytest.raises(ValueError, match=name) if name != "seed" else _no_error():
        simulate_board(**{**kwargs, name: 10 ** 400})


class _no_error:
    """A seed may be any non-negative integer (numpy takes big ones)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
