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
    assert out.rstrip().endswith(progress.next_step())


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


# --------------------------------------------------------------------------
# check-content, and no traceback ever
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"


def _ascii_env(**extra: str) -> dict:
    return {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C", **extra}


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream and "UnicodeEncodeError" not in stream, stream


def test_check_content_exit_status_and_summary(tmp_path):
    good = _run("check-content", str(EXAMPLES))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Checked 8 files: 8 OK, 0 problems." in good.stdout
    assert good.stdout.count("\nOK  ") + good.stdout.startswith("OK  ") == 8
    broken = tmp_path / "plan.csv"
    broken.write_text("id,name,duration,depends_on\na,A,two,\nb,B,3,z\n", encoding="utf-8")
    bad = _run("check-content", str(EXAMPLES), str(broken))
    assert bad.returncode == 1
    assert f"{broken}: row 2 (id 'a'): field 'duration': expected a number of at least 0, " \
           "got 'two'" in bad.stdout
    assert "Checked 9 files: 8 OK, 1 problem." in bad.stdout
    quiet = _run("check-content", "--quiet", str(EXAMPLES))
    assert quiet.returncode == 0 and quiet.stdout == ""
    missing = _run("check-content", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    assert _run("check-content").returncode == 2   # no path at all
    forced = _run("check-content", "--kind", "plan", str(EXAMPLES / "plan.csv"))
    assert forced.returncode == 0
    _no_traceback(bad)


def test_check_content_on_an_ascii_terminal(tmp_path):
    """Non-ASCII text in a file and in its messages is escaped, never an error."""
    register = (EXAMPLES / "risks.csv").read_text(encoding="utf-8")
    path = tmp_path / "risks.csv"
    path.write_text(register.replace(",sponsor,", ",Sponsör−Ω,"), encoding="utf-8")
    result = _run("check-content", str(path), env=_ascii_env())
    _no_traceback(result)
    assert result.returncode == 1
    assert "Spons\\xf6r\\u2212\\u03a9" in result.stdout


def test_progress_and_help_on_an_ascii_terminal(progress_home):
    env = _ascii_env(IMPLCOURSE_HOME=str(progress_home))
    for args in (("progress",), ("--help",), ("check-content", "--help")):
        result = _run(*args, env=env)
        _no_traceback(result)
        assert result.returncode == 0, args


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "implcourse.cli", "check-content",
                             str(EXAMPLES / "phases.yml")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "OK  " in result.stdout


def test_course_py_check_content_needs_no_activation(tmp_path):
    """From any folder, with paths relative to it."""
    shutil.copytree(EXAMPLES, tmp_path / "my_course")
    (tmp_path / "my_course" / "plan.csv").write_text("id,name,duration\na,A,-1\n",
                                                     encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "check-content",
                             "my_course"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600, env=_ascii_env())
    _no_traceback(result)
    assert result.returncode == 1
    assert "my_course/plan.csv: row 2 (id 'a'): field 'duration'" in result.stdout


def _fake_wheel(tmp_path, monkeypatch) -> Path:
    """A course_root() as an installed wheel has it: .../_course with notebooks."""
    from implcourse import content

    course = tmp_path / "site" / "_course"
    (course / "notebooks").mkdir(parents=True)
    (course / "notebooks" / "00_start_here.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(content, "course_root", lambda: course)
    return course


def test_full_disk_while_filling_the_workspace(tmp_path, monkeypatch, capsys):
    import errno

    _fake_wheel(tmp_path, monkeypatch)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full)
    workspace = tmp_path / "ws"
    assert cli.main(["lab", "--workspace", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"'{workspace}'" in err and "disk is full" in err


def test_unwritable_workspace(tmp_path, monkeypatch, capsys):
    _fake_wheel(tmp_path, monkeypatch)

    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    assert cli.main(["lab", "--workspace", str(tmp_path / "locked")]) == 1
    err = capsys.readouterr().err
    assert "permission denied" in err and "locked" in err and err.count("\n") == 1


@pytest.mark.parametrize("make", ["file", "empty"])
def test_bad_workspace_is_a_plain_message(tmp_path, capsys, make):
    if make == "file":
        value = tmp_path / "a_file"
        value.write_text("x", encoding="utf-8")
        value = str(value)
    else:
        value = ""
    assert cli.main(["lab", "--workspace", value]) == 1
    err = capsys.readouterr().err
    assert err.startswith("implcourse: workspace must") and err.count("\n") == 1
    with pytest.raises(ValueError, match="workspace"):
        cli.prepare_workspace(value)


def test_prepare_workspace_refuses_a_non_path():
    with pytest.raises(TypeError, match="workspace"):
        cli.prepare_workspace(3)  # type: ignore[arg-type]


def test_errors_in_a_command_are_one_line(monkeypatch, capsys):
    from implcourse import content

    def broken(*args):
        raise content.ContentError("datasets/x.yml", "something is wrong", "entry 2", "name")

    monkeypatch.setattr(progress, "report", broken)
    assert cli.main(["progress"]) == 1
    err = capsys.readouterr().err
    assert err == "implcourse: datasets/x.yml: entry 2: field 'name': something is wrong\n"

    def disk(*args):
        raise OSError(28, "No space left on device", "/some/where/progress.jsonl")

    monkeypatch.setattr(progress, "report", disk)
    assert cli.main(["progress"]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "progress.jsonl" in err and err.count("\n") == 1

    def bug(*args):
        raise KeyError("oops")

    monkeypatch.setattr(progress, "report", bug)
    monkeypatch.delenv("IMPLCOURSE_DEBUG", raising=False)
    assert cli.main(["progress"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error (KeyError" in err and err.count("\n") == 1


def test_ctrl_c_exits_130_quietly(monkeypatch, capsys):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(progress, "report", interrupted)
    assert cli.main(["progress"]) == 130
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_usage_errors_return_2(capsys):
    assert cli.main(["check-content"]) == 2
    assert cli.main(["check-content", "--kind", "nonsense", str(EXAMPLES)]) == 2
    assert "invalid choice" in capsys.readouterr().err


def _main(argv, monkeypatch, stdin_text=None):
    import io

    if stdin_text is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
    return cli.main(argv)


def test_progress_export_csv_writes_every_event(progress_home, tmp_path, monkeypatch, capsys):
    import csv

    progress.record("exercise", "01.phase_order", lesson="01", topic="phases", correct=False)
    progress.record_solution_seen("01.phase_order", lesson="01", topic="phases")
    progress.record_attempt("q-01-1", True, "B, then C", 4.5, lesson="01", topic="golive")
    out_file = tmp_path / "events.csv"
    assert cli.main(["progress", "--export", "csv", str(out_file)]) == 0
    assert "Wrote 3 events" in capsys.readouterr().out
    with out_file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["kind"] for r in rows] == ["exercise", "solution", "question"]
    assert [r["item"] for r in rows] == ["01.phase_order", "01.phase_order", "q-01-1"]
    assert [r["correct"] for r in rows] == ["False", "", "True"]
    assert rows[2]["answer"] == "B, then C" and float(rows[2]["seconds"]) == 4.5
    assert all(r["at"].endswith("Z") and r["at"][:2] == "20" for r in rows)
    assert cli.main(["progress", "--export", "xlsx", str(out_file)]) == 2
    assert "csv only" in capsys.readouterr().err
    assert cli.main(["progress", "--export", "csv"]) == 2


def test_progress_reset_asks_first(progress_home, monkeypatch, capsys):
    def count():
        return len(progress.ProgressStore().records())

    progress.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    assert _main(["progress", "--reset"], monkeypatch, "") == 1  # no input at all
    assert "nothing was deleted" in capsys.readouterr().out and count() == 1
    assert _main(["progress", "--reset"], monkeypatch, "no\n") == 0
    assert "Nothing was deleted" in capsys.readouterr().out and count() == 1
    assert _main(["progress", "--reset"], monkeypatch, "yes\n") == 0
    assert "reset" in capsys.readouterr().out and count() == 0
    assert cli.main(["progress", "--reset", "--export", "csv", "x.csv"]) == 2


def test_progress_reset_with_closed_stdin_deletes_nothing(progress_home):
    progress.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    env = {**os.environ, "IMPLCOURSE_HOME": str(progress_home)}
    result = subprocess.run([*_command(), "progress", "--reset"], capture_output=True,
                            text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "nothing was deleted" in result.stdout
    assert len(progress.ProgressStore().records()) == 1


def test_progress_on_a_foreign_file_is_one_line(progress_home, capsys):
    progress_home.mkdir(parents=True)
    (progress_home / "progress.sqlite3").write_bytes(b"hello, not a database" * 10)
    assert cli.main(["progress"]) == 1
    err = capsys.readouterr().err
    assert "progress.sqlite3" in err and "not a progress database" in err
    assert err.count("\n") == 1
    assert (progress_home / "progress.sqlite3").read_bytes() == b"hello, not a database" * 10


def test_progress_with_skipped_rows_says_so(progress_home, capsys):
    import sqlite3

    progress.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
    conn = sqlite3.connect(progress_home / "progress.sqlite3")
    with conn:
        conn.execute("INSERT INTO events (kind, item) VALUES ('bogus', NULL)")
    conn.close()
    assert cli.main(["progress"]) == 0
    assert "1 record could not be read and was skipped" in capsys.readouterr().out


def test_cli_and_kernel_agree_on_a_relative_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMPLCOURSE_HOME", "my_progress")
    progress.record("exercise", "01.phase_order", lesson="01", topic="phases", correct=True)
    result = _run("progress", "--export", "csv", "out.csv", env=dict(os.environ))
    assert result.returncode == 0 and "Wrote 1 event " in result.stdout
