from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import BaseForm, Visible


class PersonForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Visible(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    hromada = StringField(_l("Hromada"), validators=[Optional(), Length(max=200)],
                          description=_l("Type its name, e.g. «Вінницька»; choose from the "
                                         "suggestions. The KATOTTG code works too."))
    hromada_code = SelectField(_l("Choose the hromada"), choices=[], validate_choice=False)
    stakeholder_type = SelectField(_l("Stakeholder type"), choices=[])
    role = SelectField(_l("Role in the cohort"), choices=[])


class PasteForm(BaseForm):
    rows = TextAreaField(_l("Rows from a spreadsheet"), validators=[DataRequired(), Length(max=200000)],
                         description=_l("Copy the rows in Excel, Google Sheets or LibreOffice and "
                                        "paste them here, one person a line: name, email, hromada, "
                                        "stakeholder type, role. A header row in any order works too."))


class PeopleFileForm(BaseForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class PauseForm(BaseForm):
    reason = SelectField(_l("Why"), choices=[("alert", _l("air-raid alert")),
                                            ("power", _l("power cut")), ("other", _l("other"))])


class MoveRestForm(BaseForm):
    date = DateField(_l("New date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start"), validators=[DataRequired()])
