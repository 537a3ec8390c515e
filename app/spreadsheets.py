"""Spreadsheet exports safe from formula injection (pure: rows in, bytes out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


CSV_MIMETYPE = "text/csv"  # Flask adds "; charset=utf-8" itself: never name it twice
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# "comma": RFC 4180; "semicolon": what Excel expects under a Ukrainian (or any comma-decimal)
# locale, where the comma is the decimal sign
CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}


def csv_delimiter(name: str | None) -> str:
    return CSV_DELIMITERS.get((name or "").strip().lower(), ",")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",") -> bytes:
    """UTF-8 with a BOM, so Excel shows Cyrillic without an import dialog."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter if delimiter in (",", ";") else ",",
                        lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v if not isinstance(v, (date, datetime))
                                                      else v.isoformat()) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = (title or "Export")[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in header]
    # rows are counted here: openpyxl's max_row scans every cell (quadratic on big sheets)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            set_text_safe(sheet.cell(row=row_number, column=column), value)
            widths[column - 1] = max(widths[column - 1], min(60, len(str(value or ""))))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_text_safe(cell: Any, value: Any) -> None:
    """An XLSX cell: dates and numbers as such, text always stored as text.

    A text cell is never a formula, so it needs no CSV apostrophe (that would show as
    '=HYPERLINK...); text that looks like a formula gets Excel's own "quote prefix" style,
    which keeps it text even when someone edits the cell later."""
    if isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
        return
    if value is None or isinstance(value, (bool, int, float, date)):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would guess "f" for a leading "="
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
