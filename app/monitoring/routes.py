"""Monitoring pages: the hromada's tracker and calendar, the Monitoring Body's reports, AUC's
portfolio, the public progress page, the ICS feed and the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
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

from app.db import committing, get_db
from app.exports import csv_bytes, xlsx_bytes
from app.extensions import csrf
from app.monitoring import access, reminders, services, source  # noqa: F401 - registers
from app.monitoring import calendar as cal
from app.monitoring.evidence import COMPLETION, EVIDENCE_TYPES, content_disposition
from app.monitoring.forms import (
    ASSESSMENT_LABELS,
    ASSESSMENT_QUESTIONS,
    KIND_LABELS,
    RISK_LABELS,
    STAKEHOLDER_CHOICES,
    STATUS_LABELS,
    BodyMemberForm,
    CommentForm,
    DeadlineForm,
    MeetingForm,
    PublicForm,
    TrackerUpdateForm,
    VoluntaryForm,
    assessment_form,
)
from app.monitoring.ics import deadlines_ics
from app.orientation.services import valid_api_token
from app.pagination import page_arg
from app.registry.models import Municipality
from app.registry.services import municipality_by_code, oblasts

bp = Blueprint("monitoring", __name__)

API_PER_PAGE = 100
PAGE_SIZE = 100


def _lang() -> str:
    return str(get_locale() or "uk")


def _text(value: dict | None) -> str:
    value = value or {}
    lang = _lang()
    return value.get(lang) or value.get("uk") or value.get("en") or ""


def _member(code: str) -> Municipality:
    """The hromada of the URL, if it has an OGP Local record (404 otherwise)."""
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    if municipality is None or not source.is_member(db, municipality.id):
        abort(404)
    return municipality


def _readable(code: str) -> Municipality:
    municipality = _member(code)
    if not access.can_read(get_db(), current_user, municipality.id):
        abort(403)
    return municipality


def _updatable(code: str) -> Municipality:
    municipality = _member(code)
    if not access.can_update(current_user, municipality.id):
        abort(403)
    return municipality


def deadline_title(deadline: cal.Deadline) -> str:
    title = str(KIND_LABELS.get(deadline.kind, deadline.kind))
    if deadline.commitment is not None:
        title += " · " + _("commitment %(n)d", n=deadline.commitment)
    if deadline.quarter:
        title += " · " + deadline.quarter
    return title


def finding_text(finding: cal.Finding) -> str:
    p = finding.params
    texts = {
        "first_plan_late": lambda: _("The first action plan was not submitted by %(deadline)s.",
                                     deadline=p.get("deadline", "")),
        "next_plan_late": lambda: _("No new action plan within four months of the end of the "
                                    "plan that ended on %(plan_end)s.",
                                    plan_end=p.get("plan_end", "")),
        "no_progress": lambda: _("The tracker shows no progress in any commitment in %(first)s "
                                 "and %(second)s.", first=p.get("first", ""),
                                 second=p.get("second", "")),
        "no_update": lambda: _("The tracker was not updated in %(first)s and %(second)s.",
                               first=p.get("first", ""), second=p.get("second", "")),
        "quarter_missed": lambda: _("No tracker update for %(quarter)s.",
                                    quarter=p.get("quarter", "")),
        "quarter_no_progress": lambda: _("No progress recorded in %(quarter)s.",
                                         quarter=p.get("quarter", "")),
    }
    return texts.get(finding.code, lambda: finding.message)()


def _labels() -> dict:
    return {"status": STATUS_LABELS, "risk": RISK_LABELS, "kind": KIND_LABELS,
            "completion": {c.key: c.text(_lang()) for c in COMPLETION},
            "evidence": {e.key: e.text(_lang()) for e in EVIDENCE_TYPES},
            "stakeholder": dict(STAKEHOLDER_CHOICES), "assessment": ASSESSMENT_LABELS}


# --- the hromadas a person may see ---------------------------------------------------------

@bp.route("/monitoring")
@login_required
def index():
    db = get_db()
    if access.can_see_portfolio(current_user):
        return redirect(url_for("monitoring.portfolio"))
    ids = set(access.monitored_ids(db, current_user))
    if current_user.role == "participant" and current_user.municipality_id:
        ids.add(current_user.municipality_id)
    members = [m for m in (db.get(Municipality, i) for i in sorted(ids))
               if m is not None and source.is_member(db, m.id)]
    if len(members) == 1:
        return redirect(url_for("monitoring.hromada", code=members[0].code))
    return render_template("monitoring/index.html", members=members)


# --- one hromada ---------------------------------------------------------------------------

@bp.route("/monitoring/hromadas/<code>")
@login_required
def hromada(code: str):
    municipality = _readable(code)
    db = get_db()
    today = services.today_kyiv()
    services.refresh_status(db, [municipality.id], today)   # a change is recorded when seen
    result = services.calendar_of(db, municipality.id, today)
    facts = source.member_facts(db, [municipality.id], with_milestones=True)[municipality.id]
    commitments = {c.id: c for p in facts.plans for c in p.commitments}
    meetings = services.meetings_of(db, municipality.id)
    can_update = access.can_update(current_user, municipality.id)
    feed_url = None
    if can_update or access.can_read(db, current_user, municipality.id):
        feed_url = url_for("monitoring.feed", token=services.feed_token(db, municipality.id),
                           _external=True)
    settings = services.settings_of(db, municipality.id)
    db.commit()   # the status just computed and the feed address, kept
    return render_template(
        "monitoring/hromada.html", m=municipality, result=result, today=today,
        facts=facts, commitments=commitments, text=_text,
        updates=services.updates_of(db, municipality.id), meetings=meetings,
        meeting_years=services.meeting_years(db, municipality.id, meetings),
        history=services.status_history(db, municipality.id),
        voluntary=services.voluntary_history(db, municipality.id),
        open_voluntary=services.open_voluntary(db, municipality.id),
        assessments=services.assessments_of(db, municipality.id),
        body=services.body_members(db, municipality.id), settings=settings,
        can_update=can_update, can_assess=access.can_assess(db, current_user, municipality.id),
        can_name_body=access.can_name_body(current_user), feed_url=feed_url,
        deadline_title=deadline_title, finding_text=finding_text, labels=_labels(),
        meeting_form=MeetingForm(), voluntary_form=VoluntaryForm(),
        public_form=PublicForm(public=settings.public), body_form=BodyMemberForm(),
        deadline_form=DeadlineForm(submission_deadline=settings.submission_deadline),
        plans_url=_plans_url(municipality.code),
        questions=ASSESSMENT_QUESTIONS)


def _plans_url(code: str) -> str | None:
    """The hromada's OGP Local record in the action plans package, when it is installed."""
    from flask import current_app

    if "plans.membership" in current_app.view_functions:
        return url_for("plans.membership", code=code)
    return None


def _update_form(municipality: Municipality) -> tuple[TrackerUpdateForm, dict]:
    db = get_db()
    form = TrackerUpdateForm()
    facts = source.member_facts(db, [municipality.id], with_milestones=True)[municipality.id]
    choices = []
    for plan in facts.plans:
        for c in plan.commitments:
            choices.append((f"{c.id}", f"{c.number}. {_text(c.title)}"))
            for position, (milestone_id, output) in enumerate(c.milestones, start=1):
                choices.append((f"{c.id}:{milestone_id}",
                                f"{c.number}.{position} {_text(output)}"))
    form.commitment.choices = choices
    form.quarter.choices = [(q, q) for q in services.open_quarters(
        db, municipality.id, services.today_kyiv())]
    form.evidence_type.choices = [("", "—")] + [(e.key, e.text(_lang())) for e in EVIDENCE_TYPES]
    return form, facts


@bp.route("/monitoring/hromadas/<code>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(code: str):
    municipality = _updatable(code)
    db = get_db()
    form, _facts = _update_form(municipality)
    if form.validate_on_submit():
        commitment_part, _sep, milestone_part = form.commitment.data.partition(":")
        upload = form.evidence_file.data
        body = upload.read() if upload and getattr(upload, "filename", "") else None
        data = services.UpdateInput(
            commitment_id=int(commitment_part),
            milestone_id=int(milestone_part) if milestone_part else None,
            quarter=form.quarter.data, completion=form.completion.data,
            narrative_uk=form.narrative_uk.data, narrative_en=form.narrative_en.data or "",
            evidence_type=form.evidence_type.data or "",
            evidence_url=(form.evidence_url.data or "").strip(),
            file_name=upload.filename if body is not None else "", file_body=body)
        with committing(form) as done:
            services.post_update(db, municipality.id, current_user.id, data)
        if done.ok:
            flash(_("The update is saved."), "success")
            return redirect(url_for("monitoring.hromada", code=municipality.code))
    status = 400 if request.method == "POST" else 200
    return render_template("monitoring/update_form.html", m=municipality, form=form), status


@bp.route("/monitoring/evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    db = get_db()
    item = services.evidence_file(db, evidence_id)
    if item is None:
        abort(404)
    municipality_id = item.update.municipality_id
    if not access.can_read(db, current_user, municipality_id):
        abort(404)
    return Response(item.body, mimetype=item.mimetype or "application/octet-stream", headers={
        "Content-Disposition": content_disposition(item.file_name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })


@bp.route("/monitoring/hromadas/<code>/meetings", methods=["POST"])
@login_required
def add_meeting(code: str):
    municipality = _updatable(code)
    db = get_db()
    form = MeetingForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            services.add_meeting(db, municipality.id, current_user.id, form.held_on.data,
                                 form.title.data, {"government": form.government.data,
                                                   "civil_society": form.civil_society.data,
                                                   "other_non_governmental":
                                                       form.other_non_governmental.data},
                                 form.minutes_url.data or "")
        if done.ok:
            flash(_("The meeting is recorded."), "success")
    else:
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return redirect(url_for("monitoring.hromada", code=municipality.code) + "#meetings")


@bp.route("/monitoring/hromadas/<code>/voluntary", methods=["POST"])
@login_required
def request_voluntary(code: str):
    municipality = _updatable(code)
    db = get_db()
    form = VoluntaryForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            services.request_voluntary(db, municipality.id, current_user.id, form.reason.data)
        if done.ok:
            flash(_("Voluntary inactivity is recorded."), "success")
    else:
        flash(_("Give the reason for the request."), "error")
    return redirect(url_for("monitoring.hromada", code=municipality.code) + "#status")


@bp.route("/monitoring/hromadas/<code>/voluntary/end", methods=["POST"])
@login_required
def end_voluntary(code: str):
    municipality = _member(code)
    if not (access.can_update(current_user, municipality.id)
            or current_user.role == "admin"):
        abort(403)
    db = get_db()
    with committing(flash_error=True) as done:
        services.end_voluntary(db, municipality.id, current_user.id)
    if done.ok:
        flash(_("The hromada is active again."), "success")
    return redirect(url_for("monitoring.hromada", code=municipality.code) + "#status")


@bp.route("/monitoring/hromadas/<code>/public", methods=["POST"])
@login_required
def set_public(code: str):
    municipality = _updatable(code)
    db = get_db()
    form = PublicForm()
    if form.validate_on_submit():
        with committing():
            services.set_public(db, municipality.id, bool(form.public.data))
        flash(_("The public page is on.") if form.public.data else _("The public page is off."),
              "success")
    return redirect(url_for("monitoring.hromada", code=municipality.code))


@bp.route("/monitoring/hromadas/<code>/feed/reset", methods=["POST"])
@login_required
def reset_feed(code: str):
    municipality = _updatable(code)
    db = get_db()
    with committing():
        services.feed_token(db, municipality.id, reset=True)
    flash(_("A new calendar address is ready; the old one stopped working."), "success")
    return redirect(url_for("monitoring.hromada", code=municipality.code))


@bp.route("/monitoring/hromadas/<code>/body", methods=["POST"])
@login_required
def add_body_member(code: str):
    municipality = _member(code)
    if not access.can_name_body(current_user):
        abort(403)
    db = get_db()
    form = BodyMemberForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            services.add_body_member(db, municipality.id, form.email.data, current_user.id)
        if done.ok:
            flash(_("The person now acts for the Monitoring Body."), "success")
    else:
        flash(_("Enter the person's email."), "error")
    return redirect(url_for("monitoring.hromada", code=municipality.code) + "#body")


@bp.route("/monitoring/hromadas/<code>/deadline", methods=["POST"])
@login_required
def set_deadline(code: str):
    municipality = _member(code)
    if not access.can_name_body(current_user):
        abort(403)
    db = get_db()
    form = DeadlineForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            services.set_submission_deadline(db, municipality.id, form.submission_deadline.data)
        if done.ok:
            flash(_("The deadline is saved."), "success")
    else:
        flash(_("Enter a date like 2027-03-31."), "error")
    return redirect(url_for("monitoring.hromada", code=municipality.code) + "#status")


# --- the Monitoring Body's reports ---------------------------------------------------------

@bp.route("/monitoring/hromadas/<code>/assessments/<kind>", methods=["GET", "POST"])
@login_required
def assess(code: str, kind: str):
    municipality = _member(code)
    db = get_db()
    if kind not in ASSESSMENT_QUESTIONS:
        abort(404)
    if not access.can_assess(db, current_user, municipality.id):
        abort(403)
    facts = source.member_facts(db, [municipality.id])[municipality.id]
    commitments = [(str(c.id), f"{c.number}. {_text(c.title)}")
                   for p in facts.plans for c in p.commitments]
    form = assessment_form(kind, commitments)()
    if form.validate_on_submit():
        answers = {key: getattr(form, key).data.strip() for key, _q in ASSESSMENT_QUESTIONS[kind]}
        commitment_id = int(form.commitment.data) if kind == "end_of_commitment" else None
        with committing(form) as done:
            item = services.file_assessment(db, municipality.id, kind, answers,
                                            current_user.id, commitment_id)
        if done.ok:
            flash(_("The report is filed. Share the comment link with government and "
                    "non-government stakeholders."), "success")
            return redirect(url_for("monitoring.hromada", code=municipality.code,
                                    _anchor=f"assessment-{item.id}"))
    status = 400 if request.method == "POST" else 200
    return render_template("monitoring/assess.html", m=municipality, form=form, kind=kind,
                           title=ASSESSMENT_LABELS[kind]), status


@bp.route("/comments/<token>", methods=["GET", "POST"])
def comment(token: str):
    """Open to anyone holding the link the Monitoring Body shared."""
    db = get_db()
    item = services.assessment_by_token(db, token)
    if item is None:
        abort(404)
    municipality = db.get(Municipality, item.municipality_id)
    form = CommentForm()
    if form.validate_on_submit():
        with committing():
            services.add_comment(db, item, form.author.data, form.stakeholder_type.data,
                                 form.body.data)
        flash(_("Thank you: your comment is recorded."), "success")
        return redirect(url_for("monitoring.comment", token=token))
    status = 400 if request.method == "POST" else 200
    return render_template("monitoring/comment.html", item=item, m=municipality, form=form,
                           title=ASSESSMENT_LABELS[item.kind],
                           questions=dict(ASSESSMENT_QUESTIONS[item.kind]),
                           labels=_labels()), status


# --- public page and the calendar feed -----------------------------------------------------

@bp.route("/hromadas/<code>/progress")
def public_page(code: str):
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    if (municipality is None or not source.is_member(db, municipality.id)
            or not services.is_public(db, municipality.id)):
        abort(404)
    facts = source.member_facts(db, [municipality.id], with_milestones=True)[municipality.id]
    updates = services.updates_of(db, municipality.id)
    latest: dict[int, object] = {}
    for update in updates:
        latest.setdefault(update.commitment_id, update)
    return render_template("monitoring/public.html", m=municipality, facts=facts,
                           latest=latest, updates=updates, text=_text, labels=_labels(),
                           result=services.calendar_of(db, municipality.id),
                           deadline_title=deadline_title)


@bp.route("/ogp/<token>.ics")
def feed(token: str):
    db = get_db()
    municipality = services.feed_municipality(db, token)
    if municipality is None:
        abort(404)
    result = services.calendar_of(db, municipality.id)
    body = deadlines_ics(result.deadlines if result else (), deadline_title,
                         f"OGP Local · {municipality.display_name(_lang())}",
                         municipality.code, datetime.now(UTC))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=ogp-local.ics"})


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
    if services.ensure_fresh(db):
        db.commit()
    filters = _portfolio_filters()
    rows = services.portfolio(db, **filters)
    page = page_arg(request.args.get("page"))
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    return render_template("monitoring/portfolio.html", rows=rows[(page - 1) * PAGE_SIZE:
                                                                   page * PAGE_SIZE],
                           total=len(rows), page=page, pages=pages, filters=filters,
                           counts=services.portfolio_counts(rows), oblasts=oblasts(db),
                           labels=_labels())


@bp.route("/monitoring/portfolio/export.<fmt>")
@login_required
def export(fmt: str):
    if not access.can_see_portfolio(current_user):
        abort(403)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    db = get_db()
    if services.ensure_fresh(db):
        db.commit()
    rows = services.portfolio(db, **_portfolio_filters())
    labels = _labels()
    header = [_("Hromada"), _("KATOTTG code"), _("Oblast"), _("Status"), _("Risk"),
              _("Next deadline"), _("Due"), _("Last tracker update")]
    lang = _lang()
    table = [[r.municipality.display_name(lang), r.municipality.code,
              r.municipality.oblast if lang == "uk" else (r.municipality.oblast_en
                                                            or r.municipality.oblast),
              str(labels["status"].get(r.status.status, r.status.status)),
              str(labels["risk"].get(r.status.risk, r.status.risk)),
              str(labels["kind"].get(r.status.next_deadline_kind, ""))
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

def _api_refused():
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not valid_api_token(get_db(), token):
        return jsonify(error="unauthorized", message="A valid API token is required."), 401
    return None


@bp.route("/api/hromadas")
@csrf.exempt
def api_hromadas():
    """Read-only: member hromadas with status, risk and next deadline (paginated)."""
    refused = _api_refused()
    if refused:
        return refused
    db = get_db()
    status = request.args.get("status", "")
    if status and status not in services.PORTFOLIO_STATUSES:
        return jsonify(error="bad_status", message="status is one of: "
                       + ", ".join(services.PORTFOLIO_STATUSES)), 400
    if services.ensure_fresh(db):
        db.commit()
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
    refused = _api_refused()
    if refused:
        return refused
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    answer = services.calendar_api(db, municipality) if municipality else None
    if answer is None:
        return jsonify(error="not_found",
                       message="No OGP Local member has this KATOTTG code."), 404
    return jsonify(answer)
