"""The progress store on a workshop's PostgreSQL database (issue 14).

A real PostgreSQL server (Debian's package) runs on 127.0.0.1 for this
module (``pg_support``). The tests check that

- the store behaves the same on PostgreSQL as on its SQLite file (the same
  calls, compared result by result), with the same schema at the same version;
- each participant's login reads and writes only their own rows, and the
  trainers' login reads every row but writes none;
- 50 learners recording 200 answers each at once, while the class dashboard
  reads, lose nothing, and no learner sees an error;
- a restart of PostgreSQL in the middle of that loses nothing either: each
  write is retried, and what cannot be sent waits in the learner's outbox
  and is sent by the next write.
"""

from __future__ import annotations

import threading
import time
import warnings

import pandas as pd
import pytest

from implcourse import progress, progress_postgres
from implcourse.progress import ProgressStore
from implcourse.workshop import db
from pg_support import Postgres

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg():
    server = Postgres()
    try:
        db.migrate(server.admin_url)
        yield server
    finally:
        server.close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPLCOURSE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(progress.URL_VARIABLE, raising=False)
    return tmp_path / "home"


def _connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _same_calls(store: ProgressStore) -> None:
    """One learner's session: every kind of record the course writes."""
    store.record("exercise", "01.order", lesson="01", topic="phases", correct=False)
    store.record_solution_seen("01.order", lesson="01", topic="phases")
    store.record("exercise", "01.order", lesson="01", topic="phases", correct=True)
    store.record("exercise", "04.emv", lesson="04", topic="risk", correct=True)
    store.record_attempt("q-01-1", True, "B", 12.5, lesson="01", topic="phases")
    store.record_attempts([
        {"question_id": "q-01-2", "correct": False, "answer": "C", "lesson": "01",
         "topic": "roles"},
        {"question_id": "q-01-3", "correct": True, "lesson": "01", "topic": "roles",
         "seconds": 3.0}])
    store.record_review("npv", 3, {"due": "2026-01-02T00:00:00+00:00", "stability": 2.5})
    store.record_review("npv", 4, {"due": "2026-01-09T00:00:00+00:00", "stability": 7.0})
    store.record_exam("course", 20, 15, minutes=24.5, detail={"people": 0.8})
    store.record_lesson_done("01")
    store.record_lesson_done("01")


def _comparable(store: ProgressStore) -> dict:
    events = store.events().drop(columns=["id", "at"])
    return {
        "summary": store.summary(),
        "events": events,
        "records": [{k: v for k, v in r.items() if k not in ("time", "at")}
                    for r in store.records()],
        "reviews": store.reviews()[["card", "rating", "rating_name", "seconds"]],
        "cards": store.card_states(),
        "exams": store.exams().drop(columns=["at"]),
        "lessons": store.lessons_done()["lesson"].tolist(),
        "skipped": store.skipped,
    }


def test_the_store_gives_the_same_results_on_postgresql_as_on_its_sqlite_file(pg, home):
    lite = ProgressStore(url=f"sqlite:///{home / 'lite.sqlite3'}")
    post = ProgressStore(url=db.provision_learner(pg.admin_url, "same-results"))
    for store in (lite, post):
        _same_calls(store)
    a, b = _comparable(lite), _comparable(post)
    assert not a["summary"].empty
    pd.testing.assert_frame_equal(a["summary"], b["summary"])
    pd.testing.assert_frame_equal(a["events"], b["events"])
    pd.testing.assert_frame_equal(a["reviews"], b["reviews"])
    pd.testing.assert_frame_equal(a["exams"], b["exams"])
    assert a["records"] == b["records"]
    assert a["cards"] == b["cards"] and a["cards"]["npv"]["stability"] == 7.0
    assert a["lessons"] == b["lessons"] == ["01"]
    assert a["skipped"] == b["skipped"] == 0
    # The first-attempt rule holds on both: 01.order was seen before it was right.
    assert b["summary"].loc[("01", "phases"), "right_first_time"] == 1  # q-01-1 only
    post.reset()
    assert post.events().empty and post.summary().empty and post.exams().empty
    assert not lite.events().empty


def test_both_backends_have_the_same_tables_columns_and_version(pg, home):
    import sqlite3

    lite = ProgressStore(url=f"sqlite:///{home / 'schema.sqlite3'}")
    lite.record("exercise", "x", lesson="01", topic="t", correct=True)
    conn = sqlite3.connect(lite.path)
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    # item_state and tally are the file's derived summary cache (kept by
    # triggers); PostgreSQL computes the summary in the query instead.
    lite_columns = {t: {row[1] for row in conn.execute(f"PRAGMA table_info({t})")}
                    for t in tables - {"item_state", "tally"}}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION
    conn.close()
    with _connect(pg.admin_url) as pconn:
        rows = pconn.execute("SELECT table_name, column_name FROM information_schema.columns "
                             "WHERE table_schema = 'public'").fetchall()
        version = pconn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                ).fetchone()[0]
    pg_columns: dict[str, set] = {}
    for table, column in rows:
        pg_columns.setdefault(table, set()).add(column)
    pg_columns.pop("learners")  # the hub's list of participants: workshop only
    for table in progress_postgres.LEARNER_TABLES:
        pg_columns[table].discard("learner")  # who owns the row: workshop only
    assert pg_columns == lite_columns
    assert int(version) == progress.SCHEMA_VERSION == progress_postgres.SCHEMA_VERSION == 3


def test_the_hub_sets_the_url_and_every_default_store_uses_it(pg, home, monkeypatch):
    url = db.provision_learner(pg.admin_url, "env-user")
    monkeypatch.setenv(progress.URL_VARIABLE, url)
    progress.record("exercise", "02.fit", lesson="02", topic="methods", correct=True)
    assert ProgressStore().location.startswith(
        f"the workshop database postgresql://{db.role_name('env-user')}@")
    assert "@" in ProgressStore().location and url.split(":")[2].split("@")[0] \
        not in ProgressStore().location  # no password in messages
    assert progress.summary().loc[("02", "methods"), "tried"] == 1
    assert not (home / progress.FILE_NAME).exists()  # nothing went to a file
    monkeypatch.setenv(progress.URL_VARIABLE, f"sqlite:///{home / 'mine.sqlite3'}")
    progress.record("exercise", "02.fit", lesson="02", topic="methods", correct=False)
    assert (home / "mine.sqlite3").is_file()


@pytest.mark.parametrize("bad, error", [
    ("mysql://x@y/z", ValueError), ("sqlite:///", ValueError), ("  ", ValueError),
    (42, TypeError)])
def test_a_bad_url_is_refused_naming_the_parameter(bad, error):
    with pytest.raises(error, match="url"):
        ProgressStore(url=bad)


def test_a_bad_url_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv(progress.URL_VARIABLE, "mysql://x@y/z")
    with pytest.raises(ValueError, match=progress.URL_VARIABLE):
        ProgressStore()


# ---------------------------------------------------------------- privacy

def test_a_learners_login_reaches_only_their_own_rows(pg, home):
    import psycopg

    url_a = db.provision_learner(pg.admin_url, "alice")
    url_b = db.provision_learner(pg.admin_url, "bob")
    ProgressStore(url=url_b).record("exercise", "01.b", lesson="01", topic="t", correct=True)
    ProgressStore(url=url_a).record("exercise", "01.a", lesson="01", topic="t", correct=False)
    role_b = db.role_name("bob")
    with _connect(url_a) as conn:
        assert {r[0] for r in conn.execute("SELECT learner FROM events")} == {db.role_name("alice")}
        # Writing a row in Bob's name is refused by the policy.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO events (learner, kind, item, lesson, topic, correct) "
                         "VALUES (%s, 'exercise', 'x', '01', 't', 1)", (role_b,))
        # Changing or deleting Bob's rows touches nothing (they are invisible).
        assert conn.execute("DELETE FROM events WHERE learner = %s", (role_b,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE events SET correct = 0")
        # Nor can the login read the list of participants, or change the rules.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM learners")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE events DISABLE ROW LEVEL SECURITY")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SET ROLE {role_b}")
    # Alice's password does not open Bob's login.
    password_a = url_a.split("@")[0].rsplit(":", 1)[1]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(pg.url(role_b, password_a)).close()
    # Bob's rows are intact, and the store shows Bob only his own.
    assert ProgressStore(url=url_b).events()["item"].tolist() == ["01.b"]


def test_a_new_server_start_replaces_the_learners_password(pg):
    import psycopg

    old = db.provision_learner(pg.admin_url, "carol")
    new = db.provision_learner(pg.admin_url, "carol")
    assert old != new
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(old).close()
    _connect(new).close()


def test_the_trainers_login_reads_every_row_and_writes_none(pg, home):
    import psycopg

    for name in ("dora", "eve"):
        ProgressStore(url=db.provision_learner(pg.admin_url, name)).record(
            "exercise", f"01.{name}", lesson="01", topic="t", correct=True)
    reader = db.provision_reader(pg.admin_url)
    events, learners = db.class_records(reader)
    assert {"dora", "eve"} <= set(events["learner"]) and {"dora", "eve"} <= set(learners)
    with _connect(reader) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO events (kind, item, lesson, topic, correct) "
                         "VALUES ('exercise', 'x', '01', 't', 1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM events")


# ---------------------------------------------------------------- load and faults

LEARNERS, ATTEMPTS = 50, 200


def _load(pg, *, during=None, attempts=ATTEMPTS):
    """50 learners each record ``attempts`` answers at once through the store
    (the kernels' path) while a dashboard reads; ``during`` runs meanwhile.
    Returns (urls, latencies in seconds, problems seen by learners, dashboard reads)."""
    names = [f"load-{i:02d}" for i in range(LEARNERS)]
    urls = [db.provision_learner(pg.admin_url, name) for name in names]
    reader = db.provision_reader(pg.admin_url)
    latencies: list[float] = []
    problems: list[str] = []
    reads = [0]
    done = threading.Event()
    start = threading.Barrier(LEARNERS + 1)

    def learner(i: int) -> None:
        store = ProgressStore(url=urls[i])
        start.wait()
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            for n in range(attempts):
                t0 = time.perf_counter()
                store.record_attempt(f"q-{n:03d}", n % 3 != 0, "B", 1.0, lesson="04",
                                     topic="risk")
                latencies.append(time.perf_counter() - t0)
            problems.extend(str(w.message) for w in seen)

    def dashboard() -> None:
        while not done.is_set():
            db.class_records(reader)
            reads[0] += 1
            time.sleep(0.2)

    threads = [threading.Thread(target=learner, args=(i,)) for i in range(LEARNERS)]
    poller = threading.Thread(target=dashboard)
    for t in threads:
        t.start()
    poller.start()
    start.wait()
    if during is not None:
        during()
    for t in threads:
        t.join()
    done.set()
    poller.join()
    return names, urls, latencies, problems, reads[0], reader


def _check_nothing_lost(names, urls, reader, attempts=ATTEMPTS):
    events, _ = db.class_records(reader)
    counts = events[events["learner"].isin(names)].groupby("learner")["item"].agg(
        ["count", "nunique"])
    assert len(counts) == LEARNERS
    assert (counts["count"] == attempts).all(), counts[counts["count"] != attempts]
    assert (counts["nunique"] == attempts).all()
    assert all(ProgressStore(url=u).pending() == 0 for u in urls)


def test_fifty_learners_at_once_lose_nothing_while_the_dashboard_reads(pg, home):
    names, urls, latencies, problems, reads, reader = _load(pg)
    assert problems == []
    assert len(latencies) == LEARNERS * ATTEMPTS
    assert reads >= 1
    _check_nothing_lost(names, urls, reader)
    _forget(pg, names)


def _forget(pg, names) -> None:
    with _connect(pg.admin_url) as conn:
        conn.execute("DELETE FROM events WHERE learner = ANY(%s)",
                     ([db.role_name(n) for n in names],))


def test_a_postgresql_restart_during_the_load_loses_no_write(pg, home):
    restarted = []

    def restart():
        time.sleep(0.3)
        pg.restart()
        restarted.append(True)

    names, urls, latencies, problems, reads, reader = _load(pg, during=restart)
    assert restarted == [True]
    # Every write was retried until the server was back: nothing reached a learner.
    assert problems == []
    assert max(latencies) > 0.05  # some writes did wait for the restart
    _check_nothing_lost(names, urls, reader)
    _forget(pg, names)


def test_writes_made_while_the_database_is_down_wait_locally_and_are_sent_later(
        pg, home, monkeypatch):
    monkeypatch.setattr(progress_postgres, "RETRY_SECONDS", 0.3)
    url = db.provision_learner(pg.admin_url, "offline")
    store = ProgressStore(url=url)
    store.record("exercise", "05.first", lesson="05", topic="t", correct=True)
    pg.stop()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning reaches the learner
            store.record("exercise", "05.second", lesson="05", topic="t", correct=False)
            store.record_exam("course", 10, 7)
            store.record_lesson_done("05")
        assert store.pending() == 3
        assert progress.save_problem().startswith("Your progress is kept on this computer")
        assert (home / progress_postgres.OUTBOX_NAME).is_file()
        with pytest.raises(ValueError, match="cannot be reached"):
            store.summary()
    finally:
        pg.start()
    store.record("exercise", "05.third", lesson="05", topic="t", correct=True)
    assert store.pending() == 0 and progress.save_problem() is None
    assert store.events()["item"].tolist() == ["05.first", "05.second", "05.third"]
    assert store.exams()["correct"].tolist() == [7]
    assert store.lessons_done()["lesson"].tolist() == ["05"]


def test_a_write_sent_twice_is_stored_once(pg, home):
    url = db.provision_learner(pg.admin_url, "twice")
    backend = progress_postgres.PostgresBackend(url, home / "box.sqlite3")
    row = ("events", (progress_postgres.new_uid(), "2026-01-01T00:00:00+00:00", "exercise",
                      "06.x", "06", "t", 1, None, None))
    assert backend.write([row]) and backend.write([row])
    assert ProgressStore(url=url).events()["item"].tolist() == ["06.x"]


def test_a_connection_the_server_closed_when_idle_is_reopened_at_the_next_write(pg, home):
    url = db.provision_learner(pg.admin_url, "quiet")
    with _connect(pg.admin_url) as conn:  # the hub's setting, shortened for the test
        conn.execute(f"ALTER ROLE {db.role_name('quiet')} SET idle_session_timeout = '1s'")
    store = ProgressStore(url=url)
    store.record("exercise", "07.a", lesson="07", topic="t", correct=True)
    time.sleep(1.6)  # the server closes the idle connection
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store.record("exercise", "07.b", lesson="07", topic="t", correct=True)
    assert store.events()["item"].tolist() == ["07.a", "07.b"] and store.pending() == 0


def test_every_learners_login_has_the_idle_timeout(pg):
    db.provision_learner(pg.admin_url, "timed")
    with _connect(pg.admin_url) as conn:
        (config,) = conn.execute("SELECT setconfig FROM pg_db_role_setting JOIN pg_roles "
                                 "ON pg_roles.oid = setrole WHERE rolname = %s",
                                 (db.role_name("timed"),)).fetchone()
    assert f"idle_session_timeout={db.IDLE_SECONDS}s" in config


# ---------------------------------------------------------------- the hub's settings

def _env(pg, **extra):
    return {"IMPLCOURSE_WORKSHOP_DB": pg.admin_url, "IMPLCOURSE_TRAINERS": "tom,tina",
            "IMPLCOURSE_ROOM_PASSWORD": "room-pass-1", "IMPLCOURSE_TRAINER_PASSWORD": "t" * 32,
            **extra}


def test_the_configuration_for_each_platform(pg):
    from traitlets.config import Config

    from implcourse.workshop import hub

    c = Config()
    s = hub.configure(c, _env(pg))
    assert s["spawner"] == "systemd" and c.JupyterHub.spawner_class == \
        "systemdspawner.SystemdSpawner"
    assert c.SystemdSpawner.dynamic_users is True
    assert c.Authenticator.username_pattern == r"^[a-z][a-z0-9_-]{0,31}$"
    assert c.Authenticator.admin_users == {"tom", "tina"}
    assert c.JupyterHub.authenticator_class == \
        "implcourse.workshop.auth.RoomPasswordAuthenticator"
    assert c.Spawner.mem_limit == "1G" and c.Spawner.cpu_limit == 1.0
    names = [service["name"] for service in c.JupyterHub.services]
    assert names == [hub.DASHBOARD, hub.CULLER]
    culler = c.JupyterHub.services[1]["command"]
    assert "--timeout=3600" in culler
    dashboard = c.JupyterHub.services[0]
    # The dashboard's login reads all; the participants' servers get no database URL
    # from the configuration (each gets their own at spawn).
    assert dashboard["environment"]["IMPLCOURSE_DASHBOARD_DB"].startswith(
        "postgresql://implcourse_dashboard:")
    assert dashboard["environment"]["IMPLCOURSE_DASHBOARD_LISTEN"] == "127.0.0.1"
    assert "postgres" not in json_text(c.Spawner.environment)
    # Under TLJH: its spawner and its own culler are kept, with our dashboard added.
    c = Config()
    c.JupyterHub.services = [{"name": "cull-idle", "command": ["tljh-culler"]}]
    c.JupyterHub.spawner_class = "tljh.spawner.UserCreatingSpawner"
    hub.configure(c, _env(pg, IMPLCOURSE_SPAWNER="tljh", IMPLCOURSE_IDLE_MINUTES="90"))
    assert c.JupyterHub.spawner_class == "tljh.spawner.UserCreatingSpawner"
    assert [s["name"] for s in c.JupyterHub.services] == ["cull-idle", hub.DASHBOARD]
    # On Kubernetes: the edition reaches KubeSpawner's own environment, and the
    # dashboard listens on every address of the hub's pod.
    c = Config()
    c.KubeSpawner.environment = {"FROM_Z2JH": "1"}
    hub.configure(c, _env(pg, IMPLCOURSE_SPAWNER="kubernetes", IMPLCOURSE_DASHBOARD_HOST="hub",
                          IMPLCOURSE_WORKSHOP_EDITION="full"))
    assert c.KubeSpawner.environment == {"FROM_Z2JH": "1", "IMPLCOURSE_WORKSHOP_EDITION": "full"}
    assert c.JupyterHub.services[0]["url"] == "http://hub:10101"
    assert c.JupyterHub.services[0]["environment"]["IMPLCOURSE_DASHBOARD_LISTEN"] == "0.0.0.0"
    assert [s["name"] for s in c.JupyterHub.services] == [hub.DASHBOARD]
    # ... unless z2jh's own values set the edition: theirs wins.
    c = Config()
    c.KubeSpawner.environment = {"IMPLCOURSE_WORKSHOP_EDITION": "participant"}
    hub.configure(c, _env(pg, IMPLCOURSE_SPAWNER="kubernetes", IMPLCOURSE_WORKSHOP_EDITION="full"))
    assert c.KubeSpawner.environment == {"IMPLCOURSE_WORKSHOP_EDITION": "participant"}


def json_text(value) -> str:
    import json

    return json.dumps(value, default=str)


@pytest.mark.parametrize("name, value, fragment", [
    ("IMPLCOURSE_WORKSHOP_DB", "sqlite:///x", "IMPLCOURSE_WORKSHOP_DB"),
    ("IMPLCOURSE_TRAINERS", " , ", "IMPLCOURSE_TRAINERS"),
    ("IMPLCOURSE_ROOM_PASSWORD", "short", "IMPLCOURSE_ROOM_PASSWORD"),
    ("IMPLCOURSE_TRAINER_PASSWORD", "x" * 31, "IMPLCOURSE_TRAINER_PASSWORD"),
    ("IMPLCOURSE_SPAWNER", "docker", "IMPLCOURSE_SPAWNER"),
    ("IMPLCOURSE_MEM_LIMIT", "lots", "IMPLCOURSE_MEM_LIMIT"),
    ("IMPLCOURSE_CPU_LIMIT", "inf", "IMPLCOURSE_CPU_LIMIT"),
    ("IMPLCOURSE_IDLE_MINUTES", "0", "IMPLCOURSE_IDLE_MINUTES")])
def test_a_wrong_setting_stops_the_hub_naming_the_variable(pg, name, value, fragment):
    from implcourse.workshop import hub

    with pytest.raises(hub.WorkshopConfigError, match=fragment):
        hub.settings(_env(pg, **{name: value}))


def test_a_hub_login_without_superuser_rights_runs_the_workshop(pg, home):
    """Managed PostgreSQL services give no superuser: a login with CREATEROLE that
    owns the database is enough, including a participant's second server start."""
    import psycopg

    password = "hub-admin-pw-1"
    with _connect(pg.admin_url) as conn:
        conn.execute(f"CREATE ROLE hubadmin LOGIN CREATEROLE PASSWORD '{password}'")
        conn.execute("CREATE DATABASE course2 OWNER hubadmin")
    with _connect(pg.url("postgres", pg.password, "course2")) as conn:
        conn.execute("ALTER SCHEMA public OWNER TO hubadmin")
    admin = pg.url("hubadmin", password, "course2")
    db.migrate(admin)
    first = db.provision_learner(admin, "managed")
    second = db.provision_learner(admin, "managed")  # a second server start
    assert first != second
    ProgressStore(url=second).record("exercise", "08.x", lesson="08", topic="t", correct=True)
    events, learners = db.class_records(db.provision_reader(admin, "course2_dashboard"))
    assert events["learner"].tolist() == ["managed"] and learners == ["managed"]
    with _connect(second) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM learners")


def test_a_damaged_outbox_is_set_aside_and_writing_goes_on(pg, home):
    url = db.provision_learner(pg.admin_url, "damaged-box")
    store = ProgressStore(url=url)
    home.mkdir(parents=True, exist_ok=True)
    junk = b"this is not a database" * 100
    (home / progress_postgres.OUTBOX_NAME).write_bytes(junk)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store.record("exercise", "09.x", lesson="09", topic="t", correct=True)
    assert store.events()["item"].tolist() == ["09.x"]
    kept = list(home.glob("workshop-outbox.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == junk  # kept, never deleted


def test_an_outbox_that_cannot_be_written_is_reported_in_words(pg, home, monkeypatch):
    monkeypatch.setattr(progress_postgres, "RETRY_SECONDS", 0.2)
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the folder should be")
    store = ProgressStore(url=db.provision_learner(pg.admin_url, "no-box"))
    pg.stop()
    try:
        with pytest.warns(progress.ProgressWarning, match="cannot be written"):
            store.record("exercise", "09.y", lesson="09", topic="t", correct=True)
    finally:
        pg.start()


def test_only_the_workshops_logins_may_connect_and_none_makes_temporary_tables(pg):
    import psycopg

    url = db.provision_learner(pg.admin_url, "temp-user")
    with _connect(url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("CREATE TEMP TABLE scratch (x int)")
    with _connect(pg.admin_url) as conn:
        conn.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider-pw'")
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        _connect(pg.url("outsider", "outsider-pw")).close()


def test_login_names_carry_no_part_of_the_participants_name(pg):
    url = db.provision_learner(pg.admin_url, "Grace Hopper")
    role = db.role_name("Grace Hopper")
    assert role in url and "grace" not in role.lower() and "hopper" not in role.lower()
    with _connect(url) as conn:
        names = [r[0] for r in conn.execute("SELECT rolname FROM pg_roles")]
    assert not any("grace" in n.lower() for n in names)
