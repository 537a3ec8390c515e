"""Downloads: a cohort's materials pack (ZIP) and printable worksheets (PDF)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.services import library
from app.db import get_db
from app.exercises.worksheets import worksheets_pdf
from app.materials import services
from app.materials.pack import safe_name
from app.scheduling import services as scheduling
from app.scheduling.models import Cohort

bp = Blueprint("materials", __name__)


def _lang() -> str:
    return "uk" if str(get_locale() or "uk") == "uk" else "en"


def _download(body: bytes, mimetype: str, filename: str, ascii_name: str) -> Response:
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": disposition,
                             "Cache-Control": "private, no-store"})


def _words() -> dict[str, str]:
    """The words printed on worksheets, in the reader's language."""
    return {"who": _("Team or name"), "hromada": _("Hromada"), "date": _("Date"),
            "effects": _("Effects (consequences)"), "problem": _("The core problem"),
            "causes": _("Causes"), "mode_individual": _("Individual"),
            "mode_team": _("Municipal team"), "title": _("Worksheets")}


@bp.route("/cohorts/<int:cohort_id>/materials.zip")
@login_required
def cohort_pack(cohort_id: int):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not scheduling.can_view(db, current_user, cohort):
        abort(404)
    if not scheduling.can_manage(db, current_user, cohort):
        abort(403)  # the decks carry trainer notes
    lang = _lang()
    names = {"decks": _("Slides"), "agenda": _("Agenda"), "worksheets": _("Worksheets")}
    body = services.materials_pack(cohort, library(), lang, names, _words(),
                                   _("Association of Ukrainian Cities"))
    filename = f"{safe_name(_('Materials') + ' ' + cohort.name)}.zip"
    return _download(body, "application/zip", filename, f"materials-{cohort.id}.zip")


@bp.route("/course/exercises/<exercise_id>/worksheet.pdf")
@login_required
def worksheet(exercise_id: str):
    exercise = library().translated("exercise", exercise_id, _lang())[0] or abort(404)
    body = worksheets_pdf([exercise], _words(), _lang())
    return _download(body, "application/pdf", f"{safe_name(exercise.title)}.pdf",
                     f"{exercise.id}.pdf")


@bp.route("/cohorts/<int:cohort_id>/worksheets.pdf")
@login_required
def cohort_worksheets(cohort_id: int):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not scheduling.can_view(db, current_user, cohort):
        abort(404)
    exercises = services.cohort_exercises(cohort, library(), _lang())
    if not exercises:
        abort(404)
    body = worksheets_pdf(exercises, _words(), _lang())
    return _download(body, "application/pdf", f"{safe_name(_('Worksheets') + ' ' + cohort.name)}.pdf",
                     f"worksheets-{cohort.id}.pdf")
