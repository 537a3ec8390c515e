"""`spilno reminders send`: the day before a session, over a real (loopback) SMTP exchange;
never the same reminder twice; failed deliveries are tried again; other sources can register."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from sqlalchemy import func, select

from app.db import utcnow
from app.scheduling.live.models import ReminderSent
from tests.web.loopback_smtp import start as start_smtp


def _world(app, db, make_user, hours_ahead=20):
    from app.content.services import library
    from app.scheduling.services import CohortSpec, add_session, create_cohort, enrol

    trainer = make_user("trainer", email="t@example.org", name="Тереза Тренерка")
    olena = make_user("participant", email="olena@example.org", name="Олена Коваль")
    john = make_user("participant", email="john@example.org", name="John Smith")
    john.locale = "en"
    db.commit()
    with app.test_request_context():
        lib = library()
        cohort = create_cohort(db, CohortSpec(name="Вінниччина", lead_trainer_id=trainer.id), trainer)
        start = (utcnow() + timedelta(hours=hours_ahead)).replace(microsecond=0)
        soon = add_session(db, cohort, lib.module("M1"), start, start + timedelta(hours=2),
                           "Europe/Kyiv", [trainer.id], trainer, venue="Вінниця, вул. Соборна, 1",
                           online_link="https://meet.example.org/m1")
        later = add_session(db, cohort, lib.module("M2"), start + timedelta(days=3),
                            start + timedelta(days=3, hours=2), "Europe/Kyiv", [trainer.id], trainer)
        for person in (olena, john):
            enrol(db, cohort, person, trainer)
    db.commit()
    return soon, later


def _send(runner, *args):
    return runner.invoke(args=["reminders", "send", *args])


def test_the_day_before_everyone_enrolled_gets_time_place_and_agenda_once(app, db, runner, make_user):
    smtp = start_smtp(app)
    soon, _later = _world(app, db, make_user)
    result = _send(runner)
    assert result.exit_code == 0, result.output
    assert "sent 3 reminders" in result.output
    by_person = {m["To"]: m for m in smtp.messages}
    assert set(by_person) == {"t@example.org", "olena@example.org", "john@example.org"}
    local = soon.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Kyiv"))
    olena = by_person["olena@example.org"]
    assert olena["Subject"].startswith("Завтра:") and local.strftime("%H:%M") in olena["Subject"]
    text = olena.get_body(("plain",)).get_content()
    assert "Олена Коваль" in text and local.strftime("%d.%m.%Y") in text
    assert "Вінниця, вул. Соборна, 1" in text and "https://meet.example.org/m1" in text
    attachment = next(olena.iter_attachments())
    assert attachment.get_filename() == "M1.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1 and events[0].decoded("DTSTART") == soon.start
    assert by_person["john@example.org"]["Subject"].startswith("Tomorrow:")

    again = _send(runner)
    assert again.exit_code == 0 and "sent 0 reminders" in again.output
    assert len(smtp.messages) == 3
    assert db.scalar(select(func.count()).select_from(ReminderSent)) == 3


def test_a_moved_session_is_reminded_again_and_far_sessions_wait(app, db, runner, make_user):
    smtp = start_smtp(app)
    soon, later = _world(app, db, make_user, hours_ahead=30)
    assert "sent 0 reminders" in _send(runner).output  # 30 hours ahead: not yet
    assert "sent 3 reminders" in _send(runner, "--now", (soon.start - timedelta(hours=23))
                                       .strftime("%Y-%m-%dT%H:%M")).output
    from app.scheduling.models import TrainingSession
    session = db.get(TrainingSession, soon.id)
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    db.commit()
    assert "sent 3 reminders" in _send(runner, "--now", (session.start - timedelta(hours=23))
                                       .strftime("%Y-%m-%dT%H:%M")).output
    assert len(smtp.messages) == 6
    assert db.get(TrainingSession, later.id) is not None


def test_failed_delivery_is_tried_again_and_no_smtp_is_an_error(app, db, runner, make_user):
    smtp = start_smtp(app)
    _world(app, db, make_user)
    smtp.refuse = True
    failed = _send(runner)
    assert failed.exit_code == 1 and "3 failed" in failed.output
    assert db.scalar(select(func.count()).select_from(ReminderSent)) == 0
    smtp.refuse = False
    assert "sent 3 reminders" in _send(runner).output
    app.config.update(SMTP_HOST="")
    result = _send(runner)
    assert result.exit_code == 1 and result.output.strip().startswith("error: SMTP_HOST")
    bad = _send(runner, "--now", "tomorrow")
    assert bad.exit_code == 1 and "error: --now" in bad.output


def test_another_feature_registers_a_source(app, db, runner, make_user):
    from app.scheduling.live import reminders

    smtp = start_smtp(app)
    person = make_user("participant", email="contact@example.org")

    @reminders.reminder_source("test-deadlines")
    def deadlines(db_, now):
        yield reminders.Reminder("plan-1:2031-01-31", person.id, person.email,
                                 "Deadline", "The self-assessment is due.")

    try:
        assert "sent 1 reminders" in _send(runner).output
        assert "sent 0 reminders" in _send(runner).output
        assert [m["Subject"] for m in smtp.messages] == ["Deadline"]
    finally:
        reminders.SOURCES.pop("test-deadlines")
