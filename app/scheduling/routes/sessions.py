"""Scheduling pages: sessions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

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
from sqlalchemy import select

from app.content.services import library
from app.db import committing, get_db, utcnow
from app.errors import ServiceError
from app.forms import uploaded_text
from app.scheduling import codes, services, timing
from app.scheduling.forms import (
    CheckInForm,
    CsvForm,
    ReportForm,
    RescheduleForm,
)
from app.scheduling.models import Attendance
from app.scheduling.routes.common import _aware, _progress, _session_for, bp
from app.scheduling.session_agenda import local_start
from app.templating import label

# --- sessions --------------------------------------------------------------------------------

@bp.route("/sessions/<int:session_id>", methods=["GET"])
@login_required
def session(session_id: int):
    db = get_db()
    item = _session_for(session_id)
    manage = services.can_manage(db, current_user, item.cohort)
    people, marks = [], {}
    if manage or current_user.role in ("admin", "observer"):
        people = services.learners(db, item.cohort)
        marks = {a.user_id: a for a in db.scalars(select(Attendance).where(
            Attendance.session_id == item.id))}
    own = db.scalar(select(Attendance).where(Attendance.session_id == item.id,
                                             Attendance.user_id == current_user.id))
    local = local_start(item)
    reschedule_form = RescheduleForm(date=local.date(), start_time=local.time(),
                                     end_time=item.end.astimezone(ZoneInfo(item.timezone)).time())
    return render_template(
        "scheduling/session.html", session=item, manage=manage, people=people, marks=marks,
        own=own, module=library().module(item.module_id), checkin_form=CheckInForm(),
        checkin_open=timing.checkin_open(item.start, item.end, utcnow()),
        reschedule_form=reschedule_form, report_form=ReportForm(report_notes=item.report_notes),
        csv_form=CsvForm(), format_code=codes.format_code)


@bp.route("/sessions/<int:session_id>/attendance", methods=["POST"])
@login_required
def mark_attendance(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    learners = {u.id: u for u in services.learners(db, item.cohort)}
    marks = []
    for key, status in request.form.items():
        if not key.startswith("status-") or not status:
            continue
        try:
            user = learners.get(int(key.removeprefix("status-")))
        except ValueError:
            user = None
        if user is None:
            abort(400)
        marks.append((user, status))
    with committing(flash_error=True) as done:
        for user, status in marks:
            services.mark(db, item, user, status, current_user)
        _progress(item)
    if done.ok:
        flash(_("Attendance saved."), "success")
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/attendance/import", methods=["POST"])
@login_required
def import_attendance(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    form = CsvForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for("scheduling.session", session_id=item.id))
    text = uploaded_text(form.file.data)
    if text is None:
        flash(_("The file is not UTF-8 text: save it as CSV UTF-8 and try again."), "error")
        return redirect(url_for("scheduling.session", session_id=item.id))
    errors: list[str] = []
    with committing() as done:
        errors = services.import_attendance(db, item, text, current_user)
        if errors:
            raise ServiceError(_("Nothing was imported."))
        _progress(item)
    for error in errors:
        flash(error, "error")
    if done.ok:
        flash(_("Attendance imported."), "success")
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/checkin", methods=["POST"])
@login_required
def checkin(session_id: int):
    db = get_db()
    item = _session_for(session_id)
    form = CheckInForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            record = services.self_check_in(db, item, current_user, form.code.data,
                                            address=request.remote_addr or "unknown")
            _progress(item)
        if done.ok:
            flash(_("You are checked in (%(status)s).", status=_label_status(record.status)), "success")
    return redirect(url_for("scheduling.session", session_id=item.id))


def _label_status(status: str) -> str:

    return label(status, "attendance")


@bp.route("/sessions/<int:session_id>/reschedule", methods=["POST"])
@login_required
def reschedule(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    form = RescheduleForm()
    if form.validate_on_submit():
        with committing(flash_error=True) as done:
            start = _aware(form.date.data, form.start_time.data, item.timezone)
            end = _aware(form.date.data, form.end_time.data, item.timezone)
            services.reschedule(db, item, start, end, current_user, form.reason.data or "")
        if done.ok:
            flash(_("Session moved. Calendars update with the next sync."), "success")
    else:
        flash(_("Enter the date, start and end."), "error")
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/status", methods=["POST"])
@login_required
def session_status(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    with committing(flash_error=True):
        services.set_session_status(db, item, request.form.get("status", ""), current_user)
        _progress(item)
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/report", methods=["GET", "POST"])
@login_required
def report(session_id: int):
    db = get_db()
    item = _session_for(session_id)
    manage = services.can_manage(db, current_user, item.cohort)
    if not manage and current_user.role not in ("admin", "observer"):
        abort(403)
    form = ReportForm() if request.method == "POST" else ReportForm(report_notes=item.report_notes)
    status = 200
    if request.method == "POST":
        if not manage:
            abort(403)
        if form.validate_on_submit():
            with committing(form) as done:
                services.save_report_notes(db, item, form.report_notes.data or "", current_user)
            if done.ok:
                flash(_("Report notes saved."), "success")
                return redirect(url_for("scheduling.report", session_id=item.id))
        status = 422  # the form, with what is wrong next to the field
    sheet = services.session_report(db, item)
    return render_template("scheduling/report.html", session=item, attendees=sheet.attendees,
                           people=sheet.people, marks=sheet.marks,
                           organisations=sheet.organisations,
                           module=library().module(item.module_id),
                           form=form, manage=manage), status


