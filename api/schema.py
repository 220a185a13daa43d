"""OpenAPI description of what every endpoint shares: error shapes, and the responses each one can
give besides its success (400, 401, 403, 404), added by a post-processing hook so that a new
endpoint is described without anyone remembering to."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Message in the request's language (Accept-Language: fr, en).")
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. not_found, permission_denied.")


class ValidationErrorSerializer(ErrorSerializer):
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; `non_field_errors` for the input as a whole.",
    )


_DESCRIPTIONS = {
    400: "Invalid input: `fields` holds the messages per field.",
    401: "No credentials, or a token unknown on this host.",
    403: "The role may not do this (funders are read-only; agents see their own participants).",
    404: "Absent from this region (also for ids that exist in another region).",
}


def ERROR_RESPONSES(*statuses: int) -> dict:  # noqa: N802 - reads as a constant in decorators
    return {
        status: OpenApiResponse(
            ValidationErrorSerializer if status == 400 else ErrorSerializer, description=_DESCRIPTIONS[status]
        )
        for status in statuses
    }


def _ref(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its error responses."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
            "required": ["detail", "code"],
        },
    )
    schemas.setdefault(
        "ValidationError",
        {
            "type": "object",
            "properties": {
                "detail": {"type": "string"},
                "code": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {}},
                },
            },
            "required": ["detail", "code"],
        },
    )
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            wanted = []
            if method in ("post", "put", "patch") or operation.get("parameters"):
                wanted.append(400)
            if operation.get("security") != [{}] and operation.get("security") != []:
                wanted += [401, 403]
            if "{" in path:
                wanted.append(404)
            for status in wanted:
                responses.setdefault(
                    str(status),
                    {
                        "description": _DESCRIPTIONS[status],
                        "content": _ref("ValidationError" if status == 400 else "Error"),
                    },
                )
    return result
