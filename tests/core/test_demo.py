"""The demo loader reproduces the seeds' published figures, and loading twice changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.models import User
from core import access, selectors
from core.demo import content_counts, load_region_content
from core.models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementStatus,
    Deliverable,
    Funder,
    Objective,
    Participant,
    ParticipantIdentity,
    Partner,
    Program,
    RetentionFollowUp,
    ServicePoint,
    Strategy,
    TeamMember,
)

pytestmark = pytest.mark.django_db

FY = {"date_from": dt.date(2023, 4, 1), "date_to": dt.date(2024, 3, 31)}


@pytest.fixture(scope="module")
def _saguenay_once(django_db_setup, django_db_blocker):
    """Load Saguenay once for the module, in a transaction rolled back at its end."""
    from tenants.models import Region

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            region = Region.objects.get(slug="alpha")
            connection.set_tenant(region)
            # the demo accounts tenants.demo creates before loading the content
            for prefix, role in (("agent", "agent"), ("funder", "funder"), ("coordination", "coordinator")):
                User.objects.create_user(f"{prefix}@saguenay.demo", password="x", role=role)
            counts = load_region_content("saguenay")
            connection.set_schema_to_public()
            yield region, counts
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def saguenay(_saguenay_once, db):
    region, counts = _saguenay_once
    connection.set_tenant(region)
    return counts


def test_saguenay_loads_idempotently(saguenay):
    counts = saguenay
    assert counts["Participant"] == 1010 + 271 + 57 + 130
    # when loaded again, then nothing is added or duplicated
    assert load_region_content("saguenay") == counts == content_counts()


def test_saguenay_reproduces_the_cje_annual_report(saguenay):
    cje = Partner.objects.get(acronym="CJE Saguenay")
    welcome = Program.objects.get(code="cje-accueil-universel")
    # 1 010 different people at the welcome desks, 354 without appointment, 11 944 hours in all
    assert selectors.participant_count(programs=[welcome], **FY) == 1010
    assert selectors.walk_in_participant_count(operator=cje, **FY) == 354
    assert selectors.intervention_hours(operator=cje, **FY) == Decimal("11944.00")
    # 21 kiosks reaching 2 200 people
    assert selectors.indicator_actual("kiosks", operator=cje, **FY) == 21
    assert selectors.people_reached(kinds=[ActivityKind.KIOSK], operator=cje, **FY) == 2200
    # participants per program
    summary = {row["code"]: row for row in selectors.program_summary(operator=cje, **FY)}
    published = {
        "cje-orientation": 55,
        "cje-mre": 104,
        "cje-services-specialises": 175,
        "cje-employabilite": 149,
        "cje-perseverance-scolaire": 27,
        "cje-reussite-educative": 16,
        "cje-d-mfor": 25,
        "cje-autonomie": 34,
        "cje-ecocitoyennete": 31,
        "cje-evb": 75,
    }
    assert {code: summary[code]["participants"] for code in published} == published
    # Place aux jeunes: migrations, exploratory stays, new candidates
    for code, (successful, parallel, stays, candidates) in {
        "paj-saguenay": (69, 11, 24, 271),
        "paj-fjord": (7, 7, 13, 57),
    }.items():
        program = Program.objects.get(code=code)
        outcomes = selectors.outcome_counts(programs=[program], **FY)
        assert (outcomes["successful_migration"], outcomes["parallel_migration"]) == (successful, parallel)
        assert selectors.exploratory_stay_participant_count(programs=[program], **FY) == stays
        assert selectors.new_candidate_count(programs=[program], **FY) == candidates
        assert summary[code]["new_candidates"] == candidates
    paj = Program.objects.filter(code__startswith="paj-")
    assert selectors.people_reached(programs=paj, **FY) == 1295
    group_stays = Activity.objects.filter(kind=ActivityKind.EXPLORATORY_STAY)
    assert group_stays.count() == 2
    assert sum(stay.attendances.count() for stay in group_stays) == 18


def test_saguenay_migraction_mifi_and_team(saguenay):
    migraction = Strategy.objects.get(name="Stratégie MigrAction")
    assert Objective.objects.filter(strategy=migraction).count() == 5
    assert TeamMember.objects.filter(team="MigrAction").count() == 15
    assert TeamMember.objects.filter(team="MigrAction", role="migration_agent").count() == 5
    cje = Partner.objects.get(acronym="CJE Saguenay")
    assert ServicePoint.objects.filter(partner=cje).count() == 3
    assert TeamMember.objects.filter(
        employer=cje, is_vacant_position=False, full_name="Véronique Fradet"
    ).exists()
    mifi = Funder.objects.get(acronym="MIFI")
    assert ServicePoint.objects.filter(partner__acronym="MIFI").count() == 6
    assert Agreement.objects.filter(parties__funder=mifi).distinct().count() == 9
    aq = Program.objects.get(code="mifi-accompagnement-quebec")
    assert selectors.participant_count(programs=[aq]) == 130
    assert (
        selectors.companies_accompanied_count(programs=Program.objects.filter(code="mifi-entreprises")) == 54
    )
    assert set(Funder.objects.values_list("acronym", flat=True)) >= {"PSCJE", "SAJ", "MIFI"}
    assert Funder.objects.filter(name="Créneau carrefour jeunesse").exists()
    assert Funder.objects.filter(name="Services Québec").exists()
    # the agreement's target beside its actual
    paj_agreement = Agreement.objects.get(title__startswith="Place aux jeunes en région")
    [row] = selectors.agreement_indicators(agreement=paj_agreement)
    assert (row["indicator"], row["target"], row["actual"]) == ("successful_migrations", Decimal("70"), 69)


def test_saguenay_settled_people_have_their_retention_followups(saguenay):
    settled = Participant.objects.filter(journey_step="settled")
    assert settled.count() == 69 + 11 + 7 + 7
    assert RetentionFollowUp.objects.count() == settled.count() * 4
    assert not RetentionFollowUp.objects.filter(status="scheduled", due_on__lte=dt.date(2024, 6, 20)).exists()


def test_synthetic_people_are_clearly_fictitious(saguenay):
    assert not Participant.objects.filter(is_synthetic=False).exists()
    assert not ParticipantIdentity.objects.exclude(last_name__startswith="Fictif-").exists()
    assert not ParticipantIdentity.objects.exclude(email__endswith="@exemple.invalid").exists()


def test_baie_james_agreement_as_published(region_b):
    connection.set_tenant(region_b)
    first = load_region_content("baie-james")
    agreement = Agreement.objects.get(title__startswith="Programme Mobilisation-Diversité")
    assert agreement.status == AgreementStatus.NOT_FULLY_REALISED
    assert (agreement.signed_on.year, agreement.signed_on.month) == (2013, 10)
    assert sorted(party.contribution for party in agreement.parties.all()) == [Decimal("50000.00")] * 2
    assert {p.partner.acronym for p in agreement.parties.all()} == {"ARBJ", "MIDI"}
    assert agreement.objectives.count() == 5
    dates = sorted(Activity.objects.filter(agreement=agreement).values_list("start_date", flat=True))
    assert dates[0] == dt.date(2014, 1, 1)
    assert max(a.end_date or a.start_date for a in Activity.objects.filter(agreement=agreement)) == dt.date(
        2015, 3, 31
    )
    assert Deliverable.objects.filter(agreement=agreement, status="done").count() == 5
    assert load_region_content("baie-james") == first


def test_estrie_continuum_project_as_published(region_b):
    connection.set_tenant(region_b)
    first = load_region_content("estrie")
    project = Agreement.objects.get(title__startswith="Développement d'un continuum")
    assert [d.title for d in project.deliverables.order_by("position")] == [
        "Recensement",
        "Tournée des partenaires",
        "Développement d'une cartographie",
        "Animation d'ateliers de formation",
        "Création et animation d'une communauté de pratique",
    ]
    assert project.parties.filter(funder__acronym="MIFI").exists()
    assert access.service_for_actor(actor=None).count() >= 8
    assert load_region_content("estrie") == first


def test_saguenay_demo_accounts_are_linked(saguenay):
    agent = User.objects.get(email="agent@saguenay.demo").team_member
    assert agent.participants.count() > 20
    assert not agent.participants.exclude(is_synthetic=True).exists()
    assert list(User.objects.get(email="funder@saguenay.demo").funders.values_list("acronym", flat=True)) == [
        "MIFI"
    ]
    assert User.objects.get(email="coordination@saguenay.demo").team_member.role == "coordination"
    # the funder sees MIFI's nine agreements and the programs MIFI funds, nothing else
    funder = User.objects.get(email="funder@saguenay.demo")
    assert access.agreement_for_actor(actor=funder).count() == 9
    assert set(access.program_for_actor(actor=funder).values_list("code", flat=True)) == {
        "cje-pasi",
        "mifi-accompagnement-quebec",
        "mifi-entreprises",
    }
