"""Scoring quiz attempts. Pure: no flask, no sqlalchemy, no I/O.

An attempt is scored against a *snapshot*: a JSON-able copy of the questions as they were
served. The snapshot is stored with the attempt, so a later change of the questions in the
content never changes an old attempt's score (`score(stored_snapshot, stored_answers)`
gives the stored result again).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

QUESTION_TYPES = ("single", "multiple")


def _get(item: Any, key: str) -> Any:
    return item[key] if isinstance(item, Mapping) else getattr(item, key)


def snapshot(quiz: Iterable[Any]) -> list[dict[str, Any]]:
    """A JSON-able copy of the questions (QuizQuestion objects or dicts with the same keys):
    [{"question", "type", "options": [...], "answer": [sorted indices], "explanation"}]."""
    return [{"question": str(_get(q, "question")),
             "type": str(_get(q, "type")),
             "options": [str(o) for o in _get(q, "options")],
             "answer": sorted({int(a) for a in _get(q, "answer")}),
             "explanation": str(_get(q, "explanation") or "")}
            for q in quiz]


def shuffled(questions: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """The questions, and the options of each, in an order fixed by `seed`; each answer
    follows its option. The same seed gives the same paper."""
    rng = random.Random(seed)
    order = list(range(len(questions)))
    rng.shuffle(order)
    paper = []
    for index in order:
        question = questions[index]
        options = list(range(len(question["options"])))
        rng.shuffle(options)
        paper.append({**question,
                      "options": [question["options"][o] for o in options],
                      "answer": sorted(options.index(int(a)) for a in question["answer"])})
    return paper


def quiz_version(questions: list[dict[str, Any]]) -> str:
    """A short, stable hash of a snapshot: the same questions give the same version."""
    text = json.dumps(questions, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class QuestionResult:
    index: int
    chosen: tuple[int, ...]
    answer: tuple[int, ...]
    correct: bool


@dataclass(frozen=True)
class QuizResult:
    questions: tuple[QuestionResult, ...]
    correct: int
    total: int
    score: int  # percent, 0-100, rounded down
    passed: bool
    pass_mark: int


def normalise_answers(answers: Mapping[Any, Iterable[Any]]) -> dict[int, list[int]]:
    """{question index: sorted distinct option indices}; keys and values may be strings
    (as read from a form or from JSON). Anything that is not an integer is dropped."""
    out: dict[int, list[int]] = {}
    for key, values in answers.items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            continue
        chosen: set[int] = set()
        for value in values if not isinstance(values, (str, int)) else [values]:
            try:
                chosen.add(int(value))
            except (TypeError, ValueError):
                continue
        out[index] = sorted(chosen)
    return out


def parse_form(form: Mapping[str, Iterable[str]], questions: list[dict[str, Any]],
               prefix: str = "q-") -> dict[int, list[int]]:
    """The answers posted as `q-<question index>` = option index (repeated for checkboxes).
    Keeps only questions and options that exist; an unanswered question is left out."""
    out: dict[int, list[int]] = {}
    for index, question in enumerate(questions):
        values = form.get(f"{prefix}{index}") or []
        chosen = normalise_answers({index: values}).get(index, [])
        chosen = [c for c in chosen if 0 <= c < len(question["options"])]
        if chosen:
            out[index] = chosen
    return out


def unanswered(questions: list[dict[str, Any]], answers: Mapping[int, Iterable[int]]) -> list[int]:
    """Indices of the questions with no option chosen."""
    return [i for i in range(len(questions)) if not list(answers.get(i, []))]


def score(questions: list[dict[str, Any]], answers: Mapping[Any, Iterable[Any]],
          pass_mark: int) -> QuizResult:
    """Each question is right only when the chosen options are exactly the answer (for a
    multiple-choice question a partial selection is wrong). The score is the percentage of
    right questions, rounded down; passed when score >= pass_mark."""
    chosen_by_index = normalise_answers(answers)
    results = []
    for index, question in enumerate(questions):
        chosen = tuple(chosen_by_index.get(index, []))
        answer = tuple(sorted({int(a) for a in question["answer"]}))
        right = bool(chosen) and chosen == answer
        if question.get("type") == "single" and len(chosen) != 1:
            right = False
        results.append(QuestionResult(index, chosen, answer, right))
    total = len(results)
    correct = sum(r.correct for r in results)
    percent = (100 * correct) // total if total else 0
    return QuizResult(tuple(results), correct, total, percent, total > 0 and percent >= pass_mark,
                      pass_mark)
