"""The co-creation roadmap: date checks, a Gantt chart (SVG) and CSV, XLSX, iCalendar exports.

Pure: plain values in, issues, str or bytes out. A step is a dict with the keys step
("1.1", or "" for rows the team added; "step_id" is accepted too), title, start_date,
end_date (ISO strings, "" when unset), owner, status and notes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.exercises.diagrams import (
    FONT_FAMILY,
    clean_text,
    esc,
    num,
    svg_open,
    text_width,
    truncate,
)

COLUMNS = ("step", "title", "start_date", "end_date", "owner", "status", "notes")
STATUSES = ("not_started", "in_progress", "done", "delayed")
# Phase 5 (Learn) runs alongside everything else by design: the exercise asks teams to plan
# step 5.1 at the very start, so its overlap with earlier phases is not a warning.
PARALLEL_PHASES = frozenset({"5"})


# -- reading steps --------------------------------------------------------------------------

def _s(value: object) -> str:
    return clean_text(value).strip()


def step_id(step: Mapping[str, Any]) -> str:
    return _s(step.get("step") or step.get("step_id"))


def step_label(step: Mapping[str, Any]) -> str:
    """'1.1 Build a Team' (or just the title / the id for added or untitled rows)."""
    return " ".join(p for p in (step_id(step), _s(step.get("title"))) if p)


def phase_of(step: Mapping[str, Any]) -> str:
    """'2' for step '2.3'; '' for added steps that have no id."""
    sid = step_id(step)
    return sid.split(".", 1)[0].strip() if "." in sid else ""


def _is_blank(step: Mapping[str, Any]) -> bool:
    """An empty row the editor added; its status holds the default, so it does not count."""
    return not any(_s(step.get(k)) for k in COLUMNS + ("step_id",) if k != "status")


class _Bad(str):
    """A date field that holds text which is not a date (the raw text is kept)."""


def parse_date(value: object) -> date | _Bad | None:
    """None when empty, a date when ISO (YYYY-MM-DD), otherwise _Bad(raw text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _s(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _Bad(text)


def _valid(value: object) -> date | None:
    parsed = parse_date(value)
    return parsed if isinstance(parsed, date) else None


def step_dates(step: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """The step's valid start and end dates (None for empty or unparseable ones)."""
    return _valid(step.get("start_date")), _valid(step.get("end_date"))


# -- checks ---------------------------------------------------------------------------------

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class RoadmapIssue:
    level: Level
    step_index: int | None  # position in the steps list, None for plan-wide issues
    message: str


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "step": "Step {id} '{title}'", "step_id": "Step {id}", "step_title": "Step '{title}'",
        "row": "Row {n}",
        "plan_order": "The plan period ends ({end}) before it starts ({start})",
        "bad_start": "{name}: the start date '{value}' is not a valid date (use YYYY-MM-DD)",
        "bad_end": "{name}: the end date '{value}' is not a valid date (use YYYY-MM-DD)",
        "end_before_start": "{name} ends before it starts",
        "starts_before_plan": "{name} starts before the plan period ({date})",
        "starts_after_plan": "{name} starts after the plan period ends ({date})",
        "ends_before_plan": "{name} ends before the plan period starts ({date})",
        "ends_after_plan": "{name} ends after the plan period ({date})",
        "phase_overlap": "Phase {later} starts ({start}) before phase {earlier} ends ({end})",
        "no_dates": "{name} has no dates",
        "no_start": "{name} has no start date",
        "no_end": "{name} has no end date",
        "no_owner": "{name} has no owner",
    },
    "uk": {
        "step": "Крок {id} «{title}»", "step_id": "Крок {id}", "step_title": "Крок «{title}»",
        "row": "Рядок {n}",
        "plan_order": "Період плану закінчується ({end}) раніше, ніж починається ({start})",
        "bad_start": "{name}: дата початку «{value}» не є коректною датою (формат РРРР-ММ-ДД)",
        "bad_end": "{name}: дата завершення «{value}» не є коректною датою (формат РРРР-ММ-ДД)",
        "end_before_start": "{name} закінчується раніше, ніж починається",
        "starts_before_plan": "{name} починається до початку періоду плану ({date})",
        "starts_after_plan": "{name} починається після завершення періоду плану ({date})",
        "ends_before_plan": "{name} закінчується до початку періоду плану ({date})",
        "ends_after_plan": "{name} закінчується після завершення періоду плану ({date})",
        "phase_overlap": "Фаза {later} починається ({start}) до завершення фази {earlier} ({end})",
        "no_dates": "{name}: не вказано дат",
        "no_start": "{name}: не вказано дату початку",
        "no_end": "{name}: не вказано дату завершення",
        "no_owner": "{name}: не вказано відповідального",
    },
}


def _messages(lang: str) -> dict[str, str]:
    return MESSAGES["uk" if (lang or "").lower().startswith("uk") else "en"]


def _step_name(step: Mapping[str, Any], index: int, msg: Mapping[str, str]) -> str:
    sid, title = step_id(step), truncate(_s(step.get("title")), 80)
    if sid and title:
        return msg["step"].format(id=sid, title=title)
    if sid or title:
        return msg["step_id" if sid else "step_title"].format(id=sid, title=title)
    return msg["row"].format(n=index + 1)


def check_roadmap(plan_start: date | None, plan_end: date | None, steps: list[dict],
                  lang: str = "en") -> list[RoadmapIssue]:
    """Errors (impossible dates) first, then warnings (gaps and overlaps), in row order."""
    msg = _messages(lang)
    issues: list[RoadmapIssue] = []
    if plan_start and plan_end and plan_end < plan_start:
        issues.append(RoadmapIssue("error", None, msg["plan_order"].format(
            start=plan_start.isoformat(), end=plan_end.isoformat())))
        plan_start = plan_end = None  # a reversed period says nothing about the steps
    for index, step in enumerate(steps):
        if not isinstance(step, Mapping) or _is_blank(step):
            continue
        issues += _check_step(index, step, plan_start, plan_end, msg)
    issues += _check_phases(steps, msg)
    return sorted(issues, key=lambda i: i.level != "error")  # stable: keeps row order


def _check_step(index: int, step: Mapping[str, Any], plan_start: date | None,
                plan_end: date | None, msg: Mapping[str, str]) -> list[RoadmapIssue]:
    name = _step_name(step, index, msg)
    start, end = parse_date(step.get("start_date")), parse_date(step.get("end_date"))
    out: list[tuple[Level, str]] = []
    for key, value in (("bad_start", start), ("bad_end", end)):
        if isinstance(value, _Bad):
            out.append(("error", msg[key].format(name=name, value=truncate(value, 40))))
    start = start if isinstance(start, date) else None
    end = end if isinstance(end, date) else None
    if start and end and end < start:
        out.append(("error", msg["end_before_start"].format(name=name)))
    out += [("error", m) for m in _outside_plan(name, start, end, plan_start, plan_end, msg)]
    raw_start, raw_end = _s(step.get("start_date")), _s(step.get("end_date"))
    if not raw_start and not raw_end:
        out.append(("warning", msg["no_dates"].format(name=name)))
    elif not raw_start or not raw_end:
        out.append(("warning", msg["no_end" if raw_start else "no_start"].format(name=name)))
    if not _s(step.get("owner")):
        out.append(("warning", msg["no_owner"].format(name=name)))
    return [RoadmapIssue(level, index, text) for level, text in out]


def _outside_plan(name: str, start: date | None, end: date | None, plan_start: date | None,
                  plan_end: date | None, msg: Mapping[str, str]) -> list[str]:
    """One message per boundary crossed, worded after the date that crosses it."""
    out = []
    if plan_start and start and start < plan_start:
        out.append(msg["starts_before_plan"].format(name=name, date=plan_start.isoformat()))
    elif plan_start and end and end < plan_start:
        out.append(msg["ends_before_plan"].format(name=name, date=plan_start.isoformat()))
    if plan_end and end and end > plan_end:
        out.append(msg["ends_after_plan"].format(name=name, date=plan_end.isoformat()))
    elif plan_end and start and start > plan_end:
        out.append(msg["starts_after_plan"].format(name=name, date=plan_end.isoformat()))
    return out


def _phase_key(phase: str) -> tuple[float, str]:
    return (int(phase) if phase.isdigit() else math.inf, phase)


def _phase_spans(steps: Iterable[Any]) -> dict[str, tuple[date, date]]:
    """Phase -> (earliest start, latest end), from steps whose dates are valid and ordered."""
    spans: dict[str, tuple[date, date]] = {}
    for step in steps:
        if not isinstance(step, Mapping):
            continue
        phase = phase_of(step)
        start, end = step_dates(step)
        start, end = start or end, end or start
        if not phase or phase in PARALLEL_PHASES or not start or not end or end < start:
            continue
        lo, hi = spans.get(phase, (start, end))
        spans[phase] = (min(lo, start), max(hi, end))
    return spans


def _check_phases(steps: Iterable[Any], msg: Mapping[str, str]) -> list[RoadmapIssue]:
    """A phase should not start before every earlier phase has ended."""
    issues = []
    latest: tuple[str, date] | None = None  # the earlier phase that ends last so far
    spans = _phase_spans(steps)
    for phase in sorted(spans, key=_phase_key):
        start, end = spans[phase]
        if latest and start < latest[1]:
            issues.append(RoadmapIssue("warning", None, msg["phase_overlap"].format(
                later=phase, start=start.isoformat(), earlier=latest[0],
                end=latest[1].isoformat())))
        if latest is None or end > latest[1]:
            latest = (phase, end)
    return issues


# -- Gantt chart ----------------------------------------------------------------------------

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_UK = ("січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру")

GANTT_LABELS: dict[str, dict[str, Any]] = {
    "en": {"title": "Co-creation roadmap", "today": "today", "plan": "plan period",
           "phase": "Phase", "other": "other", "no_dates": "No dates yet",
           "months": MONTHS_EN},
    "uk": {"title": "Дорожня карта співтворення", "today": "сьогодні", "plan": "період плану",
           "phase": "Фаза", "other": "інше", "no_dates": "Дат ще немає", "months": MONTHS_UK},
}

PHASE_COLOURS = {"1": "#2a9d8f", "2": "#e9b949", "3": "#f08a4b", "4": "#d1495b", "5": "#6a4c93"}
OTHER_COLOUR = "#8d99ae"
PLAN_FILL, TODAY_COLOUR, GRID, STRIPE = "#e3f1e1", "#c62828", "#d6d6d6", "#f5f5f5"
TEXT, MUTED = "#1a1a1a", "#555555"

G_FONT = 12.0
G_SMALL = 11.0
ROW_H = 24.0
BAR_H = 14.0
HEADER_H = 40.0
G_MARGIN = 12.0
LABEL_CHARS = 40
TIMELINE_W = 720.0          # the usual width; short ranges get this much room
MAX_TIMELINE_W = 2400.0     # a typo like 2062 must not produce a kilometre-wide chart
LEGEND_H = 26.0
TODAY_BAND = 16.0
MONTH_STRIDES = (1, 2, 3, 4, 6, 12)


@dataclass(frozen=True)
class _GanttRow:
    label: str
    phase: str
    start: date | None
    end: date | None

    @property
    def has_bar(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True)
class _Scale:
    lo: date   # first day shown (a month start)
    hi: date   # first day after the range (a month start)
    left: float
    per_day: float

    def x(self, day: date) -> float:
        return self.left + (day - self.lo).days * self.per_day

    @property
    def right(self) -> float:
        return self.x(self.hi)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _gantt_rows(steps: Sequence[Any]) -> list[_GanttRow]:
    rows = []
    for step in steps:
        if isinstance(step, Mapping) and not _is_blank(step):
            start, end = step_dates(step)
            rows.append(_GanttRow(step_label(step), phase_of(step), start, end))
    return rows


def _scale(rows: Sequence[_GanttRow], plan: Sequence[date | None], left: float) -> _Scale | None:
    days = [d for r in rows if r.has_bar for d in (r.start, r.end)]
    days += [d for d in plan if d]
    if not days:
        return None
    lo, hi = _month_start(min(days)), _next_month(max(days))  # type: ignore[type-var]
    span = (hi - lo).days
    per_day = min(max(TIMELINE_W / span, 1.0), MAX_TIMELINE_W / span)
    return _Scale(lo, hi, left, per_day)


def gantt_svg(steps: list[dict], today: date | None = None, plan_start: date | None = None,
              plan_end: date | None = None, labels: dict | None = None) -> str:
    """One row per step; a bar for each step with both dates, coloured by phase."""
    text: dict[str, Any] = {**GANTT_LABELS["en"], **(labels or {})}
    rows = _gantt_rows(steps)
    shown = [truncate(r.label, LABEL_CHARS) for r in rows]
    label_w = max([text_width(s, G_FONT) for s in shown] + [80.0])
    left = G_MARGIN + label_w + G_MARGIN
    scale = _scale(rows, (plan_start, plan_end), left)
    right = scale.right if scale else left + 240.0
    rows_top = HEADER_H
    rows_bottom = rows_top + max(len(rows), 1) * ROW_H

    parts: list[str] = []
    parts += _stripes(len(rows), rows_top, right)
    if scale:
        parts += _plan_shade(scale, plan_start, plan_end, rows_top, rows_bottom)
        parts += _month_grid(scale, text["months"], rows_bottom)
    else:
        parts.append(_text(text["no_dates"], (left + right) / 2, rows_top + ROW_H / 2 + 4,
                           G_FONT, MUTED, anchor="middle"))
    for i, (row, label) in enumerate(zip(rows, shown, strict=True)):
        parts += _row(row, label, rows_top + i * ROW_H, scale)
    bottom = rows_bottom
    if scale and today and scale.lo <= today < scale.hi:
        parts += _today_line(scale, today, text["today"], rows_bottom)
        bottom += TODAY_BAND
    legend, legend_w = _legend(rows, text, bottom + 8, plan_start, plan_end, scale is not None)
    parts += legend
    width = max(right + G_MARGIN, G_MARGIN + legend_w + G_MARGIN)
    height = bottom + 8 + LEGEND_H
    title = f"{text['title']}: {len(rows)}"
    return (svg_open(width, height, str(text["title"]), ' class="gantt"')
            + f'<desc>{esc(title)}</desc>' + "".join(parts) + "</svg>")


def _text(value: str, x: float, y: float, size: float, fill: str, anchor: str = "start",
          bold: bool = False, extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-family="{FONT_FAMILY}"'
            f' font-size="{num(size)}" fill="{fill}"{weight}{extra}>{esc(value)}</text>')


def _stripes(count: int, top: float, right: float) -> list[str]:
    return [f'<rect x="0" y="{num(top + i * ROW_H)}" width="{num(right + G_MARGIN)}" '
            f'height="{num(ROW_H)}" fill="{STRIPE}"/>' for i in range(1, count, 2)]


def _plan_shade(scale: _Scale, plan_start: date | None, plan_end: date | None, top: float,
                bottom: float) -> list[str]:
    if (not plan_start and not plan_end) or (plan_start and plan_end and plan_end < plan_start):
        return []
    x0 = scale.x(plan_start) if plan_start else scale.left
    x1 = scale.x(plan_end + timedelta(days=1)) if plan_end else scale.right
    shade = (f'<rect class="gantt-plan" x="{num(x0)}" y="{num(top)}" width="{num(x1 - x0)}" '
             f'height="{num(bottom - top)}" fill="{PLAN_FILL}" fill-opacity="0.7" '
             f'stroke="#8cc084" stroke-dasharray="4 3"/>')
    return [shade]


def _stride(scale: _Scale, months: Sequence[str]) -> int:
    """Label every n-th month so labels never collide."""
    need = max(text_width(m, G_SMALL) for m in months) + 8
    month_px = 30.44 * scale.per_day
    for stride in MONTH_STRIDES:
        if stride * month_px >= need:
            return stride
    return 12 * math.ceil(need / (12 * month_px))


def _month_grid(scale: _Scale, months: Sequence[str], bottom: float) -> list[str]:
    parts = []
    stride = _stride(scale, months)
    day, index, last_year = scale.lo, 0, None
    while day < scale.hi:
        if index % stride == 0 or day.month == 1:
            x = scale.x(day)
            parts.append(f'<line x1="{num(x)}" y1="{num(HEADER_H - 14)}" x2="{num(x)}" '
                         f'y2="{num(bottom)}" stroke="{GRID}" stroke-width="1"/>')
            if index % stride == 0:
                parts.append(_text(months[day.month - 1], x + 3, HEADER_H - 4, G_SMALL, MUTED))
                if day.year != last_year:
                    parts.append(_text(str(day.year), x + 3, HEADER_H - 20, G_SMALL, TEXT,
                                       bold=True))
                    last_year = day.year
        day, index = _next_month(day), index + 1
    x = scale.right
    parts.append(f'<line x1="{num(x)}" y1="{num(HEADER_H - 14)}" x2="{num(x)}" y2="{num(bottom)}" '
                 f'stroke="{GRID}" stroke-width="1"/>')
    return parts


def _row(row: _GanttRow, label: str, top: float, scale: _Scale | None) -> list[str]:
    baseline = top + ROW_H / 2 + 4
    parts = [_text(label, G_MARGIN, baseline, G_FONT, TEXT, extra=' class="gantt-label"')]
    if not (scale and row.start and row.end):
        return parts
    lo, hi = sorted((row.start, row.end))
    x0, x1 = scale.x(lo), scale.x(hi + timedelta(days=1))
    colour = PHASE_COLOURS.get(row.phase, OTHER_COLOUR)
    # a reversed step is still drawn, outlined in red, so the team sees which one it is
    outline = (f' stroke="{TODAY_COLOUR}" stroke-width="2" stroke-dasharray="3 2"'
               if row.end < row.start else "")
    tip = f"{row.label}: {row.start.isoformat()} – {row.end.isoformat()}"
    parts.append(f'<rect class="gantt-bar" x="{num(x0)}" y="{num(top + (ROW_H - BAR_H) / 2)}" '
                 f'width="{num(max(x1 - x0, 2.0))}" height="{num(BAR_H)}" rx="3" ry="3" '
                 f'fill="{colour}"{outline}><title>{esc(tip)}</title></rect>')
    return parts


def _today_line(scale: _Scale, today: date, label: str, bottom: float) -> list[str]:
    x = scale.x(today) + scale.per_day / 2
    line = (f'<line class="gantt-today" x1="{num(x)}" y1="{num(HEADER_H)}" x2="{num(x)}" '
            f'y2="{num(bottom + 4)}" stroke="{TODAY_COLOUR}" stroke-width="1.5"/>')
    return [line,
            _text(label, x, bottom + TODAY_BAND - 2, G_SMALL, TODAY_COLOUR, anchor="middle",
                  bold=True, extra=' class="gantt-today-label"')]


def _legend(rows: Sequence[_GanttRow], text: Mapping[str, Any], top: float,
            plan_start: date | None, plan_end: date | None, dated: bool) -> tuple[list[str], float]:
    """Swatches for the phases present and the plan period; returns (svg parts, width)."""
    items: list[tuple[str, str]] = []
    phases = sorted({r.phase for r in rows if r.has_bar}, key=_phase_key)
    for phase in phases:
        name = f"{text['phase']} {phase}" if phase in PHASE_COLOURS else str(text["other"])
        items.append((PHASE_COLOURS.get(phase, OTHER_COLOUR), name))
    if dated and (plan_start or plan_end):
        items.append((PLAN_FILL, str(text["plan"])))
    parts, x = [], G_MARGIN
    for colour, name in items:
        parts.append(f'<rect x="{num(x)}" y="{num(top + 4)}" width="12" height="12" rx="2" '
                     f'ry="2" fill="{colour}" stroke="#999999" stroke-width="0.5"/>')
        parts.append(_text(name, x + 17, top + 14, G_SMALL, MUTED))
        x += 17 + text_width(name, G_SMALL) + 16
    return parts, x - G_MARGIN


# -- exports --------------------------------------------------------------------------------

PLAN_ROW_TITLE = {"en": "Plan period", "uk": "Період плану"}


def neutralise(value: str) -> str:
    """Keep spreadsheet apps from running a cell as a formula (CSV/formula injection)."""
    from app.exports import safe_cell

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
    from app.exports import set_text_safe

    set_text_safe(cell, str(value))  # text, never a formula; no CSV apostrophe in XLSX
    cell.alignment = Alignment(vertical="top", wrap_text=True)


STATUS_LABELS = {
    "en": {"not_started": "not started", "in_progress": "in progress", "done": "done",
           "delayed": "delayed"},
    "uk": {"not_started": "не розпочато", "in_progress": "триває", "done": "виконано",
           "delayed": "із затримкою"},
}
ICS_FIELDS = {"en": ("Owner", "Status"), "uk": ("Відповідальний", "Статус")}


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


# -- defaults -------------------------------------------------------------------------------

def default_steps(phases: Iterable[Any], lang: str = "en") -> list[dict]:
    """The 18 steps of the cycle as empty roadmap rows, titled in `lang`."""
    uk = lang.startswith("uk")
    return [{"step": s.id, "title": (s.title_uk or s.title) if uk else s.title,
             "start_date": "", "end_date": "", "owner": "", "status": "not_started", "notes": ""}
            for phase in phases for s in phase.steps]
