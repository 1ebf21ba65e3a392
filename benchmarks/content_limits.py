"""How fast are hostile content files refused, and large valid ones read?

    .venv/bin/python benchmarks/content_limits.py [--repeat 5]

Prints, as the median of ``--repeat`` runs:

* the time to refuse the hostile files of tests/data/hostile/ (the alias
  bomb, the deep nesting in flow and block style) through
  :func:`implcourse.content.read_yaml`, and a file over the size limit
  (refused from its size alone, before reading);
* the time to read a large valid YAML file (about 1 MB, a question bank)
  with libyaml's C parser and with PyYAML's pure-Python parser, each with
  the content module's safety scan, and the ratio to the baseline measured
  in the same run: ``yaml.safe_load`` on the same text, which is what the
  course did before (pure Python, no scan);
* the time to load a CSV file of ``MAX_ROWS`` valid rows with
  :func:`implcourse.content.load_rows`, and its ratio to the baseline of
  ``csv.DictReader`` plus the same pydantic model, without any check.

These are figures, not a pass/fail test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from implcourse import content, limits
from implcourse.content import ContentError
from implcourse.estimating import Estimate

HOSTILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "hostile"


def _median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _refusal(path: Path):
    def action():
        try:
            content.read_yaml(path)
        except ContentError:
            return
        raise AssertionError(f"{path.name} was not refused")
    return action


def _big_yaml(folder: Path) -> Path:
    entry = ("  - id: q-{i:05d}\n    lesson: \"01\"\n    topic: phases\n    kind: single\n"
             "    difficulty: 2\n    stem: >-\n      Question {i}: which phase produces the "
             "charter, and why does it come first in the lifecycle of a project?\n"
             "    options: [Requirements, Initiation, Design, Deployment]\n"
             "    answer: [B]\n    explanation: The charter authorises the work first.\n")
    parts, size, i = ["questions:\n"], 0, 0
    while size < 1_000_000:
        parts.append(entry.format(i=i))
        size += len(parts[-1])
        i += 1
    path = folder / "big_bank.yml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _big_csv(folder: Path) -> Path:
    path = folder / "big_estimates.csv"
    lines = ["id,optimistic,most_likely,pessimistic,cost_optimistic,cost_most_likely,"
             "cost_pessimistic\n"]
    lines += [f"t{i},1.5,2,3.25,100,200,300\n" for i in range(limits.MAX_ROWS)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _old_load_rows(path: Path):
    """The baseline: what load_rows did before (DictReader, no checks)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Estimate.model_validate({k.strip(): (v.strip() or None) for k, v in row.items()})
                for row in csv.DictReader(handle)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args(argv).repeat
    c_loader = getattr(yaml, "CSafeLoader", None)
    print(f"libyaml C parser available: {c_loader is not None}; "
          f"content reads YAML with {content._LOADER.__name__}")

    print("\nRefusing hostile files (content.read_yaml, median ms):")
    for name in ("tree_alias_bomb.yml", "tree_deep_flow.yml", "tree_deep_block.yml"):
        path = HOSTILE / name
        print(f"  {name:<24} {path.stat().st_size:>7,} bytes  "
              f"{_median_ms(_refusal(path), repeat):8.2f} ms")

    with tempfile.TemporaryDirectory(prefix="implcourse-bench-") as tmp:
        folder = Path(tmp)
        oversized = folder / "oversized.yml"
        with oversized.open("wb") as handle:
            handle.write(b"tree: x\n")
            handle.seek(limits.MAX_FILE_BYTES + 1)
            handle.write(b"\n")
        print(f"  {'oversized.yml':<24} {oversized.stat().st_size:>7,} bytes  "
              f"{_median_ms(_refusal(oversized), repeat):8.2f} ms")

        big = _big_yaml(folder)
        text = big.read_text(encoding="utf-8")
        baseline = _median_ms(lambda: yaml.load(text, Loader=yaml.SafeLoader), repeat)
        print(f"\nReading a valid YAML file of {big.stat().st_size:,} bytes (median ms):")
        print(f"  baseline: yaml.safe_load, pure Python, no scan   {baseline:8.1f} ms   1.00")
        for label, loader in (("content, C parser + scan", c_loader),
                              ("content, pure-Python parser + scan", yaml.SafeLoader)):
            if loader is None:
                print(f"  {label}: not available")
                continue
            ms = _median_ms(lambda: content._load_yaml(big, big.name, loader), repeat)
            print(f"  {label:<47} {ms:8.1f} ms   {ms / baseline:.2f}")

        table = _big_csv(folder)
        baseline = _median_ms(lambda: _old_load_rows(table), repeat)
        ms = _median_ms(lambda: content.load_rows(table, Estimate), repeat)
        print(f"\nLoading a CSV file of {limits.MAX_ROWS:,} rows ({table.stat().st_size:,} "
              f"bytes, median ms):")
        print(f"  baseline: csv.DictReader + the model, no checks  {baseline:8.1f} ms   1.00")
        print(f"  content.load_rows (encodings, dialect, limits)   {ms:8.1f} ms   "
              f"{ms / baseline:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
