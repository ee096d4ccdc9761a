"""The problem checked and turned into sorted arrays of its allowed pairs. Every solver and explanation reads
the same graph, so a result does not depend on the order the input was given in; and checking is done on the
arrays, all at once, so that it costs a fraction of the solve even for half a million pairs."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from academy.matching.problem import MAX_FIT, SCALE, Problem, ProblemError


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


def _describe(ids: Iterable[object], limit: int = 5) -> str:
    shown = list(ids)
    text = ", ".join(str(i) for i in shown[:limit])
    return text + (f" and {len(shown) - limit:,} more" if len(shown) > limit else "")


def _is_id(value: object) -> bool:
    return (
        isinstance(value, int | np.integer)
        and not isinstance(value, bool)
        and bool(-(2**63) <= value < 2**63)
    )


def _pairs(pairs: Mapping[tuple[int, int], object], name: str, problems: list[str]) -> np.ndarray | None:
    """The keys of `pairs` as an n x 2 array of ids, or None (with the fault added to `problems`)."""
    try:
        flat = itertools.chain.from_iterable(pairs)
        return np.fromiter(flat, dtype=np.int64, count=2 * len(pairs)).reshape(-1, 2)
    except (TypeError, ValueError, OverflowError):
        problems.append(f"{name} must be keyed by (requester, practitioner) pairs of whole-number ids")
        return None


def _index(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `wanted` in the sorted `ids`, and which of them are there at all."""
    at = np.searchsorted(ids, wanted)
    clipped = np.minimum(at, max(len(ids) - 1, 0))
    known = (at < len(ids)) & (ids[clipped] == wanted) if len(ids) else np.zeros(len(wanted), dtype=bool)
    return at, known


def prepare(problem: Problem) -> Graph:
    """Check `problem` and build its graph; raise `ProblemError` naming every fault at once."""
    problems: list[str] = []
    size = problem.shortlist_size
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        problems.append(f"shortlist size must be a whole number of at least 1, not {size!r}")
    bad_ids = [i for i in (*problem.requesters, *problem.capacity) if not _is_id(i)]
    if bad_ids:
        problems.append(f"ids must be whole numbers, not {_describe(repr(i) for i in bad_ids)}")
        raise ProblemError(problems)
    requesters = sorted(problem.requesters)
    twice = sorted({a for a, b in itertools.pairwise(requesters) if a == b})
    if twice:
        problems.append(f"requesters listed more than once: {_describe(twice)}")
        requesters = sorted(set(requesters))
    practitioners = sorted(problem.capacity)
    bad_capacity = [p for p in practitioners if not _is_id(problem.capacity[p]) or problem.capacity[p] < 0]
    if bad_capacity:
        problems.append(
            "capacity must be a whole number of free places, 0 or more, for practitioners "
            + _describe(f"{p} ({problem.capacity[p]!r})" for p in bad_capacity)
        )
    r_ids = np.array(requesters, dtype=np.int64)
    p_ids = np.array(practitioners, dtype=np.int64)

    arrays = {}
    for name, pairs in (
        ("scores", problem.scores),
        ("forbidden", problem.forbidden),
        ("factors", problem.factors),
    ):
        keys = _pairs(pairs, name, problems)
        if keys is None:
            continue
        ri, r_known = _index(r_ids, keys[:, 0])
        pj, p_known = _index(p_ids, keys[:, 1])
        if not r_known.all():
            problems.append(
                f"{name} name requesters not in the problem: {_describe(np.unique(keys[~r_known, 0]))}"
            )
        if not p_known.all():
            problems.append(
                f"{name} name practitioners not in the problem: {_describe(np.unique(keys[~p_known, 1]))}"
            )
        arrays[name] = (ri, pj)

    try:
        fit = np.fromiter(problem.scores.values(), dtype=np.float64, count=len(problem.scores))
        bad_fit = ~((fit >= 0) & (fit <= MAX_FIT))  # NaN fails both
        if bad_fit.any():
            raise ValueError
    except (TypeError, ValueError):
        wrong = [
            (pair, v)
            for pair, v in problem.scores.items()
            if not isinstance(v, int | float) or not math.isfinite(v) or not 0 <= v <= MAX_FIT
        ]
        problems.append(
            f"fit must be a number from 0 to {MAX_FIT:,.0f}: "
            + _describe(f"{r}-{p} ({v!r})" for (r, p), v in sorted(wrong, key=repr))
        )
    if problems:
        raise ProblemError(problems)

    tails, heads = arrays["scores"]
    if problem.forbidden:
        f_tails, f_heads = arrays["forbidden"]
        allowed = ~np.isin(tails * len(p_ids) + heads, f_tails * len(p_ids) + f_heads)
        tails, heads, fit = tails[allowed], heads[allowed], fit[allowed]
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


def validate(problem: Problem) -> None:
    """Raise `ProblemError` naming everything wrong with `problem`, or return quietly."""
    prepare(problem)
