"""The `implcourse` command: --version, progress, and lab serving the course."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import implcourse
from implcourse import cli, progress

BIN = Path(sys.executable).parent


def _command() -> list[str]:
    script = shutil.which("implcourse", path=str(BIN))
    assert script, "the console script `implcourse` is not installed next to python"
    return [script]


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*_command(), *args], capture_output=True, text=True, timeout=60,
                          env=env)


def test_version():
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"implcourse {implcourse.__version__}"


def test_no_command_prints_help():
    result = _run()
    assert result.returncode == 0 and "lab" in result.stdout and "progress" in result.stdout


def test_unknown_option_outside_lab_is_an_error():
    result = _run("progress", "--bogus")
    assert result.returncode == 2 and "unrecognised arguments: --bogus" in result.stderr


def test_progress_command(progress_home):
    env = {**os.environ, "IMPLCOURSE_HOME": str(progress_home)}
    assert "Nothing recorded yet" in _run("progress", env=env).stdout
    progress.record("exercise", "01.phase_order", lesson="01", topic="phases", correct=False)
    progress.record("exercise", "01.phase_order", lesson="01", topic="phases", correct=True)
    out = _run("progress", env=env).stdout
    assert "phases" in out and "0%" in out  # right first time: none of one


def test_lab_parses_passthrough_options():
    options, rest = cli._parser().parse_known_args(
        ["lab", "--no-browser", "--port", "8899", "--workspace", "w"])
    assert options.command == "lab" and options.workspace == "w"
    assert rest == ["--no-browser", "--port", "8899"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


@pytest.mark.slow
def test_lab_serves_the_course_from_any_folder(tmp_path):
    """`implcourse lab --no-browser` on 127.0.0.1 answers, and its file tree
    is the course; the server is stopped by its PID."""
    port, token = _free_port(), "implcourse-test-token"
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython")}
    args = [*_command(), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # passed through to JupyterLab
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = _get(f"{base}/api")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, (tmp_path / "lab.log").read_text()
        assert "version" in json.loads(body)
        status, body = _get(f"{base}/api/contents/notebooks?token={token}")
        assert status == 200
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"00_start_here.ipynb", "01_implementation_lifecycle.ipynb"} <= names
        status, _ = _get(f"{base}/lab?token={token}")
        assert status == 200
        # The page a browser would open is the start notebook.
        opener = list((home / "runtime").glob("jpserver-file-to-run-*-open.html"))
        assert opener and "/lab/tree/notebooks/00_start_here.ipynb" in opener[0].read_text()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        log.close()
    assert server.returncode is not None


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals to a process are POSIX; on Windows "
                    "Ctrl+C reaches the whole console group")
def test_term_to_course_py_lab_stops_the_server(tmp_path):
    """`python3 course.py lab` becomes the server: TERM to the PID the user started
    stops JupyterLab, and nothing is left listening on its port."""
    port, token = _free_port(), "implcourse-term-token"
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "IPYTHONDIR": str(home / "ipython")}
    root = Path(__file__).resolve().parents[1]
    args = [sys.executable, str(root / "course.py"), "lab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    launcher = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and launcher.poll() is None:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/api")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, (tmp_path / "lab.log").read_text()
        launcher.send_signal(signal.SIGTERM)      # to the launcher's PID only
        launcher.wait(timeout=30)
        with socket.socket() as sock:             # nothing answers on the port any more
            sock.settimeout(5)
            with pytest.raises(ConnectionRefusedError):
                sock.connect(("127.0.0.1", port))
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait(timeout=10)
        log.close()
