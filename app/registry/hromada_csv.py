"""Parsing the hromada registry CSV (pure: text in, rows or errors out)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

TYPE_BY_UKRAINIAN = {"міська": "city", "селищна": "settlement", "сільська": "village"}
REQUIRED_COLUMNS = ("code", "name_uk", "oblast", "type")
CODE_RE = re.compile(r"^UA\d{17}$")


@dataclass(frozen=True)
class HromadaRow:
    line: int
    code: str
    name_uk: str
    name_en: str
    oblast: str
    oblast_en: str
    raion: str
    type: str
    population: int | None
    admin_centre: str


class CsvError(Exception):
    """`file:line: message` ready for the CLI."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_hromadas(text: str) -> list[HromadaRow]:
    """All rows, or CsvError on the first malformed one (so nothing is half-imported)."""
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvError(1, f"missing column(s): {', '.join(missing)}")
    rows: list[HromadaRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        rows.append(_row(record, line))
        code = rows[-1].code
        if code in seen:
            raise CsvError(line, f"code {code} repeats line {seen[code]}")
        seen[code] = line
    return rows


def _row(record: dict[str, str | None], line: int) -> HromadaRow:
    if None in record:
        raise CsvError(line, "more fields than columns in the header")

    def get(name: str) -> str:
        return (record.get(name) or "").strip()

    code = get("code").upper()
    if not CODE_RE.match(code):
        raise CsvError(line, f"code {code!r} is not a KATOTTG code (UA and 17 digits)")
    name_uk = get("name_uk")
    if not name_uk:
        raise CsvError(line, "name_uk is empty")
    oblast = get("oblast")
    if not oblast:
        raise CsvError(line, "oblast is empty")
    type_uk = get("type")
    if type_uk not in TYPE_BY_UKRAINIAN:
        raise CsvError(
            line, f"type {type_uk!r} is not one of {', '.join(TYPE_BY_UKRAINIAN)}"
        )
    population_text = get("population")
    population = None
    if population_text:
        if not population_text.isdigit():
            raise CsvError(line, f"population {population_text!r} is not a whole number")
        population = int(population_text)
    for name in ("name_uk", "name_en_if_any", "oblast", "raion"):
        if len(get(name)) > 200:
            raise CsvError(line, f"{name} is longer than 200 characters")
        if "\x00" in get(name):
            raise CsvError(line, f"{name} contains a NUL byte")
    return HromadaRow(
        line=line,
        code=code,
        name_uk=name_uk,
        name_en=get("name_en_if_any") or get("name_en"),
        oblast=oblast,
        oblast_en=get("oblast_en"),
        raion=get("raion"),
        type=TYPE_BY_UKRAINIAN[type_uk],
        population=population,
        admin_centre=get("admin_centre_2025_codifier") or get("admin_centre_2022"),
    )
