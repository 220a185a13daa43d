"""File formats of the API: CSV and XLSX exports of every list, and the report files.

`ListCSVRenderer` and `ListXLSXRenderer` are registered once (DEFAULT_RENDERER_CLASSES), so every
list endpoint answers `?format=csv` and `?format=xlsx` with its current filters and ordering: the
pagination (api.pagination) hands them every row instead of one page, and api.base logs exports
that hold personal information (Law 25). Rows are what the list's serializer gives the caller, so
an export never shows a role more than the JSON does. Text cells that a spreadsheet would run as a
formula are neutralised.

An unknown `?format=` is a 400 naming `format` (StrictContentNegotiation), and an error on a file
request is answered in JSON, not as a file.
"""

import csv
import io
import json

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

from core.reports.render import cell, neutralise

EXPORT_FORMATS = ("csv", "xlsx")


def export_format(request) -> str | None:
    """The file format the request was negotiated to, when it is a list export."""
    renderer = getattr(request, "accepted_renderer", None)
    fmt = getattr(renderer, "format", None)
    return fmt if fmt in EXPORT_FORMATS else None


class StrictContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        # An empty `?format=` is bad input too, not a silent JSON.
        if wanted is not None and wanted not in {renderer.format for renderer in renderers}:
            formats = ", ".join(
                sorted({renderer.format for renderer in renderers if renderer.format != "api"})
            )
            raise exceptions.ValidationError(
                {
                    "format": [
                        _("Format inconnu « %(format)s » ; formats possibles : %(formats)s.")
                        % {"format": wanted[:20], "formats": formats}
                    ]
                }
            )
        if wanted in EXPORT_FORMATS and request.method not in ("GET", "HEAD", "OPTIONS"):
            # A file is something one reads: a write answers JSON, so asking it for a file is bad input.
            raise exceptions.ValidationError(
                {"format": [_("Un fichier (%(format)s) ne s'obtient qu'en lecture.") % {"format": wanted}]}
            )
        return super().select_renderer(request, renderers, format_suffix)


class FileRenderer(BaseRenderer):
    """A file format; an error response (4xx/5xx) and an OPTIONS answer are still sent as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        request = (renderer_context or {}).get("request")
        failed = response is not None and (
            response.status_code >= 400 or getattr(response, "exception", False)
        )
        # OPTIONS describes the endpoint (DRF's metadata), never a file, whatever ?format= asks.
        if failed or (response is not None and request is not None and request.method == "OPTIONS"):
            response["Content-Type"] = "application/json"
            return JSONRenderer().render(data, "application/json", renderer_context)
        if isinstance(data, bytes):
            return data  # a report already written (api.v1.reports)
        return self.render_rows(_rows_of(data))

    def render_rows(self, rows: list[dict]) -> bytes:
        raise NotImplementedError


def _rows_of(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, dict):
        data = [data]
    return [_flatten(row) for row in data or []]


def _flatten(row: dict, prefix: str = "") -> dict:
    """Nested objects become dotted columns (identity.last_name); lists become one joined cell."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ", ".join(
                json.dumps(item, ensure_ascii=False, default=str)
                if isinstance(item, dict | list)
                else str(item)
                for item in value
            )
        else:
            flat[name] = value
    return flat


def _columns(rows: list[dict]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


class ListCSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render_rows(self, rows):
        columns = _columns(rows)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise("" if row.get(c) is None else row.get(c)) for c in columns])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class ListXLSXRenderer(FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"

    def render_rows(self, rows):
        from openpyxl import Workbook

        columns = _columns(rows)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "export"
        sheet.append(columns)
        for row in rows:
            sheet.append([cell(row.get(c)) for c in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class PDFRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class ReportCSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class ReportXLSXRenderer(ListXLSXRenderer):
    pass
