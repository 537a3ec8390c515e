"""The SMART check on the whole Annex 2 template (issue 19, item 6): agency rows, bilingual
fields, the six values of field 14, resources (fields 15-16), the manual's actionable and
realistic criteria, vague texts, deliverables, and commitments modelled on real OGP Local
commitments in English and Ukrainian."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from app.exercises import smart
from app.exercises.smart import SmartInputError, lexicon
from app.i18n import catalogue

TODAY = date(2026, 1, 15)


def check_commitment(commitment: Any, lang: str = "en", today: Any = None) -> dict:
    """The check answering in `lang`, through the app's catalogue (as the routes call it)."""
    return smart.check_commitment(commitment, lang=lang, today=today,
                                  translations=catalogue(lang))


def check_many(items: Any, lang: str = "en", today: Any = None) -> list[dict]:
    return smart.check_many(items, lang=lang, today=today, translations=catalogue(lang))
MET, PARTLY, NOT_MET = "met", "partly", "not_met"

# Modelled on a state's citizen monitoring of capital projects through a mobile app.
PROJECT_MONITORING: dict[str, Any] = {
    "number": 1,
    "title": "Publish every capital project with its budget and let residents report on progress",
    "start_date": "2026-04-01", "end_date": "2027-09-30",
    "lead_agency": {"organisation": "Pryrichna City Council", "branch": "Capital Construction "
                    "Department", "contact": "Olena Koval", "title": "Head of department",
                    "email": "build@example.org", "role": "lead"},
    "lead_non_government": {"organisation": "Open Pryrichna NGO", "contact": "Ivan Bondar",
                            "title": "Chair", "email": "open@example.org", "role": "monitoring"},
    "other_stakeholders": [{"organisation": "Residents' association of Rivne street",
                            "role": "site reports"}, "Local journalists' club"],
    "problem": "Residents learn about road and school repairs only when works stop half done; "
               "nobody outside the council can see the budget or the contractor of a project.",
    "status_quo": "In 2025, 41 capital projects worth UAH 96 million; none published with its "
                  "budget; 17 complaints about unfinished works.",
    "action": "Publish all capital projects, their budgets, contractors and deadlines on an open "
              "map; train residents to report progress with photos through a mobile app; answer "
              "every report within 10 working days.",
    "expected_results": "All 41 projects on the map and updated monthly; at least 200 resident "
                        "reports a year, each answered; fewer unfinished works.",
    "long_term_goal": "Residents trust that public money for construction is well spent.",
    "policy_areas": ["Open contracting"], "sectors": ["Infrastructure"],
    "ogp_values": ["transparency", "technology_participation", "accountability"],
    "resources": "UAH 380,000 from the 2026 city budget for the app; two staff of the department.",
    "resources_secured": "yes",
    "milestones": [
        {"output": "Open map of capital projects published on the city portal",
         "start_date": "2026-04-01", "end_date": "2026-09-30",
         "responsible": "Capital Construction Department", "contact": "build@example.org"},
        {"output": "Mobile app for resident reports launched; 100 residents trained",
         "start_date": "2026-10-01", "end_date": "2027-03-31",
         "responsible": {"organisation": "Open Pryrichna NGO", "role": "training"}},
        {"output": "Annual public report on resident reports and the answers given",
         "start_date": "2027-04-01", "end_date": "2027-09-30",
         "responsible": "Capital Construction Department"},
    ],
    "additional_info": "", "jurisdiction": "UA05020010000052890",
}

# Modelled on a Ukrainian hromada's youth participatory budget.
YOUTH_BUDGET_UK: dict[str, Any] = {
    "title": {"uk": "Запровадити молодіжний бюджет участі з онлайн-голосуванням",
              "en": "Introduce a youth participatory budget with online voting"},
    "start_date": "2026-03-01", "end_date": "2027-06-30",
    "lead_agency": {"organisation": "Прирічна міська рада",
                    "branch": "Відділ у справах молоді та спорту",
                    "contact": "Марина Ткач", "title": "начальниця відділу",
                    "email": "youth@example.org", "role": "головний виконавець"},
    "problem": {"uk": "Молодь 14-35 років майже не бере участі в рішеннях громади: на "
                      "громадські слухання приходять одиниці, а ідеї молоді не мають "
                      "фінансування."},
    "status_quo": {"uk": "У 2025 році лише 3 із 120 учасників громадських слухань були "
                         "молодшими за 35 років; окремого бюджету для ідей молоді немає."},
    "action": {"uk": "Ухвалити положення про молодіжний бюджет участі, щороку приймати "
                     "проєкти молоді, проводити онлайн-голосування на порталі громади та "
                     "оприлюднювати звіт про реалізацію переможців."},
    "expected_results": {"uk": "Щонайменше 20 поданих проєктів і 1000 голосів щороку; "
                               "5 реалізованих проєктів до кінця 2027 року."},
    "long_term_goal": {"uk": "Молодь бере участь в ухваленні рішень громади."},
    "ogp_values": ["participation", "technology_participation", "transparency"],
    "resources": {"uk": "500 тис. грн на рік з бюджету громади; працівники відділу."},
    "resources_secured": "partly",
    "milestones": [
        {"output": {"uk": "Положення про молодіжний бюджет участі ухвалено рішенням ради"},
         "start_date": "2026-03-01", "end_date": "2026-06-30",
         "responsible": "Відділ у справах молоді та спорту"},
        {"output": {"uk": "Перше онлайн-голосування проведено, результати оприлюднено"},
         "start_date": "2026-09-01", "end_date": "2026-11-30",
         "responsible": "Відділ цифрового розвитку"},
        {"output": {"uk": "Звіт про реалізацію проєктів оприлюднено на сайті громади"},
         "start_date": "2027-04-01", "end_date": "2027-06-30",
         "responsible": "Відділ у справах молоді та спорту"},
    ],
}

# Modelled on a county's budget hearings in every ward, as pasted from an action plan.
BUDGET_HEARINGS_EN = """Commitment 3: Hold public budget hearings in every ward
Timeframe: March 2026 to February 2027
Lead agency: Budget and Finance Department; partner: the Ward Development Committees.
Problem: residents are not consulted on the budget and complain that projects do not meet needs.
Currently 2 hearings a year are held in the town centre only.
The department will hold hearings in all 14 wards, publish the minutes and a citizens' budget
on the website, and report back on which proposals were funded, so that residents see how
their proposals shaped the budget.
UAH 120,000 is allocated in the 2026 budget.
Milestones:
- Hearing calendar published on the website — 31.03.2026
- Hearings held in 14 wards, minutes published — 30.09.2026
- Citizens' budget and report on funded proposals published — 28.02.2027
"""

# Modelled on Ukrainian open procurement monitoring commitments.
PROCUREMENT_UK = """Зобов’язання 2. Відкриті дані про публічні закупівлі громади
Строк виконання: з 1 квітня 2026 року по 31 березня 2027 року
Відповідальний виконавець: відділ публічних закупівель Прирічної міської ради; партнер — ГО «Прозорий контроль».
Проблема: мешканці не бачать, у кого громада купує послуги і за якою ціною, тому не довіряють закупівлям.
Наразі лише 30% договорів оприлюднюються з додатками.
Відділ щомісяця оприлюднюватиме набір відкритих даних про всі договори на порталі відкритих даних, а громадська організація щокварталу публікуватиме звіт моніторингу.
Очікуваний результат: 100% договорів оприлюднено, мешканці зможуть самі перевіряти ціни.
Фінансування: 60 тис. грн, передбачено в бюджеті громади на 2026 рік.
Етапи:
1. Перелік полів набору даних затверджено — до 31.05.2026
2. Перший набір даних оприлюднено на порталі — червень 2026
3. Перший звіт моніторингу оприлюднено — IV квартал 2026
"""

VAGUE_EN = "The city will improve transparency and engage citizens more actively."
VAGUE_UK = "Громада підвищить прозорість своєї роботи та активніше залучатиме мешканців."
VAGUE_UK_2 = "Посилити відкритість і підзвітність місцевої влади, сприяти активності громадян."
DATES_NO_DELIVERABLE_EN = ("From 1 March 2026 to 28 February 2027 the Youth Department will "
                           "hold meetings with young people in every village.")
DATES_NO_DELIVERABLE_UK = ("З 01.03.2026 по 28.02.2027 відділ освіти проводитиме зустрічі з "
                           "батьками в кожному старостинському окрузі.")


# Inflected Ukrainian forms that stems written for one form used to miss (see bench_smart).
WORD_FORMS_UK = ("Управління житлової політики проводитиме щотижневі прийоми мешканців і "
                 "звітує про зміни в черзі на житло.")
DECISIONS_UK = ("Виконком до 31.12.2026 ухвалить пакет рішень про тарифи; їх тексти з мапою "
                "підключень розміщуватимуть у Telegram-каналі громади.")


def form(base: dict[str, Any] = PROJECT_MONITORING, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data.update(changes)
    return data


def case(name: str, commitment: dict[str, Any], criteria: dict[str, str],
         rules: dict[str, bool] | None = None, lang: str = "en"):
    return pytest.param(commitment, lang, criteria, rules or {}, id=name)


EVERYTHING = dict.fromkeys(["specific", "measurable", "answerable", "relevant", "time_bound",
                            "verifiable", "actionable", "realistic"], MET)
ALL_RULES = dict.fromkeys(["min_duration_one_year", "milestones_within_dates",
                           "responsible_agency", "ogp_value"], True)

CASES = [
    # real-world models
    case("project-monitoring-en", PROJECT_MONITORING, EVERYTHING, ALL_RULES),
    case("youth-budget-uk", YOUTH_BUDGET_UK, {**EVERYTHING, "realistic": PARTLY}, ALL_RULES,
         lang="uk"),
    case("youth-budget-en-falls-back-to-uk", YOUTH_BUDGET_UK,
         {"specific": MET, "answerable": MET, "realistic": PARTLY}, ALL_RULES),
    case("budget-hearings-text-en", {"text": BUDGET_HEARINGS_EN}, EVERYTHING, ALL_RULES),
    case("procurement-text-uk", {"text": PROCUREMENT_UK}, EVERYTHING, ALL_RULES, lang="uk"),
    # vague: no object, figure or date
    case("vague-en", {"text": VAGUE_EN},
         {"specific": NOT_MET, "verifiable": NOT_MET, "actionable": NOT_MET,
          "realistic": NOT_MET, "relevant": MET}),
    case("vague-uk", {"text": VAGUE_UK},
         {"specific": NOT_MET, "verifiable": NOT_MET, "actionable": NOT_MET}, lang="uk"),
    case("vague-uk-infinitives", {"text": VAGUE_UK_2},
         {"specific": NOT_MET, "verifiable": NOT_MET, "actionable": NOT_MET}, lang="uk"),
    case("vague-action-in-the-form",
         form(title="Transparency and engagement", action=VAGUE_EN,
              expected_results="More trust between the city and its residents."),
         {"specific": NOT_MET}),
    # verifiable needs a deliverable, not only dates or verbs
    case("dates-without-deliverable-en", {"text": DATES_NO_DELIVERABLE_EN},
         {"verifiable": NOT_MET, "time_bound": PARTLY}),
    case("dates-without-deliverable-uk", {"text": DATES_NO_DELIVERABLE_UK},
         {"verifiable": NOT_MET, "time_bound": PARTLY}, lang="uk"),
    case("no-deliverable-in-the-form",
         form(title="Hold meetings with residents", action="Hold meetings with residents of "
              "each district twice a year.", expected_results="Residents meet officials.",
              milestones=[{"output": "Meetings held in five districts", "start_date": "2026-04-01",
                           "end_date": "2027-09-30", "responsible": "Public Relations Office"}]),
         {"verifiable": NOT_MET}),
    # Ukrainian word forms: future and past tenses, locative and genitive plural
    case("word-forms-uk", {"text": WORD_FORMS_UK},
         {"specific": PARTLY, "relevant": MET, "actionable": PARTLY}, {"ogp_value": True},
         lang="uk"),
    case("decisions-genitive-plural-uk", {"text": DECISIONS_UK},
         {"verifiable": MET, "specific": PARTLY}, lang="uk"),
    # agency rows (fields 4-6)
    case("row-with-branch", PROJECT_MONITORING, {"answerable": MET}, {"responsible_agency": True}),
    case("row-without-branch", form(lead_agency={"organisation": "Pryrichna City Council"}),
         {"answerable": PARTLY}, {"responsible_agency": True}),
    case("row-placeholder", form(lead_agency={"organisation": "TBD", "branch": ""}),
         {"answerable": PARTLY}, {"responsible_agency": False}),
    case("row-bilingual", form(lead_agency={"organisation": {"uk": "Прирічна міська рада",
                                                            "en": "Pryrichna City Council"},
                                            "branch": {"uk": "Управління будівництва"}}),
         {"answerable": MET}, {"responsible_agency": True}, lang="uk"),
    # field 14: the six values and the old four
    case("technology-for-transparency", form(ogp_values=["technology_transparency"]),
         {"relevant": MET}, {"ogp_value": True}),
    case("technology-alone", form(ogp_values=["technology"]), {"relevant": PARTLY},
         {"ogp_value": True}),
    case("template-value-labels", form(ogp_values=["Technology/innovation for transparency"]),
         {"relevant": MET}, {"ogp_value": True}),
    # fields 15-16: realistic
    case("resources-partly", form(resources_secured="partly"), {"realistic": PARTLY}),
    case("resources-not-secured", form(resources_secured="no"), {"realistic": PARTLY}),
    case("resources-ukrainian-answer", form(resources_secured="Так"), {"realistic": MET}),
    case("resources-without-amount", form(resources="We will look for it."),
         {"realistic": PARTLY}),
    case("no-resources", form(resources="", resources_secured=None), {"realistic": NOT_MET}),
    case("text-resources-unsecured",
         {"text": BUDGET_HEARINGS_EN.replace("UAH 120,000 is allocated in the 2026 budget.",
                                             "The cost will be met from the budget.")},
         {"realistic": PARTLY}),
    # actionable
    case("one-milestone", form(milestones=PROJECT_MONITORING["milestones"][:1]),
         {"actionable": PARTLY}),
    case("only-intentions", form(title="Strengthen openness", action="Promote openness and "
                                 "support civic activists in the city."),
         {"actionable": PARTLY}),
]


@pytest.mark.parametrize(("commitment", "lang", "criteria", "rules"), CASES)
def test_verdicts_and_rules(commitment: dict, lang: str, criteria: dict[str, str],
                            rules: dict[str, bool]) -> None:
    result = check_commitment(commitment, lang=lang, today=TODAY)
    got_criteria = {name: result["criteria"][name]["verdict"] for name in criteria}
    got_rules = {r["rule"]: r["ok"] for r in result["rules"] if r["rule"] in rules}
    assert (got_criteria, got_rules) == (criteria, rules), result


def test_the_real_cases_score_full_marks() -> None:
    assert check_commitment(PROJECT_MONITORING, today=TODAY)["score"] == 100
    assert check_commitment({"text": BUDGET_HEARINGS_EN}, today=TODAY)["score"] == 100


def test_the_agency_row_is_shown_with_its_unit_contact_and_partners() -> None:
    evidence = check_commitment(PROJECT_MONITORING, today=TODAY)["criteria"]["answerable"]
    text = " ".join(evidence["evidence"])
    assert "Lead agency: Capital Construction Department, Pryrichna City Council" in text
    assert "Contact person: Olena Koval, Head of department, build@example.org" in text
    assert "Open Pryrichna NGO (monitoring)" in text and "Local journalists' club" in text


def test_bilingual_fields_are_read_in_the_language_asked() -> None:
    uk = check_commitment(YOUTH_BUDGET_UK, lang="uk", today=TODAY)["criteria"]["specific"]
    en = check_commitment(YOUTH_BUDGET_UK, lang="en", today=TODAY)["criteria"]["specific"]
    assert "Запровадити молодіжний бюджет участі" in uk["evidence"][0]
    assert "Introduce a youth participatory budget" in en["evidence"][0]


def test_vague_text_says_what_is_missing() -> None:
    result = check_commitment({"text": VAGUE_EN}, today=TODAY)
    specific = result["criteria"]["specific"]
    assert "No object, figure or date" in " ".join(specific["evidence"])
    assert "register, a portal, a decision" in specific["advice"]
    verifiable = result["criteria"]["verifiable"]
    assert "No deliverable residents could check" in " ".join(verifiable["evidence"])


def test_deliverables_are_named_as_evidence() -> None:
    result = check_commitment({"text": PROCUREMENT_UK}, lang="uk", today=TODAY)
    evidence = " ".join(result["criteria"]["verifiable"]["evidence"])
    assert "Результати, які мешканці можуть перевірити: «відкриті дані»" in evidence


def test_realistic_names_the_resources_and_whether_secured() -> None:
    criterion = check_commitment(form(resources_secured="partly"), today=TODAY)["criteria"][
        "realistic"]
    assert criterion["evidence"][0].startswith("Resources (field 15): UAH 380,000")
    assert criterion["evidence"][1] == "Resources secured (field 16): partly"
    assert "Say where the missing money or people will come from" in criterion["advice"]


@pytest.mark.parametrize(("bad", "field"), [
    ({"lead_agency": 5}, "'lead_agency'"),
    ({"lead_agency": {"organisation": ["x"]}}, "'lead_agency.organisation'"),
    ({"lead_non_government": {"email": 3}}, "'lead_non_government.email'"),
    ({"other_stakeholders": "everyone"}, "'other_stakeholders'"),
    ({"other_stakeholders": [{"role": 1}]}, "'other_stakeholders[0].role'"),
    ({"resources_secured": "maybe"}, "'resources_secured'"),
    ({"ogp_values": ["technology_happiness"]}, "'ogp_values': unknown value 'technology_happiness'"),
    ({"resources_secured": 1}, "'resources_secured'"),
    ({"title": {"en": 1}}, "'title.en'"),
    ({"milestones": [{"output": "x", "responsible": 3}]}, "'milestones[0].responsible'"),
    ({"milestones": [{"output": "x", "contact": ["a"]}]}, "'milestones[0].contact'"),
])
def test_wrong_types_name_the_field(bad: dict, field: str) -> None:
    with pytest.raises(SmartInputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        check_commitment(bad, today=TODAY)


def test_a_batch_answers_each_item() -> None:
    results = check_many([PROJECT_MONITORING, {"resources_secured": "maybe"}, {"text": VAGUE_EN}],
                         today=TODAY)
    assert results[0]["score"] == 100
    assert results[1] == {"index": 1, "error": "invalid",
                          "message": "'resources_secured' must be yes, partly or no"}
    assert results[2]["criteria"]["specific"]["verdict"] == NOT_MET


@pytest.mark.parametrize(("word", "lexicon_name"), [
    ("провів", "ACTION"), ("провели", "ACTION"), ("проводитиме", "ACTION"),
    ("проводять", "ACTION"), ("запущено", "ACTION"), ("розміщено", "ACTION"),
    ("рішень", "DELIVERABLE"), ("розпоряджень", "DELIVERABLE"), ("картою", "DELIVERABLE"),
    ("мап", "DELIVERABLE"), ("черзі", "OBJECT"), ("чергою", "OBJECT"), ("порядком", "OBJECT"),
    ("сторінці", "OBJECT"), ("послузі", "OBJECT"), ("гривню", "RESOURCE"),
])
def test_ukrainian_word_forms_are_found(word: str, lexicon_name: str) -> None:
    assert getattr(lexicon, lexicon_name).match(word), word


@pytest.mark.parametrize(("word", "lexicon_name"), [
    ("картка", "OBJECT"), ("черговий", "OBJECT"), ("поряд", "OBJECT"), ("звіту", "accountability"),
])
def test_near_words_are_not_taken_for_them(word: str, lexicon_name: str) -> None:
    pattern = getattr(lexicon, lexicon_name, None) or lexicon.VALUE_PATTERNS[lexicon_name]
    assert not pattern.match(word), word


def test_the_manual_criteria_come_after_the_handbook_ones() -> None:
    result = check_commitment(PROJECT_MONITORING, today=TODAY)
    assert list(result["criteria"]) == ["specific", "measurable", "answerable", "relevant",
                                        "time_bound", "verifiable", "actionable", "realistic"]


def test_without_translations_the_check_answers_in_english() -> None:
    result = smart.check_commitment(YOUTH_BUDGET_UK, lang="uk", today=TODAY)
    assert result["criteria"]["realistic"]["evidence"][1] == \
        "Resources secured (field 16): partly"  # the English msgid
    assert "Запровадити молодіжний бюджет участі" in result["criteria"]["specific"]["evidence"][0]


def test_criterion_labels_are_translated() -> None:
    assert smart.criterion_label("time_bound") == "Time-bound"
    assert smart.criterion_label("time_bound", catalogue("uk")) == "Визначеність у часі"
    assert smart.criterion_label("realistic", catalogue("uk")) == "Реалістичність"


def test_the_package_is_pure() -> None:
    import ast
    from pathlib import Path

    folder = Path(smart.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("flask", "flask_babel", "sqlalchemy"), path
                assert name != "app.db" and not name.startswith("app.i18n"), path
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path
