"""/api/hsds/ on a region's host, at the reference's paths (no trailing slash)."""

from django.urls import path

from api.hsds import views

urlpatterns = [
    path("", views.HsdsMetaView.as_view(), name="hsds-meta"),
    path("services", views.ServiceListView.as_view(), name="hsds-services"),
    path("services/<str:id>", views.ServiceDetailView.as_view(), name="hsds-service"),
    path("organizations", views.OrganizationListView.as_view(), name="hsds-organizations"),
    path("organizations/<str:id>", views.OrganizationDetailView.as_view(), name="hsds-organization"),
    path("service_at_locations", views.ServiceAtLocationListView.as_view(), name="hsds-service-at-locations"),
    path("taxonomy_terms", views.TaxonomyTermListView.as_view(), name="hsds-taxonomy-terms"),
]
