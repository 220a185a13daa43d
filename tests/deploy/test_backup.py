"""region_backup / region_restore: a round trip gives back the same rows (counts and checksums of
every table) and the same files, under a new region, and never touches another region."""

import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants.backups import table_checksums

SOURCE, COPY = "sauvegarde-test", "sauvegarde-copie"


def _drop_region(slug: str) -> None:
    from tenants.models import Region
    from tenants.provisioning import region_schema_name

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{region_schema_name(slug)}" CASCADE')
    Region.objects.filter(slug=slug).delete()


@pytest.fixture
def source_region(django_db_setup, django_db_blocker, settings, tmp_path):
    """A committed region filled with one of everything (pg_dump sees only committed rows)."""
    from accounts.models import Role
    from tenants.provisioning import provision_region
    from tests.api.conftest import REGION_ROLES, build_world, make_user

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_db_blocker.unblock():
        _drop_region(SOURCE)
        _drop_region(COPY)
        region = provision_region(
            slug=SOURCE, name="Région à sauvegarder", admin_email="admin@sauvegarde.test"
        )
        users = {role: make_user(region, role, f"{role}@sauvegarde.test") for role in REGION_ROLES}
        build_world(region, users)
        # the region's uploads, where its storage keeps them: MEDIA_ROOT/<schema>/ (written
        # directly: the storage object caches MEDIA_ROOT across the suite's settings changes)
        folder = Path(settings.MEDIA_ROOT) / region.schema_name
        (folder / "imports").mkdir(parents=True)
        (folder / "imports" / "liste.csv").write_bytes(b"code;ville\nP-1;Alma\n")
        (folder / "branding").mkdir()
        (folder / "branding" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nfake-png-bytes")
        region.logo.name = "branding/logo.png"
        region.save(update_fields=["logo"])
        assert Role.FUNDER in users
        yield region
        _drop_region(COPY)
        _drop_region(SOURCE)


def test_round_trip_restores_every_row_and_file_into_a_new_region(
    source_region, django_db_blocker, tmp_path, settings
):
    from tenants.models import Domain, Region

    with django_db_blocker.unblock():
        other_before = table_checksums("beta_nord")
        source_before = table_checksums("sauvegarde_test")
        call_command("region_backup", SOURCE, output_dir=str(tmp_path / "backups"))
        (archive,) = (tmp_path / "backups").glob(f"ancrage-{SOURCE}-*.tar.gz")
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
        assert {"manifest.json", "schema.sql", "media/imports/liste.csv"} <= names

        call_command("region_restore", str(archive), slug=COPY)

        restored = table_checksums("sauvegarde_copie")
        # same tables, same counts, same checksums as the original, which did not change
        assert restored == source_before == table_checksums("sauvegarde_test")
        assert restored["core_participant"]["rows"] == 2
        assert restored["core_participantidentity"]["rows"] == 2
        assert restored["accounts_user"]["rows"] == 5
        # the files came along, byte for byte, under the new region's own folder
        media = Path(settings.MEDIA_ROOT)
        assert (media / "sauvegarde_copie/imports/liste.csv").read_bytes() == b"code;ville\nP-1;Alma\n"
        copy = Region.objects.get(slug=COPY)
        assert copy.name == "Région à sauvegarder"
        # the logo's name is relative to the region's folder: the same name, the copied file
        assert copy.logo.name == source_region.logo.name
        assert (
            media / "sauvegarde_copie" / copy.logo.name
        ).read_bytes() == b"\x89PNG\r\n\x1a\nfake-png-bytes"
        assert Domain.objects.get(tenant=copy).domain == f"{COPY}.localhost"
        # another region was never touched
        assert table_checksums("beta_nord") == other_before


def test_restore_never_overwrites_an_existing_region(source_region, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        call_command("region_backup", SOURCE, output_dir=str(tmp_path))
        (archive,) = tmp_path.glob("*.tar.gz")
        alpha_before = table_checksums("alpha")
        with pytest.raises(CommandError, match="already used"):
            call_command("region_restore", str(archive), slug="alpha")
        assert table_checksums("alpha") == alpha_before


def test_a_tampered_archive_is_refused_and_leaves_nothing(source_region, django_db_blocker, tmp_path):
    import io
    import json

    from tenants.models import Region

    with django_db_blocker.unblock():
        call_command("region_backup", SOURCE, output_dir=str(tmp_path / "in"))
        (archive,) = (tmp_path / "in").glob("*.tar.gz")
        # a manifest whose participant count no longer matches the dump
        with tarfile.open(archive) as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
        manifest = json.loads(members["manifest.json"])
        manifest["tables"]["core_participant"]["rows"] += 1
        members["manifest.json"] = json.dumps(manifest).encode()
        tampered = tmp_path / "tampered.tar.gz"
        with tarfile.open(tampered, "w:gz") as tar:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        with pytest.raises(CommandError, match="core_participant"):
            call_command("region_restore", str(tampered), slug=COPY)
        assert not Region.objects.filter(slug=COPY).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'sauvegarde_copie'")
            assert cursor.fetchone() is None
