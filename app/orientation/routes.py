"""The AUC dashboard, exports, revocations, certificates, verification and the JSON API."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.auth.access import role_required
from app.auth.models import User
from app.content.services import library
from app.db import committing, get_db
from app.extensions import csrf
from app.orientation import charts, services
from app.orientation.api_auth import api_refused
from app.orientation.certificates import CertificateView, certificate_pdf
from app.orientation.hromada_list import export_rows
from app.orientation.models import Certificate, ModuleCompletion, OrientationCompletion
from app.pagination import page_arg, paginate_list
from app.registry.models import MUNICIPALITY_TYPES, Municipality
from app.registry.services import municipality_by_code, oblasts
from app.scheduling.models import Cohort
from app.scheduling.services import can_manage
from app.spreadsheets import csv_delimiter
from app.templating import translations

bp = Blueprint("orientation", __name__)


def _lang() -> str:
    return str(get_locale() or "uk")


def _filters() -> dict[str, str]:
    type_ = request.args.get("type", "")
    status = request.args.get("status", "")
    return {"q": request.args.get("q", "").strip()[:200], "oblast": request.args.get("oblast", "")[:100],
            "raion": request.args.get("raion", "")[:100],
            "type_": type_ if type_ in MUNICIPALITY_TYPES else "",
            "status": status if status in services.STATUSES else ""}


def _query_args(filters: dict[str, str]) -> dict[str, str]:
    """The filters as URL arguments (for the export links and the pager)."""
    names = {"type_": "type"}
    return {names.get(k, k): v for k, v in filters.items() if v}


def _exercise_title(lang: str):
    lib = library()

    def title(exercise_id: str) -> str:
        exercise = lib.translated("exercise", exercise_id, lang)[0]
        return exercise.title if exercise else exercise_id
    return title


def _status_labels() -> dict[str, str]:
    return {"completed": _("completed"), "in_progress": _("in progress"),
            "enrolled": _("enrolled"), "not_enrolled": _("not enrolled")}


@bp.route("/dashboard")
@role_required("admin", "observer")
def dashboard():
    db = get_db()
    rule = services.rule_for(library(), services.DEFAULT_PLAN)
    figures = services.summary(db, rule.modules)
    labels = {**_status_labels(), "title": _("Completion by oblast")}
    name_key = "oblast" if _lang() == "uk" else "oblast_en"
    funnel = [(_("Enrolled"), figures.learners)] + [(m, n) for m, n in figures.funnel]
    return render_template(
        "orientation/dashboard.html", figures=figures, status_labels=_status_labels(),
        oblast_svg=Markup(charts.oblast_chart(figures.by_oblast, labels, name_key)),
        funnel_svg=Markup(charts.funnel_chart(funnel, {"title": _("Progress per module")})))


@bp.route("/dashboard/municipalities")
@role_required("admin", "observer")
def municipalities():
    db = get_db()
    filters = _filters()
    stmt = services.municipality_rows(filters["q"], filters["oblast"], filters["type_"],
                                      filters["status"], filters["raion"])
    page = paginate_list(services.sorted_rows(db, stmt), page_arg(request.args.get("page")))
    return render_template("orientation/municipalities.html", page=page, filters=filters,
                           oblasts=oblasts(db), types=MUNICIPALITY_TYPES,
                           status_labels=_status_labels())


MISSING_PER_PAGE = 25  # hromadas a page of the missing list shows, each with its gaps


@bp.route("/dashboard/missing")
@role_required("admin", "observer")
def missing():
    db = get_db()
    filters = _filters()
    rule = services.rule_for(library(), services.DEFAULT_PLAN)
    # the statuses of all hromadas are kept per dashboard stamp; only the page's are loaded
    listed = services.filter_listed(services.listed_hromadas(db), filters["q"],
                                    filters["oblast"], filters["type_"], filters["status"],
                                    filters["raion"])
    counts = {s: 0 for s in services.STATUSES}
    for item in listed:
        counts[item.status] += 1
    page = paginate_list(listed, page_arg(request.args.get("page")), MISSING_PER_PAGE)
    loaded = {m.id: m for m in db.scalars(select(Municipality).where(
        Municipality.id.in_([item.id for item in page.items])))}
    rows = services.what_is_missing(db, [loaded[item.id] for item in page.items], rule,
                                    {item.id: item.status for item in page.items})
    return render_template("orientation/missing.html", page=page, rows=rows, rule=rule,
                           filters=filters, oblasts=oblasts(db), types=MUNICIPALITY_TYPES,
                           raions=services.raions(db, filters["oblast"]),
                           status_labels=_status_labels(), counts=counts,
                           query=_query_args(filters), title=_exercise_title(_lang()),
                           fmt=_missing_texts(), people_of=_people_of)


def _people_of(row: services.Missing, fmt: dict[str, Markup], hromada_url: str) -> Markup:
    """The people a row names, as _missing_people.html renders them: kept with the row's
    figures (under the dashboard stamp), per language and link, so a page view only joins
    25 rows it already made."""
    key = (str(get_locale()), row.municipality.code, hromada_url)
    html = row.kept.get(key)
    if html is None:
        if len(row.kept) > 8:
            row.kept.clear()
        html = row.kept[key] = Markup(current_app.jinja_env.get_template(
            "orientation/_missing_people.html").render(row=row, fmt=fmt, hromada_url=hromada_url))
    return html


def _missing_texts() -> dict[str, Markup]:
    """The missing page's texts repeated per person and hromada, translated once per page:
    what `{{ _(text, **values) }}` gives (Markup of the translation, formatted by the row)."""
    gettext = translations().ugettext
    return {"people": Markup(gettext("People of this hromada (%(n)d)")),
            "still": Markup(gettext("still to complete: %(m)s")),
            "all_done": Markup(gettext("all modules completed")),
            "more": Markup(gettext("%(n)d more on the page of the hromada"))}


@bp.route("/dashboard/municipalities/<code>")
@role_required("admin", "observer")
def municipality(code: str):
    db = get_db()
    item = municipality_by_code(db, code) or abort(404)
    people, completions, orientation = services.municipality_detail(db, item)
    rule = services.rule_for(library(), services.DEFAULT_PLAN)
    missing = services.what_is_missing(db, [item], rule)[0]
    certificate = db.scalar(select(Certificate).where(Certificate.kind == "municipality",
                                                      Certificate.municipality_id == item.id))
    return render_template("orientation/municipality.html", item=item, people=people,
                           completions=completions, orientation=orientation, missing=missing,
                           certificate=certificate, rule=rule)


@bp.route("/dashboard/export.<fmt>")
@role_required("admin", "observer")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = _filters()
    rule = services.rule_for(library(), services.DEFAULT_PLAN)
    body, mimetype = export_rows(get_db(), fmt, _lang(), **filters, rule=rule,
                                 exercise_title=_exercise_title(_lang()),
                                 delimiter=csv_delimiter(request.args.get("sep")))
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="orientation.{fmt}"'})


@bp.route("/dashboard/completions/<int:completion_id>/revoke", methods=["POST"])
@role_required("admin")
def revoke_module(completion_id: int):
    db = get_db()
    completion = db.get(ModuleCompletion, completion_id) or abort(404)
    with committing(flash_error=True) as done:
        services.revoke_module(db, completion, current_user, request.form.get("reason", ""))
    if done.ok:
        flash(_("Completion revoked."), "success")
    user = db.get(User, completion.user_id)
    code = user.municipality.code if user and user.municipality else ""
    return redirect(url_for("orientation.municipality", code=code) if code
                    else url_for("orientation.dashboard"))


@bp.route("/dashboard/orientation/<int:completion_id>/revoke", methods=["POST"])
@role_required("admin")
def revoke_orientation(completion_id: int):
    db = get_db()
    completion = db.get(OrientationCompletion, completion_id) or abort(404)
    with committing(flash_error=True) as done:
        services.revoke_orientation(db, completion, current_user, request.form.get("reason", ""))
    if done.ok:
        flash(_("Orientation completion revoked."), "success")
    return redirect(url_for("orientation.municipality", code=completion.municipality.code))


@bp.route("/cohorts/<int:cohort_id>/evaluate", methods=["POST"])
@login_required
def evaluate(cohort_id: int):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not can_manage(db, current_user, cohort):
        abort(404)
    with committing():
        result = services.evaluate_cohort(db, cohort, library(), current_user.id)
    flash(_("%(m)d module completions and %(o)d orientation completions recorded.",
            m=len(result.module_completions), o=len(result.orientations)), "success")
    return redirect(url_for("scheduling.cohort", cohort_id=cohort.id))


# --- certificates ----------------------------------------------------------------------------------

@bp.route("/my/certificates")
@login_required
def my_certificates():
    db = get_db()
    mine = list(db.scalars(select(Certificate).where(Certificate.user_id == current_user.id)
                           .order_by(Certificate.issued_at)))
    if current_user.municipality_id:
        mine += list(db.scalars(select(Certificate).where(
            Certificate.municipality_id == current_user.municipality_id)))
    return render_template("orientation/my_certificates.html", certificates=mine, lib=library())


def _certificate_view(certificate: Certificate, lang: str) -> CertificateView:
    lib = library()
    if certificate.kind == "municipality":
        holder = certificate.municipality.display_name(lang)
        place = certificate.municipality
        subject = (f"{place.oblast} область" if lang == "uk"  # named as an oblast
                   else f"{place.oblast_en or place.oblast} Oblast")
    else:
        holder = certificate.user.name
        if certificate.kind == "module":
            module = lib.translated("module", certificate.module_id, lang)[0]
            subject = f"{certificate.module_id} · {module.title}" if module else certificate.module_id
        else:
            plan = lib.translated("plan", certificate.plan_id, lang)[0]
            subject = plan.title if plan else certificate.plan_id
    return CertificateView(certificate.kind, holder, subject, certificate.issued_at,
                           certificate.code, url_for("orientation.verify", code=certificate.code,
                                                     _external=True))


def _may_download(certificate: Certificate) -> bool:
    if current_user.role in ("admin", "observer"):
        return True
    if certificate.user_id is not None:
        return certificate.user_id == current_user.id
    return certificate.municipality_id == current_user.municipality_id


@bp.route("/certificates/<code>.pdf")
@login_required
def certificate(code: str):
    db = get_db()
    item = db.scalar(select(Certificate).where(Certificate.code == code))
    if item is None or item.revoked or not _may_download(item):
        abort(404)
    body = certificate_pdf(_certificate_view(item, _lang()), _lang())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{item.code}.pdf"'})


@bp.route("/verify/<code>")
def verify(code: str):
    """Public: anyone holding a certificate's code can confirm it."""
    db = get_db()
    item = db.scalar(select(Certificate).where(Certificate.code == (code or "").upper()[:20]))
    view = _certificate_view(item, _lang()) if item is not None else None
    return render_template("orientation/verify.html", item=item, view=view, code=code[:20]), \
        (200 if item is not None else 404)


# --- the JSON API ------------------------------------------------------------------------------------

@bp.route("/api/orientation/<code>")
@csrf.exempt
def api_orientation(code: str):
    """Read-only, for AUC's other systems: `Authorization: Bearer <token>`."""
    db = get_db()
    refused = api_refused()
    if refused:
        return refused
    answer = services.orientation_of(db, code)
    if answer is None:
        return jsonify(error="not_found", message="No hromada has this KATOTTG code."), 404
    return jsonify(answer)

