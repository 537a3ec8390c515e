"""Recording completions from what happened, and the AUC dashboard's figures.
One module per concern, re-exported here. Services flush; routes commit."""

from app.orientation.services.certificates import (  # noqa: F401
    CODE_ALPHABET,
    create_api_token,
    issue_certificate,
    orientation_of,
    token_digest,
    valid_api_token,
)
from app.orientation.services.dashboard import (  # noqa: F401
    PEOPLE_SHOWN,
    STATUSES,
    Listed,
    Missing,
    Summary,
    _derive,
    _Derived,
    _kept,
    _kept_derived,
    _listed,
    _name_key,
    _named,
    _nearest_people,
    _people_kept,
    _raions_kept,
    _status_expression,
    count_summary,
    filter_listed,
    listed_hromadas,
    municipality_detail,
    municipality_rows,
    raions,
    sorted_rows,
    submitted_exercises,
    summary,
    what_is_missing,
)
from app.orientation.services.facts import (  # noqa: F401
    _quiz_best,
    cohort_facts,
)
from app.orientation.services.recording import (  # noqa: F401
    Evaluation,
    _issue_personal_certificates,
    _record_orientations,
    _revoke,
    completed_modules,
    evaluate_cohort,
    revoke_module,
    revoke_orientation,
)
from app.orientation.services.rule import (  # noqa: F401
    ATTENDANCE_RANK,
    DEFAULT_PLAN,
    rule_for,
)
