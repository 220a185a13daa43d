"""Errors raised by core services: a stable code (asserted by tests and clients), a French message
(translated through gettext) and, when one input is at fault, the field it concerns."""

from enum import StrEnum

from config.errors import CodedError


class ApplicationError(CodedError):
    """A core service's refusal (see config.errors.CodedError)."""


class CommonErrorCode(StrEnum):
    INVALID = "invalid"
    CONFLICT = "conflict"
    DATES_INVERTED = "dates_inverted"
    AMOUNT_NEGATIVE = "amount_negative"
    NOT_IN_REGION = "not_in_region"


class PartnerErrorCode(StrEnum):
    NAME_TAKEN = "partner_name_taken"
    SERVICE_POINT_NAME_TAKEN = "service_point_name_taken"


class ProgramErrorCode(StrEnum):
    CODE_TAKEN = "program_code_taken"
    AGE_RANGE_INVALID = "age_range_invalid"


class AgreementErrorCode(StrEnum):
    NO_PARTY = "agreement_no_party"
    PARTY_INVALID = "agreement_party_invalid"
    PARTY_DUPLICATE = "agreement_party_duplicate"
    CONTRIBUTION_NEGATIVE = "contribution_negative"
    DELIVERABLE_DONE_WITHOUT_DATE = "deliverable_done_without_date"
    TARGET_NEGATIVE = "target_negative"


class ParticipantErrorCode(StrEnum):
    CONSENT_REQUIRED = "consent_required"
    CONSENT_NO_PURPOSE = "consent_no_purpose"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    IDENTITY_REQUIRED = "identity_required"
    COUNTRY_REQUIRED = "origin_country_required"
    JOURNEY_STEP_BACKWARDS = "journey_step_backwards"
    JOURNEY_DATE_REQUIRED = "journey_date_required"
    JOURNEY_STEP_NOT_REACHED = "journey_step_not_reached"
    CONSENT_IN_FUTURE = "consent_in_future"
    ALREADY_ERASED = "participant_already_erased"


class EnrollmentErrorCode(StrEnum):
    ALREADY_OPEN = "enrollment_already_open"
    AGE_OUT_OF_RANGE = "age_out_of_range"
    PROGRAM_INACTIVE = "program_inactive"
    TRANSITION_INVALID = "enrollment_transition_invalid"
    CLOSED = "enrollment_closed"
    OUTCOME_INVALID = "outcome_invalid"


class InterventionErrorCode(StrEnum):
    MINUTES_INVALID = "minutes_invalid"
    NO_SUBJECT = "intervention_no_subject"
    ENROLLMENT_MISMATCH = "enrollment_mismatch"
    GROUP_SIZE_INVALID = "group_size_invalid"


class RetentionErrorCode(StrEnum):
    NOT_SETTLED = "participant_not_settled"
    STATUS_INVALID = "retention_status_invalid"


class ActivityErrorCode(StrEnum):
    HEADCOUNT_NEGATIVE = "headcount_negative"
    ALREADY_ATTENDING = "already_attending"
