from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api.renderers import export_format


def _positive_int(request, name: str) -> int | None:
    """The query parameter `name` as an integer >= 1, None when absent; anything else is a 400."""
    if name not in request.query_params:
        return None
    raw = request.query_params.get(name, "")
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [_("Entier positif attendu (1 ou plus).")]})
    return value


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, capped at 200: a larger value is lowered to 200).

    Both must be integers >= 1 when given: `page_size=null`, `page=0` or `page=` are a 400 naming
    the parameter, never silently replaced by a default. A page past the last one is a 404.

    A list exported as a file (`?format=csv|xlsx`) is not paged: the file holds every row that the
    filters keep.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request):
        value = _positive_int(request, self.page_size_query_param)
        return self.page_size if value is None else min(value, self.max_page_size)

    exporting = False

    def paginate_queryset(self, queryset, request, view=None):
        # Checked for a file too: the schema says what they may be whatever the format.
        _positive_int(request, self.page_query_param)
        _positive_int(request, self.page_size_query_param)
        if export_format(request):
            self.exporting = True
            return list(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.exporting:
            return Response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
