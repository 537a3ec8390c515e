"""The quiz policy a trainer can trust (pure: no Flask, no database).

- Each attempt gets the questions, and the options of each question, in a new order
  (`scoring.shuffled`, seeded per attempt).
- Until a person passes, they have at most `max_attempts` attempts (0: no limit), and after
  a failed attempt they wait `cool_down_minutes` before the next one.
- The right answers (and the explanations) are shown only once the person has passed the
  quiz, or has used every attempt; before that an attempt shows only its score and which
  questions were right. Trainers and AUC staff always see them.
- After passing, the quiz may be taken again for practice: it cannot undo the pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Rules:
    max_attempts: int = 3
    cool_down_minutes: int = 10


@dataclass(frozen=True)
class Standing:
    attempts: int
    passed: bool
    left: int | None  # attempts left before passing; None: no limit (or passed)
    wait_seconds: int  # until the next attempt is allowed

    @property
    def can_attempt(self) -> bool:
        return self.passed or (self.left != 0 and self.wait_seconds == 0)

    @property
    def reveals_answers(self) -> bool:
        return self.passed or self.left == 0

    @property
    def wait_minutes(self) -> int:
        return max(1, (self.wait_seconds + 59) // 60)


def standing(rules: Rules, attempts: Sequence[tuple[datetime, bool]], now: datetime) -> Standing:
    """`attempts`: (submitted at, passed) of every attempt of one person at one quiz."""
    passed = any(ok for _at, ok in attempts)
    count = len(attempts)
    if passed:
        return Standing(count, True, None, 0)
    left = max(0, rules.max_attempts - count) if rules.max_attempts > 0 else None
    wait = 0
    if attempts and rules.cool_down_minutes > 0 and left != 0:
        last = max(at for at, _ok in attempts)
        remaining = (last + timedelta(minutes=rules.cool_down_minutes) - now).total_seconds()
        wait = max(0, int(remaining + 0.999))
    return Standing(count, False, left, wait)
