"""The roadmap as a Gantt chart (SVG)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import get_month_names

from app.exercises.diagrams import (
    FONT_FAMILY,
    esc,
    num,
    svg_open,
    text_width,
    truncate,
)
from app.exercises.roadmap.checks import _phase_key
from app.exercises.roadmap.steps import _is_blank, phase_of, step_dates, step_label
from app.i18n import N_, Localised

# -- Gantt chart ----------------------------------------------------------------------------

def _months(locale: str) -> tuple[str, ...]:
    """Month abbreviations from the CLDR data Babel carries ("січ.", "лют.", ...)."""
    return tuple(get_month_names("abbreviated", context="stand-alone", locale=locale).values())


MONTHS_EN = _months("en")
MONTHS_UK = _months("uk")


class _GanttLabels(Localised):
    def __getitem__(self, lang: str) -> dict[str, Any]:
        return {**super().__getitem__(lang), "months": MONTHS_UK if lang == "uk" else MONTHS_EN}


GANTT_LABELS = _GanttLabels(
    {
        "title": N_("Co-creation roadmap"),
        "today": N_("today"),
        "plan": N_("plan period"),
        "phase": N_("Phase"),
        "other": N_("other"),
        "no_dates": N_("No dates yet"),
    }
)

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


