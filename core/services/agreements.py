"""Writes on funders, agreements, their parties, deliverables and indicator targets."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import AgreementErrorCode, ApplicationError
from core.models import (
    Agreement,
    AgreementParty,
    Deliverable,
    DeliverableStatus,
    Funder,
    IndicatorTarget,
    Partner,
    PartyRole,
    Program,
)
from core.services._common import (
    ensure_amount,
    ensure_dates_ordered,
    set_fields,
    validate_and_save,
    write_fields,
)


@dataclass(frozen=True)
class PartySpec:
    partner: Partner | None = None
    funder: Funder | None = None
    contribution: Decimal | int | str | None = None
    role: str = PartyRole.SIGNATORY
    in_kind: bool = False


FUNDER_FIELDS = ("name", "acronym", "kind", "partner", "website", "description")


@transaction.atomic
def funder_create(*, name: str, accounts: Iterable = (), **fields) -> Funder:
    return write_fields(Funder(name=name), FUNDER_FIELDS, fields, relations={"accounts": accounts})


@transaction.atomic
def funder_update(*, funder: Funder, accounts: Iterable | None = None, **fields) -> Funder:
    return write_fields(funder, FUNDER_FIELDS, fields, relations={"accounts": accounts})


AGREEMENT_FIELDS = (
    "title",
    "kind",
    "reference",
    "status",
    "signed_on",
    "start_date",
    "end_date",
    "purpose",
    "reporting_obligations",
    "status_note",
    "responsible",
)


def _check_agreement(agreement: Agreement) -> None:
    ensure_dates_ordered(
        agreement.start_date,
        agreement.end_date,
        field="end_date",
        message=_("La fin de l'entente ne peut précéder son début."),
    )


@transaction.atomic
def agreement_create(
    *,
    title: str,
    kind: str,
    parties: Iterable[PartySpec | dict],
    programs: Iterable[Program] = (),
    **fields,
) -> Agreement:
    """An agreement and its parties, all or nothing; at least one party."""
    specs = [spec if isinstance(spec, PartySpec) else PartySpec(**spec) for spec in parties]
    if not specs:
        raise ApplicationError(
            code=AgreementErrorCode.NO_PARTY,
            detail=_("Une entente compte au moins une partie."),
            field="parties",
        )
    agreement = Agreement(title=title, kind=kind)
    set_fields(agreement, AGREEMENT_FIELDS, fields)
    _check_agreement(agreement)
    validate_and_save(agreement)
    for spec in specs:
        agreement_party_add(agreement=agreement, **spec.__dict__)
    agreement.programs.set(programs)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, programs: Iterable[Program] | None = None, **fields
) -> Agreement:
    return write_fields(
        agreement, AGREEMENT_FIELDS, fields, check=_check_agreement, relations={"programs": programs}
    )


@transaction.atomic
def agreement_party_add(
    *,
    agreement: Agreement,
    partner: Partner | None = None,
    funder: Funder | None = None,
    contribution=None,
    role: str = PartyRole.SIGNATORY,
    in_kind: bool = False,
) -> AgreementParty:
    if partner is None and funder is None:
        raise ApplicationError(
            code=AgreementErrorCode.PARTY_INVALID,
            detail=_("Une partie doit être un organisme ou un bailleur de fonds."),
            field="partner",
        )
    amount = ensure_amount(contribution, field="contribution", code=AgreementErrorCode.CONTRIBUTION_NEGATIVE)
    existing = agreement.parties.all()
    if (partner is not None and existing.filter(partner=partner).exists()) or (
        funder is not None and existing.filter(funder=funder).exists()
    ):
        raise ApplicationError(
            code=AgreementErrorCode.PARTY_DUPLICATE,
            detail=_("Cette partie figure déjà à l'entente."),
            field="partner" if partner is not None else "funder",
        )
    party = AgreementParty(
        agreement=agreement, partner=partner, funder=funder, contribution=amount, role=role, in_kind=in_kind
    )
    return validate_and_save(party)


# A party's terms; who the party is (partner or funder) is set when it is added.
PARTY_TERMS_FIELDS = ("role", "contribution", "in_kind")
PARTY_FIELDS = ("partner", "funder", *PARTY_TERMS_FIELDS)


@transaction.atomic
def agreement_party_update(*, party: AgreementParty, **fields) -> AgreementParty:
    if "contribution" in fields:
        fields["contribution"] = ensure_amount(
            fields["contribution"], field="contribution", code=AgreementErrorCode.CONTRIBUTION_NEGATIVE
        )
    return write_fields(party, PARTY_TERMS_FIELDS, fields)


DELIVERABLE_FIELDS = (
    "title",
    "position",
    "description",
    "start_date",
    "due_date",
    "status",
    "completed_on",
    "evidence",
    "evidence_url",
)


def _check_deliverable(deliverable: Deliverable) -> None:
    ensure_dates_ordered(
        deliverable.start_date,
        deliverable.due_date,
        field="due_date",
        message=_("L'échéance d'un livrable ne peut précéder son début."),
    )
    if deliverable.status == DeliverableStatus.DONE and deliverable.completed_on is None:
        raise ApplicationError(
            code=AgreementErrorCode.DELIVERABLE_DONE_WITHOUT_DATE,
            detail=_("Un livrable réalisé doit avoir une date de réalisation."),
            field="completed_on",
        )


@transaction.atomic
def deliverable_create(*, agreement: Agreement, title: str, **fields) -> Deliverable:
    deliverable = Deliverable(agreement=agreement, title=title)
    fields.setdefault("position", agreement.deliverables.count() + 1)
    return write_fields(deliverable, DELIVERABLE_FIELDS, fields, check=_check_deliverable)


@transaction.atomic
def deliverable_update(*, deliverable: Deliverable, **fields) -> Deliverable:
    return write_fields(deliverable, DELIVERABLE_FIELDS, fields, check=_check_deliverable)


# An indicator target is keyed by (agreement, indicator, program): setting one replaces its values.
INDICATOR_TARGET_FIELDS = ("indicator", "program", "target", "period_start", "period_end", "note")


@transaction.atomic
def indicator_target_set(
    *, agreement: Agreement, indicator: str, target, program: Program | None = None, **fields
) -> IndicatorTarget:
    """Create or replace the target of one indicator (optionally for one program) of an agreement."""
    amount = ensure_amount(target, field="target", code=AgreementErrorCode.TARGET_NEGATIVE)
    if amount is None:
        raise ApplicationError(
            code=AgreementErrorCode.TARGET_NEGATIVE, detail=_("Une cible est requise."), field="target"
        )
    row = IndicatorTarget.objects.filter(agreement=agreement, indicator=indicator, program=program).first()
    row = row or IndicatorTarget(agreement=agreement, indicator=indicator, program=program)
    row.target = amount
    set_fields(row, {"period_start", "period_end", "note"}, fields)
    ensure_dates_ordered(
        row.period_start,
        row.period_end,
        field="period_end",
        message=_("La fin de la période ne peut précéder son début."),
    )
    return validate_and_save(row)
