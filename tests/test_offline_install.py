"""Workshop rooms without internet: ``course.py wheelhouse`` fills a folder with
every wheel the course needs, and ``course.py lab --offline`` installs from it
alone, with the network blocked for pip."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _launcher():
    """course.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("course_launcher_offline", ROOT / "course.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    return launcher


@pytest.fixture
def launcher():
    return _launcher()


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _blocked_network(monkeypatch) -> dict:
    """Point every way pip could reach a package index at a closed local port, and
    drop the machine's pip configuration (its extra indexes and wheel folders), so
    that only the wheelhouse can supply a package."""
    dead = f"http://127.0.0.1:{_closed_port()}"
    for name in list(os.environ):
        if name.upper().startswith("PIP_") or name.lower() in ("no_proxy", "all_proxy"):
            monkeypatch.delenv(name)
    blocked = {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": f"{dead}/simple",
               "PIP_EXTRA_INDEX_URL": f"{dead}/extra", "PIP_RETRIES": "0", "PIP_TIMEOUT": "3",
               "PIP_DISABLE_PIP_VERSION_CHECK": "1", "http_proxy": dead, "https_proxy": dead,
               "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "PYTHONNOUSERSITE": "1"}
    for name, value in blocked.items():
        monkeypatch.setenv(name, value)
    return blocked


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "wheelhouse.json").read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "wheelhouse.json").write_text(json.dumps(manifest), encoding="utf-8")


# --------------------------------------------------------------------------
# The real thing: build for this computer, install with the network blocked
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    """A wheelhouse for this computer, built by the command a trainer types
    (the package index is reachable here; pip's cache makes a rerun quick)."""
    folder = tmp_path_factory.mktemp("stick") / "wheelhouse"
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "wheelhouse", str(folder)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wheelhouse ready" in result.stdout
    return folder


@pytest.mark.slow
def test_wheelhouse_holds_the_course_and_every_dependency(wheelhouse, launcher):
    manifest = _manifest(wheelhouse)
    wheels = {p.name: p.stat().st_size for p in wheelhouse.glob("*.whl")}
    assert manifest["complete"] is True
    assert manifest["files"] == wheels and manifest["file_count"] == len(wheels)
    assert manifest["bytes"] == sum(wheels.values())
    assert manifest["python"] == "{}.{}".format(*sys.version_info)
    assert manifest["platform"] == launcher._this_platform()
    assert manifest["version"] == launcher._course_version()
    names = {name.split("-")[0].lower() for name in wheels}
    # Every runtime dependency pyproject.toml names has a wheel: read from the
    # course's own wheel, as pip does.
    (course,) = wheelhouse.glob("implcourse-*.whl")
    with zipfile.ZipFile(course) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [line.split(":", 1)[1].strip()
                    for line in archive.read(meta).decode().splitlines()
                    if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert requires, "the course's wheel names its dependencies"
    for requirement in requires:
        name = requirement.replace(";", " ").replace(">", " ").replace("=", " ").split()[0]
        assert name.lower().replace("-", "_") in names, f"no wheel for {requirement}"


@pytest.mark.slow
def test_offline_install_with_the_network_blocked(wheelhouse, launcher, tmp_path, monkeypatch):
    blocked = _blocked_network(monkeypatch)
    # The block works: pip cannot fetch even a tiny package from the index.
    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--dest",
                            str(tmp_path / "probe"), "six"], capture_output=True, text=True,
                           timeout=120)
    assert probe.returncode != 0 and not list((tmp_path / "probe").glob("*"))

    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    python = launcher.offline_environment(str(wheelhouse))
    assert python.is_file() and python.is_relative_to(tmp_path / "venv")
    env = {**os.environ, **blocked}
    away = tmp_path / "elsewhere"  # not the checkout, so the installed wheel is imported
    away.mkdir()

    def run(*args: str) -> str:
        result = subprocess.run([str(python), *args], cwd=away, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    where = run("-c", "import implcourse; print(implcourse.__file__)")
    assert Path(where).is_relative_to(tmp_path / "venv")
    assert run("-m", "implcourse.cli", "--version") == f"implcourse {launcher._course_version()}"
    script = python.parent / ("implcourse.exe" if os.name == "nt" else "implcourse")
    assert subprocess.run([str(script), "--version"], env=env, capture_output=True,
                          timeout=120).returncode == 0
    assert run("-m", "jupyterlab", "--version")[:1].isdigit()
    # The stamp is written: the next start installs nothing.
    stamp = (tmp_path / "venv" / "implcourse-installed.txt").read_text().split()
    assert f"wheelhouse:{launcher._course_version()}" in stamp
    monkeypatch.setattr(launcher.subprocess, "run", lambda *a, **k: pytest.fail("reinstalled"))
    assert launcher.offline_environment(str(wheelhouse)) == python


@pytest.mark.slow
def test_a_missing_wheel_is_pips_error_and_one_plain_line(wheelhouse, launcher, tmp_path,
                                                         monkeypatch, capfd):
    """A wheelhouse without one dependency's wheel (and a manifest that agrees)
    fails in pip, and the launcher says the wheelhouse is incomplete."""
    _blocked_network(monkeypatch)
    partial = tmp_path / "partial"
    partial.mkdir()
    manifest = _manifest(wheelhouse)
    dropped = next(name for name in manifest["files"] if name.lower().startswith("mistune-"))
    for name in manifest["files"]:
        if name != dropped:
            os.symlink(wheelhouse / name, partial / name)
    del manifest["files"][dropped]
    _write_manifest(partial, manifest)
    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(partial))
    message = str(stop.value.code)
    assert "is incomplete for this computer" in message and "course.py wheelhouse" in message
    assert "mistune" in capfd.readouterr().err.lower()  # pip's own error names it
    assert not (tmp_path / "venv" / "implcourse-installed.txt").exists()


# --------------------------------------------------------------------------
# Refusals that need no download
# --------------------------------------------------------------------------

def _fake_wheelhouse(folder: Path, launcher, **changes) -> Path:
    folder.mkdir()
    (folder / "implcourse-0-py3-none-any.whl").write_bytes(b"x" * 10)
    manifest = {"version": launcher._course_version(), "python": "{}.{}".format(*sys.version_info),
                "platform": launcher._this_platform(),
                "complete": True, "files": {"implcourse-0-py3-none-any.whl": 10}, **changes}
    _write_manifest(folder, manifest)
    return folder


@pytest.mark.parametrize("changes, built", [
    ({"platform": "win_amd64"}, "on win_amd64"),
    ({"platform": "macosx_11_0_arm64"}, "on macosx_11_0_arm64"),
    ({"python": "3.99"}, "CPython 3.99"),
    ({"platform": "manylinux_2_999_x86_64"}, "on manylinux_2_999_x86_64"),
])
def test_a_wheelhouse_for_another_computer_is_refused(launcher, tmp_path, monkeypatch,
                                                      changes, built):
    if launcher._this_platform() == changes.get("platform"):
        changes = {"platform": "win_arm64"}
        built = "on win_arm64"
    folder = _fake_wheelhouse(tmp_path / "wh", launcher, **changes)
    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(folder))
    message = str(stop.value.code)
    assert "built for CPython" in message and built in message
    assert f"needs CPython {sys.version_info[0]}.{sys.version_info[1]}" in message
    assert f"--platform {launcher._this_platform()}" in message
    assert "\n" not in message and not (tmp_path / "venv").exists()


def test_a_wheelhouse_for_this_computer_fits(launcher):
    here = {"python": "{}.{}".format(*sys.version_info), "platform": launcher._this_platform()}
    assert launcher._mismatch(here) is None


@pytest.mark.parametrize("tag, parsed", [
    ("win_amd64", ("windows", "x86_64", ())),
    ("macosx_11_0_arm64", ("macos", "arm64", (11, 0))),
    ("macosx_10_9_universal2", ("macos", "universal2", (10, 9))),
    ("manylinux2014_x86_64", ("linux", "x86_64", (2, 17))),
    ("manylinux_2_28_aarch64", ("linux", "arm64", (2, 28))),
    ("linux_x86_64", None),
    ("any", None),
])
def test_platform_tags(launcher, tag, parsed):
    assert launcher._parse_platform(tag) == parsed


def test_linux_tags_widen_to_the_older_ones_they_run(launcher):
    # PEP 600: a glibc 2.28 system runs every manylinux_2_x wheel with x <= 28;
    # PEP 599: manylinux2014 is manylinux_2_17.
    tags = launcher._pip_platforms("manylinux_2_28_x86_64")
    assert tags[0] == "manylinux_2_28_x86_64" and "manylinux_2_17_x86_64" in tags
    assert {"manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"} <= set(tags)
    assert "manylinux_2_29_x86_64" not in tags
    assert launcher._pip_platforms("manylinux2014_aarch64")[0] == "manylinux_2_17_aarch64"
    assert launcher._pip_platforms("win_amd64") == ["win_amd64"]


def test_a_file_missing_from_the_copy_is_named(launcher, tmp_path, monkeypatch):
    folder = _fake_wheelhouse(tmp_path / "wh", launcher)
    (folder / "implcourse-0-py3-none-any.whl").write_bytes(b"x" * 4)  # a copy cut short
    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(folder))
    assert "1 of 1 files are missing or cut short (implcourse-0" in str(stop.value.code)


def test_a_wheelhouse_of_another_course_version_is_refused(launcher, tmp_path, monkeypatch):
    folder = _fake_wheelhouse(tmp_path / "wh", launcher, version="0.0.0-old")
    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(folder))
    assert "holds implcourse 0.0.0-old" in str(stop.value.code)


def test_an_unfinished_wheelhouse_is_refused(launcher, tmp_path, monkeypatch):
    folder = _fake_wheelhouse(tmp_path / "wh", launcher, complete=False)
    monkeypatch.setattr(launcher, "VENV", tmp_path / "venv")
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(folder))
    assert "was not finished" in str(stop.value.code)
    assert f"course.py wheelhouse wh --platform {launcher._this_platform()}" in str(
        stop.value.code)


def test_a_folder_without_manifest_is_not_a_wheelhouse(launcher, tmp_path):
    with pytest.raises(SystemExit) as stop:
        launcher.offline_environment(str(tmp_path))
    assert "is not a wheelhouse" in str(stop.value.code)


def test_wheelhouse_refuses_a_folder_it_would_spoil(launcher, tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"")
    with pytest.raises(SystemExit) as stop:
        launcher.wheelhouse([str(other)])
    assert "is not empty and holds no wheelhouse" in str(stop.value.code)
    windows = _fake_wheelhouse(tmp_path / "win", launcher, platform="win_amd64", python="3.12")
    with pytest.raises(SystemExit) as stop:
        launcher.wheelhouse([str(windows), "--platform", "macosx_11_0_arm64",
                             "--python-version", "3.12"])
    assert "holds a wheelhouse for CPython 3.12 on win_amd64" in str(stop.value.code)


@pytest.mark.parametrize("args", [["--platform", "linux_x86_64", "w"],
                                  ["--python-version", "3.9", "w"], ["--python-version", "x", "w"],
                                  []])
def test_wheelhouse_usage_errors_exit_2(launcher, args, capsys):
    with pytest.raises(SystemExit) as stop:
        launcher.wheelhouse(args)
    assert stop.value.code == 2 and "Traceback" not in capsys.readouterr().err


class _Started(Exception):
    """JupyterLab would start here."""


def test_lab_offline_takes_its_folder_and_passes_the_rest_to_jupyterlab(launcher, monkeypatch):
    calls = []

    def start(command):
        calls.append(command)
        raise _Started

    monkeypatch.setattr(launcher, "offline_environment",
                        lambda folder: calls.append(folder) or Path("py"))
    monkeypatch.setattr(launcher, "ensure_environment", lambda: pytest.fail("went online"))
    monkeypatch.setattr(launcher.os, "execv", lambda path, command: start(command))
    monkeypatch.setattr(launcher.os, "chdir", lambda path: None)
    monkeypatch.setattr(launcher, "_run", lambda command, **kw: start(command))
    for args in (["--no-browser", "--offline", "stick", "--port", "8899"], ["--offline=stick2"]):
        with pytest.raises(_Started):
            launcher.lab(args)
    assert calls[0] == "stick" and calls[1][1:] == ["-m", "implcourse.cli", "lab",
                                                    "--no-browser", "--port", "8899"]
    assert calls[2] == "stick2" and calls[3][1:] == ["-m", "implcourse.cli", "lab"]


@pytest.mark.parametrize("args", [["--offline"], ["--offline="], ["--offline", "--no-browser"]])
def test_lab_offline_without_a_folder_is_a_usage_error(launcher, capsys, args):
    with pytest.raises(SystemExit) as stop:
        launcher.lab(args)
    assert stop.value.code == 2 and "needs the wheelhouse folder" in capsys.readouterr().err


def _fake_wheel(folder: Path, name: str, requires: list[str]) -> None:
    dist = f"{name}-1.0.dist-info"
    meta = "Metadata-Version: 2.1\nName: {}\nVersion: 1.0\n{}".format(
        name, "".join(f"Requires-Dist: {r}\n" for r in requires))
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{dist}/METADATA", meta)


def test_markers_are_read_for_the_learners_computer_not_this_one(launcher, tmp_path):
    """pip evaluates environment markers for the computer it runs on (pypa/pip
    issues 6117 and 11010), so a wheelhouse built on Linux for Windows would lack
    Windows-only dependencies; the launcher finds them for the target."""
    _fake_wheel(tmp_path, "implcourse", ["here", "winonly; sys_platform == 'win32'",
                                         "old>=1; python_version < '3.11'",
                                         "linuxonly; sys_platform == 'linux'",
                                         "withextra[fast]", "testonly; extra == 'test'"])
    _fake_wheel(tmp_path, "here", [])
    _fake_wheel(tmp_path, "withextra", ["speedup>=2; extra == 'fast'", "slow; extra == 'slow'"])

    def missing(platform, python):
        markers = json.dumps(launcher._marker_environment(platform, python))
        result = subprocess.run([sys.executable, "-c", launcher._MISSING_SCRIPT, str(tmp_path),
                                 markers, "implcourse"], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert missing("win_amd64", "3.10") == ["old>=1", "speedup>=2", "winonly"]
    assert missing("manylinux2014_x86_64", "3.12") == ["linuxonly", "speedup>=2"]
    assert missing("macosx_11_0_arm64", "3.12") == ["speedup>=2"]
