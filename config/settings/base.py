"""Ancrage settings: everything lives here, read from the environment through config/env.py.

test.py only adds speed-ups; production.py only hardens. No feature exists in one place only.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.database import database_settings, replica_settings
from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-only-for-local-demo-and-tests")

# The platform host; each region answers at <slug>.<BASE_DOMAIN>.
BASE_DOMAIN = env("BASE_DOMAIN", default="localhost")
# Host validation is done by the region lookup (unknown host -> 404), so Django's own check only
# needs to accept our domain and its subdomains.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[BASE_DOMAIN, f".{BASE_DOMAIN}", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"http://{BASE_DOMAIN}:8000", f"http://*.{BASE_DOMAIN}:8000"]
)

# How links sent by e-mail reach a host ("http" and ":8000" for the demo).
SITE_SCHEME = env("SITE_SCHEME", default="http")
SITE_PORT_SUFFIX = env("SITE_PORT_SUFFIX", default=":8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Ancrage <noreply@ancrage.localhost>")
# E-mail through EMAIL_URL (e.g. smtp+tls://user:pass@host:587); printed on the console by default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)  # django-environ's documented way to spread EMAIL_* settings

DATA_DIR = Path(env.str("ANCRAGE_DATA_DIR", default=str(BASE_DIR / ".data")))

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "billing",
    "accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Failed logins are counted in each schema's own table (see AXES_* below).
    "axes",
    # No models: installed for its translations (api/locale) only.
    "api",
    # No models: region_onboard() and `manage.py provision_region`; the demo and `manage.py load_demo`.
    "onboarding",
    "demo",
    # Network funders (MIFI...), their accounts and each region's opt-in: the platform's tables.
    "network",
]
# Users, sessions and tokens live in each region's schema too: a login or a token from one region
# means nothing on another region's host.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "accounts",
    "axes",
    "core",
    # No models: the region's web app (pages, templates, static files, translations).
    "web",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Region"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# Schema every new region is cloned from; kept migrated by tenants.provisioning.
TENANT_TEMPLATE_SCHEMA = "_template"
# Set search_path once per connection and schema, not before every query (halves round trips).
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenants"

MIDDLEWARE = [
    # Request id, JSON request log line, Sentry scope: first, so every answer carries them.
    "config.request_context.RequestContextMiddleware",
    # Behind PgBouncer in transaction mode, one transaction per request (see config/pooling.py).
    "config.pooling.PooledTransactionMiddleware",
    "tenants.middleware.HealthCheckMiddleware",
    "tenants.middleware.RegionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # One region's burst waits for its own turn instead of taking every thread (REGION_MAX_ACTIVE).
    "api.limits.RegionShareMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Pages: the switcher's choice, else the region's default language (the API keeps Accept-Language).
    "web.middleware.RegionLanguageMiddleware",
    # Oversized bodies (413) and NUL characters (400) are refused before anything reads them.
    "api.limits.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "billing.middleware.BillingEnforcementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context_processors.branding",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": database_settings(env, DATA_DIR / "postgres")}
# A read replica for reports when DATABASE_REPLICA_URL is set (deploy/README.md, "Scale-out").
if replica_settings(env):
    DATABASES["replica"] = replica_settings(env)
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out e-mail before any password is checked.
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutBackend", "accounts.backends.RoleBackend"]
# Argon2id first; older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# French first (fr-CA), English available.
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switcher's choice is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "web:login"
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    # Uploads land under MEDIA_ROOT/<schema_name>/: one region's files never sit beside another's.
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        **env.cache("CACHE_URL", default="locmemcache://ancrage"),
        # Every cache key carries the schema name.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # The network view caches one entry per region and period (network.fanout): the default 300
    # entries would evict a 500-region network before it is read back. Redis has no such cap.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=20_000)
    )
# The same store without the schema in the key: tenants.routing's version token is one key for all.
CACHES["routing"] = {**env.cache("CACHE_URL", default="locmemcache://ancrage"), "KEY_PREFIX": "routing"}
# How long a process may route a host from memory without seeing a change (tenants.routing):
# changes are signalled at once; this only bounds a change made where no signal fires.
ROUTING_CACHE_SECONDS = env.float("ROUTING_CACHE_SECONDS", default=10.0)
# How often a process reads the shared routing version (a change made in another process is seen
# within this delay; one made in this process at once).
ROUTING_VERSION_CHECK_SECONDS = env.float("ROUTING_VERSION_CHECK_SECONDS", default=0.5)

# --- Security -------------------------------------------------------------------------------
# Cookies are host-only (no Domain attribute): a region's session never reaches another region's
# subdomain. production.py adds Secure and the __Host- prefix, which browsers enforce.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_DOMAIN = None
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_DOMAIN = None
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): scripts only from this host; styles allow the inline
# <style> carrying a region's colours; nothing may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Request bodies: uploads beyond this are refused before they reach a view (nginx has the same cap).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Lockout (django-axes) on every login that goes through authenticate(request=...): the web
# login, the admin and POST /api/v1/auth/token/. Attempts are stored in the schema of the host
# (axes is a tenant app) and keyed by "<schema>:<e-mail>": failures on one region never lock the
# same e-mail on another.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
# An e-mail after N failures from anywhere; a client (address + browser) after N failures on any e-mail.
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Successful logins are not logged by axes (the access trail is core's AuditEvent).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind nginx, the client's address is the last one nginx appends.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None

# API tokens (accounts.tokens): hashed at rest, expire, revocable.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=12)

# --- Logs ---------------------------------------------------------------------------------------
# One JSON object per line (config/logging.py): request id, region schema, user id, role, status,
# duration. Never a name, an e-mail or a query string.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "config.logging.RequestContextFilter"}},
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_context"], "formatter": "json"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint logs each layout step at INFO; fontTools each subsetting step.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django.server/request lines repeat what the request line says, with the query string.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every list also answers ?format=csv and ?format=xlsx (api/renderers.py); an unknown format is a 400.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "api.renderers.ListCSVRenderer",
        "api.renderers.ListXLSXRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.renderers.StrictContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        # Empty or malformed filter values are a 400 naming the parameter, not silently ignored.
        "api.filters.StrictFilterBackend",
        "rest_framework.filters.SearchFilter",
        # Unknown ?ordering= fields are a 400, not silently ignored.
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    # Every error is {"detail", "code"} (+ "fields" for validation errors), see api/exceptions.py.
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_RATES": {
        "auth_token": env("AUTH_TOKEN_THROTTLE_RATE", default="20/minute"),
        "write": env("API_WRITE_THROTTLE_RATE", default="300/minute"),
        "write_ip": env("API_WRITE_IP_THROTTLE_RATE", default="600/minute"),
    },
    # Writes are throttled per account (token or session) and per client address (api/limits.py).
    "DEFAULT_THROTTLE_CLASSES": ["api.limits.WriteUserThrottle", "api.limits.WriteIPThrottle"],
    # Proxies in front of gunicorn whose X-Forwarded-For is trusted for the client address (0: none).
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    # JSON too deep or carrying NUL characters is a 400 (api/limits.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.limits.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# Request size limits (api/limits.py): JSON bodies, and any other body (uploads).
REQUEST_MAX_JSON_BYTES = env.int("REQUEST_MAX_JSON_BYTES", default=1024 * 1024)
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=10 * 1024 * 1024)
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=32)
# Requests of one region running at once per gunicorn process (0: no limit), and how long the
# excess waits for its turn before a 429 (api.limits.RegionShareMiddleware).
REGION_MAX_ACTIVE = env.int("REGION_MAX_ACTIVE", default=0)
REGION_QUEUE_SECONDS = env.float("REGION_QUEUE_SECONDS", default=10.0)
# A refused CSRF check answers the JSON contract under /api/ (api/http_errors.py).
CSRF_FAILURE_VIEW = "api.http_errors.csrf_failure"
# Counts below this are shown to funders as "<N>" (with complementary suppression).
INDICATORS_SUPPRESSION_THRESHOLD = env.int("INDICATORS_SUPPRESSION_THRESHOLD", default=5)
BRANDING_LOGO_MAX_BYTES = env.int("BRANDING_LOGO_MAX_BYTES", default=512 * 1024)

SPECTACULAR_SETTINGS = {
    "TITLE": "Ancrage API",
    "DESCRIPTION": (
        "API v1 des espaces régionaux Ancrage / Ancrage regional workspaces API v1. "
        "Authentication: `POST /api/v1/auth/token/` then `Authorization: Token <token>`; a token is "
        'valid only on the host that issued it. Errors: `{"detail", "code"}` plus `fields` '
        "(messages per field) for 400; messages follow `Accept-Language` (fr, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # One name per choice set (several serializers share them).
    "ENUM_NAME_OVERRIDES": {
        "AgeGroupEnum": "core.models.AgeGroup",
        "EnrollmentStatusEnum": "core.models.EnrollmentStatus",
        "OutcomeEnum": "core.models.Outcome",
        "ServiceStatusEnum": "core.models.ServiceStatus",
        "ImportKindEnum": "core.models.imports.ImportKind",
        # Agreements have a create and an update component: one name for their choices.
        "AgreementKindEnum": "core.models.AgreementKind",
        "AgreementStatusEnum": "core.models.AgreementStatus",
        # The platform host lists a region's own status beside its subscription's.
        "RegionStatusEnum": "tenants.models.Region.Status",
        "SubscriptionStatusEnum": "billing.models.SubscriptionStatus",
        "BillingSetupEnum": "billing.models.BillingSetup",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema_hooks.document_every_response",
    ],
}

# Background jobs (config/celery.py). No broker: tasks run eagerly in the caller's process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
# A job's state and its file live in the region's own schema and storage (core.models.Job), not in
# a shared result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Sentry: no DSN, no Sentry.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="development")
# The release: set by the image build or the deploy script (e.g. the git commit).
SENTRY_RELEASE = env("SENTRY_RELEASE", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)

# Stripe (billing/): the SDK talks to STRIPE_API_BASE, a local fake in tests. Without a key
# (a laptop's `make demo`), Stripe is never called: billing set-up stays pending (billing.client).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_local")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# Pins the API version the SDK sends (empty: the SDK's own); webhook events are read with it.
STRIPE_API_VERSION = env("STRIPE_API_VERSION", default="")
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# Plans: {"<code>": {"name": ..., "price": "<Stripe Price id>", "staff_limit": <accounts>}}.
BILLING_PLANS = env.json(
    "BILLING_PLANS",
    default={
        "essentiel": {"name": "Essentiel", "price": "price_essentiel", "staff_limit": 10},
        "regional": {"name": "Régional", "price": "price_regional", "staff_limit": 50},
    },
)
BILLING_DEFAULT_PLAN = env("BILLING_DEFAULT_PLAN", default="essentiel")
BILLING_TRIAL_DAYS = env.int("BILLING_TRIAL_DAYS", default=30)
BILLING_GRACE_DAYS = env.int("BILLING_GRACE_DAYS", default=14)

from config.sentry import init_sentry  # noqa: E402

init_sentry(
    dsn=SENTRY_DSN,
    environment=SENTRY_ENVIRONMENT,
    release=SENTRY_RELEASE,
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
)

# Spare region schemas kept cloned and migrated ahead of time (tenants.pool): onboarding renames one.
REGION_SPARE_POOL_SIZE = env.int("REGION_SPARE_POOL_SIZE", default=3)
# Forked processes migrating region schemas in parallel (manage.py migrate_regions).
MIGRATE_REGIONS_WORKERS = env.int("MIGRATE_REGIONS_WORKERS", default=2)
