from datetime import UTC, datetime, timedelta

from app.auth.ratelimit import seconds_until_allowed

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def ago(seconds):
    return NOW - timedelta(seconds=seconds)


def test_under_the_limit_is_allowed():
    assert seconds_until_allowed([ago(10)] * 4, NOW, 900, 5) == 0


def test_at_the_limit_waits_until_the_oldest_counted_failure_leaves_the_window():
    failures = [ago(100), ago(80), ago(60), ago(40), ago(20)]
    assert seconds_until_allowed(failures, NOW, 900, 5) == 800


def test_failures_outside_the_window_do_not_count():
    failures = [ago(1000), ago(950), ago(60), ago(40), ago(20)]
    assert seconds_until_allowed(failures, NOW, 900, 5) == 0


def test_many_failures_count_from_the_most_recent_ones():
    failures = [ago(s) for s in (500, 400, 300, 200, 100, 50)]
    assert seconds_until_allowed(failures, NOW, 900, 5) == 900 - 400
