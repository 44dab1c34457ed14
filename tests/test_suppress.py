"""Small-cell suppression: small counts hidden, and nothing a total would give away."""

import pytest
from invariants import determined

from tipreport.errors import UsageError
from tipreport.suppress import SECONDARY, check_below, suppress


def one(total, **parts):
    """A table of one breakdown: its values, and the breakdown."""
    values = {"total": total, **parts}
    return values, [("total", list(parts))]


def test_counts_from_1_to_4_are_hidden_and_0_is_not():
    values, breakdowns = one(14, a=1, b=4, c=0, d=9)
    hidden = suppress(values, breakdowns, 5)
    assert hidden["a"] == "<5" and hidden["b"] == "<5"
    assert "c" not in hidden and "d" not in hidden and "total" not in hidden


def test_one_hidden_part_takes_the_next_smallest_with_it():
    values, breakdowns = one(43, female=3, male=40, other=0)
    assert suppress(values, breakdowns, 5) == {"female": "<5", "other": "<5"}  # 0: true


def test_a_secondary_count_of_5_or_more_is_x_never_under_5():
    values, breakdowns = one(60, female=3, male=40, other=17)
    assert suppress(values, breakdowns, 5) == {"female": "<5", "other": SECONDARY}


def test_two_hidden_counts_that_must_both_be_4_are_protected_by_a_third():
    # 48 - 40 = 8 = two hidden counts of at most 4 each: both are 4, so a third is hidden
    values, breakdowns = one(48, a=4, b=4, c=40)
    hidden = suppress(values, breakdowns, 5)
    assert set(hidden) == {"a", "b", "c"}


def test_a_reader_who_takes_every_under_5_as_1_to_4_learns_nothing_exact():
    # hidden: 1 and 5 ("x" ≥ 5); 46 - 40 = 6 leaves 1 + 5 as the only split with a ≥ 1
    values, breakdowns = one(46, a=1, b=5, c=40)
    hidden = suppress(values, breakdowns, 5)
    assert set(hidden) == {"a", "b", "c"}


def test_a_grid_hides_along_both_directions_and_across_totals():
    # a 2 × 2 table with its margins: a and d small
    values = {"T": 20, "r1": 10, "r2": 10, "c1": 10, "c2": 10, "a": 3, "b": 7, "c": 7, "d": 3}
    breakdowns = [("T", ["r1", "r2"]), ("T", ["c1", "c2"]), ("r1", ["a", "b"]),
                  ("r2", ["c", "d"]), ("c1", ["a", "c"]), ("c2", ["b", "d"])]
    hidden = suppress(values, breakdowns, 5)
    assert hidden == {"a": "<5", "d": "<5", "b": SECONDARY, "c": SECONDARY}


def grid(interior: list[list[int]]):
    """A table with its row and column totals and a grand total: values and breakdowns."""
    values, breakdowns = {}, []
    rows, cols = len(interior), len(interior[0])
    for i, row in enumerate(interior):
        for j, v in enumerate(row):
            values[(i, j)] = v
    for i in range(rows):
        values[("row", i)] = sum(interior[i])
        breakdowns.append((("row", i), [(i, j) for j in range(cols)]))
    for j in range(cols):
        values[("col", j)] = sum(r[j] for r in interior)
        breakdowns.append((("col", j), [(i, j) for i in range(rows)]))
    values["T"] = sum(map(sum, interior))
    breakdowns.append(("T", [("row", i) for i in range(rows)]))
    breakdowns.append(("T", [("col", j) for j in range(cols)]))
    return values, breakdowns


def test_no_cell_is_recovered_from_several_totals_together():
    # two blocks of small counts joined by one small count at (1, 2): every row and column
    # hides two numbers or more, yet (1, 2) follows from the totals of rows 0-1 and
    # columns 0-1 together, unless something more is hidden
    interior = [[2, 3, 20, 20],
                [1, 2, 3, 20],
                [20, 20, 2, 1],
                [20, 20, 3, 2]]
    values, breakdowns = grid(interior)
    assert determined(breakdowns, {k for k, v in values.items() if 0 < v < 5}) == [
        (1, 2)]
    hidden = suppress(values, breakdowns, 5)
    assert {k for k, v in values.items() if 0 < v < 5} <= set(hidden)
    assert determined(breakdowns, hidden) == []
    for total, parts in breakdowns:
        assert sum(k in hidden for k in (total, *parts)) != 1


def test_off_and_edge_thresholds():
    values, breakdowns = one(43, female=3, male=40)
    assert suppress(values, breakdowns, 0) == {}
    assert suppress(values, breakdowns, 1) == {}
    assert suppress(values, breakdowns, 4) == {"female": "<4", "male": SECONDARY}


def test_parts_that_do_not_add_up_are_a_programming_error():
    with pytest.raises(ValueError):
        suppress({"t": 5, "a": 1, "b": 1}, [("t", ["a", "b"])], 5)


@pytest.mark.parametrize("bad", [-1, 2.5, True, "5", None])
def test_the_threshold_is_a_whole_number(bad):
    with pytest.raises(UsageError):
        check_below(bad)
    assert check_below(0) == 0 and check_below(5) == 5
