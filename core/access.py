"""Who may see which rows: every role's scoping of a region's data, in one place (Zulip's access_*).

The API's base viewset, the indicators and the pages call these with the actor
(`<resource>_for_actor(actor=user)`) and never build their own query, so no caller can forget a rule:

- region admin and coordinator: every row of the region;
- agent: the region's reference data; only their own participants, enrollments and interventions
  (through their TeamMember);
- funder: only what its Funder pays for, by one rule decided here and nowhere else:
  * agreements: those its Funder is a party to (AgreementParty.funder). Not the agreements of
    other funders that happen to cover a program it also funds: those are another funder's
    contracts (amounts, obligations), and need-to-know (Law 25) says a funder reads its own;
  * programs: those its Funder funds (Program.funders) or that one of its agreements covers;
  * deliverables: those of its agreements; activities: those of its programs or agreements;
  * indicators (indicators_for_actor): computed over its programs only, listing its agreements,
    with small counts of people masked;
  never a participant, enrollment or intervention (the API answers 403 before asking);
- anyone else (anonymous, platform admin): nothing, except the published service map.

A row outside the actor's scope is simply absent, so "not yours" and "does not exist" give the
same 404. The querysets also load what the API serialises (select/prefetch), so list endpoints run
a fixed number of queries whatever the page size.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import REGION_ROLES, REPORT_ROLES, STAFF_ROLES, TEAM_ROLES, Role
from core import selectors, suppression
from core.models import (
    Activity,
    ActivityReach,
    Agreement,
    AgreementParty,
    Committee,
    Deliverable,
    Enrollment,
    Funder,
    IndicatorTarget,
    Intervention,
    Participant,
    Partner,
    Program,
    ReportJob,
    Service,
    ServicePoint,
    ServiceStatus,
    TeamMember,
)


def _role(actor) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    return actor.role


def team_member_of(actor) -> TeamMember | None:
    """The actor's own TeamMember row (agents act through it), or None."""
    if _role(actor) is None:
        return None
    return selectors.team_member_for_user(actor)


def funder_ids_of(actor) -> list[int]:
    return list(Funder.objects.filter(accounts=actor).values_list("pk", flat=True))


def funder_program_ids(actor) -> QuerySet:
    """Programs a funder's account may see: those its Funder funds, directly or by an agreement."""
    funders = Funder.objects.filter(accounts=actor)
    return Program.objects.filter(Q(funders__in=funders) | Q(agreements__parties__funder__in=funders)).values(
        "pk"
    )


def funder_agreement_ids(actor) -> QuerySet:
    return Agreement.objects.filter(parties__funder__accounts=actor).values("pk")


def _scoped(queryset: QuerySet, actor, *, funder: Q | None = None, public: Q | None = None) -> QuerySet:
    """Reference data: the whole region for staff and agents; funders only within `funder`."""
    role = _role(actor)
    if role in TEAM_ROLES:
        return queryset
    if role == Role.FUNDER:
        return queryset.filter(funder).distinct() if funder is not None else queryset
    if public is not None:
        return queryset.filter(public)
    return queryset.none()


# --- reference data ---------------------------------------------------------------------------


def partner_for_actor(*, actor) -> QuerySet:
    return _scoped(Partner.objects.all(), actor)


def service_point_for_actor(*, actor) -> QuerySet:
    return _scoped(ServicePoint.objects.all(), actor)


def team_member_for_actor(*, actor) -> QuerySet:
    return _scoped(TeamMember.objects.prefetch_related("programs"), actor)


def committee_for_actor(*, actor) -> QuerySet:
    return _scoped(Committee.objects.prefetch_related("partners", "members"), actor)


def service_for_actor(*, actor) -> QuerySet:
    # The public (no login) reads the published service map of the region.
    queryset = Service.objects.prefetch_related("service_points")
    return _scoped(queryset, actor, public=Q(is_published=True, status=ServiceStatus.ACTIVE))


def program_for_actor(*, actor) -> QuerySet:
    queryset = Program.objects.prefetch_related("funders")
    return _scoped(queryset, actor, funder=Q(pk__in=funder_program_ids(actor)))


def funder_for_actor(*, actor) -> QuerySet:
    return _scoped(Funder.objects.all(), actor, funder=Q(accounts=actor))


def agreement_for_actor(*, actor) -> QuerySet:
    queryset = Agreement.objects.prefetch_related(
        "programs",
        Prefetch("parties", queryset=AgreementParty.objects.order_by("id")),
        Prefetch("indicator_targets", queryset=IndicatorTarget.objects.order_by("indicator", "id")),
    )
    return _scoped(queryset, actor, funder=Q(pk__in=funder_agreement_ids(actor)))


def deliverable_for_actor(*, actor) -> QuerySet:
    return _scoped(Deliverable.objects.all(), actor, funder=Q(agreement__in=funder_agreement_ids(actor)))


def activity_for_actor(*, actor) -> QuerySet:
    # Named attendance is only ever counted here: the API never lists who attended.
    queryset = Activity.objects.annotate(
        attendance_count=Count("attendances", distinct=True)
    ).prefetch_related("team_members", Prefetch("reach", queryset=ActivityReach.objects.order_by("age_band")))
    return _scoped(
        queryset,
        actor,
        funder=Q(program__in=funder_program_ids(actor)) | Q(agreement__in=funder_agreement_ids(actor)),
    )


# --- people: never for funders; agents see their own ----------------------------------------


def _own(queryset: QuerySet, actor, mine: Q) -> QuerySet:
    role = _role(actor)
    if role in STAFF_ROLES:
        return queryset
    if role == Role.AGENT:
        return queryset.filter(mine)
    return queryset.none()


def participant_for_actor(*, actor) -> QuerySet:
    return _own(Participant.objects.select_related("identity"), actor, Q(agent__user=actor))


def enrollment_for_actor(*, actor) -> QuerySet:
    # An agent's own follow-ups, and every follow-up of a participant they are responsible for.
    return _own(Enrollment.objects.all(), actor, Q(agent__user=actor) | Q(participant__agent__user=actor))


def intervention_for_actor(*, actor) -> QuerySet:
    return _own(Intervention.objects.all(), actor, Q(agent__user=actor) | Q(participant__agent__user=actor))


# --- indicators: aggregates only; staff see the region, funders what they fund -----------------


def indicators_for_actor(*, actor, date_from=None, date_to=None, programs=None) -> dict:
    """The annual report (core.selectors.region_indicators) with the agreements the actor may see,
    each target beside its actual, scoped and suppressed for the actor's role.

    Staff see every program; a funder only the programs it may see (never "every program"), the
    agreements of agreement_for_actor, and counts of people below the threshold masked
    (core.suppression). Agents and anyone else: PermissionDenied. `programs` (ids) narrows the report
    and its agreements; the caller checks they are visible (the API answers 400 otherwise).
    """
    role = _role(actor)
    if role not in REPORT_ROLES:
        raise PermissionDenied
    is_funder = role == Role.FUNDER
    agreements = agreement_for_actor(actor=actor)
    if programs:
        agreements = agreements.filter(programs__in=programs).distinct()
    elif is_funder:
        # Never "every program" for a funder: only the ones it may see (possibly none).
        programs = sorted(set(funder_program_ids(actor).values_list("pk", flat=True)))
    report = selectors.region_indicators(date_from=date_from, date_to=date_to, programs=programs)
    report["agreements"] = selectors.agreements_report(agreements)
    report["program_ids"] = programs
    threshold = settings.INDICATORS_SUPPRESSION_THRESHOLD
    report["suppression"] = {"applied": is_funder, "threshold": threshold if is_funder else None}
    if is_funder:
        suppression.suppress_report(report, threshold)
    return report


# --- background jobs: the account that asked, nobody else -------------------------------------


def report_job_for_actor(*, actor) -> QuerySet:
    if _role(actor) not in REGION_ROLES:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by=actor)
