"""The trainer's class dashboard as HTML: one self-contained page, no external file.

:func:`sections` renders the live part (counts, who has not started, the
most missed items, the room per exercise and the mastery heat map) from the
workshop's events; :func:`page` wraps it in a page that refreshes itself:
a small inline script fetches the sections again every few seconds and
swaps them in, and says so on the page when a refresh fails (it keeps
trying). Every value is escaped; the page loads nothing from elsewhere (no
CDN, no web font), so it works on a closed network and on a projector.

The heat map uses five steps of *viridis*, a sequential colour map designed
to stay readable in greyscale and for the common kinds of colour-vision
deficiency (S. van der Walt and N. Smith, "A Better Default Colormap for
Matplotlib", SciPy 2015); every cell also carries its number as text.

Examples
--------
>>> from datetime import datetime, timezone
>>> from implcourse.workshop.classroom import example_events
>>> body = sections(example_events(), ["ada", "ben", "cy"],
...                 updated=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc))
>>> "Last updated 09:30:00 UTC" in body and "cy" in body
True
>>> html_text = page(body, refresh=15)
>>> html_text.startswith("<!DOCTYPE html>") and "every 15 seconds" in html_text
True
"""

from __future__ import annotations

import html
import math
from datetime import datetime

from ..validation import check_int, check_number, check_str, shown
from . import classroom

__all__ = ["PALETTE", "heat_colour", "sections", "problem_sections", "page", "DEFAULT_REFRESH",
           "NOT_STARTED_TITLE", "MOST_MISSED_TITLE"]

#: Seconds between refreshes unless the service is told otherwise.
DEFAULT_REFRESH = 15
#: Viridis sampled at the middle of each fifth (0.1, 0.3, ... 0.9), with the
#: text colour that reads best on it: (background, text).
PALETTE = (("#482475", "#ffffff"), ("#355f8d", "#ffffff"), ("#21918c", "#000000"),
           ("#44bf70", "#000000"), ("#bddf26", "#000000"))
#: The colour of a topic not tried (with the text "–").
NOT_TRIED = ("#eeeeee", "#333333")
NOT_STARTED_TITLE = "Who has not started"
MOST_MISSED_TITLE = "Most missed"
_MARKER = "data-implcourse-sections"

_CSS = """
*{box-sizing:border-box}
html{font-size:20px}
body{margin:0;padding:0.6rem 1rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:#111;background:#fff;line-height:1.35;
max-width:1280px;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:1.1rem 0 .4rem;border-bottom:2px solid #ddd}
.bar{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:baseline}
.status{color:#8a1c00;font-weight:bold}
.counts{display:flex;flex-wrap:wrap;gap:1rem;margin:.4rem 0;padding:0;list-style:none}
.counts li{border:2px solid #ccc;border-radius:.4rem;padding:.3rem .8rem;font-size:1.1rem}
.counts b{font-size:1.6rem;margin-right:.3rem}
table{border-collapse:collapse;font-size:.95rem;max-width:100%}
th,td{padding:.2rem .5rem;border-bottom:1px solid #ddd}
.scroll{overflow:auto;max-width:100%;max-height:70vh;border:1px solid #ccc}
.heat th{background:#fff;font-weight:600;text-align:center;min-width:4.2em;max-width:9em;hyphens:auto;
font-size:.85rem}
.heat th[scope=row]{position:sticky;left:0;background:#fff;text-align:left;max-width:12em}
.heat td{text-align:center;font-weight:bold;white-space:nowrap;min-width:4.2em}
.legend{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0;padding:0;list-style:none}
.legend li{padding:.15rem .6rem;border-radius:.3rem;font-size:.9rem}
.names{columns:14em;margin:.3rem 0;padding-left:1.2rem}
.problem{font-size:1.2rem;border:3px solid #8a1c00;padding:.6rem;border-radius:.4rem}
a{color:#0b4f9c}
"""

_SCRIPT = """
(function () {
  var box = document.getElementById("live");
  var status = document.getElementById("refresh-status");
  var url = box.getAttribute("data-fragment");
  var every = 1000 * Number(box.getAttribute("data-refresh"));
  function failed() {
    status.textContent = "Could not refresh, retrying in " + every / 1000 + " seconds.";
    status.hidden = false;
  }
  function tick() {
    // A request that hangs (a stalled network) counts as failed too.
    var control = new AbortController();
    var timer = window.setTimeout(function () { control.abort(); }, Math.max(every, 5000));
    fetch(url, {credentials: "same-origin", cache: "no-store", signal: control.signal})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (text) {
        if (text.indexOf("%(marker)s") < 0) { throw new Error("not the sections"); }
        box.innerHTML = text;
        status.textContent = "";
        status.hidden = true;
      })
      .catch(failed)
      .then(function () { window.clearTimeout(timer); window.setTimeout(tick, every); });
  }
  window.setTimeout(tick, every);
})();
""" % {"marker": _MARKER}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _seconds(n: int) -> str:
    return "second" if n == 1 else f"{n} seconds"


def _percent(share: float) -> int:
    """A share (0 to 1) as a whole per cent, halves rounded up."""
    return int(math.floor(share * 100 + 0.5))


def heat_colour(share: float | None) -> tuple[str, str]:
    """The (background, text) colours of a heat-map cell for a share from 0 to 1.

    The share is rounded to a whole per cent first (as the cell's text shows
    it), then placed in its fifth: 0–19 %, 20–39 %, 40–59 %, 60–79 % or
    80–100 %. None or NaN (not tried) gives light grey.

    Examples
    --------
    >>> heat_colour(0.67)
    ('#44bf70', '#000000')
    >>> heat_colour(None)
    ('#eeeeee', '#333333')
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return NOT_TRIED
    share = check_number("share", share, minimum=0, maximum=1)
    return PALETTE[min(_percent(share) // 20, len(PALETTE) - 1)]


def _check_time(name: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__} {shown(value)}")
    if value.tzinfo is None:
        raise ValueError(f"{name} must carry a time zone (UTC), got {shown(value)}")
    return value


def _updated_line(updated: datetime) -> str:
    from datetime import timezone

    stamp = updated.astimezone(timezone.utc).strftime("%H:%M:%S")
    return f'<p class="updated">Last updated {stamp} UTC.</p>'


def _table(table) -> str:
    return table.to_html()


def _not_started_html(names: list[str]) -> str:
    if not names:
        return "<p>Everyone has started.</p>"
    items = "".join(f"<li>{_e(name)}</li>" for name in names)
    return f'<ul class="names">{items}</ul>'


def _most_missed_html(frame) -> str:
    from ..tables import show

    if frame.empty:
        return "<p>Nothing missed yet: no item was answered wrong at the first attempt.</p>"
    table = frame[["lesson_label", "what", "attempted", "missed", "share"]]
    return _table(show(table, percent=["share"], decimals={"share": 0}, index=False,
                       labels={"lesson_label": "Lesson", "what": "Item",
                               "attempted": "Attempted", "missed": "Not right first time",
                               "share": "Share missed"}))


def _by_lesson_html(frame, total: int) -> str:
    from ..tables import show

    if frame.empty:
        return ""
    table = frame[["lesson_label", "started", "attempted", "right_now", "right_first_time"]]
    caption = (f"Participants who have worked in each lesson, out of {total}, and their "
               "items (exercises and questions) attempted, right now and right first time.")
    return _table(show(table, index=False, caption=caption,
                       labels={"lesson_label": "Lesson", "started": "Participants",
                               "attempted": "Items attempted", "right_now": "Right now",
                               "right_first_time": "Right first time"}))


def _by_exercise_html(frame, total: int) -> str:
    from ..tables import show

    if frame.empty:
        return "<p>No exercise checked and no question answered yet.</p>"
    table = frame[["lesson_label", "what", "attempted", "right_now",
                   "right_first_time", "solution_seen"]].copy()
    caption = f"Each exercise and question: numbers of participants, out of {total}."
    return _table(show(table, index=False, caption=caption,
                       labels={"lesson_label": "Lesson", "what": "Exercise or question",
                               "attempted": "Attempted",
                               "right_now": "Right now", "right_first_time": "Right first time",
                               "solution_seen": "Saw solution"}))


def _legend_html() -> str:
    labels = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–100 %"]
    items = [f'<li style="background:{bg};color:{fg}">{label}</li>'
             for (bg, fg), label in zip(PALETTE, labels)]
    items.append(f'<li style="background:{NOT_TRIED[0]};color:{NOT_TRIED[1]}">'
                 "– not tried</li>")
    return ('<ul class="legend" aria-label="Legend: share right first time">'
            + "".join(items) + "</ul>")


def _heat_html(frame) -> str:
    if frame.shape[1] == 0:
        return "<p>No topic tried yet.</p>"
    lessons: list[tuple[str, int]] = []
    for lesson, _ in frame.columns:
        if lessons and lessons[-1][0] == lesson:
            lessons[-1] = (lesson, lessons[-1][1] + 1)
        else:
            lessons.append((lesson, 1))
    head1 = "".join(f'<th scope="colgroup" colspan="{span}">Lesson {_e(lesson)}</th>'
                    for lesson, span in lessons)
    head2 = "".join(f'<th scope="col">{_e(topic)}</th>' for _, topic in frame.columns)
    rows = []
    for name, values in zip(frame.index, frame.itertuples(index=False)):
        cells = []
        for (lesson, topic), share in zip(frame.columns, values):
            missing = share is None or (isinstance(share, float) and math.isnan(share))
            bg, fg = heat_colour(None if missing else float(share))
            text = "–" if missing else f"{_percent(float(share))} %"
            hint = f"{name}, lesson {lesson}, {topic}: " + ("not tried" if missing else text)
            cells.append(f'<td style="background:{bg};color:{fg}" title="{_e(hint)}">'
                         f"{_e(text)}</td>")
        rows.append(f'<tr><th scope="row">{_e(name)}</th>{"".join(cells)}</tr>')
    return ('<p>Share of the items of each topic right at the first attempt '
            '(an attempt after seeing the worked solution does not count).</p>'
            + _legend_html()
            + '<div class="scroll" tabindex="0" role="region" aria-label="Mastery heat map">'
            '<table class="heat"><thead>'
            f'<tr><th scope="col" rowspan="2">Participant</th>{head1}</tr><tr>{head2}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>')


def sections(events, learners, *, updated: datetime, n_missed: int = 10) -> str:
    """The live sections of the dashboard, as HTML (what the page refreshes).

    Parameters
    ----------
    events : pandas.DataFrame
        The workshop's progress events (see :mod:`implcourse.workshop.classroom`).
    learners : list of str
        The participants.
    updated : datetime
        When the data was read (with a time zone); shown in UTC.
    n_missed : int, default 10
        How many items "Most missed" lists at most.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from implcourse.workshop.classroom import example_events
    >>> body = sections(example_events(), ["ada", "ben", "cy"],
    ...                 updated=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc))
    >>> "<b>3</b>" in body and "Most missed" in body
    True
    """
    updated = _check_time("updated", updated)
    n_missed = check_int("n_missed", n_missed, minimum=1, maximum=1000)
    room = classroom.participants(events, learners)
    waiting = classroom.not_started(events, room)
    counts = [("participants", len(room)), ("started", len(room) - len(waiting)),
              ("not started", len(waiting))]
    count_items = "".join(f"<li><b>{number}</b>{_e(label)}</li>" for label, number in counts)
    parts = [
        f"<div {_MARKER}>",
        _updated_line(updated),
        f'<ul class="counts" aria-label="Counts">{count_items}</ul>',
        f"<section><h2>{NOT_STARTED_TITLE}</h2>{_not_started_html(waiting)}</section>",
        f"<section><h2>{MOST_MISSED_TITLE}</h2>"
        f"{_most_missed_html(classroom.most_missed(events, n_missed))}</section>",
        "<section><h2>Mastery by topic</h2>"
        f"{_heat_html(classroom.mastery(events, room))}</section>",
        "<section><h2>Participants by lesson and exercise</h2>"
        f"{_by_lesson_html(classroom.by_lesson(events, room), len(room))}"
        f"{_by_exercise_html(classroom.by_exercise(events, room), len(room))}</section>",
        "</div>",
    ]
    return "\n".join(parts)


def problem_sections(message: str, *, updated: datetime) -> str:
    """The live sections when the data cannot be read: the sentence, nothing else.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> body = problem_sections("The class database cannot be reached.",
    ...                         updated=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc))
    >>> "cannot be reached" in body
    True
    """
    message = check_str("message", message)
    updated = _check_time("updated", updated)
    return (f"<div {_MARKER}>{_updated_line(updated).replace('Last updated', 'Last tried')}"
            f'<p class="problem" role="alert">{_e(message)}</p></div>')


def page(body: str, *, refresh: int = DEFAULT_REFRESH, fragment_url: str = "fragment",
         csv_url: str = "records.csv", title: str = "Class dashboard",
         nonce: str | None = None) -> str:
    """The whole dashboard page around ``body`` (from :func:`sections` or
    :func:`problem_sections`), with its refresh script.

    Parameters
    ----------
    body : str
        The live sections, as HTML (not escaped again).
    refresh : int, default 15
        Seconds between refreshes (1 to 3600).
    fragment_url, csv_url : str
        Where the sections and the CSV export are (relative to the page, or
        absolute paths).
    title : str
    nonce : str, optional
        A Content-Security-Policy nonce for the inline script.

    Examples
    --------
    >>> text = page("<div data-implcourse-sections></div>", refresh=30)
    >>> "every 30 seconds" in text and "Download records (CSV)" in text
    True
    """
    if not isinstance(body, str):
        raise TypeError(f"body must be HTML text, got {type(body).__name__} {shown(body)}")
    refresh = check_int("refresh", refresh, minimum=1, maximum=3600)
    fragment_url = check_str("fragment_url", fragment_url)
    csv_url = check_str("csv_url", csv_url)
    title = check_str("title", title)
    if nonce is not None:
        nonce = check_str("nonce", nonce)
    nonce_attr = f' nonce="{_e(nonce)}"' if nonce else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1>"
        f'<div class="bar"><span>This page refreshes itself every {_seconds(refresh)}.</span>'
        f'<a href="{_e(csv_url)}" download>Download records (CSV)</a>'
        '<span id="refresh-status" class="status" role="status" hidden></span></div></header>'
        f'<main id="live" data-fragment="{_e(fragment_url)}" data-refresh="{refresh}">'
        f"{body}</main>"
        f"<script{nonce_attr}>{_SCRIPT}</script></body></html>\n"
    )
