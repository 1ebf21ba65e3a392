"""The workshop on a real JupyterHub, end to end (issue 14).

On 127.0.0.1: PostgreSQL from Debian's package (``pg_support``), JupyterHub
with its proxy from the npm registry (``course.py`` installs it into
``.venv/node``), loaded with the project's own ``workshop/jupyterhub_config.py``.
The only changes for the test are the addresses, a temporary folder for the
hub's state and the users' homes, and the "simple" spawner (every server runs
as the test's own OS user; a real room uses systemd's dynamic users).

- Three participants log in with the room password and start their servers;
  each server gets the participant edition and a database login of its own.
- In each participant's kernel, cells of lesson 01 from their own copy run
  and check an exercise, which records progress.
- The trainer's class dashboard (a hub service) shows all three, and its
  CSV export holds their records.
- From Alice's kernel, nothing reaches Bob's records: not the database (with
  everything her environment holds), not the dashboard (with her token).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub_support import TRAINER, Hub, Kernel, start_servers
from implcourse.workshop.db import role_name

pytestmark = pytest.mark.slow

USERS = ("alice", "bob", "carol")
LESSON = "01_implementation_lifecycle.ipynb"


@pytest.fixture(scope="module")
def hub():
    server = Hub()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def room(hub):
    """The three participants logged in, servers started, one kernel each."""
    sessions, tokens = start_servers(hub, USERS)
    kernels = {name: Kernel(hub, name, tokens[name]) for name in USERS}
    return {"sessions": sessions, "tokens": tokens, "kernels": kernels}


def _lesson_cells(home: Path) -> list[str]:
    notebook = json.loads((home / "implcourse" / LESSON).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_each_participant_gets_the_participant_edition_on_first_login(hub, room):
    for name in USERS:
        folder = hub.dir / "users" / name / "implcourse"
        assert (folder / LESSON).is_file() and (folder / ".implcourse-closed-book").is_file()
        text = (folder / LESSON).read_text(encoding="utf-8")
        assert '"trainer"' not in text and '"solution"' not in text  # no tagged cells


def test_each_participant_records_progress_from_a_lesson_cell(hub, room):
    for n, name in enumerate(USERS):
        kernel = room["kernels"][name]
        cells = _lesson_cells(hub.dir / "users" / name)
        setup = next(c for c in cells if c.startswith("%matplotlib inline"))
        seed = next(c for c in cells if "learner_seed(" in c and c.lstrip().startswith("#"))
        exercise = next(c for c in cells if c.startswith("ex5 = "))
        for code in (setup, seed, exercise):
            kernel.run(code)
        # Alice and Carol answer right, Bob wrongly, as a learner would in the form.
        answer = ("ex5.expected()" if name != "bob" else
                  "{k: v + 7 if isinstance(v, (int, float)) else v[::-1] "
                  "for k, v in ex5.expected().items()}")
        out = kernel.run(f"print(ex5.check(**{answer}).correct)")
        assert out.strip() == str(name != "bob")
        out = kernel.run("from implcourse import progress\n"
                         "print(progress.ProgressStore().location.split()[-1].split('@')[0])\n"
                         "print(int(progress.summary()['tried'].sum()))")
        location, tried = out.split()
        assert location == f"postgresql://{role_name(name)}"
        assert tried == "1"


def _dashboard(hub, token):
    import requests

    return requests.get(f"{hub.url}/services/class-dashboard/api/summary", timeout=30,
                        headers={"Authorization": f"token {token}"})


def test_the_trainers_dashboard_shows_all_three(hub, room):
    session = hub.login(TRAINER, hub.trainer_password)
    token = hub.token_for(session, TRAINER)
    response = _dashboard(hub, token)
    assert response.status_code == 200, response.text
    text = json.dumps(response.json())
    for name in USERS:
        assert name in text
    # The page itself, in the trainer's browser session (the hub's OAuth).
    page = session.get(f"{hub.url}/services/class-dashboard/", timeout=30)
    assert page.status_code == 200 and all(name in page.text for name in USERS)
    csv = session.get(f"{hub.url}/services/class-dashboard/records.csv", timeout=30)
    assert csv.status_code == 200
    import io

    import pandas as pd

    records = pd.read_csv(io.StringIO(csv.text))
    assert sorted(records["learner"]) == sorted(USERS)  # one check each, trainer not counted
    assert set(records["item"]) == {"01.critical_path"}
    assert dict(zip(records["learner"], records["correct"])) == {
        "alice": True, "bob": False, "carol": True}


def test_from_alices_kernel_bobs_records_cannot_be_read_or_changed(hub, room):
    alice = room["kernels"]["alice"]
    bob_role = role_name("bob")
    probe = f"""
import os, json, psycopg
url = os.environ["IMPLCOURSE_PROGRESS_URL"]
out = {{}}
with psycopg.connect(url, autocommit=True) as conn:
    out["learners_seen"] = sorted({{r[0] for r in conn.execute("SELECT learner FROM events")}})
    try:
        conn.execute("INSERT INTO events (learner, kind, item, lesson, topic, correct) "
                     "VALUES (%s, 'exercise', 'forged', '01', 't', 1)", ({bob_role!r},))
        out["forge"] = "written"
    except psycopg.Error as err:
        out["forge"] = type(err).__name__
    out["deleted"] = conn.execute("DELETE FROM events WHERE learner = %s",
                                  ({bob_role!r},)).rowcount
    try:
        conn.execute("SELECT * FROM learners")
        out["learners_table"] = "read"
    except psycopg.Error as err:
        out["learners_table"] = type(err).__name__
# Every database credential the environment holds.
out["env_urls"] = sorted(k for k, v in os.environ.items() if "postgres" in v.lower())
print(json.dumps(out))
"""
    out = json.loads(alice.run(probe))
    assert out["learners_seen"] == [role_name("alice")]
    assert out["forge"] == "InsufficientPrivilege"
    assert out["deleted"] == 0
    assert out["learners_table"] == "InsufficientPrivilege"
    assert out["env_urls"] == ["IMPLCOURSE_PROGRESS_URL"]
    # Nothing of the hub's own administrator login is in Alice's environment.
    env = alice.run("import os, json; print(json.dumps(dict(os.environ)))")
    assert hub.pg.password not in env and "IMPLCOURSE_WORKSHOP_DB" not in env
    # Alice's token does not open the class dashboard or its export.
    token = room["tokens"]["alice"]
    assert _dashboard(hub, token).status_code == 403
    import requests

    for path in ("", "records.csv", "fragment"):
        response = requests.get(f"{hub.url}/services/class-dashboard/{path}", timeout=30,
                                headers={"Authorization": f"token {token}"},
                                allow_redirects=False)
        assert response.status_code in (302, 403), (path, response.status_code)
    # The token the hub put in Alice's own server does not open it either.
    kernel_token = alice.run("import os; print(os.environ['JUPYTERHUB_API_TOKEN'])").strip()
    assert _dashboard(hub, kernel_token).status_code == 403
    # Bob's records are intact: his one wrong answer.
    bob = room["kernels"]["bob"].run(
        "from implcourse import progress\n"
        "print(progress.ProgressStore().events()[['item', 'correct']].values.tolist())")
    assert bob.strip() == "[['01.critical_path', False]]"


def test_the_hub_runs_the_dashboard_and_the_idle_culler_and_limits_each_server(hub, room):
    services = hub.api("GET", "/services").json()
    assert {hub_name for hub_name in services} >= {"class-dashboard", "idle-culler"}
    # The culler runs, with the workshop's idle time (60 minutes by default).
    from hub_support import user_processes

    culler = []
    for entry in Path("/proc").iterdir():
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"jupyterhub_idle_culler" in cmd:
            try:  # this hub's culler (another hub on the machine has its own)
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"127.0.0.1:{hub.hub_port}".encode() in environ:
                culler.append(cmd)
    assert len(culler) == 1 and b"--timeout=3600" in culler[0]
    # Each participant's server culls its own idle kernels (30 minutes).
    for name in USERS:
        commands = []
        for pid in user_processes(name):
            try:
                commands.append(Path(f"/proc/{pid}/cmdline").read_bytes())
            except OSError:
                pass
        assert any(b"--MappingKernelManager.cull_idle_timeout=1800" in c for c in commands)


def test_a_trainers_name_opens_only_with_the_trainer_password(hub, room):
    """The room password under a trainer's name, in any case, is refused: otherwise a
    participant could log in as the trainer and read the class dashboard."""
    for name in (TRAINER, TRAINER.upper(), TRAINER.capitalize(), f" {TRAINER}"):
        assert hub.try_login(name, hub.room_password) != 302, name
    assert hub.try_login(TRAINER.capitalize(), hub.trainer_password) == 302
    # A participant's name does not open with the trainer password either.
    assert hub.try_login("alice", hub.trainer_password) != 302


def test_a_trainer_opens_the_dashboard_in_a_browser_through_the_hub_login(hub, room):
    """The real path: the hub's login page, the OAuth hand-over to the service, the page
    showing the room; a screenshot is kept (IMPLCOURSE_SCREENSHOTS)."""
    from browser_support import chromium, require_browser, screenshot_folder

    require_browser()
    # The trainer has a server of their own (and so a database login) like everyone.
    assert hub.api("POST", f"/users/{TRAINER}/server").status_code in (201, 202, 400)
    hub._wait(lambda: hub.api("GET", f"/users/{TRAINER}").json().get("servers", {})
              .get("", {}).get("ready"), 120, "the trainer's server")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{hub.url}/hub/login?next=/services/class-dashboard/")
        page.fill("input[name=username]", TRAINER)
        page.fill("input[name=password]", hub.trainer_password)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/services/class-dashboard/**", timeout=60_000)
        page.wait_for_selector("text=Mastery by topic", timeout=60_000)
        text = page.inner_text("body")
        for name in USERS:
            assert name in text
        # The trainer, whose server has started too, is not counted as a participant.
        counts = " ".join(page.inner_text("body").split())
        assert f"{len(USERS)} logged in" in counts, counts[:400]
        folder = screenshot_folder()
        if folder is not None:
            page.screenshot(path=str(folder / "workshop_hub_dashboard.png"))
        page.close()
