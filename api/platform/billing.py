"""`/api/v1/platform/billing/` on the platform host: every region's plan, status, trial end, last
payment and Stripe set-up (platform admin), paginated like every other list."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from api.permissions import PlatformAdminPermission
from billing.models import BillingSetup, SubscriptionStatus
from billing.selectors import billing_access, billing_overview


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
    # setup_pending: Stripe has no customer for the region yet (it did not answer at onboarding).
    setup = serializers.ChoiceField(source="billing.setup", choices=BillingSetup.choices, allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=["full", "grace", "read_only"]))
    def get_access(self, region) -> str:
        return billing_access(account=getattr(region, "billing", None)).access


@extend_schema(tags=["platform"])
class PlatformBillingListView(generics.ListAPIView):
    """GET: every region's plan, status, trial end and last payment (platform admin)."""

    permission_classes = [PlatformAdminPermission]
    serializer_class = RegionBillingOut
    # Plain list: the rows are regions with their account, searched and sorted like the regions'.
    search_fields = ["slug", "name"]
    ordering_fields = ["slug", "name", "created_at"]

    def get_queryset(self):
        return billing_overview()
