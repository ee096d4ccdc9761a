"""Line-management chains as forbidden pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def chain_pairs(manager_of: Mapping[int, int | None]) -> set[frozenset[int]]:
    """Every pair of people where one manages the other at any depth (a manager, their manager, and so on up),
    unordered, so that it reads the same in either direction. A loop in bad data is walked once: everyone in a
    loop manages everyone else in it."""
    pairs: set[frozenset[int]] = set()
    for person in manager_of:
        seen = {person}
        boss = manager_of.get(person)
        while boss is not None and boss not in seen:
            pairs.add(frozenset((person, boss)))
            seen.add(boss)
            boss = manager_of.get(boss)
    return pairs


def pairs_in_chain(
    manager_of: Mapping[int, int | None], pairs: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The pairs of people, out of `pairs`, where one is in the other's line-management chain: the same rule as
    `chain_pairs`, for when only the candidate pairs matter (a national organisation has far more chain pairs
    than a matching run has candidates). Walks up only from the people named, once each."""
    above: dict[int, set[int]] = {}

    def managers(person: int) -> set[int]:
        if person not in above:
            chain: set[int] = set()
            boss = manager_of.get(person)
            while boss is not None and boss not in chain and boss != person:
                chain.add(boss)
                boss = manager_of.get(boss)
            above[person] = chain
        return above[person]

    return {(a, b) for a, b in pairs if a != b and (b in managers(a) or a in managers(b))}
