"""The OGP Local record, the plan page (vision, rule panel, status), downloads and the API."""

from __future__ import annotations

import re
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.content.services import library
from app.db import committing, get_db
from app.extensions import csrf
from app.orientation.api_auth import api_refused
from app.plans import access, evidence, rules, services, vocab
from app.plans.export import plan_docx, plan_pdf
from app.plans.forms import (
    CommentForm,
    JointForm,
    MembershipForm,
    plan_values,
)
from app.plans.models import ActionPlan
from app.plans.routes.common import (
    _editable,
    _lang,
    _message,
    _municipality,
    _plan,
    _requirements,
    _rule_messages,
    _team_municipality,
    bp,
    messages,
)
from app.registry.models import Municipality

# --- index and the OGP Local record ---------------------------------------------------------

@bp.route("/plans")
@login_required
def index():
    db = get_db()
    ids = access.readable_municipalities(db, current_user)
    plans = list(db.scalars(services.visible_plans(None if ids is None else sorted(ids))
                            .limit(500)))
    own = db.get(Municipality, current_user.municipality_id) \
        if current_user.role == "participant" and current_user.municipality_id else None
    return render_template("plans/index.html", plans=plans, own=own, lang=_lang(),
                           membership=services.membership_of(db, own) if own else None)


@bp.route("/hromadas/<code>/ogp", methods=["GET", "POST"])
@login_required
def membership(code: str):
    db = get_db()
    municipality = _municipality(code)
    if not access.can_read(db, current_user, [municipality.id]):
        abort(404)
    editable = access.can_edit(current_user, [municipality.id])
    record = services.membership_of(db, municipality)
    form = MembershipForm(obj=record)
    status = 200
    if request.method == "POST":
        if not editable:
            abort(403)
        if form.validate():
            posted = request.form.get("version", "")
            with committing() as done:
                record = record or services.ensure_membership(db, municipality)
                services.update_membership(db, record, {
                    "joined_on": form.joined_on.data, "term_end": form.term_end.data,
                    "elections_apply": form.elections_apply.data,
                    "contact_name": (form.contact_name.data or "").strip(),
                    "contact_email": (form.contact_email.data or "").strip(),
                    "monitoring_body": (form.monitoring_body.data or "").strip()},
                    int(posted) if re.fullmatch(r"[0-9]{1,9}", posted) and int(posted) > 0
                    else record.version)
            if done.ok:
                flash(_("The OGP Local record is saved."), "success")
                return redirect(url_for("plans.membership", code=municipality.code))
            flash(messages()["stale"], "error")
            record = services.membership_of(db, municipality)
            status = 409
        else:
            status = 400
    plans = list(db.scalars(services.plans_of(municipality.id)))
    return render_template("plans/membership.html", municipality=municipality, record=record,
                           form=form, editable=editable, plans=plans, lang=_lang(),
                           latest=rules.latest_end(record.term_end)
                           if record and record.term_end else None), status


@bp.route("/hromadas/<code>/plans", methods=["POST"])
@login_required
def create(code: str):
    db = get_db()
    municipality = _municipality(code)
    if not access.can_edit(current_user, [municipality.id]):
        abort(403)
    with committing():
        plan = services.create_plan(db, services.ensure_membership(db, municipality),
                                    current_user)
    flash(_("A new action plan is started."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


# --- the plan -------------------------------------------------------------------------------

def _plan_page(plan: ActionPlan, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, status: int = 200):
    db = get_db()
    value = services.plan_value(plan, _lang())
    results = rules.check_rules(value)
    ids = services.municipality_ids(plan)
    works = services.team_works(db, _team_municipality(plan)) \
        if access.can_edit(current_user, ids) else {}
    missing = set(rules.missing_english(value))
    form_values = values or {
        "period_start": plan.period_start, "period_end": plan.period_end,
        "vision": plan.vision or {}, "monitoring_body": plan.monitoring_body or {},
        "monitoring_body_endorsed": plan.monitoring_body_endorsed, "forum": plan.forum,
        "council_decision": plan.council_decision,
        "council_decision_on": plan.council_decision_on}
    requirements = _requirements(plan)
    return render_template(
        "plans/plan.html", plan=plan, value=value, v=form_values, errors=errors or {},
        rules_plan=[r for r in _rule_messages(results) if r["commitment"] is None],
        rules_by_commitment=_by_commitment(results), missing=missing,
        vision_missing=set(rules.vision_missing(value)),
        editable=access.can_edit(current_user, ids),
        commentable=access.can_comment(db, current_user, ids),
        comments=evidence.comments_of(db, plan), comment_form=CommentForm(),
        joint_form=JointForm(), works=works, requirements=requirements, lang=_lang(),
        limit=services.limit_of(plan), active=services.active_count(plan),
        ok=all(r.ok for r in results), vocab=vocab, msg=messages(), dmy=rules.dmy,
        exercise_titles=_exercise_titles(works),
        latest_end=rules.latest_end), status


def _exercise_titles(works: dict[str, Any]) -> dict[str, str]:

    lib = library()
    titles = {}
    for key in works:
        exercise = lib.translated("exercise", key, _lang())[0]
        titles[key] = exercise.title if exercise else key
    return titles


def _by_commitment(results: list[rules.RuleResult]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for r in _rule_messages(results):
        if r["commitment"] is not None:
            out.setdefault(r["commitment"], []).append(r)
    return out


@bp.route("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _plan_page(_plan(plan_id))


@bp.route("/plans/<int:plan_id>", methods=["POST"])
@login_required
def save_plan(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    values, errors = plan_values(request.form)
    if errors:
        return _plan_page(plan, values, errors, 400)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    with committing() as done:
        services.save_plan(db, plan, values, version, current_user)
    if not done.ok:
        flash(messages()["stale"], "error")
        return _plan_page(_plan(plan_id), values, {}, 409)
    flash(_("The plan is saved."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id) + "#rules")


@bp.route("/plans/<int:plan_id>/jurisdictions", methods=["POST"])
@login_required
def add_jurisdiction(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    form = JointForm()
    if form.validate():
        partner = db.scalar(select(Municipality).where(
            Municipality.code == (form.code.data or "").strip().upper()))
        if partner is None:
            flash(messages()["no_code"], "error")
        else:
            with committing() as done:
                services.add_jurisdiction(db, plan, partner)
            if done.ok:
                flash(_("%(name)s joins the plan.", name=partner.display_name(_lang())), "success")
            else:
                flash(_message(done.error), "error")
    else:
        flash(_("Enter the partner hromada's KATOTTG code."), "error")
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/vision/pull", methods=["POST"])
@login_required
def pull_vision(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    with committing():
        filled = services.pull_vision(db, plan, current_user, _team_municipality(plan))
    if filled:
        flash(_("Taken from your strategic vision exercise: %(items)s.", items=", ".join(filled)),
              "success")
    else:
        flash(_("Nothing to take: the vision items are already written, or the team has no "
                "strategic vision exercise."), "info")
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/status", methods=["POST"])
@login_required
def set_status(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    with committing() as done:
        services.set_status(db, plan, request.form.get("status", ""), current_user)
    if not done.ok:
        flash(_message(done.error), "error")
        return _plan_page(_plan(plan_id), status=400)
    flash({"draft": _("The plan is a draft again."),
           "ready": _("The plan is marked ready to submit."),
           "submitted": _("The plan is marked as submitted.")}[plan.status], "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))



# --- downloads and the API ------------------------------------------------------------------

@bp.route("/plans/<int:plan_id>/export.<fmt>")
@login_required
def export(plan_id: int, fmt: str):

    plan = _plan(plan_id)
    lang = request.args.get("lang", "en")
    if fmt not in ("docx", "pdf") or lang not in ("en", "uk", "both"):
        abort(404)
    value = services.plan_value(plan, "uk" if lang == "uk" else "en")
    body = plan_docx(value, lang) if fmt == "docx" else plan_pdf(value, lang)
    mimetype = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if fmt == "docx" else "application/pdf")
    code = value.jurisdictions[0].code if value.jurisdictions else "plan"
    name = f"action-plan-{code}-{plan.id}-{lang}.{fmt}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/api/plans/<code>")
@csrf.exempt
def api_plan(code: str):
    """Read-only, for AUC's other systems (`Authorization: Bearer <token>`): the hromada's
    newest action plan in the contract's JSON."""

    db = get_db()
    refused = api_refused()
    if refused:
        return refused
    municipality = db.scalar(select(Municipality).where(Municipality.code == code.upper()[:32]))
    plan = db.scalars(services.plans_of(municipality.id).limit(1)).first() \
        if municipality else None
    if plan is None:
        return jsonify(error="not_found", message="No action plan for this KATOTTG code."), 404
    response = jsonify(services.plan_json(plan))
    response.headers["X-Plan-Status"] = plan.status
    return response
