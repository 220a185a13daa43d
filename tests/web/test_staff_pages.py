"""Staff pages: each role sees what the API lets it see, writes go through core.services, bad
input comes back with per-field errors and what was typed, and region A's ids are 404 on B."""

import datetime as dt

import pytest
from django.db import connection

from core.models import ActivityAttendance, AuditEvent, Intervention, Participant, Partner
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def in_region(region, query):
    connection.set_tenant(region)
    try:
        return query()
    finally:
        connection.set_schema_to_public()


@pytest.mark.parametrize(
    "path",
    [
        "/tableau-de-bord/",
        "/partenaires/",
        "/points-de-service/",
        "/equipe/",
        "/comites/",
        "/programmes/",
        "/ententes/",
        "/participants/",
        "/participants/accueil/",
        "/activites/",
        "/interventions/nouvelle/",
    ],
)
@pytest.mark.parametrize("role", ["region_admin", "coordinator", "agent"])
def test_staff_pages_answer_in_french_and_english(web, path, role):
    page = web(role).get(path)
    assert page.status_code == 200, path
    assert '<html lang="fr-ca">' in page.content.decode()
    english = web(role)
    english.cookies["django_language"] = "en"
    page = english.get(path)
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()
    assert "Log out" in page.content.decode()


def test_agent_caseload_lists_only_their_own_participants(web, world):
    html = web("agent").get("/participants/").content.decode()
    assert world.participant.code in html
    assert "Fictive Personne" in html
    assert world.other_participant.code not in html
    assert "1 résultat" in html


def test_coordinator_sees_every_participant(web, world):
    html = web("coordinator").get("/participants/").content.decode()
    assert world.participant.code in html
    assert world.other_participant.code in html


def test_showing_names_is_logged_law25(web, region_a, world):
    web("agent").get("/participants/")
    events = in_region(
        region_a,
        lambda: list(
            AuditEvent.objects.filter(detail__context="web-list").values_list("participant_code", flat=True)
        ),
    )
    assert events == [world.participant.code]


def test_agent_cannot_open_another_agents_participant(web, world):
    assert web("agent").get(f"/participants/{world.other_participant.pk}/").status_code == 404
    assert web("agent").get(f"/participants/{world.participant.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/participants/", "/tableau-de-bord/", "/interventions/nouvelle/", "/equipe/", "/comites/"]
)
def test_funder_never_reaches_people_or_team(web, path):
    assert web("funder").get(path).status_code == 403


def test_region_a_ids_are_404_on_region_b(region_b, admin_b, world):
    client = login(region_b, admin_b)
    for path in (
        f"/participants/{world.participant.pk}/",
        f"/partenaires/{world.partner.pk}/",
        f"/partenaires/{world.partner.pk}/modifier/",
        f"/programmes/{world.program.pk}/",
        f"/ententes/{world.agreement.pk}/",
        f"/activites/{world.activity.pk}/",
        f"/participants/{world.participant.pk}/export/",
    ):
        assert client.get(path).status_code == 404, path


def test_list_search_filter_sort_and_bad_filter(web, world):
    client = web("coordinator")
    html = client.get("/partenaires/?search=usine").content.decode()
    assert "Usine Test" in html
    assert "CJE Test" not in html
    html = client.get("/partenaires/?kind=company").content.decode()
    assert "Usine Test" in html
    assert "CJE Test" not in html
    html = client.get("/partenaires/?ordering=-name").content.decode()
    assert html.index("Usine Test") < html.index("CJE Test")
    bad = client.get("/partenaires/?kind=volcan")
    assert bad.status_code == 400
    assert "Sélectionnez un choix valide" in bad.content.decode()
    bad = client.get("/partenaires/?ordering=password")
    assert bad.status_code == 400
    assert "Tri impossible sur : password." in bad.content.decode()


def test_participant_list_runs_a_fixed_number_of_queries(web, world, region_a, django_assert_max_num_queries):
    client = web("coordinator")
    client.get("/participants/")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/participants/")
    from core import services
    from core.models import AgeGroup, Gender

    connection.set_tenant(region_a)
    for n in range(5):
        services.participant_intake(
            intake_date=dt.date(2024, 6, 1),
            age_group=AgeGroup.AGE_20_24,
            gender=Gender.MAN,
            identity={"first_name": f"Extra{n}", "last_name": "Fictif"},
            consent={"given_on": dt.date(2024, 6, 1)},
        )
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as many:
        client.get("/participants/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_partner_form_keeps_input_and_shows_field_errors(web, region_a):
    client = web("coordinator")
    response = client.post("/partenaires/ajouter/", {"name": "", "kind": "community", "city": "Alma"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'value="Alma"' in html
    assert in_region(region_a, lambda: Partner.objects.filter(city="Alma").count()) == 0


def test_partner_form_errors_in_english(web):
    client = web("coordinator")
    client.cookies["django_language"] = "en"
    response = client.post("/partenaires/ajouter/", {"name": "", "kind": "community"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_partner_created_through_the_service_and_duplicate_refused(web, region_a, world):
    client = web("coordinator")
    response = client.post("/partenaires/ajouter/", {"name": "Municipalité d'Alma", "kind": "municipality"})
    assert response.status_code == 302
    created = in_region(region_a, lambda: Partner.objects.get(name="Municipalité d'Alma"))
    assert response["Location"] == f"/partenaires/{created.pk}/"
    duplicate = client.post("/partenaires/ajouter/", {"name": "cje test", "kind": "community"})
    assert duplicate.status_code == 400
    assert "Un organisme porte déjà ce nom." in duplicate.content.decode()


def test_agent_may_not_add_partners(web):
    assert web("agent").get("/partenaires/ajouter/").status_code == 403
    assert web("funder").post("/partenaires/ajouter/", {"name": "X", "kind": "mrc"}).status_code == 403


def test_quick_intervention_log_then_hours_on_the_dashboard(web, region_a, world):
    client = web("agent")
    before = client.get("/tableau-de-bord/").content.decode()
    today = dt.date.today().isoformat()
    response = client.post(
        "/interventions/nouvelle/",
        {"participant": world.participant.pk, "date": today, "minutes": 45, "mode": "individual"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert (
        f"Intervention de 45 min consignée pour le dossier {world.participant.code}."
        in response.content.decode()
    )
    logged = in_region(region_a, lambda: Intervention.objects.get(minutes=45))
    assert logged.agent_id == world.agent_member.pk
    after = client.get("/tableau-de-bord/").content.decode()
    assert "Mes heures d&#x27;intervention" in after or "Mes heures d'intervention" in after
    assert "0,8" in after
    assert "0,8" not in before.split("Mes heures")[1][:200]


def test_quick_intervention_refused_keeps_what_was_typed(web, world):
    response = web("agent").post(
        "/interventions/nouvelle/",
        {"participant": world.participant.pk, "date": "2024-06-02", "minutes": 0, "mode": "individual"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "La durée doit être de 1 à 1 440 minutes." in html
    assert 'value="2024-06-02"' in html


def test_agent_cannot_log_for_someone_elses_participant(web, world):
    response = web("agent").post(
        "/interventions/nouvelle/",
        {
            "participant": world.other_participant.pk,
            "date": "2024-06-02",
            "minutes": 30,
            "mode": "individual",
        },
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_intake_records_consent_and_the_agent(web, region_a, world):
    response = web("agent").post(
        "/participants/accueil/",
        {
            "first_name": "Nouvelle",
            "last_name": "Arrivante",
            "intake_date": "2024-07-01",
            "age_group": "25_29",
            "gender": "woman",
            "education": "unknown",
            "immigration_status": "unknown",
            "origin_kind": "unknown",
            "given_on": "2024-07-01",
            "method": "written",
            "purpose_follow_up": "on",
        },
    )
    assert response.status_code == 302
    participant = in_region(
        region_a, lambda: Participant.objects.select_related("identity").get(identity__first_name="Nouvelle")
    )
    assert participant.has_consent
    assert participant.agent_id == world.agent_member.pk


def test_intake_without_a_purpose_is_refused_on_the_consent(web):
    response = web("agent").post(
        "/participants/accueil/",
        {
            "first_name": "Sans",
            "last_name": "Fin",
            "intake_date": "2024-07-01",
            "age_group": "25_29",
            "gender": "woman",
            "education": "unknown",
            "immigration_status": "unknown",
            "origin_kind": "unknown",
            "given_on": "2024-07-01",
            "method": "written",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Un consentement doit viser au moins une fin." in html
    assert 'value="Sans"' in html


def test_law25_actions_by_role(web, region_a, world):
    assert web("agent").get(f"/participants/{world.participant.pk}/export/").status_code == 403
    assert (
        web("agent").post(f"/participants/{world.participant.pk}/effacement/", {"reason": "x"}).status_code
        == 403
    )
    export = web("coordinator").get(f"/participants/{world.participant.pk}/export/")
    assert export.status_code == 200
    assert export.json()["identity"]["first_name"] == "Fictive"
    refused = web("coordinator").post(f"/participants/{world.participant.pk}/effacement/", {"reason": ""})
    assert refused.status_code == 400
    erased = web("coordinator").post(
        f"/participants/{world.participant.pk}/effacement/", {"reason": "Demande écrite de la personne"}
    )
    assert erased.status_code == 302
    assert in_region(region_a, lambda: Participant.objects.get(pk=world.participant.pk).erased_on) is not None


def test_agent_withdraws_consent(web, region_a, world):
    response = web("agent").post(
        f"/participants/{world.participant.pk}/retrait/", {"withdrawn_on": "2024-06-03"}
    )
    assert response.status_code == 302
    assert in_region(region_a, lambda: Participant.objects.get(pk=world.participant.pk).has_consent) is False


def test_attendance_for_the_whole_group(web, region_a, world):
    client = web("coordinator")
    page = client.get(f"/activites/{world.activity.pk}/")
    html = page.content.decode()
    # the program's enrolled people are offered on the one screen
    assert world.participant.code in html
    assert world.other_participant.code in html
    response = client.post(
        f"/activites/{world.activity.pk}/presences/",
        {
            "shown": [world.participant.pk, world.other_participant.pk],
            "present": [world.participant.pk, world.other_participant.pk],
        },
    )
    assert response.status_code == 302
    count = lambda: ActivityAttendance.objects.filter(activity_id=world.activity.pk).count()  # noqa: E731
    assert in_region(region_a, count) == 2
    client.post(
        f"/activites/{world.activity.pk}/presences/",
        {"shown": [world.participant.pk, world.other_participant.pk], "present": [world.participant.pk]},
    )
    assert in_region(region_a, count) == 1
    bad = client.post(f"/activites/{world.activity.pk}/presences/", {"shown": ["x"], "present": ["1"]})
    assert bad.status_code == 400


def test_headcounts_by_age_band(web, region_a, world):
    client = web("coordinator")
    response = client.post(
        f"/activites/{world.activity.pk}/personnes-rejointes/", {"20_24": "12", "25_29": "7"}
    )
    assert response.status_code == 302
    reach = in_region(region_a, lambda: dict(world.activity.reach.values_list("age_band", "headcount")))
    assert reach == {"20_24": 12, "25_29": 7}
    bad = client.post(f"/activites/{world.activity.pk}/personnes-rejointes/", {"20_24": "-3"})
    assert bad.status_code == 400
    assert 'value="-3"' in bad.content.decode()


def test_agent_reads_activities_but_takes_no_attendance(web, world):
    client = web("agent")
    assert client.get(f"/activites/{world.activity.pk}/").status_code == 200
    assert "Prendre les présences" not in client.get(f"/activites/{world.activity.pk}/").content.decode()
    assert client.post(f"/activites/{world.activity.pk}/presences/", {}).status_code == 403


def test_agreement_timeline_flags_late_deliverables(web, world):
    html = web("coordinator").get(f"/ententes/{world.agreement.pk}/").content.decode()
    # the deliverable was due 2024-06-01 and is still planned
    assert "Rapport annuel" in html
    assert "En retard" in html


def test_dashboard_bad_fiscal_year_is_a_field_error(web):
    response = web("coordinator").get("/tableau-de-bord/?exercice=deux-mille")
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/partenaires/",
        "/points-de-service/",
        "/equipe/",
        "/comites/",
        "/programmes/",
        "/ententes/",
        "/activites/",
    ],
)
def test_reference_lists_run_a_fixed_number_of_queries(web, region_a, world, path):
    from django.test.utils import CaptureQueriesContext

    from core import services
    from core.models import ActivityKind, AgreementKind, PartnerKind, ProgramAxis, TeamRole

    client = web("coordinator")
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    connection.set_tenant(region_a)
    for n in range(4):
        partner = services.partner_create(name=f"Organisme {n}", kind=PartnerKind.COMMUNITY)
        point = services.service_point_create(partner=partner, name=f"Point {n}", address="", city="Alma")
        program = services.program_create(
            code=f"prog-{n}", name_fr=f"Programme {n}", axis=ProgramAxis.OTHER, funders=[world.funder]
        )
        services.team_member_create(
            full_name=f"Membre {n}", role=TeamRole.OTHER, service_point=point, programs=[program]
        )
        services.committee_create(name=f"Comité {n}", kind="committee", partners=[partner])
        services.agreement_create(
            title=f"Entente {n}",
            kind=AgreementKind.PARTNERSHIP,
            parties=[{"partner": partner}],
            programs=[program],
        )
        services.activity_create(
            title=f"Activité {n}", kind=ActivityKind.KIOSK, start_date=dt.date(2024, 6, 1), reach={"20_24": 3}
        )
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many.captured_queries) == len(few.captured_queries), path


def test_program_names_follow_the_readers_language_on_every_staff_page(web, region_a, world):
    from core.models import Program

    connection.set_tenant(region_a)
    Program.objects.filter(pk=world.program.pk).update(name_en="Youth Place")
    connection.set_schema_to_public()
    pages = [
        f"/participants/{world.participant.pk}/",  # enrolments
        "/programmes/",
        f"/programmes/{world.program.pk}/",
        f"/ententes/{world.agreement.pk}/",
    ]
    client = web("region_admin")
    for path in pages:
        assert "Place aux jeunes" in client.get(path).content.decode(), path
    client.cookies["django_language"] = "en"
    for path in pages:
        html = client.get(path).content.decode()
        assert "Youth Place" in html, path
        assert "Place aux jeunes<" not in html, path
