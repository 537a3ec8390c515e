"""Helpers of the monitoring routes: the hromada of the URL and who may see it, and the
texts of calendar codes."""

from __future__ import annotations

from flask import (
    abort,
    request,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import throttle
from app.db import get_db
from app.monitoring import access, source
from app.monitoring import calendar as cal
from app.monitoring.evidence import COMPLETION, EVIDENCE_TYPES
from app.monitoring.forms import (
    ASSESSMENT_LABELS,
    KIND_LABELS,
    RISK_LABELS,
    STAKEHOLDER_CHOICES,
    STATUS_LABELS,
)
from app.registry.models import Municipality
from app.registry.services import municipality_by_code


def lang() -> str:
    return str(get_locale() or "uk")


def text_in_locale(value: dict | None) -> str:
    value = value or {}
    locale = lang()
    return value.get(locale) or value.get("uk") or value.get("en") or ""


def member_or_404(code: str) -> Municipality:
    """The hromada of the URL, if it has an OGP Local record (404 otherwise)."""
    db = get_db()
    municipality = municipality_by_code(db, code[:32])
    if municipality is None or not source.is_member(db, municipality.id):
        abort(404)
    return municipality


def readable_or_403(code: str) -> Municipality:
    municipality = member_or_404(code)
    if not access.can_read(get_db(), current_user, municipality.id):
        abort(403)
    return municipality


def updatable_or_403(code: str) -> Municipality:
    municipality = member_or_404(code)
    if not access.can_update(current_user, municipality.id):
        abort(403)
    return municipality


def deadline_title(deadline: cal.Deadline) -> str:
    title = str(KIND_LABELS.get(deadline.kind, deadline.kind))
    if deadline.commitment is not None:
        title += " · " + _("commitment %(n)d", n=deadline.commitment)
    if deadline.quarter:
        title += " · " + deadline.quarter
    return title


def finding_text(finding: cal.Finding) -> str:
    p = finding.params
    texts = {
        "first_plan_late": lambda: _("The first action plan was not submitted by %(deadline)s.",
                                     deadline=p.get("deadline", "")),
        "next_plan_late": lambda: _("No new action plan within four months of the end of the "
                                    "plan that ended on %(plan_end)s.",
                                    plan_end=p.get("plan_end", "")),
        "no_progress": lambda: _("The tracker shows no progress in any commitment in %(first)s "
                                 "and %(second)s.", first=p.get("first", ""),
                                 second=p.get("second", "")),
        "no_update": lambda: _("The tracker was not updated in %(first)s and %(second)s.",
                               first=p.get("first", ""), second=p.get("second", "")),
        "quarter_missed": lambda: _("No tracker update for %(quarter)s.",
                                    quarter=p.get("quarter", "")),
        "quarter_no_progress": lambda: _("No progress recorded in %(quarter)s.",
                                         quarter=p.get("quarter", "")),
    }
    return texts.get(finding.code, lambda: finding.message)()


def labels() -> dict:
    return {"status": STATUS_LABELS, "risk": RISK_LABELS, "kind": KIND_LABELS,
            "completion": {c.key: c.text(lang()) for c in COMPLETION},
            "evidence": {e.key: e.text(lang()) for e in EVIDENCE_TYPES},
            "stakeholder": dict(STAKEHOLDER_CHOICES), "assessment": ASSESSMENT_LABELS}




def address() -> str:
    return request.remote_addr or "unknown"


def by_public_token(lookup, token: str):
    """What a public link's token opens (`lookup(db, token)`), with wrong tokens counted as
    guesses per address (app.auth.throttle.guarded, scope "link"): 404 for a wrong one, 429
    once an address has guessed too often."""
    db = get_db()
    found, wait = throttle.guarded(db, "link", address(), lambda: lookup(db, token))
    if found is None:
        abort(429 if wait else 404)
    return found
