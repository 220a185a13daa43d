"""The access trail partitioned by month (core/audit_partitions.py), in every region's schema."""

from django.db import migrations


def forwards(apps, schema_editor):
    from core.audit_partitions import partition_table

    partition_table()


class Migration(migrations.Migration):
    dependencies = [("core", "0007_production_law25")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
