"""Clock times for a session plan or a few modules: minutes in, a dated agenda out.

Pure: plain values and content dataclasses in, frozen dataclasses out. Times are kept as
aware datetimes in the agenda's zone, but every addition is done on UTC instants, because
Python adds to an aware datetime on the wall clock and would be an hour off across a
summer-time change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from app.content.course import Module, SessionPlan
from app.dates import YEAR_MAX, YEAR_MIN, in_range

# Old names that tzdata keeps only as links; we store and show the current name.
ZONE_RENAMES = {
    "europe/kiev": "Europe/Kyiv",
    "europe/uzhgorod": "Europe/Kyiv",
    "europe/zaporozhye": "Europe/Kyiv",
}
START_FORMAT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})")
CLOCK_FORMAT = re.compile(r"(\d{1,2}):(\d{2})")


class AgendaError(ValueError):
    """Input that cannot be scheduled; the message is one line for the user."""


@dataclass(frozen=True)
class AgendaRow:
    start: datetime  # aware, in the agenda's zone
    end: datetime
    topic: str
    activities: tuple[str, ...]
    materials: tuple[str, ...]
    key_points: tuple[str, ...]
    is_break: bool
    module_id: str
    kind: str  # "block" (a line of a module outline) | "pause" (a plan break between modules)

    @property
    def minutes(self) -> int:
        return elapsed_minutes(self.start, self.end)


@dataclass(frozen=True)
class AgendaSession:
    """One module delivered on one day: one training session, one calendar event."""

    module_id: str
    title: str
    start: datetime
    end: datetime
    rows: tuple[AgendaRow, ...]

    @property
    def minutes(self) -> int:
        return elapsed_minutes(self.start, self.end)


@dataclass(frozen=True)
class AgendaDay:
    number: int  # 1-based
    title: str
    date: date
    sessions: tuple[AgendaSession, ...]
    pauses: tuple[AgendaRow, ...]
    rows: tuple[AgendaRow, ...]  # every row of the day in order, pauses included
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return elapsed_minutes(self.start, self.end)


@dataclass(frozen=True)
class Agenda:
    title: str
    zone: str
    days: tuple[AgendaDay, ...]
    total_minutes: int  # teaching and breaks, not the nights between days
    finish: datetime

    @property
    def start(self) -> datetime:
        return self.days[0].start

    @property
    def sessions(self) -> tuple[AgendaSession, ...]:
        return tuple(s for d in self.days for s in d.sessions)


@dataclass(frozen=True)
class _Pause:
    title: str
    minutes: int


_Item = Module | _Pause


# -- zones and local times -------------------------------------------------------------

@cache
def _zone_names_by_casefold() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def normalise_zone(name: str) -> str:
    """The current IANA name for `name` ("Europe/Kiev" -> "Europe/Kyiv")."""
    key = name.strip().casefold()
    canonical = ZONE_RENAMES.get(key) or _zone_names_by_casefold().get(key)
    if not canonical:
        raise AgendaError(f"unknown time zone '{name}'")
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        raise AgendaError(f"unknown time zone '{name}'") from None
    return canonical


def parse_start(text: str) -> datetime:
    """"YYYY-MM-DD HH:MM" -> a naive local datetime."""
    match = START_FORMAT.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        start = datetime(*(int(part) for part in match.groups()))
    except ValueError:
        raise AgendaError(f"start '{text}' is not YYYY-MM-DD HH:MM") from None
    _check_year(start)
    return start


def _check_year(start: datetime) -> None:
    if not in_range(start):
        raise AgendaError(f"start {start:%Y-%m-%d} is outside the years {YEAR_MIN}-{YEAR_MAX}")


def _parse_clock(text: str, where: str) -> time:
    match = CLOCK_FORMAT.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        return time(int(match[1]), int(match[2]))
    except ValueError:
        raise AgendaError(f"{where}: start time '{text}' is not HH:MM") from None


def localise(naive: datetime, zone: ZoneInfo) -> datetime:
    """Attach `zone` to a wall-clock time, refusing one that is skipped or repeated."""
    earlier = naive.replace(tzinfo=zone, fold=0)
    later = naive.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    shown = f"{naive:%H:%M on %Y-%m-%d}"
    round_trip = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise AgendaError(f"{shown} does not exist in {zone.key} (the clocks go forward)")
    raise AgendaError(f"{shown} happens twice in {zone.key} (the clocks go back): "
                      "choose another start time")


def _as_naive_local(start: datetime, zone: ZoneInfo) -> datetime:
    """Callers pass wall-clock times; an aware one is read as that instant in `zone`."""
    return start.astimezone(zone).replace(tzinfo=None) if start.tzinfo else start


def after(start: datetime, minutes: int) -> datetime:
    """The instant `minutes` of real time after `start`, shown in start's zone."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def elapsed_minutes(start: datetime, end: datetime) -> int:
    # Both in UTC: subtracting two datetimes sharing a tzinfo ignores their offsets.
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


# -- scheduling ------------------------------------------------------------------------

def _module_rows(module: Module, start: datetime) -> tuple[AgendaRow, ...]:
    if not module.outline:  # an outline-less module still takes its time on the agenda
        return (AgendaRow(start, after(start, module.duration_min), module.title, (), (), (),
                          False, module.id, "block"),)
    return tuple(
        AgendaRow(after(start, b.start_min), after(start, b.end_min), b.topic, b.activities,
                  b.materials, b.key_points, b.is_break, module.id, "block")
        for b in module.outline)


def _session(module: Module, start: datetime) -> AgendaSession:
    rows = _module_rows(module, start)
    return AgendaSession(module.id, module.title, start, rows[-1].end, rows)


def _pause_row(pause: _Pause, start: datetime) -> AgendaRow:
    return AgendaRow(start, after(start, pause.minutes), pause.title, (), (), (), True, "",
                     "pause")


def _check_ends_by_midnight(number: int, day: date, end: datetime) -> None:
    local_end = end.replace(tzinfo=None)
    if local_end > datetime.combine(day + timedelta(days=1), time()):
        raise AgendaError(f"day {number} ends after midnight ({local_end:%H:%M on %Y-%m-%d})")


def _schedule_day(number: int, title: str, start: datetime,
                  items: Sequence[_Item], overnight: bool = False) -> AgendaDay:
    sessions: list[AgendaSession] = []
    pauses: list[AgendaRow] = []
    rows: list[AgendaRow] = []
    cursor = start
    for item in items:
        if isinstance(item, _Pause):
            pause = _pause_row(item, cursor)
            pauses.append(pause)
            rows.append(pause)
            cursor = pause.end
        else:
            session = _session(item, cursor)
            sessions.append(session)
            rows.extend(session.rows)
            cursor = session.end
    if not sessions:
        raise AgendaError(f"day {number} has no modules")
    if not overnight:
        _check_ends_by_midnight(number, start.date(), cursor)
    return AgendaDay(number, title, start.date(), tuple(sessions), tuple(pauses), tuple(rows),
                     start, cursor)


def _agenda(title: str, zone: str, days: Sequence[AgendaDay]) -> Agenda:
    for earlier, later in pairwise(days):
        if later.start < earlier.end:
            raise AgendaError(f"day {later.number} starts at {later.start:%H:%M on %Y-%m-%d}, "
                              f"before day {earlier.number} ends")
    total = sum(d.minutes for d in days)
    return Agenda(title, zone, tuple(days), total, days[-1].end)


def _pause(title: str, minutes: int, where: str) -> _Pause:
    if minutes < 0:
        raise AgendaError(f"{where}: break '{title}' has negative minutes ({minutes})")
    return _Pause(title or "Break", minutes)


def _find_module(modules: Mapping[str, Module], module_id: str, where: str) -> Module:
    found = modules.get(module_id) or next(
        (m for key, m in modules.items() if key.casefold() == module_id.casefold()), None)
    if found is None:
        raise AgendaError(f"{where}: unknown module '{module_id}'")
    return found


def schedule_plan(plan: SessionPlan, modules: Mapping[str, Module], start: datetime,
                  zone: str) -> Agenda:
    """Day 1 starts at `start` (naive local); later days at their own plan start time,
    `offset_days` after start's date."""
    zone = normalise_zone(zone)
    tz = ZoneInfo(zone)
    start = _as_naive_local(start, tz)
    _check_year(start)
    if not plan.days:
        raise AgendaError(f"plan '{plan.id}' has no days")
    days = []
    for number, plan_day in enumerate(plan.days, start=1):
        where = f"plan '{plan.id}' day {number}"
        day_date = start.date() + timedelta(days=plan_day.offset_days)
        clock = start.time() if number == 1 else _parse_clock(plan_day.start, where)
        items = [_pause(i.break_title, i.minutes, where) if i.is_break
                 else _find_module(modules, i.module, where) for i in plan_day.items]
        items = [i for i in items if not (isinstance(i, _Pause) and i.minutes == 0)]
        day_start = localise(datetime.combine(day_date, clock), tz)
        days.append(_schedule_day(number, plan_day.title, day_start, items))
    return _agenda(plan.title, zone, days)


def schedule_modules(modules: Sequence[Module], start: datetime, zone: str,
                     breaks_between: int = 0, overnight: bool = False) -> Agenda:
    """One or more modules back to back on one day, with an optional break between.
    `overnight` lets a scheduled session run past midnight (an evening online session moved
    after a power cut); a planned programme day may not."""
    zone = normalise_zone(zone)
    if not modules:
        raise AgendaError("no modules to schedule")
    items: list[_Item] = []
    for module in modules:
        if items and breaks_between:
            items.append(_pause("Break", breaks_between, "breaks between modules"))
        items.append(module)
    tz = ZoneInfo(zone)
    _check_year(_as_naive_local(start, tz))
    day = _schedule_day(1, "", localise(_as_naive_local(start, tz), tz), items, overnight)
    title = " + ".join(m.title for m in modules)
    return _agenda(title, zone, [day])


def combine(title: str, agendas: Sequence[Agenda]) -> Agenda:
    """Separately scheduled sessions (a cohort's) as one agenda: sessions on the same date
    share a day. The zone is the first agenda's; times keep their own offsets."""
    if not agendas:
        raise AgendaError("nothing to combine: no sessions")
    by_date: dict[date, list[AgendaDay]] = {}
    for day in sorted((d for a in agendas for d in a.days), key=lambda d: d.start):
        by_date.setdefault(day.date, []).append(day)
    days = []
    for number, (day_date, parts) in enumerate(by_date.items(), start=1):
        days.append(AgendaDay(
            number, f"{day_date:%d.%m.%Y}", day_date,
            tuple(s for p in parts for s in p.sessions), tuple(x for p in parts for x in p.pauses),
            tuple(r for p in parts for r in p.rows), parts[0].start, max(p.end for p in parts)))
    total = sum(a.total_minutes for a in agendas)
    return Agenda(title, agendas[0].zone, tuple(days), total, max(d.end for d in days))
