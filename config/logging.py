"""Structured logs: one JSON object per line, carrying the request's context and nothing personal.

The context (request id, region schema, user id, role) is held in contextvars set by
config.request_context.RequestContextMiddleware, so any log line written while a request is served
carries it, whatever logger wrote it. User ids and roles only: never a name, an e-mail, a query
string or a request body (Law 25).
"""

import contextvars
import datetime as dt
import json
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
role_var: contextvars.ContextVar[str] = contextvars.ContextVar("role", default="")

# Attributes every LogRecord has; anything else was passed with extra={...} and is kept.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime"}
# Context fields filled from the contextvars/connection; not to be overridden through extra=.
CONTEXT_FIELDS = ("request_id", "schema", "user_id", "role")


def current_schema() -> str:
    from django.db import connection

    return getattr(connection, "schema_name", None) or ""


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.schema = current_schema()
        record.user_id = user_id_var.get()
        record.role = role_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in CONTEXT_FIELDS:
            line[field] = getattr(record, field, None)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            # The exception's type and traceback, not its locals.
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)
