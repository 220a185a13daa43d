# Joins opendata's schedules (0004_opendata_hsds_imports) and main's report jobs (0005_reports_jobs):
# two leaves met on the web-platform branch. No operation; the lead renumbers at merge.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_opendata_hsds_imports"),
        ("core", "0005_reports_jobs"),
    ]

    operations = []
