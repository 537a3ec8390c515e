"""Exercise pages: work."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.content.markdown import render_html
from app.db import committing, end_read, get_db
from app.exercises import schema, services
from app.exercises.checks import run_checks
from app.exercises.kinds import kind_of
from app.exercises.messages import problem_text
from app.exercises.models import ExerciseWork, Feedback
from app.exercises.routes.common import _lang, _progress, _work, bp

# --- the work page ------------------------------------------------------------------------------

def _page(work: ExerciseWork, exercise, data=None, errors=None, stale=None, status=200):
    db = get_db()
    data = work.data if data is None else data
    from markupsafe import Markup


    instructions = Markup(render_html(exercise.body, show_notes=current_user.has_role("admin", "trainer"),
                                      notes_label=_("Trainer notes")))
    newer = Markup(render_html(schema.to_markdown(exercise, stale.current_data))) if stale else None
    return render_template(
        "exercises/work.html", work=work, exercise=exercise, data=data, errors=errors or {},
        stale=stale, newer=newer, instructions=instructions, editable=services.editable(current_user, work),
        checks=run_checks(exercise, data, _lang()), members=services.team_members(db, work),
        feedback=list(db.scalars(select(Feedback).where(Feedback.work_id == work.id)
                                 .order_by(Feedback.at))),
        scores=services.score_history(db, work),
        tree_text=schema.tree_to_text, problem_text=problem_text,
        is_trainer=current_user.has_role("admin", "trainer") and current_user.role != "participant",
        ranking=_ranking(exercise, data),
    ), status


def _ranking(exercise, data) -> list:
    """The ranked problems of a prioritisation matrix (empty for other exercises)."""
    return kind_of(exercise).live(exercise, data).get("ranking", [])


@bp.route("/works/<int:work_id>", methods=["GET"])
@login_required
def work(work_id: int):
    item, exercise = _work(work_id)
    return _page(item, exercise)


def _score(exercise, data) -> int | None:
    return next((c.score for c in run_checks(exercise, data, "en") if c.score is not None), None)


def _save(item: ExerciseWork, exercise, raw: dict):
    """Validate, then compare-and-set. Returns (new version, data, errors, stale)."""
    db = get_db()
    data, problems = schema.validate(exercise, raw)
    if problems:
        return None, data, problems, None
    try:
        base = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    if not 0 < base <= 2**31 - 1:
        abort(400)
    work_id, user_id = item.id, current_user.id
    score = _score(exercise, data) if "smart" in exercise.checks else None
    end_read()  # the save starts with its write
    try:
        with committing(keep=(services.StaleSave,)):
            version = services.save(db, work_id, base, data, user_id, score)
    except services.StaleSave as stale:  # committed: the refused text is kept as a revision
        return None, data, {}, stale
    except OperationalError:
        abort(503)
    return version, data, {}, None


@bp.route("/works/<int:work_id>", methods=["POST"])
@login_required
def save_form(work_id: int):
    """The form without JavaScript: save and come back, or show what is wrong."""
    item, exercise = _work(work_id)
    if not services.editable(current_user, item):
        abort(403)
    version, data, problems, stale = _save(item, exercise, schema.from_form(exercise, request.form.to_dict(flat=False)))
    if version is not None:
        flash(_("Saved (version %(v)d).", v=version), "success")
        return redirect(url_for("exercises.work", work_id=work_id))
    item = get_db().get(ExerciseWork, work_id)
    if stale is not None:
        return _page(item, exercise, data=data, stale=stale, status=409)
    return _page(item, exercise, data=data, errors=problems, status=422)


@bp.route("/works/<int:work_id>/autosave", methods=["POST"])
@login_required
def autosave(work_id: int):
    """The same form, sent by the page's script a few seconds after a change."""
    item, exercise = _work(work_id)
    if not services.editable(current_user, item):
        return jsonify(error="locked", message=_("This work is submitted and cannot be changed.")), 403
    version, data, problems, stale = _save(item, exercise, schema.from_form(exercise, request.form.to_dict(flat=False)))
    if stale is not None:
        return jsonify(error="stale", message=_(
            "%(name)s saved a newer version while you were typing. Your text is kept: reload to "
            "see theirs, or copy yours and merge by hand.", name=stale.updated_by or _("Someone")),
            version=stale.current_version, data=stale.current_data, yours=data), 409
    if problems:
        return jsonify(error="invalid", errors={k: problem_text(p) for k, p in problems.items()}), 422
    checks = run_checks(exercise, data, _lang())
    extra = {name: [{"rank": r.rank, "problem": r.problem, "total": r.total} for r in rows]
             for name, rows in kind_of(exercise).live(exercise, data).items()}
    return jsonify(version=version, saved=True, checks=[_check_json(c) for c in checks], **extra)


def _check_json(check) -> dict:
    return {"name": check.name, "title": check.title, "score": check.score,
            "findings": [{"level": f.level, "message": f.message} for f in check.findings]}


@bp.route("/works/<int:work_id>/submit", methods=["POST"])
@login_required
def submit(work_id: int):
    db = get_db()
    item, exercise = _work(work_id)
    if not services.editable(current_user, item):
        abort(403)
    with committing(flash_error=True) as done:
        services.submit(db, item, exercise, current_user)
        _progress(item)
    if done.ok:
        flash(_("Submitted to your trainers."), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


@bp.route("/works/<int:work_id>/review", methods=["POST"])
@login_required
def review(work_id: int):
    db = get_db()
    item, _exercise = _work(work_id)
    if current_user.role not in ("trainer", "admin"):
        abort(403)
    with committing(flash_error=True) as done:
        services.review(db, item, current_user, request.form.get("decision", ""),
                        request.form.get("body", ""))
        _progress(item)
    if done.ok:
        flash(_("Feedback saved."), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


