"""Print-ready HTML pages: the one style every handout shares.

The trainer's handouts (formula sheet, agendas, printable quizzes and their
answer keys, pre- and post-tests, lessons for reading) are plain HTML files
that read well on screen and print cleanly to PDF from a browser: A4 pages
with margins, tables that repeat their header and never split a row, headings
kept with what follows, and a page break wherever a section asks for one
(``<section class="page">``). Nothing is fetched from the network.

Examples
--------
>>> html = page("Formula sheet", "<h1>Formula sheet</h1><p>ROI = gain / cost</p>")
>>> html.startswith("<!DOCTYPE html>") and "<title>Formula sheet</title>" in html
True
"""

from __future__ import annotations

import html as _html

from .validation import check_str

__all__ = ["PRINT_CSS", "page", "escape"]

#: The style of every handout, for screen and print.
PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt;
       line-height: 1.4; color: #111; }
body { max-width: 48em; margin: 1.5em auto; padding: 0 1em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1 { font-size: 1.6em; margin: 0 0 0.4em; }
h2 { font-size: 1.25em; margin: 1.2em 0 0.4em; border-bottom: 1px solid #999; }
h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.95em; }
thead { display: table-header-group; }
tr, img, pre, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 0.25em 0.45em; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; overflow-wrap: break-word; }
td.num, th.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; height: auto; }
pre, code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.9em;
            white-space: pre-wrap; overflow-wrap: anywhere; }
section.page { break-before: page; page-break-before: always; }
section.page:first-of-type { break-before: auto; page-break-before: auto; }
.meta { color: #444; font-size: 0.9em; }
.answer-line { border-bottom: 1px solid #555; height: 1.6em; margin: 0.3em 0 0.6em; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #333;
       margin-right: 0.4em; vertical-align: -0.1em; }
"""


def escape(text: object) -> str:
    """Text made safe to put inside HTML.

    Examples
    --------
    >>> escape("Cost < benefit & ROI > 0")
    'Cost &lt; benefit &amp; ROI &gt; 0'
    """
    return _html.escape(str(text), quote=True)


def page(title: str, body: str, *, css: str = "") -> str:
    """A complete, self-contained HTML document in the handouts' print style.

    Parameters
    ----------
    title : str
        The document's title (escaped here).
    body : str
        The HTML of the body (already HTML: not escaped).
    css : str, optional
        More CSS, after the shared style.

    Returns
    -------
    str
        ``<!DOCTYPE html>`` and the whole page, with no external resource.

    Examples
    --------
    >>> "section.page" in page("Quiz", "<section class='page'>1</section>")
    True
    """
    title = check_str("title", title)
    if not isinstance(body, str):
        raise TypeError(f"body must be a string of HTML, got {type(body).__name__}")
    if not isinstance(css, str):
        raise TypeError(f"css must be a string, got {type(css).__name__}")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{PRINT_CSS}{css}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")
