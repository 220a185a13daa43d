"""Sentry: tags every event with the region's schema and the user's role and strips personal
information (Law 25), for web requests and for Celery tasks alike."""

import sentry_sdk


def _scrub(event: dict) -> dict:
    from django.db import connection

    from config.logging import request_id_var, role_var

    schema = getattr(connection, "schema_name", None) or "unknown"
    tags = event.setdefault("tags", {})
    tags["schema_name"] = schema
    tags["region"] = schema
    tags["role"] = tags.get("role") or role_var.get() or "anonymous"
    if request_id_var.get():
        tags["request_id"] = request_id_var.get()
    # Participants' personal information never leaves the platform: drop request bodies, query
    # strings (?search=<a name>), cookies and credentials, and users beyond their id.
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
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
    # Only the name of a Celery task stays (its arguments carry ids, e-mails, free text).
    job = (event.get("extra") or {}).get("celery-job")
    event.pop("extra", None)
    if isinstance(job, dict):
        event["extra"] = {"celery-job": {"task_name": job.get("task_name")}}
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


def before_send(event, hint):
    return _scrub(event)


def before_send_transaction(event, hint):
    return _scrub(event)


def _integrations() -> list:
    from sentry_sdk.integrations.django import DjangoIntegration

    integrations = [DjangoIntegration()]
    try:  # Celery is optional: the workers' tasks are reported when it is installed.
        import celery  # noqa: F401
        from sentry_sdk.integrations.celery import CeleryIntegration
    except ImportError:
        return integrations
    integrations.append(CeleryIntegration(monitor_beat_tasks=False))
    return integrations


def init_sentry(*, dsn: str, environment: str, release: str = "", traces_sample_rate: float = 0.0) -> bool:
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        integrations=_integrations(),
        # Personal information stays out by default (no send_default_pii); before_send strips more.
        before_send=before_send,
        before_send_transaction=before_send_transaction,
        # Stack frames' local variables hold requests, participants and their names.
        include_local_variables=False,
        max_request_body_size="never",
    )
    return True
