"""What every action plan page shares: the blueprint, access lookups, messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.db import get_db
from app.errors import ServiceError
from app.plans import access, evidence, rules, services
from app.plans.models import ActionPlan, Commitment
from app.registry.models import Municipality

bp = Blueprint("plans", __name__)


@bp.app_template_test("startingwith")
def _starts_with(value: object, prefix: str) -> bool:
    return isinstance(value, str) and value.startswith(prefix)



def _lang() -> str:
    return str(get_locale() or "uk")


def messages() -> dict[str, str]:
    """Refusals and form errors, by code."""
    return {
        "too_many": _("A joint plan has at most four hromadas."),
        "duplicate": _("This hromada is already in the plan."),
        "bad_status": _("Unknown status."),
        "stays_submitted": _("A submitted plan stays submitted; change its commitments instead."),
        "missing_english": _("The plan cannot be marked ready while required fields lack "
                             "English: the plan is submitted in English."),
        "limit": _("The plan already has its limit of open commitments; a commitment counts "
                   "until it is completed and assessed."),
        "submitted": _("A commitment of a submitted plan is changed, not deleted."),
        "stale": _("Someone else saved this page first. Your text is kept below: compare it "
                   "with the saved version, then save again."),
        "bad_date": _("Use a date like 2026-05-31."),
        "date_range": _("Use a date between 2000 and 2100."),
        "bad_number": _("Enter a whole number."),
        "too_long": _("This text is too long."),
        "control": _("The form contains characters that cannot be saved."),
        "period_order": _("The period must end after it starts."),
        "unknown": _("Choose one of the plan's hromadas."),
        "reason": _("Say why the commitment changes: changes to a submitted plan are recorded."),
        "approved_by": _("Name the non-governmental stakeholders who approved the change."),
        "no_code": _("No hromada has this KATOTTG code."),
    }


def field_error(message: str) -> str:
    """A field's error in the reader's language: service codes, or the plan reader's
    English (app.plans.values) recognised by its kind."""
    known = messages()
    if message in known:
        return known[message]
    if "not a date" in message or "date as text" in message:
        return known["bad_date"]
    if "year must be" in message:
        return known["date_range"]
    if message.startswith("unknown value") or "yes, partly or no" in message:
        return _("Choose one of the options.")
    if message.startswith(("longer than", "at most")):
        return known["too_long"]
    if "whole number" in message:
        return known["bad_number"]
    return _("This value cannot be saved here.")


def _message(error: ServiceError | None) -> str:
    """A refusal's words: services refuse with a code (see messages())."""
    code = error.message if error else ""
    return messages().get(code, code)


def _plan(plan_id: int) -> ActionPlan:
    db = get_db()
    plan = db.get(ActionPlan, plan_id)
    if plan is None or not access.can_read(db, current_user, services.municipality_ids(plan)):
        abort(404)
    return plan


def _editable(plan: ActionPlan) -> ActionPlan:
    if not access.can_edit(current_user, services.municipality_ids(plan)):
        abort(403)
    return plan


def _commitment(plan: ActionPlan, commitment_id: int) -> Commitment:
    commitment = get_db().get(Commitment, commitment_id)
    if commitment is None or commitment.plan_id != plan.id:
        abort(404)
    return commitment


def _municipality(code: str) -> Municipality:
    municipality = get_db().scalar(select(Municipality).where(
        Municipality.code == code.strip().upper()[:32]))
    if municipality is None:
        abort(404)
    return municipality


def _rule_messages(results: list[rules.RuleResult]) -> list[dict[str, Any]]:
    return [r.as_json(_) for r in results]


def _team_municipality(plan: ActionPlan) -> int:
    ids = services.municipality_ids(plan)
    if current_user.municipality_id in ids:
        return current_user.municipality_id
    return ids[0]


def _requirements(plan: ActionPlan) -> list[dict[str, Any]]:
    found = rules.cocreation_requirements(evidence.evidence(get_db(), plan), date.today())
    return [{"key": r.key, "met": r.met, "message": r.message(_)} for r in found]
