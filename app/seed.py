"""Demo data for `make run` (idempotent: a second run adds nothing)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.auth.services import NewUser, create_user, user_by_email
from app.exercises.models import ExerciseWork
from app.exercises.services import open_work, save
from app.orientation.services import evaluate_cohort, rule_for
from app.pathway.services import seed_certification
from app.quizzes.models import QuizAttempt
from app.registry.services import municipality_by_code
from app.scheduling.models import Cohort
from app.scheduling.services import CohortSpec, create_cohort_from_plan, enrol, mark

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


DEMO_COHORTS = (
    # name, plan, days from today, participants' email prefixes
    ("Демо: Вінниця та Буча, навчання тренерів", "tot-two-day", -30, ("vinnytsia", "bucha")),
    ("Демо: Тростянець, онлайн", "online-five-week", 14, ("trostianets",)),
)

DEMO_TREE = {
    "core_problem": "Мешканці не можуть простежити, як громада витрачає кошти на відбудову",
    "affected_groups": "Мешканці пошкоджених будинків, ОСББ, місцеві підприємці",
    "causes": [
        {"text": "Звіти про відбудову публікують у PDF-сканах", "children": [
            {"text": "Немає стандарту відкритих даних", "children": [
                {"text": "У відділі немає аналітика даних", "children": []}]}]},
        {"text": "Рішення ухвалюють без обговорення", "children": []},
    ],
    "effects": [{"text": "Падає довіра до ради", "children": [
        {"text": "Менше людей долучається до громадського бюджету", "children": []}]}],
    "evidence": "Опитування 2025 року: 68% не знають, куди звертатися по інформацію",
}


def _demo_progress(db: Session, cohort, participants, library) -> None:
    """Vinnytsia's team finishes everything (orientation complete); Bucha's team has not yet
    submitted its commitment, so the dashboard shows one of each."""
    rule = rule_for(library, cohort.plan_id, cohort)
    for user in participants:
        for module_id in rule.modules:
            db.add(QuizAttempt(user_id=user.id, module_id=module_id, cohort_id=cohort.id,
                               quiz_version="demo", questions=[], answers={}, score=80, passed=True,
                               pass_mark=60))
    teams = sorted({u.municipality_id for u in participants})
    required = [e for ids in rule.required_exercises.values() for e in ids]
    for index, municipality_id in enumerate(teams):
        for exercise_id in required if index == 0 else required[:-1]:
            if exercise_id == "problem-tree" and index == 0:
                work = db.scalar(select(ExerciseWork).where(
                    ExerciseWork.cohort_id == cohort.id, ExerciseWork.exercise_id == exercise_id,
                    ExerciseWork.municipality_id == municipality_id))
                if work is not None:
                    work.status = "submitted"
                    continue
            db.add(ExerciseWork(exercise_id=exercise_id, cohort_id=cohort.id,
                                municipality_id=municipality_id, data={}, status="submitted"))
    db.flush()
    evaluate_cohort(db, cohort, library)


def seed_demo_cohorts(db: Session, library) -> list[str]:
    """Two demo cohorts: one delivered a month ago (attendance and a problem tree), one
    starting in two weeks. Skipped when a cohort of that name exists."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    admin = user_by_email(db, "admin@spilno.test")
    lead = user_by_email(db, "trainer1@spilno.test")
    co_trainer = user_by_email(db, "trainer2@spilno.test")
    if not (admin and lead and co_trainer):
        return ["demo cohorts: skipped (demo users missing)"]
    lines = []
    for trainer in (lead, co_trainer):  # only certified trainers lead municipal cohorts
        if seed_certification(db, trainer) is not None:
            lines.append(f"demo trainer certified: {trainer.email}")
    for name, plan_id, offset, prefixes in DEMO_COHORTS:
        if db.scalar(select(Cohort.id).where(Cohort.name == name)):
            continue
        plan = library.plan(plan_id)
        day = datetime.now(ZoneInfo("Europe/Kyiv")).date() + timedelta(days=offset)
        start = datetime.combine(day, datetime.strptime(plan.days[0].start, "%H:%M").time())
        participants = [u for u in db.scalars(select(User).where(User.role == "participant"))
                        if u.email.split(".")[0] in prefixes]
        spec = CohortSpec(name=name, lead_trainer_id=lead.id, plan_id=plan_id,
                          co_trainer_ids=[co_trainer.id],
                          municipality_codes=[u.municipality.code for u in participants])
        cohort = create_cohort_from_plan(db, spec, library, start, admin,
                                         now=datetime.now(ZoneInfo("UTC")) + timedelta(days=offset - 1),
                                         venue="Київ, вул. Січових Стрільців, 37" if offset < 0 else "",
                                         online_link="" if offset < 0 else "https://meet.example.org/spilno")
        for user in participants:
            enrol(db, cohort, user, admin)
        if offset < 0:
            for session in cohort.sessions:
                session.status = "delivered"
                for user in participants:
                    mark(db, session, user, "present", lead)
            tree_owner = participants[0]
            work = open_work(db, library.exercise("problem-tree"), cohort, tree_owner, library, "uk")
            data = {**work.data, **DEMO_TREE}
            save(db, work.id, work.version, data, tree_owner.id)
            _demo_progress(db, cohort, participants, library)
        lines.append(f"demo cohort: {name} (join code {cohort.join_code})")
    db.flush()
    return lines
