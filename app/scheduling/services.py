"""Cohorts, sessions, enrolment and attendance. Services flush; routes commit."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.registry.models import Municipality
from app.audit import audit
from app.registry.services import municipality_by_code
from app.auth.models import User
from app.auth.services import NewUser, create_user, user_by_email
from app.content.model import Library, Module
from app.db import utcnow
from app.scheduling.agenda import AgendaError, normalise_zone, schedule_modules, schedule_plan
from app.errors import ServiceError
from app.scheduling import codes, timing
from app.scheduling.models import (
    ATTENDANCE_STATUSES, Attendance, CalendarFeed, Cohort, CohortMunicipality, Enrolment,
    SessionChange, SessionTrainer, TrainingSession,
)
from app.text import email_key, has_control_chars, visible

# --- access -------------------------------------------------------------------------------


def trainer_ids(db: Session, cohort: Cohort) -> set[int]:
    ids = set(db.scalars(select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.role == "trainer")))
    return ids | {cohort.lead_trainer_id}


def can_manage(db: Session, user: User, cohort: Cohort) -> bool:
    return user.role == "admin" or (user.role == "trainer" and user.id in trainer_ids(db, cohort))


def is_member(db: Session, user: User, cohort: Cohort) -> bool:
    return db.scalar(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id,
                                                Enrolment.user_id == user.id)) is not None


def can_view(db: Session, user: User, cohort: Cohort) -> bool:
    return user.role == "observer" or can_manage(db, user, cohort) or is_member(db, user, cohort)


def visible_cohorts(user: User) -> Select[tuple[Cohort]]:
    stmt = select(Cohort).order_by(Cohort.created_at.desc())
    if user.role in ("admin", "observer"):
        return stmt
    mine = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id)
    return stmt.where(or_(Cohort.id.in_(mine), Cohort.lead_trainer_id == user.id))


# --- cohorts --------------------------------------------------------------------------------


def unique_join_code(db: Session) -> str:
    while True:
        code = codes.new_code(6)
        if db.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
            return code


def _validate_text(value: str, field_name: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not visible(value):
        raise ServiceError(_("This field is required."), field_name)
    if len(value) > limit or has_control_chars(value):
        raise ServiceError(_("Use at most %(n)d plain characters.", n=limit), field_name)
    return value


@dataclass
class CohortSpec:
    name: str
    lead_trainer_id: int
    capacity: int = 40
    timezone: str = "Europe/Kyiv"
    plan_id: str = ""
    municipality_codes: list[str] = field(default_factory=list)
    co_trainer_ids: list[int] = field(default_factory=list)
    is_tot: bool = False  # a training of trainers (app.pathway)


def _zone(name: str, field_name: str = "timezone") -> str:
    try:
        return normalise_zone(name)
    except AgendaError as error:
        raise ServiceError(str(error), field_name) from None


def create_cohort(db: Session, spec: CohortSpec, actor: User) -> Cohort:
    name = _validate_text(spec.name, "name", 200)
    if not 1 <= spec.capacity <= 500:
        raise ServiceError(_("Capacity must be between 1 and 500."), "capacity")
    lead = db.get(User, spec.lead_trainer_id)
    if lead is None or lead.role not in ("trainer", "admin") or not lead.active:
        raise ServiceError(_("Choose an active trainer to lead the cohort."), "lead_trainer_id")
    if not spec.is_tot and current_app.config.get("REQUIRE_CERTIFIED_LEADS", True):
        from app.pathway.services import may_lead_municipal_cohort

        if not may_lead_municipal_cohort(db, lead):
            raise ServiceError(_("Only certified trainers (or admins) can lead a municipal cohort."),
                               "lead_trainer_id")
    cohort = Cohort(name=name, plan_id=spec.plan_id, join_code=unique_join_code(db),
                    lead_trainer_id=lead.id, capacity=spec.capacity,
                    timezone=_zone(spec.timezone), is_tot=bool(spec.is_tot))
    db.add(cohort)
    db.flush()
    set_municipalities(db, cohort, spec.municipality_codes)
    for trainer_id in {*spec.co_trainer_ids, lead.id}:
        trainer = db.get(User, trainer_id)
        if trainer is None or trainer.role not in ("trainer", "admin"):
            raise ServiceError(_("Co-trainers must be trainers."), "co_trainer_ids")
        db.add(Enrolment(cohort_id=cohort.id, user_id=trainer_id, role="trainer"))
    audit(db, actor.id, "cohort.create", f"cohort:{cohort.id}", name=name, plan=spec.plan_id)
    db.flush()
    return cohort


def set_municipalities(db: Session, cohort: Cohort, municipality_codes: list[str]) -> None:
    wanted = []
    for code in municipality_codes:
        code = code.strip()
        if not code:
            continue
        municipality = municipality_by_code(db, code)
        if municipality is None:
            raise ServiceError(_("No hromada has the KATOTTG code %(code)s.", code=code[:40]),
                               "municipality_codes")
        wanted.append(municipality)
    existing = set(db.scalars(select(CohortMunicipality.municipality_id)
                              .where(CohortMunicipality.cohort_id == cohort.id)))
    for municipality in wanted:
        if municipality.id not in existing:
            db.add(CohortMunicipality(cohort_id=cohort.id, municipality_id=municipality.id))
            existing.add(municipality.id)
    db.flush()


def create_cohort_from_plan(db: Session, spec: CohortSpec, library: Library, start_local: datetime,
                            actor: User, now: datetime | None = None,
                            venue: str = "", online_link: str = "") -> Cohort:
    """The cohort and one training session per module of the plan, with clock times."""
    plan = library.plan(spec.plan_id)
    if plan is None:
        raise ServiceError(_("Choose a session plan."), "plan_id")
    zone = _zone(spec.timezone)
    try:
        agenda = schedule_plan(plan, {m.id: m for m in library.modules}, start_local, zone)
    except AgendaError as error:
        raise ServiceError(str(error), "start") from None
    cohort = create_cohort(db, spec, actor)
    trainers = sorted({spec.lead_trainer_id, *spec.co_trainer_ids})
    for day in agenda.days:
        for agenda_session in day.sessions:
            add_session(db, cohort, library.module(agenda_session.module_id), agenda_session.start,
                        agenda_session.end, zone, trainers, actor, now=now, venue=venue,
                        online_link=online_link)
    return cohort


def regenerate_join_code(db: Session, cohort: Cohort, actor: User) -> str:
    cohort.join_code = unique_join_code(db)
    audit(db, actor.id, "cohort.join_code", f"cohort:{cohort.id}")
    db.flush()
    return cohort.join_code


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
    zone = _zone(zone)
    _check_session_times(db, cohort, start, end, trainer_ids_, None, now, creating=True)
    session = TrainingSession(cohort_id=cohort.id, module_id=module.id,
                              content_version=module.content_hash, start=start, end=end,
                              timezone=zone, venue=_validate_text(venue, "venue", 300, False),
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
                         reason=_validate_text(reason, "reason", 300, False)))
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


# --- enrolment ------------------------------------------------------------------------------


def learner_count(db: Session, cohort: Cohort) -> int:
    return db.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")) or 0


def enrol(db: Session, cohort: Cohort, user: User, actor: User, role: str = "learner") -> Enrolment:
    existing = db.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                 Enrolment.user_id == user.id))
    if existing is not None:
        return existing
    if role == "learner" and learner_count(db, cohort) >= cohort.capacity:
        raise ServiceError(_("The cohort is full (%(n)d places).", n=cohort.capacity), "code")
    enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, role=role)
    db.add(enrolment)
    if role == "learner" and user.municipality_id:
        linked = db.get(CohortMunicipality, (cohort.id, user.municipality_id))
        if linked is None:
            db.add(CohortMunicipality(cohort_id=cohort.id, municipality_id=user.municipality_id))
    audit(db, actor.id, "cohort.enrol", f"cohort:{cohort.id}", user=user.id, role=role)
    db.flush()
    return enrolment


def join_with_code(db: Session, user: User, typed_code: str) -> Cohort:
    code = codes.normalise_code(typed_code)
    cohort = db.scalar(select(Cohort).where(Cohort.join_code == code)) if code else None
    if cohort is None:
        raise ServiceError(_("No cohort has this code. Check it with your trainer."), "code")
    if cohort.status != "open":
        raise ServiceError(_("This cohort is closed for new participants."), "code")
    enrol(db, cohort, user, user)
    return cohort


PARTICIPANT_COLUMNS = ("name", "email", "municipality_code", "stakeholder_type")


@dataclass
class ParticipantImport:
    enrolled: list[User] = field(default_factory=list)
    created: list[User] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_participants(db: Session, cohort: Cohort, text: str, actor: User) -> ParticipantImport:
    """Every row or none: with errors the caller rolls back and shows them."""
    result = ParticipantImport()
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    missing = [c for c in PARTICIPANT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(_("line 1: missing column(s): %(c)s", c=", ".join(missing)))
        return result
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        values = {k: (record.get(k) or "").strip() for k in PARTICIPANT_COLUMNS}
        key = email_key(values["email"])
        if key in seen:
            result.errors.append(_("line %(n)d: this email appears twice in the file", n=line))
            continue
        seen.add(key)
        try:
            user = user_by_email(db, values["email"]) if values["email"] else None
            if user is None:
                user = create_user(db, NewUser(email=values["email"], name=values["name"],
                                               role="participant",
                                               municipality_code=values["municipality_code"],
                                               stakeholder_type=values["stakeholder_type"]), actor.id)
                result.created.append(user)
            enrol(db, cohort, user, actor)
            result.enrolled.append(user)
        except ServiceError as error:
            result.errors.append(_("line %(n)d: %(m)s", n=line, m=error.message))
    if not result.enrolled and not result.errors:
        result.errors.append(_("The file has no rows."))
    return result


def learners(db: Session, cohort: Cohort) -> list[User]:
    return list(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                           .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")
                           .options(selectinload(User.municipality))
                           .order_by(User.name)))


# --- attendance -----------------------------------------------------------------------------


def mark(db: Session, session: TrainingSession, user: User, status: str, actor: User,
         method: str = "trainer") -> Attendance:
    if status not in ATTENDANCE_STATUSES:
        raise ServiceError(_("Choose present, late, excused or absent."), "status")
    if not is_member(db, user, session.cohort):
        raise ServiceError(_("%(name)s is not in this cohort.", name=user.name), "user")
    record = db.scalar(select(Attendance).where(Attendance.session_id == session.id,
                                                Attendance.user_id == user.id))
    before = record.status if record else None
    if record is None:
        record = Attendance(session_id=session.id, user_id=user.id, status=status)
        db.add(record)
    record.status, record.method, record.marked_by_id = status, method, actor.id
    record.marked_at = utcnow()
    if before != status:
        audit(db, actor.id, "attendance.mark", f"session:{session.id}", user=user.id,
              before=before, after=status, method=method)
    db.flush()
    return record


def self_check_in(db: Session, session: TrainingSession, user: User, typed_code: str,
                  now: datetime | None = None) -> Attendance:
    now = now or utcnow()
    if session.status == "cancelled" or not timing.checkin_open(session.start, session.end, now):
        raise ServiceError(_("Check-in is open from 15 minutes before the session until its end."),
                           "code")
    if codes.normalise_code(typed_code) != session.checkin_code:
        raise ServiceError(_("This is not the code shown in the room. Try again."), "code")
    return mark(db, session, user, timing.self_checkin_status(session.start, now), user,
                method="self-code")


def import_attendance(db: Session, session: TrainingSession, text: str, actor: User) -> list[str]:
    """Paper sheets typed up as CSV (email,status). Returns errors; none applied if any."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    if not {"email", "status"} <= set(reader.fieldnames or []):
        return [_("line 1: missing column(s): %(c)s", c="email, status")]
    errors, rows = [], []
    for record in reader:
        line = reader.line_num
        user = user_by_email(db, (record.get("email") or "").strip())
        status = (record.get("status") or "").strip().lower()
        if user is None or not is_member(db, user, session.cohort):
            errors.append(_("line %(n)d: no participant of this cohort has this email", n=line))
        elif status not in ATTENDANCE_STATUSES:
            errors.append(_("line %(n)d: status must be present, late, excused or absent", n=line))
        else:
            rows.append((user, status))
    if not errors:
        for user, status in rows:
            mark(db, session, user, status, actor, method="import")
    return errors


@dataclass
class AttendanceGrid:
    sessions: list[TrainingSession]
    people: list[User]
    status: dict[tuple[int, int], str]  # (user id, session id) -> status

    def rate(self, user: User) -> tuple[int, int]:
        counted = [s for s in self.sessions if s.status != "cancelled"]
        present = sum(self.status.get((user.id, s.id)) in ("present", "late") for s in counted)
        return present, len(counted)


def attendance_grid(db: Session, cohort: Cohort) -> AttendanceGrid:
    """The cohort's attendance as participants x sessions in three queries, whatever its size."""
    sessions = list(db.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort.id)
                               .order_by(TrainingSession.start)))
    people = learners(db, cohort)
    rows = db.execute(select(Attendance.user_id, Attendance.session_id, Attendance.status)
                      .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                      .where(TrainingSession.cohort_id == cohort.id))
    return AttendanceGrid(sessions, people, {(u, s): st for u, s, st in rows})


# --- participant views ------------------------------------------------------------------------


def upcoming_sessions(db: Session, user: User, now: datetime | None = None) -> list[TrainingSession]:
    mine = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id)
    return list(db.scalars(select(TrainingSession)
                           .where(TrainingSession.cohort_id.in_(mine),
                                  TrainingSession.end >= (now or utcnow()),
                                  TrainingSession.status != "cancelled")
                           .options(selectinload(TrainingSession.cohort))
                           .order_by(TrainingSession.start)))


def my_sessions(db: Session, user: User) -> list[TrainingSession]:
    """Every session of the user's cohorts, and the ones they lead, for the calendar feed."""
    mine = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id)
    led = select(SessionTrainer.session_id).where(SessionTrainer.user_id == user.id)
    return list(db.scalars(select(TrainingSession)
                           .where(or_(TrainingSession.cohort_id.in_(mine), TrainingSession.id.in_(led)))
                           .options(selectinload(TrainingSession.cohort))
                           .order_by(TrainingSession.start)))


def calendar_feed(db: Session, user: User, reset: bool = False) -> CalendarFeed:
    feed = db.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(24))
        db.add(feed)
    elif reset:
        feed.token = secrets.token_urlsafe(24)
    db.flush()
    return feed


def feed_owner(db: Session, token: str) -> User | None:
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.token == token,
                                                CalendarFeed.active.is_(True)))
    return db.get(User, feed.user_id) if feed else None


__all__ = ["and_", "Municipality", "schedule_modules"]
