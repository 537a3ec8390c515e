"""Exercise pages: figures."""

from __future__ import annotations

from datetime import date

from flask import (
    Response,
    abort,
)
from flask_login import login_required

from app.exercises import schema
from app.exercises.models import ExerciseWork
from app.exercises.routes.common import _lang, _work, bp
from app.exercises.routes.work import _ranking

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


