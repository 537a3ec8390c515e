"""One hromada's monitoring: status, calendar, tracker, meetings, voluntary inactivity,
the Monitoring Body's people and the public switch."""

from __future__ import annotations

from flask import (
    Response,
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
from app.monitoring import access, services, source
from app.monitoring.evidence import EVIDENCE_TYPES, content_disposition
from app.monitoring.forms import (
    ASSESSMENT_QUESTIONS,
    BodyMemberForm,
    DeadlineForm,
    MeetingForm,
    PublicForm,
    TrackerUpdateForm,
    VoluntaryForm,
)
from app.monitoring.routes import bp
from app.monitoring.routes.common import (
    deadline_title,
    finding_text,
    labels,
    lang,
    member_or_404,
    readable_or_403,
    text_in_locale,
    updatable_or_403,
)
from app.registry.models import Municipality

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
    municipality = readable_or_403(code)
    db = get_db()
    today = services.today_kyiv()
    with committing():   # the status just computed and the feed address, kept
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
    updates = services.updates_of(db, municipality.id)
    assessments = services.assessments_of(db, municipality.id)
    done = services.done_deadlines(result, facts, updates, assessments) if result else set()
    return render_template(
        "monitoring/hromada.html", m=municipality, result=result, today=today, done=done,
        facts=facts, commitments=commitments, text=text_in_locale,
        updates=updates, meetings=meetings,
        meeting_years=services.meeting_years(db, municipality.id, meetings),
        history=services.status_history(db, municipality.id),
        voluntary=services.voluntary_history(db, municipality.id),
        open_voluntary=services.open_voluntary(db, municipality.id),
        assessments=assessments,
        body=services.body_members(db, municipality.id), settings=settings,
        can_update=can_update, can_assess=access.can_assess(db, current_user, municipality.id),
        can_name_body=access.can_name_body(current_user), feed_url=feed_url,
        deadline_title=deadline_title, finding_text=finding_text, labels=labels(),
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
            choices.append((f"{c.id}", f"{c.number}. {text_in_locale(c.title)}"))
            for position, (milestone_id, output) in enumerate(c.milestones, start=1):
                choices.append((f"{c.id}:{milestone_id}",
                                f"{c.number}.{position} {text_in_locale(output)}"))
    form.commitment.choices = choices
    form.quarter.choices = [(q, q) for q in services.open_quarters(
        db, municipality.id, services.today_kyiv())]
    form.evidence_type.choices = [("", "—")] + [(e.key, e.text(lang())) for e in EVIDENCE_TYPES]
    return form, facts


@bp.route("/monitoring/hromadas/<code>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(code: str):
    municipality = updatable_or_403(code)
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
    municipality = updatable_or_403(code)
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
    municipality = updatable_or_403(code)
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
    municipality = member_or_404(code)
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
    municipality = updatable_or_403(code)
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
    municipality = updatable_or_403(code)
    db = get_db()
    with committing():
        services.feed_token(db, municipality.id, reset=True)
    flash(_("A new calendar address is ready; the old one stopped working."), "success")
    return redirect(url_for("monitoring.hromada", code=municipality.code))


@bp.route("/monitoring/hromadas/<code>/body", methods=["POST"])
@login_required
def add_body_member(code: str):
    municipality = member_or_404(code)
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
    municipality = member_or_404(code)
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


