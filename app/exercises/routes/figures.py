"""Exercise pages: figures."""

from __future__ import annotations

from datetime import date

from flask import (
    Response,
    abort,
)
from flask_login import login_required

from app.exercises import schema
from app.exercises.kinds import kind_of
from app.exercises.models import ExerciseWork
from app.exercises.printout import work_pdf
from app.exercises.routes.common import _lang, _work, bp

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
    return Response(text, mimetype="text/markdown", headers={
        "Content-Disposition": f'attachment; filename="{exercise.id}-{item.id}.md"'})


@bp.route("/works/<int:work_id>/export.pdf")
@login_required
def export_pdf(work_id: int):

    item, exercise = _work(work_id)
    body = work_pdf(exercise, item.data, _owner_label(item), item.version, _lang())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{exercise.id}-{item.id}.pdf"'})


SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
               "Cache-Control": "private, no-cache"}


@bp.route("/works/<int:work_id>/<name>.svg")
@login_required
def figure(work_id: int, name: str):
    """The pictures of every exercise kind (app/exercises/kinds): one route."""
    item, exercise = _work(work_id)
    drawn = kind_of(exercise).figure(name, exercise, item.data, _lang(), today=date.today())
    if drawn is None:
        abort(404)
    return Response(drawn.svg, mimetype="image/svg+xml", headers=SVG_HEADERS)


@bp.route("/works/<int:work_id>/roadmap.<fmt>")
@login_required
def roadmap_export(work_id: int, fmt: str):
    """Downloads of a kind (the roadmap's CSV, XLSX and calendar)."""
    item, exercise = _work(work_id)
    title = f"{exercise.title} · {_owner_label(item)}"
    download = kind_of(exercise).download(fmt, exercise, item.data, title,
                                          f"spilno-work-{item.id}", _lang())
    if download is None:
        abort(404)
    return Response(download.body, mimetype=download.mimetype, headers={
        "Content-Disposition": f'attachment; filename="roadmap-{item.id}.{fmt}"'})
