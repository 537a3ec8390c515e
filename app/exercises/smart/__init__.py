"""SMART check of one OGP Local commitment: pure, bilingual, heuristic.

Input is either the structured commitment of the OGP Local template (Handbook, Annex 2;
the field ids of exercises/commitment-template.md) or ``{"text": "..."}``, a commitment
pasted from an existing action plan in English or Ukrainian. Output (see DESIGN.md):

    {"criteria": {name: {"verdict": "met"|"partly"|"not_met", "evidence": [...],
                         "advice": "..."}},            # advice is "" when nothing to change
     "rules": [{"rule": ..., "ok": bool, "message": "..."}],
     "score": 0-100}

Score: a weighted sum. Each of the six criteria weighs 12 points (met 1, partly 0.5,
not met 0) and each of the four OGP Local rules 7 points (ok 1, else 0):
6 * 12 + 4 * 7 = 100. Criteria weigh more because they describe the quality of the whole
commitment; the rules are yes/no minimums.

Pasted text is read with keyword and regular-expression heuristics: Ukrainian words are
matched by stems ("прозор" for прозорість, прозорості, прозорий), apostrophes ' ’ ʼ are
treated alike, and dates are read in ISO, DD.MM.YYYY, month-name, quarter, half-year and
year forms. A heuristic can be fooled; the advice is a starting point for a trainer's
review, not a grade.

Pure: no Flask, SQLAlchemy or I/O. Criteria and rules are registries of check functions
(CRITERIA, RULES) so that a check can be added or replaced in one place.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

MAX_TEXT = 20_000  # characters in "text" or in any one field
MAX_MILESTONES = 100
MAX_ITEMS = 500  # commitments in one check_many call
CRITERION_WEIGHT = 12
RULE_WEIGHT = 7
VALUE_KEYS = ("transparency", "participation", "accountability", "technology")
VERDICT_POINTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}

# Template fields read as text; every other key of a structured commitment is ignored.
TEXT_FIELDS = ("title", "problem", "status_quo", "action", "expected_results",
               "long_term_goal", "lead_agency", "resources")


class SmartInputError(ValueError):
    """Input that is neither a structured commitment nor {"text": ...}, or of wrong types."""


# --- messages -------------------------------------------------------------------------------------

VALUE_NAMES = {
    "transparency": ("transparency / access to information", "прозорість / доступ до інформації"),
    "participation": ("public participation", "участь громадськості"),
    "accountability": ("public accountability", "публічна підзвітність"),
    "technology": ("technology and innovation", "технології та інновації"),
}

FIELD_NAMES = {
    "title": ("Title (field 2)", "Назва (поле 2)"),
    "start_date": ("Start date (field 3)", "Дата початку (поле 3)"),
    "end_date": ("End date (field 3)", "Дата завершення (поле 3)"),
    "lead_agency": ("Lead agency (field 4)", "Головний виконавець (поле 4)"),
    "problem": ("Problem (field 7)", "Проблема (поле 7)"),
    "status_quo": ("Status quo (field 8)", "Статус-кво (поле 8)"),
    "action": ("Action (field 9)", "Дія (поле 9)"),
    "expected_results": ("Expected results (field 10)", "Очікувані результати (поле 10)"),
}

# key -> (English, Ukrainian); str.format fields are filled by _t.
MESSAGES: dict[str, tuple[str, str]] = {
    # shared pieces
    "milestone": ("Milestone {n} '{title}'", "Етап {n} «{title}»"),
    "no_output": ("(no output described)", "(без опису результату)"),
    "start": ("start date", "дати початку"),
    "end": ("end date", "дати завершення"),
    "dates": ("dates", "дат"),
    "add_milestones": (
        ("Add three to six milestones (field 17), each an output with dates and a responsible "
         "agency."),
        ("Додайте три-шість етапів (поле 17): кожен — результат із датами та відповідальним "
         "виконавцем."),
    ),
    "no_milestones": ("No milestones", "Етапів немає"),
    # specific
    "title_action": ("Title names an action: '{title}'", "Назва описує дію: «{title}»"),
    "title_theme": (
        "Title '{title}' names a theme, not an action",
        "Назва «{title}» описує тему, а не дію",
    ),
    "field_ok": ("{field}: described ({words})", "{field}: описано ({words})"),
    "field_short": ("{field}: very short ({words})", "{field}: дуже коротко ({words})"),
    "field_empty": ("{field}: empty", "{field}: не заповнено"),
    "problem_tool": (
        "The problem describes a missing tool rather than a harm to people",
        "Проблему описано як брак інструмента, а не як шкоду для людей",
    ),
    "adv_title_missing": (
        "Give the commitment a title (field 2) that names the action.",
        "Дайте зобов’язанню назву (поле 2), яка називає дію.",
    ),
    "adv_title_theme": (
        "Start the title with what will be done, e.g. 'Publish …', 'Create …', 'Adopt …'.",
        ("Почніть назву з того, що буде зроблено, наприклад «Оприлюднити …», «Створити …», "
         "«Ухвалити …»."),
    ),
    "adv_problem": (
        ("Describe the problem (field 7) in a few sentences: who is harmed, how, and why it "
         "matters."),
        ("Опишіть проблему (поле 7) кількома реченнями: кому вона шкодить, як саме і чому це "
         "важливо."),
    ),
    "adv_problem_tool": (
        "Describe the harm to residents in the problem (field 7); the tool belongs in the action.",
        "У проблемі (поле 7) опишіть шкоду для мешканців, а інструмент залиште для опису дії.",
    ),
    "adv_action": (
        "Describe what will be done (field 9): the main activities and the overall objective.",
        "Опишіть, що саме буде зроблено (поле 9): основні заходи і загальну мету.",
    ),
    "adv_results": (
        "Say what will be produced and what will change for residents (field 10).",
        "Напишіть, що буде створено і що зміниться для мешканців (поле 10).",
    ),
    "text_action": ("Action words: {items}", "Слова дії: {items}"),
    "text_problem": ("Problem described: {items}", "Описано проблему: {items}"),
    "text_results": (
        "Expected results described: {items}",
        "Описано очікувані результати: {items}",
    ),
    "text_no_action": (
        "No action verb found (publish, create, adopt …)",
        "Не знайдено дієслова дії (оприлюднити, створити, ухвалити …)",
    ),
    "text_no_problem": ("No problem statement found", "Не знайдено опису проблеми"),
    "text_no_results": ("No expected results found", "Не знайдено очікуваних результатів"),
    "text_length": ("Length: {words}", "Обсяг: {words}"),
    "adv_text_action": (
        "Say plainly what will be done, starting with a verb: publish, create, adopt, launch.",
        ("Прямо напишіть, що буде зроблено, починаючи з дієслова: оприлюднити, створити, "
         "ухвалити, запустити."),
    ),
    "adv_text_problem": (
        "Name the problem the commitment solves and who suffers from it.",
        "Назвіть проблему, яку розв’язує зобов’язання, і кого вона зачіпає.",
    ),
    "adv_text_results": (
        "Add the expected results: what will change for residents.",
        "Додайте очікувані результати: що зміниться для мешканців.",
    ),
    # measurable
    "baseline": (
        "Baseline with figures in the status quo: {items}",
        "Базовий рівень із цифрами в статус-кво: {items}",
    ),
    "baseline_nofig": ("The status quo has no figures", "У статус-кво немає цифр"),
    "target": ("Countable result: {items}", "Результат, який можна виміряти: {items}"),
    "no_target": (
        "No figure, target or frequency in the action, results or milestones",
        "У дії, результатах чи етапах немає цифр, цільових показників чи частоти",
    ),
    "adv_baseline": (
        ("Add figures to the status quo (field 8), e.g. how many requests, complaints or days it "
         "takes today: that is the baseline."),
        ("Додайте цифри до статус-кво (поле 8), наприклад скільки сьогодні звернень, скарг чи "
         "днів очікування: це базовий рівень."),
    ),
    "adv_target": (
        ("Give the results a number or a frequency you can count, e.g. 'all 40 contracts "
         "published', 'updated monthly', 'complaints down by a third'."),
        ("Дайте результатам число або частоту, які можна перевірити, наприклад «усі 40 договорів "
         "оприлюднено», «оновлюється щомісяця», «скарг на третину менше»."),
    ),
    "text_numbers": ("Figures: {items}", "Цифри: {items}"),
    "text_no_numbers": ("No figures besides dates", "Крім дат, цифр немає"),
    "text_baseline": ("Baseline words: {items}", "Вказано поточний стан: {items}"),
    "text_target": ("Targets or frequencies: {items}", "Цілі чи частота: {items}"),
    "adv_text_measure": (
        "Add today's figure (the baseline) and the figure or frequency you expect at the end.",
        "Додайте сьогоднішню цифру (базовий рівень) і цифру або частоту, яку очікуєте наприкінці.",
    ),
    # answerable
    "lead": ("Lead agency: {lead}", "Головний виконавець: {lead}"),
    "lead_generic": (
        "Lead agency '{lead}' is the whole council or executive, not the unit that does the work",
        ("Головний виконавець «{lead}» — уся рада чи виконавчий орган, а не підрозділ, який "
         "виконуватиме роботу"),
    ),
    "lead_missing": ("No lead agency", "Головного виконавця не вказано"),
    "resp_all": (
        "Every milestone names a responsible agency: {items}",
        "Для кожного етапу вказано відповідального: {items}",
    ),
    "resp_missing": ("{ms} has no responsible agency", "{ms}: не вказано відповідального"),
    "adv_lead_missing": (
        ("Name the lead implementing agency (field 4): the department or body that will deliver "
         "the commitment."),
        "Вкажіть головного виконавця (поле 4): відділ чи орган, який виконуватиме зобов’язання.",
    ),
    "adv_lead_generic": (
        ("Name the unit that will do the work instead of '{lead}', e.g. a department of the "
         "executive committee."),
        ("Замість «{lead}» вкажіть підрозділ, який виконуватиме роботу, наприклад відділ або "
         "управління виконавчого комітету."),
    ),
    "adv_resp": (
        "{ms} has no responsible agency; name who delivers it.",
        "{ms}: не вказано відповідального; напишіть, хто його виконує.",
    ),
    "text_bodies": ("Bodies named: {items}", "Названо органи: {items}"),
    "text_generic_only": (
        "Only the council or executive as a whole is named",
        "Названо лише раду чи виконавчий орган загалом",
    ),
    "text_no_bodies": (
        "No department, office or council named",
        "Не названо жодного відділу, управління чи ради",
    ),
    "text_resp_word": ("Responsibility stated: {items}", "Зазначено відповідальність: {items}"),
    "adv_text_bodies": (
        "Name the department that leads the work and the partners with their roles.",
        "Назвіть відділ, який відповідає за роботу, і партнерів з їхніми ролями.",
    ),
    "adv_text_resp": (
        "Say which department is responsible and who its partners are.",
        "Напишіть, який відділ відповідальний і хто його партнери.",
    ),
    # relevant
    "values_ticked": ("OGP values ticked: {items}", "Позначені цінності OGP: {items}"),
    "values_text": ("The text speaks to: {items}", "Текст стосується: {items}"),
    "values_none": ("No OGP value ticked", "Жодної цінності OGP не позначено"),
    "values_none_text": ("No OGP value found in the text", "У тексті не знайдено цінностей OGP"),
    "tech_only": (
        "Only technology and innovation, which counts when it serves another value",
        "Лише технології та інновації, а вони зараховуються, коли служать іншій цінності",
    ),
    "value_unsupported": (
        "'{value}' is ticked, but the title, action, results and milestones do not show it",
        "Позначено «{value}», але назва, дія, результати й етапи цього не показують",
    ),
    "adv_tick": (
        "Tick the OGP values the commitment advances (field 14); the text suggests: {items}.",
        "Позначте цінності OGP, яким служить зобов’язання (поле 14); текст вказує на: {items}.",
    ),
    "adv_values": (
        ("Show how the commitment opens government: what will be published (transparency), how "
         "residents take part (participation), or how officials answer for results "
         "(accountability)."),
        ("Покажіть, як зобов’язання відкриває владу: що буде оприлюднено (прозорість), як "
         "мешканці братимуть участь (участь) або як посадовці звітуватимуть за результати "
         "(підзвітність)."),
    ),
    "adv_tech_only": (
        ("Technology and innovation counts only when it serves transparency, participation or "
         "accountability: say which one."),
        ("Технології та інновації зараховуються, лише коли служать прозорості, участі чи "
         "підзвітності: напишіть, чому саме."),
    ),
    "adv_unsupported": (
        "Explain in the action or results how the commitment advances {items}, or untick it.",
        ("Поясніть у дії чи результатах, як зобов’язання сприяє цінності «{items}», або зніміть "
         "позначку."),
    ),
    "adv_goal": (
        "Link the commitment to a goal of your strategic vision (field 11).",
        "Пов’яжіть зобов’язання з метою вашого стратегічного бачення (поле 11).",
    ),
    # time-bound
    "timeframe": ("Timeframe: {start} to {end}", "Строки: з {start} до {end}"),
    "date_bad": (
        "{field}: '{value}' is not a date in YYYY-MM-DD form",
        "{field}: «{value}» — не дата у форматі РРРР-ММ-ДД",
    ),
    "date_missing": ("{field}: missing", "{field}: не вказано"),
    "reversed": (
        "The end date {end} is before the start date {start}",
        "Дата завершення {end} раніша за дату початку {start}",
    ),
    "ms_dated": (
        "All milestones have start and end dates ({n})",
        "Усі етапи мають дати початку й завершення ({n})",
    ),
    "ms_undated": ("{ms} has no {which}", "{ms}: немає {which}"),
    "ms_reversed": (
        "{ms} ends ({end}) before it starts ({start})",
        "{ms} завершується ({end}) раніше, ніж починається ({start})",
    ),
    "ms_bad_date": (
        "{ms}: '{value}' is not a date in YYYY-MM-DD form",
        "{ms}: «{value}» — не дата у форматі РРРР-ММ-ДД",
    ),
    "past": (
        "The end date {end} has already passed (today is {today})",
        "Дата завершення {end} уже минула (сьогодні {today})",
    ),
    "adv_dates": (
        "Set a start and an end date (field 3) as YYYY-MM-DD.",
        "Вкажіть дату початку й дату завершення (поле 3) у форматі РРРР-ММ-ДД.",
    ),
    "adv_reversed": (
        "Swap or correct the dates: the end must come after the start.",
        "Виправте дати: завершення має бути пізніше за початок.",
    ),
    "adv_ms_dates": (
        "{ms}: give it a start and an end date.",
        "{ms}: вкажіть дати початку й завершення.",
    ),
    "adv_past": (
        "Move the dates into the coming action plan period.",
        "Перенесіть дати в період майбутнього плану дій.",
    ),
    "text_period": ("Period: {start} to {end}", "Період: з {start} до {end}"),
    "text_deadline": ("Deadline only: {end}", "Лише кінцевий строк: {end}"),
    "text_duration": ("Stated duration: {dur}", "Зазначена тривалість: {dur}"),
    "text_no_dates": ("No dates found", "Дат не знайдено"),
    "text_ms_dated": ("Dated milestones: {n}", "Етапів із датами: {n}"),
    "text_points": ("Dates mentioned: {items}", "Згадані дати: {items}"),
    "text_bad_date": ("'{value}' is not a valid date", "«{value}» — неіснуюча дата"),
    "adv_text_period": (
        "State the start and end dates of the commitment (day, month, year).",
        "Вкажіть дати початку й завершення зобов’язання (день, місяць, рік).",
    ),
    "adv_text_ms": (
        "List the milestones one per line, each with its own date.",
        "Перелічіть етапи, кожен з нового рядка і з власною датою.",
    ),
    # verifiable
    "channel": (
        "Residents can check it through: {items}",
        "Мешканці зможуть перевірити це через: {items}",
    ),
    "no_channel": (
        "Nothing says where residents or the Monitoring Body can see the results",
        "Не сказано, де мешканці чи орган моніторингу побачать результати",
    ),
    "checkable": (
        "Milestones that are checkable outputs: {k} of {n}",
        "Етапів, які є перевірюваними результатами: {k} з {n}",
    ),
    "vague": (
        "{ms} describes an activity ('{word}'), not an output",
        "{ms} описує діяльність («{word}»), а не результат",
    ),
    "ms_empty": ("{ms} does not describe an output", "{ms}: результат не описано"),
    "adv_channel": (
        ("Say where the results will be published (website, open data portal, public report) so "
         "that residents and the Monitoring Body can check them."),
        ("Напишіть, де буде оприлюднено результати (сайт, портал відкритих даних, публічний "
         "звіт), щоб мешканці й орган моніторингу могли їх перевірити."),
    ),
    "adv_vague": (
        ("{ms}: rewrite it as an output someone can check, e.g. 'decision adopted', 'data "
         "published', 'report presented'."),
        ("{ms}: переформулюйте як результат, який можна перевірити, наприклад «рішення ухвалено», "
         "«дані оприлюднено», «звіт представлено»."),
    ),
    "text_outputs": ("Checkable outputs: {items}", "Перевірювані результати: {items}"),
    "text_no_outputs": (
        "No checkable output (decision, report, publication …)",
        "Немає перевірюваного результату (рішення, звіт, публікація …)",
    ),
    "text_vague": (
        "Activity words without an output: {items}",
        "Слова діяльності без результату: {items}",
    ),
    "adv_text_outputs": (
        "Name outputs someone can check: a decision adopted, data published, a report presented.",
        ("Назвіть результати, які можна перевірити: ухвалене рішення, оприлюднені дані, "
         "представлений звіт."),
    ),
    # rules
    "dur_ok": (
        "The commitment lasts {dur} ({start} to {end}): at least one year, as OGP Local asks.",
        "Зобов’язання триває {dur} (з {start} до {end}): щонайменше рік, як вимагає OGP Local.",
    ),
    "dur_short": (
        "The commitment lasts {dur}; OGP Local asks for at least one year.",
        "Зобов’язання триває {dur}; OGP Local вимагає щонайменше один рік.",
    ),
    "dur_reversed": (
        "The end date {end} is before the start date {start}.",
        "Дата завершення {end} раніша за дату початку {start}.",
    ),
    "dur_missing": (
        ("Missing or not a date: {items}. Start and end dates are needed to check the one-year "
         "minimum."),
        ("Не вказано або вказано не дату: {items}. Щоб перевірити мінімальну тривалість в один "
         "рік, потрібні дати початку й завершення."),
    ),
    "dur_missing_text": (
        "No start and end dates found in the text; they are needed to check the one-year minimum.",
        ("У тексті не знайдено дат початку й завершення; вони потрібні, щоб перевірити мінімальну "
         "тривалість в один рік."),
    ),
    "dur_stated_ok": (
        "The text states a duration of {dur}: at least one year; add exact dates.",
        "У тексті зазначено тривалість {dur}: щонайменше рік; додайте точні дати.",
    ),
    "ms_ok": (
        "All {n} milestones fall within {start} to {end}.",
        "Усі етапи ({n}) вкладаються в строки з {start} до {end}.",
    ),
    "ms_none": (
        "No milestones with dates; add milestones inside the commitment's dates.",
        "Немає етапів із датами; додайте етапи в межах строків зобов’язання.",
    ),
    "ms_need_dates": (
        "The commitment's own start and end dates are needed to check its milestones.",
        "Щоб перевірити етапи, потрібні власні дати початку й завершення зобов’язання.",
    ),
    "ms_before": (
        "{ms} starts on {day}, before the commitment starts ({start}).",
        "{ms} починається {day}, раніше за початок зобов’язання ({start}).",
    ),
    "ms_after": (
        "{ms} ends on {day}, after the commitment ends ({end}).",
        "{ms} завершується {day}, пізніше за кінець зобов’язання ({end}).",
    ),
    "ms_no_date": ("{ms} has no {which}.", "{ms}: немає {which}."),
    "resp_ok": (
        "Lead agency: {lead}; every milestone names who is responsible.",
        "Головний виконавець: {lead}; для кожного етапу вказано відповідального.",
    ),
    "resp_lead_missing": (
        "No lead implementing agency is named (field 4).",
        "Не вказано головного виконавця (поле 4).",
    ),
    "resp_no_ms": (
        "Lead agency: {lead}; there are no milestones to name a responsible agency for.",
        "Головний виконавець: {lead}; етапів, для яких можна вказати відповідального, немає.",
    ),
    "resp_text_ok": ("Responsible body found: {items}.", "Знайдено відповідальний орган: {items}."),
    "resp_text_missing": (
        "No responsible department, office or council is named.",
        "Не названо відповідального відділу, управління чи ради.",
    ),
    "val_ok": ("OGP values: {items}.", "Цінності OGP: {items}."),
    "val_missing": (
        "No OGP value is ticked (field 14).",
        "Не позначено жодної цінності OGP (поле 14).",
    ),
    "val_missing_text": (
        ("No OGP value (transparency, participation, accountability, technology and innovation) "
         "found in the text."),
        ("У тексті не знайдено жодної цінності OGP (прозорість, участь, підзвітність, технології "
         "та інновації)."),
    ),
}


def _t(lang: str, key: str, **params: Any) -> str:
    english, ukrainian = MESSAGES[key]
    return (ukrainian if lang == "uk" else english).format(**params)


def _pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[1] if lang == "uk" else pair[0]


def _plural_uk(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _count(lang: str, n: int, unit: str) -> str:
    """'6 months' / '6 місяців'; unit is month, day or word."""
    forms = {"month": ("month", "months", "місяць", "місяці", "місяців"),
             "day": ("day", "days", "день", "дні", "днів"),
             "word": ("word", "words", "слово", "слова", "слів")}[unit]
    if lang == "uk":
        return f"{n} {_plural_uk(n, *forms[2:])}"
    return f"{n} {forms[0] if n == 1 else forms[1]}"


def _items(values: Iterable[str]) -> str:
    return ", ".join(values)


def _quoted(values: Iterable[str], lang: str) -> str:
    return _items((f"«{v}»" if lang == "uk" else f"'{v}'") for v in values)


def _value_names(keys: Iterable[str], lang: str) -> str:
    return _items(_pick(lang, VALUE_NAMES[k]) for k in VALUE_KEYS if k in set(keys))


# --- lexicon (English and Ukrainian stems) --------------------------------------------------------

def _rx(*alternatives: str) -> re.Pattern[str]:
    # (?<!\w) instead of \b so that a stem is matched at a word start only; \w covers Cyrillic.
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


VALUE_PATTERNS = {
    "transparency": _rx(
        r"transparen\w*", r"access to (?:public )?information", r"right to information",
        r"open data", r"publish\w*", r"disclos\w*", r"прозор\w*",
        r"доступ\w* до (?:публічної )?інформац\w*", r"відкрит\w* дан\w*", r"оприлюдн\w*",
        r"опублік\w*", r"публікац\w*", r"розкрит\w*"),
    "participation": _rx(
        r"participat\w*", r"consult\w*", r"co-?creat\w*", r"engag\w*", r"inclusi\w*",
        r"public hearing\w*", r"petition\w*", r"survey\w*", r"участ\w*", r"залуч\w*",
        r"консультац\w*", r"обговорен\w*", r"слухан\w*", r"співтвор\w*", r"партиципат\w*",
        r"інклюзи\w*", r"петиці\w*", r"опитуван\w*", r"громадськ\w* бюджет\w*"),
    "accountability": _rx(
        r"accountab\w*", r"monitor\w*", r"oversight", r"audit\w*", r"redress", r"grievance\w*",
        r"report\w* back", r"answerab\w*", r"підзвітн\w*", r"моніторинг\w*", r"контрол\w*",
        r"аудит\w*", r"звітув\w*", r"нагляд\w*"),
    "technology": _rx(
        r"technolog\w*", r"innovat\w*", r"digit\w*", r"online", r"electronic\w*",
        r"platform\w*", r"portal\w*", r"web ?site\w*", r"mobile app\w*", r"chat-?bot\w*",
        r"e-(?:service|government|petition|democracy|procurement|governance)\w*", r"prozorro",
        r"dream", r"технолог\w*", r"інновац\w*", r"цифров\w*", r"онлайн\w*", r"електронн\w*",
        r"платформ\w*", r"портал\w*", r"(?:веб-?)?сайт\w*", r"застосун\w*", r"чат-?бот\w*",
        r"прозорро"),
}

ACTION = _rx(
    r"publish\w*", r"creat\w*", r"launch\w*", r"develop(?!ment)\w*", r"adopt\w*", r"establish\w*",
    r"introduc\w*", r"hold\w*", r"held", r"conduct\w*", r"train\w*", r"install\w*",
    r"open(?:s|ed|ing)?(?!\w|\s+(?:data|government|budget|contracting))", r"set(?:s|ting)? up",
    r"digiti[sz]\w*", r"approv\w*", r"implement\w*", r"build\w*", r"built",
    r"map(?:s|ped)?(?!\w)",
    r"organi[sz]e\w*", r"design\w*", r"draft\w*", r"prepar\w*", r"releas\w*", r"updat\w*",
    r"integrat\w*", r"revis\w*", r"provid\w*",
    r"оприлюдн\w*", r"опублік\w*", r"публіку\w*", r"створ\w*", r"запус\w*", r"запуст\w*",
    r"розроб\w*", r"ухвал\w*", r"затверд\w*", r"запровад\w*", r"впровад\w*", r"провед\w*",
    r"провест\w*", r"навч\w*", r"встанов\w*", r"сформ\w*", r"підготу\w*", r"підготов\w*",
    r"онов\w*", r"інтегр\w*", r"розмі[сщ]т\w*", r"забезпеч\w*", r"модерніз\w*", r"оцифр\w*",
    r"організу\w*", r"відкри(?!т(?:і|их|им|ими|ий|а|ої|у|е|ого|ому)(?!\w))\w*")

OUTPUT_NOUNS = _rx(
    r"decision\w*", r"report\w*", r"regist(?:er|ry)\w*", r"dataset\w*", r"minutes", r"criteria",
    r"regulation\w*", r"procedure\w*", r"policy", r"polic(?:ies)", r"map\b", r"portal\w*",
    r"platform\w*", r"available", r"рішенн\w*", r"звіт\w*", r"реєстр\w*", r"набор\w* даних",
    r"набір\w* даних", r"протокол\w*", r"критері\w*", r"положенн\w*", r"порядок\w*",
    r"порядку", r"регламент\w*", r"карт[аиуі](?!\w)", r"платформ\w*", r"портал\w*")

VAGUE = _rx(
    r"work(?:ing)? (?:on|towards)", r"support\w*", r"promot\w*", r"improv\w*", r"strengthen\w*",
    r"enhanc\w*", r"foster\w*", r"encourag\w*", r"facilitat\w*", r"rais\w* awareness",
    r"contribut\w*", r"continu\w*", r"сприя\w*", r"підтрим\w*", r"покращ\w*", r"поліпш\w*",
    r"посил\w*", r"популяриз\w*", r"вдосконал\w*", r"працю\w* над", r"розвит\w*", r"розвива\w*",
    r"активіз\w*", r"продовж\w*")

CHANNEL = _rx(
    r"publish\w*", r"web ?site\w*", r"portal\w*", r"open data", r"online",
    r"public(?:ly)? report\w*",
    r"report\w* publicly", r"dashboard\w*", r"dream", r"prozorro", r"public (?:meeting|hearing)\w*",
    r"town hall\w*", r"social media", r"facebook", r"telegram", r"notice board\w*",
    r"оприлюдн\w*", r"опублік\w*", r"(?:веб-?)?сайт\w*", r"портал\w*", r"відкрит\w* дан\w*",
    r"онлайн\w*", r"звіт\w*", r"дашборд\w*", r"прозорро", r"публічн\w* (?:звіт|обговорен|слухан|"
    r"зустріч)\w*", r"громадськ\w* слухан\w*", r"соцмереж\w*", r"соціальн\w* мереж\w*",
    r"фейсбук\w*", r"телеграм\w*", r"дошк\w* оголошень")

PROBLEM = _rx(
    r"problem\w*", r"lack\w*", r"do(?:es)? not", r"don't", r"cannot", r"can't", r"unable",
    r"difficult\w*", r"distrust\w*", r"complain\w*", r"unclear", r"insufficient\w*",
    r"no access", r"barrier\w*", r"проблем\w*", r"відсутн\w*", r"не мають", r"не знають",
    r"не можуть", r"не має", r"недостатн\w*", r"складн\w*", r"недовір\w*", r"скарг\w*",
    r"немає", r"бракує", r"непрозор\w*", r"бар'єр\w*", r"низьк\w*")

RESULT = _rx(
    r"result\w*", r"outcome\w*", r"so that", r"will (?:allow|enable|reduce|increase|help|"
    r"improve|make)", r"expected", r"impact\w*", r"(?:residents|citizens|people) will",
    r"результат\w*", r"дозволить", r"дасть змогу", r"очікуван\w*", r"зменш\w*", r"збільш\w*",
    r"внаслідок", r"зможуть", r"вплив\w*", r"скоротит\w*")

BASELINE = _rx(
    r"currently", r"at present", r"today", r"now", r"baseline", r"as of", r"status quo",
    r"at the moment", r"in 20[0-3]\d", r"наразі", r"нині", r"зараз", r"на сьогодні",
    r"сьогодні", r"станом на", r"базов\w*", r"поточн\w*", r"[ув] 20[0-3]\d\s*(?:році|р\.)",
    r"статус-кво")

TARGET = _rx(
    r"at least", r"no fewer than", r"not less than", r"target\w*", r"increas\w*", r"reduc\w*",
    r"fewer", r"more than", r"up to", r"halv\w*", r"doubl\w*", r"per ?cent", r"indicator\w*",
    r"щонайменше", r"не менше", r"не менш", r"цільов\w*", r"показник\w*", r"збільш\w*",
    r"зменш\w*", r"скорот\w*", r"удвічі", r"вдвічі", r"відсот\w*")

FREQUENCY = _rx(
    r"daily", r"weekly", r"monthly", r"quarterly", r"annually", r"yearly",
    r"(?:every|each|once a|twice a) (?:day|week|month|quarter|year)", r"щодн\w*", r"щотижн\w*",
    r"щоміс\w*", r"щокварт\w*", r"щоріч\w*", r"щороку", r"кожн\w* (?:місяц|квартал|рік|року|"
    r"тижн)\w*")

SPECIFIC_BODY = _rx(
    r"department\w*", r"unit", r"division", r"office", r"directorate\w*", r"agency", r"agencies",
    r"cent(?:re|er)", r"enterprise\w*", r"secretariat", r"ngo\w*", r"association\w*",
    r"organi[sz]ation\w*", r"working group\w*", r"task force", r"inspectorate",
    r"відділ\w*", r"управлінн\w*", r"департамент\w*", r"служб\w*", r"центр\w*", r"цнап\w*",
    r"підприєм\w*", r"секретаріат\w*", r"сектор\w*", r"громадськ\w* організац\w*",
    r"асоціац\w*", r"робоч\w* груп\w*", r"агенці\w*", r"агентств\w*", r"інспекці\w*")

GENERIC_BODY = _rx(
    r"(?:city |town |village |local )?council\w*", r"municipalit\w*", r"city hall",
    r"executive committee", r"mayor\w*", r"local (?:self-)?government", r"міськ\w* рад\w*",
    r"сільськ\w* рад\w*", r"селищн\w* рад\w*", r"рад[аиі](?!\w)", r"виконавч\w* комітет\w*",
    r"виконком\w*", r"мері[яї]\w*", r"міськ\w* голов\w*",
    r"орган\w* місцевого самоврядування")

RESPONSIBLE = _rx(
    r"responsib\w*", r"lead agency", r"lead(?=\s*:)", r"led by", r"implemented by", r"in charge",
    r"відповідальн\w*", r"виконав(?:ець|ц\w*)")

MISSING_TOOL = _rx(
    r"(?:no|lack\w*|absence|відсутн\w*|немає|нема|брак\w*)\b[^.]{0,40}?(?:web ?site|site|"
    r"portal|app\w*|platform|system|software|database|сайт\w*|портал\w*|платформ\w*|систем\w*|"
    r"застосун\w*|баз\w* даних)")

MILESTONE_HEADER = _rx(r"milestones?", r"етап\w*", r"контрольн\w* точк\w*", r"заход\w*",
                       r"activities", r"кроки")
TIMEFRAME_LABEL = _rx(r"timeframe", r"time frame", r"start date", r"end date", r"duration",
                      r"period", r"термін\w*", r"строк\w*", r"період\w*", r"дата початку",
                      r"дата завершення", r"тривалість")
BULLET = re.compile(r"^\s*(?:[-•*–—▪●◦]|\(?\d{1,2}[.)]|\(?[a-zа-яі][.)])\s+", re.IGNORECASE)
PLACEHOLDER = re.compile(r"^\W*(?:tbd|tba|n/?a|none|todo|-+|\?+|уточнюється|немає|нема|"
                         r"не визначено)?\W*$", re.IGNORECASE)
VALUE_LABELS = (
    ("technology", re.compile(r"techn|innovat|digital|технол|інновац|цифров", re.IGNORECASE)),
    ("transparency", re.compile(r"transparen|information|прозор|інформац", re.IGNORECASE)),
    ("participation", re.compile(r"particip|inclusi|участ|залуч|інклюз", re.IGNORECASE)),
    ("accountability", re.compile(r"accountab|підзвітн", re.IGNORECASE)),
)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "ʹ": "'",
                              "\u00a0": " ", "\u202f": " ", "\u2011": "-"})


def _normalise(text: str) -> str:
    """One apostrophe, plain spaces, no trailing blanks: what the patterns expect."""
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.translate(_APOSTROPHES)
             .replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(lines)


def _found(pattern: re.Pattern[str], text: str, limit: int = 3) -> list[str]:
    """Distinct matches, lower-cased, at most `limit`: short evidence of what was seen."""
    seen: list[str] = []
    for match in pattern.finditer(text):
        word = match.group(0).strip().lower()
        if word and word not in seen:
            seen.append(word)
            if len(seen) >= limit:
                break
    return seen


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _label(output: str, lang: str, limit: int = 60) -> str:
    text = " ".join(output.split())
    if not text:
        return _t(lang, "no_output")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- dates ----------------------------------------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lasts_a_year(start: date, end: date) -> bool:
    """OGP Local's minimum: one calendar year, counting the end day (1 Jan to 31 Dec is a year)."""
    return end + timedelta(days=1) >= _add_months(start, 12)


def _span(start: date, end: date) -> tuple[int, int]:
    """Whole months and the remaining days from start to end, end day included."""
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if _add_months(start, months) > stop:
        months -= 1
    return months, (stop - _add_months(start, months)).days


def _duration(lang: str, start: date, end: date) -> str:
    months, days = _span(start, end)
    return _count(lang, months, "month") if months else _count(lang, days, "day")


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _form_date(value: Any, name: str) -> tuple[date | None, str | None]:
    """(date, None), (None, None) when empty, or (None, raw) when it cannot be read."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        value = value.date()  # a datetime would not compare with the other dates
    if isinstance(value, date):
        return (value, None) if _plausible(value.year) else (None, value.isoformat())
    if not isinstance(value, str):
        raise SmartInputError(f"'{name}' must be a date string (YYYY-MM-DD)")
    raw = value.strip()
    if not raw:
        return None, None
    if ISO_DATE.match(raw) and _plausible(int(raw[:4])):
        try:
            return date.fromisoformat(raw), None
        except ValueError:
            pass
    return None, raw[:40]


def _plausible(year: int) -> bool:
    # Far years are typing mistakes, and year 9999 would overflow the one-year arithmetic.
    return 1900 <= year <= 2199


@dataclass(frozen=True)
class DatePoint:
    """A date as written in text: a day, or a month, quarter, half or year (first..last)."""

    first: date
    last: date
    precision: int  # 3 day, 2 month, 1 quarter or half year, 0 year
    start: int  # position in its line
    end: int


MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS_UK = ("січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт",
             "листопад", "груд")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
            "1": 1, "2": 2, "3": 3, "4": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_EN_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_UK_MONTH = "(" + "|".join(MONTHS_UK) + r")\w*"
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("en_month", re.compile(r"(?<!\w)(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + _EN_MONTH
                            + r"\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})(?!\d)",
                            re.IGNORECASE)),
    ("uk_month", re.compile(r"(?<!\w)(?:(\d{1,2})\s+)?" + _UK_MONTH + r"\s+(\d{4})(?!\d)",
                            re.IGNORECASE)),
    ("my", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{4})(?!\d)")),
    ("quarter", re.compile(r"(?<!\w)(?:q([1-4])|([1-4](?:st|nd|rd|th)|first|second|third|fourth)"
                           r"\s+quarter(?:\s+of)?)\s*(\d{4})(?!\d)", re.IGNORECASE)),
    ("uk_quarter", re.compile(r"(?<!\w)([iі]v|[iі]{1,3}|[1-4])\s*(?:-?\s*(?:й|го|ий))?\s*"
                              r"(?:квартал\w*|кв\.?)\s*(\d{4})(?!\d)", re.IGNORECASE)),
    ("half", re.compile(r"(?<!\w)(?:h([12])|(first|second)\s+half(?:\s+of)?)\s*(\d{4})(?!\d)",
                        re.IGNORECASE)),
    ("uk_half", re.compile(r"(?<!\w)([iі]{1,2}|[12])\s*(?:-?\s*(?:е|ге))?\s*півріч\w*\s*(\d{4})"
                           r"(?!\d)", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\w.])(20[0-3]\d)(?!\d)")),
)


def _point(kind: str, m: re.Match[str]) -> tuple[date, date, int]:
    """Reads one match; raises ValueError for a day or month that does not exist."""
    g = m.groups()
    if not _plausible(int(g[0] if kind == "ymd" else g[-1])):
        raise ValueError("year out of range")
    if kind == "ymd":
        day = date(int(g[0]), int(g[1]), int(g[2]))
        return day, day, 3
    if kind == "dmy":
        day = date(int(g[2]), int(g[1]), int(g[0]))
        return day, day, 3
    if kind in ("en_month", "uk_month"):
        names = MONTHS_EN if kind == "en_month" else MONTHS_UK
        month = next(i for i, n in enumerate(names, 1) if g[1].lower().startswith(n))
        year = int(g[-1])
        day_text = g[0] or (g[2] if kind == "en_month" else None)
        if day_text:
            day = date(year, month, int(day_text))
            return day, day, 3
        return date(year, month, 1), _month_end(year, month), 2
    if kind == "my":
        month, year = int(g[0]), int(g[1])
        return date(year, month, 1), _month_end(year, month), 2
    if kind in ("quarter", "uk_quarter", "half", "uk_half"):
        # Ukrainian texts often write Roman numerals with the Cyrillic letter і.
        number = ORDINALS[next(x for x in g[:-1] if x).lower().replace("і", "i")]
        size = 3 if "quarter" in kind else 6
        first_month = (number - 1) * size + 1
        year = int(g[-1])
        return date(year, first_month, 1), _month_end(year, first_month + size - 1), 1
    year = int(g[0])
    return date(year, 1, 1), date(year, 12, 31), 0


def find_dates(line: str) -> tuple[list[DatePoint], list[str]]:
    """Date points in one line, in reading order, and the date-like strings that are invalid."""
    taken: list[tuple[int, int]] = []
    points: list[DatePoint] = []
    invalid: list[str] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            try:
                first, last, precision = _point(kind, m)
            except ValueError:
                if kind in ("ymd", "dmy"):  # '15/2026' is more often a document number
                    invalid.append(m.group(0))
                continue
            points.append(DatePoint(first, last, precision, m.start(), m.end()))
    return sorted(points, key=lambda p: p.start), invalid


RANGE_GAP = re.compile(r"^\s*(?:року|р\.?|рр\.?)?\s*(?:-|–|—|to|till|until|through|до|по)\s*$",
                       re.IGNORECASE)


def _range_in(line: str, points: list[DatePoint]) -> tuple[date, date] | None:
    """The first 'X to Y' / 'з X по Y' / 'X – Y' pair of dates in a line."""
    for a, b in itertools.pairwise(points):
        if RANGE_GAP.match(line[a.end:b.start]) and a.first <= b.last:
            return a.first, b.last
    return None


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6,
                "twelve": 12, "eighteen": 18, "twenty-four": 24, "один": 1, "одного": 1,
                "два": 2, "двох": 2, "три": 3, "трьох": 3, "шість": 6, "шести": 6,
                "дванадцять": 12, "дванадцяти": 12, "вісімнадцять": 18, "вісімнадцяти": 18}
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
STATED_DURATION = (
    re.compile(r"(?<!\w)(?:for|over|during|lasting|lasts?|duration of|period of|within)\s+"
               r"(?:a period of\s+)?" + _NUM + r"[\s-]+(month|year)s?(?!\w)", re.IGNORECASE),
    re.compile(r"(?<!\w)" + _NUM + r"-(month|year)(?!\w)", re.IGNORECASE),
    re.compile(r"(?<!\w)(?:протягом|впродовж|упродовж|тривалістю|строком на|терміном на|"
               r"на період|на)\s+(?:" + _NUM + r"\s+)?(місяц\w*|рок\w*|рік)(?!\w)", re.IGNORECASE),
)
HALF_YEAR_UK = re.compile(r"(?<!\w)(?:протягом|впродовж|упродовж|на)\s+пів\s*року", re.IGNORECASE)


def stated_months(text: str) -> int | None:
    """A duration written in words ('over 18 months', 'протягом року'), in months."""
    if HALF_YEAR_UK.search(text):
        return 6
    for pattern in STATED_DURATION:
        m = pattern.search(text)
        if m:
            number_text, unit = (m.group(1) or "1").lower(), m.group(2).lower()
            number = int(number_text) if number_text.isdigit() else NUMBER_WORDS[number_text]
            return number * (1 if unit.startswith(("month", "місяц")) else 12)
    return None


# --- parsed input ---------------------------------------------------------------------------------

@dataclass
class Milestone:
    number: int  # its row number in the form (or order in the text), from 1
    output: str
    start: date | None = None
    end: date | None = None
    responsible: str = ""
    bad_dates: tuple[tuple[str, str], ...] = ()  # (start|end, raw value)


@dataclass
class Parsed:
    """What the criteria and rules look at, for either input shape."""

    form: bool  # True for the structured template, False for pasted text
    lang: str
    today: date
    fields: dict[str, str] = field(default_factory=dict)
    ticked: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    bad_dates: list[tuple[str, str]] = field(default_factory=list)  # (field, raw)
    milestones: list[Milestone] = field(default_factory=list)
    text: str = ""  # all text, normalised
    period_source: str = ""  # text only: range | dates | milestones | deadline | ""
    months_stated: int | None = None
    date_labels: list[str] = field(default_factory=list)

    def ms(self, milestone: Milestone) -> str:
        return _t(self.lang, "milestone", n=milestone.number,
                  title=_label(milestone.output, self.lang))

    @cached_property
    def values_in_text(self) -> dict[str, list[str]]:
        """OGP values the wording speaks to, each with the words that show it."""
        found = {k: _found(VALUE_PATTERNS[k], self.body) for k in VALUE_KEYS}
        return {k: words for k, words in found.items() if words}

    @cached_property
    def body(self) -> str:
        """The text that describes what will be done (not the problem): for values and outputs."""
        if not self.form:
            return self.text
        parts = [self.fields[k] for k in ("title", "action", "expected_results",
                                          "long_term_goal")]
        return _normalise("\n".join(parts + [m.output for m in self.milestones]))

    @cached_property
    def numbers(self) -> list[str]:
        return _numbers(self.text)


def _numbers(text: str) -> list[str]:
    """Figures that are not dates, years or list numbering."""
    cleaned = []
    for line in text.split("\n"):
        points, _invalid = find_dates(line)
        for p in reversed(points):
            line = line[:p.start] + " " * (p.end - p.start) + line[p.end:]
        line = BULLET.sub(" ", line)
        cleaned.append(line)
    found = re.findall(r"(?<![\w.,])(\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?(\s*(?:%|відсот\w*|"
                       r"per ?cent))?", "\n".join(cleaned), re.IGNORECASE)
    return [n + ("%" if pct else "") for n, pct in found
            if pct or not re.fullmatch(r"20[0-3]\d", n)][:6]


def _text_field(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SmartInputError(f"'{key}' must be text")
    if len(value) > MAX_TEXT:
        raise SmartInputError(f"'{key}' is longer than {MAX_TEXT} characters")
    return _normalise(value).strip()


def _ticked_values(raw: Any) -> frozenset[str]:
    """OGP values from checklist labels, short keys or indices into VALUE_KEYS."""
    if raw is None or raw == "":
        return frozenset()
    if isinstance(raw, Mapping):  # {label: checked}
        raw = [k for k, checked in raw.items() if checked]
    if isinstance(raw, (str, int)) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        raise SmartInputError("'ogp_values' must be a list of labels or indices")
    keys: set[str] = set()
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise SmartInputError("'ogp_values' must be a list of labels or indices")
        if isinstance(item, int) or re.fullmatch(r"\d{1,3}", item.strip(), re.ASCII):
            index = int(item)
            if 0 <= index < len(VALUE_KEYS):
                keys.add(VALUE_KEYS[index])
            continue
        keys.update(key for key, pattern in VALUE_LABELS if pattern.search(item))
    return frozenset(keys)


def _milestone(row: Any, number: int) -> Milestone | None:
    if not isinstance(row, Mapping):
        raise SmartInputError("each milestone must be an object")
    output = _text_field(row, "output")
    responsible = _text_field(row, "responsible")
    start, bad_start = _form_date(row.get("start_date"), "milestones.start_date")
    end, bad_end = _form_date(row.get("end_date"), "milestones.end_date")
    if not (output or responsible or start or end or bad_start or bad_end):
        return None  # an empty row of the form's table
    bad = tuple((which, raw) for which, raw in (("start", bad_start), ("end", bad_end)) if raw)
    return Milestone(number, output, start, end, "" if _placeholder(responsible) else responsible,
                     bad)


def _placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.match(value))


def parse_form(data: Mapping[str, Any], lang: str, today: date) -> Parsed:
    fields = {key: _text_field(data, key) for key in TEXT_FIELDS}
    if _placeholder(fields["lead_agency"]):
        fields["lead_agency"] = ""
    rows = data.get("milestones") or []
    if not isinstance(rows, (list, tuple)):
        raise SmartInputError("'milestones' must be a list")
    if len(rows) > MAX_MILESTONES:
        raise SmartInputError(f"at most {MAX_MILESTONES} milestones")
    milestones = [m for i, row in enumerate(rows, 1) if (m := _milestone(row, i))]
    start, bad_start = _form_date(data.get("start_date"), "start_date")
    end, bad_end = _form_date(data.get("end_date"), "end_date")
    bad = [(name, raw) for name, raw in (("start_date", bad_start), ("end_date", bad_end)) if raw]
    text = _normalise("\n".join([*fields.values(), *(m.output for m in milestones)]))
    return Parsed(True, lang, today, fields, _ticked_values(data.get("ogp_values")), start, end,
                  bad, milestones, text)


def _milestone_lines(lines: list[str]) -> list[int]:
    """Indices of the lines that list milestones: after a 'Milestones:' heading if there is
    one, else bulleted or numbered lines that carry a date and are not the timeframe."""
    for i, line in enumerate(lines):
        heading = _words(line) <= 6 or line.endswith(":")
        if MILESTONE_HEADER.search(line) and heading and not find_dates(line)[0]:
            after = []
            for j in range(i + 1, len(lines)):
                if lines[j].endswith(":") and not BULLET.match(lines[j]):
                    break  # the next section's heading
                if lines[j]:
                    after.append(j)
            bulleted = [j for j in after if BULLET.match(lines[j])]
            return bulleted or after
    return [i for i, line in enumerate(lines)
            if BULLET.match(line) and find_dates(line)[0] and not TIMEFRAME_LABEL.search(line)]


def parse_text(raw: str, lang: str, today: date) -> Parsed:
    text = _normalise(raw)
    lines = text.split("\n")
    dated = [find_dates(line) for line in lines]
    ms_index = set(_milestone_lines(lines))
    parsed = Parsed(False, lang, today, text=text, months_stated=stated_months(text))
    parsed.bad_dates = [("text", bad) for _, invalid in dated for bad in invalid]
    for n, i in enumerate(sorted(ms_index), 1):
        points = dated[i][0]
        parsed.milestones.append(Milestone(
            n, BULLET.sub("", lines[i]), min((p.first for p in points), default=None),
            max((p.last for p in points), default=None)))
    own = [(lines[i], dated[i][0]) for i in range(len(lines)) if i not in ms_index]
    _set_period(parsed, own, [p for points, _ in dated for p in points])
    parsed.date_labels = _date_labels(lines, dated)
    return parsed


def _best(points: list[DatePoint]) -> list[DatePoint]:
    """Drop year-only mentions when sharper dates exist: '212 requests in 2024' is a baseline."""
    sharp = [p for p in points if p.precision > 0]
    return sharp or points


def _set_period(parsed: Parsed, own: list[tuple[str, list[DatePoint]]],
                every: list[DatePoint]) -> None:
    """The commitment's dates: a written range, else its own dates, else the milestones'."""
    for line, points in own:
        found = _range_in(line, points)
        if found:
            parsed.start, parsed.end = found
            parsed.period_source = "range"
            return
    own_points = _best([p for _, points in own for p in points])
    for source, points in (("dates", own_points), ("milestones", _best(every))):
        if len({(p.first, p.last) for p in points}) >= 2:
            parsed.start = min(p.first for p in points)
            parsed.end = max(p.last for p in points)
            parsed.period_source = source
            return
    if own_points:
        parsed.end = max(p.last for p in own_points)
        parsed.period_source = "deadline"


def _date_labels(lines: list[str], dated: list[tuple[list[DatePoint], list[str]]]) -> list[str]:
    labels = [lines[i][p.start:p.end] for i, (points, _) in enumerate(dated) for p in points]
    return list(dict.fromkeys(labels))[:6]


def parse(commitment: Any, lang: str, today: date) -> Parsed:
    if not isinstance(commitment, Mapping):
        raise SmartInputError("a commitment must be a JSON object")
    if "text" in commitment:
        raw = commitment["text"]
        if not isinstance(raw, str):
            raise SmartInputError("'text' must be a string")
        if len(raw) > MAX_TEXT:
            raise SmartInputError(f"'text' is longer than {MAX_TEXT} characters")
        return parse_text(raw, lang, today)
    return parse_form(commitment, lang, today)


# --- criteria -------------------------------------------------------------------------------------

Criterion = dict[str, Any]


def _criterion(points: float, full: float, evidence: list[str], advice: list[str]) -> Criterion:
    verdict = "met" if points >= full else "not_met" if points <= 0 else "partly"
    return {"verdict": verdict, "evidence": evidence, "advice": " ".join(a for a in advice if a)}


def _field_points(p: Parsed, key: str, enough: int) -> tuple[float, str]:
    value = p.fields[key]
    name = _pick(p.lang, FIELD_NAMES[key])
    words = _words(value)
    if not value:
        return 0.0, _t(p.lang, "field_empty", field=name)
    key_msg = "field_ok" if words >= enough else "field_short"
    return (1.0 if words >= enough else 0.5), _t(p.lang, key_msg, field=name,
                                                  words=_count(p.lang, words, "word"))


def check_specific(p: Parsed) -> Criterion:
    return _specific_form(p) if p.form else _specific_text(p)


def _specific_form(p: Parsed) -> Criterion:
    lang, title = p.lang, p.fields["title"]
    evidence: list[str] = []
    advice: list[str] = []
    if not title:
        title_points = 0.0
        evidence.append(_t(lang, "field_empty", field=_pick(lang, FIELD_NAMES["title"])))
        advice.append(_t(lang, "adv_title_missing"))
    elif ACTION.search(title):
        title_points = 1.0
        evidence.append(_t(lang, "title_action", title=_label(title, lang)))
    else:
        title_points = 0.5
        evidence.append(_t(lang, "title_theme", title=_label(title, lang)))
        advice.append(_t(lang, "adv_title_theme"))
    total = title_points
    for key, enough, tip in (("problem", 8, "adv_problem"), ("action", 8, "adv_action"),
                             ("expected_results", 6, "adv_results")):
        points, note = _field_points(p, key, enough)
        if key == "problem" and points and MISSING_TOOL.search(p.fields[key]) and \
                _words(p.fields[key]) < 15:
            points, note, tip = 0.5, _t(lang, "problem_tool"), "adv_problem_tool"
        total += points
        evidence.append(note)
        if points < 1:
            advice.append(_t(lang, tip))
    return _criterion(total, 4, evidence, advice)


def _specific_text(p: Parsed) -> Criterion:
    lang = p.lang
    signals = {"action": _found(ACTION, p.text), "problem": _found(PROBLEM, p.text),
               "results": _found(RESULT, p.text)}
    evidence, advice = [], []
    for name, words in signals.items():
        if words:
            evidence.append(_t(lang, f"text_{name}", items=_quoted(words, lang)))
        else:
            evidence.append(_t(lang, f"text_no_{name}"))
            advice.append(_t(lang, f"adv_text_{name}"))
    words = _words(p.text)
    evidence.append(_t(lang, "text_length", words=_count(lang, words, "word")))
    present = sum(1 for found in signals.values() if found)
    points = 1.0 if present == 3 and words >= 15 else 0.5 if present or words >= 15 else 0.0
    return _criterion(points, 1, evidence, advice)


def check_measurable(p: Parsed) -> Criterion:
    return _measurable_form(p) if p.form else _measurable_text(p)


def _measurable_form(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    baseline = _numbers(p.fields["status_quo"])
    if baseline:
        evidence.append(_t(lang, "baseline", items=_items(baseline)))
    else:
        key = "baseline_nofig" if p.fields["status_quo"] else "field_empty"
        evidence.append(_t(lang, key, field=_pick(lang, FIELD_NAMES["status_quo"])))
        advice.append(_t(lang, "adv_baseline"))
    outcome_text = "\n".join([p.fields["action"], p.fields["expected_results"],
                              *(m.output for m in p.milestones)])
    target = (_numbers(outcome_text) + _found(FREQUENCY, outcome_text)
              + _found(TARGET, outcome_text))[:5]
    if target:
        evidence.append(_t(lang, "target", items=_items(target)))
    else:
        evidence.append(_t(lang, "no_target"))
        advice.append(_t(lang, "adv_target"))
    partial = 0.5 if p.fields["status_quo"] and not baseline else 0.0
    return _criterion((1 if baseline else partial) + (1 if target else 0), 2, evidence, advice)


def _measurable_text(p: Parsed) -> Criterion:
    lang = p.lang
    numbers, baseline = p.numbers, _found(BASELINE, p.text)
    target = _found(TARGET, p.text) + _found(FREQUENCY, p.text)
    evidence = [_t(lang, "text_numbers", items=_items(numbers)) if numbers
                else _t(lang, "text_no_numbers")]
    if baseline:
        evidence.append(_t(lang, "text_baseline", items=_quoted(baseline, lang)))
    if target:
        evidence.append(_t(lang, "text_target", items=_quoted(target[:4], lang)))
    if numbers and (baseline or target or len(numbers) >= 2):
        return _criterion(1, 1, evidence, [])
    partly = 0.5 if numbers or baseline or target else 0.0
    return _criterion(partly, 1, evidence, [_t(lang, "adv_text_measure")])


def _is_generic(body: str) -> bool:
    return bool(GENERIC_BODY.search(body)) and not SPECIFIC_BODY.search(body)


def check_answerable(p: Parsed) -> Criterion:
    return _answerable_form(p) if p.form else _answerable_text(p)


def _answerable_form(p: Parsed) -> Criterion:
    lang, lead = p.lang, p.fields["lead_agency"]
    evidence, advice = [], []
    if not lead:
        lead_points = 0.0
        evidence.append(_t(lang, "lead_missing"))
        advice.append(_t(lang, "adv_lead_missing"))
    elif _is_generic(lead):
        lead_points = 0.5
        evidence.append(_t(lang, "lead_generic", lead=_label(lead, lang)))
        advice.append(_t(lang, "adv_lead_generic", lead=_label(lead, lang)))
    else:
        lead_points = 1.0
        evidence.append(_t(lang, "lead", lead=_label(lead, lang)))
    missing = [m for m in p.milestones if not m.responsible]
    if not p.milestones:
        ms_points = 0.0
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
    elif missing:
        ms_points = 0.5 if len(missing) < len(p.milestones) else 0.0
        evidence += [_t(lang, "resp_missing", ms=p.ms(m)) for m in missing]
        advice += [_t(lang, "adv_resp", ms=p.ms(m)) for m in missing]
    else:
        ms_points = 1.0
        names = list(dict.fromkeys(m.responsible for m in p.milestones))
        evidence.append(_t(lang, "resp_all", items=_items(_label(n, lang, 40) for n in names)))
    return _criterion(lead_points + ms_points, 2, evidence, advice)


STOP_LEFT = {"the", "a", "an", "by", "and", "of", "with", "led", "is", "will", "be", "to", "for",
             "in", "on", "lead", "responsible", "agency", "from", "its", "our", "their"}
UK_VERB_END = re.compile(r"\w+(?:ить|ать|ять|ує|ює|ме|муть|ться|ється|ено|ано)$", re.IGNORECASE)


def _body_phrase(text: str, m: re.Match[str]) -> str:
    """The body with its qualifiers: 'Reconstruction department', 'відділ освіти міської ради'."""
    if m.group(0).isascii():
        left = []
        for word in reversed(re.findall(r"[\w'-]+", text[max(0, m.start() - 60):m.start()])[-3:]):
            if word.lower() in STOP_LEFT:
                break
            left.insert(0, word)
        right = re.match(r"(?: (?:of|for) (?:the )?[\w'-]+(?: [\w'-]+)?)?", text[m.end():])
        return " ".join([*left, m.group(0) + (right.group(0) if right else "")])
    right_words = []
    for raw in text[m.end():m.end() + 100].split("\n")[0].split(" ")[1:5]:
        word = raw.strip().rstrip(",.;:)»\"")
        if not re.fullmatch(r"[\w'-]+", word) or UK_VERB_END.match(word):
            break
        right_words.append(word)
        if word != raw.strip():  # punctuation closes the name
            break
    return " ".join([m.group(0), *right_words])


def _bodies(text: str) -> tuple[list[str], list[str]]:
    """(specific bodies, generic bodies) named in the text, as short phrases."""
    specific = [_body_phrase(text, m) for m in SPECIFIC_BODY.finditer(text)]
    utility = re.search(r"(?<!\w)КП(?!\w)[^,.;\n]{0,40}", text)  # case matters: КП, not кп
    if utility:
        specific.append(utility.group(0).strip())
    named = " ".join(specific).lower()
    # 'council' in 'Procurement Department of the City Council' is not a second body.
    generic = [g for g in dict.fromkeys(m.group(0).lower() for m in GENERIC_BODY.finditer(text))
               if g not in named]
    return list(dict.fromkeys(specific))[:4], generic[:3]


def _answerable_text(p: Parsed) -> Criterion:
    lang = p.lang
    specific, generic = _bodies(p.text)
    responsible = _found(RESPONSIBLE, p.text)
    evidence = []
    if specific or generic:
        evidence.append(_t(lang, "text_bodies", items=_quoted(specific + generic, lang)))
    else:
        evidence.append(_t(lang, "text_no_bodies"))
    if responsible:
        evidence.append(_t(lang, "text_resp_word", items=_quoted(responsible, lang)))
    if specific and (responsible or len(specific) + len(generic) >= 2):
        return _criterion(1, 1, evidence, [])
    if generic and not specific:
        evidence.append(_t(lang, "text_generic_only"))
    partly = 0.5 if specific or generic else 0.0
    tip = "adv_text_resp" if specific or generic else "adv_text_bodies"
    return _criterion(partly, 1, evidence, [_t(lang, tip)])


def check_relevant(p: Parsed) -> Criterion:
    return _relevant_form(p) if p.form else _relevant_text(p)


def _relevant_form(p: Parsed) -> Criterion:
    lang, ticked, seen = p.lang, p.ticked, p.values_in_text
    evidence, advice = [], []
    if seen:
        evidence.append(_t(lang, "values_text", items=_value_names(seen, lang)))
    if not ticked:
        evidence.insert(0, _t(lang, "values_none"))
        advice.append(_t(lang, "adv_tick", items=_value_names(seen, lang)) if seen
                      else _t(lang, "adv_values"))
        return _criterion(0.5 if seen else 0, 1, evidence, advice)
    evidence.insert(0, _t(lang, "values_ticked", items=_value_names(ticked, lang)))
    core = ticked - {"technology"}  # technology counts only when it serves another value
    unsupported = [k for k in VALUE_KEYS if k in ticked and k not in seen]
    evidence += [_t(lang, "value_unsupported", value=_pick(lang, VALUE_NAMES[k]))
                 for k in unsupported]
    if not core:
        evidence.append(_t(lang, "tech_only"))
        advice.append(_t(lang, "adv_tech_only"))
    elif unsupported:
        advice.append(_t(lang, "adv_unsupported", items=_value_names(unsupported, lang)))
    if not p.fields["long_term_goal"]:
        advice.append(_t(lang, "adv_goal"))
    return _criterion(1 if core & seen.keys() else 0.5, 1, evidence, advice)


def _relevant_text(p: Parsed) -> Criterion:
    lang, seen = p.lang, p.values_in_text
    if not seen:
        return _criterion(0, 1, [_t(lang, "values_none_text")], [_t(lang, "adv_values")])
    evidence = [_t(lang, "values_text", items=_value_names(seen, lang))]
    evidence += [f"{_pick(lang, VALUE_NAMES[k])}: {_quoted(seen[k], lang)}"
                 for k in VALUE_KEYS if k in seen]
    if set(seen) == {"technology"}:
        evidence.append(_t(lang, "tech_only"))
        return _criterion(0.5, 1, evidence, [_t(lang, "adv_tech_only")])
    return _criterion(1, 1, evidence, [])


def check_time_bound(p: Parsed) -> Criterion:
    return _time_bound_form(p) if p.form else _time_bound_text(p)


def _date_evidence(p: Parsed) -> tuple[float, list[str], list[str]]:
    """Points (0..1) for the commitment's own dates, with evidence and advice."""
    lang, evidence = p.lang, []
    for name, raw in p.bad_dates:
        evidence.append(_t(lang, "date_bad", field=_pick(lang, FIELD_NAMES[name]), value=raw))
    if p.start and p.end:
        if p.end < p.start:
            evidence.append(_t(lang, "reversed", start=p.start, end=p.end))
            return 0.5, evidence, [_t(lang, "adv_reversed")]
        evidence.append(_t(lang, "timeframe", start=p.start, end=p.end))
        if p.end < p.today:
            evidence.append(_t(lang, "past", end=p.end, today=p.today))
            return 0.5, evidence, [_t(lang, "adv_past")]
        return 1.0, evidence, []
    bad_names = {name for name, _ in p.bad_dates}
    for name, value in (("start_date", p.start), ("end_date", p.end)):
        if value is None and name not in bad_names:
            evidence.append(_t(lang, "date_missing", field=_pick(lang, FIELD_NAMES[name])))
    return (0.5 if p.start or p.end else 0.0), evidence, [_t(lang, "adv_dates")]


def _missing_dates(m: Milestone) -> str | None:
    bad = {which for which, _ in m.bad_dates}
    start_missing = m.start is None and "start" not in bad
    end_missing = m.end is None and "end" not in bad
    if start_missing and end_missing:
        return "dates"
    return "start" if start_missing else "end" if end_missing else None


def _time_bound_form(p: Parsed) -> Criterion:
    lang = p.lang
    points, evidence, advice = _date_evidence(p)
    if not p.milestones:
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
        return _criterion(points, 2, evidence, advice)
    undated = []
    for m in p.milestones:
        notes = [_t(lang, "ms_bad_date", ms=p.ms(m), value=raw) for _, raw in m.bad_dates]
        which = _missing_dates(m)
        if which:
            notes.append(_t(lang, "ms_undated", ms=p.ms(m), which=_t(lang, which)))
        if m.start and m.end and m.end < m.start:
            notes.append(_t(lang, "ms_reversed", ms=p.ms(m), start=m.start, end=m.end))
        if notes:
            undated.append(m)
            evidence += notes
            advice.append(_t(lang, "adv_ms_dates", ms=p.ms(m)))
    if not undated:
        evidence.append(_t(lang, "ms_dated", n=len(p.milestones)))
    ms_points = 1.0 if not undated else 0.5 if len(undated) < len(p.milestones) else 0.0
    return _criterion(points + ms_points, 2, evidence, advice)


def _time_bound_text(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    evidence += [_t(lang, "text_bad_date", value=raw) for _, raw in p.bad_dates]
    if p.date_labels:
        evidence.append(_t(lang, "text_points", items=_items(p.date_labels)))
    if p.start and p.end:
        period = 1.0
        evidence.append(_t(lang, "text_period", start=p.start, end=p.end))
    elif p.end or p.months_stated:
        period = 0.5
        evidence.append(_t(lang, "text_deadline", end=p.end) if p.end else
                        _t(lang, "text_duration", dur=_count(lang, p.months_stated or 0, "month")))
        advice.append(_t(lang, "adv_text_period"))
    else:
        period = 0.0
        evidence.append(_t(lang, "text_no_dates"))
        advice.append(_t(lang, "adv_text_period"))
    dated = [m for m in p.milestones if m.end]
    if dated:
        evidence.append(_t(lang, "text_ms_dated", n=len(dated)))
        milestones = 1.0
    else:
        milestones = 0.5 if len(p.date_labels) >= 3 else 0.0
        advice.append(_t(lang, "adv_text_ms"))
    return _criterion(period + milestones, 2, evidence, advice)


def check_verifiable(p: Parsed) -> Criterion:
    return _verifiable_form(p) if p.form else _verifiable_text(p)


def _vague_word(output: str) -> str | None:
    """The activity word of a milestone that names no checkable output, else None."""
    vague = VAGUE.search(output)
    if vague and not (OUTPUT_NOUNS.search(output) or ACTION.search(output)):
        return vague.group(0).lower()
    return None


def _verifiable_form(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    channel = _found(CHANNEL, p.body)
    if channel:
        evidence.append(_t(lang, "channel", items=_quoted(channel, lang)))
    else:
        evidence.append(_t(lang, "no_channel"))
        advice.append(_t(lang, "adv_channel"))
    if not p.milestones:
        evidence.append(_t(lang, "no_milestones"))
        advice.append(_t(lang, "add_milestones"))
        return _criterion(0.5 if channel else 0, 2, evidence, advice)
    weak = 0
    for m in p.milestones:
        word = _vague_word(m.output)
        if word or _words(m.output) < 2:
            weak += 1
            evidence.append(_t(lang, "vague", ms=p.ms(m), word=word) if word
                            else _t(lang, "ms_empty", ms=p.ms(m)))
            advice.append(_t(lang, "adv_vague", ms=p.ms(m)))
    n = len(p.milestones)
    evidence.append(_t(lang, "checkable", k=n - weak, n=n))
    ms_points = 1.0 if not weak else 0.5 if weak < n else 0.0
    return _criterion((1 if channel else 0) + ms_points, 2, evidence, advice)


def _verifiable_text(p: Parsed) -> Criterion:
    lang, evidence, advice = p.lang, [], []
    channel = _found(CHANNEL, p.text)
    outputs = _found(OUTPUT_NOUNS, p.text) + _found(ACTION, p.text)
    vague = _found(VAGUE, p.text)
    if channel:
        evidence.append(_t(lang, "channel", items=_quoted(channel, lang)))
    else:
        evidence.append(_t(lang, "no_channel"))
        advice.append(_t(lang, "adv_channel"))
    if outputs:
        evidence.append(_t(lang, "text_outputs", items=_quoted(outputs[:4], lang)))
    else:
        evidence.append(_t(lang, "text_no_outputs"))
        if vague:
            evidence.append(_t(lang, "text_vague", items=_quoted(vague, lang)))
        advice.append(_t(lang, "adv_text_outputs"))
    return _criterion((1 if channel else 0) + (1 if outputs else 0), 2, evidence, advice)


CRITERIA: dict[str, Callable[[Parsed], Criterion]] = {
    "specific": check_specific,
    "measurable": check_measurable,
    "answerable": check_answerable,
    "relevant": check_relevant,
    "time_bound": check_time_bound,
    "verifiable": check_verifiable,
}


# --- OGP Local rules ------------------------------------------------------------------------------

Rule = dict[str, Any]


def _rule(name: str, ok: bool, messages: list[str]) -> Rule:
    return {"rule": name, "ok": ok, "message": " ".join(messages)}


def rule_min_duration(p: Parsed) -> Rule:
    name, lang = "min_duration_one_year", p.lang
    if p.start and p.end:
        if p.end < p.start:
            return _rule(name, False, [_t(lang, "dur_reversed", start=p.start, end=p.end)])
        duration = _duration(lang, p.start, p.end)
        if lasts_a_year(p.start, p.end):
            return _rule(name, True, [_t(lang, "dur_ok", dur=duration, start=p.start, end=p.end)])
        return _rule(name, False, [_t(lang, "dur_short", dur=duration)])
    if not p.form and p.months_stated:
        duration = _count(lang, p.months_stated, "month")
        if p.months_stated >= 12:
            return _rule(name, True, [_t(lang, "dur_stated_ok", dur=duration)])
        return _rule(name, False, [_t(lang, "dur_short", dur=duration)])
    if not p.form:
        return _rule(name, False, [_t(lang, "dur_missing_text")])
    missing = [_pick(lang, FIELD_NAMES[k]) for k, v in (("start_date", p.start),
                                                       ("end_date", p.end)) if v is None]
    return _rule(name, False, [_t(lang, "dur_missing", items=_items(missing).lower())])


def rule_milestones_within(p: Parsed) -> Rule:
    name, lang = "milestones_within_dates", p.lang
    dated = [m for m in p.milestones if m.start or m.end]
    if not dated:
        return _rule(name, False, [_t(lang, "ms_none")])
    own_dates = bool(p.start and p.end and p.end >= p.start)
    # Pasted text: dates inferred from the milestones themselves cannot check them.
    readable = own_dates if p.form else p.period_source in ("range", "dates", "deadline")
    if not readable:
        return _rule(name, False, [_t(lang, "ms_need_dates")])
    problems: list[str] = []
    for m in p.milestones:
        which = _missing_dates(m) if p.form else None
        if which:
            problems.append(_t(lang, "ms_no_date", ms=p.ms(m), which=_t(lang, which)))
        if m.start and p.start and m.start < p.start:
            problems.append(_t(lang, "ms_before", ms=p.ms(m), day=m.start, start=p.start))
        if m.end and p.end and m.end > p.end:
            problems.append(_t(lang, "ms_after", ms=p.ms(m), day=m.end, end=p.end))
    if problems:
        return _rule(name, False, problems)
    start = p.start or "…"
    return _rule(name, True, [_t(lang, "ms_ok", n=len(dated), start=start, end=p.end)])


def rule_responsible(p: Parsed) -> Rule:
    name, lang = "responsible_agency", p.lang
    if not p.form:
        specific, generic = _bodies(p.text)
        if specific or generic:
            return _rule(name, True, [_t(lang, "resp_text_ok",
                                         items=_quoted((specific + generic)[:3], lang))])
        return _rule(name, False, [_t(lang, "resp_text_missing")])
    lead = p.fields["lead_agency"]
    problems = [] if lead else [_t(lang, "resp_lead_missing")]
    problems += [_t(lang, "resp_missing", ms=p.ms(m)) + "." for m in p.milestones
                 if not m.responsible]
    if problems:
        return _rule(name, False, problems)
    key = "resp_ok" if p.milestones else "resp_no_ms"
    return _rule(name, True, [_t(lang, key, lead=_label(lead, lang))])


def rule_ogp_value(p: Parsed) -> Rule:
    name, lang = "ogp_value", p.lang
    values = p.ticked if p.form else frozenset(p.values_in_text)
    if values:
        return _rule(name, True, [_t(lang, "val_ok", items=_value_names(values, lang))])
    return _rule(name, False, [_t(lang, "val_missing" if p.form else "val_missing_text")])


RULES: dict[str, Callable[[Parsed], Rule]] = {
    "min_duration_one_year": rule_min_duration,
    "milestones_within_dates": rule_milestones_within,
    "responsible_agency": rule_responsible,
    "ogp_value": rule_ogp_value,
}


# --- public API -----------------------------------------------------------------------------------

def score(criteria: Mapping[str, Criterion], rules: Iterable[Rule]) -> int:
    """12 points per criterion (met 1, partly 0.5) + 7 per rule passed; 100 at most."""
    points = sum(CRITERION_WEIGHT * VERDICT_POINTS[c["verdict"]] for c in criteria.values())
    points += sum(RULE_WEIGHT for r in rules if r["ok"])
    return max(0, min(100, round(points)))


def _language(lang: Any) -> str:
    return "uk" if isinstance(lang, str) and lang.lower().startswith("uk") else "en"


def check_commitment(commitment: dict, lang: str = "en", today: date | None = None) -> dict:
    """The SMART check of one commitment (structured template or {"text": ...})."""
    if today is not None and not isinstance(today, date):
        raise SmartInputError("'today' must be a date")
    if isinstance(today, datetime):
        today = today.date()
    parsed = parse(commitment, _language(lang), today or date.today())
    criteria = {name: check(parsed) for name, check in CRITERIA.items()}
    rules = [check(parsed) for check in RULES.values()]
    return {"criteria": criteria, "rules": rules, "score": score(criteria, rules)}


def check_many(items: list[dict], lang: str = "en", today: date | None = None) -> list[dict]:
    """check_commitment for each item, in the same order."""
    if not isinstance(items, (list, tuple)):
        raise SmartInputError("expected a list of commitments")
    if len(items) > MAX_ITEMS:
        raise SmartInputError(f"at most {MAX_ITEMS} commitments at once")
    return [check_commitment(item, lang=lang, today=today) for item in items]
