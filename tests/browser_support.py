"""Shared set-up for the tests that start a server or drive a real browser.

Every browser test uses Debian's ``chromium`` through Playwright for Python
(``executable_path``), never a browser downloaded by a test tool, with the
flags below. Every server runs on 127.0.0.1 with a free port, with HOME and
every Jupyter folder in a temporary directory, and is stopped by its process
group.

Where the browser is missing the tests skip and say why, unless
``IMPLCOURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which makes a missing
browser a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_browser() -> None:
    """Skip (or, in CI, fail) when Playwright or Debian's chromium is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        missing = "the playwright package is not installed"
    else:
        missing = None if CHROMIUM else ("Debian's chromium is not installed "
                                         "(apt-get install chromium)")
    if missing:
        if os.environ.get("IMPLCOURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at this moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a server whose HOME and Jupyter folders are all under ``home``."""
    return {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython"), "IMPLCOURSE_HOME": str(home / "progress"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), **extra}


def as_root_args() -> list[str]:
    """``--allow-root`` when the tests run as root (Jupyter refuses root without it)."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def start_server(args: list[str], env: dict[str, str], log_path: Path, ready_url: str,
                 timeout: float = 90) -> subprocess.Popen:
    """Start a server in its own process group; return once ``ready_url`` answers.

    On failure the server is stopped and the test fails with the server's log.
    """
    log = log_path.open("w")
    server = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    log.close()
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(ready_url, timeout=2)
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                stop_server(server)
                pytest.fail(f"the server did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server`, and everything it started."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    try:  # kernels the server started and left behind
        os.killpg(server.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def screenshot_folder() -> Path | None:
    """Where to keep screenshots (``IMPLCOURSE_SCREENSHOTS``), or None."""
    folder = os.environ.get("IMPLCOURSE_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright, with the flags above; closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
