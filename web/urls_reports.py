"""Report pages on a region's host (included under /reports/ by config.urls_tenants; the figures come from core.reports)."""

from django.urls import path

from web.views import reports as pages

urlpatterns = [
    path("annual/", pages.annual_report_page, name="report-annual-page"),
    path("agreements/<int:pk>/", pages.agreement_report_page, name="report-agreement-page"),
]
