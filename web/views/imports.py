"""Imports of spreadsheets (partners, participants, interventions) in the web app: the same
services and scoping as /api/v1/imports/ (core.services.import_*, core.access.import_batch_for_actor),
the same upload rules (the API's serializer) and the same background task."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as DRFValidationError

from api.v1.imports import IMPORT_ROLES, ImportUploadSerializer
from core import access, services
from core.errors import ApplicationError
from core.imports.tasks import import_commit_queue, import_progress
from core.models import ImportKind, ImportStatus
from core.services.imports import import_allowed
from web.forms import WebForm

LIST_SIZE = 50


class ImportForm(WebForm):
    kind = forms.ChoiceField(label=gettext_lazy("Données à importer"))
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        help_text=gettext_lazy(
            "CSV (UTF-8 ou Windows-1252 ; séparé par « ; » ou « , ») ou XLSX, en-têtes sur la ligne 1."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds this role may import (the service refuses the others anyway).
        self.fields["kind"].choices = [
            (value, label) for value, label in ImportKind.choices if import_allowed(actor=actor, kind=value)
        ]

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            ImportUploadSerializer().validate_file(file)  # the API's size limit and message
        except DRFValidationError as error:
            raise forms.ValidationError([str(detail) for detail in error.detail]) from None
        return file


def _ensure_role(request) -> None:
    if getattr(request.user, "role", None) not in IMPORT_ROLES or request.tenant.is_public:
        raise PermissionDenied


def _batch(request, pk):
    # Scoped once in core.access; another region's id does not exist in this schema (404).
    return get_object_or_404(access.import_batch_for_actor(actor=request.user), pk=pk)


@login_required
def imports(request):
    _ensure_role(request)
    batches = access.import_batch_for_actor(actor=request.user).select_related("created_by")[:LIST_SIZE]
    return render(
        request,
        "web/imports.html",
        {"title": _("Importations"), "batches": batches, "committed": ImportStatus.COMMITTED},
    )


@login_required
def import_new(request):
    _ensure_role(request)
    form = ImportForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            batch = services.import_check(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=file.name,
                content=file.read(),
                language=request.LANGUAGE_CODE,
            )
        except ApplicationError as error:
            form.apply_service_error(error)
        else:
            return redirect("web:import_detail", pk=batch.pk)
    context = {
        "title": _("Nouvelle importation"),
        "form": form,
        "multipart": True,
        "submit_label": _("Vérifier le fichier"),
        "cancel_url": "/importations/",
        "intro": _("Le fichier est d'abord vérifié : rien n'est importé avant votre confirmation."),
    }
    return render(request, "web/form_page.html", context, status=400 if form.errors else 200)


def _status_context(batch) -> dict:
    progress = import_progress(batch.pk) if batch.status == ImportStatus.RUNNING else None
    return {"batch": batch, "progress": progress, "statuses": ImportStatus}


@login_required
def import_detail(request, pk):
    _ensure_role(request)
    batch = _batch(request, pk)
    return render(request, "web/import.html", {"title": str(batch), **_status_context(batch)})


@login_required
def import_status(request, pk):
    """The fragment the page polls (htmx) while the commit runs; it stops polling once done."""
    _ensure_role(request)
    return render(request, "web/includes/import_status.html", _status_context(_batch(request, pk)))


@require_POST
@login_required
def import_commit(request, pk):
    _ensure_role(request)
    try:
        batch = services.import_commit_start(batch=_batch(request, pk), actor=request.user)
        import_commit_queue(batch, request.user)
    except ApplicationError as error:
        messages.error(request, error.detail)
    return redirect("web:import_detail", pk=pk)


@require_POST
@login_required
def import_undo(request, pk):
    _ensure_role(request)
    try:
        services.import_undo(batch=_batch(request, pk), actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Importation annulée : ses lignes ont été retirées."))
    return redirect("web:imports")
