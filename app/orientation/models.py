"""Recorded completions (never overwritten), certificates and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, UTCDateTime, utcnow
from app.registry.models import Municipality


class ModuleCompletion(Base):
    """A participant met a module's completion rule. Recorded once, when first met; only
    an admin can revoke it (with a reason)."""

    __tablename__ = "module_completion"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),
                      # the dashboard's funnel counts completions per module
                      Index("ix_module_completion_funnel", "module_id", "revoked_at", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(10), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    plan_id: Mapped[str] = mapped_column(String(80), default="")
    rule_version: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class OrientationCompletion(Base):
    """A municipality completed the AUC course that prepares for OGP Local orientation and co-creation."""

    __tablename__ = "orientation_completion"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), unique=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"),
                                                  nullable=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    plan_id: Mapped[str] = mapped_column(String(80), default="")
    rule_version: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    municipality: Mapped[Municipality] = relationship()


class Certificate(Base):
    """A printable certificate with a public verification code."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # module | programme | municipality
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                                nullable=True, index=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), nullable=True, index=True)
    module_id: Mapped[str] = mapped_column(String(10), default="")
    plan_id: Mapped[str] = mapped_column(String(80), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()


class ApiToken(Base):
    """A read-only token for AUC's other systems (only its hash is stored)."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DashboardStamp(Base):
    """One row: a number raised in the same transaction as every change the AUC dashboard's
    figures depend on (completions and their revocation, enrolments, people, hromadas; see
    app/orientation/stamp.py). Each process keeps the figures under this number, so a change
    shows at once and an unchanged database is not counted again. The token is new whenever
    the row is (a database emptied and filled again never meets figures kept from before)."""

    __tablename__ = "dashboard_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
