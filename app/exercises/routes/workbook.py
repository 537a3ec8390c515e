"""Exercise pages: workbook."""

from __future__ import annotations

from datetime import date

from flask import (
    Response,
    abort,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from app.auth.models import User
from app.content.services import library
from app.db import get_db
from app.exercises import access
from app.exercises.models import ExerciseWork
from app.exercises.routes.common import _lang, bp
from app.exercises.workbook import WorkbookItem, build_sections, step_key, workbook_title
from app.exercises.workbook import workbook_pdf as build_pdf
from app.registry.models import Municipality
from app.scheduling.models import Cohort, Enrolment
from app.scheduling.services import can_view
from app.templating import label
from app.text import uk_sort_key

# --- the municipal workbook ------------------------------------------------------------------

def _workbook_scope(cohort_id: int):
    """(cohort, municipality or None, chooser?) for the workbook routes, or 404.

    The cohort's trainers, admins and observers name any hromada with ?municipality=
    (app/exercises/access.py); everyone else sees their own hromada's workbook (their own
    works when they have no hromada), whatever they name."""
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_view(db, current_user, cohort):
        abort(404)
    code = (request.args.get("municipality") or "").strip()
    if not access.can_choose_hromada(db, current_user, cohort):
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

    return sorted(db.scalars(select(Municipality).where(Municipality.id.in_(ids))),
                  key=lambda m: uk_sort_key(m.name_uk))


def _workbook(cohort: Cohort, municipality):
    """(whose workbook, sections, missing) for one hromada's works (or the user's own)."""

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
        if not access.can_read(db, current_user, item, cohort):
            continue  # a teammate's individual work is theirs (and their trainers')
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

    cohort, municipality, chooser = _workbook_scope(cohort_id)
    if chooser:
        abort(404)
    name, sections, missing = _workbook(cohort, municipality)
    body = build_pdf(workbook_title(name, _lang()), cohort.name, sections, missing, _lang())
    name = municipality.code if municipality is not None else f"user-{current_user.id}"
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="workbook-{cohort.id}-{name}.pdf"'})


