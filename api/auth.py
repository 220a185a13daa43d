"""`POST /api/v1/auth/token/` on every host, `DELETE` to revoke the token presented.

Users and tokens live in each schema (accounts is a tenant app), so the credentials are checked
against the users of the host's region (or the platform's, on the platform host) and the token
exists only in that schema: presented on any other host it is unknown, hence 401. Tokens are
stored hashed, expire and can be revoked (accounts/tokens.py). Repeated failures lock the e-mail
out on this host (django-axes, accounts/lockout.py).
"""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.lockout import lockout_message
from accounts.tokens import token_issue, token_revoke
from api.schema import ERROR_RESPONSES, ErrorSerializer
from billing.exempt import billing_exempt


class AccountLocked(exceptions.APIException):
    status_code = 429
    default_code = "account_locked"


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        # Axes reads and flags the Django request (DRF's wraps it).
        request = self.context["request"]._request
        user = authenticate(request, email=attrs["email"].strip().lower(), password=attrs["password"])
        if getattr(request, "axes_locked_out", False):
            raise AccountLocked(lockout_message(request))
        if user is None or not user.is_active:
            # One message for an unknown e-mail and a wrong password: no hint that an account exists.
            raise serializers.ValidationError(
                _("Courriel ou mot de passe incorrect pour cet espace."), code="invalid_credentials"
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


# Logging in stays open when the region is read-only for an unpaid bill.
@billing_exempt
class TokenView(APIView):
    # Guessing passwords is slowed per client address; cache keys carry the schema, so each
    # region (and the platform) counts on its own.
    throttle_scope = "auth_token"

    def _logging_in(self) -> bool:
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        # A stale token must not stop anyone from logging in again; revoking needs the token.
        return [] if self._logging_in() else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self._logging_in() else [IsAuthenticated()]

    def get_throttles(self):
        return [ScopedRateThrottle()] if self._logging_in() else []

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            **ERROR_RESPONSES(400),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many attempts: `account_locked` (this e-mail, on this host) or `throttled`.",
            ),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, key = token_issue(user=user)
        # A login like any other: resets this e-mail's failure count (axes), updates last_login.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(
        operation_id="auth_token_revoke",
        request=None,
        responses={204: None, **ERROR_RESPONSES(401)},
        tags=["auth"],
    )
    def delete(self, request):
        token_revoke(token=request.auth)
        return Response(status=204)
