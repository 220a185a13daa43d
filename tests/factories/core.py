"""One factory per model of core (a region's workspace). Build rows in the schema the test chose
with connection.set_tenant(...) first; related rows are created in the same schema."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from core import models as m


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@exemple.test")
    full_name = factory.Sequence(lambda n: f"Utilisateur·rice {n}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-only")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = m.Partner

    name = factory.Sequence(lambda n: f"Organisme partenaire {n}")
    kind = m.PartnerKind.COMMUNITY
    territory = "Saguenay"
    city = "Chicoutimi"


class CompanyFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    kind = m.PartnerKind.COMPANY


class ServicePointFactory(DjangoModelFactory):
    class Meta:
        model = m.ServicePoint

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Point de service {n}")
    address = factory.Sequence(lambda n: f"{n}, rue Racine Est")
    city = "Chicoutimi"


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = m.TeamMember

    full_name = factory.Sequence(lambda n: f"Intervenant·e {n}")
    title = "Intervenant·e en intégration"
    role = m.TeamRole.INTEGRATION_WORKER
    team = "Équipe test"
    employer = factory.SubFactory(PartnerFactory)


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = m.Committee

    name = factory.Sequence(lambda n: f"Table de concertation {n}")
    kind = m.CommitteeKind.CONCERTATION
    convener = factory.SubFactory(PartnerFactory)


class CommitteeMeetingFactory(DjangoModelFactory):
    class Meta:
        model = m.CommitteeMeeting

    committee = factory.SubFactory(CommitteeFactory)
    date = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = m.Strategy

    name = factory.Sequence(lambda n: f"Stratégie {n}")
    lead = factory.SubFactory(PartnerFactory)


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = m.Funder

    name = factory.Sequence(lambda n: f"Bailleur de fonds {n}")
    acronym = factory.Sequence(lambda n: f"BF{n}")
    kind = m.FunderKind.PROVINCIAL


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = m.Program
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"programme-{n}")
    name_fr = factory.Sequence(lambda n: f"Programme {n}")
    name_en = factory.Sequence(lambda n: f"Program {n}")
    axis = m.ProgramAxis.SETTLEMENT
    operator = factory.SubFactory(PartnerFactory)
    age_min = 15
    age_max = 35

    @factory.post_generation
    def funders(self, create, extracted, **kwargs):
        if create and extracted:
            self.funders.set(extracted)


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = m.Objective

    program = factory.SubFactory(ProgramFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Objectif {n}")


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = m.Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Entente {n}")
    kind = m.AgreementKind.ADMINISTRATIVE
    status = m.AgreementStatus.SIGNED
    signed_on = dt.date(2024, 3, 15)
    start_date = dt.date(2024, 4, 1)
    end_date = dt.date(2025, 3, 31)

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.programs.set(extracted)


class AgreementPartyFactory(DjangoModelFactory):
    class Meta:
        model = m.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.SubFactory(PartnerFactory)
    funder = None
    role = m.PartyRole.SIGNATORY
    contribution = Decimal("50000.00")


class DeliverableFactory(DjangoModelFactory):
    class Meta:
        model = m.Deliverable

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Livrable {n}")
    due_date = dt.date(2024, 12, 31)


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = m.IndicatorTarget

    agreement = factory.SubFactory(AgreementFactory)
    indicator = m.Indicator.SUCCESSFUL_MIGRATIONS
    target = Decimal("70")


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = m.Participant

    code = factory.Sequence(lambda n: f"T-{n:05d}")
    intake_date = dt.date(2024, 5, 1)
    age_group = m.AgeGroup.AGE_25_29
    gender = m.Gender.WOMAN
    education = m.Education.COLLEGE
    immigration_status = m.ImmigrationStatus.CITIZEN
    city = "Chicoutimi"
    mrc = "Saguenay"
    has_consent = True
    is_synthetic = True


class ParticipantIdentityFactory(DjangoModelFactory):
    class Meta:
        model = m.ParticipantIdentity

    participant = factory.SubFactory(ParticipantFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Fictif-{n:04d}")
    birth_date = dt.date(1997, 6, 1)
    email = factory.Sequence(lambda n: f"personne{n}@exemple.invalid")


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = m.Consent

    participant = factory.SubFactory(ParticipantFactory)
    given_on = dt.date(2024, 5, 1)


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = m.Enrollment

    participant = factory.SubFactory(ParticipantFactory)
    program = factory.SubFactory(ProgramFactory)
    status = m.EnrollmentStatus.ACTIVE
    applied_on = dt.date(2024, 5, 1)
    start_date = factory.SelfAttribute("applied_on")


class EnrollmentStatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = m.EnrollmentStatusChange

    enrollment = factory.SubFactory(EnrollmentFactory)
    to_status = m.EnrollmentStatus.ACTIVE
    changed_on = dt.date(2024, 5, 1)


class InterventionFactory(DjangoModelFactory):
    class Meta:
        model = m.Intervention

    participant = factory.SubFactory(ParticipantFactory)
    agent = factory.SubFactory(TeamMemberFactory)
    date = dt.date(2024, 6, 1)
    minutes = 60
    mode = m.InterventionMode.INDIVIDUAL


class RetentionFollowUpFactory(DjangoModelFactory):
    class Meta:
        model = m.RetentionFollowUp

    participant = factory.SubFactory(
        ParticipantFactory, journey_step=m.JourneyStep.SETTLED, settled_on=dt.date(2024, 1, 15)
    )
    months_after = 3
    due_on = dt.date(2024, 4, 15)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = m.Activity

    title = factory.Sequence(lambda n: f"Activité {n}")
    kind = m.ActivityKind.KIOSK
    start_date = dt.date(2024, 6, 1)
    city = "Chicoutimi"


class ActivityReachFactory(DjangoModelFactory):
    class Meta:
        model = m.ActivityReach

    activity = factory.SubFactory(ActivityFactory)
    age_band = m.AgeGroup.AGE_20_24
    headcount = 25


class ActivityAttendanceFactory(DjangoModelFactory):
    class Meta:
        model = m.ActivityAttendance

    activity = factory.SubFactory(ActivityFactory)
    participant = factory.SubFactory(ParticipantFactory)


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = m.Service

    partner = factory.SubFactory(PartnerFactory)
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_en = factory.Sequence(lambda n: f"Service {n} (EN)")
    description_fr = "Accueil et accompagnement."
    audience = m.Audience.IMMIGRANTS
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    territory = "Saguenay"
