"""Exercise pages: lists."""

from __future__ import annotations

from flask import (
    abort,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required

from app.content.services import library
from app.db import committing, get_db
from app.exercises import services
from app.exercises.routes.common import _lang, bp
from app.scheduling.models import Cohort
from app.scheduling.services import can_view

# --- lists ------------------------------------------------------------------------------------

@bp.route("/cohorts/<int:cohort_id>/exercises")
@login_required
def cohort_exercises(cohort_id: int):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    lib = library()
    if current_user.role == "participant":
        exercises = [lib.translated("exercise", e.id, _lang())[0] for e in lib.exercises]
        return render_template("exercises/my_exercises.html", cohort=cohort, lib=lib,
                               exercises=exercises,
                               works=services.my_works(db, cohort, current_user))
    return render_template("exercises/submissions.html", cohort=cohort, lib=lib,
                           works=services.cohort_works(db, cohort))


@bp.route("/cohorts/<int:cohort_id>/exercises/<exercise_id>/open", methods=["POST"])
@login_required
def open_exercise(cohort_id: int, exercise_id: str):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    exercise = library().exercise(exercise_id)
    if cohort is None or exercise is None or not can_view(db, current_user, cohort):
        abort(404)
    with committing(flash_error=True) as done:
        work = services.open_work(db, exercise, cohort, current_user, library(), _lang())
    if not done.ok:
        return redirect(url_for("exercises.cohort_exercises", cohort_id=cohort_id))
    return redirect(url_for("exercises.work", work_id=work.id))


