"""The number rules every app prints with, checked against figures worked out by hand."""

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.reporting.arithmetic import (
    Proportion,
    median,
    percent,
    share_of,
    suppress_count,
    too_few_to_show,
    wilson_interval,
    withheld_sentence,
)


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (8, 13, 62),  # 61.538...% -> 62
        (5, 13, 38),  # 38.461...% -> 38
        (6, 13, 46),  # 46.153...% -> 46
        (12, 13, 92),  # 92.307...% -> 92
        (13, 13, 100),
        (1, 8, 13),  # exactly 12.5% -> 13 (half up, not to even)
        (1, 40, 3),  # exactly 2.5% -> 3
        (7, 8, 88),  # 87.5% -> 88 ("88% strongly agreed")
        (0, 5, 0),
        (1, 3, 33),
        (2, 3, 67),
    ],
)
def test_percentages_round_half_up_from_the_exact_fraction(count, base, expected):
    assert percent(count, base) == expected


def test_a_base_of_nought_has_no_percentage():
    assert percent(0, 0) is None
    assert Proportion.of(0, 0).text == "no responses"


def test_wilson_interval_matches_hand_working():
    # 12 of 13: p = 0.923077, z^2/n = 0.295497, centre = 0.826574, margin = 0.159718 -> 66.7% to 98.6%
    assert wilson_interval(12, 13) == (66.7, 98.6)
    # 0 of 10: the textbook upper bound 27.75%
    assert wilson_interval(0, 10) == (0.0, 27.8)
    assert wilson_interval(13, 13) == (77.2, 100.0)
    assert wilson_interval(0, 0) == (None, None)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, None), (7, None), (8, 10), (12, 10), (13, 15), (22, 20), (23, 25), (100, 100)],
)
def test_small_numbers_are_suppressed_and_others_rounded_to_five(count, shown):
    assert suppress_count(count) == shown


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7, 9, 9, 9, 10, 10], Fraction(9)),  # even: the two middle values are both 9
        ([6, 8], Fraction(7)),  # even: the mean of 6 and 8
        ([3, 1, 2], Fraction(2)),  # odd: the middle one, in order
        ([1, 2, 3, 4], Fraction(5, 2)),
        ([], None),
    ],
)
def test_the_median_of_counted_values_equals_the_median_of_the_values_themselves(values, expected):
    """Numeric answers are counted per value in the database; the median must not change for it."""
    assert median(values) == expected
    assert median(Counter(values)) == expected


@given(st.integers(min_value=1, max_value=10**6).flatmap(lambda b: st.tuples(st.integers(0, b), st.just(b))))
def test_a_percentage_is_the_exact_fraction_rounded_half_up(pair):
    count, base = pair
    shown = percent(count, base)
    assert shown is not None and 0 <= shown <= 100
    # |100*count/base - shown| <= 1/2, with a half going up
    assert 2 * abs(100 * count - shown * base) <= base
    assert share_of(count, base) == shown
    low, high = wilson_interval(count, base)
    assert low is not None and high is not None and 0.0 <= low <= high <= 100.0


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_an_impossible_share_is_never_printed(extra, base):
    assert share_of(base + extra + 1, base) is None
    assert share_of(0, 0) is None


def test_groups_under_the_minimum_are_too_few_to_show_and_say_so(settings):
    settings.ANONYMOUS_MINIMUM_RESPONSES = 5
    assert [too_few_to_show(n) for n in range(7)] == [False, True, True, True, True, False, False]
    assert withheld_sentence(1) == (
        "1 response to anonymous evaluations with fewer than 5 responses left out, "
        "so that no one's answers can be picked out"
    )
