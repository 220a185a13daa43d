"""The HSDS reference's query parameters and its paging object.

Every bad value is a 400 that names its parameter (`{"detail", "code": "invalid", "fields"}`),
all of them at once; unknown parameters are ignored, as the reference allows.
"""

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core import hsds

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


@dataclass
class ListParams:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    search: str = ""
    modified_after: dt.datetime | None = None
    audience: str | None = None
    # A taxonomy term that names no audience: nothing matches it.
    unknown_term: bool = False
    organization_uuid: uuid.UUID | None = None
    full: bool = False


def _positive_int(raw: str, errors: dict, name: str, *, maximum: int | None = None) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < 1 or (maximum is not None and value > maximum):
        errors[name] = [
            _("Entier de 1 à %(max)s attendu.") % {"max": maximum}
            if maximum
            else _("Entier positif attendu (1 pour la première page).")
        ]
        return None
    return value


def _uuid(raw: str, errors: dict, name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        errors[name] = [_("Identifiant UUID attendu.")]
        return None


def _moment(raw: str, errors: dict, name: str) -> dt.datetime | None:
    """An ISO 8601 date-time (a date alone means its first instant, in the region's time zone)."""
    value = None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = dt.datetime.combine(day, dt.time.min)
    except ValueError:
        value = None
    if value is None:
        errors[name] = [_("Date ou date-heure ISO 8601 attendue (p. ex. 2024-04-01T00:00:00-04:00).")]
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def list_params(query, *, allowed: set[str]) -> ListParams:
    params, errors = ListParams(), {}
    if "page" in query:
        params.page = _positive_int(query["page"], errors, "page") or 1
    if "per_page" in query:
        params.per_page = _positive_int(query["per_page"], errors, "per_page", maximum=MAX_PER_PAGE) or 1
    if "search" in allowed:
        params.search = query.get("search", "").strip()[:200]
    if "modified_after" in allowed and "modified_after" in query:
        params.modified_after = _moment(query["modified_after"], errors, "modified_after")
    if "taxonomy_term_id" in allowed and "taxonomy_term_id" in query:
        term_id = _uuid(query["taxonomy_term_id"], errors, "taxonomy_term_id")
        if term_id is not None:
            params.audience = hsds.audience_for_term_id(term_id)
            params.unknown_term = params.audience is None
    if "organization_id" in allowed and "organization_id" in query:
        params.organization_uuid = _uuid(query["organization_id"], errors, "organization_id")
    if "full" in allowed and "full" in query:
        if query["full"].lower() not in BOOLEANS:
            errors["full"] = [_("« true » ou « false » attendu.")]
        else:
            params.full = BOOLEANS[query["full"].lower()]
    if errors:
        raise ValidationError(errors)
    return params


def page_of(queryset: QuerySet | list, params: ListParams) -> tuple[dict, list]:
    """The reference's paging object (without `contents`) and the rows of the requested page."""
    total = len(queryset) if isinstance(queryset, list) else queryset.count()
    total_pages = max(1, math.ceil(total / params.per_page))
    if params.page > total_pages:
        raise ValidationError(
            {
                "page": [
                    _("Cette page n'existe pas : la dernière est la page %(last)s.") % {"last": total_pages}
                ]
            }
        )
    start = (params.page - 1) * params.per_page
    rows = list(queryset[start : start + params.per_page])
    paging = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(rows),
        "first_page": params.page == 1,
        "last_page": params.page == total_pages,
        "empty": total == 0,
    }
    return paging, rows
