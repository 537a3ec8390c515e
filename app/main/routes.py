"""Home page, health check and error pages."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.content.services import library
from app.db import get_db
from app.main import home as views
from app.main.home import is_in_tot

bp = Blueprint("main", __name__)

ERROR_CODES = (400, 403, 404, 405, 409, 413, 429, 500)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")

    db, lib, lang = get_db(), library(), str(get_locale() or "uk")
    context: dict = {"title": lambda kind, item_id: views._title(lib, kind, item_id, lang)}
    if current_user.role == "trainer":
        context.update(views.trainer_home(db, current_user, lib))
    elif current_user.role == "participant":
        context["mine"] = views.participant_home(db, current_user, lib, lang)
    else:
        context.update(views.auc_home(db, lib))
    return render_template("main/home.html", **context)


@bp.app_template_global()
def course_title(kind: str, item_id: str) -> str:
    """The title of a module, exercise or plan in the reader's language (English, with the
    course pages' note, only where no current translation exists): never a bare id in text."""

    item = library().translated(kind, item_id or "", str(get_locale() or "uk"))[0]
    return item.title if item is not None else (item_id or "")


@bp.app_context_processor
def _pathway_link():
    """A participant sees "My trainer pathway" only while in a training of trainers."""
    def shows_pathway() -> bool:
        if not current_user.is_authenticated or current_user.role not in ("participant", "trainer"):
            return False
        if current_user.role == "trainer":
            return True

        return is_in_tot(get_db(), current_user)
    return {"shows_pathway": shows_pathway}


@bp.route("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    return _error_page(400, error.description)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _error_page(error.code or 500, None)


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return _error_page(500, None)


def _error_page(code: int, detail: str | None):
    if _wants_json():
        return jsonify(error=code, message=detail or ""), code
    shown = code if code in ERROR_CODES else 400 if code < 500 else 500
    return render_template("errors/error.html", code=shown, detail=detail), code
