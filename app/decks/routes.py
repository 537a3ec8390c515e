"""Downloads: slide decks and agendas for modules, plans, cohorts and sessions."""

from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.access import role_required
from app.content.services import library
from app.db import get_db
from app.decks import services
from app.decks.agenda_render import agenda_css
from app.scheduling import services as scheduling
from app.scheduling.agenda import AgendaError, normalise_zone, parse_start, schedule_plan
from app.scheduling.models import Cohort, TrainingSession

bp = Blueprint("decks", __name__)

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _download(body: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "spilno"


def _lang() -> str:
    lang = request.args.get("lang") or current_user.locale
    return lang if lang in ("en", "uk") else "en"


@bp.route("/agenda.css")
def stylesheet():
    return Response(agenda_css(), mimetype="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/course/modules/<module_id>/deck.pptx")
@role_required("admin", "trainer")
def module_deck(module_id: str):
    from app.decks.builder import build_deck, context_for

    lang = _lang()
    module = library().translated("module", module_id, lang)[0] or abort(404)
    body = build_deck(module, context_for(library(), lang))
    return _download(body, PPTX, f"{module.id}-{_slug(module.title)}.pptx")


def _agenda_response(agenda, fmt: str, version: str, lead_names=None, uids=None, sequences=None):
    if fmt not in services.FORMATS:
        abort(404)
    lang = _lang()
    body = services.render_agenda(agenda, fmt, version, lang, lead_names or {},
                                  _("Association of Ukrainian Cities"),
                                  url_for("decks.stylesheet"), uids, sequences)
    return _download(body, services.FORMATS[fmt], f"{_slug(agenda.title)}.{fmt}",
                     inline=fmt == "html")


@bp.route("/course/plans/<plan_id>/agenda.<fmt>")
@login_required
def plan_agenda(plan_id: str, fmt: str):
    lib = library()
    lang = _lang()
    plan = lib.translated("plan", plan_id, lang)[0] or abort(404)
    start_text = request.args.get("start", "")
    try:
        start = parse_start(start_text.replace("T", " ")) if start_text else \
            datetime.combine(datetime.now().date(), datetime.strptime(plan.days[0].start, "%H:%M").time())
        zone = normalise_zone(request.args.get("tz", "Europe/Kyiv"))
        modules = {m.id: lib.translated("module", m.id, lang)[0] for m in lib.modules}
        agenda = schedule_plan(plan, modules, start, zone)
    except AgendaError as error:
        flash(str(error), "error")
        return redirect(url_for("content.plan", plan_id=plan.id))
    return _agenda_response(agenda, fmt, _version())


def _version() -> str:
    wanted = request.args.get("version", "participant")
    if wanted == "trainer" and current_user.has_role("admin", "trainer"):
        return "trainer"
    return "participant"


@bp.route("/sessions/<int:session_id>/deck.pptx")
@login_required
def session_deck(session_id: int):
    db = get_db()
    session = db.get(TrainingSession, session_id)
    if session is None or not scheduling.can_view(db, current_user, session.cohort):
        abort(404)
    if not scheduling.can_manage(db, current_user, session.cohort):
        abort(403)
    body = services.session_deck(session, library(), _lang()) or abort(404)
    return _download(body, PPTX, f"{session.module_id}-{session.start:%Y%m%d}.pptx")


@bp.route("/sessions/<int:session_id>/agenda.<fmt>")
@login_required
def session_agenda(session_id: int, fmt: str):
    db = get_db()
    session = db.get(TrainingSession, session_id)
    if session is None or not scheduling.can_view(db, current_user, session.cohort):
        abort(404)
    from app.scheduling.session_agenda import session_agenda as build

    agenda = build(session, library(), _lang()) or abort(404)
    uids, sequences = services.session_keys([session])
    return _agenda_response(agenda, fmt, _version(), services.leads([session]), uids, sequences)


@bp.route("/cohorts/<int:cohort_id>/agenda.<fmt>")
@login_required
def cohort_agenda(cohort_id: int, fmt: str):
    db = get_db()
    cohort = db.get(Cohort, cohort_id)
    if cohort is None or not scheduling.can_view(db, current_user, cohort):
        abort(404)
    agenda = services.cohort_agenda(cohort, library(), _lang())
    if agenda is None:
        flash(_("The cohort has no sessions yet."), "error")
        return redirect(url_for("scheduling.cohort", cohort_id=cohort.id))
    live = [s for s in cohort.sessions if s.status != "cancelled"]
    uids, sequences = services.session_keys(live)
    return _agenda_response(agenda, fmt, _version(), services.leads(live), uids, sequences)
