"""The workshop's shared progress database: schema, logins and privacy.

Design choice (issue 14): **a database login per participant, with
row-level security**, created by the hub each time it starts a
participant's server. We chose it over a hub service that writes on the
learners' behalf because

- the database itself enforces who reads what: a mistake in our code, or
  a participant's own Python in their kernel, cannot reach another
  participant's rows, since the only credential in their server is their
  own login, and the policies admit only rows whose ``learner`` is that login;
- a kernel writes straight to PostgreSQL through the same
  :class:`~implcourse.progress.ProgressStore` as on a laptop, with no extra
  process on the path that could be down or slow (the load test measures it);
- the hub only needs an administrator's URL in its own environment, which is
  never passed to participants' servers.

Roles, all created by :func:`migrate`:

``implcourse_learner``
    a group role (no login) holding the rights on the learner tables; each
    participant's login (:func:`provision_learner`) is a member, with a new
    random password at every server start and a connection limit.
``implcourse_trainer``
    a group role that may read every row (the class dashboard's login,
    :func:`provision_reader`, is a member). It cannot write.

The administrator's URL (a superuser, or the owner of the database with
CREATEROLE) is used only by the hub and by these functions.

psycopg 3 is imported inside the functions.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import quote, urlsplit

from ..progress_postgres import LEARNER_TABLES, MIGRATIONS, SCHEMA_VERSION, is_postgres_url
from ..validation import check_int, check_str, shown

__all__ = ["LEARNER_GROUP", "TRAINER_GROUP", "migrate", "role_name", "provision_learner",
           "provision_reader", "learner_url", "class_records"]

LEARNER_GROUP = "implcourse_learner"
TRAINER_GROUP = "implcourse_trainer"
#: Connections one participant's login may hold at once (kernels, the CLI).
CONNECTION_LIMIT = 12
#: Seconds after which the server closes a login's idle connection.
IDLE_SECONDS = 300


def _check_url(name: str, url: object) -> str:
    if not isinstance(url, str):
        raise TypeError(f"{name} must be a postgresql:// URL, got {type(url).__name__} "
                        f"{shown(url)}")
    if not is_postgres_url(url):
        raise ValueError(f"{name} must be a postgresql:// URL, got {shown(url[:40])}")
    return url


def role_name(username: str) -> str:
    """The database login of a hub user: ``ic_`` and a hash of the name.

    Every login name can be listed by every other login (PostgreSQL's
    ``pg_roles``), so it carries no part of the participant's name; the
    ``learners`` table, which only the trainers' login reads, maps it back.
    A hub user name may hold any character; a login name fits in 63 bytes.

    Examples
    --------
    >>> role_name("ada")
    'ic_fdee430d40bd57deeac186cd'
    >>> role_name("Ada Lovelace") != role_name("ada lovelace")
    True
    """
    username = check_str("username", username)
    return "ic_" + hashlib.sha256(username.encode("utf-8")).hexdigest()[:24]


def learner_url(admin_url: str, role: str, password: str) -> str:
    """The admin URL's host, port and database, with another login.

    Examples
    --------
    >>> learner_url("postgresql://admin:pw@127.0.0.1:5432/course", "ic_ada_1", "s3cret")
    'postgresql://ic_ada_1:s3cret@127.0.0.1:5432/course'
    """
    parts = urlsplit(_check_url("admin_url", admin_url))
    role = check_str("role", role)
    password = check_str("password", password)
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{quote(role, safe='')}:{quote(password, safe='')}@{host}"
                          ).geturl()


def _connect(admin_url: str):
    import psycopg

    return psycopg.connect(admin_url, autocommit=True, connect_timeout=10,
                           application_name="implcourse-hub")


def migrate(admin_url: str) -> int:
    """Create or update the tables, the group roles and the privacy policies.

    Safe to run again and by several hubs at once (an advisory lock keeps
    them in turn). Returns the schema version now in place.
    """
    from psycopg import sql

    admin_url = _check_url("admin_url", admin_url)
    with _connect(admin_url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('implcourse-migrate'))")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                     (str(SCHEMA_VERSION),))
        conn.execute("""CREATE TABLE IF NOT EXISTS learners (
            role TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, first_start TEXT,
            last_start TEXT)""")
        for group in (LEARNER_GROUP, TRAINER_GROUP):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (group,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
        learner, trainer = sql.Identifier(LEARNER_GROUP), sql.Identifier(TRAINER_GROUP)
        database = conn.execute("SELECT current_database()").fetchone()[0]
        # Only the workshop's own logins may connect, and nobody makes temporary tables.
        conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
            sql.Identifier(database)))
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
            sql.Identifier(database), learner, trainer))
        # Nothing for anyone else in this database's public schema.
        conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(learner, trainer))
        for table in LEARNER_TABLES:
            name = sql.Identifier(table)
            conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
            conn.execute(sql.SQL("DROP POLICY IF EXISTS own_rows ON {}").format(name))
            conn.execute(sql.SQL("CREATE POLICY own_rows ON {} FOR ALL TO {} "
                                 "USING (learner = current_user) "
                                 "WITH CHECK (learner = current_user)").format(name, learner))
            conn.execute(sql.SQL("DROP POLICY IF EXISTS trainer_reads ON {}").format(name))
            conn.execute(sql.SQL("CREATE POLICY trainer_reads ON {} FOR SELECT TO {} "
                                 "USING (true)").format(name, trainer))
            rights = "SELECT, INSERT, UPDATE, DELETE" if table == "cards" else \
                "SELECT, INSERT, DELETE"
            conn.execute(sql.SQL(f"GRANT {rights} ON {{}} TO {{}}").format(name, learner))
            conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, trainer))
        conn.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            learner))
        conn.execute(sql.SQL("GRANT SELECT ON learners, meta TO {}").format(trainer))
    return SCHEMA_VERSION


def _set_login(conn, role: str, password: str, *, group: str, limit: int) -> None:
    from psycopg import sql

    row = conn.execute("SELECT rolsuper OR rolbypassrls OR rolreplication OR rolcreaterole "
                       "OR rolcreatedb FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if row is None:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                             "NOREPLICATION NOBYPASSRLS CONNECTION LIMIT {} PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(limit), sql.Literal(password)))
    else:
        # An existing login keeps its (checked) attributes: only a superuser may
        # restate NOSUPERUSER and the like, and the hub's login need not be one.
        if row[0]:
            raise PermissionError(f"the database login {role!r} has more rights than a "
                                  "participant's may have; it was left as it is")
        conn.execute(sql.SQL("ALTER ROLE {} LOGIN CONNECTION LIMIT {} PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(limit), sql.Literal(password)))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))
    # A kernel keeps its connection between writes; the server closes one left
    # idle this long (the store reconnects at the next write), so a room's open
    # but quiet kernels do not hold connections all day.
    conn.execute(sql.SQL("ALTER ROLE {} SET idle_session_timeout = {}").format(
        sql.Identifier(role), sql.Literal(f"{IDLE_SECONDS}s")))


def provision_learner(admin_url: str, username: str) -> str:
    """Give a hub user a database login of their own, with a new password.

    The hub calls this each time it starts the user's server and passes the
    URL returned (and nothing else about the database) to that server as
    ``IMPLCOURSE_PROGRESS_URL``. A login made for an earlier server stops
    working for new connections.

    Returns
    -------
    str
        ``postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE`` for that user.
    """
    admin_url = _check_url("admin_url", admin_url)
    role = role_name(username)
    password = secrets.token_urlsafe(24)
    with _connect(admin_url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (role,))
        _set_login(conn, role, password, group=LEARNER_GROUP, limit=CONNECTION_LIMIT)
        conn.execute("INSERT INTO learners (role, username, first_start, last_start) "
                     "VALUES (%s, %s, now()::text, now()::text) ON CONFLICT (role) "
                     "DO UPDATE SET last_start = excluded.last_start", (role, username))
    return learner_url(admin_url, role, password)


def provision_reader(admin_url: str, role: str = "implcourse_dashboard",
                     connection_limit: int = 10) -> str:
    """A login that reads every participant's records (the class dashboard's),
    with a new password; returns its URL."""
    admin_url = _check_url("admin_url", admin_url)
    role = check_str("role", role)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role) or role.startswith("ic_"):
        raise ValueError(f"role must be lower-case letters, digits and _ (not starting ic_), "
                         f"got {shown(role)}")
    limit = check_int("connection_limit", connection_limit, minimum=1, maximum=1000)
    password = secrets.token_urlsafe(24)
    with _connect(admin_url) as conn, conn.transaction():
        _set_login(conn, role, password, group=TRAINER_GROUP, limit=limit)
    return learner_url(admin_url, role, password)


_CLASS_SQL = """
SELECT coalesce(l.username, e.learner) AS learner, e.id, e.at, e.kind, e.item, e.lesson,
       e.topic, e.correct, e.answer, e.seconds
FROM events AS e LEFT JOIN learners AS l ON l.role = e.learner
ORDER BY e.id
"""


def class_records(url: str):
    """Every participant's events, and every participant who has started a server.

    Parameters
    ----------
    url : str
        A login that may read every row (:func:`provision_reader`).

    Returns
    -------
    events : pandas.DataFrame
        ``learner`` (hub user name), ``id``, ``at`` (UTC), ``kind``, ``item``,
        ``lesson``, ``topic``, ``correct`` (boolean, missing for a solution
        seen), ``answer`` and ``seconds``, oldest first.
    learners : list of str
        The hub user names of every participant, sorted.
    """
    import pandas as pd
    import psycopg

    url = _check_url("url", url)
    with psycopg.connect(url, autocommit=True, connect_timeout=5,
                         application_name="implcourse-dashboard") as conn:
        with conn.transaction():  # one snapshot for both
            rows = conn.execute(_CLASS_SQL).fetchall()
            names = [r[0] for r in conn.execute(
                "SELECT username FROM learners ORDER BY username").fetchall()]
    columns = ["learner", "id", "at", "kind", "item", "lesson", "topic", "correct", "answer",
               "seconds"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["id"] = frame["id"].astype("int64")
    frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="ISO8601")
    frame["correct"] = frame["correct"].map(
        lambda v: pd.NA if v is None else bool(v)).astype("boolean")
    frame["seconds"] = pd.to_numeric(frame["seconds"], errors="coerce").astype("float64")
    return frame, names
