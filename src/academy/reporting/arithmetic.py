"""The number rules every app prints with: percentages, intervals, medians, and the small-number rules.

Rounding rule (tested in tests/reporting/test_arithmetic.py):

    A percentage is the exact fraction count/base, multiplied by 100 and rounded HALF UP to a whole
    number, computed with integers (never floats), so 8/13 = 61.538...% prints 62%, 6/13 = 46.153...%
    prints 46% and 1/8 = 12.5% prints 13%. A combined figure such as "agree or strongly agree" is
    computed from the summed counts, never by adding rounded parts. A base of 0 has no percentage.

    Wilson 95% score intervals are printed as percentages to one decimal place, rounded half up.

Small numbers: equality counts of 1 to EQUALITY_SUPPRESSION_MAX are hidden and larger ones rounded to the
nearest EQUALITY_ROUND_TO; nothing about fewer than anonymous_minimum() anonymous respondents is shown.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings

Z_95 = 1.959963984540054


def percent(count: int, base: int) -> int | None:
    """Whole percent of count/base, rounded half up from the exact fraction (see the module docstring)."""
    if base <= 0:
        return None
    if count < 0 or count > base:
        raise ValueError("count must lie between 0 and the base")
    # floor(100*count/base + 1/2) with integers only
    return (200 * count + base) // (2 * base)


def _round_1dp(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def wilson_interval(count: int, base: int, z: float = Z_95) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval for a proportion, as percentages to one decimal place."""
    if base <= 0:
        return (None, None)
    p = count / base
    denominator = 1 + z * z / base
    centre = (p + z * z / (2 * base)) / denominator
    margin = z * math.sqrt(p * (1 - p) / base + z * z / (4 * base * base)) / denominator
    low = max(0.0, centre - margin)
    high = min(1.0, centre + margin)
    return (_round_1dp(low * 100), _round_1dp(high * 100))


def median(values: Sequence[int | Fraction] | Mapping[int, int]) -> Fraction | None:
    """Exact median (the mean of the two middle values for an even count), of a list of values or of
    value -> how many times it was given (a million 0-10 ratings are eleven counts, not a million items)."""
    counted: Mapping[Fraction, int] = (
        {Fraction(v): n for v, n in values.items()}
        if isinstance(values, Mapping)
        else Counter(Fraction(v) for v in values)
    )
    total = sum(counted.values())
    if not total:
        return None
    ordered = sorted(counted.items())

    def nth(position: int) -> Fraction:  # the value at a 0-based position in the sorted values
        seen = 0
        for value, n in ordered:
            seen += n
            if position < seen:
                return value
        raise IndexError(position)

    middle = total // 2
    if total % 2:
        return nth(middle)
    return (nth(middle - 1) + nth(middle)) / 2


@dataclass(frozen=True)
class Proportion:
    """count of base, the whole percent and its Wilson 95% interval."""

    count: int
    base: int
    percent: int | None
    ci_low: float | None
    ci_high: float | None

    @classmethod
    def of(cls, count: int, base: int) -> Proportion:
        low, high = wilson_interval(count, base)
        return cls(count=count, base=base, percent=percent(count, base), ci_low=low, ci_high=high)

    @property
    def text(self) -> str:
        return "no responses" if self.percent is None else f"{self.percent}%"


def share_of(count: int, base: int) -> int | None:
    """The whole percent of count/base, or None when there is no honest percentage: a base of 0, or a
    count larger than its base (an impossible figure is never printed as 100%)."""
    if base <= 0 or count < 0 or count > base:
        return None
    return percent(count, base)


def suppress_count(count: int) -> int | None:
    """0 stays 0; 1 to EQUALITY_SUPPRESSION_MAX are hidden (None); larger counts round to the nearest
    EQUALITY_ROUND_TO, halves upwards (e.g. 12 -> 10, 13 -> 15)."""
    if count == 0:
        return 0
    if count <= settings.EQUALITY_SUPPRESSION_MAX:
        return None
    step = settings.EQUALITY_ROUND_TO
    return ((2 * count + step) // (2 * step)) * step


ANONYMOUS_MINIMUM = 5  # settings.ANONYMOUS_MINIMUM_RESPONSES overrides it


def anonymous_minimum() -> int:
    """How many people must have answered an anonymous evaluation before anything about their answers
    is shown: below it, one person's answers could be read off a figure."""
    return int(getattr(settings, "ANONYMOUS_MINIMUM_RESPONSES", ANONYMOUS_MINIMUM))


def too_few_to_show(respondents: int) -> bool:
    """True for a group of 1 to anonymous_minimum() - 1 respondents (none is not a group to protect)."""
    return 0 < respondents < anonymous_minimum()


def withheld_sentence(responses: int) -> str:
    """What a page says in place of (or beside) figures held back under the minimum."""
    noun = "response" if responses == 1 else "responses"
    return (
        f"{responses} {noun} to anonymous evaluations with fewer than {anonymous_minimum()} responses "
        "left out, so that no one's answers can be picked out"
    )
