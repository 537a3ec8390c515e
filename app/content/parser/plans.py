"""Session plans: days, modules, breaks and their clock times."""

from __future__ import annotations

from typing import Any

from app.content.course import (
    Issue,
    PlanDay,
    PlanItem,
    SessionPlan,
)
from app.content.frontmatter import FrontMatterError, Located, load_yaml
from app.content.parser.common import CLOCK_RE, _Collector, _text, _translation, content_hash

# --- session plans --------------------------------------------------------------------------

def parse_plan(text: str, path: str, lang: str = "en") -> tuple[SessionPlan | None, list[Issue]]:
    out = _Collector(path)
    try:
        fm = load_yaml(text)
    except FrontMatterError as error:
        out.error(error.line, error.message)
        return None, out.issues
    if not isinstance(fm.data, dict):
        out.error(1, "a session plan must be a mapping of keys to values")
        return None, out.issues
    plan_id = _text(fm, out, "id")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if plan_id and plan_id != stem:
        out.error(fm.line("id"), f"id {plan_id!r} differs from the file name {stem!r}")
    title = _text(fm, out, "title")
    description = _text(fm, out, "description", required=False)
    days_raw = fm.data.get("days")
    days: list[PlanDay] = []
    if not isinstance(days_raw, list) or not days_raw:
        out.error(fm.line("days"), "'days' must list at least one day")
    else:
        previous_offset = -1
        for n, day in enumerate(days_raw):
            parsed = _day(day, fm, out, n, previous_offset)
            if parsed:
                days.append(parsed)
                previous_offset = parsed.offset_days
    completion = fm.data.get("completion") or {}
    if not isinstance(completion, dict):
        out.error(fm.line("completion"), "'completion' must be a mapping")
        completion = {}
    if any(i.level == "error" for i in out.issues):
        return None, out.issues
    lines = {"id": fm.line("id"), "completion": fm.line("completion"),
             "source_hash": fm.line("source_hash")}
    for n, day in enumerate(days):
        lines[f"day:{n}"] = fm.line("days", n)
        for k, _item in enumerate(day.items):
            lines[f"item:{n}:{k}"] = fm.line("days", n, "items", k)
    return SessionPlan(plan_id, title, description, tuple(days), completion, path, lines,
                       content_hash(text), lang, **_translation(fm)), out.issues


def _day(day: Any, fm: Located, out: _Collector, n: int, previous_offset: int) -> PlanDay | None:
    where = ("days", n)
    if not isinstance(day, dict):
        out.error(fm.line(*where), f"day {n + 1} must be a mapping")
        return None
    offset = day.get("offset_days", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        out.error(fm.line(*where, "offset_days"), f"day {n + 1}: offset_days must be a whole number from 0")
        return None
    if offset <= previous_offset:
        out.error(fm.line(*where, "offset_days"),
                  f"day {n + 1}: offset_days {offset} must come after the previous day's {previous_offset}")
        return None
    start = day.get("start")
    if not isinstance(start, str) or not CLOCK_RE.match(start):
        out.error(fm.line(*where, "start"), f"day {n + 1}: start must be a quoted clock time like \"09:30\"")
        return None
    items_raw = day.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        out.error(fm.line(*where, "items"), f"day {n + 1}: 'items' must list modules and breaks")
        return None
    items = []
    for k, item in enumerate(items_raw):
        line = fm.line(*where, "items", k)
        if isinstance(item, dict) and isinstance(item.get("module"), str):
            items.append(PlanItem(module=item["module"].strip()))
        elif isinstance(item, dict) and "break" in item:
            minutes = item.get("minutes")
            if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
                out.error(line, f"day {n + 1}, item {k + 1}: a break needs minutes above 0")
                continue
            items.append(PlanItem(break_title=str(item["break"]).strip() or "Break", minutes=minutes))
        else:
            out.error(line, f"day {n + 1}, item {k + 1}: expected 'module: ID' or 'break: TITLE' with minutes")
    title = day.get("title") or f"Day {n + 1}"
    return PlanDay(str(title), offset, start, tuple(items))


