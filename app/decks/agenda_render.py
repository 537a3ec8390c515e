"""An Agenda as a printable HTML page, a PDF, or an iCalendar file.

Pure: an Agenda and options in, str or bytes out. The HTML comes from one Jinja2 template
next to this module (autoescaped); the PDF is WeasyPrint's rendering of that HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import jinja2

from app.i18n import N_, Localised
from app.scheduling.agenda import Agenda, AgendaDay, AgendaError, AgendaRow, AgendaSession
from app.scheduling.ics import break_title

TEMPLATES = Path(__file__).resolve().parent / "templates_agenda"
VERSIONS = ("participant", "trainer")

LABELS: Localised = Localised(
    {
        "time": N_("Time"),
        "topic": N_("Topic"),
        "activity": N_("Activity"),
        "materials": N_("Materials"),
        "key_points": N_("Key points"),
        "leads": N_("Leads"),
        "break": N_("Break"),
        "total": N_("Total"),
        "finish": N_("Finish"),
        "day": N_("Day"),
        "zone": N_("Times in"),
        "hours": N_("h"),
        "minutes": N_("min"),
        "participant": N_("Participant agenda"),
        "trainer": N_("Trainer agenda"),
        "page": N_("Page"),
    }
)
WEEKDAYS = Localised(
    (
        N_("Monday"),
        N_("Tuesday"),
        N_("Wednesday"),
        N_("Thursday"),
        N_("Friday"),
        N_("Saturday"),
        N_("Sunday"),
    )
)

AGENDA_CSS = """\
@page {
  size: A4;
  margin: 16mm 14mm 18mm 14mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; }
}
@page trainer { size: A4 landscape; }
body.agenda-trainer { page: trainer; }  /* six columns need the width */
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; }
body { margin: 0; }
header h1 { font-size: 15pt; margin: 0 0 2mm; }
.organisation { margin: 0 0 1mm; font-size: 10pt; color: #333; }
.meta, .day-meta { margin: 0 0 3mm; color: #444; }
.day { margin-top: 6mm; }
.day h2 { font-size: 12pt; margin: 0 0 1mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: auto; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.4pt solid #999; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
thead th { background: #e6e9ef; font-weight: bold; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; width: 1%; }
td ul { margin: 0; padding-left: 3.5mm; }
tr.session { break-after: avoid; }
tr.session th { background: #f4f6f9; font-weight: bold; border-top: 1pt solid #555; }
tr.break td, tr.pause td { background: #ececec; font-style: italic; }
.summary { margin-top: 6mm; break-inside: avoid; }
.summary p { margin: 0 0 1mm; }
.day h2, .day-meta { break-after: avoid; page-break-after: avoid; }
tbody tr:first-child { break-before: avoid; page-break-before: avoid; }
@media screen {
  body { max-width: 210mm; margin: 8mm auto; padding: 0 6mm; }
  .day { overflow-x: auto; }  /* on a phone a wide table scrolls in its own frame */
}
@media screen and (max-width: 40rem) {
  body { margin: 3mm auto; padding: 0 3mm; }
  th, td { padding: 1mm; }
}
"""


def agenda_css() -> str:
    """The print stylesheet, for serving as a file under a CSP without 'unsafe-inline'."""
    return AGENDA_CSS


# -- formatting ------------------------------------------------------------------------

def _labels(lang: str) -> dict[str, str]:
    if lang not in LABELS:
        raise AgendaError(f"unknown language '{lang}' (use {' or '.join(LABELS)})")
    return LABELS[lang]


def _repeated(moment: datetime) -> bool:
    """A wall-clock time that happens twice (the hour the clocks go back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def _offset(moment: datetime) -> str:
    total = int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{'+' if total >= 0 else '-'}{hours}" + (f":{minutes:02d}" if minutes else "")


def _clock(moment: datetime, with_offset: bool) -> str:
    return f"{moment:%H:%M} ({_offset(moment)})" if with_offset else f"{moment:%H:%M}"


def _span(start: datetime, end: datetime) -> str:
    """Clock times; across a clock change each end names its UTC offset, else a 60-minute
    break in the hour the clocks go back would read "03:30–03:30"."""
    marked = start.utcoffset() != end.utcoffset() or _repeated(start) or _repeated(end)
    return f"{_clock(start, marked)}–{_clock(end, marked)}"


def _day_date(day: date, lang: str) -> str:
    return f"{WEEKDAYS[lang][day.weekday()]}, {day:%d.%m.%Y}"


def _duration(minutes: int, labels: Mapping[str, str]) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} {labels['hours']}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} {labels['minutes']}")
    return " ".join(parts)


def _break_title(title: str, lang: str) -> str:
    return break_title(title, lang)


# -- the HTML view ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    key: str
    label: str


@dataclass(frozen=True)
class _Line:
    kind: str  # "session" heading | "block" | "pause"
    css: str
    time: str
    topic: str
    activities: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    leads: str = ""


@dataclass(frozen=True)
class _DayView:
    heading: str
    date_text: str
    span: str
    lines: tuple[_Line, ...]


def _columns(version: str, labels: Mapping[str, str]) -> tuple[_Column, ...]:
    keys = ["time", "topic", "activity", "materials"]
    if version == "trainer":
        keys += ["key_points", "leads"]
    return tuple(_Column(k, labels[k]) for k in keys)


def _row_line(row: AgendaRow, lang: str, leads: Mapping[str, str]) -> _Line:
    if row.kind == "pause":
        return _Line("pause", "pause break", _span(row.start, row.end),
                     _break_title(row.topic, lang))
    return _Line("block", "block break" if row.is_break else "block",
                 _span(row.start, row.end), row.topic, row.activities, row.materials,
                 row.key_points, leads.get(row.module_id, ""))


def _session_line(session: AgendaSession) -> _Line:
    return _Line("session", "session", _span(session.start, session.end),
                 f"{session.module_id} · {session.title}")


def _day_lines(day: AgendaDay, lang: str, leads: Mapping[str, str]) -> tuple[_Line, ...]:
    sessions = iter(day.sessions)
    upcoming = next(sessions, None)
    lines: list[_Line] = []
    for row in day.rows:
        if upcoming is not None and row is upcoming.rows[0]:  # a session opens here
            lines.append(_session_line(upcoming))
            upcoming = next(sessions, None)
        lines.append(_row_line(row, lang, leads))
    return tuple(lines)


def _day_view(day: AgendaDay, lang: str, leads: Mapping[str, str],
              labels: Mapping[str, str]) -> _DayView:
    return _DayView(day.title or f"{labels['day']} {day.number}", _day_date(day.date, lang),
                    _span(day.start, day.end), _day_lines(day, lang, leads))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def render_html(agenda: Agenda, version: str = "participant", lang: str = "en",
                leads: Mapping[str, str] | None = None, organisation: str = "",
                stylesheet_href: str | None = None) -> str:
    """A standalone print page; with `stylesheet_href` the CSS is linked, not inlined."""
    if version not in VERSIONS:
        raise AgendaError(f"unknown agenda version '{version}' (use participant or trainer)")
    labels = _labels(lang)
    leads = leads or {}
    return _environment().get_template("agenda.html").render(
        agenda=agenda, lang=lang, labels=labels, version=version,
        version_label=labels[version], organisation=organisation,
        columns=_columns(version, labels),
        days=[_day_view(d, lang, leads, labels) for d in agenda.days],
        total=_duration(agenda.total_minutes, labels),
        finish=f"{agenda.finish:%H:%M}, {_day_date(agenda.finish.date(), lang)}",
        css=AGENDA_CSS, stylesheet_href=stylesheet_href)


def render_pdf(agenda: Agenda, version: str = "participant", lang: str = "en",
               leads: Mapping[str, str] | None = None, organisation: str = "") -> bytes:
    """The print page as PDF; DejaVu Sans is embedded, so Cyrillic prints anywhere."""
    from weasyprint import HTML, URLFetcher  # slow to import; only PDF callers pay for it

    page = render_html(agenda, version=version, lang=lang, leads=leads,
                       organisation=organisation)
    # The page refers to nothing outside itself; refuse every URL so rendering stays offline.
    return HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
