"""The Monitoring Body's reports, and the comment links it shares."""

from __future__ import annotations

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

from app.auth import throttle
from app.db import committing, get_db
from app.monitoring import access, services, source
from app.monitoring.forms import (
    ASSESSMENT_LABELS,
    ASSESSMENT_QUESTIONS,
    CommentForm,
    assessment_form,
)
from app.monitoring.routes import bp
from app.monitoring.routes.common import address, by_public_token, labels, member_or_404, text_in_locale
from app.registry.models import Municipality

# --- the Monitoring Body's reports ---------------------------------------------------------

@bp.route("/monitoring/hromadas/<code>/assessments/<kind>", methods=["GET", "POST"])
@login_required
def assess(code: str, kind: str):
    municipality = member_or_404(code)
    db = get_db()
    if kind not in ASSESSMENT_QUESTIONS:
        abort(404)
    if not access.can_assess(db, current_user, municipality.id):
        abort(403)
    facts = source.member_facts(db, [municipality.id])[municipality.id]
    commitments = [(str(c.id), f"{c.number}. {text_in_locale(c.title)}")
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
    item = by_public_token(services.assessment_by_token, token)
    municipality = db.get(Municipality, item.municipality_id)
    form = CommentForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        # comments are counted per address and per link (a shared link must not carry spam)
        guess = throttle.reserve(db, "comment", f"comment:{item.id}", address())
        if guess.refused:
            form.body.errors = [*form.body.errors, _(
                "Too many comments were sent through this link from here. Please try again in "
                "%(m)d min: your text stays in the form.", m=throttle.wait_message_minutes(guess.wait))]
            status = 429
        else:
            with committing():
                services.add_comment(db, item, form.author.data, form.stakeholder_type.data,
                                     form.body.data)
            flash(_("Thank you: your comment is recorded."), "success")
            return redirect(url_for("monitoring.comment", token=token))
    return render_template("monitoring/comment.html", item=item, m=municipality, form=form,
                           title=ASSESSMENT_LABELS[item.kind],
                           questions=dict(ASSESSMENT_QUESTIONS[item.kind]),
                           labels=labels()), status


