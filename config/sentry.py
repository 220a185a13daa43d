"""Sentry: tags every event with the region's schema and strips personal information (Law 25)."""

import sentry_sdk


def before_send(event, hint):
    from django.db import connection

    event.setdefault("tags", {})["schema_name"] = getattr(connection, "schema_name", "unknown")
    # Participants' personal information never leaves the platform: drop request bodies, query
    # strings (?search=<a name>), cookies and credentials, and users beyond their id.
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() not in ("authorization", "cookie")
        }
    user = event.get("user")
    if user:
        event["user"] = {"id": user.get("id")}
    # Exception messages and log lines can carry values (a database error echoes the row, a bug may
    # format a name into its message): only their type, the log template and the stack trace leave.
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = "[filtered]"
    logentry = event.get("logentry")
    if logentry:
        logentry.pop("params", None)
        logentry["formatted"] = logentry.get("message", "")
    if isinstance(event.get("message"), str) and logentry:
        event["message"] = logentry.get("message", "")
    event.pop("extra", None)
    breadcrumbs = event.get("breadcrumbs")
    if breadcrumbs:
        values = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs
        event["breadcrumbs"] = {
            "values": [
                {k: v for k, v in crumb.items() if k in ("category", "level", "timestamp", "type")}
                for crumb in values
            ]
        }
    return event


def init_sentry(*, dsn: str, environment: str) -> bool:
    if not dsn:
        return False
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # Personal information stays out by default (no send_default_pii); before_send strips more.
        before_send=before_send,
        # Stack frames' local variables hold requests, participants and their names.
        include_local_variables=False,
    )
    return True
