"""Who may do what with action plans: decided here, asked by every route.

- The hromada's participants (users whose municipality is one of the plan's hromadas, with
  the participant role) edit its OGP Local record, its plans, evidence and commitments.
- Trainers of a cohort in which one of the plan's hromadas takes part read and comment.
- AUC staff (admin, observer) read every plan; they do not edit a hromada's plan.
- Everyone else: nothing (404, so that plans of other hromadas are not revealed).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.scheduling.models import Cohort, CohortMunicipality, Enrolment

STAFF = ("admin", "observer")


def trained_municipalities(db: Session, user: User) -> set[int]:
    """Hromadas of the cohorts this trainer leads or trains in."""
    if user.role != "trainer":
        return set()
    trains = select(Enrolment.cohort_id).where(Enrolment.user_id == user.id,
                                               Enrolment.role == "trainer")
    return set(db.scalars(select(CohortMunicipality.municipality_id).join(
        Cohort, Cohort.id == CohortMunicipality.cohort_id).where(
        or_(Cohort.lead_trainer_id == user.id, Cohort.id.in_(trains)))))


def is_team(user: User, municipality_ids: Iterable[int]) -> bool:
    return (user.is_authenticated and user.role == "participant"
            and user.municipality_id is not None and user.municipality_id in set(municipality_ids))


def is_trainer_of(db: Session, user: User, municipality_ids: Iterable[int]) -> bool:
    return user.is_authenticated and bool(trained_municipalities(db, user) & set(municipality_ids))


def can_read(db: Session, user: User, municipality_ids: Iterable[int]) -> bool:
    ids = list(municipality_ids)
    return user.is_authenticated and (user.role in STAFF or is_team(user, ids)
                                      or is_trainer_of(db, user, ids))


def can_edit(user: User, municipality_ids: Iterable[int]) -> bool:
    return is_team(user, municipality_ids)


def can_comment(db: Session, user: User, municipality_ids: Iterable[int]) -> bool:
    ids = list(municipality_ids)
    return is_team(user, ids) or is_trainer_of(db, user, ids)


def readable_municipalities(db: Session, user: User) -> set[int] | None:
    """Hromadas whose plans this user may list (None: all of them)."""
    if user.role in STAFF:
        return None
    if user.role == "trainer":
        return trained_municipalities(db, user)
    return {user.municipality_id} if user.municipality_id else set()
