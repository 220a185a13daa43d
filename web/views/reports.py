"""The report pages (`/reports/annual/`, `/reports/agreements/<id>/`): the PDF's own HTML, with
download links. The web app will wrap them in its layout; the figures stay these."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import REPORT_ROLES
from core.models import Agreement
from core.reports.produce import agreement_document, annual_document, html_page


def _allowed(request) -> bool:
    return getattr(request.user, "role", None) in REPORT_ROLES and not request.tenant.is_public


def _downloads(api_path: str, params: dict) -> list[tuple[str, str]]:
    return [
        (label, f"{api_path}?{urlencode({**params, 'format': fmt})}")
        for label, fmt in ((_("PDF"), "pdf"), (_("Tableur (XLSX)"), "xlsx"), (_("CSV"), "csv"))
    ]


@require_GET
@login_required
def annual_report_page(request):
    from api.v1.reports import PeriodSerializer  # the API's own rules for ?from= and ?to=

    if not _allowed(request):
        return HttpResponseForbidden(_("Votre rôle ne permet pas cette action."))
    query = PeriodSerializer(data=request.GET)
    if not query.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(map(str, errors))}" for field, errors in query.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    period = query.validated_data
    report, sections, meta = annual_document(actor=request.user, region=request.tenant, **period)
    params = {"from": period["date_from"].isoformat(), "to": period["date_to"].isoformat()}
    html = html_page(
        report=report,
        sections=sections,
        meta=meta,
        region=request.tenant,
        downloads=_downloads(reverse("report-annual"), params),
    )
    return HttpResponse(html)


@require_GET
@login_required
def agreement_report_page(request, pk: int):
    if not _allowed(request):
        return HttpResponseForbidden(_("Votre rôle ne permet pas cette action."))
    try:
        report, sections, meta = agreement_document(
            actor=request.user, region=request.tenant, agreement_id=pk
        )
    except Agreement.DoesNotExist:
        raise Http404 from None
    html = html_page(
        report=report,
        sections=sections,
        meta=meta,
        region=request.tenant,
        downloads=_downloads(reverse("report-agreement", kwargs={"pk": pk}), {}),
    )
    return HttpResponse(html)
