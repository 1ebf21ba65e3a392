"""Every public callable of the core, sent hostile input (issue 11, "Tests").

The harness is in ``tests/fuzz_support.py`` (read its docstring). One test
per callable: it starts from the valid calls found in the docstring
examples and replaces one argument at a time with a hostile value (None,
booleans, NaN, infinities, huge integers, numbers as strings, HTML, empty,
ragged or huge lists, tables with the wrong columns, a valid number scaled
by 1e300...). Only these outcomes are allowed: a normal return whose
floats are all finite, or a ``TypeError``/``ValueError`` whose message
names the parameter. Another exception, a message that does not say which
input is wrong, a NaN or infinity in the result, or a call that runs longer
than the timeout fails the test, with every distinct failure listed.

Run the callables of one module: ``pytest tests/test_fuzz.py -k metrics.kpis``.
The figures for the whole core: ``python tools/fuzz_report.py``.
"""

from __future__ import annotations

import math

import pytest

import fuzz_support as fz

KEYS = [t.key for t in fz.targets()]


def test_every_core_module_imports():
    assert fz.IMPORT_ERRORS == {}


def test_the_core_has_public_callables_to_fuzz():
    modules = {t.module for t in fz.targets()}
    # Functions, constructors and methods of the core, views excluded.
    assert {"implcourse.finance", "implcourse.metrics.earned_value", "implcourse.risk",
            "implcourse.schedule", "implcourse.exercises.finance"} <= modules
    assert not any(m.startswith(("implcourse.widgets", "implcourse.plots", "implcourse.cli"))
                   for m in modules)
    kinds = {t.kind for t in fz.targets()}
    assert kinds == {"function", "class", "method"}


def test_most_public_callables_have_a_valid_baseline_call():
    missing = [t.key for t in fz.targets() if not fz.baselines(t.key)]
    covered = 1 - len(missing) / len(KEYS)
    assert covered > 0.9, f"{covered:.0%} covered; no valid call for:\n" + "\n".join(missing)


@pytest.mark.parametrize("key", KEYS)
def test_public_callable_refuses_hostile_input_by_name(key):
    outcomes = fz.fuzz(key)
    failures = fz.describe_failures(outcomes)
    assert not failures, f"\n{failures}"
    target = fz.target(key)
    if any(fz.slots(target, call) for call in fz.baselines(key)):   # it takes input
        assert outcomes, f"{key}: no hostile call was made"


# --------------------------------------------------------------------------
# The harness can fail: one deliberately bad toy function per failure class
# --------------------------------------------------------------------------

def _kinds(func, *args, **kwargs) -> set[str]:
    toy = fz.Target(f"toy.{func.__name__}", "toy", func, "function", name=func.__name__)
    return {o.kind for o in fz.fuzz_target(toy, [fz.Call(list(args), kwargs)], max_examples=60)}


def _well_behaved(amount, note="x"):
    """Checks its input like the core should."""
    from implcourse.validation import check_finite, check_number, check_str
    amount = check_number("amount", amount, minimum=0)
    check_str("note", note)
    return check_finite("twice the amount", amount * 2)


def _raw_error(amount, note="x"):
    return {"a": 1}[str(amount)]                       # KeyError: not a documented error


def _anonymous_error(amount, note="x"):
    if not isinstance(amount, (int, float)) or amount != 100:
        raise ValueError("bad input")                  # which input? the message does not say
    return 1.0


def _nonfinite(amount, note="x"):
    try:
        return float(amount) * 1e300 * 1e10            # inf for big amounts, NaN for NaN
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"amount must be a number, got {amount!r}") from None


def _hangs(amount, note="x"):
    while amount != 100:                               # never returns for bad input
        pass
    return 1.0


def test_a_well_behaved_function_passes_the_harness():
    assert _kinds(_well_behaved, 100, note="x") <= {"ok", "documented"}
    assert "documented" in _kinds(_well_behaved, 100, note="x")


def test_the_harness_catches_an_undocumented_exception():
    assert "other" in _kinds(_raw_error, 100)


def test_the_harness_catches_a_message_that_does_not_name_the_parameter():
    assert "unnamed" in _kinds(_anonymous_error, 100)


def test_the_harness_catches_a_result_that_is_not_finite():
    assert "nonfinite" in _kinds(_nonfinite, 100)


def test_the_harness_catches_a_hang(monkeypatch):
    monkeypatch.setattr(fz, "TIMEOUT", 0.05)
    assert "hang" in _kinds(_hangs, 100)


def test_nonfinite_values_are_found_inside_any_result():
    import dataclasses

    import numpy as np
    import pandas as pd

    @dataclasses.dataclass
    class Result:
        values: dict

    assert fz.nonfinite_in(Result({"a": [1.0, (2.0, math.nan)]})) is not None
    assert fz.nonfinite_in(pd.DataFrame({"x": [1.0, math.inf]})) is not None
    assert fz.nonfinite_in(np.array([[1.0], [-math.inf]])) is not None
    assert fz.nonfinite_in({"ok": [1.0, 2], "text": "nan"}) is None


def test_a_message_names_the_parameter_in_any_spelling():
    assert fz.names_parameter("Discount rate must be a number", ["discount_rate"])
    assert fz.names_parameter("task 'b': duration must be >= 0", ["tasks"])
    assert not fz.names_parameter("could not convert string to float", ["rate"])
