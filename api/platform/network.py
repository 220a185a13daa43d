"""`GET /api/v1/network/indicators/?from=&to=[&funder=][&format=csv|xlsx|pdf]` on the platform host.

A network funder's account reads its own network funder; the platform admin names any (`funder`,
its slug; default the first by name). Each region that opted in for that funder, side by side and
summed, aggregates only, small counts suppressed across the whole table (network.report). The
period is one whole fiscal year (network.periods): `from` April 1, `to` the next March 31.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import NetworkReaderPermission
from api.renderers import PDFRenderer, ReportCSVRenderer, ReportXLSXRenderer
from api.v1.reports import FILE_RESPONSES, FORMAT_PARAMETER
from network.periods import period_from_query
from network.report import network_file, network_report_for_actor


class NetworkIndicatorsView(APIView):
    permission_classes = [NetworkReaderPermission]
    renderer_classes = [JSONRenderer, PDFRenderer, ReportCSVRenderer, ReportXLSXRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="April 1 of the fiscal year (default: current)."
            ),
            OpenApiParameter("to", OpenApiTypes.DATE, description="March 31 ending that fiscal year."),
            OpenApiParameter(
                "funder",
                OpenApiTypes.STR,
                description="Network funder's slug (platform admin; default the first).",
            ),
            FORMAT_PARAMETER,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "`network_funder`, `period`, `suppression`, `indicators` and `axes` (keys and labels), "
                    "`regions` (each opted-in region: `slug`, `name`, `programs`, `indicators`, `axes`) and "
                    '`total`; counts of people below the threshold read "<N>".'
                ),
            ),
            **FILE_RESPONSES,
        },
        tags=["network"],
    )
    def get(self, request):
        period = period_from_query(request.query_params.get("from"), request.query_params.get("to"))
        report = network_report_for_actor(
            actor=request.user, funder_slug=request.query_params.get("funder") or None, period=period
        )
        fmt = request.accepted_renderer.format
        if fmt == "json":
            return Response(report)
        filename, content = network_file(fmt=fmt, report=report, platform=request.tenant)
        response = Response(content)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
