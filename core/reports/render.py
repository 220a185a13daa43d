"""Reports written out: HTML (the page and the PDF's source), PDF (WeasyPrint), CSV and XLSX.

Every writer reads the same sections (core.reports.layout), so a figure printed on the page is the
one in the spreadsheet. Text cells of the CSV and XLSX go through `neutralise()` so a spreadsheet
never runs them as formulas.
"""

import base64
import csv
import io
import re
from decimal import Decimal
from html import escape

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import mark_safe

# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """Text that a spreadsheet would run as a formula, quoted with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def number(value) -> str:
    """A figure as people read it in the active language: 1 010, 11 944, 12,5 (fr) / 1,010 (en)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal | float):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)


def cell(value):
    """A value as a spreadsheet cell: numbers stay numbers, suppressed counts and text stay text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float) or value is None:
        return value
    # Control characters cannot be written in a sheet's XML: each is shown as U+FFFD, not a 500.
    return neutralise(XML_ILLEGAL.sub("\ufffd", str(value)))


# --- charts ------------------------------------------------------------------------------------


def bar_chart_svg(rows: list[list], colour: str, width: int = 460) -> str:
    """A horizontal bar chart of [label, count] rows, as inline SVG (no script, no external file)."""
    bar, gap, label_width = 16, 6, 170
    numeric = [value if isinstance(value, int) else 0 for _, value in rows]
    top = max(numeric, default=0) or 1
    height = len(rows) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    span = width - label_width - 60
    for index, ((label, value), count) in enumerate(zip(rows, numeric, strict=True)):
        y = gap + index * (bar + gap)
        length = round(span * count / top) if count else 0
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" text-anchor="end" font-size="10">'
            f"{escape(str(label)[:32])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="{colour}"/>'
            f'<text x="{label_width + length + 4}" y="{y + bar - 4}" font-size="10">{escape(number(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- HTML and PDF ------------------------------------------------------------------------------


def logo_data_uri(region) -> str:
    """The region's logo inlined (the PDF is rendered without network or file access)."""
    if not region.logo:
        return ""
    name = region.logo.name.lower()
    mime = (
        "image/svg+xml" if name.endswith(".svg") else "image/png" if name.endswith(".png") else "image/jpeg"
    )
    try:
        with region.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _printable(sections: list[dict], colour: str) -> list[dict]:
    """Sections with their values formatted and their charts drawn, for the templates."""
    printable = []
    for section in sections:
        tables = []
        for table in section["tables"]:
            tables.append(
                {
                    **table,
                    "rows": [[_printed(value) for value in row] for row in table["rows"]],
                    "svg": mark_safe(bar_chart_svg(table["rows"], colour)) if table["chart"] else "",  # noqa: S308 - built from escaped text
                }
            )
        printable.append(
            {
                **section,
                "figures": [{**figure, "value": number(figure["value"])} for figure in section["figures"]],
                "tables": tables,
            }
        )
    return printable


def _printed(value) -> dict:
    numeric = isinstance(value, int | float | Decimal) or (isinstance(value, str) and value.startswith("<"))
    return {"text": number(value), "numeric": numeric}


def render_html(*, template: str, region, title: str, subtitle: str, sections: list[dict], extra=None) -> str:
    context = {
        "region": region,
        "title": title,
        "subtitle": subtitle,
        "sections": _printable(sections, region.primary_color),
        "logo": logo_data_uri(region),
        "primary": region.primary_color,
        "secondary": region.secondary_color,
        **(extra or {}),
    }
    return render_to_string(template, context)


def render_pdf(html: str) -> bytes:
    import weasyprint
    from weasyprint.urls import URLFetcher

    # Everything (logo, charts, styles) is inline: only data: URLs are read, never a file or the network.
    return weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


# --- CSV and XLSX ------------------------------------------------------------------------------


def csv_rows(sections: list[dict]):
    """(section, label, value) rows: figures, then each table cell as "table › row › column"."""
    for section in sections:
        for figure in section["figures"]:
            yield section["title"], figure["label"], figure["value"]
        for table in section["tables"]:
            for row in table["rows"]:
                for column, value in zip(table["columns"][1:], row[1:], strict=True):
                    yield section["title"], f"{table['title']} › {row[0]} › {column}", value


def render_csv(sections: list[dict], header: tuple[str, str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for section, label, value in csv_rows(sections):
        writer.writerow([neutralise(section), neutralise(label), _csv_value(value)])
    # With a BOM, Excel opens the UTF-8 file with its accents intact.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return neutralise(value) if isinstance(value, str) else value


def render_xlsx(sections: list[dict]) -> bytes:
    """One sheet per section: its figures, then each table under its title; numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in sections:
        sheet = workbook.create_sheet(_sheet_title(section["title"], used))
        sheet.append([cell(section["title"])])
        sheet["A1"].font = bold
        for figure in section["figures"]:
            sheet.append([cell(figure["label"]), cell(figure["value"])])
        for table in section["tables"]:
            sheet.append([])
            sheet.append([cell(table["title"])])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([cell(column) for column in table["columns"]])
            for row in table["rows"]:
                sheet.append([cell(value) for value in row])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Section"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name
