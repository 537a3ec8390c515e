"""Exercise pages: lists, the work page, revisions, figures and exports, the workbook, the SMART JSON route.

One module per section; each registers its views on the blueprint `bp` (common.py).
"""

from app.exercises.routes import figures, lists, revisions, smart, work, workbook  # noqa: F401 (registers the views)
from app.exercises.routes.common import bp

__all__ = ["bp"]
