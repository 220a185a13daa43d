"""Read an uploaded spreadsheet into rows: CSV (UTF-8 with or without BOM, or Windows-1252; `;`,
`,` or tab separated, sniffed) or XLSX (first sheet), through tablib.

Line numbers are the spreadsheet's own (the header is line 1), so a message points at the line the
person sees; blank lines are skipped but still counted.
"""

import csv
import io
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext as _

from core.errors import ApplicationError

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ";,\t"


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read (not a spreadsheet, no header...)."""


@dataclass
class Table:
    headers: list[str]
    # (line number in the file, cells as text or date/number objects from XLSX)
    rows: list[tuple[int, list]]


def decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped); otherwise Windows-1252, what Excel saves as "CSV" on Windows."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # One column, or a sample the sniffer cannot decide on: the most frequent candidate.
        first = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=first.count)


def _ragged(text: str, delimiter: str) -> tablib.Dataset:
    """Lines of unequal length (tablib wants a rectangle): spreadsheets often drop or add empty
    cells at the end of a line. Those are evened out; a value beyond the last header is refused."""
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = len(lines[0])
    dataset = tablib.Dataset()
    for number, cells in enumerate(lines, start=1):
        if any(cell.strip() for cell in cells[width:]):
            raise ImportFileError(
                code="import_file_ragged",
                detail=_("Ligne %(line)s : plus de valeurs que de colonnes.") % {"line": number},
                field="file",
            )
        dataset.append((cells + [""] * width)[:width])
    return dataset


def read_table(content: bytes, file_name: str = "") -> Table:
    if not content.strip():
        raise ImportFileError(code="import_file_empty", detail=_("Le fichier est vide."), field="file")
    dataset = tablib.Dataset()
    if content.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        try:
            dataset.load(io.BytesIO(content), format="xlsx", headers=False, read_only=True)
        except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign file
            raise ImportFileError(
                code="import_file_unreadable",
                detail=_("Ce fichier XLSX est illisible ; enregistrez-le de nouveau depuis votre tableur."),
                field="file",
            ) from None
    else:
        if b"\x00" in content[:4096]:
            raise ImportFileError(
                code="import_file_unreadable",
                detail=_("Format non reconnu : déposez un fichier CSV ou XLSX."),
                field="file",
            )
        text = decode(content)
        delimiter = _sniff_delimiter(text)
        try:
            dataset.load(text, format="csv", headers=False, delimiter=delimiter)
        except tablib.InvalidDimensions:
            dataset = _ragged(text, delimiter)
        except csv.Error:
            raise ImportFileError(
                code="import_file_unreadable", detail=_("Ce fichier CSV est illisible."), field="file"
            ) from None
    lines = [list(row) for row in dataset]
    if not lines:
        raise ImportFileError(code="import_file_empty", detail=_("Le fichier est vide."), field="file")
    headers = [str(cell).strip() if cell is not None else "" for cell in lines[0]]
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        rows.append((number, cells))
    return Table(headers=headers, rows=rows)
