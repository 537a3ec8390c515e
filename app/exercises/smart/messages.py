"""Words of the SMART check: English and Ukrainian messages, value and field names, counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

VALUE_KEYS = ("transparency", "participation", "accountability", "technology")

VALUE_NAMES = {
    "transparency": ("transparency / access to information", "прозорість / доступ до інформації"),
    "participation": ("public participation", "участь громадськості"),
    "accountability": ("public accountability", "публічна підзвітність"),
    "technology": ("technology and innovation", "технології та інновації"),
}

# The criteria as a person reads their names (the ids stay English in the JSON).
CRITERION_LABELS = {
    "specific": ("Specific", "Конкретність"),
    "measurable": ("Measurable", "Вимірюваність"),
    "answerable": ("Answerable", "Відповідальність"),
    "relevant": ("Relevant", "Доречність"),
    "time_bound": ("Time-bound", "Визначеність у часі"),
    "verifiable": ("Verifiable", "Перевірюваність"),
    "actionable": ("Actionable", "Дієвість"),
    "realistic": ("Realistic", "Реалістичність"),
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
    # specific: something concrete
    "no_object": (
        "No object, figure or date: nothing says what will be made or changed, or when",
        "Немає ні предмета, ні цифри, ні дати: не сказано, що саме буде створено чи змінено і коли",
    ),
    "adv_object": (
        ("Name the thing that will be made or changed (a register, a portal, a decision, a "
         "report …), with a number or a date."),
        ("Назвіть, що саме буде створено чи змінено (реєстр, портал, рішення, звіт …), з цифрою "
         "або датою."),
    ),
    # verifiable: a deliverable
    "deliverable": (
        "Deliverables residents can check: {items}",
        "Результати, які мешканці можуть перевірити: {items}",
    ),
    "no_deliverable": (
        ("No deliverable residents could check (a published register, a portal, a report, a "
         "decision, an open data set …)"),
        ("Немає результату, який мешканці могли б перевірити (оприлюднений реєстр, портал, звіт, "
         "рішення, набір відкритих даних …)"),
    ),
    "adv_deliverable": (
        ("Name what residents will be able to see when it is done: a published register, a "
         "portal, a report, a council decision or an open data set."),
        ("Назвіть, що мешканці зможуть побачити, коли роботу буде виконано: оприлюднений реєстр, "
         "портал, звіт, рішення ради чи набір відкритих даних."),
    ),
    # actionable
    "act_verbs": ("Concrete activities: {items}", "Конкретні дії: {items}"),
    "act_vague_only": (
        "Only general intentions: {items}",
        "Лише загальні наміри: {items}",
    ),
    "act_no_verbs": (
        "The action does not say what will be done",
        "В описі дії не сказано, що саме буде зроблено",
    ),
    "act_steps": ("Steps planned: {n}", "Заплановано кроків: {n}"),
    "act_one_step": ("Only one step planned", "Заплановано лише один крок"),
    "adv_act_verbs": (
        ("Describe activities the team can start on Monday: publish, adopt, launch, hold, train "
         "— not 'improve' or 'promote'."),
        ("Опишіть дії, які команда може почати хоч завтра: оприлюднити, ухвалити, запустити, "
         "провести, навчити — а не «покращити» чи «сприяти»."),
    ),
    "adv_act_steps": (
        "Break the work into steps (milestones), each one something the team does.",
        "Розбийте роботу на кроки (етапи), кожен — те, що робить команда.",
    ),
    # realistic
    "res_described": ("Resources (field 15): {items}", "Ресурси (поле 15): {items}"),
    "res_vague": (
        "Resources (field 15) named without an amount or people: '{text}'",
        "Ресурси (поле 15) названо без суми чи людей: «{text}»",
    ),
    "res_missing": ("No resources described (field 15)", "Ресурси не описано (поле 15)"),
    "res_secured_yes": ("Resources secured (field 16): yes", "Ресурси забезпечено (поле 16): так"),
    "res_secured_partly": (
        "Resources secured (field 16): partly",
        "Ресурси забезпечено (поле 16): частково",
    ),
    "res_secured_no": (
        "Resources secured (field 16): no",
        "Ресурси забезпечено (поле 16): ні",
    ),
    "res_secured_missing": (
        "Not said whether the resources are secured (field 16)",
        "Не вказано, чи забезпечено ресурси (поле 16)",
    ),
    "adv_res": (
        ("Describe the resources (field 15): the budget with its amount and source, and the "
         "people who will do the work."),
        ("Опишіть ресурси (поле 15): бюджет із сумою та джерелом і людей, які виконуватимуть "
         "роботу."),
    ),
    "adv_res_secured": (
        "Say whether the resources are secured (field 16: yes, partly or no).",
        "Вкажіть, чи забезпечено ресурси (поле 16: так, частково чи ні).",
    ),
    "adv_res_partly": (
        "Say where the missing money or people will come from, and by when.",
        "Напишіть, звідки і до якого часу буде знайдено кошти чи людей, яких бракує.",
    ),
    "text_res": ("Resources mentioned: {items}", "Згадано ресурси: {items}"),
    "text_res_secured": ("Said to be secured: {items}", "Зазначено, що забезпечено: {items}"),
    "text_no_res": (
        "No budget, funding or staff mentioned",
        "Не згадано ні бюджету, ні фінансування, ні людей",
    ),
    "adv_text_res": (
        "Say what the commitment will cost, who pays, and whether the money is secured.",
        "Напишіть, скільки коштуватиме зобов’язання, хто платить і чи кошти вже передбачено.",
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
