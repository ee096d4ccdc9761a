"""The East of England hub at the seed's scale: 165 coaches and 499 coachees (seed 002), in one region's
organisations with their reporting lines."""

import csv
import random

from academy.matching import (
    EXCLUDED_BY_REQUESTER,
    IN_CHAIN,
    SAME_ORGANISATION,
    Problem,
    chain_pairs,
    solve,
    write_openreview_csv,
)
from academy.matching.certify import optimum


def _hub(seed: int = 2) -> tuple[Problem, set[frozenset[int]]]:
    rnd = random.Random(seed)
    # 3,000 staff in 12 organisations, each a tree of line managers; coaches and coachees are drawn from them
    staff = list(range(1, 3001))
    organisation = {person: person % 12 for person in staff}
    manager_of: dict[int, int | None] = {}
    by_organisation: dict[int, list[int]] = {}
    for person in staff:
        colleagues = by_organisation.setdefault(organisation[person], [])
        manager_of[person] = rnd.choice(colleagues) if colleagues else None
        colleagues.append(person)
    chains = chain_pairs(manager_of)
    people = rnd.sample(staff, 165 + 499)
    coaches, coachees = people[:165], people[165:]
    scores, forbidden = {}, {}
    for coachee in coachees:
        for coach in rnd.sample(coaches, 25):
            scores[(coachee, coach)] = round(rnd.uniform(0.05, 1.0), 3)
            if frozenset((coachee, coach)) in chains:
                forbidden[(coachee, coach)] = IN_CHAIN
            elif organisation[coachee] == organisation[coach] and rnd.random() < 0.5:
                forbidden[(coachee, coach)] = SAME_ORGANISATION
            elif rnd.random() < 0.02:
                forbidden[(coachee, coach)] = EXCLUDED_BY_REQUESTER
    capacity = {coach: rnd.choice([1, 2, 2, 3, 3, 4]) for coach in coaches}
    return Problem(requesters=tuple(coachees), capacity=capacity, scores=scores, forbidden=forbidden), chains


def test_the_hub_is_matched_optimally_without_breaking_a_rule():
    problem, chains = _hub()
    result = solve(problem)
    assert result.proof.violations == []
    assert not {frozenset(pair) for pair in result.assignment.items()} & chains
    # 165 coaches have fewer places than 499 coachees: the places fill, and everyone left out is told why
    places = sum(problem.capacity.values())
    assert places < len(problem.requesters)
    assert len(result.assignment) == places == optimum(problem).matched
    assert set(result.unmatched) == set(problem.requesters) - set(result.assignment)
    assert all(
        reason.startswith("every candidate with a place is taken") for reason in result.unmatched.values()
    )


def test_the_instance_read_back_from_openreview_csv_is_the_same_problem(tmp_path):
    problem, _ = _hub()
    paths = write_openreview_csv(problem, tmp_path)
    with paths["scores"].open() as f:
        scores = {(int(r), int(p)): float(s) for r, p, s in csv.reader(f)}
    with paths["constraints"].open() as f:
        forbidden = {(int(r), int(p)): "constraint" for r, p, value in csv.reader(f) if value == "-1"}
    with paths["max_papers"].open() as f:
        capacity = {int(p): int(c) for p, c in csv.reader(f)}
    again = Problem(requesters=problem.requesters, capacity=capacity, scores=scores, forbidden=forbidden)
    assert scores == dict(problem.scores) and set(forbidden) == set(problem.forbidden)
    assert solve(again).assignment == solve(problem).assignment
