"""Forming sets with OR-Tools CP-SAT.

A small pool is one CP-SAT model. A large one (the issue's 2,000 people, where one model finds nothing
in 10 s) is improved by large-neighbourhood search from the greedy answer: free a few sets whose
members could swap (plus anyone not yet placed), re-solve just those as a small CP-SAT model with the
current answer as its hint, keep the result when it is no worse. Every limit is deterministic (CP-SAT's
deterministic time, one worker, a fixed seed, a fixed random stream for choosing neighbourhoods), so
the same pool gives the same sets on any machine load.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from ortools.sat.python import cp_model

from .checks import check_sets, explain, person_reasons
from .greedy import Group, deal
from .pool import (
    ATTRIBUTES,
    Pool,
    count_people,
    obvious_bound,
    set_mix,
    sharp_bound,
    size_profiles,
    validate,
    value,
    weight_of,
)
from .types import Member, Proposal, Rules, Weights

SEED = 20221121
SMALL_POOL = 48  # up to this many people, one model of the whole pool (it can prove optimality)
NEIGHBOURHOOD_SETS = 4
REPAIR_SETS = 6  # sets freed around someone not yet placed
SPLIT_SETS = 8  # at most this many sets freed to make room for one more
SUB_TIME = 0.02  # deterministic seconds for each neighbourhood
# What building and loading a neighbourhood's model costs, which CP-SAT's deterministic time leaves out:
# each neighbourhood is charged at least this much of the work limit.
SUB_CHARGE = 0.01


@dataclass
class _Solved:
    groups: list[tuple[str, list[int]]]
    unplaced: list[int]
    status: cp_model.CpSolverStatus
    bound: float | None
    work: float


def _solver(limit: float, *, presolve: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SEED % 1000
    solver.parameters.max_deterministic_time = max(limit, 0.001)
    # A neighbourhood is a few dozen variables: presolving it costs more than it saves.
    solver.parameters.cp_model_presolve = presolve
    return solver


def _solve(
    pool: Pool,
    rules: Rules,
    weights: Weights,
    people: list[int],
    optional: set[int],
    positions: int,
    hint: list[tuple[str, list[int]]],
    limit: float,
    *,
    presolve: bool = False,
) -> _Solved:
    """Place `people` (those in `optional` only if they fit: each placed one outweighs any mix) into at
    most `positions` sets keeping every hard rule, maximising the weighted mix."""
    w = weight_of(weights)
    model = cp_model.CpModel()
    slots = sorted({s for i in people for s in pool.by_id[i].slots})
    z = [{s: model.new_bool_var(f"z{j}_{s}") for s in slots} for j in range(positions)]
    y = [model.new_bool_var(f"y{j}") for j in range(positions)]
    x = {i: [model.new_bool_var(f"x{i}_{j}") for j in range(positions)] for i in people}
    for j in range(positions):
        model.add(sum(z[j].values()) == y[j])
        model.add(sum(x[i][j] for i in people) >= rules.min_size * y[j])
        model.add(sum(x[i][j] for i in people) <= rules.max_size * y[j])
        if j:
            model.add(y[j] <= y[j - 1])
    for i in people:
        m = pool.by_id[i]
        if i in optional:
            model.add(sum(x[i]) <= 1)
        else:
            model.add_exactly_one(x[i])
        for j in range(positions):
            model.add(x[i][j] <= sum(z[j][s] for s in m.slots))
    inside = set(people)
    orgs: dict[str, list[int]] = defaultdict(list)
    for i in people:
        orgs[pool.by_id[i].organisation].append(i)
    for ids in orgs.values():
        if len(ids) > rules.max_per_organisation:
            for j in range(positions):
                model.add(sum(x[i][j] for i in ids) <= rules.max_per_organisation)
    for clique in pool.cliques:
        ids = [i for i in clique if i in inside]
        if len(ids) > 1:
            for j in range(positions):
                model.add_at_most_one(x[i][j] for i in ids)
    objective = []
    has: dict[tuple[int, str, str], cp_model.IntVar] = {}
    for a in ATTRIBUTES:
        if not w[a]:
            continue
        holders: dict[str, list[int]] = defaultdict(list)
        for i in people:
            holders[value(pool.by_id[i], a)].append(i)
        for v, ids in sorted(holders.items()):
            for j in range(positions):
                h = model.new_bool_var(f"h{j}_{a}_{v}")
                model.add(h <= sum(x[i][j] for i in ids))
                has[(j, a, v)] = h
                objective.append(w[a] * h)
    placing = (sum(w.values()) * len(people) + 1) if optional else 0
    model.maximize(sum(objective) + placing * sum(x[i][j] for i in optional for j in range(positions)))

    for j in range(positions):
        slot, ids = hint[j] if j < len(hint) else ("", [])
        model.add_hint(y[j], bool(ids))
        for s in slots:
            model.add_hint(z[j][s], bool(ids) and s == slot)
        present = {(a, value(pool.by_id[i], a)) for i in ids for a in ATTRIBUTES}
        for (jj, a, v), h in has.items():
            if jj == j:
                model.add_hint(h, (a, v) in present)
        for i in people:
            model.add_hint(x[i][j], i in ids)

    solver = _solver(limit, presolve=presolve)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Solved([], list(people), status, None, solver.deterministic_time)
    groups = []
    for j in range(positions):
        if solver.value(y[j]):
            slot = next(s for s in slots if solver.value(z[j][s]))
            groups.append((slot, sorted(i for i in people if solver.value(x[i][j]))))
    placed = {i for _, ids in groups for i in ids}
    return _Solved(
        groups,
        sorted(i for i in people if i not in placed),
        status,
        solver.best_objective_bound,
        solver.deterministic_time,
    )


def _proposal(
    pool: Pool,
    rules: Rules,
    weights: Weights,
    groups: Iterable[tuple[str, Iterable[int]]],
    *,
    proven: bool = False,
    solver_bound: float | None = None,
) -> Proposal:
    sets = tuple(sorted(((slot, tuple(sorted(ids))) for slot, ids in groups), key=lambda s: (s[0], s[1])))
    breaches = tuple(check_sets(pool.members, rules, sets))
    if breaches:  # all or nothing: a formation that breaks a rule is never handed out
        return _nothing(
            pool, rules, weights, "the former made sets that break a rule (a fault): " + breaches[0], breaches
        )
    score = sum(set_mix((pool.by_id[i] for i in ids), weights) for _, ids in sets)
    best_possible = sharp_bound(pool, rules, weights)
    if solver_bound is not None:
        best_possible = min(best_possible, int(solver_bound + 1e-6))
    optimal = proven or score >= best_possible
    gap = 0.0 if optimal else round((best_possible - score) / best_possible, 4) if best_possible else None
    return Proposal(
        sets=sets,
        unplaced=MappingProxyType({}),
        mix_score=score,
        mix_bound=obvious_bound(pool, rules, weights),
        optimal=optimal,
        gap=gap,
        breaches=(),
    )


def _nothing(
    pool: Pool, rules: Rules, weights: Weights, reason: str, breaches: tuple[str, ...] = ()
) -> Proposal:
    own = person_reasons(pool.members, rules) if rules.min_size <= rules.max_size else {}
    unplaced = {i: own.get(i, reason) for i in pool.ids}
    bound = obvious_bound(pool, rules, weights) if rules.min_size >= 1 else 0
    return Proposal(
        sets=(),
        unplaced=MappingProxyType(unplaced),
        mix_score=0,
        mix_bound=bound,
        optimal=False,
        gap=None,
        breaches=breaches,
    )


def _refused(pool: Pool, rules: Rules, weights: Weights) -> Proposal | None:
    validate(pool.members, rules, weights)
    reasons = explain(pool.members, rules)
    if reasons:
        return _nothing(pool, rules, weights, " ".join(reasons))
    return None


def _greedy(pool: Pool, rules: Rules, weights: Weights) -> tuple[list[Group], list[int]]:
    """The first complete answer dealing into the most sets the sizes allow, then fewer; else the
    attempt that left fewest unplaced."""
    best: tuple[list[Group], list[int]] | None = None
    for k in list(reversed(size_profiles(len(pool.members), rules)))[:4]:
        groups, unplaced = deal(pool, rules, weights, k)
        if not unplaced:
            return groups, unplaced
        if best is None or len(unplaced) < len(best[1]):
            best = (groups, unplaced)
    assert best is not None
    return best


def greedy_sets(members: Iterable[Member], rules: Rules, weights: Weights = Weights()) -> Proposal:  # noqa: B008
    """The simple rule-respecting greedy former (the benchmark's baseline): all or nothing too."""
    pool = Pool.of(members)
    refused = _refused(pool, rules, weights)
    if refused:
        return refused
    groups, unplaced = _greedy(pool, rules, weights)
    if unplaced:
        return _nothing(
            pool, rules, weights, "the greedy former could not place everyone; the solver may still find sets"
        )
    return _proposal(pool, rules, weights, ((g.slot, g.ids) for g in groups))


def form_sets(
    members: Iterable[Member],
    rules: Rules,
    weights: Weights = Weights(),  # noqa: B008
    *,
    work_limit: float = 2.0,
) -> Proposal:
    """Sets that keep every hard rule with the best mix found within `work_limit` deterministic
    seconds of CP-SAT work (the same answer whatever the machine's load), or no sets and every
    member unplaced with the reason."""
    pool = Pool.of(members)
    refused = _refused(pool, rules, weights)
    if refused:
        return refused
    n = len(pool.members)
    groups, unplaced = _greedy(pool, rules, weights)
    state = [(g.slot, sorted(g.ids)) for g in groups]
    budget, solver_bound = work_limit, None
    if n <= SMALL_POOL:
        # Half the limit for one model of the whole pool, which can prove optimality or that no
        # formation exists; if it does neither, neighbourhood search carries on from its best answer.
        whole = _solve(
            pool,
            rules,
            weights,
            list(pool.ids),
            set(),
            size_profiles(n, rules)[-1],
            [] if unplaced else state,
            work_limit / 2,
            presolve=True,
        )
        budget -= max(whole.work, SUB_CHARGE)
        if whole.status == cp_model.INFEASIBLE:
            return _nothing(
                pool,
                rules,
                weights,
                "no formation keeps every rule: together the meeting times, organisations and reporting "
                "lines leave no way to place everyone (proven by the solver)",
            )
        if whole.status == cp_model.OPTIMAL:
            return _proposal(pool, rules, weights, whole.groups, proven=True, solver_bound=whole.bound)
        solver_bound = whole.bound
        if whole.groups and (unplaced or _mix(pool, weights, whole.groups) >= _mix(pool, weights, state)):
            state, unplaced = whole.groups, []
    state, unplaced = _improve(pool, rules, weights, state, unplaced, budget)
    if unplaced:
        return _nothing(
            pool,
            rules,
            weights,
            f"no formation keeping every rule was found within the work limit ({count_people(len(unplaced))} "
            "could not be placed); a larger limit, more meeting times or other size rules may help",
        )
    return _proposal(pool, rules, weights, state, solver_bound=solver_bound)


def _improve(
    pool: Pool,
    rules: Rules,
    weights: Weights,
    start: list[tuple[str, list[int]]],
    unplaced: list[int],
    work_limit: float,
) -> tuple[list[tuple[str, list[int]]], list[int]]:
    """Large-neighbourhood search: until the work limit is spent, take a set that is not yet as mixed
    as its size allows (or anyone unplaced), free it with a few sets meeting at times its members could
    make (so members can swap), re-solve them together, keep the answer if no worse."""
    rng = random.Random(SEED)
    w = weight_of(weights)
    kinds = {a: len({key for keys in pool.keys.values() for key in keys if key[0] == a}) for a in ATTRIBUTES}

    def cap(size: int) -> int:
        return sum(w[a] * min(size, kinds[a]) for a in ATTRIBUTES)

    state = dict(enumerate(start))
    score = {j: set_mix((pool.by_id[i] for i in ids), weights) for j, (_, ids) in state.items()}
    reach = {j: frozenset(s for i in ids for s in pool.by_id[i].slots) for j, (_, ids) in state.items()}
    fresh = len(state)
    spent, step = 0.0, 0
    best_possible = sharp_bound(pool, rules, weights)
    while spent < work_limit:
        loose = sorted(j for j, (_, ids) in state.items() if score[j] < cap(len(ids)))
        large = sorted(j for j, (_, ids) in state.items() if len(ids) > rules.min_size)
        if not unplaced and ((not loose and not large) or sum(score.values()) >= best_possible):
            break
        chosen: list[int] = []
        waiting: list[int] = []
        step += 1
        if not unplaced and large and (step % 3 == 0 or not loose):
            # Room for one more set: free sets above the smallest size, meeting at times their members
            # have in common, until their spare members could fill a set of their own.
            first = rng.choice(large)
            near = [
                j
                for j in large
                if j != first and (state[j][0] in reach[first] or state[first][0] in reach[j])
            ]
            chosen = [first]
            for j in rng.sample(near, len(near)):
                if sum(len(state[c][1]) - rules.min_size for c in chosen) >= rules.min_size:
                    break
                if len(chosen) == SPLIT_SETS:
                    break
                chosen.append(j)
        elif unplaced and (step % 2 or not loose):
            # Repair first: free sets meeting at the times someone unplaced can make (and sets whose
            # members could move to such a time), so the model can make room for them.
            u = pool.by_id[unplaced[rng.randrange(len(unplaced))]]
            at = [j for j in sorted(state) if state[j][0] in u.slots]
            chosen = rng.sample(at, min(REPAIR_SETS, len(at)))
            could = [j for j in sorted(state) if j not in chosen and reach[j] & u.slots]
            chosen += rng.sample(could, min(REPAIR_SETS - len(chosen), len(could)))
            waiting = [u.id] + [i for i in unplaced if i != u.id and pool.by_id[i].slots & u.slots]
        elif loose:
            first = rng.choice(loose)
            near = [
                j
                for j in sorted(state)
                if j != first and (state[j][0] in reach[first] or state[first][0] in reach[j])
            ]
            chosen = [first, *rng.sample(near, min(NEIGHBOURHOOD_SETS - 1, len(near)))]
            chosen_slots = {state[j][0] for j in chosen}
            waiting = [i for i in unplaced if pool.by_id[i].slots & chosen_slots]
        if not chosen and not waiting:
            spent += SUB_CHARGE
            continue
        waiting = waiting[: rules.max_size]
        people = sorted({i for j in chosen for i in state[j][1]} | set(waiting))
        positions = len(chosen) + (1 if len(people) >= (len(chosen) + 1) * rules.min_size else 0)
        solved = _solve(
            pool,
            rules,
            weights,
            people,
            set(waiting),
            positions,
            [state[j] for j in chosen],
            min(SUB_TIME, work_limit - spent),
        )
        spent += max(solved.work, SUB_CHARGE)
        if solved.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        before = sum(score[j] for j in chosen)
        after = sum(set_mix((pool.by_id[i] for i in ids), weights) for _, ids in solved.groups)
        newly = len(waiting) - len([i for i in solved.unplaced if i in waiting])
        if newly > 0 or after >= before:
            for j in chosen:
                del state[j], score[j], reach[j]
            for slot, ids in solved.groups:
                state[fresh] = (slot, ids)
                score[fresh] = set_mix((pool.by_id[i] for i in ids), weights)
                reach[fresh] = frozenset(s for i in ids for s in pool.by_id[i].slots)
                fresh += 1
            placed = {i for _, ids in solved.groups for i in ids}
            unplaced = [i for i in unplaced if i not in placed]
    return list(state.values()), unplaced


def _mix(pool: Pool, weights: Weights, groups: Iterable[tuple[str, Iterable[int]]]) -> int:
    return sum(set_mix((pool.by_id[i] for i in ids), weights) for _, ids in groups)


def spread(proposal: Proposal) -> Counter[int]:
    """How many sets of each size a proposal has (for reports and the benchmark)."""
    return Counter(len(ids) for _, ids in proposal.sets)
