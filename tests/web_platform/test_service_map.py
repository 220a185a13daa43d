"""The public service map on a region's host: no login, the region's published services only,
searchable and filterable by territory, category and language, with a printable view."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from core.models import Audience, PartnerKind, Schedule, ServiceStatus
from core.services import partner_create, service_create, service_point_create
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

MAP = "/services/"


def _map_of(region, services):
    """Create `services` [(name, fields)] for a partner of `region` and return {name: service}."""
    connection.set_tenant(region)
    try:
        partner = partner_create(name=f"Accueil {region.slug}", kind=PartnerKind.COMMUNITY)
        chicoutimi = service_point_create(
            partner=partner,
            name="Bureau de Chicoutimi",
            address="210, rue des Oblats Ouest",
            city="Chicoutimi",
        )
        alma = service_point_create(
            partner=partner, name="Bureau d'Alma", address="725, rue Harvey Ouest", city="Alma"
        )
        points = {"Chicoutimi": [chicoutimi], "Alma": [alma], "": []}
        created = {}
        for name, fields in services:
            city = fields.pop("city", "")
            created[name] = service_create(
                partner=partner, name_fr=name, service_points=points[city], **fields
            )
        return created
    finally:
        connection.set_schema_to_public()


@pytest.fixture
def map_a(region_a):
    services = _map_of(
        region_a,
        [
            (
                "Accompagnement Québec",
                {
                    "name_en": "Accompagnement Québec (integration support)",
                    "description_fr": "Aide à l'intégration des personnes immigrantes.",
                    "audience": Audience.IMMIGRANTS,
                    "languages": ["fr", "en", "es"],
                    "territory": "Saguenay–Lac-Saint-Jean",
                    "phone": "1 877 662-4667",
                    "city": "Chicoutimi",
                },
            ),
            (
                "Place aux jeunes",
                {
                    "audience": Audience.NEWCOMERS,
                    "languages": ["fr"],
                    "territory": "Saguenay",
                    "city": "Alma",
                },
            ),
            ("Service retiré", {"audience": Audience.IMMIGRANTS, "status": ServiceStatus.DEFUNCT}),
            ("Service en préparation", {"audience": Audience.IMMIGRANTS, "is_published": False}),
        ],
    )
    connection.set_tenant(region_a)
    Schedule.objects.create(
        service=services["Accompagnement Québec"],
        weekdays=["MO", "TU", "WE", "TH", "FR"],
        opens_at=dt.time(8, 30),
        closes_at=dt.time(16, 30),
    )
    connection.set_schema_to_public()
    return services


@pytest.fixture
def map_b(region_b):
    return _map_of(region_b, [("Service de Bêta-Nord seulement", {"audience": Audience.EVERYONE})])


def _names(response) -> list[str]:
    return [service.name_fr for service in response.context["page"].object_list]


def test_anyone_reads_the_published_active_services_without_login(client_a, map_a):
    response = client_a.get(MAP)
    assert response.status_code == 200
    assert _names(response) == ["Accompagnement Québec", "Place aux jeunes"]
    html = response.content.decode()
    # how to reach it: address, phone, hours, languages
    assert "210, rue des Oblats Ouest, Chicoutimi" in html
    assert 'href="tel:1877662-4667"' in html
    assert "Du lundi au vendredi, 8 h 30 – 16 h 30" in html
    assert "Français, Anglais, Espagnol" in html
    assert "Service retiré" not in html
    assert "Service en préparation" not in html


def test_one_regions_services_never_appear_on_anothers_map(client_a, client_b, map_a, map_b):
    assert _names(client_a.get(MAP)) == ["Accompagnement Québec", "Place aux jeunes"]
    assert _names(client_b.get(MAP)) == ["Service de Bêta-Nord seulement"]
    assert "Accompagnement Québec" not in client_b.get(MAP, {"q": "Accompagnement"}).content.decode()
    # nor among another region's filter choices
    assert "Chicoutimi" not in dict(client_b.get(MAP).context["form"].fields["territory"].choices)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "intégration"}, ["Accompagnement Québec"]),
        ({"q": "ALMA"}, ["Place aux jeunes"]),
        ({"territory": "Saguenay"}, ["Place aux jeunes"]),
        ({"territory": "Chicoutimi"}, ["Accompagnement Québec"]),
        ({"category": "immigrants"}, ["Accompagnement Québec"]),
        ({"language": "es"}, ["Accompagnement Québec"]),
        ({"language": "fr", "category": "newcomers"}, ["Place aux jeunes"]),
        ({"q": "nulle part"}, []),
        ({"sort": "partner"}, ["Accompagnement Québec", "Place aux jeunes"]),
    ],
)
def test_search_and_filters(client_a, map_a, query, expected):
    response = client_a.get(MAP, query)
    assert response.status_code == 200
    assert _names(response) == expected
    assert response.context["total"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"category": "martiens"}, "category"),
        ({"language": "xx"}, "language"),
        ({"territory": "Mars"}, "territory"),
    ],
)
def test_unknown_filter_values_are_a_400_naming_the_field(client_a, map_a, query, field):
    response = client_a.get(MAP, query)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert "Sélectionnez un choix valide." in response.content.decode()


def test_the_map_speaks_english_when_asked(client_a, map_a):
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client_a.get(MAP).content.decode()
    assert "Services for newcomers" in html
    assert "Accompagnement Québec (integration support)" in html
    assert "Monday to Friday, 8:30 AM – 4:30 PM" in html
    assert "French, English, Spanish" in html


def test_printable_view_lists_the_whole_selection(client_a, map_a):
    response = client_a.get("/services/imprimer/", {"category": "immigrants"})
    assert response.status_code == 200
    assert [service.name_fr for service in response.context["services"]] == ["Accompagnement Québec"]
    html = response.content.decode()
    assert "web/services.css" in html
    assert "window.print()" in html


def test_map_queries_do_not_grow_with_services(client_a, map_a, region_a, django_assert_num_queries):
    def count() -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert Client(HTTP_HOST=host_of(region_a)).get(MAP).status_code == 200
        return len(queries)

    count()  # warm: the host's route and billing account are read once, then from memory
    before = count()
    _map_of_more = [(f"Service {n}", {"city": "Alma", "languages": ["fr"]}) for n in range(5)]
    connection.set_tenant(region_a)
    from core.models import Partner

    partner = Partner.objects.get(name=f"Accueil {region_a.slug}")
    point = partner.service_points.get(city="Alma")
    for name, fields in _map_of_more:
        fields.pop("city")
        service_create(partner=partner, name_fr=name, service_points=[point], **fields)
    connection.set_schema_to_public()
    assert count() == before
