"""The cascade: certified trainers running their own municipal cohorts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.db import utcnow
from app.pathway import rules
from app.pathway.models import (
    TrainerCertification,
)
from app.registry.models import Municipality
from app.scheduling.models import Cohort, Enrolment, SessionTrainer, TrainingSession
from app.scheduling.services import trainer_ids
from app.text import people_sorted, person_key

# --- the cascade ------------------------------------------------------------------------------------------

@dataclass
class Reach:
    municipalities: dict[int, Municipality] = field(default_factory=dict)
    cohorts: list[Cohort] = field(default_factory=list)


def reach(db: Session, trainer_ids_: list[int] | None = None) -> dict[int, Reach]:
    """Municipalities reached by each trainer: those of the municipal (non-ToT) cohorts they led."""
    stmt = select(Cohort).where(Cohort.is_tot.is_(False)).options(selectinload(Cohort.municipalities))
    if trainer_ids_ is not None:
        stmt = stmt.where(Cohort.lead_trainer_id.in_(trainer_ids_ or [-1]))
    result: dict[int, Reach] = defaultdict(Reach)
    for cohort in db.scalars(stmt.order_by(Cohort.created_at)):
        entry = result[cohort.lead_trainer_id]
        entry.cohorts.append(cohort)
        for municipality in cohort.municipalities:
            entry.municipalities[municipality.id] = municipality
    return result


def last_deliveries(db: Session, now: datetime | None = None,
                    trainer_ids_: list[int] | None = None) -> dict[int, datetime]:
    """The end of each trainer's latest session in a municipal cohort that has taken place
    (not cancelled, ended by now): as one of its trainers, or as the cohort's lead."""
    now = now or utcnow()
    past = and_(TrainingSession.status != "cancelled", TrainingSession.end <= now,
                Cohort.is_tot.is_(False))
    by_trainer = (select(SessionTrainer.user_id, func.max(TrainingSession.end))
                  .join(TrainingSession, TrainingSession.id == SessionTrainer.session_id)
                  .join(Cohort, Cohort.id == TrainingSession.cohort_id).where(past)
                  .group_by(SessionTrainer.user_id))
    by_lead = (select(Cohort.lead_trainer_id, func.max(TrainingSession.end))
               .join(TrainingSession, TrainingSession.cohort_id == Cohort.id).where(past)
               .group_by(Cohort.lead_trainer_id))
    if trainer_ids_ is not None:
        by_trainer = by_trainer.where(SessionTrainer.user_id.in_(trainer_ids_ or [-1]))
        by_lead = by_lead.where(Cohort.lead_trainer_id.in_(trainer_ids_ or [-1]))
    latest: dict[int, datetime] = {}
    for stmt in (by_trainer, by_lead):
        for user_id, end in db.execute(stmt):  # max() keeps the column's type: aware UTC
            if end is not None and (user_id not in latest or end > latest[user_id]):
                latest[user_id] = end
    return latest


def trained_by(db: Session, cohort_ids: set[int]) -> dict[int, list[User]]:
    """The trainers (lead first, then co-trainers) of each ToT cohort."""
    result: dict[int, list[User]] = {}
    for cohort in db.scalars(select(Cohort).where(Cohort.id.in_(cohort_ids or {-1}))):
        ids = trainer_ids(db, cohort)
        people = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))}
        ordered = [people[cohort.lead_trainer_id]] if cohort.lead_trainer_id in people else []
        ordered += people_sorted(u for i, u in people.items() if i != cohort.lead_trainer_id)
        result[cohort.id] = ordered
    return result


@dataclass
class TrainerRow:
    user: User
    certification: TrainerCertification | None
    trainers: list[User]                 # who trained them (their ToT cohort's trainers)
    reach: Reach
    last_delivery: datetime | None
    delivering: bool


@dataclass
class OblastRow:
    oblast: str
    oblast_en: str
    trainers: int
    municipalities: int


@dataclass
class Cascade:
    trainers: list[TrainerRow]
    oblasts: list[OblastRow]
    inactive: list[TrainerRow]
    tree: list[tuple[User, list[TrainerRow]]]   # ToT trainer -> the trainers they certified


def cascade(db: Session, now: datetime | None = None) -> Cascade:
    """The AUC overview: certified trainers and anyone who led a municipal cohort."""
    now = now or utcnow()
    certifications = {c.user_id: c for c in db.scalars(
        select(TrainerCertification).where(TrainerCertification.revoked_at.is_(None))
        .options(selectinload(TrainerCertification.user)))}
    reached = reach(db)
    ids = set(certifications) | set(reached)
    users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids or {-1})))}
    latest = last_deliveries(db, now)
    teachers = trained_by(db, {c.cohort_id for c in certifications.values() if c.cohort_id})
    rows = []
    for user_id in ids:
        certification = certifications.get(user_id)
        last = latest.get(user_id)
        rows.append(TrainerRow(
            users[user_id], certification,
            teachers.get(certification.cohort_id, []) if certification and certification.cohort_id else [],
            reached.get(user_id, Reach()), last, rules.delivering(last, now)))
    rows.sort(key=lambda r: person_key(r.user))
    oblast_trainers: dict[str, set[int]] = defaultdict(set)
    oblast_places: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in rows:
        for municipality in row.reach.municipalities.values():
            oblast_trainers[municipality.oblast].add(row.user.id)
            oblast_places[municipality.oblast].add(municipality.id)
            names[municipality.oblast] = municipality.oblast_en or municipality.oblast
    oblasts = [OblastRow(o, names[o], len(oblast_trainers[o]), len(oblast_places[o]))
               for o in sorted(oblast_trainers)]
    by_teacher: dict[int, list[TrainerRow]] = defaultdict(list)
    teacher_users: dict[int, User] = {}
    for row in rows:
        for teacher in row.trainers:
            by_teacher[teacher.id].append(row)
            teacher_users[teacher.id] = teacher
    tree = sorted(((teacher_users[t], trainees) for t, trainees in by_teacher.items()),
                  key=lambda item: person_key(item[0]))
    inactive = [r for r in rows if r.certification is not None and not r.delivering]
    return Cascade(rows, oblasts, inactive, tree)


@dataclass
class TrainerPage:
    user: User
    certification: TrainerCertification | None
    trainers: list[User]
    tot_cohort: Cohort | None
    trainees: list[TrainerRow]
    reach: Reach
    last_delivery: datetime | None
    delivering: bool


def trainer_page(db: Session, user: User, now: datetime | None = None) -> TrainerPage:
    now = now or utcnow()
    certification = db.scalar(select(TrainerCertification)
                              .where(TrainerCertification.user_id == user.id))
    cohort = db.get(Cohort, certification.cohort_id) if certification and certification.cohort_id else None
    teachers = trained_by(db, {cohort.id}).get(cohort.id, []) if cohort else []
    taught = select(Cohort.id).where(Cohort.is_tot.is_(True), or_(
        Cohort.lead_trainer_id == user.id,
        Cohort.id.in_(select(Enrolment.cohort_id).where(Enrolment.user_id == user.id,
                                                        Enrolment.role == "trainer"))))
    certified = list(db.scalars(select(TrainerCertification)
                                .where(TrainerCertification.cohort_id.in_(taught))
                                .options(selectinload(TrainerCertification.user))))
    ids = [c.user_id for c in certified]
    reached = reach(db, ids + [user.id])
    latest = last_deliveries(db, now, ids + [user.id])
    trainees = sorted((TrainerRow(c.user, c, [user], reached.get(c.user_id, Reach()),
                                  latest.get(c.user_id), rules.delivering(latest.get(c.user_id), now))
                       for c in certified), key=lambda r: person_key(r.user))
    last = latest.get(user.id)
    return TrainerPage(user, certification, teachers, cohort, trainees,
                       reached.get(user.id, Reach()), last, rules.delivering(last, now))


