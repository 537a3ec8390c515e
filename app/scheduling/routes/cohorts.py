"""Scheduling pages: cohorts."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app.auth.access import role_required
from app.auth.services import invite_new_users, user_by_email
from app.content.services import library
from app.db import committing, get_db
from app.errors import ServiceError
from app.forms import uploaded_text
from app.mail import send_invitation
from app.pagination import page_arg, paginate
from app.registry.models import Municipality
from app.scheduling import codes, services
from app.scheduling.forms import (
    ENROL_ROLES,
    CohortForm,
    CsvForm,
    EnrolForm,
    SessionForm,
)
from app.scheduling.models import COHORT_STATUSES
from app.scheduling.routes.common import (
    _aware,
    _cohort_for_manage,
    _cohort_for_view,
    _trainer_choices,
    bp,
)
from app.templating import label

# --- cohorts ---------------------------------------------------------------------------------

@bp.route("/cohorts")
@login_required
def cohorts():
    db = get_db()
    page = paginate(db, services.visible_cohorts(current_user), page_arg(request.args.get("page")))
    return render_template("scheduling/cohorts.html", page=page)


def _title(lib, kind: str, item_id: str) -> str:
    """A plan's or module's title in the reader's language."""
    item = lib.translated(kind, item_id, str(get_locale() or "uk"))[0]
    return item.title if item is not None else item_id


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("admin", "trainer")
def new_cohort():
    db = get_db()
    lib = library()
    form = CohortForm()
    form.plan_id.choices = [("", _("No plan: I add sessions by hand"))] + [
        (p.id, _title(lib, "plan", p.id)) for p in lib.plans]
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
            municipality_codes=(form.municipality_codes.data or "").splitlines(),  # names have spaces
            co_trainer_ids=[i for i in form.co_trainer_ids.data if i != lead],
            is_tot=bool(form.is_tot.data))
        with committing(form) as done:
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
        if done.ok:
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
                           grid_rows=_grid_rows(grid, str(get_locale())) if grid else [],
                           learner_count=len(grid.people) if grid else services.learner_count(db, item),
                           lib=library(),
                           enrol_roles=ENROL_ROLES,
                           format_code=codes.format_code, statuses=COHORT_STATUSES)


def _grid_rows(grid: services.AttendanceGrid, locale: str) -> list[Markup]:
    """Each participant's line of the grid as one escaped string, built here rather than in
    Jinja (the grid was half the page's cost at 40 people): the same five cells and a few
    hromadas and sectors recur down the grid, so each is escaped and translated once. Plain
    f-strings over `escape()`: Markup.format costs ten times as much a line."""
    cells: dict[str | None, str] = {}
    places: dict[int | None, str] = {}
    sectors: dict[str | None, str] = {}
    lines = []
    for row in grid.rows():
        person = row.person
        for status in row.statuses:
            if status not in cells:
                text = label(status, "attendance") if status else "·"
                cells[status] = f'<td class="att att-{escape(status or "none")}">{escape(text)}</td>'
        if person.municipality_id not in places:
            places[person.municipality_id] = str(escape(
                Municipality.name_in(locale, person.name_uk, person.name_en) if person.municipality_id else ""))
        if person.stakeholder_type not in sectors:
            sectors[person.stakeholder_type] = str(escape(label(person.stakeholder_type, "stakeholder")))
        lines.append(Markup(
            f'<tr><th scope="row">{escape(person.name)}<br><span class="help">'
            f'{places[person.municipality_id]} · {sectors[person.stakeholder_type]}</span></th>'
            + "".join([cells[status] for status in row.statuses])
            + f"<td>{row.present}/{row.counted}</td></tr>"))
    return lines


@bp.route("/cohorts/<int:cohort_id>/code", methods=["POST"])
@login_required
def regenerate_code(cohort_id: int):
    db = get_db()
    item = _cohort_for_manage(cohort_id)
    with committing():
        code = services.regenerate_join_code(db, item, current_user)
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
    with committing():
        services.set_cohort_status(db, item, status, current_user)
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
            with committing(flash_error=True) as done:
                services.enrol(db, item, user, current_user, form.role.data)
            if done.ok:
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
        text = uploaded_text(form.file.data)
        if text is None:
            errors = [_("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")]
        else:
            with committing() as done:
                result = services.import_participants(db, item, text, current_user)
                if result.errors:
                    raise ServiceError(_("Nothing was imported."))
                tokens = invite_new_users(db, result.created, current_user.id)  # in one batch
                links = [(u, url_for("auth.invitation", token=t, _external=True))
                         for u, t in zip(result.created, tokens, strict=True)]
            errors = result.errors
            if done.ok:
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
    form.module_id.choices = [(m.id, f"{m.id} · {_title(lib, 'module', m.id)}") for m in lib.modules]
    form.trainer_ids.choices = _trainer_choices(db)
    if request.method == "GET":
        form.trainer_ids.data = [item.lead_trainer_id]
    if form.validate_on_submit():
        module = lib.module(form.module_id.data)
        with committing(form) as done:
            start = _aware(form.date.data, form.start_time.data, form.timezone.data)
            end = (_aware(form.date.data, form.end_time.data, form.timezone.data)
                   if form.end_time.data else start + timedelta(minutes=module.duration_min))
            services.add_session(db, item, module, start, end, form.timezone.data,
                                 form.trainer_ids.data or [item.lead_trainer_id], current_user,
                                 venue=form.venue.data or "", online_link=form.online_link.data or "")
        if done.ok:
            flash(_("Session added."), "success")
            return redirect(url_for("scheduling.cohort", cohort_id=item.id))
    return render_template("scheduling/session_new.html", cohort=item, form=form)


