"""Scheduling pages: run of show."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import (
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
from flask_login import login_required

from app.content.services import library
from app.db import committing, get_db, utcnow
from app.scheduling import services, timing
from app.scheduling.forms import (
    LateForm,
)
from app.scheduling.models import TrainingSession
from app.scheduling.routes.common import _session_for, bp
from app.scheduling.session_agenda import outline_in

# --- run of show ------------------------------------------------------------------------------

def _show(item: TrainingSession):
    module = library().module(item.module_id) or abort(404)
    done = {int(i) for i in item.blocks_done or []}
    outline = outline_in(library(), module.id, str(get_locale() or "uk")) or module.outline
    return module, timing.run_of_show(item.start, outline, item.late_minutes, done, utcnow())


@bp.route("/sessions/<int:session_id>/show")
@login_required
def run_of_show(session_id: int):
    item = _session_for(session_id, manage=True)
    module, show = _show(item)
    return render_template("scheduling/show.html", session=item, module=module, show=show,
                           zone=ZoneInfo(item.timezone), late_form=LateForm(late_minutes=item.late_minutes or 10))


@bp.route("/sessions/<int:session_id>/show/state")
@login_required
def run_of_show_state(session_id: int):
    item = _session_for(session_id, manage=True)
    _module, show = _show(item)
    zone = ZoneInfo(item.timezone)
    return jsonify(late_minutes=show.late_minutes, current=show.current_index,
                   seconds_left=show.seconds_left,
                   rows=[{"start": r.start.astimezone(zone).strftime("%H:%M"),
                          "end": r.end.astimezone(zone).strftime("%H:%M"), "done": r.done,
                          "current": r.current} for r in show.rows])


@bp.route("/sessions/<int:session_id>/show/late", methods=["POST"])
@login_required
def running_late(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    form = LateForm()
    if form.validate_on_submit():
        with committing(form):
            services.set_late_minutes(db, item, form.late_minutes.data)
    else:
        flash(_("Enter the delay in minutes (0 to 240)."), "error")
    return redirect(url_for("scheduling.run_of_show", session_id=item.id))


@bp.route("/sessions/<int:session_id>/show/done", methods=["POST"])
@login_required
def block_done(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    module = library().module(item.module_id) or abort(404)
    try:
        index = int(request.form.get("block", ""))
    except ValueError:
        abort(400)
    if not 0 <= index < len(module.outline):
        abort(400)
    with committing():
        services.toggle_block_done(db, item, index)
    return redirect(url_for("scheduling.run_of_show", session_id=item.id))


