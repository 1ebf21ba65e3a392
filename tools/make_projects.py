"""Regenerate the SYNTHETIC portfolio ``datasets/projects.csv`` (for contributors).

    .venv/bin/python tools/make_projects.py            # write the file
    .venv/bin/python tools/make_projects.py --check    # only compare; exit 1 if it differs
    .venv/bin/python tools/make_projects.py --seeds    # list the seeds 1-300 that qualify

The file is :func:`implcourse.portfolio.generate` with the committed
:data:`~implcourse.portfolio.SEED` and :data:`~implcourse.portfolio.N`, written
by :func:`implcourse.portfolio.to_csv_text` (fixed column order, fixed
decimals, "\\n" line ends), so the same code always writes the same bytes.
``tests/test_portfolio.py`` regenerates it and compares. After changing the
generator, run this, re-execute lesson 06 and update
``datasets/README_projects.md`` where its figures changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from implcourse.portfolio import (N, SEED, generate, overruns, stratified,  # noqa: E402
                                  survivorship, to_csv_text)

TARGET = ROOT / "datasets" / "projects.csv"


def qualifies(seed: int, n: int = N) -> bool:
    """The seed criteria of datasets/README_projects.md ("How the seed was chosen")."""
    df = overruns(generate(seed, n))
    done = df[df["outcome"] != "cancelled"]
    cost = done["cost_overrun_pct"]
    worst = cost.sort_values(ascending=False).index[:round(len(done) / 6)]
    by_median = stratified(done, "methodology", "budget", "cost_overrun_pct")
    by_mean = stratified(done, "methodology", "budget", "cost_overrun_pct", stat="mean")
    archive = survivorship(df)["mean"]
    shares = df["outcome"].value_counts(normalize=True) * 100
    return bool(abs(cost.mean() - 27) < 4 and abs(cost[worst].mean() - 200) < 20
                and abs(done.loc[worst, "schedule_overrun_pct"].mean() - 70) < 8
                and (by_median.high, by_median.low) == ("waterfall", "agile")
                and by_median.pooled_gap > 10
                and abs(by_median.within_gap) < by_median.pooled_gap / 3
                and by_mean.high == "waterfall" and by_mean.pooled_gap > 8
                and abs(by_mean.within_gap) < by_mean.pooled_gap / 2
                and archive.iloc[0] > archive.iloc[1]
                and 9 < shares.get("cancelled", 0) < 25 and 15 < shares.get("successful", 0) < 39)


def main(argv: list[str]) -> int:
    if "--seeds" in argv:
        good = [seed for seed in range(1, 301) if qualifies(seed)]
        print("seeds that qualify:", ", ".join(map(str, good)), f"(committed: {SEED})")
        return 0
    text = to_csv_text(generate(SEED, N))
    if "--check" in argv:
        same = TARGET.is_file() and TARGET.read_bytes() == text.encode("utf-8")
        print("datasets/projects.csv is up to date" if same
              else "datasets/projects.csv differs from the generator: run tools/make_projects.py")
        return 0 if same else 1
    TARGET.write_bytes(text.encode("utf-8"))
    print(f"wrote datasets/projects.csv: {N} synthetic projects, seed {SEED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
