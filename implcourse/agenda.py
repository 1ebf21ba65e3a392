"""Workshop agendas: half-day, one-day, two-day and two-day-with-capstone plans.

Every lesson slot takes its minutes from ``datasets/course.yml`` (through
:mod:`implcourse.course`), so an agenda always adds up: teaching, then the
lesson's exercises (or the group exercise that replaces them, in the same
minutes). Breaks are explicit and placed by one rule: a 15-minute break
before any block that would make a stretch of work longer than
:data:`MAX_STRETCH` minutes, and in a day-long agenda a lunch of
:data:`LUNCH` minutes at the first block boundary after 12:00 (or earlier,
if the next block would run past 13:00). A multi-day agenda keeps each
lesson within one day; a lesson that does not fit in the last day before
:data:`LATEST_END` is left for self-study, and the agenda says so.

Every day after the first opens with a :data:`RECAP` of the day before and the
parking-lot answers, and starts that much earlier. The welcome is lesson ``00`` (the course's start page and its minutes); the
practice exam and the glossary are self-study tools in every agenda.

Examples
--------
>>> half = build("half-day")
>>> half.covers
('01', '04')
>>> half.items[0].time, half.items[-1].end
('09:00', '12:50')
>>> [item.kind for item in half.items][:3]
['welcome', 'teach', 'group exercise']
>>> build("two-day").days
2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .course import Lesson, load_course
from .validation import check_choice, check_str, shown

__all__ = ["AGENDAS", "KINDS", "GROUP_EXERCISES", "Item", "Agenda", "build", "to_markdown",
           "to_html", "minutes_of"]

#: The agendas, by name.
AGENDAS = ("half-day", "one-day", "two-day", "two-day-capstone")

#: The kinds of agenda item.
KINDS = ("welcome", "recap", "teach", "exercises", "group exercise", "post-test", "break",
         "lunch", "wrap-up")

#: The longest stretch of work, in minutes, before a break is due.
MAX_STRETCH = 120
#: A short break and lunch, in minutes.
BREAK = 15
LUNCH = 45
#: A day's closing item (the last day's is the workshop's wrap-up).
DAY_REVIEW = 10
WRAP_UP = 15
#: The recap that opens every day after the first (the parking-lot answers); that day
#: starts this much earlier, so that the lessons keep their times.
RECAP = 10
#: No day may start before EARLIEST_START or end after LATEST_END.
EARLIEST_START = "07:00"
LATEST_END = "17:30"
#: Lunch comes at the first block boundary after LUNCH_FROM, or before a
#: block that would end after LUNCH_BY.
LUNCH_FROM = "12:00"
LUNCH_BY = "13:00"

#: Lesson id -> (title, file in notebooks/trainer/) of the group exercise that
#: replaces that lesson's exercise block.
GROUP_EXERCISES = {
    "01": ("Go/no-go meeting on the readiness checklist", "group_go_no_go.md"),
    "02": ("Methodology debate on the case studies", "group_methodology_debate.md"),
    "04": ("Risk workshop: build a register, run the Monte Carlo", "group_risk_workshop.md"),
    "08": ("Partner-selection role-play", "group_partner_role_play.md"),
}

#: The welcome lesson and the self-study tools, which no agenda teaches.
WELCOME_LESSON = "00"
SELF_STUDY_TOOLS = {
    "10": "a timed practice exam is best taken alone, after the workshop",
    "11": "flashcards work by short daily reviews over weeks, not in a room",
}

_PLANS = {
    "half-day": {
        "title": "Half-day workshop: the lifecycle and its risks",
        "days": 1, "start": "09:00", "lessons": ("01", "04"),
        "why": ("A half-day has room for two lessons with their group exercises. The "
                "lifecycle (01) gives the frame every other lesson hangs on and ends with the "
                "go/no-go decision; risk assessment (04) is the most practised quantitative "
                "skill of an implementation and the one a group exercise teaches best. The "
                "other lessons follow as self-study, in course order."),
    },
    "one-day": {
        "title": "One-day workshop: lifecycle, approach, risk and partner",
        "days": 1, "start": "09:00", "lessons": ("01", "02", "04", "08"),
        "why": ("A day holds four lessons, so it follows the decisions an implementation "
                "makes first: the lifecycle and its go/no-go gate (01), the delivery approach "
                "(02), the risks (04) and the partner (08). Each has a group exercise, so the "
                "day alternates between teaching and group work. Rollout (03), the business "
                "case (05), measuring success (06) and stakeholders (07) are self-study, "
                "or a second day."),
    },
    "two-day": {
        "title": "Two-day workshop: the whole course",
        "days": 2, "start": "08:30", "lessons": None,
        "why": ("Two days cover every content lesson in course order, each with its full "
                "minutes; the four lessons with a group exercise run it in place of their "
                "individual exercises, which become homework. The days start at 08:30 (the "
                "second at 08:20, with a recap of the first) so that they end by 17:30. The "
                "two-day-capstone agenda is the variant with the capstone (lesson 09)."),
    },
    "two-day-capstone": {
        "title": "Two-day workshop with the capstone",
        "days": 2, "start": "08:30", "lessons": None,
        "homework": ("03", "05", "06", "07"),
        "why": ("Two days cover every content lesson and end with the capstone (09), which "
                "runs one implementation from start to finish. To make room for it, lessons "
                "{homework} keep their teaching but not their exercise blocks: those "
                "exercises and knowledge checks become self-study. Every block keeps its "
                "minutes from course.yml; the days start at 08:30 (the second at 08:20, with "
                "a recap of the first) so that they end by 17:30."),
    },
}

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _minutes(text: str) -> int:
    match = _TIME.match(text)
    return int(match.group(1)) * 60 + int(match.group(2))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(time: str) -> int:
    """Minutes since midnight of a clock time written ``"HH:MM"`` (24-hour).

    Examples
    --------
    >>> minutes_of("09:30")
    570
    >>> minutes_of("9.30")
    Traceback (most recent call last):
    ...
    ValueError: time must be a clock time written HH:MM (24-hour), such as '09:00'; got '9.30'
    """
    time = check_str("time", time)
    if not _TIME.match(time):
        raise ValueError(f"time must be a clock time written HH:MM (24-hour), such as '09:00'; "
                         f"got {shown(time)}")
    return _minutes(time)


@dataclass(frozen=True)
class Item:
    """One slot of an agenda.

    Attributes
    ----------
    day : int
        1 for the first day.
    time, end : str
        Start and end, ``"HH:MM"``.
    minutes : int
    kind : str
        One of :data:`KINDS`.
    lesson : str
        The lesson id (``"04"``), or ``""`` for breaks and closing items.
    title : str
    file : str
        For a group exercise, its file in ``notebooks/trainer/``; else ``""``.
    """

    day: int
    time: str
    end: str
    minutes: int
    kind: str
    lesson: str
    title: str
    file: str = ""


@dataclass(frozen=True)
class Agenda:
    """A workshop agenda: ordered items, the lessons covered and those left for self-study.

    Attributes
    ----------
    name, title : str
    days : int
    items : tuple of Item
        In order; each starts when the one before it ends (within a day).
    covers : tuple of str
        The lessons taught, in course order.
    self_study : tuple of (str, str)
        The other lessons (lesson id, why it is left for self-study).
    why : str
        Why these lessons, in plain words.
    homework : tuple of str
        Lessons taught without their exercise block, whose exercises and
        knowledge check are self-study.
    """

    name: str
    title: str
    days: int
    items: tuple[Item, ...]
    covers: tuple[str, ...]
    self_study: tuple[tuple[str, str], ...]
    why: str
    homework: tuple[str, ...] = ()

    def day(self, number: int) -> tuple[Item, ...]:
        """The items of one day (1 for the first)."""
        return tuple(item for item in self.items if item.day == number)

    @property
    def work_minutes(self) -> int:
        """Minutes of welcome, teaching, exercises and wrap-up (no breaks or lunch)."""
        return sum(i.minutes for i in self.items if i.kind not in ("break", "lunch"))

    @property
    def total_minutes(self) -> int:
        """Minutes of every item, breaks included."""
        return sum(item.minutes for item in self.items)


def _blocks(lesson: Lesson, homework: bool = False) -> list[tuple[str, str, int, str]]:
    """A lesson's slots: (kind, title, minutes, file); only the teaching for ``homework``."""
    blocks = [("teach", f"{lesson.label}: teaching", lesson.teaching_minutes, "")]
    if homework:
        blocks = [("teach", f"{lesson.label}: teaching (its exercises are self-study)",
                   lesson.teaching_minutes, "")]
    elif lesson.id in GROUP_EXERCISES:
        title, file = GROUP_EXERCISES[lesson.id]
        blocks.append(("group exercise", f"Group exercise: {title}", lesson.exercise_minutes,
                       file))
    else:
        blocks.append(("exercises", f"{lesson.label}: exercises and knowledge check",
                       lesson.exercise_minutes, ""))
    return [b for b in blocks if b[2] > 0]


class _Day:
    """Lays out one day's items by the break and lunch rules."""

    def __init__(self, number: int, start: int, day_long: bool):
        self.number, self.t, self.day_long = number, start, day_long
        self.stretch, self.lunched = 0, not day_long
        self.items: list[Item] = []

    def _add(self, kind: str, minutes: int, lesson: str, title: str, file: str = "") -> None:
        self.items.append(Item(self.number, _clock(self.t), _clock(self.t + minutes), minutes,
                               kind, lesson, title, file))
        self.t += minutes
        self.stretch = 0 if kind in ("break", "lunch") else self.stretch + minutes

    def _pause_before(self, minutes: int, t: int, stretch: int) -> tuple[str, int] | None:
        if not self.lunched and (t >= _minutes(LUNCH_FROM) or t + minutes > _minutes(LUNCH_BY)):
            return "lunch", LUNCH
        if stretch and stretch + minutes > MAX_STRETCH:
            return "break", BREAK
        return None

    def end_after(self, blocks) -> int:
        """When the day would end if these blocks were added now."""
        t, stretch, lunched = self.t, self.stretch, self.lunched
        for _, _, minutes, *_ in blocks:
            saved = self.lunched
            self.lunched = lunched
            pause = self._pause_before(minutes, t, stretch)
            self.lunched = saved
            if pause:
                lunched = lunched or pause[0] == "lunch"
                t, stretch = t + pause[1], 0
            t, stretch = t + minutes, stretch + minutes
        return t

    def add(self, kind: str, title: str, minutes: int, lesson: str = "", file: str = "") -> None:
        pause = self._pause_before(minutes, self.t, self.stretch)
        if pause:
            self.lunched = self.lunched or pause[0] == "lunch"
            self._add(pause[0], pause[1], "", "Lunch" if pause[0] == "lunch" else "Break")
        self._add(kind, minutes, lesson, title, file)


def _plan_lessons(name: str, lessons: tuple[Lesson, ...]) -> list[Lesson]:
    wanted = _PLANS[name]["lessons"]
    if wanted is None:
        return [lesson for lesson in lessons
                if lesson.id != WELCOME_LESSON and lesson.id not in SELF_STUDY_TOOLS]
    known = {lesson.id for lesson in lessons}
    return [lesson for lesson in lessons if lesson.id in wanted and lesson.id in known]


def build(name: str, *, start: str | None = None) -> Agenda:
    """Build an agenda from the course map.

    Parameters
    ----------
    name : {"half-day", "one-day", "two-day", "two-day-capstone"}
    start : str, optional
        When each day starts, ``"HH:MM"``; by default 09:00 (08:30 for the
        two-day agendas, so that their days end by 17:30).

    Returns
    -------
    Agenda

    Raises
    ------
    ValueError
        For an unknown agenda (the message lists the choices), a start that
        is not ``HH:MM``, before 07:00, or so late that a day would end after
        17:30.

    Examples
    --------
    >>> day = build("one-day")
    >>> [item.kind for item in day.items if item.kind in ("break", "lunch")]
    ['break', 'lunch', 'break']
    >>> day.items[-1].end <= "17:30"
    True
    >>> build("three-day")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of 'half-day', 'one-day', 'two-day', 'two-day-capstone'; got 'three-day'
    >>> build("one-day", start="10:30")
    Traceback (most recent call last):
    ...
    ValueError: start '10:30' makes the one-day agenda end at 18:50, after 17:30: start by 09:10
    """
    name = check_choice("name", name, AGENDAS)
    plan = _PLANS[name]
    begin = _minutes(plan["start"])
    if start is not None:
        start = check_str("start", start)
        if not _TIME.match(start):
            raise ValueError(f"start must be a clock time written HH:MM (24-hour), such as "
                             f"'09:00'; got {shown(start)}")
        begin = _minutes(start)
        if begin < _minutes(EARLIEST_START):
            raise ValueError(f"start must be {EARLIEST_START} or later, got {start!r}")
        if plan["days"] > 1 and begin - RECAP < _minutes(EARLIEST_START):
            raise ValueError(f"start must be {_clock(_minutes(EARLIEST_START) + RECAP)} or "
                             f"later for the {name} agenda (its later days open with a "
                             f"{RECAP}-minute recap), got {start!r}")
    agenda = _layout(name, begin)
    last = max(_minutes(item.end) for item in agenda.items)
    if last > _minutes(LATEST_END):
        latest = begin - (last - _minutes(LATEST_END))
        raise ValueError(f"start {_clock(begin)!r} makes the {name} agenda end at "
                         f"{_clock(last)}, after {LATEST_END}: start by {_clock(latest)}")
    return agenda


def _layout(name: str, begin: int) -> Agenda:
    plan = _PLANS[name]
    lessons = load_course()
    chosen = _plan_lessons(name, lessons)
    day_long = name != "half-day"
    days = [_Day(1, begin, day_long)]
    welcome = next((lesson for lesson in lessons if lesson.id == WELCOME_LESSON), None)
    if welcome is not None and welcome.minutes:
        days[0].add("welcome", f"Welcome, set-up and the course map ({welcome.label})",
                    welcome.minutes, welcome.id)
    covered, left = [], []
    latest = _minutes(LATEST_END)
    for lesson in chosen:
        blocks = _blocks(lesson, lesson.id in plan.get("homework", ()))
        closing = [("wrap-up", "", DAY_REVIEW if plan["days"] > 1 else WRAP_UP)]
        if days[-1].end_after(blocks + closing) > latest and plan["days"] > 1:
            if len(days) == plan["days"]:
                left.append((lesson.id, f"at its {lesson.minutes} minutes it does not fit in "
                                        f"{plan['days']} days that end by {LATEST_END}; run "
                                        f"it as a follow-up session or as homework"))
                continue
            days.append(_Day(len(days) + 1, begin - RECAP, day_long))
            days[-1].add("recap", "Recap: yesterday in a few questions, and the answers to the "
                                  "parking-lot questions", RECAP)
        for kind, title, minutes, file in blocks:
            days[-1].add(kind, title, minutes, lesson.id, file)
        covered.append(lesson.id)
    post = _post_test_minutes()
    if day_long and post and days[-1].end_after(
            [("post-test", "", post, ""), ("wrap-up", "", WRAP_UP, "")]) <= latest:
        days[-1].add("post-test", f"Post-test: form B of lesson 10's practice exam, taken "
                                  f"alone", post)
    for day in days:
        last = day is days[-1]
        day.add("wrap-up", "Wrap-up: key points, questions and the evaluation form" if last
                else "Day review: what stuck, what is still unclear",
                WRAP_UP if last else DAY_REVIEW)
    why = plan["why"].replace("{homework}", _join(list(plan.get("homework", ())))) + "".join(
        f" {_label(i)} does not fit at its minutes in course.yml, so it is listed under "
        f"self-study." for i, _ in left)
    for lesson in lessons:
        if lesson.id == WELCOME_LESSON or lesson.id in covered or \
                any(lesson.id == i for i, _ in left):
            continue
        if lesson.id in SELF_STUDY_TOOLS:
            left.append((lesson.id, SELF_STUDY_TOOLS[lesson.id]))
        else:
            left.append((lesson.id, "not in this agenda: study it after the workshop, in "
                                    "course order"))
    left.sort()
    items = tuple(item for day in days for item in day.items)
    homework = tuple(i for i in plan.get("homework", ()) if i in covered)
    return Agenda(name=name, title=plan["title"], days=len(days), items=items,
                  covers=tuple(covered), self_study=tuple(left), why=why, homework=homework)


def _post_test_minutes() -> int:
    """The minutes of the post-test (form B's blueprint), or 0 if the course has none."""
    from .exam import load_blueprints

    return next((int(b.minutes) for b in load_blueprints() if b.form == "B"), 0)


def _label(lesson_id: str) -> str:
    return next((lesson.label for lesson in load_course() if lesson.id == lesson_id), lesson_id)


def _check_agenda(agenda: object) -> Agenda:
    """The agenda, if it is a well-formed :class:`Agenda`; else an error naming ``agenda``."""
    if not isinstance(agenda, Agenda):
        raise TypeError(f"agenda must be an Agenda (from implcourse.agenda.build), got "
                        f"{type(agenda).__name__}")

    def bad(field: str, value: object, expected: str) -> ValueError:
        return ValueError(f"agenda.{field} must be {expected}, got {shown(value)}")

    for field in ("name", "title", "why"):
        if not isinstance(getattr(agenda, field), str):
            raise bad(field, getattr(agenda, field), "a string")
    days = agenda.days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 14:
        raise bad("days", days, "a whole number of days from 1 to 14")
    if not isinstance(agenda.items, (tuple, list)) or not agenda.items:
        raise bad("items", agenda.items, "a non-empty list of Item")
    for i, item in enumerate(agenda.items):
        if not isinstance(item, Item):
            raise bad(f"items[{i}]", item, "an Item")
        if isinstance(item.day, bool) or not isinstance(item.day, int) or \
                not 1 <= item.day <= days:
            raise bad(f"items[{i}].day", item.day, f"a day from 1 to {days}")
        for field in ("time", "end"):
            value = getattr(item, field)
            if not isinstance(value, str) or not _TIME.match(value):
                raise bad(f"items[{i}].{field}", value, "a clock time HH:MM")
        if isinstance(item.minutes, bool) or not isinstance(item.minutes, int) or \
                not 0 <= item.minutes <= 24 * 60:
            raise bad(f"items[{i}].minutes", item.minutes, "whole minutes from 0 to 1440")
        if item.kind not in KINDS:
            raise bad(f"items[{i}].kind", item.kind, "one of " + ", ".join(map(repr, KINDS)))
        for field in ("lesson", "title", "file"):
            if not isinstance(getattr(item, field), str):
                raise bad(f"items[{i}].{field}", getattr(item, field), "a string")
    if not all(any(item.day == d for item in agenda.items) for d in range(1, days + 1)):
        raise ValueError(f"agenda.items must hold items for every one of its {days} days")
    if not isinstance(agenda.covers, (tuple, list)) or \
            not all(isinstance(c, str) for c in agenda.covers):
        raise bad("covers", agenda.covers, "a list of lesson ids")
    if not isinstance(agenda.self_study, (tuple, list)) or not all(
            isinstance(pair, (tuple, list)) and len(pair) == 2
            and all(isinstance(x, str) for x in pair) for pair in agenda.self_study):
        raise bad("self_study", agenda.self_study, "a list of (lesson id, reason) pairs")
    if not isinstance(agenda.homework, (tuple, list)) or \
            not all(isinstance(c, str) for c in agenda.homework):
        raise bad("homework", agenda.homework, "a list of lesson ids")
    return agenda


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _summary(agenda: Agenda) -> str:
    spans = "; ".join(
        (f"day {d}: " if agenda.days > 1 else "") + f"{agenda.day(d)[0].time} to "
        f"{agenda.day(d)[-1].end}" for d in range(1, agenda.days + 1))
    return (f"{_hours(agenda.work_minutes)} of welcome, teaching, exercises and wrap-up, plus "
            f"{_hours(agenda.total_minutes - agenda.work_minutes)} of breaks ({spans}).")


_NOTE = ("Minutes come from `datasets/course.yml`: each lesson's teaching block and its "
         "exercise block (or the group exercise that takes its place) add up to the lesson's "
         "time. In the room, teaching and exercises alternate section by section, as the "
         "lesson's trainer notes time them.")


def _join(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _around(agenda: Agenda) -> list[tuple[str, str]]:
    """Before and after the workshop: (heading, text) pairs, Markdown with backticks."""
    from .exam import load_blueprints
    from .prepost import DEFAULT_N

    minutes = {b.form: b.minutes for b in load_blueprints()}
    welcome = next((i.minutes for i in agenda.items if i.kind == "welcome"), 0)
    last = agenda.day(agenda.days)[-1]
    slot = next((i for i in agenda.items if i.kind == "post-test"), None)
    grouped = [i for i in agenda.covers if i in GROUP_EXERCISES]
    pairs = [
        ("Installation", f"Participants install the course before the day (send the steps "
         f"with the invitation), or you bring the offline wheelhouse or the participant "
         f"edition on a USB stick: then the welcome's {welcome} minutes are enough. If "
         f"people install in the room, plan 30 minutes for the welcome: start the "
         f"first day 15 minutes earlier."),
        ("Pre-test (before the workshop)", f"Form A of lesson 10's practice exam, "
         f"{DEFAULT_N} questions, about {minutes.get('A', 40):g} minutes, taken alone as "
         f"pre-work in the week before the workshop (`implcourse.prepost`). Ask for it with "
         f"the invitation; whoever has not taken it does so before the welcome."),
        ("Post-test", (f"Form B, {DEFAULT_N} questions, in the slot before the wrap-up "
         f"({slot.time}–{slot.end}), taken alone, as the pre-test was." if slot else
         f"Form B, {DEFAULT_N} questions, about {minutes.get('B', 40):g} minutes, as "
         f"follow-up within a week of the workshop: " + (
             f"{minutes.get('B', 40):g} more minutes before the wrap-up would end the day "
             f"after {LATEST_END}" if _minutes(last.end) + minutes.get('B', 40) >
             _minutes(LATEST_END) else "a half-day keeps its hours for the lessons")
         + "; taken a few days later it also shows what stayed, not only what was heard "
           "that day.") + f" Then each participant exports their progress (`python3 course.py progress --export csv "
         f"FILE`) and sends you the file; `implcourse learning-gain FILE [FILE ...]` gives "
         f"the learning gain per topic."),
    ]
    if grouped or agenda.homework:
        text = []
        if grouped:
            text.append(f"a group exercise takes the place of the exercise block of "
                        f"lesson{'s' if len(grouped) > 1 else ''} {_join(grouped)}")
        if agenda.homework:
            text.append(f"lesson{'s' if len(agenda.homework) > 1 else ''} "
                        f"{_join(list(agenda.homework))} "
                        f"{'are' if len(agenda.homework) > 1 else 'is'} taught without "
                        f"{'their' if len(agenda.homework) > 1 else 'its'} exercise block")
        pairs.append(("Knowledge checks left for self-study", "In this agenda "
                      + "; ".join(text) + ". Those lessons' individual exercises and "
                      "knowledge checks are self-study, to do within a week of the "
                      "workshop."))
    return pairs


def to_markdown(agenda: Agenda) -> str:
    """The agenda as a Markdown page: a table per day and the self-study list.

    Examples
    --------
    >>> text = to_markdown(build("half-day"))
    >>> text.splitlines()[0]
    '# Half-day workshop: the lifecycle and its risks'
    >>> "| 10:35 | 10:50 | 15 | Break |  |" in text
    True
    """
    agenda = _check_agenda(agenda)
    lines = [f"# {agenda.title}", "", _summary(agenda), "", "**Why these lessons.** "
             + agenda.why, ""]
    for d in range(1, agenda.days + 1):
        if agenda.days > 1:
            lines += [f"## Day {d}", ""]
        lines += ["| Start | End | Min | What | Lesson |", "| --- | --- | ---: | --- | --- |"]
        for item in agenda.day(d):
            what = f"{item.title} (`{item.file}`)" if item.file else item.title
            lines.append(f"| {item.time} | {item.end} | {item.minutes} | {what} | "
                         f"{item.lesson} |")
        lines.append("")
    lines += ["## Self-study", ""]
    lines += [f"- **{_label(i)}**: {why}." for i, why in agenda.self_study] or ["- None."]
    lines += ["", "## Before and after the workshop", ""]
    lines += [f"- **{head}.** {text}" for head, text in _around(agenda)]
    lines += ["", _NOTE, ""]
    return "\n".join(lines)


def to_html(agenda: Agenda) -> str:
    """The agenda as an HTML fragment (for :func:`implcourse.printing.page`).

    Examples
    --------
    >>> html = to_html(build("half-day"))
    >>> html.startswith("<h1>Half-day workshop") and "<td>Break</td>" in html
    True
    """
    from .printing import escape

    agenda = _check_agenda(agenda)
    parts = [f"<h1>{escape(agenda.title)}</h1>", f"<p class=\"meta\">{escape(_summary(agenda))}"
             f"</p>", f"<p><strong>Why these lessons.</strong> {escape(agenda.why)}</p>"]
    for d in range(1, agenda.days + 1):
        if agenda.days > 1:
            parts.append(f"<h2>Day {d}</h2>")
        rows = []
        for item in agenda.day(d):
            what = escape(item.title) + (f" <span class=\"meta\">({escape(item.file)})</span>"
                                         if item.file else "")
            rows.append(f"<tr><td>{item.time}</td><td>{item.end}</td>"
                        f"<td class=\"num\">{item.minutes}</td><td>{what}</td>"
                        f"<td>{escape(item.lesson)}</td></tr>")
        parts.append("<table><thead><tr><th>Start</th><th>End</th><th class=\"num\">Min</th>"
                     "<th>What</th><th>Lesson</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table>")
    parts.append("<h2>Self-study</h2>")
    items = "".join(f"<li><strong>{escape(_label(i))}</strong>: {escape(why)}.</li>"
                    for i, why in agenda.self_study) or "<li>None.</li>"
    parts.append(f"<ul>{items}</ul>")
    parts.append("<h2>Before and after the workshop</h2>")
    parts.append("<ul>" + "".join(f"<li><strong>{escape(head)}.</strong> "
                                  f"{escape(text.replace('`', ''))}</li>"
                                  for head, text in _around(agenda)) + "</ul>")
    parts.append(f"<p class=\"meta\">{escape(_NOTE.replace('`', ''))}</p>")
    return "\n".join(parts)
