"""iCalendar files of agendas and of scheduled sessions (pure: agendas in, bytes out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from app.scheduling.agenda import Agenda, AgendaError, AgendaRow, AgendaSession

LANGUAGES = ("en", "uk")
# Plan files name their breaks in English; these are the ones the shipped plans use.
BREAK_TITLES_UK = {"lunch": "Обід", "coffee break": "Кава-пауза", "break": "Перерва"}


def break_title(title: str, lang: str) -> str:
    return BREAK_TITLES_UK.get(title.casefold(), title) if lang == "uk" else title


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise AgendaError(f"unknown language '{lang}' (use {' or '.join(LANGUAGES)})")


# -- iCalendar -------------------------------------------------------------------------

def _offset_changes(zone: ZoneInfo, start: datetime, end: datetime):
    """(instant, offset before, offset after) for every change of UTC offset in the range.

    Steps a day at a time, then bisects to the minute: no zone changes twice in a day.
    """
    day, minute = timedelta(days=1), timedelta(minutes=1)
    cursor = start
    while cursor < end:
        following = min(cursor + day, end)
        before, after = cursor.astimezone(zone).utcoffset(), following.astimezone(zone).utcoffset()
        if before != after:
            low, high = cursor, following  # offset(low) == before, offset(high) == after
            while high - low > minute:
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            yield high, before, after
        cursor = following


def _observance(zone: ZoneInfo, instant: datetime, before: timedelta, after: timedelta):
    local = instant.astimezone(zone)
    observance = TimezoneDaylight() if local.dst() else TimezoneStandard()
    # RFC 5545: an observance's DTSTART is the wall-clock time in the offset it ends.
    observance.add("dtstart", (instant + before).replace(tzinfo=None))
    observance.add("tzoffsetfrom", before)
    observance.add("tzoffsetto", after)
    observance.add("tzname", local.tzname())
    return observance


def _vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """VTIMEZONE from zoneinfo for the calendar years `first`..`last`.

    Built by hand because icalendar 7's add_missing_timezones writes the DAYLIGHT
    onset in the new offset (04:00 instead of 03:00 for Europe/Kyiv).
    """
    start = datetime.combine(date(first.year, 1, 1), time(), tzinfo=UTC)
    end = datetime.combine(date(last.year + 1, 1, 1), time(), tzinfo=UTC)
    opening = start.astimezone(zone).utcoffset()
    timezone = Timezone()
    timezone.add("tzid", zone.key)
    timezone.add_component(_observance(zone, start, opening, opening))
    changes = list(_offset_changes(zone, start, end))
    last: dict[tuple[timedelta, timedelta], object] = {}
    for instant, before, after in changes:
        observance = _observance(zone, instant, before, after)
        timezone.add_component(observance)
        last[(before, after)] = (observance, instant)
    # The last change of each kind repeats every year (RRULE) when the next year follows the
    # same rule, so events of later years (a feed keeps growing) get the right offset too.
    following = end.replace(year=end.year + 1)
    upcoming = {(b, a): i for i, b, a in _offset_changes(zone, end, following)}
    for kind, (observance, instant) in last.items():
        rule = _yearly_rule(instant + kind[0])
        nxt = upcoming.get(kind)
        if nxt is not None and _yearly_rule(nxt + kind[0]) == rule \
                and (nxt + kind[0]).time() == (instant + kind[0]).time():
            observance.add("rrule", rule)
    return timezone


def _yearly_rule(wall: datetime) -> dict[str, object]:
    """The RRULE naming this wall-clock moment's weekday in its month (-1SU: the last Sunday)."""
    import calendar

    length = calendar.monthrange(wall.year, wall.month)[1]
    ordinal = -1 if wall.day + 7 > length else (wall.day - 1) // 7 + 1
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[wall.weekday()]
    return {"freq": "yearly", "bymonth": wall.month, "byday": f"{ordinal}{weekday}"}


def _description_line(row: AgendaRow, lang: str) -> str:
    topic = break_title(row.topic, lang) if row.is_break else row.topic
    activity = f" ({'; '.join(row.activities)})" if row.activities else ""
    return f"{row.start:%H:%M}-{row.end:%H:%M} {topic}{activity}"


def _session_uids(agenda: Agenda, uid_prefix: str,
                  uids: Mapping[tuple[str, date], str]) -> list[str]:
    """One UID per session; a module repeated on one day gets "-2", "-3" ..."""
    result: list[str] = []
    for session in agenda.sessions:
        key = (session.module_id, session.start.date())
        uid = uids.get(key) or f"{uid_prefix}-{session.module_id}-{key[1]:%Y%m%d}@spilno"
        repeats = sum(u == uid or u.startswith(f"{uid}-") for u in result)
        result.append(f"{uid}-{repeats + 1}" if repeats else uid)
    return result


def _event(session: AgendaSession, uid: str, stamp: datetime, sequence: int,
           lang: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", session.title)
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("description", "\n".join(_description_line(r, lang) for r in session.rows))
    return event


def render_ics(agenda: Agenda, uid_prefix: str = "spilno", sequence: int = 0,
               uids: Mapping[tuple[str, date], str] | None = None,
               description_lang: str = "en", stamp: datetime | None = None,
               sequences: Mapping[tuple[str, date], int] | None = None) -> bytes:
    """One VEVENT per session, with the zone's VTIMEZONE; `stamp` (default: now) is DTSTAMP.
    `sequences` gives scheduled sessions their own SEQUENCE (raised at each reschedule)."""
    _check_language(description_lang)
    if sequence < 0:
        raise AgendaError(f"sequence must not be negative ({sequence})")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Spilno//OGP Local ToT agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", agenda.title)
    calendar.add("x-wr-timezone", agenda.zone)
    session_uids = _session_uids(agenda, uid_prefix, uids or {})
    sequences = sequences or {}
    events = [_event(s, uid, stamp, sequences.get((s.module_id, s.start.date()), sequence),
                     description_lang)
              for s, uid in zip(agenda.sessions, session_uids, strict=True)]
    if any("TZID" in e["DTSTART"].params for e in events):  # UTC agendas need none
        zone = ZoneInfo(agenda.zone)
        calendar.add_component(_vtimezone(zone, agenda.start.date(), agenda.finish.date()))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def render_feed(entries: Sequence[tuple[Agenda, str, int]], title: str,
                description_lang: str = "en", stamp: datetime | None = None) -> bytes:
    """One calendar for many scheduled sessions: (agenda of one session, UID, SEQUENCE) each,
    possibly in different zones; one VTIMEZONE per zone used."""
    _check_language(description_lang)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Spilno//OGP Local ToT calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    spans: dict[str, tuple[date, date]] = {}
    events = []
    for agenda, uid, sequence in entries:
        for session in agenda.sessions:
            events.append(_event(session, uid, stamp, sequence, description_lang))
        if agenda.zone != "UTC" and agenda.sessions:
            first, last = spans.get(agenda.zone, (agenda.start.date(), agenda.finish.date()))
            spans[agenda.zone] = (min(first, agenda.start.date()), max(last, agenda.finish.date()))
    for zone_name, (first, last) in sorted(spans.items()):
        calendar.add_component(_vtimezone(ZoneInfo(zone_name), first, last))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
