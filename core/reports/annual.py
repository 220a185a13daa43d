"""A region's annual report for a period, as data, for one actor.

Every figure comes from `core.selectors` (the functions behind `/api/v1/indicators/`): `summary` is
exactly what that endpoint computes for the same period and programs, and the other sections are
the same figures for a subset of programs (the welcome programs, an axis, one program), each
section computed in one query grouped by axis or by program: the number of statements does not
grow with the programs.
A funder gets the report of the programs it funds, with small counts suppressed as on the
indicators endpoint.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from core import access, selectors, suppression
from core.models import AgreementParty, Program, ProgramAxis


def fiscal_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The fiscal year (April to March) that contains `today`."""
    today = today or timezone.localdate()
    start_year = today.year if today.month >= 4 else today.year - 1
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def _threshold() -> int:
    return getattr(settings, "INDICATORS_SUPPRESSION_THRESHOLD", 5)


def annual_report_for_actor(*, actor, region, date_from: dt.date, date_to: dt.date) -> dict:
    is_funder = actor.role == Role.FUNDER
    period = {"date_from": date_from, "date_to": date_to}
    program_ids = (
        sorted(set(access.funder_program_ids(actor).values_list("pk", flat=True))) if is_funder else None
    )
    programs = Program.objects.select_related("operator").order_by("axis", "name_fr")
    if program_ids is not None:
        programs = programs.filter(pk__in=program_ids)
    programs = list(programs)
    threshold = _threshold()

    # Exactly what GET /api/v1/indicators/?from=&to= answers this actor (a test holds them equal).
    summary = access.indicators_for_actor(actor=actor, **period)
    hide = (
        (lambda value: suppression.suppress_value(value, threshold)) if is_funder else (lambda value: value)
    )

    # Each section in one grouped query, whatever the number of programs and axes.
    people_by_axis = selectors.participant_counts_by_axis(**period, programs=program_ids)
    activities_by_program = selectors.activity_totals_by_program(**period, programs=program_ids)
    stays_by_program = selectors.exploratory_stay_participant_counts_by_program(
        **period, programs=program_ids
    )
    no_activity = {"activities": 0, "people_reached": 0}

    welcome_ids = [p.pk for p in programs if p.axis == ProgramAxis.UNIVERSAL_WELCOME]
    welcome = {
        "program_ids": welcome_ids,
        # People welcomed: different people enrolled in a welcome program during the period.
        "people_welcomed": hide(people_by_axis.get(ProgramAxis.UNIVERSAL_WELCOME, 0)) if welcome_ids else 0,
        "walk_in_participants": summary["walk_in_participants"],
        "kiosks": summary["kiosks"],
        "people_reached_at_kiosks": summary["people_reached_at_kiosks"],
        "intervention_hours": summary["intervention_hours"],
    }

    rows_by_program = {row["program_id"]: row for row in summary["programs"]}
    axes = []
    axis_labels = dict(ProgramAxis.choices)
    for axis in ProgramAxis.values:
        members = [p for p in programs if p.axis == axis]
        if not members:
            continue
        axis_programs = []
        for program in members:
            activities = activities_by_program.get(program.pk, no_activity)
            axis_programs.append(
                {
                    **rows_by_program[program.pk],
                    "operator": (program.operator.acronym or program.operator.name)
                    if program.operator
                    else "",
                    "activities": activities["activities"],
                    "people_reached": hide(activities["people_reached"]),
                    "exploratory_stay_participants": hide(stays_by_program.get(program.pk, 0)),
                }
            )
        axes.append(
            {
                "axis": axis,
                "label": str(axis_labels[axis]),
                "participants": hide(people_by_axis.get(axis, 0)),
                "programs": axis_programs,
            }
        )

    return {
        "region": {"slug": region.slug, "name": region.name},
        "period": period,
        "generated_on": timezone.localdate(),
        "program_ids": program_ids,
        "suppression": {"applied": is_funder, "threshold": threshold if is_funder else None},
        "summary": summary,
        "welcome": welcome,
        "axes": axes,
        "funders": _funders(actor, programs),
    }


def _funders(actor, programs: list[Program]) -> list[dict]:
    """The funders behind the programs of the report, with what they fund and contribute."""
    funders = access.funder_for_actor(actor=actor).prefetch_related("programs")
    program_ids = {p.pk for p in programs}
    parties = (
        AgreementParty.objects.filter(funder__in=funders.values("pk"))
        .select_related("agreement")
        .order_by("agreement__title")
    )
    by_funder: dict[int, list] = {}
    for party in parties:
        by_funder.setdefault(party.funder_id, []).append(party)
    rows = []
    for funder in funders.filter(Q(programs__in=program_ids) | Q(agreement_parties__isnull=False)).distinct():
        funded = sorted(p.name_fr for p in funder.programs.all() if p.pk in program_ids)
        agreements = [
            {
                "id": party.agreement_id,
                "title": party.agreement.title,
                "status": party.agreement.get_status_display(),
                "contribution": party.contribution,
            }
            for party in by_funder.get(funder.pk, [])
        ]
        if funded or agreements:
            rows.append(
                {
                    "id": funder.pk,
                    "name": funder.name,
                    "acronym": funder.acronym,
                    "programs": funded,
                    "agreements": agreements,
                }
            )
    return rows
