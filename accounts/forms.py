"""Back-office forms for team accounts."""

from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import get_public_schema_name

from accounts.models import Role, User
from billing.errors import BillingError
from billing.services import staff_seat_ensure


class TeamAccountCreationForm(UserCreationForm):
    """Adding an account in a region counts against the plan's staff limit (funders do not count)."""

    class Meta:
        model = User
        fields = ["email", "full_name", "role"]

    def clean(self):
        cleaned = super().clean()
        in_region = connection.schema_name != get_public_schema_name()
        if in_region and cleaned.get("role") != Role.FUNDER:
            try:
                staff_seat_ensure(region=connection.tenant)
            except BillingError as error:
                raise ValidationError(error.detail, code=error.code) from None
        return cleaned
