"""The pool as the former reads it: members by id, line-management chains, and the mix of a set."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .types import Member, PoolError, Rules, Weights

ATTRIBUTES = ("ics", "sector", "organisation", "role_level")


def weight_of(weights: Weights) -> dict[str, int]:
    return {a: getattr(weights, a) for a in ATTRIBUTES}


def validate(members: Sequence[Member], rules: Rules, weights: Weights | None = None) -> None:
    """Input that is not a pool at all (a programming error, not a pool that cannot be formed)."""
    twice = sorted(i for i, c in Counter(m.id for m in members).items() if c > 1)
    problems = [f"person {i} is in the pool more than once" for i in twice]
    if rules.min_size < 1:
        problems.append("the smallest set size must be at least 1")
    if rules.max_per_organisation < 1:
        problems.append("at least 1 person per organisation must be allowed in a set")
    if weights is not None and any(w < 0 for w in weight_of(weights).values()):
        problems.append("the weights of the mix cannot be negative")
    if problems:
        raise PoolError(problems)


@dataclass
class Pool:
    """Members in id order (so the order they arrive in never matters) with their chains."""

    members: tuple[Member, ...]

    @classmethod
    def of(cls, members: Iterable[Member]) -> Pool:
        return cls(tuple(sorted(members, key=lambda m: m.id)))

    @cached_property
    def by_id(self) -> dict[int, Member]:
        return {m.id: m for m in self.members}

    @cached_property
    def ids(self) -> tuple[int, ...]:
        return tuple(m.id for m in self.members)

    @cached_property
    def keys(self) -> dict[int, tuple[tuple[str, str], ...]]:
        """Each member's (attribute, value) pairs, the units of the mix."""
        return {m.id: tuple((a, value(m, a)) for a in ATTRIBUTES) for m in self.members}

    @cached_property
    def ancestors(self) -> dict[int, tuple[int, ...]]:
        """Each member's managers above them, nearest first, as far as the chain runs through members
        of the pool. A manager outside the pool ends the chain: the engine knows only the pool's own
        `manager_id`s (the app passes each person's nearest manager who is in the pool; see
        docs/grouping.md). A loop in bad data makes everyone on it one chain."""
        result: dict[int, tuple[int, ...]] = {}
        for m in self.members:
            chain: list[int] = []
            seen = {m.id}
            boss = m.manager_id
            while boss is not None and boss in self.by_id and boss not in seen:
                chain.append(boss)
                seen.add(boss)
                boss = self.by_id[boss].manager_id
            result[m.id] = tuple(chain)
        return result

    @cached_property
    def related(self) -> dict[int, frozenset[int]]:
        """Everyone in one line-management chain with each member, in either direction, any depth."""
        rel: dict[int, set[int]] = {i: set() for i in self.ids}
        for i, chain in self.ancestors.items():
            for boss in chain:
                if boss != i:
                    rel[i].add(boss)
                    rel[boss].add(i)
        return {i: frozenset(r) for i, r in rel.items()}

    @cached_property
    def cliques(self) -> list[tuple[int, ...]]:
        """Groups of which at most one member may be in a set: each member nobody in the pool reports
        to, with everyone above them; then any related pair those miss (only on loops in bad data)."""
        has_report = {chain[0] for chain in self.ancestors.values() if chain}
        out = [(i, *chain) for i, chain in self.ancestors.items() if chain and i not in has_report]
        covered = {(a, b) for c in out for a in c for b in c}
        out += [(a, b) for a in self.ids for b in sorted(self.related[a]) if a < b and (a, b) not in covered]
        return out

    def chain_between(self, a: int, b: int) -> tuple[int, ...] | None:
        """The chain from the junior of `a` and `b` up to the senior, or None if they are not in one."""
        for low, high in ((a, b), (b, a)):
            chain = self.ancestors[low]
            if high in chain:
                return (low, *chain[: chain.index(high) + 1])
        return None

    def longest_chain(self) -> tuple[int, ...]:
        best: tuple[int, ...] = ()
        for i in self.ids:
            chain = (i, *self.ancestors[i])
            if len(chain) > len(best):
                best = chain
        return best


def value(member: Member, attribute: str) -> str:
    return str(getattr(member, attribute))


def set_mix(members: Iterable[Member], weights: Weights) -> int:
    w = weight_of(weights)
    group = list(members)
    return sum(w[a] * len({value(m, a) for m in group}) for a in ATTRIBUTES)


def size_profiles(n: int, rules: Rules) -> range:
    """How many sets the pool could make: every count k with k * min <= n <= k * max."""
    if rules.min_size > rules.max_size or n == 0:
        return range(0)
    low = -(-n // rules.max_size)
    high = n // rules.min_size
    return range(low, high + 1) if low <= high else range(0)


def balanced(n: int, k: int) -> list[int]:
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def obvious_bound(pool: Pool, rules: Rules, weights: Weights) -> int:
    """Issue 13 §6: each set's distinct values of an attribute are at most its size and at most the
    number of values in the pool. The best over every way of sizing the sets (equal sizes are best
    for a given number of sets, as the per-set bound is concave in the size)."""
    w = weight_of(weights)
    kinds = {a: len({value(m, a) for m in pool.members}) for a in ATTRIBUTES}
    best = 0
    for k in size_profiles(len(pool.members), rules):
        total = sum(sum(w[a] * min(s, kinds[a]) for a in ATTRIBUTES) for s in balanced(len(pool.members), k))
        best = max(best, total)
    return best


def sharp_bound(pool: Pool, rules: Rules, weights: Weights) -> int:
    """A tighter upper bound, used for the gap: with k sets, a value held by c people appears in at
    most min(c, k) sets; take the smaller of that and the obvious bound for each k, and the best k."""
    w = weight_of(weights)
    counts = {a: Counter(value(m, a) for m in pool.members) for a in ATTRIBUTES}
    kinds = {a: len(c) for a, c in counts.items()}
    best = 0
    n = len(pool.members)
    for k in size_profiles(n, rules):
        by_size = sum(sum(w[a] * min(s, kinds[a]) for a in ATTRIBUTES) for s in balanced(n, k))
        by_value = sum(w[a] * sum(min(c, k) for c in counts[a].values()) for a in ATTRIBUTES)
        best = max(best, min(by_size, by_value))
    return best


def count_sets(k: int) -> str:
    return f"{k} set" if k == 1 else f"{k} sets"


def count_people(k: int) -> str:
    return f"{k} person" if k == 1 else f"{k} people"
