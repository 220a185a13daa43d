"""The public service map's search and filters (a GET form: bad values are named, never a 500)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Audience
from web.templatetags.service_map import language_name


class ServiceMapFilter(forms.Form):
    q = forms.CharField(label=_("Rechercher un service"), required=False, max_length=100)
    territory = forms.ChoiceField(label=_("Territoire ou ville"), required=False)
    category = forms.ChoiceField(label=_("Pour qui"), required=False)
    language = forms.ChoiceField(label=_("Langue"), required=False)
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[("name", _("Nom du service")), ("partner", _("Organisme"))],
    )

    def __init__(self, data, *, territories, languages):
        super().__init__(data)
        everywhere = [("", _("Partout"))]
        self.fields["territory"].choices = everywhere + [(value, value) for value in territories]
        self.fields["category"].choices = [("", _("Tout le monde"))] + list(Audience.choices)
        self.fields["language"].choices = [("", _("Toutes"))] + [
            (code, language_name(code)) for code in languages
        ]
