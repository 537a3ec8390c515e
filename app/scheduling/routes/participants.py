"""Scheduling pages: participants."""

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

from app.content.services import library
from app.db import committing, get_db
from app.scheduling import services
from app.scheduling.forms import (
    JoinForm,
)
from app.scheduling.routes.common import bp
from app.scheduling.session_agenda import calendar_bytes

# --- participants -----------------------------------------------------------------------------

@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        db = get_db()
        with committing(form) as done:
            item = services.join_with_code(db, current_user, form.code.data,
                                           request.remote_addr or "unknown")
        if done.ok:
            flash(_("Welcome to %(name)s!", name=item.name), "success")
            return redirect(url_for("scheduling.cohort", cohort_id=item.id))
    return render_template("scheduling/join.html", form=form)


@bp.route("/my/sessions")
@login_required
def my_sessions():
    db = get_db()
    with committing():
        feed = services.calendar_feed(db, current_user)
    return render_template("scheduling/my_sessions.html",
                           sessions=services.upcoming_sessions(db, current_user),
                           feed_url=url_for("scheduling.calendar", token=feed.token, _external=True))


@bp.route("/my/calendar/reset", methods=["POST"])
@login_required
def reset_calendar():
    db = get_db()
    with committing():
        services.calendar_feed(db, current_user, reset=True)
    flash(_("A new calendar address is ready; the old one stopped working."), "success")
    return redirect(url_for("scheduling.my_sessions"))


@bp.route("/calendar/<token>.ics")
def calendar(token: str):
    db = get_db()
    owner = services.feed_owner(db, token)
    if owner is None:
        abort(404)
    body = calendar_bytes(services.my_sessions(db, owner), library(), "Spilno", owner.locale)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=spilno.ics",
                             "Cache-Control": "private, max-age=300"})
