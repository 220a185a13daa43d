"""The reports composed from the indicators: a region's annual report and an agreement's targets."""

from collections.abc import Iterable
from decimal import Decimal

from core.models import ActivityKind, Agreement, Indicator, Outcome
from core.selectors.indicators import (
    activity_summary,
    companies_accompanied_count,
    exploratory_stay_participant_count,
    hours_from_minutes,
    indicator_actual,
    intervention_minutes_by_program,
    new_candidate_count,
    outcome_counts,
    participant_count,
    participant_portrait,
    program_summary,
    walk_in_participant_count,
)


def agreement_indicators(*, agreement: Agreement, _actuals: dict | None = None) -> list[dict]:
    """Each target of an agreement beside its actual: [{"indicator", "label", "target", "actual", "ratio", ...}].

    The actual covers the target's program (else the agreement's programs) over the target's period
    (else the agreement's dates). Reads `programs` and `indicator_targets` through the agreement's
    prefetch when the caller made one (core.access.agreement_for_actor does), so each target costs
    one query for its actual, and a target computed twice (same indicator, period and programs) once.
    """
    agreement_programs = sorted(program.pk for program in agreement.programs.all())
    actuals = {} if _actuals is None else _actuals
    rows = []
    targets = sorted(agreement.indicator_targets.all(), key=lambda target: (target.indicator, target.pk))
    for target in targets:
        programs = [target.program_id] if target.program_id else (agreement_programs or None)
        date_from = target.period_start or agreement.start_date
        date_to = target.period_end or agreement.end_date
        # Deliverables are counted per agreement; every other indicator only from the data.
        owner = agreement.pk if target.indicator == Indicator.DELIVERABLES_DONE else None
        key = (target.indicator, date_from, date_to, tuple(programs or ()), owner)
        if key not in actuals:
            actuals[key] = indicator_actual(
                target.indicator, date_from=date_from, date_to=date_to, programs=programs, agreement=agreement
            )
        actual = actuals[key]
        rows.append(
            {
                "indicator": target.indicator,
                "label": target.get_indicator_display(),
                "program_id": target.program_id,
                "target": target.target,
                "actual": actual,
                "ratio": (Decimal(actual) / target.target).quantize(Decimal("0.001"))
                if target.target
                else None,
                "period_start": date_from,
                "period_end": date_to,
                "note": target.note,
            }
        )
    return rows


def agreements_report(agreements: Iterable[Agreement]) -> list[dict]:
    """The funder report: each agreement with its targets beside their actuals (actuals shared)."""
    actuals: dict = {}
    return [
        {
            "id": agreement.pk,
            "title": agreement.title,
            "status": agreement.status,
            "indicators": agreement_indicators(agreement=agreement, _actuals=actuals),
        }
        for agreement in agreements
    ]


def region_indicators(*, date_from=None, date_to=None, programs=None, operator=None) -> dict:
    """The annual report, computed (a fixed number of queries whatever the volume)."""
    filters = {"date_from": date_from, "date_to": date_to, "programs": programs, "operator": operator}
    outcomes = outcome_counts(**filters)
    activities = activity_summary(**filters)
    # One pass over the interventions for the total hours and each program's.
    minutes_by_program = intervention_minutes_by_program(**filters)
    return {
        "period": {"date_from": date_from, "date_to": date_to},
        "participants": participant_count(**filters),
        "portrait": participant_portrait(**filters),
        "intervention_hours": hours_from_minutes(sum(minutes_by_program.values())),
        "walk_in_participants": walk_in_participant_count(**filters),
        "new_candidates": new_candidate_count(**filters),
        "outcomes": outcomes,
        "successful_migrations": outcomes[Outcome.SUCCESSFUL_MIGRATION],
        "parallel_migrations": outcomes[Outcome.PARALLEL_MIGRATION],
        "exploratory_stay_participants": exploratory_stay_participant_count(**filters),
        "programs": program_summary(**filters, minutes_by_program=minutes_by_program),
        "activities": activities,
        "activity_count": sum(row["activities"] for row in activities),
        "people_reached": sum(row["people_reached"] for row in activities),
        "kiosks": next((row["activities"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0),
        "people_reached_at_kiosks": next(
            (row["people_reached"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0
        ),
        "companies_accompanied": companies_accompanied_count(**filters),
    }
