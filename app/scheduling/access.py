"""Who may see and run a cohort: the one place scheduling decides access."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.scheduling.models import (
    Cohort,
    Enrolment,
)

# --- access -------------------------------------------------------------------------------


def trainer_ids(db: Session, cohort: Cohort) -> set[int]:
    ids = set(db.scalars(select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.role == "trainer")))
    return ids | {cohort.lead_trainer_id}


def can_manage(db: Session, user: User, cohort: Cohort) -> bool:
    if user.role == "admin":
        return True
    # the lead is known from the cohort row: no query for the commonest case
    return user.role == "trainer" and (user.id == cohort.lead_trainer_id
                                       or user.id in trainer_ids(db, cohort))


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


