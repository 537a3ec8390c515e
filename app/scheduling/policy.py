"""Rules that a higher floor decides for scheduling, looked up without importing it.

Who may lead a municipal cohort is the trainer pathway's rule (certification); the app
factory installs it as `app.extensions["lead_policy"]`. Without it, only admins may.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy.orm import Session

from app.auth.models import User

LeadPolicy = Callable[[Session, User], bool]


def may_lead_municipal_cohort(db: Session, user: User) -> bool:
    policy: LeadPolicy | None = current_app.extensions.get("lead_policy")
    if policy is None:
        return user.role == "admin"
    return policy(db, user)
