"""Lookups the services need: reads on a region's workspace that take more than a filter."""

import datetime as dt

from django.db.models import Q

from core.models import Participant, ParticipantIdentity, TeamMember


def participant_find_possible_duplicate(
    *,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    email: str = "",
    exclude_pk: int | None = None,
) -> Participant | None:
    """An existing file with the same name and birth date, or the same e-mail (case-insensitive)."""
    match = Q()
    if birth_date is not None:
        match |= Q(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), birth_date=birth_date
        )
    if email and email.strip():
        match |= Q(email__iexact=email.strip())
    if not match:
        return None
    identities = ParticipantIdentity.objects.filter(match)
    if exclude_pk is not None:
        identities = identities.exclude(participant_id=exclude_pk)
    identity = identities.select_related("participant").order_by("participant__created_at").first()
    return identity.participant if identity else None


def team_member_for_user(user) -> TeamMember | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return TeamMember.objects.filter(user=user).first()
