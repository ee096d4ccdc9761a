"""A simple former that keeps every hard rule: deal people, the hardest to place first, into the set
where they add most to the mix. It does not search, so it can fail where a formation exists; it is
the baseline the solver is measured against and the solver's starting point."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .pool import Pool, weight_of
from .types import Member, Rules, Weights


@dataclass
class Group:
    slot: str
    ids: list[int] = field(default_factory=list)
    values: Counter[tuple[str, str]] = field(default_factory=Counter)
    blocked: Counter[int] = field(default_factory=Counter)

    def add(self, m: Member, pool: Pool) -> None:
        self.ids.append(m.id)
        self.values.update(pool.keys[m.id])
        self.blocked.update(pool.related[m.id])

    def remove(self, m: Member, pool: Pool) -> None:
        self.ids.remove(m.id)
        self.values.subtract(pool.keys[m.id])
        self.values = +self.values
        self.blocked.subtract(pool.related[m.id])
        self.blocked = +self.blocked

    def admits(self, m: Member, rules: Rules, *, room: int | None = None) -> bool:
        return (
            self.slot in m.slots
            and len(self.ids) < (rules.max_size if room is None else room)
            and self.values[("organisation", m.organisation)] < rules.max_per_organisation
            and not self.blocked[m.id]
        )

    def gain(self, keys: tuple[tuple[str, str], ...], w: dict[str, int]) -> int:
        return sum(w[key[0]] for key in keys if not self.values[key])


def _slot_shares(pool: Pool, k: int) -> list[str]:
    """The slot of each of the k sets: people are spread over the times they can make (the least
    flexible first, each to the time with least demand for its supply), then the sets are shared out
    in proportion to that spread (largest remainders)."""
    avail: Counter[str] = Counter(s for m in pool.members for s in m.slots)
    load: Counter[str] = Counter()
    for m in sorted(pool.members, key=lambda m: (len(m.slots), m.id)):
        if m.slots:
            best = min(sorted(m.slots), key=lambda s: (load[s] + 1) / avail[s])
            load[best] += 1
    n = sum(load.values())
    if not n:
        return []
    quota = {s: load[s] * k / n for s in sorted(load)}
    shares = {s: int(q) for s, q in quota.items()}
    for s in sorted(quota, key=lambda s: (-(quota[s] - shares[s]), s))[: k - sum(shares.values())]:
        shares[s] += 1
    return [s for s in sorted(shares) for _ in range(shares[s])]


def deal(pool: Pool, rules: Rules, weights: Weights, k: int) -> tuple[list[Group], list[int]]:
    """Up to k sets and whoever could not be placed; every set returned keeps every hard rule."""
    w = weight_of(weights)
    groups = [Group(slot) for slot in _slot_shares(pool, k)]
    by_org = Counter(m.organisation for m in pool.members)
    order = sorted(
        pool.members, key=lambda m: (len(m.slots), -len(pool.related[m.id]), -by_org[m.organisation], m.id)
    )
    unplaced: list[int] = []
    by_slot: dict[str, list[tuple[int, Group]]] = {}
    for j, g in enumerate(groups):
        by_slot.setdefault(g.slot, []).append((j, g))
    for m in order:
        fits = [(j, g) for s in sorted(m.slots) for j, g in by_slot.get(s, []) if g.admits(m, rules)]
        if not fits:
            unplaced.append(m.id)
            continue
        j, g = min(
            fits,
            key=lambda jg: (
                len(jg[1].ids) >= rules.min_size,
                -jg[1].gain(pool.keys[m.id], w),
                len(jg[1].ids),
                jg[0],
            ),
        )
        g.add(m, pool)
    _repair(pool, rules, w, groups, unplaced)
    return groups, unplaced


def _repair(pool: Pool, rules: Rules, w: dict[str, int], groups: list[Group], unplaced: list[int]) -> None:
    """Fill sets below the smallest size from sets above it; dissolve those that stay short and place
    their people where there is room."""
    while True:
        short = [g for g in groups if len(g.ids) < rules.min_size]
        if not short:
            break
        g = min(short, key=lambda g: (len(g.ids), groups.index(g)))
        moved = False
        for i in sorted(unplaced):
            if g.admits(pool.by_id[i], rules):
                g.add(pool.by_id[i], pool)
                unplaced.remove(i)
                moved = True
                break
        if not moved:
            for donor in groups:
                if donor is g or len(donor.ids) <= rules.min_size:
                    continue
                for i in sorted(donor.ids):
                    if g.admits(pool.by_id[i], rules):
                        donor.remove(pool.by_id[i], pool)
                        g.add(pool.by_id[i], pool)
                        moved = True
                        break
                if moved:
                    break
        if moved:
            continue
        groups.remove(g)
        for i in sorted(g.ids):
            m = pool.by_id[i]
            fits = [h for h in groups if h.admits(m, rules)]
            if fits:
                min(fits, key=lambda h: (-h.gain(pool.keys[m.id], w), len(h.ids), groups.index(h))).add(
                    m, pool
                )
            else:
                unplaced.append(i)
    unplaced.sort()
