"""The warm-up exercise of 00 Start here: read the course map.

Examples
--------
>>> from implcourse import course
>>> ex = CourseMinutes()
>>> ex.check(course.get_lesson("01").minutes).correct
True
"""

from __future__ import annotations

from .. import course
from ..answers import Number
from . import Exercise, Note

__all__ = ["CourseMinutes"]


class CourseMinutes(Exercise):
    """How many minutes, teaching plus exercises, does a lesson take?"""

    def __init__(self, lesson: str = "01") -> None:
        self.lesson_id = course.get_lesson(lesson).id
        super().__init__(
            id="00.course_minutes", lesson="00", topic="course_map",
            title="Read the course map",
            task=f"How many minutes does lesson {self.lesson_id} take, teaching and "
                 "exercises together?",
            hints=["Look at the course map above: find the row of the lesson.",
                   "The minutes column shows teaching + exercises: add the two figures."])

    def fields(self) -> list[Number]:
        return [Number("minutes", "Minutes for the lesson", unit="minutes", minimum=0)]

    def expected(self) -> dict[str, float]:
        return {"minutes": course.get_lesson(self.lesson_id).minutes}

    def _grade(self, minutes: float):
        value = minutes
        lesson = course.get_lesson(self.lesson_id)
        if value == lesson.minutes:
            return True, (f"Lesson {lesson.id} takes {lesson.minutes} minutes: "
                          f"{lesson.teaching_minutes} teaching and {lesson.exercise_minutes} "
                          "exercises."), None
        return False, f"{value:g} minutes is not what the course map says.", self.hints[0]

    def _solution(self) -> Note:
        lesson = course.get_lesson(self.lesson_id)
        return Note(f"`course.get_lesson({lesson.id!r}).minutes` gives **{lesson.minutes}**: "
                    f"{lesson.teaching_minutes} minutes of teaching plus "
                    f"{lesson.exercise_minutes} of exercises.")
