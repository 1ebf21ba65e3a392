"""How many participants fit on a workshop machine? (issue 14)

    .venv/bin/python benchmarks/workshop_capacity.py [--users 10] [--lesson 04]

It starts the workshop exactly as the tests do (PostgreSQL, JupyterHub with
the project's configuration, on 127.0.0.1), logs ``--users`` participants in,
starts their servers at once, and has **every participant run a whole lesson
at the same moment** (every code cell of their own participant copy, in a
kernel of their server: the worst burst a trainer causes by saying "now
run the lesson"). It measures:

- the time for all servers to be ready;
- the lesson's run time for each participant, with everyone running at once,
  and, as the baseline in the same run, for one participant alone;
- the CPU seconds one lesson run costs (the kernel's own CPU time);
- memory per participant: the proportional set size (PSS, shared pages
  divided among the processes that share them) of their server and kernel
  after the lesson, and the hub, proxy, dashboard and PostgreSQL together.

From these it prints how many participants one core serves if a lesson run
in the burst may take at most 30 seconds, and the memory a room needs. The
simple spawner of the tests runs every server as one OS user, which does
not change CPU or memory. These are figures, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

BURST_SECONDS = 30.0


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _lesson_code(home: Path, lesson: str) -> list[str]:
    from implcourse import course

    notebook = home / "implcourse" / course.get_lesson(lesson).notebook
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _run_lesson(hub, kernel_of, name, lesson, out):
    kernel = kernel_of[name]
    t0 = time.perf_counter()
    for code in _lesson_code(hub.dir / "users" / name, lesson):
        kernel.run(code)
    out[name] = time.perf_counter() - t0


def _kernel_pid(name: str) -> int | None:
    from hub_support import user_processes

    for pid in user_processes(name):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in cmd:
            return pid
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--lesson", default="04")
    options = parser.parse_args()
    from hub_support import Hub, Kernel, start_servers, user_processes

    names = [f"p{i:02d}" for i in range(options.users)]
    hub = Hub()
    try:
        t0 = time.perf_counter()
        _, tokens = start_servers(hub, names)
        ready = time.perf_counter() - t0
        kernels = {n: Kernel(hub, n, tokens[n]) for n in names}
        print(f"{len(names)} participants on {os.cpu_count()} cores; lesson {options.lesson}")
        print(f"all servers ready after {ready:.1f} s")

        # Baseline: one participant alone (their imports warm the disk cache for all).
        alone: dict[str, float] = {}
        _run_lesson(hub, kernels, names[0], options.lesson, alone)
        pid = _kernel_pid(names[0])
        cpu_before = {n: _cpu_seconds(_kernel_pid(n) or 0) for n in names[1:]}
        # The burst: everyone else runs the whole lesson at the same moment.
        burst: dict[str, float] = {}
        threads = [threading.Thread(target=_run_lesson, args=(hub, kernels, n, options.lesson,
                                                            burst)) for n in names[1:]]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        cpu = [_cpu_seconds(_kernel_pid(n) or 0) - cpu_before[n] for n in names[1:]]
        first_cpu = _cpu_seconds(pid or 0)

        per_user = [sum(_pss_mb(p) for p in user_processes(n)) for n in names]
        per_kernel = [_pss_mb(_kernel_pid(n) or 0) for n in names]
        me = os.getpid()
        shared = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == me:
                continue
            try:
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if (b"jupyterhub" in cmd and b"singleuser" not in cmd) or \
                    b"configurable-http-proxy" in cmd or b"implcourse.workshop.dashboard_service" in cmd \
                    or (b"postgres" in cmd and hub.pg.dir.name.encode() in cmd) \
                    or b"postgres:" in cmd:
                shared += _pss_mb(int(entry.name))

        cpu_run = statistics.median(cpu)
        per_core = BURST_SECONDS / cpu_run
        print(f"lesson run, one participant alone: {alone[names[0]]:.1f} s "
              f"(kernel CPU {first_cpu:.1f} s, imports included)")
        print(f"lesson run, {len(threads)} at once: median {statistics.median(burst.values()):.1f} s,"
              f" slowest {max(burst.values()):.1f} s, all done after {wall:.1f} s; "
              f"ratio to alone x{statistics.median(burst.values()) / alone[names[0]]:.1f}")
        print(f"CPU per lesson run (kernel, median): {cpu_run:.1f} s")
        print(f"memory per participant (server + kernel, PSS): median "
              f"{statistics.median(per_user):.0f} MB, max {max(per_user):.0f} MB")
        print(f"of which the lesson's kernel: median {statistics.median(per_kernel):.0f} MB "
              "(each further lesson a participant keeps open adds about this much)")
        print(f"hub + proxy + dashboard + PostgreSQL (PSS): {shared:.0f} MB")
        print(f"participants per core, if a lesson run in a burst may take "
              f"{BURST_SECONDS:.0f} s: {per_core:.1f}")
    finally:
        hub.close()


if __name__ == "__main__":
    main()
