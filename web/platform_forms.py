"""Forms of the platform host: the platform admin's login and the onboarding wizard."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from billing.plans import plan_list
from onboarding.starters import starter_program_list
from tenants.errors import ProvisioningError
from tenants.provisioning import provision_check


class PlatformLoginForm(AuthenticationForm):
    """Only platform admins sign in on the platform host."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Courriel ou mot de passe incorrect."),
        "not_platform": _("Ce compte n'administre pas la plateforme."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Courriel")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["password"].label = _("Mot de passe")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.role != Role.PLATFORM_ADMIN:
            raise ValidationError(self.error_messages["not_platform"], code="not_platform")


class NetworkLoginForm(PlatformLoginForm):
    """The network dashboard's login: network funders' accounts (and the platform admin)."""

    error_messages = {
        **PlatformLoginForm.error_messages,
        "not_platform": _("Ce compte n'a pas accès à la vue réseau."),
    }

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if user.role not in (Role.NETWORK_FUNDER, Role.PLATFORM_ADMIN):
            raise ValidationError(self.error_messages["not_platform"], code="not_platform")


class ColourInput(forms.TextInput):
    input_type = "color"


class OnboardForm(forms.Form):
    """The wizard's answers. The rules on slug, name, e-mail and branding are provisioning's own
    (provision_check): their messages land on the field they concern."""

    slug = forms.CharField(
        label=_("Identifiant (adresse de l'espace)"),
        max_length=40,
        help_text=_("Lettres minuscules, chiffres et traits d'union : « gaspesie » donne gaspesie.%(domain)s")
        % {"domain": settings.BASE_DOMAIN},
    )
    name = forms.CharField(label=_("Nom affiché"), max_length=200)
    admin_email = forms.EmailField(label=_("Courriel de la direction (premier compte)"), max_length=254)
    primary_color = forms.RegexField(
        label=_("Couleur principale"), regex=r"^#[0-9a-fA-F]{6}$", initial="#1d4f91", widget=ColourInput
    )
    secondary_color = forms.RegexField(
        label=_("Couleur secondaire"), regex=r"^#[0-9a-fA-F]{6}$", initial="#f2a900", widget=ColourInput
    )
    default_language = forms.ChoiceField(
        label=_("Langue par défaut"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    plan = forms.ChoiceField(label=_("Forfait (essai gratuit d'abord)"))
    starters = forms.MultipleChoiceField(
        label=_("Programmes de départ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chaque programme arrive avec ses bailleurs de fonds habituels et ses résultats suivis."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(plan.code, plan.name) for plan in plan_list()]
        self.fields["plan"].initial = settings.BILLING_DEFAULT_PLAN
        self.fields["starters"].choices = [(program.key, program.name) for program in starter_program_list()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        branding = {key: data[key] for key in ("primary_color", "secondary_color", "default_language")}
        try:
            data["branding"] = provision_check(
                slug=data["slug"], name=data["name"], admin_email=data["admin_email"], branding=branding
            )
        except ProvisioningError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.detail)
        return data

    def onboarding_data(self) -> dict:
        """What web.onboarding.onboarding_steps takes."""
        data = self.cleaned_data
        return {
            "slug": data["slug"],
            "name": data["name"],
            "admin_email": data["admin_email"],
            "branding": data["branding"],
            "plan": data["plan"],
            "starters": list(data["starters"]),
        }
