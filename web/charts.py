"""Charts drawn on the server as SVG (no JavaScript library): horizontal bars for breakdowns,
columns for months. Each chart is decorative for screen readers (aria-hidden) because the same
numbers are always printed in a table beside it."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Row:
    label: str
    value: object  # a number, or a suppressed count such as "<5"
    short_label: str = ""  # under a column, where space is short (the table keeps the full label)

    @property
    def number(self) -> float:
        return float(self.value) if isinstance(self.value, int | float | Decimal) else 0.0


def _fmt(value) -> str:
    """A value as the page's language writes it (8,3 in French); "<5" stays as is."""
    if isinstance(value, Decimal | float | int):
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return str(value)


def bar_chart(
    rows: list[Row], *, width: int = 420, bar_height: int = 22, label_width: int = 170
) -> SafeString:
    """Horizontal bars, one per row, value written at the end of each bar."""
    if not rows:
        return mark_safe("")  # noqa: S308 - empty, nothing user-provided
    top = max((row.number for row in rows), default=0) or 1
    gap = 6
    plot = width - label_width - 50
    height = len(rows) * (bar_height + gap) + gap
    bars = []
    for index, row in enumerate(rows):
        y = gap + index * (bar_height + gap)
        length = round(plot * row.number / top) if row.number else 0
        bars.append(
            (
                label_width - 6,
                y + bar_height * 0.7,
                row.label if len(row.label) <= 21 else row.label[:20] + "…",
                label_width,
                y,
                max(length, 1 if row.number else 0),
                bar_height,
                label_width + length + 4,
                y + bar_height * 0.7,
                _fmt(row.value),
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart__bar"></rect>'
        '<text x="{}" y="{}" class="chart__value">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="presentation" aria-hidden="true" focusable="false">{}</svg>',
        width,
        height,
        body,
    )


def column_chart(rows: list[Row], *, width: int = 720, height: int = 240) -> SafeString:
    """Vertical columns (e.g. hours per month), labels under each column."""
    if not rows:
        return mark_safe("")  # noqa: S308 - empty, nothing user-provided
    top = max((row.number for row in rows), default=0) or 1
    bottom, top_margin = 36, 20
    plot = height - bottom - top_margin
    step = width / len(rows)
    column = step * 0.62
    parts = []
    for index, row in enumerate(rows):
        x = index * step + (step - column) / 2
        length = round(plot * row.number / top) if row.number else 0
        y = top_margin + plot - length
        parts.append(
            (
                round(x, 1),
                y,
                round(column, 1),
                length,
                round(x + column / 2, 1),
                y - 4,
                _fmt(row.value) if row.number else "",
                round(x + column / 2, 1),
                height - bottom + 16,
                row.short_label or row.label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart__bar"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart__value">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart__label">{}</text>',
        parts,
    )
    axis = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="chart__axis"></line>',
        top_margin + plot,
        width,
        top_margin + plot,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="presentation" aria-hidden="true" focusable="false">{}{}</svg>',
        width,
        height,
        axis,
        body,
    )
