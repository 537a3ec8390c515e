"""Who may do what in monitoring: decided here, asked by every route.

- AUC staff (admin, observer) read every hromada's monitoring and the portfolio; admins also
  name the Monitoring Body's people.
- The hromada's own people (participants whose municipality it is) post tracker updates and
  meetings, request voluntary inactivity and choose whether the progress page is public.
- The Monitoring Body (people linked by `MonitoringBodyMember`) read their hromadas' plans,
  evidence and tracker, file the assessments and invite comments.
- Trainers and everyone else: nothing here (the public page, when a hromada opts in, is open).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.monitoring.models import MonitoringBodyMember

STAFF = ("admin", "observer")


def _is_body(db: Session, user, municipality_id: int) -> bool:
    return db.scalar(select(MonitoringBodyMember.id).where(
        MonitoringBodyMember.municipality_id == municipality_id,
        MonitoringBodyMember.user_id == user.id)) is not None


def is_member(user, municipality_id: int) -> bool:
    return (user.is_authenticated and user.role == "participant"
            and user.municipality_id == municipality_id)


def can_read(db: Session, user, municipality_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return (user.role in STAFF or is_member(user, municipality_id)
            or _is_body(db, user, municipality_id))


def can_update(user, municipality_id: int) -> bool:
    """Tracker updates, meetings, voluntary inactivity, the public switch."""
    return is_member(user, municipality_id)


def can_assess(db: Session, user, municipality_id: int) -> bool:
    return user.is_authenticated and _is_body(db, user, municipality_id)


def can_name_body(user) -> bool:
    return user.is_authenticated and user.role == "admin"


def can_see_portfolio(user) -> bool:
    return user.is_authenticated and user.role in STAFF


def monitored_ids(db: Session, user) -> list[int]:
    """The hromadas a person monitors as (part of) their Monitoring Body."""
    if not user.is_authenticated:
        return []
    return list(db.scalars(select(MonitoringBodyMember.municipality_id)
                           .where(MonitoringBodyMember.user_id == user.id)))
