"""The demo platform: one region per data file (demo/data/*.yaml), its demo accounts, the platform admin.

Used by `manage.py load_demo` (run by `make demo`); idempotent. Demo accounts only, never real ones.
Regions are onboarded like any other (onboarding.region_onboard: schema, trial, invitation).
"""

from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from billing.services import billing_account_open
from demo.loader import demo_region_slugs, load_region_content, region_data
from demo.network import demo_network_load, network_accounts
from onboarding.services import region_onboard
from tenants.models import Region
from tenants.provisioning import platform_ensure, region_host

DEMO_PASSWORD = "ancrage-demo"
PLATFORM_ADMIN_EMAIL = "platform@ancrage.demo"

# e-mail prefix -> (role, full name shown in the app, admin access)
DEMO_ACCOUNTS = {
    "admin": (Role.REGION_ADMIN, "Direction (démo)", True),
    "coordination": (Role.COORDINATOR, "Coordination (démo)", True),
    "agent": (Role.AGENT, "Agent·e (démo)", False),
    "funder": (Role.FUNDER, "Bailleur de fonds (démo)", False),
}


def demo_email(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.demo"


def _ensure_user(
    email: str, *, role: str, full_name: str, is_staff: bool, is_superuser: bool = False
) -> User:
    user, _created = User.objects.get_or_create(email=email)
    user.role = role
    user.full_name = full_name
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_region_load(slug: str) -> Region:
    spec = region_data(slug)["region"]
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        region = region_onboard(
            slug=slug,
            name=spec["name"],
            admin_email=demo_email("admin", slug),
            admin_password=DEMO_PASSWORD,
            branding={"primary_color": spec["primary_color"], "secondary_color": spec["secondary_color"]},
            plan=settings.BILLING_DEFAULT_PLAN,
        ).region
    else:
        # A region loaded before billing existed gets its trial too (a no-op when it has one).
        billing_account_open(region=region, plan=settings.BILLING_DEFAULT_PLAN)
    with tenant_context(region):
        for prefix, (role, full_name, is_staff) in DEMO_ACCOUNTS.items():
            _ensure_user(demo_email(prefix, slug), role=role, full_name=full_name, is_staff=is_staff)
        load_region_content(slug)
    connection.set_schema_to_public()
    return region


def demo_load() -> list[Region]:
    platform_ensure()
    _ensure_user(
        PLATFORM_ADMIN_EMAIL,
        role=Role.PLATFORM_ADMIN,
        full_name="Administration Ancrage (démo)",
        is_staff=True,
        is_superuser=True,
    )
    regions = [demo_region_load(slug) for slug in demo_region_slugs()]
    # The network funder MIFI and the regions' opt-ins (demo/network.yaml), once the regions exist.
    demo_network_load(_ensure_user)
    return regions


def demo_logins() -> list[tuple[str, str, str]]:
    """(url, e-mail, role) for every demo account."""
    rows = [("http://localhost:8000", PLATFORM_ADMIN_EMAIL, Role.PLATFORM_ADMIN.label)]
    rows += [
        ("http://localhost:8000/reseau/", email, Role.NETWORK_FUNDER.label) for email in network_accounts()
    ]
    for slug in demo_region_slugs():
        for prefix, (role, _name, _staff) in DEMO_ACCOUNTS.items():
            rows.append((f"http://{region_host(slug)}:8000", demo_email(prefix, slug), role.label))
    return rows
