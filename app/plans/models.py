"""A hromada's OGP Local record and its action plans: vision, commitments, milestones,
changes, and the co-creation evidence (meetings, feedback, endorsements).

Every text a person writes for the plan is bilingual, stored as JSON {"en": ..., "uk": ...}
(the plan is submitted in English; hromadas write in Ukrainian first). `version` columns are
optimistic locks: a save names the version it started from and a stale one is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, UTCDateTime, utcnow
from app.registry.models import Municipality

PLAN_STATUSES = ("draft", "ready", "submitted")
MEETING_PHASES = ("co_creation", "implementation")
ENDORSEMENT_SCOPES = ("plan", "monitoring_body")


def _text() -> dict[str, str]:
    return {"en": "", "uk": ""}


class OgpMembership(Base):
    """A hromada's OGP Local record; it outlives cohorts and plans."""

    __tablename__ = "ogp_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), unique=True)
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    term_end: Mapped[date | None] = mapped_column(Date, nullable=True)  # current administration
    elections_apply: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")   # point of contact
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    monitoring_body: Mapped[str] = mapped_column(String(300), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class ActionPlan(Base):
    """One action plan of one hromada, or a joint plan of two to four (PlanJurisdiction)."""

    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Annex 1: "C", "E.1", ..., "H" -> {"en", "uk"}; "F.6", "F.7" -> int
    vision: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    monitoring_body: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    monitoring_body_endorsed: Mapped[bool] = mapped_column(Boolean, default=False)
    forum: Mapped[str] = mapped_column(String(300), default="")  # the co-creation space
    council_decision: Mapped[str] = mapped_column(String(300), default="")  # number, title
    council_decision_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)

    jurisdictions: Mapped[list[PlanJurisdiction]] = relationship(
        back_populates="plan", order_by="PlanJurisdiction.position", cascade="all, delete-orphan")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="plan", order_by="Commitment.number", cascade="all, delete-orphan")


class PlanJurisdiction(Base):
    """A hromada taking part in a plan: one, or two to four for a joint plan."""

    __tablename__ = "plan_jurisdiction"
    __table_args__ = (UniqueConstraint("plan_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("ogp_membership.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[ActionPlan] = relationship(back_populates="jurisdictions")
    membership: Mapped[OgpMembership] = relationship(lazy="joined")


class Commitment(Base):
    """Annex 2, fields 1-18. Rows of fields 4-6 are JSON objects {organisation, branch,
    contact, title, email, role}; fields 12-14 are lists of keys of app.plans.vocab."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    # joint plans: the jurisdiction it belongs to; None = the whole coalition (or a single plan)
    jurisdiction_id: Mapped[int | None] = mapped_column(
        ForeignKey("ogp_membership.id", ondelete="SET NULL"), nullable=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    lead_agency: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    lead_non_government: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    other_stakeholders: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    problem: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    status_quo: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    action: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    expected_results: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    long_term_goal: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    policy_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    ogp_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    resources: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    resources_secured: Mapped[str] = mapped_column(String(10), default="")
    additional_info: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    assessed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # when it entered a submitted plan: the six-month change window starts here
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source_work_id: Mapped[int | None] = mapped_column(
        ForeignKey("exercise_work.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)

    plan: Mapped[ActionPlan] = relationship(back_populates="commitments")
    jurisdiction: Mapped[OgpMembership | None] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="commitment", order_by="Milestone.position", cascade="all, delete-orphan")
    changes: Mapped[list[CommitmentChange]] = relationship(
        back_populates="commitment", order_by="CommitmentChange.at",
        cascade="all, delete-orphan")


class Milestone(Base):
    """Field 17: an output with dates, the responsible agency and a contact person."""

    __tablename__ = "commitment_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"),
                                               index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    output: Mapped[dict[str, str]] = mapped_column(JSON, default=_text)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    responsible: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")


class CommitmentChange(Base):
    """A change to a commitment of a submitted plan: who, when, why, and who outside
    government approved it (handbook 3.2.1.3)."""

    __tablename__ = "commitment_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"),
                                               index=True)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(300), default="")  # non-government approval
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)      # which fields changed
    within_window: Mapped[bool] = mapped_column(Boolean, default=True)

    commitment: Mapped[Commitment] = relationship(back_populates="changes")
    changed_by: Mapped[User | None] = relationship()


class ConsultationMeeting(Base):
    """A meeting of the co-creation space; who took part is counted by stakeholder type from
    the people linked (MeetingParticipant) plus guests without an account."""

    __tablename__ = "plan_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    held_on: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(20), default="co_creation")
    title: Mapped[str] = mapped_column(String(300), default="")
    guests_government: Mapped[int] = mapped_column(Integer, default=0)
    guests_non_government: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participants: Mapped[list[MeetingParticipant]] = relationship(cascade="all, delete-orphan")


class MeetingParticipant(Base):
    __tablename__ = "plan_meeting_participant"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("plan_meeting.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)

    user: Mapped[User] = relationship(lazy="joined")


class PlanFeedback(Base):
    """Feedback received during co-creation, and the answer the government gave to it."""

    __tablename__ = "plan_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    received: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class PlanEndorsement(Base):
    """A non-government stakeholder endorsing the plan or the Monitoring Body."""

    __tablename__ = "plan_endorsement"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    scope: Mapped[str] = mapped_column(String(20), default="plan")
    organisation: Mapped[str] = mapped_column(String(300))
    person: Mapped[str] = mapped_column(String(200), default="")
    endorsed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class PlanComment(Base):
    """A trainer's (or a team member's) comment on the plan or one commitment."""

    __tablename__ = "plan_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
