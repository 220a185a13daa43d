"""Lists of the web app, with the API's own rules: each page names the API viewset of its resource
and gets from it the selector (role scoping in core.access), the roles that may read, and the
filter, search and ordering fields — the same backends the API runs, so a page can never show a
row, or accept a filter, that the API would not.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter
from rest_framework.request import Request

from api.filters import StrictOrderingFilter

PAGE_SIZE = 25


@dataclass
class Column:
    label: str
    # An ordering field of the API viewset, when the column can be sorted.
    ordering: str | None = None


@dataclass
class ListResult:
    page: object
    filterset: object | None
    errors: dict = field(default_factory=dict)
    search: str = ""
    ordering: str = ""
    shown_filters: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def may_read(request: HttpRequest, viewset_class) -> bool:
    user = request.user
    return user.is_authenticated and user.role in viewset_class.read_roles


def may_write(request: HttpRequest, viewset_class) -> bool:
    user = request.user
    return user.is_authenticated and user.role in viewset_class.write_roles


def scoped_queryset(request: HttpRequest, viewset_class) -> QuerySet:
    """Rows the actor may read, or 403 for a role the API refuses (funders on people, ...)."""
    if not may_read(request, viewset_class):
        raise PermissionDenied
    return viewset_class.selector(actor=request.user)


def _drf_view(request: HttpRequest, viewset_class):
    drf_request = Request(request)
    drf_request.user = request.user
    view = viewset_class()
    view.request = drf_request
    view.action = "list"
    view.format_kwarg = None
    view.kwargs = {}
    return drf_request, view


def filtered_list(
    request: HttpRequest,
    viewset_class,
    *,
    queryset: QuerySet | None = None,
    shown_filters: tuple[str, ...] = (),
    page_size: int = PAGE_SIZE,
) -> ListResult:
    """Search (?search=), filters (the API's filterset), sort (?ordering=) and pagination (?page=)."""
    if queryset is None:
        queryset = scoped_queryset(request, viewset_class)
    drf_request, view = _drf_view(request, viewset_class)
    errors: dict = {}
    filterset = DjangoFilterBackend().get_filterset(drf_request, queryset, view)
    if filterset is not None:
        if filterset.is_valid():
            queryset = filterset.qs
        else:
            errors.update({name: list(messages) for name, messages in filterset.errors.items()})
    queryset = SearchFilter().filter_queryset(drf_request, queryset, view)
    try:
        queryset = StrictOrderingFilter().filter_queryset(drf_request, queryset, view)
    except ValidationError as error:
        errors.update({name: [str(m) for m in messages] for name, messages in error.detail.items()})
    if errors:
        queryset = queryset.none()
    page = Paginator(queryset, page_size).get_page(request.GET.get("page"))
    shown = [filterset.form[name] for name in shown_filters] if filterset is not None else []
    return ListResult(
        page=page,
        filterset=filterset,
        errors=errors,
        search=request.GET.get("search", ""),
        ordering=request.GET.get("ordering", ""),
        shown_filters=shown,
    )


def list_context(result: ListResult, columns: list[Column]) -> dict:
    """What the list templates need: rows, columns with their sort links, filters and errors."""
    current = result.ordering.split(",")[0] if result.ordering else ""
    headers = []
    for column in columns:
        sort = None
        if column.ordering:
            ascending = current == column.ordering
            sort = {
                "value": f"-{column.ordering}" if ascending else column.ordering,
                "state": "ascending"
                if ascending
                else "descending"
                if current == f"-{column.ordering}"
                else "none",
            }
        headers.append({"label": column.label, "sort": sort})
    return {"list": result, "page_obj": result.page, "rows": result.page.object_list, "headers": headers}
