"""Bad input is a 400 with a message per field, in the request's language (fr or en)."""

import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db

LONG = "x" * 20_000


def post(api, path, payload, language="fr", role=Role.REGION_ADMIN):
    return api(role, language=language).post(path, payload, format="json")


def fields_of(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "fields"}
    return body["fields"]


@pytest.mark.parametrize(
    ("language", "required", "detail"),
    [
        ("fr", "Ce champ est obligatoire.", "Certaines données sont invalides"),
        ("en", "This field is required.", "Some data is invalid"),
    ],
)
def test_missing_fields_per_field_in_language(api, world, language, required, detail):
    response = post(api, "/api/v1/partners/", {}, language)
    fields = fields_of(response)
    assert fields["name"] == [required]
    assert fields["kind"] == [required]
    assert response.json()["detail"].startswith(detail)


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/partners/", {"name": LONG, "kind": "community"}, "name"),
        ("/api/v1/partners/", {"name": "Ok", "kind": "community", "description": LONG}, "description"),
        ("/api/v1/partners/", {"name": "Ok", "kind": "not-a-kind"}, "kind"),
        ("/api/v1/partners/", {"name": ["list"], "kind": "community"}, "name"),
        ("/api/v1/partners/", {"name": "Ok", "kind": "community", "endorsed_on": "hier"}, "endorsed_on"),
        ("/api/v1/partners/", {"name": "Ok", "kind": "community", "is_active": "maybe"}, "is_active"),
        ("/api/v1/programs/", {"code": "x", "name_fr": "X", "axis": "other", "age_min": "dix"}, "age_min"),
        ("/api/v1/programs/", {"code": "x", "name_fr": "X", "axis": "other", "age_min": -1}, "age_min"),
        ("/api/v1/interventions/", {"date": "2024-06-01", "minutes": -5, "mode": "group"}, "minutes"),
        ("/api/v1/interventions/", {"date": "2024-06-01", "minutes": "long", "mode": "group"}, "minutes"),
        (
            "/api/v1/interventions/",
            {"date": "2024-06-01", "minutes": 30, "notes": LONG, "mode": "group"},
            "notes",
        ),
        (
            "/api/v1/agreements/",
            {"title": "T", "kind": "funding", "parties": [{"partner": None, "funder": None}]},
            "parties",
        ),
    ],
)
def test_wrong_types_long_strings_and_bad_values_are_400(api, world, path, payload, field):
    assert field in fields_of(post(api, path, payload))


@pytest.mark.parametrize(("language", "word"), [("fr", "négati"), ("en", "negative")])
def test_negative_amount_is_400(api, world, language, word):
    payload = {
        "title": "Entente",
        "kind": "funding",
        "parties": [{"funder": world.funder.pk, "contribution": "-50000.00"}],
    }
    fields = fields_of(post(api, "/api/v1/agreements/", payload, language))
    # errors of a list item are keyed by its index
    assert fields["parties"]["0"]["contribution"]
    assert all(isinstance(message, str) for message in fields["parties"]["0"]["contribution"])
    # an activity's headcount can never be negative either
    payload = {
        "title": "Kiosque",
        "kind": "kiosk",
        "start_date": "2024-06-01",
        "reach": [{"age_band": "15_19", "headcount": -3}],
    }
    assert "reach" in fields_of(post(api, "/api/v1/activities/", payload, language))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "La fin de l'entente ne peut précéder son début."),
        ("en", "An agreement cannot end before it starts."),
    ],
)
def test_end_before_start_is_400_with_its_message(api, world, language, message):
    payload = {
        "title": "Entente",
        "kind": "funding",
        "start_date": "2024-06-01",
        "end_date": "2024-01-01",
        "parties": [{"funder": world.funder.pk}],
    }
    response = post(api, "/api/v1/agreements/", payload, language)
    fields = fields_of(response)
    messages = " ".join(
        sum((list(v) for v in fields.values() if isinstance(v, list) and v and isinstance(v[0], str)), [])
    )
    assert message.lower() in messages.lower()
    # the activity and the deliverable have the same rule
    response = post(
        api,
        "/api/v1/activities/",
        {"title": "A", "kind": "fair", "start_date": "2024-06-02", "end_date": "2024-06-01"},
        language,
    )
    assert response.status_code == 400
    response = post(
        api,
        "/api/v1/deliverables/",
        {"agreement": world.agreement.pk, "title": "L", "start_date": "2024-06-02", "due_date": "2024-06-01"},
        language,
    )
    assert response.status_code == 400


@pytest.mark.parametrize(("language", "word"), [("fr", "JSON"), ("en", "JSON parse error")])
def test_malformed_json_is_400_in_language(api, world, language, word):
    response = api(Role.REGION_ADMIN, language=language).generic(
        "POST", "/api/v1/partners/", '{"name": "x", "kind": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert word in response.json()["detail"]


def test_service_rule_is_400_with_its_code(api, world):
    # a rule that lives in core.services (one open enrollment per participant and program)
    response = post(
        api,
        "/api/v1/enrollments/",
        {"participant": world.participant.pk, "program": world.program.pk, "applied_on": "2024-06-02"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "enrollment_already_open"
    assert "program" in body["fields"]


def test_participant_intake_requires_consent_and_identity(api, world):
    payload = {"intake_date": "2024-06-01", "age_group": "25_29", "gender": "woman"}
    fields = fields_of(post(api, "/api/v1/participants/", payload, role=Role.AGENT))
    assert "identity" in fields
    payload["identity"] = {"first_name": "Nouvelle", "last_name": "Fictive"}
    response = post(api, "/api/v1/participants/", payload, role=Role.AGENT)
    # one rule, one code: the service's, whoever asks
    assert response.json()["code"] == "consent_required"
    assert "consent" in fields_of(response)


@pytest.mark.parametrize(("language", "expected"), [("fr", "Ressource introuvable."), ("en", "Not found.")])
def test_404_shape_in_language(api, world, language, expected):
    response = api(Role.REGION_ADMIN, language=language).get("/api/v1/partners/999999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": expected, "code": "not_found"}


@pytest.mark.parametrize(("language", "expected"), [("fr", "lecture seule"), ("en", "read-only")])
def test_403_shape_in_language(api, world, language, expected):
    response = api(Role.FUNDER, language=language).post("/api/v1/partners/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_role"
    assert expected in response.json()["detail"]


def test_protected_delete_is_409_not_500(api, world):
    response = api(Role.REGION_ADMIN).delete(f"/api/v1/agreements/{world.agreement.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "protected"
