"""Pages of the platform host, mounted at / by config/urls_public.py (beside /admin/, /api/, /billing/)."""

from django.urls import path

from web.views import network_platform, platform

app_name = "platform"

urlpatterns = [
    path("", platform.home, name="home"),
    path("connexion/", platform.LoginView.as_view(), name="login"),
    path("deconnexion/", platform.LogoutView.as_view(), name="logout"),
    path("regions/", platform.region_list, name="regions"),
    # The network view: network funders' accounts and the platform admin.
    path("reseau/", network_platform.network_dashboard, name="network"),
    path("reseau/connexion/", network_platform.NetworkLoginView.as_view(), name="network-login"),
    path("regions/nouvelle/", platform.region_onboard, name="onboard"),
    path("regions/<slug:slug>/", platform.region_detail, name="region"),
    path("regions/<slug:slug>/suspendre/", platform.region_suspend_view, name="region-suspend"),
    path("regions/<slug:slug>/reactiver/", platform.region_reactivate_view, name="region-reactivate"),
    path(
        "regions/<slug:slug>/facturation/configurer/",
        platform.region_billing_setup_view,
        name="region-billing-setup",
    ),
]
