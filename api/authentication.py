"""`Authorization: Token <key>`: hashed, expiring, revocable tokens of this host's schema."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.tokens import token_authenticate
from config.request_context import bind_user


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the hashes of this schema's live tokens."""

    def authenticate_credentials(self, key):
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton invalide, expiré ou révoqué."))
        bind_user(token.user)
        return token.user, token


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, from POST /api/v1/auth/token/",
        }
