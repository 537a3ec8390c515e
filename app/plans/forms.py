"""Forms of the action plan. The commitment and the vision are posted as plain fields named
after the contract's JSON (`title__en`, `milestones-2-end_date`) and read into that JSON, so
one validation (app.plans.rules) serves the page, the CLI and the API; the small fixed forms
are WTForms."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from app.forms import BaseForm
from app.plans import vocab
from app.text import has_control_chars

MAX_ROWS = 30
LANGS = ("en", "uk")
ASCII_DIGITS = re.compile(r"[0-9]{1,9}")


def small_int(text: str | None) -> int | None:
    """A whole number written in ASCII digits (not "²" or "٣", which str.isdigit accepts)."""
    text = (text or "").strip()
    return int(text) if ASCII_DIGITS.fullmatch(text) else None


def _bi(form: MultiDict, name: str) -> dict[str, str]:
    return {lang: form.get(f"{name}__{lang}", "").strip() for lang in LANGS}


def _row(form: MultiDict, prefix: str, branch: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"organisation": _bi(form, f"{prefix}organisation"),
                           "contact": form.get(f"{prefix}contact", "").strip(),
                           "title": form.get(f"{prefix}title", "").strip(),
                           "email": form.get(f"{prefix}email", "").strip(),
                           "role": _bi(form, f"{prefix}role")}
    if branch:
        row["branch"] = form.get(f"{prefix}branch", "").strip()
    return row


def _row_empty(row: dict[str, Any]) -> bool:
    return not any((v.get("en") or v.get("uk")) if isinstance(v, dict) else v
                   for v in row.values())


def _indexes(form: MultiDict, prefix: str) -> list[int]:
    found = set()
    for key in form:
        if key.startswith(prefix):
            head = small_int(key[len(prefix):].split("-", 1)[0])
            if head is not None and head < MAX_ROWS:
                found.add(head)
    return sorted(found)


def commitment_data(form: MultiDict) -> dict[str, Any]:
    """The posted commitment form as the contract's COMMITMENT JSON (not yet validated)."""
    data: dict[str, Any] = {key: _bi(form, key) for key in vocab.COMMITMENT_TEXTS}
    data["start_date"] = form.get("start_date", "").strip()
    data["end_date"] = form.get("end_date", "").strip()
    data["lead_agency"] = _row(form, "lead_agency-", True)
    data["lead_non_government"] = _row(form, "lead_non_government-", False)
    data["other_stakeholders"] = [
        row for i in _indexes(form, "other_stakeholders-")
        if not _row_empty(row := _row(form, f"other_stakeholders-{i}-", True))]
    data["policy_areas"] = form.getlist("policy_areas")
    data["sectors"] = form.getlist("sectors")
    data["ogp_values"] = form.getlist("ogp_values")
    data["resources_secured"] = form.get("resources_secured", "").strip()
    milestones = []
    for i in _indexes(form, "milestones-"):
        prefix = f"milestones-{i}-"
        row = {"output": _bi(form, f"{prefix}output"),
               "start_date": form.get(f"{prefix}start_date", "").strip(),
               "end_date": form.get(f"{prefix}end_date", "").strip(),
               "responsible": form.get(f"{prefix}responsible", "").strip(),
               "contact": form.get(f"{prefix}contact", "").strip()}
        if not _row_empty(row):
            milestones.append(row)
    data["milestones"] = milestones
    data["jurisdiction"] = form.get("jurisdiction", "").strip()
    data["completed"] = form.get("completed", "").strip()
    data["assessed"] = form.get("assessed", "").strip()
    return data


def has_control(data: Any) -> bool:
    if isinstance(data, str):
        return has_control_chars(data)
    if isinstance(data, dict):
        return any(has_control(v) for v in data.values())
    if isinstance(data, list):
        return any(has_control(v) for v in data)
    return False


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("bad_date") from None
    if not 2000 <= day.year <= 2100:
        raise ValueError("date_range")
    return day


def plan_values(form: MultiDict) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted plan form: period, vision items, Monitoring Body, forum, council decision."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key in ("period_start", "period_end", "council_decision_on"):
        try:
            values[key] = _date(form.get(key, ""))
        except ValueError as error:
            values[key] = None
            errors[key] = str(error)
    vision: dict[str, Any] = {}
    for key in vocab.VISION_REQUIRED + ("D", "I"):
        if key in vocab.VISION_NUMBERS:
            raw = form.get(key, "").strip()
            if raw:
                number = small_int(raw)
                if number is not None and number < 100_000:
                    vision[key] = number
                else:
                    errors[key] = "bad_number"
        else:
            text = _bi(form, key)
            if text["en"] or text["uk"]:
                vision[key] = text
    values["vision"] = vision
    values["monitoring_body"] = _bi(form, "monitoring_body")
    values["monitoring_body_endorsed"] = form.get("monitoring_body_endorsed") == "y"
    values["forum"] = form.get("forum", "").strip()
    values["council_decision"] = form.get("council_decision", "").strip()
    for key, limit in (("forum", 300), ("council_decision", 300)):
        if len(values[key]) > limit:
            errors[key] = "too_long"
    for key, value in vision.items():
        if isinstance(value, dict) and any(len(v) > 20_000 for v in value.values()):
            errors[key] = "too_long"
    if has_control(values):
        errors["form"] = "control"
    if values["period_start"] and values["period_end"] and \
            values["period_end"] <= values["period_start"]:
        errors["period_end"] = "period_order"
    return values, errors


class MembershipForm(BaseForm):
    joined_on = DateField(_l("Joined OGP Local on"), validators=[Optional()])
    term_end = DateField(_l("End of the current administration's term"), validators=[Optional()],
                         description=_l("The plan must end at least two months before it."))
    elections_apply = BooleanField(_l("Elections apply to this hromada's council"), default=True)
    contact_name = StringField(_l("Point of contact"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Point of contact's email"),
                                validators=[Optional(), Length(max=254), Email()])
    monitoring_body = StringField(_l("Monitoring Body"), validators=[Optional(), Length(max=300)],
                                  description=_l("The independent body that will assess the plan."))


class JointForm(BaseForm):
    code = StringField(_l("KATOTTG code of the partner hromada"),
                       validators=[DataRequired(), Length(max=32)])


class MeetingForm(BaseForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    phase = SelectField(_l("Stage"), choices=[("co_creation", _l("Co-creation of the plan")),
                                             ("implementation", _l("Implementation"))])
    title = StringField(_l("Meeting"), validators=[DataRequired(), Length(max=300)])
    guests_government = IntegerField(_l("Other government participants (without an account)"),
                                     default=0, validators=[Optional(), NumberRange(0, 10_000)])
    guests_non_government = IntegerField(
        _l("Other non-government participants (without an account)"), default=0,
        validators=[Optional(), NumberRange(0, 10_000)])


class FeedbackForm(BaseForm):
    source = StringField(_l("From whom"), validators=[DataRequired(), Length(max=300)])
    received_on = DateField(_l("Received on"), validators=[Optional()])
    received = TextAreaField(_l("Feedback received"), validators=[DataRequired(), Length(max=5000)])
    answer = TextAreaField(_l("Answer given"), validators=[Optional(), Length(max=5000)])


class EndorsementForm(BaseForm):
    scope = SelectField(_l("Endorses"), choices=[("plan", _l("the action plan")),
                                                ("monitoring_body", _l("the Monitoring Body"))])
    organisation = StringField(_l("Non-governmental organisation"),
                               validators=[DataRequired(), Length(max=300)])
    person = StringField(_l("Person"), validators=[Optional(), Length(max=200)])
    endorsed_on = DateField(_l("Date"), validators=[Optional()])


class CommentForm(BaseForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])
