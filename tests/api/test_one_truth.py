"""Issue 8's contract: one funder rule everywhere, one audit event per write on a person's file
(inside the write's transaction), and every field the API accepts reaches the database or is
refused with its name."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models

from accounts.models import Role
from core import access, services
from core.models import ActivityReach, AgreementKind, AuditAction, AuditEvent, Participant

pytestmark = pytest.mark.django_db


def _ids(client, path: str, key: str = "id") -> set:
    body = client.get(path).json()
    return {row[key] for row in body["results"]}


# --- one funder rule ------------------------------------------------------------------------------


def test_a_funder_sees_the_same_agreements_through_every_endpoint_and_indicator(api, world, region_a):
    funder = api.user(Role.FUNDER)
    connection.set_tenant(region_a)
    # Another funder's agreement covering a program this funder funds: another funder's contract.
    covering = services.agreement_create(
        title="Entente d'un autre bailleur",
        kind=AgreementKind.FUNDING,
        parties=[{"funder": world.other_funder}],
        programs=[world.program],
    )
    services.deliverable_create(agreement=covering, title="Livrable d'un autre bailleur")
    scoped = set(access.agreement_for_actor(actor=funder).values_list("pk", flat=True))
    report = access.indicators_for_actor(actor=funder)
    from_core_indicators = {row["id"] for row in report["agreements"]}
    programs = set(access.program_for_actor(actor=funder).values_list("pk", flat=True))
    connection.set_schema_to_public()

    assert scoped == {world.agreement.pk}
    client = api(Role.FUNDER)
    indicators = client.get("/api/v1/indicators/").json()
    assert _ids(client, "/api/v1/agreements/") == scoped
    assert _ids(client, "/api/v1/deliverables/", "agreement") == scoped
    assert {row["id"] for row in indicators["agreements"]} == scoped == from_core_indicators
    assert client.get(f"/api/v1/agreements/{covering.pk}/").status_code == 404
    # every indicator is computed over the programs the funder sees, and no others
    assert set(indicators["program_ids"]) == set(report["program_ids"]) == programs == {world.program.pk}
    assert _ids(client, "/api/v1/programs/") == programs
    # a program the funder does not see is refused, not silently widened
    response = client.get(f"/api/v1/indicators/?program={world.other_program.pk}")
    assert response.status_code == 400
    assert "program" in response.json()["fields"]


def test_indicators_for_actor_refuses_agents(world, region_a, api):
    from django.core.exceptions import PermissionDenied

    agent = api.user(Role.AGENT)
    connection.set_tenant(region_a)
    with pytest.raises(PermissionDenied):
        access.indicators_for_actor(actor=agent)


# --- one audit event per write, inside its transaction ---------------------------------------------


def _actions(region, code: str) -> list[str]:
    connection.set_tenant(region)
    actions = list(
        AuditEvent.objects.filter(participant_code=code).order_by("pk").values_list("action", flat=True)
    )
    connection.set_schema_to_public()
    return actions


def test_create_edit_export_erase_each_leave_exactly_one_audit_event(api, world, region_a):
    staff = api(Role.REGION_ADMIN)
    response = staff.post(
        "/api/v1/participants/",
        {
            "intake_date": "2024-06-03",
            "age_group": "25_29",
            "gender": "woman",
            "agent": world.agent_member.pk,
            "identity": {"first_name": "Léa", "last_name": "Fictive"},
            "consent": {"given_on": "2024-06-03"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person = response.json()
    code, url = person["code"], f"/api/v1/participants/{person['id']}/"
    assert _actions(region_a, code) == [AuditAction.CREATE]

    response = staff.patch(url, {"city": "Roberval", "identity": {"phone": "418-555-0101"}}, format="json")
    assert response.status_code == 200, response.content
    assert _actions(region_a, code) == [AuditAction.CREATE, AuditAction.UPDATE]

    assert staff.get(url + "export/").status_code == 200
    assert _actions(region_a, code)[-1] == AuditAction.EXPORT
    assert len(_actions(region_a, code)) == 3

    assert staff.post(url + "erase/", {"reason": "Demande écrite"}, format="json").status_code == 200
    assert _actions(region_a, code) == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.EXPORT,
        AuditAction.ERASE,
    ]
    connection.set_tenant(region_a)
    event = AuditEvent.objects.filter(participant_code=code, action=AuditAction.UPDATE).get()
    assert event.actor_email == api.user(Role.REGION_ADMIN).email
    assert event.detail == {"fields": ["city", "identity.phone"]}


def test_a_refused_write_leaves_no_audit_event(api, world, region_a):
    staff = api(Role.REGION_ADMIN)
    url = f"/api/v1/participants/{world.participant.pk}/"
    before = _actions(region_a, world.participant.code)
    response = staff.patch(url, {"origin_kind": "abroad", "origin_country": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "origin_country_required"
    response = staff.post(
        "/api/v1/participants/",
        {
            "intake_date": "2024-06-03",
            "age_group": "25_29",
            "gender": "woman",
            "identity": {"first_name": "A", "last_name": "B"},
        },
        format="json",
    )
    assert response.json()["code"] == "consent_required"
    assert _actions(region_a, world.participant.code) == before
    connection.set_tenant(region_a)
    assert (
        not AuditEvent.objects.filter(action=AuditAction.CREATE)
        .exclude(participant_code__in=[world.participant.code, world.other_participant.code])
        .exists()
    )


def test_the_audit_event_is_written_inside_the_write(api, world, region_a, monkeypatch):
    """If the audit record cannot be written, the change is not written either."""

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("core.services.participants.audit_record", broken)
    staff = api(Role.REGION_ADMIN)
    with pytest.raises(RuntimeError):
        staff.patch(f"/api/v1/participants/{world.participant.pk}/", {"city": "Dolbeau"}, format="json")
    connection.set_tenant(region_a)
    assert Participant.objects.get(pk=world.participant.pk).city == "Alma"


def test_withdrawal_of_consent_is_audited_by_its_service(world, region_a, api):
    user = api.user(Role.COORDINATOR)
    connection.set_tenant(region_a)
    services.participant_consent_withdraw(
        participant=world.participant, withdrawn_on=dt.date(2024, 6, 2), actor=user
    )
    event = AuditEvent.objects.filter(participant_code=world.participant.code).latest("pk")
    assert (event.action, event.actor_email) == (AuditAction.CONSENT_WITHDRAW, user.email)


# --- every field the API accepts reaches the database or is refused by name ---------------------


def test_a_journey_date_alone_reaches_the_database(api, world, region_a):
    staff = api(Role.REGION_ADMIN)
    url = f"/api/v1/participants/{world.participant.pk}/"
    response = staff.patch(
        url, {"journey_step": "exploratory_stay", "exploratory_stay_on": "2024-06-10"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert staff.patch(url, {"exploratory_stay_on": "2024-06-12"}, format="json").status_code == 200
    # a date for a step not reached is refused with its name
    response = staff.patch(url, {"settled_on": "2024-07-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "journey_step_not_reached"
    assert list(response.json()["fields"]) == ["settled_on"]
    # a step without its date is refused naming the date
    response = staff.patch(url, {"journey_step": "settled"}, format="json")
    assert (response.json()["code"], list(response.json()["fields"])) == (
        "journey_date_required",
        ["settled_on"],
    )
    connection.set_tenant(region_a)
    participant = Participant.objects.get(pk=world.participant.pk)
    assert (participant.journey_step, participant.exploratory_stay_on) == (
        "exploratory_stay",
        dt.date(2024, 6, 12),
    )
    assert participant.settled_on is None


def test_consent_in_the_future_is_the_services_rule(world, region_a):
    from core.errors import ApplicationError

    connection.set_tenant(region_a)
    with pytest.raises(ApplicationError) as caught:
        services.participant_consent_record(
            participant=world.participant,
            given_on=dt.date.today() + dt.timedelta(days=30),
            purpose_statistics=True,
        )
    assert (caught.value.code, caught.value.field) == ("consent_in_future", "consent")


RESOURCES = {
    "partners": "partner",
    "service-points": "service_point",
    "funders": "funder",
    "programs": "program",
    "team-members": "agent_member",
    "committees": "committee",
    "services": "service",
    "agreements": "agreement",
    "deliverables": "deliverable",
    "activities": "activity",
    "interventions": "intervention",
    "participants": "participant",
}
# Values that the generic rule below cannot guess.
NESTED = {
    ("participants", "identity"): {"phone": "418-555-0199"},
    ("participants", "consent"): {"given_on": "2024-06-01"},
    ("participants", "journey_step"): "exploring",
    ("activities", "reach"): [{"age_band": "25_29", "headcount": 3}],
    ("agreements", "parties"): [{"funder": None, "partner": None, "contribution": "1"}],
}


def _new_value(obj, field):
    """A valid value, different from the current one, for a model field."""
    current = getattr(obj, field.attname, None)
    if field.many_to_many:
        related = field.related_model.objects.exclude(pk__in=getattr(obj, field.name).values("pk"))
        return [related.first().pk] if related.exists() else []
    if field.is_relation:
        other = field.related_model.objects.exclude(pk=current).first()
        return other.pk if other else None
    if field.choices:
        return next(value for value, _label in field.flatchoices if value != current and value != "")
    if isinstance(field, models.BooleanField):
        return not current
    if isinstance(field, models.DateField):
        return "2024-07-15" if current != dt.date(2024, 7, 15) else "2024-07-16"
    if isinstance(field, models.DecimalField):
        return "47.5"
    if isinstance(field, models.IntegerField):
        return 30 if current != 30 else 31
    if isinstance(field, models.EmailField):
        return "nouveau@example.test"
    if isinstance(field, models.URLField):
        return "https://example.test/nouveau"
    if isinstance(field, ArrayField):
        return ["fr", "es"]
    return f"Nouveau {field.name}"[: field.max_length or 100]


def _stored(obj, field, sent) -> bool:
    obj.refresh_from_db()
    if field.many_to_many:
        return set(getattr(obj, field.name).values_list("pk", flat=True)) == set(sent)
    value = getattr(obj, field.attname)
    if isinstance(field, models.DateField) and value is not None:
        return value.isoformat() == sent
    if isinstance(field, models.DecimalField) and value is not None:
        return value == Decimal(sent)
    return value == sent


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_every_writable_field_reaches_the_database_or_is_refused_by_name(api, world, region_a, resource):
    from api.urls import router  # the registry of every endpoint

    viewset = next(entry[1] for entry in router.registry if entry[0] == resource)
    serializer = viewset.serializer_class()
    writable = sorted(name for name, f in serializer.fields.items() if not f.read_only)
    assert writable, resource
    staff = api(Role.REGION_ADMIN)
    obj = getattr(world, RESOURCES[resource])
    url = f"/api/v1/{resource}/{obj.pk}/"
    for name in writable:
        connection.set_tenant(region_a)
        model_field = (
            obj._meta.get_field(serializer.fields[name].source) if (resource, name) not in NESTED else None
        )
        value = NESTED.get((resource, name)) if model_field is None else _new_value(obj, model_field)
        connection.set_schema_to_public()
        response = staff.patch(url, {name: value}, format="json")
        assert response.status_code in (200, 400), (resource, name, response.content)
        if response.status_code == 400:
            assert name in response.json().get("fields", {}), (resource, name, response.json())
            continue
        connection.set_tenant(region_a)
        if model_field is not None:
            assert _stored(obj, model_field, value), (resource, name, value)
        elif (resource, name) == ("participants", "identity"):
            assert Participant.objects.get(pk=obj.pk).identity.phone == value["phone"]
        elif (resource, name) == ("activities", "reach"):
            assert ActivityReach.objects.get(activity=obj, age_band="25_29").headcount == 3
        elif (resource, name) == ("participants", "journey_step"):
            assert Participant.objects.get(pk=obj.pk).journey_step == value
        else:
            pytest.fail(f"{resource}.{name} was accepted: say how it reaches the database")
        connection.set_schema_to_public()


def test_the_funder_report_costs_no_queries_per_agreement(api, world, region_a):
    """Agreements and their targets come with the scoped queryset's prefetch, and an actual shared
    by several agreements (same indicator, programs and period) is computed once."""
    from django.test.utils import CaptureQueriesContext

    client = api(Role.REGION_ADMIN)
    client.get("/api/v1/indicators/")  # warm: the host's route and billing account are read once
    with CaptureQueriesContext(connection) as before:
        assert client.get("/api/v1/indicators/").status_code == 200
    connection.set_tenant(region_a)
    for n in range(4):
        agreement = services.agreement_create(
            title=f"Entente {n}",
            kind=AgreementKind.FUNDING,
            parties=[{"funder": world.funder}],
            programs=[world.program],
            start_date=world.agreement.start_date,
            end_date=world.agreement.end_date,
        )
        services.indicator_target_set(
            agreement=agreement, indicator="successful_migrations", target=10, program=world.program
        )
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as after:
        body = client.get("/api/v1/indicators/").json()
    assert len(body["agreements"]) == 6
    assert len(after.captured_queries) == len(before.captured_queries)
