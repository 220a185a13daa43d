"""The pure pieces: AA text colours against any brand colour, and the April–March fiscal year."""

import datetime as dt

import pytest

from web.branding import AA_RATIO, contrast_ratio, readable_on_white, text_on
from web.fiscal import fiscal_year_of


@pytest.mark.parametrize(
    ("background", "text"),
    [("#005a8c", "#ffffff"), ("#ffff00", "#111827"), ("#7ab648", "#111827"), ("#5b2a86", "#ffffff")],
)
def test_text_on_a_brand_colour_reaches_aa(background, text):
    assert text_on(background) == text
    assert contrast_ratio(background, text) >= AA_RATIO


@pytest.mark.parametrize("colour", ["#ffff00", "#f2a900", "#7ab648", "#ffffff", "#005a8c"])
def test_links_are_darkened_to_aa_on_white(colour):
    link = readable_on_white(colour)
    assert contrast_ratio(link, "#ffffff") >= AA_RATIO
    if contrast_ratio(colour, "#ffffff") >= AA_RATIO:
        assert link == colour


def test_contrast_of_black_on_white_is_21():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2024, 3, 31), "2023-2024"),
        (dt.date(2024, 4, 1), "2024-2025"),
        (dt.date(2025, 1, 15), "2024-2025"),
    ],
)
def test_fiscal_year_runs_april_to_march(day, label):
    year = fiscal_year_of(day)
    assert year.label == label
    assert year.start.month == 4
    assert year.start.day == 1
    assert (year.end.month, year.end.day) == (3, 31)
    assert len(year.months()) == 12
    assert year.months()[0] == year.start
    assert year.months()[-1] == dt.date(year.end.year, 3, 1)
