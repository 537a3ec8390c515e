"""Exercise pages: smart."""

from __future__ import annotations

from flask import (
    jsonify,
    request,
)
from flask_babel import gettext as _
from flask_login import login_required

from app.exercises.routes.common import _lang, bp
from app.exercises.smart import SmartInputError, check_commitment, check_many
from app.i18n import catalogue

# --- the SMART check as a JSON route --------------------------------------------------------------

@bp.route("/api/smart-check", methods=["POST"])
@login_required
def smart_check():

    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep
        payload = None
    if payload is None:
        return jsonify(error="invalid", message=_("Send a JSON object or array.")), 400
    lang = request.args.get("lang", _lang())
    translations = catalogue(lang)  # the answer's messages in the language asked for
    try:
        if isinstance(payload, list):
            if len(payload) > 100:
                return jsonify(error="invalid", message=_("At most 100 commitments at once.")), 400
            return jsonify(check_many(payload, lang=lang, translations=translations))
        return jsonify(check_commitment(payload, lang=lang, translations=translations))
    except SmartInputError as error:
        return jsonify(error="invalid", message=str(error)), 400

