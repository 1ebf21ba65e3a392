"""Speed of the vectorised finance functions (issue 3's targets).

    python benchmarks/finance_speed.py [--irr-rows 10000] [--npv-rows 1000000]

* IRR of 10,000 ten-period cash-flow series (target: well under a second);
* NPV of 1,000,000 ten-period series (target: well under a second).

Each figure is printed with its ratio to numpy-financial on the same input,
measured in the same run. numpy-financial works one series at a time, so it
is called once per row (its ``npv`` does not accept a 2-D array). For the
NPV baseline, looping a million calls would take many seconds, so it is
timed on ``--npf-npv-rows`` rows (100,000 by default) and scaled to the full
count; the scaling is printed. The results are also compared, so a fast but
wrong answer would show.

Needs the test extra (numpy-financial): ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import numpy_financial as npf

from implcourse import finance


def _best_of(runs: int, func):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def _series(rng: np.random.Generator, rows: int, periods: int = 10) -> np.ndarray:
    """Conventional series: an investment, then mostly positive returns."""
    invest = -rng.uniform(500, 1500, size=(rows, 1))
    returns = rng.uniform(-50, 300, size=(rows, periods - 1))
    return np.concatenate([invest, returns], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--irr-rows", type=int, default=10_000)
    parser.add_argument("--npv-rows", type=int, default=1_000_000)
    parser.add_argument("--npf-npv-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(20261122)

    flows = _series(rng, args.irr_rows)
    ours_s, ours = _best_of(args.runs, lambda: finance.irr(flows))
    base_s, base = _best_of(1, lambda: np.array([npf.irr(row) for row in flows]))
    both = ~np.isnan(ours) & ~np.isnan(base)
    print(f"IRR of {args.irr_rows:,} series x 10 periods:")
    print(f"  implcourse.finance.irr : {ours_s:8.3f} s")
    print(f"  numpy_financial.irr    : {base_s:8.3f} s (one call per row)")
    print(f"  ratio (npf / ours)     : {base_s / ours_s:8.1f}x faster")
    print(f"  max |difference|       : {np.max(np.abs(ours[both] - base[both])):.2e}"
          f" over {both.sum():,} rows with an IRR")

    big = rng.uniform(-1000, 1000, size=(args.npv_rows, 10))
    ours_s, ours = _best_of(args.runs, lambda: finance.npv(0.08, big))
    sample = big[: args.npf_npv_rows]
    part_s, part = _best_of(1, lambda: np.array([npf.npv(0.08, row) for row in sample]))
    base_s = part_s * args.npv_rows / len(sample)
    print(f"NPV of {args.npv_rows:,} series x 10 periods:")
    print(f"  implcourse.finance.npv : {ours_s:8.3f} s")
    print(f"  numpy_financial.npv    : {base_s:8.3f} s (one call per row; timed on "
          f"{len(sample):,} rows and scaled)")
    print(f"  ratio (npf / ours)     : {base_s / ours_s:8.1f}x faster")
    print(f"  max |difference|       : {np.max(np.abs(ours[: len(sample)] - part)):.2e}")


if __name__ == "__main__":
    main()
