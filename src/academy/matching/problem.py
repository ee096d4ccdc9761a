"""The matching engine's input and output: plain, frozen values that know nothing of Django or the database."""

from __future__ import annotations

import math
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


def _sorted(items) -> list:
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _describe(ids: list, limit: int = 5) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def validate(problem: Problem) -> None:
    """Raise `ProblemError` naming everything wrong with `problem`, or return quietly."""
    problems: list[str] = []
    if not isinstance(problem.shortlist_size, int) or problem.shortlist_size < 1:
        problems.append(
            f"shortlist size must be a whole number of at least 1, not {problem.shortlist_size!r}"
        )
    requesters = set(problem.requesters)
    if len(requesters) != len(problem.requesters):
        seen: set[int] = set()
        twice = _sorted({r for r in problem.requesters if r in seen or seen.add(r)})  # type: ignore[func-returns-value]
        problems.append(f"requesters listed more than once: {_describe(twice)}")
    bad_capacity = _sorted(
        p for p, c in problem.capacity.items() if isinstance(c, bool) or not isinstance(c, int) or c < 0
    )
    if bad_capacity:
        problems.append(
            "capacity must be a whole number of free places, 0 or more, for practitioners "
            + _describe([f"{p} ({problem.capacity[p]!r})" for p in bad_capacity])
        )
    for name, pairs in (
        ("scores", problem.scores),
        ("forbidden", problem.forbidden),
        ("factors", problem.factors),
    ):
        unknown_r = _sorted({r for r, _ in pairs if r not in requesters})
        unknown_p = _sorted({p for _, p in pairs if p not in problem.capacity})
        if unknown_r:
            problems.append(f"{name} name requesters not in the problem: {_describe(unknown_r)}")
        if unknown_p:
            problems.append(f"{name} name practitioners not in the problem: {_describe(unknown_p)}")
    bad_fit = _sorted(pair for pair, fit in problem.scores.items() if not _fit_ok(fit))
    if bad_fit:
        problems.append(
            f"fit must be a number from 0 to {MAX_FIT:,.0f}: "
            + _describe([f"{r}-{p} ({problem.scores[(r, p)]!r})" for r, p in bad_fit])
        )
    if problems:
        raise ProblemError(problems)


def _fit_ok(fit: object) -> bool:
    return (
        isinstance(fit, int | float)
        and not isinstance(fit, bool)
        and math.isfinite(fit)
        and 0 <= fit <= MAX_FIT
    )
