"""Words of the SMART check: message codes with their English text, value, field and
criterion names, counts.

One way to translate (issue 22): the English texts are the msgids of the app's Babel
catalogue, marked here with N_ so that extraction finds them; their Ukrainian lives in
app/translations/uk/LC_MESSAGES/messages.po. The check takes a `translations` object (anything
with gettext and ngettext: Babel's Translations, flask_babel.get_translations(), the
standard library's gettext) and answers in its language; without one it answers in English.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from typing import Any, Protocol


class Translator(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


ENGLISH: Translator = gettext.NullTranslations()


def N_(message: str) -> str:
    """Marks a msgid for extraction; translated later, in the reader's language."""
    return message


VALUE_KEYS = ("transparency", "participation", "accountability", "technology")

VALUE_NAMES = {
    "transparency": N_("transparency / access to information"),
    "participation": N_("public participation"),
    "accountability": N_("public accountability"),
    "technology": N_("technology and innovation"),
}

# The criteria as a person reads their names (the ids stay English in the JSON).
CRITERION_LABELS = {
    "specific": N_("Specific"),
    "measurable": N_("Measurable"),
    "answerable": N_("Answerable"),
    "relevant": N_("Relevant"),
    "time_bound": N_("Time-bound"),
    "verifiable": N_("Verifiable"),
    "actionable": N_("Actionable"),
    "realistic": N_("Realistic"),
}

FIELD_NAMES = {
    "title": N_("Title (field 2)"),
    "start_date": N_("Start date (field 3)"),
    "end_date": N_("End date (field 3)"),
    "lead_agency": N_("Lead agency (field 4)"),
    "problem": N_("Problem (field 7)"),
    "status_quo": N_("Status quo (field 8)"),
    "action": N_("Action (field 9)"),
    "expected_results": N_("Expected results (field 10)"),
}

# code -> English msgid; str.format fields are filled by _t after translation.
MESSAGES: dict[str, str] = {
    # shared pieces
    "milestone": N_("Milestone {n} '{title}'"),
    "no_output": N_("(no output described)"),
    "start": N_("start date"),
    "end": N_("end date"),
    "dates": N_("dates"),
    "add_milestones": N_(
        "Add three to six milestones (field 17), each an output with dates and a responsible "
        "agency."),
    "no_milestones": N_("No milestones"),
    # specific
    "title_action": N_("Title names an action: '{title}'"),
    "title_theme": N_("Title '{title}' names a theme, not an action"),
    "field_ok": N_("{field}: described ({words})"),
    "field_short": N_("{field}: very short ({words})"),
    "field_empty": N_("{field}: empty"),
    "problem_tool": N_("The problem describes a missing tool rather than a harm to people"),
    "adv_title_missing": N_("Give the commitment a title (field 2) that names the action."),
    "adv_title_theme": N_(
        "Start the title with what will be done, e.g. 'Publish …', 'Create …', 'Adopt …'."),
    "adv_problem": N_(
        "Describe the problem (field 7) in a few sentences: who is harmed, how, and why it "
        "matters."),
    "adv_problem_tool": N_(
        "Describe the harm to residents in the problem (field 7); the tool belongs in the "
        "action."),
    "adv_action": N_(
        "Describe what will be done (field 9): the main activities and the overall objective."),
    "adv_results": N_("Say what will be produced and what will change for residents (field 10)."),
    "text_action": N_("Action words: {items}"),
    "text_problem": N_("Problem described: {items}"),
    "text_results": N_("Expected results described: {items}"),
    "text_no_action": N_("No action verb found (publish, create, adopt …)"),
    "text_no_problem": N_("No problem statement found"),
    "text_no_results": N_("No expected results found"),
    "text_length": N_("Length: {words}"),
    "adv_text_action": N_(
        "Say plainly what will be done, starting with a verb: publish, create, adopt, launch."),
    "adv_text_problem": N_("Name the problem the commitment solves and who suffers from it."),
    "adv_text_results": N_("Add the expected results: what will change for residents."),
    # measurable
    "baseline": N_("Baseline with figures in the status quo: {items}"),
    "baseline_nofig": N_("The status quo has no figures"),
    "target": N_("Countable result: {items}"),
    "no_target": N_("No figure, target or frequency in the action, results or milestones"),
    "adv_baseline": N_(
        "Add figures to the status quo (field 8), e.g. how many requests, complaints or days "
        "it takes today: that is the baseline."),
    "adv_target": N_(
        "Give the results a number or a frequency you can count, e.g. 'all 40 contracts "
        "published', 'updated monthly', 'complaints down by a third'."),
    "text_numbers": N_("Figures: {items}"),
    "text_no_numbers": N_("No figures besides dates"),
    "text_baseline": N_("Baseline words: {items}"),
    "text_target": N_("Targets or frequencies: {items}"),
    "adv_text_measure": N_(
        "Add today's figure (the baseline) and the figure or frequency you expect at the end."),
    # answerable
    "lead": N_("Lead agency: {lead}"),
    "lead_generic": N_(
        "Lead agency '{lead}' is the whole council or executive, not the unit that does the "
        "work"),
    "lead_contact": N_("Contact person: {contact}"),
    "partners": N_("Partners named (fields 5 and 6): {items}"),
    "lead_missing": N_("No lead agency"),
    "resp_all": N_("Every milestone names a responsible agency: {items}"),
    "resp_missing": N_("{ms} has no responsible agency"),
    "adv_lead_missing": N_(
        "Name the lead implementing agency (field 4): the department or body that will deliver "
        "the commitment."),
    "adv_lead_generic": N_(
        "Name the unit that will do the work instead of '{lead}', e.g. a department of the "
        "executive committee."),
    "adv_resp": N_("{ms} has no responsible agency; name who delivers it."),
    "text_bodies": N_("Bodies named: {items}"),
    "text_generic_only": N_("Only the council or executive as a whole is named"),
    "text_no_bodies": N_("No department, office or council named"),
    "text_resp_word": N_("Responsibility stated: {items}"),
    "adv_text_bodies": N_(
        "Name the department that leads the work and the partners with their roles."),
    "adv_text_resp": N_("Say which department is responsible and who its partners are."),
    # relevant
    "values_ticked": N_("OGP values ticked: {items}"),
    "values_text": N_("The text speaks to: {items}"),
    "values_none": N_("No OGP value ticked"),
    "values_none_text": N_("No OGP value found in the text"),
    "tech_only": N_("Only technology and innovation, which counts when it serves another value"),
    "value_unsupported": N_(
        "'{value}' is ticked, but the title, action, results and milestones do not show it"),
    "adv_tick": N_(
        "Tick the OGP values the commitment advances (field 14); the text suggests: {items}."),
    "adv_values": N_(
        "Show how the commitment opens government: what will be published (transparency), how "
        "residents take part (participation), or how officials answer for results "
        "(accountability)."),
    "adv_tech_only": N_(
        "Technology and innovation counts only when it serves transparency, participation or "
        "accountability: say which one."),
    "adv_unsupported": N_(
        "Explain in the action or results how the commitment advances {items}, or untick it."),
    "adv_goal": N_("Link the commitment to a goal of your strategic vision (field 11)."),
    # time-bound
    "timeframe": N_("Timeframe: {start} to {end}"),
    "date_bad": N_("{field}: '{value}' is not a date in YYYY-MM-DD form"),
    "date_missing": N_("{field}: missing"),
    "reversed": N_("The end date {end} is before the start date {start}"),
    "ms_dated": N_("All milestones have start and end dates ({n})"),
    "ms_undated": N_("{ms} has no {which}"),
    "ms_reversed": N_("{ms} ends ({end}) before it starts ({start})"),
    "ms_bad_date": N_("{ms}: '{value}' is not a date in YYYY-MM-DD form"),
    "past": N_("The end date {end} has already passed (today is {today})"),
    "adv_dates": N_("Set a start and an end date (field 3) as YYYY-MM-DD."),
    "adv_reversed": N_("Swap or correct the dates: the end must come after the start."),
    "adv_ms_dates": N_("{ms}: give it a start and an end date."),
    "adv_past": N_("Move the dates into the coming action plan period."),
    "text_period": N_("Period: {start} to {end}"),
    "text_deadline": N_("Deadline only: {end}"),
    "text_duration": N_("Stated duration: {dur}"),
    "text_no_dates": N_("No dates found"),
    "text_ms_dated": N_("Dated milestones: {n}"),
    "text_points": N_("Dates mentioned: {items}"),
    "text_bad_date": N_("'{value}' is not a valid date"),
    "adv_text_period": N_("State the start and end dates of the commitment (day, month, year)."),
    "adv_text_ms": N_("List the milestones one per line, each with its own date."),
    # verifiable
    "channel": N_("Residents can check it through: {items}"),
    "no_channel": N_("Nothing says where residents or the Monitoring Body can see the results"),
    "checkable": N_("Milestones that are checkable outputs: {k} of {n}"),
    "vague": N_("{ms} describes an activity ('{word}'), not an output"),
    "ms_empty": N_("{ms} does not describe an output"),
    "adv_channel": N_(
        "Say where the results will be published (website, open data portal, public report) so "
        "that residents and the Monitoring Body can check them."),
    "adv_vague": N_(
        "{ms}: rewrite it as an output someone can check, e.g. 'decision adopted', 'data "
        "published', 'report presented'."),
    "text_outputs": N_("Checkable outputs: {items}"),
    "text_no_outputs": N_("No checkable output (decision, report, publication …)"),
    "text_vague": N_("Activity words without an output: {items}"),
    "adv_text_outputs": N_(
        "Name outputs someone can check: a decision adopted, data published, a report "
        "presented."),
    # specific: something concrete
    "no_object": N_(
        "No object, figure or date: nothing says what will be made or changed, or when"),
    "adv_object": N_(
        "Name the thing that will be made or changed (a register, a portal, a decision, a "
        "report …), with a number or a date."),
    # verifiable: a deliverable
    "deliverable": N_("Deliverables residents can check: {items}"),
    "no_deliverable": N_(
        "No deliverable residents could check (a published register, a portal, a report, a "
        "decision, an open data set …)"),
    "adv_deliverable": N_(
        "Name what residents will be able to see when it is done: a published register, a "
        "portal, a report, a council decision or an open data set."),
    # actionable
    "act_verbs": N_("Concrete activities: {items}"),
    "act_vague_only": N_("Only general intentions: {items}"),
    "act_no_verbs": N_("The action does not say what will be done"),
    "act_steps": N_("Steps planned: {n}"),
    "act_one_step": N_("Only one step planned"),
    "adv_act_verbs": N_(
        "Describe activities the team can start on Monday: publish, adopt, launch, hold, train "
        "— not 'improve' or 'promote'."),
    "adv_act_steps": N_(
        "Break the work into steps (milestones), each one something the team does."),
    # realistic
    "res_described": N_("Resources (field 15): {items}"),
    "res_vague": N_("Resources (field 15) named without an amount or people: '{text}'"),
    "res_missing": N_("No resources described (field 15)"),
    "res_secured_yes": N_("Resources secured (field 16): yes"),
    "res_secured_partly": N_("Resources secured (field 16): partly"),
    "res_secured_no": N_("Resources secured (field 16): no"),
    "res_secured_missing": N_("Not said whether the resources are secured (field 16)"),
    "adv_res": N_(
        "Describe the resources (field 15): the budget with its amount and source, and the "
        "people who will do the work."),
    "adv_res_secured": N_("Say whether the resources are secured (field 16: yes, partly or no)."),
    "adv_res_partly": N_("Say where the missing money or people will come from, and by when."),
    "text_res": N_("Resources mentioned: {items}"),
    "text_res_secured": N_("Said to be secured: {items}"),
    "text_no_res": N_("No budget, funding or staff mentioned"),
    "adv_text_res": N_(
        "Say what the commitment will cost, who pays, and whether the money is secured."),
    # rules
    "dur_ok": N_(
        "The commitment lasts {dur} ({start} to {end}): at least one year, as OGP Local asks."),
    "dur_short": N_("The commitment lasts {dur}; OGP Local asks for at least one year."),
    "dur_reversed": N_("The end date {end} is before the start date {start}."),
    "dur_missing": N_(
        "Missing or not a date: {items}. Start and end dates are needed to check the one-year "
        "minimum."),
    "dur_missing_text": N_(
        "No start and end dates found in the text; they are needed to check the one-year "
        "minimum."),
    "dur_stated_ok": N_("The text states a duration of {dur}: at least one year; add exact dates."),
    "ms_ok": N_("All {n} milestones fall within {start} to {end}."),
    "ms_none": N_("No milestones with dates; add milestones inside the commitment's dates."),
    "ms_need_dates": N_(
        "The commitment's own start and end dates are needed to check its milestones."),
    "ms_before": N_("{ms} starts on {day}, before the commitment starts ({start})."),
    "ms_after": N_("{ms} ends on {day}, after the commitment ends ({end})."),
    "ms_no_date": N_("{ms} has no {which}."),
    "resp_ok": N_("Lead agency: {lead}; every milestone names who is responsible."),
    "resp_lead_missing": N_("No lead implementing agency is named (field 4)."),
    "resp_no_ms": N_(
        "Lead agency: {lead}; there are no milestones to name a responsible agency for."),
    "resp_text_ok": N_("Responsible body found: {items}."),
    "resp_text_missing": N_("No responsible department, office or council is named."),
    "val_ok": N_("OGP values: {items}."),
    "val_missing": N_("No OGP value is ticked (field 14)."),
    "val_missing_text": N_(
        "No OGP value (transparency, participation, accountability, technology and innovation) "
        "found in the text."),
}


def _t(tr: Translator, key: str, **params: Any) -> str:
    return tr.gettext(MESSAGES[key]).format(**params)


def _pick(tr: Translator, message: str) -> str:
    """A name from VALUE_NAMES, FIELD_NAMES or CRITERION_LABELS in the reader's language."""
    return tr.gettext(message)


def _count(tr: Translator, n: int, unit: str) -> str:
    """'6 months' / '6 місяців'; unit is month, day or word."""
    if unit == "month":
        text = tr.ngettext("{n} month", "{n} months", n)
    elif unit == "day":
        text = tr.ngettext("{n} day", "{n} days", n)
    else:
        text = tr.ngettext("{n} word", "{n} words", n)
    return text.format(n=n)


def _items(values: Iterable[str]) -> str:
    return ", ".join(values)


def _quoted(values: Iterable[str], tr: Translator) -> str:
    quote = tr.gettext("'{value}'")  # Ukrainian quotes with «»
    return _items(quote.format(value=v) for v in values)


def _value_names(keys: Iterable[str], tr: Translator) -> str:
    return _items(_pick(tr, VALUE_NAMES[k]) for k in VALUE_KEYS if k in set(keys))


def criterion_label(name: str, tr: Translator = ENGLISH) -> str:
    """'Specific', 'Конкретність': a criterion's name as a person reads it."""
    return _pick(tr, CRITERION_LABELS[name]) if name in CRITERION_LABELS else name
