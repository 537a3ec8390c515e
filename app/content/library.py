"""The whole course from its files, with the checks that span files (pure: texts in)."""

from __future__ import annotations

from app.content import parser
from app.content.model import Issue, Library, Module

CYCLE_FILE = "cocreation-cycle.yaml"
EXPECTED_PHASES = 5
EXPECTED_STEPS = 18


def classify(path: str, text: str) -> str:
    """module | exercise | plan | cycle | other, from the folder, then the content."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    folder = path.replace("\\", "/").rsplit("/", 2)[-2] if "/" in path else ""
    if name == CYCLE_FILE:
        return "cycle"
    if name.endswith((".yaml", ".yml")):
        return "plan" if folder == "session_plans" or "\ndays:" in f"\n{text}" else "other"
    if not name.endswith(".md") or name.lower() == "readme.md":
        return "other"
    if folder == "modules":
        return "module"
    if folder == "exercises":
        return "exercise"
    return "exercise" if "\nmodule:" in text.split("\n---", 1)[0] else "module"


def build_library(files: dict[str, str], preferred: frozenset[str] = frozenset()) -> Library:
    """Parses every file and checks the references between them. Files in `preferred`
    (given on the command line) replace shipped ones with the same id."""
    issues: list[Issue] = []
    modules: dict[str, Module] = {}
    exercises, plans, phases = {}, {}, ()
    for path in sorted(files, key=lambda p: (p in preferred, p)):
        text = files[path]
        kind = classify(path, text)
        if kind == "module":
            item, found = parser.parse_module(text, path)
            issues += found
            if item:
                _add(modules, item, path, preferred, issues)
        elif kind == "exercise":
            item, found = parser.parse_exercise(text, path)
            issues += found
            if item:
                _add(exercises, item, path, preferred, issues)
        elif kind == "plan":
            item, found = parser.parse_plan(text, path)
            issues += found
            if item:
                _add(plans, item, path, preferred, issues)
        elif kind == "cycle":
            phases, found = parser.parse_cycle(text, path)
            issues += found
            steps = sum(len(p.steps) for p in phases)
            if not found and (len(phases), steps) != (EXPECTED_PHASES, EXPECTED_STEPS):
                issues.append(Issue(path, 1, f"the cycle has {len(phases)} phases and {steps} "
                                             f"steps, not {EXPECTED_PHASES} and {EXPECTED_STEPS}"))
    library = Library(tuple(sorted(modules.values(), key=lambda m: (len(m.id), m.id))),
                      tuple(sorted(exercises.values(), key=lambda e: e.id)),
                      tuple(sorted(plans.values(), key=lambda p: p.id)), phases)
    issues += cross_check(library)
    return Library(library.modules, library.exercises, library.plans, library.phases,
                   tuple(issues))


def _add(registry: dict, item, path: str, preferred: frozenset[str], issues: list[Issue]) -> None:
    existing = registry.get(item.id)
    if existing is not None and not (path in preferred and existing.path not in preferred):
        issues.append(Issue(path, item.lines.get("id", 1),
                            f"id {item.id!r} is already used by {existing.path}"))
        return
    registry[item.id] = item


def cross_check(library: Library) -> list[Issue]:
    issues: list[Issue] = []
    exercise_ids = {e.id for e in library.exercises}
    step_ids = {s.id for s in library.steps}
    for module in library.modules:
        for exercise_id in module.exercises:
            if exercise_id not in exercise_ids:
                issues.append(Issue(module.path, module.lines.get(f"exercise:{exercise_id}", 1),
                                    f"unknown exercise id {exercise_id!r}"))
    for exercise in library.exercises:
        if library.module(exercise.module) is None:
            issues.append(Issue(exercise.path, exercise.lines.get("module", 1),
                                f"unknown module {exercise.module!r}"))
        if step_ids and exercise.step not in step_ids:
            issues.append(Issue(exercise.path, exercise.lines.get("step", 1),
                                f"unknown co-creation step {exercise.step!r}"))
    for plan in library.plans:
        issues += _check_plan(plan, library, exercise_ids)
    return issues


def _check_plan(plan, library: Library, exercise_ids: set[str]) -> list[Issue]:
    issues = []
    for n, day in enumerate(plan.days):
        hours, minutes = (int(x) for x in day.start.split(":"))
        clock = hours * 60 + minutes
        for k, item in enumerate(day.items):
            line = plan.lines.get(f"item:{n}:{k}", 1)
            if item.module:
                module = library.module(item.module)
                if module is None:
                    issues.append(Issue(plan.path, line, f"unknown module {item.module!r}"))
                    continue
                clock += module.duration_min
            else:
                clock += item.minutes
        if clock > 24 * 60:
            issues.append(Issue(plan.path, plan.lines.get(f"day:{n}", 1),
                                f"{day.title} ends after midnight ({clock // 60}:{clock % 60:02d})"))
    completion = plan.completion
    for module_id in completion.get("modules", []) or []:
        if module_id not in plan.module_ids:
            issues.append(Issue(plan.path, plan.lines.get("completion", 1),
                                f"completion names module {module_id!r}, which the plan does not hold"))
    for module_id, ids in (completion.get("required_exercises") or {}).items():
        for exercise_id in ids or []:
            if exercise_id not in exercise_ids:
                issues.append(Issue(plan.path, plan.lines.get("completion", 1),
                                    f"completion requires unknown exercise {exercise_id!r}"))
    return issues
