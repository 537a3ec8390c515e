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

One module per concern, all importable from here: base (limits and errors), numbers, rubric,
prepost, feedback, certification, cascade.
"""

from __future__ import annotations

from app.pathway.rules.base import (  # noqa: F401
    COMMENT_MAX,
    FEEDBACK_DAYS,
    FEEDBACK_MAX,
    FEEDBACK_MIN,
    FEEDBACK_SCALES,
    IMPROVE_MAX,
    INACTIVE_MONTHS,
    MIN_FEEDBACK_RESPONSES,
    PHASES,
    POST_EARLY,
    PRE_GRACE,
    REFLECTION_MAX,
    ContentError,
    Refusal,
)
from app.pathway.rules.cascade import (  # noqa: F401
    delivering,
    months_before,
)
from app.pathway.rules.certification import (  # noqa: F401
    CertificationRule,
    CertificationStatus,
    ObservationFact,
    Recorded,
    TraineeFacts,
    certification_status,
    decide,
    is_certified,
    may_lead,
    revocation_reason,
)
from app.pathway.rules.feedback import (  # noqa: F401
    FeedbackSummary,
    ScaleSummary,
    aggregate_feedback,
    feedback_by_group,
    feedback_open,
    shown_groups,
    validate_feedback,
)
from app.pathway.rules.numbers import (  # noqa: F401
    _local,
    fmt,
    mean,
    pct,
    percent,
    signed,
)
from app.pathway.rules.prepost import (  # noqa: F401
    Gain,
    GainSummary,
    KnowledgeTest,
    learning_gain,
    paper,
    parse_test,
    prepost_open,
    test_version,
)
from app.pathway.rules.rubric import (  # noqa: F401
    Criterion,
    ObservationScore,
    Rubric,
    parse_rubric,
    score_observation,
)
