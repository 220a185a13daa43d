"""List filter backends: search, strict ordering and django-filter, the same on every list."""

from django.utils.translation import gettext as _
from django_filters import BooleanFilter, utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError


class StrictOrderingFilter(filters.OrderingFilter):
    """`?ordering=a,-b`: an unknown field is refused with 400 instead of being silently dropped.

    The primary key is always appended, so pages never repeat or skip rows when the requested
    ordering has ties.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            valid = {item[0] for item in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [term for term in fields if term.lstrip("-") not in valid]
            if unknown or not fields:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Tri impossible sur : %(fields)s. Champs permis : %(allowed)s.")
                            % {"fields": ", ".join(unknown) or params, "allowed": ", ".join(sorted(valid))}
                        ]
                    }
                )
            ordering = fields
        else:
            ordering = list(
                self.get_default_ordering(view)
                or queryset.query.order_by
                or queryset.model._meta.ordering
                or []
            )
        if ordering and not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("pk")
        return ordering

    def get_valid_fields(self, queryset, view, context=None):
        # Explicit lists only: ordering on "every serializer field" would expose relations of
        # rows a role may not see (e.g. a participant's personal fields through a join).
        return [(item, item) for item in getattr(view, "ordering_fields", None) or []]


BOOLEAN_WORDS = frozenset({"true", "false", "1", "0"})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but a filter given with an empty value, or a boolean that is neither true nor
    false, is a 400 naming it (django-filter would silently ignore it and list everything)."""

    # One filter set class per view and model: django-filter would build (and introspect) a new
    # class on every request; it depends on neither.
    _classes: dict = {}

    def get_filterset_class(self, view, queryset=None):
        key = (type(view), getattr(queryset, "model", None))
        if key not in self._classes:
            self._classes[key] = super().get_filterset_class(view, queryset)
        return self._classes[key]

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not set(request.query_params) & set(filterset_class.base_filters):
            return queryset  # no filter asked for: the form would validate nothing
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {}
        for name, declared in filterset.filters.items():
            values = request.query_params.getlist(name)
            if any(not value.strip() for value in values):
                errors[name] = [_("Valeur vide : omettez le paramètre ou donnez-lui une valeur.")]
            elif isinstance(declared, BooleanFilter) and any(v.lower() not in BOOLEAN_WORDS for v in values):
                errors[name] = [_("Valeur booléenne attendue : true ou false.")]
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
