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
exam would show.

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

from .validation import check_choice, check_str

__all__ = ["ProgressStore", "default_home", "record", "summary", "reset"]

Kind = Literal["exercise", "question"]
FILE_NAME = "progress.jsonl"


def default_home() -> Path:
    """The learner's implcourse folder: ``$IMPLCOURSE_HOME`` or ``~/.implcourse``."""
    env = os.environ.get("IMPLCOURSE_HOME")
    return Path(env) if env else Path.home() / ".implcourse"


def _is_record(entry: object) -> bool:
    """Whether a parsed line is a well-formed record (anything else is skipped)."""
    return (isinstance(entry, dict)
            and all(isinstance(entry.get(key), str) for key in ("item", "lesson", "topic"))
            and isinstance(entry.get("correct"), bool))


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
        """Per lesson and topic: items tried, right now, right first time.

        Returns
        -------
        pandas.DataFrame
            Indexed by (lesson, topic), with columns ``tried``,
            ``right_now``, ``right_first_time`` and ``first_time_rate``
            (0 to 1), sorted weakest first within each lesson. Empty (with
            those columns) when nothing is recorded yet.
        """
        import pandas as pd

        columns = ["tried", "right_now", "right_first_time", "first_time_rate"]
        records = self.records()
        if not records:
            index = pd.MultiIndex.from_tuples([], names=["lesson", "topic"])
            return pd.DataFrame(columns=columns, index=index)
        frame = pd.DataFrame(records)
        # An exercise and a question could share an id: keep them apart.
        frame["kind"] = frame.get("kind", pd.Series(index=frame.index, dtype=object))
        frame["kind"] = frame["kind"].fillna("exercise")
        grouped = frame.groupby(["lesson", "topic", "kind", "item"], sort=True)["correct"]
        per_item = pd.DataFrame({"first": grouped.first(), "last": grouped.last()})
        per_topic = per_item.groupby(level=["lesson", "topic"]).agg(
            tried=("last", "size"), right_now=("last", "sum"), right_first_time=("first", "sum"))
        per_topic = per_topic.astype(int)
        per_topic["first_time_rate"] = per_topic["right_first_time"] / per_topic["tried"]
        return per_topic.sort_values(["lesson", "first_time_rate"], kind="stable")[columns]

    def reset(self) -> None:
        """Delete the progress file; like :meth:`record`, never raises on I/O."""
        try:
            self.path.unlink()
        except OSError:
            pass


def record(kind: Kind, item: str, *, lesson: str, topic: str, correct: bool) -> None:
    """Record a result in the default store (see :class:`ProgressStore`)."""
    ProgressStore().record(kind, item, lesson=lesson, topic=topic, correct=correct)


def summary():
    """The default store's summary (see :meth:`ProgressStore.summary`)."""
    return ProgressStore().summary()


def reset() -> None:
    """Delete the default store's progress file."""
    ProgressStore().reset()
