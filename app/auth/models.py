"""Accounts, invitations and login attempts."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.db import Base, UTCDateTime, utcnow
from app.registry.models import Municipality
from app.text import uk_sort_bytes

ROLES = ("admin", "trainer", "participant", "observer")
STAKEHOLDER_TYPES = ("government", "civil_society", "other_non_governmental")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # casefolded copy: SQLite folds only ASCII and PostgreSQL compares case-sensitively
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # the name's Ukrainian alphabetical order as bytes (app.text.uk_sort_bytes), kept by
    # `_keep_name_sort`, so that paginated lists of people sort right in SQL
    name_sort: Mapped[bytes] = mapped_column(LargeBinary, default=b"", index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="uk")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="SET NULL"), nullable=True, index=True
    )
    stakeholder_type: Mapped[str | None] = mapped_column(String(30), nullable=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # rotated at logout and password change so that copied session cookies stop working
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality | None] = relationship(lazy="joined")

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = uk_sort_bytes(name)
        return name

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class Invitation(Base):
    """A one-time link with which a person sets their password."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class LoginFailure(Base):
    """A failed guess (a login, a check-in code, a join code), counted per account and per
    address in a sliding window: the one store every server shares (app/auth/throttle.py)."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # what was guessed: "login", "checkin" or "join"; each kind has its own limits
    scope: Mapped[str] = mapped_column(String(16), default="login", server_default="login")
    email_key: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
