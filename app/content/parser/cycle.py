"""The co-creation cycle: five phases and their steps."""

from __future__ import annotations

import re

from app.content.course import (
    Issue,
    Phase,
    Step,
)
from app.content.frontmatter import FrontMatterError, load_yaml
from app.content.parser.common import _Collector

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
