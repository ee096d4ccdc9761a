"""The values the set former takes and gives back. Plain, frozen and hashable, so the app can keep them
as they are and the same input always means the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Member:
    """One person in the pool. `manager_id` is their line manager's id, or None; `slots` are the
    meeting times they can make (any labels, e.g. "Tuesday morning")."""

    id: int
    ics: str
    sector: str
    organisation: str
    role_level: str
    manager_id: int | None
    slots: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """The hard rules: every formation keeps all of them or none is formed."""

    min_size: int = 5
    max_size: int = 8
    max_per_organisation: int = 2


@dataclass(frozen=True)
class Weights:
    """The soft aims: each set scores, for every attribute, its number of distinct values times the
    attribute's weight. Visible to and editable by the programme manager."""

    ics: int = 3
    sector: int = 2
    organisation: int = 1
    role_level: int = 1


@dataclass(frozen=True)
class Proposal:
    """A formation: every set with its meeting slot and members (ids ascending; sets ordered by slot
    and then by their smallest member id), or, when no formation keeps every rule, no sets at all and
    every member in `unplaced` with the reason."""

    sets: tuple[tuple[str, tuple[int, ...]], ...]
    unplaced: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    mix_score: int = 0
    mix_bound: int = 0
    optimal: bool = False
    gap: float | None = None
    breaches: tuple[str, ...] = ()

    @property
    def formed(self) -> bool:
        return bool(self.sets) and not self.unplaced and not self.breaches


class PoolError(ValueError):
    """The pool cannot be formed into sets at all; `reasons` says why, in plain English."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)
