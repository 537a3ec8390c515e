"""Trainer pathway services, one module per concern, re-exported here.
Services flush; routes commit."""

from app.pathway.services.cascade import (  # noqa: F401
    Cascade,
    OblastRow,
    Reach,
    TrainerPage,
    TrainerRow,
    cascade,
    last_deliveries,
    reach,
    trained_by,
    trainer_page,
)
from app.pathway.services.certification import (  # noqa: F401
    REFUSALS,
    TraineeRow,
    _as_recorded,
    _default_quiz_mark,
    active_certification,
    certification_rule,
    evaluate_certifications,
    is_certified,
    may_lead_municipal_cohort,
    new_code,
    record_certification,
    recorded,
    revoke_certification,
    seed_certification,
    tot_overview,
    trainee_facts,
)
from app.pathway.services.content import (  # noqa: F401
    CODE_ALPHABET,
    RUBRIC_FILE,
    TEST_FILE,
    _cache,
    _load,
    _lock,
    clean_text,
    knowledge_test,
    load_rubric,
    load_test,
    rubric,
    rubrics_dir,
)
from app.pathway.services.feedback import (  # noqa: F401
    _min_responses,
    cohort_feedback,
    feedback_is_open,
    has_answered,
    open_feedback_for,
    session_feedback,
    submit_feedback,
)
from app.pathway.services.membership import (  # noqa: F401
    is_learner,
    learners,
)
from app.pathway.services.practice import (  # noqa: F401
    blocks_of,
    can_observe,
    can_see_delivery,
    eligible_sessions,
    observe,
    record_delivery,
    reflect,
)
from app.pathway.services.prepost import (  # noqa: F401
    GainRow,
    learning_gains,
    prepost_attempt,
    prepost_is_open,
    session_span,
    submit_prepost,
)
from app.pathway.services.report import (  # noqa: F401
    CohortReport,
    SessionRow,
    cohort_report,
)
