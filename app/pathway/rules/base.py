"""The pathway's limits and constants, and the errors its rules raise."""

from __future__ import annotations

from datetime import timedelta

PHASES = ("pre", "post")
PRE_GRACE = timedelta(minutes=30)      # the pre-test stays open 30 minutes into the first session
POST_EARLY = timedelta(minutes=30)     # the post-test opens 30 minutes before the last one ends
FEEDBACK_DAYS = 30                     # feedback can be given until 30 days after a session
INACTIVE_MONTHS = 6                    # no delivery for six months: shown as not delivering
MIN_FEEDBACK_RESPONSES = 3
FEEDBACK_SCALES = ("usefulness", "pace", "trainer")
FEEDBACK_MIN, FEEDBACK_MAX = 1, 5
REFLECTION_MAX = 3000
COMMENT_MAX = 1000
IMPROVE_MAX = 2000


class ContentError(ValueError):
    """A rubric or test file that cannot be used, with a message naming what is wrong."""


class Refusal(ValueError):
    """A rule refused an action; `code` says why (the services word it for people)."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


