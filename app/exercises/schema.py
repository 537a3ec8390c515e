"""Exercise work as data: empty values, form parsing, validation, Markdown (pure).

Values by field type: text/long_text/date/choice -> str; number -> float | None;
list -> [str]; checklist -> [item index]; tree -> [{"text", "children": [...]}];
table -> [{column id: str}]. Drafts may be incomplete: `validate` refuses only what can
never be saved (wrong shapes, overlong or control characters); `missing_required` is
checked when the work is submitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.content.course import Exercise, FieldSpec
from app.dates import YEAR_MAX, YEAR_MIN, in_range
from app.text import has_control_chars

TEXT_LIMIT = {"text": 500, "long_text": 10_000, "date": 10, "choice": 100}
ITEM_LIMIT = 500
MAX_ITEMS = 100
MAX_TREE_NODES = 200
CELL_LIMIT = 2_000
INDENT = "  "


def empty_value(spec: FieldSpec) -> Any:
    if spec.type in ("list", "checklist", "tree", "table"):
        return []
    if spec.type == "number":
        return None
    return ""


def empty_data(exercise: Exercise) -> dict[str, Any]:
    return {f.id: empty_value(f) for f in exercise.fields}


# --- trees as indented text (the form without JavaScript) ---------------------------------

def tree_to_text(nodes: list[dict], depth: int = 0) -> str:
    lines = []
    for node in nodes:
        lines.append(f"{INDENT * depth}{node.get('text', '')}")
        child_text = tree_to_text(node.get("children") or [], depth + 1)
        if child_text:
            lines.append(child_text)
    return "\n".join(lines)


def tree_from_text(text: str) -> list[dict]:
    """Each line a node; two spaces (or a tab) of indentation per level; "- " optional."""
    root: list[dict] = []
    stack: list[tuple[int, list[dict]]] = [(-1, root)]
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        expanded = raw.replace("\t", INDENT)
        level = (len(expanded) - len(expanded.lstrip(" "))) // len(INDENT)
        label = expanded.strip()
        label = label[2:].strip() if label.startswith(("- ", "* ")) else label
        while stack and stack[-1][0] >= level:
            stack.pop()
        node = {"text": label, "children": []}
        stack[-1][1].append(node)
        stack.append((level, node["children"]))
    return root


# --- parsing a submitted form -----------------------------------------------------------------

def from_form(exercise: Exercise, form: Mapping[str, list[str]]) -> dict[str, Any]:
    """The raw data of a plain form post: `f-ID`, and `f-ID-ROW-COLUMN` for tables."""
    def first(name: str) -> str:
        values = form.get(name) or [""]
        return values[0]

    data: dict[str, Any] = {}
    for spec in exercise.fields:
        name = f"f-{spec.id}"
        if spec.type == "list":
            data[spec.id] = [line.strip() for line in first(name).splitlines() if line.strip()]
        elif spec.type == "tree":
            data[spec.id] = tree_from_text(first(name))
        elif spec.type == "checklist":
            data[spec.id] = sorted({int(v) for v in form.get(name, [])
                                    if v.isascii() and v.isdigit() and len(v) <= 6})
        elif spec.type == "table":
            data[spec.id] = _table_from_form(spec, form)
        elif spec.type == "number":
            data[spec.id] = first(name).strip()
        else:
            data[spec.id] = first(name)
    return data


@dataclass(frozen=True)
class RefusedRows:
    """A table posted with a row number that is not one (5,000 digits, Arabic-Indic digits):
    `validate` answers it with a message, never an error deep in `int()`."""

    name: str


ROW_INDEX_DIGITS = 4  # the page numbers its rows 0, 1, 2, ...: never more than 4 digits


def _table_from_form(spec: FieldSpec, form: Mapping[str, list[str]]) -> list[dict] | RefusedRows:
    prefix = f"f-{spec.id}-"
    pattern = re.compile(rf"^{re.escape(prefix)}([0-9]{{1,{ROW_INDEX_DIGITS}}})-([a-z][a-z0-9_]*)$",
                         re.ASCII)
    loose = re.compile(rf"^{re.escape(prefix)}([^-]*)-([a-z][a-z0-9_]*)$")
    rows: dict[int, dict[str, str]] = {}
    for name, values in form.items():
        match = pattern.match(name)
        if match is None:
            if loose.match(name):  # a cell of this table, but its row number is not one
                return RefusedRows(name[:80])
            continue
        if values:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = values[0]
    result = []
    for index in sorted(rows):
        row = {c.id: rows[index].get(c.id, "").strip() for c in spec.columns}
        if any(row.values()):
            result.append(row)
    return result


# --- validation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """Why a value cannot be saved: a code and its numbers, translated by the caller."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def english(self) -> str:
        return ENGLISH[self.code] % dict(self.params)


ENGLISH = {
    "not_object": "The data must be an object of fields.",
    "expected_text": "Expected text.",
    "too_long": "At most %(limit)d characters (now %(now)d).",
    "control_chars": "Contains characters that cannot be saved.",
    "bad_date": "Use a date like 2026-05-31.",
    "bad_choice": "Choose one of the options.",
    "bad_number": "Enter a number.",
    "bad_list": "Expected a list of at most %(limit)d lines.",
    "bad_checklist": "Tick items of the checklist only.",
    "bad_tree": "Expected a list of boxes.",
    "tree_too_big": "At most %(limit)d boxes in one tree.",
    "tree_too_deep": "At most %(limit)d levels.",
    "bad_table": "Expected at most %(limit)d rows of cells.",
    "date_out_of_range": "Use a date between %(first)d and %(last)d.",
    "bad_row_index": "A row of this table has a number the form never sends: reload the page and "
                     "enter the rows again.",
}


class _Errors(dict):
    def add(self, field_id: str, code: str, **params: Any) -> None:
        self.setdefault(field_id, Problem(code, tuple(sorted(params.items()))))


def validate(exercise: Exercise, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Problem]]:
    """(clean data, {field id: problem}). Unknown keys are dropped."""
    if not isinstance(raw, Mapping):
        return empty_data(exercise), {"": Problem("not_object")}
    errors = _Errors()
    data = {}
    for spec in exercise.fields:
        value = raw.get(spec.id, empty_value(spec))
        data[spec.id] = _clean(spec, value, errors)
    return data, dict(errors)


def _text_ok(value: Any, limit: int) -> Problem | None:
    """The problem when `value` is not acceptable text, else None."""
    if not isinstance(value, str):
        return Problem("expected_text")
    if len(value) > limit:
        return Problem("too_long", (("limit", limit), ("now", len(value))))
    if has_control_chars(value):
        return Problem("control_chars")
    return None


def _add(errors: _Errors, field_id: str, problem: Problem) -> None:
    errors.setdefault(field_id, problem)


def _clean(spec: FieldSpec, value: Any, errors: _Errors) -> Any:
    cleaner = _CLEANERS.get(spec.type, _clean_text)
    return cleaner(spec, value, errors)


def _clean_text(spec: FieldSpec, value: Any, errors: _Errors) -> str:
    value = "" if value is None else value
    problem = _text_ok(value, TEXT_LIMIT.get(spec.type, 500))
    if problem:
        _add(errors, spec.id, problem)
        return ""
    if spec.type == "text":  # a one-line answer shown in a wrapping box: line breaks are spaces
        return re.sub(r"\s*[\r\n]+\s*", " ", value).strip()
    return value.replace("\r\n", "\n").strip() if spec.type != "long_text" else value.replace("\r\n", "\n")


def _clean_date(spec: FieldSpec, value: Any, errors: _Errors) -> str:
    text = _clean_text(spec, value, errors).strip()
    if text:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            errors.add(spec.id, "bad_date")
            return ""
        if not in_range(day):
            errors.add(spec.id, "date_out_of_range", first=YEAR_MIN, last=YEAR_MAX)
            return ""
    return text


def _clean_choice(spec: FieldSpec, value: Any, errors: _Errors) -> str:
    text = _clean_text(spec, value, errors)
    if text and text not in {v for v, _ in spec.options}:
        errors.add(spec.id, "bad_choice")
        return ""
    return text


def _clean_number(spec: FieldSpec, value: Any, errors: _Errors) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", ".").replace(" ", ""))
    except ValueError:
        errors.add(spec.id, "bad_number")
        return None
    if number != number or abs(number) > 1e12:
        errors.add(spec.id, "bad_number")
        return None
    return int(number) if number.is_integer() else number


def _clean_list(spec: FieldSpec, value: Any, errors: _Errors) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        errors.add(spec.id, "bad_list", limit=MAX_ITEMS)
        return []
    items = []
    for item in value:
        problem = _text_ok(item, ITEM_LIMIT)
        if problem:
            _add(errors, spec.id, problem)
            return []
        if item.strip():
            items.append(item.strip())
    return items


def _clean_checklist(spec: FieldSpec, value: Any, errors: _Errors) -> list[int]:
    if not isinstance(value, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(spec.items) for i in value):
        errors.add(spec.id, "bad_checklist")
        return []
    return sorted(set(value))


def _clean_tree(spec: FieldSpec, value: Any, errors: _Errors) -> list[dict]:
    count = [0]
    max_depth = spec.depth or 3

    class Refused(Exception):
        pass

    def nodes(items: Any, depth: int) -> list[dict]:
        if not isinstance(items, list):
            raise Refused(Problem("bad_tree"))
        result = []
        for item in items:
            if not isinstance(item, Mapping):
                raise Refused(Problem("bad_tree"))
            count[0] += 1
            if count[0] > MAX_TREE_NODES:
                raise Refused(Problem("tree_too_big", (("limit", MAX_TREE_NODES),)))
            if depth > max_depth:
                raise Refused(Problem("tree_too_deep", (("limit", max_depth),)))
            problem = _text_ok(item.get("text", ""), 300)
            if problem:
                raise Refused(problem)
            result.append({"text": item.get("text", "").strip(),
                           "children": nodes(item.get("children") or [], depth + 1)})
        return result

    try:
        return nodes(value, 1)
    except Refused as refusal:
        _add(errors, spec.id, refusal.args[0])
        return []


def _clean_table(spec: FieldSpec, value: Any, errors: _Errors) -> list[dict]:
    if isinstance(value, RefusedRows):
        errors.add(spec.id, "bad_row_index")
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        errors.add(spec.id, "bad_table", limit=MAX_ITEMS)
        return []
    rows = []
    for row in value:
        if not isinstance(row, Mapping):
            errors.add(spec.id, "bad_table", limit=MAX_ITEMS)
            return []
        clean_row = {}
        for column in spec.columns:
            cell_errors = _Errors()
            cell = _clean(column, row.get(column.id, ""), cell_errors)
            if cell_errors:
                _add(errors, spec.id, next(iter(cell_errors.values())))
                return []
            clean_row[column.id] = "" if cell is None else cell
        if any(v not in ("", None) for v in clean_row.values()):
            rows.append(clean_row)
    return rows


_CLEANERS = {"text": _clean_text, "long_text": _clean_text, "date": _clean_date,
             "choice": _clean_choice, "number": _clean_number, "list": _clean_list,
             "checklist": _clean_checklist, "tree": _clean_tree, "table": _clean_table}


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def missing_required(exercise: Exercise, data: Mapping[str, Any]) -> list[FieldSpec]:
    return [f for f in exercise.fields if f.required and not _filled(data.get(f.id))]


# --- Markdown export --------------------------------------------------------------------------

def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", str(text))


def to_markdown(exercise: Exercise, data: Mapping[str, Any], heading: str = "",
                ticked_only: bool = False) -> str:
    """The work as Markdown; `ticked_only` (printed documents) lists only the ticked items of
    checklists instead of every option with a box."""
    lines = [f"# {_escape_md(exercise.title)}", ""]
    if heading:
        lines += [_escape_md(heading), ""]
    for spec in exercise.fields:
        lines += [f"## {_escape_md(spec.label)}", ""]
        value = data.get(spec.id, empty_value(spec))
        if ticked_only and spec.type == "checklist":
            lines += [f"- {_escape_md(item)}" for i, item in enumerate(spec.items)
                      if i in (value or [])] or ["—"]
        else:
            lines += _field_markdown(spec, value) or ["—"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _field_markdown(spec: FieldSpec, value: Any) -> list[str]:
    if spec.type in ("text", "long_text", "date", "number"):
        return [_escape_md(value)] if _filled(value) else []
    if spec.type == "choice":
        labels = dict(spec.options)
        return [_escape_md(labels.get(value, value))] if value else []
    if spec.type == "list":
        return [f"- {_escape_md(v)}" for v in value]
    if spec.type == "checklist":
        return [f"- [{'x' if i in value else ' '}] {_escape_md(item)}" for i, item in enumerate(spec.items)]
    if spec.type == "tree":
        return [line for line in _tree_markdown(value, 0)]
    if spec.type == "table" and value:
        header = "| " + " | ".join(_escape_md(c.label) for c in spec.columns) + " |"
        rule = "|" + "---|" * len(spec.columns)
        body = ["| " + " | ".join(_escape_md(_cell_text(c, row.get(c.id, ""))).replace("\n", " ")
                                  for c in spec.columns) + " |" for row in value]
        return [header, rule, *body]
    return []


def _cell_text(column: FieldSpec, value: Any) -> str:
    """A table cell as people read it: a choice shows its label, not its stored value."""
    if column.type == "choice" and value:
        return dict(column.options).get(value, value)
    return "" if value is None else str(value)


def _tree_markdown(nodes: list[dict], depth: int) -> list[str]:
    lines = []
    for node in nodes:
        lines.append(f"{INDENT * depth}- {_escape_md(node.get('text', ''))}")
        lines += _tree_markdown(node.get("children") or [], depth + 1)
    return lines
