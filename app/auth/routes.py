"""Log in, log out, invitations, profile, password and language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.access import is_safe_next
from app.auth.forms import ChangePasswordForm, LocaleForm, LoginForm, ProfileForm, SetPasswordForm
from app.db import committing, get_db

bp = Blueprint("auth", __name__)


def _client_address() -> str:
    # Behind reverse proxies, SPILNO_TRUSTED_PROXIES makes this the client (ProxyFix).
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        with committing():  # a failure is recorded too: it counts toward the limit
            result = services.authenticate(get_db(), form.email.data, form.password.data,
                                           _client_address())
        if result.user is not None:
            locale = session.get("locale")
            session.clear()  # a new session at login: nothing carried over from before
            if locale:
                session["locale"] = locale
            login_user(result.user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("main.home"))
        form.form_errors.append(result.error)
        status = 429 if result.retry_after else 200
    response = render_template("auth/login.html", form=form), status
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    with committing():
        services.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    db = get_db()
    invite = services.open_invitation(db, token)
    if invite is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        with committing(form) as done:
            user = services.accept_invitation(db, token, form.password.data)
        if done.ok:
            session.clear()
            login_user(user)
            flash(_("Your password is set. Welcome to Spilno!"), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/invitation.html", form=form, invited=invite.user)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        with committing(form) as done:
            services.update_profile(get_db(), current_user, form.name.data,
                                    form.organisation.data, form.position.data, form.locale.data)
        if done.ok:
            session["locale"] = form.locale.data
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form)


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with committing(form) as done:
            services.change_password(get_db(), current_user, form.current_password.data,
                                     form.password.data)
        if done.ok:
            login_user(current_user._get_current_object())  # this browser gets the new token
            flash(_("Your password is changed. Other sessions are logged out."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)


@bp.route("/locale", methods=["POST"])
def set_locale():
    form = LocaleForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            with committing():
                services.set_locale(current_user, form.locale.data)
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("main.home"))
