"""Writes on the region's team (agents, intervenant·e·s) and its committees (tables de concertation)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Committee, CommitteeMeeting, Partner, Program, TeamMember
from core.services._common import ensure_dates_ordered, set_fields, validate_and_save

TEAM_MEMBER_FIELDS = (
    "full_name",
    "role",
    "user",
    "title",
    "team",
    "employer",
    "service_point",
    "email",
    "phone",
    "is_vacant_position",
    "started_on",
    "ended_on",
    "is_active",
)


def _check_team_member(member: TeamMember) -> None:
    ensure_dates_ordered(
        member.started_on,
        member.ended_on,
        field="ended_on",
        message=_("La fin d'emploi ne peut précéder l'entrée en poste."),
    )


@transaction.atomic
def team_member_create(
    *, full_name: str, role: str, user=None, programs: Iterable[Program] = (), **fields
) -> TeamMember:
    member = TeamMember(full_name=full_name, role=role, user=user)
    set_fields(member, TEAM_MEMBER_FIELDS, fields)
    _check_team_member(member)
    validate_and_save(member)
    member.programs.set(programs)
    return member


@transaction.atomic
def team_member_update(
    *, team_member: TeamMember, programs: Iterable[Program] | None = None, **fields
) -> TeamMember:
    changed = set_fields(team_member, TEAM_MEMBER_FIELDS, fields)
    _check_team_member(team_member)
    validate_and_save(team_member, update_fields=changed)
    if programs is not None:
        team_member.programs.set(programs)
    return team_member


COMMITTEE_FIELDS = ("name", "kind", "convener", "territory", "description", "started_on", "is_active")


@transaction.atomic
def committee_create(
    *,
    name: str,
    kind: str,
    convener: Partner | None = None,
    partners: Iterable[Partner] = (),
    members: Iterable[TeamMember] = (),
    **fields,
) -> Committee:
    committee = Committee(name=name, kind=kind, convener=convener)
    set_fields(committee, COMMITTEE_FIELDS, fields)
    validate_and_save(committee)
    committee.partners.set(partners)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    partners: Iterable[Partner] | None = None,
    members: Iterable[TeamMember] | None = None,
    **fields,
) -> Committee:
    changed = set_fields(committee, COMMITTEE_FIELDS, fields)
    validate_and_save(committee, update_fields=changed)
    if partners is not None:
        committee.partners.set(partners)
    if members is not None:
        committee.members.set(members)
    return committee


@transaction.atomic
def committee_meeting_record(*, committee: Committee, date, **fields) -> CommitteeMeeting:
    meeting = CommitteeMeeting(committee=committee, date=date)
    set_fields(meeting, {"place", "attendees", "notes"}, fields)
    return validate_and_save(meeting)
