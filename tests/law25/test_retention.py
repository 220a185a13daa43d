"""Retention: files inactive for the region's N years (default 5) lose their personal information;
the statistics stay; another region's setting and files are its own."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from core import services
from core.models import (
    AgeGroup,
    AuditEvent,
    Gender,
    Participant,
    ParticipantIdentity,
    PrivacySettings,
    Program,
    ProgramAxis,
)
from core.services.retention import participants_last_activity, retention_apply

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _intake(day: dt.date, name: str) -> Participant:
    return services.participant_intake(
        intake_date=day,
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.MAN,
        identity={
            "first_name": name,
            "last_name": "Rétention",
            "email": f"{name.encode('ascii', 'ignore').decode().lower()}@example.test",
        },
        consent={"given_on": day},
        city="Alma",
    )


@pytest.fixture
def files(region_a):
    connection.set_tenant(region_a)
    program = Program.objects.create(code="ret", name_fr="Programme", axis=ProgramAxis.OTHER)
    old = _intake(dt.date(2020, 5, 1), "Ancien")  # last seen 6 years ago
    recent_activity = _intake(dt.date(2019, 1, 10), "Revenu")  # old file, but an intervention in 2024
    services.intervention_log(
        date=dt.date(2024, 3, 1), minutes=30, participant=recent_activity, program=program
    )
    fresh = _intake(dt.date(2025, 1, 1), "Récent")
    Participant.objects.filter(pk__in=[old.pk, recent_activity.pk, fresh.pk]).update(
        updated_at=dt.datetime(2020, 5, 1, tzinfo=dt.UTC)
    )
    return {"old": old, "recent_activity": recent_activity, "fresh": fresh, "program": program}


def test_default_retention_is_five_years_and_anonymises_only_inactive_files(files):
    assert PrivacySettings.current().retention_years == 5
    last = dict(participants_last_activity().values_list("code", "last_activity"))
    assert last[files["recent_activity"].code] == dt.date(2024, 3, 1)

    result = retention_apply(today=TODAY)

    assert result.anonymised == 1
    old = Participant.objects.get(pk=files["old"].pk)
    assert old.erased_on is not None
    assert not ParticipantIdentity.objects.filter(participant=old).exists()
    # the statistics stay: the file, its age group and city are still counted
    assert (old.age_group, old.city, old.intake_date) == (AgeGroup.AGE_20_24, "Alma", dt.date(2020, 5, 1))
    for key in ("recent_activity", "fresh"):
        assert ParticipantIdentity.objects.filter(participant=files[key]).exists()
    # the erasure is in the access trail, done by the retention policy (no person)
    event = AuditEvent.objects.get(action="erase", participant_code=old.code)
    assert (event.actor_id, event.detail) == (None, {"reason": "retention"})
    # running again changes nothing
    assert retention_apply(today=TODAY).anonymised == 0


def test_a_region_setting_of_two_years_reaches_further(files, region_a):
    connection.set_tenant(region_a)
    from accounts.models import Role, User
    from core.services.retention import privacy_settings_update

    boss = User.objects.create_user("boss@alpha.retention.test", password="x", role=Role.REGION_ADMIN)
    privacy_settings_update(actor=boss, retention_years=2)
    assert retention_apply(today=TODAY).anonymised == 2  # 2024-03-01 is now older than 2 years
    assert ParticipantIdentity.objects.filter(participant=files["fresh"]).exists()


def test_only_the_region_admin_sets_retention(region_a):
    from accounts.models import Role, User
    from core.errors import ApplicationError
    from core.services.retention import privacy_settings_update

    connection.set_tenant(region_a)
    coordinator = User.objects.create_user("coord@alpha.retention.test", password="x", role=Role.COORDINATOR)
    with pytest.raises(ApplicationError) as error:
        privacy_settings_update(actor=coordinator, retention_years=1)
    assert error.value.code == "incident_register_forbidden"
    assert PrivacySettings.current().retention_years == 5


def test_access_trail_keeps_its_own_retention(region_a, files):
    connection.set_tenant(region_a)
    AuditEvent.objects.all().delete()
    old = AuditEvent.objects.create(action="view", object_type="core.participant", object_id="1")
    recent = AuditEvent.objects.create(action="view", object_type="core.participant", object_id="2")
    AuditEvent.objects.filter(pk=old.pk).update(at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    AuditEvent.objects.filter(pk=recent.pk).update(at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    result = retention_apply(today=TODAY)  # default: 36 months
    assert result.audit_events_deleted == 1
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_command_applies_each_region_its_own_policy_and_never_crosses(region_a, region_b, files, capsys):
    # region B has an equally old file, but keeps files 30 years
    connection.set_tenant(region_b)
    settings_b = PrivacySettings.current()
    settings_b.retention_years = 30
    settings_b.save()
    b_file = _intake(dt.date(2010, 1, 1), "Bêta")
    connection.set_schema_to_public()

    call_command("apply_retention")

    connection.set_tenant(region_b)
    assert ParticipantIdentity.objects.filter(participant=b_file).exists()
    connection.set_tenant(region_a)
    assert Participant.objects.get(pk=files["old"].pk).erased_on is not None
    out = capsys.readouterr().out
    assert "alpha: 1 anonymised" in out
    assert "beta-nord: 0 anonymised" in out


def test_dry_run_changes_nothing(region_a, files, capsys):
    call_command("apply_retention", "--region", "alpha", "--dry-run")
    assert "alpha: 1 to anonymise (dry run)" in capsys.readouterr().out
    connection.set_tenant(region_a)
    assert ParticipantIdentity.objects.filter(participant=files["old"]).exists()
