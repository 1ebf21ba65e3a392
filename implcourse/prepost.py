"""Pre- and post-test forms, and the learning gain per topic.

Two **parallel forms** come from the question bank: form A is the pre-test
(before the course), form B the post-test (after it). For every question of
form A, form B holds one of the same lesson, topic, difficulty and kind, at
the same position, and no question is on both forms. So the two forms ask
about the same things at the same level, and a participant who takes the
post-test has not seen its questions in the pre-test.

Only single- and multiple-choice questions are used: they print on paper,
are quick to answer and are graded the same way everywhere. Every content
lesson (01 to 08) gets the same number of pairs, and within a lesson the
topics take turns, so the forms spread over as many topics as their length
allows.

The forms every workshop uses are fixed in ``datasets/prepost.yml`` (the
question ids of both forms and the length and seed they were built with):
:func:`forms` loads them, and ``tests/test_prepost.py`` keeps the file equal
to :func:`build_forms` with its stored seed. In JupyterLab, the practice
exam of lesson 10 offers them as the blueprints *Pre-test (form A)* and
*Post-test (form B)*: the same questions, in the same order and with the
same option letters as the printed forms (:func:`form_html`). A practice exam
of another blueprint avoids the forms' questions while it has others, and a
printed lesson quiz leaves them out (see :func:`held_back`), so practice
does not rehearse the post-test.

The **learning gain** (:func:`gain_report`) is computed from the progress
files participants export (``implcourse progress --export csv FILE``).

References
----------
Hake, R. R. (1998). Interactive-engagement versus traditional methods: a
six-thousand-student survey of mechanics test data for introductory physics
courses. *American Journal of Physics* 66(1), 64-74. The average normalised
gain of a class, ``<g> = (post - pre) / (100 - pre)`` on the class's mean
percentages: the share of the possible gain that was achieved. Hake called
``<g>`` below 0.3 low, 0.3 to 0.7 medium and 0.7 or more high.

Examples
--------
>>> fixed = forms()
>>> len(fixed.questions("A")) == len(fixed.questions("B")) == fixed.n
True
>>> set(fixed.ids("A")) & set(fixed.ids("B"))
set()
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from .content import (ContentError, ContentModel, cached_by_file, display_path, read_yaml,
                      validation_errors)
from .exam import Asked, allocate, ask
from .quiz import Question, load_bank
from .validation import check_choice, check_int, shown

__all__ = ["Forms", "build_forms", "forms", "forms_text", "held_back", "form_html",
           "gain_report", "FORMS_FILE", "FORM_NAMES", "FORM_KINDS", "LESSONS", "DEFAULT_N",
           "DEFAULT_SEED", "EXPORT_COLUMNS", "BREAKDOWNS"]

#: The committed forms, in ``datasets/``.
FORMS_FILE = "prepost.yml"
#: Form A is the pre-test, form B the post-test.
FORM_NAMES = ("A", "B")
#: The kinds of question on the forms.
FORM_KINDS = ("single", "multiple")
#: The content lessons the forms cover.
LESSONS = tuple(f"{i:02d}" for i in range(1, 9))
#: Questions per form (four per lesson), and the seed of the committed forms.
DEFAULT_N = 32
DEFAULT_SEED = 5
#: The columns of ``implcourse progress --export csv FILE``.
EXPORT_COLUMNS = ("id", "at", "kind", "item", "lesson", "topic", "correct", "answer",
                  "seconds")
#: What :func:`gain_report` can group by.
BREAKDOWNS = ("topic", "lesson")
_TITLES = {"A": "Pre-test (form A)", "B": "Post-test (form B)"}


def _cell(question: Question) -> tuple:
    """What a pair of parallel questions shares."""
    return (question.lesson, question.topic, question.difficulty, question.kind)


@dataclass(frozen=True)
class Forms:
    """Two parallel, disjoint forms: ``a`` (pre-test) and ``b`` (post-test).

    ``a[i]`` and ``b[i]`` share lesson, topic, difficulty and kind. ``seed``
    is the seed the forms were built with; it also shuffles their options,
    the same way on screen and on paper.
    """

    seed: int
    a: tuple[Question, ...]
    b: tuple[Question, ...]

    @property
    def n(self) -> int:
        """Questions per form."""
        return len(self.a)

    def questions(self, form: str) -> tuple[Question, ...]:
        """The questions of form ``"A"`` or ``"B"``, in order."""
        form = check_choice("form", form, FORM_NAMES)
        return self.a if form == "A" else self.b

    def ids(self, form: str) -> list[str]:
        """The question ids of form ``"A"`` or ``"B"``, in order."""
        return [q.id for q in self.questions(form)]

    def asked(self, form: str) -> list[Asked]:
        """The questions of a form as asked: numbered in order, options
        shuffled by the forms' seed (the same on screen and on paper)."""
        return [ask(q, self.seed, number)
                for number, q in enumerate(self.questions(form), start=1)]


def _form_pool() -> list[Question]:
    return [q for q in load_bank() if q.kind in FORM_KINDS and q.lesson in LESSONS]


def _pairs_per_lesson(pool: list[Question]) -> dict[str, int]:
    cells: dict[tuple, int] = {}
    for q in pool:
        cells[_cell(q)] = cells.get(_cell(q), 0) + 1
    return {lesson: sum(count // 2 for cell, count in cells.items() if cell[0] == lesson)
            for lesson in LESSONS}


def _most_questions(pool: list[Question]) -> int:
    have = _pairs_per_lesson(pool)
    best = 0
    for n in range(len(LESSONS), 401):
        if all(need <= have[lesson] for lesson, need in
               allocate({lesson: 1 for lesson in LESSONS}, n).items()):
            best = n
    return best


def build_forms(n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> Forms:
    """Two parallel, disjoint forms of ``n`` questions each, drawn with ``seed``.

    Each lesson 01 to 08 gets an equal share of ``n`` (largest remainder,
    :func:`implcourse.exam.allocate`). Within a lesson the topics take turns
    in a seeded order; each turn picks, at random, a group of single- or
    multiple-choice questions of one topic, difficulty and kind that still
    holds two unused questions, and gives one of them to each form (which
    one goes to A is drawn too). The forms list the lessons in order, and
    form B asks at each position a question of the same group as form A.

    Parameters
    ----------
    n : int, default :data:`DEFAULT_N`
        Questions per form: at least one per lesson (8), at most what the
        bank can pair.
    seed : int, default :data:`DEFAULT_SEED`

    Raises
    ------
    ValueError
        If ``n`` is outside that range.

    Examples
    --------
    >>> built = build_forms(16, seed=5)
    >>> [(q.lesson, q.topic, q.difficulty) for q in built.a] == [
    ...     (q.lesson, q.topic, q.difficulty) for q in built.b]
    True
    """
    import numpy as np

    pool = _form_pool()
    most = _most_questions(pool)
    n = check_int("n", n, minimum=len(LESSONS), maximum=most)
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    form_a: list[Question] = []
    form_b: list[Question] = []
    for lesson, count in allocate({lesson: 1 for lesson in LESSONS}, n).items():
        cells: dict[tuple, list[Question]] = {}
        for q in pool:
            if q.lesson == lesson:
                cells.setdefault(_cell(q), []).append(q)
        queues = {cell: [members[int(i)] for i in rng.permutation(len(members))]
                  for cell, members in sorted(cells.items())}
        by_topic: dict[str, list[tuple]] = {}
        for cell in queues:
            by_topic.setdefault(cell[1], []).append(cell)
        topics = sorted(by_topic)
        turns = [topics[int(i)] for i in rng.permutation(len(topics))]
        taken = 0
        while taken < count:
            for topic in turns:
                open_cells = [cell for cell in by_topic[topic] if len(queues[cell]) >= 2]
                if taken == count or not open_cells:
                    continue
                cell = open_cells[int(rng.integers(len(open_cells)))]
                first, second = queues[cell].pop(), queues[cell].pop()
                if rng.random() < 0.5:
                    first, second = second, first
                form_a.append(first)
                form_b.append(second)
                taken += 1
    return Forms(seed=seed, a=tuple(form_a), b=tuple(form_b))


def forms_text(n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> str:
    """The text of ``datasets/prepost.yml`` for the forms :func:`build_forms` makes.

    To change the committed forms (after the bank changes, or for another
    length), write this text to the file, e.g.
    ``python -c "from implcourse import prepost; print(prepost.forms_text(), end='')"
    > datasets/prepost.yml``, and re-execute lesson 10.

    Examples
    --------
    >>> forms_text(8, seed=1).count("\\n  - ")
    16
    """
    from .course import topic_name

    built = build_forms(n, seed)
    lines = [
        "# The pre-test (form A) and post-test (form B) of the course: question ids of the",
        "# bank, in the order asked. Written by implcourse.prepost.forms_text(n, seed); do not",
        "# edit by hand (tests/test_prepost.py checks the file against it). Position i of",
        "# form B is a question of the same lesson, topic, difficulty and kind as position i",
        "# of form A, and no question is on both forms. See datasets/README.md.",
        f"seed: {built.seed}",
        f"n: {built.n}",
    ]
    for name, questions in (("form_a", built.a), ("form_b", built.b)):
        lines.append(f"{name}:")
        for q in questions:
            lines.append(f"  - {q.id}  # {q.lesson} {topic_name(q.lesson, q.topic)}, "
                         f"difficulty {q.difficulty}, {q.kind}")
    return "\n".join(lines) + "\n"


class _FormsFile(ContentModel):
    seed: int = Field(ge=0)
    n: int = Field(ge=1, le=400)
    form_a: list[str] = Field(min_length=1)
    form_b: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> _FormsFile:
        for name in ("form_a", "form_b"):
            ids = getattr(self, name)
            if len(ids) != self.n:
                raise ValueError(f"{name} lists {len(ids)} questions, and n is {self.n}")
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{name} lists {repeated[0]!r} more than once")
        both = sorted(set(self.form_a) & set(self.form_b))
        if both:
            raise ValueError(f"question {both[0]!r} is on both forms: the forms must not "
                             "share a question")
        return self


def _read_forms(path: Path) -> Forms:
    raw = read_yaml(path)
    file = display_path(path)
    try:
        model = _FormsFile.model_validate(raw)
    except ValidationError:
        problems = [ContentError(file, message, None, field)
                    for field, message in validation_errors(_FormsFile, raw)]
        first = problems[0] if problems else ContentError(file, "not a pre/post forms file")
        raise ContentError(file, first.message, None, first.field, problems=problems) from None
    bank = {q.id: q for q in load_bank()}
    picked = {}
    for name in ("form_a", "form_b"):
        for index, question_id in enumerate(getattr(model, name)):
            if question_id not in bank:
                raise ContentError(file, f"question {question_id!r} is not in the question "
                                         "bank (removed or renamed?): rebuild the forms with "
                                         "implcourse.prepost.forms_text", None,
                                   f"{name}[{index}]")
            if bank[question_id].kind not in FORM_KINDS:
                raise ContentError(file, f"question {question_id!r} is a "
                                         f"{bank[question_id].kind!r} question; the forms hold "
                                         "single and multiple choice questions only", None,
                                   f"{name}[{index}]")
        picked[name] = tuple(bank[i] for i in getattr(model, name))
    for index, (qa, qb) in enumerate(zip(picked["form_a"], picked["form_b"])):
        if _cell(qa) != _cell(qb):
            raise ContentError(file, f"questions {qa.id!r} and {qb.id!r} are not parallel "
                                     "(lesson, topic, difficulty and kind must be the same)",
                               None, f"form_b[{index}]")
    return Forms(seed=model.seed, a=picked["form_a"], b=picked["form_b"])


_load_forms = cached_by_file(_read_forms)


def forms(name: str | os.PathLike = FORMS_FILE) -> Forms:
    """The fixed pre- and post-test forms (``datasets/prepost.yml`` by default).

    Raises
    ------
    ContentError
        Naming the file and the entry, if a question id is not in the bank,
        a question is not single or multiple choice, the two forms share a
        question, or a pair is not parallel.

    Examples
    --------
    >>> forms().n
    32
    """
    if isinstance(name, bool) or not isinstance(name, (str, os.PathLike)):
        raise TypeError(f"name must be a file name or path, got {type(name).__name__} "
                        f"{shown(name)}")
    return _load_forms(name)


def held_back() -> frozenset[str]:
    """The ids of both forms' questions.

    Practice exams of other blueprints take them only when nothing else is
    left, and printed lesson quizzes leave them out, so that practice does
    not rehearse the post-test.

    Examples
    --------
    >>> len(held_back()) == 2 * forms().n
    True
    """
    fixed = forms()
    return frozenset(q.id for q in fixed.a + fixed.b)


def _minutes(form: str) -> float | None:
    from .exam import load_blueprints

    for blueprint in load_blueprints():
        if blueprint.form == form:
            return blueprint.minutes
    return None


def form_html(form: str, *, answer_key: bool = False) -> str:
    """A printable pre-test (``"A"``) or post-test (``"B"``), or its answer key.

    The form has a line for the participant's name, numbered questions and
    a tick box beside each option, with the options lettered as the practice
    exam shows them in JupyterLab. The answer key, a separate document, gives
    each question's right letters and its explanation.

    Examples
    --------
    >>> sheet = form_html("A")
    >>> "Pre-test (form A)" in sheet and sheet.count('class="question keep"') == forms().n
    True
    >>> 'class="key"' in sheet, 'class="key"' in form_html("A", answer_key=True)
    (False, True)
    """
    from .printable import key_document, quiz_document

    form = check_choice("form", form, FORM_NAMES)
    if not isinstance(answer_key, bool):
        raise TypeError(f"answer_key must be True or False, got {type(answer_key).__name__} "
                        f"{shown(answer_key)}")
    fixed = forms()
    asked = fixed.asked(form)
    title = _TITLES[form]
    minutes = _minutes(form)
    timing = f", about {minutes:g} minutes" if minutes else ""
    other = "post-test (form B)" if form == "A" else "pre-test (form A)"
    if answer_key:
        return key_document(f"Answer key: {title}", asked,
                            intro=f"{fixed.n} questions. The letters are those printed on the "
                                  f"form and shown by the practice exam in JupyterLab.")
    return quiz_document(title, asked,
                         intro=f"{fixed.n} questions{timing}. Tick one box unless a question "
                               f"asks for all that apply. The {other} asks about the same "
                               "topics at the same difficulty, with other questions.")


# ---------------------------------------------------------------------------
# The learning gain
# ---------------------------------------------------------------------------

_TRUE = {"true": True, "1": True, "false": False, "0": False}


def _read_export(path, index: int):
    """One participant's exported progress, checked: a DataFrame of the
    question attempts (``id``, ``at``, ``item``, ``correct``), oldest first."""
    import pandas as pd

    from .limits import MAX_FILE_BYTES

    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"files must hold file paths; item {index} is {type(path).__name__} "
                        f"{shown(path)}")
    file = Path(path).expanduser()
    # Name the file by its name (a long path would be shortened from the end, and
    # the name is what tells participants' files apart).
    name = file.name if len(str(path)) > 60 else str(path)
    if not name.strip() or not file.is_file():
        raise ValueError(f"files: {shown(name)} is not a file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"files: {shown(name)} is larger than {MAX_FILE_BYTES:,} bytes: not "
                         "a progress export")
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError) as err:  # parser, encoding and empty-file errors
        raise ValueError(f"files: {shown(name)} is not a CSV progress export "
                         f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''})"
                         ) from None
    missing = [c for c in EXPORT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"files: {shown(name)} is not a progress export (written by "
                         f"implcourse progress --export csv FILE): it has no column "
                         f"{', '.join(missing)}")
    rows = []
    for line, record in enumerate(frame.itertuples(index=False), start=2):
        entry = record._asdict()
        try:
            event_id = int(entry["id"])
        except ValueError:
            raise ValueError(f"files: {shown(name)}, line {line}: id {shown(entry['id'])} is "
                             "not a whole number") from None
        if entry["kind"] != "question":
            continue
        correct = _TRUE.get(str(entry["correct"]).strip().lower())
        if correct is None:
            raise ValueError(f"files: {shown(name)}, line {line}: correct must be True or "
                             f"False for an answer, got {shown(entry['correct'])}")
        rows.append((event_id, str(entry["at"]), str(entry["item"]), correct))
    attempts = pd.DataFrame(rows, columns=["id", "at", "item", "correct"])
    return attempts.sort_values("id", kind="stable")


def _first_sitting(attempts, ids: set[str]) -> dict[str, bool] | None:
    """The answers of the first sitting of a form: the first batch of two or
    more answers recorded together (one time stamp) whose questions are all
    on the form. None if the participant never sat it."""
    for _, batch in attempts.groupby("at", sort=False):
        items = list(batch["item"])
        if len(items) >= 2 and set(items) <= ids:
            return dict(zip(batch["item"], batch["correct"]))
    return None


def _group(question: Question, by: str) -> tuple[str, str]:
    """(sort key, label) of the group a question counts in."""
    from .course import get_lesson, topic_name

    if by == "lesson":
        try:
            return question.lesson, get_lesson(question.lesson).label
        except ValueError:
            return question.lesson, question.lesson
    return (f"{question.lesson} {question.topic}",
            f"{question.lesson} {topic_name(question.lesson, question.topic)}")


def gain_report(files, *, by: str = "topic"):
    """The learning gain per topic (or lesson) from participants' exported progress.

    Each file is one participant's ``implcourse progress --export csv FILE``.
    A participant's **pre-test** is their first sitting of form A: the
    first time the practice exam recorded their answers to the pre-test
    (an exam's answers are recorded together, with one time stamp; two or
    more answers, all on form A). Likewise the **post-test** with form B.
    Answers given elsewhere (a lesson's knowledge check may ask a form's
    question, one answer at a time) and later sittings do not count. The
    exam records only the questions answered: one left blank counts as
    wrong, as in the exam.

    Per group, over the participants who took both: the mean pre-test and
    post-test per cent, the mean gain in points, and Hake's (1998) average
    normalised gain ``<g> = (post - pre) / (100 - pre)`` on those class
    means. When the class's mean pre-test score is 100 %, there is nothing
    left to gain and ``g`` is None (Hake's ratio is undefined there).
    Participants who took only one form are counted, named in the note and
    left out of every figure.

    Parameters
    ----------
    files : list of str or Path
        The exported CSV files, one per participant.
    by : {"topic", "lesson"}, default "topic"

    Returns
    -------
    pandas.DataFrame
        One row per topic (``"04 Expected monetary value"``) or lesson, in
        course order, then ``"All questions"``. Columns ``questions`` (per
        form), ``participants``, ``pre``, ``post`` (mean per cent), ``gain``
        (points) and ``g``. ``attrs`` holds ``complete``, ``pre_only``,
        ``post_only`` and ``neither`` (the files in each case) and ``note``.

    Raises
    ------
    ValueError
        Naming the file, if a file does not exist, is given twice or is not
        a progress export (a column missing, an id that is not a whole
        number, an answer neither True nor False); or if no participant took
        both forms.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from implcourse.progress import ProgressStore
    >>> folder = Path(tempfile.mkdtemp())
    >>> store = ProgressStore(folder / "ada")
    >>> fixed = forms()
    >>> def sitting(questions, right):  # as the practice exam records a form
    ...     store.record_attempts([{"question_id": q.id, "correct": right(q),
    ...                             "lesson": q.lesson, "topic": q.topic} for q in questions])
    >>> sitting(fixed.a, lambda q: q.lesson == "01")
    >>> sitting(fixed.b, lambda q: True)
    >>> store.events().to_csv(folder / "ada.csv", index=False)
    >>> report = gain_report([str(folder / "ada.csv")], by="lesson")
    >>> report.loc["All questions", ["pre", "post", "gain"]].tolist()
    [12.5, 100.0, 87.5]
    """
    import pandas as pd

    by = check_choice("by", by, BREAKDOWNS)
    if isinstance(files, (str, bytes, os.PathLike)) or not isinstance(files, (list, tuple)):
        raise TypeError(f"files must be a list of file paths, got {type(files).__name__} "
                        f"{shown(files)}")
    if not files:
        raise ValueError("files must name at least one exported progress file")
    names = [str(f) for f in files]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise ValueError(f"files: {shown(name)} is given twice")
    exports = [_read_export(f, i) for i, f in enumerate(files, start=1)]
    fixed = forms()
    groups = {q.id: _group(q, by) for q in fixed.a + fixed.b}
    order = sorted({groups[q.id] for q in fixed.a})
    count = {g: sum(groups[q.id] == g for q in fixed.a) for g in order}
    in_a, in_b = set(fixed.ids("A")), set(fixed.ids("B"))

    complete, pre_only, post_only, neither = [], [], [], []
    scores: list[dict] = []
    for name, attempts in zip(names, exports):
        sittings = {"pre": _first_sitting(attempts, in_a),
                    "post": _first_sitting(attempts, in_b)}
        took_a, took_b = sittings["pre"] is not None, sittings["post"] is not None
        if not (took_a and took_b):
            (pre_only if took_a else post_only if took_b else neither).append(name)
            continue
        complete.append(name)
        per = {}
        for form, questions in (("pre", fixed.a), ("post", fixed.b)):
            right = sittings[form]
            for g in order:
                got = sum(bool(right.get(q.id, False)) for q in questions if groups[q.id] == g)
                per[(form, g)] = 100.0 * got / count[g]
            per[(form, None)] = 100.0 * sum(bool(right.get(q.id, False))
                                            for q in questions) / len(questions)
        scores.append(per)

    left_out = []
    if pre_only:
        left_out.append(f"{len(pre_only)} took only the pre-test ({', '.join(pre_only)})")
    if post_only:
        left_out.append(f"{len(post_only)} took only the post-test ({', '.join(post_only)})")
    if neither:
        left_out.append(f"{len(neither)} took neither ({', '.join(neither)})")
    if not complete:
        raise ValueError(f"files: none of the {len(names)} participant"
                         f"{'s' if len(names) != 1 else ''} took both the pre-test (form A) "
                         f"and the post-test (form B): {'; '.join(left_out)}")

    rows = []
    for g in [*order, None]:
        pre = sum(s[("pre", g)] for s in scores) / len(scores)
        post = sum(s[("post", g)] for s in scores) / len(scores)
        rows.append({"group": "All questions" if g is None else g[1],
                     "questions": fixed.n if g is None else count[g],
                     "participants": len(scores), "pre": pre, "post": post,
                     "gain": post - pre,
                     "g": None if pre >= 100.0 - 1e-9 else (post - pre) / (100.0 - pre)})
    report = pd.DataFrame(rows).set_index("group")
    report.index.name = by
    report["g"] = report["g"].astype(object).where(report["g"].notna(), None)
    note = (f"{len(complete)} of {len(names)} participant{'s' if len(names) != 1 else ''} "
            "took both forms and count in every figure")
    note += ("; left out: " + "; ".join(left_out) + "." if left_out else ".")
    note += (" g is Hake's normalised gain on the class means, (post - pre) / (100 - pre); "
             "no g where the mean pre-test score is 100 %.")
    report.attrs.update(complete=complete, pre_only=pre_only, post_only=post_only,
                        neither=neither, note=note)
    return report


# ---------------------------------------------------------------------------
# The command line: implcourse learning-gain FILE [FILE ...] [--csv OUT]
# ---------------------------------------------------------------------------

def add_command(commands) -> None:
    """Add ``learning-gain`` to the ``implcourse`` command's subparsers."""
    command = commands.add_parser(
        "learning-gain", help="the learning gain per topic from participants' progress files",
        description="Read participants' exported progress (implcourse progress --export csv "
                    "FILE, one file per participant) and print, per topic, the mean "
                    "pre-test (form A) and post-test (form B) scores, the gain in points and "
                    "Hake's normalised gain. Exit status: 0 done, 1 a file is not a progress "
                    "export or nobody took both forms, 2 a file does not exist.")
    command.add_argument("files", nargs="+", metavar="FILE",
                         help="a participant's exported progress (CSV)")
    command.add_argument("--by", choices=BREAKDOWNS, default="topic",
                         help="group by topic (default) or by lesson")
    command.add_argument("--csv", metavar="OUT", help="also write the table to OUT as CSV")
    command.set_defaults(run=_run)


def _run(options, _rest) -> int:
    from .cli import OK, USAGE, _say_problem
    from .tables import show

    missing = [f for f in options.files if not f.strip() or not Path(f).expanduser().is_file()]
    if missing:
        for name in missing:
            _say_problem(f"learning-gain: no such file: {name!r}")
        return USAGE
    report = gain_report(options.files, by=options.by)
    table = show(report, labels={"topic": "Topic", "lesson": "Lesson",
                                 "questions": "Questions per form",
                                 "participants": "Participants", "pre": "Pre-test %",
                                 "post": "Post-test %", "gain": "Gain (points)",
                                 "g": "Normalised gain g"},
                 decimals={"pre": 1, "post": 1, "gain": 1, "g": 2})
    print(table)
    print()
    print(report.attrs["note"])
    if options.csv:
        out = Path(options.csv).expanduser()
        report.to_csv(out)
        print(f"Wrote the table to {options.csv}.")
    return OK
