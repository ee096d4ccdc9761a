"""The eligible pairs of a problem as sorted arrays: every solver and explanation reads the same graph, so the
result does not depend on the order the input was given in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from academy.matching.problem import SCALE, Problem


@dataclass(frozen=True)
class Graph:
    requesters: tuple[int, ...]  # sorted requester ids; index i is requester i
    practitioners: tuple[int, ...]  # sorted practitioner ids; index j is practitioner j
    capacity: np.ndarray  # free places of practitioner j
    tails: np.ndarray  # requester index of each allowed pair, sorted by (requester, practitioner)
    heads: np.ndarray  # practitioner index of each allowed pair
    fit: np.ndarray  # the pair's fit, as given
    weight: np.ndarray  # the fit as an integer (fit x SCALE, rounded), what the solver maximises
    starts: np.ndarray  # pairs of requester i are tails[starts[i]:starts[i + 1]]

    def candidates(self, i: int) -> range:
        return range(int(self.starts[i]), int(self.starts[i + 1]))


def build(problem: Problem) -> Graph:
    requesters = sorted(problem.requesters)
    practitioners = sorted(problem.capacity)
    r_index = {r: i for i, r in enumerate(requesters)}
    p_index = {p: j for j, p in enumerate(practitioners)}
    forbidden = problem.forbidden
    pairs = [
        (r_index[r], p_index[p], fit)
        for (r, p), fit in problem.scores.items()
        if not forbidden or (r, p) not in forbidden
    ]
    if pairs:
        tails_l, heads_l, fit_l = zip(*pairs, strict=True)
        tails = np.fromiter(tails_l, dtype=np.int64, count=len(pairs))
        heads = np.fromiter(heads_l, dtype=np.int64, count=len(pairs))
        fit = np.fromiter(fit_l, dtype=np.float64, count=len(pairs))
    else:
        tails = heads = np.zeros(0, dtype=np.int64)
        fit = np.zeros(0, dtype=np.float64)
    order = np.lexsort((heads, tails))
    tails, heads, fit = tails[order], heads[order], fit[order]
    return Graph(
        requesters=tuple(requesters),
        practitioners=tuple(practitioners),
        capacity=np.array([problem.capacity[p] for p in practitioners], dtype=np.int64),
        tails=tails,
        heads=heads,
        fit=fit,
        weight=np.rint(fit * SCALE).astype(np.int64),
        starts=np.searchsorted(tails, np.arange(len(requesters) + 1)),
    )
