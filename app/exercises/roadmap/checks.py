"""The roadmap's date checks: steps inside the plan, phases in order."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.exercises.diagrams import (
    truncate,
)
from app.exercises.roadmap.steps import (
    PARALLEL_PHASES,
    _Bad,
    _is_blank,
    _s,
    parse_date,
    phase_of,
    step_dates,
    step_id,
)
from app.i18n import N_, Localised

# -- checks ---------------------------------------------------------------------------------

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class RoadmapIssue:
    level: Level
    step_index: int | None  # position in the steps list, None for plan-wide issues
    message: str


MESSAGES: Localised = Localised(
    {
        "step": N_("Step {id} '{title}'"),
        "step_id": N_("Step {id}"),
        "step_title": N_("Step '{title}'"),
        "row": N_("Row {n}"),
        "plan_order": N_("The plan period ends ({end}) before it starts ({start})"),
        "bad_start": N_("{name}: the start date '{value}' is not a valid date (use YYYY-MM-DD)"),
        "bad_end": N_("{name}: the end date '{value}' is not a valid date (use YYYY-MM-DD)"),
        "end_before_start": N_("{name} ends before it starts"),
        "starts_before_plan": N_("{name} starts before the plan period ({date})"),
        "starts_after_plan": N_("{name} starts after the plan period ends ({date})"),
        "ends_before_plan": N_("{name} ends before the plan period starts ({date})"),
        "ends_after_plan": N_("{name} ends after the plan period ({date})"),
        "phase_overlap": N_("Phase {later} starts ({start}) before phase {earlier} ends ({end})"),
        "no_dates": N_("{name} has no dates"),
        "no_start": N_("{name} has no start date"),
        "no_end": N_("{name} has no end date"),
        "no_owner": N_("{name} has no owner"),
    }
)


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


