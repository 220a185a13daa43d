"""Only whole fiscal years: two overlapping periods could be subtracted into a smaller one."""

import datetime as dt

import pytest

from network.errors import NetworkError
from network.periods import current_period, period_from_query


def test_a_whole_fiscal_year_is_accepted():
    period = period_from_query("2024-04-01", "2025-03-31")
    assert (period.date_from, period.date_to, period.label) == (
        dt.date(2024, 4, 1),
        dt.date(2025, 3, 31),
        "2024-2025",
    )


def test_no_period_is_the_current_fiscal_year():
    assert period_from_query(None, None) == current_period()
    assert current_period().date_from.month == 4


@pytest.mark.parametrize(
    ("date_from", "date_to", "field"),
    [
        ("2024-05-01", "2025-03-31", "from"),  # starts after April 1: overlaps the whole year
        ("2024-04-01", "2025-02-28", "to"),  # ends before March 31
        ("2023-04-01", "2025-03-31", "to"),  # two years: minus one year gives the other
        ("2024-04-01", None, "to"),
        (None, "2025-03-31", "from"),
        ("2024-13-01", "2025-03-31", "from"),
        ("2024-04-01", "demain", "to"),
    ],
)
def test_anything_else_is_refused_naming_the_parameter(date_from, date_to, field):
    with pytest.raises(NetworkError) as error:
        period_from_query(date_from, date_to)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("date_from", "date_to", "field"), [(None, "", "to"), ("", None, "from"), ("", "", "from")]
)
def test_an_empty_date_is_refused_by_name_not_read_as_the_current_year(date_from, date_to, field):
    with pytest.raises(NetworkError) as error:
        period_from_query(date_from, date_to)
    assert error.value.field == field
