"""The proof that a result keeps every hard rule, computed from the problem and the output alone."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from academy.matching.problem import Problem, Proof


def check(
    problem: Problem,
    assignment: Mapping[int, int],
    shortlists: Mapping[int, tuple[int, ...]],
    objective: float,
) -> Proof:
    violations: list[str] = []
    requesters = set(problem.requesters)

    eligible_ok = True
    forbidden_ok = True
    for r, p in sorted(assignment.items()):
        if r not in requesters:
            eligible_ok = False
            violations.append(f"requester {r} is matched but did not ask")
        if (r, p) in problem.forbidden:
            forbidden_ok = False
            violations.append(f"requester {r} is matched to practitioner {p}: {problem.forbidden[(r, p)]}")
        elif (r, p) not in problem.scores:
            eligible_ok = False
            violations.append(
                f"requester {r} is matched to practitioner {p}, who is not an eligible candidate"
            )

    capacity_ok = True
    for p, taken in sorted(Counter(assignment.values()).items()):
        room = problem.capacity.get(p, 0)
        if taken > room:
            capacity_ok = False
            violations.append(f"practitioner {p} has {taken} matches for {room} places")

    shortlists_ok = True
    for r, shortlist in sorted(shortlists.items()):
        if len(shortlist) > problem.shortlist_size:
            shortlists_ok = False
            violations.append(
                f"requester {r} is offered {len(shortlist)}, more than {problem.shortlist_size}"
            )
        if len(set(shortlist)) != len(shortlist):
            shortlists_ok = False
            violations.append(f"requester {r} is offered the same practitioner twice")
        if r in assignment and (not shortlist or shortlist[0] != assignment[r]):
            shortlists_ok = False
            violations.append(f"requester {r}'s shortlist does not start with their match")
        if r not in assignment and shortlist:
            shortlists_ok = False
            violations.append(f"requester {r} is unmatched but offered a shortlist")
        for p in shortlist:
            if (r, p) in problem.forbidden:
                forbidden_ok = False
                violations.append(f"requester {r} is offered practitioner {p}: {problem.forbidden[(r, p)]}")
            elif (r, p) not in problem.scores:
                eligible_ok = False
                violations.append(
                    f"requester {r} is offered practitioner {p}, who is not an eligible candidate"
                )
    offered = Counter(p for shortlist in shortlists.values() for p in shortlist)
    for p, times in sorted(offered.items()):
        room = problem.capacity.get(p, 0)
        if times > room:
            shortlists_ok = False
            violations.append(f"practitioner {p} is offered to {times} people for {room} places")

    recomputed = math.fsum(problem.scores.get(pair, 0.0) for pair in assignment.items())
    objective_ok = math.isclose(recomputed, objective, rel_tol=1e-9, abs_tol=1e-9)
    if not objective_ok:
        violations.append(f"the total fit given ({objective}) is not the sum over the matches ({recomputed})")

    return Proof(
        capacity_ok=capacity_ok,
        forbidden_ok=forbidden_ok,
        shortlists_within_capacity=shortlists_ok,
        violations=violations,
        eligible_ok=eligible_ok,
        objective_ok=objective_ok,
    )
