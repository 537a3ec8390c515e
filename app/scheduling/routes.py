"""Cohorts, sessions, joining, attendance, the run of show and calendars."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.access import role_required
from app.auth.models import User
from app.auth.services import create_invitation, user_by_email
from app.content.services import library
from app.db import get_db, utcnow
from app.scheduling.agenda import AgendaError
from app.errors import ServiceError
from app.events import progress_changed
from app.pagination import page_arg, paginate
from app.text import has_control_chars
from app.scheduling import codes, services, timing
from app.scheduling.forms import (
    CheckInForm, CohortForm, CsvForm, EnrolForm, JoinForm, LateForm, ReportForm, RescheduleForm,
    SessionForm,
)
from app.scheduling.models import COHORT_STATUSES, Attendance, Cohort, TrainingSession
from app.scheduling.views import calendar_bytes, local_start

bp = Blueprint("scheduling", __name__)


def _trainer_choices(db):
    trainers = db.scalars(select(User).where(User.role.in_(("trainer", "admin")),
                                             User.active.is_(True)).order_by(User.name))
    return [(u.id, u.name) for u in trainers]


def _cohort_for_view(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not services.can_view(db, current_user, cohort):
        abort(404)
    return cohort


def _cohort_for_manage(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not services.can_view(db, current_user, cohort):
        abort(404)
    if not services.can_manage(db, current_user, cohort):
        abort(403)
    return cohort


def _session_for(session_id: int, manage: bool = False) -> TrainingSession:
    db = get_db()
    session = db.get(TrainingSession, session_id)
    if session is None:
        abort(404)
    (_cohort_for_manage if manage else _cohort_for_view)(session.cohort_id)
    return session


def _progress(session: TrainingSession) -> None:
    """Tell other features (completion records) that the cohort's progress changed."""
    progress_changed.send(current_app._get_current_object(), db=get_db(),
                          cohort_id=session.cohort_id, actor_id=current_user.id)


def _aware(date_value, time_value, zone: str) -> datetime:
    from app.scheduling.agenda import localise

    if not 2000 <= date_value.year <= 2100:
        raise ServiceError(_("Choose a date between the years 2000 and 2100."), "date")
    try:
        return localise(datetime.combine(date_value, time_value), ZoneInfo(zone)).astimezone(
            ZoneInfo("UTC"))
    except AgendaError as error:
        raise ServiceError(str(error), "start_time") from None


# --- cohorts ---------------------------------------------------------------------------------

@bp.route("/cohorts")
@login_required
def cohorts():
    db = get_db()
    page = paginate(db, services.visible_cohorts(current_user), page_arg(request.args.get("page")))
    return render_template("scheduling/cohorts.html", page=page)


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("admin", "trainer")
def new_cohort():
    db = get_db()
    lib = library()
    form = CohortForm()
    form.plan_id.choices = [("", _("No plan: I add sessions by hand"))] + [
        (p.id, p.title) for p in lib.plans]
    form.co_trainer_ids.choices = _trainer_choices(db)
    if current_user.role == "admin":
        form.lead_trainer_id.choices = _trainer_choices(db)
    else:
        del form.lead_trainer_id  # a trainer leads the cohorts they create
    if form.validate_on_submit():
        lead = form.lead_trainer_id.data if current_user.role == "admin" else current_user.id
        spec = services.CohortSpec(
            name=form.name.data, lead_trainer_id=lead, capacity=form.capacity.data,
            timezone=form.timezone.data, plan_id=form.plan_id.data or "",
            municipality_codes=(form.municipality_codes.data or "").split(),
            co_trainer_ids=[i for i in form.co_trainer_ids.data if i != lead],
            is_tot=bool(form.is_tot.data))
        try:
            if spec.plan_id:
                if not form.start_date.data:
                    raise ServiceError(_("Choose the first day."), "start_date")
                plan = lib.plan(spec.plan_id)
                first_start = form.start_time.data or datetime.strptime(plan.days[0].start, "%H:%M").time()
                cohort = services.create_cohort_from_plan(
                    db, spec, lib, datetime.combine(form.start_date.data, first_start),
                    current_user, venue=form.venue.data or "", online_link=form.online_link.data or "")
            else:
                cohort = services.create_cohort(db, spec, current_user)
        except ServiceError as error:
            db.rollback()
            form.attach(error)
        else:
            db.commit()
            flash(_("Cohort created. Share the join code %(code)s with participants.",
                    code=codes.format_code(cohort.join_code)), "success")
            return redirect(url_for("scheduling.cohort", cohort_id=cohort.id))
    return render_template("scheduling/cohort_new.html", form=form)


@bp.route("/cohorts/<int:cohort_id>")
@login_required
def cohort(cohort_id: int):
    db = get_db()
    item = _cohort_for_view(cohort_id)
    manage = services.can_manage(db, current_user, item)
    sees_people = manage or current_user.role in ("admin", "observer")
    grid = services.attendance_grid(db, item) if sees_people else None
    return render_template("scheduling/cohort.html", cohort=item, manage=manage, grid=grid,
                           learner_count=services.learner_count(db, item), lib=library(),
                           enrol_form=EnrolForm(), csv_form=CsvForm(),
                           format_code=codes.format_code, statuses=COHORT_STATUSES)


@bp.route("/cohorts/<int:cohort_id>/code", methods=["POST"])
@login_required
def regenerate_code(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    code = services.regenerate_join_code(db, item, current_user)
    db.commit()
    flash(_("New join code: %(code)s. The old one no longer works.", code=codes.format_code(code)),
          "success")
    return redirect(url_for("scheduling.cohort", cohort_id=item.id))


@bp.route("/cohorts/<int:cohort_id>/status", methods=["POST"])
@login_required
def cohort_status(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    status = request.form.get("status", "")
    if status not in COHORT_STATUSES:
        abort(400)
    item.status = status
    from app.audit import audit

    audit(db, current_user.id, "cohort.status", f"cohort:{item.id}", status=status)
    db.commit()
    return redirect(url_for("scheduling.cohort", cohort_id=item.id))


@bp.route("/cohorts/<int:cohort_id>/enrol", methods=["POST"])
@login_required
def enrol(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    form = EnrolForm()
    if form.validate_on_submit():
        user = user_by_email(db, form.email.data)
        if user is None:
            flash(_("No account has this email. Import participants from CSV to create accounts."),
                  "error")
        else:
            try:
                services.enrol(db, item, user, current_user, form.role.data)
            except ServiceError as error:
                flash(error.message, "error")
            else:
                db.commit()
                flash(_("%(name)s is enrolled.", name=user.name), "success")
    else:
        flash(_("Enter an email address."), "error")
    return redirect(url_for("scheduling.cohort", cohort_id=item.id))


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@login_required
def import_participants(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    form = CsvForm()
    errors, links = [], []
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8")
            if has_control_chars(text.replace("\t", "").replace("\r", "").replace("\n", "")):
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "control characters")
        except UnicodeDecodeError:
            errors = [_("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")]
        else:
            result = services.import_participants(db, item, text, current_user)
            errors = result.errors
            if errors:
                db.rollback()
            else:
                links = [(u, url_for("auth.invitation", token=create_invitation(db, u, current_user.id),
                                     _external=True)) for u in result.created]
                db.commit()
                from app.mail import send_invitation

                for user, url in links:
                    send_invitation(user.email, user.name, url, user.locale)
                flash(_("%(n)d participants enrolled.", n=len(result.enrolled)), "success")
    return render_template("scheduling/import.html", cohort=item, form=form, errors=errors,
                           links=links)


@bp.route("/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    lib = library()
    form = SessionForm(timezone=item.timezone)
    form.module_id.choices = [(m.id, f"{m.id} · {m.title}") for m in lib.modules]
    form.trainer_ids.choices = _trainer_choices(db)
    if request.method == "GET":
        form.trainer_ids.data = [item.lead_trainer_id]
    if form.validate_on_submit():
        module = lib.module(form.module_id.data)
        try:
            start = _aware(form.date.data, form.start_time.data, form.timezone.data)
            end = (_aware(form.date.data, form.end_time.data, form.timezone.data)
                   if form.end_time.data else start + timedelta(minutes=module.duration_min))
            services.add_session(db, item, module, start, end, form.timezone.data,
                                 form.trainer_ids.data or [item.lead_trainer_id], current_user,
                                 venue=form.venue.data or "", online_link=form.online_link.data or "")
        except ServiceError as error:
            db.rollback()
            form.attach(error)
        else:
            db.commit()
            flash(_("Session added."), "success")
            return redirect(url_for("scheduling.cohort", cohort_id=item.id))
    return render_template("scheduling/session_new.html", cohort=item, form=form)


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
    changed = 0
    for key, status in request.form.items():
        if not key.startswith("status-") or not status:
            continue
        try:
            user = learners.get(int(key.removeprefix("status-")))
        except ValueError:
            user = None
        if user is None:
            abort(400)
        try:
            services.mark(db, item, user, status, current_user)
        except ServiceError as error:
            db.rollback()
            flash(error.message, "error")
            return redirect(url_for("scheduling.session", session_id=item.id))
        changed += 1
    _progress(item)
    db.commit()
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
    try:
        text = form.file.data.read().decode("utf-8")
        if has_control_chars(text.replace("\t", "").replace("\r", "").replace("\n", "")):
            raise UnicodeDecodeError("utf-8", b"", 0, 1, "control characters")
        errors = services.import_attendance(db, item, text, current_user)
    except UnicodeDecodeError:
        errors = [_("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")]
    if errors:
        db.rollback()
        for error in errors:
            flash(error, "error")
    else:
        _progress(item)
        db.commit()
        flash(_("Attendance imported."), "success")
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/checkin", methods=["POST"])
@login_required
def checkin(session_id: int):
    db = get_db()
    item = _session_for(session_id)
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            record = services.self_check_in(db, item, current_user, form.code.data)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            _progress(item)
            db.commit()
            flash(_("You are checked in (%(status)s).", status=_label_status(record.status)), "success")
    return redirect(url_for("scheduling.session", session_id=item.id))


def _label_status(status: str) -> str:
    from app.templating import label

    return label(status, "attendance")


@bp.route("/sessions/<int:session_id>/reschedule", methods=["POST"])
@login_required
def reschedule(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    form = RescheduleForm()
    if form.validate_on_submit():
        try:
            start = _aware(form.date.data, form.start_time.data, item.timezone)
            end = _aware(form.date.data, form.end_time.data, item.timezone)
            services.reschedule(db, item, start, end, current_user, form.reason.data or "")
        except ServiceError as error:
            db.rollback()
            flash(error.message, "error")
        else:
            db.commit()
            flash(_("Session moved. Calendars update with the next sync."), "success")
    else:
        flash(_("Enter the date, start and end."), "error")
    return redirect(url_for("scheduling.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/status", methods=["POST"])
@login_required
def session_status(session_id: int):
    db = get_db()
    item = _session_for(session_id, manage=True)
    try:
        services.set_session_status(db, item, request.form.get("status", ""), current_user)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        _progress(item)
        db.commit()
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
            item.report_notes = form.report_notes.data or ""
            db.commit()
            flash(_("Report notes saved."), "success")
            return redirect(url_for("scheduling.report", session_id=item.id))
        status = 422  # the form, with what is wrong next to the field
    people = services.learners(db, item.cohort)
    marks = {a.user_id: a.status for a in db.scalars(select(Attendance).where(
        Attendance.session_id == item.id))}
    attendees = [p for p in people if marks.get(p.id) in ("present", "late")]
    organisations = sorted({p.organisation or (p.municipality.name_uk if p.municipality else "")
                            for p in attendees} - {""})
    return render_template("scheduling/report.html", session=item, attendees=attendees,
                           people=people, marks=marks, organisations=organisations,
                           module=library().module(item.module_id),
                           form=form, manage=manage), status


# --- run of show ------------------------------------------------------------------------------

def _show(item: TrainingSession):
    module = library().module(item.module_id) or abort(404)
    done = {int(i) for i in item.blocks_done or []}
    return module, timing.run_of_show(item.start, module.outline, item.late_minutes, done, utcnow())


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
        item.late_minutes = form.late_minutes.data
        db.commit()
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
    done = set(item.blocks_done or [])
    done.symmetric_difference_update({index})  # pressing again undoes it
    item.blocks_done = sorted(done)
    db.commit()
    return redirect(url_for("scheduling.run_of_show", session_id=item.id))


# --- participants -----------------------------------------------------------------------------

@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        db = get_db()
        try:
            item = services.join_with_code(db, current_user, form.code.data)
        except ServiceError as error:
            form.attach(error)
        else:
            db.commit()
            flash(_("Welcome to %(name)s!", name=item.name), "success")
            return redirect(url_for("scheduling.cohort", cohort_id=item.id))
    return render_template("scheduling/join.html", form=form)


@bp.route("/my/sessions")
@login_required
def my_sessions():
    db = get_db()
    feed = services.calendar_feed(db, current_user)
    db.commit()
    return render_template("scheduling/my_sessions.html",
                           sessions=services.upcoming_sessions(db, current_user),
                           feed_url=url_for("scheduling.calendar", token=feed.token, _external=True))


@bp.route("/my/calendar/reset", methods=["POST"])
@login_required
def reset_calendar():
    db = get_db()
    services.calendar_feed(db, current_user, reset=True)
    db.commit()
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
