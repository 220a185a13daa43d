"""Lists near the raw-SQL limit: the same JSON as DRF's ListSerializer, without its per-row work.

DRF serialises each row by walking every field through `get_attribute` (a dotted-source walk with
its exception handling) and `to_representation`, and a nested serializer does the same again: on a
page of 200 participants that costs more than the queries. Here each field of the child serializer
is compiled once per list into a getter:

- a concrete model column read as is when DRF would return it unchanged (text, choices, booleans,
  integers), else through the field's own `to_representation` (dates, decimals...);
- a foreign key shown as its id read from the row's `<name>_id`, with no related object loaded;
- a nested serializer (the participant's identity) compiled the same way;
- anything else (computed fields, many-to-many, dotted sources) through DRF's own code, unchanged.

When every field is a column (or a nested serializer of columns), the list is read with
`.values(*columns)` instead (columns_plan, used by api.base.ScopedGenericViewSet.list): no model
instance is built at all, as in a hand-written `.values()` view.

tests/perf/test_list_statements.py checks, for every list endpoint, that the output is identical
to DRF's own.
"""

import threading
import weakref
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, relations, serializers
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

SKIP = object()


# The time zone of the list being read (per thread): DRF looks it up again for every value.
class _ListZone(threading.local):
    zone = None


_list_zone = _ListZone()
# The getters that may answer SKIP (DRF's own steps), so that rows without them skip the check.
_MAY_SKIP: "weakref.WeakSet[Callable]" = weakref.WeakSet()
# DRF returns these model values unchanged: str(str), int(int), bool in TRUE_VALUES...
_AS_IS = {
    drf_fields.CharField: (models.CharField, models.TextField),
    drf_fields.EmailField: (models.CharField,),
    drf_fields.SlugField: (models.CharField,),
    drf_fields.URLField: (models.CharField,),
    drf_fields.ChoiceField: (models.CharField,),
    drf_fields.BooleanField: (models.BooleanField,),
    drf_fields.IntegerField: (models.IntegerField,),
}


def _generic(field) -> Callable:
    """DRF's own steps for one field (Serializer.to_representation)."""

    def get(instance):
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return SKIP
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    _MAY_SKIP.add(get)
    get.context_free = False
    return get


def _shapes_itself(serializer) -> bool:
    return type(serializer).to_representation is not serializers.Serializer.to_representation


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


class NotColumns(Exception):
    """A field that is not one column of the row (computed, many-to-many, dotted source)."""


def _attribute(instance, name):
    return getattr(instance, name)


def _getter(field, model, columns: list | None = None, prefix: str = "") -> Callable:
    """The reader of one field. With `columns` (a list to fill), it reads `.values()` rows: each
    column it needs is appended, and a field that is not a column raises NotColumns."""
    if columns is None:
        read = _attribute
    else:

        def read(row, name):
            return row[name]

    def key(name: str) -> str:
        if columns is None:
            return name
        columns.append(prefix + name)
        return prefix + name

    def generic():
        if columns is not None:
            raise NotColumns(field.field_name)
        return _generic(field)

    if len(field.source_attrs) != 1 or model is None:
        return generic()
    name = field.source_attrs[0]
    model_field = _model_field(model, name)
    if isinstance(field, serializers.Serializer) and not _shapes_itself(field):
        if columns is None:
            row = compile_row(field)

            def nested(instance):
                try:
                    value = getattr(instance, name)
                except ObjectDoesNotExist:
                    return None
                return None if value is None else row(value)

            nested.context_free = getattr(row, "context_free", False)
            return nested
        present = key(f"{name}__pk")  # None when the related row does not exist
        row = _compile(field, columns, prefix=f"{prefix}{name}__")

        def nested_columns(values):
            return None if values[present] is None else row(values)

        return nested_columns
    if model_field is None or not model_field.concrete:
        return generic()
    if isinstance(field, relations.PrimaryKeyRelatedField):
        if not (
            field.use_pk_only_optimization()
            and field.pk_field is None
            and (model_field.many_to_one or model_field.one_to_one)
        ):
            return generic()
        attname = key(model_field.attname)
        return lambda instance: read(instance, attname)
    if model_field.is_relation:
        return generic()
    name = key(name)
    as_is = _AS_IS.get(type(field))
    if as_is is not None and isinstance(model_field, as_is):
        return lambda instance: read(instance, name)
    iso = _iso_reader(field, model_field, name, read)
    if iso is not None:
        return iso
    to_representation = field.to_representation

    def direct(instance):
        value = read(instance, name)
        return None if value is None else to_representation(value)

    return direct


def _iso_reader(field, model_field, name: str, read) -> Callable | None:
    """Dates and times in DRF's default ISO 8601 form, without its per-value format lookups."""
    if type(field) is drf_fields.DateField and type(model_field) is models.DateField:
        if getattr(field, "format", api_settings.DATE_FORMAT) != ISO_8601:
            return None

        def date(instance):
            value = read(instance, name)
            return None if value is None else value.isoformat()

        return date
    if type(field) is drf_fields.DateTimeField and isinstance(model_field, models.DateTimeField):
        if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601 or hasattr(field, "timezone"):
            return None

        def moment(instance):
            value = read(instance, name)
            if not value:
                return None
            # The request's zone, as DRF's default_timezone() reads it, looked up once per list.
            zone = _list_zone.zone
            if zone is not None and timezone.is_aware(value):
                value = value.astimezone(zone)
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

        return moment
    return None


def _compile(serializer, columns: list, prefix: str = "") -> Callable[[dict], dict]:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    getters = [
        (field.field_name, _getter(field, model, columns, prefix)) for field in serializer._readable_fields
    ]

    def row(values):
        return {name: getter(values) for name, getter in getters}

    return row


class ColumnsPlan:
    """How to answer a list from `.values(*columns)` rows: no model instance built at all."""

    def __init__(self, columns: list[str], row: Callable[[dict], dict]):
        self.columns = columns
        self.row = row


_PLANS: dict[type, ColumnsPlan | None] = {}


def columns_plan(serializer) -> ColumnsPlan | None:
    """The plan for this serializer class, or None when a field is not a column of the row (then
    the list goes through model instances). Kept per class, like the compiled rows."""
    cls = type(serializer)
    if cls not in _PLANS:
        plan = None
        if not _shapes_itself(serializer) and not _customised(cls):
            columns: list[str] = []
            try:
                row = _compile(serializer, columns)
            except NotColumns:
                pass
            else:
                plan = ColumnsPlan(list(dict.fromkeys(columns)), row)
        _PLANS[cls] = plan
    return _PLANS[cls]


def compile_row(serializer) -> Callable[[object], dict]:
    """One function that turns a row into what `serializer.to_representation(row)` returns."""
    meta = getattr(serializer, "Meta", None)
    model = getattr(meta, "model", None)
    getters = [(field.field_name, _getter(field, model)) for field in serializer._readable_fields]
    if any(getter in _MAY_SKIP for _name, getter in getters):
        # A field may skip itself: keep DRF's rule of leaving the key out.
        def row_with_skips(instance):
            result = {}
            for name, getter in getters:
                value = getter(instance)
                if value is not SKIP:
                    result[name] = value
            return result

        return row_with_skips

    def row(instance):
        return {name: getter(instance) for name, getter in getters}

    row.context_free = all(getattr(getter, "context_free", True) for _name, getter in getters)
    return row


class FastListSerializer(serializers.ListSerializer):
    """ListSerializer whose reading compiles the child's fields once per list (see above)."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, models.manager.BaseManager) else data
        _list_zone.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            # `.values()` rows, from ScopedGenericViewSet.list and columns_plan
            row = columns_plan(self.child).row
            return [row(values) for values in rows]
        if _shapes_itself(self.child):
            # The child shapes rows itself: leave it to its own code.
            return [self.child.to_representation(item) for item in rows]
        row = _cached_row(self.child)
        return [row(item) for item in rows]


# Compiled rows by serializer class, for the ones whose every field is compiled (no DRF fallback,
# which may read the request through the serializer's context): their fields are built from the
# class alone, so building them again (ModelSerializer introspection) for every page is waste.
_ROWS: dict[type, Callable] = {}


def _cached_row(serializer) -> Callable[[object], dict]:
    cls = type(serializer)
    row = _ROWS.get(cls)
    if row is None:
        row = compile_row(serializer)
        if getattr(row, "context_free", False) and not _customised(cls):
            _ROWS[cls] = row
    return row


def fields_per_class(get_fields):
    """Marks a serializer's get_fields() whose answer depends on its class alone (not on the
    instance, its context or its data), so that its lists may still be compiled once per class."""
    get_fields.per_class = True
    return get_fields


def _customised(cls) -> bool:
    """A serializer that shapes its fields per instance (its own __init__ or get_fields)."""
    for klass in cls.__mro__:
        if klass.__module__.startswith("rest_framework."):
            return False
        get_fields = klass.__dict__.get("get_fields")
        if "__init__" in klass.__dict__ or (get_fields and not getattr(get_fields, "per_class", False)):
            return True
    return False
