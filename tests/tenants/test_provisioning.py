import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import Role, User
from tenants import provisioning
from tenants.errors import ProvisioningError, ProvisioningErrorCode
from tenants.models import Domain, Region
from tenants.provisioning import provision_region

pytestmark = pytest.mark.django_db


def _counts():
    return Region.objects.count(), Domain.objects.count()


def test_provision_region_creates_schema_domain_admin_and_branding():
    # when a region is onboarded
    region = provision_region(
        slug="gaspesie",
        name="Gaspésie",
        admin_email="Direction@Gaspesie.test",
        branding={"primary_color": "#004b87"},
    )
    # then its schema, host, branding and first admin exist
    assert schema_exists("gaspesie")
    assert Domain.objects.get(tenant=region).domain == "gaspesie.localhost"
    assert region.primary_color == "#004b87"
    assert region.secondary_color == "#f2a900"
    with tenant_context(region):
        admin = User.objects.get()
        assert admin.email == "direction@gaspesie.test"
        assert admin.role == Role.REGION_ADMIN
        assert not admin.has_usable_password()
    # and the admin lives in that schema only
    assert not User.objects.filter(email="direction@gaspesie.test").exists()


def test_provision_region_maps_hyphens_to_schema_underscores():
    region = provision_region(slug="cote-nord", name="Côte-Nord", admin_email="a@cote-nord.test")
    assert region.schema_name == "cote_nord"
    assert Domain.objects.get(tenant=region).domain == "cote-nord.localhost"


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("Saguenay", ProvisioningErrorCode.SLUG_INVALID),
        ("sag uenay", ProvisioningErrorCode.SLUG_INVALID),
        ("ab", ProvisioningErrorCode.SLUG_INVALID),
        ("x" * 200, ProvisioningErrorCode.SLUG_INVALID),
        ("x" * 41, ProvisioningErrorCode.SLUG_INVALID),
        ("abc'; DROP SCHEMA public; --", ProvisioningErrorCode.SLUG_INVALID),
        ('abc"def', ProvisioningErrorCode.SLUG_INVALID),
        ("-abc", ProvisioningErrorCode.SLUG_INVALID),
        ("abc-", ProvisioningErrorCode.SLUG_INVALID),
        ("a--b", ProvisioningErrorCode.SLUG_INVALID),
        ("éstrie", ProvisioningErrorCode.SLUG_INVALID),
        ("", ProvisioningErrorCode.SLUG_INVALID),
        (None, ProvisioningErrorCode.SLUG_INVALID),
        ("public", ProvisioningErrorCode.SLUG_RESERVED),
        ("www", ProvisioningErrorCode.SLUG_RESERVED),
        ("api", ProvisioningErrorCode.SLUG_RESERVED),
        ("admin", ProvisioningErrorCode.SLUG_RESERVED),
        ("platform", ProvisioningErrorCode.SLUG_RESERVED),
        ("static", ProvisioningErrorCode.SLUG_RESERVED),
        ("media", ProvisioningErrorCode.SLUG_RESERVED),
        ("pg-catalog", ProvisioningErrorCode.SLUG_RESERVED),
        ("alpha", ProvisioningErrorCode.SLUG_TAKEN),
        ("beta-nord", ProvisioningErrorCode.SLUG_TAKEN),
    ],
)
def test_provision_region_refuses_bad_slug_and_creates_nothing(slug, code):
    before = _counts()
    with pytest.raises(ProvisioningError) as raised:
        provision_region(slug=slug, name="Nouvelle région", admin_email="a@b.test")
    assert raised.value.code == code
    assert raised.value.field == "slug"
    assert raised.value.detail  # a sentence a person can read
    assert _counts() == before


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"admin_email": "not-an-email"}, ProvisioningErrorCode.EMAIL_INVALID),
        ({"name": "   "}, ProvisioningErrorCode.NAME_INVALID),
        ({"name": "n" * 201}, ProvisioningErrorCode.NAME_INVALID),
        ({"branding": {"primary_color": "red"}}, ProvisioningErrorCode.BRANDING_INVALID),
        ({"branding": {"default_language": "de"}}, ProvisioningErrorCode.BRANDING_INVALID),
        ({"branding": {"schema_name": "public"}}, ProvisioningErrorCode.BRANDING_INVALID),
    ],
)
def test_provision_region_refuses_bad_input(kwargs, code):
    before = _counts()
    arguments = {"slug": "mauricie", "name": "Mauricie", "admin_email": "a@mauricie.test", **kwargs}
    with pytest.raises(ProvisioningError) as raised:
        provision_region(**arguments)
    assert raised.value.code == code
    assert _counts() == before
    assert not schema_exists("mauricie")


def test_provision_region_leaves_nothing_when_a_late_step_fails(monkeypatch):
    # given a failure injected after the schema, the domain and the admin user exist
    real_create_admin = provisioning._create_first_admin
    seen = {}

    def create_admin_then_fail(region, **kwargs):
        user = real_create_admin(region, **kwargs)
        seen["schema_existed"] = schema_exists(region.schema_name)
        seen["domain_existed"] = Domain.objects.filter(tenant=region).exists()
        seen["user_id"] = user.pk
        raise RuntimeError("disk full")

    monkeypatch.setattr(provisioning, "_create_first_admin", create_admin_then_fail)
    before = _counts()
    # when the onboarding runs
    with pytest.raises(RuntimeError, match="disk full"):
        provision_region(slug="laurentides", name="Laurentides", admin_email="a@laurentides.test")
    # then the failure happened late, and nothing of the region remains
    assert seen == {"schema_existed": True, "domain_existed": True, "user_id": seen["user_id"]}
    assert not schema_exists("laurentides")
    assert _counts() == before
    assert not Domain.objects.filter(domain="laurentides.localhost").exists()
    assert connection.schema_name == "public"
    # and the same slug can be onboarded afterwards
    monkeypatch.setattr(provisioning, "_create_first_admin", real_create_admin)
    assert provision_region(slug="laurentides", name="Laurentides", admin_email="a@laurentides.test").pk


def test_provision_region_command_reports_progress_and_errors(capsys):
    call_command("provision_region", "--slug=outaouais", "--name=Outaouais", "--admin-email=a@outaouais.test")
    out = capsys.readouterr().out
    assert "[1/7]" in out
    assert "[7/7]" in out
    assert "http://outaouais.localhost:8000/" in out
    with pytest.raises(CommandError, match="slug_taken"):
        call_command("provision_region", "--slug=outaouais", "--name=X", "--admin-email=a@outaouais.test")
    with pytest.raises(CommandError, match="slug_invalid"):
        call_command("provision_region", "--slug=Bad Slug", "--name=X", "--admin-email=a@x.test")
    with pytest.raises(CommandError, match="slug_reserved"):
        call_command("provision_region", "--slug=www", "--name=X", "--admin-email=a@x.test")


def test_provision_region_refuses_to_run_inside_a_region(region_a):
    connection.set_tenant(region_a)
    with pytest.raises(RuntimeError, match="public schema"):
        provision_region(slug="montérégie", name="X", admin_email="a@x.test")


def _catalog(schema: str, sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [schema])
        return sorted(cursor.fetchall())


TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
COLUMNS = """SELECT table_name, column_name, data_type, is_nullable, column_default
             FROM information_schema.columns WHERE table_schema = %s"""
CONSTRAINTS = """SELECT cls.relname, con.conname, con.contype FROM pg_constraint con
                 JOIN pg_class cls ON cls.oid = con.conrelid
                 JOIN pg_namespace nsp ON nsp.oid = con.connamespace WHERE nsp.nspname = %s"""
INDEXES = "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = %s"


def test_clone_and_migrate_give_the_same_schema():
    cloned = provision_region(slug="clone-check", name="Clone", admin_email="a@clone.test")
    migrated = provision_region(
        slug="migrate-check", name="Migrate", admin_email="a@migrate.test", method="migrate"
    )
    tables = _catalog(cloned.schema_name, TABLES)
    assert ("accounts_user",) in tables
    assert ("core_participant",) in tables
    assert ("tenants_region",) not in tables
    assert tables == _catalog(migrated.schema_name, TABLES)
    # sequence defaults name their own schema, the rest must match to the letter
    columns = [row[:4] for row in _catalog(cloned.schema_name, COLUMNS)]
    assert columns == [row[:4] for row in _catalog(migrated.schema_name, COLUMNS)]
    # constraint and index names too: later migrations drop and alter them by name
    assert _catalog(cloned.schema_name, CONSTRAINTS) == _catalog(migrated.schema_name, CONSTRAINTS)
    assert _catalog(cloned.schema_name, INDEXES) == _catalog(migrated.schema_name, INDEXES)
