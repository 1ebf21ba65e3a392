"""How long does an IRR take, up to the longest series allowed? (Issue 11.)

    .venv/bin/python benchmarks/finance_limits.py [--runs 3] [--npf-max 600]

For series of 10, 100, 600 and ``limits.MAX_PERIODS`` (1,200) periods it
times :func:`implcourse.finance.irr` and, on the same series in the same
run, ``numpy_financial.irr`` (the baseline: eigenvalues of the companion
matrix, O(n^3)), and prints the ratio. Two kinds of series are timed:

* *conventional*: an investment, then returns (one sign change);
* *several roots*: the same with a cost in period 1 and a large cost at the
  end, so that the NPV crosses zero more than once and the whole rate grid
  is scanned.

numpy-financial is timed once per series (it is slow on long ones); above
``--npf-max`` periods it is skipped unless ``--npf-max`` is raised (1,200
periods take it several seconds). The last line is the time to refuse a
series of MAX_PERIODS + 1 periods, which must not depend on doing the work.

Figures, not a pass/fail test: the machines are shared and noisy. Needs the
test extra (numpy-financial): ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import numpy_financial as npf

from implcourse import finance
from implcourse.limits import MAX_PERIODS


def _best_of(runs: int, func):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def _series(rng: np.random.Generator, periods: int, several: bool) -> np.ndarray:
    flows = np.concatenate([[-100.0 * periods], rng.uniform(0, 300, periods - 1)])
    if several:
        flows[1] = -50.0 * periods
        flows[-1] = -40.0 * periods
    return flows


def _npf_irr(flows: np.ndarray) -> float:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return float(npf.irr(flows))
        except np.linalg.LinAlgError:
            return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--npf-max", type=int, default=600,
                        help="longest series timed with numpy-financial (default 600)")
    args = parser.parse_args()
    rng = np.random.default_rng(20261111)
    finance.irr([-1.0, 2.0])  # warm up imports

    print(f"{'series':<14}{'periods':>8}{'implcourse':>12}{'numpy-fin.':>12}{'ratio':>9}"
          f"  IRR (ours / numpy-financial 1.0.0)")
    for several in (False, True):
        for periods in (10, 100, 600, MAX_PERIODS):
            flows = _series(rng, periods, several)
            ours_s, ours = _best_of(args.runs, lambda: finance.irr_all(flows))
            chosen = finance.irr(flows) if ours else float("nan")
            if periods <= args.npf_max:
                base_s, base = _best_of(1, lambda: _npf_irr(flows))
                ratio = f"{base_s / ours_s:8.1f}x"
                base_text, base_time = f"{base:.6f}", f"{base_s:10.4f} s"
            else:
                ratio, base_text, base_time = "       -", "not timed", "         -  "
            kind = "several roots" if several else "conventional"
            print(f"{kind:<14}{periods:>8}{ours_s:10.4f} s{base_time}{ratio}  "
                  f"{chosen:.6f} / {base_text}  (IRRs: {len(ours)})")

    too_long = [-1.0] + [0.01] * MAX_PERIODS
    start = time.perf_counter()
    try:
        finance.irr(too_long)
    except ValueError as error:
        refused = time.perf_counter() - start
        print(f"refusing {MAX_PERIODS + 1:,} periods: {refused * 1e3:.3f} ms ({error})")
    else:
        raise SystemExit("a series beyond MAX_PERIODS was not refused")


if __name__ == "__main__":
    main()
