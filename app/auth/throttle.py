"""Throttling guesses (passwords, check-in codes, join codes, public links' tokens) and
comments through a shared link, in the shared database store.

Every guess is first *reserved*: under one lock, the recent failures of the account and of
the address are counted and, when both are under their limits, the guess is recorded as a
failure before it is checked. A right guess then takes its record back (`forgive`). So
parallel guesses cannot all pass the count before any of them is recorded: at most the limit
gets through, on SQLite (BEGIN IMMEDIATE takes the write lock first) and on PostgreSQL (a
transaction-level advisory lock), and on every server sharing the database.

The reservation runs in a short transaction of its own on its own connection and commits at
once: it must be visible to the other workers before the guess is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app.auth.models import LoginFailure
from app.auth.ratelimit import seconds_until_allowed
from app.db import utcnow

SCOPES = ("login", "checkin", "join", "reset", "link", "comment", "api")
T = TypeVar("T")
_LOCK_KEY = 0x5370696C  # "Spil": one advisory lock for the guess bookkeeping


@dataclass(frozen=True)
class Limits:
    window_seconds: int
    per_account: int
    per_address: int


@dataclass(frozen=True)
class Guess:
    """`wait` > 0: refused, try again in that many seconds. Otherwise `id` is the record."""

    wait: int = 0
    id: int | None = None

    @property
    def refused(self) -> bool:
        return self.wait > 0


def limits(scope: str) -> Limits:
    cfg = current_app.config
    if scope in ("login", "reset"):  # password-reset requests count like logins
        return Limits(cfg["LOGIN_WINDOW_SECONDS"], cfg["LOGIN_MAX_PER_ACCOUNT"],
                      cfg["LOGIN_MAX_PER_ADDRESS"])
    if scope == "comment":  # the "account" is the link: one link's comments from everyone
        return Limits(cfg["COMMENT_WINDOW_SECONDS"], cfg["COMMENT_MAX_PER_LINK"],
                      cfg["COMMENT_MAX_PER_ADDRESS"])
    if scope in SCOPES:
        return Limits(cfg["GUESS_WINDOW_SECONDS"], cfg["GUESS_MAX_PER_ACCOUNT"],
                      cfg["GUESS_MAX_PER_ADDRESS"])
    raise ValueError(f"unknown throttle scope {scope!r}")


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the one lock of the guess bookkeeping until it commits."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            conn.execute(select(LoginFailure.id).with_for_update().limit(1))
        yield conn


def reserve(db: Session, scope: str, account: str, address: str,
            now: datetime | None = None) -> Guess:
    """Counts and records one guess atomically; refuses it (recording nothing) over a limit."""
    now = now or utcnow()
    rule = limits(scope)
    since = now - timedelta(seconds=rule.window_seconds)
    account, address = account[:254], address[:64]
    recent = select(LoginFailure.at).where(LoginFailure.scope == scope, LoginFailure.at > since)
    with _locked(db.get_bind()) as conn:
        by_account = list(conn.scalars(recent.where(LoginFailure.email_key == account)))
        by_address = list(conn.scalars(recent.where(LoginFailure.address == address)))
        wait = max(
            seconds_until_allowed(by_account, now, rule.window_seconds, rule.per_account),
            seconds_until_allowed(by_address, now, rule.window_seconds, rule.per_address),
        )
        if wait:
            return Guess(wait=wait)
        result = conn.execute(insert(LoginFailure).values(
            scope=scope, email_key=account, address=address, at=now))
        return Guess(id=result.inserted_primary_key[0])


def waiting(db: Session, scope: str, account: str, address: str, now: datetime | None = None) -> int:
    """Seconds until a guess is allowed again (0: now), read without reserving anything: for
    checks that record only the wrong guesses (`reserve` them after the check) because a
    right one must not cost a write (an API polled all day)."""
    now = now or utcnow()
    rule = limits(scope)
    since = now - timedelta(seconds=rule.window_seconds)
    recent = select(LoginFailure.at).where(LoginFailure.scope == scope, LoginFailure.at > since)
    by_account = list(db.scalars(recent.where(LoginFailure.email_key == account[:254])))
    by_address = list(db.scalars(recent.where(LoginFailure.address == address[:64])))
    return max(seconds_until_allowed(by_account, now, rule.window_seconds, rule.per_account),
               seconds_until_allowed(by_address, now, rule.window_seconds, rule.per_address))


def guarded(db: Session, scope: str, address: str, lookup: Callable[[], T | None]) -> tuple[T | None, int]:
    """A secret token's lookup (a public link, an API token), with wrong tokens counted per
    address: (what it opens or None, seconds to wait). An address past the limit waits before
    its token is even looked at, so the limit cannot tell right from wrong; a right token
    costs one read and no write (a calendar app or an API client polls all day); a wrong one
    is recorded under the lock of `reserve`."""
    account = f"{scope}@{address}"
    wait = waiting(db, scope, account, address)
    if wait:
        return None, wait
    found = lookup()
    if found is None:
        return None, reserve(db, scope, account, address).wait
    return found, 0


def forgive(db: Session, guess: Guess) -> None:
    """A right guess: its reserved record is taken back (in the caller's transaction)."""
    if guess.id is not None:
        db.execute(delete(LoginFailure).where(LoginFailure.id == guess.id))


def forgive_account(db: Session, scope: str, account: str) -> None:
    """A successful login clears the account's earlier failures."""
    db.execute(delete(LoginFailure).where(LoginFailure.scope == scope,
                                          LoginFailure.email_key == account[:254]))


def wait_message_minutes(wait: int) -> int:
    return max(1, (wait + 59) // 60)
