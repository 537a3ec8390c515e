"""Database: the declarative base, one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, flash, g
from sqlalchemy import DateTime, MetaData, create_engine, event, insert, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.types import TypeDecorator

from app.errors import ServiceError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Stores UTC; refuses naive datetimes (SQLite would drop the offset silently)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(close_db)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def get_db() -> OrmSession:
    """The session of this request (or app context), created on first use."""
    if "db" not in g:
        g.db = current_app.extensions["db_sessionmaker"]()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


# --- many new rows at once -------------------------------------------------------------------

def new_row(obj: Base) -> dict[str, Any]:
    """The column values set on a new object, for `insert_many` (defaults fill the rest)."""
    state = inspect(obj)
    return {attr.key: state.dict[attr.key] for attr in state.mapper.column_attrs if attr.key in state.dict}


def insert_many(db: OrmSession, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Inserts rows of one model with one executemany. The unit of work sends one INSERT a
    row on SQLite (it reads each new id back, and SQLite cannot say which id went to which
    row of a batch), so a 500-row import held the write lock for 2,500 statements. Nothing is
    returned: read the rows back by a key the caller knows. Flush listeners do not see these
    rows; `do_orm_execute` does (app/orientation/stamp.py)."""
    if rows:
        db.execute(insert(model), rows)


# --- a limit checked and written at once ----------------------------------------------------

def serialize(db: OrmSession, namespace: int, key: int) -> None:
    """Makes this transaction the only one at a time for (namespace, key) until it ends, for
    a rule that counts rows and then adds one (a quiz's attempts). On PostgreSQL a
    transaction-level advisory lock; on SQLite there is one writer at a time, so the caller
    writes first and counts after, in the same transaction, and the count then sees every
    row committed before it (see app.quizzes.services.submit)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
                   {"namespace": namespace, "key": key})


# --- one commit per request -----------------------------------------------------------------

class Outcome:
    """What `committing()` did: `ok` after a commit, `error` after a refusal."""

    def __init__(self) -> None:
        self.ok = False
        self.error: ServiceError | None = None


@contextmanager
def committing(form: Any = None, *, flash_error: bool = False,
               keep: tuple[type[BaseException], ...] = ()) -> Iterator[Outcome]:
    """The one place a request commits. Run the services inside; on success commit once.

    On a `ServiceError` roll back, show the message next to its field (`form.attach`) or,
    with `flash_error`, as a flashed message, and carry on (`outcome.ok` is False). Any
    other exception rolls back and propagates, except those named in `keep`, which are
    committed first (a stale save keeps the refused text as a conflict revision). Services
    never commit or roll back: they
    flush, and use savepoints (`db.begin_nested()`) for a step that may fail on its own.

        with committing(form) as done:
            cohort = services.create_cohort(db, spec, current_user)
        if done.ok:
            return redirect(...)
    """
    outcome = Outcome()
    db = get_db()
    try:
        yield outcome
    except ServiceError as error:
        db.rollback()
        outcome.error = error
        if form is not None:
            form.attach(error)
        if flash_error:
            flash(error.message, "error")
        return
    except keep:
        db.commit()
        raise
    except BaseException:
        db.rollback()
        raise
    db.commit()
    outcome.ok = True


def end_read() -> None:
    """End the request's read transaction before a write that must start fresh (autosave:
    SQLite takes its write lock at the first write, so reads before it must not hold a
    snapshot). Nothing is pending at this point; the session is only reset."""
    get_db().rollback()
