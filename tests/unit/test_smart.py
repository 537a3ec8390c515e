"""The SMART checker on a table of commitments: structured and pasted, English and Ukrainian.

Each case is crafted to meet or miss particular criteria; only the verdicts and rule
outcomes it is about are asserted, so a case stays readable.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from typing import Any

import pytest

from app.exercises import smart
from app.exercises.smart import (
    CRITERIA,
    MAX_TEXT,
    RULES,
    SmartInputError,
    find_dates,
    lasts_a_year,
    stated_months,
)
from app.i18n import catalogue

TODAY = date(2026, 1, 15)


def check_commitment(commitment: Any, lang: str = "en", today: Any = None) -> dict:
    """The check answering in `lang`, through the app's catalogue (as the routes call it)."""
    return smart.check_commitment(commitment, lang=lang, today=today,
                                  translations=catalogue(lang))


def check_many(items: Any, lang: str = "en", today: Any = None) -> list[dict]:
    return smart.check_many(items, lang=lang, today=today, translations=catalogue(lang))
HANDBOOK_NAMES = ["specific", "measurable", "answerable", "relevant", "time_bound", "verifiable"]
CRITERION_NAMES = [*HANDBOOK_NAMES, "actionable", "realistic"]  # the manual's two come last
RULE_NAMES = ["min_duration_one_year", "milestones_within_dates", "responsible_agency",
              "ogp_value"]
MET, PARTLY, NOT_MET = "met", "partly", "not_met"

# --- structured commitments -----------------------------------------------------------------------

STRONG: dict[str, Any] = {
    "title": "Publish the reconstruction repair queue, its criteria and its contracts as open data",
    "start_date": "2026-06-01",
    "end_date": "2027-06-30",
    "lead_agency": "Reconstruction department of the executive committee",
    "problem": "Residents of damaged buildings do not know when and why their building will be "
               "repaired, which feeds distrust and complaints.",
    "status_quo": "212 written requests about repairs in 2025; no published criteria; data kept "
                  "in three places.",
    "action": "Agree the repair criteria with residents, adopt them, and publish the queue, the "
              "projects and the contracts every month.",
    "expected_results": "Output: criteria adopted and the queue published monthly. Outcome: "
                        "fewer complaints; residents check the order of repairs themselves.",
    "long_term_goal": "Open and accountable reconstruction.",
    "ogp_values": ["Transparency / access to information", "Public participation",
                   "Public accountability"],
    "resources": "UAH 150,000 from the 2026 budget; two staff members.",
    "resources_secured": "yes",
    "commitment_number": "1",  # other keys are ignored
    "milestones": [
        {"output": "Draft criteria with the residents' association; public consultation",
         "start_date": "2026-06-01", "end_date": "2026-08-31",
         "responsible": "Reconstruction department"},
        {"output": "Publish the data: executive committee decision adopting the criteria",
         "start_date": "2026-09-01", "end_date": "2026-09-30",
         "responsible": "Executive committee"},
        {"output": "Queue, projects and contracts published on DREAM and the website",
         "start_date": "2026-10-01", "end_date": "2027-06-30",
         "responsible": "Reconstruction department"},
        {"output": "Residents' monitoring group reviews progress each quarter",
         "start_date": "2026-10-01", "end_date": "2027-06-30",
         "responsible": "Residents' association"},
    ],
}

STRONG_UK: dict[str, Any] = {
    "title": "Оприлюднити чергу відновлення житла та критерії її формування у форматі відкритих "
             "даних",
    "start_date": "2026-06-01",
    "end_date": "2027-06-30",
    "lead_agency": "Управління відновлення виконавчого комітету Прирічної міської ради",
    "problem": "Мешканці пошкоджених будинків не знають, коли і чому їхній будинок "
               "відремонтують, тому зростає недовіра і кількість скарг.",
    "status_quo": "У 2025 році надійшло 212 письмових звернень щодо ремонту; критерії не "
                  "оприлюднено; дані зберігаються у трьох місцях.",
    "action": "Разом з мешканцями розробити та ухвалити критерії черги, щомісяця оприлюднювати "
              "чергу, проєкти та договори.",
    "expected_results": "Критерії ухвалено, черга оприлюднюється щомісяця; скарг стає менше, "
                        "мешканці самі перевіряють порядок ремонтів.",
    "long_term_goal": "Відкрите і підзвітне відновлення громади.",
    "ogp_values": [0, 1, 2],  # checklist indices, as the exercise stores them
    "resources": "150 тис. грн з бюджету громади на 2026 рік; двоє працівників управління.",
    "resources_secured": "так",
    "milestones": [
        {"output": "Проєкт критеріїв разом з ОСББ, громадське обговорення",
         "start_date": "2026-06-01", "end_date": "2026-08-31",
         "responsible": "Управління відновлення"},
        {"output": "Рішення виконавчого комітету про затвердження критеріїв",
         "start_date": "2026-09-01", "end_date": "2026-09-30",
         "responsible": "Виконавчий комітет"},
        {"output": "Черга, проєкти і договори оприлюднені на сайті та в DREAM",
         "start_date": "2026-10-01", "end_date": "2027-06-30",
         "responsible": "Управління відновлення"},
        {"output": "Громадський моніторинг: група мешканців щокварталу перевіряє виконання",
         "start_date": "2026-10-01", "end_date": "2027-06-30",
         "responsible": "Громадська організація «Відновимо разом»"},
    ],
}


def form(base: dict[str, Any] = STRONG, **changes: Any) -> dict[str, Any]:
    """A copy of a structured commitment with some fields replaced."""
    data = copy.deepcopy(base)
    data.update(changes)
    return data


def with_milestone(index: int, base: dict[str, Any] = STRONG, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data["milestones"][index].update(changes)
    return data


SHORT_MILESTONES = [
    {"output": "Criteria adopted by the executive committee", "start_date": "2026-06-01",
     "end_date": "2026-07-31", "responsible": "Reconstruction department"},
    {"output": "Queue published on the city website", "start_date": "2026-08-01",
     "end_date": "2026-11-30", "responsible": "Reconstruction department"},
]
VAGUE_MILESTONES = [
    {"output": "Support civic activists", "start_date": "2026-06-01", "end_date": "2026-12-31",
     "responsible": "Youth department"},
    {"output": "Promote openness", "start_date": "2027-01-01", "end_date": "2027-06-30",
     "responsible": "Youth department"},
]
NO_VALUE_WORDS = {  # no transparency, participation or accountability wording at all
    "title": "Create a single queue for the repair of damaged homes",
    "action": "Create one queue for the repair of damaged homes, with agreed criteria and a "
              "named officer for each building.",
    "expected_results": "Queue created and criteria adopted; each building has a named officer.",
    "long_term_goal": "Faster repair of damaged homes.",
    "milestones": [
        {"output": "Criteria adopted by decision", "start_date": "2026-06-01",
         "end_date": "2026-09-30", "responsible": "Reconstruction department"},
        {"output": "Queue created and in use", "start_date": "2026-10-01",
         "end_date": "2027-06-30", "responsible": "Reconstruction department"},
    ],
}

# --- pasted commitments ---------------------------------------------------------------------------

STRONG_TEXT_EN = """Commitment 2. Publish council contracts as open data
Timeframe: 1 July 2026 to 30 June 2027
Lead agency: Procurement Department of Pryrichna City Council, with the NGO Open City as partner.
Problem: residents cannot see who receives council contracts, which feeds distrust.
Currently only 12% of contracts are published.
Expected results: 100% of contracts published monthly on the open data portal,
so that residents can monitor spending.
Milestones:
- Open data standard adopted by decision — by 30.09.2026
- First dataset published on the portal — by 31.12.2026
- Quarterly public report on contract monitoring — Q2 2027
"""

STRONG_TEXT_UK = """Зобов’язання 1. Оприлюднення черги відновлення пошкодженого житла
у форматі відкритих даних
Строк виконання: з 1 червня 2026 року по 30 червня 2027 року
Відповідальний виконавець: управління відновлення та капітального будівництва Прирічної міської ради
Проблема: мешканці пошкоджених будинків не знають, коли і чому їхній будинок буде відремонтовано.
Наразі у 2025 році надійшло 212 звернень.
Очікуваний результат: зменшення кількості скарг на 30%, мешканці зможуть самі перевіряти чергу.
Етапи:
1. Розробка критеріїв разом з ОСББ, громадське обговорення — до 31.08.2026
2. Рішення виконавчого комітету про затвердження критеріїв — вересень 2026
3. Щомісячне оприлюднення черги на сайті та в DREAM — IV квартал 2026
"""

SIX_MONTHS_TEXT_EN = (
    "The Department of Digital Transformation will launch an online participatory budgeting "
    "platform, from January 2026 to June 2026. Currently 2% of residents vote; the target is at "
    "least 10%. Results will be published on the city website.")

QUARTERS_GENERIC_UK = """Запровадження електронних петицій та бюджету участі.
Термін: І квартал 2026 – IV квартал 2027.
Виконавець: Прирічна міська рада.
Наразі жителі не мають простого способу подати ідею; щороку надходить 40 паперових звернень.
- Положення про бюджет участі ухвалено — ІІ квартал 2026
- Перше онлайн-голосування проведено — IV квартал 2026
"""

APOSTROPHES_UK = (
    "Протягом року відділ зв'язків з громадськістю та відділ інформаційної політики "
    "забезпечать прозорість і підзвітність роботи комунальних підприємств: щокварталу "
    "оприлюднювати звіти про об’єкти та обʼєм робіт на сайті громади, щоб мешканці могли "
    "контролювати витрати. Проблема: наразі звіти не публікуються.")

HALF_YEAR_UK = ("Протягом 6 місяців відділ освіти створить онлайн-реєстр вільних місць у "
                "дитячих садках, щоб батьки бачили чергу. Наразі черга не оприлюднюється.")

BAD_DATE_UK = ("Відділ цифрової трансформації оприлюднить набір відкритих даних про бюджет до "
               "31.02.2026; відповідальний — начальник відділу.")

UTILITY_UK = """КП «Водоканал» щомісяця оприлюднюватиме дані про якість води на сайті громади.
Відповідальний: КП «Водоканал» разом з відділом екології.
Строки: з 01.03.2026 по 31.03.2027.
Етапи:
- Перелік показників затверджено — 30.04.2026
- Перша публікація даних — 31.05.2026
"""

OUTSIDE_UK = """Створення цифрової карти ремонтів доріг.
Період: з 01.01.2026 до 31.12.2026. Відповідальний — управління житлово-комунального господарства.
Етапи:
- Карту створено і оприлюднено на порталі — 30.06.2026
- Звіт про виконання оприлюднено — 31.03.2027
"""

EIGHTEEN_MONTHS_EN = ("Over 18 months the Finance Department will publish the budget in a "
                      "citizens' version and hold two public hearings a year.")

TECH_ONLY_EN = ("The IT Department will launch a mobile app and a chat-bot for the city by "
                "December 2026.")

OUTSIDE_EN = """Create an open register of municipal land leases.
Period: from 01.01.2026 to 31.12.2026. Responsible: Land Resources Department.
Milestones:
- Register published on the portal — 30.06.2026
- Annual report on leases published — 31.03.2027
"""


def case(name: str, commitment: dict[str, Any], criteria: dict[str, str],
         rules: dict[str, bool], lang: str = "en"):
    return pytest.param(commitment, lang, criteria, rules, id=name)


ALL_MET = dict.fromkeys(CRITERION_NAMES, MET)
HANDBOOK_MET = dict.fromkeys(HANDBOOK_NAMES, MET)
NO_RESOURCES = {**HANDBOOK_MET, "actionable": MET, "realistic": NOT_MET}  # strong, but unfunded
ALL_OK = dict.fromkeys(RULE_NAMES, True)

CASES = [
    # structured, English
    case("form-strong", STRONG, ALL_MET, ALL_OK),
    case("form-six-months", form(end_date="2026-11-30", milestones=SHORT_MILESTONES),
         {"time_bound": MET}, {"min_duration_one_year": False, "milestones_within_dates": True}),
    case("form-calendar-year-counts", form(start_date="2026-01-01", end_date="2026-12-31",
                                           milestones=SHORT_MILESTONES),
         {"time_bound": MET}, {"min_duration_one_year": True}),
    case("form-one-day-short", form(start_date="2026-06-01", end_date="2027-05-30"),
         {}, {"min_duration_one_year": False, "milestones_within_dates": False}),
    case("form-milestone-without-responsible", with_milestone(1, responsible=""),
         {"answerable": PARTLY}, {"responsible_agency": False}),
    case("form-no-lead", form(lead_agency=""), {"answerable": PARTLY},
         {"responsible_agency": False}),
    case("form-placeholder-lead", form(lead_agency="TBD"), {"answerable": PARTLY},
         {"responsible_agency": False}),
    case("form-generic-lead", form(lead_agency="Pryrichna City Council"),
         {"answerable": PARTLY}, {"responsible_agency": True}),
    case("form-no-values-ticked", form(ogp_values=[]), {"relevant": PARTLY},
         {"ogp_value": False}),
    case("form-no-values-at-all", form(form(**NO_VALUE_WORDS), ogp_values=[]),
         {"relevant": NOT_MET}, {"ogp_value": False}),
    case("form-technology-only", form(ogp_values=["Technology and innovation"]),
         {"relevant": PARTLY}, {"ogp_value": True}),
    case("form-values-as-keys", form(ogp_values=["participation"]), {"relevant": MET},
         {"ogp_value": True}),
    case("form-value-not-shown", form(form(**NO_VALUE_WORDS), ogp_values=[2]),
         {"relevant": PARTLY}, {"ogp_value": True}),
    case("form-theme-title", form(title="Transparency in reconstruction"),
         {"specific": PARTLY}, ALL_OK),
    case("form-empty-problem-and-action", form(problem="", action=""), {"specific": PARTLY}, {}),
    case("form-missing-tool-problem", form(problem="There is no website."),
         {"specific": PARTLY}, {}),
    case("form-baseline-without-figures", form(status_quo="Data are kept in several places."),
         {"measurable": PARTLY}, ALL_OK),
    case("form-nothing-to-count", form(form(**NO_VALUE_WORDS), status_quo="",
                                       ogp_values=[0]),
         {"measurable": NOT_MET}, {}),
    case("form-milestone-after-end", with_milestone(2, end_date="2027-08-31"),
         {"time_bound": MET}, {"milestones_within_dates": False, "min_duration_one_year": True}),
    case("form-milestone-before-start", with_milestone(0, start_date="2026-05-01"),
         {"time_bound": MET}, {"milestones_within_dates": False}),
    case("form-malformed-start-date", form(start_date="01.06.2026"),
         {"time_bound": PARTLY},
         {"min_duration_one_year": False, "milestones_within_dates": False}),
    case("form-impossible-date", form(end_date="2027-02-30"), {"time_bound": PARTLY},
         {"min_duration_one_year": False}),
    case("form-end-before-start", form(start_date="2027-06-30", end_date="2026-06-01"),
         {"time_bound": PARTLY}, {"min_duration_one_year": False,
                                  "milestones_within_dates": False}),
    case("form-undated-milestone", with_milestone(3, start_date="", end_date=""),
         {"time_bound": PARTLY}, {"milestones_within_dates": False}),
    case("form-no-milestones", form(milestones=[]),
         {"time_bound": PARTLY, "verifiable": PARTLY, "answerable": PARTLY},
         {"milestones_within_dates": False, "responsible_agency": True,
          "min_duration_one_year": True}),
    case("form-vague-milestones", form(milestones=VAGUE_MILESTONES), {"verifiable": PARTLY},
         {"milestones_within_dates": True}),
    case("form-unverifiable", form(form(**NO_VALUE_WORDS), milestones=VAGUE_MILESTONES,
                                   title="Create a queue", ogp_values=[0]),
         {"verifiable": NOT_MET}, {}),
    case("form-empty-rows-ignored", form(milestones=[*STRONG["milestones"], {
        "output": "", "start_date": "", "end_date": "", "responsible": ""}]), ALL_MET, ALL_OK),
    case("form-empty", {}, dict.fromkeys(CRITERION_NAMES, NOT_MET),
         dict.fromkeys(RULE_NAMES, False)),
    # structured, Ukrainian
    case("form-uk-strong", STRONG_UK, ALL_MET, ALL_OK, lang="uk"),
    case("form-uk-generic-lead-six-months",
         form(STRONG_UK, lead_agency="Прирічна міська рада", end_date="2026-11-30",
              milestones=[{"output": "Критерії затверджено рішенням", "start_date": "2026-06-01",
                           "end_date": "2026-11-30", "responsible": "Управління відновлення"}]),
         {"answerable": PARTLY, "time_bound": MET},
         {"min_duration_one_year": False, "responsible_agency": True,
          "milestones_within_dates": True}, lang="uk"),
    case("form-index-strings-and-odd-items", form(ogp_values=["1", "²", "9" * 5000, 7]),
         {"relevant": MET}, {"ogp_value": True}),
    case("form-uk-value-labels", form(STRONG_UK, ogp_values=["Прозорість / доступ до інформації"]),
         {"relevant": MET}, {"ogp_value": True}, lang="uk"),
    # pasted, English
    case("text-strong-en", {"text": STRONG_TEXT_EN}, NO_RESOURCES, ALL_OK),
    case("text-vague-en", {"text": "Improve transparency in the city."},
         {"specific": NOT_MET, "measurable": NOT_MET, "answerable": NOT_MET, "relevant": MET,
          "time_bound": NOT_MET, "verifiable": NOT_MET},
         {"min_duration_one_year": False, "milestones_within_dates": False,
          "responsible_agency": False, "ogp_value": True}),
    case("text-six-months-en", {"text": SIX_MONTHS_TEXT_EN},
         {"measurable": MET, "relevant": MET, "time_bound": PARTLY, "verifiable": MET,
          "specific": PARTLY},
         {"min_duration_one_year": False, "responsible_agency": True, "ogp_value": True}),
    case("text-stated-duration-en", {"text": EIGHTEEN_MONTHS_EN},
         {"time_bound": PARTLY, "relevant": MET},
         {"min_duration_one_year": True, "milestones_within_dates": False,
          "responsible_agency": True}),
    case("text-technology-only-en", {"text": TECH_ONLY_EN}, {"relevant": PARTLY},
         {"ogp_value": True, "min_duration_one_year": False}),
    case("text-milestone-outside-en", {"text": OUTSIDE_EN}, {"time_bound": MET},
         {"milestones_within_dates": False, "min_duration_one_year": True}),
    case("text-empty", {"text": ""}, dict.fromkeys(CRITERION_NAMES, NOT_MET),
         dict.fromkeys(RULE_NAMES, False)),
    # pasted, Ukrainian
    case("text-strong-uk", {"text": STRONG_TEXT_UK}, NO_RESOURCES, ALL_OK, lang="uk"),
    case("text-vague-uk", {"text": "Сприяти розвитку громадянського суспільства у громаді."},
         dict.fromkeys(CRITERION_NAMES, NOT_MET), dict.fromkeys(RULE_NAMES, False), lang="uk"),
    case("text-quarters-generic-uk", {"text": QUARTERS_GENERIC_UK},
         {"answerable": PARTLY, "time_bound": MET, "relevant": MET, "measurable": MET},
         {"min_duration_one_year": True, "milestones_within_dates": True,
          "responsible_agency": True, "ogp_value": True}, lang="uk"),
    case("text-apostrophes-stems-uk", {"text": APOSTROPHES_UK},
         {"relevant": MET, "answerable": MET, "verifiable": MET, "time_bound": PARTLY},
         {"min_duration_one_year": True, "ogp_value": True}, lang="uk"),
    case("text-half-year-uk", {"text": HALF_YEAR_UK}, {"relevant": MET},
         {"min_duration_one_year": False, "responsible_agency": True}, lang="uk"),
    case("text-invalid-date-uk", {"text": BAD_DATE_UK},
         {"time_bound": NOT_MET, "answerable": MET},
         {"min_duration_one_year": False}, lang="uk"),
    case("text-utility-uk", {"text": UTILITY_UK}, {"answerable": MET, "time_bound": MET},
         {"responsible_agency": True, "min_duration_one_year": True,
          "milestones_within_dates": True}, lang="uk"),
    case("text-milestone-outside-uk", {"text": OUTSIDE_UK}, {"time_bound": MET},
         {"milestones_within_dates": False, "min_duration_one_year": True}, lang="uk"),
]


@pytest.mark.parametrize(("commitment", "lang", "criteria", "rules"), CASES)
def test_verdicts_and_rules(commitment: dict, lang: str, criteria: dict[str, str],
                            rules: dict[str, bool]) -> None:
    result = check_commitment(commitment, lang=lang, today=TODAY)
    got_criteria = {name: result["criteria"][name]["verdict"] for name in criteria}
    got_rules = {r["rule"]: r["ok"] for r in result["rules"] if r["rule"] in rules}
    assert (got_criteria, got_rules) == (criteria, rules), result


def test_the_table_is_broad_enough() -> None:
    langs = [c.values[1] for c in CASES]
    assert len(CASES) >= 30 and langs.count("uk") >= 8
    assert sum("text" in c.values[0] for c in CASES) >= 10


# --- advice and messages --------------------------------------------------------------------------

def _rule(result: dict, name: str) -> dict:
    return next(r for r in result["rules"] if r["rule"] == name)


def test_six_month_duration_message() -> None:
    result = check_commitment(form(end_date="2026-11-30", milestones=SHORT_MILESTONES),
                              today=TODAY)
    message = _rule(result, "min_duration_one_year")["message"]
    assert message == "The commitment lasts 6 months; OGP Local asks for at least one year."


def test_six_month_duration_message_in_ukrainian() -> None:
    result = check_commitment(form(end_date="2026-11-30"), lang="uk", today=TODAY)
    message = _rule(result, "min_duration_one_year")["message"]
    assert message == "Зобов’язання триває 6 місяців; OGP Local вимагає щонайменше один рік."


def test_pasted_six_months_gives_the_same_message() -> None:
    result = check_commitment({"text": SIX_MONTHS_TEXT_EN}, today=TODAY)
    assert "lasts 6 months" in _rule(result, "min_duration_one_year")["message"]


def test_milestone_without_responsible_is_named_by_number_and_title() -> None:
    data = with_milestone(1, output="Publish the data", responsible="")
    result = check_commitment(data, today=TODAY)
    expected = "Milestone 2 'Publish the data' has no responsible agency"
    assert expected in result["criteria"]["answerable"]["advice"]
    assert expected in _rule(result, "responsible_agency")["message"]


def test_milestone_outside_the_dates_is_named() -> None:
    result = check_commitment(with_milestone(2, end_date="2027-08-31"), today=TODAY)
    message = _rule(result, "milestones_within_dates")["message"]
    assert message.startswith("Milestone 3 'Queue, projects and contracts published on DREAM")
    assert "ends on 2027-08-31, after the commitment ends (2027-06-30)" in message


def test_vague_milestone_advice_names_it() -> None:
    result = check_commitment(form(milestones=VAGUE_MILESTONES), today=TODAY)
    advice = result["criteria"]["verifiable"]["advice"]
    assert "Milestone 1 'Support civic activists'" in advice
    assert "Milestone 2 'Promote openness'" in advice


def test_generic_lead_advice_quotes_it() -> None:
    result = check_commitment(form(lead_agency="City council"), today=TODAY)
    assert "instead of 'City council'" in result["criteria"]["answerable"]["advice"]


def test_ukrainian_advice_is_ukrainian() -> None:
    data = with_milestone(1, STRONG_UK, output="Оприлюднити дані", responsible="")
    data.update(lead_agency="", ogp_values=[], start_date="", status_quo="")
    result = check_commitment(data, lang="uk", today=TODAY)
    assert "Етап 2 «Оприлюднити дані»: не вказано відповідального" in \
        result["criteria"]["answerable"]["advice"]
    texts = [c["advice"] for c in result["criteria"].values() if c["advice"]]
    texts += [r["message"] for r in result["rules"]]
    assert len(texts) >= 6
    for text in texts:
        assert re.search(r"[а-яіїєґ]", text, re.IGNORECASE), text
        # No English sentence leaks into the Ukrainian advice.
        assert not re.search(r"\b(the|and|has|no|is)\b", text), text


def test_ukrainian_locale_variants_answer_in_ukrainian() -> None:
    result = check_commitment({"text": ""}, lang="uk-UA", today=TODAY)
    assert result["rules"][0]["message"].startswith("У тексті")


def test_relevant_names_the_values_found() -> None:
    evidence = " ".join(check_commitment(STRONG, today=TODAY)["criteria"]["relevant"]["evidence"])
    for name in ("transparency / access to information", "public participation",
                 "public accountability"):
        assert name in evidence
    text_evidence = check_commitment({"text": TECH_ONLY_EN}, today=TODAY)["criteria"]["relevant"]
    assert "technology and innovation" in " ".join(text_evidence["evidence"])


def test_malformed_date_is_evidence_not_an_exception() -> None:
    result = check_commitment(form(start_date="01.06.2026"), today=TODAY)
    evidence = result["criteria"]["time_bound"]["evidence"]
    assert "Start date (field 3): '01.06.2026' is not a date in YYYY-MM-DD form" in evidence


@pytest.mark.parametrize("commitment", [
    form(end_date="9999-12-31"), form(start_date=datetime(2026, 6, 1, 9, 30)),
    {"text": "з 01.01.2026 по 31.12.9999"}, {"text": "1 June 2026 to 0001-01-01"},
])
def test_odd_dates_do_not_break_the_check(commitment: dict) -> None:
    _assert_shape(check_commitment(commitment, today=datetime(2026, 1, 15, 12)))


def test_invalid_pasted_date_is_reported() -> None:
    result = check_commitment({"text": BAD_DATE_UK}, lang="uk", today=TODAY)
    assert "«31.02.2026» — неіснуюча дата" in result["criteria"]["time_bound"]["evidence"]


def test_past_end_date_is_flagged_for_drafts() -> None:
    result = check_commitment(STRONG, today=date(2027, 9, 1))
    criterion = result["criteria"]["time_bound"]
    assert criterion["verdict"] == PARTLY
    assert "has already passed" in " ".join(criterion["evidence"])


def test_apostrophe_variants_read_alike() -> None:
    variants = [APOSTROPHES_UK.replace("'", mark).replace("’", mark).replace("ʼ", mark)
                for mark in ("'", "’", "ʼ")]
    results = [check_commitment({"text": v}, lang="uk", today=TODAY) for v in variants]
    assert results[0] == results[1] == results[2]


# --- shape, score, input --------------------------------------------------------------------------

def _assert_shape(result: dict) -> None:
    assert set(result) == {"criteria", "rules", "score"}
    assert list(result["criteria"]) == CRITERION_NAMES
    for criterion in result["criteria"].values():
        assert set(criterion) == {"verdict", "evidence", "advice"}
        assert criterion["verdict"] in (MET, PARTLY, NOT_MET)
        assert isinstance(criterion["evidence"], list) and criterion["evidence"]
        assert all(isinstance(e, str) and e for e in criterion["evidence"])
        assert isinstance(criterion["advice"], str)
        assert bool(criterion["advice"]) or criterion["verdict"] == MET
    assert [r["rule"] for r in result["rules"]] == RULE_NAMES
    for rule in result["rules"]:
        assert set(rule) == {"rule", "ok", "message"}
        assert isinstance(rule["ok"], bool) and isinstance(rule["message"], str)
        assert rule["message"]
    assert isinstance(result["score"], int) and 0 <= result["score"] <= 100


@pytest.mark.parametrize(("commitment", "lang", "criteria", "rules"), CASES)
def test_output_shape(commitment: dict, lang: str, criteria: dict, rules: dict) -> None:
    _assert_shape(check_commitment(commitment, lang=lang, today=TODAY))


def test_registries_cover_the_output() -> None:
    assert list(CRITERIA) == CRITERION_NAMES
    assert list(RULES) == RULE_NAMES


def test_score_is_the_documented_weighted_sum() -> None:
    assert check_commitment(STRONG, today=TODAY)["score"] == 100
    assert check_commitment({}, today=TODAY)["score"] == 0
    result = check_commitment(form(title="Transparency in reconstruction", lead_agency=""),
                              today=TODAY)
    # specific and answerable partly (2 x 4.5), six criteria met (6 x 9), three rules (3 x 7)
    assert result["score"] == 9 + 54 + 21


@pytest.mark.parametrize(("strong", "weak", "lang"), [
    (STRONG, form(title="Transparency", problem="", status_quo="", lead_agency="",
                  ogp_values=[], milestones=VAGUE_MILESTONES), "en"),
    (STRONG_UK, form(STRONG_UK, lead_agency="міська рада", end_date="2026-10-31"), "uk"),
    ({"text": STRONG_TEXT_EN}, {"text": SIX_MONTHS_TEXT_EN}, "en"),
    ({"text": STRONG_TEXT_UK}, {"text": "Сприяти розвитку громадянського суспільства."}, "uk"),
    ({"text": SIX_MONTHS_TEXT_EN}, {"text": "Improve transparency in the city."}, "en"),
])
def test_strong_scores_higher_than_weak(strong: dict, weak: dict, lang: str) -> None:
    strong_score = check_commitment(strong, lang=lang, today=TODAY)["score"]
    weak_score = check_commitment(weak, lang=lang, today=TODAY)["score"]
    assert strong_score > weak_score


def test_check_many_keeps_the_order() -> None:
    items = [{"text": "Improve transparency in the city."}, STRONG, {}, {"text": STRONG_TEXT_UK}]
    results = check_many(items, lang="en", today=TODAY)
    assert [r["score"] for r in results] == [
        check_commitment(i, today=TODAY)["score"] for i in items]
    assert results[1]["score"] == 100 and results[2]["score"] == 0


def test_other_keys_are_ignored() -> None:
    noisy = form(policy_areas=[3, 7], sectors=["x"], additional_info=None, commitment_number=5)
    assert check_commitment(noisy, today=TODAY) == check_commitment(STRONG, today=TODAY)


def test_pure_function_does_not_change_its_input() -> None:
    data = copy.deepcopy(STRONG)
    check_commitment(data, today=TODAY)
    assert data == STRONG


@pytest.mark.parametrize("bad", [
    None, "a commitment", 42, ["not", "a", "dict"],
    {"text": 5}, {"text": None}, {"text": ["line"]},
    {"text": "x" * (MAX_TEXT + 1)},
    {"title": 7}, {"problem": ["a"]}, {"start_date": 20260601},
    {"milestones": "one, two"}, {"milestones": ["one"]},
    {"milestones": [{"output": 1}]}, {"ogp_values": {"x"}}, {"ogp_values": [None]},
    {"ogp_values": [True]}, {"action": "y" * (MAX_TEXT + 1)},
])
def test_bad_input_raises(bad: Any) -> None:
    with pytest.raises(SmartInputError):
        check_commitment(bad, today=TODAY)


def test_check_many_refuses_a_non_list() -> None:
    with pytest.raises(SmartInputError):
        check_many({"text": "x"})  # type: ignore[arg-type]
    results = check_many([STRONG, "not a dict", {"title": 7}], today=TODAY)
    assert results[0]["score"] == 100  # a bad item does not fail the batch
    assert results[1] == {"index": 1, "error": "invalid",
                          "message": "a commitment must be a JSON object"}
    assert results[2]["index"] == 2 and "'title'" in results[2]["message"]


def test_smart_input_error_is_a_value_error() -> None:
    assert issubclass(SmartInputError, ValueError)


# --- building blocks ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "first", "last"), [
    ("2026-06-01", date(2026, 6, 1), date(2026, 6, 1)),
    ("до 31.08.2026", date(2026, 8, 31), date(2026, 8, 31)),
    ("1 June 2026", date(2026, 6, 1), date(2026, 6, 1)),
    ("June 1, 2026", date(2026, 6, 1), date(2026, 6, 1)),
    ("December 2026", date(2026, 12, 1), date(2026, 12, 31)),
    ("у грудні 2026 року", date(2026, 12, 1), date(2026, 12, 31)),
    ("30 червня 2027 року", date(2027, 6, 30), date(2027, 6, 30)),
    ("Q3 2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("IV квартал 2026", date(2026, 10, 1), date(2026, 12, 31)),
    ("І кв. 2027", date(2027, 1, 1), date(2027, 3, 31)),  # Cyrillic І
    ("II півріччя 2026", date(2026, 7, 1), date(2026, 12, 31)),
    ("06.2026", date(2026, 6, 1), date(2026, 6, 30)),
    ("у 2027 році", date(2027, 1, 1), date(2027, 12, 31)),
])
def test_find_dates(text: str, first: date, last: date) -> None:
    points, invalid = find_dates(text)
    assert not invalid and len(points) == 1
    assert (points[0].first, points[0].last) == (first, last)


@pytest.mark.parametrize(("text", "months"), [
    ("over 18 months", 18), ("an 18-month programme", 18), ("for two years", 24),
    ("протягом року", 12), ("протягом 6 місяців", 6), ("впродовж двох років", 24),
    ("протягом півроку", 6), ("до кінця 2026 року", None), ("twice a year", None),
])
def test_stated_months(text: str, months: int | None) -> None:
    assert stated_months(text) == months


@pytest.mark.parametrize(("start", "end", "ok"), [
    (date(2026, 1, 1), date(2026, 12, 31), True),
    (date(2026, 6, 1), date(2027, 6, 1), True),
    (date(2026, 6, 1), date(2027, 5, 30), False),
    (date(2026, 6, 1), date(2026, 11, 30), False),
])
def test_lasts_a_year(start: date, end: date, ok: bool) -> None:
    assert lasts_a_year(start, end) is ok
