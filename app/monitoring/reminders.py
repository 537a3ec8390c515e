"""Reminders to a member's point of contact, sent by `spilno reminders send` (the registry of
app/scheduling/live/reminders.py): before each deadline of the OGP Local calendar (once when it
is two weeks away, once when three days are left) and after a quarter that ended without a
tracker update. Each goes once per (occasion, person); the contact needs an account."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.monitoring import calendar as cal
from app.monitoring import services, source
from app.monitoring.forms import KIND_LABELS
from app.registry.models import Municipality
from app.scheduling.live.reminders import Reminder, reminder_source
from app.text import email_key

WINDOWS = (14, 3)       # days before a deadline


def _window(days_ahead: int) -> int | None:
    """The smallest window the deadline is inside (14 or 3 days), or None."""
    inside = [w for w in WINDOWS if 0 <= days_ahead <= w]
    return min(inside) if inside else None


def _text(kind: str, quarter: str | None, due, name: str, link: str, missed: bool,
          locale: str) -> tuple[str, str]:
    with force_locale(locale or "uk"):
        what = str(KIND_LABELS.get(kind, kind)) + (f" ({quarter})" if quarter else "")
        if missed:
            return (_("OGP Local: no tracker update for %(quarter)s", quarter=quarter or ""),
                    _("Hello %(name)s,\n\nThe tracker of your OGP Local action plan has no "
                      "update for %(quarter)s. Two quarters without an update or without "
                      "progress make a member inactive. Post the update here:\n\n%(link)s\n",
                      name=name, quarter=quarter or "", link=link))
        return (_("OGP Local: %(what)s due on %(due)s", what=what,
                  due=due.strftime("%d.%m.%Y")),
                _("Hello %(name)s,\n\n%(what)s is due on %(due)s. Your hromada's calendar "
                  "and tracker:\n\n%(link)s\n", name=name, what=what,
                  due=due.strftime("%d.%m.%Y"), link=link))


@reminder_source("ogp-deadlines")
def ogp_reminders(db: Session, now: datetime) -> Iterable[Reminder]:
    today = now.astimezone(ZoneInfo("Europe/Kyiv")).date()
    ids = list(db.scalars(source.member_ids()))
    facts = source.member_facts(db, ids)
    emails = {email_key(f.contact_email): f for f in facts.values() if f.contact_email}
    people = {u.email_key: u for u in db.scalars(
        select(User).where(User.email_key.in_(list(emails)), User.active.is_(True)))}
    codes = dict(db.execute(select(Municipality.id, Municipality.code)
                            .where(Municipality.id.in_(ids))).all())
    base = current_app.config["BASE_URL"].rstrip("/")
    for municipality_id, data in services.calendar_inputs(db, ids, today).items():
        member = facts[municipality_id]
        person = people.get(email_key(member.contact_email or ""))
        if person is None or data.voluntary_inactive:
            continue
        link = f"{base}/monitoring/hromadas/{codes[municipality_id]}"
        result = cal.compute(data)
        for deadline in result.deadlines:
            window = _window((deadline.due - today).days)
            if window is None:
                continue
            subject, body = _text(deadline.kind, deadline.quarter, deadline.due,
                                  member.contact_name or person.name, link, False, person.locale)
            yield Reminder(key=(f"{municipality_id}:{deadline.kind}:{deadline.plan}:"
                                f"{deadline.commitment}:{deadline.quarter}:{deadline.due}:"
                                f"{window}"), user_id=person.id, email=person.email,
                           subject=subject, body=body)
        for warning in result.warnings:
            if warning.code == "quarter_missed":
                subject, body = _text("tracker_update", warning.quarter,
                                      cal.quarter_bounds(warning.quarter)[1],
                                      member.contact_name or person.name, link, True,
                                      person.locale)
                yield Reminder(key=f"{municipality_id}:missed:{warning.quarter}",
                               user_id=person.id, email=person.email, subject=subject,
                               body=body)
