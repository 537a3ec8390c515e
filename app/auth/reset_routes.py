"""Forgot password: ask for a link, then choose a new password with it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from app.auth import reset
from app.auth.forms import SetPasswordForm
from app.db import committing, get_db
from app.forms import BaseForm

bp = Blueprint("password", __name__)


class ForgotForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        with committing():  # the link must work by the time the email arrives
            result = reset.request_reset(get_db(), form.email.data,
                                         request.remote_addr or "unknown")
        if result.wait:
            minutes = max(1, (result.wait + 59) // 60)
            form.form_errors.append(_("Too many requests. Try again in %(m)d min.", m=minutes))
            return render_template("auth/forgot.html", form=form), 429
        url = url_for("password.reset_password", token=result.token, _external=True)
        reset.deliver(result, url, str(get_locale() or "uk"))
        return render_template("auth/forgot_sent.html", email=form.email.data.strip(),
                               minutes=reset.valid_minutes())
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    db = get_db()
    record = reset.open_reset(db, token)
    if record is None:
        return render_template("auth/reset_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        with committing(form) as done:
            reset.complete_reset(db, token, form.password.data)
        if done.ok:
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your password is changed and every session is logged out. Log in with the "
                    "new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, person=record.user)
