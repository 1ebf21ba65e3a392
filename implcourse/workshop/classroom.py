"""The whole room's progress at a glance: what the trainer's dashboard shows.

Every function takes the workshop's progress events as one table (one row
per event of every participant, as :func:`implcourse.workshop.db.class_records`
reads them) and the list of participants, and returns plain pandas tables or
Python values; the page (:mod:`implcourse.workshop.dashboard_page`) formats
them. Nothing here draws or serves anything.

The counting rule is the learner's own (:meth:`implcourse.progress.ProgressStore.summary`):
for each participant and item (an exercise or a question) the *first*
attempt and the *latest* attempt count. An item is **right now** when its
latest attempt is right, and **right first time** when its first attempt is
right and the worked solution was not seen before it. The solution of an
item counts as seen whatever the attempts.

Rows that cannot be read (an unknown kind, a missing id, a missing result
for an answer) are left out, as the learner's own report leaves them out.

Examples
--------
>>> events = example_events()
>>> by_learner(events, ["ada", "ben", "cy"])[["items_attempted", "right_first_time"]]
         items_attempted  right_first_time
learner
ada                    2                 1
ben                    1                 0
cy                     0                 0
>>> not_started(events, ["ada", "ben", "cy"])
['cy']
"""

from __future__ import annotations

import functools

import math
import re
from datetime import datetime

import pandas as pd

from ..validation import check_int, check_items, check_number, check_str, shown

__all__ = ["EVENT_COLUMNS", "by_lesson", "by_exercise", "by_learner", "most_missed", "not_started",
           "quiet", "mastery", "records_csv", "class_summary", "participants", "example_events",
           "missed_threshold", "short_lesson_label", "MIN_ATTEMPTS", "MIN_SHARE", "QUIET_MINUTES"]

#: The columns an events table must have (more are allowed and ignored).
EVENT_COLUMNS = ("learner", "id", "at", "kind", "item", "lesson", "topic", "correct",
                 "answer", "seconds")
_KINDS = ("exercise", "question", "solution")
#: The longest question stem shown in "Most missed" (characters).
STEM_LENGTH = 90
#: A text cell a spreadsheet would run as a formula (it starts with one of these).
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: "Most missed" leaves out items attempted by fewer than this many participants ...
MIN_ATTEMPTS = 3
#: ... or by fewer than this share of the participants who have started.
MIN_SHARE = 0.2
#: A participant is quiet after this many minutes without a recorded event.
QUIET_MINUTES = 10
#: Words that do not end a short lesson label (and a leading article is dropped).
_SMALL_WORDS = {"a", "an", "and", "the", "of", "or", "with", "to", "for", "in", "on"}


def example_events() -> pd.DataFrame:
    """A tiny synthetic class (for examples and tests): ada and ben, no cy.

    ada gets exercise 01.order wrong then right, and question q-01-1 right;
    ben sees the worked solution of 01.order, then gets it right.

    Examples
    --------
    >>> example_events()[["learner", "kind", "item", "correct"]].values.tolist()[:2]
    [['ada', 'exercise', '01.order', False], ['ada', 'exercise', '01.order', True]]
    """
    rows = [
        ("ada", 1, "exercise", "01.order", "01", "phases", False, None, None),
        ("ada", 2, "exercise", "01.order", "01", "phases", True, None, None),
        ("ben", 3, "solution", "01.order", "01", "phases", None, None, None),
        ("ben", 4, "exercise", "01.order", "01", "phases", True, None, None),
        ("ada", 5, "question", "q-01-1", "01", "phases", True, "B", 12.5),
    ]
    frame = pd.DataFrame(rows, columns=["learner", "id", "kind", "item", "lesson", "topic",
                                        "correct", "answer", "seconds"])
    frame["at"] = pd.Timestamp("2026-01-05 09:00", tz="UTC") + pd.to_timedelta(
        frame["id"] * 60, unit="s")
    frame["correct"] = frame["correct"].astype("boolean")
    frame["seconds"] = frame["seconds"].astype("float64")
    return frame[list(EVENT_COLUMNS)]


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

def _columns(events) -> pd.DataFrame:
    """A copy of the event columns of ``events`` (checked by name)."""
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"events must be a pandas DataFrame of progress events, got "
                        f"{type(events).__name__} {shown(events)}")
    missing = [name for name in EVENT_COLUMNS if name not in events.columns]
    if missing:
        raise ValueError(f"events has no column {', '.join(map(repr, missing))}; it needs "
                         f"{', '.join(EVENT_COLUMNS)}")
    return events[list(EVENT_COLUMNS)].copy()


def _events(events) -> pd.DataFrame:
    """The readable events, oldest first (``events`` checked by name)."""
    frame = _columns(events)
    ids = pd.to_numeric(frame["id"], errors="coerce")
    frame["id"] = ids
    text = [frame[name].map(lambda v: isinstance(v, str) and v.strip() != "")
            for name in ("learner", "item", "lesson", "topic")]
    correct = frame["correct"].map(_result)
    frame["correct"] = correct
    known = frame["kind"].map(lambda v: isinstance(v, str) and v in _KINDS)
    answered = (frame["kind"] == "solution") | correct.notna()
    keep = ids.notna() & known & answered
    for column in text:
        keep &= column
    frame = frame[keep.astype(bool)].copy()
    frame["id"] = frame["id"].astype("float64")
    frame["at"] = _times(frame["at"])
    frame = frame.sort_values("id", kind="stable").reset_index(drop=True)
    frame.loc[frame["kind"] == "solution", "correct"] = None
    return frame


def _times(values: pd.Series) -> pd.Series:
    """Event times as UTC timestamps; anything unreadable becomes NaT."""
    import warnings

    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    with warnings.catch_warnings():  # pandas' notes on odd values: they become NaT
        warnings.simplefilter("ignore")
        return pd.to_datetime(values.map(lambda v: v if isinstance(v, (str, datetime))
                                         else None), utc=True, errors="coerce",
                              format="ISO8601")


def _result(value) -> bool | None:
    """An answer's result as True/False, or None when it is missing or not a result."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool):
        return value
    try:
        import numpy as np

        if isinstance(value, np.bool_):
            return bool(value)
    except ImportError:  # pragma: no cover - pandas needs numpy
        pass
    return None


def _learners(learners) -> list[str]:
    names = check_items("learners", learners, str, what="str (hub user name)")
    for index, name in enumerate(names, start=1):
        if not name.strip():
            raise ValueError(f"learners item {index} must not be empty (got {name!r})")
    return names


def participants(events, learners) -> list[str]:
    """Every participant: the given ``learners`` and anyone with an event, sorted.

    Examples
    --------
    >>> participants(example_events(), ["cy"])
    ['ada', 'ben', 'cy']
    """
    frame = _events(events)
    return sorted(set(_learners(learners)) | set(frame["learner"]))


# --------------------------------------------------------------------------
# The item states: one row per participant and item, as the learner's summary counts
# --------------------------------------------------------------------------

def _item_states(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (learner, lesson, topic, k, item): first and latest attempt, solution seen.

    ``k`` is the kind of item ("exercise" or "question"); a solution counts
    for the exercise of its id, as in the learner's own summary.
    """
    columns = ["learner", "lesson", "topic", "k", "item", "tried", "right_now",
               "right_first_time", "seen"]
    if frame.empty:
        return pd.DataFrame(columns=columns).astype({"tried": bool, "right_now": bool,
                                                     "right_first_time": bool, "seen": bool})
    frame = frame.assign(k=frame["kind"].where(frame["kind"] != "solution", "exercise"))
    keys = ["learner", "lesson", "topic", "k", "item"]
    attempts = frame[frame["kind"] != "solution"]
    first = attempts.groupby(keys, sort=False).first()[["id", "correct"]]
    last = attempts.groupby(keys, sort=False).last()[["correct"]]
    seen = frame[frame["kind"] == "solution"].groupby(keys, sort=False)["id"].min()
    state = pd.DataFrame(index=pd.MultiIndex.from_frame(frame[keys].drop_duplicates()))
    state["first_id"] = first["id"]
    state["first_correct"] = first["correct"]
    state["last_correct"] = last["correct"]
    state["seen_id"] = seen
    state["tried"] = state["first_id"].notna()
    state["right_now"] = state["last_correct"].map(lambda v: v is True)
    seen_before = state["seen_id"].notna() & (state["seen_id"] < state["first_id"])
    state["right_first_time"] = state["first_correct"].map(lambda v: v is True) & ~seen_before
    state["seen"] = state["seen_id"].notna()
    return state.reset_index()[columns].astype({"tried": bool, "right_now": bool,
                                                "right_first_time": bool, "seen": bool})


def _lesson_label(lesson: str) -> str:
    from .. import course

    return next((item.label for item in course.load_course() if item.id == lesson), lesson)


def short_lesson_label(lesson: str) -> str:
    """The lesson's id and the first one to three words of its title, for a
    table column that must not wrap ("01 Implementation lifecycle").

    A leading article is dropped, the words stop at a colon or comma and
    before the label passes 24 characters of title, and a trailing small
    word ("and", "with") is dropped. A lesson the course does not know keeps
    its id.

    Examples
    --------
    >>> short_lesson_label("01")
    '01 Implementation lifecycle'
    >>> short_lesson_label("02")
    '02 Delivery approaches'
    >>> short_lesson_label("99")
    '99'
    """
    lesson = check_str("lesson", lesson)
    from .. import course

    found = next((item for item in course.load_course() if item.id == lesson), None)
    if found is None:
        return lesson
    words = str(found.title).split()
    if len(words) > 1 and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    kept: list[str] = []
    for word in words[:3]:
        bare = word.rstrip(":,;.")
        if kept and len(" ".join(kept + [bare])) > 24:
            break
        kept.append(bare)
        if bare != word:
            break
    while len(kept) > 1 and kept[-1].lower() in _SMALL_WORDS:
        kept.pop()
    if kept:
        kept[0] = kept[0][:1].upper() + kept[0][1:]
    return f"{lesson} {' '.join(kept)}".strip()


def _topic_label(lesson: str, topic: str) -> str:
    from .. import course

    return course.topic_name(lesson, topic)


# --------------------------------------------------------------------------
# The views
# --------------------------------------------------------------------------

def by_lesson(events, learners) -> pd.DataFrame:
    """One row per lesson with any event: how many participants have worked in
    it (any event), and their items attempted, right now and right first time.

    Returns
    -------
    pandas.DataFrame
        Columns ``lesson``, ``lesson_label``, ``participants`` (the room),
        ``started`` (participants with an event in the lesson),
        ``attempted``, ``right_now`` and ``right_first_time`` (participant-items),
        in lesson order.

    Examples
    --------
    >>> by_lesson(example_events(), ["ada", "ben", "cy"])[["lesson", "started", "attempted"]]
      lesson  started  attempted
    0     01        2          3
    """
    frame = _events(events)
    room = participants(frame, learners)
    columns = ["lesson", "lesson_label", "participants", "started", "attempted", "right_now",
               "right_first_time"]
    if frame.empty:
        return pd.DataFrame(columns=columns).astype({name: "int64" for name in columns[2:]})
    table = frame.groupby("lesson", sort=True)["learner"].nunique().rename("started").to_frame()
    states = _item_states(frame)
    counts = states.groupby("lesson").agg(attempted=("tried", "sum"),
                                          right_now=("right_now", "sum"),
                                          right_first_time=("right_first_time", "sum"))
    table = table.join(counts).fillna(0).reset_index()
    table["lesson_label"] = table["lesson"].map(_lesson_label)
    table["participants"] = len(room)
    return table[columns].astype({name: "int64" for name in columns[2:]})


def by_exercise(events, learners) -> pd.DataFrame:
    """One row per lesson and item: how many participants attempted it, have it
    right now, got it right first time, and saw its worked solution.

    Parameters
    ----------
    events : pandas.DataFrame
        The progress events (columns :data:`EVENT_COLUMNS`).
    learners : list of str
        The participants (anyone with an event is counted too).

    Returns
    -------
    pandas.DataFrame
        Columns ``lesson``, ``lesson_label``, ``kind`` ("exercise" or
        "question"), ``item``, ``topic``, ``participants``, ``attempted``,
        ``right_now``, ``right_first_time`` and ``solution_seen``, in lesson
        and item order.

    Examples
    --------
    >>> table = by_exercise(example_events(), ["ada", "ben", "cy"])
    >>> table[["item", "attempted", "right_now", "right_first_time", "solution_seen"]]
           item  attempted  right_now  right_first_time  solution_seen
    0  01.order          2          2                 0              1
    1    q-01-1          1          1                 1              0
    """
    frame = _events(events)
    room = participants(frame, learners)
    states = _item_states(frame)
    columns = ["lesson", "lesson_label", "kind", "item", "topic", "participants", "attempted",
               "right_now", "right_first_time", "solution_seen"]
    if states.empty:
        return pd.DataFrame(columns=columns).astype({name: "int64" for name in columns[5:]})
    table = (states.groupby(["lesson", "k", "item", "topic"], sort=True)
             .agg(attempted=("tried", "sum"), right_now=("right_now", "sum"),
                  right_first_time=("right_first_time", "sum"), solution_seen=("seen", "sum"))
             .reset_index().rename(columns={"k": "kind"}))
    table = table.sort_values(["lesson", "item", "kind"], kind="stable").reset_index(drop=True)
    table["lesson_label"] = table["lesson"].map(_lesson_label)
    table["participants"] = len(room)
    table = table[columns].astype({name: "int64" for name in columns[5:]})
    # What the learner saw: the exercise's title or the question's stem (a column
    # after the counts, so the table's first columns stay as they were).
    table["what"] = _what(table)
    return table


def _what(table: pd.DataFrame) -> list[str]:
    """Each row's exercise title or question stem, as a learner saw it."""
    stems = _stems() if (table["kind"] == "question").any() else {}
    titles = _exercise_titles() if (table["kind"] == "exercise").any() else {}
    return [_short(stems[item]) if kind == "question" and item in stems
            else f"Exercise: {titles[item]}" if kind == "exercise" and item in titles
            else f"{'Exercise' if kind == 'exercise' else 'Question'} {item}"
            for kind, item in zip(table["kind"], table["item"])]


def by_learner(events, learners) -> pd.DataFrame:
    """One row per participant: lessons touched, items attempted, right now,
    right first time, solutions seen and the time of the last event.

    Participants with no event are included with zeros (and no last activity).

    Examples
    --------
    >>> by_learner(example_events(), ["ada", "ben", "cy"])["lessons_touched"].tolist()
    [1, 1, 0]
    """
    frame = _events(events)
    room = participants(frame, learners)
    states = _item_states(frame)
    counts = states.groupby("learner").agg(items_attempted=("tried", "sum"),
                                           right_now=("right_now", "sum"),
                                           right_first_time=("right_first_time", "sum"),
                                           solutions_seen=("seen", "sum"))
    table = pd.DataFrame(index=pd.Index(room, name="learner"))
    table["lessons_touched"] = frame.groupby("learner")["lesson"].nunique()
    for name in ("items_attempted", "right_now", "right_first_time", "solutions_seen"):
        table[name] = counts[name] if name in counts else 0
    table = table.fillna(0).astype("int64")
    last = frame.groupby("learner")["at"].max()
    table["last_activity"] = pd.Series(last, dtype="datetime64[ns, UTC]").reindex(table.index)
    return table


def not_started(events, learners) -> list[str]:
    """The participants with no event yet, sorted.

    Examples
    --------
    >>> not_started(example_events(), ["ada", "ben", "cy", "dee"])
    ['cy', 'dee']
    """
    frame = _events(events)
    started = set(frame["learner"])
    return [name for name in participants(frame, learners) if name not in started]


def _stems() -> dict[str, str]:
    from .. import quiz

    try:
        return {question.id: question.stem for question in quiz.load_bank()}
    except ValueError:  # no bank at all
        return {}


@functools.lru_cache(maxsize=1)
def _exercise_titles() -> dict[str, str]:
    """Each exercise's id and the title a learner sees above its form, found by
    making every exercise of the course once (seed 0)."""
    import importlib
    import inspect
    import pkgutil

    from .. import exercises

    titles: dict[str, str] = {}
    for info in pkgutil.iter_modules(exercises.__path__, "implcourse.exercises."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ != module.__name__ or not issubclass(cls, exercises.Exercise)
                    or inspect.isabstract(cls)):
                continue
            try:
                made = cls(seed=0)
            except Exception:  # noqa: BLE001 - an exercise that needs more than a seed
                continue
            if isinstance(getattr(made, "id", None), str) and getattr(made, "title", None):
                titles[made.id] = str(made.title)
    return titles


def _short(text: str, limit: int = STEM_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary to ``limit`` characters with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def missed_threshold(started: int) -> int:
    """The fewest participants who must have attempted an item for "Most
    missed" to list it: :data:`MIN_ATTEMPTS`, or :data:`MIN_SHARE` of the
    ``started`` participants (rounded up) when that is more.

    Examples
    --------
    >>> missed_threshold(10), missed_threshold(30), missed_threshold(0)
    (3, 6, 3)
    """
    started = check_int("started", started, minimum=0, maximum=1_000_000)
    return max(MIN_ATTEMPTS, math.ceil(round(MIN_SHARE * started, 9)))


def most_missed(events, n: int = 10) -> pd.DataFrame:
    """The items the most participants got wrong at the first attempt.

    For each item, ``missed`` counts the participants who attempted it and
    were not right first time (wrong at the first attempt, or right only
    after seeing the worked solution), and ``share`` is ``missed`` over
    ``attempted``. Items nobody missed are left out, and so are items
    attempted by fewer than :func:`missed_threshold` of the participants who
    have started (any event), unless that would leave nothing (then every
    missed item counts). The order is: the most participants missed first,
    then the highest share, then the item id.

    Parameters
    ----------
    events : pandas.DataFrame
    n : int, default 10
        How many items at most.

    Returns
    -------
    pandas.DataFrame
        Columns ``lesson``, ``lesson_label``, ``kind``, ``item``, ``what``
        (the question's stem, shortened, or the exercise's title),
        ``attempted``, ``missed`` and ``share`` (0 to 1).

    Examples
    --------
    >>> most_missed(example_events())[["item", "attempted", "missed", "share"]]
           item  attempted  missed  share
    0  01.order          2       2    1.0
    """
    frame = _events(events)
    n = check_int("n", n, minimum=1, maximum=10_000)
    columns = ["lesson", "lesson_label", "kind", "item", "what", "attempted", "missed", "share"]
    states = _item_states(frame)
    states = states[states["tried"]]
    if states.empty:
        return pd.DataFrame(columns=columns).astype({"attempted": "int64", "missed": "int64",
                                                     "share": "float64"})
    table = (states.groupby(["lesson", "k", "item", "topic"], sort=True)
             .agg(attempted=("tried", "sum"), right=("right_first_time", "sum"))
             .reset_index().rename(columns={"k": "kind"}))
    table["missed"] = table["attempted"] - table["right"]
    table = table[table["missed"] > 0].copy()
    enough = table["attempted"] >= missed_threshold(frame["learner"].nunique())
    if enough.any():
        table = table[enough].copy()
    table["share"] = table["missed"] / table["attempted"]
    table = table.sort_values(["missed", "share", "item", "lesson", "kind"],
                              ascending=[False, False, True, True, True],
                              kind="stable").head(n).reset_index(drop=True)
    table["what"] = _what(table)
    table["lesson_label"] = table["lesson"].map(_lesson_label)
    return table[columns].astype({"attempted": "int64", "missed": "int64",
                                  "share": "float64"})


def quiet(events, learners, minutes: float = QUIET_MINUTES) -> list[tuple[str, int]]:
    """The participants who have started but recorded nothing for ``minutes``
    or more before the newest event in the room, with how long (whole
    minutes, rounded down), the longest quiet first, then by name.

    The clock is the room's newest event, not the wall clock: after a break
    nobody is quiet until someone records again, and the answer does not
    depend on when it is asked. Participants with no event are "not
    started", not quiet.

    Examples
    --------
    >>> quiet(example_events(), ["ada", "ben", "cy"], minutes=1)
    [('ben', 1)]
    >>> quiet(example_events(), ["ada", "ben", "cy"])
    []
    """
    frame = _events(events)
    minutes = check_number("minutes", minutes, minimum=0, maximum=100_000)
    room = participants(frame, learners)
    last = by_learner(frame, room)["last_activity"].dropna()
    if last.empty:
        return []
    newest = frame["at"].max()
    gaps = ((newest - last).dt.total_seconds() // 60).astype("int64")
    found = [(name, int(gap)) for name, gap in gaps.items()
             if (newest - last[name]).total_seconds() >= minutes * 60]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def mastery(events, learners) -> pd.DataFrame:
    """The heat map's numbers: per participant and topic, the share of items
    right first time (NaN where the participant tried nothing of the topic).

    It agrees with each participant's own
    :meth:`~implcourse.progress.ProgressStore.summary` (``first_time_rate``).

    Returns
    -------
    pandas.DataFrame
        One row per participant (index ``learner``), one column per topic
        tried by anyone, in lesson order: a two-level column index,
        ``lesson`` (the lesson id) and ``topic`` (its name, from
        :func:`implcourse.course.topic_name`).

    Examples
    --------
    >>> table = mastery(example_events(), ["ada", "ben", "cy"])
    >>> table.columns.tolist()
    [('01', 'The eight phases and their gates')]
    >>> table.iloc[:, 0].tolist()
    [0.5, 0.0, nan]
    """
    frame = _events(events)
    room = participants(frame, learners)
    states = _item_states(frame)
    states = states[states["tried"]]
    index = pd.Index(room, name="learner")
    if states.empty:
        return pd.DataFrame(index=index, columns=pd.MultiIndex.from_tuples(
            [], names=["lesson", "topic"]), dtype="float64")
    rates = (states.groupby(["learner", "lesson", "topic"])["right_first_time"].mean()
             .unstack(["lesson", "topic"]))
    keys = sorted(rates.columns)
    rates = rates.reindex(index=index, columns=keys).astype("float64")
    rates.columns = pd.MultiIndex.from_tuples(
        [(lesson, _topic_label(lesson, topic)) for lesson, topic in keys],
        names=["lesson", "topic"])
    return rates


def records_csv(events) -> str:
    """The workshop's records as CSV text: one row per event, oldest first.

    Columns: ``learner``, ``id``, ``at`` (ISO 8601, UTC), ``kind``,
    ``item``, ``lesson``, ``topic``, ``correct``, ``answer``, ``seconds``.
    Every row of ``events`` is kept, readable or not, so the export is the
    whole record. An answer that a spreadsheet would run as a formula (it
    starts with ``=``, ``+``, ``-`` or ``@`` and is not a number) is written
    with a leading apostrophe.

    Examples
    --------
    >>> print(records_csv(example_events()).splitlines()[1])
    ada,1,2026-01-05T09:01:00+00:00,exercise,01.order,01,phases,False,,
    """
    frame = _columns(events)
    order = pd.to_numeric(frame["id"], errors="coerce")
    frame = frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    at = _times(frame["at"])
    frame["at"] = [stamp.isoformat() if not pd.isna(stamp) else "" for stamp in at]
    frame["correct"] = [("True" if value else "False") if isinstance(_result(value), bool)
                        else "" for value in frame["correct"]]
    for name in ("learner", "kind", "item", "lesson", "topic", "answer"):
        frame[name] = [_safe_cell(value) for value in frame[name]]
    frame["seconds"] = [_number_cell(value) for value in frame["seconds"]]
    frame["id"] = [_number_cell(value) for value in frame["id"]]
    return frame.to_csv(index=False, lineterminator="\n")


def _safe_cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = str(value)
    if _FORMULA.match(text) and not _NUMBER.match(text.strip()):
        return "'" + text
    return text


def _number_cell(value) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _safe_cell(value)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def class_summary(events, learners, n: int = 10) -> dict:
    """Everything the dashboard shows, as plain JSON-ready values.

    Returns
    -------
    dict
        ``participants``, ``started`` and ``not_started`` (counts),
        ``not_started_names``, ``quiet`` (``learner`` and ``minutes``, see
        :func:`quiet`), ``by_lesson``, ``by_exercise``, ``by_learner`` and
        ``most_missed`` (lists of row dicts), and ``mastery`` (``topics``:
        ``[lesson, topic name]`` pairs; ``rows``: per participant, the
        shares in the same order, ``None`` where not tried).

    Examples
    --------
    >>> data = class_summary(example_events(), ["ada", "ben", "cy"])
    >>> data["participants"], data["started"], data["not_started_names"]
    (3, 2, ['cy'])
    >>> data["mastery"]["rows"]["ada"]
    [0.5]
    """
    frame = _events(events)
    n = check_int("n", n, minimum=1, maximum=10_000)
    room = participants(frame, learners)
    waiting = not_started(frame, room)
    learners_table = by_learner(frame, room).reset_index()
    learners_table["last_activity"] = [stamp.isoformat() if not pd.isna(stamp) else None
                                       for stamp in learners_table["last_activity"]]
    heat = mastery(frame, room)
    return {
        "participants": len(room),
        "started": len(room) - len(waiting),
        "not_started": len(waiting),
        "not_started_names": waiting,
        "quiet": [{"learner": name, "minutes": gap} for name, gap in quiet(frame, room)],
        "by_lesson": _records(by_lesson(frame, room)),
        "by_exercise": _records(by_exercise(frame, room)),
        "by_learner": _records(learners_table),
        "most_missed": _records(most_missed(frame, n)),
        "mastery": {"topics": [list(key) for key in heat.columns],
                    "rows": {name: [None if pd.isna(v) else float(v) for v in row]
                             for name, row in zip(heat.index, heat.itertuples(index=False))}},
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if hasattr(value, "item") and not isinstance(value, str):
                value = value.item()
            if isinstance(value, float) and math.isnan(value):
                value = None
            clean[str(key)] = value
        out.append(clean)
    return out
