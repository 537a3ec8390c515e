"""Forms of the tracker, meetings, voluntary inactivity and the Monitoring Body's reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.forms import BaseForm, Visible

COMPLETION_CHOICES = (
    ("not_started", _l("Not started")),
    ("limited", _l("Limited")),
    ("substantial", _l("Substantial")),
    ("complete", _l("Complete")),
    ("no_evidence", _l("No evidence available")),
)
STAKEHOLDER_CHOICES = (
    ("government", _l("Government")),
    ("civil_society", _l("Civil society")),
    ("other_non_governmental", _l("Other non-governmental")),
)
STATUS_LABELS = {
    "active": _l("Active"),
    "inactive": _l("Inactive"),
    "voluntarily_inactive": _l("Voluntarily inactive"),
    "no_plan": _l("No plan yet"),
}
RISK_LABELS = {"green": _l("On track"), "amber": _l("At risk"), "red": _l("Critical"),
               "grey": _l("Paused")}
KIND_LABELS = {
    "latest_plan_end": _l("Latest end of the action plan"),
    "inception_assessment": _l("Inception assessment"),
    "end_of_commitment_assessment": _l("End-of-commitment assessment"),
    "final_learning_exercise": _l("Final learning exercise"),
    "next_plan_submission": _l("Next action plan due"),
    "tracker_update": _l("Quarterly tracker update"),
}

# The questions of handbook 3.5.1-3.5.3, in our own words: (key, question).
ASSESSMENT_QUESTIONS = {
    "inception": (
        ("spaces", _l("Did the forum and other spaces allow repeated dialogue and real "
                      "co-creation with non-government members?")),
        ("information", _l("How was information about the process shared with the public?")),
        ("relevance", _l("How do the commitments serve transparency, accountability and "
                         "public participation?")),
        ("verifiability", _l("Can each commitment be checked: are its results specific and "
                             "measurable?")),
        ("impact", _l("What difference could the commitments make if fully carried out?")),
    ),
    "end_of_commitment": (
        ("completion", _l("How far was the commitment carried out, and what shows it?")),
        ("early_results", _l("What early results and outcomes has it produced so far?")),
    ),
    "final_learning": (
        ("successes", _l("What worked well across the plan, from co-creation to "
                         "implementation?")),
        ("improvements", _l("What should be done differently in the next plan?")),
        ("changes", _l("What changes did the reforms and the co-creation process make "
                       "possible?")),
        ("stalled", _l("Where commitments stalled, why, and how can the obstacles be "
                       "overcome?")),
        ("next_steps", _l("What are the next steps?")),
    ),
}
ASSESSMENT_LABELS = {
    "inception": _l("Inception assessment"),
    "end_of_commitment": _l("End-of-commitment assessment"),
    "final_learning": _l("Final learning exercise"),
}


class TrackerUpdateForm(BaseForm):
    commitment = SelectField(_l("Commitment"), coerce=str, validators=[DataRequired()])
    quarter = SelectField(_l("Quarter"), coerce=str, validators=[DataRequired()])
    completion = SelectField(_l("Level of completion"), choices=COMPLETION_CHOICES,
                             validators=[DataRequired()])
    narrative_uk = TextAreaField(_l("What was done (Ukrainian)"),
                                 validators=[DataRequired(), Visible(), Length(max=4000)])
    narrative_en = TextAreaField(_l("What was done (English)"),
                                 validators=[Optional(), Length(max=4000)])
    evidence_type = SelectField(_l("Type of evidence"), coerce=str, validators=[Optional()])
    evidence_url = StringField(_l("Link to evidence"), validators=[Optional(), Length(max=500)])
    evidence_file = FileField(_l("File (PDF, image, office document, CSV or text; up to 3 MB)"))


class MeetingForm(BaseForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    title = StringField(_l("Topic"), validators=[DataRequired(), Visible(), Length(max=200)])
    government = IntegerField(_l("Government participants"), default=0,
                              validators=[Optional(), NumberRange(min=0, max=10000)])
    civil_society = IntegerField(_l("Civil society participants"), default=0,
                                 validators=[Optional(), NumberRange(min=0, max=10000)])
    other_non_governmental = IntegerField(_l("Other non-governmental participants"), default=0,
                                          validators=[Optional(), NumberRange(min=0, max=10000)])
    minutes_url = StringField(_l("Link to the minutes"), validators=[Optional(), Length(max=500)])


class VoluntaryForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Visible(),
                                                     Length(max=2000)])


class PublicForm(BaseForm):
    public = BooleanField(_l("Publish our plan and progress on a public page"))


class DeadlineForm(BaseForm):
    submission_deadline = DateField(_l("First action plan due by"), validators=[Optional()])


class BodyMemberForm(BaseForm):
    email = EmailField(_l("Email of the person"), validators=[DataRequired(), Length(max=254)])


class CommentForm(BaseForm):
    author = StringField(_l("Your name and organisation"),
                         validators=[DataRequired(), Visible(), Length(max=200)])
    stakeholder_type = SelectField(_l("You comment as"), choices=STAKEHOLDER_CHOICES,
                                   validators=[DataRequired()])
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Visible(),
                                                    Length(max=4000)])


def assessment_form(kind: str, commitments: list[tuple[str, str]] | None = None):
    """A form with the questions of one kind of assessment."""

    class AssessmentForm(BaseForm):
        pass

    if kind == "end_of_commitment":
        AssessmentForm.commitment = SelectField(_l("Commitment"), coerce=str,
                                                choices=commitments or [],
                                                validators=[DataRequired()])
    for key, question in ASSESSMENT_QUESTIONS[kind]:
        setattr(AssessmentForm, key, TextAreaField(
            question, validators=[DataRequired(), Visible(), Length(max=6000)]))
    return AssessmentForm
