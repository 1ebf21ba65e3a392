"""The fuzz harness: every public callable of the core, sent hostile input.

Used by ``tests/test_fuzz.py`` (one pytest test per callable) and by
``tools/fuzz_report.py`` (the same calls without pytest, with figures per
module). It stays out of the package: the course never needs it.

How it works
------------
1. **Targets.** Every module under ``implcourse`` except the views
   (``widgets``, ``plots``) and the command line is imported. Each name in a
   module's ``__all__`` that is a function or a class (its constructor) is a
   target (a function behind ``functools.lru_cache`` too), and so is every
   public method that takes input of every public class defined in the
   core (``EarnedValue.forecast``, ``Plan.critical_paths``, an exercise's
   ``check``...). Not targets: views (``form``), and the constructors of
   plain result records (dataclasses with no checks of their own, such as
   ``Projection``), which the core returns and never takes as input.
2. **Valid baseline calls** come from the docstring examples, which the
   suite runs as doctests and so are known to be valid. The examples of a
   module run in order, like doctest runs them, while a profiler watches
   every call made *directly by an example's code* to a target and records
   its evaluated arguments (a deep copy, taken before the call runs).
   Recorded calls that raise when replayed (examples of errors) are dropped.
   A few callables that no example calls get a baseline from the small
   hand registry :data:`HAND_CALLS`.
3. **Hostile input.** For each baseline and each parameter in turn, one
   argument is replaced by a value from :func:`variants`: the generic
   hostile values of :data:`HOSTILE`, plus values derived from the valid
   one (the number scaled by 1e300, one element of a list or one cell of a
   table made NaN, None, a string or a duplicate, a table with the wrong
   columns...). Hypothesis draws which baseline, which parameter and which
   value, deterministically (``derandomize=True``).
4. **Allowed outcomes.** The call returns, and every float in the result
   (through tuples, lists, dicts, dataclasses, pydantic models, numpy
   arrays and pandas objects) is finite, unless :data:`NAN_DOCUMENTED`
   says the function documents NaN for that case; or it raises
   ``TypeError`` or ``ValueError`` (``ContentError`` included) whose
   message names the parameter (see :func:`names_parameter`). Anything
   else is a failure: another exception, a message that does not say
   which input is wrong, a non-finite result, or a call that runs longer
   than :data:`TIMEOUT` seconds (a hang). A message may name a parameter
   in the learner's words when they contain its name ("Project
   (project_id)"), by a nested field that was made hostile, by the label
   an answer field or an exercise's form shows, by the name a helper was
   told to use (``name=``/``label=``), or, for a parameter that takes a
   dataset, by "dataset"/"content file" (see :data:`ALIASES`).

Callables with no baseline at all are still called, with every parameter
hostile at once; their message must then name one of the parameters.

Run one module: ``pytest tests/test_fuzz.py -k metrics.kpis``.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import doctest
import enum
import importlib
import inspect
import io
import math
import numbers
import os
import pkgutil
import re
import resource
import signal
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np

from implcourse.content import ContentError
import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import implcourse

#: Parts of the package that are views or the command line, not the core.
# The workshop's two entry points (the participant's server and the dashboard
# service) are programs, like the CLI: they exec or serve, so they are not fuzzed;
# nor is its JupyterHub plug-in (auth), whose settings are traitlets'.
SKIPPED = ("implcourse.widgets", "implcourse.plots", "implcourse.cli", "implcourse._version",
           "implcourse.workshop.singleuser", "implcourse.workshop.dashboard_service",
           "implcourse.workshop.auth")

#: Seconds one call may take before it counts as a hang.
TIMEOUT = 5.0
#: Extra address space (bytes) a single call may take before it gets a
#: MemoryError (counted as a failure), so a runaway call cannot exhaust the
#: machine while the timeout is pending.
MEMORY_HEADROOM = 3 * 1024 ** 3
#: Baselines kept per callable (the first distinct valid ones).
MAX_BASELINES = 3
#: Hypothesis examples per callable in the test suite (the report can ask for more).
EXAMPLES = 20

#: Functions that document NaN (or inf) in their result for some input:
#: qualified name -> where it is documented. A non-finite value in their
#: result is accepted. Keep this list short, and each entry documented.
NAN_DOCUMENTED: dict[str, str] = {
    # evm_table/evm on arrays: "CPI = 0 ... forecasts are NaN in arrays" (module docstring).
    "implcourse.metrics.earned_value.evm": "NaN in arrays when EV = 0 or the budget is spent",
    "implcourse.metrics.earned_value.EarnedValue": "NaN in arrays, as evm",
    # irr on a 2-D array: "NaN for rows that never change sign or have no real IRR".
    "implcourse.finance.irr": "NaN rows of a 2-D array without an IRR",
    # "math.inf if the money never comes back" (payback_period, and
    # discounted_payback_period "the same as payback_period").
    "implcourse.finance.payback_period": "inf when the money never comes back",
    "implcourse.finance.discounted_payback_period": "inf when the money never comes back",
    # evaluate: "irr (NaN when the net flows never change sign or have no real
    # IRR) ... payback and discounted_payback (inf when never)".
    "implcourse.finance.evaluate": "NaN IRR / inf payback, as documented",
    # BusinessCase.metrics: "IRR is NaN when the net flows never change sign;
    # paybacks are inf when the money never comes back".
    "implcourse.business_case.BusinessCase.metrics": "NaN IRR / inf payback, as documented",
    # "Where the winner never changes within 0-100 % the numbers are NaN".
    "implcourse.partners.scoring.weight_sensitivity": "NaN moves where the winner never changes",
    # "moves are NaN, and leaders empty, where the leader never changes".
    "implcourse.rollout.strategy.weight_sensitivity": "NaN moves where the leader never changes",
    # "CSAT change" and "NPS change": "empty for the first" check-in.
    "implcourse.stakeholders.client.survey_by_checkin": "empty change for the first check-in",
    # "Ratio to one fewer person": "empty where n - 1 has no channels".
    "implcourse.stakeholders.communication.channel_growth": "empty ratio where n-1 has none",
    # Board.items: days and cycle time "missing, NaN, while not started or not finished".
    "implcourse.methods.flow.simulate_board": "NaN days for items not yet finished",
    # compare_wip_limits: "Average cycle time (days)" (NaN, undefined, when no item finished).
    "implcourse.methods.flow.compare_wip_limits": "NaN cycle time when nothing finished",
    # show: "Its data is the frame as given (missing values, NaN, stay missing)",
    # each shown as "–".
    "implcourse.tables.show": "the frame's own missing values, shown as '–'",
}

#: Words a message may use for a parameter instead of its Python name:
#: qualified name of the callable ("*" for every callable) ->
#: {parameter: (words, ...)}, each with its reason.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    # A dataset given by name or path: "no such content file ... no course
    # dataset 'x'" says exactly which input is wrong, in the trainer's words.
    "*": {"name": ("dataset", "content file"), "path": ("dataset", "content file")},
}
# parse_number's message names the field by the label it is given (the
# learner's words for it: "Total EMV: type a number such as 1,250.5"), and a
# method of an object with a text ``label`` (an answer field) may name its
# input by that label: see execute().
ALIASES["implcourse.answers.parse_number"] = {"text": ("the answer",)}


# --------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One public callable: a function, a class's constructor or a method."""
    key: str                 # qualified name, e.g. "implcourse.metrics.kpis.okr_score"
    module: str              # the module it belongs to (for -k and the report)
    obj: Callable            # the function, the class, or the plain method function
    kind: str                # "function", "class" or "method"
    owner: type | None = None
    name: str = ""

    def __str__(self) -> str:
        return self.key


@lru_cache(maxsize=None)
def _core_modules() -> tuple[str, ...]:
    names = ["implcourse"]
    for info in pkgutil.walk_packages(implcourse.__path__, "implcourse.",
                                      onerror=lambda name: IMPORT_ERRORS.setdefault(name, "")):
        if info.name.startswith(SKIPPED):
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # reported by the suite, not fuzzed
            IMPORT_ERRORS[info.name] = _exc_text(exc)
            continue
        names.append(info.name)
    return tuple(sorted(names))


#: Core modules that failed to import: name -> error.
IMPORT_ERRORS: dict[str, str] = {}


def _is_ours(obj: object) -> bool:
    return getattr(obj, "__module__", "").startswith("implcourse") and not \
        getattr(obj, "__module__", "").startswith(SKIPPED)


def _fuzzable_class(cls: type) -> bool:
    return (inspect.isclass(cls) and _is_ours(cls) and not issubclass(cls, BaseException)
            and not issubclass(cls, enum.Enum))


def _is_result_record(cls: type) -> bool:
    """A plain dataclass with no checks of its own (no ``__post_init__``,
    not a pydantic model): a record the core *returns* (``Projection``,
    ``NpsBreakdown``...). Its constructor is not an input boundary, so it is
    not fuzzed; its methods are, and any function that takes one is fuzzed
    with copies of it holding hostile fields."""
    return (dataclasses.is_dataclass(cls) and not hasattr(cls, "__post_init__")
            and not hasattr(cls, "model_fields"))


def _public_methods(cls: type):
    """(name, function, kind) for the public methods a class defines or
    inherits from the core (never pydantic's or object's own methods)."""
    seen = set()
    for klass in cls.__mro__:
        if not _is_ours(klass):
            continue
        for name, raw in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if isinstance(raw, staticmethod):
                yield name, raw.__func__, "static"
            elif isinstance(raw, classmethod):
                yield name, raw.__func__, "method"
            elif inspect.isfunction(raw):
                yield name, raw, "method"


#: Methods that build a view (ipywidgets), not core results.
VIEW_METHODS = frozenset({"form"})


def _takes_input(func, kind: str) -> bool:
    """Whether a method takes anything besides ``self``: one that does not
    cannot be given bad input, so it is not a target."""
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return True
    return len(params) > (0 if kind == "static" else 1)


def _is_function(obj) -> bool:
    """A Python function, or a cache around one (``functools.lru_cache``)."""
    return inspect.isfunction(obj) or (callable(obj) and hasattr(obj, "__wrapped__")
                                       and inspect.isfunction(inspect.unwrap(obj)))


@lru_cache(maxsize=None)
def targets() -> tuple[Target, ...]:
    """Every public callable of the core, each once."""
    found: dict[str, Target] = {}
    classes: dict[str, type] = {}
    for modname in _core_modules():
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if _is_function(obj) and _is_ours(obj):
                key = f"{obj.__module__}.{obj.__qualname__}"
                found.setdefault(key, Target(key, obj.__module__, obj, "function", name=name))
            elif _fuzzable_class(obj):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
        # Public classes defined here but not exported (returned objects).
        for name, obj in vars(module).items():
            if not name.startswith("_") and _fuzzable_class(obj) and obj.__module__ == modname:
                classes.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    exported = {id(getattr(importlib.import_module(m), n, None)) for m in _core_modules()
                for n in getattr(importlib.import_module(m), "__all__", ())}
    for key, cls in classes.items():
        if id(cls) in exported and not _is_result_record(cls):
            found.setdefault(key, Target(key, cls.__module__, cls, "class", name=cls.__name__))
        for name, func, kind in _public_methods(cls):
            if name in VIEW_METHODS or not _takes_input(func, kind):
                continue
            mkey = f"{key}.{name}"
            found.setdefault(mkey, Target(mkey, cls.__module__, func,
                                          "function" if kind == "static" else "method",
                                          owner=cls, name=name))
    return tuple(sorted(found.values(), key=lambda t: t.key))


def target(key: str) -> Target:
    return {t.key: t for t in targets()}[key]


# --------------------------------------------------------------------------
# Baseline calls
# --------------------------------------------------------------------------

@dataclass
class Call:
    """One call: positional and keyword arguments, ``self`` first for a method."""
    args: list
    kwargs: dict
    source: str = ""

    def copy(self) -> "Call":
        return Call(_deepcopy(self.args), _deepcopy(self.kwargs), self.source)


def _deepcopy(value):
    try:
        return copy.deepcopy(value)
    except Exception:
        try:
            return copy.copy(value)
        except Exception:
            return value


def _call_from_frame(frame, skip_first: bool) -> Call:
    """The arguments a function was called with, read from its frame as it starts."""
    code = frame.f_code
    local = frame.f_locals
    names = code.co_varnames
    n, k = code.co_argcount, code.co_kwonlyargcount
    args = [local[name] for name in names[:n]]
    kwargs = {name: local[name] for name in names[n:n + k] if name in local}
    i = n + k
    if code.co_flags & inspect.CO_VARARGS:
        args += list(local.get(names[i], ()))
        i += 1
    if code.co_flags & inspect.CO_VARKEYWORDS:
        kwargs.update(local.get(names[i], {}))
    if skip_first:
        args = args[1:]
    return Call(_deepcopy(args), _deepcopy(kwargs))


def _collect(pool: dict, value, depth: int = 0) -> None:
    """Put the core's objects found in ``value`` (and in their fields,
    lists and dicts, a few levels down) into ``pool``, by class."""
    if depth > 3:
        return
    cls = type(value)
    if isinstance(value, (list, tuple)):
        for item in value[:3]:
            _collect(pool, item, depth + 1)
    elif isinstance(value, dict):
        for item in list(value.values())[:3]:
            _collect(pool, item, depth + 1)
    elif _fuzzable_class(cls):
        if len(pool[cls]) < MAX_BASELINES and not any(v is value for v in pool[cls]):
            pool[cls].append(_deepcopy(value))
        for name in _field_names(value)[:20]:
            _collect(pool, getattr(value, name, None), depth + 1)


class _Recorder:
    """A profile function that records calls from doctest code to targets."""

    def __init__(self, all_targets):
        self.by_code: dict[Any, list[Target]] = defaultdict(list)
        self.classes: dict[type, Target] = {}
        self.methods: dict[tuple[type, str], Target] = {}
        for t in all_targets:
            if t.kind == "class":
                self.classes[t.obj] = t
                continue
            code = getattr(t.obj, "__code__", None)
            if code is None:   # a C cache around a Python function: its frame is the function's
                code = getattr(inspect.unwrap(t.obj), "__code__", None)
            if code is None:
                continue
            self.by_code[code].append(t)
            if t.kind == "method":
                self.methods[(t.owner, t.name)] = t
        self.calls: dict[str, list[Call]] = defaultdict(list)
        self.instances: dict[type, list] = defaultdict(list)
        self.source = ""

    def collect(self, value, depth: int = 0) -> None:
        """Keep objects of the core's classes that the examples made: they
        give the ``self`` of methods and the fields of constructors that no
        example calls directly."""
        _collect(self.instances, value, depth)


    def _resolve_function(self, frame, candidates):
        if len(candidates) == 1:
            return candidates[0]
        # A decorator's wrapper shared by several functions: tell them apart
        # by what the wrapper closes over.
        code = frame.f_code
        for t in candidates:
            cells = getattr(t.obj, "__closure__", None) or ()
            if all(frame.f_locals.get(name) is cell.cell_contents
                   for name, cell in zip(code.co_freevars, cells)):
                return t
        return None

    def __call__(self, frame, event, arg):
        if event not in ("call", "return"):
            return
        caller = frame.f_back
        if caller is None or not caller.f_code.co_filename.startswith("<doctest"):
            return
        if event == "return":
            try:
                self.collect(arg)
            except Exception:
                pass
            return
        code = frame.f_code
        candidates = self.by_code.get(code)
        try:
            if candidates:
                kinds = {t.kind for t in candidates}
                if kinds == {"function"}:
                    t = self._resolve_function(frame, candidates)
                    if t is not None:
                        self._add(t, _call_from_frame(frame, skip_first=False))
                    return
                first = frame.f_locals.get(code.co_varnames[0]) if code.co_argcount else None
                mro = first.__mro__ if isinstance(first, type) else type(first).__mro__
                for klass in mro:
                    t = self.methods.get((klass, code.co_name))
                    if t is not None and t.obj.__code__ is code:
                        call = _call_from_frame(frame, skip_first=True)
                        call.args.insert(0, _deepcopy(first))
                        self._add(t, call)
                        return
            elif code.co_name in ("__init__", "__new__") and code.co_argcount:
                first = frame.f_locals.get(code.co_varnames[0])
                cls = first if code.co_name == "__new__" else type(first)
                t = self.classes.get(cls)
                if t is not None:
                    self._add(t, _call_from_frame(frame, skip_first=True))
        except Exception:  # a frame we cannot read: not a baseline
            return

    def _add(self, t: Target, call: Call) -> None:
        call.source = self.source
        if len(self.calls[t.key]) < 4 * MAX_BASELINES:
            self.calls[t.key].append(call)


@contextlib.contextmanager
def sandbox():
    """A scratch folder as the working directory and the learner's home, so
    neither the examples nor hostile paths write anywhere that matters."""
    old_cwd, old_home = os.getcwd(), os.environ.get("IMPLCOURSE_HOME")
    with tempfile.TemporaryDirectory(prefix="implcourse-fuzz-") as scratch:
        os.environ["IMPLCOURSE_HOME"] = str(Path(scratch) / "home")
        os.chdir(scratch)
        try:
            yield Path(scratch)
        finally:
            os.chdir(old_cwd)
            if old_home is None:
                os.environ.pop("IMPLCOURSE_HOME", None)
            else:
                os.environ["IMPLCOURSE_HOME"] = old_home


@lru_cache(maxsize=None)
def _recorded(modname: str) -> dict[str, tuple[Call, ...]]:
    """Run one module's doctest examples and record the calls to targets."""
    return _run_examples(modname).calls


@lru_cache(maxsize=None)
def _instances(modname: str) -> dict[type, list]:
    """Objects of the core's classes that one module's examples made."""
    return _run_examples(modname).instances


@lru_cache(maxsize=None)
def _run_examples(modname: str) -> "_Recorder":
    module = importlib.import_module(modname)
    recorder = _Recorder(targets())
    finder = doctest.DocTestFinder(exclude_empty=True)
    try:
        tests = finder.find(module, modname)
    except Exception:
        return recorder
    with sandbox():
        for test in tests:
            globs = dict(test.globs)
            for i, example in enumerate(test.examples):
                if example.options.get(doctest.SKIP):
                    continue
                recorder.source = f"{test.name}[{i}]"
                try:
                    code = compile(example.source, f"<doctest {test.name}[{i}]>", "single")
                except SyntaxError:
                    continue
                sink = io.StringIO()
                try:
                    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
                            _guard(TIMEOUT * 4):
                        sys.setprofile(recorder)
                        try:
                            exec(code, globs)
                        finally:
                            sys.setprofile(None)
                except (Exception, Hang):
                    pass
            for value in list(globs.values()):
                try:
                    recorder.collect(value)
                except Exception:
                    pass
    recorder.calls = {key: tuple(calls) for key, calls in recorder.calls.items()}
    return recorder


def _candidate_modules(t: Target) -> list[str]:
    """Where examples of a target may be: its module, the module of its
    function (an inherited method), then the packages above."""
    mods = [t.module, getattr(t.obj, "__module__", t.module)]
    parts = t.module.split(".")
    mods += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    return list(dict.fromkeys(m for m in mods if m in _core_modules()))


def _signature(t: Target):
    try:
        return inspect.signature(t.obj)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=None)
def baselines(key: str) -> tuple[Call, ...]:
    """Valid calls of a target: recorded from the examples (or the hand
    registry), replayed once, and kept only if they return normally."""
    t = target(key)
    recorded: list[Call] = []
    for modname in _candidate_modules(t):
        recorded += _recorded(modname).get(key, ())
        if recorded:
            break
    recorded += [hand() for hand in HAND_CALLS.get(key, ())]
    kept = _valid(t, recorded)
    if not kept:
        kept = _valid(t, _derived_calls(t))
    return tuple(kept)


def _valid(t: Target, calls: list[Call]) -> list[Call]:
    """The distinct calls that return normally when replayed (at most MAX_BASELINES)."""
    kept, seen = [], set()
    with sandbox():
        for call in calls:
            fingerprint = _fingerprint(call)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            outcome = execute(t, call.copy(), slot=None)
            if outcome.kind == "ok":
                kept.append(call)
            if len(kept) >= MAX_BASELINES:
                break
    return kept


def _all_defaults_after_first(params) -> bool:
    return all(p.default is not p.empty for p in params[1:])


def _all_defaults(t: Target) -> bool:
    """Whether every parameter (after ``self``) has a default."""
    sig = _signature(t)
    if sig is None:
        return False
    params = list(sig.parameters.values())[1 if t.kind == "method" else 0:]
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


@lru_cache(maxsize=None)
def _module_pool(modname: str) -> dict[type, list]:
    """The core's objects that a module's examples made, and that the
    valid calls of its functions return (a loader's records, a plan's tasks)."""
    pool: dict[type, list] = defaultdict(list)
    for cls, objs in _instances(modname).items():
        pool[cls] += objs
    for t in targets():
        if t.kind == "function" and t.module == modname:
            for call in baselines(t.key):
                with sandbox():
                    try:
                        with _guard(TIMEOUT), contextlib.redirect_stdout(io.StringIO()):
                            result = _invoke(t, call.copy())
                    except (Exception, Hang):
                        continue
                _collect(pool, result)
    return pool


def _instances_of(cls: type, modules) -> list:
    found = []
    for modname in modules:
        for klass, objs in _module_pool(modname).items():
            if issubclass(klass, cls):
                found += objs
        if found:
            break
    return found[:MAX_BASELINES]


def _derived_calls(t: Target) -> list[Call]:
    """Baselines for a callable no example calls, from what the examples made:

    * a function or constructor whose parameters all have defaults: called
      with none;
    * a constructor: the fields of an object of its class that an example
      made, passed back by name;
    * a method: on an object of its class that an example made, with no
      arguments if they all have defaults, or with the arguments an example
      gave a sibling method of the same parameters (``read`` and ``check``).
    """
    modules = _candidate_modules(t)
    if t.kind == "function":
        return [Call([], {}, "defaults")] if _all_defaults(t) else []
    if t.kind == "class":
        calls = [Call([], {}, "defaults")] if _all_defaults(t) else []
        sig = _signature(t)
        if sig is None:
            return calls
        params = list(sig.parameters.values())
        if params and params[0].name == "seed" and _all_defaults_after_first(params):
            # an exercise: any seed is valid
            calls.append(Call([], {"seed": 1}, "seed 1"))
        for obj in _instances_of(t.obj, modules):
            kwargs = {}
            for p in sig.parameters.values():
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    continue
                if hasattr(obj, p.name):
                    kwargs[p.name] = _deepcopy(getattr(obj, p.name))
                elif p.default is p.empty:
                    break
            else:
                calls.append(Call([], kwargs, "fields of an example's object"))
        return calls
    objects = _instances_of(t.owner, modules)
    if not objects:   # the self of another method's baseline
        for other in targets():
            if other.kind == "method" and other.owner is t.owner and other.key != t.key:
                objects += [c.args[0] for c in _recorded_only(other)][:MAX_BASELINES]
    if not objects:   # an object built by a constructor's baseline
        owner_key = f"{t.owner.__module__}.{t.owner.__qualname__}"
        if any(o.key == owner_key for o in targets()):
            owner, calls = target(owner_key), baselines(owner_key)
        else:             # a class that is not a target: its defaults or a seed
            owner = Target(owner_key, t.owner.__module__, t.owner, "class")
            calls = _valid(owner, _derived_calls(owner))
        for call in calls:
            try:
                with _guard(TIMEOUT), contextlib.redirect_stdout(io.StringIO()):
                    objects.append(_invoke(owner, call.copy()))
            except (Exception, Hang):
                pass
    expected = [obj for obj in objects if callable(getattr(obj, "expected", None))]
    if t.name in ("check", "read") and expected:
        # An exercise answered with its own expected answer is a valid call.
        calls = []
        for obj in expected:
            try:
                calls.append(Call([obj], dict(obj.expected()), "the expected answer"))
            except Exception:
                pass
        if calls:
            return calls
    mine = _param_names(t)
    for other in targets():
        if other.kind == "method" and other.owner is t.owner and other.key != t.key \
                and _param_names(other) == mine and _recorded_only(other):
            return [Call([_deepcopy(c.args[0]), *c.args[1:]], dict(c.kwargs), f"as {other.name}")
                    for c in _recorded_only(other)]
    if _all_defaults(t):
        return [Call([obj], {}, "defaults") for obj in objects]
    return []


def _param_names(t: Target) -> tuple:
    sig = _signature(t)
    return tuple((p.name, p.kind) for p in sig.parameters.values()) if sig else ()


def _recorded_only(t: Target) -> list[Call]:
    for modname in _candidate_modules(t):
        calls = _recorded(modname).get(t.key, ())
        if calls:
            return list(calls)
    return []


def _fingerprint(call: Call) -> str:
    try:
        return repr((call.args, sorted(call.kwargs.items())))[:2000]
    except Exception:
        return str(id(call))


# --------------------------------------------------------------------------
# Hand registry: callables that no docstring example calls
# --------------------------------------------------------------------------

#: qualified name -> functions returning a valid :class:`Call`.
HAND_CALLS: dict[str, tuple[Callable[[], Call], ...]] = {}


def hand(key: str):
    """Register a valid call for a callable no example calls."""
    def register(build):
        HAND_CALLS[key] = HAND_CALLS.get(key, ()) + (build,)
        return build
    return register


@hand("implcourse.progress.record")
def _record_call() -> Call:
    return Call(["exercise", "01.order"], {"lesson": "01", "topic": "phases", "correct": True})


@hand("implcourse.progress.record_solution_seen")
def _solution_seen_call() -> Call:
    return Call(["01.order"], {"lesson": "01", "topic": "phases"})


@hand("implcourse.progress.ProgressStore.record_solution_seen")
def _store_solution_seen_call() -> Call:
    from implcourse.progress import ProgressStore
    return Call([ProgressStore(tempfile.mkdtemp(prefix="implcourse-fuzz-"))
                 , "01.order"], {"lesson": "01", "topic": "phases"})


@hand("implcourse.tables.Table")
def _table_call() -> Call:
    from implcourse.tables import show
    table = show(pd.DataFrame({"cost": [1.5, 2.0]}), money=["cost"])
    return Call([table.data, table.text, ["cost"], "Costs"], {})


@hand("implcourse.portfolio.generator.Project")
def _project_call() -> Call:
    from implcourse.portfolio.generator import generate
    row = generate(1, 5).iloc[0].to_dict()
    row = {k: (None if isinstance(v, float) and math.isnan(v) else
               v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    return Call([], row)


@hand("implcourse.metrics.earned_value.check_history")
def _history_call() -> Call:
    from implcourse.metrics.earned_value import load_history
    return Call([load_history()], {})


@hand("implcourse.course.PlannedLesson")
def _planned_lesson_call() -> Call:
    return Call([], {"id": "09", "title": "Closing the project"})


@hand("implcourse.schedule.Plan.task")
def _plan_task_call() -> Call:
    from implcourse.schedule import random_plan
    plan = random_plan(1)
    return Call([plan, plan.tasks[0].id], {})


# --------------------------------------------------------------------------
# Hostile values
# --------------------------------------------------------------------------

class _Hostile:
    """An object that is nothing the course expects."""
    def __repr__(self) -> str:
        return "<object>"


#: Generic hostile values: (label, value). Values are built fresh per call.
HOSTILE: list[tuple[str, Callable[[], object]]] = [
    ("None", lambda: None),
    ("True", lambda: True),
    ("False", lambda: False),
    ("nan", lambda: float("nan")),
    ("inf", lambda: float("inf")),
    ("-inf", lambda: float("-inf")),
    ("-1", lambda: -1),
    ("0", lambda: 0),
    ("1e308", lambda: 1e308),
    ("-1e308", lambda: -1e308),
    ("10**400", lambda: 10 ** 400),
    ("'0.5'", lambda: "0.5"),
    ("''", lambda: ""),
    ("'   '", lambda: "   "),
    ("'<script>x</script>'", lambda: "<script>x</script>"),
    ("'a$b$'", lambda: "a$b$"),
    ("[]", lambda: []),
    ("{}", lambda: {}),
    ("[None]", lambda: [None]),
    ("[[1, 2], [3]]", lambda: [[1, 2], [3]]),
    ("{1, 2}", lambda: {1, 2}),
    ("object()", lambda: _Hostile()),
    ("b'bytes'", lambda: b"bytes"),
    ("DataFrame(wrong columns)", lambda: pd.DataFrame({"wrong": [1, 2], "columns": ["a", "b"]})),
    ("np.zeros((2, 3))", lambda: np.zeros((2, 3))),
    ("np.array(['a', 'b'])", lambda: np.array(["a", "b"])),
    ("np.array([], float)", lambda: np.array([], dtype=float)),
    ("'x' * 10**5", lambda: "x" * 100_000),
    ("[1.0] * 10**5", lambda: [1.0] * 100_000),
]

_SMALL_HOSTILE = ["None", "True", "nan", "inf", "-1", "1e308", "10**400", "'0.5'", "''",
                  "'<script>x</script>'", "[]", "object()"]


@dataclass
class Variant:
    """A hostile replacement for one argument, built on demand."""
    label: str
    build: Callable[[], object]
    names: tuple[str, ...] = ()    # nested field names a message may name instead


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _scaled(value, factor=1e300):
    """A copy of a value with every number multiplied (lists, dicts, arrays, tables)."""
    if _is_number(value):
        return float(value) * factor if value else factor
    if isinstance(value, (list, tuple)):
        return type(value)(_scaled(v, factor) for v in value) if type(value) in (list, tuple) \
            else value
    if isinstance(value, dict):
        return {k: _scaled(v, factor) for k, v in value.items()}
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value.astype(float) * factor + (value == 0) * factor
    if isinstance(value, pd.DataFrame):
        out = value.copy()
        for col in out.select_dtypes("number").columns:
            out[col] = out[col].astype(float) * factor
        return out
    if isinstance(value, pd.Series) and value.dtype.kind in "iuf":
        return value.astype(float) * factor
    return value


def _replace_field(obj, name, new):
    """A copy of a dataclass or pydantic object with one field changed, built
    through its constructor (so its own validation runs)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(obj, **{name: new})
    data = dict(obj)
    data[name] = new
    return type(obj)(**data)


def _field_names(obj) -> list[str]:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [f.name for f in dataclasses.fields(obj) if f.init]
    fields_ = getattr(type(obj), "model_fields", None)
    return list(fields_) if isinstance(fields_, dict) else []


def variants(value, depth: int = 0) -> list[Variant]:
    """Hostile replacements for one valid argument ``value``."""
    out: list[Variant] = []
    labels = HOSTILE if depth == 0 else [h for h in HOSTILE if h[0] in _SMALL_HOSTILE]
    out += [Variant(label, build) for label, build in labels]
    if _is_number(value):
        v = value
        out += [Variant(f"{v!r} * 1e300", lambda: _scaled(v)),
                Variant(f"{v!r} * -1e300", lambda: _scaled(v, -1e300)),
                Variant(f"-{v!r}", lambda: -v if v else -1)]
        if isinstance(v, numbers.Integral):
            out += [Variant(f"{v!r} * 10**300", lambda: int(v or 1) * 10 ** 300),
                    Variant(f"{v!r} + 0.5", lambda: float(v) + 0.5),
                    Variant(f"np.int64({v!r})", lambda: np.int64(v))]
        else:
            out += [Variant(f"np.float64({v!r})", lambda: np.float64(v)),
                    Variant("5e-324", lambda: 5e-324)]
    elif isinstance(value, str):
        v = value
        out += [Variant(f"{v!r} + '<b>x</b>'", lambda: v + "<b>x</b>"),
                Variant(f"{v!r}.upper() + ' '", lambda: " " + v.upper() + " ")]
    elif isinstance(value, (list, tuple)) and type(value) in (list, tuple) and value:
        v = value
        kind = type(v)
        out += [Variant("empty", lambda: kind()),
                Variant("all numbers * 1e300", lambda: _scaled(v)),
                Variant("first item twice", lambda: kind([_deepcopy(v[0])] + list(_deepcopy(v)))),
                Variant("as a tuple/list", lambda: (list if kind is tuple else tuple)(v)),
                Variant("2000 copies", lambda: kind(list(_deepcopy(v)) * max(1, 2000 // len(v))))]
        if depth < 2:
            for inner in variants(v[0], depth + 1):
                out.append(Variant(f"[0] = {inner.label}",
                                   lambda inner=inner: kind([inner.build()] + list(_deepcopy(v[1:]))),
                                   inner.names))
    elif isinstance(value, dict) and value:
        v = value
        key0 = next(iter(v))
        out += [Variant("empty", lambda: {}),
                Variant("all numbers * 1e300", lambda: _scaled(v)),
                Variant("first key None", lambda: {None: v[key0], **{k: x for k, x in v.items()
                                                                  if k != key0}})]
        if depth < 2:
            for key in list(v)[:6]:
                for inner in variants(v[key], depth + 1):
                    out.append(Variant(f"[{key!r}] = {inner.label}",
                                       lambda key=key, inner=inner: {**_deepcopy(v), key: inner.build()},
                                       (str(key),) + inner.names))
            out.append(Variant(f"without {key0!r}",
                               lambda: {k: x for k, x in _deepcopy(v).items() if k != key0},
                               (str(key0),)))
    elif isinstance(value, np.ndarray) and value.size:
        v = value
        out += [Variant("wrong shape", lambda: v.reshape(-1, 1) if v.ndim == 1 else v.reshape(-1)),
                Variant("as strings", lambda: v.astype(str)),
                Variant("all numbers * 1e300", lambda: _scaled(v))]
        if v.dtype.kind in "iuf":
            out.append(Variant("first = nan", lambda: _with_first(v.astype(float), np.nan)))
    elif isinstance(value, pd.DataFrame) and len(value.columns):
        v = value
        out += [Variant("no rows", lambda: v.iloc[0:0].copy()),
                Variant("first row twice", lambda: pd.concat([v.iloc[:1], v]).copy()),
                Variant("first column dropped", lambda: v.drop(columns=v.columns[0])),
                Variant("all numbers * 1e300", lambda: _scaled(v))]
        for col in list(v.columns)[:8]:
            for label, build in [("nan", lambda: float("nan")), ("None", lambda: None),
                                 ("'<script>x</script>'", lambda: "<script>x</script>"),
                                 ("'0.5'", lambda: "0.5"), ("-1", lambda: -1),
                                 ("1e308", lambda: 1e308), ("True", lambda: True)]:
                out.append(Variant(f"[{col!r}][0] = {label}",
                                   lambda col=col, build=build: _with_cell(v, col, build()),
                                   (str(col),)))
    elif isinstance(value, pd.Series) and len(value):
        v = value
        out += [Variant("no rows", lambda: v.iloc[0:0].copy()),
                Variant("all numbers * 1e300", lambda: _scaled(v)),
                Variant("first = nan", lambda: _with_first(v.astype(object), float("nan")))]
    elif _is_ours(type(value)) and _field_names(value) and depth < 2:
        v = value
        for name in _field_names(v)[:8]:
            current = getattr(v, name, None)
            for inner in variants(current, depth + 1):
                if depth == 0 or inner.label in _SMALL_HOSTILE or "1e300" in inner.label:
                    out.append(Variant(f".{name} = {inner.label}",
                                       lambda name=name, inner=inner:
                                       _replace_field(v, name, inner.build()),
                                       (name,) + inner.names))
    return out


def _with_first(array, new):
    out = array.copy()
    if isinstance(out, pd.Series):
        out.iloc[0] = new
    else:
        out.reshape(-1)[0] = new  # a view: the copy is contiguous
    return out


def _with_cell(frame: pd.DataFrame, col, new):
    out = frame.copy().astype({col: object})
    out.iloc[0, list(out.columns).index(col)] = new
    return out


# --------------------------------------------------------------------------
# Running one call
# --------------------------------------------------------------------------

class Hang(BaseException):
    """Raised by the timer inside a call that runs too long (a BaseException,
    so the code under test cannot swallow it with ``except Exception``)."""


@contextlib.contextmanager
def _guard(seconds: float):
    def on_alarm(signum, frame):
        raise Hang()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 * 1024 ** 3


@dataclass
class Slot:
    """One parameter of a call: where it is and what it is called."""
    name: str
    where: tuple        # ("arg", index) or ("kw", name)


def slots(t: Target, call: Call) -> list[Slot]:
    """The parameters of a call that can be replaced (never ``self``)."""
    sig = _signature(t)
    offset = 1 if t.kind == "method" else 0
    params = list(sig.parameters.values()) if sig is not None else []
    if t.kind == "method" and params:
        params = params[1:]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    var_pos = next((p for p in params if p.kind == p.VAR_POSITIONAL), None)
    out = []
    for i in range(len(call.args) - offset):
        if i < len(positional):
            name = positional[i].name
        elif var_pos is not None:
            name = var_pos.name
        else:
            name = f"argument {i + 1}"
        out.append(Slot(name, ("arg", i + offset)))
    for name in call.kwargs:
        out.append(Slot(name, ("kw", name)))
    given_names = {s.name for s in out}
    for p in params:   # parameters left at their default are fuzzed too
        if p.name not in given_names and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) \
                and p.default is not p.empty:
            out.append(Slot(p.name, ("kw", p.name)))
    return out


def _default(t: Target, name: str):
    sig = _signature(t)
    if sig is not None and name in sig.parameters:
        default = sig.parameters[name].default
        return None if default is inspect.Parameter.empty else default
    return None


@dataclass
class Outcome:
    """What one call did."""
    key: str
    kind: str            # ok, documented, unnamed, other, nonfinite, hang, baseline-error
    param: str = ""
    value: str = ""
    detail: str = ""
    seconds: float = 0.0

    FAILURES = ("unnamed", "other", "nonfinite", "hang")

    @property
    def failed(self) -> bool:
        return self.kind in self.FAILURES

    def line(self) -> str:
        return (f"{self.key}: {self.param} = {self.value} -> {self.kind}: "
                f"{self.detail}")


def _invoke(t: Target, call: Call):
    if t.kind == "class":
        return t.obj(*call.args, **call.kwargs)
    if t.kind == "method":
        self, *args = call.args
        return getattr(self, t.name)(*args, **call.kwargs)
    return t.obj(*call.args, **call.kwargs)


def _label(value) -> str:
    from implcourse.validation import shown
    return shown(value)


def names_parameter(message: str, names) -> bool:
    """Whether an error message names one of ``names`` (case-insensitive;
    ``_`` and spaces are the same; a plural parameter may be named in the
    singular: ``tasks`` by "task")."""
    text = message.lower().replace("_", " ")
    for name in names:
        if not name:
            continue
        word = str(name).lower().replace("_", " ").strip()
        options = {word}
        if len(word) > 3 and word.endswith("s"):
            options.add(word[:-1])
        if any(option and option in text for option in options):
            return True
    return False


def execute(t: Target, call: Call, slot: Slot | None, variant: Variant | None = None,
            names: tuple[str, ...] = ()) -> Outcome:
    """Run one call under the timeout and classify what came out."""
    param = slot.name if slot else ""
    shown_value = variant.label if variant else "(valid call)"
    start = time.perf_counter()
    try:
        with _guard(TIMEOUT), contextlib.redirect_stdout(io.StringIO()):
            result = _invoke(t, call)  # TIMEOUT read at call time: tests may lower it
    except Hang:
        return Outcome(t.key, "hang", param, shown_value, f"no answer within {TIMEOUT:g} s",
                       time.perf_counter() - start)
    except (TypeError, ValueError) as exc:
        seconds = time.perf_counter() - start
        if slot is None:
            return Outcome(t.key, "baseline-error", "", "", _exc_text(exc), seconds)
        accepted = (param, *names, *ALIASES.get(t.key, {}).get(param, ()),
                    *ALIASES["*"].get(param, ()))
        if _names_a_content_file(t, param):   # e.g. roles="lifecycle/roles.yml"
            accepted += ALIASES["*"]["name"]
        if isinstance(exc, ContentError) and variant is not None and variant.label.startswith(
                ("'", '"')):
            # A text given where a dataset may be named (register="<b>x</b>"):
            # "no such content file: no course dataset '<b>x</b>'" names the
            # input by the very value the caller gave, in the trainer's words.
            accepted += ALIASES["*"]["name"]
        for told in ("name", "label"):   # a helper told what to call its input
            given = _argument(t, call, told)
            if told != param and isinstance(given, str) and given.strip():
                accepted += (given,)
        if t.kind == "method" and call.args and isinstance(getattr(call.args[0], "label", None),
                                                            str):
            accepted += (call.args[0].label,)   # an answer field, named as on screen
        if t.kind == "method" and t.name in ("check", "read") and call.args:
            accepted += _field_labels(call.args[0], param)   # an exercise's field, as on screen
        if t.key == "implcourse.answers.parse_number":
            label = call.kwargs.get("label", call.args[1] if len(call.args) > 1 else "The answer")
            accepted += (label,) if isinstance(label, str) else ()
        if names_parameter(_safe_str(exc), accepted):
            return Outcome(t.key, "documented", param, shown_value, _exc_text(exc), seconds)
        return Outcome(t.key, "unnamed", param, shown_value,
                       f"message does not name {param!r}: {_exc_text(exc)}", seconds)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - everything else is the finding
        seconds = time.perf_counter() - start
        kind = "baseline-error" if slot is None else "other"
        return Outcome(t.key, kind, param, shown_value, _exc_text(exc), seconds)
    seconds = time.perf_counter() - start
    bad = nonfinite_in(result)
    if bad is not None and t.key not in NAN_DOCUMENTED:
        if slot is None:
            return Outcome(t.key, "baseline-error", "", "", f"valid call returns {bad}", seconds)
        return Outcome(t.key, "nonfinite", param, shown_value, f"result holds {bad}", seconds)
    return Outcome(t.key, "ok", param, shown_value, "", seconds)


def _argument(t: Target, call: Call, param: str):
    """The value a call gives parameter ``param`` (None if it gives none)."""
    if param in call.kwargs:
        return call.kwargs[param]
    sig = _signature(t)
    if sig is None:
        return None
    names = [p.name for p in sig.parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if param in names:
        i = names.index(param)
        return call.args[i] if i < len(call.args) else None
    return None


def _names_a_content_file(t: Target, param: str) -> bool:
    """Whether a parameter's default is a content file (``"lifecycle/roles.yml"``):
    a message about that file ("no such content file") then names it."""
    sig = _signature(t)
    default = sig.parameters[param].default if sig is not None and param in sig.parameters \
        else None
    return isinstance(default, str) and default.endswith((".yml", ".yaml", ".csv", ".json"))


def _field_labels(exercise, param: str) -> tuple[str, ...]:
    """The on-screen label of an exercise's answer field ``param``: its
    messages name the field as the form labels it."""
    try:
        return tuple(f.label for f in exercise.fields() if f.name == param)
    except Exception:
        return ()


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return type(exc).__name__


def _exc_text(exc: BaseException) -> str:
    text = _safe_str(exc).replace("\n", " ")
    if len(text) > 300:
        text = text[:280] + "..."
    return f"{type(exc).__name__}: {text}"


def nonfinite_in(value, _depth: int = 0, _seen=None) -> str | None:
    """Where a result holds a NaN or an infinity (a short description), or None."""
    if _seen is None:
        _seen = set()
    if _depth > 8:
        return None
    if isinstance(value, (bool, np.bool_, str, bytes, int, np.integer, type(None))):
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isfinite(value) else f"{float(value)}"
    if isinstance(value, complex):
        return None if math.isfinite(value.real) and math.isfinite(value.imag) else str(value)
    if id(value) in _seen:
        return None
    _seen.add(id(value))
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return None if np.isfinite(value).all() else "a NaN or inf in an array"
        if value.dtype.kind == "O":
            for item in value.reshape(-1)[:5000]:
                bad = nonfinite_in(item, _depth + 1, _seen)
                if bad:
                    return bad
        return None
    if isinstance(value, pd.DataFrame):
        for col in value.columns:
            bad = nonfinite_in(value[col], _depth + 1, _seen)
            if bad:
                return f"{bad} (column {col!r})"
        return nonfinite_in(value.index.to_numpy(), _depth + 1, _seen)
    if isinstance(value, (pd.Series, pd.Index)):
        array = value.to_numpy()
        if array.dtype.kind in "fc":
            return None if np.isfinite(array).all() else "a NaN or inf in a pandas column"
        if array.dtype.kind == "O":
            return nonfinite_in(array, _depth + 1, _seen)
        return None
    if isinstance(value, dict):
        for k, v in list(value.items())[:5000]:
            bad = nonfinite_in(k, _depth + 1, _seen) or nonfinite_in(v, _depth + 1, _seen)
            if bad:
                return f"{bad} (at key {k!r})"
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in list(value)[:5000]:
            bad = nonfinite_in(item, _depth + 1, _seen)
            if bad:
                return bad
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            bad = nonfinite_in(getattr(value, f.name, None), _depth + 1, _seen)
            if bad:
                return f"{bad} (field {f.name})"
        return None
    if _is_ours(type(value)) and hasattr(value, "__dict__"):
        for name, v in vars(value).items():
            bad = nonfinite_in(v, _depth + 1, _seen)
            if bad:
                return f"{bad} (attribute {name})"
    return None


# --------------------------------------------------------------------------
# Fuzzing one target
# --------------------------------------------------------------------------

def _hostile_everywhere_calls(t: Target) -> list[tuple[Call, list[str]]]:
    """For a callable with no baseline: calls with every parameter hostile."""
    sig = _signature(t)
    if sig is None or t.kind == "method":
        return []
    params = [p for p in sig.parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if not params:
        return []
    out = []
    for label, build in HOSTILE:
        args, kwargs = [], {}
        for p in params:
            if p.kind == p.KEYWORD_ONLY:
                kwargs[p.name] = build()
            else:
                args.append(build())
        out.append((Call(args, kwargs, f"every parameter = {label}"), [p.name for p in params]))
    return out


def fuzz(key: str, max_examples: int = EXAMPLES) -> list[Outcome]:
    """Send hostile input to one public callable; return what every call did."""
    return fuzz_target(target(key), baselines(key), max_examples)


def fuzz_target(t: Target, calls, max_examples: int = EXAMPLES) -> list[Outcome]:
    """Send hostile input to ``t``, starting from the valid ``calls``."""
    outcomes: list[Outcome] = []
    calls = tuple(calls)
    with sandbox():
        if not calls:
            for call, names in _hostile_everywhere_calls(t)[:max_examples]:
                outcome = execute(t, call, Slot("/".join(names), ("all",)),
                                  Variant(call.source, lambda: None), tuple(names))
                outcomes.append(outcome)
            return outcomes
        plans = [(i, slot) for i, call in enumerate(calls) for slot in slots(t, call)]
        if not plans:
            return outcomes
        cache: dict[tuple, list[Variant]] = {}

        def variants_for(i, slot):
            k = (i, slot.where)
            if k not in cache:
                call = calls[i]
                if slot.where[0] == "arg":
                    current = call.args[slot.where[1]]
                else:
                    current = call.kwargs.get(slot.name, _default(t, slot.name))
                cache[k] = variants(current)
            return cache[k]

        @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                  phases=(Phase.explicit, Phase.generate), print_blob=False,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def run(data):
            i, slot = data.draw(st.sampled_from(plans), label="parameter")
            options = variants_for(i, slot)
            variant = data.draw(st.sampled_from(options), label="value")
            call = calls[i].copy()
            try:
                with _guard(TIMEOUT):
                    new = variant.build()
            except (TypeError, ValueError, Hang):
                return  # the value cannot even be built (a class refused it): no call
            if slot.where[0] == "arg":
                call.args[slot.where[1]] = new
            else:
                call.kwargs[slot.name] = new
            outcomes.append(execute(t, call, slot, variant, variant.names))

        run()
    return outcomes


def describe_failures(outcomes: list[Outcome], limit: int = 12) -> str:
    """The distinct failures of one target, one per line."""
    lines, seen = [], set()
    for o in outcomes:
        if o.failed:
            k = (o.param, o.kind, o.detail[:60])
            if k not in seen:
                seen.add(k)
                lines.append(o.line())
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more
