"""Dashboards for a projector: one tool per page, served with Voilà.

``implcourse dashboard NAME`` shows one of the course's interactive tools on
its own, with a one-line caption and nothing else: no code, no exercises, no
solutions, no trainer notes. It is meant for the room's screen while the
trainer talks a group through a scenario. ``implcourse dashboard --list``
names them.

Each dashboard is a small notebook in ``notebooks/dashboards/`` (in an
installed wheel, ``implcourse/_course/notebooks/dashboards/``, found through
:mod:`implcourse.content`): a markdown caption and one code cell that builds
the tool. Voilà runs it and shows only the outputs.

Voilà runs with the course's own template, ``implcourse`` (shipped in the
package, in ``implcourse/voila/templates/implcourse/``, and found through
``JUPYTER_PATH``, see :func:`voila_environment`). It extends Voilà's ``lab``
template and

* asks nothing of any other host: the stock template links the Font Awesome
  style sheet from a public CDN, and ours drops those links (Voilà's own
  script already carries Font Awesome and its fonts), so a room without
  internet sees the same page;
* sets large type, a bounded content width and charts at their natural size
  (never stretched to the window), so a projected tool stays sharp and needs
  no horizontal scrolling at 1280x720.

Voilà starts with a preheated kernel (``--preheat_kernel=True`` and a pool of
one): the notebook is run before anyone asks for it, so the page shows the
tool in a few seconds; a kernel left idle by a closed page is stopped after a
while (``MappingKernelManager.cull_idle_timeout``). Voilà never culls its
pool's own kernels.

Examples
--------
>>> [d.name for d in list_dashboards()][:2]
['suitability', 'rollout']
>>> notebook_path("evm").name
'06_evm.ipynb'
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .validation import check_choice, check_int, shown

__all__ = ["Dashboard", "DASHBOARDS", "list_dashboards", "notebook_path", "template_root",
           "voila_command", "voila_environment", "TEMPLATE", "DEFAULT_PORT", "READY_PATH"]

#: The name of the course's Voilà template.
TEMPLATE = "implcourse"
#: A file of our template that Voilà serves once it is up (the projector's style
#: sheet): asking for it proves the server answers *and* found the template,
#: without taking the preheated kernel as asking for the page would.
READY_PATH = f"voila/templates/{TEMPLATE}/static/projector.css"
#: Voilà's usual port, used when it is free and no ``--port`` is given.
DEFAULT_PORT = 8866
#: Seconds a kernel may stay idle (its page closed) before Voilà stops it,
#: and how often Voilà looks.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60
#: Seconds Voilà waits, after a page took the preheated kernel, before it
#: starts the next one: long enough for the page to finish rendering first on
#: a small machine.
REFILL_DELAY_SECONDS = 5


@dataclass(frozen=True)
class Dashboard:
    """One dashboard: its command-line name, title, lesson, notebook and tool.

    ``tool`` is the widget factory the notebook calls, as
    ``"module:function"`` under :mod:`implcourse.widgets` (the same form as
    the widget catalogue).
    """

    name: str
    title: str
    lesson: str
    notebook: str
    tool: str


#: Every dashboard by name, in lesson order.
DASHBOARDS: dict[str, Dashboard] = {d.name: d for d in (
    Dashboard("suitability", "Agile suitability filter", "02", "02_suitability.ipynb",
              "methods:suitability_tool"),
    Dashboard("rollout", "Compare rollout strategies (simulation)", "03",
              "03_rollout.ipynb", "rollout:rollout_simulator"),
    Dashboard("monte-carlo", "Monte Carlo simulator", "04", "04_monte_carlo.ipynb",
              "risk:monte_carlo_tool"),
    Dashboard("business-case", "Business-case calculator", "05", "05_business_case.ipynb",
              "business_case:calculator"),
    Dashboard("evm", "Earned value status calculator", "06", "06_evm.ipynb",
              "earned_value:evm_calculator"),
    Dashboard("kpi", "KPI dashboard with RAG thresholds", "06", "06_kpi_dashboard.ipynb",
              "kpis:dashboard_tool"),
    Dashboard("partner-scoring", "Partner scoring with sensitivity", "08",
              "08_partner_scoring.ipynb", "partners:scoring_tool"),
)}


def list_dashboards() -> list[Dashboard]:
    """Every dashboard, in lesson order.

    Examples
    --------
    >>> for d in list_dashboards()[:2]:
    ...     print(d.name, d.lesson, d.title)
    suitability 02 Agile suitability filter
    rollout 03 Compare rollout strategies (simulation)
    """
    return list(DASHBOARDS.values())


def _dashboard(name: object) -> Dashboard:
    return DASHBOARDS[check_choice("name", name, DASHBOARDS)]


def notebook_path(name: str) -> Path:
    """The notebook of dashboard ``name``, from a checkout or an installed wheel.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is not a dashboard's name (the message lists the names).

    Examples
    --------
    >>> path = notebook_path("business-case")
    >>> path.parent.name, path.name
    ('dashboards', '05_business_case.ipynb')
    >>> notebook_path("budget")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of 'suitability', 'rollout', 'monte-carlo', 'business-case', 'evm', 'kpi', 'partner-scoring'; got 'budget'
    """
    from . import content

    return content.notebooks_dir() / "dashboards" / _dashboard(name).notebook


def template_root() -> Path:
    """The folder to add to ``JUPYTER_PATH`` so that Voilà finds our template.

    Voilà looks for a template named ``T`` in ``<dir>/voila/templates/T`` for
    every ``dir`` of the Jupyter data path; ours is in the package.

    Examples
    --------
    >>> (template_root() / "voila" / "templates" / TEMPLATE / "conf.json").is_file()
    True
    """
    return Path(__file__).resolve().parent


def voila_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Voilà runs in: ``base`` (default ``os.environ``) with our
    template's folder first on ``JUPYTER_PATH``.

    Examples
    --------
    >>> env = voila_environment({"JUPYTER_PATH": "elsewhere"})
    >>> env["JUPYTER_PATH"].split(os.pathsep)[1]
    'elsewhere'
    >>> voila_environment({"JUPYTER_PATH": 3})
    Traceback (most recent call last):
    ...
    TypeError: base must map names to strings, got int 3 for 'JUPYTER_PATH'
    """
    if base is None:
        base = dict(os.environ)
    if not isinstance(base, dict):
        raise TypeError(f"base must be a dict of environment variables, got "
                        f"{type(base).__name__} {shown(base)}")
    for key, value in base.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"base must map names to strings, got "
                            f"{type(value).__name__} {shown(value)} for {shown(key)}")
    env = dict(base)
    paths = [str(template_root())] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep)
                                      if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def voila_command(name: str, port: int = DEFAULT_PORT, open_browser: bool = True) -> list[str]:
    """The command that serves dashboard ``name`` with Voilà on 127.0.0.1:``port``.

    Run it with :func:`voila_environment`, which lets Voilà find the course's
    template.

    Parameters
    ----------
    name : str
        A dashboard's name (see :func:`list_dashboards`).
    port : int, default 8866
        The TCP port, 1 to 65535. Voilà does not try another if it is taken.
    open_browser : bool, default True
        Whether Voilà opens the page in the default browser.

    Raises
    ------
    TypeError, ValueError
        For a name that is not a dashboard's, a port that is not a whole
        number from 1 to 65535, or ``open_browser`` that is not True or False.

    Examples
    --------
    >>> command = voila_command("evm", 8870, open_browser=False)
    >>> command[1:3], command[3].endswith("06_evm.ipynb")
    (['-m', 'voila'], True)
    >>> [a for a in command if a.startswith(("--port", "--template", "--no-browser"))]
    ['--port=8870', '--template=implcourse', '--no-browser']
    >>> voila_command("evm", 0)
    Traceback (most recent call last):
    ...
    ValueError: port must be >= 1, got 0
    """
    path = notebook_path(name)
    port = check_int("port", port, minimum=1, maximum=65535)
    if not isinstance(open_browser, bool):
        raise TypeError(f"open_browser must be True or False, got "
                        f"{type(open_browser).__name__} {shown(open_browser)}")
    command = [
        sys.executable, "-m", "voila", str(path),
        "--Voila.ip=127.0.0.1", f"--port={port}", "--Voila.port_retries=0",
        f"--template={TEMPLATE}", "--theme=light",
        "--strip_sources=True", "--show_tracebacks=False",
        # Run the notebook before anyone asks for it, one kernel ahead.
        "--preheat_kernel=True", "--pool_size=1",
        f"--VoilaKernelManager.fill_delay={REFILL_DELAY_SECONDS}",
        # Stop kernels whose page was closed (Voilà keeps its pool's own).
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(options, _passthrough) -> int:
    if options.list:
        if options.name:
            print("implcourse: dashboard: give a NAME or --list, not both", file=sys.stderr)
            return 2
        width = max(len(d.name) for d in list_dashboards())
        for d in list_dashboards():
            print(f"{d.name:<{width}}  lesson {d.lesson}  {d.title}")
        return 0
    if not options.name:
        print("implcourse: dashboard: give a NAME (one of " + ", ".join(DASHBOARDS)
              + "), or --list", file=sys.stderr)
        return 2
    if options.port is None:
        port = DEFAULT_PORT if _port_free(DEFAULT_PORT) else _any_free_port()
    else:
        port = check_int("--port", options.port, minimum=1, maximum=65535)
        if not _port_free(port):
            raise ValueError(f"--port {port} is in use on 127.0.0.1; choose another port")
    command = voila_command(options.name, port, open_browser=not options.no_browser)
    path = notebook_path(options.name)
    if not path.is_file():
        raise ValueError(f"the dashboard's notebook is missing: notebooks/dashboards/"
                         f"{path.name}; reinstall the course")
    try:
        import voila  # noqa: F401  (only to say clearly when it is missing)
    except ImportError:
        raise ValueError("Voilà is not installed; run python3 course.py lab once, or "
                         "pip install 'voila>=0.5'") from None
    print(f"Serving the dashboard '{DASHBOARDS[options.name].title}' at "
          f"http://127.0.0.1:{port}/ (stop it with Ctrl+C).", flush=True)
    env = voila_environment()
    if os.name == "posix":
        # Replace this process, so the server's PID is the one the user started
        # and signals (Ctrl+C, kill) reach it directly.
        os.execve(sys.executable, command, env)
    return subprocess.call(command, env=env)  # pragma: no cover - Windows


def add_command(commands) -> None:
    """Add ``dashboard`` to the ``implcourse`` command's subparsers (``commands``)."""
    parser = commands.add_parser(
        "dashboard", help="show one tool full screen for a projector (Voilà)",
        description="Serve one of the course's tools on its own page, for a projector, "
                    "with Voilà on 127.0.0.1. Stop it with Ctrl+C. Names: "
                    + ", ".join(DASHBOARDS) + ".")
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help="the dashboard to serve (see --list)")
    parser.add_argument("--list", action="store_true", help="list the dashboards and exit")
    parser.add_argument("--port", type=int, metavar="N",
                        help=f"the port (default {DEFAULT_PORT}, or a free one if it is "
                             "taken)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a browser; only print the address")
    parser.set_defaults(run=_run)
