"""Quiz attempts: serving a quiz, recording attempts, best scores and cohort results.
Services flush; routes commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.content.course import Library
from app.db import serialize, utcnow
from app.errors import ServiceError
from app.quizzes import policy, scoring
from app.quizzes.models import QuizAttempt
from app.scheduling.models import Cohort, Enrolment, TrainingSession
from app.scheduling.services import can_manage
from app.text import people_sorted

DEFAULT_PASS_MARK = 60


def pass_mark() -> int:
    """QUIZ_PASS_MARK from the config (percent), 60 unless set."""
    return int(current_app.config["QUIZ_PASS_MARK"])


@dataclass(frozen=True)
class Paper:
    """A quiz as served to one user: the module's questions in their language, frozen."""

    module_id: str
    title: str
    lang: str
    questions: list[dict[str, Any]]
    version: str  # of the questions as written (the same for every order)
    note: str = ""  # "missing" | "stale" when the English is served instead of `lang`
    seed: int | None = None  # the order of this attempt's questions and options


def start(library: Library, module_id: str, lang: str, seed: int | None = None) -> Paper | None:
    """The module's quiz in `lang` (or English when no current translation), None when the
    module does not exist or has no quiz. With a seed, questions and options are shuffled."""
    module, note = library.translated("module", module_id, lang)
    if module is None or not module.quiz:
        return None
    questions = scoring.snapshot(module.quiz)
    version = scoring.quiz_version(questions)
    if seed is not None:
        questions = scoring.shuffled(questions, seed)
        if module.quiz_draw:  # a pool: each attempt's seed draws its own questions
            questions = questions[:module.quiz_draw]
    return Paper(module_id=library.module(module_id).id, title=module.title,
                 lang=module.lang, questions=questions, version=version, note=note, seed=seed)


def rules() -> policy.Rules:
    cfg = current_app.config
    return policy.Rules(max_attempts=int(cfg["QUIZ_MAX_ATTEMPTS"]),
                        cool_down_minutes=int(cfg["QUIZ_COOL_DOWN_MINUTES"]))


def standing(db: Session, user_id: int, module_id: str, now: datetime | None = None,
             exclude: int | None = None) -> policy.Standing:
    """Where the person stands with the quiz policy (attempts left, cool-down, answers),
    leaving out the attempt `exclude` (the one being recorded)."""
    query = select(QuizAttempt.submitted_at, QuizAttempt.passed).where(
        QuizAttempt.user_id == user_id, QuizAttempt.module_id == module_id)
    if exclude is not None:
        query = query.where(QuizAttempt.id != exclude)
    attempts = [(at, ok) for at, ok in db.execute(query)]
    return policy.standing(rules(), attempts, now or utcnow())


def attempt_cohort(db: Session, user: User, cohort_id: int | None) -> Cohort | None:
    """The cohort an attempt counts for: the one asked for when the user is enrolled in it,
    otherwise the user's most recent cohort as a learner (None when there is none)."""
    if cohort_id is not None:
        cohort = db.scalar(select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                           .where(Cohort.id == cohort_id, Enrolment.user_id == user.id))
        if cohort is not None:
            return cohort
    return db.scalar(select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                     .where(Enrolment.user_id == user.id, Enrolment.role == "learner")
                     .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc()).limit(1))


ATTEMPT_LOCK = 0x5175697A  # "Quiz": app.db.serialize's namespace for a person's attempts


class QuizClosed(ServiceError):
    """The policy allows no attempt now; `standing` says why (the route words it)."""

    def __init__(self, standing: policy.Standing):
        super().__init__("quiz closed")
        self.standing = standing


def submit(db: Session, user: User, paper: Paper, answers: dict[int, list[int]],
           cohort: Cohort | None = None, mark: int | None = None) -> QuizAttempt:
    """Score the answers against the paper's frozen questions and record the attempt, or
    raise QuizClosed when the policy allows none now. The route checks the policy first to
    answer with the person's answers kept; this check is the one that holds when two submits
    of one person run at once: the attempt is written, then the attempts before it are
    counted in the same transaction, one transaction per person at a time (app.db.serialize),
    so a fourth attempt never slips in beside the third."""
    serialize(db, ATTEMPT_LOCK, user.id)
    mark = pass_mark() if mark is None else mark
    result = scoring.score(paper.questions, answers, mark)
    attempt = QuizAttempt(
        user_id=user.id, module_id=paper.module_id, cohort_id=cohort.id if cohort else None,
        quiz_version=paper.version, lang=paper.lang, questions=paper.questions,
        answers={str(r.index): list(r.chosen) for r in result.questions},
        score=result.score, passed=result.passed, pass_mark=mark)
    db.add(attempt)
    db.flush()
    before = standing(db, user.id, paper.module_id, exclude=attempt.id)
    if not before.can_attempt:
        raise QuizClosed(before)
    return attempt


def result_of(attempt: QuizAttempt) -> scoring.QuizResult:
    """The attempt's per-question result, from its own stored questions and pass mark (so
    it matches the stored score whatever the content says today)."""
    return scoring.score(attempt.questions, attempt.answers, attempt.pass_mark)


def can_see(db: Session, user: User, attempt: QuizAttempt) -> bool:
    """The owner, admins and observers, and trainers of the attempt's cohort."""
    if attempt.user_id == user.id or user.role in ("admin", "observer"):
        return True
    if user.role != "trainer" or attempt.cohort_id is None:
        return False
    cohort = db.get(Cohort, attempt.cohort_id)
    return cohort is not None and can_manage(db, user, cohort)


def attempts_of(user_id: int, module_id: str) -> Select[tuple[QuizAttempt]]:
    """The user's attempts at a module's quiz, newest first (a statement: paginate it)."""
    return (select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.module_id == module_id)
            .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc()))


def best_scores(db: Session, user_ids: list[int], module_ids: list[str]) -> dict[tuple[int, str], int]:
    """{(user id, module id): best score} over every attempt, in one query. Pairs without
    an attempt are absent."""
    if not user_ids or not module_ids:
        return {}
    rows = db.execute(select(QuizAttempt.user_id, QuizAttempt.module_id, func.max(QuizAttempt.score))
                      .where(QuizAttempt.user_id.in_(user_ids),
                             QuizAttempt.module_id.in_(module_ids))
                      .group_by(QuizAttempt.user_id, QuizAttempt.module_id))
    return {(user_id, module_id): best for user_id, module_id, best in rows}


def passed(db: Session, user_id: int, module_id: str) -> bool:
    """Whether any attempt of the user at the module's quiz passed (with the pass mark in
    force when it was submitted)."""
    return db.scalar(select(QuizAttempt.id).where(
        QuizAttempt.user_id == user_id, QuizAttempt.module_id == module_id,
        QuizAttempt.passed.is_(True)).limit(1)) is not None


@dataclass(frozen=True)
class ModuleResult:
    module_id: str
    attempts: int = 0
    best: int | None = None
    passed: bool = False


@dataclass
class ParticipantResults:
    user: User
    modules: list[ModuleResult] = field(default_factory=list)

    @property
    def passed_count(self) -> int:
        return sum(m.passed for m in self.modules)


def cohort_module_ids(db: Session, cohort: Cohort) -> list[str]:
    """The modules of the cohort's training sessions, in the order they are scheduled."""
    seen: list[str] = []
    for module_id in db.scalars(select(TrainingSession.module_id)
                                .where(TrainingSession.cohort_id == cohort.id)
                                .order_by(TrainingSession.start)):
        if module_id not in seen:
            seen.append(module_id)
    return seen


def cohort_results(db: Session, cohort: Cohort,
                   module_ids: Sequence[str] | None = None) -> list[ParticipantResults]:
    """For trainers: per learner of the cohort (by name) and per module (`module_ids`, by
    default those of the cohort's sessions): attempts, best score, passed. Every attempt of
    the learner counts, wherever it was taken. Three queries at most, whatever the size."""
    modules = list(module_ids) if module_ids is not None else cohort_module_ids(db, cohort)
    learners = people_sorted(db.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                        .where(Enrolment.cohort_id == cohort.id,
                                               Enrolment.role == "learner")))
    stats: dict[tuple[int, str], ModuleResult] = {}
    if learners and modules:
        rows = db.execute(
            select(QuizAttempt.user_id, QuizAttempt.module_id, func.count(QuizAttempt.id),
                   func.max(QuizAttempt.score),
                   func.max(case((QuizAttempt.passed.is_(True), 1), else_=0)))
            .where(QuizAttempt.user_id.in_([u.id for u in learners]),
                   QuizAttempt.module_id.in_(modules))
            .group_by(QuizAttempt.user_id, QuizAttempt.module_id))
        for user_id, module_id, count, best, any_passed in rows:
            stats[(user_id, module_id)] = ModuleResult(module_id, count, best, bool(any_passed))
    return [ParticipantResults(user, [stats.get((user.id, m), ModuleResult(m)) for m in modules])
            for user in learners]
