from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.forms import BaseForm, Visible

LOCALE_CHOICES = [("uk", "Українська"), ("en", "English")]


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Visible(), Length(max=200)])
    next = HiddenField()


class SetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Visible(), Length(max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class ProfileForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Visible(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    locale = SelectField(_l("Interface language"), choices=LOCALE_CHOICES)


class LocaleForm(BaseForm):
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    next = HiddenField()
