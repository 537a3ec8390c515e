"""Login rate limiting as a pure function over the times of recent failures."""

from __future__ import annotations

from datetime import datetime, timedelta


def seconds_until_allowed(
    failure_times: list[datetime], now: datetime, window_seconds: int, max_failures: int
) -> int:
    """0 when another attempt is allowed; otherwise how long the cool-down still lasts.

    Once `max_failures` failures fall inside the window, attempts are refused until the
    oldest of the last `max_failures` failures leaves the window.
    """
    window = timedelta(seconds=window_seconds)
    recent = sorted(t for t in failure_times if now - t < window)
    if len(recent) < max_failures:
        return 0
    oldest_counted = recent[-max_failures]
    remaining = (oldest_counted + window - now).total_seconds()
    return max(1, int(remaining + 0.999))
