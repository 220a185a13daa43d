"""/api/hsds/: the region's service map as open data, following the Open Referral HSDS 3.0 API
reference (https://docs.openreferral.org/en/3.0/). Public and read-only, on each region's host:
only the published, active services of that region (core.hsds) ever appear, so another region's
id is a 404 here like an unknown one.
"""

import uuid

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.hsds import serializers as hsds_serializers
from api.hsds.params import list_params, page_of
from core import hsds

HSDS_VERSION = "3.0"
HSDS_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


def _param(name: str, kind, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description)


PAGING = [
    _param("page", OpenApiTypes.INT, "Page number, from 1."),
    _param("per_page", OpenApiTypes.INT, "Items per page (1 to 1000, default 50)."),
]
SEARCH = _param("search", OpenApiTypes.STR, "Words in the name, description, territory or organisation.")
FILTERS = [
    SEARCH,
    _param("modified_after", OpenApiTypes.DATETIME, "Only what changed on or after this ISO 8601 moment."),
    _param("taxonomy_term_id", OpenApiTypes.UUID, "Only services with this taxonomy term (audience)."),
    _param("organization_id", OpenApiTypes.UUID, "Only services of this organisation."),
]
FULL = _param("full", OpenApiTypes.BOOL, "true: fully nested items.")


def _paged(schema_file: str):
    return OpenApiResponse(
        inline_serializer(
            f"HsdsPage_{schema_file.split('.')[0]}",
            {
                "total_items": serializers.IntegerField(),
                "total_pages": serializers.IntegerField(),
                "page_number": serializers.IntegerField(),
                "size": serializers.IntegerField(),
                "first_page": serializers.BooleanField(),
                "last_page": serializers.BooleanField(),
                "empty": serializers.BooleanField(),
                "contents": serializers.ListField(child=serializers.DictField()),
            },
        ),
        description=f"HSDS paging object; each item of `contents` follows {HSDS_SCHEMAS}{schema_file}.",
    )


def _one(schema_file: str):
    return OpenApiResponse(OpenApiTypes.OBJECT, description=f"Follows {HSDS_SCHEMAS}{schema_file}.")


class HsdsView(APIView):
    """Public, read-only JSON: no login, no session, no CSRF."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]


def _by_uuid(queryset, raw: str):
    try:
        key = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    row = queryset.filter(uuid=key).first()
    if row is None:
        raise Http404
    return row


@extend_schema(tags=["hsds"], auth=[])
class HsdsMetaView(HsdsView):
    @extend_schema(
        summary="About this API and its relationship with HSDS",
        responses={
            200: inline_serializer(
                "HsdsMeta",
                {
                    "version": serializers.CharField(),
                    "profile": serializers.URLField(),
                    "openapi_url": serializers.URLField(),
                },
            )
        },
    )
    def get(self, request):
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": "https://docs.openreferral.org/en/3.0/hsds/overview.html",
                "openapi_url": request.build_absolute_uri("/api/v1/schema/?format=json"),
            }
        )


@extend_schema(tags=["hsds"], auth=[])
class ServiceListView(HsdsView):
    @extend_schema(
        operation_id="api_hsds_services_list",
        summary="Published services",
        parameters=[*FILTERS, *PAGING, FULL],
        responses=_paged("service.json"),
    )
    def get(self, request):
        params = list_params(
            request.query_params,
            allowed={"search", "modified_after", "taxonomy_term_id", "organization_id", "full"},
        )
        services = hsds.hsds_services()
        if params.unknown_term:
            services = services.none()
        services = hsds.hsds_service_filter(
            services,
            search=params.search,
            modified_after=params.modified_after,
            audience=params.audience,
            organization_uuid=params.organization_uuid,
        )
        paging, rows = page_of(services, params)
        return Response(
            paging | {"contents": hsds_serializers.ServiceSerializer(rows, many=True, full=params.full).data}
        )


@extend_schema(tags=["hsds"], auth=[])
class ServiceDetailView(HsdsView):
    @extend_schema(summary="A fully nested service", responses=_one("service.json"))
    def get(self, request, id):  # noqa: A002 - the reference names it id
        service = _by_uuid(hsds.hsds_services(), id)
        return Response(hsds_serializers.ServiceSerializer(service, full=True).data)


@extend_schema(tags=["hsds"], auth=[])
class OrganizationListView(HsdsView):
    @extend_schema(
        operation_id="api_hsds_organizations_list",
        summary="Organisations offering published services",
        parameters=[SEARCH, *PAGING, FULL],
        responses=_paged("organization.json"),
    )
    def get(self, request):
        params = list_params(request.query_params, allowed={"search", "full"})
        organizations = hsds.hsds_organizations()
        if params.search:
            organizations = organizations.filter(name__icontains=params.search)
        paging, rows = page_of(organizations, params)
        return Response(
            paging
            | {"contents": hsds_serializers.OrganizationSerializer(rows, many=True, full=params.full).data}
        )


@extend_schema(tags=["hsds"], auth=[])
class OrganizationDetailView(HsdsView):
    @extend_schema(
        summary="An organisation with its places and services", responses=_one("organization.json")
    )
    def get(self, request, id):  # noqa: A002 - the reference names it id
        partner = _by_uuid(hsds.hsds_organizations(), id)
        return Response(hsds_serializers.OrganizationSerializer(partner, full=True).data)


@extend_schema(tags=["hsds"], auth=[])
class ServiceAtLocationListView(HsdsView):
    @extend_schema(
        summary="Each published service at each place it is offered",
        parameters=[*FILTERS, *PAGING],
        responses=_paged("service_at_location.json"),
    )
    def get(self, request):
        params = list_params(
            request.query_params, allowed={"search", "modified_after", "taxonomy_term_id", "organization_id"}
        )
        rows = hsds.hsds_service_at_locations()
        if params.unknown_term:
            rows = rows.none()
        rows = hsds.hsds_service_filter(
            rows,
            search=params.search,
            modified_after=params.modified_after,
            audience=params.audience,
            organization_uuid=params.organization_uuid,
            prefix="service__",
        )
        paging, page = page_of(rows, params)
        return Response(
            paging | {"contents": hsds_serializers.ServiceAtLocationSerializer(page, many=True).data}
        )


@extend_schema(tags=["hsds"], auth=[])
class TaxonomyTermListView(HsdsView):
    @extend_schema(
        summary="Taxonomy terms services are tagged with",
        parameters=PAGING,
        responses=_paged("taxonomy_term.json"),
    )
    def get(self, request):
        params = list_params(request.query_params, allowed=set())
        paging, terms = page_of(hsds.audience_terms(), params)
        return Response(paging | {"contents": [hsds_serializers.taxonomy_term(term) for term in terms]})
