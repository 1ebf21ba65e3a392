"""A room's worth of learners writing at once to the workshop's PostgreSQL (issue 14).

    .venv/bin/python benchmarks/workshop_load.py [--learners 50] [--attempts 200]

It starts a throwaway PostgreSQL server (Debian's package, on 127.0.0.1, as
the tests do), gives every simulated learner a login of their own as the hub
does, and runs each learner in a **process of its own** (as each kernel is):
every learner records ``--attempts`` answers as fast as it can through
``ProgressStore.record_attempt``, the path the kernels use, while the class
dashboard reads every record every half second.

It prints, for three runs in the same process:

1. **baseline**: the same learners writing to single-user SQLite files
   (the laptop store), one file each;
2. **workshop**: the PostgreSQL store;
3. **restart**: the PostgreSQL store with the server restarted during the load.

For each: writes per second, the median, p95 and maximum write latency, how
many writes waited in a learner's outbox, and how many were lost (rows in
the database against writes made). The last line gives the workshop run's
throughput and p95 as ratios to the baseline. These are figures, not a
pass/fail test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _learner(args) -> list[float]:
    url, home, attempts, barrier = args
    os.environ["IMPLCOURSE_HOME"] = home
    from implcourse.progress import ProgressStore

    store = ProgressStore(url=url)
    barrier.wait()
    times = []
    for n in range(attempts):
        t0 = time.perf_counter()
        store.record_attempt(f"q-{n:03d}", n % 3 != 0, "B", 1.0, lesson="04", topic="risk")
        times.append(time.perf_counter() - t0)
    return times


def _run(urls, homes, attempts, *, reader=None, during=None):
    ctx = mp.get_context("fork")
    manager = ctx.Manager()
    barrier = manager.Barrier(len(urls) + 1)
    reads = [0]
    done = threading.Event()

    def dashboard():
        from implcourse.workshop import db

        while not done.is_set():
            db.class_records(reader)
            reads[0] += 1
            time.sleep(0.5)

    with ctx.Pool(len(urls)) as pool:
        result = pool.map_async(_learner, [(u, h, attempts, barrier)
                                           for u, h in zip(urls, homes)])
        barrier.wait()
        t0 = time.perf_counter()
        poller = threading.Thread(target=dashboard) if reader else None
        if poller:
            poller.start()
        if during:
            during()
        latencies = [x for per in result.get() for x in per]
        wall = time.perf_counter() - t0
    done.set()
    if poller:
        poller.join()
    manager.shutdown()
    return wall, latencies, reads[0]


def _line(name, wall, latencies, kept, lost, reads):
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:<9} {len(latencies) / wall:>9,.0f} writes/s   median {1000 * q[49]:6.1f} ms   "
          f"p95 {1000 * q[94]:6.1f} ms   max {1000 * max(latencies):7.1f} ms   "
          f"kept locally {kept:>4}   lost {lost}   dashboard reads {reads}")
    return len(latencies) / wall, q[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--attempts", type=int, default=200)
    options = parser.parse_args()
    from pg_support import Postgres

    from implcourse import progress_postgres
    from implcourse.progress import ProgressStore
    from implcourse.workshop import db

    n, attempts = options.learners, options.attempts
    pg = Postgres(max_connections=max(100, 2 * n + 20))
    work = Path(tempfile.mkdtemp(prefix="implcourse-load-"))
    try:
        db.migrate(pg.admin_url)
        reader = db.provision_reader(pg.admin_url)
        print(f"{n} learners x {attempts} answers, each learner in a process of its own, "
              f"on {os.cpu_count()} cores\n")

        homes = [str(work / f"lite-{i}") for i in range(n)]
        lite = [f"sqlite:///{h}/progress.sqlite3" for h in homes]
        wall, lat, _ = _run(lite, homes, attempts)
        lost = n * attempts - sum(len(ProgressStore(url=u).events()) for u in lite)
        base = _line("baseline", wall, lat, 0, lost, 0)

        results = {}
        for name in ("workshop", "restart"):
            urls = [db.provision_learner(pg.admin_url, f"{name}-{i:02d}") for i in range(n)]
            homes = [str(work / f"{name}-{i}") for i in range(n)]

            def restart():
                time.sleep(0.5)
                pg.restart()

            wall, lat, reads = _run(urls, homes, attempts, reader=reader,
                                    during=restart if name == "restart" else None)
            events, _ = db.class_records(reader)
            stored = int(events["learner"].str.startswith(f"{name}-").sum())
            kept = sum(progress_postgres.PostgresBackend(
                u, Path(h) / progress_postgres.OUTBOX_NAME).pending()
                for u, h in zip(urls, homes))
            results[name] = _line(name, wall, lat, kept, n * attempts - stored - kept, reads)
        throughput, p95 = results["workshop"]
        print(f"\nworkshop / baseline: throughput x{throughput / base[0]:.2f}, "
              f"p95 x{p95 / base[1]:.2f}")
    finally:
        pg.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
