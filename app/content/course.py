"""The course as data: modules, exercises, plans and the cycle, as the parser builds them
(plain dataclasses; the ORM models of each feature live in its models.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# languages with a folder of translations (modules/uk/...); English is the source
TRANSLATION_LANGS = ("uk",)


@dataclass(frozen=True)
class Issue:
    """A problem found in a content file; `level` is "error" or "warning"."""

    path: str
    line: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class OutlineBlock:
    start_min: int
    end_min: int
    topic: str
    key_points: tuple[str, ...]
    activities: tuple[str, ...]
    materials: tuple[str, ...]
    line: int = 0
    # Exercises named in the Activities cell: "Exercise: <title>" runs in the block,
    # "Homework: <title>" is done after it. Names as written; ids once the library resolved them.
    exercise_refs: tuple[str, ...] = ()
    homework_refs: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    homework: tuple[str, ...] = ()
    # The minute plan of the block's trainer notes ("Minute plan: presentation 10, ..."),
    # as (label, minutes) pairs, and its line.
    plan: tuple[tuple[str, int], ...] = ()
    plan_line: int = 0

    @property
    def minutes(self) -> int:
        return self.end_min - self.start_min

    @property
    def is_break(self) -> bool:
        return self.topic.casefold().startswith(("break", "перерва"))


@dataclass(frozen=True)
class Block:
    """One piece of a section: a paragraph, a bullet list, a table, a subheading or notes."""

    kind: str  # paragraph | bullets | table | heading | notes
    text: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


HANDOUT_PREFIXES = ("handout:", "пам'ятка:")


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    blocks: tuple[Block, ...]
    text: str = ""  # the section's own Markdown, heading included

    @property
    def is_handout(self) -> bool:
        """A page participants take away: "## Handout: ..." (uk "## Пам'ятка: ...")."""
        return self.title.casefold().replace("’", "'").startswith(HANDOUT_PREFIXES)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "notes")


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    type: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    explanation: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    duration_min: int
    audience: tuple[str, ...]
    objectives: tuple[str, ...]
    exercises: tuple[str, ...]
    materials: tuple[str, ...]
    key_takeaways: tuple[str, ...]
    quiz: tuple[QuizQuestion, ...]
    outline: tuple[OutlineBlock, ...]
    sections: tuple[Section, ...]
    body: str
    path: str
    content_hash: str
    lang: str = "en"
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    translation_of: str = ""
    source_hash: str = ""
    quiz_draw: int = 0  # questions drawn per attempt from the quiz pool (0: all of them)

    @property
    def handouts(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_handout)

    def section_for(self, topic: str) -> Section | None:
        key = topic.casefold().strip()
        return next((s for s in self.sections if s.title.casefold().strip() == key), None)


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    type: str
    required: bool = False
    help: str = ""
    depth: int = 0
    columns: tuple[FieldSpec, ...] = ()
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    module: str
    step: str
    mode: str
    kind: str
    summary: str
    fields: tuple[FieldSpec, ...]
    checks: tuple[str, ...]
    body: str
    path: str
    content_hash: str
    lang: str = "en"
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    translation_of: str = ""
    source_hash: str = ""
    minutes: int = 0  # in-session minutes: what a block that runs it must leave for it


@dataclass(frozen=True)
class PlanItem:
    module: str = ""
    break_title: str = ""
    minutes: int = 0

    @property
    def is_break(self) -> bool:
        return not self.module


@dataclass(frozen=True)
class PlanDay:
    title: str
    offset_days: int
    start: str  # "HH:MM"
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class SessionPlan:
    id: str
    title: str
    description: str
    days: tuple[PlanDay, ...]
    completion: dict[str, Any]
    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    content_hash: str = ""
    lang: str = "en"
    translation_of: str = ""
    source_hash: str = ""

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(i.module for d in self.days for i in d.items if i.module)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    title_uk: str
    summary: str
    phase: int


@dataclass(frozen=True)
class Phase:
    number: int
    title: str
    title_uk: str
    summary: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Library:
    modules: tuple[Module, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    plans: tuple[SessionPlan, ...] = ()
    phases: tuple[Phase, ...] = ()
    issues: tuple[Issue, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    # translations by language: {"uk": {"module:M1": Module, "exercise:...": ..., "plan:...": ...}}
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    stale: frozenset[str] = frozenset()  # "uk:module:M1" when the English changed since

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id.casefold() == module_id.casefold()), None)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def plan(self, plan_id: str) -> SessionPlan | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def translated(self, kind: str, item_id: str, lang: str):
        """(item in `lang`, note): the translation when it exists and is current, else the
        English item with a note saying why ("missing" or "stale")."""
        english = {"module": self.module, "exercise": self.exercise, "plan": self.plan}[kind](item_id)
        if lang == "en" or english is None:
            return english, ""
        key = f"{kind}:{english.id}"
        item = self.translations.get(lang, {}).get(key)
        if item is None:
            return english, "missing"
        if f"{lang}:{key}" in self.stale:
            return english, "stale"
        return item, ""

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.level == "warning")
