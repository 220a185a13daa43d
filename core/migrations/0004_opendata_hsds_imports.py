# Stable public UUIDs (existing rows get one each), assured_date and schedules for the HSDS service
# map; import batches and the rows they created.

import django.contrib.postgres.fields
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_law25_audit_and_erasure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="identifiant public"),
        ),
        migrations.RunSQL(
            "UPDATE core_partner SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="partner",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="identifiant public"),
        ),
        migrations.RunSQL(
            "UPDATE core_program SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="program",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="assured_date",
            field=models.DateField(blank=True, null=True, verbose_name="information confirmée le"),
        ),
        migrations.AddField(
            model_name="service",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="identifiant public"),
        ),
        migrations.RunSQL(
            "UPDATE core_service SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="service",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"
            ),
        ),
        migrations.AddField(
            model_name="servicepoint",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="identifiant public"),
        ),
        migrations.RunSQL(
            "UPDATE core_servicepoint SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="servicepoint",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"
            ),
        ),
        migrations.CreateModel(
            name="ImportBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("partners", "Organismes partenaires"),
                            ("participants", "Participant·e·s"),
                            ("interventions", "Interventions"),
                        ],
                        max_length=20,
                        verbose_name="type",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("checked", "Vérifié, prêt à importer"),
                            ("invalid", "Refusé : des lignes sont à corriger"),
                            ("running", "Importation en cours"),
                            ("committed", "Importé"),
                            ("undone", "Annulé"),
                        ],
                        max_length=12,
                        verbose_name="statut",
                    ),
                ),
                ("file_name", models.CharField(max_length=200, verbose_name="fichier")),
                ("content", models.BinaryField(verbose_name="contenu")),
                ("sha256", models.CharField(max_length=64, verbose_name="empreinte SHA-256")),
                ("language", models.CharField(default="fr-ca", max_length=10, verbose_name="langue")),
                ("total_rows", models.PositiveIntegerField(default=0, verbose_name="lignes")),
                ("new_rows", models.PositiveIntegerField(default=0, verbose_name="lignes nouvelles")),
                (
                    "already_imported_rows",
                    models.PositiveIntegerField(default=0, verbose_name="lignes déjà importées"),
                ),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="problèmes")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="déposé le")),
                ("committed_at", models.DateTimeField(blank=True, null=True, verbose_name="importé le")),
                ("undone_at", models.DateTimeField(blank=True, null=True, verbose_name="annulé le")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
            ],
            options={
                "verbose_name": "importation",
                "verbose_name_plural": "importations",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ImportedRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("partners", "Organismes partenaires"),
                            ("participants", "Participant·e·s"),
                            ("interventions", "Interventions"),
                        ],
                        max_length=20,
                        verbose_name="type",
                    ),
                ),
                ("row_key", models.CharField(max_length=64, verbose_name="clé de ligne")),
                ("line", models.PositiveIntegerField(verbose_name="ligne du fichier")),
                ("object_id", models.BigIntegerField(verbose_name="identifiant créé")),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="core.importbatch",
                        verbose_name="importation",
                    ),
                ),
            ],
            options={
                "verbose_name": "ligne importée",
                "verbose_name_plural": "lignes importées",
                "ordering": ["batch_id", "line"],
                "indexes": [models.Index(fields=["batch", "object_id"], name="core_importedrow_batch_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "row_key"),
                        name="core_importedrow_once",
                        violation_error_message="Cette ligne a déjà été importée.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Schedule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "uuid",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant public"
                    ),
                ),
                (
                    "weekdays",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("MO", "Lundi"),
                                ("TU", "Mardi"),
                                ("WE", "Mercredi"),
                                ("TH", "Jeudi"),
                                ("FR", "Vendredi"),
                                ("SA", "Samedi"),
                                ("SU", "Dimanche"),
                            ],
                            max_length=2,
                        ),
                        size=None,
                        verbose_name="jours de la semaine",
                    ),
                ),
                ("opens_at", models.TimeField(verbose_name="ouvre à")),
                ("closes_at", models.TimeField(verbose_name="ferme à")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="en vigueur du")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="en vigueur jusqu'au")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedules",
                        to="core.service",
                        verbose_name="service",
                    ),
                ),
                (
                    "service_point",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="schedules",
                        to="core.servicepoint",
                        verbose_name="point de service",
                    ),
                ),
            ],
            options={
                "verbose_name": "horaire",
                "verbose_name_plural": "horaires",
                "ordering": ["opens_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("service__isnull", False), ("service_point__isnull", False), _connector="OR"
                        ),
                        name="core_schedule_has_owner",
                        violation_error_message="Un horaire est celui d'un service ou d'un point de service.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("closes_at__gt", models.F("opens_at"))),
                        name="core_schedule_closes_after_opening",
                        violation_error_message="L'heure de fermeture doit suivre l'heure d'ouverture.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_from__isnull", True),
                            ("valid_to__isnull", True),
                            ("valid_to__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="core_schedule_valid_to_after_from",
                        violation_error_message="La fin de validité ne peut précéder son début.",
                    ),
                ],
            },
        ),
    ]
