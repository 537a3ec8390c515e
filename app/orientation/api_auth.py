"""The bearer token of AUC's read-only JSON API (orientation, action plans, monitoring): one
check for every API route, with wrong tokens counted per address (app.auth.throttle, scope
"api"). A right token costs one read; an address that sent too many wrong ones is answered 429
before its token is even looked at, so it cannot keep guessing."""

from __future__ import annotations

from flask import Response, jsonify, request

from app.auth import throttle
from app.db import get_db
from app.orientation.services import valid_api_token


def api_refused() -> tuple[Response, int] | None:
    """None when the request carries a valid `Authorization: Bearer <token>`; otherwise the
    JSON answer to send (401, or 429 with Retry-After)."""
    db = get_db()
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    valid, wait = throttle.guarded(db, "api", request.remote_addr or "unknown",
                                   lambda: valid_api_token(db, token) or None)
    if valid:
        return None
    if not wait:
        return jsonify(error="unauthorized", message="A valid API token is required."), 401
    answer = jsonify(error="too_many_requests",
                     message="Too many requests with a wrong token from this address: try again later.")
    answer.headers["Retry-After"] = str(wait)
    return answer, 429
