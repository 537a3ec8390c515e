"""Imports every feature's models so that Alembic and tests see the whole schema."""

from app.audit import AuditEvent  # noqa: F401
from app.auth.models import Invitation, LoginFailure, User  # noqa: F401
from app.auth.reset import PasswordReset  # noqa: F401
from app.exercises.models import ExerciseRevision, ExerciseWork, Feedback  # noqa: F401
from app.monitoring.models import (  # noqa: F401
    Assessment,
    AssessmentComment,
    Evidence,
    ImplementationMeeting,
    MemberStatus,
    MonitoringBodyMember,
    MonitoringSettings,
    StatusChange,
    TrackerUpdate,
    VoluntaryInactivity,
)
from app.orientation.models import (  # noqa: F401
    ApiToken,
    Certificate,
    ModuleCompletion,
    OrientationCompletion,
)
from app.pathway.models import (  # noqa: F401
    DeliveryObservation,
    PracticeDelivery,
    PrePostAttempt,
    SessionFeedback,
    SessionFeedbackReceipt,
    TrainerCertification,
)
from app.plans.models import (  # noqa: F401
    ActionPlan,
    Commitment,
    CommitmentChange,
    ConsultationMeeting,
    MeetingParticipant,
    Milestone,
    OgpMembership,
    PlanComment,
    PlanEndorsement,
    PlanFeedback,
    PlanJurisdiction,
)
from app.quizzes.models import QuizAttempt  # noqa: F401
from app.registry.models import Municipality  # noqa: F401
from app.scheduling.live.models import ReminderSent, SessionPause  # noqa: F401
from app.scheduling.models import (  # noqa: F401
    Attendance,
    CalendarFeed,
    Cohort,
    CohortMunicipality,
    Enrolment,
    SessionChange,
    SessionTrainer,
    TrainingSession,
)
