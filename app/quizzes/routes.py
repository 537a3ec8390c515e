"""Module quizzes: take a quiz (plain HTML form), see an attempt, and the cohort's results."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.auth.access import role_required
from app.content.services import library
from app.db import committing, get_db
from app.events import progress_changed
from app.quizzes import scoring, services
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Cohort
from app.scheduling.services import can_manage, can_view

bp = Blueprint("quizzes", __name__)

RECENT_ATTEMPTS = 10


def _lang() -> str:
    return str(get_locale() or "uk")


MAX_SEED = 2**31 - 1


def _paper(module_id: str, seed: int | None = None) -> services.Paper:
    paper = services.start(library(), module_id, _lang(), seed)
    if paper is None:
        abort(404)
    return paper


def _new_seed() -> int | None:
    """A new order of questions and options for each attempt (QUIZ_SHUFFLE)."""
    return secrets.randbelow(MAX_SEED) + 1 if current_app.config["QUIZ_SHUFFLE"] else None


def _posted_seed() -> int | None | bool:
    """The order the form was served in; False when it is not one the page could send."""
    if not current_app.config["QUIZ_SHUFFLE"]:
        return None
    text = request.form.get("seed", "")
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or not 0 < int(text) <= MAX_SEED:
        return False
    return int(text)


def _refusal(standing) -> tuple[str, int]:
    """Why no attempt is allowed now, and the status to answer with."""
    if standing.left == 0:
        return _("You have used all %(n)d attempts without passing. Talk to your trainer.",
                 n=standing.attempts), 409
    return _("Take a moment to look at the course again: the next attempt opens in %(m)d min.",
             m=standing.wait_minutes), 429


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
    standing = services.standing(db, current_user.id, paper.module_id)
    closed = "" if standing.can_attempt else _refusal(standing)[0]
    return render_template("quizzes/quiz.html", paper=paper, cohort_id=cohort_id,
                           chosen=chosen or {}, missing=set(missing), message=message,
                           recent=recent, attempt_count=count, standing=standing,
                           closed=closed, rules=services.rules(),
                           pass_mark=services.pass_mark()), status


@bp.route("/course/modules/<module_id>/quiz", methods=["GET"])
@login_required
def quiz(module_id: str):
    paper = _paper(module_id, _new_seed())
    return _form_page(paper, _cohort_arg())


@bp.route("/course/modules/<module_id>/quiz", methods=["POST"])
@login_required
def submit(module_id: str):
    db = get_db()
    seed = _posted_seed()
    cohort_id = _cohort_arg()
    if seed is False:
        return _form_page(_paper(module_id, _new_seed()), cohort_id, message=_(
            "The questions changed while you were answering. Please check your answers to "
            "the current questions and submit again."), status=409)
    paper = _paper(module_id, seed)  # type: ignore[arg-type]
    answers = scoring.parse_form(request.form.to_dict(flat=False), paper.questions)
    if request.form.get("version", "") != paper.version:
        return _form_page(_paper(module_id, _new_seed()), cohort_id, message=_(
            "The questions changed while you were answering. Please check your answers to "
            "the current questions and submit again."), status=409)
    standing = services.standing(db, current_user.id, paper.module_id)
    if not standing.can_attempt:
        message, status = _refusal(standing)
        return _form_page(paper, cohort_id, chosen=answers, message=message, status=status)
    missing = scoring.unanswered(paper.questions, answers)
    if missing:
        return _form_page(paper, cohort_id, chosen=answers, missing=missing, message=_(
            "Answer every question before you submit."), status=422)
    with committing() as done:
        cohort = services.attempt_cohort(db, current_user, cohort_id)
        attempt = services.submit(db, current_user, paper, answers, cohort)
        if cohort is not None:  # a passed quiz may complete a module
            progress_changed.send(current_app._get_current_object(), db=db, cohort_id=cohort.id,
                                  actor_id=current_user.id)
    if done.error is not None:  # QuizClosed: another submit of theirs came first
        message, status = (_refusal(done.error.standing) if isinstance(done.error, services.QuizClosed)
                           else (done.error.message, 422))
        return _form_page(paper, cohort_id, chosen=answers, message=message, status=status)
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
    is_owner = item.user_id == current_user.id
    # the owner sees the right answers once passed or out of attempts; staff always
    standing = services.standing(db, item.user_id, item.module_id)
    return render_template("quizzes/attempt.html", attempt=item, result=services.result_of(item),
                           title=module.title if module else item.module_id,
                           is_owner=is_owner, standing=standing,
                           reveal=not is_owner or standing.reveals_answers,
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
