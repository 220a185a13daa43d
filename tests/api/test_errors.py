"""Error shapes of the contract: JSON {"detail", "code"} everywhere under /api/, in fr or en."""

import json

import pytest
from django.test import Client

from accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost"])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v2/partners/", "/api/", "/api/v1/x/y/z"])
def test_unknown_api_path_is_json_404_on_both_hosts(host, path):
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ressource introuvable.", "code": "not_found"}


def test_unknown_api_path_404_in_english():
    response = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/nope/")
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_missing_trailing_slash_is_redirected_keeping_method(client_a):
    response = client_a.post("/api/v1/auth/token", {"email": "x@y.z", "password": "p"})
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/auth/token/"


@pytest.mark.parametrize(
    ("language", "detail"), [("fr", "Informations"), ("en", "Authentication credentials")]
)
def test_no_credentials_is_401_in_request_language(api, language, detail):
    response = api("anonymous", language=language).get("/api/v1/platform/regions/", HTTP_HOST="localhost")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["detail"].startswith(detail)
    assert response["WWW-Authenticate"] == "Token"


def test_malformed_json_is_400(api):
    response = api("platform_admin").generic(
        "POST", "/api/v1/platform/regions/", '{"slug": "x",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_region_user_on_platform_endpoint_is_401(api):
    # a region admin's token does not exist in the public schema
    client = api(Role.REGION_ADMIN, host="localhost")
    response = client.get("/api/v1/platform/regions/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(("path", "json_body"), [("/api/v1/partners/", True), ("/", False)])
def test_server_error_is_json_under_api_only(rf, path, json_body):
    from api.http_errors import server_error

    response = server_error(rf.get(path))
    assert response.status_code == 500
    if json_body:
        assert json.loads(response.content)["code"] == "server_error"
    else:
        assert response["Content-Type"].startswith("text/html")


def test_both_url_confs_use_the_json_server_error():
    from config import urls_public, urls_tenants

    assert urls_tenants.handler500 == urls_public.handler500 == "api.http_errors.server_error"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("core", 400),
        ("tenants", 400),
        ("billing", 502),
        ("conflict", 409),
    ],
)
def test_one_error_family_one_handler(error, status):
    """core, tenants and billing raise the same CodedError; the one handler answers each alike."""
    from api.exceptions import api_exception_handler
    from billing.errors import BillingError, BillingErrorCode
    from config.errors import CodedError
    from core.errors import ApplicationError, CommonErrorCode
    from tenants.errors import ProvisioningError, ProvisioningErrorCode

    exc = {
        "core": ApplicationError(code="program_code_taken", detail="Pris.", field="code"),
        "tenants": ProvisioningError(ProvisioningErrorCode.SLUG_TAKEN, "Pris.", "slug"),
        "billing": BillingError(BillingErrorCode.STRIPE_UNAVAILABLE, "Pris."),
        "conflict": ApplicationError(code=CommonErrorCode.CONFLICT, detail="Pris."),
    }[error]
    assert isinstance(exc, CodedError)
    response = api_exception_handler(exc, {})
    assert response.status_code == status
    expected = {"detail": "Pris.", "code": exc.code}
    if exc.field:
        expected["fields"] = {exc.field: ["Pris."]}
    assert response.data == expected
    assert type(exc.code) is str
