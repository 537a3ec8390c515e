"""Module quizzes: take a quiz (plain HTML form), see an attempt, and the cohort's results."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.auth.access import role_required
from app.content.services import library
from app.db import get_db
from app.quizzes import scoring, services
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Cohort
from app.scheduling.services import can_manage, can_view

bp = Blueprint("quizzes", __name__)

RECENT_ATTEMPTS = 10


def _lang() -> str:
    return str(get_locale() or "uk")


def _paper(module_id: str) -> services.Paper:
    paper = services.start(library(), module_id, _lang())
    if paper is None:
        abort(404)
    return paper


def _cohort_arg() -> int | None:
    """?cohort=<id>: 404 when it names a cohort the user may not see."""
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id is None:
        return None
    if not 0 < cohort_id <= 2**31 - 1:
        abort(404)
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    return cohort_id


def _form_page(paper: services.Paper, cohort_id: int | None, chosen=None, missing=(),
               message: str = "", status: int = 200):
    db = get_db()
    stmt = services.attempts_of(current_user.id, paper.module_id)
    recent = list(db.scalars(stmt.limit(RECENT_ATTEMPTS)))
    count = db.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return render_template("quizzes/quiz.html", paper=paper, cohort_id=cohort_id,
                           chosen=chosen or {}, missing=set(missing), message=message,
                           recent=recent, attempt_count=count,
                           pass_mark=services.pass_mark()), status


@bp.route("/course/modules/<module_id>/quiz", methods=["GET"])
@login_required
def quiz(module_id: str):
    paper = _paper(module_id)
    return _form_page(paper, _cohort_arg())


@bp.route("/course/modules/<module_id>/quiz", methods=["POST"])
@login_required
def submit(module_id: str):
    db = get_db()
    paper = _paper(module_id)
    cohort_id = _cohort_arg()
    answers = scoring.parse_form(request.form.to_dict(flat=False), paper.questions)
    if request.form.get("version", "") != paper.version:
        return _form_page(paper, cohort_id, message=_(
            "The questions changed while you were answering. Please check your answers to "
            "the current questions and submit again."), status=409)
    missing = scoring.unanswered(paper.questions, answers)
    if missing:
        return _form_page(paper, cohort_id, chosen=answers, missing=missing, message=_(
            "Answer every question before you submit."), status=422)
    cohort = services.attempt_cohort(db, current_user, cohort_id)
    attempt = services.submit(db, current_user, paper, answers, cohort)
    if cohort is not None:  # a passed quiz may complete a module
        from flask import current_app

        from app.events import progress_changed

        progress_changed.send(current_app._get_current_object(), db=db, cohort_id=cohort.id,
                              actor_id=current_user.id)
    db.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.route("/quiz-attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    db = get_db()
    item = db.get(QuizAttempt, attempt_id)
    if item is None or not services.can_see(db, current_user, item):
        abort(404)
    module = library().translated("module", item.module_id, _lang())[0]
    cohort = db.get(Cohort, item.cohort_id) if item.cohort_id else None
    return render_template("quizzes/attempt.html", attempt=item, result=services.result_of(item),
                           title=module.title if module else item.module_id,
                           is_owner=item.user_id == current_user.id,
                           cohort=cohort, results_link=cohort is not None and (
                               current_user.role == "observer"
                               or can_manage(db, current_user, cohort)))


@bp.route("/cohorts/<int:cohort_id>/quiz-results")
@role_required("admin", "trainer", "observer")
def cohort_results(cohort_id: int):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not (current_user.role == "observer" or can_manage(db, current_user, cohort)):
        abort(404)
    lib = library()
    with_quiz = [m.id for m in lib.modules if m.quiz]
    module_ids = [m for m in services.cohort_module_ids(db, cohort) if m in with_quiz] or with_quiz
    titles = {m: (lib.translated("module", m, _lang())[0] or lib.module(m)).title for m in module_ids}
    return render_template("quizzes/results.html", cohort=cohort, module_ids=module_ids,
                           titles=titles, rows=services.cohort_results(db, cohort, module_ids),
                           pass_mark=services.pass_mark())
