from datetime import UTC, datetime, timedelta

from app.content.course import OutlineBlock
from app.scheduling.timing import checkin_open, overlaps, run_of_show, self_checkin_status

START = datetime(2026, 5, 12, 7, 0, tzinfo=UTC)
OUTLINE = (OutlineBlock(0, 5, "Welcome", (), (), ()), OutlineBlock(5, 45, "Topic", (), (), ()),
           OutlineBlock(45, 60, "Conclusion", (), (), ()))


def at(minutes):
    return START + timedelta(minutes=minutes)


def test_current_block_and_countdown():
    show = run_of_show(START, OUTLINE, 0, set(), at(10))
    assert show.current_index == 1 and show.seconds_left == 35 * 60
    assert [r.current for r in show.rows] == [False, True, False]


def test_running_late_shifts_blocks_not_done():
    show = run_of_show(START, OUTLINE, 10, {0}, at(10))
    assert show.rows[0].start == at(0) and show.rows[0].end == at(5)
    assert show.rows[1].start == at(15) and show.rows[2].end == at(70)
    assert show.finish == at(70)
    assert show.current_index is None  # block 2 starts at the shifted 0:15


def test_over_time_block_stays_current_until_the_session_ends():
    show = run_of_show(START, OUTLINE, 0, set(), at(50))
    assert show.current_index == 2
    done_late = run_of_show(START, OUTLINE, 0, set(), at(61))
    assert done_late.current_index is None and done_late.seconds_left is None


def test_before_the_start_nothing_is_current():
    assert run_of_show(START, OUTLINE, 0, set(), at(-5)).current_index is None


def test_overlaps_and_check_in_window():
    assert overlaps(at(0), at(60), at(59), at(90))
    assert not overlaps(at(0), at(60), at(60), at(90))
    assert checkin_open(at(0), at(60), at(-15)) and not checkin_open(at(0), at(60), at(-16))
    assert checkin_open(at(0), at(60), at(60)) and not checkin_open(at(0), at(60), at(61))
    assert self_checkin_status(at(0), at(10)) == "present"
    assert self_checkin_status(at(0), at(11)) == "late"
