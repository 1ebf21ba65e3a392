"""The participant edition in a real browser: JupyterLab in Debian's Chromium.

The edition (``implcourse student-edition``) is written into a temporary
folder, and a JupyterLab server (127.0.0.1, a free port, HOME and every Jupyter
folder in a temporary directory; see ``browser_support``) serves it, so the
kernel starts in the edition's folder, as a participant's does. Chromium opens
lesson 04 (cleared, as participants get it) at 1280x720 and runs all cells;
then:

- every tool and form renders, with no widget error and no error output;
- an exercise's *Check*, pressed with nothing entered, says "Not answered yet";
- its *Show solution* says that the trainer has the worked solutions, and
  *Hint* still gives a hint;
- a knowledge check's *Check this question*, unanswered, says "Not answered yet".
"""

from __future__ import annotations

import sys

import pytest

from browser_support import (CHROMIUM, FLAGS, ROOT, as_root_args, free_port, isolated_env,
                             require_browser, start_server, stop_server)
from implcourse import editions
from implcourse.exercises import CLOSED_BOOK_MESSAGE
from test_browser import MEASURE, RUN_DONE, _widget_outputs, _write

pytestmark = pytest.mark.slow

LESSON = "04_risk_assessment.ipynb"


@pytest.fixture(scope="module")
def edition_lab(tmp_path_factory):
    """JupyterLab serving a fresh participant edition: (base url, token)."""
    require_browser()
    tmp = tmp_path_factory.mktemp("edition-browser")
    home, served = tmp / "home", tmp / "edition"
    editions.student_edition(served)
    settings = home / "lab-settings" / "@jupyterlab"
    _write(settings / "apputils-extension" / "notification.jupyterlab-settings",
           {"fetchNews": "false", "checkForUpdates": False})
    _write(settings / "notebook-extension" / "tracker.jupyterlab-settings",
           {"windowingMode": "none", "autoStartDefaultKernel": True})
    _write(settings / "docmanager-extension" / "plugin.jupyterlab-settings",
           {"autosave": False})
    env = isolated_env(home)
    for name in ("IMPLCOURSE_CLOSED_BOOK", "IMPLCOURSE_SOLUTIONS"):
        env.pop(name, None)   # the marker file alone makes the edition closed-book
    port, token = free_port(), "implcourse-edition-test"
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
            "--LabApp.news_url=", "--expose-app-in-browser", *as_root_args()]
    base = f"http://127.0.0.1:{port}"
    server = start_server(args, env, tmp / "lab.log", f"{base}/api/status?token={token}")
    try:
        yield base, token
    finally:
        stop_server(server)


def test_a_participant_notebook_runs_and_keeps_the_solutions_with_the_trainer(edition_lab):
    from playwright.sync_api import sync_playwright

    base, token = edition_lab
    expected = _widget_outputs(ROOT / "notebooks" / LESSON)   # every tool and form
    assert expected > 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{base}/lab/tree/{LESSON}?reset&token={token}",
                      wait_until="domcontentloaded")
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                "&& window.jupyterapp.shell.currentWidget.content "
                "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel "
                "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                ".status === 'idle'")
            page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            page.wait_for_function(RUN_DONE, polling=500)
            page.wait_for_function(
                f"() => [...window.jupyterapp.shell.currentWidget.node"
                f".querySelectorAll('.implcourse-tool')]"
                f".filter(e => !e.parentElement.closest('.implcourse-tool')).length >= {expected}",
                polling=500)
            found = page.evaluate(MEASURE)
            assert found["errors"] == []
            assert len(found["tools"]) == expected
            assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()

            form = page.locator(".implcourse-exercise").first
            form.scroll_into_view_if_needed()
            form.get_by_role("button", name="Check").click()
            form.get_by_text("Not answered yet.").wait_for()
            form.get_by_role("button", name="Show solution").click()
            form.get_by_text(CLOSED_BOOK_MESSAGE).wait_for()
            assert "Worked solution" not in form.inner_text()
            form.get_by_role("button", name="Hint").click()
            form.get_by_text("Hint 1 of").wait_for()

            check = page.locator(".implcourse-tool", has_text="Knowledge check").last
            check.scroll_into_view_if_needed()
            check.get_by_role("button", name="Check this question").click()
            check.get_by_text("Not answered yet.").first.wait_for()
        finally:
            browser.close()
