"""Projector dashboards (implcourse.dashboards): the notebooks, the Voilà command,
the course's template, and ``implcourse dashboard`` without a browser.

The browser tests (every dashboard in Chromium) are in
``tests/test_dashboards_browser.py``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from browser_support import ROOT, free_port, isolated_env
from implcourse import dashboards
from implcourse.widgets import catalogue

TEMPLATE_DIR = dashboards.template_root() / "voila" / "templates" / dashboards.TEMPLATE
FOLDER = ROOT / "notebooks" / "dashboards"


def _cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "implcourse.cli", "dashboard", *args],
                          capture_output=True, text=True, timeout=timeout, env=env)


# --------------------------------------------------------------------------
# The dashboards and their notebooks
# --------------------------------------------------------------------------

def test_the_issue_s_seven_tools_each_have_a_dashboard():
    tools = {d.tool for d in dashboards.list_dashboards()}
    assert tools == {"business_case:calculator", "risk:monte_carlo_tool",
                     "methods:suitability_tool", "rollout:rollout_simulator",
                     "partners:scoring_tool", "earned_value:evm_calculator",
                     "kpis:dashboard_tool"}
    assert [d.name for d in dashboards.list_dashboards()] == list(dashboards.DASHBOARDS)
    lessons = [d.lesson for d in dashboards.list_dashboards()]
    assert lessons == sorted(lessons)


def test_every_notebook_in_the_folder_is_a_dashboard():
    assert sorted(p.name for p in FOLDER.glob("*.ipynb")) == sorted(
        d.notebook for d in dashboards.list_dashboards())


@pytest.mark.parametrize("name", list(dashboards.DASHBOARDS))
def test_dashboard_notebook_holds_a_caption_and_the_tool_only(name):
    dash = dashboards.DASHBOARDS[name]
    path = dashboards.notebook_path(name)
    assert path == FOLDER / dash.notebook
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["title"] == dash.title
    assert nb.metadata["kernelspec"]["name"] == "python3"
    caption, code = nb.cells  # nothing else: no exercises, solutions or trainer notes
    assert caption.cell_type == "markdown" and code.cell_type == "code"
    assert not caption.metadata.get("tags") and not code.metadata.get("tags")
    text = caption.source
    assert text.startswith(f"*From lesson {dash.lesson}, "), text
    assert 1 <= len(re.findall(r"[.!?](\s|$)", text)) <= 4, text
    assert re.search(r"synthetic|teaching model", text), "the caption labels the data"
    for word in ("Exercise", "solution", "Trainer", "check("):
        assert word not in text and word not in code.source
    module, function = dash.tool.split(":")
    assert code.source.startswith("%matplotlib inline\n")
    assert f"from implcourse.widgets.{module} import {function}" in code.source
    assert code.source.rstrip().endswith(f"{function}()")
    # The same tool, under the same title, in the lesson the caption names.
    entries = {(lesson, title): factory for lesson, title, factory in catalogue()}
    factory = entries[(dash.lesson, dash.title)]
    assert (factory.__module__, factory.__name__) == (f"implcourse.widgets.{module}", function)
    # Executed and committed with the widget: Voilà's page has something to show.
    (output,) = code.outputs
    assert "application/vnd.jupyter.widget-view+json" in output["data"]


def test_the_lessons_test_does_not_take_the_dashboards_for_lessons():
    import test_notebooks

    assert not any("dashboards" in p.parts for p in test_notebooks.NOTEBOOKS)


# --------------------------------------------------------------------------
# The functions
# --------------------------------------------------------------------------

def test_an_unknown_name_is_refused_with_the_names():
    with pytest.raises(ValueError, match="name must be one of 'suitability', .*'kpi'"):
        dashboards.notebook_path("Business case")
    with pytest.raises(TypeError, match="name must be a string"):
        dashboards.voila_command(None)
    with pytest.raises(ValueError, match="port must be <= 65535"):
        dashboards.voila_command("kpi", 70000)
    with pytest.raises(TypeError, match="port must be an integer"):
        dashboards.voila_command("kpi", "8866")
    with pytest.raises(TypeError, match="open_browser must be True or False"):
        dashboards.voila_command("kpi", 8866, open_browser="no")


def test_voila_command_serves_on_localhost_with_the_course_template():
    command = dashboards.voila_command("kpi", 9001, open_browser=True)
    assert command[:4] == [sys.executable, "-m", "voila",
                           str(dashboards.notebook_path("kpi"))]
    assert {"--Voila.ip=127.0.0.1", "--port=9001", "--Voila.port_retries=0",
            "--template=implcourse", "--preheat_kernel=True", "--pool_size=1",
            "--strip_sources=True", "--show_tracebacks=False"} <= set(command)
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in command)
    assert "--no-browser" not in command
    assert "--no-browser" in dashboards.voila_command("kpi", 9001, open_browser=False)


def test_voila_environment_puts_the_template_first_and_keeps_the_rest():
    env = dashboards.voila_environment({"PATH": "/bin", "JUPYTER_PATH": os.pathsep.join(
        ["one", "two"])})
    assert env["PATH"] == "/bin"
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(dashboards.template_root()),
                                                     "one", "two"]
    assert dashboards.voila_environment({})["JUPYTER_PATH"] == str(dashboards.template_root())
    with pytest.raises(TypeError, match="base must be a dict"):
        dashboards.voila_environment(["PATH"])


# --------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------

def test_template_extends_lab_and_links_nothing_outside_the_server():
    import json

    assert json.loads((TEMPLATE_DIR / "conf.json").read_text())["base_template"] == "lab"
    assert (TEMPLATE_DIR / "static" / "projector.css").is_file()
    assert dashboards.READY_PATH.endswith("static/projector.css")
    for path in TEMPLATE_DIR.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(href|src)\s*=\s*[\"']?(https?:)?//", text), path.name
            assert "@import" not in text and "url(http" not in text, path.name


def test_the_stock_lab_template_still_has_the_cdn_links_we_drop():
    """If Voilà's lab page stops linking a CDN, our override may be dropped.
    If it links new ones, the browser test's request check fails."""
    import voila.paths

    paths = [Path(p) / "index.html.j2"
             for p in voila.paths.collect_template_paths(["voila"], "lab")]
    lab = next(p.parent for p in paths if p.is_file() and p.parent.name == "lab")
    assert "cdn.jsdelivr.net" in (lab / "index.html.j2").read_text(encoding="utf-8")


def _render_error_page(template: str, monkeypatch) -> str:
    """Voilà's "not found" page, rendered as Voilà renders it with ``template``."""
    import jinja2
    import voila.paths

    monkeypatch.setenv("JUPYTER_PATH", dashboards.voila_environment({})["JUPYTER_PATH"])
    paths = voila.paths.collect_template_paths(["voila", "nbconvert"], template, prune=True)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths),
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations()
    return env.get_template("404.html").render(
        status_code=404, status_message="Not Found", base_url="/", theme="light",
        include_css=lambda path: f'<link rel="stylesheet" href="/voila/{path}">')


def test_voila_s_other_pages_link_no_cdn_either(monkeypatch):
    stock = _render_error_page("lab", monkeypatch)
    assert "cdn.jsdelivr.net" in stock  # what our page.html replaces
    ours = _render_error_page(dashboards.TEMPLATE, monkeypatch)
    assert "404: Not Found" in ours and "static/index.css" in ours
    assert not re.search(r"(href|src)\s*=\s*[\"'](https?:)?//", ours), ours


def test_the_template_is_inside_the_package_so_the_wheel_carries_it():
    import implcourse

    assert TEMPLATE_DIR.is_relative_to(Path(implcourse.__file__).parent)


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

def test_cli_lists_the_dashboards():
    result = _cli("--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(dashboards.DASHBOARDS)
    for line, dash in zip(lines, dashboards.list_dashboards()):
        assert line.split()[0] == dash.name and line.endswith(dash.title)
        assert f"lesson {dash.lesson}" in line


def test_cli_unknown_name_exits_1_naming_the_choices():
    result = _cli("budget", "--no-browser")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for name in dashboards.DASHBOARDS:
        assert f"'{name}'" in result.stderr
    assert "'budget'" in result.stderr


@pytest.mark.parametrize("args, status, words", [
    ((), 2, "give a NAME"),
    (("kpi", "--list"), 2, "not both"),
    (("kpi", "--port", "eighty"), 2, "invalid int value"),
    (("kpi", "--port", "0", "--no-browser"), 1, "--port must be >= 1"),
])
def test_cli_usage_problems(args, status, words):
    result = _cli(*args)
    assert result.returncode == status, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_cli_refuses_a_port_in_use():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = _cli("kpi", "--port", str(port), "--no-browser")
    assert result.returncode == 1
    assert f"--port {port} is in use" in result.stderr


@pytest.mark.slow
def test_cli_serves_on_localhost_and_stops_by_pid(tmp_path):
    """``implcourse dashboard evm`` becomes the Voilà server (same PID), which
    answers on 127.0.0.1 with the course's page and stops on SIGTERM."""
    port = free_port()
    env = isolated_env(tmp_path / "home")
    log = (tmp_path / "voila.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "implcourse.cli", "dashboard", "evm",
                               "--port", str(port), "--no-browser"], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                css = urllib.request.urlopen(base + dashboards.READY_PATH, timeout=2).read()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "voila.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "voila.log").read_text()
                time.sleep(0.3)
        assert b"implcourse-chart" in css
        page = urllib.request.urlopen(base, timeout=60).read().decode("utf-8")
        assert "<title>Earned value status calculator</title>" in page
        assert dashboards.READY_PATH in page
        assert "cdn.jsdelivr.net" not in page and "https://" not in page.split("<body")[0]
        # exec: the PID we started is Voilà's own, so a signal to it stops the server.
        with open(f"/proc/{server.pid}/cmdline", "rb") as f:
            assert b"voila" in f.read()
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        with pytest.raises(OSError):
            urllib.request.urlopen(base + dashboards.READY_PATH, timeout=2)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        try:  # the kernels it started
            os.killpg(server.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        log.close()
    text = (tmp_path / "voila.log").read_text()
    assert f"Serving the dashboard 'Earned value status calculator' at " \
           f"http://127.0.0.1:{port}/ (stop it with Ctrl+C)." in text
