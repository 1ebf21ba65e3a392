"""Slide decks in a real browser: readable at 1280 x 720, offline, with speaker notes.

Every deck of the course is built with the command (``implcourse slides all``)
and opened from disk in Debian's Chromium (through Playwright), with every
request that is not a local file refused and recorded. On every slide of
every deck the test measures that the content fits the slide (its height and
width at most the slide's 1280 x 720) and that no slide needed type smaller
than ``slides.MIN_FIT``. Screenshots: the first slide of every deck, and
every slide of lesson 04, under ``IMPLCOURSE_SCREENSHOTS`` when it is set
(else in a temporary folder).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from browser_support import chromium, require_browser, screenshot_folder
from implcourse import cli, slides
from implcourse.course import load_course

#: The deck whose every slide is screenshot.
EVERY_SLIDE = "04"

WALK = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const config = Reveal.getConfig();
  const out = [];
  const stacks = Reveal.getHorizontalSlides();
  for (let h = 0; h < stacks.length; h++) {
    const subs = stacks[h].classList.contains("stack")
      ? Array.from(stacks[h].querySelectorAll(":scope > section")) : [stacks[h]];
    for (let v = 0; v < subs.length; v++) {
      Reveal.slide(h, v);
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
      }
      implcourseFit(Reveal.getCurrentSlide());
      const slide = subs[v];
      out.push({h: h, v: v, height: slide.scrollHeight, width: slide.scrollWidth,
                // Tables, pictures and code cut at the right: past the slide's edge,
                // or inside a box that clips what sticks out of it.
                clipped: Array.from(slide.querySelectorAll("table, img, pre")).filter(e => {
                  if (e.getBoundingClientRect().right > slide.getBoundingClientRect().right + 1) {
                    return true; }
                  for (let b = e; b && b !== slide; b = b.parentElement) {
                    if (b.scrollWidth > b.clientWidth + 1
                        && getComputedStyle(b).overflowX !== "visible") { return true; }
                  }
                  return false; }).length,
                boxWidth: slide.clientWidth, slideHeight: config.height,
                slideWidth: config.width, fit: Number(slide.dataset.fitScale || "1"),
                present: slide.classList.contains("present"),
                notes: Reveal.getSlideNotes(slide) || "",
                title: ((slide.querySelector("h1, h2, h3, p") || slide).textContent || "")
                         .trim().slice(0, 60)});
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Every deck, built with the command; prints how long the build took."""
    require_browser()
    folder = tmp_path_factory.mktemp("slides") / "decks"
    start = time.perf_counter()
    assert cli.main(["slides", "all", str(folder)]) == 0
    print(f"\nslides all: {len(load_course())} decks built in "
          f"{time.perf_counter() - start:.1f} s")
    return folder


@pytest.fixture(scope="module")
def browser(decks):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return screenshot_folder() or tmp_path_factory.mktemp("slide-shots")


def _open(browser, deck: Path):
    page = browser.new_page(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    return page, outside, errors


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_course()])
def test_every_slide_fits_1280x720_offline(browser, decks, shots, lesson):
    deck = decks / slides.deck_name(lesson)
    page, outside, errors = _open(browser, deck)
    try:
        measured = page.evaluate(WALK)
        assert measured, "the deck has no slides"
        assert len(measured) == page.evaluate("Reveal.getTotalSlides()")
        assert all(m["present"] for m in measured)
        too_tall = [m for m in measured if m["height"] > m["slideHeight"] + 1]
        too_wide = [m for m in measured if m["width"] > m["boxWidth"] + 1]
        assert not too_tall, "taller than the slide: " + "; ".join(
            f"{m['h']}/{m['v']} {m['title']!r} {m['height']} px" for m in too_tall)
        assert not too_wide, "wider than the slide: " + "; ".join(
            f"{m['h']}/{m['v']} {m['title']!r} {m['width']} px" for m in too_wide)
        clipped = [m for m in measured if m["clipped"]]
        assert not clipped, "a table, picture or code block is cut at the right: " + "; ".join(
            f"{m['h']}/{m['v']} {m['title']!r}" for m in clipped)
        assert min(m["fit"] for m in measured) >= slides.MIN_FIT
        assert measured[0]["slideWidth"] == slides.WIDTH
        assert measured[0]["slideHeight"] == slides.HEIGHT
        fitted = sum(m["fit"] < 1 for m in measured)
        print(f"\n{deck.name}: {len(measured)} slides, {fitted} set in smaller type "
              f"(smallest {min(m['fit'] for m in measured):.0%})")
        assert outside == [], f"the deck asked the network for {outside}"
        assert errors == [], errors
        # the screenshots: the first slide, and every slide of one deck
        every = lesson == EVERY_SLIDE
        for m in measured if every else measured[:1]:
            page.evaluate(f"Reveal.slide({m['h']}, {m['v']})")
            name = f"slides_{lesson}_{m['h']:02d}_{m['v']:02d}.png"
            page.screenshot(path=str(Path(shots) / name))
            assert (Path(shots) / name).stat().st_size > 5_000
    finally:
        page.close()


def test_speaker_notes_maths_and_tool_snapshots_in_the_browser(browser, decks):
    page, outside, errors = _open(browser, decks / slides.deck_name("04"))
    try:
        assert page.evaluate("Reveal.hasPlugin('notes')")
        measured = page.evaluate(WALK)
        section = next(m for m in measured if m["title"].startswith("1. Identifying risks"))
        assert "Trainer notes." in section["notes"]
        assert sum("Trainer notes." in m["notes"] for m in measured) >= 8
        # MathJax typeset the formulas from the local file, as SVG
        assert page.evaluate("document.querySelectorAll('mjx-container svg').length") > 3
        # each tool's snapshot shows its chart as a loaded image
        loaded = page.evaluate("""Array.from(document.querySelectorAll(
            '.implcourse-snapshot img')).map(img => img.naturalWidth > 0)""")
        assert loaded and all(loaded)
        # S opens reveal's speaker view, which shows the trainer's notes
        page.evaluate(f"Reveal.slide({section['h']}, {section['v']})")
        with page.expect_popup() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_function("document.body && document.body.innerText.includes("
                                  "'Trainer notes.')", timeout=15_000)
        speaker.close()
        assert outside == [] and errors == []
    finally:
        page.close()


def test_the_index_lists_every_deck(browser, decks):
    page = browser.new_page()
    try:
        page.goto((decks / "index.html").as_uri())
        links = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
        assert links == [slides.deck_name(lesson.id) for lesson in load_course()]
    finally:
        page.close()
