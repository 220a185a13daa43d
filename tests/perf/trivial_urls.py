"""The region's routes plus a view that touches no database: what routing alone costs."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from config import urls_tenants


def trivial(request):
    return HttpResponse("ok")


def schema(request):
    """Which region's schema the request was routed to (no query either)."""
    return HttpResponse(f"{request.tenant.schema_name} {connection.schema_name}")


urlpatterns = [path("trivial/", trivial), path("schema/", schema), *urls_tenants.urlpatterns]
