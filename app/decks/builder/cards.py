"""Exercise slides ("cards"): the task, the time, the grouping and the output of an exercise a
block runs, under the exercise's title, never its id; and the course's exercise ids in any
slide text replaced by their titles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.content.course import Exercise, OutlineBlock
from app.decks.builder.metrics import _words

IN_SESSION = ("exercise:", "вправа:", "optional:", "за бажанням:")
HOMEWORK = ("homework:", "take-away:", "домашнє завдання:")
TASK_WORDS = 28  # the task on the slide; all of it is in the notes
OUTPUT_WORDS = 10  # the fields named as the output, at most
HOW_HEADINGS = ("how to do it", "як викон")
UNKNOWN_REF = re.compile(r"((?:^|; )(?:exercise|optional|homework|take-away|вправа|за бажанням|"
                         r"домашнє завдання): ?)([a-z0-9]+(?:-[a-z0-9]+)+)(?![\w-])",
                         re.IGNORECASE)
NOTES_BLOCK = re.compile(r"^::: *notes\s*$(.*?)^:::\s*$", re.MULTILINE | re.DOTALL)
STEP_HEADING = re.compile(r"^#{3,4}\s+(.+?)\s*$", re.MULTILINE)
SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Card:
    title: str
    task: str
    time: str
    grouping: str
    output: str
    notes: tuple[str, ...]
    exercise: Exercise | None


class Exercises:
    """The course's exercises by id and by title, and the text filter that names them."""

    def __init__(self, exercises: tuple[Exercise, ...]):
        self.by_id = {e.id: e for e in exercises}
        self.by_title = {e.title.casefold(): e for e in exercises}
        ids = sorted(self.by_id, key=len, reverse=True)
        self._ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])") \
            if ids else None

    def find(self, ref: str) -> Exercise | None:
        ref = ref.strip().strip(".").strip()
        ref = re.sub(r"\s*\(.*\)$", "", ref) if ref not in self.by_id else ref
        return self.by_id.get(ref) or self.by_title.get(ref.casefold())

    def name(self, text: str) -> str:
        """Text with every exercise id replaced by the exercise's title, and an unknown id
        after "Exercise:" or "Homework:" read as words."""
        if "-" not in text:
            return text
        if self._ids is not None:
            text = self._ids.sub(lambda m: self.by_id[m.group(1)].title, text)
        return UNKNOWN_REF.sub(lambda m: m.group(1) + _humane(m.group(2)), text)

    def in_session(self, block: OutlineBlock) -> list[tuple[str, Exercise | None]]:
        """(name as written, exercise) for each exercise the block runs in the session, from
        the library's resolution when present, else from the Activities cell."""
        resolved = getattr(block, "exercises", ())
        if resolved:
            return [(self.by_id[i].title if i in self.by_id else _humane(i), self.by_id.get(i))
                    for i in resolved]
        found = []
        for activity in block.activities:
            kind, sep, rest = activity.partition(":")
            if sep and f"{kind.strip().casefold()}:" in IN_SESSION:
                exercise = self.find(rest)
                found.append((exercise.title if exercise else _humane(rest.strip()), exercise))
        return found


def _humane(ref: str) -> str:
    """An unknown id read as words: 'problem-tree' -> 'Problem tree'."""
    ref = re.sub(r"\s*\(.*\)$", "", ref.strip())
    if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", ref):
        ref = ref.replace("-", " ").capitalize()
    return ref


def card(name: str, exercise: Exercise | None, block: OutlineBlock, span: str, shared: int,
         labels: dict[str, str]) -> Card:
    """The card of one exercise a block runs; `shared` is how many exercises the block runs
    (without `minutes` in the exercise, the time is the block's, said to be shared)."""
    minutes = getattr(exercise, "minutes", 0) if exercise is not None else 0
    shared_time = labels["time_block"].format(span=span) if shared > 1 else span
    time = f"{minutes} {labels['min']}" if minutes else shared_time
    if exercise is None:
        return Card(name, "", time, "", "", (), None)
    grouping = getattr(exercise, "grouping", "") or labels.get(
        f"mode_{exercise.mode}", exercise.mode)
    output = getattr(exercise, "output", "") or _sheet(exercise, labels)
    return Card(name, _first_words(exercise.summary, TASK_WORDS), time, grouping, output,
                _exercise_notes(exercise, labels), exercise)


def _sheet(exercise: Exercise, labels: dict[str, str]) -> str:
    """The completed sheet with its first fields named, as long as they stay short."""
    required = [f for f in exercise.fields if f.required] or list(exercise.fields)
    named: list[str] = []
    for field in required[:3]:
        if _words("; ".join([*named, field.label])) > OUTPUT_WORDS:
            break
        named.append(field.label)
    if not named:
        return labels["output_plain"]
    return labels["output_sheet"].format(fields="; ".join(named))


def _first_words(text: str, limit: int) -> str:
    """The first sentence(s) of text within `limit` words; cut at a word with '…' only when
    the first sentence alone is longer."""
    text = " ".join(text.split())
    if _words(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip()
        if _words(candidate) > limit:
            break
        kept = candidate
    return kept or " ".join(text.split()[:limit]).rstrip(",;:") + "…"


def _exercise_notes(exercise: Exercise, labels: dict[str, str]) -> tuple[str, ...]:
    """The whole task, the steps of 'How to do it' (their headings carry the minutes) and the
    exercise's own trainer notes, each joined into sentences."""
    notes = [f"{labels['task']} {' '.join(exercise.summary.split())}"]
    body = exercise.body
    sections = list(SECTION_HEADING.finditer(body))
    for n, heading in enumerate(sections):
        if heading.group(1).casefold().startswith(HOW_HEADINGS):
            end = sections[n + 1].start() if n + 1 < len(sections) else len(body)
            steps = STEP_HEADING.findall(body[heading.end():end])
            if steps:
                notes.append(labels["steps"])
                notes += [f"• {step}" for step in steps]
            break
    for block in NOTES_BLOCK.findall(body):
        notes += join_lines(block)
    return tuple(notes)


LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def join_lines(text: str) -> list[str]:
    """Source text as paragraphs: the Markdown's hard line breaks joined into sentences; a
    blank line or a list item starts a new paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or LIST_ITEM.match(line):
            if current:
                paragraphs.append(" ".join(current))
            current = [stripped] if stripped else []
        else:
            current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs
