"""implcourse.risk: the register, the probability-impact matrix, EMV and responses.

The shipped register is checked against the lifecycle's phases and roles;
malformed registers are written to temporary files and must be refused
with an error naming the file, the row and the column. The matrix, the
EMV, exposure, reserve, response-value and burndown calculations are
compared with computations written here from their definitions.
"""

from __future__ import annotations

import csv
import io
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from implcourse import decision_tree, estimating, lifecycle, montecarlo, risk, schedule
from implcourse.content import ContentError, resolve
from implcourse.risk import (CATEGORIES, COLUMNS, OPPORTUNITY_RESPONSES, OPTIONAL_COLUMNS,
                             STATUSES, THREAT_RESPONSES, ProbabilityImpactMatrix, burndown,
                             contingency_reserve, emv, exposure, load_register, response_value,
                             sample_scale, score_register)

FAST = settings(max_examples=100, deadline=None)
PRESETS = {"5x5": ProbabilityImpactMatrix.five_by_five(),
           "3x3": ProbabilityImpactMatrix.three_by_three()}


# --------------------------------------------------------------------------
# The shipped register
# --------------------------------------------------------------------------

ALL_COLUMNS = COLUMNS + OPTIONAL_COLUMNS


def test_optional_columns():
    # The one optional column: the plan task a risk's days extend.
    assert OPTIONAL_COLUMNS == ["task"]
    assert not set(OPTIONAL_COLUMNS) & set(COLUMNS)


def test_shipped_register_columns_and_values():
    reg = load_register()
    assert list(reg.columns) == ALL_COLUMNS
    assert len(reg) > 0 and reg["id"].is_unique
    assert reg["id"].str.fullmatch(r"R\d{2,3}").all()
    assert set(reg["kind"]) == {"threat", "opportunity"}
    assert set(reg["category"]) <= set(CATEGORIES)
    assert set(reg["status"]) <= set(STATUSES)
    for c in ("probability", "residual_probability"):
        assert reg[c].between(0, 1).all()
    for c in ("impact_cost", "impact_days", "response_cost", "residual_impact_cost",
              "residual_impact_days"):
        assert (reg[c] >= 0).all()


def test_shipped_register_responses_fit_the_kind():
    reg = load_register()
    threats, opportunities = reg[reg["kind"] == "threat"], reg[reg["kind"] == "opportunity"]
    assert set(threats["response"]) <= set(THREAT_RESPONSES)
    assert set(opportunities["response"]) <= set(OPPORTUNITY_RESPONSES)
    accepted = reg[reg["response"] == "accept"]
    assert len(accepted) > 0
    for c in ("probability", "impact_cost", "impact_days"):
        assert (accepted[f"residual_{c}"] == accepted[c]).all(), c


def test_shipped_register_owners_and_phases():
    reg = load_register()
    roles = {role.id for role in lifecycle.load_roles()}
    assert set(reg["owner"]) <= roles
    assert set(reg["phase"]) <= set(lifecycle.phase_ids())


def test_shipped_register_names_a_plan_task_for_every_risk():
    # The shipped CSV fills the task column for every risk, and each names a
    # task of the sample plan (the Monte Carlo refuses an unknown one).
    reg = load_register()
    plan_ids = set(schedule.load_plan().ids)
    assert reg["task"].map(lambda t: isinstance(t, str) and t != "").all()
    assert set(reg["task"]) <= plan_ids, set(reg["task"]) - plan_ids
    with_task = [row["id"] for row in csv.DictReader(io.StringIO(SHIPPED)) if row["task"]]
    assert with_task == reg["id"].tolist()


def test_load_register_returns_a_fresh_copy():
    a = load_register()
    a.loc[0, "probability"] = 0.99
    a.pop("title")
    b = load_register()
    assert b is not a
    assert list(b.columns) == ALL_COLUMNS
    assert b.loc[0, "probability"] != 0.99
    assert b.equals(load_register())


# --------------------------------------------------------------------------
# Malformed registers
# --------------------------------------------------------------------------

SHIPPED = resolve("risk_register.csv").read_text(encoding="utf-8")


def shipped_rows() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(SHIPPED))}


def register_text(*rows: dict[str, str], columns=ALL_COLUMNS) -> str:
    """A register CSV with these columns (the optional ``task`` may be left out:
    its cells are then dropped from the rows)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def one_row(risk_id: str = "R01", **changes) -> dict[str, str]:
    row = dict(shipped_rows()[risk_id])
    row.update({k: str(v) for k, v in changes.items()})
    return row


def test_a_good_row_copied_loads(write):
    path = write("register.csv", register_text(one_row("R01"), one_row("R23")))
    reg = load_register(path)
    assert reg["id"].tolist() == ["R01", "R23"]
    assert list(reg.columns) == ALL_COLUMNS
    assert reg.loc[0, "probability"] == float(shipped_rows()["R01"]["probability"])
    assert reg["task"].tolist() == [shipped_rows()[r]["task"] for r in ("R01", "R23")]


def test_a_register_without_the_task_column_loads(write):
    # task is optional: a file without the column loads, with None for it.
    path = write("register.csv", register_text(one_row("R01"), one_row("R23"),
                                               columns=COLUMNS))
    assert "task" not in path.read_text(encoding="utf-8").splitlines()[0].split(",")
    reg = load_register(path)
    assert list(reg.columns) == ALL_COLUMNS
    assert reg["task"].tolist() == [None, None]
    assert reg.drop(columns="task").equals(
        load_register(write("full.csv", register_text(one_row("R01"), one_row("R23"))))
        .drop(columns="task"))


def test_an_empty_task_cell_is_none(write):
    path = write("register.csv", register_text(one_row("R01", task=""), one_row("R23")))
    reg = load_register(path)
    assert pd.isna(reg.loc[0, "task"])  # missing (None, or NaN once pandas mixes it in)
    assert reg.loc[1, "task"] == shipped_rows()["R23"]["task"]


def test_a_malformed_task_id_is_refused(write):
    path = write("register.csv", register_text(one_row("R23"), one_row("R01", task="Go Live!")))
    with pytest.raises(ContentError) as err:
        load_register(path)
    assert err.value.entry.startswith("row 3") and "(id 'R01')" in err.value.entry
    assert err.value.field == "task"


@pytest.mark.parametrize("risk_id, changes, column, words", [
    ("R01", {"probability": "1.2"}, "probability", "less than or equal to 1"),
    ("R01", {"residual_probability": "-0.1"}, "residual_probability", "greater than or equal"),
    ("R01", {"impact_cost": "-5000"}, "impact_cost", "greater than or equal to 0"),
    ("R01", {"response_cost": "-1"}, "response_cost", "greater than or equal to 0"),
    ("R01", {"impact_days": "many"}, "impact_days", "number"),
    ("R01", {"phase": "golive"}, "phase", "unknown phase 'golive'"),
    ("R01", {"owner": "ceo"}, "owner", "unknown role 'ceo'"),
    ("R01", {"category": "weather"}, "category", "technical"),
    ("R01", {"status": "open"}, "status", "active"),
    ("R01", {"kind": "issue"}, "kind", "threat"),
    ("R01", {"id": "Risk1"}, "id", "two or three digits"),
    ("R01", {"title": ""}, "title", ""),
])
def test_malformed_register_field(write, risk_id, changes, column, words):
    path = write("register.csv", register_text(one_row("R23"), one_row(risk_id, **changes)))
    with pytest.raises(ContentError) as err:
        load_register(path)
    error = err.value
    assert error.file == str(path.resolve())
    assert error.entry.startswith("row 3")
    shown_id = changes.get("id", risk_id)
    assert f"(id '{shown_id}')" in error.entry
    assert error.field == column
    assert words in error.message
    assert str(path.resolve()) in str(error) and column in str(error)


@pytest.mark.parametrize("risk_id, response", [
    ("R23", "mitigate"),  # an opportunity
    ("R23", "avoid"),
    ("R01", "exploit"),  # a threat
    ("R01", "enhance"),
    ("R01", "ignore"),   # no such response
])
def test_response_that_does_not_fit_the_kind(write, risk_id, response):
    # load_register documents: "Naming the file, the row (with its risk id)
    # and the column: ... a response that does not fit the kind".
    path = write("register.csv", register_text(one_row(risk_id, response=response)))
    kind = shipped_rows()[risk_id]["kind"]
    allowed = THREAT_RESPONSES if kind == "threat" else OPPORTUNITY_RESPONSES
    article = "an" if kind == "opportunity" else "a"
    with pytest.raises(ContentError) as err:
        load_register(path)
    error = err.value
    assert error.file == str(path.resolve())
    assert error.entry == f"row 2 (id '{risk_id}')"
    assert (f"{response!r} is not a response to {article} {kind}; use one of "
            f"{', '.join(allowed)}") in error.message
    assert error.field == "response"
    assert response not in allowed


@pytest.mark.parametrize("column, value", [("probability", "0.2"),
                                           ("impact_cost", "500"),
                                           ("impact_days", "0")])
def test_accepted_risk_must_keep_its_values(write, column, value):
    # The error names the residual column that differs from the original.
    accepted = one_row("R14")
    assert accepted["response"] == "accept"
    assert float(accepted[column]) != float(value)
    path = write("register.csv",
                 register_text(one_row("R14", **{f"residual_{column}": value})))
    with pytest.raises(ContentError) as err:
        load_register(path)
    error = err.value
    assert error.file == str(path.resolve())
    assert error.entry == "row 2 (id 'R14')"
    assert "accepted risk keeps its values" in error.message
    assert f"residual_{column} must equal {column}" in error.message
    assert error.field == f"residual_{column}"


def test_a_response_other_than_accept_may_change_the_values(write):
    mitigated = one_row("R03")
    assert mitigated["response"] == "mitigate"
    path = write("register.csv", register_text(one_row("R03", residual_probability="0.1")))
    assert load_register(path).loc[0, "residual_probability"] == 0.1


def test_duplicate_risk_ids(write):
    path = write("register.csv", register_text(one_row("R01"), one_row("R23"),
                                                one_row("R01")))
    with pytest.raises(ContentError, match="duplicate id 'R01'") as err:
        load_register(path)
    assert err.value.file == str(path.resolve())
    assert err.value.entry == "row 4"
    assert err.value.field == "id"


def test_unknown_register_column(write):
    header = ",".join(ALL_COLUMNS)
    text = register_text(one_row("R01")).replace(header + "\n", header + ",extra\n", 1)
    assert text.startswith(header + ",extra\n")
    text = text.rstrip("\n") + ",x\n"
    path = write("register.csv", text)
    with pytest.raises(ContentError) as err:
        load_register(path)
    assert err.value.field == "extra"


def test_missing_register_file(tmp_path):
    with pytest.raises(ContentError, match="no such content file"):
        load_register(tmp_path / "nothing.csv")


def test_an_edited_register_is_read_again(write):
    path = write("register.csv", register_text(one_row("R01", probability="0.30")))
    assert load_register(path).loc[0, "probability"] == 0.30
    write("register.csv", register_text(one_row("R01", probability="0.35")))
    assert load_register(path).loc[0, "probability"] == 0.35
    write("register.csv", register_text(one_row("R01", probability="0.35"), one_row("R23")))
    assert load_register(str(path))["id"].tolist() == ["R01", "R23"]


# --------------------------------------------------------------------------
# The probability-impact matrix
# --------------------------------------------------------------------------

def decimal(x) -> Fraction:
    """x rounded to 9 decimal places, as the exact decimal a reader writes (the
    band rule rounds first, so floating-point noise cannot move a value)."""
    return Fraction(str(round(float(x), 9)))


def midpoints(scale) -> list[Fraction]:
    """The exact midpoints between neighbouring points (0.3 between 0.2 and 0.4)."""
    return [(Fraction(str(a)) + Fraction(str(b))) / 2 for a, b in zip(scale, scale[1:])]


def probability_band(scale, p) -> int:
    """The nearest point, exactly halfway going to the higher one: the index of
    the first midpoint above p (the number of midpoints at or below it)."""
    x = decimal(p)
    return sum(1 for m in midpoints(scale) if m <= x)


def impact_band(scale, share) -> int:
    """The first point at or above the share (each point is the upper limit of
    its band); a share above the last point gets the last."""
    x = decimal(share)
    return next((i for i, point in enumerate(scale) if Fraction(str(point)) >= x),
                len(scale) - 1)


def reference_cell(matrix, p, share) -> tuple[int, int]:
    return (probability_band(matrix.probability_scale, p),
            impact_band(matrix.impact_scale, share))


def clear_of_rounding(x) -> bool:
    """Whether rounding x to 9 places is unambiguous (x is not within float
    noise of a half-unit of the 9th decimal, where two roundings may differ)."""
    frac = abs(float(x)) * 1e9 % 1
    return abs(frac - 0.5) > 1e-3


def test_presets():
    five, three = PRESETS["5x5"], PRESETS["3x3"]
    assert five == ProbabilityImpactMatrix()
    assert five.probability_scale == (0.1, 0.3, 0.5, 0.7, 0.9)
    assert five.impact_scale == (0.05, 0.1, 0.2, 0.4, 0.8)
    assert five.thresholds == (0.05, 0.18) and five.size == 5
    assert three.probability_scale == (0.2, 0.5, 0.8)
    assert three.impact_scale == (0.1, 0.3, 0.6)
    assert three.thresholds == (0.06, 0.2) and three.size == 3


@FAST
@given(preset=st.sampled_from(sorted(PRESETS)),
       p=st.one_of(st.floats(min_value=0, max_value=1),
                   st.sampled_from([0.2, 0.4, 0.6, 0.8, 0.35, 0.65, 0.4 - 1e-12, 0.4 + 1e-12,
                                    0.4 - 1e-7, 0.1 * 3])),
       share=st.one_of(st.floats(min_value=0, max_value=3),
                       st.sampled_from([0.05, 0.1, 0.2, 0.4, 0.8, 0.3, 0.6, 0.1 * 3,
                                        0.1 + 1e-12, 0.1 + 1e-7, 0.8 + 1e-7, 1.0])))
def test_cell_follows_the_band_rule(preset, p, share):
    """Probability: nearest point, halfway up; impact: first point at or above."""
    matrix = PRESETS[preset]
    assume(clear_of_rounding(p) and clear_of_rounding(share))
    expected = reference_cell(matrix, p, share)
    assert matrix.cell(p, share) == expected
    assert matrix.score(p, share) == pytest.approx(
        matrix.probability_scale[expected[0]] * matrix.impact_scale[expected[1]])


def test_cell_on_the_points_themselves():
    """A scale point maps to itself, on both axes."""
    for matrix in PRESETS.values():
        for i, p in enumerate(matrix.probability_scale):
            for j, share in enumerate(matrix.impact_scale):
                assert matrix.cell(p, share) == (i, j)
                assert matrix.score(p, share) == pytest.approx(p * share)
        assert matrix.cell(0, 0) == (0, 0)
        assert matrix.cell(1, 100) == (matrix.size - 1, matrix.size - 1)


def test_exact_ties_go_up_and_points_are_upper_limits():
    # Scale points whose midpoints are exact binary fractions.
    matrix = ProbabilityImpactMatrix((0.25, 0.5, 0.75), (0.125, 0.25, 0.5))
    # Probability halfway between two points goes up; an impact share between
    # two points goes to the first point at or above it.
    assert matrix.cell(0.375, 0.1875) == (1, 1)
    assert matrix.cell(0.625, 0.375) == (2, 2)
    # A point is the upper limit of its own band; just above it is the next band.
    assert matrix.cell(0.5, 0.25) == (1, 1)
    assert matrix.cell(0.5, 0.25 + 1e-8) == (1, 2)
    assert matrix.cell(0.375 - 1e-8, 0.125 - 1e-8) == (0, 0)
    # Values are rounded to 9 places first: 1e-12 off a limit is on it.
    assert matrix.cell(0.375 - 1e-12, 0.25 + 1e-12) == (1, 1)
    # Shares above the last point get the last.
    assert matrix.cell(0.9, 0.5 + 1e-8) == (2, 2) == matrix.cell(1.0, 40.0)


def test_the_pmbok_limits():
    """PMBOK Guide 5th ed. Table 11-1, cost: "< 10 %" is 0.10, "10-20 %" 0.20,
    "20-40 %" 0.40, "> 40 %" 0.80. Where two ranges meet, the course keeps a
    share in the band of the point it equals."""
    matrix = ProbabilityImpactMatrix()
    point = {share: matrix.impact_scale[matrix.cell(0.5, share)[1]]
             for share in (0.0999, 0.10, 0.1001, 0.20, 0.2001, 0.40, 0.4001)}
    assert point == {0.0999: 0.1, 0.10: 0.1, 0.1001: 0.2, 0.20: 0.2, 0.2001: 0.4,
                     0.40: 0.4, 0.4001: 0.8}


def test_documented_examples_of_the_band_rule():
    five = PRESETS["5x5"]
    assert five.cell(0.62, 0.15) == (3, 2)  # 0.62 -> 0.7; 15 % -> the 0.2 band
    assert five.cell(0.4, 0.1) == (2, 1)    # halfway goes up; 10 % is in the 0.1 band
    assert five.cell(0.8, 0.0) == (4, 0)    # 0.8 counts as 0.9
    assert five.cell(0.4, 0.1000001) == (2, 2)
    assert five.cell(0.05, 0.01) == (0, 0)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_decimal_ties_and_limits_on_both_scales(preset):
    # Probability halfway between two points (0.4 between 0.3 and 0.5) goes to
    # the higher point; an impact share equal to a point (45 days of a 150-day
    # plan is 0.3) stays in that point's band, whatever its binary rounding.
    matrix = PRESETS[preset]
    wrong = []
    for level, mid in enumerate(midpoints(matrix.probability_scale), start=1):
        if matrix.cell(float(mid), 0.0)[0] != level:
            wrong.append(("probability", float(mid), matrix.cell(float(mid), 0.0)[0], level))
    for level, point in enumerate(matrix.impact_scale):
        for share in (point, point * 3 / 3, sum([point / 3] * 3), point * 150 / 150):
            if matrix.cell(0.0, share)[1] != level:
                wrong.append(("impact", share, matrix.cell(0.0, share)[1], level))
        above = min(level + 1, matrix.size - 1)
        if matrix.cell(0.0, point + 1e-6)[1] != above:
            wrong.append(("impact", point + 1e-6, matrix.cell(0.0, point + 1e-6)[1], above))
    assert wrong == []  # (scale, value, level given, level expected)
    assert matrix.cell(0.0, 0.1 * 3)[1] == impact_band(matrix.impact_scale, 0.3)


def test_cell_and_score_are_vectorised():
    matrix = PRESETS["5x5"]
    p = np.array([0.05, 0.62, 0.95, 0.33, 0.4, 0.8])
    share = np.array([0.01, 0.22, 0.9, 0.13, 0.1, 0.05])
    rows, cols = matrix.cell(p, share)
    assert rows.tolist() == [probability_band(matrix.probability_scale, x) for x in p]
    assert cols.tolist() == [impact_band(matrix.impact_scale, x) for x in share]
    assert rows.tolist() == [0, 3, 4, 1, 2, 4] and cols.tolist() == [0, 3, 4, 2, 1, 0]
    scores = matrix.score(p, share)
    assert isinstance(scores, np.ndarray)
    assert scores.tolist() == pytest.approx([matrix.score(a, b) for a, b in zip(p, share)])
    assert matrix.rating(scores).tolist() == [matrix.rating(s) for s in scores]


def test_rating_thresholds():
    five = PRESETS["5x5"]
    assert five.rating(0.05) == "medium"  # at the threshold: the higher band
    assert five.rating(0.0499) == "low"
    assert five.rating(0.18) == "high"
    assert five.rating(0.1799) == "medium"
    assert five.rating(0.0) == "low" and five.rating(0.72) == "high"
    assert five.rating([0.01, 0.05, 0.18, 0.5]).tolist() == ["low", "medium", "high", "high"]
    three = PRESETS["3x3"]
    assert [three.rating(s) for s in (0.059, 0.06, 0.199, 0.2)] == [
        "low", "medium", "medium", "high"]
    assert isinstance(five.rating(0.1), str)
    # The score is rounded to 9 places before the comparison: float noise just
    # below a threshold (0.9 x 0.2 computed as 0.18000000000000002 or
    # 0.17999999999999999) does not change the rating; a real gap does.
    assert five.rating(0.05 - 1e-12) == "medium" and five.rating(0.18 - 1e-12) == "high"
    assert five.rating(0.05 - 1e-8) == "low" and five.rating(0.18 - 1e-8) == "medium"


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_cells_rated_by_their_decimal_score(preset):
    # Each cell's score as a reader computes it (0.9 x 0.2 = 0.18) falls in
    # the band its rating says, also when it lands on a threshold.
    matrix = PRESETS[preset]
    low, high = (Fraction(str(t)) for t in matrix.thresholds)
    for p in matrix.probability_scale:
        for share in matrix.impact_scale:
            exact = Fraction(str(p)) * Fraction(str(share))
            band = "high" if exact >= high else "medium" if exact >= low else "low"
            assert matrix.rating(matrix.score(p, share)) == band, (p, share)


def test_grid_orientation():
    for matrix in PRESETS.values():
        grid = matrix.grid()
        assert grid.shape == (matrix.size, matrix.size)
        assert list(grid.index) == list(matrix.probability_scale[::-1])  # highest first
        assert list(grid.columns) == list(matrix.impact_scale)
        for p in matrix.probability_scale:
            for share in matrix.impact_scale:
                assert grid.loc[p, share] == pytest.approx(p * share)
        assert grid.iloc[0, -1] == grid.to_numpy().max()
        assert grid.iloc[-1, 0] == grid.to_numpy().min()


@pytest.mark.parametrize("args, message", [
    (((0.2, 0.5), (0.1, 0.3)), "probability_scale must have 3 or 5 values, got 2"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.5, 0.7)), "impact_scale must have 3 or 5 values, got 4"),
    (((0.5, 0.2, 0.8), (0.1, 0.3, 0.6)), "probability_scale must increase"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.3)), "impact_scale must increase"),
    (((0.0, 0.5, 0.8), (0.1, 0.3, 0.6)), "must increase and be above 0"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.6, 0.7, 0.8)), "must have the same length"),
    (((0.2, 0.5, 1.2), (0.1, 0.3, 0.6)), r"probability_scale\[2\] must be <= 1"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.6), (0.2, 0.1)), "thresholds must be increasing"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.6), (0.2, 0.2)), "thresholds must be increasing"),
    (((0.2, 0.5, 0.8), (0.1, 0.3, 0.6), (0.1, 1.5)), r"thresholds\[1\] must be <= 1"),
])
def test_matrix_validation(args, message):
    with pytest.raises(ValueError, match=message):
        ProbabilityImpactMatrix(*args)


def test_matrix_rejects_non_numbers():
    with pytest.raises(TypeError, match=r"probability_scale\[1\] must be a number"):
        ProbabilityImpactMatrix((0.2, "0.5", 0.8), (0.1, 0.3, 0.6))


@pytest.mark.parametrize("p, share, message", [
    (1.2, 0.1, "probability must be between 0 and 1"),
    (-0.1, 0.1, "probability must be between 0 and 1"),
    (math.nan, 0.1, "probability must be a finite number, got nan"),
    ([0.5, 1.5], [0.1, 0.1], "probability must be between 0 and 1"),
    (0.5, -0.1, "impact must be a share >= 0"),
    (0.5, math.inf, "impact must be a finite number, got inf"),
    (10 ** 400, 0.1, "probability must be a finite number, got an integer of 401 digits"),
    ([0.1, 0.2], [0.1, 0.2, 0.3], "probability and impact must be numbers or arrays of the "
                                  "same length"),
])
def test_cell_validation(p, share, message):
    with pytest.raises(ValueError, match=message):
        PRESETS["5x5"].cell(p, share)
    with pytest.raises(ValueError, match=message):
        PRESETS["5x5"].score(p, share)


@pytest.mark.parametrize("p, share, name", [
    ("0.5", 0.1, "probability"), (True, 0.1, "probability"), (None, 0.1, "probability"),
    (0.5, "0.1", "impact"), (0.5, [0.1, "x"], "impact"), (0.5, {"a": 1}, "impact"),
])
def test_cell_refuses_what_is_not_a_number(p, share, name):
    # A text is never a number: "0.5" used to be compared as a string.
    with pytest.raises(TypeError, match=rf"^{name} must be a number or a list of numbers, got"):
        PRESETS["5x5"].cell(p, share)


@pytest.mark.parametrize("score, error, message", [
    (math.nan, ValueError, "score must be a finite number, got nan"),
    (math.inf, ValueError, "score must be a finite number, got inf"),
    ("0.5", TypeError, "score must be a number or a list of numbers, got str '0.5'"),
    (True, TypeError, "score must be a number or a list of numbers, got bool True"),
    (-0.1, ValueError, "score must not be below 0, got -0.1"),
    (1.5, ValueError, "score must not be above 1, got 1.5"),
    ([0.1, math.nan], ValueError, r"score must be finite, got \[0.1, nan\]"),
])
def test_rating_refuses_what_is_not_a_score(score, error, message):
    # The probe: rating(nan) was "low" and rating('0.5') was "high".
    with pytest.raises(error, match=message):
        PRESETS["5x5"].rating(score)


# --------------------------------------------------------------------------
# Scoring the register
# --------------------------------------------------------------------------

@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_score_register_against_the_definition(residual, preset):
    reg = load_register()
    matrix = PRESETS[preset]
    budget, duration = 951_000.0, 149.0
    scored = score_register(reg, matrix, budget=budget, duration=duration, residual=residual)
    assert list(scored.columns) == ALL_COLUMNS + ["impact_share", "probability_level",
                                                  "impact_level", "score", "rating"]
    prefix = "residual_" if residual else ""
    for _, row in scored.iterrows():
        share = max(row[f"{prefix}impact_cost"] / budget, row[f"{prefix}impact_days"] / duration)
        assert row["impact_share"] == pytest.approx(share)
        p = row[f"{prefix}probability"]
        i, j = reference_cell(matrix, p, share)
        assert (row["probability_level"], row["impact_level"]) == (i + 1, j + 1)
        assert row["score"] == pytest.approx(matrix.probability_scale[i] * matrix.impact_scale[j])
        assert row["rating"] == matrix.rating(row["score"])
    assert list(reg.columns) == ALL_COLUMNS  # the input is left alone


def test_score_register_default_matrix_and_residual_differs():
    reg = load_register()
    scale = sample_scale()
    plain = score_register(reg, budget=scale["budget"], duration=scale["duration"])
    explicit = score_register(reg, PRESETS["5x5"], budget=scale["budget"],
                              duration=scale["duration"])
    assert plain.equals(explicit)
    after = score_register(reg, budget=scale["budget"], duration=scale["duration"],
                           residual=True)
    # A response never raises the score in the shipped register's threats.
    threats = (reg["kind"] == "threat").to_numpy()
    assert (after["score"].to_numpy()[threats] <= plain["score"].to_numpy()[threats]).all()
    assert (after["score"] != plain["score"]).any()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"budget": 0, "duration": 100}, ValueError, "budget and duration must be > 0"),
    ({"budget": 1000, "duration": 0}, ValueError, "budget and duration must be > 0"),
    ({"budget": -1000, "duration": 100}, ValueError, "budget must be >= 0"),
    ({"budget": 1000, "duration": -5}, ValueError, "duration must be >= 0"),
    ({"budget": "1000", "duration": 100}, TypeError, "budget must be a number"),
    ({"budget": math.nan, "duration": 100}, ValueError, "budget must be a finite number"),
])
def test_score_register_scale_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        score_register(load_register(), **kwargs)


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("column", ["impact_cost", "impact_days"])
@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_score_register_refuses_a_bad_impact(residual, column, bad):
    # A negative or non-finite impact in either column names the risk and
    # the column (the heat-map tool shows this message inline).
    reg = load_register()
    prefix = "residual_" if residual else ""
    at = reg.index[reg["id"] == "R05"][0]
    reg.loc[at, f"{prefix}{column}"] = bad
    with pytest.raises(ValueError, match=rf"'R05'.*'{prefix}{column}'"):
        score_register(reg, budget=1000, duration=10, residual=residual)
    # The whole register is checked, as a file is, whichever columns are scored.
    with pytest.raises(ValueError, match=rf"'R05'.*'{prefix}{column}'"):
        score_register(reg, budget=1000, duration=10, residual=not residual)


def test_score_register_input_errors():
    with pytest.raises(TypeError, match="register must be a DataFrame.*got list"):
        score_register([], budget=1, duration=1)
    with pytest.raises(TypeError, match="matrix must be a ProbabilityImpactMatrix"):
        score_register(load_register(), "5x5", budget=1, duration=1)
    with pytest.raises(ValueError, match="missing the column.*impact_days"):
        score_register(load_register().drop(columns="impact_days"), budget=1, duration=1)


# --------------------------------------------------------------------------
# EMV and exposure
# --------------------------------------------------------------------------

@FAST
@given(st.lists(st.tuples(st.floats(min_value=0, max_value=1),
                          st.floats(min_value=-1e7, max_value=1e7)), min_size=1, max_size=10))
def test_emv_is_probability_times_impact(pairs):
    p, impact = (np.array(col) for col in zip(*pairs))
    values = emv(p, impact)
    assert isinstance(values, np.ndarray)
    for value, (a, b) in zip(values, pairs):
        assert value == a * b
        assert emv(a, b) == a * b and isinstance(emv(a, b), float)


def test_emv_signs():
    assert emv(0.3, -10_000) == pytest.approx(-3_000)
    assert emv(0.3, 10_000) == pytest.approx(3_000)
    assert emv([0.0, 1.0], [-5, -5]).tolist() == [0.0, -5.0]


@pytest.mark.parametrize("p, impact, error, message", [
    (1.2, -10, ValueError, "probability must be between 0 and 1, got 1.2"),
    (-0.1, -10, ValueError, "probability must be between 0 and 1"),
    (math.nan, -10, ValueError, "probability must be a finite number, got nan"),
    ([0.2, 1.1], [1, 1], ValueError, "probability must be between 0 and 1"),
    (0.5, math.inf, ValueError, "impact must be a finite number, got inf"),
    (0.5, [1, math.nan], ValueError, r"impact must be finite, got \[1, nan\]"),
    ("high", -10, TypeError, "probability must be a number or a list of numbers, got str 'high'"),
    (0.5, "big", TypeError, "impact must be a number or a list of numbers, got str 'big'"),
    (True, -10, TypeError, "probability must be a number or a list of numbers, got bool True"),
    ("0.5", "-10", TypeError, "probability must be a number"),
    ([0.1, 0.2], [1, 2, 3], ValueError, r"probability and impact must be numbers or arrays of "
                                        r"the same length, got shapes \(2,\), \(3,\)"),
    (0.5, 10 ** 400, ValueError, "impact must be a finite number, got an integer of 401 digits"),
])
def test_emv_errors(p, impact, error, message):
    with pytest.raises(error, match=message):
        emv(p, impact)


@pytest.mark.parametrize("residual", [False, True])
def test_exposure_against_the_definition(residual):
    reg = load_register()
    table = exposure(reg, residual=residual)
    assert table.index.tolist() == reg["id"].tolist() and table.index.name == "id"
    assert list(table.columns) == ["kind", "status", "emv_cost", "emv_days"]
    prefix = "residual_" if residual else ""
    for _, row in reg.iterrows():
        sign = -1.0 if row["kind"] == "threat" else 1.0
        got = table.loc[row["id"]]
        assert got["emv_cost"] == pytest.approx(sign * row[f"{prefix}probability"]
                                                * row[f"{prefix}impact_cost"])
        assert got["emv_days"] == pytest.approx(sign * row[f"{prefix}probability"]
                                                * row[f"{prefix}impact_days"])
    threats = table[table["kind"] == "threat"]
    opportunities = table[table["kind"] == "opportunity"]
    assert (threats[["emv_cost", "emv_days"]] <= 0).all().all()
    assert (opportunities[["emv_cost", "emv_days"]] >= 0).all().all()


def reserve_reference(reg):
    cost = days = 0.0
    for _, row in reg.iterrows():
        if row["response"] == "accept" and row["status"] == "active":
            sign = -1.0 if row["kind"] == "threat" else 1.0
            cost += sign * row["probability"] * row["impact_cost"]
            days += sign * row["probability"] * row["impact_days"]
    return {"cost": max(0.0, -cost), "days": max(0.0, -days)}


def residual_reserve_reference(reg):
    """The full rule, by a loop over the rows: the net residual EMV of every active
    risk the project keeps (all but the escalated ones)."""
    cost = days = 0.0
    for _, row in reg.iterrows():
        if row["status"] == "active" and row["response"] != "escalate":
            sign = -1.0 if row["kind"] == "threat" else 1.0
            cost += sign * row["residual_probability"] * row["residual_impact_cost"]
            days += sign * row["residual_probability"] * row["residual_impact_days"]
    return {"cost": max(0.0, -cost), "days": max(0.0, -days)}


def test_contingency_reserve_of_the_shipped_register():
    reg = load_register()
    narrow = contingency_reserve(reg, basis="accepted")
    assert narrow == pytest.approx(reserve_reference(reg))
    assert narrow["cost"] > 0 and narrow["days"] > 0
    full = contingency_reserve(reg)
    assert full == pytest.approx(residual_reserve_reference(reg))
    threats = contingency_reserve(reg, net_opportunities=False)
    assert threats == pytest.approx(residual_reserve_reference(
        reg[reg["kind"] == "threat"]))
    # The full rule covers what is left of the mitigated threats too.
    assert threats["cost"] > narrow["cost"]


def test_contingency_reserve_basis_is_checked():
    with pytest.raises(ValueError, match="basis"):
        contingency_reserve(load_register(), basis="all")


def hand_register(rows):
    base = load_register().iloc[[0]].to_dict("records")[0]
    out = []
    for i, changes in enumerate(rows, start=1):
        row = {**base, "id": f"R{i:02d}", "status": "active", "response": "accept", **changes}
        for c in ("probability", "impact_cost", "impact_days"):
            if f"residual_{c}" not in changes:  # residual = original unless given
                row[f"residual_{c}"] = row[c]
        out.append(row)
    return pd.DataFrame(out, columns=ALL_COLUMNS)


def test_contingency_reserve_counts_active_risks_the_project_keeps():
    reg = hand_register([
        {"kind": "threat", "probability": 0.5, "impact_cost": 1000, "impact_days": 4},
        {"kind": "threat", "probability": 0.5, "impact_cost": 9000, "impact_days": 9,
         "status": "closed"},
        {"kind": "threat", "probability": 0.5, "impact_cost": 7000, "impact_days": 7,
         "response": "mitigate", "residual_probability": 0.1},
        {"kind": "opportunity", "probability": 0.2, "impact_cost": 1000, "impact_days": 5,
         "response": "accept"},
    ])
    reserve = contingency_reserve(reg, basis="accepted")
    # only R01 and R04: cost 0.5 x 1000 - 0.2 x 1000, days 0.5 x 4 - 0.2 x 5
    assert reserve == pytest.approx({"cost": 500 - 200, "days": 2 - 1})
    assert reserve == pytest.approx(reserve_reference(reg))
    # The full rule adds R03's residual: 0.1 x 7000 and 0.1 x 7 days.
    assert contingency_reserve(reg) == pytest.approx({"cost": 300 + 700, "days": 1 + 0.7})
    assert contingency_reserve(reg, net_opportunities=False) == pytest.approx(
        {"cost": 500 + 700, "days": 2 + 0.7})
    # Opportunities outweighing threats give no negative reserve.
    generous = hand_register([
        {"kind": "threat", "probability": 0.1, "impact_cost": 100, "impact_days": 1},
        {"kind": "opportunity", "probability": 0.9, "impact_cost": 5000, "impact_days": 10}])
    assert contingency_reserve(generous) == {"cost": 0.0, "days": 0.0}


def test_response_value_against_the_definition():
    # Accepted and escalated risks are left out: the project does not respond
    # to them itself.
    reg = load_register()
    table = response_value(reg)
    acted = reg[[r not in ("accept", "escalate") for r in reg["response"]]]
    assert (reg["response"] == "escalate").any()  # the shipped register has one
    assert table.index.tolist() == acted["id"].tolist()
    assert list(table.columns) == ["response", "emv_before", "emv_after", "improvement",
                                   "response_cost", "net", "pays"]
    for _, row in acted.iterrows():
        sign = -1.0 if row["kind"] == "threat" else 1.0
        before = sign * row["probability"] * row["impact_cost"]
        after = sign * row["residual_probability"] * row["residual_impact_cost"]
        got = table.loc[row["id"]]
        assert got["response"] == row["response"]
        assert got["emv_before"] == pytest.approx(before)
        assert got["emv_after"] == pytest.approx(after)
        assert got["improvement"] == pytest.approx(after - before)
        assert got["response_cost"] == row["response_cost"]
        assert got["net"] == pytest.approx(after - before - row["response_cost"])
        assert bool(got["pays"]) == (after - before > row["response_cost"])
    assert table["pays"].any() and not table["pays"].all()


def test_response_value_by_hand():
    reg = hand_register([
        # threat: EMV -0.5*1000 = -500 -> -0.1*1000 = -100, improvement 400 > 300
        {"kind": "threat", "probability": 0.5, "impact_cost": 1000, "impact_days": 0,
         "response": "mitigate", "response_cost": 300, "residual_probability": 0.1},
        # opportunity: 0.2*1000 = 200 -> 0.6*1000 = 600, improvement 400 < 450
        {"kind": "opportunity", "probability": 0.2, "impact_cost": 1000, "impact_days": 0,
         "response": "enhance", "response_cost": 450, "residual_probability": 0.6},
        {"kind": "threat", "probability": 0.5, "impact_cost": 1000, "impact_days": 0},
        # escalated: handed over, not weighed here even with a cost and residuals
        {"kind": "threat", "probability": 0.5, "impact_cost": 1000, "impact_days": 0,
         "response": "escalate", "response_cost": 10, "residual_probability": 0.1},
        {"kind": "opportunity", "probability": 0.5, "impact_cost": 1000, "impact_days": 0,
         "response": "escalate"},
    ])
    table = response_value(reg)
    assert table.index.tolist() == ["R01", "R02"]
    assert table["improvement"].tolist() == pytest.approx([400, 400])
    assert table["net"].tolist() == pytest.approx([100, -50])
    assert table["pays"].tolist() == [True, False]


def burndown_reference(reg, plan, residual=False):
    """Days 0 and each phase's end (the latest early finish of its tasks),
    sorted and unique; at each day the expected loss of the active threats
    whose phase ends after it."""
    table = schedule.analyse(plan).table
    phase_end = {}
    for task_id, row in table.iterrows():
        phase_end[row["phase"]] = max(phase_end.get(row["phase"], 0.0), row["early_finish"])
    prefix = "residual_" if residual else ""
    threats = [(row[f"{prefix}probability"] * row[f"{prefix}impact_cost"], phase_end[row["phase"]])
               for _, row in reg.iterrows()
               if row["kind"] == "threat" and row["status"] == "active"]
    days = sorted({0.0, *phase_end.values()})
    return days, [math.fsum(loss for loss, closes in threats if closes > day) for day in days]


@pytest.mark.parametrize("residual", [False, True])
def test_burndown_against_the_definition(residual):
    reg = load_register()
    plan = schedule.load_plan()
    curve = burndown(reg, residual=residual)
    days, left = burndown_reference(reg, plan, residual)
    assert list(curve.columns) == ["day", "exposure"]
    assert curve["day"].tolist() == pytest.approx(days)
    assert curve["exposure"].tolist() == pytest.approx(left)
    prefix = "residual_" if residual else ""
    active_threats = reg[(reg["kind"] == "threat") & (reg["status"] == "active")]
    total = float((active_threats[f"{prefix}probability"]
                   * active_threats[f"{prefix}impact_cost"]).sum())
    assert curve["day"].iloc[0] == 0.0
    assert curve["exposure"].iloc[0] == pytest.approx(total)
    assert curve["day"].iloc[-1] == schedule.analyse(plan).duration
    assert curve["exposure"].iloc[-1] == 0.0
    assert curve["day"].is_unique and curve["day"].is_monotonic_increasing
    assert (np.diff(curve["exposure"].to_numpy()) <= 1e-9).all()
    # One point per phase end (the sample plan has one phase per lifecycle phase).
    assert len(curve) == 1 + len(set(schedule.analyse(plan).table["phase"]))


def test_burndown_residual_is_lower_with_responses_in_place():
    reg = load_register()
    plain, after = burndown(reg), burndown(reg, residual=True)
    assert plain["day"].tolist() == after["day"].tolist()
    assert (after["exposure"] <= plain["exposure"] + 1e-9).all()
    assert after["exposure"].iloc[0] < plain["exposure"].iloc[0]


def test_burndown_by_hand():
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "phase": "design", "duration": 5},
        {"id": "b", "name": "B", "phase": "design", "duration": 3, "depends_on": ["a"]},
        {"id": "c", "name": "C", "phase": "testing", "duration": 4, "depends_on": ["b"]},
        {"id": "d", "name": "D", "phase": "testing", "duration": 2, "depends_on": ["b"]}])
    reg = hand_register([
        {"kind": "threat", "phase": "design", "probability": 0.5, "impact_cost": 1000},
        {"kind": "threat", "phase": "testing", "probability": 0.2, "impact_cost": 500,
         "response": "mitigate", "residual_probability": 0.1},
        {"kind": "threat", "phase": "testing", "probability": 0.9, "impact_cost": 800,
         "status": "closed"},
        {"kind": "opportunity", "phase": "design", "probability": 0.5, "impact_cost": 700},
    ])
    # design ends on day 8, testing on day 12 (c: 5 + 3 + 4)
    curve = burndown(reg, plan)
    assert curve["day"].tolist() == [0.0, 8.0, 12.0]
    assert curve["exposure"].tolist() == pytest.approx([500 + 100, 100, 0])
    assert burndown(reg, plan, residual=True)["exposure"].tolist() == pytest.approx(
        [500 + 50, 50, 0])


def test_burndown_with_another_plan_and_errors():
    reg = load_register()
    plan = schedule.load_plan().with_changes(durations={"hypercare": 40})
    curve = burndown(reg, plan)
    days, left = burndown_reference(reg, plan)
    assert curve["day"].tolist() == pytest.approx(days)
    assert curve["exposure"].tolist() == pytest.approx(left)
    assert curve["day"].tolist() != burndown(reg)["day"].tolist()
    with pytest.raises(TypeError):
        burndown(reg, periods=5)  # the periods argument is gone
    with pytest.raises(TypeError, match="register must be a DataFrame"):
        burndown(reg.to_dict())


def test_burndown_refuses_threats_of_a_phase_the_plan_lacks():
    # A plan of its own may have no task in a threat's phase. The threat is
    # still open at day 0, so silently dropping it would understate the
    # exposure from the first day; it is refused, as the Monte Carlo does.
    reg = hand_register([
        {"kind": "threat", "phase": "design", "probability": 0.5, "impact_cost": 1000},
        {"kind": "threat", "phase": "training", "probability": 0.5, "impact_cost": 400},
    ])
    plan = schedule.Plan.from_records([
        {"id": "a", "name": "A", "phase": "design", "duration": 5},
        {"id": "b", "name": "B", "phase": "testing", "duration": 3, "depends_on": ["a"]}])
    with pytest.raises(ValueError, match="training"):
        burndown(reg, plan)
    # Without that threat the curve is drawn.
    assert burndown(reg.iloc[:1], plan)["exposure"].iloc[0] == pytest.approx(500)


def test_sample_scale():
    scale = sample_scale()
    assert scale["budget"] == float(estimating.estimated_plan().cost_most_likely.sum())
    assert scale["duration"] == schedule.analyse(schedule.load_plan()).duration
    assert scale["budget"] == float(sum(e.cost_most_likely for e in estimating.load_estimates()))


def test_re_exports():
    assert risk.pert is estimating.pert and risk.triangular_mean is estimating.triangular_mean
    assert risk.simulate_schedule is montecarlo.simulate_schedule
    assert risk.simulate_cost is montecarlo.simulate_cost
    assert risk.rollback is decision_tree.rollback
    assert risk.load_decision_tree is decision_tree.load_decision_tree
    for name in risk.__all__:
        assert hasattr(risk, name), name


# --------------------------------------------------------------------------
# Issue 11: a register built by hand is checked like a file; overflow; types
# --------------------------------------------------------------------------

REGISTER_FUNCTIONS = {
    "score_register": lambda r: score_register(r, budget=2_500_000, duration=150),
    "exposure": exposure,
    "contingency_reserve": contingency_reserve,
    "response_value": response_value,
    "burndown": risk.burndown,
}


def edited(column, value, row=3):
    reg = load_register().astype({column: object})
    reg.loc[row, column] = value
    return reg


@pytest.mark.parametrize("name", list(REGISTER_FUNCTIONS))
@pytest.mark.parametrize("column, value, error, pattern", [
    ("probability", "0.5", TypeError, r"field 'probability' must be a number, got str '0.5'"),
    ("probability", True, TypeError, r"field 'probability' must be a number, got bool True"),
    ("probability", math.nan, ValueError, r"column 'probability' is empty \(nan\)"),
    ("impact_cost", "lots", TypeError, r"field 'impact_cost' must be a number, got str 'lots'"),
    ("residual_impact_days", -1.0, ValueError, r"field 'residual_impact_days': .*greater than"),
    ("kind", "risk", ValueError, r"field 'kind'"),
    ("phase", "nowhere", ValueError, r"field 'phase': unknown phase 'nowhere'"),
    ("owner", "nobody", ValueError, r"field 'owner': unknown role 'nobody'"),
    ("title", None, ValueError, r"column 'title' is empty \(None\)"),
])
def test_a_bad_cell_is_named_by_row_and_column(name, column, value, error, pattern):
    reg = edited(column, value)
    risk_id = reg.loc[3, "id"]
    with pytest.raises(error, match=rf"register\[3\] \(id '{risk_id}'\): {pattern}"):
        REGISTER_FUNCTIONS[name](reg)


@pytest.mark.parametrize("name", list(REGISTER_FUNCTIONS))
def test_duplicate_ids_missing_and_unknown_columns_are_refused(name):
    function = REGISTER_FUNCTIONS[name]
    reg = load_register()
    reg.loc[3, "id"] = reg.loc[1, "id"]
    with pytest.raises(ValueError, match=rf"register\[3\]: duplicate id '{reg.loc[1, 'id']}' "
                                         r"\(also register\[1\]\)"):
        function(reg)
    with pytest.raises(ValueError, match="register is missing the column"):
        function(load_register().drop(columns="owner"))
    with pytest.raises(ValueError, match=r"field 'probabilty': Extra inputs are not permitted"):
        function(load_register().assign(probabilty=0.5))


def test_html_in_text_is_kept_and_a_scored_register_can_be_passed_back():
    reg = load_register()
    reg.loc[0, "title"] = "<script>alert(1)</script>"
    scored = score_register(reg, budget=2_500_000, duration=150)
    assert scored.loc[0, "title"] == "<script>alert(1)</script>"  # the views escape it
    assert exposure(scored)["emv_cost"].tolist() == exposure(reg)["emv_cost"].tolist()


def test_a_what_if_edit_of_an_accepted_risk_is_allowed():
    # The heat-map tool edits a risk's probability without its residual one;
    # for an accepted risk a file would insist they are equal.
    reg = load_register()
    at = reg.index[reg["response"] == "accept"][0]
    reg.loc[at, "probability"] = 0.99
    scored = score_register(reg, budget=2_500_000, duration=150).set_index("id")
    assert scored.loc[reg.loc[at, "id"], "probability"] == 0.99


def test_sums_that_overflow_are_refused():
    reg = load_register()
    active = reg["status"] == "active"
    huge = reg.assign(impact_cost=np.where(active, 1e308, 0.0),
                      residual_impact_cost=np.where(active, 1e308, 0.0),
                      probability=np.where(active, 1.0, reg["probability"]),
                      residual_probability=np.where(active, 1.0, reg["residual_probability"]))
    with pytest.raises(ValueError, match=r"the contingency reserve \(cost\) cannot be "
                                         r"computed: the amounts are too large"):
        contingency_reserve(huge, net_opportunities=False)
    with pytest.raises(ValueError, match="the exposure left .* cannot be computed"):
        risk.burndown(huge)
    with pytest.raises(ValueError, match=r"the impact share \(impact over budget or "
                                         r"duration\) cannot be computed"):
        score_register(reg, budget=1e-310, duration=150)


def test_a_response_whose_value_overflows_is_refused():
    # A (silly) response that raises a threat's impact to 1e308 and costs
    # 1e308: its net value, -2e308, is not a float.
    reg = load_register()
    acted = reg.index[~reg["response"].isin(["accept", "escalate"])
                      & (reg["kind"] == "threat")][0]
    reg.loc[acted, ["probability", "impact_cost", "residual_probability",
                    "residual_impact_cost", "response_cost"]] = [1.0, 0.0, 1.0, 1e308, 1e308]
    with pytest.raises(ValueError, match=r"the net value of a response \(improvement minus "
                                         r"cost\) cannot be computed"):
        response_value(reg)
    reg.loc[acted, "response_cost"] = 1e307  # -1.1e308 is a float: no error
    assert response_value(reg).loc[reg.loc[acted, "id"], "net"] == pytest.approx(-1.1e308)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: exposure(load_register(), residual="yes"), TypeError,
     "residual must be True or False, got str 'yes'"),
    (lambda: contingency_reserve(load_register(), net_opportunities=1), TypeError,
     "net_opportunities must be True or False, got int 1"),
    (lambda: risk.burndown(load_register(), plan="plan"), TypeError,
     "plan must be a Plan, got str 'plan'"),
    (lambda: score_register(load_register(), matrix=pd.DataFrame(), budget=1, duration=1),
     TypeError, "matrix must be a ProbabilityImpactMatrix, got DataFrame"),
    (lambda: ProbabilityImpactMatrix(None), TypeError,
     "probability_scale must be a tuple of numbers, got NoneType None"),
    (lambda: ProbabilityImpactMatrix(thresholds=(0.1,)), ValueError,
     r"thresholds must be two numbers \(medium, high\), got \(0.1,\)"),
    (lambda: ProbabilityImpactMatrix(thresholds=(0.1, True)), TypeError,
     r"thresholds\[1\] must be a number, got bool True"),
])
def test_switches_plans_and_matrices_are_checked(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_huge_impact_shares_fall_in_the_last_column_without_overflow_warnings():
    import warnings

    matrix = risk.ProbabilityImpactMatrix()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert matrix.cell(0.5, 1e308)[1] == matrix.size - 1
        assert matrix.cell(0.5, 1e308) == matrix.cell(0.5, 10.0)
