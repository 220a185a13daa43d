"""The back office writes through core.services: one audit event per change of a person's file,
and a rule the service enforces shows as an error on its field instead of a 500."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from core import models as m
from tests.core.test_admin import _login
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def _form_data(response) -> dict:
    """What the browser would post back: every form of the page (inlines too) as rendered."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, dt.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)
    return data


def _in(region, build):
    connection.set_tenant(region)
    try:
        return build()
    finally:
        connection.set_schema_to_public()


def _trail(region):
    return _in(
        region,
        lambda: list(m.AuditEvent.objects.order_by("id").values_list("action", "participant_code", "detail")),
    )


def test_a_participant_change_through_the_admin_is_one_audit_event(region_a, client_a):
    identity = _in(region_a, lambda: f.ParticipantIdentityFactory(first_name="Camille"))
    person = identity.participant
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_participant_change", args=[person.pk])
    data = _form_data(client_a.get(url))
    data.update({"city": "Alma", "identity-0-first_name": "Dominique"})
    response = client_a.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # the page's view, then one update for the file and its identity together, by the service
    assert _trail(region_a) == [
        ("view", person.code, {"context": "admin"}),
        ("update", person.code, {"fields": ["city", "identity.first_name"]}),
    ]
    saved = _in(region_a, lambda: m.ParticipantIdentity.objects.select_related("participant").get())
    assert (saved.first_name, saved.participant.city) == ("Dominique", "Alma")


def test_a_rule_of_the_service_is_a_form_error_not_a_500(region_a, client_a):
    person = _in(
        region_a,
        lambda: (
            f.ParticipantIdentityFactory(
                participant=f.ParticipantFactory(
                    journey_step=m.JourneyStep.SETTLED, settled_on=dt.date(2024, 9, 1)
                )
            ).participant
        ),
    )
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_participant_change", args=[person.pk])
    data = _form_data(client_a.get(url))
    data["journey_step"] = m.JourneyStep.EXPLORATORY_STAY  # backwards: participant_update refuses
    response = client_a.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["journey_step"]
    assert "avance seulement" in errors["journey_step"][0]
    assert _in(region_a, lambda: m.Participant.objects.get().journey_step) == m.JourneyStep.SETTLED
    assert [action for action, _code, _detail in _trail(region_a)] == ["view"]  # no update recorded


def test_a_refusal_on_an_inline_shows_on_that_inline(region_a, client_a):
    person = _in(region_a, lambda: f.ParticipantIdentityFactory().participant)
    closed = _in(region_a, lambda: f.ProgramFactory(is_active=False))
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_participant_change", args=[person.pk])
    data = _form_data(client_a.get(url))
    # an enrollment in a program no longer offered: participant_enroll refuses it
    data.update(
        {
            "enrollments-TOTAL_FORMS": "1",
            "enrollments-0-program": str(closed.pk),
            "enrollments-0-status": m.EnrollmentStatus.APPLIED,
            "enrollments-0-applied_on": "2024-06-01",
        }
    )
    response = client_a.post(url, data)
    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "enrollments"
    )
    assert formset.forms[0].errors == {"program": ["Ce programme n'est plus offert."]}
    assert _in(region_a, lambda: m.Enrollment.objects.count()) == 0


def test_adding_through_the_admin_uses_the_create_service(region_a, client_a):
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_partner_add")
    data = _form_data(client_a.get(url))
    data.update({"name": "Place aux jeunes", "kind": m.PartnerKind.COMMUNITY})
    data.update(
        {
            "service_points-TOTAL_FORMS": "1",
            "service_points-0-name": "Bureau",
            "service_points-0-address": "1 rue",
            "service_points-0-city": "Alma",
        }
    )
    assert client_a.post(url, data).status_code == 302
    partner = _in(
        region_a, lambda: m.Partner.objects.prefetch_related("service_points").get(name="Place aux jeunes")
    )
    assert [point.name for point in partner.service_points.all()] == ["Bureau"]


def test_an_agreement_without_parties_is_refused_by_its_service(region_a, client_a):
    funder = _in(region_a, lambda: f.FunderFactory())
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_agreement_add")
    data = _form_data(client_a.get(url))
    data.update(
        {
            "title": "Entente nouvelle",
            "kind": m.AgreementKind.ADMINISTRATIVE,
            "status": m.AgreementStatus.SIGNED,
        }
    )
    response = client_a.post(url, data)
    assert response.status_code == 200
    assert "au moins une partie" in str(response.context["adminform"].form.non_field_errors())
    data.update(
        {"parties-TOTAL_FORMS": "1", "parties-0-funder": str(funder.pk), "parties-0-role": "signatory"}
    )
    assert client_a.post(url, data).status_code == 302
    assert _in(region_a, lambda: list(m.Agreement.objects.values_list("title", "parties__funder"))) == [
        ("Entente nouvelle", funder.pk)
    ]


def test_deleting_an_intervention_from_the_admin_is_audited_and_nothing_else_is_deletable(region_a, client_a):
    intervention = _in(region_a, lambda: f.InterventionFactory())
    _login(client_a, "admin@alpha.test")
    url = reverse("admin:core_intervention_delete", args=[intervention.pk])
    assert client_a.post(url, {"post": "yes"}).status_code == 302
    assert _trail(region_a) == [("delete", intervention.participant.code, {})]
    person = intervention.participant
    assert client_a.get(reverse("admin:core_participant_delete", args=[person.pk])).status_code == 403


def test_every_page_of_the_back_office_opens_with_the_services_fields(region_a, client_a):
    from django.contrib import admin

    from tests.core.test_admin import CORE_MODELS, _some_data

    _some_data(region_a)
    _login(client_a, "admin@alpha.test")
    for model in CORE_MODELS:
        model_admin = admin.site._registry[model]
        name = model._meta.model_name
        # add pages exist only where a create service does
        expected = 200 if getattr(model_admin, "create_service", None) is not None else 403
        assert client_a.get(reverse(f"admin:core_{name}_add")).status_code == expected, name
        pk = _in(region_a, lambda model=model: model.objects.values_list("pk", flat=True).first())
        assert client_a.get(reverse(f"admin:core_{name}_change", args=[pk])).status_code == 200, name
