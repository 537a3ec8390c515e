"""Demo action plan and monitoring for `make run`: Vinnytsia's submitted OGP Local plan
(app/demo/vinnytsia_plan.json) and its first quarters of monitoring, stored through the plans
and monitoring services as the hromada's own people would (idempotent: nothing is added when
Vinnytsia already has a plan). Services flush; the `seed` command commits."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.auth.services import user_by_email
from app.monitoring import calendar as cal
from app.monitoring import services as monitoring
from app.plans import evidence, rules, services, vocab
from app.plans.models import ActionPlan
from app.registry.services import municipality_by_code

PLAN_FILE = Path(__file__).parent / "demo" / "vinnytsia_plan.json"
CODE = "UA05020030000031457"
GOVERNMENT = "vinnytsia.gov@spilno.test"     # writes the plan and posts the tracker updates
CIVIL_SOCIETY = "vinnytsia.cso@spilno.test"
MONITORING_BODY = "observer@spilno.test"     # stands in for the Podillia Analytical Centre
JOINED = date(2025, 9, 15)
SUBMITTED_DAYS_BEFORE_START = 5
COUNCIL_DECISION = "Рішення виконавчого комітету № 612 «Про затвердження Плану дій OGP Local на 2026–2028 роки»"
FORUM = "Форум відкритого врядування Вінниці"

# Co-creation meetings of the forum: (date, title, government guests, non-government guests).
MEETINGS = (
    (date(2026, 1, 20), "Старт спільного творення: які проблеми громади розв’язуємо", 4, 9),
    (date(2026, 2, 3), "Відкриті дані про відновлення та закупівлі", 3, 7),
    (date(2026, 2, 17), "Громадський бюджет, рада та доступні послуги", 3, 8),
    (date(2026, 3, 10), "Обговорення проєкту плану дій", 5, 11),
)
ENDORSEMENTS = (
    ("plan", "ГО «Відкрите місто»", "Мар'яна Ткаченко", date(2026, 3, 16)),
    ("plan", "Рада внутрішньо переміщених осіб Вінниці", "Вікторія Мороз", date(2026, 3, 17)),
    ("monitoring_body", "Правозахисна група «Доступне місто»", "Сергій Литвин", date(2026, 3, 18)),
)

# Tracker updates by quarter: commitment number -> (completion, Ukrainian, English[, evidence]).
# 2026-Q3 moves no commitment up the scale and commitment 5 (started in September) has no
# update yet, so the monitoring page shows the calendar's early warning.
TRACKER: dict[str, dict[int, tuple[Any, ...]]] = {
    "2026-Q2": {
        1: ("limited",
            "Виконком затвердив стандарт даних про відновлення: 14 полів для черги ремонтів, "
            "договорів і платежів. У трьох департаментах призначено відповідальних за оновлення.",
            "The executive committee approved the reconstruction data standard: 14 fields for "
            "the repair queue, contracts and payments. Three departments named the staff who "
            "will keep the data current.",
            ("legal_act", "https://example.org/vinnytsia/vykonkom-612-standart-danykh.pdf")),
        2: ("limited",
            "Проєкт змін до положення про громадський бюджет оприлюднено для обговорення: "
            "голосувати зможуть ВПО, взяті на облік у Вінниці. Надійшло 37 пропозицій.",
            "Draft changes to the participatory budget rules were published for comment: "
            "displaced people registered in Vinnytsia will be able to vote. 37 comments came in."),
        3: ("limited",
            "Закуплено камери для зали сесій; з 15 червня всі пленарні засідання зберігаються "
            "в архіві з позначками питань порядку денного.",
            "Cameras were bought for the session hall; since 15 June every plenary session is "
            "archived with its agenda items marked."),
        4: ("limited",
            "Підписано меморандум із трьома громадськими організаціями, створено моніторингову "
            "групу із 7 осіб. Надіслано перші 12 запитів замовникам.",
            "A memorandum was signed with three civic organisations and a monitoring group of "
            "7 people was set up. The first 12 requests went to procuring entities."),
    },
    "2026-Q3": {
        1: ("limited",
            "Оприлюднено чергу ремонтів для мікрорайону Замостя (214 будинків). Публікацію "
            "договорів відкладено: юристи ще узгоджують, які персональні дані треба приховати.",
            "The repair queue for the Zamostia neighbourhood (214 buildings) is published. "
            "Publishing the contracts is delayed while lawyers agree which personal data to hide."),
        2: ("limited",
            "Зміни до положення обговорили на двох публічних слуханнях; розгляд на сесії "
            "перенесено на жовтень, бо серпневу сесію не скликали.",
            "The rule changes were discussed at two public hearings; the council vote moved to "
            "October because no session was held in August."),
        3: ("limited",
            "Трансляції засідань комісій ще не почалися: постачальник затримав обладнання для "
            "малої зали до жовтня. Сесії й далі транслюються та архівуються.",
            "Committee meetings are not streamed yet: the supplier delayed the equipment for the "
            "small hall until October. Sessions are still streamed and archived."),
        4: ("limited",
            "Група переглянула 23 закупівлі з найвищим ризиком за індикаторами DOZORRO. "
            "Замовники відповіли на 17 запитів; 6 відповідей ще чекаємо.",
            "The group reviewed the 23 riskiest tenders flagged by DOZORRO. Procuring entities "
            "answered 17 requests; 6 answers are still awaited."),
    },
}

INCEPTION = {
    "spaces": "Форум зібрався чотири рази, на кожному засіданні неурядових учасників було більше, "
              "ніж посадовців. Пропозиції громадськості враховано у трьох зобов’язаннях.",
    "information": "Анонси й протоколи засідань публікували на сайті ради та в соцмережах міста; "
                   "проєкт плану був відкритий для коментарів два тижні.",
    "relevance": "Усі п’ять зобов’язань стосуються прозорості; друге й п’яте розширюють участь "
                 "для переміщених осіб і людей з інвалідністю.",
    "verifiability": "Більшість етапів мають чіткі результати й строки. Для третього зобов’язання "
                     "варто додати кількісну ціль щодо субтитрів.",
    "impact": "Найбільший потенціал мають відкриті дані про відновлення та спільний моніторинг "
              "закупівель: обидва стосуються коштів, щодо яких довіра найнижча.",
}

IMPLEMENTATION_MEETINGS = (
    (date(2026, 6, 18), "Форум: перший квартал виконання плану", {"government": 6,
                                                                 "civil_society": 8,
                                                                 "other_non_governmental": 2}),
    (date(2026, 10, 22), "Форум: огляд трекера за третій квартал", {"government": 5,
                                                                    "civil_society": 7,
                                                                    "other_non_governmental": 3}),
)


def load_plan() -> dict[str, Any]:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def _vision(plan: rules.Plan) -> dict[str, Any]:
    """What the plan page stores: the written items (A and B follow from the plan's dates)."""
    return {key: value for key, value in plan.vision.items()
            if key in vocab.VISION_REQUIRED + ("D", "I")}


def seed_demo_plan(db: Session, today: date | None = None) -> list[str]:
    """Vinnytsia's submitted action plan, its co-creation evidence and its monitoring so far."""
    municipality = municipality_by_code(db, CODE)
    author = user_by_email(db, GOVERNMENT)
    partner = user_by_email(db, CIVIL_SOCIETY)
    monitor = user_by_email(db, MONITORING_BODY)
    if municipality is None or not (author and partner and monitor):
        return ["demo action plan: skipped (Vinnytsia or its demo users missing)"]
    if db.scalar(services.plans_of(municipality.id).limit(1)) is not None:
        return []
    today = today or monitoring.today_kyiv()
    data = load_plan()
    value = rules.parse_plan(data)
    start, end, term_end = value.period_start, value.period_end, value.jurisdictions[0].term_end
    if not (start and end and term_end):
        raise ValueError(f"{PLAN_FILE.name}: the period and the term end are needed")
    submitted = start - timedelta(days=SUBMITTED_DAYS_BEFORE_START)

    membership = services.ensure_membership(db, municipality)
    services.update_membership(db, membership, {
        "joined_on": JOINED, "term_end": term_end, "elections_apply": True,
        "contact_name": author.name, "contact_email": author.email,
        "monitoring_body": value.monitoring_body["uk"]}, membership.version)
    plan = services.create_plan(db, membership, author)
    services.save_plan(db, plan, {
        "period_start": start, "period_end": end, "vision": _vision(value),
        "monitoring_body": value.monitoring_body,
        "monitoring_body_endorsed": value.monitoring_body_endorsed, "forum": FORUM,
        "council_decision": COUNCIL_DECISION,
        "council_decision_on": submitted - timedelta(days=1)}, plan.version, author)
    for item in data["commitments"]:
        commitment = services.new_commitment(db, plan, author)
        services.save_commitment(db, commitment, item, commitment.version, author)
    _cocreation(db, plan, author, partner)
    services.set_status(db, plan, "ready", author)
    services.set_status(db, plan, "submitted", author, today=submitted)
    lines = [f"demo action plan: {municipality.name_uk}, {len(plan.commitments)} commitments, "
             f"submitted {submitted.isoformat()}"]
    lines += _monitoring(db, municipality.id, plan, author, monitor, today)
    return lines


def _cocreation(db: Session, plan: ActionPlan, author, partner) -> None:
    for held_on, title, guests_gov, guests_non in MEETINGS:
        evidence.add_meeting(db, plan, held_on, "co_creation", title, [author.id, partner.id],
                             guests_gov, guests_non)
    for scope, organisation, person, endorsed_on in ENDORSEMENTS:
        evidence.add_endorsement(db, plan, scope, organisation, person, endorsed_on)


def _monitoring(db: Session, municipality_id: int, plan: ActionPlan, author, monitor,
                today: date) -> list[str]:
    """Tracker updates for the plan's quarters that have ended, the forum's implementation
    meetings, the Monitoring Body with its inception report, the public page."""
    by_number = {c.number: c for c in plan.commitments}
    ended = [q for q in cal.quarters_between(plan.period_start, plan.period_end)
             if cal.quarter_bounds(q)[1] < today and q in TRACKER]
    posted = 0
    for quarter in ended:
        for number, (completion, uk, en, *proof) in TRACKER[quarter].items():
            kind, url = proof[0] if proof else ("", "")
            monitoring.post_update(db, municipality_id, author.id, monitoring.UpdateInput(
                commitment_id=by_number[number].id, milestone_id=None, quarter=quarter,
                completion=completion, narrative_uk=uk, narrative_en=en, evidence_type=kind,
                evidence_url=url), today=today)
            posted += 1
    for held_on, title, counts in IMPLEMENTATION_MEETINGS:
        if held_on <= today:
            monitoring.add_meeting(db, municipality_id, author.id, held_on, title, counts)
    monitoring.add_body_member(db, municipality_id, monitor.email, None)
    if plan.submitted_on and plan.submitted_on <= today:
        monitoring.file_assessment(db, municipality_id, "inception", INCEPTION, monitor.id)
    monitoring.set_public(db, municipality_id, True)
    monitoring.feed_token(db, municipality_id)
    monitoring.refresh_status(db, [municipality_id], today)
    return [f"demo monitoring: {posted} tracker updates ({', '.join(ended) or 'no quarter ended'}), "
            f"Monitoring Body {monitor.email}, public page on"]

