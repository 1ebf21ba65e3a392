"""A learner's progress: every checked exercise and knowledge-check answer.

Results are appended, one JSON object per line, to ``progress.jsonl`` in the
learner's implcourse folder: ``$IMPLCOURSE_HOME`` if set, else
``~/.implcourse``. The file is theirs: it is never sent anywhere, and
deleting it (or calling :func:`reset`) starts afresh.

Recording never interrupts a lesson: if the folder cannot be written, the
result is simply not recorded.

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
import time
from pathlib import Path
from typing import Literal

from .validation import check_choice, check_str, shown

__all__ = ["ProgressStore", "default_home", "record", "record_solution_seen", "summary",
           "reset", "report", "next_step"]

Kind = Literal["exercise", "question"]
#: The kind of record written when a worked solution is shown.
SOLUTION = "solution"
FILE_NAME = "progress.jsonl"


def default_home() -> Path:
    """The learner's implcourse folder: ``$IMPLCOURSE_HOME`` or ``~/.implcourse``."""
    env = os.environ.get("IMPLCOURSE_HOME")
    return Path(env) if env else Path.home() / ".implcourse"


def _is_record(entry: object) -> bool:
    """Whether a parsed line is a well-formed record (anything else is skipped)."""
    return (isinstance(entry, dict)
            and all(isinstance(entry.get(key), str) for key in ("item", "lesson", "topic"))
            and (isinstance(entry.get("correct"), bool) or entry.get("kind") == SOLUTION))


class ProgressStore:
    """Append-only progress records in ``<home>/progress.jsonl``.

    Parameters
    ----------
    home : str or Path, optional
        The folder; by default :func:`default_home` (read at each call, so
        that changing ``IMPLCOURSE_HOME`` takes effect).
    """

    def __init__(self, home: str | Path | None = None) -> None:
        if home is not None and not isinstance(home, (str, Path)):
            raise TypeError(f"home must be a folder path, got {type(home).__name__}")
        self._home = Path(home) if home is not None else None

    @property
    def path(self) -> Path:
        """The progress file."""
        return (self._home or default_home()) / FILE_NAME

    def record(self, kind: Kind, item: str, *, lesson: str, topic: str, correct: bool) -> None:
        """Append one result. Fails silently if the file cannot be written."""
        kind = check_choice("kind", kind, ["exercise", "question"])
        entry = {"kind": kind, "item": check_str("item", item),
                 "lesson": check_str("lesson", lesson), "topic": check_str("topic", topic)}
        if not isinstance(correct, bool):
            raise TypeError(f"correct must be True or False, got {type(correct).__name__}")
        entry.update(correct=correct, time=round(time.time(), 3))
        self._append(entry)

    def record_solution_seen(self, item: str, *, lesson: str, topic: str) -> None:
        """Note that the worked solution of an exercise was shown.

        Like :meth:`record`, it fails silently if the file cannot be written.
        """
        entry = {"kind": SOLUTION, "item": check_str("item", item),
                 "lesson": check_str("lesson", lesson), "topic": check_str("topic", topic),
                 "time": round(time.time(), 3)}
        self._append(entry)

    def _append(self, entry: dict) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, sort_keys=True) + "\n")
        except OSError:
            return

    def records(self) -> list[dict]:
        """Every record, oldest first; unreadable lines are skipped."""
        try:
            # Damaged bytes are replaced, so only the lines they are on get skipped.
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        out = []
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if _is_record(entry):
                out.append(entry)
        return out

    def summary(self):
        """Per lesson and topic: items tried, right now, right first time, solutions seen.

        An item whose worked solution was seen before its first attempt is
        not counted as right first time.

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
        # Per item, in the order the records were written: its first and last
        # result, and whether (and when) its solution was seen. An exercise and
        # a question could share an id, so the kind is part of the key.
        items: dict[tuple, dict] = {}
        for entry in self.records():
            kind = entry.get("kind") or "exercise"
            key = (entry["lesson"], entry["topic"], "exercise" if kind == SOLUTION else kind,
                   entry["item"])
            state = items.setdefault(key, {"first": None, "last": None, "seen": False})
            if kind == SOLUTION:
                state["seen"] = True
            else:
                if state["first"] is None:
                    state["first"] = entry["correct"] and not state["seen"]
                state["last"] = entry["correct"]
        rows = [(lesson, topic, s["first"], s["last"], s["seen"])
                for (lesson, topic, _, _), s in items.items() if s["last"] is not None]
        seen_only = [(lesson, topic) for (lesson, topic, _, _), s in items.items()
                     if s["last"] is None]
        if not rows:
            index = pd.MultiIndex.from_tuples([], names=["lesson", "topic"])
            return pd.DataFrame(columns=columns, index=index)
        frame = pd.DataFrame(rows, columns=["lesson", "topic", "first", "last", "seen"])
        per_topic = frame.groupby(["lesson", "topic"], sort=True).agg(
            tried=("last", "size"), right_now=("last", "sum"),
            right_first_time=("first", "sum"), solutions_seen=("seen", "sum"))
        for lesson, topic in seen_only:  # solutions seen of items never answered
            if (lesson, topic) in per_topic.index:
                per_topic.loc[(lesson, topic), "solutions_seen"] += 1
        per_topic = per_topic.astype(int)
        per_topic["first_time_rate"] = per_topic["right_first_time"] / per_topic["tried"]
        return per_topic.sort_values(["lesson", "first_time_rate"], kind="stable")[columns]

    def reset(self) -> None:
        """Delete the progress file; like :meth:`record`, never raises on I/O."""
        try:
            self.path.unlink()
        except OSError:
            pass


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

    table = _store(store).summary()
    if table.empty:
        return None
    frame = table.reset_index()
    frame["lesson"] = [course.get_lesson(x).label if _known_lesson(x) else x
                       for x in frame["lesson"]]
    frame["topic"] = [course.topic_name(lesson, topic)
                      for lesson, topic in zip(table.index.get_level_values(0), frame["topic"])]
    frame = frame.set_index("lesson")
    return show(frame, percent=["first_time_rate"], decimals={"first_time_rate": 0},
                labels={"lesson": "Lesson", "first_time_rate": "First-time rate"})


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


def record_solution_seen(item: str, *, lesson: str, topic: str) -> None:
    """Record in the default store that a worked solution was shown."""
    ProgressStore().record_solution_seen(item, lesson=lesson, topic=topic)


def summary():
    """The default store's summary (see :meth:`ProgressStore.summary`)."""
    return ProgressStore().summary()


def reset() -> None:
    """Delete the default store's progress file."""
    ProgressStore().reset()
