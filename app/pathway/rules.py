"""The trainer pathway and the assessment of learning, as data and pure functions.

No flask, no sqlalchemy, no I/O: values in, dataclasses out, so every rule is unit-tested
without an app.

- The observation rubric and the pre/post knowledge test are content (YAML read by the
  services); `parse_rubric` and `parse_test` turn the loaded mappings into dataclasses.
- Observation score: each criterion 1..max; an observation passes when the AVERAGE of its
  criterion scores is at least the rubric's pass mark (compared exactly, as fractions).
- Certification: every module of the ToT plan completed (not revoked), the quiz of each of
  those modules passed (best score >= the quiz pass mark), and at least `min_observations`
  observed practice deliveries whose average reaches the observation pass mark. It is recorded
  once, with the rule version and the evidence; a recorded certification is never rewritten by
  a later evaluation (not by a rule change, not after a revocation).
- Only admins, or holders of an active certification, may lead a municipal (non-ToT) cohort.
- Learning gain: post-test score minus pre-test score, in percentage points, per participant
  who took both; the cohort's gain is the mean of those.
- Session feedback is anonymous: aggregates only, and nothing is shown for fewer than
  `MIN_FEEDBACK_RESPONSES` answers (with one or two answers the trainer could guess who).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from app.quizzes import scoring

PHASES = ("pre", "post")
PRE_GRACE = timedelta(minutes=30)      # the pre-test stays open 30 minutes into the first session
POST_EARLY = timedelta(minutes=30)     # the post-test opens 30 minutes before the last one ends
FEEDBACK_DAYS = 30                     # feedback can be given until 30 days after a session
INACTIVE_MONTHS = 6                    # no delivery for six months: shown as not delivering
MIN_FEEDBACK_RESPONSES = 3
FEEDBACK_SCALES = ("usefulness", "pace", "trainer")
FEEDBACK_MIN, FEEDBACK_MAX = 1, 5
REFLECTION_MAX = 3000
COMMENT_MAX = 1000
IMPROVE_MAX = 2000


class ContentError(ValueError):
    """A rubric or test file that cannot be used, with a message naming what is wrong."""


class Refusal(ValueError):
    """A rule refused an action; `code` says why (the services word it for people)."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


# --- numbers as people read them -------------------------------------------------------------

def fmt(value: Fraction | float | None, places: int = 1) -> str:
    """A number rounded half up to `places` decimals ("—" for none): the same text on the page
    and in the PDF."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        number = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        number = Decimal(str(value))
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    text = str(number.quantize(quantum, rounding=ROUND_HALF_UP))
    return "0" + text[2:] if text.startswith("-0") and Decimal(text) == 0 else text


def _local(text: str, lang: str) -> str:
    """Ukrainian writes a decimal comma: 66,7."""
    return text.replace(".", ",") if lang == "uk" else text


def pct(value: Fraction | int | None, places: int = 1, lang: str = "en") -> str:
    """A percentage: "66.7%" in English, "66,7 %" in Ukrainian (no-break space; "—" for none)."""
    if value is None:
        return "—"
    text = _local(fmt(value, places), lang)
    return f"{text}\u00a0%" if lang == "uk" else f"{text}%"


def signed(value: Fraction | int | None, places: int = 1, lang: str = "en") -> str:
    """A gain with its sign: +12.5, -3.0, 0.0 (+12,5 in Ukrainian)."""
    if value is None:
        return "—"
    text = fmt(value, places)
    return _local(text if text.startswith("-") or Decimal(text) == 0 else f"+{text}", lang)


def mean(values: Sequence[int | Fraction]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


# --- the observation rubric ------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    label_uk: str = ""
    guide: str = ""
    guide_uk: str = ""

    def text(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.label_uk or self.label, self.guide_uk or self.guide
        return self.label, self.guide


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    title: str
    title_uk: str
    intro: str
    intro_uk: str
    scale_min: int
    scale_max: int
    scale_labels: Mapping[int, tuple[str, str]]  # score -> (English, Ukrainian)
    pass_mark: Fraction                          # on the average of the criterion scores
    criteria: tuple[Criterion, ...]
    rule_version: int = 1
    plan_id: str = "tot-two-day"
    min_observations: int = 1

    def localized(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.title_uk or self.title, self.intro_uk or self.intro
        return self.title, self.intro

    def scale_label(self, score: int, lang: str) -> str:
        en, uk = self.scale_labels.get(score, (str(score), str(score)))
        return uk if lang == "uk" and uk else en


def _text(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{key}: a text is required")
    return " ".join(value.split())


def _number(value: Any, name: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ContentError(f"{name}: a number is required")
    try:
        return Fraction(str(value))
    except ValueError:
        raise ContentError(f"{name}: a number is required") from None


def parse_rubric(data: Any) -> Rubric:
    if not isinstance(data, Mapping):
        raise ContentError("the rubric must be a mapping")
    scale = data.get("scale") or {}
    low, high = scale.get("min", 1), scale.get("max", 4)
    if not (isinstance(low, int) and isinstance(high, int) and 0 <= low < high <= 10):
        raise ContentError("scale: min and max must be whole numbers, min below max")
    labels_en = scale.get("labels") or {}
    labels_uk = scale.get("labels_uk") or {}
    labels = {n: (str(labels_en.get(n, n)), str(labels_uk.get(n, labels_en.get(n, n))))
              for n in range(low, high + 1)}
    pass_mark = _number(data.get("pass_mark"), "pass_mark")
    if not low <= pass_mark <= high:
        raise ContentError("pass_mark: must lie on the scale")
    criteria = []
    for index, item in enumerate(data.get("criteria") or []):
        if not isinstance(item, Mapping):
            raise ContentError(f"criteria[{index}]: a mapping is required")
        criterion = Criterion(id=_text(item, "id"), label=_text(item, "label"),
                              label_uk=_text(item, "label_uk", False), guide=_text(item, "guide", False),
                              guide_uk=_text(item, "guide_uk", False))
        criteria.append(criterion)
    if not criteria:
        raise ContentError("criteria: at least one criterion is required")
    if len({c.id for c in criteria}) != len(criteria):
        raise ContentError("criteria: ids must be unique")
    certification = data.get("certification") or {}
    version = data.get("version", 1)
    rule_version = certification.get("rule_version", 1)
    minimum = certification.get("min_observations", 1)
    for name, value in (("version", version), ("rule_version", rule_version),
                        ("min_observations", minimum)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ContentError(f"{name}: a whole number of at least 1 is required")
    return Rubric(id=_text(data, "id"), version=version, title=_text(data, "title"),
                  title_uk=_text(data, "title_uk", False), intro=_text(data, "intro", False),
                  intro_uk=_text(data, "intro_uk", False), scale_min=low, scale_max=high,
                  scale_labels=labels, pass_mark=pass_mark, criteria=tuple(criteria),
                  rule_version=rule_version, plan_id=str(certification.get("plan") or "tot-two-day"),
                  min_observations=minimum)


@dataclass(frozen=True)
class ObservationScore:
    total: int
    count: int
    passed: bool

    @property
    def average(self) -> Fraction:
        return Fraction(self.total, self.count)


def score_observation(rubric: Rubric, scores: Mapping[str, Any]) -> ObservationScore:
    """Every criterion must be scored on the scale; Refusal("score", criterion id) otherwise."""
    values = []
    for criterion in rubric.criteria:
        raw = scores.get(criterion.id)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise Refusal("score", criterion.id) from None
        if isinstance(raw, bool) or not rubric.scale_min <= value <= rubric.scale_max:
            raise Refusal("score", criterion.id)
        values.append(value)
    total = sum(values)
    return ObservationScore(total, len(values), Fraction(total, len(values)) >= rubric.pass_mark)


# --- the pre/post knowledge test -----------------------------------------------------------------

@dataclass(frozen=True)
class KnowledgeTest:
    id: str
    version: int
    title: str
    title_uk: str
    intro: str
    intro_uk: str
    questions: tuple[Mapping[str, Any], ...]

    def localized(self, lang: str) -> tuple[str, str]:
        if lang == "uk":
            return self.title_uk or self.title, self.intro_uk or self.intro
        return self.title, self.intro


def parse_test(data: Any) -> KnowledgeTest:
    if not isinstance(data, Mapping):
        raise ContentError("the test must be a mapping")
    questions = []
    for index, item in enumerate(data.get("questions") or []):
        name = f"questions[{index}]"
        if not isinstance(item, Mapping):
            raise ContentError(f"{name}: a mapping is required")
        kind = item.get("type", "single")
        options = item.get("options") or []
        options_uk = item.get("options_uk") or options
        answer = item.get("answer") or []
        if kind not in scoring.QUESTION_TYPES:
            raise ContentError(f"{name}.type: single or multiple")
        if len(options) < 2 or len(options_uk) != len(options):
            raise ContentError(f"{name}.options: two or more, and as many in options_uk")
        if not answer or any(not isinstance(a, int) or not 0 <= a < len(options) for a in answer):
            raise ContentError(f"{name}.answer: indices of options, counted from 0")
        if kind == "single" and len(answer) != 1:
            raise ContentError(f"{name}.answer: a single-choice question has one answer")
        questions.append({"question": _text(item, "question"),
                          "question_uk": _text(item, "question_uk", False),
                          "type": kind, "options": [str(o) for o in options],
                          "options_uk": [str(o) for o in options_uk],
                          "answer": sorted(set(answer))})
    if not questions:
        raise ContentError("questions: at least one question is required")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ContentError("version: a whole number is required")
    return KnowledgeTest(id=_text(data, "id"), version=version, title=_text(data, "title"),
                         title_uk=_text(data, "title_uk", False), intro=_text(data, "intro", False),
                         intro_uk=_text(data, "intro_uk", False), questions=tuple(questions))


def paper(test: KnowledgeTest, lang: str) -> list[dict[str, Any]]:
    """The questions as served in `lang` (a quizzes snapshot: question, type, options, answer).
    The answer keys are the same in every language, so scores compare across languages."""
    uk = lang == "uk"
    return scoring.snapshot(
        {"question": (q["question_uk"] or q["question"]) if uk else q["question"],
         "type": q["type"], "options": q["options_uk"] if uk else q["options"],
         "answer": q["answer"], "explanation": ""} for q in test.questions)


def test_version(test: KnowledgeTest) -> str:
    """A short hash of the questions and keys (in English): changes when the test changes."""
    text = json.dumps([[q["question"], q["type"], q["options"], q["answer"]] for q in test.questions],
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def prepost_open(phase: str, first_start: datetime | None, last_end: datetime | None,
                 now: datetime) -> bool:
    """The pre-test is open until 30 minutes into the first session (always, while nothing is
    scheduled); the post-test from 30 minutes before the last session ends."""
    if phase == "pre":
        return first_start is None or now < first_start + PRE_GRACE
    if phase == "post":
        return last_end is not None and now >= last_end - POST_EARLY
    return False


@dataclass(frozen=True)
class Gain:
    user_id: int
    pre: int | None
    post: int | None

    @property
    def gain(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class GainSummary:
    people: tuple[Gain, ...]          # every participant, in the order given
    paired: int                       # took both tests
    average_pre: Fraction | None      # over the paired participants
    average_post: Fraction | None
    average_gain: Fraction | None
    pre_only: int
    post_only: int


def learning_gain(user_ids: Iterable[int], pre: Mapping[int, int], post: Mapping[int, int]) -> GainSummary:
    people = tuple(Gain(u, pre.get(u), post.get(u)) for u in user_ids)
    both = [g for g in people if g.gain is not None]
    return GainSummary(
        people=people, paired=len(both),
        average_pre=mean([g.pre for g in both]), average_post=mean([g.post for g in both]),
        average_gain=mean([g.gain for g in both]),
        pre_only=sum(g.pre is not None and g.post is None for g in people),
        post_only=sum(g.post is not None and g.pre is None for g in people))


# --- session feedback ------------------------------------------------------------------------------

def feedback_open(start: datetime, end: datetime, status: str, now: datetime) -> bool:
    """From the session's start until 30 days after its end; never for a cancelled one."""
    return status != "cancelled" and start <= now <= end + timedelta(days=FEEDBACK_DAYS)


def validate_feedback(values: Mapping[str, Any]) -> dict[str, Any]:
    """{usefulness, pace, trainer: 1..5, improve: text}; Refusal(field) otherwise."""
    clean: dict[str, Any] = {}
    for scale in FEEDBACK_SCALES:
        try:
            value = int(values.get(scale))
        except (TypeError, ValueError):
            raise Refusal("scale", scale) from None
        if not FEEDBACK_MIN <= value <= FEEDBACK_MAX:
            raise Refusal("scale", scale)
        clean[scale] = value
    improve = str(values.get("improve") or "").strip()
    if len(improve) > IMPROVE_MAX:
        raise Refusal("too_long", "improve")
    clean["improve"] = improve
    return clean


@dataclass(frozen=True)
class ScaleSummary:
    scale: str
    mean: Fraction | None
    counts: tuple[int, ...]  # how many chose 1, 2, 3, 4, 5


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    shown: bool                       # enough answers to show anything but the count
    scales: tuple[ScaleSummary, ...]
    comments: tuple[str, ...]         # sorted alphabetically: the order tells nothing
    protecting: bool = False          # enough answers, withheld so that a smaller group
                                      # cannot be worked out by subtraction

    def scale(self, name: str) -> ScaleSummary:
        return next(s for s in self.scales if s.scale == name)


def aggregate_feedback(rows: Iterable[Mapping[str, Any]],
                       min_responses: int = MIN_FEEDBACK_RESPONSES,
                       withhold: bool = False) -> FeedbackSummary:
    """Answers -> means, distributions and comments; below `min_responses` only the count
    (and only the count when `withhold`: see `shown_groups`)."""
    rows = list(rows)
    enough = len(rows) >= max(1, min_responses)
    shown = enough and not withhold
    scales = []
    for scale in FEEDBACK_SCALES:
        values = [int(r[scale]) for r in rows]
        counts = tuple(sum(v == n for v in values) for n in range(FEEDBACK_MIN, FEEDBACK_MAX + 1))
        scales.append(ScaleSummary(scale, mean(values) if shown else None,
                                   counts if shown else ()))
    comments = sorted((str(r.get("improve") or "").strip() for r in rows), key=str.casefold)
    return FeedbackSummary(len(rows), shown, tuple(scales),
                           tuple(c for c in comments if c) if shown else (), enough and withhold)


def shown_groups(counts: Mapping[Any, int], min_responses: int = MIN_FEEDBACK_RESPONSES) -> set[Any]:
    """Which groups (sessions) may show their answers next to the total of all of them.

    A group below `min_responses` is withheld. But the total minus the groups shown is the
    sum of the groups withheld: when that is above 0 and below `min_responses`, it is a small
    group laid bare. Then more groups are withheld (the smallest first: complementary
    suppression) until what is withheld adds up to `min_responses` or more, or to nothing.
    """
    k = max(1, min_responses)
    total = sum(counts.values())
    shown = {group for group, n in counts.items() if n >= k}
    while shown and 0 < total - sum(counts[g] for g in shown) < k:
        shown.remove(min(shown, key=lambda g: (counts[g], str(g))))
    return shown


def feedback_by_group(groups: Mapping[Any, Iterable[Mapping[str, Any]]],
                      min_responses: int = MIN_FEEDBACK_RESPONSES
                      ) -> tuple[dict[Any, FeedbackSummary], FeedbackSummary]:
    """Per-group summaries and the summary of all answers, safe to show side by side: no
    difference between what is shown is a group smaller than `min_responses`."""
    rows = {group: list(answers) for group, answers in groups.items()}
    shown = shown_groups({g: len(r) for g, r in rows.items()}, min_responses)
    per_group = {g: aggregate_feedback(r, min_responses, withhold=g not in shown)
                 for g, r in rows.items()}
    return per_group, aggregate_feedback([a for r in rows.values() for a in r], min_responses)


# --- certification -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificationRule:
    version: int
    plan_id: str
    modules: tuple[str, ...]
    quiz_modules: tuple[str, ...]         # the plan's modules that have a quiz
    quiz_pass_mark: int                   # percent
    observation_pass_mark: Fraction       # average of the criterion scores
    min_observations: int = 1


@dataclass(frozen=True)
class ObservationFact:
    observation_id: int
    total: int
    count: int

    @property
    def average(self) -> Fraction:
        return Fraction(self.total, self.count) if self.count else Fraction(0)


@dataclass(frozen=True)
class TraineeFacts:
    user_id: int
    completed_modules: frozenset[str] = frozenset()         # recorded and not revoked
    quiz_best: Mapping[str, int] = field(default_factory=dict)  # module id -> best percent
    observations: tuple[ObservationFact, ...] = ()


@dataclass(frozen=True)
class CertificationStatus:
    met: bool
    missing: tuple[str, ...]   # "module:M1", "quiz:M1", "observation"
    evidence: Mapping[str, Any]


def certification_status(rule: CertificationRule, facts: TraineeFacts) -> CertificationStatus:
    missing = [f"module:{m}" for m in rule.modules if m not in facts.completed_modules]
    for module_id in rule.quiz_modules:
        best = facts.quiz_best.get(module_id)
        if best is None or best < rule.quiz_pass_mark:
            missing.append(f"quiz:{module_id}")
    passing = [o for o in facts.observations if o.count and o.average >= rule.observation_pass_mark]
    if len(passing) < rule.min_observations:
        missing.append("observation")
    evidence = {
        "rule_version": rule.version, "plan": rule.plan_id,
        "modules": sorted(m for m in rule.modules if m in facts.completed_modules),
        "quizzes": {m: facts.quiz_best.get(m) for m in rule.quiz_modules},
        "quiz_pass_mark": rule.quiz_pass_mark,
        "observations": [{"id": o.observation_id, "average": fmt(o.average, 2)} for o in passing],
        "observation_pass_mark": fmt(rule.observation_pass_mark, 2),
    }
    return CertificationStatus(not missing, tuple(missing), evidence)


@dataclass(frozen=True)
class Recorded:
    """A certification already recorded for the trainee."""

    rule_version: int
    revoked: bool = False


def decide(rule: CertificationRule, facts: TraineeFacts, recorded: Recorded | None) -> str:
    """"keep": something is recorded already (certified or revoked) and stays as it is;
    "record": the rule is met for the first time; "wait": not met yet."""
    if recorded is not None:
        return "keep"
    return "record" if certification_status(rule, facts).met else "wait"


def is_certified(recorded: Recorded | None) -> bool:
    return recorded is not None and not recorded.revoked


def may_lead(role: str, certified: bool, is_tot: bool = False) -> bool:
    """Who may lead a cohort: for a training of trainers, any trainer (the existing role
    check); for a municipal cohort, an admin or a certified trainer."""
    return is_tot or role == "admin" or certified


def revocation_reason(actor_role: str, reason: str, recorded: Recorded | None) -> str:
    """The cleaned reason, or Refusal("admin_only" | "nothing" | "already" | "reason")."""
    if actor_role != "admin":
        raise Refusal("admin_only")
    if recorded is None:
        raise Refusal("nothing")
    if recorded.revoked:
        raise Refusal("already")
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 1000:
        raise Refusal("reason", "reason")
    return reason


# --- the cascade --------------------------------------------------------------------------------------

def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day when shorter)."""
    import calendar

    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def delivering(last_delivery: datetime | None, now: datetime, months: int = INACTIVE_MONTHS) -> bool:
    """Whether a trainer delivered a session in the last `months` months."""
    return last_delivery is not None and last_delivery >= months_before(now, months)
