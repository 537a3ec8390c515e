from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import BaseForm, Visible

ZONES = [("Europe/Kyiv", "Europe/Kyiv"), ("Europe/Warsaw", "Europe/Warsaw"),
         ("Europe/Berlin", "Europe/Berlin"), ("Europe/London", "Europe/London"),
         ("UTC", "UTC")]


class CohortForm(BaseForm):
    name = StringField(_l("Cohort name"), validators=[DataRequired(), Visible(), Length(max=200)])
    plan_id = SelectField(_l("Session plan"), choices=[])
    start_date = DateField(_l("First day"), validators=[Optional()])
    start_time = TimeField(_l("Start time on the first day"), validators=[Optional()],
                           description=_l("Later days start at the plan's times."))
    timezone = SelectField(_l("Time zone"), choices=ZONES, default="Europe/Kyiv")
    capacity = IntegerField(_l("Places for participants"), default=40,
                            validators=[DataRequired(), NumberRange(min=1, max=500)])
    lead_trainer_id = SelectField(_l("Lead trainer"), coerce=int, choices=[])
    co_trainer_ids = SelectMultipleField(_l("Co-trainers"), coerce=int, choices=[])
    municipality_codes = TextAreaField(
        _l("Participating hromadas (names or KATOTTG codes, one per line)"), validators=[Length(max=20000)])
    venue = StringField(_l("Venue"), validators=[Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Length(max=500)])
    is_tot = BooleanField(_l("Training of trainers"),
                          description=_l("Its participants are trainee trainers working towards "
                                         "certification."))


class SessionForm(BaseForm):
    module_id = SelectField(_l("Module"), choices=[])
    date = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start"), validators=[DataRequired()])
    end_time = TimeField(_l("End"), validators=[Optional()],
                         description=_l("Leave empty to use the module's duration."))
    timezone = SelectField(_l("Time zone"), choices=ZONES, default="Europe/Kyiv")
    trainer_ids = SelectMultipleField(_l("Trainers"), coerce=int, choices=[])
    venue = StringField(_l("Venue"), validators=[Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Length(max=500)])


class RescheduleForm(BaseForm):
    date = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start"), validators=[DataRequired()])
    end_time = TimeField(_l("End"), validators=[DataRequired()])
    reason = StringField(_l("Reason (shown in the history)"), validators=[Length(max=300)])


class JoinForm(BaseForm):
    code = StringField(_l("Cohort code"), validators=[DataRequired(), Length(max=20)],
                       description=_l("Your trainer gives you the code, e.g. ABC-789."))


class CheckInForm(BaseForm):
    code = StringField(_l("Code shown in the room"), validators=[DataRequired(), Length(max=12)])


ENROL_ROLES = [("learner", _l("Participant")), ("trainer", _l("Co-trainer")), ("observer", _l("Observer"))]


class EnrolForm(BaseForm):
    """Checks the cohort page's "Add a person" form; the page writes its two fields itself
    (scheduling/cohort.html: an empty form on every view, rendered without WTForms)."""
    email = StringField(_l("Email of an existing account"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role in the cohort"), choices=ENROL_ROLES)


class CsvForm(BaseForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class ReportForm(BaseForm):
    report_notes = TextAreaField(_l("Notes for the closing report"),
                                 validators=[Length(max=20000)])


class LateForm(BaseForm):
    late_minutes = IntegerField(_l("Running late by (minutes)"),
                                validators=[InputRequired(), NumberRange(min=0, max=240)])
