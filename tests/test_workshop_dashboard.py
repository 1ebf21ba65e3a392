"""The trainer's live class dashboard (implcourse.workshop.dashboard_service and
dashboard_page; issue 14), served by tornado with the hub's identification
replaced by a fake: JupyterHub's ``HubAuthenticated.get_current_user`` is
patched to return the user model that belongs to the request's token, so
everything after identification (our admin/trainer check, the routes, the
cache, the failure sentence) runs as in production. The end-to-end test with
a real hub is the lead's. All class data here is synthetic.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from html import escape as html_escape
from datetime import datetime, timezone
from unittest import mock

import pandas as pd
import pytest
from jupyterhub.services.auth import HubAuthenticated
from tornado.testing import AsyncHTTPTestCase

from browser_support import ROOT, chromium, free_port, require_browser, screenshot_folder
from implcourse.workshop import classroom, dashboard_page
from implcourse.workshop import dashboard_service as dashboard

START = pd.Timestamp("2026-03-02 09:00", tz="UTC")
USERS = {
    "admin-token": {"kind": "user", "name": "root", "admin": True, "groups": []},
    "trainer-token": {"kind": "user", "name": "tess", "admin": False, "groups": ["trainers"]},
    "staff-token": {"kind": "user", "name": "sam", "admin": False, "groups": ["staff"]},
    "learner-token": {"kind": "user", "name": "ada", "admin": False, "groups": ["participants"]},
    "service-token": {"kind": "service", "name": "culler", "admin": True},
    "bare-token": {"kind": "user", "name": "bob"},
}
ROUTES = ["/services/dashboard/", "/services/dashboard/fragment",
          "/services/dashboard/api/summary", "/services/dashboard/records.csv"]


def fake_current_user(handler):
    """The hub's answer for the request's ``Authorization: token ...`` (None if unknown)."""
    match = re.match(r"token\s+(\S+)", handler.request.headers.get("Authorization", ""))
    return USERS.get(match.group(1)) if match else None


def class_events(learners=("ada", "ben"), topics=(("01", "phases"),), per_topic=1):
    rows, number = [], 0
    for index, learner in enumerate(learners):
        for lesson, topic in topics:
            for item in range(per_topic):
                number += 1
                rows.append({"learner": learner, "id": number,
                             "at": START + pd.Timedelta(seconds=number), "kind": "exercise",
                             "item": f"{lesson}.{topic}.{item}", "lesson": lesson,
                             "topic": topic, "correct": (index + item) % 2 == 0,
                             "answer": None, "seconds": math.nan})
    frame = pd.DataFrame(rows, columns=list(classroom.EVENT_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["correct"] = frame["correct"].astype("boolean")
    frame["seconds"] = frame["seconds"].astype("float64")
    return frame


def _course_items():
    """(kind, id, lesson, topic) of every exercise (as a learner meets it, seed 0) and of
    the bank's questions, in lesson order."""
    import importlib
    import inspect
    import pkgutil

    from implcourse import exercises, quiz

    titles = classroom._exercise_titles()
    found = {}
    for info in pkgutil.iter_modules(exercises.__path__, "implcourse.exercises."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, exercises.Exercise):
                continue
            try:
                made = cls(seed=0)
            except Exception:  # noqa: BLE001 - the same rule as _exercise_titles
                continue
            if made.id in titles:
                found[made.id] = ("exercise", made.id, made.lesson, made.topic)
    questions = [("question", q.id, q.lesson, q.topic) for q in quiz.load_bank()]
    return sorted(found.values(), key=lambda i: (i[2], i[1])), questions


def synthetic_class(learners, *, seed=14, not_started=3, questions_per_lesson=4):
    """A synthetic, seeded class (not real people): each participant has an ability
    and a pace, and works through the course's real exercises and a few real bank
    questions per lesson, in lesson order, for 50 minutes; some stop early (quiet) and
    the last ``not_started`` never start. Items differ in ease, so the shares spread."""
    import random

    rng = random.Random(seed)
    exercises_, questions = _course_items()
    picked = []
    for lesson in sorted({q[2] for q in questions}):
        in_lesson = [q for q in questions if q[2] == lesson]
        picked += rng.sample(in_lesson, min(questions_per_lesson, len(in_lesson)))
    items = sorted(exercises_ + picked, key=lambda i: (i[2], i[0], i[1]))
    ease = {item[1]: rng.uniform(0.3, 1.0) for item in items}
    raw = []
    for learner in learners[:len(learners) - not_started]:
        ability, pace = rng.uniform(0.45, 1.0), rng.uniform(0.6, 1.8)
        clock = rng.uniform(0, 120)
        stops = 3000 if rng.random() < 0.7 else rng.uniform(900, 2400)  # some go quiet
        for kind, item, lesson, topic in items:
            clock += rng.uniform(20, 90) * pace
            if clock > stops:
                break
            if kind == "exercise" and rng.random() < 0.1:  # the solution first
                raw.append((clock, learner, "solution", item, lesson, topic, None))
                clock += 5
            right = rng.random() < ability * ease[item] + 0.1
            raw.append((clock, learner, kind, item, lesson, topic, right))
            if not right and kind == "exercise" and rng.random() < 0.7:
                clock += rng.uniform(10, 40)
                raw.append((clock, learner, kind, item, lesson, topic, True))
    raw.sort(key=lambda row: row[0])
    rows = [{"learner": learner, "id": number, "at": START + pd.Timedelta(seconds=clock),
             "kind": kind, "item": item, "lesson": lesson, "topic": topic, "correct": right,
             "answer": ("B" if kind == "question" else None),
             "seconds": (rng.uniform(5, 60) if kind == "question" else math.nan)}
            for number, (clock, learner, kind, item, lesson, topic, right)
            in enumerate(raw, start=1)]
    frame = pd.DataFrame(rows, columns=list(classroom.EVENT_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["correct"] = frame["correct"].astype("boolean")
    frame["seconds"] = frame["seconds"].astype("float64")
    return frame


class Records:
    """A stand-in for class_records: counts its calls, can be made to fail."""

    def __init__(self, events, learners):
        self.events, self.learners = events, learners
        self.calls, self.dsns = 0, []
        self.failing = False

    def __call__(self, dsn):
        self.calls += 1
        self.dsns.append(dsn)
        if self.failing:
            raise OSError("connection refused (password=secret)")
        return self.events, self.learners


class DashboardCase(AsyncHTTPTestCase):
    cache_seconds = 0.0

    def setUp(self):
        self.records = Records(class_events(), ["ada", "ben", "cy"])
        patcher = mock.patch.object(HubAuthenticated, "get_current_user", fake_current_user)
        patcher.start()
        self.addCleanup(patcher.stop)
        super().setUp()

    def get_app(self):
        return dashboard.make_app(prefix="/services/dashboard", dsn="postgresql://reader@db/x",
                                  records=self.records, cache_seconds=self.cache_seconds)

    def get(self, path, token=None):
        headers = {"Authorization": f"token {token}"} if token else {}
        return self.fetch(path, headers=headers, follow_redirects=False)


class TestWhoMayLook(DashboardCase):
    def check_allowed(self, token):
        page = self.get(ROUTES[0], token)
        assert page.code == 200, page.body
        text = page.body.decode()
        assert "Class dashboard" in text and "Download records (CSV)" in text
        assert "cy" in text  # not started
        fragment = self.get(ROUTES[1], token)
        assert fragment.code == 200 and b"data-implcourse-sections" in fragment.body
        summary = json.loads(self.get(ROUTES[2], token).body)
        assert (summary["participants"], summary["started"]) == (3, 2)
        assert summary["not_started_names"] == ["cy"]
        records = self.get(ROUTES[3], token)
        assert records.code == 200
        assert records.headers["Content-Type"].startswith("text/csv")
        assert records.headers["Content-Disposition"].startswith("attachment")
        back = pd.read_csv(io.BytesIO(records.body))
        assert len(back) == len(self.records.events)
        assert back.columns[0] == "learner"
        assert self.records.dsns[0] == "postgresql://reader@db/x"

    def test_a_hub_admin_sees_page_summary_and_records(self):
        self.check_allowed("admin-token")

    def test_a_member_of_the_trainers_group_sees_them_too(self):
        self.check_allowed("trainer-token")

    def test_a_participant_gets_403_with_a_sentence_on_every_route(self):
        for route in ROUTES:
            for token in ("learner-token", "staff-token", "service-token", "bare-token"):
                response = self.get(route, token)
                assert response.code == 403, (route, token)
                body = response.body.decode()
                assert body.strip() == dashboard.refusal("trainers"), (route, token)
                assert "ada" not in body and "ben" not in body
        assert self.records.calls == 0  # the database is never read for them

    def test_without_identification_nothing_is_shown(self):
        for route in ROUTES:
            response = self.get(route)
            assert response.code in (302, 403), route
            assert b"ben" not in response.body
        for route in ROUTES[1:3]:  # the refresh and scripts get 403, never a login page
            response = self.get(route)
            assert response.code == 403
            assert dashboard.NOT_LOGGED_IN in response.body.decode()
        assert self.get(ROUTES[0]).headers["Location"].startswith("/hub/api/oauth2/authorize")
        assert self.records.calls == 0

    def test_another_group_can_be_the_trainers(self):
        self._app.settings["implcourse_group"] = "staff"
        assert self.get(ROUTES[2], "staff-token").code == 200
        assert self.get(ROUTES[2], "trainer-token").code == 403
        assert self.get(ROUTES[2], "admin-token").code == 200


class TestPage(DashboardCase):
    def test_the_page_loads_nothing_from_elsewhere(self):
        text = self.get(ROUTES[0], "admin-token").body.decode()
        assert not re.search(r"(https?:)?//[a-z0-9]", text.replace("<!DOCTYPE html>", ""),
                             re.IGNORECASE)
        assert "@import" not in text and "url(" not in text
        assert not re.search(r"<(link|img|iframe|object|embed)\b", text)
        assert not re.search(r"<script[^>]*\ssrc=", text)

    def test_the_page_refreshes_itself_and_says_when_it_cannot(self):
        page = self.get(ROUTES[0], "admin-token")
        text = page.body.decode()
        assert "every 15 seconds" in text
        assert 'data-fragment="/services/dashboard/fragment"' in text
        assert 'data-refresh="15"' in text
        script = re.search(r"<script nonce=\"([^\"]+)\">(.*?)</script>", text, re.S)
        assert script, "the inline refresh script is missing"
        assert "fetch(url" in script.group(2) and "setTimeout(tick" in script.group(2)
        assert "Could not refresh, retrying" in script.group(2)
        policy = page.headers["Content-Security-Policy"]
        assert f"script-src 'nonce-{script.group(1)}'" in policy
        assert "default-src 'none'" in policy

    def test_a_database_failure_is_a_sentence_and_is_retried(self):
        self.records.failing = True
        page = self.get(ROUTES[0], "admin-token")
        assert page.code == 200
        text = page.body.decode()
        assert dashboard.UNREACHABLE in text
        assert "Traceback" not in text and "secret" not in text
        summary = self.get(ROUTES[2], "admin-token")
        assert summary.code == 503 and json.loads(summary.body)["error"] == dashboard.UNREACHABLE
        assert self.get(ROUTES[3], "admin-token").code == 503
        self.records.failing = False  # the database is back: the next refresh shows the class
        fragment = self.get(ROUTES[1], "admin-token").body.decode()
        assert dashboard.UNREACHABLE not in fragment and "Most missed" in fragment

    def test_every_value_is_escaped(self):
        self.records.learners = ["<b>x</b>", "a&b"]
        text = self.get(ROUTES[0], "admin-token").body.decode()
        assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;" in text
        assert "a&amp;b" in text

    def test_the_prefix_without_its_slash_redirects_to_the_page(self):
        response = self.get("/services/dashboard", "admin-token")
        assert response.code in (301, 302)
        assert response.headers["Location"] == "/services/dashboard/"


class TestCache(DashboardCase):
    cache_seconds = 60.0

    def test_many_requests_within_the_cache_read_the_database_once(self):
        made = []
        real = dashboard_page.sections
        with mock.patch.object(dashboard_page, "sections",
                               lambda *a, **k: made.append(1) or real(*a, **k)):
            for _ in range(3):
                for route in ROUTES:
                    assert self.get(route, "trainer-token").code == 200
        assert self.records.calls == 1
        assert len(made) == 1  # the page and the refresh share one rendering


def test_records_the_views_cannot_show_give_a_sentence_not_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(dashboard_page, "sections", broken)
    body = dashboard._make_sections((class_events(), ["ada"]),
                                    datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))
    assert dashboard.UNSHOWABLE in body and "KeyError" not in body


def test_the_default_data_function_is_the_leads_class_records(monkeypatch):
    seen = []
    monkeypatch.setattr(dashboard, "_class_records",
                        lambda dsn: seen.append(dsn) or (class_events(), ["ada"]))
    app = dashboard.make_app(dsn="postgresql://r@h/d")
    snapshot = app.settings["implcourse_snapshot"]
    import asyncio

    data, updated = asyncio.run(snapshot.get())
    assert seen == ["postgresql://r@h/d"]
    assert list(data[1]) == ["ada"] and updated.tzinfo is not None


# --------------------------------------------------------------------------
# Pure parts
# --------------------------------------------------------------------------

def test_is_trainer_needs_admin_or_the_group_and_refuses_what_it_cannot_see():
    assert dashboard.is_trainer(USERS["admin-token"])
    assert dashboard.is_trainer(USERS["trainer-token"])
    assert not dashboard.is_trainer(USERS["learner-token"])
    assert not dashboard.is_trainer(USERS["service-token"])
    assert not dashboard.is_trainer(USERS["bare-token"])
    assert dashboard.is_trainer(USERS["staff-token"], "staff")
    assert not dashboard.is_trainer({"name": "x", "admin": "yes", "groups": "trainers"})
    with pytest.raises(TypeError, match="user"):
        dashboard.is_trainer("root")
    with pytest.raises(ValueError, match="group"):
        dashboard.is_trainer(USERS["admin-token"], " ")


def test_settings_come_from_the_hubs_environment():
    settings = dashboard.settings_from_env({
        "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10123",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/class-dashboard/",
        "IMPLCOURSE_DASHBOARD_DB": "postgresql://reader@127.0.0.1:5432/course",
        "IMPLCOURSE_TRAINER_GROUP": "staff", "IMPLCOURSE_DASHBOARD_REFRESH": "30"})
    assert settings == {"host": "127.0.0.1", "port": 10123,
                        "prefix": "/services/class-dashboard/",
                        "dsn": "postgresql://reader@127.0.0.1:5432/course", "group": "staff",
                        "refresh": 30}
    defaults = dashboard.settings_from_env({"JUPYTERHUB_SERVICE_URL": "http://localhost:9"})
    assert (defaults["group"], defaults["refresh"], defaults["prefix"], defaults["dsn"]) == \
        ("trainers", 15, "/", None)
    with pytest.raises(ValueError, match="IMPLCOURSE_DASHBOARD_REFRESH"):
        dashboard.settings_from_env({"IMPLCOURSE_DASHBOARD_REFRESH": "soon"})
    with pytest.raises(ValueError, match="JUPYTERHUB_SERVICE_URL"):
        dashboard.settings_from_env({"JUPYTERHUB_SERVICE_URL": "127.0.0.1"})


UPDATED = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def test_the_heat_map_cells_carry_the_number_a_readable_colour_and_a_weak_marker():
    events = class_events(learners=("ada", "ben", "cy"), per_topic=3)
    body = dashboard_page.sections(events, ["ada", "ben", "cy"], updated=UPDATED)
    heat = classroom.mastery(events, ["ada", "ben", "cy"])
    cells = re.findall(r'<td style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})"'
                       r'(?: class="([a-z ]*)")? title="[^"]*">([^<]*)</td>', body)
    assert len(cells) == heat.size
    weak = 0
    for (bg, fg, classes, text), share in zip(cells, heat.to_numpy().ravel()):
        per_cent = math.floor(share * 100 + 0.5)
        marked = per_cent < 40
        weak += marked
        assert text == ("! " if marked else "") + f"{per_cent} %"
        assert ("weak" in classes.split()) == marked
        assert (bg, fg) == dashboard_page.heat_colour(share)
    assert 0 < weak < heat.size  # the synthetic room has weak and strong cells
    for label in ("0–19 %", "80–100 %", "not tried", "Dark = weak, light = strong",
                  "under 40 %"):
        assert label in body
    assert re.search(r"\.heat td\.weak[^{]*\{font-weight:800", dashboard_page.page(body))


def test_the_legend_says_the_palettes_real_direction():
    # "Dark = weak": the palette's luminance grows with the share (see the viridis test).
    lum = [_luminance(bg) for bg, _ in dashboard_page.PALETTE]
    assert lum[0] < lum[-1]
    assert "Dark = weak, light = strong" in dashboard_page._legend_html()


def test_the_counts_say_logged_in_started_and_not_started():
    body = dashboard_page.sections(class_events(), ["ada", "ben", "cy"], updated=UPDATED)
    counts = re.search(r'<ul class="counts"[^>]*>(.*?)</ul>', body).group(1)
    assert re.findall(r"<li><b>(\d+)</b>([^<]+)</li>", counts) == [
        ("3", "logged in"), ("2", "started"), ("1", "not started")]
    assert "participants</li>" not in body


def test_the_sections_come_in_the_order_a_live_room_needs():
    body = dashboard_page.sections(class_events(), ["ada", "ben", "cy"], updated=UPDATED)
    marks = ['class="counts"', 'id="not-started"', 'id="quiet"', 'id="mastery"',
             'id="most-missed"', 'id="by-lesson"']
    places = [body.index(mark) for mark in marks]
    assert places == sorted(places)
    # The two lists share one row.
    pair = re.search(r'<div class="pair">(.*?)</div>', body, re.S).group(1)
    assert 'id="not-started"' in pair and 'id="quiet"' in pair
    assert dashboard_page.QUIET_TITLE == "Quiet for 10 minutes or more"


def test_who_is_quiet_lists_names_with_minutes_from_the_newest_event():
    events = class_events(learners=("ada", "ben", "cy"))
    events.loc[events["learner"] == "ada", "at"] = START        # ada at 09:00
    events.loc[events["learner"] == "ben", "at"] = START + pd.Timedelta(minutes=14)
    events.loc[events["learner"] == "cy", "at"] = START + pd.Timedelta(minutes=20)
    body = dashboard_page.sections(events, ["ada", "ben", "cy", "dee"], updated=UPDATED)
    quiet = re.search(r'<section id="quiet">(.*?)</section>', body, re.S).group(1)
    assert "Quiet for 10 minutes or more" in quiet
    assert re.findall(r"<li[^>]*>([^<]+)</li>", quiet) == ["ada (20 min)"]
    assert "dee" not in quiet  # not started is not quiet
    calm = dashboard_page.sections(class_events(), ["ada", "ben"], updated=UPDATED)
    assert "<li" not in re.search(r'<section id="quiet">(.*?)</section>', calm, re.S).group(1)


def test_tables_show_short_lesson_labels_with_the_full_title_as_a_tooltip():
    from implcourse import course

    events = class_events(topics=(("01", "phases"), ("02", "roles")))
    body = dashboard_page.sections(events, ["ada", "ben"], updated=UPDATED)
    for lesson in ("01", "02"):
        full, short = course.get_lesson(lesson).label, classroom.short_lesson_label(lesson)
        assert short != full
        cell = f'<td class="lesson" title="{html_escape(full)}">{html_escape(short)}</td>'
        # by lesson, by exercise (and most missed, when the lesson has a missed item)
        assert body.count(cell) >= 2, lesson
        assert f">{html_escape(full)}<" not in body


def test_most_missed_says_its_rule():
    learners = [f"p{n}" for n in range(20)]
    body = dashboard_page.sections(class_events(learners=learners), learners, updated=UPDATED)
    missed = re.search(r'<section id="most-missed">(.*?)</section>', body, re.S).group(1)
    caption = re.search(r"<caption>(.*?)</caption>", missed, re.S).group(1)
    assert "number of participants not right first time" in caption
    assert "then by share" in caption
    assert "at least 4 participants" in caption and "20 % of the 20" in caption


def test_last_updated_is_a_time_element_the_script_shows_in_local_time():
    body = dashboard_page.sections(class_events(), ["ada"], updated=UPDATED)
    assert ('Last updated <time datetime="2026-03-02T09:30:00Z">09:30:00 UTC</time>'
            in body)  # the UTC text stays without script
    page = dashboard_page.page(body)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    assert "toLocaleTimeString()" in script and 'time[datetime]' in script
    # formatted on load and after every refresh
    assert script.count("localTimes();") == 2


def test_the_page_starts_with_the_never_project_note():
    page = dashboard_page.page(dashboard_page.sections(class_events(), ["ada"],
                                                       updated=UPDATED))
    body = page[page.index("<body>"):]
    assert body.index(dashboard_page.PRIVACY_NOTE) < body.index("<h1>")
    assert dashboard_page.PRIVACY_NOTE == ("Names with scores: keep this page on your own "
                                           "screen, do not project it.")


def test_the_synthetic_class_uses_the_courses_exercises_and_questions():
    from implcourse import quiz

    learners = [f"participant{n:02d}" for n in range(30)]
    events = synthetic_class(learners)
    assert events["learner"].nunique() == 27
    exercises = set(events.loc[events["kind"] == "exercise", "item"])
    questions = set(events.loc[events["kind"] == "question", "item"])
    assert exercises and exercises <= set(classroom._exercise_titles())
    assert questions and questions <= {q.id for q in quiz.load_bank()}
    shares = classroom.by_exercise(events, learners)
    shares = shares["right_first_time"] / shares["attempted"]
    assert shares.min() < 0.4 and shares.max() > 0.8  # a spread, not one value
    assert synthetic_class(learners).equals(events)  # seeded


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_palette_is_viridis_with_text_that_meets_wcag_contrast():
    import matplotlib
    from matplotlib.colors import to_hex

    viridis = matplotlib.colormaps["viridis"]
    assert [bg for bg, _ in dashboard_page.PALETTE] == \
        [to_hex(viridis(x)) for x in (0.1, 0.3, 0.5, 0.7, 0.9)]
    lum = [_luminance(bg) for bg, _ in dashboard_page.PALETTE]
    assert lum == sorted(lum)  # sequential: lighter as the share grows
    for bg, fg in (*dashboard_page.PALETTE, dashboard_page.NOT_TRIED):
        light, dark = sorted([_luminance(bg), _luminance(fg)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (bg, fg)  # WCAG 2.1 AA, normal text


def test_heat_colour_steps_at_the_shown_per_cent():
    assert dashboard_page.heat_colour(0.0) == dashboard_page.PALETTE[0]
    assert dashboard_page.heat_colour(0.199) == dashboard_page.PALETTE[1]  # shown as 20 %
    assert dashboard_page.heat_colour(1.0) == dashboard_page.PALETTE[4]
    assert dashboard_page.heat_colour(float("nan")) == dashboard_page.NOT_TRIED
    with pytest.raises(ValueError, match="share"):
        dashboard_page.heat_colour(1.5)


# --------------------------------------------------------------------------
# The service as the hub starts it, and the page in a browser
# --------------------------------------------------------------------------

def test_the_service_starts_from_the_environment_and_stops_on_sigint(tmp_path):
    port = free_port()
    env = {**os.environ, "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}",
           "JUPYTERHUB_SERVICE_PREFIX": "/services/dashboard/", "PYTHONPATH": str(ROOT)}
    env.pop("IMPLCOURSE_DASHBOARD_DB", None)
    # As under a hub started in the background: SIGINT ignored when the service starts.
    server = subprocess.Popen([sys.executable, "-m", "implcourse.workshop.dashboard_service"],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/services/dashboard/fragment",
                                       timeout=2)
            except urllib.error.HTTPError as err:
                assert err.code == 403  # up, and nobody identified
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.2)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()


class _Served:
    """The app on a free port in a thread of its own (for the browser)."""

    def __init__(self, app):
        import asyncio

        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = app.listen(self.port, "127.0.0.1")
            self.loop.call_soon(ready.set)
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def stop(self):
        self.loop.call_soon_threadsafe(self.server.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def test_in_a_browser_the_page_fits_refreshes_and_survives_a_failed_refresh(monkeypatch):
    require_browser()
    monkeypatch.setattr(HubAuthenticated, "get_current_user", fake_current_user)
    # A synthetic class of 30 (made-up names): 27 have started, 3 have not.
    learners = [f"participant{n:02d}" for n in range(30)]
    events = synthetic_class(learners)
    heat = classroom.mastery(events, learners)
    records = Records(events, learners)
    app = dashboard.make_app(prefix="/services/dashboard/", records=records, refresh=1,
                             cache_seconds=0)
    served = _Served(app)
    base = f"http://127.0.0.1:{served.port}"
    try:
        with chromium() as browser:
            context = browser.new_context(viewport={"width": 1280, "height": 720},
                                          extra_http_headers={"Authorization":
                                                              "token trainer-token"})
            page = context.new_page()
            outside = []
            page.on("request", lambda r: r.url.startswith(base) or outside.append(r.url))
            page.goto(base + "/services/dashboard/")
            page.wait_for_selector("table.heat")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            box = page.locator(".scroll")
            assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the topics scroll inside
            assert page.locator("table.heat td[title]").count() == heat.size
            # The first screen: the counts, both lists and the top of the heat map
            # (its first participant rows) without scrolling.
            for selector in (".counts", "#not-started", "#quiet", "table.heat tbody tr"):
                bottom = page.locator(selector).first.evaluate(
                    "e => e.getBoundingClientRect().bottom")
                assert bottom <= 720, (selector, bottom)
            assert page.locator("#quiet li").count() >= 1
            # "Last updated" is the browser's local time, the UTC stamp kept in datetime.
            stamp = page.locator(".updated time")
            assert "UTC" not in stamp.inner_text()
            assert stamp.get_attribute("datetime").endswith("Z")
            folder = screenshot_folder()
            if folder:
                page.screenshot(path=str(folder / "workshop_dashboard.png"))
                page.screenshot(path=str(folder / "workshop_dashboard_full.png"), full_page=True)
            calls = records.calls
            deadline = time.monotonic() + 15
            while records.calls < calls + 2 and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            assert records.calls >= calls + 2, "the page did not refresh itself"
            # The database goes away: the page says so and keeps the last data.
            records.failing = True
            page.wait_for_selector("p.problem", timeout=10_000)
            records.failing = False
            page.wait_for_selector("table.heat", timeout=10_000)
            # The service goes away: the status line says so, and it keeps trying.
            served.stop()
            status = page.locator("#refresh-status")
            status.wait_for(state="visible", timeout=10_000)
            assert "Could not refresh, retrying" in status.inner_text()
            assert page.locator("table.heat").count() == 1  # the last sections stay
            assert outside == []
            context.close()
    finally:
        if served.thread.is_alive():
            served.stop()
