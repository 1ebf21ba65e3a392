"""A learner's progress: every checked exercise and knowledge-check answer.

Results are kept in an SQLite database, ``progress.sqlite3``, in the
learner's implcourse folder: ``$IMPLCOURSE_HOME`` if set, else
``~/.implcourse`` (a relative or ``~`` value is made absolute, so the
``implcourse`` command and every notebook kernel use the same file). The
file is theirs: it is never sent anywhere, and :func:`reset` starts afresh.
Results written by older versions to ``progress.jsonl`` in the same folder
are imported once; that file is kept.

Several kernels may record at the same time: each result is written in one
short transaction, and a busy database is waited for, never reported.
Recording never interrupts a lesson: if the folder cannot be written, the
learner is told once (a :class:`ProgressWarning`) and the result is not
recorded. A damaged or foreign file in place of the database is never
overwritten: reading it raises a :class:`~implcourse.content.ContentError`
naming the file. A damaged row is skipped and counted (:attr:`ProgressStore.skipped`).

The summary is deliberately honest. For each topic it reports how many
items were tried, how many are right *now* (latest attempt) and how many
were right *at the first attempt*, which is the better guide to what an
exam would show. Worked solutions seen are recorded too: a first attempt
made after seeing the solution does not count as right first time.

Examples
--------
>>> import tempfile, os
>>> store = ProgressStore(tempfile.mkdtemp())
>>> store.record("exercise", "01.order", lesson="01", topic="phases", correct=False)
>>> store.record("exercise", "01.order", lesson="01", topic="phases", correct=True)
>>> store.summary().loc[("01", "phases"), ["tried", "right_now", "right_first_time"]].tolist()
[1, 1, 0]
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from .validation import check_choice, check_number, check_str, shown

__all__ = ["ProgressStore", "ProgressWarning", "default_home", "record", "record_attempt",
           "record_solution_seen", "record_lesson_done", "summary", "reset", "report",
           "next_step", "skipped_note", "save_problem", "RATINGS"]

Kind = Literal["exercise", "question"]
#: The kind of record written when a worked solution is shown.
SOLUTION = "solution"
#: The kinds of event the summary reads; a row of another kind is skipped and counted.
KINDS = ("exercise", "question", SOLUTION)
FILE_NAME = "progress.sqlite3"
#: The environment variable a workshop hub sets: where every kernel records.
URL_VARIABLE = "IMPLCOURSE_PROGRESS_URL"
#: The file of older versions, imported once.
JSONL_NAME = "progress.jsonl"
#: How long one write waits for another kernel's write (seconds), in all.
BUSY_SECONDS = 10.0

# A row the summary can read: a known kind, text ids, a 0/1 result for an answer.
def _valid(row: str) -> str:
    return (f"coalesce((typeof({row}item) = 'text' AND typeof({row}lesson) = 'text' "
            f"AND typeof({row}topic) = 'text' AND ({row}kind = 'solution' OR ({row}kind IN "
            f"('exercise', 'question') AND typeof({row}correct) = 'integer' "
            f"AND {row}correct IN (0, 1)))), 0)")


_VALID = _valid("")

# The summary is kept up to date as events are written (a trigger), so that a
# report over a long history reads one row per item, not every event. ``tally``
# counts the events it has seen ("rows") and the unreadable ones ("bad"); when
# "rows" differs from the number of events (a row changed or deleted by another
# program), the item table is rebuilt from the events.
_ITEM_UPSERT = f"""
    INSERT INTO item_state (lesson, topic, k, item, first_id, first_correct, last_id,
                            last_correct, seen_id)
    SELECT NEW.lesson, NEW.topic,
           CASE NEW.kind WHEN 'solution' THEN 'exercise' ELSE NEW.kind END, NEW.item,
           CASE WHEN NEW.kind <> 'solution' THEN NEW.id END,
           CASE WHEN NEW.kind <> 'solution' THEN NEW.correct END,
           CASE WHEN NEW.kind <> 'solution' THEN NEW.id END,
           CASE WHEN NEW.kind <> 'solution' THEN NEW.correct END,
           CASE WHEN NEW.kind = 'solution' THEN NEW.id END
    WHERE {_valid("NEW.")}
    ON CONFLICT (lesson, topic, k, item) DO UPDATE SET
        first_id = coalesce(first_id, excluded.first_id),
        first_correct = CASE WHEN first_id IS NULL THEN excluded.first_correct
                             ELSE first_correct END,
        last_id = coalesce(excluded.last_id, last_id),
        last_correct = CASE WHEN excluded.last_id IS NOT NULL THEN excluded.last_correct
                            ELSE last_correct END,
        seen_id = coalesce(seen_id, excluded.seen_id)"""

# Each entry brings the schema from version i to i + 1 (PRAGMA user_version).
MIGRATIONS = [
    [
        """CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            at TEXT,
            kind TEXT,
            item TEXT,
            lesson TEXT,
            topic TEXT,
            correct INTEGER,
            answer TEXT,
            seconds REAL
        )""",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
        """CREATE TABLE IF NOT EXISTS item_state (
            lesson TEXT, topic TEXT, k TEXT, item TEXT,
            first_id INTEGER, first_correct INTEGER, last_id INTEGER, last_correct INTEGER,
            seen_id INTEGER,
            PRIMARY KEY (lesson, topic, k, item)
        ) WITHOUT ROWID""",
        "CREATE TABLE IF NOT EXISTS tally (name TEXT PRIMARY KEY, n INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO tally (name, n) VALUES ('rows', 0), ('bad', 0)",
        f"""CREATE TRIGGER IF NOT EXISTS events_insert AFTER INSERT ON events BEGIN
            UPDATE tally SET n = n + 1 WHERE name = 'rows' AND n >= 0;
            UPDATE tally SET n = n + 1 WHERE name = 'bad' AND NOT {_valid("NEW.")};
            {_ITEM_UPSERT};
        END""",
        """CREATE TRIGGER IF NOT EXISTS events_update AFTER UPDATE ON events BEGIN
            UPDATE tally SET n = -1 WHERE name = 'rows';
        END""",
        """CREATE TRIGGER IF NOT EXISTS events_delete AFTER DELETE ON events BEGIN
            UPDATE tally SET n = -1 WHERE name = 'rows';
        END""",
    ],
    # Version 2: flashcards (FSRS card states and their review log), practice
    # exams and lessons marked complete. They are kept apart from ``events``,
    # whose rows feed the mastery summary.
    [
        """CREATE TABLE IF NOT EXISTS cards (
            card TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            due TEXT,
            updated TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS reviews (
            id INTEGER PRIMARY KEY,
            at TEXT,
            card TEXT,
            rating INTEGER,
            seconds REAL
        )""",
        """CREATE TABLE IF NOT EXISTS exams (
            id INTEGER PRIMARY KEY,
            at TEXT,
            blueprint TEXT,
            questions INTEGER,
            correct INTEGER,
            minutes REAL,
            detail TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS lessons_done (
            lesson TEXT PRIMARY KEY,
            at TEXT
        )""",
    ],
    # Version 3: a row id made when the learner acted. A workshop database
    # (implcourse.progress_postgres) ignores a row it already has, so a write
    # sent twice is stored once; a single-user file leaves it empty.
    [
        "ALTER TABLE events ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS events_uid ON events (uid)",
        "ALTER TABLE reviews ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_uid ON reviews (uid)",
        "ALTER TABLE exams ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS exams_uid ON exams (uid)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables of version 2, read as empty from an older file that cannot be upgraded.
_V2_TABLES = ("cards", "reviews", "exams", "lessons_done")
#: Flashcard ratings, as FSRS numbers them.
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}

_SQLITE_HEADER = b"SQLite format 3\x00"
_warned: set[tuple[str, str]] = set()
_last_problem: str | None = None


def save_problem() -> str | None:
    """Why the last result could not be saved in this session, in plain words, or
    None if every result so far was saved (for a tool to show next to its answer;
    the same text is also given once as a :class:`ProgressWarning`).

    Examples
    --------
    >>> save_problem() is None or save_problem().startswith("Your progress")
    True
    """
    return _last_problem


class ProgressWarning(UserWarning):
    """Progress could not be saved (shown once per file and problem)."""


def default_home() -> Path:
    """The learner's implcourse folder: ``$IMPLCOURSE_HOME`` or ``~/.implcourse``.

    A relative or ``~`` value is expanded and made absolute, so that the
    command line and every kernel agree.

    Examples
    --------
    >>> import os
    >>> os.environ.get("IMPLCOURSE_HOME") is None or default_home().is_absolute()
    True
    """
    env = os.environ.get("IMPLCOURSE_HOME")
    return Path(env).expanduser().resolve() if env else (Path.home() / ".implcourse").resolve()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _is_record(entry: object) -> bool:
    """Whether a parsed JSON line is a well-formed record (anything else is skipped)."""
    return (isinstance(entry, dict)
            and all(isinstance(entry.get(key), str) for key in ("item", "lesson", "topic"))
            and (isinstance(entry.get("correct"), bool) or entry.get("kind") == SOLUTION)
            and (entry.get("kind") or "exercise") in KINDS)


def _jsonl_rows(path: Path) -> tuple[list[tuple], int]:
    """The valid records of an old ``progress.jsonl`` as event rows, and how many
    non-blank lines were skipped (a torn last line, damaged bytes, missing keys)."""
    try:
        # Damaged bytes are replaced, so only the lines they are on get skipped.
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [], 0
    rows, skipped = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            skipped += 1
            continue
        if not _is_record(entry):
            skipped += 1
            continue
        stamp = entry.get("time")
        try:
            at = (datetime.fromtimestamp(float(stamp), timezone.utc)
                  .isoformat(timespec="milliseconds")
                  if isinstance(stamp, (int, float)) and not isinstance(stamp, bool) else None)
        except (ValueError, OverflowError, OSError):
            at = None
        kind = entry.get("kind") or "exercise"
        correct = None if kind == SOLUTION else int(entry["correct"])
        rows.append((at, kind, entry["item"], entry["lesson"], entry["topic"], correct,
                     None, None))
    return rows, skipped


def _locked(err: Exception) -> bool:
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _content_error(path: Path, message: str) -> ValueError:
    from .content import ContentError  # only on this rare path: content loads pydantic

    return ContentError(str(path), message)


# The item table rebuilt from every event (after another program changed rows).
_REBUILD_SQL = f"""
INSERT INTO {{schema}}item_state
SELECT p.lesson, p.topic, p.k, p.item, p.first_id, f.correct, p.last_id, l.correct, p.seen_id
FROM (SELECT lesson, topic, item,
             CASE kind WHEN 'solution' THEN 'exercise' ELSE kind END AS k,
             min(CASE WHEN kind <> 'solution' THEN id END) AS first_id,
             max(CASE WHEN kind <> 'solution' THEN id END) AS last_id,
             min(CASE WHEN kind = 'solution' THEN id END) AS seen_id
      FROM events WHERE {_VALID} GROUP BY lesson, topic, k, item) AS p
LEFT JOIN events AS f ON f.id = p.first_id
LEFT JOIN events AS l ON l.id = p.last_id
"""
_SUMMARY_SQL = """
SELECT lesson, topic,
       count(last_id) AS tried,
       coalesce(sum(last_correct), 0) AS right_now,
       coalesce(sum(CASE WHEN first_correct = 1 AND (seen_id IS NULL OR seen_id > first_id)
                    THEN 1 ELSE 0 END), 0) AS right_first_time,
       count(seen_id) AS solutions_seen
FROM item_state
GROUP BY lesson, topic
HAVING count(last_id) > 0
ORDER BY lesson, topic
"""
_SKIPPED_SQL = f"SELECT count(*) FROM events WHERE NOT {_VALID}"
_EVENT_COLUMNS = ["id", "at", "kind", "item", "lesson", "topic", "correct", "answer", "seconds"]


class ProgressStore:
    """The progress records in ``<home>/progress.sqlite3``.

    Parameters
    ----------
    home : str or Path, optional
        The folder; by default :func:`default_home` (read at each call, so
        that changing ``IMPLCOURSE_HOME`` takes effect). A relative or ``~``
        value is made absolute now.
    path : str or Path, optional
        The database file itself, instead of ``home``.
    url : str, optional
        Where the records are, as a URL: ``sqlite:///FILE`` (a file, as
        ``path``) or ``postgresql://USER:PASSWORD@HOST:PORT/DATABASE`` (a
        workshop's shared database, see :mod:`implcourse.progress_postgres`).
        Give at most one of ``home``, ``path`` and ``url``. With none, the URL
        in ``$IMPLCOURSE_PROGRESS_URL`` is used if it is set (a workshop hub
        sets it for every participant), else the file in :func:`default_home`.
        With a ``postgresql://`` URL, ``home`` is where writes that could not be
        sent yet wait (the outbox).

    Attributes
    ----------
    skipped : int
        How many records the last reading skipped because they could not be
        read (damaged rows, and damaged lines of an imported ``progress.jsonl``).
    """

    def __init__(self, home: str | Path | None = None, *, path: str | Path | None = None,
                 url: str | None = None) -> None:
        if home is not None and not isinstance(home, (str, Path)):
            raise TypeError(f"home must be a folder path, got {type(home).__name__} {shown(home)}")
        if path is not None and not isinstance(path, (str, Path)):
            raise TypeError(f"path must be a file path, got {type(path).__name__} {shown(path)}")
        if url is not None and not isinstance(url, str):
            raise TypeError(f"url must be a string, got {type(url).__name__} {shown(url)}")
        given = [name for name, value in (("home", home), ("path", path), ("url", url))
                 if value is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of home, path and url (got {' and '.join(given)})")
        for name, value in (("home", home), ("path", path), ("url", url)):
            if isinstance(value, str) and not value.strip():
                raise ValueError(f"{name} must not be empty (you entered {value!r})")
        from_env = False
        if not given and os.environ.get(URL_VARIABLE, "").strip():
            url, from_env = os.environ[URL_VARIABLE].strip(), True
        self._pg = None
        self._url = None
        if url is not None:
            path = self._url_target(url, from_env)
        self._home = Path(home).expanduser().resolve() if home is not None else None
        self._file = Path(path).expanduser().resolve() if path is not None else None
        self.skipped = 0

    def _url_target(self, url: str, from_env: bool) -> Path | None:
        """The file of a ``sqlite:///`` URL; for ``postgresql://``, set up the backend."""
        from . import progress_postgres

        name = f"${URL_VARIABLE}" if from_env else "url"
        if url.lower().startswith("sqlite:///"):
            file = url[len("sqlite:///"):]
            if not file.strip() or file.strip() in (":memory:",):
                raise ValueError(f"{name} must name a file after sqlite:///, got {shown(url)}")
            return Path(file)  # sqlite:///relative/file or sqlite:////absolute/file
        if progress_postgres.is_postgres_url(url):
            self._url = url
            self._pg = progress_postgres.PostgresBackend(
                url, default_home() / progress_postgres.OUTBOX_NAME)
            return None
        raise ValueError(f"{name} must start with sqlite:/// or postgresql://, got "
                         f"{shown(progress_postgres.redact(url))}")

    @property
    def path(self) -> Path:
        """The progress database file (for a workshop database, its outbox file)."""
        if self._pg is not None:
            return self._pg.outbox
        if self._file is not None:
            return self._file
        return (self._home or default_home()) / FILE_NAME

    @property
    def location(self) -> str:
        """Where the records are, for messages: the file, or the workshop
        database's URL without its password."""
        if self._pg is not None:
            from .progress_postgres import redact

            return f"the workshop database {redact(self._url)}"
        return str(self.path)

    def pending(self) -> int:
        """How many results wait to be sent to the workshop database (0 for a file).

        Examples
        --------
        >>> import tempfile
        >>> ProgressStore(tempfile.mkdtemp()).pending()
        0
        """
        return self._pg.pending() if self._pg is not None else 0

    # ------------------------------------------------------------------ writing

    def record(self, kind: Kind, item: str, *, lesson: str, topic: str, correct: bool) -> None:
        """Record one result. If it cannot be saved, says so once and goes on."""
        kind = check_choice("kind", kind, ["exercise", "question"])
        row = (kind, check_str("item", item), check_str("lesson", lesson),
               check_str("topic", topic), _check_correct(correct), None, None)
        self._save(row)

    def record_attempt(self, question_id: str, correct: bool, answer: str = "",
                       seconds: float | None = None, *, lesson: str, topic: str) -> None:
        """Record an answer to a question, with the answer given and the time taken.

        It counts in the summary as a knowledge-check answer. Like
        :meth:`record`, it says once if it cannot save, and never raises then.

        Parameters
        ----------
        question_id : str
        correct : bool
        answer : str, default ""
            The answer as the learner gave it.
        seconds : float, optional
            The time taken to answer (0 or more).
        lesson, topic : str

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_attempt("q-01-1", True, "B", 12.5, lesson="01", topic="phases")
        >>> store.attempts()[["item", "correct", "answer", "seconds"]].values.tolist()
        [['q-01-1', True, 'B', 12.5]]
        """
        question_id = check_str("question_id", question_id)
        correct = _check_correct(correct)
        if not isinstance(answer, str):
            raise TypeError(f"answer must be a string, got {type(answer).__name__} {shown(answer)}")
        if seconds is not None:
            seconds = check_number("seconds", seconds, minimum=0)
        row = ("question", question_id, check_str("lesson", lesson), check_str("topic", topic),
               correct, answer, seconds)
        self._save(row)

    def record_attempts(self, attempts) -> None:
        """Record several answers at once, in one transaction (a finished exam's).

        Parameters
        ----------
        attempts : list of dict
            Each with ``question_id``, ``correct``, ``lesson`` and ``topic``,
            and optionally ``answer`` and ``seconds``, as :meth:`record_attempt`
            takes them. Every one is checked before anything is written.

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_attempts([
        ...     {"question_id": "q1", "correct": True, "lesson": "01", "topic": "phases"},
        ...     {"question_id": "q2", "correct": False, "answer": "C", "lesson": "01",
        ...      "topic": "roles"}])
        >>> store.attempts()["item"].tolist()
        ['q1', 'q2']
        """
        if isinstance(attempts, (str, bytes, dict)) or not isinstance(attempts, (list, tuple)):
            raise TypeError(f"attempts must be a list of dicts, got {type(attempts).__name__} "
                            f"{shown(attempts)}")
        rows = []
        for index, entry in enumerate(attempts, start=1):
            if not isinstance(entry, dict):
                raise TypeError(f"attempts item {index} must be a dict, got "
                                f"{type(entry).__name__} {shown(entry)}")
            unknown = set(entry) - {"question_id", "correct", "answer", "seconds", "lesson",
                                    "topic"}
            if unknown:
                raise ValueError(f"attempts item {index} has unknown keys {sorted(unknown)}")
            answer = entry.get("answer", "")
            if not isinstance(answer, str):
                raise TypeError(f"attempts item {index}: answer must be a string, got "
                                f"{type(answer).__name__} {shown(answer)}")
            seconds = entry.get("seconds")
            if seconds is not None:
                seconds = check_number(f"attempts item {index} seconds", seconds, minimum=0)
            rows.append(("question", check_str("question_id", entry.get("question_id")),
                         check_str("lesson", entry.get("lesson")),
                         check_str("topic", entry.get("topic")),
                         _check_correct(entry.get("correct")), answer, seconds))
        if not rows:
            return
        if self._pg is not None:
            at = _now()
            self._pg_write([("events", _pg_event(at, row)) for row in rows])
            return

        def insert(conn: sqlite3.Connection) -> None:
            at = _now()
            conn.executemany("INSERT INTO events (at, kind, item, lesson, topic, correct, "
                             "answer, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [(at, *row) for row in rows])

        self._try_write(insert)

    def record_solution_seen(self, item: str, *, lesson: str, topic: str) -> None:
        """Note that the worked solution of an exercise was shown.

        Like :meth:`record`, it says once if it cannot save, and never raises then.
        """
        row = (SOLUTION, check_str("item", item), check_str("lesson", lesson),
               check_str("topic", topic), None, None, None)
        self._save(row)

    def record_review(self, card: str, rating: int, state: dict, *,
                      seconds: float | None = None) -> None:
        """Record one flashcard review and the card's new scheduling state, together.

        Parameters
        ----------
        card : str
            The card's id (a glossary term's id).
        rating : int
            1 again, 2 hard, 3 good, 4 easy (FSRS's ratings).
        state : dict
            The card's state after the review, as ``fsrs.Card.to_dict()``
            gives it (kept as JSON; see :mod:`implcourse.flashcards`).
        seconds : float, optional
            Time taken to answer.

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_review("npv", 3, {"due": "2026-01-02T00:00:00+00:00"})
        >>> store.reviews()[["card", "rating"]].values.tolist()
        [['npv', 3]]
        >>> store.card_states()["npv"]["due"]
        '2026-01-02T00:00:00+00:00'
        """
        card = check_str("card", card)
        if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
            raise ValueError(f"rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy), "
                             f"got {shown(rating)}")
        if not isinstance(state, dict):
            raise TypeError(f"state must be a dict (a card's to_dict()), got "
                            f"{type(state).__name__} {shown(state)}")
        try:
            text = json.dumps(state, allow_nan=False, sort_keys=True)
        except (TypeError, ValueError) as err:
            raise ValueError(f"state must hold only JSON values ({err})") from None
        if seconds is not None:
            seconds = check_number("seconds", seconds, minimum=0)
        due = state.get("due") if isinstance(state.get("due"), str) else None
        if self._pg is not None:
            from .progress_postgres import new_uid

            self._pg_write([("reviews", (new_uid(), _now(), card, rating, seconds)),
                            ("cards", (card, text, due, _now()))])
            return

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT INTO reviews (at, card, rating, seconds) VALUES (?, ?, ?, ?)",
                         (_now(), card, rating, seconds))
            conn.execute("INSERT INTO cards (card, state, due, updated) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (card) DO UPDATE SET state = excluded.state, "
                         "due = excluded.due, updated = excluded.updated",
                         (card, text, due, _now()))

        self._try_write(write)

    def record_exam(self, blueprint: str, questions: int, correct: int, *,
                    minutes: float | None = None, detail: dict | None = None) -> None:
        """Record one finished practice exam.

        Parameters
        ----------
        blueprint : str
            The blueprint's id.
        questions, correct : int
            Questions asked, and answered right (0 <= correct <= questions).
        minutes : float, optional
            Time taken.
        detail : dict, optional
            JSON-able breakdown (for example the percentage per domain).

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_exam("course", 20, 15, minutes=24.5, detail={"people": 0.8})
        >>> store.exams()[["blueprint", "questions", "correct", "percent"]].values.tolist()
        [['course', 20, 15, 75.0]]
        """
        from .validation import check_int

        blueprint = check_str("blueprint", blueprint)
        questions = check_int("questions", questions, minimum=1, maximum=100_000)
        correct = check_int("correct", correct, minimum=0, maximum=questions)
        if minutes is not None:
            minutes = check_number("minutes", minutes, minimum=0)
        if detail is not None and not isinstance(detail, dict):
            raise TypeError(f"detail must be a dict, got {type(detail).__name__} {shown(detail)}")
        try:
            text = json.dumps(detail or {}, allow_nan=False, sort_keys=True)
        except (TypeError, ValueError) as err:
            raise ValueError(f"detail must hold only JSON values ({err})") from None
        if self._pg is not None:
            from .progress_postgres import new_uid

            self._pg_write([("exams", (new_uid(), _now(), blueprint, questions, correct,
                                       minutes, text))])
            return
        self._try_write(lambda conn: conn.execute(
            "INSERT INTO exams (at, blueprint, questions, correct, minutes, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)", (_now(), blueprint, questions, correct, minutes, text)))

    def record_lesson_done(self, lesson: str) -> None:
        """Mark a lesson as completed (again: the first time is kept).

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_lesson_done("01")
        >>> store.lessons_done()["lesson"].tolist()
        ['01']
        """
        lesson = check_str("lesson", lesson)
        if self._pg is not None:
            self._pg_write([("lessons_done", (lesson, _now()))])
            return
        self._try_write(lambda conn: conn.execute(
            "INSERT OR IGNORE INTO lessons_done (lesson, at) VALUES (?, ?)", (lesson, _now())))

    def _pg_write(self, changes: list) -> None:
        """Send ``changes`` to the workshop database; if it cannot be reached they
        wait in the outbox (never an error for the learner)."""
        global _last_problem
        import psycopg

        try:
            sent = self._pg.write(changes)
        except psycopg.Error as err:  # refused (not unreachable): say so once
            self._warn("refused", f"{self.location} refused it "
                                  f"({str(err).strip().splitlines()[0] if str(err).strip() else err})")
            return
        except (sqlite3.Error, OSError) as err:  # the outbox in the learner's folder
            self._warn("outbox", f"the database cannot be reached and {self._pg.outbox} "
                                 f"cannot be written ({err})")
            return
        _last_problem = None if sent else (
            "Your progress is kept on this computer for now: the workshop database cannot be "
            "reached. It is sent by itself as soon as it can be.")

    def _save(self, row: tuple) -> None:
        if self._pg is not None:
            self._pg_write([("events", _pg_event(_now(), row))])
            return

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT INTO events (at, kind, item, lesson, topic, correct, answer, "
                         "seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (_now(), *row))

        self._try_write(insert)

    def _try_write(self, action) -> bool:
        """Run ``action`` in one write transaction; on failure warn once, return False."""
        global _last_problem
        try:
            self._write(action)
            _last_problem = None
            return True
        except ValueError as err:  # a foreign or damaged file (ContentError)
            self._warn("damaged", f"{err}")
        except sqlite3.OperationalError as err:
            if _locked(err):
                self._warn("busy", f"the progress file {self.path} stayed busy for too long")
            elif "readonly" in str(err).lower() or "read-only" in str(err).lower():
                self._warn("readonly", f"the progress file {self.path} is read-only")
            else:
                self._warn("open", f"the progress file {self.path} cannot be written ({err})")
        except sqlite3.DatabaseError as err:
            self._warn("damaged", str(_content_error(
                self.path, f"the progress database is damaged ({err}); it was left as it is")))
        except OSError as err:
            folder = self.path.parent
            blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if blocker is not None and not blocker.is_dir():
                self._warn("folder", f"{blocker} is a file, so the folder {folder} cannot "
                                     "be made there")
            else:
                self._warn("folder", f"the folder {folder} cannot be written "
                                     f"({err.strerror or err})")
        return False

    def _warn(self, problem: str, text: str) -> None:
        global _last_problem
        _last_problem = f"Your progress is not being saved: {text}."
        key = (str(self.path), problem)
        if key in _warned:
            return
        _warned.add(key)
        advice = ("Tell your trainer" if self._pg is not None else
                  "Set IMPLCOURSE_HOME to a folder you can write to")
        warnings.warn(f"Your progress is not being saved: {text}. {advice}. "
                      "(This message is shown once.)", ProgressWarning, stacklevel=4)

    def _check_file(self) -> bool:
        """Whether the database file exists; a file that is not one is refused, untouched."""
        path = self.path
        if not path.exists():
            return False
        if not path.is_file():
            raise _content_error(path, "the progress database is not a file; it was left as "
                                       "it is (move it away to start a new record)")
        try:
            with path.open("rb") as handle:
                head = handle.read(len(_SQLITE_HEADER))
        except OSError as err:
            raise _content_error(path, f"the progress database cannot be read "
                                       f"({err.strerror or err})") from None
        if head and head != _SQLITE_HEADER:
            raise _content_error(path, "this is not a progress database (not an SQLite file); "
                                       "it was left as it is: move or rename it to start a new "
                                       "record")
        return True

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = %d" % int(BUSY_SECONDS * 1000))
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses no commit
        except BaseException:
            conn.close()
            raise
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date and import ``progress.jsonl`` once, in one
        transaction (nothing to do, and no lock taken, when both are done)."""
        jsonl = self.path.parent / JSONL_NAME
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION and not (jsonl.is_file() and not _imported(conn)):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            if version < SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if jsonl.is_file() and not _imported(conn):
                _import_jsonl(conn, jsonl)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _write(self, action) -> None:
        """One short write transaction, retried with backoff while another
        kernel holds the database (so "database is locked" never reaches a learner)."""
        self._check_file()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + 3 * BUSY_SECONDS
        delay = 0.002
        while True:
            try:
                conn = self._connect()
                try:
                    self._prepare(conn)
                    conn.execute("BEGIN IMMEDIATE")
                    action(conn)
                    conn.execute("COMMIT")
                    return
                finally:
                    conn.close()  # an unfinished transaction is rolled back
            except sqlite3.OperationalError as err:
                if not _locked(err) or time.monotonic() > deadline:
                    raise
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.25)

    # ------------------------------------------------------------------ reading

    def _pg_read(self, sql: str) -> list[tuple]:
        """Rows of ``sql`` from the workshop database (this learner's only)."""
        from .progress_postgres import Unreachable

        import psycopg

        try:
            rows = self._pg.read(sql)
        except (sqlite3.Error, OSError, psycopg.Error) as err:  # the outbox, or a refusal
            raise _content_error(self.location, f"your records cannot be read ({err})") from None
        except Unreachable as err:
            raise _content_error(self.location, f"the workshop database cannot be reached "
                                                f"({err}); your new results are kept on this "
                                                "computer and sent when it is back") from None
        self.skipped = 0  # the database's constraints admit no unreadable row
        return rows

    def _read(self, query):
        """Run ``query(conn)`` on the database (or, if there is none yet, on the
        records of an old ``progress.jsonl`` or on nothing) and count skipped rows."""
        exists = self._check_file()
        jsonl = self.path.parent / JSONL_NAME
        if not exists and jsonl.is_file():
            exists = self._try_write(lambda conn: None)  # create it and import the file
        if not exists:
            return self._read_memory(query, jsonl)
        deadline = time.monotonic() + 3 * BUSY_SECONDS
        delay = 0.002
        while True:
            try:
                conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
                try:
                    try:
                        self._prepare(conn)
                    except sqlite3.OperationalError as err:  # a read-only file: read it as is
                        if _locked(err):
                            raise
                    if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                    "AND name = 'events'").fetchone()[0] == 0:
                        return self._read_memory(query, jsonl)
                    _refresh(conn)
                    conn.execute("BEGIN")  # one snapshot for the count and the query
                    self.skipped = _bad_rows(conn) + _import_skipped(conn)
                    result = query(conn)
                    conn.execute("COMMIT")
                    return result
                finally:
                    conn.close()
            except sqlite3.OperationalError as err:
                if _locked(err) and time.monotonic() < deadline:
                    time.sleep(delay * random.uniform(0.5, 1.5))
                    delay = min(delay * 2, 0.25)
                    continue
                raise _content_error(self.path, f"the progress database cannot be read "
                                                f"({err}); it was left as it is") from None
            except sqlite3.DatabaseError as err:
                raise _content_error(self.path, f"the progress database is damaged ({err}); "
                                                "it was left as it is: move or rename it to "
                                                "start a new record") from None

    def _read_memory(self, query, jsonl: Path):
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            for statements in MIGRATIONS:
                for statement in statements:
                    conn.execute(statement)
            if jsonl.is_file():
                _import_jsonl(conn, jsonl)
            self.skipped = _bad_rows(conn) + _import_skipped(conn)
            return query(conn)
        finally:
            conn.close()

    def records(self) -> list[dict]:
        """Every readable record, oldest first, as dictionaries (unreadable rows are
        skipped and counted in :attr:`skipped`).

        Each has ``kind``, ``item``, ``lesson``, ``topic``, ``correct`` (not
        for a solution seen), ``time`` (seconds since 1970, or None) and ``at``.
        """
        def query(conn):
            return conn.execute(f"SELECT at, kind, item, lesson, topic, correct FROM events "
                                f"WHERE coalesce(({_VALID}), 0) ORDER BY id").fetchall()

        out = []
        rows = (self._pg_read("SELECT at, kind, item, lesson, topic, correct FROM events "
                              "ORDER BY id") if self._pg is not None else self._read(query))
        for at, kind, item, lesson, topic, correct in rows:
            entry = {"kind": kind, "item": item, "lesson": lesson, "topic": topic}
            if kind != SOLUTION:
                entry["correct"] = bool(correct)
            entry.update(time=_timestamp(at), at=at)
            out.append(entry)
        return out

    def events(self):
        """Every readable event as a DataFrame, oldest first.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``at`` (UTC time), ``kind``, ``item``, ``lesson``,
            ``topic``, ``correct`` (True/False, missing for a solution seen),
            ``answer`` and ``seconds`` (missing when not given).

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record("exercise", "01.a", lesson="01", topic="phases", correct=True)
        >>> store.record_solution_seen("01.a", lesson="01", topic="phases")
        >>> store.events()["kind"].tolist()
        ['exercise', 'solution']
        """
        import pandas as pd

        def query(conn):
            return conn.execute(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events "
                                f"WHERE coalesce(({_VALID}), 0) ORDER BY id").fetchall()

        rows = (self._pg_read(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events ORDER BY id")
                if self._pg is not None else self._read(query))
        frame = pd.DataFrame.from_records(rows, columns=_EVENT_COLUMNS)
        frame["id"] = frame["id"].astype("int64")
        frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="ISO8601")
        frame["correct"] = frame["correct"].astype("boolean")
        frame["answer"] = frame["answer"].astype(object).where(
            frame["answer"].map(lambda v: isinstance(v, str)), None)
        frame["seconds"] = pd.to_numeric(frame["seconds"], errors="coerce").astype("float64")
        return frame

    def attempts(self):
        """The answers (exercise checks and questions) of :meth:`events`, oldest first.

        Examples
        --------
        >>> import tempfile
        >>> store = ProgressStore(tempfile.mkdtemp())
        >>> store.record_solution_seen("01.a", lesson="01", topic="phases")
        >>> len(store.attempts())
        0
        """
        frame = self.events()
        return frame[frame["kind"] != SOLUTION].reset_index(drop=True)

    def _table(self, sql: str, columns: list[str]):
        """Rows of one of the version-2 tables as a DataFrame (empty when the
        file is older and cannot be upgraded, or nothing is recorded)."""
        import pandas as pd

        def query(conn):
            table = next(name for name in _V2_TABLES if f" {name} " in f" {sql} ")
            if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                            "AND name = ?", (table,)).fetchone()[0] == 0:
                return []
            return conn.execute(sql).fetchall()

        rows = self._pg_read(sql) if self._pg is not None else self._read(query)
        return pd.DataFrame.from_records(rows, columns=columns)

    def reviews(self):
        """The flashcard review log, oldest first: ``at``, ``card``, ``rating``
        (1 again to 4 easy), ``rating_name`` and ``seconds``."""
        import pandas as pd

        frame = self._table("SELECT at, card, rating, seconds FROM reviews ORDER BY id",
                            ["at", "card", "rating", "seconds"])
        frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="ISO8601")
        frame["rating"] = pd.to_numeric(frame["rating"], errors="coerce").astype("Int64")
        frame["rating_name"] = frame["rating"].map(lambda r: RATINGS.get(r) if pd.notna(r)
                                                   else None)
        frame["seconds"] = pd.to_numeric(frame["seconds"], errors="coerce").astype("float64")
        return frame

    def card_states(self) -> dict[str, dict]:
        """Each reviewed card's latest scheduling state (``fsrs.Card.to_dict()``), by
        card id. A state that cannot be read is skipped and counted in :attr:`skipped`."""
        frame = self._table("SELECT card, state FROM cards ORDER BY card", ["card", "state"])
        out, bad = {}, 0
        for card, text in frame.itertuples(index=False):
            try:
                state = json.loads(text)
            except (TypeError, ValueError):
                state = None
            if isinstance(card, str) and isinstance(state, dict):
                out[card] = state
            else:
                bad += 1
        self.skipped += bad
        return out

    def exams(self):
        """Finished practice exams, oldest first: ``at``, ``blueprint``, ``questions``,
        ``correct``, ``percent``, ``minutes`` and ``detail`` (a dict)."""
        import pandas as pd

        frame = self._table("SELECT at, blueprint, questions, correct, minutes, detail FROM exams "
                            "ORDER BY id",
                            ["at", "blueprint", "questions", "correct", "minutes", "detail"])
        frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="ISO8601")
        for name in ("questions", "correct"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
        usable = (frame["questions"] > 0) & frame["correct"].between(0, frame["questions"])
        self.skipped += int((~usable).sum())
        frame = frame[usable].reset_index(drop=True)
        frame["questions"] = frame["questions"].astype("int64")
        frame["correct"] = frame["correct"].astype("int64")
        frame["percent"] = 100.0 * frame["correct"] / frame["questions"]
        frame["minutes"] = pd.to_numeric(frame["minutes"], errors="coerce").astype("float64")
        frame["detail"] = frame["detail"].map(_json_dict)
        return frame[["at", "blueprint", "questions", "correct", "percent", "minutes", "detail"]]

    def lessons_done(self):
        """Lessons marked complete, in lesson order: ``lesson`` and ``at``."""
        import pandas as pd

        frame = self._table("SELECT lesson, at FROM lessons_done ORDER BY lesson",
                            ["lesson", "at"])
        frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="ISO8601")
        return frame

    def summary(self):
        """Per lesson and topic: items tried, right now, right first time, solutions seen.

        An item whose worked solution was seen before its first attempt is
        not counted as right first time. The counting is done by the database,
        so a long history stays quick.

        Returns
        -------
        pandas.DataFrame
            Indexed by (lesson, topic), with columns ``tried``,
            ``right_now``, ``right_first_time``, ``first_time_rate`` (0 to 1)
            and ``solutions_seen``, sorted weakest first within each lesson.
            Empty (with those columns) when nothing is recorded yet.
        """
        import pandas as pd

        columns = ["tried", "right_now", "right_first_time", "first_time_rate",
                   "solutions_seen"]
        if self._pg is not None:
            from .progress_postgres import SUMMARY_SQL

            rows = self._pg_read(SUMMARY_SQL)
        else:
            rows = self._read(lambda conn: conn.execute(_SUMMARY_SQL).fetchall())
        if not rows:
            index = pd.MultiIndex.from_tuples([], names=["lesson", "topic"])
            return pd.DataFrame(columns=columns, index=index)
        per_topic = pd.DataFrame(rows, columns=["lesson", "topic", "tried", "right_now",
                                                "right_first_time", "solutions_seen"])
        per_topic = per_topic.set_index(["lesson", "topic"]).astype(int)
        per_topic["first_time_rate"] = per_topic["right_first_time"] / per_topic["tried"]
        return per_topic.sort_values(["lesson", "first_time_rate"], kind="stable")[columns]

    def reset(self) -> None:
        """Delete every record (an old ``progress.jsonl`` is kept but not imported again).

        Like :meth:`record`, it says once if the file cannot be written. A
        file that is not a progress database is left untouched
        (:class:`~implcourse.content.ContentError`).
        """
        if self._pg is not None:
            from .progress_postgres import Unreachable

            try:
                self._pg.reset()
            except Unreachable as err:
                self._warn("unreachable", f"{self.location} cannot be reached ({err}); "
                                          "nothing was deleted")
            return
        self._check_file()
        if not self.path.exists() and not (self.path.parent / JSONL_NAME).is_file():
            return  # nothing recorded: nothing to create
        def delete(conn: sqlite3.Connection) -> None:
            for table in _V2_TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM events")
            conn.execute("DELETE FROM item_state")
            conn.execute("UPDATE tally SET n = 0")

        self._try_write(delete)


def _pg_event(at: str, row: tuple) -> tuple:
    """An event row for the workshop database: (uid, at, kind, item, lesson, topic,
    correct as 0/1 or None, answer, seconds)."""
    from .progress_postgres import new_uid

    kind, item, lesson, topic, correct, answer, seconds = row
    return (new_uid(), at, kind, item, lesson, topic,
            None if correct is None else int(correct), answer, seconds)


def _json_dict(text: object) -> dict:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {}


def _check_correct(correct: object) -> bool:
    if not isinstance(correct, bool):
        raise TypeError(f"correct must be True or False, got {type(correct).__name__} "
                        f"{shown(correct)}")
    return correct


def _stale(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT n FROM tally WHERE name = 'rows'").fetchone()
    return row is None or row[0] != conn.execute("SELECT count(*) FROM events").fetchone()[0]


def _rebuild(conn: sqlite3.Connection, schema: str = "") -> None:
    conn.execute(f"DELETE FROM {schema}item_state")
    conn.execute(_REBUILD_SQL.format(schema=schema))
    conn.execute(f"DELETE FROM {schema}tally")
    conn.execute(f"INSERT INTO {schema}tally (name, n) VALUES ('rows', "
                 f"(SELECT count(*) FROM main.events)), ('bad', ({_SKIPPED_SQL}))")


def _refresh(conn: sqlite3.Connection) -> None:
    """Rebuild the item table if another program changed or deleted events; in a
    file that cannot be written, rebuild it for this reading only (in memory)."""
    if not _stale(conn):
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _stale(conn):
                _rebuild(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError as err:
        if _locked(err):
            raise
        for statement in MIGRATIONS[0][2:4]:  # item_state and tally, as temporary tables
            conn.execute(statement.replace("CREATE TABLE IF NOT EXISTS ",
                                           "CREATE TEMP TABLE IF NOT EXISTS "))
        _rebuild(conn, "temp.")


def _bad_rows(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT n FROM tally WHERE name = 'bad'").fetchone()
    return int(row[0]) if row else 0


def _imported(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = 'jsonl_imported'").fetchone() \
            is not None
    except sqlite3.OperationalError:  # no meta table yet
        return False


def _import_skipped(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'jsonl_skipped'").fetchone()
    except sqlite3.OperationalError:
        return 0
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def _import_jsonl(conn: sqlite3.Connection, jsonl: Path) -> None:
    """Copy the valid lines of an old ``progress.jsonl``; the caller's transaction
    also records that it was done, so it is done once."""
    rows, skipped = _jsonl_rows(jsonl)
    conn.executemany("INSERT INTO events (at, kind, item, lesson, topic, correct, answer, "
                     "seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [("jsonl_imported", _now()), ("jsonl_lines", str(len(rows))),
                      ("jsonl_skipped", str(skipped))])


def _timestamp(at: object) -> float | None:
    if not isinstance(at, str):
        return None
    try:
        return round(datetime.fromisoformat(at).timestamp(), 3)
    except ValueError:
        return None
def _store(store: object) -> "ProgressStore":
    """``store`` if it is a :class:`ProgressStore`, the default store for None."""
    if store is None:
        return ProgressStore()
    if not isinstance(store, ProgressStore):
        raise TypeError(f"store must be a ProgressStore or None, got {type(store).__name__} "
                        f"{shown(store)}")
    return store


def report(store: ProgressStore | None = None):
    """The progress summary as a person reads it: topic names, per cent, weakest first.

    Returns
    -------
    implcourse.tables.Table or None
        None when nothing is recorded yet.

    Examples
    --------
    >>> import tempfile
    >>> store = ProgressStore(tempfile.mkdtemp())
    >>> store.record("exercise", "01.x", lesson="01", topic="critical_path", correct=True)
    >>> report(store).columns
    ['Topic', 'Tried', 'Right now', 'Right first time', 'First-time rate', 'Solutions seen']
    """
    from . import course
    from .tables import show

    store = _store(store)
    table = store.summary()
    if table.empty:
        return None
    frame = table.reset_index()
    frame["lesson"] = [course.get_lesson(x).label if _known_lesson(x) else x
                       for x in frame["lesson"]]
    frame["topic"] = [course.topic_name(lesson, topic)
                      for lesson, topic in zip(table.index.get_level_values(0), frame["topic"])]
    frame = frame.set_index("lesson")
    return show(frame, percent=["first_time_rate"], decimals={"first_time_rate": 0},
                labels={"lesson": "Lesson", "first_time_rate": "First-time rate"},
                caption=skipped_note(store) or None)


def skipped_note(store: ProgressStore | None = None) -> str:
    """A sentence saying how many records the last reading of ``store`` skipped
    (damaged rows or lines), or "" when none were.

    Examples
    --------
    >>> import tempfile
    >>> store = ProgressStore(tempfile.mkdtemp())
    >>> store.summary().empty, skipped_note(store)
    (True, '')
    """
    n = _store(store).skipped
    if not n:
        return ""
    return (f"{n} record{'s' if n != 1 else ''} could not be read and "
            f"{'were' if n != 1 else 'was'} skipped; the rest is shown.")


def _known_lesson(lesson_id: str) -> bool:
    from . import course

    return any(lesson.id == lesson_id for lesson in course.load_course())


def next_step(store: ProgressStore | None = None) -> str:
    """One sentence: the weakest topic so far and where to work on it.

    Examples
    --------
    >>> import tempfile
    >>> next_step(ProgressStore(tempfile.mkdtemp()))
    'Nothing recorded yet: check an exercise or answer a knowledge check.'
    """
    from . import course

    table = _store(store).summary()
    if table.empty:
        return "Nothing recorded yet: check an exercise or answer a knowledge check."
    lesson, topic = table.sort_values("first_time_rate", kind="stable").index[0]
    rate = table.loc[(lesson, topic), "first_time_rate"]
    where = course.get_lesson(lesson).label if _known_lesson(lesson) else f"lesson {lesson}"
    return (f"Weakest topic so far: {course.topic_name(lesson, topic)} ({where}), right at "
            f"the first attempt {rate:.0%} of the time. Reread that section, redo its "
            "worked example by hand, then try its exercise again.")


def record(kind: Kind, item: str, *, lesson: str, topic: str, correct: bool) -> None:
    """Record a result in the default store (see :class:`ProgressStore`)."""
    ProgressStore().record(kind, item, lesson=lesson, topic=topic, correct=correct)


def record_attempt(question_id: str, correct: bool, answer: str = "",
                   seconds: float | None = None, *, lesson: str, topic: str) -> None:
    """Record an answer to a question in the default store (see
    :meth:`ProgressStore.record_attempt`)."""
    ProgressStore().record_attempt(question_id, correct, answer, seconds, lesson=lesson,
                                   topic=topic)


def record_solution_seen(item: str, *, lesson: str, topic: str) -> None:
    """Record in the default store that a worked solution was shown."""
    ProgressStore().record_solution_seen(item, lesson=lesson, topic=topic)


def record_lesson_done(lesson: str) -> None:
    """Mark a lesson complete in the default store (a whole knowledge check answered)."""
    ProgressStore().record_lesson_done(lesson)


def summary():
    """The default store's summary (see :meth:`ProgressStore.summary`)."""
    return ProgressStore().summary()


def reset() -> None:
    """Delete every record of the default store (see :meth:`ProgressStore.reset`)."""
    ProgressStore().reset()
