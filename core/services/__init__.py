"""Every write on a region's workspace: keyword-only, atomic, named <entity>_<action>, one module
per area (partners, programs, team, directory, agreements, participants, enrollments,
interventions, activities, privacy).

Each raises core.errors.ApplicationError with a stable code when the input breaks a rule, and
exports the field set it accepts (`<ENTITY>_FIELDS`) so that serializers and forms never retype
it. Writes on a person's file record their Law 25 audit event inside the same transaction.
`actor` is always the user acting.
"""

from core.services.activities import (
    activity_attendance_add,
    activity_attendance_remove,
    activity_create,
    activity_reach_set,
    activity_update,
)
from core.services.agreements import (
    PartySpec,
    agreement_create,
    agreement_party_add,
    agreement_party_update,
    agreement_update,
    deliverable_create,
    deliverable_update,
    funder_create,
    funder_update,
    indicator_target_set,
)
from core.services.directory import (
    schedule_add,
    service_assure,
    service_create,
    service_point_create,
    service_point_update,
    service_update,
)
from core.services.enrollments import (
    enrollment_outcome_record,
    enrollment_transition,
    migration_outcome_record,
    participant_enroll,
)
from core.services.imports import (
    import_check,
    import_commit,
    import_commit_failed,
    import_commit_start,
    import_undo,
    imports_interrupted_mark,
)
from core.services.interventions import intervention_delete, intervention_log, intervention_update
from core.services.jobs import report_job_create, report_job_fail, report_job_finish, report_job_progress
from core.services.participants import (
    participant_consent_record,
    participant_consent_withdraw,
    participant_identity_update,
    participant_intake,
    participant_journey_advance,
    participant_update,
    retention_followup_record,
    retention_followups_schedule,
)
from core.services.partners import partner_create, partner_update
from core.services.privacy import participant_erase, participant_export
from core.services.programs import (
    objective_add,
    objective_update,
    program_create,
    program_update,
    strategy_create,
    strategy_update,
)
from core.services.team import (
    committee_create,
    committee_meeting_record,
    committee_meeting_update,
    committee_update,
    team_member_create,
    team_member_update,
)

__all__ = [
    "report_job_create",
    "report_job_fail",
    "report_job_finish",
    "report_job_progress",
    "PartySpec",
    "activity_attendance_add",
    "activity_attendance_remove",
    "activity_create",
    "activity_reach_set",
    "activity_update",
    "agreement_create",
    "agreement_party_add",
    "agreement_party_update",
    "agreement_update",
    "committee_create",
    "committee_meeting_record",
    "committee_meeting_update",
    "committee_update",
    "deliverable_create",
    "deliverable_update",
    "enrollment_outcome_record",
    "enrollment_transition",
    "funder_create",
    "funder_update",
    "import_check",
    "import_commit",
    "import_commit_failed",
    "import_commit_start",
    "imports_interrupted_mark",
    "import_undo",
    "indicator_target_set",
    "intervention_delete",
    "intervention_log",
    "intervention_update",
    "migration_outcome_record",
    "objective_add",
    "objective_update",
    "participant_consent_record",
    "participant_consent_withdraw",
    "participant_enroll",
    "participant_erase",
    "participant_export",
    "participant_identity_update",
    "participant_intake",
    "participant_journey_advance",
    "participant_update",
    "partner_create",
    "partner_update",
    "program_create",
    "program_update",
    "retention_followup_record",
    "retention_followups_schedule",
    "schedule_add",
    "service_assure",
    "service_create",
    "service_point_create",
    "service_point_update",
    "service_update",
    "strategy_create",
    "strategy_update",
    "team_member_create",
    "team_member_update",
]
