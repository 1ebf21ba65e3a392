"""Test set-up shared by every test, the doctests and nbval's kernels.

Before anything runs, the learner's progress folder, matplotlib's cache and
IPython's folder point at a temporary directory, so a test run neither reads
nor writes the user's own files, and every run starts from the same state.
The kernels that nbval starts inherit these variables.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SCRATCH = Path(tempfile.mkdtemp(prefix="implcourse-tests-"))


def pytest_configure(config):
    os.environ["IMPLCOURSE_HOME"] = str(_SCRATCH / "progress")
    os.environ["MPLCONFIGDIR"] = str(_SCRATCH / "matplotlib")
    os.environ["IPYTHONDIR"] = str(_SCRATCH / "ipython")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Build matplotlib's font cache now: otherwise the first kernel prints
    # "Matplotlib is building the font cache" and strict nbval fails.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.font_manager  # noqa: F401


def pytest_unconfigure(config):
    shutil.rmtree(_SCRATCH, ignore_errors=True)


@pytest.fixture
def progress_home(tmp_path, monkeypatch):
    """A fresh, empty progress folder for one test."""
    home = tmp_path / "progress"
    monkeypatch.setenv("IMPLCOURSE_HOME", str(home))
    return home


@pytest.fixture
def write(tmp_path):
    """Write a text file under tmp_path and return its path."""
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return _write
