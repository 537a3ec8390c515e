"""Attendance: marking, self check-in, import, the cohort grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import csvtable
from app.audit import audit
from app.auth import throttle
from app.auth.models import User
from app.auth.services import user_by_email
from app.db import utcnow
from app.errors import ServiceError
from app.registry.models import Municipality
from app.scheduling import codes, timing
from app.scheduling.access import is_member
from app.scheduling.models import (
    ATTENDANCE_STATUSES,
    Attendance,
    Cohort,
    Enrolment,
    TrainingSession,
)
from app.templating import LABELS

MAX_IMPORT_ROWS = 500  # a cohort has at most 500 places; a longer file is refused, not half-read

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
                  now: datetime | None = None, address: str = "unknown") -> Attendance:
    """Wrong codes are throttled per account and per address (app/auth/throttle.py): four
    symbols of 27 must not be guessed at a hundred a second."""
    now = now or utcnow()
    if session.status == "cancelled" or not timing.checkin_open(session.start, session.end, now):
        raise ServiceError(_("Check-in is open from 15 minutes before the session until its end."),
                           "code")
    guess = throttle.reserve(db, "checkin", f"user:{user.id}", address)
    if guess.refused:
        raise ServiceError(_("Too many wrong codes. Try again in %(m)d min.",
                             m=throttle.wait_message_minutes(guess.wait)), "code")
    if codes.normalise_code(typed_code) != session.checkin_code:
        raise ServiceError(_("This is not the code shown in the room. Try again."), "code")
    throttle.forgive(db, guess)
    return mark(db, session, user, timing.self_checkin_status(session.start, now), user,
                method="self-code")


ATTENDANCE_CSV_NAMES = {
    "email": ("e-mail", "email address", "ел. пошта", "електронна пошта", "пошта"),
    "status": ("attendance", "статус", "присутність", "відвідування"),
}


def _status_names() -> dict[str, set[str]]:
    """Each status with its labels in both interface languages (and a few plain words)."""
    from flask import current_app
    from flask_babel import force_locale


    names = {status: {status} for status in ATTENDANCE_STATUSES}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            for status, label in LABELS["attendance"].items():
                names.setdefault(status, set()).add(str(label))
    names.setdefault("present", set()).update({"присутня", "присутні", "так", "yes", "+"})
    names.setdefault("absent", set()).update({"відсутня", "ні", "no", "-"})
    names.setdefault("late", set()).update({"запізнилася", "запізнення"})
    return names


def import_attendance(db: Session, session: TrainingSession, text: str, actor: User) -> list[str]:
    """Paper sheets typed up as CSV (email, status: commas or semicolons, English or Ukrainian
    column names and status words). Returns errors; none applied if any."""
    try:
        table = csvtable.read_csv(text, ATTENDANCE_CSV_NAMES, max_rows=MAX_IMPORT_ROWS)
    except csvtable.TooManyRows:
        return [_("The file has more than %(n)d rows: split it into files of at most %(n)d rows "
                  "and import them one by one.", n=MAX_IMPORT_ROWS)]
    missing = table.missing(("email", "status"))
    if missing:
        return [_("line 1: missing column(s): %(c)s", c=", ".join(missing))]
    if not table.rows:
        return [_("The file has no rows: nothing was imported.")]
    statuses = _status_names()
    errors, rows = [], []
    for record in table.rows:
        line = record.line
        user = user_by_email(db, record.values.get("email", ""))
        status = csvtable.choose(record.values.get("status", ""), statuses) or ""
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


@dataclass(frozen=True)
class GridRow:
    """One participant's line of the grid: a status (or None) per session, in session order."""
    person: User
    statuses: tuple[str | None, ...]
    present: int  # present or late, cancelled sessions left out
    counted: int  # sessions not cancelled


@dataclass
class AttendanceGrid:
    sessions: list[TrainingSession]
    people: list[User]
    status: dict[tuple[int, int], str]  # (user id, session id) -> status

    def rate(self, user: User) -> tuple[int, int]:
        counted = [s for s in self.sessions if s.status != "cancelled"]
        present = sum(self.status.get((user.id, s.id)) in ("present", "late") for s in counted)
        return present, len(counted)

    def rows(self) -> list[GridRow]:
        """Every participant's line in one pass (the page renders these, not cell by cell)."""
        session_ids = [s.id for s in self.sessions]
        counts = [s.status != "cancelled" for s in self.sessions]
        counted = sum(counts)
        get = self.status.get
        rows = []
        for person in self.people:
            statuses = tuple(get((person.id, sid)) for sid in session_ids)
            present = sum(1 for st, c in zip(statuses, counts, strict=True)
                          if c and st in ("present", "late"))
            rows.append(GridRow(person, statuses, present, counted))
        return rows


def grid_people(db: Session, cohort: Cohort) -> list[Any]:
    """The cohort's learners as the grid shows them (rows: id, name, municipality_id,
    stakeholder_type, name_uk and name_en of the hromada), in the order of `learners`. Plain
    rows, not User objects: the grid is the cohort page's largest part, and loading forty
    whole accounts with their hromadas cost more than drawing them."""
    return list(db.execute(
        select(User.id, User.name, User.municipality_id, User.stakeholder_type,
               Municipality.name_uk, Municipality.name_en)
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")
        .order_by(User.name_sort, User.id)))


def attendance_grid(db: Session, cohort: Cohort) -> AttendanceGrid:
    """The cohort's attendance as participants x sessions in three queries, whatever its size."""
    sessions = list(cohort.sessions)  # ordered by start; the cohort page lists them too
    people = grid_people(db, cohort)
    rows = db.execute(select(Attendance.user_id, Attendance.session_id, Attendance.status)
                      .where(Attendance.session_id.in_([s.id for s in sessions] or [-1])))
    return AttendanceGrid(sessions, people, {(u, s): st for u, s, st in rows})


