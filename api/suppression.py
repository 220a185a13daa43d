"""Small-cell suppression of the counts funders see, so that no one can be singled out.

Primary suppression: a count of people from 1 to threshold-1 is shown as "<threshold" (0 stays 0:
an empty cell names no one). Complementary suppression: when a breakdown is published with its
total, one hidden cell could be recovered by subtraction (total minus the visible cells), and two
hidden cells whose sum is below the threshold give each other away; so further cells are hidden,
smallest first, until the hidden cells are at least two and add up to at least the threshold —
and when no cell is left to hide, the total is hidden too.
"""

from collections.abc import Sequence


def masked(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress_breakdown(cells: Sequence[int], total: int | None, threshold: int) -> tuple[list[bool], bool]:
    """Which cells (and whether the total) to hide. `total` is None when no total is published."""
    hidden = [is_small(value, threshold) for value in cells]
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


def apply(value: int, hide: bool, threshold: int):
    return masked(threshold) if hide else value


def suppress_value(value: int, threshold: int):
    return masked(threshold) if is_small(value, threshold) else value
