"""The range of dates Spilno accepts wherever a date enters (forms, agendas, the CLI,
exercise fields). Pure: no Flask, no database.

A course scheduled in 1900 or 9999 is a typo; refusing it at the door keeps every later
addition of minutes or days far from the limits of Python's dates (year 9999 overflowed)."""

from __future__ import annotations

from datetime import date, datetime

YEAR_MIN = 2000
YEAR_MAX = 2100


def in_range(value: date | datetime) -> bool:
    return YEAR_MIN <= value.year <= YEAR_MAX
