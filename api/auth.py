"""`POST /api/v1/auth/token/` on every host.

Users and tokens live in each schema (accounts and authtoken are tenant apps), so the credentials
are checked against the users of the host's region (or the platform's, on the platform host) and
the token exists only in that schema: presented on any other host it is unknown, hence 401.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from api.schema import ERROR_RESPONSES
from billing.exempt import billing_exempt


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        user = authenticate(
            self.context["request"], email=attrs["email"].strip().lower(), password=attrs["password"]
        )
        if user is None or not user.is_active:
            # One message for an unknown e-mail and a wrong password: no hint that an account exists.
            raise serializers.ValidationError(
                _("Courriel ou mot de passe incorrect pour cet espace."), code="invalid_credentials"
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


# Logging in stays open when the region is read-only for an unpaid bill.
@billing_exempt
class TokenView(APIView):
    authentication_classes: list = []  # a stale token must not stop anyone from logging in again
    permission_classes = [AllowAny]
    # Guessing passwords is slowed per client address; cache keys carry the schema, so each
    # region (and the platform) counts on its own.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, **ERROR_RESPONSES(400)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
