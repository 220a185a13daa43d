"""Sentry: tags every event with the region's schema and strips personal information (Law 25)."""

import sentry_sdk


def before_send(event, hint):
    from django.db import connection

    event.setdefault("tags", {})["schema_name"] = getattr(connection, "schema_name", "unknown")
    # Participants' personal information never leaves the platform: drop request bodies and users.
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
    user = event.get("user")
    if user:
        event["user"] = {"id": user.get("id")}
    return event


def init_sentry(*, dsn: str, environment: str) -> bool:
    if not dsn:
        return False
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        before_send=before_send,
    )
    return True
