"""Reads on a region's data that need more than a filter, split by purpose.

- `lookups`: what the services look up before they write (possible duplicates, an actor's row);
- `indicators`: every indicator of the reports, computed in SQL from the data;
- `reports`: the reports composed from them (a region's annual report, an agreement's targets).

These are unscoped: who may read what is decided once in `core.access`, which callers apply first
(`core.access.indicators_for_actor` for the indicators).
"""

from core.selectors.indicators import (
    BREAKDOWN_FIELDS,
    activity_summary,
    activity_totals_by_program,
    companies_accompanied_count,
    enrollments_in_period,
    exploratory_stay_participant_count,
    exploratory_stay_participant_counts_by_program,
    indicator_actual,
    intervention_hours,
    intervention_minutes_by_program,
    new_candidate_count,
    outcome_counts,
    participant_breakdown,
    participant_count,
    participant_counts_by_axis,
    participant_portrait,
    participants_served,
    people_reached,
    program_summary,
    walk_in_participant_count,
)
from core.selectors.lookups import participant_find_possible_duplicate, team_member_for_user
from core.selectors.reports import agreement_indicators, agreements_report, region_indicators

__all__ = [
    "BREAKDOWN_FIELDS",
    "activity_summary",
    "activity_totals_by_program",
    "agreement_indicators",
    "agreements_report",
    "companies_accompanied_count",
    "enrollments_in_period",
    "exploratory_stay_participant_count",
    "exploratory_stay_participant_counts_by_program",
    "indicator_actual",
    "intervention_hours",
    "intervention_minutes_by_program",
    "new_candidate_count",
    "outcome_counts",
    "participant_breakdown",
    "participant_count",
    "participant_counts_by_axis",
    "participant_find_possible_duplicate",
    "participant_portrait",
    "participants_served",
    "people_reached",
    "program_summary",
    "region_indicators",
    "team_member_for_user",
    "walk_in_participant_count",
]
