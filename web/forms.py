"""Forms of the web app. Fields of writes come from the services' field sets (core.services),
never retyped; the services keep the last word on every rule."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Courriel ou mot de passe incorrect. Vérifiez-les et réessayez."),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Courriel")
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
        self.fields["password"].label = _("Mot de passe")


class WebFormMixin:
    """Date inputs the browser can help with, and errors tied to their field for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, forms.HiddenInput):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-errors"

    def apply_service_error(self, error) -> None:
        """A core.services ApplicationError shown on its field (or on top of the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.detail)


class WebModelForm(WebFormMixin, forms.ModelForm):
    pass


class WebForm(WebFormMixin, forms.Form):
    pass


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def service_form(model, fields, **kwargs):
    """A form whose fields are a core.services field set (never retyped here)."""
    return forms.modelform_factory(
        model, form=WebModelForm, fields=list(fields), formfield_callback=_formfield, **kwargs
    )


def run_service(form, service, /, **kwargs):
    """Calls the service with the form's data; on a refused write, its message lands on the form."""
    from core.errors import ApplicationError

    try:
        return service(**kwargs, **form.cleaned_data)
    except ApplicationError as error:
        form.apply_service_error(error)
        return None
