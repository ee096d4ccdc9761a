"""The matching engine's input and output: plain, frozen values that know nothing of Django or the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Fit is held to six decimal places in the solver (integer costs); larger fits would overflow its arithmetic.
SCALE = 1_000_000
MAX_FIT = 1_000_000.0

# The reasons a pair may be forbidden, in the words the coaching app uses (any other text is accepted too).
IN_CHAIN = "in line-management chain"
EXCLUDED_BY_REQUESTER = "excluded by requester"
EXCLUDED_BY_PRACTITIONER = "excluded by practitioner"
SAME_ORGANISATION = "same organisation"


class ProblemError(ValueError):
    """The problem cannot be solved as given; `problems` lists every reason, all at once."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The matching problem is not valid: " + "; ".join(problems))


@dataclass(frozen=True)
class Problem:
    requesters: tuple[int, ...]
    capacity: Mapping[int, int]
    scores: Mapping[tuple[int, int], float]
    forbidden: Mapping[tuple[int, int], str] = field(default_factory=dict)
    factors: Mapping[tuple[int, int], Mapping[str, float]] = field(default_factory=dict)
    shortlist_size: int = 3

    @property
    def practitioners(self) -> tuple[int, ...]:
        return tuple(sorted(self.capacity))

    def allowed(self, requester: int, practitioner: int) -> bool:
        return (requester, practitioner) in self.scores and (requester, practitioner) not in self.forbidden


@dataclass(frozen=True)
class Proof:
    """Every rule re-checked on the output, without using the solver (see `proof.check`)."""

    capacity_ok: bool
    forbidden_ok: bool
    shortlists_within_capacity: bool
    violations: list[str]
    eligible_ok: bool = True
    objective_ok: bool = True

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class Result:
    assignment: Mapping[int, int]
    objective: float
    optimal: bool
    unmatched: Mapping[int, str]
    shortlists: Mapping[int, tuple[int, ...]]
    proof: Proof
    explanations: Mapping[int, Mapping[str, float]]

    @property
    def matched(self) -> int:
        return len(self.assignment)
