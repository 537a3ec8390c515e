"""The roadmap as CSV, XLSX and iCalendar files (formula-safe cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.exercises.diagrams import (
    clean_text,
    truncate,
)
from app.exercises.roadmap.steps import (
    COLUMNS,
    _is_blank,
    _s,
    parse_date,
    step_dates,
    step_id,
    step_label,
)
from app.i18n import N_, Localised
from app.spreadsheets import safe_cell, set_text_safe

# -- exports --------------------------------------------------------------------------------

PLAN_ROW_TITLE = Localised(N_("Plan period"))


def neutralise(value: str) -> str:
    """Keep spreadsheet apps from running a cell as a formula (CSV/formula injection)."""

    return safe_cell(value)


def _cells(step: Mapping[str, Any]) -> list[Any]:
    """A step as export cells: valid dates as dates, everything else as text."""
    cells: list[Any] = [step_id(step)]
    for key in COLUMNS[1:]:
        raw = step.get(key)
        if key in ("start_date", "end_date"):
            parsed = parse_date(raw)
            cells.append(parsed if isinstance(parsed, date) else _s(parsed or ""))
        else:
            cells.append(clean_text(raw))  # unstripped: a leading tab must be neutralised
    return cells


def _export_rows(steps: Sequence[Any], plan_start: date | None, plan_end: date | None,
                 lang: str) -> list[list[Any]]:
    """The plan period first (step "plan"), when known, then every non-blank step."""
    rows: list[list[Any]] = []
    if plan_start or plan_end:
        title = PLAN_ROW_TITLE["uk" if lang.startswith("uk") else "en"]
        rows.append(["plan", title, plan_start or "", plan_end or "", "", "", ""])
    rows += [_cells(s) for s in steps if isinstance(s, Mapping) and not _is_blank(s)]
    return rows


def _as_text(cell: Any) -> str:
    return cell.isoformat() if isinstance(cell, date) else neutralise(str(cell))


def roadmap_csv(steps: list[dict], plan_start: date | None, plan_end: date | None,
                lang: str = "en") -> str:
    """RFC 4180 CSV (CRLF); the caller adds a BOM if Excel must detect UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in _export_rows(steps, plan_start, plan_end, lang):
        writer.writerow([_as_text(c) for c in row])
    return out.getvalue()


XLSX_WIDTHS = {"step": 8, "title": 44, "start_date": 12, "end_date": 12, "owner": 28,
               "status": 14, "notes": 60}


def roadmap_xlsx(steps: list[dict], plan_start: date | None, plan_end: date | None, title: str,
                 lang: str = "en") -> bytes:
    """One sheet: a bold header, then the rows; text cells are always stored as strings."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Roadmap"
    book.properties.title = truncate(title, 200)
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # count rows ourselves: openpyxl's max_row scans every cell (quadratic on big sheets)
    for row_number, row in enumerate(_export_rows(steps, plan_start, plan_end, lang), start=2):
        for column, value in enumerate(row, start=1):
            _set_cell(sheet.cell(row=row_number, column=column), value)
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = \
            XLSX_WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_cell(cell: Any, value: Any) -> None:
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return

    set_text_safe(cell, str(value))  # text, never a formula; no CSV apostrophe in XLSX
    cell.alignment = Alignment(vertical="top", wrap_text=True)


STATUS_LABELS = Localised(
    {
        "not_started": N_("not started"),
        "in_progress": N_("in progress"),
        "done": N_("done"),
        "delayed": N_("delayed"),
    }
)
ICS_FIELDS = Localised((N_("Owner"), N_("Status")))


def roadmap_ics(steps: list[dict], title: str, uid_prefix: str,
                stamp: datetime | None = None, lang: str = "en") -> bytes:
    """One all-day event per step with valid, ordered dates; UIDs follow the row index."""
    lang = "uk" if lang.startswith("uk") else "en"
    stamp = stamp or datetime.now(UTC)
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Spilno//OGP Local co-creation roadmap//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", clean_text(title))
    for index, step in enumerate(steps):
        if not isinstance(step, Mapping):
            continue
        start, end = step_dates(step)
        if start and end and start <= end:
            calendar.add_component(_event(step, index, start, end, uid_prefix, stamp, lang))
    return calendar.to_ical()


def _event(step: Mapping[str, Any], index: int, start: date, end: date, uid_prefix: str,
           stamp: datetime, lang: str) -> Event:
    event = Event()
    event.add("uid", f"{uid_prefix}-step-{index}@spilno")
    event.add("dtstamp", stamp)
    event.add("summary", step_label(step))
    event.add("dtstart", start)                      # a date: VALUE=DATE, all day
    event.add("dtend", end + timedelta(days=1))      # DTEND is exclusive for all-day events
    event.add("transp", "TRANSPARENT")              # a planning window, not a busy slot
    owner_label, status_label = ICS_FIELDS[lang]
    status = _s(step.get("status"))
    lines = [f"{owner_label}: {_s(step.get('owner')) or '-'}",
             f"{status_label}: {STATUS_LABELS[lang].get(status, status) or '-'}"]
    notes = clean_text(step.get("notes") or "").strip()
    if notes:
        lines += ["", notes]
    event.add("description", "\n".join(lines))
    return event


