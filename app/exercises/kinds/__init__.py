"""Exercise kinds: what a kind adds to the plain form (starting data, pictures, live
figures, downloads), one module each, registered by name as CTFd registers challenge types.

A new kind is one module here with a `Kind` subclass decorated `@register`; nothing else
in the app asks which kind an exercise is. An exercise whose kind is not registered is a
plain form (`Kind`).
"""

from app.exercises.kinds import (  # noqa: F401 (each registers its kind)
    prioritization_matrix,
    problem_tree,
    roadmap,
    stakeholder_map,
)
from app.exercises.kinds.base import KINDS, Download, Figure, Kind, kind_of, register

__all__ = ["KINDS", "Download", "Figure", "Kind", "kind_of", "register"]
