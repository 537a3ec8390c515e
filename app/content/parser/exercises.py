"""Exercise sheets: front matter, the field schema, in-session minutes."""

from __future__ import annotations

from typing import Any

from app.content.course import (
    Exercise,
    FieldSpec,
    Issue,
)
from app.content.frontmatter import Located
from app.content.parser.common import (
    CHECKS,
    COLUMN_TYPES,
    EXERCISE_ID_RE,
    EXERCISE_KINDS,
    FIELD_ID_RE,
    FIELD_TYPES,
    STEP_MINUTES_RE,
    _Collector,
    _describe,
    _load_front_matter,
    _text,
    _text_list,
    _translation,
    _whole_number,
    content_hash,
)
from app.content.parser.modules import _check_ranges

# --- exercises ------------------------------------------------------------------------------

def parse_exercise(text: str, path: str, lang: str = "en") -> tuple[Exercise | None, list[Issue]]:
    out = _Collector(path)
    fm, body, offset = _load_front_matter(text, out)
    if fm is None:
        return None, out.issues
    exercise_id = _text(fm, out, "id")
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    if exercise_id and not EXERCISE_ID_RE.match(exercise_id):
        out.error(fm.line("id"), f"front matter: id {exercise_id!r} must be lowercase-with-dashes")
    elif exercise_id and exercise_id != stem:
        out.error(fm.line("id"), f"front matter: id {exercise_id!r} differs from the file name {stem!r}")
    title = _text(fm, out, "title")
    module = _text(fm, out, "module")
    step = fm.data.get("step")
    if step is None:
        out.error(fm.line(), "front matter: 'step' is required")
        step = ""
    elif not isinstance(step, str):
        out.error(fm.line("step"), f"front matter: step must be quoted text like \"2.1\", not {_describe(step)}")
        step = ""
    mode = _text(fm, out, "mode")
    if mode and mode not in ("individual", "team"):
        out.error(fm.line("mode"), f"front matter: mode must be individual or team, not {mode!r}")
    kind = _text(fm, out, "kind", required=False) or "form"
    if kind not in EXERCISE_KINDS:
        out.error(fm.line("kind"), f"front matter: kind {kind!r} is not one of {', '.join(EXERCISE_KINDS)}")
    summary = _text(fm, out, "summary", required=False)
    checks = _text_list(fm, out, "checks", required=False)
    for n, check in enumerate(checks):
        if check not in CHECKS:
            out.error(fm.line("checks", n), f"unknown check {check!r} (known: {', '.join(CHECKS)})")
    fields = _fields(fm, out)
    minutes = _whole_number(fm, out, "minutes")
    _check_ranges(body, offset, out)
    _check_step_minutes(body, offset, minutes, fm.line("minutes"), out)
    if any(i.level == "error" for i in out.issues):
        return None, out.issues
    return Exercise(exercise_id, title, module, step, mode, kind, summary, fields, checks, body,
                    path, content_hash(text), lang,
                    {"id": fm.line("id"), "module": fm.line("module"), "step": fm.line("step"),
                     "source_hash": fm.line("source_hash"), "minutes": fm.line("minutes")},
                    **_translation(fm), minutes=minutes), out.issues


def _check_step_minutes(body: str, offset: int, minutes: int, line: int, out: _Collector) -> None:
    """The minutes of the sheet's step headings add up to the front matter's `minutes`."""
    steps = [int(m.group(1)) for m in map(STEP_MINUTES_RE.match, body.splitlines()) if m]
    if steps and minutes and sum(steps) != minutes:
        out.error(line, f"the steps of the sheet take {' + '.join(map(str, steps))} = {sum(steps)} "
                        f"minutes, but 'minutes' is {minutes}")


def _options(raw: Any) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(raw, list) or not raw:
        return None
    options = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            options.append((item.strip(), item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            options.append((item["value"], str(item.get("label", item["value"]))))
        else:
            return None
    return tuple(options)


def _field(raw: Any, fm: Located, out: _Collector, where: tuple, allowed: tuple[str, ...],
           seen: set[str]) -> FieldSpec | None:
    line = fm.line(*where)
    if not isinstance(raw, dict):
        out.error(line, "a field must be a mapping with id, label and type")
        return None
    field_id, label, kind = raw.get("id"), raw.get("label"), raw.get("type")
    if not isinstance(field_id, str) or not FIELD_ID_RE.match(field_id):
        out.error(line, f"field id {field_id!r} must be snake_case")
        return None
    if field_id in seen:
        out.error(line, f"field id {field_id!r} is used twice")
        return None
    seen.add(field_id)
    if not isinstance(label, str) or not label.strip():
        out.error(fm.line(*where, "label"), f"field {field_id}: label must be text, not {_describe(label)}")
        return None
    if kind not in allowed:
        out.error(fm.line(*where, "type"), f"field {field_id}: type {kind!r} is not one of {', '.join(allowed)}")
        return None
    required = raw.get("required", False)
    if not isinstance(required, bool):
        out.error(fm.line(*where, "required"), f"field {field_id}: required must be true or false")
        return None
    spec = {"id": field_id, "label": label.strip(), "type": kind, "required": required,
                "help": str(raw.get("help", "")).strip()}
    if kind == "tree":
        depth = raw.get("depth", 3)
        if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= 5:
            out.error(fm.line(*where, "depth"), f"field {field_id}: depth must be a whole number from 1 to 5")
            return None
        spec["depth"] = depth
    if kind == "choice":
        options = _options(raw.get("options"))
        if options is None:
            out.error(fm.line(*where, "options"),
                      f"field {field_id}: a choice needs 'options' as a list of quoted texts")
            return None
        spec["options"] = options
    if kind == "checklist":
        items = raw.get("items")
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            out.error(fm.line(*where, "items"), f"field {field_id}: a checklist needs 'items' as a list of texts")
            return None
        spec["items"] = tuple(i.strip() for i in items)
    if kind == "table":
        columns = raw.get("columns")
        if not isinstance(columns, list) or not columns:
            out.error(fm.line(*where, "columns"), f"field {field_id}: a table needs 'columns'")
            return None
        column_ids: set[str] = set()
        parsed = [_field(c, fm, out, (*where, "columns", n), COLUMN_TYPES, column_ids)
                  for n, c in enumerate(columns)]
        if None in parsed:
            return None
        spec["columns"] = tuple(parsed)
    return FieldSpec(**spec)


def _fields(fm: Located, out: _Collector) -> tuple[FieldSpec, ...]:
    raw = fm.data.get("fields")
    if not isinstance(raw, list) or not raw:
        out.error(fm.line("fields"), "front matter: 'fields' must list at least one field")
        return ()
    seen: set[str] = set()
    parsed = [_field(f, fm, out, ("fields", n), FIELD_TYPES, seen) for n, f in enumerate(raw)]
    return tuple(f for f in parsed if f is not None)


