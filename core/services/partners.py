"""Writes on the partner network: the organisations (organismes partenaires)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError, PartnerErrorCode
from core.models import Partner
from core.services._common import set_fields, write_fields

PARTNER_FIELDS = (
    "name",
    "acronym",
    "kind",
    "territory",
    "city",
    "address",
    "website",
    "email",
    "phone",
    "description",
    "endorses_strategy",
    "endorsed_on",
    "is_active",
)


def _ensure_partner_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    taken = Partner.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(
            code=PartnerErrorCode.NAME_TAKEN, detail=_("Un organisme porte déjà ce nom."), field="name"
        )


def partner_prepare(*, name: str, kind: str, **fields) -> Partner:
    """A new partner, unsaved: the rules that need no query (imports check many rows with it)."""
    partner = Partner(name=name.strip(), kind=kind)
    set_fields(partner, PARTNER_FIELDS, fields)
    return partner


@transaction.atomic
def partner_create(*, name: str, kind: str, **fields) -> Partner:
    _ensure_partner_name_free(name)
    return write_fields(Partner(name=name.strip(), kind=kind), PARTNER_FIELDS, fields)


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    if "name" in fields:
        _ensure_partner_name_free(fields["name"], exclude_pk=partner.pk)
    return write_fields(partner, PARTNER_FIELDS, fields)
