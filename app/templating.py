"""Template helpers: labels for stored codes, local times, the current language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale, lazy_gettext as _l
from flask_login import current_user

LABELS = {
    "role": {"admin": _l("Administrator"), "trainer": _l("Trainer"),
             "participant": _l("Participant"), "observer": _l("Observer")},
    "stakeholder": {"government": _l("Government"), "civil_society": _l("Civil society"),
                    "other_non_governmental": _l("Other non-governmental")},
    "attendance": {"present": _l("present"), "late": _l("late"), "excused": _l("excused"),
                   "absent": _l("absent")},
    "session_status": {"planned": _l("planned"), "delivered": _l("delivered"),
                       "cancelled": _l("cancelled")},
    "cohort_status": {"open": _l("open for joining"), "closed": _l("closed"),
                      "finished": _l("finished")},
    "work_status": {"draft": _l("draft"), "submitted": _l("submitted"),
                    "returned": _l("returned with feedback"), "accepted": _l("accepted")},
    "feedback": {"comment": _l("comment"), "returned": _l("returned for changes"),
                 "accepted": _l("accepted")},
    "revision": {"save": _l("saved"), "conflict": _l("not applied (someone saved first)"),
                 "restore": _l("restored")},
    "mode": {"individual": _l("Individual"), "team": _l("Municipal team")},
    "municipality_type": {"city": _l("City hromada"), "settlement": _l("Settlement hromada"),
                          "village": _l("Village hromada")},
}


def label(value: str | None, kind: str) -> str:
    """The translated name of a stored code: `{{ user.role|label('role') }}`."""
    if not value:
        return "—"
    return str(LABELS.get(kind, {}).get(value, value))


def local_time(value: datetime | None, fmt: str = "%d.%m.%Y %H:%M", tz: str | None = None) -> str:
    if value is None:
        return ""
    zone = tz or (current_user.timezone if current_user and current_user.is_authenticated
                  else "Europe/Kyiv")
    return value.astimezone(ZoneInfo(zone)).strftime(fmt)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["local_time"] = local_time
    from app.text import transliterate

    app.jinja_env.filters["latin"] = transliterate  # raions have no English names

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale() or "uk")}
