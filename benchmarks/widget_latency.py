"""How fast does every tool answer? (Goal of issue 7: every control's median
at most 100 ms and its p95 at most 200 ms, measured in-process.)

    .venv/bin/python benchmarks/widget_latency.py [--rounds 2] [--tool NAME]

It builds every tool of :func:`implcourse.widgets.catalogue`, walks its
widget tree and sets each control in turn, as a learner would: every option
of a menu or toggle, five positions of a slider, a few values in a number
box, a tick box on and off, a button pressed, a tab opened. ``--rounds``
repeats the sequence (the second round shows what remembered drawings save).
The time of one setting is the time for the tool to finish reacting to it
in the kernel (ipywidgets calls the observers synchronously); the browser's
own drawing is not included.

For each control it prints how many settings were timed, the first one
(a cold start), the median and the 95th percentile. The last lines give the
worst median and the worst p95 over all tools, and their ratio to a
baseline measured in the same run: drawing the S-curve from scratch to a
PNG, which is what a tool paid for every change before charts were cached
and redrawn in part. These are figures, not a pass/fail test: the machines
are shared and noisy.
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import statistics
import sys
import tempfile
import time

if "IMPLCOURSE_HOME" not in os.environ:  # the progress the tools record goes to a
    _home = tempfile.mkdtemp(prefix="implcourse-bench-")  # folder removed at exit
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    os.environ["IMPLCOURSE_HOME"] = _home
os.environ.setdefault("MPLBACKEND", "Agg")
# A tool that saves a file (the capstone's plan) saves it in the working folder:
# run in a temporary one, so the benchmark leaves nothing behind.
_work = tempfile.mkdtemp(prefix="implcourse-bench-work-")
atexit.register(shutil.rmtree, _work, ignore_errors=True)
os.chdir(_work)

import ipywidgets as w  # noqa: E402

from implcourse.widgets import catalogue  # noqa: E402


def _walk(widget, path=()):
    """Every widget under ``widget`` with the tabs that lead to it: ``(widget,
    ((tab, index), ...))``, so that a control inside a tab is timed with its
    tab open, as a learner would use it (a hidden tab draws nothing)."""
    yield widget, path
    for index, child in enumerate(getattr(widget, "children", ()) or ()):
        step = ((widget, index),) if isinstance(widget, w.Tab) else ()
        yield from _walk(child, path + step)


def _values(control) -> list:
    """The settings a learner would try on ``control`` (ending where it started)."""
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if not options:
            return []
        start = control.value
        others = [o for o in options if o != start][:3]
        return [*others, start]
    if isinstance(control, (w.FloatSlider, w.IntSlider)):
        start = control.value
        span = control.max - control.min
        picks = [control.min + span * k / 4 for k in (1, 3, 0, 4)]
        if isinstance(control, w.IntSlider):
            picks = [int(round(p)) for p in picks]
        else:
            picks = [round(round(p / control.step) * control.step, 10) for p in picks]
        return [*picks, start]
    if isinstance(control, w.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, w.IntText):
        return [control.value + 1, control.value + 2, control.value]
    if isinstance(control, w.FloatText):
        v = control.value
        return [v * 1.1 + 1, v * 0.9, v]
    if isinstance(control, w.TagsInput):
        tags = list(control.value)
        if tags:
            return [tags[:-1], tags]
        options = list(control.allowed_tags)[:1]
        return [options, []] if options else []
    if isinstance(control, w.Tab):
        n = len(control.children)
        return [*range(1, n), 0] if n > 1 else []
    return []


def _name(control) -> str:
    kind = type(control).__name__
    label = getattr(control, "description", "") or ""
    if isinstance(control, w.Tab):
        label = "/".join(control.titles)
    return f"{kind} {label!r}" if label else kind


def measure_tool(factory, rounds: int) -> tuple[float, list[tuple[str, list[float]]]]:
    start = time.perf_counter()
    tool = factory()
    build = time.perf_counter() - start
    rows = []
    seen = set()
    while len(seen) < 400:  # a guard: no tool has this many controls
        # Walk again each time: a control may rebuild part of the tool (a case
        # with another number of years brings new boxes).
        fresh = [(c, path) for c, path in _walk(tool) if id(c) not in seen]
        if not fresh:
            break
        control, path = fresh[0]
        seen.add(id(control))
        if getattr(control, "disabled", False):
            continue
        for tab, index in path:  # open the tabs it sits in (not timed)
            tab.selected_index = index
        times = []
        if isinstance(control, w.Button):
            for _ in range(3 * rounds):
                t0 = time.perf_counter()
                control.click()
                times.append(time.perf_counter() - t0)
        else:
            values = _values(control)
            attribute = "selected_index" if isinstance(control, w.Tab) else "value"
            for _ in range(rounds):
                for value in values:
                    t0 = time.perf_counter()
                    try:
                        setattr(control, attribute, value)
                    except Exception:  # a value the widget refuses is not a learner's path
                        continue
                    times.append(time.perf_counter() - t0)
        if times:
            rows.append((_name(control), times))
    return build, rows


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def baseline_seconds(runs: int = 5) -> float:
    """Drawing the S-curve of the ERP simulation from scratch to a PNG."""
    from implcourse import risk
    from implcourse.plots import risk as charts

    run = risk.simulate_schedule(risk.estimated_plan(), 10_000, 1, risks=risk.load_register(),
                                 residual=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        buffer = io.BytesIO()
        charts.s_curve(run, target=run.baseline).savefig(buffer, format="png", dpi=90)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def guard_seconds(runs: int = 20) -> tuple[float, str]:
    """What the tools' guard adds to every callback: one walk of a tool's widget
    tree (see :meth:`implcourse.widgets.common.Tool.guard`), on the tool with
    the most widgets."""
    largest, most = None, -1
    for _, title, factory in catalogue():
        tool = factory()
        count = sum(1 for _ in _walk(tool))
        if count > most:
            largest, most = (tool, title), count
    tool, title = largest
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        tool.guard()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), f"{title} ({most} widgets)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tool", default=None, help="only tools whose title contains this")
    args = parser.parse_args(argv)
    baseline = baseline_seconds()
    worst_median = (0.0, "")
    worst_p95 = (0.0, "")
    print(f"{'tool':<36} {'control':<44} {'n':>3} {'first':>7} {'median':>7} {'p95':>7}")
    for lesson, title, factory in catalogue():
        if args.tool and args.tool.lower() not in title.lower():
            continue
        build, rows = measure_tool(factory, args.rounds)
        print(f"{lesson} {title[:33]:<33} {'(build)':<44} {'':>3} {build * 1000:7.0f}")
        for name, times in rows:
            median, high = statistics.median(times), p95(times)
            print(f"{'':<36} {name[:44]:<44} {len(times):>3} {times[0] * 1000:7.0f} "
                  f"{median * 1000:7.0f} {high * 1000:7.0f}")
            where = f"{title}: {name}"
            worst_median = max(worst_median, (median, where))
            worst_p95 = max(worst_p95, (high, where))
    print(f"baseline: the S-curve drawn from scratch to PNG takes {baseline * 1000:.0f} ms")
    guard, where = guard_seconds()
    print(f"the guard's walk after each callback: {guard * 1000:.2f} ms, "
          f"{guard / baseline:.3f}x the baseline, on the largest tool: {where}")
    print(f"worst median {worst_median[0] * 1000:.0f} ms (goal <= 100), "
          f"{worst_median[0] / baseline:.2f}x the baseline: {worst_median[1]}")
    print(f"worst p95 {worst_p95[0] * 1000:.0f} ms (goal <= 200), "
          f"{worst_p95[0] / baseline:.2f}x the baseline: {worst_p95[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
