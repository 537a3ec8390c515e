"""SMART check of one OGP Local commitment: pure, bilingual, heuristic.

Input is either the structured commitment of the OGP Local template (Handbook, Annex 2, the
COMMITMENT of DESIGN.md: text fields as strings or {"en", "uk"}; lead_agency a string or a row
{organisation, branch, contact, title, email, role}; lead_non_government and
other_stakeholders rows; ogp_values from the six keys of field 14 or the old four; resources
and resources_secured yes/partly/no) or ``{"text": "..."}``, a commitment pasted from an
existing action plan in English or Ukrainian. Output (see DESIGN.md):

    {"criteria": {name: {"verdict": "met"|"partly"|"not_met", "evidence": [...],
                         "advice": "..."}},            # advice is "" when nothing to change
     "rules": [{"rule": ..., "ok": bool, "message": "..."}],
     "score": 0-100}

Criteria, in this order: the handbook's five and measurable (specific, measurable,
answerable, relevant, time_bound, verifiable), then the manual's two (actionable: concrete
activities broken into steps; realistic: resources described and secured). The six keys of
the first contract keep their place; the two new ones come last.

Score: a weighted sum. Each of the eight criteria weighs 9 points (met 1, partly 0.5,
not met 0) and each of the four OGP Local rules 7 points (ok 1, else 0):
8 * 9 + 4 * 7 = 100. Criteria weigh more because they describe the quality of the whole
commitment; the rules are yes/no minimums.

check_many answers an array in the same order; a bad item gets
{"index": i, "error": "invalid", "message": "..."} in its place instead of failing the batch.

Messages are English msgids of the Babel catalogue (messages.py); pass `translations` for
another language.

Pasted text is read with keyword and regular-expression heuristics: Ukrainian words are
matched by stems ("прозор" for прозорість, прозорості, прозорий), apostrophes ' ’ ʼ are
treated alike, and dates are read in ISO, DD.MM.YYYY, month-name, quarter, half-year and
year forms. A heuristic can be fooled; the advice is a starting point for a trainer's
review, not a grade.

Pure: no Flask, SQLAlchemy or I/O. Criteria and rules are registries of check functions
(CRITERIA, RULES) so that a check can be added or replaced in one place.

Modules: messages (the words), lexicon (the stems), dates, parse (input into Parsed),
criteria (the SMART criteria), rules (the OGP Local rules); this module is the public API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from app.exercises.smart import manual  # noqa: F401  (registers actionable, realistic)
from app.exercises.smart.criteria import CRITERIA, Criterion
from app.exercises.smart.dates import DatePoint, find_dates, lasts_a_year, stated_months
from app.exercises.smart.messages import (
    CRITERION_LABELS,
    ENGLISH,
    VALUE_KEYS,
    Translator,
    criterion_label,
)
from app.exercises.smart.parse import (
    MAX_MILESTONES,
    MAX_TEXT,
    TEXT_FIELDS,
    Milestone,
    Parsed,
    SmartInputError,
    parse,
)
from app.exercises.smart.rules import RULES, Rule

__all__ = [
    "CRITERIA",
    "CRITERION_LABELS",
    "CRITERION_WEIGHT",
    "ENGLISH",
    "MAX_ITEMS",
    "MAX_MILESTONES",
    "MAX_TEXT",
    "RULES",
    "RULE_WEIGHT",
    "TEXT_FIELDS",
    "VALUE_KEYS",
    "VERDICT_POINTS",
    "DatePoint",
    "Milestone",
    "Parsed",
    "SmartInputError",
    "Translator",
    "check_commitment",
    "check_many",
    "criterion_label",
    "find_dates",
    "lasts_a_year",
    "parse",
    "score",
    "stated_months",
]

MAX_ITEMS = 500  # commitments in one check_many call
CRITERION_WEIGHT = 9
RULE_WEIGHT = 7
VERDICT_POINTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}


# --- public API -----------------------------------------------------------------------------------

def score(criteria: Mapping[str, Criterion], rules: Iterable[Rule]) -> int:
    """12 points per criterion (met 1, partly 0.5) + 7 per rule passed; 100 at most."""
    points = sum(CRITERION_WEIGHT * VERDICT_POINTS[c["verdict"]] for c in criteria.values())
    points += sum(RULE_WEIGHT for r in rules if r["ok"])
    return max(0, min(100, round(points)))


def _language(lang: Any) -> str:
    return "uk" if isinstance(lang, str) and lang.lower().startswith("uk") else "en"


def _today(today: Any) -> date:
    if today is not None and not isinstance(today, date):
        raise SmartInputError("'today' must be a date")
    if isinstance(today, datetime):
        return today.date()
    return today or date.today()


def check_commitment(commitment: dict, lang: str = "en", today: date | None = None,
                     translations: Translator | None = None) -> dict:
    """The SMART check of one commitment (structured template or {"text": ...}).

    `lang` (en | uk) chooses which side of a bilingual field is read; `translations` (anything
    with gettext and ngettext, e.g. app.i18n.catalogue(lang)) the language of the messages,
    English when None."""
    parsed = parse(commitment, _language(lang), _today(today), translations or ENGLISH)
    criteria = {name: check(parsed) for name, check in CRITERIA.items()}
    rules = [check(parsed) for check in RULES.values()]
    return {"criteria": criteria, "rules": rules, "score": score(criteria, rules)}


def check_many(items: list[dict], lang: str = "en", today: date | None = None,
               translations: Translator | None = None) -> list[dict]:
    """check_commitment for each item, in the same order. A bad item does not fail the batch:
    its place holds {"index": i, "error": "invalid", "message": "..."} (the field named)."""
    if not isinstance(items, (list, tuple)):
        raise SmartInputError("expected a list of commitments")
    if len(items) > MAX_ITEMS:
        raise SmartInputError(f"at most {MAX_ITEMS} commitments at once")
    today = _today(today)
    results = []
    for index, item in enumerate(items):
        try:
            results.append(check_commitment(item, lang=lang, today=today,
                                            translations=translations))
        except SmartInputError as error:
            results.append({"index": index, "error": "invalid", "message": str(error)})
    return results
