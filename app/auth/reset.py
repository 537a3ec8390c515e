"""Password reset: a one-time emailed link, valid for an hour.

The answer and the work are the same whether or not an account has the address: a
request is counted for the rate limit, a token is made and stored, and one email goes out
(to an unknown address it says that no account has it). Resetting ends every old session.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app import mail
from app.audit import audit
from app.auth import throttle
from app.auth.models import User, new_token
from app.auth.services import end_sessions, hash_password, user_by_email, validate_password
from app.db import Base, UTCDateTime, utcnow
from app.errors import ServiceError
from app.text import email_key


class PasswordReset(Base):
    """One request to reset a password (also for addresses without an account, which are
    counted for the rate limit like any other)."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True)
    email_key: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User | None] = relationship()


def _digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def valid_minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"])


@dataclass
class ResetRequest:
    wait: int = 0  # > 0: refused for that many seconds, nothing recorded or sent
    token: str = ""
    user: User | None = None
    email: str = ""


def request_reset(db: Session, email: str, address: str, now: datetime | None = None) -> ResetRequest:
    """Records the request and makes a token, whether or not the account exists (flushes).
    The caller commits, then calls `deliver` (so the link works when the email arrives)."""
    now = now or utcnow()
    key = email_key(email)[:254]
    address = address[:64]
    guess = throttle.reserve(db, "reset", key, address, now)  # counted and recorded at once
    if guess.refused:
        return ResetRequest(wait=guess.wait)
    user = user_by_email(db, email)
    if user is not None and not user.active:
        user = None
    if user is not None:
        for old in db.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id,
                                                          PasswordReset.used_at.is_(None))):
            old.used_at = now  # only the newest link works
    token = new_token()
    db.add(PasswordReset(user_id=user.id if user else None, email_key=key, address=address,
                         token_hash=_digest(token), created_at=now,
                         expires_at=now + timedelta(minutes=valid_minutes())))
    if user is not None:
        audit(db, None, "user.password_reset_requested", f"user:{user.id}")
    db.flush()
    return ResetRequest(token=token, user=user, email=email.strip())


def deliver(request: ResetRequest, url: str, locale: str) -> bool:
    """One email either way: the link to the account, or a note that no account has it."""
    if request.wait or not request.email:
        return False
    if request.user is not None:
        with force_locale(request.user.locale or locale):
            subject = _("Reset your Spilno password")
            body = _("Hello %(name)s,\n\nSomeone (we hope you) asked to reset your Spilno "
                     "password. Open this link within %(minutes)d minutes to choose a new one; "
                     "it works once:\n\n%(url)s\n\nIf you did not ask, ignore this email: your "
                     "password stays as it is.\n",
                     name=request.user.name, minutes=valid_minutes(), url=url)
        return mail.send(request.user.email, subject, body)
    with force_locale(locale):
        subject = _("Reset your Spilno password")
        body = _("Hello,\n\nSomeone asked to reset the Spilno password of this address, but no "
                 "account has it. If you expected one, ask your trainer for an invitation. "
                 "If you did not ask, ignore this email.\n")
    return mail.send(request.email, subject, body)


def open_reset(db: Session, token: str, now: datetime | None = None) -> PasswordReset | None:
    reset = db.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
    if reset is None or reset.user is None or reset.used_at is not None or \
            reset.expires_at <= (now or utcnow()) or not reset.user.active:
        return None
    return reset


def complete_reset(db: Session, token: str, password: str) -> User:
    """Sets the password, uses up the link and ends every session of the account (flushes)."""
    reset = open_reset(db, token)
    if reset is None:
        raise ServiceError(_("This link is invalid, used or expired. Ask for a new one."))
    validate_password(password)
    user = reset.user
    assert user is not None
    user.password_hash = hash_password(password)
    now = utcnow()
    for other in db.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id,
                                                        PasswordReset.used_at.is_(None))):
        other.used_at = now
    end_sessions(user)
    audit(db, user.id, "user.password_reset", f"user:{user.id}")
    db.flush()
    return user
