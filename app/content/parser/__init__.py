"""Parsing and validating one content file (pure: text in, dataclasses and issues out).
One module per kind of file, re-exported here."""

from app.content.parser.common import (  # noqa: F401
    CHECKS,
    CLOCK_RE,
    COLUMN_TYPES,
    EXERCISE_ID_RE,
    EXERCISE_KINDS,
    EXERCISE_PARTS,
    FIELD_ID_RE,
    FIELD_TYPES,
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
    STEP_MINUTES_RE,
    TIME_RE,
    _Collector,
    _describe,
    _load_front_matter,
    _text,
    _text_list,
    _whole_number,
    content_hash,
)
from app.content.parser.cycle import (  # noqa: F401
    parse_cycle,
)
from app.content.parser.exercises import (  # noqa: F401
    _check_step_minutes,
    _field,
    _fields,
    _options,
    parse_exercise,
)
from app.content.parser.modules import (  # noqa: F401
    _activity_refs,
    _check_bullets,
    _check_ranges,
    _clock,
    _minute_plans,
    _minutes,
    _outline,
    _quiz,
    _split_cell,
    parse_module,
)
from app.content.parser.plans import (  # noqa: F401
    _day,
    _translation,
    parse_plan,
)
