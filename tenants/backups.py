"""One region's backup and its restore into a new region.

An archive (tar.gz) holds `schema.sql` (pg_dump of the region's schema only), the region's
uploaded files (MEDIA_ROOT/<schema>/) and `manifest.json`: the region's settings and, for every
table, its row count and a checksum of its rows. A restore loads the dump under a new schema name
in one transaction, creates the region's row and domain, copies the files, then recomputes every
count and checksum and refuses (undoing everything) if one differs. It never writes outside the
new schema, the new region's rows and MEDIA_ROOT/<new schema>/.

Sessions, API tokens and failed-login counters are not carried over: a restored region's people
log in again. pg_dump/psql are the embedded server's own binaries (pgserver) when DATABASE_URL is
unset, the system's otherwise (PG_BIN_DIR overrides).
"""

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tenants.models import Domain, Region
from tenants.provisioning import region_host, region_schema_name, validate_slug

FORMAT = 1
# Not carried over: they hold credentials or per-client counters, not the region's data.
VOLATILE_TABLES = (
    "django_session",
    "accounts_apitoken",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
)
REGION_FIELDS = ("name", "primary_color", "secondary_color", "default_language", "status")


class BackupError(Exception):
    pass


def pg_binary(name: str) -> str:
    explicit = os.environ.get("PG_BIN_DIR")
    if explicit:
        return str(Path(explicit) / name)
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return found


def _libpq_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db["USER"] or ""}
    if db["HOST"]:
        env["PGHOST"] = db["HOST"]
    if db["PORT"]:
        env["PGPORT"] = str(db["PORT"])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _tables(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
        return [row[0] for row in cursor.fetchall()]


def table_checksums(schema: str) -> dict[str, dict]:
    """{table: {"rows": n, "checksum": md5 of the sorted md5s of its rows}} for a schema."""
    result = {}
    with connection.cursor() as cursor:
        for table in _tables(schema):
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "  # noqa: S608
                f'FROM (SELECT md5(t::text) AS h FROM "{schema}"."{table}" t) rows'
            )
            count, checksum = cursor.fetchone()
            result[table] = {"rows": count, "checksum": checksum}
    return result


def _media_dir(schema: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema


def region_backup(*, slug: str, output_dir: Path) -> Path:
    region = Region.objects.get(slug=slug)
    schema = region.schema_name
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"ancrage-{slug}-{stamp}.tar.gz"
    command = [pg_binary("pg_dump"), "--format=plain", "--no-owner", "--no-privileges", f"--schema={schema}"]
    command += [f"--exclude-table-data={schema}.{table}" for table in VOLATILE_TABLES]
    # The dump and the checksums see the same data: one repeatable-read snapshot would need the
    # dump to share our transaction; instead both run while nothing writes (checked below).
    before = table_checksums(schema)
    dump = subprocess.run(command, env=_libpq_env(), capture_output=True, check=False)  # noqa: S603
    if dump.returncode != 0:
        raise BackupError(dump.stderr.decode(errors="replace"))
    after = table_checksums(schema)
    if before != after:
        raise BackupError("the region changed during the backup; run it again (or at a quiet hour)")
    manifest = {
        "format": FORMAT,
        "slug": slug,
        "schema": schema,
        "created_at": timezone.now().isoformat(),
        "region": {field: getattr(region, field) for field in REGION_FIELDS} | {"logo": region.logo.name},
        "tables": after,
    }
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest, indent=1).encode()),
            ("schema.sql", dump.stdout),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        media = _media_dir(schema)
        if media.is_dir():
            tar.add(media, arcname="media")
    archive.chmod(0o600)
    return archive


def _rename_schema(sql: str, old: str, new: str) -> str:
    """The dump with every reference to schema `old` pointing at `new`, rows left untouched."""
    pattern = re.compile(rf"(?<![\w.$\"]){re.escape(old)}(?=[.;])")
    out, in_copy = [], False
    for line in sql.splitlines(keepends=True):
        if in_copy:
            # COPY data: the region's rows, copied byte for byte (a name could contain anything).
            out.append(line)
            in_copy = line != "\\.\n"
            continue
        out.append(pattern.sub(new, line))
        in_copy = line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;")
    return "".join(out)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"refused archive member: {member.name}")
        members.append(member)
    return members


def region_restore(*, archive: Path, slug: str, name: str | None = None) -> Region:
    slug = validate_slug(slug)
    schema = region_schema_name(slug)
    if (
        Region.objects.filter(slug=slug).exists()
        or Region.objects.filter(schema_name=schema).exists()
        or Domain.objects.filter(domain=region_host(slug)).exists()
        or schema in _schemas()
    ):
        raise BackupError(f"« {slug} » is already used: a restore only ever creates a new region")
    with tempfile.TemporaryDirectory() as workdir, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(workdir, members=_safe_members(tar), filter="data")  # noqa: S202 - checked above
        work = Path(workdir)
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        sql = _rename_schema((work / "schema.sql").read_text(), manifest["schema"], schema)
        load = subprocess.run(  # noqa: S603
            [pg_binary("psql"), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--single-transaction"],
            input=sql.encode(),
            env=_libpq_env(),
            capture_output=True,
            check=False,
        )
        if load.returncode != 0:
            raise BackupError(load.stderr.decode(errors="replace"))
        try:
            restored = table_checksums(schema)
            if restored != manifest["tables"]:
                differing = sorted(
                    t
                    for t in set(restored) | set(manifest["tables"])
                    if restored.get(t) != manifest["tables"].get(t)
                )
                raise BackupError(f"restored tables differ from the backup: {', '.join(differing)}")
            with transaction.atomic():
                # The logo's name is relative to the region's own folder, copied below.
                region = Region(slug=slug, schema_name=schema, **manifest["region"])
                if name:
                    region.name = name
                region.save()
                Domain.objects.create(domain=region_host(slug), tenant=region, is_primary=True)
            media = work / "media"
            if media.is_dir():
                shutil.copytree(media, _media_dir(schema))
        except BaseException:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            Region.objects.filter(slug=slug).delete()
            raise
    return region


def _schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}
