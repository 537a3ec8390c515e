"""Flask extensions and app-wide request hooks: login, CSRF, translations, headers."""

from __future__ import annotations

from flask import Flask, has_request_context, request, session
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from app.auth.models import User
from app.db import get_db
from app.templating import register_template_helpers

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def select_locale() -> str:
    languages = ("uk", "en")
    if not has_request_context():
        return "en"  # the CLI speaks English
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return "uk"


@login_manager.user_loader
def load_user(session_token: str):

    user = get_db().scalar(select(User).where(User.session_token == session_token))
    return user if user is not None and user.active else None


def refuse_nul_bytes():
    """NUL passes Flask and SQLite but breaks PostgreSQL: refuse it at the door."""
    from flask import abort

    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in v for v in request.form.values()):
        abort(400)


# Public assets the same for everyone may be cached; every other response may be personal
# (a page behind a login, an export, a download, a calendar feed): never stored anywhere.
CACHEABLE_ENDPOINTS = frozenset({"static", "decks.stylesheet"})


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: ids larger than the database's integers are a 404, not
    an overflow deep in the driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_timezone="Europe/Kyiv")
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)


    register_template_helpers(app)
