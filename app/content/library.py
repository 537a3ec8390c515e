"""The whole course from its files, with the checks that span files (pure: texts in)."""

from __future__ import annotations

import dataclasses
import re

from app.content import markdown as md
from app.content import parser
from app.content.course import TRANSLATION_LANGS, Exercise, Issue, Library, Module

CYCLE_FILE = "cocreation-cycle.yaml"
EXPECTED_PHASES = 5
EXPECTED_STEPS = 18



def language_of(path: str) -> str:
    """Translations live in a language folder: modules/uk/01-....md is Ukrainian."""
    parts = path.replace("\\", "/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-2] in TRANSLATION_LANGS else "en"


def classify(path: str, text: str) -> str:
    """module | exercise | plan | cycle | other, from the folder, then the content."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in TRANSLATION_LANGS]
    name = parts[-1]
    folder = parts[-2] if len(parts) >= 2 else ""
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
    translated: dict[str, dict[str, object]] = {}
    for path in sorted(files, key=lambda p: (p in preferred, p)):
        text = files[path]
        kind = classify(path, text)
        lang = language_of(path)
        if lang != "en":
            item, found = _parse_translation(kind, text, path, lang)
            issues += found
            if item is not None:
                translated.setdefault(lang, {})[f"{kind}:{item.id}"] = item
            continue
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
    english_exercises = tuple(sorted(exercises.values(), key=lambda e: e.id))
    for name, module in list(modules.items()):
        modules[name], found = resolve_exercises(module, english_exercises)
        issues += found
    for _lang, items in translated.items():
        own = _translated_exercises(english_exercises, items)
        for key, item in list(items.items()):
            if key.startswith("module:"):
                items[key], found = resolve_exercises(item, own)
                issues += found
    library = Library(tuple(sorted(modules.values(), key=lambda m: (len(m.id), m.id))),
                      english_exercises, tuple(sorted(plans.values(), key=lambda p: p.id)), phases)
    issues += cross_check(library)
    stale, translation_issues = check_translations(library, translated)
    issues += translation_issues
    return Library(library.modules, library.exercises, library.plans, library.phases,
                   tuple(issues), translations=translated, stale=frozenset(stale))


def _parse_translation(kind: str, text: str, path: str, lang: str):
    if kind == "module":
        return parser.parse_module(text, path, lang)
    if kind == "exercise":
        return parser.parse_exercise(text, path, lang)
    if kind == "plan":
        return parser.parse_plan(text, path, lang)
    return None, []


def _translated_exercises(english: tuple[Exercise, ...], items: dict) -> tuple[Exercise, ...]:
    """The exercises in one language: the translation where there is one, else the English."""
    return tuple(items.get(f"exercise:{e.id}", e) for e in english)


def resolve_exercises(module: Module, exercises: tuple[Exercise, ...]) -> tuple[Module, list[Issue]]:
    """Turns the exercise titles named in the outline into ids and checks the timing: one
    exercise runs in a block, it fits the block's minutes and the block's minute plan gives
    it exactly its minutes; every exercise of the module has a place (in a block or after it)."""
    issues: list[Issue] = []
    by_name = {e.title.casefold(): e for e in exercises}
    blocks, placed = [], set()
    for block in module.outline:
        ids = {}
        for kind, refs in (("in-session", block.exercise_refs), ("homework", block.homework_refs)):
            found = []
            for ref in refs:
                exercise = by_name.get(ref.casefold())
                if exercise is None:
                    issues.append(Issue(module.path, block.line, f"{block.topic!r} names an unknown "
                                                                 f"exercise {ref!r} (use its title)"))
                    continue
                if exercise.id not in module.exercises:
                    issues.append(Issue(module.path, block.line, f"{block.topic!r} names "
                                        f"{exercise.title!r}, which is not in the module's exercises"))
                found.append(exercise)
                placed.add(exercise.id)
            ids[kind] = found
        running = ids["in-session"]
        if len(running) > 1:
            issues.append(Issue(module.path, block.line, f"{block.topic!r} runs "
                                f"{len(running)} exercises; run one in the block and give the "
                                f"others as homework"))
        for exercise in running[:1]:
            if exercise.minutes > block.minutes:
                issues.append(Issue(module.path, block.line, f"{exercise.title!r} takes "
                                    f"{exercise.minutes} minutes, more than the {block.minutes} of "
                                    f"{block.topic!r}"))
            elif not block.plan:
                issues.append(Issue(module.path, block.line, f"{block.topic!r} runs an exercise "
                                    f"but its trainer notes give no minute plan"))
            else:
                given = [n for label, n in block.plan
                         if label.casefold().startswith(parser.EXERCISE_PARTS)]
                if given != [exercise.minutes]:
                    issues.append(Issue(module.path, block.plan_line, f"the minute plan of "
                                        f"{block.topic!r} gives the exercise {given or 'no'} minutes, "
                                        f"but {exercise.title!r} takes {exercise.minutes}"))
        blocks.append(dataclasses.replace(block, exercises=tuple(e.id for e in running),
                                          homework=tuple(e.id for e in ids["homework"])))
    for exercise_id in module.exercises:
        if exercise_id not in placed and any(e.id == exercise_id for e in exercises):
            issues.append(Issue(module.path, module.lines.get(f"exercise:{exercise_id}", 1),
                                f"exercise {exercise_id!r} has no place in the outline "
                                f"(name it as an exercise or as homework of a block)"))
    return dataclasses.replace(module, outline=tuple(blocks)), issues


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
TABLE_ROW = re.compile(r"^\s*\|(?!\s*:?-{3,})")


def body_structure(body: str) -> list[tuple[str, int, int, int, int, int, int]]:
    """Per `#`/`##` section: (title, subheadings, notes blocks, list items, table rows, list
    items in notes, table rows in notes). A translation has the same numbers as its source."""
    result = []
    for section in md.sections(body):
        blocks = section.blocks
        notes = [b.text for b in blocks if b.kind == "notes"]
        note_lines = [line for text in notes for line in text.splitlines()]
        result.append((section.title,
                       sum(b.kind == "heading" for b in blocks), len(notes),
                       sum(len(b.items) for b in blocks if b.kind == "bullets"),
                       sum(len(b.rows) for b in blocks if b.kind == "table"),
                       sum(bool(LIST_ITEM.match(line)) for line in note_lines),
                       sum(bool(TABLE_ROW.match(line)) for line in note_lines)))
    return result


STRUCTURE_PARTS = ("subheadings", "notes blocks", "list items", "table rows",
                   "list items in notes", "table rows in notes")


def structure_difference(mine: str, theirs: str) -> str:
    """'' when the bodies have the same structure, else where the first difference is."""
    own, source = body_structure(mine), body_structure(theirs)
    if len(own) != len(source):
        return f"{len(own) - 1} sections, the source has {len(source) - 1}"
    for index, (a, b) in enumerate(zip(own, source, strict=True)):
        for name, x, y in zip(STRUCTURE_PARTS, a[1:], b[1:], strict=False):
            if x != y:
                where = f"section {index} ({a[0]!r})" if a[0] else "the text before the first heading"
                return f"{where} has {x} {name}, the source's ({b[0]!r}) has {y}"
    return ""


def _module_shape(module: Module) -> dict:
    return {"outline times": [(b.start_min, b.end_min) for b in module.outline],
            "topics count": len(module.outline), "exercise ids": list(module.exercises),
            "block exercises": [(b.exercises, b.homework) for b in module.outline],
            "minute plans": [tuple(n for _, n in b.plan) for b in module.outline],
            "duration": module.duration_min,
            "quiz answers": [(len(q.options), q.answer) for q in module.quiz],
            "quiz draw": module.quiz_draw}


def _exercise_shape(exercise) -> dict:
    return {"module": exercise.module, "step": exercise.step, "mode": exercise.mode,
            "kind": exercise.kind, "checks": list(exercise.checks), "minutes": exercise.minutes,
            "fields": [(f.id, f.type, f.required, f.depth, [(c.id, c.type) for c in f.columns],
                        len(f.items), [v for v, _ in f.options]) for f in exercise.fields]}


def _plan_shape(plan) -> dict:
    return {"days": [(d.offset_days, d.start, [(i.module, i.minutes) for i in d.items])
                     for d in plan.days], "completion": plan.completion}


SHAPES = {"module": ("modules", _module_shape), "exercise": ("exercises", _exercise_shape),
          "plan": ("plans", _plan_shape)}


def check_translations(library: Library, translated: dict[str, dict]) -> tuple[set[str], list[Issue]]:
    """A translation must have the structure of its English source (errors) and is stale
    when the English file changed after it was made (a warning: the English is shown)."""
    stale: set[str] = set()
    issues: list[Issue] = []
    for lang, items in translated.items():
        for key, item in items.items():
            kind, item_id = key.split(":", 1)
            collection, shape = SHAPES[kind]
            source = next((x for x in getattr(library, collection) if x.id == item_id), None)
            if source is None:
                issues.append(Issue(item.path, item.lines.get("id", 1),
                                    f"translation of an unknown {kind} {item_id!r}"))
                continue
            if item.translation_of and item.translation_of != source.path:
                issues.append(Issue(item.path, 1, f"translation_of names {item.translation_of}, "
                                                  f"but {item_id} is {source.path}"))
            mine, theirs = shape(item), shape(source)
            differing = [name for name in theirs if mine[name] != theirs[name]]
            structure = structure_difference(item.body, source.body) if kind != "plan" else ""
            if differing:
                issues.append(Issue(item.path, 1, f"differs from {source.path} in: "
                                                  f"{', '.join(differing)}"))
            if structure:
                issues.append(Issue(item.path, 1, f"body structure differs from {source.path}: "
                                                  f"{structure}"))
            if differing or structure:
                stale.add(f"{lang}:{key}")
            elif item.source_hash != source.content_hash:
                issues.append(Issue(item.path, item.lines.get("source_hash", 1),
                                    f"stale: {source.path} changed since this translation "
                                    f"(source_hash {item.source_hash or 'missing'}, now "
                                    f"{source.content_hash})", "warning"))
                stale.add(f"{lang}:{key}")
    return stale, issues


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
    for _module_id, ids in (completion.get("required_exercises") or {}).items():
        for exercise_id in ids or []:
            if exercise_id not in exercise_ids:
                issues.append(Issue(plan.path, plan.lines.get("completion", 1),
                                    f"completion requires unknown exercise {exercise_id!r}"))
    return issues
