"""Reminders by email, from a small registry of sources, each sent once.

A source is a function `(db, now) -> iterable of Reminder`, registered under a name:

    from app.scheduling.live.reminders import Reminder, reminder_source

    @reminder_source("ogp-deadlines")
    def deadlines(db, now):
        yield Reminder(key="...", user_id=..., email=..., subject=..., body=...)

`spilno reminders send` asks every source for what is due and sends what was not sent
before: (source, key, person) is unique in `reminder_sent`, claimed before the email goes out
and committed at once, so two runs at the same time (cron every few minutes) never send a
reminder twice. A failed delivery gives the claim back, and the next run tries again.
The module registering a source must be imported by the app (its routes or CLI module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth.models import User
from app.content.services import library
from app.scheduling.live.models import ReminderSent
from app.scheduling.models import Enrolment, TrainingSession
from app.scheduling.session_agenda import calendar_bytes

DAY_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class Reminder:
    key: str  # one occasion of this source (e.g. a session at a start time); at most 160 chars
    user_id: int
    email: str
    subject: str
    body: str
    attachments: tuple[tuple[str, str, bytes], ...] = field(default_factory=tuple)


ReminderSource = Callable[[Session, datetime], Iterable[Reminder]]
SOURCES: dict[str, ReminderSource] = {}


def reminder_source(name: str) -> Callable[[ReminderSource], ReminderSource]:
    def register(function: ReminderSource) -> ReminderSource:
        SOURCES[name] = function
        return function

    return register


def already_sent(db: Session, source: str, reminder: Reminder) -> bool:
    return db.scalar(select(ReminderSent.id).where(
        ReminderSent.source == source, ReminderSent.key == reminder.key[:160],
        ReminderSent.user_id == reminder.user_id)) is not None


def claim(db: Session, source: str, reminder: Reminder) -> bool:
    """Records the reminder as sent (in a savepoint); False when it was sent already."""
    if already_sent(db, source, reminder):
        return False
    try:
        with db.begin_nested():
            db.add(ReminderSent(source=source, key=reminder.key[:160], user_id=reminder.user_id))
    except IntegrityError:  # another run claimed it a moment ago
        return False
    return True


def release(db: Session, source: str, reminder: Reminder) -> None:
    """The email did not go out: the next run tries again."""
    db.execute(delete(ReminderSent).where(
        ReminderSent.source == source, ReminderSent.key == reminder.key[:160],
        ReminderSent.user_id == reminder.user_id))


def due(db: Session, now: datetime, names: Iterable[str] | None = None):
    """(source name, reminder) for everything due and not sent yet."""
    for name in sorted(names or SOURCES):
        for reminder in SOURCES[name](db, now):
            if not already_sent(db, name, reminder):
                yield name, reminder


# --- the day-before reminder of a training session ------------------------------------------

def _session_text(session: TrainingSession, person: User, module_title: str) -> tuple[str, str]:
    zone = ZoneInfo(session.timezone)
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    with force_locale(person.locale or "uk"):
        where = []
        if session.venue:
            where.append(_("Place: %(venue)s", venue=session.venue))
        if session.online_link:
            where.append(_("Online: %(link)s", link=session.online_link))
        if not where:
            where.append(_("Place: your trainer will tell you."))
        subject = _("Tomorrow: %(module)s, %(time)s", module=module_title,
                    time=start.strftime("%H:%M"))
        body = _("Hello %(name)s,\n\nA reminder: tomorrow, %(date)s, from %(start)s to %(end)s "
                 "(%(zone)s), the session «%(module)s» of %(cohort)s.\n\n%(where)s\n\n"
                 "The agenda is attached (add it to your calendar).\n",
                 name=person.name, date=start.strftime("%d.%m.%Y"), start=start.strftime("%H:%M"),
                 end=end.strftime("%H:%M"), zone=session.timezone, module=module_title,
                 cohort=session.cohort.name, where="\n".join(where))
    return subject, body


@reminder_source("session")
def session_reminders(db: Session, now: datetime) -> Iterable[Reminder]:
    """Everyone enrolled in the cohort of a session starting within the next 24 hours."""

    lib = library()
    sessions = db.scalars(select(TrainingSession).where(
        TrainingSession.status == "planned", TrainingSession.start > now,
        TrainingSession.start <= now + DAY_BEFORE).order_by(TrainingSession.start))
    for session in sessions:
        people = db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id).where(
            Enrolment.cohort_id == session.cohort_id, User.active.is_(True)).order_by(User.id))
        key = f"{session.id}:{session.start.isoformat()}"  # a moved session is reminded again
        for person in people:
            lang = person.locale if person.locale in ("uk", "en") else "uk"
            module = lib.translated("module", session.module_id, lang)[0]
            title = module.title if module else session.module_id
            subject, body = _session_text(session, person, title)
            ics = calendar_bytes([session], lib, "Spilno", lang)
            yield Reminder(key, person.id, person.email, subject, body,
                           ((f"{session.module_id}.ics", "text/calendar", ics),))
