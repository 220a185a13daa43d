"""POST /billing/stripe/webhook/ on the platform host (Zulip's pattern).

Verify the signature with the SDK, store the event once under its Stripe id, process it in a
transaction, record the outcome. A replay of a processed event does nothing; a failed one is
processed again when Stripe retries it.
"""

import json
import logging

import stripe
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.handlers import EventIgnored, event_dispatch
from billing.models import StripeEvent
from billing.services import from_timestamp

logger = logging.getLogger(__name__)

DONE = (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED)


def stripe_event_store(payload: dict) -> StripeEvent:
    """The stored event for this Stripe id, created on first delivery (a replay gets the same row)."""
    event, _created = StripeEvent.objects.get_or_create(
        stripe_event_id=payload["id"],
        defaults={
            "type": payload.get("type", ""),
            "created": from_timestamp(payload.get("created")) or timezone.now(),
            "api_version": payload.get("api_version") or "",
            "payload": payload,
        },
    )
    return event


def stripe_event_process(*, event_id: int) -> StripeEvent:
    """Run the event's handler once. Its writes commit with the `processed` mark, or not at all."""
    with transaction.atomic():
        # The row lock makes a concurrent delivery of the same event wait, then see it done.
        event = StripeEvent.objects.select_for_update().get(pk=event_id)
        if event.status in DONE:
            return event
        event.attempts += 1
        try:
            with transaction.atomic():
                event.outcome = event_dispatch(event.payload)[:255]
                event.status = StripeEvent.Status.PROCESSED
        except EventIgnored as ignored:
            event.status = StripeEvent.Status.IGNORED
            event.outcome = str(ignored)[:255]
        except Exception as error:
            # The inner savepoint rolled back whatever the handler wrote; keep the event for retry.
            logger.exception("Stripe event %s (%s) failed", event.stripe_event_id, event.type)
            event.status = StripeEvent.Status.FAILED
            event.handler_error = f"{type(error).__name__}: {error}"[:2000]
            event.save(update_fields=["status", "attempts", "handler_error"])
            return event
        event.handler_error = ""
        event.processed_at = timezone.now()
        event.save(update_fields=["status", "attempts", "handler_error", "outcome", "processed_at"])
        return event


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


@csrf_exempt  # Stripe cannot send a CSRF token; the signature is the authentication.
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        # Checked with the webhook secret alone: no API key is needed to verify a signature.
        stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
    except stripe.SignatureVerificationError:
        return _error(400, "signature_invalid", _("Signature Stripe absente, invalide ou expirée."))
    except ValueError:
        return _error(400, "payload_invalid", _("Contenu d'événement Stripe illisible."))
    payload = json.loads(request.body)
    if not isinstance(payload.get("id"), str) or "data" not in payload:
        return _error(400, "payload_invalid", _("Contenu d'événement Stripe illisible."))
    if settings.STRIPE_API_VERSION and payload.get("api_version") not in (None, settings.STRIPE_API_VERSION):
        logger.warning(
            "Stripe event %s uses API version %s, pinned %s",
            payload["id"],
            payload.get("api_version"),
            settings.STRIPE_API_VERSION,
        )
    event = stripe_event_store(payload)
    if event.status in DONE:
        return JsonResponse({"received": True, "status": event.status, "duplicate": True})
    event = stripe_event_process(event_id=event.pk)
    if event.status == StripeEvent.Status.FAILED:
        # A 5xx tells Stripe to deliver it again later; the event row remembers the error.
        return _error(500, "event_failed", _("Le traitement de l'événement a échoué ; il sera réessayé."))
    return JsonResponse({"received": True, "status": event.status})
