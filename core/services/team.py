"""Writes on the region's team (agents, intervenant·e·s) and its committees (tables de concertation)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Committee, CommitteeMeeting, Partner, Program, TeamMember
from core.services._common import ensure_dates_ordered, write_fields

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
    return write_fields(
        member, TEAM_MEMBER_FIELDS, fields, check=_check_team_member, relations={"programs": programs}
    )


@transaction.atomic
def team_member_update(
    *, team_member: TeamMember, programs: Iterable[Program] | None = None, **fields
) -> TeamMember:
    return write_fields(
        team_member, TEAM_MEMBER_FIELDS, fields, check=_check_team_member, relations={"programs": programs}
    )


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
    return write_fields(
        committee, COMMITTEE_FIELDS, fields, relations={"partners": partners, "members": members}
    )


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    partners: Iterable[Partner] | None = None,
    members: Iterable[TeamMember] | None = None,
    **fields,
) -> Committee:
    return write_fields(
        committee, COMMITTEE_FIELDS, fields, relations={"partners": partners, "members": members}
    )


COMMITTEE_MEETING_FIELDS = ("date", "place", "attendees", "notes")


@transaction.atomic
def committee_meeting_record(*, committee: Committee, date, **fields) -> CommitteeMeeting:
    meeting = CommitteeMeeting(committee=committee, date=date)
    return write_fields(meeting, COMMITTEE_MEETING_FIELDS, fields)


@transaction.atomic
def committee_meeting_update(*, meeting: CommitteeMeeting, **fields) -> CommitteeMeeting:
    return write_fields(meeting, COMMITTEE_MEETING_FIELDS, fields)
