"""The ``implcourse`` command.

``implcourse lab``
    Open JupyterLab on the course at ``notebooks/00_start_here.ipynb``, from
    any working directory. Options it does not know (``--no-browser``,
    ``--port 8899``, ``--allow-root`` ...) go to JupyterLab unchanged.

    In a source checkout the course opens where it is. From an installed
    wheel, the notebooks are first copied into a workspace folder
    (``~/implcourse`` or ``--workspace``); files already there are never
    overwritten, so a learner's edits are safe.

``implcourse progress``
    Print the learner's progress, weakest topics first.

``implcourse --version``
    Print the version.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import __version__

__all__ = ["main", "prepare_workspace"]

START = Path("notebooks") / "00_start_here.ipynb"


def prepare_workspace(workspace: str | Path | None = None) -> Path:
    """The folder JupyterLab opens: the checkout itself, or a filled workspace.

    Parameters
    ----------
    workspace : str or Path, optional
        Where to copy the notebooks when the course runs from an installed
        wheel (default ``~/implcourse``). Ignored in a source checkout.

    Returns
    -------
    Path
        A folder with ``notebooks/00_start_here.ipynb`` inside.
    """
    from .content import course_root

    root = course_root()
    if root.name != "_course":  # a source checkout: open it in place
        return root
    target = Path(workspace).expanduser() if workspace else Path.home() / "implcourse"
    source = root / "notebooks"
    for path in sorted(source.rglob("*")):
        if path.is_dir() or "checkpoint" in path.as_posix():
            continue
        destination = target / "notebooks" / path.relative_to(source)
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    return target


def _lab(options: argparse.Namespace, passthrough: list[str]) -> int:
    root = prepare_workspace(options.workspace)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               *passthrough, START.as_posix()]
    print(f"Opening the course at {START.as_posix()} (stop the server with Ctrl+C).",
          flush=True)
    os.chdir(root)
    if os.name == "posix":
        # Replace this process, so the server's PID is the one the user started
        # and signals (Ctrl+C, kill) reach it directly.
        os.execv(sys.executable, command)
    return subprocess.call(command)  # pragma: no cover - Windows


def _progress(_: argparse.Namespace, __: list[str]) -> int:
    from . import progress

    table = progress.report()
    if table is not None:
        print(table)
        print()
    print(progress.next_step())
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="implcourse", description="The implcourse course kit.")
    parser.add_argument("--version", action="version", version=f"implcourse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    lab = commands.add_parser(
        "lab", help="open the course in JupyterLab",
        description="Open JupyterLab at notebooks/00_start_here.ipynb. Other options "
                    "(--no-browser, --port N, --allow-root, ...) are passed to JupyterLab.")
    lab.add_argument("--workspace", help="where to copy the notebooks when running from an "
                     "installed wheel (default ~/implcourse)")
    lab.set_defaults(run=_lab)
    commands.add_parser("progress", help="show my progress, weakest topics first"
                        ).set_defaults(run=_progress)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``implcourse`` console script."""
    parser = _parser()
    options, rest = parser.parse_known_args(argv)
    if options.command is None:
        parser.print_help()
        return 0
    if rest and options.command != "lab":
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    return options.run(options, rest)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
