"""Suppression across the whole table: no hidden count is ever recoverable by subtraction."""

import random

from core.suppression import suppress_linked

THRESHOLD = 5


def _recoverable(values, relations, hidden) -> list:
    """Cells a reader could compute: the only hidden part of a breakdown whose total is shown, or
    hidden parts whose sum (total minus the shown parts) is itself under the threshold."""
    leaks = []
    for parts, total in relations:
        if total is None or total in hidden:
            continue
        hidden_parts = [key for key in parts if key in hidden and values[key] > 0]
        if len(hidden_parts) == 1:
            leaks.append(hidden_parts[0])
        elif hidden_parts and 0 < sum(values[key] for key in hidden_parts) < THRESHOLD:
            leaks.extend(hidden_parts)
    return leaks


def test_a_small_region_is_hidden_with_a_complement_so_the_total_cannot_give_it_away():
    values = {"a": 12, "b": 3, "c": 40, "total": 55}
    hidden = suppress_linked(values, [(["a", "b", "c"], "total")], THRESHOLD)
    assert "b" in hidden
    assert "a" in hidden  # the smallest other cell, so total - c - a is not b
    assert "total" not in hidden
    assert "c" not in hidden


def test_a_cell_hidden_in_a_column_is_protected_in_its_row_too():
    # Region r1 by axis (row total r1) and each axis by region (column totals).
    values = {
        ("r1", "x"): 3,
        ("r1", "y"): 20,
        "r1": 23,
        ("r2", "x"): 30,
        ("r2", "y"): 25,
        "r2": 55,
        ("t", "x"): 33,
        ("t", "y"): 45,
        "t": 78,
    }
    relations = [
        ([("r1", "x"), ("r1", "y")], "r1"),
        ([("r2", "x"), ("r2", "y")], "r2"),
        ([("r1", "x"), ("r2", "x")], ("t", "x")),
        ([("r1", "y"), ("r2", "y")], ("t", "y")),
        (["r1", "r2"], "t"),
        ([("t", "x"), ("t", "y")], "t"),
    ]
    hidden = suppress_linked(values, relations, THRESHOLD)
    assert ("r1", "x") in hidden
    assert _recoverable(values, relations, hidden) == []


def test_random_tables_never_leak_a_hidden_cell():
    rng = random.Random(14)
    for _ in range(300):
        regions, axes = rng.randint(1, 6), rng.randint(1, 4)
        values, relations = {}, []
        for r in range(regions):
            for a in range(axes):
                values[(r, a)] = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40])
            values[("row", r)] = sum(values[(r, a)] for a in range(axes))
            relations.append(([(r, a) for a in range(axes)], ("row", r)))
        for a in range(axes):
            values[("col", a)] = sum(values[(r, a)] for r in range(regions))
            relations.append(([(r, a) for r in range(regions)], ("col", a)))
        values["grand"] = sum(values[("row", r)] for r in range(regions))
        relations.append(([("row", r) for r in range(regions)], "grand"))
        relations.append(([("col", a) for a in range(axes)], "grand"))
        hidden = suppress_linked(values, relations, THRESHOLD)
        assert all(not (0 < value < THRESHOLD) or key in hidden for key, value in values.items())
        assert _recoverable(values, relations, hidden) == [], (values, hidden)
