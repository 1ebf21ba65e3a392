"""JupyterHub settings for a workshop room (used by ``workshop/jupyterhub_config.py``).

Everything a trainer sets is an environment variable of the hub, so the
same configuration file serves a cloud machine, The Littlest JupyterHub and
the tests (``workshop/README.md`` lists them):

=============================  ==================================================
``IMPLCOURSE_WORKSHOP_DB``     the progress database, as an administrator's
                               ``postgresql://`` URL (never given to participants)
``IMPLCOURSE_TRAINERS``        trainers' user names, comma-separated: hub admins,
                               the group ``trainers``, the class dashboard
``IMPLCOURSE_ROOM_PASSWORD``   the participants' shared password (8+ characters)
``IMPLCOURSE_TRAINER_PASSWORD`` the trainers' password (32+ characters)
``IMPLCOURSE_AUTH``            ``shared`` (default) or ``native`` (NativeAuthenticator)
``IMPLCOURSE_SPAWNER``         ``systemd`` (default), ``tljh`` (keep The Littlest
                               JupyterHub's spawner and culler), ``kubernetes`` (keep
                               Zero to JupyterHub's), or ``simple`` (every user as the
                               hub's own OS user: tests only)
``IMPLCOURSE_SINGLEUSER``      the command that starts a participant's server
                               (default: ``implcourse-singleuser`` beside the hub's
                               Python, else on PATH)
``IMPLCOURSE_MEM_LIMIT``       memory per participant (default ``1G``)
``IMPLCOURSE_CPU_LIMIT``       CPU cores per participant (default ``1``)
``IMPLCOURSE_IDLE_MINUTES``    stop a participant's server after this many idle
                               minutes (default 60)
``IMPLCOURSE_WORKSHOP_EDITION`` ``participant`` (default, closed book) or ``full``
``IMPLCOURSE_DASHBOARD_PORT``  the class dashboard's port (default 10101)
``IMPLCOURSE_DASHBOARD_HOST``  the address the hub's proxy reaches the dashboard at
                               (default 127.0.0.1; on Kubernetes, the hub's service
                               name, ``hub``)
``IMPLCOURSE_DASHBOARD_REFRESH`` seconds between the class dashboard's refreshes
                               (default 15)
=============================  ==================================================

The functions here only build settings; nothing is started by importing
this module.
"""

from __future__ import annotations

import os
import shutil
import sys

from ..validation import check_str, shown

__all__ = ["settings", "configure", "taken_name", "DASHBOARD", "CULLER", "TRAINER_GROUP"]

DASHBOARD = "class-dashboard"
CULLER = "idle-culler"
TRAINER_GROUP = "trainers"
_SPAWNERS = ("systemd", "tljh", "kubernetes", "simple")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Spawners of a platform that brings its own idle culler.
_OWN_CULLER = ("tljh", "kubernetes")


class WorkshopConfigError(ValueError):
    """A workshop setting is missing or wrong; the message names the variable."""

    def __init__(self, message: str) -> None:
        super().__init__(f"env {message}")  # "env IMPLCOURSE_X must ...": the hub's environment


def _text(env, name: str, default: str = "") -> str:
    value = env.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise TypeError(f"env[{name!r}] must be a string, got {type(value).__name__} "
                        f"{shown(value)}")
    return value


def _number(env, name: str, default: float, minimum: float) -> float:
    text = _text(env, name).strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise WorkshopConfigError(f"{name} must be a number, got {text!r}") from None
    if not (value >= minimum and value < 1e9):  # NaN and infinity fail too
        raise WorkshopConfigError(f"{name} must be at least {minimum:g}, got {text!r}")
    return value


def settings(env=None) -> dict:
    """The workshop's settings read from ``env`` (default: the environment).

    Raises
    ------
    WorkshopConfigError
        A missing or wrong setting, naming the variable.

    Examples
    --------
    >>> s = settings({"IMPLCOURSE_WORKSHOP_DB": "postgresql://admin:pw@127.0.0.1/course",
    ...               "IMPLCOURSE_TRAINERS": "tom, tina",
    ...               "IMPLCOURSE_ROOM_PASSWORD": "room-2026",
    ...               "IMPLCOURSE_TRAINER_PASSWORD": "x" * 32})
    >>> s["trainers"], s["spawner"], s["mem_limit"], s["idle_seconds"]
    (['tina', 'tom'], 'systemd', '1G', 3600)
    """
    from ..progress_postgres import is_postgres_url

    from collections.abc import Mapping

    env = os.environ if env is None else env
    if not isinstance(env, Mapping):
        raise TypeError(f"env must be a mapping, got {type(env).__name__} {shown(env)}")
    db = _text(env, "IMPLCOURSE_WORKSHOP_DB").strip()
    if not is_postgres_url(db):
        raise WorkshopConfigError(
            "IMPLCOURSE_WORKSHOP_DB must be the progress database's postgresql:// URL "
            "(an administrator's login; see workshop/README.md)")
    # Lower case, as JupyterHub normalises every name a person types.
    trainers = sorted({n.strip().lower() for n in _text(env, "IMPLCOURSE_TRAINERS", "").split(",")
                       if n.strip()})
    if not trainers:
        raise WorkshopConfigError("IMPLCOURSE_TRAINERS must name at least one trainer "
                                  "(user names, comma-separated)")
    auth = _text(env, "IMPLCOURSE_AUTH", "shared").strip() or "shared"
    if auth not in ("shared", "native"):
        raise WorkshopConfigError(f"IMPLCOURSE_AUTH must be shared or native, got {auth!r}")
    room = _text(env, "IMPLCOURSE_ROOM_PASSWORD", "")
    trainer_pw = _text(env, "IMPLCOURSE_TRAINER_PASSWORD", "")
    if auth == "shared":
        if len(room) < 8:
            raise WorkshopConfigError("IMPLCOURSE_ROOM_PASSWORD must have 8 characters or more")
        if len(trainer_pw) < 32:
            raise WorkshopConfigError("IMPLCOURSE_TRAINER_PASSWORD must have 32 characters or "
                                      "more (JupyterHub's rule for an admin password)")
        if trainer_pw == room:
            raise WorkshopConfigError("IMPLCOURSE_TRAINER_PASSWORD must differ from "
                                      "IMPLCOURSE_ROOM_PASSWORD")
    spawner = _text(env, "IMPLCOURSE_SPAWNER", "systemd").strip() or "systemd"
    if spawner not in _SPAWNERS:
        raise WorkshopConfigError(f"IMPLCOURSE_SPAWNER must be one of {', '.join(_SPAWNERS)}, "
                                  f"got {spawner!r}")
    edition = _text(env, "IMPLCOURSE_WORKSHOP_EDITION", "participant").strip() or "participant"
    if edition not in ("participant", "full"):
        raise WorkshopConfigError(f"IMPLCOURSE_WORKSHOP_EDITION must be participant or full, "
                                  f"got {edition!r}")
    mem = _text(env, "IMPLCOURSE_MEM_LIMIT", "1G").strip() or "1G"
    if not (mem[:-1].replace(".", "", 1).isdigit() and mem[-1] in "KMGT" and float(mem[:-1]) > 0):
        raise WorkshopConfigError(f"IMPLCOURSE_MEM_LIMIT must be like 800M or 1G, got {mem!r}")
    singleuser = _text(env, "IMPLCOURSE_SINGLEUSER").strip()
    if not singleuser:
        beside = os.path.join(os.path.dirname(sys.executable), "implcourse-singleuser")
        singleuser = beside if os.path.isfile(beside) else "implcourse-singleuser"
    return {
        "db": db, "trainers": trainers, "singleuser": singleuser, "auth": auth, "room_password": room,
        "trainer_password": trainer_pw, "spawner": spawner, "edition": edition,
        "mem_limit": mem, "cpu_limit": _number(env, "IMPLCOURSE_CPU_LIMIT", 1.0, 0.1),
        "idle_seconds": int(60 * _number(env, "IMPLCOURSE_IDLE_MINUTES", 60, 1)),
        "dashboard_port": int(_number(env, "IMPLCOURSE_DASHBOARD_PORT", 10101, 1)),
        "dashboard_host": _text(env, "IMPLCOURSE_DASHBOARD_HOST", "127.0.0.1").strip()
        or "127.0.0.1",
        "dashboard_refresh": int(_number(env, "IMPLCOURSE_DASHBOARD_REFRESH", 15, 1)),
    }


def taken_name(name: str, state_root: str = "/var/lib") -> bool:
    """Whether ``state_root/name`` exists and is not a participant's own folder
    (systemd's dynamic users keep theirs at ``private/NAME``, linked from there).

    Examples
    --------
    >>> import tempfile, os
    >>> root = tempfile.mkdtemp()
    >>> os.mkdir(os.path.join(root, "postgresql"))
    >>> taken_name("postgresql", root), taken_name("ada", root)
    (True, False)
    """
    name = check_str("name", name)
    state_root = check_str("state_root", state_root)
    path = os.path.join(state_root, name)
    if not os.path.lexists(path):
        return False
    return not (os.path.islink(path) and os.readlink(path) == os.path.join("private", name))


def _pre_spawn_hook(admin_url: str, state_root: str | None = None):
    """The hook that gives each participant a database login of their own, and only
    that: the URL goes into their server's environment, the admin URL does not."""
    async def pre_spawn_hook(spawner) -> None:
        import asyncio

        from . import db

        if state_root is not None and taken_name(spawner.user.name, state_root):
            raise RuntimeError(f"the name {spawner.user.name!r} is taken on this machine; "
                               "log in under another name")

        url = await asyncio.to_thread(db.provision_learner, admin_url, spawner.user.name)
        spawner.environment = {**spawner.environment, "IMPLCOURSE_PROGRESS_URL": url}

    return pre_spawn_hook


def _merged(section, name: str, ours: list[dict]) -> list[dict]:
    """The list already configured under ``name`` (if any), with ours added;
    an entry of ours replaces one of the same name."""
    before = section.get(name) if hasattr(section, "get") else None
    kept = [entry for entry in (before if isinstance(before, list) else [])
            if entry.get("name") not in {o["name"] for o in ours}]
    return [*kept, *ours]


def configure(c, env=None) -> dict:
    """Apply the workshop's settings to a JupyterHub config object ``c``.

    The progress database's schema is brought up to date, and the class
    dashboard's read-all login is given a new password, each time the hub
    starts. Returns the settings used.
    """
    from . import db

    s = settings(env)
    db.migrate(s["db"])
    reader = db.provision_reader(s["db"])
    python = sys.executable

    # Who may log in. The shared password suits a closed room for a day: anyone
    # who knows it can log in under any participant's name, so it protects the
    # workshop from outsiders, not participants from each other. For that, use
    # NativeAuthenticator (each participant signs up with a password of their
    # own and a trainer approves them).
    c.Authenticator.admin_users = set(s["trainers"])
    c.Authenticator.allow_all = True
    if s["auth"] == "shared":
        # Our subclass lower-cases the typed name before it checks the admin list
        # (implcourse.workshop.auth says why); it reads SharedPasswordAuthenticator's
        # settings.
        c.JupyterHub.authenticator_class = "implcourse.workshop.auth.RoomPasswordAuthenticator"
        c.SharedPasswordAuthenticator.user_password = s["room_password"]
        c.SharedPasswordAuthenticator.admin_password = s["trainer_password"]
    else:
        c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
        c.NativeAuthenticator.open_signup = False  # a trainer approves each sign-up
    c.JupyterHub.load_groups = {TRAINER_GROUP: {"users": s["trainers"]}}

    # Each participant's server: their copy of the course, their own database
    # login (pre_spawn_hook), the limits, and kernels culled when idle.
    c.Spawner.cmd = [s["singleuser"]]
    c.Spawner.default_url = "/lab/tree/implcourse/00_start_here.ipynb"
    c.Spawner.environment = {"IMPLCOURSE_WORKSHOP_EDITION": s["edition"]}
    c.Spawner.pre_spawn_hook = _pre_spawn_hook(s["db"], state_root="/var/lib"
                                               if s["spawner"] == "systemd" else None)
    c.Spawner.mem_limit = s["mem_limit"]
    c.Spawner.cpu_limit = s["cpu_limit"]
    c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800",
                      "--MappingKernelManager.cull_interval=300"]
    c.JupyterHub.concurrent_spawn_limit = 20
    if s["spawner"] == "systemd":
        # Each participant runs as a user of their own that systemd makes for the
        # session (DynamicUser), with memory and CPU enforced by cgroups. Their
        # folder is /var/lib/NAME, so a name is refused if that folder belongs to
        # something else on the machine (a participant called "postgresql" must
        # not be given PostgreSQL's files), and names are kept to a safe pattern.
        c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,31}$"
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
        c.SystemdSpawner.dynamic_users = True
        c.SystemdSpawner.isolate_tmp = True
        c.SystemdSpawner.isolate_devices = True
        c.SystemdSpawner.disable_user_sudo = True
    elif s["spawner"] == "kubernetes":
        # Zero to JupyterHub sets KubeSpawner.environment itself, which would hide
        # the Spawner-wide value above: add ours to it.
        before = c.KubeSpawner.get("environment") if hasattr(c.KubeSpawner, "get") else None
        # A value set in z2jh's singleuser.extraEnv wins over the hub's setting.
        c.KubeSpawner.environment = {"IMPLCOURSE_WORKSHOP_EDITION": s["edition"],
                                     **(dict(before) if isinstance(before, dict) else {})}
    elif s["spawner"] == "simple":
        # Tests only: every server runs as the hub's own OS user, so limits are
        # not enforced and the hub's files are readable from a kernel.
        c.JupyterHub.spawner_class = "simple"
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            c.Spawner.args = [*c.Spawner.args, "--allow-root"]

    # Services: the trainer's class dashboard, and the culler of idle servers
    # (unless the platform runs its own). Services and roles set before this
    # call (by TLJH or Zero to JupyterHub) are kept.
    services = [
        {"name": DASHBOARD, "display": True, "oauth_no_confirm": True,
         "url": f"http://{s['dashboard_host']}:{s['dashboard_port']}",
         "command": [python, "-m", "implcourse.workshop.dashboard_service"],
         "environment": {"IMPLCOURSE_DASHBOARD_DB": reader,
                         "IMPLCOURSE_DASHBOARD_REFRESH": str(s["dashboard_refresh"]),
                         "IMPLCOURSE_DASHBOARD_LISTEN": (
                             s["dashboard_host"] if s["dashboard_host"] in _LOOPBACK
                             else "0.0.0.0"),
                         "IMPLCOURSE_TRAINER_GROUP": TRAINER_GROUP,
                         "IMPLCOURSE_TRAINERS": ",".join(s["trainers"])}},
    ]
    roles = [
        {"name": DASHBOARD, "services": [DASHBOARD],
         "scopes": ["list:users", "read:users", "read:groups"]},
        {"name": TRAINER_GROUP, "groups": [TRAINER_GROUP],
         "scopes": [f"access:services!service={DASHBOARD}"]},
    ]
    if s["spawner"] not in _OWN_CULLER:
        services.append({"name": CULLER,
                         "command": [python, "-m", "jupyterhub_idle_culler",
                                     f"--timeout={s['idle_seconds']}", "--cull-every=60"]})
        roles.append({"name": CULLER, "services": [CULLER],
                      "scopes": ["list:users", "read:users:activity", "read:servers",
                                 "delete:servers"]})
    c.JupyterHub.services = _merged(c.JupyterHub, "services", services)
    c.JupyterHub.load_roles = _merged(c.JupyterHub, "load_roles", roles)
    proxy = shutil.which("configurable-http-proxy")
    if proxy:
        c.ConfigurableHTTPProxy.command = [proxy]
    return s
