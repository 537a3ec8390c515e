"""Participants' exercise work: edit (with or without JavaScript), autosave, submit,
review, revisions, exports, diagrams, and the SMART check route."""

from __future__ import annotations

from datetime import date

from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError

from app.registry.models import Municipality
from app.auth.models import User
from app.content.services import library
from app.db import get_db
from app.errors import ServiceError
from app.exercises import schema, services
from app.exercises.checks import run_checks
from app.exercises.messages import problem_text
from app.exercises.models import ExerciseRevision, ExerciseWork, Feedback
from app.scheduling.models import Cohort, Enrolment
from app.scheduling.services import can_view

bp = Blueprint("exercises", __name__)


def _lang() -> str:
    return str(get_locale() or "uk")


def _progress(work: ExerciseWork) -> None:
    """Submitted or reviewed work may complete a module: let completion records follow."""
    from flask import current_app

    from app.events import progress_changed

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
    try:
        work = services.open_work(db, exercise, cohort, current_user, library(), _lang())
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("exercises.cohort_exercises", cohort_id=cohort_id))
    db.commit()
    return redirect(url_for("exercises.work", work_id=work.id))


# --- the work page ------------------------------------------------------------------------------

def _page(work: ExerciseWork, exercise, data=None, errors=None, stale=None, status=200):
    db = get_db()
    data = work.data if data is None else data
    from app.content.markdown import render_html
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
    if exercise.kind != "prioritization_matrix":
        return []
    from app.exercises.prioritization import rank

    return rank(data.get("criteria") or [], data.get("problems") or [])


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
    db.rollback()  # end the read transaction: the save starts with its write
    try:
        version = services.save(db, work_id, base, data, user_id, score)
    except services.StaleSave as stale:
        db.commit()  # keep the refused text as a conflict revision
        return None, data, {}, stale
    except OperationalError:
        db.rollback()
        abort(503)
    db.commit()
    return version, data, {}, None


@bp.route("/works/<int:work_id>", methods=["POST"])
@login_required
def save_form(work_id: int):
    """The form without JavaScript: save and come back, or show what is wrong."""
    db = get_db()
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
    db = get_db()
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
    extra = {}
    if exercise.kind == "prioritization_matrix":
        extra["ranking"] = [{"rank": r.rank, "problem": r.problem, "total": r.total}
                            for r in _ranking(exercise, data)]
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
    try:
        services.submit(db, item, exercise, current_user)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        _progress(item)
        db.commit()
        flash(_("Submitted to your trainers."), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


@bp.route("/works/<int:work_id>/review", methods=["POST"])
@login_required
def review(work_id: int):
    db = get_db()
    item, _exercise = _work(work_id)
    if current_user.role not in ("trainer", "admin"):
        abort(403)
    try:
        services.review(db, item, current_user, request.form.get("decision", ""),
                        request.form.get("body", ""))
    except ServiceError as error:
        flash(error.message, "error")
    else:
        _progress(item)
        db.commit()
        flash(_("Feedback saved."), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


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
    from app.content.markdown import render_html
    from markupsafe import Markup

    body = Markup(render_html(schema.to_markdown(exercise, rev.data)))
    return render_template("exercises/revision.html", work=item, exercise=exercise, revision=rev,
                           body=body, editable=services.can_edit(get_db(), current_user, item))


@bp.route("/works/<int:work_id>/revisions/<int:revision_id>/restore", methods=["POST"])
@login_required
def restore(work_id: int, revision_id: int):
    db = get_db()
    item, exercise = _work(work_id)
    if not services.editable(current_user, item):
        abort(403)
    rev = _revision(item, revision_id)
    data, work_id_, user_id, base = rev.data, item.id, current_user.id, item.version
    db.rollback()
    try:
        version = services.save(db, work_id_, base, data, user_id, kind="restore")
    except services.StaleSave:
        db.commit()
        flash(_("Someone saved in the meantime; open the history again and retry."), "error")
        return redirect(url_for("exercises.revisions", work_id=work_id))
    db.commit()
    flash(_("Restored as version %(v)d.", v=version), "success")
    return redirect(url_for("exercises.work", work_id=work_id))


# --- exports and pictures ---------------------------------------------------------------------

def _owner_label(item: ExerciseWork) -> str:
    if item.municipality is not None:
        return item.municipality.display_name(_lang())
    return item.owner.name if item.owner else ""


@bp.route("/works/<int:work_id>/export.md")
@login_required
def export_markdown(work_id: int):
    item, exercise = _work(work_id)
    text = schema.to_markdown(exercise, item.data, _owner_label(item))
    return Response(text, mimetype="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{exercise.id}-{item.id}.md"'})


@bp.route("/works/<int:work_id>/export.pdf")
@login_required
def export_pdf(work_id: int):
    from app.exercises.export import work_pdf

    item, exercise = _work(work_id)
    body = work_pdf(exercise, item.data, _owner_label(item), item.version, _lang())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{exercise.id}-{item.id}.pdf"'})


SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
               "Cache-Control": "private, no-cache"}


@bp.route("/works/<int:work_id>/tree.svg")
@login_required
def tree_svg(work_id: int):
    from app.exercises.diagrams import problem_tree_svg

    item, _exercise = _work(work_id)
    from app.exercises.diagrams import TREE_LABELS

    labels = TREE_LABELS["uk" if _lang() == "uk" else "en"]
    svg = problem_tree_svg(item.data.get("core_problem", ""), item.data.get("causes") or [],
                           item.data.get("effects") or [], labels)
    return Response(svg, mimetype="image/svg+xml", headers=SVG_HEADERS)


@bp.route("/works/<int:work_id>/stakeholders.svg")
@login_required
def stakeholders_svg(work_id: int):
    from app.exercises.workbook import stakeholder_svg

    item, exercise = _work(work_id)
    svg = stakeholder_svg(exercise, item.data, _lang())
    return Response(svg, mimetype="image/svg+xml", headers=SVG_HEADERS)


@bp.route("/works/<int:work_id>/ranking.svg")
@login_required
def ranking_svg(work_id: int):
    from app.exercises.prioritization import RANKING_LABELS, ranking_chart_svg

    item, exercise = _work(work_id)
    labels = RANKING_LABELS["uk" if _lang() == "uk" else "en"]
    svg = ranking_chart_svg(_ranking(exercise, item.data) if exercise.kind == "prioritization_matrix"
                            else [], labels)
    return Response(svg, mimetype="image/svg+xml", headers=SVG_HEADERS)


def _roadmap_steps(item: ExerciseWork) -> list[dict]:
    return [{**row, "step": row.get("step_id", "")} for row in item.data.get("steps") or []]


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/works/<int:work_id>/gantt.svg")
@login_required
def gantt(work_id: int):
    from app.exercises.roadmap import GANTT_LABELS, gantt_svg

    item, _exercise = _work(work_id)
    svg = gantt_svg(_roadmap_steps(item), today=date.today(),
                    plan_start=_date(item.data.get("plan_start")),
                    plan_end=_date(item.data.get("plan_end")),
                    labels=GANTT_LABELS["uk" if _lang() == "uk" else "en"])
    return Response(svg, mimetype="image/svg+xml", headers=SVG_HEADERS)


@bp.route("/works/<int:work_id>/roadmap.<fmt>")
@login_required
def roadmap_export(work_id: int, fmt: str):
    from app.exercises import roadmap

    item, exercise = _work(work_id)
    if exercise.kind != "roadmap":
        abort(404)
    steps = _roadmap_steps(item)
    start, end = _date(item.data.get("plan_start")), _date(item.data.get("plan_end"))
    title = f"{exercise.title} · {_owner_label(item)}"
    if fmt == "csv":
        body = ("\ufeff" + roadmap.roadmap_csv(steps, start, end, lang=_lang())).encode("utf-8")
        mimetype = "text/csv"
    elif fmt == "xlsx":
        body = roadmap.roadmap_xlsx(steps, start, end, title, lang=_lang())
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "ics":
        body = roadmap.roadmap_ics(steps, title, f"spilno-work-{item.id}", lang=_lang())
        mimetype = "text/calendar"
    else:
        abort(404)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="roadmap-{item.id}.{fmt}"'})


# --- the municipal workbook ------------------------------------------------------------------

def _workbook_scope(cohort_id: int):
    """(cohort, municipality or None, chooser?) for the workbook routes, or 404.

    Participants see their own hromada's workbook (their own individual works when they have
    no hromada); trainers of the cohort, admins and observers name one with ?municipality=."""
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    code = (request.args.get("municipality") or "").strip()
    if current_user.role == "participant":
        own = current_user.municipality_id and db.get(Municipality, current_user.municipality_id)
        if code and (not own or code != own.code):
            abort(404)
        return cohort, own or None, False
    if not code:
        return cohort, None, True
    municipality = db.scalar(select(Municipality).where(Municipality.code == code))
    if municipality is None:
        abort(404)
    return cohort, municipality, False


def _workbook_municipalities(cohort: Cohort) -> list[Municipality]:
    """Hromadas taking part: named on the cohort, with team work, or with enrolled members."""
    db = get_db()
    ids = {m.id for m in cohort.municipalities}
    ids |= set(db.scalars(select(ExerciseWork.municipality_id).where(
        ExerciseWork.cohort_id == cohort.id, ExerciseWork.municipality_id.is_not(None))))
    ids |= set(db.scalars(select(User.municipality_id).join(Enrolment, Enrolment.user_id == User.id)
                          .where(Enrolment.cohort_id == cohort.id, User.municipality_id.is_not(None))))
    if not ids:
        return []
    return list(db.scalars(select(Municipality).where(Municipality.id.in_(ids))
                           .order_by(Municipality.name_uk)))


def _workbook(cohort: Cohort, municipality):
    """(whose workbook, sections, missing) for one hromada's works (or the user's own)."""
    from app.exercises.workbook import WorkbookItem, build_sections
    from app.templating import label

    db = get_db()
    lang = _lang()
    stmt = select(ExerciseWork).where(ExerciseWork.cohort_id == cohort.id)
    if municipality is not None:
        members = select(User.id).where(User.municipality_id == municipality.id)
        stmt = stmt.where(or_(ExerciseWork.municipality_id == municipality.id,
                              ExerciseWork.owner_id.in_(members)))
        name = municipality.display_name(lang)
    else:
        stmt = stmt.where(ExerciseWork.owner_id == current_user.id)
        name = current_user.name
    lib = library()
    items = []
    for item in db.scalars(stmt):
        exercise = lib.translated("exercise", item.exercise_id, lang)[0]
        if exercise is None:
            continue
        if item.municipality is not None:
            owner = _("Team of %(name)s", name=item.municipality.display_name(lang))
        else:
            owner = item.owner.name if item.owner else ""
        items.append(WorkbookItem(exercise, item.data or {}, owner, str(label(item.status, "work_status")),
                                  item.version, item.id))
    started = {i.exercise.id for i in items}
    missing = [(e.step, lib.translated("exercise", e.id, lang)[0].title)
               for e in sorted(lib.exercises, key=lambda e: (_step_key(e.step), e.id))
               if e.id not in started]
    return name, build_sections(items, lang, date.today()), missing


def _step_key(step: str) -> tuple:
    from app.exercises.workbook import step_key

    return step_key(step)


@bp.route("/cohorts/<int:cohort_id>/workbook")
@login_required
def workbook(cohort_id: int):
    from markupsafe import Markup

    cohort, municipality, chooser = _workbook_scope(cohort_id)
    if chooser:
        return render_template("exercises/workbook.html", cohort=cohort, chooser=True,
                               title=_("Municipal workbooks"),
                               municipalities=_workbook_municipalities(cohort))
    name, sections, missing = _workbook(cohort, municipality)
    return render_template("exercises/workbook.html", cohort=cohort, chooser=False,
                           title=_("Workbook: %(name)s", name=name),
                           municipality=municipality, sections=sections, missing=missing,
                           bodies={s.anchor: Markup(s.body) for s in sections})


@bp.route("/cohorts/<int:cohort_id>/workbook.pdf")
@login_required
def workbook_pdf(cohort_id: int):
    from app.exercises.workbook import workbook_pdf as build_pdf
    from app.exercises.workbook import workbook_title

    cohort, municipality, chooser = _workbook_scope(cohort_id)
    if chooser:
        abort(404)
    name, sections, missing = _workbook(cohort, municipality)
    body = build_pdf(workbook_title(name, _lang()), cohort.name, sections, missing, _lang())
    name = municipality.code if municipality is not None else f"user-{current_user.id}"
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="workbook-{cohort.id}-{name}.pdf"'})


# --- the SMART check as a JSON route --------------------------------------------------------------

@bp.route("/api/smart-check", methods=["POST"])
@login_required
def smart_check():
    from app.exercises.smart import SmartInputError, check_commitment, check_many

    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep
        payload = None
    if payload is None:
        return jsonify(error="invalid", message=_("Send a JSON object or array.")), 400
    lang = request.args.get("lang", _lang())
    try:
        if isinstance(payload, list):
            if len(payload) > 100:
                return jsonify(error="invalid", message=_("At most 100 commitments at once.")), 400
            return jsonify(check_many(payload, lang=lang))
        return jsonify(check_commitment(payload, lang=lang))
    except SmartInputError as error:
        return jsonify(error="invalid", message=str(error)), 400

