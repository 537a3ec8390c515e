"""Action plan operations: they take the request's session, flush, never commit.

The stored plan is converted to the contract's values (app.plans.rules) for checks, exports
and the API, so the web page, the CLI and the API answer alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from app.auth.models import User
from app.db import utcnow
from app.errors import ServiceError
from app.exercises.models import ExerciseWork
from app.plans import drafts, rules, vocab
from app.plans.models import (
    ActionPlan,
    Commitment,
    CommitmentChange,
    Milestone,
    OgpMembership,
    PlanJurisdiction,
)
from app.registry.models import Municipality


class StaleError(ServiceError):
    """Someone saved first: the save is refused (409) and the user's text is kept."""

    def __init__(self, message: str, current_version: int):
        super().__init__(message)
        self.current_version = current_version


class FieldErrors(ServiceError):
    """Input that is not valid: {form field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), next(iter(errors)))
        self.errors = errors


# --- membership ---------------------------------------------------------------------------

def membership_of(db: Session, municipality: Municipality) -> OgpMembership | None:
    return db.scalar(select(OgpMembership).where(OgpMembership.municipality_id == municipality.id))


def ensure_membership(db: Session, municipality: Municipality) -> OgpMembership:
    membership = membership_of(db, municipality)
    if membership is None:
        membership = OgpMembership(municipality_id=municipality.id)
        db.add(membership)
        db.flush()
    return membership


def update_membership(db: Session, membership: OgpMembership, values: dict[str, Any],
                      version: int) -> None:
    if version != membership.version:
        raise StaleError("stale", membership.version)
    for key in ("joined_on", "term_end", "elections_apply", "contact_name", "contact_email",
                "monitoring_body"):
        setattr(membership, key, values[key])
    membership.version += 1
    membership.updated_at = utcnow()
    db.flush()


def plans_of(municipality_id: int) -> Select[tuple[ActionPlan]]:
    return (select(ActionPlan).join(PlanJurisdiction).join(OgpMembership)
            .where(OgpMembership.municipality_id == municipality_id)
            .order_by(ActionPlan.created_at.desc()))


def visible_plans(municipality_ids: Sequence[int] | None) -> Select[tuple[ActionPlan]]:
    """Plans of these hromadas (None: every plan), newest first."""
    stmt = select(ActionPlan).options(selectinload(ActionPlan.jurisdictions)).order_by(
        ActionPlan.created_at.desc())
    if municipality_ids is not None:
        stmt = stmt.where(ActionPlan.id.in_(
            select(PlanJurisdiction.plan_id).join(OgpMembership)
            .where(OgpMembership.municipality_id.in_(list(municipality_ids)))))
    return stmt


# --- plans --------------------------------------------------------------------------------

def create_plan(db: Session, membership: OgpMembership, user: User) -> ActionPlan:
    plan = ActionPlan(updated_by_id=user.id,
                      monitoring_body={"en": "", "uk": membership.monitoring_body}
                      if rules.CYRILLIC.search(membership.monitoring_body)
                      else {"en": membership.monitoring_body, "uk": ""})
    plan.jurisdictions.append(PlanJurisdiction(membership_id=membership.id, position=1))
    db.add(plan)
    db.flush()
    return plan


def add_jurisdiction(db: Session, plan: ActionPlan, municipality: Municipality) -> None:
    if len(plan.jurisdictions) >= 4:
        raise ServiceError("too_many", "code")
    membership = ensure_membership(db, municipality)
    if any(j.membership_id == membership.id for j in plan.jurisdictions):
        raise ServiceError("duplicate", "code")
    plan.jurisdictions.append(PlanJurisdiction(membership_id=membership.id,
                                               position=len(plan.jurisdictions) + 1))
    db.flush()


def municipality_ids(plan: ActionPlan) -> list[int]:
    return [j.membership.municipality_id for j in plan.jurisdictions]


def _text_value(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {"en": str(value.get("en") or ""), "uk": str(value.get("uk") or "")}
    return {"en": "", "uk": ""}


def commitment_data(c: Commitment) -> dict[str, Any]:
    """A stored commitment as the contract's COMMITMENT JSON."""
    return {
        "number": c.number,
        **{key: _text_value(getattr(c, key)) for key in vocab.COMMITMENT_TEXTS},
        "start_date": c.start_date.isoformat() if c.start_date else None,
        "end_date": c.end_date.isoformat() if c.end_date else None,
        "lead_agency": c.lead_agency or None,
        "lead_non_government": c.lead_non_government or None,
        "other_stakeholders": list(c.other_stakeholders or []),
        "policy_areas": list(c.policy_areas or []), "sectors": list(c.sectors or []),
        "ogp_values": list(c.ogp_values or []),
        "resources_secured": c.resources_secured or None,
        "milestones": [{"output": _text_value(m.output),
                        "start_date": m.start_date.isoformat() if m.start_date else None,
                        "end_date": m.end_date.isoformat() if m.end_date else None,
                        "responsible": m.responsible, "contact": m.contact}
                       for m in c.milestones],
        "jurisdiction": c.jurisdiction.municipality.code if c.jurisdiction else "",
        "completed": c.completed_on.isoformat() if c.completed_on else None,
        "assessed": c.assessed_on.isoformat() if c.assessed_on else None,
    }


def commitment_value(c: Commitment) -> rules.Commitment:
    return rules.parse_commitment(commitment_data(c))


def plan_value(plan: ActionPlan, lang: str = "en") -> rules.Plan:
    """The stored plan as the contract's values (what check, export and the API read); the
    hromadas named in `lang` (English, the language of submission, by default)."""
    jurisdictions = [rules.Jurisdiction(j.membership.municipality.display_name(lang),
                                        j.membership.municipality.code,
                                        # without elections the plan runs one to four years
                                        j.membership.term_end if j.membership.elections_apply
                                        else None)
                     for j in plan.jurisdictions]
    vision: dict[str, Any] = {}
    for key, value in (plan.vision or {}).items():
        vision[key] = value if key in vocab.VISION_NUMBERS else _text_value(value)
    commitments = [commitment_value(c) for c in plan.commitments]
    if len(jurisdictions) < 2:
        for c in commitments:
            c.jurisdiction = ""
    return rules.Plan(jurisdictions=jurisdictions, period_start=plan.period_start,
                      period_end=plan.period_end, submitted=plan.submitted_on, vision=vision,
                      monitoring_body=_text_value(plan.monitoring_body),
                      monitoring_body_endorsed=plan.monitoring_body_endorsed,
                      commitments=commitments)


def plan_json(plan: ActionPlan) -> dict[str, Any]:
    return rules.plan_json(plan_value(plan))


def save_plan(db: Session, plan: ActionPlan, values: dict[str, Any], version: int,
              user: User) -> None:
    """Period, vision (Annex 1), Monitoring Body, forum and council decision."""
    if version != plan.version:
        raise StaleError("stale", plan.version)
    plan.period_start = values["period_start"]
    plan.period_end = values["period_end"]
    plan.vision = values["vision"]
    plan.monitoring_body = values["monitoring_body"]
    plan.monitoring_body_endorsed = values["monitoring_body_endorsed"]
    plan.forum = values["forum"]
    plan.council_decision = values["council_decision"]
    plan.council_decision_on = values["council_decision_on"]
    _touch(plan, user)
    db.flush()
    _still_ready(plan)
    db.flush()


def _still_ready(plan: ActionPlan) -> None:
    """A plan marked ready goes back to draft when a save leaves required English missing."""
    if plan.status == "ready" and rules.missing_english(plan_value(plan)):
        plan.status = "draft"


def _touch(item: ActionPlan | Commitment, user: User) -> None:
    item.version += 1
    item.updated_at = utcnow()
    item.updated_by_id = user.id


def set_status(db: Session, plan: ActionPlan, status: str, user: User,
               today: date | None = None) -> None:
    """draft -> ready (refused while required English is missing) -> submitted."""
    if status not in ("draft", "ready", "submitted"):
        raise ServiceError("bad_status", "status")
    value = plan_value(plan)
    if status in ("ready", "submitted"):
        missing = rules.missing_english(value)
        if missing:
            raise ServiceError("missing_english", "status")
    if status == "submitted":
        if plan.status == "submitted":
            return
        plan.submitted_on = today or date.today()
        for c in plan.commitments:
            c.submitted_on = c.submitted_on or plan.submitted_on
    elif plan.status == "submitted":
        raise ServiceError("stays_submitted", "status")
    plan.status = status
    _touch(plan, user)
    db.flush()


# --- commitments --------------------------------------------------------------------------

def active_count(plan: ActionPlan) -> int:
    return sum(1 for c in plan.commitments if not (c.completed_on and c.assessed_on))


def limit_of(plan: ActionPlan) -> int:
    return rules.commitment_limit(len(plan.jurisdictions))


def new_commitment(db: Session, plan: ActionPlan, user: User,
                   draft: drafts.Draft | None = None, source_work_id: int | None = None
                   ) -> Commitment:
    """A new commitment, refused while the plan already has its limit of open ones (a
    completed and assessed commitment no longer counts)."""
    if active_count(plan) >= limit_of(plan):
        raise ServiceError("limit", "commitment")
    number = max((c.number for c in plan.commitments), default=0) + 1
    commitment = Commitment(number=number, updated_by_id=user.id, source_work_id=source_work_id)
    if plan.status == "submitted":
        commitment.submitted_on = date.today()
    plan.commitments.append(commitment)
    db.flush()
    if draft is not None:
        apply_draft(commitment, draft)
        db.flush()
    return commitment


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return not any(str(v).strip() for v in value.values() if v)
    return value in (None, "", [], {})


def apply_draft(commitment: Commitment, draft: drafts.Draft) -> list[str]:
    """Fill the commitment's empty fields from the draft; what is written stays."""
    bad = {path.split("[")[0].split(".")[0] for path in validate_commitment(draft.fields)}
    fields = {k: v for k, v in draft.fields.items() if k not in bad}
    parsed = rules.parse_commitment(fields, "draft")
    value = rules.commitment_json(parsed)
    filled = []
    for key in fields:
        if key == "milestones":
            if not commitment.milestones and parsed.milestones:
                _set_milestones(commitment, value["milestones"])
                filled.append(key)
            continue
        if key in ("start_date", "end_date"):
            if getattr(commitment, key) is None:
                setattr(commitment, key, getattr(parsed, key))
                filled.append(key)
            continue
        current = getattr(commitment, key)
        if _empty(current):
            new = value[key]
            if key in ("policy_areas", "sectors"):
                new = list(getattr(parsed, key))
            setattr(commitment, key, new if new is not None else {})
            filled.append(key)
    return filled


def _set_milestones(commitment: Commitment, rows: list[dict[str, Any]]) -> None:
    commitment.milestones.clear()
    for position, row in enumerate(rows, 1):
        commitment.milestones.append(Milestone(
            position=position, output=row["output"],
            start_date=date.fromisoformat(row["start_date"]) if row["start_date"] else None,
            end_date=date.fromisoformat(row["end_date"]) if row["end_date"] else None,
            responsible=row["responsible"], contact=row["contact"]))


def team_works(db: Session, municipality_id: int) -> dict[str, ExerciseWork]:
    """The hromada team's newest work on each exercise that feeds a commitment."""
    works: dict[str, ExerciseWork] = {}
    for work in db.scalars(select(ExerciseWork).where(
            ExerciseWork.municipality_id == municipality_id,
            ExerciseWork.exercise_id.in_(drafts.SOURCES))
            .order_by(ExerciseWork.updated_at.desc(), ExerciseWork.id.desc())):
        works.setdefault(work.exercise_id, work)
    return works


def pull_drafts(db: Session, plan: ActionPlan, commitment: Commitment, user: User,
                municipality_id: int, items: dict[str, Sequence[str]],
                template: ExerciseWork | None = None) -> dict[str, str]:
    """Fill the commitment's empty fields from the team's exercises: {field: exercise id}.
    `template`: a commitment exercise to start from instead of the team's newest one."""
    works = team_works(db, municipality_id)
    if template is not None:
        works["commitment-template"] = template
    draft = drafts.commitment_draft({k: w.data or {} for k, w in works.items()}, items)
    filled = apply_draft(commitment, draft)
    if draft.period and plan.period_start is None and plan.period_end is None:
        try:
            plan.period_start = date.fromisoformat(draft.period[0])
            plan.period_end = date.fromisoformat(draft.period[1])
        except ValueError:
            pass
    if filled:
        _touch(commitment, user)
    db.flush()
    return {key: draft.sources[key] for key in filled}


def plan_to_continue(db: Session, municipality: Municipality, user: User) -> ActionPlan:
    """The hromada's newest plan that is not yet submitted, or a new one."""
    plan = db.scalars(plans_of(municipality.id).where(ActionPlan.status != "submitted")
                      .limit(1)).first()
    return plan or create_plan(db, ensure_membership(db, municipality), user)


def pull_vision(db: Session, plan: ActionPlan, user: User, municipality_id: int) -> list[str]:
    """Fill the plan's empty vision items from the team's strategic-vision exercise."""
    work = team_works(db, municipality_id).get("strategic-vision")
    if work is None:
        return []
    vision = dict(plan.vision or {})
    filled = []
    for key, value in drafts.vision_draft(work.data or {}).items():
        if key in vocab.VISION_NUMBERS:
            if vision.get(key) is None:
                vision[key] = value
                filled.append(key)
        elif _empty(vision.get(key)):
            vision[key] = rules.read_text(value, key)
            filled.append(key)
    if filled:
        plan.vision = vision
        _touch(plan, user)
        db.flush()
    return filled


def change_window(plan: ActionPlan, commitment: Commitment) -> date | None:
    start = commitment.submitted_on or plan.submitted_on
    return rules.change_window_end(start) if start else None


def save_commitment(db: Session, commitment: Commitment, data: dict[str, Any], version: int,
                    user: User, reason: str = "", approved_by: str = "",
                    today: date | None = None) -> list[str]:
    """Save a commitment from the contract's JSON fields; in a submitted plan the change is
    recorded with who, when and why, and needs the non-government approval named."""
    if version != commitment.version:
        raise StaleError("stale", commitment.version)
    errors = validate_commitment(data)
    plan = commitment.plan
    by_code = {j.membership.municipality.code: j.membership for j in plan.jurisdictions}
    code = data.get("jurisdiction") or ""
    if code and code != "joint" and code not in by_code:
        errors["jurisdiction"] = "unknown"
    if errors:
        raise FieldErrors(errors)
    parsed = rules.parse_commitment(data)
    before = commitment_data(commitment)
    value = rules.commitment_json(parsed)
    for key in vocab.COMMITMENT_TEXTS:
        setattr(commitment, key, value[key])
    commitment.start_date, commitment.end_date = parsed.start_date, parsed.end_date
    commitment.lead_agency = value["lead_agency"] or {}
    commitment.lead_non_government = value["lead_non_government"] or {}
    commitment.other_stakeholders = value["other_stakeholders"]
    commitment.policy_areas = list(parsed.policy_areas)
    commitment.sectors = list(parsed.sectors)
    commitment.ogp_values = list(parsed.ogp_values)
    commitment.resources_secured = parsed.resources_secured
    commitment.completed_on, commitment.assessed_on = parsed.completed, parsed.assessed
    commitment.jurisdiction_id = by_code[code].id if code in by_code else None
    _set_milestones(commitment, value["milestones"])
    db.flush()
    changed = [key for key, old in before.items() if commitment_data(commitment)[key] != old]
    if plan.status == "submitted" and changed:
        if not reason.strip():
            raise FieldErrors({"reason": "reason"})
        if not approved_by.strip():
            raise FieldErrors({"approved_by": "approved_by"})
        window = change_window(plan, commitment)
        commitment.changes.append(CommitmentChange(
            changed_by_id=user.id, reason=reason.strip()[:5000], approved_by=approved_by.strip()[:300],
            fields=changed, within_window=window is None or (today or date.today()) <= window))
    _touch(commitment, user)
    db.flush()
    _still_ready(plan)
    db.flush()
    return changed


def validate_commitment(data: dict[str, Any]) -> dict[str, str]:
    """Every field's error at once ({"start_date": message, "milestones[1].end_date": ...})."""
    errors: dict[str, str] = {}
    for key, value in data.items():
        try:
            rules.parse_commitment({key: value}, "c")
        except rules.PlanInputError as error:
            errors[error.path.removeprefix("c.")] = error.message
    for i, row in enumerate(data.get("milestones") or []):
        for key, limit in (("responsible", 300), ("contact", 200)):
            if len(str(row.get(key) or "")) > limit:
                errors[f"milestones[{i}].{key}"] = f"at most {limit} characters"
    return errors


def delete_commitment(db: Session, plan: ActionPlan, commitment: Commitment) -> None:
    if plan.status == "submitted":
        raise ServiceError("submitted", "commitment")
    plan.commitments.remove(commitment)
    db.flush()
