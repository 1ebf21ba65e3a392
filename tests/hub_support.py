"""A real JupyterHub for the workshop tests and benchmarks (issue 14).

:class:`Hub` starts PostgreSQL (``pg_support``) and JupyterHub with its proxy
(``configurable-http-proxy`` from the npm registry, which ``course.py``
installs into ``.venv/node``) on 127.0.0.1, loaded with the project's own
``workshop/jupyterhub_config.py``. Only the addresses, a temporary folder for
the hub's state and the users' homes, and the "simple" spawner (every server
runs as the test's own OS user) differ from a real room. :class:`Kernel`
runs code in a kernel of a user's server through Jupyter Server's REST API
and websocket, as JupyterLab does.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from browser_support import ROOT, free_port, stop_server
from pg_support import REQUIRED, Postgres

TRAINER = "trainer"


def _proxy() -> str:
    found = (os.environ.get("IMPLCOURSE_PROXY")
             or shutil.which("configurable-http-proxy")
             or next((str(p) for p in [ROOT / ".venv" / "node" / "node_modules" / ".bin" /
                                       "configurable-http-proxy"] if p.exists()), None))
    if not found or not shutil.which("node"):
        reason = ("JupyterHub's proxy is not installed (python3 course.py test installs "
                  "configurable-http-proxy with npm; Node.js is needed)")
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    return found


class Hub:
    """A JupyterHub with the workshop's configuration, and its PostgreSQL."""

    def __init__(self) -> None:
        proxy = _proxy()
        self.pg = Postgres()
        self.dir = Path(tempfile.mkdtemp(prefix="implcourse-hub-"))
        self.port, self.hub_port, self.api_port, self.dash_port = (
            free_port(), free_port(), free_port(), free_port())
        self.url = f"http://127.0.0.1:{self.port}"
        self.room_password = secrets.token_urlsafe(12)
        self.trainer_password = secrets.token_urlsafe(32)
        self.driver_token = secrets.token_hex(24)
        (self.dir / "users").mkdir()
        config = self.dir / "test_config.py"
        config.write_text(f"""
c = get_config()
exec(compile(open({str(ROOT / 'workshop' / 'jupyterhub_config.py')!r}).read(),
             "jupyterhub_config.py", "exec"), {{"get_config": get_config}})
# Only what a test needs differs from the workshop's own configuration.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{self.dir / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.dir / 'cookie_secret')!r}
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.dir / 'users' / '{username}')!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# The test's own driver: it reads the hub's user list, nothing a participant has.
c.JupyterHub.services.append({{"name": "test-driver", "api_token": {self.driver_token!r}}})
c.JupyterHub.load_roles.append({{"name": "test-driver", "services": ["test-driver"],
    "scopes": ["list:users", "read:users", "read:servers", "admin:servers", "list:services", "read:services"]}})
""")
        env = {**os.environ,
               "HOME": str(self.dir / "hubhome"),
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "IMPLCOURSE_WORKSHOP_DB": self.pg.admin_url,
               "IMPLCOURSE_TRAINERS": TRAINER,
               "IMPLCOURSE_ROOM_PASSWORD": self.room_password,
               "IMPLCOURSE_TRAINER_PASSWORD": self.trainer_password,
               "IMPLCOURSE_SPAWNER": "simple",
               "IMPLCOURSE_DASHBOARD_PORT": str(self.dash_port),
               "IMPLCOURSE_DASHBOARD_REFRESH": "5"}
        for name in ("IMPLCOURSE_HOME", "IMPLCOURSE_PROGRESS_URL", "JUPYTERHUB_API_TOKEN"):
            env.pop(name, None)
        self.log = self.dir / "hub.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.dir, env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait(lambda: self.api("GET", "/users").status_code == 200, 90, "the hub to start")

    def api(self, method: str, path: str, token: str | None = None, **kw):
        import requests

        return requests.request(method, f"{self.url}/hub/api{path}", timeout=30,
                                headers={"Authorization": f"token {token or self.driver_token}"},
                                **kw)

    def _wait(self, ready, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the hub stopped:\n{self.log.read_text()[-4000:]}")
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}:\n{self.log.read_text()[-4000:]}")

    def _post_login(self, name: str, password: str):
        import requests

        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=30)
        response = session.post(f"{self.url}/hub/login?next=", timeout=30, allow_redirects=False,
                                data={"username": name, "password": password,
                                      "_xsrf": session.cookies.get("_xsrf", "")})
        return session, response

    def login(self, name: str, password: str):
        """Log in through the hub's login form, as a browser would; returns the session."""
        session, response = self._post_login(name, password)
        assert response.status_code == 302, (name, response.status_code, response.text[-500:])
        return session

    def try_login(self, name: str, password: str) -> int:
        """The status of a login attempt (302: let in)."""
        return self._post_login(name, password)[1].status_code

    def token_for(self, session, name: str) -> str:
        """A token of the user's own (made through the REST API with their session)."""
        response = session.post(f"{self.url}/hub/api/users/{name}/tokens", timeout=30,
                                json={"note": "test"},
                                headers={"X-XSRFToken": session.cookies.get("_xsrf", ""),
                                         "Referer": f"{self.url}/hub/home"})
        assert response.status_code in (200, 201), response.text
        return response.json()["token"]

    def close(self) -> None:
        stop_server(self.process)
        self.pg.close()
        shutil.rmtree(self.dir, ignore_errors=True)


async def _execute(url: str, token: str, code: str) -> tuple[str, str | None]:
    """Run ``code`` in a kernel through Jupyter Server's websocket; returns
    (printed text, error or None)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    text, error, idle, replied = [], None, False, False
    while not (idle and replied):
        raw = await asyncio.wait_for(ws.read_message(), 120)
        if raw is None:
            break
        if isinstance(raw, bytes):  # a message with binary buffers (a widget's data)
            continue
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "stream":
            text.append(msg["content"]["text"])
        elif kind in ("execute_result", "display_data"):
            text.append(msg["content"]["data"].get("text/plain", ""))
        elif kind == "error":
            error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            replied = True
    ws.close()
    return "".join(text), error


class Kernel:
    """A kernel in a user's server on the hub."""

    def __init__(self, hub: Hub, name: str, token: str) -> None:
        import requests

        self.base = f"{hub.url}/user/{name}"
        self.token = token
        response = requests.post(f"{self.base}/api/kernels", timeout=60, json={},
                                 headers={"Authorization": f"token {token}"})
        assert response.status_code == 201, response.text
        self.id = response.json()["id"]

    def run(self, code: str) -> str:
        ws = (self.base.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels")
        text, error = asyncio.run(_execute(ws, self.token, code))
        assert error is None, f"{error}\n{text}"
        return text




def start_servers(hub: Hub, names, password: str | None = None, timeout: float = 300):
    """Log each user in through the login form, start their server with a token of
    their own, and wait until every one is ready. Returns (sessions, tokens)."""
    sessions = {name: hub.login(name, password or hub.room_password) for name in names}
    tokens = {name: hub.token_for(sessions[name], name) for name in names}
    for name in names:
        response = hub.api("POST", f"/users/{name}/server", token=tokens[name])
        assert response.status_code in (201, 202), response.text

    def all_ready():
        users = {u["name"]: u for u in hub.api("GET", "/users").json()}
        return all(users.get(n, {}).get("servers", {}).get("", {}).get("ready")
                   for n in names)

    hub._wait(all_ready, timeout, f"{len(names)} servers")
    return sessions, tokens


def user_processes(name: str) -> list[int]:
    """The PIDs of the processes running for hub user ``name`` (server and kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"JUPYTERHUB_USER={name}".encode() in environ:
            found.append(int(entry.name))
    return found
