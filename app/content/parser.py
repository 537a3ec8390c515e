"""Parsing and validating one content file (pure: text in, dataclasses and issues out)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from app.content import markdown as md
from app.content.frontmatter import FrontMatterError, Located, load_yaml, split_front_matter
from app.content.model import (
    Exercise,
    FieldSpec,
    Issue,
    Module,
    OutlineBlock,
    Phase,
    PlanDay,
    PlanItem,
    QuizQuestion,
    Section,
    SessionPlan,
    Step,
)

OUTLINE_TITLE = "session outline"
OUTLINE_HEADERS = ["Time", "Topic", "Key points for trainers", "Activities", "Materials"]
# A translation names its outline and the outline's columns in its own language.
LOCAL_OUTLINE = {"uk": ("план заняття", ["Час", "Тема", "Ключові моменти для тренерів",
                                         "Активності", "Матеріали"])}
TIME_RE = re.compile(r"^(\d{1,2}):([0-5]\d)\s*-\s*(\d{1,2}):([0-5]\d)$")
MODULE_ID_RE = re.compile(r"^M\d{1,2}$")
EXERCISE_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CLOCK_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
FIELD_TYPES = ("text", "long_text", "list", "tree", "table", "date", "choice", "number",
               "checklist")
COLUMN_TYPES = ("text", "long_text", "date", "choice", "number")
EXERCISE_KINDS = ("form", "problem_tree", "smart_commitment", "roadmap", "stakeholder_map",
                  "prioritization_matrix")
CHECKS = ("smart", "roadmap_dates", "plan_period", "minimum_requirements",
          "problem_definition", "solutions_checklist")
MAX_BULLET_CHARS = 90
MAX_BULLETS_PER_HEADING = 6
# Outline activities that name exercises (by title): run in the block, or done after it.
IN_SESSION_PREFIXES = ("exercise:", "вправа:")
HOMEWORK_PREFIXES = ("homework:", "домашнє завдання:")
# A trainer-notes line giving the block's minutes: "Minute plan: presentation 10, exercise 20".
MINUTE_PLAN_RE = re.compile(r"^\W*(?:minute plan|план хвилин)\W*:\W*(.+)$", re.IGNORECASE)
MINUTE_PART_RE = re.compile(r"^(.*?)\s*(\d+)\s*(?:min|minutes|хв|хвилин[аи]?)?\.?$", re.IGNORECASE)
EXERCISE_PARTS = ("exercise", "вправа")
# One timing everywhere: "25-30 minutes" leaves the trainer to choose, so it is refused.
RANGE_RE = re.compile(r"\b(\d+\s*[-–—]\s*\d+)\s*(?:minutes|mins?|хвилин[аи]?|хв)\b", re.IGNORECASE)
# Step headings of an exercise sheet that carry their minutes: "### Step 1. Brainstorm (10 minutes)".
STEP_MINUTES_RE = re.compile(r"^#{2,4}\s.*\((?:[^()]*?,\s*)?(\d+)\s*(?:minutes|хвилин[аи]?|хв)\)\s*$",
                             re.IGNORECASE)
LONG_MODULE_MIN = 90  # a module longer than this has a break inside it


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Collector:
    def __init__(self, path: str):
        self.path = path
        self.issues: list[Issue] = []

    def error(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message))

    def warning(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message, "warning"))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the YAML boolean {str(value).lower()} (quote it)"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"[:80]


def _text(fm: Located, out: _Collector, key: str, required: bool = True) -> str:
    value = fm.data.get(key)
    if value is None:
        if required:
            out.error(fm.line(), f"front matter: '{key}' is required")
        return ""
    if not isinstance(value, str) or not value.strip():
        out.error(fm.line(key), f"front matter: '{key}' must be text, not {_describe(value)}")
        return ""
    return value.strip()


def _text_list(fm: Located, out: _Collector, key: str, required: bool = True) -> tuple[str, ...]:
    value = fm.data.get(key)
    if value is None:
        if required:
            out.error(fm.line(), f"front matter: '{key}' is required")
        return ()
    if not isinstance(value, list):
        out.error(fm.line(key), f"front matter: '{key}' must be a list, not {_describe(value)}")
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            out.error(fm.line(key, index),
                      f"front matter: '{key}' item {index + 1} must be text, not {_describe(item)}")
        else:
            items.append(item.strip())
    return tuple(items)


def _whole_number(fm: Located, out: _Collector, key: str, *path: Any) -> int:
    value = fm.data
    for part in path or (key,):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        out.error(fm.line(*(path or (key,))[:-1]), f"'{key}' is required")
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        out.error(fm.line(*(path or (key,))),
                  f"'{key}' must be a whole number above 0, not {_describe(value)}")
        return 0
    return value


def _load_front_matter(text: str, out: _Collector) -> tuple[Located | None, str, int]:
    try:
        front, body, body_offset = split_front_matter(text)
        fm = load_yaml(front, offset=1)
    except FrontMatterError as error:
        out.error(error.line, error.message)
        return None, "", 0
    if not isinstance(fm.data, dict):
        out.error(2, "front matter must be a mapping of keys to values")
        return None, body, body_offset
    return fm, body, body_offset


# --- modules --------------------------------------------------------------------------------

def parse_module(text: str, path: str, lang: str = "en") -> tuple[Module | None, list[Issue]]:
    out = _Collector(path)
    fm, body, offset = _load_front_matter(text, out)
    if fm is None:
        return None, out.issues
    module_id = _text(fm, out, "id")
    if module_id and not MODULE_ID_RE.match(module_id):
        out.error(fm.line("id"), f"front matter: id {module_id!r} must look like M1")
    title = _text(fm, out, "title")
    duration = _whole_number(fm, out, "duration_min")
    audience = _text_list(fm, out, "audience")
    objectives = _text_list(fm, out, "objectives")
    exercises = _text_list(fm, out, "exercises")
    materials = _text_list(fm, out, "materials", required=False)
    takeaways = _text_list(fm, out, "key_takeaways", required=False)
    quiz = _quiz(fm, out)
    quiz_draw = fm.data.get("quiz_draw", 0)
    if isinstance(quiz_draw, bool) or not isinstance(quiz_draw, int) or quiz_draw < 0:
        out.error(fm.line("quiz_draw"), "front matter: 'quiz_draw' must be a whole number of questions")
        quiz_draw = 0
    elif quiz_draw and quiz and quiz_draw * 2 > len(quiz):
        out.error(fm.line("quiz_draw"), f"front matter: quiz_draw {quiz_draw} needs a pool of at least "
                                        f"{quiz_draw * 2} questions so that a retake draws others, "
                                        f"not {len(quiz)}")
    raw_sections = md.sections(body)
    _check_bullets(raw_sections, offset, out)
    outline = _outline(raw_sections, offset, duration, out, lang)
    _check_ranges(body, offset, out)
    if duration > LONG_MODULE_MIN and outline and not any(b.is_break for b in outline):
        out.error(outline[0].line, f"a {duration}-minute module needs a break block inside "
                                   f"its outline (a topic starting with Break or Перерва)")
    outline = _minute_plans(outline, raw_sections, body, offset, out)
    body_lines = body.splitlines()
    starts = [s.line for s in raw_sections if s.title] + [len(body_lines) + 1]
    sections = tuple(Section(s.title, s.line + offset, tuple(s.blocks),
                             "\n".join(body_lines[s.line - 1:starts[n + 1] - 1]).strip())
                     for n, s in enumerate(s for s in raw_sections if s.title))
    if any(i.level == "error" for i in out.issues):
        return None, out.issues
    return Module(
        id=module_id, title=title, duration_min=duration, audience=audience,
        objectives=objectives, exercises=exercises, materials=materials,
        key_takeaways=takeaways, quiz=quiz, outline=outline, sections=sections, body=body,
        path=path, content_hash=content_hash(text), lang=lang,
        lines={f"exercise:{e}": fm.line("exercises", n) for n, e in enumerate(exercises)}
        | {"id": fm.line("id"), "source_hash": fm.line("source_hash")},
        **_translation(fm), quiz_draw=quiz_draw,
    ), out.issues


def _quiz(fm: Located, out: _Collector) -> tuple[QuizQuestion, ...]:
    value = fm.data.get("quiz")
    if value is None:
        return ()
    if not isinstance(value, list):
        out.error(fm.line("quiz"), "front matter: 'quiz' must be a list of questions")
        return ()
    questions = []
    for n, q in enumerate(value):
        where = fm.line("quiz", n)
        if not isinstance(q, dict):
            out.error(where, f"quiz question {n + 1} must be a mapping")
            continue
        question, kind = q.get("question"), q.get("type", "single")
        options, answer = q.get("options"), q.get("answer")
        if not isinstance(question, str) or not question.strip():
            out.error(where, f"quiz question {n + 1}: 'question' must be text")
            continue
        if kind not in ("single", "multiple"):
            out.error(fm.line("quiz", n, "type"), f"quiz question {n + 1}: type must be single or multiple")
            continue
        if not isinstance(options, list) or len(options) < 2 or \
                not all(isinstance(o, (str, int, float)) and not isinstance(o, bool) for o in options):
            out.error(fm.line("quiz", n, "options"),
                      f"quiz question {n + 1}: 'options' must list at least two answers as text")
            continue
        if not isinstance(answer, list) or not answer or not all(
                isinstance(a, int) and not isinstance(a, bool) and 0 <= a < len(options) for a in answer):
            out.error(fm.line("quiz", n, "answer"),
                      f"quiz question {n + 1}: 'answer' must list option numbers from 0 to {len(options) - 1}")
            continue
        if kind == "single" and len(answer) != 1:
            out.error(fm.line("quiz", n, "answer"),
                      f"quiz question {n + 1}: a single-choice question has exactly one answer")
            continue
        questions.append(QuizQuestion(question.strip(), kind, tuple(str(o) for o in options),
                                      tuple(answer), str(q.get("explanation", "")).strip()))
    return tuple(questions)


def _check_bullets(raw_sections: list[md.RawSection], offset: int, out: _Collector) -> None:
    per_heading: dict[int, int] = {}
    for section in raw_sections:
        for line, text, heading_line in section.bullets:
            if len(text) > MAX_BULLET_CHARS:
                out.warning(line + offset, f"bullet of {len(text)} characters (keep bullets under "
                                           f"{MAX_BULLET_CHARS}: slides wrap long lines)")
            per_heading[heading_line] = per_heading.get(heading_line, 0) + 1
    for heading_line, count in per_heading.items():
        if count > MAX_BULLETS_PER_HEADING:
            out.warning(heading_line + offset,
                        f"{count} bullets under one heading (at most {MAX_BULLETS_PER_HEADING} "
                        f"fit a slide; the deck continues them on another)")


def _split_cell(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _minutes(hours: str, minutes: str) -> int:
    return int(hours) * 60 + int(minutes)


def _clock(total: int) -> str:
    return f"{total // 60}:{total % 60:02d}"


def _outline(raw_sections: list[md.RawSection], offset: int, duration: int,
             out: _Collector, lang: str = "en") -> tuple[OutlineBlock, ...]:
    title, headers = LOCAL_OUTLINE.get(lang, (OUTLINE_TITLE, OUTLINE_HEADERS))
    shown = title[:1].upper() + title[1:]
    outline_sections = [s for s in raw_sections if s.title.casefold() == title]
    if not outline_sections:
        out.error(max(1, offset + 1), f"no '## {shown}' section")
        return ()
    if len(outline_sections) > 1:
        out.error(outline_sections[1].line + offset, f"a second '## {shown}' section")
        return ()
    section = outline_sections[0]
    if len(section.tables) != 1:
        out.error(section.line + offset,
                  f"the session outline must hold exactly one table, not {len(section.tables)}")
        return ()
    table_line, rows = section.tables[0]
    header = rows[0][1] if rows else []
    if header != headers:
        out.error(table_line + offset, "outline headers must be exactly: " + " | ".join(headers))
        return ()
    blocks: list[OutlineBlock] = []
    seen: dict[str, int] = {}
    expected_start = 0
    for row_line, cells in rows[1:]:
        line = row_line + offset
        cells = (cells + [""] * 5)[:5]
        match = TIME_RE.match(cells[0].strip())
        if not match:
            out.error(line, f"time {cells[0]!r} is not H:MM-H:MM")
            continue
        start, end = _minutes(*match.group(1, 2)), _minutes(*match.group(3, 4))
        if not blocks and start != 0:
            out.error(line, f"the first block starts at {_clock(start)}, not 0:00")
        elif blocks and start != expected_start:
            out.error(line, f"block starts at {_clock(start)} but the previous one ends at "
                            f"{_clock(expected_start)}")
        if end <= start:
            out.error(line, f"block ends at {_clock(end)}, not after its start {_clock(start)}")
        topic = cells[1].strip()
        if not topic:
            out.error(line, "topic is empty")
        elif topic.casefold() in seen:
            out.error(line, f"topic {topic!r} repeats line {seen[topic.casefold()]}")
        else:
            seen[topic.casefold()] = line
        expected_start = end
        blocks.append(OutlineBlock(start, end, topic, _split_cell(cells[2]), _split_cell(cells[3]),
                                   _split_cell(cells[4]), line))
    if not blocks:
        out.error(table_line + offset, "the session outline has no rows")
    elif duration and blocks[-1].end_min != duration:
        out.error(blocks[-1].line, f"the last block ends at {_clock(blocks[-1].end_min)} but "
                                   f"duration_min is {duration} ({_clock(duration)})")
    return tuple(blocks)


def _check_ranges(body: str, offset: int, out: _Collector) -> None:
    for number, line in enumerate(body.splitlines(), start=1):
        for match in RANGE_RE.finditer(line):
            out.error(number + offset, f"timing range {match.group(0)!r}: give one number of "
                                       f"minutes, the one the plan uses")


def _activity_refs(activities: tuple[str, ...], prefixes: tuple[str, ...]) -> tuple[str, ...]:
    refs = []
    for activity in activities:
        folded = activity.casefold()
        prefix = next((p for p in prefixes if folded.startswith(p)), None)
        if prefix:
            name = re.sub(r"\s*\([^()]*\)\s*$", "", activity[len(prefix):]).strip()
            refs += [n.strip() for n in name.split(" / ") if n.strip()]
    return tuple(refs)


def _minute_plans(outline: tuple[OutlineBlock, ...], raw_sections: list[md.RawSection], body: str,
                  offset: int, out: _Collector) -> tuple[OutlineBlock, ...]:
    """Reads each block's minute plan from the trainer notes of its section and checks that
    it adds up to the block's minutes."""
    lines = body.splitlines()
    by_title = {s.title.casefold().strip(): s for s in raw_sections if s.title}
    result = []
    for block in outline:
        section = by_title.get(block.topic.casefold().strip())
        plan: list[tuple[str, int]] = []
        plan_line = 0
        if section is not None:
            end = next((s.line for s in raw_sections if s.line > section.line), len(lines) + 1)
            for number in range(section.line, end):
                match = MINUTE_PLAN_RE.match(lines[number - 1].strip()) if number <= len(lines) else None
                if not match:
                    continue
                if plan_line:
                    out.error(number + offset, f"a second minute plan for {block.topic!r}")
                    break
                plan_line = number + offset
                for part in re.split(r"[,;]", match.group(1)):
                    part_match = MINUTE_PART_RE.match(part.strip())
                    if not part.strip():
                        continue
                    if not part_match or not part_match.group(1):
                        out.error(plan_line, f"minute plan part {part.strip()!r} is not 'activity N'")
                        continue
                    plan.append((part_match.group(1).strip(), int(part_match.group(2))))
        total = sum(n for _, n in plan)
        if plan and total != block.minutes:
            out.error(plan_line, f"the minute plan of {block.topic!r} adds up to {total} minutes, "
                                 f"but the block lasts {block.minutes} ({_clock(block.start_min)}-"
                                 f"{_clock(block.end_min)})")
        result.append(OutlineBlock(
            block.start_min, block.end_min, block.topic, block.key_points, block.activities,
            block.materials, block.line,
            exercise_refs=_activity_refs(block.activities, IN_SESSION_PREFIXES),
            homework_refs=_activity_refs(block.activities, HOMEWORK_PREFIXES),
            plan=tuple(plan), plan_line=plan_line))
    return tuple(result)


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


# --- session plans --------------------------------------------------------------------------

def _translation(fm: Located) -> dict[str, str]:
    """What a translated file says it was made from (empty for originals)."""
    return {"translation_of": str(fm.data.get("translation_of") or ""),
            "source_hash": str(fm.data.get("source_hash") or "")}


def parse_plan(text: str, path: str, lang: str = "en") -> tuple[SessionPlan | None, list[Issue]]:
    out = _Collector(path)
    try:
        fm = load_yaml(text)
    except FrontMatterError as error:
        out.error(error.line, error.message)
        return None, out.issues
    if not isinstance(fm.data, dict):
        out.error(1, "a session plan must be a mapping of keys to values")
        return None, out.issues
    plan_id = _text(fm, out, "id")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if plan_id and plan_id != stem:
        out.error(fm.line("id"), f"id {plan_id!r} differs from the file name {stem!r}")
    title = _text(fm, out, "title")
    description = _text(fm, out, "description", required=False)
    days_raw = fm.data.get("days")
    days: list[PlanDay] = []
    if not isinstance(days_raw, list) or not days_raw:
        out.error(fm.line("days"), "'days' must list at least one day")
    else:
        previous_offset = -1
        for n, day in enumerate(days_raw):
            parsed = _day(day, fm, out, n, previous_offset)
            if parsed:
                days.append(parsed)
                previous_offset = parsed.offset_days
    completion = fm.data.get("completion") or {}
    if not isinstance(completion, dict):
        out.error(fm.line("completion"), "'completion' must be a mapping")
        completion = {}
    if any(i.level == "error" for i in out.issues):
        return None, out.issues
    lines = {"id": fm.line("id"), "completion": fm.line("completion"),
             "source_hash": fm.line("source_hash")}
    for n, day in enumerate(days):
        lines[f"day:{n}"] = fm.line("days", n)
        for k, item in enumerate(day.items):
            lines[f"item:{n}:{k}"] = fm.line("days", n, "items", k)
    return SessionPlan(plan_id, title, description, tuple(days), completion, path, lines,
                       content_hash(text), lang, **_translation(fm)), out.issues


def _day(day: Any, fm: Located, out: _Collector, n: int, previous_offset: int) -> PlanDay | None:
    where = ("days", n)
    if not isinstance(day, dict):
        out.error(fm.line(*where), f"day {n + 1} must be a mapping")
        return None
    offset = day.get("offset_days", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        out.error(fm.line(*where, "offset_days"), f"day {n + 1}: offset_days must be a whole number from 0")
        return None
    if offset <= previous_offset:
        out.error(fm.line(*where, "offset_days"),
                  f"day {n + 1}: offset_days {offset} must come after the previous day's {previous_offset}")
        return None
    start = day.get("start")
    if not isinstance(start, str) or not CLOCK_RE.match(start):
        out.error(fm.line(*where, "start"), f"day {n + 1}: start must be a quoted clock time like \"09:30\"")
        return None
    items_raw = day.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        out.error(fm.line(*where, "items"), f"day {n + 1}: 'items' must list modules and breaks")
        return None
    items = []
    for k, item in enumerate(items_raw):
        line = fm.line(*where, "items", k)
        if isinstance(item, dict) and isinstance(item.get("module"), str):
            items.append(PlanItem(module=item["module"].strip()))
        elif isinstance(item, dict) and "break" in item:
            minutes = item.get("minutes")
            if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
                out.error(line, f"day {n + 1}, item {k + 1}: a break needs minutes above 0")
                continue
            items.append(PlanItem(break_title=str(item["break"]).strip() or "Break", minutes=minutes))
        else:
            out.error(line, f"day {n + 1}, item {k + 1}: expected 'module: ID' or 'break: TITLE' with minutes")
    title = day.get("title") or f"Day {n + 1}"
    return PlanDay(str(title), offset, start, tuple(items))


# --- the co-creation cycle ------------------------------------------------------------------

def parse_cycle(text: str, path: str) -> tuple[tuple[Phase, ...], list[Issue]]:
    out = _Collector(path)
    try:
        fm = load_yaml(text)
    except FrontMatterError as error:
        out.error(error.line, error.message)
        return (), out.issues
    phases_raw = fm.data.get("phases") if isinstance(fm.data, dict) else None
    if not isinstance(phases_raw, list) or not phases_raw:
        out.error(1, "'phases' must list the phases of the cycle")
        return (), out.issues
    phases, seen = [], {}
    for n, raw in enumerate(phases_raw):
        if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
            out.error(fm.line("phases", n), f"phase {n + 1} needs number, title and steps")
            continue
        number = raw.get("number")
        steps = []
        for k, s in enumerate(raw["steps"]):
            line = fm.line("phases", n, "steps", k)
            step_id = s.get("id") if isinstance(s, dict) else None
            if not isinstance(step_id, str) or not re.match(rf"^{number}\.\d+$", step_id):
                out.error(line, f"step id {step_id!r} must be quoted text like \"{number}.1\"")
                continue
            if step_id in seen:
                out.error(line, f"step {step_id} repeats line {seen[step_id]}")
                continue
            seen[step_id] = line
            steps.append(Step(step_id, str(s.get("title", "")), str(s.get("title_uk", "")),
                              str(s.get("summary", "")).strip(), number))
        phases.append(Phase(number, str(raw.get("title", "")), str(raw.get("title_uk", "")),
                            str(raw.get("summary", "")).strip(), tuple(steps)))
    return tuple(phases), out.issues
