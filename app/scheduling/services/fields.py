"""Field checks shared by the scheduling services."""

from __future__ import annotations

from flask_babel import gettext as _

from app.errors import ServiceError
from app.scheduling.agenda import AgendaError, normalise_zone
from app.text import has_control_chars, visible


def validate_text(value: str, field_name: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not visible(value):
        raise ServiceError(_("This field is required."), field_name)
    if len(value) > limit or has_control_chars(value):
        raise ServiceError(_("Use at most %(n)d plain characters.", n=limit), field_name)
    return value


def check_zone(name: str, field_name: str = "timezone") -> str:
    try:
        return normalise_zone(name)
    except AgendaError as error:
        raise ServiceError(str(error), field_name) from None
