"""Exercise pages: the blueprint and the look-ups every section shares."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
)
from flask_babel import get_locale
from flask_login import current_user

from app.content.services import library
from app.db import get_db
from app.events import progress_changed
from app.exercises import services
from app.exercises.models import ExerciseWork

bp = Blueprint("exercises", __name__)


def _lang() -> str:
    return str(get_locale() or "uk")


def _progress(work: ExerciseWork) -> None:
    """Submitted or reviewed work may complete a module: let completion records follow."""
    from flask import current_app


    progress_changed.send(current_app._get_current_object(), db=get_db(),
                          cohort_id=work.cohort_id, actor_id=current_user.id)


def _work(work_id: int) -> tuple[ExerciseWork, object]:
    """The work and its exercise definition, or 404 for anyone who may not read it."""
    db = get_db()
    work = db.get(ExerciseWork, work_id)
    if work is None or not services.can_read(db, current_user, work):
        abort(404)
    exercise = library().translated("exercise", work.exercise_id, _lang())[0] or abort(404)
    return work, exercise


