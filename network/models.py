"""The network: funders shared across regions (MIFI, Secrétariat à la jeunesse...), their accounts on
the platform host, and each region's link and opt-in. Public schema only (a shared app).

A region's own `core.Funder` lives in the region's schema: it is referred to by id (`funder_id`),
never by a foreign key, since no query may join a region's schema to another.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkFunder(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("bailleur de fonds du réseau")
        verbose_name_plural = _("bailleurs de fonds du réseau")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkAccount(models.Model):
    """A login of the platform host that reads one network funder's view."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_account",
        verbose_name=_("compte"),
    )
    network_funder = models.ForeignKey(
        NetworkFunder, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("bailleur du réseau")
    )

    class Meta:
        verbose_name = _("compte du réseau")
        verbose_name_plural = _("comptes du réseau")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.network_funder}"


class RegionLink(models.Model):
    """A region says which of its own funders is the network funder (set by its direction)."""

    region = models.ForeignKey(
        "tenants.Region", on_delete=models.CASCADE, related_name="network_links", verbose_name=_("région")
    )
    network_funder = models.ForeignKey(
        NetworkFunder,
        on_delete=models.CASCADE,
        related_name="region_links",
        verbose_name=_("bailleur du réseau"),
    )
    # The id of the region's core.Funder, in the region's own schema.
    funder_id = models.PositiveBigIntegerField(_("bailleur de la région"))
    linked_at = models.DateTimeField(_("lié le"), auto_now=True)
    linked_by_email = models.CharField(_("lié par"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("lien d'une région au réseau")
        verbose_name_plural = _("liens des régions au réseau")
        constraints = [
            models.UniqueConstraint(fields=["region", "network_funder"], name="network_link_one_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} ↔ {self.network_funder_id} ({self.funder_id})"


class OptIn(models.Model):
    """Whether a region shows its aggregates to a network funder; revocable at any time.

    Each change is also written in the region's own access trail (core.AuditEvent)."""

    region = models.ForeignKey(
        "tenants.Region", on_delete=models.CASCADE, related_name="network_opt_ins", verbose_name=_("région")
    )
    network_funder = models.ForeignKey(
        NetworkFunder, on_delete=models.CASCADE, related_name="opt_ins", verbose_name=_("bailleur du réseau")
    )
    active = models.BooleanField(_("adhésion active"), default=False)
    set_at = models.DateTimeField(_("adhésion le"), null=True, blank=True)
    set_by_email = models.CharField(_("adhésion par"), max_length=254, blank=True)
    revoked_at = models.DateTimeField(_("retrait le"), null=True, blank=True)
    revoked_by_email = models.CharField(_("retrait par"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("adhésion au réseau")
        verbose_name_plural = _("adhésions au réseau")
        ordering = ["region__name", "network_funder__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "network_funder"], name="network_opt_in_one_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} → {self.network_funder_id}: {'on' if self.active else 'off'}"
