"""The region's back office: every core model is listed and editable by region staff only."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from core import models as m
from tests.conftest import TEST_PASSWORD
from tests.factories import core as f

pytestmark = pytest.mark.django_db

CORE_MODELS = [model for model in admin.site._registry if model._meta.app_label == "core"]


def _login(client, email: str, *, expect: bool = True) -> None:
    # through the region's host, so the login happens in the region's schema
    response = client.post("/admin/login/?next=/admin/", {"username": email, "password": TEST_PASSWORD})
    assert ("_auth_user_id" in client.session) is expect, response.status_code


def _some_data(region):
    connection.set_tenant(region)
    agreement = f.AgreementFactory()
    f.AgreementPartyFactory(agreement=agreement)
    f.DeliverableFactory(agreement=agreement)
    f.IndicatorTargetFactory(agreement=agreement)
    enrollment = f.EnrollmentFactory()
    f.ParticipantIdentityFactory(participant=enrollment.participant)
    f.ConsentFactory(participant=enrollment.participant)
    f.InterventionFactory(participant=enrollment.participant, enrollment=enrollment)
    f.EnrollmentStatusChangeFactory(enrollment=enrollment)
    f.RetentionFollowUpFactory()
    f.ActivityReachFactory()
    f.ActivityAttendanceFactory()
    f.CommitteeMeetingFactory()
    f.ServiceFactory()
    f.ObjectiveFactory(program=None, strategy=f.StrategyFactory())
    f.TeamMemberFactory(service_point=f.ServicePointFactory())
    f.FunderFactory()
    # Rows only services write: opening hours, an import and a report job.
    from accounts.models import Role, User
    from core import services

    admin_user = User.objects.filter(role=Role.REGION_ADMIN).first()
    services.schedule_add(
        service_point=f.ServicePointFactory(), weekdays=["MO"], opens_at=dt.time(9), closes_at=dt.time(17)
    )
    batch = services.import_check(
        actor=admin_user,
        kind="partners",
        file_name="p.csv",
        content="Nom;Type\nOrganisme importé;Autre\n".encode(),
    )
    services.import_commit(batch=batch, actor=admin_user)
    services.report_job_create(actor=admin_user, report="annual", format="pdf", params={})
    from core.services.incidents import incident_record
    from core.services.retention import privacy_settings_update

    incident_record(
        actor=admin_user,
        discovered_on=dt.date(2026, 3, 2),
        description="Un portable volé.",
        people_concerned="Dossiers d'Alma",
        people_count=3,
        information_concerned="Numéros de dossier",
        serious_injury_risk=False,
        risk_assessment="Chiffré.",
    )
    privacy_settings_update(actor=admin_user, retention_years=5, audit_retention_months=36)
    connection.set_schema_to_public()
    return enrollment


def test_every_core_model_is_registered():
    registered = {model.__name__ for model in CORE_MODELS}
    from django.apps import apps

    assert registered == {model.__name__ for model in apps.get_app_config("core").get_models()}


def test_region_admin_lists_and_opens_every_model(region_a, client_a):
    enrollment = _some_data(region_a)
    _login(client_a, "admin@alpha.test")
    for model in CORE_MODELS:
        url = reverse(f"admin:core_{model._meta.model_name}_changelist")
        response = client_a.get(url)
        assert response.status_code == 200, url
    page = client_a.get(reverse("admin:core_participant_change", args=[enrollment.participant.pk]))
    assert page.status_code == 200
    assert "Fictif-" in page.content.decode()  # identity on the person's own page
    listing = client_a.get(reverse("admin:core_participant_changelist")).content.decode()
    assert "Fictif-" not in listing  # never in lists
    agreement_page = client_a.get(
        reverse("admin:core_agreement_change", args=[m_first(region_a, m.Agreement)])
    )
    assert "parties-TOTAL_FORMS" in agreement_page.content.decode()
    assert "deliverables-TOTAL_FORMS" in agreement_page.content.decode()


def m_first(region, model):
    connection.set_tenant(region)
    pk = model.objects.values_list("pk", flat=True).first()
    connection.set_schema_to_public()
    return pk


def test_agents_and_funders_have_no_back_office(region_a, client_a):
    connection.set_tenant(region_a)
    f.UserFactory(email="agent@alpha.test", role="agent", is_staff=True)
    f.UserFactory(email="funder@alpha.test", role="funder", is_staff=False)
    connection.set_schema_to_public()
    _login(client_a, "agent@alpha.test", expect=True)
    assert client_a.get(reverse("admin:core_participant_changelist")).status_code == 403
    client_a.logout()
    _login(client_a, "funder@alpha.test", expect=False)
    response = client_a.get(reverse("admin:core_participant_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_region_admin_cannot_open_another_regions_rows(region_a, region_b, client_a):
    connection.set_tenant(region_b)
    agreement = f.AgreementFactory(title="Entente de Bêta")
    connection.set_schema_to_public()
    _login(client_a, "admin@alpha.test")
    response = client_a.get(reverse("admin:core_agreement_change", args=[agreement.pk]))
    # the admin redirects to its index with "does not exist" for a row it does not have
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert "Entente de Bêta" not in client_a.get(reverse("admin:core_agreement_changelist")).content.decode()


def test_back_office_logs_who_opened_and_changed_personal_information(region_a, client_a):
    connection.set_tenant(region_a)
    identity = f.ParticipantIdentityFactory(first_name="Camille")
    participant = identity.participant
    connection.set_schema_to_public()
    _login(client_a, "admin@alpha.test")
    # opening the participant's page and the identity's page shows names: both are logged
    assert client_a.get(reverse("admin:core_participant_change", args=[participant.pk])).status_code == 200
    page = client_a.get(reverse("admin:core_participantidentity_change", args=[identity.pk]))
    assert page.status_code == 200
    # changing the name is logged with the fields changed, never their values
    form = {
        "participant": participant.pk,
        "first_name": "Dominique",
        "last_name": identity.last_name,
        "birth_date": identity.birth_date.isoformat(),
        "email": identity.email,
        "phone": identity.phone,
    }
    saved = client_a.post(reverse("admin:core_participantidentity_change", args=[identity.pk]), form)
    assert saved.status_code == 302
    # the list shows file numbers only: opening it logs nothing
    assert client_a.get(reverse("admin:core_participant_changelist")).status_code == 200
    connection.set_tenant(region_a)
    trail = list(m.AuditEvent.objects.order_by("id").values_list("action", "participant_code", "detail"))
    assert trail == [
        ("view", participant.code, {"context": "admin"}),
        ("view", participant.code, {"context": "admin"}),
        ("update", participant.code, {"fields": ["first_name"]}),
    ]
