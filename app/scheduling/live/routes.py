"""People of a cohort (add by name, paste, CSV template, invitations), the projector view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
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

from app import mail
from app.auth.access import role_required
from app.content.services import library
from app.db import committing, get_db
from app.errors import ServiceError
from app.forms import uploaded_text
from app.registry.lookup import find_hromada, suggest
from app.registry.lookup import label as hromada_label
from app.scheduling import services as scheduling
from app.scheduling.live import paste, people
from app.scheduling.live import projector as projector_service
from app.scheduling.live.forms import MoveRestForm, PasteForm, PauseForm, PeopleFileForm, PersonForm
from app.scheduling.models import Cohort, TrainingSession

bp = Blueprint("live", __name__)


def _locale() -> str:
    return str(get_locale() or "uk")


def cohort_for_manage(cohort_id: int) -> Cohort:
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not scheduling.can_view(db, current_user, cohort):
        abort(404)
    if not scheduling.can_manage(db, current_user, cohort):
        abort(403)
    return cohort


def _person_form(cohort: Cohort) -> PersonForm:
    form = PersonForm()
    form.stakeholder_type.choices = [("", "—")] + [
        (value, labels[0] if _locale() == "uk" else labels[1])
        for value, labels in people.stakeholder_choices().items()]
    form.role.choices = [(value, labels[0] if _locale() == "uk" else labels[1])
                         for value, labels in people.role_choices().items()]
    return form


def _invite(db, users) -> list[tuple]:
    """A link for each new person; emailed when SMTP is configured. Returns (user, url, sent)."""
    out = []
    with committing():  # the links must work before the emails arrive
        for user in users:
            token = people.issue_invitation(db, user, current_user.id)
            out.append((user, url_for("auth.invitation", token=token, _external=True)))
    return [(user, url, mail.send_invitation(user.email, user.name, url, user.locale))
            for user, url in out]


def _page(cohort: Cohort, person_form=None, paste_form=None, file_form=None, errors=None,
          candidates=None, links=None, status=200):
    db = get_db()
    person_form = person_form or _person_form(cohort)
    return render_template(
        "live/people.html", cohort=cohort, form=person_form, paste_form=paste_form or PasteForm(),
        file_form=file_form or PeopleFileForm(), errors=errors or [], candidates=candidates or [],
        links=links or [], pending=people.pending(db, cohort),
        stakeholders=people.stakeholder_choices(), roles=people.role_choices(),
        hromada_label=hromada_label, headers=paste.TEMPLATE_HEADERS_UK,
        smtp=bool(mail_configured()), learners=scheduling.learners(db, cohort)), status


def mail_configured() -> bool:
    return bool(current_app.config["SMTP_HOST"])


def _added(cohort: Cohort, result) -> Response | tuple:
    db = get_db()
    invited = _invite(db, result.created)
    sent = sum(1 for _u, _url, ok in invited if ok)
    flash(_("%(n)d added to the cohort; %(s)d invitations emailed.", n=len(result.enrolled), s=sent),
          "success")
    if invited and sent < len(invited):
        return _page(cohort, links=[(u, url) for u, url, ok in invited if not ok])
    return redirect(url_for("live.people_page", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/people", methods=["GET", "POST"])
@login_required
def people_page(cohort_id: int):
    db = get_db()
    cohort = cohort_for_manage(cohort_id)
    form = _person_form(cohort)
    candidates = []
    if request.method == "POST":
        if form.validate_on_submit():
            typed = form.hromada.data or ""
            chosen = request.form.get("hromada_code", "")
            if chosen:  # picked from the list after an unclear name (works without JavaScript)
                typed = chosen
            row = paste.PastedRow(1, {"name": form.name.data, "email": form.email.data,
                                      "hromada": typed, "stakeholder_type": form.stakeholder_type.data,
                                      "role": form.role.data})
            result = people.add_people(db, cohort, [row], current_user, _locale())
            if not result.errors:
                return _added(cohort, result)
            for error in result.errors:
                target = getattr(form, error.field, None) if error.field in (
                    "name", "email", "hromada", "stakeholder_type", "role") else None
                if target is not None:
                    target.errors = list(target.errors) + [error.message]
                else:
                    form.form_errors.append(error.message)
                candidates = error.candidates or candidates
        return _page(cohort, person_form=form, candidates=candidates, status=422)
    return _page(cohort, person_form=form)


@bp.route("/cohorts/<int:cohort_id>/people/paste", methods=["POST"])
@login_required
def paste_people(cohort_id: int):
    cohort = cohort_for_manage(cohort_id)
    form = PasteForm()
    if not form.validate_on_submit():
        return _page(cohort, paste_form=form, status=422)
    return _rows(cohort, form.rows.data, paste_form=form)


def _rows(cohort: Cohort, text: str, paste_form=None, file_form=None):
    db = get_db()
    parsed = paste.parse(text)
    if parsed.header_error:
        message = _("Unknown columns: %(c)s. Use the template's headers.",
                    c=parsed.header_error.split(":", 1)[1][:200])
        return _page(cohort, paste_form=paste_form, file_form=file_form,
                     errors=[people.RowError(1, "rows", message)], status=422)
    result = people.add_people(db, cohort, list(parsed.rows), current_user, _locale())
    if result.errors:
        return _page(cohort, paste_form=paste_form, file_form=file_form, errors=result.errors,
                     status=422)
    return _added(cohort, result)


@bp.route("/cohorts/<int:cohort_id>/people/file", methods=["POST"])
@login_required
def upload_people(cohort_id: int):
    cohort = cohort_for_manage(cohort_id)
    form = PeopleFileForm()
    if not form.validate_on_submit():
        return _page(cohort, file_form=form, status=422)
    text = uploaded_text(form.file.data, 2_000_000)
    if text is None:
        form.file.errors = [_("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")]
        return _page(cohort, file_form=form, status=422)
    return _rows(cohort, text, file_form=form)


@bp.route("/cohorts/<int:cohort_id>/people/template.csv")
@login_required
def people_template(cohort_id: int):
    cohort = cohort_for_manage(cohort_id)
    example = cohort.municipalities[0].name_uk if cohort.municipalities else "Вінницька міська громада"
    body = paste.template_csv([
        ("Олена Коваленко", "olena@example.org", example, "Органи влади", "Учасник"),
        ("Петро Шевчук", "petro@example.org", example, "Громадянське суспільство", "Учасник"),
    ])
    return Response("\ufeff" + body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="uchasnyky-shablon.csv"',
                             "Cache-Control": "private, no-store"})


@bp.route("/cohorts/<int:cohort_id>/people/<int:user_id>/invite", methods=["POST"])
@login_required
def resend(cohort_id: int, user_id: int):
    db = get_db()
    cohort = cohort_for_manage(cohort_id)
    person = people.pending_person(db, cohort, user_id) or abort(404)
    (_user, _url, sent), = _invite(db, [person])
    if sent:
        flash(_("Invitation emailed to %(email)s.", email=person.email), "success")
    else:
        flash(_("Email is not set up: copy the link for %(name)s from the list.", name=person.name),
              "info")
    return redirect(url_for("live.people_page", cohort_id=cohort.id) + "#pending")


@bp.route("/cohorts/<int:cohort_id>/people/invite-all", methods=["POST"])
@login_required
def invite_all(cohort_id: int):
    db = get_db()
    cohort = cohort_for_manage(cohort_id)
    waiting = [p.user for p in people.pending(db, cohort)]
    invited = _invite(db, waiting)
    sent = sum(1 for _u, _url, ok in invited if ok)
    if sent:
        flash(_("%(n)d invitations emailed.", n=sent), "success")
    if sent < len(invited):
        flash(_("Email is not set up: copy the links from the list."), "info")
    return redirect(url_for("live.people_page", cohort_id=cohort.id) + "#pending")


@bp.route("/hromadas/suggest")
@role_required("admin", "trainer")
def hromada_suggest():
    db = get_db()
    typed = request.args.get("q", "")[:100]
    found = suggest(db, typed)
    exact = find_hromada(db, typed).found
    return jsonify([{"code": m.code, "label": hromada_label(m, _locale()),
                     "exact": exact is not None and m.id == exact.id} for m in found])


# --- the projector view -----------------------------------------------------------------------

def _session_for_manage(session_id: int) -> TrainingSession:
    session = get_db().get(TrainingSession, session_id)
    if session is None:
        abort(404)
    cohort_for_manage(session.cohort_id)
    return session


def _back(session: TrainingSession, **args) -> Response:
    return redirect(url_for("live.projector", session_id=session.id, **args))


@bp.route("/sessions/<int:session_id>/projector")
@login_required
def projector(session_id: int):
    db = get_db()
    session = _session_for_manage(session_id)
    try:
        now_state = projector_service.state(db, session, library(), lang=_locale())
    except ServiceError:
        abort(404)
    last = projector_service.last_pause(db, session)
    offer_move = last is not None and last.resumed_at is not None and last.moved_to_id is None \
        and request.args.get("resumed") == "1"
    moved_to = db.get(TrainingSession, last.moved_to_id) if last and last.moved_to_id else None
    return render_template("live/projector.html", session=session, st=now_state,
                           zone=ZoneInfo(session.timezone), pause_form=PauseForm(),
                           offer_move=offer_move, moved_to=moved_to,
                           reason_label=projector_service.reason_label)


def _act(session_id: int, action) -> Response:
    db = get_db()
    session = _session_for_manage(session_id)
    with committing(flash_error=True):
        action(db, session)
    return _back(session)


@bp.route("/sessions/<int:session_id>/projector/next", methods=["POST"])
@login_required
def projector_next(session_id: int):
    return _act(session_id, lambda db, s: projector_service.next_block(db, s, library(), current_user))


@bp.route("/sessions/<int:session_id>/projector/shift", methods=["POST"])
@login_required
def projector_shift(session_id: int):
    _session_for_manage(session_id)  # who may, before what was sent
    try:
        minutes = int(request.form.get("minutes", ""))
    except ValueError:
        abort(400)
    return _act(session_id, lambda db, s: projector_service.shift(db, s, minutes, current_user))


@bp.route("/sessions/<int:session_id>/projector/pause", methods=["POST"])
@login_required
def projector_pause(session_id: int):
    reason = request.form.get("reason", "alert")
    return _act(session_id, lambda db, s: projector_service.pause(db, s, current_user, reason))


@bp.route("/sessions/<int:session_id>/projector/resume", methods=["POST"])
@login_required
def projector_resume(session_id: int):
    db = get_db()
    session = _session_for_manage(session_id)
    with committing(flash_error=True) as done:
        record = projector_service.resume(db, session, current_user)
    if not done.ok:
        return _back(session)
    flash(_("Resumed after %(n)d min: the remaining blocks moved by as much.",
            n=record.shift_minutes), "success")
    return _back(session, resumed=1)


@bp.route("/sessions/<int:session_id>/projector/move", methods=["GET", "POST"])
@login_required
def projector_move(session_id: int):
    db = get_db()
    session = _session_for_manage(session_id)
    local = session.start.astimezone(ZoneInfo(session.timezone))
    form = MoveRestForm() if request.method == "POST" else MoveRestForm(
        date=(local + timedelta(days=1)).date(), start_time=local.time())
    status = 200
    if form.validate_on_submit():
        if not 2000 <= form.date.data.year <= 2100:
            form.date.errors = [_("Choose a date between the years 2000 and 2100.")]
        else:
            start = datetime.combine(form.date.data, form.start_time.data).replace(
                tzinfo=ZoneInfo(session.timezone)).astimezone(UTC)
            with committing(form) as done:
                moved = projector_service.move_rest(db, session, library(), start, current_user)
            if done.ok:
                flash(_("The rest of the session moved to %(when)s.",
                        when=moved.start.astimezone(ZoneInfo(moved.timezone)).strftime("%d.%m.%Y %H:%M")),
                      "success")
                return redirect(url_for("scheduling.session", session_id=moved.id))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("live/move_rest.html", session=session, form=form,
                           last=projector_service.last_pause(db, session)), status
