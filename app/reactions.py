"""The one receiver of each cross-feature event, running its reactions in a fixed order.

Lower floors send signals (app/events.py) without knowing who listens; the factory
connects the receivers below, so the order of the reactions is written here once:
module completions and orientation first, then trainer certification, which reads them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.content.services import library
from app.events import progress_changed
from app.orientation.services import evaluate_cohort
from app.orientation.stamp import connect as connect_dashboard_stamp
from app.pathway.services import evaluate_certifications
from app.scheduling.models import Cohort


def on_progress_changed(_sender: Any, db: Session, cohort_id: int,
                        actor_id: int | None = None, **_extra: Any) -> None:
    cohort = db.get(Cohort, cohort_id)
    if cohort is None:
        return
    course = library()
    evaluate_cohort(db, cohort, course, actor_id)                   # 1. completions, orientation
    if cohort.is_tot:
        evaluate_certifications(db, cohort, course, actor_id)       # 2. certification


def connect() -> None:
    progress_changed.connect(on_progress_changed, weak=False)
    # 3. the dashboard's figures: the completions recorded by 1 (and every other change they
    # depend on) raise the dashboard stamp in the same flush, so they show at the next view

    connect_dashboard_stamp()
