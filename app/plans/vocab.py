"""The action plan's fixed vocabulary: Annex 1 sections, Annex 2 fields, the lists of field
12, 13 and 14 (OGP Local Handbook), each as (key, English, Ukrainian).

Pure: no Flask, no database. The export writes both languages side by side, so the labels
live here in pairs, in one place; interface strings go through Flask-Babel elsewhere.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    key: str
    en: str
    uk: str

    def text(self, lang: str) -> str:
        return self.uk if lang == "uk" else self.en


def _index(labels: tuple[Label, ...]) -> dict[str, Label]:
    return {label.key: label for label in labels}


# --- Annex 1: the Local Open Government Strategic Vision, sections A-I --------------------
VISION_SECTIONS: tuple[Label, ...] = (
    Label("A", "Date submitted", "Дата подання"),
    Label("B", "Duration", "Тривалість"),
    Label("C", "Foreword", "Передмова"),
    Label("D", "Introduction letter by the head of the jurisdiction", "Вступний лист голови громади"),
    Label("E", "Open government challenges, opportunities and strategic vision",
          "Виклики, можливості та стратегічне бачення відкритого врядування"),
    Label("F", "Engagement and coordination", "Залучення та координація"),
    Label("G", "Monitoring of the action plan", "Моніторинг плану дій"),
    Label("H", "Endorsement from non-governmental stakeholders",
          "Підтримка неурядових зацікавлених сторін"),
    Label("I", "Full open government strategy or other documents",
          "Повна стратегія відкритого врядування чи інші документи"),
)
VISION_ITEMS: tuple[Label, ...] = (
    Label("B.1", "End of term of the current administration", "Кінець повноважень чинної влади"),
    Label("B.2", "End of the action plan period", "Кінець періоду плану дій"),
    Label("E.1", "Long-term vision for open government", "Довгострокове бачення відкритого врядування"),
    Label("E.2", "Achievements in open government so far", "Досягнення відкритого врядування на сьогодні"),
    Label("E.3", "Current challenges and areas to improve", "Поточні виклики та що варто покращити"),
    Label("E.4", "Medium-term open government goals", "Середньострокові цілі відкритого врядування"),
    Label("E.5", "How this plan serves the strategic vision", "Як цей план служить стратегічному баченню"),
    Label("E.6", "How the vision serves the administration's policy goals",
          "Як бачення служить політичним цілям чинної влади"),
    Label("F.1", "Lead institutions for implementing the plan", "Провідні установи, що виконують план"),
    Label("F.2", "Coordination between agencies and departments", "Координація між органами та відділами"),
    Label("F.3", "Spaces for government and civil society to work together",
          "Простори для співпраці влади та громадянського суспільства"),
    Label("F.4", "Measures for diverse representation", "Заходи для різноманітного представництва"),
    Label("F.5", "Who took part in these spaces", "Хто брав участь у цих просторах"),
    Label("F.6", "Number of groups that took part", "Кількість груп, що брали участь"),
    Label("F.7", "Number of co-creation meetings", "Кількість зустрічей для спільного творення"),
    Label("F.8", "How collaboration continues during implementation",
          "Як співпраця триватиме під час виконання"),
    Label("G.1", "Independent Monitoring Body and its contacts",
          "Незалежний орган моніторингу та його контакти"),
    Label("G.2", "Activities to discuss progress with stakeholders",
          "Заходи для обговорення поступу із зацікавленими сторонами"),
    Label("G.3", "Regular check-ins with implementing agencies", "Регулярні звірки з виконавцями"),
    Label("G.4", "How monitoring results reach the public", "Як результати моніторингу стають публічними"),
)
VISION_ITEM = _index(VISION_ITEMS)
VISION_SECTION = _index(VISION_SECTIONS)
# Sections held as an object of sub-items; the others are one text each.
VISION_GROUPS = {"B": ("B.1", "B.2"),
                 "E": tuple(f"E.{n}" for n in range(1, 7)),
                 "F": tuple(f"F.{n}" for n in range(1, 9)),
                 "G": tuple(f"G.{n}" for n in range(1, 5))}
# What a complete vision needs written (A and B come from the plan's dates; D and I are
# uploads "if available").
VISION_REQUIRED = ("C", *VISION_GROUPS["E"], *VISION_GROUPS["F"], *VISION_GROUPS["G"], "H")
VISION_NUMBERS = ("F.6", "F.7")  # counts, not text

# --- Annex 2: the commitment template, fields 1-18 ----------------------------------------
FIELDS: tuple[Label, ...] = (
    Label("1", "Commitment number", "Номер зобов'язання"),
    Label("2", "Commitment title", "Назва зобов'язання"),
    Label("3", "Timeframe", "Строки"),
    Label("4", "Leading implementing government agency", "Головний виконавець з боку влади"),
    Label("5", "Leading implementing non-governmental stakeholder, if applicable",
          "Головний неурядовий виконавець (якщо є)"),
    Label("6", "Other stakeholders involved in the implementation",
          "Інші зацікавлені сторони, залучені до виконання"),
    Label("7", "Problem", "Проблема"),
    Label("8", "Status quo", "Статус-кво"),
    Label("9", "Action", "Дія"),
    Label("10", "How will the commitment contribute to solving the public problem?",
          "Як зобов'язання допоможе розв'язати суспільну проблему?"),
    Label("11", "Long-term goal of the strategic vision this commitment relates to",
          "Довгострокова мета стратегічного бачення, з якою пов'язане зобов'язання"),
    Label("12", "Primary policy area", "Основна сфера політики"),
    Label("13", "Primary sector", "Основний сектор"),
    Label("14", "OGP values this commitment is relevant to", "Цінності OGP, яких стосується зобов'язання"),
    Label("15", "Resources needed", "Потрібні ресурси"),
    Label("16", "Are the resources already secured?", "Чи ресурси вже забезпечено?"),
    Label("17", "Milestones", "Етапи"),
    Label("18", "Additional information", "Додаткова інформація"),
)
FIELD = _index(FIELDS)
# Commitment JSON key -> field number.
FIELD_OF = {"number": "1", "title": "2", "start_date": "3", "end_date": "3", "lead_agency": "4",
            "lead_non_government": "5", "other_stakeholders": "6", "problem": "7",
            "status_quo": "8", "action": "9", "expected_results": "10", "long_term_goal": "11",
            "policy_areas": "12", "sectors": "13", "ogp_values": "14", "resources": "15",
            "resources_secured": "16", "milestones": "17", "additional_info": "18"}
COMMITMENT_TEXTS = ("title", "problem", "status_quo", "action", "expected_results",
                    "long_term_goal", "resources", "additional_info")
REQUIRED_TEXTS = COMMITMENT_TEXTS[:-1]  # field 18 is optional

ROW_COLUMNS: tuple[Label, ...] = (
    Label("organisation", "Name of organisation", "Назва організації"),
    Label("branch", "Branch of government", "Гілка влади"),
    Label("contact", "Name of contact", "Контактна особа"),
    Label("title", "Title", "Посада"),
    Label("email", "Email", "Електронна пошта"),
    Label("role", "Role in implementation", "Роль у виконанні"),
)
MILESTONE_COLUMNS: tuple[Label, ...] = (
    Label("number", "Milestone #", "Етап №"),
    Label("output", "Output", "Результат"),
    Label("start_date", "Start date", "Дата початку"),
    Label("end_date", "End date", "Дата завершення"),
    Label("responsible", "Responsible agency", "Відповідальний орган"),
    Label("contact", "Contact person", "Контактна особа"),
)
TIMEFRAME = (Label("start_date", "Start date", "Дата початку"),
             Label("end_date", "End date", "Дата завершення"))

POLICY_AREAS: tuple[Label, ...] = (
    Label("fiscal_openness", "Fiscal Openness", "Бюджетна відкритість"),
    Label("conflict_of_interest", "Conflict of Interest", "Конфлікт інтересів"),
    Label("asset_disclosure", "Asset Disclosure", "Декларування активів"),
    Label("audits_controls", "Audits & Controls", "Аудит і контроль"),
    Label("whistleblower_protection", "Whistleblower Protection", "Захист викривачів"),
    Label("open_contracting", "Open Contracting", "Відкрите укладання договорів"),
    Label("public_procurement", "Public Procurement", "Публічні закупівлі"),
    Label("beneficial_ownership", "Beneficial Ownership", "Кінцеві бенефіціарні власники"),
    Label("civic_space", "Civic Space", "Громадянський простір"),
    Label("open_data", "Open Data", "Відкриті дані"),
    Label("right_to_information", "Right to Information", "Право на інформацію"),
    Label("elections_political_finance", "Elections & Political Finance",
          "Вибори та фінансування політичної діяльності"),
    Label("lobbying", "Lobbying", "Лобіювання"),
    Label("legislative_openness", "Legislative Openness", "Відкритість законодавчих органів"),
    Label("inclusion", "Inclusion", "Інклюзія"),
    Label("digital_governance", "Digital Governance", "Цифрове врядування"),
    Label("pandemic_response", "Pandemic Response", "Реагування на пандемію"),
    Label("safety_nets", "Safety Nets and Economic Inclusion",
          "Соціальний захист та економічна інклюзія"),
    Label("tax", "Tax", "Податки"),
    Label("stimulus_recovery", "Stimulus and Economic Recovery",
          "Стимулювання та відновлення економіки"),
    Label("regulatory_governance", "Regulatory Governance", "Регуляторна політика"),
    Label("social_accountability", "Social Accountability", "Соціальна підзвітність"),
)
SECTORS: tuple[Label, ...] = (
    Label("private_sector", "Private Sector", "Приватний сектор"),
    Label("media_telecommunications", "Media and Telecommunications", "Медіа та телекомунікації"),
    Label("education", "Education", "Освіта"),
    Label("health_nutrition", "Health & Nutrition", "Охорона здоров'я та харчування"),
    Label("water_sanitation", "Water, Sanitation, and Hygiene",
          "Водопостачання, водовідведення та гігієна"),
    Label("infrastructure_transport", "Infrastructure & Transport", "Інфраструктура та транспорт"),
    Label("extractive_industries", "Extractive Industries", "Видобувні галузі"),
    Label("environment_climate", "Environment & Climate", "Довкілля та клімат"),
    Label("land_spatial_planning", "Land & Spatial Planning",
          "Земельні ресурси та просторове планування"),
    Label("science_technology", "Science & Technology", "Наука і технології"),
    Label("public_services", "Public Services (general)", "Публічні послуги (загалом)"),
    Label("justice", "Justice", "Правосуддя"),
    Label("legislature", "Legislature", "Законодавчі органи"),
    Label("cross_sectoral", "Cross-sectoral", "Міжсекторальний"),
    Label("security_public_safety", "Security and Public Safety", "Безпека та громадський порядок"),
)
OGP_VALUES: tuple[Label, ...] = (
    Label("transparency", "Transparency", "Прозорість"),
    Label("participation", "Public Participation and Inclusion", "Участь громадськості та інклюзія"),
    Label("accountability", "Public Accountability", "Публічна підзвітність"),
    Label("technology_transparency", "Technology/innovation for transparency",
          "Технології та інновації для прозорості"),
    Label("technology_participation", "Technology/innovation for public participation",
          "Технології та інновації для участі громадськості"),
    Label("technology_accountability", "Technology/innovation for accountability",
          "Технології та інновації для підзвітності"),
)
# The first build's four keys, still accepted; "technology" alone keeps its old name.
LEGACY_VALUES = (Label("technology", "Technology and innovation", "Технології та інновації"),)
RESOURCES_SECURED: tuple[Label, ...] = (
    Label("yes", "Yes", "Так"), Label("partly", "Partly", "Частково"), Label("no", "No", "Ні"))

POLICY_AREA = _index(POLICY_AREAS)
SECTOR = _index(SECTORS)
OGP_VALUE = _index(OGP_VALUES + LEGACY_VALUES)
SECURED = _index(RESOURCES_SECURED)


def _folded(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("ʼ", "'").casefold().split())


def lookup(labels: dict[str, Label], value: str) -> Label | None:
    """A list entry by key, English or Ukrainian name (case and spacing ignored)."""
    if value in labels:
        return labels[value]
    wanted = _folded(value)
    for label in labels.values():
        if wanted in (_folded(label.key), _folded(label.en), _folded(label.uk)):
            return label
    # the exercise's older labels: "Transparency / access to information", "Public participation"
    if labels is OGP_VALUE:
        for key in ("transparency", "participation", "accountability", "technology"):
            if wanted.startswith((key[:8], "public " + key[:8])):
                return labels[key]
    return None
