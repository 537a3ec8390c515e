"""Trainer certification: evidence, issuing, revocation."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.audit import audit
from app.auth.models import User
from app.content.course import Library
from app.db import utcnow
from app.errors import ServiceError
from app.orientation.models import ModuleCompletion
from app.pathway import rules
from app.pathway.models import (
    DeliveryObservation,
    PracticeDelivery,
    TrainerCertification,
)
from app.pathway.services.content import CODE_ALPHABET, rubric
from app.pathway.services.membership import learners
from app.quizzes.services import best_scores
from app.scheduling.models import Cohort, Enrolment

# --- certification -----------------------------------------------------------------------------

def _default_quiz_mark() -> int:
    return int(current_app.config["QUIZ_PASS_MARK"])


def certification_rule(library: Library, the_rubric: rules.Rubric, plan_id: str = "",
                       quiz_pass_mark: int | None = None) -> rules.CertificationRule:
    """The rule for trainees of a ToT cohort following `plan_id` (the rubric's plan when
    empty): its modules, the quizzes of those modules, the observation pass mark."""
    plan = library.plan(plan_id) if plan_id else None
    plan = plan or library.plan(the_rubric.plan_id)
    if plan is None:
        raise ServiceError(_("The training-of-trainers plan %(plan)s does not exist.",
                             plan=plan_id or the_rubric.plan_id))
    completion = plan.completion or {}
    modules = tuple(completion.get("modules") or plan.module_ids)
    with_quiz = tuple(m for m in modules if (module := library.module(m)) is not None and module.quiz)
    mark = int(completion.get("quiz_pass_mark") or 0) or (
        quiz_pass_mark if quiz_pass_mark is not None else _default_quiz_mark())
    return rules.CertificationRule(
        version=the_rubric.rule_version, plan_id=plan.id, modules=modules, quiz_modules=with_quiz,
        quiz_pass_mark=mark, observation_pass_mark=the_rubric.pass_mark,
        min_observations=the_rubric.min_observations)


def trainee_facts(db: Session, cohort: Cohort, rule: rules.CertificationRule,
                  user_ids: list[int] | None = None) -> dict[int, rules.TraineeFacts]:
    """Everything the rule needs for every trainee of the ToT cohort, in four queries."""
    if user_ids is None:
        user_ids = list(db.scalars(select(Enrolment.user_id).where(
            Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    if not user_ids:
        return {}
    completed: dict[int, set[str]] = defaultdict(set)
    for user_id, module_id in db.execute(
            select(ModuleCompletion.user_id, ModuleCompletion.module_id)
            .where(ModuleCompletion.user_id.in_(user_ids), ModuleCompletion.revoked_at.is_(None),
                   ModuleCompletion.module_id.in_(rule.modules))):
        completed[user_id].add(module_id)
    best = best_scores(db, user_ids, list(rule.quiz_modules))
    observed: dict[int, list[rules.ObservationFact]] = defaultdict(list)
    for observation_id, trainee_id, total, count in db.execute(
            select(DeliveryObservation.id, PracticeDelivery.trainee_id, DeliveryObservation.total,
                   DeliveryObservation.criteria_count)
            .join(PracticeDelivery, PracticeDelivery.id == DeliveryObservation.delivery_id)
            .where(PracticeDelivery.cohort_id == cohort.id,
                   PracticeDelivery.trainee_id.in_(user_ids))
            .order_by(DeliveryObservation.id)):
        observed[trainee_id].append(rules.ObservationFact(observation_id, total, count))
    return {u: rules.TraineeFacts(u, frozenset(completed.get(u, ())),
                                  {m: s for (uid, m), s in best.items() if uid == u},
                                  tuple(observed.get(u, ())))
            for u in user_ids}


def recorded(db: Session, user_ids: list[int]) -> dict[int, TrainerCertification]:
    if not user_ids:
        return {}
    return {c.user_id: c for c in db.scalars(select(TrainerCertification)
                                             .where(TrainerCertification.user_id.in_(user_ids)))}


def _as_recorded(certification: TrainerCertification | None) -> rules.Recorded | None:
    if certification is None:
        return None
    return rules.Recorded(certification.rule_version, certification.revoked_at is not None)


def new_code(db: Session) -> str:
    while True:
        code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
        if db.scalar(select(TrainerCertification.id).where(TrainerCertification.code == code)) is None:
            return code


def record_certification(db: Session, user_id: int, rule: rules.CertificationRule,
                         evidence: Mapping[str, Any], cohort_id: int | None,
                         actor_id: int | None) -> TrainerCertification:
    certification = TrainerCertification(
        user_id=user_id, cohort_id=cohort_id, plan_id=rule.plan_id, rule_version=rule.version,
        evidence=dict(evidence), certified_at=utcnow(), recorded_by_id=actor_id, code=new_code(db))
    db.add(certification)
    audit(db, actor_id, "certification.record", f"user:{user_id}", cohort=cohort_id,
          rule_version=rule.version)
    db.flush()
    return certification


def evaluate_certifications(db: Session, cohort: Cohort, library: Library,
                            actor_id: int | None = None,
                            the_rubric: rules.Rubric | None = None) -> list[TrainerCertification]:
    """Records the certifications newly earned in a ToT cohort. A certification already
    recorded (also a revoked one) is never rewritten."""
    if not cohort.is_tot:
        return []
    rule = certification_rule(library, the_rubric or rubric(), cohort.plan_id)
    facts = trainee_facts(db, cohort, rule)
    existing = recorded(db, list(facts))
    new = []
    for user_id, trainee in facts.items():
        if rules.decide(rule, trainee, _as_recorded(existing.get(user_id))) == "record":
            status = rules.certification_status(rule, trainee)
            new.append(record_certification(db, user_id, rule,
                                            {**status.evidence, "cohort": cohort.id},
                                            cohort.id, actor_id))
    return new


def seed_certification(db: Session, user: User, plan_id: str = "tot-two-day") -> TrainerCertification | None:
    """For `spilno seed --demo`: certify a demo trainer (evidence "seeded demo") unless a
    certification is recorded already. Returns the new certification, or None."""
    if db.scalar(select(TrainerCertification.id).where(TrainerCertification.user_id == user.id)):
        return None
    certification = TrainerCertification(
        user_id=user.id, plan_id=plan_id, rule_version=1, evidence={"note": "seeded demo"},
        certified_at=utcnow(), code=new_code(db))
    db.add(certification)
    audit(db, None, "certification.record", f"user:{user.id}", note="seeded demo")
    db.flush()
    return certification


def active_certification(db: Session, user_id: int) -> TrainerCertification | None:
    return db.scalar(select(TrainerCertification).where(TrainerCertification.user_id == user_id,
                                                        TrainerCertification.revoked_at.is_(None)))


def is_certified(db: Session, user_id: int) -> bool:
    return active_certification(db, user_id) is not None


def may_lead_municipal_cohort(db: Session, user: User) -> bool:
    """Used by app.scheduling when a cohort is created: admins and certified trainers."""
    return rules.may_lead(user.role, is_certified(db, user.id))


REFUSALS = {
    "admin_only": lambda: _("Only an administrator can revoke a certification."),
    "nothing": lambda: _("There is no certification to revoke."),
    "already": lambda: _("This certification is already revoked."),
    "reason": lambda: _("Give a reason (up to 1,000 characters)."),
}


def revoke_certification(db: Session, certification: TrainerCertification, admin: User,
                         reason: str) -> None:
    try:
        reason = rules.revocation_reason(admin.role, reason, _as_recorded(certification))
    except rules.Refusal as refusal:
        raise ServiceError(REFUSALS[refusal.code](), refusal.field) from None
    certification.revoked_at, certification.revoked_by_id = utcnow(), admin.id
    certification.revoke_reason = reason
    audit(db, admin.id, "certification.revoke", f"user:{certification.user_id}", reason=reason,
          certification=certification.id)
    db.flush()


@dataclass
class TraineeRow:
    user: User
    status: rules.CertificationStatus
    certification: TrainerCertification | None
    deliveries: list[PracticeDelivery]


def tot_overview(db: Session, cohort: Cohort, library: Library,
                 only_user: User | None = None) -> tuple[rules.CertificationRule, list[TraineeRow]]:
    rule = certification_rule(library, rubric(), cohort.plan_id)
    people = [only_user] if only_user is not None else learners(db, cohort)
    facts = trainee_facts(db, cohort, rule, [p.id for p in people])
    existing = recorded(db, [p.id for p in people])
    deliveries: dict[int, list[PracticeDelivery]] = defaultdict(list)
    for delivery in db.scalars(select(PracticeDelivery)
                               .where(PracticeDelivery.cohort_id == cohort.id,
                                      PracticeDelivery.trainee_id.in_([p.id for p in people]))
                               .options(selectinload(PracticeDelivery.observations),
                                        selectinload(PracticeDelivery.session))
                               .order_by(PracticeDelivery.created_at, PracticeDelivery.id)):
        deliveries[delivery.trainee_id].append(delivery)
    rows = [TraineeRow(p, rules.certification_status(rule, facts.get(p.id, rules.TraineeFacts(p.id))),
                       existing.get(p.id), deliveries.get(p.id, [])) for p in people]
    return rule, rows


