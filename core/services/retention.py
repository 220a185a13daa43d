"""Retention (Law 25, s. 23): a participant's personal information is erased once the file has
been inactive for the region's `retention_years` (default 5); the anonymous statistics stay. The
access trail keeps `audit_retention_months`. Run nightly by `manage.py apply_retention`."""

import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_partitions import audit_partitions_drop_before, audit_partitions_ensure
from core.models import (
    Consent,
    Enrollment,
    Intervention,
    Participant,
    PrivacySettings,
    RetentionFollowUp,
)
from core.services._common import add_months, set_fields, validate_and_save
from core.services.privacy import participant_erase

RETENTION_REASON = "retention"
PRIVACY_SETTINGS_FIELDS = ("retention_years", "audit_retention_months")


@dataclasses.dataclass(frozen=True)
class RetentionResult:
    anonymised: int
    audit_events_deleted: int


def participants_last_activity() -> QuerySet:
    """Participants annotated with the date of the last thing done in their file."""
    floor = dt.date(1900, 1, 1)

    def latest(model, field: str):
        # One correlated subquery per kind of activity: no join fan-out across them.
        newest = (
            model.objects.filter(participant=OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(newest=Max(field))
            .values("newest")
        )
        return Coalesce(Subquery(newest, output_field=DateField()), floor, output_field=DateField())

    return Participant.objects.annotate(
        last_activity=Greatest(
            "intake_date",
            latest(Intervention, "date"),
            latest(Enrollment, "applied_on"),
            latest(Enrollment, "end_date"),
            latest(Enrollment, "outcome_on"),
            latest(Consent, "given_on"),
            latest(RetentionFollowUp, "recorded_on"),
            Cast("updated_at", DateField()),
            output_field=DateField(),
        )
    )


def participants_due_for_anonymisation(*, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    years = PrivacySettings.current().retention_years
    cutoff = add_months(today, -12 * years)
    return participants_last_activity().filter(erased_on__isnull=True, last_activity__lt=cutoff)


@transaction.atomic
def retention_apply(*, today: dt.date | None = None) -> RetentionResult:
    """Anonymise every inactive file of this region and trim the access trail; idempotent."""
    today = today or timezone.localdate()
    anonymised = 0
    for participant in participants_due_for_anonymisation(today=today).order_by("pk"):
        participant_erase(participant=participant, actor=None, reason=RETENTION_REASON)
        anonymised += 1
    months = PrivacySettings.current().audit_retention_months
    # The trail is partitioned by month: prepare the coming months, drop the expired ones whole.
    audit_partitions_ensure(today=today)
    deleted = audit_partitions_drop_before(add_months(today, -months))
    return RetentionResult(anonymised=anonymised, audit_events_deleted=deleted)


@transaction.atomic
def privacy_settings_update(*, actor, **values) -> PrivacySettings:
    """The region admin's retention choices (the defaults are the most private)."""
    from accounts.models import Role
    from core.errors import ApplicationError
    from core.services.incidents import IncidentErrorCode

    if getattr(actor, "role", None) != Role.REGION_ADMIN:
        raise ApplicationError(
            code=IncidentErrorCode.FORBIDDEN,
            detail=_("Seule la direction de la région règle la conservation des renseignements."),
        )
    current = PrivacySettings.current()
    changed = set_fields(current, PRIVACY_SETTINGS_FIELDS, values)
    return validate_and_save(current, update_fields=changed)
