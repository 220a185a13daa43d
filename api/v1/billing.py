"""`/api/v1/billing/`: the region admin's billing (status, Stripe Checkout, Stripe Billing Portal).

Thin views: billing.services and billing.selectors do the work; errors (BillingError included)
are api.exceptions' `{detail, code[, fields]}` like every other endpoint. A read-only region may
still reach these (billing.exempt): that is how it pays.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import RegionAdminPermission
from api.schema import ErrorSerializer
from billing.errors import BillingError
from billing.exempt import billing_exempt
from billing.plans import plan_get
from billing.selectors import billing_summary
from billing.services import checkout_session_create, portal_session_create


class BillingPermission(RegionAdminPermission):
    message = _("Seule la direction de la région gère la facturation.")


class InvoiceOut(serializers.Serializer):
    id = serializers.CharField(source="stripe_invoice_id")
    number = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount_due = serializers.IntegerField()
    amount_paid = serializers.IntegerField()
    created = serializers.DateTimeField()
    paid_at = serializers.DateTimeField()
    hosted_invoice_url = serializers.CharField()
    invoice_pdf = serializers.CharField()


class PlanOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    staff_limit = serializers.IntegerField()


class CheckoutIn(serializers.Serializer):
    plan = serializers.CharField(max_length=64)

    def validate_plan(self, value):
        try:
            return plan_get(value).code
        except BillingError as error:
            raise serializers.ValidationError(error.detail, code=str(error.code)) from None


class UrlOut(serializers.Serializer):
    url = serializers.URLField()


class BillingStatusOut(serializers.Serializer):
    plan = PlanOut(allow_null=True)
    status = serializers.CharField(allow_null=True)
    access = serializers.ChoiceField(choices=["full", "grace", "read_only"])
    trial_end = serializers.DateTimeField(allow_null=True)
    next_invoice_at = serializers.DateTimeField(allow_null=True)
    grace_until = serializers.DateTimeField(allow_null=True)
    last_payment_at = serializers.DateTimeField(allow_null=True)
    staff_count = serializers.IntegerField()
    plans = PlanOut(many=True)
    invoices = InvoiceOut(many=True)


# 400, 401 and 403 are documented for every operation by api.schema.add_error_responses.
STRIPE_UNAVAILABLE = {
    502: OpenApiResponse(ErrorSerializer, description="Stripe injoignable / Stripe unavailable"),
}


def _return_url(request) -> str:
    # Back to the region's own host after Stripe.
    return request.build_absolute_uri("/")


@billing_exempt
class BillingStatusView(APIView):
    """GET: plan, status, trial end, next invoice date, grace, staff seats and past invoices."""

    permission_classes = [BillingPermission]

    @extend_schema(tags=["billing"], responses={200: BillingStatusOut})
    def get(self, request):
        # The enforcement middleware already read it for this request.
        state = getattr(request, "billing", None)
        return Response(BillingStatusOut(billing_summary(region=request.tenant, state=state)).data)


@billing_exempt
class BillingCheckoutView(APIView):
    """POST {"plan"}: a Stripe Checkout session for the plan → {"url"}."""

    permission_classes = [BillingPermission]

    @extend_schema(tags=["billing"], request=CheckoutIn, responses={201: UrlOut, **STRIPE_UNAVAILABLE})
    def post(self, request):
        data = CheckoutIn(data=request.data)
        data.is_valid(raise_exception=True)
        url = checkout_session_create(
            region=request.tenant, plan=data.validated_data["plan"], return_url=_return_url(request)
        )
        return Response(UrlOut({"url": url}).data, status=status.HTTP_201_CREATED)


@billing_exempt
class BillingPortalView(APIView):
    """POST: a Stripe Billing Portal session (payment method, invoices, cancel) → {"url"}."""

    permission_classes = [BillingPermission]

    @extend_schema(tags=["billing"], request=None, responses={201: UrlOut, **STRIPE_UNAVAILABLE})
    def post(self, request):
        url = portal_session_create(region=request.tenant, return_url=_return_url(request))
        return Response(UrlOut({"url": url}).data, status=status.HTTP_201_CREATED)
