"""The region's web app, at the root of the region's host (the API, /admin/ and health checks
keep their own paths)."""

from django.urls import path
from django.views.i18n import set_language

from web.views import auth, branding, dashboard

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("langue/", set_language, name="set_language"),
    path("image-de-marque/logo/", branding.logo, name="logo"),
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
]
