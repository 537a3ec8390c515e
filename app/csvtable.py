"""Reading a CSV file a person saved from a spreadsheet (pure: no Flask, no database).

- The delimiter is detected: Excel under a Ukrainian (or any European) locale writes
  semicolons, elsewhere commas; tabs come from pasting.
- Column names are matched loosely (case, spaces, apostrophes, a trailing `*` or `:`), and
  each column may have several names (English ids, Ukrainian words, the interface's labels).
- Cell values of a closed list (roles, stakeholder types, statuses) are matched the same way
  against their ids and their labels (`choose`).
- At most `max_rows` data rows are read: the caller states the cap, a longer file is refused
  whole (`TooManyRows`), before any row is looked at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DELIMITERS = ",;\t"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'"})


class TooManyRows(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"more than {limit} rows")
        self.limit = limit


def key(text: str) -> str:
    """The form in which names and labels are compared."""
    text = text.translate(_APOSTROPHES).replace("\u00a0", " ").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip().strip("*:").strip()
    return text.casefold()


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or a tab, judged on the header line (where no cell holds a delimiter)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line of the file where the row ends (as csv's line_num)
    values: dict[str, str]
    extra: bool = False  # more cells than the header names


@dataclass(frozen=True)
class CsvTable:
    columns: frozenset[str]  # the known columns the header names
    rows: tuple[CsvRow, ...]
    unknown: tuple[str, ...] = field(default=())  # header cells no column is called

    def missing(self, required: Iterable[str]) -> list[str]:
        return [c for c in required if c not in self.columns]


def read_csv(text: str, names: Mapping[str, Iterable[str]], max_rows: int | None = None) -> CsvTable:
    """Rows as {column id: stripped text}; blank lines skipped; raises TooManyRows."""
    text = text.removeprefix("\ufeff")
    lookup: dict[str, str] = {}
    for column, aliases in names.items():
        lookup[key(column)] = column
        for alias in aliases:
            lookup.setdefault(key(str(alias)), column)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header: list[str | None] = []
    unknown: list[str] = []
    rows: list[CsvRow] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if not header:
            header = [lookup.get(key(c)) for c in cells]
            unknown = [c.strip() for c, h in zip(cells, header, strict=True) if h is None and c.strip()]
            continue
        if max_rows is not None and len(rows) >= max_rows:
            raise TooManyRows(max_rows)
        values = {h: c.strip() for h, c in zip(header, cells, strict=False) if h is not None}
        rows.append(CsvRow(reader.line_num, values, extra=len(cells) > len(header)
                           and any(c.strip() for c in cells[len(header):])))
    return CsvTable(frozenset(h for h in header if h), tuple(rows), tuple(unknown))


def choose(value: str, options: Mapping[str, Iterable[str]]) -> str | None:
    """The id of a closed-list value written as its id or one of its labels; None if none."""
    wanted = key(value)
    for option, labels in options.items():
        if wanted == key(option) or any(wanted == key(str(label)) for label in labels):
            return option
    return None
