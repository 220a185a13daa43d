"""The public service map (cartographie) at /services/ on each region's host: no login.

Reads the region's published, active services through core.access.service_for_actor(actor=None),
the same rule the API applies to anonymous callers; this page only searches and filters them.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import render

from core.access import service_for_actor
from core.models import ServicePoint
from web.public_forms import ServiceMapFilter

PAGE_SIZE = 20
ORDERINGS = {"": ("name_fr",), "name": ("name_fr",), "partner": ("partner__name", "name_fr")}


def _public_services():
    # What the page shows of each service: its organisation, its hours, its open service points.
    return (
        service_for_actor(actor=None)
        .select_related("partner")
        .prefetch_related(None)
        .prefetch_related(
            "schedules",
            Prefetch(
                "service_points",
                queryset=ServicePoint.objects.filter(is_active=True).prefetch_related("schedules"),
            ),
        )
    )


def _choices(services) -> tuple[list[str], list[str]]:
    """Territories (served areas, then cities of service points) and languages on this map."""
    territories = set(services.exclude(territory="").values_list("territory", flat=True))
    cities = set(
        services.filter(service_points__is_active=True).values_list("service_points__city", flat=True)
    )
    languages = {code for codes in services.values_list("languages", flat=True) for code in codes}
    return sorted(territories | (cities - {None, ""})), sorted(languages)


def _filtered(services, data: dict):
    if data.get("q"):
        text = data["q"]
        services = services.filter(
            Q(name_fr__icontains=text)
            | Q(name_en__icontains=text)
            | Q(description_fr__icontains=text)
            | Q(description_en__icontains=text)
            | Q(partner__name__icontains=text)
            | Q(territory__icontains=text)
            | Q(service_points__city__icontains=text)
        )
    if data.get("territory"):
        place = data["territory"]
        services = services.filter(Q(territory=place) | Q(service_points__city=place))
    if data.get("category"):
        services = services.filter(audience=data["category"])
    if data.get("language"):
        services = services.filter(languages__contains=[data["language"]])
    return services.distinct().order_by(*ORDERINGS[data.get("sort") or ""])


def service_map(request, printable: bool = False):
    services = _public_services()
    territories, languages = _choices(services)
    form = ServiceMapFilter(request.GET, territories=territories, languages=languages)
    if not form.is_valid():
        context = {"form": form, "page": None, "total": 0, "printable": printable}
        return render(request, "web/public/services.html", context, status=400)
    found = _filtered(services, form.cleaned_data)
    if printable:
        # The whole selection on one page, laid out for paper.
        context = {"form": form, "services": list(found), "printable": True}
        return render(request, "web/public/services_print.html", context)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "query": query.urlencode(),
        "printable": False,
    }
    return render(request, "web/public/services.html", context)


def service_map_print(request):
    return service_map(request, printable=True)
