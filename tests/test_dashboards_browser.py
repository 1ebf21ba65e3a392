"""Every projector dashboard in a real browser: Voilà as ``implcourse dashboard``
starts it, Debian's Chromium at 1280x720.

For each dashboard one Voilà server starts exactly as the command starts it
(:func:`implcourse.dashboards.voila_command` with the course's template, on
127.0.0.1, a free port, HOME and every Jupyter folder in a temporary
directory), and the page is checked:

- no request goes to any host other than the server on 127.0.0.1 (the
  stock Voilà page asks a CDN for Font Awesome; ours must not);
- the tool renders, with no widget error, and nothing scrolls sideways;
- every chart on show is drawn at its natural pixel size (within 2 %), in
  proportion: not stretched to the window, as stock Voilà's layout does;
- the type is large (at least 18 px);
- changing an input changes the result, and no "not applied" alert appears.

Set ``IMPLCOURSE_SCREENSHOTS`` to a folder to keep a screenshot of each
dashboard (as first shown, and after the change).
"""

from __future__ import annotations

import time

import pytest

from browser_support import (chromium, free_port, isolated_env, require_browser,
                             screenshot_folder, start_server, stop_server)
from implcourse import dashboards

pytestmark = pytest.mark.slow

VIEWPORT = {"width": 1280, "height": 720}

#: How each dashboard's input is changed: (kind, selector, value). "select"
#: picks an option by index or by label, "fill" types into a box and presses Enter,
#: "click" clicks. Every selector is inside the tool's controls column.
CHANGES = {
    "suitability": ("select", ".implcourse-controls select", 1),
    "rollout": ("fill", ".implcourse-controls .widget-inline-hbox:has(label:text-is("
                "'Number of users')) input", "5000"),
    "monte-carlo": ("click", ".implcourse-controls .widget-checkbox input", None),
    "business-case": ("fill", ".implcourse-controls .widget-inline-hbox:has(label:text-is("
                      "'Discount %')) input", "20"),
    "evm": ("fill", ".implcourse-controls .widget-text input >> nth=2", "800,000"),
    "kpi": ("fill", ".implcourse-controls .widget-inline-hbox:has(label:text-is("
            "'Amber threshold')) input", "60"),
    "partner-scoring": ("select", ".implcourse-controls select",
                        "Tight budget, well-specified work"),
}

#: What the page shows as the result: the text and the chart pictures of the
#: tool's result column.
RESULT = """() => {
  const box = document.querySelector('.implcourse-tool .implcourse-result');
  return box.innerText + ' ' + [...box.querySelectorAll('img')].map(i => i.src).join(' ');
}"""

MEASURE = """() => {
  const doc = document.documentElement;
  const charts = [...document.querySelectorAll('.implcourse-tool img.implcourse-chart')]
      .filter(i => i.offsetParent !== null && i.naturalWidth > 0)
      .map(i => ({natural: [i.naturalWidth, i.naturalHeight],
                  shown: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
                  column: i.parentElement.clientWidth}));
  const label = document.querySelector('.implcourse-tool .widget-label, '
                                       + '.implcourse-tool .widget-html-content');
  return {
    scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
    bodyScrollWidth: document.body.scrollWidth,
    charts,
    fontSize: parseFloat(getComputedStyle(label).fontSize),
    errors: [...document.querySelectorAll('.jp-OutputArea-output')]
        .filter(e => /Error displaying widget|Traceback/.test(e.innerText))
        .map(e => e.innerText.slice(0, 200)),
    alerts: [...document.querySelectorAll('.implcourse-alert')].map(e => e.innerText),
  };
}"""


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with chromium() as browser:
        yield browser


@pytest.fixture
def served(request, tmp_path):
    """One dashboard served as ``implcourse dashboard NAME --no-browser`` serves it."""
    name = request.param
    port = free_port()
    env = dashboards.voila_environment(isolated_env(tmp_path / "home"))
    command = dashboards.voila_command(name, port, open_browser=False)
    base = f"http://127.0.0.1:{port}/"
    server = start_server(command, env, tmp_path / "voila.log", base + dashboards.READY_PATH)
    try:
        yield name, base
    finally:
        stop_server(server)


def _change(page, name: str) -> None:
    kind, selector, value = CHANGES[name]
    target = page.locator(f".implcourse-tool {selector}").first
    if kind == "select":
        # ipywidgets writes the spaces of an option's label as no-break spaces.
        options = [o.replace("\xa0", " ") for o in target.locator("option").all_inner_texts()]
        if not isinstance(value, int):
            assert value in options, options
            value = options.index(value)
        assert len(options) > value, options
        target.select_option(index=value)
    elif kind == "fill":
        target.fill(value)
        target.press("Enter")
    else:
        target.click()


def _wait_for_change(page, before: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = page.evaluate(RESULT)
        if now != before:
            page.wait_for_timeout(300)  # let the rest of the update arrive
            return page.evaluate(RESULT)
        page.wait_for_timeout(100)
    return before


@pytest.mark.parametrize("served", list(dashboards.DASHBOARDS), indirect=True)
def test_dashboard_in_chromium(browser, served):
    name, base = served
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(base, wait_until="domcontentloaded", timeout=90_000)
        page.wait_for_selector(".implcourse-tool .implcourse-result", state="visible",
                               timeout=90_000)
        # Every chart on show has loaded its picture.
        page.wait_for_function("() => [...document.querySelectorAll("
                               "'.implcourse-tool img.implcourse-chart')]"
                               ".filter(i => i.offsetParent !== null)"
                               ".every(i => i.complete && i.naturalWidth > 0)",
                               timeout=30_000)
        folder = screenshot_folder()
        if folder:
            page.screenshot(path=str(folder / f"dashboard-{name}.png"))
        first = page.evaluate(MEASURE)

        assert first["errors"] == [] and first["alerts"] == [], first
        assert first["scrollWidth"] <= first["clientWidth"], "the page scrolls sideways"
        assert first["bodyScrollWidth"] <= first["clientWidth"], "the page scrolls sideways"
        assert first["fontSize"] >= 18, f"type too small for a projector: {first['fontSize']}"
        for chart in first["charts"]:
            (nw, nh), (sw, sh) = chart["natural"], chart["shown"]
            assert abs(sw / sh - nw / nh) <= 0.02 * nw / nh, f"out of proportion: {chart}"
            assert sw <= nw + 1, f"stretched beyond its drawn size: {chart}"
            if nw <= chart["column"]:  # it fits its column: shown at its drawn size
                assert sw >= 0.98 * nw, f"shrunk: {chart}"
            else:  # wider than its column: shrunk to the column, no further
                assert sw >= 0.98 * chart["column"], f"shrunk: {chart}"

        before = page.evaluate(RESULT)
        _change(page, name)
        after = _wait_for_change(page, before)
        assert after != before, "the result did not change with the input"
        changed = page.evaluate(MEASURE)
        assert changed["alerts"] == [] and changed["errors"] == [], changed
        assert changed["scrollWidth"] <= changed["clientWidth"], "scrolls sideways after"
        if folder:
            page.screenshot(path=str(folder / f"dashboard-{name}-changed.png"))

        outside = [u for u in requests
                   if not u.startswith((base, base.replace("http:", "ws:"), "data:", "blob:"))]
        assert outside == [], f"requests left the machine: {outside}"
        assert any(dashboards.READY_PATH in u for u in requests), "our template was not used"
    finally:
        context.close()
