"""Scheduling pages: the blueprint and the look-ups every section shares."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import User
from app.db import get_db
from app.errors import ServiceError
from app.events import progress_changed
from app.scheduling import services
from app.scheduling.agenda import AgendaError, localise
from app.scheduling.models import Cohort, TrainingSession
from app.text import people_sorted

bp = Blueprint("scheduling", __name__)


def _trainer_choices(db):
    trainers = people_sorted(db.scalars(select(User).where(User.role.in_(("trainer", "admin")),
                                                           User.active.is_(True))))
    return [(u.id, u.name) for u in trainers]


def _cohort_for_view(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not services.can_view(db, current_user, cohort):
        abort(404)
    return cohort


def _cohort_for_manage(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not services.can_view(db, current_user, cohort):
        abort(404)
    if not services.can_manage(db, current_user, cohort):
        abort(403)
    return cohort


def _session_for(session_id: int, manage: bool = False) -> TrainingSession:
    db = get_db()
    session = db.get(TrainingSession, session_id)
    if session is None:
        abort(404)
    (_cohort_for_manage if manage else _cohort_for_view)(session.cohort_id)
    return session


def _progress(session: TrainingSession) -> None:
    """Tell other features (completion records) that the cohort's progress changed."""
    progress_changed.send(current_app._get_current_object(), db=get_db(),
                          cohort_id=session.cohort_id, actor_id=current_user.id)


def _aware(date_value, time_value, zone: str) -> datetime:

    if not 2000 <= date_value.year <= 2100:
        raise ServiceError(_("Choose a date between the years 2000 and 2100."), "date")
    try:
        return localise(datetime.combine(date_value, time_value), ZoneInfo(zone)).astimezone(
            ZoneInfo("UTC"))
    except AgendaError as error:
        raise ServiceError(str(error), "start_time") from None


