"""/api/v1/imports/: spreadsheets (CSV, XLSX) of partners, participants or interventions.

- `POST imports/` (multipart: `file`, `kind`) checks the file: a dry run that writes nothing and
  answers every row's problems (line, column, code, message in the request's language).
- `GET imports/{id}/` tells a batch's status, its problems and, while it is imported, its progress.
- `POST imports/{id}/commit/` imports a checked file, all rows or none (in the background when a
  broker is configured: 202, then follow `GET imports/{id}/`).
- `POST imports/{id}/undo/` removes everything an import created, as a whole.

Direction and coordination import everything; an agent imports interventions with their own
participants only; funders never import (403).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.base import ScopedGenericViewSet
from api.permissions import PEOPLE_ROLES
from core import access, services
from core.imports.tasks import import_commit_queue, import_progress
from core.models import ImportBatch, ImportKind, ImportStatus

IMPORT_ROLES = PEOPLE_ROLES
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(
        help_text="CSV (UTF-8 or Windows-1252; `;` or `,`) or XLSX, headers on line 1."
    )

    def validate_file(self, value):
        if value.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(_("Fichier trop lourd : 20 Mo au plus."))
        return value


class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line in the file (1 is the header; 0: the file as a whole).")
    column = serializers.CharField(help_text="The column as the file names it.")
    code = serializers.CharField()
    message = serializers.CharField()


class ImportBatchSerializer(serializers.ModelSerializer):
    errors = ProblemSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "status",
            "file_name",
            "total_rows",
            "new_rows",
            "already_imported_rows",
            "errors",
            "progress",
            "created_at",
            "committed_at",
            "undone_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        inline_serializer(
            "ImportProgress",
            {"done": serializers.IntegerField(), "total": serializers.IntegerField()},
            allow_null=True,  # null unless the batch is being imported
        )
    )
    def get_progress(self, batch) -> dict | None:
        return import_progress(batch.pk) if batch.status == ImportStatus.RUNNING else None


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    selector = access.import_batch_for_actor
    serializer_class = ImportBatchSerializer
    read_roles = IMPORT_ROLES
    write_roles = IMPORT_ROLES
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["kind", "status"]
    ordering_fields = ["created_at"]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer}, responses={201: ImportBatchSerializer}
    )
    def create(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        batch = services.import_check(
            actor=request.user,
            kind=upload.validated_data["kind"],
            file_name=file.name,
            content=file.read(),
            language=request.LANGUAGE_CODE,
        )
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ImportBatchSerializer, 202: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = services.import_commit_start(batch=self.get_object(), actor=request.user)
        import_commit_queue(batch, request.user)
        batch.refresh_from_db()
        done = batch.status != ImportStatus.RUNNING
        if batch.status == ImportStatus.INVALID:
            return Response(
                {
                    "detail": _("Rien n'a été importé : des lignes sont à corriger."),
                    "code": "import_invalid",
                    "fields": {
                        "file": [
                            f"{problem['line']} · {problem['column']} · {problem['message']}"
                            for problem in batch.errors
                        ]
                    },
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            self.get_serializer(batch).data, status=status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED
        )

    @extend_schema(request=None, responses={200: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        batch = services.import_undo(batch=self.get_object(), actor=request.user)
        return Response(self.get_serializer(batch).data)
