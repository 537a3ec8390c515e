"""Practice deliveries and their observations, trainer certifications, the pre/post test and
anonymous session feedback."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, UTCDateTime, utcnow
from app.scheduling.models import Cohort, TrainingSession

DELIVERY_KINDS = ("practice", "real")


class PracticeDelivery(Base):
    """A trainee of a training-of-trainers cohort co-delivered one block of a session outline:
    in a practice session of the ToT cohort, or in a real session of another cohort."""

    __tablename__ = "practice_delivery"
    __table_args__ = (UniqueConstraint("trainee_id", "session_id", "block_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                            index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            index=True)
    module_id: Mapped[str] = mapped_column(String(10))
    block_index: Mapped[int] = mapped_column(Integer)
    block_topic: Mapped[str] = mapped_column(String(300))
    block_minutes: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="practice")
    reflection: Mapped[str] = mapped_column(Text, default="")
    reflection_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    session: Mapped[TrainingSession] = relationship()
    observations: Mapped[list[DeliveryObservation]] = relationship(
        back_populates="delivery", order_by="DeliveryObservation.observed_at",
        cascade="all, delete-orphan")


class DeliveryObservation(Base):
    """A lead trainer's rubric for a practice delivery: every criterion scored, with a comment.
    The criteria and the pass mark are stored as they were, so a later rubric change leaves it."""

    __tablename__ = "delivery_observation"
    __table_args__ = (UniqueConstraint("delivery_id", "observer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("practice_delivery.id", ondelete="CASCADE"),
                                             index=True)
    observer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True)
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_version: Mapped[int] = mapped_column(Integer, default=1)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer)
    criteria_count: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[str] = mapped_column(String(10))  # exact decimal text, e.g. "3" or "2.5"
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delivery: Mapped[PracticeDelivery] = relationship(back_populates="observations")
    observer: Mapped[User | None] = relationship()


class TrainerCertification(Base):
    """A trainee met the certification rule. Recorded once with the rule version and the
    evidence, never rewritten; an admin may revoke it with a reason. `code` verifies the
    certificate publicly."""

    __tablename__ = "trainer_certification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         unique=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    plan_id: Mapped[str] = mapped_column(String(80), default="")
    rule_version: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    certified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    cohort: Mapped[Cohort | None] = relationship()


class PrePostAttempt(Base):
    """A participant's answers to the cohort's knowledge test, before (pre) or after (post)
    the training: one of each per cohort, scored against the questions stored with it."""

    __tablename__ = "prepost_attempt"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    phase: Mapped[str] = mapped_column(String(4))  # pre | post
    test_id: Mapped[str] = mapped_column(String(80))
    test_version: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(5), default="en")
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, list[int]]] = mapped_column(JSON, default=dict)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)  # percent, rounded down
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class SessionFeedbackReceipt(Base):
    """Who has answered a session's feedback form, only to refuse a second answer. It holds
    no answer and no time, and nothing links it to the answer given."""

    __tablename__ = "session_feedback_receipt"

    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)


def _anonymous_id() -> str:
    return secrets.token_hex(16)


class SessionFeedback(Base):
    """One anonymous answer to a session's feedback form: no user, no time, and a random id
    (a counter would give away the order in which people answered)."""

    __tablename__ = "session_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_anonymous_id)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            index=True)
    usefulness: Mapped[int] = mapped_column(Integer)
    pace: Mapped[int] = mapped_column(Integer)
    trainer: Mapped[int] = mapped_column(Integer)
    improve: Mapped[str] = mapped_column(Text, default="")
    # shown in the results: answers are released together, FEEDBACK_MIN_RESPONSES at a time
    # (app.pathway.services.feedback.submit_feedback), so that two views of the results, one
    # before and one after, never differ by fewer answers than that
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
