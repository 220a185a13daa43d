"""Québec's fiscal year runs from April 1 to March 31: every dashboard shows the current one."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class FiscalYear:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start.year}-{self.end.year}"

    def months(self) -> list[dt.date]:
        """The first day of each of its twelve months, April first."""
        return [
            dt.date(
                self.start.year + (self.start.month + i - 1) // 12, (self.start.month + i - 1) % 12 + 1, 1
            )
            for i in range(12)
        ]


def fiscal_year_of(day: dt.date) -> FiscalYear:
    first_year = day.year if day.month >= 4 else day.year - 1
    return FiscalYear(dt.date(first_year, 4, 1), dt.date(first_year + 1, 3, 31))


def current_fiscal_year() -> FiscalYear:
    return fiscal_year_of(timezone.localdate())


def fiscal_year_starting(year: int) -> FiscalYear:
    return FiscalYear(dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
