"""The trainer's class dashboard as HTML: one self-contained page, no external file.

:func:`sections` renders the live part from the workshop's events, in the
order a trainer needs it in a live room: the counts, who has not started
and who has gone quiet (side by side), the mastery heat map, the most
missed items, then the room per lesson and exercise. :func:`page` wraps it
in a page that refreshes itself: a small inline script fetches the sections
again every few seconds and swaps them in, shows "Last updated" in the
browser's local time, and says so on the page when a refresh fails (it keeps
trying). Every value is escaped; the page loads nothing from elsewhere (no
CDN, no web font), so it works on a closed network. The page shows names
with scores: it is for the trainer's own screen, and says so at its top.

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
>>> '<time datetime="2026-01-05T09:30:00Z">09:30:00 UTC</time>' in body and "cy" in body
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
           "NOT_STARTED_TITLE", "QUIET_TITLE", "MOST_MISSED_TITLE", "PRIVACY_NOTE", "WEAK_BELOW"]

#: Seconds between refreshes unless the service is told otherwise.
DEFAULT_REFRESH = 15
#: Viridis sampled at the middle of each fifth (0.1, 0.3, ... 0.9), with the
#: text colour that reads best on it: (background, text).
PALETTE = (("#482475", "#ffffff"), ("#355f8d", "#ffffff"), ("#21918c", "#000000"),
           ("#44bf70", "#000000"), ("#bddf26", "#000000"))
#: The colour of a topic not tried (with the text "–").
NOT_TRIED = ("#eeeeee", "#333333")
NOT_STARTED_TITLE = "Who has not started"
QUIET_TITLE = f"Quiet for {classroom.QUIET_MINUTES} minutes or more"
MOST_MISSED_TITLE = "Most missed"
#: The line at the top of the page.
PRIVACY_NOTE = "Names with scores: keep this page on your own screen, do not project it."
#: Heat-map cells under this share get a "!" in bold, so weak cells
#: are found without telling colours apart.
WEAK_BELOW = 0.4
_MARKER = "data-implcourse-sections"
_START = ' class="start"'  # the first column of a lesson in the heat map
_NUMBER = ' class="n"'  # a column of numbers

_CSS = """
*{box-sizing:border-box}
html{font-size:16px}
body{margin:0;padding:.4rem .8rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:#111;background:#fff;line-height:1.3;
max-width:1280px;overflow-wrap:break-word}
h1{font-size:1.35rem;margin:0}
h2{font-size:1.1rem;margin:.6rem 0 .25rem;border-bottom:2px solid #ddd}
.top{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;align-items:baseline}
.private{margin:.1rem 0;padding:.15rem .5rem;background:#fff3cd;border-left:4px solid #8a5a00;
font-weight:600}
.bar{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;align-items:baseline;font-size:.9rem}
.status{color:#8a1c00;font-weight:bold}
.updated{margin:.2rem 0}
.counts{display:flex;flex-wrap:wrap;gap:.6rem;margin:.2rem 0;padding:0;list-style:none}
.counts li{border:2px solid #ccc;border-radius:.4rem;padding:.1rem .7rem;font-size:1.05rem}
.counts b{font-size:1.4rem;margin-right:.3rem}
.pair{display:flex;flex-wrap:wrap;gap:0 1.5rem}
.pair>section{flex:1 1 20rem;min-width:0}
.pair h2{margin-top:.3rem}
.names{columns:9.5em;column-gap:1rem;margin:.1rem 0;padding:0;list-style:none;font-size:.95rem}
.names li{break-inside:avoid;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.note{margin:.1rem 0 .3rem;font-size:.9rem;color:#333}
table{border-collapse:collapse;font-size:.9rem;max-width:100%}
caption{text-align:left;font-size:.9rem;color:#333;padding:.2rem 0}
th,td{padding:.15rem .45rem;border-bottom:1px solid #ddd;vertical-align:top}
thead th{text-align:left;background:#f4f4f4}
th.n{text-align:right}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.lesson{white-space:nowrap}
.scroll{overflow:auto;max-width:100%;max-height:75vh;border:1px solid #ccc}
.heat th{background:#fff;font-weight:600;text-align:center;min-width:5.5em;max-width:10.5em;
font-size:.78rem;line-height:1.15;vertical-align:bottom;overflow-wrap:normal;hyphens:manual}
.heat thead th{position:sticky;top:0;z-index:1}
.heat thead tr:first-child th{height:1.6rem;white-space:nowrap}
.heat thead tr+tr th{top:1.6rem}
.heat .start{border-left:3px solid #fff}
.heat thead .start{border-left-color:#999}
.heat th[scope=row]{position:sticky;left:0;z-index:2;background:#fff;text-align:left;
max-width:12em;font-size:.85rem;white-space:nowrap;vertical-align:middle}
.heat thead th[rowspan]{left:0;z-index:3}
.heat td{text-align:center;font-weight:bold;white-space:nowrap;min-width:4.2em;padding:.05rem .3rem;
font-size:.85rem}
.heat td.weak,.legend li.weak-key{font-weight:800}
.legend{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem;margin:.2rem 0;padding:0;
list-style:none;font-size:.85rem}
.legend li{padding:.05rem .5rem;border-radius:.3rem}
.legend li.words{padding-left:0;font-weight:600}
.problem{font-size:1.2rem;border:3px solid #8a1c00;padding:.6rem;border-radius:.4rem}
a{color:#0b4f9c}
"""

_SCRIPT = """
(function () {
  var box = document.getElementById("live");
  var status = document.getElementById("refresh-status");
  var url = box.getAttribute("data-fragment");
  var every = 1000 * Number(box.getAttribute("data-refresh"));
  function localTimes() {
    // The UTC text stays when the browser cannot read the time.
    var times = box.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var when = new Date(times[i].getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        times[i].textContent = when.toLocaleTimeString();
        times[i].title = times[i].getAttribute("datetime");
      }
    }
  }
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
        localTimes();
        status.textContent = "";
        status.hidden = true;
      })
      .catch(failed)
      .then(function () { window.clearTimeout(timer); window.setTimeout(tick, every); });
  }
  localTimes();
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

    utc = updated.astimezone(timezone.utc)
    iso = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'<p class="updated">Last updated <time datetime="{iso}">'
            f'{utc.strftime("%H:%M:%S")} UTC</time>.</p>')


def _lesson_cell(lesson: str) -> str:
    """A table cell with the lesson's short label, its full title as a tooltip."""
    full = classroom._lesson_label(lesson)
    return (f'<td class="lesson" title="{_e(full)}">'
            f"{_e(classroom.short_lesson_label(lesson))}</td>")


def _number_cell(value) -> str:
    return f'<td class="n">{_e(value)}</td>'


def _table(headers: list[str], rows: list[str], caption: str = "", *, texts: int = 2) -> str:
    """A plain table: ``headers`` are escaped here, each row is its cells' HTML; the
    columns after the first ``texts`` hold numbers (their headers align right)."""
    head = "".join(f'<th scope="col"{_NUMBER if i >= texts else ""}>{_e(name)}</th>'
                   for i, name in enumerate(headers))
    caption_html = f"<caption>{_e(caption)}</caption>" if caption else ""
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _names_html(names: list[str], empty: str, label: str) -> str:
    if not names:
        return f'<p class="note">{_e(empty)}</p>'
    items = "".join(f'<li title="{_e(name)}">{_e(name)}</li>' for name in names)
    return f'<ul class="names" aria-label="{_e(label)}">{items}</ul>'


def _not_started_html(names: list[str]) -> str:
    return _names_html(names, "Everyone has started.", NOT_STARTED_TITLE)


def _quiet_html(pairs: list[tuple[str, int]]) -> str:
    return _names_html([f"{name} ({gap} min)" for name, gap in pairs],
                       "Nobody: everyone who has started recorded something in the last "
                       f"{classroom.QUIET_MINUTES} minutes of the room's activity.", QUIET_TITLE)


def _most_missed_html(frame, started: int) -> str:
    threshold = classroom.missed_threshold(started)
    rule = (f"Sorted by the number of participants not right first time (wrong at the first "
            f"attempt, or right only after seeing the worked solution), then by share. Only "
            f"items attempted by at least {threshold} participants ({classroom.MIN_ATTEMPTS}, "
            f"or {_percent(classroom.MIN_SHARE)} % of the {started} who have started if that "
            f"is more)")
    if frame.empty:
        return ('<p class="note">Nothing missed yet: no item was answered wrong at the first '
                "attempt.</p>")
    if not (frame["attempted"] >= threshold).any():
        rule += "; no missed item has that many yet, so every missed item is shown."
    else:
        rule += "."
    rows = [_lesson_cell(row.lesson) + f"<td>{_e(row.what)}</td>" + _number_cell(row.missed)
            + _number_cell(row.attempted) + _number_cell(f"{_percent(row.share)} %")
            for row in frame.itertuples(index=False)]
    return _table(["Lesson", "Item", "Not right first time", "Attempted", "Share missed"],
                  rows, rule)


def _by_lesson_html(frame, total: int) -> str:
    if frame.empty:
        return ""
    caption = (f"Participants who have worked in each lesson, out of {total} logged in, and "
               "their items (exercises and questions) attempted, right now and right first "
               "time.")
    rows = [_lesson_cell(row.lesson) + "".join(
        _number_cell(value) for value in (row.started, row.attempted, row.right_now,
                                          row.right_first_time))
        for row in frame.itertuples(index=False)]
    return _table(["Lesson", "Participants", "Items attempted", "Right now",
                   "Right first time"], rows, caption, texts=1)


def _by_exercise_html(frame, total: int) -> str:
    if frame.empty:
        return '<p class="note">No exercise checked and no question answered yet.</p>'
    caption = f"Each exercise and question: numbers of participants, out of {total} logged in."
    rows = [_lesson_cell(row.lesson) + f"<td>{_e(row.what)}</td>" + "".join(
        _number_cell(value) for value in (row.attempted, row.right_now, row.right_first_time,
                                          row.solution_seen))
        for row in frame.itertuples(index=False)]
    return _table(["Lesson", "Exercise or question", "Attempted", "Right now",
                   "Right first time", "Saw solution"], rows, caption)


def _legend_html() -> str:
    labels = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–100 %"]
    items = ['<li class="words">Dark = weak, light = strong:</li>']
    for (bg, fg), label, low in zip(PALETTE, labels, (0, 20, 40, 60, 80)):
        weak = low < _percent(WEAK_BELOW)
        items.append(f'<li style="background:{bg};color:{fg}"'
                     + (' class="weak-key"' if weak else "")
                     + f">{'! ' if weak else ''}{label}</li>")
    items.append(f'<li style="background:{NOT_TRIED[0]};color:{NOT_TRIED[1]}">'
                 "– not tried</li>")
    items.append(f'<li class="words">! marks a share under {_percent(WEAK_BELOW)} %</li>')
    return ('<ul class="legend" aria-label="Legend: share right first time">'
            + "".join(items) + "</ul>")


def _heat_html(frame) -> str:
    if frame.shape[1] == 0:
        return '<p class="note">No topic tried yet.</p>'
    lessons: list[tuple[str, int]] = []
    for lesson, _ in frame.columns:
        if lessons and lessons[-1][0] == lesson:
            lessons[-1] = (lesson, lessons[-1][1] + 1)
        else:
            lessons.append((lesson, 1))
    head1 = "".join(f'<th scope="colgroup" colspan="{span}" class="start" '
                    f'title="{_e(classroom._lesson_label(lesson))}">'
                    f"{_e(classroom.short_lesson_label(lesson))}</th>"
                    for lesson, span in lessons)
    starts = [index == 0 or frame.columns[index - 1][0] != lesson
              for index, (lesson, _) in enumerate(frame.columns)]
    head2 = "".join(f'<th scope="col"{_START if start else ""} title="{_e(topic)}">'
                    f"{_e(classroom._short(topic, 30))}</th>"
                    for (_, topic), start in zip(frame.columns, starts))
    rows = []
    for name, values in zip(frame.index, frame.itertuples(index=False)):
        cells = []
        for (lesson, topic), share, start in zip(frame.columns, values, starts):
            missing = share is None or (isinstance(share, float) and math.isnan(share))
            bg, fg = heat_colour(None if missing else float(share))
            text = "–" if missing else f"{_percent(float(share))} %"
            hint = f"{name}, lesson {lesson}, {topic}: " + ("not tried" if missing else text)
            weak = not missing and _percent(float(share)) < _percent(WEAK_BELOW)
            classes = " ".join(name for name, on in (("start", start), ("weak", weak)) if on)
            cells.append(f'<td style="background:{bg};color:{fg}"'
                         + (f' class="{classes}"' if classes else "")
                         + f' title="{_e(hint)}">{"! " if weak else ""}{_e(text)}</td>')
        rows.append(f'<tr><th scope="row">{_e(name)}</th>{"".join(cells)}</tr>')
    return ('<p class="note">Share of the items of each topic right at the first attempt '
            '(an attempt after seeing the worked solution does not count).</p>'
            + _legend_html()
            + '<div class="scroll" tabindex="0" role="region" aria-label="Mastery heat map">'
            '<table class="heat"><thead>'
            f'<tr><th scope="col" rowspan="2">Participant</th>{head1}</tr><tr>{head2}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>')


def sections(events, learners, *, updated: datetime, n_missed: int = 10) -> str:
    """The live sections of the dashboard, as HTML (what the page refreshes).

    In the order a live room needs them: the counts (logged in, started,
    not started), who has not started and who has gone quiet side by side,
    the mastery heat map, the most missed items, then the participants by
    lesson and exercise.

    Parameters
    ----------
    events : pandas.DataFrame
        The workshop's progress events (see :mod:`implcourse.workshop.classroom`).
    learners : list of str
        The participants whose server has started (they count as logged in).
    updated : datetime
        When the data was read (with a time zone); written in UTC, shown in
        the browser's local time by the page's script.
    n_missed : int, default 10
        How many items "Most missed" lists at most.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from implcourse.workshop.classroom import example_events
    >>> body = sections(example_events(), ["ada", "ben", "cy"],
    ...                 updated=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc))
    >>> "<b>3</b>logged in" in body and "Most missed" in body
    True
    """
    updated = _check_time("updated", updated)
    n_missed = check_int("n_missed", n_missed, minimum=1, maximum=1000)
    room = classroom.participants(events, learners)
    waiting = classroom.not_started(events, room)
    started = len(room) - len(waiting)
    counts = [("logged in", len(room)), ("started", started), ("not started", len(waiting))]
    count_items = "".join(f"<li><b>{number}</b>{_e(label)}</li>" for label, number in counts)
    parts = [
        f"<div {_MARKER}>",
        f'<div class="top">{_updated_line(updated)}'
        f'<ul class="counts" aria-label="Counts">{count_items}</ul></div>',
        '<div class="pair">'
        f'<section id="not-started"><h2>{NOT_STARTED_TITLE}</h2>{_not_started_html(waiting)}'
        "</section>"
        f'<section id="quiet"><h2>{_e(QUIET_TITLE)}</h2>'
        f"{_quiet_html(classroom.quiet(events, room))}</section></div>",
        '<section id="mastery"><h2>Mastery by topic</h2>'
        f"{_heat_html(classroom.mastery(events, room))}</section>",
        f'<section id="most-missed"><h2>{MOST_MISSED_TITLE}</h2>'
        f"{_most_missed_html(classroom.most_missed(events, n_missed), started)}</section>",
        '<section id="by-lesson"><h2>Participants by lesson and exercise</h2>'
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
        f'<header><p class="private" role="note">{_e(PRIVACY_NOTE)}</p>'
        f'<div class="top"><h1>{_e(title)}</h1>'
        f'<div class="bar"><span>This page refreshes itself every {_seconds(refresh)}.</span>'
        f'<a href="{_e(csv_url)}" download>Download records (CSV)</a>'
        '<span id="refresh-status" class="status" role="status" hidden></span></div></div>'
        "</header>"
        f'<main id="live" data-fragment="{_e(fragment_url)}" data-refresh="{refresh}">'
        f"{body}</main>"
        f"<script{nonce_attr}>{_SCRIPT}</script></body></html>\n"
    )
