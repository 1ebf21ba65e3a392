"""Re-execute the course notebooks in place, top to bottom (for contributors).

    python3 course.py execute                 # every notebook
    python3 course.py execute notebooks/01_*.ipynb

Runs each notebook in a fresh python3 kernel with nbclient, in its own
folder, with the learner's progress and matplotlib's cache pointed at a
temporary folder (so the run neither reads nor writes your own progress).
Cell timings are not recorded, so no timestamps are committed. Widget state
is saved, so the tools render (statically) before the notebook is run.

The notebooks hold no solution cells: worked solutions open from the
exercises' answer forms, on request. tests/test_notebooks.py checks that the
committed outputs and widget state hold no solution text.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["IMPLCOURSE_HOME"] = str(Path(scratch) / "home")
        os.environ["MPLCONFIGDIR"] = str(Path(scratch) / "mpl")
        import matplotlib.font_manager  # noqa: F401  (build the font cache before any kernel)

        for path in paths:
            seconds = execute(path)
            print(f"executed {path.relative_to(ROOT).as_posix()} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
