"""The stakeholder register, the power/interest grid and the engagement
assessment matrix (implcourse.stakeholders.register).

Expected quadrants and gaps are recomputed from the raw YAML file, not from
the package's models. Published references: Mendelow's power/interest grid
(Mendelow 1991, as taught in the Open University's *Successful IT systems*,
section 4.4, https://www.open.edu/openlearn/digital-computing/successful-it-systems/content-section-4.4)
and the PMBOK Guide 6th ed. (PMI 2017), 13.2.2.5, Figure 13-6 (the engagement
assessment matrix: stakeholders in rows, the five levels unaware, resistant,
neutral, supportive, leading in columns, C for current and D for desired).
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content, lifecycle
from implcourse.stakeholders.register import (DEFAULT_THRESHOLD, ENGAGEMENT_LEVELS, Stakeholder,
                                              case_description, engagement_gaps,
                                              engagement_matrix, grid_strategy, load_register,
                                              register_table, stakeholder_grid)

RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "register.yml")
                     .read_text(encoding="utf-8"))["stakeholders"]
IDS = [s["id"] for s in RAW]
LEVEL = {name: i for i, name in enumerate(["unaware", "resistant", "neutral", "supportive",
                                           "leading"])}
# Mendelow's grid, as a lookup written out by hand (power high?, interest high?).
MENDELOW = {(True, True): "manage closely", (True, False): "keep satisfied",
            (False, True): "keep informed", (False, False): "monitor"}
scores = st.floats(1, 10, allow_nan=False, allow_infinity=False)


def test_register_is_synthetic_case_of_ten_to_twelve():
    register = load_register()
    assert 10 <= len(register) <= 12
    assert [s.id for s in register] == IDS
    assert all(isinstance(s, Stakeholder) for s in register)
    assert "synthetic" in case_description().lower()
    roles = {r.id for r in lifecycle.load_roles()}
    assert {s.owner for s in register} <= roles
    table = register_table()
    assert list(table.index) == IDS
    assert {"name", "unit", "stake", "power", "interest", "current", "desired", "owner",
            "notes"} <= set(table.columns)


def test_register_uses_every_quadrant_and_the_boundary():
    """The lesson needs at least one stakeholder per quadrant, and one exactly on the
    threshold, to teach the boundary convention."""
    strategies = {MENDELOW[(s["power"] >= 6, s["interest"] >= 6)] for s in RAW}
    assert strategies == set(MENDELOW.values())
    assert any(s["power"] == DEFAULT_THRESHOLD or s["interest"] == DEFAULT_THRESHOLD for s in RAW)


@pytest.mark.parametrize("power, interest, expected", [
    (9, 9, "manage closely"), (10, 1, "keep satisfied"), (1, 10, "keep informed"),
    (1, 1, "monitor"), (6, 6, "manage closely"), (5.99, 6, "keep informed"),
    (6, 5.99, "keep satisfied"), (5, 5, "monitor")])
def test_grid_strategy_quadrants_and_boundary(power, interest, expected):
    """Mendelow's four strategies; a score equal to the threshold counts as high."""
    assert grid_strategy(power, interest) == expected


def test_threshold_moves_the_boundary():
    assert grid_strategy(7, 7, threshold=8) == "monitor"
    assert grid_strategy(8, 8, threshold=8) == "manage closely"


@settings(max_examples=200, deadline=None)
@given(scores, scores, st.floats(2, 10))
def test_grid_strategy_matches_independent_rule(power, interest, threshold):
    assert grid_strategy(power, interest, threshold=threshold) == \
        MENDELOW[(power >= threshold, interest >= threshold)]


@settings(max_examples=200, deadline=None)
@given(scores, scores, scores)
def test_grid_strategy_is_monotone(power, interest, more):
    """Raising power (or interest) never lowers a stakeholder's claim on attention:
    the 'high' flags can only switch on."""
    rank_power = {"monitor": 0, "keep informed": 0, "keep satisfied": 1, "manage closely": 1}
    rank_interest = {"monitor": 0, "keep satisfied": 0, "keep informed": 1, "manage closely": 1}
    up = max(power, more)
    assert rank_power[grid_strategy(up, interest)] >= rank_power[grid_strategy(power, interest)]
    up = max(interest, more)
    assert rank_interest[grid_strategy(power, up)] >= \
        rank_interest[grid_strategy(power, interest)]


@pytest.mark.parametrize("power, interest, message", [
    (12, 3, "Power must be a number from 1 to 10 (you entered 12)"),
    (3, 0, "Interest must be a number from 1 to 10 (you entered 0)"),
    (float("nan"), 3, "Power must be a number from 1 to 10 (you entered nan)"),
    (3, float("inf"), "Interest must be a number from 1 to 10 (you entered inf)"),
])
def test_grid_strategy_refuses_out_of_range(power, interest, message):
    with pytest.raises(ValueError) as err:
        grid_strategy(power, interest)
    assert str(err.value) == message


@pytest.mark.parametrize("power", [True, "7", None])
def test_grid_strategy_refuses_non_numbers(power):
    with pytest.raises(TypeError, match=r"^Power must be a number from 1 to 10"):
        grid_strategy(power, 5)


def test_grid_strategy_refuses_bad_threshold():
    with pytest.raises(ValueError, match=r"^Threshold must be a number from 2 to 10 "
                                         r"\(you entered 11\)"):
        grid_strategy(5, 5, threshold=11)


def test_stakeholder_grid_matches_the_file():
    grid = stakeholder_grid()
    assert list(grid.index) == IDS
    assert grid.attrs["threshold"] == DEFAULT_THRESHOLD
    for s in RAW:
        row = grid.loc[s["id"]]
        assert row["strategy"] == MENDELOW[(s["power"] >= 6, s["interest"] >= 6)]
        assert (row["power"], row["interest"]) == (s["power"], s["interest"])
        assert not row["moved"]
        assert row["quadrant"] == (f"{'high' if s['power'] >= 6 else 'low'} power, "
                                   f"{'high' if s['interest'] >= 6 else 'low'} interest")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(IDS), scores, scores)
def test_moving_one_stakeholder_changes_only_that_row(key, power, interest):
    before = stakeholder_grid()
    after = stakeholder_grid(moves={key: (power, interest)})
    assert after.loc[key, "strategy"] == MENDELOW[(power >= 6, interest >= 6)]
    assert bool(after.loc[key, "moved"])
    others = [i for i in IDS if i != key]
    assert after.loc[others, "strategy"].tolist() == before.loc[others, "strategy"].tolist()


def test_moves_refuse_unknown_ids_listing_the_known():
    with pytest.raises(ValueError) as err:
        stakeholder_grid(moves={"cio": (5, 5)})
    message = str(err.value)
    assert message.startswith("Unknown stakeholder 'cio' in moves; known: ")
    assert all(i in message for i in IDS)


def test_moves_refuse_bad_scores_and_shapes():
    with pytest.raises(ValueError, match=r"^Power of 'cfo' must be a number from 1 to 10 "
                                         r"\(you entered 11\)"):
        stakeholder_grid(moves={"cfo": (11, 5)})
    with pytest.raises(TypeError, match="must be a pair"):
        stakeholder_grid(moves={"cfo": 5})
    with pytest.raises(TypeError, match="moves must be a dict"):
        stakeholder_grid(moves=[("cfo", (5, 5))])


def test_engagement_matrix_layout_as_pmbok_figure_13_6():
    """PMBOK Guide 6th ed., Figure 13-6: one row per stakeholder, the five levels in
    order as columns, C in the current column and D in the desired one."""
    matrix = engagement_matrix()
    assert list(matrix.columns) == ["Unaware", "Resistant", "Neutral", "Supportive", "Leading"]
    assert list(matrix.index) == [s["name"] for s in RAW]
    for s in RAW:
        row = matrix.loc[s["name"]].tolist()
        expected = [""] * 5
        expected[LEVEL[s["current"]]] = "C"
        expected[LEVEL[s["desired"]]] = "D" if s["desired"] != s["current"] else "C D"
        assert row == expected


def test_engagement_gaps_recomputed():
    gaps = engagement_gaps()
    moving = [s for s in RAW if s["current"] != s["desired"]]
    assert set(gaps.index) == {s["id"] for s in moving}
    for s in moving:
        gap = LEVEL[s["desired"]] - LEVEL[s["current"]]
        row = gaps.loc[s["id"]]
        assert row["gap"] == gap
        assert row["direction"] == ("raise" if gap > 0 else "lower")
        assert (row["current"], row["desired"]) == (s["current"], s["desired"])
    sizes = [abs(g) for g in gaps["gap"]]
    assert sizes == sorted(sizes, reverse=True)
    everyone = engagement_gaps(include_aligned=True)
    assert len(everyone) == len(RAW)
    assert set(everyone.loc[everyone["gap"] == 0, "direction"]) <= {"hold"}


def test_levels_are_pmbok_order():
    assert ENGAGEMENT_LEVELS == ("unaware", "resistant", "neutral", "supportive", "leading")


def test_register_argument_checked():
    with pytest.raises(ValueError, match="at least one stakeholder"):
        stakeholder_grid([])
    with pytest.raises(TypeError, match=r"register\[0\] must be a Stakeholder"):
        engagement_matrix([{"id": "x"}])
    with pytest.raises(TypeError, match="include_aligned must be True or False"):
        engagement_gaps(include_aligned=1)


def test_own_register_file(tmp_path):
    """A learner's own register loads, and a wrong owner is named with its field."""
    # A new file each time: the loader caches by path and modification time.
    own = tmp_path / "owner.yml"
    entry = dict(RAW[0], owner="chief_of_everything")
    own.write_text(yaml.safe_dump({"stakeholders": [entry]}), encoding="utf-8")
    with pytest.raises(content.ContentError, match="field 'owner'"):
        load_register(own)
    entry["owner"] = "sponsor"
    entry["power"] = 11
    own = tmp_path / "power.yml"
    own.write_text(yaml.safe_dump({"stakeholders": [entry]}), encoding="utf-8")
    with pytest.raises(content.ContentError, match="field 'power'"):
        load_register(own)
    entry["power"] = 2
    own = tmp_path / "good.yml"
    own.write_text(yaml.safe_dump({"stakeholders": [entry]}), encoding="utf-8")
    assert math.isclose(stakeholder_grid(str(own)).loc[entry["id"], "power"], 2)


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def test_duplicate_stakeholders_are_refused_not_listed_twice():
    from implcourse.stakeholders.register import (engagement_gaps, engagement_matrix,
                                                  load_register, stakeholder_grid)
    register = list(load_register())
    twice = register + [register[0]]
    for fn in (stakeholder_grid, engagement_matrix, engagement_gaps):
        with pytest.raises(ValueError, match=r"stakeholder 'cfo' twice \(register\[0\] and "
                                             r"register\[12\]\)"):
            fn(twice)


@pytest.mark.parametrize("move", [{"power": 5, "interest": 5}, {5, 6}])
def test_a_move_that_is_not_a_pair_is_named(move):
    from implcourse.stakeholders.register import stakeholder_grid
    with pytest.raises(TypeError, match=r"The move of 'cfo' must be a pair \(power, interest\)"):
        stakeholder_grid(moves={"cfo": move})


def test_moves_match_ids_ignoring_case_and_refuse_a_stakeholder_moved_twice():
    import numpy as np
    from implcourse.stakeholders.register import engagement_gaps, stakeholder_grid
    grid = stakeholder_grid(moves={" CFO ": (2, 2)})
    assert grid.loc["cfo", "strategy"] == "monitor" and bool(grid.loc["cfo", "moved"])
    with pytest.raises(ValueError, match=r"'cfo' is moved twice in moves \(as 'cfo' and 'CFO'\)"):
        stakeholder_grid(moves={"cfo": (2, 2), "CFO": (9, 9)})
    assert len(engagement_gaps(include_aligned=np.bool_(True))) == 12


@pytest.mark.parametrize("kwargs, name", [
    (dict(power=10 ** 400, interest=5), "Power"),       # OverflowError before
    (dict(power=5, interest=10 ** 400), "Interest"),
    (dict(power=5, interest=5, threshold=10 ** 400), "threshold"),
])
def test_grid_strategy_huge_integer_is_a_value_error(kwargs, name):
    with pytest.raises(ValueError) as err:
        grid_strategy(**kwargs)
    assert type(err.value) is ValueError and name in str(err.value)
