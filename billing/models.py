"""Billing state of each region, in the public schema (webhooks arrive on the platform host)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    # Stripe's subscription statuses, plus our own trial before any subscription exists.
    TRIALING = "trialing", _("Essai gratuit")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Paiement en retard")
    UNPAID = "unpaid", _("Impayée")
    CANCELED = "canceled", _("Annulée")
    INCOMPLETE = "incomplete", _("Incomplète")
    INCOMPLETE_EXPIRED = "incomplete_expired", _("Incomplète, expirée")
    PAUSED = "paused", _("En pause")


class BillingSetup(models.TextChoices):
    # Onboarding opens the account pending; it is complete once Stripe has the region's customer.
    # A Stripe outage during onboarding leaves it pending (full access) until a retry succeeds.
    PENDING = "setup_pending", _("Configuration chez Stripe en attente")
    COMPLETE = "setup_complete", _("Configurée chez Stripe")


class BillingAccount(models.Model):
    """One per region: its Stripe customer, plan and the subscription state we last applied."""

    region = models.OneToOneField(
        "tenants.Region", on_delete=models.PROTECT, related_name="billing", verbose_name=_("région")
    )
    # Created lazily (first billing action) so onboarding never waits on Stripe.
    stripe_customer_id = models.CharField(
        _("client Stripe"), max_length=255, unique=True, null=True, blank=True
    )
    plan = models.CharField(_("forfait"), max_length=64)
    stripe_subscription_id = models.CharField(_("abonnement Stripe"), max_length=255, blank=True)
    status = models.CharField(
        _("statut"), max_length=24, choices=SubscriptionStatus.choices, default=SubscriptionStatus.TRIALING
    )
    setup = models.CharField(
        _("configuration"), max_length=16, choices=BillingSetup.choices, default=BillingSetup.COMPLETE
    )
    trial_end = models.DateTimeField(_("fin de l'essai"), null=True, blank=True)
    current_period_end = models.DateTimeField(_("prochaine facture"), null=True, blank=True)
    # When the region stopped being in good standing: the grace period counts from here.
    past_due_since = models.DateTimeField(_("en retard depuis"), null=True, blank=True)
    last_payment_at = models.DateTimeField(_("dernier paiement"), null=True, blank=True)
    last_payment_amount = models.PositiveIntegerField(
        _("montant du dernier paiement (¢)"), null=True, blank=True
    )
    last_payment_currency = models.CharField(_("devise"), max_length=3, blank=True)
    # `created` of the newest Stripe event applied to the status: an older event arriving late
    # must not undo a newer one (Stripe does not guarantee delivery order).
    updated_from_event_created = models.DateTimeField(_("état selon l'événement du"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("compte de facturation")
        verbose_name_plural = _("comptes de facturation")
        ordering = ["region__name"]

    def __str__(self) -> str:
        return f"{self.region} — {self.plan} ({self.status})"


class StripeEvent(models.Model):
    """Every webhook event, stored once under its Stripe id: a replay finds it and does nothing."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Reçu")
        PROCESSED = "processed", _("Traité")
        IGNORED = "ignored", _("Ignoré")
        FAILED = "failed", _("Échec (à réessayer)")

    stripe_event_id = models.CharField(_("événement Stripe"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    created = models.DateTimeField(_("créé chez Stripe le"))
    api_version = models.CharField(_("version de l'API"), max_length=64, blank=True)
    payload = models.JSONField(_("contenu"))
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    handler_error = models.TextField(_("erreur du traitement"), blank=True)
    # What the handler did or why it skipped (unknown customer, older than the applied state...).
    outcome = models.CharField(_("résultat"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    processed_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("événement Stripe")
        verbose_name_plural = _("événements Stripe")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_event_id}"


class Invoice(models.Model):
    """A Stripe invoice as last reported, so the region admin sees past invoices without a call out."""

    account = models.ForeignKey(
        BillingAccount, on_delete=models.CASCADE, related_name="invoices", verbose_name=_("compte")
    )
    stripe_invoice_id = models.CharField(_("facture Stripe"), max_length=255, unique=True)
    number = models.CharField(_("numéro"), max_length=64, blank=True)
    status = models.CharField(_("statut"), max_length=24)
    currency = models.CharField(_("devise"), max_length=3)
    amount_due = models.PositiveIntegerField(_("montant dû (¢)"), default=0)
    amount_paid = models.PositiveIntegerField(_("montant payé (¢)"), default=0)
    created = models.DateTimeField(_("émise le"))
    paid_at = models.DateTimeField(_("payée le"), null=True, blank=True)
    hosted_invoice_url = models.URLField(_("lien de la facture"), max_length=500, blank=True)
    invoice_pdf = models.URLField(_("PDF"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.number or self.stripe_invoice_id
