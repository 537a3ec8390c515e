"""Dates as commitments write them: ISO, DD.MM.YYYY, month names, quarters, halves, years,
durations in words, and OGP Local's one-year arithmetic."""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.exercises.smart.messages import Translator, _count


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lasts_a_year(start: date, end: date) -> bool:
    """OGP Local's minimum: one calendar year, counting the end day (1 Jan to 31 Dec is a year)."""
    return end + timedelta(days=1) >= _add_months(start, 12)


def _span(start: date, end: date) -> tuple[int, int]:
    """Whole months and the remaining days from start to end, end day included."""
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if _add_months(start, months) > stop:
        months -= 1
    return months, (stop - _add_months(start, months)).days


def _duration(tr: Translator, start: date, end: date) -> str:
    months, days = _span(start, end)
    return _count(tr, months, "month") if months else _count(tr, days, "day")


def _plausible(year: int) -> bool:
    # Far years are typing mistakes, and year 9999 would overflow the one-year arithmetic.
    return 1900 <= year <= 2199


@dataclass(frozen=True)
class DatePoint:
    """A date as written in text: a day, or a month, quarter, half or year (first..last)."""

    first: date
    last: date
    precision: int  # 3 day, 2 month, 1 quarter or half year, 0 year
    start: int  # position in its line
    end: int


MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS_UK = ("січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт",
             "листопад", "груд")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
            "1": 1, "2": 2, "3": 3, "4": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_EN_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_UK_MONTH = "(" + "|".join(MONTHS_UK) + r")\w*"
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("en_month", re.compile(r"(?<!\w)(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + _EN_MONTH
                            + r"\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})(?!\d)",
                            re.IGNORECASE)),
    ("uk_month", re.compile(r"(?<!\w)(?:(\d{1,2})\s+)?" + _UK_MONTH + r"\s+(\d{4})(?!\d)",
                            re.IGNORECASE)),
    ("my", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{4})(?!\d)")),
    ("quarter", re.compile(r"(?<!\w)(?:q([1-4])|([1-4](?:st|nd|rd|th)|first|second|third|fourth)"
                           r"\s+quarter(?:\s+of)?)\s*(\d{4})(?!\d)", re.IGNORECASE)),
    ("uk_quarter", re.compile(r"(?<!\w)([iі]v|[iі]{1,3}|[1-4])\s*(?:-?\s*(?:й|го|ий))?\s*"
                              r"(?:квартал\w*|кв\.?)\s*(\d{4})(?!\d)", re.IGNORECASE)),
    ("half", re.compile(r"(?<!\w)(?:h([12])|(first|second)\s+half(?:\s+of)?)\s*(\d{4})(?!\d)",
                        re.IGNORECASE)),
    ("uk_half", re.compile(r"(?<!\w)([iі]{1,2}|[12])\s*(?:-?\s*(?:е|ге))?\s*півріч\w*\s*(\d{4})"
                           r"(?!\d)", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\w.])(20[0-3]\d)(?!\d)")),
)


def _point(kind: str, m: re.Match[str]) -> tuple[date, date, int]:
    """Reads one match; raises ValueError for a day or month that does not exist."""
    g = m.groups()
    if not _plausible(int(g[0] if kind == "ymd" else g[-1])):
        raise ValueError("year out of range")
    if kind == "ymd":
        day = date(int(g[0]), int(g[1]), int(g[2]))
        return day, day, 3
    if kind == "dmy":
        day = date(int(g[2]), int(g[1]), int(g[0]))
        return day, day, 3
    if kind in ("en_month", "uk_month"):
        names = MONTHS_EN if kind == "en_month" else MONTHS_UK
        month = next(i for i, n in enumerate(names, 1) if g[1].lower().startswith(n))
        year = int(g[-1])
        day_text = g[0] or (g[2] if kind == "en_month" else None)
        if day_text:
            day = date(year, month, int(day_text))
            return day, day, 3
        return date(year, month, 1), _month_end(year, month), 2
    if kind == "my":
        month, year = int(g[0]), int(g[1])
        return date(year, month, 1), _month_end(year, month), 2
    if kind in ("quarter", "uk_quarter", "half", "uk_half"):
        # Ukrainian texts often write Roman numerals with the Cyrillic letter і.
        number = ORDINALS[next(x for x in g[:-1] if x).lower().replace("і", "i")]
        size = 3 if "quarter" in kind else 6
        first_month = (number - 1) * size + 1
        year = int(g[-1])
        return date(year, first_month, 1), _month_end(year, first_month + size - 1), 1
    year = int(g[0])
    return date(year, 1, 1), date(year, 12, 31), 0


def find_dates(line: str) -> tuple[list[DatePoint], list[str]]:
    """Date points in one line, in reading order, and the date-like strings that are invalid."""
    taken: list[tuple[int, int]] = []
    points: list[DatePoint] = []
    invalid: list[str] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            try:
                first, last, precision = _point(kind, m)
            except ValueError:
                if kind in ("ymd", "dmy"):  # '15/2026' is more often a document number
                    invalid.append(m.group(0))
                continue
            points.append(DatePoint(first, last, precision, m.start(), m.end()))
    return sorted(points, key=lambda p: p.start), invalid


RANGE_GAP = re.compile(r"^\s*(?:року|р\.?|рр\.?)?\s*(?:-|–|—|to|till|until|through|до|по)\s*$",
                       re.IGNORECASE)


def _range_in(line: str, points: list[DatePoint]) -> tuple[date, date] | None:
    """The first 'X to Y' / 'з X по Y' / 'X – Y' pair of dates in a line."""
    for a, b in itertools.pairwise(points):
        if RANGE_GAP.match(line[a.end:b.start]) and a.first <= b.last:
            return a.first, b.last
    return None


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6,
                "twelve": 12, "eighteen": 18, "twenty-four": 24, "один": 1, "одного": 1,
                "два": 2, "двох": 2, "три": 3, "трьох": 3, "шість": 6, "шести": 6,
                "дванадцять": 12, "дванадцяти": 12, "вісімнадцять": 18, "вісімнадцяти": 18}
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
STATED_DURATION = (
    re.compile(r"(?<!\w)(?:for|over|during|lasting|lasts?|duration of|period of|within)\s+"
               r"(?:a period of\s+)?" + _NUM + r"[\s-]+(month|year)s?(?!\w)", re.IGNORECASE),
    re.compile(r"(?<!\w)" + _NUM + r"-(month|year)(?!\w)", re.IGNORECASE),
    re.compile(r"(?<!\w)(?:протягом|впродовж|упродовж|тривалістю|строком на|терміном на|"
               r"на період|на)\s+(?:" + _NUM + r"\s+)?(місяц\w*|рок\w*|рік)(?!\w)", re.IGNORECASE),
)
HALF_YEAR_UK = re.compile(r"(?<!\w)(?:протягом|впродовж|упродовж|на)\s+пів\s*року", re.IGNORECASE)


def stated_months(text: str) -> int | None:
    """A duration written in words ('over 18 months', 'протягом року'), in months."""
    if HALF_YEAR_UK.search(text):
        return 6
    for pattern in STATED_DURATION:
        m = pattern.search(text)
        if m:
            number_text, unit = (m.group(1) or "1").lower(), m.group(2).lower()
            number = int(number_text) if number_text.isdigit() else NUMBER_WORDS[number_text]
            return number * (1 if unit.startswith(("month", "місяц")) else 12)
    return None

