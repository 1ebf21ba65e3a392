#!/usr/bin/env python3
"""Set up and run the implcourse course kit: the README's two commands.

    python3 course.py lab       create/update .venv, install the course, open JupyterLab
    python3 course.py test      create/update .venv with the test extra, run every test

Both need only Python 3.10+ (with its venv module) and a clone of this
repository. Extra arguments go through: ``python3 course.py lab --no-browser``
to JupyterLab, ``python3 course.py test -k lifecycle`` to pytest.

For learners and trainers, without activating anything:

    python3 course.py progress             print my progress, weakest topic first
    python3 course.py check-content PATH   check your own content files (a file or a folder)

For contributors:

    python3 course.py execute   re-execute every notebook in place (after editing one)

The environment is reinstalled only when pyproject.toml changes (a stamp in
.venv records what was installed), so repeated runs start at once.

Kept to the standard library on purpose: it must run before anything is
installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 10)


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_environment(extras: str = "") -> Path:
    """Create ``.venv`` if needed and install the course (editable) into it."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"implcourse needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}.")
    python = _venv_python()
    if not python.exists():
        _say(f"creating the virtual environment in {VENV.name}/")
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except Exception as err:  # ensurepip missing, e.g. Debian without python3-venv
            sys.exit(f"Could not create a virtual environment ({err}).\n"
                     "On Debian/Ubuntu install it first: sudo apt-get install python3-venv")
    target = f".{extras}" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / "implcourse-installed.txt"
    lines = stamp.read_text().split() if stamp.exists() else []
    done = set(lines[1:]) if lines[:1] == [digest] else set()
    # ".[test]" installs everything "." does.
    if target not in done and not (target == "." and ".[test]" in done):
        _say(f"installing the course into {VENV.name}/ (pip install -e '{target}'); "
             "the first time takes a few minutes")
        _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        _run([str(python), "-m", "pip", "install", "--quiet", "-e", target])
        stamp.write_text("\n".join([digest, *sorted(done | {target})]) + "\n")
    return python


def lab(args: list[str]) -> None:
    python = ensure_environment()
    _say("opening JupyterLab (stop it with Ctrl+C)")
    command = [str(python), "-m", "implcourse.cli", "lab", *args]
    if os.name == "posix":
        # Become the server (implcourse.cli execs JupyterLab in turn), so that the
        # PID the user started is the server's: Ctrl+C, TERM or a closed terminal
        # stop it, and no orphaned server is left holding the port.
        sys.stdout.flush()
        os.chdir(ROOT)
        os.execv(command[0], command)
    _run(command)  # Windows: Ctrl+C reaches every process of the console


def progress(args: list[str]) -> None:
    python = ensure_environment()
    _run([str(python), "-m", "implcourse.cli", "progress", *args])


def check_content(args: list[str]) -> None:
    python = ensure_environment()
    # Run in the user's folder, so that the paths they typed mean what they meant.
    result = subprocess.run([str(python), "-m", "implcourse.cli", "check-content", *args])
    sys.exit(result.returncode)


def _in_users_folder(command: str):
    """A trainer's command of ``implcourse``, run from the folder the user is in
    (so the paths they typed mean what they meant)."""
    def run(args: list[str]) -> None:
        python = ensure_environment()
        result = subprocess.run([str(python), "-m", "implcourse.cli", command, *args])
        sys.exit(result.returncode)
    return run


def test(args: list[str]) -> None:
    python = ensure_environment("[test]")
    _say("running the whole test suite: unit, doctests, widgets, nbval on every notebook")
    # The whole suite runs on every core (pytest-xdist). --dist loadscope keeps
    # each notebook's cells, and each test module, on one worker, so nbval
    # runs a notebook top to bottom in one kernel as before. With arguments
    # (e.g. -k lifecycle) the run is a small one: keep it in one process.
    parallel = [] if args else ["-n", "auto", "--dist", "loadscope"]
    _run([str(python), "-m", "pytest", *parallel, *args])


def execute(args: list[str]) -> None:
    python = ensure_environment("[test]")
    _run([str(python), str(ROOT / "tools" / "execute_notebooks.py"), *args])


COMMANDS = {"lab": lab, "test": test, "progress": progress, "check-content": check_content,
            "execute": execute,
            **{name: _in_users_folder(name) for name in (
                "student-edition", "handouts", "slides", "dashboard", "learning-gain")}}


def _safe_streams() -> None:
    """Never fail on a character an ASCII-only terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str]) -> None:
    _safe_streams()
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        sys.exit(0 if argv[:1] in (["-h"], ["--help"]) else 2)
    try:
        COMMANDS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as err:  # a full disk or a folder that cannot be written
        where = f" '{err.filename}'" if err.filename else ""
        sys.exit(f"[course] could not read or write{where}: {err.strerror or err}")


if __name__ == "__main__":
    main(sys.argv[1:])
