"""The trainer's live class dashboard: a JupyterHub-managed service.

Run by the hub (``c.JupyterHub.services``) as ``python -m
implcourse.workshop.dashboard_service``. It reads, from the environment the hub sets
for a managed service:

- ``JUPYTERHUB_SERVICE_URL``: the address and port to listen on;
- ``JUPYTERHUB_SERVICE_PREFIX``: the route prefix (``/services/NAME/``);
- ``JUPYTERHUB_API_TOKEN``, ``JUPYTERHUB_API_URL`` and the OAuth settings,
  read by :class:`jupyterhub.services.auth.HubOAuth` itself;

and, from the hub's configuration of the service (its ``environment``):

- ``IMPLCOURSE_DASHBOARD_DB``: the database URL that may read every
  participant's records (given to ``implcourse.workshop.db.class_records``);
- ``IMPLCOURSE_TRAINER_GROUP``: the hub group whose members may open the
  dashboard (default ``trainers``); hub admins always may;
- ``IMPLCOURSE_DASHBOARD_REFRESH``: seconds between the page's refreshes
  (default 15).

Routes, under the prefix: ``/`` (the page), ``/fragment`` (its live sections,
for the refresh), ``/api/summary`` (the same data as JSON),
``/records.csv`` (every event, as an attachment) and ``/oauth_callback``.

Who may look
------------
Identification is JupyterHub's: :class:`~jupyterhub.services.auth.HubOAuthenticated`
reads an ``Authorization: token ...`` header first, then the OAuth cookie
of a browser, asks the hub for the user model (``GET /hub/api/user`` with
that token), and refuses a user without the service's access scope
(``access:services!service=NAME``, from ``$JUPYTERHUB_OAUTH_ACCESS_SCOPES``).
This module then allows only hub admins and members of the trainers group
(:func:`is_trainer`). It relies on the model having ``admin`` and
``groups``: in JupyterHub 6.1 ``/hub/api/user`` always grants a token the
"identify" scopes ``read:users:name!user`` (which shows ``admin``) and
``read:users:groups!user`` (which shows ``groups``), so no ``read:users``
scope is needed. A model without either key is refused, never guessed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import signal
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import urlparse

from ..validation import check_int, check_str, shown

# main() is left out of __all__: it starts a server that runs until stopped.
__all__ = ["is_trainer", "refusal", "settings_from_env", "make_app",
           "UNREACHABLE", "CACHE_SECONDS"]

log = logging.getLogger("implcourse.dashboard")

#: How long one reading of the database serves every open page (seconds).
CACHE_SECONDS = 2.0
#: What the page says when the database cannot be read.
UNREACHABLE = ("The class database cannot be reached just now; the dashboard tries again "
               "at the next refresh.")
#: What the page says when the records were read but cannot be shown (a bug, logged).
UNSHOWABLE = ("The class records were read but could not be shown; the service log says "
              "why. The dashboard tries again at the next refresh.")
#: Added for a request the hub did not identify (the refresh, after the login expired).
NOT_LOGGED_IN = "If you are one, open the dashboard's page again to log in to the hub."
DEFAULT_GROUP = "trainers"


def is_trainer(user: Mapping, group: str = DEFAULT_GROUP) -> bool:
    """Whether a hub user model may open the dashboard: a hub admin, or a
    member of ``group``. A service, or a model without ``admin`` and
    ``groups``, may not.

    Examples
    --------
    >>> is_trainer({"kind": "user", "name": "tess", "admin": False, "groups": ["trainers"]})
    True
    >>> is_trainer({"kind": "user", "name": "ada", "admin": False, "groups": []})
    False
    >>> is_trainer({"kind": "user", "name": "root", "admin": True, "groups": []}, "staff")
    True
    """
    if not isinstance(user, Mapping):
        raise TypeError(f"user must be a hub user model (a dict), got {type(user).__name__} "
                        f"{shown(user)}")
    group = check_str("group", group)
    if user.get("kind", "user") != "user":
        return False
    if user.get("admin") is True:
        return True
    groups = user.get("groups")
    return isinstance(groups, (list, tuple, set)) and group in groups


def refusal(group: str = DEFAULT_GROUP) -> str:
    """The sentence a participant who may not open the dashboard reads.

    Examples
    --------
    >>> refusal("trainers")
    "Only hub admins and members of the group 'trainers' may open the class dashboard."
    """
    group = check_str("group", group)
    return f"Only hub admins and members of the group {group!r} may open the class dashboard."


def settings_from_env(environ: Mapping | None = None) -> dict:
    """The service's settings from the environment (see the module's docstring).

    Returns
    -------
    dict
        ``host``, ``port``, ``prefix`` (starting and ending with "/"),
        ``dsn`` (None when not set), ``group`` and ``refresh``.

    Examples
    --------
    >>> settings = settings_from_env({"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
    ...                               "JUPYTERHUB_SERVICE_PREFIX": "/services/dashboard"})
    >>> settings["port"], settings["prefix"], settings["group"], settings["refresh"]
    (10101, '/services/dashboard/', 'trainers', 15)
    """
    from .dashboard_page import DEFAULT_REFRESH

    if environ is None:
        environ = os.environ
    if not isinstance(environ, Mapping):
        raise TypeError(f"environ must be a mapping of names to values, got "
                        f"{type(environ).__name__} {shown(environ)}")
    url = environ.get("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:10101"
    if not isinstance(url, str):
        raise TypeError(f"JUPYTERHUB_SERVICE_URL must be a string, got {shown(url)}")
    parsed = urlparse(url)
    try:
        port = parsed.port
    except ValueError:
        port = None
    if parsed.scheme not in ("http", "https") or not parsed.hostname or port is None:
        raise ValueError(f"JUPYTERHUB_SERVICE_URL must be like http://127.0.0.1:10101, "
                         f"got {shown(url)}")
    prefix = environ.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    if not isinstance(prefix, str):
        raise TypeError(f"JUPYTERHUB_SERVICE_PREFIX must be a string, got {shown(prefix)}")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    group = environ.get("IMPLCOURSE_TRAINER_GROUP") or DEFAULT_GROUP
    group = check_str("IMPLCOURSE_TRAINER_GROUP", group)
    raw = environ.get("IMPLCOURSE_DASHBOARD_REFRESH") or str(DEFAULT_REFRESH)
    try:
        refresh = int(str(raw).strip())
    except ValueError:
        raise ValueError(f"IMPLCOURSE_DASHBOARD_REFRESH must be a whole number of seconds, "
                         f"got {shown(raw)}") from None
    refresh = check_int("IMPLCOURSE_DASHBOARD_REFRESH", refresh, minimum=1, maximum=3600)
    dsn = environ.get("IMPLCOURSE_DASHBOARD_DB") or None
    return {"host": parsed.hostname, "port": port, "prefix": prefix, "dsn": dsn,
            "group": group, "refresh": refresh}


# --------------------------------------------------------------------------
# The data, read at most every CACHE_SECONDS by all open pages together
# --------------------------------------------------------------------------

def _class_records(dsn):
    """Every participant's records; the trainers' own (``IMPLCOURSE_TRAINERS``, set
    by the hub) are left out, so a trainer trying an exercise is not counted."""
    from .db import class_records

    events, learners = class_records(dsn)
    trainers = {n.strip() for n in os.environ.get("IMPLCOURSE_TRAINERS", "").split(",")
                if n.strip()}
    if trainers:
        events = events[~events["learner"].isin(trainers)].reset_index(drop=True)
        learners = [name for name in learners if name not in trainers]
    return events, learners


class _Snapshot:
    """The last reading of the database (or why it failed), shared by all requests,
    with what was made from it (the sections, the summary, the CSV), made once
    per reading. Reading and making run in a thread, so the server stays free."""

    def __init__(self, records, dsn, cache_seconds: float) -> None:
        self.records = records
        self.dsn = dsn
        self.cache_seconds = cache_seconds
        self.read_at = None          # time.monotonic() of the last reading
        self.updated = None          # its wall-clock time (UTC)
        self.data = None             # (events, learners), or None after a failure
        self.views: dict = {}        # name -> what was made from this reading
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        fresh = self.read_at is not None and time.monotonic() - self.read_at < self.cache_seconds
        if fresh:
            return
        loop = asyncio.get_running_loop()
        try:
            self.data = await loop.run_in_executor(None, self.records, self.dsn)
        except Exception as err:  # any failure of the database: say so, retry later
            log.warning("could not read the class records: %s: %s", type(err).__name__, err)
            self.data = None
        self.read_at = time.monotonic()
        self.updated = datetime.now(timezone.utc)
        self.views = {}

    async def get(self):
        """(events, learners), or None if the database could not be read, and the time."""
        async with self._lock:
            await self._refresh()
            return self.data, self.updated

    async def view(self, name: str, make):
        """``make(data, updated)`` for the current reading, made once per reading."""
        async with self._lock:
            await self._refresh()
            if name not in self.views:
                loop = asyncio.get_running_loop()
                self.views[name] = await loop.run_in_executor(None, make, self.data,
                                                              self.updated)
            return self.views[name], self.data, self.updated


# --------------------------------------------------------------------------
# The handlers
# --------------------------------------------------------------------------

def _make_sections(data, updated) -> str:
    from . import dashboard_page

    if data is None:
        return dashboard_page.problem_sections(UNREACHABLE, updated=updated)
    events, learners = data
    try:
        return dashboard_page.sections(events, learners, updated=updated)
    except Exception:  # a record the views cannot handle: say so, keep serving
        log.exception("could not show the class records")
        return dashboard_page.problem_sections(UNSHOWABLE, updated=updated)


def _make_summary(data, updated) -> str | None:
    from . import classroom

    if data is None:
        return None
    summary = classroom.class_summary(*data)
    summary["updated"] = updated.isoformat()
    return json.dumps(summary, allow_nan=False, default=str)


def _make_csv(data, updated) -> str | None:
    from . import classroom

    return None if data is None else classroom.records_csv(data[0])


def _handler_classes():
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from tornado import web

    from . import dashboard_page

    class _Base(HubOAuthenticated, web.RequestHandler):
        """Identification by the hub (token header or OAuth cookie), then our check."""

        #: Whether a request without any identification goes to the hub's login
        #: (a browser opening the page) or gets 403 (the refresh and scripts).
        login_redirect = False

        def set_default_headers(self):
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Referrer-Policy", "no-referrer")
            self.set_header("X-Frame-Options", "SAMEORIGIN")

        def _allowed(self) -> bool:
            """True for a trainer; otherwise the response is sent (login or 403)."""
            user = self.current_user  # HubOAuthenticated.get_current_user (scopes checked)
            group = self.settings["implcourse_group"]
            if user is None:
                if self.login_redirect and not self.request.headers.get("Authorization"):
                    try:
                        self.redirect(self.get_login_url())
                        return False
                    except web.HTTPError:  # identified, but without the access scope
                        self._refuse(refusal(group))
                        return False
                # Not identified, or identified without the service's access scope.
                self._refuse(f"{refusal(group)} {NOT_LOGGED_IN}")
                return False
            if not is_trainer(user, group):
                log.warning("refused %s %s", user.get("kind", "user"), user.get("name"))
                self._refuse(refusal(group))
                return False
            return True

        def _refuse(self, sentence: str) -> None:
            self.clear()
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(sentence + "\n")

        def write_error(self, status_code, **kwargs):
            # A plain sentence, never a traceback (also with debug on).
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            if status_code == 403:
                self.finish(refusal(self.settings["implcourse_group"]) + "\n")
            else:
                self.finish(f"The dashboard could not answer ({status_code} {self._reason}).\n")

        async def _view(self, name, make):
            return await self.settings["implcourse_snapshot"].view(name, make)

        async def _sections(self) -> str:
            body, _, _ = await self._view("sections", _make_sections)
            return body

    class _Page(_Base):
        login_redirect = True

        async def get(self):
            if not self._allowed():
                return
            body = await self._sections()
            nonce = secrets.token_urlsafe(16)
            prefix = self.settings["implcourse_prefix"]
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Content-Security-Policy",
                            "default-src 'none'; connect-src 'self'; img-src 'self' data:; "
                            f"style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
                            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
            self.finish(dashboard_page.page(
                body, refresh=self.settings["implcourse_refresh"],
                fragment_url=prefix + "fragment", csv_url=prefix + "records.csv", nonce=nonce))

    class _Fragment(_Base):
        async def get(self):
            if not self._allowed():
                return
            body = await self._sections()
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(body)

    class _Summary(_Base):
        async def get(self):
            if not self._allowed():
                return
            text, data, updated = await self._view("summary", _make_summary)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            if data is None:
                self.set_status(503)
                self.finish(json.dumps({"error": UNREACHABLE, "updated": updated.isoformat()}))
                return
            self.finish(text)

    class _Records(_Base):
        login_redirect = True

        async def get(self):
            if not self._allowed():
                return
            text, data, updated = await self._view("csv", _make_csv)
            if data is None:
                self.set_status(503)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(UNREACHABLE + "\n")
                return
            name = f"implcourse-records-{updated.strftime('%Y%m%d-%H%M%S')}.csv"
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", f'attachment; filename="{name}"')
            self.finish(text)

    return {"page": _Page, "fragment": _Fragment, "summary": _Summary, "records": _Records,
            "callback": HubOAuthCallbackHandler, "base": _Base}


def make_app(*, prefix: str = "/", dsn: str | None = None, group: str = DEFAULT_GROUP,
             refresh: int = 15, records=None, cache_seconds: float = CACHE_SECONDS,
             cookie_secret: bytes | None = None):
    """The dashboard as a :class:`tornado.web.Application` (not yet listening).

    Parameters
    ----------
    prefix : str, default "/"
        The route prefix (the hub's ``JUPYTERHUB_SERVICE_PREFIX``).
    dsn : str, optional
        The read-all database URL, passed to ``records``.
    group : str, default "trainers"
        The hub group allowed besides the admins.
    refresh : int, default 15
        Seconds between the page's refreshes.
    records : callable, optional
        ``records(dsn) -> (events, learners)``; by default
        ``implcourse.workshop.db.class_records``. Called in a thread, at
        most every ``cache_seconds``.
    cache_seconds : float, default 2.0
    cookie_secret : bytes, optional
        Signs the OAuth state cookies; random for each start by default.

    Examples
    --------
    >>> app = make_app(prefix="/services/dashboard/", records=lambda dsn: (None, []))
    >>> app.settings["implcourse_prefix"]
    '/services/dashboard/'
    """
    from tornado import web

    from ..validation import check_number

    prefix = check_str("prefix", prefix)
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    if dsn is not None:
        dsn = check_str("dsn", dsn)
    group = check_str("group", group)
    refresh = check_int("refresh", refresh, minimum=1, maximum=3600)
    if records is None:
        records = _class_records
    elif not callable(records):
        raise TypeError(f"records must be a function dsn -> (events, learners), got "
                        f"{type(records).__name__} {shown(records)}")
    cache_seconds = check_number("cache_seconds", cache_seconds, minimum=0, maximum=3600)
    if cookie_secret is None:
        cookie_secret = secrets.token_bytes(32)
    elif not isinstance(cookie_secret, bytes) or len(cookie_secret) < 16:
        raise TypeError(f"cookie_secret must be at least 16 bytes, got "
                        f"{type(cookie_secret).__name__}")
    handlers = _handler_classes()
    routes = [
        (prefix, handlers["page"]),
        (prefix + "fragment", handlers["fragment"]),
        (prefix + "api/summary", handlers["summary"]),
        (prefix + "records.csv", handlers["records"]),
        (prefix + "oauth_callback", handlers["callback"]),
    ]
    if prefix != "/":
        routes.append((prefix.rstrip("/"), web.RedirectHandler, {"url": prefix}))
    return web.Application(
        routes, cookie_secret=cookie_secret, implcourse_prefix=prefix,
        implcourse_group=group, implcourse_refresh=refresh,
        implcourse_snapshot=_Snapshot(records, dsn, cache_seconds))


def main(argv: list[str] | None = None) -> int:
    """Start the service with the settings of :func:`settings_from_env`; runs until stopped."""
    import sys

    from tornado.ioloop import IOLoop

    # A hub started in the background passes "ignore SIGINT" on to its services,
    # which would make its shutdown wait; take back Python's own handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if argv not in (None, []):
        print("usage: python -m implcourse.workshop.dashboard_service (settings come from the "
              "environment; see the module's help)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="[dashboard %(levelname)s] %(message)s")
    try:
        settings = settings_from_env()
    except (TypeError, ValueError) as err:
        print(f"implcourse dashboard: {err}", file=sys.stderr)
        return 1
    if settings["dsn"] is None:
        log.warning("IMPLCOURSE_DASHBOARD_DB is not set: the page will say the database "
                    "cannot be reached")
    app = make_app(prefix=settings["prefix"], dsn=settings["dsn"], group=settings["group"],
                   refresh=settings["refresh"])
    # On Kubernetes the service URL names the hub's Service ("hub"), which is not an
    # address of the pod: the hub then says where to listen.
    listen = os.environ.get("IMPLCOURSE_DASHBOARD_LISTEN", "").strip() or settings["host"]
    app.listen(settings["port"], listen)
    log.info("class dashboard on %s:%s%s", settings["host"], settings["port"],
             settings["prefix"])
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main(__import__("sys").argv[1:]))
