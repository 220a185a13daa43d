"""OpenAPI 3 schema and interactive docs on both hosts, served without any CDN."""

import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

REGION_PATHS = {
    "/api/v1/partners/",
    "/api/v1/service-points/",
    "/api/v1/team-members/",
    "/api/v1/programs/",
    "/api/v1/funders/",
    "/api/v1/agreements/",
    "/api/v1/deliverables/",
    "/api/v1/participants/",
    "/api/v1/enrollments/",
    "/api/v1/interventions/",
    "/api/v1/activities/",
    "/api/v1/committees/",
    "/api/v1/services/",
    "/api/v1/indicators/",
    "/api/v1/branding/",
    "/api/v1/auth/token/",
}


def schema_of(host: str) -> dict:
    response = Client(HTTP_HOST=host).get("/api/v1/schema/?format=json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_region_schema_is_valid_openapi_with_every_contract_path():
    schema = schema_of("alpha.localhost")
    validate(schema)
    assert REGION_PATHS <= set(schema["paths"])
    assert not any(path.startswith("/api/v1/platform/") for path in schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_platform_schema_is_valid_and_has_platform_paths_only():
    schema = schema_of("localhost")
    validate(schema)
    assert {"/api/v1/platform/regions/", "/api/v1/auth/token/"} <= set(schema["paths"])
    assert "/api/v1/partners/" not in schema["paths"]


def test_every_operation_documents_its_errors():
    schema = schema_of("alpha.localhost")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("security") not in ([], [{}]):
                assert {"401", "403"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put", "patch"):
                assert "400" in responses, (method, path)


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost"])
def test_docs_page_uses_local_assets_only(host):
    response = Client(HTTP_HOST=host).get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/" in html
    # every script, stylesheet and icon is served by this host (the page also carries a random
    # CSRF token, so no substring test on the whole page)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    # the start-up script is served by the docs view itself (no inline script: CSP)
    assert all(asset.startswith(("/static/", "/api/v1/docs/?script=")) for asset in assets), assets
    assert not re.search(r"https?://", html)


@pytest.mark.parametrize("urlconf", ["config.urls_tenants", "config.urls_public"])
def test_schema_generation_has_no_warning(urlconf):
    """A warning (an enum named by a hash, a field whose type is guessed) is a schema that clients
    would see change shape from one release to the next."""
    from django.core.management import call_command

    call_command("spectacular", urlconf=urlconf, validate=True, fail_on_warn=True, file="/dev/null")
