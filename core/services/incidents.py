"""The register of confidentiality incidents (Law 25, s. 3.5-3.8): recorded, completed as the
notifications and measures follow, never removed before its five years. Region admin only."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core.audit import audit_record
from core.errors import ApplicationError
from core.models import AuditAction, ConfidentialityIncident
from core.services._common import set_fields, validate_and_save

INCIDENT_FIELDS = (
    "discovered_on",
    "occurred_on",
    "description",
    "people_concerned",
    "people_count",
    "information_concerned",
    "serious_injury_risk",
    "risk_assessment",
    "cai_notified_on",
    "people_notified_on",
    "measures_taken",
)


class IncidentErrorCode:
    FORBIDDEN = "incident_register_forbidden"
    KEPT = "incident_kept_five_years"


def _ensure_region_admin(actor) -> None:
    if getattr(actor, "role", None) != Role.REGION_ADMIN or not actor.is_active:
        raise ApplicationError(
            code=IncidentErrorCode.FORBIDDEN,
            detail=_("Seule la direction de la région tient le registre des incidents de confidentialité."),
        )


@transaction.atomic
def incident_record(*, actor, **fields) -> ConfidentialityIncident:
    _ensure_region_admin(actor)
    incident = ConfidentialityIncident(recorded_by=actor)
    set_fields(incident, INCIDENT_FIELDS, fields)
    validate_and_save(incident)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=incident)
    return incident


@transaction.atomic
def incident_update(*, incident: ConfidentialityIncident, actor, **fields) -> ConfidentialityIncident:
    _ensure_region_admin(actor)
    changed = set_fields(incident, INCIDENT_FIELDS, fields)
    validate_and_save(incident, update_fields=changed)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=incident, fields=sorted(changed))
    return incident


@transaction.atomic
def incident_delete(*, incident: ConfidentialityIncident, actor, today: dt.date | None = None) -> None:
    """Only an entry older than its five years of keeping may go."""
    _ensure_region_admin(actor)
    today = today or timezone.localdate()
    if today < incident.keep_until():
        raise ApplicationError(
            code=IncidentErrorCode.KEPT,
            detail=_("Une inscription au registre est conservée au moins cinq ans (jusqu'au %(date)s).")
            % {"date": incident.keep_until().isoformat()},
        )
    audit_record(actor=actor, action=AuditAction.ERASE, obj=incident)
    incident.delete()
