"""The handouts print to PDF in Chromium: pages, text, and nothing cut at the edge.

Builds the handouts into a temporary folder, opens the formula sheet, a
lesson, its quiz and an agenda in Debian's Chromium (through
Playwright, see ``tests/browser_support.py``), and for each:

- emulates print media at the width of an A4 page's content box and checks
  that no table, figure, image, formula or preformatted block is wider than
  it (a wider one would be cut at the right edge of the paper);
- prints it with ``page.pdf(format="A4")`` and reads the PDF with pypdf: at
  least one page, and the expected headings and numbers in its text;
- checks that the page asked the network for nothing.

With ``IMPLCOURSE_SCREENSHOTS`` set, a PNG of the first page of each (as
printed) is saved there: rendered from the PDF with ``pdftoppm`` when it is
installed, else a screenshot of the print-emulated page.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from browser_support import chromium, require_browser, screenshot_folder
from implcourse import formulas, handouts

#: A4 is 210 mm wide; the handouts' @page margins are 15 mm left and right.
#: CSS pixels are 1/96 inch: 180 mm = 680.3 px.
CONTENT_WIDTH_PX = int(180 / 25.4 * 96)
A4_HEIGHT_PX = int(297 / 25.4 * 96)

WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('table, pre, img, figure, math, svg, .formula')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > limit + 1 || el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      out.push(`${el.tagName.toLowerCase()} ${Math.round(r.width)}px (right ${Math.round(r.right)})`);
  }
  if (document.documentElement.scrollWidth > limit + 1)
    out.push(`page ${document.documentElement.scrollWidth}px`);
  return out;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts-pdf") / "out"
    handouts.write_handouts(out)
    return out


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with chromium() as browser:
        yield browser


def _npv_line() -> str:
    return formulas.worked_line("npv").split(" = ")[-1]


CASES = [
    ("formula_sheet.html", ["Formula sheet", "Net present value", "Cost performance index"],
     lambda: [_npv_line().lstrip("€"), formulas.worked_line("cpi").split(" = ")[-1]]),
    ("lessons/05_business_case_roi.html", ["05 ", "Learning objectives", "Key points"],
     lambda: ["Interactive tool"]),
    ("quizzes/05_quiz.html", ["Name"], lambda: ["1."]),
    ("agendas/one-day.html", ["One-day", "Start", "Break"], lambda: ["09:00"]),
]


@pytest.mark.parametrize("name, headings, numbers", CASES, ids=[c[0] for c in CASES])
def test_handout_prints_to_a_pdf_with_nothing_cut(built, browser, name, headings, numbers):
    from pypdf import PdfReader

    requests: list[str] = []
    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.route("http*://**", lambda route: route.abort())
        page.goto((built / name).as_uri())
        page.emulate_media(media="print")
        page.wait_for_load_state("load")
        assert page.evaluate(WIDE) == [], f"{name}: wider than an A4 page's content"
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        shots = screenshot_folder()
        stem = name.replace("/", "_").removesuffix(".html")
        if shots is not None:
            _first_page_png(pdf, page, shots / f"handout_{stem}.png")
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 0
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    for expected in headings + numbers():
        assert expected in text, f"{name}: {expected!r} not in the PDF's text"
    width_pt = float(reader.pages[0].mediabox.width)
    assert abs(width_pt - 595.3) < 2, f"{name}: not A4 ({width_pt} pt wide)"


def _first_page_png(pdf: bytes, page, target) -> None:
    if shutil.which("pdftoppm"):
        source = target.with_suffix(".pdf")
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(source), str(target.with_suffix(""))], check=True, timeout=60)
        source.unlink()
    else:
        page.screenshot(path=str(target), full_page=False)


def test_no_handout_is_wider_than_the_paper(built, browser):
    """Every page of the handouts, as printed: nothing cut at the right edge."""
    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    page.emulate_media(media="print")
    wide = {}
    try:
        pages = sorted(built.rglob("*.html"))
        for path in pages:
            page.goto(path.as_uri())
            found = page.evaluate(WIDE)
            if found:
                wide[path.relative_to(built).as_posix()] = found
    finally:
        page.close()
    assert len(pages) > 30
    assert wide == {}


def test_short_cells_of_an_agenda_stay_on_one_line(built, browser):
    """Times, minutes and lesson numbers are never broken inside a word."""
    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    try:
        page.goto((built / "agendas" / "two-day.html").as_uri())
        page.emulate_media(media="print")
        broken = page.evaluate("""() => {
          const out = [];
          for (const cell of document.querySelectorAll('th, td')) {
            const text = cell.textContent.trim();
            if (!/^(\\d\\d:\\d\\d|\\d+|Start|End|Min|Lesson)$/.test(text)) continue;
            const range = document.createRange();
            range.selectNodeContents(cell);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) out.push(text);
          }
          return out;
        }""")
        cells = page.locator("td").count()
    finally:
        page.close()
    assert cells > 10
    assert broken == []


def test_a_long_table_repeats_its_header_and_keeps_rows_whole(built, browser):
    """The print style asks Chromium to repeat table headers on each page and never
    split a row; the computed style of the printed page says it took them."""
    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    try:
        page.goto((built / "formula_sheet.html").as_uri())
        page.emulate_media(media="print")
        styles = page.evaluate("""() => {
          const thead = document.querySelector('thead');
          const tr = document.querySelector('tbody tr');
          const block = document.querySelector('.formula');
          return [getComputedStyle(thead).display, getComputedStyle(tr).breakInside,
                  getComputedStyle(block).breakInside];
        }""")
    finally:
        page.close()
    assert styles == ["table-header-group", "avoid", "avoid"]


def test_a_group_exercise_prints_each_handed_out_section_on_its_own_page(built, browser):
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    try:
        page.route("http*://**", lambda route: route.abort())
        page.goto((built / "trainer" / "group_go_no_go.html").as_uri())
        page.emulate_media(media="print")
        page.wait_for_load_state("load")
        assert page.evaluate(WIDE) == []
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    texts = [(p.extract_text() or "").strip() for p in PdfReader(io.BytesIO(pdf)).pages]
    for heading in ("Instructions for participants", "Role cards (scenario A)",
                    "Slips to hand out", "Facilitator prompts"):
        assert any(t.startswith(heading) for t in texts), heading
    assert not any("Answer key" in t and "Slips to hand out" in t for t in texts)
