"""Billing API: the region admin's billing actions (region host) and the platform's overview.

Errors (BillingError included) go through api.exceptions like every other endpoint.

Thin views: serializers describe shapes, billing.services and billing.selectors do the work.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from billing.errors import BillingError
from billing.models import SubscriptionStatus
from billing.plans import plan_get
from billing.selectors import (
    billing_access,
    billing_overview,
    billing_state_for_region,
    invoice_list,
    plans_available,
    staff_count,
)
from billing.services import checkout_session_create, portal_session_create

# Permissions ----------------------------------------------------------------------------------


class HasRole(BasePermission):
    role: str = ""
    message = gettext_lazy("Votre rôle ne permet pas cette action.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "role", None) == self.role)


class IsRegionAdmin(HasRole):
    role = Role.REGION_ADMIN
    message = gettext_lazy("Seule la direction de la région gère la facturation.")


class IsPlatformAdmin(HasRole):
    role = Role.PLATFORM_ADMIN
    message = gettext_lazy("Réservé à l'administration de la plateforme.")


# Shapes ---------------------------------------------------------------------------------------


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


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


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


ERRORS = {
    401: OpenApiResponse(ErrorOut, description="Sans authentification / not authenticated"),
    403: OpenApiResponse(ErrorOut, description="Rôle insuffisant / role not allowed"),
}
STRIPE_ERRORS = {
    400: OpenApiResponse(ErrorOut, description="Données invalides / invalid input"),
    502: OpenApiResponse(ErrorOut, description="Stripe injoignable / Stripe unavailable"),
}


def _return_url(request) -> str:
    # Back to the region's own host after Stripe.
    return request.build_absolute_uri("/")


# Region host ----------------------------------------------------------------------------------


class BillingStatusView(APIView):
    """GET: plan, status, trial end, next invoice date, grace, staff seats and past invoices."""

    permission_classes = [IsRegionAdmin]

    @extend_schema(tags=["billing"], responses={200: BillingStatusOut, **ERRORS})
    def get(self, request):
        # The enforcement middleware already read it for this request.
        state = getattr(request, "billing", None) or billing_state_for_region(region=request.tenant)
        account = state.account
        plan = None
        if account is not None:
            try:
                plan = plan_get(account.plan)
            except BillingError:
                # A plan since removed from BILLING_PLANS: still show what the region is on.
                plan = {"code": account.plan, "name": account.plan, "staff_limit": 0}
        return Response(
            BillingStatusOut(
                {
                    "plan": plan,
                    "status": state.status,
                    "access": state.access,
                    "trial_end": account.trial_end if account else None,
                    "next_invoice_at": account.current_period_end if account else None,
                    "grace_until": state.grace_until,
                    "last_payment_at": account.last_payment_at if account else None,
                    "staff_count": staff_count(),
                    "plans": plans_available(),
                    "invoices": invoice_list(account=account) if account else [],
                }
            ).data
        )


class BillingCheckoutView(APIView):
    """POST {"plan"}: a Stripe Checkout session for the plan → {"url"}."""

    permission_classes = [IsRegionAdmin]

    @extend_schema(tags=["billing"], request=CheckoutIn, responses={201: UrlOut, **STRIPE_ERRORS, **ERRORS})
    def post(self, request):
        data = CheckoutIn(data=request.data)
        data.is_valid(raise_exception=True)
        url = checkout_session_create(
            region=request.tenant, plan=data.validated_data["plan"], return_url=_return_url(request)
        )
        return Response(UrlOut({"url": url}).data, status=status.HTTP_201_CREATED)


class BillingPortalView(APIView):
    """POST: a Stripe Billing Portal session (payment method, invoices, cancel) → {"url"}."""

    permission_classes = [IsRegionAdmin]

    @extend_schema(tags=["billing"], request=None, responses={201: UrlOut, **STRIPE_ERRORS, **ERRORS})
    def post(self, request):
        url = portal_session_create(region=request.tenant, return_url=_return_url(request))
        return Response(UrlOut({"url": url}).data, status=status.HTTP_201_CREATED)


# Platform host --------------------------------------------------------------------------------


class RegionBillingOut(serializers.Serializer):
    # `billing.*` is the account fetched with the region (billing_overview's select_related); a
    # region without an account shows nulls.
    slug = serializers.CharField()
    name = serializers.CharField()
    region_status = serializers.CharField(source="status")
    plan = serializers.CharField(source="billing.plan", allow_null=True)
    status = serializers.ChoiceField(
        source="billing.status", choices=SubscriptionStatus.choices, allow_null=True
    )
    access = serializers.SerializerMethodField()
    trial_end = serializers.DateTimeField(source="billing.trial_end", allow_null=True)
    next_invoice_at = serializers.DateTimeField(source="billing.current_period_end", allow_null=True)
    past_due_since = serializers.DateTimeField(source="billing.past_due_since", allow_null=True)
    last_payment_at = serializers.DateTimeField(source="billing.last_payment_at", allow_null=True)
    last_payment_amount = serializers.IntegerField(source="billing.last_payment_amount", allow_null=True)
    last_payment_currency = serializers.CharField(source="billing.last_payment_currency", allow_null=True)
    stripe_customer_id = serializers.CharField(source="billing.stripe_customer_id", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=["full", "grace", "read_only"]))
    def get_access(self, region) -> str:
        return billing_access(account=getattr(region, "billing", None)).access


class PlatformPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class PlatformBillingListView(APIView):
    """GET: every region's plan, status, trial end and last payment (platform admin)."""

    permission_classes = [IsPlatformAdmin]
    pagination_class = PlatformPagination

    @extend_schema(tags=["platform"], responses={200: RegionBillingOut(many=True), **ERRORS})
    def get(self, request):
        paginator = PlatformPagination()
        page = paginator.paginate_queryset(billing_overview(), request, view=self)
        return paginator.get_paginated_response(RegionBillingOut(page, many=True).data)
