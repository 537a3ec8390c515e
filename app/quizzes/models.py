"""Quiz attempts: every submission is kept, with the questions as they were served."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, UTCDateTime, utcnow


class QuizAttempt(Base):
    """One submitted attempt at a module's quiz. `questions` is the snapshot scored
    (app.quizzes.scoring.snapshot) and `quiz_version` its hash; `score`, `passed` and
    `pass_mark` are fixed at submission, so later content or config changes leave them."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        Index("ix_quiz_attempt_user_module", "user_id", "module_id"),  # also serves user_id
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(20), index=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"), nullable=True, index=True)
    quiz_version: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(5), default="en")
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, list[int]]] = mapped_column(JSON, default=dict)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    pass_mark: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
