"""Report pages on a region's host (included under /reports/ by config.urls_tenants)."""

from django.urls import path

from core.reports import pages

urlpatterns = [
    path("annual/", pages.annual_report_page, name="report-annual-page"),
    path("agreements/<int:pk>/", pages.agreement_report_page, name="report-agreement-page"),
]
