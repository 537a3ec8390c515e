"""A participant's sessions and their private calendar feed."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.db import utcnow
from app.registry.models import Municipality
from app.scheduling.agenda import schedule_modules
from app.scheduling.models import (
    CalendarFeed,
    Enrolment,
    SessionTrainer,
    TrainingSession,
)

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


__all__ = ["Municipality", "and_", "schedule_modules"]
