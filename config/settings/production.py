"""Production hardening only, read from the environment. No feature exists only here.

Required: DJANGO_SECRET_KEY, BASE_DOMAIN (and DATABASE_URL on a real server). deploy/README.md
lists every variable; `make check-deploy` proves `manage.py check --deploy` has nothing to say.
"""

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = False
# No default: a production process without its own secret refuses to start.
SECRET_KEY = env("DJANGO_SECRET_KEY")

# TLS ends at nginx, which says so in X-Forwarded-Proto (deploy/nginx.conf).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# Secure, host-only cookies: the __Host- prefix makes browsers refuse them unless Secure, for
# path / and without a Domain attribute, so no region's subdomain can read or plant another's.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    default=[f"https://{BASE_DOMAIN}", f"https://*.{BASE_DOMAIN}"],  # noqa: F405
)
SITE_SCHEME = env("SITE_SCHEME", default="https")
SITE_PORT_SUFFIX = env("SITE_PORT_SUFFIX", default="")
