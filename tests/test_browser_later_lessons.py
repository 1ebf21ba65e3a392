"""The later half of the lessons in JupyterLab in Chromium: the same checks as
``test_browser.py`` (see there), in a module of their own so that the suite's two
workers check the two halves of the course at the same time (``--dist loadscope`` keeps
each module on one worker). This module starts its own JupyterLab server.
"""

from __future__ import annotations

import pytest

from test_browser import LATER, browser, check_lesson, lab  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("notebook", LATER, ids=[p.stem for p in LATER])
def test_later_lesson_renders_and_every_tool_fits_the_screen(browser, lab, notebook):
    check_lesson(browser, lab, notebook)
