"""Line-management chains as forbidden pairs."""

from __future__ import annotations

from collections.abc import Mapping


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
