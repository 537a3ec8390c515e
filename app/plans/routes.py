"""Action plan pages: the hromada's OGP Local record, the plan (vision, commitments, live rule
panel), co-creation evidence, downloads, and the read-only API."""

from __future__ import annotations

from datetime import date
from typing import Any

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
from sqlalchemy import select

from app.db import get_db
from app.errors import ServiceError
from app.extensions import csrf
from app.plans import access, rules, services, vocab
from app.plans.forms import (
    CommentForm,
    EndorsementForm,
    FeedbackForm,
    JointForm,
    MeetingForm,
    MembershipForm,
    commitment_data,
    has_control,
    plan_values,
)
from app.plans.models import ActionPlan, Commitment
from app.registry.models import Municipality

bp = Blueprint("plans", __name__)


def _lang() -> str:
    return str(get_locale() or "uk")


def messages() -> dict[str, str]:
    """Refusals and form errors, by code."""
    return {
        "too_many": _("A joint plan has at most four hromadas."),
        "duplicate": _("This hromada is already in the plan."),
        "bad_status": _("Unknown status."),
        "stays_submitted": _("A submitted plan stays submitted; change its commitments instead."),
        "missing_english": _("The plan cannot be marked ready while required fields lack "
                             "English: the plan is submitted in English."),
        "limit": _("The plan already has its limit of open commitments; a commitment counts "
                   "until it is completed and assessed."),
        "submitted": _("A commitment of a submitted plan is changed, not deleted."),
        "stale": _("Someone else saved this page first. Your text is kept below: compare it "
                   "with the saved version, then save again."),
        "bad_date": _("Use a date like 2026-05-31."),
        "date_range": _("Use a date between 2000 and 2100."),
        "bad_number": _("Enter a whole number."),
        "too_long": _("This text is too long."),
        "control": _("The form contains characters that cannot be saved."),
        "period_order": _("The period must end after it starts."),
        "unknown": _("Choose one of the plan's hromadas."),
        "reason": _("Say why the commitment changes: changes to a submitted plan are recorded."),
        "approved_by": _("Name the non-governmental stakeholders who approved the change."),
        "no_code": _("No hromada has this KATOTTG code."),
    }


def _plan(plan_id: int) -> ActionPlan:
    db = get_db()
    plan = db.get(ActionPlan, plan_id)
    if plan is None or not access.can_read(db, current_user, services.municipality_ids(plan)):
        abort(404)
    return plan


def _editable(plan: ActionPlan) -> ActionPlan:
    if not access.can_edit(current_user, services.municipality_ids(plan)):
        abort(403)
    return plan


def _commitment(plan: ActionPlan, commitment_id: int) -> Commitment:
    commitment = get_db().get(Commitment, commitment_id)
    if commitment is None or commitment.plan_id != plan.id:
        abort(404)
    return commitment


def _municipality(code: str) -> Municipality:
    municipality = get_db().scalar(select(Municipality).where(
        Municipality.code == code.strip().upper()[:32]))
    if municipality is None:
        abort(404)
    return municipality


def _rule_messages(results: list[rules.RuleResult]) -> list[dict[str, Any]]:
    return [r.as_json(_) for r in results]


def _team_municipality(plan: ActionPlan) -> int:
    ids = services.municipality_ids(plan)
    if current_user.municipality_id in ids:
        return current_user.municipality_id
    return ids[0]


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
            record = record or services.ensure_membership(db, municipality)
            try:
                services.update_membership(db, record, {
                    "joined_on": form.joined_on.data, "term_end": form.term_end.data,
                    "elections_apply": form.elections_apply.data,
                    "contact_name": (form.contact_name.data or "").strip(),
                    "contact_email": (form.contact_email.data or "").strip(),
                    "monitoring_body": (form.monitoring_body.data or "").strip()},
                    int(request.form.get("version") or 0) or record.version)
            except services.StaleError:
                db.rollback()
                flash(messages()["stale"], "error")
                status = 409
            else:
                db.commit()
                flash(_("The OGP Local record is saved."), "success")
                return redirect(url_for("plans.membership", code=municipality.code))
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
    plan = services.create_plan(db, services.ensure_membership(db, municipality), current_user)
    db.commit()
    flash(_("A new action plan is started."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


# --- the plan -------------------------------------------------------------------------------

def _plan_page(plan: ActionPlan, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, status: int = 200):
    db = get_db()
    value = services.plan_value(plan)
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
        comments=services.comments_of(db, plan), comment_form=CommentForm(),
        joint_form=JointForm(), works=works, requirements=requirements, lang=_lang(),
        limit=services.limit_of(plan), active=services.active_count(plan),
        ok=all(r.ok for r in results), vocab=vocab, msg=messages(), dmy=rules.dmy,
        latest_end=rules.latest_end), status


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
    try:
        services.save_plan(db, plan, values, version, current_user)
    except services.StaleError:
        db.rollback()
        flash(messages()["stale"], "error")
        return _plan_page(_plan(plan_id), values, {}, 409)
    db.commit()
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
            try:
                services.add_jurisdiction(db, plan, partner)
            except ServiceError as error:
                db.rollback()
                flash(messages().get(error.message, error.message), "error")
            else:
                db.commit()
                flash(_("%(name)s joins the plan.", name=partner.display_name(_lang())), "success")
    else:
        flash(_("Enter the partner hromada's KATOTTG code."), "error")
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/vision/pull", methods=["POST"])
@login_required
def pull_vision(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    filled = services.pull_vision(db, plan, current_user, _team_municipality(plan))
    db.commit()
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
    try:
        services.set_status(db, plan, request.form.get("status", ""), current_user)
    except ServiceError as error:
        db.rollback()
        flash(messages().get(error.message, error.message), "error")
        return _plan_page(_plan(plan_id), status=400)
    db.commit()
    flash({"draft": _("The plan is a draft again."),
           "ready": _("The plan is marked ready to submit."),
           "submitted": _("The plan is marked as submitted.")}[plan.status], "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


# --- commitments ----------------------------------------------------------------------------

def _items() -> dict[str, tuple[str, ...]]:
    """The commitment exercise's checklist items (its data stores their positions)."""
    from app.content.services import library

    exercise = library().exercise("commitment-template")
    if exercise is None:
        return {}
    return {f.id: f.items for f in exercise.fields if f.items}


@bp.route("/plans/<int:plan_id>/commitments", methods=["POST"])
@login_required
def new_commitment(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    try:
        commitment = services.new_commitment(db, plan, current_user)
        pulled: dict[str, str] = {}
        if request.form.get("pull") == "1":
            pulled = services.pull_drafts(db, plan, commitment, current_user,
                                          _team_municipality(plan), _items())
    except ServiceError as error:
        db.rollback()
        flash(messages().get(error.message, error.message), "error")
        return redirect(url_for("plans.plan", plan_id=plan.id))
    db.commit()
    _flash_pulled(pulled)
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id))


def _flash_pulled(pulled: dict[str, str]) -> None:
    if pulled:
        names = ", ".join(f"{vocab.FIELD_OF[k]}" for k in pulled)
        flash(_("Drafted from your exercises (fields %(fields)s): check and edit them.",
                fields=names), "success")


def _commitment_page(plan: ActionPlan, commitment: Commitment, data: dict[str, Any] | None = None,
                     errors: dict[str, str] | None = None, status: int = 200,
                     version: int | None = None):
    db = get_db()
    value = services.plan_value(plan)
    position = plan.commitments.index(commitment)
    mine = value.commitments[position]
    number = mine.number if mine.number is not None else position + 1
    results = [r for r in rules.check_rules(value) if r.commitment == number]
    try:
        from app.exercises.smart import check_commitment

        smart = check_commitment(rules.smart_input(mine, _lang()), lang=_lang())
    except ValueError:
        smart = None
    ids = services.municipality_ids(plan)
    return render_template(
        "plans/commitment.html", plan=plan, commitment=commitment,
        d=data or services.commitment_data(commitment), errors=errors or {},
        rules_list=_rule_messages(results), smart=smart,
        missing=set(rules.commitment_missing_english(mine)),
        editable=access.can_edit(current_user, ids),
        commentable=access.can_comment(db, current_user, ids), comment_form=CommentForm(),
        comments=[c for c in services.comments_of(db, plan) if c.commitment_id == commitment.id],
        window=services.change_window(plan, commitment), vocab=vocab, lang=_lang(),
        msg=messages(), version=version or commitment.version, dmy=rules.dmy,
        works=services.team_works(db, _team_municipality(plan))
        if access.can_edit(current_user, ids) else {}), status


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>")
@login_required
def commitment(plan_id: int, commitment_id: int):
    plan = _plan(plan_id)
    return _commitment_page(plan, _commitment(plan, commitment_id))


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>", methods=["POST"])
@login_required
def save_commitment(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    data = commitment_data(request.form)
    if has_control(data):
        return _commitment_page(plan, commitment, data, {"form": messages()["control"]}, 400)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    try:
        services.save_commitment(db, commitment, data, version, current_user,
                                 request.form.get("reason", ""),
                                 request.form.get("approved_by", ""))
    except services.StaleError as error:
        db.rollback()
        flash(messages()["stale"], "error")
        plan = _plan(plan_id)
        return _commitment_page(plan, _commitment(plan, commitment_id), data, {}, 409,
                                version=error.current_version)
    except services.FieldErrors as error:
        db.rollback()
        plan = _plan(plan_id)
        shown = {key: messages().get(code, code) for key, code in error.errors.items()}
        return _commitment_page(plan, _commitment(plan, commitment_id), data, shown, 400)
    db.commit()
    flash(_("Commitment %(n)d is saved.", n=commitment.number), "success")
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id)
                    + "#rules")


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>/pull", methods=["POST"])
@login_required
def pull(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    pulled = services.pull_drafts(db, plan, commitment, current_user, _team_municipality(plan),
                                  _items())
    db.commit()
    if pulled:
        _flash_pulled(pulled)
    else:
        flash(_("Nothing to take: these fields are already written, or the team has not done "
                "the exercises yet."), "info")
    return redirect(url_for("plans.commitment", plan_id=plan.id, commitment_id=commitment.id))


@bp.route("/plans/<int:plan_id>/commitments/<int:commitment_id>/delete", methods=["POST"])
@login_required
def delete_commitment(plan_id: int, commitment_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    commitment = _commitment(plan, commitment_id)
    try:
        services.delete_commitment(db, plan, commitment)
    except ServiceError as error:
        db.rollback()
        flash(messages().get(error.message, error.message), "error")
        return redirect(url_for("plans.commitment", plan_id=plan.id,
                                commitment_id=commitment_id))
    db.commit()
    flash(_("The commitment is deleted."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


# --- co-creation evidence -------------------------------------------------------------------

def _requirements(plan: ActionPlan) -> list[dict[str, Any]]:
    found = rules.cocreation_requirements(services.evidence(get_db(), plan), date.today())
    return [{"key": r.key, "met": r.met, "message": r.message(_)} for r in found]


def _cocreation_page(plan: ActionPlan, forms: dict[str, Any] | None = None, status: int = 200):
    db = get_db()
    ids = services.municipality_ids(plan)
    forms = forms or {}
    meetings = services.meetings_of(db, plan)
    return render_template(
        "plans/cocreation.html", plan=plan, meetings=[(m, *services.counts(m)) for m in meetings],
        feedback=services.feedback_of(db, plan), endorsements=services.endorsements_of(db, plan),
        requirements=_requirements(plan), people=services.people_of(db, plan), editable=access.can_edit(current_user, ids),
        meeting_form=forms.get("meeting") or MeetingForm(),
        feedback_form=forms.get("feedback") or FeedbackForm(),
        endorsement_form=forms.get("endorsement") or EndorsementForm(), lang=_lang(),
        dmy=rules.dmy), status


@bp.route("/plans/<int:plan_id>/cocreation")
@login_required
def cocreation(plan_id: int):
    return _cocreation_page(_plan(plan_id))


@bp.route("/plans/<int:plan_id>/meetings", methods=["POST"])
@login_required
def add_meeting(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    form = MeetingForm()
    if not form.validate():
        return _cocreation_page(plan, {"meeting": form}, 400)
    allowed = {u.id for u in services.people_of(db, plan)}
    chosen = [int(v) for v in request.form.getlist("participants") if v.isdigit()
              and int(v) in allowed]
    services.add_meeting(db, plan, form.held_on.data, form.phase.data, (form.title.data or "").strip(),
                         chosen, form.guests_government.data or 0,
                         form.guests_non_government.data or 0)
    db.commit()
    flash(_("The meeting is recorded."), "success")
    return redirect(url_for("plans.cocreation", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/feedback", methods=["POST"])
@login_required
def add_feedback(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    form = FeedbackForm()
    if not form.validate():
        return _cocreation_page(plan, {"feedback": form}, 400)
    services.add_feedback(db, plan, (form.source.data or "").strip(), (form.received.data or "").strip(),
                          (form.answer.data or "").strip(), form.received_on.data)
    db.commit()
    flash(_("The feedback is recorded."), "success")
    return redirect(url_for("plans.cocreation", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/endorsements", methods=["POST"])
@login_required
def add_endorsement(plan_id: int):
    db = get_db()
    plan = _editable(_plan(plan_id))
    form = EndorsementForm()
    if not form.validate():
        return _cocreation_page(plan, {"endorsement": form}, 400)
    services.add_endorsement(db, plan, form.scope.data, (form.organisation.data or "").strip(),
                             (form.person.data or "").strip(), form.endorsed_on.data)
    db.commit()
    flash(_("The endorsement is recorded."), "success")
    return redirect(url_for("plans.cocreation", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/comments", methods=["POST"])
@login_required
def comment(plan_id: int):
    db = get_db()
    plan = _plan(plan_id)
    if not access.can_comment(db, current_user, services.municipality_ids(plan)):
        abort(403)
    form = CommentForm()
    commitment = None
    if request.form.get("commitment_id", "").isdigit():
        commitment = _commitment(plan, int(request.form["commitment_id"]))
    if form.validate():
        services.add_comment(db, plan, current_user, (form.body.data or "").strip(), commitment)
        db.commit()
        flash(_("The comment is added."), "success")
    else:
        flash(_("Write a comment of at most 5000 characters."), "error")
    if commitment:
        return redirect(url_for("plans.commitment", plan_id=plan.id,
                                commitment_id=commitment.id) + "#comments")
    return redirect(url_for("plans.plan", plan_id=plan.id) + "#comments")


# --- downloads and the API ------------------------------------------------------------------

@bp.route("/plans/<int:plan_id>/export.<fmt>")
@login_required
def export(plan_id: int, fmt: str):
    from app.plans.export import plan_docx, plan_pdf

    plan = _plan(plan_id)
    lang = request.args.get("lang", "en")
    if fmt not in ("docx", "pdf") or lang not in ("en", "uk", "both"):
        abort(404)
    value = services.plan_value(plan)
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
    from app.orientation.services import valid_api_token

    db = get_db()
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not valid_api_token(db, token):
        return jsonify(error="unauthorized", message="A valid API token is required."), 401
    municipality = db.scalar(select(Municipality).where(Municipality.code == code.upper()[:32]))
    plan = db.scalars(services.plans_of(municipality.id).limit(1)).first() \
        if municipality else None
    if plan is None:
        return jsonify(error="not_found", message="No action plan for this KATOTTG code."), 404
    response = jsonify(services.plan_json(plan))
    response.headers["X-Plan-Status"] = plan.status
    return response
