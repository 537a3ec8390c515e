"""Action plan pages: the hromada's OGP Local record, the plan (vision, commitments, live rule
panel), co-creation evidence, downloads, and the read-only API. One blueprint, `plans`."""

from app.plans.routes import commitments, evidence, plan  # noqa: F401  (register the views)
from app.plans.routes.common import bp

__all__ = ["bp"]
