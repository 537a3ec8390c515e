"""Automatic checks named in exercise definitions: a registry of name -> check (pure).

Each check takes the exercise and its data and returns a CheckResult with findings in the
user's language; the page shows them beside the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.content.course import Exercise
from app.exercises.roadmap import check_roadmap
from app.exercises.smart import check_commitment, criterion_label
from app.i18n import catalogue


@dataclass(frozen=True)
class Finding:
    level: str  # ok | warning | error
    message: str


@dataclass
class CheckResult:
    name: str
    title: str
    findings: list[Finding] = field(default_factory=list)
    score: int | None = None
    details: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings)


def _t(lang: str, en: str, uk: str) -> str:
    return uk if lang == "uk" else en


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def check_smart(exercise: Exercise, data: dict, lang: str) -> CheckResult:

    values = _checked_labels(exercise, data, "ogp_values")
    tr = catalogue(lang)
    result = check_commitment({**data, "ogp_values": values}, lang=lang, translations=tr)
    findings = [Finding("ok" if c["verdict"] == "met" else "warning" if c["verdict"] == "partly"
                        else "error",
                        f"{criterion_label(name, tr)}: {c['advice'] or '; '.join(c['evidence'])}")
                for name, c in result["criteria"].items()]
    findings += [Finding("ok" if r["ok"] else "error", r["message"]) for r in result["rules"]]
    return CheckResult("smart", _t(lang, "SMART check", "Перевірка SMART"), findings,
                       result["score"], result)


def _checked_labels(exercise: Exercise, data: dict, field_id: str) -> list[str]:
    spec = next((f for f in exercise.fields if f.id == field_id), None)
    if spec is None:
        return []
    return [spec.items[i] for i in data.get(field_id) or [] if 0 <= i < len(spec.items)]


def check_roadmap_dates(exercise: Exercise, data: dict, lang: str) -> CheckResult:

    steps = [{**row, "step": row.get("step_id", "")} for row in data.get("steps") or []]
    issues = check_roadmap(_date(data.get("plan_start")), _date(data.get("plan_end")), steps, lang)
    findings = [Finding(i.level, i.message) for i in issues] or [
        Finding("ok", _t(lang, "Dates are consistent.", "Дати узгоджені."))]
    return CheckResult("roadmap_dates", _t(lang, "Roadmap dates", "Дати дорожньої карти"), findings)


def check_plan_period(exercise: Exercise, data: dict, lang: str) -> CheckResult:
    """OGP Local: the plan ends at least two months before the administration's term ends,
    and lasts long enough for commitments of at least a year."""
    start, end, term = (_date(data.get(k)) for k in ("plan_start", "plan_end", "term_end"))
    title = _t(lang, "Plan period", "Період плану дій")
    if not (start and end and term):
        return CheckResult("plan_period", title, [Finding("warning", _t(
            lang, "Enter the plan's start and end and the end of the term to check the period.",
            "Вкажіть початок і кінець плану та дату завершення повноважень, щоб перевірити період."))])
    findings = []
    if end <= start:
        findings.append(Finding("error", _t(lang, "The plan ends before it starts.",
                                            "План закінчується раніше, ніж починається.")))
    latest_end = _months_before(term, 2)
    if end > latest_end:
        findings.append(Finding("error", _t(
            lang, f"The plan ends on {end:%d.%m.%Y}; it must end by {latest_end:%d.%m.%Y}, two months "
                  "before the term ends.",
            f"План закінчується {end:%d.%m.%Y}; він має завершитися до {latest_end:%d.%m.%Y}, "
            "за два місяці до кінця повноважень.")))
    if end > start and end < _add_years(start, 1):
        findings.append(Finding("warning", _t(
            lang, "The plan is shorter than a year: commitments must last at least one year.",
            "План коротший за рік, а зобов'язання мають тривати щонайменше рік.")))
    return CheckResult("plan_period", title, findings or [Finding("ok", _t(
        lang, "The plan period fits the OGP Local rules.", "Період плану відповідає правилам OGP Local."))])


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return day - timedelta(days=61)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


REQUIREMENTS = (
    ("req_forum", "A forum where government and others meet", "Форум, де зустрічаються влада та інші сторони"),
    ("req_regularity", "Regular meetings (one during co-creation, two a year after)",
     "Регулярні зустрічі (одна під час спільного творення, дві на рік після)"),
    ("req_multistakeholder", "Government and non-government members", "Урядові та неурядові учасники"),
    ("req_endorsement", "Endorsement by non-governmental stakeholders", "Схвалення неурядовими сторонами"),
)


def check_minimum_requirements(exercise: Exercise, data: dict, lang: str) -> CheckResult:
    findings = []
    for key, en, uk in REQUIREMENTS:
        status = data.get(key)
        action = (data.get(f"{key}_action") or "").strip()
        name = _t(lang, en, uk)
        if status == "met":
            findings.append(Finding("ok", _t(lang, f"{name}: met", f"{name}: виконано")))
        elif status == "missing" and action:
            findings.append(Finding("warning", _t(lang, f"{name}: missing; planned: {action}",
                                                  f"{name}: бракує; заплановано: {action}")))
        elif status == "missing":
            findings.append(Finding("error", _t(lang, f"{name}: missing; say what is needed to meet it",
                                                f"{name}: бракує; опишіть, що потрібно для виконання")))
        else:
            findings.append(Finding("warning", _t(lang, f"{name}: not assessed yet", f"{name}: ще не оцінено")))
    return CheckResult("minimum_requirements",
                       _t(lang, "OGP Local minimum requirements", "Мінімальні вимоги OGP Local"), findings)


def _checklist_check(name: str, field_id: str, en: str, uk: str):
    def check(exercise: Exercise, data: dict, lang: str) -> CheckResult:
        spec = next((f for f in exercise.fields if f.id == field_id), None)
        items = spec.items if spec else ()
        ticked = set(data.get(field_id) or [])
        findings = [Finding("warning", _t(lang, f"Not yet: {item}", f"Ще ні: {item}"))
                    for i, item in enumerate(items) if i not in ticked]
        done = len(items) - len(findings)
        findings.insert(0, Finding("ok" if not findings else "warning",
                                   _t(lang, f"{done} of {len(items)} ticked", f"Відмічено {done} з {len(items)}")))
        return CheckResult(name, _t(lang, en, uk), findings)

    return check


CHECKS: dict[str, Callable[[Exercise, dict, str], CheckResult]] = {
    "smart": check_smart,
    "roadmap_dates": check_roadmap_dates,
    "plan_period": check_plan_period,
    "minimum_requirements": check_minimum_requirements,
    "problem_definition": _checklist_check("problem_definition", "definition_check",
                                           "Problem definition checklist", "Перевірка визначення проблеми"),
    "solutions_checklist": _checklist_check("solutions_checklist", "solutions_check",
                                            "Solutions checklist", "Перевірка рішень"),
}


def run_checks(exercise: Exercise, data: dict, lang: str = "en") -> list[CheckResult]:
    return [CHECKS[name](exercise, data, lang) for name in exercise.checks if name in CHECKS]
