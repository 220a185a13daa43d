"""Signing in on the region's host: Django's own views, so authentication goes through
authenticate(request=...) and any throttling backend (django-axes) plugs in without changes here.

Users and sessions live in the region's schema: an account or a session cookie of another region
means nothing on this host.
"""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

from web.forms import LoginForm


def home(request):
    """The region's entry: its login page (served right here), or the person's dashboard."""
    if not request.user.is_authenticated:
        return LoginView.as_view()(request)
    return redirect(landing_url(request.user))


def landing_url(user) -> str:
    from accounts.models import Role

    if user.role == Role.FUNDER:
        return reverse("web:funder_dashboard")
    return reverse("web:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("web:login")


class PasswordResetView(auth_views.PasswordResetView):
    # The e-mailed link leads to the one-time-link page the first admin also uses (account_setup).
    template_name = "web/password_reset.html"
    email_template_name = "web/email/password_reset.txt"
    subject_template_name = "web/email/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"brand_name": self.request.tenant.name}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/password_reset_complete.html"
