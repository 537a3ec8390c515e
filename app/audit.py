"""The audit log (core floor): who changed what and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base, UTCDateTime, insert_many, utcnow


class AuditEvent(Base):
    """Who changed what and when: completions, roles, attendance, accounts."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(80), index=True)
    target: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def audit(db: Session, actor_id: int | None, action: str, target: str, **details: Any) -> None:
    db.add(AuditEvent(actor_id=actor_id, action=action, target=target, details=details))


def audit_many(db: Session, actor_id: int | None, action: str,
               entries: list[tuple[str, dict[str, Any]]]) -> None:
    """One line per (target, details), written in one batch (imports: app.db.insert_many)."""
    insert_many(db, AuditEvent, [{"actor_id": actor_id, "action": action, "target": target,
                                  "details": details} for target, details in entries])
