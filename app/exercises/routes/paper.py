"""Exercise pages: a trainer types a team's paper answers back in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.services import library
from app.db import committing, get_db
from app.errors import ServiceError
from app.exercises import paper, schema, services
from app.exercises.messages import problem_text
from app.exercises.routes.common import _lang, bp
from app.scheduling.models import Cohort
from app.scheduling.services import can_manage, can_view


@bp.route("/cohorts/<int:cohort_id>/exercises/<exercise_id>/paper", methods=["GET", "POST"])
@login_required
def paper_answers(cohort_id: int, exercise_id: str):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    if not can_manage(db, current_user, cohort):
        abort(403)
    lib = library()
    exercise = lib.translated("exercise", exercise_id, _lang())[0] or abort(404)
    choices = paper.owners(db, cohort, exercise, _lang())
    key = request.values.get("owner", "")
    owner = next((o for o in choices if o.key == key), None)
    work = data = None
    errors: dict = {}
    status = 200
    if owner is not None:
        with committing():
            work = paper.work_for(db, cohort, exercise, owner, current_user, lib, _lang())
        data = work.data
    if request.method == "POST":
        if owner is None:
            flash(_("Choose whose answers these are."), "error")
            status = 422
        else:
            raw = schema.from_form(exercise, request.form.to_dict(flat=False))
            data, errors = schema.validate(exercise, raw)
            try:
                base = int(request.form.get("version", ""))
            except ValueError:
                abort(400)
            if not errors:
                try:
                    with committing(keep=(services.StaleSave,)):
                        version = services.save(db, work.id, base, data, current_user.id,
                                                kind="paper")
                except services.StaleSave as stale:
                    flash(_("%(name)s saved version %(v)d meanwhile: your typing is below and kept in "
                            "the history; compare and save again.", name=stale.updated_by or "—",
                            v=stale.current_version), "error")
                    db.refresh(work)
                    status = 409
                except ServiceError as error:
                    flash(error.message, "error")
                    status = 422
                else:
                    flash(_("Paper answers saved (version %(v)d).", v=version), "success")
                    return redirect(url_for("exercises.work", work_id=work.id))
            else:
                status = 422
    return render_template("exercises/paper.html", cohort=cohort, exercise=exercise, choices=choices,
                           owner=owner, work=work, data=data or {}, errors=errors,
                           problem_text=problem_text, tree_text=schema.tree_to_text), status
