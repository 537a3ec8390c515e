"""Cohorts, their training sessions, enrolment and attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, UTCDateTime, utcnow
from app.registry.models import Municipality
from app.text import people_sorted

COHORT_STATUSES = ("open", "closed", "finished")
SESSION_STATUSES = ("planned", "delivered", "cancelled")
ENROLMENT_ROLES = ("learner", "trainer", "observer")
ATTENDANCE_STATUSES = ("present", "late", "excused", "absent")
ATTENDANCE_METHODS = ("trainer", "self-code", "import")


class Cohort(Base):
    """One delivery of a session plan to a group of municipal teams."""

    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[str] = mapped_column(String(80), default="")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    lead_trainer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=40)
    status: Mapped[str] = mapped_column(String(20), default="open")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # a training of trainers: its learners are trainee trainers (app.pathway)
    is_tot: Mapped[bool] = mapped_column(Boolean, default=False)

    lead_trainer: Mapped[User] = relationship(foreign_keys=[lead_trainer_id])
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary="cohort_municipality", order_by="Municipality.name_uk")
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="cohort", order_by="TrainingSession.start", cascade="all, delete-orphan")


class CohortMunicipality(Base):
    __tablename__ = "cohort_municipality"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"),
                                           primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"),
                                                 primary_key=True)


class Enrolment(Base):
    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),
                      Index("ix_enrolment_role_user", "role", "user_id"))  # learners, for the dashboard

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    role: Mapped[str] = mapped_column(String(20), default="learner")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    cohort: Mapped[Cohort] = relationship()


class TrainingSession(Base):
    """One module delivered to a cohort at a time and place."""

    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(10))
    content_version: Mapped[str] = mapped_column(String(64))
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE
    checkin_code: Mapped[str] = mapped_column(String(12))
    late_minutes: Mapped[int] = mapped_column(Integer, default=0)  # run of show shift
    blocks_done: Mapped[list[Any]] = mapped_column(JSON, default=list)
    report_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    trainers: Mapped[list[User]] = relationship(secondary="session_trainer", order_by="User.name")
    changes: Mapped[list[SessionChange]] = relationship(order_by="SessionChange.at",
                                                        cascade="all, delete-orphan")

    @property
    def trainers_in_order(self) -> list[User]:
        """The trainers in Ukrainian alphabetical order (ORDER BY name is code-point order)."""
        return people_sorted(self.trainers)


class SessionTrainer(Base):
    __tablename__ = "session_trainer"

    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)


class SessionChange(Base):
    """The history of a session's times and places (rescheduling keeps it)."""

    __tablename__ = "session_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            index=True)
    old_start: Mapped[datetime] = mapped_column(UTCDateTime)
    old_end: Mapped[datetime] = mapped_column(UTCDateTime)
    new_start: Mapped[datetime] = mapped_column(UTCDateTime)
    new_end: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                      nullable=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20), default="trainer")
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                     nullable=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFeed(Base):
    """A personal calendar feed URL: the token is secret and can be reset."""

    __tablename__ = "calendar_feed"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
