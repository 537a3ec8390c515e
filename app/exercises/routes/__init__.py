"""Exercise pages: lists, the work page, revisions, figures and exports, the workbook, the SMART JSON route.

One module per section; each registers its views on the blueprint `bp` (common.py).
"""

from app.exercises.routes import (  # noqa: F401 (registers the views)
    figures,
    lists,
    paper,  # noqa: F401,E402 (issue 17: paper answers typed in)
    revisions,
    smart,
    work,
    workbook,
)
from app.exercises.routes.common import bp

__all__ = ["bp"]
