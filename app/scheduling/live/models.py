"""Reminders already sent, and the pauses of a running session (air-raid alert, power cut)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow

PAUSE_REASONS = ("alert", "power", "other")


class ReminderSent(Base):
    """One reminder that went out: the same (source, key, person) is never sent twice."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("source", "key", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(160))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionPause(Base):
    """A pause of a running session; while `resumed_at` is empty the clock stands still."""

    __tablename__ = "session_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"),
                                            index=True)
    reason: Mapped[str] = mapped_column(String(20), default="alert")
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paused_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    # minutes the remaining blocks moved at resume
    shift_minutes: Mapped[int] = mapped_column(default=0)
    # when the rest of the session was moved to another day: the continuation session
    moved_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL"), nullable=True)
