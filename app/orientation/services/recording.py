"""Recording module and orientation completions from the facts, and revoking them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Library
from app.db import utcnow
from app.errors import ServiceError
from app.orientation import rules
from app.orientation.models import Certificate, ModuleCompletion, OrientationCompletion
from app.orientation.services.certificates import issue_certificate
from app.orientation.services.facts import cohort_facts
from app.orientation.services.rule import rule_for
from app.scheduling.models import Cohort

# --- recording ---------------------------------------------------------------------------------

@dataclass
class Evaluation:
    module_completions: list[ModuleCompletion] = field(default_factory=list)
    orientations: list[OrientationCompletion] = field(default_factory=list)


def evaluate_cohort(db: Session, cohort: Cohort, library: Library,
                    actor_id: int | None = None) -> Evaluation:
    """Records what is newly met. Existing rows (also revoked ones) are never rewritten."""
    rule = rule_for(library, cohort.plan_id, cohort)
    facts = cohort_facts(db, cohort, rule)
    result = Evaluation()
    if not facts:
        return result
    recorded = {(u, m) for u, m in db.execute(
        select(ModuleCompletion.user_id, ModuleCompletion.module_id)
        .where(ModuleCompletion.user_id.in_(facts)))}
    now = utcnow()
    for user_id, participant in facts.items():
        for module_id, status in rules.participant_status(rule, participant).items():
            if status.complete and (user_id, module_id) not in recorded:
                completion = ModuleCompletion(
                    user_id=user_id, module_id=module_id, cohort_id=cohort.id, completed_at=now,
                    plan_id=rule.plan_id, rule_version=rule.version,
                    evidence={**status.evidence, "cohort": cohort.id}, recorded_by_id=actor_id)
                db.add(completion)
                result.module_completions.append(completion)
                audit(db, actor_id, "completion.module", f"user:{user_id}", module=module_id,
                      cohort=cohort.id, rule_version=rule.version)
    db.flush()
    _issue_personal_certificates(db, result.module_completions, rule)
    municipality_ids = set(db.scalars(select(User.municipality_id).where(
        User.id.in_(facts), User.municipality_id.is_not(None))))
    result.orientations = _record_orientations(db, municipality_ids, rule, cohort, actor_id, now)
    for orientation in result.orientations:
        issue_certificate(db, "municipality", municipality_id=orientation.municipality_id,
                          plan_id=rule.plan_id)
    return result


def _issue_personal_certificates(db: Session, new: list[ModuleCompletion], rule: rules.Rule) -> None:
    """A certificate per module completed, and one for the programme once all are."""
    for completion in new:
        issue_certificate(db, "module", user_id=completion.user_id, module_id=completion.module_id)
    for user_id in {c.user_id for c in new}:
        done = set(db.scalars(select(ModuleCompletion.module_id).where(
            ModuleCompletion.user_id == user_id, ModuleCompletion.revoked_at.is_(None))))
        if set(rule.modules) <= done:
            issue_certificate(db, "programme", user_id=user_id, plan_id=rule.plan_id)


def completed_modules(db: Session, municipality_ids: set[int]) -> dict[int, list[tuple[int, str | None, set[str]]]]:
    """For each municipality: (user, stakeholder type, modules completed and not revoked)."""
    people: dict[int, dict[int, tuple[str | None, set[str]]]] = {}
    rows = db.execute(select(User.municipality_id, User.id, User.stakeholder_type,
                             ModuleCompletion.module_id)
                      .outerjoin(ModuleCompletion, and_(ModuleCompletion.user_id == User.id,
                                                        ModuleCompletion.revoked_at.is_(None)))
                      .where(User.municipality_id.in_(municipality_ids), User.role == "participant"))
    for municipality_id, user_id, kind, module_id in rows:
        entry = people.setdefault(municipality_id, {}).setdefault(user_id, (kind, set()))
        if module_id:
            entry[1].add(module_id)
    return {m: [(u, kind, mods) for u, (kind, mods) in users.items()] for m, users in people.items()}


def _record_orientations(db: Session, municipality_ids: set[int], rule: rules.Rule, cohort: Cohort,
                         actor_id: int | None, now: datetime) -> list[OrientationCompletion]:
    if not municipality_ids:
        return []
    done = set(db.scalars(select(OrientationCompletion.municipality_id)
                          .where(OrientationCompletion.municipality_id.in_(municipality_ids))))
    recorded = []
    for municipality_id, people in completed_modules(db, municipality_ids - done).items():
        status = rules.municipality_status(rule, people)
        if not status.complete:
            continue
        completion = OrientationCompletion(
            municipality_id=municipality_id, cohort_id=cohort.id, completed_at=now,
            plan_id=rule.plan_id, rule_version=rule.version,
            evidence={"government": list(status.government),
                      "non_government": list(status.non_government),
                      "modules": list(rule.modules), "cohort": cohort.id})
        db.add(completion)
        recorded.append(completion)
        audit(db, actor_id, "completion.orientation", f"municipality:{municipality_id}",
              cohort=cohort.id, rule_version=rule.version)
    db.flush()
    return recorded


def revoke_module(db: Session, completion: ModuleCompletion, admin: User, reason: str) -> None:
    _revoke(db, completion, admin, reason, f"user:{completion.user_id}", "completion.module_revoke",
            module=completion.module_id)


def revoke_orientation(db: Session, completion: OrientationCompletion, admin: User, reason: str) -> None:
    """Revokes the hromada's orientation completion and the certificates issued for it."""
    _revoke(db, completion, admin, reason, f"municipality:{completion.municipality_id}",
            "completion.orientation_revoke")
    for certificate in db.scalars(select(Certificate).where(
            Certificate.kind == "municipality",
            Certificate.municipality_id == completion.municipality_id)):
        certificate.revoked = True
    db.flush()


def _revoke(db: Session, row, admin: User, reason: str, target: str, action: str, **details) -> None:
    if admin.role != "admin":
        raise ServiceError(_("Only an administrator can revoke a completion."))
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 1000:
        raise ServiceError(_("Give a reason (up to 1,000 characters)."), "reason")
    if row.revoked_at is not None:
        raise ServiceError(_("This completion is already revoked."))
    row.revoked_at, row.revoked_by_id, row.revoke_reason = utcnow(), admin.id, reason
    audit(db, admin.id, action, target, reason=reason, **details)
    db.flush()


