"""The trainer pathway's rules: the cascade."""

from __future__ import annotations

from datetime import datetime

from app.pathway.rules.base import INACTIVE_MONTHS


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day when shorter)."""
    import calendar

    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def delivering(last_delivery: datetime | None, now: datetime, months: int = INACTIVE_MONTHS) -> bool:
    """Whether a trainer delivered a session in the last `months` months."""
    return last_delivery is not None and last_delivery >= months_before(now, months)
