"""A throwaway PostgreSQL server for the workshop tests (issue 14).

Debian's ``postgresql`` package, started by the test on 127.0.0.1 with a
free port, in a temporary directory, and stopped after. ``initdb`` refuses
to run as root, so as root the server runs as the unprivileged ``nobody``
(through ``runuser``). TCP logins need a password (scram-sha-256): the
privacy tests depend on a login being unable to act as another.

Outside CI a missing PostgreSQL skips these tests with the reason; where
``IMPLCOURSE_REQUIRE_SERVICES=1`` (``.ci/run`` sets it) it fails them.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from browser_support import free_port

REQUIRED = os.environ.get("IMPLCOURSE_REQUIRE_SERVICES") == "1"


def bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` that has initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


def require_postgres() -> Path:
    """The PostgreSQL binaries, or skip (fail in CI) saying why."""
    where = bin_dir()
    if where is None:
        reason = ("PostgreSQL's server is not installed (Debian package postgresql); "
                  ".ci/run installs it")
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    return where


class Postgres:
    """One PostgreSQL server in a temporary directory."""

    def __init__(self, *, max_connections: int = 200) -> None:
        self.bin = require_postgres()
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.dir = Path(tempfile.mkdtemp(prefix="implcourse-pg-"))
        self.data = self.dir / "data"
        self.max_connections = max_connections
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            self.as_user = ["runuser", "-u", "nobody", "--"]
        os.chmod(self.dir, 0o700)
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_user:
            os.chown(pwfile, pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                  "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        self.start()
        self.admin_url = self.url("postgres", self.password, "implcourse")
        import psycopg

        with psycopg.connect(self.url("postgres", self.password, "postgres"),
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE implcourse")

    def url(self, user: str, password: str, database: str = "implcourse") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run([*self.as_user, str(self.bin / tool), *args],
                                capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(f"{tool} failed ({result.returncode}): "
                               f"{result.stdout[-800:]}{result.stderr[-800:]}")

    def _options(self) -> str:
        return (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
                f"-c synchronous_commit=off -c full_page_writes=off "
                f"-c max_connections={self.max_connections}")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-w",
                  "-o", self._options(), "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop and start again: every open connection is cut."""
        self.stop()
        self.start()

    def pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def close(self) -> None:
        """Stop the server (by pg_ctl, else by its PID) and delete its directory."""
        try:
            if self.pid() is not None:
                self.stop()
        except (RuntimeError, subprocess.TimeoutExpired):
            pid = self.pid()
            if pid is not None:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
                time.sleep(0.2)
        shutil.rmtree(self.dir, ignore_errors=True)
