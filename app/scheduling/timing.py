"""Time rules for sessions (pure): overlaps, the check-in window, the run of show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.content.course import OutlineBlock

CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
LATE_AFTER = timedelta(minutes=10)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def checkin_open(start: datetime, end: datetime, now: datetime) -> bool:
    """Self check-in works from 15 minutes before the start until the end."""
    return start - CHECKIN_OPENS_BEFORE <= now <= end


def self_checkin_status(start: datetime, now: datetime) -> str:
    return "late" if now > start + LATE_AFTER else "present"


@dataclass(frozen=True)
class ShowRow:
    index: int
    block: OutlineBlock
    start: datetime
    end: datetime
    done: bool
    current: bool


@dataclass(frozen=True)
class RunOfShow:
    rows: tuple[ShowRow, ...]
    late_minutes: int
    current_index: int | None
    seconds_left: int | None  # in the current block
    finish: datetime


def run_of_show(start: datetime, outline: tuple[OutlineBlock, ...], late_minutes: int,
                done: set[int], now: datetime) -> RunOfShow:
    """Clock times of every block. Blocks not yet done move by the late shift; the current
    block is the one not done whose (shifted) time window holds `now`."""
    rows: list[ShowRow] = []
    shift = timedelta(minutes=late_minutes)
    current = None
    for index, block in enumerate(outline):
        block_start = start + timedelta(minutes=block.start_min)
        block_end = start + timedelta(minutes=block.end_min)
        if index not in done:
            block_start, block_end = block_start + shift, block_end + shift
        rows.append(ShowRow(index, block, block_start, block_end, index in done, False))
    session_over = bool(rows) and now >= rows[-1].end
    pending = [r for r in rows if not r.done and r.start <= now and not session_over]
    running = [r for r in pending if now < r.end]
    if running:
        current = running[0].index
    elif pending:
        current = pending[-1].index  # over time: the last block that started is still on
    rows = [ShowRow(r.index, r.block, r.start, r.end, r.done, r.index == current) for r in rows]
    seconds_left = None
    if current is not None:
        seconds_left = max(0, int((rows[current].end - now).total_seconds()))
    finish = rows[-1].end if rows else start
    return RunOfShow(tuple(rows), late_minutes, current, seconds_left, finish)
