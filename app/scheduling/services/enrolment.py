"""Enrolment: adding people to a cohort, joining by code, participant import."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app import csvtable
from app.audit import audit, audit_many
from app.auth import throttle
from app.auth.models import User
from app.auth.services import (
    NewUser,
    build_user,
    choice_labels,
    insert_users,
    read_people,
)
from app.db import insert_many
from app.errors import ServiceError
from app.scheduling import codes
from app.scheduling.models import (
    Cohort,
    CohortMunicipality,
    Enrolment,
)

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


def join_with_code(db: Session, user: User, typed_code: str, address: str = "unknown") -> Cohort:
    """A participant joins a cohort as a learner. Only participants: a trainer, an observer
    or an admin joining by code would read what learners of that cohort read. Wrong codes
    are throttled per account and per address (app/auth/throttle.py)."""
    if user.role != "participant":
        raise ServiceError(_("Only participants join a cohort with its code. A trainer of the "
                             "cohort can add you in another role."), "code")
    guess = throttle.reserve(db, "join", f"user:{user.id}", address)
    if guess.refused:
        raise ServiceError(_("Too many wrong codes. Try again in %(m)d min.",
                             m=throttle.wait_message_minutes(guess.wait)), "code")
    code = codes.normalise_code(typed_code)
    cohort = db.scalar(select(Cohort).where(Cohort.join_code == code)) if code else None
    if cohort is None:
        raise ServiceError(_("No cohort has this code. Check it with your trainer."), "code")
    throttle.forgive(db, guess)  # the right code: not a failure
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
    sheet = read_people(db, text, PARTICIPANT_COLUMNS, PARTICIPANT_COLUMNS)
    if sheet.errors:
        result.errors = sheet.errors
        return result
    stakeholders = choice_labels("stakeholder")
    enrolled = set(db.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)))
    for line, values, key, again in sheet.rows:
        if again:
            result.errors.append(_("line %(n)d: this email appears twice in the file", n=line))
            continue
        if values["stakeholder_type"]:
            values["stakeholder_type"] = (csvtable.choose(values["stakeholder_type"], stakeholders)
                                          or values["stakeholder_type"])
        try:
            user = sheet.accounts.get(key) if values["email"] else None
            if user is None:
                code = values["municipality_code"]
                user = build_user(NewUser(email=values["email"], name=values["name"],
                                          role="participant", municipality_code=code,
                                          stakeholder_type=values["stakeholder_type"]),
                                  sheet.hromada(db, code), None)
                result.created.append(user)
            result.enrolled.append(user)
        except ServiceError as error:
            result.errors.append(_("line %(n)d: %(m)s", n=line, m=error.message))
    newcomers = [u for u in result.enrolled if u.id is None or u.id not in enrolled]
    if not result.errors and learner_count(db, cohort) + len(newcomers) > cohort.capacity:
        result.errors.append(_("The cohort is full (%(n)d places).", n=cohort.capacity))
    if result.errors:
        result.created, result.enrolled = [], []
        return result
    linked = set(db.scalars(select(CohortMunicipality.municipality_id)
                            .where(CohortMunicipality.cohort_id == cohort.id)))
    # the writes: a few statements whatever the number of rows (app.db.insert_many)
    result.created = insert_users(db, result.created, actor.id)
    stored = iter(result.created)
    result.enrolled = [next(stored) if user.id is None else user for user in result.enrolled]
    newcomers = [u for u in result.enrolled if u.id not in enrolled]
    hromadas_added = {u.municipality_id for u in newcomers if u.municipality_id} - linked
    insert_many(db, Enrolment, [{"cohort_id": cohort.id, "user_id": u.id, "role": "learner"} for u in newcomers])
    insert_many(db, CohortMunicipality, [{"cohort_id": cohort.id, "municipality_id": m}
                                         for m in sorted(hromadas_added)])
    audit_many(db, actor.id, "cohort.enrol", [(f"cohort:{cohort.id}", {"user": u.id, "role": "learner"})
                                              for u in newcomers])
    db.expire(cohort)  # its enrolments and hromadas were written past the session
    return result


def learners(db: Session, cohort: Cohort) -> list[User]:
    """The cohort's learners in Ukrainian alphabetical order of their names (the participants
    list, the attendance grid, reports and exports all start from here), ordered by the
    database on the stored sort key (User.name_sort) rather than computed again per page."""
    return list(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                           .where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")
                           .options(joinedload(User.municipality))
                           .order_by(User.name_sort, User.id)))


