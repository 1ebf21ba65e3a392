"""The practice exam: a timed exam from a blueprint, flag-for-review, and a report at the end.

The view only wires widgets to :mod:`implcourse.exam` (choosing, asking,
scoring) and :mod:`implcourse.progress` (the history). No answer is graded
or shown until the exam is finished, as in a real exam.

The countdown is an ipywidgets ``Play`` widget, hidden: while it plays, the
browser sends a tick each second and the clock line is redrawn from the
kernel's monotonic clock (so a slow tick never gains time). When the time
is up the exam finishes by itself.
"""

from __future__ import annotations

import html
import time

import ipywidgets as w

from .. import exam, progress
from .charts import LiveChart
from .common import Tool, error_html, note_html
from .quiz import AnswerInput, question_html

#: The position of the History tab in the report.
HISTORY_TAB = 5

__all__ = ["practice_exam", "exam_history_view", "report_html", "review_html", "weakest_html"]


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _table(frame, by: str) -> str:
    from ..tables import show

    frame = frame.copy()
    frame["band"] = [b if isinstance(b, str) else f"too few to rate (under {exam.BAND_MINIMUM})"
                     for b in frame["band"]]
    labels = {"questions": "Questions", "correct": "Right", "percent": "Per cent",
              "low": "95 % interval from", "high": "to", "band": "Band"}
    if by == "domain":
        frame.index = [exam.DOMAIN_NAMES.get(str(i), str(i)) for i in frame.index]
    frame.index.name = {"domain": "Domain", "topic": "Topic", "difficulty": "Difficulty",
                        "level": "Level", "lesson": "Lesson"}.get(by, by)
    return show(frame, labels=labels, decimals=0).to_html()


def report_html(result: exam.Result) -> str:
    """The headline of a result: score, interval, band, time and what was left."""
    low, high = result.interval()
    band = exam.band(result.percent)
    parts = [f"<b>Score: {result.correct} of {result.total} ({result.percent:.0f} %)</b>, "
             f"band <b>{html.escape(band)}</b>. 95 % interval: {low:.0f} % to {high:.0f} %, "
             "the range of long-run scores this result is consistent with."]
    if result.total - result.answered:
        parts.append(f"{result.total - result.answered} not answered (counted as wrong, as "
                     "in the real exam).")
    if result.seconds is not None:
        parts.append(f"Time used: {_clock_text(result.seconds)}.")
    parts.append("Bands follow the style of PMI's score reports; their cut-offs here are a "
                 "teaching model (PMI does not publish its own, and reports pass or fail "
                 "overall: Target here is not a pass mark).")
    names = [b.name for b in exam.load_bands()]
    return note_html(" ".join(parts), good=band in names[:2])


def weakest_html(result: exam.Result, count: int = 5) -> str:
    """The weakest topics, each with a link to the lesson section to review."""
    weakest = result.weakest(count)
    if weakest.empty:
        return note_html("Every topic right: no weak area in this exam.", good=True)
    items = []
    for row in weakest.itertuples():
        place = html.escape(row.section)
        if row.link:
            place = f'<a href="{html.escape(row.link)}">{place}</a>'
        items.append(f"<li><b>{html.escape(row.topic_name)}</b>: {row.correct} of "
                     f"{row.questions} right. Review {place}.</li>")
    return "<p>Weakest areas first:</p><ol>" + "".join(items) + "</ol>"


def review_html(result: exam.Result) -> str:
    """Every question with the response, the key, the explanation and why the choice was wrong."""
    blocks = []
    for entry in result.review():
        mark = {True: "✔ right", False: "✘ wrong", None: "– not answered"}[entry["correct"]]
        colour = {True: "#1b7f3b", False: "#a35200", None: "#555555"}[entry["correct"]]
        flag = " ⚑ flagged" if entry["flagged"] else ""
        shown_items = ""
        if entry["shown"]:
            shown_items = "<ol type='A'>" + "".join(
                f"<li>{html.escape(text)}</li>" for _, text in entry["shown"]) + "</ol>"
        why = ""
        if entry["why_wrong"]:
            why = "<ul>" + "".join(f"<li><b>{letter}</b>: {html.escape(text)}</li>"
                                   for letter, text in entry["why_wrong"].items()) + "</ul>"
        link = ""
        if entry["link"]:
            title, target = entry["link"]
            link = f' Review: <a href="{html.escape(target)}">{html.escape(title)}</a>.'
        blocks.append(
            f'<div style="border-left:4px solid {colour};padding:4px 8px;margin:6px 0">'
            f"<p><b>Q{entry['number']}</b> <span style='color:{colour}'>{mark}</span>{flag}. "
            f"{html.escape(entry['stem'])}</p>{shown_items}"
            f"<p>Your answer: {html.escape(entry['response'])}<br>"
            f"Answer: {html.escape(entry['key'])}</p>"
            f"<p>{html.escape(entry['explanation'])}{link}</p>{why}</div>")
    return "".join(blocks)


def practice_exam(blueprint: str = "course", *, seed: int = 0, record: bool = True,
                  store: progress.ProgressStore | None = None, clock=time.monotonic) -> Tool:
    """A timed practice exam: choose a blueprint, length and time; answer; then the report.

    Parameters
    ----------
    blueprint : str, default "course"
        The blueprint selected at first (``datasets/blueprints.yml``). The
        pre-test and post-test blueprints (``pretest``, ``posttest``) give
        their fixed form (:mod:`implcourse.prepost`): the length and the seed
        cannot be changed for them, and they are recorded like any exam.
    seed : int, default 0
        The learner's seed: which questions, their order and their numbers.
        *New exam* moves to the next seed, and every exam takes the questions
        the learner has not answered before first.
    record : bool, default True
        Keep each finished exam (and each answer) in the progress store.
    store : ProgressStore, optional
        Where to keep it (the learner's by default).
    clock : callable
        Seconds, for the countdown (``time.monotonic``; the tests pass a fake).

    Examples
    --------
    >>> tool = practice_exam("quick", record=False)
    >>> tool.start.click()
    >>> tool.status.value.startswith("Question 1 of 20")
    True
    """
    plans = exam.load_blueprints()
    store = store or progress.ProgressStore()
    pick = w.Dropdown(options=[(b.name, b.id) for b in plans],
                      value=exam.get_blueprint(blueprint).id, description="Blueprint",
                      layout=w.Layout(width="100%", max_width="36em"))
    length = w.BoundedIntText(min=1, max=400, description="Questions",
                              layout=w.Layout(width="12em"))
    minutes = w.BoundedFloatText(min=1, max=600, step=5, description="Minutes",
                                 layout=w.Layout(width="12em"))
    seed_box = w.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="Seed",
                                layout=w.Layout(width="12em"))
    about = w.HTML()
    start = w.Button(description="Start the exam", button_style="primary", icon="play")
    setup = w.VBox([pick, w.HBox([length, minutes, seed_box],
                                 layout=w.Layout(flex_flow="row wrap")), about, start])

    timer = w.Play(value=0, min=0, max=10**6, step=1, interval=1000,
                   layout=w.Layout(display="none"))
    status = w.HTML()
    question = w.HTML()
    form_box = w.VBox()
    previous = w.Button(description="Previous", icon="arrow-left", layout=w.Layout(width="auto"))
    following = w.Button(description="Next", icon="arrow-right", layout=w.Layout(width="auto"))
    flag = w.ToggleButton(description="Flag for review", icon="flag", value=False,
                          layout=w.Layout(width="auto"))
    go = w.Dropdown(description="Go to", layout=w.Layout(width="16em"))
    finish = w.Button(description="Finish the exam", button_style="warning", icon="stop",
                      layout=w.Layout(width="auto"))
    notice = w.HTML()
    running = w.VBox([status, question, form_box,
                      w.HBox([previous, following, flag, go, finish],
                             layout=w.Layout(flex_flow="row wrap")), notice, timer])
    running.layout.display = "none"

    headline = w.HTML()
    domain_chart = LiveChart()
    domain_text = w.HTML()
    topic_table, level_table, weakest, review, history_text = (w.HTML() for _ in range(5))
    history_chart = LiveChart()
    again = w.Button(description="New exam", icon="redo", layout=w.Layout(width="auto"))
    report_tabs = w.Tab(children=[
        w.VBox([domain_chart.widget, domain_text]),
        topic_table, level_table, weakest, review,
        w.VBox([history_chart.widget, history_text])],
        titles=["Domains", "Topics", "Difficulty and level", "Weakest areas", "Review",
                "History"])
    report = w.VBox([headline, report_tabs, again])
    report.layout.display = "none"

    state: dict = {"exam": None, "current": 1, "forms": {}, "deadline": None, "started": None,
                   "confirm": False, "result": None}

    def describe(_=None):
        plan = exam.get_blueprint(pick.value)
        length.value = plan.questions
        minutes.value = plan.minutes
        fixed = plan.form is not None
        length.disabled = seed_box.disabled = fixed  # a fixed form is the same for everyone
        text = f"{plan.questions} questions in {plan.minutes:g} minutes. "
        if fixed:
            text += ("A fixed form: the same questions, in the same order, for every "
                     "participant (the seed does not change it). ")
        text += html.escape(plan.note or "")
        if plan.source:
            text += f" <i>Source: {html.escape(plan.source)}.</i>"
        about.value = note_html(text)

    def on_length(change):
        minutes.value = exam.get_blueprint(pick.value).minutes_for(change["new"])

    def on_minutes(change):
        from ..validation import check_number

        check_number("minutes", change["new"], minimum=1, maximum=600)

    def form(number: int) -> AnswerInput:
        if number not in state["forms"]:
            current = AnswerInput(state["exam"].asked[number - 1])
            response = state["exam"].responses[number - 1]
            if response is not None:
                current.set(response)
            for control in current.controls:
                control.observe(lambda _, n=number: on_answer(n), names="value")
            state["forms"][number] = current
        return state["forms"][number]

    def go_options():
        current = state["exam"]
        labels = []
        for number in range(1, len(current.asked) + 1):
            marks = ""
            if current.responses[number - 1] is None:
                marks += " (unanswered)"
            if number in current.flagged:
                marks += " ⚑"
            labels.append((f"Q{number}{marks}", number))
        return labels

    def show_status():
        current = state["exam"]
        left = state["deadline"] - clock()
        answered = len(current.asked) - len(current.unanswered)
        status.value = (f"Question {state['current']} of {len(current.asked)} · answered "
                        f"{answered} · flagged {len(current.flagged)} · "
                        f"<b>time left {_clock_text(left)}</b>")

    def show_question():
        number = state["current"]
        current = state["exam"]
        asked = current.asked[number - 1]
        question.value = question_html(asked)
        form_box.children = [form(number).widget]
        flag.value = number in current.flagged
        previous.disabled = number == 1
        following.disabled = number == len(current.asked)
        go.unobserve(on_go, names="value")
        go.options = go_options()
        go.value = number
        go.observe(on_go, names="value")
        show_status()

    def store_answer(number: int) -> None:
        try:
            response = form(number).response()
        except ValueError as err:
            state["exam"].answer(number, None)  # a refused entry is not kept as an answer
            notice.value = error_html(f"Q{number} not saved: {err}")
            return
        state["exam"].answer(number, response)
        notice.value = ""

    def on_answer(number: int):
        store_answer(number)
        state["confirm"] = False
        show_status()

    def move(number: int):
        store_answer(state["current"])
        state["current"] = number
        state["confirm"] = False
        show_question()

    def on_previous(_=None):
        move(max(1, state["current"] - 1))

    def on_next(_=None):
        move(min(len(state["exam"].asked), state["current"] + 1))

    def on_go(change):
        if change["new"] is not None and change["new"] != state["current"]:
            move(change["new"])

    def on_flag(change):
        state["exam"].flag(state["current"], bool(change["new"]))
        go.unobserve(on_go, names="value")
        go.options = go_options()
        go.value = state["current"]
        go.observe(on_go, names="value")
        show_status()

    def seen() -> set[str]:
        try:
            return set(store.attempts()["item"])
        except (TypeError, ValueError):
            return set()

    def on_start(_=None):
        built = exam.build_exam(pick.value, questions=length.value, minutes=minutes.value,
                                seed=seed_box.value, seen=seen())
        state.update(exam=built, current=1, forms={}, started=clock(), confirm=False,
                     deadline=clock() + built.minutes * 60, result=None)
        notice.value = ""
        setup.layout.display = "none"
        report.layout.display = "none"
        running.layout.display = None
        show_question()
        timer.value = 0
        timer.playing = True

    def on_tick(_=None):
        if state["exam"] is None or state["result"] is not None:
            return
        if clock() >= state["deadline"]:
            end(timed_out=True)
        else:
            show_status()

    def on_finish(_=None):
        store_answer(state["current"])
        current = state["exam"]
        open_items = len(current.unanswered), len(current.flagged)
        if any(open_items) and not state["confirm"]:
            state["confirm"] = True
            notice.value = note_html(
                f"{open_items[0]} unanswered and {open_items[1]} flagged. Press <i>Finish the "
                "exam</i> again to end it, or go back to them (see <i>Go to</i>).", good=False)
            return
        end()

    def end(timed_out: bool = False):
        timer.playing = False
        current = state["exam"]
        used = min(clock() - state["started"], current.minutes * 60)
        result = current.finish(seconds=used)
        state["result"] = result
        if record:
            store.record_attempts([
                {"question_id": asked.question.id, "correct": graded.correct,
                 "answer": asked.response_text(response), "lesson": asked.question.lesson,
                 "topic": asked.question.topic}
                for asked, graded, response in zip(result.asked, result.graded, result.responses)
                if graded is not None])
            store.record_exam(current.blueprint.id, result.total, result.correct,
                              minutes=round(used / 60, 2), detail=result.summary())
        running.layout.display = "none"
        report.layout.display = None
        lead = note_html("Time is up: the exam was finished for you.", good=False) \
            if timed_out else ""
        headline.value = lead + report_html(result)
        show_report(result)

    def show_report(result: exam.Result):
        """The report: the Domains tab now, every other tab when it is first opened, so
        that finishing stays quick even for a 185-question exam."""
        state["built_tabs"] = set()
        report_tabs.selected_index = 0
        show_tab()

    def build_tab(index: int) -> None:
        from ..plots.assessment import breakdown_chart, exam_history_chart

        result = state["result"]
        if index == 0:
            by_domain = result.breakdown("domain")
            domain_chart.draw(lambda: breakdown_chart(by_domain, labels=exam.DOMAIN_NAMES))
            domain_text.value = _table(by_domain, "domain")
        elif index == 1:
            topic_table.value = _table(result.breakdown("topic"), "topic")
        elif index == 2:
            level_table.value = (_table(result.breakdown("difficulty"), "difficulty")
                                 + _table(result.breakdown("level"), "level"))
        elif index == 3:
            weakest.value = weakest_html(result)
        elif index == 4:
            review.value = f'<div class="implcourse-review">{review_html(result)}</div>'
        elif index == HISTORY_TAB:
            try:
                exams = store.exams()
            except (TypeError, ValueError) as err:
                history_text.value = error_html(f"Your history cannot be shown: {err}")
                return
            history_chart.draw(lambda: exam_history_chart(exams))
            history_text.value = ""

    def show_tab(_=None):
        index = report_tabs.selected_index or 0
        if state.get("result") is None or index in state.get("built_tabs", set()):
            return
        state["built_tabs"].add(index)
        build_tab(index)

    def on_again(_=None):
        state.update(exam=None, result=None)
        seed_box.value = (seed_box.value + 1) % (2**31 - 1)  # a fresh draw
        report.layout.display = "none"
        setup.layout.display = None

    pick.observe(describe, names="value")
    length.observe(on_length, names="value")
    minutes.observe(on_minutes, names="value")
    start.on_click(on_start)
    previous.on_click(on_previous)
    following.on_click(on_next)
    go.observe(on_go, names="value")
    flag.observe(on_flag, names="value")
    finish.on_click(on_finish)
    timer.observe(on_tick, names="value")
    again.on_click(on_again)
    report_tabs.observe(show_tab, names="selected_index")
    describe()

    tool = Tool("Practice exam", [setup, running, report])
    tool.pick, tool.length, tool.minutes, tool.seed, tool.start = pick, length, minutes, \
        seed_box, start
    tool.status, tool.question, tool.form_box, tool.notice = status, question, form_box, notice
    tool.previous, tool.next, tool.flag, tool.go, tool.finish = previous, following, flag, go, \
        finish
    tool.timer, tool.headline, tool.report_tabs, tool.again = timer, headline, report_tabs, again
    tool.weakest, tool.review, tool.history_text = weakest, review, history_text
    tool.topic_table, tool.level_table = topic_table, level_table
    tool.state = state
    tool.form = form
    return tool


def exam_history_view(store: progress.ProgressStore | None = None) -> Tool:
    """Your practice exams so far, as a chart, with a *Refresh* button.

    Examples
    --------
    >>> import tempfile
    >>> tool = exam_history_view(progress.ProgressStore(tempfile.mkdtemp()))
    >>> "none yet" in tool.chart.caption.value
    True
    """
    from ..plots.assessment import exam_history_chart

    store = store or progress.ProgressStore()
    refresh = w.Button(description="Refresh", icon="refresh")
    message = w.HTML()
    chart = LiveChart()

    def update(_=None):
        try:
            exams = store.exams()
        except (TypeError, ValueError) as err:
            message.value = error_html(f"Your history cannot be shown: {err}")
            return
        message.value = ""
        chart.draw(lambda: exam_history_chart(exams))

    refresh.on_click(update)
    update()
    tool = Tool("Your practice exams", [refresh, message, chart.widget])
    tool.refresh, tool.message, tool.chart = refresh, message, chart
    return tool
