"""Region host: /api/v1/... (the paths are the contract of PRODUCT.md)."""

from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.auth import TokenView
from api.v1 import (
    activities,
    agreements,
    committees,
    deliverables,
    enrollments,
    funders,
    imports,
    interventions,
    participants,
    partners,
    programs,
    service_points,
    services,
    team_members,
)
from api.v1.billing import BillingCheckoutView, BillingPortalView, BillingStatusView
from api.v1.branding import BrandingView
from api.v1.indicators import IndicatorsView
from api.v1.network import NetworkOptInDetailView, NetworkOptInListView
from api.v1.reports import (
    AgreementReportView,
    AnnualReportView,
    ReportJobDetailView,
    ReportJobDownloadView,
    ReportJobListView,
)

router = SimpleRouter()
router.register("partners", partners.PartnerViewSet, basename="partner")
router.register("service-points", service_points.ServicePointViewSet, basename="service-point")
router.register("team-members", team_members.TeamMemberViewSet, basename="team-member")
router.register("programs", programs.ProgramViewSet, basename="program")
router.register("funders", funders.FunderViewSet, basename="funder")
router.register("agreements", agreements.AgreementViewSet, basename="agreement")
router.register("deliverables", deliverables.DeliverableViewSet, basename="deliverable")
router.register("participants", participants.ParticipantViewSet, basename="participant")
router.register("enrollments", enrollments.EnrollmentViewSet, basename="enrollment")
router.register("interventions", interventions.InterventionViewSet, basename="intervention")
router.register("activities", activities.ActivityViewSet, basename="activity")
router.register("committees", committees.CommitteeViewSet, basename="committee")
router.register("services", services.ServiceViewSet, basename="service")
router.register("imports", imports.ImportBatchViewSet, basename="import")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    # The schema describes this host's own routes (its urlconf), not the platform's.
    path("schema/", SpectacularAPIView.as_view(urlconf=settings.ROOT_URLCONF), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("branding/", BrandingView.as_view(), name="branding"),
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("billing/status/", BillingStatusView.as_view(), name="billing-status"),
    path("billing/checkout/", BillingCheckoutView.as_view(), name="billing-checkout"),
    path("billing/portal/", BillingPortalView.as_view(), name="billing-portal"),
    path("network/opt-ins/", NetworkOptInListView.as_view(), name="network-opt-ins"),
    path("network/opt-ins/<slug:slug>/", NetworkOptInDetailView.as_view(), name="network-opt-in"),
    path("reports/annual/", AnnualReportView.as_view(), name="report-annual"),
    path("reports/agreements/<int:pk>/", AgreementReportView.as_view(), name="report-agreement"),
    path("reports/jobs/", ReportJobListView.as_view(), name="report-jobs"),
    path("reports/jobs/<uuid:pk>/", ReportJobDetailView.as_view(), name="report-job"),
    path("reports/jobs/<uuid:pk>/download/", ReportJobDownloadView.as_view(), name="report-job-download"),
    *router.urls,
]
