"""Inter-rater agreement among a panel: pure functions over plain ratings (no Django).

`ratings` is one list per subject (an element of the claim), holding each rater's category. Every
subject must have the same number of raters, at least two.

- Percentage agreement: of all pairs of raters over all subjects, the share that gave the same rating.
- Fleiss' kappa (Fleiss 1971): agreement beyond what chance would give, with chance taken from the
  overall share of each category; for two raters it equals Scott's pi.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Agreement:
    subjects: int
    raters: int
    agreeing_pairs: int
    pairs: int
    kappa: float | None  # None when chance agreement is total (everyone used one category)

    @property
    def percent(self) -> float:
        return 100.0 * self.agreeing_pairs / self.pairs if self.pairs else 0.0

    @property
    def base(self) -> str:
        return (
            f"{self.agreeing_pairs} of {self.pairs} pairs of ratings agree "
            f"({self.subjects} elements, {self.raters} panel members)"
        )


def agreement(ratings: Sequence[Sequence[int]]) -> Agreement:
    if not ratings:
        raise ValueError("There are no ratings to compare.")
    raters = len(ratings[0])
    if raters < 2 or any(len(row) != raters for row in ratings):
        raise ValueError("Every element needs a rating from each of at least two panel members.")
    subjects = len(ratings)
    pairs_per_subject = raters * (raters - 1) // 2
    agreeing = 0
    totals: Counter[int] = Counter()
    p_bar = Fraction(0)
    for row in ratings:
        counts = Counter(row)
        totals.update(counts)
        same = sum(n * (n - 1) // 2 for n in counts.values())
        agreeing += same
        p_bar += Fraction(same, pairs_per_subject)
    p_bar /= subjects
    all_ratings = subjects * raters
    p_e = sum((Fraction(n, all_ratings) ** 2 for n in totals.values()), Fraction(0))
    kappa = None if p_e == 1 else float((p_bar - p_e) / (1 - p_e))
    return Agreement(
        subjects=subjects,
        raters=raters,
        agreeing_pairs=agreeing,
        pairs=subjects * pairs_per_subject,
        kappa=kappa,
    )
