"""The trainer pathway's rules: the pre/post knowledge test."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from app.pathway.rules.base import POST_EARLY, PRE_GRACE, ContentError
from app.pathway.rules.numbers import mean
from app.pathway.rules.rubric import _text
from app.quizzes import scoring


@dataclass(frozen=True)
class KnowledgeTest:
    id: str
    version: int
    title: str
    title_uk: str
    intro: str
    intro_uk: str
    questions: tuple[Mapping[str, Any], ...]

    def localized(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.title_uk or self.title, self.intro_uk or self.intro
        return self.title, self.intro


def parse_test(data: Any) -> KnowledgeTest:
    if not isinstance(data, Mapping):
        raise ContentError("the test must be a mapping")
    questions = []
    for index, item in enumerate(data.get("questions") or []):
        name = f"questions[{index}]"
        if not isinstance(item, Mapping):
            raise ContentError(f"{name}: a mapping is required")
        kind = item.get("type", "single")
        options = item.get("options") or []
        options_uk = item.get("options_uk") or options
        answer = item.get("answer") or []
        if kind not in scoring.QUESTION_TYPES:
            raise ContentError(f"{name}.type: single or multiple")
        if len(options) < 2 or len(options_uk) != len(options):
            raise ContentError(f"{name}.options: two or more, and as many in options_uk")
        if not answer or any(not isinstance(a, int) or not 0 <= a < len(options) for a in answer):
            raise ContentError(f"{name}.answer: indices of options, counted from 0")
        if kind == "single" and len(answer) != 1:
            raise ContentError(f"{name}.answer: a single-choice question has one answer")
        questions.append({"question": _text(item, "question"),
                          "question_uk": _text(item, "question_uk", False),
                          "type": kind, "options": [str(o) for o in options],
                          "options_uk": [str(o) for o in options_uk],
                          "answer": sorted(set(answer))})
    if not questions:
        raise ContentError("questions: at least one question is required")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ContentError("version: a whole number is required")
    return KnowledgeTest(id=_text(data, "id"), version=version, title=_text(data, "title"),
                         title_uk=_text(data, "title_uk", False), intro=_text(data, "intro", False),
                         intro_uk=_text(data, "intro_uk", False), questions=tuple(questions))


def paper(test: KnowledgeTest, lang: str) -> list[dict[str, Any]]:
    """The questions as served in `lang` (a quizzes snapshot: question, type, options, answer).
    The answer keys are the same in every language, so scores compare across languages."""
    uk = lang == "uk"
    return scoring.snapshot(
        {"question": (q["question_uk"] or q["question"]) if uk else q["question"],
         "type": q["type"], "options": q["options_uk"] if uk else q["options"],
         "answer": q["answer"], "explanation": ""} for q in test.questions)


def test_version(test: KnowledgeTest) -> str:
    """A short hash of the questions and keys (in English): changes when the test changes."""
    text = json.dumps([[q["question"], q["type"], q["options"], q["answer"]] for q in test.questions],
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def prepost_open(phase: str, first_start: datetime | None, last_end: datetime | None,
                 now: datetime) -> bool:
    """The pre-test is open until 30 minutes into the first session (always, while nothing is
    scheduled); the post-test from 30 minutes before the last session ends."""
    if phase == "pre":
        return first_start is None or now < first_start + PRE_GRACE
    if phase == "post":
        return last_end is not None and now >= last_end - POST_EARLY
    return False


@dataclass(frozen=True)
class Gain:
    user_id: int
    pre: int | None
    post: int | None

    @property
    def gain(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class GainSummary:
    people: tuple[Gain, ...]          # every participant, in the order given
    paired: int                       # took both tests
    average_pre: Fraction | None      # over the paired participants
    average_post: Fraction | None
    average_gain: Fraction | None
    pre_only: int
    post_only: int


def learning_gain(user_ids: Iterable[int], pre: Mapping[int, int], post: Mapping[int, int]) -> GainSummary:
    people = tuple(Gain(u, pre.get(u), post.get(u)) for u in user_ids)
    both = [g for g in people if g.gain is not None]
    return GainSummary(
        people=people, paired=len(both),
        average_pre=mean([g.pre for g in both]), average_post=mean([g.post for g in both]),
        average_gain=mean([g.gain for g in both]),
        pre_only=sum(g.pre is not None and g.post is None for g in people),
        post_only=sum(g.post is not None and g.pre is None for g in people))


