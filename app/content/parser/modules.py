"""Module files: front matter, sections, the timed session outline and its checks."""

from __future__ import annotations

import re

from app.content import markdown as md
from app.content.course import (
    Issue,
    Module,
    OutlineBlock,
    QuizQuestion,
    Section,
)
from app.content.frontmatter import Located
from app.content.parser.common import (
    HOMEWORK_PREFIXES,
    IN_SESSION_PREFIXES,
    LOCAL_OUTLINE,
    LONG_MODULE_MIN,
    MAX_BULLET_CHARS,
    MAX_BULLETS_PER_HEADING,
    MINUTE_PART_RE,
    MINUTE_PLAN_RE,
    MODULE_ID_RE,
    OUTLINE_HEADERS,
    OUTLINE_TITLE,
    RANGE_RE,
    TIME_RE,
    _Collector,
    _load_front_matter,
    _text,
    _text_list,
    _translation,
    _whole_number,
    content_hash,
)

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


