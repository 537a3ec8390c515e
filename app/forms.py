"""The base form: every text field refuses control characters and overlong input."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from app.errors import ServiceError
from app.text import has_control_chars


class BaseForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, (StringField, TextAreaField)) and isinstance(field.data, str):
                if has_control_chars(field.data):
                    field.errors = list(field.errors) + [
                        _l("This field contains characters that cannot be saved.")]
                    valid = False
        return valid

    def attach(self, error: ServiceError) -> None:
        """Show a service refusal next to its field (or above the form)."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = list(field.errors) + [error.message]
        else:
            self.form_errors.append(error.message)
