"""The course map: which lessons exist, in what order, and how long they take.

``datasets/course.yml`` is the single source for the course map. The README's
map, the map in ``00_start_here`` and every notebook's navigation line are
generated from it (and tests check that they match).

Examples
--------
>>> [lesson.id for lesson in load_course()][:2]
['00', '01']
>>> print(metadata_line("00"))
**Teaching:** 10 min · **Exercises:** 5 min · **Prerequisites:** none
>>> print(navigation("00"))
[Course map](00_start_here.ipynb#Course-map) | [01 The implementation lifecycle →](01_implementation_lifecycle.ipynb)
"""

from __future__ import annotations

from collections.abc import Mapping


from pydantic import Field, model_validator

from .content import (ContentError, ContentModel, Items, Text, display_path, load_entries,
                      read_yaml, resolve)
from .validation import check_str, cached_by_names

__all__ = ["Lesson", "PlannedLesson", "load_course", "load_planned", "get_lesson",
           "metadata_line", "navigation", "course_map", "course_map_markdown", "topic_name",
           "scope_markdown", "COURSE_MAP_ANCHOR", "section_link", "section_anchor"]

COURSE_FILE = "course.yml"
START_NOTEBOOK = "00_start_here.ipynb"
#: The heading in 00_start_here that holds the course map, as JupyterLab anchors it.
COURSE_MAP_ANCHOR = "Course-map"


class Lesson(ContentModel):
    """One lesson of the course map."""

    id: str = Field(pattern=r"^\d\d$")
    notebook: str = Field(pattern=r"^\d\d_[a-z0-9_]+\.ipynb$")
    title: Text
    questions: Items
    topics: Items
    teaching_minutes: int = Field(ge=0)
    exercise_minutes: int = Field(ge=0)
    prerequisites: list[str] = Field(default_factory=list)
    tools: list[Text] = Field(default_factory=list)
    #: The titles of the numbered sections ("## N. Title"), in order.
    sections: list[Text] = Field(default_factory=list)
    topic_names: dict[str, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _notebook_matches_id(self) -> Lesson:
        if not self.notebook.startswith(self.id + "_"):
            raise ValueError(f"notebook {self.notebook!r} must start with the lesson id "
                             f"{self.id!r} followed by '_'")
        return self

    @property
    def label(self) -> str:
        """``"01 The implementation lifecycle"``."""
        return f"{self.id} {self.title}"

    @property
    def minutes(self) -> int:
        """Teaching plus exercise minutes."""
        return self.teaching_minutes + self.exercise_minutes


@cached_by_names
def load_course(name: str = COURSE_FILE) -> tuple[Lesson, ...]:
    """The lessons, in course order, validated.

    Lesson ids must increase through the file, and every prerequisite must
    be an earlier lesson.
    """
    lessons = load_entries(name, Lesson, key="lessons")
    file = display_path(resolve(name))
    seen: list[str] = []
    for number, lesson in enumerate(lessons, start=1):
        if seen and lesson.id <= seen[-1]:
            raise ContentError(file, "lesson ids must increase",
                               f"entry {number} (id {lesson.id!r})", "id")
        for i, pre in enumerate(lesson.prerequisites):
            if pre not in seen:
                raise ContentError(file, f"prerequisite {pre!r} is not an earlier lesson",
                                   f"entry {number} (id {lesson.id!r})", f"prerequisites[{i}]")
        seen.append(lesson.id)
    return lessons


class PlannedLesson(ContentModel):
    """A lesson announced in the course map but not written yet."""

    id: str = Field(pattern=r"^\d\d$")
    title: Text

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}"


@cached_by_names
def load_planned(name: str = COURSE_FILE) -> tuple[PlannedLesson, ...]:
    """The lessons still to come (key ``planned``); none may share an id with a
    lesson that exists. An empty list (or no key) means every lesson exists."""
    data = read_yaml(name)
    if not isinstance(data, Mapping):
        raise ContentError(display_path(resolve(name)), "expected top-level keys 'lessons' and "
                                                        "'planned'")
    if not data.get("planned"):
        return ()
    lessons = load_entries(name, PlannedLesson, key="planned")
    existing = {lesson.id for lesson in load_course(name)}
    for number, lesson in enumerate(lessons, start=1):
        if lesson.id in existing:
            raise ContentError(display_path(resolve(name)),
                               "a planned lesson has the id of a lesson that exists; remove "
                               "it from 'planned'", f"entry {number} (id {lesson.id!r})", "id")
    return lessons


def get_lesson(lesson_id: str) -> Lesson:
    """A lesson by id, e.g. ``"01"``.

    Examples
    --------
    >>> get_lesson("01").notebook
    '01_implementation_lifecycle.ipynb'
    >>> get_lesson("42")
    Traceback (most recent call last):
    ...
    ValueError: lesson_id must be one of '00', '01', ...; got '42'
    """
    lesson_id = check_str("lesson_id", lesson_id)
    for lesson in load_course():
        if lesson.id == lesson_id:
            return lesson
    known = ", ".join(repr(lesson.id) for lesson in load_course())
    raise ValueError(f"lesson_id must be one of {known}; got {lesson_id!r}")


def metadata_line(lesson_id: str) -> str:
    """The lesson template's metadata line: minutes and prerequisites."""
    lesson = get_lesson(lesson_id)
    pre = ", ".join(get_lesson(p).label for p in lesson.prerequisites) or "none"
    return (f"**Teaching:** {lesson.teaching_minutes} min · "
            f"**Exercises:** {lesson.exercise_minutes} min · **Prerequisites:** {pre}")


def navigation(lesson_id: str) -> str:
    """The navigation line that ends every lesson: previous, course map, next."""
    lessons = load_course()
    ids = [lesson.id for lesson in lessons]
    i = ids.index(get_lesson(lesson_id).id)
    parts = []
    if i > 0:
        prev = lessons[i - 1]
        parts.append(f"[← {prev.label}]({prev.notebook})")
    parts.append(f"[Course map]({START_NOTEBOOK}#{COURSE_MAP_ANCHOR})")
    if i + 1 < len(lessons):
        nxt = lessons[i + 1]
        parts.append(f"[{nxt.label} →]({nxt.notebook})")
    elif load_planned():
        parts.append("Next: more lessons are on the way (see the course map)")
    else:
        parts.append("Next: your progress report, topic by topic, in "
                     f"[{lessons[0].label}]({lessons[0].notebook})")
    return " | ".join(parts)


def section_anchor(title: str) -> str:
    """The anchor JupyterLab gives a heading: its text with spaces as hyphens.

    Examples
    --------
    >>> section_anchor("3. Time value of money and NPV")
    '3.-Time-value-of-money-and-NPV'
    """
    return check_str("title", title).strip().replace(" ", "-")


def section_link(lesson_id: str, section: int) -> tuple[str, str]:
    """The title of a lesson's numbered section and a link to it, from ``course.yml``.

    Returns
    -------
    (str, str)
        ``("Lesson 05, 3. Time value of money and NPV",
        "05_business_case_roi.ipynb#3.-Time-value-of-money-and-NPV")``:
        the link is relative to ``notebooks/``.

    Examples
    --------
    >>> section_link("05", 3)[1]
    '05_business_case_roi.ipynb#3.-Time-value-of-money-and-NPV'
    """
    from .validation import check_int

    lesson = get_lesson(lesson_id)
    if not lesson.sections:
        raise ValueError(f"lesson {lesson.id} has no numbered sections")
    section = check_int("section", section, minimum=1, maximum=len(lesson.sections))
    heading = f"{section}. {lesson.sections[section - 1]}"
    return f"Lesson {lesson.id}, {heading}", f"{lesson.notebook}#{section_anchor(heading)}"


def topic_name(lesson_id: str, topic: str) -> str:
    """The name of a progress topic, as the progress report shows it.

    Examples
    --------
    >>> topic_name("01", "critical_path")
    'Critical path and float'
    >>> topic_name("01", "unknown_topic")
    'Unknown topic'
    """
    topic = check_str("topic", topic)
    try:
        names = get_lesson(lesson_id).topic_names
    except ValueError:
        names = {}
    return names.get(topic, topic.replace("_", " ").capitalize())


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def scope_markdown() -> str:
    """What the course teaches now and what is planned, from ``course.yml``.

    The README's opening paragraph and ``00_start_here`` show this text, so
    that no page promises a lesson that does not exist yet.

    Examples
    --------
    >>> "Available now" in scope_markdown()
    True
    """
    available = [f"**{lesson.title}** ({lesson.id})" for lesson in load_course()
                 if lesson.id != "00"]
    text = f"Available now: {_joined(available)}."
    planned = [f"{lesson.title} ({lesson.id})" for lesson in load_planned()]
    if planned:
        text += f" Planned: {_joined(planned)}."
    return text


def course_map():
    """The course map as a readable table, one row per lesson.

    Returns
    -------
    implcourse.tables.Table
        Shown as HTML in a notebook; ``.data`` holds the DataFrame.

    Examples
    --------
    >>> course_map().columns
    ['Topics', 'Minutes (teach + exercises)', 'Interactive tools']
    """
    import pandas as pd

    from .tables import show

    rows = [{
        "lesson": lesson.label,
        "topics": "; ".join(lesson.topics),
        "minutes": f"{lesson.teaching_minutes} + {lesson.exercise_minutes}",
        "interactive tools": "; ".join(lesson.tools),
    } for lesson in load_course()]
    frame = pd.DataFrame(rows).set_index("lesson")
    return show(frame, labels={"lesson": "Lesson", "minutes": "Minutes (teach + exercises)"})


def course_map_markdown(link_prefix: str = "") -> str:
    """The course map as a Markdown table, with links to the notebooks.

    Parameters
    ----------
    link_prefix : str
        Prepended to each notebook's file name (``"notebooks/"`` in the
        README, ``""`` inside ``notebooks/``).
    """
    if not isinstance(link_prefix, str):
        raise TypeError(f"link_prefix must be a string, got {type(link_prefix).__name__}")
    lines = ["| Lesson | Topics | Minutes (teach + exercises) | Interactive tools |",
             "| --- | --- | --- | --- |"]
    for lesson in load_course():
        minutes = f"{lesson.teaching_minutes} + {lesson.exercise_minutes}"
        tools = "; ".join(lesson.tools) or "none"
        lines.append(f"| [{lesson.label}]({link_prefix}{lesson.notebook}) | "
                     f"{'; '.join(lesson.topics)} | {minutes} | {tools} |")
    return "\n".join(lines)
