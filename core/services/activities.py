"""Writes on activities: named attendance and anonymous headcounts, kept apart."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActivityErrorCode, ApplicationError, CommonErrorCode
from core.models import Activity, ActivityAttendance, ActivityReach, AgeGroup, Participant, TeamMember
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
        activity_attendance_add(activity=activity, participant=participant)
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
def activity_attendance_add(*, activity: Activity, participant: Participant) -> ActivityAttendance:
    if ActivityAttendance.objects.filter(activity=activity, participant=participant).exists():
        raise ApplicationError(
            code=ActivityErrorCode.ALREADY_ATTENDING,
            detail=_("Cette personne est déjà inscrite à cette activité."),
            field="participant",
        )
    return validate_and_save(ActivityAttendance(activity=activity, participant=participant))
