"""Cells of a spreadsheet into values: headers in French or English, dates as Québec writes them,
choices by their code or their French or English label. Each failure is a CellError whose message
is in the active language (the uploader's) and never repeats the cell's value (it may be personal).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _


class CellError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(text) -> str:
    """Lower case, no accents, no punctuation, single spaces: "Date de naissance :" -> "date de naissance"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Callable:
    def parse(value) -> str:
        value = str(value).strip()
        if len(value) > max_length:
            raise CellError("too_long", _("Au plus %(max)s caractères.") % {"max": max_length})
        return value

    return parse


def raw(value):
    """Kept as read (a cell that holds either a date or a word, read by the kind itself)."""
    return value


def email(value) -> str:
    value = str(value).strip()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError("invalid_email", _("Adresse courriel invalide.")) from None
    return value


def url(value) -> str:
    value = str(value).strip()
    if "://" not in value:
        value = f"https://{value}"  # "www.cje.qc.ca", as people write it
    try:
        URLValidator()(value)
    except ValidationError:
        raise CellError("invalid_url", _("Adresse web invalide.")) from None
    return value


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y")


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):  # XLSX cells hold dates as datetimes
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise CellError("invalid_date", _("Date invalide : AAAA-MM-JJ ou JJ/MM/AAAA attendu."))


def positive_int(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise CellError("invalid_number", _("Nombre entier attendu.")) from None
    if number < 0:
        raise CellError("invalid_number", _("Nombre positif attendu."))
    return number


def decimal(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise CellError("invalid_number", _("Nombre attendu (p. ex. 1,5).")) from None
    if number < 0 or not number.is_finite():
        raise CellError("invalid_number", _("Nombre positif attendu."))
    return number


YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0"}


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    word = normalize(value)
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError("invalid_boolean", _("« oui » ou « non » attendu."))


def choice(choices, *, aliases: dict[str, str] | None = None) -> Callable:
    """A choice by its code, its French or English label, or an alias, accents and case aside."""
    known: dict[str, str] = {}

    def parse(value) -> str:
        if not known:  # built once: the labels of both languages
            known.update({normalize(alias): code for alias, code in (aliases or {}).items()})
            for code, label in choices:
                known[normalize(code)] = code
                for language in ("fr-ca", "en"):
                    with translation.override(language):
                        known[normalize(str(label))] = code
        found = known.get(normalize(value))
        if found is None:
            raise CellError(
                "invalid_choice",
                _("Valeur inconnue ; valeurs possibles : %(values)s.")
                % {"values": ", ".join(str(label) for _code, label in choices)},
            )
        return found

    return parse


@dataclass(frozen=True)
class Column:
    """A column of an import: the value's key, its header (French first), the other accepted
    headers (normalized), and how a cell becomes a value."""

    key: str
    header: object  # a lazy translated string, shown when the column is missing
    aliases: tuple[str, ...]
    parse: Callable
    required: bool = False
    names: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "names", frozenset(normalize(a) for a in self.aliases))
