"""The dashboard's stamp: raised by every change its figures depend on, in the same
transaction (issue 21). The AUC dashboard keeps its figures per process under the stamp
(services.summary), so they are exact at once after a change and cost one small query
while nothing changes, however many records there are.

The changes are found where they are written, in the ORM's flush: new, changed or deleted
module and orientation completions (a revocation sets revoked_at), enrolments, participants
(their hromada, role, sector or name), hromadas (oblast, raion, type) and deleted cohorts
(their enrolments go with them). So no route or service has to remember to clear anything;
progress events (app/reactions.py) reach the dashboard through the completions they record.
Rows written in bulk (app.db.insert_many) are found where the statement runs (do_orm_execute).
"""

from __future__ import annotations

import uuid

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.orientation.models import DashboardStamp, ModuleCompletion, OrientationCompletion
from app.registry.models import Municipality
from app.scheduling.models import Cohort, Enrolment

# class -> the attributes whose change matters (None: any change; () : only add/delete)
WATCHED: dict[type, tuple[str, ...] | None] = {
    ModuleCompletion: None,
    OrientationCompletion: None,
    Enrolment: ("role", "user_id", "cohort_id"),
    User: ("municipality_id", "role", "stakeholder_type", "name"),  # sector, name: missing list
    Municipality: ("oblast", "oblast_en", "type", "raion"),  # raion: the missing list's filter
    Cohort: (),
}
STAMP = DashboardStamp.__table__


def _changes_figures(session: Session) -> bool:
    for obj in session.new:
        if type(obj) in WATCHED and type(obj) is not Cohort:
            return True
    for obj in session.deleted:
        if type(obj) in WATCHED:
            return True
    for obj in session.dirty:
        fields = WATCHED.get(type(obj), ())
        if fields is None:
            if session.is_modified(obj, include_collections=False):
                return True
        elif fields:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in fields):
                return True
    return False


def raise_stamp(connection) -> None:
    """generation + 1, creating the row when it is missing (one statement, no race)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(STAMP).values(id=1, token=uuid.uuid4().hex, generation=1)
    connection.execute(statement.on_conflict_do_update(
        index_elements=[STAMP.c.id], set_={"generation": STAMP.c.generation + 1}))


def _after_flush(session: Session, _context) -> None:
    # after_flush still sees the flush's new/dirty/deleted objects and their history
    if _changes_figures(session):
        raise_stamp(session.connection())
        session.info["dashboard_stamp_raised"] = True  # until this transaction ends


def _bulk_statement(state) -> None:
    """ORM statements that write past the unit of work (app.db.insert_many, bulk update or
    delete): any write to a watched table raises the stamp, a cohort only when deleted."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    watched = {m.class_ for m in state.all_mappers} & WATCHED.keys()
    if watched - {Cohort} or (Cohort in watched and state.is_delete):
        raise_stamp(state.session.connection())
        state.session.info["dashboard_stamp_raised"] = True


def _transaction_ended(session: Session, *_args) -> None:
    session.info.pop("dashboard_stamp_raised", None)


def raised_here(db: Session) -> bool:
    """This session changed the figures in a transaction not yet committed: what it sees is
    not what others see (and may be rolled back), so it must not be kept."""
    return bool(db.info.get("dashboard_stamp_raised"))


def read_stamp(db: Session) -> tuple[str, int] | None:
    row = db.execute(select(STAMP.c.token, STAMP.c.generation).where(STAMP.c.id == 1)).first()
    return (row.token, row.generation) if row else None


def connect() -> None:
    """Listen on every session (once, however many apps the process builds)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bulk_statement)
        event.listen(Session, "after_commit", _transaction_ended)
        event.listen(Session, "after_rollback", _transaction_ended)
