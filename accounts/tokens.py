"""API tokens: issued, checked and revoked here only.

A token is 32 random bytes; the database keeps its SHA-256 (a high-entropy key needs no slow hash)
and its first characters. It expires after API_TOKEN_TTL_HOURS; revoking it or deactivating the
account ends it at once.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, User


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, ttl: dt.timedelta | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the key, which is never stored and never shown again."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_hash=token_hash(key),
        prefix=key[:8],
        created_at=now,
        last_used_at=now,
        expires_at=now + (ttl or dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)),
    )
    # Expired tokens serve no one: they go when their owner gets a new one.
    ApiToken.objects.filter(user=user, expires_at__lt=now - dt.timedelta(days=1)).delete()
    return token, key


def token_authenticate(key: str) -> ApiToken | None:
    """The valid token for `key`, or None (unknown, expired, revoked, inactive account)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(key)).first()
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        # At most one write every five minutes per token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def token_revoke_all(*, user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
