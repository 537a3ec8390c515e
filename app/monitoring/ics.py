"""The OGP Local calendar as iCalendar all-day events (pure: deadlines in, bytes out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from app.monitoring.calendar import Deadline


def deadlines_ics(deadlines: Sequence[Deadline], title: Callable[[Deadline], str],
                  calendar_name: str, uid_prefix: str, stamp: datetime) -> bytes:
    """One all-day event per deadline; `title` names it in the reader's language. UIDs are
    stable, so a calendar app updates an event when its date moves."""
    cal = Calendar()
    cal.add("prodid", "-//Spilno//OGP Local calendar//UK")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    for deadline in deadlines:
        event = Event()
        parts = [deadline.kind, str(deadline.plan or 0), str(deadline.commitment or 0),
                 deadline.quarter or ""]
        event.add("uid", f"{uid_prefix}-{'-'.join(parts)}@spilno")
        event.add("dtstamp", stamp)
        event.add("summary", title(deadline))
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
