"""Demo data for `make run` (idempotent: a second run adds nothing)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.admin.services import municipality_by_code
from app.auth.services import NewUser, create_user, user_by_email

# Demo passwords are for a local demo only; `seed --demo` is never run in production.
DEMO_PASSWORD = "spilno-demo-2026"

DEMO_USERS = [
    NewUser("admin@spilno.test", "Олена Коваленко", "admin", organisation="АМУ"),
    NewUser("observer@spilno.test", "Андрій Мельник", "observer", organisation="АМУ"),
    NewUser("trainer1@spilno.test", "Ірина Бондаренко", "trainer", organisation="АМУ"),
    NewUser("trainer2@spilno.test", "Mark Evans", "trainer", locale="en",
            organisation="OGP Local"),
    NewUser("vinnytsia.gov@spilno.test", "Тарас Шевчук", "participant",
            "UA05020030000031457", "government", "Вінницька міська рада",
            "Начальник відділу цифрової трансформації"),
    NewUser("vinnytsia.cso@spilno.test", "Мар'яна Ткаченко", "participant",
            "UA05020030000031457", "civil_society", "ГО «Відкрите місто»", "Координаторка"),
    NewUser("bucha.gov@spilno.test", "Олександр Кравчук", "participant",
            "UA32080070000050759", "government", "Бучанська міська рада", "Заступник міського голови"),
    NewUser("bucha.cso@spilno.test", "Світлана Гнатюк", "participant",
            "UA32080070000050759", "civil_society", "БФ «Громада разом»", "Голова правління"),
    NewUser("trostianets.gov@spilno.test", "Богдан Лисенко", "participant",
            "UA59040130000041676", "government", "Тростянецька міська рада", "Секретар ради"),
    NewUser("trostianets.other@spilno.test", "Наталія Зайченко", "participant",
            "UA59040130000041676", "other_non_governmental", "Місцевий бізнес-клуб", "Членкиня"),
]


def seed_demo(db: Session) -> list[str]:
    """Creates what is missing; returns lines for the console, including the logins."""
    lines = []
    created = 0
    for spec in DEMO_USERS:
        if spec.municipality_code and municipality_by_code(db, spec.municipality_code) is None:
            lines.append(f"skipped {spec.email}: hromada {spec.municipality_code} not loaded")
            continue
        if user_by_email(db, spec.email) is None:
            create_user(db, spec, None, DEMO_PASSWORD)
            created += 1
    lines.append(f"demo users: created {created}")
    lines.append(f"demo logins (password for all: {DEMO_PASSWORD}):")
    lines.extend(f"  {spec.role:<12} {spec.email}" for spec in DEMO_USERS)
    return lines
