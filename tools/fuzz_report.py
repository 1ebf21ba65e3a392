"""Run the fuzz harness of tests/test_fuzz.py without pytest and print its figures.

For every public callable of the core (see ``tests/fuzz_support.py``), the
same hostile calls as the test suite are made, and the script prints, per
module and in total: the callables with a valid baseline call (covered) out
of all, the calls made, how many returned, how many raised a documented
error naming the parameter, and the failures by class (other exceptions,
messages that do not name the parameter, non-finite results, hangs).

Usage::

    python tools/fuzz_report.py                       # every module
    python tools/fuzz_report.py -k metrics.kpis       # modules whose name contains it
    python tools/fuzz_report.py --examples 60 --out failures.md

``--out`` writes every distinct failure, grouped by module, as Markdown.
The exit status is 1 if there is any failure, else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

COLUMNS = ("covered", "callables", "calls", "returned", "documented", "other", "unnamed",
           "nonfinite", "hang")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="filter", default="",
                        help="only callables whose qualified name contains this text")
    parser.add_argument("--examples", type=int, default=None,
                        help="hypothesis examples per callable (default: as the test suite)")
    parser.add_argument("--out", default=None, help="write the failures here (Markdown)")
    args = parser.parse_args(argv)

    # Like the test suite: no progress file or scratch file of the user's is touched.
    os.environ.setdefault("IMPLCOURSE_HOME", tempfile.mkdtemp(prefix="implcourse-fuzz-home-"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    import fuzz_support as fz

    examples = args.examples or fz.EXAMPLES
    start = time.perf_counter()
    chosen = [t for t in fz.targets() if args.filter in t.key]
    rows: dict[str, Counter] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    for t in chosen:
        row = rows[t.module]
        row["callables"] += 1
        if fz.baselines(t.key):
            row["covered"] += 1
        outcomes = fz.fuzz(t.key, examples)
        for o in outcomes:
            row["calls"] += 1
            row["returned" if o.kind == "ok" else o.kind] += 1
        text = fz.describe_failures(outcomes, limit=50)
        if text:
            failures[t.module].append(text)
    seconds = time.perf_counter() - start

    width = max([len(m) for m in rows] + [len("total")])
    print(f"{'module':<{width}} " + " ".join(f"{c:>10}" for c in COLUMNS))
    total = Counter()
    for module in sorted(rows):
        total.update(rows[module])
        print(f"{module:<{width}} " + " ".join(f"{rows[module][c]:>10}" for c in COLUMNS))
    print(f"{'total':<{width}} " + " ".join(f"{total[c]:>10}" for c in COLUMNS))
    covered = total["covered"] / total["callables"] if total["callables"] else 0.0
    print(f"\ncallables with a valid baseline call: {total['covered']} / {total['callables']} "
          f"({covered:.0%}); {total['calls']} calls in {seconds:.0f} s "
          f"({examples} examples per callable)")
    print(f"documented errors: {total['documented']}; other exceptions: {total['other']}; "
          f"messages not naming the parameter: {total['unnamed']}; "
          f"non-finite results: {total['nonfinite']}; hangs: {total['hang']}")
    if fz.IMPORT_ERRORS:
        print("modules that do not import:", ", ".join(sorted(fz.IMPORT_ERRORS)))
    uncovered = [t.key for t in chosen if not fz.baselines(t.key)]
    if args.out:
        lines = [f"# Fuzz failures ({total['calls']} calls, {examples} examples per callable)", ""]
        for module in sorted(failures):
            lines += [f"## {module}", "", "```", *failures[module], "```", ""]
        lines += ["## Callables with no valid baseline call (fuzzed with every parameter hostile)",
                  "", *[f"- {key}" for key in uncovered], ""]
        Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    bad = total["other"] + total["unnamed"] + total["nonfinite"] + total["hang"]
    return 1 if bad or fz.IMPORT_ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
