from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import BaseForm, Visible


def role_choices():
    return [("participant", _l("Participant")), ("trainer", _l("Trainer")),
            ("observer", _l("Observer")), ("admin", _l("Administrator"))]


def stakeholder_choices():
    return [("", _l("— not set —")), ("government", _l("Government")),
            ("civil_society", _l("Civil society")),
            ("other_non_governmental", _l("Other non-governmental"))]


class UserForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Visible(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    municipality_code = StringField(
        _l("Hromada (name or KATOTTG code)"), validators=[Optional(), Length(max=200)],
        description=_l("For example «Вінницька міська громада» or UA05020030000031457. "
                       "Required for participants."))
    stakeholder_type = SelectField(_l("Stakeholder type"), choices=stakeholder_choices)
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])


class EditUserForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Visible(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    municipality_code = StringField(_l("Hromada (name or KATOTTG code)"),
                                    validators=[Optional(), Length(max=200)])
    stakeholder_type = SelectField(_l("Stakeholder type"), choices=stakeholder_choices)
    active = BooleanField(_l("Account active"))


class UserImportForm(BaseForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()],
                     description=_l("Columns: email, name, role, municipality_code, "
                                    "stakeholder_type. UTF-8."))
