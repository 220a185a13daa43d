"""The periods the network view answers: one whole fiscal year (April 1 to March 31), nothing else.

Suppression hides small counts in one table; two overlapping periods (April–March and May–March)
could still be subtracted to reveal what one month added. Fiscal years never overlap, so no two
answers can be differenced into a smaller period.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from network.errors import NetworkError, NetworkErrorCode


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date

    @property
    def label(self) -> str:
        return f"{self.date_from.year}-{self.date_to.year}"


def fiscal_year_of(day: dt.date) -> Period:
    first = day.year if day.month >= 4 else day.year - 1
    return Period(dt.date(first, 4, 1), dt.date(first + 1, 3, 31))


def current_period() -> Period:
    return fiscal_year_of(timezone.localdate())


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise NetworkError(
            NetworkErrorCode.PERIOD_INVALID, _("Date attendue au format AAAA-MM-JJ."), field=field
        ) from None


def period_from_query(date_from: str | None, date_to: str | None) -> Period:
    """`from` and `to` of a request: both absent (the current fiscal year) or one whole fiscal year."""
    if date_from is None and date_to is None:
        return current_period()
    for name, value in (("from", date_from), ("to", date_to)):
        if value == "":  # given but empty: a mistake, not "the current year"
            raise NetworkError(
                NetworkErrorCode.PERIOD_INVALID, _("Date attendue au format AAAA-MM-JJ."), field=name
            )
    if not date_from:
        raise NetworkError(
            NetworkErrorCode.PERIOD_REQUIRED, _("Indiquez aussi le début (from)."), field="from"
        )
    if not date_to:
        raise NetworkError(NetworkErrorCode.PERIOD_REQUIRED, _("Indiquez aussi la fin (to)."), field="to")
    start, end = _date(date_from, "from"), _date(date_to, "to")
    year = fiscal_year_of(start)
    if start != year.date_from:
        raise NetworkError(
            NetworkErrorCode.PERIOD_NOT_FISCAL_YEAR,
            _("La période commence un 1er avril (une année financière entière)."),
            field="from",
        )
    if end != year.date_to:
        raise NetworkError(
            NetworkErrorCode.PERIOD_NOT_FISCAL_YEAR,
            _("La période finit le 31 mars suivant le début (une année financière entière)."),
            field="to",
        )
    return year


def recent_periods(count: int = 5) -> list[Period]:
    """The current fiscal year and the ones before it, newest first (the dashboard's choices)."""
    current = current_period()
    return [fiscal_year_of(current.date_from.replace(year=current.date_from.year - n)) for n in range(count)]
