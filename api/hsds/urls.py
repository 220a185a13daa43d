"""/api/hsds/ on a region's host. The reference's paths have no trailing slash; one is accepted."""

from django.urls import re_path

from api.hsds import views

urlpatterns = [
    re_path(r"^$", views.HsdsMetaView.as_view(), name="hsds-meta"),
    re_path(r"^services/?$", views.ServiceListView.as_view(), name="hsds-services"),
    re_path(r"^services/(?P<id>[^/]+)/?$", views.ServiceDetailView.as_view(), name="hsds-service"),
    re_path(r"^organizations/?$", views.OrganizationListView.as_view(), name="hsds-organizations"),
    re_path(
        r"^organizations/(?P<id>[^/]+)/?$", views.OrganizationDetailView.as_view(), name="hsds-organization"
    ),
    re_path(
        r"^service_at_locations/?$",
        views.ServiceAtLocationListView.as_view(),
        name="hsds-service-at-locations",
    ),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermListView.as_view(), name="hsds-taxonomy-terms"),
]
