"""How long does `import implcourse` take? (Target from issue 2: under 0.3 s.)

Each figure is the median of several fresh interpreters, measured in the same
run as the baseline, a bare interpreter start (`python -c pass`), so the
ratio says how much the import adds on this machine, whatever its speed.

    python benchmarks/import_time.py [--runs 15]

It also reports which heavy modules the import pulled in (there should be
none of ipywidgets, matplotlib, IPython, pandas).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time


def _median_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    baseline = _median_seconds("pass", runs)
    with_import = _median_seconds("import implcourse", runs)
    heavy = json.loads(subprocess.run(
        [sys.executable, "-c", "import sys, json, implcourse; print(json.dumps(sorted("
         "m for m in sys.modules if m.split('.')[0] in "
         "('ipywidgets', 'matplotlib', 'IPython', 'pandas'))))"],
        check=True, capture_output=True, text=True).stdout)
    added = with_import - baseline
    print(f"python -c pass            : {baseline * 1000:7.1f} ms (baseline, median of {runs})")
    print(f"python -c 'import implcourse': {with_import * 1000:7.1f} ms")
    print(f"import implcourse adds    : {added * 1000:7.1f} ms (target < 300 ms)")
    print(f"ratio to baseline         : {with_import / baseline:7.2f}x")
    print(f"heavy modules imported    : {heavy or 'none'}")


if __name__ == "__main__":
    main()
