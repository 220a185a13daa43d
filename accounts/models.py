"""User accounts, keyed by e-mail. The table exists in every schema: a region's users live in its
own schema, platform admins in the public schema, so an account never spans two regions."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Administration de la plateforme")
    REGION_ADMIN = "region_admin", _("Direction (administration régionale)")
    COORDINATOR = "coordinator", _("Coordination")
    AGENT = "agent", _("Agent·e / intervenant·e")
    FUNDER = "funder", _("Bailleur de fonds (lecture seule)")
    # A funder of the network (MIFI...) on the platform host: aggregates of the regions that opted in.
    NETWORK_FUNDER = "network_funder", _("Bailleur de fonds du réseau (lecture seule)")


# The role sets every layer uses (API permissions, core.access, pages), defined once beside Role.
# Every login of a region (platform admins have none there).
REGION_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT, Role.FUNDER})
# The region's staff: every row of the region, writes on its reference data.
STAFF_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR})
# The region's own team, not funders: staff names, committees, and the people (participants,
# enrollments, interventions) the team follows; agents see only their own (core.access).
TEAM_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT})
PEOPLE_ROLES = TEAM_ROLES
# Who reads the indicators: staff and funders (scoped to what they fund), never agents.
REPORT_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.FUNDER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError(_("Une adresse courriel est requise."))
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("courriel"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=200, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Gives access to the Django admin of this schema (region admins and coordinators).
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscription"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rice·s")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class ApiToken(models.Model):
    """An API token, stored as its SHA-256 only: the key is shown once, when issued.

    Lives in the schema of the host that issued it (accounts is a tenant app), so it means nothing
    on another region's host. It expires, and can be revoked; see accounts/tokens.py.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("compte")
    )
    key_hash = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    # The first characters of the key, to tell tokens apart in the back office.
    prefix = models.CharField(_("début du jeton"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("émis le"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"), editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="accounts_token_expires_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
