"""Home page, health check and error pages."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

bp = Blueprint("main", __name__)

ERROR_CODES = (400, 403, 404, 405, 409, 413, 429, 500)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    return render_template("main/home.html")


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
