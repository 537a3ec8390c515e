"""Template helpers: labels for stored codes, local times, the current language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, g
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

try:  # Flask's context variable of the app context (what `g` looks through)
    from flask.globals import _cv_app as _app_context
except ImportError:  # pragma: no cover - another Flask: through the proxy
    _app_context = None

from app.text import transliterate

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
    "revision": {"save": _l("saved"), "paper": _l("typed from paper"),
                 "conflict": _l("not applied (someone saved first)"),
                 "restore": _l("restored")},
    "mode": {"individual": _l("Individual"), "team": _l("Municipal team")},
    "municipality_type": {"city": _l("City hromada"), "settlement": _l("Settlement hromada"),
                          "village": _l("Village hromada")},
}


def _request_i18n() -> tuple | None:
    """(locale, translations, labels) of the request in its current locale, or None outside
    an app context. Flask-Babel finds the translations again on every `_()` (about 7 µs: the
    context, the domain, the locale); pages call it hundreds of times, so the object is kept on
    `g` for the request and looked up again only when the locale object changes
    (force_locale replaces it, and puts the old one back after)."""
    if _app_context is not None:  # the context variable behind `g`, without the proxy
        context = _app_context.get(None)
        if context is None:
            return None
        space = context.g
    else:
        try:
            space = g._get_current_object()  # one look through the proxy, not one per name
        except RuntimeError:  # no app context
            return None
    cached = getattr(space, "_spilno_i18n", None)
    locale = getattr(getattr(space, "_flask_babel", None), "babel_locale", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached
    translations = get_translations()
    cached = (getattr(getattr(space, "_flask_babel", None), "babel_locale", None), translations, {})
    space._spilno_i18n = cached
    return cached


def translations():
    """The request's translations object (gettext, ngettext, ...), found once per request."""
    current = _request_i18n()
    return current[1] if current else get_translations()


@pass_context
def _template_gettext(context, string: str, **variables):
    """Jinja's new-style gettext (always a format string; Markup under autoescape)."""
    current = _request_i18n()
    if not variables and current is not None:  # a page repeats its texts: each found once
        key = (string, context.eval_ctx.autoescape)
        try:
            return current[2][key]
        except KeyError:
            pass
    text = (current[1] if current else get_translations()).ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    if not variables and "%" not in text:
        if current is not None:
            current[2][key] = text
        return text  # what `text % {}` gives, without formatting
    return text % variables


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables):
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def label(value: str | None, kind: str) -> str:
    """The translated name of a stored code: `{{ user.role|label('role') }}` (each name
    translated once per request: a grid shows the same few labels in every cell)."""
    if not value:
        return "—"
    current = _request_i18n()
    if current is None:
        return str(LABELS.get(kind, {}).get(value, value))
    labels = current[2]
    try:
        return labels[kind, value]
    except KeyError:
        text = labels[kind, value] = str(LABELS.get(kind, {}).get(value, value))
        return text


def local_time(value: datetime | None, fmt: str = "%d.%m.%Y %H:%M", tz: str | None = None) -> str:
    if value is None:
        return ""
    zone = tz or (current_user.timezone if current_user and current_user.is_authenticated
                  else "Europe/Kyiv")
    return value.astimezone(ZoneInfo(zone)).strftime(fmt)


def register_template_helpers(app: Flask) -> None:
    # `_()` in templates through the request's translations object (after babel.init_app,
    # which installs callables that look the translations up on every call)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    # and `_()`, gettext, ngettext without Jinja's two extra context.call layers (the alias
    # `_` -> gettext -> the callable): the same new-style result, a fifth of the cost
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext)
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["local_time"] = local_time

    app.jinja_env.filters["latin"] = transliterate  # raions have no English names

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale() or "uk")}
