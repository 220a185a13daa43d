"""What every resource serializer shares.

- Free text is capped (TextField has no length in the database; 5 000 characters is plenty for a
  note and refuses a 20 000-character paste with a 400 instead of storing it).
- Amounts are never negative.
- Writes call the resource's core.services functions when it has them (`Meta.create_service`,
  `Meta.update_service` + `Meta.update_kwarg`); pure reference data without a service is saved by
  the ModelSerializer after the model's validation below.
- A service's keyword arguments without a default are the fields a create requires: the serializer
  reads them from the service's signature (one source), so the schema, the 400 and the service agree.
- Without a service, before saving, the model's own validation runs (fields, unique and check constraints such as
  "end ≥ start"), so a rule the database would enforce comes back as a 400 with its message
  instead of an IntegrityError (500).
"""

import copy
import inspect
from functools import cache

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from api.exceptions import django_validation_detail
from api.fast_lists import FastListSerializer, fields_per_class

TEXT_MAX_LENGTH = 5000


@cache
def service_required_fields(service) -> frozenset[str]:
    """Keyword-only arguments of `service` without a default: what it cannot do without."""
    return frozenset(
        name
        for name, parameter in inspect.signature(service).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty
    )


class ResourceSerializer(serializers.ModelSerializer):
    @fields_per_class  # Meta.create_service is the class's: lists stay compiled once (api.fast_lists)
    def get_fields(self):
        fields = super().get_fields()
        service = getattr(self.Meta, "create_service", None)
        if service is not None:
            for name in service_required_fields(service):
                field = fields.get(name)
                if field is not None and not field.read_only:
                    field.required = True
        return fields

    @classmethod
    def many_init(cls, *args, **kwargs):
        # Lists read through api.fast_lists (same JSON, without DRF's per-row field walk), unless
        # the resource names its own list serializer.
        many = super().many_init(*args, **kwargs)
        if type(many) is serializers.ListSerializer:
            many.__class__ = FastListSerializer
        return many

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and "max_length" not in field_kwargs:
            field_kwargs["max_length"] = TEXT_MAX_LENGTH
        if isinstance(model_field, models.DecimalField) and field_name not in ("latitude", "longitude"):
            field_kwargs.setdefault("min_value", 0)
        return field_class, field_kwargs

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops allow_blank from read-only fields; the schema then says a blank choice ("")
        # cannot be in a response when it can (an enrollment's outcome before there is one).
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    def services_validate(self) -> bool:
        """True when a core.services function does this write (it validates, with its own codes)."""
        operation = "create" if self.instance is None else "update"
        declared = getattr(self.Meta, "services_validate", None)
        if declared is not None:
            return operation in declared
        return getattr(self.Meta, f"{operation}_service", None) is not None

    def get_validators(self):
        # Uniqueness across rows is a service rule when a service writes (with its own error code).
        return [] if self.services_validate() else super().get_validators()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.services_validate():
            return attrs
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many and not isinstance(value, dict | list):
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=[*many, *self.clean_exclude()])
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_validation_detail(error)) from None
        return attrs

    def create(self, validated_data):
        service = getattr(self.Meta, "create_service", None)
        if service is None:
            return super().create(validated_data)
        return service(**validated_data)

    def update(self, instance, validated_data):
        service = getattr(self.Meta, "update_service", None)
        if service is None:
            return super().update(instance, validated_data)
        return service(**{self.Meta.update_kwarg: instance}, **validated_data)

    def clean_exclude(self) -> list[str]:
        """Model fields not set through this serializer (the service fills them)."""
        return []
