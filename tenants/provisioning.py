"""Onboarding: the only place that creates region schemas.

A new region's schema is a spare taken from the pool and renamed (tenants.pool: constant time), or,
when the pool is empty, cloned from a migrated template schema (`TENANT_TEMPLATE_SCHEMA`) instead
of being built by replaying every migration, so onboarding stays fast as migrations and regions
pile up. The template is checked against the migrations on disk before every clone and migrated
when it lags, so a clone is never stale.
"""

import re
from collections.abc import Callable
from typing import Literal

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management import call_command
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tenants.clone import CloneSchema
from django_tenants.utils import get_public_schema_name, schema_exists, tenant_context

from accounts.models import Role, User
from tenants.errors import ProvisioningError, ProvisioningErrorCode
from tenants.models import Domain, Region
from tenants.pool import spare_ready_count, spare_take
from tenants.tasks import spare_pool_refill_soon

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
# Host names we keep for the platform itself, and names PostgreSQL or our schemas reserve.
RESERVED_SLUGS = frozenset(
    {
        "public",
        "www",
        "api",
        "admin",
        "platform",
        "static",
        "media",
        "template",
        "app",
        "assets",
        "billing",
        "docs",
        "help",
        "mail",
        "smtp",
        "status",
        "support",
        "dashboard",
        "auth",
        "login",
        "ancrage",
        "test",
        "demo",
        "information-schema",
    }
)
# pg_advisory_lock key serialising template refreshes between processes.
TEMPLATE_LOCK_KEY = 0x616E6372

ProgressCallback = Callable[[str, str], None]
# Further steps run inside the onboarding's transaction (onboarding.region_onboard opens billing).
WithinCallback = Callable[[Region], None]
SchemaMethod = Literal["pool", "clone", "migrate"]


def _no_progress(step: str, message: str) -> None:
    return None


def region_schema_name(slug: str) -> str:
    # Hyphens are valid in slugs and host names; underscores keep schema names unquoted in SQL.
    return slug.replace("-", "_")


def region_host(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def validate_slug(slug: object) -> str:
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or "--" in slug:
        raise ProvisioningError(
            ProvisioningErrorCode.SLUG_INVALID,
            _(
                "L'identifiant doit compter de 3 à 40 caractères : lettres minuscules, chiffres et "
                "traits d'union, sans trait d'union au début ni à la fin."
            ),
            field="slug",
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise ProvisioningError(
            ProvisioningErrorCode.SLUG_RESERVED,
            _("L'identifiant « %(slug)s » est réservé par la plateforme.") % {"slug": slug},
            field="slug",
        )
    return slug


def _validate_inputs(*, slug, name, admin_email, branding) -> dict:
    validate_slug(slug)
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise ProvisioningError(
            ProvisioningErrorCode.NAME_INVALID, _("Le nom doit compter de 1 à 200 caractères."), field="name"
        )
    try:
        validate_email(admin_email)
    except ValidationError:
        raise ProvisioningError(
            ProvisioningErrorCode.EMAIL_INVALID, _("Adresse courriel invalide."), field="admin_email"
        ) from None
    allowed = {"primary_color", "secondary_color", "default_language"}
    branding = dict(branding or {})
    unknown = set(branding) - allowed
    if unknown:
        raise ProvisioningError(
            ProvisioningErrorCode.BRANDING_INVALID,
            _("Champs d'image de marque inconnus : %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field="branding",
        )
    candidate = Region(slug=slug, name=name, schema_name=region_schema_name(slug), **branding)
    try:
        candidate.clean_fields(exclude=["slug", "name", "schema_name", "logo"])
    except ValidationError as error:
        message = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise ProvisioningError(ProvisioningErrorCode.BRANDING_INVALID, message, field="branding") from None
    return branding


def _ensure_slug_free(slug: str) -> None:
    schema = region_schema_name(slug)
    taken = (
        Region.objects.filter(slug=slug).exists()
        or Region.objects.filter(schema_name=schema).exists()
        or Domain.objects.filter(domain=region_host(slug)).exists()
        or schema_exists(schema)
    )
    if taken:
        raise ProvisioningError(
            ProvisioningErrorCode.SLUG_TAKEN,
            _("L'identifiant « %(slug)s » est déjà utilisé par une autre région.") % {"slug": slug},
            field="slug",
        )


def provision_check(*, slug: str, name: str, admin_email: str, branding: dict | None = None) -> dict:
    """What provision_region refuses, checked before anything starts (the web wizard's form):
    raises ProvisioningError (code, detail, field); returns the cleaned branding."""
    branding = _validate_inputs(slug=slug, name=name, admin_email=admin_email, branding=branding)
    _ensure_slug_free(slug)
    return branding


def template_pending_migrations() -> list[str]:
    """Migrations on disk that the template schema has not applied (empty when it is fresh)."""
    template = settings.TENANT_TEMPLATE_SCHEMA
    if not schema_exists(template):
        return ["<schema missing>"]
    connection.set_schema(template, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    finally:
        connection.set_schema_to_public()


def template_refresh(*, verbosity: int = 0) -> bool:
    """Create or migrate the template schema when it lags behind the code. True when it changed."""
    template = settings.TENANT_TEMPLATE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK_KEY])
    try:
        if not template_pending_migrations():
            return False
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=verbosity)
        return True
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [TEMPLATE_LOCK_KEY])


CONSTRAINTS_SQL = """
    SELECT cls.relname, con.contype, pg_get_constraintdef(con.oid), con.conname
    FROM pg_constraint con
    JOIN pg_class cls ON cls.oid = con.conrelid
    JOIN pg_namespace nsp ON nsp.oid = cls.relnamespace
    WHERE nsp.nspname = %s AND con.contype IN ('u', 'p', 'c', 'x')
"""


def _constraint_names(schema: str) -> dict[tuple[str, str, str], list[str]]:
    names: dict[tuple[str, str, str], list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(CONSTRAINTS_SQL, [schema])
        for table, kind, definition, name in cursor.fetchall():
            names.setdefault((table, kind, definition), []).append(name)
    return names


def align_constraint_names(template: str, schema: str) -> int:
    """Give the clone's constraints the template's names; returns how many were renamed.

    The clone recreates tables with LIKE ... INCLUDING ALL, which lets PostgreSQL name unique
    constraints itself (`..._key`); a later migration that drops a constraint by the name Django
    gave it would then fail on every cloned region.
    """
    wanted = _constraint_names(template)
    renamed = 0
    with connection.cursor() as cursor:
        for key, names in _constraint_names(schema).items():
            strays = sorted(set(names) - set(wanted.get(key, [])))
            targets = sorted(set(wanted.get(key, [])) - set(names))
            for old, new in zip(strays, targets, strict=False):
                cursor.execute(f'ALTER TABLE "{schema}"."{key[0]}" RENAME CONSTRAINT "{old}" TO "{new}"')
                renamed += 1
    return renamed


def _create_schema(region: Region, method: SchemaMethod, verbosity: int) -> None:
    if method == "pool" and spare_take(region.schema_name):
        return
    if method in ("pool", "clone"):
        CloneSchema().clone_schema(settings.TENANT_TEMPLATE_SCHEMA, region.schema_name, "DATA")
        align_constraint_names(settings.TENANT_TEMPLATE_SCHEMA, region.schema_name)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{region.schema_name}"')
        call_command(
            "migrate_schemas", schema_name=region.schema_name, interactive=False, verbosity=verbosity
        )
    connection.set_schema_to_public()


def _create_first_admin(region: Region, *, email: str, password: str | None) -> User:
    with tenant_context(region):
        return User.objects.create_user(
            email,
            password=password,
            role=Role.REGION_ADMIN,
            is_staff=True,
            language=region.default_language,
        )


def provision_region(
    *,
    slug: str,
    name: str,
    admin_email: str,
    admin_password: str | None = None,
    branding: dict | None = None,
    method: SchemaMethod = "pool",
    progress: ProgressCallback = _no_progress,
    within: WithinCallback | None = None,
    verbosity: int = 0,
) -> Region:
    """Provision a region: schema, domain, first admin and branding, all or nothing.

    Without `admin_password` the first admin gets an unusable password and sets one later.
    `within(region)` runs last inside the same transaction: its failure leaves nothing behind.
    The whole onboarding (with the billing trial and the invitation) is onboarding.region_onboard.
    """
    if connection.schema_name != get_public_schema_name():
        raise RuntimeError("Regions are provisioned from the public schema only.")
    branding = provision_check(slug=slug, name=name, admin_email=admin_email, branding=branding)

    if method == "clone" or (method == "pool" and not spare_ready_count()):
        # The pool's fallback clones too. (A race for the last spare clones without this check: the
        # template is still fresh, since spares are only ready once the template was migrated.)
        progress("template", _("Vérification du gabarit de schéma"))
        template_refresh(verbosity=verbosity)

    try:
        with transaction.atomic():
            region = Region(slug=slug, name=name.strip(), schema_name=region_schema_name(slug), **branding)
            region.save()
            progress("schema", _("Création du schéma %(schema)s") % {"schema": region.schema_name})
            _create_schema(region, method, verbosity)
            progress("domain", _("Ajout du domaine %(host)s") % {"host": region_host(slug)})
            Domain.objects.create(domain=region_host(slug), tenant=region, is_primary=True)
            progress("admin", _("Création du compte de %(email)s") % {"email": admin_email})
            _create_first_admin(region, email=admin_email, password=admin_password)
            if within is not None:
                within(region)
        # Top the pool up once this onboarding is committed (in the background).
        transaction.on_commit(spare_pool_refill_soon)
    except IntegrityError:
        # Two onboardings of the same slug at once: the loser gets the same error as a taken slug.
        connection.set_schema_to_public()
        raise ProvisioningError(
            ProvisioningErrorCode.SLUG_TAKEN,
            _("L'identifiant « %(slug)s » est déjà utilisé par une autre région.") % {"slug": slug},
            field="slug",
        ) from None
    except BaseException:
        connection.set_schema_to_public()
        raise
    progress(
        "done", _("Région %(name)s prête sur %(host)s") % {"name": region.name, "host": region_host(slug)}
    )
    return region


def first_admin_setup_url(region: Region) -> str | None:
    """Link for the region's first admin to choose a password, on the region's own host.

    A Django password-reset token: valid until used, until the password changes, or for
    PASSWORD_RESET_TIMEOUT; None once the admin has a password.
    """
    with tenant_context(region):
        admin = User.objects.filter(role=Role.REGION_ADMIN).order_by("pk").first()
        if admin is None or admin.has_usable_password():
            return None
        uid = urlsafe_base64_encode(force_bytes(admin.pk))
        token = default_token_generator.make_token(admin)
    path = reverse("account_setup", kwargs={"uidb64": uid, "token": token}, urlconf=settings.ROOT_URLCONF)
    return f"{settings.SITE_SCHEME}://{region_host(region.slug)}{settings.SITE_PORT_SUFFIX}{path}"


def first_admin_invite(region: Region, *, admin_email: str) -> str | None:
    """E-mail the first admin their set-up link (after the onboarding commits); returns the link."""
    url = first_admin_setup_url(region)
    if url:
        subject = _("Votre espace Ancrage %(name)s est prêt") % {"name": region.name}
        body = _(
            "Bonjour,\n\nL'espace Ancrage de %(name)s est ouvert. Choisissez votre mot de passe ici :\n"
            "%(url)s\n\nCe lien ne sert qu'une fois."
        ) % {"name": region.name, "url": url}
        transaction.on_commit(lambda: send_mail(subject, body, None, [admin_email], fail_silently=True))
    return url


def platform_ensure() -> Region:
    """The public schema's own row and the platform host (BASE_DOMAIN). Idempotent."""
    public_name = get_public_schema_name()
    platform, _created = Region.objects.get_or_create(
        schema_name=public_name, defaults={"slug": public_name, "name": "Ancrage"}
    )
    Domain.objects.get_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": platform, "is_primary": True}
    )
    return platform
