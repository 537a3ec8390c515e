"""The projector view's actions: next block, shift by minutes, pause and resume (air-raid
alert, power cut), and moving the rest of a paused session to another day. Services flush."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import audit
from app.auth.models import User
from app.content.course import Library, Module
from app.db import utcnow
from app.errors import ServiceError
from app.scheduling import services as scheduling
from app.scheduling import timing
from app.scheduling.live import pause as clock
from app.scheduling.live.models import PAUSE_REASONS, SessionPause
from app.scheduling.models import SessionChange, TrainingSession
from app.scheduling.session_agenda import outline_in


@dataclass
class ProjectorState:
    module: Module
    show: timing.RunOfShow
    paused: SessionPause | None
    next_index: int | None
    now: datetime  # the session's clock (frozen while paused)
    history: list[SessionPause]


def open_pause(db: Session, session: TrainingSession) -> SessionPause | None:
    return db.scalar(select(SessionPause).where(SessionPause.session_id == session.id,
                                                SessionPause.resumed_at.is_(None))
                     .order_by(SessionPause.id.desc()).limit(1))


def history(db: Session, session: TrainingSession) -> list[SessionPause]:
    return list(db.scalars(select(SessionPause).where(SessionPause.session_id == session.id)
                           .order_by(SessionPause.paused_at)))


def _module(session: TrainingSession, library: Library, lang: str = "en") -> Module:
    module = library.translated("module", session.module_id, lang)[0]
    if module is None:
        raise ServiceError(_("This session's module is no longer in the course."))
    return module


def state(db: Session, session: TrainingSession, library: Library,
          now: datetime | None = None, lang: str = "en") -> ProjectorState:
    module = _module(session, library, lang)
    paused = open_pause(db, session)
    at = clock.effective_now(now or utcnow(), paused.paused_at if paused else None)
    done = {int(i) for i in session.blocks_done or []}
    from flask_babel import get_locale


    outline = outline_in(library, module.id, str(get_locale() or "uk")) or module.outline
    show = timing.run_of_show(session.start, outline, session.late_minutes, done, at)
    return ProjectorState(module, show, paused, clock.upcoming_index(show), at,
                          history(db, session))


def _refuse_when_paused(db: Session, session: TrainingSession) -> None:
    if open_pause(db, session) is not None:
        raise ServiceError(_("The session is paused: resume it first."))


def next_block(db: Session, session: TrainingSession, library: Library, actor: User,
               now: datetime | None = None) -> None:
    """The current block is done and the next one starts now."""
    _refuse_when_paused(db, session)
    now = now or utcnow()
    current = state(db, session, library, now)
    done = set(session.blocks_done or [])
    if current.show.current_index is not None:
        done.add(current.show.current_index)
    if current.next_index is not None:
        session.late_minutes = clock.shift_to_start_now(current.show, current.next_index, now)
    session.blocks_done = sorted(done)
    audit(db, actor.id, "session.next_block", f"session:{session.id}",
          late=session.late_minutes)
    db.flush()


def shift(db: Session, session: TrainingSession, minutes: int, actor: User) -> None:
    """The "running late" shift of the blocks not done yet, by minutes either way."""
    _refuse_when_paused(db, session)
    if minutes not in (-5, 5, -1, 1, -10, 10):
        raise ServiceError(_("Shift by 5 minutes either way."))
    session.late_minutes = clock.clamp_shift((session.late_minutes or 0) + minutes)
    audit(db, actor.id, "session.shift", f"session:{session.id}", late=session.late_minutes)
    db.flush()


def pause(db: Session, session: TrainingSession, actor: User, reason: str,
          now: datetime | None = None) -> SessionPause:
    if reason not in PAUSE_REASONS:
        raise ServiceError(_("Choose why the session stops."), "reason")
    existing = open_pause(db, session)
    if existing is not None:
        return existing
    record = SessionPause(session_id=session.id, reason=reason, paused_at=now or utcnow(),
                          paused_by_id=actor.id)
    db.add(record)
    audit(db, actor.id, "session.pause", f"session:{session.id}", reason=reason)
    db.flush()
    return record


def resume(db: Session, session: TrainingSession, actor: User,
           now: datetime | None = None) -> SessionPause:
    """The clock runs again; the remaining blocks move by the length of the pause."""
    record = open_pause(db, session)
    if record is None:
        raise ServiceError(_("The session is not paused."))
    now = now or utcnow()
    record.resumed_at = now
    record.shift_minutes = clock.pause_minutes(record.paused_at, now)
    session.late_minutes = clock.clamp_shift((session.late_minutes or 0) + record.shift_minutes)
    if record.shift_minutes:  # the session ends later: kept in its history, calendars follow
        new_end = session.end + timedelta(minutes=record.shift_minutes)
        db.add(SessionChange(session_id=session.id, old_start=session.start, old_end=session.end,
                             new_start=session.start, new_end=new_end, changed_by_id=actor.id,
                             reason=_("Paused %(n)d min (%(why)s); the remaining blocks moved.",
                                      n=record.shift_minutes, why=reason_label(record.reason))[:300]))
        session.end = new_end
        session.sequence += 1
    audit(db, actor.id, "session.resume", f"session:{session.id}", minutes=record.shift_minutes)
    db.flush()
    return record


def last_pause(db: Session, session: TrainingSession) -> SessionPause | None:
    return db.scalar(select(SessionPause).where(SessionPause.session_id == session.id)
                     .order_by(SessionPause.id.desc()).limit(1))


def move_rest(db: Session, session: TrainingSession, library: Library, start: datetime,
              actor: User, now: datetime | None = None) -> TrainingSession:
    """After a pause, the blocks not done move to a new session at `start` (same module,
    trainers and place); the original ends where it stopped. Both are in the history."""
    record = last_pause(db, session)
    if record is None:
        raise ServiceError(_("Pause the session first."))
    if record.moved_to_id is not None:
        raise ServiceError(_("The rest of this session was already moved."))
    now = now or utcnow()
    module = _module(session, library)
    done = {int(i) for i in session.blocks_done or []}
    late_then = (session.late_minutes or 0) - (record.shift_minutes or 0)
    show = timing.run_of_show(session.start, module.outline, late_then, done, record.paused_at)
    index = clock.first_remaining(show)
    if index is None:
        raise ServiceError(_("Nothing is left to move."))
    zone = ZoneInfo(session.timezone)
    when = start.astimezone(zone).strftime("%d.%m.%Y %H:%M")
    reason = _("Stopped (%(why)s) at %(time)s; the rest moves to %(when)s.",
               why=reason_label(record.reason), time=record.paused_at.astimezone(zone).strftime("%H:%M"),
               when=when)
    trainers = [t.id for t in session.trainers]
    if index == 0 and not done and record.paused_at <= session.start:
        scheduling.reschedule(db, session, start, start + (session.end - session.start), actor,
                              reason[:300])
        record.moved_to_id = session.id
        continuation = session
    else:
        rest = module.outline[-1].end_min - module.outline[index].start_min
        continuation = scheduling.add_session(
            db, session.cohort, module, start, start + timedelta(minutes=rest), session.timezone,
            trainers, actor, now=now, venue=session.venue, online_link=session.online_link)
        continuation.blocks_done = list(range(index))
        continuation.late_minutes = -module.outline[index].start_min
        cut = max(record.paused_at, session.start + timedelta(minutes=1))
        db.add(SessionChange(session_id=session.id, old_start=session.start, old_end=session.end,
                             new_start=session.start, new_end=cut, changed_by_id=actor.id,
                             reason=reason[:300]))
        session.end = cut
        session.sequence += 1
        record.moved_to_id = continuation.id
    if record.resumed_at is None:
        record.resumed_at = now
    audit(db, actor.id, "session.move_rest", f"session:{session.id}", to=continuation.id,
          start=start.isoformat())
    db.flush()
    return continuation


def reason_label(reason: str) -> str:
    return {"alert": _("air-raid alert"), "power": _("power cut"), "other": _("other")}.get(
        reason, reason)
