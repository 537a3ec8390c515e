"""Practice deliveries and their observations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.audit import audit
from app.auth.models import User
from app.content.course import Library, OutlineBlock
from app.db import utcnow
from app.errors import ServiceError
from app.pathway import rules
from app.pathway.models import (
    DeliveryObservation,
    PracticeDelivery,
)
from app.pathway.services.content import clean_text
from app.pathway.services.membership import is_learner
from app.scheduling.models import Cohort, Enrolment, SessionTrainer, TrainingSession
from app.scheduling.services import can_manage

# --- practice deliveries and observations ---------------------------------------------------------

def eligible_sessions(db: Session, cohort: Cohort, trainee_id: int | None = None) -> list[TrainingSession]:
    """The ToT cohort's own (practice) sessions, and the real sessions its trainees train in:
    as session trainers, or in cohorts they lead."""
    conditions = [TrainingSession.cohort_id == cohort.id]
    trainees = [trainee_id] if trainee_id is not None else list(db.scalars(
        select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id, Enrolment.role == "learner")))
    if trainees:
        conditions.append(TrainingSession.id.in_(select(SessionTrainer.session_id)
                                                  .where(SessionTrainer.user_id.in_(trainees))))
        conditions.append(TrainingSession.cohort_id.in_(select(Cohort.id)
                                                        .where(Cohort.lead_trainer_id.in_(trainees))))
    return list(db.scalars(select(TrainingSession)
                           .where(or_(*conditions), TrainingSession.status != "cancelled")
                           .options(selectinload(TrainingSession.cohort))
                           .order_by(TrainingSession.start)))


def blocks_of(library: Library, module_id: str) -> list[tuple[int, OutlineBlock]]:
    module = library.module(module_id)
    if module is None:
        return []
    return [(i, b) for i, b in enumerate(module.outline) if not b.is_break]


def record_delivery(db: Session, cohort: Cohort, trainee: User, session: TrainingSession,
                    block_index: int, library: Library, actor: User) -> PracticeDelivery:
    if not cohort.is_tot:
        raise ServiceError(_("Practice deliveries belong to a training-of-trainers cohort."))
    if not is_learner(db, trainee, cohort):
        raise ServiceError(_("%(name)s is not a trainee of this cohort.", name=trainee.name), "trainee_id")
    if session.id not in {s.id for s in eligible_sessions(db, cohort, trainee.id)}:
        raise ServiceError(_("Choose a session of this cohort, or one the trainee trains in."), "block")
    blocks = dict(blocks_of(library, session.module_id))
    block = blocks.get(block_index)
    if block is None:
        raise ServiceError(_("Choose a block of the session outline."), "block")
    if db.scalar(select(PracticeDelivery.id).where(
            PracticeDelivery.trainee_id == trainee.id, PracticeDelivery.session_id == session.id,
            PracticeDelivery.block_index == block_index)) is not None:
        raise ServiceError(_("This delivery is already recorded."), "block")
    delivery = PracticeDelivery(
        cohort_id=cohort.id, trainee_id=trainee.id, session_id=session.id,
        module_id=session.module_id, block_index=block_index, block_topic=block.topic[:300],
        block_minutes=block.minutes, kind="practice" if session.cohort_id == cohort.id else "real",
        recorded_by_id=actor.id)
    db.add(delivery)
    db.flush()
    audit(db, actor.id, "practice.record", f"user:{trainee.id}", cohort=cohort.id,
          session=session.id, block=block.topic[:100])
    db.flush()
    return delivery


def can_see_delivery(db: Session, user: User, delivery: PracticeDelivery) -> bool:
    return (delivery.trainee_id == user.id or user.role in ("admin", "observer")
            or can_manage(db, user, delivery.cohort))


def can_observe(db: Session, user: User, delivery: PracticeDelivery) -> bool:
    """A lead trainer of the ToT cohort (or an admin), never the trainee themself."""
    return user.id != delivery.trainee_id and can_manage(db, user, delivery.cohort)


def observe(db: Session, delivery: PracticeDelivery, observer: User, scores: Mapping[str, Any],
            comments: Mapping[str, str], the_rubric: rules.Rubric) -> DeliveryObservation:
    if not can_observe(db, observer, delivery):
        raise ServiceError(_("Only a lead trainer of the cohort can observe this delivery."))
    if db.scalar(select(DeliveryObservation.id).where(
            DeliveryObservation.delivery_id == delivery.id,
            DeliveryObservation.observer_id == observer.id)) is not None:
        raise ServiceError(_("You have already observed this delivery."))
    try:
        result = rules.score_observation(the_rubric, scores)
    except rules.Refusal as refusal:
        raise ServiceError(_("Score every criterion from %(low)d to %(high)d.",
                             low=the_rubric.scale_min, high=the_rubric.scale_max),
                           f"score-{refusal.field}") from None
    clean_comments = {c.id: clean_text(comments.get(c.id, ""), f"comment-{c.id}", rules.COMMENT_MAX)
                      for c in the_rubric.criteria}
    observation = DeliveryObservation(
        delivery_id=delivery.id, observer_id=observer.id, rubric_id=the_rubric.id,
        rubric_version=the_rubric.version,
        criteria=[{"id": c.id, "label": c.label, "label_uk": c.label_uk} for c in the_rubric.criteria],
        scores={c.id: int(scores[c.id]) for c in the_rubric.criteria}, comments=clean_comments,
        total=result.total, criteria_count=result.count, pass_mark=rules.fmt(the_rubric.pass_mark, 2),
        passed=result.passed, observed_at=utcnow())
    db.add(observation)
    audit(db, observer.id, "practice.observe", f"user:{delivery.trainee_id}", delivery=delivery.id,
          total=result.total, passed=result.passed)
    db.flush()
    return observation


def reflect(db: Session, delivery: PracticeDelivery, user: User, text: str) -> None:
    if user.id != delivery.trainee_id:
        raise ServiceError(_("Only the trainee writes the reflection."))
    delivery.reflection = clean_text(text, "reflection", rules.REFLECTION_MAX, required=True)
    delivery.reflection_at = utcnow()
    db.flush()


