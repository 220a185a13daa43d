import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_region_host_serves_that_region(client_a, client_b):
    # when each region's host is asked for its home page
    page_a = client_a.get("/")
    page_b = client_b.get("/")
    # then each answers with its own name only
    assert page_a.status_code == 200
    assert "Région Alpha" in page_a.content.decode()
    assert "Bêta-Nord" not in page_a.content.decode()
    assert "Région Bêta-Nord" in page_b.content.decode()


def test_platform_host_serves_the_platform(platform_client):
    page = platform_client.get("/")
    assert page.status_code == 200
    assert "Plateforme Ancrage" in page.content.decode()


def test_region_host_uses_region_schema(client_a, region_a):
    # the middleware leaves the connection on the region's schema during the request
    client_a.get("/")
    assert connection.schema_name == region_a.schema_name


@pytest.mark.parametrize(
    "host", ["nowhere.localhost", "evil.example.com", "localhost.evil.com", "a.b.localhost"]
)
def test_unknown_host_is_404_page(host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    assert "Aucun espace Ancrage" in response.content.decode()
    assert "Plateforme" not in response.content.decode()


@pytest.mark.parametrize("host", ["nowhere.localhost", "evil.example.com"])
def test_unknown_host_is_json_404_for_api(host):
    response = Client(HTTP_HOST=host).get("/api/v1/partners/")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_host"


def test_healthz_on_platform_host_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client(HTTP_HOST="localhost:8000").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("host", ["alpha.localhost", "beta-nord.localhost:8000"])
def test_healthz_on_region_host_checks_the_host_once(host, django_assert_max_num_queries):
    from tenants.middleware import HealthCheckMiddleware

    HealthCheckMiddleware._known_hosts.clear()
    assert Client(HTTP_HOST=host).get("/healthz").json() == {"status": "ok"}
    with django_assert_max_num_queries(0):
        again = Client(HTTP_HOST=host).get("/healthz")
    assert again.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.parametrize("host", ["nowhere.localhost", "evil.example.com", "127.0.0.1"])
def test_health_on_unknown_host_is_404(host, path):
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 404


def test_healthz_answers_when_database_is_down(monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    from tenants.middleware import HealthCheckMiddleware

    HealthCheckMiddleware._known_hosts.clear()

    def broken_execute(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken_execute)
    assert Client(HTTP_HOST="alpha.localhost").get("/healthz").status_code == 200
    assert Client(HTTP_HOST="localhost").get("/healthz").status_code == 200


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost", "beta-nord.localhost"])
def test_readyz_checks_database(host):
    response = Client(HTTP_HOST=host).get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readyz_reports_unreachable_database(monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken_execute(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken_execute)
    for host in ("localhost", "alpha.localhost"):
        response = Client(HTTP_HOST=host).get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"


def test_suspended_region_is_refused_with_clear_message(region_a, client_a):
    from tenants.models import Region

    Region.objects.filter(pk=region_a.pk).update(status=Region.Status.SUSPENDED)
    page = client_a.get("/")
    api = client_a.get("/api/v1/partners/")
    assert page.status_code == 403
    assert "suspendu" in page.content.decode()
    assert api.status_code == 403
    assert api.json()["code"] == "region_suspended"


def test_errors_speak_the_request_language(region_a):
    from tenants.models import Region

    unknown_en = Client(HTTP_HOST="nowhere.localhost", HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/")
    unknown_fr = Client(HTTP_HOST="nowhere.localhost", HTTP_ACCEPT_LANGUAGE="fr-CA").get("/api/v1/")
    assert unknown_en.json()["detail"] == "No Ancrage workspace answers at this address."
    assert unknown_fr.json()["detail"] == "Aucun espace Ancrage ne répond à cette adresse."

    Region.objects.filter(pk=region_a.pk).update(status=Region.Status.SUSPENDED)
    page = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert "This regional workspace is suspended" in page.content.decode()
