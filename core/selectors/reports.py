"""The reports composed from the indicators: a region's annual report and an agreement's targets."""

from decimal import Decimal

from core.models import ActivityKind, Agreement, IndicatorTarget, Outcome
from core.selectors.indicators import (
    activity_summary,
    companies_accompanied_count,
    exploratory_stay_participant_count,
    indicator_actual,
    intervention_hours,
    new_candidate_count,
    outcome_counts,
    participant_count,
    participant_portrait,
    program_summary,
    walk_in_participant_count,
)


def agreement_indicators(*, agreement: Agreement) -> list[dict]:
    """Each target of an agreement beside its actual: [{"indicator", "label", "target", "actual", "ratio", ...}].

    The actual covers the target's program (else the agreement's programs) over the target's period
    (else the agreement's dates).
    """
    agreement_programs = list(agreement.programs.values_list("pk", flat=True))
    rows = []
    for target in IndicatorTarget.objects.filter(agreement=agreement).select_related("program"):
        programs = [target.program_id] if target.program_id else (agreement_programs or None)
        actual = indicator_actual(
            target.indicator,
            date_from=target.period_start or agreement.start_date,
            date_to=target.period_end or agreement.end_date,
            programs=programs,
            agreement=agreement,
        )
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
                "period_start": target.period_start or agreement.start_date,
                "period_end": target.period_end or agreement.end_date,
                "note": target.note,
            }
        )
    return rows


def region_indicators(*, date_from=None, date_to=None, programs=None, operator=None) -> dict:
    """The annual report, computed (a fixed number of queries whatever the volume)."""
    filters = {"date_from": date_from, "date_to": date_to, "programs": programs, "operator": operator}
    outcomes = outcome_counts(**filters)
    activities = activity_summary(**filters)
    return {
        "period": {"date_from": date_from, "date_to": date_to},
        "participants": participant_count(**filters),
        "portrait": participant_portrait(**filters),
        "intervention_hours": intervention_hours(**filters),
        "walk_in_participants": walk_in_participant_count(**filters),
        "new_candidates": new_candidate_count(**filters),
        "outcomes": outcomes,
        "successful_migrations": outcomes[Outcome.SUCCESSFUL_MIGRATION],
        "parallel_migrations": outcomes[Outcome.PARALLEL_MIGRATION],
        "exploratory_stay_participants": exploratory_stay_participant_count(**filters),
        "programs": program_summary(**filters),
        "activities": activities,
        "activity_count": sum(row["activities"] for row in activities),
        "people_reached": sum(row["people_reached"] for row in activities),
        "kiosks": next((row["activities"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0),
        "people_reached_at_kiosks": next(
            (row["people_reached"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0
        ),
        "companies_accompanied": companies_accompanied_count(**filters),
    }
