"""Time to first render of every projector dashboard, against plain Voilà.

    python benchmarks/dashboard_render.py            # every dashboard
    python benchmarks/dashboard_render.py kpi evm    # some of them

For each dashboard, two Voilà servers are started in turn, each on
127.0.0.1 with a free port and its own temporary HOME:

* **ours**: exactly as ``implcourse dashboard NAME`` starts it
  (:func:`implcourse.dashboards.voila_command`): the course's template, a
  preheated kernel (the notebook has run before the page is asked for);
* **plain**: ``voila NOTEBOOK`` with Voilà's defaults (the ``lab`` template,
  a kernel started when the page is asked for). Its page asks a public CDN for
  Font Awesome; those requests are answered at once with an error, as in a
  room without internet, so they cost nothing here.

Each server is given the same settling time after it answers (for ours, the
preheated kernel is ready by then). Then Debian's Chromium (through
Playwright, never a downloaded browser) opens the page at 1280x720 with an
empty cache, and the time from navigation until the tool's result and every
chart on show are visible is printed, with the ratio plain / ours. Nothing is
asserted: the figures depend on the machine.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (CHROMIUM, FLAGS, free_port, isolated_env,  # noqa: E402
                             stop_server)
from implcourse import dashboards  # noqa: E402

#: Seconds each server is left to settle after it answers (preheating runs then).
SETTLE = 12
VISIBLE = ("() => { const r = document.querySelector('.implcourse-tool .implcourse-result');"
           " if (!r || r.offsetParent === null) return false;"
           " return [...document.querySelectorAll('.implcourse-tool img.implcourse-chart')]"
           ".filter(i => i.offsetParent !== null)"
           ".every(i => i.complete && i.naturalWidth > 0); }")


def _start(command, env, log: Path, ready: str) -> subprocess.Popen:
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(ready, timeout=2)
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop_server(server)
                raise SystemExit(f"the server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)


def _render_seconds(browser, base: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.route(lambda url: not url.startswith(base), lambda route: route.abort())
    try:
        start = time.perf_counter()
        page.goto(base, wait_until="commit", timeout=120_000)
        page.wait_for_function(VISIBLE, timeout=120_000, polling=50)
        return time.perf_counter() - start
    finally:
        context.close()


def measure(name: str, browser, scratch: Path) -> dict[str, float]:
    notebook = dashboards.notebook_path(name)
    setups = {
        "ours": (dashboards.voila_command, None),
        "plain": (lambda _n, port, open_browser: [
            sys.executable, "-m", "voila", str(notebook), "--Voila.ip=127.0.0.1",
            f"--port={port}", "--no-browser"], "voila/templates/lab/static/voila.js"),
    }
    seconds = {}
    for label, (make, ready_path) in setups.items():
        port = free_port()
        home = scratch / f"{name}-{label}"
        env = dashboards.voila_environment(isolated_env(home))
        base = f"http://127.0.0.1:{port}/"
        server = _start(make(name, port, open_browser=False), env, home.with_suffix(".log"),
                        base + (ready_path or dashboards.READY_PATH))
        try:
            time.sleep(SETTLE)
            seconds[label] = _render_seconds(browser, base)
        finally:
            stop_server(server)
    return seconds


def main(argv: list[str]) -> int:
    names = argv or list(dashboards.DASHBOARDS)
    for name in names:
        dashboards.notebook_path(name)  # an unknown name stops here, with the names
    if not CHROMIUM:
        print("Debian's chromium is needed (apt-get install chromium)")
        return 1
    from playwright.sync_api import sync_playwright

    rows = []
    scratch = Path(tempfile.mkdtemp(prefix="implcourse-dashboards-"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                for name in names:
                    result = measure(name, browser, scratch)
                    rows.append((name, result["ours"], result["plain"]))
                    print(f"{name:<16} ours {result['ours']:5.2f} s   plain Voilà "
                          f"{result['plain']:5.2f} s   ratio {result['plain'] / result['ours']:4.1f}",
                          flush=True)
            finally:
                browser.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print("| Dashboard | Ours (s) | Plain Voilà (s) | Plain / ours |")
    print("|---|---:|---:|---:|")
    for name, ours, plain in rows:
        print(f"| {name} | {ours:.2f} | {plain:.2f} | {plain / ours:.1f} |")
    ours = [r[1] for r in rows]
    plain = [r[2] for r in rows]
    print(f"| median | {statistics.median(ours):.2f} | {statistics.median(plain):.2f} | "
          f"{statistics.median(plain) / statistics.median(ours):.1f} |")
    print(f"\nSlowest with our settings: {max(ours):.2f} s (the aim: below 4 s).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
