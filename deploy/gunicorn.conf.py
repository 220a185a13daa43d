"""gunicorn settings, read from the environment so one file serves the demo and production.

Workers follow the CPU count (2 x cores + 1, gunicorn's rule of thumb, capped by GUNICORN_WORKERS);
`kill -HUP <master>` (systemctl reload ancrage) reloads the code gracefully: new workers start,
old ones finish their requests within graceful_timeout.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# A worker is replaced after this many requests (plus jitter), which bounds slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))
# Behind nginx on the same host or network: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "config.wsgi:application"
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
# One JSON line per request: the request id (X-Request-ID, also in the app's own log lines) and the
# host, which names the region. The path without its query string (?search=<a name>): %(U)s.
access_log_format = (
    '{"logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", "host": "%({host}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s}'
)
