"""Small-cell suppression of the counts funders see, so that no one can be singled out.

Primary suppression: a count of people from 1 to threshold-1 is shown as "<threshold" (0 stays 0:
an empty cell names no one). Complementary suppression: when a breakdown is published with its
total, one hidden cell could be recovered by subtraction (total minus the visible cells), and two
hidden cells whose sum is below the threshold give each other away; so further cells are hidden,
smallest first, until the hidden cells are at least two and add up to at least the threshold —
and when no cell is left to hide, the total is hidden too.
"""

from collections.abc import Hashable, Sequence

from core.models import ActivityKind, Indicator, Outcome


def masked(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress_breakdown(
    cells: Sequence[int], total: int | None, threshold: int, hidden: Sequence[bool] | None = None
) -> tuple[list[bool], bool]:
    """Which cells (and whether the total) to hide. `total` is None when no total is published;
    `hidden`: cells already hidden for another reason (another breakdown they belong to)."""
    hidden = [
        is_small(value, threshold) or bool(hidden and hidden[index]) for index, value in enumerate(cells)
    ]
    if total is not None and is_small(total, threshold):
        return [value > 0 for value in cells], True
    if total is None or not any(hidden):
        return hidden, False
    while True:
        values = [value for value, hide in zip(cells, hidden, strict=True) if hide]
        if len(values) >= 2 and sum(values) >= threshold:
            return hidden, False
        candidates = sorted(
            (value, index)
            for index, (value, hide) in enumerate(zip(cells, hidden, strict=True))
            if value > 0 and not hide
        )
        if not candidates:
            return hidden, True
        hidden[candidates[0][1]] = True


def suppress_linked(
    values: dict[Hashable, int],
    relations: Sequence[tuple[Sequence[Hashable], Hashable | None]],
    threshold: int,
) -> set[Hashable]:
    """Which cells of a table to hide, when cells belong to several published breakdowns at once.

    `values`: every published count, totals included, by key; `relations`: (parts, total key or None)
    for each breakdown (a column of regions with the network total, a region's axes with its own
    total...). Each breakdown is suppressed as suppress_breakdown does, with what the others already
    hid, until nothing changes: a cell hidden to protect one breakdown is then protected in every
    other it belongs to, so no hidden cell can be recovered by subtraction along any of them.
    """
    hidden = {key for key, value in values.items() if is_small(value, threshold)}
    changed = True
    while changed:
        changed = False
        for parts, total in relations:
            # A hidden total publishes nothing to subtract from.
            published_total = None if total is None or total in hidden else values[total]
            flags, hide_total = suppress_breakdown(
                [values[key] for key in parts], published_total, threshold, [key in hidden for key in parts]
            )
            newly = {key for key, flag in zip(parts, flags, strict=True) if flag}
            if hide_total:
                newly.add(total)
            if not newly <= hidden:
                hidden |= newly
                changed = True
    return hidden


def apply(value: int, hide: bool, threshold: int):
    return masked(threshold) if hide else value


def suppress_value(value: int, threshold: int):
    return masked(threshold) if is_small(value, threshold) else value


# Indicators that count people: what a funder never sees below the threshold.
PEOPLE_INDICATORS = {
    Indicator.PARTICIPANTS,
    Indicator.NEW_CANDIDATES,
    Indicator.WALK_IN_PARTICIPANTS,
    Indicator.SUCCESSFUL_MIGRATIONS,
    Indicator.PARALLEL_MIGRATIONS,
    Indicator.EXPLORATORY_STAY_PARTICIPANTS,
    Indicator.EMPLOYMENT_OUTCOMES,
    Indicator.RETURN_TO_SCHOOL,
    Indicator.PEOPLE_REACHED,
}


def _breakdown(rows: list[dict], key: str, total, threshold: int):
    """Hides small cells of rows[*][key] against `total`; returns the (possibly hidden) total."""
    cells = [row[key] for row in rows]
    hidden, hide_total = suppress_breakdown(cells, total, threshold)
    for row, hide in zip(rows, hidden, strict=True):
        row[key] = apply(row[key], hide, threshold)
    return apply(total, hide_total, threshold) if total is not None else None


def suppress_report(report: dict, threshold: int) -> None:
    """Funder view of a region_indicators() report with its `agreements`, in place."""
    total = report["participants"]
    for rows in report["portrait"].values():
        _breakdown(rows, "count", total, threshold)
    programs = report["programs"]
    new_candidates = report["new_candidates"]
    outcomes = report["outcomes"]
    for outcome in Outcome.values:
        column = [{"n": program["outcomes"][outcome]} for program in programs]
        outcomes[outcome] = _breakdown(column, "n", outcomes[outcome], threshold)
        for program, cell in zip(programs, column, strict=True):
            program["outcomes"][outcome] = cell["n"]
    report["new_candidates"] = _breakdown(programs, "new_candidates", new_candidates, threshold)
    _breakdown(programs, "participants", total, threshold)
    for program in programs:
        program["open_enrollments"] = suppress_value(program["open_enrollments"], threshold)
    report["participants"] = suppress_value(total, threshold)
    report["successful_migrations"] = outcomes[Outcome.SUCCESSFUL_MIGRATION]
    report["parallel_migrations"] = outcomes[Outcome.PARALLEL_MIGRATION]
    for key in ("walk_in_participants", "exploratory_stay_participants"):
        report[key] = suppress_value(report[key], threshold)
    activities = report["activities"]
    report["people_reached"] = _breakdown(activities, "people_reached", report["people_reached"], threshold)
    _breakdown(activities, "named_attendance", None, threshold)
    report["people_reached_at_kiosks"] = next(
        (row["people_reached"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0
    )
    for agreement in report["agreements"]:
        for row in agreement["indicators"]:
            if row["indicator"] in PEOPLE_INDICATORS and is_small(int(row["actual"]), threshold):
                row["actual"] = masked(threshold)
                row["ratio"] = None
