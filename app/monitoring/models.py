"""Monitoring: tracker updates and their evidence, implementation meetings, the member's
status and its history, voluntary inactivity, the Monitoring Body and its assessments.

The Monitoring Body is a link between people and a hromada (`MonitoringBodyMember`), not a new
global role: the body is chosen per plan by each hromada, its people may be anyone (a
university, an oversight agency, a working group), and one person may monitor several
hromadas. The role matrix keeps its four roles; access.py reads the link.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow

ASSESSMENT_KINDS = ("inception", "end_of_commitment", "final_learning")
STAKEHOLDER_TYPES = ("government", "civil_society", "other_non_governmental")


class MonitoringBodyMember(Base):
    """A person who acts as (part of) a hromada's Monitoring Body."""

    __tablename__ = "monitoring_body_member"
    __table_args__ = (UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MonitoringSettings(Base):
    """Per hromada: the public progress page (opt-in), the first plan's submission deadline
    and the secret calendar feed."""

    __tablename__ = "monitoring_settings"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    # set by AUC for a new member (handbook 4.1, condition 1)
    submission_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)


class TrackerUpdate(Base):
    """A quarterly update of one commitment (or one of its milestones)."""

    __tablename__ = "tracker_update"
    __table_args__ = (Index("ix_tracker_update_municipality_quarter", "municipality_id",
                            "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"))
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment_milestone.id", ondelete="SET NULL"), nullable=True)
    quarter: Mapped[str] = mapped_column(String(7))            # 2027-Q3
    completion: Mapped[str] = mapped_column(String(20))        # the IRM scale
    progress: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative_uk: Mapped[str] = mapped_column(Text, default="")
    narrative_en: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="update", cascade="all, delete-orphan", order_by="Evidence.id")


class Evidence(Base):
    """A link or an uploaded file backing a tracker update; files live in the database and
    are served only through the download route, never from the web root."""

    __tablename__ = "tracker_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("tracker_update.id", ondelete="CASCADE"),
                                           index=True)
    evidence_type: Mapped[str] = mapped_column(String(40))   # Annex 5 key
    url: Mapped[str] = mapped_column(String(500), default="")
    file_name: Mapped[str] = mapped_column(String(200), default="")
    mimetype: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))

    update: Mapped[TrackerUpdate] = relationship(back_populates="evidence")


class ImplementationMeeting(Base):
    """A forum meeting during implementation, with who took part by stakeholder type."""

    __tablename__ = "implementation_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    government: Mapped[int] = mapped_column(Integer, default=0)
    civil_society: Mapped[int] = mapped_column(Integer, default=0)
    other_non_governmental: Mapped[int] = mapped_column(Integer, default=0)
    minutes_url: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VoluntaryInactivity(Base):
    """A request to be placed as voluntarily inactive, with its reason; open while not ended."""

    __tablename__ = "voluntary_inactivity"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)


class MemberStatus(Base):
    """The computed status of a member today: one row per hromada with a plan record,
    refreshed daily (`spilno ogp refresh`) and whenever its tracker or plans change."""

    __tablename__ = "member_status"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    risk: Mapped[str] = mapped_column(String(8), index=True)
    conditions: Mapped[list] = mapped_column(JSON, default=list)
    next_deadline_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    next_deadline_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    computed_on: Mapped[date] = mapped_column(Date)
    # when it was computed: a plan saved after this makes it stale at once
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StatusChange(Base):
    """History: every change of a member's status or risk, with the conditions met."""

    __tablename__ = "member_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    risk: Mapped[str] = mapped_column(String(8))
    conditions: Mapped[list] = mapped_column(JSON, default=list)
    changed_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assessment(Base):
    """A Monitoring Body report: inception, end of commitment, or final learning exercise."""

    __tablename__ = "monitoring_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_plan.id", ondelete="SET NULL"), nullable=True)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(24))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    comment_token: Mapped[str] = mapped_column(String(64), unique=True)
    filed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comments: Mapped[list[AssessmentComment]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan",
        order_by="AssessmentComment.id")


class AssessmentComment(Base):
    """A comment from a government or non-government stakeholder on an assessment."""

    __tablename__ = "monitoring_assessment_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("monitoring_assessment.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    stakeholder_type: Mapped[str] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="comments")
