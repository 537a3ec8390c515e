"""What the SMART check looks for in text: English and Ukrainian stems as regular expressions,
and the small helpers that normalise text and collect evidence."""

from __future__ import annotations

import re

from app.exercises.smart.messages import Translator, _t


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
        r"аудит\w*", r"звіту(?:в|ю|є|й)\w*", r"звітован\w*", r"нагляд\w*"),
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
    r"запущ\w*", r"організов\w*", r"розміщ\w*",
    r"розроб\w*", r"ухвал\w*", r"затверд\w*", r"запровад\w*", r"впровад\w*", r"провед\w*",
    r"провест\w*", r"провів", r"провел\w*", r"провод(?:и|я|ж)\w*", r"навч\w*", r"встанов\w*",
    r"сформ\w*", r"підготу\w*", r"підготов\w*",
    r"онов\w*", r"інтегр\w*", r"розмі[сщ]т\w*", r"забезпеч\w*", r"модерніз\w*", r"оцифр\w*",
    r"організу\w*", r"відкри(?!т(?:і|их|им|ими|ий|а|ої|у|е|ого|ому|іст\w*|ост\w*)(?!\w))\w*")

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

# A map in every case: карта, карти, карт, картою ... (not картка, a card), and мапа.
_UK_MAP = r"(?:карт|мап)(?:а|и|у|і|о|ою|ам|ами|ах)?(?!\w)"

# Things a commitment makes or changes: without one (and without a figure or a date) a text
# such as "The city will improve transparency and engage citizens" is not specific.
OBJECT = _rx(
    r"regist(?:er|ry|ries)\w*", r"portal\w*", r"web ?site\w*", r"site\w*", r"web ?page\w*",
    r"page\w*", r"report\w*", r"decision\w*", r"data(?:set)?s?", r"map\w*", r"dashboard\w*",
    r"queue\w*", r"contract\w*", r"budget\w*", r"criteri\w*", r"procedure\w*", r"regulation\w*",
    r"rules", r"polic(?:y|ies)", r"app(?:s|lication\w*)?", r"platform\w*", r"petition\w*",
    r"lists?(?!\w)", r"plan\w*", r"program\w*", r"database\w*", r"system\w*", r"service\w*",
    r"minutes", r"hearing\w*", r"forum\w*", r"survey\w*", r"questionnaire\w*", r"standard\w*",
    r"tool\w*", r"forms?(?!\w)", r"schedule\w*", r"chat-?bot\w*", r"guide\w*", r"course\w*",
    r"training\w*", r"meeting\w*", r"campaign\w*",
    r"реєстр\w*", r"портал\w*", r"(?:веб-?)?сайт\w*", r"сторінк\w*", r"звіт\w*", r"рішенн\w*",
    r"дан(?:і|их|ими)(?!\w)", r"набо?р\w* даних", _UK_MAP, r"рішень",
    r"дашборд\w*", r"черг(?:а|и|у|о|ою|ам|ами|ах)?(?!\w)", r"черзі", r"договор\w*", r"договір",
    r"бюджет\w*", r"критері\w*", r"поряд(?:ок|к\w*)", r"положенн\w*", r"положень",
    r"регламент\w*", r"правил\w*",
    r"політик\w*", r"застосун\w*", r"платформ\w*", r"петиці\w*", r"перелік\w*", r"переліку",
    r"план(?:у|и|ів|ом|і|ам|ами|ах|ові)?(?!\w)", r"програм\w*", r"баз\w* даних", r"систем\w*",
    r"сервіс\w*", r"послуг\w*", r"послузі", r"сторін(?:к\w*|ц\w*|ок)", r"протокол\w*", r"слухан\w*",
    r"форум\w*", r"засідан\w*",
    r"опитуван\w*", r"анкет\w*", r"стандарт\w*", r"інструмент\w*", r"форм[аиуі](?!\w)",
    r"графік\w*", r"чат-?бот\w*", r"посібник\w*", r"курс\w*", r"тренінг\w*", r"зустріч\w*",
    r"кампані\w*", r"цнап\w*")

# Deliverables a resident can check for himself: a published register, a portal, a report, a
# decision, an open data set, a map, minutes, a broadcast ...
DELIVERABLE = _rx(
    r"regist(?:er|ry|ries)\w*", r"portal\w*", r"web ?site\w*", r"report\w*", r"decision\w*",
    r"data ?sets?", r"open data", r"map(?!\w)", r"maps", r"dashboard\w*", r"minutes",
    r"publication\w*", r"published", r"platform\w*", r"mobile app\w*", r"e-petition\w*",
    r"live ?stream\w*", r"broadcast\w*", r"resolution\w*", r"order\w* (?:of|by) the mayor",
    r"реєстр\w*", r"портал\w*", r"(?:веб-?)?сайт\w*", r"звіт\w*", r"рішенн\w*",
    r"набо?р\w* (?:відкритих )?даних", r"відкрит\w* дан\w*", _UK_MAP, r"рішень",
    r"дашборд\w*", r"протокол\w*", r"публікац\w*", r"оприлюднен\w*", r"опублікован\w*",
    r"платформ\w*", r"застосун\w*", r"е-петиці\w*", r"електронн\w* петиці\w*",
    r"трансляці\w*", r"розпорядженн\w*", r"розпоряджень")

# Field 15 in pasted text: money, people or time set aside for the commitment.
RESOURCE = _rx(
    r"budget\w*", r"uah", r"hryvn\w*", r"eur(?:o|os)?(?!\w)", r"usd", r"fund\w*", r"grant\w*",
    r"donor\w*", r"staff\w*", r"employee\w*", r"volunteer\w*", r"resource\w*", r"cost\w*",
    r"бюджет\w*", r"грн", r"гривень", r"гривн\w*", r"тис\.", r"кошт\w*", r"фінансуван\w*",
    r"грант\w*", r"донор\w*", r"працівник\w*", r"співробітник\w*", r"фахів\w*", r"волонтер\w*",
    r"ресурс\w*", r"витрат\w*", r"фонд\w*")
SECURED_WORDS = _rx(
    r"secured", r"allocated", r"earmarked", r"approved in the budget", r"(?:is|are) provided",
    r"committed", r"передбачен\w*", r"виділен\w*", r"закладен\w*", r"затверджен\w* у бюджеті",
    r"забезпечен\w* фінансуван\w*")

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


def _label(output: str, tr: Translator, limit: int = 60) -> str:
    text = " ".join(output.split())
    if not text:
        return _t(tr, "no_output")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

