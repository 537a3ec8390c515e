"""Clock rules of the projector view (pure): the frozen clock of a paused session, how far the
remaining blocks move at resume, and the shift that starts the next block now."""

from __future__ import annotations

import math
from datetime import datetime

from app.scheduling.timing import RunOfShow

SHIFT_LIMIT = 600  # minutes either way


def effective_now(now: datetime, paused_at: datetime | None) -> datetime:
    """While paused, the session's clock stands at the moment of the pause."""
    return paused_at if paused_at is not None and paused_at < now else now


def pause_minutes(paused_at: datetime, resumed_at: datetime) -> int:
    """Whole minutes the remaining blocks move at resume (rounded down, so the clock resumes
    at most a minute past where it stood and the block on screen stays the same)."""
    seconds = (resumed_at - paused_at).total_seconds()
    return max(0, math.floor(seconds / 60))


def clamp_shift(minutes: int) -> int:
    return max(-SHIFT_LIMIT, min(SHIFT_LIMIT, minutes))


def upcoming_index(show: RunOfShow) -> int | None:
    """The block after the current one (or, before the start, the first not done)."""
    pending = [r for r in show.rows if not r.done]
    if show.current_index is None:
        return pending[0].index if pending else None
    later = [r for r in pending if r.index > show.current_index]
    return later[0].index if later else None


def shift_to_start_now(show: RunOfShow, index: int, now: datetime) -> int:
    """The late shift with which block `index` (not done) starts at `now`."""
    row = show.rows[index]
    moved = math.floor((now - row.start).total_seconds() / 60)
    return clamp_shift(show.late_minutes + moved)


def first_remaining(show: RunOfShow) -> int | None:
    """The first block not done at or after the current one: where a continuation starts."""
    start = show.current_index if show.current_index is not None else 0
    for row in show.rows[start:]:
        if not row.done:
            return row.index
    return None
