"""Rows pasted from a spreadsheet (or a CSV file) into people to add (pure).

A spreadsheet copies rows as tab-separated text; a CSV file separates with commas or
semicolons (Excel in Ukrainian locale writes semicolons). The first row may be a header,
in Ukrainian or English, in any column order; without one the columns are
name, email, hromada, stakeholder type, role.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.text import search_key

FIELDS = ("name", "email", "hromada", "stakeholder_type", "role")

# Header cells accepted for each field (compared casefolded, apostrophes unified).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "ім'я", "ім'я та прізвище", "прізвище та ім'я", "піб",
             "прізвище, ім'я", "учасник"),
    "email": ("email", "e-mail", "ел. пошта", "електронна пошта", "пошта", "email address"),
    "hromada": ("hromada", "municipality", "municipality_code", "громада", "код громади",
                "громада (назва або код)", "катоттг"),
    "stakeholder_type": ("stakeholder_type", "stakeholder type", "stakeholder", "тип учасника",
                         "тип зацікавленої сторони", "сторона", "тип сторони"),
    "role": ("role", "role in the cohort", "роль", "роль у групі", "роль у когорті"),
}

TEMPLATE_HEADERS_UK = ("Ім'я та прізвище", "Електронна пошта", "Громада", "Тип зацікавленої сторони",
                       "Роль у групі")


@dataclass(frozen=True)
class PastedRow:
    line: int  # 1-based line of the pasted text or file
    values: dict[str, str]


@dataclass(frozen=True)
class Pasted:
    rows: tuple[PastedRow, ...]
    header_error: str = ""  # a message code: "unknown_columns:<names>"


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first:
        return "\t"
    return ";" if first.count(";") > first.count(",") else ","


def _header_map(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field when the row is a header, else None."""
    lookup = {search_key(h): field for field, names in HEADERS.items() for h in names}
    keys = [search_key(c) for c in cells]
    known = {i: lookup[k] for i, k in enumerate(keys) if k in lookup}
    return known if len(known) >= 2 or (known and len(cells) == 1) else None


def parse(text: str) -> Pasted:
    text = (text or "").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[PastedRow] = []
    columns: dict[int, str] | None = None
    first = True
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        cells = [c.strip() for c in cells]
        if first:
            first = False
            columns = _header_map(cells)
            if columns is not None:
                unknown = [c for i, c in enumerate(cells) if c and i not in columns]
                if unknown:
                    return Pasted((), "unknown_columns:" + ", ".join(unknown))
                continue
        mapping = columns or dict(enumerate(FIELDS))
        values = {f: "" for f in FIELDS}
        extra = [c for i, c in enumerate(cells) if i not in mapping and c]
        for index, field in mapping.items():
            if index < len(cells):
                values[field] = cells[index]
        if extra:
            values["_extra"] = " | ".join(extra)
        rows.append(PastedRow(line, values))
    return Pasted(tuple(rows))


def match_choice(typed: str, choices: dict[str, tuple[str, ...]]) -> str | None:
    """The stored value whose value or any label matches what was typed (casefolded)."""
    key = search_key(typed)
    if not key:
        return None
    for value, labels in choices.items():
        if key == search_key(value) or any(key == search_key(lbl) for lbl in labels):
            return value
    return None


def template_csv(example_rows: list[tuple[str, ...]]) -> str:
    """The downloadable template: Ukrainian headers and example rows (UTF-8 with BOM is the
    caller's business)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS_UK)
    writer.writerows(example_rows)
    return out.getvalue()
