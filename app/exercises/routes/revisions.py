"""Exercise pages: revisions."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.markdown import render_html
from app.db import committing, end_read, get_db
from app.exercises import schema, services
from app.exercises.models import ExerciseRevision, ExerciseWork
from app.exercises.routes.common import _work, bp

# --- revisions ----------------------------------------------------------------------------------

@bp.route("/works/<int:work_id>/revisions")
@login_required
def revisions(work_id: int):
    item, exercise = _work(work_id)
    return render_template("exercises/revisions.html", work=item, exercise=exercise,
                           revisions=services.revisions(get_db(), item))


def _revision(item: ExerciseWork, revision_id: int) -> ExerciseRevision:
    revision = get_db().get(ExerciseRevision, revision_id)
    if revision is None or revision.work_id != item.id:
        abort(404)
    return revision


@bp.route("/works/<int:work_id>/revisions/<int:revision_id>")
@login_required
def revision(work_id: int, revision_id: int):
    item, exercise = _work(work_id)
    rev = _revision(item, revision_id)
    from markupsafe import Markup


    body = Markup(render_html(schema.to_markdown(exercise, rev.data)))
    return render_template("exercises/revision.html", work=item, exercise=exercise, revision=rev,
                           body=body, editable=services.can_edit(get_db(), current_user, item))


@bp.route("/works/<int:work_id>/revisions/<int:revision_id>/restore", methods=["POST"])
@login_required
def restore(work_id: int, revision_id: int):
    db = get_db()
    item, _exercise = _work(work_id)
    if not services.editable(current_user, item):
        abort(403)
    rev = _revision(item, revision_id)
    data, work_id_, user_id, base = rev.data, item.id, current_user.id, item.version
    end_read()
    try:
        with committing(keep=(services.StaleSave,)):
            version = services.save(db, work_id_, base, data, user_id, kind="restore")
    except services.StaleSave:
        flash(_("Someone saved in the meantime; open the history again and retry."), "error")
        return redirect(url_for("exercises.revisions", work_id=work_id))
    flash(_("Restored as version %(v)d.", v=version), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


