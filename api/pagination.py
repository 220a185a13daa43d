from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api.renderers import export_format


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, capped at 200: a larger value is lowered to 200).

    A list exported as a file (`?format=csv|xlsx`) is not paged: the file holds every row that the
    filters keep.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    exporting = False

    def paginate_queryset(self, queryset, request, view=None):
        if export_format(request):
            self.exporting = True
            return list(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.exporting:
            return Response(data)
        return super().get_paginated_response(data)
