"""The trainer pathway (ToT cohorts, practice deliveries, observations, certification, the
cascade) and the assessment of learning (pre/post test, session feedback, cohort report)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.access import role_required
from app.auth.models import User
from app.content.services import library
from app.db import committing, get_db, utcnow
from app.errors import ServiceError
from app.orientation.services import evaluate_cohort
from app.pathway import rules, services
from app.pathway.certificates import TrainerCertificateView, certificate_pdf, html_to_pdf
from app.pathway.forms import DeliveryForm, FeedbackTextForm, ReflectionForm, RevokeForm
from app.pathway.models import PracticeDelivery, PrePostAttempt, TrainerCertification
from app.quizzes import scoring
from app.scheduling.models import Cohort, Enrolment, TrainingSession
from app.scheduling.services import can_manage, can_view

bp = Blueprint("pathway", __name__)


def _lang() -> str:
    return str(get_locale() or "uk")


@bp.context_processor
def _figures() -> dict:
    """Numbers are written by the same functions on every page and in the PDF."""
    lang = _lang()
    return {"fmt": lambda value, places=1: rules._local(rules.fmt(value, places), lang),
            "signed": lambda value, places=1: rules.signed(value, places, lang),
            "pct": lambda value, places=1: rules.pct(value, places, lang)}


def _tot_cohort(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not cohort.is_tot or not can_view(db, current_user, cohort):
        abort(404)
    return cohort


def _sees_all(db, cohort: Cohort) -> bool:
    return current_user.role == "observer" or can_manage(db, current_user, cohort)


# --- my pathway ------------------------------------------------------------------------------------

@bp.route("/my/pathway")
@login_required
def my_pathway():
    db = get_db()
    now = utcnow()
    cohorts = list(db.scalars(select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                              .where(Enrolment.user_id == current_user.id, Enrolment.role == "learner")
                              .order_by(Cohort.created_at.desc())))
    tests = []
    for cohort in cohorts:
        done = {a.phase: a for a in db.scalars(select(PrePostAttempt).where(
            PrePostAttempt.cohort_id == cohort.id, PrePostAttempt.user_id == current_user.id))}
        first, last = services.session_span(db, cohort)
        tests.append((cohort, [(phase, done.get(phase), rules.prepost_open(phase, first, last, now))
                               for phase in rules.PHASES]))
    leading = list(db.scalars(select(Cohort).where(Cohort.is_tot.is_(True),
                                                   Cohort.lead_trainer_id == current_user.id)))
    certification = db.scalar(select(TrainerCertification)
                              .where(TrainerCertification.user_id == current_user.id))
    return render_template("pathway/my_pathway.html", tests=tests, certification=certification,
                           tot_cohorts=[c for c in cohorts if c.is_tot], leading=leading,
                           feedback=services.open_feedback_for(db, current_user, now))


# --- ToT cohorts -----------------------------------------------------------------------------------

@bp.route("/cohorts/<int:cohort_id>/pathway")
@login_required
def cohort(cohort_id: int):
    db = get_db()
    item = _tot_cohort(cohort_id)
    sees_all = _sees_all(db, item)
    if not sees_all and not services.is_learner(db, current_user, item):
        abort(404)
    try:
        rule, rows = services.tot_overview(db, item, library(),
                                           None if sees_all else current_user)
    except ServiceError as error:
        abort(500, error.message)
    return render_template("pathway/cohort.html", cohort=item, rule=rule, rows=rows,
                           sees_all=sees_all, manage=can_manage(db, current_user, item),
                           rubric=services.rubric(), lang=_lang())


@bp.route("/cohorts/<int:cohort_id>/pathway/evaluate", methods=["POST"])
@login_required
def evaluate(cohort_id: int):
    db = get_db()
    item = _tot_cohort(cohort_id)
    if not can_manage(db, current_user, item):
        abort(403)
    with committing():
        evaluate_cohort(db, item, library(), current_user.id)   # completions first, then
        new = services.evaluate_certifications(db, item, library(), current_user.id)
    flash(_("%(n)d new certifications recorded.", n=len(new)), "success")
    return redirect(url_for("pathway.cohort", cohort_id=item.id))


def _block_choices(db, cohort: Cohort, trainee_id: int | None) -> list[tuple[str, str]]:
    lib = library()
    choices = []
    for session in services.eligible_sessions(db, cohort, trainee_id):
        when = session.start.astimezone(_zone(session.timezone)).strftime("%d.%m.%Y %H:%M")
        shown = lib.translated("module", session.module_id, str(get_locale() or "uk"))[0]
        for index, block in services.blocks_of(lib, session.module_id):
            topic = (shown.outline[index].topic if shown is not None and index < len(shown.outline)
                     else block.topic)  # the block in the reader's language
            choices.append((f"{session.id}:{index}",
                            f"{session.module_id} · {when} · {session.cohort.name} — {topic}"))
    return choices


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name or "Europe/Kyiv")


@bp.route("/cohorts/<int:cohort_id>/pathway/deliveries/new", methods=["GET", "POST"])
@login_required
def new_delivery(cohort_id: int):
    db = get_db()
    item = _tot_cohort(cohort_id)
    manage = can_manage(db, current_user, item)
    if not manage and not services.is_learner(db, current_user, item):
        abort(403)
    form = DeliveryForm()
    if manage:
        form.trainee_id.choices = [(u.id, u.name) for u in services.learners(db, item)]
        trainee_id = None
    else:
        del form.trainee_id
        trainee_id = current_user.id
    form.block.choices = _block_choices(db, item, trainee_id)
    if form.validate_on_submit():
        trainee = db.get(User, form.trainee_id.data if manage else current_user.id)
        session_part, _sep, block_part = form.block.data.partition(":")
        session = db.get(TrainingSession, int(session_part)) if session_part.isdigit() else None
        with committing(form) as done:
            if trainee is None or session is None or not block_part.isdigit():
                raise ServiceError(_("Choose a block of the session outline."), "block")
            delivery = services.record_delivery(db, item, trainee, session, int(block_part),
                                                library(), current_user)
        if done.ok:
            flash(_("Practice delivery recorded. A lead trainer of the cohort can now observe it."),
                  "success")
            return redirect(url_for("pathway.delivery", delivery_id=delivery.id))
    return render_template("pathway/delivery_new.html", cohort=item, form=form)


def _delivery(delivery_id: int) -> PracticeDelivery:
    db = get_db()
    delivery = db.get(PracticeDelivery, delivery_id)
    if delivery is None or not services.can_see_delivery(db, current_user, delivery):
        abort(404)
    return delivery


@bp.route("/deliveries/<int:delivery_id>")
@login_required
def delivery(delivery_id: int):
    db = get_db()
    item = _delivery(delivery_id)
    is_trainee = item.trainee_id == current_user.id
    return render_template("pathway/delivery.html", delivery=item, is_trainee=is_trainee,
                           can_observe=services.can_observe(db, current_user, item),
                           observed=any(o.observer_id == current_user.id for o in item.observations),
                           form=ReflectionForm(reflection=item.reflection) if is_trainee else None,
                           rubric=services.rubric(), lang=_lang())


@bp.route("/deliveries/<int:delivery_id>/observe", methods=["GET", "POST"])
@login_required
def observe(delivery_id: int):
    db = get_db()
    item = _delivery(delivery_id)
    if not services.can_observe(db, current_user, item):
        abort(403)
    the_rubric = services.rubric()
    scores, comments, error_field, message, status = {}, {}, None, "", 200
    if request.method == "POST":
        scores = {c.id: request.form.get(f"score-{c.id}", "") for c in the_rubric.criteria}
        comments = {c.id: request.form.get(f"comment-{c.id}", "") for c in the_rubric.criteria}
        with committing() as done:
            services.observe(db, item, current_user, scores, comments, the_rubric)
            if item.cohort.is_tot:
                evaluate_cohort(db, item.cohort, library(), current_user.id)
                services.evaluate_certifications(db, item.cohort, library(), current_user.id,
                                                 the_rubric)
        if not done.ok:
            error_field, message, status = done.error.field, done.error.message, 422
        else:
            flash(_("Observation saved."), "success")
            return redirect(url_for("pathway.delivery", delivery_id=item.id))
    return render_template("pathway/observe.html", delivery=item, rubric=the_rubric, lang=_lang(),
                           scores=scores, comments=comments, error_field=error_field,
                           message=message), status


@bp.route("/deliveries/<int:delivery_id>/reflection", methods=["POST"])
@login_required
def reflect(delivery_id: int):
    db = get_db()
    item = _delivery(delivery_id)
    if item.trainee_id != current_user.id:
        abort(403)
    form = ReflectionForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            services.reflect(db, item, current_user, form.reflection.data)
        if done.ok:
            flash(_("Reflection saved."), "success")
    else:
        flash(_("Write your reflection (up to %(n)d characters).", n=rules.REFLECTION_MAX), "error")
    return redirect(url_for("pathway.delivery", delivery_id=item.id))


# --- certification --------------------------------------------------------------------------------

@bp.route("/pathway/certifications")
@role_required("admin", "observer")
def certifications():
    db = get_db()
    items = list(db.scalars(select(TrainerCertification)
                            .options(selectinload(TrainerCertification.user),
                                     selectinload(TrainerCertification.cohort))
                            .order_by(TrainerCertification.certified_at.desc())))
    return render_template("pathway/certifications.html", items=items, form=RevokeForm())


@bp.route("/pathway/certifications/<int:certification_id>/revoke", methods=["POST"])
@role_required("admin")
def revoke(certification_id: int):
    db = get_db()
    item = db.get(TrainerCertification, certification_id) or abort(404)
    form = RevokeForm()
    with committing(flash_error=True) as done:
        if not form.validate_on_submit():
            raise ServiceError(_("Give a reason (up to 1,000 characters)."), "reason")
        services.revoke_certification(db, item, current_user, form.reason.data)
    if done.ok:
        flash(_("Certification revoked."), "success")
    return redirect(url_for("pathway.certifications"))


def _certificate_view(item: TrainerCertification) -> TrainerCertificateView:
    plan = library().translated("plan", item.plan_id, _lang())[0] if item.plan_id else None
    return TrainerCertificateView(item.user.name, plan.title if plan else item.plan_id,
                                  item.certified_at, item.code,
                                  url_for("pathway.verify", code=item.code, _external=True))


@bp.route("/pathway/certificates/<code>.pdf")
@login_required
def certificate(code: str):
    db = get_db()
    item = db.scalar(select(TrainerCertification).where(TrainerCertification.code == code[:20]))
    if item is None or item.revoked_at is not None or not (
            item.user_id == current_user.id or current_user.role in ("admin", "observer")):
        abort(404)
    body = certificate_pdf(_certificate_view(item), _lang())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="trainer-certificate-{item.code}.pdf"'})


@bp.route("/pathway/verify/<code>")
def verify(code: str):
    """Public: anyone holding a trainer certificate's code can confirm it."""
    db = get_db()
    item = db.scalar(select(TrainerCertification)
                     .where(TrainerCertification.code == (code or "").upper()[:20]))
    view = _certificate_view(item) if item is not None else None
    return render_template("pathway/verify.html", item=item, view=view, code=code[:20]), \
        (200 if item is not None else 404)


# --- the cascade -------------------------------------------------------------------------------------

@bp.route("/pathway/cascade")
@role_required("admin", "observer")
def cascade():
    figures = services.cascade(get_db())
    return render_template("pathway/cascade.html", cascade=figures, lang=_lang(),
                           months=rules.INACTIVE_MONTHS)


@bp.route("/pathway/trainers/<int:user_id>")
@login_required
def trainer(user_id: int):
    db = get_db()
    if not (current_user.id == user_id or current_user.role in ("admin", "observer")):
        abort(404)
    user = db.get(User, user_id) or abort(404)
    return render_template("pathway/trainer.html", page=services.trainer_page(db, user),
                           lang=_lang(), months=rules.INACTIVE_MONTHS)


# --- the pre/post test ----------------------------------------------------------------------------------

def _learner_cohort(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    if not services.is_learner(db, current_user, cohort):
        abort(403)
    return cohort


@bp.route("/cohorts/<int:cohort_id>/prepost/<phase>", methods=["GET", "POST"])
@login_required
def prepost(cohort_id: int, phase: str):
    if phase not in rules.PHASES:
        abort(404)
    db = get_db()
    item = _learner_cohort(cohort_id)
    test = services.knowledge_test()
    lang = _lang()
    questions = rules.paper(test, lang)
    version = rules.test_version(test)
    attempt = services.prepost_attempt(db, item, current_user, phase)
    is_open = services.prepost_is_open(db, item, phase)
    chosen, missing, message, status = {}, [], "", 200
    if request.method == "POST" and attempt is None:
        chosen = scoring.parse_form(request.form.to_dict(flat=False), questions)
        missing = scoring.unanswered(questions, chosen)
        if request.form.get("version", "") != version:
            message, status, chosen, missing = _(
                "The questions changed while you were answering. Please answer the current "
                "questions."), 409, {}, []
        elif missing:
            message, status = _("Answer every question before you submit."), 422
        else:
            with committing() as done:
                services.submit_prepost(db, item, current_user, phase, test, lang, chosen)
            if not done.ok:
                message, status = done.error.message, 422
            else:
                flash(_("Thank you: your answers are saved."), "success")
                return redirect(url_for("pathway.prepost", cohort_id=item.id, phase=phase))
    elif request.method == "POST":
        message, status = _("You have already taken this test."), 409
    result = scoring.score(attempt.questions, attempt.answers, 0) if attempt else None
    title, intro = test.localized(lang)
    return render_template("pathway/prepost.html", cohort=item, phase=phase, title=title,
                           intro=intro, questions=questions, version=version, attempt=attempt,
                           result=result, is_open=is_open, chosen=chosen, missing=set(missing),
                           message=message), status


# --- session feedback --------------------------------------------------------------------------------

def _scale_texts() -> dict[str, tuple[str, str, str]]:
    """(question, what 1 means, what 5 means) for each scale."""
    return {
        "usefulness": (_("How useful was this session for your work?"), _("not useful"),
                       _("very useful")),
        "pace": (_("How well did the pace suit you?"), _("not at all"), _("just right")),
        "trainer": (_("How clear and helpful was the trainer?"), _("poor"), _("excellent")),
    }


@bp.route("/sessions/<int:session_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(session_id: int):
    db = get_db()
    session = db.get(TrainingSession, session_id) or abort(404)
    _learner_cohort(session.cohort_id)
    form = FeedbackTextForm()
    answered = services.has_answered(db, session, current_user)
    is_open = services.feedback_is_open(session)
    values, message, error_field, status = {}, "", None, 200
    if request.method == "POST":
        values = {s: request.form.get(s, "") for s in rules.FEEDBACK_SCALES}
        if not form.validate():
            message, error_field, status = _("Use at most %(n)d plain characters.",
                                             n=rules.IMPROVE_MAX), "improve", 422
        else:
            with committing() as done:
                services.submit_feedback(db, session, current_user,
                                         {**values, "improve": form.improve.data or ""})
            if not done.ok:
                message, error_field, status = done.error.message, done.error.field, 422
            else:
                flash(_("Thank you for your feedback."), "success")
                return redirect(url_for("pathway.feedback", session_id=session.id))
    return render_template("pathway/feedback.html", session=session, form=form, answered=answered,
                           is_open=is_open, values=values, message=message,
                           error_field=error_field, scale_texts=_scale_texts(),
                           points=range(rules.FEEDBACK_MIN, rules.FEEDBACK_MAX + 1)), status


def _report_cohort(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    if not _sees_all(db, cohort):
        abort(403)
    return cohort


@bp.route("/sessions/<int:session_id>/feedback/results")
@login_required
def feedback_results(session_id: int):
    db = get_db()
    session = db.get(TrainingSession, session_id) or abort(404)
    _report_cohort(session.cohort_id)
    return render_template("pathway/feedback_results.html", session=session,
                           summary=services.session_feedback(db, session),
                           scale_texts=_scale_texts(), minimum=services._min_responses())


# --- the cohort report ---------------------------------------------------------------------------------

def _report(cohort: Cohort):
    return services.cohort_report(get_db(), cohort, library())


@bp.route("/cohorts/<int:cohort_id>/learning-report")
@login_required
def report(cohort_id: int):
    item = _report_cohort(cohort_id)
    return render_template("pathway/report.html", report=_report(item), scale_texts=_scale_texts(),
                           minimum=services._min_responses())


@bp.route("/cohorts/<int:cohort_id>/learning-report.pdf")
@login_required
def report_pdf(cohort_id: int):
    item = _report_cohort(cohort_id)
    html = render_template("pathway/report_print.html", report=_report(item),
                           scale_texts=_scale_texts(), minimum=services._min_responses(),
                           lang=_lang())
    return Response(html_to_pdf(html), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="cohort-{item.id}-report.pdf"'})

