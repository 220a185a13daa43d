from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, capped at 200: a larger value is lowered to 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
