"""Scheduling services, one module per concern (cohorts, sessions, enrolment,
attendance, calendars), re-exported here. Services flush; routes commit."""

from app.scheduling.access import (  # noqa: F401
    can_manage,
    can_view,
    is_member,
    trainer_ids,
    visible_cohorts,
)
from app.scheduling.services.attendance import (  # noqa: F401
    AttendanceGrid,
    GridRow,
    attendance_grid,
    import_attendance,
    mark,
    self_check_in,
)
from app.scheduling.services.calendar import (  # noqa: F401
    __all__,
    calendar_feed,
    feed_owner,
    my_sessions,
    upcoming_sessions,
)
from app.scheduling.services.cohorts import (  # noqa: F401
    CohortSpec,
    check_zone,
    create_cohort,
    create_cohort_from_plan,
    regenerate_join_code,
    set_cohort_status,
    set_municipalities,
    unique_join_code,
    validate_text,
)
from app.scheduling.services.enrolment import (  # noqa: F401
    PARTICIPANT_COLUMNS,
    ParticipantImport,
    enrol,
    import_participants,
    join_with_code,
    learner_count,
    learners,
)
from app.scheduling.services.sessions import (  # noqa: F401
    SessionReport,
    _check_session_times,
    _local,
    _safe_link,
    add_session,
    reschedule,
    save_report_notes,
    session_report,
    set_late_minutes,
    set_session_status,
    toggle_block_done,
)
