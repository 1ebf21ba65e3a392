"""Pre- and post-test forms and the learning-gain report (implcourse.prepost).

The forms are checked from the bank's own data (lesson, topic, difficulty
and kind of each question), the committed file against what the builder
writes, the practice-exam blueprints against the forms, and the printed
forms and keys by reading them back. The gain is checked on a small
SYNTHETIC class: four invented participants whose answers are recorded by a
real ProgressStore (two of them through the practice exam widget) and
exported by the real ``implcourse progress --export csv FILE``; the
expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from implcourse import cli, content, exam, prepost, progress, quiz
from implcourse.content import ContentError
from implcourse.exam import _wrong_response
from implcourse.printing import escape
from implcourse.widgets.exam import practice_exam

from test_printable import check_key_against_print, printed_questions

LESSONS = [f"{i:02d}" for i in range(1, 9)]
FILE = content.datasets_dir() / prepost.FORMS_FILE
STORED = yaml.safe_load(FILE.read_text(encoding="utf-8"))
BANK = {q.id: q for q in quiz.load_bank()}


def cell(question):
    return (question.lesson, question.topic, question.difficulty, question.kind)


def assert_parallel_and_disjoint(a, b, n):
    assert len(a) == len(b) == n
    assert [cell(q) for q in a] == [cell(q) for q in b]
    ids_a, ids_b = [q.id for q in a], [q.id for q in b]
    assert len(set(ids_a)) == n and len(set(ids_b)) == n
    assert not set(ids_a) & set(ids_b)
    assert {q.kind for q in (*a, *b)} <= {"single", "multiple"}
    assert all(q.id in BANK and BANK[q.id] == q for q in (*a, *b))


# --------------------------------------------------------------------------
# The forms
# --------------------------------------------------------------------------

def test_the_committed_forms_are_parallel_disjoint_and_cover_every_lesson():
    fixed = prepost.forms()
    assert fixed.n == STORED["n"] and fixed.seed == STORED["seed"]
    assert fixed.ids("A") == STORED["form_a"] and fixed.ids("B") == STORED["form_b"]
    assert_parallel_and_disjoint(fixed.a, fixed.b, STORED["n"])
    per_lesson = Counter(q.lesson for q in fixed.a)
    assert set(per_lesson) == set(LESSONS)
    assert max(per_lesson.values()) - min(per_lesson.values()) <= 1
    # Topics take turns inside a lesson: no topic twice before every topic once.
    for lesson in LESSONS:
        topics = [q.topic for q in fixed.a if q.lesson == lesson]
        lesson_topics = {q.topic for q in quiz.load_bank(lesson=lesson)
                         if q.kind in prepost.FORM_KINDS}
        assert len(set(topics)) == min(len(topics), len(lesson_topics))


def test_the_committed_file_is_what_the_builder_writes():
    assert FILE.read_text(encoding="utf-8") == prepost.forms_text(STORED["n"], STORED["seed"])
    built = prepost.build_forms(STORED["n"], STORED["seed"])
    assert [q.id for q in built.a] == STORED["form_a"]
    assert [q.id for q in built.b] == STORED["form_b"]


@pytest.mark.parametrize("n, seed", [(8, 0), (9, 1), (20, 7), (41, 3), (64, 11)])
def test_built_forms_are_parallel_and_disjoint(n, seed):
    built = prepost.build_forms(n, seed)
    assert_parallel_and_disjoint(built.a, built.b, n)
    counts = Counter(q.lesson for q in built.a)
    assert counts == Counter(exam.allocate({lesson: 1 for lesson in LESSONS}, n))
    assert prepost.build_forms(n, seed) == built
    assert prepost.build_forms(n, seed + 1) != built


def test_the_longest_forms_the_bank_can_pair_and_no_longer():
    pool = [q for q in quiz.load_bank() if q.kind in ("single", "multiple")]
    cells = Counter(cell(q) for q in pool)
    pairs = Counter()
    for (lesson, *_), size in cells.items():
        pairs[lesson] += size // 2
    most = 8 * min(pairs[lesson] for lesson in LESSONS)  # an equal share for each lesson
    built = prepost.build_forms(most, 0)
    assert_parallel_and_disjoint(built.a, built.b, most)
    with pytest.raises(ValueError, match=r"n must be <= "):
        prepost.build_forms(10 * min(pairs.values()), 0)


def _write(tmp_path, data) -> Path:
    path = tmp_path / "my_prepost.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, words", [
    (lambda d: d["form_a"].__setitem__(3, "no-such-question"),
     r"form_a\[3\].*'no-such-question' is not in the question bank"),
    (lambda d: d["form_b"].__setitem__(0, d["form_a"][0]), r"on both forms"),
    (lambda d: d["form_b"].reverse(), r"form_b\[0\].*not parallel"),
    (lambda d: d.update(n=5), rf"form_a lists {STORED['n']} questions, and n is 5"),
    (lambda d: d["form_a"].__setitem__(1, d["form_a"][0]), r"more than once"),
    (lambda d: d["form_a"].__setitem__(
        0, next(q.id for q in BANK.values() if q.kind == "ordering")),
     r"form_a\[0\].*'ordering' question"),
    (lambda d: d.update(extra=1), r"extra"),
])
def test_a_broken_forms_file_is_refused_naming_the_file_and_entry(tmp_path, change, words):
    data = {key: (list(value) if isinstance(value, list) else value)
            for key, value in STORED.items()}
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(ContentError) as info:
        prepost.forms(path)
    assert path.name in str(info.value)
    assert re.search(words, str(info.value)), str(info.value)


# --------------------------------------------------------------------------
# The forms in JupyterLab: blueprints and the practice exam
# --------------------------------------------------------------------------

@pytest.mark.parametrize("blueprint_id, form", [("pretest", "A"), ("posttest", "B")])
def test_the_form_blueprints_give_the_form_in_its_order_whatever_the_seed(blueprint_id, form):
    fixed = prepost.forms()
    plan = exam.get_blueprint(blueprint_id)
    assert plan.form == form and plan.questions == fixed.n
    per_lesson = Counter(q.lesson for q in fixed.questions(form))
    assert exam.allocate(plan.weights, plan.questions) == dict(sorted(per_lesson.items()))
    for seed in (0, 5, 123):
        built = exam.build_exam(blueprint_id, seed=seed, seen=fixed.ids(form))
        assert [a.question.id for a in built.asked] == fixed.ids(form)
        assert [a.order for a in built.asked] == [a.order for a in fixed.asked(form)]
        assert built.minutes == plan.minutes
    assert exam.most_questions(blueprint_id) == fixed.n
    with pytest.raises(ValueError, match=rf"questions must be {fixed.n}"):
        exam.build_exam(blueprint_id, questions=fixed.n - 1)


def test_other_practice_exams_swap_out_the_forms_questions():
    held = prepost.held_back()
    assert len(held) == 2 * prepost.forms().n
    for seed in range(6):
        for blueprint_id in ("quick", "course"):
            built = exam.build_exam(blueprint_id, seed=seed)
            assert not {a.question.id for a in built.asked} & held
    # When a group has nothing else left, they are used: the blueprint still fills.
    big = exam.build_exam("pmp_eco_2026", seed=1)
    assert len(big.asked) == 185


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def take_in_widget(store, blueprint_id, right, *, answer_rest=True):
    """Take a form in the practice exam widget: the key for questions whose lesson
    is in ``right``, a wrong answer (or none) for the others."""
    tool = practice_exam(blueprint_id, seed=77, store=store, clock=Clock())
    assert tool.length.disabled and tool.seed.disabled
    assert "fixed form" in tool.children[1].children[2].value
    tool.start.click()
    built = tool.state["exam"]
    for number, asked in enumerate(built.asked, start=1):
        if asked.question.lesson in right:
            tool.form(number).set(asked.key_shown)
        elif answer_rest:
            tool.form(number).set(_wrong_response(asked))
    tool.finish.click()
    if tool.state["result"] is None:  # unanswered questions: confirm
        tool.finish.click()
    assert tool.unexpected == [] and tool.state["result"] is not None
    return built


def test_the_widget_offers_the_forms_and_records_them_like_any_exam(tmp_path):
    store = progress.ProgressStore(tmp_path / "home")
    tool = practice_exam("course", store=store)
    names = dict(tool.pick.options)
    assert names["Pre-test (form A)"] == "pretest" and names["Post-test (form B)"] == "posttest"
    assert not tool.length.disabled
    tool.pick.value = "posttest"
    assert tool.length.disabled and tool.seed.disabled and tool.length.value == prepost.forms().n
    tool.pick.value = "quick"
    assert not tool.length.disabled and not tool.seed.disabled and tool.length.value == 20
    built = take_in_widget(store, "pretest", {"01"})
    fixed = prepost.forms()
    assert store.attempts()["item"].tolist() == fixed.ids("A")
    assert store.exams()[["blueprint", "questions", "correct"]].values.tolist() == [
        ["pretest", fixed.n, sum(q.lesson == "01" for q in fixed.a)]]
    # The screen shows the options in the printed form's order.
    assert [a.order for a in built.asked] == [a.order for a in fixed.asked("A")]


# --------------------------------------------------------------------------
# The printed forms
# --------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["A", "B"])
def test_printed_forms_and_keys(form):
    fixed = prepost.forms()
    sheet = prepost.form_html(form)
    key = prepost.form_html(form, answer_key=True)
    by_stem = {" ".join(q.stem.split()): q for q in fixed.questions(form)}
    kinds = check_key_against_print(sheet, key, by_stem)
    assert len(kinds) == fixed.n
    printed = printed_questions(sheet)
    assert [by_stem[p["stem"]].id for p in printed] == fixed.ids(form)
    assert "Name:" in sheet and sheet.count('<span class="box">') == sum(
        len(q.options) for q in fixed.questions(form))
    for q in fixed.questions(form):
        assert escape(q.explanation) not in sheet and escape(q.explanation) in key
    other = fixed.questions("B" if form == "A" else "A")
    assert not any(" ".join(q.stem.split()) in " ".join(sheet.split()) for q in other)


@pytest.mark.parametrize("call, error, words", [
    (lambda: prepost.form_html("C"), ValueError, "form"),
    (lambda: prepost.form_html("A", answer_key="yes"), TypeError, "answer_key"),
    (lambda: prepost.build_forms(7), ValueError, "n must be"),
    (lambda: prepost.build_forms(16, seed=-1), ValueError, "seed"),
    (lambda: prepost.forms(3), TypeError, "name"),
    (lambda: prepost.forms().questions("a"), ValueError, "form"),
    (lambda: prepost.gain_report([], by="topic"), ValueError, "files"),
    (lambda: prepost.gain_report("one.csv"), TypeError, "files"),
    (lambda: prepost.gain_report([3]), TypeError, "files"),
    (lambda: prepost.gain_report(["x.csv"], by="domain"), ValueError, "by"),
])
def test_bad_input_is_refused_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --------------------------------------------------------------------------
# The learning gain, on a SYNTHETIC class
# --------------------------------------------------------------------------

def export(monkeypatch, home: Path, out: Path) -> Path:
    """What a participant does: ``implcourse progress --export csv FILE``."""
    monkeypatch.setenv("IMPLCOURSE_HOME", str(home))
    assert cli.main(["progress", "--export", "csv", str(out)]) == 0
    return out


def attempts(questions, right_lessons):
    return [{"question_id": q.id, "correct": q.lesson in right_lessons, "lesson": q.lesson,
             "topic": q.topic, "answer": "x"} for q in questions]


@pytest.fixture(scope="module")
def synthetic_class(tmp_path_factory):
    """Four invented participants (SYNTHETIC data), built once for the module."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _synthetic_class(tmp_path_factory.mktemp("class"), monkeypatch)


def _synthetic_class(tmp_path, monkeypatch):
    fixed = prepost.forms()
    files = {}
    # Ada: pre-test in the widget, right in lessons 01-02 (8 of 32 = 25 %), wrong elsewhere;
    # then, in lesson 08's knowledge check (one answer at a time), a form-B question right,
    # which is not the post-test; post-test right everywhere but lesson 08 (28 of 32 =
    # 87.5 %); then she retakes the pre-test and gets all right: only first sittings count.
    home = tmp_path / "ada"
    store = progress.ProgressStore(home)
    take_in_widget(store, "pretest", {"01", "02"})
    early = next(q for q in fixed.b if q.lesson == "08")
    store.record_attempt(early.id, True, "B", lesson="08", topic=early.topic)
    store.record_attempts(attempts(fixed.b, set(LESSONS) - {"08"}))
    store.record_attempts(attempts(fixed.a, set(LESSONS)))
    files["ada"] = export(monkeypatch, home, tmp_path / "ada.csv")
    # Grace: pre-test in the widget, right in lesson 01 and the rest left blank
    # (4 of 32 = 12.5 %); post-test right in lessons 01-04 (16 of 32 = 50 %), then all
    # right on a second go, which does not count. A lesson question outside the forms too.
    home = tmp_path / "grace"
    store = progress.ProgressStore(home)
    take_in_widget(store, "pretest", {"01"}, answer_rest=False)
    outside = next(q for q in quiz.load_bank(lesson="03") if q.id not in prepost.held_back())
    store.record_attempt(outside.id, False, lesson="03", topic=outside.topic)
    store.record_attempts(attempts(fixed.b, {"01", "02", "03", "04"}))
    store.record_attempts(attempts(fixed.b, set(LESSONS)))
    files["grace"] = export(monkeypatch, home, tmp_path / "grace.csv")
    # Linus: only the pre-test (all right). Left out of every figure.
    home = tmp_path / "linus"
    progress.ProgressStore(home).record_attempts(attempts(fixed.a, set(LESSONS)))
    files["linus"] = export(monkeypatch, home, tmp_path / "linus.csv")
    # Edsger: an exercise, a lesson question and, in knowledge checks, one question of each
    # form: no sitting of either form.
    home = tmp_path / "edsger"
    store = progress.ProgressStore(home)
    store.record("exercise", "01.phase_order", lesson="01", topic="phases", correct=True)
    store.record_attempt(outside.id, True, lesson="03", topic=outside.topic)
    for q in (fixed.a[0], fixed.b[0]):
        store.record_attempt(q.id, True, lesson=q.lesson, topic=q.topic)
    files["edsger"] = export(monkeypatch, home, tmp_path / "edsger.csv")
    return files


# Worked by hand from the story above, over Ada and Grace (the two who took both):
#   lesson 01: pre (100 + 100) / 2 = 100, post 100: gain 0, g undefined (pre is 100 %)
#   lesson 02: pre (100 + 0) / 2 = 50,    post 100: gain 50,  g = 50 / 50 = 1
#   lessons 03, 04: pre 0, post 100:      gain 100, g = 1
#   lessons 05-07: pre 0, post (100 + 0) / 2 = 50: gain 50, g = 50 / 100 = 0.5
#   lesson 08: pre 0, post 0:             gain 0,   g = 0
#   all: pre (25 + 12.5) / 2 = 18.75, post (87.5 + 50) / 2 = 68.75, gain 50,
#        g = 50 / 81.25 = 0.6153846...
BY_LESSON = {"01": (100, 100, 0, None), "02": (50, 100, 50, 1.0), "03": (0, 100, 100, 1.0),
             "04": (0, 100, 100, 1.0), "05": (0, 50, 50, 0.5), "06": (0, 50, 50, 0.5),
             "07": (0, 50, 50, 0.5), "08": (0, 0, 0, 0.0)}
OVERALL = (18.75, 68.75, 50.0, 50 / 81.25)


def assert_row(row, expected):
    pre, post, gain, g = expected
    assert row["pre"] == pytest.approx(pre) and row["post"] == pytest.approx(post)
    assert row["gain"] == pytest.approx(gain)
    assert (row["g"] is None) if g is None else row["g"] == pytest.approx(g)


def test_gain_by_lesson_matches_the_hand_calculation(synthetic_class):
    report = prepost.gain_report(list(synthetic_class.values()), by="lesson")
    assert len(report) == 9 and report.index[-1] == "All questions"
    for label, row in report.iloc[:-1].iterrows():
        assert_row(row, BY_LESSON[label[:2]])
        assert row["participants"] == 2 and row["questions"] == 4
    assert_row(report.loc["All questions"], OVERALL)
    assert report.loc["All questions", "questions"] == 32
    attrs = report.attrs
    assert attrs["complete"] == [str(synthetic_class["ada"]), str(synthetic_class["grace"])]
    assert attrs["pre_only"] == [str(synthetic_class["linus"])]
    assert attrs["post_only"] == [] and attrs["neither"] == [str(synthetic_class["edsger"])]
    assert "2 of 4 participants" in attrs["note"] and "took only the pre-test" in attrs["note"]
    assert "took neither" in attrs["note"]


def test_gain_by_topic_matches_the_hand_calculation(synthetic_class):
    report = prepost.gain_report([str(p) for p in synthetic_class.values()])
    fixed = prepost.forms()
    assert len(report) == len({(q.lesson, q.topic) for q in fixed.a}) + 1
    for label, row in report.iloc[:-1].iterrows():
        assert_row(row, BY_LESSON[label[:2]])
    assert_row(report.iloc[-1], OVERALL)
    assert report["questions"].iloc[:-1].sum() == fixed.n


def test_a_class_where_nobody_took_both_forms_is_refused(synthetic_class):
    with pytest.raises(ValueError, match=r"files: none of the 2 participants took both"):
        prepost.gain_report([synthetic_class["linus"], synthetic_class["edsger"]])


def _bad_files(tmp_path, good: Path) -> dict[str, tuple[Path, str]]:
    text = good.read_text(encoding="utf-8")
    lines = text.splitlines()
    bad = {}
    register = content.datasets_dir() / "risk_register.csv"
    bad["other_csv"] = (register, r"is not a progress export.*no column")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    bad["binary"] = (binary, r"binary.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    bad["empty"] = (empty, r"empty.csv.*not a CSV progress export")
    answer = tmp_path / "answer.csv"
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("correct")] = "maybe"
    answer.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    bad["answer"] = (answer, r"answer.csv', line 2: correct must be True or False")
    ids = tmp_path / "ids.csv"
    row = lines[1].split(",")
    row[header.index("id")] = "first"
    ids.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    bad["ids"] = (ids, r"ids.csv', line 2: id 'first' is not a whole number")
    folder = tmp_path / "a_folder"
    folder.mkdir()
    bad["folder"] = (folder, r"a_folder' is not a file")
    bad["missing"] = (tmp_path / "nobody.csv", r"nobody.csv' is not a file")
    return bad


def test_files_that_are_not_exports_are_refused_naming_the_file(synthetic_class, tmp_path):
    good = synthetic_class["ada"]
    for name, (path, words) in _bad_files(tmp_path, good).items():
        with pytest.raises(ValueError) as info:
            prepost.gain_report([good, path])
        message = str(info.value)
        assert message.startswith("files: ") and path.name in message, (name, message)
        assert re.search(words, message), (name, message)
    with pytest.raises(ValueError, match="given twice"):
        prepost.gain_report([good, str(good)])


# --------------------------------------------------------------------------
# implcourse learning-gain
# --------------------------------------------------------------------------

def test_the_command_prints_the_table_and_writes_csv(synthetic_class, tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "gain.csv"
    files = [str(p) for p in synthetic_class.values()]
    assert cli.main(["learning-gain", *files, "--by", "lesson", "--csv", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert "All questions" in printed.out and "Normalised gain g" in printed.out
    assert "02 Delivery approaches" in printed.out or re.search(r"^02 ", printed.out, re.M)
    assert "took only the pre-test" in printed.out
    assert re.search(r"All questions\s+32\s+2\s+18\.8\s+68\.8\s+50\.0\s+0\.62", printed.out)
    written = pd.read_csv(out, index_col=0)
    assert written.loc["All questions", "pre"] == pytest.approx(OVERALL[0])
    assert math.isnan(written.iloc[0]["g"])  # lesson 01: no g, written as an empty cell
    assert written.iloc[1]["g"] == pytest.approx(1.0)


def test_the_command_exit_statuses(synthetic_class, tmp_path, capsys):
    good = str(synthetic_class["ada"])
    register = str(content.datasets_dir() / "risk_register.csv")
    assert cli.main(["learning-gain", good, register]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "risk_register.csv" in err and "Traceback" not in err
    assert cli.main(["learning-gain", good, str(synthetic_class["linus"])]) == 0
    capsys.readouterr()
    assert cli.main(["learning-gain", str(synthetic_class["linus"])]) == 1
    assert "none of the 1 participant" in capsys.readouterr().err
    assert cli.main(["learning-gain", good, str(tmp_path / "nobody.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli.main(["learning-gain"]) == 2
    assert cli.main(["learning-gain", good, "--by", "domain"]) == 2


def test_the_installed_command_runs_learning_gain(synthetic_class):
    script = Path(sys.executable).parent / "implcourse"
    result = subprocess.run([str(script), "learning-gain", str(synthetic_class["ada"]),
                             str(synthetic_class["grace"])],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "All questions" in result.stdout and "2 of 2 participants" in result.stdout


@pytest.mark.parametrize("form", ["A", "B"])
def test_a_printed_form_has_a_time_allowance_and_a_score_box(form):
    from bs4 import BeautifulSoup

    fixed = prepost.forms()
    sheet = BeautifulSoup(prepost.form_html(form), "html.parser")
    score = " ".join(sheet.select_one("p.score").get_text().split())
    assert score == f"Score: / {fixed.n}"
    minutes = next(b.minutes for b in exam.load_blueprints() if b.form == form)
    assert f"{fixed.n} questions, about {minutes:g} minutes." in sheet.get_text()
    assert "draw" not in sheet.select_one("p.meta").get_text()
