"""Scheduling pages: cohorts, sessions, the run of show, joining and calendars.

One module per section; each registers its views on the blueprint `bp` (common.py).
"""

from app.scheduling.routes import cohorts, participants, run_of_show, sessions  # noqa: F401 (registers the views)
from app.scheduling.routes.common import bp

__all__ = ["bp"]
