"""A second opinion on optimality from a different algorithm: the matching problem rewritten as an assignment
problem (each practitioner's places as separate slots, and a slot of its own per requester for "not matched")
and solved by SciPy's LAPJVsp, which shares no code with OR-Tools. Costs are integers below 2**53, so the
comparison is exact. It takes a few seconds at 10,000 requests, so it is not part of `solve`: the benchmark
and the tests run it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from academy.matching.graph import prepare
from academy.matching.problem import SCALE, Problem, Result


@dataclass(frozen=True)
class Optimum:
    matched: int
    fit_millionths: (
        int  # total fit of an optimal matching, each pair's fit rounded to millionths as in `solve`
    )


def optimum(problem: Problem) -> Optimum:
    """The most people that can be matched and, with that many, the greatest total fit, by LAPJVsp."""
    graph = prepare(problem)
    n_r = len(graph.requesters)
    if n_r == 0:
        return Optimum(0, 0)
    degree = np.bincount(graph.heads, minlength=len(graph.practitioners))
    slots = np.minimum(graph.capacity, degree)  # nobody can use more places than they have candidates
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    n_slots = int(first_slot[-1])
    repeat = slots[graph.heads]
    rows = np.repeat(graph.tails, repeat)
    offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    cols = np.repeat(first_slot[graph.heads], repeat) + offset
    # cost of a pair C - fit (at least 1: a stored zero would read as no edge); of "not matched" C + M, where
    # M exceeds any total fit, so one more person matched always beats any gain in fit
    c = SCALE + 1
    m = int(graph.weight.sum()) + 1
    cost = np.concatenate([np.repeat(c - graph.weight, repeat), np.full(n_r, c + m)]).astype(np.float64)
    rows = np.concatenate([rows, np.arange(n_r)])
    cols = np.concatenate([cols, n_slots + np.arange(n_r)])
    matrix = csr_array((cost, (rows, cols)), shape=(n_r, n_slots + n_r))
    row, col = min_weight_full_bipartite_matching(matrix)
    real = col < n_slots
    if not real.any():
        return Optimum(0, 0)
    paid = np.asarray(matrix[row[real], col[real]]).ravel()
    return Optimum(matched=int(real.sum()), fit_millionths=int(np.rint(c - paid).astype(np.int64).sum()))


def is_optimal(problem: Problem, result: Result) -> bool:
    """Whether `result` matches as many people as possible and, with that many, has the greatest total fit."""
    best = optimum(problem)
    fit = sum(round(problem.scores[pair] * SCALE) for pair in result.assignment.items())
    return (len(result.assignment), fit) == (best.matched, best.fit_millionths)
