"""The projector's clock (pure): frozen while paused, re-timed at resume, next block now."""

from datetime import UTC, datetime, timedelta

from app.content.course import OutlineBlock
from app.scheduling.live.pause import (
    effective_now,
    first_remaining,
    pause_minutes,
    shift_to_start_now,
    upcoming_index,
)
from app.scheduling.timing import run_of_show

T0 = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)
OUTLINE = tuple(OutlineBlock(a, b, f"Block {i}", (), (), ()) for i, (a, b) in
                enumerate(((0, 10), (10, 40), (40, 60))))


def test_the_clock_stands_still_while_paused():
    paused = T0 + timedelta(minutes=15)
    assert effective_now(T0 + timedelta(minutes=50), paused) == paused
    assert effective_now(T0 + timedelta(minutes=50), None) == T0 + timedelta(minutes=50)
    frozen = run_of_show(T0, OUTLINE, 0, set(), effective_now(T0 + timedelta(hours=2), paused))
    assert frozen.current_index == 1 and frozen.seconds_left == 25 * 60


def test_resume_moves_the_rest_by_the_whole_minutes_of_the_pause():
    paused = T0 + timedelta(minutes=15)
    assert pause_minutes(paused, paused + timedelta(minutes=42)) == 42
    assert pause_minutes(paused, paused + timedelta(minutes=42, seconds=59)) == 42
    assert pause_minutes(paused, paused) == 0
    show = run_of_show(T0, OUTLINE, 42, set(), paused + timedelta(minutes=42))
    assert show.current_index == 1 and show.seconds_left == 25 * 60  # where it stopped


def test_next_starts_the_following_block_now_early_or_late():
    now = T0 + timedelta(minutes=5)  # block 0 finished five minutes early
    show = run_of_show(T0, OUTLINE, 0, set(), now)
    assert show.current_index == 0 and upcoming_index(show) == 1
    late = shift_to_start_now(show, 1, now)
    assert late == -5 and shift_to_start_now(show, 1, now + timedelta(seconds=30)) == -5
    after = run_of_show(T0, OUTLINE, late, {0}, now)
    assert after.current_index == 1 and after.rows[1].start == now
    overrun = run_of_show(T0, OUTLINE, 0, set(), T0 + timedelta(minutes=14))
    assert overrun.current_index == 1 and shift_to_start_now(overrun, 2, T0 + timedelta(minutes=14)) == -26


def test_first_remaining_block_for_a_continuation():
    show = run_of_show(T0, OUTLINE, 0, {0}, T0 + timedelta(minutes=20))
    assert first_remaining(show) == 1
    before = run_of_show(T0, OUTLINE, 0, set(), T0 - timedelta(minutes=20))
    assert first_remaining(before) == 0 and upcoming_index(before) == 0
