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
- anyone else (anonymous, platform admin): nothing, except the published service map;
- the network (network.fanout, on behalf of a network funder and only for a region that opted in):
  network_indicators_for_funder, the same selectors over the programs the linked Funder funds
  (programs_funded_by, the funder rule above), as raw counts the network report suppresses.

A row outside the actor's scope is simply absent, so "not yours" and "does not exist" give the
same 404. The querysets also load what the API serialises (select/prefetch), so list endpoints run
a fixed number of queries whatever the page size.
"""

from decimal import Decimal

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
    ImportBatch,
    IndicatorTarget,
    Intervention,
    Outcome,
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


def programs_funded_by(funder: Funder | int) -> QuerySet:
    """The programs a Funder funds, directly or by one of its agreements (the funder rule, by Funder)."""
    return (
        Program.objects.filter(Q(funders=funder) | Q(agreements__parties__funder=funder))
        .values_list("pk", flat=True)
        .distinct()
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


def import_batch_for_actor(*, actor) -> QuerySet:
    """Imports of spreadsheets: staff follow every one of the region, an agent their own."""
    queryset = ImportBatch.objects.defer("content")
    role = _role(actor)
    if role in STAFF_ROLES:
        return queryset
    if role == Role.AGENT:
        return queryset.filter(created_by=actor)
    return queryset.none()


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


def incident_for_actor(*, actor) -> QuerySet:
    """The register of confidentiality incidents: the region admin's alone (Law 25)."""
    from core.models import ConfidentialityIncident

    if _role(actor) == Role.REGION_ADMIN:
        return ConfidentialityIncident.objects.all()
    return ConfidentialityIncident.objects.none()


# --- the network: one region's aggregates for a network funder (network.fanout) ----------------

# What a network funder reads per region: counts of people (suppressed across regions by
# network.report) and counts of things (hours, activities, companies: nobody can be singled out).
NETWORK_PEOPLE_INDICATORS = (
    "participants",
    "new_candidates",
    "walk_in_participants",
    "successful_migrations",
    "parallel_migrations",
    "employment_outcomes",
    "return_to_school",
    "exploratory_stay_participants",
    "people_reached",
)
NETWORK_OTHER_INDICATORS = ("intervention_hours", "activities", "companies_accompanied")


def network_indicators_for_funder(*, funder: Funder | int, date_from, date_to) -> dict:
    """The indicators of the programs `funder` (this region's Funder) funds, in the current schema.

    Raw aggregates: the same selectors as the region's own report (core.selectors), never a row or a
    name. The caller (network.fanout) only asks for a region that opted in, and network.report
    suppresses small counts across the whole network table before anything leaves the server.
    """
    program_ids = sorted(set(programs_funded_by(funder)))
    filters = {"date_from": date_from, "date_to": date_to, "programs": program_ids}
    outcomes = selectors.outcome_counts(**filters)
    activities = selectors.activity_summary(**filters)
    summary = selectors.program_summary(**filters)
    axes: dict[str, dict] = {}
    program_axes = dict(Program.objects.filter(pk__in=program_ids).values_list("pk", "axis"))
    for axis in sorted(set(program_axes.values())):
        ids = [pk for pk, value in program_axes.items() if value == axis]
        rows = [row for row in summary if row["program_id"] in ids]
        axes[axis] = {
            # People in several programs of one axis count once.
            "participants": selectors.participant_count(date_from=date_from, date_to=date_to, programs=ids),
            "new_candidates": sum(row["new_candidates"] for row in rows),
            "intervention_hours": str(sum((row["intervention_hours"] for row in rows), Decimal(0))),
        }
    return {
        "programs": len(program_ids),
        "indicators": {
            "participants": selectors.participant_count(**filters),
            "new_candidates": selectors.new_candidate_count(**filters),
            "walk_in_participants": selectors.walk_in_participant_count(**filters),
            "successful_migrations": outcomes[Outcome.SUCCESSFUL_MIGRATION],
            "parallel_migrations": outcomes[Outcome.PARALLEL_MIGRATION],
            "employment_outcomes": outcomes[Outcome.EMPLOYED],
            "return_to_school": outcomes[Outcome.BACK_TO_SCHOOL],
            "exploratory_stay_participants": selectors.exploratory_stay_participant_count(**filters),
            "people_reached": sum(row["people_reached"] for row in activities),
            # Decimal as text: the result is cached (JSON-safe) and summed exactly by network.report.
            "intervention_hours": str(selectors.intervention_hours(**filters)),
            "activities": sum(row["activities"] for row in activities),
            "companies_accompanied": selectors.companies_accompanied_count(**filters),
        },
        "axes": axes,
    }
