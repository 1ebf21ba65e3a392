"""How fast is the progress store? (Goals of issue 12: recording one attempt
takes under 5 ms at the median; the mastery report over 1,000,000 records
takes under 1 s.)

    .venv/bin/python benchmarks/progress_speed.py [--records 1000000] [--writes 300]

Two figures, each with a ratio to a baseline measured in the same run:

1. the median time of ``ProgressStore.record`` (one SQLite transaction, a
   new connection each time, as a widget callback does), against appending
   the same record as one JSON line to a file, which is what the former
   JSON-lines store did;
2. the time of ``ProgressStore.summary`` and of ``progress.report`` over
   ``--records`` records, against the former JSON-lines store's summary
   (read every line, parse it, tally in Python) over the same records. The
   store keeps a per-item tally up to date as it writes, so a summary reads
   one row per item; the last line shows the one-off recount needed when
   another program has changed the events.

The stores live in a temporary folder removed at exit. These are figures,
not a pass/fail test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from implcourse import progress  # noqa: E402
from implcourse.progress import ProgressStore  # noqa: E402

LESSONS = [f"{n:02d}" for n in range(20)]
TOPICS = ["phases", "roles", "golive", "critical_path", "risk"]


def synthetic(n: int, seed: int = 7):
    """``n`` records over 20 lessons x 5 topics x 20 items each, about one in
    ten a solution seen, the rest answers."""
    rng = random.Random(seed)
    for _ in range(n):
        lesson, topic = rng.choice(LESSONS), rng.choice(TOPICS)
        item = f"{lesson}.{topic}.{rng.randrange(20)}"
        if rng.random() < 0.1:
            yield ("solution", item, lesson, topic, None)
        else:
            yield (rng.choice(("exercise", "question")), item, lesson, topic,
                   rng.random() < 0.6)


def jsonl_append(path: Path, entry: dict) -> None:
    """The former store's write: one JSON line appended."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")


def jsonl_summary(path: Path):
    """The former store's summary: parse every line, tally per item in Python."""
    import pandas as pd

    items: dict[tuple, dict] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            kind = entry.get("kind") or "exercise"
            key = (entry["lesson"], entry["topic"],
                   "exercise" if kind == "solution" else kind, entry["item"])
            state = items.setdefault(key, {"first": None, "last": None, "seen": False})
            if kind == "solution":
                state["seen"] = True
            else:
                if state["first"] is None:
                    state["first"] = entry["correct"] and not state["seen"]
                state["last"] = entry["correct"]
    rows = [(lesson, topic, s["first"], s["last"], s["seen"])
            for (lesson, topic, _, _), s in items.items() if s["last"] is not None]
    frame = pd.DataFrame(rows, columns=["lesson", "topic", "first", "last", "seen"])
    return frame.groupby(["lesson", "topic"]).agg(
        tried=("last", "size"), right_now=("last", "sum"), right_first_time=("first", "sum"))


def timed(function, repeat: int = 1) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--writes", type=int, default=300)
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="implcourse-progress-bench-"))
    try:
        # 1. One record.
        store = ProgressStore(folder / "writes")
        store.record("exercise", "warm.up", lesson="01", topic="phases", correct=True)
        times = []
        for i in range(options.writes):
            start = time.perf_counter()
            store.record_attempt(f"q-{i}", i % 2 == 0, "B", 3.5, lesson="01", topic="phases")
            times.append(time.perf_counter() - start)
        lines = folder / "writes.jsonl"
        base = []
        for i in range(options.writes):
            entry = {"kind": "question", "item": f"q-{i}", "lesson": "01", "topic": "phases",
                     "correct": i % 2 == 0, "time": round(time.time(), 3)}
            start = time.perf_counter()
            jsonl_append(lines, entry)
            base.append(time.perf_counter() - start)
        record_ms, base_ms = statistics.median(times) * 1e3, statistics.median(base) * 1e3
        p95 = sorted(times)[int(0.95 * len(times)) - 1] * 1e3
        print(f"record one attempt: median {record_ms:.2f} ms, p95 {p95:.2f} ms "
              f"(goal < 5 ms); JSON-lines append {base_ms:.3f} ms; ratio "
              f"{record_ms / base_ms:.1f}x")

        # 2. A summary over many records.
        n = options.records
        big = ProgressStore(folder / "big")
        big.record("exercise", "00.x", lesson="00", topic="phases", correct=True)  # schema
        rows = list(synthetic(n - 1))
        start = time.perf_counter()
        conn = sqlite3.connect(big.path)
        with conn:
            conn.executemany("INSERT INTO events (at, kind, item, lesson, topic, correct) "
                             "VALUES ('2026-01-01T00:00:00.000+00:00', ?, ?, ?, ?, ?)", rows)
        conn.close()
        fill = time.perf_counter() - start
        with (folder / "big.jsonl").open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"kind": "exercise", "item": "00.x", "lesson": "00",
                                     "topic": "phases", "correct": True}) + "\n")
            for kind, item, lesson, topic, correct in rows:
                entry = {"kind": kind, "item": item, "lesson": lesson, "topic": topic}
                if correct is not None:
                    entry["correct"] = correct
                handle.write(json.dumps(entry, sort_keys=True) + "\n")
        print(f"{n:,} records written in {fill:.1f} s (one transaction, setup only)")
        summary_s, table = timed(big.summary, repeat=2)
        report_s, _ = timed(lambda: progress.report(big), repeat=2)
        base_s, reference = timed(lambda: jsonl_summary(folder / "big.jsonl"))
        same = (table.sort_index()[["tried", "right_now", "right_first_time"]]
                .equals(reference.sort_index().astype(int)))
        print(f"summary over {n:,} records: {summary_s:.2f} s; report {report_s:.2f} s "
              f"(goal < 1 s); JSON-lines store's summary {base_s:.2f} s; ratio "
              f"{base_s / summary_s:.1f}x faster ({'same' if same else 'DIFFERENT'} counts)")
        conn = sqlite3.connect(big.path)
        with conn:  # another program changes a row: the next reading recounts everything
            conn.execute("UPDATE events SET correct = 1 - correct WHERE id = 2")
        conn.close()
        rebuild_s, _ = timed(big.summary)
        print(f"first summary after another program changed a row (recounted from every "
              f"event, once): {rebuild_s:.2f} s")
        return 0 if same else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
