"""Rules that must hold for every pool: random organisation trees, times, organisations and size rules.
The checks here are the test's own (an independent reading of the rules), not the engine's."""

import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.grouping import Member, Rules, Weights, check_sets, explain, form_sets, greedy_sets

SLOTS = ("Monday morning", "Tuesday afternoon", "Thursday morning")


@st.composite
def pools(draw, *, most: int = 24, least: int = 0):
    n = draw(st.integers(least, most))
    orgs = draw(st.integers(1, 6))
    members = []
    for i in range(1, n + 1):
        # a forest: each person reports to nobody, to someone before them, or to someone outside the pool
        manager = draw(st.one_of(st.none(), st.integers(1, i - 1) if i > 1 else st.none(), st.just(1000 + i)))
        members.append(
            Member(
                id=i,
                ics=draw(st.sampled_from("ABC")),
                sector=draw(st.sampled_from(("acute", "primary care", "social care"))),
                organisation=f"Org {draw(st.integers(1, orgs))}",
                role_level=draw(st.sampled_from(("band 6", "band 7", "band 8a"))),
                manager_id=manager,
                slots=frozenset(draw(st.sets(st.sampled_from(SLOTS), min_size=0 if i % 7 == 0 else 1))),
            )
        )
    return members


rule_sets = st.builds(
    Rules, min_size=st.integers(2, 5), max_size=st.integers(2, 7), max_per_organisation=st.integers(1, 3)
)


def in_one_chain(members, a, b):
    boss = {m.id: m.manager_id for m in members}

    def above(x):
        seen = []
        while boss.get(x) in boss and boss[x] not in seen:
            x = boss[x]
            seen.append(x)
        return seen

    return a in above(b) or b in above(a)


def assert_keeps_every_rule(members, rules, proposal):
    by_id = {m.id: m for m in members}
    placed = [i for _, ids in proposal.sets for i in ids]
    assert sorted(placed) == sorted(by_id), "everyone is placed exactly once"
    for slot, ids in proposal.sets:
        assert rules.min_size <= len(ids) <= rules.max_size
        assert all(slot in by_id[i].slots for i in ids)
        assert max(Counter(by_id[i].organisation for i in ids).values()) <= rules.max_per_organisation
        assert not any(in_one_chain(members, a, b) for a in ids for b in ids if a < b)
    assert proposal.breaches == ()
    assert not proposal.unplaced


def assert_nothing_formed(members, proposal):
    assert proposal.sets == ()
    assert set(proposal.unplaced) == {m.id for m in members}
    assert all(reason.strip() for reason in proposal.unplaced.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=pools(), rules=rule_sets)
def test_every_rule_is_kept_or_nothing_is_formed_with_a_reason(members, rules):
    proposal = form_sets(members, rules, work_limit=0.2)
    if proposal.sets:
        assert_keeps_every_rule(members, rules, proposal)
        assert explain(members, rules) == []
    else:
        assert_nothing_formed(members, proposal)
    if explain(members, rules):
        assert proposal.sets == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=pools(), rules=rule_sets, seed=st.integers(0, 1000))
def test_the_same_pool_in_any_order_gives_the_same_sets(members, rules, seed):
    shuffled = random.Random(seed).sample(members, len(members))
    assert form_sets(members, rules, work_limit=0.2) == form_sets(shuffled, rules, work_limit=0.2)
    assert greedy_sets(members, rules) == greedy_sets(shuffled, rules)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=pools(), rules=rule_sets)
def test_the_solver_mixes_at_least_as_well_as_greedy_and_places_whoever_greedy_places(members, rules):
    greedy = greedy_sets(members, rules)
    if greedy.sets:
        assert_keeps_every_rule(members, rules, greedy)
        solved = form_sets(members, rules, work_limit=0.2)
        assert solved.sets
        assert solved.mix_score >= greedy.mix_score
        assert solved.mix_score <= solved.mix_bound
    else:
        assert_nothing_formed(members, greedy)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=pools(least=60, most=120), seed=st.integers(0, 1000))
def test_large_pools_searched_in_neighbourhoods_keep_every_rule(members, seed):
    # Above 48 people the engine searches neighbourhoods of a few sets instead of one model.
    rules = Rules(4, 7, 3)
    proposal = form_sets(members, rules, work_limit=0.2)
    if proposal.sets:
        assert_keeps_every_rule(members, rules, proposal)
        greedy = greedy_sets(members, rules)
        assert proposal.mix_score >= greedy.mix_score
    else:
        assert_nothing_formed(members, proposal)


@settings(max_examples=150, deadline=None)
@given(members=pools(least=1), rules=rule_sets, data=st.data())
def test_check_sets_finds_a_breach_exactly_when_a_rule_is_broken(members, rules, data):
    # Any formation at all, most of them wrong: sets are random and some people may be left out.
    k = data.draw(st.integers(1, 5))
    where = {m.id: data.draw(st.integers(0, k)) for m in members}  # k means "not placed"
    sets = [(data.draw(st.sampled_from(SLOTS)), [i for i, j in where.items() if j == s]) for s in range(k)]
    sets = [(slot, ids) for slot, ids in sets if ids]
    by_id = {m.id: m for m in members}
    broken = (
        any(j == k for j in where.values())
        or any(not rules.min_size <= len(ids) <= rules.max_size for _, ids in sets)
        or any(slot not in by_id[i].slots for slot, ids in sets for i in ids)
        or any(
            max(Counter(by_id[i].organisation for i in ids).values()) > rules.max_per_organisation
            for _, ids in sets
        )
        or any(in_one_chain(members, a, b) for _, ids in sets for a in ids for b in ids if a < b)
    )
    assert bool(check_sets(members, rules, sets)) == broken


def test_weights_change_what_is_mixed():
    # 4 people, one set of 2 and one of 2: ICS pairs (A, A, B, B), sectors (x, y, x, y) aligned so
    # mixing ICSs and mixing sectors pull opposite ways.
    members = [
        Member(1, "A", "x", "O1", "b", None, frozenset({"m"})),
        Member(2, "A", "y", "O2", "b", None, frozenset({"m"})),
        Member(3, "B", "x", "O3", "b", None, frozenset({"m"})),
        Member(4, "B", "y", "O4", "b", None, frozenset({"m"})),
    ]
    by_ics = form_sets(members, Rules(2, 2, 1), Weights(ics=1, sector=0, organisation=0, role_level=0))
    by_sector = form_sets(members, Rules(2, 2, 1), Weights(ics=0, sector=1, organisation=0, role_level=0))
    assert by_ics.sets == (("m", (1, 3)), ("m", (2, 4))) or by_ics.sets == (("m", (1, 4)), ("m", (2, 3)))
    assert by_ics.mix_score == 4 and by_sector.mix_score == 4
    assert all({1, 2} != set(ids) for _, ids in by_ics.sets)
    assert all({1, 3} != set(ids) for _, ids in by_sector.sets)
