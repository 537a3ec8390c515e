"""Training sessions: adding, rescheduling, status changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Module
from app.db import utcnow
from app.errors import ServiceError
from app.scheduling import codes
from app.scheduling.models import (
    Attendance,
    Cohort,
    SessionChange,
    SessionTrainer,
    TrainingSession,
)
from app.scheduling.services.enrolment import learners
from app.scheduling.services.fields import check_zone, validate_text
from app.text import has_control_chars

# --- sessions -------------------------------------------------------------------------------


def _check_session_times(db: Session, cohort: Cohort, start: datetime, end: datetime,
                         trainer_ids_: list[int], ignore_id: int | None, now: datetime | None,
                         creating: bool) -> None:
    if end <= start:
        raise ServiceError(_("The end must be after the start."), "end")
    if end - start > timedelta(hours=12):
        raise ServiceError(_("A session lasts at most 12 hours."), "end")
    if creating and start < (now or utcnow()):
        raise ServiceError(_("The start is in the past."), "start")
    others = select(TrainingSession).where(TrainingSession.status != "cancelled",
                                           TrainingSession.start < end, TrainingSession.end > start)
    if ignore_id is not None:
        others = others.where(TrainingSession.id != ignore_id)
    clash = db.scalar(others.where(TrainingSession.cohort_id == cohort.id).limit(1))
    if clash is not None:
        raise ServiceError(_("This overlaps the cohort's session %(module)s at %(when)s.",
                             module=clash.module_id, when=_local(clash.start, clash.timezone)),
                           "start")
    if trainer_ids_:
        booked = db.execute(others.join(SessionTrainer, SessionTrainer.session_id == TrainingSession.id)
                            .where(SessionTrainer.user_id.in_(trainer_ids_))
                            .add_columns(SessionTrainer.user_id).limit(1)).first()
        if booked is not None:
            session, user_id = booked
            trainer = db.get(User, user_id)
            raise ServiceError(_("%(name)s is already booked for %(module)s at %(when)s.",
                                 name=trainer.name, module=session.module_id,
                                 when=_local(session.start, session.timezone)), "trainer_ids")


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")


def add_session(db: Session, cohort: Cohort, module: Module | None, start: datetime, end: datetime,
                zone: str, trainer_ids_: list[int], actor: User, now: datetime | None = None,
                venue: str = "", online_link: str = "") -> TrainingSession:
    if module is None:
        raise ServiceError(_("Choose a module."), "module_id")
    zone = check_zone(zone)
    _check_session_times(db, cohort, start, end, trainer_ids_, None, now, creating=True)
    session = TrainingSession(cohort_id=cohort.id, module_id=module.id,
                              content_version=module.content_hash, start=start, end=end,
                              timezone=zone, venue=validate_text(venue, "venue", 300, False),
                              online_link=_safe_link(online_link),
                              checkin_code=codes.new_code(4))
    db.add(session)
    db.flush()
    for trainer_id in trainer_ids_:
        db.add(SessionTrainer(session_id=session.id, user_id=trainer_id))
    audit(db, actor.id, "session.create", f"session:{session.id}", module=module.id,
          start=start.isoformat())
    db.flush()
    return session


def _safe_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    if not link.lower().startswith(("https://", "http://")) or len(link) > 500 or \
            has_control_chars(link) or " " in link:
        raise ServiceError(_("Enter a web address starting with https://"), "online_link")
    return link


def reschedule(db: Session, session: TrainingSession, start: datetime, end: datetime,
               actor: User, reason: str = "") -> None:
    """Keeps the old times in the history and raises the calendar SEQUENCE."""
    trainers = [t.id for t in session.trainers]
    _check_session_times(db, session.cohort, start, end, trainers, session.id, None, creating=False)
    db.add(SessionChange(session_id=session.id, old_start=session.start, old_end=session.end,
                         new_start=start, new_end=end, changed_by_id=actor.id,
                         reason=validate_text(reason, "reason", 300, False)))
    session.start, session.end = start, end
    session.sequence += 1
    audit(db, actor.id, "session.reschedule", f"session:{session.id}", start=start.isoformat())
    db.flush()


def set_session_status(db: Session, session: TrainingSession, status: str, actor: User) -> None:
    if status not in ("planned", "delivered", "cancelled"):
        raise ServiceError(_("Choose a status."), "status")
    if status != session.status:
        session.status = status
        session.sequence += 1
        audit(db, actor.id, "session.status", f"session:{session.id}", status=status)
    db.flush()




def save_report_notes(db: Session, session: TrainingSession, notes: str, actor: User) -> None:
    if len(notes) > 5000 or has_control_chars(notes.replace("\n", "").replace("\r", "")):
        raise ServiceError(_("Use at most %(n)d plain characters.", n=5000), "report_notes")
    session.report_notes = notes
    audit(db, actor.id, "session.report", f"session:{session.id}")
    db.flush()


@dataclass(frozen=True)
class SessionReport:
    people: list[User]
    marks: dict[int, str]
    attendees: list[User]
    organisations: list[str]


def session_report(db: Session, session: TrainingSession) -> SessionReport:
    """Who was there, and from which organisations, for the session's report."""
    people = learners(db, session.cohort)
    marks = {a.user_id: a.status for a in db.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    attendees = [p for p in people if marks.get(p.id) in ("present", "late")]
    organisations = sorted({p.organisation or (p.municipality.name_uk if p.municipality else "")
                            for p in attendees} - {""})
    return SessionReport(people, marks, attendees, organisations)


def set_late_minutes(db: Session, session: TrainingSession, minutes: int) -> None:
    """The run of show's "running late" shift, in minutes (0 to 240)."""
    if not 0 <= minutes <= 240:
        raise ServiceError(_("Enter the delay in minutes (0 to 240)."), "late_minutes")
    session.late_minutes = minutes
    db.flush()


def toggle_block_done(db: Session, session: TrainingSession, index: int) -> None:
    """Mark an outline block done in the run of show; pressing again undoes it."""
    done = set(session.blocks_done or [])
    done.symmetric_difference_update({index})
    session.blocks_done = sorted(done)
    db.flush()
