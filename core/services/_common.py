"""What every service shares: validation that turns Django's errors into ApplicationError."""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError, CommonErrorCode
from core.models import TeamMember


def error_from_validation(error: ValidationError) -> ApplicationError:
    """The first message of a Django ValidationError as an ApplicationError."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        first = errors[0]
        message = " ".join(first.messages)
        code = first.code if first.code not in (None, "constraint_violated") else CommonErrorCode.INVALID
        return ApplicationError(code=code, detail=message, field=None if field == NON_FIELD_ERRORS else field)
    return ApplicationError(code=CommonErrorCode.INVALID, detail=" ".join(error.messages))


def validate_and_save(obj: models.Model, *, update_fields: list[str] | None = None) -> models.Model:
    """full_clean() (fields, uniqueness and Meta.constraints) then save(); the DB has the last word."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise error_from_validation(error) from None
    try:
        # A savepoint: a constraint that fails in the DB (a race) does not poison the caller's transaction.
        with transaction.atomic():
            if update_fields:
                obj.save(
                    update_fields=[*update_fields, "updated_at"]
                    if hasattr(obj, "updated_at")
                    else update_fields
                )
            else:
                obj.save()
    except IntegrityError:
        raise ApplicationError(
            code=CommonErrorCode.CONFLICT,
            detail=_("Cette écriture contredit une donnée enregistrée en même temps ; réessayez."),
        ) from None
    return obj


def ensure_dates_ordered(start: dt.date | None, end: dt.date | None, *, field: str, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise ApplicationError(code=CommonErrorCode.DATES_INVERTED, detail=message, field=field)


def ensure_amount(value, *, field: str, code: str = CommonErrorCode.AMOUNT_NEGATIVE) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ApplicationError(
            code=CommonErrorCode.INVALID, detail=_("Montant invalide."), field=field
        ) from None
    if amount < 0:
        raise ApplicationError(code=code, detail=_("Un montant ne peut pas être négatif."), field=field)
    return amount


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def set_fields(obj: models.Model, allowed: Iterable[str], values: dict) -> list[str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ApplicationError(
            code=CommonErrorCode.INVALID,
            detail=_("Champs non modifiables : %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    for name, value in values.items():
        setattr(obj, name, value)
    return list(values)


def acting_team_member(actor) -> TeamMember | None:
    """The TeamMember row that records who acted. `actor` is always the user acting; a TeamMember
    is still accepted from callers written before that rule."""
    if actor is None or isinstance(actor, TeamMember):
        return actor
    if not getattr(actor, "pk", None):
        return None
    return TeamMember.objects.filter(user=actor).first()


def write_fields(
    obj: models.Model,
    allowed: Iterable[str],
    values: dict,
    *,
    check: Callable[[models.Model], None] | None = None,
    relations: dict[str, Iterable | None] | None = None,
) -> models.Model:
    """The shape of every create and update service: set the allowed fields (refusing others by
    name), run the entity's own rules (`check`), validate and save (only what changed, for an
    existing row), then set the many-to-many `relations` given (None: left as they are)."""
    changed = set_fields(obj, allowed, values)
    if check is not None:
        check(obj)
    validate_and_save(obj, update_fields=None if obj._state.adding else changed)
    for name, rows in (relations or {}).items():
        if rows is not None:
            getattr(obj, name).set(rows)
    return obj
