"""Forms of the trainer pathway. The rubric, the knowledge test and the feedback scales are
posted as plain fields named after their content ids (validated by the rules); these are the
fixed forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm
from app.pathway.rules import IMPROVE_MAX, REFLECTION_MAX


class DeliveryForm(BaseForm):
    trainee_id = SelectField(_l("Trainee"), coerce=int, choices=[])
    block = SelectField(_l("Session and outline block delivered"), choices=[],
                        validators=[DataRequired()],
                        description=_l("The block of the session outline the trainee led or co-led."))


class ReflectionForm(BaseForm):
    reflection = TextAreaField(
        _l("Your reflection"), validators=[DataRequired(), Length(max=REFLECTION_MAX)],
        description=_l("What went well, what you would change next time, and what you learned "
                       "from the observer's comments."))


class RevokeForm(BaseForm):
    reason = TextAreaField(_l("Reason for revoking"), validators=[DataRequired(), Length(max=1000)])


class FeedbackTextForm(BaseForm):
    improve = TextAreaField(_l("What should we improve?"), validators=[Length(max=IMPROVE_MAX)],
                            description=_l("Optional. Your trainer sees the answers of the whole "
                                           "group together, never who wrote what."))
