"""The hard rules, checked on a formation (`check_sets`, also used for hand moves) and on a pool
before any solving (`explain`). Every message names the rule in plain English."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .pool import Pool, count_people, count_sets, size_profiles, validate
from .types import Member, Rules


def _name(number: int, slot: str) -> str:
    return f"Set {number} ({slot})"


def check_sets(
    members: Iterable[Member], rules: Rules, sets: Sequence[tuple[str, Sequence[int]]]
) -> list[str]:
    """Every hard rule the formation breaks, one sentence each; empty when it keeps them all. Sets are
    numbered from 1 in the order given."""
    pool = Pool.of(members)
    breaches: list[str] = []
    placed: Counter[int] = Counter()
    for number, (slot, ids) in enumerate(sets, start=1):
        name = _name(number, slot)
        unknown = sorted({i for i in ids if i not in pool.by_id})
        if unknown:
            breaches.append(f"{name}: {', '.join(map(str, unknown))} not in the pool")
        people = sorted({i for i in ids if i in pool.by_id})
        placed.update(set(ids))
        twice_here = sorted(i for i, c in Counter(ids).items() if c > 1)
        if twice_here:
            breaches.append(f"{name}: {', '.join(map(str, twice_here))} listed more than once")
        size = len(set(ids))
        if size < rules.min_size:
            breaches.append(
                f"{name} has {count_people(size)}, fewer than the smallest set size of {rules.min_size}"
            )
        if size > rules.max_size:
            breaches.append(
                f"{name} has {count_people(size)}, more than the largest set size of {rules.max_size}"
            )
        for a_index, a in enumerate(people):
            for b in people[a_index + 1 :]:
                chain = pool.chain_between(a, b)
                if chain:
                    how = " reports to ".join(str(i) for i in chain)
                    breaches.append(f"{name}: {a} and {b} are in one line-management chain ({how})")
        by_org = Counter(pool.by_id[i].organisation for i in people)
        for org, count in sorted(by_org.items()):
            if count > rules.max_per_organisation:
                breaches.append(
                    f"{name} has {count} people from {org}; at most {rules.max_per_organisation} from one organisation"
                )
        cannot = [i for i in people if slot not in pool.by_id[i].slots]
        if cannot:
            who = ", ".join(map(str, cannot))
            breaches.append(f"{name}: {who} cannot make {slot}")
    in_two = sorted(i for i, c in placed.items() if c > 1 and i in pool.by_id)
    for i in in_two:
        breaches.append(f"{i} is in more than one set")
    missing = [i for i in pool.ids if i not in placed]
    if missing:
        breaches.append(f"{count_people(len(missing))} not in any set: {', '.join(map(str, missing))}")
    return breaches


def _ids(ids: Sequence[int], most: int = 10) -> str:
    shown = ", ".join(map(str, ids[:most]))
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _range(rules: Rules) -> str:
    return f"{rules.min_size}–{rules.max_size}"


def person_reasons(members: Iterable[Member], rules: Rules) -> dict[int, str]:
    """Reasons that rule out a particular person, whatever the others do."""
    pool = Pool.of(members)
    reasons: dict[int, str] = {}
    able = _able_per_slot(pool, rules)
    for m in pool.members:
        if not m.slots:
            reasons[m.id] = "has given no time they can meet"
        elif all(able[s] < rules.min_size for s in m.slots):
            reasons[m.id] = (
                f"can only make times at which too few people can meet to fill a set of {rules.min_size}"
            )
    return reasons


def _able_per_slot(pool: Pool, rules: Rules) -> dict[str, int]:
    """For each slot, how many people one set meeting then could hold at most: everyone who can make
    it, counting at most `max_per_organisation` from any one organisation."""
    by_slot: dict[str, Counter[str]] = defaultdict(Counter)
    for m in pool.members:
        for s in m.slots:
            by_slot[s][m.organisation] += 1
    return defaultdict(
        int,
        {s: sum(min(c, rules.max_per_organisation) for c in orgs.values()) for s, orgs in by_slot.items()},
    )


def explain(members: Iterable[Member], rules: Rules) -> list[str]:
    """Why no formation can keep every rule, found without solving; empty when none of these
    obvious obstacles is there (a formation may still not exist: the solver then says so)."""
    pool = Pool.of(members)
    validate(pool.members, rules)
    n = len(pool.members)
    reasons: list[str] = []
    if rules.min_size > rules.max_size:
        return [f"The smallest set size ({rules.min_size}) is larger than the largest ({rules.max_size})."]
    if n < rules.min_size:
        return [f"The pool has {count_people(n)}, fewer than the smallest set size of {rules.min_size}."]
    profiles = size_profiles(n, rules)
    if not profiles:
        fewer = n // rules.min_size
        reasons.append(
            f"{count_people(n)} cannot be split into sets of {_range(rules)}: "
            f"{count_sets(fewer)} {'holds' if fewer == 1 else 'hold'} at most {fewer * rules.max_size}, "
            f"{count_sets(fewer + 1)} need at least {(fewer + 1) * rules.min_size}."
        )
        return reasons
    most = profiles[-1]
    by_org = Counter(m.organisation for m in pool.members)
    for org, count in sorted(by_org.items(), key=lambda oc: (-oc[1], oc[0])):
        need = -(-count // rules.max_per_organisation)
        if need > most:
            reasons.append(
                f"{count} of the {n} people work for {org}: at most {rules.max_per_organisation} per set "
                f"needs at least {need} sets, but sizes {_range(rules)} allow at most {most}."
            )
    longest = pool.longest_chain()
    if len(longest) > most:
        reasons.append(
            f"{len(longest)} people are in one line-management chain ({' reports to '.join(map(str, longest))}) "
            f"and must all be in different sets, but sizes {_range(rules)} allow at most {most}."
        )
    no_slot = [m.id for m in pool.members if not m.slots]
    if no_slot:
        reasons.append(f"{count_people(len(no_slot))} gave no time they can meet: {_ids(no_slot)}.")
    able = _able_per_slot(pool, rules)
    stuck = [m.id for m in pool.members if m.slots and all(able[s] < rules.min_size for s in m.slots)]
    if stuck:
        thin = sorted({s for i in stuck for s in pool.by_id[i].slots})
        detail = "; ".join(f"{s}: {able[s]}" for s in thin)
        reasons.append(
            f"Too few people can make any time that {_ids(stuck)} can make to fill a set of {rules.min_size} "
            f"(at most {rules.max_per_organisation} from one organisation; {detail})."
        )
    return reasons
