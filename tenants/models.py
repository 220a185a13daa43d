"""Regions (the tenants) and their host names. Public schema only."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

# The one colour pattern: the model, the branding endpoint and onboarding all validate with it.
hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Couleur attendue au format #RRGGBB."))


class Region(TenantMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspendue")

    # Schemas are created by tenants.provisioning (cloned from the template), never as a side
    # effect of save(); and a region's data is never dropped by deleting the row.
    auto_create_schema = False
    auto_drop_schema = False

    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    name = models.CharField(_("nom affiché"), max_length=200)
    logo = models.FileField(_("logo"), upload_to="branding/", blank=True)
    primary_color = models.CharField(
        _("couleur principale"), max_length=7, default="#1d4f91", validators=[hex_colour]
    )
    secondary_color = models.CharField(
        _("couleur secondaire"), max_length=7, default="#f2a900", validators=[hex_colour]
    )
    default_language = models.CharField(
        _("langue par défaut"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        from django_tenants.utils import get_public_schema_name

        return self.schema_name == get_public_schema_name()


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        ordering = ["domain"]


class SpareSchema(models.Model):
    """A region schema cloned and migrated ahead of time, waiting to be renamed into a new region.

    A row exists only once its schema is complete (written in the same transaction as the clone);
    onboarding takes one and deletes the row in its own transaction (tenants.pool).
    """

    schema_name = models.CharField(max_length=63, unique=True)
    # tenants.pool.migration_state() when the spare was built or last migrated: a spare built
    # before a new migration landed is never handed out.
    migration_state = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.schema_name
