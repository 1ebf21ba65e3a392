"""implcourse.estimating: three-point estimates and estimated plans.

The PERT and triangular formulas are compared with arithmetic written here
(exact fractions for the hypothesis examples), scalar and vectorised; then
the validation of estimates, estimated plans and estimate files is checked
message by message.
"""

from __future__ import annotations

import csv
import io
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import estimating, schedule
from implcourse.content import ContentError
from implcourse.estimating import (Estimate, EstimatedPlan, ThreePoint, estimated_plan,
                                   load_estimates, path_variance, pert, triangular_mean)

FAST = settings(max_examples=100, deadline=None)

values = st.floats(min_value=0, max_value=1e4, allow_nan=False, allow_infinity=False)


@st.composite
def ordered(draw):
    """An ordered triple O <= M <= P of non-negative numbers."""
    return tuple(sorted(draw(st.tuples(values, values, values))))


def pert_reference(o, m, p):
    """PERT mean, sd and variance by exact rational arithmetic."""
    o, m, p = Fraction(o), Fraction(m), Fraction(p)
    mean = (o + 4 * m + p) / 6
    sd = (p - o) / 6
    return float(mean), float(sd), float(sd * sd)


# --------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------

@FAST
@given(ordered())
def test_pert_against_exact_arithmetic(triple):
    estimate = pert(*triple)
    mean, sd, variance = pert_reference(*triple)
    assert isinstance(estimate, ThreePoint)
    assert math.isclose(estimate.mean, mean, rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(estimate.sd, sd, rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(estimate.variance, variance, rel_tol=1e-11, abs_tol=1e-9)
    assert triple[0] - 1e-9 <= estimate.mean <= triple[2] + 1e-9


@FAST
@given(ordered())
def test_triangular_mean_against_exact_arithmetic(triple):
    expected = float(sum(Fraction(x) for x in triple) / 3)
    value = triangular_mean(*triple)
    assert isinstance(value, float)
    assert math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-9)


@FAST
@given(ordered())
def test_triangular_mean_lies_further_along_the_long_tail(triple):
    # (O+M+P)/3 - (O+4M+P)/6 = (O + P - 2M)/6: positive when the pessimistic
    # tail is the longer one.
    o, m, p = triple
    difference = triangular_mean(o, m, p) - pert(o, m, p).mean
    assert math.isclose(difference, (o + p - 2 * m) / 6, rel_tol=1e-9, abs_tol=1e-7)


@FAST
@given(st.lists(ordered(), min_size=1, max_size=8))
def test_vectorised_equals_one_by_one(triples):
    o, m, p = (np.array(col) for col in zip(*triples))
    estimate = pert(o, m, p)
    assert isinstance(estimate.mean, np.ndarray)
    for i, triple in enumerate(triples):
        single = pert(*triple)
        assert estimate.mean[i] == pytest.approx(single.mean, rel=1e-12, abs=1e-12)
        assert estimate.sd[i] == pytest.approx(single.sd, rel=1e-12, abs=1e-12)
    tri = triangular_mean(o, m, p)
    assert tri == pytest.approx([triangular_mean(*t) for t in triples], rel=1e-12, abs=1e-12)


def test_arrays_broadcast_with_numbers():
    estimate = pert(1, [2, 3, 4], 10)
    assert estimate.mean.tolist() == pytest.approx([(1 + 8 + 10) / 6, (1 + 12 + 10) / 6,
                                                    (1 + 16 + 10) / 6])
    assert estimate.sd.tolist() == pytest.approx([1.5, 1.5, 1.5])
    assert triangular_mean([0, 3], [3, 3], 9).tolist() == pytest.approx([4.0, 5.0])


def test_scalar_inputs_give_floats():
    estimate = pert(2, 4, 9)
    assert isinstance(estimate.mean, float) and isinstance(estimate.sd, float)
    assert estimate.mean == pytest.approx((2 + 16 + 9) / 6)
    assert pert(5, 5, 5).sd == 0.0 and pert(5, 5, 5).mean == 5.0


@FAST
@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=20))
def test_path_variance_is_the_sum(variances):
    assert path_variance(variances) == pytest.approx(math.fsum(variances), rel=1e-12, abs=1e-9)


def test_path_sd_is_not_the_sum_of_sds():
    tasks = [pert(1, 2, 3), pert(1, 4, 7), pert(1, 2, 9)]
    sd = math.sqrt(path_variance([t.variance for t in tasks]))
    assert sd == pytest.approx(math.sqrt((2 / 6) ** 2 + 1 + (8 / 6) ** 2))
    assert sd < sum(t.sd for t in tasks)
    assert path_variance(np.array([0.25, 0.75])) == 1.0


# --------------------------------------------------------------------------
# Validation of estimates
# --------------------------------------------------------------------------

@pytest.mark.parametrize("function", [pert, triangular_mean])
def test_unordered_estimates_are_named(function):
    with pytest.raises(ValueError, match=r"ordered optimistic <= most_likely <= pessimistic, "
                                         r"got 5, 4, 6"):
        function(5, 4, 6)
    with pytest.raises(ValueError, match=r"got 1, 7, 6"):
        function(1, 7, 6)
    with pytest.raises(ValueError, match=r"got 3, 2, 4 \(at position \(1,\)\)"):
        function([1, 3], [2, 2], [4, 4])


@pytest.mark.parametrize("function", [pert, triangular_mean])
@pytest.mark.parametrize("args, name", [((-1, 2, 3), "optimistic"),
                                        ((1, -2, 3), "most_likely"),
                                        ((0, 0, -3), "pessimistic")])
def test_negative_estimates(function, args, name):
    with pytest.raises(ValueError, match=f"{name} must not be negative"):
        function(*args)


@pytest.mark.parametrize("function", [pert, triangular_mean])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_estimates(function, bad):
    with pytest.raises(ValueError, match="most_likely must be (a )?finite"):
        function(1, bad, 3)
    with pytest.raises(ValueError, match="pessimistic must be (a )?finite"):
        function(1, 2, [3, bad])


@pytest.mark.parametrize("function", [pert, triangular_mean])
@pytest.mark.parametrize("bad", ["4", b"4", None, ["a", "b"], {"x": 1}])
def test_non_numbers(function, bad):
    with pytest.raises(TypeError, match="most_likely must be a number"):
        function(1, bad, 9)


@pytest.mark.parametrize("bad", [[], 3.0, [[1.0, 2.0]], "1,2"])
def test_path_variance_shape(bad):
    with pytest.raises(TypeError, match="variances must be a non-empty sequence"):
        path_variance(bad)


@pytest.mark.parametrize("bad", [[1.0, -0.5], [math.nan], [1.0, math.inf]])
def test_path_variance_values(bad):
    with pytest.raises(ValueError, match="variances must be finite and >= 0"):
        path_variance(bad)


def test_path_variance_names_the_parameter_for_strings():
    # The validation contract (implcourse/validation.py): every public
    # function raises TypeError or ValueError with a message naming the
    # parameter. A list of strings currently leaks numpy's "could not
    # convert string to float: 'a'", which names no parameter.
    with pytest.raises((TypeError, ValueError), match="variances"):
        path_variance(["a", "b"])


# --------------------------------------------------------------------------
# Estimated plans
# --------------------------------------------------------------------------

def small_plan():
    return schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 2},
        {"id": "b", "name": "B", "duration": 3, "depends_on": ["a"]},
        {"id": "c", "name": "C", "duration": 1, "depends_on": ["a"]}])


def test_default_estimated_plan_matches_the_plan():
    plan = schedule.load_plan()
    tasks = estimated_plan()
    assert isinstance(tasks, EstimatedPlan)
    assert tasks.ids == plan.ids
    durations = [plan.task(t).duration for t in plan.ids]
    assert tasks.most_likely.tolist() == durations
    assert (tasks.optimistic <= tasks.most_likely).all()
    assert (tasks.most_likely <= tasks.pessimistic).all()
    assert (tasks.cost_optimistic <= tasks.cost_most_likely).all()
    assert (tasks.cost_most_likely <= tasks.cost_pessimistic).all()
    assert (tasks.cost_optimistic >= 0).all()
    # Every estimate row lands on its own task.
    by_id = {e.id: e for e in load_estimates()}
    assert set(by_id) == set(plan.ids)
    for i, task_id in enumerate(tasks.ids):
        e = by_id[task_id]
        assert (tasks.optimistic[i], tasks.pessimistic[i], tasks.cost_most_likely[i]) == (
            e.optimistic, e.pessimistic, e.cost_most_likely)


def test_estimated_plan_frame_and_pert():
    tasks = estimated_plan()
    frame = tasks.to_frame()
    assert frame.index.tolist() == tasks.ids
    expected = (tasks.optimistic + 4 * tasks.most_likely + tasks.pessimistic) / 6
    assert frame["pert_mean"].to_numpy() == pytest.approx(expected)
    assert frame["pert_sd"].to_numpy() == pytest.approx((tasks.pessimistic - tasks.optimistic) / 6)
    assert tasks.pert().mean == pytest.approx(expected)


def test_mapping_form_in_plan_order():
    tasks = estimated_plan(small_plan(), {"c": (1, 1, 2), "a": (1, 2, 4), "b": (2, 3, 7)})
    assert tasks.ids == ["a", "b", "c"]
    assert tasks.optimistic.tolist() == [1, 2, 1]
    assert tasks.most_likely.tolist() == [2, 3, 1]
    assert tasks.pessimistic.tolist() == [4, 7, 2]
    assert tasks.cost_most_likely.tolist() == [0, 0, 0]


def test_estimate_objects_form():
    rows = [Estimate(id=t, optimistic=1, most_likely=2, pessimistic=3, cost_optimistic=10,
                     cost_most_likely=20, cost_pessimistic=40) for t in ("b", "c", "a")]
    tasks = estimated_plan(small_plan(), rows)
    assert tasks.ids == ["a", "b", "c"]
    assert tasks.cost_pessimistic.tolist() == [40, 40, 40]


def test_missing_and_unknown_tasks():
    plan = small_plan()
    with pytest.raises(ValueError, match="no estimate for task 'b'"):
        estimated_plan(plan, {"a": (1, 2, 3), "c": (1, 2, 3)})
    with pytest.raises(ValueError, match="names 'zz', which is not a task of the plan"):
        estimated_plan(plan, {"a": (1, 2, 3), "b": (1, 2, 3), "c": (1, 2, 3),
                              "zz": (1, 2, 3)})


@pytest.mark.parametrize("bad", [(1, 2), (1, 2, 3, 4), "123"])
def test_bad_tuples(bad):
    with pytest.raises(ValueError, match=r"estimates\['a'\] must be \(optimistic, most_likely, "
                                         r"pessimistic\)"):
        estimated_plan(small_plan(), {"a": bad, "b": (1, 2, 3), "c": (1, 2, 3)})


def test_unordered_tuple_names_the_task():
    with pytest.raises(ValueError, match=r"estimates\['b'\] optimistic.*got 3, 2, 4"):
        estimated_plan(small_plan(), {"a": (1, 2, 3), "b": (3, 2, 4), "c": (1, 2, 3)})
    with pytest.raises(ValueError, match="must not be negative"):
        estimated_plan(small_plan(), {"a": (-1, 2, 3), "b": (1, 2, 3), "c": (1, 2, 3)})


def test_a_number_instead_of_a_tuple_names_the_task():
    # The validation contract: a message naming the parameter. A bare
    # number currently raises Python's "object of type 'int' has no len()".
    with pytest.raises((TypeError, ValueError), match=r"estimates\['a'\]"):
        estimated_plan(small_plan(), {"a": 5, "b": (1, 2, 3), "c": (1, 2, 3)})


@pytest.mark.parametrize("bad", [{1, 2, 3}, {"o": 1, "m": 2, "p": 3}, None, 2.5])
def test_a_non_sequence_estimate_names_the_task(bad):
    # Three values without an order (a set, a dict) or no values at all are
    # refused with the task named, not with Python's own "not subscriptable".
    with pytest.raises(ValueError, match=r"estimates\['a'\] must be \(optimistic, "
                                         r"most_likely, pessimistic\)"):
        estimated_plan(small_plan(), {"a": bad, "b": (1, 2, 3), "c": (1, 2, 3)})


def test_lists_work_as_well_as_tuples():
    tasks = estimated_plan(small_plan(), {"a": [1, 2, 4], "b": (2, 3, 7), "c": [1, 1, 2]})
    assert tasks.pessimistic.tolist() == [4, 7, 2]


def test_bad_plan_and_estimate_types():
    with pytest.raises(TypeError, match="plan must be a Plan, got dict"):
        estimated_plan({"a": 1}, {})
    with pytest.raises(TypeError, match=r"estimates\[0\] must be an Estimate or a dict, got tuple"):
        estimated_plan(small_plan(), [("a", 1, 2, 3)])


# --------------------------------------------------------------------------
# Estimate files
# --------------------------------------------------------------------------

HEADER = ["id", "optimistic", "most_likely", "pessimistic", "cost_optimistic",
          "cost_most_likely", "cost_pessimistic"]


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


GOOD = [("a", 1, 2, 4, 100, 200, 300), ("b", 2, 3, 7, 10, 20, 30)]


def test_load_estimates_from_a_file(write):
    path = write("estimates.csv", csv_text(GOOD))
    rows = load_estimates(str(path))
    assert [r.id for r in rows] == ["a", "b"]
    tasks = estimated_plan(small_plan().with_changes(depends_on={"c": ["a"]}),
                           list(rows) + [Estimate(id="c", optimistic=0, most_likely=0,
                                                  pessimistic=0)])
    assert tasks.cost_most_likely.tolist() == [200, 20, 0]


@pytest.mark.parametrize("row, column, message", [
    (("b", 5, 3, 7, 10, 20, 30), None, "days must be ordered optimistic <= most_likely "
                                       "<= pessimistic, got 5, 3, 7"),
    (("b", 2, 3, 7, 10, 40, 30), None, "costs must be ordered cost_optimistic <= "
                                       "cost_most_likely <= cost_pessimistic, got 10, 40, 30"),
    (("b", -2, 3, 7, 10, 20, 30), "optimistic", "greater than or equal to 0"),
    (("b", 2, "x", 7, 10, 20, 30), "most_likely", "number"),
    (("b", 2, 3, "inf", 10, 20, 30), "pessimistic", "finite"),
    (("B!", 2, 3, 7, 10, 20, 30), "id", "lower-case letters"),
])
def test_bad_estimate_rows(write, row, column, message):
    path = write("estimates.csv", csv_text([GOOD[0], row]))
    with pytest.raises(ContentError) as err:
        estimating.load_estimates(str(path))
    assert err.value.file == str(path)
    assert err.value.entry.startswith("row 3")
    assert message in err.value.message
    if column is not None:
        assert err.value.field == column
    if row[0] == "b":
        assert "(id 'b')" in err.value.entry


def test_duplicate_estimate_ids(write):
    path = write("estimates.csv", csv_text([GOOD[0], GOOD[1], GOOD[0]]))
    with pytest.raises(ContentError, match="duplicate id 'a'") as err:
        load_estimates(str(path))
    assert err.value.entry.startswith("row 4")


def test_an_edited_estimates_file_is_read_again(write):
    # Like the risk register (re-read when its file changes), a learner's
    # own estimates file should not be served from a stale cache.
    path = write("estimates.csv", csv_text(GOOD))
    assert load_estimates(str(path))[0].pessimistic == 4
    write("estimates.csv", csv_text([("a", 1, 2, 9, 100, 200, 300), GOOD[1]]))
    assert load_estimates(str(path))[0].pessimistic == 9


# --------------------------------------------------------------------------
# Issue 11: overflow, unchecked types, hand-built tables
# --------------------------------------------------------------------------

@pytest.mark.parametrize("args, pattern", [
    ((1e308, 1e308, 1e308), "the PERT mean of optimistic, most_likely and pessimistic "
                            "cannot be computed"),
    ((0, 0, 1e200), "the PERT variance of optimistic and pessimistic cannot be computed"),
    ((0, [1.0, 1e308], [2.0, 1e308]), "the PERT mean"),
])
def test_pert_that_overflows_is_refused(args, pattern):
    # Each input is finite, but 4M or ((P - O)/6)**2 is not.
    with pytest.raises(ValueError, match=pattern):
        pert(*args)


def test_triangular_mean_and_path_variance_that_overflow_are_refused():
    with pytest.raises(ValueError, match="the triangular mean .* cannot be computed"):
        triangular_mean(1e308, 1e308, 1e308)
    with pytest.raises(ValueError, match=r"the path variance \(the sum of variances\) cannot "
                                         r"be computed"):
        path_variance([1e308, 1e308])


@pytest.mark.parametrize("bad, error, pattern", [
    (True, TypeError, "most_likely must be a number or a list of numbers, got bool True"),
    ([1, True], TypeError, "most_likely must be a number or a list of numbers, got list True"),
    (10 ** 400, ValueError, "most_likely must be a finite number, got an integer of 401 digits"),
    ([2, 10 ** 400], ValueError, "most_likely must be finite numbers, got an integer of 401"),
    ([], ValueError, r"most_likely must not be empty, got \[\]"),
    ([[1, 2], [3]], TypeError, "most_likely must be a number or a list of numbers"),
    (np.array(["2"]), TypeError, "most_likely must be a number or a list of numbers"),
])
def test_estimates_that_are_not_numbers(bad, error, pattern):
    with pytest.raises(error, match=pattern):
        pert(1, bad, 1e6)


def test_estimates_of_different_lengths_are_named():
    with pytest.raises(ValueError, match=r"optimistic, most_likely and pessimistic must be "
                                         r"numbers or arrays of the same length, got shapes "
                                         r"\(2,\), \(3,\), \(\)"):
        pert([1, 2], [3, 4, 5], 9)


def estimate_rows():
    return [{"id": "a", "optimistic": 1.0, "most_likely": 2.0, "pessimistic": 4.0,
             "cost_optimistic": 10.0, "cost_most_likely": 20.0, "cost_pessimistic": 40.0},
            {"id": "b", "optimistic": 2.0, "most_likely": 3.0, "pessimistic": 7.0,
             "cost_optimistic": 0.0, "cost_most_likely": 0.0, "cost_pessimistic": 0.0}]


def two_task_plan():
    return schedule.Plan.from_records([
        {"id": "a", "name": "A", "duration": 2},
        {"id": "b", "name": "B", "duration": 3, "depends_on": ["a"]}])


def test_estimates_as_dicts_or_a_dataframe_equal_estimate_objects():
    import pandas as pd

    plan = two_task_plan()
    expected = estimated_plan(plan, [Estimate(**row) for row in estimate_rows()])
    for given_as in (estimate_rows(), pd.DataFrame(estimate_rows())):
        got = estimated_plan(plan, given_as)
        for name in ("optimistic", "most_likely", "pessimistic", "cost_optimistic",
                     "cost_most_likely", "cost_pessimistic"):
            assert getattr(got, name).tolist() == getattr(expected, name).tolist()


def test_two_estimates_for_one_task_are_an_error():
    # Not "last one wins": the second estimate for 'a' is named.
    rows = estimate_rows() + [dict(estimate_rows()[0], pessimistic=9.0)]
    with pytest.raises(ValueError, match=r"estimates\[2\]: duplicate id 'a' \(also "
                                         r"estimates\[0\]\)"):
        estimated_plan(two_task_plan(), rows)
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        estimated_plan(two_task_plan(), [Estimate(**r) for r in rows])


@pytest.mark.parametrize("column, value, error, pattern", [
    ("most_likely", float("nan"), ValueError, r"estimates\[1\] \(id 'b'\): column "
                                              r"'most_likely' is empty \(nan\)"),
    ("most_likely", "3", TypeError, r"estimates\[1\] \(id 'b'\): field 'most_likely' must be "
                                    r"a number, got str '3'"),
    ("pessimistic", True, TypeError, r"field 'pessimistic' must be a number, got bool True"),
    ("pessimistic", -1.0, ValueError, r"estimates\[1\] \(id 'b'\): field 'pessimistic'"),
])
def test_a_bad_cell_in_an_estimates_table_is_named(column, value, error, pattern):
    import pandas as pd

    frame = pd.DataFrame(estimate_rows()).astype(object)
    frame.loc[1, column] = value
    with pytest.raises(error, match=pattern):
        estimated_plan(two_task_plan(), frame)


def test_an_estimated_plan_built_by_hand_is_checked():
    plan = two_task_plan()
    ok = [np.array([1.0, 2.0])] * 3 + [np.zeros(2)] * 3
    assert EstimatedPlan(plan, *ok).pert().mean.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"optimistic must hold one value per task of the "
                                         r"plan \(2\), got shape \(3,\)"):
        EstimatedPlan(plan, *([np.ones(3)] * 3 + [np.zeros(2)] * 3))
    with pytest.raises(ValueError, match="cost_optimistic must be a finite number, got nan"):
        EstimatedPlan(plan, *([np.ones(2)] * 3 + [math.nan, np.zeros(2), np.zeros(2)]))
    with pytest.raises(TypeError, match="plan must be a Plan, got str"):
        EstimatedPlan("plan", *ok)
