"""AUC's portfolio of member hromadas, its exports, and the JSON API."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    jsonify,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.db import committing, get_db
from app.extensions import csrf
from app.monitoring import access
from app.monitoring import portfolio as services
from app.monitoring.routes import bp
from app.monitoring.routes.common import labels, lang
from app.orientation.api_auth import api_refused
from app.pagination import page_arg
from app.registry.services import municipality_by_code, oblasts
from app.spreadsheets import csv_bytes, xlsx_bytes

API_PER_PAGE = 100
PAGE_SIZE = 100


# --- AUC's portfolio -----------------------------------------------------------------------

def _portfolio_filters() -> dict[str, str]:
    status = request.args.get("status", "")
    risk = request.args.get("risk", "")
    return {"oblast": request.args.get("oblast", "")[:100],
            "status": status if status in services.PORTFOLIO_STATUSES else "",
            "risk": risk if risk in services.PORTFOLIO_RISKS else ""}


@bp.route("/monitoring/portfolio")
@login_required
def portfolio():
    if not access.can_see_portfolio(current_user):
        abort(403)
    db = get_db()
    with committing():  # statuses recomputed when stale are kept
        services.ensure_fresh(db)
    filters = _portfolio_filters()
    rows = services.portfolio(db, **filters)
    page = page_arg(request.args.get("page"))
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    return render_template("monitoring/portfolio.html", rows=rows[(page - 1) * PAGE_SIZE:
                                                                   page * PAGE_SIZE],
                           total=len(rows), page=page, pages=pages, filters=filters,
                           counts=services.portfolio_counts(rows), oblasts=oblasts(db),
                           labels=labels())


@bp.route("/monitoring/portfolio/export.<fmt>")
@login_required
def export(fmt: str):
    if not access.can_see_portfolio(current_user):
        abort(403)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    db = get_db()
    with committing():  # statuses recomputed when stale are kept
        services.ensure_fresh(db)
    rows = services.portfolio(db, **_portfolio_filters())
    names = labels()
    header = [_("Hromada"), _("KATOTTG code"), _("Oblast"), _("Status"), _("Risk"),
              _("Next deadline"), _("Due"), _("Last tracker update")]
    locale = lang()
    table = [[r.municipality.display_name(locale), r.municipality.code,
              r.municipality.oblast if locale == "uk" else (r.municipality.oblast_en
                                                            or r.municipality.oblast),
              str(names["status"].get(r.status.status, r.status.status)),
              str(names["risk"].get(r.status.risk, r.status.risk)),
              str(names["kind"].get(r.status.next_deadline_kind, ""))
              if r.status.next_deadline_kind else "",
              r.status.next_deadline_due.isoformat() if r.status.next_deadline_due else "",
              r.status.last_update_at.date().isoformat() if r.status.last_update_at else ""]
             for r in rows]
    if fmt == "csv":
        body, mimetype = csv_bytes(header, table), "text/csv"  # Flask adds the charset
    else:
        body = xlsx_bytes(header, table, _("Portfolio"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=ogp-local-portfolio.{fmt}"})


# --- the JSON API --------------------------------------------------------------------------

@bp.route("/api/hromadas")
@csrf.exempt
def api_hromadas():
    """Read-only: member hromadas with status, risk and next deadline (paginated)."""
    refused = api_refused()
    if refused:
        return refused
    db = get_db()
    status = request.args.get("status", "")
    if status and status not in services.PORTFOLIO_STATUSES:
        return jsonify(error="bad_status", message="status is one of: "
                       + ", ".join(services.PORTFOLIO_STATUSES)), 400
    with committing():  # statuses recomputed when stale are kept
        services.ensure_fresh(db)
    rows = services.portfolio(db, oblast=request.args.get("oblast", "")[:100], status=status)
    page = page_arg(request.args.get("page"))
    pages = max(1, -(-len(rows) // API_PER_PAGE))
    page = min(page, pages)
    items = rows[(page - 1) * API_PER_PAGE: page * API_PER_PAGE]
    return jsonify(items=[services.api_row(r) for r in items], page=page, pages=pages,
                   per_page=API_PER_PAGE, total=len(rows))


@bp.route("/api/hromadas/<code>/calendar")
@csrf.exempt
def api_calendar(code: str):
    refused = api_refused()
    if refused:
        return refused
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    answer = services.calendar_api(db, municipality) if municipality else None
    if answer is None:
        return jsonify(error="not_found",
                       message="No OGP Local member has this KATOTTG code."), 404
    return jsonify(answer)

