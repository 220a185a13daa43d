"""/api/v1/reports/...: the annual report and agreement reports, as JSON or as files.

- `GET reports/annual/?from=&to=[&format=pdf|csv|xlsx]`: the region's annual report for the period
  (default: the current fiscal year, April to March). Staff see the region; a funder sees the
  programs it funds, with small counts suppressed. Agents have no access (as on indicators/).
- `GET reports/agreements/<id>/[?format=pdf|csv|xlsx]`: an agreement's follow-up report, for staff
  and the funders party to it; any other agreement (another funder's, another region's) is a 404.
- `POST reports/jobs/` queues a file in the background (Celery); `GET reports/jobs/<id>/` tells
  its progress and `GET reports/jobs/<id>/download/` serves it, to the account that asked only.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts.models import REPORT_ROLES, STAFF_ROLES
from api.permissions import RolePermission
from api.renderers import PDFRenderer, ReportCSVRenderer, ReportXLSXRenderer
from core import access
from core.models import Agreement, ReportJob, ReportJobStatus
from core.reports.annual import fiscal_year
from core.reports.produce import CONTENT_TYPES, agreement_document, annual_document, file_of
from core.services.jobs import report_job_create
from core.tasks import report_job_start

# Files in the background: the team (a funder downloads its reports directly, ?format=pdf).
JOB_ROLES = STAFF_ROLES
RENDERERS = [JSONRenderer, PDFRenderer, ReportCSVRenderer, ReportXLSXRenderer]
FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report as a PDF."),
    (200, "text/csv"): OpenApiResponse(
        OpenApiTypes.BINARY, description="One CSV file of `section,label,value` rows (UTF-8 with BOM)."
    ),
    (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(
        OpenApiTypes.BINARY, description="A workbook with one sheet per section; numbers as numbers."
    ),
}
FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "pdf", "csv", "xlsx"], description="The response's format."
)


class PeriodSerializer(serializers.Serializer):
    # `from` is a Python keyword: the fields are declared under other names and renamed below.
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["from"].source = "date_from"
        self.fields["to"] = self.fields.pop("date_to")
        self.fields["to"].source = "date_to"

    def validate(self, attrs):
        default_from, default_to = fiscal_year()
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and not end:
            end = fiscal_year(start)[1]
        if end and not start:
            start = fiscal_year(end)[0]
        start, end = start or default_from, end or default_to
        if end < start:
            raise serializers.ValidationError({"to": [_("La fin de la période ne peut précéder son début.")]})
        if (end - start).days > 366 * 10:
            raise serializers.ValidationError({"to": [_("Une période couvre au plus dix ans.")]})
        return {"date_from": start, "date_to": end}


def _file_response(request, filename: str, content: bytes) -> Response:
    response = Response(content)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AnnualReportView(APIView):
    permission_classes = [RolePermission]
    renderer_classes = RENDERERS
    read_roles = REPORT_ROLES
    write_roles = frozenset()

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Start (inclusive); default April 1."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="End (inclusive); default March 31."),
            FORMAT_PARAMETER,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "`region`, `period`, `summary` (exactly what /api/v1/indicators/ computes for the period), "
                    "`welcome` (accueil universel: people_welcomed, walk_in_participants, kiosks, "
                    "people_reached_at_kiosks, intervention_hours), `axes` (per axis: participants and each "
                    "program's figures and outcomes), `funders`, `suppression`."
                ),
            ),
            **FILE_RESPONSES,
        },
        tags=["reports"],
    )
    def get(self, request):
        query = PeriodSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report, sections, meta = annual_document(
            actor=request.user, region=request.tenant, **query.validated_data
        )
        fmt = request.accepted_renderer.format
        if fmt == "json":
            return Response(report)
        return _file_response(
            request, *file_of(fmt=fmt, report=report, sections=sections, meta=meta, region=request.tenant)
        )


class AgreementReportView(APIView):
    permission_classes = [RolePermission]
    renderer_classes = RENDERERS
    read_roles = REPORT_ROLES
    write_roles = frozenset()

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "`title`, `status`, `parties` (with contributions), `objectives`, `deliverables` (with "
                    "due dates, status and `late`), `activities` (dated), `indicators` (targets beside actuals)."
                ),
            ),
            **FILE_RESPONSES,
        },
        tags=["reports"],
    )
    def get(self, request, pk: int):
        try:
            report, sections, meta = agreement_document(
                actor=request.user, region=request.tenant, agreement_id=pk
            )
        except Agreement.DoesNotExist:
            raise Http404 from None
        fmt = request.accepted_renderer.format
        if fmt == "json":
            return Response(report)
        return _file_response(
            request, *file_of(fmt=fmt, report=report, sections=sections, meta=meta, region=request.tenant)
        )


class ReportJobSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "report",
            "format",
            "params",
            "status",
            "progress",
            "error",
            "filename",
            "created_at",
            "finished_at",
            "download",
        ]

    def get_download(self, job) -> str | None:
        if job.status != ReportJobStatus.DONE:
            return None
        return reverse("report-job-download", kwargs={"pk": job.pk}, request=self.context.get("request"))


class ReportJobRequestSerializer(serializers.Serializer):
    report = serializers.ChoiceField(choices=["annual", "agreement"])
    format = serializers.ChoiceField(choices=sorted(CONTENT_TYPES))
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    agreement = serializers.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["from"].source = "date_from"
        self.fields["to"] = self.fields.pop("date_to")
        self.fields["to"].source = "date_to"

    def validate(self, attrs):
        user = self.context["request"].user
        if attrs["report"] == "agreement":
            if not attrs.get("agreement"):
                raise serializers.ValidationError({"agreement": [_("Ce champ est obligatoire.")]})
            if not access.agreement_for_actor(actor=user).filter(pk=attrs["agreement"]).exists():
                raise serializers.ValidationError({"agreement": [_("Entente inconnue.")]})
            return {**attrs, "params": {"agreement": attrs["agreement"]}}
        period = PeriodSerializer(
            data={key: attrs[f"date_{key}"].isoformat() for key in ("from", "to") if attrs.get(f"date_{key}")}
        )
        period.is_valid(raise_exception=True)
        dates = period.validated_data
        return {
            **attrs,
            "params": {"from": dates["date_from"].isoformat(), "to": dates["date_to"].isoformat()},
        }


class ReportJobListView(APIView):
    permission_classes = [RolePermission]
    read_roles = frozenset()
    write_roles = JOB_ROLES

    @extend_schema(request=ReportJobRequestSerializer, responses={202: ReportJobSerializer}, tags=["reports"])
    def post(self, request):
        """Queue a report file; poll the job until `status` is `done`, then follow `download`."""
        data = ReportJobRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        job = report_job_create(
            actor=request.user,
            report=data.validated_data["report"],
            format=data.validated_data["format"],
            params=data.validated_data["params"],
        )
        report_job_start(job)
        job.refresh_from_db()
        return Response(
            ReportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )


class ReportJobDetailView(APIView):
    permission_classes = [RolePermission]
    read_roles = JOB_ROLES
    write_roles = frozenset()

    @extend_schema(responses=ReportJobSerializer, tags=["reports"])
    def get(self, request, pk):
        job = _job(request, pk)
        return Response(ReportJobSerializer(job, context={"request": request}).data)


class ReportJobDownloadView(APIView):
    permission_classes = [RolePermission]
    read_roles = JOB_ROLES
    write_roles = frozenset()

    @extend_schema(
        responses={
            (200, media): OpenApiResponse(OpenApiTypes.BINARY)
            for media in ("application/pdf", "text/csv", CONTENT_TYPES["xlsx"])
        },
        tags=["reports"],
    )
    def get(self, request, pk):
        job = _job(request, pk)
        if job.status != ReportJobStatus.DONE:
            raise Http404
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=CONTENT_TYPES[job.format],
        )


def _job(request, pk) -> ReportJob:
    job = access.report_job_for_actor(actor=request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
