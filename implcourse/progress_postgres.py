"""Progress records in a workshop's PostgreSQL database (issue 14).

On a workshop hub every participant's kernel records into one shared
database instead of a file of its own. The hub gives each participant a
database login of their own (see :mod:`implcourse.workshop.db`) and puts
its address in ``IMPLCOURSE_PROGRESS_URL``; :class:`implcourse.progress.ProgressStore`
then writes through this module. The tables are those of the single-user
SQLite file, at the same schema version, with one more column, ``learner``,
that the database fills with the login's name. Row-level security lets a
login read and write only the rows whose ``learner`` is itself, so a
participant's kernel, even with full Python, holds no credential that can
reach anyone else's records.

Why the writes cannot be lost
-----------------------------
A write is retried for up to :data:`RETRY_SECONDS` while the database is
unreachable (a restart takes about a second). If it still fails, it is kept
in a small SQLite *outbox* in the learner's implcourse folder and sent, in
the order it was made, before the next write or reading that reaches the
database. Every row carries an id made when the learner acted (``uid``), and
the database ignores a row whose id it already has, so a write that is sent
twice (its first acknowledgement lost in a restart) is stored once.

psycopg 3 is imported only when a workshop database is used.
"""

from __future__ import annotations

import atexit
import json
import random
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "OUTBOX_NAME", "RETRY_SECONDS", "is_postgres_url",
           "redact"]

#: How long one write keeps retrying an unreachable database before it is
#: kept in the outbox (seconds).
RETRY_SECONDS = 6.0
#: The outbox file, in the learner's implcourse folder.
OUTBOX_NAME = "workshop-outbox.sqlite3"

# The same tables as the SQLite store (implcourse.progress.MIGRATIONS), at the
# same versions, in PostgreSQL's dialect. ``learner`` is filled by the database
# with the login's name and checked by the row-level security policies that
# implcourse.workshop.db adds; ``correct`` and ``kind`` are constrained, so no
# row the summary cannot read can be written.
MIGRATIONS = [
    [
        """CREATE TABLE IF NOT EXISTS events (
            id BIGSERIAL PRIMARY KEY,
            learner TEXT NOT NULL DEFAULT current_user,
            at TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('exercise', 'question', 'solution')),
            item TEXT NOT NULL,
            lesson TEXT NOT NULL,
            topic TEXT NOT NULL,
            correct INTEGER CHECK ((kind = 'solution' AND correct IS NULL)
                                   OR (kind <> 'solution' AND correct IN (0, 1))),
            answer TEXT,
            seconds DOUBLE PRECISION
        )""",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    ],
    [
        """CREATE TABLE IF NOT EXISTS cards (
            learner TEXT NOT NULL DEFAULT current_user,
            card TEXT NOT NULL,
            state TEXT NOT NULL,
            due TEXT,
            updated TEXT,
            PRIMARY KEY (learner, card)
        )""",
        """CREATE TABLE IF NOT EXISTS reviews (
            id BIGSERIAL PRIMARY KEY,
            learner TEXT NOT NULL DEFAULT current_user,
            at TEXT,
            card TEXT,
            rating INTEGER,
            seconds DOUBLE PRECISION
        )""",
        """CREATE TABLE IF NOT EXISTS exams (
            id BIGSERIAL PRIMARY KEY,
            learner TEXT NOT NULL DEFAULT current_user,
            at TEXT,
            blueprint TEXT,
            questions INTEGER,
            correct INTEGER,
            minutes DOUBLE PRECISION,
            detail TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS lessons_done (
            learner TEXT NOT NULL DEFAULT current_user,
            lesson TEXT NOT NULL,
            at TEXT,
            PRIMARY KEY (learner, lesson)
        )""",
    ],
    # Version 3: an id made when the learner acted, so that a write sent again
    # (after a lost acknowledgement, or from the outbox) is stored once.
    [
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS uid TEXT UNIQUE",
        "ALTER TABLE reviews ADD COLUMN IF NOT EXISTS uid TEXT UNIQUE",
        "ALTER TABLE exams ADD COLUMN IF NOT EXISTS uid TEXT UNIQUE",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

#: The tables whose rows belong to one learner (row-level security applies).
LEARNER_TABLES = ("events", "cards", "reviews", "exams", "lessons_done")

SUMMARY_SQL = """
WITH p AS (
    SELECT lesson, topic, item,
           CASE kind WHEN 'solution' THEN 'exercise' ELSE kind END AS k,
           min(id) FILTER (WHERE kind <> 'solution') AS first_id,
           max(id) FILTER (WHERE kind <> 'solution') AS last_id,
           min(id) FILTER (WHERE kind = 'solution') AS seen_id
    FROM events GROUP BY 1, 2, 3, 4)
SELECT p.lesson, p.topic,
       count(p.last_id) AS tried,
       coalesce(sum(l.correct), 0) AS right_now,
       coalesce(sum(CASE WHEN f.correct = 1 AND (p.seen_id IS NULL OR p.seen_id > p.first_id)
                    THEN 1 ELSE 0 END), 0) AS right_first_time,
       count(p.seen_id) AS solutions_seen
FROM p
LEFT JOIN events AS f ON f.id = p.first_id
LEFT JOIN events AS l ON l.id = p.last_id
GROUP BY p.lesson, p.topic
HAVING count(p.last_id) > 0
ORDER BY p.lesson, p.topic
"""

_INSERT = {
    "events": ("INSERT INTO events (uid, at, kind, item, lesson, topic, correct, answer, seconds)"
               " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uid) DO NOTHING"),
    "reviews": ("INSERT INTO reviews (uid, at, card, rating, seconds) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (uid) DO NOTHING"),
    "cards": ("INSERT INTO cards (card, state, due, updated) VALUES (%s, %s, %s, %s) "
              "ON CONFLICT (learner, card) DO UPDATE SET state = excluded.state, "
              "due = excluded.due, updated = excluded.updated"),
    "exams": ("INSERT INTO exams (uid, at, blueprint, questions, correct, minutes, detail) "
              "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uid) DO NOTHING"),
    "lessons_done": ("INSERT INTO lessons_done (lesson, at) VALUES (%s, %s) "
                     "ON CONFLICT (learner, lesson) DO NOTHING"),
}


def is_postgres_url(url: object) -> bool:
    """Whether ``url`` names a PostgreSQL database (``postgresql://`` or ``postgres://``).

    Examples
    --------
    >>> is_postgres_url("postgresql://ada@127.0.0.1:5432/course"), is_postgres_url("sqlite:///x")
    (True, False)
    """
    return isinstance(url, str) and url.lower().startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A database URL without its password, for messages.

    Examples
    --------
    >>> redact("postgresql://ada:secret@127.0.0.1:5432/course")
    'postgresql://ada@127.0.0.1:5432/course'
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a string, got {type(url).__name__}")
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}@{host}").geturl()


def new_uid() -> str:
    """A fresh row id (a random UUID as text)."""
    return uuid.uuid4().hex


# One connection per database URL and process, shared by the stores of that
# process under a lock (a kernel makes one write at a time; the load test's
# threads each have a login of their own).
_CONNECTIONS: dict[str, tuple[object, threading.Lock]] = {}
_CONNECTIONS_LOCK = threading.Lock()


def _close_all() -> None:
    """Close every cached connection (at the end of the process)."""
    for box, _lock in list(_CONNECTIONS.values()):
        conn, box[0] = box[0], None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail
                pass


def _slot(url: str) -> tuple[list, threading.Lock]:
    with _CONNECTIONS_LOCK:
        if not _CONNECTIONS:
            atexit.register(_close_all)
        if url not in _CONNECTIONS:
            _CONNECTIONS[url] = ([None], threading.Lock())
        return _CONNECTIONS[url]


class Unreachable(Exception):
    """The database could not be reached within the retry time."""


class PostgresBackend:
    """Reads and writes one learner's records in the workshop database.

    Used by :class:`implcourse.progress.ProgressStore`; not meant to be
    called directly.

    Parameters
    ----------
    url : str
        The learner's database URL (``postgresql://role:password@host:port/db``).
    outbox : Path
        The outbox file for writes that could not be sent yet.
    """

    def __init__(self, url: str, outbox: Path) -> None:
        self.url = url
        self.outbox = Path(outbox)
        self._box, self._lock = _slot(url)

    # ------------------------------------------------------------ connection

    def _connect(self):
        import psycopg

        conn = self._box[0]
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                pass
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=3,
                               application_name="implcourse")
        self._box[0] = conn
        return conn

    def _drop(self) -> None:
        conn, self._box[0] = self._box[0], None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass

    def _retrying(self, work, seconds: float | None = None):
        """Run ``work(conn)``, reconnecting and retrying with backoff while the
        database is unreachable; raise :class:`Unreachable` after ``seconds``
        (:data:`RETRY_SECONDS` by default)."""
        import psycopg

        deadline = time.monotonic() + (RETRY_SECONDS if seconds is None else seconds)
        delay = 0.05
        while True:
            try:
                return work(self._connect())
            except (psycopg.OperationalError, psycopg.InterfaceError) as err:
                self._drop()
                if time.monotonic() + delay > deadline:
                    raise Unreachable(str(err).strip().splitlines()[0] if str(err).strip()
                                      else type(err).__name__) from None
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 1.0)

    # ------------------------------------------------------------ writing

    def write(self, changes: list[tuple[str, tuple]]) -> bool:
        """Write ``changes`` (table, row) in one transaction, after anything waiting
        in the outbox. Returns True if sent, False if kept in the outbox."""
        with self._lock:
            # While earlier writes wait in the outbox the database is known to be
            # down: try once, so that each click does not wait the retry time again.
            seconds = 0.0 if self.pending() else None
            try:
                self._retrying(lambda conn: self._send(conn, changes), seconds)
                return True
            except Unreachable:
                self._keep(changes)
                return False

    def _send(self, conn, changes) -> None:
        self._flush(conn)
        self._apply(conn, changes)

    @staticmethod
    def _apply(conn, changes) -> None:
        with conn.transaction():
            with conn.cursor() as cur:
                for table, row in changes:
                    cur.execute(_INSERT[table], row)

    def _keep(self, changes) -> None:
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.outbox, timeout=30, isolation_level=None)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY, "
                       "url TEXT NOT NULL, changes TEXT NOT NULL)")
            db.execute("INSERT INTO pending (url, changes) VALUES (?, ?)",
                       (redact(self.url), json.dumps(changes)))
        finally:
            db.close()

    def pending(self) -> int:
        """How many writes wait in the outbox for this database."""
        if not self.outbox.is_file():
            return 0
        db = sqlite3.connect(self.outbox, timeout=30, isolation_level=None)
        try:
            return db.execute("SELECT count(*) FROM pending WHERE url = ?",
                              (redact(self.url),)).fetchone()[0]
        except sqlite3.DatabaseError:  # no table yet, or a damaged file (set aside when sending)
            return 0
        finally:
            db.close()

    def _flush(self, conn) -> None:
        """Send the outbox's writes for this database, oldest first; each is
        deleted once the database has it (sending one twice stores it once)."""
        if not self.outbox.is_file():
            return
        db = sqlite3.connect(self.outbox, timeout=30, isolation_level=None)
        try:
            try:
                rows = db.execute("SELECT seq, changes FROM pending WHERE url = ? ORDER BY seq",
                                  (redact(self.url),)).fetchall()
            except sqlite3.OperationalError as err:
                if "no such table" in str(err):
                    return
                raise
            except sqlite3.DatabaseError:  # not an outbox: kept aside, never deleted
                db.close()
                self.outbox.replace(self.outbox.with_name(
                    f"{self.outbox.stem}.damaged-{int(time.time())}{self.outbox.suffix}"))
                return
            for seq, text in rows:
                self._apply(conn, [(table, tuple(row)) for table, row in json.loads(text)])
                db.execute("DELETE FROM pending WHERE seq = ?", (seq,))
        finally:
            db.close()

    def reset(self) -> None:
        """Delete every record of this learner (the policies limit it to theirs)."""
        def delete(conn):
            self._flush(conn)
            with conn.transaction():
                for table in LEARNER_TABLES:
                    conn.execute(f"DELETE FROM {table}")

        with self._lock:
            self._retrying(delete)

    # ------------------------------------------------------------ reading

    def read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of ``sql`` (after sending the outbox); raises :class:`Unreachable`."""
        def query(conn):
            self._flush(conn)
            with conn.transaction():
                return conn.execute(sql, params).fetchall()

        with self._lock:
            return self._retrying(query)

