"""Shared pieces of the participant-facing resources (participants, enrollments, interventions)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Role
from core import access


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation the actor may only point at rows it can see (an agent: their own participants).

    An id outside the actor's scope gets the same "does not exist" message as a missing one.
    """

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(actor=getattr(request, "user", None))


def acting_agent(request, requested=None):
    """The TeamMember a write is recorded under: an agent always acts as themself."""
    if request.user.role != Role.AGENT:
        return requested
    own = access.team_member_of(request.user)
    if own is None:
        raise serializers.ValidationError(
            {"agent": [_("Votre compte n'est lié à aucun membre de l'équipe ; demandez-le à la direction.")]}
        )
    if requested is not None and requested != own:
        raise serializers.ValidationError({"agent": [_("Un·e agent·e n'inscrit que ses propres dossiers.")]})
    return own
