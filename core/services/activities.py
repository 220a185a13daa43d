"""Writes on activities: named attendance and anonymous headcounts, kept apart."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ActivityErrorCode, ApplicationError, CommonErrorCode
from core.models import (
    Activity,
    ActivityAttendance,
    ActivityReach,
    AgeGroup,
    AuditAction,
    Participant,
    TeamMember,
)
from core.services._common import ensure_dates_ordered, validate_and_save, write_fields

ACTIVITY_FIELDS = (
    "title",
    "kind",
    "start_date",
    "program",
    "agreement",
    "deliverable",
    "organizer",
    "end_date",
    "place",
    "city",
    "description",
)


def _check_activity(activity: Activity) -> None:
    ensure_dates_ordered(
        activity.start_date,
        activity.end_date,
        field="end_date",
        message=_("La fin d'une activité ne peut précéder son début."),
    )
    if activity.deliverable is not None and activity.agreement is None:
        activity.agreement = activity.deliverable.agreement


@transaction.atomic
def activity_create(
    *,
    title: str,
    kind: str,
    start_date,
    reach: Mapping[str, int] | None = None,
    participants: Iterable[Participant] = (),
    team_members: Iterable[TeamMember] = (),
    actor=None,
    **fields,
) -> Activity:
    """An activity with, optionally, its anonymous headcounts by age band and its named attendance."""
    activity = Activity(title=title, kind=kind, start_date=start_date)
    write_fields(
        activity, ACTIVITY_FIELDS, fields, check=_check_activity, relations={"team_members": team_members}
    )
    for age_band, headcount in (reach or {}).items():
        activity_reach_set(activity=activity, age_band=age_band, headcount=headcount)
    for participant in participants:
        activity_attendance_add(activity=activity, participant=participant, actor=actor)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    reach: Mapping[str, int] | None = None,
    team_members: Iterable[TeamMember] | None = None,
    **fields,
) -> Activity:
    """Change an activity; `reach` sets the headcount of each age band given (0 removes a band)."""
    if "deliverable" in fields:
        fields.setdefault("agreement", activity.agreement)  # a deliverable may bring its agreement
    write_fields(
        activity, ACTIVITY_FIELDS, fields, check=_check_activity, relations={"team_members": team_members}
    )
    for age_band, headcount in (reach or {}).items():
        activity_reach_set(activity=activity, age_band=age_band, headcount=headcount)
    return activity


REACH_FIELDS = ("age_band", "headcount")


@transaction.atomic
def activity_reach_set(*, activity: Activity, age_band: str, headcount: int) -> ActivityReach | None:
    """Set the number of unnamed people reached in one age band (0 removes the band)."""
    if age_band not in AgeGroup.values:
        raise ApplicationError(
            code=CommonErrorCode.INVALID, detail=_("Tranche d'âge inconnue."), field="age_band"
        )
    if not isinstance(headcount, int) or headcount < 0:
        raise ApplicationError(
            code=ActivityErrorCode.HEADCOUNT_NEGATIVE,
            detail=_("Le nombre de personnes ne peut pas être négatif."),
            field="headcount",
        )
    if headcount == 0:
        ActivityReach.objects.filter(activity=activity, age_band=age_band).delete()
        return None
    row, _created = ActivityReach.objects.update_or_create(
        activity=activity, age_band=age_band, defaults={"headcount": headcount}
    )
    return row


@transaction.atomic
def activity_attendance_add(
    *, activity: Activity, participant: Participant, actor=None
) -> ActivityAttendance:
    """Name a person among an activity's attendees: a write on their file, audited."""
    if ActivityAttendance.objects.filter(activity=activity, participant=participant).exists():
        raise ApplicationError(
            code=ActivityErrorCode.ALREADY_ATTENDING,
            detail=_("Cette personne est déjà inscrite à cette activité."),
            field="participant",
        )
    attendance = validate_and_save(ActivityAttendance(activity=activity, participant=participant))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=attendance, participant=participant)
    return attendance


@transaction.atomic
def activity_attendance_remove(*, activity: Activity, participant: Participant, actor=None) -> None:
    """Take a person off an activity's attendance (a box unticked when attendance is taken)."""
    attendance = ActivityAttendance.objects.filter(activity=activity, participant=participant).first()
    if attendance is None:
        raise ApplicationError(
            code=CommonErrorCode.INVALID,
            detail=_("Cette personne n'est pas inscrite à cette activité."),
            field="participant",
        )
    audit_record(actor=actor, action=AuditAction.DELETE, obj=attendance, participant=participant)
    attendance.delete()
