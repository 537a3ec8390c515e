"""Open without a login: the opt-in public page and the secret calendar feed."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Response,
    abort,
    render_template,
)

from app.db import get_db
from app.monitoring import services, source
from app.monitoring.ics import deadlines_ics
from app.monitoring.routes import bp
from app.monitoring.routes.common import by_public_token, deadline_title, labels, lang, text_in_locale
from app.registry.services import municipality_by_code

# --- public page and the calendar feed -----------------------------------------------------

@bp.route("/hromadas/<code>/progress")
def public_page(code: str):
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    if (municipality is None or not source.is_member(db, municipality.id)
            or not services.is_public(db, municipality.id)):
        abort(404)
    facts = source.member_facts(db, [municipality.id], with_milestones=True)[municipality.id]
    updates = services.updates_of(db, municipality.id)
    latest: dict[int, object] = {}
    for update in updates:
        latest.setdefault(update.commitment_id, update)
    return render_template("monitoring/public.html", m=municipality, facts=facts,
                           latest=latest, updates=updates, text=text_in_locale, labels=labels(),
                           result=services.calendar_of(db, municipality.id),
                           deadline_title=deadline_title)


@bp.route("/ogp/<token>.ics")
def feed(token: str):
    db = get_db()
    municipality = by_public_token(services.feed_municipality, token)
    result = services.calendar_of(db, municipality.id)
    body = deadlines_ics(result.deadlines if result else (), deadline_title,
                         f"OGP Local · {municipality.display_name(lang())}",
                         municipality.code, datetime.now(UTC))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=ogp-local.ics"})


