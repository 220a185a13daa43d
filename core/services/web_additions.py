"""Writes the web app needed that core.services did not have yet (kept minimal, same conventions:
keyword-only, atomic, ApplicationError with a stable code)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError, CommonErrorCode
from core.models import Activity, ActivityAttendance, Participant


@transaction.atomic
def activity_attendance_remove(*, activity: Activity, participant: Participant) -> None:
    """Take a person off an activity's attendance (a box unticked when attendance is taken)."""
    deleted, _rows = ActivityAttendance.objects.filter(activity=activity, participant=participant).delete()
    if not deleted:
        raise ApplicationError(
            code=CommonErrorCode.INVALID,
            detail=_("Cette personne n'est pas inscrite à cette activité."),
            field="participant",
        )
