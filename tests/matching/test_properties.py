"""Rules that must hold on every instance: random organisation trees, candidates, capacities and exclusions."""

import itertools
import random
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.matching import Problem, chain_pairs, explain_infeasible, greedy, solve
from academy.matching.certify import optimum
from tests.matching.strategies import manager_forests, problems, problems_in_organisations

SCALE = 1_000_000


def _brute_force(problem: Problem) -> tuple[int, int]:
    """The most people matched and then the greatest total fit (in millionths), by trying every assignment."""
    options = [
        [None]
        + [
            p
            for p in sorted(problem.capacity)
            if (r, p) in problem.scores and (r, p) not in problem.forbidden
        ]
        for r in problem.requesters
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        taken = Counter(p for p in choice if p is not None)
        if any(n > problem.capacity[p] for p, n in taken.items()):
            continue
        value = (
            sum(p is not None for p in choice),
            sum(
                round(problem.scores[(r, p)] * SCALE)
                for r, p in zip(problem.requesters, choice, strict=True)
                if p
            ),
        )
        best = max(best, value)
    return best


def _ancestors_closure(manager_of: dict[int, int | None]) -> set[frozenset[int]]:
    """Brute force: a reachability matrix closed by Warshall's algorithm."""
    people = sorted(set(manager_of) | {m for m in manager_of.values() if m is not None})
    reach = {(a, b): manager_of.get(a) == b for a in people for b in people}
    for k in people:
        for a in people:
            for b in people:
                reach[(a, b)] = reach[(a, b)] or (reach[(a, k)] and reach[(k, b)])
    return {frozenset((a, b)) for a in people for b in people if a != b and (reach[(a, b)] or reach[(b, a)])}


@given(manager_forests())
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_chain_pairs_are_every_manager_above_at_any_depth_in_either_direction(manager_of):
    assert chain_pairs(manager_of) == _ancestors_closure(manager_of)


@given(problems_in_organisations(max_requesters=10, max_practitioners=8))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_no_match_or_shortlist_is_ever_inside_a_line_management_chain(drawn):
    problem, chains = drawn
    result = solve(problem)
    assert not {frozenset(pair) for pair in result.assignment.items()} & chains
    assert not {frozenset((r, p)) for r, shortlist in result.shortlists.items() for p in shortlist} & chains


@given(problems())
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_no_match_or_shortlist_is_forbidden_and_no_capacity_is_exceeded(problem):
    result = solve(problem)
    assert result.proof.violations == []
    for r, p in result.assignment.items():
        assert (r, p) not in problem.forbidden
        assert (r, p) in problem.scores
    offered = Counter(p for shortlist in result.shortlists.values() for p in shortlist)
    for p, n in offered.items():
        assert n <= problem.capacity[p]
    for r, shortlist in result.shortlists.items():
        assert shortlist[0] == result.assignment[r]
        assert len(shortlist) <= problem.shortlist_size
        assert all((r, p) not in problem.forbidden for p in shortlist)


@given(problems(max_requesters=12, max_practitioners=6))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_optimal_matches_at_least_as_many_as_greedy_and_fits_at_least_as_well(problem):
    best, baseline = solve(problem), greedy(problem)
    assert baseline.proof.violations == []
    assert len(best.assignment) >= len(baseline.assignment)
    if len(best.assignment) == len(baseline.assignment):
        assert best.objective >= baseline.objective - 1e-9


@given(problems(max_requesters=5, max_practitioners=4, max_capacity=2))
@settings(max_examples=150, deadline=None)
def test_optimum_equals_brute_force_on_tiny_instances(problem):
    result = solve(problem)
    matched = len(result.assignment)
    fit = sum(round(problem.scores[pair] * SCALE) for pair in result.assignment.items())
    assert (matched, fit) == _brute_force(problem)
    assert result.optimal


@given(problems(max_requesters=40, max_practitioners=12, max_capacity=4, exact_fits=False))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_optimum_agrees_with_an_assignment_solver_that_shares_no_code_with_or_tools(problem):
    result = solve(problem)
    fit = sum(round(problem.scores[pair] * SCALE) for pair in result.assignment.items())
    assert (len(result.assignment), fit) == (optimum(problem).matched, optimum(problem).fit_millionths)


@given(problems(exact_fits=False))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_objective_is_the_sum_of_fit_over_the_matches(problem):
    result = solve(problem)
    assert abs(result.objective - sum(problem.scores[pair] for pair in result.assignment.items())) < 1e-9


@given(problems(), st.randoms(use_true_random=False))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_same_problem_in_any_order_gives_the_same_result(problem, rnd: random.Random):
    def shuffled(mapping):
        items = list(mapping.items())
        rnd.shuffle(items)
        return dict(items)

    requesters = list(problem.requesters)
    rnd.shuffle(requesters)
    again = Problem(
        requesters=tuple(requesters),
        capacity=shuffled(problem.capacity),
        scores=shuffled(problem.scores),
        forbidden=shuffled(problem.forbidden),
        shortlist_size=problem.shortlist_size,
    )
    first, second = solve(problem), solve(again)
    assert first.assignment == second.assignment
    assert first.shortlists == second.shortlists
    assert first.unmatched == second.unmatched
    assert first.objective == second.objective


@given(problems())
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_shortlists_cannot_be_lengthened_without_overbooking_someone(problem):
    result = solve(problem)
    offered = Counter(p for shortlist in result.shortlists.values() for p in shortlist)
    for r, shortlist in result.shortlists.items():
        if len(shortlist) < problem.shortlist_size:
            for p in problem.capacity:
                if problem.allowed(r, p) and p not in shortlist:
                    assert offered[p] >= problem.capacity[p]


@given(problems())
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_everyone_left_unmatched_has_a_reason_and_only_they_do(problem):
    result = solve(problem)
    left_out = set(problem.requesters) - set(result.assignment)
    assert set(result.unmatched) == left_out
    assert all(reason for reason in result.unmatched.values())
    assert explain_infeasible(problem) == dict(result.unmatched)


@given(problems(max_requesters=12, max_practitioners=4, max_capacity=2))
@settings(deadline=None)  # the machine is shared: seconds vary, the rules do not
def test_a_crowd_reported_for_the_unmatched_has_more_people_than_places(problem):
    for reason in explain_infeasible(problem).values():
        crowd = re.search(
            r"these ([\d,]+) people share ([\d,]+) practitioners? with ([\d,]+) places?", reason
        )
        if crowd:
            people, practitioners, places = (int(n.replace(",", "")) for n in crowd.groups())
            assert people > places >= practitioners >= 1
