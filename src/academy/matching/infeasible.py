"""Why a requester cannot be matched, in words an administrator can act on."""

from __future__ import annotations

from collections import Counter, defaultdict, deque

from academy.matching.graph import Graph
from academy.matching.problem import Problem


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _ruled_out(counts: Counter[str]) -> str:
    return ", ".join(
        f"{n:,} {reason}" for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def reasons(problem: Problem, graph: Graph, matched: dict[int, int], *, hall: bool = True) -> dict[int, str]:
    """A reason for each requester (index) not in `matched` (requester index -> practitioner index).

    With `hall`, `matched` must be a maximum matching: then everyone it leaves out who has a candidate with a
    place is explained by a group of people whose candidates are all full (Hall's condition fails for them)."""
    unmatched = [i for i in range(len(graph.requesters)) if i not in matched]
    if not unmatched:
        return {}
    wanted = {graph.requesters[i] for i in unmatched}
    ruled_out: dict[int, Counter[str]] = defaultdict(Counter)
    for (r, _p), why in problem.forbidden.items():
        if r in wanted:
            ruled_out[r][why] += 1
    out: dict[int, str] = {}
    crowded: list[int] = []
    for i in unmatched:
        r = graph.requesters[i]
        places = [int(graph.capacity[graph.heads[e]]) for e in graph.candidates(i)]
        if not places and not ruled_out[r]:
            out[r] = "no eligible practitioner: nobody offered fits this request"
        elif not places:
            out[r] = f"every candidate is ruled out: {_ruled_out(ruled_out[r])}"
        elif not any(places):
            out[r] = (
                f"none of the {_plural(len(places), 'eligible practitioner')} has a free place"
                if len(places) > 1
                else "the one eligible practitioner has no free place"
            )
        else:
            crowded.append(i)
    if hall and crowded:
        out.update(_crowded(problem, graph, matched, crowded, ruled_out))
    return out


def _crowded(
    problem: Problem,
    graph: Graph,
    matched: dict[int, int],
    crowded: list[int],
    ruled_out: dict[int, Counter[str]],
) -> dict[int, str]:
    """Alternating search from every crowded requester at once: from a requester to each of their candidates with
    places, from a practitioner to the people matched to them. Everyone reached competes for practitioners who
    are all full (else the matching would not be maximum); searches that meet are one group."""
    holders: dict[int, list[int]] = defaultdict(list)
    for i, j in matched.items():
        holders[j].append(i)
    parent = {i: i for i in crowded}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner_r: dict[int, int] = {i: i for i in crowded}
    owner_p: dict[int, int] = {}
    queue = deque(crowded)
    heads, capacity = graph.heads, graph.capacity
    while queue:
        i = queue.popleft()
        source = owner_r[i]
        for e in graph.candidates(i):
            j = int(heads[e])
            if capacity[j] == 0:
                continue
            if j in owner_p:
                a, b = find(owner_p[j]), find(source)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                continue
            owner_p[j] = source
            for k in holders[j]:
                if k not in owner_r:
                    owner_r[k] = source
                    queue.append(k)
    people: Counter[int] = Counter(find(s) for s in owner_r.values())
    practitioners: Counter[int] = Counter(find(s) for s in owner_p.values())
    places: Counter[int] = Counter()
    for j, s in owner_p.items():
        places[find(s)] += int(capacity[j])
    out = {}
    for i in crowded:
        g = find(i)
        r = graph.requesters[i]
        text = (
            f"every candidate with a place is taken: these {_plural(people[g], 'person', 'people')} share "
            f"{_plural(practitioners[g], 'practitioner')} with {_plural(places[g], 'place')}"
        )
        if ruled_out[r]:
            text += f" (other candidates are ruled out: {_ruled_out(ruled_out[r])})"
        out[r] = text
    return out
