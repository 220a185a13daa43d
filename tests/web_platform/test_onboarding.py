"""The onboarding wizard: its form, its rules (provisioning's own), each step reported as it
happens, the starter programs seeded in the new region only, and the link to its login page."""

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from billing.models import BillingAccount
from core.models import Funder, Objective, Program
from onboarding.starters import starter_program_list, starter_programs_seed
from tenants.models import Region

pytestmark = pytest.mark.django_db

WIZARD = "/regions/nouvelle/"


def _answers(**changes) -> dict:
    answers = {
        "slug": "gaspesie",
        "name": "Gaspésie–Îles-de-la-Madeleine",
        "admin_email": "direction@gaspesie.test",
        "primary_color": "#004b87",
        "secondary_color": "#ffcc00",
        "default_language": "fr-ca",
        "plan": "regional",
        "starters": ["place-aux-jeunes", "pasi"],
    }
    return {**answers, **changes}


def _streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_wizard_offers_the_four_starter_programs_with_funders_and_outcomes(platform):
    response = platform.get(WIZARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert [s["key"] for s in response.context["starters"]] == [
        "place-aux-jeunes",
        "pasi",
        "accompagnement-quebec",
        "accueil-universel",
    ]
    for text in (
        "Place aux jeunes en région",
        "PASI",
        "Accompagnement Québec",
        "Accueil universel",
        "SAJ",
        "PSCJE",
    ):
        assert text in html
    assert "Migrations réussies ; Migrations parallèles" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "alpha"}, "slug", "L'identifiant « alpha » est déjà utilisé par une autre région."),
        ({"slug": "admin"}, "slug", "L'identifiant « admin » est réservé par la plateforme."),
        ({"slug": "Pas Bon"}, "slug", "L'identifiant doit compter de 3 à 40 caractères"),
        ({"admin_email": "pas-un-courriel"}, "admin_email", "Saisissez une adresse de courriel valide."),
        ({"primary_color": "bleu"}, "primary_color", "Saisissez une valeur valide."),
        ({"plan": "platine"}, "plan", "Sélectionnez un choix valide."),
        ({"starters": ["inconnu"]}, "starters", "Sélectionnez un choix valide."),
    ],
)
def test_wizard_refuses_bad_answers_on_their_field_and_keeps_the_rest(platform, changes, field, message):
    count = Region.objects.count()
    response = platform.post(WIZARD, _answers(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    # nothing typed is lost
    assert response.context["form"]["name"].value() == "Gaspésie–Îles-de-la-Madeleine"
    assert Region.objects.count() == count


def test_wizard_onboards_the_region_step_by_step_and_links_to_its_login(platform, region_a):
    response = platform.post(WIZARD, _answers(), HTTP_HOST=f"{settings.BASE_DOMAIN}:8104")
    assert response.status_code == 200
    html = _streamed(response)
    # every step, in order, then the way in
    steps = [part.split('"', 1)[0] for part in html.split('data-step="')[1:]]
    assert steps == [
        "template",
        "schema",
        "domain",
        "admin",
        "billing",
        "invite",
        "programs",
        "done",
        "finished",
    ]
    assert "Création du schéma gaspesie" in html
    assert "Création des programmes de départ (2)" in html
    assert f'href="http://gaspesie.{settings.BASE_DOMAIN}:8104/connexion/"' in html
    assert "/compte/mot-de-passe/" in html  # the first admin's set-up link
    region = Region.objects.get(slug="gaspesie")
    assert (region.name, region.primary_color, region.secondary_color) == (
        "Gaspésie–Îles-de-la-Madeleine",
        "#004b87",
        "#ffcc00",
    )
    account = BillingAccount.objects.get(region=region)
    assert (account.plan, account.status) == ("regional", "trialing")
    # the starter programs, their funders and outcomes, in the new region's schema only
    with tenant_context(region):
        assert sorted(Program.objects.values_list("code", flat=True)) == ["pasi", "place-aux-jeunes"]
        paj = Program.objects.get(code="place-aux-jeunes")
        assert [f.acronym for f in paj.funders.all()] == ["SAJ"]
        assert list(
            Objective.objects.filter(program=paj).order_by("position").values_list("text", flat=True)
        ) == [
            "Migrations réussies",
            "Migrations parallèles",
            "Participants aux séjours exploratoires",
            "Nouveaux candidats inscrits en suivi",
        ]
        assert Program.objects.get(code="pasi").funders.get().acronym == "MIFI"
    with tenant_context(region_a):
        assert not Program.objects.filter(code__in=["pasi", "place-aux-jeunes"]).exists()
        assert not Funder.objects.filter(acronym="SAJ").exists()
    connection.set_schema_to_public()


def test_wizard_reports_a_failure_in_the_stream(platform, monkeypatch):
    # the slug is taken between the form's check and the provisioning (two admins at once)
    from web import onboarding

    def taken(**kwargs):  # region_onboard's own check found the slug taken
        from tenants.errors import ProvisioningError, ProvisioningErrorCode

        raise ProvisioningError(
            ProvisioningErrorCode.SLUG_TAKEN, "L'identifiant « gaspesie » est déjà utilisé."
        )

    monkeypatch.setattr(onboarding, "region_onboard", taken)
    html = _streamed(platform.post(WIZARD, _answers()))
    assert 'data-step="failed"' in html
    assert "L&#x27;identifiant « gaspesie » est déjà utilisé." in html
    assert 'data-step="finished"' not in html
    assert not Region.objects.filter(slug="gaspesie").exists()


def test_starter_seeding_reuses_funders_and_skips_existing_programs(region_a):
    keys = [program.key for program in starter_program_list()]
    assert starter_programs_seed(region=region_a, keys=keys) == [
        "place-aux-jeunes",
        "pasi",
        "accompagnement-quebec",
        "accueil-universel",
    ]
    assert starter_programs_seed(region=region_a, keys=keys) == []
    with tenant_context(region_a):
        # MIFI funds two of them: one funder row
        assert Funder.objects.filter(acronym="MIFI").count() == 1
        assert Program.objects.get(code="accueil-universel").age_min == 15
    connection.set_schema_to_public()
