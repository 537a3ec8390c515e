"""The base form: every text field refuses control characters and overlong input."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeField, StringField, TextAreaField

from app.dates import YEAR_MAX, YEAR_MIN, in_range
from app.errors import ServiceError
from app.text import has_control_chars, visible


class Visible:
    """A required text field needs visible characters, not only zero-width ones."""

    def __call__(self, form, field) -> None:
        from wtforms.validators import StopValidation

        if isinstance(field.data, str) and not visible(field.data):
            raise StopValidation(str(_l("This field is required.")))


class BaseForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, (StringField, TextAreaField)) and isinstance(field.data, str) \
                    and has_control_chars(field.data):
                field.errors = list(field.errors) + [
                    _l("This field contains characters that cannot be saved.")]
                valid = False
            # TimeField is a DateTimeField too, and a time has no year
            if isinstance(field, (DateField, DateTimeField)) and hasattr(field.data, "year") \
                    and not in_range(field.data):
                field.errors = list(field.errors) + [
                    _l("Use a date between %(first)d and %(last)d.", first=YEAR_MIN, last=YEAR_MAX)]
                valid = False
        return valid

    def attach(self, error: ServiceError) -> None:
        """Show a service refusal next to its field (or above the form)."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = list(field.errors) + [error.message]
        else:
            self.form_errors.append(error.message)


def uploaded_text(upload: Any, limit: int = -1) -> str | None:
    """An uploaded CSV as text, or None when it is not UTF-8 or carries control characters
    (tabs and line breaks are fine): the caller shows "not UTF-8 text" next to the field."""
    try:
        text = upload.read(limit).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if has_control_chars(text.replace("\t", "").replace("\r", "").replace("\n", "")) \
        else text
