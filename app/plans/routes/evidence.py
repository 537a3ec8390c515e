"""Co-creation evidence (meetings, feedback, endorsements) and comments."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.db import committing, get_db
from app.plans import access, evidence, rules, services
from app.plans.forms import (
    CommentForm,
    EndorsementForm,
    FeedbackForm,
    MeetingForm,
    small_int,
)
from app.plans.models import ActionPlan
from app.plans.routes.common import (
    _commitment,
    _editable,
    _lang,
    _plan,
    _requirements,
    bp,
)

# --- co-creation evidence -------------------------------------------------------------------

def _cocreation_page(plan: ActionPlan, forms: dict[str, Any] | None = None, status: int = 200):
    db = get_db()
    ids = services.municipality_ids(plan)
    forms = forms or {}
    meetings = evidence.meetings_of(db, plan)
    return render_template(
        "plans/cocreation.html", plan=plan, meetings=[(m, *evidence.counts(m)) for m in meetings],
        feedback=evidence.feedback_of(db, plan), endorsements=evidence.endorsements_of(db, plan),
        requirements=_requirements(plan), people=evidence.people_of(db, plan),
        editable=access.can_edit(current_user, ids),
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
    allowed = {u.id for u in evidence.people_of(db, plan)}
    chosen = [n for n in (small_int(v) for v in request.form.getlist("participants"))
              if n is not None and n in allowed]
    with committing():
        evidence.add_meeting(db, plan, form.held_on.data, form.phase.data,
                             (form.title.data or "").strip(), chosen, form.guests_government.data or 0,
                             form.guests_non_government.data or 0)
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
    with committing():
        evidence.add_feedback(db, plan, (form.source.data or "").strip(),
                              (form.received.data or "").strip(),
                              (form.answer.data or "").strip(), form.received_on.data)
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
    with committing():
        evidence.add_endorsement(db, plan, form.scope.data,
                                 (form.organisation.data or "").strip(),
                                 (form.person.data or "").strip(), form.endorsed_on.data)
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
    commitment_id = small_int(request.form.get("commitment_id"))
    if commitment_id is not None:
        commitment = _commitment(plan, commitment_id)
    if form.validate():
        with committing():
            evidence.add_comment(db, plan, current_user, (form.body.data or "").strip(),
                                 commitment)
        flash(_("The comment is added."), "success")
    else:
        flash(_("Write a comment of at most 5000 characters."), "error")
    if commitment:
        return redirect(url_for("plans.commitment", plan_id=plan.id,
                                commitment_id=commitment.id) + "#comments")
    return redirect(url_for("plans.plan", plan_id=plan.id) + "#comments")
