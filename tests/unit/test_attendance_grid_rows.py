from types import SimpleNamespace

from app.scheduling.services.attendance import AttendanceGrid


def test_grid_rows_give_each_status_in_session_order_and_the_rate_without_cancelled_sessions():
    sessions = [SimpleNamespace(id=10, status="scheduled"), SimpleNamespace(id=11, status="cancelled"),
                SimpleNamespace(id=12, status="done")]
    anna, bohdan = SimpleNamespace(id=1, name="Анна"), SimpleNamespace(id=2, name="Богдан")
    grid = AttendanceGrid(sessions, [anna, bohdan],
                          {(1, 10): "present", (1, 11): "present", (1, 12): "late", (2, 12): "absent"})
    first, second = grid.rows()
    assert first.person is anna and first.statuses == ("present", "present", "late")
    assert (first.present, first.counted) == (2, 2) == grid.rate(anna)
    assert second.statuses == (None, None, "absent")
    assert (second.present, second.counted) == (0, 2) == grid.rate(bohdan)
